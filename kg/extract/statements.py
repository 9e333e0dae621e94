"""Proposals and directives: who asks whom to do what, one Statement per item.

Government news reports requests with a handful of verbs: *đề xuất*, *kiến nghị*, *đề nghị*
(proposals) and *yêu cầu*, *chỉ đạo*, *giao* (directives; *đề nghị* too when addressed to
subordinates, "đề nghị các sở, ngành …", or followed by *cần*). The same words are nouns as
well ("những yêu cầu của sự phát triển", "Ban Chỉ đạo", "ngoại giao"), so a word counts in
verb use only, or as a noun that introduces its content ("những đề xuất, kiến nghị của địa
phương, liên quan đến …"); a request only supposed ("nếu … yêu cầu") is not one.

A request usually lists several things. A sentence is cut at ``;``: a segment with a request
verb starts a request (or continues the list when it opens with the same verb, "…; đề xuất
…"), a segment opening with an action verb continues it, any other segment ends it. Inside a
segment, ``,`` separates items only when both sides are verb phrases ("…, đẩy nhanh …").
Sentences right after a directive that go on with *cần* ("Đối với …, cần rà soát …") are
directives of the same speaker. The speaker (``by``) is the organisation, role or person
named just before the verb; an honorific ("Đồng chí yêu cầu") refers back to the last role
named, and "thành phố", "tỉnh", "địa phương" to the document's own city or province body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..text import Sentence
from .model import Entity, PlaceContext, Ref, Statement
from .spans import span
from .topics import MAX_TOPICS, assign_topics, broader_closure, concepts, most_specific

_PROPOSALS = ("đề xuất, kiến nghị", "kiến nghị, đề xuất", "đề xuất", "kiến nghị", "đề nghị")
_DIRECTIVES = ("yêu cầu", "chỉ đạo", "giao")
_TRIGGER = re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(_PROPOSALS + _DIRECTIVES)), re.I)
_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:những|các|một số|nhiều|mọi|sự|đơn|theo|về|của|trong|tiếp thu|chấp thuận|"
    r"ghi nhận|trả lời|nhận được|đáp ứng|đạt|đúng|bản|văn bản|ban|lời|thư|tờ trình|là|"
    r"ý kiến|lãnh đạo|công tác|phát biểu|chấp hành|thực hiện|với|được|để|nhằm|bác|bác bỏ|"
    r"từ chối|phản đối|ủng hộ|thông qua|chưa có|không có)\W*$"
    r"|(?<!\w)(?:đáp ứng|theo|đạt)\s+\w+\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s*(?:của|này|đó|trên|nêu|được|đặt ra|chính đáng|hợp lý|cơ bản|"
                         r"mới|cao|chung|là|lần|tại|ngày|số|và)(?!\w)", re.I)
_HYPOTHETICAL = re.compile(r"(?<!\w)(?:nếu|khi|trường hợp|có thể)(?!\w)[^,;]*$", re.I)
_NOT_GIAO = re.compile(r"(?<!\w)(?:ngoại|bàn|chuyển|trao|tiếp|kết|tân|bang|được)\s+$", re.I)
_INTRO = re.compile(r"[^;:]{0,60}?(?:,\s*|\s)(?:liên quan (?:đến|tới)|về việc|như|gồm|bao gồm)"
                    r"\s*:?\s*|[^;:]{0,60}?:\s*")
_SKIP = re.compile(r"\s*[,:]?\s*(?:(?:bao )?gồm\s*:\s*|cho|với|lên|tới|đến)?\s*", re.I)
_LEAD = re.compile(r"\s*(?:(?:đồng thời|và|trong đó|bên cạnh đó|ngoài ra)\W+)*(?:(?:{})\W+)?"
                   .format("|".join(_PROPOSALS + _DIRECTIVES[:2])), re.I)
_GROUP = re.compile(r"(?:các|những|mọi)\s+(?:sở|ban|ngành|bộ|cấp|địa phương|đơn vị|cơ quan|"
                    r"huyện|quận|xã|phường|thị xã|tỉnh|phòng|doanh nghiệp|chủ đầu tư|nhà thầu|"
                    r"lực lượng|thành viên|tổ chức|trường|chi bộ|đảng bộ|cấp ủy)(?!\w)", re.I)
_HEAD = re.compile(r"(?:UBND|HĐND|Ủy ban|Sở|Bộ|Ban|Phòng|Công an|Cục|Chi cục|Tổng cục|Văn phòng|"
                   r"Thanh tra|Trung tâm|Chính phủ|Quốc hội|Thủ tướng|Thành ủy|Tỉnh ủy|Huyện ủy|"
                   r"Đảng ủy|Mặt trận|Tòa án|Viện|Kho bạc|Tập đoàn|Tổng công ty|Công ty|"
                   r"chủ đầu tư|nhà thầu|chính quyền|cơ quan|lực lượng|ngành|[Tt]ỉnh|[Tt]hành phố|"
                   r"[Hh]uyện|[Tt]hị xã|[Qq]uận)(?!\w)")
_PLACE = r"(?P<w>thành phố|tp|tỉnh|huyện|thị xã|quận|địa phương)"
_ADVERBS = r"(?:\s+(?:cũng|đã|sẽ|tiếp tục|còn|vẫn|đồng thời|mới|vừa))*"
_PLACE_SUBJECT = re.compile(rf"(?:^|(?<=\W)){_PLACE}{_ADVERBS}\s*$", re.I)
_PLACE_NOUN = re.compile(rf"{_PLACE}(?!\w)", re.I)
_PRONOUN = re.compile(rf"(?:^|(?<=\W))(?:đồng chí|ông|bà){_ADVERBS}\W*$", re.I)
_NOT_SUBJECT = re.compile(r"(?:gửi|với|cho|tới|đến|của|và|lên)\s*$", re.I)
_MODAL = re.compile(r"(?:^|[,:]\s*|\s)(?:cũng\s+)?cần(?:\s+phải)?\s+"  # not "cần cẩu" (a crane)
                    r"(?!(?:thiết|cẩu|câu|cù|mẫn|sa|tây|kiệm|trục|gạt)(?!\w))(?=\w+\W+\w+\W+\w)")
_NEEDS = re.compile(r"[^;]{0,60}?(?<!\w)cần(?!\w)(?! thiết)")
_REPORTING = re.compile(r"(?<!\w)(?:cho biết|cho rằng|nói|khẳng định|chia sẻ|thông tin|"
                        r"trả lời|giải thích|phản ánh)(?!\w)", re.I)
#: Verbs that open a requested action, for lists cut at "," and ";".
ACTIONS = (
    "đẩy nhanh|đẩy mạnh|tăng cường|hỗ trợ|nâng cấp|cải tạo|xây dựng|đầu tư|rà soát|điều chỉnh|"
    "bổ sung|sửa đổi|ban hành|tập trung|triển khai|thực hiện|hoàn thành|hoàn thiện|kiểm tra|"
    "xử lý|xem xét|nghiên cứu|quan tâm|cho phép|chấp thuận|phê duyệt|bố trí|ưu tiên|tháo gỡ|"
    "giải quyết|khẩn trương|sớm|tiếp tục|chủ động|phối hợp|cải thiện|nâng cao|phát triển|"
    "mở rộng|tổ chức|đảm bảo|bảo đảm|tạo điều kiện|thu hút|kêu gọi|đôn đốc|làm rõ|khắc phục|"
    "di dời|thu hồi|giải phóng|quản lý|chấn chỉnh|tuyên truyền|vận động|chăm lo|đánh giá|"
    "báo cáo|tham mưu|chủ trì|kiên quyết|quyết liệt|huy động|phân bổ|giải ngân|công khai|"
    "thanh tra|điều tra|dừng|tạm dừng|duy trì|củng cố|siết chặt|kiểm soát|ngăn chặn|chuẩn bị|"
    "thành lập").split("|")
_ACTION = re.compile(r"(?:{})(?!\w)".format("|".join(sorted(ACTIONS, key=len, reverse=True))),
                     re.I)
_SPEAKERS = ("Organization", "Role", "Person")
_TYPE_TOPICS = {"IndustrialPark": "industrial-parks", "Road": "transport"}
_RANK = (r"UBND|Ủy ban nhân dân", r"HĐND|Hội đồng nhân dân", r"\w+ ủy", r"Ban Thường vụ")
_KIND_LABELS = {"Proposal": "Đề xuất", "Directive": "Chỉ đạo"}


@dataclass(frozen=True)
class _Request:
    kind: str
    by: Ref | None
    addressed_to: Ref | None


@dataclass(frozen=True)
class _Item:
    request: _Request
    sentence: int
    start: int
    end: int


def extract_statements(doc: Document, context: PlaceContext, entities: tuple[Entity, ...],
                       encoder=None) -> tuple[Statement, ...]:
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
        items += finder.sentence_items(sent) or finder.continuation(sent, items)
    return _statements(doc, entities, items, encoder)


class _Finder:
    """Reads the requests of one document; holds its text and the entities found in it."""

    def __init__(self, doc: Document, context: PlaceContext, entities) -> None:
        self.doc, self.text, self.context = doc, doc.text, context
        self.mentions = sorted(((m.start, m.end, e) for e in entities if e.type in _SPEAKERS
                                for m in e.mentions), key=lambda n: n[:2])
        self.orgs = [e for e in entities if e.type == "Organization"]

    def sentence_items(self, sent: Sentence) -> list[_Item]:
        """The items of every request in one sentence."""
        items, current, pos = [], None, sent.start
        for segment in re.split(r"(?<=;)", self.text[sent.start:sent.end]):
            start, end = pos, pos + len(segment.rstrip(" ;.!?…"))
            pos += len(segment)
            found = self.trigger(sent, start, end, current)
            if found is None and (current is None or not _continues(self.text, start, end)):
                current = None
                continue
            current, (first, last) = found or (current, (start, end))
            items += [_Item(current, sent.index, s, e) for s, e in _split(self.text, first, last)]
        return items

    def trigger(self, sent: Sentence, start: int, end: int, current: _Request | None):
        """The request a segment starts and the span of its content, or None."""
        text = self.text
        for match in _TRIGGER.finditer(text, start, end):
            content = self.content(sent, match, end)
            if content is None:
                continue
            kind = self.kind(match, *content)
            if current and current.kind == kind and not text[start:match.start()].strip(" ,;:"):
                return current, (start, end)  # "…; đề xuất …": the same list goes on
            by = self.possessor(match) or self.speaker(sent, start, match)
            to = self.addressee(content[0])
            if match.group(0).lower() == "chỉ đạo" and by is None and to is None:
                continue  # "xử lý và chỉ đạo thực hiện …": a duty listed, not a directive
            return _Request(kind, by or (current.by if current else None), to), content
        return None

    def content(self, sent: Sentence, match: re.Match, end: int) -> tuple[int, int] | None:
        """The span of the requested content, or None when the word is not a request."""
        verb, text, after = match.group(0).lower(), self.text, match.end()
        before = text[max(0, match.start() - 25):match.start()]
        if _HYPOTHETICAL.search(text[sent.start:match.start()]) or (
                verb == "giao" and _NOT_GIAO.search(before)):
            return None
        if self.is_noun(match, before):
            intro = _INTRO.match(text, after, end) if verb in _PROPOSALS else None
            return (intro.end(), end) if intro and self.possessor(match) else None
        start = _SKIP.match(text, after).end()
        if verb in ("giao", "chỉ đạo") and not self.addressed(start) and (
                verb == "giao" or not (_ACTION.match(text, start) or text[after:after + 1] == ":")):
            return None
        quote = '[”"]' if text.count('"', sent.start, match.start()) % 2 else "”"
        if closing := re.compile(quote).search(text, start, end):
            end = closing.start()  # the request ends with the quotation it is in
        if len(text[start:end].split()) >= 3:
            return start, end
        return self.quoted(sent, match)

    def is_noun(self, match: re.Match, before: str) -> bool:
        comma = re.match(r",\s*(?=(\w))", self.text[match.end():match.end() + 4])
        return bool(_NOUN_BEFORE.search(before) or _NOUN_AFTER.match(self.text, match.end()) or (
            comma and comma.group(1).islower() and not self.addressed(match.end() + comma.end())))

    def quoted(self, sent: Sentence, match: re.Match) -> tuple[int, int] | None:
        """'“…”, ông X đề nghị.': the request is the quotation before the speaker."""
        found = re.search(r"[“\"](?P<q>[^“”\"]{10,})[”\"][^“”\"]{0,60}$",
                          self.text[sent.start:match.start()])
        return (sent.start + found.start("q"), sent.start + found.end("q")) if found else None

    def possessor(self, match: re.Match) -> Ref | None:
        """For a request named as a noun: whose it is ("kiến nghị của địa phương")."""
        of = re.match(r"\s*của\s+", self.text[match.end():match.end() + 12])
        return self.addressee(match.end() + of.end()) if of else None

    def kind(self, match: re.Match, start: int, end: int) -> str:
        verb = match.group(0).lower()
        if verb in _DIRECTIVES or verb == "đề nghị" and (
                _GROUP.match(self.text, start) or _NEEDS.match(self.text[start:end])):
            return "Directive"
        return "Proposal"

    def addressed(self, pos: int) -> bool:
        """Whether an addressee (a body, a role, "các sở, ngành") is named at ``pos``."""
        text = self.text
        return bool(self.entity_at(pos) or _GROUP.match(text, pos) or _HEAD.match(text, pos))

    def entity_at(self, pos: int) -> Entity | None:
        """The speaker-type entity named at ``pos`` (a role rather than its organisation)."""
        found = [(e.type != "Role", start - end, e) for start, end, e in self.mentions
                 if pos <= start <= pos + 2]
        return min(found, key=lambda f: f[:2])[2] if found else None

    def addressee(self, pos: int) -> Ref | None:
        """The body named at ``pos``; a bare "thành phố", "tỉnh" is the document's own."""
        if entity := self.entity_at(pos):
            return entity.ref
        word = _PLACE_NOUN.match(self.text, pos)
        if word is None or self.text[word.end():word.end() + 2].strip()[:1].isupper():
            return None  # "tỉnh Cao Bằng" names another place than the document's own
        return self.local_org(word.group("w"))

    def speaker(self, sent: Sentence, start: int, match: re.Match) -> Ref | None:
        """Who makes the request: an entity named just before the verb, a place word for the
        document's own body, or an honorific referring back to the last role named."""
        at, before = match.start(), self.text[start:match.start()]
        near = [n for n in self.mentions if start <= n[0] and n[1] <= at and at - n[1] <= 50
                and not _NOT_SUBJECT.search(self.text[max(0, n[0] - 8):n[0]])
                and not re.search(r"[“”\";]", self.text[n[1]:at])]
        if near:
            return _nearest(near)
        if place := _PLACE_SUBJECT.search(before):
            return self.local_org(place.group("w"))
        if _PRONOUN.search(before):
            first = self.doc.sentences[max(0, sent.index - 3)].start
            named = [n for n in self.mentions if first <= n[0] and n[1] <= at
                     and n[2].type in ("Role", "Person")]
            return _nearest(named) if named else None
        return None

    def local_org(self, word: str) -> Ref | None:
        """The document's own body for "thành phố", "tỉnh", "địa phương" (UBND first)."""
        word = word.lower()
        place = self.context.province if word == "tỉnh" else (
            self.context.default if word == "địa phương" else self.context.city)
        if place is None:
            return None
        names = {n.casefold() for n in (place.label, *place.aliases)}
        own = [o for o in self.orgs if place.ref in o.located_in
               or any(o.label.casefold().endswith(" " + n) for n in names)]
        return min(own, key=lambda o: (_org_rank(o), -len(o.mentions))).ref if own else None

    def continuation(self, sent: Sentence, items: list[_Item]) -> list[_Item]:
        """A sentence carrying on the directive of the sentence before with *cần*."""
        last = items[-1] if items else None
        if (last is None or last.request.kind != "Directive" or last.sentence != sent.index - 1
                or _REPORTING.search(sent.text) or not (modal := _MODAL.search(sent.text))):
            return []
        subject = _PLACE_SUBJECT.search(sent.text[:modal.start() + 1].rstrip(", "))
        request = _Request("Directive", last.request.by,
                           self.local_org(subject.group("w")) if subject else None)
        return [_Item(request, sent.index, sent.start,
                      sent.start + len(sent.text.rstrip(" .!?…")))]


def _org_rank(org: Entity) -> int:
    """Which of a place's bodies speaks for it: the People's Committee first."""
    return next((i for i, p in enumerate(_RANK) if re.match(p, org.label)), len(_RANK))


def _nearest(mentions: list) -> Ref:
    """The last-named entity, preferring a role over the organisation or person beside it."""
    last = max(mentions, key=lambda n: n[1])
    group = [n for n in mentions if n[1] >= last[0] - 3]
    return min(group, key=lambda n: (n[2].type != "Role", n[2].type != "Organization",
                                     -n[0]))[2].ref


def _continues(text: str, start: int, end: int) -> bool:
    """Whether a segment without a request verb goes on with the list: a verb phrase."""
    start = _LEAD.match(text, start, end).end()
    return bool(_ACTION.match(text, start) or re.match(r"(?:cũng\s+)?cần\s", text[start:end]))


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A segment's items: leading connectors and request verbs dropped, cut at ``,`` where
    both sides are verb phrases of three words or more (not inside "như: a, b, c")."""
    cuts = [_LEAD.match(text, start, end).end()]
    for comma in re.finditer(r",\s+", text[cuts[0]:end]):
        at, left = cuts[0] + comma.end(), text[cuts[-1]:cuts[0] + comma.start()]
        if re.search(r"(?<!\w)như(?!\w)|:", left):
            break
        if (_ACTION.match(text, cuts[-1]) and _ACTION.match(text, at)
                and len(left.split()) >= 3 and len(text[at:end].split()) >= 3):
            cuts.append(at)
    ends = [*cuts[1:], end]
    bounds = [(s, s + len(text[s:e].rstrip(" ,;.:"))) for s, e in zip(cuts, ends, strict=True)]
    return [(s, e) for s, e in bounds if len(text[s:e].split()) >= 3]


def _statements(doc: Document, entities, items: list[_Item], encoder) -> tuple[Statement, ...]:
    """Statements from items: the entities named inside, topics from text and entity types."""
    spans = [(m.start, m.end, e) for e in entities for m in e.mentions]
    types = {e.ref: e.type for e in entities}
    rows = []
    for item in items:
        inside = sorted((n for n in spans if item.start <= n[0] and n[1] <= item.end),
                        key=lambda n: n[:2])
        names = [n for n in inside if n[2].type in _SPEAKERS]
        inside = [n for n in inside if n in names  # a place inside a name: "UBND tỉnh X"
                  or not any(a <= n[0] and n[1] <= b for a, b, _ in names)]
        own = {item.request.by, item.request.addressed_to}
        concerns = tuple(dict.fromkeys(n[2].ref for n in inside if n[2].ref not in own))
        masked = list(doc.text[item.start:item.end])  # bodies' names say nothing of the topic
        for s, e, _ in names:
            masked[s - item.start:e - item.start] = " " * (e - s)
        rows.append((item, concerns, "".join(masked)))
    found = assign_topics([masked for _, _, masked in rows], encoder)
    return tuple(
        Statement(kind=item.request.kind, text=" ".join(doc.text[item.start:item.end].split()),
                  evidence=span(doc, item.start, item.end), concerns=concerns,
                  topics=most_specific((*topics, *(_TYPE_TOPICS[types[r]] for r in concerns
                                                   if types[r] in _TYPE_TOPICS)))[:MAX_TOPICS],
                  by=item.request.by, addressed_to=item.request.addressed_to)
        for (item, concerns, _), topics in zip(rows, found, strict=True))


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
