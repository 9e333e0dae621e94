"""Contract tests: every registered retriever answers the same ``search()`` shape."""

import pytest

from kg.errors import BadQuery, ConfigError, NotFound
from search.index import Index
from search.retrievers import available_retrievers, create_retriever
from search.sync import index_dir, sync_index


@pytest.fixture
def index(seed_kb, encoder):
    sync_index(seed_kb, encoder=encoder)
    return Index.open(index_dir(seed_kb))


@pytest.fixture(params=available_retrievers())
def retriever(request, index, encoder):
    return create_retriever(request.param, index, encoder)


def test_search_returns_ids_and_scores_best_first(retriever, index):
    results = retriever.search("hạ tầng khu công nghiệp", 3)
    assert 0 < len(results) <= 3
    assert all(isinstance(pid, str) and isinstance(score, float) for pid, score in results)
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)
    assert all(index.row_of(pid) < index.count for pid, _ in results)


def test_filters_restrict_the_rows(retriever, index):
    doc = index.docs[0]
    assert retriever.search("hạ tầng", 5, {"document": doc.id[:8]})
    proposals = retriever.search("hạ tầng", 10, {"type": "Proposal"})
    assert proposals
    assert all("Proposal" in index.record(index.row_of(pid))["kinds"] for pid, _ in proposals)
    on_topic = retriever.search("đường", 10, {"topic": "infrastructure"})
    assert on_topic and len(on_topic) <= len(retriever.search("đường", 10))
    assert retriever.search("đường", 10, {"entity": "ĐT262"})
    assert retriever.search("đường", 10, {"entity": "http://kg.test/entity/nowhere"}) == []


@pytest.mark.parametrize(
    "filters, error",
    [
        ({"document": "no-such-document"}, NotFound),
        ({"type": "Spaceship"}, BadQuery),
        ({"colour": "red"}, BadQuery),
    ],
)
def test_bad_filters_are_one_line_errors(retriever, filters, error):
    with pytest.raises(error):
        retriever.search("hạ tầng", 5, filters)


def test_unknown_retriever_lists_the_known_ones(index):
    with pytest.raises(ConfigError, match="lexical"):
        create_retriever("bm42", index)


def test_lexical_coverage_tells_vietnamese_from_english(index):
    from search.lexical import LexicalRetriever

    lexical = LexicalRetriever(index)
    assert lexical.coverage("hạ tầng khu công nghiệp") == 1.0
    assert lexical.coverage("ha tang khu cong nghiep") == 1.0
    assert lexical.coverage("proposals about infrastructure") == 0.0
