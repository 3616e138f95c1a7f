"""Every visible question's rendered answer, and the CPU each answer costs, in one run.

    python bench/answer_snapshot.py --index-root /tmp/ix --out answers.json [--repeat 3]
    python bench/answer_snapshot.py --index-root /tmp/ix --compare answers.json
    python bench/answer_snapshot.py --index-root /tmp/ix --profile answer.prof

The questions of tests/data/dev.jsonl and dev-paraphrases.jsonl are asked on corpus/, those
of tests/data/variety/questions.jsonl on its own corpus, each alone with the answer cache
off (``answer_cache=0``). An answer is kept as its JSON, its Markdown and its plain text;
``--compare`` exits 1 when any differs from the file (a speed change must give the same
bytes). CPU per answer is ``time.process_time`` around ``Library.ask`` (every thread of
this process, so the query embedding counts), measured on ``--repeat`` rounds after one
warm-up round; the median and p95 are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from rag.config import load_settings
from rag.render import markdown, plain_text
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SETS = (
    ("corpus", REPO / "corpus", (DATA / "dev.jsonl", DATA / "dev-paraphrases.jsonl")),
    ("variety", DATA / "variety" / "corpus", (DATA / "variety" / "questions.jsonl",)),
)


def questions_of(paths: tuple[Path, ...]) -> list[str]:
    out: list[str] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(str(json.loads(line)["question"]))
    return out


def rendered(lib: Library, question: str) -> dict[str, Any]:
    answer = lib.ask(question)
    data = answer.to_json()
    data.pop("elapsed_ms", None)
    return {"json": data, "markdown": markdown(answer.blocks), "plain": plain_text(answer)}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-root", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=Path, help="cProfile of the timed rounds")
    args = ap.parse_args(argv)
    base = replace(load_settings(), answer_cache=0)
    answers: dict[str, dict[str, Any]] = {}
    cpu_ms: list[float] = []
    prof = cProfile.Profile() if args.profile else None
    for name, corpus, paths in SETS:
        lib = Library.open(base.with_paths(corpus, args.index_root / name), sync=True)
        qs = questions_of(paths)
        for q in qs:
            answers[f"{name}\t{q}"] = rendered(lib, q)
        for _ in range(args.repeat):
            for q in qs:
                if prof is not None:
                    prof.enable()
                t = time.process_time()
                lib.ask(q)
                cpu_ms.append((time.process_time() - t) * 1000)
                if prof is not None:
                    prof.disable()
    if prof is not None and args.profile is not None:
        prof.dump_stats(str(args.profile))
    if cpu_ms:
        print(
            f"{len(answers)} questions, {len(cpu_ms)} timed answers: CPU per answer "
            f"median {statistics.median(cpu_ms):.1f} ms, p95 {pct(cpu_ms, 0.95):.1f} ms, "
            f"mean {statistics.fmean(cpu_ms):.1f} ms"
        )
    if args.out is not None:
        args.out.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare is not None:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        diff = [k for k in sorted(set(old) | set(answers)) if old.get(k) != answers.get(k)]
        for k in diff[:20]:
            print(f"DIFFERS: {k}")
        print(f"{len(answers) - len(diff)}/{len(answers)} answers identical")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
