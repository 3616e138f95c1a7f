"""Wall time of ``rag search`` and ``rag ask`` with an existing index, beside the code as it
was before issue 15 (eager imports), measured in the same run, hyperfine-style.

The baseline is ``git archive <--baseline-rev>`` unpacked in a temp folder and run the same
way (``python -m rag …`` with that folder as the working directory). Each side works on its
own copy of corpus/ and index/ (brought up to date first, untimed); commands alternate
between the two sides, ``--runs`` times each, after one warm-up; medians are printed with the
ratio and the targets (search < 0.5 s, ask < 0.8 s). Also the import time of what each
command loads (``python -X importtime``, the top-level modules).

    python bench/bench_cli.py [--runs 7] [--baseline-rev 802ff13]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE_REV = "802ff13"  # main before issue 15
TARGETS = {"search": 0.5, "ask": 0.8}
COMMANDS = {
    "search": ["search", "三会一课", "--json"],
    "ask": ["ask", "市生态环境局2022年获得了哪些荣誉？", "--json"],
}


def checkout(rev: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(code: Path, data: Path, args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system)."""
    cmd = [sys.executable, "-m", "rag", *args, "--corpus", str(data / "corpus")]
    cmd += ["--index", str(data / "index")]
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=code, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{cmd} failed in {code}:\n{proc.stderr.decode(errors='replace')}")
    return elapsed, cpu


def import_seconds(code: Path, data: Path, args: list[str]) -> float:
    cmd = [sys.executable, "-X", "importtime", "-m", "rag", *args]
    cmd += ["--corpus", str(data / "corpus"), "--index", str(data / "index")]
    proc = subprocess.run(cmd, cwd=code, capture_output=True, text=True, check=False)
    total = 0
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].startswith(" ") and not parts[2].startswith("  "):
            try:
                total += int(parts[1])
            except ValueError:
                continue
    return total / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--baseline-rev", default=BASELINE_REV)
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="rag-cli-bench-"))
    try:
        sides = {"today": checkout(args.baseline_rev, work / "base"), "now": REPO}
        data = {}
        for name in sides:
            d = work / f"data-{name}"
            shutil.copytree(REPO / "corpus", d / "corpus")
            if (REPO / "index").is_dir():
                shutil.copytree(REPO / "index", d / "index", ignore=shutil.ignore_patterns(".lock"))
            data[name] = d
        subprocess.run(  # the index up to date (untimed; built here on a first ever run)
            [sys.executable, "-m", "rag", "index", "--quiet", "--corpus", str(data["now"] / "corpus"),
             "--index", str(data["now"] / "index")],
            cwd=REPO, check=False, capture_output=True,
        )  # fmt: skip
        for name, code in sides.items():
            for cmd in COMMANDS.values():
                run(code, data[name], cmd)  # warm-up: OS caches, jieba's cache
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for cmd_name, cmd in COMMANDS.items():
                for name, code in sides.items():
                    times.setdefault((cmd_name, name), []).append(run(code, data[name], cmd))
        imports = {
            (c, n): import_seconds(code, data[n], cmd)
            for c, cmd in COMMANDS.items()
            for n, code in sides.items()
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    load = os.getloadavg()[0]
    print(
        f"median of {args.runs} alternating runs, load average {load:.1f} on {os.cpu_count()} "
        f"CPUs (shared machine); today = {args.baseline_rev}"
    )
    print(
        f"{'':<12}{'wall today':>11}{'now':>7}{'ratio':>7}{'CPU today':>11}{'now':>7}{'ratio':>7}"
        f"{'imports today/now':>19}  target (wall)"
    )
    for cmd_name in COMMANDS:
        old = statistics.median(w for w, _ in times[(cmd_name, "today")])
        new = statistics.median(w for w, _ in times[(cmd_name, "now")])
        old_cpu = statistics.median(c for _, c in times[(cmd_name, "today")])
        new_cpu = statistics.median(c for _, c in times[(cmd_name, "now")])
        ok = new < TARGETS[cmd_name]
        print(
            f"rag {cmd_name:<8}{old:>10.2f}s{new:>6.2f}s{old / new:>6.2f}x"
            f"{old_cpu:>10.2f}s{new_cpu:>6.2f}s{old_cpu / new_cpu:>6.2f}x"
            f"{imports[(cmd_name, 'today')]:>10.2f} / {imports[(cmd_name, 'now')]:.2f} s"
            f"  < {TARGETS[cmd_name]} s: {'OK' if ok else 'MISSED'}"
            f" (CPU {'<' if new_cpu < TARGETS[cmd_name] else '>='} target)"
        )
    print(
        "CPU = user + system seconds of the command: what it costs a machine that is not "
        "busy with other work (wall time here includes waiting for the shared cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
