"""Defect 13: every SPARQL worker death is logged with its cause, and nesting cannot crash one.

The attack: 5,000 nested ``{`` segfaulted pyoxigraph in the worker; the 503 said "see the server
log", which was empty. Now absurd bracket nesting is refused before any worker sees it (400),
long operator chains run on the worker's deep stack instead of overflowing it, and any death
(signal, exit code, memory cap, time limit, found dead while idle) is logged on the app's
logger with its cause and the query, answered with one line, and the worker replaced.
Updates and SERVICE stay refused whatever their spelling.
"""

from __future__ import annotations

import logging
import os
import signal
import textwrap
import threading
import time

import pytest

import web.sparql_runner as runner
from web import create_app
from web.sparql_check import MAX_NESTING

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def config(empty_store_config) -> dict:
    return empty_store_config


@pytest.fixture
def app(config):
    app = create_app({"TESTING": True, **config, "SPARQL_WORKERS": 1, "KG_SPARQL_TIMEOUT": 20})
    yield app
    if "sparql" in app.extensions:
        app.extensions["sparql"].close()


def ask(client) -> int:
    return client.get("/sparql", query_string={"query": "ASK {}"}).status_code


def logged(caplog, level: str, *needles: str) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.levelname == level and all(n in r.getMessage() for n in needles)
    ]


# -- deaths are logged --------------------------------------------------------------------------
def test_worker_killed_mid_query_is_logged_with_the_signal_and_answered_in_one_line(app, caplog):
    client = app.test_client()
    assert ask(client) == 200
    worker = app.extensions["sparql"].workers[0]
    first = worker.proc
    answer = []
    thread = threading.Thread(target=lambda: answer.append(client.get("/sparql", query_string={"query": SLOW})))
    thread.start()
    deadline = time.monotonic() + 5
    while app.extensions["sparql"].busy()[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # the query has reached the worker
    os.kill(first.pid, signal.SIGSEGV)  # what the 5,000-deep nesting did
    thread.join(10)
    response = answer[0]
    assert response.status_code == 503
    assert "SIGSEGV" in response.json["error"] and "\n" not in response.json["error"]
    assert logged(caplog, "ERROR", f"worker {first.pid} died", "SIGSEGV", "?g ?h ?i")
    assert ask(client) == 200 and worker.proc is not first


def test_worker_found_dead_while_idle_is_logged_and_replaced(app, caplog):
    client = app.test_client()
    assert ask(client) == 200
    dead = app.extensions["sparql"].workers[0].proc
    dead.kill()
    dead.wait()
    assert ask(client) == 200
    assert logged(caplog, "WARNING", f"worker {dead.pid} had died while idle", "SIGKILL")


def test_time_limit_kill_is_logged(config, caplog):
    app = create_app({"TESTING": True, **config, "SPARQL_WORKERS": 1, "KG_SPARQL_TIMEOUT": 1})
    try:
        response = app.test_client().get("/sparql", query_string={"query": SLOW})
        assert response.status_code == 503 and "KG_SPARQL_TIMEOUT" in response.json["error"]
        assert logged(caplog, "WARNING", "killed", "1-second limit", "?g ?h ?i")
    finally:
        app.extensions["sparql"].close()


FAKE_WORKERS = {  # stand-in worker scripts: say ready, read one request, then misbehave
    "exit": "sys.stderr.write('boom: the store exploded\\n'); sys.exit(7)",
    "memory": 'frame(b\'{"ok": false, "status": 503, "memory": true, "error": "out of memory"}\');'
    " frame(b''); sys.exit(3)",
    "huge": "out.write(struct.pack('>I', 2**31)); out.flush(); time.sleep(30)",
}


@pytest.mark.parametrize(
    "kind, status, message, log",
    [
        ("exit", 503, "exited with code 7", "boom: the store exploded"),
        ("memory", 503, "64 MB memory limit", "MemoryError"),
        ("huge", 503, "over its size limit", "2,147,483,648-byte frame"),
    ],
)
def test_every_way_a_worker_fails_is_logged_and_answered_in_one_line(
    tmp_path, monkeypatch, caplog, kind, status, message, log
):
    script = tmp_path / "worker.py"
    script.write_text(
        textwrap.dedent("""\
        import struct, sys, time
        out = sys.stdout.buffer
        def frame(data):
            out.write(struct.pack(">I", len(data)) + data); out.flush()
        frame(b'{"ready": true}')
        size = struct.unpack(">I", sys.stdin.buffer.read(4))[0]
        sys.stdin.buffer.read(size)
        """)
        + FAKE_WORKERS[kind]
        + "\n"
    )
    monkeypatch.setattr(runner, "WORKER_SCRIPT", script)
    pool = runner.WorkerPool(tmp_path, 1, memory_mb=64, log=logging.getLogger("sparql-test"))
    try:
        with pytest.raises(runner.KGError) as failure:
            pool.run({"query": "ASK {}", "max_bytes": 1000}, timeout=5)
        assert failure.value.status == status
        assert message in str(failure.value) and "\n" not in str(failure.value)
        assert logged(caplog, "ERROR", log)
        assert pool.workers[0].proc is None  # replaced on the next query
    finally:
        pool.close()


# -- nesting ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT (" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) WHERE {}",
        "SELECT * WHERE { ?s <http://x/p> " + "[ <http://x/p> " * 3000 + "]" * 3000 + " }",
    ],
)
def test_absurd_nesting_is_refused_before_any_worker_runs(app, query):
    response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    error = response.json["error"]
    assert error.startswith("the query nests brackets") and f"limit is {MAX_NESTING}" in error
    assert "sparql" not in app.extensions  # no worker was even started


def test_nesting_up_to_the_limit_runs(app):
    query = "SELECT * WHERE " + "{" * (MAX_NESTING - 1) + "}" * (MAX_NESTING - 1)
    response = app.test_client().get("/sparql", query_string={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["results"]["bindings"] == [{}]  # evaluated by a worker: one empty solution


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (" + "!" * 30_000 + "true AS ?x) WHERE {}",
        "SELECT * WHERE { BIND(1 AS ?s) FILTER(" + "&&".join(["true"] * 16_000) + ") }",
    ],
    ids=["30000-nots", "16000-ands"],
)
def test_long_operator_chains_run_on_the_deep_stack(app, caplog, query):
    """Both overflowed the 8 MB main stack of a worker (SIGSEGV) before queries got their own."""
    response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert not logged(caplog, "ERROR", "SPARQL worker")


# -- refusals stay ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "update",
    [
        "ADD <http://x/a> TO <http://x/b>",
        "MOVE DEFAULT TO <http://x/b>",
        "COPY <http://x/a> TO DEFAULT",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE DATA { <http://x/a> <http://x/b> 1 }",
        "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> 1 } } ; CLEAR ALL",
        "DROP SILENT ALL",
        "load silent <http://127.0.0.1:1/x.ttl> into graph <http://x/g>",
    ],
)
def test_every_update_form_is_refused(app, update):
    client = app.test_client()
    for response in (
        client.get("/sparql", query_string={"query": update}),
        client.post("/sparql", data=update, content_type="application/sparql-query"),
        client.post("/sparql", data=update, content_type="application/sparql-update"),
        client.post("/sparql", data={"update": update}),
    ):
        assert response.status_code == 400 and "read-only" in response.json["error"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } } }",
        "SELECT * WHERE { SeRvIcE SILENT ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:1/> } }",
    ],
)
def test_service_stays_refused(app, query):
    response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and "SERVICE" in response.json["error"]
