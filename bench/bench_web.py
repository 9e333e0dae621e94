"""Web load test: concurrent clients on /api/ask and /api/search, and the weight of three pages.

Usage: python bench/bench_web.py (--store DIR | --url URL) [--clients 8] [--seconds 60] [--json OUT]

With ``--store`` the script starts ``kg serve`` itself on a free port (the store's own base IRI,
read from its meta.json, so entity pages resolve) and stops it at the end; with ``--url`` it
targets a server that is already running. Each client keeps one HTTP/1.1 connection open and
sends requests back to back, alternating between a question for ``/api/ask`` (Vietnamese with
and without diacritics, English) and a query of ``bench/search_queries.json`` for
``/api/search``, until the time is up; every client starts at a different point of the lists.
A request counts as an error unless it gets HTTP 200 with a JSON body; any error makes the
exit status 1. Latency is client-side (request sent to body read), after ``--warmup`` requests
that are not counted.

Page weight: the home page, the answer page of one question and the entity page its first
answer links to, each with every same-origin asset it loads (stylesheets, scripts, icons,
images, and ``url()`` references inside the stylesheets): bytes as served ("wire", with
``Accept-Encoding: gzip``) and as gzip would make them (level 6).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "bench" / "search_queries.json"
# The three forms users type: Vietnamese, Vietnamese without diacritics, English.
QUESTIONS = (
    "which proposals concern infrastructure?",
    "những đề xuất nào liên quan đến hạ tầng?",
    "de xuat nao lien quan den ha tang",
    "what is the poverty rate of Sông Công?",
    "tỷ lệ hộ nghèo của thành phố Sông Công là bao nhiêu?",
    "ty le ho ngheo song cong",
    "which industrial parks are in Thái Nguyên?",
    "các khu công nghiệp ở Thái Nguyên",
    "khu cong nghiep o thai nguyen",
    "what is said about KCN Sông Công II?",
    "đường tỉnh 262 nối với đâu?",
    "duong tinh 262 noi voi dau",
    "how many proposals concern transport?",
    "có bao nhiêu đề xuất về giao thông?",
    "which indicators missed their target?",
    "what was decided for the 2020-2025 term?",
    "nhiệm kỳ 2020-2025 đề ra những mục tiêu gì?",
    "how is phường Mỏ Chè related to KCN Sông Công II?",
    "dịch cúm gia cầm lây lan ở những tỉnh nào?",
    "which roads pass through Hà Nội?",
    "mở rộng sân bay Tân Sơn Nhất",
    "tang truong kinh te nam 2020",
)
PAGE_QUESTION = QUESTIONS[0]
STARTUP_SECONDS = 300  # model load and store opening on a busy machine


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", type=Path, help="store to serve (starts kg serve on a free port)")
    target.add_argument("--url", help="base URL of a running server, e.g. http://127.0.0.1:5000/")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the timed run (default 60)")
    parser.add_argument("--warmup", type=int, default=8, help="requests sent first, not counted (default 8)")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads with --store (default 8)")
    parser.add_argument("--k", type=int, default=10, help="results per search (default 10)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def search_queries(path: Path = QUERIES) -> list[str]:
    return [q["query"] for q in json.loads(path.read_text(encoding="utf-8"))["queries"]]


def request_paths(questions, queries, k: int) -> list[tuple[str, str]]:
    """(endpoint, path) pairs alternating ask and search, every text used once."""
    asks = [("ask", "/api/ask?q=" + quote(q)) for q in questions]
    searches = [("search", f"/api/search?k={k}&q=" + quote(q)) for q in queries]
    pairs = itertools.zip_longest(itertools.islice(itertools.cycle(asks), max(len(asks), len(searches))), searches)
    return [item for pair in pairs for item in pair if item]


# -- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(store: Path, threads: int):
    """``kg serve`` over ``store`` on a free port; yields its URL and stops it afterwards."""
    meta = store / "meta.json"
    base_iri = json.loads(meta.read_text())["base_iri"] if meta.exists() else ""
    port = free_port()
    env = {**os.environ, "KG_STORE": str(store), **({"KG_BASE_IRI": base_iri} if base_iri else {})}
    log = open(Path(tempfile.gettempdir()) / f"bench_web_serve_{port}.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "web", "serve", "--port", str(port), "--threads", str(threads)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, proc, Path(log.name))
        yield url
    finally:
        stop(proc)
        log.close()


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server process, killing it when it does not stop within 20 seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kg serve exited with {proc.returncode}; see {log}:\n{log.read_text()[-2000:]}")
        try:
            fetch(url, "/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"kg serve did not answer within {STARTUP_SECONDS} s; see {log}")


def fetch(base: str, path: str, conn: http.client.HTTPConnection | None = None, gzip_ok: bool = False):
    """GET ``path``; returns (status, headers, body as received). Reuses ``conn`` when given."""
    own = conn is None
    if own:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        if own:
            conn.close()


# -- the load -----------------------------------------------------------------------------


class Recorder:
    """Latencies and errors per endpoint, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}

    def add(self, endpoint: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(endpoint, []).append(seconds)
            if error:
                self.errors.setdefault(endpoint, []).append(error)


def one_request(base: str, conn, endpoint: str, path: str) -> tuple[float, str | None, object]:
    """Send one request; (seconds, error or None, the connection to use next)."""
    started = time.perf_counter()
    try:
        status, _, body = fetch(base, path, conn)
        error = None if status == 200 else f"HTTP {status} {path}: {body[:200]!r}"
        if error is None:
            json.loads(body)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        conn.close()
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
        error = f"{type(exc).__name__}: {exc} ({path})"
    return time.perf_counter() - started, error, conn


def client(base: str, work: list, start: int, deadline: float, recorder: Recorder) -> None:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
    for i in itertools.count(start):
        if time.monotonic() >= deadline:
            break
        endpoint, path = work[i % len(work)]
        seconds, error, conn = one_request(base, conn, endpoint, path)
        recorder.add(endpoint, seconds, error)
    conn.close()


def run_load(base: str, work: list, clients: int, seconds: float) -> tuple[Recorder, float]:
    recorder = Recorder()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(base, work, n * len(work) // clients, deadline, recorder))
        for n in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return recorder, time.perf_counter() - started


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted samples."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarise(recorder: Recorder, elapsed: float) -> dict:
    rows = {}
    for endpoint, samples in sorted(recorder.latencies.items()):
        ordered = sorted(samples)
        rows[endpoint] = {
            "requests": len(ordered),
            "errors": len(recorder.errors.get(endpoint, [])),
            "per_second": round(len(ordered) / elapsed, 2),
            **{f"p{p}_ms": round(percentile(ordered, p) * 1000, 1) for p in (50, 95, 99)},
            "max_ms": round(ordered[-1] * 1000, 1),
        }
    return rows


# -- page weight --------------------------------------------------------------------------


class AssetLinks(HTMLParser):
    """The URLs of what a page loads: stylesheets, icons, preloads, scripts, images."""

    LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and self.LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in {"script", "img"} and attrs.get("src"):
            self.urls.append(attrs["src"])


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def same_origin_assets(page_url: str, html: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(html)
    origin = urlsplit(page_url).netloc
    urls = [urljoin(page_url, u) for u in parser.urls if u and not u.startswith("data:")]
    return list(dict.fromkeys(u for u in urls if urlsplit(u).netloc == origin))


def weigh(base: str, path: str) -> dict:
    """HTML and same-origin assets of one page: count, wire bytes, raw bytes, gzip bytes."""
    started = time.perf_counter()
    status, headers, wire = fetch(base, path, gzip_ok=True)
    seconds = time.perf_counter() - started
    html = _decoded(headers, wire)
    if status != 200:
        raise SystemExit(f"page {path} answered HTTP {status}")
    page_url = urljoin(base, path)
    row = {
        "path": path,
        "ms": round(seconds * 1000, 1),
        "html_bytes": len(html),
        "html_gzip": len(gzip.compress(html, 6)),
        "assets": 0,
        "wire_bytes": len(wire),
        "raw_bytes": len(html),
        "gzip_bytes": len(gzip.compress(html, 6)),
    }
    queue, seen = same_origin_assets(page_url, html.decode("utf-8", "replace")), set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        a_status, a_headers, a_wire = fetch(base, path_of(url), gzip_ok=True)
        if a_status != 200:
            raise SystemExit(f"asset {url} of {path} answered HTTP {a_status}")
        body = _decoded(a_headers, a_wire)
        row["assets"] += 1
        row["wire_bytes"] += len(a_wire)
        row["raw_bytes"] += len(body)
        row["gzip_bytes"] += len(gzip.compress(body, 6))
        if url.endswith(".css"):
            css = body.decode("utf-8", "replace")
            queue += [
                u
                for u in (urljoin(url, m) for m in CSS_URL.findall(css) if not m.startswith("data:"))
                if urlsplit(u).netloc == urlsplit(url).netloc
            ]
    return row


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _decoded(headers: dict, wire: bytes) -> bytes:
    encoding = {k.lower(): v for k, v in headers.items()}.get("content-encoding", "")
    return gzip.decompress(wire) if encoding == "gzip" else wire


def entity_path(base: str, question: str) -> str | None:
    """The path of the first entity page linked from the answer page of ``question``."""
    _, headers, wire = fetch(base, "/?q=" + quote(question), gzip_ok=True)
    match = re.search(
        r'href="((?:https?://[^"/]+)?/entity/[^"#?]+)', _decoded(headers, wire).decode("utf-8", "replace")
    )
    return urlsplit(match.group(1)).path if match else None


def page_weights(base: str) -> list[dict]:
    paths = ["/", "/?q=" + quote(PAGE_QUESTION)]
    entity = entity_path(base, PAGE_QUESTION)
    if entity is None:
        print(f"note: the answer page of {PAGE_QUESTION!r} links no entity page", file=sys.stderr)
    return [weigh(base, p) for p in paths + ([entity] if entity else [])]


# -- report -------------------------------------------------------------------------------


def report(load: dict, pages: list[dict], setup: dict) -> str:
    lines = [
        f"{setup['clients']} clients, {setup['elapsed_s']} s against {setup['url']} ({setup['machine']})",
        "",
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for endpoint, r in load.items():
        lines.append(
            f"| /api/{endpoint} | {r['requests']} | {r['errors']} | {r['per_second']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |"
        )
    lines += [
        "",
        "| page | time ms | HTML bytes | HTML gzip | assets | wire bytes (all) | raw bytes (all) | gzip bytes (all) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in pages:
        lines.append(
            f"| {p['path'][:60]} | {p['ms']} | {p['html_bytes']:,} | {p['html_gzip']:,} | {p['assets']} "
            f"| {p['wire_bytes']:,} | {p['raw_bytes']:,} | {p['gzip_bytes']:,} |"
        )
    return "\n".join(lines)


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    return f"{cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"


def bench(base: str, args: argparse.Namespace) -> int:
    work = request_paths(QUESTIONS, search_queries(), args.k)
    for _, path in work[: args.warmup]:  # opens the store, loads the models, fills caches
        fetch(base, path)
    setup = {"url": base, "clients": args.clients, "machine": machine()}
    recorder, elapsed = run_load(base, work, args.clients, args.seconds)
    setup["elapsed_s"] = round(elapsed, 1)
    load = summarise(recorder, elapsed)
    pages = page_weights(base)
    print(report(load, pages, setup))
    errors = [e for errs in recorder.errors.values() for e in errs]
    for error in list(dict.fromkeys(errors))[:10]:
        print("error:", error, file=sys.stderr)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"setup": setup, "load": load, "pages": pages, "errors": errors[:100]}, ensure_ascii=False, indent=2
            ),
            encoding="utf-8",
        )
    return 1 if errors else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.url:
        return bench(args.url if args.url.endswith("/") else args.url + "/", args)
    with served(args.store, args.threads) as base:
        return bench(base, args)


if __name__ == "__main__":
    sys.exit(main())
