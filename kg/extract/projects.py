"""Projects and works: dự án, công trình, bridges, interchanges, tunnels, railway and metro
lines, airports, seaports, canals, urban areas, plants, hospitals, schools, power lines.

A work is named by a kind word and a name: "cầu Rạch Miễu 2", "nút giao Phước Thiền",
"Nhà máy nhiệt điện Quảng Trạch 1", "Cảng hàng không quốc tế Long Thành". A project is
often "dự án" + what is built + the name ("Dự án xây dựng đường ôtô cao tốc TP HCM - Trung
Lương"): the kind word inside the description types it (here an expressway), and the key is
the kind word and the name, so the same work is one node whichever way it is introduced.
Works without a capitalised name ("dự án đường ven sông") are not entities: there is
nothing to tell two of them apart across documents.

Links come from the sentence: the place stated after the work ("tại", "ở", "thuộc", "trên
địa bàn", parentheses) is where it lies; places after "qua" are what a line passes through;
a company next to "chủ đầu tư" / "nhà đầu tư" / "đầu tư" is its investor, next to "nhà thầu"
/ "thi công" its contractor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Document
from ..text import LOWER, UPPER, fold, slugify
from .companies import _COUNTRIES, _STOP, name_end
from .model import Entity, PlaceContext, Ref, Relation, merge_entities
from .orgs import PARTICLES
from .parks import place_anchors
from .spans import span

Anchor = tuple[int, int, Ref, str]  # a place mention: (start, end, place, text)

# kind word (as written, lower case; matched with a capital first letter too) -> class
KINDS = {
    "cầu vượt": "Bridge",
    "cầu": "Bridge",
    "nút giao thông": "Interchange",
    "nút giao": "Interchange",
    "hầm đường bộ": "Tunnel",
    "hầm": "Tunnel",
    "đường sắt đô thị": "RailwayLine",
    "đường sắt tốc độ cao": "RailwayLine",
    "đường sắt": "RailwayLine",
    "tuyến metro": "RailwayLine",
    "metro": "RailwayLine",
    "tàu điện ngầm": "RailwayLine",
    "tuyến đường sắt đô thị": "RailwayLine",
    "tuyến đường sắt": "RailwayLine",
    "cao tốc": "Expressway",
    "đường cao tốc": "Expressway",
    "đường bộ cao tốc": "Expressway",
    "sân bay": "Airport",
    "cảng hàng không quốc tế": "Airport",
    "cảng hàng không": "Airport",
    "cảng biển": "Seaport",
    "cảng": "Seaport",
    "kênh": "Canal",
    "khu đô thị mới": "UrbanArea",
    "khu đô thị": "UrbanArea",
    "nhà máy": "Plant",
    "nhà máy nhiệt điện": "Plant",
    "nhà máy thủy điện": "Plant",
    "nhiệt điện": "Plant",
    "thủy điện": "Plant",
    "điện gió": "Plant",
    "điện mặt trời": "Plant",
    "khu liên hợp": "Plant",
    "tổ hợp": "Plant",
    "dây chuyền": "Plant",
    "khu xử lý rác": "Plant",
    "bệnh viện": "Hospital",
    "trường đại học": "School",
    "trường cao đẳng": "School",
    "trường THPT": "School",
    "trường THCS": "School",
    "trường tiểu học": "School",
    "trường mầm non": "School",
    "nhà ga": "Building",
    "tháp": "Building",
    "tòa nhà": "Building",
    "chung cư": "Building",
    "trung tâm thương mại": "Building",
    "đường dây": "PowerLine",
}
# Expressways are roads (kg.extract.roads keys them by their end points); a project to build
# one is recognised here, so that "dự án cao tốc X - Y" is not taken for another project.
_ROADS = frozenset({"Expressway"})
# What is done to a work, at the head of a project's description: not part of what it is ("dự án
# đầu tư xây dựng đường ven sông Sài Gòn" is the project of "đường ven sông Sài Gòn").
_ACTION = re.compile(
    r"^(?:(?:đầu tư|xây dựng|nâng cấp|mở rộng|cải tạo|hoàn thiện|khôi phục|sửa chữa|thi công|"
    r"triển khai|phát triển|bảo tồn|tu bổ|di dời|hiện đại hóa|chỉnh trang)\s+)+"
)
_CUE = re.compile(r"(?<![\w])(?:[Dd]ự án|[Cc]ông trình)(?=\s)")
_TOKEN = re.compile(r"\s*(?P<word>[\w.]+)")
_DESCRIPTOR_MAX = 10  # lower-case words between "dự án" and the name
_UP = re.compile(rf"[{UPPER}]")
_NOT_NAME = frozenset({"Nhà", "Nước", "Chính", "Phủ", "UBND", "Bộ", "Sở", "Thủ", "Tướng", "Quốc", "Hội"})
_LOCATED = re.compile(
    r"\s*(?:,\s*)?(?:\(|(?:nằm\s+)?(?:tại|ở|thuộc|trên địa bàn|trên địa phận)\s+)"
    r"(?:(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường)\s+)?$",
    re.IGNORECASE,
)
_PASSES = re.compile(r"(?:đi\s+)?qua\s+(?:(?:địa phận|địa bàn|các)\s+)?", re.IGNORECASE)
_INVESTOR = re.compile(r"chủ đầu tư|nhà đầu tư|làm chủ|đầu tư", re.IGNORECASE)
_CONTRACTOR = re.compile(r"nhà thầu|thi công|tổng thầu", re.IGNORECASE)


@dataclass(frozen=True)
class WorkHit:
    """One mention of a work: span, class, key, label as written."""

    start: int
    end: int
    type: str
    key: str
    label: str


def _kind_pattern() -> re.Pattern[str]:
    words = sorted(KINDS, key=len, reverse=True)
    alts = "|".join(f"[{w[0]}{w[0].upper()}]{re.escape(w[1:])}" for w in words)
    return re.compile(rf"(?<![\w])(?:{alts})(?=\s)")


_KIND = _kind_pattern()
_NOT_KIND = re.compile(r"(?<!\w)(?:yêu|nhu|toàn|khẩn|thỉnh|đòi|mưu|cung|sưu|bến)\s+$", re.IGNORECASE)
_NOT_PROJECT = frozenset(
    {
        "Luật",
        "BOT",
        "BT",
        "PPP",
        "BĐS",
        "ODA",
        "FDI",
        "Công",
        "Tập",
        "Tổng",
        "Ngân",
        "Nghị",
        "Quyết",
        "Thông",
        "Bộ",
        "Sở",
        "UBND",
        "HĐND",
        "Chính",
        "Nhà",
        "Trung",
    }
)
# A name may open with a generic head and lower-case words before its proper part: "Khu du lịch
# biển Tiên Sa", "Trung tâm Hội nghị quốc gia", "Công viên văn hóa Bùi Thị Xuân".
_NAME_HEAD = re.compile(
    r"(?:Khu|Cụm|Trung tâm|Công viên|Quảng trường|Tuyến|Nhà ga|Nhà máy|Nhà hát|Bảo tàng)"
    rf"\s+[{LOWER}]|Công viên\s"
)
# Words that end a description before any name: "dự án lớn nhất trong … là" is a clause. Words of
# what is built ("xây dựng", "sản xuất", "công nghiệp", "mua bán") stay in the description.
_CLAUSE = PARTICLES | {"các", "hai", "ba", "số"}


def _kind_of(text: str) -> str:
    return text[0].lower() + text[1:]


def work_hits(doc: Document) -> list[WorkHit]:
    """Named works: a kind word (or "dự án"/"công trình" + description) and a capitalised name."""
    hits: dict[tuple[int, int], WorkHit] = {}
    for sent in doc.sentences:
        for m in _KIND.finditer(doc.text, sent.start, sent.end):
            if _NOT_KIND.search(doc.text, max(sent.start, m.start() - 8), m.start()):
                continue
            hit = _named(doc, m.start(), m.end(), _kind_of(m.group()), sent.end)
            if hit:
                hits.setdefault((hit.start, hit.end), hit)
        for m in _CUE.finditer(doc.text, sent.start, sent.end):
            hit = _project(doc, m.start(), m.end(), sent.end)
            if hit:
                hits[(hit.start, hit.end)] = hit
    return _outermost(sorted(hits.values(), key=lambda h: (h.start, -h.end)))


def _outermost(hits: list[WorkHit]) -> list[WorkHit]:
    """Drop a hit inside another ("cầu X" inside "Dự án xây dựng cầu X")."""
    out: list[WorkHit] = []
    for hit in hits:
        if out and out[-1].start <= hit.start and hit.end <= out[-1].end:
            continue
        out.append(hit)
    return out


def _named(doc: Document, start: int, end: int, kind: str, limit: int) -> WorkHit | None:
    """A kind word followed by a capitalised name: "cầu Rạch Miễu 2"."""
    text = doc.text
    if not re.match(rf"\s+(?:[{UPPER}]|\d{{1,3}}(?:\b|kV))", text[end : end + 7]):
        return None
    stop = name_end(text, end, limit, max_lower=2)
    name = text[end:stop].strip()
    if not name or name.split()[0] in _NOT_NAME or name.split()[0] in _NOT_PROJECT or fold(name) in _COUNTRIES:
        return None
    cls = KINDS[kind]
    return None if cls in _ROADS else WorkHit(start, stop, cls, slugify(name), text[start:stop])


def _project(doc: Document, start: int, end: int, limit: int) -> WorkHit | None:
    """ "dự án"/"công trình" + lower-case description + a capitalised name."""
    text, pos, kind = doc.text, end, None
    for _ in range(_DESCRIPTOR_MAX):
        m = _TOKEN.match(text, pos, limit)
        if m is None:
            break
        inner = _KIND.match(text, m.start("word"), limit)
        if inner:  # what is built: "dự án (xây dựng) cầu ...", "Dự án Tổ hợp hóa dầu ..."
            kind = _kind_of(inner.group())
            pos = inner.end()
            continue
        acted = _ACTION.match(text[m.start("word") : min(limit, m.start("word") + 60)].lower())
        if acted and _UP.match(m.group("word")):
            pos = m.start("word") + acted.end() - 1  # "Công trình Cải tạo …", "Dự án Đầu tư Xây dựng …": title case
            continue
        if _UP.match(m.group("word")) or m.group("word")[0].isdigit():
            break
        if m.group("word") in _CLAUSE:
            return None  # "dự án lớn nhất trong ... là": a clause, not a name
        pos = m.end()
    if pos >= limit or not re.match(rf"\s+[{UPPER}]", text[pos : pos + 3]):
        return None
    token = _TOKEN.match(text, pos, limit)
    assert token is not None  # a capital letter follows pos: a token starts there
    headed = bool(_NAME_HEAD.match(text, token.start("word")))
    # a name with a generic head runs on through its description ("Khu đất xây dựng Bến xe phía Nam")
    stop = name_end(text, pos, limit, max_lower=4 if kind or headed else 2, stop=_CLAUSE if headed else _STOP)
    name = text[pos:stop].strip()
    if (
        not name
        or (not headed and (name.split()[0] in _NOT_NAME or name.split()[0] in _NOT_PROJECT))
        or fold(name) in _COUNTRIES
        or len(name.split()) == 1
        and headed
    ):
        return None
    after = _TOKEN.match(text, stop, limit)
    if (
        len(name.split()) == 1
        and after
        and after.group("word")[:1].islower()
        and after.group("word") not in _CLAUSE | _STOP
        and not text[stop : after.start("word")].strip()
    ):
        return None  # "dự án mỏ khí Cá voi xanh": a name in sentence case, cut at its first word
    cls = KINDS[kind] if kind else "Project"
    if cls in _ROADS:
        return None
    # a work of a kind is keyed by its name ("cầu X" however introduced); a project by what it
    # builds and its name ("đường ven sông Sài Gòn", not every "Sài Gòn")
    key = slugify(name) if kind else slugify(_ACTION.sub("", text[end:stop].strip(), count=1))
    return WorkHit(start, stop, cls, key, text[start:stop])


def _links(
    doc: Document, hit: WorkHit, anchors: Iterable[Anchor], companies: Iterable[Entity]
) -> tuple[list[Ref], list[Relation]]:
    """Where a work lies, what it passes through, who invests in or builds it (same sentence)."""
    evidence = span(doc, hit.start, hit.end)
    located: list[Ref] = []
    relations: list[Relation] = []
    ref = Ref(hit.type, hit.key)
    for a_start, _, place, _ in anchors:
        gap = doc.text[hit.end : a_start]
        if 0 <= a_start - hit.end <= 40 and _LOCATED.search(gap) and "," not in gap.strip(", ("):
            located.append(place)
        elif 0 <= a_start - hit.end <= 60 and _PASSES.search(gap):
            relations.append(Relation(ref, "passesThrough", place, evidence))
    for company in companies:
        for m in company.mentions:
            if m.sentence != evidence.sentence:
                continue
            between = doc.text[min(m.end, hit.end) : max(m.start, hit.start)]
            if len(between) > 80:
                continue
            if _CONTRACTOR.search(between) or _CONTRACTOR.search(doc.text[m.end : m.end + 25]):
                relations.append(Relation(ref, "contractor", company.ref, evidence))
            elif _INVESTOR.search(between) or _INVESTOR.search(doc.text[m.end : m.end + 25]):
                relations.append(Relation(ref, "investor", company.ref, evidence))
    return located[:1], relations


def extract_projects(
    doc: Document, context: PlaceContext, companies: Iterable[Entity] = ()
) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Named works with their mentions, places, investors and contractors."""
    entities: list[Entity] = []
    relations: list[Relation] = []
    places = [(m.start, m.end) for p in context.places for m in p.mentions]
    for hit in work_hits(doc):
        if any(s < hit.end and hit.start < e for s, e in places):
            continue  # "quận Cầu Giấy", "huyện Tháp Mười": a place named like a work
        evidence = span(doc, hit.start, hit.end)
        located, rels = _links(doc, hit, place_anchors(context, evidence.sentence), companies)
        entities.append(Entity(hit.type, hit.key, _label(hit.label), located_in=tuple(located), mentions=(evidence,)))
        relations.extend(rels)
    return merge_entities(entities), tuple(dict.fromkeys(relations))


def _label(text: str) -> str:
    """The label as written, with a capital first letter ("cầu X" -> "Cầu X")."""
    return text[:1].upper() + text[1:]
