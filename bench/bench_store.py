"""Oxigraph vs rdflib's memory store saved to a file: load, reopen and query on the corpus.

Usage: python bench/bench_store.py [--docs 200] [--corpus ../shared/corpus/vnnews]

Documents are prepared once (NLP is not what is measured); then each backend stores them
one transaction per document, as ``kg ingest`` does, is closed and reopened, and runs the
same queries. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import document_graph
from kg.document import prepare
from kg.iris import Iris
from kg.kb import disk_usage
from kg.namespaces import sparql_prefixes
from kg.reader import RawDocument, read_file
from kg.store import open_store

QUERIES = {
    "count per class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "3-pattern join": """SELECT ?title (COUNT(?s) AS ?n) WHERE {
        ?s kg:inDocument ?d . ?d dcterms:title ?title . ?s kg:startOffset ?o FILTER(?o > 100)
      } GROUP BY ?title""",
    "text filter": """SELECT ?s WHERE { ?s a kg:Sentence ; schema:text ?t
        FILTER(CONTAINS(LCASE(STR(?t)), "thái nguyên")) }""",
}


def graphs(corpus: Path, n: int, iris: Iris):
    out = []
    for path in sorted(corpus.glob("*.txt"))[:n]:
        for raw in read_file(path, 10_000_000):
            if isinstance(raw, RawDocument):
                doc = prepare(raw)
                out.append((iris.doc_graph(doc.doc_id), document_graph(doc, iris)))
    return out


def timed(fn, repeat=1):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times)


def bench(backend: str, data, workdir: Path) -> dict:
    path = workdir / backend
    store = open_store(path, backend)

    def load():
        for name, graph in data:
            store.add_graph(name, graph)

    _, load_s = timed(load)
    store.close()
    store, reopen_s = timed(lambda: open_store(path, backend))
    row = {
        "backend": backend,
        "load s": load_s,
        "reopen s": reopen_s,
        "quads": len(store),
        "disk MB": disk_usage(path) / 1e6,
    }
    for label, q in QUERIES.items():
        _, row[label + " ms"] = timed(lambda q=q: store.query(sparql_prefixes() + q), repeat=5)
        row[label + " ms"] *= 1000
    store.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vnnews")
    args = parser.parse_args()
    iris = Iris("http://127.0.0.1:5000/")
    data, prep_s = timed(lambda: graphs(args.corpus, args.docs, iris))
    print(f"{len(data)} documents, {sum(len(g) for _, g in data)} triples (prepared in {prep_s:.1f} s)\n")
    with tempfile.TemporaryDirectory() as tmp:
        rows = [bench(b, data, Path(tmp)) for b in ("oxigraph", "rdflib-file")]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row.values()) + " |")


if __name__ == "__main__":
    main()
