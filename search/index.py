"""The on-disk search index: one directory of generations next to the graph store.

Layout of ``<store>/index``::

    CURRENT                 {"generation": "g000007"}  (replaced atomically)
    g000007/manifest.json   documents (id, content hash, source, title, row range),
                            model id and dimension of the vectors, size of every file
    g000007/passages.jsonl  one passage record per row; offsets.npy: byte offset of each row
    g000007/tokens.jsonl    BM25 tokens per row (to rebuild BM25 without re-analysing)
    g000007/bm25/           the bm25s index (memory-mapped)
    g000007/facets.json     filter key ("doc:…", "entity:…", "type:…", "topic:…") -> rows
    g000007/vectors.npy     float32 (rows, dim), memory-mapped; embedded.npy: row has a vector

A sync writes a whole new generation and then points ``CURRENT`` at it, so a reader sees
either the old index or the new one, never half of each. Vectors are the exception: they
are filled in place, batch by batch, in rows that ``embedded.npy`` (replaced atomically)
still marks as missing, so lexical search covers new documents at once while embedding
goes on, and an interrupted embedding resumes where it stopped. Every file is checked
against the manifest when opened; a damaged one is a :class:`~kg.errors.StoreError` naming
the file and pointing at ``kg reindex``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from kg.errors import StoreError

FORMAT = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"


def corrupted(path: Path, reason: str) -> StoreError:
    return StoreError(f"search index file {path} is damaged ({reason}); run `kg reindex` to rebuild it")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never a mix."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def save_npy_atomic(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, array)
    os.replace(tmp, path)


def read_json(path: Path) -> Any:  # parsed JSON
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise corrupted(path, "file missing") from None
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise corrupted(path, f"unreadable: {str(err)[:60]}") from None


@dataclass(frozen=True)
class DocEntry:
    """One indexed document: identity, display fields and its rows ``[first, stop)``."""

    id: str
    hash: str
    source: str
    title: str
    first: int
    stop: int


def import_bm25s() -> ModuleType:
    """bm25s, with its logger back at WARNING (it sets itself to DEBUG on import)."""
    import logging

    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def read_pointer(root: Path) -> dict | None:
    """``CURRENT``: which generation is current, and its revision (None: no index yet)."""
    pointer = root / CURRENT
    if not pointer.exists():
        return None
    data = read_json(pointer)
    name = data.get("generation") if isinstance(data, dict) else None
    if not isinstance(name, str) or not (root / name).is_dir():
        raise corrupted(pointer, f"points at a missing generation {name!r}")
    return data


def _stamp(path: Path) -> tuple | None:
    # The inode changes at every atomic replace, even within one clock tick.
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


class Index:
    """A read-only view of one generation (what the retrievers search)."""

    def __init__(self, path: Path, version: tuple | None = None):
        self.path = Path(path)
        self.version = version
        self.manifest = read_json(self.path / MANIFEST)
        self._check()
        self.docs = [DocEntry(**d) for d in self.manifest["docs"]]
        self.count = int(self.manifest["count"])
        self._starts = np.array([d.first for d in self.docs], dtype=np.int64)
        self._embedded: tuple | None = None

    @classmethod
    def open(cls, root: Path) -> Index | None:
        """The current generation of the index in ``root`` (None when there is none)."""
        version = cls.open_version(root)
        return cls(Path(root) / version[0], version) if version else None

    @staticmethod
    def open_version(root: Path) -> tuple | None:
        """What identifies the current generation and revision, read cheaply: a reader
        reopens when it changes (new generation, or vectors added to the current one)."""
        data = read_pointer(Path(root))
        return (data["generation"], data.get("revision")) if data else None

    def _check(self) -> None:
        m = self.manifest
        if not isinstance(m, dict) or m.get("format") != FORMAT:
            raise corrupted(self.path / MANIFEST, "unknown format")
        for name, size in m.get("files", {}).items():
            path = self.path / name
            if not path.exists():
                raise corrupted(path, "file missing")
            if path.is_file() and path.stat().st_size != size:
                raise corrupted(path, f"{path.stat().st_size} bytes, expected {size}")

    # -- identity -----------------------------------------------------------------
    @property
    def model_id(self) -> str | None:
        return self.manifest.get("model_id")

    def _embedded_stat(self) -> tuple | None:
        return _stamp(self.path / "embedded.npy")

    # -- rows ---------------------------------------------------------------------
    def doc_of(self, row: int) -> DocEntry:
        return self.docs[int(np.searchsorted(self._starts, row, side="right")) - 1]

    def passage_id(self, row: int) -> str:
        doc = self.doc_of(row)
        return f"{doc.id}:{row - doc.first}"

    @cached_property
    def _offsets(self) -> np.ndarray:
        return self._load_npy("offsets.npy", (self.count + 1,))

    def record(self, row: int) -> dict:
        """The stored passage record of a row (text, offsets, entities, ...)."""
        path = self.path / "passages.jsonl"
        start, stop = int(self._offsets[row]), int(self._offsets[row + 1])
        try:
            with open(path, "rb") as fh:
                fh.seek(start)
                return json.loads(fh.read(stop - start))
        except (OSError, ValueError) as err:
            raise corrupted(path, f"row {row} unreadable: {str(err)[:60]}") from None

    def records(self) -> list[dict]:
        """Every passage record, in row order (one sequential read, for syncs)."""
        path = self.path / "passages.jsonl"
        try:
            rows = [json.loads(line) for line in path.read_bytes().splitlines()]
        except (OSError, ValueError) as err:
            raise corrupted(path, f"unreadable: {str(err)[:60]}") from None
        if len(rows) != self.count:
            raise corrupted(path, f"{len(rows)} rows, expected {self.count}")
        return rows

    @cached_property
    def facets(self) -> dict[str, list[int]]:
        return read_json(self.path / "facets.json")

    # -- lexical and dense parts --------------------------------------------------
    @cached_property
    def bm25(self) -> Any:  # a bm25s.BM25 (bm25s is untyped)
        bm25s = import_bm25s()
        path = self.path / "bm25"
        try:
            return bm25s.BM25.load(str(path), mmap=True, show_progress=False)
        except (OSError, ValueError, KeyError, TypeError, EOFError) as err:
            raise corrupted(path, f"unreadable: {str(err)[:60]}") from None

    @property
    def has_vectors(self) -> bool:
        return bool(self.model_id) and (self.path / "vectors.npy").exists()

    @cached_property
    def vectors(self) -> np.ndarray:
        return self._load_npy("vectors.npy", (self.count, int(self.manifest["dim"])), mmap=True)

    def embedded(self) -> np.ndarray:
        """Which rows have a vector (re-read when it changed: embedding fills rows in place)."""
        stamp = self._embedded_stat()
        if stamp is None:
            return np.zeros(self.count, dtype=bool)
        if self._embedded is None or self._embedded[0] != stamp:
            self._embedded = (stamp, self._load_npy("embedded.npy", (self.count,)))
        return self._embedded[1]

    def _load_npy(self, name: str, shape: tuple, mmap: bool = False) -> np.ndarray:
        path = self.path / name
        try:
            array = np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
        except (OSError, ValueError, EOFError) as err:
            raise corrupted(path, f"unreadable: {str(err)[:60]}") from None
        if array.shape != shape:
            raise corrupted(path, f"shape {array.shape}, expected {shape}")
        return array
