"""The app factory: settings, shared state, error handlers, blueprints, security headers.

There is no module-level app: ``create_app`` is called by ``kg serve``, by the tests (with a
config mapping) and by any WSGI server (``waitress-serve --call web:create_app``).

Two checks run before every view. The ``Host`` header must name this server (the loopback
names by default, ``KG_ALLOWED_HOSTS`` otherwise; a one-line 400 on every route), so a page
on another site cannot reach a local server through a DNS name rebound to 127.0.0.1.
And a query or question (``q``) longer than :data:`web.search_view.MAX_QUERY` is refused
on every route that takes one, before any search runs.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider

from kg import settings
from kg.kb import setting
from kg.registry import load

from . import compress, errors, state
from .cli import is_loopback
from .errors import error_response
from .search_view import check_query

BLUEPRINTS = (  # one per area, imported here so a missing one fails at start, not per request
    "web.pages:bp",
    "web.api:bp",
    "web.sparql:bp",
    "web.exports:bp",
    "web.upload:bp",
    "web.timeline:bp",
    "web.geo:bp",
    "web.figures_view:bp",
)
# Pages load scripts and styles from this server only (the app must work offline, and
# labels come from documents, so no inline script may ever run). vis-network sets inline
# styles on its canvas, hence 'unsafe-inline' for styles alone.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
REQUEST_OVERHEAD = 1_000_000  # form fields and multipart framing around an uploaded file
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")  # Host names answered by default (any port)
APP_KEYS = ("KG_SERVE_HOST", "KG_ALLOWED_HOSTS")  # settings of the app, not of the store
QUERY_ENDPOINTS = {"pages.ask", "pages.search", "api.search", "api.ask"}  # views taking ``q``


def create_app(config: dict | None = None) -> Flask:
    """Build the web app over one knowledge base.

    Args:
        config: ``KG_*`` settings (see :mod:`kg.settings`; missing ones come from the
            environment, then the defaults) plus any Flask keys such as ``TESTING``.
            ``KG_SERVE_HOST`` tells the app which address it is bound to (``kg serve`` sets
            it), which decides whether adding documents needs ``KG_WEB_TOKEN``.
            ``KG_ALLOWED_HOSTS`` (comma-separated) replaces the Host names answered.

    Returns:
        The Flask app. Nothing is opened until the first request (or :func:`state.warm`).
    """
    config = dict(config or {})
    flask_keys = {
        k: config.pop(k)
        for k in list(config)
        if not k.startswith("KG_") or (k in APP_KEYS and k not in settings.DEFAULTS)
    }
    app = Flask(__name__)
    app.config.from_mapping(settings.load(config))
    app.config.update(
        {
            "KG_SERVE_HOST": "127.0.0.1",
            "JSON_SORT_KEYS": False,
            "MAX_CONTENT_LENGTH": app.config["KG_MAX_BYTES"] + REQUEST_OVERHEAD,
        }
    )
    app.config.update(flask_keys)
    app.config["HOST_NAMES"] = allowed_hosts(app.config)
    json_provider = cast(DefaultJSONProvider, app.json)  # Flask's default provider, configured
    json_provider.ensure_ascii = False
    json_provider.sort_keys = False
    state.init_app(app)
    errors.init_app(app)
    for target in BLUEPRINTS:
        app.register_blueprint(load(target))
    app.before_request(check_host)  # first: nothing runs for a host this server is not
    app.before_request(cap_query)
    app.after_request(_security_headers)
    compress.init_app(app)  # registered last, so it runs first on the way out
    return app


def allowed_hosts(config: dict[str, Any]) -> list[str] | None:
    """The Host names this app answers (ports are not compared); None: any (``*``).

    ``KG_ALLOWED_HOSTS`` (comma-separated names; ``.example.org`` also matches its
    subdomains) replaces the default: the loopback names, plus the address ``kg serve``
    is bound to when it is one address (not ``0.0.0.0`` or ``::``). Flask's own
    ``TRUSTED_HOSTS`` is not used: it cannot match ``[::1]``, and its error comes before
    the request can render an error page.
    """
    raw = str(setting(config, "KG_ALLOWED_HOSTS", "") or "")
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    if "*" in names:
        return None
    if names:
        return names
    bound = str(config.get("KG_SERVE_HOST") or "127.0.0.1").strip()
    extra = (
        []
        if bound in ("", "0.0.0.0", "::", "[::]") or is_loopback(bound)
        else [f"[{bound}]" if ":" in bound and not bound.startswith("[") else bound]
    )
    return [*LOOPBACK_HOSTS, *extra]


def host_name(host: str) -> str:
    """``Host`` header -> the name without its port (``[::1]:5000`` -> ``[::1]``)."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.split(":", 1)[0]


def name_allowed(name: str, allowed: list[str]) -> bool:
    """``name`` is one of ``allowed``, or a subdomain of an entry starting with a dot."""
    return any(
        name == entry or (entry.startswith(".") and (name.endswith(entry) or name == entry[1:])) for entry in allowed
    )


def check_host() -> tuple[Response | str, int] | None:
    """Answer only the Host names of :func:`allowed_hosts` (DNS rebinding): a one-line 400."""
    allowed = current_app.config["HOST_NAMES"]
    if allowed is None:
        return None
    raw = request.headers.get("Host", "")
    if name_allowed(host_name(raw), allowed):
        return None
    return error_response(
        f"this server does not answer to the host name {raw[:100]!r} (it answers to "
        f"{', '.join(allowed)}; set KG_ALLOWED_HOSTS to add names)",
        400,
    )


def cap_query() -> None:
    """Refuse an over-long ``q`` (a one-line 400) before a search or question runs."""
    if request.endpoint in QUERY_ENDPOINTS:
        check_query(request.args.get("q"))
        if request.method == "POST":
            check_query(request.form.get("q"))


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
