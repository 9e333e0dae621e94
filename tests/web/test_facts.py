"""Proposals, directives and observations as dicts; whether a figure met its target."""

from __future__ import annotations

import pytest

from web.facts import observations, statements, target_status

TRANSPORT = "https://w3id.org/vnkg/topic/transport"
RING_ROAD = "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công"
JUNCTION = "Bộ Giao thông vận tải sớm đầu tư mở rộng nút giao giữa Quốc lộ 3 và đường vành đai 5"
QL3 = "tỉnh bố trí vốn để nâng cấp Quốc lộ 3 đoạn qua phường Mỏ Chè, bảo đảm kết nối giao thông với khu công nghiệp"


def doc_ids(kb) -> dict[str, str]:
    names = {
        "000_21c30ca8b6a13368.txt": "seed",
        "001_song_cong_khu_cong_nghiep.txt": "park",
        "002_pho_yen_ha_tang.txt": "pho_yen",
    }
    return {names[d.source]: d.doc_id for d in kb.documents()}


@pytest.mark.parametrize(
    "value, target, comparator, direction, expected",
    [
        (20, 22, "=", None, "missed"),  # cơ cấu thương mại – dịch vụ 20% against 22%
        (23, 22, "=", None, "met"),
        (22, 22, "=", None, "met"),
        (19, 20, ">", None, "unknown"),  # "trên 19%" may or may not reach 20
        (21, 20, ">", None, "met"),
        (20, 20, "<", None, "missed"),  # "dưới 20%" never reaches 20
        (1.5, 2, "<", "decrease", "met"),  # poverty rate under 1.5% against at most 2%
        (3, 2, "=", "decrease", "missed"),
        (2, 2, ">", "decrease", "missed"),  # "over 2%" against at most 2%
        (1, 2, ">", "decrease", "unknown"),  # "over 1%" may or may not stay under 2%
        (20, 20, "≈", None, "unknown"),
        (20, None, "=", None, "unknown"),
        (None, 20, "=", None, "unknown"),
    ],
)
def test_target_status(value, target, comparator, direction, expected):
    assert target_status(value, target, comparator, direction) == expected


def test_statements_carry_topics_links_and_source(web_kb):
    found = statements(web_kb)
    # the seed's 5 proposals and 4 directives, and one proposal from each new article
    assert {s["type"] for s in found} == {"Proposal", "Directive"} and len(found) == 11
    ids = doc_ids(web_kb)
    [ring] = [s for s in found if s["text"] == RING_ROAD]
    assert [t["name"] for t in ring["topics"]] == ["transport"]
    assert {c["path"] for c in ring["concerns"]} == {"/entity/city/165", "/entity/road/19-vanh-dai-5"}
    assert ring["by"][0]["label"] == "Thành ủy Sông Công"
    assert ring["source"]["path"] == f"/doc/{ids['seed']}#s9" and ring["source"]["index"] == 9
    # 002's request names the ring road too, with its own proposer and sentence
    [junction] = [s for s in found if s["text"] == JUNCTION]
    assert {c["path"] for c in junction["concerns"]} == {"/entity/road/ql-3", "/entity/road/19-vanh-dai-5"}
    assert [b["label"] for b in junction["by"]] == ["UBND thành phố Sông Công"]
    assert junction["source"]["path"] == f"/doc/{ids['pho_yen']}#s4" and "transport" in {
        t["name"] for t in junction["topics"]
    }


def test_statements_narrowed_by_entity_topic_kind_and_document(web_kb):
    ids = doc_ids(web_kb)
    road = f"{web_kb.iris.base}entity/road/19-vanh-dai-5"
    assert [s["text"] for s in statements(web_kb, concerning=road)] == [RING_ROAD, JUNCTION]  # seed, then 002
    assert {s["text"] for s in statements(web_kb, topics=[TRANSPORT])} == {
        RING_ROAD,
        JUNCTION,
        QL3,
        "nâng cấp cải tạo tuyến đường tỉnh 262 đạt tiêu chuẩn đô thị nhằm kết nối trục phát triển của thành phố",
    }
    directives = statements(web_kb, kind="Directive")
    assert {s["type"] for s in directives} == {"Directive"} and len(directives) == 4  # all the seed's
    assert len(statements(web_kb, doc_id=ids["seed"])) == 9 and statements(web_kb, doc_id="0" * 16) == []
    assert [s["text"] for s in statements(web_kb, doc_id=ids["park"])] == [QL3]
    assert [s["text"] for s in statements(web_kb, doc_id=ids["pho_yen"])] == [JUNCTION]
    assert len(statements(web_kb, limit=2)) == 2 and len(statements(web_kb, limit=50, offset=10)) == 1
    assert len(statements(web_kb, limit=50, offset=8)) == 3


def test_observations_with_status_and_links(web_kb):
    found = observations(web_kb)
    # seed: 9 indicator readings + "1 chỉ tiêu" + "13 chỉ tiêu"; 001: 180 ha, 45%; 002: 12 dự án
    assert len(found) == 14
    [trade] = [o for o in found if o["target"] is not None]
    assert (trade["value"], trade["target"], trade["unit"], trade["status"]) == (20, 22, "%", "missed")
    assert (
        trade["area"]["path"] == "/entity/city/165"
        and trade["indicator"]["label"] == "cơ cấu ngành thương mại – dịch vụ"
    )
    budget = f"{web_kb.iris.base}entity/indicator/thu-ngan-sach"
    [one] = observations(web_kb, about=budget)
    assert (one["comparator"], one["value"], one["period"], one["direction"]) == ("≈", 21, "2015-2020", "increase")
    income = f"{web_kb.iris.base}entity/indicator/thu-nhap-binh-quan-dau-nguoi"
    # "70 triệu đồng/người": the scale in the value, the unit a standard code with its denominator
    assert (70000000, "VND/người") in {(o["value"], o["unit"]) for o in observations(web_kb, about=income)}
    # figures no known indicator owns: their subject read from the sentence
    unowned = {(o["value"], o["unit"], o["area"]["path"]) for o in found if o["indicator"] is None}
    assert unowned == {
        (1, "1", "/entity/city/165"),
        (13, "1", "/entity/city/165"),  # "1 chỉ tiêu", "13 chỉ tiêu"
        (180, "ha", "/entity/industrial-park/kcn-song-cong-2"),  # "KCN Sông Công 2 ... 180 ha"
        (12, "1", "/entity/province/19"),
    }  # "tỉnh Thái Nguyên thu hút thêm 12 dự án"
    filling = f"{web_kb.iris.base}entity/indicator/ty-le-lap-day-khu-cong-nghiep"
    [rate] = observations(web_kb, about=filling)
    assert (rate["value"], rate["unit"], rate["area"]["path"]) == (45, "%", "/entity/industrial-park/kcn-song-cong-2")
