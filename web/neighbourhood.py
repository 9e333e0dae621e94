"""An entity's surroundings for its page: the neighbourhood to draw and related entities.

The graph is the read layer's (:attr:`kg.read.EntityGraph.entities`: entities only, an
observation linking its indicator to its place), built once per store generation and shared
with the question answerer; this module only turns its answers into what vis-network and the
templates expect (local paths, relation names in words).

Besides nodes and edges, the answer carries what the page needs to explain and tame a large
drawing without another request: the types present (the legend, and the short plural names
of the groups that leaves of one type are folded into, "12 phường, xã · wards") and the
relations present with their counts (the filter). Colours and shapes are the page's
(``web/static/graph.js``): they are presentation, not data.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg import read
from kg.errors import BadQuery
from kg.kb import KnowledgeBase
from kg.namespaces import KG

from .terms import local_name, path_of, term

MAX_NODES = 150  # drawn at once; the nearest are kept
DEPTHS = (1, 2)
# Short plural names for a group of entities of one type ("12 phường, xã · wards"): the
# ontology's labels name one thing, formally ("Đơn vị hành chính cấp xã"), too long for a node.
GROUP_NAMES = {
    "Country": ("quốc gia", "countries"),
    "Province": ("tỉnh, thành phố", "provinces"),
    "City": ("quận, huyện, thị xã", "districts"),
    "Ward": ("phường, xã", "wards"),
    "IndustrialPark": ("khu công nghiệp", "industrial parks"),
    "Road": ("tuyến đường", "roads"),
    "Indicator": ("chỉ tiêu", "indicators"),
    "Organization": ("cơ quan, tổ chức", "organisations"),
    "Company": ("doanh nghiệp", "companies"),
    "Person": ("người", "people"),
    "Role": ("chức vụ", "roles"),
    "Meeting": ("cuộc họp", "meetings"),
    "Congress": ("đại hội", "congresses"),
    "Event": ("sự kiện", "events"),
    "Term": ("nhiệm kỳ", "terms"),
    "Project": ("dự án", "projects"),
    "Bridge": ("cầu", "bridges"),
    "Hospital": ("bệnh viện", "hospitals"),
    "Airport": ("sân bay", "airports"),
    "Plant": ("nhà máy", "plants"),
    "School": ("trường học", "schools"),
    "Building": ("tòa nhà", "buildings"),
    "Seaport": ("cảng biển", "seaports"),
    "Canal": ("kênh", "canals"),
    "Interchange": ("nút giao", "interchanges"),
    "UrbanArea": ("khu đô thị", "urban areas"),
    "PowerLine": ("đường dây điện", "power lines"),
    "RailwayLine": ("tuyến đường sắt", "railway lines"),
    "Tunnel": ("hầm", "tunnels"),
}


def neighbourhood(kb: KnowledgeBase, iri: str, depth: int = 1, max_nodes: int = MAX_NODES) -> dict:
    """The entities within ``depth`` links of ``iri`` and the links between them.

    Returns:
        ``{"center", "depth", "truncated", "nodes": [{"id", "label", "type", "path",
        "distance"}], "edges": [{"from", "to", "label", "title", "relations"}], "types":
        [{"name", "label", "label_en", "group", "group_en", "count"}], "relations": [{"name",
        "label", "label_en", "count"}]}``, ready for vis-network. An edge's ``relations`` are
        the local names of its predicates; ``types`` and ``relations`` are most frequent first.

    Raises:
        BadQuery: ``depth`` is not 1 or 2.
        NotFound: ``iri`` is not an entity of the graph.
    """
    if depth not in DEPTHS:
        raise BadQuery(f"depth must be one of {', '.join(map(str, DEPTHS))}")
    graph = read.reader(kb).graph().entities
    found = read.neighbourhood(graph, iri, depth, max_nodes)
    nodes = [
        {
            "id": n,
            "label": graph.nodes[n].get("label", local_name(n)),
            "type": graph.nodes[n].get("type"),
            "path": path_of(kb.iris, n),
            "distance": distance,
        }
        for n, distance in found.nodes
    ]
    edges: list[dict[str, Any]] = []
    relations: Counter[str] = Counter()
    for s, o, predicates in found.edges:
        names = [term(kb, p) for p in predicates]
        relations.update(local_name(p) for p in predicates)
        edges.append(
            {
                "from": s,
                "to": o,
                "label": " · ".join(t["label"] for t in names),
                "title": " · ".join(t["label_en"] for t in names),
                "relations": [local_name(p) for p in predicates],
            }
        )
    return {
        "center": iri,
        "depth": depth,
        "truncated": found.truncated,
        "nodes": nodes,
        "edges": edges,
        "types": type_legend(kb, Counter(n["type"] for n in nodes if n["type"])),
        "relations": [{**_names(kb, name), "count": count} for name, count in _by_count(relations)],
    }


def type_legend(kb: KnowledgeBase, counts: Counter) -> list[dict]:
    """The types of ``counts`` with their labels and group names, most frequent first."""
    out = []
    for name, count in _by_count(counts):
        group = GROUP_NAMES.get(name)
        labels = _names(kb, name)
        out.append(
            {
                **labels,
                "group": group[0] if group else labels["label"].lower(),
                "group_en": group[1] if group else labels["label_en"].lower(),
                "count": count,
            }
        )
    return out


def _names(kb: KnowledgeBase, name: str) -> dict:
    if name not in KG.__annotations__:
        return {"name": name, "label": name, "label_en": name}
    found = term(kb, KG[name])
    return {"name": name, "label": found["label"], "label_en": found["label_en"]}


def _by_count(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def related(kb: KnowledgeBase, iri: str, k: int = 10) -> list[dict]:
    """Entities close to ``iri`` in the graph, best first (see :func:`kg.read.related`).

    Returns:
        ``[{"iri", "label", "type", "path", "score", "distance", "shared"}]`` where
        ``shared`` counts neighbours in common with ``iri``.
    """
    graph = read.reader(kb).graph().entities
    return [
        {
            "iri": r.iri,
            "label": graph.nodes[r.iri].get("label", local_name(r.iri)),
            "type": graph.nodes[r.iri].get("type"),
            "path": path_of(kb.iris, r.iri),
            "score": r.score,
            "distance": r.distance,
            "shared": r.shared,
        }
        for r in read.related(graph, iri, k)
    ]
