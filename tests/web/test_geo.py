"""The map: ``/api/map`` (GeoJSON of entities with a point), ``/api/map/outline``, ``/map`` and
the small map of entity pages, over the demo store (the seed and two articles naming the same
city, park and roads)."""

from __future__ import annotations

import gzip
import json
from itertools import pairwise

import pytest

from kg.read import reader
from kg.read.geo import Location, locations, scan_locations, subclasses
from web import outline as outline_module
from web.geo import GEOJSON, GROUPS, NEAR_LIMIT, group_of
from web.outline import CONTEXT_BOX, VIETNAM, decode_arcs, ring

BASE = "http://kg.test/"
SONG_CONG = BASE + "entity/city/165"  # Thành phố Sông Công (GSO code 165)
PARK = BASE + "entity/industrial-park/kcn-song-cong-2"
VIETNAM_BOX = (102.0, 8.0, 110.0, 23.5)  # west, south, east, north: the mainland and islands drawn


def features_of(client, query: str = "") -> list[dict]:
    response = client.get("/api/map" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["features"]


def by_iri(features: list[dict]) -> dict[str, dict]:
    return {f["properties"]["iri"]: f for f in features}


# -- /api/map -------------------------------------------------------------------------------------
def test_api_map_is_a_geojson_feature_collection_of_points_in_vietnam(client):
    response = client.get("/api/map")
    assert response.mimetype == GEOJSON
    data = json.loads(response.get_data())
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        long, lat = feature["geometry"]["coordinates"]  # GeoJSON order: longitude first
        west, south, east, north = VIETNAM_BOX
        assert west <= long <= east and south <= lat <= north, feature
        props = feature["properties"]
        assert {"label", "type", "group", "iri", "path", "mentions", "documents", "approximate"} <= set(props)
        assert isinstance(props["mentions"], int) and props["path"].startswith("/entity/")
        assert props["type"] in data["types"], "every type is named for the popups"


def test_mentions_and_point_come_from_the_read_layer(client, web_kb):
    city = by_iri(features_of(client))[SONG_CONG]
    info = reader(web_kb).entity(SONG_CONG)
    assert city["properties"]["label"] == info.label == "Thành phố Sông Công"
    assert city["properties"]["mentions"] == info.mentions >= 5  # 001 names it 3 times, 002 twice, the seed more
    assert city["properties"]["type"] == "City" and not city["properties"]["approximate"]
    where = locations(web_kb)[SONG_CONG]
    assert city["geometry"]["coordinates"] == [round(where.long, 5), round(where.lat, 5)]
    assert 21.3 < where.lat < 21.6 and 105.7 < where.long < 105.95  # Sông Công, Thái Nguyên


def test_a_park_is_placed_at_the_unit_the_text_puts_it_in(client):
    features = by_iri(features_of(client))
    park = features[PARK]["properties"]
    assert park["group"] == "IndustrialPark" and park["approximate"] is True
    assert park["via"], "an approximate point says whose point it is"
    unit = BASE + park["via"][0]["path"][1:]
    assert features[PARK]["geometry"]["coordinates"] == features[unit]["geometry"]["coordinates"]


def test_features_are_most_mentioned_first(client):
    mentions = [f["properties"]["mentions"] for f in features_of(client)]
    assert mentions == sorted(mentions, reverse=True)


def test_type_filter_by_class_or_group_and_repeatable(client):
    parks = features_of(client, "?type=IndustrialPark")
    assert parks and {f["properties"]["group"] for f in parks} == {"IndustrialPark"}
    cities = features_of(client, "?type=City")
    both = features_of(client, "?type=City&type=IndustrialPark")
    assert {f["properties"]["iri"] for f in both} == {f["properties"]["iri"] for f in parks + cities}
    every = features_of(client)
    assert len(both) < len(every)
    groups = {g["name"]: g["count"] for g in client.get("/api/map?type=City").get_json()["groups"]}
    assert groups["City"] == len(cities) and groups["IndustrialPark"] == 0  # the legend counts the selection


def test_a_type_no_entity_has_gives_an_empty_collection(client):
    assert features_of(client, "?type=Person") == []


@pytest.mark.parametrize(
    "query, words",
    [
        ("?type=Nowhere", "unknown type 'Nowhere'"),
        ("?min_mentions=-1", "min_mentions must be 0 or more"),
        ("?min_mentions=many", "min_mentions must be a whole number"),
    ],
)
def test_bad_filters_are_one_line_400s(client, query, words):
    response = client.get("/api/map" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400 and words in body["error"]
    assert "\n" not in body["error"] and "Traceback" not in response.get_data(as_text=True)


def test_min_mentions_leaves_out_units_no_document_names(client):
    every = features_of(client)
    named = features_of(client, "?min_mentions=1")
    unnamed = [f for f in every if f["properties"]["mentions"] == 0]
    assert unnamed, "2025 successor units are on the map with 0 mentions"
    assert len(named) == len(every) - len(unnamed)
    assert all(f["properties"]["mentions"] >= 1 for f in named)


def test_near_gives_the_entity_and_its_neighbours_with_a_point(client, web_kb):
    features = features_of(client, f"?near={PARK}")
    focus = [f for f in features if f["properties"].get("focus")]
    assert [f["properties"]["iri"] for f in focus] == [PARK]
    assert features[-1] is focus[0] or features[-1] == focus[0], "the focus is drawn last, on top"
    graph = reader(web_kb).graph().entities
    around = set(graph.successors(PARK)) | set(graph.predecessors(PARK))
    others = {f["properties"]["iri"] for f in features} - {PARK}
    assert others and others <= around and len(others) <= NEAR_LIMIT


def test_near_an_unknown_entity_is_a_404(client):
    response = client.get("/api/map?near=" + BASE + "entity/city/nowhere")
    assert response.status_code == 404 and response.get_json()["ok"] is False


def test_the_answer_is_gzipped_for_clients_that_accept_it(client):
    plain = client.get("/api/map").get_data()
    zipped = client.get("/api/map", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain
    again = client.get("/api/map", headers={"Accept-Encoding": "gzip"})
    assert again.get_data() == zipped.get_data(), "the compressed body is kept"
    outline = client.get("/api/map/outline", headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(outline.get_data()))["type"] == "FeatureCollection"


def test_repeated_answers_are_the_same(client):
    first = client.get("/api/map?type=City&type=Ward").get_data()
    assert client.get("/api/map?type=Ward&type=City").get_data() == first  # same filter, other order


# -- the read layer -----------------------------------------------------------------------------
class RowsStore:
    """A stand-in store: the rows of the coordinates query, then those of the ``locatedIn`` one."""

    def __init__(self, points, located):
        self.points, self.located = points, located

    def query(self, text, union=True):
        from rdflib import Literal, URIRef

        if "kg:locatedIn" in text:
            return [{"e": URIRef(e), "p": URIRef(p)} for e, p in self.located]
        return [{"e": URIRef(e), "lat": Literal(lat), "long": Literal(long)} for e, lat, long in self.points]


def info(iri, kind, mentions):
    from kg.read.index import EntityInfo

    return EntityInfo(iri, iri, None, kind, (kind,), (), (), None, 1, mentions)


def test_the_most_specific_containing_unit_places_an_entity():
    prefix = "http://x/entity/"
    province, ward, road = prefix + "province/1", prefix + "ward/2", prefix + "road/ql-1"
    store = RowsStore(
        [(province, 21.0, 105.0), (ward, 21.5, 105.5), (prefix + "bad/1", 95.0, 105.0)],
        [(road, province), (road, ward), (prefix + "park/x", prefix + "nowhere/1")],
    )
    index = {province: info(province, "Province", 50), ward: info(ward, "Ward", 1)}
    found = scan_locations(store, "http://x/", index)
    assert found[road] == Location(road, 21.5, 105.5, (ward, province))  # the ward, though less mentioned
    assert found[road].approximate and not found[ward].approximate
    assert prefix + "bad/1" not in found, "a latitude out of range is no point"
    assert prefix + "park/x" not in found, "a unit without a point places nothing"


def test_subclasses_come_from_the_ontology(web_kb):
    classes = subclasses(web_kb.store, str(web_kb.iris.ontology_graph))
    assert {"Project", "Bridge"} <= classes["Bridge"] and "Place" in classes["Ward"]
    assert group_of(classes["Bridge"]) == "Project" and group_of(classes["Airport"]) == "Project"
    assert group_of(classes["Ward"]) == "Ward" and group_of(classes["Person"]) == "Entity"
    assert all(name in classes for name, _ in GROUPS)


# -- the outline ----------------------------------------------------------------------------------
def inside(point, polygon_rings) -> bool:
    """Even-odd rule over a polygon's rings."""
    x, y = point
    hit = False
    for r in polygon_rings:
        for (x1, y1), (x2, y2) in pairwise(r):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def test_outline_is_vietnam_with_its_neighbours_cut_to_the_region(client):
    response = client.get("/api/map/outline")
    assert response.status_code == 200 and response.mimetype == GEOJSON
    assert "max-age" in response.headers["Cache-Control"]
    data = response.get_json()
    ids = [f["id"] for f in data["features"]]
    assert ids[-1] == VIETNAM and set(ids) == {VIETNAM, "156", "418", "116", "764"}
    vietnam = data["features"][-1]
    assert vietnam["properties"]["name"] == "Việt Nam" and vietnam["properties"]["vietnam"] is True
    west, south, east, north = data["bbox"]
    assert 102 < west < 102.5 and 8.3 < south < 8.8 and 109 < east < 110 and 23 < north < 23.6
    polygons = vietnam["geometry"]["coordinates"]
    assert any(inside((105.85, 21.03), p) for p in polygons), "Hà Nội is in Vietnam"
    assert any(inside((106.70, 10.78), p) for p in polygons), "Ho Chi Minh City too"
    assert not any(inside((100.50, 13.75), p) for p in polygons), "Bangkok is not"
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for r in polygon:
                assert r[0] == r[-1], "rings are closed"
                assert all(
                    CONTEXT_BOX[0] <= x <= CONTEXT_BOX[2] and CONTEXT_BOX[1] <= y <= CONTEXT_BOX[3] for x, y in r
                )
    assert len(response.get_data()) < 60_000, "the browser gets the region, not the world (756 kB)"


def test_topojson_arcs_are_delta_decoded_and_stitched():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [100, 10]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
    }
    arcs = decode_arcs(topology)
    assert arcs == [[(100.0, 10.0), (101.0, 10.0), (101.0, 11.0)], [(101.0, 11.0), (100.0, 10.0)]]
    assert ring([0, 1], arcs) == [[100.0, 10.0], [101.0, 10.0], [101.0, 11.0], [100.0, 10.0]]
    assert ring([~1, ~0], arcs) == [[100.0, 10.0], [101.0, 11.0], [101.0, 10.0], [100.0, 10.0]]


def test_missing_world_atlas_is_a_404_saying_how_to_install(client, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_NODE_MODULES", str(tmp_path))
    response = client.get("/api/map/outline")
    assert response.status_code == 404
    assert "scripts/frontend.sh" in response.get_json()["error"]
    outline_module._outline.cache_clear()


# -- pages ------------------------------------------------------------------------------------------
def test_map_page_has_a_bilingual_legend_with_type_filters(client):
    response = client.get("/map")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Bản đồ" in html and "· Map" in html and 'aria-current="page"' in html
    assert 'src="/static/vendor/leaflet.js"' in html and 'href="/static/vendor/leaflet.css"' in html
    assert 'data-src="/api/map"' in html and 'data-outline="/api/map/outline"' in html
    assert 'value="City" checked' in html and 'value="IndustrialPark" checked' in html
    assert "Khu, cụm công nghiệp" in html and "Industrial park" in html
    assert "Hoàng Sa" in html and "Trường Sa" in html, "the page says what the outline leaves out"
    assert "<script>" not in html, "no inline script (CSP script-src 'self')"


def test_map_page_counts_what_is_drawn_first(client):
    import re

    def counts(html):
        return {name: int(n) for name, n in re.findall(r'data-group="(\w+)">([\d.]+)<', html.replace(".", ""))}

    mentioned = {g["name"]: g["count"] for g in client.get("/api/map?min_mentions=1").get_json()["groups"]}
    every = {g["name"]: g["count"] for g in client.get("/api/map").get_json()["groups"]}
    html = client.get("/map").get_data(as_text=True)
    assert 'id="map-mentioned" name="mentioned" value="1" checked' in html
    assert counts(html) == {name: n for name, n in mentioned.items() if every[name]}
    assert mentioned != every, "the demo has 2025 units no document names"
    html = client.get("/map?all=1").get_data(as_text=True)
    assert 'value="1" checked' not in html and counts(html) == {name: n for name, n in every.items() if n}


def test_map_page_keeps_the_find_text_escaped(client):
    html = client.get('/map?find=<b>"x"').get_data(as_text=True)
    assert 'value="&lt;b&gt;&#34;x&#34;"' in html and "<b>" not in html


def test_map_page_type_argument_ticks_only_those_types(client):
    html = client.get("/map?type=City").get_data(as_text=True)
    assert 'value="City" checked' in html and 'value="IndustrialPark" checked' not in html


def test_pages_without_leaflet_say_so_in_one_bilingual_line(client, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_NODE_MODULES", str(tmp_path))
    html = client.get("/map").get_data(as_text=True)
    assert 'id="map-missing"' in html and "scripts/frontend.sh" in html and "not installed" in html
    assert '<script src="/static/vendor/leaflet.js"' not in html
    entity = client.get("/entity/city/165")
    assert entity.status_code == 200
    page = entity.get_data(as_text=True)
    assert 'id="mini-map"' not in page and "Leaflet" in page and "scripts/frontend.sh" in page


def test_entity_page_with_a_point_has_a_small_map(client):
    html = client.get("/entity/city/165").get_data(as_text=True)
    assert 'id="mini-map"' in html and 'data-src="/api/map?near=http%3A//kg.test/entity/city/165"' in html
    assert 'data-lat="21.' in html and 'src="/static/vendor/leaflet.js"' in html
    assert "Vị trí" in html and "· Location" in html


def test_an_approximate_point_names_the_unit_on_the_entity_page(client):
    html = client.get("/entity/industrial-park/kcn-song-cong-2").get_data(as_text=True)
    assert 'id="mini-map"' in html and "Vị trí gần đúng" in html and "Approximate" in html


def test_entity_page_without_a_point_has_no_small_map(client, web_kb):
    person_or_org = next(
        e
        for e in reader(web_kb).entities().values()
        if e.type in ("Organization", "Person") and e.iri not in locations(web_kb)
    )
    html = client.get(person_or_org.iri.replace(BASE, "/")).get_data(as_text=True)
    assert 'id="mini-map"' not in html and "leaflet.js" not in html


def test_document_text_never_reaches_the_map_as_html(xss_client, xss_payloads):
    page = xss_client.get("/map").get_data(as_text=True)
    assert all(payload not in page for payload in xss_payloads)
    response = xss_client.get("/api/map")
    assert response.mimetype == GEOJSON and response.headers["X-Content-Type-Options"] == "nosniff"
    for feature in response.get_json()["features"]:  # any entity page the map links to is escaped
        html = xss_client.get(feature["properties"]["path"]).get_data(as_text=True)
        assert all(payload not in html for payload in xss_payloads)
