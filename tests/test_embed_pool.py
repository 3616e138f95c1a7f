"""Embedding in several processes with the bundled model (``rag index --workers N``):
the worker processes really run, each batch comes back in order, and the vectors are the
single-process ones (the speedup is measured in bench/bench_stores.py)."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import numpy as np
import pytest
from apprun import run_rag
from seeds import SMALL_DOCS

from rag.embed import BundledEmbedder
from rag.embed_pool import embed_in_processes
from rag.store import load_index

pytestmark = pytest.mark.slow


def _texts() -> list[str]:
    lines = [x for text in SMALL_DOCS.values() for x in text.splitlines() if len(x) > 4] * 2
    # Lengths differ from batch to batch, so a batch handed back out of order would show.
    return [f"{line}（第{i}条，{'补充说明。' * (i % 4)}）" for i, line in enumerate(lines)]


def test_workers_give_the_single_process_vectors_in_order(
    bundled_embedder: BundledEmbedder,
) -> None:
    texts = _texts()
    batches = [texts[i : i + 3] for i in range(0, len(texts), 3)]
    assert len(batches) >= 4
    alone = [bundled_embedder.embed_passages(b) for b in batches]
    got, children = [], 0
    for batch, vectors in embed_in_processes(batches, BundledEmbedder, 2):
        children = max(children, len(multiprocessing.active_children()))
        got.append((batch, vectors))
    assert children == 2  # two worker processes embedded
    assert [b for b, _ in got] == batches
    for (_, vectors), want in zip(got, alone, strict=True):
        assert vectors.shape == want.shape == (len(want), 384)
        np.testing.assert_allclose(vectors, want, atol=1e-5)


def test_rag_index_workers_with_the_bundled_model(tmp_path: Path) -> None:
    """``rag index --workers 2`` with the bundled model builds the index of one process."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in SMALL_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "市委办-补充通知.txt").write_text(
        "市委办关于加强机关党建的补充通知\n"
        + "".join(f"{i}.落实第{i}项党建任务，按月检查第{i}项工作进展。\n" for i in range(1, 60)),
        encoding="utf-8",
    )
    built = []
    for workers in (1, 2):
        out = tmp_path / f"index-{workers}"
        proc = run_rag(
            "index", "--corpus", str(corpus), "--index", str(out),
            "--workers", str(workers), "--quiet", "--json",
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["embedded_chunks"] > 16  # more than one batch
        built.append(load_index(out, BundledEmbedder().id))
    one, two = built
    assert one.chunks == two.chunks
    np.testing.assert_allclose(
        one.vectors.reconstruct_n(0, one.vectors.ntotal),
        two.vectors.reconstruct_n(0, two.vectors.ntotal),
        atol=1e-5,
    )
