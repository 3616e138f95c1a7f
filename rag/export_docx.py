"""Answers as a Word document (.docx): the edge where an ``Answer`` becomes Word.

The document has a heading (the question, or 对话记录 for a whole conversation) and the
export date; each answer keeps its structure — a header per department and document,
the parts (一、（一）…) as headings and the items under them — and every citation is a
real Word footnote (the ``footnotes.xml`` part, which python-docx has no API for) naming
部门、《文件》、日期、位置 with the quoted text. Word, WPS and LibreOffice number the
footnotes and print them at the foot of the page.

The answer is read as data, never by parsing its Markdown: ``answer_blocks`` is the one
adapter from an ``Answer`` to the blocks written here. Until answers carry typed blocks
it derives them from the citations (department, document, section path, passage);
when ``Answer`` gets ``blocks`` (document header, outline items, quotations, term hits,
refusal, notes), only ``answer_blocks`` changes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import ExportError
from rag.types import Answer, Citation, Document

__all__ = [
    "Block",
    "ExportTurn",
    "answer_blocks",
    "citation_note",
    "date_label",
    "document_dates",
    "docx_bytes",
    "export_turn",
    "write_docx",
]

# Cap on what one export may write (answers are bounded already; this bounds a long
# conversation).
MAX_TURNS = 200
_SECTION_SEP = " > "

# Block kinds, in the words of the typed answer blocks they stand for.
HEADER = "header"  # 部门《文件》（日期）
PART = "part"  # an outline heading (一、… （一）…), level = depth
ITEM = "item"  # an outline item or a passage that starts with its own heading
QUOTE = "quote"  # a quoted passage
NOTE = "note"  # a sentence of the answer itself (refusal, 可能相关, a note)


@dataclass(frozen=True)
class Block:
    """One paragraph of an exported answer; ``cites`` are citation numbers (``Citation.n``)
    whose footnotes follow its text."""

    kind: str
    text: str
    level: int = 0
    cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExportTurn:
    """One question with its answer, ready to write: blocks plus the citations they name."""

    question: str
    blocks: tuple[Block, ...]
    citations: tuple[Citation, ...]
    # Date shown for each document (date, else year), by doc id.
    dates: Mapping[str, str]


def date_label(date: str | None, year: int | None) -> str:
    if date:
        return date
    return f"{year}年" if year else "日期不详"


def document_dates(documents: Sequence[Document]) -> dict[str, str]:
    """The date shown for each document: its date, else its year, else 日期不详."""
    return {d.doc_id: date_label(d.meta.date, d.meta.year) for d in documents}


def _path(c: Citation) -> list[str]:
    return [p for p in c.section.split(_SECTION_SEP) if p] if c.section else []


def _refusal_text(answer: Answer) -> str:
    """The answer's own first sentence (未在文档中找到…), without emphasis marks."""
    first = next((line for line in answer.answer.splitlines() if line.strip()), "")
    return first.replace("**", "").lstrip("#> ").strip() or "未在文档中找到确切答案。"


def _derived_blocks(answer: Answer, dates: Mapping[str, str]) -> list[Block]:
    """Blocks from today's ``Answer``: citations grouped by department and document in
    answer order; a citation's section path gives the parts above it; a passage that is
    itself an outline entry (starts with its heading) is an item, any other a quotation."""
    blocks: list[Block] = []
    if not answer.found:
        blocks.append(Block(NOTE, _refusal_text(answer)))
        if answer.citations:
            blocks.append(Block(NOTE, "可能相关："))
    group: tuple[str, str] | None = None
    shown: set[tuple[str, ...]] = set()
    for c in answer.citations:
        if (c.department, c.doc) != group:
            group = (c.department, c.doc)
            shown = set()
            when = dates.get(c.doc) or date_label(c.date, None)
            blocks.append(Block(HEADER, f"{c.department}《{c.title}》（{when}）"))
        path = _path(c)
        text = c.text.strip()
        own_heading = bool(path) and text.startswith(path[-1])
        parents = path[:-1] if own_heading else path
        for depth in range(1, len(parents) + 1):
            key = tuple(parents[:depth])
            if key not in shown:
                shown.add(key)
                blocks.append(Block(PART, parents[depth - 1], depth))
        if own_heading and text == path[-1]:
            shown.add(tuple(path))
            blocks.append(Block(PART, text, len(path), (c.n,)))
        elif own_heading:
            shown.add(tuple(path))
            blocks.append(Block(ITEM, text, len(path), (c.n,)))
        else:
            blocks.append(Block(QUOTE, text, len(path) + 1, (c.n,)))
    if answer.note:
        blocks.append(Block(NOTE, f"（{answer.note}）"))
    return blocks


def _typed_blocks(answer: Answer) -> list[Block]:
    """Blocks from the answer's typed blocks (``Answer.blocks``): headers stay headers, an
    outline item with items under it is a part (a heading), the others list items;
    quotations and term hits are quotations; refusals, notes and prose are paragraphs."""
    typed = answer.blocks
    out: list[Block] = []
    for i, b in enumerate(typed):
        nxt = typed[i + 1] if i + 1 < len(typed) else None
        if b.kind == "header":
            out.append(Block(HEADER, b.text, b.level, b.citations))
        elif b.kind == "item":
            has_children = nxt is not None and nxt.kind == "item" and nxt.level > b.level
            kind = PART if has_children else ITEM
            out.append(Block(kind, b.text, b.level + 1, b.citations))
        elif b.kind in ("quote", "term"):
            out.append(Block(QUOTE, b.text, b.level + 1, b.citations))
        else:
            out.append(Block(NOTE, b.text, b.level, b.citations))
    return out


def answer_blocks(answer: Answer, dates: Mapping[str, str] | None = None) -> tuple[Block, ...]:
    """The adapter from an ``Answer`` to export blocks: the one place that knows how an
    answer is structured — its typed blocks when it has them, else derived from its
    citations."""
    if getattr(answer, "blocks", ()):
        return tuple(_typed_blocks(answer))
    return tuple(_derived_blocks(answer, dates or {}))


def export_turn(answer: Answer, dates: Mapping[str, str] | None = None) -> ExportTurn:
    d = dict(dates or {})
    return ExportTurn(answer.question, answer_blocks(answer, d), answer.citations, d)


def citation_note(c: Citation, dates: Mapping[str, str]) -> str:
    """A footnote: 部门《文件》，日期，位置：“原文”."""
    where = c.section.replace(_SECTION_SEP, " — ") if c.section else "正文"
    when = dates.get(c.doc) or date_label(c.date, None)
    return f"{c.department}《{c.title}》，{when}，{where}（第 {c.start}–{c.end} 字）：“{c.text.strip()}”"


# --- Word -----------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{_W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
_BODY_FONT = "宋体"
_HEAD_FONT = "黑体"


class _Footnotes:
    """The document's footnotes part, created on first use; ``add(text)`` returns the id."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        self.root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package
        )
        document.part.relate_to(part, RT.FOOTNOTES)
        self.next_id = 1

    def add(self, text: str) -> int:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        fid = self.next_id
        self.next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(fid))
        p = OxmlElement("w:p")
        ref = OxmlElement("w:r")
        ref.append(_superscript())
        ref.append(OxmlElement("w:footnoteRef"))
        p.append(ref)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")
        rpr.append(size)
        run.append(rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = " " + _xml_safe(text)
        run.append(t)
        p.append(run)
        note.append(p)
        self.root.append(note)
        return fid


def _superscript() -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = OxmlElement("w:rPr")
    va = OxmlElement("w:vertAlign")
    va.set(qn("w:val"), "superscript")
    rpr.append(va)
    return rpr


def _footnote_ref(paragraph: Any, fid: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    run.append(_superscript())
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(fid))
    run.append(ref)
    paragraph._p.append(run)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold control characters other than tab/newline/CR (lxml refuses them)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _set_fonts(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name, font, size in (
        ("Normal", _BODY_FONT, 12),
        ("Title", _HEAD_FONT, 18),
        ("Heading 1", _HEAD_FONT, 15),
        ("Heading 2", _HEAD_FONT, 13),
        ("Heading 3", _HEAD_FONT, 12),
        ("Heading 4", _HEAD_FONT, 12),
    ):
        style = document.styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), font)


def _write_block(
    document: Any, notes: _Footnotes, block: Block, fids: dict[int, int], placed: set[int]
) -> None:
    from docx.shared import Pt

    if block.kind == HEADER:
        p = document.add_heading(_xml_safe(block.text), level=min(2 + block.level, 4))
    elif block.kind == PART:
        p = document.add_heading(_xml_safe(block.text), level=min(3 + block.level - 1, 4))
    elif block.kind == ITEM:
        p = document.add_paragraph(_xml_safe(block.text), style="List Bullet")
        p.paragraph_format.left_indent = Pt(12 + 12 * max(block.level - 1, 0))
    elif block.kind == QUOTE:
        p = document.add_paragraph(_xml_safe(block.text), style="Quote")
    else:
        p = document.add_paragraph(_xml_safe(block.text))
    for n in block.cites:
        if n in fids and n not in placed:  # one reference per footnote, at its first use
            placed.add(n)
            _footnote_ref(p, fids[n])


def _write_turn(document: Any, notes: _Footnotes, turn: ExportTurn, heading: bool) -> None:
    if heading:
        document.add_heading(_xml_safe(f"问：{turn.question}"), level=1)
    fids = {c.n: notes.add(citation_note(c, turn.dates)) for c in turn.citations}
    placed: set[int] = set()
    for block in turn.blocks:
        _write_block(document, notes, block, fids, placed)
    rest = [c for c in turn.citations if c.n not in placed]
    if rest:  # every citation gets its footnote, even one no block names
        p = document.add_paragraph("其他引用：")
        for c in rest:
            _footnote_ref(p, fids[c.n])


def docx_bytes(
    turns: Sequence[ExportTurn],
    exported: dt.datetime | None = None,
    title: str | None = None,
) -> bytes:
    """The .docx bytes for one answer (``title`` defaults to the question) or several
    (a conversation: 党建文档问答 · 对话记录, one section per question)."""
    if not turns:
        raise ExportError("没有可导出的回答：请先提问。")
    if len(turns) > MAX_TURNS:
        raise ExportError(f"一次最多导出 {MAX_TURNS} 个问答，请分次导出。")
    from docx import Document

    when = (exported or dt.datetime.now()).strftime("%Y年%m月%d日 %H:%M")
    document = Document()
    _set_fonts(document)
    single = len(turns) == 1
    head = title or (f"问：{turns[0].question}" if single else "党建文档问答 · 对话记录")
    document.add_heading(_xml_safe(head), level=0)
    document.add_paragraph(f"导出日期：{when}（党建文档问答，引用见脚注）")
    notes = _Footnotes(document)
    for turn in turns:
        _write_turn(document, notes, turn, heading=not single)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(
    path: Path,
    turns: Sequence[ExportTurn],
    exported: dt.datetime | None = None,
    write: Callable[[Path, bytes], None] | None = None,
) -> Path:
    """Write the .docx atomically (``ExportError`` if the file cannot be written)."""
    from rag.manage import write_atomic

    data = docx_bytes(turns, exported)
    try:
        (write or write_atomic)(Path(path), data)
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    return Path(path)
