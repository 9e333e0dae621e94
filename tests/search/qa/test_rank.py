"""The confidence of the graph's answers to a question with no expected answer type."""

from __future__ import annotations

from dataclasses import replace

from search.qa.rank import GRAPH_UNFITTED, GUESSED, intent_key, intent_probability, model, opens_sentence, said_of
from search.qa.reader import Candidate

TABLE = {"intents": {"list": {"p": 0.4}, "list:Proposal": {"p": 0.7}, "where": {"p": 0.8}}, "intent_default": 0.5}


def test_the_key_is_the_intent_and_the_type_asked_for():
    assert intent_key({"intent": "list", "type": "Proposal"}) == "list:Proposal"
    assert intent_key({"intent": "where", "type": None}) == "where"
    assert intent_key({}) == "?"


def test_the_share_backs_off_from_intent_and_type_to_intent_to_all():
    assert intent_probability("list:Proposal", table=TABLE) == 0.7
    assert intent_probability("list:Road", table=TABLE) == 0.4  # the list's share
    assert intent_probability("about:Event", table=TABLE) == 0.5  # over all intents
    assert intent_probability("list:Proposal", guessed=True, table=TABLE) == round(0.7 * GUESSED, 3)
    assert intent_probability("list", table={}) == GRAPH_UNFITTED  # nothing fitted


def test_the_shipped_calibration_holds_fitted_shares():
    shipped = model()
    assert shipped["intents"] and 0 < shipped["intent_default"] < 1
    for key, share in shipped["intents"].items():
        assert 0 <= share["right"] <= share["answered"] and 0 < share["p"] < 1, key


def test_the_result_confidence_is_the_fitted_result_model_and_falls_back_to_the_surest_answer():
    from search.qa import rank

    shipped = model()
    assert list(shipped["result"]["features"]) == list(rank.RESULT_FEATURES)
    one = rank.result_features([{"confidence": 0.9, "source": "graph"}], "figure", 0)
    said = rank.result_features([{"confidence": 0.9, "source": "reader"}] * 2, "said", 0)
    assert 0 < rank.result_probability(said) < rank.result_probability(one) < 1  # what someone said: often incomplete
    rank.model.cache_clear()
    try:
        rank.MODEL, saved = rank.MODEL.with_name("missing.json"), rank.MODEL
        assert rank.result_probability(one) == 0.9  # nothing fitted: the surest answer's confidence
    finally:
        rank.MODEL = saved
        rank.model.cache_clear()


def test_a_topics_statements_are_as_sure_as_their_topic_score_and_the_intents_share():
    from search.qa.rank import Ranked, mean_confidence, on_topic
    from search.qa.result import Answer

    scores = (0.97, 0.55, 0.12, None)
    listed = Ranked(
        tuple(Answer(iri=f"x{i}", label="", type="Proposal", topic_score=s) for i, s in enumerate(scores)),
        calibrated=False,
    )
    sure = [a.confidence for a in on_topic(listed, 0.4).answers]
    assert sure == [round(1 - 0.6 * 0.03, 3), round(1 - 0.6 * 0.45, 3), round(1 - 0.6 * 0.88, 3), 0.4]
    assert sure == sorted(sure, reverse=True)  # a higher score, a surer answer; the share is the floor
    assert all(0.4 <= c < 1 for c in sure)
    # the list as a whole: the share of it expected right, not its surest answer
    assert mean_confidence(on_topic(listed, 0.4)) == round(sum(sure) / 4, 3) < max(sure)
    assert mean_confidence(Ranked(())) == 0.0


def _date(sentence: str, label: str, focus: float) -> Candidate:
    start = sentence.index(label)
    return Candidate(
        kind="date",
        label=label,
        type="Date",
        sentence=sentence,
        span=(start, start + len(label)),
        doc_id="d",
        source="s",
        title="t",
        sentence_index=1,
        rank=0,
        overlap=0.5,
        focus=focus,
    )


def test_a_date_opening_its_sentence_dates_the_clause_the_question_half_names():
    opening = _date("Sáng 8/2, hai dự án xây dựng cầu vượt dẫn vào sân bay đã được khởi công.", "Sáng 8/2", 0.6)
    inside = _date("Hai dự án cầu vượt, theo kế hoạch ngày 8/2, sẽ được trình duyệt.", "ngày 8/2", 0.6)
    assert opens_sentence(opening) and said_of(opening, [opening])
    assert not opens_sentence(inside) and not said_of(inside, [inside])
    assert not said_of(replace(opening, focus=0.4), [opening])  # a sentence about something else


def test_one_graph_figure_compares_nothing():
    from search.qa.expect import expected
    from search.qa.rank import merge
    from search.qa.result import Answer, Evidence

    want = expected("Vốn FDI TP HCM 6 tháng đầu năm 2017 so với cùng kỳ năm 2016 thế nào?")
    assert want.many and want.kind == "figure"
    one = Answer("urn:obs", "vốn FDI — 2017", "Observation", value=1.0, evidence=(Evidence(doc_id="d"),))
    assert merge(want, [one], []).answers == ()
    two = [one, Answer("urn:obs2", "vốn FDI — 2016", "Observation", value=2.0, evidence=(Evidence(doc_id="d"),))]
    assert len(merge(want, two, []).answers) == 2
