"""Hybrid retrieval: lexical and dense candidates fused into one ranking.

Each side over-fetches ``limit * 10`` candidates (txtai's rule), then the two lists are
fused. Two methods, chosen on ``bench/eval_search.py`` (README, search section):

* ``rrf``: reciprocal rank fusion, ``sum w / (k + rank)``; needs no score calibration;
* ``convex`` (default, dense weight 0.6): ``w_dense * dense + w_lexical * lexical`` after
  min-max scaling each side's scores over its candidates (a candidate missing from one
  side gets 0 there).

Either way the lexical weight is scaled by the lexical side's *coverage* of the query (the
share of its syllables found in the index): a Vietnamese query is fully covered, an English
question only through a few words it shares with Vietnamese by accident, whose BM25
ranking is noise. When one side has nothing (no vectors yet, no query token in the
vocabulary) the other side's ranking is returned as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import ConfigError

from .dense import DenseRetriever
from .lexical import LexicalRetriever
from .retrievers import Retriever, Scored

if TYPE_CHECKING:
    from kg.embeddings import Encoder

    from .index import Index

FUSIONS = ("rrf", "convex")
DEFAULT_FUSION = "convex"
DEFAULT_WEIGHTS = (0.6, 0.4)  # (dense, lexical)
RRF_K = 60
OVERFETCH = 10


def rrf(lists: list[Scored], weights: Sequence[float], limit: int, k: int = RRF_K) -> Scored:
    fused: dict[int, float] = {}
    for scored, weight in zip(lists, weights, strict=True):
        for rank, (row, _) in enumerate(scored, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return _best(fused, limit)


def _scaled(scored: Scored) -> dict[int, float]:
    if not scored:
        return {}
    values = np.array([s for _, s in scored], dtype=np.float64)
    low, span = values.min(), values.max() - values.min()
    return {row: (float((s - low) / span) if span > 0 else 1.0) for row, s in scored}


def convex(lists: list[Scored], weights: Sequence[float], limit: int) -> Scored:
    fused: dict[int, float] = {}
    for scored, weight in zip(lists, weights, strict=True):
        for row, value in _scaled(scored).items():
            fused[row] = fused.get(row, 0.0) + weight * value
    return _best(fused, limit)


def _best(fused: dict[int, float], limit: int) -> Scored:
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:limit]


class HybridRetriever(Retriever):
    """Fuses a :class:`DenseRetriever` and a :class:`LexicalRetriever` over one index."""

    name = "hybrid"

    def __init__(
        self,
        index: Index,
        encoder: Encoder | None = None,
        fusion: str = DEFAULT_FUSION,
        weights: tuple[float, float] = DEFAULT_WEIGHTS,
        rewrite: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(index, encoder)
        if fusion not in FUSIONS:
            raise ConfigError(f"unknown fusion {fusion!r}; choose one of: {', '.join(FUSIONS)}")
        self.fusion, self.weights = fusion, tuple(weights)
        self.lexical = LexicalRetriever(index)
        self.dense = DenseRetriever(index, encoder, rewrite) if encoder is not None else None

    def search_rows(self, query: str, limit: int, mask: np.ndarray | None = None) -> Scored:
        wide = limit * OVERFETCH
        lexical = self.lexical.search_rows(query, wide, mask)
        dense = self.dense.search_rows(query, wide, mask, lexical) if self.dense is not None else []
        if not dense or not lexical:
            return (dense or lexical)[:limit]
        weights = (self.weights[0], self.weights[1] * self.lexical.coverage(query))
        if self.fusion == "rrf":
            return rrf([dense, lexical], weights, limit)
        return convex([dense, lexical], weights, limit)
