"""N-Triples lines as a document's payload: the same triples, in the form the writer takes."""

import pickle

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.build import BuiltDocument
from kg.ntriples import NTriples, lines_of, nt_line
from kg.store import Transaction

EX = "http://kg.test/"
S, P = URIRef(EX + "s"), URIRef(EX + "p")
AWKWARD = [
    (S, P, Literal('dòng một\ndòng "hai"\r\\ cuối', lang="vi")),
    (S, P, Literal("42", datatype=XSD.integer)),
    (S, P, Literal("plain")),
    (S, P, URIRef(EX + "o")),
]


def test_lines_parse_back_to_the_same_triples():
    lines = NTriples.of(AWKWARD)
    assert len(lines) == 4 and all(line.endswith(" .") and "\n" not in line for line in lines.lines)
    assert set(lines) == set(AWKWARD)


def test_lines_of_reads_lines_as_they_are_and_renders_anything_else():
    graph = Graph()
    for t in AWKWARD:
        graph.add(t)
    lines = NTriples.of(graph)
    assert lines_of(lines) is lines.lines
    assert sorted(lines_of(graph)) == sorted(lines.lines) == sorted(nt_line(t) for t in AWKWARD)


def test_empty_lines_are_falsy_and_iterate_to_nothing():
    assert not NTriples(()) and list(NTriples(())) == []


def test_a_blank_node_is_one_node_within_one_set_of_lines():
    b = BNode()
    parsed = list(NTriples.of([(S, P, b), (b, P, Literal("x"))]))
    [obj] = [o for s, _, o in parsed if s == S]
    assert (obj, P, Literal("x")) in parsed


def test_built_document_as_lines_keeps_every_triple_and_pickles_small():
    document, entities = Graph(), Graph()
    for t in AWKWARD:
        document.add(t)
    entities.add((URIRef(EX + "e"), P, Literal("thực thể", lang="vi")))
    built = BuiltDocument(document, entities)
    wire = built.as_lines()
    assert isinstance(wire.document, NTriples) and len(wire.document) == 4 and len(wire.entities) == 1
    assert set(wire.union()) == set(built.union())
    assert pickle.loads(pickle.dumps(wire)) == wire


def test_a_transaction_keeps_lines_as_lines():
    tx = Transaction()
    lines = NTriples.of(AWKWARD)
    tx.add_graph(URIRef(EX + "g"), lines)
    tx.add_graph(URIRef(EX + "h"), iter(AWKWARD))  # anything else is copied, as before
    assert tx.ops[0][2] is lines and tx.ops[1][2] == AWKWARD
