"""What the app builds once and shares between requests: the knowledge base (read-only),
the searcher and the question answerer.

The server never holds the store's write lock, so ``kg ingest`` keeps working while it
runs. A read-only Oxigraph opening is a snapshot; writers bump the knowledge base's
generation marker after each committed document and :func:`get_kb` reopens when it moved.
The view it replaces is not closed under requests still reading it: it goes when the last
of them lets go of it. Adding a document from the UI opens the store for writing only for
the commit (:func:`writable_kb`); the search index sync after it reads a view of its own
(:func:`readable_kb`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from flask import Flask, current_app

from kg.kb import KnowledgeBase
from kg.layout import StoreLayout
from kg.settings import store_dir

if TYPE_CHECKING:  # imported where used: they load models and indexes
    from search.api import Searcher
    from search.qa import Answerer

EXTENSION = "kg"


class KGState:
    """The app's knowledge base, searcher and answerer, rebuilt when the store changed."""

    def __init__(self, config: dict):
        self.config = {k: v for k, v in config.items() if k.startswith("KG_") and k != "KG_SERVE_HOST"}
        self.layout = StoreLayout(store_dir(self.config))
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._kb: KnowledgeBase | None = None
        self._generation: str | None = None
        self._searcher: Searcher | None = None
        self._answerer: Answerer | None = None

    def kb(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None or self._kb.generation() != self._generation:
                self._reopen()
            assert self._kb is not None  # _reopen opened it
            return self._kb

    def _reopen(self) -> None:
        if not self.layout.graph.exists():
            KnowledgeBase(self.config).close()  # an empty store with the ontology
        # The old view is dropped, not closed: a request in another thread may still be
        # reading it (writers commit often: after every document). A read-only view holds
        # no lock; it is released when its last user lets go.
        self._kb = KnowledgeBase(self.config, read_only=True)
        self._generation, self._answerer = self._kb.opened_generation, None

    def searcher(self) -> Searcher:
        with self._lock:
            if self._searcher is None:
                from search.api import Searcher

                self._searcher = Searcher(self.layout.root, kb_source=self.kb)  # the kb: for date filters
            return self._searcher

    def answerer(self) -> Answerer:
        kb = self.kb()
        with self._lock:
            if self._answerer is None:
                from search.qa import Answerer

                self._answerer = Answerer(kb, self.searcher())
            return self._answerer

    @contextmanager
    def writable(self) -> Iterator[KnowledgeBase]:
        """The knowledge base opened for writing, for one change; readers reopen after it."""
        with self._write_lock, KnowledgeBase(self.config) as kb:
            yield kb

    @contextmanager
    def readable(self) -> Iterator[KnowledgeBase]:
        """A read-only view of its own (closed after), for work that must not share the
        pages' view: it may be replaced meanwhile."""
        with KnowledgeBase(self.config, read_only=True) as kb:
            yield kb

    def warm(self) -> None:
        """Open everything and load the models now, so the first visitor does not wait."""
        from kg.read import reader

        reader(self.kb()).warm()  # the entity index and graph, shared by pages and answerer
        self.answerer().warm()
        from .suggest import suggest_index

        suggest_index(self.kb())  # the first keystroke in a search box must not build it (~1 s)
        from .geo import features
        from .outline import outline
        from .vendor import MissingAsset

        features(self.kb())  # the map's points: two queries over the whole graph
        try:
            outline()  # Vietnam's outline, decoded once from the world atlas
        except MissingAsset:
            pass  # the map page says what is missing


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = KGState(app.config)


def _state() -> KGState:
    return current_app.extensions[EXTENSION]


def get_kb() -> KnowledgeBase:
    return _state().kb()


def get_searcher() -> Searcher:
    return _state().searcher()


def get_answerer() -> Answerer:
    return _state().answerer()


def writable_kb() -> AbstractContextManager[KnowledgeBase]:
    return _state().writable()


def readable_kb() -> AbstractContextManager[KnowledgeBase]:
    return _state().readable()


def warm(app: Flask) -> None:
    app.extensions[EXTENSION].warm()
