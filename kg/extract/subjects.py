"""Whose figure is it? The subject of a figure, decided from the sentence's structure.

"Tổng vốn đầu tư của dự án Khu liên hợp gang thép Hòa Phát Dung Quất là 60.000 tỷ đồng":
the figure belongs to the project, not to Quảng Ngãi, the document's main place. The rules,
tried in order, each a small named function:

1. ``possessor``: "của X" between the measure phrase and the figure names it;
2. ``nation``: "cả nước", "toàn quốc", "Việt Nam", "nước ta" before the figure in its clause;
3. ``clause_entity``: the nearest named thing before the figure in its clause, where works,
   companies, parks and roads outrank places, and a place after "tại/ở/thuộc" (where
   something happens) counts only when nothing else is named;
4. ``anaphor``: "dự án", "công ty", "nhà máy" without a name refer to the last such thing
   named in the document before this sentence;
5. ``sentence_subject``: the first named thing of the sentence (its grammatical subject);
5b. ``nation_after``: "... chiếm 20% tổng vốn FDI của cả nước" with nothing named before;
6. ``recent_topic``: the work or company named in the two sentences before;
7. ``main_topic``: the work, company, park or road the article is about (named in the
   title, else named at least three times);
8. ``home``: the article's own place, when the title names it (a report about a city).

Rules 1–5 read the sentence alone (:data:`SENTENCE_RULES`); 6–8 read the article. None when
no rule applies: a figure with no subject is better than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Entity, Ref

NATION = Entity("Country", "vn", "Việt Nam", ("cả nước", "Vietnam"), label_en="Vietnam")
# Works a figure can be about (also the kinds a question about works asks for: search.qa.expect).
WORK_TYPES: tuple[str, ...] = (
    "Project",
    "Bridge",
    "Interchange",
    "Tunnel",
    "RailwayLine",
    "Airport",
    "Seaport",
    "Canal",
    "UrbanArea",
    "Plant",
    "Hospital",
    "School",
    "Building",
    "PowerLine",
)
WORKS = frozenset(WORK_TYPES)
PLACES = frozenset({"Province", "City", "Ward", "Country"})
# Bodies of the state (Chính phủ, UBND) decide and report; the figures they state are about
# something else, so organisations other than companies are never subjects.
RANK = {
    **{t: 0 for t in WORKS},
    "Company": 0,
    "IndustrialPark": 1,
    "EconomicZone": 1,
    "Road": 2,
    "Ward": 5,
    "City": 5,
    "Province": 6,
    "Country": 6,
}
_NATIONAL = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|nước ta|Việt Nam|quốc gia|nền kinh tế|VN)(?!\w)", re.IGNORECASE)
_LOCATIVE = re.compile(
    r"(?:tại|ở|thuộc|trên địa bàn|địa bàn|vào|sang|với|cho|từ)\s+"
    r"(?:(?:tỉnh|thành phố|TP\.?|huyện|quận|xã|phường)\s+)?$",
    re.IGNORECASE,
)
_ANAPHORS = {  # an unnamed head word -> the types it can refer to
    "dự án": WORKS | {"Road"},
    "công trình": WORKS | {"Road"},
    "nhà máy": {"Plant"},
    "tuyến": WORKS | {"Road"},
    "sân bay": {"Airport"},
    "cầu": {"Bridge"},
    "cảng": {"Seaport"},
    "công ty": {"Company"},
    "doanh nghiệp": {"Company"},
    "tập đoàn": {"Company"},
    "tổng công ty": {"Company"},
    "ngân hàng": {"Company"},
    "khu công nghiệp": {"IndustrialPark"},
    "kcn": {"IndustrialPark"},
}
_ANAPHOR = re.compile(
    r"(?<!\w)("
    + "|".join(sorted(map(re.escape, _ANAPHORS), key=len, reverse=True))
    + r")(?:\s+(?:này|trên|nói trên|đó))?(?!\s+[A-ZĐ])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """An entity named in the document: where, and what it is."""

    start: int
    end: int
    sentence: int
    ref: Ref


@dataclass(frozen=True)
class FigureSite:
    """Where a figure stands: its sentence, clause and measure phrase, and the mentions."""

    text: str
    sentence: int
    sentence_start: int
    clause_start: int
    measure_start: int
    figure_start: int
    mentions: tuple[Mention, ...]  # every mention of the document, in text order
    topic: Ref | None = None  # the work or company the article is about
    home: Ref | None = None  # the place the article is about, when its title names it


def mentions_of(entities: Sequence[Entity]) -> tuple[Mention, ...]:
    """Every ranked entity's mentions, in text order (longest first at one position)."""
    out = [Mention(m.start, m.end, m.sentence, e.ref) for e in entities if e.type in RANK for m in e.mentions]
    return tuple(sorted(set(out), key=lambda m: (m.start, -m.end)))


def _in(site: FigureSite, lo: int, hi: int) -> list[Mention]:
    return [m for m in site.mentions if lo <= m.start and m.end <= hi]


def possessor(site: FigureSite) -> Ref | None:
    gap = site.text[site.measure_start : site.figure_start]
    of = gap.rfind("của ")
    if of < 0:
        return None
    named = _in(site, site.measure_start + of, site.figure_start)
    if named:
        return named[0].ref
    return anaphor_at(site, site.measure_start + of, site.figure_start)


def nation(site: FigureSite) -> Ref | None:
    measure = site.text[site.measure_start : site.figure_start]
    if re.search(r"(?<!\w)GDP(?!\w)", measure) and not _in(site, site.clause_start, site.figure_start):
        return NATION.ref  # GDP is the nation's; a province's is GRDP
    for national in _NATIONAL.finditer(site.text, site.clause_start, site.figure_start):
        inside = any(m.start <= national.start() < m.end for m in site.mentions)  # "Nestlé Việt Nam"
        where = _LOCATIVE.search(site.text[max(site.clause_start, national.start() - 12) : national.start()])
        if where and _in(site, site.clause_start, national.start()):
            continue  # "quỹ thứ hai của Capitaland tại VN": where the named thing acts, not whose
        if not inside and not _in(site, national.end(), site.figure_start):
            return NATION.ref
    return None


_NATIONAL_AFTER = re.compile(
    r"(?:của|trên|trong)\s+(?:cả nước|toàn quốc|nước ta|Việt Nam|nền kinh tế)(?!\w)", re.IGNORECASE
)


def nation_after(site: FigureSite) -> Ref | None:
    """ "chiếm hơn 20% tổng vốn FDI cấp mới của cả nước": the nation owns what the figure
    measures when it is named right after it and nothing is named before it."""
    end = site.text.find(".", site.figure_start)
    after = site.text[site.figure_start : end if 0 <= end - site.figure_start < 80 else site.figure_start + 80]
    if _NATIONAL_AFTER.search(after) and not _in(site, site.sentence_start, site.figure_start):
        return NATION.ref
    return None


# What only a work has: its cost, length, capacity. A company or brand named beside it is its
# investor ("nhà máy Bông Sen sản xuất Milo, với tổng mức đầu tư 1.600 tỷ đồng").
_WORK_MEASURE = re.compile(
    r"tổng mức đầu tư|tổng vốn đầu tư|vốn đầu tư|chiều dài|dài|công suất|diện tích"
    r"|quy mô|kinh phí|chi phí xây dựng|giá trị xây lắp",
    re.IGNORECASE,
)


def clause_entity(site: FigureSite) -> Ref | None:
    named = _in(site, site.clause_start, site.figure_start)
    if not named:
        return None
    works = [m for m in named if m.ref.type in WORKS]
    if works and _WORK_MEASURE.search(site.text, site.measure_start, site.figure_start):
        return works[-1].ref
    ranked = sorted(named, key=lambda m: (_locative(site, m), RANK[m.ref.type] >= 5, -m.start))  # nearest
    return ranked[0].ref


def _locative(site: FigureSite, m: Mention) -> bool:
    return bool(_LOCATIVE.search(site.text[max(site.sentence_start, m.start - 30) : m.start]))


def anaphor_at(site: FigureSite, lo: int, hi: int) -> Ref | None:
    for m in _ANAPHOR.finditer(site.text, lo, hi):
        types = _ANAPHORS[m.group(1).lower()]
        earlier = [x for x in site.mentions if x.end <= m.start() and x.ref.type in types]
        if earlier:
            return earlier[-1].ref
    return None


def anaphor(site: FigureSite) -> Ref | None:
    return anaphor_at(site, site.clause_start, site.figure_start)


def sentence_subject(site: FigureSite) -> Ref | None:
    named = [m for m in _in(site, site.sentence_start, site.figure_start) if not _locative(site, m)]
    return named[0].ref if named else None


def recent_topic(site: FigureSite) -> Ref | None:
    earlier = [m for m in site.mentions if site.sentence - 2 <= m.sentence < site.sentence and RANK[m.ref.type] <= 1]
    return earlier[-1].ref if earlier else None


def main_topic(site: FigureSite) -> Ref | None:
    return site.topic


def home(site: FigureSite) -> Ref | None:
    return site.home


SENTENCE_RULES: tuple[Callable[[FigureSite], Ref | None], ...] = (
    possessor,
    nation,
    clause_entity,
    anaphor,
    sentence_subject,
    nation_after,
)
RULES = (*SENTENCE_RULES, recent_topic, main_topic, home)


def topic_of(entities: Sequence[Entity], title_end: int) -> Ref | None:
    """The work, company, park or road an article is about: named in its title, else the
    one named most often (at least three times)."""
    ranked = [e for e in entities if RANK.get(e.type, 9) <= 2 and e.mentions]
    in_title = [e for e in ranked if any(m.start < title_end for m in e.mentions)]
    if in_title:
        return in_title[0].ref
    best = max(ranked, key=lambda e: len(e.mentions), default=None)
    return best.ref if best is not None and len(best.mentions) >= 3 else None


def subject_of(site: FigureSite, rules: Sequence[Callable[[FigureSite], Ref | None]] = RULES) -> Ref | None:
    """The first rule's answer (see the module docstring), or None."""
    for rule in rules:
        ref = rule(site)
        if ref is not None:
            return ref
    return None
