"""The search API used by the CLI, the web layer and question answering.

>>> searcher = Searcher(kb)                      # doctest: +SKIP
>>> for hit in searcher.search("ha tang khu cong nghiep", k=5):
...     print(hit.score, hit.title, hit.snippet)

A :class:`Searcher` opens the index lazily and reopens it when a sync published a new
generation or new vectors, so a long-running server sees documents ingested meanwhile.
The encoder is injected (STYLE.md point 13) or loaded once, on the first query that needs
it; when the index has no vectors yet, hybrid search quietly runs lexical only.

A date filter (``filters={"published": date_range(year="2020")}``) is resolved against the
store at query time: the ids of the documents published in the range come from the graph
(:func:`search.dates.published_in`), and only their passages are searched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import BadQuery, ConfigError, StoreError
from kg.layout import StoreLayout

from .dates import published_in
from .filters import Filters, row_mask
from .index import Index
from .retrievers import Retriever, available_retrievers, create_retriever
from .snippets import snippet

if TYPE_CHECKING:
    from kg.embeddings import Encoder
    from kg.kb import KnowledgeBase

MAX_K = 1000


def load_encoder(model: str) -> Encoder:
    """The shared encoder of ``model`` (loaded once per process by :mod:`kg.embeddings`)."""
    from kg.embeddings import default_encoder

    return default_encoder(model)


@dataclass
class Hit:
    """One passage found, with what a front end needs to show and link it."""

    passage_id: str
    doc_id: str
    source: str
    title: str
    score: float
    passage: str
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets into snippet
    start: int = 0  # offsets of the passage in the document text
    end: int = 0
    entities: list[dict] = field(default_factory=list)  # {"iri", "label", "type"}
    first_sentence: int = 0  # index in the document of the passage's first sentence
    kinds: list[str] = field(default_factory=list)  # statements read from it: Proposal, Directive, Observation
    topics: list[str] = field(default_factory=list)  # topic IRIs of its statements, broader ones included

    def to_dict(self) -> dict:
        # By hand rather than dataclasses.asdict, whose deep copy was a tenth of a search
        # that shapes a hundred hits (the search page counts facets over a hundred).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["highlights"] = [list(h) for h in self.highlights]
        data["entities"] = [dict(e) for e in self.entities]
        data["kinds"], data["topics"] = list(self.kinds), list(self.topics)
        return data


class Searcher:
    """Searches the index of one store.

    Args:
        kb: an open :class:`kg.kb.KnowledgeBase` (read-only is enough), or a store directory.
        encoder: the :class:`kg.embeddings.Encoder` for queries; default: the model the
            index was embedded with, loaded on first use.
        mode: ``hybrid`` (default), ``lexical`` or ``dense``.
        kb_source: a callable returning the open knowledge base, for date filters when ``kb``
            is a directory (the web app passes its accessor, which reopens the store when a
            writer changed it).
        options: passed to the retriever (e.g. ``fusion="rrf"`` for hybrid).
    """

    def __init__(
        self,
        kb: KnowledgeBase | str | Path,
        encoder: Encoder | None = None,
        mode: str = "hybrid",
        kb_source: Callable[[], KnowledgeBase] | None = None,
        **options: Any,
    ) -> None:
        if isinstance(kb, str | Path):  # a directory
            self.root, self.kb_source = StoreLayout(Path(kb)).index, kb_source
        else:
            self.root, self.kb_source = kb.layout.index, kb_source or (lambda: kb)
        self.encoder, self.mode, self.options = encoder, mode, options
        self._index: Index | None = None
        self._retrievers: dict[str, Retriever] = {}

    @property
    def index(self) -> Index:
        """The current index generation, reopened when a sync changed it."""
        if self._index is None or self._stale():
            index = Index.open(self.root)
            if index is None:
                raise StoreError(f"no search index in {self.root}: run `kg reindex` (or `kg ingest`)")
            self._index, self._retrievers = index, {}
        return self._index

    def _stale(self) -> bool:
        try:
            return self._index is None or self._index.version != Index.open_version(self.root)
        except OSError:
            return True

    def retriever(self, mode: str | None = None) -> Retriever:
        """The retriever for ``mode`` over the current index (built once per generation)."""
        mode = mode or self.mode
        if mode not in available_retrievers():
            raise BadQuery(f"unknown search mode {mode!r}; choose one of: {', '.join(available_retrievers())}")
        index = self.index
        if mode == "hybrid" and not index.has_vectors:
            mode = "lexical"
        if mode == "dense" and not index.has_vectors:
            raise StoreError("the search index has no vectors yet: search lexically, or run `kg reindex`")
        if mode not in self._retrievers:
            encoder = self._encoder(index) if mode != "lexical" else None
            self._retrievers[mode] = create_retriever(mode, index, encoder, **self.options)
        return self._retrievers[mode]

    def _encoder(self, index: Index) -> Encoder | None:
        if self.encoder is None and index.model_id:
            self.encoder = load_encoder(index.model_id)
        return self.encoder

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | Mapping[str, Any] | None = None,
        mode: str | None = None,
        snippets: bool = True,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``.

        ``snippets=False`` leaves ``snippet`` empty and ``highlights`` unset, for callers that
        show only some of the hits (the search page counts facets over a hundred and shows
        ten): :func:`search.snippets.snippet` makes them for those shown.

        Raises:
            BadQuery: empty query, ``k`` out of range, unknown filter or mode.
            StoreError: no index, or a damaged index file (``kg reindex`` rebuilds it).
            ConfigError: the encoder is not the model the index was embedded with, or a date
                filter on a searcher opened without its knowledge base.
        """
        query = (query or "").strip()
        if not query:
            raise BadQuery("empty query")
        if not 1 <= int(k) <= MAX_K:
            raise BadQuery(f"k must be between 1 and {MAX_K}")
        filters = Filters.of(filters)
        retriever = self.retriever(mode)
        mask = row_mask(retriever.index, filters, self._published(filters))
        rows = retriever.search_rows(query, int(k), mask)
        return [self.hit(row, score, query if snippets else None, retriever.index) for row, score in rows]

    def _published(self, filters: Filters | None) -> set[str] | None:
        """Ids of the documents within the date filter (None when there is none)."""
        if filters is None or filters.published is None:
            return None
        if self.kb_source is None:
            raise ConfigError(
                "date filters need the knowledge base: pass Searcher an open KnowledgeBase, or kb_source="
            )
        return published_in(self.kb_source().store, filters.published)

    def hit(self, row: int, score: float, query: str | None = "", index: Index | None = None) -> Hit:
        """The :class:`Hit` of index row ``row`` (of ``index``: the current one by default;
        a search passes its own, so its hits do not each check the index is current), with a
        snippet for ``query`` unless it is None."""
        index = index or self.index
        rec, doc = index.record(row), index.doc_of(row)
        text, marks = snippet(rec["text"], query) if query is not None else ("", [])
        entities = {iri: {"iri": iri, "label": label, "type": kind} for iri, label, kind in rec["entities"]}
        return Hit(
            passage_id=index.passage_id(row),
            doc_id=doc.id,
            source=doc.source,
            title=doc.title,
            score=round(float(score), 6),
            passage=rec["text"],
            snippet=text,
            highlights=marks,
            start=rec["start"],
            end=rec["end"],
            entities=list(entities.values()),
            first_sentence=int((rec.get("sentences") or [0])[0]),
            kinds=list(rec.get("kinds") or []),
            topics=list(rec.get("topics") or []),
        )
