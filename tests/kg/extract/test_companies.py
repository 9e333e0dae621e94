"""Tests for kg.extract.companies: company names, their forms, and one node per company."""

from kg.extract.companies import core_name, extract_companies
from tests.kg.extract.helpers import make_doc


def companies(body: str):
    return {e.key: e for e in extract_companies(make_doc(body))}


def test_legal_forms_and_bare_name_are_one_company():
    found = companies(
        "Công ty CP Tập đoàn Hòa Phát vừa khởi công dự án mới. Theo Tập đoàn Hòa Phát, "
        "vốn đầu tư là 60.000 tỷ đồng. Hòa Phát cho biết sẽ hoàn thành trong năm 2025."
    )
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


def test_short_name_in_parentheses_is_the_same_company():
    found = companies(
        "Phiên đấu giá cổ phần của Tổng công ty Vật tư Nông nghiệp Việt Nam (Vigecam) diễn ra hôm qua. "
        "Vigecam đã thu hút 21 nhà đầu tư. Tổng công ty Viglacera - CTCP bán cổ phần. Giá cổ phiếu "
        "Viglacera (VGC) tăng; VGC có lãi."
    )
    vigecam = found["vat-tu-nong-nghiep-viet-nam"]
    assert "Vigecam" in vigecam.aliases and [m.text for m in vigecam.mentions][1:] == ["Vigecam", "Vigecam"]
    assert "vigecam" not in found
    viglacera = found["viglacera"]
    assert "VGC" in viglacera.aliases and [m.text for m in viglacera.mentions][1:] == ["Viglacera", "VGC", "VGC"]


def test_state_capital_is_part_of_a_name_and_where_from_is_no_alias():
    found = companies(
        "Tổng công ty Đầu tư và Kinh doanh vốn Nhà nước (SCIC) thoái vốn. "
        "Tập đoàn Creed Group (Nhật) đầu tư 200 triệu USD."
    )
    assert found["dau-tu-va-kinh-doanh-von-nha-nuoc"].label.endswith("vốn Nhà nước")
    assert "SCIC" in found["dau-tu-va-kinh-doanh-von-nha-nuoc"].aliases
    assert "Nhật" not in found["creed-group"].aliases


def test_brand_introduced_as_a_partner_and_named_again():
    found = companies("Một đối tác khác là Samsung Display, đang đàm phán. Sau đó Samsung Display ký hợp đồng.")
    assert len(found["samsung-display"].mentions) == 2
    assert "ipo" not in companies("Vigecam đã có thông báo IPO và thu hút 21 nhà đầu tư.")


def test_two_company_names_run_together_by_a_caption_are_two():
    from kg.extract.companies import extract_companies
    from tests.kg.extract.helpers import make_doc

    doc = make_doc(
        "Dự án Khu đô thị của Công ty Cổ phần Trung Nam Công ty Cổ phần Tập đoàn Đức Long Gia Lai "
        "có dự án bến xe phía Nam."
    )
    assert {e.label for e in extract_companies(doc)} >= {
        "Công ty Cổ phần Trung Nam",
        "Công ty Cổ phần Tập đoàn Đức Long Gia Lai",
    }


def test_a_name_that_runs_on_in_lower_case_to_a_comma_is_whole():
    found = companies(
        "Người dân phản ánh tiếng nổ mìn tại mỏ đá của Công ty Khai thác và sản xuất vật liệu xây dựng, "
        "thuộc Tổng Công ty Xây dựng Sài Gòn."
    )
    labels = sorted(e.label for e in found.values())
    assert labels == ["Công ty Khai thác và sản xuất vật liệu xây dựng", "Tổng Công ty Xây dựng Sài Gòn"]


def test_a_lower_case_run_that_meets_a_verb_names_no_company():
    # where "Công ty Giáo dục …" ends cannot be told: the run meets "đã", not a comma
    assert companies("Công ty Giáo dục trẻ em đã mở thêm ba cơ sở trong năm nay.") == {}


def test_a_trade_in_lower_case_between_the_legal_form_and_the_name():
    found = companies("Công ty TNHH xây dựng Mai Phương Minh trúng thầu thi công. Công ty TNHH đã nộp hồ sơ.")
    assert [e.label for e in found.values()] == ["Công ty TNHH xây dựng Mai Phương Minh"]


def test_a_capitalised_head_then_the_trade_in_lower_case_then_the_name():
    found = companies(
        "Công ty cổ phần cơ khí xây dựng thương mại Đại Dũng ở Khu công nghiệp An Hạ tổ chức khai trương. "
        "Các công ty xây dựng Việt Nam đều tăng trưởng; Công ty đầu tư Trung Quốc rút vốn."
    )
    assert [e.label for e in found.values()] == ["Công ty cổ phần cơ khí xây dựng thương mại Đại Dũng"]


def test_a_legal_form_before_a_company_head_leaves_the_inner_company_its_name():
    found = companies("Chủ đầu tư là công ty CP Tổng công ty phát triển năng lượng Nghệ An giao quyền đo đạc.")
    assert [e.label for e in found.values()] == ["Tổng công ty phát triển năng lượng Nghệ An"]
