"""Values derived from the whole graph, built once per knowledge base and store generation.

The suggestion index and the province of every entity are read from the entity index and
graph (:mod:`kg.read`), which the reader caches per generation; what the web builds on top of
them is kept here the same way, so a request never rebuilds them and a committed document
(which moves the generation) is seen by the next request.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase

T = TypeVar("T")
_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def per_generation(kb: KnowledgeBase, name: str, build: Callable[[], T]) -> T:
    """``build()`` once per ``kb`` and generation of its store, under ``name``.

    Two requests asking at once build it once: the second waits for the first.
    """
    token = kb.generation()
    with _LOCK:
        slot = _MEMO.setdefault(kb, {})
        entry = slot.get(name)
        if entry is None or entry[0] != token:
            entry = slot[name] = (token, threading.Lock(), [])
    _, lock, box = entry
    with lock:
        if not box:
            box.append(build())
        return box[0]
