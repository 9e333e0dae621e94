"""One networkx graph of the entities and of what documents state about them.

The store answers pattern questions; networkx answers those about the shape of the graph:
the chain of relations between two entities, what lies inside a province, which entities are
the most connected, what surrounds an entity on its page. Entity pages and the question
answerer used to build two different graphs at start-up, with two label rules; both read
:class:`EntityGraph` now, built once per store generation by :class:`kg.read.GraphReader`
from the entity index and two queries (the analytics on it are in :mod:`kg.read.analytics`).

``full`` holds every entity (isolated ones too: an entity page needs its node) and every
statement and observation (the answerer walks from a place to the proposals that concern
it), with every ``kg:`` relation between them as an edge keyed by its predicate. Text
structure is left out: mentions, sentences, documents, and the bookkeeping records of the
entities graph (``kg:describes``). ``entities`` is the picture people see: entities only,
one edge per linked pair carrying its predicates, plus an indicator-to-place edge for each
observation (an indicator has no relation of its own otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Literal

from ..namespaces import KG, local_name, sparql_prefixes
from .index import EntityInfo
from .labels import LABEL, Name, display_label

if TYPE_CHECKING:  # imported where used: importing kg stays fast
    import networkx as nx

    from ..store import Store

# Structure, not relations: text spans, the document they come from, and the records that
# say which document supports which entity description.
STRUCTURE = ("kg:refersTo", "kg:inSentence", "kg:inDocument", "kg:describes", "kg:descriptionTriples")
TEXT_CLASSES = ("kg:Mention", "kg:Sentence", "kg:Document")
REF_AREA, INDICATOR = str(KG.refArea), str(KG.indicator)


@dataclass(frozen=True)
class EntityGraph:
    """The graph of one store generation (read-only: share it, never change it).

    Attributes:
        full: ``networkx.MultiDiGraph``; nodes carry ``label``, ``type`` (class local name)
            and ``entity`` (bool); edges are keyed by predicate IRI (also in ``predicate``).
            ``full.graph["undirected"]`` is its undirected copy (views are slow to walk).
        entities: ``networkx.DiGraph`` of the entities; edges carry ``predicates`` (set).
    """

    full: Any
    entities: Any


def build_graph(store: Store, index: Mapping[str, EntityInfo], prefix: str, ontology: str) -> EntityGraph:
    """The graph of ``store``: the entities of ``index`` (IRIs under ``prefix``) and the
    statements and observations of the documents.

    Args:
        ontology: the name of the ontology graph, whose ``owl:Class`` and
            ``owl:ObjectProperty`` terms are the node classes and edges looked up (by
            index, instead of scanning every triple of the store).
    """
    import networkx as nx

    nodes = {iri: (info.label, info.type, True) for iri, info in index.items()}
    nodes.update(_local_nodes(store, prefix, ontology))
    full = nx.MultiDiGraph()
    for iri in sorted(nodes):
        label, kind, entity = nodes[iri]
        full.add_node(iri, label=label, type=kind, entity=entity)
    for s, p, o in _edges(store, ontology):
        if s in nodes and o in nodes:
            full.add_edge(s, o, key=p, predicate=p)
    full.graph["undirected"] = nx.Graph(full.to_undirected(as_view=True))
    return EntityGraph(full, entity_view(full))


def _local_nodes(store: Store, prefix: str, ontology: str) -> dict[str, tuple[str, str | None, bool]]:
    """Statements, observations and other typed nodes that live in one document."""
    rows = store.query(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?x ?c ?l WHERE {{
        GRAPH <{ontology}> {{ ?c a owl:Class
            FILTER (STRSTARTS(STR(?c), STR(kg:)) && ?c NOT IN ({", ".join(TEXT_CLASSES)})) }}
        ?x a ?c . FILTER (isIRI(?x) && !STRSTARTS(STR(?x), {Literal(prefix).n3()}))
        OPTIONAL {{ ?x rdfs:label ?l }} }}"""
    )
    types: dict[str, set[str]] = {}
    names: dict[str, set[Name]] = {}
    for row in rows:
        iri = str(row["x"])
        types.setdefault(iri, set()).add(local_name(row["c"]))
        if row.get("l") is not None:
            names.setdefault(iri, set()).add(Name.of(row["l"], LABEL))
    return {
        iri: (display_label(names.get(iri, ())) or local_name(iri), min(kinds), False) for iri, kinds in types.items()
    }


def _edges(store: Store, ontology: str) -> list[tuple[str, str, str]]:
    rows = store.query(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH <{ontology}> {{ ?p a owl:ObjectProperty FILTER (STRSTARTS(STR(?p), STR(kg:))
                                                             && ?p NOT IN ({", ".join(STRUCTURE)})) }}
        ?s ?p ?o . FILTER (isIRI(?o)) }}"""
    )
    return sorted((str(r["s"]), str(r["p"]), str(r["o"])) for r in rows)


def entity_view(full: nx.MultiDiGraph) -> nx.DiGraph:
    """The entities of ``full`` as a ``networkx.DiGraph`` (see the module docstring)."""
    import networkx as nx

    view = nx.DiGraph()
    view.add_nodes_from(
        (n, {"label": d["label"], "type": d["type"]}) for n, d in full.nodes(data=True) if d.get("entity")
    )
    for s, o, key in full.edges(keys=True):
        _link(view, s, o, key)
    for node, data in full.nodes(data=True):
        if data.get("entity"):
            continue
        out = [(o, key) for _, o, key in full.out_edges(node, keys=True)]
        for indicator in (o for o, key in out if key == INDICATOR):
            for area in (o for o, key in out if key == REF_AREA):
                _link(view, indicator, area, REF_AREA)
    return view


def _link(view: nx.DiGraph, s: str, o: str, predicate: str) -> None:
    if s == o or s not in view or o not in view:
        return
    if view.has_edge(s, o):
        view.edges[s, o]["predicates"].add(predicate)
    else:
        view.add_edge(s, o, predicates={predicate})
