"""Plan: what the graph and the passages are asked for one interpreted question.

The intent's graph handler comes from a table (:data:`search.qa.graph.HANDLERS`);
:func:`targeted` says whether the graph's answers answer the question itself or only
surround its entity; :func:`subject_phrase` gives the words the passage reader looks for.
"""

from __future__ import annotations

import re

from kg.text import LOWER, UPPER, fold

from .expect import WORKS, Expected, work_roles
from .lexicon import token_spans, tokens
from .reader import STOP
from .understand import PLACE_TYPES, Interpretation

READABLE = ("figure", "date", "entity", "said")
# A person's name as written: capitalised words in a row ("Vũ Thanh Ca", "Nguyen Thi Kim Ngan")
_NAME = re.compile(rf"(?:[{UPPER}][{LOWER}]+\s+){{1,4}}[{UPPER}][{LOWER}]+")


#: "… vu hong thanh noi gi ve …": the (up to three) words before a verb of saying name the speaker
_SAID_BY = re.compile(
    r"(?P<before>(?:[a-z]+ ){1,3})(?:da )?(?:noi|phat bieu|cho biet|nhan dinh|danh gia|de nghi|"
    r"kien nghi|khang dinh|nhan manh)(?: gi| nhu the nao| the nao)"
)
_TITLE_WORDS = frozenset("ong ba pgs gs ts ths dai bieu db bo truong thu chu tich pho nhiem giam doc bi thu".split())


#: A body's role in a work as questions write it (search.qa.expect.ROLES, folded) -> the graph's relation
ROLE_RELATIONS = {
    "chu dau tu": "investor",
    "nha dau tu": "investor",
    "nha thau": "contractor",
    "tong thau": "contractor",
    "thi cong": "contractor",
}
BODY_TYPES = ("Company", "Organization")


def role_asked(q: Interpretation, want: Expected | None) -> str | None:
    """The relation (``investor``, ``contractor``) a question asks along between a work and a
    body, when it names one end and wants the other: "Ai là chủ đầu tư dự án X?" (a work named,
    a body wanted), "Các dự án do X đầu tư?" (a body named, works wanted); else None."""
    if want is None or want.kind != "entity" or q.entity is None:
        return None
    wants_works = any(t in WORKS for t in want.types)
    if q.entity.type in BODY_TYPES and wants_works:
        roles = want.role or work_roles(fold(q.question))
    elif q.entity.type in WORKS and not wants_works:
        roles = want.role
    else:
        return None
    return next((ROLE_RELATIONS[r] for r in roles if r in ROLE_RELATIONS), None)


def targeted(q: Interpretation, want: Expected) -> bool:
    """Whether the graph's answers answer this question, not merely its entity: the value of
    an indicator the question named; entities of a type within a place, of a topic or about an
    entity; the 2025 successor; the people of an entity's roles."""
    if want.kind == "figure":
        return q.intent in ("value", "status") and not names_unlinked_work(q)
    if want.kind == "entity":
        return (
            q.intent in ("top", "path", "term")
            or q.intent in ("where", "related")
            and bool(q.place or q.entity or q.topic)
            or q.intent in ("list", "count")
            and bool(q.place or q.entity or q.topic)
            and not says_more(q)
            or q.intent == "about"
            and "Person" in want.types
        )
    return want.kind == "successor"


#: Words that name a work or a body by its kind ("dự án BOT Ninh An", "the hi-tech park"), folded
_WORK_WORDS = re.compile(
    r"(?<![a-z])(?:du an|cong trinh|cau vuot|(?<!nhu )(?<!yeu )cau|nha may|khu do thi|khu cong nghe|"
    r"khu cong nghiep|cum cong nghiep|duong sat|cang bien|san bay|benh vien|trung tam|cong ty|"
    r"tap doan|project|bridge|overpass|plant|factory|airport|seaport|railway|park|centre|center|"
    r"hospital|urban area|company|group)(?![a-z])"
)


def names_unlinked_work(q: Interpretation) -> bool:
    """Whether the question names a work or a company by its kind in words no graph name
    covered ("Dự án BOT Ninh An ở Khánh Hòa có tổng mức đầu tư bao nhiêu?" when the graph does not
    hold that project): the figures the graph holds for the place are then another subject's."""
    if any(n.type not in PLACE_TYPES and n.type != "Indicator" for m in q.matches for n in m.of_kind("entity")):
        return False  # the work or body is linked: the graph's query is about it
    covered = {i for m in q.matches if m.of_kind("entity") for i in range(m.start, m.end)}  # class words stay
    words = tokens(q.question)
    loose = " ".join(w if i not in covered else "|" for i, w in enumerate(words))
    return bool(_WORK_WORDS.search(loose))


def says_more(q: Interpretation) -> bool:
    """Whether the question has words the graph did not understand besides asking for a list:
    "Những tuyến đường nào ở TP.HCM được nâng cao để chống ngập?" is not every road of the city."""
    covered = {i for m in q.matches for i in range(m.start, m.end)}
    return any(i not in covered and word not in NOT_CONTENT for i, word in enumerate(tokens(q.question)))


#: Words that ask for a list without narrowing it ("which parks are there?", "list all roads").
NOT_CONTENT = STOP | frozenset(
    "list all show every each give me there any liet ke tat ca hay cho biet "
    "co nhung cac thuoc nam gom bao belong belongs located lie lies inside within "
    "part under have has contain contains include includes exist exists hien "
    "nhac toi nhu mentioned named cited referred appear appears xuat made raised put forward given "
    "submitted dua ra neu di qua chay qua pass passes through run runs".split()
)


#: Verbs of saying as questions write them (the speaker's name stands right before)
_SAYS = re.compile(
    r"(?<!\w)(?:say|says|said|think|thinks|thought|nói|phát biểu|cho biết|nhận định|đánh giá|"
    r"khẳng định|nhấn mạnh|đề nghị|kiến nghị)(?!\w)",
    re.IGNORECASE,
)


def speaker(question: str) -> str | None:
    """The capitalised name nearest before the verb of saying ("What did Economic Committee
    chairman Vu Hong Thanh say about … Ho Chi Minh City?" is Vu Hong Thanh's words), else the
    longest capitalised name; None when the question has none."""
    names = list(_NAME.finditer(question))
    if not names:
        return None
    verb = _SAYS.search(question)
    before = [m for m in names if verb and m.end() <= verb.start()]
    return (before[-1] if before else max(names, key=lambda m: len(m.group()))).group()


_DESIGNATOR = re.compile(
    r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường|tinh|thanh pho|huyen|quan|"
    r"thi xa|thi tran|xa|phuong)\s+(?=\S)",
    re.IGNORECASE,
)


def place_only(q: Interpretation) -> bool:
    """Whether the only thing the question names (besides a measure) is a place: a figure
    "of Lạng Sơn" is then read only where the passage names it."""
    named = [n for m in q.matches for n in m.of_kind("entity") if n.type != "Indicator"]
    return bool(named) and all(n.type in PLACE_TYPES for n in named)


def subject_phrase(q: Interpretation, want: Expected) -> str | None:
    """The words of the question that name what it is about (the entity the lexicon found
    there, as the question writes it): the reader looks for them in the passages."""
    spans = token_spans(q.question)
    named = [m for m in q.matches if m.of_kind("entity")]
    if want.kind == "said":  # whose words: a person the graph knows, else the name as capitalised
        people = [m for m in named if any(n.type in ("Person", "Role") for n in m.of_kind("entity"))]
        if people:
            m = people[0]
            return q.question[spans[m.start][1] : spans[m.end - 1][2]]
        run = speaker(q.question)
        if run:
            return " ".join(run.split()[-3:])
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
        name = next(n for n in m.of_kind("entity") if n.type != "Indicator")
        # "the Dai Ngai bridge": the articles write its Vietnamese name, "cầu Đại Ngãi"
        written = name.label if q.language == "en" else q.question[spans[m.start][1] : spans[m.end - 1][2]]
        # a place by its name alone: articles write "Lạng Sơn", "Lê Hồng" (their title, "xã" in the text)
        return _DESIGNATOR.sub("", written) if name.type in PLACE_TYPES else written
    return None
