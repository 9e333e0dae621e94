"""search.qa.plan on the answerer of the test store: whose figure, whose words the reader looks for."""

from __future__ import annotations

from search.qa.expect import expected
from search.qa.plan import place_only, subject_phrase


def test_an_english_question_about_a_place_looks_for_the_place_by_its_name(answerer):
    question = "What is the poverty rate of Song Cong?"
    found = answerer.interpret(question)
    assert place_only(found)
    assert subject_phrase(found, expected(question)) == "Sông Công"  # not "Thành phố Sông Công"


def test_a_question_naming_a_park_is_not_about_a_place_only(answerer):
    assert not place_only(answerer.interpret("Tỷ lệ lấp đầy của KCN Sông Công 2 là bao nhiêu?"))
    assert not place_only(answerer.interpret("thời tiết hôm nay thế nào?"))  # names nothing


def test_a_place_is_looked_for_without_its_designator_in_vietnamese_too(answerer):
    question = "Tỷ lệ hộ nghèo của thành phố Sông Công là bao nhiêu?"
    assert subject_phrase(answerer.interpret(question), expected(question)) == "Sông Công"


def test_a_work_named_by_its_kind_but_not_linked_makes_the_places_figures_no_answer(answerer):
    from search.qa.plan import names_unlinked_work, targeted

    question = "Dự án BOT Ninh An ở Sông Công có tổng mức đầu tư bao nhiêu?"
    found = answerer.interpret(question)
    assert names_unlinked_work(found) and not targeted(found, expected(question))
    plain = "Tỷ lệ hộ nghèo của Sông Công là bao nhiêu?"
    assert not names_unlinked_work(answerer.interpret(plain))
    assert not names_unlinked_work(
        answerer.interpret("Nhu cầu vốn của Sông Công là bao nhiêu?")
    )  # a need, not a bridge
    linked = answerer.interpret("Tỷ lệ lấp đầy của KCN Sông Công 2 là bao nhiêu?")
    assert not names_unlinked_work(linked)  # the park is a graph node: its figures are the question's
