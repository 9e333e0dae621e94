"""The names a question can use, read from the graph: entities, classes and topics.

A question is matched against three vocabularies that all come from the store through its
read layer (:mod:`kg.read`), so the answerer knows every entity, class and topic the graph
holds, by the same names pages show, and nothing else:

* entities: every label and alias of the entity index (statements, observations and text
  spans are not entities), plus English forms of Vietnamese designators ("Phường Mỏ Chè"
  is also "Mỏ Chè ward"; "Đường tỉnh 262" is also "provincial road 262");
* classes: the ontology's bilingual labels and alt labels ("đề xuất", "proposal",
  "phường", "wards");
* topics: the SKOS concept labels (pref, alt and hidden; Vietnamese and English).

Matching is on folded tokens (no diacritics, no case), so "de xuat ve giao thong" finds the
same names as "đề xuất về giao thông"; the longest phrase wins, leftmost first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.namespaces import KG
from kg.read import EntityInfo, GraphReader, Term
from kg.read.labels import ALT_LABEL, HIDDEN_LABEL, LABEL, PREF_LABEL
from kg.text import fold, has_diacritics

MAX_PHRASE = 14  # tokens; longer names are matched by their first 14 tokens
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# Roman numerals in names ("KCN Sông Công II") compare equal to their digits. Applied to the
# question and to every name alike, so a Vietnamese word that looks like one ("vi") is harmless.
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
# Vietnamese designators and their English names, for English questions about Vietnamese
# names. Generic vocabulary of administrative and infrastructure naming, not names.
DESIGNATORS = {
    "phuong": ("ward",),
    "xa": ("commune",),
    "thi tran": ("township", "town"),
    "thanh pho": ("city",),
    "tp": ("city",),
    "thi xa": ("town",),
    "huyen": ("district",),
    "quan": ("district",),
    "tinh": ("province",),
    "khu cong nghiep": ("industrial park", "industrial zone"),
    "kcn": ("industrial park", "industrial zone"),
    "cum cong nghiep": ("industrial cluster",),
    "ccn": ("industrial cluster",),
    "duong tinh": ("provincial road",),
    "dt": ("provincial road",),
    "tinh lo": ("provincial road",),
    "quoc lo": ("national highway", "highway"),
    "ql": ("national highway", "highway"),
    "vanh dai": ("ring road",),
    "duong vanh dai": ("ring road",),
    "cao toc": ("expressway",),
    "duong cao toc": ("expressway",),
    "duong": ("street", "road"),
    # works and projects: "Regent Phu Quoc project", "Dai Ngai bridge", "Long Thanh international airport"
    "du an": ("project",),
    "cong trinh": ("project", "works"),
    "cau": ("bridge",),
    "cau vuot": ("overpass",),
    "ham": ("tunnel",),
    "san bay": ("airport",),
    "cang hang khong quoc te": ("international airport", "airport"),
    "cang hang khong": ("airport",),
    "cang bien": ("seaport", "port"),
    "cang": ("port",),
    "duong sat do thi": ("urban railway", "metro line"),
    "duong sat": ("railway",),
    "tuyen metro": ("metro line",),
    "khu do thi moi": ("new urban area", "urban area"),
    "khu do thi": ("urban area",),
    "nha may nhiet dien": ("thermal power plant", "power plant"),
    "nha may thuy dien": ("hydropower plant",),
    "nha may": ("plant", "factory"),
    "thuy dien": ("hydropower plant",),
    "benh vien": ("hospital",),
    "ho chua": ("reservoir",),
    "ho": ("lake", "reservoir"),
    "nut giao": ("interchange",),
}
SKIPPED_TYPES = ("Proposal", "Directive", "Observation")  # named by long sentences, not names
ABSTRACT_CLASSES = ("Entity", "TextSpan", "Sentence", "Mention")
_KG = str(KG._NS)


def tokens(text: str) -> list[str]:
    """Folded word and number tokens: ``"ĐT262 (Thái Nguyên)"`` -> ``["dt", "262", "thai", "nguyen"]``."""
    return [_ROMAN.get(t, t) for t in _TOKEN.findall(fold(text))]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Like :func:`tokens`, with each token's character offsets in ``text``."""
    return [(_ROMAN.get(m.group(), m.group()), m.start(), m.end()) for m in _TOKEN.finditer(fold(text))]


@dataclass(frozen=True)
class Name:
    """One thing a phrase can denote."""

    kind: str  # "entity", "class" or "topic"
    iri: str
    type: str  # class local name ("Ward"; "Concept" for topics; the class itself for classes)
    label: str  # preferred display label
    weight: float = 0.0  # how prominent: mentions in the store (entities)


@dataclass(frozen=True)
class Match:
    """A phrase of the question and everything it may denote."""

    start: int  # token positions in the question
    end: int
    text: str  # the question's own words
    names: tuple[Name, ...]

    def of_kind(self, kind: str) -> tuple[Name, ...]:
        return tuple(n for n in self.names if n.kind == kind)


@dataclass
class Lexicon:
    """Phrase (folded token tuple) -> the names it may denote."""

    phrases: dict[tuple[str, ...], list[Name]] = field(default_factory=lambda: defaultdict(list))
    exact: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))  # with diacritics
    label_texts: dict[str, str] = field(default_factory=dict)  # IRI -> "label (English label)", to embed
    topics: dict[str, Name] = field(default_factory=dict)  # topic IRI -> its name

    def topic_name(self, iri: str) -> Name | None:
        return self.topics.get(iri)

    def add(self, phrase: str, name: Name) -> None:
        key = tuple(tokens(phrase))[:MAX_PHRASE]
        if key and name not in self.phrases[key]:
            self.phrases[key].append(name)
        if len(key) == 1:
            self.exact[key].add(phrase.lower())

    def match(self, question: str) -> list[Match]:
        """Longest-leftmost phrases of ``question`` that name something.

        A one-word entity name counts only when the question capitalises it ("Hà Nội" yes,
        "hà" no), and a one-word name in a question written with diacritics must match them
        ("liên quan" is not "quận"): one-syllable names collide with ordinary words.
        """
        accented = has_diacritics(question)
        spans = token_spans(question)
        words = [t for t, _, _ in spans]
        out, i = [], 0
        while i < len(words):
            for length in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                names = self.phrases.get(tuple(words[i : i + length]))
                if names and length == 1:
                    names = self._one_word(names, question[spans[i][1] : spans[i][2]], accented)
                if names:
                    text = question[spans[i][1] : spans[i + length - 1][2]]
                    out.append(Match(i, i + length, text, tuple(names)))
                    i += length
                    break
            else:
                i += 1
        return out

    def _one_word(self, names: list[Name], word: str, accented: bool) -> list[Name]:
        if accented and word.lower() not in self.exact[tuple(tokens(word))]:
            return []
        return names if word[:1].isupper() else [n for n in names if n.kind != "entity"]


def english_variants(label: str) -> list[str]:
    """English forms of a Vietnamese designated name: "Phường Mỏ Chè" -> "Mỏ Chè ward", "ward Mỏ Chè"."""
    words = label.split()
    folded = [fold(w) for w in words]
    out = []
    for size in (5, 4, 3, 2, 1):
        head = " ".join(folded[:size])
        if len(words) > size and head in DESIGNATORS:
            rest = " ".join(words[size:])
            inner = english_variants(rest)  # "Dự án Khu đô thị Golden Hills" -> "Golden Hills urban area project"
            for english in DESIGNATORS[head]:
                out += [f"{rest} {english}", f"{english} {rest}", *(f"{v} {english}" for v in inner[::2])]
            out += inner[::2]  # "the Golden Hills urban area" names the project too
            break
    return out


def build(read: GraphReader) -> Lexicon:
    """The lexicon of everything the graph names, from its read layer.

    Args:
        read: the knowledge base's :class:`kg.read.GraphReader` (entity index and vocabulary).
    """
    lexicon = Lexicon()
    vocabulary = read.vocabulary().values()
    _add_classes(lexicon, vocabulary)
    _add_topics(lexicon, vocabulary)
    _add_entities(lexicon, read.entities().values())
    return lexicon


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _add_classes(lexicon: Lexicon, vocabulary: Iterable[Term]) -> None:
    for term in vocabulary:
        if "class" not in term.kinds or not term.iri.startswith(_KG) or term.name in ABSTRACT_CLASSES:
            continue
        name = Name("class", term.iri, term.name, term.name)
        for label in term.names:
            if label.prop in (LABEL, ALT_LABEL):
                for form in [label.text] + ([_plural(label.text)] if label.lang == "en" else []):
                    lexicon.add(form, name)


def _add_topics(lexicon: Lexicon, vocabulary: Iterable[Term]) -> None:
    """Topics by every SKOS label, shown by their English preferred label."""
    for term in vocabulary:
        english = sorted(n.text for n in term.names if n.prop == PREF_LABEL and n.lang == "en")
        if "topic" not in term.kinds or not english:
            continue
        name = Name("topic", term.iri, "Concept", english[0])
        for label in term.names:
            if label.prop in (PREF_LABEL, ALT_LABEL, HIDDEN_LABEL):
                lexicon.add(label.text, name)
                if label.lang == "en" and " " not in label.text:
                    lexicon.add(_plural(label.text.lower()), name)
        lexicon.topics[term.iri] = name


def _add_entities(lexicon: Lexicon, entities: Iterable[EntityInfo]) -> None:
    """Entities by every label and alias (and English forms of designated names), shown by
    the entity index's label; statements and figures are named by sentences, not names."""
    for info in entities:
        if info.type in SKIPPED_TYPES or not info.names:
            continue
        name = Name("entity", info.iri, info.type or "", info.label, float(info.mentions))
        if info.label_en:
            lexicon.label_texts[info.iri] = f"{info.label} ({info.label_en})"
        for alias in info.names:
            plain = _PARENTHESES.sub("", alias).strip()  # "poverty rate (share of poor households)"
            for form in {alias, plain, *english_variants(alias)}:
                lexicon.add(form, name)
