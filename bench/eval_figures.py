"""Figures, projects and companies against the hand-labelled gold of ``bench/gold/figures``.

Usage: python bench/eval_figures.py [--split train|dev|test|all] [--verbose] [--json]

Runs the real extraction (``kg extract FILE --json`` output, topic embeddings off) on each
gold article and scores, per split:

* figures: a gold figure is found when a predicted figure of the ``indicators`` list comes
  from the same sentence with the same value (either bound of a gold range) and the same
  unit; optional gold figures neither count nor penalise. Precision counts every other
  prediction as wrong.
* subject: of the found figures whose gold subject is named (a project, company, park, road,
  place, organisation or the nation), the share whose predicted subject is it: the subject
  IRI is in the output's ``entities`` and one of its names matches the gold name (folded,
  one containing the other, or sharing half of the shorter's words).
* projects and companies: a gold entity is found when a predicted entity of a project or
  company type has a matching name.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gold_splits import ratio, report, totals
from kg.document import prepare
from kg.extract import extract_document
from kg.extract.subjects import WORKS
from kg.extraction_json import extraction_json
from kg.iris import Iris
from kg.reader import read_file
from kg.text import fold

GOLD = ROOT / "bench" / "gold" / "figures"
CORPUS = ROOT.parent / "shared" / "corpus"
NAMED = {"Project", "Company", "IndustrialPark", "Road", "Province", "City", "Ward", "Organization", "Nation"}
_PER = {"ngày": "d", "năm": "a", "tháng": "mo", "giờ": "h", "kwh": "kW.h", "tấn": "t", "h": "h"}


def unit_key(unit: str) -> str:
    parts = [p.strip() for p in unit.split("/")]
    return "/".join(_PER.get(p.lower(), p) for p in parts)


def values(text: str) -> tuple[Decimal, ...]:
    try:
        return tuple(Decimal(v) for v in text.split("-") if v)
    except InvalidOperation:
        return ()


def name_match(gold: str, names: list[str]) -> bool:
    g = fold(gold)
    gw = set(re.findall(r"\w+", g))
    for name in names:
        n = fold(name)
        nw = set(re.findall(r"\w+", n))
        if not n or not gw:
            continue
        if g in n or n in g or len(gw & nw) >= 0.5 * min(len(gw), len(nw)) and len(gw & nw) >= 2:
            return True
    return False


def score_file(gold: dict) -> dict:
    path = CORPUS / gold["corpus"] / gold["file"]
    doc = prepare(next(read_file(path, 10**7)))
    out = extraction_json(doc, extract_document(doc), Iris("http://kg.test/"))
    entities = {e["iri"]: e for e in out["entities"]}
    preds = out["indicators"]
    used, found, subject_ok, subject_n, misses, wrong_subject = set(), 0, 0, 0, [], []
    for g in gold["figures"]:
        i = _match(g, preds, used)
        if i is None:
            misses.append(g["text"])
            continue
        used.add(i)
        found += 1
        if g["subject_type"] in NAMED:
            subject_n += 1
            e = entities.get(preds[i]["subject"] or "")
            names = [e["label"], *e["aliases"]] if e else []
            if g["subject_type"] == "Nation" and e and e["type"] == "Country" or name_match(g["subject"], names):
                subject_ok += 1
            else:
                wrong_subject.append((g["text"], g["subject"], e["label"] if e else None))
    optional_used = {i for g in gold.get("optional_figures", []) if (i := _match(g, preds, used)) is not None}
    extra = [(p["label"], p["display"]) for i, p in enumerate(preds) if i not in used and i not in optional_used]
    return {
        "gold": len(gold["figures"]),
        "found": found,
        "predicted": len(preds) - len(optional_used),
        "subject_n": subject_n,
        "subject_ok": subject_ok,
        **_entities(gold, out),
        "misses": misses,
        "extra": extra,
        "wrong_subject": wrong_subject,
    }


def _match(g: dict, preds: list[dict], used: set) -> int | None:
    want, unit = values(g["value"]), unit_key(g["unit"])
    start = " ".join(g["sentence_start"].split())
    for i, p in enumerate(preds):
        if i in used or unit_key(p["unit"]) != unit:
            continue
        if not any(abs(Decimal(str(p["value"])) - v) <= abs(v) * Decimal("0.0001") for v in want):
            continue
        if start[:40] in " ".join(p["evidence"]["text"].split()) or g["text"] in p["evidence"]["text"]:
            return i
    return None


def _entities(gold: dict, out: dict) -> dict:
    works = [e for e in out["entities"] if e["type"] in WORKS]
    companies = [e for e in out["entities"] if e["type"] == "Company"]

    def found(items, predicted):
        return sum(1 for item in items if any(name_match(item["name"], [e["label"], *e["aliases"]]) for e in predicted))

    return {
        "projects": len(gold["projects"]),
        "projects_found": found(gold["projects"], works),
        "projects_predicted": len(works),
        "companies": len(gold["companies"]),
        "companies_found": found(gold["companies"], companies),
        "companies_predicted": len(companies),
    }


def summarise(rows: list[dict]) -> dict:
    total = totals(rows)
    return {
        **total,
        "figure_recall": ratio(total["found"], total["gold"]),
        "figure_precision": ratio(total["found"], total["predicted"]),
        "subject_accuracy": ratio(total["subject_ok"], total["subject_n"]),
        "project_recall": ratio(total["projects_found"], total["projects"]),
        "company_recall": ratio(total["companies_found"], total["companies"]),
    }


def _show(gold: dict, row: dict) -> None:
    print(f"== {gold['file']} ({gold['split']}): {row['found']}/{row['gold']} found, {row['predicted']} predicted")
    for key, tag in (("misses", "miss"), ("extra", "extra"), ("wrong_subject", "subj")):
        for item in row[key]:
            print(f"   {tag:<6} {item}")


def _line(split: str, articles: int, s: dict) -> str:
    return (
        f"| {split} | {articles} | {s['gold']} | {s['figure_recall']} | {s['figure_precision']} | "
        f"{s['subject_n']} | {s['subject_accuracy']} | {s['project_recall']} ({s['projects']}) | "
        f"{s['company_recall']} ({s['companies']}) |"
    )


def main() -> None:
    report(
        __doc__.splitlines()[0],
        CORPUS,
        GOLD.glob("*.json"),
        score_file,
        summarise,
        _show,
        "| split | articles | gold figures | recall | precision | named subjects | subject right | projects R "
        "| companies R |\n|---|---|---|---|---|---|---|---|---|",
        _line,
    )


if __name__ == "__main__":
    main()
