"""Browsing data: pages, type counts, one type, the topic tree, the indicator table."""

from __future__ import annotations

import pytest

from kg.errors import BadQuery, NotFound
from web.browse import (
    figures,
    list_type,
    page_bounds,
    topic_page,
    topic_tree,
    type_counts,
    type_of_slug,
)


@pytest.mark.parametrize("page, total, expected", [("1", 0, (1, 1)), (2, 51, (2, 2)), ("3", 150, (3, 3))])
def test_page_bounds(page, total, expected):
    assert page_bounds(page, total) == expected


@pytest.mark.parametrize(
    "page, total, error", [("0", 10, BadQuery), ("x", 10, BadQuery), (None, 1, BadQuery), ("2", 50, NotFound)]
)
def test_bad_pages(page, total, error):
    with pytest.raises(error):
        page_bounds(page, total)


def test_type_slugs():
    assert type_of_slug("industrial-park") == type_of_slug("IndustrialPark") == "IndustrialPark"
    with pytest.raises(NotFound):
        type_of_slug("mention")


def test_type_counts_and_one_type(web_kb):
    counts = {c["name"]: c["count"] for c in type_counts(web_kb)}
    # proposals: the seed's five, "đề xuất tỉnh bố trí vốn ..." (001) and "kiến nghị Bộ Giao thông ..." (002)
    assert counts["Ward"] == 2 and counts["Proposal"] == 7 and counts["Person"] == 0
    wards = list_type(web_kb, "Ward")
    assert [(w["label"], w["code"]) for w in wards["items"]] == [
        ("Phường Bá Xuyên (2025)", "05533"),
        ("Phường Mỏ Chè", "05512"),
    ]
    # Mỏ Chè: twice in the seed ("Đảng bộ phường Mỏ Chè"), once in 001 ("Quốc lộ 3 đoạn qua phường Mỏ Chè")
    assert [w["mentions"] for w in wards["items"]] == [0, 3]
    assert list_type(web_kb, "Directive")["items"][0]["type"] == "Directive"


def test_topic_tree_counts_narrower_topics(web_kb):
    roots = {n["name"]: n for n in topic_tree(web_kb)}
    assert "transport" not in roots  # narrower topics hang under their broader one
    infrastructure = roots["infrastructure"]
    [transport] = [c for c in infrastructure["children"] if c["name"] == "transport"]
    # the seed's ring road and ĐT262 proposals, and the road proposals of the two new articles
    assert {s["text"] for s in transport["statements"]} == {
        "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công",
        "nâng cấp cải tạo tuyến đường tỉnh 262 đạt tiêu chuẩn đô thị nhằm kết nối trục phát triển của thành phố",
        "tỉnh bố trí vốn để nâng cấp Quốc lộ 3 đoạn qua phường Mỏ Chè, bảo đảm kết nối giao thông với khu công nghiệp",
        "Bộ Giao thông vận tải sớm đầu tư mở rộng nút giao giữa Quốc lộ 3 và đường vành đai 5",
    }
    # infrastructure: the seed's "tiến độ xây dựng hạ tầng kỹ thuật ..." plus the four transport ones
    assert infrastructure["count"] == 5 and transport["count"] == 4  # distinct, subtree included
    assert topic_tree(web_kb, sample=0)[0]["statements"] == []


def test_topic_page(web_kb):
    page = topic_page(web_kb, "transport")
    assert [b["name"] for b in page["broader"]] == ["infrastructure"] and page["total"] == 4
    assert len(page["statements"]) == 4
    assert topic_page(web_kb, "infrastructure")["total"] == 5
    with pytest.raises(NotFound):
        topic_page(web_kb, "nope")


def test_figures(web_kb):
    table = figures(web_kb)
    # the seed's nine indicator readings and its two counts ("1 chỉ tiêu", "13 chỉ tiêu"), 001's
    # 180 ha and 45%, 002's 12 projects; only the trade share (20% against 22%) has a target
    assert table["total"] == 14 and table["summary"] == {"met": 0, "missed": 1, "unknown": 13}
    budget = f"{web_kb.iris.base}entity/indicator/thu-ngan-sach"
    assert figures(web_kb, indicator=budget)["total"] == 1
    filling = f"{web_kb.iris.base}entity/indicator/ty-le-lap-day-khu-cong-nghiep"
    assert [(r["value"], r["unit"]) for r in figures(web_kb, indicator=filling)["rows"]] == [(45, "%")]
