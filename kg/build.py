"""Dataclasses to triples: the one place that knows how the graph is shaped.

Extraction returns plain frozen dataclasses; this module turns them into RDF so that the
extraction rules can be tested without a graph, and the graph's shape (checked by the SHACL
shapes in ``ontology/shapes.ttl``) is decided in one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from .document import Document
from .extract.model import Extraction
from .iris import Iris
from .manifest import normalise_date
from .namespaces import DCTERMS, KG, RDF, SDO, XSD, bind_namespaces
from .ntriples import NTriples, nt_line


def _date_literal(value: str) -> Literal:
    normal = normalise_date(value)
    return Literal(normal, datatype=XSD.date) if normal else Literal(value)


def add_document(graph: Graph, doc: Document, iris: Iris, ingested_at: datetime | None = None) -> URIRef:
    """The document node: identity, title (restored and original), source, text."""
    node = iris.doc(doc.doc_id)
    when = ingested_at or datetime.now(UTC).replace(microsecond=0)
    graph.add((node, RDF.type, KG.Document))
    graph.add((node, DCTERMS.identifier, Literal(doc.doc_id)))
    graph.add((node, DCTERMS.title, Literal(doc.title, lang="vi")))
    graph.add((node, DCTERMS.language, Literal("vi")))
    graph.add((node, KG.originalTitle, Literal(doc.original_title)))
    graph.add((node, KG.titleRestored, Literal(doc.title_restored)))
    graph.add((node, KG.contentHash, Literal(doc.content_hash)))
    graph.add((node, KG.sourcePath, Literal(doc.path)))
    graph.add((node, KG.sourceName, Literal(doc.source)))
    graph.add((node, KG.inputFormat, Literal(doc.format)))
    graph.add((node, KG.sentenceCount, Literal(len(doc.sentences))))
    graph.add((node, KG.ingestedAt, Literal(when)))
    graph.add((node, SDO.text, Literal(doc.text, lang="vi")))
    if doc.caption:
        graph.add((node, KG.caption, Literal(doc.caption, lang="vi")))
    if doc.photo_credit:
        graph.add((node, KG.photoCredit, Literal(doc.photo_credit)))
    if doc.meta.get("url"):
        graph.add((node, SDO.url, Literal(doc.meta["url"], datatype=XSD.anyURI)))
    if doc.meta.get("date"):
        graph.add((node, DCTERMS.date, _date_literal(doc.meta["date"])))
    if doc.meta.get("source"):
        graph.add((node, DCTERMS.publisher, Literal(doc.meta["source"])))
    return node


def add_sentences(graph: Graph, doc: Document, iris: Iris) -> None:
    """One node per sentence with its offsets: what every extracted fact points back to."""
    doc_node = iris.doc(doc.doc_id)
    for sent in doc.sentences:
        node = iris.sentence(doc.doc_id, sent.index)
        graph.add((node, RDF.type, KG.Sentence))
        graph.add((node, KG.inDocument, doc_node))
        graph.add((node, KG.sentenceIndex, Literal(sent.index)))
        graph.add((node, KG.startOffset, Literal(sent.start)))
        graph.add((node, KG.endOffset, Literal(sent.end)))
        graph.add((node, SDO.text, Literal(sent.text, lang="vi")))
        graph.add((node, KG.segmentedText, Literal(sent.segmented, lang="vi")))


@dataclass(frozen=True)
class BuiltDocument:
    """One document as triples: its own named graph and its share of the entities graph.

    ``document`` also holds one record per entity the document describes (``kg:describes``
    the entity, ``kg:descriptionTriples`` the N-Triples lines it contributes), so the
    entities graph can be reference-counted on removal and rebuilt from the documents.
    """

    document: Graph | NTriples
    entities: Graph | NTriples

    def as_lines(self) -> BuiltDocument:
        """The same triples as N-Triples lines: the form a worker sends to the writing process
        and that the store writes fastest (:mod:`kg.ntriples`)."""
        return BuiltDocument(NTriples.of(self.document), NTriples.of(self.entities))

    def union(self) -> Graph:
        """Both graphs in one (what the store's union shows of this document)."""
        graph = Graph()
        bind_namespaces(graph)
        for triple in (*self.document, *self.entities):
            graph.add(triple)
        return graph


def add_description_records(graph: Graph, doc_node: URIRef, entities: Graph) -> None:
    """One record per described subject: which entity, and exactly which lines."""
    by_subject: dict[Identifier, list[str]] = {}
    for triple in entities:
        subject = cast(Identifier, triple[0])  # a graph's subjects are IRIs or blank nodes
        by_subject.setdefault(subject, []).append(nt_line(triple))
    for n, subject in enumerate(sorted(by_subject)):
        record = URIRef(f"{doc_node}#d{n}")
        graph.add((record, KG.describes, subject))
        graph.add((record, KG.descriptionTriples, Literal("\n".join(sorted(by_subject[subject])))))


def document_graph(
    doc: Document, iris: Iris, extraction: Extraction | None = None, ingested_at: datetime | None = None
) -> BuiltDocument:
    """Everything stored for one document: its named graph and its entity descriptions."""
    # No prefixes: these graphs go to the store as triples, never serialised as they are, and
    # binding a namespace table per graph cost a tenth of the build time.
    graph, shared = Graph(bind_namespaces="none"), Graph(bind_namespaces="none")
    node = add_document(graph, doc, iris, ingested_at)
    add_sentences(graph, doc, iris)
    if extraction is not None:
        from .build_facts import add_extraction

        add_extraction(graph, shared, doc, extraction, iris)
        add_description_records(graph, node, shared)
    return BuiltDocument(graph, shared)
