"""Figures shown the Vietnamese way (kg.numbers)."""

from __future__ import annotations

from decimal import Decimal

from kg.numbers import format_value


def test_money_and_percentages_read_the_vietnamese_way():
    assert format_value(Decimal("60000000000000"), "VND") == "60.000 tỷ đồng"
    assert format_value(9.5, "%") == "9,5 %"
    assert format_value(70_000_000, "VND/người") == "70 triệu đồng/người"


def test_a_count_says_what_it_counts_when_its_measure_names_it():
    assert format_value(4200, "1", "số người") == "4.200 người"
    assert format_value(16000, "1/a", "số hộ") == "16.000 hộ/năm"
    assert format_value(2_500_000, "1", "số người") == "2,5 triệu người"
    assert format_value(12, "1") == "12"
    assert format_value(12, "1", "tổng số dự án được rà soát lại") == "12"  # not a count's noun
    assert format_value(5000, "ha", "số hécta") == "5.000 ha"  # a measured unit keeps its own name
