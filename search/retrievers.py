"""The retriever interface and the retrievers by name.

Every retriever answers ``search(query, limit, filters=None) -> [(passage_id, score)]``,
best first (STYLE.md point 12): lexical, dense and hybrid are interchangeable, the hybrid
one fuses two others, and the question-answering code consumes this shape without reaching
into an index. Internally they work on index rows (:meth:`Retriever.search_rows`) so fusion
and filters cost no id lookups. Retrievers are registered by name and imported lazily
(STYLE.md point 6); an unknown name is a :class:`~kg.errors.ConfigError` listing the known ones.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from kg.registry import lookup

from .filters import row_mask

RETRIEVERS = {
    "lexical": "search.lexical:LexicalRetriever",
    "dense": "search.dense:DenseRetriever",
    "hybrid": "search.hybrid:HybridRetriever",
}

Scored = list[tuple[int, float]]


class Retriever(ABC):
    """Searches one index generation. Subclasses implement :meth:`search_rows`."""

    name = "abstract"

    def __init__(self, index, encoder=None, **options):
        self.index = index

    def search(self, query: str, limit: int = 10, filters=None) -> list[tuple[str, float]]:
        """The ``limit`` best passages for ``query`` as ``(passage_id, score)``, best first.

        Args:
            query: free text, Vietnamese with or without diacritics, or English.
            limit: how many to return at most.
            filters: a :class:`search.filters.Filters` or a dict of its fields.
        """
        rows = self.search_rows(query, limit, row_mask(self.index, filters))
        return [(self.index.passage_id(row), score) for row, score in rows]

    @abstractmethod
    def search_rows(self, query: str, limit: int, mask: np.ndarray | None = None) -> Scored:
        """The best ``(row, score)`` pairs among the rows ``mask`` allows (all when None)."""


def top_k(scores: np.ndarray, limit: int, allowed: np.ndarray | None = None) -> Scored:
    """The ``limit`` highest finite scores as ``(row, score)``, best first (ties: lower row)."""
    valid = np.isfinite(scores) if allowed is None else allowed & np.isfinite(scores)
    candidates = np.flatnonzero(valid)
    if limit <= 0 or not len(candidates):
        return []
    values = scores[candidates]
    if len(candidates) > limit:
        part = np.argpartition(-values, limit - 1)[:limit]
        candidates, values = candidates[part], values[part]
    order = np.lexsort((candidates, -values))
    return [(int(candidates[i]), float(values[i])) for i in order]


def available_retrievers() -> list[str]:
    return list(RETRIEVERS)


def retriever_class(name: str) -> type[Retriever]:
    return lookup(RETRIEVERS, name, "retriever")


def create_retriever(name: str, index, encoder=None, **options) -> Retriever:
    """The retriever registered under ``name`` over ``index`` (dense ones need ``encoder``)."""
    return retriever_class(name)(index, encoder, **options)
