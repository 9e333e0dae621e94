"""Tests for kg.extract.amounts and kg.extract.subjects: every figure read, with its subject."""

from decimal import Decimal

from kg.extract import extract_document
from tests.kg.extract.helpers import make_doc


def figures(body: str, title: str = "Tin kinh tế"):
    extraction = extract_document(make_doc(body, title))
    return [(o.measure, o.value, o.unit, o.subject.key if o.subject else None) for o in extraction.observations]


def test_project_cost_belongs_to_the_project_not_the_province():
    got = figures(
        "Tỉnh Quảng Ngãi cho biết tổng vốn đầu tư của dự án Khu liên hợp gang thép Hòa Phát "
        "Dung Quất là 60.000 tỷ đồng."
    )
    [(measure, value, unit, subject)] = got
    assert "vốn đầu tư" in measure and (value, unit, subject) == (Decimal("6E+13"), "VND", "hoa-phat-dung-quat")


def test_company_named_in_the_clause_owns_its_figure():
    got = figures(
        "Trong năm 2023, Công ty Nestlé Việt Nam đạt doanh thu 12.000 tỷ đồng, "
        "trong khi tỉnh Đồng Nai thu ngân sách 60.000 tỷ đồng."
    )
    assert got[0][3] == "nestle-viet-nam"
    assert got[0][:3] == ("doanh thu", Decimal("1.2E+13"), "VND")


def test_national_gdp_is_the_nations():
    got = figures(
        "Chính phủ phấn đấu đạt chỉ tiêu tăng trưởng GDP cả năm 6,7% như Quốc hội đã đề ra. "
        "Tỉnh Lào Cai có nhiều dự án.",
        title="Kiên định mục tiêu tăng trưởng",
    )
    assert [g[3] for g in got if g[2] == "%"] == ["vn"]


def test_a_work_length_with_an_adjective():
    got = figures("Cầu Rạch Miễu 2 dài 17,3 km, có 4 làn xe.")
    assert got == [("chiều dài", Decimal("17.3"), "km", "rach-mieu-2"), ("số làn xe", Decimal(4), "1", "rach-mieu-2")]


def test_per_day_from_the_sentence():
    got = figures("Mỗi ngày thành phố thải ra 8.300 tấn rác sinh hoạt.")
    assert got[0][2] == "t/ngày"


def test_an_investing_country_owns_its_investment():
    got = figures(
        "Tính từ năm 1988, các doanh nghiệp Hàn Quốc đã đầu tư 50,5 tỷ USD vào Việt Nam. "
        "Thái Lan đứng thứ 10 với 7,7 tỷ USD."
    )
    assert [g[3] for g in got] == ["kr", "th"]


def test_an_aside_in_parentheses_does_not_cut_the_clause():
    got = figures("Tập đoàn Creed Group (Nhật) đã đầu tư vào Công ty An Gia số tiền 200 triệu USD.")
    assert got[0][3] == "creed-group"


def test_the_nation_named_after_a_share():
    got = figures("Trong tháng 1, vốn FDI đổ vào bất động sản chiếm hơn 20% tổng vốn FDI cấp mới của cả nước.")
    assert got[0][1:] == (Decimal(20), "%", "vn")


def test_a_work_owns_its_cost_even_beside_a_brand():
    got = figures(
        "Nestle Việt Nam vừa khánh thành nhà máy Bông Sen sản xuất Milo, với tổng mức đầu tư "
        "1.600 tỷ đồng tại Hưng Yên."
    )
    assert got[0][3] == "bong-sen"
