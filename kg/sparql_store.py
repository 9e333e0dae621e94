"""The graph kept in a SPARQL 1.1 server (``KG_STORE_BACKEND=sparql``, ``KG_STORE_URL``).

Any server that speaks the SPARQL 1.1 Protocol (query, update) can hold the graph; reading
one named graph uses the Graph Store Protocol when the server has it. The defaults fit an
Oxigraph server (``oxigraph serve --location DIR --bind 127.0.0.1:7878``: ``/query``,
``/update``, ``/store``); the ``KG_STORE_*`` settings fit other layouts (README: Virtuoso).

**One request per transaction.** A transaction (a document's graph replaced, the entities
graph's changes, the union kept) is serialised as one SPARQL Update text, operations joined
by ``;``, and sent in one POST: the server applies an update request as one transaction, so
a document is replaced atomically and a failed request changes nothing. Triples travel as
N-Triples text inside ``INSERT DATA``.

**The union default graph is kept, not computed.** Queries must see the *set* union of the
named graphs as their default graph. Oxigraph server's ``--union-default-graph`` is the same
bag union as the embedded engine's (a triple held by three graphs matches three times), and
rewriting every query with ``GRAPH ?g`` would change what users type into ``/sparql``. So,
as the embedded backend does, every write to a named graph writes the union in the same
update, and a triple leaves it only when no named graph holds it. The union lives in the
server's default graph (Oxigraph, Fuseki), or, for a server whose default graph is not a
graph of its own (Virtuoso), in the named graph ``KG_STORE_UNION_GRAPH``, which queries then
name as their default graph (``default-graph-uri``) and which this backend hides from
:meth:`graph_names`, exports and counts.

``union=False`` cannot empty the default graph here: the Protocol's ``default-graph-uri``
also empties the set of named graphs when none are listed, and listing every document graph
on every query would not scale. The default graph stays the union; every ``union=False``
query in vnkg matches only inside ``GRAPH`` patterns, where the two agree.

The store directory keeps ``remote.json`` (the server it was opened against) beside the
local search index and settings; the graph itself is only on the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import StoreError
from .namespaces import PREFIXES
from .oxigraph_store import to_rdflib
from .sparql_http import GRAPH_ACCEPT, ServerSettings, SparqlServer, finish, first_line
from .store import DATASET_FORMATS, Store, Transaction, check_format

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
REMOTE_FILE = "remote.json"


def _triples_text(triples) -> str:
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def update_text(op: str, name, triples, union: str = "") -> list[str]:
    """SPARQL Update operations for one transaction step, keeping the union graph right.

    ``union`` is "" for the server's default graph, else the IRI of the graph holding the
    union. A triple leaves the union only when no named graph holds it after the step; added
    triples are written to their graph and to the union by one ``INSERT DATA``, so blank nodes
    (the ontology's OWL lists) are the same nodes in both.
    """
    def in_union(body: str) -> str:
        return f"GRAPH <{union}> {{ {body} }}" if union else body

    not_union = f" && ?h != <{union}>" if union else ""
    if op == "drop":
        return [f"DELETE {{ {in_union('?s ?p ?o')} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{name}>{not_union}) }} }}",
                f"DROP SILENT GRAPH <{name}>"]
    if not triples:
        return []
    body = _triples_text(triples)
    if op == "add":
        return [f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}}\n{in_union(body)}\n}}"]
    rows = " ".join(f"({s.n3()} {p.n3()} {o.n3()})" for s, p, o in triples)
    elsewhere = f"FILTER (?h != <{union}>) " if union else ""
    return [f"DELETE DATA {{ GRAPH <{name}> {{\n{body}\n}} }}",
            f"DELETE {{ {in_union('?s ?p ?o')} }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o {elsewhere}}} }} }}"]


class SparqlStore(Store):
    """Named graphs in a SPARQL 1.1 server; the local directory only records which server."""

    name = "sparql"

    def __init__(self, path: Path, read_only: bool = False, settings: ServerSettings | None = None):
        if settings is None:
            from . import settings as kg_settings

            settings = ServerSettings.from_config(kg_settings.load())
        self.path, self.read_only, self.settings = Path(path), read_only, settings
        self.server = SparqlServer(settings)
        self._union = settings.union_graph
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
            record = {"backend": self.name, "url": settings.url, "union_graph": self._union}
            (self.path / REMOTE_FILE).write_text(json.dumps(record, indent=2), "utf-8")

    @classmethod
    def open(cls, path: Path, read_only: bool = False, config: dict | None = None) -> SparqlStore:
        """From the settings (``config``, or the environment's when None)."""
        if config is None:
            from . import settings as kg_settings

            config = kg_settings.load()
        return cls(path, read_only, ServerSettings.from_config(config))

    # -- writing ---------------------------------------------------------------------------
    def commit(self, tx: Transaction) -> None:
        self._writable()
        parts = [part for op, name, triples in tx.ops for part in update_text(op, name, triples, self._union)]
        if parts:
            self.server.update(" ;\n".join(parts))

    def rebuild_union(self) -> None:
        self._writable()
        if self._union:
            self.server.update(f"DROP SILENT GRAPH <{self._union}> ; INSERT {{ GRAPH <{self._union}> {{ ?s ?p ?o }} }} "
                               f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{self._union}>) }}")
        else:
            self.server.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} ({self.settings.url}) is open read-only")

    # -- reading ---------------------------------------------------------------------------
    def _params(self) -> dict:
        return {"default-graph-uri": [self._union]} if self._union else {}

    def query(self, sparql: str, union: bool = True):
        """Rows, a bool or a Graph, as the other backends (``union``: see the module docstring)."""
        response = self.server.query(sparql, params=self._params())
        try:
            result = parse_answer(response)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                return [{n: to_rdflib(sol[n]) for n in names} for sol in result]
            graph = Graph()
            for q in result:
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
            return graph
        except (SyntaxError, ValueError, OSError) as err:
            raise StoreError(f"SPARQL server {self.settings.url} sent an answer that does not parse: "
                             f"{first_line(err)}") from None
        finally:
            finish(response)

    def _not_union(self, var: str = "?g") -> str:
        return f"FILTER ({var} != <{self._union}>)" if self._union else ""

    def graph_names(self) -> list[URIRef]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} {self._not_union()} }}")
        return sorted(URIRef(r["g"]) for r in rows if isinstance(r["g"], URIRef))

    def graph(self, name: URIRef) -> Graph:
        graph = Graph(identifier=URIRef(name))
        if not self.settings.gsp_path:
            for triple in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
                graph.add(triple)
            return graph
        response = self.server.get_graph(str(name))
        if response is None:
            return graph
        try:
            for q in parse_answer(response, GRAPH_ACCEPT):
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        except (SyntaxError, ValueError, OSError) as err:
            raise StoreError(f"SPARQL server {self.settings.url} sent graph {name} in a form that does "
                             f"not parse: {first_line(err)}") from None
        finally:
            finish(response)
        return graph

    def export(self, fmt: str, out) -> int:
        """Streamed from the server into ``out``: the named graphs as quads, or the union."""
        fmt = check_format(fmt)
        if fmt in DATASET_FORMATS:
            sparql = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._not_union()} }}"
        else:
            sparql = "CONSTRUCT WHERE { ?s ?p ?o }"
        response = self.server.query(sparql, params=self._params())
        counted = Counted(self._export_items(response, fmt in DATASET_FORMATS))
        try:
            dataset = fmt in DATASET_FORMATS  # prefixes as the embedded backend writes them
            wanted = fmt != "nquads" if dataset else fmt == "turtle"
            ox.serialize(counted, out, _FORMATS[fmt], prefixes=PREFIXES if wanted else None)
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"export from {self.settings.url} failed: {first_line(err)}") from None
        finally:
            finish(response)
        return counted.count

    @staticmethod
    def _export_items(response, quads: bool) -> Iterator:
        result = parse_answer(response)
        if not quads:
            yield from (ox.Triple(q.subject, q.predicate, q.object) for q in result)
            return
        for row in result:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def __len__(self) -> int:
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._not_union()} }}")
        return int(rows[0]["n"])

    def close(self) -> None:
        server, self.server = getattr(self, "server", None), None
        if server is not None:
            server.close()


class Counted:
    """An iterable that counts what passes through it (the export's count without a copy)."""

    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def parse_answer(response, accept: str | None = None):
    """A streamed query answer parsed lazily by its media type: results or an RDF graph."""
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    results = ox.QueryResultsFormat.from_media_type(media) if media else None
    if results is not None:
        return ox.parse_query_results(response, results)
    rdf = ox.RdfFormat.from_media_type(media) if media else None
    if rdf is None:
        raise StoreError(f"the SPARQL server answered in {media or 'an unnamed format'}, which vnkg cannot read "
                         f"(it asks for {accept or 'SPARQL JSON results or N-Triples'})")
    return ox.parse(response, rdf)
