"""From a question to an interpretation: intent plus slots linked to graph nodes.

Everything that names a *thing* comes from the graph (:mod:`search.qa.lexicon`). What is
written here is the small bilingual vocabulary of *asking*: words that say "how many",
"missed the target", "what is said about", "how is ... related to". Those cue words are
added to the same longest-match lexicon, so "liên quan" is read as a cue before its last
syllable could be mistaken for "quận".

When the words alone leave a slot open, embeddings fill it (see :mod:`search.qa.similar`):
the indicator nearest to the question ("the trade–services share" -> "cơ cấu ngành thương
mại – dịch vụ") and, for statements, the topic nearest to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .lexicon import Lexicon, Match, Name, tokens

CUES: dict[str, tuple[str, ...]] = {
    "count": ("bao nhiêu", "có bao nhiêu", "how many", "số lượng", "number of", "đếm", "count", "mấy"),
    "value": (
        "là bao nhiêu",
        "đạt bao nhiêu",
        "bằng bao nhiêu",
        "ở mức",
        "what is",
        "what was",
        "what's",
        "how much",
        "how high",
        "how fast",
        "how quickly",
        "how big",
        "how large",
        "level",
        "rate of",
    ),
    "target": ("mục tiêu", "target", "targets", "goal", "goals", "kế hoạch đề ra", "targeted"),
    "missed": (
        "không đạt",
        "chưa đạt",
        "không hoàn thành",
        "chưa hoàn thành",
        "khó hoàn thành",
        "missed",
        "miss",
        "not met",
        "not meet",
        "fail",
        "failed",
        "fall short",
        "fell short",
        "below target",
    ),
    "met": ("đã đạt", "đạt", "vượt", "đã hoàn thành", "met", "meet", "achieved", "reached", "exceeded", "hit"),
    "about": (
        "nói gì về",
        "thông tin về",
        "thông tin",
        "said about",
        "say about",
        "tell me about",
        "what about",
        "know about",
        "information about",
        "describe",
        "mô tả",
        "giới thiệu",
    ),
    "connect": (
        "nối với đâu",
        "kết nối với đâu",
        "nối",
        "kết nối",
        "connect",
        "connects",
        "connected",
        "connecting",
        "đi qua",
        "pass through",
        "passes through",
        "go through",
        "goes through",
        "link",
        "links",
    ),
    "path": (
        "liên quan thế nào",
        "liên quan như thế nào",
        "liên quan gì",
        "quan hệ",
        "mối quan hệ",
        "mối liên hệ",
        "liên hệ",
        "related",
        "relation",
        "relationship",
        "relate",
        "connection between",
        "link between",
    ),
    "top": (
        "nhiều nhất",
        "most connected",
        "most mentioned",
        "most important",
        "nổi bật nhất",
        "quan trọng nhất",
        "top",
        "most",
        "kết nối nhiều nhất",
        "central",
        "hàng đầu",
    ),
    "decided": ("quyết định", "decided", "decide", "đề ra", "agreed", "thông qua", "chủ trương", "plans", "planned"),
    "list": ("những", "nào", "các", "liệt kê", "which", "what are", "list", "show", "danh sách", "gồm", "có những"),
    "where": ("ở đâu", "nằm ở đâu", "where", "in which", "thuộc tỉnh nào", "thuộc huyện nào", "located"),
    "who": ("ai", "who", "người nào"),
    "mentioned": ("được nhắc đến", "nhắc đến", "nhắc tới", "được nhắc", "mentioned", "cited", "named"),
    "propose": (
        "propose",
        "proposed",
        "proposes",
        "suggest",
        "suggested",
        "recommend",
        "recommended",
        "ask for",
        "asked for",
        "asks for",
        "request",
        "requested",
    ),
    "direct": ("direct", "directed", "instruct", "instructed", "order", "ordered"),
    "concern": (
        "liên quan",
        "liên quan đến",
        "liên quan tới",
        "về",
        "concern",
        "concerning",
        "concerns",
        "regarding",
        "related to",
        "on",
        "about",
        "dealing with",
        "for",
    ),
}
INTENTS = ("list", "count", "value", "status", "about", "where", "related", "path", "top", "term", "search")
VERB_TYPES = {"propose": "Proposal", "direct": "Directive"}  # "what did X propose?" asks for proposals
STATEMENT_TYPES = ("Proposal", "Directive")
PLACE_TYPES = ("Province", "City", "Ward", "AdministrativeUnit", "Place")
_ENGLISH = frozenset(
    "what which who how is are was were the of in to for about many much does do did there "
    "their its and with by on related said".split()
)


@dataclass(frozen=True)
class Interpretation:
    """What the question asks (intent) and about what (slots linked to graph nodes)."""

    intent: str = "search"
    type: str | None = None  # class local name
    topic: Name | None = None
    entity: Name | None = None
    other: Name | None = None  # the second entity of a path question
    about_type: str | None = None  # "proposals about *industrial parks*": what statements concern
    indicator: Name | None = None
    place: Name | None = None
    period: str | None = None  # "2020" or "2020-2025"
    cues: frozenset[str] = frozenset()
    guessed: tuple[str, ...] = ()  # slots filled by similarity, not by words
    language: str = "vi"
    matches: tuple[Match, ...] = field(default=(), compare=False)
    question: str = ""

    def to_dict(self) -> dict:
        def name(n: Name | None) -> dict[str, str] | None:
            return {"iri": n.iri, "label": n.label} if n else None

        return {
            "intent": self.intent,
            "type": self.type,
            "topic": name(self.topic),
            "entity": name(self.entity),
            "indicator": name(self.indicator),
            "place": name(self.place),
            "period": self.period,
        }


def add_cues(lexicon: Lexicon) -> Lexicon:
    """Teach the lexicon the cue phrases (as names of kind ``cue``)."""
    for intent, phrases in CUES.items():
        for phrase in phrases:
            lexicon.add(phrase, Name("cue", intent, "Cue", phrase))
    return lexicon


def language(question: str) -> str:
    """ "en" when English function words make up a fifth of the words (English questions name
    Vietnamese places with their diacritics), else "vi"."""
    words = tokens(question)
    english = sum(w in _ENGLISH for w in words)
    return "en" if words and english / len(words) >= 0.2 else "vi"


def interpret(question: str, lexicon: Lexicon) -> Interpretation:
    """Read ``question`` with ``lexicon`` (which must have the cues, see :func:`add_cues`)."""
    matches = tuple(lexicon.match(question))
    cues = frozenset(n.iri for m in matches for n in m.of_kind("cue"))
    slots = _slots(matches)
    found = Interpretation(
        cues=cues,
        language=language(question),
        matches=matches,
        question=question,
        period=_period(question, slots.get("term")),
        **_pick(slots),
    )
    return replace(found, intent=decide(found))


def _slots(matches: tuple[Match, ...]) -> dict:
    """Type, topic and entities named in the question, in the order they appear."""
    slots: dict = {
        "types": [],
        "topics": [],
        "entities": [],
        "indicators": [],
        "term": None,
        "verbs": [n.iri for m in matches for n in m.of_kind("cue") if n.iri in VERB_TYPES],
    }
    for m in matches:
        entities = sorted(m.of_kind("entity"), key=lambda n: -n.weight)
        indicators = [n for n in entities if n.type == "Indicator"]
        if indicators:  # an indicator's name beats a topic of the same words ("tỷ lệ hộ nghèo")
            slots["indicators"].append(indicators[0])
        elif entities:
            if entities[0].type == "Term":
                slots["term"] = slots["term"] or entities[0]
            slots["entities"].append(entities[0])
        elif m.of_kind("class") and not (slots["types"] and m.of_kind("topic") and not _is_type_word(m)):
            slots["types"].append(m.of_kind("class")[0].type)
        elif m.of_kind("topic"):
            slots["topics"].append(m.of_kind("topic")[0])
    return slots


def _is_type_word(m: Match) -> bool:
    """A phrase naming a kind of place ("industrial parks", "roads") even if a topic shares it."""
    return any(n.type in ("IndustrialPark", "Road", "Ward", "City", "Province") for n in m.of_kind("class"))


def _pick(slots: dict) -> dict:
    entities = [e for e in slots["entities"] if e.type != "Term"] or slots["entities"]
    places = [e for e in entities if e.type in PLACE_TYPES]
    types = [t for t in slots["types"] if t != "Indicator" or not slots["indicators"]]
    verbs = [VERB_TYPES[c] for c in slots.get("verbs", ()) if c in VERB_TYPES]
    types = (
        verbs[:1] + [t for t in types if t not in verbs]
        if verbs and not (types and types[0] in STATEMENT_TYPES)
        else types
    )
    about = [t for t in types[1:] if types[0] in STATEMENT_TYPES and t not in STATEMENT_TYPES]
    return {
        "type": types[0] if types else None,
        "about_type": about[0] if about else None,
        "topic": slots["topics"][0] if slots["topics"] else None,
        "entity": entities[0] if entities else None,
        "other": entities[1] if len(entities) > 1 else None,
        "indicator": slots["indicators"][0] if slots["indicators"] else None,
        "place": places[-1] if places else None,
    }


def _period(question: str, term: Name | None) -> str | None:
    if term is not None:
        return "-".join(tokens(term.iri.rsplit("/", 1)[-1]))
    years = [t for t in tokens(question) if len(t) == 4 and t.isdigit() and 1945 <= int(t) <= 2100]
    return "-".join(years[:2]) if years else None


def path(q: Interpretation) -> str | None:
    """ "how is X related to Y?": two different entities and a relating cue."""
    if q.entity and q.other and q.entity.iri != q.other.iri and not q.type and q.cues & {"path", "connect", "concern"}:
        return "path"
    return None


def top(q: Interpretation) -> str | None:
    """ "which wards are most connected?"."""
    return "top" if "top" in q.cues and q.type else None


def status(q: Interpretation) -> str | None:
    """ "which indicators missed their target?" (about figures, or a place's figures)."""
    if (
        ({"missed", "met"} & q.cues)
        and q.type in (None, "Indicator", "Observation")
        and (not q.entity or q.entity.type in PLACE_TYPES)
    ):
        return "status"
    return None


def count(q: Interpretation) -> str | None:
    """ "how many proposals …?" (a class to count, no indicator named)."""
    return "count" if "count" in q.cues and q.type and not q.indicator else None


def value(q: Interpretation) -> str | None:
    """An indicator named: its value."""
    return "value" if q.indicator else None


def where(q: Interpretation) -> str | None:
    """ "KCN Yên Phong thuộc tỉnh nào?", "which districts does the road pass through?"."""
    if (
        q.entity
        and q.entity.type not in (*PLACE_TYPES, "Term")
        and ("where" in q.cues or (q.type in PLACE_TYPES and q.type != "Place"))
    ):
        return "where"
    return None


def related(q: Interpretation) -> str | None:
    """ "which term was this congress for?", "which events happened in the 2016-2020 term?"."""
    kind = q.type
    if (
        kind
        and q.entity
        and kind not in (*STATEMENT_TYPES, "Indicator", "Observation")
        and q.entity.type not in PLACE_TYPES
        and kind != q.entity.type
        and not q.topic
    ):
        return "related"
    return None


def missing_term(q: Interpretation) -> str | None:
    """A term the graph does not hold: no answer rather than every term."""
    return "term" if q.type == "Term" and q.period and not (q.entity and q.entity.type == "Term") else None


def typed_list(q: Interpretation) -> str | None:
    """Things of a class, narrowed by a topic, place, entity or the class itself."""
    kind = q.type
    if kind and (q.topic or q.place or q.entity or q.about_type or kind not in PLACE_TYPES):
        return "list" if kind != "Term" or not q.entity else "term"
    return "list" if kind and q.place else None


def term(q: Interpretation) -> str | None:
    """A term named (and what it decided)."""
    return "term" if q.entity and q.entity.type == "Term" and (not q.type or "decided" in q.cues) else None


def about(q: Interpretation) -> str | None:
    """An entity named and nothing else asked: what the graph says about it."""
    return "about" if q.entity else None


def topic_list(q: Interpretation) -> str | None:
    """A topic or a class alone: its statements, its members."""
    return "list" if q.topic or q.type else None


#: The rules that choose an intent, tried in order; the first that answers decides, else
#: "search" (passages only). Each is a small named function, tested on its own.
RULES: tuple[Callable[[Interpretation], str | None], ...] = (
    path,
    top,
    status,
    count,
    value,
    where,
    related,
    missing_term,
    typed_list,
    term,
    about,
    topic_list,
)


def decide(q: Interpretation) -> str:
    """The intent, from the cues and the slots the question filled (first rule that fits)."""
    for rule in RULES:
        intent = rule(q)
        if intent is not None:
            return intent
    return "search"
