"""The approximate index agrees with exact search, respects masks and removals, is ignored
(never trusted) when stale or damaged, and is used only from ``KG_ANN_MIN`` vectors up."""

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from kg.embeddings import HashEncoder
from search.ann import META, AnnParams, ApproximateSearch, passage_keys, update_ann
from search.dense import DenseRetriever
from search.index import Index
from search.sync import PASSAGE_VERSION, index_dir, sync_index
from search.writer import GenerationWriter

DIM, ROWS, PER_DOC = 64, 3000, 10
NEVER = 10**12


def clustered(rows: int, seed: int) -> np.ndarray:
    """Unit vectors around 30 centres (like passages on a few topics), not uniform noise."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(30, DIM))
    data = centres[rng.integers(0, 30, rows)] + rng.normal(scale=0.8, size=(rows, DIM))
    return (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(np.float32)


VECTORS = clustered(ROWS + 200, seed=1)
QUERIES = clustered(200, seed=2)


def write_generation(root: Path, docs: list[int]) -> Index:
    """A generation holding documents ``docs`` (document d = rows of VECTORS d*10..d*10+9)."""
    writer = GenerationWriter(root, PASSAGE_VERSION)
    blocks = []
    for d in docs:
        first = len(writer.records)
        records = [{"text": f"passage {d}.{n}", "entities": [], "kinds": [], "topics": []} for n in range(PER_DOC)]
        writer.add_document(
            {"id": f"{d:016x}", "hash": f"h{d}", "source": f"d{d}.txt", "title": f"T{d}"}, records, [["x"]] * PER_DOC
        )
        blocks.append((np.arange(first, first + PER_DOC), VECTORS[d * PER_DOC : (d + 1) * PER_DOC]))
    writer.write("test-64", DIM, blocks)
    writer.publish()
    return Index.open(root)


def exact(index: Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[int]:
    scores = np.asarray(index.vectors @ query)
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    return [int(r) for r in np.argsort(-scores, kind="stable")[:k] if np.isfinite(scores[r])]


def recall(index: Index, ann: ApproximateSearch, k: int = 10, allowed=None) -> float:
    hits = wanted = 0
    for q in QUERIES:
        mask = index.embedded() if allowed is None else allowed
        found = ann.search(q, k, mask)
        assert found is not None, "the approximate index was not used"
        truth = exact(index, q, k, mask)
        hits, wanted = hits + len({r for r, _ in found} & set(truth)), wanted + len(truth)
    return hits / wanted


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def index(root) -> Index:
    gen = write_generation(root, list(range(ROWS // PER_DOC)))
    assert update_ann(gen, 0).action == "built"
    return gen


def test_approximate_top_10_agrees_with_exact_and_scores_are_exact(index):
    ann = ApproximateSearch(index, 0)
    assert recall(index, ann) >= 0.95
    found = ann.search(QUERIES[0], 10, index.embedded())
    assert [s for _, s in found] == pytest.approx([float(index.vectors[r] @ QUERIES[0]) for r, _ in found], abs=1e-6)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_switch_threshold(root, index):
    assert ApproximateSearch(index, ROWS).search(QUERIES[0], 10, index.embedded()) is not None
    assert ApproximateSearch(index, ROWS + 1).search(QUERIES[0], 10, index.embedded()) is None
    other = root.parent / "other"
    small = write_generation(other, [0, 1, 2])
    assert update_ann(small, 31).action == "skipped"
    assert not (other / META).exists()


class QueryEncoder:
    """Returns the query vector registered for a text (the dense retriever's interface)."""

    model_id, dim = "test-64", DIM

    def encode_queries(self, texts):
        return np.stack([QUERIES[int(t)] for t in texts])


def test_dense_retriever_switches_at_kg_ann_min(index, monkeypatch):
    approximate = DenseRetriever(index, QueryEncoder(), rewrite=False, ann_min=0)
    exact_only = DenseRetriever(index, QueryEncoder(), rewrite=False, ann_min=NEVER)
    calls = []
    monkeypatch.setattr(exact_only.ann, "search", lambda *a: calls.append(a))
    same = sum(
        len({r for r, _ in approximate.search_rows(str(i), 10)} & {r for r, _ in exact_only.search_rows(str(i), 10)})
        for i in range(50)
    )
    assert same >= 0.95 * 500
    assert exact_only.search_rows("0", 10)[0][0] == exact(index, QUERIES[0], 1)[0]
    monkeypatch.setenv("KG_ANN_MIN", str(ROWS + 1))
    assert DenseRetriever(index, QueryEncoder(), rewrite=False).ann.min_size == ROWS + 1


@pytest.mark.parametrize("share", [0.5, 0.05, 0.002])
def test_masks_are_respected_and_lose_nothing(index, share):
    rng = np.random.default_rng(3)
    allowed = rng.random(index.count) < share
    ann = ApproximateSearch(index, 0)
    for q in QUERIES[:50]:
        found = ann.search(q, 10, allowed)
        assert found is not None and all(allowed[r] for r, _ in found)
        assert len(found) == min(10, int(allowed.sum()))
    assert recall(index, ann, allowed=allowed) >= 0.95


def test_removed_documents_never_come_back_and_are_dropped_from_the_graph(root, index):
    kept = [d for d in range(ROWS // PER_DOC) if d % 3]  # a third of the documents removed
    newer = write_generation(root, kept)
    ann = ApproximateSearch(newer, 0)
    for q in QUERIES[:50]:
        found = ann.search(q, 10, newer.embedded())
        assert {r for r, _ in found} <= set(range(newer.count))
        ids = {newer.passage_id(r).split(":")[0] for r, _ in found}
        assert all(int(i, 16) % 3 for i in ids)
    assert recall(newer, ann) >= 0.95
    report = update_ann(newer, 0, pending_max=0)
    assert report.action == "built"  # a third dead is past REBUILD_SHARE
    assert report.size == newer.count


def test_new_rows_are_searched_before_the_graph_has_them_then_added(root, index):
    newer = write_generation(root, list(range(ROWS // PER_DOC + 20)))
    ann = ApproximateSearch(newer, 0)
    target = ROWS + 5  # a row of a document added after the graph was built
    found = ann.search(VECTORS[target], 3, newer.embedded())
    assert found[0][0] == target
    assert update_ann(newer, 0).action == "unchanged"  # 200 new rows: under PENDING_MAX
    report = update_ann(newer, 0, pending_max=0)
    assert (report.action, report.added, report.size) == ("updated", 200, newer.count)
    assert ApproximateSearch(newer, 0).search(VECTORS[target], 3, newer.embedded())[0][0] == target
    assert len(list(root.glob("ann-*.usearch"))) == 1  # the previous graph was dropped


def graph_file(root: Path) -> Path:
    return root / json.loads((root / META).read_text())["file"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "model", "keys", "meta"])
def test_a_stale_or_damaged_graph_is_ignored_then_rebuilt(root, index, damage, caplog):
    path = graph_file(root)
    if damage == "garbage":
        path.write_bytes(np.random.default_rng(0).bytes(path.stat().st_size))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "keys":
        keys = path.with_name(path.name.replace(".usearch", ".keys.npy"))
        np.save(keys, np.load(keys)[:-5])
    elif damage == "meta":
        (root / META).write_text("{not json")
    else:
        meta = json.loads((root / META).read_text())
        (root / META).write_text(json.dumps({**meta, "model_id": "another-model"}))
    with caplog.at_level(logging.WARNING, logger="search.ann"):
        assert ApproximateSearch(index, 0).search(QUERIES[0], 10, index.embedded()) is None
    assert damage == "model" or "ignored" in caplog.text
    retriever = DenseRetriever(index, QueryEncoder(), rewrite=False, ann_min=0)
    assert [r for r, _ in retriever.search_rows("0", 10)] == exact(index, QUERIES[0], 10)
    assert update_ann(index, 0).action == "built"
    assert recall(index, ApproximateSearch(index, 0)) >= 0.95


def test_a_leftover_temporary_file_changes_nothing(root, index):
    (root / "ann-000099.usearch.tmp").write_bytes(b"half a graph")
    assert recall(index, ApproximateSearch(index, 0)) >= 0.95
    newer = write_generation(root, list(range(ROWS // PER_DOC + 20)))
    assert update_ann(newer, 0, pending_max=0).action == "updated"
    assert not (root / "ann-000099.usearch.tmp").exists()


def test_keys_follow_the_passage_not_the_row(root, index):
    newer = write_generation(root, list(range(1, ROWS // PER_DOC)))  # the first document removed
    assert np.array_equal(passage_keys(newer), passage_keys(index)[PER_DOC:])


def test_sync_builds_the_graph_from_kg_ann_min(seed_kb):
    seed_kb.config["KG_ANN_MIN"] = 0
    sync_index(seed_kb, encoder=HashEncoder(64))
    root = index_dir(seed_kb)
    meta = json.loads((root / META).read_text())
    index = Index.open(root)
    assert meta["size"] == index.count and meta["model_id"] == index.model_id
    sync_index(seed_kb, encoder=HashEncoder(64), rebuild=True)
    assert json.loads((root / META).read_text())["file"] != meta["file"]  # reindex rebuilt it


def test_a_few_removed_documents_are_removed_from_the_graph_in_place(root, index):
    newer = write_generation(root, list(range(2, ROWS // PER_DOC)))
    report = update_ann(newer, 0, pending_max=0)
    assert (report.action, report.removed, report.added, report.size) == ("updated", 2 * PER_DOC, 0, newer.count)
    assert recall(newer, ApproximateSearch(newer, 0)) >= 0.95


def test_changing_the_search_beam_needs_no_rebuild(index):
    wider = AnnParams(expansion_search=256)
    assert update_ann(index, 0, params=wider).action == "unchanged"
    assert update_ann(index, 0, params=AnnParams(connectivity=8)).action == "built"


def test_searcher_gives_the_same_dense_hits_with_the_graph(seed_kb, monkeypatch):
    from search.api import Searcher

    seed_kb.config["KG_ANN_MIN"] = 0
    sync_index(seed_kb, encoder=HashEncoder(64))
    results = {}
    for setting in ("0", str(NEVER)):
        monkeypatch.setenv("KG_ANN_MIN", setting)
        searcher = Searcher(seed_kb, HashEncoder(64))
        assert searcher.retriever("dense").ann.min_size == int(setting)
        results[setting] = [(h.passage_id, h.score) for h in searcher.search("khu công nghiệp", 5, mode="dense")]
    assert results["0"] == results[str(NEVER)] and results["0"]
