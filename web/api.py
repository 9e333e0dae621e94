"""The JSON API under ``/api``: the JSON twin of every page (STYLE.md point 15).

Every route returns a JSON object; errors are ``{"ok": false, "error", "status"}`` with the
HTTP status (:mod:`web.errors`). The routes, parameters and response shapes are described
in ``web/openapi.json``, served at ``/api/openapi.json``; a test keeps the two in step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from flask import Blueprint, Response, jsonify, request

from kg.errors import BadQuery, NotFound
from search.dates import PARAMETERS, range_of

from . import adding
from .documents import document_data, document_list
from .entity import entity_data
from .exports import SAFE_PART
from .facets import parse_per_doc, run_search, search_filters
from .search_view import check_query, parse_k
from .state import get_answerer, get_kb, get_searcher
from .suggest import check_limit, check_suggest_query, suggest
from .upload import read_submission

bp = Blueprint("api", __name__, url_prefix="/api")

NOT_IRI = re.compile(r'[\s<>"{}|^`\\]')  # characters an IRI cannot hold (and SPARQL must never see raw)
FILTERS = {"type": "type", "topic": "topic", "doc": "document", "entity": "entity"}  # parameter -> filter key


def text_param(name: str = "q", source: Mapping[str, Any] | None = None) -> str:
    """A required text parameter, stripped; BadQuery when missing, empty or too long."""
    value = (source if source is not None else request.values).get(name)
    value = check_query(value, name)
    if not value:
        raise BadQuery(f"missing parameter '{name}': give the text to look for, e.g. ?{name}=khu+công+nghiệp")
    return value


def k_param(default: int = 10) -> int:
    return parse_k(request.args.get("k"), default)


@bp.get("/search")
def search() -> Response:
    """Passages for ``q``: ``{"ok", "query", "k", "filters", "mode", "count", "results", "more",
    "facets", "pool", "per_doc", "hits"}``.

    ``results`` is the first page, at most ``per_doc`` passages of one document (default 2,
    0 for no limit; no limit when ``doc`` is given), as on the search page; ``more`` counts,
    per document shown, its other passages among the ``pool`` best retrieved, over which the
    ``facets`` are counted (:mod:`web.facets`). ``hits`` is the same list as ``results``,
    kept for one release for clients written before (deprecated).
    """
    query, k = text_param(), k_param()
    kb = get_kb()
    filters = search_filters(kb, request.args)
    mode, per_doc = request.args.get("mode") or None, parse_per_doc(request.args.get("per_doc"))
    found = run_search(kb, get_searcher(), query, k, filters, mode=mode, per_doc=per_doc)
    names = {**FILTERS, "province": "province", **{p: p for p in PARAMETERS}}  # parameter -> name echoed
    shown = {key: request.args[p].strip() for p, key in names.items() if request.args.get(p, "").strip()}
    return jsonify(
        {
            "ok": True,
            "query": query,
            "k": k,
            "filters": shown,
            "mode": mode or "hybrid",
            "per_doc": per_doc,
            "count": len(found["results"]),
            "results": found["results"],
            "more": found["more"],
            "facets": found["facets"],
            "pool": found["pool"],
            "hits": found["results"],
        }
    )


@bp.get("/suggest")
def suggestions() -> Response:
    """Entities and topics for a name being typed: ``{"ok", "query", "suggestions"}``
    (:mod:`web.suggest`: accent-insensitive prefix and word matches, most mentioned first)."""
    query = check_suggest_query(request.args.get("q"))
    limit = check_limit(request.args.get("limit"))
    return jsonify({"ok": True, "query": query, "suggestions": suggest(get_kb(), query, limit)})


@bp.route("/ask", methods=["GET", "POST"])
def ask() -> Response:
    """A question answered from the graph, with evidence and passages (``Answer.to_dict()``)."""
    body = request.get_json(silent=True) if request.is_json else None
    question = text_param("q", body if isinstance(body, dict) else None)
    return jsonify({"ok": True, **get_answerer().ask(question).to_dict()})


@bp.get("/entity")
def entity_by_iri() -> Response:
    """Everything known about the entity ``?iri=``."""
    iri = text_param("iri", request.args)
    if NOT_IRI.search(iri) or ":" not in iri:
        raise BadQuery(f"{iri!r} is not an IRI")
    return jsonify({"ok": True, **entity_data(get_kb(), iri)})


@bp.get("/entity/<type_slug>/<key>")
def entity(type_slug: str, key: str) -> Response:
    """The entity ``{base}entity/<type>/<key>``, e.g. ``/api/entity/ward/05512``."""
    if not (SAFE_PART.match(type_slug) and SAFE_PART.match(key)):
        raise NotFound(f"no entity {type_slug}/{key}")
    kb = get_kb()
    return jsonify({"ok": True, **entity_data(kb, f"{kb.iris.base}entity/{type_slug}/{key}")})


@bp.get("/documents")
def documents() -> Response:
    """Every stored document, or those published in ``year`` or from ``from`` to ``to``:
    ``{"ok", "count", "published", "documents"}`` (``published``: the range, or None)."""
    published = range_of(request.args)
    docs = document_list(get_kb(), published)
    return jsonify(
        {"ok": True, "count": len(docs), "published": published.to_dict() if published else None, "documents": docs}
    )


@bp.post("/documents")
def add_document() -> tuple[Response, int]:
    """Add a document (multipart ``file``, or ``title`` + ``text`` as a form or JSON)."""
    adding.check_permission()
    body = request.get_json(silent=True) if request.is_json else None
    if request.is_json and not isinstance(body, dict):
        raise BadQuery("the JSON body must be an object with 'text' (and optionally 'title')")
    fmt: str | None
    if body is not None:
        name, data, fmt = adding.pasted(str(body.get("title") or ""), str(body.get("text") or ""))
    else:
        name, data, fmt = read_submission(request.files, request.form)
    result = adding.add(name, data, fmt)
    return jsonify(result), 201 if result["status"] == "added" else 200


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """One document with its annotated text and extracted facts."""
    return jsonify({"ok": True, **document_data(get_kb(), doc_id)})


@bp.get("/stats")
def stats() -> Response:
    """Counts per class and totals (as ``kg stats``), without the server's directory name."""
    data = {k: v for k, v in get_kb().stats().items() if k != "store"}
    return jsonify({"ok": True, **data})


@cache
def openapi_text() -> str:
    return files("web").joinpath("openapi.json").read_text("utf-8")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API, the SPARQL endpoint and the exports."""
    return Response(openapi_text(), content_type="application/json; charset=utf-8")


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as a dict (for tests and tools)."""
    return json.loads(openapi_text())
