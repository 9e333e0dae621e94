"""Turning RDF terms into what pages and JSON show: labels, links and plain values.

Every page links to local paths (``/entity/...``, ``/doc/...``) rather than to the IRIs
themselves, so the site works whatever ``KG_BASE_IRI`` is (a server reached by another
name, or a store built for a different base). Names of entities and ontology terms come from
the read layer (:mod:`kg.read`), which applies the one label rule and caches per generation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

from rdflib import Literal, URIRef

from kg.errors import NotFound
from kg.iris import Iris
from kg.kb import KnowledgeBase
from kg.namespaces import local_name, sparql_prefixes
from kg.read import reader
from kg.store import QueryResult

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # cannot occur in an IRI: kept out of queries
_DOC_ID = re.compile(r"[0-9A-Za-z_.-]{1,128}")


def checked_iri(iri: str) -> str:
    """``iri`` when it is one (no spaces, quotes or angle brackets), else NotFound.

    IRIs from URLs go into SPARQL between ``<...>``; refusing what an IRI cannot contain
    means a crafted URL can never change the shape of a query.
    """
    if not iri or _NOT_IN_IRI.search(iri):
        raise NotFound(f"no such entity: {iri[:200]!r} is not a valid IRI")
    return iri


def checked_doc_id(doc_id: str) -> str:
    """``doc_id`` when it can be a document id (letters, digits, ``-_.``), else NotFound."""
    if not _DOC_ID.fullmatch(doc_id or ""):
        raise NotFound(f"no document {doc_id[:200]!r} in this knowledge base")
    return doc_id


def path_of(iris: Iris, iri: str) -> str | None:
    """The local page of ``iri`` (entity or document, fragment kept), or None for others."""
    iri = str(iri)
    for kind in ("entity/", "doc/"):
        prefix = iris.base + kind
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return "/" + kind + quote(iri[len(prefix) :], safe="/#-_.~")
    return None


def web_link(url: object) -> str | None:
    """``url`` when it may be a link on a page (``http``/``https`` with a host), else None.

    Document URLs come from manifests and JSON Lines files: a ``javascript:`` or ``data:``
    one must never become an ``href``; it is shown as text only.
    """
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    linkable = parts.scheme.lower() in ("http", "https") and parts.netloc and not _NOT_IN_IRI.search(text)
    return text if linkable else None


def is_entity(iris: Iris, iri: object) -> bool:
    return isinstance(iri, str) and str(iri).startswith(iris.base + "entity/")


def plain(term: object) -> Any:
    """A JSON-able value of a literal: numbers and booleans as such, the rest as text.

    Typed ``Any`` (really ``str | int | float | bool | None``) for the reason of
    :data:`kg.store.QueryResult`: which one a variable gives follows its datatype, which the
    caller's query fixes (``?idx`` an integer, ``?text`` a string).
    """
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return str(term)
    return None if term is None else str(term)


def term(kb: KnowledgeBase, iri: object) -> dict:
    """An ontology term (class, property or topic) with its labels: vi first, then en."""
    found = reader(kb).term(iri)
    return {"iri": found.iri, "name": found.name, "label": found.label, "label_en": found.label_en or found.name}


def ref(kb: KnowledgeBase, iri: object, label: object = None, type_name: str | None = None) -> dict:
    """A link to a node: ``{"iri", "label", "type", "path"}`` (type is a class local name)."""
    iri = str(iri)
    return {
        "iri": iri,
        "label": str(label) if label is not None else local_name(iri),
        "type": type_name,
        "path": path_of(kb.iris, iri),
    }


def refs(kb: KnowledgeBase, iris: Iterable[object]) -> dict[str, dict]:
    """:func:`ref` dicts for many IRIs, named by the read layer (:func:`kg.read.reader`)."""
    read = reader(kb)
    out = {}
    for iri in sorted({str(i) for i in iris if i}):
        label, kind = read.describe(iri)
        out[iri] = ref(kb, iri, label, kind)
    return out


def query(kb: KnowledgeBase, sparql: str, union: bool = True) -> QueryResult:
    """``kb.store.query`` with the project's PREFIX lines in front."""
    return kb.store.query(sparql_prefixes() + sparql, union=union)


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal (for ids that come from a URL)."""
    return Literal(str(value)).n3()
