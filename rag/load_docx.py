"""Read a WordprocessingML package (``.docx``) into text, streaming and bounded.

The main document part is parsed element by element (``lxml.iterparse``), so a small
zip whose XML inflates to gigabytes is refused as soon as the character limit is passed,
not after it is all in memory. What is read:

- body paragraphs in order, with the list number Word shows (``numbering.xml``,
  styles' ``numPr``), text boxes after their paragraph;
- tables one row a line; when the first row is a header (short labels), each later
  row is written ``列名：值；列名：值`` (merged cells kept on the grid, ``_docx_table``);
- tracked changes resolved to the final text: ``w:ins``/``w:moveTo`` kept,
  ``w:del``/``w:moveFrom`` dropped;
- footnotes and endnotes after the body;
- headers and footers are page furniture: recorded, not body.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

from rag.errors import LoadError
from rag.load_common import MB, CharBudget, Deadline, Extracted, Limits, brief, wide

__all__ = ["DOCX_MAX_UNPACKED_BYTES", "NUMBERED_TEXT", "docx_text", "format_number", "table_rows"]

DOCX_MAX_UNPACKED_BYTES = 200 * MB
_MAX_ZIP_MEMBERS = 10_000
# XML one body block (a paragraph, a whole table) may take: a real table of 1 000 rows is
# a few MB; the parsed subtree costs several times its XML in memory until the block ends.
_MAX_BLOCK_BYTES = 48 * MB
_MAX_SIDE_PART_BYTES = 16 * MB  # a header, footer or notes part
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not shown (deleted revisions, properties, field codes) or is
# shown elsewhere (mc:Fallback repeats mc:Choice).
_DOCX_SKIP = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "del",
        _W + "moveFrom",
        _W + "sectPr",
        _W + "instrText",
        _W + "delText",
        _W + "fldData",
        _W + "footnoteReference",
        _W + "endnoteReference",
        _W + "commentReference",
        _MC + "Fallback",
    }
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def docx_text(data: bytes, limits: Limits) -> Extracted:
    """Text of a ``.docx``; ``LoadError`` if damaged, a zip bomb or over the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise LoadError(
            "docx 文件已损坏：不是有效的 zip 压缩包（可能下载不完整，或是改了扩展名的其他文件）"
        ) from exc
    with zf:
        unpacked = sum(info.file_size for info in infos)
        if unpacked > DOCX_MAX_UNPACKED_BYTES or len(infos) > _MAX_ZIP_MEMBERS:
            raise LoadError(
                f"docx 文件异常：解压后 {unpacked / MB:.0f} MB、{len(infos)} 个部件"
                f"（上限 {DOCX_MAX_UNPACKED_BYTES / MB:.0f} MB），可能是压缩炸弹，拒绝读取"
            )
        names = {info.filename for info in infos}
        try:
            return _read_package(zf, names, limits)
        except LoadError:
            raise
        # zipfile, zlib and lxml raise many types on damaged or lying members; whatever
        # it is, the file cannot be read and the person needs to know why.
        except Exception as exc:
            raise LoadError(f"docx 文件已损坏：{brief(exc)}") from exc


def _rels(zf: zipfile.ZipFile, names: set[str], part: str) -> list[tuple[str, str]]:
    """(relationship type, target part name) of ``part``'s relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in names:
        return []
    root = _read_xml(zf, rels_name)
    out = []
    for rel in root.iter(_PKG_REL + "Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out.append((rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(name)))
    return out


def _read_xml(zf: zipfile.ZipFile, name: str) -> Any:
    info = zf.getinfo(name)
    if info.file_size > _MAX_SIDE_PART_BYTES:
        raise LoadError(f"docx 文件异常：部件 {name} 解压后超过 {_MAX_SIDE_PART_BYTES // MB} MB")
    with zf.open(info) as member:
        raw = member.read(_MAX_SIDE_PART_BYTES + 1)
    if len(raw) > _MAX_SIDE_PART_BYTES:
        raise LoadError(f"docx 文件异常：部件 {name} 解压后超过 {_MAX_SIDE_PART_BYTES // MB} MB")
    return etree.fromstring(raw, _parser())


def _empty() -> Any:
    return etree.Element(_W + "empty")


def _read_package(zf: zipfile.ZipFile, names: set[str], limits: Limits) -> Extracted:
    main = next((t for kind, t in _rels(zf, names, "") if kind == "officeDocument"), None)
    if main is None or main not in names:
        main = "word/document.xml"
    if main not in names:
        raise LoadError("docx 文件已损坏：缺少正文部件（word/document.xml）")
    related = _rels(zf, names, main)

    def parts(kind: str) -> list[str]:
        return [t for k, t in related if k == kind and t in names]

    numbering_xml = _read_xml(zf, parts("numbering")[0]) if parts("numbering") else _empty()
    styles_xml = _read_xml(zf, parts("styles")[0]) if parts("styles") else _empty()
    numbering = _Numbering(numbering_xml, styles_xml)
    budget = CharBudget(limits.max_chars)
    deadline = Deadline(limits.max_seconds, "读取 docx")
    lines = _stream_body(zf, main, numbering, budget, deadline)
    for kind in ("footnotes", "endnotes"):
        for name in parts(kind):
            lines.extend(_notes(_read_xml(zf, name), numbering, budget))
    text = "\n".join(lines)
    furniture: list[tuple[int, str, str]] = []
    for kind, reason, at in (("header", "页眉", 0), ("footer", "页脚", len(text))):
        seen: set[str] = set()
        for name in parts(kind):
            side: list[str] = []
            _docx_blocks(_read_xml(zf, name), numbering, side)
            for line in side:
                line = line.strip()
                if line and line not in seen:
                    seen.add(line)
                    furniture.append((at, line, reason))
    return Extracted(text=text, furniture=tuple(furniture))


class _Metered:
    """The main part's XML stream, counting bytes handed to the parser: one body block (a
    paragraph, a table) may not take more than ``_MAX_BLOCK_BYTES`` of XML (its subtree
    is held in memory until it ends), and the file's time bound is checked as it reads."""

    def __init__(self, raw: Any, deadline: Deadline) -> None:
        self.raw = raw
        self.deadline = deadline
        self.count = 0
        self.block_start = 0

    def read(self, n: int = -1) -> bytes:
        data: bytes = self.raw.read(n if n and n > 0 else MB)
        self.count += len(data)
        if self.count - self.block_start > _MAX_BLOCK_BYTES:
            raise LoadError(
                f"docx 文件异常：一个段落或表格的 XML 超过 {_MAX_BLOCK_BYTES // MB} MB，拒绝读取"
            )
        self.deadline.check()
        return data


_BLOCK_TAGS = (_W + "p", _W + "tbl", _W + "sdt", _W + "customXml")


def _count_text(zf: zipfile.ZipFile, name: str, limit: int, deadline: Deadline) -> None:
    """A first, cheap pass over the main part: only ``w:t`` elements reach Python, and
    reading stops as soon as their text passes ``limit`` characters — a small file that
    expands to a huge text is refused before any paragraph is built."""
    budget = CharBudget(limit)
    body = _W + "body"
    with zf.open(name) as member:
        source = _Metered(member, deadline)
        for _, el in etree.iterparse(
            source,
            events=("end",),
            tag=(_W + "t", *_BLOCK_TAGS),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            if el.tag == _W + "t":
                if el.text:
                    budget.take(len(el.text))
                el.clear()
                continue
            parent = el.getparent()
            if parent is None or parent.tag != body:
                continue
            budget.take(1)  # the block's line break: empty paragraphs count too
            source.block_start = source.count
            el.clear()
            while el.getprevious() is not None:
                del parent[0]


def _stream_body(
    zf: zipfile.ZipFile, name: str, numbering: _Numbering, budget: CharBudget, deadline: Deadline
) -> list[str]:
    """Body blocks of the main part, parsed one at a time; characters counted as read."""
    _count_text(zf, name, budget.limit, deadline)
    lines: list[str] = []
    body = _W + "body"
    with zf.open(name) as member:
        source = _Metered(member, deadline)
        events = etree.iterparse(
            source,
            events=("end",),
            tag=(*_BLOCK_TAGS, _W + "t"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        for _, el in events:
            if el.tag == _W + "t":
                if el.text:
                    budget.take(len(el.text))
                continue
            parent = el.getparent()
            if parent is None or parent.tag != body:
                continue  # inside a table or content control: read with its block
            _docx_blocks([el], numbering, lines, layout=True)
            budget.take(1)
            source.block_start = source.count
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
    return lines


def _notes(root: Any, numbering: _Numbering, budget: CharBudget) -> list[str]:
    """Footnote or endnote texts (separators skipped), one line each, after the body."""
    out: list[str] = []
    for note in root:
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        lines: list[str] = []
        _docx_blocks(note, numbering, lines)
        text = " ".join(line.strip() for line in lines if line.strip())
        if text:
            budget.take(len(text) + 1)
            out.append(text)
    return out


def _docx_blocks(parent: Any, numbering: _Numbering, out: list[str], layout: bool = False) -> None:
    """Paragraphs and table rows of a body, cell or text box, in document order. With
    ``layout`` (body paragraphs), an unnumbered heading keeps its layout (``_layout_mark``)."""
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DOCX_SKIP:
            continue
        if tag == _W + "p":
            text, extra = _docx_paragraph(child, numbering, layout)
            out.append(text)
            out.extend(extra)
        elif tag == _W + "tbl":
            _docx_table(child, numbering, out)
        else:  # sdt, sdtContent, customXml, ins, moveTo ...: look inside
            _docx_blocks(child, numbering, out, layout)


def _shallow(el: Any, tag: str) -> Iterator[Any]:
    """Descendants named ``tag``, not looking inside them or inside nested tables."""
    for child in el:
        ctag = child.tag
        if not isinstance(ctag, str) or ctag in _DOCX_SKIP:
            continue
        if ctag == tag:
            yield child
        elif ctag != _W + "tbl":
            yield from _shallow(child, tag)


def _docx_table(tbl: Any, numbering: _Numbering, out: list[str]) -> None:
    """One line per row. When the first row is a header (every cell a short label, at
    least two columns), each later row is ``列名：值；列名：值`` (empty cells left out);
    otherwise cells are separated by a tab. A nested table stays inside its cell.

    Merged cells keep every row on the grid: a cell spanning columns (``gridSpan``) fills
    its first column and leaves the others empty; a cell merged down (``vMerge``) gives
    its text to every row it covers (a 责任单位 merged over three tasks is each task's)."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column -> text of the vertically merged cell there
    for tr in _shallow(tbl, _W + "tr"):
        cells: list[str] = []
        tcs = list(_shallow(tr, _W + "tc"))
        for tc in tcs:
            col = len(cells)
            pr = tc.find(_W + "tcPr")
            span_el = pr.find(_W + "gridSpan") if pr is not None else None
            merge_el = pr.find(_W + "vMerge") if pr is not None else None
            span = _int_attr(span_el, 1)
            if merge_el is not None and merge_el.get(_W + "val", "continue") == "continue":
                text = above.get(col, "")
            else:
                lines: list[str] = []
                _docx_blocks(tc, numbering, lines)
                text = " ".join(line.strip() for line in lines if line.strip())
                if merge_el is not None:
                    above[col] = text
                else:
                    above.pop(col, None)
            cells.append(text)
            if len(tcs) > 1:  # a row of one cell across the table (一、思想建设) stays one line
                cells.extend([""] * (span - 1))
        rows.append(cells)
    out.extend(table_rows(rows))


_MAX_SPAN = 64  # grid columns one cell may span (a corrupt gridSpan is not a row of millions)


def _int_attr(el: Any, default: int) -> int:
    """``w:val`` of ``el`` as a small positive int (``default`` if absent or odd)."""
    if el is None:
        return default
    raw = el.get(_W + "val", "")
    return min(int(raw), _MAX_SPAN) if raw.isdigit() and int(raw) > 0 else default


def table_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Table rows as lines: under a header row, ``列名：值；列名：值``; else tab-separated."""
    if len(rows) >= 2 and _is_header(rows[0]):
        names = rows[0]
        out = []
        for row in rows[1:]:
            if len(row) != len(names):
                out.append("\t".join(row))
                continue
            out.append("；".join(f"{n}：{v}" for n, v in zip(names, row, strict=True) if v))
        return out
    return ["\t".join(row) for row in rows]


_LABEL_MAX = 16
_SENTENCE = re.compile(r"[。！？；，,;!?]")


def _is_header(cells: Sequence[str]) -> bool:
    return (
        len(cells) >= 2
        and all(0 < len(c) <= _LABEL_MAX and not _SENTENCE.search(c) for c in cells)
        and len(set(cells)) == len(cells)
    )


def _docx_paragraph(p: Any, numbering: _Numbering, layout: bool = False) -> tuple[str, list[str]]:
    """A paragraph's text with its list number; text-box paragraphs come back separately."""
    label = numbering.label(p)
    parts: list[str] = [label]
    extra: list[str] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "sym":
                code = int(child.get(_W + "char", "0"), 16)
                if 0x20 <= code < 0xE000:  # symbol-font glyphs (F0xx) have no text
                    parts.append(chr(code))
            elif tag == _W + "txbxContent":
                _docx_blocks(child, numbering, extra)
            else:
                visit(child)

    visit(p)
    text = "".join(parts)
    if layout and text.strip():
        if not label and numbering.body_started:
            text = _layout_mark(p, numbering, text)
        numbering.body_started = True
    return text, extra


# A heading that carries its own number (一、 （二） 3. 第一部分 ① 第一，) needs no layout mark.
NUMBERED_TEXT = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[.．、）)]|第[一二三四五六七八九十]{1,3}[部章节条，,、]|[①-⑳]"
    r"|[一二三四五六七八九十]{1,3}[是要]|其[一二三四五六七八九十][，,、]|(?:首先|其次|再次|最后)[，,：:]"
    r"|附件\s*\d{0,2}\s*[：:]?\s*$)"
)
# A paragraph in a heading style that runs on as prose (a run-in item styled Heading 2)
# is body text: only a heading's length is marked.
_MAX_STYLED_HEADING = 60
_MAX_BOLD_HEADING = 40
_SENTENCE_END = "。！？；：:;!?，,"


def _layout_mark(p: Any, numbering: _Numbering, text: str) -> str:
    """An unnumbered heading kept as Markdown marks it, for the outline parser: a Word
    heading style (or outline level) as ``#``×level, a short paragraph wholly in bold runs
    as ``**…**``. The document's first paragraph (its title) is left as it is."""
    if NUMBERED_TEXT.match(text):
        return text
    body = text.strip()
    depth = numbering.heading_depth(p)
    if depth is not None:
        if len(body) > _MAX_STYLED_HEADING:
            return text
        return "#" * depth + " " + body
    if len(body) <= _MAX_BOLD_HEADING and body[-1] not in _SENTENCE_END and _all_bold(p):
        return f"**{body}**"
    return text


def _is_on(el: Any) -> bool:
    return el is not None and el.get(_W + "val", "true") not in ("0", "false", "off", "none")


def _all_bold(p: Any) -> bool:
    """Every run with text in ``p`` is bold (its own ``w:b``)."""
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(_W + "rPr")
        if rpr is None or not _is_on(rpr.find(_W + "b")):
            return False
    return True


@dataclass
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None


def _val(el: Any, name: str) -> str | None:
    if el is None:
        return None
    child = el.find(_W + name)
    return None if child is None else child.get(_W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: Any, base: _Level | None = None) -> _Level:
    level = _Level() if base is None else replace(base)
    start = _val(lvl, "start")
    if start is not None:
        level.start = _int(start, level.start)
    level.fmt = _val(lvl, "numFmt") or level.fmt
    text = _val(lvl, "lvlText")
    if text is not None or lvl.find(_W + "lvlText") is not None:
        level.text = text or ""
    restart = _val(lvl, "lvlRestart")
    if restart is not None:
        level.restart = _int(restart, 0)
    legal = lvl.find(_W + "isLgl")
    if legal is not None:
        level.legal = legal.get(_W + "val", "1") not in ("0", "false", "off")
    level.suffix = _val(lvl, "suff") or level.suffix
    level.style = _val(lvl, "pStyle") or level.style
    return level


@dataclass
class _Num:
    abstract_id: str
    levels: dict[int, _Level]
    start_overrides: dict[int, int]


@dataclass
class _Numbering:
    """Word list numbering: resolves a paragraph's numId/ilvl to the label Word shows."""

    numbering_xml: Any
    styles_xml: Any
    nums: dict[str, _Num] = field(default_factory=dict)
    styles: dict[str, tuple[str | None, str | None, int | None]] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    pending_start: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)
    # style id -> heading depth (1 = Heading 1) from its outline level or its name
    heading_styles: dict[str, int] = field(default_factory=dict)
    body_started: bool = False

    def __post_init__(self) -> None:
        abstracts: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}
        for an in self.numbering_xml.iter(_W + "abstractNum"):
            aid = an.get(_W + "abstractNumId", "")
            abstracts[aid] = {
                _int(lvl.get(_W + "ilvl"), 0): _parse_level(lvl) for lvl in an.iter(_W + "lvl")
            }
            link = _val(an, "numStyleLink")
            if link:
                links[aid] = link
        for st in self.styles_xml.iter(_W + "style"):
            if st.get(_W + "type") != "paragraph":
                continue
            sid = st.get(_W + "styleId", "")
            ppr = st.find(_W + "pPr")
            numpr = None if ppr is None else ppr.find(_W + "numPr")
            ilvl = _val(numpr, "ilvl")
            self.styles[sid] = (
                _val(st, "basedOn"),
                _val(numpr, "numId"),
                None if ilvl is None else _int(ilvl, 0),
            )
            if st.get(_W + "default") in ("1", "true", "on"):
                self.default_style = sid
            depth = _outline_depth(ppr)
            if depth is None:
                named = _HEADING_NAME.match(_val(st, "name") or "")
                depth = int(named.group(1)) if named else None
            if depth is not None:
                self.heading_styles[sid] = depth
        raw_nums = {n.get(_W + "numId", ""): n for n in self.numbering_xml.iter(_W + "num")}
        for num_id, num in raw_nums.items():
            aid = _val(num, "abstractNumId") or ""
            if aid in links:  # a list style: its numbering lives behind the style's numId
                _, linked_num, _ = self._style_numpr(links[aid])
                linked = raw_nums.get(linked_num or "")
                aid = (_val(linked, "abstractNumId") or aid) if linked is not None else aid
            levels = dict(abstracts.get(aid, {}))
            overrides: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                level_no = _int(ov.get(_W + "ilvl"), 0)
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[level_no] = _int(start, 0)
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    levels[level_no] = _parse_level(lvl, levels.get(level_no))
            self.nums[num_id] = _Num(aid, levels, overrides)

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, str | None, int | None]:
        """(style, numId, ilvl) inherited along the style's basedOn chain."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            based_on, num_id, ilvl = self.styles.get(style_id, (None, None, None))
            if num_id is not None:
                return style_id, num_id, ilvl
            style_id = based_on
        return None, None, None

    def heading_depth(self, p: Any) -> int | None:
        """The heading level of paragraph ``p`` (its own outline level, else its style's
        along the basedOn chain); None for body text."""
        ppr = p.find(_W + "pPr")
        depth = _outline_depth(ppr)
        if depth is not None:
            return depth
        style_id = _val(ppr, "pStyle") or self.default_style
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.heading_styles:
                return self.heading_styles[style_id]
            style_id = self.styles.get(style_id, (None, None, None))[0]
        return None

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph ``p`` (with its separator), or ``""``."""
        ppr = p.find(_W + "pPr")
        style_id = _val(ppr, "pStyle") or self.default_style
        numpr = None if ppr is None else ppr.find(_W + "numPr")
        num_id = _val(numpr, "numId")
        ilvl_raw = _val(numpr, "ilvl")
        ilvl = None if ilvl_raw is None else _int(ilvl_raw, 0)
        if num_id is None:
            _, num_id, style_ilvl = self._style_numpr(style_id)
            ilvl = style_ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        num = self.nums[num_id]
        if ilvl is None:
            ilvl = next((i for i, lv in num.levels.items() if lv.style == style_id), 0)
        level = num.levels.get(ilvl)
        if level is None or level.text is None:
            return ""
        counters = self.counters.setdefault(num.abstract_id, [None] * 10)
        pending = self.pending_start.setdefault(num.abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in num.start_overrides.items():
                if 0 <= lv < 10:
                    counters[lv] = None
                    pending[lv] = start
        if not 0 <= ilvl < 10:
            return ""
        current = counters[ilvl]
        counters[ilvl] = pending.pop(ilvl, level.start) if current is None else current + 1
        for deeper in range(ilvl + 1, 10):
            deep = num.levels.get(deeper)
            limit = deeper if deep is None or deep.restart is None else deep.restart
            if limit and ilvl < limit:
                counters[deeper] = None
        label = self._render(num, ilvl, counters)
        return label + _suffix(label, level.suffix) if label else ""

    def _render(self, num: _Num, ilvl: int, counters: list[int | None]) -> str:
        level = num.levels[ilvl]
        text = level.text or ""
        if level.fmt == "bullet":
            return "".join("•" if 0xE000 <= ord(ch) < 0xF900 else ch for ch in text)

        def sub(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lv = num.levels.get(i, _Level())
            value = counters[i] if counters[i] is not None else lv.start
            fmt = "decimal" if level.legal and lv.fmt != "none" else lv.fmt
            return format_number(value or 0, fmt)

        return re.sub(r"%([1-9])", sub, text)


_HEADING_NAME = re.compile(r"(?i)^(?:heading|标题)\s*([1-6])$")


def _outline_depth(ppr: Any) -> int | None:
    """``w:outlineLvl`` 0–5 as a heading depth 1–6 (9 is body text)."""
    value = _val(ppr, "outlineLvl")
    if value is None or not value.isdigit() or int(value) > 5:
        return None
    return int(value) + 1


def _suffix(label: str, suff: str) -> str:
    if suff == "nothing":
        return ""
    if suff == "space":
        return " "
    # A tab after "一、" or "（一）" is layout, not text; after "1." a space keeps words apart.
    return "" if wide(label[-1]) else " "


_CN_ZERO_DIGITS = "〇一二三四五六七八九"
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _cn_counting(n: int) -> str:
    """Word ``chineseCounting``: 一 … 十 十一 … 九十九, then digit by digit (一〇〇)."""
    if n < 10:
        return _CN_ZERO_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "十" if tens == 1 else _CN_ZERO_DIGITS[tens] + "十"
        return head + (_CN_ZERO_DIGITS[ones] if ones else "")
    return "".join(_CN_ZERO_DIGITS[int(d)] for d in str(n))


def _cn_grouped(n: int, digits: str, units: str, elide_ten: bool) -> str:
    """Chinese numeral with 十百千万 units and 零 for gaps (一百零一, 一千零二十)."""
    if n == 0:
        return digits[0]
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        head = _cn_grouped(high, digits, units, elide_ten) + "万"
        if not low:
            return head
        return head + (digits[0] if low < 1000 else "") + _cn_grouped(low, digits, units, False)
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        unit = units[power - 1] if power else ""
        if not (elide_ten and power == 1 and d == 1 and not out):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


def _roman(n: int) -> str:
    out = []
    for value, glyph in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, n = divmod(n, value)
        out.append(glyph * count)
    return "".join(out)


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else str(n),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1) if n > 0 else "",
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1) if n > 0 else "",
    "chineseCounting": _cn_counting,
    "taiwaneseCounting": _cn_counting,
    "japaneseCounting": lambda n: _cn_grouped(n, _CN_DIGITS, "十百千", True),
    "chineseCountingThousand": lambda n: _cn_grouped(n, _CN_DIGITS, "十百千", True),
    "taiwaneseCountingThousand": lambda n: _cn_grouped(n, _CN_DIGITS, "十百千", True),
    "chineseLegalSimplified": lambda n: _cn_grouped(n, _CN_LEGAL_DIGITS, "拾佰仟", False),
    "ideographDigital": lambda n: "".join(_CN_ZERO_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """A list number as Word renders it for ``w:numFmt`` ``fmt`` (unknown formats: decimal)."""
    if n < 0:
        return str(n)
    return _FORMATS.get(fmt, str)(n)
