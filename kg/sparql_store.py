"""The graph kept in a SPARQL 1.1 server (``KG_STORE_BACKEND=sparql``, ``KG_STORE_URL``).

Any server that speaks the SPARQL 1.1 Protocol (query, update) can hold the graph; reading
one named graph uses the Graph Store Protocol when the server has it. The defaults fit an
Oxigraph server (``oxigraph serve --location DIR --bind 127.0.0.1:7878``: ``/query``,
``/update``, ``/store``); the ``KG_STORE_*`` settings fit other layouts (README: Virtuoso).

**One request per transaction.** A transaction (a document's graph replaced, the entities
graph's changes, the union kept) is serialised as one SPARQL Update text, operations joined
by ``;``, and sent in one POST: the server applies an update request as one transaction, so
a document is replaced atomically and a failed request changes nothing. Triples travel as
N-Triples text inside ``INSERT DATA``. A transaction that only adds (a new document: most
commits of an ingest) is sent instead as N-Quads to the Graph Store endpoint, which an
Oxigraph server loads in one transaction too and parses faster than an update (the embedded
backend does the same, ``kg.oxigraph_store``); a server that refuses it gets updates.

**The union default graph is kept, not computed.** Queries must see the *set* union of the
named graphs as their default graph. Oxigraph server's ``--union-default-graph`` is the same
bag union as the embedded engine's (a triple held by three graphs matches three times), and
rewriting every query with ``GRAPH ?g`` would change what users type into ``/sparql``. So,
as the embedded backend does, every write to a named graph writes the union in the same
update, and a triple leaves it only when no named graph holds it. The union lives in the
server's default graph (Oxigraph, Fuseki), or, for a server whose default graph is not a
graph of its own (Virtuoso), in a named graph that queries name as their default graph and
that this backend hides (``KG_STORE_DIALECT``, :mod:`kg.sparql_dialect`).

``union=False`` cannot empty a standard server's default graph: the Protocol's
``default-graph-uri`` also empties the set of named graphs when none are listed, and listing
every document graph on every query would not scale. The default graph stays the union;
every ``union=False`` query in vnkg matches only inside ``GRAPH`` patterns, where the two
agree. (On Virtuoso, which keeps the named graphs, it is emptied.)

The store directory keeps ``remote.json`` (the server it was opened against) beside the
local search index and settings; the graph itself is only on the server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Generic, Protocol, TypeVar, cast

import pyoxigraph as ox
import urllib3
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import StoreError
from .namespaces import PREFIXES
from .ntriples import NTriples, Triple, lines_of
from .oxigraph_store import to_rdflib
from .sparql_dialect import EMPTY_GRAPH, BlankNodeLabels, Readable, dialect, update_text
from .sparql_http import (
    BROKEN,
    GRAPH_ACCEPT,
    RESULTS_ACCEPT,
    ServerSettings,
    SparqlServer,
    accept_for,
    finish,
    first_line,
)
from .store import DATASET_FORMATS, QueryResult, Store, Transaction, check_format

T = TypeVar("T")
Row = dict[str, Identifier | None]  # one solution of a SELECT: rdflib terms by variable (None: unbound)
Addition = tuple[URIRef, list[Triple] | NTriples]


class Answer(Readable, Protocol):
    """A server's streamed answer: its bytes and the headers naming their media type."""

    @property
    def headers(self) -> Mapping[str, str]: ...


_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
REMOTE_FILE = "remote.json"
_UNPARSABLE = (SyntaxError, ValueError, OSError)


def _graph_of(quads: Iterable[ox.Quad] | Iterable[ox.Triple], graph: Graph) -> Graph:
    """``graph`` with the triples of pyoxigraph quads or triples added."""
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


_NOT_CODE = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*""")
_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)  # searched outside IRIs, strings and comments
_GRAPH_VARIABLE = re.compile(r"\bGRAPH\s*[?$]", re.IGNORECASE)


class SparqlStore(Store):
    """Named graphs in a SPARQL 1.1 server; the local directory only records which server."""

    name = "sparql"

    def __init__(self, path: Path, read_only: bool = False, settings: ServerSettings | None = None):
        if settings is None:
            from . import settings as kg_settings

            settings = ServerSettings.from_config(kg_settings.load())
        self.path, self.read_only, self.settings = Path(path), read_only, settings
        self.dialect = dialect(settings.dialect)
        self.server = SparqlServer(settings)
        # Only where GRAPH ?g also meets the server's own graphs are vnkg's told apart by name.
        self.ours = f"{settings.base_iri}graph/" if self.dialect.exclude_pragma else ""
        self._foreign: list[str] | None = None
        # Loading N-Quads needs the union in the default graph and a Graph Store endpoint.
        self._loads = bool(settings.gsp_path) and not self.dialect.union_graph
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
            record = {"backend": self.name, "url": settings.url, "dialect": self.dialect.name}
            (self.path / REMOTE_FILE).write_text(json.dumps(record, indent=2), "utf-8")

    @classmethod
    def open(cls, path: Path, read_only: bool = False, config: dict[str, Any] | None = None) -> SparqlStore:
        """From the settings (``config``, or the environment's when None)."""
        if config is None:
            from . import settings as kg_settings

            config = kg_settings.load()
        return cls(path, read_only, ServerSettings.from_config(config))

    # -- writing ---------------------------------------------------------------------------
    def commit(self, tx: Transaction) -> None:
        """One request: an N-Quads load when the transaction only adds (a new document; the
        server keeps the union in its default graph and takes datasets at its Graph Store
        endpoint), else one SPARQL update."""
        self._writable()
        additions = self._additions(tx) if self._loads else None
        if additions:
            refused = self.server.load(union_quads(additions))
            if refused is None:
                return
            self._loads = refused == 400  # a server that takes no datasets there: updates from now on
        parts = [
            part for op, name, triples in tx.ops for part in update_text(op, name, triples, self.dialect, self.ours)
        ]
        if parts:
            self.server.update(" ;\n".join(parts))

    def _additions(self, tx: Transaction) -> list[Addition] | None:
        """The transaction's (name, triples) when adding is all it does: what it drops does not
        exist and was not added to before (a new document's graph); else None."""
        additions: list[Addition] = []
        added: set[URIRef] = set()
        dropped: list[URIRef] = []
        for op, name, triples in tx.ops:
            if op == "add" and triples:
                additions.append((name, triples))
                added.add(name)
            elif op == "remove" and triples:
                return None
            elif op == "drop":
                if name in added:
                    return None
                dropped.append(name)
        if dropped and self._select(
            f"SELECT ?g WHERE {{ VALUES ?g {{ {' '.join(f'<{g}>' for g in dropped)} }} GRAPH ?g {{ }} }} LIMIT 1"
        ):
            return None
        return additions

    def rebuild_union(self) -> None:
        self._writable()
        union = self.dialect.union_graph
        if union:
            self.server.update(
                f"DROP SILENT GRAPH <{union}> ; INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._only_ours()} }}"
            )
        else:
            self.server.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} ({self.settings.url}) is open read-only")

    # -- reading ---------------------------------------------------------------------------
    def prepare(
        self, sparql: str, union: bool = True, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> tuple[str, dict[str, list[str]]]:
        """The query text and Protocol parameters that give ``sparql`` vnkg's dataset here:
        the union as default graph (``union``), or the graphs the caller names."""
        if default_graphs or named_graphs:
            return sparql, {"default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
        union_graph = self.dialect.union_graph
        if not union_graph:
            return sparql, {}
        code = _NOT_CODE.sub(" ", sparql)
        if not _GRAPH.search(code):
            return sparql, {"default-graph-uri": [union_graph if union else EMPTY_GRAPH]}
        # Virtuoso: with a default graph named, GRAPH <iri> matches nothing, and GRAPH ?g must be
        # kept from the union graph and the server's own by a pragma that also takes them out of
        # the default graph (and again stops GRAPH <iri>). A query with GRAPH therefore gets the
        # bag union of vnkg's graphs as default graph; every such query vnkg makes has no other
        # pattern, and /sparql users are told (README).
        if not _GRAPH_VARIABLE.search(code):
            return sparql, {}
        pragmas = [self.dialect.exclude_pragma.format(iri=g) for g in self.foreign_graphs()]
        return "\n".join([*pragmas, sparql]), {}

    def foreign_graphs(self) -> list[str]:
        """Graphs on the server that are not vnkg's (the union, the server's own), listed once."""
        if self._foreign is None:
            rows = self._select(
                f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{self.ours}")) }}',
                pragmas=False,
            )
            self._foreign = sorted({str(r["g"]) for r in rows} | {self.dialect.union_graph})
        return self._foreign

    def plain_labels(self, stream: Answer) -> Answer:
        """``stream`` read with the dialect's blank node labels made plain (when it has any)."""
        return BlankNodeLabels(stream, self.dialect.bnode_prefix) if self.dialect.bnode_prefix else stream

    def query(self, sparql: str, union: bool = True) -> QueryResult:
        """Rows, a bool or a Graph, as the other backends (``union``: see the module docstring)."""
        return self._run(sparql, union)

    def _select(self, sparql: str, pragmas: bool = True) -> list[Row]:
        rows: list[Row] = self._run(sparql, True, pragmas)
        return rows

    def _run(self, sparql: str, union: bool, pragmas: bool = True) -> QueryResult:
        text, params = self.prepare(sparql, union) if pragmas else (sparql, {})
        response = self.server.query(text, accept=accept_for(sparql), params=params)
        with self._reading(response, f"SPARQL server {self.settings.url} sent an answer that does not parse"):
            result = parse_answer(self.plain_labels(response))
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                return [{n: to_rdflib(sol[n]) for n in names} for sol in result]
            return _graph_of(result, Graph())

    @contextmanager
    def _reading(self, response: urllib3.BaseHTTPResponse, unparsable: str) -> Iterator[None]:
        """Read an answer: one line if it breaks off or does not parse (``unparsable``, then the
        parser's first line); the connection goes back to the pool (or is closed) either way."""
        try:
            yield
        except BROKEN as err:
            raise StoreError(
                f"SPARQL server {self.settings.url} broke off its answer ({first_line(err)}); "
                f"try again, or raise KG_STORE_TIMEOUT"
            ) from None
        except _UNPARSABLE as err:
            raise StoreError(f"{unparsable}: {first_line(err)}") from None
        finally:
            finish(response)

    def _only_ours(self, var: str = "?g") -> str:
        """A filter keeping vnkg's graphs where GRAPH ?g meets others (the union, the server's)."""
        if self.ours:
            return f'FILTER (STRSTARTS(STR({var}), "{self.ours}"))'
        return f"FILTER ({var} != <{self.dialect.union_graph}>)" if self.dialect.union_graph else ""

    def graph_names(self) -> list[URIRef]:
        pattern = "{ }" if self.dialect.empty_graph_pattern_lists_graphs else "{ ?s ?p ?o }"
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} {self._only_ours()} }}")
        return sorted(URIRef(r["g"]) for r in rows if isinstance(r["g"], URIRef))

    def graph(self, name: URIRef) -> Graph:
        graph = Graph(identifier=URIRef(name))
        if not self.settings.gsp_path:
            for triple in self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", True):
                graph.add(triple)
            return graph
        response = self.server.get_graph(str(name))
        if response is None:
            return graph
        with self._reading(
            response, f"SPARQL server {self.settings.url} sent graph {name} in a form that does not parse"
        ):
            return _graph_of(cast(Iterator[ox.Quad], parse_answer(response, GRAPH_ACCEPT)), graph)  # a graph asked for

    def export(self, fmt: str, out: IO[bytes]) -> int:
        """Streamed from the server into ``out``: the named graphs as quads, or the union."""
        fmt = check_format(fmt)
        dataset = fmt in DATASET_FORMATS
        if dataset:
            sparql, accept = (
                f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._only_ours()} }}",
                RESULTS_ACCEPT,
            )
        else:
            sparql, accept = "CONSTRUCT WHERE { ?s ?p ?o }", GRAPH_ACCEPT
        text, params = self.prepare(sparql)
        response = self.server.query(text, accept=accept, params=params)
        counted = Counted(_export_items(self.plain_labels(response), dataset))
        with self._reading(response, f"export from {self.settings.url} failed"):
            wanted = fmt != "nquads" if dataset else fmt == "turtle"  # prefixes as the embedded backend writes them
            items = cast(Iterable[ox.Quad] | Iterable[ox.Triple], counted)  # all quads or all triples, by `dataset`
            ox.serialize(items, out, _FORMATS[fmt], prefixes=PREFIXES if wanted else None)
        return counted.count

    def __len__(self) -> int:
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._only_ours()} }}")
        return int(cast(Literal, rows[0]["n"]))

    def close(self) -> None:
        server, self.server = getattr(self, "server", None), None  # type: ignore[assignment]  # closed: later use fails
        if server is not None:
            server.close()


def union_quads(additions: Iterable[Addition]) -> str:
    """N-Quads of added triples, each in its named graph and in the default graph (the union):
    one text, so a blank node is one node in both copies."""
    out = []
    for name, triples in additions:
        graph = f"<{name}> .\n"
        for line in lines_of(triples):
            out.append(line[:-1] + graph)  # "s p o ." -> "s p o <g> ."
            out.append(line + "\n")
    return "".join(out)


def _export_items(response: Answer, quads: bool) -> Iterator[ox.Triple | ox.Quad]:
    result = parse_answer(response)
    if not quads:  # a CONSTRUCT's answer
        yield from (ox.Triple(q.subject, q.predicate, q.object) for q in cast(Iterator[ox.Quad], result))
        return
    for row in cast(ox.QuerySolutions, result):  # a SELECT's
        yield ox.Quad(row["s"], row["p"], row["o"], row["g"])


class Counted(Generic[T]):
    """An iterable that counts what passes through it (the export's count without a copy)."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            self.count += 1
            yield item


def parse_answer(
    response: Answer, accept: str | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Quad]:
    """A streamed query answer parsed lazily by its media type: results or an RDF graph."""
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    results = ox.QueryResultsFormat.from_media_type(media) if media else None
    if results is not None:
        return ox.parse_query_results(cast(IO[bytes], response), results)  # pyoxigraph reads any .read()
    rdf = ox.RdfFormat.from_media_type(media) if media else None
    if rdf is None:
        raise StoreError(
            f"the SPARQL server answered in {media or 'an unnamed format'}, which vnkg cannot read "
            f"(it asks for {accept or 'SPARQL JSON results or N-Triples'})"
        )
    return ox.parse(cast(IO[bytes], response), rdf)
