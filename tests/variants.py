"""Format variants of a document, built at test time from a text with one paragraph per line.

Plain functions, usable by any test: each writes one file and returns its path.

- ``write_txt``           UTF-8, UTF-8 with BOM, GBK / GB18030, UTF-16 (``encoding=``)
- ``write_md``            Markdown, paragraphs separated by blank lines
- ``write_html``          a page with head, style, script and nav around the paragraphs
- ``write_docx``          python-docx, one paragraph per line; ``headings=True`` makes
                          ``一、`` lines real Heading 1 paragraphs
- ``write_numbered_docx`` the numbers of ``一、`` ``（一）`` ``1.`` ``（1）`` lines come
                          from Word list numbering (numbering.xml), not from the text
- ``write_pdf``           fpdf2 with a CJK TrueType font (``find_cjk_font``), wrapped
                          at the page width as a real PDF is
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

__all__ = [
    "MARKER_FAMILIES",
    "find_cjk_font",
    "find_latin_font",
    "gb_encoding",
    "split_marker",
    "write_docx",
    "write_html",
    "write_md",
    "write_numbered_docx",
    "write_pdf",
    "write_txt",
]


def gb_encoding(text: str) -> str:
    """``"gbk"`` if every character of ``text`` is in GBK, else ``"gb18030"``."""
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return "gb18030"
    return "gbk"


def write_txt(text: str, path: Path, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """``text`` in ``encoding`` (``utf-8``, ``utf-8-sig``, ``gbk``, ``gb18030``, ``utf-16`` …)."""
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def write_md(text: str, path: Path) -> Path:
    """Markdown: each line a paragraph (blank line between), text untouched."""
    lines = [line for line in text.split("\n") if line.strip()]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(text: str, path: Path, encoding: str = "utf-8", title: str = "文档") -> Path:
    """An HTML page: ``<meta charset>``, style, script and a nav bar around one ``<p>`` per line."""
    paragraphs = "\n".join(
        f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip()
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{encoding}">
<title>{html.escape(title)}</title>
<style>p {{ text-indent: 2em; }} .nav::after {{ content: "样式文字"; }}</style>
<script>var note = "脚本文字不应出现";</script>
</head>
<body>
<nav><a href="/">首页</a> | <a href="/news">导航栏文字</a></nav>
<div class="article">
{paragraphs}
</div>
<script>document.title = "脚本二";</script>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding))
    return path


_CN_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def write_docx(text: str, path: Path, *, headings: bool = False) -> Path:
    """One Word paragraph per line; with ``headings``, ``一、`` lines use the Heading 1 style."""
    document = docx.Document()
    for line in text.split("\n"):
        if headings and _CN_HEADING.match(line):
            document.add_paragraph(line, style="Heading 1")
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


@dataclass(frozen=True)
class _Family:
    name: str
    pattern: re.Pattern[str]
    num_fmt: str


# Line-start numbering families a Word list can produce, outermost first.
MARKER_FAMILIES = (
    _Family("cn", re.compile(r"^(?P<num>[一二三四五六七八九十]+)(?P<sep>、)"), "chineseCounting"),
    _Family(
        "paren_cn",
        re.compile(r"^(?P<open>[（(])(?P<num>[一二三四五六七八九十]+)(?P<close>[）)])"),
        "chineseCounting",
    ),
    _Family("arabic", re.compile(r"^(?P<num>\d{1,2})(?P<sep>[.、．])(?!\d)"), "decimal"),
    _Family(
        "paren_arabic", re.compile(r"^(?P<open>[（(])(?P<num>\d{1,2})(?P<close>[）)])"), "decimal"
    ),
)
_CN_VALUES = {ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}


def _value(num: str) -> int:
    if num.isdigit():
        return int(num)
    tens, ten, ones = num.partition("十")
    if not ten:
        return _CN_VALUES[num]
    return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[ones] if ones else 0)


def split_marker(line: str) -> tuple[str, str, int, str] | None:
    """``(family, lvlText template, value, rest)`` for a numbered line, else None.

    The template has ``%`` where the number goes, e.g. ``%、`` ``（%）`` ``%.``.
    """
    for family in MARKER_FAMILIES:
        m = family.pattern.match(line)
        if m:
            groups = m.groupdict()
            template = (
                groups.get("open", "") + "%" + groups.get("close", "") + groups.get("sep", "")
            )
            return family.name, template, _value(m.group("num")), line[m.end() :]
    return None


def write_numbered_docx(text: str, path: Path) -> Path:
    """A .docx whose ``一、`` ``（一）`` ``1.`` ``（1）`` numbers are Word list numbers.

    Each family present becomes one level of a multi-level list (outermost first),
    the marker is removed from the paragraph text and Word's numbering renders it.
    A level restarts under its parent if the text restarts it (``（一）`` under each
    ``一、``) and runs on otherwise (``1.`` … ``16.`` across the parts). Raises
    ValueError if the text's numbering is not regular enough for Word to reproduce.
    """
    lines = text.split("\n")
    parsed = [split_marker(line) for line in lines]
    present = [f.name for f in MARKER_FAMILIES if any(p and p[0] == f.name for p in parsed)]
    templates: dict[str, str] = {}
    seen: set[str] = set()
    restarts: set[str] = set()  # families the text numbers from 1 again
    for item in parsed:
        if item is None:
            continue
        family, template, value, _ = item
        if templates.setdefault(family, template) != template:
            raise ValueError(f"{family} markers written two ways: {templates[family]} / {template}")
        if value == 1 and family in seen:
            restarts.add(family)
        seen.add(family)
    # Check that Word's counters, restarting those levels under their parent, give the text's numbers.
    counters = [0] * len(present)
    for item in parsed:
        if item is None:
            continue
        level = present.index(item[0])
        counters[level] += 1
        for deeper in range(level + 1, len(present)):
            if present[deeper] in restarts:
                counters[deeper] = 0
        if counters[level] != item[2]:
            raise ValueError(
                f"{item[0]} numbering: Word would show {counters[level]}, text has {item[2]}"
            )
    document = docx.Document()
    num_id = _add_list(
        document, [(templates[f], _family(f).num_fmt, f in restarts) for f in present]
    )
    for line, item in zip(lines, parsed, strict=True):
        if item is None:
            document.add_paragraph(line)
            continue
        family, _, _, rest = item
        paragraph = document.add_paragraph(rest)
        numpr = parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{present.index(family)}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
        paragraph._p.get_or_add_pPr().append(numpr)
    document.save(str(path))
    return path


def _family(name: str) -> _Family:
    return next(f for f in MARKER_FAMILIES if f.name == name)


def _add_list(document: docx.document.Document, levels: list[tuple[str, str, bool]]) -> int:
    """Add a multi-level list definition to numbering.xml; returns its numId.

    ``levels``: (template with ``%``, numFmt, restarts under its parent) per level.
    Suffix "nothing": the number is followed directly by the text, as in ``1.旗帜鲜明讲政治``.
    """
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1
    lvls = []
    for ilvl, (template, num_fmt, restarts) in enumerate(levels):
        lvl_text = html.escape(template.replace("%", f"%{ilvl + 1}"))
        restart = "" if restarts or ilvl == 0 else '<w:lvlRestart w:val="0"/>'
        lvls.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{num_fmt}"/>'
            f'{restart}<w:suff w:val="nothing"/><w:lvlText w:val="{lvl_text}"/>'
            f'<w:lvlJc w:val="left"/></w:lvl>'
        )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    # Schema order: every w:abstractNum before the first w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


# fonts-wqy-microhei (Debian) has Chinese, Latin and every punctuation mark of the seeds.
_CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
_LATIN_FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


def find_cjk_font() -> Path | None:
    """A TrueType font (or collection) with Chinese glyphs: ``$RAG_TEST_CJK_FONT``, known
    Debian paths, else the first ``fc-list :lang=zh`` match."""
    env = os.environ.get("RAG_TEST_CJK_FONT")
    if env and Path(env).is_file():
        return Path(env)
    for candidate in _CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
        ).stdout
        for line in sorted(out.splitlines()):
            file = line.split(":")[0].strip()
            if file.endswith((".ttf", ".otf", ".ttc")):
                return Path(file)
    return None


def find_latin_font() -> Path | None:
    """A fallback font for Latin letters, digits and “” that some CJK fonts lack."""
    return next((Path(c) for c in _LATIN_FONT_CANDIDATES if Path(c).is_file()), None)


@functools.cache
def _cmap(font: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    face = TTCollection(str(font))[0] if font.suffix == ".ttc" else TTFont(str(font))
    return frozenset(face.getBestCmap())


def write_pdf(
    text: str,
    path: Path,
    *,
    indent: bool = True,
    font: Path | None = None,
    font_size: float = 11,
) -> Path:
    """A PDF with a real text layer: one paragraph per line, wrapped at the page width
    character by character as Chinese typesetting does; an empty line is vertical space.
    With ``indent``, every paragraph opens with two full-width spaces (``　　``), as
    official documents are typed (GB/T 9704: 每个自然段左空二字).

    Raises ValueError if a character has no glyph in the fonts (it would silently vanish
    from the PDF and the comparison would blame the loader).
    """
    from fpdf import FPDF
    from fpdf.enums import Align, WrapMode, XPos, YPos

    font = font or find_cjk_font()
    if font is None:
        raise FileNotFoundError("no CJK font: apt-get install fonts-wqy-microhei")
    fonts = [font] + [f for f in [find_latin_font()] if f is not None]
    covered: set[int] = set().union(*(_cmap(f) for f in fonts))
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    if missing:
        raise ValueError(f"no glyph for {missing!r} in {[str(f) for f in fonts]}")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    if len(fonts) > 1:
        pdf.add_font("latin", fname=str(fonts[1]))
        pdf.set_fallback_fonts(["latin"])
    pdf.set_font("cjk", size=font_size)
    line_height = font_size * 0.55
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(line_height)
            continue
        pdf.multi_cell(
            0,
            line_height,
            "\u3000\u3000" + line.strip() if indent else line,
            align=Align.L,
            wrapmode=WrapMode.CHAR,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.output(str(path))
    return path
