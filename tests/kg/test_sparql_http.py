"""Talking to a SPARQL server: media types per query form, authentication, broken answers."""

from __future__ import annotations

import socket
import threading

import pytest

from kg.errors import StoreError
from kg.sparql_http import GRAPH_ACCEPT, RESULTS_ACCEPT, accept_for, query_form
from kg.sparql_store import SparqlStore


@pytest.mark.parametrize(
    "text, form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        (
            "PREFIX kg: <https://w3id.org/vnkg/ontology#>\nPREFIX : <http://x/#>\nconstruct { ?s ?p ?o } where { }",
            "CONSTRUCT",
        ),
        ("# a comment with SELECT\nBASE <http://x/>\nASK {}", "ASK"),
        ("define input:default-graph-uri <urn:x> DESCRIBE <http://x/a>", "DESCRIBE"),
        ("", ""),
    ],
)
def test_query_form_is_read_after_the_prologue(text, form):
    assert query_form(text) == form


def test_each_form_asks_for_its_own_media_type():
    assert accept_for("SELECT * {}") == RESULTS_ACCEPT and accept_for("ASK {}") == RESULTS_ACCEPT
    assert accept_for("CONSTRUCT WHERE { ?s ?p ?o }") == GRAPH_ACCEPT


def test_basic_authentication_is_sent_and_the_password_never_written(tmp_path):
    import base64

    from kg.sparql_store import SparqlStore

    store = SparqlStore.open(
        tmp_path / "graph",
        config={"KG_STORE_URL": "http://127.0.0.1:9", "KG_STORE_USER": "vnkg", "KG_STORE_PASSWORD": "bí mật"},
    )
    sent = store.server._pool.headers["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == "vnkg:bí mật"
    assert "bí mật" not in (tmp_path / "graph" / "remote.json").read_text("utf-8")


@pytest.fixture
def half_answer():
    """A server that starts a SPARQL JSON answer, then hangs up: the URL to reach it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 5000\r\n\r\n"
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/'
        )
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_an_answer_that_breaks_off_is_one_line(tmp_path, half_answer):
    store = SparqlStore.open(tmp_path / "graph", read_only=True, config={"KG_STORE_URL": half_answer})
    with pytest.raises(StoreError) as caught:
        store.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert str(caught.value).startswith(f"SPARQL server {half_answer} ") and "\n" not in str(caught.value)
