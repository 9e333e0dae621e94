"""Defect 11: the store's writer lock covers the graph only, readers take none, and a busy
lock names its holder.

The attacks: ``kg ingest`` kept the store open for writing through the whole embedding
phase, so uploads got 503 for minutes; ``kg stats`` opened the store for writing (so it
failed, or blocked an upload, while anything else ran); and the message blamed ``kg serve``,
which never locks. Now ingest commits and closes the store before the index sync, which runs
from a read-only view under the index's own lock; ``kg stats`` reads a snapshot; the lock
file names the process holding it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.embeddings import HashEncoder
from kg.errors import StoreError
from kg.kb import KnowledgeBase
from search.index import Index
from web import create_app
from web.commands import cli

ROOT = Path(__file__).resolve().parents[2]
MULTIDOC = ROOT / "tests" / "data" / "multidoc"
ARTICLE = "Khu công nghiệp Yên Bình\n\nUBND tỉnh Thái Nguyên đề xuất mở rộng khu công nghiệp Yên Bình thêm 200 ha.\n"
HOLD = (
    "import sys, time; from kg.kb import KnowledgeBase; "
    "kb = KnowledgeBase({'KG_STORE': sys.argv[1], 'KG_TOPIC_EMBEDDINGS': False}); "
    "print('holding', flush=True); time.sleep(120)"
)


@pytest.fixture
def config(tmp_path):
    config = {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}
    with KnowledgeBase(config) as kb:
        assert not kb.ingest([MULTIDOC]).failures
    return config


@pytest.fixture
def holder(config):
    """Another process holding the store's writer lock (as a running ``kg ingest`` does)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, config["KG_STORE"]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_busy_store_names_the_process_writing(config, holder):
    with pytest.raises(StoreError) as caught:
        KnowledgeBase(config)
    message = str(caught.value)
    assert f"pid {holder.pid}" in message and "in use by another process" in message
    assert "kg serve" not in message and "\n" not in message
    result = CliRunner().invoke(
        cli, ["--store", config["KG_STORE"], "ingest", str(MULTIDOC)], env={"KG_TOPIC_EMBEDDINGS": "0"}
    )
    assert result.exit_code == 1 and f"pid {holder.pid}" in result.output


def test_stats_export_and_validate_read_while_another_process_writes(config, holder):
    runner = CliRunner()
    for args in (["stats", "--json"], ["export", "--format", "nt"], ["validate"]):
        result = runner.invoke(cli, ["--store", config["KG_STORE"], *args])
        assert result.exit_code == 0, (args, result.output)
    assert '"documents": 2' in runner.invoke(cli, ["--store", config["KG_STORE"], "stats", "--json"]).output


def test_a_web_add_reports_the_holder(config, holder):
    client = create_app({"TESTING": True, **config}).test_client()
    response = client.post("/api/documents", json={"title": "Tin", "text": ARTICLE})
    assert response.status_code == 503 and f"pid {holder.pid}" in response.json["error"]


def test_ingest_lets_go_of_the_store_before_the_index_sync(config, tmp_path, monkeypatch):
    seen = []

    class Report:
        def summary(self):
            return "synced"

    def sync(kb, progress=iter):
        with KnowledgeBase(config) as writer:  # another writer gets in: the lock is free
            seen.append((kb.read_only, len(writer.documents())))
        return Report()

    monkeypatch.setattr("search.sync.sync_index", sync)
    article = tmp_path / "new.txt"
    article.write_text(ARTICLE, "utf-8")
    result = CliRunner().invoke(
        cli, ["--store", config["KG_STORE"], "ingest", str(article)], env={"KG_TOPIC_EMBEDDINGS": "0"}
    )
    assert result.exit_code == 0, result.output
    assert seen == [(True, 3)]  # a read-only view, the document already committed


class SlowEncoder(HashEncoder):
    """A stand-in for e5 on a slow machine: the first batch waits until ``go`` is set."""

    def __init__(self):
        super().__init__()
        self.started, self.go = threading.Event(), threading.Event()

    def encode_passages(self, texts):
        self.started.set()
        self.go.wait(60)
        return super().encode_passages(texts)


def test_uploads_go_through_while_passages_are_embedded(config):
    from search.sync import sync_index

    reports, errors, encoder = [], [], SlowEncoder()

    def ingest_sync():  # what `kg ingest` runs after closing the store: a long embedding phase
        try:
            with KnowledgeBase(config, read_only=True) as view:
                reports.append(sync_index(view, encoder=encoder))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    worker = threading.Thread(target=ingest_sync)
    worker.start()
    index_root = Path(config["KG_STORE"]) / "index"
    assert encoder.started.wait(60)  # the lexical part is committed; embedding is under way
    client = create_app({"TESTING": True, **config, "SYNC_EMBED": False}).test_client()
    started = time.perf_counter()
    response = client.post("/api/documents", json={"title": "Khu công nghiệp Yên Bình", "text": ARTICLE})
    took = time.perf_counter() - started
    assert response.status_code == 201, response.json
    assert "being updated by another process" in response.json["index"]
    assert f"pid {os.getpid()}" in response.json["index"]
    assert took < 20
    encoder.go.set()
    worker.join(120)
    assert not errors, errors
    new_id = response.json["documents"][0]["doc_id"]
    index = Index.open(index_root)
    assert new_id in {d.id for d in index.docs}  # the running sync took the upload in
    assert reports[0].added == 3 and reports[0].pending == 0
    hits = client.get("/api/search", query_string={"q": "Yên Bình 200 ha", "mode": "lexical"}).json["hits"]
    assert hits and hits[0]["doc_id"] == new_id
