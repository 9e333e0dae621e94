"""Writing index generations (see :mod:`search.index` for the layout and its guarantees)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np

from kg.text import fold

from .index import (
    CURRENT,
    FORMAT,
    MANIFEST,
    DocEntry,
    import_bm25s,
    save_npy_atomic,
    write_atomic,
)


def next_generation(root: Path) -> Path:
    numbers = [int(p.name[1:]) for p in root.glob("g[0-9]*") if p.name[1:].isdigit()]
    path = root / f"g{max(numbers, default=0) + 1:06d}"
    path.mkdir(parents=True)
    return path


def facets_of(records: list[dict]) -> dict[str, list[int]]:
    """Filter key -> rows: entities, entity types and statement kinds, topics."""
    facets: dict[str, set[int]] = {}
    for row, rec in enumerate(records):
        keys = [f"entity:{iri}" for iri, _, _ in rec["entities"]]
        keys += [f"label:{fold(label)}" for _, label, _ in rec["entities"]]
        keys += [f"type:{kind}" for _, _, kind in rec["entities"] if kind]
        keys += [f"type:{kind}" for kind in rec["kinds"]]
        keys += [f"topic:{topic}" for topic in rec["topics"]]
        for key in keys:
            facets.setdefault(key, set()).add(row)
    return {key: sorted(rows) for key, rows in sorted(facets.items())}


class GenerationWriter:
    """Builds one generation directory; :meth:`publish` makes it the current one."""

    def __init__(self, root: Path, passage_version: str):
        self.root = Path(root)
        self.path = next_generation(self.root)
        self.passage_version = passage_version
        self.docs: list[DocEntry] = []
        self.records: list[dict] = []
        self.tokens: list[list[str]] = []

    def add_document(self, info: dict, records: list[dict], tokens: list[list[str]]) -> None:
        """Append one document's rows (``info``: id, hash, source, title)."""
        first = len(self.records)
        self.records += records
        self.tokens += tokens
        self.docs.append(DocEntry(first=first, stop=len(self.records), **info))

    def write(self, model_id: str | None, dim: int | None, old_vectors: Iterable = ()) -> Path:
        """Write every file and the manifest.

        Args:
            model_id, dim: the vectors' model, kept from the previous generation (None when
                there are no vectors yet).
            old_vectors: ``(new_row, vector)`` pairs carried over from the previous generation.
        """
        count = len(self.records)
        self._write_passages()
        (self.path / "tokens.jsonl").write_text(
            "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in self.tokens), "utf-8"
        )
        (self.path / "facets.json").write_text(json.dumps(facets_of(self.records), ensure_ascii=False), "utf-8")
        self._write_bm25()
        if model_id and dim:
            self._write_vectors(count, dim, old_vectors)
        self.write_manifest(model_id if dim else None, dim)
        return self.path

    def _write_passages(self) -> None:
        offsets = np.zeros(len(self.records) + 1, dtype=np.int64)
        with open(self.path / "passages.jsonl", "wb") as fh:
            for row, rec in enumerate(self.records):
                fh.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
                offsets[row + 1] = fh.tell()
        np.save(self.path / "offsets.npy", offsets)

    def _write_bm25(self) -> None:
        bm25s = import_bm25s()
        retriever = bm25s.BM25()
        # bm25s cannot build an empty index: give it one placeholder row, never searched
        # (readers see count == 0 and return nothing).
        retriever.index(self.tokens or [["\x00"]], show_progress=False)
        retriever.save(str(self.path / "bm25"), show_progress=False)

    def _write_vectors(self, count: int, dim: int, old_vectors: Iterable) -> None:
        vectors = np.lib.format.open_memmap(self.path / "vectors.npy", mode="w+", dtype=np.float32, shape=(count, dim))
        embedded = np.zeros(count, dtype=bool)
        for rows, block in old_vectors:
            vectors[rows] = block
            embedded[rows] = True
        vectors.flush()
        del vectors
        save_npy_atomic(self.path / "embedded.npy", embedded)

    def write_manifest(self, model_id: str | None, dim: int | None) -> None:
        write_manifest(
            self.path,
            {
                "format": FORMAT,
                "passage_version": self.passage_version,
                "count": len(self.records),
                "model_id": model_id,
                "dim": dim,
                "docs": [asdict(d) for d in self.docs],
            },
        )

    def publish(self) -> None:
        publish(self.root, self.path)


def write_manifest(gen: Path, manifest: dict) -> None:
    """(Re)write a generation's manifest with the current size of each of its files."""
    files = {}
    for path in sorted(gen.rglob("*")):
        name = path.relative_to(gen).as_posix()
        if path.is_file() and name != MANIFEST and name != "embedded.npy" and not name.endswith(".tmp"):
            files[name] = path.stat().st_size
    manifest = {**manifest, "files": files}
    write_atomic(gen / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))


def publish(root: Path, gen: Path) -> None:
    """Point ``CURRENT`` at ``gen`` with a new revision (readers reopen when it changes),
    then drop every generation but it and the one before."""
    try:
        current = json.loads((root / CURRENT).read_text("utf-8"))
        previous, revision = current.get("generation"), int(current.get("revision", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        previous, revision = None, 0
    pointer = {"generation": gen.name, "revision": revision + 1}
    write_atomic(root / CURRENT, json.dumps(pointer).encode())
    for old in root.glob("g[0-9]*"):
        if old.is_dir() and old.name not in (gen.name, previous):
            shutil.rmtree(old, ignore_errors=True)
