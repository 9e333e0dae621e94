"""Vietnamese administrative units, from the data shipped by ``vietnamadminunits``.

The package carries a small SQLite file with every province, district and ward, both the
63-province layout in force until mid-2025 (``admin_units_legacy``) and the 34-province one
after it (``admin_units``). News and government documents name places from either era, so
both are read. We go through the package's own ``vietnamadminunits.database.query`` rather
than a path into site-packages, so an upgrade that moves the file does not break us.

Legacy units are the ones documents name; :func:`successors` maps each to the 2025 unit(s)
that took it over, from the tables behind the package's own ``convert_address``
(``vietnamadminunits.converter.converter_2025``, loaded with the package anyway).

Reading the tables takes under a second; every accessor is cached, so the cost is paid once
per process and callers may call them freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, overload

from kg.text import fold, normalise

#: Words naming a kind of unit. They head the full names ("Tỉnh Thái Nguyên", "Xã Tân
#: Quang") and are what titles and bodies say before a short name.
UNIT_TYPES = ("Tỉnh", "Thành phố", "Quận", "Huyện", "Thị xã", "Phường", "Xã", "Thị trấn")

_NAME_COLUMNS = {
    "admin_units_legacy": ("provinceShort", "districtShort", "wardShort"),
    "admin_units": ("provinceShort", "wardShort"),
}
_TYPE_COLUMNS = {
    "admin_units_legacy": ("districtType", "wardType"),
    "admin_units": ("wardType",),
}


def _distinct(table: str, column: str) -> list[str]:
    from vietnamadminunits.database import query

    rows = query(f"SELECT DISTINCT [{column}] AS v FROM [{table}] WHERE [{column}] IS NOT NULL")
    return [row["v"] for row in rows]


@lru_cache(maxsize=1)
def unit_types() -> frozenset[str]:
    """Unit-type words: the fixed list plus any new kind the data has (e.g. ``Đặc khu``)."""
    found = {normalise(t) for table, cols in _TYPE_COLUMNS.items() for c in cols for t in _distinct(table, c)}
    return frozenset(found | {normalise(t) for t in UNIT_TYPES})


@lru_cache(maxsize=1)
def admin_names() -> frozenset[str]:
    """Accented short names of provinces, districts and wards (legacy and 2025), and unit types.

    Short names are what running text uses ("Sông Công", not "Thành phố Sông Công"); they
    are normalised with :func:`kg.text.normalise` so they compare equal to document text.

    Returns:
        A frozen set such as ``{"Thái Nguyên", "Sông Công", "Mỏ Chè", "Huyện", ...}``.
    """
    raw = {_plain(name).strip() for table, cols in _NAME_COLUMNS.items() for c in cols for name in _distinct(table, c)}
    # One normalise call over all names: per-name calls cost seconds, not milliseconds.
    names = set(normalise("\n".join(sorted(raw))).split("\n"))
    names.discard("")
    return frozenset(names | unit_types())


# --- Official units: lookup by code and by name ------------------------------------------
#
# Extraction links mentions to units by their official code. Names repeat across the
# country ("Châu Thành" is a district in ten provinces, "Phường 1" a ward in dozens), so a
# name lookup returns every candidate and the caller decides with the document's context.

#: Levels of the legacy layout; the 2025 layout has no district level.
LEVELS = ("province", "district", "ward")


@dataclass(frozen=True)
class Unit:
    """One official administrative unit, of the legacy (63-province) or the 2025 layout.

    ``code`` is the national code ("19", "165", "05512"), ``name`` the official full name
    ("Phường Mỏ Chè"), ``short`` the name running text uses ("Mỏ Chè"), ``unit_type`` the
    kind ("Phường"), ``parent`` the code of the enclosing unit of the same layout.
    """

    code: str
    level: str
    name: str
    short: str
    unit_type: str
    parent: str | None
    lat: float | None
    lon: float | None
    era: str = "legacy"


@dataclass(frozen=True)
class _Index:
    units: dict[str, Unit]  # code -> Unit
    by_name: dict[tuple[str, str], tuple[Unit, ...]]  # (level, name_key) -> units
    successors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # legacy code -> 2025 codes


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Lookup key of a unit name: folded, digits without leading zeros, no spaces or dashes.

    ``"Bà Rịa - Vũng Tàu"``, ``"Bà Rịa-Vũng Tàu"`` and ``"ba ria vung tau"`` share a key;
    so do ``"Hoà Bình"`` and ``"Hòa Bình"``.
    """
    return re.sub(r"[^0-9a-z]", "", re.sub(r"\b0+(?=\d)", "", fold(name)))


#: The data tells apart two same-named units of one parent by a type suffix ("Kỳ Anh
#: (Thị xã)", "Yên Viên (Xã)"); text never writes it, and the type word before the name
#: tells them apart.
_TYPE_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


@overload
def _plain(short: str) -> str: ...
@overload
def _plain(short: str | None) -> str | None: ...
def _plain(short: str | None) -> str | None:
    """A short name without the data's disambiguating "(Huyện)"/"(Thị xã)" suffix."""
    return _TYPE_SUFFIX.sub("", short) if short else short


def _unit_type(full: str, short: str) -> str:
    # Provinces carry no type column: the type is the full name minus the short name.
    return full[: len(full) - len(short)].strip() if full.endswith(short) else full.split()[0]


def _short_keys(unit: Unit) -> set[str]:
    # Numbered units are stored as "Quận 1" / "Phường 12": text says "Quận 1", so "1" is
    # what follows the type word and must also find them.
    keys = {name_key(unit.short)}
    if unit.short.startswith(unit.unit_type) and unit.short[len(unit.unit_type) :].strip().isdigit():
        keys.add(name_key(unit.short[len(unit.unit_type) :]))
    return keys


def _index(units: list[Unit]) -> tuple[dict[str, Unit], dict[tuple[str, str], tuple[Unit, ...]]]:
    by_code: dict[str, Unit] = {}
    by_name: dict[tuple[str, str], list[Unit]] = {}
    for unit in units:
        if unit.code in by_code:
            continue
        by_code[unit.code] = unit
        for key in _short_keys(unit):
            by_name.setdefault((unit.level, key), []).append(unit)
    return by_code, {k: tuple(v) for k, v in by_name.items()}


def _legacy_rows() -> list[dict[str, Any]]:
    from vietnamadminunits.database import query

    rows: list[dict[str, Any]] = query(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
        " district, districtShort, districtType, districtCode, districtLat, districtLon,"
        " districtKey, ward, wardShort, wardType, wardCode, wardLat, wardLon, wardKey"
        " FROM admin_units_legacy"
    )
    return rows


def _province(r: dict[str, Any], era: str) -> Unit:
    """The province of a row of the package's tables (both layouts name it the same way)."""
    return Unit(
        r["provinceCode"],
        "province",
        r["province"],
        r["provinceShort"],
        _unit_type(r["province"], r["provinceShort"]),
        None,
        r["provinceLat"],
        r["provinceLon"],
        era,
    )


def _legacy_units(rows: list[dict[str, Any]]) -> list[Unit]:
    units = []
    for r in rows:
        units.append(_province(r, "legacy"))
        units.append(
            Unit(
                r["districtCode"],
                "district",
                r["district"],
                _plain(r["districtShort"]),
                r["districtType"],
                r["provinceCode"],
                r["districtLat"],
                r["districtLon"],
            )
        )
        if r["wardCode"]:
            units.append(
                Unit(
                    r["wardCode"],
                    "ward",
                    r["ward"],
                    _plain(r["wardShort"]),
                    r["wardType"],
                    r["districtCode"],
                    r["wardLat"],
                    r["wardLon"],
                )
            )
    return units


def _units_2025() -> tuple[list[Unit], dict[str | tuple[str, str], str]]:
    from vietnamadminunits.database import query

    units: list[Unit] = []
    by_key: dict[str | tuple[str, str], str] = {}
    for r in query("SELECT * FROM admin_units"):
        units.append(_province(r, "2025"))
        units.append(
            Unit(
                r["wardCode"],
                "ward",
                r["ward"],
                _plain(r["wardShort"]),
                r["wardType"],
                r["provinceCode"],
                r["wardLat"],
                r["wardLon"],
                "2025",
            )
        )
        by_key[r["provinceKey"]] = r["provinceCode"]
        by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
    return units, by_key


def _successor_map(
    rows: list[dict[str, Any]], new_codes: dict[str | tuple[str, str], str]
) -> dict[str, tuple[str, ...]]:
    """Legacy code -> 2025 codes, from the package's own conversion table.

    Provinces map to the merged province; wards to the ward(s) that took them over (all of
    them when a ward was divided, the package's default first); districts only where the
    package maps the whole district (island districts that became special zones).
    """
    from vietnamadminunits.converter import converter_2025 as data

    old_to_new: dict[str, list[str | None]] = {}
    for new_p, olds in data.DICT_PROVINCE.items():
        for old in olds:
            old_to_new.setdefault(old, []).append(new_codes.get(new_p))
    for new_p, wards in data.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for new_w, olds in wards.items():
            for old in olds:
                old_to_new.setdefault(old, []).append(new_codes.get((new_p, new_w)))
    for new_p, olds in data.DICT_PROVINCE_WARD_DIVIDED.items():
        for old, options in olds.items():
            ranked = sorted(options, key=lambda o: not o["isDefaultNewWard"])
            old_to_new.setdefault(old, []).extend(new_codes.get((new_p, o["newWardKey"])) for o in ranked)
    out: dict[str, tuple[str, ...]] = {}
    for r in rows:
        for code, key in (
            (r["provinceCode"], r["provinceKey"]),
            (r["districtCode"], f"{r['provinceKey']}_{r['districtKey']}_"),
            (r["wardCode"], f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"),
        ):
            found = tuple(dict.fromkeys(c for c in old_to_new.get(key, ()) if c))
            if code and found:
                out[code] = found
    return out


@lru_cache(maxsize=1)
def _legacy() -> _Index:
    rows = _legacy_rows()
    new_codes = _units_2025()[1]
    by_code, by_name = _index(_legacy_units(rows))
    return _Index(by_code, by_name, _successor_map(rows, new_codes))


@lru_cache(maxsize=1)
def _current() -> _Index:
    by_code, by_name = _index(_units_2025()[0])
    return _Index(by_code, by_name)


def _era(era: str) -> _Index:
    return _current() if era == "2025" else _legacy()


def unit(code: str | None, era: str = "legacy") -> Unit | None:
    """The unit with an official code (``"19"``, ``"165"``, ``"05512"``), or None."""
    return _era(era).units.get(code) if code else None


def parent(code: str, era: str = "legacy") -> Unit | None:
    """The enclosing unit (ward -> district -> province; 2025: ward -> province)."""
    found = unit(code, era)
    return unit(found.parent, era) if found and found.parent else None


def lineage(code: str | None, era: str = "legacy") -> tuple[Unit, ...]:
    """The unit and every unit enclosing it, smallest first (none for no code)."""
    out, found = [], unit(code, era)
    while found:
        out.append(found)
        found = unit(found.parent, era) if found.parent else None
    return tuple(out)


def find_units(name: str, level: str | None = None, era: str = "legacy", exact: bool = False) -> tuple[Unit, ...]:
    """Every unit of a level whose short name matches ``name`` (any level when None).

    Matching ignores case, spaces and dashes, and accents unless ``exact``; but when some
    candidates match with the accents as written, only those are returned ("Tân Lập" does
    not also return a "Tấn Lập", "Hà Nội" is not "Hanoi").
    """
    index, key = _era(era), name_key(name)
    levels = (level,) if level else LEVELS
    found = [u for lvl in levels for u in index.by_name.get((lvl, key), ())]
    written = _written(name)
    same = [u for u in found if _written(u.short) in (written, _written(f"{u.unit_type} {name}"))]
    return tuple(same if same or exact else found)


@lru_cache(maxsize=65536)
def _written(name: str) -> str:
    return re.sub(r"[\s-]", "", normalise(name).casefold())


def successors(code: str) -> tuple[Unit, ...]:
    """The 2025 unit(s) that took over a legacy unit (a divided ward has several)."""
    return tuple(u for c in _legacy().successors.get(code, ()) if (u := unit(c, "2025")) is not None)


def successor(code: str) -> Unit | None:
    """The main 2025 successor of a legacy unit (the package's default), or None."""
    found = successors(code)
    return found[0] if found else None


@lru_cache(maxsize=4)
def name_keys(levels: tuple[str, ...] = ("province", "district")) -> frozenset[str]:
    """:func:`name_key` of every unit name at these levels, legacy and 2025 alike: lets a
    question that names a place the graph knows nothing about be told apart from one that
    names no place at all."""
    return frozenset(key for index in (_legacy(), _current()) for (level, key) in index.by_name if level in levels)
