"""networkx analytics over the entity graph of a tiny store."""

from __future__ import annotations

import networkx as nx

from kg.analytics import most_connected, shortest_relation_path

KG = "https://w3id.org/vnkg/ontology#"


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, kind in (("ward", "Ward"), ("city", "City"), ("park", "IndustrialPark"), ("road", "Road"), ("far", "Ward")):
        g.add_node(node, type=kind, label=node)
    g.add_edge("ward", "city", key=KG + "locatedIn")
    g.add_edge("park", "city", key=KG + "locatedIn")
    g.add_edge("road", "city", key=KG + "passesThrough")
    return g


def test_shortest_path_reads_edges_both_ways():
    path = shortest_relation_path(graph(), "ward", "park")
    assert path == [("ward", KG + "locatedIn", "city"), ("park", KG + "locatedIn", "city")]


def test_no_path_between_unconnected_nodes():
    assert shortest_relation_path(graph(), "ward", "far") == []
    assert shortest_relation_path(graph(), "ward", "missing") == []


def test_most_connected_of_a_type():
    assert most_connected(graph(), "City") == [("city", 3)]
    assert most_connected(graph(), "Ward")[0] == ("ward", 1)


def test_contained_walks_located_in_and_passes_through_backwards():
    from kg.analytics import contained

    assert set(contained(graph(), ["city"])) == {"ward", "park", "road"}
    assert contained(graph(), ["ward"]) == []
