"""Contract tests: every backend in kg.store.BACKENDS must pass the same checks."""

import io

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import BadQuery, ConfigError, StoreError
from kg.store import BACKENDS, open_store
from tests.sparql_server import empty_server, oxigraph_server  # noqa: F401 (fixtures)

EX = "http://kg.test/"
G1, G2 = URIRef(EX + "graph/doc/1"), URIRef(EX + "graph/doc/2")
A, B, P = URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "p")


@pytest.fixture(params=sorted(BACKENDS))
def backend(request):
    return request.param


@pytest.fixture
def opener(backend, request):
    """Opens a store of this backend; the sparql backend's is an emptied real Oxigraph server."""
    config = request.getfixturevalue("empty_server").config() if backend == "sparql" else None

    def open_(path, read_only=False):
        return open_store(path, backend, read_only, config)

    return open_


@pytest.fixture
def store(tmp_path, opener):
    s = opener(tmp_path / "graph")
    yield s
    s.close()


def triples(n, subject=A):
    return [(subject, P, Literal(f"giá trị {i}", lang="vi")) for i in range(n)]


def test_add_query_drop(store):
    store.add_graph(G1, triples(3))
    store.add_graph(G2, triples(2, B))
    assert len(store) == 5
    assert store.graph_names() == [G1, G2]
    rows = store.query(f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?s <{P}> ?o }} GROUP BY ?s ORDER BY ?s")
    assert [(r["s"], int(r["n"])) for r in rows] == [(A, 3), (B, 2)]
    assert store.query(f"ASK {{ <{B}> <{P}> ?o }}") is True
    store.drop_graph(G2)
    assert store.graph_names() == [G1]
    assert store.query(f"ASK {{ <{B}> <{P}> ?o }}") is False


def test_replace_is_atomic_and_complete(store):
    store.add_graph(G1, triples(5))
    with store.transaction() as tx:
        tx.replace_graph(G1, triples(2))
    assert len(store.graph(G1)) == 2


def test_failed_transaction_changes_nothing(store):
    store.add_graph(G1, triples(3))
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.drop_graph(G1)
            raise RuntimeError("crash before commit")
    assert len(store.graph(G1)) == 3


def test_persists_across_reopen(tmp_path, opener):
    s = opener(tmp_path / "graph")
    s.add_graph(G1, triples(4))
    s.close()
    again = opener(tmp_path / "graph")
    assert len(again) == 4 and again.graph_names() == [G1]
    again.close()


def test_construct_returns_graph(store):
    store.add_graph(G1, triples(2))
    store.add_graph(G2, triples(2))  # same triples in two graphs: a union has each once
    graph = store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(graph, Graph) and len(graph) == 2


def test_bad_sparql_is_bad_query(store):
    with pytest.raises(BadQuery):
        store.query("SELEC nothing")


@pytest.mark.parametrize(
    "fmt, rdflib_format, dataset",
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("trig", "trig", True),
        ("nquads", "nquads", True),
        ("jsonld", "json-ld", True),
    ],
)
def test_export_round_trip(store, fmt, rdflib_format, dataset):
    store.add_graph(G1, triples(3))
    store.add_graph(G2, triples(2) + triples(1, B))
    buf = io.BytesIO()
    count = store.export(fmt, buf)
    parsed = Dataset() if dataset else Graph()
    parsed.parse(data=buf.getvalue(), format=rdflib_format)
    n = sum(1 for _ in parsed.quads()) if dataset else len(parsed)
    assert n == count == (6 if dataset else 4)


def test_unknown_backend_lists_choices(tmp_path):
    with pytest.raises(ConfigError, match="oxigraph"):
        open_store(tmp_path, "nosuch")


def test_oxigraph_second_writer_gets_clear_error(tmp_path):
    first = open_store(tmp_path / "graph", "oxigraph")
    try:
        with pytest.raises(StoreError, match="in use by another process"):
            open_store(tmp_path / "graph", "oxigraph")
        reader = open_store(tmp_path / "graph", "oxigraph", read_only=True)
        assert len(reader) == 0
    finally:
        first.close()


# --- the union default graph is a set, on every backend ------------------------------------

G3 = URIRef(EX + "graph/doc/3")


def test_a_triple_in_two_graphs_is_one_row_in_the_union(store):
    shared = triples(1)
    store.add_graph(G1, shared)
    store.add_graph(G2, shared + triples(1, B))
    assert len(store) == 3  # quads: each graph keeps its own copy
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }")) == 2
    rows = store.query(f"SELECT * WHERE {{ <{A}> ?p ?o . <{A}> ?q ?v }}")
    assert len(rows) == 1  # a join on the shared triple does not multiply (it was 2 x 2)
    assert int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]) == 2


def test_union_counts_match_distinct_counts(store):
    for n, graph in enumerate((G1, G2, G3)):
        store.add_graph(graph, triples(3) + triples(n + 1, B))
    [row] = store.query("SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?o) AS ?distinct) WHERE { ?s ?p ?o }")
    assert int(row["rows"]) == 6 and int(row["distinct"]) == 3  # A: 3 values, B: the same 3 values


def test_remove_keeps_what_other_graphs_support(store):
    store.add_graph(G1, triples(2))
    store.add_graph(G2, triples(1))
    store.drop_graph(G1)  # "giá trị 0" is still held by G2
    assert [str(r["o"]) for r in store.query(f"SELECT ?o WHERE {{ <{A}> <{P}> ?o }}")] == ["giá trị 0"]
    with store.transaction() as tx:
        tx.remove(G2, triples(1))
    assert store.query(f"ASK {{ <{A}> ?p ?o }}") is False
    assert len(store) == 0


def test_remove_from_one_graph_leaves_the_other(store):
    store.add_graph(G1, triples(2))
    store.add_graph(G2, triples(2))
    with store.transaction() as tx:
        tx.remove(G1, triples(2))
    assert len(store.graph(G1)) == 0 and len(store.graph(G2)) == 2
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }")) == 2


def test_without_union_only_graph_patterns_match(store):
    store.add_graph(G1, triples(2))
    assert len(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)) == 2
    # A server's default graph cannot be emptied per query without emptying the named graphs
    # too (SPARQL Protocol): the sparql backend keeps the union there (kg.store.Store.query).
    expected = 2 if store.name == "sparql" and not store.dialect.union_graph else 0
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }", union=False)) == expected


def test_rebuild_union_recomputes_it(store):
    store.add_graph(G1, triples(2))
    store.add_graph(G2, triples(3))
    store.rebuild_union()
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }")) == 3
    assert len(store) == 5
