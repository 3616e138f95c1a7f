"""Time from ``python app.py`` to a served page, with an existing index.

Brings the index up to date first (untimed; built on the first ever run), then starts
``python app.py`` ``--runs`` times on a free port and polls ``GET /`` until it answers 200.
The baseline, measured in the same run the same way, is a bare Gradio app (one Markdown
component): the cost of Python + Gradio alone. Also shows how much of our startup is
opening the index (from the app's own log line). Target: under 10 s.

    python bench/bench_startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 10.0
TIMEOUT_S = 300.0

BARE_APP = """
import os, gradio as gr
with gr.Blocks(analytics_enabled=False) as demo:
    gr.Markdown("hello")
demo.launch(server_name="127.0.0.1", server_port=int(os.environ["RAG_PORT"]), ssr_mode=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_served(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from process start to ``GET /`` = 200, and the process's output."""
    port = free_port()
    env = env | {"RAG_PORT": str(port), "RAG_HOST": "127.0.0.1"}
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=log)
        try:
            while True:
                elapsed = time.perf_counter() - started
                if proc.poll() is not None or elapsed > TIMEOUT_S:
                    log.seek(0)
                    raise SystemExit(
                        f"{cmd} did not serve {url}:\n{log.read().decode(errors='replace')}"
                    )
                try:
                    with urllib.request.urlopen(url, timeout=2) as resp:
                        if resp.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                time.sleep(0.05)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.seek(0)
        return elapsed, log.read().decode(errors="replace")


def index_seconds(output: str) -> float | None:
    m = re.search(r"索引就绪：.*?（([\d.]+) 秒）", output)
    return float(m.group(1)) if m else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    env = dict(os.environ)
    env |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    from rag.config import load_settings
    from rag.service import Library

    settings = load_settings()
    t0 = time.perf_counter()
    lib = Library.open(settings, sync=True)
    print(
        f"index {settings.index_dir} up to date in {time.perf_counter() - t0:.1f} s "
        f"({len(lib.documents)} documents, {len(lib.index.chunks)} chunks); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    del lib

    ours: list[float] = []
    opening: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        seconds, _ = time_to_served([sys.executable, "-c", BARE_APP], env)
        bare.append(seconds)
        seconds, output = time_to_served([sys.executable, "app.py"], env)
        ours.append(seconds)
        if (s := index_seconds(output)) is not None:
            opening.append(s)

    def row(name: str, values: list[float]) -> str:
        return f"{name:<34}{statistics.median(values):>8.2f}{min(values):>8.2f}{max(values):>8.2f}"

    print(
        f"\n{'startup to served page, ' + str(args.runs) + ' runs':<34}{'median':>8}{'min':>8}{'max':>8}"
    )
    print(row("baseline: bare Gradio app", bare))
    print(row("python app.py (existing index)", ours))
    if opening:
        print(row("  of which: settings + open index", opening))
    median = statistics.median(ours)
    print(
        f"\napp.py: {median:.2f} s = bare Gradio + {median - statistics.median(bare):.2f} s; "
        f"target < {TARGET_S:.0f} s: {'met' if median < TARGET_S else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
