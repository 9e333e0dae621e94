"""Adding documents: /add (form) and POST /api/documents, permissions, limits, refusals."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from kg.kb import KnowledgeBase
from web import create_app

TITLE = "Tỉnh Thái Nguyên khởi công đường vành đai qua Phổ Yên"
BODY = (
    "Ngày 5/3, UBND tỉnh Thái Nguyên tổ chức lễ khởi công dự án đường vành đai qua thành phố Phổ Yên.\n"
    "Dự án có tổng mức đầu tư khoảng 2.000 tỷ đồng, dự kiến hoàn thành trong năm 2027.\n"
)
ARTICLE = f"{TITLE}\n{BODY}".encode()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(200)


@pytest.fixture
def store(web_store, tmp_path):
    """A private copy of the demo store: these tests write to it."""
    path = tmp_path / "store"
    shutil.copytree(web_store, path)
    return path


@pytest.fixture
def make(store, web_config):
    apps = []

    def build(**extra):
        app = create_app({"TESTING": True, **web_config, "KG_STORE": str(store), **extra})
        apps.append(app)
        return app

    yield build
    for app in apps:
        if "sparql" in app.extensions:
            app.extensions["sparql"].close()


def snapshot(store, web_config) -> tuple:
    """What a refused upload must leave alone: documents, change marker, uploads folder."""
    with KnowledgeBase({**web_config, "KG_STORE": str(store)}, read_only=True) as kb:
        docs = sorted(d.doc_id for d in kb.documents())
        generation = kb.generation()
    uploads = sorted(p.name for p in (store / "uploads").glob("*")) if (store / "uploads").exists() else []
    return docs, generation, uploads


def upload(client, data: bytes, name: str, url: str = "/add", **kwargs):
    form = {"file": (io.BytesIO(data), name), **kwargs.pop("form", {})}
    return client.post(url, data=form, content_type="multipart/form-data", **kwargs)


def test_form_page(make):
    page = make().test_client().get("/add").data.decode("utf-8")
    assert 'type="file"' in page and 'name="text"' in page and 'name="title"' in page
    assert 'name="token"' not in page  # loopback: no token needed
    remote = make(KG_SERVE_HOST="0.0.0.0", KG_WEB_TOKEN="s3cret").test_client().get("/add").data.decode("utf-8")
    assert 'name="token"' in remote and "disabled" not in remote
    closed = make(KG_SERVE_HOST="0.0.0.0").test_client().get("/add").data.decode("utf-8")
    assert "Adding documents from the web is disabled" in closed


def test_uploaded_file_is_added_searchable_and_queryable(make, store):
    client = make().test_client()
    response = upload(client, ARTICLE, "Bài báo Phổ Yên.txt")
    assert response.status_code == 201, response.data
    page = response.data.decode("utf-8")
    assert "Đã thêm" in page and "uploads/bai-bao-pho-yen.txt" in page
    assert (store / "uploads" / "bai-bao-pho-yen.txt").read_bytes() == ARTICLE
    docs = client.get("/api/documents").json["documents"]
    new = next(d for d in docs if d["title"] == TITLE)
    assert f'href="/doc/{new["doc_id"]}"' in page
    hits = client.get("/api/search", query_string={"q": "vành đai Phổ Yên"}).json["hits"]
    assert hits[0]["doc_id"] == new["doc_id"]
    ask = f'ASK {{ ?d dcterms:identifier "{new["doc_id"]}" }}'
    assert json.loads(client.get("/sparql", query_string={"query": ask}).data)["boolean"] is True
    assert client.get(f"/doc/{new['doc_id']}").status_code == 200


def test_replace_updates_and_same_content_is_unchanged(make):
    client = make().test_client()
    first = upload(client, ARTICLE, "pho-yen.txt", url="/api/documents")
    assert first.status_code == 201 and first.json["status"] == "added"
    changed = upload(
        client,
        ARTICLE + "Công trình do Sở Giao thông vận tải làm chủ đầu tư.\n".encode(),
        "pho-yen.txt",
        url="/api/documents",
        form={"replace": "pho-yen.txt"},
    )
    assert changed.status_code == 200 and changed.json["status"] == "updated"  # replacing is explicit
    assert changed.json["documents"][0]["doc_id"] != first.json["documents"][0]["doc_id"]
    again = upload(
        client,
        ARTICLE + "Công trình do Sở Giao thông vận tải làm chủ đầu tư.\n".encode(),
        "pho-yen.txt",
        url="/api/documents",
    )
    assert again.json["status"] == "unchanged"
    assert client.get("/api/documents").json["count"] == 4  # the three demo articles and this one


def test_pasted_title_and_text(make, store):
    client = make().test_client()
    response = client.post("/api/documents", json={"title": TITLE, "text": BODY})
    assert response.status_code == 201
    data = response.json
    assert data["file"] == "uploads/tinh-thai-nguyen-khoi-cong-duong-vanh-dai-qua-pho-yen.txt"
    assert data["documents"][0]["title"] == TITLE
    form = client.post("/add", data={"title": "Tin ngắn. Có dấu chấm ở cuối.", "text": "Xã Tân Quang tổ chức họp dân."})
    assert form.status_code == 201
    titles = [d["title"] for d in client.get("/api/documents").json["documents"]]
    assert "Tin ngắn. Có dấu chấm ở cuối." in titles  # the pasted title is kept even when it ends with a dot


def test_jsonl_upload_adds_every_record(make):
    records = [
        {"id": "a1", "title": "Bản tin một", "text": "Phường Mỏ Chè tổ chức hội nghị."},
        {"id": "a2", "title": "Bản tin hai", "text": "Thành phố Sông Công phát triển công nghiệp."},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    response = upload(make().test_client(), data, "tin.jsonl", url="/api/documents")
    assert response.status_code == 201
    assert response.json["added"] == 2 and len(response.json["documents"]) == 2


@pytest.mark.parametrize(
    "data, name, message",
    [
        (PNG, "anh.txt", "binary file"),
        ("Café résumé naïve, a Latin-1 file.\n".encode("latin-1") * 20, "latin.txt", "not UTF-8"),
        (ARTICLE, "bao-cao.pdf", "only text files"),
        (b"   \n  ", "trong.txt", "empty"),
    ],
)
def test_unreadable_uploads_are_400_and_change_nothing(make, store, web_config, data, name, message):
    before = snapshot(store, web_config)
    client = make().test_client()
    api = upload(client, data, name, url="/api/documents")
    assert api.status_code == 400 and message in api.json["error"]
    assert "\n" not in api.json["error"] and str(store) not in api.json["error"]
    page = upload(client, data, name)
    assert page.status_code == 400 and message in page.data.decode("utf-8")
    assert snapshot(store, web_config) == before


def test_bad_jsonl_line_is_named(make):
    data = '{"title": "A", "text": "Phường Mỏ Chè."}\n{"title": "B", "text": \n'.encode()
    response = upload(make().test_client(), data, "tin.jsonl", url="/api/documents")
    assert response.status_code == 400
    assert response.json["error"].startswith("tin.jsonl:2: malformed JSON")


def test_nothing_or_both_is_400(make):
    client = make().test_client()
    assert client.post("/add", data={}).status_code == 400
    both = upload(client, ARTICLE, "a.txt", url="/api/documents", form={"text": "văn bản"})
    assert both.status_code == 400 and "not both" in both.json["error"]


def test_too_large_is_413(make, store, web_config):
    before = snapshot(store, web_config)
    client = make(KG_MAX_BYTES=2000).test_client()
    over_limit = upload(client, ARTICLE * 20, "lon.txt", url="/api/documents")
    assert over_limit.status_code == 413 and "KG_MAX_BYTES" in over_limit.json["error"]
    over_request = upload(client, b"x" * 1_100_000, "lon.txt", url="/api/documents")
    assert over_request.status_code == 413 and over_request.json["ok"] is False
    assert upload(client, ARTICLE * 20, "lon.txt").status_code == 413
    assert snapshot(store, web_config) == before


def test_non_loopback_needs_the_token(make, store, web_config):
    before = snapshot(store, web_config)
    disabled = upload(make(KG_SERVE_HOST="0.0.0.0").test_client(), ARTICLE, "a.txt", url="/api/documents")
    assert disabled.status_code == 403 and "disabled" in disabled.json["error"]
    client = make(KG_SERVE_HOST="192.0.2.10", KG_WEB_TOKEN="s3cret").test_client()
    assert upload(client, ARTICLE, "a.txt", url="/api/documents").status_code == 403
    wrong = upload(client, ARTICLE, "a.txt", url="/api/documents", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "token" in wrong.json["error"]
    assert upload(client, ARTICLE, "a.txt", form={"token": "s3cre"}).status_code == 403
    assert snapshot(store, web_config) == before
    right = upload(client, ARTICLE, "a.txt", url="/api/documents", headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 201
    assert upload(client, ARTICLE, "b.txt", form={"token": "s3cret"}).status_code in (200, 201)


def test_cross_site_posts_are_refused(make, store, web_config):
    before = snapshot(store, web_config)
    client = make().test_client()
    for headers in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/page"}, {"Origin": "null"}):
        response = upload(client, ARTICLE, "a.txt", headers=headers)
        assert response.status_code == 403, headers
        assert "cross-site" in response.data.decode("utf-8")
    assert snapshot(store, web_config) == before
    same = upload(client, ARTICLE, "a.txt", headers={"Origin": "http://localhost"})
    assert same.status_code == 201


def test_locked_store_is_503(make, store, web_config):
    client = make().test_client()
    client.get("/api/stats")  # the app's own read-only view is open, as on a running server
    with KnowledgeBase({**web_config, "KG_STORE": str(store)}):  # a running `kg ingest` holds the lock
        response = upload(client, ARTICLE, "a.txt", url="/api/documents")
        assert response.status_code == 503 and "in use" in response.json["error"]
    assert not (store / "uploads" / "a.txt").exists()
