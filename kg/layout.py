"""Where things live inside a store directory: the one place that knows the folder layout.

A store directory holds the RDF store, the passage index, files added from the web, and two
small marker files. Every package asks :class:`StoreLayout` for a path instead of joining
folder names itself, so moving a folder is a change here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLayout:
    """The paths inside one store directory."""

    root: Path

    @property
    def graph(self) -> Path:
        """The RDF store (an Oxigraph database, or ``graph.nq`` for the rdflib backend)."""
        return self.root / "graph"

    @property
    def index(self) -> Path:
        """The passage search index (``search/``)."""
        return self.root / "index"

    @property
    def uploads(self) -> Path:
        """Files added through the web UI, kept so that the store can be rebuilt from them."""
        return self.root / "uploads"

    @property
    def meta(self) -> Path:
        """Versions: ontology digest, store layout version, base IRI, backend."""
        return self.root / "meta.json"

    @property
    def writer_lock(self) -> Path:
        """Held (flock) by the one process writing the store; names it (see ``kg.kb.WriterLock``)."""
        return self.root / "writer.lock"

    @property
    def generation(self) -> Path:
        """The change marker readers poll to know when to reopen (see ``KnowledgeBase``)."""
        return self.root / "GENERATION"
