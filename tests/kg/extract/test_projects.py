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
    found, _ = works("Dự án Luật Đất đai sửa đổi được thông qua. Dự án lớn nhất trong lĩnh vực này là "
                     "một khu nghỉ dưỡng; nhiều doanh nghiệp yêu cầu Hà Nội giảm thuế.")
    assert found == {}


def test_investor_and_place():
    found, relations = works(
        "Nhà máy Bông Sen tại tỉnh Hưng Yên do Công ty Nestlé Việt Nam làm chủ đầu tư.",
        places=[("Province", "33", "Tỉnh Hưng Yên", "tỉnh Hưng Yên")])
    plant = found["bong-sen"]
    assert plant.located_in == (Ref("Province", "33"),)
    assert [(r.predicate, r.object.key) for r in relations] == [("investor", "nestle-viet-nam")]


def test_a_place_named_like_a_work_is_a_place():
    found, _ = works("Người dân quận Cầu Giấy đón tin vui.",
                     places=[("City", "005", "Quận Cầu Giấy", "quận Cầu Giấy")])
    assert found == {}
