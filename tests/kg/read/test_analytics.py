"""The pure analytics of :mod:`kg.read.analytics` on hand-made networkx graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import NotFound
from kg.read import contained, most_connected, neighbourhood, related, shortest_relation_path

KG = "https://w3id.org/vnkg/ontology#"


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, kind in (
        ("ward", "Ward"),
        ("city", "City"),
        ("park", "IndustrialPark"),
        ("road", "Road"),
        ("far", "Ward"),
    ):
        g.add_node(node, type=kind, label=node)
    g.add_edge("ward", "city", key=KG + "locatedIn")
    g.add_edge("park", "city", key=KG + "locatedIn")
    g.add_edge("road", "city", key=KG + "passesThrough")
    return g


def entities() -> nx.DiGraph:
    g = nx.DiGraph()
    for node in ("a", "b", "c", "d", "alone"):
        g.add_node(node, label=node.upper(), type="Ward")
    g.add_edge("a", "b", predicates={KG + "locatedIn"})
    g.add_edge("b", "c", predicates={KG + "locatedIn", KG + "successorUnit"})
    g.add_edge("d", "c", predicates={KG + "passesThrough"})
    return g


def test_shortest_path_reads_edges_both_ways():
    path = shortest_relation_path(graph(), "ward", "park")
    assert path == [("ward", KG + "locatedIn", "city"), ("park", KG + "locatedIn", "city")]


def test_no_path_between_unconnected_nodes():
    assert shortest_relation_path(graph(), "ward", "far") == []
    assert shortest_relation_path(graph(), "ward", "missing") == []


def test_most_connected_of_a_type_ranks_only_connected_nodes():
    assert most_connected(graph(), "City") == [("city", 3)]
    assert most_connected(graph(), "Ward") == [("ward", 1)]  # "far" has no neighbour


def test_contained_walks_located_in_and_passes_through_backwards():
    assert set(contained(graph(), ["city"])) == {"ward", "park", "road"}
    assert contained(graph(), ["ward"]) == []


def test_neighbourhood_keeps_the_nearest_and_the_links_between_them():
    found = neighbourhood(entities(), "a", depth=2)
    assert found.nodes == (("a", 0), ("b", 1), ("c", 2)) and not found.truncated
    assert found.edges == (("a", "b", (KG + "locatedIn",)), ("b", "c", (KG + "locatedIn", KG + "successorUnit")))
    small = neighbourhood(entities(), "c", depth=1, max_nodes=2)
    assert small.nodes == (("c", 0), ("b", 1)) and small.truncated


def test_neighbourhood_of_an_isolated_node_and_of_an_unknown_one():
    assert neighbourhood(entities(), "alone").nodes == (("alone", 0),)
    with pytest.raises(NotFound):
        neighbourhood(entities(), "nowhere")


def test_related_ranks_near_nodes_first_and_counts_shared_neighbours():
    found = related(entities(), "b", k=3)
    assert [r.iri for r in found][:2] in (["a", "c"], ["c", "a"]) and found[-1].iri == "d"
    assert found[-1].distance == 2 and found[-1].shared == 1  # d and b both touch c
    assert related(entities(), "alone") == [] and related(entities(), "nowhere") == []
