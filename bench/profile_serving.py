"""Where the app's CPU goes per answer under many users: ``py-spy`` samples the running
app (the thread holding the GIL, i.e. Python's own work; native code that releases it, such
as ONNX Runtime, is not in the samples) while ``bench/load.py``'s users ask through Gradio's
``/ask`` or ``POST /api/ask``; the samples are summed by part of the path.

    python bench/profile_serving.py [--path gradio|json] [--users 20] [--seconds 20]

Needs py-spy (requirements-dev.lock) and permission to trace a child process (root, or
ptrace_scope 0). Prints the CPU per request of the app and of the load generator (both on
the same cores) and the share of each part.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # bench/load.py, beside this file

REPO = Path(__file__).resolve().parent.parent
# A sample's part: the first rule (in this order) that matches its stack.
PARTS = [
    ("Gradio: per-event analytics (pandas)", ("compute_analytics_summary",)),
    ("Gradio: matplotlib probe per event", ("MatplotlibBackendMananger",)),
    ("query embedding (Python side)", ("rag/embedworker.py", "rag/e5onnx.py", "rag/embed.py")),
    (
        "our answer (Library.ask)",
        ("Library.ask (", "Library.ask_read (", "Library.understand", "answer_query"),
    ),
    ("our page rendering (rag/ui.py)", ("rag/ui.py",)),
    ("our JSON endpoint (rag/api.py)", ("rag/api.py",)),
    ("Gradio: pre/postprocess (process_api)", ("process_api",)),
    ("Gradio: queue", ("gradio/queueing.py",)),
    ("HTTP, SSE, JSON: uvicorn/starlette/asyncio", ("uvicorn", "starlette", "h11", "asyncio")),
]


def part_of(stack: str) -> str:
    for name, needles in PARTS:
        if any(n in stack for n in needles):
            return name
    return "other"


def summarise(raw: Path) -> tuple[int, collections.Counter[str]]:
    parts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        parts[part_of(re.sub(r":\d+\)", ")", stack))] += n
    return total, parts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--path", choices=("gradio", "json"), default="gradio")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--turns", type=int, default=5)
    ap.add_argument("--client", choices=tuple(load.CLIENTS), default="gradio",
                    help="with --path gradio: the load generator's client (see load.py)")  # fmt: skip
    ap.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--index", type=Path, default=REPO / "index")
    ap.add_argument("--raw", type=Path, help="also keep py-spy's raw samples here")
    args = ap.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy is not installed (pip install -r requirements-dev.lock)")
        return 2
    load.quick_client_polling()
    questions = load.load_question_texts(None)
    with tempfile.TemporaryDirectory() as tmp, load.started_app(args.corpus, args.index) as app:
        url, _, pid = app
        if args.path == "json":
            make = lambda: load.json_asker(url)  # noqa: E731
        elif args.client == "light":
            proto = load.QueueProtocol(url, "ask")
            make = lambda: load.light_asker(url, args.turns, proto)  # noqa: E731
        else:
            make = lambda: load.app_asker(url, args.turns)  # noqa: E731
        askers = [make() for _ in range(args.users)]
        load.ask_alone(askers[0], questions)  # warm up: every question once
        raw = Path(tmp) / "samples.txt"
        cmd = [spy, "record", "-p", str(pid), "-d", str(int(args.seconds)), "-r", "100"]
        cmd += ["-f", "raw", "-o", str(raw), "--gil", "--nonblocking"]
        spy_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        run = load.run_load(askers, questions, args.seconds, 10**9, None, pid)
        _, err = spy_proc.communicate(timeout=120)
        if not raw.is_file():
            print(f"py-spy recorded nothing: {err.decode(errors='replace')[-500:]}")
            return 1
        total, parts = summarise(raw)
        if args.raw is not None:
            shutil.copyfile(raw, args.raw)
    n = max(1, len(run.records))
    errors = sum(1 for r in run.records if r.error)
    print(
        f"{args.path} ({args.client}): {args.users} users, {n} requests in "
        f"{args.seconds:.0f} s, errors {errors}"
    )
    server = f"{run.server_cpu_s * 1000 / n:.1f} ms" if run.server_cpu_s is not None else "?"
    print(
        f"CPU per request: app {server}, load generator {run.client_cpu_s * 1000 / n:.1f} ms "
        "(the same cores)"
    )
    print(f"{total} samples of the app's Python (GIL holder) at 100 Hz:")
    for name, count in parts.most_common():
        print(f"  {count / max(1, total) * 100:5.1f} %  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
