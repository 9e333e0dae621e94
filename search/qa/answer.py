"""The question answerer: one question through the pipeline, start to end.

>>> answerer = Answerer(kb, Searcher(kb))            # doctest: +SKIP
>>> result = answerer.ask("which proposals concern infrastructure?")
>>> [a.label for a in result.answers], result.sparql, result.confidence

:meth:`Answerer.ask` reads straight down: understand (:mod:`.understand`, slots filled by
:mod:`.similar`) and the kind of answer wanted (:mod:`.expect`) → retrieve from the graph
(:mod:`.graph`: the intent's template from a table, with evidence) and the best passages →
read the passages (:mod:`.reader`) → rank and calibrate (:mod:`.rank`) → the result
(:mod:`.render`). Between the stages pass frozen objects (:mod:`.result`): nothing is changed
after it is made. Nothing is ever made up: every answer is a node of the graph, or a span of a
passage, with the sentence(s) it was read from.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from kg.build_facts import type_slug
from kg.errors import BadQuery, StoreError
from kg.namespaces import KG, KGT, local_name
from kg.read import Term, reader
from kg.text import normalise

from . import templates
from .expect import COUNT, Expected, expected
from .graph import Cache, GraphSource, Retrieved, Run, retrieve
from .lexicon import build, tokens
from .plan import READABLE, place_only, role_asked, says_more, subject_phrase, targeted
from .rank import (
    SURE,
    Ranked,
    as_sure_as_their_intent,
    capped,
    intent_key,
    intent_probability,
    mean_confidence,
    merge,
    on_topic,
)
from .reader import READ_K, Reader
from .render import verdict
from .result import Result, frozen_map
from .successors import successor_answers
from .understand import STATEMENT_TYPES, Interpretation, add_cues, decide, interpret

if TYPE_CHECKING:
    from kg.embeddings import Encoder
    from kg.kb import KnowledgeBase
    from search.api import Searcher

    from .similar import Similar

MAX_QUESTION = 1000
PASSAGES = 5
UNSURE = 0.4  # the confidence of a whole class listed for a question that asked for more
EXAMPLES = 'e.g. "which proposals concern infrastructure?" or "tỷ lệ hộ nghèo của Sông Công là bao nhiêu?"'


class Answerer:
    """Answers questions over one knowledge base.

    Args:
        kb: an open :class:`kg.kb.KnowledgeBase` (read-only is enough).
        searcher: a :class:`search.api.Searcher` for passages; None answers from the graph only.
        encoder: the :class:`kg.embeddings.Encoder` for similarity; default: the configured
            model (``KG_EMBED_MODEL``, loaded on first need and shared with search through
            :func:`kg.embeddings.default_encoder`).
    """

    def __init__(self, kb: KnowledgeBase, searcher: Searcher | None = None, encoder: Encoder | None = None) -> None:
        self.kb, self.searcher, self._encoder = kb, searcher, encoder
        self._reader: Reader | None = None
        self.read = reader(kb)  # shared with the pages: one index and graph per generation
        self._cache: Cache | None = None
        self._lock = threading.Lock()

    # -- shared state ------------------------------------------------------------------
    @property
    def cache(self) -> Cache:
        generation = self.kb.generation()
        with self._lock:
            if self._cache is None or self._cache.generation != generation:
                lexicon = add_cues(build(self.read))
                props = _property_labels(self.read.vocabulary().values())
                below: dict[str, set[str]] = {}
                for row in self.kb.store.query(templates.subclasses()):
                    below.setdefault(local_name(str(row["super"])), set()).add(local_name(str(row["c"])))
                self._cache = Cache(generation, lexicon, props, subclasses=below)
            return self._cache

    def encoder(self) -> Encoder:
        if self._encoder is None:
            from kg.embeddings import default_encoder

            self._encoder = default_encoder(self.kb.config["KG_EMBED_MODEL"])
        return self._encoder

    def similar(self) -> Similar:
        cache = self.cache
        with cache.lock:
            if cache.similar is None:
                from .similar import Similar

                cache.similar = Similar(cache.lexicon, self.encoder())
            return cast("Similar", cache.similar)

    def warm(self) -> None:
        """Build everything now (lexicon, entity graph, embeddings, search models)."""
        from kg.gazetteer import name_keys

        self.read.warm()
        self.similar()
        name_keys()
        self.ask("tỷ lệ hộ nghèo là bao nhiêu?")
        self.ask("de xuat ve ha tang")

    # -- asking ------------------------------------------------------------------------
    def ask(self, question: str, passages: int = PASSAGES) -> Result:
        """Answer one question: understand → retrieve (graph templates, passages) → read the
        passages → rank and calibrate → the result.

        Raises:
            BadQuery: an empty question, or one longer than :data:`MAX_QUESTION` characters.
        """
        question = check_question(question)
        q = self.interpret(question)
        want = read_for(q, expected(question))
        run = Run()
        found = self._retrieve(q, want, run)
        hits = self._hits(question, max(passages, READ_K) if want is not None else passages)
        if counted_by_graph(q, want, found):  # "how many parks in X": the graph counts what it holds
            assert want is not None  # a count asked for is expected
            kinds = cast(tuple[str, ...], tuple({a.type for a in found.answers}))  # graph answers are typed
            want, candidates = replace(want, kind="entity", types=kinds, many=True), []
        else:
            candidates = [] if found.unknown else self._read(question, q, want, hits)
        ranked = rank(q, want, found, candidates, hits)
        count = found.count if not ranked.calibrated else graph_count(q, ranked)
        confidence, message = verdict(
            judged(q, ranked),
            count,
            intent=q.intent,
            guessed=q.guessed,
            unknown=found.unknown,
            nopath=found.nopath,
            has_passages=bool(hits),
            sure=SURE,
            expected=want.kind if want else None,
        )
        return Result(
            question=question,
            language=q.language,
            interpretation=frozen_map(q.to_dict()),
            sparql=run.queries[0] if run.queries else None,
            answers=ranked.answers,
            passages=tuple(h.to_dict() for h in hits[:passages]),
            confidence=confidence,
            message=message,
            count=count,
            path=found.path,
            queries=tuple(run.queries),
            expected=want.kind if want else None,
            more=ranked.more,
        )

    def _retrieve(self, q: Interpretation, want: Expected | None, run: Run) -> Retrieved:
        """The graph's answers: the 2025 successor from the official data, a body's role in a
        work, or the intent's template (:mod:`.graph`)."""
        if want is not None and want.kind == "successor":
            return Retrieved(tuple(successor_answers(q, self._entity_iri)))
        role = role_asked(q, want)
        if role is not None:  # who holds it, or the body's works; when the graph has none, as any question
            found = retrieve(GraphSource(self.kb, self.read, self.cache, run), q, role)
            if found.answers:
                return found
        if want is not None and q.intent == "list" and not q.place and not targeted(q, want):
            # every entity of a class, for a question that said more: the ranking would drop the
            # graph's answers unread, and listing them costs a scan of every mention
            return Retrieved()
        return retrieve(GraphSource(self.kb, self.read, self.cache, run), q)

    def _read(self, question: str, q: Interpretation, want: Expected | None, hits: list) -> list:
        """The passage reader's candidates (none for a question whose kind it cannot read). A
        single figure of a place ("thu nhập bình quân của Lạng Sơn") is read only from passages
        that name the place: another place's figure of the same measure is no answer."""
        if want is None or want.kind not in READABLE or not hits:
            return []
        # the measure the question named, for one value (several compared share the measure anyway)
        named = (
            q.indicator.label if q.indicator is not None and "indicator" not in q.guessed and not want.many else None
        )
        found = self.reader().read(question, want, hits, subject_phrase(q, want), measure=named)
        if want.kind == "figure" and not want.many and place_only(q):
            found = [c for c in found if c.subject]
        return found

    def reader(self) -> Reader:
        if self._reader is None:
            self._reader = Reader(self._entity_iri)
        return self._reader

    def _entity_iri(self, kind: str, key: str) -> str:
        return str(self.kb.iris.entity(type_slug(kind), key))

    def interpret(self, question: str) -> Interpretation:
        """The intent and slots of ``question``, with open slots filled by similarity."""
        found = interpret(question, self.cache.lexicon)
        cues = found.cues
        wants_figure = (
            found.type in ("Indicator", "Observation")
            or "target" in cues
            or (
                "value" in cues
                and not cues & {"about", "connect", "path", "concern"}
                and found.type not in STATEMENT_TYPES
            )
        )
        if (
            found.indicator is None
            and wants_figure
            and found.intent not in ("status", "path", "top")
            and not (found.entity and not found.place)
        ):
            guess = self.similar().indicator(question)
            if guess is not None:
                kind = found.type if found.type in (*STATEMENT_TYPES, "Indicator", "Observation") else None
                found = replace(found, indicator=guess, type=kind, guessed=(*found.guessed, "indicator"))
                found = replace(found, intent=decide(found))
        if (
            found.intent == "list"
            and found.type in STATEMENT_TYPES
            and not found.topic
            and not found.entity
            and _has_content(found, question)
        ):
            name = self.similar().topic(question)
            topic = self.cache.lexicon.topic_name(_topic_iri(name)) if name else None
            if topic is not None:
                found = replace(found, topic=topic, guessed=(*found.guessed, "topic"))
        return found

    def _hits(self, question: str, k: int) -> list:
        if self.searcher is None or k <= 0:
            return []
        try:
            return list(self.searcher.search(question, k=k))
        except (StoreError, BadQuery):
            return []  # no index yet: the graph answer stands alone


def check_question(question: object) -> str:
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


def _has_content(q: Interpretation, question: str) -> bool:
    """Whether words remain besides the cues and the type (something a topic could name)."""
    covered = sum(m.end - m.start for m in q.matches)
    return len(tokens(question)) - covered >= 1


def _topic_iri(name: str) -> str:
    return str(KGT[name])


def _property_labels(vocabulary: Iterable[Term]) -> dict[str, str]:
    """``{property IRI: "vi label · en label"}``: relations shown in words."""
    out = {}
    for term in vocabulary:
        if "property" in term.kinds and term.iri.startswith(str(KG._NS)):
            labels = term.labels_by_language()
            words = " · ".join(x for x in (labels.get("vi"), labels.get("en")) if x)
            if words:
                out[term.iri] = words
    return out


def _unconstrained(q: Interpretation) -> bool:
    """A list or count of a whole class (no place, entity or topic) for a question whose other
    words the graph did not understand."""
    return q.intent in ("list", "count") and not (q.place or q.entity or q.topic) and says_more(q)


def topic_list(q: Interpretation) -> bool:
    """Whether the question lists the statements of a topic it named ("which proposals concern
    infrastructure?"): each answer's confidence then reflects its topic score, and the list's is
    their mean (:func:`.rank.on_topic`, :func:`.rank.mean_confidence`)."""
    return q.intent == "list" and q.type in STATEMENT_TYPES and q.topic is not None and "topic" not in q.guessed


def judged(q: Interpretation, ranked: Ranked) -> Ranked:
    """What the result's confidence and message are read from: a topic's statements as sure as
    the share of the list expected right (their mean), not as its surest one; else the list."""
    if not (topic_list(q) and ranked.answers and not ranked.calibrated):
        return ranked
    mean = mean_confidence(ranked)
    return replace(ranked, answers=tuple(replace(a, confidence=mean) for a in ranked.answers))


def read_for(q: Interpretation, want: Expected | None) -> Expected | None:
    """What the passages are read for: nothing for the roads or canals of a place the question
    names and nothing more ("Những tuyến đường nào đi qua Sông Công?"), which the graph lists by the places they
    pass through, as sure as such lists were (the reader would only add the streets a passage
    happens to list there)."""
    if (
        want is not None
        and want.kind == "entity"
        and q.place
        and set(want.types) <= {"Road", "Canal"}
        and not says_more(q)  # "… ở TP HCM bị ngập nặng?" asks what a passage says of them
    ):
        return None
    return want


def counted_by_graph(q: Interpretation, want: Expected | None, found: Retrieved) -> bool:
    """Whether a count is the graph's to give: what it holds in a place, on a topic, of
    statements (the passages are not read for it)."""
    return (
        want is not None
        and q.intent == "count"
        and bool(found.answers)
        and bool(q.place or q.topic or q.type in STATEMENT_TYPES)
        # "Tuyến đường … dài bao nhiêu km?": a measure asked of one thing, not things counted
        and not (want.kind == "figure" and want.units and want.units != COUNT)
    )


def graph_count(q: Interpretation, ranked: Ranked) -> int | None:
    """A count question's count when the graph alone answered it: the answers shown and the
    ones left out; None otherwise."""
    if q.intent == "count" and ranked.answers and all(a.source == "graph" for a in ranked.answers):
        return len(ranked.answers) + ranked.more
    return None


def rank(q: Interpretation, want: Expected | None, found: Retrieved, candidates: list, hits: list) -> Ranked:
    """One ranked list: with an expected kind of answer, the graph's and the reader's answers
    merged and calibrated (:func:`.rank.merge`); without, the graph's answers as sure as such
    answers were for the question's intent. A whole class listed for a question that said more
    is only possible (at most :data:`UNSURE`)."""
    if want is not None:
        # a figure of the measure asked, from anywhere (no place or entity narrowed the query):
        # only one stated in a document search found for the whole question
        anywhere = not (q.place or q.entity)
        ranked = merge(
            want,
            found.answers,
            candidates,
            bool(q.guessed),
            found.by_role or targeted(q, want),
            found_in=frozenset(h.doc_id for h in hits) if anywhere else frozenset(),
        )
    else:
        share = intent_probability(intent_key(q.to_dict()), bool(q.guessed))
        ranked = as_sure_as_their_intent(found.answers, share)
        if topic_list(q):
            ranked = on_topic(ranked, share)
            if says_more(q):
                ranked = in_documents_found(ranked, frozenset(h.doc_id for h in hits[:PASSAGES]), share)
    return capped(ranked, UNSURE) if _unconstrained(q) else ranked


def in_documents_found(ranked: Ranked, documents: frozenset[str], share: float) -> Ranked:
    """A topic's statements for a question that said more than the topic ("… đề xuất gì để giải
    quyết ô nhiễm ở làng nghề đá Non Nước?" is not every environmental proposal): those stated in
    the documents search found for the whole question, each no surer than such lists were right
    (``share``: the statements kept are on the topic, but the extractor may have missed some of
    that document's); when none is, the topic's list stays, only possible (at most :data:`UNSURE`)."""
    kept = tuple(
        replace(a, confidence=min(cast(float, a.confidence), share))
        for a in ranked.answers
        if any(e.doc_id in documents for e in a.evidence)
    )
    return replace(ranked, answers=kept) if kept else capped(ranked, UNSURE)
