"""Questions about the shape of the graph, as pure functions over networkx graphs.

Each function takes a graph of :class:`kg.read.graph.EntityGraph` (``full`` for relation
paths, containment and connectivity; ``entities`` for what an entity page draws) and returns
plain values (STYLE.md point 10), so it can be tested on a hand-made graph. networkx is
imported inside the functions: importing :mod:`kg` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import NotFound

if TYPE_CHECKING:  # imported inside the functions (see the module docstring)
    import networkx as nx

CONTAINMENT = ("locatedIn", "passesThrough")  # local names of the "lies inside" relations


def shortest_relation_path(
    graph: nx.MultiDiGraph, source: str, target: str, max_hops: int = 6
) -> list[tuple[str, str, str]]:
    """The shortest chain of relations between two nodes, read in either direction.

    Returns:
        ``[(subject, predicate, object), ...]`` in the graph's own direction, ordered from
        ``source`` to ``target``; empty when they are not connected within ``max_hops``.
    """
    import networkx as nx

    if source not in graph or target not in graph:
        return []
    undirected = graph.graph.get("undirected")  # built with the graph: views are slow to walk
    try:
        nodes = nx.shortest_path(
            undirected if undirected is not None else graph.to_undirected(as_view=True), source, target
        )
    except nx.NetworkXNoPath:
        return []
    if len(nodes) - 1 > max_hops:
        return []
    return [_edge(graph, a, b) for a, b in zip(nodes, nodes[1:], strict=False)]


def _edge(graph: nx.MultiDiGraph, a: str, b: str) -> tuple[str, str, str]:
    if graph.has_edge(a, b):
        return a, min(graph[a][b]), b
    return b, min(graph[b][a]), a


def contained(graph: nx.MultiDiGraph, places: Iterable[str], limit: int = 3000) -> list[str]:
    """Everything inside the places: what lies in them or passes through them, transitively
    (wards of a city's districts, parks and roads of those wards), nearest first."""
    out: list[str] = []
    seen, todo = set(places), list(places)
    while todo and len(out) < limit:
        node = todo.pop(0)
        if node not in graph:
            continue
        for inner, _, key in graph.in_edges(node, keys=True):
            if inner not in seen and key.rsplit("#", 1)[-1] in CONTAINMENT:
                seen.add(inner)
                out.append(inner)
                todo.append(inner)
    return out[:limit]


def most_connected(graph: nx.DiGraph, kind: str | None = None, limit: int = 10) -> list[tuple[str, int]]:
    """Nodes (of class ``kind``) with the most distinct neighbours, most first; nodes without
    any neighbour are not ranked."""
    scores = []
    for node, data in graph.nodes(data=True):
        if kind is None or data.get("type") == kind:
            neighbours = len(set(graph.successors(node)) | set(graph.predecessors(node)))
            if neighbours:
                scores.append((node, neighbours))
    return sorted(scores, key=lambda x: (-x[1], x[0]))[:limit]


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within some links of one entity, and the links between them."""

    center: str
    depth: int
    truncated: bool  # more entities were in reach than ``max_nodes``
    nodes: tuple[tuple[str, int], ...]  # (IRI, distance), nearest first, then by label
    edges: tuple[tuple[str, str, tuple[str, ...]], ...]  # (from, to, predicate IRIs)


def distances(graph: nx.DiGraph, iri: str, depth: int) -> dict[str, int]:
    """Links (either direction) from ``iri`` to every node within ``depth`` of it."""
    import networkx as nx

    found: dict[str, int] = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), iri, cutoff=depth)
    return found


def neighbourhood(graph: nx.DiGraph, iri: str, depth: int = 1, max_nodes: int = 150) -> Neighbourhood:
    """The nodes of ``graph`` (an ``entities`` graph) within ``depth`` links of ``iri``.

    Raises:
        NotFound: ``iri`` is not a node of ``graph``.
    """
    if iri not in graph:
        raise NotFound(f"no entity {iri} in this knowledge base")
    found = distances(graph, iri, depth)
    kept = sorted(found, key=lambda n: (found[n], graph.nodes[n].get("label", "")))[:max_nodes]
    edges = sorted((s, o, tuple(sorted(data["predicates"]))) for s, o, data in graph.subgraph(kept).edges(data=True))
    return Neighbourhood(iri, depth, len(found) > len(kept), tuple((n, found[n]) for n in kept), tuple(edges))


@dataclass(frozen=True)
class Related:
    """An entity close to another in the graph."""

    iri: str
    score: float  # personalised PageRank, rounded to 4 places
    distance: int  # links away
    shared: int  # neighbours in common


def related(graph: nx.DiGraph, iri: str, k: int = 10) -> list[Related]:
    """Entities close to ``iri`` in ``graph`` (an ``entities`` graph), best first.

    Personalised PageRank runs on the undirected neighbourhood of radius 3 (enough for the
    walk to matter and small enough to be instant); ties go to the nearer entity.
    """
    import networkx as nx

    if iri not in graph:
        return []
    found = distances(graph, iri, 3)
    if len(found) < 2:
        return []
    local = graph.subgraph(found).to_undirected()
    scores = nx.pagerank(local, personalization={iri: 1.0})
    mine = set(local[iri])
    ranked = sorted((n for n in local if n != iri), key=lambda n: (-scores[n], found[n], n))[:k]
    return [Related(n, round(float(scores[n]), 4), found[n], len(mine & set(local[n]))) for n in ranked]
