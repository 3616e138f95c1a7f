"""Read a PDF: the text layer where there is one, OCR for scanned pages, page by page.

Text layer (pypdf): a line whose characters all stand one space apart (pypdf's output
for many Chinese PDFs) loses those spaces, while a wider gap (two or more spaces) or a
space between Latin words stays one space; running headers and footers (the same first
or last lines on most pages, digits aside) and page numbers are taken out of the body
and recorded; wrapped lines are joined into paragraphs (``reflow_pages``).

Pages without a usable text layer (scans) are rendered (pypdfium2) and recognised by
``rag.ocr`` — only those pages. Every passage keeps its page: ``Extracted.pages``.

Bounds (``Limits``): pages, decoded content bytes (and their ratio to the file size)
before any page is extracted, wall time between pages, scanned pages and OCR time.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from rag.errors import LoadError
from rag.load_common import MB, Deadline, Extracted, Limits, Progress, brief

__all__ = ["normalize_spacing", "pdf_text", "reflow_pages", "reflow_with_pages", "strip_furniture"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_TERMINAL = re.compile(r"[。！？；：!?;:…][”’」』）)】》\"']*$")
_CONTINUATION = re.compile(r"^[，。、；：？！）》”’」』】,.;:?!)\]]")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.](?!\d)"
    r"|[（(]\s*[一二三四五六七八九十百]+\s*[）)]"
    r"|\d{1,3}(?:[、．]|\.(?!\d))"
    r"|[（(]\s*\d{1,3}\s*[）)]"
    r"|[一二三四五六七八九十]+[是要]"
    r"|第[一二三四五六七八九十百]+(?:[，,、：:]|[章节条部](?:分)?))"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‐·\s]*\d{1,3}[-—–－‐·\s]*"
    r"|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3}"
    r"|(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?)$"
)
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_INDENT = re.compile(r"^(?:[ \t\xa0]*\u3000[\u3000 \t\xa0]*|[ \t\xa0]{2,})(?=\S)")
_INDENTED_MAX_SHARE = 0.6  # if most lines are indented, indentation says nothing
_MIN_PAGE_CHARS = 10
_SHORT_LINE = 0.8  # a line under 80 % of a full line ends its paragraph
_FULL_SLACK = 3  # a wrapped line is at most this much (in half-widths) short of full


def _width(line: str) -> int:
    """Width in half-width units; East Asian ambiguous characters (“”—…) count as wide,
    as CJK fonts draw them."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in line)


class _Line(NamedTuple):
    text: str  # stripped
    indented: bool
    width: int  # including the indentation
    page: int = 0


def _page_lines(page: str, page_no: int = 0) -> list[_Line]:
    """A page's lines; a page number as the page's first or last line is dropped."""
    lines = [
        _Line(raw.strip(), bool(_INDENT.match(raw)), _width(raw.rstrip()), page_no)
        for raw in page.split("\n")
    ]
    filled = [i for i, line in enumerate(lines) if line.text]
    drop = {i for i in filled[:1] + filled[-1:] if _PAGE_NUMBER.match(lines[i].text)}
    return [line for i, line in enumerate(lines) if i not in drop]


def _joins(paragraph: list[_Line], nxt: str, full: int) -> bool:
    """Whether line ``nxt`` continues the paragraph whose lines so far are ``paragraph``.

    ``full`` is the width of a full line (0 if unknown: too few lines to tell).
    """
    prev = paragraph[-1]
    if _CONTINUATION.match(nxt):
        return True
    if _HEADING_START.match(nxt):
        return False
    is_full = bool(full) and prev.width >= full - _FULL_SLACK
    if _TERMINAL.search(prev.text):
        # A full line was wrapped by the margin even if it happens to end a sentence.
        return is_full
    if full and prev.width < _SHORT_LINE * full:
        return False
    # A heading (marker, no sentence end yet) that stops short of the margin is complete.
    text = "".join(line.text for line in paragraph)
    is_heading = bool(_HEADING_START.match(text)) and not _SENTENCE_END.search(text)
    return not (full and is_heading and not is_full)


def reflow_pages(pages: Sequence[str]) -> str:
    """Undo PDF line wrapping: one line per paragraph or heading, page numbers dropped.

    Lines are joined into paragraphs across pages. A line does not continue onto
    the next when the next is blank, is indented (where only some lines are, as
    ``　　`` opens a paragraph in official documents), starts with a heading marker
    (``一、`` ``（一）`` ``1.`` ``（1）`` ``一是`` ``第一，``), when it ends a sentence
    (``。！？；：`` …) and is not a full line, when it is clearly shorter than a
    full line, or when it ends a heading short of the margin. A next line that
    starts with closing punctuation (``，。”``) always continues.
    """
    return reflow_with_pages(pages)[0]


def reflow_with_pages(pages: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """``reflow_pages`` and the offset in its result where each page's text begins
    (a page without text begins where the next text does)."""
    lines = [line for no, page in enumerate(pages) for line in _page_lines(page, no)]
    filled = [line for line in lines if line.text]
    widths = sorted(line.width for line in filled)
    full = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 3 else 0
    full = full if full >= 20 else 0
    indents = sum(line.indented for line in filled)
    use_indent = 0 < indents < _INDENTED_MAX_SHARE * len(filled)
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            paragraphs.append(list(current))
            current.clear()

    for line in lines:
        if not line.text:
            flush()
        elif current and not (use_indent and line.indented) and _joins(current, line.text, full):
            current.append(line)
        else:
            flush()
            current.append(line)
    flush()
    out: list[str] = []
    starts: dict[int, int] = {}
    pos = 0
    for i, para in enumerate(paragraphs):
        if i:
            out.append("\n")
            pos += 1
        prev = ""
        for line in para:
            if prev and _latin_pair(prev[-1], line.text[0]):
                out.append(" ")
                pos += 1
            starts.setdefault(line.page, pos)
            out.append(line.text)
            pos += len(line.text)
            prev = line.text
    text = "".join(out)
    page_starts: list[int] = []
    nxt = len(text)
    for no in range(len(pages) - 1, -1, -1):
        nxt = starts.get(no, nxt)
        page_starts.append(nxt)
    page_starts.reverse()
    return text, tuple(page_starts)


def _latin_pair(a: str, b: str) -> bool:
    """A space goes between wrapped lines only between two Latin words or numbers."""
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


# --- letter-spaced lines ----------------------------------------------------------------

_SPACED_MIN = 3  # wide-space-wide triples a line needs before it counts as letter-spaced


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def normalize_spacing(line: str) -> str:
    """Undo letter spacing: in a line where most neighbouring wide characters stand one
    space apart (``中 国 共 产 党``), single spaces next to a wide character go; a wider gap
    (two or more spaces) stays as one space, and so does a space between Latin words.
    Leading indentation is kept. A line that is not letter-spaced comes back unchanged."""
    body = line.lstrip(" \t\u3000\xa0")
    lead = line[: len(line) - len(body)]
    spaced = tight = 0
    for i, ch in enumerate(body[:-1]):
        if not _is_wide(ch):
            continue
        nxt = body[i + 1]
        if _is_wide(nxt):
            tight += 1
        elif nxt == " " and i + 2 < len(body) and _is_wide(body[i + 2]):
            spaced += 1
    if spaced < _SPACED_MIN or spaced <= 2 * tight:
        return line

    def gap(m: re.Match[str]) -> str:
        s, a, b = m.group(0), m.start(), m.end()
        if len(s) >= 2:
            return " "
        left = body[a - 1] if a else ""
        right = body[b] if b < len(body) else ""
        return "" if _is_wide(left) or _is_wide(right) else " "

    return lead + re.sub(r" +", gap, body)


# --- running headers and footers --------------------------------------------------------

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
_FURNITURE_SHARE = 0.5
_FURNITURE_MAX_CHARS = 40


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", "".join(line.split()))


def strip_furniture(pages: list[str]) -> tuple[list[str], list[tuple[int, str, str]]]:
    """Pages without their running headers/footers and edge page numbers, and what was
    taken: (page index, line, reason)."""
    edges: list[list[tuple[int, str]]] = []
    for page in pages:
        lines = page.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        chosen = filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]
        edges.append([(i, lines[i]) for i in dict.fromkeys(chosen)])
    counts: Counter[str] = Counter()
    for edge in edges:
        counts.update({_furniture_key(text) for _, text in edge})
    need = max(3, int(_FURNITURE_SHARE * len(pages) + 0.999))
    # A running header is short and is not a sentence (a body line ending in 。 that
    # recurs with other numbers on many pages stays body).
    repeated = {
        k
        for k, n in counts.items()
        if n >= need and k and len(k) <= _FURNITURE_MAX_CHARS and not _SENTENCE_END.search(k[-1])
    }
    out: list[str] = []
    taken: list[tuple[int, str, str]] = []
    for no, (page, edge) in enumerate(zip(pages, edges, strict=True)):
        lines = page.split("\n")
        drop: set[int] = set()
        for i, text in edge:
            stripped = text.strip()
            if _furniture_key(text) in repeated:
                drop.add(i)
                reason = "页码" if _PAGE_NUMBER.match(stripped) else "页眉页脚"
                taken.append((no, stripped, reason))
        filled = [i for i, line in enumerate(lines) if line.strip() and i not in drop]
        for i in filled[:1] + filled[-1:]:
            if _PAGE_NUMBER.match(lines[i].strip()):
                drop.add(i)
                taken.append((no, lines[i].strip(), "页码"))
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out, taken


# --- two-column pages -------------------------------------------------------------------

_GUTTER = 0.25  # a gap between text pieces on one line wider than this share of the page
_TWO_COLUMN_ROWS = 0.5  # share of a page's lines that must show the same gutter
_MIN_ROWS = 6
_MIN_COLUMN_CHARS = 10  # median characters a line of a prose column has


class _Op(NamedTuple):
    x: float
    y: float
    text: str
    size: float


def _collector(ops: list[_Op]) -> Any:
    """A pypdf ``visitor_text`` that records where each piece of text is drawn."""

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[0] * cm[0]) or 1.0
        values = (float(x), float(y), float(size) * scale)
        if all(math.isfinite(v) and abs(v) < 1e7 for v in values):
            ops.append(_Op(values[0], values[1], text, values[2]))

    return visit


def _two_columns(ops: Sequence[_Op], width: float) -> str | None:
    """The page's text column by column when it is set in two columns (most lines show a
    gap wider than a quarter of the page at the same place), else None.

    pypdf reads text in the order it is drawn; a page drawn line by line across both
    columns then reads as the two columns interleaved. Here each piece goes to the column
    on its side of the gutter, lines by height, pieces of a line left to right."""
    if len(ops) < _MIN_ROWS or width <= 0:
        return None
    size = sorted(op.size for op in ops)[len(ops) // 2] or 10.0
    rows: dict[int, list[_Op]] = {}
    for op in ops:
        rows.setdefault(round(op.y / (0.5 * size)), []).append(op)
    gutters: list[float] = []
    for row in rows.values():
        xs = sorted(op.x for op in row)
        gaps = [(b - a, (a + b) / 2) for a, b in itertools.pairwise(xs)]
        wide = [mid for gap, mid in gaps if gap > _GUTTER * width]
        if len(wide) == 1:
            gutters.append(wide[0])
    if len(gutters) < max(_MIN_ROWS, _TWO_COLUMN_ROWS * len(rows)):
        return None
    gutters.sort()
    cut = gutters[len(gutters) // 2]
    # the right column starts at the leftmost piece right of the cut
    right_start = min((op.x for op in ops if op.x > cut), default=cut)
    left_max = max((op.x for op in ops if op.x < cut), default=0.0)
    cut = (left_max + right_start) / 2 if left_max < right_start else cut
    columns: list[str] = []
    for side in (False, True):
        pieces = [op for op in ops if (op.x >= cut) == side]
        if not pieces:
            continue
        # prose columns: most lines carry many characters (a two-column table's label
        # column does not, and its rows stay rows)
        per_line: dict[int, int] = {}
        for op in pieces:
            key = round(op.y / (0.5 * size))
            per_line[key] = per_line.get(key, 0) + len(op.text.strip())
        counts = sorted(per_line.values())
        if counts[len(counts) // 2] < _MIN_COLUMN_CHARS:
            return None
        margin = min(op.x for op in pieces)
        lines: dict[int, list[_Op]] = {}
        for op in pieces:
            lines.setdefault(round(op.y / (0.5 * size)), []).append(op)
        out = []
        for key in sorted(lines, reverse=True):  # PDF y grows upwards
            line = sorted(lines[key], key=lambda op: op.x)
            text = "".join(op.text for op in line).rstrip("\n")
            indent = line[0].x - margin > 1.5 * size and not text.startswith("\u3000")
            out.append(("\u3000\u3000" if indent else "") + text)
        columns.append("\n".join(out))
    return "\n".join(columns)


# --- reading ----------------------------------------------------------------------------


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    # pypdf raises many exception types on malformed files; all mean "cannot be read".
    except Exception as exc:
        raise LoadError(f"PDF 文件已损坏：{brief(exc)}") from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise LoadError(
                "PDF 已加密，无法读取（本机缺少解密组件）；请先在 PDF 阅读器中另存为未加密的 PDF"
            ) from exc
        except Exception as exc:
            raise LoadError(f"PDF 已加密，无法解密：{brief(exc)}") from exc
        if not opened:
            raise LoadError("PDF 已加密（需要打开密码）；请先去掉密码再导入")
    return reader


def _check_cost(reader: Any, size: int, limits: Limits) -> list[Any]:
    """The pages, once their number and decoded content are known to be within bounds."""
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise LoadError(f"PDF 文件已损坏（页面目录无法解析）：{brief(exc)}") from exc
    if not pages:
        raise LoadError("PDF 没有页面")
    if len(pages) > limits.max_pages:
        raise LoadError(
            f"PDF 页数过多（{len(pages)} 页，上限 {limits.max_pages} 页），请拆分后再导入"
        )
    total = 0
    budget = min(limits.max_content_bytes, max(MB, limits.max_content_ratio * size))
    for no, page in enumerate(pages, 1):
        try:
            contents = page.get_contents()
            total += len(contents.get_data()) if contents is not None else 0
        except Exception as exc:
            raise LoadError(f"PDF 文件已损坏（第 {no} 页的内容无法解码）：{brief(exc)}") from exc
        if total > budget:
            raise LoadError(
                f"PDF 内容异常：到第 {no} 页，页面描述解压后已超过 {budget / MB:.0f} MB"
                f"（文件只有 {size / 1024:.0f} KB），读取代价过大，拒绝读取"
            )
    return pages


def _has_xobjects(page: Any) -> bool:
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if resources is not None else None
        return bool(xobjects is not None and len(xobjects.get_object()) > 0)
    except Exception:  # a damaged resource dictionary only means "no images known"
        return False


def _readable(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x21 <= cp < 0x7F
        or 0x3000 <= cp < 0x3040  # CJK punctuation
        or 0x4E00 <= cp < 0xA000  # CJK ideographs
        or 0xFF00 <= cp < 0xFFF0  # full-width forms
        or 0x2010 <= cp < 0x2070  # general punctuation
    )


def _usable(text: str) -> bool:
    """A text layer worth keeping: enough characters, most of them readable (a font without
    a Unicode map gives private-use or replacement characters; such a page is scanned)."""
    chars = "".join(text.split())
    if len(chars) < _MIN_PAGE_CHARS:
        return False
    return sum(map(_readable, chars)) >= 0.6 * len(chars)


def _nonspace(text: str) -> int:
    return len("".join(text.split()))


def pdf_text(data: bytes, limits: Limits, progress: Progress | None = None) -> Extracted:
    """The PDF's text with page starts; scanned pages are recognised by OCR."""
    reader = _open(data)
    pages = _check_cost(reader, len(data), limits)
    deadline = Deadline(limits.max_seconds, "读取 PDF 文本层")
    texts: list[str] = []
    scans: list[int] = []
    for no, page in enumerate(pages):
        deadline.check(f"第 {no + 1} 页")
        ops: list[_Op] = []
        try:
            raw = page.extract_text(visitor_text=_collector(ops)) or ""
            width = float(page.mediabox.width)
        except Exception as exc:
            raise LoadError(f"PDF 文件已损坏（第 {no + 1} 页无法解析）：{brief(exc)}") from exc
        raw = _two_columns(ops, width) or raw
        raw = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
        text = "\n".join(normalize_spacing(line) for line in raw.split("\n"))
        if not _usable(text) and _has_xobjects(page):
            scans.append(no)
        texts.append(text)
    if scans:
        from rag.ocr import ocr_pdf_pages

        for no, text in ocr_pdf_pages(data, scans, limits, progress).items():
            texts[no] = text
    if sum(map(_nonspace, texts)) == 0:
        raise LoadError("PDF 没有可读的文字（没有文本层，OCR 也没有识别出文字）")
    bodies, taken = strip_furniture(texts)
    text, starts = reflow_with_pages(bodies)
    furniture = tuple((starts[no], line, reason) for no, line, reason in taken)
    return Extracted(
        text=text,
        pages=starts,
        furniture=furniture,
        ocr_pages=tuple(no + 1 for no in scans),
    )
