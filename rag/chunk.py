"""Chunking inside the section tree (pure).

The text is first cut at every section boundary, so a passage never mixes two
numbered items and never crosses a top-level part. A heading that stands alone
(``二、强化思想建设，坚持铸魂育人``) is joined to what follows it, so short items
keep their heading. Pieces longer than ``max_chars`` are split at sentence ends
(。！？；), then at commas, then hard. Every chunk's ``text`` is exactly
``document.text[start:end]``; sizes are in characters.

Bound (``MAX_CHUNKS_PER_DOCUMENT``): a document may become at most 4 000 chunks. The five
seed documents (2 300–7 200 characters) become 14–45 chunks, 4.8–6.4 per 1 000
characters; a long real document (a 30 000-character congress report) about 200; prose
at the character limit (1 000 000) about 3 100, so that limit, not this one, binds for
ordinary text. Text made of nothing but headings would pass the character limit and still
become tens of thousands of tiny chunks (hours of embedding): ``check_markers`` refuses it
from a cheap count of heading markers before the outline is parsed, ``check_chunk_count``
after chunking.
"""

from __future__ import annotations

import bisect
import itertools

from rag.errors import LoadError
from rag.outline import count_markers, section_path
from rag.text import strip_span
from rag.types import Chunk, Document, Section

__all__ = [
    "MAX_CHUNKS_PER_DOCUMENT",
    "MAX_MARKERS_PER_DOCUMENT",
    "check_chunk_count",
    "check_markers",
    "chunk_document",
    "split_span",
]

MAX_CHUNKS_PER_DOCUMENT = 4_000
# Heading markers (一、 （一） 1. 一是 第一，…) per document: the seeds have 20–90, a long
# real report a few hundred; 6 000 is 20 times that.
MAX_MARKERS_PER_DOCUMENT = 6_000

_SOFT_STOPS = "，,、：:"
_MARKUP = "#*>_ \t\u3000"
_HEADING_ONLY = 60
# Fewest characters of text worth keeping under a heading in the same chunk.
_MIN_BODY = 20


def _boundaries(doc: Document) -> list[int]:
    cuts = {0, len(doc.text)}
    for sec in doc.sections():
        cuts.add(_cut_before(doc.text, sec.start))
        cuts.add(sec.end)
    return sorted(cuts)


def _at(starts: dict[int, Section], pos: int) -> int:
    """The section start a passage cut stands for (the cut may be its markup's line start)."""
    sec = starts.get(pos)
    return sec.start if sec is not None else pos


def _cut_before(text: str, start: int) -> int:
    """Where a section's passage begins: its line's start when only Markdown markup stands
    before the number there (``### 1.``, ``**（二）``), so that the markup goes with its
    heading, not with the passage above."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line:start]
    return line if before.strip() and not before.strip(_MARKUP) else start


def _top(doc: Document, pos: int) -> int:
    """Index of the top-level part containing ``pos`` (-1 outside any)."""
    i = bisect.bisect_right(doc.outline, pos, key=lambda sec: sec.start) - 1
    return i if i >= 0 and doc.outline[i].start <= pos < doc.outline[i].end else -1


def _cut_at(text: str, start: int, end: int, limit: int, stops: str) -> int | None:
    """Last position after a stop char within ``[start, start+limit]``, if any."""
    best = None
    hi = min(end, start + limit)
    for i in range(start, hi):
        if text[i] in stops:
            j = i + 1
            while j < end and text[j] in "”’」』）)":
                j += 1
            if j - start <= limit:
                best = j
    return best if best and best > start else None


def split_span(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into trimmed spans of at most ``max_chars`` characters,
    preferring sentence ends, then commas."""
    out: list[tuple[int, int]] = []
    start, end = strip_span(text, start, end)
    while end - start > max_chars:
        cut = (
            _cut_at(text, start, end, max_chars, "。！？；!?;\n")
            or _cut_at(text, start, end, max_chars, _SOFT_STOPS)
            or start + max_chars
        )
        a, b = strip_span(text, start, cut)
        if b > a:
            out.append((a, b))
        start, end = strip_span(text, cut, end)
    if end > start:
        out.append((start, end))
    return out


def _split_keeping_heading(
    text: str, start: int, heading_end: int, end: int, max_chars: int
) -> list[tuple[int, int]]:
    """``split_span`` of ``[start, end)`` where ``[start, heading_end)`` is heading lines:
    the first span holds the headings and as much of the text below as fits, so a
    heading is not a chunk of its own (unless it nearly fills a chunk by itself)."""
    body = strip_span(text, heading_end, end)[0]
    budget = max_chars - (body - start)
    if heading_end == start or body >= end or end - start <= max_chars or budget < _MIN_BODY:
        return split_span(text, start, end, max_chars)
    first_end = split_span(text, body, end, budget)[0][1]
    return [(start, first_end), *split_span(text, first_end, end, max_chars)]


def _path_labels(path: tuple[Section, ...]) -> tuple[str, ...]:
    return tuple(sec.label for sec in path)


def chunk_document(doc: Document, max_chars: int = 320) -> tuple[Chunk, ...]:
    """Chunks of one document, in order."""
    if max_chars < 20:
        raise ValueError("max_chars must be at least 20")
    text = doc.text
    cuts = _boundaries(doc)
    # outermost wins a tie
    starts = {_cut_before(text, sec.start): sec for sec in reversed(doc.sections())}
    pieces: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        a, b = strip_span(text, a, b)
        if b > a:
            pieces.append((a, b))
    # Join a lone heading (or a stack of them: 一、… （一）…) to the next piece of the
    # same part; ``h`` is where the joined headings end.
    merged: list[tuple[int, int, int]] = []
    i = 0
    while i < len(pieces):
        a, b = pieces[i]
        h = a
        while (
            i + 1 < len(pieces)
            and pieces[i][1] - pieces[i][0] <= _HEADING_ONLY
            and "\n" not in text[pieces[i][0] : pieces[i][1]]
            and _is_heading_only(doc, starts, *pieces[i])
            and _top(doc, _at(starts, a)) == _top(doc, _at(starts, pieces[i + 1][0]))
        ):
            h = pieces[i][1]
            i += 1
            b = pieces[i][1]
        # A heading line at the top of the piece (第一，… followed by its paragraph) counts too.
        merged.append((a, max(h, _heading_line_end(doc, starts, strip_span(text, h, b)[0], b)), b))
        i += 1
    chunks: list[Chunk] = []
    m = doc.meta
    for a, h, b in merged:
        for s, e in _split_keeping_heading(text, a, h, b, max_chars):
            path = section_path(doc.outline, s, s + 1)
            # A piece that begins with a part heading and runs into its first item is
            # filed under that item.
            inner = section_path(doc.outline, e - 1, e)
            if len(inner) > len(path) and all(x in inner for x in path):
                path = inner
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}#{len(chunks)}",
                    doc_id=doc.doc_id,
                    text=text[s:e],
                    start=s,
                    end=e,
                    section_path=_path_labels(path),
                    title=m.title,
                    department=m.department,
                    kind=m.kind,
                    date=m.date,
                    year=m.year,
                )
            )
    return tuple(chunks)


def _is_heading_only(doc: Document, starts: dict[int, Section], a: int, b: int) -> bool:
    """Whether ``[a, b)`` is exactly a section's heading line (nothing after it)."""
    sec = starts.get(a)
    return sec is not None and strip_span(doc.text, sec.heading_end, b)[1] <= sec.heading_end + 1


def _heading_line_end(doc: Document, starts: dict[int, Section], pos: int, end: int) -> int:
    """Where the line starting at ``pos`` ends if it holds only a section's heading
    (``pos`` otherwise), looking no further than ``end``."""
    sec = starts.get(pos)
    if sec is None:
        return pos
    nl = doc.text.find("\n", pos, end)
    line_end = end if nl == -1 else nl
    if strip_span(doc.text, sec.heading_end, line_end)[1] <= sec.heading_end + 1:
        return strip_span(doc.text, pos, line_end)[1]
    return pos


def check_markers(text: str, limit: int = MAX_MARKERS_PER_DOCUMENT) -> None:
    """``LoadError`` when ``text`` has more heading markers than ``limit`` (checked before
    the outline is parsed and the text chunked: both cost time per heading)."""
    n = count_markers(text)
    if n > limit:
        raise LoadError(
            f"编号标题过多（{n} 个，上限 {limit} 个），会被切成过多片段；"
            "这不像一份正常的文件，请检查内容或拆分成几个文件再导入"
        )


def check_chunk_count(n: int, limit: int = MAX_CHUNKS_PER_DOCUMENT) -> None:
    """``LoadError`` when a document became more than ``limit`` chunks."""
    if n > limit:
        raise LoadError(
            f"切分后片段过多（{n} 个，上限 {limit} 个），建立索引会很久；请拆分成几个文件再导入"
        )
