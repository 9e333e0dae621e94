"""End to end in a real browser: ask, follow an answer to its entity page, see the graph, download Turtle.

The server, the browser and the checks every page test shares are in ``conftest.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.e2e.browser import DRAWN, assert_clean, folded, is_local, shoot

pytestmark = pytest.mark.slow

QUESTION = "which proposals concern infrastructure?"
# The demo article's three infrastructure proposals: the ring road (vành đai 5), provincial
# road 262 (ĐT262) and the technical infrastructure of the Sông Công 2 industrial park.
EXPECTED_ANSWERS = ("vành đai 5", "262", "sông công 2")
ASK_INPUT = "form#ask input[name=q]"
ANSWER_SECTION = "section.answer"  # the graph answers (ol.answers), then the best passages
ANSWERS = "ol.answers"
PREFERRED_ENTITY = "/entity/industrial-park/kcn-song-cong-2"
GRAPH_CANVAS = "#graph canvas"
DOWNLOAD_TTL = "a#download-ttl"


def ask(page, base: str, question: str) -> None:
    page.goto(base)
    page.locator(ASK_INPUT).fill(question)
    page.locator(ASK_INPUT).press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))


def follow_entity_link(page, base: str) -> str:
    """Click a link from an answer to an entity page; returns the entity's IRI.

    Proposals are answers with a document IRI; each links the entities it concerns. The Sông
    Công 2 park is taken, so the rest of the test sees a known entity.
    """
    section = page.locator(ANSWER_SECTION).locator("ol.answers")
    links = section.locator("a[href*='/entity/']")
    assert links.count() > 0, f"no entity links in the answer:\n{section.inner_html()[:2000]}"
    preferred = section.locator(f"a[href*='{PREFERRED_ENTITY}']")
    (preferred if preferred.count() else links).first.click()
    page.wait_for_url(re.compile(re.escape(base) + r"entity/"))
    return page.url.split("#")[0].split("?")[0]


def download_turtle(page, tmp_path: Path):
    """Click the Turtle link, parse what the browser saved; (suggested file name, graph)."""
    from rdflib import Graph

    with page.expect_download() as info:
        page.locator(DOWNLOAD_TTL).click()
    download = info.value
    saved = tmp_path / "download.ttl"
    download.save_as(saved)
    return download.suggested_filename, Graph().parse(saved, format="turtle")


def test_ask_then_entity_page_graph_and_turtle(server, browsing, tmp_path):
    from rdflib import RDF, URIRef

    page, watch = browsing

    ask(page, server, QUESTION)
    answers = page.locator(ANSWERS)
    answers.wait_for(state="visible")
    text = folded(answers.inner_text())
    missing = [a for a in EXPECTED_ANSWERS if a not in text]
    assert not missing, f"answers lack {missing}:\n{text[:2000]}"

    shoot(page, "ask")

    iri = follow_entity_link(page, server)
    assert page.locator("h1").inner_text().strip(), "the entity page has no heading"
    canvas = page.locator(GRAPH_CANVAS).first
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, box
    page.wait_for_function(DRAWN, arg=canvas.element_handle())
    shoot(page, "entity")
    vis = [(url, status) for url, status in watch.responses if "vis-network" in url and url.endswith(".js")]
    assert vis and all(is_local(url) and status == 200 for url, status in vis), vis

    name, graph = download_turtle(page, tmp_path)
    assert name.endswith(".ttl"), name
    assert (URIRef(iri), RDF.type, None) in graph, f"{iri} has no rdf:type in the downloaded Turtle"

    assert_clean(watch)
