"""The figures table (web/figures.py), its chart (web/figure_chart.py) and their routes
(web/figures_view.py, /figures): read from the demo store, filtered, sorted, charted."""

from __future__ import annotations

import re

import pytest

from kg.errors import BadQuery
from search.dates import date_range
from tests.web.conftest import DEMO, SEED
from web.figure_chart import chart, year_of
from web.figures import (
    Document,
    Figure,
    FigureFilter,
    all_figures,
    choices,
    shown,
    sort_figures,
)

BASE = "http://kg.test/"
# The seed's folder and file as the store names them: from ../shared, else the demo copy.
SEED_SOURCE = f"seed/{SEED.name}" if SEED.exists() else f"demo/{DEMO.name}"
CITY, PARK, PROVINCE = (
    f"{BASE}entity/city/165",
    f"{BASE}entity/industrial-park/kcn-song-cong-2",
    f"{BASE}entity/province/19",
)
TRADE = "cơ cấu ngành thương mại – dịch vụ"


def ref(iri: str, label: str, kind: str = "City") -> dict:
    return {"iri": iri, "label": label, "type": kind, "path": "/" + iri.removeprefix(BASE)}


HANOI, HUE = ref(f"{BASE}entity/city/1", "Thành phố Hà Nội"), ref(f"{BASE}entity/city/46", "Thành phố Huế")
CHE = ref(f"{BASE}entity/ward/5", "Phường Mỏ Chè", "Ward")


def fig(
    n: int = 0,
    value=1,
    unit="%",
    measure="tỷ lệ",
    subject=None,
    year=None,
    period=None,
    date=None,
    target=None,
    title="Tin",
    sentence=None,
    indicator=None,
) -> Figure:
    """A figure made by hand, for the pure functions."""
    return Figure(
        iri=f"{BASE}doc/d{n}#obs{n}",
        measure=measure,
        indicator=indicator,
        subject=subject,
        value=value,
        unit=unit,
        comparator="=",
        estimated=False,
        direction=None,
        period=period or (str(year) if year else None),
        year=year,
        target=target,
        status="unknown",
        document=Document(f"d{n}", title, f"news/{n}.txt", date),
        sentence_index=n,
        sentence=sentence,
    )


# -- reading ------------------------------------------------------------------------------------
def test_every_figure_with_subject_document_and_sentence(web_kb):
    figures = all_figures(web_kb)
    assert len(figures) == 14  # as web.facts.observations finds them (tests/web/test_facts.py)
    assert all_figures(web_kb) is figures  # kept for the store generation
    [trade] = [f for f in figures if f.measure == TRADE]
    assert (trade.value, trade.unit, trade.target, trade.status) == (20, "%", 22, "missed")
    assert trade.subject["iri"] == CITY and trade.subject["label"] == "Thành phố Sông Công"
    assert trade.document.source == SEED_SOURCE and trade.document.title.startswith("Chủ tịch UBND")
    assert trade.document.name == trade.document.title  # titles differ here: no file after it
    assert trade.sentence_path == f"/doc/{trade.document.doc_id}#s{trade.sentence_index}"
    assert "20%" in trade.sentence.replace(" ", "")  # the evidence itself travels with the figure
    # a figure about a park (not a place with an area): its subject is the park
    [area] = [f for f in figures if f.unit == "ha"]
    assert (area.value, area.subject["iri"], area.document.source) == (
        180,
        PARK,
        "multidoc/001_song_cong_khu_cong_nghiep.txt",
    )
    # the indicator's label is the measure, so readings of one indicator group together
    assert {f.measure for f in figures if f.indicator} >= {"thu ngân sách", "tỷ lệ hộ nghèo"}


def test_to_dict_keeps_the_older_keys(web_kb):
    [income] = [f.to_dict() for f in all_figures(web_kb) if f.unit == "VND/người"]
    assert (income["value"], income["value_shown"], income["unit_shown"]) == (70000000, "70 triệu", "đồng/người")
    assert income["area"]["path"] == "/entity/city/165" and income["source"]["path"] == income["sentence_path"]
    assert income["document"]["path"] == f"/doc/{income['document']['doc_id']}" and income["period"] == "2020"


@pytest.mark.parametrize(
    "value, unit, measure, expected",
    [
        (6e13, "VND", "", ("60.000 tỷ", "đồng")),
        (9.5, "%", "", ("9,5", "%")),
        (7e7, "VND/người", "", ("70 triệu", "đồng/người")),
        (4200, "1", "số người", ("4.200", "người")),
        (16000, "1/a", "số hộ", ("16.000", "hộ/năm")),
        (39.8, "km", "chiều dài", ("39,8", "km")),
        (5, "1", "", ("5", "")),
    ],
)
def test_shown_splits_number_and_unit(value, unit, measure, expected):
    assert shown(value, unit, measure) == expected


# -- filters -------------------------------------------------------------------------------------
def test_filter_arguments_become_iris():
    given = FigureFilter.from_args(
        {
            "subject": "city/165",
            "indicator": "thu-ngan-sach",
            "unit": " % ",
            "measure": "  Tỷ  lệ ",
            "year": "2020",
            "q": "",
        },
        BASE,
    )
    assert given.subject == CITY and given.indicator == f"{BASE}entity/indicator/thu-ngan-sach"
    assert (given.unit, given.measure, given.q) == ("%", "Tỷ lệ", "") and given.published == date_range("2020")
    assert FigureFilter.from_args({"subject": "/entity/city/165"}, BASE).subject == CITY
    assert FigureFilter.from_args({"subject": "Sông Công"}, BASE).subject == "Sông Công"  # a name stays a name
    assert not FigureFilter.from_args({}, BASE)
    with pytest.raises(BadQuery):
        FigureFilter.from_args({"q": "x" * 201}, BASE)
    with pytest.raises(BadQuery):
        FigureFilter.from_args({"year": "20"}, BASE)


def test_filters_on_the_demo_store(web_kb):
    figures = all_figures(web_kb)

    def kept(**args):
        return FigureFilter(**args).apply(figures)

    assert [f.value for f in kept(unit="ha")] == [180]
    assert {f.subject["iri"] for f in kept(subject=PARK)} == {PARK} and len(kept(subject=PARK)) == 2
    assert len(kept(subject="KCN Sông Công 2")) == 2 and len(kept(subject="kcn song cong 2")) == 2
    assert len(kept(subject="Sông Công")) == 14 - 1  # every subject named so, not the province
    assert [f.value for f in kept(measure="TỶ LỆ HỘ NGHÈO")] == [2]  # case does not matter
    assert [f.value for f in kept(indicator=f"{BASE}entity/indicator/thu-ngan-sach")] == [21]
    assert len(kept(q="lấp đầy khu công nghiệp")) == 1 and len(kept(q="LAP DAY KHU cong nghiep")) == 1
    assert len(kept(q="lấp đầy")) == 2  # the sentence is read too: it holds the 180 ha as well
    assert kept(published=date_range("2020")) == []  # the demo documents carry no date
    assert [f.value for f in kept(unit="%", subject=PARK)] == [45]  # filters combine


def test_text_filter_respects_diacritics_when_typed():
    figures = [fig(1, subject=CHE), fig(2, measure="chẽ", subject=HUE)]
    assert [f.subject for f in FigureFilter(q="Chè").apply(figures)] == [CHE]  # "Chè" is not "chẽ"
    assert len(FigureFilter(q="che").apply(figures)) == 2  # typed without: both


# -- sorting ------------------------------------------------------------------------------------
def test_sort_numbers_dates_and_missing_last():
    figures = [
        fig(1, value=9.5, date="2021-05-01"),
        fig(2, value=100, date=None),
        fig(3, value=-2, date="2019-12-31"),
        fig(4, value=10, date="2020-01-01"),
    ]
    assert [f.value for f in sort_figures(figures, "value", "asc")] == [-2, 9.5, 10, 100]  # numbers, not text
    assert [f.value for f in sort_figures(figures, "value", "desc")] == [100, 10, 9.5, -2]
    assert [f.date for f in sort_figures(figures, "date", "desc")] == ["2021-05-01", "2020-01-01", "2019-12-31", None]
    assert [f.date for f in sort_figures(figures, "date", "asc")][-1] is None  # undated last both ways
    ties = [fig(n, value=1) for n in range(5)]
    assert sort_figures(ties, "value", "desc") == ties  # ties keep the table order
    for bad in (("price", "asc"), ("value", "up")):
        with pytest.raises(BadQuery):
            sort_figures(figures, *bad)


def test_words_sort_the_vietnamese_way():
    names = ["Thành phố Đà Nẵng", "Thành phố Cần Thơ", "Thành phố Hà Nội", "Tỉnh An Giang"]
    figures = [fig(n, subject=ref(f"{BASE}entity/city/{n}", name)) for n, name in enumerate(names)]
    ordered = [f.subject["label"] for f in sort_figures(figures, "subject", "asc")]
    assert ordered == ["Thành phố Cần Thơ", "Thành phố Đà Nẵng", "Thành phố Hà Nội", "Tỉnh An Giang"]


def test_choices_count_measures_units_and_chartable_pairs(web_kb):
    offered = choices(all_figures(web_kb))
    assert offered["units"][0] == ["%", "%", 8] and ["1", "số đếm · count", 4] in offered["units"]
    assert ["Thành phố Sông Công", 11] in offered["subjects"]
    # "số chỉ tiêu" has two figures counted in "1": chartable; one-figure measures are not
    assert [(c["measure"], c["unit"], c["count"]) for c in offered["chartable"]] == [("số chỉ tiêu", "1", 2)]


# -- the chart -------------------------------------------------------------------------------------
def test_bars_take_each_subjects_latest_figure_and_never_mix_units():
    figures = [
        fig(1, value=5, subject=HANOI, year=2019),
        fig(2, value=7, subject=HANOI, year=2021),
        fig(3, value=3, subject=HUE, year=2020),
        fig(4, value=900, unit="%/a", subject=HUE),
        fig(5, value=8, subject=None, year=2020),
    ]
    drawn = chart(figures, "tỷ lệ", "%", "subject")
    assert drawn["type"] == "bar" and drawn["labels"] == ["Thành phố Hà Nội", "Thành phố Huế"]
    assert drawn["datasets"][0]["data"] == [7, 3] and drawn["skipped"] == 1  # 2021's, not 2019's; no subject
    assert drawn["datasets"][0]["paths"] == ["/entity/city/1", "/entity/city/46"]
    # no unit asked: the measure's most frequent one, never both
    assert chart(figures, "tỷ lệ", "", "subject")["unit"] == "%"


def test_lines_across_years_fill_the_axis_and_scale_money():
    figures = [
        fig(1, value=2e12, unit="VND", measure="vốn", subject=HANOI, year=2018),
        fig(2, value=3e12, unit="VND", measure="vốn", subject=HANOI, date="2021-03-01"),
        fig(3, value=1.5e12, unit="VND", measure="vốn", subject=HUE, year=2018),
        fig(4, value=9e12, unit="VND", measure="vốn", subject=HUE, period="2016-2020"),
    ]
    drawn = chart(figures, "vốn", "VND", "year")
    assert drawn["type"] == "line" and drawn["labels"] == ["2018", "2019", "2020", "2021"]
    assert [(d["label"], d["data"]) for d in drawn["datasets"]] == [
        ("Thành phố Hà Nội", [2e12, None, None, 3e12]),
        ("Thành phố Huế", [1.5e12, None, None, None]),
    ]
    assert drawn["skipped"] == 1  # "2016-2020" is no one year
    assert drawn["scale"] == {"factor": 10**9, "word": "tỷ"} and drawn["axis"] == "tỷ đồng"
    assert year_of(figures[1]) == 2021  # no year in the text: the publication's


def test_without_a_measure_the_chart_takes_the_best_pair_that_draws():
    gdp = ref(f"{BASE}entity/indicator/gdp", "GDP", "Indicator")
    figures = [
        fig(1, measure="GDP", indicator=gdp, subject=HANOI, year=2019),  # a known indicator...
        fig(2, measure="GDP", indicator=gdp, subject=HANOI, year=2020),  # ...about one city only
        fig(3, measure="số dự án", unit="1", subject=HANOI),
        fig(4, measure="số dự án", unit="1", subject=HUE),
        fig(5, measure="tỷ lệ", subject=HUE),
    ]
    assert (chart(figures, by="year")["measure"], chart(figures, by="year")["type"]) == ("GDP", "line")
    bars = chart(figures, by="subject")
    assert (bars["measure"], bars["unit"], bars["type"]) == ("số dự án", "1", "bar")  # GDP has one subject
    assert chart(figures[:2], by="subject")["measure"] == "GDP"  # nothing draws: the best pair, and why
    assert chart(figures[:2], by="subject")["message"]


@pytest.mark.parametrize(
    "figures, by, says",
    [
        ([], "subject", "No figures to chart"),
        ([fig(1, subject=HANOI), fig(2, subject=HANOI)], "subject", "fewer than two subjects"),
        ([fig(1, subject=HANOI, year=2020), fig(2, subject=HUE, year=2020)], "year", "fewer than two years"),
    ],
)
def test_nothing_to_chart_says_why(figures, by, says):
    drawn = chart(figures, "", "", by)
    assert drawn["type"] is None and says in drawn["message"]["en"] and drawn["message"]["vi"]


def test_chart_refuses_an_unknown_axis():
    with pytest.raises(BadQuery):
        chart([], "", "", "province")


# -- the page and its JSON ----------------------------------------------------------------------------
def rows(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r"<tr>.*?</tr>", body, re.DOTALL)


def test_page_shows_document_date_and_sentence_link(client, web_kb):
    page = client.get("/figures").get_data(as_text=True)
    assert len(rows(page)) == 14 and 'data-complete="true"' in page
    [trade] = [r for r in rows(page) if f">{TRADE}<" in r]
    doc = next(f.document for f in all_figures(web_kb) if f.measure == TRADE)
    assert re.search(rf'<a href="/doc/{doc.doc_id}#s\d+" title="[^"]*20%', trade)  # sentence on hover and link
    assert doc.title in trade and f"{SEED_SOURCE} · câu" in trade
    assert 'data-value="20"' in trade and 'data-value="22"' in trade and "Chưa đạt" in trade
    assert 'href="/entity/city/165"' in trade and "câu 7</a>" not in page  # the old "câu n" link is gone
    assert 'aria-sort="ascending"' in page and 'href="/figures?sort=value&amp;order=desc"' in page
    assert 'href="/export/figures.csv"' in page and 'src="/static/vendor/chart.umd.min.js"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script (CSP)
    assert '<a href="/figures" aria-current="page">Số liệu' in page


def test_page_sorts_and_filters_on_the_server(client):
    page = client.get("/figures", query_string={"sort": "value", "order": "desc"}).get_data(as_text=True)
    values = [float(v) for v in re.findall(r'<td class="num fig-value" data-value="([-\d.]+)">', page)]
    assert values == sorted(values, reverse=True) and values[0] == 70000000
    assert re.search(r'data-key="value" class="num" aria-sort="descending"', page)
    assert "in 4 different units: choose one unit" in page  # values in two units do not compare
    ha = client.get("/figures", query_string={"unit": "ha", "sort": "value"}).get_data(as_text=True)
    assert len(rows(ha)) == 1 and "180" in rows(ha)[0] and "different units" not in ha
    assert 'href="/figures?sort=value"' in ha  # the unit chip drops the unit and keeps the sort
    assert 'href="/export/figures.csv?unit=ha&amp;sort=value"' in ha  # the download is of this view
    assert '<option value="ha" selected>' in ha and 'data-unit="ha"' in ha
    # each measure and subject narrows the view to itself, the other filters kept
    assert 'href="/figures?unit=ha&amp;sort=value&amp;subject=industrial-park%2Fkcn-song-cong-2"' not in ha
    assert 'href="/figures?unit=ha&amp;subject=industrial-park%2Fkcn-song-cong-2&amp;sort=value"' in ha
    narrowed = client.get("/figures?unit=ha&subject=industrial-park%2Fkcn-song-cong-2").get_data(as_text=True)
    assert len(rows(narrowed)) == 1 and "Only this subject" not in narrowed  # already narrowed to it
    none = client.get("/figures", query_string={"q": "không có gì như thế"}).get_data(as_text=True)
    assert "No figures match these filters" in none and "<tbody>" not in none


def test_older_address_still_serves_the_table(client):
    page = client.get("/browse/observation", query_string={"indicator": "thu-ngan-sach"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and len(rows(text)) == 1 and "thu ngân sách" in rows(text)[0]
    assert '<input type="hidden" name="indicator" value="thu-ngan-sach">' in text


@pytest.mark.parametrize(
    "query, status",
    [
        ({"sort": "price"}, 400),
        ({"order": "sideways", "sort": "value"}, 400),
        ({"page": "0"}, 400),
        ({"page": "9"}, 404),
        ({"year": "abc"}, 400),
    ],
)
def test_bad_arguments_are_one_line_errors(client, query, status):
    for url in ("/figures", "/api/figures"):
        response = client.get(url, query_string=query, headers={"Accept": "application/json"})
        assert response.status_code == status, (url, query)
        assert response.json["ok"] is False and "\n" not in response.json["error"]


def test_api_figures_is_the_tables_json_twin(client):
    data = client.get("/api/figures", query_string={"unit": "%", "sort": "value", "order": "asc"}).json
    assert data["ok"] and data["total"] == 8 and data["filters"] == {"unit": "%"}
    assert [r["value"] for r in data["rows"]] == sorted(r["value"] for r in data["rows"])
    first = data["rows"][0]
    assert isinstance(first["value"], int | float) and first["unit"] == "%" and first["document"]["title"]
    assert data["summary"] == {"met": 0, "missed": 1, "unknown": 7}


def test_api_chart(client):
    data = client.get("/api/figures/chart", query_string={"measure": "số chỉ tiêu", "unit": "1", "by": "subject"}).json
    assert data["ok"] and data["type"] is None and "fewer than two subjects" in data["message"]["en"]
    auto = client.get("/api/figures/chart").json  # nothing asked: a measure with figures, its unit
    assert auto["measure"] and auto["unit"] and "message" in auto
    ha = client.get("/api/figures/chart", query_string={"unit": "ha", "measure": "tỷ lệ lấp đầy khu công nghiệp"}).json
    assert ha["type"] is None and ha["points"] == 0  # a measure in another unit: nothing, never mixed
    bad = client.get("/api/figures/chart", query_string={"by": "province"})
    assert bad.status_code == 400 and "'by'" in bad.json["error"]


def test_without_chart_js_the_page_says_what_is_missing(client, monkeypatch):
    import web.vendor

    monkeypatch.setattr(web.vendor, "available", lambda name: name != "chart.umd.min.js")
    page = client.get("/figures").get_data(as_text=True)
    assert "Chart.js is missing: run scripts/frontend.sh" in page and "Thiếu thư viện Chart.js" in page
    assert "chart.umd.min.js" not in page and len(rows(page)) == 14  # the table stands without it


def test_document_text_is_escaped_in_the_table_json_and_csv(xss_client, xss_payloads):
    page = xss_client.get("/figures").get_data(as_text=True)
    assert rows(page) and all(p not in page for p in xss_payloads) and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, shown as text
    table = xss_client.get("/api/figures").json
    assert any(xss_payloads[0] in (r["document"]["title"] or "") for r in table["rows"])  # JSON keeps the text as is
    csv_text = xss_client.get("/export/figures.csv").get_data(as_text=True)
    assert xss_payloads[0] in csv_text  # a CSV is data: nothing to escape but formulas
