"""End to end in a real browser: the figures table sorted in place, filtered through its form,
charted with Chart.js (served by this server) and downloaded as CSV.

The server, the browser and the checks every page test shares are in ``conftest.py``.
"""

from __future__ import annotations

import csv
import json
import re
import urllib.parse
import urllib.request

import pytest

from tests.web.e2e.browser import DRAWN, assert_clean, is_local, shoot

pytestmark = pytest.mark.slow

TABLE = "#figures-table"
VALUE_HEADER = f"{TABLE} th[data-key=value]"
CHART = "#figure-chart"


def values(page) -> list[float]:
    cells = page.locator(f"{TABLE} tbody td.fig-value")
    return [float(v) for v in cells.evaluate_all("cells => cells.map(c => c.dataset.value)")]


def chart_data(base: str, **args) -> dict:
    with urllib.request.urlopen(f"{base}api/figures/chart?{urllib.parse.urlencode(args)}", timeout=30) as answer:
        return json.load(answer)


def pick(page, base: str, by: str, drawn: bool) -> str | None:
    """The value of the first measure option whose chart across ``by`` is drawn (or is not)."""
    options = page.locator("#chart-measure option").evaluate_all(
        "os => os.filter(o => o.value).map(o => [o.value, o.dataset.unit])"
    )
    for measure, unit in options:
        if (chart_data(base, measure=measure, unit=unit, by=by)["type"] is not None) == drawn:
            return measure
    return None


def test_figures_sort_filter_chart_and_csv(server, browsing, tmp_path):
    page, watch = browsing
    page.goto(f"{server}figures")
    rows = page.locator(f"{TABLE} tbody tr")
    assert rows.count() > 0
    assert "cơ cấu ngành thương mại – dịch vụ" in page.locator(TABLE).inner_text()  # the demo's trade share
    assert page.locator(f"{TABLE} td.doc a[href*='/doc/']").count() == rows.count()  # every figure its document

    # sorting: the whole list is on the page, so a header click sorts it here, largest first
    assert page.locator(TABLE).get_attribute("data-complete") == "true"
    page.locator(f"{VALUE_HEADER} a").click()
    assert page.locator(VALUE_HEADER).get_attribute("aria-sort") == "descending"
    shown = values(page)
    assert shown == sorted(shown, reverse=True) and len(shown) == rows.count()
    assert "sort=value" in page.url and "order=desc" in page.url  # still a link to this view
    page.locator(f"{VALUE_HEADER} a").click()
    assert page.locator(VALUE_HEADER).get_attribute("aria-sort") == "ascending" and values(page) == sorted(shown)

    # the chart: a measure with figures about several subjects draws bars on a canvas
    chart = page.locator(CHART)
    chart.locator(".chart-controls").wait_for(state="visible")
    measure = pick(page, server, "subject", drawn=True)
    if measure is not None:
        page.locator("#chart-measure").select_option(measure)
        page.wait_for_selector(f"{CHART}[data-drawn=bar]")
        canvas = page.locator("#chart-canvas")
        page.wait_for_function(DRAWN, arg=canvas.element_handle())
        assert "số liệu · figures" in page.locator("#chart-note").inner_text()
        # a click on the first bar opens the table of that subject and measure
        x, y = (
            page.evaluate("""() => { const bar = document.getElementById('figure-chart').vnkg.getDatasetMeta(0).data[0];
                                        return [(bar.base + bar.x) / 2, bar.y]; }""")
        )
        canvas.click(position={"x": x, "y": y})
        page.wait_for_url(re.compile(r"subject="))
        assert "measure=" in page.url and page.locator(f"{TABLE} tbody tr").count() >= 1
        page.go_back()
        page.wait_for_selector(f"{CHART}[data-drawn]")
    else:  # nothing in the store compares two subjects: the chart says so
        page.wait_for_selector(f"{CHART}[data-drawn]")
    # a measure with nothing to compare says why instead of drawing an empty chart
    lonely = pick(page, server, "year", drawn=False)
    if lonely is not None:
        page.locator("#chart-measure").select_option(lonely)
        page.locator("input[name=chart-by][value=year]").check()
        page.wait_for_selector(f"{CHART}[data-drawn=none]")
        assert "fewer than two" in page.locator("#chart-note").inner_text()
        assert page.locator(f"{CHART} .chart-box").is_hidden()
    assert measure is not None or lonely is not None, "no measure offered to chart"
    chart_js = [(url, status) for url, status in watch.responses if url.endswith("chart.umd.min.js")]
    assert chart_js and all(is_local(url) and status == 200 for url, status in chart_js), chart_js

    # filtering through the form: one unit, and the download is of that view
    page.locator("select[name=unit]").select_option("%")
    page.locator("form.figure-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"unit=%25"))
    units = page.locator(f"{TABLE} tbody td:nth-child(4)").evaluate_all("cells => cells.map(c => c.title)")
    assert units and set(units) == {"%"}
    total = int(page.locator("h1 .count").inner_text().replace(".", ""))
    with page.expect_download() as info:
        page.locator("#figures-csv").click()
    saved = tmp_path / "figures.csv"
    info.value.save_as(saved)
    assert info.value.suggested_filename.startswith("vnkg-figures-")
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == total and {row["unit"] for row in table} == {"%"}
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", row["value"]) for row in table)

    page.set_viewport_size({"width": 1280, "height": 1500})  # the README's shot: form, chart and table
    page.goto(f"{server}figures?sort=value&order=desc")
    page.wait_for_selector(f"{CHART}[data-drawn]")
    print(f"charted across subjects: {measure!r}; nothing to chart across years: {lonely!r}")
    shoot(page, "figures")
    assert_clean(watch)
