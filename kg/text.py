"""Vietnamese text normalisation, sentence splitting and word segmentation.

Everything downstream (title restoration, extraction, search) compares strings, so the text
is normalised once, here, before anything else sees it: Unicode NFC, and the tone mark
placed by one convention (``hoà`` and ``hòa``, ``thuỷ`` and ``thủy`` become the same
string). Normalisation never changes the length of the text, so character offsets stay
valid for every later step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"\w+")
#: The capital letters of Vietnamese, for character classes ("[" + UPPER + "]"). A range such as
#: À-Ỹ would also take every lower-case letter between them (đ, ầ, ư …).
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
#: The lower-case letters of Vietnamese, likewise.
LOWER = UPPER.lower()
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: its text, character span and word segmentation."""

    index: int
    start: int
    end: int
    text: str
    words: tuple[str, ...]

    @property
    def segmented(self) -> str:
        """Words joined by spaces, syllables of a word joined by ``_`` (underthesea's form)."""
        return " ".join(w.replace(" ", "_") for w in self.words)


@lru_cache(maxsize=1)
def _token_normalize() -> Callable[[str], str]:
    # underthesea's table of tone-mark placements (old style "hoà" -> "hòa").
    from underthesea.pipeline.text_normalize import token_normalize

    fn: Callable[[str], str] = token_normalize
    return fn


def clean_whitespace(text: str) -> str:
    """Unify line ends, drop zero-width characters, collapse runs of spaces in each line."""
    text = _NEWLINES.sub("\n", _ZERO_WIDTH.sub("", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def canonical(text: str) -> str:
    """The text as stored content is compared: one line-end convention and Unicode NFC.

    Cheap (no word-by-word rule), so unchanged input is recognised before any NLP; enough
    for one article in two encodings (Windows-1258 decodes to combining tone marks, often
    with CRLF line ends) to be the same content.
    """
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))


def normalise(text: str) -> str:
    """NFC plus one tone-mark convention, word by word, keeping the text's length.

    >>> normalise("Hoà Bình, thuỷ lợi") == normalise("Hòa Bình, thủy lợi")
    True
    """
    text = unicodedata.normalize("NFC", text)
    fix = _token_normalize()

    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        fixed: str = fix(word)
        return fixed if len(fixed) == len(word) else word

    return _WORD.sub(repl, text)


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics (``Thái Nguyên`` -> ``Thai Nguyen``), length-preserving."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Lower-case, accent-free form used to compare names and match queries."""
    return strip_accents(text).casefold()


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese diacritic (or is đ)."""
    return strip_accents(text) != text


def slugify(text: str) -> str:
    """Accent-free ASCII slug for IRIs: ``KCN Sông Công 2`` -> ``kcn-song-cong-2``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines of the text with their start offsets."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def split_sentences(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """Sentence spans of a text (paragraph by paragraph, so lines never merge)."""
    from underthesea import sent_tokenize

    spans = []
    for para_start, para in paragraphs(text):
        cursor, found = 0, list[int]()
        for sent in sent_tokenize(para):
            sent = sent.strip()
            if not sent:
                continue
            at = para.find(sent, cursor)
            if at < 0:  # tokenizer altered the text; fall back to the cursor position
                at = cursor
            if not (found and at == cursor and para[at - 1] == "." and sent[0].isalnum() and not sent[0].isupper()):
                found.append(at)  # else a cut inside a word: "evisa.gov.vn"
            cursor = at + len(sent)
        for at, stop in zip(found, [*found[1:], None], strict=True):
            sent = para[at:stop].strip() if stop is not None else para[at:cursor]
            for offset, piece in _bounded(sent):
                spans.append((start + para_start + at + offset, start + para_start + at + offset + len(piece), piece))
    return spans


MAX_SENTENCE = 2_000  # the corpus's longest sentence is 1,855 characters; 12,214 sentences read


def _bounded(sent: str) -> list[tuple[int, str]]:
    """A sentence cut at word breaks into pieces of at most :data:`MAX_SENTENCE` characters.

    Text without sentence punctuation (a table pasted as one line, a hostile upload) would
    otherwise be one sentence of megabytes, and every per-sentence step (segmentation, the
    extractors' patterns) grows faster than its length.
    """
    out, at = [], 0
    while len(sent) - at > MAX_SENTENCE:
        cut = sent.rfind(" ", at + MAX_SENTENCE // 2, at + MAX_SENTENCE)
        cut = cut if cut > at else at + MAX_SENTENCE
        out.append((at, sent[at:cut]))
        at = cut + (sent[cut] == " ")
    out.append((at, sent[at:]))
    return out


def segment_words(sentence: str) -> tuple[str, ...]:
    """Vietnamese word segmentation (underthesea); multi-syllable words keep their spaces."""
    from underthesea import word_tokenize

    return tuple(word_tokenize(sentence))


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split and word-segment a normalised text; offsets are into ``text`` (+ ``start``)."""
    return [Sentence(i, s, e, sent, segment_words(sent)) for i, (s, e, sent) in enumerate(split_sentences(text, start))]
