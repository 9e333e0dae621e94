"""The SPARQL query worker: a separate process that runs queries for ``/sparql``.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python, so
the endpoint sends each query to a worker process and kills it when the time limit passes
(:mod:`web.sparql_runner`). The worker opens the store **read-only** and only ever calls
``Store.query``: a SPARQL Update does not even parse there, so it can never change data.

This file runs as a script (``python -I sparql_worker.py STORE_DIR [SERVER_PID]``) and imports only the
standard library and pyoxigraph, so a worker starts in a fraction of a second. Messages are
length-prefixed frames on stdin/stdout: one JSON request in; one JSON header and one body
frame out. Results are capped at ``max_rows`` rows (or triples) and marked ``truncated``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import json
import os
import signal
import struct
import sys

import pyoxigraph as ox

HEADER = struct.Struct(">I")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
TABLE = "table"  # graph results as SPARQL JSON rows ?s ?p ?o, for the HTML results table


def read_frame(stream) -> bytes | None:
    """One frame from a binary stream, or None at end of input."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    data = stream.read(HEADER.unpack(head)[0])
    return data


def write_frame(stream, data: bytes) -> None:
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def term_json(term) -> dict:
    """A pyoxigraph term in the SPARQL 1.1 JSON results shape."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            data["datatype"] = term.datatype.value
        return data
    return {"type": "triple", "value": {"subject": term_json(term.subject),
                                        "predicate": term_json(term.predicate),
                                        "object": term_json(term.object)}}


def solutions_json(names: list[str], rows) -> bytes:
    bindings = [{n: term_json(row[n]) for n in names if row[n] is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def results_body(json_body: bytes, fmt: str) -> bytes:
    """SPARQL JSON results re-serialised by pyoxigraph in ``fmt`` (json is kept as is)."""
    if fmt == "json":
        return json_body
    return ox.parse_query_results(json_body, ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[fmt])


def execute(store, request: dict) -> tuple[dict, bytes]:
    """Run one query; returns the response header and body (see the module docstring)."""
    options = {"prefixes": request.get("prefixes") or None}
    if request.get("default_graphs"):
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    # Otherwise the store's own default graph: the set union of the named graphs, which
    # kg.oxigraph_store keeps (Oxigraph's use_default_graph_as_union repeats shared triples).
    if request.get("named_graphs"):
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    result = store.query(request["query"], **options)
    cap = int(request["max_rows"])
    if isinstance(result, ox.QueryBoolean):
        body = json.dumps({"head": {}, "boolean": bool(result)}).encode()
        return _answer("ask", request["result_format"], body, 1, False)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = list(itertools.islice(result, cap + 1))
        body = solutions_json(names, rows[:cap])
        return _answer("select", request["result_format"], body, min(len(rows), cap), len(rows) > cap)
    triples = list(itertools.islice(result, cap + 1))
    return _graph_answer(triples[:cap], request, len(triples) > cap)


def _answer(kind: str, fmt: str | None, json_body: bytes, rows: int, truncated: bool):
    if fmt is None:
        return _wrong_format(kind), b""
    return {"ok": True, "kind": kind, "format": fmt, "rows": rows, "truncated": truncated}, results_body(json_body, fmt)


def _graph_answer(triples: list, request: dict, truncated: bool):
    fmt = request["graph_format"]
    if fmt is None:
        return _wrong_format("graph"), b""
    if fmt == TABLE:
        rows = [{"s": t.subject, "p": t.predicate, "o": t.object} for t in triples]
        body = solutions_json(["s", "p", "o"], rows)
    else:
        prefixes = used_prefixes(request.get("prefixes") or {}, triples) if fmt == "turtle" else None
        body = ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b""
    return {"ok": True, "kind": "graph", "format": fmt, "rows": len(triples), "truncated": truncated}, body


def used_prefixes(prefixes: dict[str, str], triples: list) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with (Turtle lists only those)."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {t.datatype.value for triple in triples if isinstance(t := triple.object, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def _wrong_format(kind: str) -> dict:
    what = "a graph (CONSTRUCT or DESCRIBE)" if kind == "graph" else f"{kind.upper()} results"
    return {"ok": False, "status": 406, "kind": kind,
            "error": f"the requested format does not apply to {what}"}


def handle(store, request: dict) -> tuple[dict, bytes]:
    """:func:`execute`, with every failure turned into an error header."""
    try:
        return execute(store, request)
    except SyntaxError as err:
        return {"ok": False, "status": 400, "syntax": True, "error": f"SPARQL syntax error: {err}"}, b""
    except ValueError as err:
        return {"ok": False, "status": 400, "error": f"invalid query or dataset: {err}"}, b""
    except OSError as err:
        return {"ok": False, "status": 503, "error": f"query failed while reading the store: {err}"}, b""


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the server dies, even in the middle of a query
    (stdin closing is only noticed between queries). Elsewhere this does nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server died before prctl took effect
        sys.exit(0)


def main(store_dir: str, parent: int | None = None) -> int:
    """Serve requests until stdin closes; the first frame out says the worker is ready."""
    if parent:
        die_with_parent(parent)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the parent's pipe
    store, generation = None, None
    write_frame(stdout, b'{"ready": true}')
    while (frame := read_frame(stdin)) is not None:
        request = json.loads(frame)
        if store is None or request.get("generation") != generation:
            store, generation = None, request.get("generation")
            try:
                store = ox.Store.read_only(store_dir)
            except OSError as err:
                header, body = {"ok": False, "status": 503, "error": f"cannot open the store: {err}"}, b""
        if store is not None:
            header, body = handle(store, request)
        write_frame(stdout, json.dumps(header).encode())
        write_frame(stdout, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None))
