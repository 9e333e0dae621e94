"""The ingest pipeline: files -> documents -> one named graph each, in the store.

A document is identified across runs by its source (file path, plus the record id for
JSON Lines). Unchanged content is skipped before any NLP runs, so a second run over the
same files is cheap; changed content replaces the old graph in one transaction, so no
stale triple survives and a crash leaves the previous version. The entities graph is kept
in that same transaction (:mod:`kg.entities`). After each commit the ``on_commit`` callback
runs (the knowledge base bumps its change marker there), so a reader sees every committed
document even if the run is killed before it ends.

Each document's processing (normalising, sentences, extraction, triples) has a time budget
(``KG_DOC_SECONDS``): past it the document is abandoned with a one-line failure and the
batch goes on. The budget interrupts the thread doing the work (:func:`time_budget`), so it
also bounds a document added from the web inside its request.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuiltDocument
from .catalog import DocInfo, documents
from .document import Document, content_hash
from .entities import stage
from .errors import BadInput
from .iris import Iris
from .reader import Failure, RawDocument, iter_paths, read_file, shown
from .store import Store
from .workers import Pending, Pool, Prepared, prepare_and_extract, prepared

if TYPE_CHECKING:
    from .embeddings import Encoder

IN_FLIGHT = 4  # documents in flight per worker: enough to keep each busy while the driver writes
POOL_MIN_FILES = 500  # fewer files are ingested in this process: workers cost seconds to start (300 files: no gain)


@dataclass
class IngestReport:
    """Counts and failures of one ingest run (what the closing summary prints)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    triples: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed; {self.triples} triples written in {self.seconds:.1f} s"
        )
        return text + (f"; {self.removed} stale records removed" if self.removed else "")


# The ingest window's entries: a document and its worker's future, or a file read to its end
# (its name and the sources seen in it, whose stale records are dropped in turn).
_InFlight = tuple[RawDocument, Pending[Prepared]] | tuple[str, set[str]]


@dataclass
class _FileRead:
    """What reading one file found: the sources of its documents, and whether all of it read."""

    seen: set[str] = field(default_factory=set)
    clean: bool = True


class OverBudget(BaseException):
    """Raised inside the thread whose time budget ran out (a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` on the way swallows it)."""


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    """Schedule ``exc`` in thread ``thread_id``."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the calling thread once the block has run ``seconds``.

    A watcher thread schedules the exception in this thread (CPython delivers it between
    two bytecodes, so a long C call finishes first) and repeats it every second until the
    block is left, in case library code swallowed it. Leaving the block stops the watcher
    and catches an exception scheduled as the block ended: nothing fires after the block. No budget
    when ``seconds`` is falsy. The block must not hold resources that need cleanup beyond
    what ``with``/``finally`` gives (pure computation: no store writes).
    """
    if not seconds or seconds <= 0:
        yield
        return
    # The exception may only land in the block itself. It is armed once ``Thread.start()`` has
    # returned: delivered inside start() (a short budget, or a slow machine, lets the watcher
    # fire that early) it left threading's own locks held and hung the process. ``stop`` is a
    # plain lock held until the block is left, so the watcher sleeps in a C-level acquire.
    target, guard, stop = threading.get_ident(), threading.Lock(), threading.Lock()
    stop.acquire()
    state = {"live": True, "fired": False, "armed": False}

    def watch() -> None:
        wait = seconds
        while not stop.acquire(timeout=wait):
            with guard:
                if not state["live"]:
                    return
                if not state["armed"]:
                    wait = 0.005  # the block has not begun yet: fire as soon as it has
                    continue
                state["fired"] = True
                _raise_in(target, OverBudget)
            wait = 1.0

    delivered = False
    try:
        threading.Thread(target=watch, name="vnkg-time-budget", daemon=True).start()
        with guard:
            state["armed"] = True
        yield
    except OverBudget:
        delivered = True
        raise
    finally:
        # Switch the watcher off; an exception it scheduled just as the block ended is let land
        # here, where it is caught, rather than cancelled: cancelling (SetAsyncExc with NULL)
        # leaves the interpreter's "async exception" flag raised with nothing to clear it, and
        # under a tracer (coverage) CPython 3.11 then spins on one instruction for ever.
        while True:
            try:
                with guard:
                    state["live"] = False
                if state["fired"] and not delivered:
                    for _ in range(1000):  # a backward jump: a pending exception lands at once
                        pass
                break
            except OverBudget:
                delivered = True
        stop.release()


class Ingestor:
    """Ingests files into a store; one instance per run (it caches the catalogue).

    Args:
        on_commit: called after each committed change (a document stored, replaced or
            dropped), e.g. to tell readers that the store changed.
        doc_seconds: time budget of one document's processing; None or 0: no limit.
        pool_factory: makes the :class:`kg.workers.Pool` whose workers prepare and extract
            the documents; None: this process does everything, one document at a time.
        pool_min_files: batches with fewer files are ingested in this process all the same.
    """

    def __init__(
        self,
        store: Store,
        iris: Iris,
        max_bytes: int,
        max_jsonl_bytes: int | None = None,
        encoder_factory: Callable[[], Encoder] | None = None,
        on_commit: Callable[[], None] | None = None,
        doc_seconds: float | None = None,
        pool_factory: Callable[[], Pool] | None = None,
        pool_min_files: int = POOL_MIN_FILES,
    ):
        self.store, self.iris = store, iris
        self.max_bytes, self.max_jsonl_bytes = max_bytes, max_jsonl_bytes
        self.encoder_factory = encoder_factory
        self._encoder: Encoder | None = None
        self.on_commit = on_commit or (lambda: None)
        self.doc_seconds = doc_seconds
        self.pool_factory, self.pool_min_files = pool_factory, pool_min_files
        self.catalogue: dict[tuple[str, str], DocInfo] = {d.key: d for d in documents(store)}
        self.by_hash: dict[str, DocInfo] = {d.content_hash: d for d in self.catalogue.values()}

    def run(
        self,
        paths: Iterable[str | Path],
        fmt: str | None = None,
        progress: Callable[[Iterable[Path | Failure]], Iterable[Path | Failure]] = iter,
    ) -> IngestReport:
        """Ingest every file under ``paths``; one bad file never stops the batch."""
        report, started = IngestReport(), time.perf_counter()
        files = list(iter_paths([Path(p) for p in paths]))
        if self.pool_factory is not None and len(files) >= self.pool_min_files:
            self._run_pooled(progress(files), fmt, report)
        else:
            for item in progress(files):
                if isinstance(item, Failure):
                    report.failures.append(item)
                else:
                    self.ingest_file(item, fmt, report)
        report.seconds = time.perf_counter() - started
        return report

    def _run_pooled(self, files: Iterable[Path | Failure], fmt: str | None, report: IngestReport) -> None:
        """Documents prepared, extracted and built by the pool's workers, stored here in the order
        they were read: a window of a few documents per worker is in flight, and a file's
        stale JSON Lines records are dropped once its documents are stored."""
        assert self.pool_factory is not None  # the caller chose the pooled run for a pool
        pool = self.pool_factory()
        window: deque[_InFlight] = deque()
        try:
            for item in files:
                if isinstance(item, Failure):
                    report.failures.append(item)
                    continue
                read = _FileRead()
                for raw in self._records(item, fmt, report, read):
                    if self._unchanged(raw, report):
                        continue
                    window.append(
                        (raw, pool.submit(prepare_and_extract, raw, self.iris, self.encoder_factory, self.doc_seconds))
                    )
                    while len(window) > IN_FLIGHT * pool.workers:
                        self._finish(window.popleft(), report)
                if read.clean and read.seen:
                    window.append((shown(item.resolve()), read.seen))
            while window:
                self._finish(window.popleft(), report)
        finally:
            pool.close()

    def _finish(self, entry: _InFlight, report: IngestReport) -> None:
        """Store one worker's document (or drop a finished file's stale records)."""
        if isinstance(entry[0], str):
            self._drop_stale(entry[0], entry[1], report)
            return
        raw, future = entry
        where = f"{raw.path} [{raw.source}]"
        try:
            done = future.result()
        except Exception as err:  # a worker that died or failed: this document only
            report.failures.append(Failure(where, f"worker failed: {type(err).__name__}: {err}".splitlines()[0]))
            return
        if done.error:
            report.failures.append(Failure(where, done.error))
        elif not self._unchanged(raw, report):  # the same content twice in one batch is stored once
            assert done.doc is not None and done.built is not None  # a result without an error has both
            self._store(raw, done.doc, done.built, report)

    def ingest_file(self, path: Path, fmt: str | None, report: IngestReport) -> None:
        """All documents of one file, then (JSON Lines) drop records no longer in it."""
        read = _FileRead()
        for item in self._records(path, fmt, report, read):
            try:
                self.ingest_document(item, report)
            except BadInput as err:
                report.failures.append(Failure(f"{item.path} [{item.source}]", str(err)))
        if read.clean and read.seen:
            self._drop_stale(shown(path.resolve()), read.seen, report)  # the name its records carry

    def _records(self, path: Path, fmt: str | None, report: IngestReport, read: _FileRead) -> Iterator[RawDocument]:
        """The documents of one file; a part that cannot be read is reported and makes the
        file unclean (its stale records are then kept: they may be the unreadable ones)."""
        for item in read_file(path, self.max_bytes, fmt, self.max_jsonl_bytes):
            if isinstance(item, Failure):
                report.failures.append(item)
                read.clean = False
                continue
            read.seen.add(item.source)
            yield item

    def ingest_document(self, raw: RawDocument, report: IngestReport) -> None:
        """Skip unchanged content; otherwise build the graph and swap it in atomically."""
        if self._unchanged(raw, report):
            return
        self._store(raw, *self.process(raw), report)

    def _unchanged(self, raw: RawDocument, report: IngestReport) -> bool:
        """Count the document unchanged when its content is stored (under this or another source)."""
        twin = self.by_hash.get(content_hash(raw))
        if twin is None:
            return False
        report.unchanged += 1
        report.doc_ids.append(twin.doc_id)
        return True

    def _store(self, raw: RawDocument, doc: Document, built: BuiltDocument, report: IngestReport) -> None:
        """Swap the document's graph in, in one transaction, and note it in the catalogue."""
        old = self.catalogue.get((raw.path, raw.source))
        retired = [self.iris.doc_graph(old.doc_id)] if old is not None else []
        with self.store.transaction() as tx:
            stage(tx, self.store, self.iris, built, self.iris.doc_graph(doc.doc_id), retired)
        self.on_commit()
        info = DocInfo(doc.doc_id, doc.content_hash, raw.path, raw.source, doc.title)
        if old is not None:
            self.by_hash.pop(old.content_hash, None)
        self.catalogue[info.key] = self.by_hash[info.content_hash] = info
        report.triples += len(built.document) + len(built.entities)
        report.doc_ids.append(doc.doc_id)
        if old is None:
            report.added += 1
        else:
            report.updated += 1

    def process(self, raw: RawDocument) -> tuple[Document, BuiltDocument]:
        """The prepared document and its triples, within the time budget.

        Raises:
            BadInput: the budget ran out (one line, naming the setting).
        """
        done = prepared(raw, self.iris, self.encoder(), self.doc_seconds)
        if done.error:
            raise BadInput(done.error)
        assert done.doc is not None and done.built is not None  # a result without an error has both
        return done.doc, done.built

    def encoder(self) -> Encoder | None:
        """The topic encoder, loaded on the first document that needs it (never for re-runs)."""
        if self._encoder is None and self.encoder_factory is not None:
            self._encoder = self.encoder_factory()
        return self._encoder

    def _drop_stale(self, path: str, seen: set[str], report: IngestReport) -> None:
        stale = [d for key, d in self.catalogue.items() if key[0] == path and key[1] not in seen]
        if not stale:
            return
        with self.store.transaction() as tx:
            stage(tx, self.store, self.iris, retired=[self.iris.doc_graph(d.doc_id) for d in stale])
        self.on_commit()
        for doc in stale:
            del self.catalogue[doc.key]
            self.by_hash.pop(doc.content_hash, None)
        report.removed += len(stale)
