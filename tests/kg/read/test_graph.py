"""The one entity graph, built from a store where documents share entities."""

from __future__ import annotations

from kg.namespaces import KG
from kg.read import contained, most_connected, reader, shortest_relation_path


def test_every_entity_is_a_node_and_text_structure_is_not(read_kb, iri):
    read = reader(read_kb)
    graph = read.graph()
    assert set(read.entities()) == {n for n, d in graph.full.nodes(data=True) if d["entity"]} == set(graph.entities)
    kinds = {d["type"] for n, d in graph.full.nodes(data=True) if not d["entity"]}
    assert kinds == {"Proposal", "Directive", "Observation"}
    predicates = {key for _, _, key in graph.full.edges(keys=True)}
    assert not predicates & {str(KG.refersTo), str(KG.inSentence), str(KG.inDocument), str(KG.describes)}


def test_every_relation_is_one_edge_however_many_documents_support_it(read_kb, iri):
    full = reader(read_kb).graph().full
    city = iri(read_kb, "city/165")
    supporters = read_kb.store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?r <{KG.describes}> <{city}> }} }}", union=False
    )
    assert len(supporters) == 2  # both documents describe the city (and its province)...
    prefix = f"{read_kb.iris.base}entity/"
    rows = read_kb.store.query(f"""SELECT ?s ?p ?o WHERE {{ ?s ?p ?o
        FILTER (STRSTARTS(STR(?s), "{prefix}") && STRSTARTS(STR(?o), "{prefix}")) }}""")
    stated = sorted((str(r["s"]), str(r["p"]), str(r["o"])) for r in rows)
    assert stated == sorted(
        (s, k, o) for s, o, k in full.edges(keys=True) if full.nodes[s]["entity"] and full.nodes[o]["entity"]
    )  # ...one edge per relation
    assert list(full[city][iri(read_kb, "province/19")]) == [str(KG.locatedIn)]
    park = iri(read_kb, "industrial-park/kcn-song-cong-2")
    assert list(full[park][city]) == [str(KG.locatedIn)] and full.nodes[park]["label"] == "KCN Sông Công 2"


def test_entities_view_links_an_indicator_to_the_place_of_its_figures(read_kb, iri):
    view = reader(read_kb).graph().entities
    pairs = {
        (str(r["i"]), str(r["a"]))
        for r in read_kb.store.query("""PREFIX kg: <https://w3id.org/vnkg/ontology#>
        SELECT ?i ?a WHERE { ?o a kg:Observation ; kg:indicator ?i ; kg:refArea ?a }""")
    }
    assert len({i for i, _ in pairs}) > 5  # figures of both documents
    for indicator, area in pairs:
        assert str(KG.refArea) in view.edges[indicator, area]["predicates"]
    assert all(data["predicates"] for _, _, data in view.edges(data=True))


def test_analytics_on_the_store_graph(read_kb, iri):
    full = reader(read_kb).graph().full
    ward, park = iri(read_kb, "ward/05512"), iri(read_kb, "industrial-park/kcn-song-cong-2")
    path = shortest_relation_path(full, ward, park)
    city = iri(read_kb, "city/165")
    assert path == [(ward, str(KG.locatedIn), city), (park, str(KG.locatedIn), city)]
    inside = contained(full, [iri(read_kb, "province/19")])
    assert {park, iri(read_kb, "city/165"), ward, iri(read_kb, "road/19-dt-262")} <= set(inside)
    top = most_connected(full, "City", limit=1)
    assert top[0][0] == iri(read_kb, "city/165") and top[0][1] > 10
