"""The names a question can use, read from the graph: entities, classes and topics.

A question is matched against three vocabularies that all come from the store, so the
answerer knows every entity, class and topic the graph holds and nothing else:

* entities: ``rdfs:label`` and ``skos:altLabel`` of every entity (statements, observations
  and text spans excluded), plus English forms of Vietnamese designators ("Phường Mỏ Chè"
  is also "Mỏ Chè ward"; "Đường tỉnh 262" is also "provincial road 262");
* classes: the ontology's bilingual ``rdfs:label`` / ``skos:altLabel`` ("đề xuất",
  "proposal", "phường", "wards");
* topics: the SKOS concept labels (pref, alt and hidden; Vietnamese and English).

Matching is on folded tokens (no diacritics, no case), so "de xuat ve giao thong" finds the
same names as "đề xuất về giao thông"; the longest phrase wins, leftmost first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.namespaces import local_name, sparql_prefixes
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
    "phuong": ("ward",), "xa": ("commune",), "thi tran": ("township", "town"),
    "thanh pho": ("city",), "tp": ("city",), "thi xa": ("town",), "huyen": ("district",),
    "quan": ("district",), "tinh": ("province",),
    "khu cong nghiep": ("industrial park", "industrial zone"), "kcn": ("industrial park", "industrial zone"),
    "cum cong nghiep": ("industrial cluster",), "ccn": ("industrial cluster",),
    "duong tinh": ("provincial road",), "dt": ("provincial road",), "tinh lo": ("provincial road",),
    "quoc lo": ("national highway", "highway"), "ql": ("national highway", "highway"),
    "vanh dai": ("ring road",), "duong vanh dai": ("ring road",), "cao toc": ("expressway",),
    "duong cao toc": ("expressway",), "duong": ("street", "road"),
}
SKIPPED_TYPES = ("Proposal", "Directive", "Observation")  # named by long sentences, not names
ABSTRACT_CLASSES = ("Entity", "TextSpan", "Sentence", "Mention")


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
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> display label
    types: dict[str, str] = field(default_factory=dict)  # IRI -> class local name
    label_texts: dict[str, str] = field(default_factory=dict)  # IRI -> "label (English label)", to embed
    topics: dict[str, Name] = field(default_factory=dict)  # topic IRI -> its name
    weights: dict[str, float] = field(default_factory=dict)  # entity IRI -> mentions in the store

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
                names = self.phrases.get(tuple(words[i:i + length]))
                if names and length == 1:
                    names = self._one_word(names, question[spans[i][1]:spans[i][2]], accented)
                if names:
                    text = question[spans[i][1]:spans[i + length - 1][2]]
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
    for size in (3, 2, 1):
        head = " ".join(folded[:size])
        if len(words) > size and head in DESIGNATORS:
            rest = " ".join(words[size:])
            for english in DESIGNATORS[head]:
                out += [f"{rest} {english}", f"{english} {rest}"]
            break
    return out


def build(store) -> Lexicon:
    """The lexicon of everything ``store`` names (one pass of three SPARQL queries)."""
    lexicon = Lexicon()
    _add_classes(lexicon, store)
    _add_topics(lexicon, store)
    _add_entities(lexicon, store)
    return lexicon


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _add_classes(lexicon: Lexicon, store) -> None:
    rows = store.query(sparql_prefixes() + """
        SELECT ?c ?l WHERE { ?c a owl:Class ; rdfs:label|skos:altLabel ?l .
                             FILTER (STRSTARTS(STR(?c), STR(kg:))) }""")
    for row in rows:
        iri, label = str(row["c"]), str(row["l"])
        name = local_name(iri)
        if name in ABSTRACT_CLASSES:
            continue
        # Each part of a two-part label ("Đề xuất, kiến nghị") is also an alt label of its own.
        for form in [label] + ([_plural(label)] if getattr(row["l"], "language", None) == "en" else []):
            lexicon.add(form, Name("class", iri, name, name))


def _add_topics(lexicon: Lexicon, store) -> None:
    rows = store.query(sparql_prefixes() + """
        SELECT ?t ?l ?pref WHERE { ?t a skos:Concept ; skos:prefLabel ?pref ;
            skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l . FILTER (LANG(?pref) = "en") }""")
    for row in rows:
        iri, label = str(row["t"]), str(row["l"])
        name = Name("topic", iri, "Concept", str(row["pref"]))
        lexicon.add(label, name)
        if getattr(row["l"], "language", None) == "en" and " " not in label:
            lexicon.add(_plural(label.lower()), name)
        lexicon.labels[iri] = str(row["pref"])
        lexicon.topics[iri] = name
        lexicon.types[iri] = "Concept"


def entity_names(store) -> tuple[dict[str, str], dict[str, list]]:
    """Class (local name) and names (rdfs:label and skos:altLabel literals) of every entity.

    Two single-pattern DISTINCT queries joined here rather than one query joined in SPARQL:
    an entity's description is repeated in the graph of every document that names it, and
    Oxigraph 0.5 returns the union default graph with those repeats, so a join of several
    patterns on one entity multiplies rows by the number of documents at each step.
    """
    skipped = ", ".join(f"kg:{t}" for t in (*SKIPPED_TYPES, "Document", "Sentence", "Mention"))
    types = {str(r["x"]): local_name(str(r["c"])) for r in store.query(sparql_prefixes() + f"""
        SELECT DISTINCT ?x ?c WHERE {{ ?x a ?c .
          FILTER (STRSTARTS(STR(?c), STR(kg:)) && ?c NOT IN ({skipped}) && !isBlank(?x)) }}""")}
    names: dict[str, list] = defaultdict(list)
    for row in store.query(sparql_prefixes() + """
            SELECT DISTINCT ?x ?l ?pref WHERE { ?x rdfs:label|skos:altLabel ?l .
              BIND (EXISTS { ?x rdfs:label ?l } AS ?pref) FILTER (isLiteral(?l)) }"""):
        iri = str(row["x"])
        if iri in types:
            names[iri].append((row["l"], str(row["pref"]) == "true"))
    return types, names


def _add_entities(lexicon: Lexicon, store) -> None:
    weights = {str(r["x"]): int(r["n"]) for r in store.query(sparql_prefixes() + """
        SELECT ?x (COUNT(?m) AS ?n) WHERE { ?m kg:refersTo ?x } GROUP BY ?x""")}
    types, names = entity_names(store)
    for iri, literals in names.items():
        preferred = [str(lit) for lit, pref in literals if pref and getattr(lit, "language", None) != "en"]
        label = min(preferred) if preferred else str(literals[0][0])
        english = [str(lit) for lit, pref in literals if pref and getattr(lit, "language", None) == "en"]
        name = Name("entity", iri, types[iri], label, float(weights.get(iri, 0)))
        lexicon.labels[iri] = label
        lexicon.types[iri] = types[iri]
        lexicon.weights[iri] = name.weight
        if english:
            lexicon.label_texts[iri] = f"{label} ({english[0]})"
        for literal, _ in literals:
            alias = str(literal)
            plain = _PARENTHESES.sub("", alias).strip()  # "poverty rate (share of poor households)"
            for form in {alias, plain, *english_variants(alias)}:
                lexicon.add(form, name)
