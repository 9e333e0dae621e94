"""The HTML pages: ask, search, entity, document, documents and browse.

Each view gathers a plain dict through the data modules (:mod:`web.entity`,
:mod:`web.documents`, :mod:`web.browse`, shared with the JSON API) and hands it to a
template in ``templates/pages/``. Library errors raised on the way become error pages in
:mod:`web.errors`; views never catch them: a bad ``year``/``from``/``to`` on a listing is a
400 page saying what is wrong.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    json,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from kg.build_facts import type_slug
from kg.errors import BadQuery
from kg.namespaces import KG
from search.dates import PARAMETERS, range_of

from . import browse as browsing
from . import vendor as vendor_files
from .ask import ask_view, examples
from .describe import document_rdf, entity_rdf, rdf_response, wanted_format
from .documents import document_data, document_list, documents_by_id
from .entity import entity_data, entity_iri
from .figures_view import figures_view
from .neighbourhood import neighbourhood, related
from .search_view import search_view
from .state import get_kb
from .terms import term, web_link

bp = Blueprint("pages", __name__)
DOCS_PER_PAGE = 50


@bp.app_template_filter("json_script")
def json_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


bp.add_app_template_global(type_slug, "type_slug")
bp.add_app_template_global(vendor_files.available, "vendor_available")  # pages say what is missing
bp.add_app_template_filter(web_link, "web_link")


@bp.app_template_global()
def document_name(doc_id: str, title: str = "") -> str:
    """What a list shows for a document (``name`` of :func:`web.documents.document_list`:
    two documents with one title differ by folder and file), else ``title``."""
    doc = documents_by_id(get_kb()).get(str(doc_id))
    return doc["name"] if doc else title


@bp.app_template_filter("day")
def day(iso: str | None) -> str:
    """An ISO date as Vietnamese write it: ``2020-10-01`` -> ``01/10/2020`` (others unchanged)."""
    text = str(iso or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def date_args() -> dict[str, Any]:
    """The date filter of the request: the range (None when not asked) and the raw values,
    which the listing's form shows again."""
    return {
        "published": range_of(request.args),
        "dates": {name: request.args.get(name, "").strip()[:40] for name in PARAMETERS},
    }


@bp.app_template_global()
def type_label(name: str | None, lang: str = "vi") -> str:
    """The ontology label of a class local name (``Ward`` -> ``Đơn vị hành chính cấp xã``)."""
    if not name or name not in KG.__annotations__:
        return name or ""
    found = term(get_kb(), KG[name])
    return found["label_en"] if lang == "en" else found["label"]


@bp.app_template_global()
def page_url(page: int) -> str:
    """This page's URL with ``page`` changed (other arguments kept)."""
    args: dict[str, Any] = {**request.args.to_dict(), "page": page}
    assert request.endpoint is not None  # called while rendering a routed page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.get("/")
def ask() -> str:
    question = request.args.get("q", "").strip()
    result = ask_view(question) if question else None
    return render_template("pages/ask.html", question=question, result=result, examples=examples())


@bp.get("/search")
def search() -> str:
    return render_template("pages/search.html", **search_view(request.args))


@bp.get("/entity/<path:key>")
def entity(key: str) -> Response:
    kb = get_kb()
    iri = entity_iri(kb, key)
    fmt = wanted_format(extra=("graph",))
    if fmt == "graph":
        return jsonify(neighbourhood(kb, iri, _depth()))
    if fmt in ("ttl", "turtle", "jsonld"):
        return rdf_response(entity_rdf(kb, iri), fmt, key.replace("/", "-"))
    data = entity_data(kb, iri)
    if fmt == "json":
        return _vary(jsonify(data))
    depth = _depth()
    page = render_template(
        "pages/entity.html", e=data, key=key, depth=depth, graph=neighbourhood(kb, iri, depth), related=related(kb, iri)
    )
    return _vary(page)


def _depth() -> int:
    try:
        return int(request.args.get("depth", 1))
    except ValueError:
        raise BadQuery("depth must be 1 or 2") from None


def _vary(response: Response | str) -> Response:
    response = make_response(response)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/doc/<doc_id>")
def document(doc_id: str) -> Response:
    kb = get_kb()
    fmt = wanted_format()
    if fmt in ("ttl", "turtle", "jsonld"):
        return rdf_response(document_rdf(kb, doc_id), fmt, f"doc-{doc_id}")
    data = document_data(kb, doc_id)
    if fmt == "json":
        return _vary(jsonify(data))
    return _vary(render_template("pages/document.html", d=data))


@bp.get("/documents")
def documents() -> str:
    dates = date_args()
    docs = document_list(get_kb(), dates["published"])
    page, pages = browsing.page_bounds(request.args.get("page", 1), len(docs), DOCS_PER_PAGE)
    shown = docs[(page - 1) * DOCS_PER_PAGE : page * DOCS_PER_PAGE]
    return render_template(
        "pages/documents.html", docs=shown, total=len(docs), page=page, pages=pages, dates=dates["dates"]
    )


@bp.get("/browse")
def browse() -> str:
    kb = get_kb()
    return render_template("pages/browse.html", types=browsing.type_counts(kb), tree=browsing.topic_tree(kb, sample=0))


@bp.get("/browse/topics")
def topics() -> str:
    return render_template("pages/topics.html", tree=browsing.topic_tree(get_kb()))


@bp.get("/browse/topic/<name>")
def topic(name: str) -> str:
    dates = date_args()
    data = browsing.topic_page(get_kb(), name, request.args.get("page", 1), dates["published"])
    return render_template("pages/topic.html", t=data, dates=dates["dates"])


@bp.get("/browse/observation")  # its older address: links and bookmarks keep working
@bp.get("/figures")  # the first rule is the one url_for builds (pager links)
def figures() -> str:
    return render_template("pages/figures.html", **figures_view(request.args))


@bp.get("/browse/<slug>")
def browse_type(slug: str) -> str:
    kb = get_kb()
    name = browsing.type_of_slug(slug)
    dates = date_args()
    data = browsing.list_type(kb, name, request.args.get("page", 1), dates["published"])
    return render_template("pages/type.html", t=data, dates=dates["dates"])


@bp.get("/static/vendor/<path:name>")
def vendor(name: str) -> Response:
    """A browser library from an installed package (``web.vendor``): offline, never copied into the repo."""
    if name not in vendor_files.ASSETS:
        abort(404)
    try:
        body = vendor_files.asset_bytes(name)
    except vendor_files.MissingAsset as exc:
        abort(404, description=str(exc))
    response = make_response(body)  # in memory, so web.compress can gzip it
    response.mimetype = vendor_files.mimetype(name)
    response.cache_control.max_age, response.cache_control.public = 86400, True
    return response
