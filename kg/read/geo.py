"""Where entities are: every entity with a point on the map, read in two queries.

Only administrative units carry coordinates of their own (``wgs:lat``/``wgs:long`` from the
``vietnamadminunits`` gazetteer: provinces, district-level units and wards, legacy and 2025).
Industrial parks, projects and roads have none, but the text often says where they are
(``kg:locatedIn`` a unit): they are placed at that unit's point and marked approximate, so a
map can show them without pretending to know more. A road that runs through several
provinces is still placed at one of them; ``via`` lists every unit it is located in.

The map, the entity page's small map and ``/api/map`` ask :func:`locations` for the same
records, built once per store generation with the rest of the read layer
(:class:`kg.read.GraphReader`), so the whole corpus costs two queries and not one per entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal

from ..namespaces import local_name, sparql_prefixes
from .index import EntityInfo, entity_prefix
from .reader import reader

if TYPE_CHECKING:
    from ..kb import KnowledgeBase
    from ..store import Store

# A unit further down the hierarchy says more about where something is: a park "in" both a
# ward and its province is drawn at the ward.
SPECIFICITY = {"Ward": 0, "City": 1, "Province": 2}


@dataclass(frozen=True)
class Location:
    """One entity's point.

    Attributes:
        iri: the entity.
        lat, long: WGS 84 decimal degrees.
        via: the units whose point this is, most specific first, when the entity has no
            coordinates of its own (empty for a unit with its own coordinates).
    """

    iri: str
    lat: float
    long: float
    via: tuple[str, ...] = ()

    @property
    def approximate(self) -> bool:
        """True when the point is that of a containing unit, not the entity's own."""
        return bool(self.via)


def scan_locations(store: Store, base: str, index: Mapping[str, EntityInfo]) -> dict[str, Location]:
    """Every entity of ``store`` that has a point, by IRI (sorted).

    Args:
        store: a :class:`kg.store.Store`.
        base: the knowledge base's base IRI.
        index: the entity index (:meth:`kg.read.GraphReader.entities`): unit classes and
            mention counts decide which containing unit places an entity.
    """
    prefix = Literal(entity_prefix(base)).n3()
    own: dict[str, Location] = {}
    for row in store.query(
        sparql_prefixes()
        + f"""SELECT ?e ?lat ?long WHERE {{
            ?e wgs:lat ?lat ; wgs:long ?long FILTER (STRSTARTS(STR(?e), {prefix})) }}"""
    ):
        point = _point(row["lat"], row["long"])
        if point is not None and str(row["e"]) not in own:
            own[str(row["e"])] = Location(str(row["e"]), *point)
    containers: dict[str, set[str]] = {}
    for row in store.query(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?e ?p WHERE {{
            ?e kg:locatedIn ?p . ?p wgs:lat ?lat FILTER (STRSTARTS(STR(?e), {prefix})) }}"""
    ):
        entity, place = str(row["e"]), str(row["p"])
        if entity not in own and place in own:
            containers.setdefault(entity, set()).add(place)
    out = dict(own)
    for entity, places in containers.items():
        via = tuple(sorted(places, key=lambda p: _rank(index.get(p), p)))
        out[entity] = Location(entity, own[via[0]].lat, own[via[0]].long, via)
    return dict(sorted(out.items()))


def _point(lat: Literal | None, long: Literal | None) -> tuple[float, float] | None:
    """``(lat, long)`` as floats when both are numbers within range, else None."""
    if lat is None or long is None:
        return None
    try:
        y, x = float(lat.toPython()), float(long.toPython())
    except (TypeError, ValueError, AttributeError):
        return None
    return (y, x) if -90 <= y <= 90 and -180 <= x <= 180 else None


def _rank(info: EntityInfo | None, iri: str) -> tuple[int, int, str]:
    """Sort key of a containing unit: the most specific level, then the most mentioned."""
    level = min((SPECIFICITY.get(t, len(SPECIFICITY)) for t in info.types), default=len(SPECIFICITY)) if info else 9
    return (level, -(info.mentions if info else 0), iri)


def locations(kb: KnowledgeBase) -> Mapping[str, Location]:
    """The points of ``kb``'s entities, cached with the read layer for this store generation."""
    read = reader(kb)
    index = read.entities()
    # The reader's per-generation cache: dropped with the entity index when a writer commits.
    return read._generation().get("locations", lambda: scan_locations(kb.store, kb.iris.base, index))


def subclasses(store: Store, ontology: str) -> dict[str, frozenset[str]]:
    """``{class local name: every kg: class it is a subclass of (itself included)}``.

    The map groups ``Bridge`` and ``Airport`` under ``Project`` from the ontology's own
    ``rdfs:subClassOf``, not from a list kept beside it.
    """
    rows = store.query(
        sparql_prefixes()
        + f"""SELECT ?c ?super WHERE {{ GRAPH <{ontology}> {{
            ?c a owl:Class ; rdfs:subClassOf* ?super
            FILTER (STRSTARTS(STR(?c), STR(kg:)) && STRSTARTS(STR(?super), STR(kg:))) }} }}""",
        union=False,
    )
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(local_name(row["c"]), {local_name(row["c"])}).add(local_name(row["super"]))
    return {name: frozenset(supers) for name, supers in sorted(out.items())}


def class_ancestors(kb: KnowledgeBase) -> Mapping[str, frozenset[str]]:
    """:func:`subclasses` of ``kb``'s ontology graph, cached like :func:`locations`."""
    read = reader(kb)
    return read._generation().get("subclasses", lambda: subclasses(kb.store, str(kb.iris.ontology_graph)))
