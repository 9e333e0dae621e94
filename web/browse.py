"""Browsing without a query: counts per type, one type paged, the topic tree, the figures.

Pages are numbered from 1, ``PER_PAGE`` items each; :func:`page_bounds` checks the number
so every listing rejects ``?page=0`` or ``?page=x`` the same way. The listings of facts
(proposals, directives, a topic's statements, the figures) take ``published``, a
:class:`search.dates.DateRange` on the facts' dates (see :mod:`web.facts`).
"""

from __future__ import annotations

from typing import Any

from kg.build_facts import type_slug
from kg.errors import BadQuery, NotFound
from kg.kb import KnowledgeBase
from kg.namespaces import KG, KGT
from kg.read import EntityInfo, of_type, reader
from search.dates import DateRange

from .facts import date_filter, statements
from .figures import DEFAULT_SORT, FigureFilter, all_figures, sort_figures
from .figures import PER_PAGE as FIGURES_PER_PAGE
from .figures import summary as figure_summary
from .terms import local_name, path_of, query, term

PER_PAGE = 50
# Listed in this order on /browse; the slug is the type segment of entity IRIs.
TYPES = (
    "Province",
    "City",
    "Ward",
    "IndustrialPark",
    "Road",
    "Indicator",
    "Observation",
    "Proposal",
    "Directive",
    "Term",
    "Organization",
    "Person",
    "Role",
    "Meeting",
    "Congress",
)
STATEMENT_TYPES = ("Proposal", "Directive")
LOCAL_TYPES = ("Observation",)  # listed like entities, but they live in one document
TOPIC_SAMPLE = 20  # statements shown under each topic of the tree


def type_of_slug(slug: str) -> str:
    """The class name of a browse slug (``industrial-park`` or ``IndustrialPark``)."""
    for name in TYPES:
        if slug in (type_slug(name), name) or slug.lower() == name.lower():
            return name
    raise NotFound(f"no type {slug!r}; browse one of: {', '.join(type_slug(t) for t in TYPES)}")


def page_bounds(page: str | int, total: int, per_page: int = PER_PAGE) -> tuple[int, int]:
    """``(page, pages)`` after checking ``page`` (a string or int from the URL).

    Raises:
        BadQuery: not a whole number of at least 1.
        NotFound: past the last page (page 1 of an empty list is fine).
    """
    try:
        page = int(page)
    except (TypeError, ValueError):
        raise BadQuery(f"page must be a whole number, got {page!r}") from None
    if page < 1:
        raise BadQuery("page numbers start at 1")
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise NotFound(f"page {page} is past the last page ({pages})")
    return page, pages


def type_counts(kb: KnowledgeBase) -> list[dict]:
    """``[{"name", "slug", "path", "type": term dict, "count"}]`` for every browsable type."""
    rows = query(kb, """SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type""")
    counts = {local_name(r["type"]): int(r["n"]) for r in rows if str(r["type"]).startswith(str(KG))}
    return [
        {
            "name": name,
            "slug": type_slug(name),
            "path": f"/browse/{type_slug(name)}",
            "type": term(kb, KG[name]),
            "count": counts.get(name, 0),
        }
        for name in TYPES
    ]


def list_type(kb: KnowledgeBase, name: str, page: str | int = 1, published: DateRange | None = None) -> dict:
    """One page of the entities (or proposals / directives) of class ``name``.

    Args:
        published: a :class:`search.dates.DateRange`; only for proposals and directives.

    Returns:
        ``{"name", "slug", "type", "total", "page", "pages", "items"}``. Entity items are
        ``{"iri", "label", "path", "code", "mentions"}``; statement items as in
        :func:`web.facts.statements`.

    Raises:
        BadQuery: a date range for a class whose members have no date (entities).
    """
    if published and name not in STATEMENT_TYPES:
        raise BadQuery(f"date filters apply to documents, figures, proposals and directives, not to {name}")
    if name in STATEMENT_TYPES:
        total = int(
            query(
                kb,
                f"""SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{ ?st a kg:{name} .
            {date_filter("?st", published)} }}""",
            )[0]["n"]
        )
    else:
        entities = _of_type(kb, name)
        total = len(entities)
    page, pages = page_bounds(page, total)
    offset = (page - 1) * PER_PAGE
    if name in STATEMENT_TYPES:
        items = statements(kb, kind=name, limit=PER_PAGE, offset=offset, published=published)
    else:
        items = [_entity_item(kb, e) for e in entities[offset : offset + PER_PAGE]]
    return {
        "name": name,
        "slug": type_slug(name),
        "type": term(kb, KG[name]),
        "total": total,
        "page": page,
        "pages": pages,
        "items": items,
    }


def _of_type(kb: KnowledgeBase, name: str) -> list[EntityInfo]:
    """Entities of class ``name`` from the entity index; figures (which live in one document
    and are not entities) from the nodes of the entity graph."""
    read = reader(kb)
    if name not in LOCAL_TYPES:
        return of_type(read.entities(), name)
    full = read.graph().full
    nodes = [(data["label"], n) for n, data in full.nodes(data=True) if data.get("type") == name]
    return [
        EntityInfo(n, label, None, name, (name,), (label,), (), None)
        for label, n in sorted(nodes, key=lambda x: (x[0].casefold(), x[1]))
    ]


def _entity_item(kb: KnowledgeBase, entity: EntityInfo) -> dict:
    return {
        "iri": entity.iri,
        "label": entity.label,
        "path": path_of(kb.iris, entity.iri),
        "code": entity.code,
        "mentions": entity.mentions,
    }


def topic_tree(kb: KnowledgeBase, sample: int = TOPIC_SAMPLE) -> list[dict]:
    """The SKOS topic scheme as a tree, each topic with the statements under it.

    Returns:
        Root topics ``{"iri", "name", "label", "label_en", "path", "count", "statements",
        "children"}``: ``count`` is the number of distinct proposals and directives on the
        topic or a narrower one; ``statements`` are up to ``sample`` of those made on the
        topic itself (the narrower ones' are under the children).
    """
    topics, broader = topic_index(kb)
    rows = query(
        kb,
        """SELECT DISTINCT ?st ?t WHERE { ?st a ?type ; dcterms:subject ?t .
                        VALUES ?type { kg:Proposal kg:Directive } }""",
    )
    direct: dict[str, set[str]] = {}
    for r in rows:
        direct.setdefault(str(r["t"]), set()).add(str(r["st"]))
    sampled = {iri for members in direct.values() for iri in sorted(members)[:sample]}
    details = {s["iri"]: s for s in _statements_by_iri(kb, sampled)}
    children: dict[str, list[str]] = {}
    for topic in topics:
        for parent in broader.get(topic, ()):
            children.setdefault(parent, []).append(topic)

    def node(iri: str, seen: frozenset) -> dict:
        kids = [node(c, seen | {iri}) for c in sorted(children.get(iri, [])) if c not in seen]
        members = set(direct.get(iri, ()))
        for kid in kids:
            members |= kid["members"]
        mine = [details[s] for s in sorted(direct.get(iri, ()))[:sample] if s in details]
        return {
            **topics[iri],
            "path": f"/browse/topic/{local_name(iri)}",
            "count": len(members),
            "own": len(direct.get(iri, ())),
            "members": members,
            "statements": mine,
            "children": kids,
        }

    roots = [node(t, frozenset()) for t in sorted(topics) if not broader.get(t)]
    roots.sort(key=lambda n: (-n["count"], n["label"]))
    _drop_members(roots)
    return roots


def _drop_members(nodes: list[dict]) -> None:
    for n in nodes:
        n.pop("members", None)
        _drop_members(n["children"])


def topic_index(kb: KnowledgeBase) -> tuple[dict[str, dict], dict[str, set[str]]]:
    """Every topic as a term dict, and each topic's broader topics."""
    graph = kb.iris.ontology_graph
    rows = query(
        kb,
        f"""SELECT ?t ?b WHERE {{ GRAPH <{graph}> {{ ?t a skos:Concept
                        OPTIONAL {{ {{ ?t skos:broader ?b }} UNION {{ ?b skos:narrower ?t }} }} }} }}""",
        union=False,
    )
    topics = {str(r["t"]): term(kb, r["t"]) for r in rows if str(r["t"]).startswith(str(KGT))}
    broader: dict[str, set[str]] = {}
    for r in rows:
        if r["b"] is not None and str(r["b"]) in topics:
            broader.setdefault(str(r["t"]), set()).add(str(r["b"]))
    return topics, broader


def _statements_by_iri(kb: KnowledgeBase, iris: set[str]) -> list[dict]:
    """Details of the given statements, in one query (not one per topic)."""
    return statements(kb, iris=sorted(iris)) if iris else []


def topic_page(kb: KnowledgeBase, name: str, page: str | int = 1, published: DateRange | None = None) -> dict:
    """One topic with its broader chain, narrower topics and the statements on its subtree
    (those dated within ``published``, a :class:`search.dates.DateRange`, when given)."""
    topics, broader = topic_index(kb)
    iri = str(KGT[name]) if name and not name.startswith("http") else name
    if iri not in topics:
        raise NotFound(f"no topic {name!r}; see /browse/topics")
    subtree = _descendants(iri, broader)
    total = int(
        query(
            kb,
            f"""SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{ ?st a ?type ; dcterms:subject ?t .
        VALUES ?type {{ kg:Proposal kg:Directive }} VALUES ?t {{ {" ".join(f"<{t}>" for t in subtree)} }}
        {date_filter("?st", published)} }}""",
        )[0]["n"]
    )
    page, pages = page_bounds(page, total)
    chain: list[dict[str, Any]] = []
    current = iri
    while broader.get(current) and len(chain) < 10:
        current = min(broader[current])
        chain.insert(0, {**topics[current], "path": f"/browse/topic/{local_name(current)}"})
    narrower = [
        {**topics[t], "path": f"/browse/topic/{local_name(t)}"} for t in sorted(subtree) if iri in broader.get(t, ())
    ]
    return {
        **topics[iri],
        "broader": chain,
        "narrower": narrower,
        "total": total,
        "page": page,
        "pages": pages,
        "statements": statements(
            kb, topics=sorted(subtree), limit=PER_PAGE, offset=(page - 1) * PER_PAGE, published=published
        ),
    }


def _descendants(iri: str, broader: dict[str, set[str]]) -> set[str]:
    found, frontier = {iri}, [iri]
    while frontier:
        parent = frontier.pop()
        for child, parents in broader.items():
            if parent in parents and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def figures(
    kb: KnowledgeBase,
    page: str | int = 1,
    indicator: str | None = None,
    published: DateRange | None = None,
    filters: FigureFilter | None = None,
    sort: str = DEFAULT_SORT[0],
    order: str = DEFAULT_SORT[1],
) -> dict:
    """The figures table (:mod:`web.figures`): filtered, sorted and paged.

    Args:
        indicator, published: the older way to filter (an indicator IRI, a
            :class:`search.dates.DateRange`), used when ``filters`` is not given.
        filters: a :class:`web.figures.FigureFilter`.
        sort, order: a column of :data:`web.figures.SORTS`, ``asc`` or ``desc``.

    Returns:
        ``{"total", "page", "pages", "per_page", "sort", "order", "summary", "units", "rows"}``:
        ``summary`` counts met / missed / unknown over every figure kept by the filters,
        ``units`` how many units they are in (values in two units do not compare),
        ``rows`` are this page's figures as :meth:`web.figures.Figure.to_dict` gives them.
    """
    filters = filters or FigureFilter(indicator=indicator or "", published=published)
    kept = sort_figures(filters.apply(all_figures(kb)), sort, order)
    page, pages = page_bounds(page, len(kept), per_page=FIGURES_PER_PAGE)
    start = (page - 1) * FIGURES_PER_PAGE
    return {
        "total": len(kept),
        "page": page,
        "pages": pages,
        "per_page": FIGURES_PER_PAGE,
        "sort": sort,
        "order": order,
        "summary": figure_summary(kept),
        "units": len({f.unit for f in kept}),
        "rows": [f.to_dict() for f in kept[start : start + FIGURES_PER_PAGE]],
    }
