"""The timeline: dated documents, proposals, directives and figures, by year and month.

The shared demo store has no dates, so this module builds its own: three short articles with
a ``MANIFEST.tsv`` (the corpus layout). ``a.txt`` was published on 15/03/2020 and ``b.txt`` on
01/07/2021; ``c.txt`` has no date, a figure "năm 2019" (on the timeline in 2019, month
unknown) and a target "đến năm 2040" (not on it: a year still to come is a plan).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import BadQuery, NotFound
from kg.kb import KnowledgeBase
from search.dates import date_range
from tests.web.conftest import build_dated_store
from web import create_app
from web.cached import per_generation
from web.timeline import KINDS, Entry, group, timeline

BASE_IRI = "http://kg.test/"
ARTICLES = {
    "a.txt": "Thái Nguyên đề xuất nâng cấp đường tỉnh 262\n\nUBND tỉnh Thái Nguyên đề xuất nâng cấp "
    "đường tỉnh 262 qua thành phố Sông Công để phát triển hạ tầng giao thông. Tỷ lệ hộ nghèo "
    "của thành phố Sông Công giảm xuống còn dưới 2%.\n",
    "b.txt": "Phổ Yên kiến nghị mở rộng quốc lộ 3\n\nUBND thị xã Phổ Yên kiến nghị Bộ Giao thông vận tải "
    "mở rộng quốc lộ 3 để hoàn thiện hạ tầng giao thông. Năm 2020, thu nhập bình quân đầu người "
    "của thị xã Phổ Yên đạt 80 triệu đồng.\n",
    "c.txt": "Sông Công thu hút đầu tư\n\nNăm 2019, thu nhập bình quân đầu người của thành phố Sông Công "
    "đạt 70 triệu đồng. Đến năm 2040, thu nhập bình quân đầu người của thành phố Sông Công đạt "
    "300 triệu đồng.\n",
}
MANIFEST = (
    "file\ttitle\tsite\tdate\turl\n"
    "a.txt\tThái Nguyên đề xuất\tbaomoi.com\t20200315\thttps://baomoi.com/a.html\n"
    "b.txt\tPhổ Yên kiến nghị\tdantri.com.vn\t2021-07-01\thttps://dantri.com.vn/b.htm\n"
    "c.txt\tSông Công thu hút\tbaomoi.com\t\t\n"
)
TITLE_A = "Thái Nguyên đề xuất nâng cấp đường tỉnh 262"
TITLE_B = "Phổ Yên kiến nghị mở rộng quốc lộ 3"
SONG_CONG = "city/165"


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory) -> Path:
    return build_dated_store(tmp_path_factory.mktemp("timeline"), ARTICLES, MANIFEST)


@pytest.fixture(scope="module")
def kb(dated_store):
    with KnowledgeBase({"KG_STORE": str(dated_store), "KG_BASE_IRI": BASE_IRI}, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(dated_store):
    app = create_app(
        {"TESTING": True, "KG_STORE": str(dated_store), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False}
    )
    return app.test_client()


def lines(found) -> list[tuple[str, str, str]]:
    return [(e.kind, e.date, e.label) for e in found.entries]


def test_dated_documents_and_facts_newest_first(kb):
    found = timeline(kb)
    assert [(e.kind, e.date) for e in found.entries] == [
        ("document", "2021-07-01"),
        ("proposal", "2021-07-01"),
        ("proposal", "2021-07-01"),
        ("figure", "2021-07-01"),
        ("document", "2020-03-15"),
        ("proposal", "2020-03-15"),
        ("proposal", "2020-03-15"),
        ("figure", "2020-03-15"),
        ("figure", "2019"),
    ]
    assert found.years == ((2021, 4), (2020, 4), (2019, 1)) and found.kinds == KINDS and found.entity is None
    documents = [e for e in found.entries if e.kind == "document"]
    assert [(d.label, d.path) for d in documents] == [(TITLE_B, documents[0].path), (TITLE_A, documents[1].path)]
    assert all(re.fullmatch(r"/doc/[0-9a-f]{16}", d.path) for d in documents)
    # a fact links to its sentence and names its document; the undated article is not listed
    proposal = found.entries[1]
    assert proposal.path.startswith(documents[0].path + "#s") and proposal.document == TITLE_B
    assert "Sông Công thu hút đầu tư" not in [e.label for e in found.entries]


def test_figures_read_as_people_write_them_and_year_only_ones_sit_in_their_year(kb):
    figures = {e.date: e for e in timeline(kb, kinds=("figure",)).entries}
    assert figures["2020-03-15"].label == "2 %"
    assert figures["2020-03-15"].subject == "tỷ lệ hộ nghèo · Thành phố Sông Công"
    assert figures["2021-07-01"].label == "80 triệu đồng"
    year_only = figures["2019"]
    assert (year_only.label, year_only.precision, year_only.month, year_only.year) == (
        "70 triệu đồng",
        "year",
        None,
        2019,
    )
    assert year_only.document == "Sông Công thu hút đầu tư"  # read from the undated article
    assert not any("300" in e.label for e in figures.values())  # "đến năm 2040": a target, not an event
    assert year_only.to_dict()["precision"] == "year" and figures["2021-07-01"].to_dict()["month"] == 7


def test_filters_by_kind_period_order_and_entity(kb):
    assert {e.kind for e in timeline(kb, kinds=("proposal",)).entries} == {"proposal"}
    in_2020 = timeline(kb, published=date_range(year="2020"))
    assert {e.date for e in in_2020.entries} == {"2020-03-15"}
    assert [e.date for e in timeline(kb, published=date_range(year="2019")).entries] == ["2019"]  # the year overlaps
    oldest = timeline(kb, newest_first=False)
    assert [e.date for e in oldest.entries] == sorted(e.date for e in oldest.entries)
    assert oldest.entries[0].date == "2019" and oldest.entries[1].kind == "document"
    song_cong = timeline(kb, SONG_CONG)
    assert song_cong.entity == {
        "iri": f"{BASE_IRI}entity/{SONG_CONG}",
        "label": "Thành phố Sông Công",
        "path": f"/entity/{SONG_CONG}",
    }
    assert lines(song_cong) == [
        ("document", "2020-03-15", TITLE_A),
        ("proposal", "2020-03-15", "nâng cấp đường tỉnh 262 qua thành phố Sông Công để phát triển hạ tầng giao thông"),
        ("figure", "2020-03-15", "2 %"),
        ("figure", "2019", "70 triệu đồng"),
    ]
    assert lines(timeline(kb, f"{BASE_IRI}entity/{SONG_CONG}")) == lines(song_cong)  # the IRI works too


def test_unknown_entity_or_kind_is_a_clear_error(kb):
    with pytest.raises(NotFound, match="no entity"):
        timeline(kb, "city/000")
    with pytest.raises(BadQuery, match="unknown kind 'event'"):
        timeline(kb, kinds=("event",))


def test_group_by_year_then_month():
    entries = [
        Entry("document", "2021-07-01", "b", "/doc/b"),
        Entry("figure", "2021-07-01", "f", "/doc/b#s1"),
        Entry("document", "2021-03-02", "c", "/doc/c"),
        Entry("figure", "2021", "y", "/doc/d#s2"),
        Entry("document", "2020-03-15", "a", "/doc/a"),
    ]
    assert [
        (y["year"], [(m["month"], [e.label for e in m["entries"]]) for m in y["months"]]) for y in group(entries)
    ] == [(2021, [(7, ["b", "f"]), (3, ["c"]), (None, ["y"])]), (2020, [(3, ["a"])])]


def test_per_generation_rebuilds_after_a_commit():
    class FakeKb:
        token = "1"

        def generation(self):
            return self.token

    kb, built = FakeKb(), []

    def build():
        built.append(1)
        return len(built)

    assert per_generation(kb, "x", build) == 1 and per_generation(kb, "x", build) == 1
    kb.token = "2"
    assert per_generation(kb, "x", build) == 2


# -- the page and its JSON twin -----------------------------------------------------------------
def test_timeline_page(client):
    page = client.get("/timeline").get_data(as_text=True)
    assert "Dòng thời gian" in page and 'lang="en">· Timeline' in page
    years = re.findall(r'<h2 id="y(\d{4})">', page)
    assert years == ["2021", "2020", "2019"]
    assert 'Tháng 7 <span class="en" lang="en">· July</span>' in page and "Không rõ tháng" in page
    assert '<time datetime="2020-03-15">15/03/2020</time>' in page
    assert f">{TITLE_A}</a>" in page and "/timeline?year=2020" in page  # the year bar jumps to a year
    assert 'href="/api/timeline"' in page and 'aria-current="page">Dòng thời gian' in page


def test_timeline_page_of_an_entity_with_filters_kept(client):
    page = client.get(f"/timeline?entity={SONG_CONG}&kind=figure&order=asc").get_data(as_text=True)
    assert 'id="timeline-entity" href="/entity/city/165">Thành phố Sông Công</a>' in page
    assert re.findall(r'<h2 id="y(\d{4})">', page) == ["2019", "2020"]
    assert 'value="figure" checked>' in page and 'value="document">' in page  # only figures ticked
    assert "/timeline?entity=city%2F165&amp;kind=figure&amp;order=asc&amp;year=2019" in page
    assert "/api/timeline?entity=city%2F165&amp;kind=figure&amp;order=asc" in page
    entity = client.get(f"/entity/{SONG_CONG}").get_data(as_text=True)
    assert 'id="entity-timeline" href="/timeline?entity=city/165"' in entity


def test_timeline_json(client):
    data = client.get(f"/api/timeline?entity={SONG_CONG}&year=2020").get_json()
    assert data["ok"] and data["count"] == 3 and data["published"] == {"from": "2020-01-01", "to": "2020-12-31"}
    assert data["entity"]["label"] == "Thành phố Sông Công" and data["years"] == [{"year": 2020, "count": 3}]
    first = data["entries"][0]
    assert first == {
        "kind": "document",
        "date": "2020-03-15",
        "label": TITLE_A,
        "path": first["path"],
        "doc_id": first["doc_id"],
        "document": None,
        "subject": None,
        "year": 2020,
        "month": 3,
        "precision": "day",
    }


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/timeline?entity=city/000", 404),
        ("/api/timeline?entity=city/000", 404),
        ("/api/timeline?kind=event", 400),
        ("/timeline?order=up", 400),
        ("/timeline?page=2", 404),
        ("/api/timeline?year=20x0", 400),
        ("/timeline?entity=a%3Cb", 404),
    ],
)
def test_timeline_errors_are_one_line(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/api/"):
        assert response.get_json()["ok"] is False and "\n" not in response.get_json()["error"]
    else:
        assert "Traceback" not in response.get_data(as_text=True)
