"""The typed, frozen objects a question's answer is made of: evidence, answers, the result.

Retrieval builds :class:`Answer` objects once (from query rows, from the passage reader, from
the official 2025 data); every later step (evidence, linked entities, ranking, calibration)
returns new ones with :func:`dataclasses.replace` instead of changing them, so what rank hands
to render is what the JSON shows. ``to_dict`` is the answer JSON of ``kg ask --json`` and
``/api/ask``: the keys of the dicts the answerer used to pass around, an optional key only when
it has a value (``features`` marks a ranked answer, ``span`` a reader's evidence).

An answer can also be read like its JSON (``answer["label"]``, ``answer.get("display")``), so
code that prints answers (``kg ask``) needs no second vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any


def frozen_map(data: Mapping | None) -> Mapping:
    """A read-only copy of ``data`` (an answer's details, features)."""
    return MappingProxyType(dict(data or {}))


class _ReadsLikeJSON:
    """``obj["key"]`` and ``obj.get("key")`` read ``to_dict()``."""

    def to_dict(self) -> dict:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:  # a JSON value
        return self.to_dict()[key]

    def get(self, key: str, default: object = None) -> Any:
        return self.to_dict().get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.to_dict()


@dataclass(frozen=True)
class Evidence(_ReadsLikeJSON):
    """A sentence an answer was read from. ``sentence`` is the sentence's IRI (graph answers);
    ``text``, ``doc_id``, ``source``, ``title`` are filled in from the store (or come with the
    passage); ``basis`` says how the sentence supports the answer (``stated``, ``co-mention``,
    ``mention``); a reader's evidence has the answer's ``span`` in ``text`` and the sentence's
    ``sentence_index`` in its document."""

    sentence: str | None = None
    text: str | None = None
    doc_id: str | None = None
    source: str | None = None
    title: str | None = None
    basis: str = "stated"
    span: tuple[int, int] | None = None
    sentence_index: int | None = None

    def to_dict(self) -> dict:
        out: dict[str, object] = {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "sentence": self.sentence,
            "text": self.text,
            "basis": self.basis,
        }
        if self.span is not None:
            out["span"] = list(self.span)
        if self.sentence_index is not None:
            out["sentence_index"] = self.sentence_index
        return out


#: Optional answer keys, in the order the JSON gives them (present only with a value).
_OPTIONAL = (
    "display",
    "unit",
    "measure",
    "text",
    "details",
    "topic_score",
    "predicate",
    "direction",
    "entities",
    "source",
    "features",
    "confidence",
)


@dataclass(frozen=True)
class Answer(_ReadsLikeJSON):
    """One answer: a graph node (entity, statement, figure, sentence) or a span read from a
    passage, with its evidence and, once ranked, its own calibrated ``confidence``.

    ``value`` is a number for figures (JSON keeps numbers; ``display`` is the way people read
    it: "60.000 tỷ đồng", "9,5 %"), the relation in words for "what is said about X" and paths,
    a count in words for "most connected".
    """

    iri: str | None
    label: str | None
    type: str | None
    value: object = None
    evidence: tuple[Evidence, ...] = ()
    display: str | None = None
    unit: str | None = None
    measure: str | None = None  # a figure's measure phrase, as read
    text: str | None = None  # what someone said: the sentence
    details: Mapping | None = None  # a graph figure: indicator, comparator, target, period, status …
    topic_score: float | None = None  # a statement's calibrated probability for the topic asked
    predicate: str | None = None  # "what is said about X": the relation and its direction
    direction: str | None = None
    entities: tuple[Mapping, ...] | None = None  # graph nodes a statement or figure points to
    source: str = "graph"  # "graph" or "reader"
    features: Mapping | None = None  # what calibration read (ranked answers only)
    confidence: float | None = None

    def to_dict(self) -> dict:
        out = {
            "iri": self.iri,
            "label": self.label,
            "type": self.type,
            "value": self.value,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        for name in _OPTIONAL:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, Mapping):
                value = dict(value)
            elif name == "entities":
                value = [dict(e) for e in value]
            out[name] = value
        return out


@dataclass(frozen=True)
class Result(_ReadsLikeJSON):
    """The result of one question; :meth:`to_dict` is ``kg ask --json`` and ``/api/ask``."""

    question: str
    language: str
    interpretation: Mapping
    sparql: str | None
    answers: tuple[Answer, ...]
    passages: tuple[Mapping, ...]
    confidence: float
    message: str
    count: int | None = None
    path: tuple[Mapping, ...] | None = None
    queries: tuple[str, ...] = ()  # every query run, the answering one first
    expected: str | None = None  # the kind of answer the question wants (search.qa.expect)
    more: int = 0  # answers of a list left out where relevance dropped

    def to_dict(self) -> dict:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "answers":
                value = [a.to_dict() for a in value]
            elif f.name in ("passages", "path") and value is not None:
                value = [dict(v) for v in value]
            elif f.name == "queries":
                value = list(value)
            elif isinstance(value, Mapping):
                value = _plain(value)
            out[f.name] = value
        return out


def _plain(value: object) -> object:
    """Nested read-only mappings as plain dicts (the interpretation)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


__all__ = ["Answer", "Evidence", "Result", "frozen_map"]
