"""Where the two stores' rankings differ, route by route: dense, BM25 and hybrid top 10 of
the FAISS store and of Milvus Lite over one corpus prepared by bench_stores.py, and
whether each difference is only in the order of equal scores.

    python bench/bench_stores.py --work DIR --real-scale 100 --random-scale 0
    python bench/bench_store_ties.py DIR/corpus-x100
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_stores as bs  # noqa: E402
from bench_retrieval import dev_questions  # noqa: E402


def main() -> int:
    from rag.retrieve import open_retrievers
    from rag.store import FaissStore
    from rag.store_milvus import MilvusStore

    folder = Path(sys.argv[1])
    docs, chunks = bs.read_prepared(folder)
    emb = bs.cached_embedder(folder) if (folder / "vectors.npy").is_file() else bs.random_embedder()
    work = Path(tempfile.mkdtemp(prefix="store-ties-"))
    faiss = FaissStore(work / "faiss")
    faiss.build(docs, chunks, emb)
    milvus = MilvusStore(str(work / "milvus" / "milvus.db"), collection="ties")
    milvus.build(docs, chunks, emb)
    a_ret = open_retrievers(faiss.load(emb.id), emb)
    b_ret = open_retrievers(milvus.load(emb.id), emb)
    questions = [q["question"] for q in dev_questions()][:32]
    print(f"{len(docs)} documents, {len(chunks)} chunks, {len(questions)} questions, top 10")
    for mode in ("dense", "bm25", "hybrid"):
        same = ties = 0
        worst = 0.0
        for q in questions:
            a, b = a_ret[mode].retrieve(q, 10), b_ret[mode].retrieve(q, 10)
            if [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in b]:
                same += 1
                continue
            sa, sb = np.array([h.score for h in a]), np.array([h.score for h in b])
            if len(sa) == len(sb):
                worst = max(worst, float(np.abs(sa - sb).max()))
                ties += bool(np.allclose(sa, sb, rtol=1e-5))
        print(
            f"   {mode:<7} same {same}/{len(questions)}; only the order of equal scores "
            f"{ties}; largest score difference where they differ {worst:.1e}"
        )
    milvus.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
