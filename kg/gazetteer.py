"""Vietnamese administrative units, from the data shipped by ``vietnamadminunits``.

The package carries a small SQLite file with every province, district and ward, both the
63-province layout in force until mid-2025 (``admin_units_legacy``) and the 34-province one
after it (``admin_units``). News and government documents name places from either era, so
both are read. We go through the package's own ``vietnamadminunits.database.query`` rather
than a path into site-packages, so an upgrade that moves the file does not break us.

Reading the tables takes a few hundred milliseconds; every accessor is cached, so the cost
is paid once per process and callers may call them freely.
"""

from __future__ import annotations

from functools import lru_cache

from kg.text import normalise

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
    found = {normalise(t) for table, cols in _TYPE_COLUMNS.items() for c in cols
             for t in _distinct(table, c)}
    return frozenset(found | {normalise(t) for t in UNIT_TYPES})


@lru_cache(maxsize=1)
def admin_names() -> frozenset[str]:
    """Accented short names of provinces, districts and wards (legacy and 2025), and unit types.

    Short names are what running text uses ("Sông Công", not "Thành phố Sông Công"); they
    are normalised with :func:`kg.text.normalise` so they compare equal to document text.

    Returns:
        A frozen set such as ``{"Thái Nguyên", "Sông Công", "Mỏ Chè", "Huyện", ...}``.
    """
    raw = {name.strip() for table, cols in _NAME_COLUMNS.items() for c in cols
           for name in _distinct(table, c)}
    # One normalise call over all names: per-name calls cost seconds, not milliseconds.
    names = set(normalise("\n".join(sorted(raw))).split("\n"))
    names.discard("")
    return frozenset(names | unit_types())
