"""Roads named in a document: numbered roads, expressways and streets.

Each kind has a canonical label whatever the spelling, so one road is one entity:

* ``Quốc lộ`` ``QL<n>``: "quốc lộ 3", "QL3", "QL.3", "QL 1A" -> ``QL3`` / ``QL1A``;
* ``Đường tỉnh`` ``ĐT<n>``: "đường tỉnh 262", "ĐT.262", "tỉnh lộ 262", "TL262";
* ``Đường huyện`` ``ĐH<n>``: "đường huyện 12", "ĐH12" (the abbreviation only without a
  space, since "ĐH 2004" is a university exam);
* ``Vành đai`` ``Vành đai <n>``: "đường vành đai 5", "VĐ5", "vành đai 2 và 3" (two roads);
* ``Cao tốc`` ``Cao tốc <A> - <B>``: at least two dash-joined names ("cao tốc Hà Nội - Thái
  Nguyên"), or "Bắc - Nam"; "TP.HCM" and "TP Hồ Chí Minh" are one spelling;
* ``Đường phố`` ``Đường <name>``, ``Phố <name>``, ``Đại lộ <name>``: a capitalised name right
  after the word, so "đường sắt", "đường dây 500kV", "con đường", "thành phố Hà Nội" and
  "nhà máy đường Sơn La" (sugar) are not streets.

Relations the text states: "đoạn qua TP X", "đi qua địa bàn huyện Y", "đoạn từ A đến B"
-> ``passesThrough``; "nối X với Y", "kết nối A và B" -> ``connects`` (places or other roads);
an expressway named after places connects them. ``located_in``: provincial and district roads
and streets belong to a province (numbering and street names are provincial), so they get
``context.province`` unless the text names a place right after a street ("đường Lê Lợi,
phường X"); national highways, ring roads and expressways span provinces and are located
nowhere, only passing through what the text says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import gazetteer
from ..document import Document
from ..text import slugify
from .model import Entity, PlaceContext, Ref, Relation, merge_entities
from .parks import (
    NOT_NAME_START,
    UNIT,
    Anchor,
    Word,
    _stated_place,
    follow,
    join_name,
    lower,
    place_anchors,
    province_names,
    scan_name,
    straddles,
)
from .spans import finditer, span

if TYPE_CHECKING:
    from ..gazetteer import Unit
    from ..text import Sentence

# A road mention: (label, key, attributes, start, end).
RoadHit = tuple[str, str, tuple[tuple[str, str], ...], int, int]

_NUM = r"(?P<num>[1-9]\d{0,2}[A-Z]?)(?!\w|[.,/:-]\d)"
_COUNT = (
    r"(?! *(?:km|m|mét|ha|xe|năm|tháng|ngày|người|chiếc|lần|làn|tỷ|tỉ|triệu|nghìn|ngàn|%"
    r"|tấn|giờ|phút|cây số|đồng|USD)(?!\w))"
)
#: (pattern, category, label prefix, key prefix); the category is the ontology's wording.
#: Searched in the whole text, not sentence by sentence: the splitter cuts "ĐT.|741".
_NUMBERED = (
    (
        re.compile(
            r"(?<![\w.])(?:(?i:đường) +)?(?:(?i:vành đai) +|VĐ\.? ?)"
            r"(?P<num>[1-9](?:[.,]5)?)(?!\w|[.,/:-]\d)" + _COUNT
        ),
        "Vành đai",
        "Vành đai ",
        "vanh-dai",
    ),
    (re.compile(r"(?<![\w.])(?:(?i:quốc lộ) +|QL\.? ?)" + _NUM + _COUNT), "Quốc lộ", "QL", "ql"),
    (re.compile(r"(?<![\w.])(?i:liên tỉnh lộ) +" + _NUM + _COUNT), "Liên tỉnh lộ", "Liên tỉnh lộ ", "lien-tinh-lo"),
    (
        re.compile(r"(?<![\w.])(?<![Ll]iên )(?:(?i:đường tỉnh(?: lộ)?|tỉnh lộ) +|ĐT\.? ?|TL\.? ?)" + _NUM + _COUNT),
        "Đường tỉnh",
        "ĐT",
        "dt",
    ),
    (re.compile(r"(?<![\w.])(?i:hương lộ) +" + _NUM + _COUNT), "Hương lộ", "Hương lộ ", "huong-lo"),
    (re.compile(r"(?<![\w.])(?:(?i:đường huyện) +|ĐH\.?)" + _NUM + _COUNT), "Đường huyện", "ĐH", "dh"),
)
#: Numbered streets: "đường số 1", "Đường 72", "đường 5 kéo dài" (not "đường 2 đầu cầu",
#: "đường 2 chiều", "quãng đường 6 km", nor dates "đường 3/2").
_NUMBERED_STREET = re.compile(
    r"(?<![\w.])(?P<kind>[Đđ]ường) +(?P<so>số +)?(?P<num>[1-9]\d{0,2}[A-Z]?)(?!\w|[.,/:-]\d)"
    + _COUNT
    + r"(?! *(?:đầu|chiều|bên|phía|làn|tuyến|cấp|m\d)(?!\w))(?P<ext> kéo dài(?!\w))?"
)
_MORE = re.compile(r"(?: *, *| +(?:và|hoặc) +)(?P<num>[1-9]\d{0,2}[A-Z]?(?:[.,]5)?)(?!\w|[.,/:-]\d)" + _COUNT)
_EXPRESSWAY = re.compile(r"(?<![\w.])(?:[Đđ]ường\s+)?[Cc]ao tốc(?=\s)")
_STREET = re.compile(r"(?<![\w.])(?P<kind>đường|phố|đại lộ|xa lộ|Đường|Phố|Đại lộ|Xa lộ)(?=\s)")
_STREET_KINDS = {"đường": "Đường", "phố": "Phố", "đại lộ": "Đại lộ", "xa lộ": "Xa lộ"}
#: "các tuyến đường như A, B và C", "nhiều tuyến phố gồm A, B": a list of bare street names.
_PLURAL_STREETS = re.compile(r"(?:các|nhiều|những|một số|tuyến|trục)\s+$")
_LIST_LEAD = re.compile(r"\s+(?:như|gồm(?: có)?|là)\s*:?(?=\s)|\s*:(?=\s)")
_STREET_MORE = re.compile(r"\s*,\s*|\s+(?:và|hoặc)\s+")
#: Project roads named by a qualifier and their ends or a code: "đường ô tô Tân Vũ - Lạch
#: Huyện", "đường liên cảng A5" (not "đường ven sông Cái": a description, not a name).
_QUALIFIED = re.compile(
    r"(?<![\w.])[Đđ]ường (?P<q>ô tô|liên (?:cảng|tỉnh|huyện|xã|phường|vùng))"
    r"\s+(?:(?P<code>[A-Z]{1,2}\d{1,3})(?!\w|[.,/-]\w)|(?=[^\W\d_]))"
)
_UP = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
_WORD = rf"[{_UP}][^\W\d_]*"  # a capitalised word (unit words included: "Lạch Huyện")
_DASHED = re.compile(rf"{_WORD}(?: {_WORD})*(?:\s?[-–]\s?{_WORD}(?: {_WORD})*)+(?!\w)")
#: Expressway sections listed after "các đoạn cao tốc ... gồm A - B, C - D".
_SECTION_LIST = re.compile(r"(?:\s+(?!gồm|như)[^\W\d_A-ZĐ]\w*){0,6}?\s+(?:gồm(?: có)?|như|là)\s*:?\s+")
_BEFORE_NUMBERED = frozenset("quãng đoạn mặt cung nửa chặng".split())
#: Words before "đường"/"phố" that make it another word: city (thành phố), quarter (khu
#: phố, tổ dân phố), sugar (nhà máy đường, mía đường), a way (con đường, lên đường).
_NOT_STREET_BEFORE = frozenset(
    "thành khu dân máy mía con lên nẻo chặng dạo ra xuống hè ngả phố đường bóng lễ thánh tiền "
    "giảng học giáo thiên".split()
)
_CROSSING = re.compile(r"(?:góc|ngã ba|ngã tư|ngã năm|ngã sáu|nút giao(?: thông)?|giao lộ|nút|giao cắt)\s+$")
_MONTH = re.compile(r" ([1-9]|1[0-2])(?!\w|[.,/:-]\d)")
_HCM = re.compile(r"TP\.? ?HCM|TPHCM|(?:TP\.? ?|Thành phố )Hồ Chí Minh")

_CONNECTOR = rf"(?:\s*(?:,|và|với|đến|tới|đi|[-–—])\s*)+(?:{UNIT}\s+)?"
_PASS_LEAD = re.compile(
    r"(?P<sep>\s*[,(]?\s*)(?P<word>(?:đoạn(?: tuyến| tránh| chạy| đi)?\s+)?(?:(?:đi|chạy)\s+)?"
    r"(?:qua|thuộc|từ|tại|ở|trên)\s+|đoạn\s+)?(?P<area>(?:địa bàn|địa phận|khu vực|địa giới"
    rf"(?: hành chính)?)\s+(?:của\s+)?)?(?P<unit>{UNIT}\s+)?"
)
_JOINT = re.compile(_CONNECTOR)
_CONNECT_LEAD = re.compile(r"[^;.]*?\b(?:kết nối|nối liền|nối thông|nối)\s+(?:được\s+)?(?:cả\s+)?(?:với\s+)?(?:từ\s+)?")
_CONNECT_FIRST = re.compile(rf"\s*(?:(?:tuyến|trung tâm)\s+)?(?:{UNIT}\s+)?")
_STREET_LEAD = re.compile(rf"(?P<sep>\s*[,(]\s*|\s+)(?P<word>(?:thuộc|tại|ở)\s+)?(?P<unit>{UNIT}\s+)?")


def _numbered(doc: Document) -> Iterator[RoadHit]:
    """(label, key, attrs, start, end) of numbered roads, with lists ("vành đai 2 và 3")."""
    for pattern, category, label, key in _NUMBERED:
        for match in pattern.finditer(doc.text):
            items = [(match.group("num"), match.start(), match.end())]
            while more := _MORE.match(doc.text, items[-1][2]):
                items.append((more.group("num"), more.start("num"), more.end("num")))
            for num, start, end in items:
                num = num.replace(",", ".")
                attrs = (("roadNumber", num), ("roadCategory", category))
                yield f"{label}{num}", f"{key}-{slugify(num)}", attrs, start, end


def _expressways(doc: Document) -> Iterator[RoadHit]:
    """Expressways named by their ends: "cao tốc Hà Nội - Thái Nguyên", "cao tốc Bắc-Nam",
    "cao tốc đoạn La Sơn - Túy Loan", and the sections listed after "các đoạn cao tốc ... gồm
    A - B, C - D - E" (each listed name must itself join two or more names by dashes)."""
    text = doc.text
    for match, sent in finditer(_EXPRESSWAY, doc):
        if re.search(r"(?:sắt|tàu)\s+$", text[max(0, match.start() - 8) : match.start()]):
            continue  # "đường sắt cao tốc Thái - Trung", "tàu cao tốc"
        pos = re.compile(r"\s+đoạn(?=\s)").match(text, match.end(), sent.end)
        words = scan_name(text, pos.end() if pos else match.end(), sent.end, numeral=False, hcm=True)
        if words:
            if _expressway_label(words):
                yield _expressway_hit(words, match.start())
            continue
        lead = _SECTION_LIST.match(text, match.end(), sent.end)
        if lead is None or any(w[0].isupper() for w in lead.group().split()):
            continue
        at = lead.end()
        while (words := scan_name(text, at, sent.end, numeral=False, hcm=True)) and "-" in [w for w, _, _ in words]:
            yield _expressway_hit(words, words[0][1])
            if (more := _STREET_MORE.match(text, words[-1][2], sent.end)) is None:
                break
            at = more.end()


def _expressway_label(words: list[Word]) -> str | None:
    """ "Cao tốc A - B" from scanned words, or None when they join no two names."""
    plain = [_HCM.sub("TP.HCM", w) for w, _, _ in words]
    if "-" not in plain and plain != ["Bắc", "Nam"]:
        return None
    parts = " ".join(plain).replace(" - ", "|").split("|") if "-" in plain else plain
    return "Cao tốc " + " - ".join(parts)


def _expressway_hit(words: list[Word], start: int) -> RoadHit:
    label = _expressway_label(words)
    assert label is not None  # called on words that name an expressway
    return label, slugify(label), (("roadCategory", "Cao tốc"),), start, words[-1][2]


def _numbered_streets(doc: Document) -> Iterator[RoadHit]:
    """Streets named by a number: "đường số 1", "Đường 72", "đường 5 kéo dài"."""
    for match in _NUMBERED_STREET.finditer(doc.text):
        last = re.search(r"(\w+)\s+$", doc.text[max(0, match.start() - 12) : match.start()])
        if not _street_context(doc, match) or (last and last.group(1).lower() in _BEFORE_NUMBERED):
            continue
        num = match.group("num")
        label = f"Đường {num}{' kéo dài' if match.group('ext') else ''}"
        attrs = (("roadNumber", num), ("roadCategory", "Đường phố"))
        yield label, slugify(label), attrs, match.start(), match.end()


def _qualified(doc: Document) -> Iterator[RoadHit]:
    """Project roads named by a qualifier: "đường ô tô Tân Vũ - Lạch Huyện", "đường liên cảng A5"."""
    for match, sent in finditer(_QUALIFIED, doc):
        if match.group("code"):
            name, end = match.group("code"), match.end("code")
        else:
            words = _DASHED.match(doc.text, match.end(), sent.end)
            if words is None:
                continue
            name, end = " - ".join(p.strip() for p in re.split(r"\s?[-–]\s?", words.group())), words.end()
        label = f"Đường {match.group('q')} {name}"
        yield label, slugify(label), (("roadCategory", "Đường phố"),), match.start(), end


def _streets(doc: Document, context: PlaceContext | None = None) -> Iterator[RoadHit]:
    """Streets: "đường Lê Lợi", "phố Hàng Bạc", "đại lộ Thăng Long" (capitalised name after),
    and the names listed after one ("đường Lê Hồng Phong, Trường Thi và An Dương Vương",
    "các tuyến đường như A, B").

    A dash-joined name is one street ("đường Tân Kỳ - Tân Quý") unless it names a crossing
    ("ngã tư phố Lê Duẩn - Trần Hưng Đạo") or a route of three or more streets.
    """
    text = doc.text
    for match, sent in finditer(_STREET, doc):
        if not _street_context(doc, match):
            continue
        kind = _STREET_KINDS[match.group("kind").lower()]
        lead = (
            _LIST_LEAD.match(text, match.end(), sent.end)
            if _PLURAL_STREETS.search(text, max(0, match.start() - 12), match.start())
            else None
        )
        name = _with_month(
            text, _unglued(text, scan_name(text, lead.end() if lead else match.end(), sent.end, numeral=False))
        )
        plain = [w for w, _, _ in name]
        if not plain or not _street_name(plain, kind) or (lead and len(plain) < 2):
            continue
        if len(plain) == 1 and straddles(doc, sent, name[-1][2]):
            continue
        parts = _parts(name)
        crossing = _CROSSING.search(text, max(0, match.start() - 25), match.start())
        if len(parts) == 1 or not (crossing or len(parts) >= 3):
            parts = [name]
        for i, part in enumerate(parts):
            label = f"{kind} {join_name([w for w, _, _ in part])}"
            start = match.start() if i == 0 and not lead else part[0][1]
            yield label, slugify(label), (("roadCategory", "Đường phố"),), start, part[-1][2]
        if len(parts) == 1:
            yield from _listed_streets(
                doc, sent, "Đường" if kind in ("Xa lộ", "Đại lộ") else kind, name[-1][2], context
            )


def _listed_streets(
    doc: Document, sent: Sentence, kind: str, pos: int, context: PlaceContext | None
) -> Iterator[RoadHit]:
    """Bare street names listed after a street ("đường A, B và C"): two words or more, not a
    province, and not an address ("đường Trần Phú, Hà Đông, Hà Nội"): a name that is also a
    district or ward is a street only when another name that does not enclose it follows."""
    while (more := _STREET_MORE.match(doc.text, pos, sent.end)) is not None:
        name = _street_item(doc.text, more.end(), sent.end)
        plain = [w for w, _, _ in name]
        if len(plain) < 2 or not _street_name(plain, kind):
            return
        units = _local_units(plain, context)
        if units:
            nxt = _STREET_MORE.match(doc.text, name[-1][2], sent.end)
            after = _street_item(doc.text, nxt.end(), sent.end) if nxt else []
            above = {a.short.casefold() for u in units for a in gazetteer.lineage(u.code)[1:]}
            if not after or lower(after) in above or lower(after) in province_names():
                return
        label = f"{kind} {join_name(plain)}"
        yield label, slugify(label), (("roadCategory", "Đường phố"),), name[0][1], name[-1][2]
        pos = name[-1][2]


def _street_item(text: str, pos: int, end: int) -> list[Word]:
    """One listed name (no dashes: "A - B" would be a route)."""
    name = scan_name(text, pos, end, numeral=False)
    return [] if any(w == "-" for w, _, _ in name) else name


def _local_units(words: list[str], context: PlaceContext | None) -> list[Unit]:
    """Districts and wards the words name (in the document's province, if known)."""
    units = [u for lvl in ("district", "ward") for u in gazetteer.find_units(join_name(words), lvl, exact=True)]
    if context and context.province:
        units = [u for u in units if context.province.code in {a.code for a in gazetteer.lineage(u.code)}]
    return units


def _unglued(text: str, name: list[Word]) -> list[Word]:
    """A name cut before a sentence word glued on by a missing full stop: "Xa lộ Hà Nội
    Nhiều người dân ..." is "Xa lộ Hà Nội"."""
    for i, (word, _, end) in enumerate(name[1:], 1):
        if word in NOT_NAME_START and re.match(r" [^\W\d_]", text[end : end + 2]) and text[end + 1].islower():
            return name[:i]
    return name


def _with_month(text: str, name: list[Word]) -> list[Word]:
    """Street names of dates keep their number: "đường Cách Mạng Tháng 8"."""
    month = name and name[-1][0] == "Tháng" and _MONTH.match(text, name[-1][2])
    return [*name, (month.group(1), month.start(1), month.end(1))] if month else name


def _street_context(doc: Document, match: re.Match[str]) -> bool:
    """The word before is not one that makes "đường"/"phố" another word, and a capitalised
    "Đường" opens a sentence ("Công ty Đường Quảng Ngãi", "Đường Yên" are names)."""
    before = doc.text[max(0, match.start() - 15) : match.start()]
    last = re.search(r"(\w+)\s+$", before)
    if last and last.group(1).lower() in _NOT_STREET_BEFORE:
        return False
    return not (match.group("kind") in ("Đường", "Phố") and before.strip() and before.rstrip()[-1] not in ".:;!?\n")


def _street_name(words: list[str], kind: str = "Đường") -> bool:
    """A plausible street name: not a province ("đường Hà Nội" is a way there; "Xa lộ Hà
    Nội", "Đại lộ Bình Dương" are names), not a sentence word glued on by a missing full stop
    ("tuyến đường Một số"), not an acronym."""
    first, name = words[0], lower(words)
    if first in NOT_NAME_START or (first.isupper() and first.isalpha() and len(first) > 1):
        return False
    return kind in ("Xa lộ", "Đại lộ") or name == "hồ chí minh" or name not in province_names()


def _parts(name: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    parts: list[list[Word]] = [[]]
    for word in name:
        if word[0] == "-":
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


def _road_hits(doc: Document, context: PlaceContext | None = None) -> list[RoadHit]:
    """All road mentions, in text order, without overlaps (numbered roads win over streets)."""
    hits: list[RoadHit] = []
    taken: list[tuple[int, int]] = []
    for hit in (
        *_numbered(doc),
        *_expressways(doc),
        *_qualified(doc),
        *_numbered_streets(doc),
        *_streets(doc, context),
    ):
        if not any(hit[3] < e and s < hit[4] for s, e in taken):
            hits.append(hit)
            taken.append((hit[3], hit[4]))
    return sorted(hits, key=lambda h: h[3])


def _passes(gap: re.Match[str], anchor: Anchor) -> bool:
    """A segment qualifier ("đoạn qua", "địa bàn") or a place in brackets or after ", huyện"."""
    return bool(
        gap.group("word")
        or gap.group("area")
        or "(" in gap.group("sep")
        or ("," in gap.group("sep") and gap.group("unit"))
    )


def _street_passes(gap: re.Match[str], anchor: Anchor) -> bool:
    """For a street only a stated segment passes through; "(quận X)" is its address."""
    return bool(gap.group("word") or gap.group("area"))


def _connected(doc: Document, hit: RoadHit, anchors: list[Anchor], roads: list[RoadHit]) -> list[Anchor]:
    """Places or roads after "nối"/"kết nối" that follows this road with no other road between."""
    text, start, end = doc.text, hit[3], hit[4]
    sent = doc.sentences[span(doc, start, end).sentence]
    lead = _CONNECT_LEAD.match(text, end, min(sent.end, end + 100))
    if lead is None or any(end <= r[3] < lead.end() for r in roads):
        return []
    targets = sorted(
        (*anchors, *((r[3], r[4], Ref("Road", r[1]), r[0]) for r in roads if r[3] >= lead.end() and r[1] != hit[1])),
        key=lambda a: a[0],
    )
    return follow(text, targets, lead.end(), _CONNECT_FIRST, _JOINT)


def _relations(
    doc: Document, context: PlaceContext, hit: RoadHit, roads: list[RoadHit]
) -> tuple[list[Relation], list[Ref]]:
    """(relations, stated locations) of one road mention."""
    label, key, _, start, end = hit
    ref, sent = Ref("Road", key), span(doc, start, end).sentence
    anchors = place_anchors(context, sent)
    rels: list[Relation] = []
    located: list[Ref] = []
    street = dict(hit[2])["roadCategory"] == "Đường phố"
    passes = follow(doc.text, anchors, end, _PASS_LEAD, _JOINT, _street_passes if street else _passes)
    rels += [Relation(ref, "passesThrough", a[2], span(doc, start, a[1])) for a in passes]
    if not passes and street:
        for a in follow(doc.text, anchors, end, _STREET_LEAD, None, _stated_place):
            rels.append(Relation(ref, "locatedIn", a[2], span(doc, start, a[1])))
            located.append(a[2])
    if label.startswith("Cao tốc "):  # named after the places it links
        rels += [
            Relation(ref, "connects", a[2], span(doc, start, end)) for a in anchors if start <= a[0] and a[1] <= end
        ]
    rels += [
        Relation(ref, "connects", a[2], span(doc, start, a[1]))
        for a in _connected(doc, hit, anchors, roads)
        if a[2] != ref
    ]
    return rels, located


def _entity(doc: Document, hit: RoadHit) -> Entity:
    label, key, attrs, start, end = hit
    surface = " ".join(doc.text[start:end].split())
    number = dict(attrs).get("roadNumber")
    full = {
        "Quốc lộ": "Quốc lộ",
        "Đường tỉnh": "Đường tỉnh",
        "Đường huyện": "Đường huyện",
        "Vành đai": "Đường vành đai",
    }.get(dict(attrs)["roadCategory"])
    aliases = (
        f"{full} {number}" if full else None,
        "Đường c" + label[1:] if label.startswith("Cao tốc") else None,
        label.replace("TP.HCM", "TP Hồ Chí Minh") if "TP.HCM" in label else None,
        None if surface.replace(".", "").isdigit() else surface,
    )
    return Entity(
        "Road",
        key,
        label,
        tuple(a for a in dict.fromkeys(aliases) if a and a != label),
        attrs=attrs,
        mentions=(span(doc, start, end),),
    )


def extract_roads(doc: Document, context: PlaceContext) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Numbered roads, expressways and streets named in the document, with stated relations.

    Args:
        doc: the prepared document.
        context: its places: segment qualifiers and "nối X với Y" point at place mentions;
            provincial and district roads and streets default to ``context.province``.

    Returns:
        One entity per road (all mentions merged) and the ``passesThrough``, ``connects``
        and ``locatedIn`` relations the text states, each with its evidence span.
    """
    hits = _road_hits(doc, context)
    entities: list[Entity] = []
    relations: list[Relation] = []
    stated: dict[str, list[Ref]] = {}
    for hit in hits:
        entities.append(_entity(doc, hit))
        rels, located = _relations(doc, context, hit, hits)
        relations += rels
        stated.setdefault(hit[1], []).extend(located)
    province = (context.province.ref,) if context.province else ()
    placed = []
    for road in merge_entities(entities):
        belongs = dict(road.attrs)["roadCategory"] in ("Đường tỉnh", "Đường huyện", "Hương lộ", "Đường phố")
        places = tuple(dict.fromkeys(stated[road.key])) or (province if belongs else ())
        placed.append(replace(road, located_in=places))
    keys = {road.key: scoped_key(road, context) for road in placed}
    out = merge_entities(replace(r, key=keys[r.key]) for r in placed)
    relations = [replace(r, subject=_rekey(r.subject, keys), object=_rekey(r.object, keys)) for r in relations]
    return out, tuple(dict.fromkeys(relations))


# Roads below national level are numbered or named within their province: Hà Nội's Vành đai 3
# is not TP HCM's, and every city has its Đường Lê Lợi. Their keys carry the official code of
# the province (streets: of the district-level city, except in the centrally-run cities).
_LOCAL = frozenset({"Đường tỉnh", "Đường huyện", "Hương lộ", "Vành đai", "Đường phố", "Liên tỉnh lộ"})
_CENTRAL = frozenset({"01", "79", "48", "31", "92"})  # Hà Nội, TP HCM, Đà Nẵng, Hải Phòng, Cần Thơ
_SAME_ROAD = {"ql-1a": "ql-1"}  # National Highway 1 is still often called QL1A


def scoped_key(road: Entity, context: PlaceContext) -> str:
    """The road's key, scoped to its province or city when its category is local."""
    key = _SAME_ROAD.get(road.key, road.key)
    category = dict(road.attrs).get("roadCategory")
    if category not in _LOCAL or context.province is None:
        return key
    scope = context.province.code
    if category == "Đường phố" and context.city is not None and scope not in _CENTRAL:
        scope = context.city.code
    return f"{scope}-{key}" if scope else key


def _rekey(ref: Ref, keys: dict[str, str]) -> Ref:
    return Ref(ref.type, keys[ref.key]) if ref.type == "Road" and ref.key in keys else ref
