"""The entity index: every entity's names, class, code and how often documents name it.

Pages, browse lists, the QA lexicon and the search index all need the same few facts about
an entity, usually for many entities at once. Asking the store per page (or per answer) meant
one query shape per caller and one label rule per query; this reads them once for the whole
store in two queries (descriptions, then mention counts) and keeps them as frozen
:class:`EntityInfo` records, which the reader caches per store generation
(:class:`kg.read.GraphReader`).

Entities are the nodes whose IRI starts with ``{base}entity/``: statements, observations,
sentences and mentions hang off their document's IRI and are not in the index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal

from ..namespaces import KG, RDF, local_name, sparql_prefixes
from .labels import ALT_LABEL, LABEL, PREF_LABEL, Name, display_label, english_label, texts

if TYPE_CHECKING:
    from ..store import Store

NAME_PREDICATES = ("rdfs:label", "skos:prefLabel", "skos:altLabel")
# What the index shows of an entity; pages list the entity's other properties themselves.
_KG = str(KG._NS)
_TYPE, _CODE = str(RDF.type), str(KG.officialCode)
INDEXED = frozenset({_TYPE, _CODE, LABEL, PREF_LABEL, ALT_LABEL})


@dataclass(frozen=True)
class EntityInfo:
    """What people see of one entity, wherever it is shown.

    Attributes:
        iri: the entity IRI.
        label: its display name (:func:`kg.read.labels.display_label`, else the local name).
        label_en: its English label, or None.
        type: its class (local name of the alphabetically first ``kg:`` class), or None.
        types: every ``kg:`` class it has (local names, sorted).
        labels: every ``rdfs:label`` / ``skos:prefLabel`` text, any language (sorted).
        aliases: its ``skos:altLabel`` texts (sorted).
        code: its official code (GSO code of an administrative unit), or None.
        documents: how many documents name it (``kg:Mention``\\ s ``kg:refersTo`` it).
        mentions: how many mentions name it, in all documents.
    """

    iri: str
    label: str
    label_en: str | None
    type: str | None
    types: tuple[str, ...]
    labels: tuple[str, ...]
    aliases: tuple[str, ...]
    code: str | None
    documents: int = 0
    mentions: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a reader may use for it: labels, then aliases."""
        return tuple(dict.fromkeys(self.labels + self.aliases))


def entity_prefix(base: str) -> str:
    """The IRI prefix of entities under the base IRI ``base``."""
    return f"{base}entity/"


def scan_entities(store: Store, base: str) -> dict[str, EntityInfo]:
    """Every entity of ``store`` under the base IRI ``base``, by IRI (sorted).

    Args:
        store: a :class:`kg.store.Store` (its union default graph is a set).
        base: the knowledge base's base IRI (``kb.iris.base``).
    """
    described = _descriptions(store, entity_prefix(base))
    counts = mention_counts(store)
    out = {}
    for iri in sorted(described):
        names, types, codes = described[iri]
        documents, mentions = counts.get(iri, (0, 0))
        out[iri] = EntityInfo(
            iri=iri,
            label=display_label(names) or local_name(iri),
            label_en=english_label(names),
            type=types[0] if types else None,
            types=tuple(types),
            labels=texts(names, LABEL, PREF_LABEL),
            aliases=texts(names, ALT_LABEL),
            code=min(codes) if codes else None,
            documents=documents,
            mentions=mentions,
        )
    return out


def _descriptions(store: Store, prefix: str) -> dict[str, tuple[list[Name], list[str], list[str]]]:
    """``{iri: (names, kg classes, codes)}`` of every IRI under ``prefix`` that has any."""
    rows = store.query(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?e ?p ?o WHERE {{
        VALUES ?p {{ rdf:type kg:officialCode {" ".join(NAME_PREDICATES)} }}
        ?e ?p ?o . FILTER (STRSTARTS(STR(?e), {Literal(prefix).n3()})) }}"""
    )
    out: dict[str, tuple[list[Name], list[str], list[str]]] = {}
    for row in rows:
        names, types, codes = out.setdefault(str(row["e"]), ([], [], []))
        prop, value = str(row["p"]), row["o"]
        if prop == _TYPE:
            if str(value).startswith(_KG):
                types.append(local_name(value))
        elif prop == _CODE:
            codes.append(str(value))
        elif isinstance(value, Literal):
            names.append(Name.of(value, prop))
    for _names, types, _codes in out.values():
        types.sort()
    return out


def mention_counts(store: Store) -> dict[str, tuple[int, int]]:
    """``{iri: (documents, mentions)}`` for everything a ``kg:Mention`` refers to.

    Mentions live in their document's named graph, so the graph is the document.
    """
    rows = store.query(
        sparql_prefixes()
        + """SELECT ?e (COUNT(DISTINCT ?g) AS ?docs) (COUNT(?m) AS ?n)
        WHERE { GRAPH ?g { ?m kg:refersTo ?e } } GROUP BY ?e"""
    )
    return {str(r["e"]): (int(r["docs"]), int(r["n"])) for r in rows}


def of_type(index: Mapping[str, EntityInfo], name: str) -> list[EntityInfo]:
    """The entities of class ``name`` (local name), by label then IRI."""
    return sorted((e for e in index.values() if name in e.types), key=lambda e: (e.label.casefold(), e.iri))
