"""Names of ontology terms come through the same rule as entities."""

from __future__ import annotations

from kg.namespaces import KG, KGT
from kg.read import reader
from kg.read.vocabulary import plain_term


def test_classes_properties_and_topics_have_vietnamese_and_english_names(read_kb):
    vocabulary = reader(read_kb).vocabulary()
    ward = vocabulary[str(KG.Ward)]
    assert (ward.label, ward.label_en, ward.kinds) == (
        "Đơn vị hành chính cấp xã",
        "Commune-level unit",
        frozenset({"class"}),
    )
    assert {"phường", "Ward"} <= {n.text for n in ward.names}
    located = vocabulary[str(KG.locatedIn)]
    assert located.labels_by_language() == {"vi": "nằm trên địa bàn", "en": "located in"}
    topic = vocabulary[str(KGT["infrastructure"])]
    assert (topic.label, topic.label_en, topic.kinds) == ("Hạ tầng", "Infrastructure", frozenset({"topic"}))


def test_unknown_terms_are_named_by_their_local_name(read_kb):
    assert reader(read_kb).term("http://example.org/x#madeUp") == plain_term("http://example.org/x#madeUp")
    assert plain_term("http://example.org/x#madeUp").label == "madeUp"
