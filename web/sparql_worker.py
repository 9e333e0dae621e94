"""The SPARQL query worker: a separate process that runs queries for ``/sparql``.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python, so
the endpoint sends each query to a worker process and kills it when the time limit passes
(:mod:`web.sparql_runner`). The worker opens the store **read-only** and only ever calls
``Store.query``: a SPARQL Update does not even parse there, so it can never change data.

This file runs as a script (``python -I sparql_worker.py STORE_DIR [SERVER_PID [MEMORY_MB]]``) and
imports only the standard library and pyoxigraph, so a worker starts in a fraction of a second.
Messages are length-prefixed frames on stdin/stdout: one JSON request in; one JSON header and
one body frame out. Results are capped at ``max_rows`` rows (or triples), marked ``truncated``,
and at ``max_bytes`` serialised bytes, past which the answer is an error (413), never a cut.

Two limits protect the server from one query:

* **memory**: the address space is capped (``RLIMIT_AS``) at its size once the store is open
  plus ``MEMORY_MB``. An allocation past it aborts pyoxigraph's Rust code (the parent sees
  SIGABRT and "memory allocation ... failed" on stderr) or raises MemoryError in Python (the
  worker answers 503 and exits); either way the parent replaces the worker.
* **stack**: queries run in a thread with a :data:`QUERY_STACK_BYTES` stack. pyoxigraph parses
  and evaluates recursively, and chains such as 10,000 ``!`` or 4,000 BINDs overflowed the
  8 MB main stack (SIGSEGV); 256 MB holds the deepest query :data:`web.sparql_check.MAX_QUERY_CHARS`
  allows (about 3.7 kB of stack per level, measured). The stack is reserved before the memory
  cap is measured, and only the pages used count as memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import signal
import struct
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox

if TYPE_CHECKING:  # for annotations only: the worker imports nothing of the project
    from .sparql_remote import RemoteDataset

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
QUERY_STACK_BYTES = 256 << 20
EXIT_OUT_OF_MEMORY = 3  # after answering a MemoryError: the heap may be fragmented, start afresh
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # what a solution binds or a triple holds


class ResultTooLarge(Exception):
    """The serialised result passed the byte cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the result is larger than the {limit:,}-byte limit (KG_SPARQL_MAX_BYTES); "
            "add LIMIT or select fewer or shorter values"
        )


class CappedOutput:
    """A binary sink that refuses to hold more than ``limit`` bytes (pyoxigraph serialises into it)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def reserve(self, size: int) -> None:
        """Raise ResultTooLarge now if ``size`` more bytes would not fit (before building them)."""
        if self.size + size > self.limit:
            raise ResultTooLarge(self.limit)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.reserve(len(data))
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame from a binary stream, or None at end of input."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    data = stream.read(HEADER.unpack(head)[0])
    return data


def write_frame(stream: IO[bytes], data: bytes) -> None:
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def term_json(term: Term) -> dict[str, Any]:
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
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def term_size(term: Term) -> int:
    """At least the bytes ``term`` takes once serialised (its value's characters)."""
    if isinstance(term, ox.Triple):
        return term_size(term.subject) + term_size(term.predicate) + term_size(term.object)
    return len(term.value)


def solutions_json(
    names: list[str], rows: Iterable[ox.QuerySolution | Mapping[str, Term]], max_rows: int, max_bytes: int
) -> tuple[bytes, int, bool]:
    """SPARQL JSON of at most ``max_rows`` rows: (body, rows written, truncated).

    Rows are encoded one at a time and each row's size is checked before it is encoded, so a
    huge value is refused before it is copied (ResultTooLarge past ``max_bytes``).
    """
    out = CappedOutput(max_bytes)
    out.write(b'{"head": {"vars": ' + json.dumps(names).encode() + b'}, "results": {"bindings": [')
    count, truncated = 0, False
    for row in rows:
        if count == max_rows:
            truncated = True
            break
        terms = {n: row[n] for n in names if row[n] is not None}
        out.reserve(sum(term_size(t) for t in terms.values()))
        binding = json.dumps({n: term_json(t) for n, t in terms.items()}, ensure_ascii=False)
        out.write((", " if count else "").encode() + binding.encode("utf-8"))
        count += 1
    out.write(b"]}}")
    return out.getvalue(), count, truncated


def results_body(json_body: bytes, fmt: str, max_bytes: int) -> bytes:
    """SPARQL JSON results re-serialised by pyoxigraph in ``fmt`` (json is kept as is)."""
    if fmt == "json":
        return json_body
    out = CappedOutput(max_bytes)
    # pyoxigraph writes to any object with write(): the cap is checked on every write
    ox.parse_query_results(json_body, ox.QueryResultsFormat.JSON).serialize(cast(IO[bytes], out), RESULT_FORMATS[fmt])
    return out.getvalue()


def execute(store: ox.Store | RemoteDataset, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Run one query; returns the response header and body (see the module docstring)."""
    options: dict[str, Any] = {"prefixes": request.get("prefixes") or None}
    if request.get("default_graphs"):
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    # Otherwise the store's own default graph: the set union of the named graphs, which
    # kg.oxigraph_store keeps (Oxigraph's use_default_graph_as_union repeats shared triples).
    if request.get("named_graphs"):
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    result = store.query(request["query"], **options)
    cap, max_bytes = int(request["max_rows"]), int(request["max_bytes"])
    if isinstance(result, ox.QueryBoolean):
        body = json.dumps({"head": {}, "boolean": bool(result)}).encode()
        return _answer("ask", request["result_format"], body, 1, False, max_bytes)
    if isinstance(result, ox.QuerySolutions):
        if request["result_format"] is None:
            return _wrong_format("select"), b""
        body, rows, truncated = solutions_json([v.value for v in result.variables], result, cap, max_bytes)
        return _answer("select", request["result_format"], body, rows, truncated, max_bytes)
    return _graph_answer(result, request, cap, max_bytes)


def _answer(
    kind: str, fmt: str | None, json_body: bytes, rows: int, truncated: bool, max_bytes: int
) -> tuple[dict[str, Any], bytes]:
    if fmt is None:
        return _wrong_format(kind), b""
    body = results_body(json_body, fmt, max_bytes)
    return {"ok": True, "kind": kind, "format": fmt, "rows": rows, "truncated": truncated}, body


def _graph_answer(
    result: ox.QueryTriples | Iterator[ox.Triple], request: dict[str, Any], cap: int, max_bytes: int
) -> tuple[dict[str, Any], bytes]:
    fmt = request["graph_format"]
    if fmt is None:
        return _wrong_format("graph"), b""
    triples: list[ox.Triple] = []
    size, truncated = 0, False
    for triple in result:
        if len(triples) == cap:
            truncated = True
            break
        size += term_size(triple)
        if size > max_bytes:
            raise ResultTooLarge(max_bytes)
        triples.append(triple)
    if fmt == TABLE:
        rows = [{"s": t.subject, "p": t.predicate, "o": t.object} for t in triples]
        body = solutions_json(["s", "p", "o"], rows, cap, max_bytes)[0]
    else:
        prefixes = used_prefixes(request.get("prefixes") or {}, triples) if fmt == "turtle" else None
        out = CappedOutput(max_bytes)
        ox.serialize(triples, cast(IO[bytes], out), GRAPH_FORMATS[fmt], prefixes=prefixes)
        body = out.getvalue()
    return {"ok": True, "kind": "graph", "format": fmt, "rows": len(triples), "truncated": truncated}, body


def used_prefixes(prefixes: dict[str, str], triples: list[ox.Triple]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with (Turtle lists only those)."""
    iris = {
        t.value
        for triple in triples
        for t in (triple.subject, triple.predicate, triple.object)
        if isinstance(t, ox.NamedNode)
    }
    iris |= {t.datatype.value for triple in triples if isinstance(t := triple.object, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def _wrong_format(kind: str) -> dict[str, Any]:
    what = "a graph (CONSTRUCT or DESCRIBE)" if kind == "graph" else f"{kind.upper()} results"
    return {"ok": False, "status": 406, "kind": kind, "error": f"the requested format does not apply to {what}"}


def handle(store: ox.Store | RemoteDataset, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """:func:`execute`, with every failure turned into an error header."""
    try:
        return execute(store, request)
    except SyntaxError as err:
        return {"ok": False, "status": 400, "syntax": True, "error": f"SPARQL syntax error: {err}"}, b""
    except ValueError as err:
        return {"ok": False, "status": 400, "error": f"invalid query or dataset: {err}"}, b""
    except ResultTooLarge as err:
        return {"ok": False, "status": 413, "error": str(err)}, b""
    except MemoryError:
        return {"ok": False, "status": 503, "memory": True, "error": "out of memory"}, b""
    except OSError as err:
        return {"ok": False, "status": 503, "error": f"query failed while reading the store: {err}"}, b""


def address_space() -> int | None:
    """The bytes this process has mapped (Linux ``/proc/self/statm``), or None elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def limit_memory(budget: int) -> None:
    """Cap the address space at its current size plus ``budget`` bytes; 0 lifts the cap.

    Only the soft limit moves, so the cap can be lifted again to reopen the store.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    size = address_space() if budget else None
    soft = hard if size is None else size + budget
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):  # a platform without RLIMIT_AS: the time limit still holds
        pass


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


def open_store(store_dir: str, budget: int) -> ox.Store:
    """The store opened read-only, with the memory cap measured from the opened size."""
    limit_memory(0)
    try:
        return ox.Store.read_only(store_dir)
    finally:
        limit_memory(budget)


def serve(store_dir: str, budget: int) -> int:
    """Serve requests until stdin closes; the first frame out says the worker is ready."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the parent's pipe
    store, generation = None, None
    write_frame(stdout, b'{"ready": true}')
    while (frame := read_frame(stdin)) is not None:
        request = json.loads(frame)
        if store is None or request.get("generation") != generation:
            store, generation = None, request.get("generation")
            try:
                store = open_store(store_dir, budget)
            except OSError as err:
                header, body = {"ok": False, "status": 503, "error": f"cannot open the store: {err}"}, b""
        if store is not None:
            header, body = handle(store, request)
        write_frame(stdout, json.dumps(header).encode())
        write_frame(stdout, body)
        if header.get("memory"):
            return EXIT_OUT_OF_MEMORY
    return 0


def main(store_dir: str, parent: int | None = None, memory_mb: int = 0) -> int:
    """Run :func:`serve` in a thread with a deep stack (see the module docstring)."""
    if parent:
        die_with_parent(parent)
    threading.stack_size(QUERY_STACK_BYTES)
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(serve(store_dir, memory_mb << 20)), name="sparql-query")
    thread.start()
    thread.join()
    return outcome[0] if outcome else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], int(args[1]) if len(args) > 1 else None, int(args[2]) if len(args) > 2 else 0))
