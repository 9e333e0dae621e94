"""Graph-phase ingest with 1 and with N worker processes on the same documents (issue 15).

Usage: python bench/bench_workers.py [--docs 1000] [--workers 2] [--embeddings]

Copies the first ``--docs`` vnnews articles to a temporary folder, ingests them into a fresh
store once with one process (``workers=1``) and once with ``--workers`` worker processes
preparing and extracting (the driver builds the triples and writes them, in order), and
prints docs/s for each, the speed-up, whether both stores hold the same documents and
triples, and the time 1,000,000 articles would take at each rate on this machine. Topic
embeddings are off unless ``--embeddings`` (each worker then loads the encoder too).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.catalog import documents  # noqa: E402
from kg.kb import KnowledgeBase  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"


def run(folder: Path, store: Path, workers: int, embeddings: bool) -> tuple[float, tuple]:
    config = {"KG_STORE": str(store), "KG_TOPIC_EMBEDDINGS": embeddings}
    with KnowledgeBase(config) as kb:
        started = time.perf_counter()
        report = kb.ingest([folder], workers=workers)
        seconds = time.perf_counter() - started
        state = (sorted((d.source, d.content_hash) for d in documents(kb.store)), len(kb.store))
    if report.failures:
        print(f"  {report.failed} failures, first: {report.failures[0]}")
    return seconds, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--embeddings", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnkg-workers-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for path in sorted(CORPUS.glob("*.txt"))[: args.docs]:
            shutil.copy(path, folder / path.name)
        n = len(list(folder.iterdir()))
        one, state_one = run(folder, Path(tmp) / "one", 1, args.embeddings)
        many, state_many = run(folder, Path(tmp) / "many", args.workers, args.embeddings)
    print(f"{n} documents, topic embeddings {'on' if args.embeddings else 'off'}:")
    print(f"  1 process : {one:6.1f} s, {n / one:5.1f} docs/s")
    print(f"  {args.workers} workers : {many:6.1f} s, {n / many:5.1f} docs/s (workers' start included)")
    print(f"  speed-up {one / many:.2f}x; same documents and triple count: {state_one == state_many}")
    for label, rate in (("1 process", n / one), (f"{args.workers} workers", n / many)):
        print(f"  1,000,000 articles at {label}: {1_000_000 / rate / 3600:.1f} h")


if __name__ == "__main__":
    main()
