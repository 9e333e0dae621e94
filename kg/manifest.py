"""Sidecar manifests: the publication date, URL and site of files listed beside them.

A folder of articles often comes with a table of where each came from: the corpus layout is
``MANIFEST.tsv`` with the columns ``file``, ``title``, ``site``, ``date``, ``url`` (others
are ignored), and a CSV with the same header works too. When such a file sits in the same
folder as an ingested text file, the row for that file gives the document its ``date``
(normalised to ``YYYY-MM-DD``), ``url`` and ``source`` (the site). Values a file states
itself (a JSON Lines record's own fields) win over the manifest's.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

NAMES = ("MANIFEST.tsv", "MANIFEST.csv", "manifest.tsv", "manifest.csv")
MAX_BYTES = 50_000_000  # a manifest is a table of names, not a corpus
_DATE_FORMS = (
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),  # Vietnamese day/month/year
)


def normalise_date(text: str) -> str | None:
    """``20201001``, ``2020-10-01``, ``1/10/2020`` -> ``2020-10-01``; None when not a real date."""
    text = (text or "").strip()
    for pattern, (y, m, d) in _DATE_FORMS:
        found = pattern.match(text)
        if found:
            try:
                return date(int(found[y]), int(found[m]), int(found[d])).isoformat()
            except ValueError:
                return None
    return None


def manifest_for(path: Path) -> dict[str, str]:
    """The manifest fields of one file (empty when its folder has no manifest or no row)."""
    table = _table(str(path.parent))
    return dict(table.get(path.name, {}))


@lru_cache(maxsize=64)
def _table(folder: str) -> dict[str, dict[str, str]]:
    """``{file name: {"date", "url", "source"}}`` from the folder's manifest (read once)."""
    for name in NAMES:
        path = Path(folder) / name
        if path.is_file() and path.stat().st_size <= MAX_BYTES:
            return _read(path)
    return {}


def _read(path: Path) -> dict[str, dict[str, str]]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    out: dict[str, dict[str, str]] = {}
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")  # printable whatever its bytes
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = csv.DictReader(fh, delimiter=delimiter)
            for row in rows:
                name = (row.get("file") or "").strip()
                if name:
                    out[name] = _fields(row, f"{shown}:{rows.line_num}")
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}  # an unreadable manifest adds nothing; the documents are still read
    return out


def _fields(row: Mapping[str, str | None], where: str) -> dict[str, str]:
    given = (row.get("date") or "").strip()
    fields = {
        "date": normalise_date(given),
        "url": (row.get("url") or "").strip(),
        "source": (row.get("site") or row.get("source") or "").strip(),
    }
    if given and not fields["date"]:
        log.warning(
            'warning: %s: "date" %r is not a date (YYYY-MM-DD, YYYYMMDD or D/M/YYYY); %r is read without it',
            where,
            given[:40],
            (row.get("file") or "").strip(),
        )
    return {k: v for k, v in fields.items() if v}
