"""Defect 1: a /sparql query is bounded in memory and in bytes, not only in rows and time.

The attacks: ``SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f`` grew a worker by about
0.5 GB/s until the 10-second timeout (four at once: 9.7 GB), and 25 chained
``BIND(CONCAT(?s, ?s))`` returned one row of 537 MB; the row cap bounded neither. Now each
worker runs under an address-space cap (``KG_SPARQL_MEMORY_MB`` above its size with the store
open) and the worker serialises at most ``KG_SPARQL_MAX_BYTES``: past either the answer is a
one-line error (503 / 413) naming the limit, and a worker that hit the memory cap is replaced.

The store holds only the ontology (about 2,000 triples), so the tests use small limits: the
cross join is about 4 million rows, which passes 64 MB within a second.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from web import create_app

CROSS_JOIN_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
MEMORY_MB = 64
MAX_BYTES = 50_000


def doubling(times: int) -> str:
    """A query whose one value is 16 characters doubled ``times`` times (25: 537 MB)."""
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(times))
    return f'SELECT ?s{times} WHERE {{ BIND("0123456789abcdef" AS ?s0) {binds} }}'


@pytest.fixture(scope="module")
def config(empty_store_config) -> dict:
    return empty_store_config


@pytest.fixture
def make_app(config):
    apps = []

    def make(**extra):
        apps.append(create_app({"TESTING": True, **config, "SPARQL_WORKERS": 1, **extra}))
        return apps[-1]

    yield make
    for app in apps:
        if "sparql" in app.extensions:
            app.extensions["sparql"].close()


def assert_one_line_error(response, status: int, *needles: str) -> str:
    assert response.status_code == status
    error = response.json["error"]
    assert "\n" not in error and "Traceback" not in error
    for needle in needles:
        assert needle in error
    return error


@pytest.mark.parametrize("query", [CROSS_JOIN_SORT, doubling(25)], ids=["cross-join-sort", "concat-x25"])
def test_memory_hungry_query_is_stopped_at_the_memory_cap_and_the_worker_replaced(make_app, caplog, query):
    app = make_app(KG_SPARQL_MEMORY_MB=MEMORY_MB, KG_SPARQL_TIMEOUT=30)
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    first = app.extensions["sparql"].workers[0].proc
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": query})
    assert time.monotonic() - started < 10  # the cap, not the 30-second time limit, stopped it
    assert_one_line_error(response, 503, f"{MEMORY_MB} MB", "KG_SPARQL_MEMORY_MB")
    assert first.poll() is not None
    records = [r for r in caplog.records if r.levelname == "ERROR" and "KG_SPARQL_MEMORY_MB" in r.getMessage()]
    assert records and "memory allocation" in records[0].getMessage()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).json["boolean"] is True
    assert app.extensions["sparql"].workers[0].proc is not first


def test_worker_address_space_is_capped_above_its_size_with_the_store_open(make_app):
    if not Path("/proc/self/limits").exists():
        pytest.skip("address-space limits are read from /proc (Linux)")
    app = make_app(KG_SPARQL_MEMORY_MB=MEMORY_MB)
    assert app.test_client().get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    pid = app.extensions["sparql"].workers[0].proc.pid
    limit = next(
        line for line in Path(f"/proc/{pid}/limits").read_text().splitlines() if line.startswith("Max address space")
    ).split()[3]
    size = next(
        int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmSize")
    )
    assert 0 < int(limit) - size <= MEMORY_MB << 20


LARGE = "SELECT * WHERE { ?s ?p ?o }"  # about 2,000 rows: well over 50 kB in every format


@pytest.mark.parametrize(
    "query, fmt",
    [
        (LARGE, "json"),
        (LARGE, "xml"),
        (LARGE, "csv"),
        (LARGE, "tsv"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "nt"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "jsonld"),
        (doubling(14), "json"),  # one 262 kB value
    ],
)
def test_result_over_the_byte_cap_is_refused_in_one_line(make_app, query, fmt):
    client = make_app(KG_SPARQL_MAX_BYTES=MAX_BYTES).test_client()
    response = client.get("/sparql", query_string={"query": query, "format": fmt})
    assert_one_line_error(response, 413, f"{MAX_BYTES:,}-byte limit", "KG_SPARQL_MAX_BYTES")


def test_results_under_the_byte_cap_are_whole(make_app):
    client = make_app(KG_SPARQL_MAX_BYTES=MAX_BYTES).test_client()
    response = client.get("/sparql", query_string={"query": doubling(10)})  # one 16 kB value
    assert response.status_code == 200
    assert len(json.loads(response.data)["results"]["bindings"][0]["s10"]["value"]) == 16 << 10


def test_query_page_shows_the_byte_cap_error_in_place(make_app):
    client = make_app(KG_SPARQL_MAX_BYTES=MAX_BYTES).test_client()
    page = client.get("/sparql", query_string={"query": LARGE}, headers={"Accept": "text/html"})
    assert page.status_code == 413
    assert "KG_SPARQL_MAX_BYTES" in page.data.decode() and "Traceback" not in page.data.decode()
