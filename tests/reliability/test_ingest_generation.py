"""Defect 7: readers see every committed document, even when the ingest is killed.

The attack: ``kill -9`` a long ``kg ingest``; the documents it committed are in the store,
but the change marker (``GENERATION``) was bumped only after the whole batch, so a running
server kept its old snapshot until some other writer came along. Now the marker moves after
each committed document.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import kg.workers
from kg.kb import KnowledgeBase
from tests.processes import kill_when
from web import create_app


def write_articles(folder, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"Câu {j} của bài {i} về hạ tầng tỉnh Thái Nguyên." for j in range(30))
        (folder / f"{i:03d}.txt").write_text(f"Bài {i} về Thái Nguyên\n\n{body}\n", "utf-8")


@pytest.fixture
def config(tmp_path):
    return {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}


def test_the_marker_moves_after_each_committed_document(config, tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    write_articles(articles, 3)
    seen = []  # (marker, documents a fresh reader sees) when each document starts
    prepare = kg.workers.prepare  # where every document is prepared, in this process or a worker

    def spying(raw):
        if raw.source:  # not the warm-up of the NLP models
            with KnowledgeBase(config, read_only=True) as view:
                seen.append((view.opened_generation, len(view.documents())))
        return prepare(raw)

    monkeypatch.setattr(kg.workers, "prepare", spying)
    with KnowledgeBase(config) as kb:
        start = kb.generation()
        report = kb.ingest([articles])
        end = kb.generation()
    assert report.added == 3
    assert [count for _, count in seen] == [0, 1, 2]
    markers = [start, *(marker for marker, _ in seen[1:]), end]
    assert len(set(markers)) == len(markers)  # a new marker per committed document


def test_a_server_sees_what_a_killed_ingest_committed(config, tmp_path):
    articles = tmp_path / "articles"
    write_articles(articles, 60)
    KnowledgeBase(config).close()
    client = create_app({"TESTING": True, **config}).test_client()
    assert client.get("/api/stats").json["documents"] == 0  # the server's snapshot is open
    env = {
        **os.environ,
        "KG_STORE": config["KG_STORE"],
        "KG_BASE_IRI": config["KG_BASE_IRI"],
        "KG_TOPIC_EMBEDDINGS": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "ingest", str(articles)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def three_committed() -> bool:
        with KnowledgeBase(config, read_only=True) as view:
            return len(view.documents()) >= 3

    kill_when(proc, three_committed, poll=0.2)
    with KnowledgeBase(config, read_only=True) as view:
        committed = len(view.documents())
    assert 3 <= committed < 60
    assert client.get("/api/stats").json["documents"] == committed  # no other writer needed
