"""The entity graph in networkx: neighbourhoods to draw and related entities to suggest.

Only entities are nodes (``{base}entity/...``): mentions, sentences, documents and literals
are left out, so the picture shows how places, parks, roads, organisations and indicators
hang together. An observation links its indicator to its place (``kg:refArea``), which
gives indicators neighbours too. The graph is built once per opened knowledge base (the web
state reopens the knowledge base when the store changes, which drops the cache with it).
"""

from __future__ import annotations

import threading
import weakref

from kg.errors import BadQuery, NotFound
from kg.namespaces import KG

from .terms import best_label, local_name, path_of, query, term

MAX_NODES = 150  # drawn at once; the nearest are kept
DEPTHS = (1, 2)
_GRAPHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def entity_graph(kb):
    """A ``networkx.DiGraph`` of entities; edges carry the set of their predicate IRIs."""
    with _LOCK:
        graph = _GRAPHS.get(kb)
        if graph is None:
            graph = _GRAPHS[kb] = _build(kb)
        return graph


def _build(kb):
    import networkx as nx

    prefix = f"{kb.iris.base}entity/"
    graph = nx.DiGraph()
    # DISTINCT and apart: each document repeats the descriptions (see terms.refs)
    for r in query(kb, f'SELECT DISTINCT ?s ?type WHERE {{ ?s a ?type FILTER (STRSTARTS(STR(?s), "{prefix}")) }}'):
        if str(r["s"]) not in graph or str(r["type"]).startswith(str(KG)):
            graph.add_node(str(r["s"]), type=local_name(r["type"]))
    labels: dict[str, list] = {}
    for r in query(kb, f'SELECT DISTINCT ?s ?l WHERE {{ ?s rdfs:label ?l FILTER (STRSTARTS(STR(?s), "{prefix}")) }}'):
        labels.setdefault(str(r["s"]), []).append(r["l"])
    for node in graph:
        graph.nodes[node]["label"] = best_label(labels.get(node, [])) or local_name(node)
    edges = query(kb, f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o
                       FILTER (isIRI(?o) && STRSTARTS(STR(?s), "{prefix}") && STRSTARTS(STR(?o), "{prefix}")) }}""")
    derived = query(kb, "SELECT DISTINCT ?s ?o WHERE { ?obs kg:indicator ?s ; kg:refArea ?o }")
    refarea = "https://w3id.org/vnkg/ontology#refArea"
    for s, p, o in [(r["s"], r["p"], r["o"]) for r in edges] + [(r["s"], refarea, r["o"]) for r in derived]:
        s, o = str(s), str(o)
        if s == o or s not in graph or o not in graph:
            continue
        if graph.has_edge(s, o):
            graph.edges[s, o]["predicates"].add(str(p))
        else:
            graph.add_edge(s, o, predicates={str(p)})
    return graph


def _distances(graph, iri: str, depth: int) -> dict[str, int]:
    import networkx as nx

    return nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), iri, cutoff=depth)


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
    graph = entity_graph(kb)
    if iri not in graph:
        raise NotFound(f"no entity {iri} in this knowledge base")
    distances = _distances(graph, iri, depth)
    kept = sorted(distances, key=lambda n: (distances[n], graph.nodes[n].get("label", "")))[:max_nodes]
    nodes = [{"id": n, "label": graph.nodes[n].get("label", local_name(n)), "type": graph.nodes[n].get("type"),
              "path": path_of(kb.iris, n), "distance": distances[n]} for n in kept]
    edges = []
    for s, o, data in graph.subgraph(kept).edges(data=True):
        names = [term(kb, p) for p in sorted(data["predicates"])]
        edges.append({"from": s, "to": o, "label": " · ".join(t["label"] for t in names),
                      "title": " · ".join(t["label_en"] for t in names)})
    return {"center": iri, "depth": depth, "truncated": len(distances) > len(kept), "nodes": nodes, "edges": edges}


def related(kb, iri: str, k: int = 10) -> list[dict]:
    """Entities close to ``iri`` in the graph, best first (personalised PageRank).

    PageRank runs on the undirected neighbourhood of radius 3 (enough for the walk to
    matter and small enough to be instant); ties go to the nearer entity.

    Returns:
        ``[{"iri", "label", "type", "path", "score", "distance", "shared"}]`` where
        ``shared`` counts neighbours in common with ``iri``.
    """
    import networkx as nx

    graph = entity_graph(kb)
    if iri not in graph:
        return []
    distances = _distances(graph, iri, 3)
    if len(distances) < 2:
        return []
    local = graph.subgraph(distances).to_undirected()
    scores = nx.pagerank(local, personalization={iri: 1.0})
    mine = set(local[iri])
    ranked = sorted((n for n in local if n != iri), key=lambda n: (-scores[n], distances[n]))[:k]
    return [{"iri": n, "label": graph.nodes[n].get("label", local_name(n)), "type": graph.nodes[n].get("type"),
             "path": path_of(kb.iris, n), "score": round(float(scores[n]), 4), "distance": distances[n],
             "shared": len(mine & set(local[n]))} for n in ranked]
