"""The entity index of a store where two documents describe the same entities."""

from __future__ import annotations

from kg.read import of_type, scan_entities
from kg.read.index import mention_counts


def test_an_entity_two_documents_describe_is_one_record_with_both_counted(read_kb, iri):
    index = scan_entities(read_kb.store, read_kb.iris.base)
    park = index[iri(read_kb, "industrial-park/kcn-song-cong-2")]
    assert park.label == "KCN Sông Công 2" and park.type == "IndustrialPark" and park.types == ("IndustrialPark",)
    assert park.labels == ("KCN Sông Công 2",)  # the same label from both documents, once
    assert "Khu công nghiệp Sông Công 2" in park.aliases and len(set(park.aliases)) == len(park.aliases)
    assert park.documents == 2 and park.mentions >= 3
    province = index[iri(read_kb, "province/19")]
    assert (province.label, province.code, province.aliases, province.documents) == (
        "Tỉnh Thái Nguyên",
        "19",
        ("Thái Nguyên",),
        2,
    )


def test_counts_match_the_mentions_in_each_document_graph(read_kb, iri):
    per_graph: dict[str, set[str]] = {}
    total: dict[str, int] = {}
    for row in read_kb.store.query(
        """SELECT ?g ?m ?e WHERE { GRAPH ?g {
            ?m <https://w3id.org/vnkg/ontology#refersTo> ?e } }""",
        union=False,
    ):
        per_graph.setdefault(str(row["e"]), set()).add(str(row["g"]))
        total[str(row["e"])] = total.get(str(row["e"]), 0) + 1
    assert mention_counts(read_kb.store) == {e: (len(graphs), total[e]) for e, graphs in per_graph.items()}
    city = scan_entities(read_kb.store, read_kb.iris.base)[iri(read_kb, "city/165")]
    assert (city.documents, city.mentions) == (2, total[city.iri])


def test_entities_only_with_english_labels_apart_and_units_nobody_names_kept(read_kb, iri):
    index = scan_entities(read_kb.store, read_kb.iris.base)
    assert all(e.startswith(f"{read_kb.iris.base}entity/") for e in index)
    poverty = index[iri(read_kb, "indicator/ty-le-ho-ngheo")]
    assert poverty.label == "tỷ lệ hộ nghèo" and poverty.label_en == "poverty rate (share of poor households)"
    successor = index[iri(read_kb, "province/2025-19")]  # the 2025 unit: described, never mentioned
    assert successor.label == "Tỉnh Thái Nguyên (2025)" and (successor.documents, successor.mentions) == (0, 0)


def test_of_type_lists_by_label(read_kb, iri):
    index = scan_entities(read_kb.store, read_kb.iris.base)
    parks = of_type(index, "IndustrialPark")
    assert [p.label for p in parks] == ["KCN Sông Công 1", "KCN Sông Công 2"]
    assert of_type(index, "Spaceship") == []
