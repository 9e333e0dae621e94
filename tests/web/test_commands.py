"""The installed ``kg`` command is assembled on top: kg's commands, search's and ``serve``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg import cli as kg_cli
from web.commands import cli

ROOT = Path(kg_cli.__file__).resolve().parents[1]


def test_the_full_group_has_every_command_and_the_index_hook():
    names = set(cli.list_commands(None))
    assert {"ingest", "remove", "export", "stats", "validate", "extract", "search", "reindex", "ask", "serve"} <= names
    assert "search.sync:sync_index" in cli.after_change
    assert not {"search", "reindex", "ask", "serve"} & set(kg_cli.cli.list_commands(None))  # kg's own group


def test_kg_names_no_package_above_it():
    text = Path(kg_cli.__file__).read_text("utf-8")
    assert "search" not in text and "web" not in text


def test_help_loads_neither_the_web_app_nor_the_model():
    code = (
        "import sys; from click.testing import CliRunner; from web.commands import cli; "
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('torch', 'flask', 'sentence_transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ingest_runs_the_hooks_of_the_group_it_runs_in(tmp_path, monkeypatch):
    calls = []

    class Report:
        def summary(self):
            return "hook ran"

    monkeypatch.setattr("search.sync.sync_index", lambda kb, progress=iter: calls.append(kb) or Report())
    store = ["--store", str(tmp_path / "store")]
    empty = tmp_path / "empty.txt"
    empty.write_text("Một câu.\n", "utf-8")
    env = {"KG_TOPIC_EMBEDDINGS": "0"}
    result = CliRunner().invoke(kg_cli.cli, [*store, "ingest", str(empty)], env=env)
    assert result.exit_code == 0 and calls == [], result.output
    result = CliRunner().invoke(cli, [*store, "remove", "empty.txt"], env=env)
    assert result.exit_code == 0 and len(calls) == 1 and "hook ran" in result.output, result.output
