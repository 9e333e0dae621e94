"""Search results as an analyst reads them: facets to narrow by, and no document filling the page.

Facets are counted over the passages retrieved for the query and the active filters, up to
:data:`FACET_POOL` of them (the best first), not over the whole corpus: they answer "where do
the passages about this lie", and counting every passage that shares a word with the query
would mostly count noise. Each passage counts once per value:

* ``type``: the classes of the entities it mentions and of the statements read from it
  (the same keys as the ``type`` filter, :mod:`search.filters`);
* ``topic``: the topics of its proposals and directives, broader ones included;
* ``province``: the provinces it names or names a place, park, road or work inside
  (through ``kg:locatedIn`` / ``kg:passesThrough``, as :func:`kg.read.contained` walks them),
  among the provinces some document names (the 2025 successor units that no text names yet
  would double every count);
* ``year``: its document's publication year; ``doc``: its document.

Each facet value is a filter (the URL parameter of the same name); filters combine with AND,
and every one of them restricts the retrieval itself (a mask before the top-k), so a filtered
search still fills its page.

Diversity: the first page shows at most :data:`PER_DOC` passages of one document (unless a
document is chosen); the others of that document in the pool are counted in ``more``, and
the page links to the document's own results.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kg.errors import BadQuery
from kg.namespaces import KG, KGT, local_name
from kg.read import contained, reader
from search.dates import range_of
from search.snippets import snippet

from .memo import per_generation
from .terms import query, term

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase
    from search.api import Searcher

FACET_POOL = 100  # passages retrieved to count facets over (and to diversify the first page from)
PER_DOC = 2  # passages of one document on the first page
MAX_PER_DOC = 100
MAX_VALUES = 20  # values listed per facet, most frequent first
FACETS = ("type", "topic", "province", "year", "doc")  # in the order the page shows them
VALUE_OF = {"topic": lambda iri: local_name(iri), "province": lambda iri: province_key(iri)}  # URL value
FACET_NAMES = {  # what the page calls each facet and filter: Vietnamese, English
    "type": ("Loại", "Type"),
    "topic": ("Chủ đề", "Topic"),
    "province": ("Tỉnh/thành", "Province"),
    "year": ("Năm đăng", "Year published"),
    "doc": ("Tài liệu", "Document"),
    "entity": ("Thực thể", "Entity"),
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
}
PARAMETERS = {"type": "type", "topic": "topic", "doc": "document", "entity": "entity"}  # URL -> filter key


def search_filters(kb: KnowledgeBase, args: Mapping[str, str], entity: bool = True) -> dict[str, Any]:
    """The search filters of request arguments ``args`` (``type``, ``topic``, ``doc``,
    ``entity`` when allowed, ``province``, ``year`` / ``from`` / ``to``).

    Raises:
        BadQuery: an unknown province, or a bad date range.
    """
    filters: dict[str, Any] = {
        key: str(args.get(name) or "").strip()
        for name, key in PARAMETERS.items()
        if (entity or name != "entity") and str(args.get(name) or "").strip()
    }
    province = str(args.get("province") or "").strip()
    if province:
        filters["within"] = within_province(kb, province)
    filters["published"] = range_of(args)
    return filters


def parse_per_doc(raw: str | None) -> int:
    """The ``per_doc`` parameter: passages of one document on the first page (0: no limit)."""
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in (None, ""):
        return PER_DOC
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"per_doc must be a whole number between 0 and {MAX_PER_DOC}, got {str(raw)[:20]!r}") from None
    if not 0 <= value <= MAX_PER_DOC:
        raise BadQuery(f"per_doc must be between 0 and {MAX_PER_DOC} (0: no limit), got {value}")
    return value


def run_search(
    kb: KnowledgeBase,
    searcher: Searcher,
    text: str,
    k: int,
    filters: dict[str, Any],
    mode: str | None = None,
    per_doc: int = PER_DOC,
) -> dict[str, Any]:
    """Search ``text`` and shape the answer both the page and ``/api/search`` give.

    Returns:
        ``{"results", "more", "facets", "pool"}``: the first page (hit dicts with ``date``),
        ``{doc_id: passages of it in the pool not shown}`` for the documents shown, the facets
        and how many passages they count.
    """
    found = searcher.search(text, k=max(FACET_POOL, k), filters=filters, mode=mode, snippets=False)
    dates = document_dates(kb)
    pool = [{**hit.to_dict(), "date": dates.get(hit.doc_id)} for hit in found]
    shown, more = diversify(pool, k, 0 if filters.get("document") else per_doc)
    for hit in shown:  # snippets for the page only, not for the whole pool
        hit["snippet"], marks = snippet(hit["passage"], text)
        hit["highlights"] = [list(span) for span in marks]
    return {"results": shown, "more": more, "facets": count_facets(kb, pool), "pool": len(pool)}


def diversify(hits: list[dict[str, Any]], k: int, per_doc: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The first ``k`` of ``hits`` (best first) with at most ``per_doc`` of one document
    (0: no limit), and for each document shown how many of its hits were left out."""
    shown: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    total = Counter(h["doc_id"] for h in hits)
    for hit in hits:
        if len(shown) == k:
            break
        if per_doc and seen[hit["doc_id"]] >= per_doc:
            continue
        seen[hit["doc_id"]] += 1
        shown.append(hit)
    return shown, {doc: total[doc] - n for doc, n in seen.items() if total[doc] > n}


def count_facets(kb: KnowledgeBase, hits: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``{facet: [{"value", "label", "label_en", "count"}]}`` over ``hits`` (see the module
    docstring), most frequent first, at most :data:`MAX_VALUES` values each."""
    provinces = province_map(kb)
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    titles: dict[str, str] = {}
    for hit in hits:
        entities = hit.get("entities") or []
        counts["type"].update({e["type"] for e in entities if e.get("type")} | set(hit.get("kinds") or []))
        counts["topic"].update(set(hit.get("topics") or []))
        counts["province"].update({p for e in entities for p in provinces.get(e["iri"], ())})
        if hit.get("date"):
            counts["year"][str(hit["date"])[:4]] += 1
        counts["doc"][hit["doc_id"]] += 1
        titles.setdefault(hit["doc_id"], hit.get("title") or hit.get("source") or hit["doc_id"])
    names = _Names(kb, titles)
    out = {}
    for name in FACETS:
        items = []
        for raw, n in counts[name].items():
            vi, en = names.of(name, raw)
            items.append({"value": VALUE_OF.get(name, str)(raw), "label": vi, "label_en": en or vi, "count": n})
        order = (
            (lambda i: (-int(i["value"]), 0)) if name == "year" else (lambda i: (-i["count"], i["label"].casefold()))
        )
        out[name] = sorted(items, key=order)[:MAX_VALUES]
    return out


class _Names:
    """Labels of facet values, looked up in the read layer's indexes fetched once (each
    reader call checks the store's generation: one file read)."""

    def __init__(self, kb: KnowledgeBase, titles: dict[str, str]) -> None:
        read = reader(kb)
        self.entities, self.vocabulary, self.titles = read.entities(), read.vocabulary(), titles

    def of(self, facet: str, raw: str) -> tuple[str, str | None]:
        if facet in ("type", "topic"):
            iri = str(KG[raw]) if facet == "type" and raw in KG.__annotations__ else raw
            term = self.vocabulary.get(iri)
            return (term.label, term.label_en or term.name) if term else (local_name(raw), None)
        if facet == "province":
            info = self.entities.get(raw)
            return (info.label, info.label_en) if info else (local_name(raw), None)
        if facet == "doc":
            return self.titles[raw], None
        return raw, raw


def _term(kb: KnowledgeBase, iri: str) -> tuple[str, str]:
    found = term(kb, iri)
    return found["label"], found["label_en"]


def document_dates(kb: KnowledgeBase) -> dict[str, str | None]:
    """Publication date (ISO) of every document, by id (one query per store generation)."""

    def build() -> dict[str, str | None]:
        rows = query(
            kb,
            """SELECT ?id ?date WHERE { ?doc a kg:Document ; dcterms:identifier ?id .
                            OPTIONAL { ?doc dcterms:date ?date } }""",
        )
        return {str(r["id"]): (str(r["date"])[:10] if r["date"] is not None else None) for r in rows}

    return per_generation(kb, "document-dates", build)


def province_key(iri: str) -> str:
    """The ``province`` parameter of a province IRI: what follows ``entity/province/``."""
    return iri.rsplit("/entity/province/", 1)[-1]


def province_map(kb: KnowledgeBase) -> Mapping[str, frozenset[str]]:
    """Every entity inside a province (and each province itself) -> those provinces."""

    def build() -> dict[str, frozenset[str]]:
        read = reader(kb)
        full = read.graph().full
        found: dict[str, set[str]] = {}
        for info in read.entities().values():
            if info.type == "Province" and info.mentions:  # not the 2025 units no text names
                for iri in (info.iri, *contained(full, [info.iri], limit=1_000_000)):
                    found.setdefault(iri, set()).add(info.iri)
        return {iri: frozenset(p) for iri, p in found.items()}

    return per_generation(kb, "provinces", build)


def within_province(kb: KnowledgeBase, ref: str) -> tuple[str, ...]:
    """The province named by ``ref`` (its key or IRI) and every entity inside it, for the
    ``within`` search filter; BadQuery when no province has that key."""
    read = reader(kb)
    iri = ref if "/" in ref else f"{read.prefix}province/{ref}"
    info = read.entity(iri)
    if info is None or info.type != "Province":
        raise BadQuery(f"unknown province {ref[:100]!r}; use the key of a province page (/entity/province/<key>)")
    return tuple(sorted({iri, *contained(read.graph().full, [iri], limit=1_000_000)}))


def active_filters(kb: KnowledgeBase, chosen: Mapping[str, str]) -> list[dict[str, str]]:
    """The filters in use as removable chips: ``{"name", "value", "label", "label_en"}``."""
    read = reader(kb)
    out = []
    for name in ("type", "topic", "province", "doc", "entity", "year", "from", "to"):
        value = (chosen.get(name) or "").strip()
        if not value:
            continue
        if name == "type" and value in KG.__annotations__:
            vi, en = _term(kb, KG[value])
        elif name == "topic":
            vi, en = _term(kb, KGT[value] if ":" not in value else value)
        elif name == "province":
            iri = value if "/" in value else f"{read.prefix}province/{value}"
            vi = en = read.label(iri)
        elif name == "doc":
            vi = en = next((d for d, _ in _doc_titles(kb, value)), value)
        elif name in ("from", "to") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            vi = en = f"{value[8:]}/{value[5:7]}/{value[:4]}"  # dd/mm/yyyy, as the pages write days
        else:
            vi = en = value
        out.append({"name": name, "value": value, "label": vi, "label_en": en})
    return out


def _doc_titles(kb: KnowledgeBase, doc_id: str) -> list[tuple[str, None]]:
    rows = query(
        kb,
        f"""SELECT ?title WHERE {{ ?doc a kg:Document ; dcterms:identifier {_literal(doc_id)} ;
                          dcterms:title ?title }} LIMIT 1""",
    )
    return [(str(r["title"]), None) for r in rows]


def _literal(text: str) -> str:
    from rdflib import Literal

    return Literal(text).n3()
