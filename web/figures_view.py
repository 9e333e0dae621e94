"""The figures page's data and its JSON twins: ``/api/figures`` (the table) and
``/api/figures/chart`` (one measure across subjects or years).

The page (``/figures``, also at its older address ``/browse/observation``), the JSON, the
chart and the CSV (``/export/figures.csv``) read the same URL arguments through
:func:`table_args`, so any filtered, sorted view can be linked, fetched or downloaded alike.
Sorting and paging are done here, over every figure the filters keep: the page works without
JavaScript, and ``web/static/figures.js`` only sorts in place when the whole list is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from search.dates import PARAMETERS

from . import browse, vendor
from .figure_chart import chart
from .figures import DEFAULT_SORT, FigureFilter, all_choices, all_figures
from .state import get_kb

bp = Blueprint("figures", __name__, url_prefix="/api")

FILTER_NAMES = ("q", "measure", "unit", "subject", "indicator", *PARAMETERS)
# Table columns: key, Vietnamese, English, numeric; the order of the page and of the CSV.
COLUMNS = (
    ("measure", "Chỉ tiêu / đại lượng", "Indicator / measure", False),
    ("subject", "Đối tượng", "Subject", False),
    ("value", "Giá trị", "Value", True),
    ("unit", "Đơn vị", "Unit", False),
    ("period", "Kỳ", "Period", False),
    ("target", "Mục tiêu", "Target", True),
    ("status", "Kết quả", "Result", False),
    ("document", "Tài liệu", "Document", False),
    ("date", "Ngày", "Date", False),
)
FIRST_ORDER = {"value": "desc", "target": "desc", "date": "desc"}  # a first click shows the largest, newest


def table_args(args: Mapping[str, str]) -> tuple[FigureFilter, str, str]:
    """The filter and the sort (column, order) of URL arguments ``args``."""
    filters = FigureFilter.from_args(args, get_kb().iris.base)
    sort = str(args.get("sort") or DEFAULT_SORT[0])
    order = str(args.get("order") or (FIRST_ORDER.get(sort, "asc") if args.get("sort") else DEFAULT_SORT[1]))
    return filters, sort, order


def raw_filters(args: Mapping[str, str]) -> dict[str, str]:
    """The filter arguments as given (non-empty only), for forms and links."""
    return {name: " ".join(str(args.get(name)).split())[:200] for name in FILTER_NAMES if args.get(name, "").strip()}


def figures_view(args: Mapping[str, str]) -> dict:
    """Everything ``pages/figures.html`` needs for the request arguments ``args``."""
    kb = get_kb()
    filters, sort, order = table_args(args)
    table = browse.figures(kb, args.get("page", 1), filters=filters, sort=sort, order=order)
    given = raw_filters(args)
    sorted_by = {name: str(args[name])[:20] for name in ("sort", "order") if args.get(name)}
    return {
        "f": table,
        "given": given,
        "columns": _columns(given, sort, order),
        "filters_query": urlencode(given),
        "query": urlencode({**given, **sorted_by}),
        "removals": _removals(given, sorted_by),
        "narrow": lambda name, value: _link({**given, name: value, **sorted_by}),
        "options": all_choices(kb),
        "chart_ready": vendor.available("chart.umd.min.js"),
    }


def _columns(given: dict, sort: str, order: str) -> list[dict]:
    """Header cells: the link that sorts by the column (the other way when it is the sorted
    one) and ``aria_sort`` for the sorted one."""
    out = []
    for key, vi, en, numeric in COLUMNS:
        current = key == sort
        next_order = ("desc" if order == "asc" else "asc") if current else FIRST_ORDER.get(key, "asc")
        out.append(
            {
                "key": key,
                "vi": vi,
                "en": en,
                "numeric": numeric,
                "href": _link({**given, "sort": key, "order": next_order}),
                "aria_sort": ("ascending" if order == "asc" else "descending") if current else None,
            }
        )
    return out


def _removals(given: dict, sorted_by: dict) -> list[dict]:
    """One chip per active filter with the link that drops it (the date filter as one; the
    sort is kept)."""
    labels = {
        "q": ("Chữ", "Text"),
        "measure": ("Chỉ tiêu", "Measure"),
        "unit": ("Đơn vị", "Unit"),
        "subject": ("Đối tượng", "Subject"),
        "indicator": ("Chỉ tiêu", "Indicator"),
    }
    chips = [
        {
            "vi": labels[name][0],
            "en": labels[name][1],
            "value": value,
            "href": _link({**{k: v for k, v in given.items() if k != name}, **sorted_by}),
        }
        for name, value in given.items()
        if name in labels
    ]
    dates = {k: v for k, v in given.items() if k in PARAMETERS}
    if dates:
        shown = dates.get("year") or f"{dates.get('from', '…')} – {dates.get('to', '…')}"
        chips.append(
            {
                "vi": "Ngày đăng",
                "en": "Published",
                "value": shown,
                "href": _link({**{k: v for k, v in given.items() if k not in PARAMETERS}, **sorted_by}),
            }
        )
    return chips


def _link(args: dict) -> str:
    """This page (whichever of its two addresses) with ``args``."""
    return request.path + ("?" + urlencode(args) if args else "")


@bp.get("/figures")
def figures_json() -> Response:
    """The table as JSON: ``{"ok", "filters", "sort", "order", "total", "page", "pages",
    "per_page", "summary", "rows"}`` (numbers plain; see ``web/openapi.json``)."""
    filters, sort, order = table_args(request.args)
    table = browse.figures(get_kb(), request.args.get("page", 1), filters=filters, sort=sort, order=order)
    return jsonify({"ok": True, "filters": raw_filters(request.args), **table})


@bp.get("/figures/chart")
def figures_chart() -> Response:
    """One measure in one unit across subjects (``by=subject``, bars) or years (``by=year``,
    lines), from the figures the other filters keep; ``type`` null and a ``message`` when
    there is nothing to chart."""
    args = request.args
    filters, _, _ = table_args({k: v for k, v in args.items() if k not in ("measure", "unit")})
    figures = filters.apply(all_figures(get_kb()))
    drawn = chart(
        figures,
        " ".join(args.get("measure", "").split())[:200],
        args.get("unit", "").strip()[:40],
        args.get("by", "subject").strip(),
    )
    return jsonify({"ok": True, "filters": raw_filters(args), **drawn})
