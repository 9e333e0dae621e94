"""The Oxigraph backend's two ways of writing: N-Quads for additions, SPARQL for the rest.

The contract tests (``test_store.py``) pin what every backend does; these pin which way the
embedded one writes, that both ways store the same quads, and that the fast way is as atomic.
"""

import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import StoreError
from kg.ntriples import NTriples
from kg.oxigraph_store import OxigraphStore

EX = "http://kg.test/"
G1, G2, ENT = URIRef(EX + "graph/doc/1"), URIRef(EX + "graph/doc/2"), URIRef(EX + "graph/entities")
A, B, P = URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "p")


class Spy:
    """The pyoxigraph store, noting which write methods were called."""

    def __init__(self, db):
        self.db, self.calls = db, []

    def __getattr__(self, name):
        if name in ("load", "update"):
            self.calls.append(name)
        return getattr(self.db, name)

    def __iter__(self):
        return iter(self.db)


@pytest.fixture
def store(tmp_path):
    s = OxigraphStore(tmp_path / "graph")
    s._db = Spy(s._db)
    yield s
    s._db = s._db.db
    s.close()


def quads(store) -> list[str]:
    return sorted(str(q) for q in store._db)


def new_document(store, graph=G1, text="giá trị", shared="Hà Nội"):
    with store.transaction() as tx:
        tx.replace_graph(graph, NTriples.of([(A, P, Literal(text, lang="vi")), (A, P, B)]))
        tx.add_graph(ENT, [(B, P, Literal(shared, lang="vi"))])


def test_a_new_document_is_loaded_with_its_union_copy(store):
    new_document(store)
    assert store._db.calls == ["load"]
    assert len(store) == 3 and store.graph_names() == [G1, ENT]
    rows = store.query(f"SELECT ?o WHERE {{ <{A}> <{P}> ?o }}")
    assert {str(r["o"]) for r in rows} == {str(B), "giá trị"}


def test_a_triple_in_two_documents_is_once_in_the_union(store):
    new_document(store, G1)
    new_document(store, G2)
    assert store._db.calls == ["load", "load"]
    [row] = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{A}> <{P}> <{B}> }}")
    assert int(row["n"]) == 1


def test_both_ways_store_the_same_quads(tmp_path, store):
    new_document(store)
    slow = OxigraphStore(tmp_path / "slow")
    slow._additions = lambda tx: None  # every commit as a SPARQL update
    new_document(slow)
    assert quads(slow) == quads(store)
    slow.close()


def test_replacing_a_document_goes_as_one_update(store):
    new_document(store, text="cũ")
    new_document(store, text="mới")
    assert store._db.calls == ["load", "update"]
    assert {str(o) for _, _, o in store.graph(G1)} == {str(B), "mới"}
    assert not store.query(f'ASK {{ <{A}> <{P}> "cũ"@vi }}')


def test_a_graph_dropped_after_being_added_in_one_transaction_is_gone(store):
    with store.transaction() as tx:
        tx.add_graph(G1, [(A, P, B)])
        tx.drop_graph(G1)
    assert store._db.calls == ["update"]
    assert G1 not in store.graph_names() and not store.query(f"ASK {{ <{A}> <{P}> <{B}> }}")


def test_a_failed_load_writes_nothing(store):
    new_document(store, G1)
    before = quads(store)
    bad = Literal("1", datatype=URIRef(EX + "a type with spaces"))  # rdflib takes it, Oxigraph refuses it
    with pytest.raises(StoreError, match="write to .* failed"):
        with store.transaction() as tx:
            tx.add_graph(G2, [(A, P, Literal(f"bộ ba {i}")) for i in range(100)] + [(A, P, bad)])
    assert store._db.calls == ["load", "load"]
    assert quads(store) == before and G2 not in store.graph_names()


def test_blank_nodes_are_one_node_in_the_named_graph_and_the_union(store):
    b = BNode()
    with store.transaction() as tx:
        tx.add_graph(G1, [(A, P, b), (b, P, Literal("x"))])
    [named] = store.query(f'SELECT ?b WHERE {{ GRAPH <{G1}> {{ <{A}> <{P}> ?b . ?b <{P}> "x" }} }}', union=False)
    [union] = store.query(f'SELECT ?b WHERE {{ <{A}> <{P}> ?b . ?b <{P}> "x" }}')
    assert named["b"] == union["b"]
