"""Extraction: pure functions from a normalised document to the dataclasses of ``model``.

:func:`extract_document` runs the extractors in dependency order: places first (everything
else is located relative to them), then parks, roads, organisations, events, indicators, and
last the proposals and directives, which point at everything found before them.
"""

from __future__ import annotations

from ..document import Document
from .model import Extraction, merge_entities


def extract_document(doc: Document, encoder=None) -> Extraction:
    """Everything extracted from one document; ``encoder`` enables embedding-based topics."""
    from .events import extract_events
    from .indicators import extract_indicators
    from .orgs import extract_orgs
    from .parks import extract_parks
    from .places import extract_places, place_context
    from .roads import extract_roads
    from .statements import extract_statements

    places, relations = extract_places(doc)
    context = place_context(doc, places)
    parks, park_rel = extract_parks(doc, context)
    roads, road_rel = extract_roads(doc, context)
    orgs, org_rel = extract_orgs(doc, context)
    events, event_rel = extract_events(doc, context, orgs)
    indicators, observations = extract_indicators(doc, context)
    entities = merge_entities((*places, *parks, *roads, *orgs, *events, *indicators))
    statements = extract_statements(doc, context, entities, encoder=encoder)
    return Extraction(
        entities=entities,
        observations=tuple(observations),
        statements=tuple(statements),
        relations=tuple(dict.fromkeys((*relations, *park_rel, *road_rel, *org_rel, *event_rel))),
    )
