"""Extraction: pure functions from a normalised document to the dataclasses of ``model``.

:func:`extract_document` runs the extractors in dependency order: places first (everything
else is located relative to them), then parks, roads, organisations, events, indicators, and
last the proposals and directives, which point at everything found before them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..document import Document
from .model import Extraction, Observation, Statement, merge_entities

if TYPE_CHECKING:
    from ..embeddings import Encoder


def extract_document(doc: Document, encoder: Encoder | None = None) -> Extraction:
    """Everything extracted from one document; ``encoder`` enables embedding-based topics.

    A document longer than an article is read in bounded pieces (:mod:`.windows`), each under
    the title, and what the pieces find is merged: the cost stays linear in the length.
    """
    from .statements import restated
    from .windows import rebase, windows

    pieces = windows(doc)
    if len(pieces) == 1:
        return _extract(doc, encoder)
    found = [rebase(_extract(piece.doc, encoder), piece) for piece in pieces]
    statements: dict[tuple[str, str], Statement] = {}  # a request restated word for word is one, as within a piece
    for s in sorted((s for part in found for s in part.statements), key=lambda s: s.evidence.start):
        statements.setdefault(restated(s.kind, s.text), s)
    return Extraction(
        entities=merge_entities(e for part in found for e in part.entities),
        observations=_once(sorted((o for part in found for o in part.observations), key=lambda o: o.evidence.start)),
        statements=tuple(statements.values()),
        relations=tuple(dict.fromkeys(r for part in found for r in part.relations)),
    )


def _extract(doc: Document, encoder: Encoder | None = None) -> Extraction:
    """Everything extracted from one document (or one piece of a long one)."""
    from .amounts import discourse, extract_amounts, with_subjects
    from .companies import extract_companies
    from .countries import extract_countries
    from .events import extract_events
    from .indicators import extract_indicators
    from .orgs import extract_orgs
    from .parks import extract_parks
    from .places import extract_places, place_context
    from .projects import extract_projects
    from .roads import extract_roads
    from .speakers import speaker_entities
    from .statements import extract_statements
    from .subjects import NATION

    places, relations = extract_places(doc)
    context = place_context(doc, places)
    parks, park_rel = extract_parks(doc, context)
    roads, road_rel = extract_roads(doc, context)
    orgs, org_rel = extract_orgs(doc, context)
    events, event_rel = extract_events(doc, context, orgs)
    companies = extract_companies(doc)
    works, work_rel = extract_projects(doc, context, companies)
    named = (*places, *parks, *roads, *orgs, *companies, *works)
    countries = extract_countries(doc, named)
    named = (*named, *countries)
    indicators, read = extract_indicators(doc, context)
    figures_of = discourse(doc, named, context)  # one reading of the article for every figure's subject
    read = with_subjects(doc, read, figures_of)
    observations = _standard((*read, *extract_amounts(doc, figures_of, read)))
    nation = (NATION,) if any(o.subject == NATION.ref for o in observations) else ()
    entities = merge_entities(
        (*places, *parks, *roads, *orgs, *events, *companies, *works, *countries, *indicators, *nation)
    )
    entities = merge_entities((*entities, *speaker_entities(doc, entities)))  # who asks, when no one else named them
    statements = extract_statements(doc, context, entities, encoder=encoder)
    return Extraction(
        entities=entities,
        observations=observations,
        statements=tuple(statements),
        relations=tuple(dict.fromkeys((*relations, *park_rel, *road_rel, *org_rel, *event_rel, *work_rel))),
    )


def _standard(observations: Iterable[Observation]) -> tuple[Observation, ...]:
    """Values with the scale resolved and units from the standard vocabulary, in text order."""
    from dataclasses import replace

    from .amounts import standard_unit

    out = []
    for obs in sorted(observations, key=lambda o: o.evidence.start):
        value, unit = standard_unit(obs.value, obs.unit)
        target = None if obs.target is None else standard_unit(obs.target, obs.unit)[0]
        out.append(replace(obs, value=value, unit=unit, target=target, measure=obs.measure or obs.indicator_label))
    return _once(out)


def _once(observations: Iterable[Observation]) -> tuple[Observation, ...]:
    """Each fact once: a lead or a summary restating a figure says it once more, not again.

    The body's statement is kept over the title's ("… trước hơn 5000 ha đất sân bay Long
    Thành" above "diện tích đất của Dự án Long Thành (5.000 ha)"): its sentence says more, and
    a reader of passages skips the title line."""
    observations = list(observations)
    kept: dict[tuple[object, ...], Observation] = {}
    for obs in sorted(observations, key=lambda o: o.evidence.sentence == 0):
        kept.setdefault((obs.value, obs.unit, obs.subject, obs.target is None), obs)
    chosen = {id(o) for o in kept.values()}
    return tuple(o for o in observations if id(o) in chosen)
