"""Stores side by side: FAISS + bm25s files (the default) against Milvus, in one run.

    python bench/bench_stores.py [--real-scale 3] [--random-scale 1000] [--queries 40]

For each corpus size and each store: build time, an incremental update (one document
edited), hybrid query p50/p95 and the peak memory of one app instance (load the build,
open the retrievers, answer the queries; its own process, VmHWM). Sizes:

- seeds: the corpus/ documents, real embeddings (bundled model);
- x N (``--real-scale``): a generated corpus of N variants of every seed whose sentences
  are reordered and whose figures, departments and years differ, so no chunk is a copy;
  real embeddings. Embedding is measured once (FAISS build) and the Milvus build is
  handed the same vectors, so "store write" is each store's own cost;
- x M (``--random-scale``, default 1000 ≈ 115 000 chunks): the same generator, with
  random unit vectors in place of embeddings (printed as such): the store's own cost.

Milvus runs as Milvus Lite: in the app's process for the seeds (a ``.db`` file), and as a
separate ``milvus-lite server`` on 127.0.0.1 for the large corpus, so the app instance's
memory is its own (the server's is printed beside it). Targets at x1000: hybrid p50 below
100 ms with either store, app memory with Milvus below 1 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_retrieval import (  # noqa: E402
    SCALE_DEPARTMENTS,
    changed_copy,
    chunk_all,
    dev_questions,
    pct,
    seed_documents,
)

CHUNKING = {"max_chars": 320, "chunker": "outline-v1"}


# --- the generated corpus (distinct text) ----------------------------------------------


def _vary_line(line: str, rng: random.Random, dept: str, seed_dept: str) -> str:
    """Sentences of a body line in another order, other figures, another department."""
    line = line.replace(seed_dept, dept)
    if re.match(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", line):
        return line  # headings keep their marker and words (the outline stays)
    parts = [p for p in re.split(r"(?<=[。；！？])", line) if p]
    if len(parts) > 1:
        rng.shuffle(parts)
    return re.sub(r"\d", lambda _m: str(rng.randint(0, 9)), "".join(parts))


def distinct_corpus(folder: Path, copies: int) -> Path:
    """``copies`` variants of each seed file written to ``folder`` (deterministic)."""
    from rag.ingest import load_corpus

    folder.mkdir(parents=True, exist_ok=True)
    seeds = load_corpus(ROOT / "corpus").documents
    for i in range(copies):
        rng = random.Random(i)
        year = 2013 + i % 12
        for j, doc in enumerate(seeds):
            dept = SCALE_DEPARTMENTS[(i + j) % len(SCALE_DEPARTMENTS)]
            lines = [_vary_line(x, rng, dept, doc.meta.department) for x in doc.text.split("\n")]
            title = doc.meta.title.replace(doc.meta.department, dept).replace("2022", str(year))
            body = "\n".join([title, *lines[1:]])
            (folder / f"{dept}-{year}-{i:04d}-{j}.txt").write_text(body, encoding="utf-8")
    return folder


def corpus_docs(kind: str, scale: int, work: Path) -> tuple[Any, ...]:
    if kind == "seeds":
        return tuple(seed_documents())
    from rag.ingest import load_corpus

    folder = work / f"corpus-{scale}"
    if not folder.is_dir():
        distinct_corpus(folder, scale)
    return load_corpus(folder).documents


# --- embedders -------------------------------------------------------------------------


def random_embedder() -> Any:
    from rag.embed import Embedder

    class RandomUnit(Embedder):
        """Random unit vectors, a fixed one per text (the store's cost without a model)."""

        batch_size = 2048

        @property
        def id(self) -> str:
            return "random-unit-384"

        @property
        def dim(self) -> int:
            return 384

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            out = np.empty((len(texts), 384), dtype=np.float32)
            for i, t in enumerate(texts):
                seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "big")
                out[i] = np.random.default_rng(seed).standard_normal(384)
            return out

    return RandomUnit()


def reuse_embedder(faiss_dir: Path) -> Any:
    """The bundled model, handed the vectors the FAISS build computed for the same texts."""
    from rag.embed import BundledEmbedder
    from rag.store import load_index

    class Reusing(BundledEmbedder):
        def __init__(self) -> None:
            super().__init__()
            data = load_index(faiss_dir, self.id)
            matrix = data.vectors.reconstruct_n(0, data.vectors.ntotal)
            self.known = {c.embed_text: matrix[i] for i, c in enumerate(data.chunks)}

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            if not is_query and all(t in self.known for t in texts):
                return np.stack([self.known[t] for t in texts])
            return super()._embed(texts, is_query)

    return Reusing()


def embedder_for(spec: dict[str, Any]) -> Any:
    from rag.embed import BundledEmbedder

    if spec["vectors"] == "random":
        return random_embedder()
    if spec["store"] == "milvus":
        return reuse_embedder(Path(spec["faiss_dir"]))
    return BundledEmbedder()


def open_store(spec: dict[str, Any]) -> Any:
    from rag.store import FaissStore
    from rag.store_milvus import MilvusStore

    if spec["store"] == "faiss":
        return FaissStore(Path(spec["dir"]))
    return MilvusStore(spec["uri"], collection="bench")


# --- workers (each in its own process) -------------------------------------------------


def vm_hwm_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def worker_build(spec: dict[str, Any]) -> dict[str, Any]:
    docs = corpus_docs(spec["kind"], spec["scale"], Path(spec["work"]))
    chunks = chunk_all(docs)
    emb = embedder_for(spec)
    store = open_store(spec)
    t0 = time.perf_counter()
    first = store.build(docs, chunks, emb, chunking=CHUNKING)
    build_s = time.perf_counter() - t0
    docs2 = list(docs)
    docs2[len(docs2) // 2] = changed_copy(docs2[len(docs2) // 2], "修订")
    t0 = time.perf_counter()
    upd = store.build(docs2, chunk_all(docs2), emb, chunking=CHUNKING)
    update_s = time.perf_counter() - t0
    return {
        "documents": len(docs),
        "chunks": first.chunk_count,
        "index_type": first.index_type,
        "build_s": build_s,
        "embedded": first.embedded_chunks,
        "update_s": update_s,
        "update_embedded": upd.embedded_chunks,
    }


def worker_query(spec: dict[str, Any]) -> dict[str, Any]:
    from rag.retrieve import Filters, open_retrievers

    emb = embedder_for(spec | {"store": "faiss"}) if spec["vectors"] == "random" else None
    if emb is None:
        from rag.embed import BundledEmbedder

        emb = BundledEmbedder()
    t0 = time.perf_counter()
    store = open_store(spec)
    index = store.load(emb.id)
    hybrid = open_retrievers(index, emb)["hybrid"]
    load_s = time.perf_counter() - t0
    questions = [q["question"] for q in dev_questions()][: spec["queries"]]
    dept = index.documents[len(index.documents) // 2].meta.department
    hybrid.retrieve(questions[0], 10)  # warm-up (model load, first RPC)
    times = []
    for i, q in enumerate(questions):
        filters = Filters(department=dept) if i % 4 == 3 else None
        t = time.perf_counter()
        hybrid.retrieve(q, 10, filters)
        times.append((time.perf_counter() - t) * 1000)
    out = {"load_s": load_s, "p50_ms": pct(times, 50), "p95_ms": pct(times, 95)}
    if spec["store"] == "milvus":  # the other fusion: two searches, weighted RRF here
        hybrid.fusion = "client"
        other = []
        for i, q in enumerate(questions):
            filters = Filters(department=dept) if i % 4 == 3 else None
            t = time.perf_counter()
            hybrid.retrieve(q, 10, filters)
            other.append((time.perf_counter() - t) * 1000)
        out |= {"client_p50_ms": pct(other, 50), "client_p95_ms": pct(other, 95)}
    return out | {"app_mb": vm_hwm_mb()}


def run_worker(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", name, json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- the Milvus server for the large corpus --------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    from pymilvus import MilvusClient

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    uri = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            MilvusClient(uri=uri, timeout=2).list_collections()
            return proc, uri
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("milvus-lite server did not start") from None
            time.sleep(0.3)


# --- main ------------------------------------------------------------------------------


def bench_size(label: str, kind: str, scale: int, vectors: str, work: Path, queries: int) -> None:
    print(f"\n-- {label}: {'random unit vectors' if vectors == 'random' else 'real embeddings'}")
    server = None
    rows: dict[str, dict[str, Any]] = {}
    try:
        faiss_dir = work / f"faiss-{label}"
        base = {"kind": kind, "scale": scale, "vectors": vectors, "work": str(work)}
        base |= {"queries": queries, "faiss_dir": str(faiss_dir)}
        specs = {"faiss": base | {"store": "faiss", "dir": str(faiss_dir)}}
        if kind == "seeds":
            uri = str(work / f"milvus-{label}" / "milvus.db")
        else:
            server, uri = start_server(work / f"milvus-server-{label}")
        specs["milvus"] = base | {"store": "milvus", "uri": uri}
        for name, spec in specs.items():
            rows[name] = run_worker("build", spec) | run_worker("query", spec)
            if server is not None:
                rows[name]["server_mb"] = vm_hwm_mb(server.pid) if name == "milvus" else None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    f = rows["faiss"]
    print(f"   {f['documents']} documents, {f['chunks']} chunks ({f['index_type']})")
    if vectors == "real":
        print(f"   embedding (bundled model, once, in the FAISS build): {f['embedded']} chunks")
    head = f"   {'store':<8}{'build s':>9}{'update s':>10}{'re-embedded':>13}{'load s':>8}"
    print(head + f"{'p50 ms':>9}{'p95 ms':>9}{'app MB':>9}{'engine MB':>11}")
    for name, r in rows.items():
        engine = r.get("server_mb")
        engine_txt = (
            f"{engine:>11.0f}" if engine else f"{'(in app)' if name == 'milvus' else '-':>11}"
        )
        print(
            f"   {name:<8}{r['build_s']:>9.1f}{r['update_s']:>10.1f}{r['update_embedded']:>13}"
            f"{r['load_s']:>8.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['app_mb']:>9.0f}"
            + engine_txt
        )
    m = rows["milvus"]
    print(
        f"   milvus, weighted RRF in this process over two Milvus searches instead of "
        f"hybrid_search: p50 {m['client_p50_ms']:.1f} ms, p95 {m['client_p95_ms']:.1f} ms"
    )
    print(
        f"   milvus/faiss: build {m['build_s'] / f['build_s']:.2f}x, update "
        f"{m['update_s'] / f['update_s']:.2f}x, p50 {m['p50_ms'] / f['p50_ms']:.2f}x, "
        f"app memory {m['app_mb'] / f['app_mb']:.2f}x"
    )
    if kind != "seeds" and scale >= 1000:
        for name, r in rows.items():
            ok = "meets" if r["p50_ms"] < 100 else "MISSES"
            print(f"   target hybrid p50 < 100 ms ({name}): {ok}")
        ok = "meets" if m["app_mb"] < 1024 else "MISSES"
        print(f"   target app memory with Milvus < 1 GB: {ok}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real-scale", type=int, default=3, help="x N with real embeddings")
    ap.add_argument("--random-scale", type=int, default=1000, help="x M with random vectors")
    ap.add_argument("--queries", type=int, default=32)
    ap.add_argument("--worker", nargs=2, metavar=("NAME", "SPEC"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        name, spec = args.worker
        fn = {"build": worker_build, "query": worker_query}[name]
        print(json.dumps(fn(json.loads(spec))))
        return 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    try:
        bench_size("seeds", "seeds", 1, "real", work, args.queries)
        if args.real_scale > 0:
            label = f"x{args.real_scale}"
            bench_size(label, "scaled", args.real_scale, "real", work, args.queries)
        if args.random_scale > 0:
            label = f"x{args.random_scale}"
            bench_size(label, "scaled", args.random_scale, "random", work, args.queries)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
