"""Answer latency of the extractive path (the offline default) on the dev questions.

Prints p50/p95 per kind of question and overall, beside a naive baseline measured in
the same run on the same index: dense top-4 retrieval alone (what a tutorial RAG
pipeline spends before it even calls an LLM). Target: median under 100 ms.

    python bench/bench_answer.py [--questions tests/data/dev.jsonl] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from rag.config import load_settings
from rag.eval import load_questions
from rag.service import Library


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", default="tests/data/dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    questions = load_questions(Path(args.questions))
    t0 = time.perf_counter()
    # Every repeat works the answer out again: no per-build answer cache (RAG_ANSWER_CACHE).
    lib = Library.open(replace(load_settings(), answer_cache=0), sync=True)
    print(f"library opened in {time.perf_counter() - t0:.2f} s ({len(lib.documents)} documents)")
    lib.ask(questions[0].question)  # warm caches (jieba, model)
    ours: dict[str, list[float]] = defaultdict(list)
    naive: list[float] = []
    for _ in range(args.repeat):
        for q in questions:
            t = time.perf_counter()
            lib.ask(q.question)
            ms = (time.perf_counter() - t) * 1000
            ours[q.kind].append(ms)
            ours["all"].append(ms)
            t = time.perf_counter()
            lib.retrieve(q.question, k=4, mode="dense")
            naive.append((time.perf_counter() - t) * 1000)
    print(f"\n{'kind':<12}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}")
    for kind, vals in sorted(ours.items(), key=lambda kv: kv[0] != "all"):
        print(f"{kind:<12}{len(vals):>5}{statistics.median(vals):>10.1f}{pct(vals, 0.95):>10.1f}")
    p50, base = statistics.median(ours["all"]), statistics.median(naive)
    print(
        f"\nbaseline dense top-4 retrieval only: p50 {base:.1f} ms, p95 {pct(naive, 0.95):.1f} ms"
    )
    print(
        f"extractive answer p50 {p50:.1f} ms = {p50 / base:.2f}x the baseline retrieval; target < 100 ms: "
        f"{'met' if p50 < 100 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
