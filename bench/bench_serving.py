"""Many users: ``bench/load.py`` (20 users, 60 s, an index update midway) against the app as
it was this morning (``git archive TODAY_REV``, its own settings) and as it is now, in the
same run, one after another on the same copy of the corpus and index; ratios and targets.

Runs (every one with the same client: gradio_client, message polling at 2 ms, each user
starting a new conversation every 5 questions, see load.py):

- **today**: the app at ``TODAY_REV`` through Gradio's ``/ask`` (the baseline);
- **now, no answer cache**: today's code through ``/ask`` with ``RAG_ANSWER_CACHE=0``, so
  every question is worked out again (what the serving changes alone give);
- **now**: the defaults (repeated questions come from the per-build answer cache; the load
  asks 32 questions round-robin, so nearly every answer under load is a repeat);
- **JSON, no answer cache** / **JSON**: the same app through ``POST /api/ask``
  (rag/api.py; one kept-alive HTTP connection per user);
- with ``--before-rev REV`` also **before** (no cache / cache): the app at ``REV`` through
  ``/ask``, to show what the changes since ``REV`` give on their own.

The load generator runs on the same 2 cores as the app: load.py prints the CPU per request
of each, and so does this table. Targets (issue 15): p95 < 500 ms, >= 40 answers/s,
0 errors, answers identical to single-user, single-user round trip < 100 ms p50.

With ``--client light`` every ``/ask`` run's users speak Gradio's queue protocol themselves
(``load.py --client light``: join + SSE over one kept-alive connection, no polling threads),
the path the page's own JavaScript takes, so that the load generator takes ~1 ms of the
shared cores per answer instead of gradio_client's ~11 ms; the single-user answers each run
compares with still come from gradio_client.

    python bench/bench_serving.py [--users 20] [--seconds 60] [--today-rev REV]
                                  [--before-rev REV] [--client gradio|light] [--no-json]
                                  [--before-without uvloop,httptools]

``--before-without PKG,…``: the today and before runs see those packages as not installed
(a stub that raises ImportError ahead of them on PYTHONPATH), for a package this revision
added that the server picks up on its own (uvicorn takes uvloop and httptools when present).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TODAY_REV = "8861d11"  # main when this session started (issue 15's serving work on top)
TARGETS = {"p95_ms": 500.0, "answers_per_s": 40.0, "single_p50_ms": 100.0}
RUNS = [
    # (label, code: "today", "before" or "now", --path, extra environment)
    ("today /ask", "today", "gradio", {}),
    ("now /ask, no cache", "now", "gradio", {"RAG_ANSWER_CACHE": "0"}),
    ("now /ask", "now", "gradio", {}),
    ("JSON, no cache", "now", "json", {"RAG_ANSWER_CACHE": "0"}),
    ("JSON", "now", "json", {}),
]
BEFORE_RUNS = [
    ("before /ask, no cache", "before", "gradio", {"RAG_ANSWER_CACHE": "0"}),
    ("before /ask", "before", "gradio", {}),
]
ROWS = [
    # (label, summary key, higher is better)
    ("single user p50 ms", "single_p50_ms", False),
    ("p50 ms", "p50_ms", False),
    ("p95 ms", "p95_ms", False),
    ("answers/s", "answers_per_s", True),
    ("app CPU ms/request", "server_cpu_ms_per_request", False),
    ("client CPU ms/req", "client_cpu_ms_per_request", False),
]


def checkout(rev: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build_index(corpus: Path, index: Path) -> None:
    """One index for every run (built by today's code), so no run starts by embedding."""
    cmd = [sys.executable, "-m", "rag", "index", "--quiet", "--corpus", str(corpus)]
    cmd += ["--index", str(index)]
    subprocess.run(cmd, cwd=REPO, check=True, env=os.environ | {"HF_HUB_OFFLINE": "1"})


def run(
    code: Path, path: str, env: dict[str, str], args: argparse.Namespace, data: Path, out: Path
) -> dict[str, Any]:
    cmd = [sys.executable, str(REPO / "bench" / "load.py"), "--users", str(args.users)]
    cmd += ["--seconds", str(args.seconds), "--summary", str(out), "--path", path]
    cmd += ["--max-requests", "1000000", "--client", args.client]
    cmd += ["--app-dir", str(code), "--corpus", str(data / "corpus")]
    cmd += ["--index", str(data / "index")]
    rc = subprocess.call(cmd, cwd=REPO, env=os.environ | env)
    data_out: dict[str, Any] = (
        json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {"failed": True}
    )
    data_out["rc"] = rc
    return data_out


def cell(value: Any) -> str:
    return f"{float(value):.1f}" if isinstance(value, int | float) else "—"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--today-rev", default=TODAY_REV)
    ap.add_argument("--before-rev", help="also run the app at this revision (two runs)")
    ap.add_argument("--client", choices=("gradio", "light"), default="gradio",
                    help="the /ask runs' load generator (see load.py --client)")  # fmt: skip
    ap.add_argument("--before-without", default="",
                    help="packages the today/before runs must not see (comma-separated)")  # fmt: skip
    ap.add_argument("--no-json", action="store_true", help="skip the POST /api/ask runs")
    args = ap.parse_args(argv)
    runs = [r for r in RUNS if not (args.no_json and r[2] == "json")]
    if args.before_rev:  # each beside its "now" twin, so both see about the same load
        runs[1:3] = [BEFORE_RUNS[0], RUNS[1], BEFORE_RUNS[1], RUNS[2]]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        roots = {"today": checkout(args.today_rev, work / "today"), "now": REPO}
        if args.before_rev:
            roots["before"] = checkout(args.before_rev, work / "before")
        data = work / "data"
        shutil.copytree(REPO / "corpus", data / "corpus")
        build_index(data / "corpus", data / "index")
        hidden = [p for p in args.before_without.split(",") if p]
        old_env: dict[str, str] = {}
        if hidden:
            stubs = work / "without"
            for name in hidden:
                (stubs / name).mkdir(parents=True)
                (stubs / name / "__init__.py").write_text(
                    f"raise ImportError('{name}: hidden by bench_serving --before-without')\n"
                )
            old_env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(stubs), os.environ.get("PYTHONPATH", "")) if p
            )
            print(f"today and before runs without {', '.join(hidden)}")
        for i, (label, code, path, env) in enumerate(runs):
            if code != "now":
                env = env | old_env
            print(f"\n--- {label}", flush=True)
            load_before = os.getloadavg()[0]
            results[label] = run(roots[code], path, env, args, data, work / f"run{i}.json")
            results[label]["load"] = (load_before, os.getloadavg()[0])
    load = os.getloadavg()[0]
    print(
        f"\n/ask runs' client: {args.client}; "
        f"{args.users} users, {args.seconds:.0f} s each, an index update midway; load "
        f"average {load:.1f} on {os.cpu_count()} CPUs, shared with the load generator and "
        "other work: compare the ratios (x = how many times better than today)"
    )
    base = results[RUNS[0][0]]
    width = 22
    print(f"{'':<{width}}" + "".join(f"{label:>22}" for label, *_ in runs) + "  target")
    for row_label, key, higher in ROWS:
        cells = []
        for label, *_ in runs:
            value, ref = results[label].get(key), base.get(key)
            text = cell(value)
            if label != RUNS[0][0] and isinstance(value, int | float) and ref and value:
                ratio = value / ref if higher else ref / value
                text += f" ({ratio:.2f}x)"
            cells.append(f"{text:>22}")
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            marks = []
            for label in ("now /ask, no cache", "now /ask"):
                now = results[label].get(key)
                ok = isinstance(now, int | float) and (now >= target if higher else now < target)
                marks.append(f"{label}: {'OK' if ok else 'MISSED'}")
            verdict = f"  {'>=' if higher else '<'} {target:.0f} ({'; '.join(marks)})"
        print(f"{row_label:<{width}}" + "".join(cells) + verdict)
    failed = False
    for label, *_ in runs:
        d = results[label]
        print(
            f"{label}: errors {d.get('errors')}, answers different from single-user "
            f"{d.get('mismatches')}, update error {d.get('update_error')}, exit {d['rc']}, "
            "load average {:.1f} -> {:.1f}".format(*d["load"])
        )
        failed |= d["rc"] != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
