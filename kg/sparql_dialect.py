"""What differs between SPARQL servers, in one table (``KG_STORE_DIALECT``).

``standard`` is SPARQL 1.1 as Oxigraph and Fuseki implement it: the server's default graph
is a graph of its own, ``INSERT DATA`` takes blank nodes, ``GRAPH ?g { }`` lists the graphs.
``virtuoso`` is what Virtuoso 7 does instead, found by running vnkg against it:

* its default graph is the *bag* union of every graph, system graphs included, and it
  refuses an update without a target graph, so the union vnkg keeps lives in the named graph
  :data:`UNION_GRAPH`, which queries name as their default graph (``default-graph-uri``);
  Virtuoso still lets ``GRAPH ?g`` range over all graphs then (the Protocol says it should
  not), so vnkg's own graph and Virtuoso's system graphs are excluded by its
  ``define input:named-graph-exclude`` pragma;
* it refuses blank nodes in ``INSERT DATA`` (error SP031) and in a template writing two
  graphs (SR002), so triples with blank nodes are written by one ``INSERT { … } WHERE { }``
  into their graph and copied into the union from there (each of the ontology's OWL list
  nodes stays one node); it compiles each operation into SQL of at most 10,000 lines, so
  the rest go in pieces;
* its ``FILTER NOT EXISTS`` over ``GRAPH ?h`` and its three-variable ``VALUES`` joins
  answer wrongly (7.2.5), so the union is kept with plain operations only;
* with ``named-graph-exclude`` in force, ``GRAPH <iri>`` matches nothing, so the pragma is
  added only to queries with a ``GRAPH ?g`` pattern;
* ``GRAPH ?g { }`` matches nothing, so graphs are listed from their triples;
* blank nodes come back as ``nodeID://b123``, which is not a blank node label: the prefix
  is stripped from answers (:class:`BlankNodeLabels`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import ConfigError
from .ntriples import NTriples, Triple, lines_of


class Readable(Protocol):
    """A byte stream read in pieces (an HTTP response, a file)."""

    def read(self, size: int = -1, /) -> bytes: ...


UNION_GRAPH = "urn:x-vnkg:union"  # where the union lives when the default graph cannot hold it
EMPTY_GRAPH = "urn:x-vnkg:no-graph"  # a default graph that holds nothing (union=False)


@dataclass(frozen=True)
class Dialect:
    """How one kind of server is written to and read from."""

    name: str
    union_graph: str = ""  # "": the server's default graph holds the union
    empty_graph_pattern_lists_graphs: bool = True  # GRAPH ?g { } lists the graphs
    bnode_prefix: bytes = b""  # stripped from blank node labels in answers
    exclude_pragma: str = ""  # a query prologue line excluding one named graph ({iri})


DIALECTS = {
    "standard": Dialect("standard"),
    "virtuoso": Dialect(
        "virtuoso",
        UNION_GRAPH,
        empty_graph_pattern_lists_graphs=False,
        bnode_prefix=b"nodeID://",
        exclude_pragma="define input:named-graph-exclude <{iri}>",
    ),
}


def dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name.strip().lower() or "standard"]
    except KeyError:
        raise ConfigError(f"unknown KG_STORE_DIALECT {name!r}; choose one of: {', '.join(DIALECTS)}") from None


def _text(lines: Iterable[str]) -> str:
    return "\n".join(lines)


def update_text(
    op: str, name: str, triples: Iterable[Triple] | NTriples, dialect: Dialect = DIALECTS["standard"], graphs: str = ""
) -> list[str]:
    """SPARQL Update operations for one transaction step, keeping the union right.

    A triple leaves the union only when no other graph of vnkg's holds it after the step.
    Added triples are written to their graph and to the union by one operation, so blank
    nodes (the ontology's OWL lists) are the same nodes in both. ``graphs`` is the IRI prefix
    of vnkg's graphs, for servers whose ``GRAPH ?h`` also meets graphs that are not vnkg's.
    """
    if dialect.union_graph:
        return _union_graph_update(op, name, triples, dialect, graphs)
    if op == "drop":
        return [
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{name}>) }} }}",
            f"DROP SILENT GRAPH <{name}>",
        ]
    if not triples:
        return []
    lines = lines_of(triples)  # N-Triples: one line per triple, whatever a literal holds
    body = _text(lines)
    if op == "add":
        return [f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}}\n{body}\n}}"]
    rows = " ".join(f"({line[:-2]})" for line in lines)  # "s p o ." -> "(s p o)"
    return [
        f"DELETE DATA {{ GRAPH <{name}> {{\n{body}\n}} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} }} }}",
    ]


def _union_graph_update(
    op: str, name: str, triples: Iterable[Triple] | NTriples, dialect: Dialect, graphs: str
) -> list[str]:
    """The same with the union in a named graph, in the plainest SPARQL: Virtuoso 7.2 answers
    ``FILTER NOT EXISTS`` over ``GRAPH ?h`` and three-variable ``VALUES`` joins wrongly, so a
    triple is taken out of the union and put back when another graph of vnkg's still holds it."""
    union = dialect.union_graph
    ours = f'STRSTARTS(STR(?h), "{graphs}")' if graphs else f"?h != <{union}>"
    if op == "drop":
        return [
            f"DELETE {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}",
            f"INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{name}> && {ours}) }}",
            f"DROP SILENT GRAPH <{name}>",
        ]
    if not triples:
        return []
    lines = lines_of(triples)
    if op == "add":
        return _inserts(name, union, lines)
    held = [f"INSERT {{ GRAPH <{union}> {{ {t} }} }} WHERE {{ GRAPH ?h {{ {t} }} FILTER ({ours}) }}" for t in lines]
    return [
        *(f"DELETE DATA {{ GRAPH <{g}> {{\n{_text(part)}\n}} }}" for part in _chunks(lines) for g in (name, union)),
        *held,
    ]


CHUNK = 500  # triples per operation: Virtuoso compiles each into SQL and refuses past 10,000 lines


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _inserts(name: str, union: str, lines: Sequence[str]) -> list[str]:
    """Triples into their graph and the union, in pieces Virtuoso can compile. Virtuoso refuses
    blank nodes in ``INSERT DATA``, and a template with blank nodes for two graphs (SR002), so
    those triples go into their graph by one template and are copied into the union from there
    (the copy keeps each blank node one node); ``INSERT DATA`` takes the rest."""
    blank = [line for line in lines if line.startswith("_:") or " _:" in line]  # a literal may match: harmless
    plain = [line for line in lines if not (line.startswith("_:") or " _:" in line)]
    ops = []
    if blank:
        ops.append(f"INSERT {{ GRAPH <{name}> {{\n{_text(blank)}\n}} }} WHERE {{ }}")
        ops.append(
            f"INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER (isBlank(?s) || isBlank(?o)) }}"
        )
    for part in _chunks(plain):
        body = _text(part)
        ops.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}}\nGRAPH <{union}> {{\n{body}\n}} }}")
    return ops


class BlankNodeLabels:
    """A byte stream with ``prefix`` removed where a JSON string starts with it.

    Virtuoso labels blank nodes ``nodeID://b123`` in its results; pyoxigraph's parser wants a
    plain label. The pattern searched is the quote and the prefix, across read boundaries (a
    string value that itself starts with the prefix loses it too: the price of not parsing).
    """

    def __init__(self, stream: Readable, prefix: bytes) -> None:
        self.stream, self.pattern = stream, b'"' + prefix
        self.headers: Any = getattr(stream, "headers", None)  # the wrapped response's, when it has them
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        keep = len(self.pattern) - 1  # a pattern cut by a read boundary is completed by the next
        while True:
            chunk = self.stream.read(size if size and size > 0 else 1 << 16)
            if not chunk:
                out, self._held = self._held, b""
                return out
            data = (self._held + chunk).replace(self.pattern, b'"')
            if len(data) > keep:
                self._held = data[len(data) - keep :]
                return data[: len(data) - keep]
            self._held = data
