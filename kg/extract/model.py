"""What extraction returns: small frozen dataclasses, no RDF, no I/O.

Every extractor in :mod:`kg.extract` is a pure function from a
:class:`~kg.document.Document` (plus what earlier extractors found) to these values;
:mod:`kg.build` alone turns them into triples. Every value carries the :class:`Span`
(sentence and character offsets) it was read from, which becomes its provenance.

Conventions shared by all extractors:

* ``Entity.type`` is the ontology class's local name (``Province``, ``City``, ``Ward``,
  ``IndustrialPark``, ``Road``, ``Term``, ``Organization``, ``Person``, ``Role``,
  ``Event``, ``Meeting``, ``Congress``, ``Indicator``).
* ``Entity.key`` makes the IRI and is the same in every document for the same real thing:
  the official code for administrative units (``"05512"``), else an accent-free slug of the
  canonical name (``"kcn-song-cong-2"``, ``"ql-3"``, ``"dt-262"``, ``"2015-2020"``).
* Offsets index into ``Document.text``; ``end`` is exclusive (Python slice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Span:
    """Where something was read: sentence index and character offsets in the document text."""

    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, order=True)
class Ref:
    """A reference to an entity by type and key (what relations and facts point at)."""

    type: str
    key: str


@dataclass(frozen=True)
class Entity:
    """A thing the document talks about, with every mention of it.

    ``attrs`` holds extra facts as (ontology property local name, value) pairs, e.g.
    ``("unitType", "Thành phố")``, ``("roadNumber", "262")``, ``("startYear", "2015")``,
    ``("lat", "21.47")``. ``located_in`` lists containing places (official containment for
    administrative units; the place the text gives for parks, roads, organisations).
    """

    type: str
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    code: str | None = None
    located_in: tuple[Ref, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    mentions: tuple[Span, ...] = ()
    label_en: str = ""  # an English name where a lexicon gives one (indicators)

    @property
    def ref(self) -> Ref:
        return Ref(self.type, self.key)

    def merged(self, other: Entity) -> Entity:
        """The same entity seen twice (another mention or extractor): union of what is known."""

        def union(a: Iterable[T], b: Iterable[T]) -> tuple[T, ...]:
            return tuple(dict.fromkeys((*a, *b)))

        return replace(
            self,
            aliases=union(self.aliases, (a for a in other.aliases if a != self.label)),
            code=self.code or other.code,
            label_en=self.label_en or other.label_en,
            located_in=union(self.located_in, other.located_in),
            attrs=union(self.attrs, other.attrs),
            mentions=tuple(sorted(set(self.mentions) | set(other.mentions))),
        )


@dataclass(frozen=True)
class Relation:
    """A stated relation between two entities, e.g. (Road, "passesThrough", City)."""

    subject: Ref
    predicate: str
    object: Ref
    evidence: Span


@dataclass(frozen=True)
class Observation:
    """One figure, e.g. poverty rate < 2 % (decreasing) in Sông Công, or a project's cost.

    ``indicator`` is the key of a shared Indicator entity (``"ty-le-ho-ngheo"``) when a known
    measure owns the figure, else None; ``indicator_label`` is the measure's name (the
    indicator's label, or the open ``measure`` phrase). ``value`` has the scale word resolved
    and ``unit`` is a standard code (ISO 4217 currencies, UCUM units, ``1`` for counts).
    ``comparator`` is one of ``>``, ``<``, ``≈``, ``=``, ``>=``, ``<=``; ``direction``
    ``"increase"``, ``"decrease"`` or None; ``period`` ``"YYYY-YYYY"`` or None; ``year`` a single year or None.
    """

    indicator: str | None
    indicator_label: str
    subject: Ref | None
    value: Decimal
    unit: str
    comparator: str
    evidence: Span
    direction: str | None = None
    period: str | None = None
    year: str | None = None
    target: Decimal | None = None
    estimated: bool = False
    measure: str = ""  # the phrase that governs the figure, as written ("tổng vốn đầu tư")


@dataclass(frozen=True)
class Statement:
    """A proposal (đề xuất, kiến nghị, đề nghị) or a directive (yêu cầu, chỉ đạo).

    ``kind`` is ``"Proposal"`` or ``"Directive"``; ``topics`` are local names of concepts in
    ``ontology/topics.ttl`` (``"infrastructure"``, ``"transport"``); ``concerns`` are the
    entities the text names; ``by`` who made it, where stated. ``topic_scores`` are the topic
    classifier's calibrated probabilities, ``(topic, probability)``, for each topic and the
    concepts above it (empty when keywords alone decided). Topics made by
    :func:`kg.extract.topics.assign_topics` carry them, and a statement built from such topics
    fills ``topic_scores`` itself when not given.
    """

    kind: str
    text: str
    evidence: Span
    concerns: tuple[Ref, ...] = ()
    topics: tuple[str, ...] = ()
    by: Ref | None = None
    addressed_to: Ref | None = None
    topic_scores: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        if all(type(t) is str for t in self.topics):
            return
        from .topics import carried_scores

        if not self.topic_scores:
            object.__setattr__(self, "topic_scores", carried_scores(self.topics))
        object.__setattr__(self, "topics", tuple(str(t) for t in self.topics))


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    entities: tuple[Entity, ...] = ()
    observations: tuple[Observation, ...] = ()
    statements: tuple[Statement, ...] = ()
    relations: tuple[Relation, ...] = field(default=())


def merge_entities(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """One entity per (type, key), merging mentions, aliases and facts, in first-seen order."""
    out: dict[Ref, Entity] = {}
    for entity in entities:
        out[entity.ref] = out[entity.ref].merged(entity) if entity.ref in out else entity
    return tuple(out.values())


@dataclass(frozen=True)
class PlaceContext:
    """The places of a document, for extractors that must say where something is.

    ``province`` and ``city`` are the document's main province and district-level unit
    (named in the title, else the most mentioned), used for context-only mentions
    ("UBND tỉnh", "thành phố") and as the default location of parks, roads and indicators.
    """

    places: tuple[Entity, ...] = ()
    province: Entity | None = None
    city: Entity | None = None

    def nearest_before(self, offset: int, sentence: int) -> Entity | None:
        """The place whose mention ends last before ``offset`` in the same sentence."""
        best, best_end = None, -1
        for place in self.places:
            for m in place.mentions:
                if m.sentence == sentence and best_end < m.end <= offset:
                    best, best_end = place, m.end
        return best

    @property
    def default(self) -> Entity | None:
        """The most specific main place: the city if known, else the province."""
        return self.city or self.province
