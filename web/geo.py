"""The map: ``/map`` (the page), ``/api/map`` (its GeoJSON) and ``/api/map/outline`` (the land).

``/api/map`` is a GeoJSON FeatureCollection (RFC 7946) of every entity with a point
(:mod:`kg.read.geo`: administrative units at their gazetteer coordinates; parks, projects and
roads at the unit the text places them in, marked ``approximate``). Each Point feature says
what a popup and a legend need: ``label``, ``type``, ``group``, ``iri``, ``path``, ``mentions``.
``groups`` (a foreign member, allowed by RFC 7946 §6.1) gives the legend: each group's
bilingual label, colour and count in this selection. The page draws the same data with
Leaflet over :mod:`web.outline`'s outline of Vietnam: no tile server, nothing from another host.

Features are built once per knowledge base opening (the server opens a new read-only view when
a writer commits), so a request costs the filtering and the JSON, not the store.
"""

from __future__ import annotations

import gzip
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, render_template, request

from kg.errors import BadQuery, NotFound
from kg.namespaces import KG
from kg.numbers import format_number
from kg.read import reader
from kg.read.geo import class_ancestors, locations

from . import vendor
from .compress import MIN_BYTES
from .outline import outline
from .state import get_kb
from .terms import checked_iri, path_of, term

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase

bp = Blueprint("geo", __name__)

# Legend order and colours: administrative levels in blues (darker = larger), then the things
# placed in them. A class belongs to the first group among its ancestors (Bridge -> Project).
GROUPS = (
    ("Province", "#1e3a8a"),
    ("City", "#2563eb"),
    ("Ward", "#60a5fa"),
    ("IndustrialPark", "#c2410c"),
    ("Project", "#0f766e"),
    ("Road", "#7c3aed"),
)
OTHER = ("Entity", "#64748b")
NEAR_LIMIT = 300  # neighbours drawn on an entity page's small map (the most mentioned)
GEOJSON = "application/geo+json"
_BUILT: weakref.WeakKeyDictionary[KnowledgeBase, _Built] = weakref.WeakKeyDictionary()
BODIES_KEPT = 64  # serialised answers kept per opening (the type filters people combine)
_OUTLINE: list[Body] = []  # the outline's answer, remade when web.outline decodes another file


def group_of(types: frozenset[str]) -> str:
    """The legend group of a class with these ancestors (``OTHER`` when none fits)."""
    return next((name for name, _ in GROUPS if name in types), OTHER[0])


def features(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every entity with a point as a GeoJSON Feature, most mentioned first (drawn first,
    so the small markers of less-mentioned entities stay on top and clickable)."""
    return _cached(kb).features


@dataclass
class _Built:
    """What one knowledge base opening has built: its features and the bodies already sent."""

    token: str
    features: list[dict[str, Any]]
    bodies: dict[tuple[tuple[str, ...], int], Body] = field(default_factory=dict)  # (types, min_mentions) -> answer


def _cached(kb: KnowledgeBase) -> _Built:
    token = kb.generation()
    built = _BUILT.get(kb)
    if built is None or built.token != token:
        built = _BUILT[kb] = _Built(token, _build(kb))
    return built


def _build(kb: KnowledgeBase) -> list[dict[str, Any]]:
    read, ancestors = reader(kb), class_ancestors(kb)
    out: list[dict[str, Any]] = []
    for iri, where in locations(kb).items():
        info = read.entity(iri)
        if info is None:
            continue
        kind = info.type or OTHER[0]
        props: dict[str, Any] = {
            "label": info.label,
            "type": kind,
            "group": group_of(ancestors.get(kind, frozenset({kind}))),
            "iri": iri,
            "path": path_of(kb.iris, iri),
            "mentions": info.mentions,
            "documents": info.documents,
            "approximate": where.approximate,
        }
        if info.label_en:
            props["label_en"] = info.label_en
        if info.code:
            props["code"] = info.code
        if where.approximate:
            props["via"] = [{"label": read.label(p), "path": path_of(kb.iris, p)} for p in where.via]
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(where.long, 5), round(where.lat, 5)]},
                "properties": props,
            }
        )
    out.sort(key=lambda f: (-f["properties"]["mentions"], f["properties"]["iri"]))
    return out


def map_data(
    kb: KnowledgeBase, types: list[str] | None = None, min_mentions: int = 0, near: str | None = None
) -> dict[str, Any]:
    """The FeatureCollection of ``/api/map``, filtered.

    Args:
        types: class local names (``Ward``) or groups (``Project``: bridges, airports...);
            none: every type.
        min_mentions: leave out entities named fewer times (2025 successor units that no
            document names have 0).
        near: an entity IRI: that entity (``focus: true``) and its neighbours in the entity
            graph that have a point (the :data:`NEAR_LIMIT` most mentioned).

    Raises:
        BadQuery: an unknown type or a negative ``min_mentions``.
        NotFound: ``near`` is not an entity of this knowledge base.
    """
    wanted = _checked_types(kb, types or [])
    if min_mentions < 0:
        raise BadQuery(f"min_mentions must be 0 or more, got {min_mentions}")
    chosen = features(kb)
    if near is not None:
        chosen = _near(kb, chosen, near)
    chosen = [f for f in chosen if f["properties"]["mentions"] >= min_mentions or f["properties"].get("focus")]
    if wanted:
        chosen = [f for f in chosen if f["properties"]["group"] in wanted or f["properties"]["type"] in wanted]
    return {
        "type": "FeatureCollection",
        "features": chosen,
        "groups": legend(kb, chosen),
        "types": type_labels(kb, chosen),
    }


def _checked_types(kb: KnowledgeBase, types: list[str]) -> set[str]:
    known = class_ancestors(kb)
    names = {t.strip() for t in types if t.strip()}
    unknown = sorted(n for n in names if n not in known)
    if unknown:
        raise BadQuery(
            f"unknown type {unknown[0]!r}; use a class of the ontology, e.g. {', '.join(name for name, _ in GROUPS)}"
        )
    return names


def _near(kb: KnowledgeBase, every: list[dict[str, Any]], iri: str) -> list[dict[str, Any]]:
    iri = checked_iri(iri)
    read = reader(kb)
    if read.entity(iri) is None:
        raise NotFound(f"no entity {iri} in this knowledge base")
    graph = read.graph().entities
    around = set(graph.successors(iri)) | set(graph.predecessors(iri)) if iri in graph else set()
    focus = [dict(f, properties={**f["properties"], "focus": True}) for f in every if f["properties"]["iri"] == iri]
    others = [f for f in every if f["properties"]["iri"] in around and f["properties"]["iri"] != iri][:NEAR_LIMIT]
    return others + focus  # the focus last: drawn on top


def legend(kb: KnowledgeBase, chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each group with its bilingual label, colour and count among ``chosen`` (legend order)."""
    counts: dict[str, int] = {}
    for f in chosen:
        counts[f["properties"]["group"]] = counts.get(f["properties"]["group"], 0) + 1
    out = []
    for name, colour in (*GROUPS, OTHER):
        label = term(kb, KG[name])  # every group is a class of the ontology
        out.append(
            {
                "name": name,
                "label": label["label"],
                "label_en": label["label_en"],
                "colour": colour,
                "count": counts.get(name, 0),
            }
        )
    return out


def type_labels(kb: KnowledgeBase, chosen: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """``{class local name: {"label", "label_en"}}`` for the types among ``chosen`` (popups
    name the type from here, not from every feature)."""
    names = sorted({f["properties"]["type"] for f in chosen})
    return {
        name: {k: v for k, v in term(kb, KG[name]).items() if k in ("label", "label_en")}
        if name in KG.__annotations__
        else {"label": name, "label_en": name}
        for name in names
    }


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadQuery(f"{name} must be a whole number, got {raw[:40]!r}") from None


@bp.get("/api/map")
def api_map() -> Response:
    """GeoJSON of the entities with a point; ``type=`` (repeatable), ``min_mentions=``, ``near=``."""
    kb, near = get_kb(), request.args.get("near") or None
    types, min_mentions = request.args.getlist("type"), _int_arg("min_mentions", 0)
    key = (tuple(sorted(set(types))), min_mentions)
    built = _cached(kb)
    body = None if near else built.bodies.get(key)
    if body is None:
        body = Body(_json(map_data(kb, types, min_mentions, near)))
        if not near and len(built.bodies) < BODIES_KEPT:
            built.bodies[key] = body
    return body.response()


@bp.get("/api/map/outline")
def api_outline() -> Response:
    """Vietnam and its neighbours as GeoJSON, cut from world-atlas once (:mod:`web.outline`)."""
    try:
        data = outline()
    except vendor.MissingAsset as exc:
        raise NotFound(str(exc)) from None
    if not _OUTLINE or _OUTLINE[0].source is not data:
        _OUTLINE[:] = [Body(_json(data), source=data)]
    response = _OUTLINE[0].response()
    response.cache_control.max_age, response.cache_control.public = 86400, True
    return response


def _json(data: dict[str, Any]) -> bytes:
    """Compact JSON, as ``jsonify`` writes it outside debug mode."""
    return current_app.json.dumps(data, separators=(",", ":")).encode()


@dataclass
class Body:
    """A JSON answer kept for reuse, with its gzip made once: the whole map is 700 kB, and
    compressing it took 31 ms per request (``web.compress`` leaves a response that is already
    encoded alone)."""

    raw: bytes
    source: object = None  # what it was made from (the outline's cached dict)
    zipped: bytes | None = None

    def response(self) -> Response:
        response = current_app.response_class(self.raw, mimetype=GEOJSON)
        response.vary.add("Accept-Encoding")
        if "gzip" in request.headers.get("Accept-Encoding", "") and len(self.raw) >= MIN_BYTES:
            if self.zipped is None:
                self.zipped = gzip.compress(self.raw, compresslevel=6, mtime=0)
            response.set_data(self.zipped)
            response.headers["Content-Encoding"] = "gzip"
        return response


@bp.get("/map")
def map_page() -> str:
    """The map page; its markers come from ``/api/map`` (``type=`` pre-ticks the legend,
    ``all=1`` shows units no document names too)."""
    kb = get_kb()
    every = features(kb)
    mentioned_only = request.args.get("all") != "1"
    mentioned = [f for f in every if f["properties"]["mentions"]]
    # A checkbox for every group on the map; its count is that of what is drawn at first.
    counts = {g["name"]: g["count"] for g in legend(kb, mentioned if mentioned_only else every)}
    groups = [{**g, "count_display": format_number(counts[g["name"]])} for g in legend(kb, every) if g["count"]]
    approximate = sum(1 for f in every if f["properties"]["approximate"])
    return render_template(
        "pages/map.html",
        groups=groups,
        total_display=format_number(len(every)),
        mentioned_display=format_number(len(mentioned)),
        approximate_display=format_number(approximate),
        checked=set(request.args.getlist("type")) & {g["name"] for g in groups},
        mentioned_only=mentioned_only,
        find=request.args.get("find", "")[:100],
        missing=missing_libraries(),
    )


def missing_libraries() -> list[str]:
    """The map's browser files that are not installed (the page says so and draws nothing)."""
    return [name for name in ("leaflet.js", "leaflet.css", "countries-50m.json") if not vendor.available(name)]


@bp.app_template_global()
def map_point(iri: str) -> dict[str, Any] | None:
    """The entity's point for its page's small map, or None: ``lat``, ``long``, ``via`` (the
    unit it is drawn at, ``{"label", "path"}``, when approximate) and ``libraries`` (False
    when Leaflet is not installed: the page says so instead of drawing)."""
    kb = get_kb()
    where = locations(kb).get(str(iri))
    if where is None:
        return None
    via = {"label": reader(kb).label(where.via[0]), "path": path_of(kb.iris, where.via[0])} if where.via else None
    return {"lat": where.lat, "long": where.long, "via": via, "libraries": not missing_libraries()}
