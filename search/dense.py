"""Dense retrieval: cosine similarity between the query vector and the passage vectors.

Below ``KG_ANN_MIN`` embedded vectors (default 200,000) search is exact: one
matrix-vector product over the memory-mapped ``vectors.npy``, rows not embedded yet (or
outside the filters) skipped. Its cost grows linearly with the passages (about 67 ms at
1M on 2 cores), so at and above that size the candidates come from an HNSW graph
(:mod:`search.ann`, usearch) and are re-scored exactly: scores stay true dot products and
filters never lose results (too few allowed candidates means exact search). A missing,
stale or damaged graph means exact search too. ``bench/bench_ann.py`` measures recall and
latency of both at 1M vectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import ConfigError

from .ann import ApproximateSearch
from .retrievers import Retriever, Scored, top_k
from .rewrite import EVIDENCE, dense_query

if TYPE_CHECKING:
    from kg.embeddings import Encoder

    from .index import Index


def check_model(index: Index, encoder: Encoder | None) -> None:
    """Refuse to compare vectors of two different models."""
    if index.model_id and encoder is not None and encoder.model_id != index.model_id:
        raise ConfigError(
            f"the search index was embedded with model {index.model_id!r}, not "
            f"{encoder.model_id!r}; run `kg reindex` to re-embed it with {encoder.model_id!r}"
        )


def ann_min_setting() -> int:
    """``KG_ANN_MIN`` from the environment (the retrievers are built without the config)."""
    from kg.settings import load

    return int(load()["KG_ANN_MIN"])


class DenseRetriever(Retriever):
    """Nearest neighbours by dot product of L2-normalised vectors (= cosine).

    Args:
        rewrite: embed the query rewritten by :func:`search.rewrite.dense_query`
            (abbreviations written out, diacritics restored) rather than as typed.
        ann_min: embedded vectors from which the approximate index is used (default:
            ``KG_ANN_MIN``; 0 = always).
    """

    name = "dense"

    def __init__(
        self,
        index: Index,
        encoder: Encoder | None = None,
        rewrite: bool = True,
        ann_min: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(index, encoder)
        if encoder is None:
            raise ConfigError("dense search needs an encoder (see kg.embeddings)")
        check_model(index, encoder)
        self.encoder, self.rewrite = encoder, rewrite
        self.ann = ApproximateSearch(index, ann_min_setting() if ann_min is None else ann_min)

    def search_rows(
        self, query: str, limit: int, mask: np.ndarray | None = None, evidence: Scored | None = None
    ) -> Scored:
        """See :meth:`Retriever.search_rows`; ``evidence``: lexical hits already computed
        for the same query (a hybrid search passes its own), used to restore diacritics."""
        if not self.index.count or not self.index.has_vectors:
            return []
        allowed = self.index.embedded()
        if mask is not None:
            allowed = allowed & mask
        if not allowed.any():
            return []
        vector = self.encoder.encode_queries([self.text_for(query, evidence)])[0]
        found = self.ann.search(vector, limit, allowed)
        if found is not None:
            return found
        scores = np.asarray(self.index.vectors @ vector, dtype=np.float32)
        return top_k(scores, limit, allowed)

    def text_for(self, query: str, evidence: Scored | None = None) -> str:
        """What to embed for ``query`` (see :mod:`search.rewrite`). Alone, the dense side
        restores diacritics from the dictionary only; within a hybrid search the lexical
        hits are evidence too."""
        if not self.rewrite:
            return query
        texts = [self.index.record(row)["text"] for row, _ in (evidence or [])[:EVIDENCE]]
        return dense_query(query, texts)
