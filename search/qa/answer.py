"""The question answerer: question -> interpretation -> SPARQL -> answers with evidence.

>>> answerer = Answerer(kb, Searcher(kb))            # doctest: +SKIP
>>> result = answerer.ask("which proposals concern infrastructure?")
>>> [a["label"] for a in result.answers], result.sparql, result.confidence

The graph answers where it can; the best passages from search come with every answer and
are all there is when no template fits or the graph has nothing (then confidence is low and
the message says so). Nothing is ever made up: every answer is a node of the graph with the
sentence(s) it was read from.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field, replace

from kg.errors import BadQuery, StoreError
from kg.namespaces import KG, KGT, local_name
from kg.build_facts import type_slug
from kg.read import contained, most_connected, reader, shortest_relation_path
from kg.text import fold, normalise

from . import templates
from .lexicon import Lexicon, build, token_spans, tokens
from .render import (Rows, answers_from_rows, attach_evidence, figure, observation_label, path_answers,
                     placeholder)
from .expect import expected
from .plan import HANDLERS, READABLE, says_more, subject_phrase, targeted
from .rank import SURE, intent_key, intent_probability, merge
from .reader import READ_K, Reader
from .successors import successor_answers
from .understand import PLACE_TYPES, STATEMENT_TYPES, Interpretation, add_cues, decide, interpret

MAX_QUESTION = 1000
PASSAGES = 5
EXAMPLES = "e.g. \"which proposals concern infrastructure?\" or \"tỷ lệ hộ nghèo của Sông Công là bao nhiêu?\""
MESSAGES = {
    "found": "Tìm thấy {n} câu trả lời trong đồ thị tri thức · {n} answers from the knowledge graph",
    "guessed": "Tìm thấy {n} câu trả lời; {slots} được đoán theo độ tương đồng · {n} answers; {slots} guessed by similarity",
    "empty": "Đồ thị không có câu trả lời; dưới đây là các đoạn văn gần nhất · The graph has no answer; the closest passages follow",
    "search": "Câu hỏi không khớp mẫu truy vấn nào; dưới đây là các đoạn văn gần nhất · No graph pattern fits the question; the closest passages follow",
    "nopath": "Không tìm thấy chuỗi quan hệ nào giữa hai thực thể · No chain of relations links the two entities",
    "unknown": "Đồ thị chưa có thông tin về “{place}”; dưới đây là các đoạn văn gần nhất · The graph holds nothing about “{place}”; the closest passages follow",
    "read": "Tìm thấy {n} câu trả lời, đọc từ các đoạn văn gần nhất · {n} answers read from the closest passages",
    "possible": "{n} câu trả lời có thể (độ tin cậy thấp) · {n} possible answers (low confidence)",
    "more": "; còn {n} câu trả lời ít liên quan hơn · {n} more, less relevant",
}
PLACE_INTENTS = ("list", "count", "value", "status")
TOP = 10  # answers of "which … most …" questions
SUCCESSOR = str(KG.successorUnit)
AGENT_TYPES = ("Organization", "Role", "Person")  # "what did X propose" means made by X


@dataclass
class Answer:
    """The result of one question; :meth:`to_dict` is ``kg ask --json`` and ``/api/ask``."""

    question: str
    language: str
    interpretation: dict
    sparql: str | None
    answers: list[dict]
    passages: list[dict]
    confidence: float
    message: str
    count: int | None = None
    path: list[dict] | None = None
    queries: list[str] = field(default_factory=list)  # every query run, the answering one first
    expected: str | None = None  # the kind of answer the question wants (search.qa.expect)
    more: int = 0  # answers of a list left out where relevance dropped

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Run:
    """The queries one question ran, in order (the answer reports them all)."""

    queries: list[str]

    def query(self, store, sparql: str) -> Rows:
        self.queries.append(sparql)
        return store.query(sparql)


@dataclass
class _Cache:
    """What one store generation needs besides the read layer's index and graph: the
    lexicon, relation names and embeddings of indicators."""

    generation: str
    lexicon: Lexicon
    props: dict[str, str]
    subclasses: dict[str, set[str]] = field(default_factory=dict)  # class -> it and its subclasses
    similar: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Answerer:
    """Answers questions over one knowledge base.

    Args:
        kb: an open :class:`kg.kb.KnowledgeBase` (read-only is enough).
        searcher: a :class:`search.api.Searcher` for passages; None answers from the graph only.
        encoder: the :class:`kg.embeddings.Encoder` for similarity; default: the configured
            model (``KG_EMBED_MODEL``, loaded on first need and shared with search through
            :func:`kg.embeddings.default_encoder`).
    """

    def __init__(self, kb, searcher=None, encoder=None):
        self.kb, self.searcher, self._encoder = kb, searcher, encoder
        self._reader: Reader | None = None
        self.read = reader(kb)  # shared with the pages: one index and graph per generation
        self._cache: _Cache | None = None
        self._lock = threading.Lock()

    # -- shared state ------------------------------------------------------------------
    @property
    def cache(self) -> _Cache:
        generation = self.kb.generation()
        with self._lock:
            if self._cache is None or self._cache.generation != generation:
                lexicon = add_cues(build(self.read))
                props = _property_labels(self.read.vocabulary().values())
                below: dict[str, set[str]] = {}
                for row in self.kb.store.query(templates.subclasses()):
                    below.setdefault(local_name(str(row["super"])), set()).add(local_name(str(row["c"])))
                self._cache = _Cache(generation, lexicon, props, subclasses=below)
            return self._cache

    def graph(self):
        """The read layer's entity graph (``full``: entities, statements and figures)."""
        return self.read.graph().full

    def label_of(self, iri: str) -> str | None:
        return self.read.describe(iri)[0]

    def encoder(self):
        if self._encoder is None:
            from kg.embeddings import default_encoder

            self._encoder = default_encoder(self.kb.config["KG_EMBED_MODEL"])
        return self._encoder

    def similar(self):
        cache = self.cache
        with cache.lock:
            if cache.similar is None:
                from .similar import Similar

                cache.similar = Similar(cache.lexicon, self.encoder())
            return cache.similar

    def warm(self) -> None:
        """Build everything now (lexicon, entity graph, embeddings, search models)."""
        from kg.gazetteer import name_keys

        self.read.warm()
        self.similar()
        name_keys()
        self.ask("tỷ lệ hộ nghèo là bao nhiêu?")
        self.ask("de xuat ve ha tang")

    # -- asking ------------------------------------------------------------------------
    def ask(self, question: str, passages: int = PASSAGES) -> Answer:
        """Answer one question: understand → plan and retrieve (graph templates, passages) →
        read the passages → rank and calibrate → the answer.

        Raises:
            BadQuery: an empty question, or one longer than :data:`MAX_QUESTION` characters.
        """
        question = check_question(question)
        found = self.interpret(question)
        want = expected(question)
        run = _Run([])
        if want is not None and want.kind == "successor":
            graph, extra = self._successor(found), {}
        elif want is not None and found.intent == "list" and not found.place and not targeted(found, want):
            # every entity of a class, for a question that said more: the ranking would drop the
            # graph's answers unread, and listing them costs a scan of every mention
            graph, extra = [], {}
        else:
            graph, extra = self._run(found, run)
        hits = self._hits(question, max(passages, READ_K) if want is not None else passages)
        candidates = [] if extra.get("unknown") else self._read(question, found, want, hits)
        if want is not None and found.intent == "count" and graph and (
                found.place or found.topic or found.type in STATEMENT_TYPES):
            candidates = []  # "how many parks in X": the graph counts what it holds
            want = replace(want, kind="entity", types=tuple({a["type"] for a in graph}), many=True)
        ranked = merge(want, graph, candidates, bool(found.guessed), targeted(found, want)) \
            if want is not None else None
        answers = ranked.answers if ranked is not None else graph
        if _unconstrained(found) and answers:
            # "Which groups invested in the Dung Quat steel project?" read as every project the store
            # holds: the question said more than the graph understood, so nothing of it is sure
            answers = [{**a, "confidence": min(a.get("confidence", UNSURE), UNSURE)}
                       if a.get("source", "graph") == "graph" else a for a in answers]
        if ranked is not None:
            graph_only = answers and all(a.get("source") == "graph" for a in answers)
            extra = {**extra, "count": len(answers) + ranked.more} if found.intent == "count" and graph_only \
                else {k: v for k, v in extra.items() if k != "count"}
        confidence, message = _grade(found, answers, extra, hits, calibrated=ranked is not None,
                                     more=ranked.more if ranked else 0)
        # the graph's answers to a question with no expected type share the question's confidence
        answers = [a if "confidence" in a else {**a, "confidence": confidence} for a in answers]
        return Answer(question=question, language=found.language, interpretation=found.to_dict(),
                      sparql=run.queries[0] if run.queries else None, answers=answers,
                      passages=[h.to_dict() for h in hits[:passages]], confidence=confidence, message=message,
                      count=extra.get("count"), path=extra.get("path"), queries=run.queries,
                      expected=want.kind if want else None, more=ranked.more if ranked else 0)

    def _read(self, question: str, q: Interpretation, want, hits: list) -> list:
        """The passage reader's candidates (none for a question whose kind it cannot read)."""
        if want is None or want.kind not in READABLE or not hits:
            return []
        return self.reader().read(question, want, hits, subject_phrase(q, want))

    def reader(self) -> Reader:
        if self._reader is None:
            self._reader = Reader(self._entity_iri)
        return self._reader

    def _entity_iri(self, kind: str, key: str) -> str:
        return str(self.kb.iris.entity(type_slug(kind), key))

    def _successor(self, q: Interpretation) -> list[dict]:
        return successor_answers(q, self._entity_iri)

    def interpret(self, question: str) -> Interpretation:
        """The intent and slots of ``question``, with open slots filled by similarity."""
        found = interpret(question, self.cache.lexicon)
        cues = found.cues
        wants_figure = (found.type in ("Indicator", "Observation") or "target" in cues
                        or ("value" in cues and not cues & {"about", "connect", "path", "concern"}
                            and found.type not in STATEMENT_TYPES))
        if (found.indicator is None and wants_figure and found.intent not in ("status", "path", "top")
                and not (found.entity and not found.place)):
            guess = self.similar().indicator(question)
            if guess is not None:
                kind = found.type if found.type in (*STATEMENT_TYPES, "Indicator", "Observation") else None
                found = replace(found, indicator=guess, type=kind, guessed=(*found.guessed, "indicator"))
                found = replace(found, intent=decide(found))
        if (found.intent == "list" and found.type in STATEMENT_TYPES and not found.topic
                and not found.entity and _has_content(found, question)):
            name = self.similar().topic(question)
            topic = self.cache.lexicon.topic_name(_topic_iri(name)) if name else None
            if topic is not None:
                found = replace(found, topic=topic, guessed=(*found.guessed, "topic"))
        return found

    def _run(self, q: Interpretation, run: _Run) -> tuple[list[dict], dict]:
        """The graph's answers: the intent's handler (:data:`HANDLERS`) with evidence."""
        handler = HANDLERS.get(q.intent)
        if handler is None:  # "search": no template fits; passages alone
            return [], {}
        method = getattr(self, handler)
        unknown = unknown_place(q) if q.intent in PLACE_INTENTS and not q.place else None
        if unknown:  # answering without the place would answer another question
            return [], {"unknown": unknown}
        answers, extra = method(q, run)
        self._backfill(answers, q.entity.iri if q.intent in ("about", "path") and q.entity else None, run)
        self._complete(answers, run)
        self._link(answers, run)
        return answers, extra

    def _backfill(self, answers: list[dict], anchor: str | None, run: _Run) -> None:
        """Evidence for answers no sentence states directly: a sentence naming the answer
        together with the entity asked about ("co-mention"), else one naming the answer
        ("mention"). The basis is kept with the evidence, so the UI can say which it is."""
        for basis in ("co-mention", "mention"):
            bare = [a for a in answers if not a["evidence"] and a["type"] != "Sentence" and "#" not in a["iri"]]
            if not bare or (basis == "co-mention" and anchor is None):
                continue
            nodes = list(dict.fromkeys(a["iri"] for a in bare))[:200]
            sparql = templates.co_mentions(anchor, nodes) if basis == "co-mention" else templates.mentions(nodes)
            found = {str(r["x"]): str(r["sent"]) for r in run.query(self.kb.store, sparql) if r.get("sent") is not None}
            for answer in bare:
                if answer["iri"] in found:
                    answer["evidence"].append(placeholder(found[answer["iri"]], basis))

    def _answers(self, sparql: str, run: _Run, **kw) -> list[dict]:
        return answers_from_rows(run.query(self.kb.store, sparql), self.read.describe, self.cache.props, **kw)

    def _complete(self, answers: list[dict], run: _Run) -> None:
        """Evidence texts and documents; an answer nothing names (a sentence) is shown by the
        text of its evidence."""
        sentences = list(dict.fromkeys(e["sentence"] for a in answers for e in a["evidence"]))
        if sentences:
            attach_evidence(answers, run.query(self.kb.store, templates.evidence(sentences)))
        texts = {e["sentence"]: e["text"] for a in answers for e in a["evidence"]}
        for answer in answers:
            if answer["label"] is None:
                answer["label"] = texts.get(answer["iri"]) or local_name(answer["iri"])

    def _link(self, answers: list[dict], run: _Run) -> None:
        """``entities`` of statement and figure answers: the graph nodes they point to."""
        local_nodes = [a["iri"] for a in answers if "#" in a["iri"] and a["type"] != "Sentence"][:300]
        if not local_nodes:
            return
        linked: dict[str, list[dict]] = {}
        for row in run.query(self.kb.store, templates.linked(local_nodes)):
            info = self.read.entity(row["e"])
            if info is not None:
                linked.setdefault(str(row["x"]), []).append({"iri": info.iri, "label": info.label, "type": info.type})
        for answer in answers:
            if answer["iri"] in linked:
                answer["entities"] = linked[answer["iri"]]

    def _places(self, name) -> tuple[str, ...]:
        """A place and the same-named units that replaced it or that it replaced (2025 merges
        keep many names: "Thành phố Đà Nẵng" before and after). Differently named successors
        are not the same place: the new Tuyên Quang is not Hà Giang."""
        if name is None:
            return ()
        graph, out = self.graph(), [name.iri]
        if name.iri in graph:
            for s, o, key in [*graph.out_edges(name.iri, keys=True), *graph.in_edges(name.iri, keys=True)]:
                other = o if s == name.iri else s
                if key == SUCCESSOR and fold(self.label_of(other) or "") == fold(name.label):
                    out.append(other)
        return tuple(dict.fromkeys(out))

    def _list(self, q: Interpretation, run: _Run):
        kind = q.type or "Proposal"
        if kind in STATEMENT_TYPES or (q.topic and not q.type):
            kinds = (kind,) if q.type else STATEMENT_TYPES
            about = q.place or q.entity
            by = about is not None and about.type in AGENT_TYPES
            places = self._places(about)
            within = tuple(contained(self.graph(), places)) if places and not by else ()
            sparql = templates.statements(kinds, q.topic.iri if q.topic else None, places,
                                          q.about_type, by=by, within=within)
        else:
            places = self._places(q.place or q.entity)
            within = tuple(contained(self.graph(), places)) if places else None
            if within == ():  # nothing inside the place: no query could find anything
                return [], {}
            sparql = templates.entities(kind, within)
        return self._answers(sparql, run), {}

    def _related(self, q: Interpretation, run: _Run):
        """Nodes of one class related to the entity in either direction (the term of a congress,
        the events of a term, the organisation of a role)."""
        answers, _ = self._about(q, run)
        kinds = self.cache.subclasses.get(q.type, {q.type})
        return [a for a in answers if a["type"] in kinds], {}

    def _where(self, q: Interpretation, run: _Run):
        kind = q.type if q.type in PLACE_TYPES and q.type != "Place" else None
        return self._answers(templates.containers(q.entity.iri, kind), run), {}

    def _count(self, q: Interpretation, run: _Run):
        answers, _ = self._list(q, run)
        return answers, {"count": len(answers)}

    def _value(self, q: Interpretation, run: _Run):
        about = q.entity.iri if q.entity and q.entity.type not in (*PLACE_TYPES, "Term") else None
        sparql = templates.observations(q.indicator.iri, self._places(q.place), q.period, about=about)
        answers = self._answers(sparql, run, value=figure(self.label_of, target="target" in q.cues))
        return _observations(answers), {}

    def _status(self, q: Interpretation, run: _Run):
        status = "met" if "met" in q.cues and "missed" not in q.cues else "missed"
        sparql = templates.observations(places=self._places(q.place), status=status)
        return _observations(self._answers(sparql, run, value=figure(self.label_of))), {}

    def _about(self, q: Interpretation, run: _Run):
        predicates = ("connects", "passesThrough") if "connect" in q.cues else ()
        rows = run.query(self.kb.store, templates.facts(q.entity.iri, predicates))
        if predicates and not rows:
            rows = run.query(self.kb.store, templates.facts(q.entity.iri))
        facts = [(str(r["x"]), str(r["p"]), str(r["dir"])) for r in rows][:500]
        if facts:  # each fact's sentence: the p of a figure's own sentence is unbound, so any p
            found: dict[tuple[str, str | None], list] = {}
            for r in run.query(self.kb.store, templates.fact_sentences(q.entity.iri, facts)):
                found.setdefault((str(r["x"]), str(r["p"]) if r.get("p") is not None else None), []).append(r["sent"])
            rows = [{**r, "sent": sent} for r in rows
                    for sent in (found.get((str(r["x"]), str(r["p"]))) or found.get((str(r["x"]), None)) or [None])]
        answers = answers_from_rows(rows, self.read.describe, self.cache.props, by_predicate=True)
        if "who" in q.cues and any(a["type"] == "Person" for a in answers):
            answers = [a for a in answers if a["type"] == "Person"]  # "who is …?" asks for people
        return answers, {}

    def _term(self, q: Interpretation, run: _Run):
        term = q.entity if q.entity and q.entity.type == "Term" else None
        if term is None:
            return [], {}
        span = q.period or term.iri.rsplit("/", 1)[-1]
        return self._answers(templates.term(term.iri, span), run), {}

    def _path(self, q: Interpretation, run: _Run):
        graph = self.graph()
        triples = shortest_relation_path(graph, q.entity.iri, q.other.iri)
        if not triples:
            return [], {"nopath": True}
        rows = run.query(self.kb.store, templates.edges(triples))
        stated = {(str(r["x"]), str(r["p"]), str(r["o"])) for r in rows if r.get("sent") is not None}
        bare = [(s, o) for s, p, o in triples if (s, p, o) not in stated]
        if bare:  # relations from official data or context: a sentence naming both ends
            found = {(str(r["s"]), str(r["o"])): r["sent"] for r in run.query(self.kb.store, templates.pair_mentions(bare))}
            rows = [*rows, *({"x": s, "p": p, "o": o, "sent": found[(s, o)]} for s, p, o in triples
                             if (s, o) in found and (s, p, o) not in stated)]

        def describe(node: str) -> tuple[str, str]:
            return graph.nodes[node].get("label", node), graph.nodes[node].get("type")

        answers, path = path_answers(rows, triples, q.entity.iri, describe, self.cache.props)
        return answers, {"path": path}

    def _top(self, q: Interpretation, run: _Run):
        if "mentioned" in q.cues:
            return self._most_mentioned(q, run)
        ranked = most_connected(self.graph(), q.type, limit=TOP)
        if not ranked:
            return [], {}
        degree = dict(ranked)
        answers = self._answers(templates.mentions([node for node, _ in ranked]), run)
        for answer in answers:
            n = degree.get(answer["iri"], 0)
            answer["value"] = f"{n} liên kết · {n} connections"
        answers.sort(key=lambda a: -degree.get(a["iri"], 0))
        return answers, {}

    def _most_mentioned(self, q: Interpretation, run: _Run):
        """"Which organisation is mentioned most?": counted in documents (the entity index),
        not in links."""
        top = sorted((e for e in self.read.entities().values() if e.type == q.type and e.documents),
                     key=lambda e: (-e.documents, e.iri))[:TOP]
        if not top:
            return [], {}
        counts = {e.iri: e.documents for e in top}
        answers = self._answers(templates.mentions(list(counts)), run)
        for answer in answers:
            n = counts.get(answer["iri"], 0)
            answer["value"] = f"{n} tài liệu · {n} documents"
        answers.sort(key=lambda a: -counts.get(a["iri"], 0))
        return answers, {}

    def _hits(self, question: str, k: int) -> list:
        if self.searcher is None or k <= 0:
            return []
        try:
            return list(self.searcher.search(question, k=k))
        except (StoreError, BadQuery):
            return []  # no index yet: the graph answer stands alone


def check_question(question) -> str:
    """The question, normalised; BadQuery for empty or over-long text."""
    if not isinstance(question, str):
        raise BadQuery("the question must be text")
    if len(question) > MAX_QUESTION * 4:
        raise BadQuery(f"question too long ({len(question)} characters; at most {MAX_QUESTION})")
    question = normalise(question).strip()
    if not question:
        raise BadQuery(f"empty question: ask something, {EXAMPLES}")
    if len(question) > MAX_QUESTION:
        raise BadQuery(f"question too long ({len(question)} characters; at most {MAX_QUESTION})")
    return question


def unknown_place(q: Interpretation) -> str | None:
    """A province or district the question names but the graph does not hold ("Lai Châu"
    when no document mentions it): words no lexicon phrase covered that make an official
    unit name."""
    from kg.gazetteer import name_key, name_keys

    question = q.question
    spans = token_spans(question)
    covered = {i for m in q.matches for i in range(m.start, m.end)}
    for size in (4, 3, 2):
        for i in range(len(spans) - size + 1):
            window = range(i, i + size)
            if covered.isdisjoint(window):
                text = question[spans[i][1]:spans[i + size - 1][2]]
                if name_key(text) in name_keys():
                    return text
    return None


def _observations(answers: list[dict]) -> list[dict]:
    """Figures: ``value`` the number (JSON keeps numbers), ``display`` the way people read it
    ("< 2 %", "60.000 tỷ đồng"; with the target when there is one)."""
    for answer in answers:
        answer["label"] = observation_label(answer)
        details = answer.get("details") or {}
        answer["display"], answer["value"], answer["unit"] = answer["value"], details.get("value"), details.get("unit")
    return answers


def _has_content(q: Interpretation, question: str) -> bool:
    """Whether words remain besides the cues and the type (something a topic could name)."""
    covered = sum(m.end - m.start for m in q.matches)
    return len(tokens(question)) - covered >= 1


def _topic_iri(name: str) -> str:
    return str(KGT[name])


def _property_labels(vocabulary) -> dict[str, str]:
    """``{property IRI: "vi label · en label"}``: relations shown in words."""
    out = {}
    for term in vocabulary:
        if "property" in term.kinds and term.iri.startswith(str(KG._NS)):
            labels = term.labels_by_language()
            words = " · ".join(x for x in (labels.get("vi"), labels.get("en")) if x)
            if words:
                out[term.iri] = words
    return out


def _grade(q: Interpretation, answers: list[dict], extra: dict, hits: list, calibrated: bool = False,
           more: int = 0) -> tuple[float, str]:
    if extra.get("unknown") and not answers:
        return (0.2 if hits else 0.0), MESSAGES["unknown"].format(place=extra["unknown"])
    if calibrated:
        if not answers:
            return (0.2 if hits else 0.0), MESSAGES["empty"]
        top = max(a.get("confidence", 0.0) for a in answers)
        n = len(answers)
        read = any(a.get("source") == "reader" for a in answers)
        words = MESSAGES["possible"] if top < SURE else MESSAGES["read"] if read else MESSAGES["found"]
        message = words.format(n=n) + (MESSAGES["more"].format(n=more) if more else "")
        return top, message
    if q.intent == "search":
        return (0.3 if hits else 0.0), MESSAGES["search"]
    if extra.get("nopath"):
        return (0.2 if hits else 0.0), MESSAGES["nopath"]
    if extra.get("unknown"):
        return (0.2 if hits else 0.0), MESSAGES["unknown"].format(place=extra["unknown"])
    if not answers:
        return (0.2 if hits else 0.0), MESSAGES["empty"]
    n = extra.get("count", len(answers))
    fitted = intent_probability(intent_key(q.to_dict()), bool(q.guessed))
    if q.guessed:
        return fitted, MESSAGES["guessed"].format(n=n, slots=", ".join(q.guessed))
    if _unconstrained(q):
        return min(fitted, UNSURE), MESSAGES["possible"].format(n=n)
    words = MESSAGES["found"] if fitted >= SURE else MESSAGES["possible"]
    return fitted, words.format(n=n)


UNSURE = 0.4  # the confidence of a whole class listed for a question that asked for more


def _unconstrained(q: Interpretation) -> bool:
    """A list or count of a whole class (no place, entity or topic) for a question whose other
    words the graph did not understand."""
    return q.intent in ("list", "count") and not (q.place or q.entity or q.topic) and says_more(q)
