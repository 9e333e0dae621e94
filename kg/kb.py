"""The knowledge base: one store directory with its graph store, IRIs and ontology.

Front ends (CLI, web) open a :class:`KnowledgeBase` and call its methods; they never wire
stores and IRIs themselves. Opening for writing (re)loads the ontology graph when the
installed ontology files changed, so the store always carries the vocabulary it was
built with.

One process at a time may open a store for writing: it holds the writer lock
(:class:`WriterLock`, a locked file in the store directory naming the holder's pid and
command), so a second writer is told who is writing, not just that someone is. Reading
takes no lock: ``kg stats``, ``kg export``, the web server and the search index sync read
a snapshot (``read_only=True``) and never keep a writer waiting.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shlex
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from . import settings
from .catalog import DocInfo, class_counts, documents, find_document
from .entities import stage
from .errors import ConfigError, KGError, StoreError
from .ingest import POOL_MIN_FILES, Ingestor, IngestReport
from .iris import Iris
from .layout import StoreLayout
from .namespaces import load_ontology, ontology_files
from .reader import Failure
from .store import Store, open_store
from .upgrade import STORE_VERSION, UpgradeReport, upgrade

if TYPE_CHECKING:  # imported where used: validation and workers load slowly
    from .embeddings import Encoder
    from .validate import ValidationReport
    from .workers import Pool

DOC_SECONDS = 60  # default time budget of one document (KG_DOC_SECONDS)


T = TypeVar("T", str, int, float)


def setting(config: dict[str, Any], name: str, default: T) -> T:
    """``config[name]``, or for a setting the table does not declare (yet) the environment's
    ``KG_...`` value, or ``default``; converted to the default's type."""
    if name in config:
        return config[name]  # type: ignore[no-any-return]  # the settings table declares its type
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return type(default)(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a {type(default).__name__}, got {raw!r}") from None


def command_line() -> str:
    """This process's command as a person typed it (``kg ingest docs/``), for lock messages."""
    argv = sys.argv or ["python"]
    first = Path(argv[0]).name
    if first == "__main__.py":
        first = f"python -m {Path(argv[0]).parent.name}"
    return " ".join([first, shlex.join(argv[1:])]).strip()[:200]


class WriterLock:
    """The store's writer lock: ``flock`` on a file that names the holder.

    The kernel releases the lock when the holder exits, even on ``kill -9``: a stale lock
    cannot survive its process.
    """

    def __init__(self, root: Path) -> None:
        self.root, self.path = root, StoreLayout(root).writer_lock
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise StoreError naming the process that holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read()
            fh.close()
            raise StoreError(
                f"store {self.root} is in use by another process ({describe_holder(holder)}); "
                f"try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(holder_record())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def holder_record() -> str:
    """What a lock file says about the process holding it (read by :func:`describe_holder`)."""
    return json.dumps({"pid": os.getpid(), "command": command_line(), "since": time.strftime("%Y-%m-%d %H:%M:%S")})


def describe_holder(text: str) -> str:
    """``pid 123: kg ingest docs/, writing since 2026-01-01 10:00:00``, from a lock file's content."""
    try:
        info = json.loads(text)
        return f"pid {info['pid']}: {info['command']}, writing since {info['since']}"
    except (ValueError, KeyError, TypeError):
        return "a writer that has not said who it is yet"


def ontology_digest() -> str:
    h = hashlib.sha256()
    for f in ontology_files():
        h.update(f.read_bytes())
    return h.hexdigest()


class KnowledgeBase:
    """A store directory: ``graph/`` (RDF store) and ``meta.json`` (versions)."""

    def __init__(self, config: dict[str, Any] | None = None, read_only: bool = False) -> None:
        self.config = settings.load(config)
        self.root = settings.store_dir(self.config)
        self.layout = StoreLayout(self.root)
        self.iris = Iris(self.config["KG_BASE_IRI"])
        self.read_only = read_only
        if read_only and not self.layout.graph.exists():
            raise StoreError(f"no store at {self.root}: run `kg ingest` first")
        self.lock = None if read_only else WriterLock(self.root)
        # Read before the store opens: a read-only snapshot holds at least this generation.
        self.opened_generation = self.generation()
        self._store: Store | None = None
        if self.lock is not None:
            self.lock.acquire()
        try:
            self._store = self._open_store()
            self.upgraded: UpgradeReport | None = None
            if read_only:
                self._check_layout()
            else:
                self.upgraded = self._upgrade()
                self._ensure_ontology()
        except BaseException:
            self.close()
            raise

    @property
    def store(self) -> Store:
        """The graph store (open from construction until :meth:`close`)."""
        if self._store is None:
            raise StoreError(f"store {self.root} is not open")
        return self._store

    def _open_store(self) -> Store:
        try:
            return open_store(self.layout.graph, self.config["KG_STORE_BACKEND"], self.read_only, self.config)
        except KGError:
            raise
        except (RuntimeError, OSError, ValueError) as err:  # RocksDB reports damage as RuntimeError
            first = (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
            raise StoreError(
                f"store {self.layout.graph} cannot be opened, its files are damaged ({first}); "
                f"restore it from a backup, or move it away and ingest the documents again "
                f"(files added from the web are kept in {self.layout.uploads})"
            ) from None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self._store is not None:
                self._store.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def _meta(self) -> dict[str, Any]:
        try:
            text = self.layout.meta.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise StoreError(f"cannot read {self.layout.meta}: {err.strerror}") from None
        try:
            meta = json.loads(text)
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
            return meta
        except ValueError as err:
            raise StoreError(
                f"store file {self.layout.meta} is damaged ({err}); restore it from a backup, "
                f"or move the store away and ingest the documents again"
            ) from None

    def _write_meta(self, meta: dict[str, Any]) -> None:
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
            raise StoreError(
                f"store {self.root} has layout {version}, this vnkg reads {STORE_VERSION}: "
                f"run `kg --store {self.root} upgrade` once (it keeps every document)"
            )

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
        self._write_meta(
            {**meta, "ontology": digest, "base_iri": self.iris.base, "backend": self.config["KG_STORE_BACKEND"]}
        )
        self.bump_generation()

    # -- operations ------------------------------------------------------------------
    def encoder_factory(self) -> Callable[[], Encoder] | None:
        """A loader for the configured encoder, or None when topic embeddings are off."""
        if not self.config["KG_TOPIC_EMBEDDINGS"]:
            return None
        from .embeddings import default_encoder

        return partial(default_encoder, self.config["KG_EMBED_MODEL"])  # pickles: worker processes load it too

    def ingest(
        self,
        paths: Iterable[str | Path],
        fmt: str | None = None,
        progress: Callable[[Iterable[Path | Failure]], Iterable[Path | Failure]] = iter,
        workers: int | None = None,
        cluster: str | None = None,
    ) -> IngestReport:
        """Ingest files; the change marker moves after every committed document (a reader
        sees each one as it lands, even if this run is killed before it ends).

        ``workers``: processes that prepare and extract documents (None: ``KG_WORKERS``, whose
        0 means one per core); with 1, or with fewer files than
        :data:`kg.ingest.POOL_MIN_FILES`, this process does it all (starting workers costs
        seconds of model loading).

        ``cluster``: a Dask scheduler's address, or ``local[:N]`` for a local cluster started for
        the run (None: ``KG_CLUSTER``; empty: none). Given one, its workers prepare every batch,
        however small (the user asked for it); ``workers`` then sizes ``local``
        (:meth:`kg.cluster.Cluster.parse`).
        """
        from .workers import LocalPool, default_workers

        address = cluster if cluster is not None else str(setting(self.config, "KG_CLUSTER", ""))
        configured = int(setting(self.config, "KG_WORKERS", 0))
        pool: Callable[[], Pool] | None
        if address.strip():
            from .cluster import Cluster, DaskPool, StartedOnUse

            pool = partial(StartedOnUse, partial(DaskPool, Cluster.parse(address, workers, configured)))
            min_files = 0
        else:
            wanted = (workers if workers is not None else configured) or default_workers()
            pool, min_files = (partial(LocalPool, wanted) if wanted > 1 else None), POOL_MIN_FILES
        ingestor = Ingestor(
            self.store,
            self.iris,
            self.config["KG_MAX_BYTES"],
            self.config["KG_MAX_JSONL_BYTES"],
            self.encoder_factory(),
            on_commit=self.bump_generation,
            doc_seconds=float(setting(self.config, "KG_DOC_SECONDS", DOC_SECONDS)),
            pool_factory=pool,
            pool_min_files=min_files,
        )
        return ingestor.run(paths, fmt, progress)

    def remove(self, ref: str) -> DocInfo:
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
        """An opaque token that changes whenever a writer committed documents (the marker
        now; :attr:`opened_generation` is the one this opening saw)."""
        try:
            return self.layout.generation.read_text("utf-8").strip()
        except OSError:
            return ""

    def changed_since_opened(self) -> bool:
        """True when a writer committed since this knowledge base was opened (a read-only
        snapshot is then behind the store)."""
        return self.generation() != self.opened_generation

    def bump_generation(self) -> None:
        """Tell readers (a running server) that the store changed."""
        tmp = self.layout.generation.with_suffix(".tmp")
        tmp.write_text(f"{time.time_ns()}-{os.getpid()}", "utf-8")
        os.replace(tmp, self.layout.generation)

    def documents(self) -> list[DocInfo]:
        return documents(self.store)

    def export(self, fmt: str, out: IO[bytes]) -> int:
        return self.store.export(fmt, out)

    def stats(self) -> dict[str, Any]:
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

    def validate(self) -> ValidationReport:
        from .validate import validate

        return validate(self.store, self.iris)


def disk_usage(path: Path) -> int:
    """Bytes under ``path``; files a running writer removes meanwhile count as gone."""
    total = 0
    for f in Path(path).rglob("*"):
        try:
            total += f.stat().st_size if f.is_file() else 0
        except OSError:
            continue
    return total
