"""Terms of office, congresses, meetings and elections.

Government news dates everything by term ("nhiệm kỳ 2015-2020") and reports Party congresses
("Đại hội Đảng bộ thành phố Sông Công lần thứ VIII") and meetings ("kỳ họp thứ 4 HĐND tỉnh",
"Chủ tịch UBND tỉnh làm việc với Ban Thường vụ Thành ủy"). An event is kept only when it
is specific: a congress needs an organiser (an organisation found by
:func:`kg.extract.orgs.extract_orgs` right after its head word) or a number; a meeting needs
an organiser and a number, a "khóa" or a date in its sentence. "Đại hội Đảng bộ các cấp",
"các kỳ họp" or "hội nghị" alone stay text. The meeting an article reports (its title
says who "làm việc với" whom) is one entity with every "buổi làm việc" of the body as mention.

Keys: a term is ``"2015-2020"``; a congress or numbered meeting is the slug of its canonical
label; a meeting without a number is specific only to its date, so its key ends with the
document date, or the document id when the date is unknown (no false merge across articles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ..document import Document
from ..text import Sentence, slugify
from .model import Entity, PlaceContext, Relation, Span, merge_entities
from .orgs import first_evidence, named_places, short_name
from .spans import finditer, span

T = TypeVar("T")
Found = tuple[list[Entity], list[Relation]]  # what a finder returns: entities and their relations
Terms = Sequence[Entity]
# A meeting mention: (organiser, its mention, head, number, number as written, khóa, start, end, sentence).
MeetingMention = tuple[Entity, Span, str, int | None, str | None, str | None, int, int, int]

_TERM = re.compile(r"[Nn]hiệm kỳ\s+(?P<start>(?:19|20)\d\d)\s*[-–—]\s*(?P<end>(?:19|20)\d\d)\b")
_ROMAN = r"[IVXLC]+\b"
_WORDS = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_NUMBER = rf"(?:{_ROMAN}|\d{{1,2}}\b|(?:mười\s+)?(?:{'|'.join(_WORDS)})\b)"
_ORDINAL = rf"(?:lần\s+)?thứ\s+(?P<ord>{_NUMBER})"
# "Đại hội [đại biểu] ORG", and a pilot congress "đại hội điểm cấp xã … tại ORG".
_CONGRESS = re.compile(r"[Đđ]ại hội(?:\s+đại biểu)?(?:\s+điểm(?:\s+[^,;.]{0,40}?)?\s+tại)?\s+")
# "Đại hội đại biểu toàn quốc lần thứ XII của Đảng", "Đại hội Đảng X", "Đại hội XIII của Đảng".
_NATIONAL_CONGRESS = re.compile(
    rf"[Đđ]ại hội\s+(?:đại biểu\s+toàn quốc|Đảng(?:\s+toàn quốc)?)\s+"
    rf"(?:{_ORDINAL}|(?P<r1>{_ROMAN}))"
    rf"(?:\s+của\s+Đảng)?|[Đđ]ại hội\s+(?:đại biểu\s+toàn quốc\s+)?(?P<r2>{_ROMAN})\s+của\s+Đảng"
)
# Mass organisations, numbered: "Đại hội VIII Hội Nhà báo Việt Nam", "Đại hội Đoàn … lần thứ X".
_MASS_CONGRESS = re.compile(
    rf"[Đđ]ại hội(?:\s+đại biểu)?\s+(?:(?P<r1>{_ROMAN})\s+)?(?P<body>(?:Hội|Đoàn|Công đoàn|Liên "
    rf"đoàn|Liên hiệp|Mặt trận)\s[^,.;:()“”\"]{{2,80}}?)(?:\s*,?\s*{_ORDINAL})?"
    r"(?=\s*(?:[,.;:()“”\"]|nhiệm kỳ|khóa|diễn ra|được|đã|sẽ|$))"
)
_MEETING = re.compile(
    rf"(?<!các )(?<!những )(?P<head>[Kk]ỳ họp|[Pp]hiên họp|[Hh]ội nghị)"
    rf"(?:\s+{_ORDINAL})?(?:\s*,)?\s+(?:của\s+)?"
)
_CENTRAL_PLENUM = re.compile(
    rf"[Hh]ội nghị\s+(?:(?:Ban Chấp hành|BCH)\s+)?(?:Trung ương|TƯ|TW|T\.Ư)(?:\s+Đảng)?\s+"
    rf"(?:{_ORDINAL}|(?P<n>\d{{1,2}})\b)(?:\s*,?\s*khóa\s+(?P<khoa>{_ROMAN}))?"
)
_DATE = re.compile(
    r"\b(?:(?:ngày|sáng|chiều|tối|trưa)\s+\d{1,2}[/.-]\d{1,2}|(?:sáng|chiều|tối|"
    r"trưa)\s+(?:nay|qua|mai)|\d{1,2}/\d{1,2}/(?:19|20)\d\d)\b"
)
_KHOA = re.compile(rf"\s*,?\s*khóa\s+(?P<khoa>{_ROMAN}|\d{{1,2}}\b)")
_WORKING = re.compile(
    r"\s+(?:đã\s+)?(?:(?:đến\s+)?thăm(?:\s+và|,)?\s+)?(?:có\s+buổi\s+)?"
    r"làm việc\s+(?P<prep>với|tại)\s+"
)
_GUEST_END = re.compile(r"\s*(?:[:;,(–]|\s-\s|\s(?:về|để|nhằm)\s|$)")
_SESSION = re.compile(r"\b[Bb]uổi làm việc\b")
_PLACES = ("Province", "City", "Ward")
_ELECTION = re.compile(rf"[Bb]ầu cử\s+(?:đại biểu\s+)?Quốc hội\s+khóa\s+(?P<khoa>{_ROMAN})")


def extract_events(
    doc: Document, context: PlaceContext, orgs: tuple[Entity, ...]
) -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    """Terms, congresses, meetings and elections of a document.

    Args:
        doc: the prepared document.
        context: its places (for where events take place).
        orgs: what :func:`kg.extract.orgs.extract_orgs` found (organisations, roles, people):
            organisers are looked up among their mentions.

    Returns:
        Entities (``Term``, ``Congress``, ``Meeting``, ``Event``) and relations
        ``organizedBy`` (event -> Organization), ``eventPlace`` (event -> Place) and
        ``duringTerm`` (event -> Term).
    """
    terms = tuple(_terms(doc))
    found = [*terms]
    relations: list[Relation] = []
    finders: tuple[Callable[[Document, PlaceContext, Sequence[Entity], Terms], Found], ...] = (
        _congresses,
        _meetings,
        _reported_meeting,
        _elections,
    )
    for finder in finders:
        entities, rels = finder(doc, context, orgs, terms)
        found += entities
        relations += rels
    return merge_entities(found), first_evidence(relations)


# --- terms -----------------------------------------------------------------------------------


def _terms(doc: Document) -> tuple[Entity, ...]:
    out = []
    for match, _ in finditer(_TERM, doc):
        start, end = int(match.group("start")), int(match.group("end"))
        if not start < end <= start + 10:
            continue
        key = f"{start}-{end}"
        out.append(
            Entity(
                "Term",
                key,
                f"Nhiệm kỳ {key}",
                (key,),
                attrs=(("startYear", str(start)), ("endYear", str(end))),
                mentions=(span(doc, match.start(), match.end()),),
            )
        )
    return merge_entities(out)


def _term_in(sentence: int, terms: Terms) -> Entity | None:
    """The term named in a sentence (the first one, if several)."""
    return next((t for t in terms for m in t.mentions if m.sentence == sentence), None)


# --- numbers ---------------------------------------------------------------------------------


def ordinal(text: str) -> int | None:
    """ "VIII" -> 8, "13" -> 13, "nhất" -> 1, "mười hai" -> 12; None if not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if re.fullmatch(_ROMAN, text):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total = 0
        for i, char in enumerate(text):
            value = values[char]
            total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
        return total
    words = text.lower().split()
    if words and all(w in _WORDS for w in words):
        return 10 + _WORDS[words[1]] if len(words) == 2 and words[0] == "mười" else _WORDS[words[0]]
    return None


def roman(number: int) -> str:
    """8 -> "VIII": congresses are numbered in Roman numerals."""
    out = ""
    for value, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            out, number = out + letters, number - value
    return out


# --- organisers and places -------------------------------------------------------------------


def _at(
    entities: Iterable[Entity], position: int, kinds: Sequence[str] = ("Organization",)
) -> tuple[Entity, Span] | None:
    """The entity of those kinds with a mention starting at ``position``."""
    for entity in entities:
        if entity.type in kinds:
            for mention in entity.mentions:
                if mention.start == position:
                    return entity, mention
    return None


def _ending(entities: Iterable[Entity], position: int, kinds: Sequence[str]) -> tuple[Entity, Span] | None:
    """The longest mention of those kinds ending at ``position``."""
    best: tuple[Entity, Span] | None = None
    for entity in entities:
        for mention in entity.mentions if entity.type in kinds else ():
            if mention.end == position and (best is None or mention.start < best[1].start):
                best = entity, mention
    return best


def _place_of(org: Entity, mention: Span, context: PlaceContext) -> Entity | None:
    """The place an organisation governs: a place named inside its mention, else by its label."""
    for place in context.places:
        if any(mention.start <= m.start and m.end <= mention.end for m in place.mentions):
            return place
    return next((p for p in context.places if org.label.endswith(" " + short_name(p))), None)


def _relations(
    event: Entity, evidence: Span, org: Entity | None, place: Entity | None, term: Entity | None
) -> list[Relation]:
    pairs = (("organizedBy", org), ("eventPlace", place), ("duringTerm", term))
    return [Relation(event.ref, predicate, other.ref, evidence) for predicate, other in pairs if other is not None]


def _event(
    doc: Document,
    kind: str,
    label: str,
    start: int,
    end: int,
    key: str | None = None,
    aliases: Iterable[str] = (),
    attrs: tuple[tuple[str, str], ...] = (),
) -> Entity:
    return Entity(
        kind,
        key or slugify(label),
        label,
        tuple(a for a in aliases if a != label),
        attrs=attrs,
        mentions=(span(doc, start, end),),
    )


def _written(doc: Document, start: int, end: int) -> str:
    text = re.sub(r"\s+", " ", doc.text[start:end]).strip(" ,")
    return text[:1].upper() + text[1:]


# --- congresses ------------------------------------------------------------------------------


def _congresses(doc: Document, context: PlaceContext, orgs: Sequence[Entity], terms: Terms) -> Found:
    """ "Đại hội Đảng bộ X lần thứ VIII", "đại hội điểm cấp xã … tại Đảng bộ phường Y".

    A mention without a number takes the number the document gives the same organiser's
    congress elsewhere, when it gives exactly one.
    """
    raw: list[tuple[Entity, Span, int | None, int, int, int]] = []
    for match, sent in finditer(_CONGRESS, doc):
        found = _at(orgs, match.end())
        if found is None:
            continue
        org, mention = found
        tail = re.match(rf"\s*,?\s*{_ORDINAL}", doc.text[mention.end : sent.end])
        number = ordinal(tail.group("ord")) if tail else None
        raw.append((org, mention, number, match.start(), mention.end + (tail.end() if tail else 0), sent.index))
    entities: list[Entity] = []
    relations: list[Relation] = []
    for org, mention, number, start, end, index in raw:
        number = number or _only({n for o, _, n, *_ in raw if o == org and n})
        label = f"Đại hội {org.label}" + (f" lần thứ {roman(number)}" if number else "")
        event = _event(
            doc,
            "Congress",
            label,
            start,
            end,
            aliases=(_written(doc, start, end),),
            attrs=(("ordinal", str(number)),) if number else (),
        )
        entities.append(event)
        relations += _relations(event, event.mentions[0], org, _place_of(org, mention, context), _term_in(index, terms))
    finders: tuple[Callable[[Document, Terms], Found], ...] = (_national_congresses, _mass_congresses)
    for finder in finders:
        more, rels = finder(doc, terms)
        entities, relations = entities + more, relations + rels
    return entities, relations


def _only(values: set[T]) -> T | None:
    return next(iter(values)) if len(values) == 1 else None


def _numbered(
    doc: Document,
    pattern: re.Pattern[str],
    terms: Terms,
    label_of: Callable[[re.Match[str], int], tuple[str, str]],
) -> Found:
    """Numbered events of a pattern (group "ord", "r1", "r2" or "n"), labelled by label_of."""
    entities: list[Entity] = []
    relations: list[Relation] = []
    for match, sent in finditer(pattern, doc):
        groups = match.groupdict()
        raw = next((groups[g] for g in ("ord", "r1", "r2", "n") if groups.get(g)), None)
        number = ordinal(raw) if raw else None
        if not number:
            continue
        kind, label = label_of(match, number)
        attrs = (("ordinal", str(number)),) if kind == "Congress" else ()
        event = _event(
            doc,
            kind,
            label,
            match.start(),
            match.end(),
            aliases=(_written(doc, match.start(), match.end()),),
            attrs=attrs,
        )
        entities.append(event)
        relations += _relations(event, event.mentions[0], None, None, _term_in(sent.index, terms))
    return entities, relations


def _national_congresses(doc: Document, terms: Terms) -> Found:
    return _numbered(
        doc,
        _NATIONAL_CONGRESS,
        terms,
        lambda m, n: ("Congress", f"Đại hội đại biểu toàn quốc lần thứ {roman(n)} của Đảng"),
    )


def _mass_congresses(doc: Document, terms: Terms) -> Found:
    return _numbered(
        doc,
        _MASS_CONGRESS,
        terms,
        lambda m, n: ("Congress", f"Đại hội {' '.join(m.group('body').split())} lần thứ {roman(n)}"),
    )


# --- meetings --------------------------------------------------------------------------------


def _meetings(doc: Document, context: PlaceContext, orgs: Sequence[Entity], terms: Terms) -> Found:
    """ "kỳ họp thứ 4 HĐND tỉnh X", "Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ tỉnh".

    Specific only with a number, a "khóa", or a date in the sentence ("sáng 13/6"):
    "các kỳ họp Quốc hội" or "tại kỳ họp HĐND gần đây" are not one meeting. A numbered
    mention without "khóa" takes the one the document gives the same meeting elsewhere.
    """
    raw = [m for m in (_meeting_mention(doc, match, sent, orgs) for match, sent in finditer(_MEETING, doc)) if m]
    entities: list[Entity] = []
    relations: list[Relation] = []
    for org, mention, head, number, written, khoa, start, end, index in raw:
        if not khoa and number:  # the khóa the document gives this meeting elsewhere, if one
            khoa = _only({r[5] for r in raw if r[0] == org and r[2] == head and r[3] == number and r[5]})
        label = _meeting_label(head, number, org.label, khoa)
        key = slugify(label) if number else f"{slugify(label)}-{_when(doc)}"
        as_written = label.replace(f"thứ {number} ", f"thứ {written} ") if number else label
        event = _event(doc, "Meeting", label, start, end, key, aliases=(as_written, _written(doc, start, end)))
        entities.append(event)
        relations += _relations(event, event.mentions[0], org, _place_of(org, mention, context), _term_in(index, terms))
    more, rels = _numbered(
        doc,
        _CENTRAL_PLENUM,
        terms,
        lambda m, n: ("Meeting", _meeting_label("Hội nghị", n, "Ban Chấp hành Trung ương Đảng", m.group("khoa"))),
    )
    return entities + more, relations + rels


def _meeting_mention(
    doc: Document, match: re.Match[str], sent: Sentence, orgs: Sequence[Entity]
) -> MeetingMention | None:
    """(org, its mention, head, number, number as written, khóa, start, end, sentence) or None."""
    found = _at(orgs, match.end())
    if found is None:
        return None
    org, mention = found
    khoa = _KHOA.match(doc.text, mention.end, sent.end)
    end = khoa.end() if khoa else mention.end
    tail = re.match(rf"\s*,?\s*{_ORDINAL}", doc.text[end : sent.end])
    written = match.group("ord") or (tail.group("ord") if tail else None)
    number = ordinal(written) if written else None
    end += tail.end() if tail else 0
    legislature = khoa.group("khoa") if khoa else None
    if legislature and legislature.isdigit():
        legislature = roman(int(legislature))  # "khóa 14" is "khóa XIV"
    if not (number or legislature or _DATE.search(doc.text, sent.start, sent.end)):
        return None
    if "," in match.group(0) and not legislature:
        return None  # "tại kỳ họp thứ ba, Bộ GTVT cho biết": a new clause, not the organiser
    return (
        org,
        mention,
        match.group("head").capitalize(),
        number,
        written,
        legislature,
        match.start(),
        end,
        sent.index,
    )


def _meeting_label(head: str, number: int | None, body: str, khoa: str | None) -> str:
    head = head.capitalize()
    numbered = f" {'lần ' if head == 'Hội nghị' else ''}thứ {number}" if number else ""
    return f"{head}{numbered} {body}" + (f" khóa {khoa}" if khoa else "")


def _when(doc: Document) -> str:
    date = str(doc.meta.get("date") or "").strip()
    return slugify(date) if date else doc.doc_id[:8]


def _reported_meeting(doc: Document, context: PlaceContext, orgs: Sequence[Entity], terms: Terms) -> Found:
    """The working session an article reports: "A [đã có buổi] làm việc với B" in its title or
    lede, with every "buổi làm việc" of the text as a further mention."""
    for sent in doc.sentences[:3]:
        match = _WORKING.search(doc.text, sent.start, sent.end)
        host = _ending(orgs, match.start(), ("Role", "Organization", "Person")) if match else None
        if host is None or match is None:
            continue
        guest = _at(orgs, match.end()) or _at(named_places(context), match.end(), _PLACES)
        host_text = _host(doc, sent.start, match.start(), host)
        guest_text, end = _guest(doc, match.end(), sent.end, guest)
        if not host_text or not guest_text:
            continue
        label = f"Buổi làm việc của {host_text} {match.group('prep')} {guest_text}"
        mentions = {span(doc, host[1].start, end)}
        mentions |= {span(doc, m.start(), m.end()) for m, _ in finditer(_SESSION, doc)}
        event = Entity("Meeting", f"{slugify(label)}-{_when(doc)}", label, mentions=tuple(sorted(mentions)))
        place = guest[0] if guest and guest[0].type in _PLACES else None
        return [event], _relations(
            event, span(doc, host[1].start, end), _organiser(host[0], orgs), place, _term_in(sent.index, terms)
        )
    return [], []


def _host(doc: Document, start: int, end: int, found: tuple[Entity, Span]) -> str | None:
    """The host as the label names it: the entity's label when its mention is the whole
    phrase before the verb, else the phrase as written (at most 12 words)."""
    entity, mention = found
    written = re.split(r"[:;,]\s*", doc.text[start:end])[-1].strip()  # not "Ngày 7/2, …"
    if mention.start <= end - len(written):
        return entity.label
    return written if 0 < len(written.split()) <= 12 else None


def _guest(doc: Document, start: int, stop: int, found: tuple[Entity, Span] | None) -> tuple[str | None, int]:
    cut = _GUEST_END.search(doc.text, start, stop)
    end = cut.start() if cut else stop
    if found is not None and found[1].end == end:
        return found[0].label, end
    written = doc.text[start:end].strip()
    return (written if 0 < len(written.split()) <= 12 else None), end


def _organiser(entity: Entity, orgs: Iterable[Entity]) -> Entity | None:
    """The organisation behind a host: itself, or the body a role belongs to."""
    if entity.type == "Organization":
        return entity
    bodies = [o for o in orgs if o.type == "Organization" and entity.label.endswith(" " + o.label)]
    return max(bodies, key=lambda o: len(o.label), default=None)


# --- elections -------------------------------------------------------------------------------


def _elections(doc: Document, context: PlaceContext, orgs: Sequence[Entity], terms: Terms) -> Found:
    """ "bầu cử Quốc hội khóa XIV": an Event of its own (held nationwide, so no place)."""
    entities: list[Entity] = []
    relations: list[Relation] = []
    for match, sent in finditer(_ELECTION, doc):
        label = f"Bầu cử Quốc hội khóa {match.group('khoa')}"
        event = _event(
            doc, "Event", label, match.start(), match.end(), aliases=(_written(doc, match.start(), match.end()),)
        )
        entities.append(event)
        relations += _relations(event, event.mentions[0], None, None, _term_in(sent.index, terms))
    return entities, relations
