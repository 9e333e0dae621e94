"""The retriever interface and the retrievers by name.

Every retriever answers ``search_rows(query, limit, mask=None) -> [(row, score)]`` over one
index generation, best first (STYLE.md point 12): lexical, dense and hybrid are
interchangeable and the hybrid one fuses two others. They work on index rows so that fusion
and filters cost no id lookups. The one public entry is :meth:`search.api.Searcher.search`:
it turns filters into a row mask (:func:`search.filters.row_mask`, dates resolved against the
store) and rows into :class:`search.api.Hit` objects; the CLI, the web layer and question
answering all go through it. Retrievers are registered by name and imported lazily
(STYLE.md point 6); an unknown name is a :class:`~kg.errors.ConfigError` listing the known ones.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.registry import lookup

if TYPE_CHECKING:
    from kg.embeddings import Encoder

    from .index import Index

RETRIEVERS = {
    "lexical": "search.lexical:LexicalRetriever",
    "dense": "search.dense:DenseRetriever",
    "hybrid": "search.hybrid:HybridRetriever",
}

Scored = list[tuple[int, float]]


class Retriever(ABC):
    """Searches one index generation. Subclasses implement :meth:`search_rows`."""

    name = "abstract"

    def __init__(self, index: Index, encoder: Encoder | None = None, **options: Any) -> None:
        self.index = index

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


def create_retriever(name: str, index: Index, encoder: Encoder | None = None, **options: Any) -> Retriever:
    """The retriever registered under ``name`` over ``index`` (dense ones need ``encoder``)."""
    return retriever_class(name)(index, encoder, **options)
