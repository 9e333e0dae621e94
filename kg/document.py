"""Turn a raw document into the normalised document every later step works on.

The stored text is ``title + "\\n\\n" + body``, normalised (:func:`kg.text.normalise`); all
sentence and mention offsets index into it, so the title (restored when its line had no
diacritics) is searchable and extractable like any other sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .reader import RawDocument
from .text import Sentence, canonical, clean_whitespace, normalise, sentences

_CAPTION = re.compile(r"^(?P<caption>.*?)[\s(]*Ảnh\s*:\s*(?P<credit>[^.:()]{1,80}?)[\s)]*\.?$")
_MAX_TITLE = 160


@dataclass(frozen=True)
class Document:
    """A normalised document with its sentences; ``doc_id`` is a content hash prefix."""

    doc_id: str
    content_hash: str
    path: str
    source: str
    format: str
    title: str
    original_title: str
    title_restored: bool
    text: str
    sentences: tuple[Sentence, ...]
    caption: str | None = None
    photo_credit: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def content_hash(raw: RawDocument) -> str:
    """SHA-256 of what was read, as text (format, title, body, metadata): same content, same id.

    Title and body are hashed in their :func:`~kg.text.canonical` form, after decoding: the
    same article in UTF-8 and in Windows-1258 (or UTF-16) is one document, not two.
    """
    h = hashlib.sha256()
    for part in (raw.format, canonical(raw.title or ""), canonical(raw.body), *sorted(raw.meta.items())):
        h.update(str(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def split_caption(body: str) -> tuple[str | None, str | None]:
    """The photo caption (first paragraph ending ``Ảnh: name``) and its credit, if any."""
    first = body.split("\n", 1)[0].strip()
    match = _CAPTION.match(first)
    if not match or len(first) > 400:
        return None, None
    return first, match.group("credit").strip()


def fallback_title(body: str) -> str:
    """For documents without a title line: the first sentence, shortened at a word break."""
    first = body.strip().split("\n", 1)[0]
    first = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(first) <= _MAX_TITLE:
        return first.rstrip(".")
    return first[:_MAX_TITLE].rsplit(" ", 1)[0] + "…"


def restore(title: str, body: str) -> tuple[str, bool]:
    """The title with diacritics restored when its line had none (see :mod:`kg.titles`)."""
    from .titles import needs_restoration, restore_title

    if needs_restoration(title):
        restored = restore_title(title, body)
        return restored, restored != title
    return title, False


def prepare(raw: RawDocument) -> Document:
    """Normalise, restore the title, split sentences: everything but extraction."""
    body = normalise(clean_whitespace(raw.body))
    original = normalise(clean_whitespace(raw.title or "")).replace("\n", " ")
    if original:
        title, restored = restore(original, body)
    else:
        title, restored = fallback_title(body), False
    text = f"{title}\n\n{body}"
    caption, credit = split_caption(body) if raw.format != "jsonl" else (None, None)
    digest = content_hash(raw)
    return Document(
        doc_id=digest[:16],
        content_hash=digest,
        path=raw.path,
        source=raw.source,
        format=raw.format,
        title=title,
        original_title=raw.title or "",
        title_restored=restored,
        text=text,
        sentences=tuple(sentences(text)),
        caption=caption,
        photo_credit=credit,
        meta=dict(raw.meta),
    )
