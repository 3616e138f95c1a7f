"""jieba's prefix dictionary from a file, looked up on demand instead of loaded whole.

jieba keeps every word and word prefix (≈ 600 000 keys) in one dict, loaded at start from
its marshal cache (≈ 0.3 s idle, over 1 s on a busy machine). A command that cuts one
question needs a few dozen of those keys. ``FreqTable`` is a dict-like view of the same
table in an SQLite file (built once from the real tokenizer, user words included, written
atomically beside jieba's own cache): lookups go to the file until a process has made
many of them (an index build), then the whole table is read into memory once. Either
way the keys and counts are exactly the tokenizer's, so the tokens are the same.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["FreqTable", "build_table", "table_path", "write_atomically"]

# After this many file lookups, reading the whole table (~0.5 s) is cheaper than more.
LOOKUPS_BEFORE_LOADING = 50_000
_SCHEMA = "CREATE TABLE freq (w TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID"


def table_path(key: str) -> Path:
    """Where the table for tokenizer ``key`` lives (jieba's own cache folder)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in key)
    return Path(tempfile.gettempdir()) / f"dangjian-rag-jieba-{safe}.sqlite"


def write_atomically(path: Path, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Create the SQLite file ``path`` with ``fill`` in a temp file beside it, then rename:
    a reader sees the old file or the whole new one, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            with con:
                fill(con)
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def build_table(path: Path, freq: dict[str, int], total: int) -> None:
    """Write ``freq`` and ``total`` to ``path`` atomically (temp file, then rename)."""

    def fill(con: sqlite3.Connection) -> None:
        con.execute(_SCHEMA)
        con.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
        con.execute("INSERT INTO meta VALUES (?)", (int(total),))
        con.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())

    write_atomically(path, fill)


class FreqTable:
    """The parts of ``dict`` jieba's ``Tokenizer`` uses on ``FREQ``: ``in``, ``[]``,
    ``get`` and assignment (``add_word`` after start: kept in memory)."""

    def __init__(self, path: Path) -> None:
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (total,) = self._con.execute("SELECT total FROM meta").fetchone()
        self.total = int(total)
        self._memo: dict[str, int | None] = {}
        self._full: dict[str, int] | None = None
        self._added: dict[str, int] = {}
        self._lookups = 0
        self._lock = threading.Lock()

    def _lookup(self, key: str) -> int | None:
        if key in self._added:
            return self._added[key]
        full = self._full
        if full is not None:
            return full.get(key)
        memo = self._memo.get(key, -1)
        if memo != -1:
            return memo
        with self._lock:
            if self._full is not None:
                return self._full.get(key)
            self._lookups += 1
            if self._lookups > LOOKUPS_BEFORE_LOADING:
                self._full = dict(self._con.execute("SELECT w, f FROM freq"))
                self._full.update(self._added)
                self._memo.clear()
                return self._full.get(key)
            row = self._con.execute("SELECT f FROM freq WHERE w = ?", (key,)).fetchone()
        value = None if row is None else int(row[0])
        self._memo[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def __getitem__(self, key: str) -> int:
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._lookup(key)
        return default if value is None else value

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = int(value)
        if self._full is not None:
            self._full[key] = int(value)

    @property
    def loaded(self) -> bool:
        """True once the whole table is in memory."""
        return self._full is not None

    def as_dict(self) -> dict[str, int] | None:
        """The whole table as the plain dict it was read into (``None`` until then): the
        tokenizer swaps it in, so a long build no longer pays this view's lookups."""
        return self._full
