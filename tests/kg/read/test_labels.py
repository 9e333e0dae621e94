"""The one label rule, on literals as a store returns them."""

from __future__ import annotations

from rdflib import Literal

from kg.namespaces import RDFS, SKOS
from kg.read.labels import Name, display_label, english_label, texts


def names(*pairs) -> list[Name]:
    return [Name.of(literal, prop) for prop, literal in pairs]


def test_vietnamese_rdfs_label_wins_over_every_other_name():
    found = names(
        (RDFS.label, Literal("City of Song Cong", lang="en")),
        (RDFS.label, Literal("Sông Công")),
        (SKOS.prefLabel, Literal("Sông Công", lang="vi")),
        (RDFS.label, Literal("Thành phố Sông Công", lang="vi")),
        (SKOS.altLabel, Literal("A", lang="vi")),
    )
    assert display_label(found) == "Thành phố Sông Công"
    assert english_label(found) == "City of Song Cong"


def test_then_any_rdfs_label_untagged_first_english_last_then_pref_label():
    assert display_label(names((RDFS.label, Literal("Road 262", lang="en")), (RDFS.label, Literal("ĐT262")))) == "ĐT262"
    assert (
        display_label(
            names((RDFS.label, Literal("Road 262", lang="en")), (SKOS.prefLabel, Literal("Hạ tầng", lang="vi")))
        )
        == "Road 262"
    )
    topic = names(
        (SKOS.prefLabel, Literal("Infrastructure", lang="en")), (SKOS.prefLabel, Literal("Hạ tầng", lang="vi"))
    )
    assert display_label(topic) == "Hạ tầng" and english_label(topic) == "Infrastructure"


def test_aliases_never_name_a_node_and_ties_are_alphabetical():
    assert display_label(names((SKOS.altLabel, Literal("Mỏ Chè", lang="vi")))) is None
    two = names((RDFS.label, Literal("b", lang="vi")), (RDFS.label, Literal("a", lang="vi")))
    assert display_label(two) == display_label(list(reversed(two))) == "a"
    assert english_label(two) is None


def test_texts_are_distinct_and_sorted_per_property():
    found = names(
        (SKOS.altLabel, Literal("b", lang="vi")),
        (SKOS.altLabel, Literal("a")),
        (SKOS.altLabel, Literal("b")),
        (RDFS.label, Literal("c", lang="vi")),
    )
    assert texts(found, str(SKOS.altLabel)) == ("a", "b")
