"""How well does ``kg.titles.restore_title`` put back the diacritics of unseen headlines?

Each article of ``../shared/corpus/vnnews`` and ``vnnews-b`` has its real headline (with
diacritics) on line 1 and the body below. We strip the headline's accents and lower-case it,
as in the seed layout, restore it from the body, and compare with the real headline.

Usage: ``python bench/eval_titles.py [--limit N] [--offset K] [--keep-case] [--errors M]``

Columns: syllable and exact-title accuracy (both case-insensitive); syllables right in case
too; the no-op baseline (syllables already right when the title is left as it is); the share
of stripped headlines that ``needs_restoration`` flags; seconds per title after the first
call, whose one-off cost (underthesea import, gazetteer and lexicon) is printed apart. The
weights in ``kg.titles`` were tuned on vnnews articles 1001-1600: keep ``--offset`` and
``--limit`` clear of them to measure on unseen articles.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.text import normalise, strip_accents
from kg.titles import needs_restoration, restore_title

CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = ("vnnews", "vnnews-b")
_TOKEN = re.compile(r"\w+")


@dataclass
class Score:
    """Running totals for one corpus."""

    titles: int = 0
    exact: int = 0
    syllables: int = 0
    correct: int = 0
    cased: int = 0
    unchanged: int = 0
    flagged: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)


def articles(name: str, limit: int, offset: int = 0):
    """(headline, body) pairs of the first ``limit`` articles after ``offset``."""
    files = sorted((CORPUS / name).glob("[0-9]*.txt"))[offset : offset + limit]
    for path in files:
        head, _, body = path.read_text(encoding="utf-8").partition("\n")
        if head.strip() and body.strip():
            yield normalise(head.strip()), body


def score_one(score: Score, gold: str, body: str, keep_case: bool) -> None:
    """Restore one headline and add its comparison to ``score``."""
    given = strip_accents(gold) if keep_case else strip_accents(gold).lower()
    start = time.perf_counter()
    got = restore_title(given, body)
    score.seconds += time.perf_counter() - start
    want, have = _TOKEN.findall(gold), _TOKEN.findall(got)
    assert len(want) == len(have), (gold, got)
    score.titles += 1
    score.flagged += needs_restoration(given)
    score.exact += got.casefold() == gold.casefold()
    score.syllables += len(want)
    score.correct += sum(w.casefold() == h.casefold() for w, h in zip(want, have, strict=True))
    score.cased += sum(w == h for w, h in zip(want, have, strict=True))
    score.unchanged += sum(w.casefold() == g.casefold() for w, g in zip(want, _TOKEN.findall(given), strict=True))
    if got.casefold() != gold.casefold():
        score.errors.append((gold, got))


def table(scores: dict[str, Score]) -> str:
    """Markdown table of the scores, one row per corpus."""
    lines = [
        "| corpus | titles | syllable acc. | exact titles | case-exact syll. | no-op baseline | flagged | s / title |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        n, t = max(s.syllables, 1), max(s.titles, 1)
        lines.append(
            f"| {name} | {s.titles} | {s.correct / n:.1%} | {s.exact / t:.1%} | "
            f"{s.cased / n:.1%} | {s.unchanged / n:.1%} | {s.flagged / t:.1%} | "
            f"{s.seconds / t:.4f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="articles per corpus")
    parser.add_argument("--offset", type=int, default=0, help="skip this many articles first")
    parser.add_argument("--keep-case", action="store_true", help="keep the headline's case")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong titles")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    restore_title("chu tich", "Chủ tịch")  # pay the one-off lexicon build outside the timing
    warmup = time.perf_counter() - start
    scores = {}
    for name in CORPORA:
        scores[name] = Score()
        for gold, body in articles(name, args.limit, args.offset):
            score_one(scores[name], gold, body, args.keep_case)
    print(table(scores))
    print(f"\nfirst call (underthesea import, gazetteer, lexicon): {warmup:.2f} s")
    for name, s in scores.items():
        for gold, got in s.errors[: args.errors]:
            print(f"{name}: {gold}\n{' ' * len(name)}  {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
