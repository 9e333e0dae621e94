"""The JSON form of one document's extraction: what ``kg extract FILE --json`` prints.

The keys are a contract (tools depend on them): ``doc_id``, ``title``, ``title_restored``,
``entities``, ``indicators``, ``proposals``, ``directives``, ``relations``. Entities are
identified by the same IRIs the graph uses; topics carry the concepts' English labels, and a
statement's ``topic_scores`` map those labels (its topics and their broader concepts) to the
topic classifier's calibrated probability (empty when keywords alone decided).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Literal

from .build_facts import type_slug
from .document import Document
from .extract.model import Entity, Extraction, Observation, Ref, Span, Statement
from .iris import Iris
from .numbers import format_value


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """Topic local name -> English preferred label, from ``ontology/topics.ttl``."""
    from rdflib import Graph

    from .namespaces import KGT, SKOS, load_ontology

    graph = Graph()
    load_ontology(graph)
    return {
        str(concept)[len(str(KGT)) :]: str(label)
        for concept, label in graph.subject_objects(SKOS.prefLabel)
        if str(concept).startswith(str(KGT)) and isinstance(label, Literal) and label.language == "en"
    }


def _evidence(doc: Document, span: Span) -> dict[str, Any]:
    sentence = doc.sentences[span.sentence]
    return {"sentence": span.sentence, "start": sentence.start, "end": sentence.end, "text": sentence.text}


class JsonView:
    """Renders an extraction with the graph's IRIs."""

    def __init__(self, doc: Document, iris: Iris):
        self.doc, self.iris = doc, iris
        self.doc_iri = str(iris.doc(doc.doc_id))

    def iri(self, ref: Ref | None) -> str | None:
        return None if ref is None else str(self.iris.entity(type_slug(ref.type), ref.key))

    def entity(self, e: Entity) -> dict[str, Any]:
        return {
            "iri": self.iri(e.ref),
            "type": e.type,
            "label": e.label,
            "aliases": list(e.aliases),
            "code": e.code,
            "located_in": [self.iri(r) for r in e.located_in],
            "mentions": [{"sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
        }

    def indicator(self, n: int, o: Observation) -> dict[str, Any]:
        return {
            "iri": f"{self.doc_iri}#obs{n}",
            "indicator": self.iri(Ref("Indicator", o.indicator)) if o.indicator else None,
            "label": o.indicator_label,
            "measure": o.measure or o.indicator_label,
            "subject": self.iri(o.subject),
            "value": float(o.value),
            "unit": o.unit,
            "display": format_value(o.value, o.unit, o.measure),
            "comparator": o.comparator,
            "direction": o.direction,
            "period": o.period or o.year,
            "target": None if o.target is None else float(o.target),
            "estimated": o.estimated,
            "evidence": _evidence(self.doc, o.evidence),
        }

    def statement(self, n: int, s: Statement) -> dict[str, Any]:
        labels = topic_labels()
        return {
            "iri": f"{self.doc_iri}#{s.kind.lower()}{n}",
            "text": s.text,
            "concerns": [self.iri(r) for r in s.concerns],
            "topics": [labels.get(t, t) for t in s.topics],
            "topic_scores": {labels.get(t, t): score for t, score in s.topic_scores},
            "by": self.iri(s.by),
            "addressed_to": self.iri(s.addressed_to),
            "evidence": _evidence(self.doc, s.evidence),
        }


def extraction_json(doc: Document, extraction: Extraction, iris: Iris) -> dict[str, Any]:
    """One JSON object for a document's extraction (see the module docstring for the keys)."""
    view = JsonView(doc, iris)
    numbered = list(enumerate(extraction.statements))
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "title_restored": doc.title_restored,
        "entities": [view.entity(e) for e in extraction.entities if e.type != "Indicator"],
        "indicators": [view.indicator(n, o) for n, o in enumerate(extraction.observations)],
        "proposals": [view.statement(n, s) for n, s in numbered if s.kind == "Proposal"],
        "directives": [view.statement(n, s) for n, s in numbered if s.kind == "Directive"],
        "relations": [
            {
                "subject": view.iri(r.subject),
                "predicate": r.predicate,
                "object": view.iri(r.object),
                "evidence": _evidence(doc, r.evidence),
            }
            for r in extraction.relations
        ],
    }
