"""The ingest driver's work per document, alone in one process: before and after issue 15's write path.

Usage: python bench/bench_store_write.py [--docs 300] [--rounds 3]

Prepares, extracts and builds the first ``--docs`` vnnews articles once (not timed), pickles
each result as a worker sends it, then does what the ingest driver does with it, timed: unpickle
it and store it into a fresh Oxigraph store (``Ingestor._store``: entities staged, one
transaction per document, the change marker bumped). Three ways, all transactional:

* ``graphs+update``: the triples as rdflib graphs, written as one SPARQL ``INSERT DATA`` (before);
* ``graphs+load``: rdflib graphs, written as one N-Quads text through ``Store.load``;
* ``lines+load``: N-Triples lines (:mod:`kg.ntriples`), written through ``Store.load`` (now).

The rounds rotate the order, so a machine shared with other work weighs on all alike; the
figure to quote is the ratio of the medians. It also checks that all stores end with the same
quads, the union default graph included.
"""

from __future__ import annotations

import argparse
import pickle
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox
from rdflib import Graph

from kg.build import BuiltDocument
from kg.ingest import Ingestor, IngestReport
from kg.kb import KnowledgeBase
from kg.oxigraph_store import OxigraphStore
from kg.reader import read_file
from kg.workers import Prepared, prepared

CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"
CONFIG = {"KG_TOPIC_EMBEDDINGS": False}
MODES = ("graphs+update", "graphs+load", "lines+load")
BLANK = re.compile(r"_:\w+")


def prepare_all(n: int, iris) -> dict[str, list]:
    """Each document as a worker's pickled result, in both forms: ``{form: [(raw, bytes)]}``."""
    out: dict[str, list] = {"graphs": [], "lines": []}
    for path in sorted(CORPUS.glob("*.txt"))[:n]:
        for raw in read_file(path, 10_000_000):
            done = prepared(raw, iris, None, None)
            if done.error:
                continue
            graphs = BuiltDocument(
                *(
                    Graph(bind_namespaces="none").parse(data="\n".join(part.lines), format="nt")
                    for part in (done.built.document, done.built.entities)
                )
            )
            for form, built in (("graphs", graphs), ("lines", done.built)):
                out[form].append((raw, pickle.dumps(Prepared(done.doc, built), pickle.HIGHEST_PROTOCOL)))
    return out


def store_all(items: list, store_dir: Path, mode: str) -> tuple[float, float, list]:
    """Seconds for the driver's work (unpickle, stage, commit), of which in ``commit``, and the
    quads stored."""
    committed = [0.0]
    original, additions = OxigraphStore.commit, OxigraphStore._additions

    def timed(self, tx):
        started = time.perf_counter()
        original(self, tx)
        committed[0] += time.perf_counter() - started

    if mode.endswith("+update"):
        OxigraphStore._additions = lambda self, tx: None  # every commit as a SPARQL update
    OxigraphStore.commit = timed
    try:
        with KnowledgeBase({**CONFIG, "KG_STORE": str(store_dir)}) as kb:
            ingestor = Ingestor(kb.store, kb.iris, 10_000_000, on_commit=kb.bump_generation)
            report, started = IngestReport(), time.perf_counter()
            for raw, blob in items:
                done = pickle.loads(blob)
                ingestor._store(raw, done.doc, done.built, report)
            seconds = time.perf_counter() - started
            quads = sorted(BLANK.sub("_:b", str(q)) for q in kb.store._db)  # blank labels differ per store
    finally:
        OxigraphStore.commit, OxigraphStore._additions = original, additions
    return seconds, committed[0], quads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnkg-write-") as tmp:
        with KnowledgeBase({**CONFIG, "KG_STORE": str(Path(tmp) / "iris")}) as kb:
            iris = kb.iris
        items = prepare_all(args.docs, iris)
        times: dict[str, list] = {mode: [] for mode in MODES}
        stored = {}
        for round_ in range(args.rounds):
            for mode in MODES[round_ % 3 :] + MODES[: round_ % 3]:
                seconds, commit, quads = store_all(items[mode.split("+")[0]], Path(tmp) / f"{mode}{round_}", mode)
                times[mode].append((seconds, commit))
                stored[mode] = quads
    n = len(items["lines"])
    print(f"{n} documents, pyoxigraph {ox.__version__}, {args.rounds} rounds (median):")
    medians = {}
    for mode, rows in times.items():
        work = statistics.median(r[0] for r in rows) / n * 1000
        commit = statistics.median(r[1] for r in rows) / n * 1000
        medians[mode] = work
        print(
            f"  {mode:13s}: {work:5.1f} ms/doc in the driver, of which {commit:5.1f} ms in commit "
            f"(rounds: {', '.join(f'{r[0] / n * 1000:.1f}' for r in rows)})"
        )
    first, last = MODES[0], MODES[-1]
    print(
        f"  {last} is {medians[first] / medians[last]:.2f}x as fast as {first}; same quads: "
        f"{len({tuple(q) for q in stored.values()}) == 1} ({len(stored[last])} quads)"
    )


if __name__ == "__main__":
    main()
