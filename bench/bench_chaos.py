"""Chaos: ``kill -9`` a ``kg ingest`` at random points; do the store and the passage index agree?

Usage: python bench/bench_chaos.py [--runs 20] [--files 40] [--seed 14]
       [--corpus ../shared/corpus/vnnews] [--keep DIR]

Each run ingests the same input (``--files`` corpus articles; the demo article and
``tests/data`` when ``../shared`` is absent) into a fresh store with the ``kg`` command as
installed (``python -m web ingest``: the graph, then the search index sync; ``python -m kg``
would skip the index) and sends SIGKILL after a random delay drawn uniformly over the
length of an uninterrupted run, measured first. After the kill it checks:

* the store: every stored document complete (its sentence count matches its sentences);
* the index against the store: no document in the index that the store lacks or holds with
  other content (``ahead``), documents not indexed yet (``behind``), passages without vectors;
* a damaged index (files a killed sync left half-written) counts as disagreement.

Then it runs the documented recovery, the same ``kg ingest`` again to its end, and checks
that the two agree exactly: the same documents with the same content hashes, every document
with passages, every passage with its vector. Prints a table.

``--uploads`` measures instead what a web user sees during one uninterrupted ingest: a
document is added through the app (``POST /api/documents``, in this process) every
``--every`` seconds, and the answers are counted per phase of the ingest (graph, index).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.errors import KGError
from kg.kb import KnowledgeBase
from kg.namespaces import sparql_prefixes

INCOMPLETE = (
    sparql_prefixes()
    + """
    SELECT ?doc WHERE { ?doc a kg:Document ; kg:sentenceCount ?n . OPTIONAL { ?s kg:inDocument ?doc } }
    GROUP BY ?doc ?n HAVING (COUNT(?s) != ?n)"""
)


def inputs(args, folder: Path) -> int:
    """Copy the run's input files into ``folder``; their number."""
    folder.mkdir(parents=True)
    if args.corpus.is_dir():
        files = sorted(args.corpus.glob("*.txt"))
        files = random.Random(args.seed).sample(files, min(args.files, len(files)))
    else:
        files = [
            *sorted((ROOT / "kg" / "data" / "demo").glob("*.txt")),
            *sorted((ROOT / "tests" / "data").rglob("*.txt")),
        ]
    for i, path in enumerate(files):
        shutil.copy(path, folder / f"{i:03d}-{path.name}")
    return len(files)


def ingest(store: Path, folder: Path, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "web", "--store", str(store), "ingest", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def state(store: Path) -> dict:
    """What the store and its index hold, and how they disagree."""
    from search.index import Index

    out = {"graph": 0, "index": 0, "behind": 0, "ahead": 0, "pending": 0, "empty": 0, "incomplete": 0, "damaged": ""}
    if not (store / "graph").exists():
        return out
    with KnowledgeBase({"KG_STORE": str(store)}, read_only=True) as kb:
        stored = {d.doc_id: d.content_hash for d in kb.documents()}
        out["incomplete"] = len(kb.store.query(INCOMPLETE))
    out["graph"] = len(stored)
    try:
        index = Index.open(store / "index")
    except (KGError, OSError, ValueError) as err:
        out["damaged"] = str(err).splitlines()[0][:80]
        return out
    indexed = {d.id: d.hash for d in index.docs} if index is not None else {}
    out["index"] = len(indexed)
    out["behind"] = sum(1 for i, h in stored.items() if indexed.get(i) != h)
    out["ahead"] = sum(1 for i, h in indexed.items() if stored.get(i) != h)
    if index is not None and index.count:
        out["pending"] = int((~index.embedded()).sum())
        out["empty"] = sum(1 for d in index.docs if d.stop <= d.first)
    return out


def agree(s: dict, n: int) -> bool:
    return s["graph"] == s["index"] == n and not (
        s["behind"] or s["ahead"] or s["pending"] or s["empty"] or s["incomplete"] or s["damaged"]
    )


def uploads(store: Path, folder: Path, env: dict, log: Path, every: float) -> None:
    """Add a small document through the web app every ``every`` s while ``kg ingest`` runs."""
    from web import create_app

    KnowledgeBase({"KG_STORE": str(store), "KG_BASE_IRI": env["KG_BASE_IRI"]}).close()
    client = create_app({"TESTING": True, "KG_STORE": str(store), "KG_BASE_IRI": env["KG_BASE_IRI"]}).test_client()
    warm = client.post("/api/documents", json={"title": "Tin", "text": "UBND tỉnh Thái Nguyên họp bàn."})
    assert warm.status_code == 201, warm.json  # the models are loaded before the clock starts
    started = time.perf_counter()
    proc, answers, i = ingest(store, folder, env, log), [], 0
    time.sleep(3)  # let the ingest open the store first: it is the ingest that is measured
    while proc.poll() is None:
        i += 1
        phase = "index" if " added, " in log.read_text(errors="replace") else "graph"
        t = time.perf_counter()
        text = f"Tin số {i}: UBND tỉnh Thái Nguyên đề xuất nâng cấp đường tỉnh {200 + i} qua thành phố Sông Công."
        response = client.post("/api/documents", json={"title": f"Tin thử {i}", "text": text})
        answers.append((phase, response.status_code, time.perf_counter() - t))
        time.sleep(max(0.0, every - (time.perf_counter() - t)))
    whole = time.perf_counter() - started
    print(f"uploads while `kg ingest` ran ({whole:.0f} s):\n")
    print("| ingest phase | uploads | added (201) | refused (503) | other | median s | max s |")
    print("|---|---|---|---|---|---|---|")
    for phase in ("graph", "index"):
        mine = [a for a in answers if a[0] == phase]
        if mine:
            took = sorted(a[2] for a in mine)
            codes = [a[1] for a in mine]
            print(
                f"| {phase} | {len(mine)} | {codes.count(201)} | {codes.count(503)} | "
                f"{len(codes) - codes.count(201) - codes.count(503)} | {took[len(took) // 2]:.1f} | {took[-1]:.1f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vnnews")
    parser.add_argument("--keep", type=Path, help="work here and keep the stores (default: a temporary folder)")
    parser.add_argument("--uploads", action="store_true", help="measure web uploads during one ingest instead")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two uploads (--uploads)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vnkg-chaos-"))
    folder = work / "in"
    n = inputs(args, folder)
    env = {**os.environ, "KG_BASE_IRI": "http://kg.test/"}
    if args.uploads:
        uploads(work / "uploads", folder, env, work / "uploads.log", args.every)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return
    rng = random.Random(args.seed)

    started = time.perf_counter()
    full = ingest(work / "calibrate", folder, env, work / "calibrate.log")
    full.wait()
    whole = time.perf_counter() - started
    print(
        f"{n} files; an uninterrupted `kg ingest` takes {whole:.1f} s "
        f"(graph and index agree: {agree(state(work / 'calibrate'), n)})\n"
    )
    print(
        "| run | kill at s | phase | docs in graph | in index | index behind | index ahead | "
        "passages without vector | incomplete docs | index damaged | recovery s | agree after |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    results = []
    for run in range(1, args.runs + 1):
        store, log = work / f"run{run:02d}", work / f"run{run:02d}.log"
        delay = rng.uniform(0.5, whole)
        proc = ingest(store, folder, env, log)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        phase = "ended" if finished else ("index" if " added, " in log.read_text(errors="replace") else "graph")
        after_kill = state(store)
        t = time.perf_counter()
        ingest(store, folder, env, work / f"run{run:02d}-recovery.log").wait()
        recovery = time.perf_counter() - t
        recovered = state(store)
        ok = agree(recovered, n)
        results.append((after_kill, ok))
        s = after_kill
        print(
            f"| {run} | {delay:.1f} | {phase} | {s['graph']} | {s['index']} | {s['behind']} | {s['ahead']} | "
            f"{s['pending']} | {s['incomplete']} | {s['damaged'] or 'no'} | {recovery:.1f} | "
            f"{'yes' if ok else 'NO'} |",
            flush=True,
        )
    print(
        f"\n{len(results)} kills: index never ahead of the store in "
        f"{sum(1 for s, _ in results if not s['ahead'])}, no incomplete document in "
        f"{sum(1 for s, _ in results if not s['incomplete'])}, no damaged index in "
        f"{sum(1 for s, _ in results if not s['damaged'])}; agreeing after one recovery run: "
        f"{sum(1 for _, ok in results if ok)} (work folder: {work})"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
