"""One shared query-embedding worker for a serving process, and a small cache in front.

Under many users each request used to call the engine itself (each starting its own
OpenMP team, all fighting for 2 cores). Here one thread owns the engine: requests put their
text on a queue and wait; the worker takes everything pending (up to ``max_batch``) and
embeds it in one call, so 20 concurrent questions cost a few batched passes instead of 20
contending ones. Recent query vectors are kept in an LRU cache (the same question asked
again — a refresh, a second user — costs nothing). Vectors are the engine's, unchanged:
a query's vector does not depend on what it was batched with.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import numpy as np

__all__ = ["QueryCache", "QueryWorker"]

BatchFn = Callable[[Sequence[str]], np.ndarray]


class QueryCache:
    """Thread-safe LRU of ``text -> vector`` (vectors are stored read-only)."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> np.ndarray | None:
        with self._lock:
            vec = self._items.get(text)
            if vec is not None:
                self._items.move_to_end(text)
            return vec

    def put(self, text: str, vec: np.ndarray) -> None:
        if self._size <= 0:
            return
        frozen = np.array(vec, dtype=np.float32)
        frozen.setflags(write=False)
        with self._lock:
            self._items[text] = frozen
            self._items.move_to_end(text)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class QueryWorker:
    """A daemon thread that embeds queued queries in batches with ``embed_batch``."""

    def __init__(self, embed_batch: BatchFn, max_batch: int = 32, name: str = "rag-embed") -> None:
        self._embed_batch = embed_batch
        self._max_batch = max(1, max_batch)
        self._queue: queue.SimpleQueue[tuple[str, Future[np.ndarray]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self.batches = 0  # passes run (for benchmarks: queries / batches = batching factor)

    def embed(self, text: str) -> np.ndarray:
        """The query's vector; blocks until the worker has run its batch."""
        fut: Future[np.ndarray] = Future()
        self._queue.put((text, fut))
        return fut.result()

    def _run(self) -> None:
        while True:
            pending = [self._queue.get()]
            while len(pending) < self._max_batch:
                try:
                    pending.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # the same text twice in one batch is embedded once
            texts = list(dict.fromkeys(t for t, _ in pending))
            try:
                vecs = self._embed_batch(texts)
            except BaseException as exc:  # hand the failure to every waiting request
                for _, fut in pending:
                    fut.set_exception(exc)
                continue
            self.batches += 1
            row = {t: vecs[i] for i, t in enumerate(texts)}
            for text, fut in pending:
                fut.set_result(row[text])
