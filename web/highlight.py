"""Marked-up text as data: pieces ``{"text", "mark"}`` that a template escapes one by one.

Pages never build HTML from document text in Python; they get pieces and Jinja escapes
each (``<mark>`` is the template's). Matching ignores case, and ignores accents only for the
words written without any (the rule of search snippets, :func:`search.snippets.same_marks`):
``Song Cong`` marks ``Sông Công``, but ``Chè`` does not mark ``chẽ`` and ``Công`` does not
mark ``cong``: a word written with diacritics means those diacritics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kg.text import strip_accents
from search.snippets import same_marks


def pieces(text: str, spans: Iterable[Sequence[int]]) -> list[dict]:
    """``text`` cut at ``spans`` (``(start, end)`` pairs, any order, may overlap)."""
    out, pos = [], 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True})
        pos = end
    if pos < len(text) or not out:
        out.append({"text": text[pos:], "mark": False})
    return out


def _folded(text: str) -> str | None:
    folded = strip_accents(text).lower()
    return folded if len(folded) == len(text) else None  # offsets must line up


_WORD = re.compile(r"\w+")


def same_words(written: str, typed: str) -> bool:
    """``written`` spells ``typed`` word for word under the diacritics rule."""
    have, want = _WORD.findall(written), _WORD.findall(typed)
    return len(have) == len(want) and all(same_marks(a, b) for a, b in zip(have, want, strict=True))


def find(text: str, needle: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``needle`` in ``text``: case ignored, accents ignored
    for the words of ``needle`` written without any."""
    needle = (needle or "").strip()
    haystack, wanted = _folded(text), _folded(needle)
    if not haystack or not wanted:
        return []
    spans, pos = [], haystack.find(wanted)
    while pos >= 0:
        end = pos + len(wanted)
        if (
            _boundary(haystack, pos - 1)
            and _boundary(haystack, end)  # "2" must not mark "2015"
            and same_words(text[pos:end], needle)
        ):
            spans.append((pos, end))
        pos = haystack.find(wanted, end if spans and spans[-1][1] == end else pos + 1)
    return spans


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def evidence_pieces(text: str, phrases: Iterable[object], question: str = "") -> list[dict]:
    """A sentence with the answer marked: every one of ``phrases`` found in it (label, value,
    the numbers of the value...), else the question's content words."""
    spans = [span for phrase in phrases if phrase not in (None, "") for span in find(text, str(phrase))]
    if spans:
        return pieces(text, spans)
    if question:
        from search.snippets import highlights

        return pieces(text, highlights(text, question))
    return pieces(text, [])


NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def answer_phrases(label: str | None, value: object) -> list[str]:
    """What of an answer may be written in its evidence: the value, its numbers (with a
    decimal comma too: 1.75 is "1,75" in Vietnamese), the label and its parts."""
    out = [str(value)] if value not in (None, "") else []
    for number in NUMBER.findall(str(value or "")):
        out += [number, number.replace(".", ",")]
    label = str(label or "")
    out += [label, *(part.strip() for part in label.split(" — ") if part.strip())]
    if label.endswith("…"):  # long statements are cut: the part before still matches
        out.append(label.rstrip("…").strip())
    return list(dict.fromkeys(out))
