"""Ingest on a Dask cluster: the same graph as one process, resumable, one-line errors.

The cluster here is real: a ``LocalCluster`` of two spawned worker processes with one thread
each (the one ``kg ingest --cluster local:2`` starts), shared by the module's tests through its
scheduler's address, as a remote cluster is reached.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the cluster engine (pip install 'vnkg[cluster]') is not installed")

import cloudpickle  # noqa: E402 - a dependency of distributed
from click.testing import CliRunner  # noqa: E402

from kg.catalog import documents  # noqa: E402
from kg.cli import cli  # noqa: E402
from kg.cluster import Cluster, DaskPool, _local_cluster  # noqa: E402
from kg.errors import ConfigError  # noqa: E402
from kg.ingest import Ingestor  # noqa: E402
from kg.kb import KnowledgeBase  # noqa: E402

# the job the crash test sends goes by value: a worker cannot import this test module
cloudpickle.register_pickle_by_value(sys.modules[__name__])


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "vnnews"


@pytest.fixture(scope="module")
def scheduler():
    """A running two-worker cluster's address. Its start (about 2 s) and each worker's first
    document (loading the models, about 9 s) are paid once for the module."""
    cluster = _local_cluster(2)
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Four articles, a copy of one, an empty file and a JSON Lines feed of three records."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent (a fresh clone without ../shared); CI provides it")
    folder = tmp_path_factory.mktemp("batch")
    articles = sorted(CORPUS.glob("*.txt"))[:4]
    for path in articles:
        shutil.copy(path, folder / path.name)
    shutil.copy(articles[0], folder / "twice.txt")
    (folder / "empty.txt").write_text("", "utf-8")
    records = [
        {"id": f"r{i}", "title": f"Bản tin {i}", "text": f"UBND tỉnh Bắc Ninh họp lần {i} về đường tỉnh 295."}
        for i in range(3)
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return folder


@pytest.fixture(scope="module")
def serial(batch, tmp_path_factory):
    """The batch ingested in this process alone: its report and its quads."""
    with KnowledgeBase(_config(tmp_path_factory.mktemp("serial"), "store")) as kb:
        report = kb.ingest([batch], workers=1)
        return report, _quads(kb)


def _config(tmp_path, name: str) -> dict:
    return {"KG_STORE": str(tmp_path / name), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}


def _quads(kb) -> list[str]:
    """The quads ingest wrote (the documents' graphs and the entities graph; the ontology's is
    loaded from files) as N-Quads, the time each document was built masked."""
    out = io.BytesIO()
    kb.export("nquads", out)
    text = re.sub(r'(ingestedAt> )"[^"]+"', r'\1"…"', out.getvalue().decode("utf-8"))
    return sorted(line for line in text.splitlines() if not line.endswith("/graph/ontology> ."))


class Counting:
    """A pool that counts the documents sent to the one it wraps."""

    def __init__(self, pool):
        self.pool, self.workers, self.jobs = pool, pool.workers, 0

    def submit(self, fn, /, *args):
        self.jobs += 1
        return self.pool.submit(fn, *args)

    def close(self):
        self.pool.close()


def test_local_takes_its_size_from_workers_or_the_setting_or_the_cores():
    from kg.workers import default_workers

    assert Cluster.parse("local", workers=3) == Cluster(size=3)
    assert Cluster.parse("LOCAL", default=2) == Cluster(size=2)
    assert Cluster.parse("local") == Cluster(size=default_workers())
    assert Cluster.parse("local:4", default=2) == Cluster(size=4)
    assert Cluster.parse(" tcp://10.0.0.5:8786 ") == Cluster(scheduler="tcp://10.0.0.5:8786")
    assert Cluster.parse("localhost:8786") == Cluster(scheduler="localhost:8786")
    with pytest.raises(ConfigError, match="local:0"):
        Cluster.parse("local:0")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cluster", "local:2", "--workers", "2"], "give the local cluster's size once"),
        (["--cluster", "tcp://127.0.0.1:8786", "--workers", "2"], "--workers sizes a local cluster"),
        (["--cluster", "local:two"], "must be a whole number"),
    ],
)
def test_cluster_and_workers_that_contradict_are_refused_before_anything_starts(tmp_path, seed_path, args, message):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(seed_path), *args])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_naming_its_address(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr("kg.cluster.CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(seed_path), "--cluster", address])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach the Dask scheduler at {address} (")
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_local_cluster_lives_as_long_as_its_pool():
    pool = DaskPool(Cluster(size=1))
    address = pool._local.scheduler_address
    try:
        assert pool.workers == 1 and address.startswith("tcp://127.0.0.1:")
        assert pool.submit(len, "abc").result() == 3
    finally:
        pool.close()
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        DaskPool(Cluster(address), connect_seconds=0.5)


def test_workers_that_run_other_code_are_refused(scheduler, monkeypatch):
    monkeypatch.setattr("kg.cluster.LOADED_CODE", "0123456789ab")  # as if this checkout had changed since
    with pytest.raises(ConfigError) as caught:
        DaskPool(Cluster(scheduler))
    assert str(caught.value).startswith(f"the workers of the Dask cluster at {scheduler} run vnkg ")
    assert "this process " in str(caught.value) and "(code 0123456789ab): install the same code" in str(caught.value)


def test_a_cluster_of_two_worker_processes_stores_exactly_what_one_process_stores(tmp_path, batch, serial, scheduler):
    alone, quads_alone = serial
    with KnowledgeBase(_config(tmp_path, "cluster")) as kb:  # 9 files: under POOL_MIN_FILES, a cluster all the same
        report = kb.ingest([batch], cluster=scheduler)
        quads = _quads(kb)
    assert (report.added, report.unchanged, report.failed) == (alone.added, alone.unchanged, alone.failed) == (7, 1, 1)
    assert [str(f) for f in report.failures] == [str(f) for f in alone.failures]
    assert len(quads) > 1000 and quads == quads_alone


def test_a_run_killed_midway_resumes_where_it_stopped(tmp_path, batch, serial, scheduler):
    config = _config(tmp_path, "resumed")
    commits = []

    def killed_after_three() -> None:
        commits.append(1)
        if len(commits) == 3:
            raise KeyboardInterrupt  # the driver stops between two commits, as a killed run does

    def ingestor(kb, pool_factory, on_commit=None) -> Ingestor:
        return Ingestor(
            kb.store,
            kb.iris,
            kb.config["KG_MAX_BYTES"],
            kb.config["KG_MAX_JSONL_BYTES"],
            None,
            on_commit=on_commit,
            doc_seconds=60,
            pool_factory=pool_factory,
            pool_min_files=0,
        )

    with KnowledgeBase(config) as kb:
        with pytest.raises(KeyboardInterrupt):
            ingestor(kb, lambda: DaskPool(Cluster(scheduler)), killed_after_three).run([batch])
        assert len(documents(kb.store)) == 3
    pools = []

    def counted() -> Counting:
        pools.append(Counting(DaskPool(Cluster(scheduler))))
        return pools[0]

    with KnowledgeBase(config) as kb:
        again = ingestor(kb, counted).run([batch])
        quads = _quads(kb)
    assert (again.added, again.unchanged) == (4, 4)  # 3 stored before the kill, and the copy of one of them
    assert pools[0].jobs == 4  # what was stored is skipped before any worker sees it
    assert quads == serial[1]
    with KnowledgeBase(config) as kb:  # all stored: no cluster is needed, so none is reached for
        done = kb.ingest([batch], cluster=f"tcp://127.0.0.1:{_free_port()}")
    assert (done.added, done.unchanged, done.failed) == (0, 8, 1)


def test_the_cli_sends_even_one_file_to_the_cluster_named_by_flag_or_setting(
    tmp_path, seed_path, scheduler, monkeypatch
):
    monkeypatch.setenv("KG_TOPIC_EMBEDDINGS", "0")
    sent = []
    submit = DaskPool.submit
    monkeypatch.setattr(
        DaskPool, "submit", lambda self, fn, *args: sent.append(args[0].source) or submit(self, fn, *args)
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(tmp_path / "a"), "ingest", str(seed_path), "--cluster", scheduler])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 added") and sent == [seed_path.name]
    monkeypatch.setenv("KG_CLUSTER", scheduler)
    result = runner.invoke(cli, ["--store", str(tmp_path / "b"), "ingest", str(seed_path)])
    assert result.exit_code == 0 and len(sent) == 2


def write_article(path: Path, number: int) -> None:
    """A short article of its own (these tests need documents, not the corpus, which may be absent)."""
    path.write_text(
        f"Tin số {number}\n\nUBND tỉnh Thái Nguyên đề nghị nâng cấp đường tỉnh 26{number} "
        f"qua thành phố Sông Công trong năm 202{number}.",
        "utf-8",
    )


def test_a_document_past_its_budget_on_a_worker_is_one_line(tmp_path, scheduler):
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.txt").write_text("Tin\n\n" + "Đường tỉnh 262 được nâng cấp. " * 20_000, "utf-8")
    write_article(folder / "small.txt", 1)
    with KnowledgeBase({**_config(tmp_path, "budget"), "KG_DOC_SECONDS": 1}) as kb:
        report = kb.ingest([folder], cluster=scheduler)
    assert report.added == 1 and len(report.failures) == 1
    assert re.match(
        re.escape(f"{folder / 'big.txt'} [big.txt]: abandoned after ") + r"\d+ s \(the limit per "
        r"document, KG_DOC_SECONDS, is 1 s;",
        str(report.failures[0]),
    )


def _dies_on_z(raw, *args):
    """The worker's job, except that the process running it dies on one document (after a
    second: the other documents' results are fetched first, so none has to be made again)."""
    from kg.workers import prepare_and_extract

    if raw.source == "z.txt":
        time.sleep(1)
        os._exit(1)
    return prepare_and_extract(raw, *args)


def test_a_worker_that_dies_mid_document_costs_that_document_only(tmp_path, scheduler, monkeypatch):
    import kg.ingest  # last in this module: its workers are restarted (and load their models again)

    folder = tmp_path / "crash"
    folder.mkdir()
    for number, name in enumerate(("a.txt", "b.txt", "z.txt"), 1):
        write_article(folder / name, number)
    monkeypatch.setattr(kg.ingest, "prepare_and_extract", _dies_on_z)
    with KnowledgeBase(_config(tmp_path, "died")) as kb:
        report = kb.ingest([folder], cluster=scheduler)
        stored = {d.source for d in documents(kb.store)}
    assert [str(f) for f in report.failures] == [
        f"{folder / 'z.txt'} [z.txt]: worker failed: WorkerDied: 2 worker processes died running it "
        f"(out of memory, or a crash in native code)"
    ]
    assert report.added == 2 and stored == {"a.txt", "b.txt"}
