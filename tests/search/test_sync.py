"""The index follows the store: incremental, persistent, damage-aware, one model only."""

import numpy as np
import pytest

from kg.embeddings import HashEncoder
from kg.errors import ConfigError, StoreError
from search.api import Searcher
from search.index import Index
from search.sync import index_dir, sync_index


def top(searcher, query, mode="hybrid", k=3):
    return searcher.search(query, k, mode=mode)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ha tang ky thuat", "hạ tầng kỹ thuật"),  # no diacritics
        ("thai nguyen", "Thái Nguyên"),
        ("vanh dai 5 tp song cong", "vành đai 5"),
        ("uy ban nhan dan tinh", "UBND tỉnh"),  # long form finds the abbreviation
        ("KCN Sông Công 1", "KCN Sông Công 1"),
        ("khu cong nghiep song cong 1", "KCN Sông Công 1"),  # abbreviation from the long form
    ],
)
def test_accentless_and_abbreviation_queries_find_the_seed_passage(seed_kb, encoder, query, expected):
    # Lexical: the fake encoder's vectors say nothing; test_model.py checks hybrid with e5.
    sync_index(seed_kb, encoder=encoder)
    hits = top(Searcher(seed_kb, encoder), query, "lexical")
    assert expected in hits[0].passage
    assert hits[0].highlights and hits[0].snippet


def test_hits_carry_source_title_entities_and_offsets(seed_kb, encoder):
    sync_index(seed_kb, encoder=encoder)
    hit = top(Searcher(seed_kb, encoder), "đường tỉnh 262")[0]
    assert hit.source.endswith(".txt") and "Sông Công" in hit.title
    assert any(e["label"] == "ĐT262" and e["type"] == "Road" for e in hit.entities)
    assert 0 <= hit.start < hit.end and hit.end - hit.start == len(hit.passage)
    start, end = hit.highlights[0]
    assert hit.snippet[start:end]


def test_index_survives_restart_and_resync_adds_nothing(seed_kb, encoder):
    first = sync_index(seed_kb, encoder=encoder)
    before = [h.to_dict() for h in top(Searcher(seed_kb, encoder), "ha tang")]
    again = sync_index(seed_kb, encoder=encoder)
    assert (first.added, again.added, again.unchanged, again.embedded) == (1, 0, 1, 0)
    seed_kb.ingest([seed_kb.documents()[0].path])  # re-ingest: unchanged
    sync_index(seed_kb, encoder=encoder)
    index = Index.open(index_dir(seed_kb))  # a fresh reader, as after a restart
    assert index.count == first.passages == index.vectors.shape[0]
    assert index.embedded().all()
    assert [h.to_dict() for h in top(Searcher(seed_kb, encoder), "ha tang")] == before


def test_removing_a_document_removes_its_passages(seed_kb, encoder):
    sync_index(seed_kb, encoder=encoder)
    seed_kb.remove(seed_kb.documents()[0].doc_id)
    report = sync_index(seed_kb, encoder=encoder)
    assert (report.removed, report.passages) == (1, 0)
    assert top(Searcher(seed_kb, encoder), "Sông Công") == []


def test_lexical_works_without_vectors_then_vectors_are_added(seed_kb, encoder):
    report = sync_index(seed_kb, encoder=encoder, embed=False)
    assert report.pending == report.passages > 0
    searcher = Searcher(seed_kb, encoder)
    assert not searcher.index.has_vectors
    assert "Thái Nguyên" in top(searcher, "thai nguyen")[0].passage  # hybrid runs lexical only
    report = sync_index(seed_kb, encoder=encoder)
    assert (report.embedded, report.pending) == (report.passages, 0)
    assert top(searcher, "thai nguyen", mode="dense")  # the same searcher sees the vectors


class Failing(HashEncoder):
    """Fails on the second batch, like an interrupted run."""

    def __init__(self):
        super().__init__(64)
        self.calls = 0

    def encode_passages(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise KeyboardInterrupt
        return super().encode_passages(texts)


def test_an_interrupted_embedding_resumes_where_it_stopped(seed_kb, encoder, monkeypatch):
    monkeypatch.setattr("search.sync.BATCH", 2)
    monkeypatch.setattr("search.sync.CHECKPOINT", 2)
    with pytest.raises(KeyboardInterrupt):
        sync_index(seed_kb, encoder=Failing())
    index = Index.open(index_dir(seed_kb))
    assert index.embedded().sum() == 2
    report = sync_index(seed_kb, encoder=encoder)
    assert report.embedded == index.count - 2 and report.pending == 0
    vectors = Index.open(index_dir(seed_kb)).vectors
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_vectors_of_two_models_never_mix(seed_kb, encoder):
    sync_index(seed_kb, encoder=encoder)
    with pytest.raises(ConfigError, match="kg reindex"):
        sync_index(seed_kb, encoder=HashEncoder(32))
    with pytest.raises(ConfigError, match="kg reindex"):
        Searcher(seed_kb, HashEncoder(32)).search("ha tang", mode="dense")
    report = sync_index(seed_kb, encoder=HashEncoder(32), rebuild=True)
    assert report.model_id == "hash-32" and report.embedded == report.passages


def _truncate(path):
    path.write_bytes(path.read_bytes()[:-7])


def _garbage(path):
    path.write_bytes(b"\x00garbage" * 3)


@pytest.mark.parametrize(
    "name, damage",
    [
        ("vectors.npy", _truncate),
        ("passages.jsonl", _truncate),
        ("manifest.json", _garbage),
        ("offsets.npy", _garbage),
        ("bm25/vocab.index.json", _garbage),
        ("CURRENT", _garbage),
        ("embedded.npy", _garbage),
    ],
)
def test_a_damaged_index_file_is_a_clear_error_and_reindex_repairs_it(seed_kb, encoder, name, damage):
    sync_index(seed_kb, encoder=encoder)
    root = index_dir(seed_kb)
    path = root / name if name == "CURRENT" else Index.open(root).path / name
    damage(path)
    with pytest.raises(StoreError) as err:
        Searcher(seed_kb, encoder).search("thai nguyen", mode="hybrid")
    message = str(err.value)
    assert "kg reindex" in message and path.name in message and "\n" not in message
    with pytest.raises(StoreError, match="kg reindex"):
        sync_index(seed_kb, encoder=encoder)
    sync_index(seed_kb, encoder=encoder, rebuild=True)
    assert "Thái Nguyên" in top(Searcher(seed_kb, encoder), "thai nguyen")[0].passage
