"""Defect 8: DNS rebinding. A server on loopback answers only the loopback host names.

The attack: a page on evil.example whose name is rebound to 127.0.0.1 posts to
``http://evil.example:5000/api/documents``; the browser sends ``Host: evil.example`` and a
matching ``Origin``, so the same-origin check passed and the document was added (201). Now
every route answers a Host outside the allow-list with a one-line 400, before any view runs.
"""

from __future__ import annotations

import pytest

from kg.kb import KnowledgeBase
from web import create_app

ARTICLE = "Tin khu công nghiệp\n\nUBND tỉnh Thái Nguyên đề xuất nâng cấp đường tỉnh 262.\n"


@pytest.fixture
def config(tmp_path):
    config = {"KG_STORE": str(tmp_path / "store"), "KG_BASE_IRI": "http://kg.test/", "KG_TOPIC_EMBEDDINGS": False}
    KnowledgeBase(config).close()
    return config


def documents(config) -> int:
    with KnowledgeBase(config, read_only=True) as kb:
        return len(kb.documents())


def test_rebound_host_with_matching_origin_cannot_add(config):
    client = create_app({"TESTING": True, **config}).test_client()
    headers = {"Host": "evil.example:5000", "Origin": "http://evil.example:5000"}
    response = client.post("/api/documents", json={"title": "Tin", "text": ARTICLE}, headers=headers)
    assert response.status_code == 400, response.data
    assert "evil.example" in response.json["error"] and "KG_ALLOWED_HOSTS" in response.json["error"]
    assert documents(config) == 0
    form = client.post("/add", data={"title": "Tin", "text": ARTICLE}, headers=headers)
    assert form.status_code == 400 and documents(config) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=a",
        "/documents",
        "/sparql?query=ASK%7B%7D",
        "/api/stats",
        "/api/openapi.json",
        "/export.ttl",
        "/add",
        "/static/app.css",
        "/no/such/page",
    ],
)
def test_every_route_refuses_a_foreign_host_in_one_line(config, path):
    client = create_app({"TESTING": True, **config}).test_client()
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    if response.is_json:
        assert "\n" not in response.json["error"] and "evil.example" in response.json["error"]
    else:
        assert "evil.example" in response.data.decode("utf-8")


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000", "[::1]:5000", "LOCALHOST"])
def test_loopback_names_with_any_port_are_answered(config, host):
    client = create_app({"TESTING": True, **config}).test_client()
    assert client.get("/api/stats", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1.evil.example", "localhost.evil.example", "evil.example", ""])
def test_names_that_only_look_local_are_refused(config, host):
    client = create_app({"TESTING": True, **config}).test_client()
    assert client.get("/api/stats", headers={"Host": host}).status_code == 400


def test_allowed_hosts_replace_the_default(config, monkeypatch):
    monkeypatch.setenv("KG_ALLOWED_HOSTS", "kg.example.org, .intranet")
    client = create_app({"TESTING": True, **config}).test_client()
    assert client.get("/api/stats", headers={"Host": "kg.example.org:8080"}).status_code == 200
    assert client.get("/api/stats", headers={"Host": "kg.intranet"}).status_code == 200
    assert client.get("/api/stats", headers={"Host": "localhost"}).status_code == 400
    monkeypatch.setenv("KG_ALLOWED_HOSTS", "*")
    anything = create_app({"TESTING": True, **config}).test_client()
    assert anything.get("/api/stats", headers={"Host": "whatever.example"}).status_code == 200


def test_a_server_bound_to_one_address_answers_that_address(config):
    app = create_app({"TESTING": True, **config, "KG_SERVE_HOST": "192.168.1.5"})
    client = app.test_client()
    assert client.get("/api/stats", headers={"Host": "192.168.1.5:5000"}).status_code == 200
    wildcard = create_app({"TESTING": True, **config, "KG_SERVE_HOST": "0.0.0.0"}).test_client()
    assert wildcard.get("/api/stats", headers={"Host": "192.168.1.5:5000"}).status_code == 400
