"""The 2025 successor of an administrative unit, from the official data (kg.gazetteer).

"Phường Khương Trung sau sáp nhập năm 2025 thuộc phường nào?", "What did Quang Nam province
become in 2025?": answered even when no article names the new unit. The smallest unit the
question names is the one asked about; a unit the graph does not hold is found by name, and
the question's other names (its district, its province) choose among namesakes.
"""

from __future__ import annotations

from collections.abc import Callable

from .lexicon import token_spans, tokens
from .understand import PLACE_TYPES, Interpretation

LEVEL_ORDER = {"Ward": 0, "City": 1, "Province": 2}
_TYPES = {"province": "Province", "district": "City", "ward": "Ward"}


def successor_answers(q: Interpretation, entity_iri: Callable[[str, str], str]) -> list[dict]:
    """Answer dicts for the 2025 unit(s) that took over the place asked about;
    ``entity_iri(type, key)`` names the graph node."""
    from kg import gazetteer

    named = [n for m in q.matches for n in m.of_kind("entity") if n.type in PLACE_TYPES]
    place = min(named, key=lambda n: LEVEL_ORDER.get(n.type, 9), default=None)
    units = successors_by_name(q.question)
    if not units and place is not None:
        code = place.iri.rstrip("/").rsplit("/", 1)[-1]
        units = [gazetteer.unit(code.removeprefix("2025-"), "2025")] if code.startswith("2025-") \
            else list(gazetteer.successors(code))
    out = []
    for unit in (u for u in units if u is not None):
        kind = _TYPES[unit.level]
        parent = gazetteer.unit(unit.parent, "2025") if unit.parent else None
        label = f"{unit.name} (2025)" + (f", {parent.name}" if parent else "")
        out.append({"iri": entity_iri(kind, f"2025-{unit.code}"), "label": label, "type": kind, "value": None,
                    "evidence": []})
    return out


def successors_by_name(question: str) -> list:
    """2025 successors of a unit the graph does not hold, found by name in the official data;
    the other names of the question (its district, its province) choose among namesakes."""
    from kg import gazetteer

    spans, folded = token_spans(question), f" {' '.join(tokens(question))} "
    for size in (4, 3, 2):
        for i in range(len(spans) - size + 1):
            text = question[spans[i][1]:spans[i + size - 1][2]]
            found = [u for level in ("ward", "district", "province") for u in gazetteer.find_units(text, level)]
            if not found:
                continue
            def parents_named(u) -> int:
                return sum(f" {' '.join(tokens(p.short))} " in folded for p in gazetteer.lineage(u.code)[1:])
            best = max(found, key=parents_named)
            return list(gazetteer.successors(best.code))
    return []
