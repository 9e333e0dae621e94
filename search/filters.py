"""Filters: restrict a search to a document, an entity, a type, a topic or publication dates.

Every filter becomes a boolean mask over the index rows, applied inside each retriever
before its top-k (so a filtered search still returns ``limit`` hits when there are that
many). Several filters combine with AND.

* ``document``: a document id (or unique id prefix of at least 4 characters) or source name;
* ``entity``: an entity IRI, or a label (accents and case ignored) — passages mentioning it;
* ``within``: entity IRIs — passages mentioning any of them (a province and everything that
  lies in it, for the search page's province facet);
* ``type``: an ontology class local name: passages mentioning an entity of that type
  (``Road``, ``IndustrialPark``) or holding a statement of that kind (``Proposal``);
* ``topic``: a topic of ``ontology/topics.ttl`` (local name or IRI): passages holding a
  proposal or directive about it or about a narrower topic;
* ``published``: a :class:`search.dates.DateRange`: passages of documents whose publication
  date (``dcterms:date``) is in it. The index does not hold dates: the caller looks the ids
  of those documents up in the store (:func:`search.dates.published_in`) and passes them to
  :func:`row_mask`, so the filter is always as current as the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import BadQuery, ConfigError, NotFound
from kg.namespaces import KG, KGT
from kg.text import fold

from .dates import DateRange

if TYPE_CHECKING:
    from .index import DocEntry, Index


@dataclass(frozen=True)
class Filters:
    """What to restrict a search to; every field is optional."""

    document: str | None = None
    entity: str | None = None
    type: str | None = None
    topic: str | None = None
    within: tuple[str, ...] | None = None
    published: DateRange | None = None

    @classmethod
    def of(cls, value: Filters | Mapping[str, Any] | None) -> Filters | None:
        """A :class:`Filters` from None, a dict (unknown keys are an error) or a Filters."""
        if value is None or isinstance(value, Filters):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise BadQuery(f"unknown filter {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        found = cls(**{k: v for k, v in value.items() if v not in (None, "")})
        if found.published is not None and not isinstance(found.published, DateRange):
            raise BadQuery("the published filter must be a DateRange (see search.dates.date_range)")
        return found

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self)) or self.within is not None  # () allows nothing


def row_mask(
    index: Index, filters: Filters | Mapping[str, Any] | None, published: set[str] | None = None
) -> np.ndarray | None:
    """Rows allowed by ``filters`` (None when nothing is filtered).

    Args:
        published: ids of the documents within ``filters.published`` (required with it).
    """
    filters = Filters.of(filters)
    if not filters:
        return None
    mask = np.ones(index.count, dtype=bool)
    if filters.published is not None:
        if published is None:
            raise ConfigError(
                "a date filter needs the ids of the documents published then "
                "(search.dates.published_in); search through Searcher with a knowledge base"
            )
        allowed = np.zeros(index.count, dtype=bool)
        for doc in index.docs:
            if doc.id in published:
                allowed[doc.first : doc.stop] = True
        mask &= allowed
    if filters.document:
        doc = _document(index, filters.document)
        allowed = np.zeros(index.count, dtype=bool)
        allowed[doc.first : doc.stop] = True
        mask &= allowed
    if filters.entity:
        mask &= _rows(index, _entity_keys(index, filters.entity))
    if filters.within is not None:
        mask &= _rows(index, [f"entity:{iri}" for iri in filters.within])
    if filters.type:
        mask &= _rows(index, [f"type:{_type_name(filters.type)}"])
    if filters.topic:
        topic = filters.topic if ":" in filters.topic else str(KGT[filters.topic.strip()])
        mask &= _rows(index, [f"topic:{topic}"])
    return mask


def _rows(index: Index, keys: Iterable[str]) -> np.ndarray:
    allowed = np.zeros(index.count, dtype=bool)
    for key in keys:
        allowed[index.facets.get(key, [])] = True
    return allowed


def _document(index: Index, ref: str) -> DocEntry:
    ref = ref.strip()
    exact = [d for d in index.docs if ref in (d.id, d.source)]
    matches = exact or [d for d in index.docs if len(ref) >= 4 and d.id.startswith(ref)]
    if len(matches) != 1:
        what = "no indexed document" if not matches else f"{len(matches)} documents"
        raise NotFound(f"{what} matches {ref!r}; give a document id or source name")
    return matches[0]


def _entity_keys(index: Index, ref: str) -> list[str]:
    ref = ref.strip()
    return [f"entity:{ref}"] if ref.startswith(("http://", "https://")) else [f"label:{fold(ref)}"]


def _type_name(name: str) -> str:
    terms = {t.lower(): t for t in KG.__annotations__}
    found = terms.get(name.strip().lower())
    if found is None or not found[:1].isupper():
        raise BadQuery(f"unknown type {name!r}; use an ontology class such as Road, IndustrialPark, Proposal")
    return found
