"""What the store holds: the document catalogue and per-class counts.

Read with SPARQL through the :class:`~kg.store.Store` interface, so it works on every
backend, and used by ingest (to tell added from unchanged), ``kg remove`` and ``kg stats``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import BadQuery, NotFound
from .iris import Iris
from .namespaces import local_name, sparql_prefixes
from .store import Store


@dataclass(frozen=True)
class DocInfo:
    """One stored document, as the catalogue sees it."""

    doc_id: str
    content_hash: str
    path: str
    source: str
    title: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.source)


def documents(store: Store) -> list[DocInfo]:
    """Every stored document with its identity, hash and source."""
    rows = store.query(
        sparql_prefixes()
        + """
        SELECT ?id ?hash ?path ?name ?title WHERE {
          ?doc a kg:Document ; dcterms:identifier ?id ; kg:contentHash ?hash ;
               kg:sourcePath ?path ; kg:sourceName ?name ; dcterms:title ?title .
        } ORDER BY ?name ?id"""
    )
    return [DocInfo(*(str(r[k]) for k in ("id", "hash", "path", "name", "title"))) for r in rows]


def find_document(store: Store, iris: Iris, ref: str) -> DocInfo:
    """A document by id (or unique id prefix), IRI, source name or file path."""
    ref = ref.strip()
    if not ref:
        raise BadQuery("no document given: pass a document id, IRI, source name or path")
    docs = documents(store)
    exact = [d for d in docs if ref in (d.doc_id, str(iris.doc(d.doc_id)), d.source, d.path)]
    matches = exact or [d for d in docs if len(ref) >= 4 and d.doc_id.startswith(ref)]
    if not matches:
        raise NotFound(f"no stored document matches {ref!r} (see `kg stats` for what is stored)")
    if len(matches) > 1:
        names = ", ".join(f"{d.doc_id} ({d.source})" for d in matches[:5])
        raise BadQuery(f"{ref!r} matches {len(matches)} documents: {names}; give the document id")
    return matches[0]


def class_counts(store: Store, iris: Iris) -> dict[str, int]:
    """Instances per ontology class in the data graphs (the ontology graph excluded)."""
    rows = store.query(
        sparql_prefixes()
        + f"""
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH ?g {{ ?s a ?class }}
          FILTER (?g != <{iris.ontology_graph}>)
        }} GROUP BY ?class ORDER BY DESC(?n)""",
        union=False,
    )
    return {local_name(r["class"]): int(r["n"]) for r in rows}
