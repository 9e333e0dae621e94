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
* it refuses blank nodes in ``INSERT DATA`` (error SP031), so triples are written by
  ``INSERT { … } WHERE { }`` (blank nodes in the ontology's OWL lists then stay one node
  across the named graph and the union, as the template is instantiated once);
* ``GRAPH ?g { }`` matches nothing, so graphs are listed from their triples;
* blank nodes come back as ``nodeID://b123``, which is not a blank node label: the prefix
  is stripped from answers (:class:`BlankNodeLabels`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError

UNION_GRAPH = "urn:x-vnkg:union"  # where the union lives when the default graph cannot hold it
EMPTY_GRAPH = "urn:x-vnkg:no-graph"  # a default graph that holds nothing (union=False)


@dataclass(frozen=True)
class Dialect:
    """How one kind of server is written to and read from."""

    name: str
    union_graph: str = ""  # "": the server's default graph holds the union
    insert_data: bool = True  # INSERT DATA (False: INSERT { } WHERE { }, for blank nodes)
    empty_graph_pattern_lists_graphs: bool = True  # GRAPH ?g { } lists the graphs
    bnode_prefix: bytes = b""  # stripped from blank node labels in answers
    exclude_pragma: str = ""  # a query prologue line excluding one named graph ({iri})


DIALECTS = {
    "standard": Dialect("standard"),
    "virtuoso": Dialect("virtuoso", UNION_GRAPH, insert_data=False, empty_graph_pattern_lists_graphs=False,
                        bnode_prefix=b"nodeID://", exclude_pragma="define input:named-graph-exclude <{iri}>"),
}


def dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name.strip().lower() or "standard"]
    except KeyError:
        raise ConfigError(f"unknown KG_STORE_DIALECT {name!r}; choose one of: {', '.join(DIALECTS)}") from None


def _triples_text(triples) -> str:
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def update_text(op: str, name, triples, dialect: Dialect = DIALECTS["standard"], graphs: str = "") -> list[str]:
    """SPARQL Update operations for one transaction step, keeping the union right.

    A triple leaves the union only when no other graph of vnkg's holds it after the step
    (``graphs``: the IRI prefix of vnkg's graphs, for servers whose ``GRAPH ?h`` also sees
    graphs that are not vnkg's). Added triples are written to their graph and to the union
    by one operation, so blank nodes (the ontology's OWL lists) are the same nodes in both.
    """
    union = dialect.union_graph

    def in_union(body: str) -> str:
        return f"GRAPH <{union}> {{ {body} }}" if union else body

    # ?h is another graph of vnkg's: not the union itself, nor a graph of the server's own
    ours = [f'STRSTARTS(STR(?h), "{graphs}")'] if graphs else ([f"?h != <{union}>"] if union else [])
    if op == "drop":
        others = " && ".join([f"?h != <{name}>", *ours])
        return [f"DELETE {{ {in_union('?s ?p ?o')} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER ({others}) }} }}",
                f"DROP SILENT GRAPH <{name}>"]
    if not triples:
        return []
    body = _triples_text(triples)
    if op == "add":
        both = f"GRAPH <{name}> {{\n{body}\n}}\n{in_union(body)}\n"
        return [f"INSERT DATA {{ {both}}}" if dialect.insert_data else f"INSERT {{ {both}}} WHERE {{ }}"]
    rows = " ".join(f"({s.n3()} {p.n3()} {o.n3()})" for s, p, o in triples)
    elsewhere = f"FILTER ({' && '.join(ours)}) " if ours else ""
    return [f"DELETE DATA {{ GRAPH <{name}> {{\n{body}\n}} }}",
            f"DELETE {{ {in_union('?s ?p ?o')} }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o {elsewhere}}} }} }}"]


class BlankNodeLabels:
    """A byte stream with ``prefix`` removed where a JSON string starts with it.

    Virtuoso labels blank nodes ``nodeID://b123`` in its results; pyoxigraph's parser wants a
    plain label. The pattern searched is the quote and the prefix, across read boundaries.
    """

    def __init__(self, stream, prefix: bytes):
        self.stream, self.pattern = stream, b'"' + prefix
        self.headers = getattr(stream, "headers", None)
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
                self._held = data[len(data) - keep:]
                return data[:len(data) - keep]
            self._held = data
