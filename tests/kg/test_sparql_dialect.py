"""The pure parts of the sparql backend: dialects, update texts, Virtuoso's blank node labels."""

from __future__ import annotations

import io

import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import ConfigError
from kg.ntriples import NTriples
from kg.sparql_dialect import DIALECTS, UNION_GRAPH, BlankNodeLabels, dialect, update_text

G = URIRef("http://kg.test/graph/doc/1")
A, P = URIRef("http://kg.test/a"), URIRef("http://kg.test/p")


def test_unknown_dialect_lists_the_choices():
    with pytest.raises(ConfigError, match="standard, virtuoso"):
        dialect("fuseki-ish")


def test_standard_updates_write_the_default_graph_in_one_insert():
    [insert] = update_text("add", G, [(A, P, Literal("a\nb", lang="vi"))])
    assert insert.startswith(f"INSERT DATA {{ GRAPH <{G}> {{") and "urn:x-vnkg" not in insert
    assert insert.count('"a\\nb"@vi .') == 2  # named and default copy, each one N-Triples line


def test_ntriples_lines_are_written_as_they_are():
    lines = NTriples(('<http://kg.test/a> <http://kg.test/p> "x" .',))
    [insert] = update_text("add", G, lines)
    assert insert.count('<http://kg.test/a> <http://kg.test/p> "x" .') == 2


def test_virtuoso_keeps_blank_nodes_out_of_insert_data_and_copies_them_to_the_union():
    triples = [(A, P, Literal(i)) for i in range(1200)] + [(A, P, BNode("b1")), (BNode("b1"), P, Literal(1))]
    ops = update_text("add", G, triples, DIALECTS["virtuoso"], "http://kg.test/graph/")
    template, copy, *data = ops
    assert template.startswith("INSERT {") and "_:b1" in template and UNION_GRAPH not in template
    assert copy.startswith(f"INSERT {{ GRAPH <{UNION_GRAPH}>") and "isBlank" in copy
    assert len(data) == 3 and all(op.startswith("INSERT DATA") and "_:" not in op for op in data)


def test_virtuoso_removal_puts_back_what_another_graph_holds():
    ops = update_text("remove", G, [(A, P, Literal(1))], DIALECTS["virtuoso"], "http://kg.test/graph/")
    assert [op.split(" {")[0] for op in ops] == ["DELETE DATA", "DELETE DATA", "INSERT"]
    assert 'STRSTARTS(STR(?h), "http://kg.test/graph/")' in ops[2] and "NOT EXISTS" not in "".join(ops)


@pytest.mark.parametrize("size", [1, 3, 7, 64])
def test_blank_node_labels_are_made_plain_across_read_boundaries(size):
    raw = b'{"s": {"type": "bnode", "value": "nodeID://b10003"}, "t": "nodeID:// in text"}' * 3

    class Chunks(io.BytesIO):
        def read(self, n=-1):
            return super().read(size)

    cleaned = BlankNodeLabels(Chunks(raw), b"nodeID://")
    out = b"".join(iter(lambda: cleaned.read(size), b""))
    assert out == raw.replace(b'"nodeID://', b'"')
