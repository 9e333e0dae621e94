"""Values computed once per store generation, for reads too slow to repeat on every request.

A writer bumps the store's generation after every commit (:meth:`kg.kb.KnowledgeBase.generation`),
so a value kept under the generation it was computed in is never stale: the next request
after a change computes it afresh. The read layer (:mod:`kg.read.reader`) does the same for
the entity index and graph; this is the same rule for the web's own summaries (the named
document list, the whole store's timeline).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase

T = TypeVar("T")

_CACHE: weakref.WeakKeyDictionary[object, tuple[str, dict[str, object]]] = weakref.WeakKeyDictionary()
# kb -> (generation, {name: value})
_LOCK = threading.Lock()


def per_generation(kb: KnowledgeBase, name: str, build: Callable[[], T]) -> T:
    """``build()`` once per store generation of ``kb`` (kept as long as ``kb`` is open).

    Two requests arriving together may both build it: the same value, no harm, and no
    request waits on another's lock while the store is read.
    """
    token = kb.generation()
    with _LOCK:
        held = _CACHE.get(kb)
        if held is None or held[0] != token:
            held = _CACHE[kb] = (token, {})
    if name not in held[1]:
        held[1][name] = build()
    return cast(T, held[1][name])  # each name is always built by the same function: one type
