"""Term-search results as an Excel workbook (.xlsx, openpyxl): one sheet with every
occurrence (the CSV's columns), one with the counts per department and document.

Cells are written as text, never as formulas: a context that starts with ``=``, ``+``,
``-`` or ``@`` stays the words it is (openpyxl would otherwise store ``=…`` as a formula).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.errors import ExportError
from rag.types import TermHit

__all__ = ["OCCURRENCE_HEADERS", "write_xlsx", "xlsx_bytes"]

OCCURRENCE_HEADERS = ("序号", "单位", "文档标题", "文档ID", "日期", "章节", "起", "止", "上下文")
COUNT_HEADERS = ("单位", "文档标题", "文档ID", "次数")
# Bound on the rows one export writes (Excel's own limit is 1 048 576).
MAX_ROWS = 100_000
_WIDTHS = {"单位": 18, "文档标题": 36, "文档ID": 28, "日期": 12, "章节": 36, "上下文": 80}


def _occurrence_row(i: int, h: TermHit) -> list[Any]:
    return [i, h.department, h.title, h.doc_id, h.date or "", h.section, h.start, h.end, h.context]


def _sheet(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([None] * len(row))
        for col, value in enumerate(row, 1):
            cell = ws.cell(row=ws.max_row, column=col)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "="
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 8)
    ws.freeze_panes = "A2"


def xlsx_bytes(term: str, hits: Sequence[TermHit]) -> bytes:
    if len(hits) > MAX_ROWS:
        raise ExportError(f"结果太多（{len(hits)} 处），一次最多导出 {MAX_ROWS} 处。")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "全部出处"
    _sheet(ws, OCCURRENCE_HEADERS, [_occurrence_row(i, h) for i, h in enumerate(hits, 1)])
    per_doc = Counter((h.department, h.title, h.doc_id) for h in hits)
    counts = [[d, t, i, n] for (d, t, i), n in per_doc.most_common()]
    _sheet(wb.create_sheet("按文档统计"), COUNT_HEADERS, counts)
    wb.properties.title = f"查找表述：{term}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(path: Path, term: str, hits: Sequence[TermHit]) -> Path:
    """Write the workbook atomically (``ExportError`` if it cannot be written)."""
    from rag.manage import write_atomic

    data = xlsx_bytes(term, hits)
    try:
        write_atomic(Path(path), data)
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    return Path(path)
