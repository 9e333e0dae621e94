"""Defect 3: expensive SPARQL queries cannot stall the rest of the site.

The attack: ten slow queries at once. Each held a waitress thread while it waited for one of
the two workers, so every thread was taken and ``/documents`` did not answer for 21 s. Now a
request waits for a busy worker only while fewer than ``KG_SPARQL_QUEUE`` others wait; past
that it gets 503 with ``Retry-After`` at once, so SPARQL holds at most workers + queue threads.

The server here is waitress itself (4 threads, 1 worker, a queue of 1), as ``kg serve`` runs it:
the Flask test client has no thread pool, so it could not show the stall.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import waitress.server

from kg.kb import KnowledgeBase
from web import create_app

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8e9 rows, little memory
TIMEOUT = 4  # a request queued behind the slow query would take this long; fast ones take milliseconds
FAST = 2.5  # the bound a request turned away or served must beat, with room for a loaded 2-core machine
THREADS = 4


@pytest.fixture
def server(tmp_path):
    """(base URL, app) of waitress serving an ontology-only store with one SPARQL worker."""
    config = {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}
    KnowledgeBase(config).close()
    app = create_app(
        {"TESTING": True, **config, "SPARQL_WORKERS": 1, "KG_SPARQL_QUEUE": 1, "KG_SPARQL_TIMEOUT": TIMEOUT}
    )
    httpd = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=THREADS)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}", app
    httpd.close()
    httpd.task_dispatcher.shutdown()
    if "sparql" in app.extensions:
        app.extensions["sparql"].close()


def get(url: str) -> tuple[int, dict, float]:
    """(status, headers, seconds) of one GET."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers), time.monotonic() - started
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, dict(err.headers), time.monotonic() - started


def sparql_url(base: str, query: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query})


def test_slow_queries_past_the_queue_fail_fast_and_other_pages_keep_answering(server):
    base, app = server
    assert get(sparql_url(base, "ASK {}"))[0] == 200  # the worker is up
    results = []
    attackers = [
        threading.Thread(target=lambda: results.append(get(sparql_url(base, SLOW)))) for _ in range(2 * THREADS)
    ]
    for attacker in attackers:
        attacker.start()
    pool = app.extensions["sparql"]
    deadline = time.monotonic() + 5
    while pool.busy() != (1, 1) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pool.busy() == (1, 1)  # one query running, one waiting: the rest were turned away

    status, _, seconds = get(f"{base}/documents")
    assert status == 200 and seconds < FAST
    status, headers, seconds = get(sparql_url(base, "ASK {}"))
    assert status == 503 and seconds < FAST
    assert headers["Retry-After"] == str(TIMEOUT)

    for attacker in attackers:
        attacker.join()
    turned_away = [r for r in results if r[1].get("Retry-After")]
    assert len(turned_away) >= 2 * THREADS - 2
    assert all(status == 503 and seconds < FAST for status, _, seconds in turned_away)
    assert get(sparql_url(base, "ASK {}"))[0] == 200  # and the endpoint recovers
