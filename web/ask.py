"""The ask page's data: a question's graph answers with their evidence, ready to show.

The answerer (``search.qa``, see ``Answer.to_dict()``) gives answers, evidence sentences,
the SPARQL it ran, a confidence and the best passages. This module adds what a page needs
on top: local links, the answer marked in each evidence sentence, labelled types.
"""

from __future__ import annotations

from kg.kb import KnowledgeBase
from kg.namespaces import KG

from .highlight import answer_phrases, evidence_pieces
from .search_view import decorate_hit, sentence_anchors
from .state import get_answerer, get_kb
from .terms import local_name, path_of, term

SLOTS = ("topic", "entity", "indicator", "place")
EXAMPLES = (
    ("Những đề xuất nào liên quan đến giao thông?", "Which proposals concern transport?"),
    ("Khu công nghiệp Sông Công II nằm ở đâu?", "Where is Sông Công II industrial park?"),
    ("Phường Mỏ Chè sau năm 2025 thuộc đơn vị nào?", "What did Mỏ Chè ward become in 2025?"),
    ("Thu ngân sách của thành phố Sông Công tăng bao nhiêu?", "How much did Sông Công's budget revenue grow?"),
    ("Chủ tịch UBND tỉnh Thái Nguyên chỉ đạo những gì?", "What did the chairman of Thái Nguyên direct?"),
    ("Có bao nhiêu khu công nghiệp ở Sông Công?", "How many industrial parks are in Sông Công?"),
)


def examples() -> list[dict]:
    return [{"vi": vi, "en": en} for vi, en in EXAMPLES]


def ask_view(question: str) -> dict:
    """The answer to ``question`` as the ask template shows it.

    Returns:
        ``Answer.to_dict()`` with local ``path`` links on answers, evidence, passages and
        interpreted slots, evidence ``pieces`` (the answer marked), ``type_info`` labels and
        ``confidence_pct``.
    """
    kb = get_kb()
    data = get_answerer().ask(question).to_dict()
    confidence = data.get("confidence")
    return {
        **data,
        "confidence_pct": round(100 * float(confidence)) if confidence is not None else None,
        "answers": [_answer(kb, a, question) for a in data.get("answers") or []],
        "passages": _passages(kb, data.get("passages") or []),
        "interpretation": _interpretation(kb, data.get("interpretation") or {}),
        "path": [_path_step(kb, step) for step in data.get("path") or []] or None,
    }


def _passages(kb: KnowledgeBase, hits: list[dict]) -> list[dict]:
    return [decorate_hit(kb, h, a) for h, a in zip(hits, sentence_anchors(kb, hits), strict=True)]


def _type(kb: KnowledgeBase, name: str | None) -> dict | None:
    if not name:
        return None
    found = term(kb, KG[name]) if name in KG.__annotations__ else {"label": name, "label_en": name}
    return {"name": name, "label": found["label"], "label_en": found["label_en"]}


def _answer(kb: KnowledgeBase, answer: dict, question: str) -> dict:
    phrases = answer_phrases(answer.get("label"), answer.get("display") or answer.get("value"))
    evidence = []
    for ev in answer.get("evidence") or []:
        text = ev.get("text") or ""
        if ev.get("span"):  # the reader's answer inside its sentence: highlighted first
            start, end = ev["span"]
            phrases = [text[start:end], *phrases] if 0 <= start < end <= len(text) else phrases
        if not ev.get("sentence") and ev.get("sentence_index") is not None:
            ev = {**ev, "sentence": str(kb.iris.sentence(ev["doc_id"], ev["sentence_index"]))}
        evidence.append(
            {
                **ev,
                "path": path_of(kb.iris, ev["sentence"]) if ev.get("sentence") else f"/doc/{ev['doc_id']}",
                "pieces": evidence_pieces(text, phrases, question),
            }
        )
    iri = answer.get("iri")
    entities = [{**e, "path": path_of(kb.iris, e["iri"])} for e in answer.get("entities") or []]
    confidence = answer.get("confidence")
    return {
        **answer,
        "path": path_of(kb.iris, iri) if iri else None,
        "type_info": _type(kb, answer.get("type")),
        "evidence": evidence,
        "entities": entities,
        "confidence_pct": round(100 * float(confidence)) if confidence is not None else None,
    }


def _interpretation(kb: KnowledgeBase, found: dict) -> dict:
    out = dict(found)
    for slot in SLOTS:
        value = found.get(slot)
        if isinstance(value, dict) and value.get("iri"):
            path = f"/browse/topic/{local_name(value['iri'])}" if slot == "topic" else path_of(kb.iris, value["iri"])
            out[slot] = {**value, "path": path}
    out["type_info"] = _type(kb, found.get("type"))
    out["chips"] = list(
        {c["iri"]: c for slot in SLOTS if isinstance(c := out.get(slot), dict) and c.get("iri")}.values()
    )
    return out


def _path_step(kb: KnowledgeBase, step: dict) -> dict:
    if "predicate" in step:
        return {**step, "kind": "predicate"}
    return {**step, "kind": "node", "path": path_of(kb.iris, step.get("iri", ""))}
