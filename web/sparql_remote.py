"""``/sparql`` over the ``sparql`` store backend: queries forwarded to the SPARQL server.

With ``KG_STORE_BACKEND=sparql`` the graph is on a server, so there is no local store for a
worker process to open. Each query is sent to the server's query endpoint instead, and the
answer is read back through the same code the worker uses (:func:`web.sparql_worker.handle`
over a stand-in for pyoxigraph's ``Store``), so results, formats and caps are identical.
The limits hold as follows:

* **read-only**: a text with an update keyword is never sent (:func:`not_a_query`: some
  servers run updates sent to their query endpoint), and what is sent goes to the
  Protocol's *query* operation;
* **time**: the answer must be complete within ``KG_SPARQL_TIMEOUT``; past it the connection
  is dropped and the request gets 503 (an Oxigraph server stops a streamed query when its
  client goes; start it with ``--timeout-s`` so it also stops one still computing);
* **size**: at most ``KG_SPARQL_MAX_ROWS`` rows are read (then the connection is dropped),
  at most ``KG_SPARQL_MAX_BYTES`` serialised (413), and never more than
  :data:`RAW_FACTOR` times that from the server;
* **admission**: the pool's slots and queue (``KG_SPARQL_QUEUE``) are the same as with
  worker processes. ``KG_SPARQL_MEMORY_MB`` does not apply: the memory a query takes is the
  server's (and what is parsed here is bounded by the caps above).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BadQuery
from kg.sparql_http import Deadline, ServerTimeout, accept_for
from kg.sparql_store import SparqlStore, parse_answer

from .sparql_check import UPDATE_KEYWORDS, UPDATE_REFUSED, code_tokens
from .sparql_runner import QueryTimeout
from .sparql_worker import ResultTooLarge, handle

RAW_FACTOR = 2  # the server's JSON for the rows we keep is about our own JSON's size


class RemoteDataset:
    """What :func:`web.sparql_worker.execute` needs of a store: ``query`` with its options,
    answered by the server under one request's deadline and byte cap."""

    def __init__(self, store: SparqlStore, timeout: float, max_bytes: int):
        self.store, self.timeout, self.max_bytes = store, timeout, max_bytes
        self.stream: Deadline | None = None

    def query(
        self,
        sparql: str,
        prefixes: dict[str, str] | None = None,
        default_graph: Iterable[ox.NamedNode] | None = None,
        named_graphs: Iterable[ox.NamedNode] | None = None,
    ) -> ox.QueryBoolean | ox.QuerySolutions | Iterator[ox.Triple]:
        # One line of declarations, so the server's error positions are off by one line only.
        prologue = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in (prefixes or {}).items())
        text, params = self.store.prepare(
            f"{prologue}\n{sparql}" if prologue else sparql,
            True,
            [g.value for g in default_graph or ()],
            [g.value for g in named_graphs or ()],
        )
        started = time.monotonic()
        try:
            response = self.store.server.query(text, accept=accept_for(sparql), params=params, timeout=self.timeout)
        except ServerTimeout:
            raise self._timed_out() from None
        left = self.timeout - (time.monotonic() - started)
        self.stream = Deadline(
            response,
            left,
            RAW_FACTOR * self.max_bytes + (1 << 20),
            self._timed_out,
            lambda: ResultTooLarge(self.max_bytes),
        )
        result = parse_answer(self.store.plain_labels(self.stream))
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            return result
        return (ox.Triple(q.subject, q.predicate, q.object) for q in result)

    def _timed_out(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than the {self.timeout:g}-second limit "
            "(KG_SPARQL_TIMEOUT) and was stopped; add LIMIT or narrow its patterns"
        )

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def not_a_query(text: str) -> str | None:
    """Why ``text`` must not be sent to the server's query endpoint, or None.

    A server may run updates sent to its query endpoint (Virtuoso's ``/sparql`` does, once
    vnkg's writes are allowed there), so the read-only guarantee cannot rest on the server:
    an update keyword anywhere in the code refuses the query here (no SPARQL query contains
    one), as does Virtuoso's ``define`` pragma (not SPARQL; it can make the server fetch URLs).
    """
    words = {token.lower() for kind, token in code_tokens(text) if kind == "word"}
    if words & UPDATE_KEYWORDS:
        return UPDATE_REFUSED
    if "define" in words:
        return "'define' pragmas are not SPARQL and are not allowed here"
    return None


class RemoteWorker:
    """Stands where a worker process stands in :class:`web.sparql_runner.WorkerPool`."""

    def __init__(self, store: SparqlStore):
        self.store = store

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        """One query's (header, body), as :meth:`web.sparql_runner.Worker.run` returns them.

        Raises:
            QueryTimeout: past ``timeout``; StoreError: the server is down or failed.
        """
        if refused := not_a_query(request["query"]):
            return {"ok": False, "status": 400, "syntax": True, "error": refused}, b""
        dataset = RemoteDataset(self.store, timeout, int(request["max_bytes"]))
        try:
            return handle(dataset, request)
        except BadQuery as err:  # the server's 400: a syntax error, or an update sent as a query
            reason = str(err).removeprefix("the SPARQL server refused the query: ")
            return {
                "ok": False,
                "status": 400,
                "syntax": True,
                "error": f"SPARQL syntax error (or a query the server refuses): {reason}",
            }, b""
        finally:
            dataset.close()

    def stop(self) -> None:
        """Nothing runs between requests (the server's connections stay pooled)."""


def remote_workers(config: dict[str, Any]) -> Callable[[], RemoteWorker]:
    """A factory of :class:`RemoteWorker` sharing one read-only view of the configured server."""
    store = SparqlStore.open(Path(config.get("KG_STORE") or "."), read_only=True, config=config)
    return lambda: RemoteWorker(store)
