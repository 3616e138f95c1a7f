"""What every file reader shares: the bounds on the work one file may cause, the reader's
result (text with page starts and recorded page furniture), and small helpers.

Bounds (each refusal is a ``LoadError`` with the reason and the limit):

- ``max_chars``: characters of text, counted while extracting (a small zip or PDF
  can expand to gigabytes; reading stops at the limit instead of after it);
- ``max_pages``: pages of a PDF or OFD;
- ``max_content_bytes``: decoded page-description bytes of a PDF (what text extraction
  costs is linear in them: ~0.5 MB/s with pypdf on this machine), checked before any
  page is extracted, and ``max_content_ratio`` of those bytes to the file's size (a
  3 KB file whose pages share one stream that inflates to megabytes);
- ``max_seconds``: wall time for one file's text layer, checked between pages;
- ``ocr_max_pages`` / ``ocr_max_seconds``: scanned pages recognised per file and the time
  OCR may take for one file (OCR costs seconds per page on a small CPU).
"""

from __future__ import annotations

import contextlib
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from rag.errors import LoadError

__all__ = [
    "DEFAULT_LIMITS",
    "MB",
    "CharBudget",
    "Deadline",
    "Extracted",
    "Limits",
    "Progress",
    "brief",
    "ocr_reporter",
    "reporting_ocr",
    "wide",
]

MB = 1024 * 1024

# Called with (pages done, pages to do) while scanned pages are recognised.
Progress = Callable[[int, int], None]

_OCR_PROGRESS: ContextVar[Progress | None] = ContextVar("ocr_progress", default=None)


@contextlib.contextmanager
def reporting_ocr(progress: Progress) -> Iterator[None]:
    """While the block runs, OCR progress of any file read in this context goes to
    ``progress`` (the library page sets this around an upload) as well as the terminal."""
    token = _OCR_PROGRESS.set(progress)
    try:
        yield
    finally:
        _OCR_PROGRESS.reset(token)


def ocr_reporter(name: str, progress: Progress | None = None) -> Progress:
    """Progress for reading file ``name``: a line on the terminal (stderr) per page, and
    ``progress`` or the one set by ``reporting_ocr``."""
    extra = progress or _OCR_PROGRESS.get()

    def report(done: int, total: int) -> None:
        sys.stderr.write(f"OCR 识别扫描页 {name}：{done}/{total} 页\n")
        sys.stderr.flush()
        if extra is not None:
            extra(done, total)

    return report


@dataclass(frozen=True)
class Limits:
    max_chars: int = 1_000_000
    max_pages: int = 2000
    max_content_bytes: int = 24 * MB
    max_content_ratio: int = 400
    max_seconds: float = 120.0
    ocr_max_pages: int = 100
    ocr_max_seconds: float = 1800.0


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Extracted:
    """A reader's result. ``pages[i]`` is the offset in ``text`` where page ``i + 1``
    begins (empty for formats without pages); ``furniture`` holds what was taken out of
    the body as page furniture — running headers, footers, page numbers — as
    ``(offset in text, text, reason)``; ``ocr_pages`` the 1-based pages read by OCR."""

    text: str
    pages: tuple[int, ...] = ()
    furniture: tuple[tuple[int, str, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()


class CharBudget:
    """Counts characters while a reader extracts them and refuses past the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise LoadError(
                f"正文过长（超过 {self.limit} 字，读取到此为止），请拆分成几个文件再导入"
            )


class Deadline:
    """Wall-time bound for one file; ``check`` refuses once it has passed."""

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        self.end = time.monotonic() + seconds

    def check(self, where: str = "") -> None:
        if time.monotonic() > self.end:
            at = f"（读到{where}）" if where else ""
            raise LoadError(
                f"{self.what}耗时超过 {self.seconds:.0f} 秒{at}，文件过于复杂或已损坏，拒绝读取"
            )


def brief(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")
