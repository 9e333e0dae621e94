"""Snippets: the part of a passage around the query's terms, with the terms located.

A query word typed without any diacritic matches accent-free (``ha tang`` highlights
``hạ tầng``; ``cong`` marks ``Công``): people often type that way. A word typed *with*
diacritics means what it says and matches only the same letters and marks, case aside (``Chè``
never marks ``chẽ``, ``Công`` never marks ``cong`` or ``còng``); where the tone mark sits
(``hoà``/``hòa``) does not matter (:func:`same_marks`). The long forms of the query's
abbreviations (``UBND`` highlights ``Ủy ban nhân dân``) and the abbreviations of its long
forms are matched accent-free. Highlights are ``(start, end)`` offsets into the snippet, so
every front end (terminal, HTML, JSON) marks them its own way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.text import fold, has_diacritics

from .analyzer import match_terms

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Function words not worth marking (accent-free, Vietnamese and English).
_QUIET = frozenset(
    [
        "va",
        "cua",
        "cac",
        "nhung",
        "la",
        "co",
        "duoc",
        "cho",
        "ve",
        "voi",
        "trong",
        "tai",
        "de",
        "mot",
        "nay",
        "da",
        "thi",
        "ma",
        "nhu",
        "tu",
        "den",
        "theo",
        "ra",
        "vao",
        "bi",
        "neu",
        "vi",
        "hay",
        "hoac",
        "cung",
        "se",
        "dang",
        "con",
        "nhieu",
        "rat",
        "o",
        "khi",
        "the",
        "of",
        "and",
        "about",
        "in",
        "on",
        "for",
        "to",
        "a",
        "an",
        "is",
        "are",
        "what",
        "which",
        "with",
        "by",
    ]
)
WIDTH = 240


@lru_cache(maxsize=65536)  # words repeat (suggestions compare the same few thousand names)
def marks(word: str) -> tuple[str, str]:
    """``word`` accent-free and lower-case, with its diacritics as a sorted string: two
    spellings of one word that differ only in where the tone mark sits (``hoà``, ``hòa``)
    have the same marks, ``Chè`` and ``chẽ`` or ``Công`` and ``còng`` do not."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    signs = sorted(c for c in decomposed if unicodedata.combining(c) or c == "đ")
    return fold(word), "".join(signs)


def same_marks(written: str, typed: str) -> bool:
    """Whether ``written`` (a word of the text) is ``typed`` (a word of the query) under the
    one rule: accent-free when ``typed`` has no diacritic, else the same letters and marks."""
    if not has_diacritics(typed):
        return fold(written) == fold(typed)
    return marks(written) == marks(typed)


def highlights(text: str, query: str) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` that match a term of ``query`` (see the module
    docstring for the diacritics rule)."""
    pattern, strict, exact = _query_terms(query)
    if pattern is None:
        return []
    folded = text.translate(_FOLD)
    if len(folded) != len(text):  # combining marks, or a letter that folds to several
        return [
            (m.start(), m.end())
            for m in _WORD.finditer(text)
            if pattern.fullmatch(fold(m.group())) and _exact(fold(m.group()), m.group(), strict, exact)
        ]
    return [
        (m.start(), m.end())
        for m in pattern.finditer(folded)
        if _exact(m.group(), text[m.start() : m.end()], strict, exact)
    ]


def _exact(folded: str, word: str, strict: frozenset, exact: frozenset) -> bool:
    return folded not in strict or marks(word) in exact


def _fold_table() -> dict[int, str | None]:
    """``str.translate`` table doing :func:`kg.text.fold` on precomposed (NFC) text, one
    character for one (a passage is folded whole, not word by word); combining marks are
    dropped, which changes the length and sends the text the slow way."""
    table: dict[int, str | None] = {mark: None for mark in range(0x300, 0x370)}
    for char in map(chr, range(0xC0, 0x1F00)):
        folded = fold(char)
        if folded != char and len(folded) == 1:
            table[ord(char)] = folded
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[ord(char)] = char.lower()
    return table


_FOLD = _fold_table()


def fold_text(text: str) -> str:
    """:func:`kg.text.fold` of ``text``, by one table lookup per character when it can (NFC
    text, the usual case: twenty times faster), by :func:`kg.text.fold` otherwise."""
    folded = text.translate(_FOLD)
    return folded if len(folded) == len(text) and folded.isascii() else fold(text)


@lru_cache(maxsize=512)
def _query_terms(query: str) -> tuple[re.Pattern | None, frozenset, frozenset]:
    """What :func:`highlights` looks for, worked out once per query (a search page snippets
    a hundred passages): a pattern of every accent-free term (whole words), those terms that
    must also match their diacritics, and the diacritics (:func:`marks`) they must have."""
    terms = match_terms(query) - _QUIET
    typed = _WORD.findall(query)
    accented = {w.casefold() for w in typed if has_diacritics(w)}
    loose = {fold(w) for w in typed if not has_diacritics(w)}
    # Only the accent-free forms of accented words are strict; abbreviations and the query's
    # plain words stay loose even when an accented word folds to the same form.
    strict = {fold(w) for w in accented} - loose - (terms - {fold(w) for w in typed})
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if terms else None
    return pattern, frozenset(strict), frozenset(marks(w) for w in accented)


def snippet(text: str, query: str, width: int = WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of ``text`` around most of the query's terms.

    Returns:
        The snippet (one line, "…" where cut) and its highlights as offsets into it.
    """
    text = _SPACES.sub(" ", text).strip()
    spans = highlights(text, query)
    if len(text) <= width:
        return text, spans
    start = _best_start(text, spans, width)
    stop = min(len(text), start + width)
    if stop < len(text):
        stop = max(text.rfind(" ", start, stop), start + width // 2)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    prefix, suffix = ("…" if start > 0 else ""), ("…" if stop < len(text) else "")
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= stop]
    return prefix + text[start:stop].strip() + suffix, inside


def _best_start(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where a ``width`` window covers the most highlights (a little context before)."""
    if not spans:
        return 0
    best, best_count = 0, -1
    for s, _ in spans:
        start = max(0, min(s - width // 5, len(text) - width))
        count = sum(1 for a, b in spans if a >= start and b <= start + width)
        if count > best_count:
            best, best_count = start, count
    return best
