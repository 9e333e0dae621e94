"""Tests for kg.extract.parks: industrial parks, their spellings, lists and locations.

Place contexts are built by hand (the place extractor is tested on its own), from the
mentions of the place names in the text.
"""

from __future__ import annotations

import pytest

from kg.document import prepare
from kg.extract.model import PlaceContext, Ref
from kg.extract.parks import extract_parks
from kg.reader import read_file
from tests.kg.extract.helpers import CORPUS, make_doc, seed_places
from tests.kg.extract.helpers import place as _place


def _doc(body: str, title: str = "Tin địa phương"):
    return make_doc(body, title)


def _parks(doc, context=PlaceContext()):
    entities, relations = extract_parks(doc, context)
    return {e.key: e for e in entities}, relations


@pytest.fixture(scope="module")
def seed():
    return seed_places()


def test_seed_has_two_parks_with_every_spelling_merged(seed):
    doc, context = seed
    parks, relations = _parks(doc, context)
    assert set(parks) == {"kcn-song-cong-2", "kcn-song-cong-1"}
    two = parks["kcn-song-cong-2"]
    assert (two.type, two.label) == ("IndustrialPark", "KCN Sông Công 2")
    assert [m.text for m in two.mentions] == ["Khu công nghiệp Sông Công II", "Sông Công 2"]
    assert {"Khu công nghiệp Sông Công 2", "KCN Sông Công II", "Sông Công 2"} <= set(two.aliases)
    assert two.located_in == (Ref("City", "165"),)  # the document's city: the text names none
    assert parks["kcn-song-cong-1"].label == "KCN Sông Công 1"
    assert relations == ()
    for park in parks.values():
        assert all(doc.text[m.start : m.end] == m.text for m in park.mentions)


@pytest.mark.parametrize(
    "surface",
    [
        "KCN Sông Công II",
        "Khu công nghiệp Sông Công 2",
        "KCN Sông Công 2",
        "K.C.N Sông Công 2",
        "khu công nghiệp Sông Công II",
    ],
)
def test_prefixes_and_numerals_are_unified(surface):
    parks, _ = _parks(_doc(f"Tỉnh đầu tư hạ tầng {surface} trong năm nay."))
    assert list(parks) == ["kcn-song-cong-2"]
    assert parks["kcn-song-cong-2"].label == "KCN Sông Công 2"


def test_bare_name_needs_the_park_in_the_same_document():
    parks, _ = _parks(_doc("Thu hút đầu tư vào Sông Công 2 còn chậm."))
    assert parks == {}


def test_clusters_zones_and_high_tech_parks():
    doc = _doc("Dự án nằm trong Cụm công nghiệp Hà Lam - Chợ Được, gần KKT Vũng Áng và Khu công nghệ cao Hòa Lạc.")
    parks, _ = _parks(doc)
    assert [p.label for p in parks.values()] == ["CCN Hà Lam - Chợ Được", "KKT Vũng Áng", "KCNC Hòa Lạc"]
    assert "Cụm công nghiệp Hà Lam - Chợ Được" in parks["ccn-ha-lam-cho-duoc"].aliases


def test_a_plural_prefix_lists_several_parks():
    parks, _ = _parks(_doc("Samsung mở rộng nhà máy tại các KCN Yên Phong, Quế Võ và VSIP của tỉnh."))
    assert list(parks) == ["kcn-yen-phong", "kcn-que-vo", "kcn-vsip"]
    assert "Quế Võ" not in parks["kcn-que-vo"].aliases  # a district name is no park alias


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh có 5 khu công nghiệp và các KCN tỉnh Long An đều thiếu nhà ở cho công nhân.",
        "Các khu công nghiệp Quảng Ngãi trao giấy chứng nhận đầu tư.",
        "Ông là Chủ tịch Hiệp hội KCN Việt Nam.",
        "Công ty TNHH Khu công nghiệp Texhong Việt Nam hoàn thiện hồ sơ.",
        "Ban quản lý các KCN, KCX trên địa bàn đã họp.",
    ],
)
def test_generic_uses_are_not_parks(text):
    assert _parks(_doc(text))[0] == {}


def test_the_place_named_after_a_park_is_where_it_is():
    # vnnews 0543 (a random-other article).
    doc = _doc(
        "Trong lúc sửa chữa hệ thống điện tại Khu công nghiệp Đồng Văn 2, huyện Duy Tiên, "
        "tỉnh Hà Nam, 2 nhân viên bảo vệ đã bị điện giật."
    )
    province = _place(doc, "Province", "35", "Tỉnh Hà Nam", "tỉnh Hà Nam")
    district = _place(doc, "City", "349", "Huyện Duy Tiên", "huyện Duy Tiên", within=province.ref)
    parks, relations = _parks(doc, PlaceContext((province, district), province, None))
    assert parks["kcn-dong-van-2"].located_in == (Ref("City", "349"),)
    [rel] = relations
    assert (rel.subject, rel.predicate, rel.object) == (
        Ref("IndustrialPark", "kcn-dong-van-2"),
        "locatedIn",
        Ref("City", "349"),
    )
    assert rel.evidence.text == "Khu công nghiệp Đồng Văn 2, huyện Duy Tiên"


def test_a_province_written_into_the_name_is_split_off():
    doc = _doc("Sản xuất tại Khu công nghiệp Yên Bình Thái Nguyên tăng mạnh.")
    province = _place(doc, "Province", "19", "Tỉnh Thái Nguyên", "Thái Nguyên")
    parks, relations = _parks(doc, PlaceContext((province,), province, None))
    assert list(parks) == ["kcn-yen-binh"]
    assert parks["kcn-yen-binh"].located_in == (Ref("Province", "19"),)
    assert relations[0].object == Ref("Province", "19")


def test_a_real_article_with_roman_numbered_parks():
    path = CORPUS / "vnnews" / "1758.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (a fresh clone without ../shared)")
    parks, _ = _parks(prepare(next(read_file(path, 10**7))))
    assert {"KCN Phú Mỹ 1", "KCN Phú Mỹ 2", "KCN Mỹ Xuân A", "KCN Mỹ Xuân B1 - Conac", "CCN Tóc Tiên"} == {
        p.label for p in parks.values()
    }
    assert "KCN Phú Mỹ II" in parks["kcn-phu-my-2"].aliases
