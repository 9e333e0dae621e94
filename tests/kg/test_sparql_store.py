"""The ``sparql`` backend end to end, against a real Oxigraph server this module starts.

The same three documents (the seed and the two multidoc articles, which share a city, a park
and roads) are ingested into an embedded store and into the server: every named graph must
come out the same, before and after a document is removed (the entities graph included),
and the CLI commands of issue 15 must work with ``KG_STORE_BACKEND=sparql``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import entities
from kg.errors import ConfigError, StoreError
from kg.kb import KnowledgeBase
from kg.namespaces import KG
from kg.sparql_store import SparqlStore, union_quads
from kg.store import open_store
from tests.conftest import DEMO, SEED
from tests.sparql_server import ExternalServer, OxigraphServer, oxigraph_executable

MULTIDOC = Path(__file__).resolve().parents[1] / "data" / "multidoc"
BASE = "http://kg.test/"
REMOVED = "002_pho_yen_ha_tang.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if os.environ.get("VNKG_TEST_SPARQL"):  # another server (tests/sparql_server.py)
        yield ExternalServer(json.loads(os.environ["VNKG_TEST_SPARQL"]))
        return
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the `oxigraph` server executable is absent (pip install oxigraph; the test extras have it)")
    running = OxigraphServer(executable, tmp_path_factory.mktemp("sparql-store") / "db").start()
    yield running
    running.stop()


def documents():
    return [SEED if SEED.exists() else DEMO, MULTIDOC]


@pytest.fixture(scope="module")
def pair(server, tmp_path_factory):
    """(embedded config, sparql config), both holding the same three documents."""
    server.clear()
    root = tmp_path_factory.mktemp("pair")
    embedded = {"KG_STORE": str(root / "embedded"), "KG_BASE_IRI": BASE, "KG_TOPIC_EMBEDDINGS": False}
    remote = {**embedded, "KG_STORE": str(root / "remote"), **server.config()}
    for config in (embedded, remote):
        with KnowledgeBase(config) as kb:
            report = kb.ingest(documents())
            assert not report.failures and report.added == 3, report.summary()
    return embedded, remote


def timeless(graph: Graph) -> Graph:
    """The graph without the ingest's clock (``kg:ingestedAt``), which differs between two runs."""
    graph.remove((None, KG.ingestedAt, None))
    return graph


def same_graphs(embedded: dict, remote: dict) -> None:
    with KnowledgeBase(embedded, read_only=True) as a, KnowledgeBase(remote, read_only=True) as b:
        names = a.store.graph_names()
        assert b.store.graph_names() == names
        for name in names:
            assert isomorphic(timeless(a.store.graph(name)), timeless(b.store.graph(name))), name
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the union default graph
        assert int(b.store.query(count)[0]["n"]) == int(a.store.query(count)[0]["n"])
        stats_a, stats_b = a.stats(), b.stats()
        for key in ("documents", "graphs", "quads", "classes"):
            assert stats_b[key] == stats_a[key], key
        assert stats_b["backend"] == "sparql"
        assert entities.check(b.store, b.iris).ok


def test_the_server_holds_what_the_embedded_store_holds(pair):
    same_graphs(*pair)


def test_validate_conforms_on_the_server(pair):
    with KnowledgeBase(pair[1], read_only=True) as kb:
        assert kb.validate().conforms


def test_removing_a_document_keeps_the_entities_graph_right(pair):
    for config in pair:
        with KnowledgeBase(config) as kb:
            assert kb.remove(REMOVED).source.endswith(REMOVED)
    same_graphs(*pair)


# -- transactions -----------------------------------------------------------------------------
G1, G2 = URIRef(BASE + "graph/doc/1"), URIRef(BASE + "graph/doc/2")
A, P = URIRef(BASE + "a"), URIRef(BASE + "p")


@pytest.fixture
def store(server, tmp_path):
    server.clear()
    s = open_store(tmp_path / "graph", "sparql", config=server.config())
    yield s
    s.close()


def test_a_transaction_is_one_request(store, monkeypatch):
    sent = []
    real = store.server.update
    monkeypatch.setattr(store.server, "update", lambda text: (sent.append(text), real(text)))
    with store.transaction() as tx:
        tx.replace_graph(G1, [(A, P, Literal(i)) for i in range(3)])
        tx.add_graph(G2, [(A, P, Literal(0))])
        tx.remove(G2, [(A, P, Literal(0))])
    assert len(sent) == 1 and sent[0].count("INSERT") >= 2
    assert len(store) == 3


def test_a_new_graph_is_one_load_and_a_replacement_one_update(store, monkeypatch):
    calls = []
    for method in ("load", "update"):
        real = getattr(store.server, method)
        monkeypatch.setattr(store.server, method, lambda text, m=method, f=real: (calls.append(m), f(text))[1])
    store.add_graph(G1, [(A, P, Literal(i)) for i in range(3)])
    with store.transaction() as tx:
        tx.replace_graph(G1, [(A, P, Literal("new"))])
    expected = ["update", "update"] if store.dialect.union_graph else ["load", "update"]
    assert calls == expected and len(store) == 1
    assert store.query(f"ASK {{ <{A}> <{P}> 0 }}") is False


def test_a_server_refusing_loads_gets_updates(store, monkeypatch):
    refusals = []
    monkeypatch.setattr(store.server, "load", lambda text: refusals.append(text) or 415)
    store.add_graph(G1, [(A, P, Literal(1))])
    store.add_graph(G2, [(A, P, Literal(2))])
    assert len(refusals) == (0 if store.dialect.union_graph else 1)  # asked once, then never again
    assert len(store) == 2 and len(store.query("SELECT * WHERE { ?s ?p ?o }")) == 2


def test_a_refused_transaction_changes_nothing(store, monkeypatch):
    store.add_graph(G1, [(A, P, Literal(i)) for i in range(3)])
    real = store.server.update
    broken = " ;\nINSERT DATA { <urn:x:a> <urn:x:b> 'unclosed }"  # the server refuses the whole request
    monkeypatch.setattr(store.server, "update", lambda text: real(text + broken))
    with pytest.raises(StoreError, match=r"answered 400"):
        with store.transaction() as tx:
            tx.replace_graph(G1, [(A, P, Literal("new"))])
            tx.add_graph(G2, [(A, P, Literal(1))])
    if not store.dialect.union_graph:  # a new graph goes as one N-Quads load: refused whole too
        text = union_quads([(G2, [(A, P, Literal(1))])]) + "<urn:x:a> <urn:x:b> 'unclosed .\n"
        assert store.server.load(text) == 400
    assert len(store.graph(G1)) == 3 and store.graph_names() == [G1]
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }")) == 3


def test_read_only_refuses_writes(server, tmp_path):
    reader = open_store(tmp_path / "graph", "sparql", read_only=True, config=server.config())
    with pytest.raises(StoreError, match="read-only"):
        reader.add_graph(G1, [(A, P, Literal(1))])


def test_graphs_read_without_the_graph_store_protocol(server, tmp_path):
    server.clear()
    config = server.config(KG_STORE_GSP_PATH="none")
    s = open_store(tmp_path / "graph", "sparql", config=config)
    s.add_graph(G1, [(A, P, Literal(i)) for i in range(2)])
    assert len(s.graph(G1)) == 2 and len(s.graph(G2)) == 0


# -- errors -----------------------------------------------------------------------------------
def test_a_server_that_is_down_is_one_line_naming_it(tmp_path):
    s = open_store(tmp_path / "graph", "sparql", config={"KG_STORE_URL": "http://127.0.0.1:9"})
    with pytest.raises(StoreError) as caught:
        len(s)
    assert str(caught.value) == (
        "SPARQL server http://127.0.0.1:9/query is not reachable (connection refused); start it, or check KG_STORE_URL"
    )


@pytest.mark.parametrize("url", ["", "127.0.0.1:7878", "ftp://host/"])
def test_a_missing_or_bad_url_is_a_config_error(tmp_path, url):
    with pytest.raises(ConfigError, match="KG_STORE_URL"):
        SparqlStore.open(tmp_path / "graph", config={"KG_STORE_URL": url})


# -- the command line of issue 15 ---------------------------------------------------------------
def test_the_cli_commands_against_the_server(server, tmp_path):
    from web.commands import cli

    server.clear()
    env = {**{k: str(v) for k, v in server.config().items()}, "KG_TOPIC_EMBEDDINGS": "0"}
    runner = CliRunner(env=env)
    store = str(tmp_path / "S")

    def run(*args):
        return runner.invoke(cli, ["--store", store, *args], catch_exceptions=False)

    seed_dir = (SEED if SEED.exists() else DEMO).parent
    result = run("ingest", str(seed_dir))
    assert result.exit_code == 0 and "1 added" in result.output, result.output
    stats = json.loads(run("stats", "--json").output)
    assert stats["backend"] == "sparql" and stats["documents"] == 1
    out = tmp_path / "kg.ttl"
    assert run("export", "--format", "turtle", "--out", str(out)).exit_code == 0
    assert len(Graph().parse(out, format="turtle")) > 1000
    assert run("search", "khu công nghiệp Sông Công", "--json").exit_code == 0
    result = run("remove", SEED.name)
    assert result.exit_code == 0, result.output
    assert json.loads(run("stats", "--json").output)["documents"] == 0


def test_the_cli_says_in_one_line_that_the_server_is_down(tmp_path):
    from web.commands import cli

    env = {"KG_STORE_BACKEND": "sparql", "KG_STORE_URL": "http://127.0.0.1:9"}
    result = CliRunner(env=env).invoke(cli, ["--store", str(tmp_path / "S"), "ingest", str(DEMO)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: SPARQL server http://127.0.0.1:9/query is not reachable (connection refused); "
        "start it, or check KG_STORE_URL"
    ]
