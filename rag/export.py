"""Exports meant for Excel: term-search occurrences as CSV, written as a stream, and the
export folder kept bounded.

Spreadsheet safety (OWASP "CSV Injection"): a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return — also after leading spaces, tabs or other
whitespace — is prefixed with ``'`` so that Excel, LibreOffice and WPS show it as text
instead of evaluating it as a formula (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3``).
Numbers written by the program (序号, 起, 止) are left as numbers.

Bounds: an export holds at most ``EXPORT_MAX_ROWS`` rows (a note row says so when more
exist); hits are written one by one as they are found, so memory does not grow with the
number of occurrences; the file is written under a temporary name and renamed when
complete; ``prune_exports`` removes old exports so the folder does not grow with use.
"""

from __future__ import annotations

import contextlib
import csv
import os
import time
from collections.abc import Iterable
from pathlib import Path

from rag.types import TermHit

__all__ = [
    "CSV_HEADERS",
    "EXPORT_KEEP_FILES",
    "EXPORT_MAX_AGE_S",
    "EXPORT_MAX_ROWS",
    "csv_cell",
    "prune_exports",
    "write_term_csv",
]

# At most this many occurrences in one export (about 2 MB of CSV, ~1.5 s to write on a quiet
# 2-core machine): far more than anyone reads, and the work of one export stays bounded.
EXPORT_MAX_ROWS = 10_000
# The export folder keeps at most this many files, none older than this.
EXPORT_KEEP_FILES = 4
EXPORT_MAX_AGE_S = 15 * 60

CSV_HEADERS = ("序号", "单位", "文档标题", "文档ID", "日期", "章节", "起", "止", "上下文")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` safe for a spreadsheet cell: text that a spreadsheet would read as a formula
    gets a leading ``'``; numbers and other text are unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START) or value.lstrip(" \t\u3000\n\r\x0b\f").startswith(
        _FORMULA_START
    ):
        return "'" + value
    return value


def _row(i: int, h: TermHit) -> list[object]:
    cells: list[object] = [
        i,
        h.department,
        h.title,
        h.doc_id,
        h.date or "",
        h.section,
        h.start,
        h.end,
        h.context,
    ]
    return [csv_cell(c) for c in cells]


def write_term_csv(
    path: Path,
    hits: Iterable[TermHit],
    *,
    total: int | None = None,
    max_rows: int = EXPORT_MAX_ROWS,
) -> int:
    """Write occurrences to ``path`` as CSV (UTF-8 with BOM, so Excel shows Chinese), one
    row at a time; at most ``max_rows`` rows, then a note row when ``total`` says more
    exist. Atomic: a partial file never appears under ``path``. Returns the rows written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    written = 0
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(CSV_HEADERS)
            for h in hits:
                if written >= max_rows:
                    break
                written += 1
                writer.writerow(_row(written, h))
            if total is not None and total > written:
                writer.writerow(
                    ["", f"（共 {total} 处，只导出前 {written} 处；请缩小范围，例如按单位查找）"]
                )
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return written


def prune_exports(
    directory: Path,
    *,
    keep: int = EXPORT_KEEP_FILES,
    max_age_s: float = EXPORT_MAX_AGE_S,
    now: float | None = None,
) -> list[Path]:
    """Delete exports in ``directory`` older than ``max_age_s`` and all but the ``keep``
    newest; returns what was deleted."""
    now = time.time() if now is None else now
    files: list[tuple[float, Path]] = []
    for p in Path(directory).iterdir():
        with contextlib.suppress(OSError):
            if p.is_file():
                files.append((p.stat().st_mtime, p))
    files.sort(reverse=True)
    doomed = [p for i, (mtime, p) in enumerate(files) if i >= keep or now - mtime > max_age_s]
    for p in doomed:
        with contextlib.suppress(OSError):
            p.unlink()
    return doomed
