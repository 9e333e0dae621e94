"""Every figure an observation: quantity, measure phrase, subject, time, comparator, flags.

:mod:`kg.extract.indicators` reads the figures a known indicator owns ("tỷ lệ hộ nghèo giảm
xuống còn dưới 2%") with care for plans and baselines; this module reads all the others, so
that a project's cost, a company's revenue and a bridge's length are facts too. Each figure
gets an open-vocabulary measure phrase (the words that govern it: "tổng vốn đầu tư", "chiều
dài", "số làn xe"), linked to a shared indicator when the lexicon knows the phrase, and a
subject from :mod:`kg.extract.subjects`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from ..document import Document
from ..text import Sentence
from .figures import _CHAIN, _DIRECTION, _comparator
from .indicators import _ESTIMATED, _GOAL, _PERIOD, _YEAR, _period_of
from .model import Entity, Observation, PlaceContext, Ref
from .quantities import Quantity, quantities
from .spans import span
from .subjects import NATION, SENTENCE_RULES, FigureSite, Mention, mentions_of, subject_of, topic_of

T = TypeVar("T")

_CLAUSE = re.compile(r"[;:?!()]|,\s+(?:trong đó|còn|nhưng|và|đồng thời)\s|\.\s")
_BOUNDARY = frozenset(
    """của là với và tại ở trong khi có được cho theo từ đến so vì do nhưng mà thì
    này đó nay gồm như bao gồm trên dưới hơn khoảng gần cùng các những một đã sẽ đang đạt ước còn
    chỉ xuống""".split()
)
_ADJECTIVE = {
    "dài": "chiều dài",
    "rộng": "chiều rộng",
    "cao": "chiều cao",
    "sâu": "độ sâu",
    "tăng": "mức tăng",
    "giảm": "mức giảm",
    "lãi": "lãi",
    "lỗ": "lỗ",
    "thu": "số thu",
    "chi": "số chi",
    "vay": "khoản vay",
    "nợ": "nợ",
    "nộp": "số nộp",
    "lên": "mức tăng",
}
_DEFAULT = {
    "VND": "giá trị",
    "USD": "giá trị",
    "EUR": "giá trị",
    "%": "tỷ lệ",
    "km": "chiều dài",
    "m": "chiều dài",
    "ha": "diện tích",
    "m2": "diện tích",
    "km2": "diện tích",
    "t": "khối lượng",
    "MW": "công suất",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TARGET = re.compile(
    r"(?<!\w)(?:dự kiến|kế hoạch|mục tiêu|phấn đấu|quy hoạch|sẽ|định hướng|đề xuất|đề nghị)(?!\w)", re.IGNORECASE
)
MAX_WORDS = 6
# "mỗi ngày thành phố thải ra 8.300 tấn", "5 triệu USD mỗi km": a rate without a slash.
_RATE = re.compile(r"(?<!\w)(?:mỗi|mỗi một|hàng|một|1)\s+(ngày|năm|tháng|km|tấn|người|hộ|m2|ha)(?!\w)", re.IGNORECASE)
_RATE_CODES = {"ngày": "ngày", "năm": "năm", "tháng": "tháng", "tấn": "t"}


def measure_phrase(text: str, lo: int, q: Quantity) -> tuple[str, int]:
    """The words that govern a figure, and where they start (``lo``: the clause start).

    A count's measure is what it counts ("12 dự án": "số dự án").
    """
    if q.counted:
        return f"số {q.counted}", q.start
    before = text[lo : q.start]
    chain = _CHAIN.search(before + " ")
    cut = len(before) - len(chain.group(0)) + 1 if chain else len(before)
    if chain and re.match(r"\s*bằng(?!\w)", chain.group(0)) and re.search(r"(?:mặt|đồng|công)\s*$", before[:cut]):
        noun = re.match(r"\s*bằng", before[cut:])
        assert noun is not None  # the chain starts with "bằng" there
        cut += len(noun.group(0))  # "mặt bằng", "đồng bằng": a noun
    phrase = _phrase(before, cut)
    if not phrase and (of := before.rfind(" của ", 0, cut)) > 0:  # "tổng vốn của dự án X là N"
        phrase = _phrase(before, of)
    words = list(_WORD.finditer(before, 0, max(cut, 0)))
    if len(phrase) == 1 and phrase[0].group().lower() in _ADJECTIVE:  # "dài 17,3 km"
        return _ADJECTIVE[phrase[0].group().lower()], lo + phrase[0].start()
    if phrase:
        return " ".join(w.group() for w in phrase).lower(), lo + phrase[0].start()
    last = words[-1].group().lower() if words else ""
    return _ADJECTIVE.get(last, _DEFAULT.get(q.unit.split("/")[0], "giá trị")), q.start


def _phrase(before: str, cut: int) -> list[re.Match[str]]:
    """The last words before ``cut`` up to a boundary (punctuation, a function word, a name)."""
    phrase: list[re.Match[str]] = []
    for w in reversed(list(_WORD.finditer(before, 0, max(cut, 0)))):
        gap = before[w.end() : phrase[0].start() if phrase else cut]
        if any(c in gap for c in ',.;:()"“”') or w.group().lower() in _BOUNDARY or w.group()[0].isupper():
            break
        phrase.insert(0, w)
        if len(phrase) == MAX_WORDS:
            break
    return phrase


def _rate_unit(text: str, clause: int, q: Quantity) -> str:
    """The unit with the denominator a "mỗi ..." phrase near the figure gives it."""
    if "/" in q.unit or q.unit == "%":
        return q.unit
    near = _RATE.search(text, q.end, min(len(text), q.end + 12)) or _last(_RATE.finditer(text, clause, q.start))
    if near is None:
        return q.unit
    per = _RATE_CODES.get(near.group(1).lower(), near.group(1).lower())
    return q.unit if per == q.unit else f"{q.unit}/{per}"


def _last(matches: Iterable[T]) -> T | None:
    found: T | None = None
    for match in matches:
        found = match
    return found


def _when(text: str, sent: Sentence, clause: int, q: Quantity) -> tuple[str | None, str | None]:
    """(period, year) stated before the figure in its sentence, else just after it."""
    periods = [p for m in _PERIOD.finditer(text, sent.start, q.start) if (p := _period_of(m))]
    years = [m[2] for m in _YEAR.finditer(text, sent.start, q.start) if not m[1]]
    if years and (
        not periods or text.rfind(years[-1], sent.start, q.start) > text.rfind(periods[-1][-4:], sent.start, q.start)
    ):
        return None, years[-1]
    if periods:
        return periods[-1], None
    later = next(iter(_YEAR.finditer(text, q.end, min(sent.end, q.end + 40))), None)
    return None, later[2] if later and not later[1] else None


_ASIDE = re.compile(r"\([^()]{0,60}\)")


def _clause_start(text: str, sent: Sentence, pos: int) -> int:
    """Where the figure's clause begins. A short aside in parentheses ("Creed Group (Nhật) đã
    đầu tư ...") is part of its clause, not a break: it is blanked before looking for one."""
    head = _ASIDE.sub(lambda m: " " * len(m.group()), text[sent.start : pos])
    breaks = [m.end() for m in _CLAUSE.finditer(head)]
    return sent.start + breaks[-1] if breaks else sent.start


@dataclass(frozen=True)
class Discourse:
    """What the article as a whole says subjects may be: its mentions, topic, main place
    (``default``) and that place again as ``home`` when the title names it. Built once per
    document by :func:`discourse` and read by every figure's subject."""

    mentions: tuple[Mention, ...]
    topic: Ref | None
    home: Ref | None
    default: Ref | None = None


def discourse(doc: Document, entities: Sequence[Entity], context: PlaceContext) -> Discourse:
    title_end = len(doc.title)
    place = context.default
    home = place.ref if place and any(m.start < title_end for m in place.mentions) else None
    topic = topic_of(entities, title_end)
    named_place = len(place.mentions) if place else 0
    if home is None and topic is None and len(_NATIONAL_SCOPE.findall(doc.text)) >= max(3, 2 * named_place):
        home = NATION.ref  # a report on the national economy: no place, no project, the state speaking
    return Discourse(mentions_of(entities), topic, home, place.ref if place else None)


_NATIONAL_SCOPE = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|nền kinh tế|Chính phủ|Quốc hội|nước ta)(?!\w)")


def _site(doc: Document, sent: Sentence, clause: int, measure_start: int, at: int, d: Discourse) -> FigureSite:
    return FigureSite(doc.text, sent.index, sent.start, clause, measure_start, at, d.mentions, d.topic, d.home)


def _observation(doc: Document, sent: Sentence, q: Quantity, d: Discourse, nxt: int) -> Observation:
    text = doc.text
    clause = _clause_start(text, sent, q.start)
    measure, measure_start = measure_phrase(text, clause, q)
    site = _site(doc, sent, clause, measure_start, q.start, d)
    predicate = text[clause : q.start]
    directions = _DIRECTION.findall(predicate)
    period, year = _when(text, sent, clause, q)
    target = bool(_TARGET.search(predicate) or _GOAL.search(predicate))
    return Observation(
        indicator=None,
        indicator_label=measure,
        subject=subject_of(site),
        value=q.value,
        unit=_rate_unit(text, clause, q),
        comparator=_comparator(predicate, text[q.end : nxt]),
        evidence=span(doc, q.start, q.end),
        direction={"tăng": "increase", "giảm": "decrease"}[directions[-1].lower()] if directions else None,
        period=period,
        year=year,
        target=q.value if target else None,
        estimated=bool(_ESTIMATED.search(predicate)),
        measure=measure,
    )


def extract_amounts(doc: Document, d: Discourse, covered: Sequence[Observation] = ()) -> tuple[Observation, ...]:
    """An observation for every figure not already read as an indicator's (``covered``)."""
    taken = [(o.evidence.start, o.evidence.end) for o in covered]
    out = []
    for sent in doc.sentences:
        if not any(c.isdigit() for c in sent.text):
            continue
        found = quantities(doc.text, sent.start, sent.end)
        for i, q in enumerate(found):
            if any(s <= q.start < e for s, e in taken):
                continue
            nxt = found[i + 1].start if i + 1 < len(found) else sent.end
            out.append(_observation(doc, sent, q, d, nxt))
    return tuple(out)


def with_subjects(doc: Document, observations: Sequence[Observation], d: Discourse) -> tuple[Observation, ...]:
    """Indicator readings with the subject their sentence gives them.

    The indicator reader takes the place named before a figure, else the article's main
    place. When the sentence itself names something more specific (a project's cost, a
    company's revenue, the nation's GDP), that wins; the main place stands only when the
    title names it (an article that names a province once in passing is not about it).
    """
    out = []
    for obs in observations:
        sent = doc.sentences[obs.evidence.sentence]
        clause = _clause_start(doc.text, sent, obs.evidence.start)
        site = _site(doc, sent, clause, obs.evidence.start, obs.evidence.end, d)
        ref = subject_of(site, SENTENCE_RULES)
        named_place = ref is not None and ref.type in ("Province", "City", "Ward")
        if ref is not None and not named_place and (obs.subject is None or obs.subject.type in _PLACES):
            obs = replace(obs, subject=ref)
        elif obs.subject is not None and obs.subject == d.default and d.home is None and not named_place:
            obs = replace(obs, subject=ref)
        out.append(obs)
    return tuple(out)


_PLACES = ("Province", "City", "Ward")


def standard_unit(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """An indicator reading's value and unit as written ("70", "triệu đồng/người") in the
    standard vocabulary (70000000, "VND/người"); unchanged when the unit is not one we know."""
    found = quantities(f"{str(value).replace('.', ',')} {unit}")
    return (found[0].value, found[0].unit) if found and found[0].start == 0 else (value, unit)
