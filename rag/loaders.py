"""Read one document file into plain text: ``.txt`` ``.md`` ``.html`` ``.htm`` ``.docx`` ``.pdf``.

``load_file`` reads the file once (in binary, up to ``max_bytes``) and hands the
bytes to the reader for its suffix. The text is what a person sees in the
document, verbatim: full-width punctuation, spaces and numbering stay as they
are; only newlines are normalised to ``\\n``, a BOM is dropped and control
characters other than ``\\n`` and ``\\t`` are removed.

Text encodings are detected, never guessed silently: a BOM decides; else NUL
bytes mean UTF-16 (both byte orders are tried and must read as text) or a
binary file; else strict UTF-8, then strict GBK / GB18030. When bytes are valid
both as UTF-8 and as GBK, charset-normalizer breaks the tie. The encoding used
is reported in ``Loaded.encoding``.

Anything that cannot be read raises ``LoadError`` with a reason a person
understands (the caller adds the file name).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from rag.errors import LoadError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DOCX_MAX_UNPACKED_BYTES",
    "SUPPORTED_SUFFIXES",
    "Loaded",
    "decode_text",
    "format_number",
    "html_to_text",
    "load_bytes",
    "load_file",
    "reflow_pages",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 60 * 1024 * 1024
DOCX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_MB = 1024 * 1024

# What Loaded.encoding says for formats that carry Unicode themselves.
DOCX_ENCODING = "utf-8"  # WordprocessingML parts are UTF-8 XML
PDF_ENCODING = "pdf"  # text comes from the PDF's font maps


@dataclass(frozen=True)
class Loaded:
    """Text of a file as a person sees it, the encoding it was read with, its format."""

    text: str
    encoding: str
    fmt: str  # "txt" | "md" | "html" | "docx" | "pdf"


# ---------------------------------------------------------------------------
# Entry points


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read ``path`` and return its text; ``LoadError`` says why it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    _check_suffix(suffix)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(_too_big(size, max_bytes))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise LoadError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise LoadError("这是文件夹，不是文件") from exc
    except PermissionError as exc:
        raise LoadError("没有读取这个文件的权限") from exc
    except OSError as exc:
        raise LoadError(f"无法读取文件：{exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise LoadError(_too_big(len(data), max_bytes))
    return load_bytes(data, suffix)


def load_bytes(data: bytes, suffix: str) -> Loaded:
    """Text of a file's bytes, read as the format its ``suffix`` (``.txt`` …) names."""
    suffix = suffix.lower() if suffix.startswith(".") else f".{suffix.lower()}"
    _check_suffix(suffix)
    if not data:
        raise LoadError("文件为空")
    if suffix in (".txt", ".md"):
        text, encoding = decode_text(data)
        return Loaded(_nonempty(normalize_text(text)), encoding, suffix[1:])
    if suffix in (".html", ".htm"):
        text, encoding = _decode_html(data)
        return Loaded(_nonempty(html_to_text(text)), encoding, "html")
    if suffix == ".docx":
        return Loaded(_nonempty(normalize_text(_docx_text(data))), DOCX_ENCODING, "docx")
    return Loaded(_nonempty(normalize_text(_pdf_text(data))), PDF_ENCODING, "pdf")


def _check_suffix(suffix: str) -> None:
    if suffix in SUPPORTED_SUFFIXES:
        return
    supported = "、".join(SUPPORTED_SUFFIXES)
    if not suffix or suffix == ".":
        raise LoadError(f"不支持的文件类型（没有扩展名）；支持 {supported}")
    hint = ""
    if suffix in (".doc", ".wps", ".rtf"):
        hint = "：请在 Word/WPS 中另存为 .docx 再导入"
    elif suffix in (".xls", ".xlsx", ".et", ".csv"):
        hint = "：表格文件不能作为文档导入"
    raise LoadError(f"不支持的文件类型 {suffix}{hint}（支持 {supported}）")


def _too_big(size: int, limit: int) -> str:
    return f"文件过大（{size / _MB:.1f} MB，上限 {limit / _MB:.0f} MB）"


def _nonempty(text: str) -> str:
    if not text.strip():
        raise LoadError("文件为空（没有文字内容）")
    return text


# ---------------------------------------------------------------------------
# Plain text: encodings, normalisation

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Control characters that never occur in text (\t \n \r \f are text-ish).
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.02
_SAMPLE_CHARS = 200_000  # enough to judge which UTF-16 byte order reads as text

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"%PDF", "PDF 文件"),
    (b"PK\x03\x04", "zip 压缩包（docx/xlsx 也是 zip）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls）"),
    (b"\x7fELF", "程序文件"),
    (b"MZ", "程序文件"),
)


def normalize_text(text: str) -> str:
    """Newlines to ``\\n``, no leading BOM, no control characters but ``\\n`` and ``\\t``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _CONTROL.sub("", text)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes; returns ``(text, encoding)``. ``LoadError`` if binary or undecodable.

    Order: BOM → (NUL bytes present) UTF-16 LE/BE without BOM, else binary unless the
    NULs are a few stray bytes in a text (they are dropped) → strict
    UTF-8 → strict GBK → strict GB18030. The text is returned as decoded (not
    normalised; see ``normalize_text``).
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"文件开头标明是 {name.upper()} 编码（BOM），但第 {exc.start + len(bom)} "
                    f"字节起的内容不是有效的 {name.upper()}，文件可能已损坏"
                ) from exc
            return _refuse_binary(text, data), name
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        if data.count(0) > _MAX_CONTROL_SHARE * len(data):
            raise LoadError(_binary_message(data))
        # A few stray NUL bytes in a text (some exports leave them): junk, removed like
        # the other control characters, if the rest decodes as text.
        try:
            return decode_text(data.replace(b"\x00", b""))
        except LoadError as exc:
            raise LoadError(_binary_message(data)) from exc
    readings: list[tuple[str, str]] = []
    with contextlib.suppress(UnicodeDecodeError):
        readings.append((data.decode("utf-8"), "utf-8"))
    for codec in ("gbk", "gb18030"):
        try:
            readings.append((data.decode(codec), codec))
            break
        except UnicodeDecodeError:
            continue
    if not readings:
        raise LoadError(_undecodable_message(data))
    if len(readings) == 2 and readings[0][0] != readings[1][0]:
        readings.sort(key=lambda r: r[1] != _tie_break(data))
    text, name = readings[0]
    return _refuse_binary(text, data), name


def _tie_break(data: bytes) -> str:
    """Bytes valid both as UTF-8 and as GBK: charset-normalizer picks the likelier reading."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["utf_8", "gb18030"]).best()
    if best is not None and best.encoding in ("gb18030", "gbk", "gb2312"):
        return "gbk" if _decodes(data, "gbk") else "gb18030"
    return "utf-8"


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_binary(text: str, data: bytes) -> str:
    bad = len(_BINARY_CONTROL.findall(text))
    if bad and bad > _MAX_CONTROL_SHARE * len(text):
        raise LoadError(_binary_message(data))
    return text


def _binary_message(data: bytes) -> str:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return f"不是文本文件（含二进制数据，看起来是{what}）"
    return "不是文本文件（含二进制数据）"


def _undecodable_message(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    hint = ""
    if best is not None and best.encoding not in ("utf_8", "gb18030", "gbk", "utf_16"):
        hint = f"；内容像是 {best.encoding} 编码，请另存为 UTF-8 后再导入"
    return f"无法识别编码（尝试了 UTF-8、GB18030、UTF-16）{hint}"


def _texty(ch: str) -> bool:
    """A character that plausibly occurs in Chinese or Western text."""
    cp = ord(ch)
    return (
        ch in "\n\r\t"
        or 0x20 <= cp < 0x7F
        or 0xA0 <= cp < 0x250  # Latin-1, Latin Extended
        or 0x2000 <= cp < 0x2070  # general punctuation
        or 0x2E80 <= cp < 0x9FFF  # CJK radicals, punctuation, kana, ideographs
        or 0xF900 <= cp < 0xFB00  # CJK compatibility ideographs
        or 0xFF00 <= cp < 0xFFF0  # full-width forms
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: the byte order whose reading is text, NUL bytes as high bytes."""
    if len(data) % 2:
        return None
    nul_odd = data[1::2].count(0)  # high byte of LE code units
    nul_even = data[0::2].count(0)  # high byte of BE code units
    best: tuple[float, int, str, str] | None = None
    for codec, nul_high in (("utf-16-le", nul_odd), ("utf-16-be", nul_even)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        share = sum(map(_texty, sample)) / len(sample)
        if share < 0.9 or _BINARY_CONTROL.search(text):
            continue
        candidate = (share, nul_high, text, codec)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return None if best is None else (best[2], best[3])


# ---------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([-\w.:]+)", re.IGNORECASE)
_GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "csgb2312"}


def _decode_html(data: bytes) -> tuple[str, str]:
    """Decode HTML bytes: a BOM, else a verified ``<meta charset>``, else detection as for text."""
    if any(data.startswith(bom) for bom, _, _ in _BOMS) or b"\x00" in data:
        return decode_text(data)
    match = _META_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii", "replace").lower()
        codecs_to_try = ["gbk", "gb18030"] if label in _GB_LABELS else [label]
        for codec in codecs_to_try:
            try:
                name = codecs.lookup(codec).name
                return _refuse_binary(data.decode(codec), data), name.replace("_", "-")
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_text(data)


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "head",
        "svg",
        "iframe",
        "object",
        "canvas",
        "select",
    ]
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CELL = "\x1f"  # stands for the tab between table cells while white space is collapsed


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _collapse(text: str) -> str:
    """HTML white-space collapsing; a line break between two wide (CJK) characters vanishes."""

    def space(m: re.Match[str]) -> str:
        s, a, b = m.group(0), m.start(), m.end()
        if "\n" in s and a > 0 and b < len(text) and _wide(text[a - 1]) and _wide(text[b]):
            return ""
        return " "

    return _HTML_SPACE.sub(space, text)


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.pre = 0
        self.cells = 0

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        if self.pre:
            self.lines.extend(raw.split("\n"))
            return
        line = _collapse(raw).strip(" ")
        line = re.sub(f" ?{_CELL} ?", "\t", line)
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "br":
            if self.pre:
                self.buf.append("\n")
            else:
                self.flush()
        elif tag in ("td", "th"):
            if self.cells:
                self.buf.append(_CELL)
            self.cells += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag == "tr":
                self.cells = 0
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif not self.skip and tag in _BLOCK_TAGS:
            self.flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: block elements become lines, table cells are tab-separated;
    ``script``/``style``/``nav``/``head`` are dropped. Entities are resolved; ``&nbsp;`` stays U+00A0."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return normalize_text("\n".join(parser.lines))


# ---------------------------------------------------------------------------
# DOCX

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
_MAX_ZIP_MEMBERS = 10_000


def _docx_text(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise LoadError(
            "不是 docx 格式：这是旧版 .doc 文件或带密码的 Word 文档，请在 Word 中另存为不加密的 .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise LoadError(
            "docx 文件已损坏：不是有效的 zip 压缩包（可能下载不完整，或是改了扩展名的其他文件）"
        ) from exc
    unpacked = sum(info.file_size for info in infos)
    if unpacked > DOCX_MAX_UNPACKED_BYTES or len(infos) > _MAX_ZIP_MEMBERS:
        raise LoadError(
            f"docx 文件异常：解压后 {unpacked / _MB:.0f} MB、{len(infos)} 个部件"
            f"（上限 {DOCX_MAX_UNPACKED_BYTES / _MB:.0f} MB），可能是压缩炸弹，拒绝读取"
        )
    _inflate_bounded(data, infos)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering(document.part.numbering_part.element, document.styles.element)
        lines: list[str] = []
        _docx_blocks(body, numbering, lines)
    # python-docx and lxml raise many exception types on malformed packages;
    # whatever it is, the file cannot be read and the person needs to know why.
    except Exception as exc:
        raise LoadError(f"docx 文件已损坏：{_brief(exc)}") from exc
    return "\n".join(lines)


def _inflate_bounded(data: bytes, infos: Sequence[zipfile.ZipInfo]) -> None:
    """Inflate every member in 1 MB steps before python-docx reads it whole.

    The declared sizes checked above can lie: ``zipfile.read`` inflates a member's whole
    stream in one go before cutting it to the declared size, so 340 KB claiming 2 KB took
    600 MB. Read in steps, zipfile stops at the declared size and fails the CRC check."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                with zf.open(info) as member:
                    while member.read(_MB):
                        pass
    # zipfile, zlib, bz2 and lzma raise many types on damaged or lying members.
    except Exception as exc:
        raise LoadError(f"docx 文件已损坏：{_brief(exc)}") from exc


def _brief(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def _docx_blocks(parent: Any, numbering: _Numbering, out: list[str]) -> None:
    """Paragraphs and table rows of a body, cell or text box, in document order."""
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DOCX_SKIP:
            continue
        if tag == _W + "p":
            text, extra = _docx_paragraph(child, numbering)
            out.append(text)
            out.extend(extra)
        elif tag == _W + "tbl":
            _docx_table(child, numbering, out)
        else:  # sdt, sdtContent, customXml, ins, moveTo ...: look inside
            _docx_blocks(child, numbering, out)


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
    """One line per row, cells separated by a tab (a nested table stays inside its cell)."""
    for tr in _shallow(tbl, _W + "tr"):
        cells: list[str] = []
        for tc in _shallow(tr, _W + "tc"):
            lines: list[str] = []
            _docx_blocks(tc, numbering, lines)
            cells.append(" ".join(line.strip() for line in lines if line.strip()))
        out.append("\t".join(cells))


def _docx_paragraph(p: Any, numbering: _Numbering) -> tuple[str, list[str]]:
    """A paragraph's text with its list number; text-box paragraphs come back separately."""
    parts: list[str] = [numbering.label(p)]
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
    return "".join(parts), extra


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


def _suffix(label: str, suff: str) -> str:
    if suff == "nothing":
        return ""
    if suff == "space":
        return " "
    # A tab after "一、" or "（一）" is layout, not text; after "1." a space keeps words apart.
    return "" if _wide(label[-1]) else " "


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


# ---------------------------------------------------------------------------
# PDF

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


def _page_lines(page: str) -> list[_Line]:
    """A page's lines; a page number as the page's first or last line is dropped."""
    lines = [
        _Line(raw.strip(), bool(_INDENT.match(raw)), _width(raw.rstrip()))
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
    lines = [line for page in pages for line in _page_lines(page)]
    filled = [line for line in lines if line.text]
    widths = sorted(line.width for line in filled)
    full = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 3 else 0
    full = full if full >= 20 else 0
    indents = sum(line.indented for line in filled)
    use_indent = 0 < indents < _INDENTED_MAX_SHARE * len(filled)
    paragraphs: list[str] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join_lines([line.text for line in current]))
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
    return "\n".join(paragraphs)


def _join_lines(texts: list[str]) -> str:
    """Concatenate wrapped lines; a space only between two Latin words or numbers."""
    out = texts[0]
    for text in texts[1:]:
        if out[-1].isascii() and out[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out += " "
        out += text
    return out


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    # pypdf raises many exception types on malformed files; all mean "cannot be read".
    except Exception as exc:
        raise LoadError(f"PDF 文件已损坏：{_brief(exc)}") from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise LoadError(
                "PDF 已加密，无法读取（本机缺少解密组件）；请先在 PDF 阅读器中另存为未加密的 PDF"
            ) from exc
        except Exception as exc:
            raise LoadError(f"PDF 已加密，无法解密：{_brief(exc)}") from exc
        if not opened:
            raise LoadError("PDF 已加密（需要打开密码）；请先去掉密码再导入")
    pages: list[str] = []
    has_images = False
    try:
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            has_images = has_images or _has_xobjects(page)
    except Exception as exc:
        raise LoadError(f"PDF 文件已损坏（第 {len(pages) + 1} 页无法解析）：{_brief(exc)}") from exc
    if not pages:
        raise LoadError("PDF 没有页面")
    text = reflow_pages(pages)
    counts = [sum(len("".join(line.text.split())) for line in _page_lines(p)) for p in pages]
    if sum(counts) == 0 or (max(counts) < _MIN_PAGE_CHARS and has_images):
        raise LoadError("PDF 没有文本层（可能是扫描件），需要先做 OCR")
    return text


def _has_xobjects(page: Any) -> bool:
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if resources is not None else None
        return bool(xobjects is not None and len(xobjects.get_object()) > 0)
    except Exception:  # a damaged resource dictionary only means "no images known"
        return False
