"""A chart of one measure, in one unit: across subjects (bars) or across years (lines).

Units are never mixed: the chart is of one ``(measure, unit)`` pair; when only the measure is
given, its most frequent unit among the figures is taken (and named in the answer). Which
figure stands for a subject, or for a subject in a year, is the most recent one reported (the
latest year, then the latest publication), so a figure restated by later articles counts once.

The year of a figure is the year its text gives (``kg:year``, or a period of one year), else
the year of publication; a figure over a span of years ("2016-2020") has no one year and is
left out of the line chart, as is a figure with no subject (counted in ``skipped``).

Chart.js draws the answer (``web/static/figures.js``); the numbers stay plain, with a ``scale``
(``1e9``, "tỷ") the script divides by and writes vi-VN on axes and tooltips.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kg.errors import BadQuery

from .figures import Figure, measure_key, unit_label

BY = ("subject", "year")
MAX_BARS = 30
MAX_LINES = 8
MAX_TRIED = 50  # pairs tried when none was asked, until one draws something
MAX_YEARS = 60  # a longer span lists only the years that have figures
_SCALED = ("VND", "USD", "EUR", "JPY", "CNY", "KRW", "1")  # as kg.numbers.format_value scales them
_SCALES = ((10**9, "tỷ"), (10**6, "triệu"))


def chart(figures: list[Figure], measure: str = "", unit: str = "", by: str = "subject") -> dict[str, Any]:
    """Chart.js-ready data for one measure of ``figures`` (already filtered).

    Args:
        figures: the figures to chart from (the page's filters applied).
        measure: the measure (indicator label or phrase); "" to choose: the best pair of
            :func:`_pairs` that draws something (see :data:`MAX_TRIED`).
        unit: its unit code; "" for the measure's most frequent unit that draws something.
        by: ``subject`` (a bar per subject) or ``year`` (a line per subject across years).

    Returns:
        ``{"measure", "unit", "unit_label", "by", "type", "labels", "datasets", "scale",
        "axis", "points", "omitted", "skipped", "message"}``: ``type`` is ``bar``, ``line``
        or None when there is nothing to chart (``message`` then says why, ``{"vi", "en"}``);
        each dataset is ``{"label", "iri", "path", "data"}`` with ``data`` aligned on
        ``labels`` (None where a subject has no figure that year).
    """
    if by not in BY:
        raise BadQuery(f"'by' must be one of: {', '.join(BY)}; got {by[:40]!r}")
    candidates = _pairs(figures, measure, unit) or [(measure, unit)]
    tried = ((pair, _draw(figures, pair, by)) for pair in candidates[:MAX_TRIED])
    # the first pair that draws something (one bar or one year compares nothing), else the first
    (measure, unit), drawn = next((t for t in tried if len(t[1]["labels"]) >= 2), None) or (
        candidates[0],
        _draw(figures, candidates[0], by),
    )
    enough = len(drawn["labels"]) >= 2
    values = [v for d in drawn["datasets"] for v in d["data"] if v is not None]
    factor, word = _scale(unit, values)
    axis = " ".join(p for p in (word, unit_label(unit) if unit != "1" else "") if p)
    return {
        "measure": measure,
        "unit": unit,
        "unit_label": unit_label(unit) if unit else "",
        "by": by,
        "type": ("bar" if by == "subject" else "line") if enough else None,
        **drawn,
        "scale": {"factor": factor, "word": word},
        "axis": axis,
        "message": None if enough else _nothing(measure, by, drawn["labels"]),
    }


def _draw(figures: list[Figure], pair: tuple[str, str], by: str) -> dict[str, Any]:
    chosen = [f for f in figures if f.measure_key == measure_key(pair[0]) and f.unit == pair[1]]
    return _bars(chosen) if by == "subject" else _lines(chosen)


def _pairs(figures: list[Figure], measure: str, unit: str) -> list[tuple[str, str]]:
    """The (measure, unit) pairs matching what was asked ("" matches any), best first: a known
    indicator's with two figures or more ("vốn đầu tư" says more than the bare "tỷ lệ"), then
    the most figures."""
    counts: dict[tuple[str, str], list[int]] = {}  # (measure, unit) -> [owned by an indicator, figures]
    names: dict[str, str] = {}
    for f in figures:
        if f.measure and (not measure or f.measure_key == measure_key(measure)) and (not unit or f.unit == unit):
            counted = counts.setdefault((f.measure_key, f.unit), [f.indicator is not None, 0])
            counted[1] += 1
            names.setdefault(f.measure_key, f.measure)
    ranked = sorted(counts.items(), key=lambda item: (not (item[1][0] and item[1][1] >= 2), -item[1][1], item[0]))
    return [(names[key], unit) for (key, unit), _ in ranked]


def _latest(f: Figure) -> tuple[int, str, str]:
    return (f.year or 0, f.date or "", f.iri)


def _subject(f: Figure) -> dict[str, Any]:
    """The subject of a figure kept for a bar (figures without one are skipped before)."""
    assert f.subject is not None
    return f.subject


def _bars(figures: list[Figure]) -> dict[str, Any]:
    """One bar per subject: its latest figure, the largest first, at most :data:`MAX_BARS`."""
    latest: dict[str, Figure] = {}
    skipped = 0
    for f in figures:
        if not f.subject:
            skipped += 1
        elif f.subject["iri"] not in latest or _latest(f) > _latest(latest[f.subject["iri"]]):
            latest[f.subject["iri"]] = f
    bars = sorted(latest.values(), key=lambda f: (-f.value, _subject(f)["label"]))
    shown = bars[:MAX_BARS]
    return {
        "labels": [_subject(f)["label"] for f in shown],
        "datasets": [
            {
                "label": shown[0].measure if shown else "",
                "iri": None,
                "path": None,
                "data": [f.value for f in shown],
                "paths": [_subject(f)["path"] for f in shown],
            }
        ],
        "points": len(shown),
        "omitted": len(bars) - len(shown),
        "skipped": skipped,
    }


def year_of(f: Figure) -> int | None:
    """The figure's year: the one its text gives, else its publication year; None for a span."""
    if f.year:
        return f.year
    if f.period:
        return int(f.period) if f.period.isdigit() and len(f.period) == 4 else None
    return int(f.date[:4]) if f.date else None


def _lines(figures: list[Figure]) -> dict[str, Any]:
    """A line per subject across years (the subjects with the most years first, at most
    :data:`MAX_LINES`), each point the subject's latest figure of that year."""
    cells: dict[str, dict[int, Figure]] = {}
    subjects: dict[str, dict[str, Any]] = {}
    skipped = 0
    for f in figures:
        year = year_of(f)
        if year is None or not f.subject:  # a line of figures about no one thing would join unlike ones
            skipped += 1
            continue
        key = f.subject["iri"]
        subjects.setdefault(key, f.subject)
        row = cells.setdefault(key, {})
        if year not in row or _latest(f) > _latest(row[year]):
            row[year] = f
    order = sorted(cells, key=lambda k: (-len(cells[k]), subjects[k]["label"]))
    shown = order[:MAX_LINES]
    present = sorted({y for k in shown for y in cells[k]})
    # every year between the first and the last, so the axis spaces years evenly (gaps stay gaps)
    years = list(range(present[0], present[-1] + 1)) if present and present[-1] - present[0] <= MAX_YEARS else present
    datasets = [
        {
            "label": subjects[k]["label"],
            "iri": k,
            "path": subjects[k]["path"],
            "data": [cells[k][y].value if y in cells[k] else None for y in years],
        }
        for k in shown
    ]
    return {
        "labels": [str(y) for y in years],
        "datasets": datasets,
        "points": sum(len(cells[k]) for k in shown),
        "omitted": len(order) - len(shown),
        "skipped": skipped,
    }


def _scale(unit: str, values: list[int | float]) -> tuple[int, str]:
    """Divide money and counts by a billion or a million when the largest value is that big."""
    if unit.split("/")[0] in _SCALED and values:
        largest = max(abs(Decimal(str(v))) for v in values)
        for size, word in _SCALES:
            if largest >= size:
                return size, word
    return 1, ""


def _nothing(measure: str, by: str, labels: list[str]) -> dict[str, str]:
    if not measure:
        return {"vi": "Không có số liệu để vẽ biểu đồ với bộ lọc này.", "en": "No figures to chart with these filters."}
    if by == "subject":
        return {
            "vi": f"“{measure}”: chưa đủ số liệu của từ hai đối tượng để so sánh; thử xem theo năm.",
            "en": f"“{measure}”: fewer than two subjects to compare; try across years.",
        }
    return {
        "vi": f"“{measure}”: chưa đủ số liệu của từ hai năm để vẽ đường; thử xem theo đối tượng.",
        "en": f"“{measure}”: figures from fewer than two years; try across subjects.",
    }
