"""Retrieval benchmark: index build, incremental rebuild, query latency, peak memory and
evidence recall, on the seed corpus and on a corpus scaled from it, each beside a naive
baseline measured in the same run.

    python bench/bench_retrieval.py [--scale 100] [--reps 3]

Naive baselines: a full re-embedding of every chunk on any change (no cache); queries by
NumPy brute force over all vectors (dense) and ``rank_bm25.BM25Okapi`` over plain
``jieba.lcut`` tokens (BM25), fused by RRF in Python (hybrid).

Each phase runs in its own process so that its peak resident memory (``ru_maxrss``)
is its own. Figures depend on the machine's load; the load average is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CORPUS = ROOT / "corpus"
DEV = [ROOT / "tests" / "data" / "dev.jsonl", ROOT.parent / "shared" / "eval" / "dev.jsonl"]
MAX_CHARS = 320

# Evidence recall of naive pipelines on the dev questions, as quoted in issue 3.
QUOTED_BASELINES = [
    ("LangChain tutorial (1000/200, dense top-4)", 0.61),
    ("Langchain-Chatchat 0.2 defaults (250/50, top-3)", 0.40),
    ("Langchain-Chatchat 0.3 defaults (750/150, BM25+dense, top-3)", 0.72),
    ("jieba BM25 top-5", 0.64),
]

SCALE_DEPARTMENTS = [
    "市生态环境局", "市委政研室", "市财政局", "市交通运输局", "市教育局", "市卫生健康委",
    "市住房城乡建设局", "市农业农村局", "市水利局", "市商务局", "市文化广电旅游局",
    "市应急管理局", "市市场监管局", "市统计局", "市审计局", "市司法局", "市民政局",
    "市人力资源社会保障局", "市自然资源局", "市科技局",
]  # fmt: skip


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def dev_questions() -> list[dict[str, Any]]:
    for path in DEV:
        if path.is_file():
            return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    raise SystemExit(f"dev questions not found in {DEV}")


def seed_documents() -> tuple[Any, ...]:
    from rag.ingest import load_corpus

    return load_corpus(CORPUS).documents


def chunk_all(docs: Sequence[Any]) -> list[Any]:
    from rag.chunk import chunk_document

    return [c for d in docs for c in chunk_document(d, MAX_CHARS)]


def changed_copy(doc: Any, tag: str) -> Any:
    """The document with one sentence added inside its text (a typical small edit)."""
    cut = doc.text.find("。", len(doc.text) // 2) + 1 or len(doc.text)
    text = doc.text[:cut] + f"（{tag}：本段已按最新要求修订。）" + doc.text[cut:]
    shift = len(text) - len(doc.text)

    def move(s: Any) -> Any:
        def at(x: int) -> int:
            return x + shift if x >= cut else x

        return dataclasses.replace(
            s,
            start=at(s.start),
            heading_end=at(s.heading_end),
            end=at(s.end) if s.end < len(doc.text) else len(text),
            children=tuple(move(c) for c in s.children),
        )

    return dataclasses.replace(
        doc, text=text, outline=tuple(move(s) for s in doc.outline), raw_offsets=()
    )


def scaled_documents(seeds: Sequence[Any], scale: int) -> list[Any]:
    """``scale`` copies of the seeds with other departments, years and titles; in each copy
    one document also gets a sentence of its own, so the copies are not identical."""
    out = []
    for i in range(scale):
        year = 2013 + i % 10
        for j, doc in enumerate(seeds):
            dept = SCALE_DEPARTMENTS[(i + j) % len(SCALE_DEPARTMENTS)] if i else doc.meta.department
            meta = dataclasses.replace(
                doc.meta,
                doc_id=f"{doc.doc_id}@{i:03d}",
                department=dept,
                title=doc.meta.title.replace("2022", str(year)).replace(doc.meta.department, dept),
                year=year,
            )
            copy = dataclasses.replace(doc, meta=meta, raw_offsets=())
            if i and j == i % len(seeds):
                copy = changed_copy(copy, f"第{i}批{dept}")
            out.append(copy)
    return out


# --- workers (each in its own process) ---------------------------------------------


def worker_build_seed(index_dir: Path) -> dict[str, Any]:
    from rag.embed import BundledEmbedder
    from rag.store import build_index

    emb = BundledEmbedder()
    t0 = time.perf_counter()
    docs = seed_documents()
    chunks = chunk_all(docs)
    ingest_s = time.perf_counter() - t0
    full = build_index(docs, chunks, emb, index_dir)
    # One document edited: ours re-embeds only its changed chunks.
    docs2 = list(docs)
    docs2[2] = changed_copy(docs[2], "修订")
    t0 = time.perf_counter()
    report = build_index(docs2, chunk_all(docs2), emb, index_dir)
    incr_s = time.perf_counter() - t0
    return {
        "docs": len(docs),
        "chunks": len(chunks),
        "ingest_s": ingest_s,
        "build_s": full.seconds,
        "embedded": full.embedded_chunks,
        "incr_s": incr_s,
        "incr_embedded": report.embedded_chunks,
        "incr_reused": report.reused_chunks,
        "incr_changed": list(report.changed),
        "peak_mb": peak_rss_mb(),
    }


def body_cache_embedder(seed_index: Any) -> Any:
    """Bench-only: the bundled model with a cache keyed by the chunk text (the passage
    without its department/title header line), pre-filled from the seed index."""
    from rag.embed import BundledEmbedder

    class BodyCache(BundledEmbedder):
        batch_size = 32

        def __init__(self) -> None:
            super().__init__()
            self.cache: dict[str, np.ndarray] = {}
            self.real = 0

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            if is_query:
                return super()._embed(texts, is_query)
            bodies = [t.split("\n", 1)[-1] for t in texts]
            todo = [i for i, b in enumerate(bodies) if b not in self.cache]
            if todo:
                vecs = super()._embed([texts[i] for i in todo], False)
                self.real += len(todo)
                for i, v in zip(todo, vecs, strict=True):
                    self.cache[bodies[i]] = v
            return np.stack([self.cache[b] for b in bodies])

    emb = BodyCache()
    vectors = seed_index.vectors.reconstruct_n(0, seed_index.vectors.ntotal)
    for c, v in zip(seed_index.chunks, vectors, strict=True):
        emb.cache[c.text] = v
    return emb


def worker_build_scaled(seed_dir: Path, index_dir: Path, scale: int) -> dict[str, Any]:
    from rag.embed import BundledEmbedder
    from rag.store import build_bm25, build_index, load_index
    from rag.tokenize import tokenize

    plain = BundledEmbedder()
    seed_index = load_index(seed_dir, plain.id)
    seeds = seed_documents()
    t0 = time.perf_counter()
    docs = scaled_documents(seeds, scale)
    chunks = chunk_all(docs)
    gen_s = time.perf_counter() - t0
    emb = body_cache_embedder(seed_index)
    del seed_index
    full = build_index(docs, chunks, emb, index_dir)
    # One document edited at scale: the index cache (embed_text hashes) does the reuse.
    docs2 = list(docs)
    docs2[7] = changed_copy(docs[7], "修订")
    t0 = time.perf_counter()
    report = build_index(docs2, chunk_all(docs2), plain, index_dir)
    incr_s = time.perf_counter() - t0
    # BM25: persisted (bm25s arrays + JSON vocabulary) against re-tokenizing at load.
    t0 = time.perf_counter()
    data = load_index(index_dir, plain.id)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_bm25([tokenize(c.embed_text) for c in data.chunks])
    bm25_rebuild_s = time.perf_counter() - t0
    return {
        "docs": len(docs),
        "chunks": len(chunks),
        "gen_s": gen_s,
        "build_s": full.seconds,
        "real_embedded": emb.real,
        "cache_reused": full.embedded_chunks - emb.real,
        "incr_s": incr_s,
        "incr_embedded": report.embedded_chunks,
        "incr_reused": report.reused_chunks,
        "index_type": report.index_type,
        "load_s": load_s,
        "bm25_rebuild_s": bm25_rebuild_s,
        "peak_mb": peak_rss_mb(),
    }


def _time_queries(
    fns: dict[str, Callable[[str], Any]], queries: Sequence[str], reps: int
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, fn in fns.items():
        fn(queries[0])  # warm-up
        times = []
        for _ in range(reps):
            for q in queries:
                t0 = time.perf_counter()
                fn(q)
                times.append((time.perf_counter() - t0) * 1000)
        out[name] = {"p50": pct(times, 50), "p95": pct(times, 95), "n": len(times)}
    return out


def worker_query_ours(index_dir: Path, reps: int) -> dict[str, Any]:
    from rag.embed import BundledEmbedder
    from rag.retrieve import open_retrievers
    from rag.store import load_index

    emb = BundledEmbedder()
    t0 = time.perf_counter()
    data = load_index(index_dir, emb.id)
    rs = open_retrievers(data, emb)
    load_s = time.perf_counter() - t0
    queries = [q["question"] for q in dev_questions()]
    lat = _time_queries({m: (lambda q, m=m: rs[m].retrieve(q, 10)) for m in rs}, queries, reps)
    return {"load_s": load_s, "latency": lat, "peak_mb": peak_rss_mb()}


def worker_query_naive(index_dir: Path, reps: int) -> dict[str, Any]:
    import jieba
    from rank_bm25 import BM25Okapi

    from rag.embed import BundledEmbedder
    from rag.store import load_index

    emb = BundledEmbedder()
    data = load_index(index_dir, emb.id)  # same chunks and vectors as ours
    t0 = time.perf_counter()
    matrix = data.vectors.reconstruct_n(0, data.vectors.ntotal)
    texts = [c.embed_text for c in data.chunks]
    jieba.setLogLevel(60)
    okapi = BM25Okapi([jieba.lcut(t) for t in texts])
    setup_s = time.perf_counter() - t0
    del data

    def dense(q: str) -> list[int]:
        return list(np.argsort(-(matrix @ emb.embed_query_np(q)))[:50])

    def bm25(q: str) -> list[int]:
        return list(np.argsort(-okapi.get_scores(jieba.lcut(q)))[:50])

    def hybrid(q: str) -> list[int]:
        scores: dict[int, float] = {}
        for ranking in (dense(q), bm25(q)):
            for r, i in enumerate(ranking):
                scores[i] = scores.get(i, 0.0) + 1 / (60 + r + 1)
        return sorted(scores, key=lambda i: -scores[i])[:10]

    queries = [q["question"] for q in dev_questions()]
    lat = _time_queries({"dense": dense, "bm25": bm25, "hybrid": hybrid}, queries, reps)
    return {"setup_s": setup_s, "latency": lat, "peak_mb": peak_rss_mb()}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def worker_recall(index_dir: Path) -> dict[str, Any]:
    from rag.embed import BundledEmbedder
    from rag.retrieve import open_retrievers
    from rag.store import load_index

    emb = BundledEmbedder()
    rs = open_retrievers(load_index(index_dir, emb.id), emb)
    answerable = [q for q in dev_questions() if q["evidence"]]
    out: dict[str, Any] = {}
    for mode, r in rs.items():
        for k in (3, 5, 10):
            per: dict[str, list[float]] = {}
            for q in answerable:
                blob = _norm("".join(h.chunk.text for h in r.retrieve(q["question"], k)))
                share = sum(_norm(e) in blob for e in q["evidence"]) / len(q["evidence"])
                per.setdefault(q["kind"], []).append(share)
            tfa = [x for kind in ("term", "fact", "attribution") for x in per.get(kind, [])]
            every = [x for v in per.values() for x in v]
            out[f"{mode}@{k}"] = {
                "all": sum(every) / len(every),
                "tfa": sum(tfa) / len(tfa),
                **{kind: sum(v) / len(v) for kind, v in per.items()},
            }
    return out


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "build-seed": lambda a: worker_build_seed(Path(a.dir)),
    "build-scaled": lambda a: worker_build_scaled(Path(a.seed_dir), Path(a.dir), a.scale),
    "query-ours": lambda a: worker_query_ours(Path(a.dir), a.reps),
    "query-naive": lambda a: worker_query_naive(Path(a.dir), a.reps),
    "recall": lambda a: worker_recall(Path(a.dir)),
}


def run_worker(name: str, **kw: Any) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", name]
    for key, value in kw.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"worker {name} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- report ------------------------------------------------------------------------


def _row(label: str, ours: float, base: float, unit: str, better: str = "lower") -> str:
    ratio = base / ours if better == "lower" else ours / base
    return f"  {label:<40} {ours:>9.1f} {unit:<3} {base:>9.1f} {unit:<3} {ratio:>7.1f}×"


def print_scale_section(
    title: str,
    build: dict[str, Any],
    ours: dict[str, Any],
    naive: dict[str, Any],
    targets: dict[str, float],
    naive_build_s: float,
    naive_note: str,
) -> None:
    print(f"\n{title}: {build['docs']} documents, {build['chunks']} chunks")
    print(f"  {'':<40} {'ours':>13} {'naive':>13} {'speed-up':>8}")
    print(_row("full index build (s)", build["build_s"], naive_build_s, "s"))
    rate = build["chunks"] / build["build_s"]
    print(f"  {'  chunks/s':<40} {rate:>9.1f}")
    print(_row("rebuild, one document changed (s)", build["incr_s"], naive_build_s, "s"))
    print(
        f"    ({build['incr_embedded']} chunks re-embedded, {build['incr_reused']} reused; "
        f"{naive_note})"
    )
    for mode in ("dense", "bm25", "hybrid"):
        o, n = ours["latency"][mode], naive["latency"][mode]
        print(_row(f"{mode} query p50 (ms)", o["p50"], n["p50"], "ms"))
        print(_row(f"{mode} query p95 (ms)", o["p95"], n["p95"], "ms"))
    print(_row("peak memory, load + queries (RSS)", ours["peak_mb"], naive["peak_mb"], "MB"))
    print(f"  {'peak memory, build (MB RSS)':<40} {build['peak_mb']:>9.1f} MB")
    print(
        f"  index load (s): {ours['load_s']:.2f}; naive setup (vectors + BM25Okapi): {naive['setup_s']:.2f}"
    )
    for label, target_ms in targets.items():
        got = ours["latency"]["hybrid"]["p50"] if "hybrid" in label else build["incr_s"] * 1000
        verdict = "met" if got < target_ms else "MISSED"
        print(f"  target {label}: {got:.1f} ms vs < {target_ms:.0f} ms -> {verdict}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=100, help="copies of the seed corpus (0 = skip)")
    ap.add_argument("--reps", type=int, default=3, help="passes over the dev questions per mode")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--seed-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        sys.stdout.write(json.dumps(WORKERS[args.worker](args)) + "\n")
        return 0

    load1, load5, _ = os.getloadavg()
    print(f"retrieval benchmark — {os.cpu_count()} CPUs, load average {load1:.1f}/{load5:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        seed_dir = Path(tmp) / "seed"
        build = run_worker("build-seed", dir=seed_dir)
        ours = run_worker("query-ours", dir=seed_dir, reps=args.reps)
        naive = run_worker("query-naive", dir=seed_dir, reps=args.reps)
        recall = run_worker("recall", dir=seed_dir)
        print_scale_section(
            "seed corpus",
            build,
            ours,
            naive,
            {"hybrid p50 (seeds)": 30.0, "rebuild after one changed document (seeds)": 5000.0},
            build["build_s"],
            "naive: any change re-embeds everything = the full build above",
        )
        seed_rate = build["embedded"] / build["build_s"]

        print("\nevidence recall on the dev questions (answerable ones; share of evidence spans")
        print("found in the retrieved passages; 'TFA' = term, fact and attribution questions)")
        for mode in ("hybrid", "bm25", "dense"):
            cells = "  ".join(
                f"@{k}: all {recall[f'{mode}@{k}']['all']:.3f} TFA {recall[f'{mode}@{k}']['tfa']:.3f}"
                for k in (3, 5, 10)
            )
            print(f"  ours {mode:<7} {cells}")
        print("  baselines quoted in issue 3 (their own top-k, all answerable questions):")
        for label, value in QUOTED_BASELINES:
            print(f"    {label:<62} {value:.2f}")

        if args.scale > 0:
            big_dir = Path(tmp) / "scaled"
            big = run_worker("build-scaled", dir=big_dir, seed_dir=seed_dir, scale=args.scale)
            ours_big = run_worker("query-ours", dir=big_dir, reps=args.reps)
            naive_big = run_worker("query-naive", dir=big_dir, reps=args.reps)
            naive_build = big["chunks"] / seed_rate
            print_scale_section(
                f"seed corpus ×{args.scale} (other departments, years and titles; one document "
                "per copy with a sentence of its own)",
                big,
                ours_big,
                naive_big,
                {f"hybrid p50 (×{args.scale})": 100.0},
                naive_build,
                f"naive full build not run: {big['chunks']} chunks at the seed run's "
                f"{seed_rate:.1f} chunks/s",
            )
            print(
                f"  NOTE: the ×{args.scale} build reused vectors of identical chunk texts through "
                f"a cache: {big['real_embedded']} chunks embedded by the model, "
                f"{big['cache_reused']} taken from the seed vectors (same chunk text, other "
                "header), so its build time and chunks/s are not model throughput."
            )
            print(
                f"  one-document rebuild at ×{args.scale}: {big['incr_embedded']} chunks embedded, "
                f"{big['incr_reused']} reused from the previous build (index cache only)"
            )
            print(
                f"  BM25 at load: persisted bm25s arrays {big['load_s']:.2f} s for the whole index "
                f"load vs re-tokenizing and re-indexing {big['bm25_rebuild_s']:.2f} s -> persisted"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
