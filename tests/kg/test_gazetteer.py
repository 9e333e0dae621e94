"""Tests for kg.gazetteer: official units by code and by name, and their 2025 successors."""

from __future__ import annotations

import pytest

from kg import gazetteer as g


def test_units_by_code_and_containment():
    ward = g.unit("05512")
    assert (ward.name, ward.short, ward.unit_type, ward.level) == ("Phường Mỏ Chè", "Mỏ Chè", "Phường", "ward")
    assert g.parent("05512").code == "165" and g.parent("165").code == "19"
    assert [u.code for u in g.lineage("05512")] == ["05512", "165", "19"]
    assert g.unit("19").unit_type == "Tỉnh" and g.unit("01").unit_type == "Thành phố"
    assert g.parent("19") is None and g.unit("99999") is None


@pytest.mark.parametrize(
    ("name", "level", "codes"),
    [
        ("Thái Nguyên", "province", {"19"}),
        ("Thái Nguyên", "district", {"164"}),
        ("Hoà Bình", "province", {"17"}),  # old tone-mark placement
        ("Bà Rịa-Vũng Tàu", "province", {"77"}),
        ("1", "district", {"760"}),  # "Quận 1"
        ("Quận 1", "district", {"760"}),
    ],
)
def test_find_units(name, level, codes):
    assert {u.code for u in g.find_units(name, level)} == codes


def test_same_name_in_many_places():
    assert len(g.find_units("Châu Thành", "district")) >= 5
    assert len(g.find_units("Tân Lập", "ward")) >= 10


def test_accents_as_written_win():
    assert g.find_units("Hanoi", "province", exact=True) == ()
    assert [u.code for u in g.find_units("Hanoi", "province")] == ["01"]


def test_successors():
    new = g.successor("05512")
    assert new.era == "2025" and new.level == "ward" and new.parent == "19"
    assert g.unit(new.code, "2025") == new
    assert g.successor("19").name == "Tỉnh Thái Nguyên"
    assert g.successor("165") is None  # the district level ended in 2025
    assert all(len(g.successors(c)) >= 1 for c in ("01", "79", "05512"))


def test_name_key():
    assert g.name_key("Bà Rịa - Vũng Tàu") == g.name_key("ba ria vung tau") == "bariavungtau"
    assert g.name_key("Phường 01") == g.name_key("phường 1")


def test_same_named_units_of_one_parent_lose_the_data_suffix():
    # The data writes "Kỳ Anh (Huyện)" / "Kỳ Anh (Thị xã)"; text writes "Kỳ Anh".
    found = {(u.code, u.short, u.unit_type) for u in g.find_units("Kỳ Anh", "district")}
    assert found == {("447", "Kỳ Anh", "Huyện"), ("449", "Kỳ Anh", "Thị xã")}
    assert "Kỳ Anh (Huyện)" not in g.admin_names() and "Kỳ Anh" in g.admin_names()
