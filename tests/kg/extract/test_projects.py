"""Tests for kg.extract.projects: works typed by their kind word, linked to places and companies."""

from kg.extract.companies import extract_companies
from kg.extract.model import PlaceContext, Ref
from kg.extract.projects import extract_projects
from tests.kg.extract.helpers import make_doc, place


def works(body: str, places=()):
    doc = make_doc(body)
    built = [place(doc, *p) for p in places]
    entities, relations = extract_projects(doc, PlaceContext(tuple(built)), extract_companies(doc))
    return {e.key: e for e in entities}, relations


def test_kind_word_types_the_work():
    found, _ = works("Cầu Rạch Miễu 2 và nhà máy nhiệt điện Quảng Trạch 1 đều được khởi công trong năm.")
    assert {k: e.type for k, e in found.items()} == {"rach-mieu-2": "Bridge", "quang-trach-1": "Plant"}


def test_project_description_gives_the_kind():
    found, _ = works("Dự án đầu tư xây dựng cầu Mỹ Thuận 2 có tổng vốn 5.000 tỷ đồng.")
    assert [(e.type, e.key) for e in found.values()] == [("Bridge", "my-thuan-2")]


def test_draft_laws_and_clauses_are_not_projects():
    found, _ = works(
        "Dự án Luật Đất đai sửa đổi được thông qua. Dự án lớn nhất trong lĩnh vực này là "
        "một khu nghỉ dưỡng; nhiều doanh nghiệp yêu cầu Hà Nội giảm thuế."
    )
    assert found == {}


def test_investor_and_place():
    found, relations = works(
        "Nhà máy Bông Sen tại tỉnh Hưng Yên do Công ty Nestlé Việt Nam làm chủ đầu tư.",
        places=[("Province", "33", "Tỉnh Hưng Yên", "tỉnh Hưng Yên")],
    )
    plant = found["bong-sen"]
    assert plant.located_in == (Ref("Province", "33"),)
    assert [(r.predicate, r.object.key) for r in relations] == [("investor", "nestle-viet-nam")]


def test_a_place_named_like_a_work_is_a_place():
    found, _ = works("Người dân quận Cầu Giấy đón tin vui.", places=[("City", "005", "Quận Cầu Giấy", "quận Cầu Giấy")])
    assert found == {}


def test_a_description_may_open_with_an_accented_lower_case_word():
    # "đầu" starts with a letter between À and Ỹ: it is not a capital, so the name is what follows
    found, _ = works("Dự án đầu tư Nhà ga hành khách T3 có vốn lớn.")
    assert [(e.type, e.key) for e in found.values()] == [("Building", "t3")]


def test_a_name_with_a_generic_head_runs_through_its_description():
    found, _ = works(
        "Dự án Khu du lịch biển Tiên Sa đang tạm dừng. Dự án Khu đất xây dựng Bến xe phía Nam "
        "TP Đà Nẵng rộng 15.900 m2. Dự án Khu công nghiệp."
    )
    assert [e.label for e in found.values()] == [
        "Dự án Khu du lịch biển Tiên Sa",
        "Dự án Khu đất xây dựng Bến xe phía Nam TP Đà Nẵng",
    ]


def test_a_project_without_a_kind_is_keyed_by_what_it_builds_and_its_name():
    found, _ = works(
        "Dự án đường ven sông Sài Gòn chậm tiến độ. Dự án xây dựng đường ven sông Sài Gòn "
        "cần thêm vốn. Dự án cải tạo Công viên Sài Gòn cũng vậy."
    )
    assert sorted(found) == ["cong-vien-sai-gon", "duong-ven-song-sai-gon"]  # not one "sai-gon"


def test_two_projects_joined_by_and_are_two():
    found, _ = works("Dự án Khu phức hợp Tràng An và Dự án Khu đô thị Golden Hills được rà soát.")
    assert sorted(e.label for e in found.values()) == ["Dự án Khu phức hợp Tràng An", "Dự án Khu đô thị Golden Hills"]


def test_title_case_descriptions_and_names_in_sentence_case():
    # "Đầu tư Xây dựng" in title case is still what is done to the work, not its name
    found, _ = works("Dự án Đầu tư Xây dựng cầu Tiên Sơn đã hoàn thành trước hội nghị.")
    assert [(e.type, e.key) for e in found.values()] == [("Bridge", "tien-son")]
    # a name written in sentence case ("Cá voi xanh") is not cut at its first word
    found, _ = works("Đó là dự án mỏ khí Cá voi xanh hợp tác giữa hai tập đoàn. Dự án Ecopark đã hoàn thành.")
    assert list(found) == ["ecopark"]
