"""Tests for kg.extract.quantities: numbers with units, scale words resolved, standard codes."""

from decimal import Decimal

import pytest

from kg.extract.quantities import quantities


def one(text: str):
    [q] = quantities(text)
    return q.value, q.unit


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("tổng vốn đầu tư 60.000 tỷ đồng", Decimal("60000e9"), "VND"),
        ("với 1,5 tỷ USD vốn FDI", Decimal("1.5e9"), "USD"),
        ("tăng trưởng đạt 9,5 %", Decimal("9.5"), "%"),
        ("tuyến cao tốc dài 39,8 km", Decimal("39.8"), "km"),
        ("thu nhập 70 triệu đồng/người/năm", Decimal("70e6"), "VND/người"),
        ("quy mô 157 ha", Decimal("157"), "ha"),
        ("xử lý 500 tấn rác", Decimal("500"), "t"),
        ("thu hút 12 dự án", Decimal("12"), "1"),
        ("giá 15.000 đồng/CP", Decimal("15000"), "VND/cổ phần"),
        ("khoảng 57 tỷ 399 triệu đồng", Decimal("57399e6"), "VND"),
        ("công suất 1.200 MW", Decimal("1200"), "MW"),
    ],
)
def test_value_and_unit(text, value, unit):
    assert one(text) == (value, unit)


def test_counts_keep_what_they_count():
    [q] = quantities("quy hoạch 8 làn xe cao tốc")
    assert q.counted == "làn xe" and q.unit == "1"


def test_range_keeps_both_bounds():
    [q] = quantities("tốc độ tăng 2 - 3%")
    assert (q.value, q.upper, q.unit) == (Decimal(2), Decimal(3), "%")


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2020, tỉnh hoàn thành",
        "Quyết định số 1286 của Chính phủ",
        "trong 3 năm tới",
        "ngày 12/3 vừa qua",
        "nâng cấp QL 3 và đường tỉnh 262",
        "xếp thứ 3 cả nước",
        "đường dây 500kV mạch 3",
        "trận đấu kết thúc 2-1",
    ],
)
def test_dates_durations_identifiers_are_not_figures(text):
    assert quantities(text) == []
