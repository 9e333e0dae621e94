"""The map in a real browser: markers drawn over the local outline, a type filter, a popup
leading to an entity page, and that page's small map; nothing requested from another host.

The server, the browser and the shared checks are in ``conftest.py`` / ``browser.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.request

import pytest

from tests.web.e2e.browser import assert_clean, shoot

pytestmark = pytest.mark.slow

READY = "id => { const c = document.getElementById(id); return !!(c && c.vnkg && c.vnkg.ready); }"
SHOWN = "id => document.getElementById(id).vnkg.shown"
# Leaflet draws the outline and the circles on one canvas (preferCanvas): some pixel is painted.
PAINTED = (
    "c => c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data"
    ".some((v, i) => i % 4 === 3 && v > 0)"
)


def plain(text: str) -> str:
    """``Tỉnh Thái Nguyên`` -> ``tinh thai nguyen``: what a user types without a Vietnamese keyboard."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def others_at_the_point_of(server: str, label: str) -> list[str]:
    """Labels of the other mentioned entities drawn at the point of the one labelled ``label``."""
    with urllib.request.urlopen(server + "api/map?min_mentions=1") as response:
        features = json.load(response)["features"]
    point = next(f["geometry"]["coordinates"] for f in features if f["properties"]["label"] == label)
    return [
        f["properties"]["label"]
        for f in features
        if f["geometry"]["coordinates"] == point and f["properties"]["label"] != label
    ]


def test_map_filters_by_type_and_leads_to_an_entity_with_its_small_map(browsing, server):
    page, watch = browsing
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "map")
    page.wait_for_function(READY, arg="map")
    assert page.locator("h1").inner_text().startswith("Bản đồ")
    total = page.evaluate(SHOWN, "map")
    assert total > 0, "markers are drawn"
    canvas = page.locator("#map .leaflet-overlay-pane canvas")
    assert canvas.count() == 1 and canvas.evaluate(PAINTED)
    assert page.locator("#map-sizes svg circle").count() >= 2, "the size legend is drawn"
    served = [url for url in watch.requests if "/api/map" in url]
    assert any(url.endswith("/api/map/outline") for url in served), "the outline comes from this server"
    assert not any("countries-50m" in url for url in watch.requests), "the world file stays on the server"
    shoot(page, "map")

    # Untick the group with most entities: fewer markers, the status and the address follow.
    boxes = page.locator("#map-filter input[name=type]")
    counts = [
        int(re.sub(r"\D", "", page.locator(".count[data-group]").nth(i).inner_text()) or 0)
        for i in range(boxes.count())
    ]
    biggest = counts.index(max(counts))
    name = boxes.nth(biggest).get_attribute("value")
    boxes.nth(biggest).uncheck()
    page.wait_for_function(f"() => document.getElementById('map').vnkg.shown === {total - counts[biggest]}")
    assert f"{total - counts[biggest]}" in re.sub(r"\.", "", page.locator("#map-status").inner_text())
    assert "type=" in page.url and f"type={name}" not in page.url
    boxes.nth(biggest).check()
    page.wait_for_function(f"() => document.getElementById('map').vnkg.shown === {total}")

    # Find, without accents: the most mentioned entity is among the matches.
    first = page.locator("ol.map-top li").first
    label = first.locator("a").inner_text()
    page.locator("#map-find").fill(plain(label))
    page.wait_for_function(f"() => document.getElementById('map').vnkg.shown < {total}")
    assert page.locator("ol.map-top li a").first.inner_text() == label and "find=" in page.url
    page.locator("#map-find").fill("")
    page.wait_for_function(f"() => document.getElementById('map').vnkg.shown === {total}")

    # The most mentioned entity: its button opens its popup, whose link opens its page.
    first.locator("button").click()
    popup = page.locator(".leaflet-popup-content .map-popup")
    popup.wait_for()
    assert label in popup.inner_text() and "mentions" in popup.inner_text()
    sharing = others_at_the_point_of(server, label)  # parks drawn at their city's point, say
    also = popup.locator(".map-also a")
    named = also.all_inner_texts()
    assert set(named) <= set(sharing) and len(named) == min(6, len(sharing)), "the popup names who shares the point"
    popup.locator("a").first.click()
    page.wait_for_url(re.compile(re.escape(server) + r"entity/"))
    assert page.locator("h1").inner_text().startswith(label)

    page.wait_for_function(READY, arg="mini-map")
    assert page.evaluate(SHOWN, "mini-map") >= 1
    assert page.locator("#mini-map .leaflet-overlay-pane canvas").evaluate(PAINTED)
    page.locator("#mini-map").scroll_into_view_if_needed()
    shoot(page, "entity-map")
    assert_clean(watch)
