"""The pure parts of the sparql backend: dialects, update texts, media types, label cleaning."""

from __future__ import annotations

import io

import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import ConfigError
from kg.ntriples import NTriples
from kg.sparql_dialect import DIALECTS, UNION_GRAPH, BlankNodeLabels, dialect, update_text
from kg.sparql_http import GRAPH_ACCEPT, RESULTS_ACCEPT, accept_for, query_form

G = URIRef("http://kg.test/graph/doc/1")
A, P = URIRef("http://kg.test/a"), URIRef("http://kg.test/p")


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX kg: <https://w3id.org/vnkg/ontology#>\nPREFIX : <http://x/#>\nconstruct { ?s ?p ?o } where { }", "CONSTRUCT"),
    ("# a comment with SELECT\nBASE <http://x/>\nASK {}", "ASK"),
    ("define input:default-graph-uri <urn:x> DESCRIBE <http://x/a>", "DESCRIBE"),
    ("", ""),
])
def test_query_form_is_read_after_the_prologue(text, form):
    assert query_form(text) == form


def test_each_form_asks_for_its_own_media_type():
    assert accept_for("SELECT * {}") == RESULTS_ACCEPT and accept_for("ASK {}") == RESULTS_ACCEPT
    assert accept_for("CONSTRUCT WHERE { ?s ?p ?o }") == GRAPH_ACCEPT


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


def test_basic_authentication_is_sent_and_the_password_never_written(tmp_path):
    import base64

    from kg.sparql_store import SparqlStore

    store = SparqlStore.open(tmp_path / "graph", config={"KG_STORE_URL": "http://127.0.0.1:9", "KG_STORE_USER": "vnkg",
                                                        "KG_STORE_PASSWORD": "bí mật"})
    sent = store.server._pool.headers["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == "vnkg:bí mật"
    assert "bí mật" not in (tmp_path / "graph" / "remote.json").read_text("utf-8")
