"""Approximate nearest neighbours (usearch HNSW) for dense search past a few hundred thousand passages.

Exact search reads every vector for every query: about 67 ms at 1M passages on 2 cores,
growing linearly. Above ``KG_ANN_MIN`` embedded vectors (default 200,000; 0 = always, a
huge value = never) :class:`DenseRetriever` asks the HNSW graph for candidates instead and
re-scores them exactly against ``vectors.npy``, so every score it returns is the true dot
product and only recall can differ from exact search (``bench/bench_ann.py`` measures it).

Where it lives, and why not in a generation. A generation is rewritten whenever a document
comes or goes; rebuilding (or copying) a 1M-vector graph each time would cost minutes. So
the graph lives once in the index root, beside the generations::

    <store>/index/ann.json              which file is current, its size, model, parameters
    <store>/index/ann-000004.usearch    the HNSW graph (vectors stored as bf16)
    <store>/index/ann-000004.keys.npy   its keys, sorted

and its keys are not row numbers (which shift when a generation drops a document) but a
hash of each passage's identity (passage version, document id and content hash, number
in the document, :func:`passage_keys`). Any generation maps the graph's keys back to its
own rows: keys of removed documents map to nothing and are dropped at query time; rows the
graph does not hold yet (embedded since its last update) are searched exactly beside it.

Guarantees. A new graph is written under a new name and ``ann.json`` is then replaced
atomically, so a crash leaves the old graph or the new one. On open, the model id, the
dimension, the file size, a sampled checksum and the key count are checked against
``ann.json``; anything wrong (or missing) means exact search, with one warning in the log,
and the next sync rebuilds the graph. A filter (or an embedding run in progress) is
handled by over-fetching in proportion to the rows it allows; when too few allowed rows
come back, or the filter is so narrow that scoring its rows directly is cheaper, the rows
are scored exactly, so a filter never loses results.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import time
import zlib
from dataclasses import asdict, dataclass
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .index import Index, save_npy_atomic, write_atomic
from .retrievers import Scored, top_k

if TYPE_CHECKING:
    from usearch.index import Index as HNSW

log = logging.getLogger(__name__)

FORMAT = 1
META = "ann.json"
KEY_MASK = (1 << 63) - 1  # usearch reserves the all-ones key
OVERSAMPLE = 2  # candidates re-scored exactly per result wanted
MAX_FETCH = 4096  # more candidates than this: score the allowed rows exactly instead
PENDING_MAX = 2000  # rows left out of the graph (searched exactly) before a sync adds them
UNCOVERED_MAX = 50_000  # rows outside the graph past which a query goes fully exact
REBUILD_SHARE = 0.3  # share of dead keys in the graph past which a sync rebuilds it
CHUNK = 65_536  # vectors read from vectors.npy per add


@dataclass(frozen=True)
class AnnParams:
    """HNSW parameters. ``bench/bench_ann.py`` at 1M vectors, connectivity 16: a beam
    (``expansion_search``) of 128 gave recall@10 0.994 on e5-shaped vectors but 0.941 on
    an isotropic mixture; 256 gave 0.998 and 0.981 for 0.2–0.3 ms more (p95 1.4–1.6 ms)."""

    connectivity: int = 16
    expansion_add: int = 128
    expansion_search: int = 256
    dtype: str = "bf16"  # candidates are re-scored in float32, so storage precision matters little

    def make(self, dim: int) -> HNSW:
        from usearch.index import Index as HNSW

        return HNSW(
            ndim=dim,
            metric="ip",
            dtype=self.dtype,
            connectivity=self.connectivity,
            expansion_add=self.expansion_add,
            expansion_search=self.expansion_search,
        )


DEFAULT_PARAMS = AnnParams()


@dataclass(frozen=True)
class AnnReport:
    """What :func:`update_ann` did (``action``: built, updated, unchanged, skipped, failed)."""

    action: str
    size: int = 0
    added: int = 0
    removed: int = 0
    seconds: float = 0.0
    reason: str = ""


# -- keys ---------------------------------------------------------------------------------


def passage_keys(index: Index) -> np.ndarray:
    """One uint64 key per row, the same in every generation for the same passage."""
    version = str(index.manifest.get("passage_version", ""))
    keys = np.empty(index.count, dtype=np.uint64)
    for doc in index.docs:
        digest = blake2b(f"{version}\0{doc.id}\0{doc.hash}".encode(), digest_size=8).digest()
        base = np.uint64(int.from_bytes(digest, "little") & KEY_MASK)
        keys[doc.first : doc.stop] = (base + np.arange(doc.stop - doc.first, dtype=np.uint64)) & np.uint64(KEY_MASK)
    return keys


@dataclass(frozen=True)
class KeyMap:
    """Graph keys → rows of one generation, and which rows the graph holds."""

    order: np.ndarray  # rows sorted by key
    sorted_keys: np.ndarray
    covered: np.ndarray  # bool per row: its key is in the graph and unique in the generation

    @classmethod
    def build(cls, row_keys: np.ndarray, graph_keys: np.ndarray) -> KeyMap:
        order = np.argsort(row_keys, kind="stable")
        covered = _unique_rows(row_keys) & _member(row_keys, graph_keys)
        return cls(order, row_keys[order], covered)

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """Rows of ``keys`` (-1 where a key is not a covered row of this generation)."""
        if not len(self.sorted_keys):
            return np.full(len(keys), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.sorted_keys, keys), len(self.sorted_keys) - 1)
        rows = self.order[pos].astype(np.int64)
        ok = (self.sorted_keys[pos] == keys) & self.covered[rows]
        return np.where(ok, rows, -1)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[pos] == values


# -- searching ----------------------------------------------------------------------------


def exact_among(vectors: np.ndarray, vector: np.ndarray, rows: np.ndarray, limit: int) -> Scored:
    """The ``limit`` best of ``rows`` by exact dot product (rows read in order, for the mmap)."""
    rows = np.sort(np.asarray(rows, dtype=np.int64))
    if not len(rows):
        return []
    scores = np.asarray(vectors[rows] @ vector, dtype=np.float32)
    return [(int(rows[i]), s) for i, s in top_k(scores, limit)]


def approximate_rows(
    graph: HNSW,
    keymap: KeyMap,
    vectors: np.ndarray,
    vector: np.ndarray,
    limit: int,
    allowed: np.ndarray,
    expansion: int = 0,
) -> Scored | None:
    """The ``limit`` best allowed rows: graph candidates and rows outside the graph,
    re-scored exactly. None when exact search over every row is the better answer.

    ``expansion``: the search beam (HNSW's ef), raised to the candidates wanted (usearch
    does not widen it by itself, so a beam narrower than the fetch would cap recall)."""
    n_allowed = int(np.count_nonzero(allowed))
    if n_allowed == 0 or limit <= 0:
        return []
    uncovered = allowed & ~keymap.covered
    n_uncovered = int(np.count_nonzero(uncovered))
    in_graph = n_allowed - n_uncovered
    if n_uncovered > UNCOVERED_MAX:
        return None
    share = in_graph / max(len(graph), 1)
    fetch = math.ceil(limit * OVERSAMPLE / share) if in_graph else 0
    if fetch > MAX_FETCH or in_graph <= limit * OVERSAMPLE:
        return _exact_allowed(vectors, vector, allowed, n_allowed, limit)  # too narrow for the graph
    graph.expansion_search = max(expansion, fetch)  # type: ignore[misc]  # settable; the stub says read-only
    found = graph.search(vector, fetch, threads=1)
    rows = keymap.rows(np.asarray(found.keys, dtype=np.uint64))
    rows = rows[rows >= 0]
    rows = rows[allowed[rows]]
    if len(rows) < min(limit, in_graph):  # the filter hid too many candidates
        return _exact_allowed(vectors, vector, allowed, n_allowed, limit)
    candidates = np.union1d(rows, np.flatnonzero(uncovered))
    return exact_among(vectors, vector, candidates, limit)


def _exact_allowed(
    vectors: np.ndarray, vector: np.ndarray, allowed: np.ndarray, n_allowed: int, limit: int
) -> Scored | None:
    """Exact search over the allowed rows when they are few enough to gather (cheaper than
    every row); None (exact search over every row) otherwise."""
    if n_allowed > UNCOVERED_MAX:
        return None
    return exact_among(vectors, vector, np.flatnonzero(allowed), limit)


class ApproximateSearch:
    """The graph of one index root as seen from one generation (what DenseRetriever asks).

    Reopened when ``ann.json`` changes; searches are serialised (a usearch index is not
    meant to be searched from several threads at once, and a search takes about a
    millisecond).
    """

    def __init__(self, index: Index, min_size: int, params: AnnParams = DEFAULT_PARAMS):
        self.index, self.min_size, self.params = index, int(min_size), params
        self.root = index.path.parent
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._state: tuple | None = None  # (graph, keymap)

    def search(self, vector: np.ndarray, limit: int, allowed: np.ndarray) -> Scored | None:
        """Like :func:`approximate_rows`; None below ``KG_ANN_MIN`` or without a sound graph."""
        if int(np.count_nonzero(self.index.embedded())) < self.min_size:
            return None
        with self._lock:
            state = self._current()
            if state is None:
                return None
            graph, keymap = state
            return approximate_rows(
                graph, keymap, self.index.vectors, vector, limit, allowed, self.params.expansion_search
            )

    def _current(self) -> tuple | None:
        stamp = _stamp(self.root / META)
        if stamp != self._stamp:
            self._stamp, self._state = stamp, None
            if stamp is not None:
                self._state = self._open()
        return self._state

    def _open(self) -> tuple | None:
        meta = read_meta(self.root, self.index)
        if meta is None:
            return None
        opened = open_graph(self.root, meta, view=True)
        if opened is None:
            return None
        graph, keys = opened
        return graph, _keymap(self.index, (meta["file"], meta["checksum"]), keys)


_KEYMAPS: dict[tuple, KeyMap] = {}  # (generation, graph) -> KeyMap; the last two
_KEYMAPS_LOCK = threading.Lock()


def _keymap(index: Index, graph: tuple, graph_keys: np.ndarray) -> KeyMap:
    """The key map of a generation and a graph, built once per process: a reader reopens
    the generation at every embedding checkpoint, and at 1M rows the map takes a second."""
    key = (str(index.path), index.count, _stamp(index.path / "manifest.json"), graph)
    with _KEYMAPS_LOCK:
        if key not in _KEYMAPS:
            while len(_KEYMAPS) >= 2:
                _KEYMAPS.pop(next(iter(_KEYMAPS)))
            _KEYMAPS[key] = KeyMap.build(passage_keys(index), graph_keys)
        return _KEYMAPS[key]


# -- files --------------------------------------------------------------------------------


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def sampled_checksum(path: Path, blocks: int = 64, block: int = 4096) -> int:
    """crc32 of the first MiB and of ``blocks`` evenly spaced blocks: catches a truncated or
    overwritten file without reading a gigabyte at every open."""
    size = path.stat().st_size
    crc = 0
    with open(path, "rb") as fh:
        crc = zlib.crc32(fh.read(1 << 20), crc)
        for i in range(blocks):
            fh.seek(size * i // blocks)
            crc = zlib.crc32(fh.read(block), crc)
    return crc


def read_meta(root: Path, index: Index) -> dict | None:
    """``ann.json`` when it describes a graph of ``index``'s vectors (model and dimension)."""
    try:
        meta = json.loads((root / META).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        _ignored(root / META, f"unreadable: {str(err)[:60]}")
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        _ignored(root / META, "unknown format")
        return None
    if meta.get("model_id") != index.model_id or meta.get("dim") != index.manifest.get("dim"):
        return None  # stale (vectors of another model): the next sync rebuilds it
    return meta


def open_graph(root: Path, meta: dict, view: bool) -> tuple | None:
    """(graph, sorted keys) after checking them against ``meta``; None (logged) if damaged."""
    from usearch.index import Index as HNSW

    path, keys_path = root / str(meta.get("file")), root / str(meta.get("keys"))
    try:
        if path.stat().st_size != meta["bytes"]:
            _ignored(path, f"{path.stat().st_size} bytes, expected {meta['bytes']}")
            return None
        if sampled_checksum(path) != meta["checksum"]:
            _ignored(path, "checksum differs")
            return None
        keys = np.load(keys_path, allow_pickle=False)
        graph = HNSW.restore(str(path), view=view)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as err:
        _ignored(path, f"unreadable: {str(err)[:60]}")
        return None
    if graph is None or len(graph) != meta["size"] or len(keys) != meta["size"] or graph.ndim != meta["dim"]:
        _ignored(path, "size or dimension differs from ann.json")
        return None
    return graph, keys


def _ignored(path: Path, reason: str) -> None:
    log.warning(
        "approximate index %s ignored (%s): exact search is used; the next sync (or `kg reindex`) rebuilds it",
        path,
        reason,
    )


# -- writing ------------------------------------------------------------------------------


def update_ann(
    index: Index,
    min_size: int,
    rebuild: bool = False,
    params: AnnParams = DEFAULT_PARAMS,
    pending_max: int = PENDING_MAX,
) -> AnnReport:
    """Bring the graph of ``index``'s root up to date with its embedded rows.

    Called by the sync (under the index lock) after embedding. Below ``min_size`` embedded
    rows nothing is done. Otherwise the graph is built when missing, stale or damaged (or
    ``rebuild``), rebuilt when more than :data:`REBUILD_SHARE` of it belongs to removed
    passages, and else updated in place of a copy: keys of removed passages removed, new
    rows added, once more than ``pending_max`` of either are waiting (fewer are searched
    exactly beside the graph). A failure is logged and leaves exact search in charge.
    """
    started = time.perf_counter()
    embedded = index.embedded() if index.has_vectors else np.zeros(index.count, dtype=bool)
    if int(np.count_nonzero(embedded)) < max(min_size, 1):
        return AnnReport("skipped", reason=f"{int(embedded.sum())} vectors, below KG_ANN_MIN={min_size}")
    try:
        report = _update(index, embedded, rebuild, params, pending_max)
    except (OSError, RuntimeError, ValueError, MemoryError) as err:
        log.warning("approximate index not updated (%s): exact search is used", str(err)[:120])
        return AnnReport("failed", reason=str(err)[:120])
    return AnnReport(**{**asdict(report), "seconds": time.perf_counter() - started})


def _update(index: Index, embedded: np.ndarray, rebuild: bool, params: AnnParams, pending_max: int) -> AnnReport:
    root = index.path.parent
    row_keys = passage_keys(index)
    wanted = embedded & _unique_rows(row_keys)
    meta = None if rebuild else read_meta(root, index)

    def built() -> AnnReport:  # a new graph of every wanted row (first build, or too much removed)
        return _write(
            index,
            root,
            params,
            params.make(index.vectors.shape[1]),
            np.flatnonzero(wanted),
            row_keys,
            np.empty(0, dtype=np.uint64),
            "built",
        )

    opened = open_graph(root, meta, view=False) if meta is not None and _same_build(meta, params) else None
    if opened is None:
        return built()
    graph, keys = opened
    dead = keys[~_member(keys, np.sort(row_keys[wanted]))]
    new_rows = np.flatnonzero(wanted & ~_member(row_keys, keys))
    if len(dead) > REBUILD_SHARE * len(keys):
        return built()
    if len(dead) <= pending_max and len(new_rows) <= pending_max:
        return AnnReport("unchanged", size=len(keys))
    if len(dead):
        graph.remove(dead)
    keys = np.sort(keys[~_member(keys, np.sort(dead))]) if len(dead) else keys
    return _write(index, root, params, graph, new_rows, row_keys, keys, "updated", removed=len(dead))


def _same_build(meta: dict, params: AnnParams) -> bool:
    """Built with the same graph parameters (the search beam can change without a rebuild)."""
    built, wanted = dict(meta.get("params") or {}), asdict(params)
    built.pop("expansion_search", None), wanted.pop("expansion_search")
    return built == wanted


def _unique_rows(row_keys: np.ndarray) -> np.ndarray:
    """Rows whose key no other row shares (a hash collision is never trusted: both rows
    stay outside the graph and are searched exactly)."""
    order = np.argsort(row_keys, kind="stable")
    dup = np.flatnonzero(row_keys[order][1:] == row_keys[order][:-1])
    unique = np.ones(len(row_keys), dtype=bool)
    unique[order[dup]] = unique[order[dup + 1]] = False
    return unique


def _write(
    index: Index,
    root: Path,
    params: AnnParams,
    graph: HNSW,
    rows: np.ndarray,
    row_keys: np.ndarray,
    old_keys: np.ndarray,
    action: str,
    removed: int = 0,
) -> AnnReport:
    """Add ``rows`` to ``graph``, save it under a new name, then switch ``ann.json`` to it."""
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        graph.add(row_keys[part], np.ascontiguousarray(index.vectors[part], dtype=np.float32))
    keys = np.sort(np.concatenate([old_keys, row_keys[rows]]))
    name = _next_name(root)
    path, keys_path = root / f"{name}.usearch", root / f"{name}.keys.npy"
    tmp = root / f"{name}.usearch.tmp"
    graph.save(str(tmp))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    save_npy_atomic(keys_path, keys)
    meta = {
        "format": FORMAT,
        "file": path.name,
        "keys": keys_path.name,
        "bytes": path.stat().st_size,
        "checksum": sampled_checksum(path),
        "size": len(keys),
        "model_id": index.model_id,
        "dim": index.manifest.get("dim"),
        "params": asdict(params),
    }
    write_atomic(root / META, json.dumps(meta).encode())
    _drop_old(root, name)
    return AnnReport(action, size=len(keys), added=len(rows), removed=removed)


def _next_name(root: Path) -> str:
    numbers = [int(p.name[4:10]) for p in root.glob("ann-[0-9]*.usearch") if p.name[4:10].isdigit()]
    return f"ann-{max(numbers, default=0) + 1:06d}"


def _drop_old(root: Path, keep: str) -> None:
    """Remove earlier graphs (a reader that mapped one keeps its pages until it lets go)."""
    for path in root.glob("ann-*"):
        if not path.name.startswith(keep + "."):
            path.unlink(missing_ok=True)
