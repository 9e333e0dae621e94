"""Latency of the figures table, its JSON, its chart and its CSV (issue 16, item 3).

Usage: KG_STORE=/tmp/full python bench/bench_figures.py [--runs 20] [--reads 3] [--json]

Opens the store read-only (nothing is written), then in this one process:

1. builds the read layer (:func:`kg.read.reader`, which every page shares and ``kg serve``
   warms at start-up), then reads every figure from the store ``--reads`` times
   (:func:`web.figures.read_figures`: the cost paid once per store generation, by the first
   figures request after a change);
2. through the Flask test client (no network), after one warm-up request that fills the
   per-generation cache, times each request of :data:`REQUESTS` ``--runs`` times, in turns
   (one of each, then again), so a machine getting busier slows every request alike.

Printed: figures read, median and 90th percentile per request in ms, bytes returned, and
each request's median as a ratio of the default ``/api/figures`` page measured in the same run.
Run it under ``flock /tmp/vnkg-bench.lock`` on a shared machine.
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
from web.figures import read_figures

REQUESTS = (  # name, URL
    ("table JSON, page 1", "/api/figures"),
    ("table JSON, sorted by value", "/api/figures?sort=value&order=desc"),
    ("table JSON, text filter", "/api/figures?q=H%C3%A0%20N%E1%BB%99i"),
    ("table JSON, measure + unit", "/api/figures?measure=t%E1%BB%B7%20l%E1%BB%87&unit=%25"),
    ("table JSON, subject name", "/api/figures?subject=H%C3%A0%20N%E1%BB%99i"),
    ("chart, chosen measure, bars", "/api/figures/chart"),
    ("chart, tỷ lệ %, lines", "/api/figures/chart?measure=t%E1%BB%B7%20l%E1%BB%87&unit=%25&by=year"),
    ("page /figures (HTML)", "/figures"),
    ("CSV, every figure", "/export/figures.csv"),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_reads(store: str, reads: int) -> tuple[int, float, list[float]]:
    """Figures read, seconds to build the read layer (shared with every page, built first and
    apart), seconds of each read of the figures."""
    seconds = []
    with KnowledgeBase({"KG_STORE": store}, read_only=True) as kb:
        started = time.perf_counter()
        reader(kb).warm()  # entity index, vocabulary, entity graph: what names the subjects
        layer = time.perf_counter() - started
        for _ in range(reads):
            started = time.perf_counter()
            count = len(read_figures(kb))
            seconds.append(time.perf_counter() - started)
    return count, layer, seconds


def time_requests(store: str, runs: int) -> dict[str, dict]:
    app = create_app({"TESTING": True, "KG_STORE": store})
    client = app.test_client()
    for _, url in REQUESTS:  # warm: the store opened, the figures read once, the page compiled
        assert client.get(url).status_code == 200, url
    times: dict[str, list[float]] = {name: [] for name, _ in REQUESTS}
    sizes: dict[str, int] = {}
    for _ in range(runs):
        for name, url in REQUESTS:
            started = time.perf_counter()
            response = client.get(url)
            body = response.get_data()  # a streamed CSV is produced here
            times[name].append(time.perf_counter() - started)
            sizes[name] = len(body)
    return {
        name: {"median_ms": 1000 * statistics.median(t), "p90_ms": 1000 * percentile(t, 0.9), "bytes": sizes[name]}
        for name, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reads", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    store = os.environ.get("KG_STORE")
    if not store or not Path(store).is_dir():
        sys.exit("set KG_STORE to an existing store directory (it is only read)")
    count, layer, reads = time_reads(store, args.reads)
    results = time_requests(store, args.runs)
    base = results[REQUESTS[0][0]]["median_ms"]
    load = os.getloadavg()
    if args.json:
        print(
            json.dumps(
                {"figures": count, "read_layer_s": layer, "read_s": reads, "requests": results, "load": load}, indent=2
            )
        )
        return
    print(f"store {store}: {count} figures; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"read layer (entity index and graph, shared by every page, built first): {layer:.2f} s")
    print(
        f"read every figure (once per store generation): median {statistics.median(reads):.2f} s "
        f"over {len(reads)} reads"
    )
    print(f"{'request':34} {'median ms':>10} {'p90 ms':>8} {'x page 1':>9} {'bytes':>10}   ({args.runs} runs each)")
    for name, r in results.items():
        print(f"{name:34} {r['median_ms']:10.1f} {r['p90_ms']:8.1f} {r['median_ms'] / base:9.2f} {r['bytes']:10,}")


if __name__ == "__main__":
    main()
