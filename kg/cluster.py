"""Documents prepared on a Dask cluster: the :class:`kg.workers.Pool` of ``kg ingest --cluster``.

The work a worker does is the one :class:`kg.workers.LocalPool` gives its processes
(:func:`kg.workers.prepare_and_extract`, pure per document); only where it runs changes. The
driver (:class:`kg.ingest.Ingestor`) still alone writes, in the order the documents were read,
and skips what is stored unchanged, so a run that was killed is resumed by running it again.

Dask distributed rather than Ray: ``Client.submit`` returns futures with ``result()``, as
``concurrent.futures`` does, so the driver's ordered window is unchanged; a ``LocalCluster``
(scheduler in this process, workers spawned on this machine) is what CI and ``--cluster local``
run, with no other service; and the package is pure Python, where Ray ships a large native wheel
and starts its own control processes (GCS, raylet) for even a local run.

Each Dask worker is a process with one thread here (``threads_per_worker=1`` for a local cluster,
and ``dask worker --nthreads 1`` is what the README shows for a remote one: extraction holds the
GIL, so threads would only take turns). The per-process caches of
:mod:`kg.workers` (the NLP models, the topic encoder) persist across the tasks a worker runs,
so each worker process loads them once.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import ConfigError
from .workers import LOADED_CODE, Pending, Pool, WorkerDied, default_workers

if TYPE_CHECKING:  # imported where used: only a cluster run needs the (optional) package
    from distributed import Client, LocalCluster
    from distributed import Future as DaskFuture

T = TypeVar("T")

LOCAL = "local"
CONNECT_SECONDS = 20.0  # an unreachable scheduler is reported after this long
WORKERS_SECONDS = 60.0  # a scheduler with no workers is reported after this long
RETRIES = 1  # a document whose worker died is tried once more on another (local cluster)


@dataclass(frozen=True)
class Cluster:
    """Where ``kg ingest --cluster`` runs: the address of a running scheduler, or (``scheduler``
    empty) a local cluster of ``size`` worker processes started for the run."""

    scheduler: str = ""
    size: int = 0

    @property
    def local(self) -> bool:
        return not self.scheduler

    @classmethod
    def parse(cls, address: str, workers: int | None = None, default: int = 0) -> Cluster:
        """``local``, ``local:N`` or a scheduler's address (``tcp://host:8786``).

        ``workers`` is ``--workers`` as given (None: not given); it sizes ``local`` and is
        refused beside a size or a remote scheduler, which it could not honour. ``default``
        sizes ``local`` otherwise (``KG_WORKERS``); 0 means one worker per core.

        Raises:
            ConfigError: the address or the size is not one of those (one line).
        """
        address = address.strip()
        name, _, size = address.partition(":")
        if name.lower() != LOCAL:
            if workers is not None:
                raise ConfigError(
                    f"--workers sizes a local cluster; the cluster at {address} has the workers "
                    f"its scheduler has (start more there)"
                )
            return cls(scheduler=address)
        if size:
            if workers is not None:
                raise ConfigError(
                    f"give the local cluster's size once: --cluster {LOCAL}:N or --workers N, "
                    f"not both (got {address} and --workers {workers})"
                )
            if not size.isdigit() or int(size) < 1:
                raise ConfigError(f"--cluster {address}: the size after '{LOCAL}:' must be a whole number ≥ 1")
            return cls(size=int(size))
        wanted = workers if workers is not None else default
        return cls(size=wanted or default_workers())

    def __str__(self) -> str:
        return self.scheduler or f"{LOCAL}:{self.size}"


class DaskPool:
    """A :class:`kg.workers.Pool` over a Dask cluster: a running scheduler, or a local cluster
    that lives as long as the pool. ``workers`` is the cluster's total worker threads.

    Raises:
        ConfigError: ``distributed`` is missing, the scheduler cannot be reached, it has no
            workers, or its workers cannot run or do not run this process's vnkg code (one
            line each, naming the address).
    """

    def __init__(self, cluster: Cluster, connect_seconds: float | None = None, workers_seconds: float | None = None):
        try:
            from distributed import Client
        except ModuleNotFoundError as err:
            raise ConfigError(
                f"kg ingest --cluster needs the {err.name!r} package: pip install 'vnkg[cluster]'"
            ) from None
        self.cluster = cluster
        self._local: LocalCluster | None = None
        self._quiet = _Quiet()  # the scheduler and nannies of a local cluster log here
        try:
            self._client = self._connect(Client, connect_seconds or CONNECT_SECONDS)
        except BaseException:
            self._quiet.restore()
            raise
        try:
            if not cluster.local:  # a local cluster's workers run this checkout, as LocalPool's do
                self._check_workers(workers_seconds or WORKERS_SECONDS)
        except BaseException:
            self.close()
            raise
        self.workers = max(1, sum(self._client.nthreads().values()))

    def _connect(self, client: type[Client], seconds: float) -> Client:
        """A client of the scheduler, or of a local cluster started here."""
        if self.cluster.local:
            self._local = _local_cluster(self.cluster.size)
            return client(self._local)
        try:
            return client(self.cluster.scheduler, timeout=seconds)
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {self.cluster.scheduler} "
                f"({_first_line(err)}): start it (dask scheduler), or check "
                f"--cluster / KG_CLUSTER"
            ) from None

    def _check_workers(self, seconds: float) -> None:
        """At least one worker, and every worker runs the vnkg this process runs (documents
        built by another version would differ from the ones this process would build)."""
        try:
            self._client.wait_for_workers(1, timeout=seconds)
        except TimeoutError:
            raise ConfigError(
                f"the Dask scheduler at {self.cluster} has no workers (waited {seconds:.0f} s): "
                f"start some (dask worker {self.cluster})"
            ) from None
        try:
            found = self._client.run(code_version)
        except Exception as err:  # noqa: BLE001 - whatever a worker raises, it cannot run ours
            raise ConfigError(
                f"the workers of the Dask cluster at {self.cluster} cannot run this vnkg "
                f"({type(err).__name__}: {_first_line(err)}): install the same vnkg on every worker "
                f"(and restart workers started before it changed)"
            ) from None
        ours = code_version()
        other = sorted({v for v in found.values() if v != ours})
        if other:
            raise ConfigError(
                f"the workers of the Dask cluster at {self.cluster} run vnkg {', '.join(other)}, "
                f"this process {ours}: install the same code everywhere (and restart workers "
                f"started before it changed)"
            )

    def submit(self, fn: Callable[..., T], /, *args: Any) -> _Pending[T]:
        # pure=False: each document is its own task, never merged with an equal-looking one
        return _Pending(self._client.submit(fn, *args, pure=False))

    def close(self) -> None:
        """Let go of the cluster (a local one stops; a remote one drops this run's tasks)."""
        try:
            self._client.close()
            if self._local is not None:
                self._local.close()
        finally:
            self._quiet.restore()


class _Quiet:
    """Dask's own log lines (workers joining and leaving, a task whose workers died) silenced
    in this process while the pool lives: the driver reports each failure in one line."""

    def __init__(self) -> None:
        self._logger = logging.getLogger("distributed")
        self._level = self._logger.level
        self._logger.setLevel(logging.CRITICAL)

    def restore(self) -> None:
        self._logger.setLevel(self._level)


class StartedOnUse:
    """A pool made on its first job: a re-run that finds every document stored (a resumed run
    that had finished) connects to no scheduler and starts no local cluster."""

    def __init__(self, factory: Callable[[], Pool]) -> None:
        self._factory = factory
        self._pool: Pool | None = None

    @property
    def pool(self) -> Pool:
        if self._pool is None:
            self._pool = self._factory()
        return self._pool

    @property
    def workers(self) -> int:
        return self.pool.workers

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]:
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


class _Pending(Generic[T]):
    """A Dask future whose ``result()`` says in one line when the worker processes running it
    died (Dask's ``KilledWorker`` names a task key and a worker address instead)."""

    def __init__(self, future: DaskFuture[T]) -> None:
        self._future = future

    def result(self, timeout: float | None = None) -> T:
        from distributed.scheduler import KilledWorker

        try:
            return self._future.result(timeout)
        except KilledWorker as err:
            tries = err.allowed_failures + 1 if isinstance(err.allowed_failures, int) else "the"
            raise WorkerDied(
                f"{tries} worker processes died running it (out of memory, or a crash in native code)"
            ) from None


def _local_cluster(size: int) -> LocalCluster:
    """``size`` worker processes of one thread each on this machine, for this run: bound to the
    loopback address, on ports the system picks (several runs and other programs may share the
    machine), with no dashboard and no log lines of their own (the driver reports failures)."""
    from distributed import LocalCluster

    with _interrupts_ignored():  # the workers inherit it: Ctrl-C is the driver's, which stops them
        return LocalCluster(
            n_workers=size,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
            scheduler_kwargs={"allowed_failures": RETRIES, "dashboard": False, "dashboard_address": "127.0.0.1:0"},
        )


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored in this process while the block runs (processes spawned meanwhile keep
    ignoring it, Python and asyncio leaving an ignored SIGINT alone); only from the main thread,
    the one signals are set from."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def code_version() -> str:
    """The installed vnkg's version and the digest of the code this process loaded
    (:data:`kg.workers.LOADED_CODE`): what a worker must match. The version number alone would
    let a worker started before the code changed (same number, an edited checkout) build
    documents differently from what this process would."""
    try:
        number = version("vnkg")
    except PackageNotFoundError:
        number = "unknown"
    return f"{number} (code {LOADED_CODE})"


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__
