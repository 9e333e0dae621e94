"""Ingest with worker processes: the same store as one process, failures and stale records alike."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future
from functools import partial

import pytest

from kg.catalog import documents
from kg.kb import KnowledgeBase
from kg.workers import LocalPool, prepare_and_extract


class InlinePool:
    """A pool that runs each job at once in this process (the ordering logic, without processes)."""

    workers = 2

    def __init__(self):
        self.jobs = 0

    def submit(self, fn, /, *args) -> Future:
        self.jobs += 1
        future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as err:  # noqa: BLE001 - handed to the driver as a worker's failure
            future.set_exception(err)
        return future

    def close(self) -> None:
        pass


def _batch(tmp_path, vnnews, n: int = 6):
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in sorted(vnnews.glob("*.txt"))[:n]:
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_text("", "utf-8")  # one bad file: the batch goes on
    (folder / "twice.txt").write_text((folder / sorted(vnnews.glob("*.txt"))[0].name).read_text("utf-8"), "utf-8")
    recs = [
        {"id": f"r{i}", "title": f"Bản tin {i}", "text": f"UBND tỉnh Bắc Ninh họp lần {i} về đường tỉnh 295."}
        for i in range(3)
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    return folder


def _state(kb):
    return (sorted((d.source, d.content_hash) for d in documents(kb.store)), len(kb.store))


def _ingest(tmp_path, name: str, folder, pool_factory):  # pool even for a small batch: pool_min_files=0
    config = {"KG_STORE": str(tmp_path / name), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}
    with KnowledgeBase(config) as kb:
        from kg.ingest import Ingestor

        ingestor = Ingestor(
            kb.store,
            kb.iris,
            kb.config["KG_MAX_BYTES"],
            kb.config["KG_MAX_JSONL_BYTES"],
            None,
            doc_seconds=60,
            pool_factory=pool_factory,
            pool_min_files=0,
        )
        report = ingestor.run([folder])
        return report, _state(kb)


def test_documents_prepared_elsewhere_are_stored_in_order_like_one_process_stores_them(tmp_path, vnnews):
    folder = _batch(tmp_path, vnnews)
    alone, state_alone = _ingest(tmp_path, "alone", folder, None)
    pool = InlinePool()
    pooled, state_pooled = _ingest(tmp_path, "pooled", folder, lambda: pool)
    assert state_pooled == state_alone
    assert (pooled.added, pooled.unchanged, pooled.failed) == (alone.added, alone.unchanged, alone.failed) == (9, 1, 1)
    assert pool.jobs in (9, 10)  # a copy of an article is skipped when read, or prepared and then kept once
    assert [str(f) for f in pooled.failures] == [str(f) for f in alone.failures]


def test_a_worker_that_fails_costs_its_document_only(tmp_path, vnnews, monkeypatch):
    folder = _batch(tmp_path, vnnews, n=3)
    import kg.ingest

    real = kg.ingest.prepare_and_extract

    def flaky(raw, *args):
        if raw.source == "0002.txt":
            raise MemoryError("worker ran out of memory")
        return real(raw, *args)

    monkeypatch.setattr(kg.ingest, "prepare_and_extract", flaky)
    report, (docs, _) = _ingest(tmp_path, "flaky", folder, InlinePool)
    assert any("0002.txt" in str(f) and "worker failed: MemoryError" in str(f) for f in report.failures)
    assert all("\n" not in str(f) for f in report.failures)
    assert "0003.txt" in {source for source, _ in docs} and "0002.txt" not in {source for source, _ in docs}


def test_a_document_past_its_budget_in_a_worker_is_one_line(tmp_path):
    from kg.reader import RawDocument

    raw = RawDocument(
        path="big.txt", source="big.txt", format="text", title="Tin", body="Đường tỉnh 262 được nâng cấp. " * 20_000
    )
    from kg.iris import Iris

    done = prepare_and_extract(raw, Iris("http://kg.test/"), None, 0.01)
    assert done.doc is None and done.error.startswith("abandoned after") and "KG_DOC_SECONDS" in done.error


@pytest.mark.slow
def test_two_worker_processes_store_what_one_process_stores(tmp_path, vnnews):
    folder = _batch(tmp_path, vnnews, n=8)
    _, state_alone = _ingest(tmp_path, "alone", folder, None)
    report, state_pooled = _ingest(tmp_path, "processes", folder, partial(LocalPool, 2))
    assert state_pooled == state_alone and report.added == 11


def test_a_local_worker_that_dies_costs_its_job_only_and_the_pool_goes_on():
    import os
    import time

    from kg.workers import WorkerDied

    pool = LocalPool(2)
    try:  # the process running os._exit dies: concurrent.futures fails every job it held
        jobs = [
            pool.submit(time.sleep, 0.3),
            pool.submit(os._exit, 1),
            pool.submit(time.sleep, 0.3),
            pool.submit(abs, -3),
            pool.submit(abs, -4),
        ]
        results = []
        for job in jobs:
            try:
                results.append(job.result())
            except WorkerDied as err:
                results.append(str(err))
        assert results == [
            None,
            "2 worker processes died running it (out of memory, or a crash in native code)",
            None,
            3,
            4,
        ]
        assert pool.submit(abs, -5).result() == 5
    finally:
        pool.close()


def test_local_workers_exit_when_their_driver_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    driver = subprocess.Popen(  # a driver whose one worker reports its pid, then waits to be killed
        [
            sys.executable,
            "-c",
            "import os, sys, time\nfrom kg.workers import LocalPool\n"
            "print(LocalPool(1).submit(os.getpid).result(), flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(tmp_path),
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        worker = int(driver.stdout.readline())
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait()

    def alive() -> bool:  # a zombie (exited, not yet reaped) counts as gone
        try:
            return open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive():
        time.sleep(0.2)
    assert not alive()  # not orphaned, holding its memory, forever
