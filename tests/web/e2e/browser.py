"""What the browser tests share: one ``kg serve`` and one headless Chromium per run (``conftest.py``).

The server is ``kg serve`` itself (the command a user runs), over a fresh store holding the
demo document, with ``KG_BASE_IRI`` set to the server's own address so that entity IRIs are
the page URLs. Headless Chromium is Debian's package driven through Playwright; nothing is
downloaded, and any request to a host other than the local server is aborted and counted (the
app must work offline; a CDN reference would show up here). Console errors are collected too:
a script blocked by the Content-Security-Policy is reported there. ``assert_clean(watch)`` is
the check every page test ends with.

Both are session-scoped: the model load behind ``kg serve`` is most of the set-up time, and
paying it once for all page tests keeps the browser suite short.

Without a browser (no ``playwright`` package or no Chromium binary) the tests are skipped,
unless ``VNKG_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where that is a failure.

Screenshots for the README: ``shoot(page, name)`` saves ``<name>.png`` into the folder named by
``VNKG_SCREENSHOTS`` (``docs/screenshots`` when refreshing the README's visual tour), and
nothing when it is unset.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
# A few fixed corpus articles beside the demo (used only when ../shared is present): news of
# industrial parks, roads and provinces, with figures and dates, so multi-document pages have data.
E2E_ARTICLES = ("0014.txt", "0026.txt", "0070.txt", "0142.txt", "0193.txt", "0303.txt")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-domain-reliability",
    "--no-first-run",
    "--no-pings",
    "--metrics-recording-only",
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


def assert_clean(watch: Watch) -> None:
    """No request left the machine and the console stayed free of errors."""
    remote = [url for url in watch.requests if not is_local(url)]
    assert not remote, f"requests left the machine: {remote}"
    assert not watch.errors, "console errors:\n" + "\n".join(watch.errors)


def shoot(page, name: str) -> None:
    """Save a screenshot for the README's visual tour when ``VNKG_SCREENSHOTS`` names a folder."""
    folder = os.environ.get("VNKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)
