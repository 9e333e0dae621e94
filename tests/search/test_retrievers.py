"""Contract tests: every registered retriever answers the same ``search_rows()`` shape, and
the search API (:class:`search.api.Searcher`, what the CLI, web and QA call) filters the same
way whichever retriever it runs."""

import numpy as np
import pytest

from kg.errors import BadQuery, ConfigError, NotFound
from search.api import Searcher
from search.index import Index
from search.retrievers import available_retrievers, create_retriever
from search.sync import index_dir, sync_index


@pytest.fixture
def index(seed_kb, encoder):
    sync_index(seed_kb, encoder=encoder)
    return Index.open(index_dir(seed_kb))


@pytest.fixture(params=available_retrievers())
def mode(request):
    return request.param


@pytest.fixture
def retriever(mode, index, encoder):
    return create_retriever(mode, index, encoder)


@pytest.fixture
def searcher(mode, index, seed_kb, encoder):
    return Searcher(seed_kb, encoder, mode=mode)


def test_search_rows_returns_rows_and_scores_best_first(retriever, index):
    results = retriever.search_rows("hạ tầng khu công nghiệp", 3)
    assert 0 < len(results) <= 3
    assert all(isinstance(row, int) and 0 <= row < index.count for row, _ in results)
    assert all(isinstance(score, float) for _, score in results)
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)


def test_search_rows_keeps_to_the_mask(retriever, index):
    every = [row for row, _ in retriever.search_rows("hạ tầng khu công nghiệp", index.count)]
    assert len(every) > 2
    mask = np.zeros(index.count, dtype=bool)
    mask[every[1:3]] = True  # two rows the query finds, not the best one
    assert sorted(row for row, _ in retriever.search_rows("hạ tầng khu công nghiệp", 10, mask)) == sorted(every[1:3])


def test_filters_restrict_the_hits(searcher, index):
    doc = index.docs[0]
    assert {h.doc_id for h in searcher.search("hạ tầng", 5, {"document": doc.id[:8]})} == {doc.id}
    proposals = searcher.search("hạ tầng", 10, {"type": "Proposal"})
    assert proposals and all("Proposal" in h.kinds for h in proposals)
    assert len(proposals) < len(searcher.search("hạ tầng", 10))  # some passages hold no proposal
    on_topic = searcher.search("đường", 10, {"topic": "infrastructure"})
    assert on_topic and all("https://w3id.org/vnkg/topic/infrastructure" in h.topics for h in on_topic)
    road = searcher.search("đường", 10, {"entity": "ĐT262"})
    assert road and all(any(e["iri"].endswith("/road/19-dt-262") for e in h.entities) for h in road)
    assert searcher.search("đường", 10, {"entity": "http://kg.test/entity/nowhere"}) == []


@pytest.mark.parametrize(
    "filters, error",
    [
        ({"document": "no-such-document"}, NotFound),
        ({"type": "Spaceship"}, BadQuery),
        ({"colour": "red"}, BadQuery),
    ],
)
def test_bad_filters_are_one_line_errors(searcher, filters, error):
    with pytest.raises(error):
        searcher.search("hạ tầng", 5, filters)


def test_unknown_retriever_lists_the_known_ones(index):
    with pytest.raises(ConfigError, match="lexical"):
        create_retriever("bm42", index)


def test_lexical_coverage_tells_vietnamese_from_english(index):
    from search.lexical import LexicalRetriever

    lexical = LexicalRetriever(index)
    assert lexical.coverage("hạ tầng khu công nghiệp") == 1.0
    assert lexical.coverage("ha tang khu cong nghiep") == 1.0
    assert lexical.coverage("proposals about infrastructure") == 0.0
