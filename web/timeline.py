"""A timeline of what the store can date: documents, proposals, directives and figures.

``/timeline`` lists them newest first (``order=asc`` for oldest first), grouped by year and
month, with a count per year to jump by; ``/api/timeline`` is the same as JSON. Both take
``entity`` (an entity key, ``province/48``, or its IRI: only what mentions or concerns it),
``kind`` (repeatable: ``document``, ``proposal``, ``directive``, ``figure``) and the
publication-date filter of every listing (``year``, or ``from``/``to``).

What a date is, per kind:
- a document: its publication date (``dcterms:date``); undated documents are not on it;
- a proposal or directive: its own date, else its document's (as on every page);
- a figure: its own date, else its document's, else the year it is for (``kg:year``) when
  that year is not still to come (an undated "đến năm 2030" is a target): such a figure sits
  in its year, under "month unknown" (``precision`` is ``year``).
Events (meetings, congresses) carry no date in the graph yet, so they are not listed.

One query per kind fetches only what a line shows. The whole store's entries are read once
per store generation (3,228 entries from 2,256 documents in 1.0-1.4 s, most of it turning
rows into Python terms) and filtered from memory after that (96 ms for all of them as JSON,
18 ms for a page); one entity's are read each time (68 ms for Đà Nẵng, 264 ms for Hà Nội).
``bench/bench_timeline.py`` measures them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request

from kg.errors import BadQuery, NotFound
from kg.numbers import format_number, format_value
from kg.read import reader
from search.dates import PARAMETERS, range_of

from .browse import page_bounds
from .cached import per_generation
from .documents import documents_by_id
from .entity import entity_iri
from .facts import STATEMENT_LINKS
from .state import get_kb
from .terms import checked_iri, local_name, path_of, plain, query

if TYPE_CHECKING:
    from rdflib import Literal
    from werkzeug.datastructures import MultiDict

    from kg.kb import KnowledgeBase
    from search.dates import DateRange

bp = Blueprint("timeline", __name__)

KINDS = ("document", "proposal", "directive", "figure")
KIND_NAMES = {
    "document": ("Tài liệu", "Document"),
    "proposal": ("Đề xuất", "Proposal"),
    "directive": ("Chỉ đạo", "Directive"),
    "figure": ("Số liệu", "Figure"),
}
PER_PAGE = 100
FIGURE_LINKS = ("kg:figureOf", "kg:refArea", "kg:indicator")  # what a figure is about
MONTHS = (
    "",
    "Tháng 1",
    "Tháng 2",
    "Tháng 3",
    "Tháng 4",
    "Tháng 5",
    "Tháng 6",
    "Tháng 7",
    "Tháng 8",
    "Tháng 9",
    "Tháng 10",
    "Tháng 11",
    "Tháng 12",
)
MONTHS_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Entry:
    """One dated line of the timeline."""

    kind: str  # one of KINDS
    date: str  # ISO: YYYY-MM-DD, or YYYY when only the year is known
    label: str  # the document's name, the statement's text, the figure as read ("60.000 tỷ đồng")
    path: str  # where it is shown: the document, or the sentence it was read from
    doc_id: str | None = None
    document: str | None = None  # the name of the document it comes from (documents: None)
    subject: str | None = None  # a figure: what it measures, of what ("tỷ lệ hộ nghèo · Sông Công")

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def month(self) -> int | None:
        return int(self.date[5:7]) if len(self.date) >= 7 else None

    @property
    def precision(self) -> str:
        return "day" if len(self.date) >= 10 else "year"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "year": self.year, "month": self.month, "precision": self.precision}


@dataclass(frozen=True)
class Timeline:
    """The entries asked for, newest (or oldest) first, and how many fall in each year."""

    entries: tuple[Entry, ...]
    years: tuple[tuple[int, int], ...]  # (year, count), in the order of the entries
    kinds: tuple[str, ...]
    entity: dict[str, str | None] | None  # {"iri", "label", "path"} when narrowed to one entity


def timeline(
    kb: KnowledgeBase,
    entity: str | None = None,
    kinds: Collection[str] = KINDS,
    published: DateRange | None = None,
    newest_first: bool = True,
) -> Timeline:
    """The dated documents and facts of the store, or of one entity.

    Args:
        entity: an entity key (``province/48``) or IRI (NotFound when the store does not know it).
        kinds: which of :data:`KINDS` to list.
        published: a :class:`search.dates.DateRange`; year-only figures are kept when their
            year overlaps it.
        newest_first: the order of the entries (ties: documents, proposals, directives, figures).
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadQuery(f"unknown kind {unknown[0]!r}: use {', '.join(KINDS)}")
    about = _entity(kb, entity) if entity else None
    names = documents_by_id(kb)
    if about:
        entries = _entries(kb, about["iri"], names)
    else:  # the whole store: read once per store generation, then filtered
        entries = per_generation(kb, "entries", lambda: _entries(kb, None, names))
    entries = [e for e in entries if e.kind in kinds and _in_range(e.date, published)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    entries.sort(key=lambda e: (order[e.kind], e.label))
    entries.sort(key=lambda e: e.date, reverse=newest_first)  # stable: ties keep kind, then label
    years = Counter(e.year for e in entries)
    ordered_years = tuple(dict.fromkeys(e.year for e in entries))
    return Timeline(
        tuple(entries), tuple((y, years[y]) for y in ordered_years), tuple(k for k in KINDS if k in kinds), about
    )


def _entries(kb: KnowledgeBase, iri: str | None, names: dict[str, dict[str, Any]]) -> list[Entry]:
    return _documents(kb, iri, names) + _statements(kb, iri, names) + _figures(kb, iri, names)


def _entity(kb: KnowledgeBase, key: str) -> dict[str, str | None]:
    iri = checked_iri(key) if "://" in key else entity_iri(kb, key.strip().strip("/").removeprefix("entity/"))
    info = reader(kb).entity(iri)
    if info is None:
        raise NotFound(f"no entity {key[:200]!r} in this knowledge base")
    return {"iri": iri, "label": info.label, "path": path_of(kb.iris, iri)}


def _in_range(date: str, published: DateRange | None) -> bool:
    if not published:
        return True
    if len(date) >= 10:
        return date[:10] in published
    year = int(date[:4])
    return (published.start is None or published.start.year <= year) and (
        published.end is None or year <= published.end.year
    )


def _documents(kb: KnowledgeBase, iri: str | None, names: dict[str, dict[str, Any]]) -> list[Entry]:
    # from the entity's mentions when there is one: a few documents, not every dated one
    mentions = f"?m kg:refersTo <{iri}> ; kg:inSentence ?s . ?s kg:inDocument ?doc ." if iri else ""
    rows = query(
        kb,
        f"""SELECT DISTINCT ?id ?date WHERE {{ {mentions}
        ?doc a kg:Document ; dcterms:identifier ?id ; dcterms:date ?date . }}""",
    )
    out = []
    for r in rows:
        doc = names.get(str(r["id"]))
        if doc:
            out.append(Entry("document", str(plain(r["date"]))[:10], doc["name"], doc["path"], doc["doc_id"]))
    return out


def _fact(r: dict[str, Any], names: dict[str, dict[str, Any]]) -> tuple[str | None, str | None, str | None, str]:
    """(date, doc id, document name, path of the sentence) of a fact's row.

    The date is the fact's own, else its document's (the list already holds it). The
    sentence IRI names its document and index (``{base}doc/{id}#s{n}``, :mod:`kg.iris`), so
    no join to the document is needed: that join, per fact, cost seconds on the corpus.
    """
    own = str(plain(r["own"]))[:10] if r.get("own") is not None else None
    sentence = str(r["sent"]) if r.get("sent") is not None else ""
    doc_part, _, anchor = sentence.rpartition("/doc/")[2].partition("#")
    doc = names.get(doc_part) if "/doc/" in sentence else None
    if doc is None:
        return own, None, None, ""
    date = own or (str(doc["date"])[:10] if doc.get("date") else None)
    return date, doc["doc_id"], doc["name"], doc["path"] + (f"#{anchor}" if anchor else "")


def _statements(kb: KnowledgeBase, iri: str | None, names: dict[str, dict[str, Any]]) -> list[Entry]:
    about = f"?st ?link <{iri}> . VALUES ?link {{ {' '.join(STATEMENT_LINKS)} }}" if iri else ""
    rows = query(
        kb,
        f"""SELECT ?st ?type ?text ?own ?sent WHERE {{ {about}
        ?st a ?type . VALUES ?type {{ kg:Proposal kg:Directive }} ?st schema:text ?text .
        OPTIONAL {{ ?st dcterms:date ?own }} OPTIONAL {{ ?st prov:wasDerivedFrom ?sent }} }}""",
    )
    out, seen = [], set()
    for r in rows:
        date, doc_id, name, path = _fact(r, names)
        if str(r["st"]) in seen or not date:
            continue
        seen.add(str(r["st"]))
        out.append(Entry(local_name(r["type"]).lower(), date, str(r["text"]), path, doc_id, name))
    return out


def _figures(kb: KnowledgeBase, iri: str | None, names: dict[str, dict[str, Any]]) -> list[Entry]:
    # Only figures that can be dated leave the store (turning rows into Python terms is most
    # of the cost, 3.3 s for all 8,611 of the corpus): those with a date or year of their own,
    # then those in the graph of a dated document (duplicates are dropped below).
    about = f"?obs ?about <{iri}> . VALUES ?about {{ {' '.join(FIGURE_LINKS)} }}" if iri else ""
    dated = " ".join(f"<{kb.iris.doc_graph(d['doc_id'])}>" for d in names.values() if d.get("date"))
    sources = ["{ ?obs dcterms:date ?own0 } UNION { ?obs kg:year ?year0 }"]
    if dated:
        sources.append(f"VALUES ?g {{ {dated} }} GRAPH ?g {{ ?obs a kg:Observation }}")
    rows = []
    for source in sources:
        rows += query(
            kb,
            f"""SELECT ?obs ?value ?unit ?measure ?ind ?subject ?year ?own ?sent WHERE {{ {about}
            {source} ?obs a kg:Observation ; kg:value ?value .
            OPTIONAL {{ ?obs kg:year ?year }} OPTIONAL {{ ?obs dcterms:date ?own }}
            OPTIONAL {{ ?obs kg:unit ?unit }} OPTIONAL {{ ?obs kg:measure ?measure }}
            OPTIONAL {{ ?obs kg:indicator ?ind }} OPTIONAL {{ ?obs kg:figureOf ?subject }}
            OPTIONAL {{ ?obs prov:wasDerivedFrom ?sent }} }}""",
        )
    read = reader(kb)
    out, seen = [], set()
    for r in rows:
        date, doc_id, name, path = _fact(r, names)
        date = date or _past_year(r.get("year"))
        if str(r["obs"]) in seen or not date:
            continue
        seen.add(str(r["obs"]))
        measure = str(r["measure"]) if r.get("measure") is not None else ""
        what = read.describe(r["ind"])[0] if r.get("ind") is not None else measure
        of = read.describe(r["subject"])[0] if r.get("subject") is not None else None
        value = _figure(r["value"], r.get("unit"), measure)
        out.append(Entry("figure", date, value, path, doc_id, name, " · ".join(x for x in (what, of) if x) or None))
    return out


def _past_year(year: Literal | None) -> str | None:
    """A figure's own year as its date, when it is not still to come: an undated article's
    "đến năm 2030" is a target, not something that happened in 2030."""
    text = str(plain(year) or "")[:4] if year is not None else ""
    return text if text.isdigit() and int(text) <= datetime.date.today().year else None


def _figure(value: Literal, unit: Literal | None, measure: str) -> str:
    number = plain(value)
    try:
        return format_value(number, str(unit) if unit is not None else "1", measure)
    except (ArithmeticError, ValueError, TypeError):
        return str(number)


# -- the page and its JSON twin ---------------------------------------------------------------
def _request_timeline() -> tuple[Timeline, dict[str, Any]]:
    """The timeline the request asks for, and its arguments as the form shows them again."""
    args = request.args
    kinds = tuple(k.strip() for k in args.getlist("kind") if k.strip()) or KINDS
    order = args.get("order", "desc").strip()
    if order not in ("asc", "desc"):
        raise BadQuery("order must be asc (oldest first) or desc (newest first)")
    entity = args.get("entity", "").strip() or None
    found = timeline(get_kb(), entity, kinds, range_of(args), newest_first=order == "desc")
    shown = {
        "entity": entity or "",
        "kinds": found.kinds,
        "order": order,
        "dates": {name: args.get(name, "").strip()[:40] for name in PARAMETERS},
    }
    return found, shown


@bp.get("/api/timeline")
def api_timeline() -> Response:
    """``{"ok", "entity", "kinds", "published", "count", "years", "entries"}`` (every entry, no pages)."""
    found, _ = _request_timeline()
    published = range_of(request.args)
    return jsonify(
        {
            "ok": True,
            "entity": found.entity,
            "kinds": list(found.kinds),
            "published": published.to_dict() if published else None,
            "count": len(found.entries),
            "years": [{"year": y, "count": n} for y, n in found.years],
            "entries": [e.to_dict() for e in found.entries],
        }
    )


@bp.get("/timeline")
def page() -> str:
    found, shown = _request_timeline()
    number, pages = page_bounds(request.args.get("page", 1), len(found.entries), PER_PAGE)
    entries = found.entries[(number - 1) * PER_PAGE : number * PER_PAGE]
    most = max((n for _, n in found.years), default=1)
    years = [
        {
            "year": y,
            "count": n,
            "count_display": format_number(n),
            "share": round(100 * n / most),
            "url": _with(PARAMETERS, year=str(y)),
        }
        for y, n in found.years
    ]
    return render_template(
        "pages/timeline.html",
        t=found,
        groups=group(entries),
        shown=shown,
        page=number,
        total_display=format_number(len(found.entries)),
        dates=shown["dates"],
        pages=pages,
        kind_names=KIND_NAMES,
        all_kinds=KINDS,
        months=MONTHS,
        months_en=MONTHS_EN,
        years=years,
        json_url="/api/timeline" + (f"?{_query(request.args)}" if request.args else ""),
        all_years_url=_with(PARAMETERS),
        all_entities_url=_with(entity=None),
    )


def _with(drop: Iterable[str] = (), **changes: str | None) -> str:
    """This page's URL, first page, without the arguments in ``drop`` and with ``changes``
    (None removes one)."""
    args = request.args.copy()
    for name in ("page", *drop):
        args.pop(name, None)
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None:
            args[name] = value
    return "/timeline" + (f"?{_query(args)}" if args else "")


def _query(args: MultiDict[str, str]) -> str:
    return urlencode(list(args.items(multi=True)))


def group(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Entries (already in order) as ``[{"year", "months": [{"month", "entries"}]}]``; month None
    holds the year-only ones."""
    years: list[dict[str, Any]] = []
    for entry in entries:
        if not years or years[-1]["year"] != entry.year:
            years.append({"year": entry.year, "months": []})
        months = years[-1]["months"]
        if not months or months[-1]["month"] != entry.month:
            months.append({"month": entry.month, "entries": []})
        months[-1]["entries"].append(entry)
    return years
