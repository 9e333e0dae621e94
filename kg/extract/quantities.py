"""Quantities: every number with a unit, read into a value and a unit from a standard vocabulary.

"60.000 tỷ đồng" is 60,000 × 10⁹ VND; "1,5 tỷ USD" is 1.5 × 10⁹ USD; "9,5 %" is 9.5 %;
"39,8 km" is 39.8 km; "12 dự án" is a count (unit ``1``) of projects. The scale word (tỷ,
triệu, nghìn, vạn) is resolved into the value, currencies are ISO 4217 codes (VND, USD,
EUR, JPY, CNY, KRW), physical units UCUM codes (km, m, m2, km2, ha, t, MW, kW.h, km/h, m3),
counts ``1`` with the counted noun kept for the measure phrase, and rates keep their
denominator ("USD/t", "VND/người", "t/ngày").

What is not a figure: dates and years ("năm 2020", "12/3"), durations (3 năm, 24 tháng),
ages, times, identifiers (decree and road numbers, "số 1286", "QL1A", "500kV" in a line's
name), ordinals ("thứ 3"): they have no unit here, or are refused by their context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?!\d)|\d+"
_SCALES = {
    "nghìn tỷ": Decimal(10) ** 12,
    "ngàn tỷ": Decimal(10) ** 12,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
    "triệu": Decimal(10) ** 6,
    "nghìn": Decimal(1000),
    "ngàn": Decimal(1000),
    "vạn": Decimal(10000),
    "trăm": Decimal(100),
}
# as written (lower case) -> (code, factor)
_MEASURES: dict[str, tuple[str, int | Decimal]] = {
    "đồng": ("VND", 1),
    "vnđ": ("VND", 1),
    "vnd": ("VND", 1),
    "đ": ("VND", 1),
    "usd": ("USD", 1),
    "đô la mỹ": ("USD", 1),
    "đô la": ("USD", 1),
    "đôla": ("USD", 1),
    "cent": ("USD", Decimal("0.01")),
    "eur": ("EUR", 1),
    "euro": ("EUR", 1),
    "yên": ("JPY", 1),
    "nhân dân tệ": ("CNY", 1),
    "won": ("KRW", 1),
    "%": ("%", 1),
    "phần trăm": ("%", 1),
    "km": ("km", 1),
    "ki-lô-mét": ("km", 1),
    "cây số": ("km", 1),
    "m": ("m", 1),
    "mét": ("m", 1),
    "ha": ("ha", 1),
    "héc-ta": ("ha", 1),
    "hécta": ("ha", 1),
    "hecta": ("ha", 1),
    "m2": ("m2", 1),
    "m²": ("m2", 1),
    "km2": ("km2", 1),
    "km²": ("km2", 1),
    "m3": ("m3", 1),
    "m³": ("m3", 1),
    "tấn": ("t", 1),
    "kg": ("kg", 1),
    "tạ": ("kg", 100),
    "lít": ("L", 1),
    "mw": ("MW", 1),
    "kw": ("kW", 1),
    "gw": ("GW", 1),
    "kwh": ("kW.h", 1),
    "mwh": ("MW.h", 1),
    "teu": ("{TEU}", 1),
}
# Counted nouns: the unit is 1, the noun goes into the measure ("số dự án").
COUNTED = (
    "người",
    "hộ",
    "lao động",
    "doanh nghiệp",
    "dự án",
    "công trình",
    "căn hộ",
    "căn",
    "tầng",
    "làn xe",
    "làn",
    "xe",
    "chiếc",
    "nhà máy",
    "trường",
    "xã",
    "huyện",
    "tỉnh",
    "cổ phiếu",
    "cổ phần",
    "lượt khách",
    "lượt",
    "khách",
    "du khách",
    "học sinh",
    "sinh viên",
    "bệnh nhân",
    "ca",
    "giường bệnh",
    "giường",
    "cơ sở",
    "hợp đồng",
    "sản phẩm",
    "container",
    "chuyến",
    "đường băng",
    "cây cầu",
    "cầu",
    "km đường",
    "tuyến",
    "thành viên",
    "hecta",
    "việc làm",
    "đơn vị",
    "hồ sơ",
    "thủ tục",
    "công nhân",
    "cán bộ",
    "đảng viên",
    "trạm",
    "ô tô",
    "tàu",
    "cửa hàng",
    "siêu thị",
    "khu công nghiệp",
    "cụm công nghiệp",
    "nhà đầu tư",
    "quốc gia",
    "vụ",
    "mẫu",
    "đợt",
    "lần",
    "nhân viên",
    "thành phố",
    "báo cáo",
    "chỉ tiêu",
    "DN",
    "tổ chức",
    "cá nhân",
    "hành khách",
    "công ty",
    "dân",
    "ống",
)
_PER = r"(?:\s*/\s*(?P<per>[^\W\d_]+(?:\s[^\W\d_]+)?|m2|km2|kWh))?"
_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in (*_MEASURES, *COUNTED)), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<![\w.,/])(?P<num>{_NUM})(?![.,]?\d)"
    rf"(?:\s*(?:-|–|—|đến|tới)\s*(?P<num2>{_NUM})(?![.,]?\d))?"
    rf"\s*(?P<scale>(?:(?:nghìn|ngàn)\s+)?(?:tỷ|tỉ|triệu|nghìn|ngàn|vạn)(?:\s+\d{{1,3}}\s+triệu)?)?"
    rf"\s*(?P<unit>{_UNIT_WORDS})(?!\w)(?:\s+(?P<counted_of>[^\W\d_]+))?{_PER}",
    re.IGNORECASE,
)
_PER_UNITS = {
    "người": "người",
    "năm": "a",
    "tháng": "mo",
    "ngày": "d",
    "giờ": "h",
    "km": "km",
    "tấn": "t",
    "ha": "ha",
    "m2": "m2",
    "kwh": "kW.h",
    "cổ phần": "cổ phần",
    "cổ phiếu": "cổ phiếu",
    "hộ": "hộ",
    "lao động": "người",
    "lít": "L",
    "căn": "căn",
    "xe": "xe",
    "cp": "cổ phần",
}
# Words before a number that make it an identifier, a rank or a date, not a figure.
_NOT_BEFORE = re.compile(
    r"(?:số|thứ|hạng|khóa|kỳ|quyết định|nghị định|nghị quyết|thông tư|điều|khoản"
    r"|ngày|tháng|năm|quý|lần thứ|top|mã|QL|ĐT|tỉnh lộ|quốc lộ|đường|phường|quận"
    r"|lô|tổ|khu phố|ấp|thôn|số hiệu|chuyến bay)\s*$",
    re.IGNORECASE,
)
_DURATION = re.compile(r"\s*(?:năm|tháng|ngày|giờ|phút|tuổi|tuần|quý)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: value in the unit (scale resolved), the unit code, and the
    counted noun for counts."""

    start: int
    end: int
    value: Decimal
    unit: str
    text: str
    counted: str | None = None
    upper: Decimal | None = None  # a range's upper bound


def number(text: str) -> Decimal:
    """Vietnamese number: ``1.200`` = 1200, ``1,75`` = 1.75 (``3.77`` = 3.77)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    return Decimal(text.replace(",", "."))


def _scale(raw: str | None) -> Decimal:
    if not raw:
        return Decimal(1)
    raw = " ".join(raw.lower().split())
    if mixed := re.fullmatch(r"(t[ỷỉ]) (\d{1,3}) triệu", raw):  # "57 tỷ 399 triệu": handled by caller
        return _SCALES[mixed.group(1)]
    return _SCALES[raw]


def _unit(raw: str, per: str | None) -> tuple[str, Decimal, str | None]:
    """(code, factor, counted noun) of a unit as written, with its denominator."""
    word = " ".join(raw.lower().split())
    if word in _MEASURES:
        code, factor = _MEASURES[word]
        counted = None
    else:
        code, factor, counted = "1", 1, word
    if per:
        per_word = " ".join(per.lower().split())
        code = f"{code}/{_PER_UNITS.get(per_word, per_word.split()[0])}"
    return code, Decimal(factor), counted


def quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure of ``text[start:end]`` (one sentence), left to right."""
    out = []
    end = len(text) if end is None else end
    for m in _QUANTITY.finditer(text, start, end):
        if _NOT_BEFORE.search(text[max(start, m.start() - 14) : m.start()]):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num")) and not m.group("scale") and m.group("unit") not in ("%",):
            if m.group("unit").lower() in COUNTED:
                continue  # "2020 dự án" is rare; "năm 2020 dự án ..." is common
        code, factor, counted = _unit(m.group("unit"), m.group("per"))
        if counted and m.group("per") is None and _DURATION.match(text, m.end("unit")):
            continue
        value = number(m.group("num")) * _scale(m.group("scale")) * factor
        if mixed := re.search(r"(\d{1,3})\s+triệu$", m.group("scale") or ""):
            value += Decimal(mixed.group(1)) * Decimal(10) ** 6 * factor
        upper = number(m.group("num2")) * _scale(m.group("scale")) * factor if m.group("num2") else None
        end = m.end("per") if m.group("per") else m.end("unit")
        out.append(Quantity(m.start(), end, value, code, text[m.start() : end], counted, upper))
    return out
