"""A document's preamble: the unnumbered lead paragraph(s) before its first heading.

A plan or a summary often states its headline facts there (目前，全局有党员N名…; 以“X”品牌
为牵引…), under no heading: it is the document's section 0, whose heading is the document's
title. The head lines above it — the title, a subtitle, the speaker, the date, the
addressee (同志们：) — are short lines with no sentence in them and are not part of it.
"""

from __future__ import annotations

import functools
import re

from rag.types import Document

__all__ = ["preamble_span"]

_SENTENCE_END = re.compile(r"[。！？!?；;]")
_HEAD_LINE = 40  # a line this short with no sentence end is a head line (title, date)
_SCAN = 2000  # characters of a document's start searched


@functools.lru_cache(maxsize=1024)
def _span(text: str, first: int) -> tuple[int, int] | None:
    pos = 0
    start = None
    for line in text[:first].splitlines(keepends=True):
        body = line.strip()
        if start is None and body and (len(body) > _HEAD_LINE or _SENTENCE_END.search(body)):
            start = pos + line.index(body[0])
        pos += len(line)
    if start is None:
        return None
    end = len(text[:first].rstrip())
    return (start, end) if end > start else None


def preamble_span(doc: Document) -> tuple[int, int] | None:
    """Where ``doc``'s preamble stands (start, end), or None: a document without headings
    is all body, and one whose first heading follows its head lines has none."""
    if not doc.outline:
        return None
    first = doc.outline[0].start
    if first > _SCAN:
        return None
    return _span(doc.text[:first], first)
