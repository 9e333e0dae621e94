"""Defect 2: every query and question entry point has one length cap, and the encoder reads
at most one window of its input.

The attack: ``/search?q=`` with 22,000 characters took seconds and 48,000 took 50 s (the page
had no cap; the encoder embedded every 512-token window of the query). Now every route that
takes ``q`` answers a one-line 400 before any search runs, and a text longer than the
model's window costs what one window costs.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.kb import KnowledgeBase
from web import create_app
from web.search_view import MAX_QUERY

ROOT = Path(__file__).resolve().parents[2]
MULTIDOC = ROOT / "tests" / "data" / "multidoc"
LONG = "khu công nghiệp Sông Công " * 2000  # 52,000 characters


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from search.sync import sync_index

    config = {
        "KG_STORE": str(tmp_path_factory.mktemp("cap") / "store"),
        "KG_BASE_IRI": "http://kg.test/",
        "KG_TOPIC_EMBEDDINGS": False,
    }
    with KnowledgeBase(config) as kb:
        assert not kb.ingest([MULTIDOC]).failures
    with KnowledgeBase(config, read_only=True) as kb:
        sync_index(kb, embed=False)
    return create_app({"TESTING": True, **config}).test_client()


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/search"),
        ("get", "/"),
        ("get", "/api/search"),
        ("get", "/api/ask"),
        ("post", "/api/ask"),
    ],
)
def test_an_over_long_query_is_a_one_line_400_at_once(client, method, url):
    started = time.perf_counter()
    if method == "post":
        response = client.post(url, json={"q": LONG})
    else:
        response = client.get(url, query_string={"q": LONG})
    assert time.perf_counter() - started < 2.0  # refused before any search or question runs
    assert response.status_code == 400
    message = response.json["error"] if response.is_json else response.data.decode("utf-8")
    assert f"the limit is {MAX_QUERY:,}" in message
    if response.is_json:
        assert "\n" not in response.json["error"]


def test_a_question_posted_as_a_form_is_capped_too(client):
    assert client.post("/api/ask", data={"q": LONG}).status_code == 400


def test_a_query_at_the_limit_is_answered(client):
    query = ("nút giao Quốc lộ 3 " * 100)[:MAX_QUERY]
    response = client.get("/api/search", query_string={"q": query, "mode": "lexical"})
    assert response.status_code == 200
    first = response.json["results"][0]  # searched, not only let through
    assert first["source"] == "002_pho_yen_ha_tang.txt" and "nút giao giữa Quốc lộ 3" in first["passage"]
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "nút giao giữa Quốc lộ 3" in page.replace("<mark>", "").replace("</mark>", "")


def test_the_encoder_reads_one_window_of_a_long_text():
    from kg.embeddings import E5_WINDOW, default_encoder

    encoder = default_encoder()
    assert encoder.model.max_seq_length == E5_WINDOW
    module = encoder.model[0]
    cut = module.truncate(LONG, True)
    assert module.engine.token_count(cut, True) <= E5_WINDOW < module.engine.token_count(LONG[: len(cut) + 50], True)
    # the tail past the window changes nothing: the text costs one window, not a hundred
    assert (encoder.encode_queries([LONG]) == encoder.encode_queries([cut])).all()
    short = "khu công nghiệp Sông Công"
    assert module.truncate(short, True) == short
