"""Tests for kg.extract.places: provinces, cities and wards linked to official units."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.document import prepare
from kg.extract.model import Ref
from kg.extract.places import extract_places, place_context
from kg.reader import RawDocument, read_file

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / SEED.name


def _doc(title: str, body: str):
    return prepare(RawDocument("test.txt", "test.txt", "text", title, body))


def _by_key(entities):
    return {e.key: e for e in entities}


@pytest.fixture(scope="module")
def seed():
    path = SEED if SEED.is_file() else DEMO
    doc = prepare(next(read_file(path, 10**7)))
    entities, relations = extract_places(doc)
    return doc, _by_key(entities), relations


def test_seed_units_and_containment(seed):
    _, places, _ = seed
    province, city, ward = places["19"], places["165"], places["05512"]
    assert (province.type, province.label, province.code) == ("Province", "Tỉnh Thái Nguyên", "19")
    assert (city.type, city.label, city.aliases) == ("City", "Thành phố Sông Công", ("Sông Công",))
    assert (ward.type, ward.label, ward.aliases) == ("Ward", "Phường Mỏ Chè", ("Mỏ Chè",))
    assert city.located_in == (Ref("Province", "19"),)
    assert ward.located_in == (Ref("City", "165"),)
    assert ("unitType", "Thành phố") in city.attrs
    assert {k for k, _ in ward.attrs} >= {"unitType", "lat", "long"}


def test_seed_mentions_slice_the_text(seed):
    doc, places, _ = seed
    for entity in places.values():
        for m in entity.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert doc.sentences[m.sentence].start <= m.start < doc.sentences[m.sentence].end
    texts = {m.text for m in places["165"].mentions}
    assert {"TP Sông Công", "thành phố Sông Công", "Thành phố Sông Công"} <= texts
    assert [m.text for m in places["05512"].mentions] == ["phường Mỏ Chè"] * 2


def test_ubnd_tinh_is_a_mention_of_the_main_province(seed):
    doc, places, _ = seed
    context = [m for m in places["19"].mentions if m.text == "tỉnh"]
    assert any(doc.text[m.start - 5 : m.start] == "UBND " for m in context)
    assert "thành phố" in {m.text for m in places["165"].mentions}


def test_seed_place_context(seed):
    doc, places, _ = seed
    ctx = place_context(doc, places.values())
    assert (ctx.province.key, ctx.city.key) == ("19", "165")


def test_2025_successor_of_mo_che(seed):
    _, places, relations = seed
    successor = [r for r in relations if r.subject == Ref("Ward", "05512")]
    assert len(successor) == 1 and successor[0].predicate == "successorUnit"
    assert successor[0].evidence.text == "phường Mỏ Chè"
    new = places[successor[0].object.key]
    assert new.type == "Ward" and new.key.startswith("2025-") and new.code
    assert new.located_in == (Ref("Province", "2025-19"),) and "2025-19" in places
    assert new.label.startswith("Phường") and ("unitType", "Phường") in new.attrs


@pytest.mark.parametrize(("province", "code"), [("Đắk Lắk", "24118"), ("Thái Nguyên", "05464")])
def test_same_ward_name_is_linked_by_the_province_in_context(province, code):
    doc = _doc(
        f"{province} đẩy mạnh cải cách hành chính",
        f"Năm nay, tỉnh {province} có 20 phường đạt chuẩn văn minh đô thị. "
        "Người dân phường Tân Lập hưởng ứng phong trào.",
    )
    wards = [e for e in extract_places(doc)[0] if e.type == "Ward" and e.mentions]
    assert [w.key for w in wards] == [code]


def test_ambiguous_ward_without_context_is_dropped():
    doc = _doc("Nông thôn mới", "Xã Tân Lập được công nhận đạt chuẩn nông thôn mới.")
    assert extract_places(doc)[0] == ()


def test_address_links_ward_district_and_province():
    doc = _doc("Hà Nội: khởi công trường học", "Đoàn công tác đến xã Tân Lập, huyện Đan Phượng, TP Hà Nội.")
    places = _by_key(extract_places(doc)[0])
    assert {"09820", "01"} <= set(places) and places["09820"].located_in[0].type == "City"


def test_lists_after_a_plural_unit_word():
    doc = _doc(
        "Hà Nội triệt phá tụ điểm cờ bạc",
        "Tại huyện Phúc Thọ, công an đã triệt phá 6 vụ cờ bạc tại các xã Tam Hiệp, Hiệp Thuận, Võng Xuyên.",
    )
    wards = {e.label for e in extract_places(doc)[0] if e.type == "Ward" and e.mentions}
    assert wards == {"Xã Tam Hiệp", "Xã Hiệp Thuận", "Xã Võng Xuyên"}


@pytest.mark.parametrize(
    "text",
    [
        "Tàu cá hoạt động trên Thái Bình Dương.",
        "Ông Hòa Bình cho biết sẽ tiếp tục kinh doanh.",
        "Các vấn đề xã hội được thành phố thông minh giải quyết.",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "Nam thanh niên nhảy xuống sông Sài Gòn.",
    ],
)
def test_words_that_are_not_places(text):
    assert extract_places(_doc("Tin tức", text))[0] == ()


def test_numbered_district_of_ho_chi_minh_city():
    doc = _doc("Vỉa hè quận 1", "UBND Quận 1 đã xử lý hơn 7.000 trường hợp vi phạm.")
    places = _by_key(extract_places(doc)[0])
    assert places["760"].label == "Quận 1" and places["760"].located_in == (Ref("Province", "79"),)


@pytest.mark.parametrize("name", ["0366.txt", "1160.txt"])  # tennis, television
def test_non_government_article_has_no_places(name):
    path = CORPUS / "vnnews" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (no ../shared corpus)")
    entities, relations = extract_places(prepare(next(read_file(path, 10**7))))
    assert entities == () and relations == ()


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Bí thư Đảng ủy phường Mỹ Đình 2 Lưu Chí Dưỡng phát biểu.", {"Phường Mỹ Đình 2"}),
        ("UBND thị xã Kỳ Anh báo cáo tiến độ.", {"Thị xã Kỳ Anh"}),  # data: "Kỳ Anh (Thị xã)"
        ("Trời vừa sáng, xe về đến Hộ Hải (Ninh Hải).", {"Xã Hộ Hải", "Huyện Ninh Hải"}),
        ("Tuyến cao tốc từ Đồng Đăng (Lạng Sơn) dài 144km.", {"Thị trấn Đồng Đăng", "Tỉnh Lạng Sơn"}),
        ("Hầm chui tại nút giao An Sương (Q.12 - Hóc Môn) đã khởi công.", {"Quận 12", "Huyện Hóc Môn"}),
    ],
)
def test_ward_and_district_spellings(text, labels):
    found = {e.label for e in extract_places(_doc("Tin tức", text))[0] if e.mentions}
    assert labels <= found


@pytest.mark.parametrize(
    "text",
    [
        "Đội bóng thắng cách biệt 3-0 trước U17 Hà Tĩnh.",
        "Nhà máy ở Tân Phú (Đồng Nai) mở rộng.",  # a district and several wards: ambiguous
        "Công ty Hòa Phát (Hải Dương) báo lãi.",
    ],
)
def test_names_before_a_parent_that_are_not_places(text):
    found = {e.label for e in extract_places(_doc("Tin tức", text))[0] if e.mentions}
    assert not {lab for lab in found if not lab.startswith("Tỉnh")}
    if "U17" in text:
        assert found == set()
