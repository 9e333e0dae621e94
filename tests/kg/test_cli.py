"""The kg command line through click's test runner (same process, real store)."""

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")

    def invoke(*args):
        return runner.invoke(cli, ["--store", store, *args], catch_exceptions=False)

    return invoke


def test_help_lists_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("ingest", "remove", "export", "stats", "validate"):
        assert name in result.output


def test_ingest_demo_stats_export_validate(run, tmp_path):
    result = run("ingest", "--demo")
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged, 0 failed" in result.output
    again = run("ingest", "--demo")
    assert "0 added, 0 updated, 1 unchanged, 0 failed" in again.output

    stats = json.loads(run("stats", "--json").output)
    assert stats["documents"] == 1 and stats["classes"]["Document"] == 1
    assert stats["classes"]["Sentence"] > 10

    out = tmp_path / "kg.ttl"
    result = run("export", "--format", "turtle", "--out", str(out))
    assert result.exit_code == 0
    graph = Graph().parse(out, format="turtle")
    assert f"exported {len(graph)} statements" in result.output

    trig = tmp_path / "kg.trig"
    run("export", "--format", "trig", "--out", str(trig))
    assert sum(1 for _ in Dataset().parse(trig, format="trig").quads()) == stats["quads"]

    result = run("validate")
    assert result.exit_code == 0 and "conforms" in result.output


def test_failures_exit_nonzero_with_one_line_each(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    result = run("ingest", str(bad), str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "binary file" in errors[0] and "no such file" in errors[1]


def test_remove_unknown_document_is_a_clear_error(run):
    run("ingest", "--demo")
    result = run("remove", "does-not-exist")
    assert result.exit_code == 1
    assert "no stored document matches 'does-not-exist'" in result.output
    assert "Traceback" not in result.output


def test_ingest_without_paths_is_usage_error(run):
    result = run("ingest")
    assert result.exit_code == 2 and "--demo" in result.output
