"""From query rows to answers: one dict per graph node, with its evidence sentences.

Rows come from the templates of :mod:`search.qa.templates`, which all bind ``?x`` (the
answer) and ``?sent`` (a sentence it was read from). Several rows of one answer (several
sentences) become one answer with up to :data:`MAX_EVIDENCE` pieces of evidence, as
placeholders whose text and document :func:`attach_evidence` fills in from the follow-up
``evidence`` query.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.numbers import format_value
from kg.namespaces import local_name

Rows = list[dict]
Describe = Callable[[str], tuple[str | None, str | None]]
MAX_EVIDENCE = 3
COMPARATORS = {"=": "", "≈": "≈ ", ">": "> ", "<": "< ", ">=": "≥ ", "<=": "≤ ", "≥": "≥ ", "≤": "≤ "}


def _text(row: dict, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def placeholder(sentence: str, basis: str = "stated") -> dict:
    return {"doc_id": None, "source": None, "title": None, "sentence": sentence, "text": None, "basis": basis}


def evidence_of(row: dict) -> dict | None:
    """The sentence a row was read from (its text and document are filled in later by
    :func:`attach_evidence`); None when the row has none."""
    if row.get("sent") is None:
        return None
    return placeholder(_text(row, "sent"))


def attach_evidence(answers: list[dict], rows: Rows) -> None:
    """Fill the evidence placeholders from rows of the ``evidence`` query; drop unknown ones."""
    found = {str(r["sent"]): {"doc_id": _text(r, "docid"), "source": _text(r, "source"),
                              "title": _text(r, "title"), "sentence": str(r["sent"]), "text": _text(r, "stext")}
             for r in rows}
    for answer in answers:
        answer["evidence"] = [{**found[e["sentence"]], "basis": e.get("basis", "stated")}
                              for e in answer["evidence"] if e["sentence"] in found]


def answers_from_rows(rows: Rows, describe: Describe, props: dict[str, str], value: Callable | None = None,
                      by_predicate: bool = False) -> list[dict]:
    """Group rows into answers, in the order the query returned them.

    Args:
        describe: IRI -> (label, class local name) of a graph node, or (None, None)
            (:meth:`kg.read.GraphReader.describe`).
        value: row -> (value text, details dict), for figures (see :func:`figure`).
        by_predicate: one answer per (node, relation, direction), the relation in words as
            the value (for "what is said about X").
    """
    out: dict[tuple, dict] = {}
    for row in rows:
        x = str(row["x"])
        key = (x, _text(row, "p"), _text(row, "dir")) if by_predicate else (x,)
        answer = out.get(key)
        if answer is None:
            answer = out[key] = _answer(row, x, describe)
            if value is not None:
                answer["value"], answer["details"] = value(row)
            if by_predicate:
                answer["value"] = relation_words(_text(row, "p"), _text(row, "dir"), props)
                answer["predicate"], answer["direction"] = _text(row, "p"), _text(row, "dir")
        evidence = evidence_of(row)
        if evidence and evidence not in answer["evidence"] and len(answer["evidence"]) < MAX_EVIDENCE:
            answer["evidence"].append(evidence)
    return list(out.values())


def _answer(row: dict, x: str, describe: Describe) -> dict:
    """Entities, statements and figures are named by the read layer; a sentence answer gets
    its text once the evidence is in (``None`` until then)."""
    if str(row.get("sent")) == x:
        return {"iri": x, "label": None, "type": "Sentence", "value": None, "evidence": []}
    label, kind = describe(x)
    answer = {"iri": x, "label": label, "type": kind, "value": None, "evidence": []}
    if row.get("score") is not None:  # a statement's calibrated probability for the topic asked
        answer["topic_score"] = _number(row["score"])
    return answer


def relation_words(predicate: str | None, direction: str | None, props: dict[str, str]) -> str:
    """"nằm trong · located in" (outgoing) or "← nằm trong · located in" (incoming)."""
    words = props.get(predicate or "", local_name(predicate or ""))
    return words if direction != "in" else f"← {words}"


def _number(literal) -> float | None:
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
        details = {"indicator": _text(row, "ind"), "indicator_label": labels(_text(row, "ind")),
                   "value": value, "unit": unit or None, "comparator": cmp, "target": goal,
                   "period": _text(row, "period"), "year": _text(row, "year"), "estimated": estimated,
                   "area": _text(row, "area"), "area_label": labels(_text(row, "area")), "status": status}
        if target and goal is not None:
            text = f"mục tiêu · target {_fmt(goal, unit, measure)} (thực tế · actual {text.split(';')[0]})"
        return text, details

    return render


def observation_label(answer: dict) -> str:
    d = answer.get("details") or {}
    parts = [d.get("indicator_label") or answer["label"], d.get("area_label"), d.get("period") or d.get("year")]
    return " — ".join(p for p in parts if p)


def path_answers(rows: Rows, triples: list[tuple[str, str, str]], source: str, describe: Callable,
                 props: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """The nodes of a relation path from ``source``, each with the relation that reaches it.

    Returns:
        (answers, path): answers are the nodes after the source, each valued with the
        relation from the previous node and evidenced by the sentence(s) stating it; path
        alternates node and relation dicts from source to target.
    """
    evidence: dict[tuple[str, str, str], list[dict]] = {}
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
        answers.append({"iri": nxt, "label": label, "type": kind, "value": words,
                        "evidence": evidence.get((s, p, o), [])})
        current = nxt
    return answers, path
