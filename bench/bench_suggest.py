"""Latency of the search workbench: ``/api/suggest``, and what facets and diversity add to a search.

Usage: KG_STORE=/tmp/full python bench/bench_suggest.py [--store DIR] [--queries 600] [--repeat 5]
       [--search] [--json OUT]

Opens the store read-only through the app (``web.create_app``, Flask's test client: routing,
validation and JSON included, no network) and times:

* the first ``/api/suggest`` (it builds the suggestion index of the store generation, after the
  read layer's entity index, which ``kg serve`` warms at start-up and is timed apart);
* then ``--queries`` suggestions as people type them: prefixes (1 to all characters, cut at
  random points) of entity and topic names drawn with a fixed seed, half with their diacritics
  and half without, p50 / p95 / max of the whole request and of the index lookup alone, and of
  the lookup's best of ``--repeat`` runs per query (what it costs when the machine's other
  work does not interrupt it: the two cores are shared);
* with ``--search``, each query of ``bench/search_queries.json`` searched the old way (the
  searcher's best ``k`` = 10) and the workbench's way (the best 100 retrieved, facets counted,
  at most 2 per document: :func:`web.facets.run_search`), alternately, so both see the same
  machine state; the ratio is the cost of facets and diversity. Hybrid search loads the
  embedding model once first (not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.text import strip_accents

QUERIES = ROOT / "bench" / "search_queries.json"


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(at(0.95), 2),
        "max_ms": round(ordered[-1], 2),
    }


def typed_prefixes(names: list[str], count: int, seed: int = 16) -> list[str]:
    """What people type on the way to a name: a random cut of it, accents kept or dropped."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        name = rng.choice(names)
        cut = name[: rng.randint(1, len(name))].rstrip() or name[:1]
        out.append(strip_accents(cut) if i % 2 else cut)
    return out


def bench_suggest(app, count: int, repeat: int) -> dict:
    from kg.read import reader
    from web.state import get_kb
    from web.suggest import suggest_index

    client = app.test_client()
    with app.app_context():
        kb = get_kb()
        start = time.perf_counter()
        reader(kb).entities()
        entities_s = time.perf_counter() - start
    start = time.perf_counter()
    first = client.get("/api/suggest", query_string={"q": "ha"})
    build_s = time.perf_counter() - start
    assert first.status_code == 200, first.json
    with app.app_context():
        index = suggest_index(get_kb())
    names = [n.text for n in index.names]
    queries = typed_prefixes(names, count)
    request_ms, lookup_ms, best_ms, empty = [], [], [], 0
    for q in queries:
        start = time.perf_counter()
        response = client.get("/api/suggest", query_string={"q": q})
        request_ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (q, response.json)
        empty += not response.json["suggestions"]
        runs = []
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            index.search(q)
            runs.append((time.perf_counter() - start) * 1000)
        lookup_ms.append(runs[0])
        best_ms.append(min(runs))
    return {
        "entries": len(index),
        "names": len(names),
        "entity_index_s": round(entities_s, 2),
        "first_request_s": round(build_s, 2),
        "queries": len(queries),
        "without_suggestion": empty,
        "request": percentiles(request_ms),
        "lookup": percentiles(lookup_ms),
        f"lookup_best_of_{max(1, repeat)}": percentiles(best_ms),
    }


def bench_search(app, mode: str) -> dict:
    from web.facets import run_search, search_filters
    from web.state import get_kb, get_searcher

    queries = [q["query"] for q in json.loads(QUERIES.read_text("utf-8"))["queries"]]
    with app.test_request_context():
        kb, searcher = get_kb(), get_searcher()
        filters = search_filters(kb, {})
        searcher.search(queries[0], k=10, mode=mode)  # model and index loaded, untimed
        run_search(kb, searcher, queries[0], 10, filters, mode=mode)
        plain, workbench = [], []
        for q in queries:
            start = time.perf_counter()
            searcher.search(q, k=10, filters=filters, mode=mode)
            plain.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            run_search(kb, searcher, q, 10, filters, mode=mode)
            workbench.append((time.perf_counter() - start) * 1000)
    ratio = statistics.median(workbench) / statistics.median(plain)
    return {
        "mode": mode,
        "top_10": percentiles(plain),
        "pool_100_facets_diversity": percentiles(workbench),
        "median_ratio": round(ratio, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("KG_STORE"), help="store directory (read only)")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5, help="lookups per query for the best-of figure")
    parser.add_argument("--search", action="store_true", help="also time search with and without facets")
    parser.add_argument("--json", dest="out")
    args = parser.parse_args()
    if not args.store:
        parser.error("give --store DIR or KG_STORE")
    from web import create_app

    meta = json.loads((Path(args.store) / "meta.json").read_text("utf-8"))
    app = create_app(
        {"TESTING": True, "KG_STORE": args.store, "KG_BASE_IRI": meta.get("base_iri", "http://127.0.0.1:5000/")}
    )
    report = {"store": args.store, "load": os.getloadavg(), "suggest": bench_suggest(app, args.queries, args.repeat)}
    if args.search:
        report["search"] = [bench_search(app, mode) for mode in ("lexical", "hybrid")]
    report["load_after"] = os.getloadavg()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
