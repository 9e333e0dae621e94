"""End to end in a real browser: ask, follow an answer to its entity page, see the graph, download Turtle.

The server is ``kg serve`` itself (the command a user runs), over a fresh store holding the
demo document, with ``KG_BASE_IRI`` set to the server's own address so that entity IRIs are
the page URLs. Headless Chromium is Debian's package driven through Playwright; nothing is
downloaded, and any request to a host other than the local server is aborted and fails the
test (the app must work offline; a CDN reference would show up here). Console errors fail
it too: a script blocked by the Content-Security-Policy is reported there.

Without a browser (no ``playwright`` package or no Chromium binary) the test is skipped,
unless ``VNKG_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where that is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-breakpad",
    "--disable-domain-reliability", "--no-first-run", "--no-pings", "--metrics-recording-only",
]
# True once vis-network has painted something: any pixel of the canvas not transparent.
DRAWN = "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)"
STARTUP_SECONDS = 120  # model load on a busy 2-core machine


def require_browser(reason: str):
    """Skip on a user's machine without a browser; fail in CI, which must run this test."""
    if os.environ.get("VNKG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"VNKG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """``VNKG_CHROMIUM`` if set, else the first Chromium on PATH."""
    explicit = os.environ.get("VNKG_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Poll until the server answers; fail early, with its log, if it exited."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kg serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers; the test says what is wrong with the page
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"kg serve did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_browser("the playwright package is not installed (pip install -e '.[test]')")
    path = find_chromium()
    if path is None:
        require_browser("no Chromium binary found (Debian: apt-get install chromium, or bash scripts/browser.sh)")
    return path


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    """``kg serve`` on a free port over a store with the demo document; yields its base URL."""
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "KG_STORE": str(tmp / "store"), "KG_BASE_IRI": base}
    ingest = subprocess.run([sys.executable, "-m", "web", "ingest", "--demo"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    log = tmp / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "web", "serve", "--port", str(port), "--threads", "4"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class Watch:
    """What the browser did: every request, failed responses, console errors, page errors."""

    def __init__(self, context, page):
        self.requests: list[str] = []
        self.responses: list[tuple[str, int]] = []
        self.errors: list[str] = []
        context.on("request", lambda req: self.requests.append(req.url))
        context.on("response", lambda resp: self.responses.append((resp.url, resp.status)))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        # Nothing may leave the machine: abort such requests (they still count as made).
        context.route(lambda url: not is_local(url), lambda route: route.abort())

    def _console(self, msg) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            self.errors.append(f"{msg.text} ({where})")


@pytest.fixture
def browsing(browser, tmp_path):
    """A fresh browser context and page, watched; a screenshot of the last page is kept."""
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch(context, page)
    yield page, watch
    from playwright.sync_api import Error

    with contextlib.suppress(Error):  # for whoever reads a failure: the page as it was at the end
        page.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    context.close()


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

    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

    iri = follow_entity_link(page, server)
    assert page.locator("h1").inner_text().strip(), "the entity page has no heading"
    canvas = page.locator(GRAPH_CANVAS).first
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, box
    page.wait_for_function(DRAWN, arg=canvas.element_handle())
    vis = [(url, status) for url, status in watch.responses if "vis-network" in url and url.endswith(".js")]
    assert vis and all(is_local(url) and status == 200 for url, status in vis), vis

    name, graph = download_turtle(page, tmp_path)
    assert name.endswith(".ttl"), name
    assert (URIRef(iri), RDF.type, None) in graph, f"{iri} has no rdf:type in the downloaded Turtle"

    remote = [url for url in watch.requests if not is_local(url)]
    assert not remote, f"requests left the machine: {remote}"
    assert not watch.errors, "console errors:\n" + "\n".join(watch.errors)
