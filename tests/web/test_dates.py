"""Publication dates and sources on the pages and in the API, and the date filters.

The shared demo store has no dates, so this module builds its own: three short articles in a
folder with a ``MANIFEST.tsv`` (the corpus layout). ``a.txt`` was published on 15/03/2020,
``b.txt`` on 01/07/2021; ``c.txt`` has no date and a ``javascript:`` URL, which must never
become a link. Each article holds a proposal and a figure, and all three speak of "hạ tầng
giao thông", so one query finds them all and only the filters tell them apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.kb import KnowledgeBase
from search.dates import date_range
from tests.web.conftest import build_dated_store
from web import create_app
from web.api import openapi_document
from web.browse import figures, list_type, topic_page
from web.documents import document_data, document_list
from web.facts import observations, statements

BASE_IRI = "http://kg.test/"
ARTICLES = {
    "a.txt": "Thái Nguyên đề xuất nâng cấp đường tỉnh 262\n\nUBND tỉnh Thái Nguyên đề xuất nâng cấp "
    "đường tỉnh 262 qua thành phố Sông Công để phát triển hạ tầng giao thông. Tỷ lệ hộ nghèo "
    "của thành phố Sông Công giảm xuống còn dưới 2%.\n",
    "b.txt": "Phổ Yên kiến nghị mở rộng quốc lộ 3\n\nUBND thị xã Phổ Yên kiến nghị Bộ Giao thông vận tải "
    "mở rộng quốc lộ 3 để hoàn thiện hạ tầng giao thông. Năm 2020, thu nhập bình quân đầu người "
    "của thị xã Phổ Yên đạt 80 triệu đồng.\n",
    "c.txt": "Sông Công đề nghị đầu tư hạ tầng khu công nghiệp Sông Công 2\n\nThành phố Sông Công đề nghị "
    "tỉnh Thái Nguyên đầu tư hạ tầng giao thông trong khu công nghiệp Sông Công 2. Diện tích khu "
    "công nghiệp là 250 ha.\n",
}
MANIFEST = (
    "file\ttitle\tsite\tdate\turl\n"
    "a.txt\tThái Nguyên đề xuất\tbaomoi.com\t20200315\thttps://baomoi.com/a.html\n"
    "b.txt\tPhổ Yên kiến nghị\tdantri.com.vn\t2021-07-01\thttps://dantri.com.vn/b.htm?x=1&y=2\n"
    "c.txt\tSông Công đề nghị\tevil.example\t\tjavascript:alert(1)\n"
)
DATES = {"a.txt": "2020-03-15", "b.txt": "2021-07-01", "c.txt": None}
QUERY = "hạ tầng giao thông"


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory) -> Path:
    """A closed store of the three articles, indexed lexically (no model is loaded)."""
    return build_dated_store(tmp_path_factory.mktemp("dated"), ARTICLES, MANIFEST)


@pytest.fixture(scope="module")
def dated_kb(dated_store):
    with KnowledgeBase({"KG_STORE": str(dated_store), "KG_BASE_IRI": BASE_IRI}, read_only=True) as kb:
        yield kb


@pytest.fixture(scope="module")
def dated_client(dated_store):
    app = create_app(
        {"TESTING": True, "KG_STORE": str(dated_store), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False}
    )
    return app.test_client()


@pytest.fixture(scope="module")
def sources(dated_kb) -> dict[str, str]:
    """doc id -> file name."""
    return {d.doc_id: d.source for d in dated_kb.documents()}


def names(docs) -> set[str]:
    return {d["source"] for d in docs}


def json_error(response, status: int = 400) -> str:
    assert response.status_code == status and response.mimetype == "application/json"
    data = response.json
    assert set(data) == {"ok", "error", "status"} and data["ok"] is False and data["status"] == status
    assert "\n" not in data["error"]
    return data["error"]


# -- what the data functions return ------------------------------------------------------------
def test_documents_carry_date_url_and_site(dated_kb):
    docs = {d["source"]: (d["date"], d["url"], d["site"]) for d in document_list(dated_kb)}
    assert docs == {
        "a.txt": ("2020-03-15", "https://baomoi.com/a.html", "baomoi.com"),
        "b.txt": ("2021-07-01", "https://dantri.com.vn/b.htm?x=1&y=2", "dantri.com.vn"),
        "c.txt": (None, "javascript:alert(1)", "evil.example"),
    }
    a = next(d for d in document_list(dated_kb) if d["source"] == "a.txt")
    meta = document_data(dated_kb, a["doc_id"])["meta"]
    assert (meta["date"], meta["url"], meta["site"]) == ("2020-03-15", "https://baomoi.com/a.html", "baomoi.com")


def test_facts_inherit_the_date_of_their_document(dated_kb, sources):
    found = statements(dated_kb)
    assert {sources[s["source"]["doc_id"]] for s in found} == {"a.txt", "b.txt", "c.txt"}
    assert all(s["date"] == DATES[sources[s["source"]["doc_id"]]] for s in found)
    figures_ = observations(dated_kb)
    assert {sources[o["source"]["doc_id"]] for o in figures_} == {"a.txt", "b.txt", "c.txt"}
    assert all(o["date"] == DATES[sources[o["source"]["doc_id"]]] for o in figures_)


@pytest.mark.parametrize(
    ("year", "start", "end", "expected"),
    [
        ("2020", None, None, {"a.txt"}),
        ("2021", None, None, {"b.txt"}),
        ("2019", None, None, set()),
        (None, "2020-03-15", "2020-03-15", {"a.txt"}),  # both ends inclusive
        (None, "2020-03-16", None, {"b.txt"}),
        (None, None, "2021-07-01", {"a.txt", "b.txt"}),  # undated c.txt is never in a range
        (None, "2020-01-01", "2021-06-30", {"a.txt"}),
    ],
)
def test_filters_keep_exactly_the_documents_and_facts_of_the_range(dated_kb, sources, year, start, end, expected):
    span = date_range(year, start, end)
    assert names(document_list(dated_kb, span)) == expected
    assert {sources[s["source"]["doc_id"]] for s in statements(dated_kb, published=span)} == expected
    assert {sources[o["source"]["doc_id"]] for o in observations(dated_kb, published=span)} == expected
    proposals = list_type(dated_kb, "Proposal", published=span)
    assert proposals["total"] == len(proposals["items"]) == 2 * len(expected)  # title and body each
    assert {sources[o["source"]["doc_id"]] for o in figures(dated_kb, published=span)["rows"]} == expected


def test_topic_listing_filters_its_statements(dated_kb, sources):
    everything = topic_page(dated_kb, "transport")
    assert {sources[s["source"]["doc_id"]] for s in everything["statements"]} == {"a.txt", "b.txt", "c.txt"}
    later = topic_page(dated_kb, "transport", published=date_range(start="2021-01-01"))
    assert {sources[s["source"]["doc_id"]] for s in later["statements"]} == {"b.txt"}
    assert later["total"] == len(later["statements"]) == 2


# -- the JSON API -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected", "published"),
    [
        ({}, {"a.txt", "b.txt", "c.txt"}, None),
        ({"year": "2020"}, {"a.txt"}, {"from": "2020-01-01", "to": "2020-12-31"}),
        ({"from": "2020-03-16"}, {"b.txt"}, {"from": "2020-03-16", "to": None}),
        ({"from": "2020-01-01", "to": "2021-07-01"}, {"a.txt", "b.txt"}, {"from": "2020-01-01", "to": "2021-07-01"}),
        ({"year": "", "from": "", "to": ""}, {"a.txt", "b.txt", "c.txt"}, None),  # an empty form
    ],
)
def test_api_documents_filter(dated_client, args, expected, published):
    data = dated_client.get("/api/documents", query_string=args).json
    assert data["ok"] is True and data["published"] == published
    assert names(data["documents"]) == expected and data["count"] == len(expected)
    for doc in data["documents"]:
        assert doc["date"] == DATES[doc["source"]]


BAD = [
    ({"year": "20"}, "'year' must be four digits"),
    ({"year": "năm"}, "'year' must be four digits"),
    ({"from": "2020-13-01"}, "'from' must be a date written YYYY-MM-DD"),
    ({"to": "2020-02-30"}, "'to' must be a date written YYYY-MM-DD"),
    ({"from": "15/03/2020"}, "'from' must be a date written YYYY-MM-DD"),
    ({"from": "2021-01-01", "to": "2020-01-01"}, "'from' (2021-01-01) is after 'to' (2020-01-01)"),
    ({"year": "2020", "from": "2020-01-01"}, "give either 'year' or 'from'/'to', not both"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_dates_are_one_line_400s_in_the_api(dated_client, args, message):
    assert message in json_error(dated_client.get("/api/documents", query_string=args))
    assert message in json_error(dated_client.get("/api/search", query_string={"q": QUERY, **args}))


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/documents", {}),
        ("/browse/proposal", {}),
        ("/browse/observation", {}),
        ("/browse/topic/transport", {}),
        ("/search", {"q": QUERY}),
    ],
)
@pytest.mark.parametrize(("args", "message"), BAD[:1] + BAD[-2:])
def test_bad_dates_are_a_clear_message_on_pages(dated_client, path, extra, args, message):
    response = dated_client.get(path, query_string={**extra, **args})
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert message.replace("'", "&#39;") in page and "Traceback" not in page


def test_dates_on_entities_are_refused(dated_client):
    response = dated_client.get("/browse/province", query_string={"year": "2020"})
    assert response.status_code == 400 and "date filters apply to documents" in response.get_data(as_text=True)


def test_api_search_by_publication_date(dated_client, sources):
    every = dated_client.get("/api/search", query_string={"q": QUERY, "k": 20}).json
    assert {sources[h["doc_id"]] for h in every["hits"]} == {"a.txt", "b.txt", "c.txt"}
    for args, expected in [
        ({"year": "2021"}, {"b.txt"}),
        ({"to": "2020-12-31"}, {"a.txt"}),
        ({"from": "2020-03-15"}, {"a.txt", "b.txt"}),
        ({"year": "1999"}, set()),
    ]:
        data = dated_client.get("/api/search", query_string={"q": QUERY, "k": 20, **args}).json
        assert {sources[h["doc_id"]] for h in data["hits"]} == expected, args
        assert data["filters"] == args


def test_openapi_declares_the_date_parameters():
    paths = openapi_document()["paths"]
    for path in ("/api/documents", "/api/search"):
        declared = {p["name"] for p in paths[path]["get"]["parameters"] if p["in"] == "query"}
        assert {"year", "from", "to"} <= declared, path
    summary = openapi_document()["components"]["schemas"]["DocumentSummary"]["properties"]
    assert {"date", "url", "site"} <= set(summary)


# -- the pages ----------------------------------------------------------------------------------
def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def test_documents_page_shows_dates_sites_and_safe_links(dated_client):
    response = dated_client.get("/documents")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<time datetime="2020-03-15">15/03/2020</time>' in page
    assert '<time datetime="2021-07-01">01/07/2021</time>' in page
    assert '<a class="external" href="https://baomoi.com/a.html" rel="noopener noreferrer">baomoi.com</a>' in page
    assert 'href="https://dantri.com.vn/b.htm?x=1&amp;y=2" rel="noopener noreferrer"' in page
    assert "evil.example" in page and not any(h.lower().startswith("javascript:") for h in _hrefs(page))
    # a link is not a request: the only other hosts named are in <a href> of those two articles
    assert {h.split("/")[2] for h in _hrefs(page) if "://" in h} == {"baomoi.com", "dantri.com.vn"}
    assert not re.search(r'(?:src|action)="(?:https?:)?//', page)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Ngày đăng" in page and "Published" in page and "Trang" in page and "Site" in page


def test_documents_page_filters_and_keeps_the_form(dated_client):
    page = dated_client.get("/documents", query_string={"year": "2021"}).get_data(as_text=True)
    assert "Phổ Yên kiến nghị mở rộng quốc lộ 3" in page and "Thái Nguyên đề xuất" not in page
    assert 'name="year" inputmode="numeric"' in page and 'value="2021"' in page
    empty = dated_client.get("/documents", query_string={"year": "1999"}).get_data(as_text=True)
    assert "No document was published in this period" in empty


def test_document_page_shows_date_site_and_url(dated_client, dated_kb):
    a = next(d for d in document_list(dated_kb) if d["source"] == "a.txt")
    page = dated_client.get(a["path"]).get_data(as_text=True)
    assert '<time datetime="2020-03-15">15/03/2020</time>' in page and "baomoi.com" in page
    assert 'href="https://baomoi.com/a.html" rel="noopener noreferrer"' in page
    c = next(d for d in document_list(dated_kb) if d["source"] == "c.txt")
    page = dated_client.get(c["path"]).get_data(as_text=True)
    assert "javascript:alert(1)" in page and not any(h.lower().startswith("javascript:") for h in _hrefs(page))


def test_fact_listings_show_and_filter_dates(dated_client):
    proposals = dated_client.get("/browse/proposal", query_string={"year": "2020"}).get_data(as_text=True)
    assert "15/03/2020" in proposals and "01/07/2021" not in proposals and "nâng cấp đường tỉnh 262" in proposals
    table = dated_client.get("/browse/observation", query_string={"from": "2021-01-01"}).get_data(as_text=True)
    assert "01/07/2021" in table and "15/03/2020" not in table and "Ngày" in table
    topic = dated_client.get("/browse/topic/transport", query_string={"to": "2020-12-31"}).get_data(as_text=True)
    assert "15/03/2020" in topic and "quốc lộ 3" not in topic
    none = dated_client.get("/browse/directive", query_string={"year": "1999"}).get_data(as_text=True)
    assert "Nothing in this period" in none


def test_figures_form_keeps_the_indicator(dated_client, dated_kb):
    poverty = next(o["indicator"] for o in observations(dated_kb) if o["date"] == "2020-03-15")
    key = poverty["path"].rsplit("/", 1)[1]
    page = dated_client.get("/browse/observation", query_string={"indicator": key, "year": "2020"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f'<input type="hidden" name="indicator" value="{key}">' in text
    assert "15/03/2020" in text and f'href="/browse/observation?indicator={key}"' in text  # "clear" keeps it
    assert "No figures" not in text


def test_search_page_filters_by_date(dated_client):
    page = dated_client.get("/search", query_string={"q": QUERY, "year": "2021"}).get_data(as_text=True)
    hits = page[page.index('<ol class="hits">') :]
    assert hits.count('<li class="hit">') == 1 and "Phổ Yên kiến nghị mở rộng quốc lộ 3" in hits
    assert '<time datetime="2021-07-01">01/07/2021</time>' in hits and 'value="2021"' in page
