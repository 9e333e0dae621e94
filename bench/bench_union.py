"""Union semantics on a big store: duplicate rows, a 3-pattern join, true mention counts, start-up, /api/ask.

Usage: python bench/bench_union.py --store DIR [--json OUT] [--runs 5] [--max-rows 200000]
                                   [--budget 120] [--no-startup] [--no-web]

Why (issue 10): when every document graph carries its own copy of an entity's description,
the union default graph returns one row per copy, so queries on busy entities multiply and
counts lie. This script measures that on an existing store, the same way before and after a
change of the storage layer; it uses only the ``kg`` command line, the public
``KnowledgeBase``/``Store`` API (``kb.store.query``) and the HTTP API, so it runs against old
and new code alike. To measure another checkout, put it first on ``PYTHONPATH``: every
subprocess inherits it and runs from a temporary directory, so ``python -m kg`` (``python -m
web`` in code that has web/commands.py) imports that checkout rather than whatever the current
directory holds. ``kg stats`` opens the store for writing, and code that upgrades a store's
layout on open will upgrade an old store: measure a copy to keep the old one as it was.

Figures:

* documents, quads (``kg stats --json``) and size on disk (total and per top-level folder);
* for TP HCM (``entity/province/79``), Hà Nội (``entity/province/01``) and the entity with most
  mentions: rows vs distinct rows of ``SELECT * WHERE { <e> ?p ?o }`` and of the join below,
  and the join's times (median of ``--runs``);
* Hà Nội's true mention count (distinct ``kg:Mention`` nodes, matched inside ``GRAPH ?g`` so a
  copy in another graph cannot add a row) next to what the ``/sparql`` page's example
  "Most mentioned entities" returns for it, run verbatim through the store and through ``/sparql``;
* start-up: ``kg ask`` in a fresh process, twice (wall time), and the phases of the same code
  path in one fresh ``python -c`` process (imports, open, answerer built, first answer);
* ``kg serve``: time from spawn to the first ``/api/ask`` answer, then ``/api/ask`` p50/p95 with
  one client over every form of ``bench/qa_questions.json`` (one warm-up pass, one timed pass).

The join is what an entity page reads: the entity's description next to each of its
mentions and the sentence it occurs in,
``SELECT * WHERE { <e> ?p ?o . ?m kg:refersTo <e> . ?m kg:inSentence ?s }``. Its distinct
size is (facts of e) x (mentions of e); with one description copy per document its row
count is that times the number of copies. Row counts are counted by the store
(``COUNT(*)``, which keeps duplicates), so a join of millions of rows is never fetched into
Python; the join is timed as the ``COUNT(*)`` query, as a ``SELECT DISTINCT *`` fetch, and
as a full ``SELECT *`` fetch when it has at most ``--max-rows`` rows. A query whose first run
exceeds ``--budget`` seconds is not repeated.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import bench_web  # the load-test helpers: fetch, free_port, wait_until_serving, one_request, percentile

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "bench" / "qa_questions.json"
FORMS = ("vi", "vi_nodiac", "en")
ENTITIES = {"TP HCM": "entity/province/79", "Hà Nội": "entity/province/01"}
FACTS = "<{e}> ?p ?o"
JOIN = "<{e}> ?p ?o . ?m kg:refersTo <{e}> . ?m kg:inSentence ?s"
TRUE_MENTIONS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m a kg:Mention ; kg:refersTo <{e}> }} }}"
MOST_MENTIONED = """SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a kg:Mention ; kg:refersTo ?e } }
GROUP BY ?e ORDER BY DESC(?n) LIMIT 1"""
# The /sparql page's example as committed in 0cb3838 (web/sparql_page.py), used only when the
# running code no longer has an example of that name.
EXAMPLE_FALLBACK = """\
SELECT ?entity ?label (COUNT(?mention) AS ?mentions) WHERE {
  ?mention a kg:Mention ; kg:refersTo ?entity .
  ?entity rdfs:label ?label .
}
GROUP BY ?entity ?label
ORDER BY DESC(?mentions)
LIMIT 20"""
STARTUP_QUESTION = "các khu công nghiệp ở Thái Nguyên"
STARTUP_CODE = """\
import json, sys, time
t0 = time.perf_counter()
from kg.kb import KnowledgeBase
from search.api import Searcher
from search.qa import Answerer
t1 = time.perf_counter()
kb = KnowledgeBase({"KG_STORE": sys.argv[1]}, read_only=True)
t2 = time.perf_counter()
answerer = Answerer(kb, Searcher(kb))
t3 = time.perf_counter()
result = answerer.ask(sys.argv[2])
t4 = time.perf_counter()
print(json.dumps({"imports_s": t1 - t0, "open_s": t2 - t1, "answerer_s": t3 - t2, "first_answer_s": t4 - t3,
                  "answers": len(result.answers)}))
"""


def cli_module() -> str:
    """The module that runs the whole `kg` command: `web` since the command line is assembled by
    the package on top, `kg` in a checkout from before that (an old commit first on PYTHONPATH).

    Looks for web/commands.py in the `web` package that imports, not with
    find_spec("web.commands"): the editable install's finder answers that from /work/main even
    when PYTHONPATH puts an older `web` first.
    """
    spec = importlib.util.find_spec("web")
    places = (spec.submodule_search_locations or []) if spec else []
    return "web" if any((Path(p) / "commands.py").exists() for p in places) else "kg"


CLI_MODULE = cli_module()


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="an existing store directory")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query; the median is reported")
    parser.add_argument("--max-rows", type=int, default=200_000, help="fetch and time the join only up to this size")
    parser.add_argument("--budget", type=float, default=120, help="seconds after which a query is not repeated")
    parser.add_argument("--question", default=STARTUP_QUESTION, help="the question of the start-up timing")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up timings")
    parser.add_argument("--no-web", action="store_true", help="skip kg serve, /sparql and /api/ask")
    return parser.parse_args(argv)


# -- subprocesses -------------------------------------------------------------------------


def kg_command(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", CLI_MODULE, "--store", str(store), *args]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run from a neutral directory so ``python -m`` imports what PYTHONPATH names, not the cwd's copy."""
    return subprocess.run(cmd, cwd=tempfile.gettempdir(), capture_output=True, text=True, **kwargs)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def code_version() -> dict:
    """Which checkout is measured: the kg package's path and its git commit (and whether it is dirty)."""
    import kg

    top = Path(kg.__file__).resolve().parents[1]
    head = run(["git", "-C", str(top), "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run(["git", "-C", str(top), "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    return {"kg": str(Path(kg.__file__).parent), "commit": head + ("-dirty" if dirty else "")}


# -- size ---------------------------------------------------------------------------------


def store_size(store: Path) -> dict:
    """``kg stats --json`` (documents, quads) and bytes on disk, whole and per top-level folder."""
    done = run(kg_command(store, "stats", "--json"), check=True)
    stats = json.loads(done.stdout)
    folders = {p.name: _bytes(p) for p in sorted(store.iterdir()) if p.is_dir()}
    return {
        "documents": stats["documents"],
        "quads": stats["quads"],
        "graphs": stats.get("graphs"),
        "disk_bytes": _bytes(store),
        "folder_bytes": folders,
    }


def _bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- queries through the store API ---------------------------------------------------------


def prefixes() -> str:
    """The PREFIX lines the /sparql page declares for its queries."""
    from kg.namespaces import PREFIXES

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def scalar(kb, sparql: str) -> int:
    rows = kb.store.query(prefixes() + sparql)
    return int(next(iter(rows[0].values())))


def rows_and_distinct(kb, where: str) -> tuple[int, int]:
    """Rows of ``SELECT * WHERE {where}`` as the union returns them (COUNT(*) keeps duplicates), and distinct rows."""
    rows = scalar(kb, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    distinct = scalar(kb, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}")
    return rows, distinct


def timed(func, runs: int, budget: float) -> dict:
    """Median wall time of ``func()`` over ``runs`` calls; one call only when it exceeds ``budget`` s."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - started)
        if seconds[-1] > budget:
            break
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "runs": len(seconds),
        "all_ms": [round(s * 1000, 1) for s in seconds],
    }


def entity_figures(kb, iri: str, args) -> dict:
    """Facts and join of one entity: rows, distinct rows, and the join's times."""
    label_rows = kb.store.query(prefixes() + f"SELECT DISTINCT ?l WHERE {{ <{iri}> rdfs:label ?l }}")
    facts, facts_distinct = rows_and_distinct(kb, FACTS.format(e=iri))
    join = JOIN.format(e=iri)
    join_rows, join_distinct = rows_and_distinct(kb, join)
    return {
        "iri": iri,
        "labels": sorted({str(r["l"]) for r in label_rows}),
        "facts_rows": facts,
        "facts_distinct": facts_distinct,
        "join_rows": join_rows,
        "join_distinct": join_distinct,
        **join_times(kb, join, join_rows, args),
        "load": load(),
    }


def join_times(kb, join: str, rows: int, args) -> dict:
    """The join timed three ways: COUNT(*) in the store (always), the SELECT * fetch a client
    makes (when it has at most ``--max-rows`` rows), and SELECT DISTINCT * (what a client that
    knows about the duplicates fetches; its size is the distinct count, so always fetchable)."""
    count = prefixes() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {join} }}"
    select = prefixes() + f"SELECT * WHERE {{ {join} }}"
    distinct = prefixes() + f"SELECT DISTINCT * WHERE {{ {join} }}"
    return {
        "join_count_time": timed(lambda: kb.store.query(count), args.runs, args.budget),
        "join_select_time": timed(lambda: len(kb.store.query(select)), args.runs, args.budget)
        if rows <= args.max_rows
        else None,
        "join_distinct_select_time": timed(lambda: len(kb.store.query(distinct)), args.runs, args.budget),
    }


def example_query() -> tuple[str, str]:
    """The /sparql page's "Most mentioned entities" example, from the running code when it still has it."""
    try:
        from web.sparql_page import EXAMPLES
    except ImportError:
        return "fallback copy (0cb3838)", EXAMPLE_FALLBACK
    found = [ex.query for ex in EXAMPLES if "most mentioned" in ex.en.lower()]
    return ("web.sparql_page.EXAMPLES", found[0]) if found else ("fallback copy (0cb3838)", EXAMPLE_FALLBACK)


def mention_figures(kb, iri: str) -> dict:
    """Hà Nội's true mention count next to what the page's example says (store API)."""
    source, query = example_query()
    started = time.perf_counter()
    rows = kb.store.query(prefixes() + query)
    seconds = time.perf_counter() - started
    said = [{"label": str(r["label"]), "mentions": int(r["mentions"])} for r in rows if str(r["entity"]) == iri]
    return {
        "iri": iri,
        "true_mentions": scalar(kb, TRUE_MENTIONS.format(e=iri)),
        "example_source": source,
        "example_query": query,
        "example_says": said,
        "example_ms": round(seconds * 1000, 1),
        "example_top": {"entity": str(rows[0]["entity"]), "mentions": int(rows[0]["mentions"])} if rows else None,
    }


def graph_figures(store: Path, args) -> dict:
    """Everything measured through ``kb.store.query`` on a read-only opening."""
    from kg.kb import KnowledgeBase

    kb = KnowledgeBase({"KG_STORE": str(store)}, read_only=True)
    try:
        base = kb.iris.base
        entities = {name: base + path for name, path in ENTITIES.items()}
        top = kb.store.query(prefixes() + MOST_MENTIONED)
        if top:
            entities.setdefault("most mentioned", str(top[0]["e"]))
        rows = {}
        for name, iri in entities.items():
            if iri in {r["iri"] for r in rows.values()}:
                rows[name] = {**next(r for r in rows.values() if r["iri"] == iri), "same_as_above": True}
                continue
            rows[name] = entity_figures(kb, iri, args)
            print(f"  {name}: {rows[name]['join_rows']:,} join rows", file=sys.stderr)
        return {"entities": rows, "hanoi_mentions": mention_figures(kb, entities["Hà Nội"])}
    finally:
        kb.close()


# -- start-up -----------------------------------------------------------------------------


def startup_figures(store: Path, question: str) -> dict:
    """Fresh-process time to the first answer: ``kg ask`` twice, then the same path in phases."""
    cli = []
    for _ in range(2):
        started = time.perf_counter()
        done = run(kg_command(store, "ask", question))
        cli.append({"seconds": round(time.perf_counter() - started, 2), "ok": done.returncode == 0, "load": load()})
    started = time.perf_counter()
    done = run([sys.executable, "-c", STARTUP_CODE, str(store), question])
    wall = time.perf_counter() - started
    phases = json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr[-1000:]}
    phases = {k: round(v, 2) if isinstance(v, float) else v for k, v in phases.items()}
    return {"question": question, "kg_ask": cli, "phases": phases | {"wall_s": round(wall, 2)}}


# -- the web ------------------------------------------------------------------------------


@contextmanager
def serving(store: Path):
    """``kg serve`` over ``store`` on a free port, started from a neutral directory; yields (url, spawn time)."""
    meta = store / "meta.json"
    base_iri = json.loads(meta.read_text())["base_iri"] if meta.exists() else ""
    port = bench_web.free_port()
    env = {**os.environ, "KG_STORE": str(store), **({"KG_BASE_IRI": base_iri} if base_iri else {})}
    log_path = Path(tempfile.gettempdir()) / f"bench_union_serve_{port}.log"
    with open(log_path, "wb") as log:
        spawned = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", CLI_MODULE, "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tempfile.gettempdir(),
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            bench_web.wait_until_serving(url, proc, log_path)
            yield url, spawned
        finally:
            bench_web.stop(proc)


def questions(path: Path = QUESTIONS) -> list[str]:
    """Every form of every question of the QA set, in file order (as eval_qa.py asks them)."""
    items = json.loads(path.read_text("utf-8"))["items"]
    return [item["forms"][form] for item in items for form in FORMS]


def sparql_http(url: str, query: str) -> dict:
    """Run ``query`` through ``/sparql`` as the page does; SPARQL JSON results or the error."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    started = time.perf_counter()
    try:
        conn.request("GET", "/sparql?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    seconds = round(time.perf_counter() - started, 2)
    if response.status != 200:
        return {"status": response.status, "error": body[:300].decode("utf-8", "replace"), "seconds": seconds}
    return {"status": 200, "bindings": json.loads(body)["results"]["bindings"], "seconds": seconds}


def example_over_http(url: str, iri: str) -> dict:
    _, query = example_query()
    answer = sparql_http(url, query)
    bindings = answer.pop("bindings", [])
    said = [
        {"label": b["label"]["value"], "mentions": int(b["mentions"]["value"])}
        for b in bindings
        if b["entity"]["value"] == iri
    ]
    return answer | {"example_says": said}


def ask_latency(url: str, forms: list[str]) -> dict:
    """One client, one kept-alive connection: every form once to warm up, then once timed."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    for form in forms:
        _, _, conn = bench_web.one_request(url, conn, "ask", "/api/ask?q=" + quote(form))
    timed_runs, errors = [], []
    for form in forms:
        seconds, error, conn = bench_web.one_request(url, conn, "ask", "/api/ask?q=" + quote(form))
        timed_runs.append((seconds, form))
        if error:
            errors.append(error)
    conn.close()
    ordered = sorted(s for s, _ in timed_runs)
    slowest = sorted(timed_runs, reverse=True)[:5]
    return {
        "forms": len(ordered),
        "errors": len(errors),
        "error_samples": errors[:5],
        **{f"p{p}_ms": round(bench_web.percentile(ordered, p) * 1000, 1) for p in (50, 95)},
        "max_ms": round(ordered[-1] * 1000, 1),
        "load": load(),
        "slowest": [[round(s * 1000, 1), q] for s, q in slowest],
    }


def web_figures(store: Path, hanoi: str) -> dict:
    """Spawn-to-first-answer of ``kg serve``, the page's example over ``/sparql``, ``/api/ask`` latency."""
    forms = questions()
    with serving(store) as (url, spawned):
        _, _, _ = bench_web.fetch(url, "/api/ask?q=" + quote(forms[0]))
        first = time.perf_counter() - spawned
        return {
            "serve_first_answer_s": round(first, 2),
            "sparql_example": example_over_http(url, hanoi),
            "ask": ask_latency(url, forms),
        }


# -- report -------------------------------------------------------------------------------


def _said(says: list[dict]) -> str:
    return ", ".join(f"{s['mentions']:,} ({s['label']})" for s in says) or "nothing (not among its rows)"


def _ms(timing: dict | None) -> str:
    return "–" if timing is None else f"{timing['median_ms']:,} ({timing['runs']} runs)"


def size_lines(fig: dict) -> list[str]:
    size, setup, folders = fig["size"], fig["setup"], fig["size"]["folder_bytes"]
    return [
        f"store {setup['store']} · code {setup['code']['kg']} @ {setup['code']['commit']} · {setup['machine']}",
        "",
        "| documents | quads | graphs | disk MB | " + " | ".join(f"{k} MB" for k in folders) + " |",
        "|---|---|---|---|" + "---|" * len(folders),
        f"| {size['documents']:,} | {size['quads']:,} | {size['graphs']} | {size['disk_bytes'] / 1e6:.1f} | "
        + " | ".join(f"{b / 1e6:.1f}" for b in folders.values())
        + " |",
    ]


def entity_lines(fig: dict) -> list[str]:
    lines = [
        "",
        "| entity | facts rows / distinct | join rows / distinct | join SELECT * ms "
        "| join SELECT DISTINCT * ms | join COUNT(*) ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in fig["graph"]["entities"].items():
        lines.append(
            f"| {name} ({r['iri'].rsplit('/entity/', 1)[-1]}) | {r['facts_rows']:,} / {r['facts_distinct']:,} "
            f"| {r['join_rows']:,} / {r['join_distinct']:,} | {_ms(r['join_select_time'])} "
            f"| {_ms(r.get('join_distinct_select_time'))} | {_ms(r['join_count_time'])} |"
        )
    m = fig["graph"]["hanoi_mentions"]
    lines += [
        "",
        f"Hà Nội mentions: true {m['true_mentions']:,}; the /sparql example says "
        + _said(m["example_says"])
        + f" [{m['example_ms']:,} ms, {m['example_source']}]",
    ]
    if "web" in fig:
        h = fig["web"]["sparql_example"]
        said = _said(h["example_says"]) if h["status"] == 200 else f"HTTP {h['status']} {h['error'][:120]}"
        lines.append(f"  through /sparql: {said} [{h['seconds']} s]")
    return lines


def timing_lines(fig: dict) -> list[str]:
    lines = []
    if "startup" in fig:
        s = fig["startup"]
        lines += [
            "",
            "start-up: kg ask in a fresh process "
            + ", ".join(f"{c['seconds']} s" for c in s["kg_ask"])
            + "; phases "
            + ", ".join(f"{k} {v}" for k, v in s["phases"].items()),
        ]
    if "web" in fig:
        w, a = fig["web"], fig["web"]["ask"]
        lines += [
            f"kg serve: spawn to first /api/ask answer {w['serve_first_answer_s']} s",
            f"/api/ask, one client, {a['forms']} forms: p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, "
            f"max {a['max_ms']} ms, errors {a['errors']} (load {a['load']})",
        ]
    return lines


def report(fig: dict) -> str:
    return "\n".join(size_lines(fig) + entity_lines(fig) + timing_lines(fig))


def machine() -> str:
    return f"{os.cpu_count()} cores, load average {load()} at start"


def main(argv=None) -> int:
    args = parse_args(argv)
    store = args.store.resolve()
    if not (store / "meta.json").exists():
        raise SystemExit(f"no store at {store}")
    fig = {
        "setup": {
            "store": str(store),
            "code": code_version(),
            "machine": machine(),
            "runs": args.runs,
            "join": JOIN,
            "python": sys.executable,
        }
    }
    print("sizes…", file=sys.stderr)
    fig["size"] = store_size(store)
    print("queries…", file=sys.stderr)
    fig["graph"] = graph_figures(store, args)
    if not args.no_startup:
        print("start-up…", file=sys.stderr)
        fig["startup"] = startup_figures(store, args.question)
    if not args.no_web:
        print("web…", file=sys.stderr)
        fig["web"] = web_figures(store, fig["graph"]["hanoi_mentions"]["iri"])
    fig["setup"]["load_at_end"] = load()
    print(report(fig))
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if fig.get("web", {}).get("ask", {}).get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
