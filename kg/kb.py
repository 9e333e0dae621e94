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
from .entities import stage
from .errors import StoreError
from .ingest import Ingestor, IngestReport
from .iris import Iris
from .layout import StoreLayout
from .namespaces import load_ontology, ontology_files
from .store import Store, open_store
from .upgrade import STORE_VERSION, UpgradeReport, upgrade



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
        self.layout = StoreLayout(self.root)
        self.iris = Iris(self.config["KG_BASE_IRI"])
        self.read_only = read_only
        if read_only and not self.layout.graph.exists():
            raise StoreError(f"no store at {self.root}: run `kg ingest` first")
        self.store: Store = open_store(self.layout.graph, self.config["KG_STORE_BACKEND"], read_only)
        self.upgraded: UpgradeReport | None = None
        if read_only:
            self._check_layout()
        else:
            self.upgraded = self._upgrade()
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
            return json.loads(self.layout.meta.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_meta(self, meta: dict) -> None:
        tmp = self.layout.meta.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(meta, indent=2), "utf-8")
        os.replace(tmp, self.layout.meta)

    def _layout_version(self) -> int:
        """The store's layout version; a store with data but no record of it is layout 1."""
        meta = self._meta()
        if "store_version" in meta:
            return int(meta["store_version"])
        return 1 if self.store.graph_names() else STORE_VERSION

    def _check_layout(self) -> None:
        version = self._layout_version()
        if version != STORE_VERSION:
            self.close()
            raise StoreError(f"store {self.root} has layout {version}, this vnkg reads {STORE_VERSION}: "
                             f"run `kg --store {self.root} upgrade` once (it keeps every document)")

    def _upgrade(self) -> UpgradeReport | None:
        """Upgrade an older layout in place (see :mod:`kg.upgrade`); None when current."""
        version, meta = self._layout_version(), self._meta()
        if version == STORE_VERSION:
            if meta.get("store_version") != STORE_VERSION:
                self._write_meta({**meta, "store_version": STORE_VERSION})
            return None
        report = upgrade(self.store, Iris(meta.get("base_iri", self.iris.base)), version)
        self._write_meta({**self._meta(), "store_version": STORE_VERSION})
        self.bump_generation()
        return report

    def _ensure_ontology(self) -> None:
        meta, digest = self._meta(), ontology_digest()
        if meta.get("ontology") == digest and self.iris.ontology_graph in self.store.graph_names():
            return
        from rdflib import Graph

        graph = Graph()
        load_ontology(graph)
        with self.store.transaction() as tx:
            tx.replace_graph(self.iris.ontology_graph, graph)
        self._write_meta({**meta, "ontology": digest, "base_iri": self.iris.base,
                          "backend": self.config["KG_STORE_BACKEND"]})

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
            self.bump_generation()
        return report

    def remove(self, ref: str):
        """Delete one document's named graph and the entity facts only it supported.

        Returns the removed document's info.
        """
        doc = find_document(self.store, self.iris, ref)
        with self.store.transaction() as tx:
            stage(tx, self.store, self.iris, retired=[self.iris.doc_graph(doc.doc_id)])
        self.bump_generation()
        return doc

    # -- change marker -----------------------------------------------------------------
    # A read-only opening (the web server) sees a snapshot of the store. Writers bump this
    # counter after each committed change, so readers can tell cheaply (one small file
    # read) that it is time to reopen.
    def generation(self) -> str:
        """An opaque token that changes whenever a writer committed documents."""
        try:
            return self.layout.generation.read_text("utf-8").strip()
        except OSError:
            return ""

    def bump_generation(self) -> None:
        """Tell readers (a running server) that the store changed."""
        tmp = self.layout.generation.with_suffix(".tmp")
        tmp.write_text(f"{time.time_ns()}-{os.getpid()}", "utf-8")
        os.replace(tmp, self.layout.generation)

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
