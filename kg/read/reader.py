"""One reader per knowledge base: the entity index, the vocabulary and the entity graph,
each built on first use and kept until a writer commits.

Web pages, the question answerer and the search index sync all ask :func:`reader` for the
reader of their knowledge base, so a server builds each of these once, whoever asks first
(``kg serve`` warms them at start-up). A writer bumps the store's generation after every
change (:meth:`kg.kb.KnowledgeBase.generation`); the reader compares it on every access,
one small file read, and starts afresh when it moved.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

from ..errors import StoreError
from ..namespaces import local_name
from .graph import EntityGraph, build_graph
from .index import EntityInfo, entity_prefix, scan_entities
from .vocabulary import Term, plain_term, scan_vocabulary

if TYPE_CHECKING:
    from ..kb import KnowledgeBase

T = TypeVar("T")

_READERS: weakref.WeakKeyDictionary[KnowledgeBase, GraphReader] = weakref.WeakKeyDictionary()
_READERS_LOCK = threading.Lock()


@dataclass
class _Generation:
    """What has been built for one store generation (each part on first use)."""

    token: str
    parts: dict[str, object] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def get(self, name: str, build: Callable[[], T]) -> T:
        """The part ``name`` (each name is always built by the same function: one type)."""
        with self.lock:
            if name not in self.parts:
                self.parts[name] = build()
            return cast(T, self.parts[name])


class GraphReader:
    """Reads one knowledge base's graph for people (see the module docstring).

    Args:
        kb: an open :class:`kg.kb.KnowledgeBase`. The reader keeps only a weak reference:
            it lives as long as the knowledge base, not longer.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = weakref.ref(kb)
        self.prefix = entity_prefix(kb.iris.base)
        self._current: _Generation | None = None
        self._lock = threading.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        kb = self._kb()
        if kb is None:
            raise StoreError("the knowledge base of this reader was closed and dropped")
        return kb

    def _generation(self) -> _Generation:
        token = self.kb.generation()
        with self._lock:
            if self._current is None or self._current.token != token:
                self._current = _Generation(token)
            return self._current

    # -- what is cached ------------------------------------------------------------------
    def entities(self) -> Mapping[str, EntityInfo]:
        """Every entity by IRI (one scan of the store per generation)."""
        kb = self.kb
        return self._generation().get("entities", lambda: scan_entities(kb.store, kb.iris.base))

    def vocabulary(self) -> Mapping[str, Term]:
        """Every class, property and topic of the ontology graph by IRI."""
        kb = self.kb
        return self._generation().get("vocabulary", lambda: scan_vocabulary(kb.store, str(kb.iris.ontology_graph)))

    def graph(self) -> EntityGraph:
        """The entity graph (built on first use: it is the slowest part)."""
        generation, kb = self._generation(), self.kb
        index = self.entities()
        return generation.get("graph", lambda: build_graph(kb.store, index, self.prefix, str(kb.iris.ontology_graph)))

    def warm(self) -> None:
        """Build everything now, so the first page or question does not wait."""
        self.vocabulary()
        self.graph()

    # -- lookups ---------------------------------------------------------------------------
    def entity(self, iri: str) -> EntityInfo | None:
        return self.entities().get(str(iri))

    def is_entity(self, iri: object) -> bool:
        return iri is not None and str(iri).startswith(self.prefix)

    def term(self, iri: object) -> Term:
        """The ontology term ``iri`` (a plain one named by its local name when unknown)."""
        iri = str(iri)
        return self.vocabulary().get(iri) or plain_term(iri)

    def describe(self, iri: object) -> tuple[str | None, str | None]:
        """``(label, class local name)`` of any node: an entity, a statement or observation
        of the graph, or an ontology term; ``(None, None)`` when nothing names it."""
        iri = str(iri)
        info = self.entity(iri)
        if info is not None:
            return info.label, info.type
        full = self.graph().full
        if iri in full:
            data = full.nodes[iri]
            return data.get("label"), data.get("type")
        term = self.vocabulary().get(iri)
        return (term.label, None) if term is not None else (None, None)

    def label(self, iri: object) -> str:
        """The display label of any node (its local name when nothing names it)."""
        return self.describe(iri)[0] or local_name(str(iri))


def reader(kb: KnowledgeBase) -> GraphReader:
    """The shared :class:`GraphReader` of ``kb`` (one per open knowledge base)."""
    with _READERS_LOCK:
        found = _READERS.get(kb)
        if found is None:
            found = _READERS[kb] = GraphReader(kb)
        return found
