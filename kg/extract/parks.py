"""Industrial parks and clusters (khu/cụm công nghiệp) named in a document.

Articles write the same park many ways: ``Khu công nghiệp Sông Công II``, ``KCN Sông Công
2``, ``K.C.N Sông Công 2``, and, once the park is established, a bare ``Sông Công 2``. They
are one entity: the prefix is unified to its abbreviation and a trailing Roman numeral
(I..XX) to an Arabic one, so the label is ``KCN Sông Công 2`` and the key its slug.

Kinds (the ontology has one class, ``IndustrialPark``, and no property for the kind, so the
kind lives in the label prefix and the aliases):

* ``KCN`` khu công nghiệp, ``CCN`` cụm công nghiệp, ``KCX`` khu chế xuất;
* ``KKT`` khu kinh tế (an economic zone holds parks, ports and towns; it is still the unit
  that investment news locates projects in, so it is kept, as ``KKT <name>``; the words
  ``cửa khẩu``/``ven biển``/``mở`` between prefix and name are dropped from the label);
* ``KCNC`` khu công nghệ cao (``KCNC Hòa Lạc``).

A name is the capitalised words after the prefix, optionally ended by a numeral; it stops
at a lower-case word or punctuation. Prefixes without a name ("các khu công nghiệp", "KCN
tỉnh Long An") are generic and yield nothing. A park's place is the one the text gives right
after it ("KCN X, huyện Y", "KCN X tại xã Z"), stated as a ``locatedIn`` relation, else the
document's main place (:attr:`PlaceContext.default`). The name scanner and the "places that
follow" helper are shared with :mod:`kg.extract.roads`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..document import Document
from ..text import fold, normalise, slugify
from .model import Entity, PlaceContext, Ref, Relation, merge_entities
from .spans import finditer, span

if TYPE_CHECKING:
    from ..text import Sentence

Word = tuple[str, int, int]  # a scanned word: (text, start, end)
Anchor = tuple[int, int, Ref, str]  # a place mention: (start, end, place, text)
Accept = Callable[["re.Match[str]", Anchor], bool]  # may veto the first anchor reached
# (abbreviation, full form, name words, mention start, end, list end, province split off)
ParkHit = tuple[str, str, list[Word], int, int, int, bool]

#: Unit words that may sit between a connector and a place mention ("tại huyện X").
UNIT = (
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Tt]hị trấn|[Xx]ã|[Pp]hường"
    r"|[Đđ]ặc khu)"
)
_UNIT_AT = re.compile(UNIT + r"(?!\w)")
_KINDS = {  # folded prefix -> (abbreviation, full form)
    "khu cong nghiep": ("KCN", "Khu công nghiệp"),
    "kcn": ("KCN", "Khu công nghiệp"),
    "k.c.n": ("KCN", "Khu công nghiệp"),
    "k.c.n.": ("KCN", "Khu công nghiệp"),
    "cum cong nghiep": ("CCN", "Cụm công nghiệp"),
    "ccn": ("CCN", "Cụm công nghiệp"),
    "khu kinh te": ("KKT", "Khu kinh tế"),
    "kkt": ("KKT", "Khu kinh tế"),
    "khu cong nghe cao": ("KCNC", "Khu công nghệ cao"),
    "kcnc": ("KCNC", "Khu công nghệ cao"),
    "khu che xuat": ("KCX", "Khu chế xuất"),
    "kcx": ("KCX", "Khu chế xuất"),
}
_PARK = re.compile(
    r"(?<![\w.-])(?P<prefix>(?i:khu công nghiệp|cụm công nghiệp|khu kinh tế|khu công nghệ cao"
    r"|khu chế xuất)|KCNC|KCN|K\.C\.N\.?|CCN|KKT|KCX)(?:\s*\((?:KCNC|KCN|CCN|KKT|KCX)\))?"
    r"(?:\s(?:cửa khẩu|ven biển|mở|tổng hợp))?(?=\s)"
)
_PLURAL = re.compile(r"(?:^|\s)(?:các|những|nhiều|hai|ba|bốn|năm|\d+)\s+$")
_LIST_JOIN = re.compile(r"\s*,\s*|\s+(?:và|hoặc)\s+")
_PARK_LEAD = re.compile(
    r"(?:\s+(?:mở rộng|giai đoạn \d+))?(?P<sep>\s*[,(]\s*|\s+)(?P<word>(?:(?:nằm\s+)?(?:tại|thuộc|ở|"
    r"trên|trong)\s+)(?:(?:địa bàn|địa phận)\s+(?:của\s+)?)?)?(?P<unit>" + UNIT + r"\s+)?"
)

# --- the name scanner -------------------------------------------------------------------
_TOKEN = re.compile(
    r" ?(?:(?P<hcm>TP\.? ?HCM|TPHCM|(?:TP\.? ?|Thành phố )Hồ Chí Minh)(?!\w)"
    r"|(?P<word>[^\W_]+)|(?P<dash> ?[-–—] ?))"
)
_ROMAN = {
    r: i for i, r in enumerate("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split(), 1)
}
_STOP = frozenset(
    "Tỉnh Huyện Quận Phường Xã TP TX TT UBND HĐND Ban Sở Bộ Khu Cụm KCN CCN KKT KCX KCNC QL ĐT ĐH TL VĐ Tp Ảnh".split()
)
_STOP_PAIRS = frozenset(
    {
        ("Thành", "phố"),
        ("Thị", "xã"),
        ("Thị", "trấn"),
        ("Công", "ty"),
        ("Tập", "đoàn"),
        ("Đại", "lộ"),
        ("Quốc", "lộ"),
        ("Tỉnh", "lộ"),
        ("Cao", "tốc"),
        ("Vành", "đai"),
        ("Ngân", "hàng"),
    }
)
#: Words after a number that make it a count ("KCN Yên Phong 2 lần"), not part of the name.
#: Sentence words that begin no name (a title glued to the body: "tuyến đường Một số",
#: "KCN X và Dự án ...").
NOT_NAME_START = frozenset(
    "Một Ngoài Trong Theo Tuy Nhưng Còn Khi Sau Trước Đây Đó Các Những Hiện Tại Với Ông Bà "
    "Anh Chị Từ Để Nếu Vì Do Cũng Vào Ngày Năm Tháng Hôm Chiều Sáng Tối Đêm Lúc Như Bên Dù "
    "Riêng Cùng Tất Mỗi Có Không Đến Ảnh Video Clip Nguồn Thế Dự Tết Nhiều Hầu".split()
)
_COMPANY = re.compile(r"(?:[Cc]ông ty|[Tt]ập đoàn)(?: TNHH| CP| cổ phần)?\s+$")
_COUNTS = frozenset(
    "ha héc km m triệu tỷ tỉ nghìn ngàn trăm năm tháng ngày lần người lao công doanh dự nhà xe "
    "chiếc khu cụm căn hộ lô tấn giờ phút usd đồng % tầng".split()
)


def scan_name(text: str, pos: int, end: int, *, numeral: bool = True, hcm: bool = False) -> list[Word]:
    """Capitalised words from ``pos`` (joined by dashes, ended by an optional numeral).

    Args:
        numeral: accept one final number or Roman numeral ("Sông Công 2", "Đồng Văn IV").
        hcm: accept "TP.HCM"/"TP Hồ Chí Minh" as one word (expressway names).

    Returns:
        (word, start, end) for each word, ``"-"`` for a dash between words; empty if none.
    """
    words: list[tuple[str, int, int]] = []
    while (m := _TOKEN.match(text, pos, end)) is not None:
        word = m.group("word") or (m.group("hcm") if hcm else None)
        if m.group("dash"):
            if not words or words[-1][0] == "-":
                break
            words.append(("-", m.start("dash"), m.end("dash")))
        elif word is None:
            break
        elif words and numeral and _is_numeral(word) and not _counted(text, m.end(), end):
            words.append((word, m.end() - len(word), m.end()))
            break
        elif not _is_name_word(word, text, m.end(), end):
            break
        else:
            words.append((word, m.end() - len(word), m.end()))
        pos = m.end()
    while words and words[-1][0] == "-":
        words.pop()
    return words


def _is_numeral(word: str) -> bool:
    return word in _ROMAN or (word.isdigit() and len(word) <= 2 and word[0] != "0")


def _is_name_word(word: str, text: str, after: int, end: int) -> bool:
    if not word[0].isupper() or word in _STOP or word.isdigit():
        return False
    nxt = _TOKEN.match(text, after, end)
    return not (nxt and nxt.group("word") and (word, nxt.group("word")) in _STOP_PAIRS)


def _counted(text: str, after: int, end: int) -> bool:
    if after < end and text[after] in ".,/:" and text[after + 1 : after + 2].isdigit():
        return True
    nxt = _TOKEN.match(text, after, end)
    return bool(nxt and nxt.group("word") and nxt.group("word").lower() in _COUNTS)


def straddles(doc: Document, sent: Sentence, offset: int) -> bool:
    """True when the sentence's word segmentation runs a word across ``offset``: a one-word
    name is the start of a longer word ("đường Thốt nốt" sugar, "lễ đường Nhân dân").
    Only worth asking of one-word names: the segmenter also glues verbs to names ("Oanh giáp")."""
    cursor = 0
    for word in sent.words:
        at = sent.text.find(word, cursor)
        if at < 0:
            continue
        start = sent.start + at
        if start < offset < start + len(word):
            return True
        if start >= offset:
            return False
        cursor = at + len(word)
    return False


def join_name(words: list[str]) -> str:
    """Words as one name, dashes spaced the same way ("Phước Đông - Bời Lời")."""
    return " ".join(words)


def arabic(words: list[str]) -> list[str]:
    """Words with a final Roman numeral written in Arabic digits."""
    return [*words[:-1], str(_ROMAN[words[-1]])] if words and words[-1] in _ROMAN else words


def roman(words: list[str]) -> list[str]:
    """Words with a final Arabic number 1..20 written as a Roman numeral."""
    if words and words[-1].isdigit() and 1 <= int(words[-1]) <= 20:
        return [*words[:-1], list(_ROMAN)[int(words[-1]) - 1]]
    return words


@lru_cache(maxsize=1)
def province_names() -> frozenset[str]:
    """Lower-cased short names of provinces (both eras), the country and Sài Gòn.

    Accents are kept: folded, "Bình Dương" would equal "Bình Đường" (a park's name).
    """
    from vietnamadminunits.database import query

    shorts = {
        row["v"]
        for table in ("admin_units_legacy", "admin_units")
        for row in query(f"SELECT DISTINCT provinceShort AS v FROM {table}")
    }
    names = normalise("\n".join(sorted(n for n in shorts if n))).split("\n")
    return frozenset(n.casefold() for n in names) | {"việt nam", "sài gòn", "tp.hcm", "tphcm"}


def lower(words: Iterable[str | Word]) -> str:
    """Words (strings, or scanner tuples) as one lower-case name, to compare with gazetteers."""
    return " ".join(w if isinstance(w, str) else w[0] for w in words).casefold()


# --- places after a mention -------------------------------------------------------------
def place_anchors(context: PlaceContext, sentence: int) -> list[Anchor]:
    """Place mentions of one sentence as (start, end, ref, text), in text order."""
    found = {(m.start, m.end, p.ref, m.text) for p in context.places for m in p.mentions if m.sentence == sentence}
    return sorted(found, key=lambda a: (a[0], -a[1]))


def follow(
    text: str,
    anchors: Iterable[Anchor],
    pos: int,
    lead: re.Pattern[str],
    joint: re.Pattern[str] | None,
    accept: Accept | None = None,
    reach: int = 90,
) -> list[Anchor]:
    """Anchors that follow ``pos``: the first reached through ``lead``, the rest through ``joint``.

    ``accept(match, anchor)`` may veto the first one (e.g. a bare comma needs a unit word).
    """
    chain: list[Anchor] = []
    for anchor in anchors:
        start = anchor[0]
        if start < pos or start > pos + reach:
            continue
        pattern = joint if chain else lead
        assert pattern is not None  # without a joint the chain stops at its first anchor
        gap = pattern.fullmatch(text, pos, start)
        if gap is None or (not chain and accept and not accept(gap, anchor)):
            if chain:
                break
            continue
        chain.append(anchor)
        pos = anchor[1]
        if joint is None:
            break
    return chain


def _stated_place(gap: re.Match[str], anchor: Anchor) -> bool:
    """A bare comma before a place needs a unit word or a province ("KCN X, Bắc Ninh")."""
    if gap.group("word") or gap.group("unit") or "(" in gap.group("sep"):
        return True
    return "," in gap.group("sep") and (anchor[2].type == "Province" or bool(_UNIT_AT.match(anchor[3])))


# --- parks ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _admin_names() -> frozenset[str]:
    from ..gazetteer import admin_names

    return frozenset(n.casefold() for n in admin_names())


def _park_name(words: list[Word], abbr: str) -> tuple[list[Word], bool]:
    """The name words of a park (a trailing province split off) and whether one was.

    "KCN Yên Bình Thái Nguyên" is park "Yên Bình" in Thái Nguyên; a name that is only a
    province or the country ("các KCN Quảng Ngãi", "Hiệp hội KCN Việt Nam") is no park,
    except for high-tech parks, which are named after their city ("Khu công nghệ cao Đà Nẵng").
    """
    plain = [w for w, _, _ in words]
    if not plain or _is_numeral(plain[0]):
        return [], False
    for cut in range(1, len(plain)):
        if (
            lower(plain[cut:]) in province_names()
            and plain[cut - 1] != "-"
            and plain[0] not in {"Bắc", "Nam", "Đông", "Tây"}
        ):
            return words[:cut], True
    if lower(plain) in province_names() and abbr != "KCNC":
        return [], False
    return words, False


def _park_hits(doc: Document) -> list[ParkHit]:
    """(abbreviation, full form, name words, mention start, end, list end, split) per mention.

    After a plural ("các KCN Yên Phong, Quế Võ và VSIP") every listed name is a park; after
    a singular prefix only a name joined by "và" that is not a place name is.
    """
    text = doc.text
    hits: list[ParkHit] = []
    for match, sent in finditer(_PARK, doc):
        abbr, full = _KINDS[fold(match.group("prefix"))]
        if _COMPANY.search(text, max(0, match.start() - 25), match.start()):
            continue  # "Công ty TNHH Khu công nghiệp Texhong Việt Nam" is a company
        words, split = _park_name(scan_name(text, match.end(), sent.end), abbr)
        if not words:
            continue
        group = [(match.start(), words, split)]
        plural = _PLURAL.search(text, max(sent.start, match.start() - 12), match.start())
        while not split and (join := _LIST_JOIN.match(text, group[-1][1][-1][2], sent.end)):
            if not plural and "và" not in join.group(0):
                break
            more, split = _park_name(scan_name(text, join.end(), sent.end), abbr)
            if (
                not more
                or more[0][0] in NOT_NAME_START
                or (not plural and (lower(more) in _admin_names() or straddles(doc, sent, more[-1][2])))
            ):
                break
            group.append((more[0][1], more, split))
        hits += [(abbr, full, w, s, w[-1][2], group[-1][1][-1][2], split) for s, w, _ in group]
    return hits


def _bare_mentions(doc: Document, parks: dict[str, Entity]) -> list[tuple[str, int, int]]:
    """(key, start, end) of numbered park names used without a prefix ("vào Sông Công 2").

    Only names ending in a numeral are looked for: a bare "Yên Phong" is the district, but a
    bare "Sông Công 2" in a text about KCN Sông Công II is the park.
    """
    taken = [(m.start, m.end) for e in parks.values() for m in e.mentions]
    found = []
    for key, entity in parks.items():
        name = entity.label.split(" ", 1)[1].split()
        if not name[-1].isdigit() or len(name) < 2:
            continue
        for m in _bare_pattern(" ".join(name[:-1]), name[-1], roman(name)[-1]).finditer(doc.text):
            before = doc.text[max(0, m.start() - 12) : m.start()].split()
            if any(s <= m.start() < e for s, e in taken) or (
                before and (before[-1][0].isupper() or _UNIT_AT.fullmatch(before[-1]))
            ):
                continue
            found.append((key, m.start(), m.end()))
    return found


@lru_cache(maxsize=256)
def _bare_pattern(base: str, number: str, numeral: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(base)} (?:{number}|{numeral})(?![\w.,/]\w)")


def _entity(doc: Document, abbr: str, full: str, words: list[str], start: int, end: int) -> Entity:
    name, old = arabic(words), roman(arabic(words))
    label = f"{abbr} {join_name(name)}"
    surface = " ".join(doc.text[start:end].split())  # a listed name alone ("Quế Võ") is no alias
    aliases = (
        f"{full} {join_name(name)}",
        f"{abbr} {join_name(old)}",
        f"{full} {join_name(old)}",
        None if surface == join_name(words) else surface,
    )
    return Entity(
        "IndustrialPark",
        slugify(label),
        label,
        tuple(a for a in dict.fromkeys(aliases) if a and a != label),
        mentions=(span(doc, start, end),),
    )


def extract_parks(doc: Document, context: PlaceContext) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Industrial parks, clusters, economic zones and high-tech parks named in the document.

    Args:
        doc: the prepared document.
        context: its places; a park is located in the place the text names right after it
            ("KCN Đồng Văn 2, huyện Duy Tiên"), else in ``context.default``.

    Returns:
        One entity per park (every mention, prefixed or bare, merged) and the ``locatedIn``
        relations the text states, with the sentence as evidence.
    """
    entities: list[Entity] = []
    relations: list[Relation] = []
    stated: dict[str, list[Ref]] = {}
    for abbr, full, words, start, end, list_end, split in _park_hits(doc):
        entity = _entity(doc, abbr, full, [w for w, _, _ in words], start, end)
        entities.append(entity)
        sent = span(doc, start, end).sentence
        anchors = place_anchors(context, sent)
        accept = (lambda gap, anchor: True) if split else _stated_place
        for place in follow(doc.text, anchors, list_end, _PARK_LEAD, None, accept)[:1]:
            relations.append(Relation(entity.ref, "locatedIn", place[2], span(doc, start, place[1])))
            stated.setdefault(entity.key, []).append(place[2])
    parks = {e.key: e for e in merge_entities(entities)}
    for key, start, end in _bare_mentions(doc, parks):
        bare = replace(parks[key], aliases=(doc.text[start:end],), mentions=(span(doc, start, end),))
        parks[key] = parks[key].merged(bare)
    default = (context.default.ref,) if context.default else ()
    out = tuple(replace(p, located_in=tuple(dict.fromkeys(stated.get(k, ()))) or default) for k, p in parks.items())
    return out, tuple(dict.fromkeys(relations))
