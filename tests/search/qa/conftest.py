"""One store per session for the question-answering tests (lexical index, no model).

It holds the seed and the two articles of ``tests/data/multidoc`` that name the same city,
park and roads, so answers are checked where entities are shared across documents.

Topic embeddings are off at ingest and the answerer gets the deterministic hash encoder, so
these tests load no model; what they check (slots, templates, evidence) does not depend on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.embeddings import HashEncoder
from kg.kb import KnowledgeBase
from search.api import Searcher
from search.qa import Answerer

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"
MULTIDOC = ROOT / "tests" / "data" / "multidoc"
BASE = "http://kg.test/"


@pytest.fixture(scope="session")
def qa_store(tmp_path_factory) -> Path:
    from search.sync import sync_index

    path = tmp_path_factory.mktemp("qa") / "store"
    with KnowledgeBase({"KG_STORE": str(path), "KG_BASE_IRI": BASE, "KG_TOPIC_EMBEDDINGS": False}) as kb:
        assert not kb.ingest([SEED, MULTIDOC]).failures
        sync_index(kb, embed=False)
    return path


@pytest.fixture(scope="session")
def qa_kb(qa_store):
    with KnowledgeBase({"KG_STORE": str(qa_store), "KG_BASE_IRI": BASE}, read_only=True) as kb:
        yield kb


@pytest.fixture(scope="session")
def answerer(qa_kb) -> Answerer:
    return Answerer(qa_kb, Searcher(qa_kb, encoder=HashEncoder()), encoder=HashEncoder())
