"""Bad documents in the corpus folder: each one is reported by name with a reason, nothing
else is lost, and the index built next to them stays consistent.

A corpus folder is filled with real files made at test time (python-docx, fpdf2 + pypdf,
zipfile, plain bytes): empty, binary, 50 MB of text, zip bombs (a huge declared member, a
member that lies about its size, entity expansion, 100 000 nested elements), an encrypted
and an image-only PDF, a file mixing UTF-8 and GBK, text strewn with control characters, a
1 MB single line, other encodings, a name with Chinese and spaces. They go through
``load_corpus`` in this process and through ``rag index`` / ``rag ask`` as subprocesses.

Size policy (``rag.ingest``): files over ``MAX_FILE_BYTES`` (20 MB, the upload limit) are
refused from their size alone, before a byte is read; texts over ``MAX_DOCUMENT_CHARS``
(one million characters) are refused after decoding, before cleaning and chunking.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import variants
from apprun import run_rag
from seeds import SMALL_DOCS

from rag.chunk import chunk_document
from rag.config import Settings
from rag.ingest import MAX_DOCUMENT_CHARS, MAX_FILE_BYTES, load_corpus
from rag.store import load_index

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MAX_CHARS = Settings().chunk_max_chars

# --- good documents (their text is known exactly) ------------------------------------------

PLAN = SMALL_DOCS["市委组织部-2023年机关党建工作要点.txt"]
SPACED_NAME = "市委 宣传部 2023年 工作总结.txt"
SPACED_TEXT = (
    "市委宣传部2023年工作总结\n"
    "今年以来，市委宣传部深入开展理论宣讲，组织“理论进社区”宣讲活动128场。\n"
    "一、理论武装\n全年举办读书班6期，覆盖党员干部900余人次。\n"
)
GBK_TEXT = "市委政研室2023年工作要点\n一、深化调查研究\n围绕中心工作开展专题调研12项。\n"
UTF16_TEXT = "市机关工委2023年工作总结\n一、强化基层组织\n全年新建党支部3个，发展党员15名。\n"
CONTROL_CLEAN = "市档案局2023年工作要点\n一、规范档案管理\n" + "".join(
    f"{i}.推进第{i}批档案数字化，完成馆藏档案扫描{i}万卷，做好档案安全检查工作。\n"
    for i in range(1, 11)
)
LONG_SENTENCE = "认真落实三会一课制度推进学习型机关建设，"  # 20 characters, 60 bytes


def _control_bytes() -> bytes:
    """``CONTROL_CLEAN`` with terminal escapes, a bell, form feeds, DEL and a stray NUL
    sprinkled in (under 2 % of the text): a text with junk in it, not a binary file."""
    a, b = CONTROL_CLEAN.split("一、", 1)
    junk = "\x1b\x07\x0c\x7f\x01\x08"
    return (a + junk[:3]).encode() + b"\x00" + ("一、" + b[:5] + junk[3:] + b[5:]).encode()


def _long_line() -> str:
    """One line of about 1 MB (UTF-8) of Chinese text, no newline at all."""
    return LONG_SENTENCE * (MB // len(LONG_SENTENCE.encode()) + 1)


# --- bad documents -------------------------------------------------------------------------


def _write_big_text(path: Path, size: int) -> None:
    line = "一、加强党的政治建设。认真落实“三会一课”制度，推进学习型机关建设。\n".encode()
    with path.open("wb") as f:
        for _ in range(size // len(line) + 1):
            f.write(line)


def _docx_bytes(tmp: Path, text: str = "一、总体要求\n正文内容。") -> bytes:
    return variants.write_docx(text, tmp / "base.docx").read_bytes()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = content if info.filename == name else zin.read(info.filename)
            zout.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _declared_bomb(path: Path) -> None:
    """A small .docx whose document part inflates to 300 MB (and says so in its header)."""
    zeros = bytes(MB)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(zeros)


def _lying_bomb(path: Path, tmp: Path) -> None:
    """A .docx whose document part inflates to 300 MB while its headers claim 2 000 bytes:
    the declared-size check passes, so the reader itself must stop at the declared size."""
    with zipfile.ZipFile(io.BytesIO(_docx_bytes(tmp))) as zin:
        parts = {n: zin.read(n) for n in zin.namelist() if n != "word/document.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
        with zf.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(b" " * MB)
    raw = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("word/document.xml")
    assert raw[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, info.header_offset + 22, 2000)  # local header
    central = raw.rfind(b"PK\x01\x02")  # the last central record is this member's
    struct.pack_into("<I", raw, central + 24, 2000)
    path.write_bytes(bytes(raw))


def _nested_docx(path: Path, tmp: Path) -> None:
    """100 000 nested content controls around one paragraph."""
    good = _docx_bytes(tmp)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        xml = zf.read("word/document.xml").decode()
    depth = 100_000
    nest = (
        "<w:sdt><w:sdtContent>" * depth
        + "<w:p><w:r><w:t>深层内容</w:t></w:r></w:p>"
        + "</w:sdtContent></w:sdt>" * depth
    )
    xml = xml.replace("<w:body>", "<w:body>" + nest, 1)
    path.write_bytes(_replace_member(good, "word/document.xml", xml.encode()))


def _entity_bomb_docx(path: Path, tmp: Path) -> None:
    """The 'billion laughs': nested XML entities that expand to 10⁹ characters."""
    good = _docx_bytes(tmp)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        xml = zf.read("word/document.xml").decode()
    entities = ['<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE w:document [{''.join(entities)}]>"
    body = xml[xml.index("?>") + 2 :].replace(
        "<w:body>", "<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p>", 1
    )
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype + body
    path.write_bytes(_replace_member(good, "word/document.xml", xml.encode()))


def _pdf(tmp: Path) -> bytes:
    font = variants.find_cjk_font()
    if font is None:
        pytest.fail("no CJK font for the PDF files: apt-get install fonts-wqy-microhei")
    return variants.write_pdf("一、总体要求\n正文内容。", tmp / "plain.pdf", font=font).read_bytes()


def _encrypted_pdf(path: Path, tmp: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(tmp))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)


def _image_only_pdf(path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(Image.new("RGB", (300, 400), "white"), x=10, y=10, w=180)
    pdf.output(str(path))


# name -> (maker(path, tmp), words the reason must contain)
BAD: dict[str, tuple[Callable[[Path, Path], None], tuple[str, ...]]] = {
    "空文件.txt": (lambda p, t: p.write_bytes(b""), ("文件为空",)),
    "空白.md": (lambda p, t: p.write_text(" \n\u3000\n\t", encoding="utf-8"), ("文件为空",)),
    "二进制.txt": (lambda p, t: p.write_bytes(random.Random(1).randbytes(8192)), ("不是文本文件",)),
    "伪装图片.html": (
        lambda p, t: p.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(4000)),
        ("不是文本文件", "PNG"),
    ),
    "超大文本.txt": (
        lambda p, t: _write_big_text(p, 50 * MB),
        ("文件过大", "50.0 MB", "上限 20 MB"),
    ),
    "正文过长.txt": (
        lambda p, t: p.write_text("党" * (MAX_DOCUMENT_CHARS + 1), encoding="utf-8"),
        ("正文过长", f"{MAX_DOCUMENT_CHARS + 1}", "拆分"),
    ),
    "压缩炸弹.docx": (lambda p, t: _declared_bomb(p), ("压缩炸弹",)),
    "谎报大小.docx": (_lying_bomb, ("docx 文件已损坏",)),
    "深层嵌套.docx": (_nested_docx, ("docx 文件已损坏",)),
    "实体炸弹.docx": (_entity_bomb_docx, ("docx 文件已损坏",)),
    "加密.pdf": (_encrypted_pdf, ("PDF 已加密", "密码")),
    "扫描件.pdf": (lambda p, t: _image_only_pdf(p), ("没有文本层", "OCR")),
    "混合编码.txt": (
        lambda p, t: p.write_bytes(PLAN.encode("utf-8") + PLAN.encode("gbk")),
        ("无法识别编码",),
    ),
    "改了扩展名.docx": (lambda p, t: p.write_text(PLAN, encoding="utf-8"), ("docx 文件已损坏",)),
    # .doc is read now (antiword); a damaged one is refused with a reason
    "旧版文档.doc": (
        lambda p, t: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600)),
        ("Word 文件已损坏",),
    ),
}

# name -> (bytes maker, the text the document must hold after loading)
GOOD: dict[str, tuple[Callable[[], bytes], str]] = {
    "市委组织部-2023年机关党建工作要点.txt": (lambda: PLAN.encode("utf-8"), PLAN),
    SPACED_NAME: (lambda: SPACED_TEXT.encode("utf-8"), SPACED_TEXT),
    "GBK编码.txt": (lambda: GBK_TEXT.encode("gbk"), GBK_TEXT),
    "UTF16编码.txt": (lambda: UTF16_TEXT.encode("utf-16"), UTF16_TEXT),
    "控制字符.txt": (_control_bytes, CONTROL_CLEAN),
    "超长单行.txt": (lambda: _long_line().encode("utf-8"), _long_line()),
}


def write_good(corpus: Path) -> None:
    for name, (make, _) in GOOD.items():
        (corpus / name).write_bytes(make())


def write_bad(corpus: Path, tmp: Path) -> None:
    for name, (make, _) in BAD.items():
        make(corpus / name, tmp)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("bad-corpus")
    write_good(corpus)
    write_bad(corpus, tmp_path_factory.mktemp("scratch"))
    return corpus


def no_space(text: str) -> str:
    return re.sub(r"\s", "", text)


# --- load_corpus ---------------------------------------------------------------------------


def test_the_bad_files_are_what_they_claim(bad_corpus: Path) -> None:
    assert (bad_corpus / "超大文本.txt").stat().st_size >= 50 * MB
    assert (bad_corpus / "压缩炸弹.docx").stat().st_size < MB
    with zipfile.ZipFile(bad_corpus / "压缩炸弹.docx") as zf:
        assert zf.getinfo("word/document.xml").file_size == 300 * MB
    with zipfile.ZipFile(bad_corpus / "谎报大小.docx") as zf:
        assert zf.getinfo("word/document.xml").file_size == 2000
        assert zf.getinfo("word/document.xml").compress_size > 2000
    assert (bad_corpus / "超长单行.txt").stat().st_size >= MB
    assert b"\n" not in (bad_corpus / "超长单行.txt").read_bytes()
    assert b"\x00" in (bad_corpus / "控制字符.txt").read_bytes()
    assert Settings().max_upload_bytes == MAX_FILE_BYTES


def test_every_bad_file_is_skipped_by_name_with_its_reason(bad_corpus: Path) -> None:
    corpus = load_corpus(bad_corpus)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert set(reasons) == set(BAD)
    for name, (_, words) in BAD.items():
        for word in words:
            assert word in reasons[name], (name, reasons[name])
        assert "Traceback" not in reasons[name] and len(reasons[name]) < 200


def test_nothing_else_is_lost_and_good_text_is_exact(bad_corpus: Path) -> None:
    corpus = load_corpus(bad_corpus)
    docs = {d.meta.source_file: d for d in corpus.documents}
    assert set(docs) == set(GOOD)
    for name, (_, text) in GOOD.items():
        assert no_space(docs[name].text) == no_space(text), name
    assert docs["GBK编码.txt"].encoding == "gbk"
    assert docs["UTF16编码.txt"].encoding.startswith("utf-16")
    assert docs[SPACED_NAME].doc_id == Path(SPACED_NAME).stem


def test_control_characters_are_removed_and_the_text_kept(bad_corpus: Path) -> None:
    doc = next(d for d in load_corpus(bad_corpus).documents if d.doc_id == "控制字符")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", doc.text)
    assert doc.text.strip() == CONTROL_CLEAN.strip()
    assert [s.number for s in doc.sections()] == ["一、", *(f"{i}." for i in range(1, 11))]


def test_a_one_megabyte_line_is_chunked_into_exact_slices(bad_corpus: Path) -> None:
    doc = next(d for d in load_corpus(bad_corpus).documents if d.doc_id == "超长单行")
    assert len(doc.text) == len(_long_line())
    chunks = chunk_document(doc, MAX_CHARS)
    assert len(chunks) >= len(doc.text) // MAX_CHARS
    assert all(0 < len(c.text) <= MAX_CHARS for c in chunks)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)
    covered = sum(len(c.text) for c in chunks)
    assert covered >= len(doc.text) * 0.99  # only the spaces between chunks are left out


def test_huge_files_are_refused_in_bounded_memory(bad_corpus: Path) -> None:
    """The 50 MB text is refused from its size: the loading process never holds it.
    Its peak memory (VmHWM) stays far below what reading it would take (>1 GB)."""
    code = (
        "import re, sys\n"
        "from rag.ingest import load_corpus\n"
        "c = load_corpus(sys.argv[1])\n"
        "print(len(c.documents), len(c.skipped))\n"
        # VmHWM belongs to this process's own memory map (ru_maxrss would also count the
        # parent's size at fork, inherited across exec).
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(bad_corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.split()
    docs, skipped, peak_mb = (int(x) for x in out)
    print(f"load_corpus over the bad corpus: peak RSS {peak_mb} MB")
    assert (docs, skipped) == (len(GOOD), len(BAD))
    assert peak_mb < 400


# --- rag index / rag ask as a user runs them ----------------------------------------------


@pytest.mark.slow
def test_rag_index_reports_bad_files_and_keeps_the_index_consistent(
    bad_corpus: Path, tmp_path: Path, bundled_embedder: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    index = tmp_path / "index"
    write_good(corpus)

    # First only the good files, then the bad ones join them: nothing indexed is lost.
    first = run_rag("index", "--corpus", str(corpus), "--index", str(index), "--json", "--quiet")
    assert first.returncode == 0, first.stderr
    for name in BAD:
        os.link(bad_corpus / name, corpus / name)
    second = run_rag("index", "--corpus", str(corpus), "--index", str(index), "--json", "--quiet")
    assert second.returncode == 3, second.stderr  # some files were skipped
    report = json.loads(second.stdout)
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert set(skipped) == set(BAD)
    for name, (_, words) in BAD.items():
        assert all(w in skipped[name] for w in words), (name, skipped[name])
        assert f"跳过 {name}：{skipped[name]}" in second.stderr
    good_ids = {Path(n).stem for n in GOOD}
    assert set(report["unchanged"]) == good_ids
    assert report["added"] == report["changed"] == report["removed"] == []
    assert "Traceback" not in second.stderr

    # The index on disk matches the documents that were loaded.
    loaded = load_corpus(corpus)
    data = load_index(index, bundled_embedder.id)  # type: ignore[attr-defined]
    assert {d.doc_id for d in data.documents} == good_ids
    expected = {d.doc_id: len(chunk_document(d, MAX_CHARS)) for d in loaded.documents}
    got = {d: sum(1 for c in data.chunks if c.doc_id == d) for d in good_ids}
    assert got == expected
    assert data.vectors.ntotal == len(data.chunks) == sum(expected.values())
    by_id = {d.doc_id: d for d in data.documents}
    assert all(by_id[c.doc_id].text[c.start : c.end] == c.text for c in data.chunks)

    # A document whose file name has Chinese and spaces answers, and is cited by that name.
    spaced = Path(SPACED_NAME).stem
    asked = run_rag(
        "ask", "理论进社区宣讲活动开展了多少场？", "--doc", spaced,
        "--corpus", str(corpus), "--index", str(index), "--json",
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] is True and "128" in answer["answer"]
    assert {c["doc"] for c in answer["citations"]} == {spaced}
