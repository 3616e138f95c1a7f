"""The naive pipelines users would build instead of ours, to measure against.

Each baseline turns a question into the context passages a naive RAG pipeline
would hand an LLM, on the same documents (``Document.text``) and the same
embedder as ours:

- ``langchain``: the LangChain RAG tutorial — ``RecursiveCharacterTextSplitter``
  (1000/200), dense top-4;
- ``chatchat``: Langchain-Chatchat 0.3 defaults — its ``ChineseRecursiveTextSplitter``
  (750/150), BM25 (``jieba.lcut_for_search``, as its ``EnsembleRetriever`` service
  tokenises) and dense, each top-3, fused 0.5/0.5 by LangChain's weighted
  reciprocal rank (c=60, deduplicated by text), top-3;
- ``bm25``: jieba BM25 top-5 — ``rank_bm25.BM25Okapi`` over ``jieba.lcut`` tokens,
  on the Chatchat chunks.

Chunk vectors are cached under ``<cache_dir>`` (``vectors.npy`` + ``keys.json``),
keyed by sha256 of embedder id and chunk text, so repeated evaluations do not
re-embed. No pickle.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import faiss
import jieba
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter
from rank_bm25 import BM25Okapi

from rag.errors import RagError
from rag.types import Document

__all__ = [
    "BASELINES",
    "Baseline",
    "BaselineChunk",
    "BaselineError",
    "ChineseRecursiveTextSplitter",
    "Embedder",
    "bm25_top_n",
    "build_baselines",
    "chatchat_split",
    "dense_top_k",
    "embed_cached",
    "langchain_split",
    "split_corpus",
    "weighted_rrf",
]

# name -> label shown in tables, in display order.
BASELINES: dict[str, str] = {
    "langchain": "LangChain 教程",
    "chatchat": "Chatchat 0.3",
    "bm25": "jieba BM25",
}

CACHE_FORMAT = 1

# jieba with its default dictionary only, as a naive pipeline has it; private so that
# dictionaries loaded elsewhere into the global tokenizer cannot change the baselines.
_JIEBA = jieba.Tokenizer()


class BaselineError(RagError):
    """A baseline could not be built (embedder output or vector cache unusable)."""


class Embedder(Protocol):
    """What the baselines need from an embedder (``rag.embed`` provides it)."""

    @property
    def id(self) -> str: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query_np(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class BaselineChunk:
    doc_id: str
    text: str


# --- splitters ------------------------------------------------------------------------


def _split_text_with_regex_from_end(text: str, separator: str, keep_separator: bool) -> list[str]:
    """Chatchat's split: with ``keep_separator`` each separator stays at the end of its piece."""
    if separator:
        if keep_separator:
            parts = re.split(f"({separator})", text)
            splits = ["".join(pair) for pair in zip(parts[0::2], parts[1::2], strict=False)]
            if len(parts) % 2 == 1:
                splits += parts[-1:]
        else:
            splits = re.split(separator, text)
    else:
        splits = list(text)
    return [s for s in splits if s != ""]


class ChineseRecursiveTextSplitter(RecursiveCharacterTextSplitter):
    """Port of Langchain-Chatchat 0.3's ``chinese_recursive_text_splitter.py``."""

    def __init__(
        self,
        separators: list[str] | None = None,
        keep_separator: bool = True,
        is_separator_regex: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(keep_separator=keep_separator, **kwargs)
        self._separators = separators or [
            "\n\n",
            "\n",
            "。|！|？",
            r"\.\s|\!\s|\?\s",
            "；|;\\s",
            "，|,\\s",
        ]
        self._is_separator_regex = is_separator_regex

    def _split_text(self, text: str, separators: list[str]) -> list[str]:
        final_chunks: list[str] = []
        separator = separators[-1]
        new_separators: list[str] = []
        for i, sep in enumerate(separators):
            pattern = sep if self._is_separator_regex else re.escape(sep)
            if sep == "":
                separator = sep
                break
            if re.search(pattern, text):
                separator = sep
                new_separators = separators[i + 1 :]
                break

        pattern = separator if self._is_separator_regex else re.escape(separator)
        splits = _split_text_with_regex_from_end(text, pattern, bool(self._keep_separator))

        good_splits: list[str] = []
        merge_separator = "" if self._keep_separator else separator
        for s in splits:
            if self._length_function(s) < self._chunk_size:
                good_splits.append(s)
            else:
                if good_splits:
                    final_chunks.extend(self._merge_splits(good_splits, merge_separator))
                    good_splits = []
                if not new_separators:
                    final_chunks.append(s)
                else:
                    final_chunks.extend(self._split_text(s, new_separators))
        if good_splits:
            final_chunks.extend(self._merge_splits(good_splits, merge_separator))
        return [
            re.sub(r"\n{2,}", "\n", chunk.strip()) for chunk in final_chunks if chunk.strip() != ""
        ]


def langchain_split(text: str) -> list[str]:
    """The LangChain tutorial's chunks: ``RecursiveCharacterTextSplitter(1000, 200)``."""
    return RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_text(text)


def chatchat_split(text: str) -> list[str]:
    """Chatchat 0.3 default chunks: ``ChineseRecursiveTextSplitter(750, 150)``."""
    return ChineseRecursiveTextSplitter(chunk_size=750, chunk_overlap=150).split_text(text)


def split_corpus(
    documents: Sequence[Document], split: Callable[[str], list[str]]
) -> tuple[BaselineChunk, ...]:
    """Every document's chunks, in document order."""
    return tuple(BaselineChunk(doc.doc_id, text) for doc in documents for text in split(doc.text))


# --- vectors --------------------------------------------------------------------------


def _key(embedder_id: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_id}\n{text}".encode()).hexdigest()


def _read_cache(folder: Path) -> tuple[list[str], np.ndarray | None]:
    """Keys and vectors in ``folder``, or nothing when absent or unreadable."""
    keys_path, vec_path = folder / "keys.json", folder / "vectors.npy"
    if not (keys_path.exists() and vec_path.exists()):
        return [], None
    try:
        meta = json.loads(keys_path.read_text(encoding="utf-8"))
        vectors = np.load(vec_path, allow_pickle=False)
    except (OSError, ValueError):
        # A broken cache only costs re-embedding; it is rewritten.
        return [], None
    keys = meta.get("keys") if isinstance(meta, dict) else None
    if (
        not isinstance(meta, dict)
        or meta.get("format") != CACHE_FORMAT
        or not isinstance(keys, list)
        or vectors.ndim != 2
        or len(keys) != vectors.shape[0]
    ):
        return [], None
    return [str(k) for k in keys], vectors.astype(np.float32, copy=False)


def _write_cache(folder: Path, embedder_id: str, keys: list[str], vectors: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp_vec, tmp_keys = folder / "vectors.tmp.npy", folder / "keys.tmp.json"
    np.save(tmp_vec, vectors, allow_pickle=False)
    meta = {"format": CACHE_FORMAT, "embedder": embedder_id, "keys": keys}
    tmp_keys.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_vec, folder / "vectors.npy")
    os.replace(tmp_keys, folder / "keys.json")


def _embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    arr = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
    if arr.ndim != 2 or arr.shape[0] != len(texts):
        raise BaselineError(
            f"嵌入模型 {embedder.id} 为 {len(texts)} 段文本返回了形状 {arr.shape} 的向量，无法建立基线"
        )
    return arr


def embed_cached(embedder: Embedder, texts: Sequence[str], cache_dir: Path | None) -> np.ndarray:
    """Passage vectors for ``texts`` (row i for text i), embedding only texts not cached.

    The cache lives in ``cache_dir/<sha256(embedder id)[:16]>/`` as ``vectors.npy`` and
    ``keys.json`` (row keys = sha256 of embedder id and text).
    """
    if not texts:
        raise BaselineError("没有可用于基线的文本段落（文档都是空的？）")
    folder = None
    if cache_dir is not None:
        folder = cache_dir / hashlib.sha256(embedder.id.encode()).hexdigest()[:16]
    wanted = [_key(embedder.id, t) for t in texts]
    keys, cached = _read_cache(folder) if folder is not None else ([], None)
    row = {k: i for i, k in enumerate(keys)}
    missing = {k: t for k, t in zip(wanted, texts, strict=True) if k not in row}
    if missing:
        new = _embed(embedder, list(missing.values()))
        if cached is not None and cached.shape[1] != new.shape[1]:
            # Same embedder id, other dimension: the cache is stale, start it again.
            keys, cached, row = [], None, {}
            missing = dict(zip(wanted, texts, strict=True))
            new = _embed(embedder, list(missing.values()))
        row.update({k: len(keys) + i for i, k in enumerate(missing)})
        keys = keys + list(missing)
        cached = new if cached is None else np.vstack([cached, new])
        if folder is not None:
            _write_cache(folder, embedder.id, keys, cached)
    assert cached is not None
    return np.ascontiguousarray(cached[[row[k] for k in wanted]], dtype=np.float32)


# --- retrieval ------------------------------------------------------------------------


def dense_top_k(vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    """Rows of ``vectors`` with the highest inner product with ``query`` (FAISS IndexFlatIP)."""
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
    _, ids = index.search(q, min(k, vectors.shape[0]))
    return [int(i) for i in ids[0] if i >= 0]


def bm25_top_n(bm25: BM25Okapi, query_tokens: list[str], n: int) -> list[int]:
    """Indices of the top ``n`` chunks as ``BM25Okapi.get_top_n`` orders them."""
    return [int(i) for i in bm25.get_top_n(query_tokens, list(range(len(bm25.doc_len))), n=n)]


def weighted_rrf(
    rank_lists: Sequence[Sequence[str]], weights: Sequence[float], c: int = 60
) -> list[str]:
    """LangChain ``EnsembleRetriever.weighted_reciprocal_rank`` over texts (its dedup key).

    Each text scores ``sum(weight / (rank + c))`` over the lists it is in (rank from 1);
    texts are deduplicated in order of first appearance, then stably sorted by score.
    """
    if len(rank_lists) != len(weights):
        raise ValueError("Number of rank lists must be equal to the number of weights.")
    score: dict[str, float] = defaultdict(float)
    for items, weight in zip(rank_lists, weights, strict=True):
        for rank, item in enumerate(items, start=1):
            score[item] += weight / (rank + c)
    unique: list[str] = []
    seen: set[str] = set()
    for items in rank_lists:
        for item in items:
            if item not in seen:
                seen.add(item)
                unique.append(item)
    return sorted(unique, key=lambda item: score[item], reverse=True)


@dataclass(frozen=True)
class Baseline:
    """A built baseline: ``retrieve(question)`` gives the contexts, best first."""

    name: str
    label: str
    chunks: tuple[BaselineChunk, ...]
    retrieve: Callable[[str], tuple[BaselineChunk, ...]]


def _langchain(documents: Sequence[Document], embedder: Embedder, cache: Path | None) -> Baseline:
    chunks = split_corpus(documents, langchain_split)
    vectors = embed_cached(embedder, [c.text for c in chunks], cache)

    def retrieve(question: str) -> tuple[BaselineChunk, ...]:
        q = embedder.embed_query_np(question)
        return tuple(chunks[i] for i in dense_top_k(vectors, q, 4))

    return Baseline("langchain", BASELINES["langchain"], chunks, retrieve)


def _chatchat(
    chunks: tuple[BaselineChunk, ...], embedder: Embedder, cache: Path | None
) -> Baseline:
    vectors = embed_cached(embedder, [c.text for c in chunks], cache)
    bm25 = BM25Okapi([_JIEBA.lcut_for_search(c.text) for c in chunks])
    top_k = 3

    def retrieve(question: str) -> tuple[BaselineChunk, ...]:
        sparse = [chunks[i] for i in bm25_top_n(bm25, _JIEBA.lcut_for_search(question), top_k)]
        dense = [chunks[i] for i in dense_top_k(vectors, embedder.embed_query_np(question), top_k)]
        by_text: dict[str, BaselineChunk] = {}
        for c in [*sparse, *dense]:
            by_text.setdefault(c.text, c)
        fused = weighted_rrf([[c.text for c in sparse], [c.text for c in dense]], [0.5, 0.5])
        return tuple(by_text[t] for t in fused[:top_k])

    return Baseline("chatchat", BASELINES["chatchat"], chunks, retrieve)


def _bm25(chunks: tuple[BaselineChunk, ...]) -> Baseline:
    bm25 = BM25Okapi([_JIEBA.lcut(c.text) for c in chunks])

    def retrieve(question: str) -> tuple[BaselineChunk, ...]:
        return tuple(chunks[i] for i in bm25_top_n(bm25, _JIEBA.lcut(question), 5))

    return Baseline("bm25", BASELINES["bm25"], chunks, retrieve)


def build_baselines(
    documents: Sequence[Document], embedder: Embedder, cache_dir: Path | None = None
) -> tuple[Baseline, ...]:
    """The three baselines over ``documents``, in ``BASELINES`` order."""
    if not documents:
        raise BaselineError("没有文档，无法建立基线")
    chatchat_chunks = split_corpus(documents, chatchat_split)
    return (
        _langchain(documents, embedder, cache_dir),
        _chatchat(chatchat_chunks, embedder, cache_dir),
        _bm25(chatchat_chunks),
    )
