"""Read Word 97-2003 ``.doc`` and Kingsoft WPS Writer ``.wps`` (both OLE2 binary Word
documents) with antiword, the maintained Debian reader (``apt-get install antiword``).

antiword writes each paragraph as one line (``-w 0``: no wrapping) and tables as
``|``-separated rows; rows become lines as in ``.docx`` (``列名：值；…`` under a header
row). Headers, footers and deleted revisions are not part of its output. List numbers that
Word generates (rather than typed text) are not recovered by antiword; headings typed as
text (``一、`` ``（一）``…) are, as in every other format.
"""

from __future__ import annotations

import shutil
import subprocess

from rag.errors import LoadError
from rag.load_common import CharBudget, Extracted, Limits
from rag.load_docx import table_rows

__all__ = ["ANTIWORD_MISSING", "doc_text"]

ANTIWORD_MISSING = (
    "读取 .doc/.wps 需要 antiword：请运行 make setup（或 apt-get install antiword），"
    "也可以在 Word/WPS 中另存为 .docx 再导入"
)


def doc_text(data: bytes, limits: Limits) -> Extracted:
    exe = shutil.which("antiword")
    if exe is None:
        raise LoadError(ANTIWORD_MISSING)
    try:
        proc = subprocess.run(
            [exe, "-w", "0", "-m", "UTF-8.txt", "-"],
            input=data,
            capture_output=True,
            timeout=limits.max_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LoadError(
            f"读取 .doc/.wps 耗时超过 {limits.max_seconds:.0f} 秒，文件过于复杂或已损坏"
        ) from exc
    # antiword writes at most a few bytes per character of the document; 4 bytes a
    # character is UTF-8's maximum.
    if len(proc.stdout) > 4 * limits.max_chars + 4096:
        raise LoadError(f"正文过长（超过 {limits.max_chars} 字），请拆分成几个文件再导入")
    if proc.returncode != 0 or not proc.stdout.strip():
        stderr = proc.stderr.decode("utf-8", "replace").lower()
        if "encrypt" in stderr or "password" in stderr:
            raise LoadError("Word 文档已加密（需要打开密码）；请先去掉密码再导入")
        what = "不是 Word 文档（可能是 Excel/PowerPoint 等其他 Office 文件）或已损坏"
        if "is not a word document" not in stderr:
            what = "文件已损坏或是不支持的版本"
        raise LoadError(f"旧版 Word/WPS 文件无法读取：{what}；可在 Word/WPS 中另存为 .docx 再导入")
    text = proc.stdout.decode("utf-8", "replace")
    budget = CharBudget(limits.max_chars)
    lines: list[str] = []
    table: list[list[str]] = []

    def flush_table() -> None:
        if table:
            lines.extend(table_rows(table))
            table.clear()

    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            table.append([cell.strip() for cell in line[1:-1].split("|")])
            continue
        flush_table()
        if line.strip():
            budget.take(len(line) + 1)
            lines.append(line.strip("\x0c"))
    flush_table()
    return Extracted(text="\n".join(lines))
