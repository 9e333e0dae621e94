"""Latency of the timeline, the entity graph's data and the named document list (issue 16, items 5 and 6).

Usage: KG_STORE=/tmp/full python bench/bench_timeline.py [--runs 15] [--reads 3] [--json]

Opens the store read-only (nothing is written), then in this one process:

1. builds the read layer (:func:`kg.read.reader`, which every page shares and ``kg serve``
   warms at start-up), then reads the whole store's timeline ``--reads`` times
   (:func:`web.timeline._entries` with the named documents: the cost paid once per store
   generation, by the first whole-store timeline after a change);
2. through the Flask test client (no network), after one warm-up request each, times every
   request of :data:`REQUESTS` ``--runs`` times, in turns (one of each, then again), so a
   machine getting busier slows every request alike.

Printed: entries read, median and 90th percentile per request in ms, bytes returned, and each
request's median as a ratio of ``/api/documents`` measured in the same run. Run it under
``flock /tmp/vnkg-bench.lock`` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.kb import KnowledgeBase
from kg.read import reader
from web import create_app
from web.documents import document_list
from web.timeline import _entries

REQUESTS = (  # name, URL (the entities are the corpus's: Hà Nội, Đà Nẵng, Sông Công)
    ("documents JSON (names)", "/api/documents"),
    ("timeline JSON, whole store", "/api/timeline"),
    ("timeline page, whole store, page 1", "/timeline"),
    ("timeline JSON, one year", "/api/timeline?year=2023"),
    ("timeline JSON, Hà Nội", "/api/timeline?entity=province/01"),
    ("timeline JSON, Đà Nẵng", "/api/timeline?entity=province/48"),
    ("timeline page, Đà Nẵng", "/timeline?entity=province/48"),
    ("graph JSON, Đà Nẵng (51 nodes)", "/entity/province/48?format=graph"),
    ("graph JSON, Đà Nẵng depth 2 (150 nodes)", "/entity/province/48?format=graph&depth=2"),
    ("entity page, Đà Nẵng (graph inside)", "/entity/province/48"),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_reads(store: str, reads: int) -> tuple[int, float, list[float]]:
    """Entries read, seconds to build the read layer (built first and apart), seconds of each
    read of the whole store's timeline (named documents included)."""
    seconds = []
    with KnowledgeBase({"KG_STORE": store}, read_only=True) as kb:
        start = time.perf_counter()
        reader(kb).warm()
        reader(kb).entities()
        built = time.perf_counter() - start
        count = 0
        for _ in range(reads):
            start = time.perf_counter()
            names = {d["doc_id"]: d for d in document_list(kb)}
            count = len(_entries(kb, None, names))
            seconds.append(time.perf_counter() - start)
    return count, built, seconds


def time_requests(store: str, runs: int) -> list[dict]:
    app = create_app({"TESTING": True, "KG_STORE": store, "KG_TOPIC_EMBEDDINGS": False})
    client = app.test_client()
    sizes = {}
    for _, url in REQUESTS:  # warm-up: read layer, per-generation caches
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
        sizes[url] = len(response.get_data())
    times: dict[str, list[float]] = {url: [] for _, url in REQUESTS}
    for _ in range(runs):
        for _, url in REQUESTS:
            start = time.perf_counter()
            client.get(url)
            times[url].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times[REQUESTS[0][1]])
    return [
        {
            "name": name,
            "url": url,
            "median_ms": round(statistics.median(times[url]), 1),
            "p90_ms": round(percentile(times[url], 0.9), 1),
            "bytes": sizes[url],
            "ratio": round(statistics.median(times[url]) / base, 2),
        }
        for name, url in REQUESTS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reads", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    store = os.environ.get("KG_STORE")
    if not store:
        sys.exit("set KG_STORE to a store (e.g. /tmp/full); it is opened read-only")
    count, built, reads = time_reads(store, args.reads)
    rows = time_requests(store, args.runs)
    load = os.getloadavg()[0]
    if args.json:
        print(
            json.dumps(
                {
                    "entries": count,
                    "read_layer_s": round(built, 2),
                    "timeline_read_s": [round(s, 2) for s in reads],
                    "load": load,
                    "requests": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print(
        f"read layer built in {built:.1f} s; whole-store timeline: {count} entries, read in "
        f"{', '.join(f'{s:.2f}' for s in reads)} s; load average {load:.1f}"
    )
    print(f"{'request':44} {'median ms':>10} {'p90 ms':>8} {'bytes':>9} {'x documents':>12}")
    for row in rows:
        print(f"{row['name']:44} {row['median_ms']:>10} {row['p90_ms']:>8} {row['bytes']:>9} {row['ratio']:>12}")


if __name__ == "__main__":
    main()
