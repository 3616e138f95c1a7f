"""Stores side by side: FAISS + bm25s files (the default) against Milvus, in one run.

    python bench/bench_stores.py [--real-scale 3] [--random-scale 1000] [--queries 32]
                                 [--embed-sample 160] [--work DIR]

For each corpus size and each store: build time, an incremental update (one document
edited), hybrid query p50/p95 (question embedding included; a department filter on every
fourth) and the peak memory of one app instance (load the build, open the retrievers,
answer the queries: its own process, VmHWM); whether both stores, and Milvus' two fusions,
return the same top 10. Sizes:

- seeds: the corpus/ documents, real embeddings (bundled model);
- x N (``--real-scale``): a generated corpus of N variants of every seed whose sentences
  are reordered and whose figures, departments and years differ, so no chunk is a copy;
  real embeddings (bundled model);
- x M (``--random-scale``, default 1000 ≈ 105 000 chunks): the same generator, with
  random unit vectors in place of passage embeddings (printed as such), so the build is
  the store's own cost; questions are still embedded by the bundled model.

The corpus is generated, ingested and chunked once per size, and passages are embedded
once per size; both stores are then built from the same documents, chunks and vectors, so
"build" is each store's own cost (BM25 tokens, index, writing). With ``--work DIR`` that
preparation is kept and reused by the next run (printed as such): the x100 real-embedding
level costs its embedding only once.

Milvus runs as Milvus Lite: in the app's process for the seeds (a ``.db`` file), and as a
separate ``milvus-lite server`` on 127.0.0.1 for the generated corpora, so the app
instance's memory is its own (the server's is printed beside it). Targets at x1000: hybrid
p50 below 100 ms with either store, app memory with Milvus below 1 GB.

``--embed-sample``: ``rag index --workers`` with the bundled model — the same passages
embedded by one process and by two worker processes (worker start and model load included).
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
TOP = 10


def log(msg: str) -> None:
    print(f"   [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


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


# --- embedders -------------------------------------------------------------------------


def random_embedder() -> Any:
    from rag.embed import BundledEmbedder

    class RandomUnit(BundledEmbedder):
        """Passages: a fixed random unit vector per text (the store's cost without a
        model). Questions: the bundled model (a real question's cost; same dimension)."""

        batch_size = 2048

        @property
        def id(self) -> str:
            return "random-unit-384"

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            if is_query:
                return super()._embed(texts, is_query)
            out = np.empty((len(texts), 384), dtype=np.float32)
            for i, t in enumerate(texts):
                seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "big")
                out[i] = np.random.default_rng(seed).standard_normal(384)
            return out

    return RandomUnit()


def cached_embedder(folder: Path) -> Any:
    """The bundled model, handed the passage vectors computed once for this corpus (texts
    as the embedder sees them: folded to Simplified); anything else it embeds itself."""
    from rag.embed import BundledEmbedder

    class Cached(BundledEmbedder):
        def __init__(self) -> None:
            super().__init__()
            texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
            matrix = np.load(folder / "vectors.npy")
            self.known = dict(zip(texts, matrix, strict=True))

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            if not is_query and all(t in self.known for t in texts):
                return np.stack([self.known[t] for t in texts])
            return super()._embed(texts, is_query)

    return Cached()


def embedder_for(spec: dict[str, Any]) -> Any:
    if spec["vectors"] == "random":
        return random_embedder()
    return cached_embedder(Path(spec["corpus"]))


def open_store(spec: dict[str, Any]) -> Any:
    from rag.store import FaissStore
    from rag.store_milvus import MilvusStore

    if spec["store"] == "faiss":
        return FaissStore(Path(spec["dir"]))
    return MilvusStore(spec["uri"], collection="bench")


# --- workers (each in its own process) -------------------------------------------------


def vm_mb(pid: int | str = "self", field: str = "VmHWM") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def read_prepared(folder: Path) -> tuple[list[Any], list[Any]]:
    from rag.store import chunk_from_json, document_from_json

    def rows(name: str) -> list[Any]:
        return [json.loads(x) for x in (folder / name).read_text(encoding="utf-8").splitlines()]

    docs = [document_from_json(o) for o in rows("documents.jsonl")]
    return docs, [chunk_from_json(o) for o in rows("chunks.jsonl")]


def worker_prepare(spec: dict[str, Any]) -> dict[str, Any]:
    """Generate, ingest and chunk the corpus (and embed it, for real vectors) once."""
    from rag.embed import BundledEmbedder
    from rag.ingest import load_corpus
    from rag.script import to_simplified
    from rag.store import chunk_to_json, document_to_json

    folder = Path(spec["corpus"])
    done = folder / "prepared.json"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8")) | {"cached": True}
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if spec["kind"] == "seeds":
        docs = list(seed_documents())
    else:
        docs = list(load_corpus(distinct_corpus(folder / "files", spec["scale"])).documents)
    chunks = chunk_all(docs)
    out: dict[str, Any] = {"ingest_s": time.perf_counter() - t0}
    out |= {"documents": len(docs), "chunks": len(chunks)}
    with (folder / "documents.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(document_to_json(d), ensure_ascii=False) + "\n" for d in docs)
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(chunk_to_json(c), ensure_ascii=False) + "\n" for c in chunks)
    if spec["vectors"] == "real":
        texts = list(dict.fromkeys(to_simplified(c.embed_text) for c in chunks))
        log(f"embedding {len(texts)} passages with the bundled model (once)")
        emb = BundledEmbedder()
        t0 = time.perf_counter()
        matrix = emb.embed_passages(texts)
        out |= {"embed_s": time.perf_counter() - t0, "embedded": len(texts)}
        np.save(folder / "vectors.npy", matrix)
        (folder / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    done.write_text(json.dumps(out), encoding="utf-8")
    return out | {"cached": False}


def worker_build(spec: dict[str, Any]) -> dict[str, Any]:
    docs, chunks = read_prepared(Path(spec["corpus"]))
    emb = embedder_for(spec)
    store = open_store(spec)
    t0 = time.perf_counter()
    first = store.build(docs, chunks, emb, chunking=CHUNKING)
    build_s = time.perf_counter() - t0
    log(f"{spec['store']}: built in {build_s:.1f} s; updating one document")
    docs2 = list(docs)
    docs2[len(docs2) // 2] = changed_copy(docs2[len(docs2) // 2], "修订")
    t0 = time.perf_counter()
    upd = store.build(docs2, chunk_all(docs2), emb, chunking=CHUNKING)
    update_s = time.perf_counter() - t0
    return {
        "index_type": first.index_type,
        "build_s": build_s,
        "update_s": update_s,
        "update_embedded": upd.embedded_chunks,
        "build_mb": vm_mb(),
    }


def _timed(retriever: Any, questions: Sequence[str], dept: str) -> tuple[list[float], list[Any]]:
    from rag.retrieve import Filters

    times, ranked = [], []
    for i, q in enumerate(questions):
        filters = Filters(department=dept) if i % 4 == 3 else None
        t = time.perf_counter()
        hits = retriever.retrieve(q, TOP, filters)
        times.append((time.perf_counter() - t) * 1000)
        ranked.append([[h.chunk.chunk_id, h.score] for h in hits])
    return times, ranked


def worker_query(spec: dict[str, Any]) -> dict[str, Any]:
    from rag.retrieve import open_retrievers

    emb = embedder_for(spec)
    t0 = time.perf_counter()
    store = open_store(spec)
    index = store.load(emb.id)
    hybrid = open_retrievers(index, emb)["hybrid"]
    load_s = time.perf_counter() - t0
    questions = [q["question"] for q in dev_questions()][: spec["queries"]]
    dept = index.documents[len(index.documents) // 2].meta.department
    hybrid.retrieve(questions[0], TOP)  # warm-up (model load, first RPC)
    times, ids = _timed(hybrid, questions, dept)
    out = {"load_s": load_s, "p50_ms": pct(times, 50), "p95_ms": pct(times, 95), "ids": ids}
    if spec["store"] == "milvus":  # the other fusion, measured in the same process
        other = "client" if hybrid.fusion == "milvus" else "milvus"
        out["fusion"] = hybrid.fusion
        hybrid.fusion = other
        times2, ids2 = _timed(hybrid, questions, dept)
        out |= {"other_fusion": other, "other_p50_ms": pct(times2, 50)}
        out |= {"other_p95_ms": pct(times2, 95), "other_ids": ids2}
    return out | {"app_mb": vm_mb()}


def worker_embed_processes(spec: dict[str, Any]) -> dict[str, Any]:
    """The same passages embedded in this process and by ``workers`` processes."""
    from rag.embed import BundledEmbedder
    from rag.store import embed_missing

    chunks = chunk_all(seed_documents())
    texts = [f"{c.embed_text}（{i}）" for i, c in enumerate(chunks * 4)][: spec["sample"]]
    one = BundledEmbedder()
    one.embed_passages(texts[:2])  # model loaded before the clock starts
    t0 = time.perf_counter()
    a = embed_missing(texts, one, None)
    one_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    b = embed_missing(texts, one, None, workers=spec["workers"], embedder_factory=BundledEmbedder)
    many_s = time.perf_counter() - t0
    diff = max(float(np.abs(a[t] - b[t]).max()) for t in texts)
    return {"passages": len(texts), "one_s": one_s, "many_s": many_s, "max_abs_diff": diff}


def run_worker(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", name, json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    for line in proc.stderr.splitlines():
        if line.startswith("   ["):
            print(line, flush=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- the Milvus server for the generated corpora -----------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    from rag.store_milvus import _client

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
            client = _client(uri, "")
            client.list_collections()
            client.close()
            return proc, uri
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("milvus-lite server did not start") from None
            time.sleep(0.3)


# --- main ------------------------------------------------------------------------------


def _same(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> str:
    """Questions with the same top passages; and of the others, how many differ only in
    which of several passages with equal scores come first (the same score list)."""
    ids = [[cid for cid, _ in x] == [cid for cid, _ in y] for x, y in zip(a, b, strict=True)]
    ties = sum(
        not same and len(x) == len(y) and np.allclose([s for _, s in x], [s for _, s in y])
        for same, x, y in zip(ids, a, b, strict=True)
    )
    return f"{sum(ids)}/{len(a)} questions" + (
        f" (of the others, {ties} differ only in the order of equal scores)" if ties else ""
    )


def bench_size(label: str, kind: str, scale: int, vectors: str, work: Path, queries: int) -> None:
    what = "random unit vectors for passages" if vectors == "random" else "real embeddings"
    print(f"\n-- {label}: {what}", flush=True)
    corpus = work / f"corpus-{label}"
    base = {"kind": kind, "scale": scale, "vectors": vectors, "corpus": str(corpus)}
    base |= {"queries": queries}
    prep = run_worker("prepare", base)
    how = "from --work (prepared by an earlier run)" if prep["cached"] else "this run"
    print(f"   {prep['documents']} documents, {prep['chunks']} chunks; generated, ingested and")
    print(f"   chunked once ({how}): {prep['ingest_s']:.1f} s")
    if vectors == "real":
        rate = prep["embedded"] / prep["embed_s"]
        print(f"   passages embedded once with the bundled model ({how}): {prep['embedded']} in "
              f"{prep['embed_s']:.1f} s ({rate:.1f}/s); both stores are handed these vectors")  # fmt: skip
    server = None
    rows: dict[str, dict[str, Any]] = {}
    run = Path(tempfile.mkdtemp(prefix=f"stores-{label}-", dir=work))
    try:
        specs = {"faiss": base | {"store": "faiss", "dir": str(run / "faiss")}}
        if kind == "seeds":
            uri = str(run / "milvus" / "milvus.db")
        else:
            server, uri = start_server(run / "milvus-server")
        specs["milvus"] = base | {"store": "milvus", "uri": uri}
        for name, spec in specs.items():
            rows[name] = run_worker("build", spec) | run_worker("query", spec)
            if server is not None and name == "milvus":
                rows[name]["server_hwm"] = vm_mb(server.pid)
                rows[name]["server_rss"] = vm_mb(server.pid, "VmRSS")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(run, ignore_errors=True)
    f, m = rows["faiss"], rows["milvus"]
    print(f"   index: {f['index_type']} (both stores)")
    head = f"   {'store':<8}{'build s':>9}{'update s':>10}{'re-embedded':>13}{'load s':>8}"
    print(head + f"{'p50 ms':>9}{'p95 ms':>9}{'app MB':>9}{'engine MB':>16}")
    for name, r in rows.items():
        if "server_hwm" in r:
            engine = f"{r['server_rss']:>6.0f} ({r['server_hwm']:.0f} pk)"
        else:
            engine = "(in app)" if name == "milvus" else "-"
        print(
            f"   {name:<8}{r['build_s']:>9.1f}{r['update_s']:>10.1f}{r['update_embedded']:>13}"
            f"{r['load_s']:>8.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['app_mb']:>9.0f}"
            f"{engine:>16}"
        )
    print(
        f"   milvus with fusion={m['other_fusion']!r} instead of {m['fusion']!r} (default): "
        f"p50 {m['other_p50_ms']:.1f} ms, p95 {m['other_p95_ms']:.1f} ms; same top {TOP}: "
        f"{_same(m['ids'], m['other_ids'])}"
    )
    print(f"   same top {TOP} on both stores: {_same(f['ids'], m['ids'])}")
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
    ap.add_argument("--embed-sample", type=int, default=160, help="passages (0: skip)")
    ap.add_argument("--embed-workers", type=int, default=2)
    ap.add_argument("--work", type=Path, help="keep the prepared corpora here for later runs")
    ap.add_argument("--worker", nargs=2, metavar=("NAME", "SPEC"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        name, spec = args.worker
        fn = {
            "prepare": worker_prepare,
            "build": worker_build,
            "query": worker_query,
            "embed": worker_embed_processes,
        }[name]
        print(json.dumps(fn(json.loads(spec))))
        return 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-stores-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.embed_sample > 0:
            r = run_worker("embed", {"sample": args.embed_sample, "workers": args.embed_workers})
            print(
                f"\n-- rag index --workers {args.embed_workers}, bundled model, {r['passages']} "
                f"passages: one process {r['one_s']:.1f} s, {args.embed_workers} worker processes "
                f"{r['many_s']:.1f} s (start and model load included): "
                f"{r['one_s'] / r['many_s']:.2f}x; vectors differ by at most "
                f"{r['max_abs_diff']:.1e}"
            )
        bench_size("seeds", "seeds", 1, "real", work, args.queries)
        if args.real_scale > 0:
            label = f"x{args.real_scale}"
            bench_size(label, "scaled", args.real_scale, "real", work, args.queries)
        if args.random_scale > 0:
            label = f"x{args.random_scale}"
            bench_size(label, "scaled", args.random_scale, "random", work, args.queries)
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
