"""Proposals, directives and observations as dicts; whether a figure met its target."""

from __future__ import annotations

import pytest

from web.facts import observations, statements, target_status

TRANSPORT = "https://w3id.org/vnkg/topic/transport"


@pytest.mark.parametrize("value, target, comparator, direction, expected", [
    (20, 22, "=", None, "missed"),          # cơ cấu thương mại – dịch vụ 20% against 22%
    (23, 22, "=", None, "met"),
    (22, 22, "=", None, "met"),
    (19, 20, ">", None, "unknown"),         # "trên 19%" may or may not reach 20
    (21, 20, ">", None, "met"),
    (20, 20, "<", None, "missed"),          # "dưới 20%" never reaches 20
    (1.5, 2, "<", "decrease", "met"),       # poverty rate under 1.5% against at most 2%
    (3, 2, "=", "decrease", "missed"),
    (2, 2, ">", "decrease", "missed"),      # "over 2%" against at most 2%
    (1, 2, ">", "decrease", "unknown"),     # "over 1%" may or may not stay under 2%
    (20, 20, "≈", None, "unknown"),
    (20, None, "=", None, "unknown"),
    (None, 20, "=", None, "unknown"),
])
def test_target_status(value, target, comparator, direction, expected):
    assert target_status(value, target, comparator, direction) == expected


def test_statements_carry_topics_links_and_source(web_kb):
    found = statements(web_kb)
    assert {s["type"] for s in found} == {"Proposal", "Directive"} and len(found) == 9
    ring = next(s for s in found if "vành đai 5" in s["text"])
    assert [t["name"] for t in ring["topics"]] == ["transport"]
    assert {c["path"] for c in ring["concerns"]} == {"/entity/city/165", "/entity/road/vanh-dai-5"}
    assert ring["by"][0]["label"] == "Thành ủy Sông Công"
    assert ring["source"]["path"].endswith("#s9") and ring["source"]["index"] == 9


def test_statements_narrowed_by_entity_topic_kind_and_document(web_kb):
    doc = web_kb.documents()[0].doc_id
    road = f"{web_kb.iris.base}entity/road/vanh-dai-5"
    assert [s["text"] for s in statements(web_kb, concerning=road)] == [
        "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công"]
    assert len(statements(web_kb, topics=[TRANSPORT])) == 2
    assert {s["type"] for s in statements(web_kb, kind="Directive")} == {"Directive"}
    assert len(statements(web_kb, doc_id=doc)) == 9 and statements(web_kb, doc_id="0" * 16) == []
    assert len(statements(web_kb, limit=2)) == 2 and len(statements(web_kb, limit=50, offset=8)) == 1


def test_observations_with_status_and_links(web_kb):
    found = observations(web_kb)
    assert len(found) == 9
    trade = next(o for o in found if o["target"] is not None)
    assert (trade["value"], trade["target"], trade["unit"], trade["status"]) == (20, 22, "%", "missed")
    assert trade["area"]["path"] == "/entity/city/165" and trade["indicator"]["label"] == "cơ cấu ngành thương mại – dịch vụ"
    budget = f"{web_kb.iris.base}entity/indicator/thu-ngan-sach"
    [one] = observations(web_kb, about=budget)
    assert (one["comparator"], one["value"], one["period"], one["direction"]) == ("≈", 21, "2015-2020", "increase")
