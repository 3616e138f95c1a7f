"""Small files that cause huge work, as an attacker uploads them (issue 10 items 7 and 8).

- ``docx_text_bomb``: a ~590 KB .docx whose document.xml (under the 200 MB unpacked
  limit) expands to far more text than any real document: one run repeated in millions
  of paragraphs;
- ``pdf_shared_stream_bomb``: a ~3-6 KB PDF of 20 pages that all share one compressed
  content stream inflating to megabytes of text operators.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

__all__ = ["docx_text_bomb", "pdf_shared_stream_bomb"]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_text_bomb(path: Path, paragraphs: int = 2_600_000) -> Path:
    """A valid .docx: ``paragraphs`` paragraphs of 党建工作要点 (~36 characters of XML
    per character of text, ~150 MB unpacked, ~590 KB packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        with zf.open("word/document.xml", "w") as out:
            out.write(
                f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}"><w:body>'.encode()
            )
            para = "<w:p><w:r><w:t>党建工作要点</w:t></w:r></w:p>".encode()
            block = para * 10_000
            for _ in range(paragraphs // 10_000):
                out.write(block)
            out.write(b"</w:body></w:document>")
    return path


def pdf_shared_stream_bomb(path: Path, pages: int = 20, ops: int = 400_000) -> Path:
    """``pages`` pages whose /Contents is one shared FlateDecode stream of ``ops`` text
    operators (2.8 MB decoded for the default): a few KB on disk."""
    content = b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * ops + b"ET"
    packed = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
        + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    font = 4 + pages
    objs += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % font
    ] * pages
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path
