"""Fixtures shared by the reliability tests."""

from __future__ import annotations

import pytest

from kg.kb import KnowledgeBase


@pytest.fixture(scope="module")
def empty_store_config(tmp_path_factory) -> dict:
    """An ontology-only store (opened and closed once, so every app finds it ready)."""
    config = {
        "KG_STORE": str(tmp_path_factory.mktemp("empty") / "store"),
        "KG_BASE_IRI": "http://kg.test/",
        "KG_TOPIC_EMBEDDINGS": False,
    }
    KnowledgeBase(config).close()
    return config
