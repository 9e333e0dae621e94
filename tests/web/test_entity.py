"""entity_data: one entity's description, relations, mentions and facts as a dict."""

from __future__ import annotations

import json

import pytest

from kg.errors import NotFound
from web.entity import entity_data


def iri(kb, key: str) -> str:
    return f"{kb.iris.base}entity/{key}"


def test_ward(web_kb):
    data = entity_data(web_kb, iri(web_kb, "ward/05512"))
    json.dumps(data)  # plain JSON for /api/entity
    assert (data["label"], data["code"], data["type"]["name"]) == ("Phường Mỏ Chè", "05512", "Ward")
    assert data["type"]["label_en"] == "Commune-level unit"
    assert data["coordinates"] == {"lat": 21.474209, "long": 105.833433}
    assert data["successor"]["label"] == "Phường Bá Xuyên"
    assert ("locatedIn", "/entity/city/165") in {(r["predicate"]["name"], r["target"]["path"]) for r in data["outgoing"]}
    incoming = {(r["predicate"]["name"], r["source"]["label"]) for r in data["incoming"]}
    assert ("jurisdiction", "Đảng bộ phường Mỏ Chè") in incoming and ("eventPlace", "Đại hội Đảng bộ phường Mỏ Chè") in incoming
    assert data["mention_count"] == 2 and {m["match"] for m in data["mentions"]} == {"phường Mỏ Chè"}
    first = data["mentions"][0]
    assert first["before"].endswith("Đảng bộ ") and first["path"].endswith(f"#s{first['sentence_index']}")


def test_relations_carry_their_source_sentence(web_kb):
    data = entity_data(web_kb, iri(web_kb, "road/vanh-dai-5"))
    [passes] = [r for r in data["outgoing"] if r["predicate"]["name"] == "passesThrough"]
    assert passes["target"]["label"] == "Thành phố Sông Công" and passes["evidence"][0].endswith("#s9")
    assert [p["text"] for p in data["proposals"]] == ["đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công"]


def test_city_has_figures_and_directives(web_kb):
    data = entity_data(web_kb, iri(web_kb, "city/165"))
    assert len(data["observations"]) == 9 and data["directives"] and data["documents"][0]["mentions"] == data["mention_count"]
    assert data["properties"][0]["predicate"]["name"] == "unitType"


@pytest.mark.parametrize("key", ["ward/00000", "nothing"])
def test_unknown_entity(web_kb, key):
    with pytest.raises(NotFound):
        entity_data(web_kb, iri(web_kb, key))


def test_only_entity_iris(web_kb):
    doc = web_kb.documents()[0].doc_id
    with pytest.raises(NotFound):
        entity_data(web_kb, f"{web_kb.iris.base}doc/{doc}")
