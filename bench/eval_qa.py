"""Question answering on labelled questions: answer precision/recall, and latency.

Usage: python bench/eval_qa.py [--store DIR] [--questions bench/qa_questions.json]
                               [--latency-store DIR] [--only REGEX] [--split S] [--rounds 1,2,3]
                               [--verbose] [--json FILE] [--check]

Every question of ``bench/qa_questions.json`` comes in three forms (Vietnamese with
diacritics, the same without, English) and carries expected answers labelled by reading the
articles (see that file's ``matchers`` and ``expect`` keys). The store holds the seed and the
articles the questions use: built in a temporary directory, or in ``--store DIR`` (reused when
it already holds them all; kept for the next run). Each form is asked once to warm up, then
again, timed; the timed answers are scored:

* precision = answers that match an expected or tolerated answer / answers returned (a form
  with no answer has no precision and counts as unanswered);
* recall = expected answers found / expected answers.

Count, path, top and no-answer questions have their own rules (:func:`score`). Reported per
set (seed, corpus), family and form; ``--check`` exits 1 when the seed's precision or recall
is below 0.9. ``--latency-store DIR`` times every form again on a big store (read-only, after
a warm-up pass): p50/p95/max of ``Answerer.ask``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
import traceback
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.layout import StoreLayout
from kg.text import fold

QUESTIONS = ROOT / "bench" / "qa_questions.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "vnnews"
SEED = ROOT / "kg" / "data" / "demo" / "000_21c30ca8b6a13368.txt"
FORMS = ("vi", "vi_nodiac", "en")
FAMILIES = (
    "list-topic",
    "list-place",
    "list-proposer",
    "list",
    "value",
    "about",
    "relation",
    "term",
    "count",
    "path",
    "top",
    "none",
    "who",
    "said",
    "when",
    "successor",
    "compare",
)
TARGET = 0.9
TOLERANCE = 0.005
UNIT_WORDS = {
    "%": ("%", "percent", "phan tram"),
    "ty dong": ("ty dong", "ti dong", "billion"),
    "trieu dong": ("trieu dong", "million dong", "million vnd"),
    "ha": ("ha", "hectare", "hecta"),
    "lan": ("lan", "times", "x"),
}
COMPARATOR_WORDS = {
    "<": ("<", "duoi", "less than", "below", "under"),
    ">": (">", "tren", "more than", "over", "above"),
    ">=": (">=", "≥", "tu", "at least", "or more"),
    "<=": ("<=", "≤", "at most"),
    "≈": ("≈", "~", "gan", "khoang", "about", "nearly", "approx"),
    "=": ("=",),
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# ----------------------------------------------------------------------------- questions


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    """The question items, checked for the shape the scoring relies on.

    Raises:
        ValueError: an item lacks a form, names an unknown family or has no expectation.
    """
    items = json.loads(path.read_text("utf-8"))["items"]
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate question ids")
    for item in items:
        if set(item["forms"]) != set(FORMS) or not all(item["forms"].values()):
            raise ValueError(f"{item['id']}: needs the forms {FORMS}")
        if item["family"] not in FAMILIES or item["set"] not in ("seed", "corpus"):
            raise ValueError(f"{item['id']}: unknown family or set")
        expect = item["expect"]
        if not (expect.get("answers") or "count" in expect or expect.get("empty")):
            raise ValueError(f"{item['id']}: no expected answers")
    return items


def question_files(items: list[dict], corpus: Path = CORPUS, seed: Path = SEED) -> list[Path]:
    """The seed plus every corpus article a question names (``*`` names none in particular)."""
    names = sorted({d for item in items for d in item["docs"] if d != "*" and d != seed.name})
    return [seed, *(corpus / name for name in names)]


# ----------------------------------------------------------------------------- matching


def numbers_in(text: str) -> set[float]:
    """Every reading of the numbers in ``text``: ``11.849`` gives 11.849 and 11849, ``1,75`` 1.75
    (answers may be formatted the Vietnamese or the English way)."""
    out: set[float] = set()
    for token in _NUMBER.findall(text):
        for dec, group in ((".", ","), (",", ".")):
            candidate = token.replace(group, "")
            if candidate.count(dec) <= 1:
                try:
                    out.add(float(Decimal(candidate.replace(dec, "."))))
                except InvalidOperation:
                    continue
    return out


def answer_text(answer: dict) -> str:
    """Folded label, value and text of an answer (not its evidence)."""
    parts = [full_label(answer), answer.get("value"), answer.get("display"), answer.get("text"), answer.get("unit")]
    return fold(" ".join(str(p) for p in parts if p is not None))


def full_label(answer: dict) -> str:
    """The label, or, when it was shortened (ends with ``…``), the statement it starts as read
    from the evidence sentence up to the next ``;`` (labels of proposals are cut at ~80 chars)."""
    label = str(answer.get("label") or "")
    if not label.endswith("…"):
        return label
    head = fold(label[:-1].rstrip())
    for evidence in answer.get("evidence") or []:
        sentence = str(evidence.get("text") or "")
        start = fold(sentence).find(head)
        if head and start >= 0:
            end = sentence.find(";", start + len(head))
            return sentence[start : end if end >= 0 else len(sentence)]
    return label


def evidence_text(answer: dict) -> str:
    return fold(" ".join(str(e.get("text") or "") for e in answer.get("evidence") or []))


def _any(needles, haystack: str) -> bool:
    needles = [needles] if isinstance(needles, str) else needles
    return any(fold(n) in haystack for n in needles)


def _unit_ok(unit: str, text: str) -> bool:
    key = " ".join(fold(unit).replace("/", " ").split()[:2]) if fold(unit) != "%" else "%"
    words = UNIT_WORDS.get(key, (key,))
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in words)


def _number_ok(expected: float, found: set[float], tol: float) -> bool:
    return any(math.isclose(expected, f, rel_tol=tol, abs_tol=1e-9) for f in found)


#: What the product adds to a unit's name to tell the 2025 unit from an older one of the same
#: name (issue 12): "Phường Đông Hòa (2025), Thành phố Hồ Chí Minh".
_QUALIFIER = re.compile(r"\s*\(2025\).*$")


def _label_forms(answer: dict) -> list[str]:
    """The folded label, and its name alone without the 2025 qualifier: a matcher anchored on the
    name ("^(phuong )?dong hoa$") judges the unit, not how the page disambiguates it."""
    label = str(answer.get("label") or "")
    return list(dict.fromkeys((fold(label), fold(_QUALIFIER.sub("", label)))))


def matches(matcher: dict, answer: dict) -> bool:
    """Whether one answer dict is the answer a matcher describes.

    Identity keys (``iri``, ``label``, ``text``, ``evidence``): any one is enough; when there is
    none, any answer passes. Constraints (``type``, ``value``, ``unit``, ``numbers``): all must hold.
    """
    identity = [k for k in ("iri", "label", "text", "evidence") if k in matcher]
    text = answer_text(answer)
    found = [
        "iri" in matcher and str(answer.get("iri") or "").endswith(matcher["iri"]),
        "label" in matcher and any(re.search(matcher["label"], form) for form in _label_forms(answer)),
        "text" in matcher and _any(matcher["text"], text),
        "evidence" in matcher and _any(matcher["evidence"], evidence_text(answer)),
    ]
    if identity and not any(found):
        return False
    kind = str(answer.get("type") or "")
    if "type" in matcher and kind and kind.rsplit("#", 1)[-1].rsplit("/", 1)[-1] != matcher["type"]:
        return False
    numbers = numbers_in(text) | ({float(answer["value"])} if _is_number(answer.get("value")) else set())
    tol = matcher.get("tol", TOLERANCE)
    if "value" in matcher and not _number_ok(matcher["value"], numbers, tol):
        return False
    if any(not _number_ok(n, numbers, tol) for n in matcher.get("numbers", ())):
        return False
    return "unit" not in matcher or _unit_ok(matcher["unit"], text)


def details(matcher: dict, answer: dict) -> tuple[int, int]:
    """(checked, passed) for the comparator and target a value matcher names."""
    text, checked, passed = answer_text(answer), 0, 0
    if "comparator" in matcher:
        checked += 1
        passed += any(w in text for w in COMPARATOR_WORDS.get(matcher["comparator"], (matcher["comparator"],)))
    if "target" in matcher:
        checked += 1
        passed += _number_ok(matcher["target"], numbers_in(text), TOLERANCE)
    return checked, passed


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# ----------------------------------------------------------------------------- scoring


def score(item: dict, result: dict) -> dict:
    """Precision, recall and the misses of one answered form.

    ``result`` is ``Answer.to_dict()``. Count questions are right or wrong as a whole (the
    answer's ``count``, else :func:`count_of` its answers); no-answer
    questions are right when nothing comes back or the confidence is below 0.5; a path must join
    the two endpoints, and then its nodes are scored like answers; top questions score only the
    first ``top`` answers.
    """
    expect, family = item["expect"], item["family"]
    answers = list(result.get("answers") or [])
    if family == "none":
        ok = not answers or float(result.get("confidence") or 0) < 0.5
        return _row(1.0 if ok else 0.0, 1.0 if ok else 0.0, answers, [], [] if ok else answers)
    if family == "count":
        got = result["count"] if result.get("count") is not None else count_of(answers)
        ok = got == expect["count"]
        return _row(
            1.0 if ok else 0.0,
            1.0 if ok else 0.0,
            answers,
            [] if ok else [f"count {expect['count']}"],
            [] if ok else [{"label": f"count {got}"}],
        )
    if family == "path" and result.get("path"):
        answers = [node for node in result["path"] if "iri" in node]
        ends = expect["endpoints"]
        joined = answers and {_which(ends, answers[0]), _which(ends, answers[-1])} == {0, 1}
        if not joined:
            return _row(0.0, 0.0, answers, [_describe(m) for m in expect["answers"]], answers)
    if family == "top":
        answers = answers[: expect.get("top", len(expect["answers"]))]
    return score_set(expect.get("answers", []), expect.get("allowed", []), answers)


def score_set(expected: list[dict], allowed: list[dict], answers: list[dict]) -> dict:
    """Set precision/recall of answers against expected (needed) and allowed (tolerated) matchers."""
    wrong = [a for a in answers if not any(matches(m, a) for m in (*expected, *allowed))]
    hits = [next((a for a in answers if matches(m, a)), None) for m in expected]
    missing = [_describe(m) for m, hit in zip(expected, hits, strict=True) if hit is None]
    precision = (len(answers) - len(wrong)) / len(answers) if answers else None
    row = _row(
        precision, sum(h is not None for h in hits) / len(expected) if expected else 1.0, answers, missing, wrong
    )
    checks = [details(m, h) for m, h in zip(expected, hits, strict=True) if h is not None]
    row["details"] = [sum(c for c, _ in checks), sum(p for _, p in checks)]
    return row


def count_of(answers: list[dict]) -> int | None:
    """The count an answer gives: a lone numeric value, else the number of answers."""
    if len(answers) == 1:
        value = answers[0].get("value")
        if _is_number(value):
            return int(value)
        lone = re.fullmatch(r"\s*(\d+)\s*", str(value or ""))
        if lone:
            return int(lone.group(1))
    return len(answers)


def _which(matchers: list[dict], answer: dict) -> int | None:
    return next((i for i, m in enumerate(matchers) if matches(m, answer)), None)


def _describe(matcher: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in matcher.items())


def _row(precision, recall, answers, missing, wrong) -> dict:
    return {
        "precision": precision,
        "recall": recall,
        "returned": len(answers),
        "missing": missing,
        "wrong": [_brief(a) for a in wrong],
        "details": [0, 0],
    }


def _brief(answer: dict) -> str:
    kind = str(answer.get("type") or "?").rsplit("#", 1)[-1]
    value = answer.get("value")
    return f"{kind}: {answer.get('label')}" + (f" = {value}" if value not in (None, "") else "")


# ----------------------------------------------------------------------------- aggregation


def aggregate(rows: list[dict]) -> dict:
    """Mean precision (over answered forms), mean recall, exact and answered shares."""
    answered = [r for r in rows if r["precision"] is not None]
    checked = sum(r["details"][0] for r in rows)
    return {
        "n": len(rows),
        "precision": sum(r["precision"] for r in answered) / len(answered) if answered else 0.0,
        "recall": sum(r["recall"] for r in rows) / len(rows) if rows else 0.0,
        "exact": sum(r["precision"] == 1.0 and r["recall"] == 1.0 for r in rows) / len(rows) if rows else 0.0,
        "answered": len(answered) / len(rows) if rows else 0.0,
        "details": sum(r["details"][1] for r in rows) / checked if checked else None,
    }


def breakdown(rows: list[dict]) -> dict[str, dict]:
    """Aggregates for all rows, per set, per form and per family (in that order)."""
    groups: dict[str, list[dict]] = {"all": rows}
    for key in ("set", "split", "form", "family"):
        for row in rows:
            groups.setdefault(f"{key}: {row[key]}", []).append(row)
    return {name: aggregate(group) for name, group in groups.items()}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else 0.0


def latency(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms, default=0.0)}


# ----------------------------------------------------------------------------- running


def open_store(store: Path | None, files: list[Path]):
    """A read-only knowledge base holding ``files``: ``store`` when it already holds them all,
    else ``store`` (or a temporary directory) after ingesting them and syncing the index."""
    from kg.kb import KnowledgeBase

    root = store or Path(tempfile.mkdtemp(prefix="vnkg-qa-"))
    if store is None or not _holds(root, files):
        from search.sync import sync_index

        with KnowledgeBase({"KG_STORE": str(root)}) as kb:
            print(kb.ingest(files).summary(), file=sys.stderr)
            print(sync_index(kb).summary(), file=sys.stderr)
    return KnowledgeBase({"KG_STORE": str(root)}, read_only=True)


def _holds(root: Path, files: list[Path]) -> bool:
    from kg.kb import KnowledgeBase

    if not StoreLayout(root).graph.exists():
        return False
    kb = KnowledgeBase({"KG_STORE": str(root)}, read_only=True)
    names = {Path(d.path or "").name for d in kb.documents()}
    kb.close()
    return {f.name for f in files} <= names


def make_answerer(kb):
    from search.api import Searcher
    from search.qa import Answerer

    answerer = Answerer(kb, Searcher(kb))
    if hasattr(answerer, "warm"):
        answerer.warm()
    return answerer


def ask(answerer, question: str) -> tuple[dict, float]:
    """``answerer.ask(question).to_dict()`` and its time; a failure becomes an empty answer
    with an ``error`` key, so one broken question does not stop the evaluation."""
    started = time.perf_counter()
    try:
        result = answerer.ask(question).to_dict()
    except Exception as exc:  # noqa: BLE001 - a benchmark reports failures, it does not stop on them
        result = {
            "answers": [],
            "confidence": 0.0,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=4),
        }
    return result, time.perf_counter() - started


def forms_of(items: list[dict]) -> list[tuple[dict, str, str]]:
    return [(item, form, item["forms"][form]) for item in items for form in FORMS]


def run(answerer, items: list[dict]) -> tuple[list[dict], list[float]]:
    """Scored rows of every form (asked once to warm up, then timed) and the timings."""
    questions = forms_of(items)
    for _, _, question in questions:
        ask(answerer, question)
    rows, seconds = [], []
    for item, form, question in questions:
        result, took = ask(answerer, question)
        seconds.append(took)
        scored = _row(None, 0.0, [], ["(the answerer failed)"], []) if result.get("error") else score(item, result)
        row = scored | {
            "id": item["id"],
            "set": item["set"],
            "family": item["family"],
            "split": item.get("split", "train"),
            "form": form,
            "question": question,
            "ms": round(took * 1000, 1),
        }
        row |= {k: result.get(k) for k in ("interpretation", "confidence", "error", "traceback")}
        row["got"] = [_brief(a) for a in (result.get("answers") or [])[:30]]
        row["sources"] = [
            [a.get("source"), a.get("confidence"), a.get("features")] for a in (result.get("answers") or [])[:30]
        ]  # for calibration and error analysis
        rows.append(row)
    return rows, seconds


def time_store(store: Path, items: list[dict]) -> dict:
    """Latency of every form on a (big) store opened read-only, after one warm-up pass."""
    from kg.kb import KnowledgeBase

    kb = KnowledgeBase({"KG_STORE": str(store)}, read_only=True)
    started = time.perf_counter()
    answerer = make_answerer(kb)
    ready = time.perf_counter() - started
    questions = [q for _, _, q in forms_of(items)]
    for question in questions:
        ask(answerer, question)
    timed = [(q, ask(answerer, q)[1]) for q in questions]
    slowest = sorted(timed, key=lambda qs: -qs[1])[:5]
    return latency([s for _, s in timed]) | {
        "store": str(store),
        "documents": len(kb.documents()),
        "warm_up_s": round(ready, 1),
        "slowest": [[q, round(s * 1000, 1)] for q, s in slowest],
    }


# ----------------------------------------------------------------------------- output


def _pct(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(groups: dict[str, dict]) -> str:
    lines = ["| group | forms | precision | recall | exact | answered | cmp/target |", "|---|---|---|---|---|---|---|"]
    for name, agg in groups.items():
        lines.append(
            f"| {name} | {agg['n']} | {_pct(agg['precision'])} | {_pct(agg['recall'])} | "
            f"{_pct(agg['exact'])} | {_pct(agg['answered'])} | {_pct(agg['details'])} |"
        )
    return "\n".join(lines)


def failures(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        if r["precision"] == 1.0 and r["recall"] == 1.0:
            continue
        out.append(
            f"- {r['id']} [{r['form']}] P={_pct(r['precision'])} R={_pct(r['recall'])} "
            f"conf={r.get('confidence')}: {r['question']}"
        )
        out.append(f"    interpretation: {json.dumps(r.get('interpretation'), ensure_ascii=False)}")
        out += [f"    missing: {m}" for m in r["missing"]] + [f"    wrong:   {w}" for w in r["wrong"]]
        if r.get("error"):
            out.append(f"    error:   {r['error']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="store to build or reuse (default: a temporary one)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--latency-store", type=Path, help="also time every form on this (big) store")
    parser.add_argument("--only", help="regex: keep the question ids it matches")
    parser.add_argument(
        "--split",
        default="all",
        choices=("train", "dev", "test", "all"),
        help="score only this split's questions (the store holds every split's articles)",
    )
    parser.add_argument(
        "--rounds",
        help="comma-separated question rounds to score (e.g. 1,2,3: leave the unseen ones "
        "unasked while tuning); default all",
    )
    parser.add_argument("--verbose", action="store_true", help="list every form not answered exactly")
    parser.add_argument("--json", type=Path, help="write the per-form results here")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if seed precision or recall < {TARGET}")
    args = parser.parse_args(argv)
    everything = load_questions(args.questions)
    items = [
        i
        for i in everything
        if (not args.only or re.search(args.only, i["id"]))
        and args.split in ("all", i.get("split", "train"))
        and (not args.rounds or str(i.get("round", 1)) in args.rounds.split(","))
    ]
    kb = open_store(args.store, question_files(everything, args.corpus))  # every split's articles: distractors
    rows, seconds = run(make_answerer(kb), items)
    groups = breakdown(rows)
    report = {"summary": groups, "latency": latency(seconds), "rows": rows}
    print(f"{len(items)} questions, {len(rows)} forms, store {kb.root} ({len(kb.documents())} documents)\n")
    print(table(groups))
    lat = report["latency"]
    print(
        f"\nlatency (after warm-up, this store): p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms, "
        f"max {lat['max_ms']:.1f} ms over {lat['n']} asks"
    )
    if args.latency_store:
        big = report["latency_store"] = time_store(args.latency_store, items)
        print(
            f"latency on {big['store']} ({big['documents']} documents): p50 {big['p50_ms']:.1f} ms, "
            f"p95 {big['p95_ms']:.1f} ms, max {big['max_ms']:.1f} ms over {big['n']} asks "
            f"(answerer ready in {big['warm_up_s']} s); slowest:"
        )
        print("\n".join(f"  {ms:9.1f} ms  {q}" for q, ms in big["slowest"]))
    if args.verbose:
        print("\nnot exact:\n" + "\n".join(failures(rows)))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), "utf-8")
    seed = groups.get("set: seed")
    if args.check and seed and min(seed["precision"], seed["recall"]) < TARGET:
        print(f"\nseed precision {seed['precision']:.3f} / recall {seed['recall']:.3f} below {TARGET}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
