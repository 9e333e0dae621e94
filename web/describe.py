"""RDF descriptions of one entity or document, and choosing the format a client asked for.

An entity page answers HTML, Turtle, JSON-LD or JSON on the same URL (Linked Data style):
``?format=`` wins, else the ``Accept`` header, else HTML. The RDF description is the
entity's own triples, the triples pointing at it (capped) and the labels of both ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, request
from rdflib import Graph

from kg.errors import BadQuery, NotFound
from kg.namespaces import PREFIXES, bind_namespaces, sparql_prefixes

from .terms import checked_doc_id, checked_iri

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase

FORMATS = {  # ?format= value -> (mime type, rdflib format or None for JSON/HTML, file extension)
    "html": ("text/html", None, "html"),
    "ttl": ("text/turtle", "turtle", "ttl"),
    "turtle": ("text/turtle", "turtle", "ttl"),
    "jsonld": ("application/ld+json", "json-ld", "jsonld"),
    "json": ("application/json", None, "json"),
}
NEGOTIABLE = ("text/html", "text/turtle", "application/ld+json", "application/json")
INCOMING_LIMIT = 5000


def wanted_format(extra: tuple[str, ...] = ()) -> str:
    """The format key asked for: ``?format=`` (checked), else by ``Accept``, else ``html``.

    Raises:
        BadQuery: an unknown ``?format=`` value.
    """
    asked = request.args.get("format")
    if asked:
        if asked not in FORMATS and asked not in extra:
            raise BadQuery(f"unknown format {asked!r}; use one of: {', '.join(sorted(set(FORMATS) | set(extra)))}")
        return asked
    best = request.accept_mimetypes.best_match(NEGOTIABLE, default="text/html")
    return next(key for key, (mime, _, _) in FORMATS.items() if mime == best)


def entity_rdf(kb: KnowledgeBase, iri: str) -> Graph:
    """The entity's description as an rdflib graph (prefixes bound)."""
    iri = checked_iri(iri)
    graph = bind_namespaces(Graph())
    own = kb.store.query(
        sparql_prefixes()
        + f"""CONSTRUCT {{ <{iri}> ?p ?o . ?o rdfs:label ?label }}
        WHERE {{ <{iri}> ?p ?o OPTIONAL {{ ?o rdfs:label ?label }} }}"""
    )
    if not len(own):
        raise NotFound(f"no entity {iri} in this knowledge base")
    incoming = kb.store.query(
        sparql_prefixes()
        + f"""CONSTRUCT {{ ?s ?p <{iri}> . ?s rdfs:label ?label }}
        WHERE {{ {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT {INCOMING_LIMIT} }}
                 OPTIONAL {{ ?s rdfs:label ?label }} }}"""
    )
    for triple in own:
        graph.add(triple)
    for triple in incoming:
        graph.add(triple)
    return graph


def document_rdf(kb: KnowledgeBase, doc_id: str) -> Graph:
    """The document's named graph (everything extracted from it)."""
    graph = bind_namespaces(Graph())
    for triple in kb.store.graph(kb.iris.doc_graph(checked_doc_id(doc_id))):
        graph.add(triple)
    if not len(graph):
        raise NotFound(f"no document {doc_id!r} in this knowledge base")
    return graph


def rdf_response(graph: Graph, fmt: str, filename: str) -> Response:
    """``graph`` serialised as ``fmt`` (a :data:`FORMATS` key), offered for download by name."""
    mime, rdflib_format, ext = FORMATS[fmt]
    assert rdflib_format is not None  # called for the RDF formats only
    extra: dict[str, Any] = {"context": dict(PREFIXES), "auto_compact": True} if rdflib_format == "json-ld" else {}
    body = graph.serialize(format=rdflib_format, **extra)
    response = Response(body, mimetype=mime)
    if request.args.get("format"):  # an explicit download link: save under a sensible name
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    response.headers["Vary"] = "Accept"
    return response
