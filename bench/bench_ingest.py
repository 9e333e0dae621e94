"""Ingest throughput and store size: ``kg ingest`` on N corpus articles into a fresh store.

Usage: python bench/bench_ingest.py [--docs 200] [--corpus ../shared/corpus/vnnews]

Runs the real pipeline (reading, normalisation, title restoration, sentence splitting,
word segmentation, graph building, Oxigraph transactions), then a second, unchanged run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.kb import KnowledgeBase, disk_usage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vnnews")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for p in sorted(args.corpus.glob("*.txt"))[: args.docs]:
            shutil.copy(p, src / p.name)
        mb = sum(p.stat().st_size for p in src.iterdir()) / 1e6
        t = time.perf_counter()
        with KnowledgeBase({"KG_STORE": str(Path(tmp) / "store")}) as kb:
            opened = time.perf_counter() - t
            first = kb.ingest([src])
            second = kb.ingest([src])
            quads = len(kb.store)
        size = disk_usage(Path(tmp) / "store") / 1e6
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = first.added
    print("| documents | input MB | first run s | docs/s | unchanged re-run s | quads | store MB | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {n} | {mb:.2f} | {first.seconds:.1f} | {n / first.seconds:.1f} | {second.seconds:.2f} | "
        f"{quads} | {size:.1f} | {rss:.0f} |"
    )
    print(f"\n(store opened and ontology loaded in {opened:.2f} s; failures: {first.failed})")


if __name__ == "__main__":
    main()
