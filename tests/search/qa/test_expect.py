"""Each rule of search.qa.expect on its own: what kind of answer a question wants."""

from __future__ import annotations

import pytest

from search.qa import expect
from search.qa.expect import AREA, LENGTH, MONEY, PERCENT, expected


@pytest.mark.parametrize(
    "question, kind, units, rule",
    [
        ("Tổng mức đầu tư dự án đường sắt Cát Linh - Hà Đông là bao nhiêu?", "figure", MONEY, "figure"),
        ("What is the total investment of the Cat Linh - Ha Dong railway?", "figure", MONEY, "figure"),
        ("tuyen duong sat cat linh ha dong dai bao nhieu", "figure", LENGTH, "figure"),
        ("How large is the cultural park project in Da Lat?", "figure", AREA, "figure"),
        ("How much land does the Long Thanh airport project cover?", "figure", AREA, "figure"),
        ("Tỷ lệ hộ nghèo của Sông Công là bao nhiêu?", "figure", PERCENT, "figure"),
        ("Tàu cá vỏ thép BĐ 99245 được đóng mới với số tiền bao nhiêu?", "figure", MONEY, "figure"),
        ("Giá đất nông nghiệp tối đa ở Hà Nội tăng từ bao nhiêu lên bao nhiêu?", "figure", MONEY, "compare"),
    ],
)
def test_figures_and_their_unit_family(question, kind, units, rule):
    found = expected(question)
    assert (found.kind, found.units, found.rule) == (kind, units, rule)
    assert found.many == (rule == "compare")


def test_dates_people_bodies_places_works_words_and_successors():
    assert expected("Cầu vượt Ngã Tư Sở được khởi công khi nào?").kind == "date"
    assert expected("When did construction of the line start?").kind == "date"
    assert expected("In which year did the Dung Quat steel mill project originate?").kind == "date"
    assert expected("Ai là Phó chủ tịch UBND thành phố Đà Lạt?").types == ("Person",)
    assert "Organization" in expected("Nhà thầu của dự án là ai?").types  # a contractor is a body
    assert expected("HĐND TP Đà Nẵng đã miễn nhiệm những ai?").many
    assert expected("Những huyện, thị xã nào của Thừa Thiên - Huế giải ngân?").types[0] == "City"
    assert expected("which communes does the bridge serve?").types == ("Ward",)
    assert "Project" in expected("Đà Lạt có những dự án chỉnh trang đô thị nào?").types
    assert expected("PGS.TS Vũ Thanh Ca nói gì về thủy điện?").kind == "said"
    assert expected("Phường Khương Trung sau sáp nhập năm 2025 thuộc phường nào?").kind == "successor"
    assert expected("What did Quang Nam province become in 2025?").kind == "successor"


def test_words_inside_names_do_not_decide():
    # "Long Thành" is no length, "quốc gia" no price, "phương án" no ward
    assert expected("Dự án sân bay Long Thành có bao nhiêu hộ dân?").units == expect.COUNT
    assert expected("Các phương án đền bù trên đường Tây Sơn có giá trị bao nhiêu?").units == MONEY
    assert expected("Những đề xuất nào liên quan đến hạ tầng?") is None  # the graph's statements answer it


def test_every_rule_is_named_and_tried_in_order():
    assert [r.__name__ for r in expect.RULES][:3] == ["successor", "said", "compare"]
    assert expected("xin chào") is None


def test_who_holds_a_role_wants_a_body_named_in_that_role():
    contractor = expected("Nhà thầu của dự án đường sắt Cát Linh - Hà Đông là ai?")
    assert contractor.types == ("Company", "Organization") and "nha thau" in contractor.role
    investor = expected("Who is the investor of the Southern bus station project?")
    assert "chu dau tu" in investor.role
    assert expected("Ai là Bộ trưởng Bộ GTVT?").role == ()


def test_which_companies_is_a_list_of_bodies_even_when_it_speaks_of_investment():
    for question in (
        "Những tập đoàn nào từng đầu tư vào dự án thép ở Dung Quất?",
        "Which groups have invested in the Dung Quat steel project?",
    ):
        found = expected(question)
        assert (found.kind, found.types, found.many, found.rule) == (
            "entity",
            ("Company", "Organization"),
            True,
            "bodies",
        ), question
    assert expected("Tổng vốn đầu tư của tập đoàn là bao nhiêu?").kind == "figure"


def test_where_to_wants_places_of_any_level():
    want = expected("Cảng Sài Gòn sẽ di dời về những đâu?")
    assert want is not None and want.kind == "entity" and want.many
    assert set(want.types) == {"Province", "City", "Ward"}
    assert expected("Tuyến đường sắt đô thị Nhổn - Ga Hà Nội dài bao nhiêu km?").kind == "figure"


def test_a_change_asked_is_any_unit_and_so_voi_counts_nothing():
    want = expected("Xuất khẩu gạo 6 tháng đầu năm 2023 tăng bao nhiêu so với cùng kỳ năm 2022?")
    assert want.kind == "figure" and want.units == frozenset() and want.counted == ""
    assert expected("Tỉnh có bao nhiêu doanh nghiệp?").counted == "doanh nghiep"


@pytest.mark.parametrize(
    "question, types",
    [
        ("Những cảng nào trên sông Sài Gòn phải di dời?", ("Seaport",)),
        ("Which ports on the Saigon river are to be moved?", ("Seaport",)),
        (
            "Những dự án cầu vượt nào được khởi công ở cửa ngõ sân bay Tân Sơn Nhất?",
            ("Bridge", "Interchange", "Project"),
        ),
        (
            "Which overpass projects were started at the gateway to Tan Son Nhat airport?",
            ("Bridge", "Interchange", "Project"),
        ),
        ("Những sân bay nào được nâng cấp?", ("Airport",)),
    ],
)
def test_a_list_of_works_of_one_kind_wants_that_kind(question, types):
    # the kind the question lists, not another it names on the way (the airport of the overpasses)
    found = expected(question)
    assert (found.kind, found.many, found.types) == ("entity", True, types)


def test_a_list_of_works_of_no_one_kind_wants_every_kind():
    assert expected("Những công trình nào được khởi công năm 2017?").types == expect.WORKS


def test_roads_and_canals_listed_are_their_kind():
    assert expected("Những tuyến đường nào quanh cảng Cát Lái bị ùn tắc?").types == ("Road",)
    assert expected("Which canals in Soc Trang are heavily polluted?").types == ("Canal",)
