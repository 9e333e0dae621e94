"""The app factory: settings, shared state, error handlers, blueprints, security headers.

There is no module-level app: ``create_app`` is called by ``kg serve``, by the tests (with a
config mapping) and by any WSGI server (``waitress-serve --call web:create_app``).
"""

from __future__ import annotations

from flask import Flask

from kg import settings
from kg.registry import load

from . import compress, errors, state

BLUEPRINTS = (  # one per area, imported here so a missing one fails at start, not per request
    "web.pages:bp",
    "web.api:bp",
    "web.sparql:bp",
    "web.exports:bp",
    "web.upload:bp",
)
# Pages load scripts and styles from this server only (the app must work offline, and
# labels come from documents, so no inline script may ever run). vis-network sets inline
# styles on its canvas, hence 'unsafe-inline' for styles alone.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
REQUEST_OVERHEAD = 1_000_000  # form fields and multipart framing around an uploaded file


def create_app(config: dict | None = None) -> Flask:
    """Build the web app over one knowledge base.

    Args:
        config: ``KG_*`` settings (see :mod:`kg.settings`; missing ones come from the
            environment, then the defaults) plus any Flask keys such as ``TESTING``.
            ``KG_SERVE_HOST`` tells the app which address it is bound to (``kg serve`` sets
            it), which decides whether adding documents needs ``KG_WEB_TOKEN``.

    Returns:
        The Flask app. Nothing is opened until the first request (or :func:`state.warm`).
    """
    config = dict(config or {})
    flask_keys = {k: config.pop(k) for k in list(config) if not k.startswith("KG_") or k == "KG_SERVE_HOST"}
    app = Flask(__name__)
    app.config.from_mapping(settings.load(config))
    app.config.update({"KG_SERVE_HOST": "127.0.0.1", "JSON_SORT_KEYS": False,
                       "MAX_CONTENT_LENGTH": app.config["KG_MAX_BYTES"] + REQUEST_OVERHEAD})
    app.config.update(flask_keys)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    state.init_app(app)
    errors.init_app(app)
    for target in BLUEPRINTS:
        app.register_blueprint(load(target))
    app.after_request(_security_headers)
    compress.init_app(app)  # registered last, so it runs first on the way out
    return app


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
