"""Provinces, district-level cities and wards named in a document, linked to official units.

Three kinds of mention are read, most reliable first:

* typed names: a unit word and a capitalised name ("tỉnh Thái Nguyên", "TP. Sông Công",
  "phường Mỏ Chè", "Quận 1", "Thành ủy Sông Công"), with the lists that follow one
  ("các xã A, B và C": later items must share a parent with the first);
* bare province names, when the whole run of capitalised words is the name ("Hà Nội",
  "Bắc Ninh"; not "Thái Bình Dương", not "ông Hòa Bình", not "sông Sài Gòn");
* context-only words ("UBND tỉnh", "Thành ủy", "toàn tỉnh", "thành phố đã ...") that
  refer to the document's main province or city (:func:`place_context`).

Names repeat across the country, so every candidate unit of a name is weighed against the
units the document names elsewhere: the same sentence (nearest first, on either side, since
addresses name the parent after the child: "xã Tân Lập, huyện Đan Phượng"), then the title,
then the rest of the document by frequency. A name still ambiguous after that is dropped,
never guessed: a missing place costs less than a wrong one. A name that matches only once
its accents are ignored needs its parent in the same sentence. Typed district and ward
names are linked; bare ones are not ("Sông Công 2" is an industrial park).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import gazetteer
from ..document import Document
from ..text import fold, has_diacritics
from .model import Entity, PlaceContext, Ref, Relation, Span, merge_entities
from .spans import finditer, span

_UP = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and fold(c).isalpha())
_LOW = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.islower() and fold(c).isalpha())
_SYL = rf"(?<!\w)[{_UP}][{_LOW}]*(?:['’][{_UP}{_LOW}]+)?(?!\w)"  # a whole title-case word
_NAME = rf"{_SYL}(?:(?:\s|\s?-\s?){_SYL}){{0,4}}(?:\s[1-9]\d?(?![\w.,/:]))?"  # "Mỹ Đình 2"
_TYPE_WORDS = {  # folded unit word -> (levels tried in order, preferred unit type)
    "tinh": (("province",), "Tỉnh"),
    "thanh pho": (("district", "province"), "Thành phố"),
    "tp": (("district", "province"), "Thành phố"),
    "huyen": (("district",), "Huyện"),
    "quan": (("district",), "Quận"),
    "thi xa": (("district",), "Thị xã"),
    "tx": (("district",), "Thị xã"),
    "phuong": (("ward",), "Phường"),
    "xa": (("ward",), "Xã"),
    "thi tran": (("ward",), "Thị trấn"),
    "tinh uy": (("province",), "Tỉnh"),
    "thanh uy": (("district", "province"), "Thành phố"),
    "huyen uy": (("district",), "Huyện"),
    "quan uy": (("district",), "Quận"),
    "thi uy": (("district",), "Thị xã"),
    "q": (("district",), "Quận"),
    "p": (("ward",), "Phường"),
}
_TYPED = re.compile(  # "Q.2", "P.Cát Lái" only without a space: "P. Thảo" is a byline
    r"(?<![\w.])(?:(?P<t>[Tt]ỉnh(?:\s[Ủủ]y)?|[Tt]hành\s(?:phố|[Ủủ]y)|T[Pp]|T\.P"
    r"|[Hh]uyện(?:\s[Ủủ]y)?|[Qq]uận(?:\s[Ủủ]y)?|[Tt]hị\s(?:xã|trấn|[Ủủ]y)|TX"
    r"|[Pp]hường|[Xx]ã)(?:\s*[.:]\s*|\s+)|(?P<abbr>[QP])\.)"
    rf"(?P<n>{_NAME}|\d{{1,2}}\b)"
)
_NUMBERED = {"quan", "phuong", "q", "p"}  # only these take a number: "Quận 1", "phường 12"
_NEXT = re.compile(rf"(?:\s*[,;]\s*|\s+và\s+|\s-\s)(?P<n>{_NAME}|\d{{1,2}}\b)")
_RUN = re.compile(rf"{_SYL}(?:(?:\s|\s?-\s?){_SYL})*")
_HCM = re.compile(r"(?<!\w)(?:T[Pp]\.?\s?HCM|TPHCM|HCM)(?!\w)")
#: Names of a province the data does not carry (older or informal), as written.
_BARE_ALIASES = {"SàiGòn": "79", "ThừaThiênHuế": "46"}
#: Province names that are first a person's name: the city is "TP Hồ Chí Minh".
_NOT_BARE = {"hochiminh"}
#: Family names: a unit name may be cut before one ("UBND tỉnh Bắc Ninh Nguyễn Tử Quỳnh").
_SURNAME = re.compile(
    r"(?:\s?-\s?|\s+(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương"
    r"|Lý|Đinh|Đoàn|Trịnh|Lương|Mai|Cao|Lâm|Hà|Tạ|Chu|Kiều|Lưu|Tô|Quách|Vương|Thái|Triệu"
    r"|Trương|Tăng|Văn|Từ|Lại|Nông|Lò|Hứa|Thân|Phùng|Khuất|Đàm|Mạc|Nghiêm|Tống|Châu)\b)"
)
_NOT_BEFORE_BARE = re.compile(
    r"\b(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|em|cô|chú|bác|cụ|cháu|thầy|đồng chí|tên|bé|sông|núi|đèo"
    r"|vịnh|cầu|đường|phố|xa lộ|đại lộ|ngõ|hẻm|ngách|CLB|đội|đội bóng|[Đđ]ịa ốc|[Tt]ập đoàn"
    r"|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|[Tt]hị xã|[Tt]hị trấn|ấp|thôn|bản|làng|tổng"
    r"|U-?\d{2})\s*$",  # "U17 Hà Tĩnh", "U-19 Nghệ An" are teams
    re.IGNORECASE,
)
_COMPANY_BEFORE = re.compile(r"(?:[Cc]ông ty|[Tt]ập đoàn|TNHH|CP|cổ phần|KCN|CCN|[Cc]ụm|[Kk]hu)\s*$")
_NOT_AFTER_BARE = re.compile(r"^\s*(?:FC|F\.C|Club)\b")
_CONTEXT = re.compile(
    r"(?:(?P<pre>\b(?:UBND|HĐND|[Ủủ]y ban nhân dân|[Hh]ội đồng nhân dân|MTTQ|[Đđ]ảng bộ|[Cc]ông an"
    r"|[Ll]ãnh đạo|[Cc]hủ tịch|[Bb]í thư|[Tt]oàn|của|[Tt]rên địa bàn|[Đđ]ịa bàn|[Nn]gân sách)\s+)"
    r"|(?<!\w))(?P<w>[Tt]ỉnh\s[Ủủ]y|[Tt]hành\s[Ủủ]y|[Hh]uyện\s[Ủủ]y|[Qq]uận\s[Ủủ]y|[Tt]hị\s[Ủủ]y"
    r"|[Tt]ỉnh|[Tt]hành\sphố|TP|[Hh]uyện|[Qq]uận|[Tt]hị\sxã)(?!\w)"
    r"(?P<after>\s+(?:đã|sẽ|đang|cũng|cần|vẫn|luôn|tiếp tục|phấn đấu|đề ra|hiện có|đạt)\b)?"
)
_CONTEXT_STOP = re.compile(
    r"\s*(?:[,/]|và|hoặc|khác|bạn|lớn|nhỏ|nào|thuộc|trực thuộc|trẻ|mới|ven|du lịch|loại"
    rf"|thông minh|[{_UP}\d])"
)
_CONTEXT_NOT_AFTER = re.compile(
    r"\b(?:các|những|nhiều|mỗi|số|một|hai|ba|cấp|đường|tỉnh lộ|tỉnh|thành|quận|huyện|\d+)"
    r"\s*[,/]?\s*$",
    re.IGNORECASE,
)
#: "Hộ Hải (Ninh Hải)", "Đồng Đăng (Lạng Sơn)", "Hội An, Quảng Nam": an untyped name followed
#: by the name of a unit that encloses it (the parent may carry its unit word).
_WITH_PARENT = re.compile(
    rf"\s?(?P<sep>\(|,\s)\s*(?P<unit>(?:[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Tt]hị xã|TP\.?|Q\.|TX\.?)\s?)?"
    rf"(?P<p>{_NAME}|HCM|TP\.?\s?HCM)(?=\s*[),;.]|\s*$)"
)
_ENTITY_TYPE = {"province": "Province", "district": "City", "ward": "Ward"}


@dataclass(frozen=True)
class _Mention:
    """A name read from the text with every unit it may denote."""

    span: Span
    cands: tuple[gazetteer.Unit, ...]
    group: int = -1  # mentions of one list share a group
    weak: bool = False  # matched only without its accents ("Hương Hòa" ~ "Hương Hóa")


def _key(word: str) -> str:
    return " ".join(fold(word).replace(".", " ").split()).replace("t p", "tp")


def _known(code: str | None) -> gazetteer.Unit:
    """The unit of a code read from the data itself (an alias table, a unit's parent)."""
    found = gazetteer.unit(code) if code else None
    assert found is not None, code
    return found


def _candidates(name: str, type_word: str) -> tuple[tuple[gazetteer.Unit, ...], bool]:
    """Units a typed name may denote (the written unit type first, then its level), and
    whether they match only once accents are ignored (then they need confirmation)."""
    levels, preferred = _TYPE_WORDS.get(_key(type_word), ((), ""))
    alias = _BARE_ALIASES.get(re.sub(r"[\s-]", "", name)) if "province" in levels else None
    if alias:
        return (_known(alias),), False
    found = [u for level in levels for u in gazetteer.find_units(name, level, exact=True)]
    weak = not found and has_diacritics(name)
    found = found or [u for level in levels for u in gazetteer.find_units(name, level)]
    typed = [u for u in found if u.unit_type == preferred]
    if typed:  # "thành phố X": a provincial city before a centrally-run one of that name
        return tuple(u for u in typed if u.level == typed[0].level), weak
    return (tuple(found) if len({u.level for u in found}) <= 1 else ()), weak


def _longest(text: str, start: int, end: int, type_word: str) -> tuple[int | None, tuple[gazetteer.Unit, ...], bool]:
    """The longest leading part of a captured name that names a unit: (end, candidates).

    A shorter part is taken only before a dash or a family name ("tỉnh Bắc Ninh Nguyễn Tử
    Quỳnh"): "xã Đồng Chúc" is not "xã Đồng" when no Đồng Chúc is known.
    """
    ends = [m.end() for m in re.finditer(rf"{_SYL}|\d+", text[start:end])]
    for stop in reversed(ends):
        if start + stop < end and not (
            _SURNAME.match(text, start + stop, end) or re.fullmatch(r"\s\d+", text[start + stop : end])
        ):
            continue
        cands, weak = _candidates(text[start : start + stop], type_word)
        if cands:
            return start + stop, cands, weak
    return None, (), False


def _typed_mentions(doc: Document) -> list[_Mention]:
    """Typed names and the lists that follow them, each with its candidate units."""
    out: list[_Mention] = []
    for match, sent in finditer(_TYPED, doc):
        word, group = match.group("t") or match.group("abbr"), len(out)
        if match.group("n").isdigit() and _key(word) not in _NUMBERED:
            continue
        stop, cands, weak = _longest(doc.text, match.start("n"), match.end("n"), word)
        if not cands:
            continue
        assert stop is not None  # a name was found: it ends somewhere
        committee = _key(word).endswith("uy")
        out.append(_Mention(span(doc, match.start("n") if committee else match.start(), stop), cands, group, weak))
        parents = {u.parent for u in cands}
        # "huyện Bình Đại, Bến Tre": a name of an enclosing unit ends the list.
        above = {gazetteer.name_key(a.short) for u in cands for a in gazetteer.lineage(u.code)[1:]}
        nxt = _NEXT.match(doc.text, stop, sent.end)
        while nxt and gazetteer.name_key(nxt.group("n")) not in above:
            stop, more, weak = _longest(doc.text, nxt.start("n"), nxt.end("n"), word)
            more = tuple(u for u in more if u.parent in parents)
            if not more:
                break
            assert stop is not None  # a name was found: it ends somewhere
            out.append(_Mention(span(doc, nxt.start("n"), stop), more, group, weak))
            nxt = _NEXT.match(doc.text, stop, sent.end)
    return _narrow_lists(out)


def _narrow_lists(mentions: list[_Mention]) -> list[_Mention]:
    """Items of one list lie in one parent unit: keep the candidates in a shared parent."""
    groups: dict[int, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(m.group, []).append(m)
    out = []
    for items in groups.values():
        shared = set.intersection(*({u.parent for u in m.cands} for m in items))
        for m in items:
            keep = tuple(u for u in m.cands if u.parent in shared) if len(items) > 1 else m.cands
            out.append(_Mention(m.span, keep or m.cands, m.group, m.weak))
    return out


def _with_parent(doc: Document, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Untyped district and ward names made certain by the enclosing unit named right after.

    Both names must match the data with their accents, the whole capitalised run must be
    the child's name, and exactly one unit of that name must lie in the named parent.
    """
    out = []
    for match, sent in finditer(_RUN, doc):
        after = _WITH_PARENT.match(doc.text, match.end(), sent.end)
        before = doc.text[max(sent.start, match.start() - 12) : match.start()]
        if not after or _NOT_BEFORE_BARE.search(before) or _COMPANY_BEFORE.search(before):
            continue
        name, parent = match.group(), _HCM.sub("Hồ Chí Minh", after.group("p"))
        parents = [u for lvl in ("province", "district") for u in gazetteer.find_units(parent, lvl, exact=True)]
        kids = [
            u
            for lvl in ("district", "ward")
            for u in gazetteer.find_units(name, lvl, exact=True)
            if any(p in gazetteer.lineage(u.code)[1:] for p in parents)
        ]
        if len(kids) != 1:
            continue
        out.append(_Mention(span(doc, match.start(), match.end()), (kids[0],)))
        up = _known(kids[0].parent)
        if up.level == "district" and up in parents and not after.group("unit"):
            out.append(_Mention(span(doc, after.start("p"), after.end("p")), (up,)))
    return [m for m in out if not _overlaps(m.span, taken)]


def _bare_provinces(doc: Document, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Province names standing alone: the whole capitalised run must be the name."""
    out = [_Mention(span(doc, m.start(), m.end()), (_known("79"),)) for m, _ in finditer(_HCM, doc)]
    for match, sent in finditer(_RUN, doc):
        for start, end, name in _run_parts(match):
            unit = _bare_unit(name)
            before, after = doc.text[max(sent.start, start - 12) : start], doc.text[end : end + 6]
            if unit and not _NOT_BEFORE_BARE.search(before) and not _NOT_AFTER_BARE.match(after):
                out.append(_Mention(span(doc, start, end), (unit,)))
    return [m for m in out if not _overlaps(m.span, taken)]


@lru_cache(maxsize=65536)
def _bare_unit(name: str) -> gazetteer.Unit | None:
    """The province a bare name denotes, spelled as the data spells it (accents included)."""
    if gazetteer.name_key(name) in _NOT_BARE:
        return None
    alias = _BARE_ALIASES.get(re.sub(r"[\s-]", "", name))
    cands = (gazetteer.unit(alias),) if alias else gazetteer.find_units(name, "province", exact=True)
    return cands[0] if len(cands) == 1 else None


def _run_parts(match: re.Match[str]) -> list[tuple[int, int, str]]:
    """The run itself, or its dash-separated parts when the whole is no name."""
    text = match.group()
    if _bare_unit(text) or not re.search(r"\s?-\s?", text):
        return [(match.start(), match.end(), text)]
    parts: list[tuple[int, int, str]] = []
    pos = match.start()
    for piece in re.split(r"(\s?-\s?)", text):
        if not re.fullmatch(r"\s?-\s?", piece):
            parts.append((pos, pos + len(piece), piece))
        pos += len(piece)
    return parts


def _overlaps(s: Span, taken: list[tuple[int, int]]) -> bool:
    return any(s.start < e and b < s.end for b, e in taken)


def _related(cand: gazetteer.Unit, anchor: gazetteer.Unit, strict: bool) -> bool:
    cand_line = [u.code for u in gazetteer.lineage(cand.code)]
    anchor_line = [u.code for u in gazetteer.lineage(anchor.code)]
    if strict:
        return anchor.code in cand_line or cand.code in anchor_line
    return cand_line[-1] == anchor_line[-1]


def _anchors(m: _Mention, chosen: dict[Span, gazetteer.Unit], doc: Document) -> list[gazetteer.Unit]:
    """Resolved units to weigh a name against: same sentence (nearest first), title, counts."""
    spans = list(chosen.items())
    here = sorted((s for s in spans if s[0].sentence == m.span.sentence), key=lambda s: abs(s[0].start - m.span.start))
    if m.weak:  # a name matched without its accents needs its parent named next to it
        return [u for _, u in here]
    title = [s for s in spans if s[0].end <= len(doc.title)]
    counts = Counter(u.code for _, u in spans)
    rest = sorted(spans, key=lambda s: -counts[s[1].code])
    return list(dict.fromkeys(u for _, u in (*here, *title, *rest)))


def _disambiguate(m: _Mention, chosen: dict[Span, gazetteer.Unit], doc: Document) -> gazetteer.Unit | None:
    """Narrow the candidates with each anchor in turn; None while more than one is left."""
    cands = m.cands
    for anchor in _anchors(m, chosen, doc):
        for strict in (True,) if m.weak else (True, False):
            narrowed = tuple(c for c in cands if _related(c, anchor, strict))
            if narrowed:
                cands = narrowed
                break
        if len(cands) == 1:
            return cands[0]
    return None


def _resolve(doc: Document, mentions: list[_Mention]) -> dict[Span, gazetteer.Unit]:
    """One unit per mention: the only candidate, else one chosen by context (or dropped)."""
    chosen = {m.span: m.cands[0] for m in mentions if len(m.cands) == 1 and not m.weak}
    progress = True
    while progress:
        progress = False
        for m in mentions:
            if m.span not in chosen and (unit := _disambiguate(m, chosen, doc)):
                chosen[m.span], progress = unit, True
    return dict(sorted(chosen.items()))


def unit_entity(unit: gazetteer.Unit, mentions: tuple[Span, ...] = ()) -> Entity:
    """The Entity of an official unit: key and code the official code (``2025-`` prefixed
    for units of the 2025 layout), label the full name, alias the short name.

    A 2025 unit's label says so ("Tỉnh Thái Nguyên (2025)"): the new province often has the
    old one's name, and a list showing both must tell them apart. The plain name stays an
    alias, so it is still found by name.
    """
    prefix = "2025-" if unit.era == "2025" else ""
    label = f"{unit.name} (2025)" if unit.era == "2025" else unit.name
    aliases = tuple(dict.fromkeys(a for a in (unit.name, unit.short) if a != label))
    parent = gazetteer.unit(unit.parent, unit.era) if unit.parent else None
    located = (Ref(_ENTITY_TYPE[parent.level], prefix + parent.code),) if parent else ()
    attrs: tuple[tuple[str, str], ...] = (("unitType", unit.unit_type),)
    if unit.lat is not None and unit.lon is not None:
        attrs += (("lat", f"{unit.lat}"), ("long", f"{unit.lon}"))
    return Entity(
        _ENTITY_TYPE[unit.level],
        prefix + unit.code,
        label,
        aliases if unit.era == "2025" else tuple(a for a in (unit.short,) if a != unit.name),
        unit.code,
        located,
        attrs,
        tuple(mentions),
    )


def _with_parents(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Add the enclosing units nobody mentioned, so ward ⊂ city ⊂ province is complete."""
    out = list(entities)
    for entity in entities:
        era = "2025" if entity.key.startswith("2025-") else "legacy"
        out.extend(unit_entity(u) for u in gazetteer.lineage(entity.code, era)[1:])
    return merge_entities(out)


def _in_title(place: Entity, doc: Document) -> bool:
    return any(m.end <= len(doc.title) for m in place.mentions)


def _main(places: list[Entity], doc: Document, min_count: int) -> Entity | None:
    """The place named in the title (first there), else the most mentioned one."""
    title = sorted((p for p in places if _in_title(p, doc)), key=lambda p: p.mentions[0])
    if title:
        return title[0]
    ranked = sorted(places, key=lambda p: (-len(p.mentions), p.mentions[0]))
    return ranked[0] if ranked and len(ranked[0].mentions) >= min_count else None


def place_context(doc: Document, places: Iterable[Entity]) -> PlaceContext:
    """The document's main province and city, for context words and default locations.

    The province is the one in the title, else the city's province (official data), else
    the most mentioned. The city is the district-level unit in the title, else the most
    mentioned one with at least two mentions (one passing mention does not make a main
    city); when the title names a province, only its cities count.

    Args:
        doc: the document the places were read from (its title decides first).
        places: entities from :func:`extract_places` (or any Province/City entities).

    Returns:
        A PlaceContext holding ``places`` and the main province and city (or None).
    """
    held = tuple(places)
    named = [p for p in held if p.mentions and not p.key.startswith("2025-")]
    provinces = [p for p in named if p.type == "Province"]
    province = _main(provinces, doc, 1)
    in_title = province if province and _in_title(province, doc) else None
    cities = [c for c in named if c.type == "City" and (in_title is None or in_title.ref in c.located_in)]
    city = _main(cities, doc, 2)
    if city and in_title is None and city.located_in:
        ref = city.located_in[0]
        province = next((p for p in held if p.ref == ref), None) or unit_entity(_known(ref.key))
    return PlaceContext(held, province, city)


def _context_mentions(doc: Document, ctx: PlaceContext, taken: list[tuple[int, int]]) -> list[Entity]:
    """Bare unit words ("UBND tỉnh", "Thành ủy", "thành phố đã ...") as mentions of the
    document's main unit of that type; only when that unit is clearly the document's own."""
    out = []
    for match, _ in finditer(_CONTEXT, doc):
        word = match.group("w")
        committee = _key(word).endswith("uy")
        if not committee and not (match.group("pre") or match.group("after")):
            continue
        if _CONTEXT_STOP.match(doc.text, match.end("w")) or _CONTEXT_NOT_AFTER.search(
            doc.text, max(0, match.start("w") - 12), match.start("w")
        ):
            continue
        target = _context_target(word, ctx, doc)
        where = span(doc, match.start("w"), match.end("w"))
        if target and not _overlaps(where, taken):
            out.append(unit_entity(_known(target.code), (where,)))
    return out


def _context_target(word: str, ctx: PlaceContext, doc: Document) -> Entity | None:
    """The main unit a unit word refers to: "thành phố" is the main city if it is one,
    else the main province if that is a centrally-run city."""
    wanted = _TYPE_WORDS[_key(word)][1]
    for place in (ctx.city, ctx.province):
        if place is None or ("unitType", wanted) not in place.attrs:
            continue
        same_type = [p for p in ctx.places if p.type == place.type and p.mentions]
        if _in_title(place, doc) or len(place.mentions) >= 2 or len(same_type) == 1:
            return place
    return None


def _successors(places: Iterable[Entity]) -> tuple[list[Entity], list[Relation]]:
    """2025 successors of every legacy unit, with a successorUnit relation each; the
    evidence is the unit's first mention, or the first mention of a unit inside it."""
    first: dict[str, Span] = {}
    for place in places:
        if place.mentions and not place.key.startswith("2025-"):
            for u in gazetteer.lineage(place.code):
                first[u.code] = min(first.get(u.code, place.mentions[0]), place.mentions[0])
    entities: list[Entity] = []
    relations: list[Relation] = []
    for place in places:
        if place.key.startswith("2025-") or place.code not in first:
            continue
        for new in gazetteer.successors(place.code):
            entities.extend(unit_entity(u) for u in gazetteer.lineage(new.code, "2025"))
            relations.append(
                Relation(
                    place.ref, "successorUnit", Ref(_ENTITY_TYPE[new.level], f"2025-{new.code}"), first[place.code]
                )
            )
    return entities, relations


def extract_places(doc: Document) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Provinces, cities and wards of a document, linked to official units.

    Args:
        doc: a prepared document.

    Returns:
        The entities (one per unit, with all its mentions; the enclosing units and 2025
        successors without mentions) and the ``successorUnit`` relations.
    """
    typed = _typed_mentions(doc)
    typed += _with_parent(doc, [(m.span.start, m.span.end) for m in typed])
    taken = [(m.span.start, m.span.end) for m in typed]
    mentions = typed + _bare_provinces(doc, taken)
    chosen = _resolve(doc, mentions)
    explicit = merge_entities(unit_entity(u, (s,)) for s, u in chosen.items())
    ctx = place_context(doc, _with_parents(explicit))
    taken = [(s.start, s.end) for s in chosen]
    places = _with_parents((*explicit, *_context_mentions(doc, ctx, taken)))
    new_units, relations = _successors(places)
    return merge_entities((*places, *new_units)), tuple(dict.fromkeys(relations))
