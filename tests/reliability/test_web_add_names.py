"""Defect 4: adding from the web never replaces a different document; replacing is explicit.

The attack: paste "Báo cáo tình hình" with one text, then "Bao cao tinh hinh" with another.
Both titles slug to ``bao-cao-tinh-hinh.txt``, ingest identifies a document by its file, so
the second silently replaced the first. Now the second is saved as
``bao-cao-tinh-hinh-2.txt`` and both stay; the ``replace`` field (a file name under
``uploads/`` or a document id) is the one way to replace.
"""

from __future__ import annotations

import io

import pytest

from kg.kb import KnowledgeBase
from web import create_app

FIRST = "UBND tỉnh Thái Nguyên báo cáo tình hình kinh tế quý một: thu ngân sách tăng 12%."
SECOND = "Sở Giao thông vận tải đề xuất nâng cấp đường tỉnh 262 qua thành phố Sông Công."
THIRD = "Khu công nghiệp Sông Công 2 thu hút thêm ba dự án đầu tư mới trong tháng sáu."


@pytest.fixture
def config(tmp_path):
    return {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}


@pytest.fixture
def client(config):
    return create_app({"TESTING": True, **config}).test_client()


def sources(config) -> list[str]:
    with KnowledgeBase(config, read_only=True) as kb:
        return sorted(d.source for d in kb.documents())


def paste(client, title: str, text: str, **extra):
    return client.post("/api/documents", json={"title": title, "text": text, **extra})


def test_titles_that_slug_alike_make_two_documents(client, config):
    first = paste(client, "Báo cáo tình hình", FIRST)
    second = paste(client, "Bao cao tinh hinh", SECOND)
    assert (first.status_code, second.status_code) == (201, 201), second.json
    assert first.json["file"] == "uploads/bao-cao-tinh-hinh.txt"
    assert second.json["file"] == "uploads/bao-cao-tinh-hinh-2.txt"
    assert "replace=bao-cao-tinh-hinh.txt" in second.json["note"]
    assert sources(config) == ["bao-cao-tinh-hinh-2.txt", "bao-cao-tinh-hinh.txt"]


def test_the_same_file_name_with_other_content_is_kept_beside(client, config, tmp_path):
    def upload(body: str):
        data = {"file": (io.BytesIO(f"Báo cáo\n\n{body}\n".encode()), "Báo cáo.txt")}
        return client.post("/add", data=data, content_type="multipart/form-data")

    assert upload(FIRST).status_code == 201
    assert upload(SECOND).status_code == 201
    again = upload(SECOND)  # the very same bytes: nothing new, no third file
    assert again.status_code == 200 and "bao-cao-2.txt" in again.data.decode("utf-8")
    assert sources(config) == ["bao-cao-2.txt", "bao-cao.txt"]
    uploads = sorted(p.name for p in (tmp_path / "store" / "uploads").iterdir())
    assert uploads == ["bao-cao-2.txt", "bao-cao.txt"]


def test_replace_names_the_document_to_replace(client, config):
    first = paste(client, "Báo cáo tình hình", FIRST)
    paste(client, "Bao cao tinh hinh", SECOND)
    by_name = paste(client, "Báo cáo tình hình", THIRD, replace="bao-cao-tinh-hinh.txt")
    assert by_name.status_code == 200 and by_name.json["status"] == "updated", by_name.json
    assert by_name.json["file"] == "uploads/bao-cao-tinh-hinh.txt"
    assert sources(config) == ["bao-cao-tinh-hinh-2.txt", "bao-cao-tinh-hinh.txt"]
    with KnowledgeBase(config, read_only=True) as kb:
        ids = {d.doc_id for d in kb.documents()}
    assert first.json["documents"][0]["doc_id"] not in ids  # the first text is gone: replaced, on purpose
    # by document id, from the form
    doc_id = by_name.json["documents"][0]["doc_id"]
    form = client.post("/add", data={"title": "Báo cáo", "text": FIRST, "replace": doc_id})
    assert form.status_code == 200, form.data
    assert sources(config) == ["bao-cao-tinh-hinh-2.txt", "bao-cao-tinh-hinh.txt"]


def test_replace_refuses_what_it_cannot_replace(client, config, tmp_path):
    paste(client, "Báo cáo tình hình", FIRST)
    missing = paste(client, "X", SECOND, replace="khong-co.txt")
    assert missing.status_code == 404 and "khong-co.txt" in missing.json["error"]
    other_kind = client.post(
        "/api/documents",
        data={
            "file": (io.BytesIO(b'{"title": "A", "text": "Mot cau."}\n'), "a.jsonl"),
            "replace": "bao-cao-tinh-hinh.txt",
        },
        content_type="multipart/form-data",
    )
    assert other_kind.status_code == 400 and ".jsonl" in other_kind.json["error"]
    outside = tmp_path / "ingested.txt"
    outside.write_text(f"Tin\n\n{THIRD}\n", "utf-8")
    with KnowledgeBase(config) as kb:
        kb.ingest([outside])
    refused = paste(client, "Tin", SECOND, replace="ingested.txt")
    assert refused.status_code == 400 and "kg ingest" in refused.json["error"]
    assert sources(config) == ["bao-cao-tinh-hinh.txt", "ingested.txt"]
