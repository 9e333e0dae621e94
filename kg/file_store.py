"""rdflib's in-memory store saved to an N-Quads file: the simple alternative backend.

Kept for two reasons: it is the baseline Oxigraph was measured against
(``bench/bench_store.py``), and it proves the :class:`~kg.store.Store` interface does not
leak Oxigraph specifics (the contract tests run on both). Each commit rewrites the file
through a temporary file and an atomic rename, so a crash leaves the previous version.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, cast

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import ResultRow

from .errors import BadQuery, StoreError
from .namespaces import bind_namespaces
from .store import DATASET_FORMATS, QueryResult, Store, Transaction, check_format

_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}


class FileStore(Store):
    """Named graphs in an rdflib ``Dataset``, persisted to ``graph.nq``."""

    name = "rdflib-file"

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.file = self.path / "graph.nq"
        self._ds = Dataset()
        bind_namespaces(self._ds)
        if self.file.exists():
            try:
                self._ds.parse(self.file, format="nquads")
            except Exception as err:  # rdflib raises many parser error types
                raise StoreError(f"cannot read store file {self.file}: {err}") from None
        elif not read_only:
            self.path.mkdir(parents=True, exist_ok=True)

    def commit(self, tx: Transaction) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        for op, name, triples in tx.ops:
            if op == "drop":
                self._ds.remove_graph(self._ds.graph(name))
                continue
            graph = self._ds.graph(name)
            for triple in triples:
                (graph.add if op == "add" else graph.remove)(triple)
        tmp = self.file.with_suffix(".tmp")
        self._ds.serialize(tmp, format="nquads")
        os.replace(tmp, self.file)

    def query(self, sparql: str, union: bool = True) -> QueryResult:
        self._ds.default_union = union
        try:
            result = self._ds.query(sparql)
        except Exception as err:  # pyparsing and rdflib raise various parse errors
            raise BadQuery(f"SPARQL error: {err}") from None
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            assert result.graph is not None  # rdflib sets it on CONSTRUCT and DESCRIBE
            for triple in result.graph:
                graph.add(triple)
            return graph
        names = [str(v) for v in result.vars or ()]
        return [{n: row[i] for i, n in enumerate(names)} for row in cast(Iterable[ResultRow], result)]

    def graph_names(self) -> list[URIRef]:
        return sorted(
            URIRef(g.identifier) for g in self._ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def graph(self, name: URIRef) -> Graph:
        out = Graph(identifier=URIRef(name))
        for triple in self._ds.graph(URIRef(name)):
            out.add(triple)
        return out

    def export(self, fmt: str, out: IO[bytes]) -> int:
        fmt = check_format(fmt)
        if fmt in DATASET_FORMATS:
            out.write(self._ds.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8"))
            return len(self)
        union = Graph()
        bind_namespaces(union)
        for s, p, o, _ in self._ds.quads((None, None, None, None)):
            union.add((s, p, o))
        out.write(union.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8"))
        return len(union)

    def __len__(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))
