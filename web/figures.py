"""The figures table: every reported figure with its measure, subject, document and date.

One :class:`Figure` per ``kg:Observation``, read in three queries (figures with their sentence,
documents, names from the read layer) and kept per store generation: at 2,256 articles that is
8,611 figures, about 2 s to read once and milliseconds to filter, sort and page afterwards, so
the page, its JSON twin, the chart and the CSV all answer from the same list and agree.

Filters (:class:`FigureFilter`) are URL parameters, so a filtered view is a link: ``q`` (text
in measure, subject, document title, unit, period; accent-insensitive unless the text has
diacritics), ``measure`` (the indicator or measure phrase, case-insensitive), ``unit`` (a code:
``VND``, ``%``, ``km``, ``1`` for counts), ``subject`` (an entity IRI, its path key such as
``city/165``, or a name), ``indicator`` (IRI or key) and the publication date (``year`` or
``from``/``to``). Sorting (``sort``, ``order``) puts figures without the sorted value last,
whichever the order.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.errors import BadQuery
from kg.numbers import format_value, unit_name
from kg.text import has_diacritics
from search.dates import DateRange, range_of

from .documents import distinguish, source_label
from .facts import target_status
from .terms import plain, query, refs

if TYPE_CHECKING:
    from rdflib import Literal

    from kg.kb import KnowledgeBase

PER_PAGE = 100
SORTS = ("measure", "subject", "value", "unit", "period", "target", "status", "document", "date")
DEFAULT_SORT = ("measure", "asc")
MAX_TEXT = 200  # longest filter value read from a URL

# One row per figure; a figure with two values of one property (never written so) keeps the first.
_FIGURES = """SELECT ?obs ?value ?unit ?measure ?indicator ?subject ?area ?comparator ?estimated ?direction
    ?period ?year ?target ?idx ?text ?doc WHERE {
  ?obs a kg:Observation ; kg:value ?value ; kg:unit ?unit .
  OPTIONAL { ?obs kg:measure ?measure } OPTIONAL { ?obs kg:indicator ?indicator }
  OPTIONAL { ?obs kg:figureOf ?subject } OPTIONAL { ?obs kg:refArea ?area }
  OPTIONAL { ?obs kg:comparator ?comparator } OPTIONAL { ?obs kg:estimated ?estimated }
  OPTIONAL { ?obs kg:direction ?direction } OPTIONAL { ?obs kg:period ?period }
  OPTIONAL { ?obs kg:year ?year } OPTIONAL { ?obs kg:targetValue ?target }
  OPTIONAL { ?obs prov:wasDerivedFrom ?sent . ?sent kg:sentenceIndex ?idx ; kg:inDocument ?doc
             OPTIONAL { ?sent schema:text ?text } }
}"""
_DOCUMENTS = """SELECT ?doc ?id ?title ?path ?source ?date WHERE { ?doc a kg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc kg:sourcePath ?path } OPTIONAL { ?doc kg:sourceName ?source }
  OPTIONAL { ?doc dcterms:date ?date } }"""


@dataclass(frozen=True)
class Document:
    """Where a figure was read: enough to name the document and date it."""

    doc_id: str
    title: str
    source: str | None  # folder/file as ingested (:func:`web.documents.source_label`)
    date: str | None  # publication date, ISO ``YYYY-MM-DD``
    name: str = ""  # the title, with the file after it when titles repeat (:func:`web.documents.distinguish`)

    @property
    def path(self) -> str:
        return f"/doc/{self.doc_id}"


@dataclass(frozen=True)
class Figure:
    """One reported figure. ``value``/``target`` are plain numbers (int when whole)."""

    iri: str
    measure: str  # the indicator's label when a known indicator owns the figure, else the phrase
    indicator: dict[str, Any] | None  # :func:`web.terms.ref` dicts
    subject: dict[str, Any] | None  # what the figure is about (kg:figureOf, else its area)
    value: int | float
    unit: str  # a code: ISO 4217 currency, UCUM unit, "1" for a count, "VND/người"...
    comparator: str
    estimated: bool
    direction: str | None
    period: str | None  # "2016-2020" or a year, as the text gives it
    year: int | None
    target: int | float | None
    status: str  # met / missed / unknown (:func:`web.facts.target_status`)
    document: Document | None
    sentence_index: int | None
    sentence: str | None  # the sentence's text

    @cached_property
    def measure_key(self) -> str:
        return measure_key(self.measure)

    @cached_property
    def words(self) -> tuple[str, str]:
        """What the text filter reads (measure, subject, document title, unit, period, sentence):
        case-folded with its diacritics, and accent-free (computed once, then kept)."""
        fields = (
            self.measure,
            (self.subject or {}).get("label"),
            self.document.title if self.document else "",
            self.unit,
            unit_name(self.unit),
            self.period,
            self.sentence,
        )
        text = " ".join(str(f) for f in fields if f)
        return measure_key(text), fold(text)

    @property
    def date(self) -> str | None:
        return self.document.date if self.document else None

    @property
    def sentence_path(self) -> str | None:
        """The document page at the sentence (``/doc/<id>#s7``): the evidence, one click away."""
        if self.document is None:
            return None
        return self.document.path + (f"#s{self.sentence_index}" if self.sentence_index is not None else "")

    @cached_property
    def shown(self) -> tuple[str, str]:
        """``(number, unit)`` as Vietnamese read them: ``("60.000 tỷ", "đồng")``, ``("4.200", "người")``."""
        return shown(self.value, self.unit, self.measure)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: numbers as numbers, and ``source`` / ``area`` / ``date`` as
        :func:`web.facts.observations` gives them, so older callers read it unchanged."""
        data = {name: getattr(self, name) for name in FIELDS}  # not asdict: it deep-copies every ref
        data["document"] = {**vars(self.document), "path": self.document.path} if self.document else None
        number, unit = self.shown
        data.update(
            {
                "label": f"{self.measure}: {self.comparator} {number} {unit}".rstrip(),
                "value_shown": number,
                "unit_shown": unit,
                "date": self.date,
                "area": self.subject,
                "target_shown": shown(self.target, self.unit)[0] if self.target is not None else "",
                "sentence_path": self.sentence_path,
                "source": {"index": self.sentence_index, "doc_id": self.document.doc_id, "path": self.sentence_path}
                if self.document
                else None,
            }
        )
        return data


FIELDS = tuple(f.name for f in fields(Figure))


def shown(value: int | float, unit: str, measure: str = "") -> tuple[str, str]:
    """A figure as ``(number, unit)`` the Vietnamese way: ``("60.000 tỷ", "đồng")``, ``("9,5", "%")``.

    :func:`kg.numbers.format_value` writes ``number [scale] unit-name``; the number part is what
    it writes less the unit's name, the rest (with the counted noun of ``measure``) the unit.
    """
    full = format_value(value, unit, measure)
    name, bare = unit_name(unit), format_value(value, unit)
    number = bare[: -len(name)].rstrip() if name and bare.endswith(name) else bare
    return number, full[len(number) :].strip()


_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """:func:`kg.text.fold` (lower-case, accent-free), with one regular expression instead of a
    loop over characters: ten times faster, and the text filter folds every sentence once."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed)).casefold()


def measure_key(text: str | None) -> str:
    """What two measures are compared by: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


# -- reading, once per store generation ---------------------------------------------------------
_CACHE: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, Any]] = weakref.WeakKeyDictionary()
_BUILD = threading.Lock()  # one read at a time; readers of a cached generation wait only for it


def all_figures(kb: KnowledgeBase) -> list[Figure]:
    """Every figure of the store, read once per store generation (in :func:`table_order`)."""
    return _snapshot(kb)["figures"]


def all_choices(kb: KnowledgeBase) -> dict[str, Any]:
    """:func:`choices` over every figure, kept with them."""
    snapshot = _snapshot(kb)
    if "choices" not in snapshot:  # two requests may both count: the same answer, no harm
        snapshot["choices"] = choices(snapshot["figures"])
    return snapshot["choices"]


def _snapshot(kb: KnowledgeBase) -> dict[str, Any]:
    """The figures of the store's current generation, read by the first request that needs
    them while the others wait for that one read (not one read each)."""
    token = kb.generation()
    with _BUILD:
        cached = _CACHE.get(kb)
        if cached is not None and cached["token"] == token:
            return cached
        figures = read_figures(kb)
        for f in figures:
            f.words  # noqa: B018 - folded once now, so the first text filter does not wait for it
        _CACHE[kb] = snapshot = {"token": token, "figures": figures}
        return snapshot


def read_figures(kb: KnowledgeBase) -> list[Figure]:
    """Every figure, read from the store now (see :func:`all_figures` for the cached list)."""
    found: dict[str, dict[str, Any]] = {
        str(r["doc"]): {
            "doc_id": str(r["id"]),
            "title": str(r["title"] or ""),
            "date": _iso(r["date"]),
            "file": source_label(plain(r["path"]), plain(r["source"])) or None,
        }
        for r in query(kb, _DOCUMENTS)
    }
    distinguish(list(found.values()))  # the names every list of documents shows
    documents = {
        iri: Document(d["doc_id"], d["title"] or d["name"], d["file"], d["date"], d["name"]) for iri, d in found.items()
    }
    rows, seen = [], set()
    for r in query(kb, _FIGURES):
        if str(r["obs"]) not in seen:
            seen.add(str(r["obs"]))
            rows.append(r)
    names = refs(kb, [r[k] for r in rows for k in ("indicator", "subject", "area")])
    figures = [_figure(r, names, documents) for r in rows]
    return sorted(figures, key=table_order)


def _figure(r: dict[str, Any], names: dict[str, dict[str, Any]], documents: dict[str, Document]) -> Figure:
    indicator = names.get(str(r["indicator"])) if r["indicator"] is not None else None
    subject = r["subject"] if r["subject"] is not None else r["area"]
    value, target = _number(r["value"]), _number(r["target"])
    assert value is not None  # the query requires kg:value
    comparator, direction = str(r["comparator"] or "="), plain(r["direction"])
    year = plain(r["year"])
    return Figure(
        iri=str(r["obs"]),
        measure=(indicator or {}).get("label") or str(r["measure"] or ""),
        indicator=indicator,
        subject=names.get(str(subject)) if subject is not None else None,
        value=value,
        unit=str(r["unit"]),
        comparator=comparator,
        estimated=bool(plain(r["estimated"])),
        direction=direction,
        period=plain(r["period"]) or (str(year) if year else None),
        year=int(str(year)[:4]) if year and str(year)[:4].isdigit() else None,
        target=target,
        status=target_status(value, target, comparator, direction),
        document=documents.get(str(r["doc"])) if r["doc"] is not None else None,
        sentence_index=plain(r["idx"]),
        sentence=plain(r["text"]),
    )


def _number(literal: Literal | None) -> int | float | None:
    if literal is None:
        return None
    number = Decimal(str(literal))
    return int(number) if number == number.to_integral_value() else float(number)


def _iso(literal: Literal | None) -> str | None:
    text = str(literal or "")
    return text[:10] if len(text) >= 10 and text[4] == "-" else None


# -- filters --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FigureFilter:
    """What the table, its JSON, the chart and the CSV are narrowed to (all optional)."""

    q: str = ""
    measure: str = ""
    unit: str = ""
    subject: str = ""  # an IRI, a path key ("city/165") or a name
    indicator: str = ""  # an indicator IRI
    published: DateRange | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], base: str) -> FigureFilter:
        """The filter of URL arguments (empty ones count as absent; dates checked)."""
        values = {name: _text(args, name) for name in ("q", "measure", "unit", "subject", "indicator")}
        for name in ("subject", "indicator"):
            values[name] = entity_iri(values[name], base, "indicator/" if name == "indicator" else "")
        return cls(**values, published=range_of(args))

    def __bool__(self) -> bool:
        return any((self.q, self.measure, self.unit, self.subject, self.indicator, self.published))

    def apply(self, figures: list[Figure]) -> list[Figure]:
        keep = figures
        if self.indicator:
            keep = [f for f in keep if f.indicator and f.indicator["iri"] == self.indicator]
        if self.measure:
            wanted = measure_key(self.measure)
            keep = [f for f in keep if f.measure_key == wanted]
        if self.unit:
            keep = [f for f in keep if f.unit == self.unit]
        if self.subject:
            keep = _by_subject(keep, self.subject)
        if self.published:
            keep = [f for f in keep if f.date in self.published]
        if self.q:
            exact = has_diacritics(self.q)  # with diacritics they must match: "Chè" is not "chẽ"
            wanted = measure_key(self.q) if exact else fold(self.q)
            keep = [f for f in keep if wanted in f.words[0 if exact else 1]]
        return keep


def _text(args: Mapping[str, str], name: str) -> str:
    value = " ".join(str(args.get(name) or "").split())
    if len(value) > MAX_TEXT:
        raise BadQuery(f"'{name}' is too long ({len(value)} characters; at most {MAX_TEXT})")
    return value


def entity_iri(value: str, base: str, prefix: str = "") -> str:
    """An IRI as given, a path key (``city/165``, ``/entity/city/165``) as the entity's IRI,
    anything else (a name) unchanged."""
    if not value or "://" in value:
        return value
    key = value.removeprefix("/").removeprefix("entity/")
    if prefix and "/" not in key:
        key = prefix + key
    return f"{base}entity/{key}" if "/" in key and " " not in key else value


def _by_subject(figures: list[Figure], wanted: str) -> list[Figure]:
    """Figures about the entity ``wanted`` (an IRI), or whose subject's name is ``wanted``
    (exactly, else containing it; accent-insensitive)."""
    if "://" in wanted:
        return [f for f in figures if f.subject and f.subject["iri"] == wanted]
    name = fold(wanted)
    exact = [f for f in figures if f.subject and _text_key(f.subject["label"])[0] == name]
    return exact or [f for f in figures if f.subject and name in _text_key(f.subject["label"])[0]]


# -- sorting and paging -----------------------------------------------------------------------
# What a sort column's key gives: folded text for words, a number, an ISO date or period; None
# for a figure without that value.
SortValue = tuple[str, str] | int | float | str | None


@lru_cache(maxsize=1 << 16)
def _text_key(text: str) -> tuple[str, str]:
    """How words sort: accent-free first (Vietnamese readers find "Đà Nẵng" under D), then
    with diacritics to break ties; kept, as the same names come back on every sort."""
    return fold(text), measure_key(text)


def sort_key(name: str) -> Callable[[Figure], SortValue]:
    """The key of sort column ``name`` (None for a figure without that value)."""

    def text(value: str | None) -> tuple[str, str] | None:
        return _text_key(value) if value else None

    keys: dict[str, Callable[[Figure], SortValue]] = {
        "measure": lambda f: text(f.measure),
        "subject": lambda f: text((f.subject or {}).get("label")),
        "value": lambda f: f.value,
        "unit": lambda f: text(unit_name(f.unit) or f.unit),
        "period": lambda f: f.period,
        "target": lambda f: f.target,
        "status": lambda f: {"met": 0, "missed": 1}.get(f.status),
        "document": lambda f: text(f.document.title) if f.document else None,
        "date": lambda f: f.date,
    }
    return keys[name]


def table_order(f: Figure) -> tuple[SortValue, SortValue, str, str, str]:
    """The order ties keep: measure, subject, period, publication date, IRI."""
    return (sort_key("measure")(f) or ("", ""), sort_key("subject")(f) or ("", ""), f.period or "", f.date or "", f.iri)


def sort_figures(figures: list[Figure], sort: str, order: str) -> list[Figure]:
    """Sorted by ``sort`` (one of :data:`SORTS`), ``asc`` or ``desc``; the figures lacking the
    value last either way. The sort is stable and :func:`all_figures` is in
    :func:`table_order`, so ties keep that order."""
    if sort not in SORTS:
        raise BadQuery(f"cannot sort by {sort[:40]!r}; choose one of: {', '.join(SORTS)}")
    if order not in ("asc", "desc"):
        raise BadQuery(f"order must be 'asc' or 'desc', got {order[:40]!r}")
    key = sort_key(sort)
    keyed = [(key(f), f) for f in figures]  # each key computed once
    present = [pair for pair in keyed if pair[0] is not None]
    # reverse=True keeps equal keys in their order (Python's sort is stable either way)
    present.sort(key=itemgetter(0), reverse=order == "desc")
    return [f for _, f in present] + [f for k, f in keyed if k is None]


def summary(figures: list[Figure]) -> dict[str, int]:
    """How many figures met their target, missed it, or cannot tell."""
    counts = dict.fromkeys(("met", "missed", "unknown"), 0)
    for f in figures:
        counts[f.status] += 1
    return counts


def unit_label(code: str) -> str:
    """A unit code for a list of units: its Vietnamese name, ``số đếm`` for a plain count."""
    name = unit_name(code)
    if not name:
        return "số đếm · count"
    return "1" + name if name.startswith("/") else name


# -- what the form offers ------------------------------------------------------------------------
MAX_CHOICES = 300  # measures and subjects offered as suggestions (the most frequent first)


def choices(figures: list[Figure]) -> dict[str, Any]:
    """The form's options over ``figures``: ``measures`` and ``subjects`` (``[label, count]``,
    most frequent first), ``units`` (``[code, label, count]``) and ``chartable`` (measure and
    unit pairs with at least two figures: ``{"measure", "unit", "unit_label", "count"}``)."""
    measures: dict[str, list[Any]] = {}  # [label, count]
    subjects: dict[str, list[Any]] = {}
    units: dict[str, int] = {}
    pairs: dict[tuple[str, str], list[Any]] = {}  # [measure, unit, count]
    for f in figures:
        measures.setdefault(f.measure_key, [f.measure, 0])[1] += 1
        if f.subject:
            subjects.setdefault(f.subject["label"], [f.subject["label"], 0])[1] += 1
        units[f.unit] = units.get(f.unit, 0) + 1
        if f.measure:
            pairs.setdefault((f.measure_key, f.unit), [f.measure, f.unit, 0])[2] += 1

    def top(counted: Iterable[list[Any]]) -> list[list[Any]]:
        return sorted(counted, key=lambda item: (-item[-1], fold(item[0]), item[0]))[:MAX_CHOICES]

    chartable = [
        {"measure": m, "unit": u, "unit_label": unit_label(u), "count": n}
        for m, u, n in top(p for p in pairs.values() if p[2] >= 2)
    ]
    return {
        "measures": top(m for m in measures.values() if m[0]),
        "subjects": top(subjects.values()),
        "units": [
            [code, unit_label(code), n] for code, n in sorted(units.items(), key=lambda item: (-item[1], item[0]))
        ],
        "chartable": chartable,
    }
