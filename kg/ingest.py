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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .build import document_graph
from .entities import stage
from .catalog import DocInfo, documents
from .document import content_hash, prepare
from .errors import BadInput
from .extract import extract_document
from .iris import Iris
from .reader import Failure, RawDocument, iter_paths, read_file, shown
from .store import Store


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
        text = (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.failed} failed; {self.triples} triples written in {self.seconds:.1f} s")
        return text + (f"; {self.removed} stale records removed" if self.removed else "")


class OverBudget(BaseException):
    """Raised inside the thread whose time budget ran out (a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` on the way swallows it)."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Schedule ``exc`` in thread ``thread_id`` (None cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the calling thread once the block has run ``seconds``.

    A watcher thread schedules the exception in this thread (CPython delivers it between
    two bytecodes, so a long C call finishes first) and repeats it every second until the
    block is left, in case library code swallowed it. Leaving the block stops the watcher
    and cancels an exception not delivered yet: nothing fires after the block. No budget
    when ``seconds`` is falsy. The block must not hold resources that need cleanup beyond
    what ``with``/``finally`` gives (pure computation: no store writes).
    """
    if not seconds or seconds <= 0:
        yield
        return
    target, guard, stop, live = threading.get_ident(), threading.Lock(), threading.Event(), [True]

    def watch() -> None:
        wait = seconds
        while not stop.wait(wait):
            with guard:
                if not live[0]:
                    return
                _raise_in(target, OverBudget)
            wait = 1.0

    try:
        threading.Thread(target=watch, name="vnkg-time-budget", daemon=True).start()
        yield
    finally:
        while True:  # first thing: an exception delivered while switching off is caught here
            try:
                with guard:
                    live[0] = False
                    _raise_in(target, None)
                    stop.set()
                break
            except OverBudget:
                continue


class Ingestor:
    """Ingests files into a store; one instance per run (it caches the catalogue).

    Args:
        on_commit: called after each committed change (a document stored, replaced or
            dropped), e.g. to tell readers that the store changed.
        doc_seconds: time budget of one document's processing; None or 0: no limit.
    """

    def __init__(self, store: Store, iris: Iris, max_bytes: int, max_jsonl_bytes: int | None = None,
                 encoder_factory: Callable[[], object] | None = None,
                 on_commit: Callable[[], None] | None = None, doc_seconds: float | None = None):
        self.store, self.iris = store, iris
        self.max_bytes, self.max_jsonl_bytes = max_bytes, max_jsonl_bytes
        self.encoder_factory, self._encoder = encoder_factory, None
        self.on_commit = on_commit or (lambda: None)
        self.doc_seconds, self._warmed = doc_seconds, False
        self.catalogue: dict[tuple[str, str], DocInfo] = {d.key: d for d in documents(store)}
        self.by_hash: dict[str, DocInfo] = {d.content_hash: d for d in self.catalogue.values()}

    def run(self, paths: Iterable[Path], fmt: str | None = None,
            progress: Callable[[Iterable], Iterable] = iter) -> IngestReport:
        """Ingest every file under ``paths``; one bad file never stops the batch."""
        report, started = IngestReport(), time.perf_counter()
        files = list(iter_paths([Path(p) for p in paths]))
        for item in progress(files):
            if isinstance(item, Failure):
                report.failures.append(item)
            else:
                self.ingest_file(item, fmt, report)
        report.seconds = time.perf_counter() - started
        return report

    def ingest_file(self, path: Path, fmt: str | None, report: IngestReport) -> None:
        """All documents of one file, then (JSON Lines) drop records no longer in it."""
        seen, clean = set(), True
        for item in read_file(path, self.max_bytes, fmt, self.max_jsonl_bytes):
            if isinstance(item, Failure):
                report.failures.append(item)
                clean = False
                continue
            seen.add(item.source)
            try:
                self.ingest_document(item, report)
            except BadInput as err:
                report.failures.append(Failure(f"{item.path} [{item.source}]", str(err)))
        if clean and seen:
            self._drop_stale(shown(path.resolve()), seen, report)  # the name its records carry

    def ingest_document(self, raw: RawDocument, report: IngestReport) -> None:
        """Skip unchanged content; otherwise build the graph and swap it in atomically."""
        old = self.catalogue.get((raw.path, raw.source))
        twin = self.by_hash.get(content_hash(raw))
        if twin is not None:  # unchanged, or identical content already stored under another source
            report.unchanged += 1
            report.doc_ids.append(twin.doc_id)
            return
        doc, built = self.process(raw)
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

    def process(self, raw: RawDocument):
        """The prepared document and its triples, within the time budget.

        Raises:
            BadInput: the budget ran out (one line, naming the setting).
        """
        encoder = self.encoder()  # loading the models is not the document's time
        self._warm(encoder)
        started = time.perf_counter()
        try:
            with time_budget(self.doc_seconds):
                doc = prepare(raw)
                return doc, document_graph(doc, self.iris, extract_document(doc, encoder))
        except OverBudget:
            size = len(raw.body)
            raise BadInput(f"abandoned after {time.perf_counter() - started:.0f} s (the limit per document, "
                           f"KG_DOC_SECONDS, is {self.doc_seconds:g} s; {size:,} characters): split it "
                           f"into smaller files or raise the limit") from None

    def _warm(self, encoder) -> None:
        """Load the NLP models and tables (imports, word segmenter, gazetteer) once, outside
        any budget: the first document must not pay for them, nor be interrupted in them."""
        if self._warmed or not self.doc_seconds:
            return
        tiny = RawDocument(path="", source="", format="text", title="Tin",
                           body="UBND tỉnh Thái Nguyên đề xuất nâng cấp đường tỉnh 262.")
        extract_document(prepare(tiny), encoder)
        self._warmed = True

    def encoder(self):
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
