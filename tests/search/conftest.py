"""Fixtures for the search tests: the seed ingested once, copied per test.

Ingesting runs underthesea and the extractors (seconds), so it happens once per session;
every test gets its own copy of that store directory and may change it freely.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.embeddings import HashEncoder
from kg.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"
CONFIG = {"KG_TOPIC_EMBEDDINGS": False, "KG_BASE_IRI": "http://kg.test/"}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A closed store holding the seed article (the demo copy when ../shared is absent)."""
    path = tmp_path_factory.mktemp("seed") / "store"
    with KnowledgeBase({**CONFIG, "KG_STORE": str(path)}) as kb:
        report = kb.ingest([SEED if SEED.exists() else DEMO])
    assert report.added == 1, report.failures
    return path


@pytest.fixture
def seed_kb(seed_store, tmp_path):
    """A writable copy of the seed store, open."""
    path = tmp_path / "store"
    shutil.copytree(seed_store, path)
    with KnowledgeBase({**CONFIG, "KG_STORE": str(path)}) as kb:
        yield kb


@pytest.fixture(scope="session")
def store_config() -> dict:
    return dict(CONFIG)


@pytest.fixture(scope="session")
def vnnews_dir() -> Path:
    path = ROOT.parent / "shared" / "corpus" / "vnnews"
    if not path.is_dir():
        pytest.skip(f"{path} is absent (a fresh clone without ../shared)")
    return path


@pytest.fixture
def encoder():
    return HashEncoder(64)
