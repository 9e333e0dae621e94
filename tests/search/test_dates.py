"""Date filters of search: ``date_range`` checks, and hits kept to documents published then.

The store is two short articles in a folder with a ``MANIFEST.tsv`` (one dated 15/03/2020,
one 01/07/2021) plus one without a row in it (no date), all about "hạ tầng giao thông".
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from kg import cli as kg_cli
from kg.errors import BadQuery, ConfigError
from kg.kb import KnowledgeBase
from search.api import Searcher
from search.dates import DateRange, date_range, published_in
from search.filters import row_mask

ARTICLES = {
    "old.txt": "Thái Nguyên nâng cấp đường tỉnh 262\n\nTỉnh Thái Nguyên nâng cấp đường tỉnh 262 để phát triển "
    "hạ tầng giao thông.\n",
    "new.txt": "Phổ Yên mở rộng quốc lộ 3\n\nThị xã Phổ Yên mở rộng quốc lộ 3 để hoàn thiện hạ tầng giao thông.\n",
    "undated.txt": "Sông Công đầu tư khu công nghiệp\n\nThành phố Sông Công đầu tư hạ tầng giao thông trong khu "
    "công nghiệp.\n",
}
MANIFEST = (
    "file\ttitle\tsite\tdate\turl\n"
    "old.txt\tA\tbaomoi.com\t15/03/2020\thttps://baomoi.com/a.html\n"
    "new.txt\tB\tdantri.com.vn\t20210701\thttps://dantri.com.vn/b.htm\n"
)
QUERY = "hạ tầng giao thông"


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory, store_config):
    from search.sync import sync_index

    root = tmp_path_factory.mktemp("dated-search")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    (folder / "MANIFEST.tsv").write_text(MANIFEST, "utf-8")
    with KnowledgeBase({**store_config, "KG_STORE": str(root / "store")}) as kb:
        report = kb.ingest([folder])
        assert report.added == 3 and not report.failures, report.failures
        sync_index(kb, embed=False)
    return root / "store"


@pytest.fixture
def dated_kb(dated_store, store_config):
    with KnowledgeBase({**store_config, "KG_STORE": str(dated_store)}, read_only=True) as kb:
        yield kb


def found(searcher, **dates) -> set[str]:
    hits = searcher.search(QUERY, 10, {"published": date_range(**dates)})
    return {h.source for h in hits}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, None),
        ({"year": " ", "start": "", "end": None}, None),
        ({"year": "2020"}, DateRange(date(2020, 1, 1), date(2020, 12, 31))),
        ({"start": "2020-03-01"}, DateRange(date(2020, 3, 1), None)),
        ({"end": "2020-03-01"}, DateRange(None, date(2020, 3, 1))),
        ({"start": "2020-03-01", "end": "2020-03-01"}, DateRange(date(2020, 3, 1), date(2020, 3, 1))),
    ],
)
def test_date_range(args, expected):
    assert date_range(**args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"year": "20"}, "'year' must be four digits, such as 2020; got '20'"),
        ({"year": "0000"}, "'year' must be four digits"),
        ({"start": "2020-2-3"}, "'from' must be a date written YYYY-MM-DD, such as 2020-10-01; got '2020-2-3'"),
        ({"end": "2021-02-29"}, "'to' must be a date written YYYY-MM-DD"),
        ({"end": "2021-02-01\nx"}, "'to' must be a date written YYYY-MM-DD"),
        ({"start": "2021-01-02", "end": "2021-01-01"}, "'from' (2021-01-02) is after 'to' (2021-01-01)"),
        ({"year": "2020", "end": "2021-01-01"}, "give either 'year' or 'from'/'to', not both"),
    ],
)
def test_bad_date_range_is_one_line(args, message):
    with pytest.raises(BadQuery) as err:
        date_range(**args)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_date_range_contains_and_its_sparql_filter():
    span = date_range(start="2020-03-15", end="2020-03-31")
    assert "2020-03-15" in span and date(2020, 3, 31) in span and "2020-04-01" not in span
    assert None not in span and "hôm qua" not in span
    assert span.sparql("?d") == (
        'FILTER(DATATYPE(?d) = xsd:date && ?d >= "2020-03-15"^^xsd:date && ?d <= "2020-03-31"^^xsd:date)'
    )
    assert span.to_dict() == {"from": "2020-03-15", "to": "2020-03-31"}


def test_published_in_reads_the_store(dated_kb):
    by_name = {d.source: d.doc_id for d in dated_kb.documents()}
    assert published_in(dated_kb.store, date_range(year="2020")) == {by_name["old.txt"]}
    assert published_in(dated_kb.store, date_range(start="2000-01-01")) == {by_name["old.txt"], by_name["new.txt"]}


def test_search_keeps_documents_published_in_the_range(dated_kb):
    searcher = Searcher(dated_kb, mode="lexical")
    assert {h.source for h in searcher.search(QUERY, 10)} == set(ARTICLES)
    assert found(searcher, year="2020") == {"old.txt"}
    assert found(searcher, year="2021") == {"new.txt"}
    assert found(searcher, start="2020-03-15", end="2021-07-01") == {"old.txt", "new.txt"}
    assert found(searcher, start="2020-03-16", end="2021-06-30") == set()
    assert found(searcher, end="2020-03-15") == {"old.txt"}  # inclusive; undated never inside


def test_date_filter_combines_with_the_others(dated_kb):
    searcher = Searcher(dated_kb, mode="lexical")
    hits = searcher.search(QUERY, 10, {"published": date_range(start="2020-01-01"), "document": "old.txt"})
    assert {h.source for h in hits} == {"old.txt"}


def test_a_searcher_on_a_directory_needs_the_knowledge_base(dated_kb, dated_store):
    with pytest.raises(ConfigError, match="date filters need the knowledge base"):
        Searcher(dated_store, mode="lexical").search(QUERY, 10, {"published": date_range(year="2020")})
    assert found(Searcher(dated_store, mode="lexical", kb_source=lambda: dated_kb), year="2021") == {"new.txt"}
    with pytest.raises(ConfigError, match="needs the ids"):
        row_mask(Searcher(dated_kb).index, {"published": date_range(year="2020")})
    with pytest.raises(BadQuery, match="must be a DateRange"):
        Searcher(dated_kb, mode="lexical").search(QUERY, 10, {"published": "2020"})


@pytest.fixture
def run(dated_store, monkeypatch):
    monkeypatch.setitem(kg_cli.LAZY_COMMANDS, "search", "search.cli:search")

    def invoke(*args):
        return CliRunner().invoke(kg_cli.cli, ["--store", str(dated_store), *args], catch_exceptions=False)

    return invoke


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), set(ARTICLES)),
        (("--year", "2021"), {"new.txt"}),
        (("--from", "2020-01-01", "--to", "2020-12-31"), {"old.txt"}),
        (("--to", "2019-12-31"), set()),
    ],
)
def test_cli_date_options(run, args, expected):
    result = run("search", QUERY, "--mode", "lexical", "--json", *args)
    assert result.exit_code == 0, result.output
    assert {r["source"] for r in json.loads(result.output)["results"]} == expected


def test_cli_bad_dates_are_one_line_errors(run):
    bad = run("search", QUERY, "--from", "2020-31-12")
    assert bad.exit_code == 1 and bad.output.strip().splitlines() == [
        "Error: 'from' must be a date written YYYY-MM-DD, such as 2020-10-01; got '2020-31-12'"
    ]
    both = run("search", QUERY, "--year", "2020", "--to", "2020-06-30")
    assert both.exit_code == 1 and "Error: give either 'year' or 'from'/'to', not both" in both.output
