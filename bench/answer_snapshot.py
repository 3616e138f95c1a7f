"""Every visible question's rendered answer, and the CPU each answer costs, in one run.

    python bench/answer_snapshot.py --index-root /tmp/ix --out answers.json [--repeat 3]
    python bench/answer_snapshot.py --index-root /tmp/ix --compare answers.json
    python bench/answer_snapshot.py --index-root /tmp/ix --profile answer.prof

The questions of tests/data/dev.jsonl and dev-paraphrases.jsonl are asked on corpus/, those
of tests/data/variety/questions.jsonl on its own corpus, each alone with the answer cache
off (``answer_cache=0``). Then conversations, asked turn by turn as the page asks them
(each turn with the questions before it as history): every follow-up conversation of
tests/data/own/followups on its corpus, and on corpus/ the load of ``bench/load.py``
(dev.jsonl's questions in conversations of 5 consecutive ones, one from each question).
An answer is kept as its JSON, its Markdown and its plain text; ``--compare`` exits 1 when
any differs from the file (a speed change must give the same bytes). CPU per answer is
``time.process_time`` around ``Library.ask`` (every thread of this process, so the query
embedding counts), measured on ``--repeat`` rounds after one warm-up round; the median,
p95 and max are printed, for questions alone and for conversation turns. ``--serve``:
query vectors as the app computes them (``Embedder.serve``: ONNX Runtime behind one worker,
recent vectors cached), so the timed rounds cost what the app's answers cost; compare its
answers only with a snapshot also made with ``--serve`` (the engines' vectors agree to
cosine 0.999, not to the bit).
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
FOLLOWUPS = DATA / "own" / "followups"
LOAD_TURNS = 5  # bench/load.py's default: a user starts a new conversation every 5 questions


def conversations() -> list[tuple[str, Path, str, list[str]]]:
    """(set, corpus, id, the turns' questions) of every conversation asked turn by turn."""
    out: list[tuple[str, Path, str, list[str]]] = []
    for part in ("tuning", "heldout"):
        for line in (FOLLOWUPS / f"{part}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                turns = [*rec["history"], rec["question"]]
                out.append(("followups", FOLLOWUPS / "corpus", str(rec["id"]), turns))
    dev = questions_of((DATA / "dev.jsonl",))
    for i in range(len(dev)):
        turns = [dev[(i + k) % len(dev)] for k in range(LOAD_TURNS)]
        out.append(("load", REPO / "corpus", f"load-{i:02d}", turns))
    return out


def questions_of(paths: tuple[Path, ...]) -> list[str]:
    out: list[str] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(str(json.loads(line)["question"]))
    return out


def rendered(lib: Library, question: str, history: list[str] | None = None) -> dict[str, Any]:
    answer = lib.ask(question, history or ())
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
    ap.add_argument("--serve", action="store_true", help="query vectors as the app has them")
    args = ap.parse_args(argv)
    base = replace(load_settings(), answer_cache=0)
    answers: dict[str, dict[str, Any]] = {}
    cpu_ms: list[float] = []
    prof = cProfile.Profile() if args.profile else None
    for name, corpus, paths in SETS:
        lib = Library.open(base.with_paths(corpus, args.index_root / name), sync=True)
        if args.serve:
            lib.embedder.serve()
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
    alone = len(answers)
    turn_ms: list[float] = []
    talks = conversations()
    for corpus in dict.fromkeys(c for _, c, _, _ in talks):
        name = "followups" if corpus == FOLLOWUPS / "corpus" else "corpus"
        lib = Library.open(base.with_paths(corpus, args.index_root / name), sync=True)
        if args.serve:
            lib.embedder.serve()
        mine = [(s, i, t) for s, c, i, t in talks if c == corpus]
        for round_ in range(1 + args.repeat):
            for set_name, talk_id, turns in mine:
                for k, question in enumerate(turns):
                    if round_ == 0:
                        key = f"{set_name}\t{talk_id}\t{k}\t{question}"
                        answers[key] = rendered(lib, question, turns[:k])
                        continue
                    if prof is not None:
                        prof.enable()
                    t = time.process_time()
                    lib.ask(question, turns[:k])
                    turn_ms.append((time.process_time() - t) * 1000)
                    if prof is not None:
                        prof.disable()
    if prof is not None and args.profile is not None:
        prof.dump_stats(str(args.profile))
    for label, ms in (("questions alone", cpu_ms), ("conversation turns", turn_ms)):
        if ms:
            print(
                f"{label}: {len(ms)} timed answers, CPU per answer median "
                f"{statistics.median(ms):.1f} ms, p95 {pct(ms, 0.95):.1f} ms, "
                f"max {max(ms):.1f} ms, mean {statistics.fmean(ms):.1f} ms"
            )
    print(f"{alone} questions alone, {len(answers) - alone} conversation turns")
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
