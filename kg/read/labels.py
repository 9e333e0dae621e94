"""The one rule that names a node for people.

A node can carry several names: entities have ``rdfs:label`` in Vietnamese and often English
plus ``skos:altLabel`` aliases; ontology terms have bilingual ``rdfs:label``; topics only
``skos:prefLabel``. Pages, answers, the QA lexicon and the search index used to pick among
them with five different rules, so the same place could be shown under two names. They all
call :func:`display_label` now:

1. ``rdfs:label`` in Vietnamese (``@vi``), else any other ``rdfs:label`` (untagged first,
   English last), else
2. ``skos:prefLabel`` in the same order, else
3. None, and the caller shows the IRI's local name (:func:`kg.namespaces.local_name`).

Within one rank the alphabetically first text wins, so the choice never depends on the order
a store returns rows in. :func:`english_label` picks the English name separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..namespaces import RDFS, SKOS

LABEL, PREF_LABEL, ALT_LABEL, HIDDEN_LABEL = (
    str(RDFS.label),
    str(SKOS.prefLabel),
    str(SKOS.altLabel),
    str(SKOS.hiddenLabel),
)
_PROPERTY_RANK = {LABEL: 0, PREF_LABEL: 1}


@dataclass(frozen=True)
class Name:
    """One name literal of a node: its text, language tag and naming property (full IRI)."""

    text: str
    lang: str | None
    prop: str

    @classmethod
    def of(cls, literal: object, prop: object) -> Name:
        """A :class:`Name` from an rdflib literal and the property that carried it."""
        return cls(str(literal), getattr(literal, "language", None) or None, str(prop))


def _language_rank(lang: str | None) -> int:
    if lang is None:
        return 1
    lang = lang.lower()
    if lang == "vi" or lang.startswith("vi-"):
        return 0
    return 3 if lang == "en" or lang.startswith("en-") else 2


def display_label(names: Iterable[Name]) -> str | None:
    """The name to show: see the module docstring; None when there is no label at all."""
    ranked = [
        (_PROPERTY_RANK[n.prop], _language_rank(n.lang), n.text) for n in names if n.prop in _PROPERTY_RANK and n.text
    ]
    return min(ranked)[2] if ranked else None


def english_label(names: Iterable[Name]) -> str | None:
    """The English ``rdfs:label`` (else English ``skos:prefLabel``), or None."""
    ranked = [
        (_PROPERTY_RANK[n.prop], n.text)
        for n in names
        if n.prop in _PROPERTY_RANK and n.text and _language_rank(n.lang) == 3
    ]
    return min(ranked)[1] if ranked else None


def texts(names: Iterable[Name], *props: str) -> tuple[str, ...]:
    """The distinct texts of the names carried by ``props``, sorted."""
    return tuple(sorted({n.text for n in names if n.prop in props and n.text}))
