"""The JSON API: search, ask, entities, documents, stats, and the OpenAPI document."""

from __future__ import annotations

import re

import pytest

from web.api import openapi_document

ANSWER = {
    "question": "",
    "language": "en",
    "interpretation": {
        "intent": "list",
        "type": "Proposal",
        "topic": None,
        "entity": None,
        "indicator": None,
        "place": None,
        "period": None,
    },
    "sparql": "SELECT ...",
    "answers": [],
    "passages": [],
    "confidence": 0.5,
    "message": "x · y",
    "count": None,
    "path": None,
}


def error_shape(response, status: int) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    data = response.json
    assert set(data) == {"ok", "error", "status"} and data["ok"] is False and data["status"] == status
    return data["error"]


# -- search -------------------------------------------------------------------------------------
def test_search_finds_passages(client):
    data = client.get("/api/search", query_string={"q": "khu công nghiệp Sông Công", "k": 3}).json
    assert data["ok"] is True and data["k"] == 3 and 1 <= data["count"] <= 3
    hit = data["hits"][0]
    assert {"passage_id", "doc_id", "title", "score", "snippet", "highlights", "entities"} <= set(hit)
    assert "Sông Công" in hit["passage"]


def test_search_filters(client):
    roads = client.get("/api/search", query_string={"q": "đường", "type": "Road"}).json
    assert roads["filters"] == {"type": "Road"} and roads["count"] >= 1
    assert all(any(e["type"] == "Road" for e in h["entities"]) for h in roads["hits"])
    doc_id = roads["hits"][0]["doc_id"]
    by_doc = client.get("/api/search", query_string={"q": "đường", "doc": doc_id}).json
    assert by_doc["filters"] == {"document": doc_id}
    assert {h["doc_id"] for h in by_doc["hits"]} == {doc_id}


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "missing parameter 'q'"),
        ({"q": "   "}, "missing parameter 'q'"),
        ({"q": "x" * 1001}, "1,001 characters"),
        ({"q": "đường", "k": "0"}, "between 1 and 100"),
        ({"q": "đường", "k": "101"}, "between 1 and 100"),
        ({"q": "đường", "k": "ten"}, "whole number"),
        ({"q": "đường", "type": "Spaceship"}, "unknown type"),
        ({"q": "đường", "mode": "psychic"}, "unknown search mode"),
    ],
)
def test_search_validation(client, params, message):
    assert message in error_shape(client.get("/api/search", query_string=params), 400)


def test_search_unknown_document_is_404(client):
    error_shape(client.get("/api/search", query_string={"q": "đường", "doc": "nosuchdoc"}), 404)


# -- ask ----------------------------------------------------------------------------------------
def test_ask_get_and_post(client, fake_answerer):
    fake = fake_answerer(ANSWER)
    data = client.get("/api/ask", query_string={"q": "which proposals concern infrastructure?"}).json
    assert data["ok"] is True and data["question"] == "which proposals concern infrastructure?"
    assert data["interpretation"]["type"] == "Proposal"
    assert client.post("/api/ask", json={"q": "  câu hỏi  "}).json["question"] == "câu hỏi"
    assert client.post("/api/ask", data={"q": "form question"}).json["question"] == "form question"
    assert fake.questions == ["which proposals concern infrastructure?", "câu hỏi", "form question"]


def test_ask_validation_never_reaches_the_answerer(client, fake_answerer):
    fake = fake_answerer(ANSWER)
    error_shape(client.get("/api/ask"), 400)
    error_shape(client.post("/api/ask", json={"q": ""}), 400)
    error_shape(client.post("/api/ask", json=["q"]), 400)
    assert "1,000" in error_shape(client.get("/api/ask", query_string={"q": "?" * 1001}), 400)
    assert fake.questions == []


# -- entities and documents ---------------------------------------------------------------------
def test_entity_by_iri_and_by_path_agree(client):
    by_iri = client.get("/api/entity", query_string={"iri": "http://kg.test/entity/ward/05512"}).json
    by_path = client.get("/api/entity/ward/05512").json
    assert by_iri == by_path
    assert by_iri["ok"] is True and by_iri["label"] == "Phường Mỏ Chè"


def test_entity_errors(client):
    error_shape(client.get("/api/entity/ward/99999"), 404)
    error_shape(client.get("/api/entity", query_string={"iri": "http://kg.test/entity/ward/99999"}), 404)
    error_shape(client.get("/api/entity"), 400)
    assert "not an IRI" in error_shape(client.get("/api/entity", query_string={"iri": "x> } ?s ?p ?o"}), 400)


def test_documents_list_and_one(client):
    listing = client.get("/api/documents").json
    assert listing["ok"] is True and listing["count"] == len(listing["documents"]) == 3
    proposals = {}
    for doc in listing["documents"]:
        data = client.get(f"/api/documents/{doc['doc_id']}").json
        assert data["doc_id"] == doc["doc_id"]
        proposals[doc["source"]] = len(data["proposals"])
    # the seed's five; one each: "đề xuất tỉnh bố trí vốn ..." and "kiến nghị Bộ Giao thông vận tải ..."
    assert proposals == {
        "000_21c30ca8b6a13368.txt": 5,
        "001_song_cong_khu_cong_nghiep.txt": 1,
        "002_pho_yen_ha_tang.txt": 1,
    }
    error_shape(client.get("/api/documents/0000000000000000"), 404)


def test_stats_has_counts_but_no_server_path(client):
    data = client.get("/api/stats").json
    assert data["documents"] == 3 and data["quads"] > 1000
    # KCN Sông Công 2 and Vành đai 5 are named by all three articles but stored once; QL3 is new
    assert data["classes"]["IndustrialPark"] == 2 and data["classes"]["Road"] == 3
    assert "store" not in data


def test_unknown_route_and_wrong_method_are_json_errors(client):
    error_shape(client.get("/api/nothing-here"), 404)
    error_shape(client.delete("/api/documents"), 405)


# -- OpenAPI ------------------------------------------------------------------------------------
def test_openapi_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["openapi"].startswith("3.1")


def _routes(app, prefixes) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            found.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_openapi_describes_exactly_the_routes(app):
    documented = {
        path: {m for m in item if m in {"get", "post", "put", "delete", "patch"}}
        for path, item in openapi_document()["paths"].items()
    }
    served = _routes(app, ("/api/", "/sparql", "/export"))
    assert documented == served


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_references_resolve_and_errors_share_one_schema():
    doc = openapi_document()
    for ref in set(_refs(doc)):
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    error = doc["components"]["schemas"]["Error"]
    assert error["required"] == ["ok", "error", "status"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op.get("summary") and op.get("responses"), (path, method)
            path_params = set(re.findall(r"{(\w+)}", path))
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert path_params == declared, (path, method)


def test_openapi_lists_every_intent_the_answerer_has():
    import json
    from importlib.resources import files

    from search.qa.understand import INTENTS

    spec = json.loads(files("web").joinpath("openapi.json").read_text("utf-8"))
    intent = spec["components"]["schemas"]["Answer"]["properties"]["interpretation"]["properties"]["intent"]
    assert set(intent["enum"]) == set(INTENTS)


def test_openapi_documents_suggest_facets_and_the_deprecated_hits_key():
    doc = openapi_document()
    suggest = doc["paths"]["/api/suggest"]["get"]
    assert {p["name"] for p in suggest["parameters"]} == {"q", "limit"}
    assert set(doc["components"]["schemas"]["Suggestion"]["required"]) == {"label", "type", "iri", "mentions", "kind"}
    search = doc["paths"]["/api/search"]["get"]
    assert {"province", "per_doc"} <= {p["name"] for p in search["parameters"]}
    result = doc["components"]["schemas"]["SearchResult"]
    assert "results" in result["required"] and "hits" not in result["required"]
    assert result["properties"]["hits"]["deprecated"] is True
    assert set(doc["components"]["schemas"]["Facets"]["required"]) == {"type", "topic", "province", "year", "doc"}


def test_search_answers_every_documented_key(client):
    data = client.get("/api/search", query_string={"q": "khu công nghiệp"}).json
    schema = openapi_document()["components"]["schemas"]
    assert set(schema["SearchResult"]["required"]) <= set(data)
    assert set(data) <= set(schema["SearchResult"]["properties"])
    assert set(data["results"][0]) <= set(schema["Hit"]["properties"])
    suggestion = client.get("/api/suggest", query_string={"q": "song"}).json["suggestions"][0]
    assert set(suggestion) == set(schema["Suggestion"]["properties"])
