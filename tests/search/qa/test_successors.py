"""2025 successors found by name in the official data (kg.gazetteer), without a store."""

from __future__ import annotations

from search.qa.successors import successors_by_name


def test_a_province_named_with_its_tones_is_not_a_commune_that_folds_alike():
    unit, successors = successors_by_name("Tỉnh Trà Vinh sau sáp nhập năm 2025 thuộc tỉnh nào?")
    assert unit.name == "Tỉnh Trà Vinh"  # not "Xã Tịnh Trà", which "Tỉnh Trà" folds to
    assert [s.name for s in successors] == ["Tỉnh Vĩnh Long"]


def test_a_ward_the_store_does_not_hold_is_found_by_name_and_its_city_chooses_among_namesakes():
    unit, successors = successors_by_name("Phường Khương Trung (Hà Nội) sau sáp nhập năm 2025 thuộc phường nào?")
    assert (unit.name, unit.code) == ("Phường Khương Trung", "00349")  # Hà Nội's, in quận Thanh Xuân
    assert [(s.name, s.level) for s in successors] == [("Phường Khương Đình", "ward"), ("Phường Phương Liệt", "ward")]
    # Khương Trung has no namesake; Quang Trung has 23 (wards and communes): the city named decides
    unit, successors = successors_by_name("Phường Quang Trung (Uông Bí) sau sáp nhập năm 2025 thuộc phường nào?")
    assert (unit.name, unit.code) == ("Phường Quang Trung", "06817")
    assert [s.name for s in successors] == ["Phường Uông Bí"]


def test_without_diacritics_names_still_match():
    unit, successors = successors_by_name("tinh tra vinh sau sap nhap nam 2025 thuoc tinh nao")
    assert unit.name == "Tỉnh Trà Vinh"
    assert [s.name for s in successors] == ["Tỉnh Vĩnh Long"]


def test_a_question_naming_no_unit_finds_none():
    assert successors_by_name("Giá vàng hôm nay là bao nhiêu?") == (None, [])


def test_a_name_that_begins_like_a_type_word_is_still_a_name():
    unit, successors = successors_by_name("Huyện Thanh Trì sau sáp nhập năm 2025 thuộc đơn vị nào?")
    assert unit.name == "Huyện Thanh Trì"
