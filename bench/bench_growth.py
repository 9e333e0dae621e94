"""Cost as the corpus grows: ingest time, quads, store size, peak memory and ask/search p95.

Usage: python bench/bench_growth.py [--sizes 250,500,1000,1956] [--corpus ../shared/corpus/vnnews]
                                    [--out bench/results/growth] [--seconds 30] [--keep DIR]

One store grows through the sizes: at each step the next articles (in file-name order) join the
input folder and ``kg ingest`` runs over the whole folder, as a user adding to an archive would
(the articles already stored are skipped unchanged; that check is part of the cost). Each step is
its own process, so its peak memory (``wait4``'s maximum resident set) is that step's alone; the
ingest includes the search index sync and the embedding of the new passages. After each step
``kg serve`` is started on the store and one client sends the questions and queries of
``bench/bench_web.py`` back to back for ``--seconds``; p95 is client-side.

The growth exponent of each measure is the slope of log(measure) against log(documents), a
least-squares fit over the sizes: 1.0 is linear, below 1 sublinear. Cumulative ingest time is
fitted (the time to build a store of N documents), and so is the time per step divided by the
documents it added (flat when ingest cost per document does not grow with the store; each step
also pays the process start and the models' load, about 10 s, which the 250-document steps spread).

Writes ``OUT.json`` (every figure), ``OUT.md`` (the README table) and ``OUT.png`` (the plot).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import bench_web

MEASURES = (  # key, label, unit
    ("ingest_s", "cumulative ingest", "s"),
    ("step_s_per_doc", "ingest per added document", "s"),
    ("quads", "quads", ""),
    ("store_mb", "store size", "MB"),
    ("peak_rss_mb", "peak memory of the ingest step", "MB"),
    ("ask_p95_ms", "/api/ask p95", "ms"),
    ("search_p95_ms", "/api/search p95", "ms"),
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,1956", help="comma-separated document counts")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vnnews")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "growth")
    parser.add_argument("--seconds", type=float, default=30, help="timed load per size and endpoint mix")
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (default: a temp dir)")
    return parser.parse_args(argv)


def run_step(store: Path, folder: Path) -> tuple[float, float, str]:
    """``kg ingest folder`` in its own process: (seconds, peak RSS in MB, its last output line)."""
    env = {**os.environ, "KG_STORE": str(store)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "web", "ingest", str(folder)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"kg ingest failed ({proc.returncode}):\n{output[-2000:]}")
    lines = [line for line in output.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def store_facts(store: Path) -> tuple[int, float]:
    """Quads held and megabytes on disk (graph and index)."""
    from kg.kb import KnowledgeBase, disk_usage

    with KnowledgeBase({"KG_STORE": str(store)}, read_only=True) as kb:
        quads = len(kb.store)
    return quads, disk_usage(store) / 1e6


def latency(store: Path, seconds: float) -> dict:
    """p50/p95 of /api/ask and /api/search, one client, after a warm-up."""
    work = bench_web.request_paths(bench_web.QUESTIONS, bench_web.search_queries(), 10)
    with bench_web.served(store, threads=4) as base:
        for _, path in work[:8]:
            bench_web.fetch(base, path)
        recorder, elapsed = bench_web.run_load(base, work, 1, seconds)
    rows = bench_web.summarise(recorder, elapsed)
    errors = sum(r["errors"] for r in rows.values())
    if errors:
        sys.exit(f"{errors} requests failed while measuring latency on {store}")
    return rows


def exponent(sizes: list[int], values: list[float]) -> float | None:
    """Least-squares slope of log(value) on log(size); None when a value is not positive."""
    if len(sizes) < 2 or min(values) <= 0:
        return None
    return float(np.polyfit(np.log(sizes), np.log(values), 1)[0])


def table(rows: list[dict], exponents: dict) -> str:
    head = "| documents | " + " | ".join(f"{label}{f' ({unit})' if unit else ''}" for _, label, unit in MEASURES) + " |"
    lines = [head, "|---:" * (len(MEASURES) + 1) + "|"]
    for row in rows:
        cells = [f"{row[key]:,.3f}" if key == "step_s_per_doc" else f"{row[key]:,.0f}" for key, _, _ in MEASURES]
        lines.append(f"| {row['documents']:,} | " + " | ".join(cells) + " |")
    lines.append(
        "| growth exponent | "
        + " | ".join("–" if exponents[key] is None else f"{exponents[key]:.2f}" for key, _, _ in MEASURES)
        + " |"
    )
    return "\n".join(lines)


def plot(rows: list[dict], exponents: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    sizes = [r["documents"] for r in rows]
    fig, axes = plt.subplots(2, 4, figsize=(16, 7.5))
    for ax, (key, label, unit) in zip(
        axes.flat, MEASURES, strict=False
    ):  # 8 axes, 7 measures: the last is switched off
        values = [r[key] for r in rows]
        ax.plot(sizes, values, "o-", color="#1f6f8b")
        if len(sizes) > 1 and min(sizes) > 0:  # the linear reference through the first point
            ax.plot(sizes, [values[0] * s / sizes[0] for s in sizes], ":", color="#999", label="linear")
        k = exponents[key]
        ax.set_title(f"{label}" + (f" — exponent {k:.2f}" if k is not None else ""), fontsize=10)
        ax.set_xlabel("documents (văn bản)")
        ax.set_ylabel(unit)
        ax.set_xscale("log")
        ax.set_yscale("log")
        for axis in (ax.xaxis, ax.yaxis):  # plain numbers on log axes
            axis.set_major_formatter(ScalarFormatter())
            axis.set_minor_formatter(NullFormatter())
        ax.grid(True, which="both", alpha=0.3)
    axes.flat[-1].axis("off")
    axes.flat[0].legend(loc="upper left", fontsize=8)
    fig.suptitle("vnkg: chi phí theo quy mô kho / cost as the corpus grows", fontsize=12)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    files = sorted(args.corpus.glob("*.txt"))
    if len(files) < sizes[-1]:
        sys.exit(f"{args.corpus} holds {len(files)} articles, fewer than {sizes[-1]}")
    work = Path(tempfile.mkdtemp(prefix="vnkg-growth-"))
    store = args.keep or work / "store"
    folder = work / "in"
    folder.mkdir()
    rows, total, done = [], 0.0, 0
    try:
        for size in sizes:
            for path in files[done:size]:
                shutil.copy(path, folder / path.name)
            seconds, rss, summary = run_step(store, folder)
            total += seconds
            quads, mb = store_facts(store)
            lat = latency(store, args.seconds)
            row = {
                "documents": size,
                "added": size - done,
                "step_s": round(seconds, 1),
                "ingest_s": round(total, 1),
                "step_s_per_doc": seconds / (size - done),
                "quads": quads,
                "store_mb": round(mb, 1),
                "peak_rss_mb": round(rss),
                "ask_p95_ms": lat["ask"]["p95_ms"],
                "search_p95_ms": lat["search"]["p95_ms"],
                "ask_p50_ms": lat["ask"]["p50_ms"],
                "search_p50_ms": lat["search"]["p50_ms"],
                "ingest_summary": summary,
            }
            rows.append(row)
            done = size
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    exponents = {key: exponent([r["documents"] for r in rows], [r[key] for r in rows]) for key, _, _ in MEASURES}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    setup = {
        "machine": bench_web.machine(),
        "corpus": str(args.corpus),
        "seconds": args.seconds,
        "date": time.strftime("%Y-%m-%d"),
    }
    args.out.with_suffix(".json").write_text(
        json.dumps({"setup": setup, "rows": rows, "exponents": exponents}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    text = table(rows, exponents)
    args.out.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    plot(rows, exponents, args.out.with_suffix(".png"))
    print(text)
    print(f"\nwrote {args.out.with_suffix('.png')}, .md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
