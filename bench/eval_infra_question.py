"""'Which proposals concern infrastructure?' on a store of real articles, through /api/ask.

Usage: python bench/eval_infra_question.py [--split test|dev|train|all] [--round N] [--store DIR]
                                          [--verbose] [--stages]

Builds (or reuses) a store of the articles of ``bench/gold/proposals`` in the split, with the
configured topic model, serves it with the Flask test client and asks the question in
Vietnamese, without diacritics and in English. An answer is right when its proposal text
matches a gold proposal marked ``infrastructure`` (the matching rule of
``bench/eval_proposals.py``: same words both ways at 50 %); precision counts every other
answer as wrong, except answers that match an optional item or a gold proposal not marked
infrastructure only when it is optional. Recall is over the gold infrastructure proposals.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_proposals import coverage, words

GOLD = ROOT / "bench" / "gold" / "proposals"
CORPUS = ROOT.parent / "shared" / "corpus"
QUESTIONS = (
    "which proposals concern infrastructure?",
    "những đề xuất nào liên quan đến hạ tầng?",
    "de xuat nao lien quan den ha tang",
)


def gold_items(split: str, round_: int | None = None) -> tuple[list[Path], list[dict], list[dict]]:
    files, infra, optional = [], [], []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        if split not in ("all", gold["split"]) or round_ not in (None, gold.get("round", 1)):
            continue
        files.append(CORPUS / gold["corpus"] / gold["file"])
        infra += [p for p in gold["proposals"] if p.get("infrastructure")]
        optional += [p for p in gold.get("optional_proposals", []) if p.get("infrastructure")]
    return files, infra, optional


def same(gold_text: str, answer_text: str) -> bool:
    g, a = words(gold_text), words(answer_text)
    return min(coverage(a, g), coverage(g, a)) >= 0.5


def build(store: Path, files: list[Path]) -> None:
    from kg.kb import KnowledgeBase
    from search.sync import sync_index

    with KnowledgeBase({"KG_STORE": str(store)}) as kb:
        report = kb.ingest(files)
        print(report.summary(), file=sys.stderr)
        sync_index(kb, embed=False)


def full_texts(store: Path, answers: list[dict]) -> list[str]:
    """The whole text of each answered statement (answer labels are cut at 80 characters)."""
    from kg.kb import KnowledgeBase

    with KnowledgeBase({"KG_STORE": str(store)}, read_only=True) as kb:
        out = []
        for answer in answers:
            rows = kb.store.query(f"SELECT ?t WHERE {{ <{answer['iri']}> <https://schema.org/text> ?t }}")
            out.append(str(rows[0]["t"]) if rows else answer.get("label") or "")
    return out


def score(texts: list[str], infra: list[dict], optional: list[dict]) -> dict:
    found = [g for g in infra if any(same(g["text"], t) for t in texts)]
    wrong = [t for t in texts if not any(same(g["text"], t) for g in (*infra, *optional))]
    right = len(texts) - len(wrong)
    return {
        "answers": len(texts),
        "right": right,
        "found": len(found),
        "gold": len(infra),
        "precision": round(right / len(texts), 3) if texts else None,
        "recall": round(len(found) / len(infra), 3) if infra else None,
        "wrong": wrong,
        "missed": [g["text"] for g in infra if g not in found],
    }


def stages(store: Path, infra: list[dict], answered: list[str]) -> dict:
    """Where each gold infrastructure proposal is lost, stage by stage: extracted (a stored
    proposal matches it), on the topic (that proposal carries infrastructure or a narrower
    topic), answered (the question's answer list holds it). Each stage counts over the one
    before, so the losses add up to the gold."""
    from kg.extract.topics import concepts
    from kg.kb import KnowledgeBase
    from kg.namespaces import KG, KGT

    on_topic = {str(KGT[n]) for n in concepts() if "infrastructure" in _closure(n)}
    with KnowledgeBase({"KG_STORE": str(store)}, read_only=True) as kb:
        rows = kb.store.query(
            "SELECT ?x ?t ?s WHERE { ?x a <" + str(KG.Proposal) + "> ; <https://schema.org/text> ?t "
            "OPTIONAL { ?x <http://purl.org/dc/terms/subject> ?s } }"
        )
    texts: dict[str, str] = {}
    topical: set[str] = set()
    for row in rows:
        texts[str(row["x"])] = str(row["t"])
        if row.get("s") is not None and str(row["s"]) in on_topic:
            topical.add(str(row["x"]))
    out = {"gold": len(infra), "extracted": 0, "topic": 0, "answered": 0, "lost": []}
    for g in infra:
        matched = [x for x, t in texts.items() if same(g["text"], t)]
        stage = "extraction"
        if matched:
            out["extracted"] += 1
            stage = "topic"
            if any(x in topical for x in matched):
                out["topic"] += 1
                stage = "answer"
                if any(same(g["text"], t) for t in answered):
                    out["answered"] += 1
                    continue
        out["lost"].append((stage, g["text"]))
    return out


def _closure(name: str) -> tuple[str, ...]:
    from kg.extract.topics import broader_closure

    return broader_closure(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test", "all"))
    parser.add_argument("--round", type=int, dest="round_", help="only the gold files of this labelling round")
    parser.add_argument("--store", type=Path, help="reuse (or build) this store")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--stages", action="store_true", help="where each gold item is lost: extraction, topic, answer")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"error: {CORPUS} is absent: the gold articles are read from ../shared/corpus")
    files, infra, optional = gold_items(args.split, args.round_)
    store = args.store or Path(tempfile.mkdtemp()) / "store"
    if not (store / "graph").exists():
        build(store, files)
    from web import create_app

    client = create_app({"TESTING": True, "KG_STORE": str(store)}).test_client()
    print(
        f"{len(files)} articles ({args.split}{f', round {args.round_}' if args.round_ else ''}), "
        f"{len(infra)} gold infrastructure proposals; store {store}"
    )
    print("| question | answers | right | P | R |\n|---|---|---|---|---|")
    for question in QUESTIONS:
        started = time.perf_counter()
        body = client.get("/api/ask", query_string={"q": question}).get_json()
        result = score(full_texts(store, body.get("answers", [])), infra, optional)
        print(
            f"| {question} | {result['answers']} | {result['right']} | {result['precision']} | "
            f"{result['recall']} | ({time.perf_counter() - started:.2f} s, confidence {body.get('confidence')})"
        )
        if args.verbose:
            for text in result["wrong"]:
                print(f"    wrong   {text[:110]}")
            for text in result["missed"]:
                print(f"    missed  {text[:110]}")
    if args.stages:  # the Vietnamese question's answers, stage by stage
        body = client.get("/api/ask", query_string={"q": QUESTIONS[1]}).get_json()
        found = stages(store, infra, full_texts(store, body.get("answers", [])))
        print(
            f"stages ({QUESTIONS[1]}): gold {found['gold']} -> extracted {found['extracted']} -> "
            f"infrastructure topic {found['topic']} -> answered {found['answered']}"
        )
        for stage, text in found["lost"]:
            print(f"    lost at {stage:<10} {text[:100]}")


if __name__ == "__main__":
    main()
