"""The search page's data: the query, its filters, the hits ready to show, the facets.

Hits come from :class:`search.api.Searcher` through :func:`web.facets.run_search` (shared
with ``/api/search``: the same first page, ``more`` and facets) as dicts; each gets its
snippet as marked pieces (the searcher's highlights: accent-free for words typed without
diacritics, exact for words typed with them) and local links for its document and entity chips.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from kg.errors import BadQuery
from kg.kb import KnowledgeBase
from kg.namespaces import KG
from search.dates import PARAMETERS, range_of

from .browse import TYPES, topic_index
from .documents import document_list
from .facets import (
    FACET_NAMES,
    FACET_POOL,
    active_filters,
    parse_per_doc,
    run_search,
    search_filters,
)
from .highlight import pieces
from .state import get_kb, get_searcher
from .terms import path_of, query, sparql_string, term

DEFAULT_K, MAX_K = 10, 100
MAX_QUERY = 1000  # characters of a search query or question, on every page and API route
FILTERS = {"type": "type", "topic": "topic", "doc": "document"}  # URL parameter -> search filter key


def search_view(args: Mapping[str, str]) -> dict:
    """Everything the search template needs for the request arguments ``args``: the first
    page of results (at most :data:`web.facets.PER_DOC` passages of one document, unless a
    document is chosen), ``more`` per document shown, the facets counted over the best
    :data:`web.facets.FACET_POOL` passages retrieved, and the active filters.

    Raises:
        BadQuery: ``k`` out of range, an unknown type, topic or province, or a bad
            ``year``/``from``/``to``.
        NotFound: ``doc`` matches no indexed document.
    """
    kb = get_kb()
    query = check_query(args.get("q"))
    k, published = parse_k(args.get("k")), range_of(args)
    chosen = {name: (args.get(name) or "").strip() for name in (*FILTERS, "province", *PARAMETERS)}
    topics = _topic_options(kb)
    if chosen["topic"] and chosen["topic"] not in {t["name"] for t in topics}:
        raise BadQuery(f"unknown topic {chosen['topic']!r}; choose one of the topic list")
    if chosen["type"] and not _is_class(chosen["type"]):
        raise BadQuery(f"unknown type {chosen['type']!r}; use one of: {', '.join(TYPES)}")
    per_doc = parse_per_doc(args.get("per_doc"))
    hits: list[dict[str, Any]] = []
    docs = document_list(kb)
    found: dict[str, Any] = {"more": {}, "facets": {}, "pool": 0}
    if query:
        filters = {**search_filters(kb, args, entity=False), "published": published}
        found = run_search(kb, get_searcher(), query, k, filters, per_doc=per_doc)
        hits = [
            {
                **decorate_hit(kb, h, anchor),
                "more": found["more"].get(h["doc_id"], 0),
                "more_url": search_url(args, doc=h["doc_id"], page=None),
            }
            for h, anchor in zip(found["results"], sentence_anchors(kb, found["results"]), strict=True)
        ]
        _more_on_last(hits)
    facets = {
        name: [
            {**v, "active": chosen.get(name) == v["value"], "url": facet_url(args, name, v["value"])} for v in values
        ]
        for name, values in found["facets"].items()
    }
    active = [{**a, "url": search_url(args, **{a["name"]: None})} for a in active_filters(kb, chosen)]
    return {
        "q": query,
        "k": k,
        "chosen": chosen,
        "hits": hits,
        "count": len(hits),
        "per_doc": per_doc,
        "facets": facets,
        "pool": found["pool"],
        "facet_pool": FACET_POOL,
        "active": active,
        "facet_names": FACET_NAMES,
        "types": [{"name": t, **_label(kb, t)} for t in TYPES],
        "topics": topics,
        "docs": docs,
    }


def search_url(args: Mapping[str, str], **changes: str | None) -> str:
    """``/search`` with the request's arguments, ``changes`` applied (None removes one)."""
    params = {name: value for name, value in args.items() if value not in (None, "")}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "/search?" + urlencode(params)


def facet_url(args: Mapping[str, str], name: str, value: str) -> str:
    """The search narrowed by one facet value (a year replaces a from/to range)."""
    extra = {"from": None, "to": None} if name == "year" else {}
    return search_url(args, **{name: value}, **extra)


def _is_class(name: str) -> bool:
    return name in TYPES or (name in KG.__annotations__ and name[:1].isupper())


def _more_on_last(hits: list[dict]) -> None:
    """Only the last shown passage of a document carries its "more from this document" link."""
    last = {h["doc_id"]: i for i, h in enumerate(hits)}
    for i, h in enumerate(hits):
        if last[h["doc_id"]] != i:
            h["more"] = 0


def check_query(value: str | None, name: str = "q") -> str:
    """``value`` stripped; BadQuery (one line, 400) when longer than :data:`MAX_QUERY`.

    The one length cap of queries and questions: the search and ask pages (through the
    app's request hook, :func:`web.app.cap_query`) and ``/api/search`` and ``/api/ask``.
    """
    value = (value or "").strip()
    if len(value) > MAX_QUERY:
        raise BadQuery(f"parameter '{name}' is {len(value):,} characters long; the limit is {MAX_QUERY:,}")
    return value


def parse_k(raw: str | None, default: int = DEFAULT_K) -> int:
    """The ``k`` parameter (number of results) of the search page and ``/api/search``."""
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in (None, ""):
        return default
    try:
        k = int(raw)
    except ValueError:
        raise BadQuery(f"k must be a whole number between 1 and {MAX_K}, got {raw!r}") from None
    if not 1 <= k <= MAX_K:
        raise BadQuery(f"k must be between 1 and {MAX_K}, got {k}")
    return k


def _label(kb: KnowledgeBase, name: str) -> dict:
    found = term(kb, KG[name])
    return {"label": found["label"], "label_en": found["label_en"]}


def _topic_options(kb: KnowledgeBase) -> list[dict]:
    """Topics in tree order (narrower ones after their broader one, indented by ``level``)."""
    topics, broader = topic_index(kb)
    children: dict[str | None, list[str]] = {}
    for iri in topics:
        for parent in broader.get(iri) or (None,):
            children.setdefault(parent, []).append(iri)
    out = []

    def walk(parent: str | None, level: int) -> None:
        for iri in sorted(children.get(parent, []), key=lambda i: topics[i]["label"]):
            out.append({**topics[iri], "level": level})
            if level < 5:
                walk(iri, level + 1)

    walk(None, 0)
    return out


def sentence_anchors(kb: KnowledgeBase, hits: list[dict]) -> list[str]:
    """For each hit, the anchor of the sentence its passage starts in (``#s3``, or "")."""
    doc_ids = sorted({h["doc_id"] for h in hits})
    if not doc_ids:
        return []
    values = " ".join(sparql_string(d) for d in doc_ids)
    rows = query(
        kb,
        f"""SELECT ?id ?idx ?start ?end WHERE {{ VALUES ?id {{ {values} }}
        ?doc dcterms:identifier ?id . ?s kg:inDocument ?doc ; kg:sentenceIndex ?idx ;
        kg:startOffset ?start ; kg:endOffset ?end }}""",
    )
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for r in rows:
        spans.setdefault(str(r["id"]), []).append((int(r["start"]), int(r["end"]), int(r["idx"])))
    return [next((f"#s{i}" for s, e, i in spans.get(h["doc_id"], []) if s <= h.get("start", -1) < e), "") for h in hits]


def decorate_hit(kb: KnowledgeBase, hit: dict, anchor: str = "") -> dict:
    """A hit dict with ``pieces`` (marked snippet), ``doc_path`` (to its first sentence when
    ``anchor`` is given) and linked entity chips."""
    return {
        **hit,
        "pieces": pieces(hit["snippet"], hit.get("highlights") or []),
        "doc_path": f"/doc/{hit['doc_id']}{anchor}",
        "entities": [{**e, "path": path_of(kb.iris, e["iri"])} for e in hit.get("entities") or []],
    }
