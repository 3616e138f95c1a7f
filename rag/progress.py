"""Index-build progress on a terminal: a tqdm bar with the share done, the rate and the
time left (``正在建立索引  37%|███▋      | 43/115 [00:12<00:20, 3.5段/s]``). The app's first
start and ``rag index`` use the same bar. ``progress(done, total)`` is the callback the
index builder takes; a new total starts a new bar."""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["IndexProgress"]

DESC = "正在建立索引"


class IndexProgress:
    def __init__(self, stream: TextIO | None = None, desc: str = DESC) -> None:
        self.stream = stream or sys.stderr
        self.desc = desc
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        from tqdm import tqdm

        if self._bar is None or self._bar.total != total:
            self.close()
            self._bar = tqdm(
                total=total,
                desc=self.desc,
                unit="段",
                file=self.stream,
                mininterval=0.5,
                dynamic_ncols=True,
            )
        self._bar.update(max(0, min(done, total) - self._bar.n))
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
