"""Every data file the packages read ships in the wheel: each matches a package-data pattern.

A file under a package that no pattern covers works in the editable checkout and is silently
missing from an installed wheel (``search/qa/calibration.json`` was, once), so the check is made
on the files in the tree rather than on a built wheel, which would take a build per test run.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kg", "ontology", "search", "web")
SKIPPED = {".py", ".pyc"}


def data_files(package: str) -> list[str]:
    """Files under the package that are not Python, relative to it (caches left out)."""
    base = ROOT / package
    return sorted(
        str(path.relative_to(base))
        for path in base.rglob("*")
        if path.is_file() and path.suffix not in SKIPPED and "__pycache__" not in path.parts
    )


def test_every_data_file_is_declared_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    found = {package: data_files(package) for package in PACKAGES}
    assert found["web"] and found["kg"] and found["ontology"], found
    undeclared = [
        f"{package}/{name}"
        for package, names in found.items()
        for name in names
        if not any(
            fnmatch(name, pattern) and name.count("/") == pattern.count("/") for pattern in patterns.get(package, [])
        )
    ]
    assert not undeclared, f"not shipped in the wheel (add to [tool.setuptools.package-data]): {undeclared}"
