"""Browser libraries the app serves itself, from installed packages, never from a CDN.

The Content-Security-Policy allows scripts from this host only, and the app must work with no
internet, so every library a page loads is served here from a package that ships it:
vis-network from the pyvis wheel, and Leaflet, the world-atlas outline, topojson-client and
Chart.js from ``node_modules`` (``package.json``, installed by ``scripts/frontend.sh``). None of
them is copied into the repository. The table below is the whole of what ``/static/vendor/``
serves; anything else is a 404, so the route cannot be walked out of these folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MIME = {".js": "application/javascript", ".css": "text/css", ".json": "application/json", ".png": "image/png"}


@dataclass(frozen=True)
class Asset:
    """One served file: which package ships it, and its path inside that package."""

    package: str  # "pyvis" or an npm package name
    path: str


ASSETS: dict[str, Asset] = {
    "vis-network.min.js": Asset("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js"),
    "vis-network.css": Asset("pyvis", "templates/lib/vis-9.1.2/vis-network.css"),
    "leaflet.js": Asset("leaflet", "dist/leaflet.js"),
    "leaflet.css": Asset("leaflet", "dist/leaflet.css"),
    "images/marker-icon.png": Asset("leaflet", "dist/images/marker-icon.png"),
    "images/marker-icon-2x.png": Asset("leaflet", "dist/images/marker-icon-2x.png"),
    "images/marker-shadow.png": Asset("leaflet", "dist/images/marker-shadow.png"),
    "images/layers.png": Asset("leaflet", "dist/images/layers.png"),
    "images/layers-2x.png": Asset("leaflet", "dist/images/layers-2x.png"),
    "topojson-client.min.js": Asset("topojson-client", "dist/topojson-client.min.js"),
    "countries-50m.json": Asset("world-atlas", "countries-50m.json"),
    "chart.umd.min.js": Asset("chart.js", "dist/chart.umd.min.js"),
}


class MissingAsset(LookupError):
    """A served library is not installed: the message says how to install it."""


def node_modules() -> Path:
    """Where ``npm ci`` put the packages: ``KG_NODE_MODULES``, else beside ``package.json``."""
    return Path(os.environ.get("KG_NODE_MODULES") or PROJECT / "node_modules")


def asset_path(name: str) -> Path:
    """The file behind ``/static/vendor/<name>``; KeyError for a name not in the table."""
    asset = ASSETS[name]
    if asset.package == "pyvis":
        import pyvis

        return Path(pyvis.__file__).parent / asset.path
    return node_modules() / asset.package / asset.path


@lru_cache(maxsize=len(ASSETS))
def asset_bytes(name: str) -> bytes:
    """The file's bytes, read once (in memory, so ``web.compress`` can gzip them)."""
    path = asset_path(name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MissingAsset(
            f"{ASSETS[name].package} is not installed ({path} missing): run scripts/frontend.sh (needs npm)"
        ) from exc


def available(name: str) -> bool:
    """Whether a page can load this library (pages that need one say so when it is absent)."""
    return name in ASSETS and asset_path(name).is_file()


def mimetype(name: str) -> str:
    return MIME.get(Path(name).suffix, "application/octet-stream")
