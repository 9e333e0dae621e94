"""In a real browser: the entity graph (legend, relation filter, grouping, full screen, labels
apart), the document list's names and the timeline.

The server, the browser and the checks every page test shares are in ``conftest.py``. With
the corpus articles beside the demo (``../shared`` present), the Sông Công city's depth-2
neighbourhood has 26 entities, past the 20 from which leaves are grouped by type; the
Sông Công 2 park's has 18, the size at which labels used to overlap.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections import deque

import pytest

from tests.web.e2e.browser import CORPUS, E2E_ARTICLES, assert_clean, shoot

pytestmark = pytest.mark.slow

PARK = "entity/industrial-park/kcn-song-cong-2?depth=2"
CITY = "entity/city/165?depth=2"
READY = "#graph[data-ready]"
GROUP_ABOVE = 20  # graph.js: shown nodes past which leaves are grouped
# Pairs of drawn nodes whose boxes (labels included) overlap, and the drawing's scale.
OVERLAPS = """() => {
  const n = document.getElementById('graph').vnkg.network, ids = n.body.nodeIndices.slice();
  const boxes = ids.map(id => n.getBoundingBox(id)), out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push([ids[i], ids[j]]);
  }
  return {drawn: ids.length, overlaps: out};
}"""
IS_FULL = """() => { const p = document.querySelector('.graph-panel');
  return document.fullscreenElement === p || p.classList.contains('graph-max'); }"""


def corpus_present() -> bool:
    return all((CORPUS / "vnnews" / name).is_file() for name in E2E_ARTICLES)


def graph_json(server: str, path: str) -> dict:
    url = server + path.replace("?", "?format=graph&")
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def reachable(data: dict, relations: set[str]) -> set[str]:
    """The nodes graph.js must show when only ``relations`` are ticked."""
    around: dict[str, set[str]] = {}
    for edge in data["edges"]:
        if relations & set(edge["relations"]):
            around.setdefault(edge["from"], set()).add(edge["to"])
            around.setdefault(edge["to"], set()).add(edge["from"])
    seen, queue = {data["center"]}, deque([data["center"]])
    while queue:
        for node in around.get(queue.popleft(), ()):
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


def open_graph(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY)


def test_graph_legend_filter_full_screen_and_labels_apart(server, browsing):
    page, watch = browsing
    data = graph_json(server, PARK)
    open_graph(page, server + PARK)

    # the legend: this entity, then one line per type present, with its count, bilingual
    legend = page.locator("#graph-legend li")
    assert legend.count() == len(data["types"]) + 1
    first = data["types"][0]
    line = page.locator(f"#graph-legend li[data-type='{first['name']}']")
    assert first["label"] in line.inner_text() and first["label_en"] in line.inner_text()
    assert line.locator("svg.swatch").count() == 1

    # no two labels overlap
    drawn = page.evaluate(OVERLAPS)
    assert drawn["drawn"] == len(data["nodes"]) and not drawn["overlaps"], drawn
    if corpus_present():
        assert len(data["nodes"]) == 18

    # the relation filter: untick the commonest relation; its edges go, and the nodes left
    # without a shown path to the centre with them
    boxes = page.locator("#graph-filter input[name=relation]")
    assert boxes.count() == len(data["relations"]) >= 2
    dropped = data["relations"][0]["name"]
    page.locator(f"#graph-filter input[value='{dropped}']").uncheck()
    page.wait_for_selector(READY)
    kept = {r["name"] for r in data["relations"]} - {dropped}
    expected = reachable(data, kept)
    assert int(page.get_attribute("#graph", "data-shown")) == len(expected) < len(data["nodes"])
    shown = set(page.evaluate("() => document.getElementById('graph').vnkg.network.body.nodeIndices.slice()"))
    assert shown == expected
    assert not page.evaluate(OVERLAPS)["overlaps"]
    page.locator(f"#graph-filter input[value='{dropped}']").check()
    page.wait_for_selector(READY)
    assert int(page.get_attribute("#graph", "data-shown")) == len(data["nodes"])

    # full screen, and back (the button, then Escape)
    page.locator("#graph-full").click()
    page.wait_for_function(IS_FULL)
    box = page.locator("#graph").bounding_box()
    assert box["width"] > 0.9 * page.viewport_size["width"], box
    shoot(page, "graph")
    page.locator("#graph-full").click()
    page.wait_for_function(f"() => !({IS_FULL})()")
    page.locator("#graph-full").click()
    page.wait_for_function(IS_FULL)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !({IS_FULL})()")

    assert_clean(watch)


def test_graph_groups_leaves_by_type_and_opens_a_group(server, browsing):
    data = graph_json(server, CITY)
    if len(data["nodes"]) <= GROUP_ABOVE:
        pytest.skip(f"needs the corpus articles beside the demo ({len(data['nodes'])} nodes here)")
    page, watch = browsing
    open_graph(page, server + CITY)
    groups = int(page.get_attribute("#graph", "data-groups"))
    assert groups >= 1
    status = page.locator("#graph-status").inner_text()
    assert "nhóm" in status and "groups hold" in status
    network = "document.getElementById('graph').vnkg.network"
    ids = page.evaluate(f"() => {network}.body.nodeIndices.filter(id => {network}.isCluster(id))")
    assert len(ids) == groups
    label = page.evaluate(f"id => {network}.body.nodes[id].options.label", ids[0])
    count, _, rest = label.partition(" ")
    names = {t["group"] + " · " + t["group_en"] for t in data["types"]}
    assert int(count) >= 3 and rest in names, label  # "8 chỉ tiêu · indicators"
    assert not page.evaluate(OVERLAPS)["overlaps"]
    page.evaluate("() => document.querySelector('.graph-panel').scrollIntoView()")
    shoot(page, "graph-groups")

    # a click on the group opens it (and it stays open)
    page.locator("#graph").scroll_into_view_if_needed()
    spot = page.evaluate(f"id => {network}.canvasToDOM({network}.getPosition(id))", ids[0])
    canvas = page.locator("#graph canvas").bounding_box()
    page.mouse.click(canvas["x"] + spot["x"], canvas["y"] + spot["y"])
    page.wait_for_function("n => Number(document.getElementById('graph').dataset.groups) === n", arg=groups - 1)
    page.wait_for_selector(READY)
    assert int(count) + groups - 1 < len(page.evaluate(f"() => {network}.body.nodeIndices"))

    # grouping off: every entity drawn
    page.locator("#graph-group").uncheck()
    page.wait_for_selector(READY)
    assert page.get_attribute("#graph", "data-groups") == "0"
    assert len(page.evaluate(f"() => {network}.body.nodeIndices")) == len(data["nodes"])
    assert_clean(watch)


def test_documents_named_and_timeline_by_year(server, browsing):
    page, watch = browsing
    page.goto(server + "documents")
    names = page.locator("table.doc-table tbody td:first-child a").all_inner_texts()
    assert names and len(set(names)) == len(names)  # no two lines read the same
    files = page.locator("table.doc-table td.source-file").all_inner_texts()
    assert all("/" in f for f in files), files  # folder/file, not the base name alone

    # an entity's timeline, from its page
    page.goto(server + "entity/city/165")
    page.locator("#entity-timeline").click()
    page.wait_for_url(re.compile(r"/timeline\?entity="))
    assert page.locator("#timeline-entity").inner_text() == "Thành phố Sông Công"

    page.goto(server + "timeline")
    assert "Dòng thời gian" in page.locator("h1").inner_text()
    years = page.locator(".tl-year > h2").all_inner_texts()
    if not corpus_present():  # the demo alone: undated, but its figures of past years are listed
        assert years == sorted(years, reverse=True) and (years or page.locator("p.empty").count() == 1)
        assert_clean(watch)
        return
    assert years and years == sorted(years, reverse=True), years
    shoot(page, "timeline")
    bar = page.locator(".tl-years a").first
    year = bar.locator(".tl-y").inner_text()
    bar.click()
    page.wait_for_url(re.compile(rf"year={year}"))
    assert page.locator(".tl-year > h2").all_inner_texts() == [year]
    dates = page.locator(".tl-entry time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates and all(d.startswith(year) for d in dates), dates
    data = json.load(urllib.request.urlopen(server + f"api/timeline?year={year}", timeout=30))
    assert data["count"] == len(dates)
    assert_clean(watch)
