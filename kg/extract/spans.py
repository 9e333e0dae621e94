"""Map character offsets of the document text to sentences: the provenance of every fact."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..document import Document
from ..text import Sentence
from .model import Span


def sentence_at(doc: Document, offset: int) -> Sentence:
    """The sentence containing a document offset (the last one starting at or before it)."""
    starts = [s.start for s in doc.sentences]
    return doc.sentences[max(bisect_right(starts, offset) - 1, 0)]


def span(doc: Document, start: int, end: int) -> Span:
    """A Span for text[start:end] of the document."""
    return Span(sentence_at(doc, start).index, start, end, doc.text[start:end])


def finditer(pattern: re.Pattern, doc: Document) -> Iterator[tuple[re.Match, Sentence]]:
    """Matches of a pattern inside each sentence, with the sentence (offsets stay document-wide).

    Searching sentence by sentence keeps a match from running across a sentence boundary.
    """
    for sent in doc.sentences:
        for match in pattern.finditer(doc.text, sent.start, sent.end):
            yield match, sent
