"""Tests for kg.extract.companies: company names, their forms, and one node per company."""

from kg.extract.companies import core_name, extract_companies

from tests.kg.extract.helpers import make_doc


def companies(body: str):
    return {e.key: e for e in extract_companies(make_doc(body))}


def test_legal_forms_and_bare_name_are_one_company():
    found = companies(
        "Công ty CP Tập đoàn Hòa Phát vừa khởi công dự án mới. Theo Tập đoàn Hòa Phát, "
        "vốn đầu tư là 60.000 tỷ đồng. Hòa Phát cho biết sẽ hoàn thành trong năm 2025.")
    assert list(found) == ["hoa-phat"]
    assert len(found["hoa-phat"].mentions) == 3


def test_lower_case_words_inside_a_name():
    found = companies("Tập đoàn Điện lực Việt Nam (EVN) cho biết tiến độ đã được đẩy nhanh.")
    assert [e.label for e in found.values()] == ["Tập đoàn Điện lực Việt Nam"]


def test_two_companies_joined_by_va():
    found = companies("Công ty Amata VNPCL và Công ty Sonadezi Biên Hòa ký thỏa thuận liên doanh.")
    assert set(found) == {"amata-vnpcl", "sonadezi-bien-hoa"}


def test_state_bodies_and_nationalities_are_not_companies():
    found = companies("Ngân hàng Nhà nước điều chỉnh lãi suất; nhiều công ty Hàn Quốc đầu tư vào KCN.")
    assert found == {}


def test_foreign_brand_is_found_alone_after_its_full_name():
    found = companies("Tập đoàn Samsung đầu tư thêm 1 tỷ USD. Samsung hiện có 6 nhà máy tại Việt Nam.")
    assert len(found["samsung"].mentions) == 2


def test_core_name_drops_forms():
    assert core_name("Tổng công ty Viglacera - CTCP") == "Viglacera"
