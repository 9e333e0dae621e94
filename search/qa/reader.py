"""The passage reader: the answer read out of the best passages when the graph has none.

Search puts the passage that holds the answer first far more often than the graph holds the
typed fact ("Dự án … có tổng vốn đầu tư bao nhiêu?" over articles whose figures have no
indicator). The reader runs the same extractors ingest runs (:mod:`kg.extract`) over the top
passages, keeps the candidates of the type the question wants (:mod:`search.qa.expect`:
money, a length, a date, a person, places, what someone said) and scores each by how well
its sentence matches the question:

* ``overlap``: the question's content words (its own words, cue and type words left out;
  English words through a small glossary of measure words) found in the sentence;
* ``measure``: those words found in the figure's own measure phrase ("tổng mức đầu tư");
* ``subject``: the question's entity (its name, folded) named in the sentence or passage;
* ``rank``: the passage's place in the search results.

Each candidate keeps its sentence and the answer's span in it, so the page can highlight it
and link the document. Reading is cached per passage (passages repeat across questions).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg import gazetteer
from kg.document import Document
from kg.extract import extract_document
from kg.extract.model import Extraction, Observation
from kg.extract.orgs import SURNAMES
from kg.numbers import format_value
from kg.text import LOWER, UPPER, Sentence, fold, split_sentences

from .expect import COUNT, Expected
from .lexicon import token_spans, tokens

if TYPE_CHECKING:
    from search.api import Hit

#: passages read per question: at 5 the answer sometimes sat unread in the 6th (rounds 1–10: 629
#: of 1,086 forms right at 5, 638 at 7, the same at 8)
READ_K = 7
CACHE = 512  # passages kept read
STOP = frozenset(
    """la bao nhieu gi nao ai khi the nhu co cua va cac nhung duoc da dang se tu den cho voi
    trong tren o tai ve nay do thi ma hay hoac khong chua mot hai ba ra vao len xuong hien nay nam
    what which who whom when where how is are was were the a an of in on to for by from with and or did
    does do has have had be been it its this that there their than as at much many long large big
    sau truoc nao roi hoi""".split()
)
#: Stop words whose accented homograph names a measure: folded "sau" is "sau" (after) or "sâu" (deep)
_MEASURE_HOMOGRAPHS = {"sau": ("sâu",)}
# English words of questions -> folded Vietnamese words of the articles (measures and events)
GLOSSARY = {
    "investment": "dau tu",
    "invest": "dau tu",
    "total": "tong",
    "capital": "von",
    "cost": "chi phi kinh phi",
    "length": "dai",
    "long": "dai",
    "area": "dien tich rong",
    "large": "rong dien tich",
    "capacity": "cong suat",
    "price": "gia",
    "prices": "gia",
    "ticket": "ve",
    "compensation": "boi thuong den bu",
    "paid": "chi tra giai ngan",
    "budget": "ngan sach",
    "revenue": "doanh thu",
    "profit": "loi nhuan",
    "contractor": "nha thau",
    "investor": "chu dau tu nha dau tu",
    "start": "khoi cong bat dau",
    "started": "khoi cong bat dau",
    "construction": "khoi cong xay dung thi cong",
    "trial": "chay thu",
    "runs": "chay",
    "open": "khanh thanh mo",
    "opened": "khanh thanh",
    "completed": "hoan thanh",
    "finish": "hoan thanh",
    "dismiss": "mien nhiem",
    "dismissed": "mien nhiem",
    "vice": "pho",
    "chairman": "chu tich",
    "chairwoman": "chu tich",
    "deputy": "dai bieu pho",
    "worried": "lo ngai",
    "bridge": "cau",
    "drainage": "thoat nuoc",
    "flooding": "ngap ung",
    "water": "nuoc",
    "electricity": "dien",
    "traffic": "giao thong",
    "congestion": "un tac",
    "railway": "duong sat",
    "line": "tuyen",
    "airport": "san bay",
    "project": "du an",
    "projects": "du an",
    "plant": "nha may",
    "plants": "nha may",
    "hydropower": "thuy dien",
    "land": "dat",
    "agricultural": "nong nghiep",
    "maximum": "toi da",
    "minimum": "toi thieu",
    "deposit": "tien gui",
    "rate": "lai suat ty le",
    "rates": "lai suat",
    "households": "ho",
    "people": "nguoi",
    "communes": "xa",
    "districts": "huyen",
    "provinces": "tinh",
    "site": "mat bang",
    "clearance": "giai phong",
    "plan": "ke hoach",
    "medium-term": "trung han",
    "allocate": "bo tri",
    "jackpot": "jackpot",
    "jackpots": "jackpot",
    "value": "gia tri tri gia",
    "outbreaks": "dich",
    "flu": "cum",
    "bird": "gia cam",
    "residents": "nguoi dan",
    "serve": "phuc vu",
    "conservation": "bao ton",
    "renovation": "chinh trang",
    "housing": "nha o",
    "social": "xa hoi",
    "floods": "lu",
    "flood": "lu",
    "council": "hdnd hoi dong",
    "committee": "ubnd",
    "people's": "nhan dan",
}
_DATE = re.compile(
    r"(?<!\d)(?:(?:ngày\s+)?\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d{2}|(?:tháng\s+)?\d{1,2}[/-](?:19|20)\d{2}"
    r"|(?:quý\s+[IV1-4]+[/-])(?:19|20)\d{2}"
    r"|(?:ngày|sáng|chiều|trưa|tối|đêm|hôm)\s+\d{1,2}[/.-]\d{1,2}(?![/.\-]?\d)"
    r"|(?:năm\s+|đầu\s+năm\s+|cuối\s+năm\s+|tháng\s+\d{1,2}\s+năm\s+)?(?:19|20)\d{2})(?!\d)",
    re.I,
)
_SAYING = re.compile(
    r"(?<!\w)(?:nói|cho biết|cho rằng|khẳng định|nhấn mạnh|nhận định|đánh giá|phát biểu|lưu ý|"
    r"chia sẻ|lo ngại|đề nghị|yêu cầu|phê bình|giải thích|thừa nhận|bày tỏ|cảnh báo|[\"“”]"
    r"|theo(?=\s+(?:ông|bà|đại biểu|ĐB|PGS|GS|TS)(?!\w)))",  # "Theo ông Nguyễn Văn Khay, …"
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """One answer read from a passage, with where it was read and how well it fits."""

    kind: str  # "figure", "date", "entity", "said"
    label: str  # what a person reads: "552 triệu USD", "Lê Chinh", "1/10/2017"
    type: str  # class local name of the answer: "Observation", "Person", "Date", "Sentence"
    sentence: str
    span: tuple[int, int]  # the answer inside ``sentence``
    doc_id: str
    source: str
    title: str
    sentence_index: int
    rank: int  # the passage's place in the search results
    overlap: float
    focus: float = 0.0  # the share of the question's words besides its subject's name
    near: float = 0.0  # the share of those words close to the answer (its clause, not its sentence)
    measure: float = 0.0
    subject: bool = False
    value: float | None = None
    unit: str | None = None
    iri: str | None = None  # the graph node, when the answer is an entity
    measure_text: str = ""
    group: int = 0  # the items of one list share it (and how near the question their list is); 0: none

    @property
    def score(self) -> float:
        """How well the candidate fits the question (0..1, before calibration)."""
        return round(
            0.2 * self.focus
            + 0.25 * self.near
            + 0.1 * self.overlap
            + 0.2 * self.measure
            + 0.15 * self.subject
            + 0.1 / (1 + self.rank),
            4,
        )

    def features(self) -> dict[str, float]:
        """What calibration reads (:mod:`search.qa.rank`)."""
        return {
            "score": self.score,
            "focus": self.focus,
            "near": self.near,
            "measure": self.measure,
            "subject": float(self.subject),
            "first": float(self.rank == 0),
            "graph": 0.0,
        }


class Reader:
    """Reads passages (search hits) into candidates; ``entity_iri(type, key)`` names graph nodes."""

    def __init__(self, entity_iri: Callable[[str, str], str]) -> None:
        self.entity_iri = entity_iri
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def read(
        self, question: str, want: Expected, hits: list, subject: str | None = None, measure: str | None = None
    ) -> list[Candidate]:
        """Candidates of the wanted kind from the first :data:`READ_K` hits, best first.
        ``measure``: the measure the question names, as the graph names it ("tổng mức đầu tư"): a
        figure whose measure phrase holds all its words fits as well as one whose phrase has the
        question's own words ("tổng đầu tư" is not "vốn đầu tư")."""
        words = content_words(question)
        measured = frozenset(tokens(measure)) if measure else frozenset()
        named = " ".join(tokens(subject)) if subject else None
        focus = frozenset(words - set(named.split())) if named else words
        asked = dimensions(question)
        out: list[Candidate] = []
        naming = {h.doc_id for h in hits if named and f" {named} " in f" {' '.join(tokens(h.passage))} "}
        for rank, hit in enumerate(hits[:READ_K]):
            doc, extraction = self._extracted(hit)
            # the article names the subject in this passage, or in another passage the search found
            in_passage = bool(named) and (hit.doc_id in naming or f" {named} " in f" {' '.join(tokens(doc.text))} ")
            speaking = 0  # "said": sentences left that may carry on what the person named said
            for sent in doc.sentences:
                if sent.index == 0:
                    continue  # the title line added for the extractors
                words_here = tokens(sent.text)
                present, folded = set(words_here), f" {' '.join(words_here)} "
                base = dict(
                    sentence=sent.text,
                    doc_id=hit.doc_id,
                    source=hit.source,
                    title=hit.title,
                    sentence_index=hit.first_sentence + sent.index - 1,
                    rank=rank,
                    overlap=_share(words, present),
                    focus=_share(focus, present),
                    subject=bool(named) and (f" {named} " in folded or in_passage),
                )
                if want.kind == "said":
                    saying = bool(_SAYING.search(sent.text))
                    own = bool(named) and f" {named} " in folded
                    other = not own and any(  # someone else speaks now ("Ông Thăng" is still Đinh La Thăng)
                        tokens(m.group("name"))[-1] not in (named or "").split()
                        and m.group("name").split()[0] not in _BODY_WORDS
                        for m in _PERSON.finditer(sent.text)
                    )
                    saying = saying or own and ":" in sent.text  # "Bí thư Đinh La Thăng: Nhà ở xã hội …"
                    whole = Candidate(
                        kind="said",
                        label=sent.text,
                        type="Sentence",
                        span=(0, len(sent.text)),
                        **{**base, "subject": True},
                    )
                    if own and saying or speaking and saying and not other:
                        out.append(whole)
                        speaking = _CARRIED
                    elif speaking and not other:
                        # "… Vũ Hồng Thanh cho biết, khi quyết định … . Sự quá tải của Tân Sơn Nhất …":
                        # what they said goes on in the next sentences without a verb of saying
                        out.append(replace(whole, rank=rank + 1))
                        speaking -= 1
                    else:
                        speaking = 0
                    continue
                found = _candidates(want, sent, extraction, words, base, self.entity_iri, named, measured, asked)
                out.extend(_as_near_as_their_list([replace(c, near=_near(focus, sent.text, c.span)) for c in found]))
        if want.kind == "date" and _ASKS_DAY.search(" ".join(tokens(question))):
            out = [c for c in out if _HAS_DAY.search(c.label)]  # "từ ngày nào?" is not "năm 2014"
        return sorted(out, key=lambda c: (-c.score, c.rank, c.sentence_index, c.span))

    def _extracted(self, hit: Hit) -> tuple[Document, Extraction]:
        key = f"{hit.passage_id}:{hash(hit.passage)}"
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        doc = passage_document(hit)
        found = (doc, extract_document(doc))
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        return found


#: A question that asks for a day, not a year or a month (folded)
_ASKS_DAY = re.compile(r"(?<![a-z])(?:ngay nao|tu ngay|vao ngay|what date|which day|what day|on what day)(?![a-z])")
#: A date with its day: "ngày 15/8", "1/10/2017", "30-7"; not a month and year ("tháng 3-2016")
_HAS_DAY = re.compile(r"(?i:ngày)\s*\d|(?<!\d)(?<!(?i:tháng) )\d{1,2}\s*[/.-]\s*\d{1,2}(?!\d)")


def passage_document(hit: Hit) -> Document:
    """A document of one passage: its article's title as the first line, then the passage
    (sentences split as ingest splits them, without word segmentation: no extractor the
    reader needs reads the words)."""
    title = " ".join((hit.title or "").split()) or "—"
    text = f"{title}\n\n{hit.passage}"
    sentences = tuple(Sentence(i, s, e, t, tuple(t.split())) for i, (s, e, t) in enumerate(split_sentences(text)))
    return Document(
        doc_id=hit.doc_id,
        content_hash=hit.doc_id,
        path=hit.source,
        source=hit.source,
        format="text",
        title=title,
        original_title=title,
        title_restored=False,
        text=text,
        sentences=sentences,
    )


def content_words(question: str) -> frozenset[str]:
    """The question's own words: cue and type words out, English measure words in Vietnamese."""
    out: set[str] = set()
    for token, start, end in token_spans(question):
        if token in _MEASURE_HOMOGRAPHS and question[start:end].lower() in _MEASURE_HOMOGRAPHS[token]:
            out.add(token)  # "sâu" (deep) folds to "sau" (after): the measure asked, not a stop word
            continue
        if token in STOP or token.isdigit() and len(token) < 3:
            continue
        out.update(GLOSSARY[token].split() if token in GLOSSARY else (token,))
    return frozenset(out)


# A person as the press names one: an honorific or title, then two to four capitalised syllables
_PERSON = re.compile(
    r"(?<!\w)(?i:ông|bà|đại biểu|ĐB|đồng chí|Bộ trưởng|Thứ trưởng|Chủ tịch|Phó Chủ tịch|Giám đốc|"
    r"Bí thư|Phó Bí thư|Trưởng ban|Phó Trưởng ban|Tổng giám đốc|PGS\.?\s*TS\.?|GS\.?\s*TS\.?|TS\.?|"
    r"ThS\.?|luật sư|kỹ sư|bác sĩ)\s+"
    rf"(?P<name>(?:[{UPPER}][{LOWER}]+\s+){{1,4}}[{UPPER}][{LOWER}]+)"
)


def _own_name(name: str) -> tuple[int, str]:
    """A person's name without the province or district written before it ("Chủ tịch UBND TP Hà
    Nội Nguyễn Đức Chung": "Hà Nội Nguyễn Đức Chung" is "Nguyễn Đức Chung"): a leading place name
    followed by a family name and one syllable or more is cut; (offset in ``name``, the name)."""
    words = name.split()
    for k in (3, 2, 1):
        rest = words[k:]
        if len(rest) >= 2 and rest[0] in SURNAMES and gazetteer.find_units(" ".join(words[:k]), exact=True):
            cut = len(" ".join(words[:k])) + 1
            return cut, name[cut:]
    return 0, name


#: A title, the body it heads, then the person: "Chủ tịch UBND tỉnh Nguyễn Văn Cao", "Phó Cục
#: trưởng Cục I - Thanh tra Chính phủ Trần Hữu Lợi" (the name starts with a family name).
_PERSON_AFTER_BODY = re.compile(
    r"(?<!\w)(?i:(?:phó\s+)?(?:chủ tịch|bí thư|giám đốc|tổng giám đốc|trưởng ban|cục trưởng|vụ trưởng|"
    r"viện trưởng|chánh văn phòng|chánh thanh tra|tổng thanh tra|trưởng đoàn|bộ trưởng|thứ trưởng|"
    r"chủ nhiệm|trưởng phòng))\s+"
    r"(?:[^\s,;:.“”\"()]+\s+){1,8}?"
    rf"(?P<name>(?:{'|'.join(sorted(SURNAMES, key=len, reverse=True))})(?:\s+[{UPPER}][{LOWER}]+){{1,3}})(?!\w)"
)
_BODY_WORDS = frozenset(
    "Ban Sở Bộ Công Tổng Ủy Hội Trung Viện Cục Chi Phòng Văn Tập Ngân Quỹ Trường Bệnh Nhà "
    "Thành Tỉnh Huyện Quận Xã Phường Đảng Mặt Liên Hiệp Tòa Kho Thanh".split()
)


def _people(sent: Sentence, base: dict, named: str | None) -> list[Candidate]:
    """People named with an honorific or title in the sentence (the extractors keep to people
    they can tie to a role; a reader answering "who" takes every named person)."""
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for m in [*_PERSON.finditer(sent.text), *_PERSON_AFTER_BODY.finditer(sent.text)]:
        offset, name = _own_name(m.group("name"))
        if named and " ".join(tokens(name)) in named or name.split()[0] in _BODY_WORDS:
            continue  # the subject asked about; "Giám đốc Ban Quản lý …" names a body, not a person
        at = m.start("name") + offset
        if any(s <= at < e for s, e in seen):
            continue  # read once, by the first pattern
        seen.add((at, m.end("name")))
        out.append(Candidate(kind="entity", label=name, type="Person", span=(at, m.end("name")), **base))
    return out


_CARRIED = 2  # sentences after a person's words that may go on with them
NEAR_BEFORE, NEAR_AFTER = 70, 40  # characters around an answer that say what it is


def _near(words: frozenset[str], sentence: str, span: tuple[int, int]) -> float:
    """The share of ``words`` in the answer's neighbourhood, up to a clause break: in "vốn vay
    ODA là 250 triệu USD, tổng mức đầu tư 552 triệu USD" the words before each figure say
    which is the investment."""
    before, after = _clause_around(sentence, span, NEAR_BEFORE, NEAR_AFTER)
    return _overlap(words, f"{before} {after}")


def _clause_around(sentence: str, span: tuple[int, int], before: int, after: int) -> tuple[str, str]:
    """The words up to ``before`` characters ahead of the span and ``after`` past it, each cut
    at the clause break nearest the span."""
    start, end = span
    return (
        re.split(r"[;,:.]\s", sentence[max(0, start - before) : start])[-1],
        re.split(r"[;,.]\s", sentence[end : end + after])[0],
    )


def _bare_counts(counted: str, text: str, base: dict) -> list[Candidate]:
    """Counts of what the question counts that no extractor measured: a number right before
    the counted words ("127 vòm cầu" for "bao nhiêu vòm cầu"; diacritics and case aside)."""
    folded = fold(text)
    if len(folded) != len(text):
        return []  # offsets would not hold
    pattern = rf"(?<![\w.,])(\d{{1,3}}(?:\.\d{{3}})+|\d+)\s+{re.escape(counted)}(?![a-z])"
    out = []
    for m in re.finditer(pattern, folded):
        value = float(m.group(1).replace(".", ""))
        label = text[m.start() : m.end()]
        out.append(
            Candidate(
                kind="figure",
                label=label,
                type="Observation",
                span=(m.start(), m.end()),
                value=value,
                unit="1",
                measure=1.0,
                measure_text=text[m.end(1) : m.end()].strip(),
                **base,
            )
        )
    return out


def _counts(counted: str, obs: Observation, sent: Sentence) -> bool:
    """Whether a count counts what was asked: its measure, or the words right after the
    number ("hơn 800 nhà máy thủy điện"), name it."""
    after = re.split(r"[,;.]\s|\d|(?<!\w)(?:và|với)(?!\w)", sent.text[obs.evidence.end - sent.start :][:30])[0]
    said = f" {' '.join(tokens(f'{obs.measure or obs.indicator_label} {obs.evidence.text} {after}'))} "
    return f" {counted} " in said


def _role_near(
    role: tuple[str, ...], sentence: str, span: tuple[int, int], others: tuple[tuple[int, int], ...] = ()
) -> float:
    """1 when the role asked about is written next to the answer, in its clause ("nhà thầu là
    Cty … Cục 6", "Tập đoàn BIM làm chủ đầu tư"), else 0: for "who", the answer's measure. An
    answer inside a list of bodies (``others``: the spans of the sentence's other bodies) takes
    the role written before the list ("Nhà đầu tư dự án gồm Công ty Đèo Cả, Công ty Hải Thạch
    và Ngân hàng …")."""
    if not role:
        return 0.0
    if sentence.rfind("(", 0, span[0]) > sentence.rfind(")", 0, span[0]):
        return 0.0  # "Ban quản lý … (Sở GTVT TP Hà Nội) làm chủ đầu tư": the body in brackets is the other's parent
    if aside := re.match(r"\s*\([^()]{0,80}\)", sentence[span[1] :]):
        sentence = sentence[: span[1]] + sentence[span[1] + aside.end() :]  # the role after the brackets is its
    span = _list_start(sentence, span, others)
    before, after = _clause_around(sentence, span, 40, 30)
    near = f" {' '.join(tokens(before))} | {' '.join(tokens(after))} "
    return 1.0 if any(f" {r} " in near for r in role) else 0.0


_JOINED = re.compile(r"(?:,|;|\s+và|\s+cùng|\s+and)\s*$")


def _list_start(sentence: str, span: tuple[int, int], others: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The span from the first item of the list of bodies ``span`` ends, joined by commas and
    "và" ("A, B và C": C's list starts at A)."""
    start, end = span
    moved = True
    while moved:
        moved = False
        joint = _JOINED.search(sentence[:start])
        if joint is None:
            break
        for a, b in others:
            if b <= joint.start() and not sentence[b : joint.start()].strip():
                start, moved = a, True
                break
        else:  # a body the extractors did not name, but written as one ("Liên danh Công ty … Đèo Cả, …")
            item = _BODY_ITEM.search(sentence[: joint.start()])
            if item is not None:
                start, moved = item.start(), True
    return start, end


_BODY_ITEM = re.compile(
    r"(?:Liên danh\s+)?(?:Công ty|Cty|CTCP|Tập đoàn|Tổng công ty|Ngân hàng)[^,;:()]*$", re.IGNORECASE
)


#: Dimensions of a thing, as written (accents matter: "dài" is long, "đại" is not), in the question
#: and in a figure's measure phrase: a depth asked is not answered by a diameter.
DIMENSIONS = {
    "depth": re.compile(r"(?<!\w)sâu(?!\w)", re.I),
    "diameter": re.compile(r"(?<!\w)đường kính(?!\w)", re.I),
    "height": re.compile(
        r"(?<!\w)(?<!nâng )cao(?!\s+(?:tốc|cấp|su|điểm|nguyên|độ|học|đẳng|ủy|niên|lãnh|bằng|thủ))(?!\w)", re.I
    ),
    "width": re.compile(r"(?<!\w)rộng(?!\s+(?:rãi|lớn|mở|khắp))(?!\w)", re.I),
    "length": re.compile(r"(?<!\w)dài(?!\s+(?:hạn|ngày))(?!\w)", re.I),
}


def dimensions(text: str) -> frozenset[str]:
    """The dimensions a text names (:data:`DIMENSIONS`)."""
    return frozenset(name for name, pattern in DIMENSIONS.items() if pattern.search(text))


def _dimension_fit(asked: frozenset[str], measure: str) -> bool | None:
    """Whether a figure's measure names the one dimension the question asks (True), only others
    (False), or none (None: the other scores decide)."""
    named = dimensions(measure)
    if len(asked) != 1 or not named:
        return None
    return bool(asked & named)


def _overlap(words: frozenset[str], text: str) -> float:
    """The share of ``words`` among the (folded) words of ``text``."""
    return _share(words, set(tokens(text)))


def _share(words: frozenset[str], present: set[str]) -> float:
    return round(sum(w in present for w in words) / len(words), 4) if words else 0.0


def _candidates(
    want: Expected,
    sent: Sentence,
    extraction: Extraction,
    words: frozenset[str],
    base: dict,
    entity_iri: Callable[[str, str], str],
    named: str | None,
    measured: frozenset[str] = frozenset(),
    asked: frozenset[str] = frozenset(),
) -> list[Candidate]:
    start = sent.start
    if want.kind == "figure":
        out = []
        for obs in extraction.observations:
            if obs.evidence.sentence != sent.index or (want.units and obs.unit.split("/")[0] not in want.units):
                continue
            if want.counted and not _counts(want.counted, obs, sent):
                continue  # "bao nhiêu căn hộ" is not answered by 382 người/ha
            measure = obs.measure or obs.indicator_label or ""
            fits = _dimension_fit(asked, measure)
            if fits is False:
                continue  # "khoan sâu bao nhiêu mét?" is not answered by "đường kính 2m"
            out.append(
                Candidate(
                    kind="figure",
                    label=format_value(obs.value, obs.unit, measure),
                    type="Observation",
                    span=(obs.evidence.start - start, obs.evidence.end - start),
                    value=float(obs.value),
                    unit=obs.unit,
                    measure=1.0 if fits else max(_overlap(words, measure), float(_overlap(measured, measure) == 1.0)),
                    measure_text=measure,
                    **base,
                )
            )
        if not out and want.counted and (not want.units or want.units == COUNT):
            out = _bare_counts(want.counted, sent.text, base)
        return out
    if want.kind == "date":
        return [
            Candidate(kind="date", label=m.group().strip(), type="Date", span=(m.start(), m.end()), **base)
            for m in _DATE.finditer(sent.text)
        ]
    if want.kind == "entity":
        out = _people(sent, base, named) if "Person" in want.types else []
        seen = {c.label for c in out}
        bodies = tuple(
            (m.start - start, m.end - start)
            for entity in extraction.entities
            if entity.type in ("Company", "Organization")
            for m in entity.mentions
            if m.sentence == sent.index
        )
        for entity in extraction.entities:
            if entity.type not in want.types or (named and " ".join(tokens(entity.label)) in named):
                continue
            for m in entity.mentions:
                if m.sentence == sent.index and entity.label not in seen:
                    span = (m.start - start, m.end - start)
                    out.append(
                        Candidate(
                            kind="entity",
                            label=entity.label,
                            type=entity.type,
                            span=span,
                            iri=entity_iri(entity.type, entity.key),
                            measure=_role_near(want.role, sent.text, span, bodies),
                            **base,
                        )
                    )
                    if entity.type in _LEVELS:  # "quận 12, Bình Tân, Tân Phú và Gò Vấp": the rest of the list
                        fresh = []
                        for sibling in list_siblings(sent.text, span, entity.type, entity.key):
                            if sibling.name not in seen:
                                seen.add(sibling.name)
                                fresh.append(sibling)
                        if fresh:
                            head = out[-1] = replace(out[-1], group=span[0] + 1)
                            out += [
                                replace(
                                    head,
                                    label=sibling.name,
                                    span=sibling_span(sent.text, sibling, span),
                                    iri=entity_iri(entity.type, sibling.code),
                                )
                                for sibling in fresh
                            ]
                    break
        if want.many:
            places = [
                (m.start - start, m.end - start)
                for entity in extraction.entities
                if entity.type in _LEVELS
                for m in entity.mentions
                if m.sentence == sent.index
            ]
            out += _listed(want.types, sent.text, base, [c.label for c in out], places)
        return out
    return []


#: Kind words that open a list of bare names, by the class the names are: "các kênh Cô Bắc, Ba
#: Tháng Hai …", "các cảng … như: Tân cảng Sài Gòn, …", "doanh nghiệp … như Changshin, Pouyuen"
_LIST_KINDS = {
    "Road": r"(?:tuyến đường|con đường|đường|phố|quốc lộ)",
    "Bridge": r"(?:cây cầu|cầu vượt|cầu)",
    "Canal": r"(?:kênh|rạch|con sông)",
    "Seaport": r"(?:cảng biển|bến cảng|cảng)",
    "Airport": r"(?:sân bay|cảng hàng không(?: quốc tế)?)",
    "Company": r"(?:công ty|doanh nghiệp|tập đoàn|hãng)",
    "Plant": r"(?:nhà máy)",
}
_KIND_WORD = re.compile("|".join(_LIST_KINDS.values()), re.I)
#: How a listed name's kind is written before it ("Kênh Cô Bắc"); a company's name stands alone
_DISPLAY = {
    "Road": "Đường",
    "Bridge": "Cầu",
    "Seaport": "Cảng",
    "Airport": "Sân bay",
    "Plant": "Nhà máy",
    "Company": "",
}
_INTRO = re.compile(r"[^.;:()“”]{0,80}?(?:\s(?:như|gồm|bao gồm|là)\s*:?|:)\s*")
_SEPARATOR = re.compile(r"\s*(?:,|;|\s(?:và|cùng|hay)(?=\s))\s*")
_LISTED_NAME = re.compile(
    rf"\s*(?P<kind>(?:[{LOWER}]+\s+){{0,4}}?)(?P<name>[{UPPER}0-9][\w-]*(?:\s+(?:[{UPPER}0-9][\w-]*|(?!(?:và|cùng|hay|hoặc|với|của|tại|ở)\s)[{LOWER}]+(?=\s+[{UPPER}])))*)"
)


def _listed(
    types: tuple[str, ...], text: str, base: dict, known: list[str], places: Sequence[tuple[int, int]] = ()
) -> list[Candidate]:
    """The bare names of a list after a kind word the question asks for ("những kênh nào …?"),
    which no extractor took for entities: at least two names in a row, each a run of
    capitalised words (lower-case words before it are its kind: "nhà máy đóng tàu Ba Son")."""
    out: list[Candidate] = []
    known_folded = [fold(k) for k in known]
    seen = set(known_folded)
    plain = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), text)  # offsets kept
    for kind, words in _LIST_KINDS.items():
        if kind not in types:
            continue
        read_to = 0
        for anchor in re.finditer(rf"(?<!\w){words}(?!\w)", plain, re.I):
            names = [] if anchor.start() < read_to else _names_after(plain, anchor.end())
            if len(names) < 2:
                continue  # no list, or a kind word inside the list read already ("Tân cảng Sài Gòn")
            read_to = names[-1][2]
            bare = not _INTRO.match(plain, anchor.end())  # "các kênh Cô Bắc, Ba Tháng Hai": each a kênh
            for name, start, end in names:
                if bare and not _KIND_WORD.match(name):
                    name = f"{_DISPLAY.get(kind, anchor.group().capitalize())} {name}".strip()
                if kind == "Company" and (
                    any(s < end and start < e for s, e in places) or gazetteer.name_key(name) in gazetteer.name_keys()
                ):
                    continue  # "doanh nghiệp ở Bình Dương, TP HCM, Đồng Nai": places, not companies
                if fold(name) not in seen and not any(k.endswith(" " + fold(name)) for k in known_folded):
                    seen.add(fold(name))
                    listed = -(anchor.start() + 1)  # one list: its names as near the question as its best
                    out.append(Candidate(kind="entity", label=name, type=kind, span=(start, end), group=listed, **base))
    return out


def _names_after(text: str, at: int) -> list[tuple[str, int, int]]:
    """The names listed from ``at`` on (after an optional "… như:"), up to the first item that
    is no name."""
    intro = _INTRO.match(text, at)
    pos = intro.end() if intro else at
    out: list[tuple[str, int, int]] = []
    while (m := _LISTED_NAME.match(text, pos)) is not None:
        kind = m.group("kind").strip()
        if kind and len(kind.split()) <= 2 and _KIND_WORD.fullmatch(kind):  # "cảng Sài Gòn": the kind is named
            out.append((f"{kind[:1].upper()}{kind[1:]} {m.group('name')}", m.start("kind"), m.end("name")))
        else:
            out.append((m.group("name"), m.start("name"), m.end("name")))
        sep = _SEPARATOR.match(text, m.end())
        if sep is None:
            break
        pos = sep.end()
    return out


def _as_near_as_their_list(found: list[Candidate]) -> list[Candidate]:
    """The items of one list as near the question's words as the nearest of them: "tại 4 huyện:
    Mường Ảng, Mường Chà, Tủa Chùa và Điện Biên" answers "ở những huyện nào?" with all four, not
    with the first alone (the later ones stand further from the words the question shares)."""
    best: dict[int, float] = {}
    for c in found:
        if c.group:
            best[c.group] = max(best.get(c.group, 0.0), c.near)
    return [replace(c, near=best[c.group]) if c.group else c for c in found]


#: The graph's place classes and the gazetteer's levels
_LEVELS = {"Province": "province", "City": "district", "Ward": "ward"}
#: The next item of a list of bare place names: ", Bình Tân", " và Gò Vấp", ", huyện Bình Chánh"
_NEXT_NAME = re.compile(
    rf"\s*(?:,|;|\s(?:và|cùng))\s*(?:(?:các\s+)?(?:xã|phường|thị trấn|quận|huyện|thị xã|thành phố|tỉnh)\s+)?"
    rf"(?P<name>[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{0,3}}|\d{{1,2}}(?!\w))"
)


def list_siblings(sentence: str, span: tuple[int, int], kind: str, code: str) -> list[gazetteer.Unit]:
    """The units named bare after a place in a list ("các xã Lượng Minh, Xá Lượng và Yên Na"):
    each a unit of the same level under the same province, the only one of its name there."""
    level = _LEVELS[kind]
    chain = gazetteer.lineage(code)
    province = next((u.code for u in chain if u.level == "province"), None)
    if province is None:
        return []
    out, pos = [], span[1]
    while found := _NEXT_NAME.match(sentence, pos):
        name = found.group("name")
        if name.isdigit():
            name = f"{'Quận' if level == 'district' else 'Phường'} {name}"
        units = [
            u
            for u in gazetteer.find_units(name, level)
            if any(p.code == province for p in gazetteer.lineage(u.code)) and u.code != code
        ]
        if len(units) != 1:
            break  # not a unit of that level there, or two of that name: the list ends
        out.append(units[0])
        pos = found.end()
    return out


def sibling_span(sentence: str, unit: gazetteer.Unit, after: tuple[int, int]) -> tuple[int, int]:
    """Where a listed unit's short name stands after ``after`` (its start, else the list's end)."""
    at = sentence.find(unit.short, after[1])
    return (at, at + len(unit.short)) if at >= 0 else after
