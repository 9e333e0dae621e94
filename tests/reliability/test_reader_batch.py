"""Issue 14, defects 5, 6, 9, 12 and 14 end to end: hostile inputs in one ``kg ingest`` batch.

Each bad input is one failure line and every later file is still ingested; a name that is
not UTF-8 is stored escaped; the same article in two encodings is stored once; an invalid
date is not stored. The web upload of a hostile JSON Lines file is a 400, not a 500.
"""

import io
import json
import os
import sys
from pathlib import Path

import pytest

from kg.kb import KnowledgeBase
from kg.namespaces import DCTERMS

sys.path.insert(0, str(Path(__file__).parent))
from test_reader_encodings import ARTICLE, to_cp1258  # noqa: E402 - a sibling module, importable once its folder is on sys.path

OTHER = "Tỉnh Bắc Ninh họp bàn\n\nUBND tỉnh Bắc Ninh họp bàn về khu công nghiệp Yên Phong.\n"


@pytest.fixture
def config(tmp_path):
    return {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": "false"}


def record(ident, text, **extra):
    return json.dumps({"id": ident, "title": f"Bản tin {ident}", "text": text, **extra}, ensure_ascii=False)


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_deep.jsonl").write_text("[" * 200_000 + "]" * 200_000 + "\n" + record("r1", OTHER) + "\n", "utf-8")
    (folder / "b_utf8.txt").write_bytes(ARTICLE.encode("utf-8"))
    (folder / "c_cp1258.txt").write_bytes(to_cp1258(ARTICLE.replace("\n", "\r\n")))
    (folder / os.fsdecode(b"d_b\xe1o c\xe1o.txt")).write_text(OTHER.replace("Bắc Ninh", "Bắc Giang"), "utf-8")
    (folder / "e_dates.jsonl").write_text(
        record("bad-date", OTHER.replace("Bắc Ninh", "Hà Nam"), date="2017-13-45"), "utf-8"
    )
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "f_pipe.txt")  # skipped by the directory walk (not a file) ...
        (folder / "g_link.txt").symlink_to(folder / "f_pipe.txt")  # ... and so is a link to it
    return folder


def test_hostile_batch_goes_on_and_stores_only_valid_text(config, batch, caplog):
    with KnowledgeBase(config) as kb:
        report = kb.ingest([batch, Path("/dev/zero"), batch / "f_pipe.txt"])
        where = {f.where.rsplit("/", 1)[-1]: f.reason for f in report.failures}
        assert set(where) == {"a_deep.jsonl:1", "zero", "f_pipe.txt"}
        assert all("\n" not in reason for reason in where.values())
        assert (report.added, report.unchanged) == (4, 1)  # r1, utf8, escaped name, bad-date; cp1258 = utf8
        docs = {d.source: d for d in kb.documents()}
        assert set(docs) == {"r1", "b_utf8.txt", "d_b\\xe1o c\\xe1o.txt", "bad-date"}
        graph = kb.store.graph(kb.iris.doc_graph(docs["bad-date"].doc_id))
        assert graph.value(kb.iris.doc(docs["bad-date"].doc_id), DCTERMS.date) is None
    assert any("is not a date" in r.getMessage() for r in caplog.records)


def test_stale_records_of_a_file_with_an_undecodable_name_are_dropped(config, tmp_path):
    path = tmp_path / os.fsdecode(b"feed\xff.jsonl")
    path.write_text("\n".join(record(f"r{i}", f"UBND tỉnh Bắc Ninh họp lần {i}.") for i in range(3)), "utf-8")
    with KnowledgeBase(config) as kb:
        assert kb.ingest([path]).added == 3
        path.write_text("\n".join(record(f"r{i}", f"UBND tỉnh Bắc Ninh họp lần {i}.") for i in range(2)), "utf-8")
        assert kb.ingest([path]).removed == 1


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 200_000 + b"]" * 200_000 + b"\n",
        b'{"text": "x\\ud800"}\n',
        b'{"text": "x", "n": ' + b"9" * 5000 + b"}\n",
    ],
)
def test_hostile_jsonl_upload_is_a_400(config, data):
    from web import create_app

    with KnowledgeBase(config):
        pass
    app = create_app({"TESTING": True, **config})
    try:
        response = app.test_client().post(
            "/api/documents", data={"file": (io.BytesIO(data), "feed.jsonl")}, content_type="multipart/form-data"
        )
    finally:
        if "sparql" in app.extensions:
            app.extensions["sparql"].close()
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("feed.jsonl:1: ")
