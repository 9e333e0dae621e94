"""Figures: a number with its unit and the qualifiers right before it, read from Vietnamese text.

Split out of :mod:`kg.extract.indicators`, which decides which indicator owns a figure; this
module only knows what a figure says on its own: the number (``1.200`` = 1200, ``1,75`` =
1.75), its normalised unit and the unit's class (percentage, ratio, money, area, a count of
something), the comparator its qualifiers imply ("trên 50%" is ``>``) and the change words
("tăng", "giảm") that give a direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..document import Document
from ..text import Sentence


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: Decimal
    unit: str
    is_range: bool


_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}|\d+(?:,\d+)?"
_MAG = r"(?:(?:nghìn|ngàn)\s+)?(?:tỷ|tỉ|triệu|nghìn|ngàn|vạn)\s*"
_PER = r"(?:\s*/\s*(?:người|hộ|tháng|năm|ha|km|m2|lao động)(?:\s*/\s*(?:năm|tháng))?)?"
_UNIT = (
    r"%(?:\s*GR?DP)?|điểm phần trăm|t[ỷỉ]\s+\d{1,3}\s+triệu\s+đồng|(?:nghìn\s+|ngàn\s+)?t[ỷỉ](?=\s*[,.;:)])"
    rf"|(?:{_MAG})?(?:đồng|USD|Euro|EUR|VNĐ|VND|đô la(?: Mỹ)?){_PER}|(?:{_MAG})?đ(?=/|\s|$){_PER}"
    r"|tạ/ha|tấn/ha|(?:(?:nghìn|ngàn|triệu)\s+)?(?:ha|héc-ta|hécta|hecta|km2|km²|m2|m²|km)"
    r"|lần(?! thứ| lượt| đầu| cuối| nữa)|(?:(?:nghìn|ngàn|triệu|vạn)\s+)?(?:lượt khách|lượt(?! đi| về)|người"
    r"|hộ(?! chiếu| tịch| lý)|xã(?! hội)|lao động|doanh nghiệp|dự án|tấn(?! công)|MW|kWh|đảng viên"
    r"|trường(?! hợp)|giường bệnh|bác sĩ|tiêu chí)(?:\s*/\s*(?:xã|người|hộ|năm|km\s?2|vạn dân))?"
)
_FIGURE = re.compile(
    rf"(?<![\w.,/])(?P<num>{_NUM})(?![.,]?\d)(?:/\d{{1,4}}(?=\s))?"  # "120/150 xã": 120 of 150
    rf"(?:\s*(?:-|–|—|đến|tới)\s*(?P<num2>{_NUM})(?![.,]?\d))?\s*(?P<unit>{_UNIT})(?!\w)",
    re.IGNORECASE,
)
_CHAIN = re.compile(
    r"(?:(?<!\w)(?:trên dưới|trên|hơn|vượt|ngoài|gần|khoảng|xấp xỉ|ước tính|ước đạt|ước|chừng|dưới"
    r"|chưa đến|chưa tới|không đến|không tới|không quá|tối đa|ít nhất|tối thiểu|không dưới|đạt|là"
    r"|chiếm|bằng|còn|ở mức|mức|lên|xuống|tới|đến|gấp|tăng|giảm|thêm|bình quân|hàng năm|mỗi năm"
    r"|có|được|với|tương đương|tương ứng|chỉ|hiện|đã|sẽ|vào|cả|tổng cộng|trung bình|lên tới)\s+)+$",
    re.IGNORECASE,
)
_COMPARATORS = (  # checked in order; the first kind present in the qualifier chain wins
    (">=", r"ít nhất|tối thiểu|không dưới"),
    ("<=", r"tối đa|không quá"),
    ("≈", r"trên dưới"),
    ("<", r"dưới|chưa đến|chưa tới|không đến|không tới"),
    (">", r"trên|hơn|vượt|ngoài"),
    ("≈", r"gần|khoảng|xấp xỉ|ước|chừng"),
)
_DIRECTION = re.compile(r"(?<!\w)(tăng|giảm)(?!\w)(?! cường)", re.IGNORECASE)


def _number(text: str) -> Decimal:
    """Vietnamese number: ``1.200`` = 1200, ``1,75`` = 1.75 (``295.1`` = 295.1)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    return Decimal(text.replace(",", "."))


def _unit(raw: str, value: Decimal) -> tuple[str, Decimal]:
    """Normalised unit (``tỉ`` -> ``tỷ``, ``héc-ta`` -> ``ha``), folding ``57 tỷ 399 triệu``."""
    unit = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", raw.lower()))
    if mixed := re.fullmatch(r"t[ỷỉ] (\d+) triệu đồng", unit):
        return "tỷ đồng", value + Decimal(mixed.group(1)) / 1000
    for old, new in (
        ("tỉ", "tỷ"),
        ("ngàn", "nghìn"),
        ("héc-ta", "ha"),
        ("hécta", "ha"),
        ("hecta", "ha"),
        ("²", "2"),
        ("vnđ", "đồng"),
        ("vnd", "đồng"),
        ("đô la mỹ", "usd"),
        ("đô la", "usd"),
        ("usd", "USD"),
        ("euro", "EUR"),
        ("eur", "EUR"),
        ("gdp", "GDP"),
        ("grdp", "GRDP"),
        ("mw", "MW"),
        ("kwh", "kWh"),
    ):
        unit = unit.replace(old, new)
    unit = re.sub(r"(?<![a-zà-ỹ])đ(?![a-zà-ỹ])", "đồng", unit)
    unit = unit + " đồng" if unit in ("tỷ", "nghìn tỷ") else unit  # "hơn 20.000 tỷ," means đồng
    return unit.replace("%GDP", "% GDP").replace("%GRDP", "% GRDP"), value


def _unit_class(unit: str) -> str:
    if unit.startswith("%") or unit == "điểm phần trăm":
        return "pct"
    if unit == "lần":
        return "ratio"
    if re.search(r"đồng|USD|EUR", unit):
        return "money"
    if re.search(r"(?:^| )(?:ha|km2|m2)$", unit):
        return "area"
    noun, _, per = re.sub(r"^(?:nghìn|triệu|vạn|tỷ) ", "", unit).partition("/")
    noun = "người" if noun == "lao động" else noun.split()[0]  # both count the same people
    return f"{noun}/{per}" if per else noun  # "người/km2", a density, is not a head count


def _figures(doc: Document, sent: Sentence) -> list[_Figure]:
    out = []
    for m in _FIGURE.finditer(doc.text, sent.start, sent.end):
        year_like = re.fullmatch(r"(?:19|20)\d\d", m.group("num"))
        if year_like and re.search(r"năm\s*$", doc.text[max(0, m.start() - 6) : m.start()], re.IGNORECASE):
            continue  # "năm 2022 lần đầu ...": a year is never a figure
        unit, value = _unit(m.group("unit"), _number(m.group("num")))
        out.append(_Figure(m.start(), m.end(), value, unit, m.group("num2") is not None))
    return out


def _comparator(predicate: str, after: str) -> str:
    """From the qualifier words right before the number ("tăng bình quân trên") and "trở lên"."""
    chain = _CHAIN.search(predicate[-80:])
    words = chain.group(0) if chain else ""
    for comparator, pattern in _COMPARATORS:
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", words, re.IGNORECASE):
            return comparator
    if re.match(r"\s*trở lên", after):
        return ">="
    return "<=" if re.match(r"\s*trở xuống", after) else "="
