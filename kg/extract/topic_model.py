"""The trained topic classifier: a calibrated probability per text and topic, in numpy only.

One logistic regression per topic of ``ontology/topics.ttl`` (one-vs-rest), trained by
``bench/train_topics.py`` on the hand-labelled statements of ``bench/topics/`` and shipped as
package data (``kg/data/topic_model.json``, 74 KiB). Applying it needs numpy only:
scikit-learn is used for training, never here.

What a topic's regression sees (:func:`topic_features`):

* the text's e5 query embedding (the vector :mod:`kg.extract.topics` computes anyway for its
  similarity check), times ``embed_scale``;
* three features of the keyword method for the topic and every concept below it (so a
  *transport* keyword counts for *infrastructure*): ``log(1 + keyword score)``, the
  similarity z-score to the concept's description divided by 3, and whether the keyword rule
  (:func:`kg.extract.topics.combine`) assigns it. They are standardised with the training
  mean and scale.

Each decision value goes through its topic's Platt scaling (fitted on out-of-fold scores of the
training articles), and a broader concept is at least as probable as any concept below it
(labels were expanded with ``skos:broader`` for training). A text's topics are those whose
probability reaches the topic's threshold (tuned out-of-fold on the training articles).

The model is tied to the encoder it was trained with: :func:`model_for` returns it only for
an encoder of the same ``model_id`` and dimension; any other encoder, or none, keeps the
keyword rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..embeddings import Encoder

ARTIFACT = "data/topic_model.json"  # inside the kg package
FORMAT = 1
OWN_FEATURES = ("log1p_keyword", "z_over_3", "rule")


@dataclass(frozen=True, eq=False)
class TopicModel:
    """Weights, standardisation, calibration and thresholds of the per-topic regressions.

    Arrays are indexed by ``topics`` (rows) and by :data:`OWN_FEATURES` (columns of the
    ``own_*`` arrays). ``broader`` gives, per topic, every concept above it, as trained.
    """

    model_id: str
    dim: int
    topics: tuple[str, ...]
    broader: Mapping[str, tuple[str, ...]]
    embed_scale: float
    weights: np.ndarray  # (topics, dim): on the embedding times embed_scale
    own_weights: np.ndarray  # (topics, features)
    own_mean: np.ndarray  # (topics, features)
    own_scale: np.ndarray  # (topics, features)
    bias: np.ndarray  # (topics,)
    platt: np.ndarray  # (topics, 2): probability = sigmoid(a * decision + b)
    thresholds: np.ndarray  # (topics,)
    info: Mapping[str, Any] = field(default_factory=dict)  # how it was trained (bench/train_topics.py)

    def decision(self, vectors: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Raw decision values ``(texts, topics)``; ``own`` from :func:`topic_features`."""
        standard = (own - self.own_mean) / self.own_scale
        decision: np.ndarray = (
            (vectors * self.embed_scale) @ self.weights.T
            + np.einsum("ntf,tf->nt", standard, self.own_weights)
            + self.bias
        )
        return decision

    def probabilities(
        self, vectors: np.ndarray, keywords: Sequence[Mapping[str, float]], z: np.ndarray, rule: Sequence[Iterable[str]]
    ) -> np.ndarray:
        """Calibrated probabilities ``(texts, topics)``.

        Args:
            vectors: the texts' L2-normalised query embeddings, ``(texts, dim)``.
            keywords: per text, :func:`kg.extract.topics.keyword_scores`.
            z: per text and topic (in ``self.topics`` order), the similarity z-scores.
            rule: per text, the topics the keyword rule assigns.
        """
        own = topic_features(self.topics, self.broader, keywords, z, rule)
        scores = self.decision(np.asarray(vectors, dtype=np.float64), own)
        return calibrate(scores, self.platt, subtrees(self.topics, self.broader))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "model_id": self.model_id,
            "dim": self.dim,
            "topics": list(self.topics),
            "broader": {k: list(v) for k, v in self.broader.items()},
            "own_features": list(OWN_FEATURES),
            "embed_scale": self.embed_scale,
            "weights": _rounded(self.weights),
            "own_weights": _rounded(self.own_weights),
            "own_mean": _rounded(self.own_mean),
            "own_scale": _rounded(self.own_scale),
            "bias": _rounded(self.bias),
            "platt": _rounded(self.platt),
            "thresholds": _rounded(self.thresholds),
            "info": dict(self.info),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TopicModel:
        if data.get("format") != FORMAT or tuple(data.get("own_features", ())) != OWN_FEATURES:
            raise ValueError("topic model of another format: retrain with bench/train_topics.py")
        arrays = {
            k: np.asarray(data[k], dtype=np.float64)
            for k in ("weights", "own_weights", "own_mean", "own_scale", "bias", "platt", "thresholds")
        }
        model = cls(
            model_id=data["model_id"],
            dim=int(data["dim"]),
            topics=tuple(data["topics"]),
            broader={k: tuple(v) for k, v in data["broader"].items()},
            embed_scale=float(data["embed_scale"]),
            info=data.get("info", {}),
            **arrays,
        )
        n, f = len(model.topics), len(OWN_FEATURES)
        shapes = {
            "weights": (n, model.dim),
            "own_weights": (n, f),
            "own_mean": (n, f),
            "own_scale": (n, f),
            "bias": (n,),
            "platt": (n, 2),
            "thresholds": (n,),
        }
        for name, shape in shapes.items():
            if arrays[name].shape != shape:
                raise ValueError(f"topic model: {name} has shape {arrays[name].shape}, not {shape}")
        return model

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def _rounded(array: np.ndarray, digits: int = 6) -> list[Any]:
    rounded: list[Any] = np.round(np.asarray(array, dtype=np.float64), digits).tolist()  # nested by the array's shape
    return rounded


def subtrees(topics: Sequence[str], broader: Mapping[str, Sequence[str]]) -> list[list[int]]:
    """Per topic, the indices of the topic and of every concept below it."""
    index = {t: i for i, t in enumerate(topics)}
    out = [[i] for i in range(len(topics))]
    for narrow, above in broader.items():
        for broad in above:
            if narrow in index and broad in index:
                out[index[broad]].append(index[narrow])
    return out


def calibrate(decision: np.ndarray, platt: np.ndarray, below: list[list[int]]) -> np.ndarray:
    """Probabilities from decision values by each topic's Platt scaling ``(a, b)``; a broader
    concept is then at least as probable as any concept below it (``below`` from
    :func:`subtrees`)."""
    probs: np.ndarray = 1.0 / (1.0 + np.exp(-(decision * platt[:, 0] + platt[:, 1])))
    for i, rows in enumerate(below):
        probs[:, i] = probs[:, rows].max(axis=1)
    return probs


def topic_features(
    topics: Sequence[str],
    broader: Mapping[str, Sequence[str]],
    keywords: Sequence[Mapping[str, float]],
    z: np.ndarray,
    rule: Sequence[Iterable[str]],
) -> np.ndarray:
    """The keyword method's view of each topic, ``(texts, topics, len(OWN_FEATURES))``.

    For a topic, every feature is taken over the topic and the concepts below it (max of the
    keyword scores, max of the z-scores; the rule counts when it assigns any of them), because
    the labels say a narrower topic implies its broader ones.
    """
    index = {t: i for i, t in enumerate(topics)}
    above = {t: [index[b] for b in broader.get(t, ()) if b in index] for t in topics}
    n, k = len(keywords), len(topics)
    z = np.asarray(z, dtype=np.float64).reshape(n, k)
    kw = np.zeros((n, k))
    for row, scores in enumerate(keywords):
        for name, score in scores.items():
            if name in index:
                for col in (index[name], *above[name]):
                    kw[row, col] = max(kw[row, col], score)
    zz = z.copy()
    for name in topics:
        for col in above[name]:
            zz[:, col] = np.maximum(zz[:, col], z[:, index[name]])
    assigned = np.zeros((n, k))
    for row, names in enumerate(rule):
        for name in names:
            if name in index:
                assigned[row, [index[name], *above[name]]] = 1.0
    return np.stack([np.log1p(kw), zz / 3.0, assigned], axis=2)


def topics_above(model: TopicModel, probs: np.ndarray) -> list[tuple[str, ...]]:
    """Per text, the topics whose probability reaches their threshold, most probable first."""
    out = []
    for row in probs:
        kept = [i for i in np.argsort(-row, kind="stable") if row[i] >= model.thresholds[i]]
        out.append(tuple(model.topics[i] for i in kept))
    return out


@lru_cache(maxsize=1)
def default_model() -> TopicModel | None:
    """The model shipped in ``kg/data`` (read once), or None when the file is absent."""
    resource = files("kg").joinpath(ARTIFACT)
    if not resource.is_file():
        return None
    return TopicModel.from_json(json.loads(resource.read_text(encoding="utf-8")))


def model_for(encoder: Encoder | None) -> TopicModel | None:
    """The shipped model if it was trained on ``encoder``'s embeddings, else None."""
    model = default_model()
    if (
        model is None
        or encoder is None
        or getattr(encoder, "model_id", None) != model.model_id
        or int(getattr(encoder, "dim", -1)) != model.dim
    ):
        return None
    return model
