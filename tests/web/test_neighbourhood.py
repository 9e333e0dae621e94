"""The entity graph: neighbourhoods to draw and related entities."""

from __future__ import annotations

import json

import pytest

from kg.errors import BadQuery, NotFound
from kg.read import reader
from web.neighbourhood import neighbourhood, related


def iri(kb, key: str) -> str:
    return f"{kb.iris.base}entity/{key}"


def test_graph_holds_entities_only(web_kb):
    graph = reader(web_kb).graph().entities
    assert graph is reader(web_kb).graph().entities  # built once per store generation
    assert all("/entity/" in node for node in graph)
    assert graph.nodes[iri(web_kb, "ward/05512")]["label"] == "Phường Mỏ Chè"
    # an observation links its indicator to its place
    assert graph.has_edge(iri(web_kb, "indicator/thu-ngan-sach"), iri(web_kb, "city/165"))


def test_neighbourhood_depths(web_kb):
    park = neighbourhood(web_kb, iri(web_kb, "industrial-park/kcn-song-cong-2"))
    # 001's "tỷ lệ lấp đầy đạt 45%" is the park's figure: its indicator is linked to the park
    # (001's 180 ha has no indicator, so adds no node)
    assert {n["label"] for n in park["nodes"]} == {
        "KCN Sông Công 2",
        "Thành phố Sông Công",
        "tỷ lệ lấp đầy khu công nghiệp",
    }
    filling = iri(web_kb, "indicator/ty-le-lap-day-khu-cong-nghiep")
    assert sorted(park["edges"], key=lambda e: e["from"]) == [
        {
            "from": filling,
            "to": park["center"],
            "label": "địa bàn",
            "title": "reference area",
            "relations": ["refArea"],
        },
        {
            "from": park["center"],
            "to": iri(web_kb, "city/165"),
            "label": "nằm trên địa bàn",
            "title": "located in",
            "relations": ["locatedIn"],
        },
    ]
    ward = neighbourhood(web_kb, iri(web_kb, "ward/05512"), depth=2)
    assert {n["distance"] for n in ward["nodes"]} == {0, 1, 2}
    assert "Tỉnh Thái Nguyên" in {n["label"] for n in ward["nodes"]}
    small = neighbourhood(web_kb, iri(web_kb, "ward/05512"), depth=2, max_nodes=3)
    assert len(small["nodes"]) == 3 and small["truncated"] and small["nodes"][0]["distance"] == 0


def test_neighbourhood_errors(web_kb):
    with pytest.raises(BadQuery):
        neighbourhood(web_kb, iri(web_kb, "ward/05512"), depth=3)
    with pytest.raises(NotFound):
        neighbourhood(web_kb, iri(web_kb, "ward/00000"))


def test_related_ranks_near_entities_first(web_kb):
    found = related(web_kb, iri(web_kb, "ward/05512"), k=5)
    assert len(found) == 5 and found[0]["label"] == "Thành phố Sông Công"
    assert all(r["iri"] != iri(web_kb, "ward/05512") for r in found)
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)
    assert related(web_kb, iri(web_kb, "ward/00000")) == []


def test_neighbourhood_carries_its_legend_and_relations(web_kb):
    """The page draws its legend and relation filter from these, without another request."""
    ward = neighbourhood(web_kb, iri(web_kb, "ward/05512"), depth=2)
    types = {t["name"]: t for t in ward["types"]}
    assert sum(t["count"] for t in ward["types"]) == len([n for n in ward["nodes"] if n["type"]])
    assert types["Ward"]["label_en"] == "Commune-level unit"
    assert (types["Ward"]["group"], types["Ward"]["group_en"]) == ("phường, xã", "wards")  # "12 phường, xã · wards"
    counts = [t["count"] for t in ward["types"]]
    assert counts == sorted(counts, reverse=True)
    relations = {r["name"]: r["count"] for r in ward["relations"]}
    used = [name for e in ward["edges"] for name in e["relations"]]
    assert relations == {name: used.count(name) for name in set(used)}
    assert {r["name"]: r["label_en"] for r in ward["relations"]}["locatedIn"] == "located in"


def test_type_legend_falls_back_to_the_ontology_label(web_kb):
    from collections import Counter

    from web.neighbourhood import type_legend

    legend = type_legend(web_kb, Counter({"Ward": 2, "Unknown": 5}))
    assert [t["name"] for t in legend] == ["Unknown", "Ward"]
    assert legend[0] == {
        "name": "Unknown",
        "label": "Unknown",
        "label_en": "Unknown",
        "group": "unknown",
        "group_en": "unknown",
        "count": 5,
    }


# -- the graph panel of the entity page -----------------------------------------------------------
def test_entity_page_has_the_graph_tools(client):
    page = client.get("/entity/ward/05512?depth=2").get_data(as_text=True)
    for needle in (
        'id="graph-legend"',
        'id="graph-filter"',
        'id="graph-group" checked',
        'id="graph-full"',
        'id="graph-status"',
        'href="/timeline?entity=ward/05512"',
        '<option value="2" selected>',
        "/static/vendor/vis-network.min.js",
    ):
        assert needle in page, needle
    data = page.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0]
    graph = json.loads(data)
    assert graph["depth"] == 2 and graph["types"] and graph["relations"]


def test_entity_page_says_when_vis_network_is_missing(client, monkeypatch, tmp_path):
    from web import vendor

    monkeypatch.setattr(vendor, "asset_path", lambda name: tmp_path / "absent.js")
    page = client.get("/entity/ward/05512").get_data(as_text=True)
    assert 'id="graph"' not in page and 'class="missing-vendor"' in page
    assert "Thiếu thư viện vẽ đồ thị vis-network" in page and "graph library is missing" in page
    assert "Traceback" not in page
