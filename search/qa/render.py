"""From query rows to answers: one :class:`~search.qa.result.Answer` per graph node, with its
evidence sentences.

Rows come from the templates of :mod:`search.qa.templates`, which all bind ``?x`` (the
answer) and ``?sent`` (a sentence it was read from). Several rows of one answer (several
sentences) become one answer with up to :data:`MAX_EVIDENCE` pieces of evidence, as
placeholders (the sentence's IRI) whose text and document :func:`with_evidence_texts` fills in
from the follow-up ``evidence`` query. Every function returns new answers: they are frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import cast

from kg.namespaces import local_name
from kg.numbers import format_value

from .rank import GUESSED, Ranked, result_features, result_probability
from .result import Answer, Evidence, frozen_map

Rows = list[dict]
Describe = Callable[[str], tuple[str | None, str | None]]
MAX_EVIDENCE = 3
COMPARATORS = {"=": "", "≈": "≈ ", ">": "> ", "<": "< ", ">=": "≥ ", "<=": "≤ ", "≥": "≥ ", "≤": "≤ "}


def _text(row: dict, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def placeholder(sentence: str, basis: str = "stated") -> Evidence:
    """Evidence known by its sentence's IRI; text and document come later."""
    return Evidence(sentence=sentence, basis=basis)


def evidence_of(row: dict) -> Evidence | None:
    """The sentence a row was read from (its text and document are filled in later by
    :func:`with_evidence_texts`); None when the row has none."""
    sent = _text(row, "sent")
    if sent is None:
        return None
    return placeholder(sent)


def with_evidence_texts(answers: Sequence[Answer], rows: Rows) -> list[Answer]:
    """The answers with their evidence placeholders filled from rows of the ``evidence``
    query (unknown ones dropped); an answer nothing names (a sentence) is shown by the text of
    its evidence."""
    found = {str(r["sent"]): r for r in rows}
    texts = {str(r["sent"]): _text(r, "stext") for r in rows}
    out = []
    for answer in answers:
        evidence = tuple(
            Evidence(
                sentence=e.sentence,
                text=_text(found[e.sentence], "stext"),
                doc_id=_text(found[e.sentence], "docid"),
                source=_text(found[e.sentence], "source"),
                title=_text(found[e.sentence], "title"),
                basis=e.basis,
            )
            for e in answer.evidence
            if e.sentence in found
        )
        iri = answer.iri or ""
        label = answer.label if answer.label is not None else (texts.get(iri) or local_name(iri))
        out.append(replace(answer, evidence=evidence, label=label))
    return out


def with_more_evidence(answers: Sequence[Answer], found: dict[str, str], basis: str) -> list[Answer]:
    """Answers without evidence get the sentence ``found`` gives for them (``{iri: sentence}``),
    kept with its ``basis`` (``co-mention``, ``mention``)."""
    return [
        replace(a, evidence=(placeholder(found[a.iri], basis),)) if not a.evidence and a.iri in found else a
        for a in answers
    ]


def answers_from_rows(
    rows: Rows, describe: Describe, props: dict[str, str], value: Callable | None = None, by_predicate: bool = False
) -> list[Answer]:
    """Group rows into answers, in the order the query returned them.

    Args:
        describe: IRI -> (label, class local name) of a graph node, or (None, None)
            (:meth:`kg.read.GraphReader.describe`).
        value: row -> (value text, details dict), for figures (see :func:`figure`); the answer
            is then a figure: ``value`` the number, ``display`` the text.
        by_predicate: one answer per (node, relation, direction), the relation in words as
            the value (for "what is said about X").
    """
    first: dict[tuple, dict] = {}
    evidence: dict[tuple, list[Evidence]] = {}
    for row in rows:
        x = str(row["x"])
        key = (x, _text(row, "p"), _text(row, "dir")) if by_predicate else (x,)
        if key not in first:
            first[key], evidence[key] = row, []
        found = evidence_of(row)
        if found and found not in evidence[key] and len(evidence[key]) < MAX_EVIDENCE:
            evidence[key].append(found)
    out = []
    for key, row in first.items():
        answer = _answer(row, key[0], describe, tuple(evidence[key]))
        if value is not None:
            answer = _figure(answer, *value(row))
        if by_predicate:
            answer = replace(
                answer,
                value=relation_words(_text(row, "p"), _text(row, "dir"), props),
                predicate=_text(row, "p"),
                direction=_text(row, "dir"),
            )
        out.append(answer)
    return out


def _answer(row: dict, x: str, describe: Describe, evidence: tuple[Evidence, ...]) -> Answer:
    """Entities, statements and figures are named by the read layer; a sentence answer gets
    its text once the evidence is in (``None`` until then)."""
    if str(row.get("sent")) == x:
        return Answer(iri=x, label=None, type="Sentence", evidence=evidence)
    label, kind = describe(x)
    score = _number(row["score"]) if row.get("score") is not None else None  # a statement's topic probability
    return Answer(iri=x, label=label, type=kind, evidence=evidence, topic_score=score)


def _figure(answer: Answer, text: str, details: dict) -> Answer:
    """A graph figure: ``value`` the number (JSON keeps numbers), ``display`` the way people
    read it ("< 2 %", "60.000 tỷ đồng"; with the target when there is one), the label the
    indicator, place and period."""
    parts = [
        details.get("indicator_label") or answer.label,
        details.get("area_label"),
        details.get("period") or details.get("year"),
    ]
    return replace(
        answer,
        label=" — ".join(p for p in parts if p),
        value=details.get("value"),
        unit=details.get("unit"),
        display=text,
        details=frozen_map(details),
    )


def relation_words(predicate: str | None, direction: str | None, props: dict[str, str]) -> str:
    """ "nằm trong · located in" (outgoing) or "← nằm trong · located in" (incoming)."""
    words = props.get(predicate or "", local_name(predicate or ""))
    return words if direction != "in" else f"← {words}"


def _number(literal: object) -> float | None:
    try:
        return float(str(literal))
    except (TypeError, ValueError):
        return None


def _fmt(number: float | None, unit: str = "", measure: str = "") -> str:
    """A figure the Vietnamese way with its unit: "60.000 tỷ đồng", "9,5 %", "4.200 người" (kg.numbers)."""
    return "?" if number is None else format_value(number, unit or "1", measure)


def figure(label_of: Callable[[str], str | None], target: bool = False) -> Callable[[dict], tuple[str, dict]]:
    """A row -> (value text, details) function for observation rows (``label_of``: IRI -> label)."""

    def labels(iri: str | None) -> str | None:
        return label_of(iri) if iri else None

    def render(row: dict) -> tuple[str, dict]:
        value, goal = _number(row.get("value")), _number(row.get("target"))
        unit = _text(row, "unit") or ""
        cmp = _text(row, "cmp") or "="
        estimated = _text(row, "est") == "true"
        measure = labels(_text(row, "ind")) or ""
        text = f"{COMPARATORS.get(cmp, cmp + ' ')}{_fmt(value, unit, measure)}".strip()
        if estimated:
            text += " (dự ước · estimated)"
        status = None
        if goal is not None and value is not None:
            status = "met" if value >= goal else "missed"
            text += f"; mục tiêu · target {_fmt(goal, unit, measure)}".rstrip()
            text += " — đạt · met" if status == "met" else " — chưa đạt · missed"
        details = {
            "indicator": _text(row, "ind"),
            "indicator_label": labels(_text(row, "ind")),
            "value": value,
            "unit": unit or None,
            "comparator": cmp,
            "target": goal,
            "period": _text(row, "period"),
            "year": _text(row, "year"),
            "estimated": estimated,
            "area": _text(row, "area"),
            "area_label": labels(_text(row, "area")),
            "status": status,
        }
        if target and goal is not None:
            text = f"mục tiêu · target {_fmt(goal, unit, measure)} (thực tế · actual {text.split(';')[0]})"
        return text, details

    return render


def path_answers(
    rows: Rows, triples: list[tuple[str, str, str]], source: str, describe: Callable, props: dict[str, str]
) -> tuple[list[Answer], list[dict]]:
    """The nodes of a relation path from ``source``, each with the relation that reaches it.

    Returns:
        (answers, path): answers are the nodes after the source, each valued with the
        relation from the previous node and evidenced by the sentence(s) stating it; path
        alternates node and relation dicts from source to target.
    """
    evidence: dict[tuple[str, str | None, str | None], list[Evidence]] = {}
    for row in rows:
        key = (str(row["x"]), _text(row, "p"), _text(row, "o"))
        found = evidence_of(row)
        if found and found not in evidence.setdefault(key, []) and len(evidence[key]) < MAX_EVIDENCE:
            evidence[key].append(found)
    label, kind = describe(source)
    path, answers, current = [{"iri": source, "label": label, "type": kind}], [], source
    for s, p, o in triples:
        direction = "out" if s == current else "in"
        nxt = o if s == current else s
        label, kind = describe(nxt)
        words = relation_words(p, direction, props)
        path += [{"predicate": p, "label": words, "direction": direction}, {"iri": nxt, "label": label, "type": kind}]
        answers.append(
            Answer(iri=nxt, label=label, type=kind, value=words, evidence=tuple(evidence.get((s, p, o), ())))
        )
        current = nxt
    return answers, path


# ----------------------------------------------------------------------------- the result

MESSAGES = {
    "found": "Tìm thấy {n} câu trả lời trong đồ thị tri thức · {n} answers from the knowledge graph",
    "guessed": (
        "Tìm thấy {n} câu trả lời; {slots} được đoán theo độ tương đồng · {n} answers; {slots} guessed by similarity"
    ),
    "empty": (
        "Đồ thị không có câu trả lời; dưới đây là các đoạn văn gần nhất"
        " · The graph has no answer; the closest passages follow"
    ),
    "search": (
        "Câu hỏi không khớp mẫu truy vấn nào; dưới đây là các đoạn văn gần nhất"
        " · No graph pattern fits the question; the closest passages follow"
    ),
    "nopath": "Không tìm thấy chuỗi quan hệ nào giữa hai thực thể · No chain of relations links the two entities",
    "unknown": (
        "Đồ thị chưa có thông tin về “{place}”; dưới đây là các đoạn văn gần nhất"
        " · The graph holds nothing about “{place}”; the closest passages follow"
    ),
    "read": "Tìm thấy {n} câu trả lời, đọc từ các đoạn văn gần nhất · {n} answers read from the closest passages",
    "possible": "{n} câu trả lời có thể (độ tin cậy thấp) · {n} possible answers (low confidence)",
    "more": "; còn {n} câu trả lời ít liên quan hơn · {n} more, less relevant",
}
NO_ANSWER, NO_TEMPLATE = 0.2, 0.3  # the confidence of passages alone: no answer, no graph pattern fitting


def verdict(
    ranked: Ranked,
    count: int | None,
    *,
    intent: str,
    guessed: tuple[str, ...],
    unknown: str | None,
    nopath: bool,
    has_passages: bool,
    sure: float,
    expected: str | None = None,
) -> tuple[float, str]:
    """The result's confidence and the message saying what it is: found, read from passages,
    possible answers (below ``sure``), or why there is none. A calibrated result's confidence is
    the probability that it is right as a whole (:func:`search.qa.rank.result_probability`: a
    list must be complete); otherwise its surest answer's."""
    answers = ranked.answers
    if not answers:
        if unknown:
            return (NO_ANSWER if has_passages else 0.0), MESSAGES["unknown"].format(place=unknown)
        if intent == "search" and not ranked.calibrated:
            return (NO_TEMPLATE if has_passages else 0.0), MESSAGES["search"]
        key = "nopath" if nopath and not ranked.calibrated else "empty"
        return (NO_ANSWER if has_passages else 0.0), MESSAGES[key]
    top = max(cast(float, a.confidence) for a in answers)  # ranked answers have one
    if ranked.calibrated:
        top = result_probability(result_features(answers, expected, ranked.more))
        if guessed:  # a slot the question did not name, as for graph answers (rank.GUESSED)
            top = round(top * GUESSED, 3)
    n = len(answers) if ranked.calibrated or count is None else count
    if guessed and not ranked.calibrated:
        words = MESSAGES["guessed"].replace("{slots}", ", ".join(guessed))
    elif top < sure:
        words = MESSAGES["possible"]
    elif any(a.source == "reader" for a in answers):
        words = MESSAGES["read"]
    else:
        words = MESSAGES["found"]
    return top, words.format(n=n) + (MESSAGES["more"].format(n=ranked.more) if ranked.more else "")
