"""The outline of Vietnam (and, faintly, its neighbours) as GeoJSON, cut from world-atlas once.

The map has no tile layer: no tile server, no CDN, so the land must come from a package. The
world-atlas npm package ships Natural Earth's countries as TopoJSON; the 1:50m file is 756 kB
for the whole world, of which Vietnam and the four countries around it are a few percent.
Decoding it here once (arcs delta-decoded and stitched into rings, as topojson-client's
``feature`` does) and caching the result means the browser downloads about 40 kB instead of
the world, and needs no TopoJSON library.

What it cannot show: at 1:50m Natural Earth draws Vietnam's mainland and its larger islands
(Phú Quốc, Côn Đảo, Cát Bà, ...), not small islands, and neither the Hoàng Sa (Paracel) nor
the Trường Sa (Spratly) archipelago, which the data leaves out as disputed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import vendor

SOURCE = "countries-50m.json"  # a row of web.vendor.ASSETS
VIETNAM = "704"  # ISO 3166-1 numeric code: the ids of world-atlas
NEIGHBOURS = {
    "156": ("Trung Quốc", "China"),
    "418": ("Lào", "Laos"),
    "116": ("Campuchia", "Cambodia"),
    "764": ("Thái Lan", "Thailand"),
}
NAMES = {VIETNAM: ("Việt Nam", "Vietnam"), **NEIGHBOURS}
# Neighbours are context only: what lies beyond this box (most of China) is cut away.
CONTEXT_BOX = (97.0, 5.0, 118.0, 26.5)  # west, south, east, north
DIGITS = 3  # about 100 m: finer than the 1:50m source


def outline() -> dict[str, Any]:
    """The GeoJSON FeatureCollection of Vietnam and its neighbours (``properties.country``
    is the ISO code; ``bbox`` that of Vietnam), from the installed world-atlas.

    Raises:
        vendor.MissingAsset: world-atlas is not installed.
    """
    path = vendor.asset_path(SOURCE)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise vendor.MissingAsset(
            f"world-atlas is not installed ({path} missing): run scripts/frontend.sh (needs npm)"
        ) from None
    return _outline(str(path), stamp)


@lru_cache(maxsize=2)
def _outline(path: str, stamp: int) -> dict[str, Any]:
    """Decoded once per file version (``stamp``: its mtime, so a reinstall is seen)."""
    topology = json.loads(Path(path).read_text("utf-8"))
    arcs = decode_arcs(topology)
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id"))
        if code not in NAMES:
            continue
        polygons = _polygons(geometry, arcs)
        if code != VIETNAM:
            polygons = [rings for rings in (_clip(p) for p in polygons) if rings]
        vi, en = NAMES[code]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"country": code, "name": vi, "name_en": en, "vietnam": code == VIETNAM},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    vietnam = next(f for f in features if f["id"] == VIETNAM)
    features.sort(key=lambda f: f["properties"]["vietnam"])  # Vietnam drawn last, on top
    return {"type": "FeatureCollection", "bbox": bbox(vietnam["geometry"]["coordinates"]), "features": features}


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute positions (quantized arcs are delta-encoded)."""
    transform = topology.get("transform")
    if not transform:
        return [[(x, y) for x, y, *_ in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        out.append(points)
    return out


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indices (``~i``, i.e. ``-i - 1``, is arc ``i`` reversed);
    each arc after the first starts where the last ended, so its first point is dropped."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [list(p) for p in points]


def _polygons(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def _clip(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
    """The polygon cut to :data:`CONTEXT_BOX` (Sutherland-Hodgman; holes alike)."""
    out = []
    for points in polygon:
        clipped = _clip_ring(points)
        if len(clipped) >= 4:
            out.append(clipped)
    return out


def _clip_ring(points: list[list[float]]) -> list[list[float]]:
    west, south, east, north = CONTEXT_BOX
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    for axis, limit, keep_above in edges:

        def inside(p: list[float], axis: int = axis, limit: float = limit, keep_above: bool = keep_above) -> bool:
            return p[axis] >= limit if keep_above else p[axis] <= limit

        kept: list[list[float]] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    kept.append(_cross(previous, current, axis, limit))
                kept.append(current)
            elif inside(previous):
                kept.append(_cross(previous, current, axis, limit))
        points = kept
        if not points:
            return []
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def _cross(a: list[float], b: list[float], axis: int, limit: float) -> list[float]:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    point = [0.0, 0.0]
    point[axis], point[other] = limit, round(a[other] + t * (b[other] - a[other]), DIGITS)
    return point


def bbox(polygons: list[list[list[list[float]]]]) -> list[float]:
    """``[west, south, east, north]`` of MultiPolygon coordinates."""
    xs = [p[0] for polygon in polygons for r in polygon for p in r]
    ys = [p[1] for polygon in polygons for r in polygon for p in r]
    return [min(xs), min(ys), max(xs), max(ys)]
