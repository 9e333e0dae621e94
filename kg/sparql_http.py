"""Talking to a SPARQL 1.1 server: the Protocol (query, update) and the Graph Store Protocol.

One :class:`SparqlServer` per process holds a urllib3 connection pool (keep-alive: a query
is one round trip on an open socket, about a millisecond on loopback) and turns every
failure into one line naming the URL: a server that is down, slow or answering an error is
a :class:`~kg.errors.StoreError` (a refused query is a :class:`~kg.errors.BadQuery`), never
a traceback. Answers are streamed: callers parse them as they arrive (pyoxigraph's parsers
read file objects lazily), so an export or a capped ``/sparql`` result never sits whole in
memory.

urllib3 is used because it is already installed (requests, through underthesea, is built on
it) and it keeps connections alive and streams; it does HTTP Basic authentication, which is
what Fuseki and an authenticating proxy in front of Oxigraph expect.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import urllib3

from .errors import BadQuery, ConfigError, StoreError

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
QUERY_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5, application/rdf+xml;q=0.4"
)
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.4"
BROKEN = (urllib3.exceptions.HTTPError,)  # raised while an answer streams: the connection broke or stalled
CONNECT_SECONDS = 5.0
POOL_SIZE = 8  # the web server's threads and /sparql forwarding share one pool


@dataclass(frozen=True)
class ServerSettings:
    """Where the server is and how to reach it (the ``KG_STORE_*`` settings)."""

    url: str
    query_path: str = "/query"
    update_path: str = "/update"
    gsp_path: str = "/store"  # "" or "none": no Graph Store Protocol, graphs are read by CONSTRUCT
    dialect: str = "standard"  # see kg.sparql_dialect
    base_iri: str = "http://127.0.0.1:5000/"  # vnkg's graphs are named under {base}graph/
    user: str = ""
    password: str = ""
    timeout: float = 120.0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> ServerSettings:
        """From a loaded settings dict; ConfigError when there is no usable URL."""
        url = str(config.get("KG_STORE_URL") or "").strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            got = f"got {url!r}" if url else "it is not set"
            raise ConfigError(
                f"KG_STORE_BACKEND=sparql needs KG_STORE_URL, the server's base URL such as "
                f"http://127.0.0.1:7878 ({got})"
            )
        gsp = str(config.get("KG_STORE_GSP_PATH", "/store"))
        return cls(
            url,
            str(config.get("KG_STORE_QUERY_PATH", "/query")),
            str(config.get("KG_STORE_UPDATE_PATH", "/update")),
            "" if gsp.strip().lower() in ("", "none") else gsp,
            str(config.get("KG_STORE_DIALECT") or "standard"),
            str(config.get("KG_BASE_IRI") or cls.base_iri),
            str(config.get("KG_STORE_USER", "") or ""),
            str(config.get("KG_STORE_PASSWORD", "") or ""),
            float(config.get("KG_STORE_TIMEOUT", 120)),
        )


class ServerTimeout(StoreError):
    """The server did not answer in time."""


class SparqlServer:
    """HTTP requests to one server; thread-safe (urllib3 pools are)."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.url = settings.url
        headers = {}
        if settings.user:  # UTF-8 (RFC 7617), not urllib3's Latin-1, which fails on Vietnamese passwords
            token = base64.b64encode(f"{settings.user}:{settings.password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        # One retry, on connecting only: every request we send is idempotent (a document's update
        # drops its graph before inserting it), but a slow answer must not be asked for twice.
        retries = urllib3.Retry(total=1, connect=1, read=0, status=0, redirect=0, other=0, allowed_methods=None)
        self._pool = urllib3.PoolManager(maxsize=POOL_SIZE, block=False, headers=headers, retries=retries)

    def _endpoint(self, path: str) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    def query(
        self,
        sparql: str,
        accept: str = QUERY_ACCEPT,
        params: dict[str, list[str]] | None = None,
        timeout: float | None = None,
    ) -> urllib3.BaseHTTPResponse:
        """POST a query (form-encoded, so any length goes); the streamed response, status 200.

        ``params`` adds protocol parameters (``default-graph-uri`` and ``named-graph-uri`` as
        lists). A 400 is a :class:`BadQuery` with the server's own message.
        """
        fields = [("query", sparql)] + [(k, v) for k, vs in (params or {}).items() for v in vs]
        body = urlencode(fields).encode("utf-8")
        response = self._send(
            "POST",
            self.settings.query_path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout,
            query=True,
        )
        assert response is not None  # None only answers a request that allows a missing graph
        return response

    def update(self, sparql: str) -> None:
        """POST one update request (the server applies it as one transaction)."""
        response = self._send(
            "POST",
            self.settings.update_path,
            sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-update; charset=utf-8"},
            None,
        )
        assert response is not None  # None only answers a request that allows a missing graph
        finish(response)

    def load(self, nquads: str) -> int | None:
        """POST N-Quads to the Graph Store endpoint (Oxigraph loads a dataset posted there in one
        transaction); None when done, or the status of a refusal (400, 404, 405, 415...) for the
        caller to fall back on an update. Other failures raise StoreError."""
        url = self._endpoint(self.settings.gsp_path)
        try:
            response = self._pool.request(
                "POST",
                url,
                body=nquads.encode("utf-8"),
                preload_content=False,
                headers={"Content-Type": "application/n-quads"},
                timeout=urllib3.Timeout(connect=CONNECT_SECONDS, read=self.settings.timeout),
            )
        except (urllib3.exceptions.MaxRetryError, urllib3.exceptions.HTTPError) as err:
            raise self.unreachable(url, getattr(err, "reason", None) or err) from None
        if 400 <= response.status < 500:
            read_error(response)
            return response.status
        if response.status >= 300:
            raise StoreError(f"SPARQL server {url} answered {response.status}: {read_error(response)}")
        finish(response)
        return None

    def get_graph(self, name: str) -> urllib3.BaseHTTPResponse | None:
        """GET one named graph by the Graph Store Protocol; None when the server has no such graph."""
        path = f"{self.settings.gsp_path}?{urlencode({'graph': name})}"
        return self._send("GET", path, None, {"Accept": GRAPH_ACCEPT}, None, missing_ok=True)

    def _send(
        self,
        method: str,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        timeout: float | None,
        query: bool = False,
        missing_ok: bool = False,
    ) -> urllib3.BaseHTTPResponse | None:
        url = self._endpoint(path)
        wait = self.settings.timeout if timeout is None else timeout
        try:
            response = self._pool.request(
                method,
                url,
                body=body,
                headers=headers,
                preload_content=False,
                timeout=urllib3.Timeout(connect=min(CONNECT_SECONDS, wait), read=wait),
            )
        except (urllib3.exceptions.MaxRetryError, urllib3.exceptions.HTTPError) as err:
            reason = getattr(err, "reason", None) or err
            if isinstance(reason, urllib3.exceptions.ReadTimeoutError):
                raise ServerTimeout(
                    f"SPARQL server {url} did not answer within {wait:g} s (KG_STORE_TIMEOUT)"
                ) from None
            raise self.unreachable(url, reason) from None
        if response.status < 300:
            return response
        text = read_error(response)
        if missing_ok and response.status == 404:
            return None
        if query and response.status == 400:
            raise BadQuery(f"the SPARQL server refused the query: {text}")
        raise StoreError(
            f"SPARQL server {url} answered {response.status} {response.reason or ''}".rstrip()
            + (f": {text}" if text else "")
        )

    def unreachable(self, url: str, reason: object) -> StoreError:
        why = first_line(reason)
        if "refused" in why.lower():
            why = "connection refused"
        elif "timed out" in why.lower() or "timeout" in why.lower():
            why = "no answer in time"
        return StoreError(f"SPARQL server {url} is not reachable ({why}); start it, or check KG_STORE_URL")

    def close(self) -> None:
        self._pool.clear()


class Deadline:
    """A streamed response read under a total time limit and a byte cap (for ``/sparql``).

    A file object for pyoxigraph's parsers: each read checks the clock and the bytes so far,
    so a server that trickles an endless answer is cut off at the limit.
    """

    def __init__(
        self,
        response: urllib3.BaseHTTPResponse,
        seconds: float,
        max_bytes: int,
        on_timeout: Callable[[], Exception],
        on_too_large: Callable[[], Exception],
    ) -> None:
        self.response, self.end, self.left = response, time.monotonic() + seconds, max_bytes
        self.on_timeout, self.on_too_large = on_timeout, on_too_large
        self.headers = response.headers  # parse_answer reads the media type from them
        self.ended = False  # the whole answer was read: the connection can serve another request

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self.end:
            raise self.on_timeout()
        want = 1 << 16 if size is None or size < 0 else min(size, 1 << 16)
        try:
            data = self.response.read(want)
        except (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.TimeoutError):
            raise self.on_timeout() from None
        except urllib3.exceptions.HTTPError as err:
            raise StoreError(f"the SPARQL server's answer broke off ({first_line(err)})") from None
        self.ended = not data
        self.left -= len(data)
        if self.left < 0:
            raise self.on_too_large()
        return data

    def close(self) -> None:
        """Keep the connection when the answer was read to its end; drop it when cut short
        (reading the rest of a truncated answer is what the caps are there to avoid)."""
        if self.ended:
            finish(self.response)
        else:
            self.response.close()
            self.response.release_conn()


def finish(response: urllib3.BaseHTTPResponse) -> None:
    """Read what is left of a parsed answer (a closing chunk) and give the connection back
    (closed first when it broke: the pool then opens a new one)."""
    try:
        response.drain_conn()
    except urllib3.exceptions.HTTPError:
        response.close()
    finally:
        response.release_conn()


_PROLOGUE = re.compile(
    r"""\s*(?:\#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>
                        |DEFINE\s+\S+\s+(?:<[^>]*>|"[^"]*"|'[^']*'|\S+))""",
    re.IGNORECASE | re.VERBOSE,
)
_FORM = re.compile(r"\s*([A-Za-z]+)")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case; "" when unclear), read after the prologue.

    The Accept header follows from it: asked for SPARQL JSON *or* N-Triples, a server may
    answer a CONSTRUCT as a table of ?s ?p ?o (Virtuoso does), so each form asks for its own.
    """
    pos = 0
    while (match := _PROLOGUE.match(sparql, pos)) and match.end() > pos:
        pos = match.end()
    word = _FORM.match(sparql, pos)
    return word.group(1).upper() if word else ""


def accept_for(sparql: str) -> str:
    form = query_form(sparql)
    if form in ("SELECT", "ASK"):
        return RESULTS_ACCEPT
    return GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else QUERY_ACCEPT


def read_error(response: urllib3.BaseHTTPResponse, limit: int = 2000) -> str:
    """The first line of an error response's body (servers explain refusals there)."""
    try:
        data = response.read(limit, decode_content=True) or b""
        response.drain_conn()
    except urllib3.exceptions.HTTPError:
        data = b""
    finally:
        response.release_conn()
    return first_line(data.decode("utf-8", "replace"))


def first_line(text: object, size: int = 300) -> str:
    lines = [ln.strip() for ln in str(text).strip().splitlines() if ln.strip()]
    return (lines[0] if lines else "")[:size]
