"""Passages: windows of consecutive sentences, read from a document's named graph.

Embedding is the slow step (the bundled e5-small embeds roughly 1,100 tokens per second on
2 cores, whatever the passage length, and slows down past ~200 tokens), so a document is
cut into windows that do not overlap: every token is embedded exactly once. A window packs
whole sentences up to :data:`WINDOW_CHARS` characters (about 130 tokens: short enough for
e5's sweet spot and for a readable snippet, long enough to carry context) and prefers to
end at a paragraph break. The index holds, per passage, its offsets into the document text,
the entities mentioned in it (``kg:Mention``) and the kinds and topics of the statements
read from it, so a hit can show evidence and linked entities and be filtered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from kg.catalog import DocInfo
from kg.namespaces import KG, local_name, sparql_prefixes
from kg.read import EntityInfo
from kg.store import Store

WINDOW_CHARS = 480
_MIN_BEFORE_BREAK = WINDOW_CHARS // 2  # a paragraph break ends a window this full
_KG = str(KG._NS)


@dataclass
class Passage:
    """One window of sentences of one document (a row of the index)."""

    id: str
    doc: str
    start: int
    end: int
    sentences: tuple[int, int]
    text: str
    segmented: str
    entities: list[tuple[str, str, str]] = field(default_factory=list)  # (iri, label, type)
    kinds: list[str] = field(default_factory=list)  # Proposal, Directive, Observation
    topics: list[str] = field(default_factory=list)  # topic IRIs, broader ones included

    def record(self) -> dict:
        data = asdict(self)
        data["sentences"] = list(self.sentences)
        return data

    @classmethod
    def from_record(cls, data: dict) -> Passage:
        data = dict(data)
        data["sentences"] = tuple(data["sentences"])
        data["entities"] = [tuple(e) for e in data["entities"]]
        return cls(**data)


@dataclass(frozen=True)
class _Sentence:
    index: int
    start: int
    end: int
    segmented: str


def windows(sentences: list[_Sentence], text: str, limit: int = WINDOW_CHARS) -> list[list[_Sentence]]:
    """Group consecutive sentences into windows of at most ``limit`` characters.

    A sentence longer than the limit is a window of its own; a window at least half full
    ends at a paragraph break.
    """
    groups: list[list[_Sentence]] = []
    for sent in sentences:
        current = groups[-1] if groups else None
        if current:
            size = sent.end - current[0].start
            at_break = "\n" in text[current[-1].end : sent.start]
            full = current[-1].end - current[0].start
            if size <= limit and not (at_break and full >= _MIN_BEFORE_BREAK):
                current.append(sent)
                continue
        groups.append([sent])
    return groups


def read_passages(
    store: Store,
    doc: DocInfo,
    broader: dict[str, set[str]] | None = None,
    entities: Mapping[str, EntityInfo] | None = None,
) -> list[Passage]:
    """The passages of one stored document, with their entities, kinds and topics.

    Args:
        broader: every topic's broader topics (:func:`topic_ancestors`).
        entities: the entity index (:meth:`kg.read.GraphReader.entities`), which names the
            entities mentioned; unknown ones are named by their IRI's local name.
    """
    graph, text = _document_graph(store, doc.doc_id)
    if graph is None:
        return []
    sentences = _sentences(store, graph)
    facts = _facts(store, graph, broader or {}, entities or {})
    out = []
    for n, group in enumerate(windows(sentences, text)):
        first, last = group[0], group[-1]
        indices = range(first.index, last.index + 1)
        named = {e: None for i in indices for e in facts["entities"].get(i, ())}
        kinds = {k: None for i in indices for k in facts["kinds"].get(i, ())}
        topics = {t: None for i in indices for t in facts["topics"].get(i, ())}
        out.append(
            Passage(
                id=f"{doc.doc_id}:{n}",
                doc=doc.doc_id,
                start=first.start,
                end=last.end,
                sentences=(first.index, last.index),
                text=text[first.start : last.end],
                segmented=" ".join(s.segmented for s in group),
                entities=list(named),
                kinds=list(kinds),
                topics=list(topics),
            )
        )
    return out


def _document_graph(store: Store, doc_id: str) -> tuple[str | None, str]:
    """The document's named graph and text, found by its id (whatever base IRI the store
    was built with, so a store moved to another ``KG_BASE_IRI`` still indexes)."""
    rows = store.query(
        sparql_prefixes()
        + f"""
        SELECT ?g ?text WHERE {{ GRAPH ?g {{
          ?d a kg:Document ; dcterms:identifier {json.dumps(doc_id)} ; schema:text ?text }} }}"""
    )
    return (str(rows[0]["g"]), str(rows[0]["text"])) if rows else (None, "")


def _sentences(store: Store, graph: str) -> list[_Sentence]:
    rows = store.query(
        sparql_prefixes()
        + f"""
        SELECT ?i ?start ?end ?seg ?text WHERE {{ GRAPH <{graph}> {{
          ?s a kg:Sentence ; kg:sentenceIndex ?i ; kg:startOffset ?start ; kg:endOffset ?end ;
             schema:text ?text .
          OPTIONAL {{ ?s kg:segmentedText ?seg }}
        }} }} ORDER BY ?i"""
    )
    return [_Sentence(int(r["i"]), int(r["start"]), int(r["end"]), str(r["seg"] or r["text"])) for r in rows]


def _facts(
    store: Store, graph: str, broader: dict[str, set[str]], entities: Mapping[str, EntityInfo]
) -> dict[str, dict[int, list]]:
    """Per sentence index: mentioned entities (named by the entity index), statement kinds,
    statement topics."""
    facts: dict[str, dict[int, list]] = {"entities": {}, "kinds": {}, "topics": {}}
    for r in store.query(
        sparql_prefixes()
        + f"""
        SELECT DISTINCT ?i ?e WHERE {{ GRAPH <{graph}> {{
          ?m a kg:Mention ; kg:inSentence ?s ; kg:refersTo ?e . ?s kg:sentenceIndex ?i . }}
        }} ORDER BY ?i ?e"""
    ):
        info = entities.get(str(r["e"]))
        entry = (str(r["e"]), info.label, info.type or "") if info else (str(r["e"]), local_name(r["e"]), "")
        facts["entities"].setdefault(int(r["i"]), []).append(entry)
    for r in store.query(
        sparql_prefixes()
        + f"""
        SELECT ?i ?kind ?topic WHERE {{ GRAPH <{graph}> {{
          ?st prov:wasDerivedFrom ?s ; a ?kind . ?s kg:sentenceIndex ?i .
          OPTIONAL {{ ?st dcterms:subject ?topic }}
        }} }}"""
    ):
        i = int(r["i"])
        if str(r["kind"]).startswith(_KG):
            facts["kinds"].setdefault(i, []).append(local_name(r["kind"]))
        if r["topic"] is not None:
            topic = str(r["topic"])
            facts["topics"].setdefault(i, []).extend([topic, *sorted(broader.get(topic, ()))])
    return facts


def topic_ancestors(store: Store) -> dict[str, set[str]]:
    """Every topic's broader topics (transitively), from the SKOS scheme in the store."""
    out: dict[str, set[str]] = {}
    # The path starts from a bound topic: Virtuoso refuses a transitive path with both ends free.
    for r in store.query(sparql_prefixes() + "SELECT ?t ?b WHERE { ?t skos:broader ?up . ?t skos:broader+ ?b }"):
        out.setdefault(str(r["t"]), set()).add(str(r["b"]))
    return out


def embedding_text(passage: Passage, title: str) -> str:
    """What the encoder sees: the title (context for every window) and the passage."""
    body = " ".join(passage.text.split())
    return body if passage.sentences[0] == 0 else f"{title}\n{body}"
