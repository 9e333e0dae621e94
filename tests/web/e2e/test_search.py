"""End to end in a real browser: suggestions while typing, facets that filter, at most two
passages per document with "more from this document", highlights that respect diacritics.

The server, the browser and the checks every page test shares are in ``conftest.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.e2e.browser import assert_clean, folded, shoot

pytestmark = pytest.mark.slow

BOX = "input#q"
OPTIONS = "ul.suggest-list [role=option]"
QUERY = "khu công nghiệp Sông Công"


def type_slowly(page, text: str) -> None:
    page.locator(BOX).click()
    page.locator(BOX).press_sequentially(text, delay=40)


def test_suggestions_in_the_ask_box(server, browsing):
    page, watch = browsing
    page.goto(server)
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox" and box.get_attribute("autocomplete") == "off"
    listbox_id = box.get_attribute("aria-controls")
    assert page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"

    type_slowly(page, "mo che")
    page.locator(OPTIONS).first.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    first = page.locator(OPTIONS).first
    assert "mỏ chè" in folded(first.inner_text())
    shoot(page, "suggest")

    box.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Escape")
    assert page.locator(f"#{listbox_id}").is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "mo che"  # Escape closes the list, keeps the text

    box.press("ArrowDown")  # opens again, then moves onto the first suggestion
    page.locator(OPTIONS).first.wait_for(state="visible")
    box.press("ArrowDown")
    target = page.locator(OPTIONS).first.get_attribute("data-path")
    assert target.startswith("/entity/ward/")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert "mỏ chè" in folded(page.locator("h1").inner_text())
    assert_clean(watch)


def _hit_documents(page) -> list[str]:
    hrefs = page.locator("ol.hits li.hit h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.split("#")[0] for href in hrefs]


def test_search_facets_diversity_and_highlights(server, browsing):
    page, watch = browsing
    page.goto(server + "search")
    type_slowly(page, "song cong")
    page.locator(OPTIONS).first.wait_for(state="visible")
    page.locator(BOX).fill(QUERY)
    page.locator(BOX).press("Enter")  # no suggestion chosen: the form is submitted as typed
    page.wait_for_url(re.compile(r"/search\?.*q="))

    docs = _hit_documents(page)
    assert docs and max(Counter(docs).values()) <= 2, docs
    facets = page.locator("aside#facets")
    facets.wait_for(state="visible")
    assert "best-matching passages" in facets.inner_text()
    for name in ("type", "province", "doc"):
        assert facets.locator(f"section[data-facet={name}] a.facet-value").count() > 0, name
    shoot(page, "search")

    # Accented query: no accent-free or other-toned "cong"/"song" marked.
    for text in page.locator("ol.hits mark").all_inner_texts():
        assert folded(text) not in {"cong", "song", "còng", "cống", "sóng"}, text

    more = page.locator("a.more-doc")
    if more.count():
        more.first.click()
        page.wait_for_url(re.compile(r"[?&]doc="))
        assert len(set(_hit_documents(page))) == 1

    page.goto(server + "search?q=" + QUERY)
    province = page.locator("section[data-facet=province] a.facet-value").first
    label = province.inner_text().strip()
    province.click()
    page.wait_for_url(re.compile(r"[?&]province="))
    chip = page.locator("#active-filters a.active-filter[data-filter=province]")
    assert label.rstrip("…") in chip.inner_text()
    kind = page.locator("section[data-facet=type] a.facet-value").first
    kind.click()
    page.wait_for_url(re.compile(r"[?&]type="))
    args = parse_qs(urlsplit(page.url).query)
    assert "province" in args and "type" in args  # filters add up (AND)
    page.locator("#active-filters a.active-filter[data-filter=province]").click()
    page.wait_for_url(lambda url: "province=" not in url)
    assert page.locator("#active-filters a.active-filter[data-filter=type]").count() == 1
    assert_clean(watch)
