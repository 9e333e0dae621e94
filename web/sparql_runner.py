"""Running ``/sparql`` queries in worker processes, with limits that really hold.

A query cannot be interrupted inside pyoxigraph, so a thread timeout would leave it
burning a core. Instead a small pool of persistent worker processes (:mod:`web.sparql_worker`)
opens the store read-only. Keeping the workers alive between queries keeps the latency of a
small query at a few milliseconds. What one query may take is bounded three ways:

* **time**: a query that passes ``KG_SPARQL_TIMEOUT`` gets its worker killed (503);
* **memory**: each worker runs under an address-space cap of ``KG_SPARQL_MEMORY_MB`` above its
  size with the store open; a query past it kills the worker (503 naming the limit);
* **bytes**: the worker serialises at most ``KG_SPARQL_MAX_BYTES`` (413 past it), and a frame
  announcing more is refused here before it is read.

Admission is bounded too: a request waits for a busy worker only while fewer than
``KG_SPARQL_QUEUE`` others wait; past that it fails at once with 503 and ``Retry-After``, so
expensive queries can hold at most workers + queue server threads and other pages keep
answering. Every worker death (timeout, memory, signal, exit) is logged on the app's logger
with its cause and the query; the dead worker is replaced on the next query. A worker's stderr
goes to a temporary file, whose telling line ("memory allocation of ... failed", the last
line of a traceback) the log quotes.

The pool lives in ``app.extensions["sparql"]`` and starts nothing until the first query;
workers are killed when the pool is garbage collected or the server exits.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol

from flask import current_app

from kg.errors import KGError, StoreError

from .sparql_worker import EXIT_OUT_OF_MEMORY, HEADER

WORKER_SCRIPT = Path(__file__).with_name("sparql_worker.py")
EXTENSION = "sparql"
DEFAULT_WORKERS = 2  # app.config["SPARQL_WORKERS"] overrides
STARTUP_SECONDS = 30.0  # a worker imports pyoxigraph and says it is ready well within this
QUEUE_GRACE = 2.0  # a queued request waits the time limit plus this: a running query ends by then
HEADER_LIMIT = 1 << 20  # a header frame is a small JSON object
STDERR_TAIL = 65536  # bytes of a dead worker's stderr searched for its cause (Rust backtraces are long)
MEMORY_SIGNS = re.compile(rb"memory allocation of \d+ bytes failed|MemoryError|std::bad_alloc|Cannot allocate memory")
BACKTRACE_LINE = re.compile(r"\d+:|at |note: |stack backtrace:")  # frames of a Rust backtrace, not its cause
_POOL_LOCK = threading.Lock()


class QueryTimeout(KGError):
    """A query ran past the time limit and was stopped."""

    status = 503


class MemoryLimit(KGError):
    """A query needed more memory than a worker may use and was stopped."""

    status = 503


class ResultTooLarge(KGError):
    """A query's serialised result is larger than the byte cap."""

    status = 413


class EndpointBusy(KGError):
    """Every worker is busy and enough requests already wait: retry later."""

    status = 503

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class _FrameTooLarge(Exception):
    """The worker announced a frame larger than its limit."""


def _excerpt(query: str, size: int = 300) -> str:
    """The query on one line, cut to ``size`` characters, for the log."""
    flat = " ".join(query.split())
    return flat if len(flat) <= size else flat[:size] + "…"


class Worker:
    """One worker process and the framed pipe to it."""

    def __init__(self, store_dir: Path, memory_mb: int = 0, log: logging.Logger | None = None):
        self.store_dir, self.memory_mb = store_dir, memory_mb
        self.log = log or logging.getLogger(__name__)
        self.proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None  # a temporary file: what the worker said before dying

    @property
    def _running(self) -> subprocess.Popen[bytes]:
        """The worker process (started by :meth:`run` before anything asks for it)."""
        assert self.proc is not None
        return self.proc

    def _pipe(self, name: str) -> IO[bytes]:
        """The worker's ``stdin`` or ``stdout`` (both piped when it started)."""
        pipe: IO[bytes] | None = getattr(self._running, name)
        assert pipe is not None
        return pipe

    def _start(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT), str(self.store_dir), str(os.getpid()), str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            bufsize=0,
            close_fds=True,
        )
        try:
            ready = self._read(time.monotonic() + STARTUP_SECONDS, HEADER_LIMIT)
        except _FrameTooLarge:
            ready = None
        if ready is None:
            cause = (
                ": ".join(filter(None, self._ending()))
                if self._reap(1.0)
                else f"no answer within {STARTUP_SECONDS:g} s"
            )
            self.log.error("SPARQL worker %d did not start: %s", self.proc.pid, cause)
            self.stop()
            raise StoreError(f"the SPARQL query worker did not start ({cause})")

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        """Send one request; the (header, body) answer.

        Raises:
            QueryTimeout: past ``timeout`` seconds; MemoryLimit: past the memory cap;
            StoreError: the worker died or misbehaved (it is logged and replaced).
        """
        if self.proc is not None and self.proc.poll() is not None:
            self.log.warning(
                "SPARQL worker %d had died while idle: %s; starting a new one",
                self.proc.pid,
                ": ".join(filter(None, self._ending())),
            )
            self.stop()
        if self.proc is None:
            self._start()
        data = json.dumps(request).encode("utf-8")
        deadline = time.monotonic() + timeout
        try:
            self._pipe("stdin").write(HEADER.pack(len(data)) + data)
            header = self._read(deadline, HEADER_LIMIT)
            body = None if header is None else self._read(deadline, int(request["max_bytes"]))
        except OSError:
            header = body = None
        except _FrameTooLarge as err:
            self.log.error(
                "SPARQL worker %d sent %s; stopped it; query: %s", self._running.pid, err, _excerpt(request["query"])
            )
            self.stop()
            raise StoreError("the SPARQL query worker sent an answer over its size limit and was replaced") from None
        if header is None or body is None:
            raise self._lost(request, timeout, deadline)
        header = json.loads(header)
        if header.get("memory"):  # a MemoryError in Python: the worker answered and exits
            self._reap(2.0)
            raise self._out_of_memory(request, "MemoryError")
        return header, body

    def _lost(self, request: dict, timeout: float, deadline: float) -> KGError:
        """Why no answer came: a timeout (the worker is killed) or a death; logged either way."""
        pid, query = self._running.pid, _excerpt(request["query"])
        if not self._reap(0.0 if time.monotonic() >= deadline else 2.0):
            self.stop()
            self.log.warning(
                "SPARQL worker %d killed: the query ran past the %g-second limit (KG_SPARQL_TIMEOUT); query: %s",
                pid,
                timeout,
                query,
            )
            return QueryTimeout(
                f"the query ran longer than the {timeout:g}-second limit "
                "(KG_SPARQL_TIMEOUT) and was stopped; add LIMIT or narrow its patterns"
            )
        how, detail = self._ending()
        if MEMORY_SIGNS.search(self._stderr_tail()):
            return self._out_of_memory(request, f"{how}: {detail}")
        self.stop()
        self.log.error(
            "SPARQL worker %d died running a query: %s; query: %s", pid, ": ".join(filter(None, (how, detail))), query
        )
        return StoreError(
            f"the SPARQL query worker died running this query ({how}) and was replaced; the server log has the details"
        )

    def _out_of_memory(self, request: dict, cause: str) -> MemoryLimit:
        limit = (
            f"the {self.memory_mb} MB memory limit (KG_SPARQL_MEMORY_MB)" if self.memory_mb else "the memory available"
        )
        self.log.error(
            "SPARQL worker %d stopped: the query needed more than %s: %s; query: %s",
            self._running.pid,
            limit,
            cause,
            _excerpt(request["query"]),
        )
        self.stop()
        return MemoryLimit(f"the query needed more than {limit} and was stopped; add LIMIT or narrow its patterns")

    def _reap(self, wait: float) -> bool:
        """True when the worker has exited (waiting up to ``wait`` seconds for it)."""
        try:
            self._running.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return False
        return True

    def _ending(self) -> tuple[str, str]:
        """How the (exited) worker ended, and the telling line of its stderr ("" if none)."""
        code = self._running.returncode
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name} ({signal.strsignal(-code)})"
            except ValueError:
                how = f"killed by signal {-code}"
        elif code == EXIT_OUT_OF_MEMORY:
            how = "exited after running out of memory"
        else:
            how = f"exited with code {code}"
        lines = [ln.strip() for ln in self._stderr_tail().decode("utf-8", "replace").splitlines() if ln.strip()]
        causes = [ln for ln in lines if not BACKTRACE_LINE.match(ln)]
        telling = next((ln for ln in lines if MEMORY_SIGNS.search(ln.encode())), causes[-1] if causes else "")
        return how, telling[:300]

    def _stderr_tail(self) -> bytes:
        if self._stderr is None:
            return b""
        self._stderr.seek(0, os.SEEK_END)
        self._stderr.seek(max(0, self._stderr.tell() - STDERR_TAIL))
        return self._stderr.read()

    def _read(self, deadline: float, limit: int) -> bytes | None:
        """One frame, or None when the deadline passes or the worker is gone.

        Raises:
            _FrameTooLarge: the frame announces more than ``limit`` bytes.
        """
        head = self._read_exact(HEADER.size, deadline)
        if head is None:
            return None
        size = HEADER.unpack(head)[0]
        if size > limit:
            raise _FrameTooLarge(f"a {size:,}-byte frame (limit {limit:,})")
        return self._read_exact(size, deadline)

    def _read_exact(self, size: int, deadline: float) -> bytes | None:
        # poll, not select: a server with many open files has descriptors above select's 1024
        fd, chunks, left = self._pipe("stdout").fileno(), [], size
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0 or not poller.poll(max(1, int(wait * 1000))):
                return None
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        _kill(self.proc)
        self.proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


def _kill(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()
    if proc is not None:
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:  # both are piped: see Worker._start
                pipe.close()


class Runner(Protocol):
    """What runs requests in a worker's place: a :class:`Worker`, or the ``sparql`` backend's
    stand-in (:class:`web.sparql_remote.RemoteWorker`)."""

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]: ...

    def stop(self) -> None: ...


class WorkerPool:
    """``size`` workers over one store, with at most ``queue`` requests waiting for one.

    ``factory`` makes something else that runs requests in a worker's place (the ``sparql``
    backend forwards them to its server: :mod:`web.sparql_remote`); admission is the same.
    """

    def __init__(
        self,
        store_dir: Path,
        size: int = DEFAULT_WORKERS,
        *,
        queue: int = 2,
        memory_mb: int = 0,
        log: logging.Logger | None = None,
        factory: Callable[[], Runner] | None = None,
    ):
        self.log = log or logging.getLogger(__name__)
        make = factory or (lambda: Worker(Path(store_dir), memory_mb, self.log))
        self.workers: list[Runner] = [make() for _ in range(max(1, size))]
        self.queue = max(0, queue)
        self._idle = list(self.workers)
        self._waiting = 0
        self._free = threading.Condition()
        weakref.finalize(self, _stop_all, self.workers)

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        """Run ``request`` on a free worker (see :meth:`Worker.run`).

        Raises:
            EndpointBusy: no worker is free and the queue is full, or none freed up in time.
        """
        worker = self._acquire(timeout)
        try:
            return worker.run(request, timeout)
        finally:
            with self._free:
                self._idle.append(worker)
                self._free.notify()

    def _acquire(self, timeout: float) -> Runner:
        with self._free:
            if not self._idle:
                if self._waiting >= self.queue:
                    raise self._busy(timeout)
                self._waiting += 1
                try:
                    freed = self._free.wait_for(lambda: self._idle, timeout + QUEUE_GRACE)
                finally:
                    self._waiting -= 1
                if not freed:
                    raise self._busy(timeout)
            return self._idle.pop()

    def _busy(self, timeout: float) -> EndpointBusy:
        return EndpointBusy(
            f"the SPARQL endpoint is busy ({len(self.workers)} queries running, {self._waiting} "
            f"waiting); retry in {math.ceil(timeout)} s",
            math.ceil(timeout),
        )

    def busy(self) -> tuple[int, int]:
        """(workers running a query, requests waiting for one)."""
        with self._free:
            return len(self.workers) - len(self._idle), self._waiting

    def close(self) -> None:
        _stop_all(self.workers)


def _stop_all(workers: list[Runner]) -> None:
    for worker in workers:
        worker.stop()


def get_pool(store_dir: Path, factory: Callable[[], Runner] | None = None) -> WorkerPool:
    """The current app's pool, created on first use (``factory``: see :class:`WorkerPool`)."""
    with _POOL_LOCK:
        pool = current_app.extensions.get(EXTENSION)
        if pool is None:
            config = current_app.config
            pool = current_app.extensions[EXTENSION] = WorkerPool(
                store_dir,
                int(config.get("SPARQL_WORKERS", DEFAULT_WORKERS)),
                queue=int(config["KG_SPARQL_QUEUE"]),
                memory_mb=int(config["KG_SPARQL_MEMORY_MB"]),
                log=current_app.logger,
                factory=factory,
            )
        return pool
