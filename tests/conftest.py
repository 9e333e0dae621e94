"""Shared fixtures: the read-only corpus beside the checkout, and fresh stores."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = CORPUS / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"


def corpus_dir(name: str) -> Path:
    """A corpus directory under ../shared, or skip the test when it is absent."""
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"{path} is absent (a fresh clone without ../shared); CI provides it")
    return path


@pytest.fixture
def vnnews() -> Path:
    return corpus_dir("vnnews")


@pytest.fixture
def vnnews_b() -> Path:
    return corpus_dir("vnnews-b")


@pytest.fixture
def seed_path() -> Path:
    """The seed article: from ../shared when present, else the copy shipped as the demo."""
    return SEED if SEED.exists() else DEMO


@pytest.fixture
def config(tmp_path) -> dict:
    return {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/"}


@pytest.fixture
def kb(config):
    from kg.kb import KnowledgeBase

    with KnowledgeBase(config) as base:
        yield base


SLOW_TESTS = Path(__file__).with_name("slow_tests.txt")


def pytest_collection_modifyitems(config, items):
    """Mark ``slow`` the tests listed in ``slow_tests.txt`` (measured, see scripts/slow_tests.py).

    The default run leaves ``slow`` out (``-m "not slow"`` in pyproject.toml) so that it stays
    under a minute; ``./test.sh`` and CI run everything (``-m ""``).
    """
    listed = {
        line.strip()
        for line in SLOW_TESTS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for item in items:
        if item.nodeid.split("[", 1)[0] in listed:
            item.add_marker(pytest.mark.slow)
