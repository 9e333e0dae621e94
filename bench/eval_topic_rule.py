"""Per-topic precision and recall of the topics statements get, on train and dev texts only.

Usage: python bench/eval_topic_rule.py [--split train|dev|train+dev] [--topic NAME] [--verbose]
                                      [--no-embeddings]

The infrastructure question is answered from the topics :func:`kg.extract.topics.assign_topics`
gives a statement (the keyword + similarity rule decides them, with the encoder the extractor
uses; the classifier only scores them), so its misses and wrong answers are topic decisions.
This measures those decisions on two hand-labelled sets, never on their test rows:

* ``bench/topics/statements.jsonl``: statements labelled with every SKOS topic that applies;
  a statement counts for a topic when the topic or a concept below it is assigned (labels are
  expanded with ``skos:broader`` the same way);
* the proposal gold (``bench/gold/proposals``): each gold and optional item's text with its
  ``infrastructure`` flag, against whether infrastructure (or transport) is assigned to it.

It runs on gold texts, so extraction errors do not enter: the figure is how well the topics
would answer the question if every proposal were found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import topics as T

STATEMENTS = ROOT / "bench" / "topics" / "statements.jsonl"
PROPOSALS = ROOT / "bench" / "gold" / "proposals"


def _wanted(split: str, wanted: str) -> bool:
    return split != "test" and wanted in (split, "train+dev")


def statement_rows(wanted: str) -> list[tuple[str, set[str]]]:
    rows = [json.loads(line) for line in STATEMENTS.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], set(r["topics"])) for r in rows if _wanted(r["split"], wanted)]


def proposal_rows(wanted: str) -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(PROPOSALS.glob("vnnews-*.json")):
        gold = json.loads(path.read_text("utf-8"))
        if not _wanted(gold["split"], wanted):
            continue
        for item in (*gold["proposals"], *gold.get("optional_proposals", [])):
            out.append((item["text"], {"infrastructure"} if item.get("infrastructure") else set()))
    return out


def closure(topics) -> set[str]:
    return {b for t in topics for b in T.broader_closure(t)}


def score(rows, assigned, topics) -> dict[str, tuple[int, int, int]]:
    """Per topic: (true positives, predicted, gold)."""
    out = {}
    for topic in topics:
        gold = [topic in closure(g) for _, g in rows]
        pred = [topic in closure(a) for a in assigned]
        out[topic] = (sum(g and p for g, p in zip(gold, pred, strict=True)), sum(pred), sum(gold))
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train+dev", choices=("train", "dev", "train+dev"))
    parser.add_argument("--topic", help="list the misses and wrong assignments of this topic")
    parser.add_argument("--no-embeddings", action="store_true", help="keyword rule alone")
    args = parser.parse_args()
    encoder = None
    if not args.no_embeddings:
        from kg.embeddings import default_encoder

        encoder = default_encoder()
    names = sorted(T.concepts())
    for label, rows, topics in (
        ("statements (bench/topics)", statement_rows(args.split), names),
        ("proposal gold, infrastructure flag", proposal_rows(args.split), ["infrastructure"]),
    ):
        assigned = T.assign_topics([text for text, _ in rows], encoder)
        table = score(rows, assigned, topics)
        tp, pred, gold = (sum(v[i] for v in table.values()) for i in range(3))
        print(f"\n{label}: {len(rows)} texts ({args.split}); micro P {_ratio(tp, pred)} R {_ratio(tp, gold)}")
        print("| topic | gold | predicted | right | P | R |\n|---|---:|---:|---:|---:|---:|")
        for topic, (right, predicted, positives) in table.items():
            print(
                f"| {topic} | {positives} | {predicted} | {right} | {_ratio(right, predicted)} | "
                f"{_ratio(right, positives)} |"
            )
        if args.topic:
            for (text, g), a in zip(rows, assigned, strict=True):
                want, got = args.topic in closure(g), args.topic in closure(a)
                if want != got:
                    print(f"    {'miss ' if want else 'wrong'} {list(a)} {text[:150]}")


if __name__ == "__main__":
    main()
