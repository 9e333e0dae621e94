"""Search speed: indexing throughput and query latency at 1k, 10k and 100k passages.

Usage: python bench/bench_search.py --store DIR [--sizes 1000,10000,100000] [--ann]

``--store`` is a store whose search index is built and embedded (e.g. the one
``bench/eval_search.py`` makes). Larger sizes are synthesised from its passages: rows are
repeated under distinct document ids, with their tokens and vectors, and written as a real
index generation, so load, BM25, dense and hybrid search run exactly as in use. Latency is
per query (the labelled queries of ``bench/search_queries.json``, each timed ``--repeat``
times after one warm-up pass), query encoding included, the model loaded beforehand (once
per process). ``--ann`` also times usearch's HNSW against
exact search on the synthesised vectors, for the crossover.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.kb import KnowledgeBase
from search.analyzer import passage_tokens
from search.api import Searcher, load_encoder
from search.index import Index
from search.sync import PASSAGE_VERSION, _read_tokens, embedding_text_of, index_dir
from search.writer import GenerationWriter, publish


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"numpy {np.__version__}, load average {os.getloadavg()[0]:.1f} at start"
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def synthesise(source: Index, size: int, root: Path) -> tuple[Index, float]:
    """An index of ``size`` rows made of ``source``'s rows repeated under new document ids."""
    tokens, embedded = _read_tokens(source), source.embedded()
    writer = GenerationWriter(root, PASSAGE_VERSION)
    vectors, rows_done, copy = [], 0, 0
    while rows_done < size:
        for doc in source.docs:
            take = min(doc.stop - doc.first, size - rows_done)
            if take <= 0:
                break
            rows = range(doc.first, doc.first + take)
            info = {
                "id": f"{doc.id[:10]}{copy:06x}",
                "hash": f"{doc.hash}-{copy}",
                "source": doc.source,
                "title": doc.title,
            }
            writer.add_document(info, [source.record(r) for r in rows], [tokens[r] for r in rows])
            vectors.append(np.asarray(source.vectors[doc.first : doc.first + take]))
            rows_done += take
        copy += 1
    started = time.perf_counter()
    writer.write(source.model_id, source.vectors.shape[1], [(np.arange(size), np.concatenate(vectors)[:size])])
    publish(root, writer.path)
    built = time.perf_counter() - started
    assert embedded.all(), "embed the source index completely first"
    return Index.open(root), built


def time_queries(
    searcher: Searcher, queries: list[str], mode: str, k: int = 10, repeat: int = 1
) -> tuple[float, float]:
    for q in queries:  # warm: maps the files, builds the retriever, loads the restorer
        searcher.search(q, k, mode=mode)
    samples = []
    for q in queries * repeat:
        started = time.perf_counter()
        searcher.search(q, k, mode=mode)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def _timed(func, *args) -> float:
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


def embedding_throughput(source: Index, encoder, n: int = 128) -> tuple[float, float]:
    texts = [embedding_text_of(source, r) for r in range(min(n, source.count))]
    started = time.perf_counter()
    encoder.encode_passages(texts)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts) / len(texts)
    return len(texts) / seconds, chars


def analysis_throughput(source: Index, n: int = 2000) -> float:
    records = [source.record(r % source.count) for r in range(n)]
    started = time.perf_counter()
    for rec in records:
        passage_tokens(rec["text"], rec["segmented"])
    return n / (time.perf_counter() - started)


def ann_crossover(vectors: np.ndarray, queries: np.ndarray, sizes: list[int]) -> list[str]:
    """Exact (numpy) vs usearch HNSW (default parameters): build time, p95 latency and
    recall@10 against exact search, on the corpus vectors repeated with noise."""
    from usearch.index import Index as HNSW

    lines = ["| passages | exact p95 ms | HNSW build s | HNSW p95 ms | HNSW recall@10 |", "|---|---|---|---|---|"]
    for size in sizes:
        reps = -(-size // len(vectors))
        # Copies get noise (norm ~0.4) so that they are distinct points, not exact ties.
        noise = np.random.default_rng(0).normal(0, 0.02, (reps * len(vectors), vectors.shape[1]))
        data = (np.tile(vectors, (reps, 1)) + noise)[:size].astype(np.float32)
        data /= np.linalg.norm(data, axis=1, keepdims=True)
        exact, truth = [], []
        for q in queries:
            t = time.perf_counter()
            scores = data @ q
            top = np.argpartition(-scores, 10)[:10]
            exact.append(time.perf_counter() - t)
            truth.append({int(r) for r in top})
        t = time.perf_counter()
        hnsw = HNSW(ndim=data.shape[1], metric="cos", dtype="f32")
        hnsw.add(np.arange(size), data)
        build = time.perf_counter() - t
        approx, hits = [], 0
        for q, want in zip(queries, truth, strict=True):
            t = time.perf_counter()
            found = hnsw.search(q, 10)
            approx.append(time.perf_counter() - t)
            hits += len(want & {int(r) for r in found.keys})
        lines.append(
            f"| {size} | {percentiles(exact)[1]:.2f} | {build:.1f} | {percentiles(approx)[1]:.2f} | "
            f"{hits / (10 * len(queries)):.3f} |"
        )
    return lines


def latency_table(source: Index, encoder, queries: list[str], sizes: list[int], repeat: int) -> list[str]:
    lines = [
        "| passages | index write s | open ms | lexical p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            _, built = synthesise(source, size, Path(tmp) / "index")
            started = time.perf_counter()
            searcher = Searcher(Path(tmp), encoder)
            _ = searcher.index.bm25, searcher.index.vectors
            opened = (time.perf_counter() - started) * 1000
            cells = [time_queries(searcher, queries, mode, repeat=repeat) for mode in ("lexical", "dense", "hybrid")]
        timings = " | ".join(f"{a:.1f} / {b:.1f}" for a, b in cells)
        lines.append(f"| {size} | {built:.1f} | {opened:.0f} | {timings} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--ann", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="times each query is timed")
    parser.add_argument("--ann-sizes", default="10000,100000,300000,1000000")
    args = parser.parse_args()
    print(f"machine: {machine()}\n")
    queries = [q["query"] for q in json.loads((ROOT / "bench" / "search_queries.json").read_text("utf-8"))["queries"]]
    with KnowledgeBase({"KG_STORE": str(args.store)}, read_only=True) as kb:
        source = Index.open(index_dir(kb))
    started = time.perf_counter()
    encoder = load_encoder(source.model_id)
    encoder.encode_queries(["warm up"])
    print(f"model {source.model_id}: loaded in {time.perf_counter() - started:.1f} s (once per process)")
    encode = percentiles([_timed(encoder.encode_queries, [q]) for q in queries])
    print(f"query encoding: p50 {encode[0]:.1f} ms, p95 {encode[1]:.1f} ms")
    rate, chars = embedding_throughput(source, encoder)
    print(f"embedding: {rate:.1f} passages/s (mean {chars:.0f} characters per passage incl. title)")
    print(f"lexical analysis: {analysis_throughput(source):.0f} passages/s\n")
    print("\n".join(latency_table(source, encoder, queries, [int(x) for x in args.sizes.split(",")], args.repeat)))
    if args.ann:
        try:
            import usearch  # noqa: F401  (optional: pip install usearch)
        except ImportError:
            print("\n--ann needs usearch (pip install usearch); skipped")
            return
        vectors = np.asarray(source.vectors)
        qv = encoder.encode_queries(queries)
        print("\n" + "\n".join(ann_crossover(vectors, qv, [int(s) for s in args.ann_sizes.split(",")])))


if __name__ == "__main__":
    main()
