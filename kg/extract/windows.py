"""Long documents are extracted in bounded pieces: windows of whole sentences under the title.

Several extractors compare every mention with every sentence (places in a sentence, the
nearest place before a figure, a company's free occurrences), which is harmless for an article
and quadratic for a book: a 3 MB document took 35 s to extract (1.1 s per 100,000
characters, against 0.34 s for a 100,000-character one). Cutting the body into windows of at
most :data:`WINDOW_CHARS` keeps the cost per character flat whatever the length.

Each window is a :class:`~kg.document.Document` of its own whose text is the title followed by
a run of whole sentences, so every extractor sees the title's context (its province, its
project) as it would in the whole article. What a window finds is mapped back to the whole
document's offsets and sentence numbers by :func:`rebase`; the caller merges the windows.
Each piece repeats the last :data:`OVERLAP` sentences of the one before, so a request
announced in one sentence and spelt out in the next is read whole; what the overlap finds twice
is merged as one. A fact that needs sentences further apart than that across a cut is the one
thing this gives up, and only documents far longer than any article are cut (the corpus's
longest is 60,000 characters).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, NamedTuple, TypeVar, cast

from ..document import Document
from ..text import Sentence
from .model import Span

T = TypeVar("T")

WINDOW_CHARS = 100_000
OVERLAP = 3  # sentences each piece repeats from the one before: a request opened by "… đề nghị:"


class Window(NamedTuple):
    """One piece of a document: the piece as a document, and how its offsets map back."""

    doc: Document
    head: int  # sentences of the title, the same in the piece and the whole
    first: int  # the whole document's index of the piece's first body sentence
    shift: int  # add to a body offset of the piece to get the whole document's offset


def windows(doc: Document, limit: int | None = None) -> list[Window]:
    """The document as pieces of at most ``limit`` body characters (one piece when it fits)."""
    limit = limit or WINDOW_CHARS
    head_end = len(doc.title) + 2  # the title and the blank line after it
    head = [s for s in doc.sentences if s.end <= len(doc.title)]
    body = doc.sentences[len(head) :]
    if len(doc.text) - head_end <= limit or not body:
        return [Window(doc, len(head), len(head), 0)]
    out: list[Window] = []
    run: list[Sentence] = []
    for sent in body:
        if len(run) > OVERLAP and sent.end - run[0].start > limit:
            out.append(_piece(doc, head, run, head_end))
            run = run[-OVERLAP:]  # the next piece reads on from the last sentences of this one
        run.append(sent)
    out.append(_piece(doc, head, run, head_end))
    return out


def _piece(doc: Document, head: list[Sentence], run: list[Sentence], head_end: int) -> Window:
    start, end = run[0].start, run[-1].end
    shift = start - head_end
    sentences = (
        *head,
        *(replace(s, index=len(head) + i, start=s.start - shift, end=s.end - shift) for i, s in enumerate(run)),
    )
    text = doc.text[:head_end] + doc.text[start:end]
    return Window(replace(doc, text=text, sentences=sentences), len(head), run[0].index, shift)


def rebase(value: T, window: Window) -> T:
    """``value`` (any extraction dataclass, tuple of them, or plain value) in whole-document terms."""
    return cast(T, _rebase(value, window))


def _rebase(value: Any, window: Window) -> Any:
    if window.shift == 0 and window.first == window.head:
        return value
    if isinstance(value, Span):
        if value.sentence < window.head:
            return value
        return Span(
            value.sentence - window.head + window.first,
            value.start + window.shift,
            value.end + window.shift,
            value.text,
        )
    if isinstance(value, tuple):
        return tuple(_rebase(v, window) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in fields(value):
            old = getattr(value, f.name)
            new = _rebase(old, window)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value
