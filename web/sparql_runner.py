"""Running ``/sparql`` queries in worker processes, with a time limit that really holds.

A query cannot be interrupted inside pyoxigraph, so a thread timeout would leave it
burning a core. Instead a small pool of persistent worker processes (:mod:`web.sparql_worker`)
opens the store read-only; a query that passes ``KG_SPARQL_TIMEOUT`` gets its worker
killed, and a fresh one is started for the next query. Keeping the workers alive between
queries keeps the latency of a small query at a few milliseconds.

The pool lives in ``app.extensions["sparql"]`` and starts nothing until the first query;
workers are killed when the pool is garbage collected or the server exits.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

from flask import current_app

from kg.errors import KGError, StoreError

from .sparql_worker import HEADER

WORKER_SCRIPT = Path(__file__).with_name("sparql_worker.py")
EXTENSION = "sparql"
DEFAULT_WORKERS = 2  # app.config["SPARQL_WORKERS"] overrides
STARTUP_SECONDS = 30.0  # a worker imports pyoxigraph and says it is ready well within this
_POOL_LOCK = threading.Lock()


class QueryTimeout(KGError):
    """A query ran past the time limit and was stopped."""

    status = 503


class Worker:
    """One worker process and the framed pipe to it."""

    def __init__(self, store_dir: Path):
        self.store_dir = store_dir
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT), str(self.store_dir), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True)
        if self._read(time.monotonic() + STARTUP_SECONDS) is None:
            self.stop()
            raise StoreError("the SPARQL query worker did not start (see the server log)")

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        """Send one request; the (header, body) answer, or QueryTimeout after ``timeout`` s."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        data = json.dumps(request).encode("utf-8")
        deadline = time.monotonic() + timeout
        try:
            self.proc.stdin.write(HEADER.pack(len(data)) + data)
            header, body = self._read(deadline), self._read(deadline)
        except OSError:
            header = body = None
        if header is None or body is None:
            timed_out = time.monotonic() >= deadline
            self.stop()
            if timed_out:
                raise QueryTimeout(f"the query ran longer than the {timeout:g}-second limit "
                                   "(KG_SPARQL_TIMEOUT) and was stopped; add LIMIT or narrow its patterns")
            raise StoreError("the SPARQL query worker stopped unexpectedly (see the server log)")
        return json.loads(header), body

    def _read(self, deadline: float) -> bytes | None:
        """One frame, or None when the deadline passes or the worker is gone."""
        head = self._read_exact(HEADER.size, deadline)
        return None if head is None else self._read_exact(HEADER.unpack(head)[0], deadline)

    def _read_exact(self, size: int, deadline: float) -> bytes | None:
        # poll, not select: a server with many open files has descriptors above select's 1024
        fd, chunks, left = self.proc.stdout.fileno(), [], size
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


def _kill(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()
    if proc is not None:
        for pipe in (proc.stdin, proc.stdout):
            pipe.close()


class WorkerPool:
    """``size`` workers over one store; a request waits up to its timeout for a free one."""

    def __init__(self, store_dir: Path, size: int = DEFAULT_WORKERS):
        self.workers = [Worker(Path(store_dir)) for _ in range(max(1, size))]
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        for worker in self.workers:
            self._idle.put(worker)
        weakref.finalize(self, _stop_all, self.workers)

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise StoreError("the SPARQL endpoint is busy with other queries; retry in a moment") from None
        try:
            return worker.run(request, timeout)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        _stop_all(self.workers)


def _stop_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.stop()


def get_pool(store_dir: Path) -> WorkerPool:
    """The current app's pool, created on first use."""
    with _POOL_LOCK:
        pool = current_app.extensions.get(EXTENSION)
        if pool is None:
            size = int(current_app.config.get("SPARQL_WORKERS", DEFAULT_WORKERS))
            pool = current_app.extensions[EXTENSION] = WorkerPool(store_dir, size)
        return pool
