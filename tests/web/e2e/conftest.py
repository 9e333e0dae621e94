"""Fixtures of the browser tests: one ``kg serve`` and one headless Chromium per run.

What they do and why they are session-scoped is in ``browser.py``, beside the checks every
page test shares.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import pytest

from tests.web.e2e.browser import (
    CHROMIUM_FLAGS,
    CORPUS,
    E2E_ARTICLES,
    Watch,
    find_chromium,
    free_port,
    require_browser,
    wait_until_serving,
)


@pytest.fixture(scope="session")
def chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_browser("the playwright package is not installed (pip install -e '.[test]')")
    path = find_chromium()
    if path is None:
        require_browser("no Chromium binary found (Debian: apt-get install chromium, or bash scripts/browser.sh)")
    return path


@pytest.fixture(scope="session")
def server(chromium, tmp_path_factory):
    """``kg serve`` on a free port over a store with the demo document; yields its base URL.

    When ``../shared`` is present, a few fixed corpus articles are added (``E2E_ARTICLES``), so
    that pages which compare places, years and documents (map, figures, facets, timeline) have
    more than one document to show; the demo document's answers must hold among them.
    """
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "KG_STORE": str(tmp / "store"), "KG_BASE_IRI": base}
    ingest = subprocess.run(
        [sys.executable, "-m", "web", "ingest", "--demo"], env=env, capture_output=True, text=True, timeout=300
    )
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    articles = [CORPUS / "vnnews" / name for name in E2E_ARTICLES]
    if all(path.is_file() for path in articles):
        more = subprocess.run(
            [sys.executable, "-m", "web", "ingest", *map(str, articles)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert more.returncode == 0, more.stderr[-3000:]
    log = tmp / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "web", "serve", "--port", str(port), "--threads", "4"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
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


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


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
