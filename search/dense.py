"""Dense retrieval: cosine similarity between the query vector and every passage vector.

Exact search is one matrix-vector product over the memory-mapped ``vectors.npy``; rows not
embedded yet are skipped. ``bench/bench_search.py`` measures it against an approximate
index: exact stays under the latency target well past the sizes this tool handles, so no
approximate index is used (see the README's search section for the crossover).
"""

from __future__ import annotations

import numpy as np

from kg.errors import ConfigError

from .retrievers import Retriever, Scored, top_k
from .rewrite import EVIDENCE, dense_query


def check_model(index, encoder) -> None:
    """Refuse to compare vectors of two different models."""
    if index.model_id and encoder is not None and encoder.model_id != index.model_id:
        raise ConfigError(
            f"the search index was embedded with model {index.model_id!r}, not "
            f"{encoder.model_id!r}; run `kg reindex` to re-embed it with {encoder.model_id!r}")


class DenseRetriever(Retriever):
    """Exact nearest neighbours by dot product of L2-normalised vectors (= cosine).

    Args:
        rewrite: embed the query rewritten by :func:`search.rewrite.dense_query`
            (abbreviations written out, diacritics restored) rather than as typed.
    """

    name = "dense"

    def __init__(self, index, encoder=None, rewrite: bool = True, **options):
        super().__init__(index, encoder)
        if encoder is None:
            raise ConfigError("dense search needs an encoder (see kg.embeddings)")
        check_model(index, encoder)
        self.encoder, self.rewrite = encoder, rewrite

    def search_rows(self, query: str, limit: int, mask: np.ndarray | None = None,
                    evidence: Scored | None = None) -> Scored:
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
