"""The knowledge base: one store directory with its graph store, IRIs and ontology.

Front ends (CLI, web) open a :class:`KnowledgeBase` and call its methods; they never wire
stores and IRIs themselves. Opening for writing (re)loads the ontology graph when the
installed ontology files changed, so the store always carries the vocabulary it was
built with.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from . import settings
from .catalog import class_counts, documents, find_document
from .errors import StoreError
from .ingest import Ingestor, IngestReport
from .iris import Iris
from .namespaces import load_ontology, ontology_files
from .store import Store, open_store

STORE_VERSION = 1


def ontology_digest() -> str:
    h = hashlib.sha256()
    for f in ontology_files():
        h.update(f.read_bytes())
    return h.hexdigest()


class KnowledgeBase:
    """A store directory: ``graph/`` (RDF store) and ``meta.json`` (versions)."""

    def __init__(self, config: dict | None = None, read_only: bool = False):
        self.config = settings.load(config)
        self.root = settings.store_dir(self.config)
        self.iris = Iris(self.config["KG_BASE_IRI"])
        self.read_only = read_only
        if read_only and not (self.root / "graph").exists():
            raise StoreError(f"no store at {self.root}: run `kg ingest` first")
        self.store: Store = open_store(self.root / "graph", self.config["KG_STORE_BACKEND"], read_only)
        if not read_only:
            self._ensure_ontology()

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def _meta(self) -> dict:
        try:
            return json.loads((self.root / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_meta(self, meta: dict) -> None:
        tmp = self.root / "meta.json.tmp"
        tmp.write_text(json.dumps(meta, indent=2), "utf-8")
        os.replace(tmp, self.root / "meta.json")

    def _ensure_ontology(self) -> None:
        meta, digest = self._meta(), ontology_digest()
        if meta.get("ontology") == digest and self.iris.ontology_graph in self.store.graph_names():
            return
        from rdflib import Graph

        graph = Graph()
        load_ontology(graph)
        with self.store.transaction() as tx:
            tx.replace_graph(self.iris.ontology_graph, graph)
        self._write_meta({**meta, "ontology": digest, "store_version": STORE_VERSION,
                          "base_iri": self.iris.base, "backend": self.config["KG_STORE_BACKEND"]})

    # -- operations ------------------------------------------------------------------
    def encoder_factory(self):
        """A loader for the configured encoder, or None when topic embeddings are off."""
        if not self.config["KG_TOPIC_EMBEDDINGS"]:
            return None
        from .embeddings import default_encoder

        return lambda: default_encoder(self.config["KG_EMBED_MODEL"])

    def ingest(self, paths, fmt: str | None = None, progress=iter) -> IngestReport:
        ingestor = Ingestor(self.store, self.iris, self.config["KG_MAX_BYTES"],
                            self.config["KG_MAX_JSONL_BYTES"], self.encoder_factory())
        report = ingestor.run(paths, fmt, progress)
        if report.added or report.updated or report.removed:
            self._bump_generation()
        return report

    def remove(self, ref: str):
        """Delete one document's named graph; returns the removed document's info."""
        doc = find_document(self.store, self.iris, ref)
        self.store.drop_graph(self.iris.doc_graph(doc.doc_id))
        self._bump_generation()
        return doc

    # -- change marker -----------------------------------------------------------------
    # A read-only opening (the web server) sees a snapshot of the store. Writers bump this
    # counter after each committed change, so readers can tell cheaply (one small file
    # read) that it is time to reopen.
    def generation(self) -> str:
        """An opaque token that changes whenever a writer committed documents."""
        try:
            return (self.root / "GENERATION").read_text("utf-8").strip()
        except OSError:
            return ""

    def _bump_generation(self) -> None:
        tmp = self.root / "GENERATION.tmp"
        tmp.write_text(f"{time.time_ns()}-{os.getpid()}", "utf-8")
        os.replace(tmp, self.root / "GENERATION")

    def documents(self):
        return documents(self.store)

    def export(self, fmt: str, out) -> int:
        return self.store.export(fmt, out)

    def stats(self) -> dict:
        """Counts per class plus totals: what ``kg stats`` and ``/api/stats`` show."""
        return {
            "store": str(self.root),
            "backend": self.store.name,
            "documents": len(self.documents()),
            "graphs": len(self.store.graph_names()),
            "quads": len(self.store),
            "classes": class_counts(self.store, self.iris),
            "disk_bytes": disk_usage(self.root),
        }

    def validate(self):
        from .validate import validate

        return validate(self.store, self.iris)


def disk_usage(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
