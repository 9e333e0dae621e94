#!/usr/bin/env python3
"""Check the hand-labelled proposal gold in bench/gold/proposals/ and print its counts.

Usage: python bench/gold/proposals/check.py [--corpus DIR] [--quiet]

Checks, for every vnnews-NNNN.json and vnnews-b-NNNN.json next to this script:
  * the schema (keys, types, split values, one file per corpus article, file name = corpus + "-" + file;
    corpus "vnnews" or "vnnews-b"; optional key "round", 1 when absent);
  * that no article is also labelled in bench/gold/*.json (same corpus and file);
  * that the split is the one fixed before labelling: the round-1 files sorted by
    sha256("vnnews/" + file) give 16 train, then 8 dev, then 16 test; the round-2 files (fresh
    articles labelled after the round-1 results had been seen) are train or test, never dev, with
    ROUND2_SIZES articles in each (10 test, then 14 train added as training material);
  * that every topic is a concept of ontology/topics.ttl (local name after kgt:);
  * that "infrastructure" is true exactly when the topics hold kgt:infrastructure or a concept below it
    (skos:broader kgt:infrastructure, i.e. transport);
  * when the corpus is present (default ../shared/corpus next to the repository), that every
    sentence_start occurs verbatim in its article, and (warning only) that the text is nearly verbatim:
    at least 80 % of its words occur in the article.
Warnings (printed, not failures): proposals with no topic (nothing among the 20 concepts fits).
Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TOPICS_TTL = REPO / "ontology" / "topics.ttl"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

SPLITS = ("train", "dev", "test")
SPLIT_SIZES = {"train": 16, "dev": 8, "test": 16}  # round 1
ROUND2_SIZES = {"train": 14, "dev": 0, "test": 10}  # round 2: a fresh test set, then more training material
ROUND3_SIZES = {"train": 12, "dev": 0, "test": 12}  # round 3: vnnews 0001-0650, labelled after round 2's results
ROUND4_SIZES = {"train": 0, "dev": 0, "test": 12}  # round 4: a fresh test set over vnnews and vnnews-b
ROUND5_SIZES = {"train": 0, "dev": 0, "test": 14}  # round 5: another fresh test set, government and meeting reports
ROUND6_SIZES = {"train": 0, "dev": 0, "test": 12}  # round 6: another fresh test set from the articles left unlabelled
ROUND7_SIZES = {"train": 0, "dev": 0, "test": 10}  # round 7: the last fresh test set the nearly exhausted pool allowed
ROUND8_SIZES = {"train": 0, "dev": 0, "test": 12}  # round 8: a fresh test set from the unlabelled pool
ROUND9_SIZES = {"train": 0, "dev": 0, "test": 12}  # round 9: another fresh test set from what round 8 left
CORPORA = ("vnnews", "vnnews-b")
TOP_KEYS = {"corpus", "file", "split", "annotator_notes", "proposals", "optional_proposals"}
OPTIONAL_TOP_KEYS = {"round"}
ITEM_KEYS = {"text", "sentence_start", "cue", "proposer", "addressee", "infrastructure", "topics"}


def load_topics(path: Path) -> tuple[set[str], set[str]]:
    """Concept local names, and those at or below kgt:infrastructure."""
    text = path.read_text(encoding="utf-8")
    concepts = set(re.findall(r"^kgt:([A-Za-z0-9-]+)\s+a\s+skos:Concept\b", text, flags=re.M))
    broader: dict[str, str] = {}
    for block in re.split(r"\n(?=kgt:)", text):
        m = re.match(r"kgt:([A-Za-z0-9-]+)\s+a\s+skos:Concept\b", block)
        b = re.search(r"skos:broader\s+kgt:([A-Za-z0-9-]+)", block)
        if m and b:
            broader[m.group(1)] = b.group(1)
    infra = {"infrastructure"}
    changed = True
    while changed:
        changed = False
        for c, b in broader.items():
            if b in infra and c not in infra:
                infra.add(c)
                changed = True
    return concepts, infra


def words(s: str) -> list[str]:
    s = unicodedata.normalize("NFC", s).lower()
    return re.findall(r"\w+", s)


def expected_splits(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Round 1: the split by the hash of corpus + "/" + file (all round-1 files are vnnews)."""
    order = sorted(keys, key=lambda k: hashlib.sha256((k[0] + "/" + k[1]).encode()).hexdigest())
    out = {}
    for i, f in enumerate(order):
        out[f] = (
            "train"
            if i < SPLIT_SIZES["train"]
            else ("dev" if i < SPLIT_SIZES["train"] + SPLIT_SIZES["dev"] else "test")
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus root (holds vnnews/)")
    ap.add_argument("--quiet", action="store_true", help="counts and errors only")
    args = ap.parse_args()

    errors: list[str] = []
    warnings: list[str] = []
    concepts, infra_concepts = load_topics(TOPICS_TTL)
    if len(concepts) != 20:
        errors.append(f"{TOPICS_TTL}: expected 20 concepts, found {len(concepts)}")

    other_gold = set()
    for g in (HERE.parent).glob("*.json"):
        try:
            og = json.loads(g.read_text(encoding="utf-8"))
            other_gold.add((og.get("corpus"), og.get("file")))
        except json.JSONDecodeError as e:
            errors.append(f"{g.name}: {e}")

    corpus_dir = args.corpus / "vnnews"
    have_corpus = corpus_dir.is_dir()
    paths = sorted(HERE.glob("vnnews-*.json"))
    docs: dict[tuple[str, str], dict] = {}
    for p in paths:
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            errors.append(f"{p.name}: invalid JSON: {e}")
            continue
        name = p.name
        if not TOP_KEYS <= set(d) <= TOP_KEYS | OPTIONAL_TOP_KEYS:
            errors.append(f"{name}: keys {sorted(d)} != {sorted(TOP_KEYS)} (+ optional {sorted(OPTIONAL_TOP_KEYS)})")
            continue
        if d["corpus"] not in CORPORA:
            errors.append(f"{name}: corpus must be one of {CORPORA}")
            continue
        if not re.fullmatch(r"\d{4}\.txt", str(d["file"])) or name != f"{d['corpus']}-{d['file'][:-4]}.json":
            errors.append(f"{name}: file {d['file']!r} does not match the file name")
        if (d["corpus"], d["file"]) in other_gold:
            errors.append(f"{name}: {d['corpus']}/{d['file']} is already labelled in bench/gold/*.json")
        if d["split"] not in SPLITS:
            errors.append(f"{name}: split {d['split']!r} not in {SPLITS}")
        rnd = d.get("round", 1)
        if rnd not in (1, 2, 3, 4, 5, 6, 7, 8, 9) or isinstance(rnd, bool):
            errors.append(f"{name}: round {rnd!r} must be 1, 2, 3, 4, 5, 6, 7, 8 or 9")
        if "round" in d and rnd == 1:
            errors.append(f"{name}: round 1 is written by leaving the key out")
        if rnd in (2, 3, 4, 5, 6, 7, 8, 9) and d["split"] not in ("train", "test"):
            errors.append(f"{name}: round-{rnd} files are train or test, not {d['split']}")
        if not isinstance(d["annotator_notes"], str):
            errors.append(f"{name}: annotator_notes must be a string")
        article = None
        if have_corpus:
            ap_ = args.corpus / d["corpus"] / d["file"]
            if ap_.is_file():
                article = ap_.read_text(encoding="utf-8")
            else:
                errors.append(f"{name}: {ap_} not found")
        art_words = set(words(article)) if article else set()
        for key in ("proposals", "optional_proposals"):
            if not isinstance(d[key], list):
                errors.append(f"{name}: {key} must be a list")
                continue
            for i, it in enumerate(d[key]):
                where = f"{name}: {key}[{i}]"
                if not isinstance(it, dict) or set(it) != ITEM_KEYS:
                    errors.append(f"{where}: keys must be {sorted(ITEM_KEYS)}")
                    continue
                for k in ("text", "sentence_start", "cue"):
                    if not isinstance(it[k], str) or not it[k].strip():
                        errors.append(f"{where}: {k} must be a non-empty string")
                for k in ("proposer", "addressee"):
                    if it[k] is not None and (not isinstance(it[k], str) or not it[k].strip()):
                        errors.append(f"{where}: {k} must be a non-empty string or null")
                if not isinstance(it["infrastructure"], bool):
                    errors.append(f"{where}: infrastructure must be true/false")
                if not isinstance(it["topics"], list) or not all(isinstance(t, str) for t in it["topics"]):
                    errors.append(f"{where}: topics must be a list of strings")
                    continue
                bad = [t for t in it["topics"] if t not in concepts]
                if bad:
                    errors.append(f"{where}: unknown topics {bad}")
                if len(set(it["topics"])) != len(it["topics"]):
                    errors.append(f"{where}: duplicate topics")
                if not it["topics"]:
                    warnings.append(f"{where}: no topic")
                if isinstance(it["infrastructure"], bool) and it["infrastructure"] != bool(
                    set(it["topics"]) & infra_concepts
                ):
                    errors.append(f"{where}: infrastructure={it['infrastructure']} but topics {it['topics']}")
                if article is not None and isinstance(it["sentence_start"], str):
                    if it["sentence_start"] not in article:
                        errors.append(f"{where}: sentence_start not in article: {it['sentence_start']!r}")
                    tw = words(it["text"]) if isinstance(it["text"], str) else []
                    if tw:
                        share = sum(w in art_words for w in tw) / len(tw)
                        if share < 0.8:
                            warnings.append(f"{where}: only {share:.0%} of the text's words are in the article")
        if (d["corpus"], d["file"]) in docs:
            errors.append(f"{name}: {d['corpus']}/{d['file']} labelled twice")
        docs[(d["corpus"], d["file"])] = d

    # the split fixed before labelling
    round1 = [k for k, d in docs.items() if d.get("round", 1) == 1]
    exp = expected_splits(round1)
    for k in round1:
        d = docs[k]
        if d["split"] != exp[k]:
            errors.append(f"{k[0]}-{k[1][:-4]}.json: split {d['split']} but the hash rule gives {exp[k]}")
    sizes = Counter(docs[k]["split"] for k in round1)
    for s in SPLITS:
        if sizes[s] != SPLIT_SIZES[s]:
            errors.append(f"round 1, split {s}: {sizes[s]} articles, expected {SPLIT_SIZES[s]}")
    for rnd, expected in (
        (2, ROUND2_SIZES),
        (3, ROUND3_SIZES),
        (4, ROUND4_SIZES),
        (5, ROUND5_SIZES),
        (6, ROUND6_SIZES),
        (7, ROUND7_SIZES),
        (8, ROUND8_SIZES),
        (9, ROUND9_SIZES),
    ):
        later = Counter(d["split"] for d in docs.values() if d.get("round", 1) == rnd)
        for s in SPLITS:
            if later and later[s] != expected[s]:
                errors.append(f"round {rnd}, split {s}: {later[s]} articles, expected {expected[s]}")

    # counts
    # one row per (round, split) present, then per split over both rounds, then all
    def keep_rs(r, s):
        return lambda d: d.get("round", 1) == r and d["split"] == s

    def keep_s(s):
        return lambda d: d["split"] == s

    present = sorted(
        {(d.get("round", 1), d["split"]) for d in docs.values()},
        key=lambda rs: (rs[0], SPLITS.index(rs[1]) if rs[1] in SPLITS else 9),
    )
    groups = {}
    for r, s in present:
        groups[s if r == 1 else f"{s} round {r}"] = keep_rs(r, s)
    for s in SPLITS:
        if sum(1 for r, s2 in present if s2 == s) > 1:
            groups[f"{s}, all rounds"] = keep_s(s)
    groups["all"] = lambda d: True
    rows = []
    for s, keep in groups.items():
        ds = [d for d in docs.values() if keep(d)]
        props = [p for d in ds for p in d["proposals"]]
        opt = [p for d in ds for p in d["optional_proposals"]]
        rows.append(
            (
                s,
                len(ds),
                sum(1 for d in ds if not d["proposals"]),
                len(props),
                sum(p["infrastructure"] for p in props),
                len(opt),
                sum(p["infrastructure"] for p in opt),
            )
        )
    print("| split | articles | without proposals | proposals | infrastructure | optional | optional infrastructure |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    if not args.quiet:
        cues = Counter(p["cue"] for d in docs.values() for p in d["proposals"])
        print("\ncues (gold):", ", ".join(f"{c} {n}" for c, n in cues.most_common()))
        for s in SPLITS:
            cues2 = Counter(
                p["cue"] for d in docs.values() if d.get("round", 1) == 2 and d["split"] == s for p in d["proposals"]
            )
            if cues2:
                print(f"cues (gold, {s} round 2):", ", ".join(f"{c} {n}" for c, n in cues2.most_common()))
        topics = Counter(t for d in docs.values() for p in d["proposals"] for t in p["topics"])
        print("topics (gold):", ", ".join(f"{c} {n}" for c, n in topics.most_common()))
        with_addr = sum(p["addressee"] is not None for d in docs.values() for p in d["proposals"])
        with_prop = sum(p["proposer"] is not None for d in docs.values() for p in d["proposals"])
        print(f"gold with proposer: {with_prop}, with addressee: {with_addr}")
        for s in SPLITS:
            r2 = [p for d in docs.values() if d.get("round", 1) == 2 and d["split"] == s for p in d["proposals"]]
            if r2:
                print(
                    f"gold {s} round 2 ({len(r2)}) with proposer: {sum(p['proposer'] is not None for p in r2)}, "
                    f"with addressee: {sum(p['addressee'] is not None for p in r2)}"
                )
    if not have_corpus:
        print(f"\nnote: {corpus_dir} not found; sentence_start and text were not checked against the articles")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    print(f"\n{len(docs)} files, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
