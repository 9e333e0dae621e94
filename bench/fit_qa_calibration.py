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

from bench.eval_qa import QUESTIONS, ask, load_questions, make_answerer, matches, open_store, question_files  # noqa: E402
from search.qa import rank  # noqa: E402

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
            result, _ = ask(answerer, question)
            for answer in result.get("answers") or []:
                if "features" not in answer:
                    continue
                right = not expect.get("empty") and any(matches(m, answer) for m in matchers)
                out.append((answer["features"], right, item["id"]))
    return out


def fit(rows: list[tuple[dict, bool, str]], C: float = 0.5) -> dict:
    from sklearn.linear_model import LogisticRegression

    X = [[float(f.get(name, 0.0)) for name in rank.FEATURES] for f, _, _ in rows]
    y = [int(right) for _, right, _ in rows]
    model = LogisticRegression(C=C, max_iter=1000).fit(X, y)
    return {"features": list(rank.FEATURES), "coef": [round(float(c), 4) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 4),
            "fitted_on": f"bench/qa_questions.json train+dev splits: {len(rows)} answers, {sum(y)} right "
                         f"({len({q for _, _, q in rows})} questions; bench/fit_qa_calibration.py)"}


def report(name: str, rows: list[tuple[dict, bool, str]], coefficients: dict) -> str:
    rank.model.cache_clear()
    probs = [_probability(f, coefficients) for f, _, _ in rows]
    right = [r for _, r, _ in rows]
    n = len(rows)
    if not n:
        return f"{name}: no answers\n"
    brier = sum((p - r) ** 2 for p, r in zip(probs, right, strict=True)) / n
    bins = [[] for _ in range(10)]
    for p, r in zip(probs, right, strict=True):
        bins[min(9, int(p * 10))].append((p, r))
    ece = sum(len(b) / n * abs(sum(p for p, _ in b) / len(b) - sum(r for _, r in b) / len(b)) for b in bins if b)
    sure = [(p, r) for p, r in zip(probs, right, strict=True) if p >= 0.8]
    lines = [f"### {name}: {n} answers, {sum(right)} right; Brier {brier:.3f}, ECE {ece:.3f}; "
             f"confidence >= 0.8: {len(sure)} answers, {sum(1 for _, r in sure if not r)} wrong", "",
             "| confidence | answers | mean confidence | right |", "|---|---|---|---|"]
    for i, b in enumerate(bins):
        if b:
            lines.append(f"| {i / 10:.1f}–{(i + 1) / 10:.1f} | {len(b)} | {sum(p for p, _ in b) / len(b):.2f} | "
                         f"{sum(r for _, r in b) / len(b):.2f} |")
    return "\n".join(lines) + "\n"


def _round_key(item: dict) -> str:
    """"test-r2" for a round-2 test question: a round whose results were seen can be fitted on."""
    return f"{item.get('split', 'train')}-r{item.get('round', 1)}"


def _probability(features: dict, coefficients: dict) -> float:
    import math

    z = coefficients["intercept"] + sum(c * float(features.get(f, 0.0))
                                        for c, f in zip(coefficients["coef"], coefficients["features"], strict=True))
    return 1 / (1 + math.exp(-z))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--fit-on", default="train+dev",
                        help="the splits fitted on, joined by +; a test round already seen may be named "
                             "(train+dev+test-r2); the rest of test is reported")
    parser.add_argument("--C", type=float, default=0.5, help="inverse regularisation strength")
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
    if not args.no_save:
        rank.MODEL.write_text(json.dumps(coefficients, ensure_ascii=False, indent=1) + "\n", "utf-8")
    test = labelled(answerer, [i for i in items if i.get("split") == "test" and i not in fitted])
    text = (f"coefficients: {json.dumps(coefficients, ensure_ascii=False)}\n\n"
            + report(f"{args.fit_on} (fitted on)", dev, coefficients) + "\n" + report("test", test, coefficients))
    print(text)
    if args.report:
        args.report.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
