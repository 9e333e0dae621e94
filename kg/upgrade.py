"""Upgrading a store written by an earlier layout, once, when it is opened for writing.

Layout 1 (round one) copied every entity's description into the graph of each document that
named it. Layout 2 keeps one description per entity in the entities graph, with each
document's support recorded in its own graph (:mod:`kg.entities`), and the union default
graph kept by the store (:meth:`kg.store.Store.rebuild_union`). The upgrade moves the
triples document by document, in batches that are each one transaction, and checks that
nothing a document said was lost: documents, mentions, observations and proposals are
counted before and after and must be identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .build import add_description_records
from .catalog import class_counts
from .entities import check
from .errors import StoreError
from .iris import Iris
from .store import Store

STORE_VERSION = 2
BATCH = 50  # documents per transaction
KEPT = ("Document", "Mention", "Observation", "Proposal", "Directive", "Sentence")


@dataclass(frozen=True)
class UpgradeReport:
    """What an upgrade did, and the counts that prove nothing was lost."""

    from_version: int
    documents: int
    moved: int  # description triples moved out of document graphs
    entity_triples: int  # triples in the entities graph afterwards
    before: dict[str, int]
    after: dict[str, int]

    def summary(self) -> str:
        counts = ", ".join(f"{k} {self.after.get(k, 0)}" for k in KEPT if k in self.before)
        return (
            f"upgraded store layout {self.from_version} -> {STORE_VERSION}: "
            f"{self.moved} description triples of {self.documents} documents moved into one "
            f"entities graph ({self.entity_triples} triples); unchanged counts: {counts}"
        )


def upgrade(
    store: Store, iris: Iris, from_version: int, progress: Callable[[Iterable[int]], Iterable[int]] = iter
) -> UpgradeReport:
    """Bring a layout-1 store to layout 2 (see the module docstring)."""
    if from_version != 1:
        raise StoreError(f"cannot upgrade a store of layout {from_version}; this vnkg knows 1 and 2")
    before = class_counts(store, iris)
    store.rebuild_union()
    graphs = [g for g in store.graph_names() if iris.doc_id_of_graph(g) is not None]
    moved = 0
    for start in progress(range(0, len(graphs), BATCH)):
        moved += _move(store, iris, graphs[start : start + BATCH])
    after = class_counts(store, iris)
    lost = {k: (before.get(k, 0), after.get(k, 0)) for k in KEPT if before.get(k, 0) != after.get(k, 0)}
    if lost:
        raise StoreError(f"upgrade changed counts {lost}; the store is left as the last batch wrote it")
    result = check(store, iris)
    return UpgradeReport(from_version, len(graphs), moved, result.stored, before, after)


def _move(store: Store, iris: Iris, graphs: list[URIRef]) -> int:
    """Move the entity triples of some document graphs into the entities graph."""
    prefix = f"{iris.base}entity/"
    moved = 0
    with store.transaction() as tx:
        for name in graphs:
            shared = store.query(
                f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o
                FILTER (STRSTARTS(STR(?s), "{prefix}")) }} }}""",
                union=False,
            )
            if not len(shared):
                continue
            records = Graph()
            doc_id = iris.doc_id_of_graph(name)
            assert doc_id is not None  # only document graphs are moved
            add_description_records(records, iris.doc(doc_id), shared)
            tx.add_graph(iris.entities_graph, shared)  # added first: the union never loses them
            tx.remove(name, shared)
            tx.add_graph(name, records)
            moved += len(shared)
    return moved
