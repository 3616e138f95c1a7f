"""Read OFD (GB/T 33190-2016, the national fixed-layout format) into text with pages.

No OFD reader on PyPI is both maintained and small enough to trust with uploads here
(the candidates pull in PDF/image toolchains or are single releases), so the package is
read directly — it is a zip of XML parts: ``OFD.xml`` names each document's
``Document.xml``, which lists its pages; each page's ``Content.xml`` holds
``TextObject``/``TextCode`` elements with their positions (millimetres, ``Boundary``
plus ``X``/``Y``, per-glyph ``DeltaX``/``DeltaY``). Characters are placed at those
positions and read in order: lines by baseline, top to bottom, left to right in a line;
templates (``TemplatePage``) are read as part of each page, so a running header there is
found and recorded like a PDF's. Parsing is bounded: zip size and members, XML without
DTDs or entities, pages, characters and time (``Limits``).
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from statistics import median
from typing import Any

from lxml import etree

from rag.errors import LoadError
from rag.load_common import MB, CharBudget, Deadline, Extracted, Limits, brief
from rag.load_pdf import reflow_with_pages, strip_furniture

__all__ = ["Glyph", "OfdPage", "is_ofd", "ofd_pages", "ofd_text", "page_lines"]

_MAX_UNPACKED = 200 * MB
_MAX_MEMBERS = 20_000
_MAX_PART = 32 * MB
_INDENT_SIZES = 1.5  # a line starting this many font sizes right of the margin is indented
_DEFAULT_BOX = (210.0, 297.0)  # A4, millimetres


@dataclass(frozen=True)
class Glyph:
    ch: str
    x: float  # left, millimetres from the page's left edge
    y: float  # baseline, millimetres from the top
    size: float  # font size, millimetres


@dataclass(frozen=True)
class OfdPage:
    width: float
    height: float
    glyphs: tuple[Glyph, ...]


def is_ofd(data: bytes) -> bool:
    """A zip whose root holds ``OFD.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(n.lower() == "ofd.xml" for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise LoadError("OFD 文件已损坏：不是有效的 zip 压缩包") from exc
        unpacked = sum(i.file_size for i in infos)
        if unpacked > _MAX_UNPACKED or len(infos) > _MAX_MEMBERS:
            raise LoadError(
                f"OFD 文件异常：解压后 {unpacked / MB:.0f} MB、{len(infos)} 个部件，"
                "可能是压缩炸弹，拒绝读取"
            )
        self.names = {i.filename.lstrip("/").lower(): i.filename for i in infos}

    def xml(self, name: str) -> Any:
        real = self.names.get(posixpath.normpath(name.lstrip("/")).lower())
        if real is None:
            raise LoadError(f"OFD 文件已损坏：缺少部件 {name}")
        info = self.zf.getinfo(real)
        if info.file_size > _MAX_PART:
            raise LoadError(f"OFD 文件异常：部件 {name} 解压后超过 {_MAX_PART // MB} MB")
        with self.zf.open(info) as member:
            raw = member.read(_MAX_PART + 1)
        if len(raw) > _MAX_PART:
            raise LoadError(f"OFD 文件异常：部件 {name} 解压后超过 {_MAX_PART // MB} MB")
        return etree.fromstring(raw, _parser())


def _resolve(base_file: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))


def _find(el: Any, name: str) -> Any:
    for child in el.iter():
        if _local(child.tag) == name:
            return child
    return None


def _floats(value: str | None) -> list[float]:
    """A number list; ``g n d`` (n times d) expanded as OFD's DeltaX/DeltaY allow."""
    if not value:
        return []
    parts = value.split()
    out: list[float] = []
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            with contextlib.suppress(ValueError):
                out.extend([float(parts[i + 2])] * min(int(float(parts[i + 1])), 100_000))
            i += 3
            continue
        with contextlib.suppress(ValueError):
            out.append(float(parts[i]))
        i += 1
    return out


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    nums = _floats(value)
    return (nums[0], nums[1], nums[2], nums[3]) if len(nums) >= 4 else None


def _glyphs(root: Any, budget: CharBudget) -> list[Glyph]:
    out: list[Glyph] = []
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        try:
            size = float(obj.get("Size", "3.5"))
        except ValueError:
            size = 3.5
        # CTM (a b c d e f) maps the object's own space into its Boundary (e.g. a scale
        # when positions are written in points); size and positions scale with it.
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm[:6] if len(ctm) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = (abs(a * d - b * c) ** 0.5) or 1.0
        x = y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            text = code.text
            budget.take(len(text))
            try:
                x = float(code.get("X", x))
                y = float(code.get("Y", y))
            except ValueError:
                pass
            dx = _floats(code.get("DeltaX"))
            dy = _floats(code.get("DeltaY"))
            cx, cy = x, y
            for i, ch in enumerate(text):
                if not ch.isspace():
                    gx = box[0] + a * cx + c * cy + e
                    gy = box[1] + b * cx + d * cy + f
                    out.append(Glyph(ch, gx, gy, size * scale))
                cx += dx[i] if i < len(dx) else size
                cy += dy[i] if i < len(dy) else 0.0
    return out


def ofd_pages(data: bytes, limits: Limits) -> list[OfdPage]:
    """Every page of the first document in the package, with its glyphs."""
    pkg = _Package(data)
    try:
        root = pkg.xml("OFD.xml")
        doc_root = _find(root, "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise LoadError("OFD 文件已损坏：OFD.xml 没有指明文档（DocRoot）")
        doc_file = _resolve("OFD.xml", doc_root.text)
        document = pkg.xml(doc_file)
        area = _find(document, "PhysicalBox")
        default = _box(area.text if area is not None else None)
        templates: dict[str, str] = {}
        for el in document.iter():
            if _local(el.tag) == "TemplatePage" and el.get("BaseLoc"):
                templates[el.get("ID", "")] = _resolve(doc_file, el.get("BaseLoc", ""))
        page_els = [el for el in document.iter() if _local(el.tag) == "Page" and el.get("BaseLoc")]
        if not page_els:
            raise LoadError("OFD 文件没有页面")
        if len(page_els) > limits.max_pages:
            raise LoadError(
                f"OFD 页数过多（{len(page_els)} 页，上限 {limits.max_pages} 页），请拆分后再导入"
            )
        budget = CharBudget(limits.max_chars)
        deadline = Deadline(limits.max_seconds, "读取 OFD")
        pages: list[OfdPage] = []
        for no, el in enumerate(page_els, 1):
            deadline.check(f"第 {no} 页")
            page_file = _resolve(doc_file, el.get("BaseLoc", ""))
            content = pkg.xml(page_file)
            glyphs: list[Glyph] = []
            for tpl in content.iter():
                if _local(tpl.tag) == "Template" and tpl.get("TemplateID") in templates:
                    glyphs.extend(_glyphs(pkg.xml(templates[tpl.get("TemplateID", "")]), budget))
            glyphs.extend(_glyphs(content, budget))
            own = _find(content, "PhysicalBox")
            box = _box(own.text if own is not None else None) or default
            width, height = (box[2], box[3]) if box else _DEFAULT_BOX
            pages.append(OfdPage(width, height, tuple(glyphs)))
        return pages
    except LoadError:
        raise
    # zipfile and lxml raise many types on damaged parts; all mean "cannot be read".
    except Exception as exc:
        raise LoadError(f"OFD 文件已损坏：{brief(exc)}") from exc
    finally:
        pkg.zf.close()


def page_lines(page: OfdPage) -> list[list[Glyph]]:
    """The page's glyphs as lines in reading order (by baseline, then left to right)."""
    if not page.glyphs:
        return []
    size = median(g.size for g in page.glyphs)
    lines: list[list[Glyph]] = []
    for g in sorted(page.glyphs, key=lambda g: (g.y, g.x)):
        if lines and abs(g.y - lines[-1][0].y) < 0.5 * size:
            lines[-1].append(g)
        else:
            lines.append([g])
    for line in lines:
        line.sort(key=lambda g: g.x)
    return lines


def _line_text(line: list[Glyph]) -> str:
    """A line's characters; a gap where a space was typed becomes one space (wider than
    a character and its spacing: 1.8 sizes, or 1.2 between two Latin letters/digits)."""
    out = ""
    prev: Glyph | None = None
    for g in line:
        if prev is not None:
            gap = (g.x - prev.x) / max(prev.size, 0.1)
            latin = prev.ch.isascii() and g.ch.isascii()
            if gap > 1.8 or (latin and gap > 1.2):
                out += " "
        out += g.ch
        prev = g
    return out


_SPACE = re.compile(r"\s+")


def page_text(page: OfdPage) -> str:
    lines = page_lines(page)
    if not lines:
        return ""
    margin = min(line[0].x for line in lines)
    out = []
    for line in lines:
        indent = line[0].x - margin >= _INDENT_SIZES * line[0].size
        out.append(("\u3000\u3000" if indent else "") + _line_text(line))
    return "\n".join(out)


def ofd_text(data: bytes, limits: Limits) -> Extracted:
    pages = ofd_pages(data, limits)
    texts = [page_text(p) for p in pages]
    if not any(_SPACE.sub("", t) for t in texts):
        raise LoadError("OFD 没有文字内容（可能是扫描件），需要先做 OCR")
    bodies, taken = strip_furniture(texts)
    text, starts = reflow_with_pages(bodies)
    return Extracted(
        text=text,
        pages=starts,
        furniture=tuple((starts[no], line, reason) for no, line, reason in taken),
    )
