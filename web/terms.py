"""Turning RDF terms into what pages and JSON show: labels, links and plain values.

Every page links to local paths (``/entity/...``, ``/doc/...``) rather than to the IRIs
themselves, so the site works whatever ``KG_BASE_IRI`` is (a server reached by another
name, or a store built for a different base). Ontology labels (vi and en) are read from
the store's ontology graph once per open knowledge base.
"""

from __future__ import annotations

import re
import weakref
from decimal import Decimal
from urllib.parse import quote

from rdflib import Literal, URIRef

from kg.errors import NotFound
from kg.namespaces import KG, local_name, sparql_prefixes

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # cannot occur in an IRI: kept out of queries
_DOC_ID = re.compile(r"[0-9A-Za-z_.-]{1,128}")
CHUNK = 500  # IRIs per VALUES block
_VOCAB: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # kb -> {iri: {"vi", "en"}}


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


def path_of(iris, iri: str) -> str | None:
    """The local page of ``iri`` (entity or document, fragment kept), or None for others."""
    iri = str(iri)
    for kind in ("entity/", "doc/"):
        prefix = iris.base + kind
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return "/" + kind + quote(iri[len(prefix):], safe="/#-_.~")
    return None


def is_entity(iris, iri) -> bool:
    return isinstance(iri, str) and str(iri).startswith(iris.base + "entity/")


def plain(term):
    """A JSON-able value of a literal: numbers and booleans as such, the rest as text."""
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


def vocabulary(kb) -> dict[str, dict[str, str]]:
    """Labels of every ontology and topic term: ``{iri: {"vi": ..., "en": ...}}`` (cached)."""
    cached = _VOCAB.get(kb)
    if cached is None:
        rows = kb.store.query(sparql_prefixes() + f"""
            SELECT ?s ?l WHERE {{ GRAPH <{kb.iris.ontology_graph}> {{ ?s rdfs:label|skos:prefLabel ?l }} }}""",
                              union=False)
        cached = {}
        for row in rows:
            cached.setdefault(str(row["s"]), {}).setdefault(row["l"].language or "vi", str(row["l"]))
        _VOCAB[kb] = cached
    return cached


def term(kb, iri) -> dict:
    """An ontology term (class, property or topic) with its labels: vi first, then en."""
    iri = str(iri)
    labels = vocabulary(kb).get(iri, {})
    name = local_name(iri)
    return {"iri": iri, "name": name, "label": labels.get("vi") or labels.get("en") or name,
            "label_en": labels.get("en") or name}


def best_label(literals) -> str | None:
    """The Vietnamese label among ``literals`` (then untagged, then any), or None."""
    found = [lit for lit in literals if lit is not None]
    for wanted in ("vi", None):
        for lit in found:
            if getattr(lit, "language", None) == wanted:
                return str(lit)
    return str(found[0]) if found else None


def ref(kb, iri, label=None, type_iri=None) -> dict:
    """A link to a node: ``{"iri", "label", "type", "path"}`` (type is a class local name)."""
    iri = str(iri)
    return {"iri": iri, "label": str(label) if label is not None else local_name(iri),
            "type": local_name(type_iri) if type_iri is not None else None, "path": path_of(kb.iris, iri)}


def refs(kb, iris) -> dict[str, dict]:
    """:func:`ref` dicts (best label, ontology type) for many IRIs, in two small queries.

    The union default graph repeats an entity's description once per document that
    mentions it (Oxigraph keeps duplicates), so labels and types are fetched DISTINCT and
    apart: joined into a bigger query they would multiply its rows by the documents squared.
    """
    wanted = sorted({str(i) for i in iris if i})
    labels: dict[str, list] = {}
    types: dict[str, list[str]] = {}
    for start in range(0, len(wanted), CHUNK):
        values = " ".join(f"<{i}>" for i in wanted[start:start + CHUNK])
        for r in query(kb, f"SELECT DISTINCT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s rdfs:label ?l }}"):
            labels.setdefault(str(r["s"]), []).append(r["l"])
        for r in query(kb, f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"):
            types.setdefault(str(r["s"]), []).append(str(r["t"]))
    return {iri: ref(kb, iri, best_label(labels.get(iri, [])), _main_type(types.get(iri, []))) for iri in wanted}


def _main_type(types: list[str]) -> str | None:
    ours = [t for t in types if t.startswith(str(KG))]
    return min(ours or types) if types else None


def query(kb, sparql: str, union: bool = True):
    """``kb.store.query`` with the project's PREFIX lines in front."""
    return kb.store.query(sparql_prefixes() + sparql, union=union)


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal (for ids that come from a URL)."""
    return Literal(str(value)).n3()
