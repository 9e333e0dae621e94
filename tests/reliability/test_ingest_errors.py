"""Defect 12 (part): one-line errors, exit code 1, where the README promises them.

The attacks: ``kg serve`` on a port already in use printed waitress's traceback (after
loading the models); a store whose files hold garbage printed RocksDB's traceback on every
command. Now both are one line naming the cause and what to do.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.kb import KnowledgeBase
from web import create_app
from web.commands import cli

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "kg" / "data" / "demo"
ENV = {"KG_TOPIC_EMBEDDINGS": "0"}


def one_line_failure(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_serve_on_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "serve", "--port", str(port)], env=ENV)
    line = one_line_failure(result)
    assert f"127.0.0.1:{port}" in line and "--port" in line


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("damage") / "store"
    with KnowledgeBase({"KG_STORE": str(path), "KG_TOPIC_EMBEDDINGS": False}) as kb:
        assert kb.ingest([DEMO]).added == 1
    return path


def damaged(store: Path, tmp_path: Path, how: str) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    graph = copy / "graph"
    if how == "sst":
        for sst in graph.glob("*.sst"):
            sst.write_bytes(b"garbage" * 1000)
    elif how == "current":
        (graph / "CURRENT").write_bytes(b"\x00\xffnot a manifest name")
    elif how == "manifest":
        for manifest in graph.glob("MANIFEST-*"):
            manifest.write_bytes(b"\x01" * 500)
    elif how == "meta":
        (copy / "meta.json").write_text("{ not json", "utf-8")
    return copy


@pytest.mark.parametrize("how", ["sst", "current", "manifest", "meta"])
@pytest.mark.parametrize("command", [["stats"], ["ingest", str(DEMO)], ["search", "Sông Công"], ["export"]])
def test_a_damaged_store_is_one_line(store, tmp_path, how, command):
    copy = damaged(store, tmp_path, how)
    line = one_line_failure(CliRunner().invoke(cli, ["--store", str(copy), *command], env=ENV))
    assert "damaged" in line and str(copy) in line


def test_the_web_app_over_a_damaged_store_answers_one_line(store, tmp_path):
    copy = damaged(store, tmp_path, "sst")
    client = create_app({"TESTING": True, "KG_STORE": str(copy), "KG_TOPIC_EMBEDDINGS": False}).test_client()
    response = client.get("/api/stats")
    assert response.status_code == 503 and "damaged" in response.json["error"]
    assert "\n" not in response.json["error"]
