"""entity_data: one entity's description, relations, mentions and facts as a dict."""

from __future__ import annotations

import json

import pytest

from kg.errors import NotFound
from web.entity import entity_data


def iri(kb, key: str) -> str:
    return f"{kb.iris.base}entity/{key}"


def doc_ids(kb) -> dict[str, str]:
    """The three stored articles' ids by a short name."""
    names = {
        "000_21c30ca8b6a13368.txt": "seed",
        "001_song_cong_khu_cong_nghiep.txt": "park",
        "002_pho_yen_ha_tang.txt": "pho_yen",
    }
    return {names[d.source]: d.doc_id for d in kb.documents()}


def test_ward(web_kb):
    data = entity_data(web_kb, iri(web_kb, "ward/05512"))
    json.dumps(data)  # plain JSON for /api/entity
    assert (data["label"], data["code"], data["type"]["name"]) == ("Phường Mỏ Chè", "05512", "Ward")
    assert data["type"]["label_en"] == "Commune-level unit"
    assert data["coordinates"] == {"lat": 21.474209, "long": 105.833433}
    assert data["successor"]["label"] == "Phường Bá Xuyên (2025)"
    assert ("locatedIn", "/entity/city/165") in {
        (r["predicate"]["name"], r["target"]["path"]) for r in data["outgoing"]
    }
    incoming = {(r["predicate"]["name"], r["source"]["label"]) for r in data["incoming"]}
    assert incoming == {
        ("jurisdiction", "Đảng bộ phường Mỏ Chè"),
        ("eventPlace", "Đại hội Đảng bộ phường Mỏ Chè"),
        ("passesThrough", "QL3"),
    }  # the last from 001: "Quốc lộ 3 đoạn qua phường Mỏ Chè"
    # twice in the seed (both "Đảng bộ phường Mỏ Chè"), once in 001
    assert data["mention_count"] == 3 and {m["match"] for m in data["mentions"]} == {"phường Mỏ Chè"}
    ids = doc_ids(web_kb)
    assert [(d["doc_id"], d["mentions"]) for d in data["documents"]] == [(ids["seed"], 2), (ids["park"], 1)]
    first = data["mentions"][0]  # the seed's first: mentions are ordered by document title
    assert first["before"].endswith("Đảng bộ ") and first["path"].endswith(f"#s{first['sentence_index']}")


def test_relations_carry_their_source_sentence(web_kb):
    data = entity_data(web_kb, iri(web_kb, "road/19-vanh-dai-5"))
    ids = doc_ids(web_kb)
    [passes] = [
        r
        for r in data["outgoing"]
        if r["predicate"]["name"] == "passesThrough" and r["target"]["path"] == "/entity/city/165"
    ]
    # read twice: the seed's "đoạn qua TP Sông Công" (s9) and 001's "vành đai 5 đoạn qua TP Sông Công" (s3)
    assert sorted(passes["evidence"]) == sorted([f"/doc/{ids['seed']}#s9", f"/doc/{ids['park']}#s3"])
    assert [p["text"] for p in data["proposals"]] == [
        "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công",
        "Bộ Giao thông vận tải sớm đầu tư mở rộng nút giao giữa Quốc lộ 3 và đường vành đai 5",
    ]  # 002's


def test_city_has_figures_and_directives(web_kb):
    data = entity_data(web_kb, iri(web_kb, "city/165"))
    # the seed's nine readings and its two counts of chỉ tiêu; the new articles' figures are the
    # park's (180 ha, 45%) and the province's (12 dự án), not the city's
    assert len(data["observations"]) == 11 and data["directives"]
    ids = doc_ids(web_kb)
    # every document counted, most mentions first: 001 names it three times ("tại thành phố Sông Công",
    # "TP Sông Công", "thành phố Sông Công"), 002 twice ("thành phố Sông Công", "UBND thành phố Sông Công")
    assert [(d["doc_id"], d["mentions"]) for d in data["documents"]] == [
        (ids["seed"], 14),
        (ids["park"], 3),
        (ids["pho_yen"], 2),
    ]
    assert data["mention_count"] == 19
    assert data["properties"][0]["predicate"]["name"] == "unitType"


@pytest.mark.parametrize("key", ["ward/00000", "nothing"])
def test_unknown_entity(web_kb, key):
    with pytest.raises(NotFound):
        entity_data(web_kb, iri(web_kb, key))


def test_only_entity_iris(web_kb):
    doc = web_kb.documents()[0].doc_id
    with pytest.raises(NotFound):
        entity_data(web_kb, f"{web_kb.iris.base}doc/{doc}")
