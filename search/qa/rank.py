"""One ranked list: graph answers and passage-reader answers merged, ordered, cut, calibrated.

The graph answers what its typed facts hold; the reader (:mod:`search.qa.reader`) reads
the best passages. When the question says what kind of answer it wants
(:mod:`search.qa.expect`), graph answers of another kind are dropped (a list of connected
places is no answer to "how long is …?"), graph answers of the right kind stand first, and
reader candidates follow in order of fit. A single-value question gets its best answer; a
list stops where the fit drops below :data:`KEEP` of the best (and says how many more there
were); the same value or entity read twice is kept once.

Each answer's ``confidence`` is a probability: a logistic model over the answer's features
(fit, focus, measure, subject, first passage, from the graph), fitted on the dev split of
``bench/qa_questions.json`` by ``bench/fit_qa_calibration.py`` and shipped as
``search/qa/calibration.json``. Below :data:`SURE` the page calls them possible answers.
A question with no expected answer type gets the graph's answers alone; their confidence is
the share of such answers that were right for its intent on the same labelled questions
(:func:`intent_probability`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from kg.numbers import format_value

from .expect import AREA, LENGTH, POWER, Expected
from .reader import Candidate
from .result import Answer, Evidence, frozen_map

KEEP = 0.8  # a list keeps candidates fitting at least this share of the best
#: what someone said runs over several sentences that share fewer of the question's words; 0.5
#: stopped short (the 69 "said" forms of rounds 1–9: 29 right at 0.5, 31 at 0.35, none more below)
KEEP_SAID = 0.35
MAX_LIST = 12
SURE = 0.5  # below: "possible answers"
MODEL = Path(__file__).with_name("calibration.json")
FEATURES = ("score", "focus", "near", "measure", "subject", "first", "graph", "margin", "support", "position")
_DEFAULT = {
    "features": list(FEATURES),
    "coef": [4.0, 1.0, 2.0, 1.5, 0.5, 0.5, 1.0, 2.0, 1.0, -0.5],
    "intercept": -3.5,
    "fitted_on": "hand-set starting weights (no calibration fitted yet)",
}


@dataclass(frozen=True)
class Ranked:
    """The ordered answers, each with its confidence, and how many more a list left out.
    ``calibrated``: the answers were merged and calibrated (the question said what kind of
    answer it wants); otherwise they are the graph's, as sure as such answers were for the
    question's intent."""

    answers: tuple[Answer, ...]
    more: int = 0
    calibrated: bool = True


@lru_cache(maxsize=1)
def model() -> dict:
    try:
        data = json.loads(MODEL.read_text("utf-8"))
        if list(data["features"]) == list(FEATURES) and len(data["coef"]) == len(FEATURES):
            return data
    except (OSError, ValueError, KeyError):
        pass
    return _DEFAULT


def probability(features: dict[str, float]) -> float:
    """The calibrated probability that an answer with these features is right."""
    m = model()
    z = m["intercept"] + sum(c * float(features.get(f, 0.0)) for c, f in zip(m["coef"], m["features"], strict=True))
    return round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 3)


#: What the result's confidence reads: its surest answer's confidence, and what makes a right
#: answer a wrong result (a list must hold everything expected; what someone said runs over
#: sentences a reader may stop short of; a list cut where relevance dropped)
RESULT_FEATURES = ("top", "list", "said", "entity", "more", "reader")


def result_features(answers: Sequence[Answer | dict[str, Any]], expected: str | None, more: int) -> dict[str, float]:
    """The features of a ranked result (answers as :class:`~search.qa.result.Answer` or their
    JSON; ``expected`` the kind of answer wanted), the same for the answerer and the fitter."""
    top = max((float(_get(a, "confidence") or 0.0) for a in answers), default=0.0)
    top = min(max(top, 0.01), 0.99)
    # log-odds: a sure answer can make a sure result
    return {
        "top": round(math.log(top / (1 - top)), 4),
        "list": float(len(answers) > 1),
        "said": float(expected == "said"),
        "entity": float(expected in ("entity", "successor")),
        "more": float(more > 0),
        "reader": float(any(_get(a, "source") == "reader" for a in answers)),
    }


def _get(answer: Answer | dict[str, Any], key: str) -> Any:
    return answer.get(key) if isinstance(answer, dict) else getattr(answer, key)


def result_probability(features: dict[str, float]) -> float:
    """The probability that a ranked result is right as the evaluation counts it (everything
    expected there, at least half of what is listed right): a logistic model over
    :data:`RESULT_FEATURES` fitted on labelled questions (``result`` in calibration.json); without
    one, the surest answer's confidence."""
    fitted = model().get("result")
    if not fitted or list(fitted.get("features", ())) != list(RESULT_FEATURES):
        return round(1 / (1 + math.exp(-features["top"])), 3)  # the surest answer's confidence
    z = fitted["intercept"] + sum(
        c * float(features.get(f, 0.0)) for c, f in zip(fitted["coef"], RESULT_FEATURES, strict=True)
    )
    return round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 3)


GRAPH_UNFITTED = 0.9  # a graph answer's confidence before any calibration was fitted
GUESSED = 2 / 3  # a slot filled by similarity, not named by the question: that much less sure


def intent_key(interpretation: dict) -> str:
    """What graph-only confidence is fitted by: the intent, and the type asked for when there is
    one ("list:Proposal" is not "list:IndustrialPark")."""
    intent, kind = interpretation.get("intent") or "?", interpretation.get("type")
    return f"{intent}:{kind}" if kind else intent


def intent_probability(key: str, guessed: bool = False, table: dict | None = None) -> float:
    """How often a graph answer to a question of this kind (:func:`intent_key`; questions with no
    expected answer type: "what is related to X", "where is X", a list of a type in a place) was
    right on the labelled questions it was fitted on: the share right for the intent and type,
    else for the intent, else over all (each smoothed toward the next).
    """
    m = table if table is not None else model()
    shares = m.get("intents") or {}
    found = shares.get(key) or shares.get(key.split(":")[0]) or {}
    fitted = found.get("p", m.get("intent_default", GRAPH_UNFITTED))
    return round(fitted * (GUESSED if guessed else 1.0), 3)


def graph_fits(answer: Answer, want: Expected) -> bool:
    """Whether a graph answer is of the wanted kind."""
    if want.kind == "figure":  # the graph's figures answer an indicator the question named: any unit
        return answer.type == "Observation"
    return want.kind in ("entity", "successor") and answer.type in want.types


def graph_features(guessed: bool = False) -> dict[str, float]:
    """A graph answer of the wanted kind is a typed fact that answers the question; it fits
    less when the question did not name what it answers (a slot guessed by similarity)."""
    sure = 0.5 if guessed else 1.0
    return {
        "score": 0.7 * sure,
        "focus": sure,
        "near": sure,
        "measure": sure,
        "subject": sure,
        "first": 0.0 if guessed else 1.0,
        "graph": 1.0,
        "support": 1.0,
    }


def merge(
    want: Expected,
    graph: Sequence[Answer],
    candidates: list[Candidate],
    guessed: bool = False,
    targeted: bool = True,
    found_in: frozenset[str] = frozenset(),
) -> Ranked:
    """Graph answers of the wanted kind, then the reader's, deduplicated, cut, calibrated.

    ``targeted``: the graph's query answered the question itself (an indicator's value, the
    entities of a type within the place asked about); otherwise (every fact about an entity,
    every province of the graph) its answers are no answer to a question that wants one kind.
    ``found_in``: the documents search found for the question; a figure of the graph stated
    in none of them is another article's figure of the same measure (the graph matches the
    measure, search the whole question), so it stands only when search found nothing.
    """
    kept = [
        replace(a, source="graph", features=frozen_map(graph_features(guessed)))
        for a in graph
        if targeted and graph_fits(a, want) and _found(a, want, found_in)
    ]
    if want.kind == "figure" and want.many and len(kept) < 2:
        kept = []  # one figure of the graph compares nothing: the passages give both sides
    # A single value must be said of what was asked: its measure phrase or the words right
    # next to it name it ("giá vé …" is not answered by the loan figure of the same line).
    candidates = [
        c for c in candidates if want.many or c.kind not in ("figure", "date") or said_of(c, candidates, want.units)
    ]
    if want.role:  # "who is the contractor": a body the sentence names in that role, not any body near
        candidates = [c for c in candidates if c.kind != "entity" or c.measure]
    read, support = _deduplicated(candidates)
    if kept and want.kind in ("entity", "successor") and want.many:
        read = []  # a list the graph holds (places of a province) is complete; passages would add noise
    many = want.many or (want.kind == "entity" and any(a.type in ("Province", "City", "Ward") for a in kept))
    answers = _calibrated(kept + [reader_answer(c, support[i]) for i, c in enumerate(read)])
    if not answers:
        return Ranked(())
    if not many:
        return Ranked(tuple(answers[:1]), more=len(answers) - 1)
    best = max(_features(a)["score"] for a in answers)
    keep = KEEP_SAID if want.kind == "said" else KEEP
    close = [a for a in answers if _features(a)["score"] >= keep * best]
    shown = close[:MAX_LIST]
    return Ranked(tuple(shown), more=len(answers) - len(shown))


#: Physical measures: a figure of the unit asked for, in a sentence naming the subject, says what it is
#: ("… Nhân Cơ được quy hoạch với tổng diện tích 148,2ha" for "rộng bao nhiêu?")
PHYSICAL = LENGTH | AREA | POWER


def said_of(c: Candidate, candidates: list[Candidate], units: frozenset[str] = frozenset()) -> bool:
    """Whether a figure or date is said of what was asked: its measure phrase or the words
    right next to it name it; or it is the only date of a sentence that holds three quarters
    of the question's words, half when the date opens the sentence ("… chấp thuận chủ trương đầu
    tư tại văn bản số 152/TTg-CN, ngày 25-1-2017": the date closes the clause it dates)."""
    if c.near or c.measure:
        return True
    same = [o for o in candidates if o.kind == c.kind and (o.doc_id, o.sentence_index) == (c.doc_id, c.sentence_index)]
    if c.kind == "figure":  # the only figure of a physical unit the question asked for, of the subject named
        return bool(units) and units <= PHYSICAL and c.subject and len(same) == 1
    if c.kind != "date" or c.focus < (0.5 if opens_sentence(c) else 0.75):
        return False
    return len(same) == 1


def opens_sentence(c: Candidate) -> bool:
    """Whether a date opens its sentence, set off by a comma ("Sáng 8/2, hai dự án … được khởi
    công"): it dates the sentence's whole clause, whichever of its words the question used."""
    start, end = c.span
    return len(c.sentence[:start].split()) <= 2 and c.sentence[end : end + 2].lstrip().startswith(",")


def _found(answer: Answer, want: Expected, documents: frozenset[str]) -> bool:
    return want.kind != "figure" or not documents or any(e.doc_id in documents for e in answer.evidence)


def as_sure_as_their_intent(answers: Sequence[Answer], confidence: float) -> Ranked:
    """The graph's answers to a question with no expected answer type, in the graph's order,
    each as sure as such answers were for the question's intent (:func:`intent_probability`)."""
    return Ranked(tuple(replace(a, confidence=confidence) for a in answers), calibrated=False)


def on_topic(ranked: Ranked, share: float) -> Ranked:
    """Statements listed for the topic a question named, each as sure as two signs together:
    the intent's ``share`` (how often such lists were right) and the classifier's calibrated
    probability that the statement is on the topic (``topic_score``), combined as independent
    evidence (``1 - (1 - share)(1 - score)``). A statement the keyword rule put on the topic is
    right more often than its score alone says (train and dev of the infrastructure question:
    4 of 5 with a score under 0.3), so the share is a floor, and the score lifts a statement the
    classifier is sure of (7 of 8 right above 0.8). Without a score, the share alone."""

    def sure(answer: Answer) -> float:
        score = answer.topic_score
        return share if score is None else round(1 - (1 - share) * (1 - min(max(score, 0.0), 1.0)), 3)

    return replace(ranked, answers=tuple(replace(a, confidence=sure(a)) for a in ranked.answers))


def mean_confidence(ranked: Ranked) -> float:
    """A list's confidence as the share of it expected right: the mean of its answers'. The
    surest answer's would call a list sure that one strong item leads (twelve proposals "at
    90 %" of which half were off the topic)."""
    answers = ranked.answers
    return round(sum(_confidence(a) for a in answers) / len(answers), 3) if answers else 0.0


def _features(answer: Answer) -> Mapping[str, float]:
    return cast(Mapping[str, float], answer.features)  # ranked answers carry their features


def _confidence(answer: Answer) -> float:
    return cast(float, answer.confidence)  # and a confidence


def capped(ranked: Ranked, cap: float) -> Ranked:
    """The graph's answers no surer than ``cap`` (the reader's keep theirs)."""
    return replace(
        ranked,
        answers=tuple(
            replace(a, confidence=min(_confidence(a), cap)) if a.source == "graph" else a for a in ranked.answers
        ),
    )


def _deduplicated(candidates: list[Candidate]) -> tuple[list[Candidate], list[int]]:
    """The best candidate of each value or entity, and in how many documents it was read
    (an answer several articles state is likelier right)."""
    first: dict[tuple, int] = {}
    out: list[Candidate] = []
    docs: list[set[str]] = []
    for c in candidates:
        key = (c.kind, c.value, c.unit) if c.kind == "figure" else (c.kind, c.iri or c.label.casefold())
        if key in first:
            docs[first[key]].add(c.doc_id)
            continue
        first[key] = len(out)
        out.append(c)
        docs.append({c.doc_id})
    return out, [len(d) for d in docs]


def _calibrated(answers: list[Answer]) -> list[Answer]:
    """Features that compare an answer with the others (its lead over the next, its place),
    and the confidence from all of them."""
    scores = [_features(a)["score"] for a in answers]
    out = []
    for i, answer in enumerate(answers):
        nxt = scores[i + 1] if i + 1 < len(scores) else 0.0
        features = {**_features(answer), "margin": round(max(0.0, scores[i] - nxt), 4), "position": float(min(i, 5))}
        out.append(replace(answer, features=frozen_map(features), confidence=probability(features)))
    return out


def reader_answer(c: Candidate, documents: int = 1) -> Answer:
    """A candidate as an answer: ``value`` a number for figures (``display`` the way people
    read it), the sentence with the span to highlight, the document."""
    features = {**c.features(), "support": float(min(documents - 1, 2)) / 2}
    evidence = Evidence(
        doc_id=c.doc_id,
        source=c.source,
        title=c.title,
        text=c.sentence,
        span=cast(tuple[int, int], tuple(c.span)),
        sentence_index=c.sentence_index,
        basis="read",
    )
    figure = c.kind == "figure"
    return Answer(
        iri=c.iri,
        label=c.label,
        type=c.type,
        value=c.value if figure else None,
        evidence=(evidence,),
        source="reader",
        features=frozen_map(features),
        unit=c.unit if figure else None,
        measure=c.measure_text if figure else None,
        display=format_value(cast(float, c.value), cast(str, c.unit), c.measure_text) if figure else None,
        text=c.sentence if c.kind == "said" else None,
    )
