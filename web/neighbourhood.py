"""An entity's surroundings for its page: the neighbourhood to draw and related entities.

The graph is the read layer's (:attr:`kg.read.EntityGraph.entities`: entities only, an
observation linking its indicator to its place), built once per store generation and shared
with the question answerer; this module only turns its answers into what vis-network and the
templates expect (local paths, relation names in words).
"""

from __future__ import annotations

from kg import read
from kg.errors import BadQuery

from .terms import local_name, path_of, term

MAX_NODES = 150  # drawn at once; the nearest are kept
DEPTHS = (1, 2)


def neighbourhood(kb, iri: str, depth: int = 1, max_nodes: int = MAX_NODES) -> dict:
    """The entities within ``depth`` links of ``iri`` and the links between them.

    Returns:
        ``{"center", "depth", "truncated", "nodes": [{"id", "label", "type", "path",
        "distance"}], "edges": [{"from", "to", "label", "title"}]}``, ready for vis-network.

    Raises:
        BadQuery: ``depth`` is not 1 or 2.
        NotFound: ``iri`` is not an entity of the graph.
    """
    if depth not in DEPTHS:
        raise BadQuery(f"depth must be one of {', '.join(map(str, DEPTHS))}")
    graph = read.reader(kb).graph().entities
    found = read.neighbourhood(graph, iri, depth, max_nodes)
    nodes = [{"id": n, "label": graph.nodes[n].get("label", local_name(n)), "type": graph.nodes[n].get("type"),
              "path": path_of(kb.iris, n), "distance": distance} for n, distance in found.nodes]
    edges = []
    for s, o, predicates in found.edges:
        names = [term(kb, p) for p in predicates]
        edges.append({"from": s, "to": o, "label": " · ".join(t["label"] for t in names),
                      "title": " · ".join(t["label_en"] for t in names)})
    return {"center": iri, "depth": depth, "truncated": found.truncated, "nodes": nodes, "edges": edges}


def related(kb, iri: str, k: int = 10) -> list[dict]:
    """Entities close to ``iri`` in the graph, best first (see :func:`kg.read.related`).

    Returns:
        ``[{"iri", "label", "type", "path", "score", "distance", "shared"}]`` where
        ``shared`` counts neighbours in common with ``iri``.
    """
    graph = read.reader(kb).graph().entities
    return [{"iri": r.iri, "label": graph.nodes[r.iri].get("label", local_name(r.iri)),
             "type": graph.nodes[r.iri].get("type"), "path": path_of(kb.iris, r.iri), "score": r.score,
             "distance": r.distance, "shared": r.shared} for r in read.related(graph, iri, k)]
