"""Extraction results to triples: entities, mentions, relations, observations, statements.

Two graphs come out. What outlives the document (an entity's type, labels, aliases, code,
coordinates, containment, and the plain triples of stated relations) goes into ``shared``,
which the store keeps once in the entities graph: the same key gives the same IRI in every
document, so every document adds to one description. What the document says (mentions,
observations, statements, the reified relations with their evidence) goes into its own
graph. Facts point at their sentence with ``prov:wasDerivedFrom``; stated relations are
reified (``rdf:Statement``) so that they can carry their evidence too.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from .document import Document
from .extract.model import Entity, Extraction, Observation, Ref, Span, Statement
from .iris import Iris
from .manifest import normalise_date
from .namespaces import DCTERMS, KG, KGT, PROV, RDF, RDFS, SDO, SKOS, WGS, XSD
from .numbers import format_value

ADMIN_TYPES = {"Province", "City", "Ward"}
PLACE_TYPES = ADMIN_TYPES | {"Country", "IndustrialPark", "Road"}  # what kg:refArea may point at
# Entity.attrs name -> (property, datatype); None means a plain (language-less) string.
ATTRS = {
    "unitType": (KG.unitType, None),
    "roadNumber": (KG.roadNumber, None),
    "roadCategory": (KG.roadCategory, None),
    "roleTitle": (KG.roleTitle, None),
    "startYear": (KG.startYear, XSD.gYear),
    "endYear": (KG.endYear, XSD.gYear),
    "ordinal": (KG.ordinal, XSD.integer),
    "lat": (WGS.lat, XSD.decimal),
    "long": (WGS.long, XSD.decimal),
}


def type_slug(type_name: str) -> str:
    """``IndustrialPark`` -> ``industrial-park`` (the type segment of entity IRIs)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type_name).lower()


def short_label(text: str, limit: int = 80) -> str:
    """A display label: the text, cut at a word boundary."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


class FactWriter:
    """Writes one document's extraction into a graph; numbering makes node IRIs stable."""

    def __init__(self, graph: Graph, shared: Graph, doc: Document, iris: Iris):
        self.graph, self.shared, self.doc, self.iris = graph, shared, doc, iris
        self.doc_node = iris.doc(doc.doc_id)
        published = normalise_date(doc.meta.get("date", ""))
        self.date = Literal(published, datatype=XSD.date) if published else None

    def entity_iri(self, ref: Ref) -> URIRef:
        return self.iris.entity(type_slug(ref.type), ref.key)

    def sentence(self, span: Span) -> URIRef:
        return self.iris.sentence(self.doc.doc_id, span.sentence)

    def local(self, fragment: str) -> URIRef:
        return URIRef(f"{self.doc_node}#{fragment}")

    def write(self, extraction: Extraction) -> None:
        mention_no = 0
        for entity in extraction.entities:
            self.add_entity(entity)
            for span in entity.mentions:
                self.add_mention(f"m{mention_no}", entity, span)
                mention_no += 1
        for n, rel in enumerate(extraction.relations):
            self.add_relation(f"r{n}", rel.subject, rel.predicate, rel.object, rel.evidence)
        for n, obs in enumerate(extraction.observations):
            self.add_observation(f"obs{n}", obs)
        for n, stmt in enumerate(extraction.statements):
            self.add_statement(f"{stmt.kind.lower()}{n}", stmt)

    def add_entity(self, entity: Entity) -> None:
        g, node = self.shared, self.entity_iri(entity.ref)
        g.add((node, RDF.type, KG[entity.type]))
        g.add((node, RDFS.label, Literal(entity.label, lang="vi")))
        if entity.label_en:
            g.add((node, RDFS.label, Literal(entity.label_en, lang="en")))
        for alias in entity.aliases:
            if alias != entity.label:
                g.add((node, SKOS.altLabel, Literal(alias, lang="vi")))
        if entity.code and entity.type in ADMIN_TYPES:
            g.add((node, KG.officialCode, Literal(entity.code)))
        for parent in entity.located_in:
            g.add((node, KG.locatedIn, self.entity_iri(parent)))
        for name, value in entity.attrs:
            if name in ATTRS:
                prop, datatype = ATTRS[name]
                g.add((node, prop, Literal(value, datatype=datatype)))

    def add_mention(self, fragment: str, entity: Entity, span: Span) -> None:
        g, node = self.graph, self.local(fragment)
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.inSentence, self.sentence(span)))
        g.add((node, KG.refersTo, self.entity_iri(entity.ref)))
        g.add((node, KG.startOffset, Literal(span.start)))
        g.add((node, KG.endOffset, Literal(span.end)))
        g.add((node, KG.surfaceForm, Literal(span.text)))

    def add_relation(self, fragment: str, subject: Ref, predicate: str, obj: Ref, evidence: Span) -> None:
        g, s, p, o = self.graph, self.entity_iri(subject), KG[predicate], self.entity_iri(obj)
        self.shared.add((s, p, o))
        node = self.local(fragment)
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, self.sentence(evidence)))

    def add_observation(self, fragment: str, obs: Observation) -> None:
        g, node = self.graph, self.local(fragment)
        g.add((node, RDF.type, KG.Observation))
        if obs.indicator:
            g.add((node, KG.indicator, self.entity_iri(Ref("Indicator", obs.indicator))))
        if obs.subject is not None:
            g.add((node, KG.figureOf, self.entity_iri(obs.subject)))
            if obs.subject.type in PLACE_TYPES:
                g.add((node, KG.refArea, self.entity_iri(obs.subject)))
        g.add((node, KG.measure, Literal(obs.measure or obs.indicator_label, lang="vi")))
        g.add((node, KG.value, Literal(Decimal(obs.value))))
        g.add((node, KG.unit, Literal(obs.unit)))
        g.add((node, KG.comparator, Literal(obs.comparator)))
        g.add((node, KG.estimated, Literal(bool(obs.estimated))))
        if obs.direction:
            g.add((node, KG.direction, Literal(obs.direction)))
        if obs.period:
            g.add((node, KG.period, Literal(obs.period)))
        if obs.year:
            g.add((node, KG.year, Literal(obs.year, datatype=XSD.gYear)))
        if obs.target is not None:
            g.add((node, KG.targetValue, Literal(Decimal(obs.target))))
        if not obs.year and not obs.period and self.date is not None:
            g.add((node, DCTERMS.date, self.date))  # the text gives no time: the document's date
        shown = f"{obs.indicator_label}: {obs.comparator} {format_value(obs.value, obs.unit, obs.measure)}"
        g.add((node, RDFS.label, Literal(shown, lang="vi")))
        g.add((node, PROV.wasDerivedFrom, self.sentence(obs.evidence)))

    def add_statement(self, fragment: str, stmt: Statement) -> None:
        g, node = self.graph, self.local(fragment)
        g.add((node, RDF.type, KG[stmt.kind]))
        g.add((node, SDO.text, Literal(stmt.text, lang="vi")))
        g.add((node, RDFS.label, Literal(short_label(stmt.text), lang="vi")))
        g.add((node, PROV.wasDerivedFrom, self.sentence(stmt.evidence)))
        if self.date is not None:
            g.add((node, DCTERMS.date, self.date))  # made when the document reports it
        for ref in stmt.concerns:
            g.add((node, KG.concerns, self.entity_iri(ref)))
        for topic in stmt.topics:
            g.add((node, DCTERMS.subject, KGT[topic]))
        for topic, score in stmt.topic_scores:  # <doc#proposal0-transport>: answers rank by it
            scored = self.local(f"{fragment}-{topic}")
            g.add((node, KG.topicScore, scored))
            g.add((scored, RDF.type, KG.TopicScore))
            g.add((scored, KG.topic, KGT[topic]))
            g.add((scored, KG.score, Literal(Decimal(f"{score:.3f}"))))
        if stmt.by is not None:
            g.add((node, KG.proposedBy if stmt.kind == "Proposal" else KG.issuedBy, self.entity_iri(stmt.by)))
        if stmt.addressed_to is not None:  # whom a directive orders or a proposal asks
            g.add((node, KG.addressedTo, self.entity_iri(stmt.addressed_to)))


def add_extraction(graph: Graph, shared: Graph, doc: Document, extraction: Extraction, iris: Iris) -> None:
    """Write a document's extraction: its statements into ``graph``, entity descriptions into
    ``shared`` (see the module docstring)."""
    FactWriter(graph, shared, doc, iris).write(extraction)
