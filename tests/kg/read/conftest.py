"""A store of two documents that name the same entities, built once for the read-layer tests.

The seed article and ``tests/data/read/song_cong_thu_hut_dau_tu.txt`` both name Tỉnh Thái
Nguyên, Thành phố Sông Công and KCN Sông Công 2, so every count and name is checked where a
description is supported by several documents (a one-document store hides those bugs).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"
SECOND = ROOT / "tests" / "data" / "read" / "song_cong_thu_hut_dau_tu.txt"
CONFIG = {"KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}


@pytest.fixture(scope="session")
def read_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("read") / "store"
    with KnowledgeBase({**CONFIG, "KG_STORE": str(path)}) as kb:
        report = kb.ingest([SEED, SECOND])
    assert report.added == 2, report.failures
    return path


@pytest.fixture(scope="session")
def read_kb(read_store):
    """The two-document store, read-only (shared: do not write)."""
    with KnowledgeBase({**CONFIG, "KG_STORE": str(read_store)}, read_only=True) as kb:
        yield kb


@pytest.fixture
def fresh_kb(read_store, tmp_path):
    """A writable copy of the two-document store."""
    path = tmp_path / "store"
    shutil.copytree(read_store, path)
    with KnowledgeBase({**CONFIG, "KG_STORE": str(path)}) as kb:
        yield kb


@pytest.fixture(scope="session")
def second_doc() -> Path:
    """The article that shares entities with the seed."""
    return SECOND


@pytest.fixture(scope="session")
def iri():
    """``iri(kb, "city/165")``: an entity IRI under the knowledge base's base."""
    return lambda kb, key: f"{kb.iris.base}entity/{key}"
