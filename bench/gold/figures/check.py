#!/usr/bin/env python3
"""Validate the hand-labelled figures gold (bench/gold/figures/*.json) and print its counts.

Usage: python bench/gold/figures/check.py [--corpus DIR]

Checks every file for the schema described in README.md (required keys, split values, the
optional "round" (a positive integer; absent means round 1), no unknown keys, kinds, comparators,
subject types, decimal values or ranges, year/period shapes, flags), that subjects typed
Project/Company are listed in "projects"/"companies", and that no article is also in the older
gold (bench/gold/*.json). When the corpus is present (default: <repo>/../shared/corpus) it
also checks that each figure's "sentence_start" occurs verbatim in the article and that its
"text" occurs in the article after that point. Exit status 1 on any error.
"""

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

TOP_KEYS = {"corpus", "file", "split", "annotator_notes", "projects", "companies", "figures", "optional_figures"}
OPTIONAL_TOP_KEYS = {"round"}  # labelling round; absent = round 1
SPLITS = ("train", "dev", "test")
PROJECT_KEYS = {"name", "kind", "aliases", "located_in", "investor", "contractor"}
PROJECT_KINDS = {
    "Expressway",
    "Bridge",
    "Interchange",
    "Tunnel",
    "Railway",
    "Metro",
    "Airport",
    "Seaport",
    "Canal",
    "UrbanArea",
    "Factory",
    "Hospital",
    "School",
    "Building",
    "Project",
}
COMPANY_KEYS = {"name", "aliases", "kind"}
COMPANY_KINDS = {"Company", "Group", "Bank", "StateCorporation", "Foreign"}
FIGURE_KEYS = {
    "text",
    "sentence_start",
    "value",
    "unit",
    "comparator",
    "measure",
    "subject",
    "subject_type",
    "year",
    "period",
    "is_target",
    "estimated",
}
COMPARATORS = {"=", ">", "<", ">=", "<=", "≈"}
SUBJECT_TYPES = {
    "Project",
    "Company",
    "IndustrialPark",
    "Road",
    "Province",
    "City",
    "Ward",
    "Organization",
    "Nation",
    "Sector",
    "Other",
}
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
YEAR = re.compile(r"^\d{4}$")
PERIOD = re.compile(r"^\d{4}-\d{4}$")
# how far (characters) after its sentence_start a figure's text may begin
MAX_OFFSET = 1500


def parse_value(v):
    """A plain decimal ("1500000000", "9.5") or a range of two ("2-3", "4.90-5.70")."""
    if not isinstance(v, str):
        return None
    parts = v.split("-") if not v.startswith("-") else [v]
    if len(parts) not in (1, 2) or not all(DECIMAL.match(p) for p in parts):
        return None
    try:
        return [Decimal(p) for p in parts]
    except InvalidOperation:
        return None


def check_file(path, corpus_dir, old_files):
    errors = []

    def err(msg):
        errors.append(f"{path.name}: {msg}")

    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return None, [f"{path.name}: cannot load ({e})"]
    missing = TOP_KEYS - d.keys()
    if missing:
        err(f"missing keys {sorted(missing)}")
        return d, errors
    if d["corpus"] != "vnnews":
        err(f"corpus {d['corpus']!r} is not vnnews")
    if not re.fullmatch(r"\d{4}\.txt", d["file"]) or path.name != f"vnnews-{d['file'][:-4]}.json":
        err(f"file {d['file']!r} does not match the file name")
    if d["file"] in old_files:
        err(f"{d['file']} is also in the older gold (bench/gold/*.json)")
    if d["split"] not in SPLITS:
        err(f"split {d['split']!r} not in {SPLITS}")
    extra = d.keys() - TOP_KEYS - OPTIONAL_TOP_KEYS
    if extra:
        err(f"unknown keys {sorted(extra)}")
    if "round" in d and (not isinstance(d["round"], int) or isinstance(d["round"], bool) or d["round"] < 1):
        err(f"round {d['round']!r} is not a positive integer")
    if not isinstance(d["annotator_notes"], str):
        err("annotator_notes is not a string")

    names = {"Project": set(), "Company": set()}
    for p in d["projects"]:
        if set(p) != PROJECT_KEYS:
            err(f"project {p.get('name')!r}: keys {sorted(set(p) ^ PROJECT_KEYS)} wrong")
            continue
        if p["kind"] not in PROJECT_KINDS:
            err(f"project {p['name']!r}: kind {p['kind']!r}")
        if not (isinstance(p["aliases"], list) and isinstance(p["located_in"], list)):
            err(f"project {p['name']!r}: aliases/located_in must be lists")
        for k in ("investor", "contractor"):
            if p[k] is not None and not isinstance(p[k], str):
                err(f"project {p['name']!r}: {k} must be a string or null")
        names["Project"].add(p["name"])
    for c in d["companies"]:
        if set(c) != COMPANY_KEYS:
            err(f"company {c.get('name')!r}: keys {sorted(set(c) ^ COMPANY_KEYS)} wrong")
            continue
        if c["kind"] not in COMPANY_KINDS:
            err(f"company {c['name']!r}: kind {c['kind']!r}")
        if not isinstance(c["aliases"], list):
            err(f"company {c['name']!r}: aliases must be a list")
        names["Company"].add(c["name"])
    for kind, ns in names.items():
        if len(ns) != len(d["projects" if kind == "Project" else "companies"]):
            err(f"duplicate {kind.lower()} names")

    text = None
    if corpus_dir is not None:
        art = corpus_dir / "vnnews" / d["file"]
        if art.exists():
            text = art.read_text(encoding="utf-8")
        else:
            err(f"article {art} not found")

    for group in ("figures", "optional_figures"):
        for i, f in enumerate(d[group]):
            where = f"{group}[{i}] {f.get('text')!r}"
            if set(f) != FIGURE_KEYS:
                err(f"{where}: keys {sorted(set(f) ^ FIGURE_KEYS)} wrong")
                continue
            if parse_value(f["value"]) is None:
                err(f"{where}: value {f['value']!r} is not a decimal or range")
            if not isinstance(f["unit"], str) or not f["unit"]:
                err(f"{where}: empty unit")
            if f["comparator"] not in COMPARATORS:
                err(f"{where}: comparator {f['comparator']!r}")
            if f["subject_type"] not in SUBJECT_TYPES:
                err(f"{where}: subject_type {f['subject_type']!r}")
            if not f["subject"] or not f["measure"]:
                err(f"{where}: empty subject or measure")
            if f["year"] is not None and not (isinstance(f["year"], str) and YEAR.match(f["year"])):
                err(f"{where}: year {f['year']!r}")
            if f["period"] is not None and not (isinstance(f["period"], str) and PERIOD.match(f["period"])):
                err(f"{where}: period {f['period']!r}")
            if not isinstance(f["is_target"], bool) or not isinstance(f["estimated"], bool):
                err(f"{where}: is_target/estimated must be booleans")
            if group == "figures" and f["subject_type"] in names and f["subject"] not in names[f["subject_type"]]:
                err(f"{where}: subject {f['subject']!r} not listed in {f['subject_type'].lower()}s")
            if text is not None:
                at = text.find(f["sentence_start"])
                if at < 0:
                    err(f"{where}: sentence_start {f['sentence_start']!r} not in the article")
                else:
                    j = text.find(f["text"], at)
                    if j < 0 or j - at > MAX_OFFSET:
                        err(f"{where}: text not found after its sentence_start")
    return d, errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="corpus root holding vnnews/ (default: <repo>/../shared/corpus)",
    )
    args = ap.parse_args(argv)
    corpus_dir = args.corpus if (args.corpus / "vnnews").is_dir() else None

    old_files = set()
    for p in (HERE.parent).glob("vnnews-*.json"):
        try:
            old_files.add(json.loads(p.read_text(encoding="utf-8")).get("file"))
        except (OSError, ValueError):
            pass

    files = sorted(HERE.glob("vnnews-*.json"))
    all_errors = []
    per = {s: Counter() for s in SPLITS}  # keyed by split, or "split rN" for rounds after 1
    stypes = Counter()
    units = Counter()
    for path in files:
        d, errors = check_file(path, corpus_dir, old_files)
        all_errors += errors
        if d is None or d.get("split") not in SPLITS:
            continue
        rnd = d.get("round", 1)
        key = d["split"] if rnd == 1 else f"{d['split']} r{rnd}"
        c = per.setdefault(key, Counter())
        c["articles"] += 1
        c["figures"] += len(d.get("figures", []))
        c["optional"] += len(d.get("optional_figures", []))
        c["projects"] += len(d.get("projects", []))
        c["companies"] += len(d.get("companies", []))
        c["named subject"] += sum(f.get("subject_type") not in ("Other", "Sector") for f in d.get("figures", []))
        for f in d.get("figures", []):
            stypes[f.get("subject_type")] += 1
            units[f.get("unit")] += 1

    cols = ["articles", "figures", "optional", "named subject", "projects", "companies"]
    print("split     " + "  ".join(f"{c:>13}" for c in cols))
    total = Counter()
    for s in per:
        total.update(per[s])
        print(f"{s:<9} " + "  ".join(f"{per[s][c]:>13}" for c in cols))
    print("total     " + "  ".join(f"{total[c]:>13}" for c in cols))
    print("subject types:", ", ".join(f"{k} {v}" for k, v in stypes.most_common()))
    print("units:", ", ".join(f"{k} {v}" for k, v in units.most_common()))
    print("corpus:", corpus_dir if corpus_dir else "absent (sentence_start not checked)")
    if all_errors:
        print(f"\n{len(all_errors)} error(s):")
        for e in all_errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
