"""Ingestion end to end: cleaning with its offset map, load_corpus on real files, format
variants of the seeds, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from seeds import CORPUS, SEEDS

from rag.chunk import chunk_document
from rag.clean import clean_text
from rag.errors import ConfigError
from rag.ingest import build_document, corpus_files, load_corpus
from rag.loaders import load_file
from rag.types import Document, Section

NEWS = CORPUS / f"{SEEDS['004']}.txt"
BOILERPLATE = (
    "版权所有",
    "Copyright",
    "all rights reserved",
    "ICP备",
    "公网安备",
    "责编",
    "刘嘉浩",
    "2022年6月28日",
    "星期二",
    "农历",
)


def seed_raw(key: str) -> str:
    return (CORPUS / f"{SEEDS[key]}.txt").read_text(encoding="utf-8")


def shape(outline: tuple[Section, ...]) -> list[tuple[int, str, str, int]]:
    """What must not depend on the file format: numbers, headings, levels, in order."""
    out = []
    for top in outline:
        out.extend((s.level, s.number, s.heading, len(s.children)) for s in top.walk())
    return out


def check_offset_map(doc: Document, raw: str) -> None:
    assert len(doc.raw_offsets) == len(doc.text)
    assert all(a < b for a, b in zip(doc.raw_offsets, doc.raw_offsets[1:], strict=False))
    assert all(raw[j] == ch for ch, j in zip(doc.text, doc.raw_offsets, strict=True))


# --- cleaning ------------------------------------------------------------------------


def test_news_boilerplate_is_removed_and_the_byline_kept() -> None:
    raw = NEWS.read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    for word in BOILERPLATE:
        assert word in raw
        assert word not in cleaned.text, word
    assert "发布时间:2022年05月12日 11:23" in cleaned.text
    assert "来源:市生态环境局" in cleaned.text
    assert cleaned.text.startswith("固堡垒强基层 抓党建促业务")
    assert cleaned.text.rstrip().endswith("以优异成绩迎接党的二十大胜利召开。")
    # (the counter on the byline is the page's information, kept to be cited: rag.page_fields)
    assert "浏览次数:1560" in cleaned.text
    assert {r.reason for r in cleaned.removed} == {"页面日期", "责编", "版权", "备案号"}
    for r in cleaned.removed:
        assert raw[r.raw_start : r.raw_end].strip().startswith(r.text)


def test_news_body_is_untouched() -> None:
    """Every body line of the page survives cleaning character for character."""
    raw = NEWS.read_text(encoding="utf-8")
    text = clean_text(raw).text
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    body = lines[lines.index("固堡垒强基层 抓党建促业务") : lines.index("(责编:刘嘉浩)")]
    for line in body:
        assert line in text


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_raw_offsets_map_each_character_to_the_raw_file(key: str) -> None:
    raw = seed_raw(key)
    doc = build_document(SEEDS[key], raw)
    check_offset_map(doc, raw)
    if key != "004":
        assert doc.removed == (), "documents without a web page around them lose nothing"
        assert doc.text == raw.lstrip()


def test_cleaning_leaves_body_sentences_about_websites_alone() -> None:
    raw = (
        "一、加强网络阵地管理\n"
        "督促各单位网站完成ICP备案和公网安备登记，规范版权所有信息标注。\n"
        "门户网站全年访问量：12万人次，点击数：3000次。\n"
        "发布时间：2023-01-05  来源：区委组织部  浏览次数：77\n"
        "本单位网站的全部栏目都按要求完成了整改。\n"
        "浏览次数：78\n"
        "Copyright © 2023 某某网站\n"
    )
    cleaned = clean_text(raw)
    assert "督促各单位网站完成ICP备案和公网安备登记，规范版权所有信息标注。" in cleaned.text
    assert "门户网站全年访问量：12万人次，点击数：3000次。" in cleaned.text
    assert "浏览次数：78" not in cleaned.text and "Copyright" not in cleaned.text
    assert "浏览次数：77" in cleaned.text  # (on the byline: the page's own information)
    assert "来源：区委组织部" in cleaned.text
    assert all(raw[j] == ch for ch, j in zip(cleaned.text, cleaned.raw_offsets, strict=True))


# --- load_corpus on the real corpus -----------------------------------------------------


def test_load_corpus_reads_every_seed() -> None:
    corpus = load_corpus(CORPUS)
    assert corpus.skipped == ()
    assert corpus.metadata_error is None
    assert sorted(d.doc_id for d in corpus.documents) == sorted(SEEDS.values())
    entries = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
    for doc in corpus.documents:
        raw = (CORPUS / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        check_offset_map(doc, raw)
        assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        assert doc.encoding == "utf-8"
        assert doc.meta.source_file == entries[f"{doc.doc_id}.txt"]["source_file"]
        assert doc.outline


def test_corpus_files_leave_out_hidden_temporary_and_metadata_files(tmp_path: Path) -> None:
    for name in ("a.txt", ".hidden.txt", "~$a.docx", "b.txt.part", "c.tmp", "metadata.json"):
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in corpus_files(tmp_path)] == ["a.txt"]


def test_missing_corpus_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="不存在"):
        load_corpus(tmp_path / "nowhere")


# --- format variants --------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_outline_is_the_same_in_every_format(key: str, tmp_path: Path) -> None:
    variants = pytest.importorskip("variants")
    raw = seed_raw(key)
    expected = shape(build_document("utf8", raw).outline)
    assert expected
    files = {
        "utf-8 txt": variants.write_txt(raw, tmp_path / "a.txt"),
        "gbk txt": variants.write_txt(raw, tmp_path / "b.txt", encoding=variants.gb_encoding(raw)),
        "docx": variants.write_docx(raw, tmp_path / "c.docx"),
        "docx with headings": variants.write_docx(raw, tmp_path / "d.docx", headings=True),
        # 一、 （一） 1. numbers that Word generates from numbering.xml, not typed text.
        "docx with list numbers": variants.write_numbered_docx(raw, tmp_path / "f.docx"),
        "md": variants.write_md(raw, tmp_path / "g.md"),
        "html": variants.write_html(raw, tmp_path / "h.html"),
    }
    if variants.find_cjk_font() is not None:
        files["pdf"] = variants.write_pdf(raw, tmp_path / "e.pdf")
    for fmt, path in files.items():
        loaded = load_file(path)
        doc = build_document(path.stem, loaded.text, encoding=loaded.encoding)
        assert shape(doc.outline) == expected, fmt
        for c in chunk_document(doc):
            assert c.text == doc.text[c.start : c.end]
    assert "pdf" in files, "no CJK font: apt-get install fonts-wqy-microhei"


def test_gbk_file_reports_its_encoding(tmp_path: Path) -> None:
    raw = seed_raw("003")
    (tmp_path / "政研室.txt").write_bytes(raw.encode("gbk"))
    corpus = load_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.encoding in ("gbk", "gb18030")
    assert doc.text == raw.lstrip()
    assert len([t for p in doc.outline for t in p.children]) == 19


# --- bad input --------------------------------------------------------------------------


def test_bad_files_are_skipped_by_name_with_a_reason(tmp_path: Path) -> None:
    shutil.copy(CORPUS / f"{SEEDS['000']}.txt", tmp_path)
    shutil.copy(NEWS, tmp_path)
    (tmp_path / "空文件.txt").write_bytes(b"")
    (tmp_path / "图片改名.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(400)
    )
    (tmp_path / "乱码.txt").write_bytes(("正文".encode() + b"\x80\xff\xfe\x81") * 40)
    (tmp_path / "损坏.docx").write_bytes(os.urandom(600))
    # A real .docx cut in half (a download that did not finish).
    pytest.importorskip("docx")
    import docx

    whole = tmp_path / "whole.docx"
    d = docx.Document()
    d.add_paragraph("一、强化政治建设")
    d.save(str(whole))
    (tmp_path / "截断.docx").write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    (tmp_path / "表格.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "只有页脚.txt").write_text("粤ICP备14006357号\n版权所有\n", encoding="utf-8")

    corpus = load_corpus(tmp_path)
    assert sorted(d.doc_id for d in corpus.documents) == sorted([SEEDS["000"], SEEDS["004"]])
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert set(reasons) == {
        "空文件.txt",
        "图片改名.txt",
        "乱码.txt",
        "损坏.docx",
        "截断.docx",
        "表格.xls",
        "只有页脚.txt",
    }
    assert "空" in reasons["空文件.txt"]
    assert "二进制" in reasons["图片改名.txt"]
    assert "编码" in reasons["乱码.txt"]
    assert "docx" in reasons["损坏.docx"] and "损坏" in reasons["损坏.docx"]
    assert "docx" in reasons["截断.docx"]
    assert "不支持" in reasons["表格.xls"]
    assert "没有正文" in reasons["只有页脚.txt"]
    # The good documents are fully ingested.
    news = next(d for d in corpus.documents if d.doc_id == SEEDS["004"])
    assert len(news.outline) == 6 and news.meta.date == "2022-05-12"


def test_files_sharing_a_stem_are_separate_documents_named_by_file(tmp_path: Path) -> None:
    (tmp_path / "要点.md").write_text("一、甲\n正文。\n", encoding="utf-8")
    (tmp_path / "要点.txt").write_text("一、乙\n正文。\n", encoding="utf-8")
    (tmp_path / "要点.doc").write_bytes(b"old word")  # a broken .doc: skipped with a reason
    (tmp_path / "总结.txt").write_text("一、丙\n正文。\n", encoding="utf-8")
    (tmp_path / "总结.bak").write_text("旧稿\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    docs = {d.doc_id: d.meta.file for d in corpus.documents}
    assert docs == {"要点.md": "要点.md", "要点.txt": "要点.txt", "总结": "总结.txt"}
    assert {s.path for s in corpus.skipped} == {"要点.doc", "总结.bak"}
    assert load_corpus(tmp_path).documents == corpus.documents  # the same ids every time


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.txt"], {"a.txt": "a"}),
        (["a.txt", "a.docx", "a.xls", "a"], {"a.txt": "a.txt", "a.docx": "a.docx"}),
        # .doc is read (antiword), so it is a document file like the others
        (["a.txt", "a.doc"], {"a.txt": "a.txt", "a.doc": "a.doc"}),
        # a stem that is another file's full name: full names, still all distinct
        (["a.txt", "a.txt.txt"], {"a.txt": "a", "a.txt.txt": "a.txt.txt"}),
        (["a.txt", "a.md", "a.txt.md"], {"a.txt": "a.txt", "a.md": "a.md", "a.txt.md": "a.txt.md"}),
        (["报告.TXT", "报告.txt"], {"报告.TXT": "报告.TXT", "报告.txt": "报告.txt"}),
    ],
)
def test_document_ids_are_unique_per_file(names: list[str], expected: dict[str, str]) -> None:
    from rag.ingest import document_ids

    ids = document_ids(names)
    assert ids == expected
    assert len(set(ids.values())) == len(ids)


def test_a_docx_is_ingested_like_the_text_it_holds(tmp_path: Path) -> None:
    variants = pytest.importorskip("variants")
    raw = seed_raw("001")
    variants.write_docx(raw, tmp_path / "总结.docx")
    (doc,) = load_corpus(tmp_path).documents
    assert doc.meta.department == "市生态环境局"
    assert [len(p.children) for p in doc.outline] == [3, 3, 3, 3]


def test_zip_that_is_not_a_docx_is_skipped(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "压缩包.docx", "w") as z:
        z.writestr("readme.txt", "not a word document")
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    (skipped,) = corpus.skipped
    assert skipped.path == "压缩包.docx" and "docx" in skipped.reason
