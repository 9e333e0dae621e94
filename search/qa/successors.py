"""The 2025 successor of an administrative unit, from the official data (kg.gazetteer).

"Phường Khương Trung sau sáp nhập năm 2025 thuộc phường nào?", "What did Quang Nam province
become in 2025?": answered even when no article names the new unit. The smallest unit the
question names is the one asked about; a unit the graph does not hold is found by name, and
the question's other names (its district, its province) choose among namesakes.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.gazetteer import Unit
from kg.text import fold

from .lexicon import token_spans, tokens
from .result import Answer
from .understand import PLACE_TYPES, Interpretation

LEVEL_ORDER = {"Ward": 0, "City": 1, "Province": 2}
_TYPES = {"province": "Province", "district": "City", "ward": "Ward"}


def successor_answers(q: Interpretation, entity_iri: Callable[[str, str], str]) -> list[Answer]:
    """Answers for the 2025 unit(s) that took over the place asked about;
    ``entity_iri(type, key)`` names the graph node."""
    from kg import gazetteer

    named = [n for m in q.matches for n in m.of_kind("entity") if n.type in PLACE_TYPES]
    place = min(named, key=lambda n: LEVEL_ORDER.get(n.type, 9), default=None)
    units: list[Unit | None] = []
    if place is not None:
        code = place.iri.rstrip("/").rsplit("/", 1)[-1]
        units = (
            [gazetteer.unit(code.removeprefix("2025-"), "2025")]
            if code.startswith("2025-")
            else list(gazetteer.successors(code))
        )
    source, by_name = successors_by_name(q.question)
    # the unit the graph linked, unless the question names a smaller one the graph does not hold
    if by_name and (not units or place is None or LEVEL_ORDER[_TYPES[source.level]] < LEVEL_ORDER.get(place.type, 9)):
        units = by_name
    out = []
    for unit in (u for u in units if u is not None):
        kind = _TYPES[unit.level]
        parent = gazetteer.unit(unit.parent, "2025") if unit.parent else None
        label = f"{unit.name} (2025)" + (f", {parent.name}" if parent else "")
        out.append(Answer(iri=entity_iri(kind, f"2025-{unit.code}"), label=label, type=kind))
    return out


def successors_by_name(question: str) -> tuple:
    """The unit a question names (found by name in the official data, for units the graph does
    not hold) and its 2025 successors, or (None, []); the other names of the question (its
    district, its province) choose among namesakes."""
    from kg import gazetteer

    spans, folded = token_spans(question), f" {' '.join(tokens(question))} "
    words = [fold(question[a:b]) for _, a, b in spans]
    said = [question[a:b].casefold() for _, a, b in spans]
    for size in (4, 3, 2):
        found = []
        for i in range(len(spans) - size + 1):
            text = question[spans[i][1] : spans[i + size - 1][2]]
            before = " ".join(words[max(0, i - 2) : i])
            found += [
                (u, before)
                for level in ("ward", "district", "province")
                for u in gazetteer.find_units(text, level)
                if (not _accented(text) or _same_accents(text, u)) and not _type_word(said, words, i)
            ]
        if not found:
            continue

        def fit(candidate: tuple[Unit, str]) -> tuple[int, int]:
            """The unit type said before the name ("Tỉnh Trà Vinh" is the province, not the
            city of that name), then how many of its parents the question names."""
            u, before = candidate
            typed = bool(before) and (
                before.endswith(fold(u.unit_type)) or before.endswith(_ABBREV.get(u.unit_type, "-"))
            )
            return typed, sum(f" {' '.join(tokens(p.short))} " in folded for p in gazetteer.lineage(u.code)[1:])

        best = max(found, key=fit)[0]
        return best, list(gazetteer.successors(best.code))
    return None, []


def _type_word(said: list[str], words: list[str], i: int) -> bool:
    """Whether the i-th word says a unit's type (a name does not begin with it: "Tỉnh Trà" is
    not Tịnh Trà); without tones "thanh" is "thành" only before "pho" (Thanh Hóa is a name)."""
    if said[i] in _TYPE_WORDS:
        return True
    after = words[i + 1] if i + 1 < len(words) else ""
    return said[i] == words[i] and (words[i] in _FOLDED_TYPES or (words[i], after) in _FOLDED_PAIRS)


_TYPE_WORDS = frozenset({"tỉnh", "thành", "tp", "quận", "huyện", "thị", "xã", "trấn", "phường"})
_FOLDED_TYPES = frozenset({"tinh", "tp", "quan", "huyen", "phuong", "xa"})
_FOLDED_PAIRS = frozenset({("thanh", "pho"), ("thi", "xa"), ("thi", "tran")})
_ABBREV = {"Thành phố": "tp", "Thị xã": "tx"}


def _accented(text: str) -> bool:
    return fold(text) != text.casefold()


def _same_accents(text: str, unit: Unit) -> bool:
    """A name written with its tones must match them: "Tỉnh Trà" is not "Xã Tịnh Trà"."""
    said = " ".join(text.casefold().split())
    return any(
        said == n or said.endswith(" " + n) or n.endswith(" " + said)
        for n in (" ".join(unit.name.casefold().split()), " ".join(unit.short.casefold().split()))
    )
