"""Suggestions while typing: entities and topics whose names start with, or contain words
starting with, what was typed, accents ignored ("mo che" finds "Mỏ Chè").

The ask and search boxes call ``/api/suggest`` on every pause in typing, so an answer must
take a few milliseconds, not a query of the store: :class:`SuggestIndex` is built once per
store generation (:func:`web.memo.per_generation`) from the read layer's entity index
(:func:`kg.read.reader`, which already holds every entity's names, class and mention count)
and the ontology's topics. It keeps two sorted lists, every name folded (accent-free, lower
case, words joined by one space) and every word of every name, so each lookup is a binary
search for a prefix range instead of a scan.

Ranking: a name equal to what was typed first, then names starting with it, then names
holding the words typed one after the other (``cong`` finds ``Sông Công``), then names holding
them anywhere; within each, the most mentioned first. When the query carries diacritics, names
spelt with them come before those that only match accent-free (``Chè`` puts ``Mỏ Chè`` before ``Mỏ Chẽ``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from heapq import nsmallest

from kg.errors import BadQuery
from kg.kb import KnowledgeBase
from kg.namespaces import KG, local_name, sparql_prefixes
from kg.numbers import format_number
from kg.read import reader
from kg.text import has_diacritics
from search.snippets import fold_text, same_marks

from .memo import per_generation
from .terms import path_of

MAX_SUGGEST_QUERY = 100  # characters: nobody types a longer name; longer is a mistake or an attack
DEFAULT_LIMIT, MAX_LIMIT = 8, 50
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_END = "\U0010ffff"  # sorts after every folded prefix continuation


@dataclass(frozen=True)
class Suggestion:
    """One thing to suggest: an entity or a topic, with where choosing it goes.

    Attributes:
        label: its display label.
        type: its class local name (``Province``, ``Company``...) or ``Topic``.
        iri: its IRI.
        mentions: how many mentions name it (entities) or statements are about it (topics).
        documents: how many documents name it (0 for topics).
        path: its local page (entity page, or topic page).
        kind: ``entity`` or ``topic``.
        type_label, type_label_en: the class's name for people (Vietnamese, English).
        label_en: its English label, or None.
        matched: the name that matched when the label does not hold it (an alias, an abbreviation).
        mentions_display: ``mentions`` written the Vietnamese way (``1.234``; made by
            :meth:`to_dict`, for the few suggestions shown: formatting every entity's count
            took a third of building the index).
    """

    label: str
    type: str
    iri: str
    mentions: int
    documents: int
    path: str | None
    kind: str
    type_label: str
    type_label_en: str
    label_en: str | None = None
    matched: str | None = None

    def to_dict(self) -> dict:
        return {**asdict(self), "mentions_display": format_number(self.mentions)}


@dataclass(frozen=True)
class _Name:
    entry: int  # index into SuggestIndex.entries
    text: str  # as written


def words(text: str) -> tuple[str, ...]:
    """The folded words of ``text`` (``"KCN Sông Công 2"`` -> ``("kcn", "song", "cong", "2")``)."""
    return tuple(_WORD.findall(fold_text(text)))


class SuggestIndex:
    """Every entity and topic name, sorted for prefix lookups (see the module docstring)."""

    def __init__(self, entries: list[Suggestion], names: list[tuple[int, str]]):
        self.entries = tuple(entries)
        self.names = tuple(_Name(entry, text) for entry, text in names)
        order = sorted(
            range(len(entries)),
            key=lambda i: (-entries[i].mentions, -entries[i].documents, entries[i].label.casefold(), entries[i].iri),
        )
        rank = {entry: position for position, entry in enumerate(order)}
        # Sort key of each name inside a tier (one int: compared fast in bulk): its entity's
        # rank, then the label before aliases.
        self._order = [2 * rank[n.entry] + (n.text != entries[n.entry].label) for n in self.names]
        split = [words(n.text) for n in self.names]
        self._phrases = [" ".join(w) for w in split]
        full = sorted((phrase, i) for i, phrase in enumerate(self._phrases))
        self._full_keys = [k for k, _ in full]
        self._full_ids = [i for _, i in full]
        parts = sorted((w, i) for i, ws in enumerate(split) for w in set(ws))
        self._word_keys = [w for w, _ in parts]
        self._word_ids = [i for _, i in parts]

    def __len__(self) -> int:
        return len(self.entries)

    def _range(self, keys: list[str], ids: list[int], prefix: str, whole: bool = False) -> list[int]:
        lo = bisect_left(keys, prefix)
        hi = bisect_right(keys, prefix, lo) if whole else bisect_left(keys, prefix + _END, lo)
        return ids[lo:hi]

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
        """The best ``limit`` suggestions for ``query`` (see the module docstring).

        Tiers: 0 the whole name, 1 the start of a name, 2 consecutive words inside a name,
        3 every word somewhere in one name; the words typed before the last must be whole
        words, the last may be the start of one (``thai ng`` finds ``Thái Nguyên``).
        """
        typed = words(query)
        if not typed:
            return []
        phrase = " ".join(typed)
        tiers = {
            name: 0 if self._phrases[name] == phrase and len(phrase) > 1 else 1
            for name in self._range(self._full_keys, self._full_ids, phrase)
        }
        found = set(self._range(self._word_keys, self._word_ids, typed[-1]))
        for word in set(typed[:-1]):
            if not found:
                break
            found &= set(self._range(self._word_keys, self._word_ids, word, whole=True))
        inside = " " + phrase
        for name in found - tiers.keys():  # one word typed: every match starts a word, tier 2
            tiers[name] = 2 if len(typed) == 1 or inside in " " + self._phrases[name] else 3
        return self._rank(tiers, query, limit)

    def _rank(self, tiers: dict[int, int], query: str, limit: int) -> list[Suggestion]:
        # The few best by tier and rank first (a one-letter query matches thousands of names),
        # then the query's diacritics decide among them.
        order, step = self._order, 2 * len(self.entries) + 2
        head = nsmallest(limit * 8, tiers, key=lambda name: tiers[name] * step + order[name])
        accented = [w for w in _WORD.findall(query) if has_diacritics(w)]
        best: dict[int, tuple] = {}
        for name in head:
            n = self.names[name]
            spelt = not accented or _spelt(n.text, accented)
            key = (tiers[name], not spelt, self._order[name])
            if n.entry not in best or key < best[n.entry][0]:
                best[n.entry] = (key, n.text)
        ranked = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        out = []
        for entry_id, (_, text) in ranked:
            entry = self.entries[entry_id]
            shown = " ".join(words(text)) in " ".join(words(entry.label))  # "Mỏ Chè" in "Phường Mỏ Chè"
            out.append(entry if shown else _with_match(entry, text))
        return out


def _spelt(name: str, accented: list[str]) -> bool:
    """Every accented word typed is the start of a word of ``name`` with the same marks."""
    have = _WORD.findall(name)
    return all(any(same_marks(w[: len(a)], a) for w in have) for a in accented)


def _with_match(entry: Suggestion, text: str) -> Suggestion:
    return Suggestion(**{**asdict(entry), "matched": text})


def check_suggest_query(value: str | None) -> str:
    """The ``q`` of ``/api/suggest``: required, at most :data:`MAX_SUGGEST_QUERY` characters,
    no control characters; BadQuery (a one-line 400) otherwise."""
    value = (value or "").strip()
    if not value:
        raise BadQuery("missing parameter 'q': give the start of a name, e.g. ?q=song+cong")
    if len(value) > MAX_SUGGEST_QUERY:
        raise BadQuery(
            f"parameter 'q' is {len(value):,} characters long; suggestions take at most "
            f"{MAX_SUGGEST_QUERY} (the start of a name)"
        )
    if _CONTROL.search(value):
        raise BadQuery("parameter 'q' holds control characters; type a name")
    return value


def check_limit(raw: str | None) -> int:
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise BadQuery(f"limit must be a whole number between 1 and {MAX_LIMIT}, got {str(raw)[:20]!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def suggest_index(kb: KnowledgeBase) -> SuggestIndex:
    """The suggestion index of ``kb``'s current generation (built on first use)."""
    return per_generation(kb, "suggest", lambda: build_index(kb))


def build_index(kb: KnowledgeBase) -> SuggestIndex:
    """Every entity of the read layer's index and every topic, with all their names."""
    read = reader(kb)
    entries: list[Suggestion] = []
    names: list[tuple[int, str]] = []
    classes: dict[str | None, tuple[str, str]] = {}

    def class_label(name: str | None) -> tuple[str, str]:
        if name not in classes:
            term = read.term(KG[name]) if name and name in KG.__annotations__ else None
            classes[name] = (term.label, term.label_en or term.name) if term else (name or "", name or "")
        return classes[name]

    for info in read.entities().values():
        vi, en = class_label(info.type)
        entries.append(
            Suggestion(
                info.label,
                info.type or "",
                info.iri,
                info.mentions,
                info.documents,
                path_of(kb.iris, info.iri),
                "entity",
                vi,
                en,
                info.label_en,
            )
        )
        names += [(len(entries) - 1, text) for text in dict.fromkeys((info.label, *info.names)) if words(text)]
    counts = topic_counts(kb)
    for term in read.vocabulary().values():
        if "topic" not in term.kinds:
            continue
        count = counts.get(term.iri, 0)
        entries.append(
            Suggestion(
                term.label,
                "Topic",
                term.iri,
                count,
                0,
                f"/browse/topic/{local_name(term.iri)}",
                "topic",
                "Chủ đề",
                "Topic",
                term.label_en,
            )
        )
        names += [
            (len(entries) - 1, text)
            for text in dict.fromkeys([term.label, *(n.text for n in term.names)])
            if words(text)
        ]
    return SuggestIndex(entries, names)


def topic_counts(kb: KnowledgeBase) -> dict[str, int]:
    """Proposals and directives about each topic (``dcterms:subject``), by topic IRI."""
    rows = kb.store.query(
        sparql_prefixes()
        + """SELECT ?t (COUNT(DISTINCT ?st) AS ?n) WHERE {
        ?st dcterms:subject ?t . VALUES ?type { kg:Proposal kg:Directive } ?st a ?type } GROUP BY ?t"""
    )
    return {str(r["t"]): int(r["n"]) for r in rows}


def suggest(kb: KnowledgeBase, query: str, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Suggestions for ``query`` as dicts (the ``suggestions`` of ``/api/suggest``)."""
    return [s.to_dict() for s in suggest_index(kb).search(query, limit)]
