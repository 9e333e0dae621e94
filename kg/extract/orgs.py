"""Organisations, the roles in them and the people who hold those roles.

Government news names bodies by a head word and the place they govern ("UBND tỉnh Thái
Nguyên", "Thành ủy Sông Công", "Đảng bộ phường Mỏ Chè"), and very often by the head word
alone once the place is clear ("UBND tỉnh", "Thành ủy"). Both must give the SAME entity, so
an organisation's key is the slug of its canonical label: canonical head, unit word and the
short name of the place, taken from the text when it names a real administrative unit, else
from the document's :class:`PlaceContext`. A head without a resolvable place is dropped.

People are extracted only as holders of a role, with a Vietnamese surname first
("Chủ tịch UBND tỉnh Trịnh Việt Hùng", "ông Nguyễn Văn A, Giám đốc Sở Y tế"): precision
matters more than recall in sport or entertainment news. underthesea's NER was measured and
is not used: it tags "Trịnh Việt Hùng" as a location and costs ~35 ms per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..abbreviations import expand, variants
from ..document import Document
from ..text import fold, slugify
from .model import Entity, PlaceContext, Relation, merge_entities
from .spans import finditer, span

if TYPE_CHECKING:
    from ..gazetteer import Unit

Role = tuple[Entity, int, int]  # a role entity and where its mention starts and ends
# What a name after a head resolves to: (place entity or None, short name or None, end, unit word)
NamedPlace = tuple[Entity | None, str | None, int, str | None]

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_CAP = rf"[{_UP}][^\W\d_]*"
_NAME = rf"(?:{_CAP}|\d{{1,2}})(?:(?:\s+|\s*-\s*){_CAP}|\s+\d{{1,2}}\b){{0,4}}"
_NAME_SEP = r"(?:\s+|(?<=\.))"  # "TP.HCM"
_NAME_ALIASES = {"HCM": "Hồ Chí Minh"}
_UNIT = (
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Pp]hường|[Xx]ã"
    r"|[Tt]hị trấn)"
)
# Party committees whose head word already says the unit.
_COMMITTEES = {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Huyện ủy": "huyện", "Quận ủy": "quận", "Thị ủy": "thị xã"}
_GOV = {
    "UBND": "UBND",
    "Ủy ban nhân dân": "UBND",
    "HĐND": "HĐND",
    "Hội đồng nhân dân": "HĐND",
    "Ủy ban MTTQ Việt Nam": "Ủy ban MTTQ",
    "Ủy ban MTTQ": "Ủy ban MTTQ",
    "UBMTTQ": "Ủy ban MTTQ",
    "Ủy ban Mặt trận Tổ quốc Việt Nam": "Ủy ban MTTQ",
    "Ủy ban Mặt trận Tổ quốc": "Ủy ban MTTQ",
    "Công an": "Công an",
    "Đảng ủy": "Đảng ủy",
    "Đảng bộ": "Đảng bộ",
    "Bộ Chỉ huy Quân sự": "Bộ Chỉ huy Quân sự",
}
_BODIES = (
    "Ban Thường vụ",
    "BTV",
    "Ban Chấp hành",
    "BCH",
    "Ủy ban Kiểm tra",
    "UBKT",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Văn phòng",
    "Thường trực",
)
#: Departments (Sở, in a province) and ministries (Bộ), canonical names after expansion.
DEPARTMENTS = (
    "Kế hoạch và Đầu tư",
    "Tài chính",
    "Xây dựng",
    "Giao thông vận tải",
    "Công Thương",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Tài nguyên và Môi trường",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Y tế",
    "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ",
    "Thông tin và Truyền thông",
    "Nội vụ",
    "Tư pháp",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
)
MINISTRIES = DEPARTMENTS[:-2] + (
    "Công an",
    "Quốc phòng",
    "Ngoại giao",
    "Dân tộc và Tôn giáo",
    "Văn hóa - Thông tin",
    "Chính trị",
)
#: Bodies of the state and the Party with no place in their name.
NATIONAL = (
    "Chính phủ",
    "Quốc hội",
    "Ban Bí thư",
    "Văn phòng Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Trung ương Đảng",
    "Ngân hàng Nhà nước",
    "Kiểm toán Nhà nước",
    "Thanh tra Chính phủ",
)
#: Vietnamese family names: a person's name starts with one (the Kinh names and the most
#: frequent names of other ethnic groups).
#: Grammatical words no proper name holds (auxiliaries, prepositions, conjunctions, particles):
#: a name read word by word ends before them. The company, board and project readers each add
#: the few words their names never hold either.
PARTICLES = frozenset(
    """đã đang sẽ là có được bị cho với tại ở của vào để trong khi thì mà nhưng vừa cũng đều không
    chưa này đó trên dưới từ đến theo về sau trước năm ngày tháng thuộc gồm như hay hoặc cùng còn
    lại ra nên vì do bởi nhằm chỉ rất hơn những một""".split()
)
SURNAMES = frozenset(
    (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trịnh",
        "Đinh",
        "Lâm",
        "Mai",
        "Trương",
        "Đoàn",
        "Lương",
        "Cao",
        "Hà",
        "Tạ",
        "Chu",
        "Thái",
        "Vương",
        "Quách",
        "Lưu",
        "Tô",
        "Kiều",
        "Triệu",
        "La",
        "Đàm",
        "Nông",
        "Lò",
        "Hứa",
        "Phùng",
        "Tăng",
        "Giang",
        "Khổng",
        "Từ",
        "Thân",
        "Lại",
        "Đào",
        "Tống",
        "Mạc",
        "Lục",
        "Đồng",
        "Nghiêm",
        "Tôn",
        "Diệp",
        "Quan",
        "Hầu",
        "Kim",
        "Ông",
        "Bế",
        "Văn",
        "Châu",
        "Âu",
        "Doãn",
        "Khúc",
        "Lã",
        "Ninh",
        "Phí",
        "Phương",
        "Thạch",
        "Trình",
        "Vi",
        "Lữ",
        "Giáp",
        "Hàn",
        "Danh",
        "Lường",
        "Cầm",
        "Sầm",
        "Mông",
        "Viên",
        "Khuất",
        "Nhữ",
        "Chẩu",
        "Thào",
        "Giàng",
        "Sùng",
        "Vừ",
        "Mùa",
        "Lầu",
    )
)
# Countries whose name starts like a surname ("Thủ tướng Hàn Quốc Lee Nak-yon").
_COUNTRIES = frozenset(("Hàn Quốc", "Thái Lan", "Hà Lan", "Mông Cổ", "Đài Loan", "Lào"))
_TITLE = (
    r"(?:[Pp]hó\s+)?(?:[Cc]hủ tịch|[Bb]í thư|[Gg]iám đốc|[Tt]rưởng [Bb]an|[Cc]hánh "
    r"[Vv]ăn phòng|[Cc]hủ nhiệm|Bộ trưởng|Thứ trưởng|Thủ tướng|Tổng Bí thư|Ủy viên|"
    r"[Cc]hánh [Tt]hanh tra|[Tt]rưởng|[Ll]ãnh đạo|Tư lệnh|Chỉ huy trưởng)"
    r"(?:\s+[Tt]hường trực)?"
)
_HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|đ/c)"


@dataclass(frozen=True)
class OrgHit:
    """One organisation mention with the place it governs (None for national bodies)."""

    entity: Entity
    place: Entity | None
    start: int
    end: int


def extract_orgs(doc: Document, context: PlaceContext) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Organisations, roles and role holders of a document.

    Args:
        doc: the prepared document.
        context: the places the document names, with its main province and city.

    Returns:
        Entities (``Organization``, ``Role``, ``Person``; one per key, mentions merged) and
        relations ``(org, "jurisdiction", place)``, ``(role, "roleOf", org)`` and
        ``(person, "holdsRole", role)``.
    """
    hits = org_hits(doc, context)
    entities, relations = [h.entity for h in hits], []
    for hit in hits:
        if hit.place is not None:
            relations.append(Relation(hit.entity.ref, "jurisdiction", hit.place.ref, hit.entity.mentions[0]))
    role_entities, role_relations = _roles(doc, hits)
    national, national_relations = _national_roles(doc)
    role_entities, role_relations = role_entities + national, role_relations + national_relations
    return merge_entities(entities + role_entities), first_evidence(relations + role_relations)


def first_evidence(relations: Iterable[Relation]) -> tuple[Relation, ...]:
    """One relation per (subject, predicate, object): the first sentence that states it."""
    out: dict[tuple[object, str, object], Relation] = {}
    for rel in relations:
        out.setdefault((rel.subject, rel.predicate, rel.object), rel)
    return tuple(out.values())


# --- organisations ---------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Local bodies (head + unit + name), party committees, departments, ministries, national."""
    # Capitalised first letter, any case after it ("Công Thương", "Công thương").
    dept = rf"(?=[{_UP}])(?i:{_alt(DEPARTMENTS)})|{_alt(_abbreviated(DEPARTMENTS))}"
    ministry = rf"(?=[{_UP}])(?i:{_alt(MINISTRIES)})|{_alt(_abbreviated(MINISTRIES))}"
    # "Phó Chủ tịch Thường trực UBND" is a title before UBND, not a "Thường trực" body.
    bodies = _alt(b for b in _BODIES if b != "Thường trực")
    body = rf"(?:(?P<body>{bodies}|(?<![Cc]hủ tịch )Thường trực)\s+)?"
    unit_name = rf"(?:\s+(?P<unit>{_UNIT}))?(?:{_NAME_SEP}(?P<name>{_NAME}))?"
    foreign = rf"(?P<foreign>\s+{_CAP}(?:\s+{_CAP})?)?"  # "Quốc hội Cuba", or a person's name
    return tuple(
        re.compile(p)
        for p in (
            rf"{body}(?P<head>{_alt(_GOV)}|[Ủủ]y ban nhân dân|[Hh]ội đồng nhân dân){unit_name}",
            # "Chủ tịch tỉnh Thái Nguyên": the chairman of the provincial People's Committee.
            rf"(?<=[Cc]hủ tịch )(?P<head>)(?P<unit>{_UNIT})(?:{_NAME_SEP}(?P<name>{_NAME}))?",
            rf"{body}(?P<head>{_alt(_COMMITTEES)})(?!\s+viên\b)(?:\s+(?P<name>{_NAME}))?",
            rf"(?P<head>Sở)\s+(?P<dept>{dept})(?![\w&]){unit_name}",
            (
                rf"(?P<head>Ban Quản lý|BQL)\s+(?P<dept>các\s+(?:KCN|[Kk]hu công nghiệp)|(?:các\s+)?"
                rf"(?:KKT|[Kk]hu kinh tế)){unit_name}"
            ),
            rf"(?:(?P<head>Bộ)\s+|(?<=trưởng ))(?P<dept>{ministry})(?![\w&]){foreign}",
            rf"(?P<national>{_alt(NATIONAL)})(?!\w){foreign}",
        )
    )


def _abbreviated(names: Iterable[str]) -> set[str]:
    # "KH&ĐT", "GTVT", "NN&PTNT": every spelling the abbreviation table gives for a name.
    from ..abbreviations import ABBREVIATIONS

    wanted = {fold(n) for n in names}
    return {f for a in ABBREVIATIONS if fold(a.expansion) in wanted for f in a.forms}


def org_hits(doc: Document, context: PlaceContext) -> list[OrgHit]:
    """Every organisation mention, in text order, resolved to one canonical entity each."""
    hits = []
    for sent in doc.sentences:
        taken: list[tuple[int, int]] = []
        for pattern in _patterns():
            for match in pattern.finditer(doc.text, sent.start, sent.end):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                hit = _resolve(doc, match, context)
                if hit is not None:
                    taken.append((hit.start, hit.end))
                    hits.append(hit)
        hits.extend(board_hits(doc, sent.start, sent.end, taken))
    return sorted(hits, key=lambda h: h.start)


#: A project or investment board's head: "Ban Quản lý dự án …", "Ban QLDA 85", "BQLDA …",
#: "Ban quản lý đầu tư xây dựng công trình giao thông Hà Nội"
_BOARD = re.compile(
    r"(?<!\w)(?:(?P<qlda>Ban QLDA|BQLDA)|(?:Ban [Qq]uản lý|Ban QL|BQL)(?=\s+(?:các\s+)?(?:dự án|đầu tư|công trình)\b))"
)
_BOARD_WORD = re.compile(r"\s*(?P<word>[\w&]+(?:\.\w+)*)")
#: Words no board's name holds
_NOT_BOARD = PARTICLES | {"đi", "làm"}


def board_hits(doc: Document, start: int, end: int, taken: list[tuple[int, int]]) -> list[OrgHit]:
    """Project and investment boards, the usual investors of public works ("… do Ban quản lý
    đầu tư xây dựng công trình giao thông Hà Nội làm chủ đầu tư"). Their names run on in lower
    case, so a name counts only when it ends on a capitalised word or a number (the board of a
    place or a numbered board): "Ban quản lý dự án đã …" names no board in particular."""
    out = []
    for match in _BOARD.finditer(doc.text, start, end):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        pos, last = match.end(), 0
        for _ in range(14):
            m = _BOARD_WORD.match(doc.text, pos, end)
            if m is None or m.group("word") in _NOT_BOARD:
                break
            word = m.group("word")
            pos = m.end()
            if word[0].isupper() or word.isdigit():
                last = pos
        if not last:
            continue
        rest = re.sub(r"\s+", " ", doc.text[match.end() : last]).strip()
        label = f"Ban Quản lý dự án {rest}" if match.group("qlda") else f"Ban Quản lý {rest}"
        taken.append((match.start(), last))
        out.append(OrgHit(_org_entity(doc, label, match.start(), last), None, match.start(), last))
    return out


def _resolve(doc: Document, match: re.Match[str], context: PlaceContext) -> OrgHit | None:
    groups = match.groupdict()
    if "foreign" in groups:
        return _national(doc, match)
    head = groups["head"] or "UBND"
    unit = _COMMITTEES.get(head) or _unit_of(groups.get("unit"))
    provincial = bool(groups.get("dept")) and not unit  # "Sở Y tế [Hà Nội]", "BQL các KCN"
    place, short, name_end, unit_word = _place(match, unit, context, provincial)
    if groups.get("name") and not name_end and "KKT" in _dept_label(groups.get("dept") or ""):
        end = match.end("name")  # "Ban Quản lý Khu kinh tế Dung Quất": the zone's own name
        label = f"Ban Quản lý {_dept_label(groups['dept'])} {groups['name']}"
        return OrgHit(_org_entity(doc, label, match.start(), end), None, match.start(), end)
    if short is None and provincial:
        place = context.province
        short, unit_word = (short_name(place), _unit_word(place)) if place else (None, None)
    if short is None:
        return None
    unit = unit or unit_word or ""
    if groups.get("dept"):
        label = f"{_head_label(head)} {_dept_label(groups['dept'])} {unit} {short}"
    elif head in _COMMITTEES:
        label = f"{head} {short}"
    else:
        label = f"{_GOV.get(head) or _GOV[_cap(head)]} {unit} {short}"
    if groups.get("body"):
        label = f"{expand(groups['body'])} {label}"
    label = re.sub(r"\s+", " ", label)
    end = name_end or max(match.end(g) for g in ("head", "unit", "dept") if groups.get(g) is not None)
    return OrgHit(_org_entity(doc, label, match.start(), end), place, match.start(), end)


def _unit_of(word: str | None) -> str | None:
    """The unit word as a label writes it: "TP." -> "thành phố", "Huyện" -> "huyện"."""
    word = (word or "").lower().rstrip(".")
    return {"tp": "thành phố", "tx": "thị xã"}.get(word, word) or None


def _national(doc: Document, match: re.Match[str]) -> OrgHit | None:
    foreign = (match.group("foreign") or "").split()
    if foreign and foreign[0] != "Việt" and (foreign[0] not in SURNAMES or " ".join(foreign[:2]) in _COUNTRIES):
        return None  # "Bộ Ngoại giao Mỹ", "Quốc hội Cuba": another country's
    if match.groupdict().get("national"):
        label, end = match.group("national"), match.end("national")
    else:
        label, end = f"Bộ {_dept_label(match.group('dept'))}", match.end("dept")
    return OrgHit(_org_entity(doc, label, match.start(), end), None, match.start(), end)


def _org_entity(doc: Document, label: str, start: int, end: int) -> Entity:
    aliases = tuple(sorted(v for v in variants(label) if v != label))
    return Entity("Organization", slugify(label), label, aliases, mentions=(span(doc, start, end),))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _head_label(head: str) -> str:
    return "Ban Quản lý" if head == "BQL" else head


@lru_cache(maxsize=1)
def _canonical_depts() -> dict[str, str]:
    return {fold(d): d for d in (*DEPARTMENTS, *MINISTRIES)}


def _dept_label(dept: str) -> str:
    text = re.sub(r"\s+", " ", expand(dept))
    text = re.sub(r"^(các\s+)?(?:KCN|[Kk]hu công nghiệp)$", "các KCN", text)
    text = re.sub(r"^(các\s+)?(?:KKT|[Kk]hu kinh tế)$", lambda m: f"{m.group(1) or ''}KKT", text)
    return _canonical_depts().get(fold(text), text)


# --- places ----------------------------------------------------------------------------------


def short_name(place: Entity) -> str:
    """ "Sông Công" for the entity labelled "Thành phố Sông Công"."""
    kind = _unit_type(place)
    if kind and place.label.startswith(kind + " "):
        return place.label[len(kind) + 1 :]
    return place.aliases[0] if place.aliases else place.label


def _unit_type(place: Entity | None) -> str | None:
    if place is None:
        return None
    for prop, value in place.attrs:
        if prop == "unitType":
            return value
    from ..gazetteer import unit_types

    return next((t for t in sorted(unit_types(), key=len, reverse=True) if place.label.startswith(t + " ")), None)


def _unit_word(place: Entity | None) -> str | None:
    kind = _unit_type(place)
    return kind.lower() if kind else None


def _fits(place: Entity, unit: str | None) -> bool:
    return unit is None or _unit_type(place) == unit.capitalize()


def _place(match: re.Match[str], unit: str | None, context: PlaceContext, provincial: bool) -> NamedPlace:
    """(place entity or None, short name or None, end of the name in the text or 0, unit word).

    The name written after the head wins when it is a real unit of the right kind (the
    context's entity if the document has it); else the document's own unit of that kind.
    """
    if match.groupdict().get("name"):
        found = _named_place(match.start("name"), match.group("name"), unit, context, provincial)
        if found:
            return found
    place = None if provincial else _context_place(unit, context)
    return place, (short_name(place) if place else None), 0, _unit_word(place)


def _named_place(start: int, name: str, unit: str | None, context: PlaceContext, provincial: bool) -> NamedPlace | None:
    words = re.findall(r"\S+", name)
    for n in range(len(words), 0, -1):  # longest prefix that is a place ("Sông Công Nguyễn …")
        prefix_words = re.match(rf"(?:\S+\s*-?\s*){{{n - 1}}}\S+", name)
        assert prefix_words is not None  # the name has at least n words
        written = prefix_words.group(0).strip(" -")
        end, prefix = start + len(written), _NAME_ALIASES.get(written, written)
        for place in named_places(context):
            names = {fold(place.label), fold(short_name(place)), *(fold(a) for a in place.aliases)}
            if _fits(place, unit) and fold(prefix) in names and (not provincial or place.type == "Province"):
                return place, short_name(place), end, _unit_word(place)
        found = _unit_named(prefix, unit, "province" if provincial else None)
        if found is not None:
            return None, prefix, end, found.unit_type.lower()
    return None


def _unit_named(name: str, unit: str | None, level: str | None = None) -> Unit | None:
    """The official unit of that kind and name (numbered wards and districts pass as is)."""
    from ..gazetteer import Unit, find_units

    if unit in ("quận", "phường") and name.isdigit():
        return Unit(name, "ward", name, name, unit.capitalize(), None, None, None)
    return next((u for u in find_units(name, level) if unit is None or u.unit_type == unit.capitalize()), None)


def named_places(context: PlaceContext) -> list[Entity]:
    """Places the text names, in the layout it uses (2025 successors are not named)."""
    return [p for p in context.places if p.mentions and not p.key.startswith("2025-")]


def _context_place(unit: str | None, context: PlaceContext) -> Entity | None:
    """The document's own unit of that kind: "UBND tỉnh" -> its province, "Thành ủy" -> its city."""
    if unit is None:
        return None
    for place in (context.city, context.province):
        if place is not None and _fits(place, unit):
            return place
    wards = [p for p in named_places(context) if p.type == "Ward" and _fits(p, unit)]
    return wards[0] if len(wards) == 1 else None


# --- roles and people ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _person_patterns() -> tuple[re.Pattern[str], ...]:
    """Title before an organisation; a name after or before a role; a national title + name."""
    name = rf"(?P<name>(?:{_alt(SURNAMES)})(?:\s+{_CAP}){{1,3}})(?!\w)"
    return (
        re.compile(rf"(?:^|(?<=[\s,(“\"]))(?P<title>{_TITLE})\s+$"),
        re.compile(rf"\s+{name}"),
        re.compile(rf"(?<!\w)(?:{_HONORIFIC}\s+)?{name}\s*(?:,|-|–|\()\s*$"),
        re.compile(rf"(?<!\w)(?P<title>{_alt(NATIONAL_TITLES)})\s+{name}"),
    )


def _roles(doc: Document, hits: list[OrgHit]) -> tuple[list[Entity], list[Relation]]:
    """Roles named by a title before an organisation, and the people named beside them."""
    entities: list[Entity] = []
    relations: list[Relation] = []
    chains: list[list[Role]] = []
    for hit in hits:
        found = _person_patterns()[0].search(doc.text[max(0, hit.start - 60) : hit.start])
        if not found:
            continue
        start = hit.start - len(found.group(0))
        title = _title(found.group("title"))
        role = Entity(
            "Role",
            slugify(f"{title} {hit.entity.label}"),
            f"{title} {hit.entity.label}",
            attrs=(("roleTitle", title),),
            mentions=(span(doc, start, hit.end),),
        )
        entities.append(role)
        relations.append(Relation(role.ref, "roleOf", hit.entity.ref, role.mentions[0]))
        _chain(doc, chains, (role, start, hit.end))
    for chain in chains:
        person = _holder(doc, chain)
        if person is not None:
            entities.append(person)
            relations += [Relation(person.ref, "holdsRole", r.ref, person.mentions[0]) for r, _, _ in chain]
    return entities, relations


#: Canonical spelling of titles, so that one role gets one ``roleTitle`` in every document.
_CANONICAL_TITLES = {
    fold(t): t
    for t in (
        "Chủ tịch",
        "Bí thư",
        "Tổng Bí thư",
        "Giám đốc",
        "Trưởng ban",
        "Chánh Văn phòng",
        "Chủ nhiệm",
        "Bộ trưởng",
        "Thứ trưởng",
        "Thủ tướng",
        "Ủy viên",
        "Chánh Thanh tra",
        "Trưởng",
        "Lãnh đạo",
        "Tư lệnh",
        "Chỉ huy trưởng",
    )
}


def _title(raw: str) -> str:
    """ "phó chủ tịch thường trực" -> "Phó Chủ tịch Thường trực"; one spelling per title."""
    base = re.sub(r"\s+[Tt]hường trực$", "", raw.strip())
    deputy = re.match(r"[Pp]hó\s+", base)
    core = base[deputy.end() :] if deputy else base
    if fold(core) in _CANONICAL_TITLES:
        title = ("Phó " if deputy else "") + _CANONICAL_TITLES[fold(core)]
        return title + (" Thường trực" if base != raw.strip() else "")
    return _title_case(raw)


def _title_case(raw: str) -> str:
    words = raw.split()
    words[0] = _cap(words[0])
    if words[0] == "Phó":
        words[1] = _cap(words[1])
    return re.sub(r"thường trực", "Thường trực", " ".join(words))


def _chain(doc: Document, chains: list[list[Role]], role: Role) -> None:
    """Group roles listed for one person: "Bí thư Quận ủy kiêm Chủ tịch UBND quận", "A, B"."""
    last = chains[-1][-1] if chains else None
    if last and re.fullmatch(r"\s*(?:,|kiêm|,\s*kiêm|-|–)\s*", doc.text[last[2] : role[1]]):
        chains[-1].append(role)
    else:
        chains.append([role])


def _holder(doc: Document, chain: list[Role]) -> Entity | None:
    """The person after the last role of a chain or before its first ("ông X, Giám đốc …")."""
    _, after_re, before_re, _ = _person_patterns()
    after = after_re.match(doc.text[chain[-1][2] : chain[-1][2] + 60])
    if after:
        start = chain[-1][2] + after.start("name")
        return _person(doc, start, start + len(after.group("name")))
    first = chain[0][1]
    window = max(0, first - 60)
    before = before_re.search(doc.text[window:first])
    previous = doc.text[: window + before.start()].split()[-1:] if before else []
    if before and not (previous and previous[0][0].isupper() and previous[0][-1].isalnum()):
        # "Bà X, Chủ tịch …", but not the "Từ Liêm" of "quận Nam Từ Liêm, Ủy viên …"
        start = window + before.start("name")
        return _person(doc, start, start + len(before.group("name")))
    return None


def _person(doc: Document, start: int, end: int) -> Entity | None:
    name = doc.text[start:end]
    if name in _COUNTRIES or _unit_named(name, None) is not None:
        return None  # "Hà Nội" after "Sở Y tế" is a place, not a person
    return Entity("Person", slugify(name), name, mentions=(span(doc, start, end),))


#: Titles that name their body implicitly ("Thủ tướng Nguyễn Xuân Phúc"): full role label.
NATIONAL_TITLES = {
    "Thủ tướng": "Thủ tướng Chính phủ",
    "Phó Thủ tướng": "Phó Thủ tướng Chính phủ",
    "Phó Thủ tướng Thường trực": "Phó Thủ tướng Thường trực Chính phủ",
    "Tổng Bí thư": "Tổng Bí thư Ban Chấp hành Trung ương Đảng",
    "Chủ tịch nước": "Chủ tịch nước",
    "Phó Chủ tịch nước": "Phó Chủ tịch nước",
}


def _national_roles(doc: Document) -> tuple[list[Entity], list[Relation]]:
    """ "Thủ tướng Nguyễn Xuân Phúc": the role (no roleOf: its body is not written) and person.

    Only with a Vietnamese name right after, so "Thủ tướng Shinzo Abe" or "Thủ tướng cho
    biết" in foreign news make nothing.
    """
    entities, relations = [], []
    for match, _ in finditer(_person_patterns()[3], doc):
        label = NATIONAL_TITLES[match.group("title")]
        role = Entity(
            "Role",
            slugify(label),
            label,
            attrs=(("roleTitle", match.group("title")),),
            mentions=(span(doc, match.start(), match.end("title")),),
        )
        person = _person(doc, match.start("name"), match.end("name"))
        entities.append(role)
        if person is not None:
            entities.append(person)
            relations.append(Relation(person.ref, "holdsRole", role.ref, person.mentions[0]))
    return entities, relations
