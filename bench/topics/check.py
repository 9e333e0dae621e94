#!/usr/bin/env python3
"""Validate bench/topics/statements.jsonl and print counts per topic and split.

Checks, per line:
  * valid JSON with exactly the keys id, corpus, file, split, text, topics, kind;
  * corpus is vnnews or vnnews-b, file is NNNN.txt, id is "<corpus>-<NNNN>-<n>" and unique;
  * split is train/dev/test, every statement of an article has the same split, and that split is
    the one given by the fixed hash of the file name (see split_of below and README.md);
  * kind is one of proposal, directive, plan, goal, decision, assessment;
  * topics is a list of distinct local names of skos:Concepts in ontology/topics.ttl;
  * the file is not one of the extraction gold files (bench/gold/*.json);
  * text is non-empty and, when the corpus is present (../shared/corpus beside the repository, or
    --corpus DIR), occurs verbatim in the article (whitespace normalised only);
  * at most 5 % of the statements have no topic.

Prints counts per topic and split, with the topics as labelled and with skos:broader implied.
Exit status 0 when every check passes, 1 otherwise.  --markdown prints the count tables as Markdown.
No third-party packages are needed.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the repository (…/main)
DATA = HERE / "statements.jsonl"
TTL = ROOT / "ontology" / "topics.ttl"
GOLD = ROOT / "bench" / "gold"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

KEYS = {"id", "corpus", "file", "split", "text", "topics", "kind"}
CORPORA = {"vnnews", "vnnews-b"}
SPLITS = ("train", "dev", "test")
KINDS = {"proposal", "directive", "plan", "goal", "decision", "assessment"}
MAX_EMPTY_SHARE = 0.05


def split_of(corpus: str, file: str) -> str:
    """The fixed article split: first 8 hex digits of sha1("<corpus>/<file>") modulo 10.

    0-5 -> train, 6-7 -> dev, 8-9 -> test (about 60/20/20 of the articles).
    """
    h = int(hashlib.sha1(f"{corpus}/{file}".encode()).hexdigest()[:8], 16) % 10
    return "train" if h < 6 else ("dev" if h < 8 else "test")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_topics(ttl: Path) -> tuple[list[str], dict[str, str]]:
    """Concept local names (file order) and each concept's skos:broader, read from topics.ttl."""
    text = ttl.read_text(encoding="utf-8")
    names: list[str] = []
    broader: dict[str, str] = {}
    # Each concept block starts with "kgt:<name> a skos:Concept ;" and ends with " ." at line end.
    for m in re.finditer(r"^kgt:([A-Za-z0-9_-]+)\s+a\s+skos:Concept\s*;(.*?)\s\.\s*$", text, re.M | re.S):
        name, body = m.group(1), m.group(2)
        names.append(name)
        b = re.search(r"skos:broader\s+kgt:([A-Za-z0-9_-]+)", body)
        if b:
            broader[name] = b.group(1)
    return names, broader


def gold_files(gold_dir: Path) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for p in gold_dir.glob("*.json"):
        try:
            g = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(g, dict) and "corpus" in g and "file" in g:
            out.add((str(g["corpus"]), str(g["file"])))
    return out


def with_broader(topics: list[str], broader: dict[str, str]) -> set[str]:
    out = set()
    for t in topics:
        while t and t not in out:
            out.add(t)
            t = broader.get(t)
    return out


def table(title: str, names: list[str], counts: dict[str, collections.Counter], markdown: bool) -> str:
    rows = []
    for n in names + ["(none)"]:
        c = counts.get(n, collections.Counter())
        rows.append((n, c["train"], c["dev"], c["test"], sum(c.values())))
    if markdown:
        lines = [f"**{title}**", "", "| topic | train | dev | test | total |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {n} | {a} | {b} | {c} | {t} |" for n, a, b, c, t in rows]
    else:
        lines = [title, f"{'topic':24s}{'train':>7s}{'dev':>7s}{'test':>7s}{'total':>7s}"]
        lines += [f"{n:24s}{a:7d}{b:7d}{c:7d}{t:7d}" for n, a, b, c, t in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus directory holding vnnews/ and vnnews-b/ (default: ../shared/corpus)",
    )
    ap.add_argument("--markdown", action="store_true", help="print the count tables as Markdown")
    args = ap.parse_args(argv)

    errors: list[str] = []
    names, broader = load_topics(TTL)
    valid = set(names)
    if len(names) != 20:
        errors.append(f"{TTL}: expected 20 concepts, found {len(names)}")
    gold = gold_files(GOLD)
    corpus_ok = args.corpus.is_dir()
    articles: dict[tuple[str, str], str] = {}

    rows = []
    seen_ids: set[str] = set()
    seen_text: set[tuple[str, str, str]] = set()
    for ln, line in enumerate(args.data.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{args.data.name}:{ln}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            r = json.loads(line)
        except ValueError as e:
            errors.append(f"{where}: not JSON ({e})")
            continue
        if not isinstance(r, dict) or set(r) != KEYS:
            errors.append(f"{where}: keys {sorted(r) if isinstance(r, dict) else type(r).__name__} != {sorted(KEYS)}")
            continue
        corpus, file, sid = r["corpus"], r["file"], r["id"]
        if corpus not in CORPORA:
            errors.append(f"{where}: corpus {corpus!r}")
        if not (isinstance(file, str) and re.fullmatch(r"\d{4}\.txt", file)):
            errors.append(f"{where}: file {file!r}")
            continue
        if not (isinstance(sid, str) and re.fullmatch(re.escape(f"{corpus}-{file[:-4]}-") + r"[1-9]\d*", sid)):
            errors.append(f"{where}: id {sid!r} does not match {corpus}-{file[:-4]}-<n>")
        if sid in seen_ids:
            errors.append(f"{where}: duplicate id {sid}")
        seen_ids.add(sid)
        if (corpus, file) in gold:
            errors.append(f"{where}: {corpus}/{file} is an extraction gold file")
        if r["split"] not in SPLITS:
            errors.append(f"{where}: split {r['split']!r}")
        elif r["split"] != split_of(corpus, file):
            errors.append(f"{where}: split {r['split']} but the hash gives {split_of(corpus, file)}")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind {r['kind']!r}")
        topics = r["topics"]
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            errors.append(f"{where}: topics must be a list of strings")
            continue
        bad = [t for t in topics if t not in valid]
        if bad:
            errors.append(f"{where}: unknown topics {bad}")
        if len(set(topics)) != len(topics):
            errors.append(f"{where}: repeated topic in {topics}")
        text = r["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
            continue
        key = (corpus, file, norm(text))
        if key in seen_text:
            errors.append(f"{where}: same text twice for {corpus}/{file}")
        seen_text.add(key)
        if corpus_ok and corpus in CORPORA:
            if (corpus, file) not in articles:
                p = args.corpus / corpus / file
                articles[(corpus, file)] = norm(p.read_text(encoding="utf-8")) if p.is_file() else ""
                if not p.is_file():
                    errors.append(f"{where}: no article {p}")
            if articles[(corpus, file)] and norm(text) not in articles[(corpus, file)]:
                errors.append(f"{where}: text of {sid} not found verbatim in {corpus}/{file}")
        rows.append(r)

    # one split per article
    per_article: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for r in rows:
        per_article[(r["corpus"], r["file"])].add(r["split"])
    for (c, f), s in sorted(per_article.items()):
        if len(s) > 1:
            errors.append(f"{c}/{f}: statements in several splits {sorted(s)}")

    empty = sum(1 for r in rows if not r["topics"])
    if rows and empty / len(rows) > MAX_EMPTY_SHARE:
        errors.append(f"{empty} of {len(rows)} statements have no topic (> {MAX_EMPTY_SHARE:.0%})")

    # counts
    direct: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    implied: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in rows:
        for t in r["topics"] or ["(none)"]:
            direct[t][r["split"]] += 1
        for t in with_broader(r["topics"], broader) if r["topics"] else {"(none)"}:
            implied[t][r["split"]] += 1
    split_rows = collections.Counter(r["split"] for r in rows)
    split_arts = collections.Counter(next(iter(s)) for s in per_article.values() if len(s) == 1)
    kinds = collections.Counter(r["kind"] for r in rows)

    md = args.markdown
    print(
        f"{len(rows)} statements from {len(per_article)} articles "
        f"({sum(1 for c, _ in per_article if c == 'vnnews')} vnnews, "
        f"{sum(1 for c, _ in per_article if c == 'vnnews-b')} vnnews-b)"
    )
    print("statements per split: " + ", ".join(f"{s} {split_rows[s]}" for s in SPLITS))
    print("articles per split:   " + ", ".join(f"{s} {split_arts[s]}" for s in SPLITS))
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print(f"topics per statement: mean {sum(len(r['topics']) for r in rows) / max(len(rows), 1):.2f}, no topic {empty}")
    if not corpus_ok:
        print(f"note: corpus not found at {args.corpus}; verbatim check skipped")
    print()
    print(table("Positive statements per topic (as labelled)", names, direct, md))
    print()
    print(table("Positive statements per topic (skos:broader implied)", names, implied, md))
    thin = [n for n in names if sum(direct[n].values()) < 15]
    if thin:
        print(f"\nwarning: fewer than 15 positives: {', '.join(thin)}")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors[:200]:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
