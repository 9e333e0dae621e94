"""Publication-date filters: ``year=YYYY`` or ``from=YYYY-MM-DD`` / ``to=YYYY-MM-DD``.

Documents carry their publication date as ``dcterms:date`` (an ``xsd:date``, from a JSON
Lines field or the folder's ``MANIFEST.tsv``); proposals, directives and figures whose text
gives no time carry their document's. One :class:`DateRange`, checked here once, restricts
search hits (:mod:`search.filters`), the document list and the fact listings of the web
pages alike, so ``year=2020`` means the same everywhere: both ends inclusive, a document
without a date never inside a range.

>>> date_range(year="2020")
DateRange(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
>>> date_range(start="2020-03-01")
DateRange(start=datetime.date(2020, 3, 1), end=None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kg.errors import BadQuery
from kg.namespaces import sparql_prefixes

if TYPE_CHECKING:
    from kg.store import Store

_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PARAMETERS = ("year", "from", "to")  # the names in URLs, and ``--year/--from/--to`` on the command line


@dataclass(frozen=True)
class DateRange:
    """Dates from ``start`` to ``end``, both inclusive; None leaves that side open."""

    start: date | None = None
    end: date | None = None

    def __contains__(self, value: object) -> bool:
        """Whether a date (or an ISO ``YYYY-MM-DD`` string) is in the range; None is not."""
        if not value:
            return False
        day = value if isinstance(value, date) else _iso_day(str(value)[:10])
        return day is not None and (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def sparql(self, variable: str) -> str:
        """A ``FILTER`` keeping the solutions whose ``variable`` (an ``xsd:date``) is in range.

        An unbound variable or a value that is no ``xsd:date`` fails the comparison, so
        undated documents and facts are left out.
        """
        tests = [f"DATATYPE({variable}) = xsd:date"]
        if self.start is not None:
            tests.append(f'{variable} >= "{self.start.isoformat()}"^^xsd:date')
        if self.end is not None:
            tests.append(f'{variable} <= "{self.end.isoformat()}"^^xsd:date')
        return f"FILTER({' && '.join(tests)})"

    def to_dict(self) -> dict:
        """``{"from", "to"}`` as ISO dates (None for an open side): what the JSON shows."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


def _iso_day(text: str) -> date | None:
    if not _DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _day(name: str, raw: str) -> date:
    day = _iso_day(raw)
    if day is None:
        raise BadQuery(f"'{name}' must be a date written YYYY-MM-DD, such as 2020-10-01; got {raw[:40]!r}")
    return day


def date_range(year: object = None, start: object = None, end: object = None) -> DateRange | None:
    """The range asked for by ``year`` or by ``start``/``end`` (``from``/``to`` in URLs).

    Values are strings as they come from a URL or a command line; empty ones count as
    absent (a form submits its empty fields).

    Returns:
        None when nothing was asked, else the :class:`DateRange`.

    Raises:
        BadQuery: a year that is not four digits, a date that is not a real ``YYYY-MM-DD``,
            ``from`` after ``to``, or ``year`` together with ``from``/``to``.
    """
    year, start, end = (str(v).strip() if v is not None else "" for v in (year, start, end))
    if year and (start or end):
        raise BadQuery("give either 'year' or 'from'/'to', not both")
    if year:
        if not _YEAR.fullmatch(year) or year == "0000":
            raise BadQuery(f"'year' must be four digits, such as 2020; got {year[:40]!r}")
        return DateRange(date(int(year), 1, 1), date(int(year), 12, 31))
    if not (start or end):
        return None
    found = DateRange(_day("from", start) if start else None, _day("to", end) if end else None)
    if found.start and found.end and found.start > found.end:
        raise BadQuery(f"'from' ({found.start.isoformat()}) is after 'to' ({found.end.isoformat()})")
    return found


def range_of(args: Mapping[str, Any]) -> DateRange | None:
    """:func:`date_range` from a mapping holding ``year``, ``from`` and ``to`` (URL arguments)."""
    return date_range(args.get("year"), args.get("from"), args.get("to"))


def published_in(store: Store, span: DateRange) -> set[str]:
    """Ids of the stored documents published within ``span`` (``dcterms:date``)."""
    rows = store.query(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?id WHERE {{
        ?doc a kg:Document ; dcterms:identifier ?id ; dcterms:date ?date . {span.sparql("?date")} }}"""
    )
    return {str(r["id"]) for r in rows}
