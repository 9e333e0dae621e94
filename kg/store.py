"""The graph store interface, its backends by name, and the dataset-level helpers.

Every backend keeps one named graph per document, so replacing or removing a document is
one graph operation. Changes are grouped in a :class:`Transaction` and applied atomically:
a crash mid-ingest leaves the store as it was before the document, never half-written.
The default graph of a query is the set union of the named graphs on every backend (the
contract tests pin it), so a fact held by several graphs counts once. Backends: Oxigraph
embedded (the default), a SPARQL 1.1 server (:mod:`kg.sparql_store`) and rdflib's memory
store saved to a file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from rdflib import Graph, URIRef

from .errors import ConfigError
from .ntriples import NTriples, Triple
from .registry import lookup

BACKENDS = {
    "oxigraph": "kg.oxigraph_store:OxigraphStore",
    "sparql": "kg.sparql_store:SparqlStore",
    "rdflib-file": "kg.file_store:FileStore",
}
EXPORT_FORMATS = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "trig": "trig", "nquads": "nq"}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}

# What a query answers, by its form: SELECT rows (dicts of rdflib terms by variable), ASK a
# bool, CONSTRUCT/DESCRIBE a Graph. The caller wrote the query and knows which form it gets.
QueryResult = Any
# One step of a transaction: ("add" | "remove" | "drop", graph name, triples).
Op = tuple[str, URIRef, list[Triple] | NTriples]


@dataclass
class Transaction:
    """Graph operations collected for one atomic commit, applied in the order given.

    Order matters: replacing a graph is a drop followed by an add, and moving a triple from
    one graph to another is an add followed by a remove (so a store that keeps the union
    sees it held somewhere at every step).
    """

    ops: list[Op] = field(default_factory=list)

    def drop_graph(self, name: URIRef) -> None:
        self.ops.append(("drop", URIRef(name), []))

    def add_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to a graph (created when absent; triples already there stay once).
        :class:`~kg.ntriples.NTriples` are kept as lines (immutable), for backends that write text."""
        self.ops.append(("add", URIRef(name), triples if isinstance(triples, NTriples) else list(triples)))

    def remove(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Remove these triples from one graph (absent ones are ignored)."""
        self.ops.append(("remove", URIRef(name), list(triples)))

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        self.drop_graph(name)
        self.add_graph(name, triples)

    def __bool__(self) -> bool:
        return any(op == "drop" or triples for op, _, triples in self.ops)


class Store(ABC):
    """A persistent set of named graphs with SPARQL query and export."""

    name = "abstract"

    @classmethod
    def open(cls, path: Path, read_only: bool = False, config: dict[str, Any] | None = None) -> Store:
        """Open the store at ``path``; a backend that needs settings (a server's URL) reads
        them from ``config`` (the loaded settings; None: the environment's)."""
        return cls(path, read_only=read_only)  # type: ignore[call-arg]  # the backends take (path, read_only)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Collect changes; they are applied together when the block exits without error."""
        tx = Transaction()
        yield tx
        if tx:
            self.commit(tx)

    def add_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        with self.transaction() as tx:
            tx.add_graph(name, triples)

    def drop_graph(self, name: URIRef) -> None:
        with self.transaction() as tx:
            tx.drop_graph(name)

    @abstractmethod
    def commit(self, tx: Transaction) -> None:
        """Apply a transaction atomically."""

    @abstractmethod
    def query(self, sparql: str, union: bool = True) -> QueryResult:
        """Run a SPARQL query: rows (list of dicts of rdflib terms), a bool, or a Graph.

        With ``union`` the default graph is the set union of all named graphs: a triple
        held by several graphs is one triple there (one row per solution, as SPARQL's RDF
        merge says), on every backend. Without it only ``GRAPH`` patterns are meant to match:
        the embedded and file backends empty the default graph; the ``sparql`` backend cannot
        (the Protocol would empty the named graphs too) and keeps the union, which agrees on
        every query made of ``GRAPH`` patterns, as all of vnkg's ``union=False`` queries are.
        """

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """Names of the named graphs held."""

    @abstractmethod
    def graph(self, name: URIRef) -> Graph:
        """A copy of one named graph (empty when absent)."""

    @abstractmethod
    def export(self, fmt: str, out: IO[bytes]) -> int:
        """Write all graphs to a binary file object; returns the triples (or quads) written."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads stored."""

    def close(self) -> None:  # noqa: B027 - a no-op default: backends holding files or locks override it
        """Release files and locks."""

    def rebuild_union(self) -> None:  # noqa: B027 - a no-op default for backends computing the union at query time
        """Recompute what the store keeps to answer union queries (see the backends).

        For repair and for upgrading stores written before the union was kept; backends
        that compute the union at query time have nothing to do.
        """


def backend_class(name: str) -> type[Store]:
    """The store class registered under ``name``, imported only when asked for."""
    return cast(type[Store], lookup(BACKENDS, name, "store backend"))


def open_store(
    path: Path, backend: str = "oxigraph", read_only: bool = False, config: dict[str, Any] | None = None
) -> Store:
    """Open (creating if needed) the store of the given backend under ``path``.

    ``config``: the loaded settings, for backends configured by them (``sparql`` reads
    ``KG_STORE_URL`` and the other ``KG_STORE_*``); None reads the environment.
    """
    return backend_class(backend).open(Path(path), read_only, config)


def check_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    return fmt
