"""Variants in the formats offices keep, built at test time from a text with one paragraph
per line (the same texts as ``variants``):

- ``write_doc``          Word 97-2003 ``.doc`` (or a ``.wps``, which WPS Writer saves in the
                         same OLE2 binary format) written by LibreOffice headless from a
                         ``.docx`` (``variants.write_docx``)
- ``write_ofd``          a hand-built OFD package (GB/T 33190): OFD.xml → Document.xml →
                         Pages/Page_N/Content.xml, one TextObject per line with per-glyph
                         ``DeltaX``, paragraphs indented two characters, optional running
                         header and page numbers
- ``write_scanned_pdf``  pages of the text rendered to images with a CJK font (a scan: no
                         text layer), optionally a red seal drawn over part of the first page
- ``layout``             the wrapped lines of each page both of the last two use
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import variants

__all__ = ["layout", "soffice", "write_doc", "write_ofd", "write_scanned_pdf"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_doc(text: str, path: Path, *, headings: bool = False) -> Path:
    """``path`` (``.doc`` or ``.wps``): the ``.docx`` variant saved as MS Word 97 by LibreOffice."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="rag-doc-") as tmp:
        src = variants.write_docx(text, Path(tmp) / "src.docx", headings=headings)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(Path(tmp) / "src.doc", path)
    return path


def layout(text: str, per_line: int, per_page: int) -> list[list[tuple[bool, str]]]:
    """Pages of (indented, line): each paragraph opens indented by two characters and is
    wrapped every ``per_line`` characters, ``per_page`` lines a page."""
    lines: list[tuple[bool, str]] = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        first = per_line - 2
        lines.append((True, para[:first]))
        lines.extend((False, para[i : i + per_line]) for i in range(first, len(para), per_line))
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


_OFD_NS = "http://www.ofdspec.org/2016"


def write_ofd(
    text: str,
    path: Path,
    *,
    header: str | None = None,
    page_numbers: bool = True,
    per_line: int = 28,
    per_page: int = 22,
    ctm: float | None = None,
) -> Path:
    """An OFD with one text object per line, glyphs 5 mm apart (A4, GB/T 9704 margins).
    With ``ctm``, each text object writes its size and positions in a space scaled by
    ``1/ctm`` and maps them back with ``CTM="ctm 0 0 ctm 0 0"`` (as writers that work in
    points do)."""
    size, left, top, pitch = 5.0, 27.0, 37.0, 10.0
    pages = layout(text, per_line, per_page)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_OFD_NS}" '
            'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>t</ofd:DocID>'
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(
            f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}">'
            "<ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        zf.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{_OFD_NS}" '
            'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        oid = 100
        for no, lines in enumerate(pages):
            objs = []

            def obj(x: float, y: float, s: str, oid: int) -> str:
                width = size * len(s)
                k = 1 / ctm if ctm else 1.0
                own = size * k
                esc = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                delta = f' DeltaX="g {len(s) - 1} {own}"' if len(s) > 1 else ""
                matrix = f' CTM="{ctm} 0 0 {ctm} 0 0"' if ctm else ""
                return (
                    f'<ofd:TextObject ID="{oid}" Boundary="{x} {y - size} {width + 1} {size * 1.4}" '
                    f'Font="1" Size="{own}"{matrix}><ofd:FillColor Value="0 0 0"/>'
                    f'<ofd:TextCode X="0" Y="{own}"{delta}>{esc}</ofd:TextCode></ofd:TextObject>'
                )

            if header:
                oid += 1
                objs.append(obj(left, top - 14, header, oid))
            for i, (indented, line) in enumerate(lines):
                oid += 1
                x = left + (2 * size if indented else 0)
                objs.append(obj(x, top + i * pitch, line, oid))
            if page_numbers:
                oid += 1
                objs.append(obj(100, 280, f"- {no + 1} -", oid))
            zf.writestr(
                f"Doc_0/Pages/Page_{no}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_OFD_NS}">'
                '<ofd:Content><ofd:Layer ID="2">' + "".join(objs) + "</ofd:Layer></ofd:Content>"
                "</ofd:Page>",
            )
    return path


def write_scanned_pdf(
    text: str,
    path: Path,
    *,
    seal: bool = False,
    dpi: int = 150,
    per_line: int = 26,
    per_page: int = 24,
    max_pages: int | None = None,
) -> Path:
    """A PDF of page images only (no text layer): the text rendered at ``dpi`` with a CJK
    font at about 三号 (16 pt), as a scanner would produce; ``seal`` draws a red seal
    (ring, star, organisation name) over the text of the first page."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = variants.find_cjk_font()
    if font_path is None:
        raise FileNotFoundError("no CJK font: apt-get install fonts-wqy-microhei")
    px = dpi / 72
    size = round(16 * px)
    font = ImageFont.truetype(str(font_path), size)
    width, height = round(595 * px), round(842 * px)
    left, top, pitch = round(75 * px), round(90 * px), round(size * 1.75)
    images = []
    for no, lines in enumerate(layout(text, per_line, per_page)[:max_pages]):
        img = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(img)
        for i, (indented, line) in enumerate(lines):
            x = left + (2 * size if indented else 0)
            draw.text((x, top + i * pitch), line, font=font, fill=(20, 20, 20))
        if seal and no == 0:
            cx, cy, r = width * 0.62, top + pitch * 3, round(size * 3.2)
            ring = (220, 30, 30)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ring, width=max(3, size // 8))
            small = ImageFont.truetype(str(font_path), size // 2)
            draw.text((cx - r * 0.7, cy - size // 4), "中共某某委员会", font=small, fill=ring)
            draw.regular_polygon((cx, cy - r * 0.45, size // 2), 5, fill=ring)
        images.append(img)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=85)
    return path
