"""Restore the diacritics of titles typed without them (``chu tich ubnd tinh thai nguyen``).

Their best witness is the document itself: about 90 % of headline syllables occur in the
body. Each accent-free syllable gets the accented forms seen in the body, the gazetteer and
underthesea's bundled lexicon; a dynamic programme covers the title with words (single
syllables, or dictionary words and place names of 2-4 syllables, each syllable in one word
only, so "cá nhân tại" cannot also count "nhân tài") and adds up: how often each form is
written for its spelling (the body first), a bonus per dictionary word or place name, and a
bonus per 2- and 3-gram attested in the body, in the lexicon's text or among the word pairs
underthesea's CRF models were trained on. Evidence is added, not multiplied as in an n-gram
model: the lexicon's text is too small for its bigram probabilities to be trusted, though
what it attests still counts. Nothing is downloaded; the lexicon is built once per process.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.gazetteer import admin_names
from kg.text import fold, has_diacritics, normalise

# Weights, tuned on vnnews articles 1001-1600 (disjoint from the tests' and bench's sample).
BODY_PRIOR = 1.0  # weight of the lexicon's usage against the body's (in body occurrences)
WORD_INTERNAL = 0.25  # weight of a body occurrence inside a word the title lacks
CONTEXT_WEIGHT = 30.0  # one distinct CRF word pair a form occurs in, in lexicon-text tokens
WORD_BONUS = {"words": 3.0, "places": 2.0}  # per syllable of a dictionary word / place name
# Bonus for an attested (2-gram, 3-gram); lexicon text counts per log(1 + count).
PHRASE_BONUS = {"body": (6.0, 4.0), "text": (0.6, 0.4), "crf": (5.0, 3.0)}
ORDER = 3  # longest phrase scored; longer body phrases score through overlapping 3-grams
MAX_WORD = 4  # longest dictionary word or place name used as one unit
MAX_FORMS = 6  # candidate forms kept per syllable (by usage), bounding the search

_TOKEN = re.compile(r"\w+")
_RUN = re.compile(r"[^\W_][\w \t]*")
_VOWEL = re.compile(r"[aeiouy]")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_SENTENCE_END = re.compile(r"[.!?:;…]\s*$")
_CLAUSE_END = re.compile(r"[.!?:…]\s")
_CRF_ATTRIBUTE = re.compile(rb"T\[(-?\d)(?:,(-?\d))?\](?:\.lower)?=([^\x00]+)\x00")
_DICTIONARY = ("corpus", "data", "Viet74K.txt")
_TAGGED_TEXT = ("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "test_output.txt")
_CRF_MODELS = (
    ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727", "models.bin"),
    ("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "models.bin"),
)

Gram = tuple[str, ...]
Run = tuple[bool, list[str]]

# A few thousand distinct syllables repeat endlessly, so these are memoised.
_fold = lru_cache(maxsize=1 << 16)(fold)
_normal_token = lru_cache(maxsize=1 << 17)(normalise)


@dataclass
class _Stats:
    """N-gram counts of one source (lower-cased, accented) and the case they were written in."""

    counts: Counter[Gram] = field(default_factory=Counter)
    cases: dict[Gram, dict[Gram, int]] = field(default_factory=dict)
    cased: bool = True  # False: counts only

    def add(self, syllables: list[str], initial: bool = False, keys: set[Gram] | None = None) -> None:
        """Count each 1..ORDER-gram of a run (only the title's, given ``keys``); the case of a
        run's first syllable is not recorded when the run starts a sentence."""
        lowered = [s.lower() for s in syllables]
        folded = [_fold(s) for s in lowered] if keys is not None else []
        for i in range(len(syllables)):
            for n in range(1, min(ORDER, len(syllables) - i) + 1):
                if keys is not None and tuple(folded[i : i + n]) not in keys:
                    break  # keys hold every n-gram of the title, so no longer one matches
                gram = tuple(lowered[i : i + n])
                self.counts[gram] += 1
                if self.cased and not (initial and i == 0):
                    seen, surface = self.cases.setdefault(gram, {}), tuple(syllables[i : i + n])
                    seen[surface] = seen.get(surface, 0) + 1


def _runs(text: str) -> list[Run]:
    """Runs of syllables between punctuation (phrases never cross a comma or a line end),
    each marked when it starts a sentence, where a capital letter proves nothing."""
    runs = []
    for match in _RUN.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        initial = not before or "\n" in before or bool(_SENTENCE_END.search(before))
        runs.append((initial, _TOKEN.findall(match.group())))
    return runs


def _package_bytes(parts: tuple[str, ...]) -> bytes:
    """A file shipped inside underthesea, or b"" when this version lacks it."""
    try:
        return resources.files("underthesea").joinpath(*parts).read_bytes()
    except OSError:
        return b""


def _lexicon_runs(text: str) -> list[Run]:
    """:func:`_runs` of package text, normalised token by token (as ``normalise`` does),
    once per distinct token: a million tokens, but only some 30K types."""
    runs = _runs(unicodedata.normalize("NFC", text))
    return [(initial, [_normal_token(t) for t in run]) for initial, run in runs]


def _tagged_sentences() -> str:
    """Underthesea's tagged VLSP 2013 test set (a word per line) as one sentence per line."""
    lines = _package_bytes(_TAGGED_TEXT).decode("utf-8").splitlines()
    words = (line.split("\t", 1)[0].strip() for line in lines)
    return " ".join(word or "\n" for word in words)


def _crf_phrases() -> _Stats:
    """Word pairs underthesea's CRF models saw in training: a CRFsuite model keeps its
    attribute names as NUL-terminated strings, and ``T[-1,0]=tài xế`` names adjacent tokens
    of the training corpus, a wider sample of phrases than any text the package ships."""
    values = {
        value
        for parts in _CRF_MODELS
        for first, second, value in _CRF_ATTRIBUTE.findall(_package_bytes(parts))
        if not second or int(second) - int(first) == 1
    }
    stats = _Stats(cased=False)
    for _, run in _lexicon_runs("\n".join(v.decode("utf-8", "ignore") for v in sorted(values))):
        if len(run) > 1:
            stats.add(run)
    return stats


@dataclass(frozen=True)
class _Lexicon:
    """Everything general: phrase sources, word units by folded key, forms by folded syllable."""

    phrases: dict[str, _Stats]
    words: dict[Gram, dict[Gram, str]]
    forms: dict[str, frozenset[str]]
    names: _Stats  # capitalised dictionary entries and place names, for their case
    contexts: Counter[str]  # form -> number of distinct CRF word pairs it occurs in


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Built once per process: every title needs it, and it takes a couple of seconds."""
    phrases = {"text": _Stats(), "crf": _crf_phrases()}
    for initial, run in _lexicon_runs(_tagged_sentences()):
        phrases["text"].add(run, initial)
    words: dict[Gram, dict[Gram, str]] = defaultdict(dict)
    names = _Stats()
    entries = _package_bytes(_DICTIONARY).decode("utf-8").splitlines()
    for source, written in (("words", entries), ("places", admin_names())):
        for name in written:
            syllables = [_normal_token(t) for t in _TOKEN.findall(name)]
            if any(s[:1].isupper() for s in syllables):
                names.add(syllables)
            lowered = tuple(s.lower() for s in syllables)
            words[tuple(map(_fold, lowered))][lowered] = source
    forms: dict[str, set[str]] = defaultdict(set)
    for key, units in words.items():
        for unit in units:
            for folded, form in zip(key, unit, strict=True):
                forms[folded].add(form)
    for gram in phrases["text"].counts:
        forms[_fold(gram[0])].add(gram[0])
    contexts = Counter(s for gram in phrases["crf"].counts if len(gram) == 2 for s in gram)
    multi = {k: v for k, v in words.items() if 2 <= len(k) <= MAX_WORD}
    frozen = {k: frozenset(v) for k, v in forms.items()}
    return _Lexicon(phrases, multi, frozen, names, contexts)


@lru_cache(maxsize=1)
def _known_syllables() -> frozenset[str]:
    """Accent-free syllables the lexicon attests that also obey Vietnamese phonotactics."""
    return frozenset(s for s in _lexicon().forms if _SYLLABLE.fullmatch(s))


def _is_abbreviation(token: str, title: str) -> bool:
    """Numbers, vowel-less tokens ("HCM") and capitals in a mixed-case title ("UBND")."""
    if any(c.isdigit() for c in token) or not _VOWEL.search(_fold(token)):
        return True
    return len(token) > 1 and token.isupper() and not title.isupper()


def needs_restoration(title: str) -> bool:
    """True when a title has no diacritics yet reads as Vietnamese.

    Most words of an English title ("Apple iPhone 17 review") are not Vietnamese syllables,
    and a title of numbers and abbreviations has none: "restoring" those would invent words.
    Short English words that are also syllables ("the man in the moon") still fool it.
    """
    if has_diacritics(title):
        return False
    tokens = [t for t in _TOKEN.findall(title) if not _is_abbreviation(t, title)]
    vietnamese = sum(_fold(t) in _known_syllables() for t in tokens)
    return vietnamese >= 2 and vietnamese >= 0.6 * len(tokens)


class _Scorer:
    """Scores of forms and phrases for one title against one body (memoised per title)."""

    def __init__(self, body: _Stats, free: dict[str, float]) -> None:
        self.body, self.free, self.lexicon = body, free, _lexicon()
        self.body_forms: dict[str, set[str]] = defaultdict(set)
        for gram in body.counts:
            if len(gram) == 1:
                self.body_forms[_fold(gram[0])].add(gram[0])
        self._usage: dict[str, float] = {}
        self._phrase: dict[Gram, float] = {}

    def forms(self, folded: str) -> set[str]:
        return set(self.lexicon.forms.get(folded, ())) | self.body_forms.get(folded, set())

    def general(self, form: str) -> float:
        """Pseudo-count of a form in general use: lexicon-text tokens plus the distinct CRF
        pairs it occurs in (a type count, like Kneser-Ney's continuation counts: the text
        is small, the CRF pairs are many but come without frequencies)."""
        text = self.lexicon.phrases["text"].counts.get((form,), 0)
        return text + CONTEXT_WEIGHT * self.lexicon.contexts.get(form, 0) + 0.5

    def usage(self, form: str) -> float:
        """Log share of ``form`` among the forms of its spelling: body counts, with the
        general share as a prior worth BODY_PRIOR body occurrences."""
        if form not in self._usage:
            forms = self.forms(_fold(form)) | {form}
            general = self.general(form) / sum(self.general(f) for f in forms)
            in_body = sum(self.free.get(f, 0) for f in forms)
            mixed = (self.free.get(form, 0) + BODY_PRIOR * general) / (in_body + BODY_PRIOR)
            self._usage[form] = math.log(mixed)
        return self._usage[form]

    def phrase(self, gram: Gram) -> float:
        """Bonus for a 2- or 3-gram attested in the body, the lexicon text or CRF features."""
        if gram not in self._phrase:
            score = 0.0
            for name, weights in PHRASE_BONUS.items():
                stats = self.body if name == "body" else self.lexicon.phrases[name]
                count = stats.counts.get(gram, 0)
                if count:
                    score += weights[len(gram) - 2] * (math.log1p(count) if name == "text" else 1)
            self._phrase[gram] = score
        return self._phrase[gram]

    def units(self, folded: list[str], i: int) -> list[tuple[Gram, float]]:
        """Words that may start at syllable ``i``: single forms, then dictionary/place words."""
        ranked = sorted(self.forms(folded[i]), key=lambda f: (-self.usage(f), f))[:MAX_FORMS]
        out: list[tuple[Gram, float]] = [((f,), 0.0) for f in ranked or [folded[i]]]
        for n in range(2, min(MAX_WORD, len(folded) - i) + 1):
            for unit, source in self.lexicon.words.get(tuple(folded[i : i + n]), {}).items():
                out.append((unit, WORD_BONUS[source] * n))
        return out


def _free_usage(runs: list[Run], keys: set[Gram]) -> dict[str, float]:
    """Body counts of the title's syllables, an occurrence inside another word discounted:
    the body's "hành vi" says little about the "vi" of a title's "nguoi vi mau thuan"."""
    words = _lexicon().words
    free: dict[str, float] = defaultdict(float)
    for _, run in runs:
        lowered = [s.lower() for s in run]
        folded = [_fold(s) for s in lowered]
        for j, syllable in enumerate(folded):
            if (syllable,) not in keys:
                continue
            weight = 1.0
            for a in range(max(0, j - 1), min(j, len(run) - 2) + 1):
                key = tuple(folded[a : a + 2])
                if key not in keys and tuple(lowered[a : a + 2]) in words.get(key, ()):
                    weight = WORD_INTERNAL
            free[lowered[j]] += weight
    return free


def _best_forms(folded: list[str], scorer: _Scorer) -> list[str]:
    """Best cover of one run of syllables by words (DP; state: the last ORDER-1 forms)."""
    best: list[dict[Gram, tuple[float, list[str]]]] = [{} for _ in range(len(folded) + 1)]
    best[0][()] = (0.0, [])
    for i in range(len(folded)):
        units = scorer.units(folded, i)
        for state, (score, path) in best[i].items():
            for unit, bonus in units:
                total, context = score + bonus, state
                for form in unit:
                    gram = context + (form,)
                    total += scorer.usage(form) + sum(scorer.phrase(gram[k:]) for k in range(len(gram) - 1))
                    context = gram[-(ORDER - 1) :]
                end = best[i + len(unit)]
                if context not in end or total > end[context][0]:
                    end[context] = (total, path + list(unit))
    return max(best[-1].values())[1]


def _case_of(forms: list[str], i: int, body: _Stats) -> str:
    """How syllable ``i`` is written in the longest body phrase around it, else in the
    lexicon's (its single syllables last: "A" and "a" are both dictionary words)."""
    text = _lexicon().phrases["text"]
    for stats, shortest in ((body, 1), (text, 2), (_lexicon().names, 2), (text, 1)):
        for n in range(ORDER, shortest - 1, -1):
            for start in range(max(0, i - n + 1), min(i, len(forms) - n) + 1):
                seen = stats.cases.get(tuple(forms[start : start + n]))
                if seen:
                    return max(seen, key=seen.__getitem__)[i - start]
    return forms[i] if _VOWEL.search(_fold(forms[i])) else forms[i].upper()  # "tp", "mv"


def _written(token: str, forms: list[str], i: int, body: _Stats | None) -> str:
    """Form ``i`` in the case the body gives it, or (no ``body``) in the token's own case;
    the token itself when it is already accented or no form of it is known."""
    if has_diacritics(token):
        return token
    word = (
        _case_of(forms, i, body)
        if body is not None
        else "".join(a.upper() if o.isupper() else a for o, a in zip(token, forms[i], strict=False))
    )
    return word if len(word) == len(token) else token


def restore_title(title: str, body: str) -> str:
    """Return ``title`` with Vietnamese diacritics restored from ``body`` and the lexicons.

    Only letters change: punctuation, numbers, syllables already accented and the
    syllables' count and order stay. A title typed all in lower (or upper) case also gets
    the case its words have in the body (``UBND``, ``Thái Nguyên``) and a capital at its
    start and after a colon; a mixed-case title keeps its own.
    """
    title = normalise(title)
    runs = [list(_TOKEN.finditer(title, m.start(), m.end())) for m in _RUN.finditer(title)]
    folded_runs = [[_fold(t.group()) for t in run] for run in runs]
    keys = {tuple(f[i : i + n]) for f in folded_runs for i in range(len(f)) for n in range(1, ORDER + 1)}
    stats, body_runs = _Stats(), _runs(normalise(body))
    for initial, run in body_runs:
        stats.add(run, initial, keys)
    scorer = _Scorer(stats, _free_usage(body_runs, keys))
    recase = title.islower() or title.isupper()
    out, end = [], 0
    for tokens, folded in zip(runs, folded_runs, strict=True):
        forms = _best_forms(folded, scorer)
        for i, token in enumerate(tokens):
            word = _written(token.group(), forms, i, stats if recase else None)
            if recase and i == 0 and (not end or _CLAUSE_END.search(title[end : token.start()])):
                word = word[:1].upper() + word[1:]  # headlines capitalise after "Hà Nội: "
            out += [title[end : token.start()], word]
            end = token.end()
    return "".join(out) + title[end:]
