"""The default store: Oxigraph (RocksDB on disk), through pyoxigraph.

Chosen over rdflib's memory store with figures (``bench/bench_store.py``, README): loading
and joins are orders of magnitude faster, it persists without a save step, and each SPARQL
update is one ACID transaction, which gives atomic per-document replacement. A named graph
is read back as an rdflib ``Graph`` (:meth:`OxigraphStore.graph`) where rdflib's API is wanted.

The union default graph. Oxigraph 0.5 evaluates ``use_default_graph_as_union`` as a bag: a
triple held by three graphs matches three times, so counts and joins over shared nodes
multiply (fixed upstream only in 0.6, unreleased). This backend therefore keeps the union
itself, in Oxigraph's real default graph: every write to a named graph writes the default
graph in the same update, and a triple leaves the default graph only when no named graph
holds it any more. Queries read that default graph, which is a set. The cost is three more
index entries per distinct triple; the gain is SPARQL's own semantics for every query,
including the ones users type into ``/sparql``.

Writing. A transaction that only adds triples (a new document and its share of the entities
graph: nearly every commit of an ingest) is written as one N-Quads text, the named copy and
the default-graph copy of each triple, through ``Store.load``, which Oxigraph applies as one
transaction like an update. Parsing N-Quads in Oxigraph costs less than parsing the same data
as SPARQL ``INSERT DATA``: a corpus document commits in 10.7 ms against 16.7 ms (300 documents,
``bench/bench_store_write.py``, 2026-12-06).
A transaction that drops a graph that holds something or removes triples (a changed or
removed document) still goes as one SPARQL update: its deletions must land in the same
transaction as its additions, and only an update does both.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import IO, Any, cast, overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import BadQuery, StoreError
from .namespaces import PREFIXES, XSD
from .ntriples import NTriples, Triple, lines_of
from .sparql_dialect import update_text
from .store import DATASET_FORMATS, Op, QueryResult, Store, Transaction, check_format

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


_XSD_STRING = str(XSD.string)


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@overload
def to_rdflib(term: OxTerm) -> Identifier: ...
@overload
def to_rdflib(term: OxTerm | None) -> Identifier | None: ...
def to_rdflib(term: OxTerm | None) -> Identifier | None:
    """pyoxigraph term -> rdflib term (a quoted triple is refused: rdflib has none)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if term is None:
        return None
    raise StoreError(f"unsupported term type {type(term).__name__}")


_EMPTY = ox.NamedNode("urn:x-vnkg:no-graph")  # a default graph that holds nothing


def _update(op: str, name: URIRef, triples: list[Triple] | NTriples) -> list[str]:
    """SPARQL Update operations for one transaction step, keeping the default graph the union:
    the same operations a standard SPARQL server is sent (:func:`kg.sparql_dialect.update_text`)."""
    return update_text(op, name, triples)


def _nquads(ops: list[Op]) -> str:
    """The added triples of ``ops`` as N-Quads: each in its named graph and in the default
    graph (the union), one text, so a blank node is the same node in both copies."""
    out = []
    for _, name, triples in ops:
        graph = f"<{name}> .\n"
        for line in lines_of(triples):
            out.append(line[:-1] + graph)  # "s p o ." -> "s p o <g> ."
            out.append(line + "\n")
    return "".join(out)


def _open_read_only(path: Path, attempts: int = 4) -> ox.Store:
    """A read-only view. Opened while a writer rotates its files (an ingest commits a document
    a second), RocksDB can fail once on a file that was just replaced; a moment later it opens.
    A store that still fails after a few tries is reported as it is."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class OxigraphStore(Store):
    """Named graphs in an Oxigraph database directory."""

    name = "oxigraph"

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                self._db = _open_read_only(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(str(self.path))
        except OSError as err:
            if "lock" in str(err).lower():  # kg.kb's writer lock names the holder; this is the raw store
                raise StoreError(f"store {self.path} is in use by another process (open for writing)") from None
            raise StoreError(f"cannot open store {self.path}: {err}") from None
        except RuntimeError as err:  # RocksDB reports damaged files as "Corruption: ..."
            raise StoreError(f"store {self.path} is damaged ({_first_line(err)})") from None
        self._writing = threading.Lock()  # which graphs exist, as a commit saw them, holds until it is written

    def commit(self, tx: Transaction) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        with self._writing:
            additions = self._additions(tx)
            try:
                if additions is not None:
                    self._db.load(_nquads(additions), ox.RdfFormat.N_QUADS)
                else:
                    self._db.update(
                        " ;\n".join(part for op, name, triples in tx.ops for part in _update(op, name, triples))
                    )
            except (OSError, SyntaxError, RuntimeError, ValueError) as err:
                raise StoreError(f"write to {self.path} failed: {_first_line(err)}") from None

    def _additions(self, tx: Transaction) -> list[Op] | None:
        """The transaction's additions when adding is all it does (what it drops neither
        exists nor was added to before: a new document's graph), else None (an update)."""
        additions: list[Op] = []
        added: set[URIRef] = set()
        for op, name, triples in tx.ops:
            if op == "add" and triples:
                additions.append((op, name, triples))
                added.add(name)
            elif op == "remove" and triples:
                return None
            elif op == "drop" and (name in added or self._db.contains_named_graph(ox.NamedNode(str(name)))):
                return None
        return additions

    def query(self, sparql: str, union: bool = True) -> QueryResult:
        options: dict[str, Any] = {} if union else {"default_graph": _EMPTY}
        try:
            result = self._db.query(sparql, **options)
        except SyntaxError as err:
            raise BadQuery(f"SPARQL syntax error: {err}") from None
        except (OSError, RuntimeError) as err:
            raise StoreError(f"query failed: {_first_line(err)}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            for t in result:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return graph
        names = [v.value for v in result.variables]
        return [{n: to_rdflib(sol[n]) for n in names} for sol in result]

    def rebuild_union(self) -> None:
        """Recompute the default graph as the union of the named graphs."""
        self._db.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: URIRef) -> Graph:
        graph = Graph(identifier=URIRef(name))
        for q in self._db.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return graph

    def export(self, fmt: str, out: IO[bytes]) -> int:
        fmt = check_format(fmt)
        if fmt in DATASET_FORMATS:  # the named graphs, not the union kept in the default graph
            quads = [q for q in self._db if not isinstance(q.graph_name, ox.DefaultGraph)]
            ox.serialize(quads, out, _FORMATS[fmt], prefixes=PREFIXES if fmt != "nquads" else None)
            return len(quads)
        triples = list(cast(ox.QueryTriples, self._db.query("CONSTRUCT WHERE { ?s ?p ?o }")))
        ox.serialize(triples, out, _FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None)
        return len(triples)

    def __len__(self) -> int:
        """Quads in the named graphs (the union kept in the default graph is not counted)."""
        [row] = cast(ox.QuerySolutions, self._db.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(row["n"].value)

    def close(self) -> None:
        db, self._db = getattr(self, "_db", None), None  # type: ignore[assignment]  # closed: later use fails
        if db is not None and not self.read_only:
            try:
                db.flush()
            except (OSError, RuntimeError) as err:
                raise StoreError(f"store {self.path} could not be flushed: {_first_line(err)}") from None


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
