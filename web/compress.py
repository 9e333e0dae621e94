"""gzip for text responses: pages, JSON, scripts and styles.

waitress does not compress, and the entity page's vis-network script alone is 700 KB
(170 KB gzipped). Responses streamed from files or generators (exports, SPARQL results)
pass through untouched; everything else that is text, over 1 KB, goes out gzipped to
clients that accept it. Level 6: about 1 ms for a 40 KB page.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/ld+json",
    "application/sparql-results+json",
    "application/geo+json",
    "image/svg+xml",
)
MIN_BYTES = 1024


def gzip_response(response: Response) -> Response:
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200
        or response.status_code >= 300
        or "Content-Encoding" in response.headers
        or "gzip" not in request.headers.get("Accept-Encoding", "")
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
    ):
        return response
    data = response.get_data()
    if len(data) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    app.after_request(gzip_response)
