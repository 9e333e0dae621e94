"""``kg search`` and ``kg reindex`` through kg's own click group."""

import json

import pytest
from click.testing import CliRunner

from kg import cli as kg_cli
from search.sync import sync_index


@pytest.fixture
def run(seed_kb, monkeypatch):
    monkeypatch.setitem(kg_cli.LAZY_COMMANDS, "search", "search.cli:search")
    monkeypatch.setitem(kg_cli.LAZY_COMMANDS, "reindex", "search.cli:reindex")
    sync_index(seed_kb, embed=False)  # lexical only: no model is loaded in these tests
    store = str(seed_kb.root)
    seed_kb.close()

    def invoke(*args):
        return CliRunner().invoke(kg_cli.cli, ["--store", store, *args], catch_exceptions=False)

    return invoke


def test_search_json_has_the_contract_keys(run):
    result = run("search", "ha tang ky thuat", "-k", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "ha tang ky thuat" and len(data["results"]) == 2
    first = data["results"][0]
    for key in ("doc_id", "source", "title", "score", "snippet", "passage", "entities"):
        assert key in first
    assert "hạ tầng kỹ thuật" in first["passage"]


def test_search_table_and_filters(run):
    result = run("search", "UBND", "--type", "Proposal")
    assert result.exit_code == 0 and " 1. " in result.output
    assert "no passage matches" in run("search", "zzzz qqqq").output
    bad = run("search", "ha tang", "--type", "Spaceship")
    assert bad.exit_code == 1 and "Error: unknown type" in bad.output


def test_reindex_rebuilds_a_damaged_index(run, seed_store, tmp_path):
    from search.index import Index

    store = tmp_path / "store"
    Index.open(store / "index").path.joinpath("passages.jsonl").write_text("broken")
    broken = run("search", "thai nguyen")
    assert broken.exit_code == 1 and "kg reindex" in broken.output
    result = run("reindex", "--no-embed")
    assert result.exit_code == 0 and "1 documents added" in result.output
    assert "Thái Nguyên" in run("search", "thai nguyen", "--json").output
