"""The ontology's own words: labels of classes, properties and topics, read once.

Pages show a relation as "nằm trên địa bàn · located in" and a class as "Đơn vị hành chính
cấp xã"; the QA lexicon knows "phường" and "wards" as names of ``kg:Ward`` and "hạ tầng" as a
topic. All of that comes from the ontology graph of the store, through the same label rule as
entities (:mod:`kg.read.labels`), as frozen :class:`Term` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..namespaces import OWL, SKOS, local_name, sparql_prefixes
from .labels import LABEL, Name, display_label, english_label

if TYPE_CHECKING:
    from ..store import Store

NAMING = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "skos:hiddenLabel")
KINDS = {
    str(OWL.Class): "class",
    str(OWL.ObjectProperty): "property",
    str(OWL.DatatypeProperty): "property",
    str(SKOS.Concept): "topic",
}


@dataclass(frozen=True)
class Term:
    """A class, property or topic of the ontology graph, with its names.

    Attributes:
        iri: the term IRI.
        name: its local name (``Ward``, ``locatedIn``, ``infrastructure``).
        kinds: ``class``, ``property`` and/or ``topic``.
        label: its display label (Vietnamese first; the local name when it has none).
        label_en: its English label, or None.
        names: every naming literal (``rdfs:label``, ``skos:prefLabel``/``altLabel``/``hiddenLabel``).
    """

    iri: str
    name: str
    kinds: frozenset[str]
    label: str
    label_en: str | None
    names: tuple[Name, ...] = ()

    def labels_by_language(self) -> dict[str, str]:
        """``{"vi": ..., "en": ...}`` from ``rdfs:label`` (untagged counts as English)."""
        out: dict[str, str] = {}
        for n in sorted(self.names, key=lambda n: n.text):
            if n.prop == LABEL:
                out.setdefault(n.lang or "en", n.text)
        return out


def plain_term(iri: str) -> Term:
    """A term the ontology does not describe: named by its local name."""
    return Term(iri, local_name(iri), frozenset(), local_name(iri), None)


def scan_vocabulary(store: Store, graph: str) -> dict[str, Term]:
    """Every named or typed IRI of the ontology graph ``graph``, by IRI."""
    names: dict[str, list[Name]] = {}
    for row in store.query(
        sparql_prefixes()
        + f"""SELECT ?s ?p ?l WHERE {{ GRAPH <{graph}> {{
            VALUES ?p {{ {" ".join(NAMING)} }} ?s ?p ?l FILTER (isIRI(?s) && isLiteral(?l)) }} }}""",
        union=False,
    ):
        names.setdefault(str(row["s"]), []).append(Name.of(row["l"], row["p"]))
    kinds: dict[str, set[str]] = {}
    for row in store.query(
        sparql_prefixes()
        + f"""SELECT ?s ?k WHERE {{ GRAPH <{graph}> {{
            VALUES ?k {{ {" ".join(f"<{k}>" for k in KINDS)} }} ?s a ?k FILTER (isIRI(?s)) }} }}""",
        union=False,
    ):
        kinds.setdefault(str(row["s"]), set()).add(KINDS[str(row["k"])])
    out = {}
    for iri in sorted(set(names) | set(kinds)):
        mine = tuple(sorted(set(names.get(iri, ())), key=lambda n: (n.prop, n.lang or "", n.text)))
        out[iri] = Term(
            iri,
            local_name(iri),
            frozenset(kinds.get(iri, ())),
            display_label(mine) or local_name(iri),
            english_label(mine),
            mine,
        )
    return out
