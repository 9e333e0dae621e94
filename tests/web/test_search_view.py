"""The search workbench: suggestions, facets that filter, at most a few passages per document,
one result key, on the page and in the API (stores of tests/web/conftest.py and test_dates.py)."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from kg.read import reader
from tests.web.test_dates import dated_client, dated_kb, dated_store  # noqa: F401 (fixtures)
from web.facets import FACET_POOL, count_facets, diversify, province_map
from web.suggest import MAX_SUGGEST_QUERY, SuggestIndex, Suggestion, build_index, words

QUERY = "khu công nghiệp Sông Công"


def api(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.json
    return response.json


# -- suggestions --------------------------------------------------------------------------


def _entry(label, mentions, kind="entity", type_="Ward"):
    return Suggestion(
        label, type_, f"http://kg.test/entity/x/{words(label)}", mentions, 1, "/entity/x", kind, "Phường", "Ward"
    )


def test_suggest_index_ranks_whole_name_prefix_then_words_then_mentions():
    entries = [
        _entry("Mỏ Chè", 3),
        _entry("Mỏ Chẽ", 50),
        _entry("Sông Công", 9),
        _entry("Công ty Mỏ", 90),
        _entry("Khu công nghiệp Sông Công 2", 40),
        _entry("Chè Lan", 1),
    ]
    index = SuggestIndex(entries, [(i, e.label) for i, e in enumerate(entries)])
    assert [s.label for s in index.search("mo che")] == ["Mỏ Chẽ", "Mỏ Chè"]  # accent-free: mentions decide
    assert [s.label for s in index.search("Mỏ Chè")][:1] == ["Mỏ Chè"]  # typed with accents: spelt first
    assert [s.label for s in index.search("song cong")] == ["Sông Công", "Khu công nghiệp Sông Công 2"]
    # Every word but the last is whole: "mo" does not start "mỏ chẽ"'s "chè" and "c" is a prefix.
    assert [s.label for s in index.search("cong")][:3] == ["Công ty Mỏ", "Khu công nghiệp Sông Công 2", "Sông Công"]
    assert index.search("mo c", limit=1)[0].label == "Mỏ Chẽ"
    assert index.search("zzz") == [] and index.search("  ,; ") == []


def test_suggest_on_the_demo_store(web_kb):
    index = build_index(web_kb)
    found = index.search("mo che")
    assert found and found[0].label.endswith("Mỏ Chè") and found[0].type == "Ward"
    assert found[0].matched is None  # the label holds the name that matched: nothing to add
    assert found[0].path.startswith("/entity/ward/")
    labels = [s.label for s in index.search("song cong", limit=20)]
    assert any(label.endswith("Sông Công") for label in labels)
    assert any(s.kind == "topic" and s.path.startswith("/browse/topic/") for s in index.search("ha tang"))
    # Ranked by mentions inside a tier: counts are the entity index's.
    entities = reader(web_kb).entities()
    for s in index.search("song", limit=20):
        if s.kind == "entity":
            assert s.mentions == entities[s.iri].mentions


def test_api_suggest(client):
    data = client.get("/api/suggest", query_string={"q": "mo che"}).json
    assert data["ok"] and data["query"] == "mo che"
    first = data["suggestions"][0]
    assert {"label", "type", "iri", "mentions", "path", "type_label", "type_label_en"} <= set(first)
    assert first["label"].endswith("Mỏ Chè") and client.get(first["path"]).status_code == 200
    assert len(client.get("/api/suggest", query_string={"q": "s", "limit": 3}).json["suggestions"]) == 3


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "missing parameter 'q'"),
        ({"q": "   "}, "missing parameter 'q'"),
        ({"q": "x" * (MAX_SUGGEST_QUERY + 1)}, "characters long"),
        ({"q": "a" * 100_000}, "characters long"),
        ({"q": "mo\x00che"}, "control characters"),
        ({"q": "mo", "limit": "0"}, "limit must be between"),
        ({"q": "mo", "limit": "many"}, "limit must be a whole number"),
    ],
)
def test_api_suggest_refuses_bad_input_with_one_line(client, params, message):
    response = client.get("/api/suggest", query_string=params)
    assert response.status_code == 400
    assert response.json["ok"] is False and message in response.json["error"]
    assert "\n" not in response.json["error"]


def test_api_suggest_survives_odd_text(client):
    for q in ("<script>alert(1)</script>", "' OR 1=1 --", "%%%", "\u0301\u0301", "🙂"):
        response = client.get("/api/suggest", query_string={"q": q})
        assert response.status_code == 200 and response.json["suggestions"] == [], q  # names nothing
    labels = [s["label"] for s in client.get("/api/suggest", query_string={"q": "đ"}).json["suggestions"]]
    assert "Vành đai 5" in labels and "Đại hội Đảng bộ phường Mỏ Chè" in labels  # one letter still suggests


def test_boxes_use_the_suggestions_and_no_longer_block_them(client):
    for path in ("/", "/search", "/search?q=ha+tang"):
        page = client.get(path).get_data(as_text=True)
        box = re.search(r'<input id="q"[^>]*>', page, re.DOTALL).group(0)
        assert 'data-suggest="/api/suggest"' in box and "autocomplete" not in box
        assert '<script src="/static/suggest.js" defer></script>' in page
    script = client.get("/static/suggest.js").get_data(as_text=True)
    for needle in (
        '"combobox"',
        '"listbox"',
        '"option"',
        "aria-activedescendant",
        "ArrowDown",
        "Escape",
        "textContent",
    ):
        assert needle in script
    assert "innerHTML" not in script


# -- one result key ------------------------------------------------------------------------


def test_api_search_returns_results_with_hits_as_alias(client):
    data = api(client, q=QUERY)
    assert data["results"] and data["hits"] == data["results"] and data["count"] == len(data["results"])
    assert {"doc_id", "source", "title", "score", "snippet", "passage", "entities", "topics", "kinds", "date"} <= set(
        data["results"][0]
    )


def test_cli_search_json_uses_the_same_key(web_store):
    import json

    from click.testing import CliRunner

    from web.commands import cli

    result = CliRunner().invoke(cli, ["--store", str(web_store), "search", QUERY, "--json", "--mode", "lexical"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "results" in data and "hits" not in data and data["results"]
    assert {"doc_id", "source", "title", "score", "snippet", "passage", "entities"} <= set(data["results"][0])


# -- diversity -------------------------------------------------------------------------------


def test_diversify_keeps_at_most_per_doc_and_counts_the_rest():
    hits = [{"doc_id": d} for d in "aaaabacc"]
    shown, more = diversify(hits, 4, 2)
    assert [h["doc_id"] for h in shown] == ["a", "a", "b", "c"]
    assert more == {"a": 3, "c": 1}
    shown, more = diversify(hits, 3, 0)
    assert [h["doc_id"] for h in shown] == ["a", "a", "a"] and more == {"a": 2}


def test_first_page_holds_at_most_two_passages_per_document(client):
    everything = api(client, q=QUERY, k=100, per_doc=0)
    per_doc = Counter(h["doc_id"] for h in everything["results"])
    assert max(per_doc.values()) > 2  # the store has a document with many matching passages
    page = api(client, q=QUERY, k=10)
    shown = Counter(h["doc_id"] for h in page["results"])
    assert max(shown.values()) <= 2 and page["per_doc"] == 2
    for doc, n in shown.items():
        assert page["more"].get(doc, 0) == per_doc[doc] - n
    # The "more from this document" search shows the rest of that document.
    doc = max(per_doc, key=per_doc.get)
    rest = api(client, q=QUERY, k=100, doc=doc)
    assert {h["doc_id"] for h in rest["results"]} == {doc} and rest["count"] == per_doc[doc]


def test_page_links_more_from_this_document(client):
    page = client.get("/search", query_string={"q": QUERY}).get_data(as_text=True)
    links = re.findall(r'<a class="more-doc" href="([^"]+)">thêm (\d+) đoạn từ tài liệu này', page)
    assert links
    href, count = links[0]
    doc = parse_qs(urlsplit(unescape(href)).query)["doc"][0]
    follow = client.get(unescape(href)).get_data(as_text=True)
    assert "more-doc" not in follow  # a chosen document is shown whole
    assert len(re.findall(r'<li class="hit">', follow)) == min(10, int(count) + 2)
    assert f'value="{doc}" selected' in follow


# -- facets ------------------------------------------------------------------------------------


def test_facets_count_the_pool(client, web_kb):
    data = api(client, q=QUERY, k=100, per_doc=0)
    assert data["pool"] == len(data["results"]) <= FACET_POOL
    assert set(data["facets"]) == {"type", "topic", "province", "year", "doc"}
    assert data["facets"] == count_facets(web_kb, data["results"])
    docs = {v["value"]: v["count"] for v in data["facets"]["doc"]}
    assert docs == dict(Counter(h["doc_id"] for h in data["results"]))
    types = {v["value"]: v["count"] for v in data["facets"]["type"]}
    for name, n in types.items():
        assert n == sum(1 for h in data["results"] if name in {e["type"] for e in h["entities"]} | set(h["kinds"]))
    assert types and all(v["label"] and v["label_en"] for v in data["facets"]["type"])
    from kg.namespaces import KG
    from web.terms import term

    for v in data["facets"]["type"]:  # the ontology's names, Vietnamese and English
        assert (v["label"], v["label_en"]) == (
            term(web_kb, KG[v["value"]])["label"],
            term(web_kb, KG[v["value"]])["label_en"],
        )
    assert any(v["label"] != v["value"] for v in data["facets"]["type"])


def test_each_facet_value_filters_and_filters_combine_with_and(client, web_kb):
    data = api(client, q=QUERY, k=100, per_doc=0)
    provinces = province_map(web_kb)
    kind = data["facets"]["type"][-1]  # a rarer one narrows
    typed = api(client, q=QUERY, k=100, per_doc=0, type=kind["value"])
    assert typed["count"] == kind["count"]
    assert all(kind["value"] in {e["type"] for e in h["entities"]} | set(h["kinds"]) for h in typed["results"])
    province = data["facets"]["province"][0]
    assert province["label"].endswith("Thái Nguyên")
    placed = api(client, q=QUERY, k=100, per_doc=0, province=province["value"])
    assert placed["count"] == province["count"] and placed["filters"] == {"province": province["value"]}
    iri = next(iri for iri in provinces if iri.endswith("/province/" + province["value"]))
    assert all(any(iri in provinces.get(e["iri"], ()) for e in h["entities"]) for h in placed["results"])
    both = api(client, q=QUERY, k=100, per_doc=0, type=kind["value"], province=province["value"])
    ids = {h["passage_id"] for h in both["results"]}
    assert ids == {h["passage_id"] for h in typed["results"]} & {h["passage_id"] for h in placed["results"]}


def test_unknown_province_is_a_400(client):
    response = client.get("/api/search", query_string={"q": QUERY, "province": "no-such"})
    assert response.status_code == 400 and "unknown province" in response.json["error"]
    assert client.get("/search", query_string={"q": QUERY, "province": 'x"<y'}).status_code == 400


def test_page_shows_facets_as_links_and_active_filters_as_removable(client):
    page = client.get("/search", query_string={"q": QUERY}).get_data(as_text=True)
    assert 'id="facets"' in page and "Đếm trên" in page and "best-matching passages" in page
    links = re.findall(r'<a class="facet-value" href="([^"]+)"', page)
    assert any("province=" in unescape(h) for h in links) and any("type=" in unescape(h) for h in links)
    province = next(unescape(h) for h in links if "province=" in unescape(h))
    narrowed = client.get(province).get_data(as_text=True)
    chip = re.search(r'<a class="chip active-filter" href="([^"]+)" data-filter="province"', narrowed)
    assert chip and "Tỉnh/thành" in narrowed
    assert 'class="facet-value active"' in narrowed
    kind = next(
        unescape(h) for h in re.findall(r'<a class="facet-value" href="([^"]+)"', narrowed) if "type=" in unescape(h)
    )
    both = parse_qs(urlsplit(kind).query)
    assert "province" in both and "type" in both  # a second facet adds to the first (AND)
    removed = parse_qs(urlsplit(unescape(chip.group(1))).query)
    assert "province" not in removed and removed["q"] == [QUERY]
    assert 'id="active-filters"' not in client.get(unescape(chip.group(1))).get_data(as_text=True)


def test_year_facet_counts_publication_years(dated_client):  # noqa: F811
    data = dated_client.get("/api/search", query_string={"q": "hạ tầng giao thông", "per_doc": 0}).json
    years = {v["value"]: v["count"] for v in data["facets"]["year"]}
    dated = Counter(h["date"][:4] for h in data["results"] if h["date"])
    assert years == dict(dated) and set(years) <= {"2020", "2021"}
    year = next(iter(years))
    only = dated_client.get("/api/search", query_string={"q": "hạ tầng giao thông", "year": year}).json
    assert only["count"] == years[year] and all(h["date"].startswith(year) for h in only["results"])
    page = dated_client.get("/search", query_string={"q": "hạ tầng giao thông", "from": "2020-01-01"})
    link = next(
        unescape(h)
        for h in re.findall(r'<a class="facet-value" href="([^"]+)"', page.get_data(as_text=True))
        if "year=" in unescape(h)
    )
    assert "from=" not in link and dated_client.get(link).status_code == 200  # a year replaces a range


def test_form_keeps_a_facet_type_outside_its_list_and_dates_read_the_vietnamese_way(client):
    page = client.get("/search", query_string={"q": QUERY, "type": "Company", "from": "2020-03-15"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<option value="Company" selected>' in text
    assert re.search(r'data-filter="from"[^>]*>[^<]*15/03/2020', text)


def test_province_facet_leaves_out_provinces_no_text_names(client, web_kb):
    data = api(client, q=QUERY, k=100, per_doc=0)
    entities = reader(web_kb).entities()
    named = {v["value"] for v in data["facets"]["province"]}
    for iri, info in entities.items():
        if info.type == "Province" and iri.rsplit("/", 1)[-1] in named:
            assert info.mentions > 0, info.label
    unnamed = [iri for iri, info in entities.items() if info.type == "Province" and not info.mentions]
    for iri in unnamed[:2]:  # still a valid filter (it may hold nothing)
        assert (
            client.get("/api/search", query_string={"q": QUERY, "province": iri.rsplit("/", 1)[-1]}).status_code == 200
        )
