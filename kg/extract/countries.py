"""Foreign countries named in the text: "Thái Lan đầu tư 7,7 tỷ USD", "doanh nghiệp Hàn Quốc".

Investment news counts figures by investing country, so a country is a subject like a
province or a company. Names come from CLDR (through Babel: every ISO 3166 alpha-2 region's
Vietnamese name, with its English one as ``label_en``) plus the short forms the press uses
("Mỹ", "Nhật", "Anh quốc"). Việt Nam itself is the nation of
:data:`kg.extract.subjects.NATION` and is left to the figure rules.

A name counts only standing alone: not inside another entity's mention ("Ngân hàng Trung
Quốc", "Nestlé Việt Nam"), not next to another capitalised word ("Phú Mỹ", "Mỹ Xuân", "Chủ
Nhật"), and never one of the syllables that are also given names ("Đức", "Nga", "Anh", "Ý").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..document import Document
from .model import Entity, merge_entities
from .spans import span

_SHORT = {
    "Mỹ": "US",
    "Nhật": "JP",
    "Anh quốc": "GB",
    "Hồng Kông": "HK",
    "Đài Bắc": "TW",
    "Hoa Kỳ": "US",
    "Xin-ga-po": "SG",
    "Liên bang Nga": "RU",
    "CHLB Đức": "DE",
    "Italia": "IT",
}
_FUNCTION_WORDS = frozenset({"Tại", "Ở", "Từ", "Với", "Của", "Và", "Sang", "Như", "Cả", "Theo", "Còn"})
_GIVEN_NAMES = frozenset({"Đức", "Nga", "Anh", "Ý"})


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str, str]]:
    """Name as written -> (ISO code, Vietnamese label, English label)."""
    from babel import Locale

    vi, en = Locale.parse("vi").territories, Locale.parse("en").territories
    out = {}
    for code, name in vi.items():
        if len(code) == 2 and code.isalpha() and code != "VN" and name not in _GIVEN_NAMES and "," not in name:
            out[name] = (code, name, en.get(code, name))
    for name, code in _SHORT.items():
        if name not in _GIVEN_NAMES:
            out[name] = (code, vi.get(code, name), en.get(code, name))
    return out


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def extract_countries(doc: Document, named: Sequence[Entity] = ()) -> tuple[Entity, ...]:
    """Foreign countries with every free-standing mention."""
    taken = [(m.start, m.end) for e in named for m in e.mentions]
    found: list[Entity] = []
    for m in _pattern().finditer(doc.text):
        start, end, name = m.start(), m.end(), m.group()
        if any(s < end and start < e for s, e in taken):
            continue
        after = doc.text[end : end + 2]
        if after[1:2].isupper() and after[:1] == " " or _capital_before(doc.text, start):
            continue  # "Mỹ Xuân", "Phú Mỹ": part of a longer name
        code, label, label_en = names()[name]
        found.append(
            Entity(
                "Country",
                code.lower(),
                label,
                (name,) if name != label else (),
                label_en=label_en,
                mentions=(span(doc, start, end),),
            )
        )
    return merge_entities(found)


def _capital_before(text: str, start: int) -> bool:
    """A capitalised word right before, within a sentence ("Phú Mỹ"), not a sentence start."""
    m = re.search(r"(\S+)\s$", text[max(0, start - 30) : start])
    if m and m.group(1) in _FUNCTION_WORDS:
        return False  # "Tại Mỹ", "Sang Nhật": a capitalised preposition, not a name
    return bool(m and m.group(1)[:1].isupper() and not m.group(1).endswith((".", ":", "!", "?", '"', "”")))
