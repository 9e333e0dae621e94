"""Defect 10: a large document cannot hold an ingest, or a web request, for minutes.

The attack: a 1 MB document under ``KG_MAX_BYTES`` took minutes to process (a 5 MB one on
a single line more than 7; the extractors scan the whole document for each mention), and
``/add`` ran all of it, then the embedding of every passage, inside the request. Now each
document's processing has a time budget (``KG_DOC_SECONDS``): past it the document is
abandoned with a one-line failure and the batch goes on; ``/add`` embeds passages only with
what is left of that budget (the rest is found by lexical search at once and embedded by
the next index sync).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kg.embeddings import HashEncoder
from kg.ingest import OverBudget, time_budget
from kg.kb import KnowledgeBase
from search.index import Index
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
MULTIDOC = ROOT / "tests" / "data" / "multidoc"
SMALL = "Tin ngắn\n\nUBND tỉnh Thái Nguyên đề xuất nâng cấp đường tỉnh 262 qua thành phố Sông Công.\n"


def corpus_text(chars: int) -> str:
    """Real article text (the test data), repeated to ``chars`` characters, paragraph by paragraph."""
    paragraphs = [
        line for f in sorted(MULTIDOC.glob("*.txt")) for line in f.read_text("utf-8").splitlines()[1:] if line.strip()
    ]
    out, size, i = [], 0, 0
    while size < chars:
        out.append(paragraphs[i % len(paragraphs)])
        size, i = size + len(out[-1]) + 1, i + 1
    return "\n".join(out)


def spin() -> None:
    while True:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001 - library code that swallows errors must not defeat the budget
            pass


@pytest.mark.parametrize("in_thread", [False, True])
def test_the_budget_interrupts_the_thread_doing_the_work(in_thread):
    took = []

    def run():
        started = time.perf_counter()
        try:
            with time_budget(0.3):
                spin()
        except OverBudget:
            took.append(time.perf_counter() - started)

    if in_thread:  # a waitress worker thread, for /add
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(10)
    else:
        run()
    assert took and 0.3 <= took[0] < 2.0


def test_nothing_fires_after_the_block():
    for i in range(300):
        try:
            with time_budget(0.001 * (i % 4 + 1)):
                sum(range(10_000))
        except OverBudget:
            pass
    time.sleep(1.3)  # a late exception would land here


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_DOC_SECONDS", "2")
    config = {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}
    warm = tmp_path / "warm.txt"  # load the NLP models before any budget runs
    warm.write_text(SMALL, "utf-8")
    with KnowledgeBase(config) as kb:
        assert kb.ingest([warm]).added == 1
    return config


def test_a_document_over_budget_fails_in_one_line_and_the_batch_goes_on(config, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-big.txt").write_text("Báo cáo lớn\n\n" + corpus_text(400_000), "utf-8")
    (folder / "b-small.txt").write_text(SMALL.replace("262", "261"), "utf-8")
    started = time.perf_counter()
    with KnowledgeBase(config) as kb:
        report = kb.ingest([folder])
        sources = sorted(d.source for d in kb.documents())
    assert time.perf_counter() - started < 30
    assert (report.added, report.failed) == (1, 1)
    failure = str(report.failures[0])
    assert "a-big.txt" in failure and "KG_DOC_SECONDS" in failure and "\n" not in failure
    assert sources == ["b-small.txt", "warm.txt"]


def test_add_is_bounded_by_the_budget(config):
    client = create_app({"TESTING": True, **config}).test_client()
    started = time.perf_counter()
    response = client.post("/api/documents", json={"title": "Báo cáo lớn", "text": corpus_text(400_000)})
    assert time.perf_counter() - started < 30
    assert response.status_code == 400 and "KG_DOC_SECONDS" in response.json["error"]
    assert "\n" not in response.json["error"]
    assert not any((Path(config["KG_STORE"]) / "uploads").glob("*.txt"))
    assert client.get("/api/stats").json["documents"] == 1


class SlowEncoder(HashEncoder):
    # One batch a second against a 2.5 s deadline: at least one batch fits even when a loaded
    # machine takes over a second to start the sync, and no more than three of the five or more.
    def encode_passages(self, texts):
        time.sleep(1.0)
        return super().encode_passages(texts)


def test_embedding_stops_at_the_deadline_and_keeps_what_it_did(config, tmp_path, monkeypatch):
    from search.sync import BATCH, sync_index

    monkeypatch.setenv("KG_DOC_SECONDS", "0")  # no budget: this document is meant to go in
    article = tmp_path / "long.txt"
    article.write_text("Báo cáo dài\n\n" + corpus_text(60_000), "utf-8")
    with KnowledgeBase(config) as kb:
        assert kb.ingest([article]).added == 1
    with KnowledgeBase(config, read_only=True) as view:
        first = sync_index(view, encoder=SlowEncoder(), deadline=time.monotonic() + 2.5)
        assert first.passages > 4 * BATCH
        assert 0 < first.embedded < first.passages and first.pending == first.passages - first.embedded
        index = Index.open(Path(config["KG_STORE"]) / "index")
        assert int(np.count_nonzero(index.embedded())) == first.embedded  # committed, not lost
        late = sync_index(view, encoder=SlowEncoder(), deadline=time.monotonic() - 1)
        assert late.embedded == 0 and late.pending == first.pending
        rest = sync_index(view, encoder=SlowEncoder())
        assert rest.embedded == first.pending and rest.pending == 0


BUDGET_UNDER_TRACER = """
import sys
from kg.ingest import OverBudget, time_budget

def tracer(frame, event, arg):
    return tracer

sys.settrace(tracer)  # as coverage does: the interpreter then runs its tracing path
over = 0
for _ in range(20):
    try:
        with time_budget(0.005):  # shorter than starting the watcher on a busy machine
            total = 0
            for i in range(2_000_000):
                total += i
    except OverBudget:
        over += 1
sys.settrace(None)
print("over", over)
"""


def test_time_budget_under_a_tracer_neither_hangs_nor_leaks_an_exception():
    """Twice seen in a coverage run: the budget's exception landing inside Thread.start(), and
    a cancelled one leaving the interpreter's flag raised, hung the process for ever."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", BUDGET_UNDER_TRACER],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "over 20"
