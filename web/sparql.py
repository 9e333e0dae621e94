"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint, and its HTML query page.

Protocol: ``GET ?query=``, ``POST`` form (``query=``) or ``POST application/sparql-query``;
``default-graph-uri`` / ``named-graph-uri`` are honoured. Without them the default graph is
the union of all named graphs. The prefixes of :data:`kg.namespaces.PREFIXES` (``kg:``,
``rdfs:``, ``schema:``...) are predeclared. Results: ``Accept`` or ``format=`` picks
SPARQL JSON (default), XML, CSV or TSV for SELECT/ASK and Turtle (default), N-Triples or
JSON-LD for CONSTRUCT/DESCRIBE; a browser (``Accept: text/html``) gets the query page.

With the ``sparql`` store backend queries are forwarded to its server under the same limits
(:mod:`web.sparql_remote`; the memory cap is then the server's business).

Limits: updates, ``update=``, SERVICE and brackets nested past ``MAX_NESTING`` are refused
(400); a query runs at most ``KG_SPARQL_TIMEOUT`` seconds and ``KG_SPARQL_MEMORY_MB`` of
memory (then 503); a result over ``KG_SPARQL_MAX_BYTES`` is refused (413); results are
**truncated** to ``KG_SPARQL_MAX_ROWS`` rows or triples, marked by the header
``X-Result-Truncated: true`` (``X-Result-Rows`` always gives the number of rows sent). When
every worker is busy and ``KG_SPARQL_QUEUE`` requests already wait, the answer is 503 with
``Retry-After`` at once (see :mod:`web.sparql_runner`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotAcceptable, UnsupportedMediaType

from kg.errors import BadQuery, KGError, StoreError
from kg.namespaces import PREFIXES

from .errors import error_response
from .sparql_check import UPDATE_REFUSED, check_query, looks_like_update
from .sparql_page import EXAMPLES, result_table
from .sparql_remote import remote_workers
from .sparql_runner import EndpointBusy, ResultTooLarge, get_pool
from .state import get_kb

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
ALIASES = {  # other names a client may use, in format= or Accept
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "ttl": "turtle",
    "application/x-turtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "text/plain": "nt",
    "json-ld": "jsonld",
    "text/html": "html",
}
MIME_NAMES = {**{v: k for k, v in RESULT_TYPES.items()}, **{v: k for k, v in GRAPH_TYPES.items()}}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
PAGE_MAX_ROWS = 1000  # rows shown in the HTML table (the download links give the rest)


def format_name(value: str) -> str:
    """A ``format=`` value (short name or media type) as one of our format names."""
    value = value.strip().lower()
    name = MIME_NAMES.get(value) or ALIASES.get(value) or value
    if name not in RESULT_TYPES and name not in GRAPH_TYPES and name != "html":
        known = ", ".join([*RESULT_TYPES, *GRAPH_TYPES, "html"])
        raise BadQuery(f"unknown format {value!r}; choose one of: {known} (or their media types)")
    return name


def _best(names: dict[str, str], default: str) -> str:
    offers = [*names.values(), *(m for m, n in ALIASES.items() if n in names and "/" in m)]
    best = request.accept_mimetypes.best_match(offers)
    return (MIME_NAMES.get(best) or ALIASES.get(best) or default) if best else default


def wants_html() -> bool:
    """A browser: text/html named explicitly (not through */*) and preferred to our types."""
    accept = request.accept_mimetypes
    if not any(value == "text/html" for value, _ in accept):
        return False
    others = max((accept.quality(m) for m in [*RESULT_TYPES.values(), *GRAPH_TYPES.values()]), default=0)
    return accept.quality("text/html") >= others


def negotiate() -> tuple[str | None, str | None]:
    """(results format, graph format) for this request; ("html", "html") for the page.

    With ``format=`` the other kind is None (a CONSTRUCT asked for as CSV is an error);
    with ``Accept`` each kind falls back to its default, so ``*/*`` always gets an answer.
    """
    requested = request.values.get("format")
    if requested:
        name = format_name(requested)
        if name == "html":
            return "html", "html"
        return (name, None) if name in RESULT_TYPES else (None, name)
    if wants_html():
        return "html", "html"
    return _best(RESULT_TYPES, "json"), _best(GRAPH_TYPES, "turtle")


def read_protocol() -> tuple[str | None, list[str], list[str]]:
    """The query text and the protocol dataset (default and named graph IRIs).

    Raises:
        BadQuery: an update (``update=`` or an update media type) or several queries.
        UnsupportedMediaType: a POST body that is neither a form nor a SPARQL query.
    """
    params = request.args
    if "update" in request.args:
        raise BadQuery(UPDATE_REFUSED)
    if request.method == "POST":
        if request.mimetype == "application/sparql-update":
            raise BadQuery(UPDATE_REFUSED)
        if request.mimetype == "application/sparql-query":
            return request.get_data(as_text=True), *_dataset(request.args)
        if request.mimetype not in FORM_TYPES:
            raise UnsupportedMediaType(
                "POST a form (application/x-www-form-urlencoded) with a 'query' "
                "field, or the query itself as application/sparql-query"
            )
        params = request.form
    if "update" in params:
        raise BadQuery(UPDATE_REFUSED)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadQuery("give one 'query' parameter, not several")
    return (queries[0] if queries else None), *_dataset(params)


def _dataset(params: MultiDict[str, str]) -> tuple[list[str], list[str]]:
    return params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


def run_query(
    query: str | None,
    result_format: str | None,
    graph_format: str | None,
    default_graphs: Iterable[str] = (),
    named_graphs: Iterable[str] = (),
    max_rows: int | None = None,
) -> tuple[dict, bytes]:
    """Check and run one query in a worker; the worker's (header, body).

    ``max_rows`` lowers the ``KG_SPARQL_MAX_ROWS`` cap (never raises it).

    Raises:
        BadQuery: refused or malformed query; StoreError: store or worker trouble;
        QueryTimeout: past ``KG_SPARQL_TIMEOUT``; MemoryLimit: past ``KG_SPARQL_MEMORY_MB``;
        ResultTooLarge: past ``KG_SPARQL_MAX_BYTES``; EndpointBusy: no worker free, queue full;
        NotAcceptable: format/kind mismatch.
    """
    query = check_query(query)
    config = current_app.config
    backend = config["KG_STORE_BACKEND"]
    if backend not in ("oxigraph", "sparql"):
        raise StoreError(f"the SPARQL endpoint needs the oxigraph or sparql store backend, not {backend!r}")
    kb = get_kb()
    cap = int(config["KG_SPARQL_MAX_ROWS"])
    message = {
        "query": query,
        "prefixes": PREFIXES,
        "generation": kb.generation(),
        "max_rows": min(cap, max_rows) if max_rows else cap,
        "max_bytes": int(config["KG_SPARQL_MAX_BYTES"]),
        "result_format": result_format,
        "graph_format": graph_format,
        "default_graphs": list(default_graphs),
        "named_graphs": list(named_graphs),
    }
    factory = remote_workers(config) if backend == "sparql" else None  # used when the pool is made
    header, body = get_pool(kb.layout.graph, factory).run(message, float(config["KG_SPARQL_TIMEOUT"]))
    if not header["ok"]:
        if header.get("syntax") and looks_like_update(query):
            raise BadQuery(UPDATE_REFUSED)
        if header["status"] == 406:
            raise NotAcceptable(header["error"])
        raise WORKER_ERRORS.get(header["status"], StoreError)(header["error"])
    return header, body


WORKER_ERRORS = {400: BadQuery, 413: ResultTooLarge}  # a worker's error status -> what we raise


@bp.errorhandler(EndpointBusy)
def busy(err: EndpointBusy) -> Response:
    """The usual error shape, plus ``Retry-After`` (the app's handler cannot set headers)."""
    response = current_app.make_response(error_response(str(err), err.status))
    response.headers["Retry-After"] = str(err.retry_after)
    return response


def results_response(header: dict, body: bytes) -> Response:
    fmt = header["format"]
    mime = RESULT_TYPES.get(fmt) or GRAPH_TYPES[fmt]
    response = Response(body, content_type=f"{mime}; charset=utf-8")
    response.headers["X-Result-Rows"] = str(header["rows"])
    if header["truncated"]:
        response.headers["X-Result-Truncated"] = "true"
        response.headers["X-Result-Limit"] = str(current_app.config["KG_SPARQL_MAX_ROWS"])
    response.vary.add("Accept")
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """The SPARQL endpoint; the query page for browsers."""
    query, default_graphs, named_graphs = read_protocol()
    result_format, graph_format = negotiate()
    if result_format == "html":
        return query_page(query, default_graphs, named_graphs)
    header, body = run_query(query, result_format, graph_format, default_graphs, named_graphs)
    return results_response(header, body)


def query_page(query: str | None, default_graphs: Iterable[str], named_graphs: Iterable[str]) -> Response:
    """The HTML page: the form, the examples and (with a query) a results table or error."""
    max_rows = min(PAGE_MAX_ROWS, int(current_app.config["KG_SPARQL_MAX_ROWS"]))
    context = {
        "query": query or EXAMPLES[0].query,
        "examples": EXAMPLES,
        "prefixes": PREFIXES,
        "table": None,
        "error": None,
        "ran": bool(query and query.strip()),
        "timeout": current_app.config["KG_SPARQL_TIMEOUT"],
        "max_rows": max_rows,
        "download_max_rows": current_app.config["KG_SPARQL_MAX_ROWS"],
    }
    status, retry_after = 200, None
    if context["ran"]:
        try:
            header, body = run_query(query, "json", "table", default_graphs, named_graphs, max_rows)
            context["table"] = result_table(get_kb().iris, header, json.loads(body))
        except KGError as err:
            context["error"], status = str(err), err.status
            retry_after = getattr(err, "retry_after", None)
        except NotAcceptable as err:
            context["error"], status = err.description, 406
    response = Response(
        render_template("sparql/query.html", **context), status=status, content_type="text/html; charset=utf-8"
    )
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    response.vary.add("Accept")
    return response
