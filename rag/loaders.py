"""Read one document file into plain text.

Formats: ``.txt`` ``.md`` ``.html`` ``.htm`` ``.docx`` ``.doc`` ``.wps`` ``.pdf`` ``.ofd``.
``load_file`` reads the file once (in binary, up to ``max_bytes``); the reader is chosen
by the file's **content** where the content says what it is — an OLE2 compound file is a
Word 97-2003 / WPS document, a zip with ``word/document.xml`` is a ``.docx``, a zip with
``OFD.xml`` an OFD, ``%PDF`` a PDF — whatever the suffix claims (a ``.docx`` that is
really a ``.doc`` is read, and the reverse); other files are text or HTML by suffix.

The text is what a person sees in the document, verbatim: full-width punctuation,
spaces and numbering stay as they are; only newlines are normalised to ``\\n``, a BOM
is dropped and control characters other than ``\\n`` and ``\\t`` are removed.

Text encodings are detected, never guessed silently: a BOM decides; else NUL
bytes mean UTF-16 (both byte orders are tried and must read as text) or a
binary file; else strict UTF-8, then strict GBK / GB18030. When bytes are valid
both as UTF-8 and as GBK, charset-normalizer breaks the tie. The encoding used
is reported in ``Loaded.encoding``.

Paginated formats (PDF, OFD) report where each page begins (``Loaded.pages``); page
furniture taken out of the body (running headers/footers, page numbers, a Word file's
headers and footers) is kept in ``Loaded.furniture``. Every reader is bounded
(``rag.load_common.Limits``: characters, pages, content, time, OCR pages).

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
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from rag.errors import LoadError
from rag.html_nav import PageLine, navigation_lines
from rag.load_common import DEFAULT_LIMITS, Extracted, Limits, Progress, ocr_reporter
from rag.load_docx import DOCX_MAX_UNPACKED_BYTES, NUMBERED_TEXT, format_number
from rag.load_pdf import reflow_pages

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DOCX_MAX_UNPACKED_BYTES",
    "PAGED_FORMATS",
    "SUPPORTED_SUFFIXES",
    "Limits",
    "Loaded",
    "decode_text",
    "format_number",
    "html_to_text",
    "load_bytes",
    "load_file",
    "reflow_pages",
    "sniff_format",
]

SUPPORTED_SUFFIXES = (
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".docx",
    ".doc",
    ".wps",
    ".pdf",
    ".ofd",
)
PAGED_FORMATS = ("pdf", "ofd")
DEFAULT_MAX_BYTES = 60 * 1024 * 1024
DEFAULT_MAX_CHARS = DEFAULT_LIMITS.max_chars
_MB = 1024 * 1024

# What Loaded.encoding says for formats that carry Unicode themselves.
DOCX_ENCODING = "utf-8"  # WordprocessingML parts are UTF-8 XML
PDF_ENCODING = "pdf"  # text comes from the PDF's font maps
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Loaded:
    """Text of a file as a person sees it, the encoding it was read with, its format.

    ``pages[i]`` is the offset in ``text`` where page ``i + 1`` begins (PDF, OFD);
    ``furniture`` what was taken out as page furniture, ``(offset, text, reason)``;
    ``ocr_pages`` the 1-based pages whose text came from OCR."""

    text: str
    encoding: str
    fmt: str  # "txt" | "md" | "html" | "docx" | "doc" | "pdf" | "ofd"
    pages: tuple[int, ...] = ()
    furniture: tuple[tuple[int, str, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()


# ---------------------------------------------------------------------------
# Entry points


def load_file(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Loaded:
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
    report = ocr_reporter(path.name, progress)
    return load_bytes(data, suffix, max_chars=max_chars, limits=limits, progress=report)


def sniff_format(data: bytes) -> str | None:
    """The format the bytes themselves declare: ``doc`` ``docx`` ``ofd`` ``pdf``, or None."""
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = {n.lstrip("/").lower() for n in zf.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "ofd.xml" in names:
            return "ofd"
        if "word/document.xml" in names or "[content_types].xml" in names:
            return "docx"
        return None
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


_BINARY_SUFFIX_FMT = {".docx": "docx", ".doc": "doc", ".wps": "doc", ".pdf": "pdf", ".ofd": "ofd"}


def load_bytes(
    data: bytes,
    suffix: str,
    *,
    max_chars: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Loaded:
    """Text of a file's bytes: the format its content declares, else the one its
    ``suffix`` (``.txt`` …) names."""
    suffix = suffix.lower() if suffix.startswith(".") else f".{suffix.lower()}"
    _check_suffix(suffix)
    if max_chars is not None:
        from dataclasses import replace

        limits = replace(limits, max_chars=max_chars)
    if not data:
        raise LoadError("文件为空")
    fmt = sniff_format(data)
    if fmt is None and suffix in _BINARY_SUFFIX_FMT:
        fmt = _misnamed(data, suffix)
    if fmt == "docx":
        from rag.load_docx import docx_text

        return _loaded(docx_text(data, limits), DOCX_ENCODING, "docx", limits)
    if fmt == "doc":
        from rag.load_doc import doc_text

        return _loaded(doc_text(data, limits), "utf-8", "doc", limits)
    if fmt == "pdf":
        from rag.load_pdf import pdf_text

        return _loaded(pdf_text(data, limits, progress), PDF_ENCODING, "pdf", limits)
    if fmt == "ofd":
        from rag.load_ofd import ofd_text

        return _loaded(ofd_text(data, limits), "utf-8", "ofd", limits)
    if suffix in (".html", ".htm") or fmt == "html":
        text, encoding = _decode_html(data)
        return _loaded(Extracted(html_to_text(text)), encoding, "html", limits)
    text, encoding = decode_text(data)
    return _loaded(Extracted(text), encoding, "md" if suffix == ".md" else "txt", limits)


def _misnamed(data: bytes, suffix: str) -> str:
    """What a file named ``.doc`` ``.pdf`` … is when its content is not that format."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"{\\rtf"):
        raise LoadError("这是 RTF 格式的文件（扩展名不符）：请在 Word/WPS 中另存为 .docx 再导入")
    if suffix in (".doc", ".wps") and (
        head.startswith((b"<html", b"<!doctype html")) or b"<html" in head[:512]
    ):
        return "html"  # Word's "web page" saved with a .doc name
    if data.startswith(b"PK\x03\x04"):
        raise LoadError(
            f"{suffix} 文件已损坏：是 zip 压缩包，但不是 Word 文档或 OFD（可能是改了扩展名的其他文件）"
        )
    names = {".docx": "docx", ".doc": "Word", ".wps": "WPS", ".pdf": "PDF", ".ofd": "OFD"}
    raise LoadError(
        f"{names[suffix]} 文件已损坏：内容不是 {suffix} 格式（可能下载不完整，或是改了扩展名的其他文件）"
    )


def _loaded(ex: Extracted, encoding: str, fmt: str, limits: Limits) -> Loaded:
    text = ex.text
    if fmt not in PAGED_FORMATS:  # paginated readers normalise page by page (offsets kept)
        text = normalize_text(text)
    if not text.strip():
        raise LoadError("文件为空（没有文字内容）")
    if len(text) > limits.max_chars:
        raise LoadError(
            f"正文过长（{len(text)} 字，上限 {limits.max_chars} 字），请拆分成几个文件再导入"
        )
    return Loaded(text, encoding, fmt, ex.pages, ex.furniture, ex.ocr_pages)


def _check_suffix(suffix: str) -> None:
    if suffix in SUPPORTED_SUFFIXES:
        return
    supported = "、".join(SUPPORTED_SUFFIXES)
    if not suffix or suffix == ".":
        raise LoadError(f"不支持的文件类型（没有扩展名）；支持 {supported}")
    hint = ""
    if suffix == ".rtf":
        hint = "：请在 Word/WPS 中另存为 .docx 再导入"
    elif suffix in (".xls", ".xlsx", ".et", ".csv"):
        hint = "：表格文件不能作为文档导入"
    raise LoadError(f"不支持的文件类型 {suffix}{hint}（支持 {supported}）")


def _too_big(size: int, limit: int) -> str:
    return f"文件过大（{size / _MB:.1f} MB，上限 {limit / _MB:.0f} MB）"


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
# Inline elements that set their text in bold.
_BOLD_TAGS = frozenset(["strong", "b"])
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_MAX_BOLD_HEADING = 40  # characters of a bold paragraph that is a heading, at most
_SENTENCE_END = "。！？；：:;!?，,"
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
        self.lines: list[PageLine] = []
        self.buf: list[str] = []
        self.skip = 0
        self.pre = 0
        self.cells = 0
        self.link: list[str] | None = None  # the text of the link being read
        self.links: list[str] = []  # the texts of the links of the line being read
        self.bold: list[str] = []  # the open elements that set their text in bold
        # Of the block's text so far: characters in bold, characters in all (white space
        # left out), to mark a paragraph wholly in bold as a heading.
        self.bold_chars = 0
        self.all_chars = 0

    def flush(self) -> None:
        raw = "".join(self.buf)
        whole_bold = self.all_chars > 0 and self.bold_chars == self.all_chars
        self.buf = []
        links, self.links = tuple(self.links), []
        self.bold_chars = self.all_chars = 0
        if self.pre:
            self.lines.extend(PageLine(x) for x in raw.split("\n"))
            return
        line = _collapse(raw).strip(" ")
        line = re.sub(f" ?{_CELL} ?", "\t", line)
        if whole_bold and "\t" not in line:
            line = _bold_heading(line)
        if line:
            self.lines.append(PageLine(line, links))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "a":
            self.link = []
            if _bold_style(attrs):
                self.bold.append(tag)
        elif tag in _BOLD_TAGS or (tag not in _BLOCK_TAGS and _bold_style(attrs)):
            self.bold.append(tag)
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
            if _bold_style(attrs):
                self.bold.append(tag)  # (<p style="font-weight:bold">)
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
            return
        if self.skip:
            return
        if tag == "a" and self.link is not None:
            text = _collapse("".join(self.link)).strip()
            if text:
                self.links.append(text)
            self.link = None
        if tag in self.bold and tag not in _BLOCK_TAGS:
            del self.bold[len(self.bold) - 1 - self.bold[::-1].index(tag)]
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag in self.bold:
                del self.bold[len(self.bold) - 1 - self.bold[::-1].index(tag)]
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)
            if self.link is not None:
                self.link.append(data)
            n = len(_HTML_SPACE.sub("", data).replace("\xa0", "").replace("\u3000", ""))
            self.all_chars += n
            if self.bold:
                self.bold_chars += n


def _bold_style(attrs: list[tuple[str, str | None]]) -> bool:
    """An element's inline style sets bold (``style="font-weight: bold"``, ``700``)."""
    style = next((v or "" for k, v in attrs if k == "style"), "")
    return bool(_BOLD_STYLE.search(style))


def _bold_heading(line: str) -> str:
    """A paragraph wholly in bold (``<p><strong>…</strong></p>``), short and not a sentence,
    as Markdown marks it (``**…**``): a page's unnumbered subheading, read as a Word file's
    bold paragraph is (``rag.load_docx``) by the outline parser."""
    body = line.strip(" \t\u3000\xa0")
    if (
        not body
        or len(body) > _MAX_BOLD_HEADING
        or body[-1] in _SENTENCE_END
        or NUMBERED_TEXT.match(body)  # (its number makes it a heading already)
    ):
        return line
    return f"**{body}**"


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: block elements become lines, table cells are tab-separated;
    ``script``/``style``/``nav``/``head`` are dropped, and so are the lines of links that are
    the site's menu and breadcrumb (``rag.html_nav``). Entities are resolved; ``&nbsp;`` stays
    U+00A0."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    parser.flush()
    nav = navigation_lines(parser.lines)
    return normalize_text("\n".join(x.text for k, x in enumerate(parser.lines) if k not in nav))
