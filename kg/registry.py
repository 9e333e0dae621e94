"""Name registries: a name maps to ``"module:attr"``, imported only when asked for.

Store backends, retrievers, lazily loaded CLI commands and after-change hooks all use this,
so choosing one never imports the others, and an unknown name lists the valid ones.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import ConfigError


def load(spec: str) -> Any:
    """The object named by ``"package.module:attr"`` (its type is known once imported)."""
    module, attr = spec.split(":")
    return getattr(importlib.import_module(module), attr)


def lookup(registry: dict[str, str], name: str, what: str) -> Any:
    """The object registered under ``name``; ConfigError listing the choices otherwise."""
    if name not in registry:
        raise ConfigError(f"unknown {what} {name!r}; choose one of: {', '.join(registry)}")
    return load(registry[name])
