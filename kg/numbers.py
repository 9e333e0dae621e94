"""Numbers the Vietnamese way: "60.000 tỷ đồng", "9,5 %", "39,8 km".

Values are stored in base units with the scale resolved (6 × 10¹³ VND); people read them
with a scale word again. Digit grouping and the decimal comma come from Babel's vi_VN locale
data (CLDR), not from hand-written rules. JSON keeps the plain numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

LOCALE = "vi_VN"
_SCALES = ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"))
_NAMES = {
    "VND": "đồng",
    "1": "",
    "t": "tấn",
    "kW.h": "kWh",
    "MW.h": "MWh",
    "a": "năm",
    "mo": "tháng",
    "d": "ngày",
    "h": "giờ",
    "L": "lít",
    "{TEU}": "TEU",
}
_CURRENCIES = frozenset({"VND", "USD", "EUR", "JPY", "CNY", "KRW"})


#: "số người", "số hộ", "số doanh nghiệp": the thing a count counts (two words at most).
_COUNTED = re.compile(r"số\s+(\w+(?:\s+\w+)?)$", re.I)


def format_number(value: Decimal | float | int, digits: int = 3) -> str:
    """``Decimal("60000")`` -> ``"60.000"``, ``9.5`` -> ``"9,5"`` (at most ``digits`` decimals)."""
    number = Decimal(str(value))
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(number, format=pattern, locale=LOCALE)


def unit_name(unit: str) -> str:
    """A unit code as Vietnamese readers write it ("VND/người" -> "đồng/người")."""
    return "/".join(_NAMES.get(part, part) for part in unit.split("/"))


def format_value(value: Decimal | float | int, unit: str, measure: str = "") -> str:
    """A figure for people: scale word for large amounts of money and counts, vi-VN digits.

    ``(6e13, "VND")`` -> ``"60.000 tỷ đồng"``; ``(9.5, "%")`` -> ``"9,5 %"``;
    ``(7e7, "VND/người")`` -> ``"70 triệu đồng/người"``; ``(12, "1")`` -> ``"12"``. A count
    whose ``measure`` names what is counted says it: ``(4200, "1", "số người")`` ->
    ``"4.200 người"``, ``(16000, "1/a", "số hộ")`` -> ``"16.000 hộ/năm"``.
    """
    number, base = Decimal(str(value)), unit.split("/")[0]
    scale = ""
    if base in _CURRENCIES or base == "1":
        for size, word in _SCALES:
            if abs(number) >= size:
                number, scale = number / size, word
                break
    name = unit_name(unit)
    counted = _COUNTED.match(measure or "") if base == "1" else None
    if counted:
        name = counted.group(1) + name
    text = format_number(number)
    return " ".join(part for part in (text, scale, name) if part)
