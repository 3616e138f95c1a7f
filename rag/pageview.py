"""The page of the original file a passage stands on, as an image with the passage marked
(``在原文中查看`` for PDF and OFD documents).

- PDF pages are rendered by PDFium (pypdfium2); the passage is found among the page's
  characters (PDFium's text layer, spaces ignored) and their boxes are marked. A scanned
  page has no text layer: its OCR boxes (``rag.ocr``) locate the passage instead.
- OFD pages are drawn from the package's own glyph positions (``rag.load_ofd``), in a CJK
  font when the machine has one, with the passage's glyphs marked.

A passage that runs onto the next page is marked as far as it goes on its first page.
Rendering is bounded: one page, at ``VIEW_DPI``; results are cached per file and passage.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.errors import LoadError
from rag.load_common import DEFAULT_LIMITS
from rag.types import Document

__all__ = ["VIEW_DPI", "find_passage", "page_view_html", "render_page", "source_path"]

VIEW_DPI = 110
_MIN_MATCH = 6  # characters of the passage that must be found on the page to mark it
_MARK = (255, 214, 0, 110)
_CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

Box = tuple[float, float, float, float]  # left, top, right, bottom in image pixels


def source_path(corpus_dir: Path, doc: Document) -> Path | None:
    """The PDF or OFD file of ``corpus_dir`` that ``doc`` was read from, if it has pages."""
    if not doc.pages:
        return None
    corpus_dir = Path(corpus_dir)
    own = corpus_dir / doc.meta.file if doc.meta.file else None  # the file it was read from
    if own is not None and own.name == doc.meta.file and own.is_file():
        return own
    names = [doc.meta.source_file, doc.doc_id]
    try:
        files = sorted(p for p in corpus_dir.iterdir() if p.is_file())
    except OSError:
        return None
    for path in files:
        named = path.name in names or path.stem == doc.doc_id
        if named and path.suffix.lower() in (".pdf", ".ofd"):
            return path
    return None


def find_passage(chars: Sequence[str], passage: str) -> list[int]:
    """Indices into ``chars`` (a page's characters in reading order) of ``passage``,
    whitespace ignored: the whole passage, else its longest beginning found on the page
    (it continues on the next page), else its longest ending (it began on the previous)."""
    keep = [i for i, ch in enumerate(chars) if not ch.isspace()]
    page = "".join(chars[i] for i in keep)
    want = "".join(passage.split())
    if not want or not page:
        return []
    at = page.find(want)
    if at >= 0:
        return keep[at : at + len(want)]
    for n in range(len(want) - 1, _MIN_MATCH - 1, -1):
        at = page.find(want[:n])
        if at >= 0:  # it begins here and runs onto the next page (or misread past here)
            return keep[at : at + n]
        if page.startswith(want[-n:]):  # it began on the previous page
            return keep[:n]
    return []


def _merge(boxes: Sequence[Box]) -> list[Box]:
    """Character boxes joined into one rectangle per line."""
    lines: list[list[float]] = []
    for left, top, right, bottom in sorted(boxes, key=lambda b: (round(b[1]), b[0])):
        if lines and abs(lines[-1][1] - top) < 0.5 * (bottom - top) and left >= lines[-1][0]:
            line = lines[-1]
            line[2] = max(line[2], right)
            line[3] = max(line[3], bottom)
            line[1] = min(line[1], top)
        else:
            lines.append([left, top, right, bottom])
    return [(a, b, c, d) for a, b, c, d in lines]


def _mark(image: Any, boxes: Sequence[Box]) -> Any:
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in _merge(boxes):
        draw.rectangle(
            (left - 2, top - 2, right + 2, bottom + 2), fill=_MARK, outline=(230, 120, 0)
        )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _pdf_page(data: bytes, page_no: int, passage: str) -> tuple[Any, bool]:
    import pypdfium2 as pdfium

    from rag.ocr import ENGINE_LOCK, RENDER_DPI

    scale = VIEW_DPI / 72
    with ENGINE_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            if not 0 <= page_no < len(pdf):
                raise LoadError(f"PDF 没有第 {page_no + 1} 页")
            page = pdf[page_no]
            height = page.get_size()[1]
            image = page.render(scale=scale).to_pil().convert("RGB")
            text = page.get_textpage()
            n = text.count_chars()
            chars = [text.get_text_range(i, 1) or " " for i in range(n)]
            boxes: list[Box] = []
            for i in find_passage(chars, passage):
                left, bottom, right, top = text.get_charbox(i)
                boxes.append(
                    (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
                )
            text.close()
            page.close()
        finally:
            pdf.close()
    if not boxes and sum(not c.isspace() for c in chars) < 10:
        # a scanned page: locate the passage among its OCR boxes (found in a child process)
        k = VIEW_DPI / RENDER_DPI
        glyph_boxes: list[Box] = []
        ocr_chars: list[str] = []
        for box in _ocr_boxes(data, page_no):
            step = (box.x1 - box.x0) / max(1, len(box.text))
            for i, ch in enumerate(box.text):
                ocr_chars.append(ch)
                left = box.x0 + i * step
                glyph_boxes.append((left * k, box.y0 * k, (left + step) * k, box.y1 * k))
            ocr_chars.append("\n")
            glyph_boxes.append((0, 0, 0, 0))
        boxes = [glyph_boxes[i] for i in find_passage(ocr_chars, passage)]
    return (_mark(image, boxes) if boxes else image), bool(boxes)


_OCR_CACHE: dict[tuple[str, int], list[Any]] = {}
_OCR_CACHE_SIZE = 8


def _ocr_boxes(data: bytes, page_no: int) -> list[Any]:
    """OCR boxes of a scanned page, kept for the last few pages (another passage of the
    same page needs no second recognition)."""
    from rag.ocr import ocr_pdf_boxes

    key = (hashlib.sha256(data).hexdigest(), page_no)
    if key not in _OCR_CACHE:
        while len(_OCR_CACHE) >= _OCR_CACHE_SIZE:
            _OCR_CACHE.pop(next(iter(_OCR_CACHE)))
        _OCR_CACHE[key] = ocr_pdf_boxes(data, page_no)
    return _OCR_CACHE[key]


def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in _CJK_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, max(6, size))
    return ImageFont.load_default()


def _ofd_page(data: bytes, page_no: int, passage: str) -> tuple[Any, bool]:
    from PIL import Image, ImageDraw

    from rag.load_ofd import ofd_pages, page_lines

    pages = ofd_pages(data, DEFAULT_LIMITS)
    if not 0 <= page_no < len(pages):
        raise LoadError(f"OFD 没有第 {page_no + 1} 页")
    page = pages[page_no]
    px = VIEW_DPI / 25.4
    image = Image.new("RGB", (round(page.width * px), round(page.height * px)), "white")
    glyphs = [g for line in page_lines(page) for g in [*line, None]]
    chars = [g.ch if g is not None else "\n" for g in glyphs]
    marked = find_passage(chars, passage)
    boxes: list[Box] = []
    for i in marked:
        g = glyphs[i]
        if g is not None:
            boxes.append((g.x * px, (g.y - g.size) * px, (g.x + g.size) * px, g.y * px))
    if boxes:
        image = _mark(image, boxes)
    draw = ImageDraw.Draw(image)
    fonts: dict[int, Any] = {}
    for g in page.glyphs:
        size = round(g.size * px)
        font = fonts.setdefault(size, _font(size))
        draw.text((g.x * px, (g.y - g.size * 0.9) * px), g.ch, font=font, fill=(0, 0, 0))
    return image, bool(boxes)


@functools.lru_cache(maxsize=16)
def _render_cached(path: str, mtime: float, page_no: int, passage: str) -> tuple[bytes, bool]:
    data = Path(path).read_bytes()
    suffix = Path(path).suffix.lower()
    image, found = (_ofd_page if suffix == ".ofd" else _pdf_page)(data, page_no, passage)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), found


def render_page(path: Path, page: int, passage: str) -> tuple[bytes, bool]:
    """PNG of 1-based ``page`` of the PDF/OFD at ``path`` and whether the passage was marked."""
    path = Path(path)
    return _render_cached(str(path), path.stat().st_mtime, page - 1, passage)


def page_view_html(corpus_dir: Path, doc: Document, span: tuple[int, int] | None) -> str:
    """The page image of ``doc.text[span]`` with the passage marked, or ``""`` when the
    document has no pages (or no span is shown)."""
    if span is None or not doc.pages:
        return ""
    page = doc.page_at(span[0]) or 1
    path = source_path(corpus_dir, doc)
    if path is None:
        return (
            f'<div class="page-view missing">第 {page} 页（原文件不在文档库中，无法显示页面）</div>'
        )
    try:
        png, found = render_page(path, page, doc.text[span[0] : span[1]])
    # Rendering a damaged or changed file must not break the text view next to it.
    except Exception as exc:
        reason = str(exc) if isinstance(exc, LoadError) else "页面无法渲染"
        return f'<div class="page-view missing">第 {page} 页：{html.escape(reason)}</div>'
    note = "黄色标出引用的段落" if found else "未能在页面上定位该段落"
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="page-view" data-page="{page}">'
        f"<figcaption>原文第 {page} 页（{note}）</figcaption>"
        f'<img alt="原文第 {page} 页" src="{src}" style="max-width:100%;border:1px solid #ccc"/>'
        "</figure>"
    )
