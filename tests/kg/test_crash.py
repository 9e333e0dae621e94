"""A kill -9 in the middle of an ingest leaves the store consistent and usable."""

import os
import subprocess
import sys

from kg.kb import KnowledgeBase
from kg.namespaces import sparql_prefixes
from kg.store import open_store
from tests.processes import kill_when


def make_articles(folder, n):
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"Câu số {j} của bài {i} nói về hạ tầng tỉnh Thái Nguyên." for j in range(40))
        (folder / f"{i:04d}.txt").write_text(f"Bài viết số {i} về Thái Nguyên\n\n{body}\n", "utf-8")


def graphs_now(path):
    try:
        store = open_store(path, read_only=True)
    except Exception:  # the writer may still be creating the database
        return 0
    try:
        return len([g for g in store.graph_names() if "/graph/doc/" in g])
    finally:
        store.close()


def incomplete_documents(kb):
    """Documents whose sentence count disagrees with the sentences stored."""
    rows = kb.store.query(
        sparql_prefixes()
        + """
        SELECT ?doc ?n (COUNT(?s) AS ?have) WHERE {
          ?doc a kg:Document ; kg:sentenceCount ?n . OPTIONAL { ?s kg:inDocument ?doc }
        } GROUP BY ?doc ?n HAVING (COUNT(?s) != ?n)"""
    )
    return rows


def test_kill_mid_ingest_leaves_last_consistent_state(tmp_path):
    articles, store = tmp_path / "articles", tmp_path / "store"
    make_articles(articles, 150)
    env = {**os.environ, "KG_STORE": str(store), "KG_BASE_IRI": "http://kg.test/"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "ingest", str(articles)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(proc, lambda: (store / "graph").exists() and graphs_now(store / "graph") >= 5)
    with KnowledgeBase({"KG_STORE": str(store), "KG_BASE_IRI": "http://kg.test/"}) as kb:
        stored = len(kb.documents())
        assert 5 <= stored < 150
        assert incomplete_documents(kb) == []
        report = kb.ingest([articles])
        assert (report.added, report.unchanged, report.failed) == (150 - stored, stored, 0)
        assert len(kb.documents()) == 150 and incomplete_documents(kb) == []
