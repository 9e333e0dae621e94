"""Write tests/slow_tests.txt: the tests that take long, from a pytest ``--durations=0`` report.

Usage: python -m pytest -p no:randomly --durations=0 -m "" tests > durations.txt
       python scripts/slow_tests.py durations.txt [--threshold 0.4]

A test is slow when one of its phases (set-up, call, tear-down) took ``--threshold`` seconds or
more; parameters are dropped, so every case of a slow test is slow. ``tests/conftest.py`` marks
the listed tests ``slow``, and the default run (``python -m pytest``) leaves them out: the fast
run stays under a minute while ``./test.sh`` and CI run everything. The list is data, kept in one
file, so re-measuring never means editing the test modules.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(\d+(?:\.\d+)?)s (?:setup|call|teardown)\s+(\S+)$")
HEADER = """# Tests marked `slow` by tests/conftest.py (left out of the fast default run), one node id a line.
# Made by scripts/slow_tests.py from a `--durations=0` report: a phase of {threshold} s or more.
"""


def slow_ids(report: str, threshold: float) -> list[str]:
    """Node ids (parameters dropped) with a phase at or above ``threshold`` seconds."""
    found = set()
    for line in report.splitlines():
        match = LINE.match(line.strip())
        if match and float(match.group(1)) >= threshold:
            found.add(match.group(2).split("[", 1)[0])
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "slow_tests.txt")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the tests already listed (a fixture's set-up moves to whichever test runs first)",
    )
    args = parser.parse_args()
    ids = slow_ids(args.report.read_text(encoding="utf-8"), args.threshold)
    if args.merge and args.out.exists():
        kept = [
            line.strip()
            for line in args.out.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        ids = sorted(set(ids) | set(kept))
    args.out.write_text(HEADER.format(threshold=args.threshold) + "".join(f"{i}\n" for i in ids), encoding="utf-8")
    print(f"{len(ids)} slow tests written to {args.out}")


if __name__ == "__main__":
    main()
