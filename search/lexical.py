"""BM25 over the Vietnamese token spaces of :mod:`search.analyzer`, with bm25s.

bm25s stores BM25 weights as a sparse matrix that it memory-maps on load, so opening the
index costs little and a query touches only the posting lists of its tokens. The matrix is
rebuilt from the stored tokens at each sync (BM25 weights depend on corpus statistics);
``bench/bench_search.py`` measures that rebuild.
"""

from __future__ import annotations

import numpy as np

from .analyzer import EXACT, query_tokens
from .retrievers import Retriever, Scored, top_k


class LexicalRetriever(Retriever):
    """BM25 (Lucene variant, k1=1.5, b=0.75: bm25s defaults) over passages."""

    name = "lexical"

    def search_rows(self, query: str, limit: int, mask: np.ndarray | None = None) -> Scored:
        if not self.index.count:
            return []
        bm25 = self.index.bm25
        tokens = [t for t in query_tokens(query) if t in bm25.vocab_dict]
        if not tokens:
            return []
        scores = bm25.get_scores(tokens)
        return top_k(scores, limit, scores > 0 if mask is None else mask & (scores > 0))

    def coverage(self, query: str) -> float:
        """Share of the query's (accent-free) syllables that occur in the index at all.

        An English question shares a few short words with Vietnamese text ("to", "an");
        its BM25 ranking rests on those alone and deserves little weight in a fusion.
        """
        syllables = [t for t in query_tokens(query) if not t.startswith(EXACT) and "_" not in t]
        if not syllables or not self.index.count:
            return 0.0
        vocab = self.index.bm25.vocab_dict
        return sum(t in vocab for t in syllables) / len(syllables)
