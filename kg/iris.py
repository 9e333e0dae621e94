"""IRIs of documents, sentences, entities and named graphs, all under one base IRI.

With the base set to a running server's address (``KG_BASE_IRI``), every IRI in an export
resolves to that server's page for the thing (Linked Data style).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .text import slugify


@dataclass(frozen=True)
class Iris:
    """IRI factory for one base IRI (ends with ``/``)."""

    base: str

    def doc(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}")

    def sentence(self, doc_id: str, index: int) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}#s{index}")

    def doc_graph(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/doc/{doc_id}")

    def entity(self, type_slug: str, key: str) -> URIRef:
        return URIRef(f"{self.base}entity/{type_slug}/{slugify(key) or key}")

    @property
    def ontology_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/ontology")

    @property
    def entities_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/entities")

    def doc_id_of_graph(self, graph: str) -> str | None:
        """The document id of a per-document graph name, or None for other graphs."""
        prefix = f"{self.base}graph/doc/"
        return graph[len(prefix) :] if graph.startswith(prefix) else None
