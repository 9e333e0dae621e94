"""Tests for kg.extract.countries: foreign countries as entities, never a name's part."""

from kg.extract.countries import extract_countries
from tests.kg.extract.helpers import make_doc


def countries(body: str):
    return {e.key: e for e in extract_countries(make_doc(body))}


def test_countries_with_english_labels_and_short_forms():
    found = countries("Nhà đầu tư Nhật Bản và Hàn Quốc dẫn đầu. Tại Mỹ, thị trường giảm; vốn từ Nhật tăng.")
    assert set(found) == {"jp", "kr", "us"}
    assert found["kr"].label_en == "South Korea" and len(found["jp"].mentions) == 2


def test_parts_of_names_and_given_names_are_not_countries():
    found = countries("Nhà máy Phú Mỹ 2 ở Mỹ Xuân; ông Đức và bà Nga dự họp ngày Chủ Nhật. Việt Nam tăng trưởng.")
    assert found == {}
