"""Plan: what the graph and the passages are asked for one interpreted question.

The intent's graph handler comes from a table (:data:`search.qa.graph.HANDLERS`);
:func:`targeted` says whether the graph's answers answer the question itself or only
surround its entity; :func:`subject_phrase` gives the words the passage reader looks for.
"""

from __future__ import annotations

import re

from kg.text import LOWER, UPPER

from .lexicon import token_spans, tokens
from .reader import STOP
from .understand import PLACE_TYPES, Interpretation

READABLE = ("figure", "date", "entity", "said")
# A person's name as written: capitalised words in a row ("Vũ Thanh Ca", "Nguyen Thi Kim Ngan")
_NAME = re.compile(rf"(?:[{UPPER}][{LOWER}]+\s+){{1,4}}[{UPPER}][{LOWER}]+")


#: "… vu hong thanh noi gi ve …": the (up to three) words before a verb of saying name the speaker
_SAID_BY = re.compile(r"(?P<before>(?:[a-z]+ ){1,3})(?:da )?(?:noi|phat bieu|cho biet|nhan dinh|danh gia|de nghi|"
                      r"kien nghi|khang dinh|nhan manh)(?: gi| nhu the nao| the nao)")
_TITLE_WORDS = frozenset("ong ba pgs gs ts ths dai bieu db bo truong thu chu tich pho nhiem giam doc bi thu".split())


def targeted(q: Interpretation, want) -> bool:
    """Whether the graph's answers answer this question, not merely its entity: the value of
    an indicator the question named; entities of a type within a place, of a topic or about an
    entity; the 2025 successor; the people of an entity's roles."""
    if want.kind == "figure":
        return q.intent in ("value", "status")
    if want.kind == "entity":
        return q.intent in ("top", "path", "term") \
            or q.intent in ("where", "related") and bool(q.place or q.entity or q.topic) \
            or q.intent in ("list", "count") and bool(q.place or q.entity or q.topic) and not says_more(q) \
            or q.intent == "about" and "Person" in want.types
    return want.kind == "successor"


def says_more(q: Interpretation) -> bool:
    """Whether the question has words the graph did not understand besides asking for a list:
    "Những tuyến đường nào ở TP.HCM được nâng cao để chống ngập?" is not every road of the city."""
    covered = {i for m in q.matches for i in range(m.start, m.end)}
    return any(i not in covered and word not in NOT_CONTENT for i, word in enumerate(tokens(q.question)))


#: Words that ask for a list without narrowing it ("which parks are there?", "list all roads").
NOT_CONTENT = STOP | frozenset("list all show every each give me there any liet ke tat ca hay cho biet "
                               "co nhung cac thuoc nam gom bao belong belongs located lie lies inside within "
                               "part under have has contain contains include includes exist exists hien "
                               "nhac toi nhu mentioned named cited referred appear appears xuat".split())


def subject_phrase(q: Interpretation, want) -> str | None:
    """The words of the question that name what it is about (the entity the lexicon found
    there, as the question writes it): the reader looks for them in the passages."""
    spans = token_spans(q.question)
    named = [m for m in q.matches if m.of_kind("entity")]
    if want.kind == "said":  # whose words: a person the graph knows, else the name as capitalised
        people = [m for m in named if any(n.type in ("Person", "Role") for n in m.of_kind("entity"))]
        if people:
            m = people[0]
            return q.question[spans[m.start][1]:spans[m.end - 1][2]]
        run = _NAME.findall(q.question)
        if run:
            return " ".join(max(run, key=len).split()[-3:])
        # no capitals ("pgs ts vu thanh ca noi gi ve thuy dien"): the words before the verb of saying
        said = _SAID_BY.search(" ".join(tokens(q.question)))
        words = said.group("before").split() if said else []
        while words and words[0] in _TITLE_WORDS:
            words.pop(0)
        return " ".join(words) if len(words) >= 2 else None
    named = [m for m in named if any(n.type != "Indicator" for n in m.of_kind("entity"))]  # a measure names no subject
    preferred = [m for m in named if not any(n.type in PLACE_TYPES for n in m.of_kind("entity"))] or named
    if preferred:
        m = max(preferred, key=lambda m: m.end - m.start)
        if q.language == "en":  # "the Dai Ngai bridge": the articles write its Vietnamese name, "cầu Đại Ngãi"
            return next(n.label for n in m.of_kind("entity") if n.type != "Indicator")
        return q.question[spans[m.start][1]:spans[m.end - 1][2]]
    return None
