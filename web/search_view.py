"""The search page's data: the query, its filters, the hits ready to show, the filter choices.

Hits come from :class:`search.api.Searcher` as dicts (``Hit.to_dict()``); each gets its
snippet as marked pieces (the searcher's own diacritic-insensitive highlights) and local
links for its document and entity chips.
"""

from __future__ import annotations

from kg.errors import BadQuery
from kg.namespaces import KG
from search.dates import PARAMETERS, range_of

from .browse import TYPES, topic_index
from .documents import document_list
from .highlight import pieces
from .state import get_kb, get_searcher
from .terms import path_of, query, sparql_string, term

DEFAULT_K, MAX_K = 10, 100
MAX_QUERY = 1000  # characters of a search query or question, on every page and API route
FILTERS = {"type": "type", "topic": "topic", "doc": "document"}  # URL parameter -> search filter key


def search_view(args) -> dict:
    """Everything the search template needs for the request arguments ``args``.

    Raises:
        BadQuery: ``k`` out of range, an unknown type or topic, or a bad ``year``/``from``/``to``.
        NotFound: ``doc`` matches no indexed document.
    """
    kb = get_kb()
    query = check_query(args.get("q"))
    k, published = parse_k(args.get("k")), range_of(args)
    chosen = {name: (args.get(name) or "").strip() for name in (*FILTERS, *PARAMETERS)}
    topics = _topic_options(kb)
    if chosen["topic"] and chosen["topic"] not in {t["name"] for t in topics}:
        raise BadQuery(f"unknown topic {chosen['topic']!r}; choose one of the topic list")
    if chosen["type"] and chosen["type"] not in TYPES:
        raise BadQuery(f"unknown type {chosen['type']!r}; use one of: {', '.join(TYPES)}")
    hits, docs = [], document_list(kb)
    if query:
        filters = {FILTERS[name]: chosen[name] for name in FILTERS if chosen[name]}
        found = [h.to_dict() for h in get_searcher().search(query, k=k, filters={**filters, "published": published})]
        dates = {d["doc_id"]: d["date"] for d in docs}
        hits = [{**decorate_hit(kb, h, anchors), "date": dates.get(h["doc_id"])}
                for h, anchors in zip(found, sentence_anchors(kb, found), strict=True)]
    return {"q": query, "k": k, "chosen": chosen, "hits": hits, "count": len(hits),
            "types": [{"name": t, **_label(kb, t)} for t in TYPES], "topics": topics, "docs": docs}


def check_query(value: str | None, name: str = "q") -> str:
    """``value`` stripped; BadQuery (one line, 400) when longer than :data:`MAX_QUERY`.

    The one length cap of queries and questions: the search and ask pages (through the
    app's request hook, :func:`web.app.cap_query`) and ``/api/search`` and ``/api/ask``.
    """
    value = (value or "").strip()
    if len(value) > MAX_QUERY:
        raise BadQuery(f"parameter '{name}' is {len(value):,} characters long; the limit is {MAX_QUERY:,}")
    return value


def parse_k(raw, default: int = DEFAULT_K) -> int:
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


def _label(kb, name: str) -> dict:
    found = term(kb, KG[name])
    return {"label": found["label"], "label_en": found["label_en"]}


def _topic_options(kb) -> list[dict]:
    """Topics in tree order (narrower ones after their broader one, indented by ``level``)."""
    topics, broader = topic_index(kb)
    children: dict[str | None, list[str]] = {}
    for iri in topics:
        for parent in broader.get(iri) or {None}:
            children.setdefault(parent, []).append(iri)
    out = []

    def walk(parent, level):
        for iri in sorted(children.get(parent, []), key=lambda i: topics[i]["label"]):
            out.append({**topics[iri], "level": level})
            if level < 5:
                walk(iri, level + 1)

    walk(None, 0)
    return out


def sentence_anchors(kb, hits: list[dict]) -> list[str]:
    """For each hit, the anchor of the sentence its passage starts in (``#s3``, or "")."""
    doc_ids = sorted({h["doc_id"] for h in hits})
    if not doc_ids:
        return []
    values = " ".join(sparql_string(d) for d in doc_ids)
    rows = query(kb, f"""SELECT ?id ?idx ?start ?end WHERE {{ VALUES ?id {{ {values} }}
        ?doc dcterms:identifier ?id . ?s kg:inDocument ?doc ; kg:sentenceIndex ?idx ;
        kg:startOffset ?start ; kg:endOffset ?end }}""")
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for r in rows:
        spans.setdefault(str(r["id"]), []).append((int(r["start"]), int(r["end"]), int(r["idx"])))
    return [next((f"#s{i}" for s, e, i in spans.get(h["doc_id"], []) if s <= h.get("start", -1) < e), "")
            for h in hits]


def decorate_hit(kb, hit: dict, anchor: str = "") -> dict:
    """A hit dict with ``pieces`` (marked snippet), ``doc_path`` (to its first sentence when
    ``anchor`` is given) and linked entity chips."""
    return {**hit, "pieces": pieces(hit["snippet"], hit.get("highlights") or []),
            "doc_path": f"/doc/{hit['doc_id']}{anchor}",
            "entities": [{**e, "path": path_of(kb.iris, e["iri"])} for e in hit.get("entities") or []]}
