"""Ingest rate in one process, with local worker processes and on a local Dask cluster (issue 15).

Usage: flock /tmp/vnkg-bench.lock python bench/bench_cluster.py [--docs 500] [--max-workers 2]
       [--only serial,local-1,local-2,dask-1,dask-2]

Copies the first ``--docs`` vnnews articles to a temporary folder and ingests them into a fresh
store once per way of running (topic embeddings off, the pool used whatever the batch size):

- ``serial``: this process does everything;
- ``local-N``: N spawned worker processes (:class:`kg.workers.LocalPool`) prepare, extract and
  build, this process writes;
- ``dask-N``: the same on a Dask ``LocalCluster`` of N single-threaded worker processes
  (:class:`kg.cluster.DaskPool`), started for the run as ``kg ingest --cluster local:N`` does.

The start of the workers (and their model loading) is inside each timing, as a user waits for
it; so is this process's model loading in the serial run (done first, timed, and added). For
each it prints docs/s, the pool's start and close, and the driver's own time per document:
writing to the store, and everything it does besides preparing, waiting for workers and
starting or closing them (reading files, hashing, sending and receiving). It checks that every
store holds the same quads.

The projection for 1,000,000 articles on N workers assumes what this machine cannot show: each
worker has a core of its own and works at the serial run's preparation rate, the driver has a
core of its own, and the network carries the results (about 50 KiB a document) without delay.
Then the rate is the smaller of N x the per-worker rate and the driver's own rate: 1 / its busy
seconds per document, on a core of its own (the serial run's time besides preparing) or sharing
the cores (measured in the largest Dask run). The store is assumed to keep its write rate as it
grows (not measured here).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest import Ingestor
from kg.kb import KnowledgeBase
from kg.workers import warm

CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"
ARTICLES = 1_000_000


@dataclass
class Timing:
    """One run: its wall time, and where the driver spent its time."""

    docs: int = 0
    seconds: float = 0.0
    process: float = 0.0  # preparing, extracting, building in this process (serial only)
    write: float = 0.0  # store transactions
    wait: float = 0.0  # waiting for a worker's result (and receiving it)
    start: float = 0.0  # starting and closing the pool (the workers' model loading is in their first results)
    failed: int = 0
    quads: tuple = ()

    @property
    def rate(self) -> float:
        return self.docs / self.seconds

    @property
    def driver(self) -> float:
        """The driver's busy seconds per document (everything but preparing and waiting)."""
        return (self.seconds - self.process - self.wait - self.start) / self.docs


class TimedPool:
    """A pool whose results' waiting time is added to a :class:`Timing`."""

    def __init__(self, pool, timing: Timing):
        self.pool, self.timing, self.workers = pool, timing, pool.workers

    def submit(self, fn, /, *args):
        return TimedResult(self.pool.submit(fn, *args), self.timing)

    def close(self) -> None:
        started = time.perf_counter()
        self.pool.close()
        self.timing.start += time.perf_counter() - started


class TimedResult:
    def __init__(self, pending, timing: Timing):
        self.pending, self.timing = pending, timing

    def result(self, timeout=None):
        started = time.perf_counter()
        try:
            return self.pending.result(timeout)
        finally:
            self.timing.wait += time.perf_counter() - started


class TimedIngestor(Ingestor):
    """An :class:`Ingestor` that notes how long it writes and prepares."""

    timing: Timing

    def _store(self, *args):
        started = time.perf_counter()
        try:
            return super()._store(*args)
        finally:
            self.timing.write += time.perf_counter() - started

    def process(self, raw):
        started = time.perf_counter()
        try:
            return super().process(raw)
        finally:
            self.timing.process += time.perf_counter() - started


def pool_factory(way: str):
    """The pool of ``serial``, ``local-N`` or ``dask-N`` (None: no pool)."""
    if way == "serial":
        return None
    kind, size = way.split("-")
    if kind == "local":
        from kg.workers import LocalPool

        return partial(LocalPool, int(size))
    from kg.cluster import Cluster, DaskPool

    return partial(DaskPool, Cluster(size=int(size)))


def started_pool(factory, timing: Timing) -> TimedPool:
    started = time.perf_counter()
    pool = factory()
    timing.start = time.perf_counter() - started
    return TimedPool(pool, timing)


def quads(kb) -> tuple:
    """The ingested quads (the ontology's graph and build times aside), as a sorted tuple."""
    out = io.BytesIO()
    kb.export("nquads", out)
    text = re.sub(r'(ingestedAt> )"[^"]+"', r'\1"…"', out.getvalue().decode("utf-8"))
    return tuple(sorted(line for line in text.splitlines() if not line.endswith("/graph/ontology> .")))


def run(way: str, folder: Path, store: Path, warming: float) -> Timing:
    """Ingest ``folder`` into ``store`` the ``way`` given; ``warming`` (this process's model
    loading, done before) is added to a serial run's time, as workers load theirs in theirs."""
    timing = Timing()
    config = {"KG_STORE": str(store), "KG_TOPIC_EMBEDDINGS": False}
    with KnowledgeBase(config) as kb:
        factory = pool_factory(way)
        timed = partial(started_pool, factory, timing) if factory else None
        ingestor = TimedIngestor(
            kb.store,
            kb.iris,
            kb.config["KG_MAX_BYTES"],
            kb.config["KG_MAX_JSONL_BYTES"],
            None,
            doc_seconds=60,
            pool_factory=timed,
            pool_min_files=0,
        )
        ingestor.timing = timing
        started = time.perf_counter()
        report = ingestor.run([folder])
        timing.seconds = time.perf_counter() - started + (warming if factory is None else 0.0)
        timing.start += warming if factory is None else 0.0
        timing.docs, timing.failed = report.added + report.updated, report.failed
        timing.quads = quads(kb)
    if report.failures:
        print(f"  {way}: {report.failed} failures, first: {report.failures[0]}")
    return timing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--max-workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated subset of the ways to run")
    args = parser.parse_args()
    ways = ["serial"] + [f"{kind}-{n}" for kind in ("local", "dask") for n in range(1, args.max_workers + 1)]
    if args.only:
        ways = [w for w in ways if w in args.only.split(",")]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    timings: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory(prefix="vnkg-cluster-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for path in sorted(CORPUS.glob("*.txt"))[: args.docs]:
            shutil.copy(path, folder / path.name)
        started = time.perf_counter()
        warm(None)  # so that the serial run's preparation time per document leaves it out
        warming = time.perf_counter() - started
        print(f"  models loaded in this process in {warming:.1f} s")
        for way in ways:
            timings[way] = run(way, folder, Path(tmp) / way, warming)
            t = timings[way]
            print(
                f"  {way:8s} {t.seconds:7.1f} s {t.rate:6.1f} docs/s; driver per document: "
                f"write {1000 * t.write / t.docs:5.1f} ms, busy {1000 * t.driver:5.1f} ms",
                flush=True,
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    first = next(iter(timings.values()))
    n = first.docs
    print(
        f"\n{n} documents stored by each; the same quads in every store: "
        f"{all(t.quads == first.quads for t in timings.values())} ({len(first.quads):,} quads)"
    )
    print("\n| way | seconds | docs/s | vs serial | start + close s | driver write ms/doc | driver busy ms/doc |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = timings.get("serial")
    for way, t in timings.items():
        ratio = f"{t.rate / base.rate:.2f}x" if base else "-"
        print(
            f"| {way} | {t.seconds:.1f} | {t.rate:.1f} | {ratio} | {t.start:.1f} | {1000 * t.write / t.docs:.1f} | "
            f"{1000 * t.driver:.1f} |"
        )
    project(timings)


def project(timings: dict[str, Timing]) -> None:
    """Hours for 1,000,000 articles on N workers (the assumptions are in the module docstring).

    The driver's cap is given twice: from the serial run (its time besides preparing: the
    driver alone on its core) and from the largest Dask run (the driver sharing the 2 cores
    with the workers and the scheduler, as here)."""
    base = timings.get("serial")
    sizes = [int(w.split("-")[1]) for w in timings if w.startswith("dask")]
    cluster = timings.get(f"dask-{max(sizes)}") if sizes else None
    if base is None or cluster is None:
        return
    per_worker = base.docs / base.process  # docs/s of one worker on a core of its own
    alone, shared = 1 / base.driver, 1 / cluster.driver  # docs/s the driver can receive and write
    print(
        f"\nprojection for {ARTICLES:,} articles: one worker prepares {per_worker:.1f} docs/s "
        f"(serial run, {1000 / per_worker:.0f} ms/doc); the driver writes at most {alone:.0f} docs/s on a "
        f"core of its own ({1000 * base.driver:.1f} ms/doc, serial run), {shared:.0f} docs/s sharing the "
        f"cores (dask-{max(sizes)}: {1000 * cluster.driver:.1f} ms/doc, {1000 * cluster.write / cluster.docs:.1f} ms "
        f"of it writing)"
    )
    print("\n| workers | docs/s, driver alone | hours for 1M | docs/s, driver sharing | hours for 1M |")
    print("|---:|---:|---:|---:|---:|")
    for workers in (1, 2, 4, 8, 16, 64):
        fast, slow = min(workers * per_worker, alone), min(workers * per_worker, shared)
        print(f"| {workers} | {fast:.0f} | {ARTICLES / fast / 3600:.1f} | {slow:.0f} | {ARTICLES / slow / 3600:.1f} |")


if __name__ == "__main__":
    main()
