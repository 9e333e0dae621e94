"""Proposals against the hand-labelled gold of ``bench/gold/proposals`` (issue 12).

Usage: python bench/eval_proposals.py [--split train|dev|test|all|train+dev] [--verbose] [--json]

Runs the real extraction on each gold article (``kg extract FILE --json`` output: the
``proposals`` list, each with ``text`` and ``evidence``; topic embeddings off, no encoder) and
scores, per split:

* proposals. Words are the ``\\w+`` runs of the folded text (lower case, accents stripped,
  ``kg.text.fold``), counted as a multiset. A predicted proposal matches a gold one when

  1. same sentence: the prediction's ``evidence.sentence`` is a sentence of the prepared
     document that contains the gold ``sentence_start`` anchor (found verbatim, whitespace
     collapsed; the sentence in which the item's text begins; a lead repeated at the end
     holds it twice, and either counts), and
  2. the prediction covers at least 50 % of the gold text's words, and
  3. the gold text covers at least 50 % of the prediction's words.

  Pairs are matched one to one, best first (by the smaller of the two coverages). A gold item
  with no match is a miss (recall); a prediction with no gold match is wrong (precision)
  unless it matches, by the same rule, an item of ``optional_proposals``: those neither count
  nor penalise.
* proposer / addressee: on matched items whose gold ``proposer`` (``addressee``) is not null,
  the share whose predicted ``by`` (``addressed_to``) names it: the IRI is one of the output's
  ``entities`` and one of its names (label or alias) matches the gold name: folded, and with
  abbreviations expanded (``kg.abbreviations.expand``), one contains the other, or they share
  at least two words and half of the shorter's words. ``addr. extra`` counts matched items
  with a predicted addressee where the gold has none.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gold_splits import ratio, report, totals
from kg.abbreviations import expand
from kg.document import prepare
from kg.extract import extract_document
from kg.extraction_json import extraction_json
from kg.iris import Iris
from kg.reader import read_file
from kg.text import fold, normalise

GOLD = ROOT / "bench" / "gold" / "proposals"
CORPUS = ROOT.parent / "shared" / "corpus"
THRESHOLD = 0.5


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", fold(text)))


def coverage(of: Counter, by: Counter) -> float:
    """The share of ``of``'s words (multiset) that ``by`` holds."""
    total = sum(of.values())
    return sum((of & by).values()) / total if total else 0.0


def name_match(gold: str, names: list[str]) -> bool:
    forms = {fold(gold), fold(expand(gold))}
    for name in names:
        for n in {fold(name), fold(expand(name))}:
            nw = set(re.findall(r"\w+", n))
            for g in forms:
                gw = set(re.findall(r"\w+", g))
                if not n or not gw:
                    continue
                shared = len(gw & nw)
                if (
                    re.search(rf"(?<!\w){re.escape(n)}(?!\w)", g)
                    or re.search(rf"(?<!\w){re.escape(g)}(?!\w)", n)
                    or shared >= 2
                    and shared >= 0.5 * min(len(gw), len(nw))
                ):
                    return True
    return False


def sentences_of(doc, anchor: str) -> set[int]:
    """Indexes of the document sentences holding the anchor (whitespace collapsed); when no
    sentence holds it whole (the document splits it), the sentence where it begins. The anchor
    is normalised as the document is (one tone-mark convention: "Uỷ ban" is "Ủy ban")."""
    anchor = " ".join(normalise(anchor).split())
    found = {s.index for s in doc.sentences if anchor in " ".join(s.text.split())}
    if found:
        return found
    for s in doc.sentences:
        flat = " ".join(doc.text[s.start :].split())
        if flat.startswith(anchor) or anchor.startswith(" ".join(s.text.split())):
            return {s.index}
    for s in doc.sentences:  # the anchor begins inside this sentence and runs past its end
        flat = " ".join(s.text.split())
        if any(anchor.startswith(flat[i:]) for i in range(len(flat)) if flat[i - 1 : i] in ("", " ")):
            return {s.index}
    return set()


def _pairs(golds: list[dict], anchors: list[set[int]], preds: list[dict]) -> list[tuple[float, int, int]]:
    out = []
    for gi, g in enumerate(golds):
        gw = words(g["text"])
        for pi, p in enumerate(preds):
            if p["evidence"]["sentence"] not in anchors[gi]:
                continue
            pw = words(p["text"])
            a, b = coverage(gw, pw), coverage(pw, gw)
            if a >= THRESHOLD and b >= THRESHOLD:
                out.append((min(a, b), gi, pi))
    return sorted(out, key=lambda t: -t[0])


def _assign(pairs, used_g=(), used_p=()) -> dict[int, int]:
    used_g, used_p, out = set(used_g), set(used_p), {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            out[gi] = pi
            used_g.add(gi)
            used_p.add(pi)
    return out


def score_file(gold: dict) -> dict:
    path = CORPUS / gold["corpus"] / gold["file"]
    doc = prepare(next(read_file(path, 10**7)))
    out = extraction_json(doc, extract_document(doc), Iris("http://kg.test/"))
    entities = {e["iri"]: e for e in out["entities"]}
    preds = out["proposals"]
    golds, optional = gold["proposals"], gold["optional_proposals"]
    anchors = [sentences_of(doc, g["sentence_start"]) for g in golds]
    matched = _assign(_pairs(golds, anchors, preds))
    opt_anchors = [sentences_of(doc, g["sentence_start"]) for g in optional]
    opt_matched = _assign(_pairs(optional, opt_anchors, preds), used_p=matched.values())
    row = {
        "gold": len(golds),
        "found": len(matched),
        "predicted": len(preds) - len(opt_matched),
        "proposer_n": 0,
        "proposer_ok": 0,
        "addressee_n": 0,
        "addressee_ok": 0,
        "addressee_extra": 0,
        "misses": [],
        "extra": [],
        "wrong_by": [],
        "wrong_to": [],
        "unanchored": [],
    }

    def names(iri):
        e = entities.get(iri or "")
        return [e["label"], *e["aliases"]] if e else []

    for gi, g in enumerate(golds):
        if not anchors[gi]:
            row["unanchored"].append(g["sentence_start"])
        if gi not in matched:
            row["misses"].append(g["text"])
            continue
        p = preds[matched[gi]]
        for key, pkey in (("proposer", "by"), ("addressee", "addressed_to")):
            if g[key] is None:
                if key == "addressee" and p[pkey]:
                    row["addressee_extra"] += 1
                continue
            row[f"{key}_n"] += 1
            got = names(p[pkey])
            if name_match(g[key], got):
                row[f"{key}_ok"] += 1
            else:
                row["wrong_by" if key == "proposer" else "wrong_to"].append(
                    (g["text"][:60], g[key], got[0] if got else None)
                )
    taken = set(matched.values()) | set(opt_matched.values())
    row["extra"] = [p["text"] for i, p in enumerate(preds) if i not in taken]
    return row


def summarise(rows: list[dict]) -> dict:
    total = totals(rows)
    return {
        **total,
        "recall": ratio(total["found"], total["gold"]),
        "precision": ratio(total["found"], total["predicted"]),
        "proposer_accuracy": ratio(total["proposer_ok"], total["proposer_n"]),
        "addressee_accuracy": ratio(total["addressee_ok"], total["addressee_n"]),
    }


def _show(gold: dict, row: dict) -> None:
    print(f"== {gold['file']} ({gold['split']}): {row['found']}/{row['gold']} found, {row['predicted']} predicted")
    for key, tag in (
        ("unanchored", "anchor not found "),
        ("misses", "miss   "),
        ("extra", "extra  "),
        ("wrong_by", "by     "),
        ("wrong_to", "to     "),
    ):
        for item in row[key]:
            print(f"   {tag}{item}")


def _line(split: str, articles: int, s: dict) -> str:
    return (
        f"| {split} | {articles} | {s['gold']} | {s['predicted']} | {s['found']} | "
        f"{s['precision']} | {s['recall']} | {s['proposer_ok']}/{s['proposer_n']} ({s['proposer_accuracy']}) | "
        f"{s['addressee_ok']}/{s['addressee_n']} ({s['addressee_accuracy']}) | {s['addressee_extra']} |"
    )


def main() -> None:
    report(
        __doc__.splitlines()[0],
        CORPUS,
        GOLD.glob("vnnews-*.json"),
        score_file,
        summarise,
        _show,
        "| split | articles | gold | predicted | found | P | R | proposer right | addressee right | addr. extra |"
        "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        _line,
    )


if __name__ == "__main__":
    main()
