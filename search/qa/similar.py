"""Slots that words leave open, filled by word overlap and embedding similarity.

Questions name indicators loosely ("the trade–services share", "average income") and often
not in the exact words of the graph's labels. When no label matched exactly, the words the
question has left (its cues and entity names taken out) are compared with every name of
every indicator of the graph: the best word overlap wins when it covers most of both, else
the nearest embedding (Vietnamese and English labels, embedded once per lexicon) when it
clearly stands out. Measured on the corpus: e5-small similarity alone picked a wrong
indicator for most loose English phrasings, so it only decides when words say nothing.
Topics use the concept definitions already embedded by :mod:`kg.extract.topics`. Slots
filled this way are reported as guessed, and lower the answer's confidence.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from kg.embeddings import Encoder

from .lexicon import Lexicon, Name, tokens

# Calibrated on the e5 model: a guessed indicator must be this similar in absolute terms and
# stand this many standard deviations above the average indicator.
MIN_SIMILARITY = 0.84
MIN_Z = 3.0
MIN_TOPIC_Z = 2.5
MIN_OVERLAP = 0.6  # share of an indicator name's content words that the question has
FUNCTION_WORDS = frozenset(
    "the a an of in on for to and or is are was were what which how much many did do does there by with "
    "cua la bao nhieu nao gi nhu nam o tai va voi cho ve".split()
)


def stem(word: str) -> str:
    """A crude English stem, enough to meet "grow"/"growth", "rates"/"rate" (Vietnamese
    syllables do not inflect and pass through unchanged: none ends like this)."""
    for suffix in ("ing", "th", "es", "s", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and word.isascii():
            return word[: -len(suffix)]
    return word


class Similar:
    """Nearest indicator / topic to a question, with one encoder."""

    def __init__(self, lexicon: Lexicon, encoder: Encoder) -> None:
        self.encoder = encoder
        self.lexicon = lexicon
        self.indicators: list[Name] = []
        self.words: dict[str, list[frozenset[str]]] = defaultdict(list)  # indicator IRI -> its names' words
        for phrase, names in lexicon.phrases.items():
            for name in names:
                if name.kind == "entity" and name.type == "Indicator":
                    self.words[name.iri].append(frozenset(map(stem, phrase)) - FUNCTION_WORDS)
        texts: list[str] = []
        seen = set()
        for names in lexicon.phrases.values():
            for name in names:
                if name.kind == "entity" and name.type == "Indicator" and name.iri not in seen:
                    seen.add(name.iri)
                    self.indicators.append(name)
                    texts.append(lexicon.label_texts.get(name.iri, name.label))
        self.matrix = encoder.encode_passages(texts) if texts else np.zeros((0, 1), dtype=np.float32)

    def indicator(self, question: str) -> Name | None:
        """The graph's indicator nearest to ``question``, or None when none stands out."""
        if len(self.indicators) == 0:
            return None
        rest = self.rest(question)
        if rest:
            best = max(self.indicators, key=lambda n: (self.overlap(rest, n.iri), n.weight))
            if self.overlap(rest, best.iri) >= MIN_OVERLAP:
                return best
        sims = self.encoder.encode_queries([" ".join(sorted(rest)) or question])[0] @ self.matrix.T
        nearest = int(np.argmax(sims))
        z = (sims[nearest] - sims.mean()) / (sims.std() + 1e-9) if len(sims) > 2 else MIN_Z
        return self.indicators[nearest] if sims[nearest] >= MIN_SIMILARITY and z >= MIN_Z else None

    def rest(self, question: str) -> frozenset[str]:
        """Content words of ``question`` outside its cue phrases and entity names."""
        words = tokens(question)
        taken = {
            i
            for m in self.lexicon.match(question)
            if any(n.kind in ("cue", "entity") for n in m.names)
            for i in range(m.start, m.end)
        }
        return frozenset(stem(w) for i, w in enumerate(words) if i not in taken and not w.isdigit()) - FUNCTION_WORDS

    def overlap(self, rest: frozenset[str], iri: str) -> float:
        """How much of one of the indicator's names the question's words cover (best name).

        Coverage of the name, not F1: a question carries words of its own ("what was the target
        for …") that say nothing against the indicator. Two shared words at least: one shared
        "rate" does not make the unemployment rate the poverty rate.
        """
        best = 0.0
        for words in self.words.get(iri, ()):
            common = len(rest & words)
            if words and (common >= 2 or (common and len(words) == 1)):
                best = max(best, common / len(words))
        return best

    def topic(self, question: str) -> str | None:
        """Local name of the topic nearest to ``question``, or None when none stands out."""
        from kg.extract.topics import embedding_scores

        scores = embedding_scores([question], self.encoder)[0]
        name, z = max(scores.items(), key=lambda kv: kv[1])
        return name if z >= MIN_TOPIC_Z else None
