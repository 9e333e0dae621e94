"""search.qa.result: the frozen answers rank hands to render, and the JSON they become."""

from __future__ import annotations

import dataclasses

import pytest

from search.qa import rank
from search.qa.expect import expected
from search.qa.graph import Retrieved
from search.qa.render import answers_from_rows, verdict, with_evidence_texts, with_more_evidence
from search.qa.result import Answer, Evidence, Result, frozen_map

WARD = Answer(iri="http://kg.test/entity/ward/05512", label="Phường Mỏ Chè", type="Ward")


def test_answers_and_their_evidence_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        WARD.label = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Evidence(sentence="s").text = "x"  # type: ignore[misc]
    figure = Answer(iri="o", label="GDP", type="Observation", details=frozen_map({"value": 2}))
    with pytest.raises(TypeError):
        figure.details["value"] = 3  # type: ignore[index]


def test_the_json_keeps_the_keys_and_gives_optional_ones_only_with_a_value():
    data = WARD.to_dict()
    assert list(data) == ["iri", "label", "type", "value", "evidence", "source"]
    read = Answer(
        iri=None,
        label="552 triệu USD",
        type="Observation",
        value=552e6,
        unit="USD",
        display="552 triệu USD",
        evidence=(Evidence(text="… 552 triệu USD", doc_id="d1", span=(2, 15), sentence_index=4),),
        source="reader",
        features=frozen_map({"score": 0.5}),
        confidence=0.7,
    )
    data = read.to_dict()
    assert data["value"] == 552e6 and data["display"] == "552 triệu USD" and data["confidence"] == 0.7
    assert data["features"] == {"score": 0.5} and type(data["features"]) is dict  # JSON-serialisable
    assert data["evidence"][0]["span"] == [2, 15] and data["evidence"][0]["sentence_index"] == 4
    assert "sentence_index" not in Evidence(sentence="s").to_dict()
    # read like its JSON, as kg ask prints it
    assert read["display"] == "552 triệu USD" and read.get("topic_score") is None and "features" in read


def test_rows_group_into_answers_with_evidence_filled_in_without_changing_the_first():
    rows = [
        {"x": "http://kg.test/p#1", "sent": "http://kg.test/doc/a#s1"},
        {"x": "http://kg.test/p#1", "sent": "http://kg.test/doc/a#s2"},
        {"x": "http://kg.test/e/2", "sent": None},
    ]
    answers = answers_from_rows(rows, lambda iri: ("P1", "Proposal") if "#" in iri else ("E2", "Road"), {})
    assert [len(a.evidence) for a in answers] == [2, 0]
    filled = with_evidence_texts(answers, [{"sent": "http://kg.test/doc/a#s1", "stext": "Câu một.", "docid": "a"}])
    assert [e.text for e in filled[0].evidence] == ["Câu một."] and answers[0].evidence[0].text is None
    more = with_more_evidence(filled, {"http://kg.test/e/2": "http://kg.test/doc/a#s3"}, "mention")
    assert more[1].evidence[0].basis == "mention" and not filled[1].evidence


def test_merge_returns_new_answers_with_features_and_a_confidence():
    want = expected("Những phường nào thuộc Sông Công?")
    ranked = rank.merge(want, [WARD], [], targeted=True)
    (answer,) = ranked.answers
    assert answer.source == "graph" and answer.features["graph"] == 1.0 and 0 < answer.confidence < 1
    assert WARD.features is None and WARD.confidence is None  # the graph's answer is untouched
    capped = rank.capped(ranked, 0.1)
    assert capped.answers[0].confidence == 0.1 and ranked.answers[0].confidence == answer.confidence


def test_the_verdict_says_why_there_is_no_answer_and_when_answers_are_only_possible():
    none = rank.Ranked((), calibrated=False)
    assert (
        verdict(none, None, intent="list", guessed=(), unknown="Lai Châu", nopath=False, has_passages=True, sure=0.5)[
            1
        ].count("Lai Châu")
        == 2
    )
    assert verdict(
        none, None, intent="search", guessed=(), unknown=None, nopath=False, has_passages=False, sure=0.5
    ) == (
        0.0,
        verdict(none, None, intent="search", guessed=(), unknown=None, nopath=False, has_passages=False, sure=0.5)[1],
    )
    unsure = rank.as_sure_as_their_intent([WARD, WARD], 0.3)
    confidence, message = verdict(
        unsure, None, intent="list", guessed=(), unknown=None, nopath=False, has_passages=True, sure=0.5
    )
    assert confidence == 0.3 and message.startswith("2 câu trả lời có thể")
    more = dataclasses.replace(rank.as_sure_as_their_intent([WARD], 0.9), more=4)
    assert (
        "còn 4"
        in verdict(more, None, intent="list", guessed=(), unknown=None, nopath=False, has_passages=True, sure=0.5)[1]
    )


def test_the_result_json_has_the_contract_keys_in_order():
    result = Result(
        question="q",
        language="vi",
        interpretation=frozen_map({"intent": "list"}),
        sparql=None,
        answers=(WARD,),
        passages=(),
        confidence=0.9,
        message="m",
        path=Retrieved().path,
    )
    data = result.to_dict()
    assert list(data)[:8] == [
        "question",
        "language",
        "interpretation",
        "sparql",
        "answers",
        "passages",
        "confidence",
        "message",
    ]
    assert data["answers"] == [WARD.to_dict()] and data["interpretation"] == {"intent": "list"}
