"""Ingest into the embedded store and into a SPARQL server, on the same documents (issue 15).

Usage: python bench/bench_store_backends.py [--docs 200] [--rounds 2] [--embeddings]
       [--url http://host:port --dialect standard|virtuoso --query-path ... (another server)]

Starts a fresh ``oxigraph serve`` on a free loopback port over a temporary directory for
each server run (unless ``--url`` names a running server, emptied before each run), then
ingests (1) the seed article and (2) the first ``--docs`` vnnews articles into a fresh embedded
store and into a fresh server store, ``--rounds`` times in the order embedded, server, server,
embedded, ... so that a machine
getting busier or quieter does not favour one backend. Everything is measured in this one
process after a warm-up ingest (underthesea and, with ``--embeddings``, the encoder are
loaded before any timed run). Printed per corpus and backend: the median ingest seconds,
the seconds spent inside the store's own methods (commit, query, graph...), the lexical
index sync (which reads every new document back from the store), and the ratio
server / embedded, with the quads each store ends with (they must agree).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.kb import KnowledgeBase
from kg.oxigraph_store import OxigraphStore
from kg.sparql_store import SparqlStore

CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed"
TIMED = ("commit", "query", "graph", "graph_names", "export", "__len__")


@contextmanager
def oxigraph_server(location: Path):
    """``oxigraph serve`` on a free port; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    executable = Path(sys.executable).with_name("oxigraph")
    proc = subprocess.Popen(
        [
            str(executable if executable.exists() else "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait()


class StoreClock:
    """Seconds spent inside the store classes' methods (both backends), per run."""

    def __init__(self):
        self.seconds = 0.0
        for cls in (OxigraphStore, SparqlStore):
            for name in TIMED:
                setattr(cls, name, self._timed(getattr(cls, name)))

    def _timed(self, method):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def ingest(config: dict, docs: list[Path], clock: StoreClock) -> dict:
    from search.sync import sync_index

    with KnowledgeBase(config) as kb:
        clock.seconds = 0.0
        started = time.perf_counter()
        report = kb.ingest(docs, workers=1)
        seconds, in_store = time.perf_counter() - started, clock.seconds
        started = time.perf_counter()
        sync_index(kb, embed=False)
        sync = time.perf_counter() - started
        quads = len(kb.store)
    assert not report.failures, report.failures[:3]
    return {"ingest": seconds, "store": in_store, "sync": sync, "quads": quads, "docs": report.added}


def clear(config: dict) -> None:
    """Empty the server's vnkg data (a fresh store for the next run)."""
    store = SparqlStore.open(Path(config["KG_STORE"]) / "graph", config=config)
    for name in store.graph_names():
        store.drop_graph(name)
    store.rebuild_union()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--embeddings", action="store_true", help="topic embeddings on (the encoder runs per document)")
    parser.add_argument("--url", help="a running SPARQL server instead of a fresh oxigraph serve")
    parser.add_argument("--dialect", default="standard")
    parser.add_argument("--query-path", default="/query")
    parser.add_argument("--update-path", default="/update")
    parser.add_argument("--gsp-path", default="/store")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    clock = StoreClock()
    with tempfile.TemporaryDirectory(prefix="vnkg-backends-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "vnnews"
        folder.mkdir()
        for path in sorted((CORPUS / "vnnews").glob("*.txt"))[: args.docs]:
            shutil.copy(path, folder / path.name)
        corpora = {"seed (1 article)": [SEED], f"vnnews ({args.docs} articles)": [folder]}
        base = {"KG_TOPIC_EMBEDDINGS": args.embeddings, "KG_BASE_IRI": "http://127.0.0.1:5000/"}
        ingest({**base, "KG_STORE": str(tmp / "warm-up")}, [SEED], clock)  # models loaded once, here
        remote = {
            "KG_STORE_BACKEND": "sparql",
            "KG_STORE_DIALECT": args.dialect,
            "KG_STORE_QUERY_PATH": args.query_path,
            "KG_STORE_UPDATE_PATH": args.update_path,
            "KG_STORE_GSP_PATH": args.gsp_path,
        }
        results = {}
        for corpus, docs in corpora.items():
            for n, backend in enumerate(_order(args.rounds)):
                name = f"{backend}-{len(results)}-{n}"
                config = {**base, "KG_STORE": str(tmp / name)}
                if backend == "oxigraph":
                    run = ingest(config, docs, clock)
                else:  # a fresh server each run, as the embedded store is fresh (or the one given, emptied)
                    with oxigraph_server(tmp / f"{name}-server") if not args.url else _given(args.url) as url:
                        config.update(remote, KG_STORE_URL=url)
                        if args.url:
                            clear(config)
                        run = ingest(config, docs, clock)
                results.setdefault(corpus, {}).setdefault(backend, []).append(run)
    report(results, args)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


@contextmanager
def _given(url: str):
    yield url


def _order(rounds: int) -> list[str]:
    pairs = [("oxigraph", "sparql"), ("sparql", "oxigraph")]
    return [backend for r in range(rounds) for backend in pairs[r % 2]]


def report(results: dict, args) -> None:
    print(
        f"topic embeddings {'on' if args.embeddings else 'off'}; {args.rounds} runs per backend "
        f"(median); server: {args.url or 'oxigraph serve (fresh)'}, dialect {args.dialect}"
    )
    print(
        f"{'corpus':<24} {'backend':<9} {'ingest s':>9} {'in store s':>10} {'index sync s':>12} "
        f"{'quads':>8} {'ratio':>6}"
    )
    for corpus, by_backend in results.items():
        medians = {
            b: {k: statistics.median(r[k] for r in runs) for k in ("ingest", "store", "sync")}
            for b, runs in by_backend.items()
        }
        for backend, runs in by_backend.items():
            m = medians[backend]
            ratio = m["ingest"] / medians["oxigraph"]["ingest"]
            quads = sorted({r["quads"] for r in runs})
            print(
                f"{corpus:<24} {backend:<9} {m['ingest']:9.2f} {m['store']:10.2f} {m['sync']:12.2f} "
                f"{','.join(map(str, quads)):>8} {ratio:5.2f}x"
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
