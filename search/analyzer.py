"""Tokens for BM25: Vietnamese word segments, accent-free forms and abbreviations.

Users type Vietnamese with or without diacritics, and abbreviations ("UBND", "KCN", "tp")
as often as the written-out forms, so a passage is indexed under several token spaces and
a query is analysed into the same ones:

* accent-free syllables (``ha``, ``tang``): the space every query meets, typed with
  accents or without;
* syllables with their diacritics, prefixed ``=`` (``=tầng``), only for syllables that
  carry diacritics: an accented query then prefers ``tầng`` over ``tăng`` or ``tang``;
* accent-free multi-syllable words (``ha_tang``, ``thai_nguyen``) from underthesea's word
  segmentation of the passage (stored in the graph as ``kg:segmentedText``). Queries are
  too short to segment reliably (and accent-free ones cannot be), so a query contributes
  its syllable bigrams and trigrams instead: those that are words match, the rest match
  nothing;
* abbreviations both ways (:mod:`kg.abbreviations`): text that says "UBND" also gets the
  tokens of "Ủy ban nhân dân", and text that says "Ủy ban nhân dân" gets ``ubnd``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.abbreviations import abbreviations_in, expansions_in
from kg.text import fold, has_diacritics

_WORD = re.compile(r"\w+")
EXACT = "="  # prefix of the with-diacritics token space


def _syllables(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _syllable_tokens(syllables: Iterable[str], exact: bool = True) -> list[str]:
    out = []
    for s in syllables:
        out.append(fold(s))
        if exact and has_diacritics(s):
            out.append(EXACT + s)
    return out


def _ngrams(folded: list[str], sizes: tuple[int, ...] = (2, 3)) -> list[str]:
    return ["_".join(folded[i : i + n]) for n in sizes for i in range(len(folded) - n + 1)]


def _abbreviation_tokens(text: str) -> list[str]:
    """Expansions of the abbreviations in ``text``, and abbreviations of its long forms."""
    out: list[str] = []
    for found in abbreviations_in(text):
        folded = [fold(s) for s in _syllables(found.abbreviation.expansion)]
        out += folded + _ngrams(folded, (2,))
    for found in expansions_in(text):
        out += [fold(s) for s in _syllables(found.abbreviation.short)]
    return out


def passage_tokens(text: str, segmented: str) -> list[str]:
    """BM25 tokens of a passage.

    Args:
        text: the passage as written (for abbreviations).
        segmented: its underthesea segmentation, words separated by spaces and the
            syllables of a word joined by ``_`` (``kg:segmentedText``).
    """
    tokens: list[str] = []
    for word in segmented.split():
        syllables = _syllables(word.replace("_", " "))
        tokens += _syllable_tokens(syllables)
        if len(syllables) > 1:
            tokens.append("_".join(fold(s) for s in syllables))
    return tokens + _abbreviation_tokens(text)


def query_tokens(query: str) -> list[str]:
    """BM25 tokens of a query, each once (order kept)."""
    syllables = _syllables(query)
    folded = [fold(s) for s in syllables]
    tokens = _syllable_tokens(syllables, exact=has_diacritics(query)) + _ngrams(folded)
    return list(dict.fromkeys(tokens + _abbreviation_tokens(query)))


def match_terms(query: str) -> set[str]:
    """Accent-free syllables a hit should highlight: the query's, and its abbreviations'."""
    return {t for t in query_tokens(query) if not t.startswith(EXACT) and "_" not in t}
