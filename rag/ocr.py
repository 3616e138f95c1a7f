"""OCR for scanned PDF pages, with models that ship inside a PyPI package.

The engine is ``rapidocr-onnxruntime`` 1.4.x: its wheel carries the PP-OCRv4 detection
and recognition ONNX models (``site-packages/rapidocr_onnxruntime/models``), so nothing
is downloaded at run time. Pages are rendered with pypdfium2 at ``RENDER_DPI``.

A file's scanned pages are recognised in a child process (``python -m rag.ocr``): the
detector needs ~0.5 GB while it runs, which the server process then never holds, and
the time bound is hard — the child is killed when the file's OCR time is up, even in
the middle of a page. Pages stream back one by one, so progress is reported as they come.

Reading order survives red seals and stamps: red-dominated pixels are turned white
before recognition (a seal over the text otherwise splits or garbles the line under it),
boxes under ``MIN_SCORE`` are dropped, and the remaining boxes are grouped into lines by
their vertical centres and read left to right. A line that starts clearly right of the
page's left margin is written with the ``　　`` indentation that opens a paragraph, so
that ``reflow_pages`` can rebuild paragraphs as it does for a text layer.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from rag.errors import LoadError
from rag.load_common import Limits, Progress

__all__ = [
    "RENDER_DPI",
    "OcrBox",
    "ocr_image",
    "ocr_pdf_boxes",
    "ocr_pdf_pages",
    "render_pdf_page",
    "to_lines",
]

RENDER_DPI = 120
MIN_SCORE = 0.5
_RED_MARGIN = 50  # red minus the larger of green and blue, in 0..255
_INDENT_CHARS = 1.5  # a line this many character widths right of the margin is indented

ENGINE_LOCK = threading.Lock()  # one caller at a time in the OCR engine and in pdfium
_engine: Any = None
_INSTALL = (
    "识别扫描件需要 OCR 组件：请运行 make setup（或 pip install rapidocr-onnxruntime==1.4.4）"
)


@dataclass(frozen=True)
class OcrBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise LoadError(_INSTALL) from exc
        _engine = RapidOCR(use_cls=False)
    return _engine


def drop_red(image: Any) -> Any:
    """The image (RGB numpy array) with red-dominated pixels (seals, stamps) made white."""
    import numpy as np

    arr = np.asarray(image).astype(np.int16)
    red = (arr[..., 0] - np.maximum(arr[..., 1], arr[..., 2])) > _RED_MARGIN
    out = arr.copy()
    out[red] = 255
    return out.astype(np.uint8)


def ocr_image(image: Any) -> list[OcrBox]:
    """Text boxes of an RGB image (numpy array or PIL image), seals removed first."""
    import numpy as np

    arr = drop_red(np.asarray(image.convert("RGB") if hasattr(image, "convert") else image))
    with ENGINE_LOCK:
        result, _ = _get_engine()(arr, use_cls=False)
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if float(score) >= MIN_SCORE and str(text).strip():
            boxes.append(OcrBox(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return boxes


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def to_lines(boxes: Sequence[OcrBox]) -> str:
    """Boxes grouped into lines (top to bottom, each left to right), indentation kept."""
    if not boxes:
        return ""
    height = median(b.y1 - b.y0 for b in boxes)
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        centre = (box.y0 + box.y1) / 2
        if rows:
            last = rows[-1]
            last_centre = sum((b.y0 + b.y1) / 2 for b in last) / len(last)
            if abs(centre - last_centre) < 0.5 * height:
                last.append(box)
                continue
        rows.append([box])
    margin = min(min(b.x0 for b in row) for row in rows)
    out = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        text = ""
        for box in row:
            text = _join(text, box.text.strip())
        indent = row[0].x0 - margin >= _INDENT_CHARS * height
        out.append(("\u3000\u3000" if indent else "") + text)
    return "\n".join(out)


def render_pdf_page(data: bytes, page_no: int, dpi: int = RENDER_DPI) -> Any:
    """Page ``page_no`` (0-based) of a PDF as a PIL image."""
    import pypdfium2 as pdfium

    with ENGINE_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[page_no]
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
        finally:
            pdf.close()
    return image.convert("RGB")


def ocr_pdf_pages(
    data: bytes, pages: Sequence[int], limits: Limits, progress: Progress | None = None
) -> dict[int, str]:
    """Text of the scanned ``pages`` (0-based) of a PDF, recognised in a child process."""
    if len(pages) > limits.ocr_max_pages:
        raise LoadError(
            f"扫描页过多（{len(pages)} 页需要 OCR，上限 {limits.ocr_max_pages} 页），请拆分后再导入"
        )
    boxes = _run_worker(data, pages, limits.ocr_max_seconds, progress)
    return {no: to_lines(found) for no, found in boxes.items()}


def ocr_pdf_boxes(data: bytes, page: int, seconds: float = 120.0) -> list[OcrBox]:
    """The OCR boxes of one page (0-based), in pixels at ``RENDER_DPI``."""
    return _run_worker(data, [page], seconds, None)[page]


def _run_worker(
    data: bytes, pages: Sequence[int], seconds: float, progress: Progress | None
) -> dict[int, list[OcrBox]]:
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        raise LoadError(_INSTALL)
    deadline = time.monotonic() + seconds
    out: dict[int, list[OcrBox]] = {}
    err = ""
    code = 0
    with tempfile.TemporaryDirectory(prefix="rag-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        path = os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH", "")) if p)
        env = dict(os.environ, PYTHONPATH=path)
        cmd = [sys.executable, "-m", "rag.ocr", str(pdf), ",".join(map(str, pages))]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp
        )
        killer = threading.Timer(max(0.0, deadline - time.monotonic()), proc.kill)
        killer.start()
        try:
            if progress is not None:
                progress(0, len(pages))
            for line in proc.stdout or ():
                item = json.loads(line)
                out[int(item["page"])] = [OcrBox(*b) for b in item["boxes"]]
                if progress is not None:
                    progress(len(out), len(pages))
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            code = proc.wait()
        finally:
            killer.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if len(out) < len(pages):
        if time.monotonic() >= deadline:
            raise LoadError(
                f"OCR 识别扫描页耗时超过 {seconds:.0f} 秒（完成 {len(out)}/{len(pages)} 页），"
                "请拆分后再导入"
            )
        last = err.strip().splitlines()[-1:] or [f"退出码 {code}"]
        if "LoadError:" in last[0]:
            raise LoadError(last[0].split("LoadError:", 1)[1].strip())
        raise LoadError(f"OCR 识别失败：{last[0][:160]}")
    return out


def _worker(pdf: str, pages: str) -> None:
    """Child process: recognise each page, write ``{"page", "boxes"}`` lines to stdout."""
    data = Path(pdf).read_bytes()
    for no in (int(p) for p in pages.split(",") if p):
        try:
            image = render_pdf_page(data, no)
        except Exception as exc:
            raise LoadError(f"PDF 第 {no + 1} 页无法渲染：{exc}") from exc
        boxes = [[b.text, b.x0, b.y0, b.x1, b.y1, b.score] for b in ocr_image(image)]
        sys.stdout.write(json.dumps({"page": no, "boxes": boxes}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


_ROOT = str(Path(__file__).resolve().parent.parent)

if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2])
