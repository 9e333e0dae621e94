"""Graph-phase ingest in one process and with worker processes, on the same documents (issue 15).

Usage: python bench/bench_workers.py [--docs 1000] [--workers 1,2] [--rounds 1] [--embeddings]

Copies the first ``--docs`` vnnews articles to a temporary folder and ingests them into a fresh
store once in one process (``kg ingest --workers 1``: this process prepares, extracts, builds
and writes) and once per worker count in ``--workers`` (that many spawned processes prepare,
extract and build; this process writes, in order; a count of 1 shows what overlapping the
writes with one worker gives). ``--rounds`` repeats the whole set, in rotated order, and
keeps each one's median. Prints docs/s for each, the speed-up over one process, the writer's
own time per document (unpickling, staging, committing, the change marker), whether every
store holds the same documents and triples, the time 1,000,000 articles would take, and the
machine's load average (``/proc/loadavg``) before and after: on a shared machine, quote
ratios measured within one run. Topic embeddings are off unless ``--embeddings`` (each
worker then loads the encoder too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.catalog import documents
from kg.ingest import Ingestor
from kg.kb import DOC_SECONDS, KnowledgeBase
from kg.workers import LocalPool

CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"


def run(folder: Path, store: Path, workers: int, embeddings: bool) -> tuple[float, float, tuple]:
    """Seconds for the whole ingest, seconds the writer spent storing, and what was stored.
    ``workers`` 0 is one process; otherwise a pool of that many, however small the batch."""
    config = {"KG_STORE": str(store), "KG_TOPIC_EMBEDDINGS": embeddings}
    writing = [0.0]
    with KnowledgeBase(config) as kb:
        ingestor = Ingestor(
            kb.store,
            kb.iris,
            kb.config["KG_MAX_BYTES"],
            kb.config["KG_MAX_JSONL_BYTES"],
            kb.encoder_factory(),
            on_commit=kb.bump_generation,
            doc_seconds=DOC_SECONDS,
            pool_factory=partial(LocalPool, workers) if workers else None,
            pool_min_files=0,
        )
        if workers:  # the writer's work on a result, not the wait for it
            ingestor._finish = partial(_finish_timed, ingestor, Ingestor._finish, writing=writing)
        started = time.perf_counter()
        report = ingestor.run([folder])
        seconds = time.perf_counter() - started
        state = (sorted((d.source, d.content_hash) for d in documents(kb.store)), len(kb.store))
    if report.failures:
        print(f"  {report.failed} failures, first: {report.failures[0]}")
    return seconds, writing[0] if workers else float("nan"), state


def _finish_timed(ingestor, original, entry, report, writing: list) -> None:
    """:meth:`Ingestor._finish` with the wait for the worker's result left out of the timing."""
    first, future = entry
    if not isinstance(first, str):
        try:
            future.result()
        except Exception:  # noqa: BLE001 - _finish reports it
            pass
    started = time.perf_counter()
    original(ingestor, entry, report)
    writing[0] += time.perf_counter() - started


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", default="2", help="worker counts to compare with one process, e.g. 1,2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--embeddings", action="store_true")
    args = parser.parse_args()
    counts = [0] + [int(w) for w in args.workers.split(",")]
    before = loadavg()
    results: dict[int, list] = {c: [] for c in counts}
    states = set()
    with tempfile.TemporaryDirectory(prefix="vnkg-workers-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for path in sorted(CORPUS.glob("*.txt"))[: args.docs]:
            shutil.copy(path, folder / path.name)
        n = len(list(folder.iterdir()))
        for round_ in range(args.rounds):
            for count in counts[round_ % len(counts) :] + counts[: round_ % len(counts)]:
                seconds, writing, state = run(folder, Path(tmp) / f"s{round_}-{count}", count, args.embeddings)
                results[count].append((seconds, writing))
                states.add((state[0] and tuple(state[0]), state[1]))
    print(
        f"{n} documents, topic embeddings {'on' if args.embeddings else 'off'}, {os.cpu_count()} cores, "
        f"{args.rounds} round(s), load average before {before}, after {loadavg()}:"
    )
    one = statistics.median(r[0] for r in results[0])
    for count in counts:
        seconds = statistics.median(r[0] for r in results[count])
        label = "1 process" if count == 0 else f"{count} worker{'s' if count > 1 else ''}"
        writer = (
            ""
            if count == 0
            else (f", writer busy {statistics.median(r[1] for r in results[count]) / n * 1000:.1f} ms/doc")
        )
        print(
            f"  {label:10s}: {seconds:6.1f} s, {n / seconds:5.1f} docs/s, speed-up {one / seconds:.2f}x{writer}"
            f"; 1,000,000 articles: {1_000_000 / (n / seconds) / 3600:.1f} h"
        )
    print(f"  every store holds the same documents and triple count: {len(states) == 1}")


if __name__ == "__main__":
    main()
