"""Activation ranges for the int8 e5 engine (SmoothQuant calibration), written once.

``rag/e5onnx.py`` multiplies int8 activations by int8 weights. A few hidden channels of
e5's activations carry values 10-30x the others (measured: up to 33 against a median
channel range of 0.5-2), and one int8 scale per row would spend its 255 steps on them.
SmoothQuant moves that range into the weights: channel ``k`` of an activation is divided
by ``s_k`` and row ``k`` of the weight multiplied by it (the product is exact), with
``s_k = range_k^0.5 / weight_range_k^0.5``. The activation ranges come from running the
float encoder over a calibration corpus; they are stored in ``rag/data/e5-smooth.npz``
(12 layers x 4 inputs; 40 KB) and loaded with the engine.

The calibration corpus must not be the one the agreement is checked on: the shipped file
was made from ``tests/data/variety/corpus`` (other organisations' documents); the test
and the benchmark check the seed chunks (``corpus/``) and ``tests/data/gen``.

    python -m rag.e5calib tests/data/variety/corpus [--out rag/data/e5-smooth.npz]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from rag.e5model import load_weights
from rag.e5onnx import PASSAGE_PREFIX, SMOOTH_FILE, build_graph, matmul_inputs

__all__ = ["activation_ranges", "main"]


def activation_ranges(texts: Iterable[str]) -> dict[str, np.ndarray]:
    """Per-channel max |activation| of every matmul input, over the texts (as passages)."""
    import onnxruntime as ort

    w = load_weights()
    names = matmul_inputs(w.layers)
    session = ort.InferenceSession(
        build_graph(w, "fp32", taps=True), providers=["CPUExecutionProvider"]
    )
    tok = w.tokenizer
    width = w.max_positions - 2
    ranges: dict[str, np.ndarray] = {}
    for text in texts:
        ids_all = tok.content_ids(PASSAGE_PREFIX + text)
        for a in range(0, max(len(ids_all), 1), width):
            ids = np.array([[tok.bos, *ids_all[a : a + width], tok.eos]], dtype=np.int64)
            x = w.embed_tokens(ids, np.arange(ids.shape[1])[None, :])
            mask = np.ones(ids.shape, dtype=np.int32)
            acts = session.run(names, {"x_in": x, "mask": mask})
            for name, act in zip(names, acts, strict=True):
                peak = np.abs(act).reshape(-1, act.shape[-1]).max(axis=0)
                ranges[name] = peak if name not in ranges else np.maximum(ranges[name], peak)
    return {k: v.astype(np.float32) for k, v in ranges.items()}


def main(argv: list[str] | None = None) -> int:
    from rag.chunk import chunk_document
    from rag.ingest import load_corpus

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="a folder of documents (not the seeds)")
    ap.add_argument("--out", type=Path, default=SMOOTH_FILE)
    args = ap.parse_args(argv)
    texts = [c.embed_text for d in load_corpus(args.corpus).documents for c in chunk_document(d)]
    ranges = activation_ranges(texts)
    tmp = args.out.with_suffix(".tmp.npz")
    with open(tmp, "wb") as f:
        np.savez(f, allow_pickle=False, **ranges)
    tmp.replace(args.out)
    print(f"{len(texts)} chunks -> {args.out} ({len(ranges)} activations)")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
