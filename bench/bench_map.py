"""Latency and weight of the map's endpoints on one store (read-only): /api/map and its filters,
/api/map/outline, /map and the small map's ``near=`` query.

Usage: KG_STORE=/tmp/full python bench/bench_map.py [--store DIR] [--repeat 30] [--browser] [--json OUT]

Requests go through the Flask test client in this process (no socket, no waitress): the figures
are the app's own time, the part this code controls. The store is only opened for reading.

Cold start, in the order a fresh server meets them: the entity index (shared with every page;
``kg serve`` warms it at start), the points (:func:`kg.read.geo.locations`: two queries), the
features (labels, groups, paths), then the first ``/api/map`` (JSON of every feature). Then each
request is timed ``--repeat`` times (median and 95th percentile): the whole map (served from the
body cached per store opening), filters (the first time each is built, then cached), ``near=``
for the most connected entity with a point (built every time), the outline and the page.
Requests say ``Accept-Encoding: gzip``, as browsers do (the map's answers keep their gzip);
sizes are the body before and after compression.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import time
from pathlib import Path


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def browser_ready(app, repeat: int) -> dict:
    """Milliseconds from navigation to every marker drawn on /map, in headless Chromium."""
    import logging
    import shutil
    import threading

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/map"
    ready = "() => { const c = document.getElementById('map'); return !!(c && c.vnkg && c.vnkg.ready); }"
    try:
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            times = []
            for _ in range(repeat + 1):
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_function(ready, timeout=120_000)
                times.append((time.perf_counter() - start) * 1000)
            markers = page.evaluate("document.getElementById('map').vnkg.shown")
            chromium.close()
    finally:
        server.shutdown()
    return {"first": round(times[0]), "p50": round(statistics.median(times[1:])), "markers": markers}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("KG_STORE"), help="store directory (read-only)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--browser", action="store_true", help="also time /map in headless Chromium")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if not args.store:
        parser.error("give --store or set KG_STORE")
    meta = json.loads((Path(args.store) / "meta.json").read_text("utf-8"))

    from kg.read import reader
    from kg.read.geo import locations
    from web import create_app
    from web.geo import features
    from web.state import get_kb

    app = create_app(
        {"TESTING": True, "KG_STORE": args.store, "KG_BASE_IRI": meta.get("base_iri", ""), "KG_TOPIC_EMBEDDINGS": False}
    )
    client = app.test_client()
    gzipped = {"Accept-Encoding": "gzip"}
    report: dict = {"store": args.store, "repeat": args.repeat, "cold_ms": {}, "requests": {}}
    with app.test_request_context():
        kb = get_kb()
        report["cold_ms"]["entity index"], index = timed(lambda: reader(kb).entities())
        report["cold_ms"]["points (2 queries)"], points = timed(lambda: locations(kb))
        report["cold_ms"]["features"], built = timed(lambda: features(kb))
        graph = reader(kb).graph().entities  # the small map's neighbours (built for entity pages anyway)
        with_point = [iri for iri in points if iri in graph]
        busiest = max(with_point, key=lambda iri: graph.degree(iri))
    report["entities"], report["features"] = len(index), len(built)
    report["approximate"] = sum(1 for f in built if f["properties"]["approximate"])
    report["cold_ms"]["first /api/map"], first = timed(lambda: client.get("/api/map", headers=gzipped))
    assert first.status_code == 200
    report["busiest"] = {"iri": busiest, "degree": graph.degree(busiest)}

    cases = {
        "/api/map": "/api/map",
        "/api/map?type=Project": "/api/map?type=Project",
        "/api/map?type=City&type=Ward": "/api/map?type=City&type=Ward",
        "/api/map?min_mentions=1": "/api/map?min_mentions=1",
        "/api/map?near=<busiest>": f"/api/map?near={busiest}",
        "/api/map/outline": "/api/map/outline",
        "/map": "/map",
    }
    for name, url in cases.items():
        first_ms, response = timed(lambda url=url: client.get(url, headers=gzipped))
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        times = [timed(lambda url=url: client.get(url, headers=gzipped))[0] for _ in range(args.repeat)]
        sent = response.get_data()
        body = gzip.decompress(sent) if response.headers.get("Content-Encoding") == "gzip" else sent
        row = {
            "first_ms": round(first_ms, 1),
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "bytes": len(body),
            "gzip_bytes": len(sent),
        }
        if response.mimetype.endswith("json") and "features" in json.loads(body):
            row["features"] = len(json.loads(body)["features"])
        report["requests"][name] = row
    report["cold_ms"] = {k: round(v, 1) for k, v in report["cold_ms"].items()}

    print(
        f"store {args.store}: {report['entities']:,} entities, {report['features']:,} with a point "
        f"({report['approximate']:,} approximate); busiest with a point: {busiest} (degree {graph.degree(busiest)})"
    )
    for name, ms in report["cold_ms"].items():
        print(f"  cold  {name:<28} {ms:>9.1f} ms")
    print(f"  {'request':<34} {'first':>8} {'p50':>8} {'p95':>8} {'bytes':>10} {'gzip':>9} {'features':>8}")
    for name, row in report["requests"].items():
        print(
            f"  {name:<34} {row['first_ms']:>8.1f} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} "
            f"{row['bytes']:>10,} {row['gzip_bytes']:>9,} {row.get('features', ''):>8}"
        )
    if args.browser:
        report["browser_ms"] = browser_ready(app, args.repeat)
        print(
            f"  browser /map until drawn: first {report['browser_ms']['first']:.0f} ms, "
            f"median {report['browser_ms']['p50']:.0f} ms ({report['browser_ms']['markers']:,} markers)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
