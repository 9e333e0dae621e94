"""Fit the answer confidence (search/qa/calibration.json) on dev questions; report it on test.

Usage: python bench/fit_qa_calibration.py [--store DIR] [--no-save] [--report FILE.md]
                                         [--fit-on train+dev+test-r2]

Every form of every train and dev question of ``bench/qa_questions.json`` is asked (a store holding
every split's articles, as ``bench/eval_qa.py`` builds it); each answer returned is labelled
right when it matches an expected or tolerated answer of its question (the matchers of
``bench/eval_qa.py``; every answer to a no-answer question is wrong). A logistic regression
over each answer's features (``search.qa.rank.FEATURES``: fit, focus, measure, subject, first
passage, from the graph) is fitted on those labels (scikit-learn, here only; the answerer
applies the coefficients with ``math``) and saved. The same is asked on the test split, and
the report gives, per split: answers, Brier score, expected calibration error (ECE, 10 bins),
a reliability table, and how many answers given at confidence >= 0.8 are wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_qa import (
    QUESTIONS,
    ask,
    load_questions,
    make_answerer,
    matches,
    open_store,
    question_files,
    score,
)
from search.qa import rank

_ASKED: dict[str, dict] = {}


def asked(answerer, question: str) -> dict:
    """The answer to ``question``, asked once per run (answers, results and graph-only
    shares are all labelled from the same answers)."""
    if question not in _ASKED:
        _ASKED[question] = ask(answerer, question)[0]
    return _ASKED[question]


FAMILIES_SKIPPED = ("count", "path", "top")  # scored on the whole list, not per answer


def labelled(answerer, items: list[dict]) -> list[tuple[dict, bool, str]]:
    """(features, right, question id) of every answer to every form of ``items``."""
    out = []
    for item in items:
        if item["family"] in FAMILIES_SKIPPED:
            continue
        expect = item["expect"]
        matchers = [*expect.get("answers", []), *expect.get("allowed", [])]
        for question in item["forms"].values():
            result = asked(answerer, question)
            for answer in result.get("answers") or []:
                if "features" not in answer:
                    continue
                right = not expect.get("empty") and any(matches(m, answer) for m in matchers)
                out.append((answer["features"], right, item["id"]))
    return out


def result_labelled(answerer, items: list[dict]) -> list[tuple[dict, bool, str]]:
    """(result JSON, right, question id) of every form whose answers were ranked (they carry
    features): right as the issue counts a question (everything expected is there, at least
    half of what is listed right; a no-answer question answered is wrong)."""
    out = []
    for item in items:
        if item["family"] in FAMILIES_SKIPPED:
            continue
        for question in item["forms"].values():
            result = asked(answerer, question)
            answers = result.get("answers") or []
            if not answers or not all("features" in a for a in answers):
                continue
            row = score(item, result)
            right = item["family"] != "none" and (row["precision"] or 0) >= 0.5 and row["recall"] >= 0.999
            out.append((result, right, item["id"]))
    return out


def result_rows(rows: list[tuple[dict, bool, str]], coefficients: dict) -> list[tuple[dict, bool, str]]:
    """The results' features (:func:`search.qa.rank.result_features`) with each answer's
    confidence from the answer model just fitted, not the one the answers were given with."""
    out = []
    for result, right, qid in rows:
        answers = [{**a, "confidence": _probability(a["features"], coefficients)} for a in result["answers"]]
        out.append((rank.result_features(answers, result.get("expected"), result.get("more") or 0), right, qid))
    return out


def fit_result(rows: list[tuple[dict, bool, str]], C: float = 0.5) -> dict:
    """A logistic model of a result being right over :data:`search.qa.rank.RESULT_FEATURES`."""
    from sklearn.linear_model import LogisticRegression

    X = [[float(f[name]) for name in rank.RESULT_FEATURES] for f, _, _ in rows]
    y = [int(right) for _, right, _ in rows]
    model = LogisticRegression(C=C, max_iter=1000).fit(X, y)
    return {
        "features": list(rank.RESULT_FEATURES),
        "coef": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "fitted_on": f"{len(rows)} results, {sum(y)} right",
    }


def _binned(pairs: list[tuple[float, bool]]) -> list[list[tuple[float, bool]]]:
    """(confidence, right) pairs in ten bins of confidence (0.0–0.1, …, 0.9–1.0)."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(10)]
    for p, r in pairs:
        bins[min(9, int(p * 10))].append((p, r))
    return bins


def _reliability_rows(bins: list[list[tuple[float, bool]]]) -> list[str]:
    """The reliability table's rows: per non-empty bin, its count, mean confidence and share right."""
    return [
        f"| {i / 10:.1f}–{(i + 1) / 10:.1f} | {len(b)} | {sum(p for p, _ in b) / len(b):.2f} | "
        f"{sum(r for _, r in b) / len(b):.2f} |"
        for i, b in enumerate(bins)
        if b
    ]


def report_results(name: str, rows: list[tuple[dict, bool, str]], fitted: dict) -> str:
    """Reliability of the results' confidence (a question form counted as the evaluation counts it)."""
    pairs = [(_probability(f, {**fitted, "features": list(rank.RESULT_FEATURES)}), r) for f, r, _ in rows]
    n = len(pairs)
    if not n:
        return f"### {name}: no ranked results\n"
    sure = [(p, r) for p, r in pairs if p >= 0.8]
    brier = sum((p - r) ** 2 for p, r in pairs) / n
    lines = [
        f"### {name}: {n} ranked results, {sum(r for _, r in pairs)} right; Brier {brier:.3f}; "
        f"confidence >= 0.8: {len(sure)}, {sum(1 for _, r in sure if not r)} wrong",
        "",
        "| confidence | results | mean confidence | right |",
        "|---|---|---|---|",
    ]
    bins = _binned(pairs)
    return "\n".join(lines + _reliability_rows(bins)) + "\n"


PRIOR = 4.0  # the per-intent share right is smoothed toward the share over all intents with this weight


def graph_labelled(answerer, items: list[dict]) -> list[tuple[str, bool, str]]:
    """(intent, right, question id) of every corpus form answered by the graph alone (a question
    with no expected answer type, so none of its answers carries reader features). Right as the
    issue counts it: everything expected is there and at least half of what is listed is right
    (a no-answer question: nothing confident came back)."""
    out = []
    for item in items:
        if item.get("set") != "corpus":
            continue  # the seed is the founding document, right by construction: it would flatter
        for question in item["forms"].values():
            result = asked(answerer, question)
            answers = result.get("answers") or []
            if not answers or any("features" in a for a in answers):
                continue
            row = score(item, result)
            right = item["family"] != "none" and (row["precision"] or 0) >= 0.5 and row["recall"] >= 0.999
            out.append((rank.intent_key(result.get("interpretation") or {}), right, item["id"]))
    return out


def fit_intents(rows: list[tuple[str, bool, str]]) -> dict:
    """Per intent, and per intent and type asked for ("list:Proposal"): answered, right, and the
    share right smoothed toward the level above (the intent's share, then the share over all)."""
    if not rows:
        return {}
    overall = sum(r for _, r, _ in rows) / len(rows)
    table = {}

    def smoothed(mine: list[bool], prior: float) -> dict:
        return {
            "answered": len(mine),
            "right": sum(mine),
            "p": round((sum(mine) + PRIOR * prior) / (len(mine) + PRIOR), 3),
        }

    for intent in sorted({k.split(":")[0] for k, _, _ in rows}):
        table[intent] = smoothed([r for k, r, _ in rows if k.split(":")[0] == intent], overall)
    for key in sorted({k for k, _, _ in rows if ":" in k}):
        table[key] = smoothed([r for k, r, _ in rows if k == key], table[key.split(":")[0]]["p"])
    return {"intents": table, "intent_default": round(overall, 3)}


def report_intents(name: str, rows: list[tuple[str, bool, str]], fitted: dict) -> str:
    """How the graph-only answers' confidence held on ``rows``."""
    if not rows:
        return f"### {name}: no graph-only answers\n"
    probs = [rank.intent_probability(i, table=fitted) for i, _, _ in rows]
    sure = [(p, r) for p, (_, r, _) in zip(probs, rows, strict=True) if p >= 0.8]
    lines = [
        f"### {name}: {len(rows)} graph-only answers, {sum(r for _, r, _ in rows)} right; "
        f"confidence >= 0.8: {len(sure)}, {sum(1 for _, r in sure if not r)} wrong",
        "",
        "| intent | answers | right | confidence given |",
        "|---|---|---|---|",
    ]
    for intent in sorted({i for i, _, _ in rows}):
        mine = [r for i, r, _ in rows if i == intent]
        lines.append(f"| {intent} | {len(mine)} | {sum(mine)} | {rank.intent_probability(intent, table=fitted):.2f} |")
    return "\n".join(lines) + "\n"


def fit(rows: list[tuple[dict, bool, str]], C: float = 0.5) -> dict:
    from sklearn.linear_model import LogisticRegression

    X = [[float(f.get(name, 0.0)) for name in rank.FEATURES] for f, _, _ in rows]
    y = [int(right) for _, right, _ in rows]
    model = LogisticRegression(C=C, max_iter=1000).fit(X, y)
    return {
        "features": list(rank.FEATURES),
        "coef": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "fitted_on": f"bench/qa_questions.json train+dev splits: {len(rows)} answers, {sum(y)} right "
        f"({len({q for _, _, q in rows})} questions; bench/fit_qa_calibration.py)",
    }


def report(name: str, rows: list[tuple[dict, bool, str]], coefficients: dict) -> str:
    rank.model.cache_clear()
    probs = [_probability(f, coefficients) for f, _, _ in rows]
    right = [r for _, r, _ in rows]
    n = len(rows)
    if not n:
        return f"{name}: no answers\n"
    brier = sum((p - r) ** 2 for p, r in zip(probs, right, strict=True)) / n
    bins = _binned(list(zip(probs, right, strict=True)))
    ece = sum(len(b) / n * abs(sum(p for p, _ in b) / len(b) - sum(r for _, r in b) / len(b)) for b in bins if b)
    sure = [(p, r) for p, r in zip(probs, right, strict=True) if p >= 0.8]
    lines = [
        f"### {name}: {n} answers, {sum(right)} right; Brier {brier:.3f}, ECE {ece:.3f}; "
        f"confidence >= 0.8: {len(sure)} answers, {sum(1 for _, r in sure if not r)} wrong",
        "",
        "| confidence | answers | mean confidence | right |",
        "|---|---|---|---|",
    ]
    return "\n".join(lines + _reliability_rows(bins)) + "\n"


def _round_key(item: dict) -> str:
    """ "test-r2" for a round-2 test question: a round whose results were seen can be fitted on."""
    return f"{item.get('split', 'train')}-r{item.get('round', 1)}"


def _probability(features: dict, coefficients: dict) -> float:
    import math

    z = coefficients["intercept"] + sum(
        c * float(features.get(f, 0.0)) for c, f in zip(coefficients["coef"], coefficients["features"], strict=True)
    )
    return 1 / (1 + math.exp(-z))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--report", type=Path)
    parser.add_argument(
        "--fit-on",
        default="train+dev",
        help="the splits fitted on, joined by +; a test round already seen may be named "
        "(train+dev+test-r2); the rest of test is reported",
    )
    parser.add_argument("--C", type=float, default=0.5, help="inverse regularisation strength (answers)")
    parser.add_argument(
        "--result-C",
        type=float,
        default=0.01,
        help="inverse regularisation strength of the result model: strong, so that a result is said "
        "sure (>= 0.8) only where the fitted rounds were (0.5 gave 16 results >= 0.8 on a held-out round, "
        "6 wrong; fitted on rounds 2–8 with round 9 held out, 0.05 gave 12 there, 2 wrong, 0.02 10 and 2, "
        "0.01 3 and 0)",
    )
    parser.add_argument(
        "--report-seen",
        action="store_true",
        help="report on the seen questions not fitted on (train, dev) instead of the unseen test "
        "rounds, so the unseen ones stay unasked while the answerer is being changed",
    )
    parser.add_argument(
        "--report-on",
        help="the rounds reported on, joined by + (test-r5), instead of every test question not fitted on: "
        "a seen round held out while the fit is chosen, so the freshest round is asked once, at the end",
    )
    args = parser.parse_args(argv)
    items = load_questions(QUESTIONS)
    kb = open_store(args.store, question_files(items))
    answerer = make_answerer(kb)
    chosen = set(args.fit_on.split("+"))
    if "test" in chosen:
        parser.error("calibration is never fitted on the fresh test split (name a seen round: test-r2)")
    fitted = [i for i in items if {i.get("split", "train"), _round_key(i)} & chosen]
    dev = labelled(answerer, fitted)
    coefficients = fit(dev, args.C)
    coefficients["fitted_on"] = coefficients["fitted_on"].replace("train+dev", args.fit_on)
    results_dev = result_rows(result_labelled(answerer, fitted), coefficients)
    coefficients["result"] = fit_result(results_dev, args.result_C)
    coefficients["result"]["fitted_on"] = (
        f"bench/qa_questions.json {args.fit_on}: {coefficients['result']['fitted_on']}"
    )
    # graph-only answers are rarer: their per-intent shares are fitted on every seen corpus question
    seen = [i for i in items if i.get("split") != "test" or _round_key(i) in chosen]
    graph_dev = graph_labelled(answerer, seen)
    coefficients |= fit_intents(graph_dev)
    coefficients["intents_fitted_on"] = (
        f"bench/qa_questions.json corpus train+dev+{'+'.join(sorted(chosen - {'train', 'dev'}))}: "
        f"{len(graph_dev)} graph-only answers"
    )
    if not args.no_save:
        rank.MODEL.write_text(json.dumps(coefficients, ensure_ascii=False, indent=1) + "\n", "utf-8")
    unseen = [i for i in items if i.get("split") == "test" and i not in fitted]
    if args.report_seen:
        unseen = [i for i in seen if i not in fitted]
    if args.report_on:
        wanted = set(args.report_on.split("+"))
        unseen = [i for i in items if i not in fitted and {i.get("split", "train"), _round_key(i)} & wanted]
    test = labelled(answerer, unseen)
    results_test = result_rows(result_labelled(answerer, unseen), coefficients)
    graph_test = graph_labelled(answerer, unseen)
    text = (
        f"coefficients: {json.dumps(coefficients, ensure_ascii=False)}\n\n"
        + report(f"{args.fit_on} (fitted on)", dev, coefficients)
        + "\n"
        + report("test", test, coefficients)
        + "\n"
        + report_results(f"results, {args.fit_on} (fitted on)", results_dev, coefficients["result"])
        + "\n"
        + report_results("results, test", results_test, coefficients["result"])
        + "\n"
        + report_intents("graph-only, fitted on", graph_dev, coefficients)
        + "\n"
        + report_intents("graph-only, test", graph_test, coefficients)
    )
    print(text)
    if args.report:
        args.report.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
