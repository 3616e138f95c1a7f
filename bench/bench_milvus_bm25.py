"""Which BM25 for the Milvus store: Milvus' own BM25 function over its jieba analyzer, or
sparse vectors carrying bm25s' weights over our tokenizer (``rag.tokenize``: jieba with
the party-building dictionary and stopwords)? Evidence recall@5/10/20 of BM25 alone on
the development questions (term, fact, attribution), seed corpus, both in Milvus Lite.

    python bench/bench_milvus_bm25.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_retrieval import chunk_all, dev_questions, seed_documents  # noqa: E402

KINDS = ("term", "fact", "attribution")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def recall(questions: list[dict[str, Any]], search: Any, k: int) -> float:
    got = []
    for q in questions:
        if q["kind"] not in KINDS or not q["evidence"]:
            continue
        blob = _norm("".join(search(q["question"], k)))
        got.append(sum(_norm(e) in blob for e in q["evidence"]) / len(q["evidence"]))
    return sum(got) / len(got)


def main() -> int:
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    from rag.embed import BundledEmbedder
    from rag.store_milvus import MilvusBM25Retriever, MilvusEngine, MilvusStore

    docs = seed_documents()
    chunks = chunk_all(docs)
    questions = dev_questions()
    work = Path(tempfile.mkdtemp(prefix="bench-bm25-"))

    class NoVectors(BundledEmbedder):  # BM25 alone: the dense vectors are not looked at
        def _embed(self, texts: list[str], is_query: bool) -> Any:
            import numpy as np

            return np.ones((len(texts), 384), dtype=np.float32)

    store = MilvusStore(str(work / "ours.db"))
    store.build(docs, chunks, NoVectors())
    index = store.load(NoVectors().id)
    assert isinstance(index.engine, MilvusEngine)
    ours = MilvusBM25Retriever(index.engine)

    client = MilvusClient(str(work / "native.db"))
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field(
        "text",
        DataType.VARCHAR,
        max_length=65535,
        enable_analyzer=True,
        analyzer_params={"tokenizer": "jieba"},
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(
            name="bm25",
            function_type=FunctionType.BM25,
            input_field_names=["text"],
            output_field_names=["sparse"],
        )
    )
    ip = client.prepare_index_params()
    ip.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_collection("native", schema=schema, index_params=ip)
    client.insert("native", [{"id": i, "text": c.embed_text} for i, c in enumerate(chunks)])
    client.load_collection("native")

    def native(query: str, k: int) -> list[str]:
        res = client.search("native", data=[query], anns_field="sparse", limit=k)
        return [chunks[int(r["id"])].text for r in res[0]]

    def ours_search(query: str, k: int) -> list[str]:
        return [h.chunk.text for h in ours.retrieve(query, k)]

    print(f"{len(chunks)} chunks, {len(questions)} questions; evidence recall of BM25 alone")
    print(f"{'':44}{'@5':>7}{'@10':>7}{'@20':>7}")
    for name, fn in (
        ("Milvus BM25 function, jieba analyzer", native),
        ("sparse vectors: bm25s weights, rag.tokenize", ours_search),
    ):
        print(f"{name:44}" + "".join(f"{recall(questions, fn, k):>7.3f}" for k in (5, 10, 20)))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
