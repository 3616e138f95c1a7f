"""Wall time of ``rag search`` and ``rag ask`` with an existing index, beside the code as it
was before issue 15 (eager imports), measured in the same run, hyperfine-style.

The baseline is ``git archive <--baseline-rev>`` unpacked in a temp folder and run the same
way (``python -m rag …`` with that folder as the working directory); ``--compare REV`` adds
a third side (e.g. main before a change) and checks that its output equals this code's.
Each side works on its own copy of corpus/ and index/ (brought up to date first by its own
``rag index``, untimed). Both sides run with compiled bytecode, as an installed package
does: one fresh ``PYTHONPYCACHEPREFIX`` for the run, filled by the warm-up (so neither side
pays for compiling its sources, whatever ``PYTHONDONTWRITEBYTECODE`` the shell has).
Commands alternate between the sides, ``--runs`` times each, after one warm-up; medians
are printed with the ratio and the targets (search < 0.5 s, ask < 0.8 s). Also the import
time of what each command loads (``python -X importtime``, the top-level modules).

    python bench/bench_cli.py [--runs 7] [--baseline-rev 802ff13] [--compare REV]
"""

from __future__ import annotations

import argparse
import json
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


def child_env(pycache: Path) -> dict[str, str]:
    """The environment of every timed command: bytecode read from (and on a first import
    written to) ``pycache``, the same for all sides."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(pycache), "HF_HUB_OFFLINE": "1"}


def rag_cmd(data: Path, args: list[str], *flags: str) -> list[str]:
    cmd = [sys.executable, *flags, "-m", "rag", *args, "--corpus", str(data / "corpus")]
    return [*cmd, "--index", str(data / "index")]


def run(code: Path, data: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child: user + system, its output)."""
    cmd = rag_cmd(data, args)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=code, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{cmd} failed in {code}:\n{proc.stderr.decode(errors='replace')}")
    return elapsed, cpu, proc.stdout.decode("utf-8", errors="replace")


def same_output(a: str, b: str) -> bool:
    """The two outputs are one answer (or one hit list): equal but for timings."""

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("elapsed_ms", "wall_ms")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    try:
        return strip(json.loads(a)) == strip(json.loads(b))
    except ValueError:
        return a == b


def import_seconds(code: Path, data: Path, args: list[str], env: dict[str, str]) -> float:
    cmd = rag_cmd(data, args, "-X", "importtime")
    proc = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, check=False)
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
    ap.add_argument("--compare", metavar="REV", help="a third side, e.g. main before a change")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="rag-cli-bench-"))
    env = child_env(work / "pycache")
    try:
        sides = {"today": checkout(args.baseline_rev, work / "base")}
        if args.compare:
            sides["compare"] = checkout(args.compare, work / "compare")
        sides["now"] = REPO
        data = {}
        for name, code in sides.items():
            d = work / f"data-{name}"
            shutil.copytree(REPO / "corpus", d / "corpus")
            if (REPO / "index").is_dir():
                shutil.copytree(REPO / "index", d / "index", ignore=shutil.ignore_patterns(".lock"))
            # Each side's index up to date by its own code (untimed; built on a first run).
            subprocess.run(
                rag_cmd(d, ["index", "--quiet"]), cwd=code, env=env, check=False,
                capture_output=True,
            )  # fmt: skip
            data[name] = d
        outputs: dict[tuple[str, str], str] = {}
        for name, code in sides.items():
            for cmd_name, cmd in COMMANDS.items():
                # warm-up: bytecode, OS caches, jieba's saved tables
                outputs[(cmd_name, name)] = run(code, data[name], cmd, env)[2]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for cmd_name, cmd in COMMANDS.items():
                for name, code in sides.items():
                    wall, cpu, out = run(code, data[name], cmd, env)
                    times.setdefault((cmd_name, name), []).append((wall, cpu))
                    if not same_output(out, outputs[(cmd_name, name)]):
                        raise SystemExit(
                            f"{name}: rag {cmd_name} answered differently between runs"
                        )
        imports = {  # median of 3: -X importtime runs are as noisy as the rest
            (c, n): statistics.median(import_seconds(code, data[n], cmd, env) for _ in range(3))
            for c, cmd in COMMANDS.items()
            for n, code in sides.items()
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    load = os.getloadavg()[0]
    print(
        f"median of {args.runs} alternating runs, load average {load:.1f} on {os.cpu_count()} "
        f"CPUs (shared machine); bytecode compiled for every side"
    )
    label = {"today": f"{args.baseline_rev} (today)", "compare": args.compare or "", "now": "now"}
    print(f"{'':<12}{'code':<18}{'wall':>8}{'CPU':>8}{'imports':>9}  now is faster by (wall, CPU)")
    for cmd_name in COMMANDS:
        wall = {n: statistics.median(w for w, _ in times[(cmd_name, n)]) for n in sides}
        cpu = {n: statistics.median(c for _, c in times[(cmd_name, n)]) for n in sides}
        for n in sides:
            line = f"rag {cmd_name:<8}{label[n]:<18}{wall[n]:>7.2f}s{cpu[n]:>7.2f}s"
            line += f"{imports[(cmd_name, n)]:>8.2f}s"
            if n != "now":
                line += f"  {wall[n] / wall['now']:.2f}x, {cpu[n] / cpu['now']:.2f}x"
            else:
                target = TARGETS[cmd_name]
                line += f"  target wall < {target} s: {'OK' if wall[n] < target else 'MISSED'}"
                line += f" (CPU {'<' if cpu[n] < target else '>='} target)"
            print(line)
    if args.compare:
        for cmd_name in COMMANDS:
            same = same_output(outputs[(cmd_name, "compare")], outputs[(cmd_name, "now")])
            print(
                f"rag {cmd_name}: output {'identical to' if same else 'DIFFERS from'} {args.compare}"
            )
    print(
        "CPU = user + system seconds of the command: what it costs a machine that is not "
        "busy with other work (wall time here includes waiting for the shared cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
