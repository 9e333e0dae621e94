"""What the gold evaluations share: split selection, totals, ratios and the command line.

``bench/eval_figures.py`` and ``bench/eval_proposals.py`` each score one gold file at a time
(their own matching rules); this module runs them over the files of a split and adds up.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

SPLITS = ("train", "dev", "test", "all", "train+dev")


def arguments(description: str, corpus: Path) -> argparse.Namespace:
    """``--split``, ``--verbose``, ``--json``; exits with one line when the corpus is absent."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--split", default="all", choices=SPLITS)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not corpus.is_dir():
        sys.exit(f"error: {corpus} is absent: the gold articles are read from ../shared/corpus")
    return args


def in_split(split: str, wanted: str) -> bool:
    return wanted in ("all", split) or (wanted == "train+dev" and split != "test")


def score_split(
    paths: Iterable[Path],
    wanted: str,
    score: Callable[[dict], dict],
    verbose: Callable[[dict, dict], None] | None = None,
) -> dict[str, list[dict]]:
    """``{split: [row per gold file]}`` for the files of the wanted split(s)."""
    results: dict[str, list[dict]] = {}
    for path in sorted(paths):
        gold = json.loads(path.read_text("utf-8"))
        if not in_split(gold["split"], wanted):
            continue
        row = score(gold)
        # A later labelling round (fresh articles, labelled after the first round's results were
        # seen) is reported on its own row: "test-r2".
        key = f"{gold['split']}-r{gold['round']}" if gold.get("round", 1) != 1 else gold["split"]
        results.setdefault(key, []).append(row)
        if verbose is not None:
            verbose(gold, row)
    return results


def totals(rows: list[dict]) -> dict[str, int]:
    """The sum of every whole-number field of the rows."""
    return {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def report(
    description: str,
    corpus: Path,
    paths: Iterable[Path],
    score: Callable[[dict], dict],
    summarise: Callable[[list[dict]], dict],
    show: Callable[[dict, dict], None],
    header: str,
    line: Callable[[str, int, dict], str],
) -> None:
    """An evaluation's command line: score the wanted split(s), then print JSON (``--json``)
    or a Markdown table, ``header`` and one ``line(split, articles, summary)`` per split."""
    args = arguments(description, corpus)
    started = time.perf_counter()
    results = score_split(paths, args.split, score, show if args.verbose else None)
    summaries = {split: summarise(rows) for split, rows in sorted(results.items())}
    if args.json:
        print(json.dumps(summaries, ensure_ascii=False, indent=2))
        return
    print(header)
    for split, summary in summaries.items():
        print(line(split, len(results[split]), summary))
    print(f"({time.perf_counter() - started:.1f} s)")
