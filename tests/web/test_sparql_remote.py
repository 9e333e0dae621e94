"""The web app and ``/sparql`` over the ``sparql`` store backend (a real Oxigraph server).

The store holds the same three documents as the web tests' demo store, kept on a server this
module starts (with ``--timeout-s``, so a query cut off here stops there too). The whole
protocol suite of ``test_sparql.py`` is imported and runs again over it, with this module's
``client``/``app``/``make_app``; the worker-process timeout test is replaced by one for
forwarded queries. Pages and the JSON API are checked to read the server too.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from kg.kb import KnowledgeBase
from tests.sparql_server import ExternalServer, OxigraphServer, oxigraph_executable
from tests.web import test_sparql as protocol
from tests.web.conftest import BASE_IRI, DEMO, MULTIDOC, SEED
from web import create_app

# Every protocol test runs here too (pytest collects imported test functions with this module's fixtures).
for _name in dir(protocol):
    if _name.startswith("test_") and _name != "test_timeout_stops_the_query_and_the_next_one_runs":
        globals()[_name] = getattr(protocol, _name)

SERVER_TIMEOUT_S = 3


@pytest.fixture(scope="module")
def remote_server(tmp_path_factory):
    if os.environ.get("VNKG_TEST_SPARQL"):  # another server (tests/sparql_server.py)
        server = ExternalServer(json.loads(os.environ["VNKG_TEST_SPARQL"]))
        server.clear()
        yield server
        return
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the `oxigraph` server executable is absent (pip install oxigraph; the test extras have it)")
    server = OxigraphServer(
        executable, tmp_path_factory.mktemp("remote") / "db", ("--timeout-s", str(SERVER_TIMEOUT_S))
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote_config(remote_server, tmp_path_factory) -> dict:
    """The demo documents ingested into the server; the store directory keeps the index."""
    from search.sync import sync_index

    config = {
        "KG_STORE": str(tmp_path_factory.mktemp("remote-store") / "store"),
        "KG_BASE_IRI": BASE_IRI,
        "KG_TOPIC_EMBEDDINGS": False,
        **remote_server.config(),
    }
    with KnowledgeBase(config) as kb:
        report = kb.ingest([SEED if SEED.exists() else DEMO, MULTIDOC])
        assert not report.failures, report.failures
        sync_index(kb, embed=False)
    return config


@pytest.fixture(scope="module")
def make_app(remote_config):
    apps = []

    def make(**extra):
        apps.append(create_app({"TESTING": True, **remote_config, **extra}))
        return apps[-1]

    yield make
    for app in apps:
        if "sparql" in app.extensions:
            app.extensions["sparql"].close()


@pytest.fixture(scope="module")
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def test_pages_and_api_read_the_server(client):
    stats = client.get("/api/stats").json
    assert stats["backend"] == "sparql" and stats["documents"] == 3 and stats["quads"] > 3000
    assert client.get("/documents").status_code == 200
    park = client.get("/sparql", query_string={"query": protocol.PARKS}).json["results"]["bindings"][0]
    path = park["park"]["value"].removeprefix(BASE_IRI.rstrip("/"))
    assert client.get(path).status_code == 200


def test_a_forwarded_query_past_the_time_limit_is_stopped_and_the_next_one_runs(make_app):
    app = make_app(KG_SPARQL_TIMEOUT=1, SPARQL_WORKERS=1)
    client = app.test_client()
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": expensive})
    assert response.status_code == 503 and "1-second limit" in response.json["error"]
    assert time.monotonic() - started < 1 + SERVER_TIMEOUT_S
    assert protocol.labels(client.get("/sparql", query_string={"query": protocol.PARKS})) == protocol.PARK_LABELS


def test_a_result_over_the_byte_cap_is_refused(make_app):
    client = make_app(KG_SPARQL_MAX_BYTES=20_000).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 413 and "KG_SPARQL_MAX_BYTES" in response.json["error"]
    assert client.get("/sparql", query_string={"query": protocol.PARKS}).status_code == 200


def test_a_server_that_is_down_is_one_line_503(remote_config, tmp_path):
    config = {**remote_config, "KG_STORE_URL": "http://127.0.0.1:9"}  # discard port: nothing listens
    client = create_app({"TESTING": True, **config}).test_client()
    response = client.get("/sparql", query_string={"query": protocol.PARKS})
    assert response.status_code == 503
    path = remote_config.get("KG_STORE_QUERY_PATH", "/query")
    assert response.json["error"].startswith(f"SPARQL server http://127.0.0.1:9{path} is not reachable")
    assert "\n" not in response.json["error"]


@pytest.mark.parametrize(
    "text",
    ["CLEAR ALL", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL", 'define input:grab-all "yes" SELECT * WHERE { ?s ?p ?o }'],
)
def test_no_update_or_pragma_is_ever_sent(app, text, monkeypatch):
    from kg.sparql_http import SparqlServer

    sent = []
    monkeypatch.setattr(SparqlServer, "query", lambda self, sparql, **kw: sent.append(sparql))
    response = app.test_client().get("/sparql", query_string={"query": text})
    assert response.status_code == 400 and not sent


def test_ask_answers_from_the_server(client, remote_config):
    if remote_config.get("KG_STORE_DIALECT") == "virtuoso":
        pytest.skip(
            "Virtuoso 7.2 refuses the QA templates' property paths whose start is free "
            "('transitive start not given'; README, SPARQL server)"
        )
    data = client.get("/api/ask", query_string={"q": "which proposals concern infrastructure?"}).json
    interpretation = data["interpretation"]
    assert (interpretation["intent"], interpretation["type"]) == ("list", "Proposal")
    assert interpretation["topic"]["iri"] == "https://w3id.org/vnkg/topic/infrastructure"
    assert data["answers"] and all("#proposal" in a["iri"] for a in data["answers"]), json.dumps(data)[:500]
    linked = {e["iri"].split("/entity/", 1)[1] for a in data["answers"] for e in a.get("entities", [])}
    # what the embedded store answers (tests/search/qa/test_answer.py), read over the protocol
    assert {"industrial-park/kcn-song-cong-2", "road/19-vanh-dai-5", "road/19-dt-262"} <= linked
