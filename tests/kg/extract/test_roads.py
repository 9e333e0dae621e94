"""Tests for kg.extract.roads: numbered roads, expressways, streets and what they pass through.

Place contexts are built by hand (the place extractor is tested on its own), from the
mentions of the place names in the text.
"""

from __future__ import annotations

import pytest

from kg.document import prepare
from kg.extract.model import PlaceContext, Ref
from kg.extract.roads import extract_roads
from kg.reader import read_file
from tests.kg.extract.helpers import CORPUS, make_doc, seed_places
from tests.kg.extract.helpers import place as _place


def _doc(body: str, title: str = "Tin giao thông"):
    return make_doc(body, title)


def _roads(doc, context=PlaceContext()):
    entities, relations = extract_roads(doc, context)
    return {e.key: e for e in entities}, relations


def _corpus_doc(name: str):
    path = CORPUS / "vnnews" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (a fresh clone without ../shared)")
    return prepare(next(read_file(path, 10**7)))


@pytest.fixture(scope="module")
def seed():
    return seed_places()


def test_seed_ring_road_through_the_city_and_provincial_road(seed):
    doc, context = seed
    roads, relations = _roads(doc, context)
    assert set(roads) == {"19-vanh-dai-5", "19-dt-262"}  # keyed within Thái Nguyên (code 19)
    ring, provincial = roads["19-vanh-dai-5"], roads["19-dt-262"]
    assert (ring.type, ring.label, ring.attrs) == (
        "Road",
        "Vành đai 5",
        (("roadNumber", "5"), ("roadCategory", "Vành đai")),
    )
    assert ring.located_in == ()  # a ring road lies in no single place; it passes through
    [rel] = relations
    assert (rel.subject, rel.predicate, rel.object) == (ring.ref, "passesThrough", Ref("City", "165"))
    assert rel.evidence.text == "đường vành đai 5, đoạn qua TP Sông Công"
    assert (provincial.label, provincial.attrs) == ("ĐT262", (("roadNumber", "262"), ("roadCategory", "Đường tỉnh")))
    assert provincial.located_in == (Ref("Province", "19"),)
    assert [m.text for m in provincial.mentions] == ["đường tỉnh 262"]


@pytest.mark.parametrize(
    ("surface", "key", "label"),
    [
        ("đường vành đai 5", "vanh-dai-5", "Vành đai 5"),
        ("Vành đai 5", "vanh-dai-5", "Vành đai 5"),
        ("VĐ5", "vanh-dai-5", "Vành đai 5"),
        ("vành đai 2,5", "vanh-dai-2-5", "Vành đai 2.5"),
        ("đường tỉnh 262", "dt-262", "ĐT262"),
        ("ĐT 262", "dt-262", "ĐT262"),
        ("ĐT.262", "dt-262", "ĐT262"),
        ("ĐT262", "dt-262", "ĐT262"),
        ("tỉnh lộ 262", "dt-262", "ĐT262"),
        ("TL262", "dt-262", "ĐT262"),
        ("đường Tỉnh Lộ 10", "dt-10", "ĐT10"),
        ("quốc lộ 3", "ql-3", "QL3"),
        ("QL3", "ql-3", "QL3"),
        ("QL.3", "ql-3", "QL3"),
        ("QL 3", "ql-3", "QL3"),
        ("Quốc lộ 1A", "ql-1", "QL1A"),
        ("đường huyện 12", "dh-12", "ĐH12"),
        ("ĐH12", "dh-12", "ĐH12"),
        ("cao tốc Hà Nội - Thái Nguyên", "cao-toc-ha-noi-thai-nguyen", "Cao tốc Hà Nội - Thái Nguyên"),
        ("đường cao tốc Hà Nội – Thái Nguyên", "cao-toc-ha-noi-thai-nguyen", "Cao tốc Hà Nội - Thái Nguyên"),
        ("cao tốc Bắc-Nam", "cao-toc-bac-nam", "Cao tốc Bắc - Nam"),
        ("cao tốc TP Hồ Chí Minh-Trung Lương", "cao-toc-tp-hcm-trung-luong", "Cao tốc TP.HCM - Trung Lương"),
        ("đường Lê Lợi", "duong-le-loi", "Đường Lê Lợi"),
        ("phố Hàng Bạc", "pho-hang-bac", "Phố Hàng Bạc"),
        ("đại lộ Thăng Long", "dai-lo-thang-long", "Đại lộ Thăng Long"),
    ],
)
def test_spellings_give_one_canonical_road(surface, key, label):
    roads, _ = _roads(_doc(f"Tỉnh sẽ nâng cấp {surface} trong năm nay."))
    assert list(roads) == [key]
    assert roads[key].label == label


@pytest.mark.parametrize(
    "text",
    [
        "Dự án đường sắt Cát Linh - Hà Đông chậm tiến độ.",
        "Thi công đường dây 500kV mạch 3 qua tỉnh.",
        "Con đường Tơ lụa và đường lối đối ngoại của Đảng.",
        "Đầu tư hệ thống đường ống, đường bay, đường thủy và các tuyến đường trong thành phố Hà Nội.",
        "Vận chuyển hàng bằng đường bộ; đường phố, đường sá xuống cấp.",
        "Nhà máy đường Sơn La và vùng mía đường Lam Sơn thu mua mía.",
        "Liên hệ ĐT: 0912 345 678. Tuyển sinh ĐH 2004 đã kết thúc.",
        "Dự án đường sắt cao tốc Thái - Trung cần được ủng hộ.",
        "Anh ta lên đường Nhật Bản từ năm ngoái.",
    ],
)
def test_words_that_are_not_roads(text):
    assert _roads(_doc(text))[0] == {}


def test_numbers_listed_after_one_category():
    roads, _ = _roads(_doc("Hoàn thành đường vành đai 2 và 3 trước năm 2020, cách quốc lộ 5 10 km."))
    assert list(roads) == ["vanh-dai-2", "vanh-dai-3", "ql-5"]


def test_a_road_connects_the_places_it_names():
    doc = _doc("Xây dựng tuyến đường tỉnh 261 nối thành phố Sông Công với huyện Phổ Yên.")
    city = _place(doc, "City", "165", "Thành phố Sông Công", "thành phố Sông Công")
    town = _place(doc, "City", "172", "Huyện Phổ Yên", "huyện Phổ Yên")
    _, relations = _roads(doc, PlaceContext((city, town)))
    assert [(r.predicate, r.object) for r in relations] == [
        ("connects", Ref("City", "165")),
        ("connects", Ref("City", "172")),
    ]


def test_an_expressway_connects_the_places_of_its_name():
    doc = _doc("Thông xe cao tốc Hà Nội - Thái Nguyên.")
    hanoi = _place(doc, "Province", "01", "Thành phố Hà Nội", "Hà Nội")
    tn = _place(doc, "Province", "19", "Tỉnh Thái Nguyên", "Thái Nguyên")
    roads, relations = _roads(doc, PlaceContext((hanoi, tn)))
    assert roads["cao-toc-ha-noi-thai-nguyen"].located_in == ()
    assert {(r.predicate, r.object) for r in relations} == {
        ("connects", Ref("Province", "01")),
        ("connects", Ref("Province", "19")),
    }


def test_segment_from_a_to_b_passes_through_both():
    # vnnews 0825: "quốc lộ 1A từ Bình Thuận đến Khánh Hòa".
    doc = _doc("Việc nâng cấp quốc lộ 1A từ Bình Thuận đến Khánh Hòa đã hoàn thành.")
    bt = _place(doc, "Province", "60", "Tỉnh Bình Thuận", "Bình Thuận")
    kh = _place(doc, "Province", "56", "Tỉnh Khánh Hòa", "Khánh Hòa")
    _, relations = _roads(doc, PlaceContext((bt, kh)))
    assert [(r.predicate, r.object.key) for r in relations] == [("passesThrough", "60"), ("passesThrough", "56")]


def test_street_address_locates_the_street():
    # vnnews 0063 (random-other).
    doc = _doc("Tai nạn xảy ra trên đường Dương Đinh Cúc, huyện Bình Chánh vào tối qua.")
    district = _place(doc, "City", "785", "Huyện Bình Chánh", "huyện Bình Chánh")
    roads, relations = _roads(doc, PlaceContext((district,)))
    assert roads["duong-duong-dinh-cuc"].located_in == (Ref("City", "785"),)
    assert relations[0].predicate == "locatedIn"


def test_crossings_name_two_streets():
    roads, _ = _roads(_doc("Ùn tắc ở ngã ba phố Lê Duẩn - Trần Hưng Đạo kéo dài."))
    assert list(roads) == ["pho-le-duan", "pho-tran-hung-dao"]


def test_real_article_with_a_split_sentence():
    # The sentence splitter cuts "ĐT.|741"; the road is found across the cut.
    roads, _ = _roads(_corpus_doc("1690.txt"))
    assert "dt-741" in roads
    assert {m.text for m in roads["dt-741"].mentions} == {"ĐT.741"}


def test_real_article_national_highway_through_two_provinces():
    doc = _corpus_doc("0587.txt")
    dn = _place(doc, "Province", "75", "Tỉnh Đồng Nai", "Đồng Nai")
    bd = _place(doc, "Province", "74", "Tỉnh Bình Dương", "Bình Dương")
    roads, relations = _roads(doc, PlaceContext((dn, bd)))
    assert roads["ql-1k"].located_in == ()
    through = {r.object.key for r in relations if r.subject.key == "ql-1k" and r.predicate == "passesThrough"}
    assert through == {"75", "74"}


@pytest.mark.parametrize(
    ("surface", "key", "label"),
    [
        ("hương lộ 2", "huong-lo-2", "Hương lộ 2"),
        ("Liên tỉnh lộ 15", "lien-tinh-lo-15", "Liên tỉnh lộ 15"),  # not "tỉnh lộ 15" = ĐT15
        ("tuyến xa lộ Hà Nội", "xa-lo-ha-noi", "Xa lộ Hà Nội"),  # a name, though Hà Nội is a province
        ("đường số 1", "duong-1", "Đường 1"),
        ("đường 72", "duong-72", "Đường 72"),
        ("đường 5 kéo dài", "duong-5-keo-dai", "Đường 5 kéo dài"),
        ("dự án đường ô tô Tân Vũ – Lạch Huyện", "duong-o-to-tan-vu-lach-huyen", "Đường ô tô Tân Vũ - Lạch Huyện"),
        ("đường liên cảng A5", "duong-lien-cang-a5", "Đường liên cảng A5"),
        ("đường cao tốc đoạn La Sơn - Túy Loan", "cao-toc-la-son-tuy-loan", "Cao tốc La Sơn - Túy Loan"),
    ],
)
def test_other_road_kinds(surface, key, label):
    roads, _ = _roads(_doc(f"Tỉnh sẽ nâng cấp {surface} trong năm nay."))
    assert list(roads) == [key]
    assert roads[key].label == label


@pytest.mark.parametrize(
    "text",
    [
        "Cầu dài 4,8 km cộng với đường 2 đầu cầu dài 1 km.",
        "Xe đã vượt qua đoạn đường 6 km, quãng đường 20 km còn lại.",
        "Người dân tìm nhà ở đường 30-4 và đường 3/2.",
        "Đường ven sông Cái chưa có tên.",
    ],
)
def test_numbers_and_descriptions_that_are_not_roads(text):
    assert _roads(_doc(text))[0] == {}


def test_expressway_sections_listed_after_gom():
    roads, _ = _roads(
        _doc(
            "Tận dụng các đoạn cao tốc đang khai thác gồm Pháp Vân-Cao Bồ, Thành phố Hồ Chí "
            "Minh-Long Thành-Dầu Giây và các đoạn cao tốc đang thi công gồm La Sơn-Túy Loan, "
            "Đà Nẵng-Quảng Ngãi và đường Hồ Chí Minh."
        )
    )
    labels = {r.label for r in roads.values() if r.label.startswith("Cao tốc")}
    assert labels == {
        "Cao tốc Pháp Vân - Cao Bồ",
        "Cao tốc TP.HCM - Long Thành - Dầu Giây",
        "Cao tốc La Sơn - Túy Loan",
        "Cao tốc Đà Nẵng - Quảng Ngãi",
    }
    assert "Cao tốc TP Hồ Chí Minh - Long Thành - Dầu Giây" in roads["cao-toc-tp-hcm-long-thanh-dau-giay"].aliases


def test_street_names_listed_after_a_street():
    roads, _ = _roads(
        _doc("Cấm xe tải trên đường Lê Hồng Phong, Trường Thi, Hồ Tùng Mậu và An Dương Vương từ tháng 5.")
    )
    assert {r.label for r in roads.values()} == {
        "Đường Lê Hồng Phong",
        "Đường Trường Thi",
        "Đường Hồ Tùng Mậu",
        "Đường An Dương Vương",
    }
    doc = _doc(
        "Tại những tuyến phố như Nguyễn Thiệp, Hàng Lược và Phùng Hưng, vòm cầu được thay bằng sắt.",
        title="Hà Nội giữ vòm cầu cũ",
    )
    hanoi = _place(doc, "Province", "01", "Thành phố Hà Nội", "Hà Nội")
    # "Phùng Hưng" is also a ward elsewhere; not in Hà Nội, the document's province.
    roads, _ = _roads(doc, PlaceContext((hanoi,), hanoi))
    assert {r.label for r in roads.values()} == {"Phố Nguyễn Thiệp", "Phố Hàng Lược", "Phố Phùng Hưng"}


def test_a_street_list_stops_at_a_place_or_a_glued_sentence():
    roads, _ = _roads(_doc("Khởi công nút giao trên đường Trần Phú, Hà Đông, Hà Nội."))
    assert list(roads) == ["duong-tran-phu"]
    roads, _ = _roads(_doc("Ùn tắc trên tuyến Xa lộ Hà Nội Nhiều người dân trễ giờ học."))
    assert list(roads) == ["xa-lo-ha-noi"]


def test_local_roads_are_keyed_within_their_province_national_ones_are_not():
    """Hà Nội's Vành đai 3 and TP HCM's are two roads; QL1A is QL1 wherever it is named."""
    keys = {}
    for code, name in (("01", "Thành phố Hà Nội"), ("79", "Thành phố Hồ Chí Minh")):
        doc = _doc(f"{name} đẩy nhanh tiến độ đường Vành đai 3 và Quốc lộ 1A đoạn qua thành phố.")
        province = _place(doc, "Province", code, name, name)
        roads, _ = _roads(doc, PlaceContext((province,), province, None))
        keys[code] = set(roads)
    assert keys["01"] == {"01-vanh-dai-3", "ql-1"} and keys["79"] == {"79-vanh-dai-3", "ql-1"}
