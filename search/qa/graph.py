"""Retrieve from the graph: the intent's template (or networkx analytics), then the evidence.

Each intent has a handler in :data:`HANDLERS` (a table, not the intent's name looked up on an
object); a handler takes the :class:`GraphSource` and the interpretation and returns a frozen
:class:`Retrieved`. The answers then get their evidence in three passes that each return new
answers: a sentence naming the answer with the entity asked about, or naming the answer
(``co-mention``, ``mention``: for facts no sentence states); the texts and documents of the
evidence sentences; the graph nodes statements and figures point to (``entities``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from kg.kb import KnowledgeBase
from kg.namespaces import KG
from kg.read import GraphReader, contained, most_connected, shortest_relation_path
from kg.store import Store
from kg.text import fold, has_diacritics

from . import templates
from .expect import WORKS as WORK_TYPES
from .lexicon import Lexicon, Name, token_spans
from .reader import STOP
from .render import (
    Rows,
    answers_from_rows,
    figure,
    path_answers,
    with_evidence_texts,
    with_more_evidence,
)
from .result import Answer
from .understand import PLACE_TYPES, STATEMENT_TYPES, Interpretation


def named(name: Name | None) -> Name:
    """An entity the question names: a handler runs only for the intents that need one."""
    assert name is not None
    return name


PLACE_INTENTS = ("list", "count", "value", "status")
TOP = 10  # answers of "which … most …" questions
SUCCESSOR = str(KG.successorUnit)
AGENT_TYPES = ("Organization", "Role", "Person")  # "what did X propose" means made by X
BODY_TYPES = ("Company", "Organization")  # what invests in or builds a work


@dataclass(frozen=True)
class Retrieved:
    """The graph's answers to one question, and what else the handler found: a ``count``, a
    relation ``path``, a place the graph does not hold (``unknown``), no chain of relations
    between two entities (``nopath``)."""

    answers: tuple[Answer, ...] = ()
    count: int | None = None
    path: tuple[dict, ...] | None = None
    unknown: str | None = None
    nopath: bool = False
    by_role: bool = False  # the holders of a role in a work, or a body's works: the question's own answer


@dataclass
class Run:
    """The queries one question ran, in order (the result reports them all)."""

    queries: list[str] = field(default_factory=list)

    def query(self, store: Store, sparql: str) -> Rows:
        self.queries.append(sparql)
        return store.query(sparql)


@dataclass
class Cache:
    """What one store generation needs besides the read layer's index and graph: the
    lexicon, relation names and embeddings of indicators."""

    generation: str
    lexicon: Lexicon
    props: dict[str, str]
    subclasses: dict[str, set[str]] = field(default_factory=dict)  # class -> it and its subclasses
    similar: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class GraphSource:
    """What the handlers read: the store, the read layer (labels, entity graph), this
    generation's cache, and the queries of the question being answered."""

    kb: KnowledgeBase
    read: GraphReader
    cache: Cache
    run: Run

    def query(self, sparql: str) -> Rows:
        return self.run.query(self.kb.store, sparql)

    def answers(self, sparql: str, **kw: Any) -> list[Answer]:
        return answers_from_rows(self.query(sparql), self.read.describe, self.cache.props, **kw)

    def graph(self) -> Any:  # a networkx.MultiDiGraph (networkx is untyped)
        """The read layer's entity graph (``full``: entities, statements and figures)."""
        return self.read.graph().full

    def label_of(self, iri: str) -> str | None:
        return self.read.describe(iri)[0]

    def places(self, name: Name | None) -> tuple[str, ...]:
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


def retrieve(source: GraphSource, q: Interpretation, role: str | None = None) -> Retrieved:
    """The graph's answers to ``q`` with their evidence: the intent's handler (:data:`HANDLERS`),
    or, for a question about a body's ``role`` in a work (:func:`search.qa.plan.role_asked`), who
    holds it or which works the body holds it in; nothing for "search" (no template fits) or
    for a place the graph does not hold."""
    anchor: str | None
    if role is not None:
        found, anchor = by_role(source, q, role), named(q.entity).iri
    else:
        handler = HANDLERS.get(q.intent)
        if handler is None:
            return Retrieved()
        unknown = unknown_place(q) if q.intent in PLACE_INTENTS and not q.place else None
        if unknown:  # answering without the place would answer another question
            return Retrieved(unknown=unknown)
        found = handler(source, q)
        anchor = q.entity.iri if q.intent in ("about", "path") and q.entity else None
    answers = with_mentions(source, found.answers, anchor)
    answers = with_texts(source, answers)
    return replace(found, answers=tuple(with_entities(source, answers)))


# ----------------------------------------------------------------------------- evidence


def with_mentions(source: GraphSource, answers: Iterable[Answer], anchor: str | None) -> list[Answer]:
    """Evidence for answers no sentence states directly: a sentence naming the answer
    together with the entity asked about ("co-mention"), else one naming the answer
    ("mention"). The basis is kept with the evidence, so the UI can say which it is."""
    answers = list(answers)
    for basis in ("co-mention", "mention"):
        bare = [a for a in answers if not a.evidence and a.type != "Sentence" and "#" not in cast(str, a.iri)]
        if not bare or (basis == "co-mention" and anchor is None):
            continue
        nodes = list(dict.fromkeys(cast(str, a.iri) for a in bare))[:200]
        sparql = (
            templates.co_mentions(anchor, nodes)
            if basis == "co-mention" and anchor is not None
            else templates.mentions(nodes)
        )
        found = {str(r["x"]): str(r["sent"]) for r in source.query(sparql) if r.get("sent") is not None}
        answers = with_more_evidence(answers, found, basis)
    return answers


def with_texts(source: GraphSource, answers: list[Answer]) -> list[Answer]:
    """Evidence texts and documents (and the label of an answer that is a sentence)."""
    sentences = list(dict.fromkeys(e.sentence for a in answers for e in a.evidence if e.sentence is not None))
    return with_evidence_texts(answers, source.query(templates.evidence(sentences)) if sentences else [])


def with_entities(source: GraphSource, answers: list[Answer]) -> list[Answer]:
    """``entities`` of statement and figure answers: the graph nodes they point to."""
    local_nodes = [a.iri for a in answers if a.iri and "#" in a.iri and a.type != "Sentence"][:300]
    if not local_nodes:
        return answers
    linked: dict[str, list[dict]] = {}
    for row in source.query(templates.linked(local_nodes)):
        info = source.read.entity(row["e"])
        if info is not None:
            linked.setdefault(str(row["x"]), []).append({"iri": info.iri, "label": info.label, "type": info.type})
    return [replace(a, entities=tuple(linked[a.iri])) if a.iri in linked else a for a in answers]


# ----------------------------------------------------------------------------- handlers


def list_of(source: GraphSource, q: Interpretation) -> Retrieved:
    kind = q.type or "Proposal"
    within: tuple[str, ...] | None
    if kind in STATEMENT_TYPES or (q.topic and not q.type):
        kinds = (kind,) if q.type else STATEMENT_TYPES
        about = q.place or q.entity
        by = about is not None and about.type in AGENT_TYPES
        places = source.places(about)
        within = tuple(contained(source.graph(), places)) if places and not by else ()
        sparql = templates.statements(
            kinds, q.topic.iri if q.topic else None, places, q.about_type, by=by, within=within
        )
    else:
        places = source.places(q.place or q.entity)
        within = tuple(contained(source.graph(), places)) if places else None
        if within == ():  # nothing inside the place: no query could find anything
            return Retrieved()
        sparql = templates.entities(kind, within)
    return Retrieved(tuple(source.answers(sparql)))


def by_role(source: GraphSource, q: Interpretation, role: str) -> Retrieved:
    """ "Ai là chủ đầu tư dự án X?": the bodies holding ``role`` (``investor``, ``contractor``)
    in the work asked about; "các dự án do X đầu tư": the works the body holds it in (of the
    class asked for, when the question names a kind of work)."""
    of_work = named(q.entity).type not in BODY_TYPES
    kind = q.type if not of_work and q.type in WORK_TYPES else None
    return Retrieved(tuple(source.answers(templates.role(named(q.entity).iri, role, of_work, kind))), by_role=True)


def count(source: GraphSource, q: Interpretation) -> Retrieved:
    found = list_of(source, q)
    return replace(found, count=len(found.answers))


def related(source: GraphSource, q: Interpretation) -> Retrieved:
    """Nodes of one class related to the entity in either direction (the term of a congress,
    the events of a term, the organisation of a role)."""
    kinds: set[str | None] = {*source.cache.subclasses.get(q.type or "", {q.type})}
    return Retrieved(tuple(a for a in about(source, q).answers if a.type in kinds))


def where(source: GraphSource, q: Interpretation) -> Retrieved:
    kind = q.type if q.type in PLACE_TYPES and q.type != "Place" else None
    return Retrieved(tuple(source.answers(templates.containers(named(q.entity).iri, kind))))


def value(source: GraphSource, q: Interpretation) -> Retrieved:
    entity = q.entity.iri if q.entity and q.entity.type not in (*PLACE_TYPES, "Term") else None
    sparql = templates.observations(named(q.indicator).iri, source.places(q.place), q.period, about=entity)
    return Retrieved(tuple(source.answers(sparql, value=figure(source.label_of, target="target" in q.cues))))


def status(source: GraphSource, q: Interpretation) -> Retrieved:
    which = "met" if "met" in q.cues and "missed" not in q.cues else "missed"
    sparql = templates.observations(places=source.places(q.place), status=which)
    return Retrieved(tuple(source.answers(sparql, value=figure(source.label_of))))


def about(source: GraphSource, q: Interpretation) -> Retrieved:
    predicates = ("connects", "passesThrough") if "connect" in q.cues else ()
    rows = source.query(templates.facts(named(q.entity).iri, predicates))
    if predicates and not rows:
        rows = source.query(templates.facts(named(q.entity).iri))
    facts = [(str(r["x"]), str(r["p"]), str(r["dir"])) for r in rows][:500]
    if facts:  # each fact's sentence: the p of a figure's own sentence is unbound, so any p
        found: dict[tuple[str, str | None], list] = {}
        for r in source.query(templates.fact_sentences(named(q.entity).iri, facts)):
            found.setdefault((str(r["x"]), str(r["p"]) if r.get("p") is not None else None), []).append(r["sent"])
        rows = [
            {**r, "sent": sent}
            for r in rows
            for sent in (found.get((str(r["x"]), str(r["p"]))) or found.get((str(r["x"]), None)) or [None])
        ]
    answers = answers_from_rows(rows, source.read.describe, source.cache.props, by_predicate=True)
    if "who" in q.cues and any(a.type == "Person" for a in answers):
        answers = [a for a in answers if a.type == "Person"]  # "who is …?" asks for people
    return Retrieved(tuple(answers))


def term(source: GraphSource, q: Interpretation) -> Retrieved:
    found = q.entity if q.entity and q.entity.type == "Term" else None
    if found is None:
        return Retrieved()
    span = q.period or found.iri.rsplit("/", 1)[-1]
    return Retrieved(tuple(source.answers(templates.term(found.iri, span))))


def path(source: GraphSource, q: Interpretation) -> Retrieved:
    graph = source.graph()
    triples = shortest_relation_path(graph, named(q.entity).iri, named(q.other).iri)
    if not triples:
        return Retrieved(nopath=True)
    rows = source.query(templates.edges(triples))
    stated = {(str(r["x"]), str(r["p"]), str(r["o"])) for r in rows if r.get("sent") is not None}
    bare = [(s, o) for s, p, o in triples if (s, p, o) not in stated]
    if bare:  # relations from official data or context: a sentence naming both ends
        found = {(str(r["s"]), str(r["o"])): r["sent"] for r in source.query(templates.pair_mentions(bare))}
        rows = [
            *rows,
            *(
                {"x": s, "p": p, "o": o, "sent": found[(s, o)]}
                for s, p, o in triples
                if (s, o) in found and (s, p, o) not in stated
            ),
        ]

    def describe(node: str) -> tuple[str, str]:
        return graph.nodes[node].get("label", node), graph.nodes[node].get("type")

    answers, steps = path_answers(rows, triples, named(q.entity).iri, describe, source.cache.props)
    return Retrieved(tuple(answers), path=tuple(steps))


def top(source: GraphSource, q: Interpretation) -> Retrieved:
    """ "Which ward is most connected?" by distinct neighbours; "which organisation is
    mentioned most?" counted in documents (the entity index), not in links."""
    if "mentioned" in q.cues:
        ranked = sorted(
            (e for e in source.read.entities().values() if e.type == q.type and e.documents),
            key=lambda e: (-e.documents, e.iri),
        )[:TOP]
        counts, words = {e.iri: e.documents for e in ranked}, "{n} tài liệu · {n} documents"
    else:
        counts, words = dict(most_connected(source.graph(), q.type, limit=TOP)), "{n} liên kết · {n} connections"
    if not counts:
        return Retrieved()
    answers = [
        replace(a, value=words.format(n=counts.get(a.iri or "", 0)))
        for a in source.answers(templates.mentions(list(counts)))
    ]
    return Retrieved(tuple(sorted(answers, key=lambda a: -counts.get(a.iri or "", 0))))


#: The graph's handler of each intent (search.qa.understand.INTENTS); "search" has none.
HANDLERS: dict[str, Callable[[GraphSource, Interpretation], Retrieved]] = {
    "list": list_of,
    "count": count,
    "value": value,
    "status": status,
    "about": about,
    "where": where,
    "related": related,
    "path": path,
    "top": top,
    "term": term,
}


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
                text = question[spans[i][1] : spans[i + size - 1][2]]
                if (
                    name_key(text) in name_keys()
                    and names_unit_as_written(text)
                    and not continues_name(question, spans, i + size)
                ):
                    return text
    return None


#: Words after a unit's name that name its level, not a longer name ("Lai Chau Province")
_LEVEL_WORDS = frozenset("province city district town commune ward township".split())


def continues_name(question: str, spans: list[tuple[str, int, int]], after: int) -> bool:
    """Whether the word right after a unit's name carries a longer proper name on, so the
    words are part of another name ("Tân Sơn" of "Tân Sơn Nhất", the airport; "tan son nhat"
    without diacritics): a capitalised word that is no level ("Province"), or, in a question
    written in lower case, a word that is no stop word or number."""
    if after >= len(spans):
        return False
    word, start, end = spans[after]
    written = question[start:end]
    if word in _LEVEL_WORDS or word.isdigit() or word in STOP:
        return False
    return written[:1].isupper() or question == question.lower()


def names_unit_as_written(text: str) -> bool:
    """Whether words whose key is a unit's name are that name as written: with diacritics, the
    accents must be the unit's ("là gì" is no "La Gi", "hội an" is Hội An); without, question
    words in lower case are none ("de xuat ve ha tang la gi": "what is", not the town)."""
    from kg.gazetteer import find_units

    if has_diacritics(text):
        return any(
            find_units(text, level, era, exact=True) for level in ("province", "district") for era in ("legacy", "2025")
        )
    return text != text.lower() or not all(w in STOP for w in fold(text).split())
