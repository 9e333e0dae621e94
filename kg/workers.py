"""Preparation, extraction and triples of documents in worker processes.

Normalising a document, splitting and segmenting its sentences, extracting its facts and
building its triples depend on the document alone, so they run in parallel; writing them stays
with the one process that owns the store (:class:`kg.ingest.Ingestor`), which takes the results
in the order the documents were read. A document goes to a worker as its frozen
:class:`~kg.reader.RawDocument` and comes back as the prepared document and its two graphs
(its triples as N-Triples lines, :mod:`kg.ntriples`: 0.1 ms to unpickle where rdflib
graphs took 5 ms, and written by the store as they are).

:class:`Pool` is the interface a backend implements (``submit`` returning a future, and
``close``): :class:`LocalPool` runs worker processes on this machine
(``concurrent.futures``), :class:`kg.cluster.DaskPool` runs them on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .build import BuiltDocument, document_graph
from .document import Document, prepare
from .extract import extract_document
from .iris import Iris
from .reader import RawDocument

if TYPE_CHECKING:
    from .embeddings import Encoder

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


def _code_digest() -> str:
    """A digest of the files of ``kg/`` and ``ontology/`` (1 MB: about 10 ms), taken as this
    module is imported, beside the modules that prepare documents: a process started before
    the code changed keeps the digest of the code it runs (the cluster's workers are checked
    against the driver with it)."""
    import ontology

    digest = hashlib.sha256()
    for root in (Path(__file__).parent, Path(ontology.__file__).parent):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


LOADED_CODE = _code_digest()


@dataclass(frozen=True)
class Prepared:
    """A worker's result: the prepared document and its triples, or why it was abandoned."""

    doc: Document | None
    built: BuiltDocument | None
    error: str | None = None


class Pending(Protocol[T_co]):
    """A job submitted to a pool: ``result()`` waits for its value, or raises what the job
    raised (:class:`WorkerDied` when the process running it died)."""

    def result(self, timeout: float | None = None) -> T_co: ...


class Pool(Protocol):
    """Where documents are prepared: ``submit(fn, *args)`` gives a future of ``fn(*args)``;
    ``workers`` says how many run at once (the driver keeps a few documents in flight each)."""

    @property
    def workers(self) -> int: ...

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]: ...

    def close(self) -> None: ...


class WorkerDied(Exception):
    """The worker process running a job died (killed, out of memory, a crash in native code)."""


class LocalPool:
    """``workers`` processes on this machine. Each loads the NLP models (and the topic
    encoder, when one is configured) once, on its first document.

    When one of them dies, ``concurrent.futures`` fails every job of the pool and refuses new
    ones; so the pool starts afresh and a job it failed that way runs once more (a job that
    fails so twice is taken to be the one that killed its process: :class:`WorkerDied`)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        # spawned, not forked: the driver holds the store open and runs threads (search
        # sync, the time budget's watcher), which a forked child must not inherit
        return ProcessPoolExecutor(
            max_workers=self.workers,
            initializer=_worker_start,
            initargs=(os.getpid(),),
            mp_context=multiprocessing.get_context("spawn"),
        )

    def submit(self, fn: Callable[..., T], /, *args: Any) -> _LocalJob[T]:
        return _LocalJob(self, fn, args)

    def run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> Future[T]:
        """``fn(*args)`` in a worker, on fresh processes if a worker died since the last job."""
        try:
            return self._executor.submit(fn, *args)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class _LocalJob(Generic[T]):
    """A job of a :class:`LocalPool`, run a second time if a worker's death failed it."""

    def __init__(self, pool: LocalPool, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._pool, self._fn, self._args = pool, fn, args
        self._future = pool.run(fn, args)

    def result(self, timeout: float | None = None) -> T:
        try:
            return self._future.result(timeout)
        except BrokenProcessPool:
            pass
        try:
            return self._pool.run(self._fn, self._args).result(timeout)
        except BrokenProcessPool:
            raise WorkerDied("2 worker processes died running it (out of memory, or a crash in native code)") from None


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_ENCODERS: dict[object, Encoder] = {}  # per worker process: the encoder its factory made, loaded once


def prepare_and_extract(
    raw: RawDocument, iris: Iris, encoder_factory: Callable[[], Encoder] | None, doc_seconds: float | None
) -> Prepared:
    """:func:`prepared`, in a worker process. ``encoder_factory`` must pickle (a module-level
    function or a ``functools.partial`` of one); the encoder it makes is kept for the worker's
    later documents."""
    encoder = None
    if encoder_factory is not None:
        key = _factory_key(encoder_factory)
        if key not in _ENCODERS:
            _ENCODERS[key] = encoder_factory()
        encoder = _ENCODERS[key]
    return prepared(raw, iris, encoder, doc_seconds)


def _factory_key(factory: Callable[[], Encoder]) -> object:
    """What makes two encoder factories the same: each job unpickles a new ``partial``, and
    partials compare by identity, so keyed by the object one encoder was loaded per document."""
    if isinstance(factory, partial):
        return factory.func, factory.args, tuple(sorted(factory.keywords.items()))
    return factory


def prepared(raw: RawDocument, iris: Iris, encoder: Encoder | None, doc_seconds: float | None) -> Prepared:
    """One document prepared, extracted and built into triples within its time budget (the
    same in this process and in a worker)."""
    from .ingest import OverBudget, time_budget

    if doc_seconds:  # loading the models is not the document's time
        warm(encoder)
    started = time.perf_counter()
    try:
        with time_budget(doc_seconds):
            doc = prepare(raw)
            return Prepared(doc, document_graph(doc, iris, extract_document(doc, encoder)).as_lines())
    except OverBudget:
        return Prepared(None, None, abandoned(time.perf_counter() - started, doc_seconds, len(raw.body)))


def abandoned(seconds: float, budget: float | None, size: int) -> str:
    """The one-line error of a document past its time budget."""
    return (
        f"abandoned after {seconds:.0f} s (the limit per document, KG_DOC_SECONDS, is {budget:g} s; "
        f"{size:,} characters): split it into smaller files or raise the limit"
    )


_WARMED: list[bool] = []


def warm(encoder: Encoder | None) -> None:
    """Load the word segmenter, tables and models once per process, outside any time budget:
    the first document must not pay for them, nor be interrupted in them."""
    if _WARMED:
        return
    tiny = RawDocument(
        path="", source="", format="text", title="Tin", body="UBND tỉnh Thái Nguyên đề xuất nâng cấp đường tỉnh 262."
    )
    extract_document(prepare(tiny), encoder)
    _WARMED.append(True)


def _worker_start(driver: int) -> None:
    """In each worker process: Ctrl-C is left to the driver, which stops the workers; and a
    worker whose driver is gone (killed, so it could not stop them) exits within a second,
    where it would otherwise wait for jobs forever, holding its models' memory."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == driver:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="vnkg-driver-watch", daemon=True).start()
