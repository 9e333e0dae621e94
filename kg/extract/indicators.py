"""Indicators and their figures: "tỷ lệ hộ nghèo giảm xuống còn dưới 2%" -> Observation.

A figure (a number with a unit) becomes an observation only when an indicator phrase owns
it: a lexicon phrase (``kg/data/indicators.tsv``) or a conservative generic measure phrase
("tỷ lệ X", "tốc độ tăng X") shortly before it in the same clause, a lexicon phrase right
after a percentage ("trên 50% tổ chức cơ sở đảng trong sạch, vững mạnh"), or the figure
just before it when joined by a change word ("đạt 70 triệu đồng/người, tăng gấp 1,75 lần").
Anything else (dates, ages, scores, sums in crime stories) has no owner and is skipped:
precision matters more than recall because the figures become facts in the graph.

Conventions: a "X tăng gấp N lần so với năm B" figure is a second observation in unit
``lần`` whose period runs from B to the year of the figure it follows. A figure stated only
as a goal ("phấn đấu ... đạt 22%") has ``target == value``; a goal after an achieved figure
("chiếm 20%, ... mục tiêu là 22%") becomes that observation's ``target``.

This module holds the lexicon and decides which phrase owns a figure; reading a figure
itself (number, unit, comparator, direction) is :mod:`kg.extract.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib import resources

from ..document import Document
from ..text import Sentence, normalise, slugify
from .figures import _CHAIN, _DIRECTION, _comparator, _Figure, _figures, _unit_class
from .model import Entity, Observation, PlaceContext, Span
from .spans import span


@dataclass(frozen=True)
class Indicator:
    """A lexicon entry (or a generic phrase): canonical name, English label, default unit."""

    label: str
    english: str
    unit: str
    synonyms: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True)
class _Hit:
    """An indicator phrase found in the text."""

    indicator: Indicator
    start: int
    end: int


# Lexicon phrases by first word: one pattern of them (branches named p<i>) and its entries.
_Index = dict[str, tuple[re.Pattern[str], dict[str, Indicator]]]
_Owner = tuple[_Hit, Observation | None]  # the phrase owning a figure, and its observation when read


_GENERIC = re.compile(
    r"(?<!\w)(?:t[ỷỉ] lệ|t[ỷỉ] trọng|tốc độ tăng(?: trưởng)?|kim ngạch)"
    r"(?:\s+(?!(?:đạt|là|chiếm|tăng|giảm|còn|ở|lên|xuống|trên|dưới|khoảng|gần|hơn|của|năm|trong|so"
    r"|bình|hàng|cả|toàn|chỉ|vẫn|đã|sẽ|được|hiện|luôn|cũng|rất|khá|tại|và|với|do|từ|đến|tới|này|đó"
    r"|nay|theo|cao|thấp|bằng|vượt|ước|dự|như|có|sau|trước|khi|thì|mà|nhưng|chung|mỗi|thuộc|các"
    r"|những|một|nhiều|thêm|mức|vào|về|ra|lên|tính)(?!\w))[^\W\d_]+){1,6}",
    re.IGNORECASE,
)
_GENERIC_SUBJECT = re.compile(  # what a generic measure may measure: people, places, public money
    r"(?:hộ|người|dân|lao động|học sinh|sinh viên|trẻ|phụ nữ|cán bộ|công chức|đảng viên|cử tri|xã|thôn"
    r"|bản|trường|doanh nghiệp|hợp tác xã|đô thị|đường|rác|chất thải|nước|đất|rừng|che phủ|giải ngân"
    r"|thất nghiệp|nghèo|tử vong|sinh|bao phủ|tiêm|gia đình|nợ|lạm phát|thu|chi|đầu tư|xuất khẩu"
    r"|nhập khẩu|thương mại|buôn bán|tăng trưởng|dân số|bệnh|mắc|nhiễm|khám|điều trị|hồ sơ|thủ tục"
    r"|tốt nghiệp|bỏ học|đi học|huy động|lấp đầy|đô thị hóa|giải phóng mặt bằng|tham gia|hài lòng"
    r"|sử dụng|phủ sóng|kết nạp|tổ chức cơ sở|giá trị|sản lượng|năng suất|diện tích|kinh tế|ngân sách"
    r"|dịch vụ|công nghiệp|nông nghiệp|du lịch|khách|phòng học|lớp học|trạm y tế|cơ sở|thôn|khu dân cư"
    r"|tuyến|phương tiện|hành khách|hàng hóa)(?!\w)",
    re.IGNORECASE,
)
_ESTIMATED = re.compile(r"(?<!\w)(?:dự ước|ước đạt|ước tính|ước thực hiện|ước cả năm|dự kiến)(?!\w)", re.IGNORECASE)
_CONNECTOR = re.compile(
    r"\s*[,(–-]?\s*(?:và |tức |hay )?(?:(?:riêng |trong )?năm \d{4},?\s+)?"
    r"(?:tăng|giảm|bằng|gấp|vượt|tương đương|tương ứng|đạt|chiếm|còn|xuống|lên)(?!\w)",
    re.IGNORECASE,
)
_TARGET = re.compile(r"(?<!\w)(?:mục tiêu|kế hoạch|chỉ tiêu|KH)(?!\w)", re.IGNORECASE)
_GOAL = re.compile(
    r"(?<!hoàn thành )(?<!vượt )(?<!các )(?:phấn đấu|đặt mục tiêu|mục tiêu (?:là|đến|đề ra"
    r"|đặt ra|năm)|giao chỉ tiêu|chỉ tiêu (?:là|đề ra|đặt ra)|kế hoạch (?:đề ra"
    r"|đặt ra|năm \d{4} là)|theo kế hoạch|định hướng đến)",
    re.IGNORECASE,
)
_PLAN_RATIO = re.compile(r"\s*(?:so với\s+)?(?:kế hoạch|dự toán|chỉ tiêu|KH|mục tiêu|nghị quyết)(?!\w)", re.IGNORECASE)
_INDEX = re.compile(r"\s*(?:so với\s+)?(?:cùng kỳ|năm trước)", re.IGNORECASE)
_BASELINE = re.compile(r"(?!\s*trở (?:lên|xuống))[^;,]{0,40}?(?<!\w)(?:xuống|lên|đến|tới|còn)(?!\w)", re.IGNORECASE)
_BASELINE_END = re.compile(
    r"(?<!\w)(?:xuống|lên|đến|tới|còn)(?:\s+(?:còn|mức|khoảng|gần|trên|dưới|hơn|chỉ))*"
    r"\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\w)(so với (?:cùng kỳ )?|từ )?năm\s+((?:19|20)\d{2})(?!\d)(?!\s*[-–—]\s*\d)", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?<![\d/])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d/])"
    r"|từ năm ((?:19|20)\d{2}) (?:đến|tới) (?:năm )?((?:19|20)\d{2})",
    re.IGNORECASE,
)
_OPENING_YEAR = re.compile(r"\s*(?:trong |riêng |cả |hết |đến hết |cuối )?năm ((?:19|20)\d{2})\s*,", re.IGNORECASE)
_TERM_CUE = re.compile(
    r"bình quân (?:hàng|mỗi) năm|bình quân/năm|(?:cả|trong) (?:nhiệm kỳ|giai đoạn)"
    r"|nhiệm kỳ (?:qua|này)|giai đoạn (?:qua|này)|\d+ năm qua",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:?!]")
_NEW_SUBJECT = re.compile(
    r"số tiền|trị giá|với giá|nhưng|trong khi|tuy nhiên"
    r"|(?<!\w)là\s.*(?<!\w)(?:tăng|giảm|đạt)(?!\w)",
    re.IGNORECASE,
)
_NATIONAL = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|Việt Nam|nước ta|quốc gia|nền kinh tế)(?!\w)", re.IGNORECASE)
_PEOPLE = {
    "hộ",
    "người",
    "dân",
    "lao động",
    "học sinh",
    "sinh viên",
    "trẻ",
    "phụ nữ",
    "cán bộ",
    "công chức",
    "đảng viên",
    "cử tri",
    "xã",
    "thôn",
    "bản",
    "trường",
    "doanh nghiệp",
    "khách",
    "hành khách",
    "cơ sở",
    "gia đình",
}
_WORD = re.compile(r"\w+")
_MAX_GAP, _MAX_GENERIC_GAP = 90, 50


def _synonym_regex(synonym: str) -> str:
    """``[a|b]`` optional, ``,`` optional, any dash for ``-``, ``tỷ`` also ``tỉ``."""

    def word(w: str) -> str:
        return re.escape(w).replace("\\ ", r"\s+").replace(",", ",?").replace("tỷ", "t[ỷỉ]")

    out, sep = "", ""
    for tok in re.findall(r"\[[^\]]*\]|[-–—]|[^\s\[\]\-–—]+", normalise(synonym)):
        if tok.startswith("["):
            alts = "|".join(word(a.strip()) for a in tok[1:-1].split("|"))
            out += rf"(?:\s+(?:{alts}))?" if out else rf"(?:(?:{alts})\s+)?"
        elif tok in "-–—":
            out, sep = out + r"\s*[-–—]", r"\s*"
        else:
            out, sep = out + sep + word(tok), r"\s+"
    return out


def _first_words(synonym: str) -> set[str]:
    """Words a synonym can start with (both branches of a leading ``[optional]`` part)."""
    synonym = synonym.strip()
    if not synonym.startswith("["):
        first = re.match(r"\w+", synonym)
        assert first is not None  # every synonym starts with a word or a bracket
        return {first.group(0).lower().replace("tỉ", "tỷ")}
    inside, rest = synonym[1:].split("]", 1)
    return set().union(*(_first_words(alt) for alt in inside.split("|")), _first_words(rest))


def _index(pairs: Iterable[tuple[str, Indicator]]) -> _Index:
    """Phrases grouped by first word, each group one regex (longest first, named ``p<i>``).

    Trying only the group of the word at hand keeps matching fast: one alternation of all
    ~600 phrases costs milliseconds per window, as Python's regex tries every branch.
    """
    groups: dict[str, list[tuple[str, Indicator]]] = {}
    for synonym, entry in pairs:
        for word in _first_words(normalise(synonym)):
            groups.setdefault(word, []).append((synonym, entry))
    index: _Index = {}
    for word, group in groups.items():
        members = sorted(set(group), key=lambda p: -len(p[0]))
        body = "|".join(f"(?P<p{i}>{_synonym_regex(s)})" for i, (s, _) in enumerate(members))
        index[word] = (
            re.compile(rf"(?:{body})(?!\w)", re.IGNORECASE),
            {f"p{i}": e for i, (_, e) in enumerate(members)},
        )
    return index


def _scan(index: _Index, text: str, lo: int, hi: int) -> list[_Hit]:
    """Non-overlapping lexicon phrases in text[lo:hi], left to right."""
    hits: list[_Hit] = []
    pos = lo
    for word in _WORD.finditer(text, lo, hi):
        if word.start() < pos or (group := index.get(word.group(0).lower().replace("tỉ", "tỷ"))) is None:
            continue
        if m := group[0].match(text, word.start(), hi):
            hits.append(_Hit(group[1][str(m.lastgroup)], m.start(), m.end()))  # every branch is a named group
            pos = m.end()
    return hits


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[Indicator, ...], _Index, _Index]:
    """The shipped lexicon: entries, and indexes of phrases written before/after a figure."""
    text = resources.files("kg").joinpath("data", "indicators.tsv").read_text(encoding="utf-8")
    entries: list[Indicator] = []
    before: list[tuple[str, Indicator]] = []
    after: list[tuple[str, Indicator]] = []
    split = re.compile(r"\|(?![^\[]*\])")
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "label\t")):
            continue
        label, english, unit, written, post = (line.split("\t") + [""] * 5)[:5]
        syns = [s.strip() for s in split.split(written) if s.strip()]
        entry = Indicator(normalise(label), english, unit, tuple(s for s in syns if "[" not in s))
        entries.append(entry)
        before += [(s, entry) for s in (label, *syns)]
        after += [(s.strip(), entry) for s in split.split(post) if s.strip()]
    return tuple(entries), _index(before), _index(after)


def _compatible(indicator: Indicator, unit: str) -> bool:
    """A rate takes percentages and multiples only; an amount also its own kind of unit."""
    got, own = _unit_class(unit), _unit_class(indicator.unit)
    if unit.startswith("% "):  # "% GDP": a share of output, only for amounts and GDP shares
        return own == "money" or indicator.unit.startswith("% ")
    return got in ("pct", "ratio") or got == own


def _generic(match: re.Match[str]) -> Indicator | None:
    """A measure phrase outside the lexicon ("tỷ lệ tử vong"), cut before any proper name,
    kept only when what it measures is a population, place or public-finance noun."""
    words = match.group(0).split()
    if words[1].lower() in ("lệ", "trọng", "ngạch"):
        head = 2
    else:
        growth = re.match(r"tốc độ tăng(?: trưởng)?", match.group(0), re.IGNORECASE)
        assert growth is not None  # the other phrases the pattern matches start so
        head = len(growth.group(0).split())
    tail = []
    for word in words[head:]:
        if word[0].isupper() and not (word.isupper() and len(word) >= 3):  # a name, "TP", not "THPT"
            break
        tail.append(word)
    subject = _GENERIC_SUBJECT.match(" ".join(tail))
    if not subject or subject.end() == len(" ".join(tail)) and subject.group(0).lower() in _PEOPLE:
        return None  # "tỷ lệ học sinh" alone says not what share
    label = " ".join([w.lower() for w in words[:head]] + tail).replace("tỉ", "tỷ")
    return Indicator(label, "", "triệu USD" if label.startswith("kim ngạch") else "%")


def _phrase_before(doc: Document, lo: int, fig: _Figure, after_figure: bool) -> _Hit | None:
    """The indicator phrase nearest before the figure; lexicon beats an overlapping generic.

    A phrase right after the previous figure is that figure's object ("chiếm 0,75% tổng dư
    nợ"), not the owner of the next one.
    """
    lo = max(lo, fig.start - _MAX_GAP - 60)
    hits = _scan(lexicon()[1], doc.text, lo, fig.start)
    for m in _GENERIC.finditer(doc.text, lo, fig.start):
        if not any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
            indicator = _generic(m)
            if indicator and fig.start - m.end() <= _MAX_GENERIC_GAP:
                hits.append(_Hit(indicator, m.start(), m.end()))
    for hit in sorted(hits, key=lambda h: -h.end):
        gap = doc.text[hit.end : fig.start]
        if after_figure and not doc.text[lo : hit.start].strip():
            continue
        if len(gap) <= _MAX_GAP and _compatible(hit.indicator, fig.unit) and _gap_ok(gap):
            return hit
    return None


def _gap_ok(gap: str) -> bool:
    """Between phrase and figure: no transaction sum ("với số tiền"); after a comma the clause
    must go on with the predicate ("..., ước đạt"), not start a new subject."""
    if _NEW_SUBJECT.search(gap):
        return False
    if "," not in gap:
        return True
    tail = gap.rsplit(",", 1)[1].strip()
    return bool(
        re.match(
            r"(?:tăng|giảm|đạt|ước|dự|bằng|chiếm|còn|là|trên|dưới|gần|khoảng|chỉ"
            r"|xấp xỉ|hơn|vượt|ở mức|lên|xuống|bình quân|năm|tính|với)(?!\w)",
            tail,
            re.IGNORECASE,
        )
    )


def _phrase_after(doc: Document, fig: _Figure, limit: int) -> _Hit | None:
    """A lexicon phrase right after the figure ("50% tổ chức cơ sở đảng ...") of a matching unit."""
    m = re.compile(r"\s+(?:số\s+|các\s+)?").match(doc.text, fig.end, limit)
    hits = _scan(lexicon()[2], doc.text, m.end(), min(limit, m.end() + 100)) if m else []
    if (
        m is not None
        and hits
        and hits[0].start == m.end()
        and _unit_class(hits[0].indicator.unit) == _unit_class(fig.unit)
    ):
        return hits[0]
    return None


def _period_of(m: re.Match[str]) -> str | None:
    first, last = int(m[1] or m[3]), int(m[2] or m[4])
    return f"{first}-{last}" if first < last <= first + 30 else None


def _when(
    doc: Document, sent: Sentence, fig: _Figure, clause: int, nxt: int, inherited: str | None
) -> tuple[str | None, str | None]:
    """(period, year): the nearest year (in the clause) or period (in the sentence) before the
    figure, else one just after it, else the term in force ("bình quân hàng năm", "cả nhiệm
    kỳ") stated earlier in the document. "gấp 1,75 lần so với năm 2015" spans 2015-year."""
    text = doc.text
    opening = _OPENING_YEAR.match(text, sent.start, fig.start)  # "Năm 2016, ...; ...": all clauses
    found: list[tuple[int, int, str | None, str | None]] = [
        (m.end(), 0, None, m[2]) for m in _YEAR.finditer(text, clause, fig.start) if not m[1]
    ]
    found += [(opening.end(), 0, None, opening[1])] if opening else []
    found += [(m.end(), 1, _period_of(m), None) for m in _PERIOD.finditer(text, sent.start, fig.start)]
    found = [f for f in found if f[2] or f[3]]
    later = next(iter(_YEAR.finditer(text, fig.end, min(nxt, fig.end + 40))), None)
    periods = [p for m in _PERIOD.finditer(text, fig.end, sent.end) if (p := _period_of(m))]
    if found:
        period, year = max(found)[2:]
    elif later and not later[1] or inherited:
        period, year = None, later[2] if later and not later[1] else inherited
    elif periods:
        period, year = periods[0], None
    else:
        stop = _CLAUSE_BREAK.search(text, fig.end, sent.end)
        cue = _TERM_CUE.search(text, clause, stop.start() if stop else sent.end)
        earlier = [p for m in _PERIOD.finditer(text, 0, sent.start) if (p := _period_of(m))] if cue else []
        period, year = (earlier[-1] if earlier else None), None
    compared = r"(?:so với )?" if fig.unit == "lần" else "so với "  # "gấp 1,8 lần [so với] năm 2015"
    base = re.match(rf"[^;]{{0,25}}?{compared}(?:cùng kỳ )?năm ((?:19|20)\d{{2}})", text[fig.end : nxt])
    if year and base and int(year) - int(base[1]) > 1:
        return f"{base[1]}-{year}", None
    return period, year


def _observation(
    doc: Document,
    sent: Sentence,
    context: PlaceContext,
    fig: _Figure,
    hit: _Hit,
    parent: Observation | None,
    clause: int,
    seg: int,
    nxt: int,
) -> Observation | None:
    """One figure with its owner phrase: qualifiers come from the words between them.

    None for a bare percentage of an amount ("dân số ..., chiếm 42%", "bằng 47%"): without
    "tăng"/"giảm" it is a share of something else, not the amount's change.
    """
    text = doc.text
    predicate = text[hit.end if hit.end <= fig.start and not parent else seg : fig.start]
    directions = _DIRECTION.findall(predicate)
    if not directions and fig.unit == "%" and _unit_class(hit.indicator.unit) != "pct":
        return None
    period, year = _when(doc, sent, fig, clause, nxt, parent.year if parent else None)
    place = context.nearest_before(fig.start, sent.index)
    if place is None and not _NATIONAL.search(text, sent.start, fig.start):
        place = context.default  # a national figure ("GDP cả nước") is not the main place's
    start = parent.evidence.start if parent else min(hit.start, fig.start)
    goal = not parent and _GOAL.search(text, clause, fig.start)
    return Observation(
        indicator=hit.indicator.key,
        indicator_label=hit.indicator.label,
        subject=place.ref if place else None,
        value=fig.value,
        unit=fig.unit,
        comparator=_comparator(predicate, text[fig.end : nxt]),
        evidence=span(doc, start, max(hit.end, fig.end)),
        direction="decrease"
        if re.search(r"(?<!\w)âm\s*$", predicate)
        # "tăng trưởng âm 2%"
        else {"tăng": "increase", "giảm": "decrease"}[directions[-1].lower()]
        if directions
        else None,
        period=period,
        year=year,
        target=fig.value if goal else None,
        estimated=bool(_ESTIMATED.search(text, seg, fig.start)) or bool(parent and parent.estimated),
    )


def _aside(text: str, fig: _Figure, nxt: int) -> int | None:
    """End of a percentage that is no figure of its own: plan fulfilment ("bằng 105% dự
    toán", "đạt 102% kế hoạch") or an index ("bằng 98% so với cùng kỳ")."""
    if _unit_class(fig.unit) != "pct":
        return None
    before = text[max(0, fig.start - 12) : fig.start]
    m = _PLAN_RATIO.match(text, fig.end, nxt) or (
        re.search(r"(?:bằng|đạt)\s+$", before) and _INDEX.match(text, fig.end, nxt)
    )
    return m.end() if m else None


def _owner(
    doc: Document, fig: _Figure, seg: int, prev: _Owner | None, follows: bool, nxt: int
) -> tuple[_Hit | None, Observation | None]:
    """(phrase, parent observation) owning a figure: its own phrase, else the previous
    figure's when a change word joins them ("đạt 70 triệu đồng/người, tăng gấp 1,75 lần")."""
    hit = _phrase_after(doc, fig, nxt) or _phrase_before(doc, seg, fig, follows)
    if hit or not prev or not follows or not _compatible(prev[0].indicator, fig.unit):
        return hit, None
    between = doc.text[seg : fig.start]
    joined: re.Match[str] | bool | None
    if prev[1] is None:  # after a starting point: "từ 19,6% (năm 2009) lên khoảng 36,6%"
        joined = len(between) <= 60 and _BASELINE_END.search(between)
    else:
        link = _CONNECTOR.match(between)  # then only qualifiers: not "vượt Singapore (337,5 tỷ USD)"
        joined = (
            len(between) <= 40
            and link
            and (not between[link.end() :].strip() or _CHAIN.fullmatch(between[link.end() :].strip() + " "))
        )
    return (prev[0], prev[1]) if joined else (None, None)


def _sentence(doc: Document, sent: Sentence, context: PlaceContext) -> list[tuple[Observation, _Hit]]:
    """Observations of one sentence, figure by figure, each with the phrase that owns it."""
    text, figures = doc.text, _figures(doc, sent)
    out: list[tuple[Observation, _Hit]] = []
    prev: _Owner | None = None  # (hit, observation or None) owning the previous figure
    prev_end: int | None = None
    for i, fig in enumerate(figures):
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, sent.start, fig.start)]
        clause = breaks[-1] if breaks else sent.start
        follows = prev_end is not None and prev_end >= clause  # no clause break since the last figure
        seg, prev_end = max(clause, prev_end or 0), fig.end
        nxt = figures[i + 1].start if i + 1 < len(figures) else sent.end
        if fig.is_range:  # "từ 2-3%", "15 - 18%": no single value
            prev = None
            continue
        hit, parent = _owner(doc, fig, seg, prev, follows, nxt)
        aside = _aside(text, fig, nxt)  # skipped, keeping the owner, unless a rate's own figure
        if aside and not (hit and not parent and _unit_class(hit.indicator.unit) == "pct"):
            prev_end = aside
            continue
        same = not hit or parent or prev and hit.indicator == prev[0].indicator
        if _TARGET.search(text, seg, fig.start) and same:  # "..., mục tiêu nghị quyết là 22%"
            if prev and prev[1] and _unit_class(prev[1].unit) == _unit_class(fig.unit):
                evidence = span(doc, prev[1].evidence.start, fig.end)
                out[-1] = (replace(prev[1], target=fig.value, evidence=evidence), prev[0])
            prev = None
        elif not hit:
            prev = None
        elif text[max(seg, fig.start - 4) : fig.start].strip().lower() == "từ" and _BASELINE.match(text, fig.end):
            prev = (hit, None)  # "giảm từ 5% xuống 2%": 5% is the starting point, not the figure
        else:  # after a starting point, its year ("(năm 2009)") is not this figure's
            clause = fig.start if prev is not None and prev[1] is None and hit is prev[0] else clause
            obs = _observation(doc, sent, context, fig, hit, parent, clause, seg, nxt)
            out += [(obs, hit)] if obs else []
            prev = (hit, obs) if obs else None
    return out


def extract_indicators(doc: Document, context: PlaceContext) -> tuple[tuple[Entity, ...], tuple[Observation, ...]]:
    """Indicator entities (shared keys) and one Observation per owned figure.

    Args:
        doc: the prepared document.
        context: its places; a figure's subject is the place named before it in the same
            sentence, else ``context.default``.

    Returns:
        (indicators, observations), indicators in first-seen order with the phrase spans
        that named them.
    """
    observations: list[Observation] = []
    seen: dict[Indicator, set[Span]] = {}
    facts: set[tuple[object, ...]] = set()
    for sent in doc.sentences:
        if not re.search(r"\d", sent.text):
            continue
        for obs, hit in _sentence(doc, sent, context):
            fact = tuple(getattr(obs, f.name) for f in fields(obs) if f.name != "evidence")
            if fact in facts:  # a lead repeated in the body states the same figure twice
                continue
            facts.add(fact)
            observations.append(obs)
            seen.setdefault(hit.indicator, set()).add(span(doc, hit.start, hit.end))
    entities = tuple(
        Entity(
            type="Indicator",
            key=ind.key,
            label=ind.label,
            attrs=(("unit", ind.unit),),
            label_en=ind.english,
            aliases=tuple(dict.fromkeys(a for a in ind.synonyms if a and a != ind.label)),
            mentions=tuple(sorted(spans)),
        )
        for ind, spans in seen.items()
    )
    return entities, tuple(observations)
