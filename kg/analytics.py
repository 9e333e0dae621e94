"""Graph analytics on networkx: the entity graph, relation paths, centrality.

The store answers pattern questions; networkx answers the ones about the shape of the
graph: the shortest chain of relations between two entities, which entities are the most
connected. :func:`entity_graph` reads the entity-to-entity
edges once (one SPARQL query); the functions below are pure and take the networkx graph
(STYLE.md point 10). networkx is imported inside the functions, so importing :mod:`kg`
stays fast.
"""

from __future__ import annotations

from .namespaces import local_name, sparql_prefixes
from .store import Store

# Structure, not relations: text spans and the document they come from, and topics (two
# proposals about "infrastructure" are not related through it in any useful sense).
# Three single-pattern queries joined in Python: an entity's description is repeated in the
# graph of each document naming it, and Oxigraph 0.5's union default graph returns every
# repeat, so joining patterns on entities in SPARQL multiplies rows per document.
EDGES = """SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o .
  FILTER (isIRI(?o) && STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN (kg:refersTo, kg:inSentence, kg:inDocument)) }"""
TYPES = """SELECT DISTINCT ?x ?c WHERE { ?x a ?c .
  FILTER (STRSTARTS(STR(?c), STR(kg:)) && ?c NOT IN (kg:Mention, kg:Sentence, kg:Document)) }"""
LABELS = """SELECT DISTINCT ?x ?l WHERE { ?x rdfs:label ?l . FILTER (LANG(?l) != "en") }"""


def entity_graph(store: Store):
    """Every entity (and statement, observation) as a node, every kg: relation as an edge.

    Returns:
        A ``networkx.MultiDiGraph``; nodes carry ``label`` and ``type`` (class local name),
        edges carry ``predicate`` (IRI).
    """
    import networkx as nx

    prefixes = sparql_prefixes()
    types = {str(r["x"]): local_name(str(r["c"])) for r in store.query(prefixes + TYPES)}
    labels = {str(r["x"]): str(r["l"]) for r in store.query(prefixes + LABELS) if str(r["x"]) in types}
    graph = nx.MultiDiGraph()
    for row in store.query(prefixes + EDGES):
        s, p, o = str(row["s"]), str(row["p"]), str(row["o"])
        if s not in types or o not in types:
            continue
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, type=types[node], label=labels.get(node, local_name(node)))
        graph.add_edge(s, o, key=p, predicate=p)
    graph.graph["undirected"] = nx.Graph(graph.to_undirected(as_view=True))
    return graph


def shortest_relation_path(graph, source: str, target: str, max_hops: int = 6) -> list[tuple[str, str, str]]:
    """The shortest chain of relations between two nodes, read in either direction.

    Returns:
        ``[(subject, predicate, object), ...]`` in the graph's own direction, ordered from
        ``source`` to ``target``; empty when they are not connected within ``max_hops``.
    """
    import networkx as nx

    if source not in graph or target not in graph:
        return []
    undirected = graph.graph.get("undirected")  # cached by entity_graph: views are slow to walk
    try:
        nodes = nx.shortest_path(undirected if undirected is not None else graph.to_undirected(as_view=True),
                                 source, target)
    except nx.NetworkXNoPath:
        return []
    if len(nodes) - 1 > max_hops:
        return []
    return [_edge(graph, a, b) for a, b in zip(nodes, nodes[1:], strict=False)]


def _edge(graph, a: str, b: str) -> tuple[str, str, str]:
    if graph.has_edge(a, b):
        return a, next(iter(graph[a][b])), b
    return b, next(iter(graph[b][a])), a


def contained(graph, places, limit: int = 3000) -> list[str]:
    """Everything inside the places: what lies in them or passes through them, transitively
    (wards of a city's districts, parks and roads of those wards), nearest first."""
    out, seen, todo = [], set(places), list(places)
    while todo and len(out) < limit:
        node = todo.pop(0)
        if node not in graph:
            continue
        for inner, _, key in graph.in_edges(node, keys=True):
            if inner not in seen and key.rsplit("#", 1)[-1] in ("locatedIn", "passesThrough"):
                seen.add(inner)
                out.append(inner)
                todo.append(inner)
    return out[:limit]


def most_connected(graph, kind: str | None = None, limit: int = 10) -> list[tuple[str, int]]:
    """Nodes (of class ``kind``) with the most distinct neighbours, most first."""
    scores = []
    for node, data in graph.nodes(data=True):
        if kind is None or data.get("type") == kind:
            neighbours = set(graph.successors(node)) | set(graph.predecessors(node))
            scores.append((node, len(neighbours)))
    return sorted(scores, key=lambda x: (-x[1], x[0]))[:limit]
