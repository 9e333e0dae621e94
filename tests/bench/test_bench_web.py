"""bench/bench_web.py against a tiny local HTTP server: counting, errors and page weight.

The real run needs a model and a store (minutes); the counting and weighing logic is checked
here on a stdlib server whose answers are known byte for byte.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSS = b"body { background: url('/bg.png') } .x { background: url(data:image/png;base64,AAAA) }"
JS = b"console.log('vnkg');" * 10
PNG = b"\x89PNG" + b"\0" * 100
HOME = (
    b'<html><head><link rel="stylesheet" href="/app.css"><script src="/app.js"></script>'
    b'<script src="https://cdn.example.org/x.js"></script></head>'
    b'<body><a href="/entity/road/dt-262">DT262</a></body></html>'
)
ENTITY = b'<html><head><link rel="stylesheet" href="/app.css"></head><body>entity</body></html>'


@pytest.fixture(scope="module")
def bench_web():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "bench" / "bench_web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the bench clients expect
    FILES = {"/": HOME, "/app.css": CSS, "/app.js": JS, "/bg.png": PNG, "/entity/road/dt-262": ENTITY}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        if path.startswith("/api/"):
            failing = "fail" in self.path
            body = json.dumps({"ok": not failing}).encode()
            self._send(500 if failing else 200, body)
        elif path in self.FILES:
            self._send(200, self.FILES[path])
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_percentile_is_nearest_rank(bench_web):
    samples = [float(n) for n in range(1, 101)]
    assert [bench_web.percentile(samples, p) for p in (50, 95, 99, 100)] == [50.0, 95.0, 99.0, 100.0]
    assert bench_web.percentile([7.0], 99) == 7.0


def test_request_paths_alternate_and_use_every_text(bench_web):
    work = bench_web.request_paths(["q1", "câu hỏi"], ["s1", "s2", "s3"], k=5)
    assert [endpoint for endpoint, _ in work] == ["ask", "search"] * 3
    assert work[1] == ("search", "/api/search?k=5&q=s1")
    assert ("ask", "/api/ask?q=c%C3%A2u%20h%E1%BB%8Fi") in work


def test_search_queries_file_has_the_three_forms(bench_web):
    queries = bench_web.search_queries()
    assert len(queries) >= 30
    assert any("Tân Sơn Nhất" in q for q in queries) and any(q.isascii() for q in queries)


def test_assets_are_same_origin_only(bench_web):
    found = bench_web.same_origin_assets("http://127.0.0.1:5000/x", HOME.decode())
    assert found == ["http://127.0.0.1:5000/app.css", "http://127.0.0.1:5000/app.js"]


def test_page_weight_counts_html_assets_and_css_urls(bench_web, base):
    row = bench_web.weigh(base, "/")
    assert row["assets"] == 3  # app.css, app.js and the url() inside app.css; not the CDN script
    assert row["raw_bytes"] == len(HOME) + len(CSS) + len(JS) + len(PNG)
    assert row["wire_bytes"] == row["raw_bytes"]  # this server does not compress
    assert row["gzip_bytes"] == sum(len(gzip.compress(b, 6)) for b in (HOME, CSS, JS, PNG))
    assert bench_web.entity_path(base, "anything") == "/entity/road/dt-262"


def test_load_counts_requests_and_errors_per_endpoint(bench_web, base):
    work = [("ask", "/api/ask?q=x"), ("search", "/api/search?q=fail")]
    recorder, elapsed = bench_web.run_load(base, work, clients=2, seconds=0.3)
    rows = bench_web.summarise(recorder, elapsed)
    assert rows["ask"]["requests"] > 0 and rows["ask"]["errors"] == 0
    assert rows["search"]["errors"] == rows["search"]["requests"] > 0
    assert rows["ask"]["p50_ms"] <= rows["ask"]["p99_ms"] <= rows["ask"]["max_ms"]
    assert "HTTP 500" in recorder.errors["search"][0]
