"""Reading questions: cue words, classes, topics and entities come out as intent and slots."""

from __future__ import annotations

import pytest

from search.qa.lexicon import english_variants, tokens
from search.qa.understand import language


def test_tokens_fold_split_and_read_roman_numerals():
    assert tokens("ĐT262 (KCN Sông Công II)") == ["dt", "262", "kcn", "song", "cong", "2"]


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Phường Mỏ Chè", {"Mỏ Chè ward", "ward Mỏ Chè"}),
        ("Đường tỉnh 262", {"262 provincial road", "provincial road 262"}),
        ("Cầu Đại Ngãi", {"Đại Ngãi bridge"}),
        ("Dự án Regent Phu Quoc", {"Regent Phu Quoc project"}),
        ("Dự án Khu đô thị Golden Hills", {"Golden Hills urban area project", "Golden Hills urban area"}),
        ("Dự án cảng hàng không quốc tế Long Thành", {"Long Thành international airport project"}),
        ("Sông Công", set()),
    ],
)
def test_english_variants_of_designated_names(label, expected):
    assert set(english_variants(label)) >= expected and (expected or not english_variants(label))


@pytest.mark.parametrize(
    "question, lang",
    [
        ("which wards are in Sông Công?", "en"),
        ("phường nào?", "vi"),
        ("de xuat ve giao thong", "vi"),
        ("how many proposals", "en"),
    ],
)
def test_language(question, lang):
    assert language(question) == lang


def test_a_cue_is_not_read_as_a_one_syllable_name(answerer):
    found = answerer.interpret("những đề xuất nào liên quan đến hạ tầng?")
    assert found.type == "Proposal"  # "quan" of "liên quan" is not the class of "quận"
    assert all(m.text != "quan" for m in found.matches)


@pytest.mark.parametrize(
    "question, intent, slot, suffix",
    [
        ("Mo Che ward", "about", "entity", "/ward/05512"),
        ("provincial road 262", "about", "entity", "/road/19-dt-262"),
        ("which roads pass through Sông Công?", "list", "place", "/city/165"),
        ("tell me about Khu công nghiệp Sông Công II", "about", "entity", "/industrial-park/kcn-song-cong-2"),
    ],
)
def test_slots_link_to_graph_nodes(answerer, question, intent, slot, suffix):
    found = answerer.interpret(question)
    assert found.intent == intent
    assert getattr(found, slot).iri.endswith(suffix)


def _q(**slots):
    from search.qa.lexicon import Name
    from search.qa.understand import Interpretation

    def name(kind: str, iri: str = "x") -> Name:
        return Name("entity", f"http://kg.test/{iri}", kind, iri)

    fields = {k: (name(*v) if isinstance(v, tuple) else v) for k, v in slots.items()}
    return Interpretation(**fields)


@pytest.mark.parametrize(
    "rule, slots, intent",
    [
        ("path", {"entity": ("Ward", "a"), "other": ("IndustrialPark", "b"), "cues": frozenset({"path"})}, "path"),
        ("path", {"entity": ("Ward", "a"), "other": ("Ward", "a"), "cues": frozenset({"path"})}, None),
        ("top", {"type": "Ward", "cues": frozenset({"top"})}, "top"),
        ("status", {"cues": frozenset({"missed"})}, "status"),
        ("status", {"cues": frozenset({"missed"}), "entity": ("Organization",)}, None),
        ("count", {"type": "Proposal", "cues": frozenset({"count"})}, "count"),
        ("value", {"indicator": ("Indicator",)}, "value"),
        ("where", {"entity": ("IndustrialPark",), "cues": frozenset({"where"})}, "where"),
        ("where", {"entity": ("Ward",), "cues": frozenset({"where"})}, None),
        ("related", {"type": "Term", "entity": ("Congress",)}, "related"),
        ("missing_term", {"type": "Term", "period": "2016-2020"}, "term"),
        ("typed_list", {"type": "Proposal", "topic": ("Concept",)}, "list"),
        ("typed_list", {"type": "Ward"}, None),
        ("term", {"entity": ("Term",)}, "term"),
        ("about", {"entity": ("Road",)}, "about"),
        ("topic_list", {"topic": ("Concept",)}, "list"),
    ],
)
def test_each_intent_rule_alone(rule, slots, intent):
    from search.qa import understand

    assert getattr(understand, rule)(_q(**slots)) == intent


def test_the_first_rule_that_answers_decides_else_search():
    from search.qa.understand import RULES, decide

    assert [r.__name__ for r in RULES][:3] == ["path", "top", "status"]
    assert decide(_q(indicator=("Indicator",), entity=("Road",))) == "value"  # value before about
    assert decide(_q()) == "search"
