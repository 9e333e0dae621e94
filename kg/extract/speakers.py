"""Who makes a request when the other extractors do not name them: people and associations.

:mod:`kg.extract.orgs` keeps to state bodies whose place it can resolve, and to people as
holders of such roles ("Chủ tịch UBND tỉnh Trịnh Việt Hùng"). Requests are often made by
others: an association's chairman ("ông Lê Hoàng Châu, Chủ tịch Hiệp hội Bất động sản
TP.HCM kiến nghị …"), a National Assembly committee ("UB Tài chính - Ngân sách (TCNS) của
QH"), a deputy ("ĐB Nguyễn Phước Lộc đề nghị …"). This module names them, only in the
sentences that hold a request word, so that a proposal's ``by`` and ``addressed_to`` can
point at them:

* a person: an honorific or "đại biểu" and a name that starts with a Vietnamese family name
  ("ông Lê Hoàng Châu", "bà Nguyễn Thị Lan", "ĐB Nguyễn Phước Lộc");
* an association or committee: "Hiệp hội", "Liên đoàn", "Ủy ban"/"UB", "Hội", "Ban Quản
  lý", "Phòng Thương mại", "Viện" followed by at least two capitalised words, with an
  abbreviation in brackets as an alias ("Hiệp hội Bất động sản TP.HCM (Horea)"), which
  names it again further on ("UB TCNS", "Horea"). Lower-case words may sit inside the name
  when a capitalised one follows ("Bất động sản TP.HCM").

Names another extractor already found (an overlapping mention) are left to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..document import Document
from ..text import slugify
from .model import Entity, merge_entities
from .orgs import SURNAMES
from .proposals import TRIGGER, UP
from .spans import span

_WORD = rf"[{UP}][\w&.]*"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    surnames = "|".join(sorted(SURNAMES, key=len, reverse=True))
    person = re.compile(
        rf"(?<!\w)(?:[Ôô]ng|[Bb]à|ĐB|[Đđ]ại biểu)\s+"
        rf"(?P<name>(?:{surnames})(?:\s+{_WORD}){{1,3}})(?![\w&])"
    )
    lower, sep = rf"(?![{UP}\d])\w+", r"(?:\s*-\s*|\s+)"
    body = re.compile(
        rf"(?<!\w)(?P<name>(?P<head>Hiệp hội|Liên đoàn|Ủy ban|UB|Hội|Ban Quản lý|"
        rf"Phòng Thương mại|Viện)\s+{_WORD}"
        rf"(?:{sep}(?:{lower}{sep}){{0,3}}(?:{_WORD}|\d+)){{1,6}}"
        rf"(?:(?:{sep}{lower}){{1,3}}(?=\s*\([{UP}]))?)"
        rf"(?:\s*\((?P<abbr>[{UP}][\w&.-]+)\))?"
    )
    return person, body


def _without_holder(name: str) -> str:
    """An organisation's name without the person named right after it (three or four
    capitalised words from a family name on: "Vũ Hải Hà", not the place "Hà Nội")."""
    words = name.split(" ")
    for i in range(2, len(words) - 1):
        if words[i] in SURNAMES and all(w[:1].isupper() for w in words[i:]) and 3 <= len(words) - i <= 4:
            return " ".join(words[:i])
    return name


def speaker_entities(doc: Document, entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """People and associations named in the sentences of a document that hold a request
    word, when no other extractor found them (see the module docstring)."""
    taken = [
        (m.start, m.end)
        for e in entities
        for m in e.mentions
        if e.type in ("Organization", "Company", "Role", "Person")
    ]
    person, body = _patterns()
    found = []
    for sent in doc.sentences:
        if not TRIGGER.search(doc.text, sent.start, sent.end):
            continue
        for pattern, type_ in ((person, "Person"), (body, "Organization")):
            for match in pattern.finditer(doc.text, sent.start, sent.end):
                start, end = match.span("name")
                if type_ == "Organization":  # "Ủy ban Đối ngoại Vũ Hải Hà": the chairman follows
                    end = start + len(_without_holder(doc.text[start:end]))
                if any(s < end and start < e for s, e in taken):
                    continue
                name = " ".join(doc.text[start:end].split())
                abbr = match.groupdict().get("abbr")
                mentions = [span(doc, start, end)]
                taken.append((start, end))
                if abbr:  # "UB TCNS", "Horea" further on
                    short = re.compile(
                        rf"(?<!\w)(?:{re.escape(match.group('head'))}\s+)?"
                        rf"{re.escape(abbr)}(?![\w&])"
                    )
                    for other in short.finditer(doc.text, match.end()):
                        if not any(s < other.end() and other.start() < e for s, e in taken):
                            mentions.append(span(doc, *other.span()))
                            taken.append(other.span())
                found.append(Entity(type_, slugify(name), name, (abbr,) if abbr else (), mentions=tuple(mentions)))
    return merge_entities(found)
