"""Proposals and directives: who asks whom to do what, one Statement per item.

Government news reports requests with a handful of verbs: *đề xuất*, *kiến nghị*, *đề nghị*,
*xin* and *mong muốn* (proposals) and *yêu cầu*, *chỉ đạo*, *giao* (directives). *Đề nghị* is
a directive in substance when a superior asks its subordinates: "các sở, ngành", "chính
quyền các tỉnh", the Prime Minister to "các bộ", a local body told it "cần" act (unless a
business or an association asks), a province's body to a district's. The same words are
nouns as well ("những yêu cầu của sự phát triển", "Ban Chỉ đạo", "xét đề nghị của …"), so
a word counts in verb use only, or as a noun that introduces its content ("những đề xuất,
kiến nghị của địa phương, liên quan đến …"). Not requests: supposed ("nếu … yêu cầu"),
denied ("không đề xuất"), passive or relative ("được cử tri kiến nghị", "do UBND tỉnh đề
nghị"), a body's remit ("có nhiệm vụ nghiên cứu, tư vấn, đề xuất …"), an instruction to the
public ("Đề nghị ông (bà) truy cập …"), *xin* in a private sense. The patterns are in
:mod:`kg.extract.proposals`; this module reads the requests and their items.

A request's content runs from its verb (and what follows it before the asked: "với",
"rằng", a quotation mark, "trong thời gian tới:", "Thứ nhất,") to the next request verb that
opens a clause of its own ("đề nghị … và đề xuất …", "…, nếu … thì sở đề xuất …"), a
closing quotation mark, a photo caption or a heading run into the sentence, a contrast with
another subject ("… song các đơn vị … không thực hiện"), or the speaker's own next verb
("…, đồng thời khẳng định …"). A condition in front of the verb belongs to the request
("Đối với …, thì kiến nghị Chính phủ …"). The content is cut into items: at ``;`` (a segment
opening with an action verb goes on with the list, one opening with *hoặc* is an
alternative of the item before, anything else ends it), at enumerations ("Thứ hai, …", also
in the next sentences), and at ``,``, *và*, *đồng thời* where both sides are verb phrases
with objects of their own ("hỗ trợ lãi suất vay … và miễn tiền sử dụng đất …"), never inside
"như …", "nhất là …", a purpose clause ("để …, bảo đảm …") or a nested request. The objects
*xin* asks for are items of their own ("xin được tăng hạn mức …, cũng như cơ chế …"). A
request restated word for word is kept once.

Who asks (``by``) is the organisation, company, role or person named just before the verb
or as the clause's subject, the body of a place named as subject ("Riêng Cà Mau kiến nghị"
→ UBND tỉnh Cà Mau), the ministry or department of the document for a bare "Bộ", "sở", the
last proposer for "đơn vị này", the role last named for an honorific ("Đồng chí yêu cầu"),
the speaker after a quotation or of the main clause after a fronted request, and the
document's own body for "thành phố", "tỉnh". Who is asked (``addressed_to``) is the body
named right after the verb ("kiến nghị với Bộ …", "đề nghị Chính phủ …"), a bare "Bộ" or
"thành phố" resolved in the document, or the body the letter went to ("có công văn gửi Bộ
Công an đề nghị …"). Sentences after a request go on with it: enumerations, a quotation
still open, a connector with a modal ("Ngoài ra, trung ương cần …"), the next measure of a
list that opens with its verb and no subject ("Duy trì tạm thời …", one remark between
allowed), and what the request obliges someone to ("… thì Công ty phải …"); for directives
any sentence with *cần*. Such lists are common in a department's plan or a minister's answer
at question time; the labellers count each sentence as a proposal.

Topics come from the item's words (:mod:`kg.extract.topics`), from the kinds of the works it
names (a bridge is transport), and, for "dự án", "công trình" without a name, from the kind
of work the article's title names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..document import Document
from ..text import Sentence
from . import proposals as cue
from .model import Entity, PlaceContext, Ref, Statement
from .projects import KINDS
from .spans import span
from .topics import MAX_TOPICS, assign_topics, broader_closure, concepts, most_specific

if TYPE_CHECKING:
    from ..embeddings import Encoder

_Named = tuple[int, int, Entity]  # an entity's mention: (start, end, entity)


def _trailing(body: str) -> int:
    """Length of the joining words and punctuation ``body`` ends with."""
    found = cue.TRAILING_JOIN.search(body)
    assert found is not None  # it matches the empty string
    return len(found.group(0))


def _lead_end(text: str, start: int, end: int) -> int:
    """Where a segment's content starts, past its leading connectors and request verb."""
    found = cue.LEAD.match(text, start, end)
    assert found is not None  # it matches the empty string
    return found.end()


_SPEAKERS = ("Organization", "Company", "Role", "Person", "Country")  # "Nhật Bản đề nghị Việt Nam …"
_PLACES = ("Province", "City", "Ward")
_TYPE_TOPICS = {
    "IndustrialPark": "industrial-parks",
    "Road": "transport",  # a request about a work is about its kind
    **dict.fromkeys(
        ("Bridge", "Interchange", "Tunnel", "RailwayLine", "Expressway", "Airport", "Seaport", "Canal"), "transport"
    ),
    "PowerLine": "infrastructure",
}
_RANK = (r"UBND|Ủy ban nhân dân", r"HĐND|Hội đồng nhân dân", r"\w+ ủy", r"Ban Thường vụ")
_KIND_LABELS = {"Proposal": "Đề xuất", "Directive": "Chỉ đạo"}
#: A body's head and an unknown name just before a place: "Sở VHTT Hà Nội", "Công an Hà Tây".
_UNKNOWN_BODY = re.compile(
    r"(?<!\w)(?:Sở|Cục|Chi cục|Ban|Phòng|Công an|Hội|Hiệp hội|Trường|Bệnh viện|"
    r"Công ty|Tổng công ty|Tập đoàn|Viện|Trung tâm|Đài|Báo)(?:\s+[A-ZĐ&][\w&-]*)*\s+$"
)
# "đồng thời" ("at the same time") always joins two actions: it may follow a nested request
# ("đề nghị UBND … chỉ đạo … dừng thi công, đồng thời tổ chức hội nghị …") and a short object.
#: The bodies and offices that direct others (see ``_Finder.superior``).
_GOVERNING = re.compile(
    r"(?:UBND|HĐND|Ủy ban nhân dân|Chính phủ|Thủ tướng|Bộ|Sở|Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|"
    r"Ban Bí thư|Bộ Chính trị|Quốc hội|Văn phòng Chính phủ|Chủ tịch|Bí thư|Giám đốc Sở|Tổng cục|Cục)(?!\w)"
)
#: Sectoral bodies and their heads: they ask territorial governments, they do not order them
_SECTORAL = re.compile(r"(?:(?:Bộ trưởng|Thứ trưởng|Giám đốc|Phó Giám đốc)\s+)?(?:Bộ|Sở|Tổng cục|Cục)(?!\w)")
#: Territorial governments addressed: "UBND các tỉnh", "các tỉnh, thành phố", "các địa phương"
_TERRITORIAL = re.compile(
    r"(?:(?:các|những)\s+)?(?:UBND|Ủy ban nhân dân|tỉnh|thành phố|TP|địa phương|huyện|quận)(?!\w)", re.I
)
_AT_SAME_TIME = re.compile(r"đồng thời", re.I)
_MEASURE = re.compile(r"(?:biện pháp|giải pháp|phương án|việc)\s+", re.I)
ACTIONS = cue.ACTIONS


@dataclass(frozen=True)
class _Request:
    kind: str
    by: Ref | None
    addressed_to: Ref | None
    verb: str = ""
    main: bool = True  # False for a request named inside a fronted adverbial ("Về việc …")


@dataclass(frozen=True)
class _Item:
    request: _Request
    sentence: int
    start: int
    end: int


@dataclass
class _Open:
    """What a request leaves open for the next sentences: an enumeration or a quotation."""

    request: _Request
    sentence: int
    enumerated: bool = False
    quoted: bool = False
    listed: int = 0  # items still to come of a list announced with its count ("6 nhóm đề xuất")


@dataclass
class _Cue:
    """A request verb in verb use: its content runs from ``start`` to at most ``end``; the
    first item begins at ``begin`` (before the verb when a condition comes first). A request
    quoted before its verb has ``regions`` instead."""

    at: int
    verb: str
    kind: str
    start: int
    end: int
    begin: int
    regions: tuple[tuple[int, int], ...] = field(default=())
    limit: int = -1  # where the request before ends, when this one opens a clause


def extract_statements(
    doc: Document, context: PlaceContext, entities: tuple[Entity, ...], encoder: Encoder | None = None
) -> tuple[Statement, ...]:
    """Every proposal and directive of a document, one Statement per item of a list.

    Args:
        doc: the prepared document.
        context: its places (to resolve "Thành phố kiến nghị" to the city's body).
        entities: what the other extractors found; their mentions give ``concerns``, ``by``
            and ``addressed_to``.
        encoder: optional :class:`kg.embeddings.Encoder` for embedding-corrected topics.

    Returns:
        Statements in text order.
    """
    finder = _Finder(doc, context, entities)
    items: list[_Item] = []
    for sent in doc.sentences:
        items += finder.sentence_items(sent, items) or finder.continuation(sent, items)
    return _statements(doc, entities, items, encoder)


class _Finder:
    """Reads the requests of one document; holds its text and the entities found in it."""

    def __init__(self, doc: Document, context: PlaceContext, entities: Sequence[Entity]) -> None:
        self.doc, self.text, self.context = doc, doc.text, context
        self.mentions: list[_Named] = sorted(
            ((m.start, m.end, e) for e in entities if e.type in _SPEAKERS for m in e.mentions), key=lambda n: n[:2]
        )
        self.places: list[_Named] = sorted(
            ((m.start, m.end, e) for e in entities if e.type in _PLACES for m in e.mentions), key=lambda n: n[:2]
        )
        self.orgs = [e for e in entities if e.type == "Organization"]
        #: every name's span: a list is not cut inside one ("Trung tâm nghiên cứu và phát triển Samsung")
        self.names: list[tuple[int, int]] = sorted((m.start, m.end) for e in entities for m in e.mentions)
        self.named = [e for e in entities if e.type in _SPEAKERS]
        self.open: _Open | None = None

    # -- sentences ------------------------------------------------------------------------

    def sentence_items(self, sent: Sentence, before: list[_Item]) -> list[_Item]:
        """The items of every request in one sentence."""
        cues = [
            c
            for m in cue.TRIGGER.finditer(self.text, sent.start, sent.end)
            if (c := self.verb_use(sent, m)) is not None
        ]
        if not cues:
            self.announced(sent, before)
            return []
        starts: list[_Cue] = []  # the cues that open a request of their own
        for c in cues:
            if not starts or self.opens_clause(starts[-1], c):
                starts.append(c)
        self.open = None
        items: list[_Item] = []
        current = None
        for i, c in enumerate(starts):
            request = self.request(sent, c, current, before + items)
            if i == 0 and c.kind == "Directive" and (carried := self.listed_on(sent, c, before)):
                request = carried
            if c.verb == "chỉ đạo" and request.by is None and request.addressed_to is None:
                continue  # "xử lý và chỉ đạo thực hiện …": a duty listed, not a directive
            if c.regions:  # a quotation before the verb, in this sentence or the ones before
                for s, e in c.regions:
                    index = span(self.doc, s, e).sentence
                    items += [_Item(request, index, a, b) for a, b in self.split(s, e, c.kind, c.verb)]
                current = request
                continue
            limit = starts[i + 1].limit if i + 1 < len(starts) else sent.end
            end = self.end_of(sent, c, min(c.end, limit))
            if request.by is None and not self.text[sent.start : c.at].strip(" “\"'-"):
                # "Đề nghị X …, Thủ tướng khuyến khích …": the speaker of the main clause
                after = re.match(r"[\s,]+", self.text[end : end + 4])
                if after and (speaker := self.entity_at(end + after.end())):
                    request = _Request(request.kind, speaker.ref, request.addressed_to, request.verb, request.main)
            found = [_Item(request, sent.index, s, e) for s, e in self.segments(c.kind, c.verb, c.begin, end)]
            if found:
                items += found
                current = request
            if found or text_ends_with_colon(self.text, c):
                self.note_open(sent, c, request, end)
        return items

    def listed_on(self, sent: Sentence, c: _Cue, before: list[_Item]) -> _Request | None:
        """A sentence that opens on a bare directive verb right after a recommendation is its
        next item, not an order ("Bộ Tài chính kiến nghị UBND tỉnh … . Chỉ đạo các cơ quan của
        tỉnh …"): the recommendation's request, when the sentence names no speaker first."""
        if self.text[sent.start : c.at].strip(" “\"'-–•+*"):
            return None
        asked = [
            i for i in before if i.request.kind == "Proposal" and i.request.main and 0 < sent.index - i.sentence <= 2
        ]
        return asked[-1].request if asked else None

    def verb_use(self, sent: Sentence, match: re.Match[str]) -> _Cue | None:
        """The cue with its content, or None when the word is no request here."""
        text, verb = self.text, match.group(0).lower()
        before = text[max(sent.start, match.start() - 40) : match.start()]
        clause = text[sent.start : match.start()]
        if cue.supposed(clause) or cue.denied(before) or cue.duty(clause):
            return None
        if verb not in cue.DIRECTIVES and cue.OBLIGED.search(before):
            return None  # "… phải đề xuất giải pháp": a duty laid on someone, not a request made
        if verb == "giao" and cue.NOT_GIAO.search(before):
            return None
        if verb in cue.WISHES and not self.wish(sent, match, before):
            return None
        if (
            verb in cue.DIRECTIVES
            and cue.BY_WHOSE.search(clause)
            and (whose := cue.OF_WHOM.match(text, match.end(), sent.end))
            and cue.PROPOSAL_MODAL.search(text, whose.end(), sent.end)
        ):
            # "Cũng theo yêu cầu của lãnh đạo thành phố, trong tháng 9, quận Tây Hồ phải …": the
            # rest of the sentence is what was demanded, by whom "của" names ("Theo đề nghị của
            # Sở Nội vụ, UBND tỉnh đã quyết định …" reports a decision, and is no request)
            start, end = whose.end(), sent.end
            return _Cue(match.start(), verb, self.kind(verb, start), start, end, start)
        if self.is_noun(match, before):
            intro = cue.INTRO.match(text, match.end(), sent.end) if verb in cue.PROPOSALS else None
            if not (intro and self.possessor(match)):
                return None
            start = intro.end()
        else:
            if verb not in cue.DIRECTIVES and cue.passive(before):
                return None
            start = cue.content_start(text, match.end(), sent.end)
            if (
                verb in ("giao", "chỉ đạo")
                and not self.addressed(start)
                and (
                    verb == "giao" or not (cue.ACTION.match(text, start) or text[match.end() : match.end() + 1] == ":")
                )
            ):
                return None
        end = sent.end
        quote = '[”"]' if text.count('"', sent.start, match.start()) % 2 else "”"
        if closing := re.compile(quote).search(text, start, end):
            end = closing.start()  # the request ends with the quotation it is in
        if stop := cue.break_at(text, start, end):
            end = stop  # a caption, a heading run in, a contrast
        if cue.SUPPOSING.search(clause) and (then := re.search(r"\s+thì\s", text[start:end])):
            end = start + then.start()  # "Ngay cả khi dự thảo đã đề xuất tăng … thì cũng khó …"
        if cue.IN_RELATIVE.search(before) and (comma := text.find(",", start, end)) > 0:
            end = comma  # "Trong 126 mặt hàng mà BHXH đề nghị thương thảo lại giá, chỉ 2 …"
        kind = self.kind(verb, start)
        if verb in cue.PROPOSALS + cue.WISHES and cue.INSTRUCTED.match(text, start):
            return None  # "Đề nghị ông (bà) truy cập …": an instruction to the public
        if verb == "đề nghị" and cue.ASKS_TO_TELL.match(text, start, end):
            return None  # "Đề nghị Bộ trưởng cho biết …": a question
        listing = text[match.end() : end].rstrip(" …").endswith(":")
        if len(text[start:end].split()) >= 3 or listing:
            clause_start = max(sent.start, text.rfind(";", sent.start, match.start()) + 1)
            begin = cue.condition_start(text, clause_start, match.start())
            return _Cue(match.start(), verb, kind, start, end, start if begin is None else begin)
        quoted = self.quoted(sent, match)
        return _Cue(match.start(), verb, kind, 0, 0, 0, quoted) if quoted else None

    def wish(self, sent: Sentence, match: re.Match[str], before: str) -> bool:
        """*xin* and *mong muốn* ask only after a subject and, for *xin*, before what is
        asked for; *mong muốn* only with a body addressed."""
        verb, after = match.group(0).lower(), match.end()
        if verb == "xin" and cue.XIN_OBJECT.match(self.text, after):
            text = self.text[max(sent.start, match.start() - 100) : match.start()]
            if cue.XIN_DOCUMENT.search(text) and not cue.PRIVATE.search(before):
                return True
        if cue.NOT_WISH_BEFORE.search(before) or cue.RELATIVE.search(before) or not before.strip(" ,;“\"'-"):
            return False
        if verb == "xin":
            subject = (
                cue.XIN_SUBJECT.search(before)
                or self.subject_before(match)
                or re.search(rf"[{cue.UP}][\w.]*(?:\s+(?:cũng|đã|sẽ|đang|vẫn|còn))*\s+$", before)
                and not cue.NAMED_PERSON.search(before)
                and not cue.PRIVATE.search(before)
            )
            return bool(subject) and bool(cue.XIN_OBJECT.match(self.text, after) or self.addressed(after + 1))
        return self.addressed(cue.content_start(self.text, after, sent.end))

    def is_noun(self, match: re.Match[str], before: str) -> bool:
        verb, after = match.group(0).lower(), match.end()
        if cue.SENT_FOR.search(before):
            return False  # "gửi 18 nhà thầu văn bản đề nghị …": what the letter asks
        if cue.NOUN_BEFORE.search(before):
            # "Trong bản kiến nghị Chính phủ và Bộ Tài chính nâng hạn mức …": a document that asks
            opens = cue.content_start(self.text, after, min(len(self.text), after + 80))
            return not (
                cue.DOCUMENT_BEFORE.search(before)
                and (
                    self.addressed(opens)
                    or bool(cue.LET_HAVE.match(self.text, after))
                    # "có đơn đề nghị mượn 3 công đất …": the application asks for what the verb says
                    or cue.verb_at(self.text, opens) is not None
                    # "có đơn xin cấp …", not "số đơn xin cấp bằng sáng chế" (applications counted)
                    or verb == "xin"
                    and bool(cue.XIN_OBJECT.match(self.text, after))
                    and not cue.COUNTED_APPLICATIONS.search(before)
                )
            )
        if (
            cue.WEAK_BEFORE.search(before)
            and not self.addressed(opens := cue.content_start(self.text, after, min(len(self.text), after + 80)))
            and not cue.SENT_FOR.search(before)
            # "công văn đề nghị sửa đổi …", "ý kiến đề nghị cân nhắc …": a verb follows, it asks
            and (cue.WEAK_NOUN_ONLY.search(before) or cue.verb_at(self.text, opens) is None)
        ):
            return True
        if verb not in cue.WISHES and cue.NOUN_AFTER.match(self.text, after):
            return True
        comma = re.match(r",\s*(?=(\w))", self.text[after : after + 4])
        return bool(
            comma
            and comma.group(1).islower()
            and not self.addressed(after + comma.end())
            and not cue.SUBJECT_ADVERB.search(before)
            and not self.subject_before(match)
            and not re.search(rf"[{cue.UP}]\w*\s*$", before)
            and not cue.ROLE_BEFORE.search(before)
        )

    def subject_before(self, match: re.Match[str]) -> bool:
        """Whether a body or person is named right before the verb ("X đề nghị, …")."""
        at = match.start()
        return any(_GAP.fullmatch(self.text, e, at) for s, e, _ in self.mentions if e <= at and at - e <= 25)

    def opens_clause(self, prev: _Cue, c: _Cue) -> bool:
        """Whether a later verb starts a request of its own rather than sitting inside the
        content of the one before ("đề nghị Bộ yêu cầu …" is one request); sets where the
        request before ends (``limit``)."""
        text, at = self.text, c.at
        c.limit = at
        if prev.regions or at >= prev.end:
            return True
        before = text[max(prev.start, at - 30) : at]
        if cue.ALTERNATIVE.search(before):
            return False
        if cue.JOINED.search(before):
            # "giao Bộ nghiên cứu, đề xuất …": a duty within the directive; "giao … và đề nghị
            # lập hồ sơ …": a request of its own
            return not (
                prev.kind == "Directive"
                and c.kind == "Proposal"
                and c.verb != "đề nghị"
                and re.search(r",\s*$", before) is not None  # "giao Bộ nghiên cứu, đề xuất": a comma list of duties
            )
        if prev.kind == "Proposal" and c.kind == "Directive" and self.asks_to_direct(prev.start, at):
            return False  # "kiến nghị, trước mắt, Chính phủ chỉ đạo UBND tỉnh …": what is asked
        comma = max(text.rfind(",", prev.start, at), text.rfind(";", prev.start, at))
        if comma < 0:
            return False
        head = text[comma + 1 : at]
        if (
            self.speaker_in(comma + 1, at)
            or cue.PLACE_SUBJECT.search(head)
            or cue.CONDITION_THEN.search(head)
            or c.begin < at
        ):
            c.limit = min(comma, c.begin)
            return True
        return False

    def asks_to_direct(self, start: int, at: int) -> bool:
        """Whether a request's content opens with the body it asks to give a directive: a
        short fronted phrase at most, then that body right before the verb."""
        fronted = re.match(r"(?:[^,;]{0,25},\s*)?", self.text[start:at])
        pos = start + (fronted.end() if fronted else 0)
        return any(pos <= s <= pos + 2 and _GAP.fullmatch(self.text, e, at) for s, e, _ in self.mentions)

    def end_of(self, sent: Sentence, c: _Cue, end: int) -> int:
        """Where a request's content ends before ``end`` (the next request, a quotation)."""
        text, start = self.text, c.start
        lead = text[sent.start : c.at]
        fronted = bool(cue.FRONTED.match(lead))
        if fronted or not lead.strip(" “\"'-"):
            # "Liên quan đến việc X kiến nghị …, Y cho biết": the adverbial ends at a comma;
            # so does a fronted request: "Đề nghị X …, Thủ tướng khuyến khích …"
            for comma in re.finditer(r",\s+", text[start:end]):
                at = start + comma.end()
                if fronted or (text[at : at + 1].isupper() and self.entity_at(at)):
                    end = start + comma.start()
                    break
        reason = cue.REASON_CLAUSE.search(text, start, end)
        if reason and len(text[start : reason.start()].split()) >= 6:
            end = reason.start()  # "… làm nơi đưa rước khách vì hiện nay, mỗi ngày …": why, not what
        body = text[start:end].rstrip()
        return start + len(body) - _trailing(body)

    def segments(self, kind: str, verb: str, start: int, end: int) -> list[tuple[int, int]]:
        """The items of a request's content: ``;`` segments, each split further."""
        text, items, pos = self.text, [], start
        semicolon, colon = text.find(";", start, end), text.find(":", start, end)
        listed = len(text) - len(text[colon + 1 :].lstrip())
        if (
            start < colon < semicolon
            and len(text[start:colon].split()) >= 4
            and len(text[listed:semicolon].split()) <= 5
            and cue.verb_at(text, listed, semicolon) is None
        ):
            # "xem xét cho tổ chức hội chợ … vào các dịp: hội hoa xuân; hội chợ …": the ";" cut
            # the list the item introduced, not items
            return self.split(start, end, kind, verb)
        for n, segment in enumerate(re.split(r"(?<=;)", text[start:end])):
            s, e = pos, pos + len(segment.rstrip(" ;.!?…"))
            pos += len(segment)
            if n == 0:
                items += self.split(s, e, kind, verb)
                continue
            lead = _lead_end(text, s, e)
            if re.match(r"hoặc(?!\w)", text[lead:e], re.I) and items:
                items[-1] = (items[-1][0], e)  # "…; hoặc …": an alternative of the same item
            elif cue.continues(text, s, e):
                items += self.split(s, e, kind, verb)
            else:
                break
        return items

    def split(self, start: int, end: int, kind: str, verb: str) -> list[tuple[int, int]]:
        """One segment's items: leading connectors and enumerators dropped, cut at the next
        enumerator, and at ",", "và", "đồng thời" where both sides are verb
        phrases (not inside "như: a, b, c", "nhất là …" or a purpose clause); the objects of
        *xin* are cut at "cũng như"."""
        text = self.text
        first = _lead_end(text, start, end)
        cuts = [enum.end() if (enum := cue.ENUM.match(text, first, end)) else first]
        for joint in cue.JOINTS.finditer(text, cuts[0], end):
            at, left = joint.end(), text[cuts[-1] : joint.start()]
            if cue.NO_SPLIT_AFTER.search(left) and not (
                joint.lastgroup == "va" and _AT_SAME_TIME.search(joint.group()) and ":" not in left
            ):
                break  # "như a, b, c": examples; but "…, như sân bay Long Thành, đồng thời …" goes on
            if any(s < joint.start() and joint.end() < e for s, e in self.names):
                continue  # inside a name
            if left.count("(") > left.count(")"):
                continue  # inside brackets: "(sau khi … kiểm tra và thông qua …)" qualifies the item
            if _parallel_object(left, text[at:end]):
                continue  # "hỗ trợ chống sạt lở, chống xâm nhập mặn": two objects of one verb
            if len(left.split()) < 3 or len(text[at:end].split()) < 3:
                continue
            how = joint.lastgroup
            if how == "enum":
                enum = cue.ENUM.match(text, at, end)
                assert enum is not None  # the joint ended where an enumerator starts
                cuts.append(enum.end())
            elif how == "cungnhu" and verb == "xin":
                cuts.append(at)
            elif (
                how in ("va", "comma")
                and (
                    (cue.ACTION.match(text, at) if how == "comma" else cue.verb_at(text, at, end))
                    or cue.NOT_LET.match(text, at)  # "…, đồng thời không để giá cát tăng đột biến"
                )
                and not cue.DESCRIBES.match(text, at)
                and not cue.RESULT.match(text, at)
                and (not cue.PURPOSE.search(left) or bool(_AT_SAME_TIME.search(joint.group())))
                and not cue.ENDS_WITH_ACTION.search(left)
                and not (how == "va" and cue.NOMINAL_ACTION.search(left))
                and not (how == "comma" and cue.ENDS_WITH_VERB.search(left))
                and (not cue.TRIGGER.search(left) or _AT_SAME_TIME.search(joint.group()))
                and self.verb_phrase(cuts[-1], joint.start(), how == "va" and not _AT_SAME_TIME.search(joint.group()))
            ):
                cuts.append(at)
        bounds = []
        for s, e in zip(cuts, [*cuts[1:], end], strict=True):
            body = text[s:e].rstrip(" ,;.:")
            body = body[: len(body) - _trailing(body)]
            bounds.append((s, s + len(body)))
        least = 3 if kind == "Directive" or self.addressed(cuts[0]) else 4
        return [(s, e) for s, e in bounds if len(text[s:e].split()) >= least]

    def verb_phrase(self, start: int, end: int, joined: bool) -> bool:
        """Whether text[start:end] is a verb phrase: an action verb first, or after the
        addressee, with an object ("chủ trì, phối hợp với …" is one); joined by *và*, an
        object of three words or more ("khắc phục điểm đen và bổ sung biển báo khi …" share
        what follows)."""
        text = self.text
        measure = _MEASURE.match(text, start)  # "biện pháp cổ phần hóa …": a measure named by its action
        verb = cue.verb_at(text, measure.end() if measure else start, end)
        if verb is None and self.addressed(start):
            named = max((e for s, e, _ in self.mentions if start <= s <= start + 2), default=start)
            found = cue.ACTION.search(text, named, min(end, start + 80))
            verb = found.end() if found else None
        if verb is None:
            return False
        return len(text[verb:end].split()) >= (3 if joined else 2)

    # -- who and whom ---------------------------------------------------------------------

    def request(self, sent: Sentence, c: _Cue, current: _Request | None, before: list[_Item]) -> _Request:
        """Who asks whom: a request joined to the one before ("… và đề xuất …") shares its
        proposer and addressee unless it names its own."""
        text, at = self.text, c.at
        start = max(sent.start, text.rfind(";", sent.start, at) + 1)
        joined = current is not None and bool(
            cue.JOINED.search(text[max(sent.start, at - 30) : at]) or not text[start:at].strip(" ,;:")
        )
        match = cue.TRIGGER.match(text, at)
        assert match is not None  # the cue was found there
        by = self.possessor(match) if c.start and not c.regions else None
        by = by or (current.by if joined and current else None) or self.speaker(sent, start, match, before)
        to = self.addressee(c.start) if c.start else None
        to = to or (current.addressed_to if joined and current else None) or self.sent_to(start, at)
        lead = text[sent.start : at]
        kind = c.kind
        if c.verb == "đề nghị" and c.start and self.directs(by, c.start, c.end):
            kind = "Directive"
        elif c.verb == "đề nghị" and kind == "Directive" and not self.superior(by, c.start):
            kind = "Proposal"  # "Tổng hội Y học đề nghị các cơ quan tố tụng xem xét …": asked, not ordered
        return _Request(kind, by, to, c.verb, main=not cue.FRONTED.match(lead))

    def named_as(self, ref: Ref | None) -> Entity | None:
        """The speaker-type entity of a reference, if the document names one."""
        return next((e for e in self.named if e.ref == ref), None) if ref else None

    def superior(self, by: Ref | None, start: int = 0) -> bool:
        """Whether a speaker may direct the bodies it addresses (at ``start``) with *đề nghị*: a
        government or Party body or one of its office holders; not a person without a role, a
        business or an association, nor nobody named (read by hand, such requests were proposals
        more often than directives: the gold calls a superior's *đề nghị* optional, a stranger's a
        proposal). A ministry or a department is no superior of a province's or a district's
        government: "Bộ NN&PTNT đề nghị UBND các tỉnh ven biển chỉ đạo …" asks; only the
        Government orders the provinces."""
        speaker = self.named_as(by)
        if speaker is None or speaker.type not in ("Organization", "Role"):
            return False
        if _SECTORAL.match(speaker.label) and _TERRITORIAL.match(self.text, start):
            return False
        return bool(_GOVERNING.search(speaker.label)) and not cue.ASKERS.match(speaker.label)

    def directs(self, by: Ref | None, start: int, end: int) -> bool:
        """Whether *đề nghị* is a directive in substance: the Government or the Prime Minister
        to "các bộ"; a local body or place told it "cần" act ("Chủ tịch nước đề nghị tỉnh Lào
        Cai cần …"), unless a business or an association speaks; a province's body to a
        district's ("UBND thành phố đề nghị UBND thị xã chỉ đạo …")."""
        text = self.text
        speaker = self.named_as(by)
        label = speaker.label if speaker else ""
        if cue.MINISTRIES.match(text, start):
            return bool(cue.NATIONAL_SPEAKERS.match(label))
        if cue.LOCAL_BODY.match(text, start) and cue.MODAL.search(text, start, min(end, start + 80)):
            return not (speaker and (speaker.type == "Company" or cue.ASKERS.match(label)))
        return bool(cue.DISTRICT_BODY.match(text, start) and cue.PROVINCIAL.match(label))

    def kind(self, verb: str, start: int) -> str:
        if verb in cue.DIRECTIVES or verb == "đề nghị" and cue.SUBORDINATES.match(self.text, start):
            return "Directive"
        return "Proposal"

    def addressed(self, pos: int) -> bool:
        """Whether an addressee (a body, a role, "các sở, ngành") is named at ``pos``."""
        text = self.text
        return bool(self.entity_at(pos) or cue.GROUP.match(text, pos) or cue.HEAD.match(text, pos))

    def entity_at(self, pos: int) -> Entity | None:
        """The speaker-type entity named at ``pos`` (a role rather than its organisation)."""
        found = [(e.type != "Role", start - end, e) for start, end, e in self.mentions if pos <= start <= pos + 2]
        return min(found, key=lambda f: f[:2])[2] if found else None

    def speaker_in(self, start: int, end: int) -> bool:
        return any(start <= s and e <= end for s, e, _ in self.mentions)

    def addressee(self, pos: int) -> Ref | None:
        """The body named at ``pos``; a bare "thành phố", "tỉnh", "Bộ" is the document's."""
        if entity := self.entity_at(pos):
            return entity.ref
        if bare := cue.BARE_HEAD.match(self.text, pos):
            return self.bare(bare.group("h"), pos)
        word = cue.PLACE_NOUN.match(self.text, pos)
        if word is None or self.text[word.end() : word.end() + 2].strip()[:1].isupper():
            return None  # "tỉnh Cao Bằng" names another place than the document's own
        return self.local_org(word.group("w"))

    def bare(self, head: str, pos: int) -> Ref | None:
        """ "Bộ", "Sở", "Thủ tướng" without a name: the one of the document, else the last
        one named before."""
        heads = cue.HEAD_FORMS.get(head.lower(), (head,))
        found = [e for e in self.named if any(e.label.startswith(h + " ") or e.label == h for h in heads)]
        if len(found) == 1:
            return found[0].ref
        named = [(s, e) for s, _, e in self.mentions if e in found and s < pos]
        return max(named, key=lambda n: n[0])[1].ref if named else None

    def holder(self, role: str, pos: int) -> Ref | None:
        """ "Thủ tướng đề nghị …" after "Thủ tướng Chính phủ Nguyễn Xuân Phúc": the person last
        named with that role before, else the role itself."""
        roles = [
            (s, e, r)
            for s, e, r in self.mentions
            if s < pos and r.type == "Role" and (r.label == role or r.label.startswith(role + " "))
        ]
        if not roles:
            return None
        start, end, last = roles[-1]
        held = [p for s, _, p in self.mentions if p.type == "Person" and end <= s <= end + 2]
        return held[0].ref if held else last.ref

    def sent_to(self, start: int, at: int) -> Ref | None:
        """ "… có công văn gửi Bộ Công an đề nghị …": the body the request was sent to."""
        found = [
            e
            for s, end, e in self.mentions
            if start <= s and end <= at and cue.SENT_TO.search(self.text, max(0, s - 16), s)
        ]
        return found[-1].ref if found else None

    def possessor(self, match: re.Match[str]) -> Ref | None:
        """For a request named as a noun: whose it is ("kiến nghị của địa phương")."""
        of = re.match(r"\s*của\s+", self.text[match.end() : match.end() + 12])
        return self.addressee(match.end() + of.end()) if of else None

    def speaker(self, sent: Sentence, start: int, match: re.Match[str], before: list[_Item]) -> Ref | None:
        """Who makes the request: an entity named just before the verb, the body of a place
        named as subject, a place word for the document's own body, "đơn vị này" for the last
        proposer, an honorific for the last role named, or the speaker after a quotation."""
        at, head = match.start(), self.text[start : match.start()]
        near = [
            n
            for n in self.mentions
            if start <= n[0]
            and n[1] <= at
            and at - n[1] <= 50
            and not cue.NOT_SUBJECT.search(self.text[max(0, n[0] - 8) : n[0]])
            and not re.search(r"[“”\";]", self.text[n[1] : at])
        ]
        if near:
            return _nearest(near)
        subject = [
            n
            for n in self.mentions
            if start <= n[0]
            and n[1] <= at
            and cue.SUBJECT_SLOT.fullmatch(self.text, start, n[0])
            and not re.search(r"[“”\";]", self.text[n[1] : at])
        ]
        if subject and not re.search(r"(?<!\w)(?:và|với|của|cho)\s*$", self.text[start : subject[0][0]]):
            return _nearest([n for n in subject if n[0] <= subject[0][1] + 3])
        if place := self.place_subject(at):
            return place
        if cue.THIS_BODY.search(head):
            return next((i.request.by for i in reversed(before) if i.request.by), None)
        if place_word := cue.PLACE_SUBJECT.search(head):
            return self.local_org(place_word.group("w"))
        if bare := cue.BARE_SUBJECT.search(head):
            return self.bare(bare.group("h").capitalize(), at)
        if role := cue.BARE_ROLE.search(head):
            return self.holder(role.group("h"), at)
        if person := cue.NAMED_PERSON.search(head):
            return self.person(person.group("name"))
        if cue.PRONOUN.search(head):
            first = self.doc.sentences[max(0, sent.index - 3)].start
            named = [n for n in self.mentions if first <= n[0] and n[1] <= at and n[2].type in ("Role", "Person")]
            return _nearest(named) if named else None
        if self.text.count("“", sent.start, at) > self.text.count("”", sent.start, at) or (cue.WE.search(head)):
            return self.quoted_speaker(sent, at)
        return self.named_before(sent, at, before)

    def named_before(self, sent: Sentence, at: int, before: list[_Item]) -> Ref | None:
        """When nothing names the speaker next to the verb: the first body or person named earlier in
        the sentence (its subject, not what follows "gửi", "với", "cho"); else the proposer of a
        request in the sentence before; else the first named in that sentence."""

        def first(start: int, end: int) -> Ref | None:
            found = [
                n
                for n in self.mentions
                if start <= n[0]
                and n[1] <= end
                and not cue.NOT_SUBJECT.search(self.text[max(0, n[0] - 8) : n[0]])
                and not re.search(r"[“”\"]", self.text[start : n[0]])
            ]
            return min(found, key=lambda n: n[0])[2].ref if found else None

        if (mine := first(sent.start, at)) is not None:
            return mine
        if sent.index == 0:
            return None
        previous = self.doc.sentences[sent.index - 1]
        asked = [i.request.by for i in before if i.sentence == previous.index and i.request.by]
        return asked[-1] if asked else first(previous.start, previous.end)

    def place_subject(self, at: int) -> Ref | None:
        """ "Riêng Cà Mau kiến nghị", "Tỉnh Cà Mau xin": the place's own body."""
        found = [p for s, e, p in self.places if e <= at and at - e <= 25 and _GAP.fullmatch(self.text, e, at)]
        if not found:
            return None
        place = found[-1]
        start = next(s for s, e, p in reversed(self.places) if p is place and e <= at)
        if _UNKNOWN_BODY.search(self.text, max(0, start - 40), start):
            return None  # "Sở VHTT Hà Nội đề nghị": a body we do not know by name, not the city's
        names = {n.casefold() for n in (place.label, *place.aliases)}
        own = [
            o
            for o in self.orgs
            if place.ref in o.located_in or any(o.label.casefold().endswith(" " + n) for n in names)
        ]
        return min(own, key=lambda o: (_org_rank(o), -len(o.mentions))).ref if own else None

    def person(self, name: str) -> Ref | None:
        """ "ông Châu": the person of the document whose name ends so."""
        name = " ".join(name.split())
        found = [e for e in self.named if e.type == "Person" and (e.label == name or e.label.endswith(" " + name))]
        return found[0].ref if len(found) == 1 else None

    def quoted_speaker(self, sent: Sentence, at: int) -> Ref | None:
        """The speaker named after the closing quotation mark ("“…”, ông X nói")."""
        end = self.doc.sentences[min(len(self.doc.sentences) - 1, sent.index + 2)].end
        closing = self.text.find("”", at, end)
        if closing < 0:
            return None
        after = [n for n in self.mentions if closing < n[0] <= closing + 40]
        return _nearest(after[:2]) if after else None

    def local_org(self, word: str) -> Ref | None:
        """The document's own body for "thành phố", "tỉnh", "địa phương" (UBND first)."""
        word = word.lower()
        place = (
            self.context.province
            if word == "tỉnh"
            else (self.context.default if word == "địa phương" else self.context.city)
        )
        if place is None and word in ("thành phố", "tp"):
            province = self.context.province  # a city under the central government
            place = province if province and province.label.startswith("Thành phố") else None
        own = []
        if place is not None:
            names = {n.casefold() for n in (place.label, *place.aliases)}
            own = [
                o
                for o in self.orgs
                if place.ref in o.located_in or any(o.label.casefold().endswith(" " + n) for n in names)
            ]
        if not own and word in ("tỉnh", "thành phố", "tp"):
            # the document's places unsure: the one People's Committee of that level named
            unit = ("tỉnh",) if word == "tỉnh" else ("thành phố", "tp")
            own = [o for o in self.orgs if _org_rank(o) == 0 and o.label.split(" ", 1)[-1].lower().startswith(unit)]
            own = own if len(own) == 1 else []
        return min(own, key=lambda o: (_org_rank(o), -len(o.mentions))).ref if own else None

    def quoted(self, sent: Sentence, match: re.Match[str]) -> tuple[tuple[int, int], ...] | None:
        """'“…”, ông X đề nghị.': the request is the quotation before the speaker, in this
        sentence or, when the sentence opens with the closing mark, in the ones before."""
        found = re.search(r"[“\"](?P<q>[^“”\"]{10,})[”\"][^“”\"]{0,60}$", self.text[sent.start : match.start()])
        if found:
            return ((sent.start + found.start("q"), sent.start + found.end("q")),)
        if not re.match(r"\s*[”\"]", self.text[sent.start : match.start()]):
            return None
        regions: list[tuple[int, int]] = []
        for prev in reversed(self.doc.sentences[max(0, sent.index - 4) : sent.index]):
            if cue.RECOMMENDS.search(prev.text):
                regions.append((prev.start, prev.start + len(prev.text.rstrip(' .!?…”"'))))
            if "“" in prev.text:
                break
        return tuple(reversed(regions)) or None

    # -- the sentences after a request ---------------------------------------------------

    def announced(self, sent: Sentence, before: list[_Item]) -> None:
        """Open a list that a sentence announces with its count ("Hội đồng tư vấn đưa ra 6
        nhóm đề xuất."): the next sentences hold its items, proposed by the sentence's subject."""
        found = cue.ANNOUNCED_LIST.search(sent.text)
        count = cue.announced_count(found) if found else None
        if found is None or not count or count > 12:
            return
        match = cue.TRIGGER.match(self.text, sent.start + found.start("cue"))
        by = self.speaker(sent, sent.start, match, before) if match else None
        self.open = _Open(_Request("Proposal", by, None, "đề xuất"), sent.index, listed=count)

    def note_open(self, sent: Sentence, c: _Cue, request: _Request, end: int) -> None:
        """Remember a request that the next sentences may go on with: an enumeration begun
        ("Thứ nhất, …", a colon at the end) or a quotation not closed in this sentence."""
        text = self.text
        enumerated = (
            bool(cue.FIRST.search(text, max(sent.start, c.start - 20), min(end, c.start + 60)))
            or text_ends_with_colon(text, c)
            or bool(cue.ANNOUNCES.match(" ".join(text[c.begin : end].split()).casefold()))
        )
        quoted = text.count("“", sent.start, c.start) > text.count("”", sent.start, sent.end)
        if enumerated or quoted:
            self.open = _Open(request, sent.index, enumerated, quoted)

    def continuation(self, sent: Sentence, items: list[_Item]) -> list[_Item]:
        """A sentence carrying on the request before: the next item of an enumeration, a
        recommendation inside a quotation still open, a connector with *cần* ("Ngoài ra,
        trung ương cần …"); for directives, any sentence with *cần*."""
        text, last = self.text, items[-1] if items else None
        if len(sent.text.split()) < 3:
            return []  # "v.." after "…v." keeps an enumeration open
        opened, self.open = self.open, None
        end = sent.start + len(sent.text.rstrip(" .!?…"))
        if opened and opened.listed:
            if sent.index == opened.sentence:  # the sentence that announces the list
                self.open = opened
                return []
            return self.listed_items(sent, opened, end)
        if opened and opened.enumerated and not cue.NEXT.match(sent.text) and sent.index - opened.sentence <= 2:
            self.open = opened  # "… đề xuất ba nhóm giải pháp. Ông cho rằng … Hai là …": a remark between
        if opened and opened.enumerated and cue.NEXT.match(sent.text):
            self.open = replace(opened, sentence=sent.index)
            request = opened.request
            return [
                _Item(request, sent.index, s, e) for s, e in self.segments(request.kind, request.verb, sent.start, end)
            ]
        if opened and opened.quoted and cue.RECOMMENDS.search(sent.text):
            closing = text.find("”", sent.start, sent.end)
            if closing < 0:
                self.open = opened
            stop = closing if closing >= 0 else end
            return [
                _Item(opened.request, sent.index, s, e)
                for s, e in self.split(sent.start, stop, opened.request.kind, opened.request.verb)
            ]
        modal = cue.PROPOSAL_MODAL.search(sent.text)
        if last is None or cue.REPORTING.search(sent.text, 0, modal.start() if modal else len(sent.text)):
            return []  # "X cho biết, cần …" is X's own opinion; "cần minh bạch thông tin" is not
        if (
            last.request.kind == "Proposal"
            and last.request.main
            and 0 < sent.index - last.sentence <= 2
            and (at := cue.imperative(text, sent.start, end))
        ):
            # "… đề xuất … . Nhanh chóng tìm địa điểm …", "Ngoài ra, hoàn thiện …": the next
            # measure of the list, one remark between allowed
            return [_Item(last.request, sent.index, at, cue.reason_at(text, at, end))]
        if last.sentence != sent.index - 1:
            return []
        if last.request.kind == "Proposal" and last.request.main and (more := cue.BESIDES_THEN.match(sent.text)):
            # "… đề xuất … . Bên cạnh việc xem xét, ưu tiên vốn thì Chính phủ cho phép tỉnh …; áp dụng …"
            at = sent.start + more.end()
            if self.addressed(at) or cue.verb_at(text, at, end):
                request = last.request
                return [_Item(request, sent.index, s, e) for s, e in self.segments(request.kind, request.verb, at, end)]
        if last.request.kind == "Proposal":
            if not (
                last.request.main
                and modal
                and (
                    cue.CONNECTOR.match(sent.text)
                    or cue.BARE_MODAL.match(sent.text)
                    or cue.ALSO_NEEDED.search(sent.text)
                    or cue.spells_out(text, sent.start, sent.end)
                )
            ):
                return []
            return [_Item(last.request, sent.index, sent.start, end)]
        if not (modal := cue.MODAL.search(sent.text)):
            return []
        subject = cue.PLACE_SUBJECT.search(sent.text[: modal.start() + 1].rstrip(", "))
        request = _Request("Directive", last.request.by, self.local_org(subject.group("w")) if subject else None)
        return [_Item(request, sent.index, sent.start, end)]

    def listed_items(self, sent: Sentence, opened: _Open, end: int) -> list[_Item]:
        """The items of an announced list in the sentence after it, while the count lasts: not
        a caption, a quotation or someone reported as speaking."""
        text = self.text
        if (
            sent.index - opened.sentence > 2  # one caption or remark between at most
            or cue.REPORTING.search(sent.text)
            or re.search(r"[“”\"]|Ảnh\s*:", sent.text)
        ):
            return []
        lead = cue.LISTED_LEAD.match(text, sent.start, end)
        start = lead.end() if lead else sent.start
        request = opened.request
        items = [_Item(request, sent.index, s, e) for s, e in self.segments(request.kind, request.verb, start, end)]
        if items and len(items) < opened.listed:
            self.open = replace(opened, sentence=sent.index, listed=opened.listed - len(items))
        return items


def _parallel_object(left: str, right: str) -> bool:
    """Whether the piece after a joint repeats the word that opened the object of the verb
    before it ("hỗ trợ chống sạt lở, chống xâm nhập mặn"): a list of objects, not of requests."""
    word = re.match(r"\w+", right)
    verb = cue.ACTION.search(left)
    return bool(word and verb and re.search(rf"(?<!\w){re.escape(word.group())}(?!\w)", left[verb.end() :], re.I))


def text_ends_with_colon(text: str, c: _Cue) -> bool:
    """ "… đề nghị như sau:": the items follow in the next sentences."""
    return bool(c.start) and text[c.at : c.end].rstrip(" …").endswith(":")


_GAP = re.compile(r"\W*(?:(?:cũng|đã|sẽ|vừa|mới|tiếp tục|còn|đồng thời)\W+)*")


def _org_rank(org: Entity) -> int:
    """Which of a place's bodies speaks for it: the People's Committee first."""
    return next((i for i, p in enumerate(_RANK) if re.match(p, org.label)), len(_RANK))


def _nearest(mentions: list[_Named]) -> Ref:
    """The last-named entity, preferring a role over the organisation or person beside it."""
    last = max(mentions, key=lambda n: n[1])
    group = [n for n in mentions if n[1] >= last[0] - 3]
    return min(group, key=lambda n: (n[2].type != "Role", n[2].type != "Organization", -n[0]))[2].ref


def restated(kind: str, text: str) -> tuple[str, str]:
    """What makes two requests one: the same kind and the same words (a lead or a pull quote
    restating a request word for word), whitespace and case aside."""
    return kind, " ".join(text.split()).casefold()


def _statements(
    doc: Document, entities: Sequence[Entity], items: list[_Item], encoder: Encoder | None
) -> tuple[Statement, ...]:
    """Statements from items: the entities named inside, topics from text and entity types."""
    spans = [(m.start, m.end, e) for e in entities for m in e.mentions]
    types = {e.ref: e.type for e in entities}
    rows: list[tuple[_Item, tuple[Ref, ...], str]] = []
    seen: dict[tuple[str, str], tuple[Ref, ...] | None] = {}
    for item in items:
        said = restated(item.request.kind, doc.text[item.start : item.end])
        by = seen.get(said, ())
        if item.end <= item.start or by is None or item.request.by is None and said in seen or item.request.by in by:
            continue  # a lead or a pull quote restating a request word for word (two bodies
            # asking the same in the same words are two proposals)
        if cue.ANNOUNCES.match(said[1]):
            continue  # "đề xuất ba nhóm giải pháp …": the items follow, this only counts them
        if cue.JUDGES.match(said[1]):
            continue  # "… kiến nghị, việc trật tự vỉa hè là tốt": an opinion, nothing asked
        seen[said] = None if item.request.by is None else (*by, item.request.by)
        inside = sorted((n for n in spans if item.start <= n[0] and n[1] <= item.end), key=lambda n: n[:2])
        names = [n for n in inside if n[2].type in _SPEAKERS]
        inside = [
            n
            for n in inside
            if n in names  # a place inside a name: "UBND tỉnh X"
            or not any(a <= n[0] and n[1] <= b for a, b, _ in names)
        ]
        own = {item.request.by, item.request.addressed_to}
        concerns = tuple(dict.fromkeys(n[2].ref for n in inside if n[2].ref not in own))
        masked = list(doc.text[item.start : item.end])  # bodies' names say nothing of the topic
        for s, e, _ in names:
            masked[s - item.start : e - item.start] = " " * (e - s)
        rows.append((item, concerns, "".join(masked)))
    found = assign_topics([masked for _, _, masked in rows], encoder)
    work = _title_work(doc, entities)
    return tuple(
        Statement(
            kind=item.request.kind,
            text=" ".join(doc.text[item.start : item.end].split()),
            evidence=span(doc, item.start, item.end),
            concerns=concerns,
            topics=most_specific(
                (
                    *topics,
                    *(_TYPE_TOPICS[types[r]] for r in concerns if types[r] in _TYPE_TOPICS),
                    *_anaphor_topic(doc.text[item.start : item.end], concerns, types, work),
                )
            )[:MAX_TOPICS],
            by=item.request.by,
            addressed_to=item.request.addressed_to,
        )
        for (item, concerns, _), topics in zip(rows, found, strict=True)
    )


#: Works named without their name: "dự án này", "công trình", "cây cầu".
_THE_WORK = re.compile(r"(?<!\w)(?:[Dd]ự án|[Cc]ông trình|[Cc]ây cầu|[Tt]uyến đường)(?!\s+[A-ZĐ\d])(?!\w)")
#: The kind of work an article's title names, for requests that refer to it without its name.
_WORK_TOPICS = {**_TYPE_TOPICS, "Building": "infrastructure"}


def _title_work(doc: Document, entities: Sequence[Entity]) -> str | None:
    """The topic of the work the title names (a bridge, a road, a tower), or None."""
    if not doc.sentences:
        return None
    title = doc.sentences[0]
    kinds = [
        e.type
        for e in entities
        if e.type in _WORK_TOPICS
        and not _HOUSING.match(e.label)
        and any(title.start <= m.start < title.end for m in e.mentions)
    ]
    if not kinds:  # "Cây cầu dài 100 m vẫn dở dang", "… rút khỏi dự án Tháp truyền hình …"
        kinds = [
            KINDS[w.group("kind").lower()]
            for w in _title_kinds().finditer(title.text)
            if not _HOUSING.match(w.group("kind"))
        ]
    kinds = [k for k in kinds if k in _WORK_TOPICS]
    return _WORK_TOPICS[kinds[0]] if kinds else None


#: Buildings that are homes or shops, not public works: their requests are about housing.
_HOUSING = re.compile(r"(?:dự án\s+)?(?:chung cư|nhà ở|căn hộ|tòa nhà|trung tâm thương mại|khách sạn)", re.I)


@lru_cache(maxsize=1)
def _title_kinds() -> re.Pattern[str]:
    """A kind of work in a title, as a work: after "dự án", "công trình", "cây", "tuyến", "con"
    ("Cây cầu dài 100 m …", "dự án Tháp truyền hình"); never a bare "cầu" ("nhu cầu")."""
    kinds = "|".join(sorted(map(re.escape, KINDS), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:dự án|công trình|cây|tuyến|con)\s+(?P<kind>{kinds})(?!\w)", re.I)


def _anaphor_topic(text: str, concerns: Sequence[Ref], types: dict[Ref, str], work: str | None) -> tuple[str, ...]:
    """A request about "dự án này", "công trình" in an article whose title names a work is about
    that work ("VTV và SCIC xin rút khỏi dự án Tháp truyền hình …": a request to report on the
    need for "dự án" is about the tower), unless it names another work of its own."""
    if work is None or any(types[r] in _WORK_TOPICS for r in concerns) or not _THE_WORK.search(text):
        return ()
    return (work,)


def embedding_text(statement: Statement) -> str:
    """What to embed for a statement: its kind, text and topics (with their broader concepts,
    in Vietnamese and English): "Đề xuất: nâng cấp … Chủ đề: Giao thông (Transport), Hạ tầng
    (Infrastructure)".

    The bare text is not enough for a cross-lingual query: with e5-small, "proposals about
    infrastructure" is closer to the seed's trade/tourism proposal (0.815) than to its road
    proposals (0.790 to 0.813); with the topics written out the infrastructure ones rank first.
    """
    table = concepts()
    names = dict.fromkeys(b for t in statement.topics for b in broader_closure(t) if b in table)
    topics = ", ".join(f"{table[n].label} ({table[n].label_en})" for n in names)
    text = f"{_KIND_LABELS.get(statement.kind, statement.kind)}: {statement.text}"
    return f"{text}. Chủ đề: {topics}" if topics else text
