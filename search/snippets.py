"""Snippets: the part of a passage around the query's terms, with the terms located.

Terms are matched accent-free (the query ``ha tang`` highlights ``hạ tầng``), including the
long forms of the query's abbreviations (``UBND`` highlights ``Ủy ban nhân dân``) and the
abbreviations of its long forms. Highlights are ``(start, end)`` offsets into the snippet,
so every front end (terminal, HTML, JSON) marks them its own way.
"""

from __future__ import annotations

import re

from kg.text import fold

from .analyzer import match_terms

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Function words not worth marking (accent-free, Vietnamese and English).
_QUIET = frozenset(
    "va cua cac nhung la co duoc cho ve voi trong tai de mot nay da thi ma nhu tu den theo ra "
    "vao bi neu vi hay hoac cung se dang con nhieu rat o khi "
    "the of and about in on for to a an is are what which with by".split())
WIDTH = 240


def highlights(text: str, query: str) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` that match a term of ``query``."""
    terms = match_terms(query) - _QUIET
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if fold(m.group()) in terms]


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


def _best_start(text: str, spans, width: int) -> int:
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
