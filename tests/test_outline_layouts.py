"""List questions on layouts that mark structure without 一、 numbering, and on rules
(issue 12, list side; tests/data/own/outlines, built by tests/data/own/make_outlines.py):

- a Word heading style, or a paragraph wholly in bold, is kept as Markdown marks it
  (``#``/``**``) and is an outline level above the numbered items of its body;
- unnumbered Markdown ``##`` headings are the upper levels of a plan that also has
  numbered items or a task table, and bold-lead items (``**…。** 正文``, ``- **…**：…``)
  the items of a section with none numbered;
- a rule's 第N章 → 第N条 → （一） (the items running on in the article's paragraph); a 条
  by its number across chapters; a 第N章 past the last one refused, naming what exists;
- ranges of positions (第二到第四点), 分别 over one document's list, a count of a list
  noun (提了几个要求), a list named by one of its items (…那几条).

The slow tests pin the list recall on the tuned questions and a floor on the held-out
ones (written with them, never tuned on).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from doclib import cited_text, open_library

from rag.eval import aggregate, load_questions, score_answer
from rag.load_common import Limits
from rag.load_docx import docx_text
from rag.numbers import asked_value
from rag.outline import parse_outline
from rag.outline_match import ordinal_references, resolve_ordinals
from rag.positions import missing_position
from rag.question import compares_by_each_only
from rag.types import Section

DATA = Path(__file__).resolve().parent / "data" / "own"
TUNED = DATA / "outlines" / "tuned"
HELDOUT = DATA / "outlines" / "heldout"


def _tree(sections: tuple[Section, ...], depth: int = 0) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for s in sections:
        out.append((depth, s.label))
        out.extend(_tree(s.children, depth + 1))
    return out


def _docx(build: object) -> str:
    d = docx.Document()
    build(d)  # type: ignore[operator]
    buf = io.BytesIO()
    d.save(buf)
    return docx_text(buf.getvalue(), Limits()).text


# --- loader: layout kept ---------------------------------------------------------------


def test_word_heading_styles_become_markdown_levels() -> None:
    def build(d: docx.document.Document) -> None:
        d.add_heading("某局2025年工作安排", level=0)
        d.add_paragraph("为做好全年工作，制定本安排。")
        d.add_heading("加强思想建设", level=1)
        d.add_heading("抓好集中学习", level=2)
        d.add_paragraph("每月学习一次。")
        d.add_heading("一、已编号的标题", level=1)

    text = _docx(build)
    lines = text.splitlines()
    assert lines[0] == "某局2025年工作安排"  # the title is left as it is
    assert "# 加强思想建设" in lines
    assert "## 抓好集中学习" in lines
    assert "一、已编号的标题" in lines  # a numbered heading needs no mark
    assert "每月学习一次。" in lines


def test_bold_paragraphs_are_marked_but_not_bold_sentences() -> None:
    def build(d: docx.document.Document) -> None:
        d.add_paragraph("某馆工作安排")
        d.add_paragraph().add_run("夯实思想基础").bold = True
        d.add_paragraph("（一）深化学习。每月一次。")
        d.add_paragraph().add_run("这是一句加粗的正文。").bold = True
        p = d.add_paragraph()
        p.add_run("部分加粗").bold = True
        p.add_run("的段落")

    lines = _docx(build).splitlines()
    assert "**夯实思想基础**" in lines
    assert "这是一句加粗的正文。" in lines
    assert "部分加粗的段落" in lines


# --- outline ---------------------------------------------------------------------------


def test_layout_headings_over_numbered_items() -> None:
    text = (
        "某馆2025年党建工作安排\n为推进工作，现安排如下。\n"
        "**夯实思想基础**\n（一）深化学习。每月一次。\n（二）用好资源。编印读本。\n"
        "**建强组织体系**\n（一）规范组织生活。按月开展。\n（二）加强班子建设。参加培训。\n"
        "中共某馆支部委员会\n"
    )
    assert _tree(parse_outline(text)) == [
        (0, "夯实思想基础"),
        (1, "（一）深化学习"),
        (1, "（二）用好资源"),
        (0, "建强组织体系"),
        (1, "（一）规范组织生活"),
        (1, "（二）加强班子建设"),
    ]


def test_bold_dates_and_signatures_leave_a_numbered_outline() -> None:
    text = (
        "某局工作要点\n**（2025年3月1日）**\n为推进工作，制定本要点。\n"
        "**重点任务**\n一、加强学习\n每月学习一次。\n二、建强组织\n规范组织生活。\n"
        "**中共某局委员会**\n2025年3月1日\n"
    )
    labels = [label for _, label in _tree(parse_outline(text))]
    assert labels == ["一、加强学习", "二、建强组织"]


def test_markdown_headings_with_bold_lead_items_and_a_table() -> None:
    text = (
        "# 某局2025年要点\n\n总体思路是：坚持党建引领。\n\n## 坚持政治引领\n\n"
        "**深入学习理论。** 落实第一议题制度。\n\n**严格请示报告。** 及时请示报告。\n\n"
        "## 推动融合发展\n\n- **实施先锋工程**：设立先锋岗。\n- **打造党建品牌**：总结提炼。\n\n"
        "## 任务分工\n\n| 序号 | 任务 | 责任部门 |\n| --- | --- | --- |\n"
        "| 1 | 制定学习计划 | 办公室 |\n| 2 | 组织专题培训 | 人事科 |\n"
    )
    tree = [(d, label.strip("|").strip()) for d, label in _tree(parse_outline(text))]
    assert tree[:6] == [
        (0, "坚持政治引领"),
        (1, "深入学习理论"),
        (1, "严格请示报告"),
        (0, "推动融合发展"),
        (1, "实施先锋工程"),
        (1, "打造党建品牌"),
    ]
    assert tree[6] == (0, "任务分工")
    assert [d for d, _ in tree[7:]] == [1, 1]


def test_numbered_markdown_headings_keep_their_numbers() -> None:
    text = "# 标题\n\n前言。\n\n## 一、学习重点\n\n正文。\n\n## 二、学习方式\n\n正文。\n\n## 工作要求\n\n正文。\n"
    labels = [label for _, label in _tree(parse_outline(text))]
    assert labels[:2] == ["一、学习重点", "二、学习方式"]


RULE = (
    "某支部\n某办法\n\n第一章　总则\n\n第一条　为规范工作，制定本办法。\n\n"
    "第二章　内容\n\n第二条　活动内容包括：（一）集中学习；（二）交纳党费；（三）志愿服务。\n\n"
    "第三条　活动按照以下程序：（一）确定主题；（二）发布通知。\n\n"
    "第三章　附则\n\n第四条　本办法自印发之日起施行。\n"
)


def test_chapters_articles_and_their_run_on_items() -> None:
    tree = _tree(parse_outline(RULE))
    assert (0, "第二章内容") in tree
    assert (1, "第二条活动内容包括") in tree  # the lead clause, up to ：
    assert (2, "（二）交纳党费") in tree
    assert (1, "第三条活动按照以下程序") in tree
    assert (2, "（二）发布通知") in tree
    assert (1, "第四条本办法自印发之日起施行") in tree


def test_paren_items_after_a_colon_outside_an_article_are_prose() -> None:
    text = "一、总体要求\n做到三点：（一）坚持学习；（二）坚持实践。\n二、主要任务\n正文。\n"
    assert [label for _, label in _tree(parse_outline(text))] == ["一、总体要求", "二、主要任务"]


def test_an_article_by_its_number_and_a_chapter_past_the_last() -> None:
    outline = parse_outline(RULE)
    secs = resolve_ordinals(outline, ordinal_references("办法第三条的程序"))
    assert [s.label for s in secs] == ["第三条活动按照以下程序"]
    assert missing_position(outline, ordinal_references("办法第三条")) is None
    gap = missing_position(outline, ordinal_references("办法第五章讲了啥"))
    assert gap is not None and gap.startswith("第五章") and "共三章" in gap and "附则" in gap
    assert missing_position(outline, ordinal_references("第九条")) is not None


def test_ranges_of_positions() -> None:
    (ref,) = ordinal_references("讲话第二到第四点各讲了什么")
    assert ref.positions == (2, 3, 4) and not ref.part
    (ref,) = ordinal_references("第一至第三部分")
    assert ref.positions == (1, 2, 3) and ref.part
    assert ordinal_references("2024到2025年的任务") == []
    # an item counted by its list noun (第二个要求) inside a part
    refs = ordinal_references("讲话第三点的第二个要求")
    assert [r.positions for r in refs] == [(3,), (2,)]


def test_each_over_one_list_and_counts_of_list_nouns() -> None:
    assert compares_by_each_only("存在的问题分别是什么")
    assert not compares_by_each_only("两家单位的要点有什么区别，分别是什么")
    assert asked_value("讲话抓基层那块提了几个要求") is None
    assert asked_value("去年发展了几个党员") is not None


# --- answers over the documents --------------------------------------------------------


def _library(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object, src: Path):  # type: ignore[no-untyped-def]
    def fill(corpus: Path) -> None:
        for p in src.iterdir():
            shutil.copy(p, corpus / p.name)

    return open_library(tmp_path_factory, src.name, bundled_embedder, fill=fill)


@pytest.fixture(scope="module")
def tuned_lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object):  # type: ignore[no-untyped-def]
    return _library(tmp_path_factory, bundled_embedder, TUNED)


@pytest.fixture(scope="module")
def heldout_lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object):  # type: ignore[no-untyped-def]
    return _library(tmp_path_factory, bundled_embedder, HELDOUT)


@pytest.mark.slow
def test_docx_heading_styles_answer_a_part(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    text = cited_text(tuned_lib, tuned_lib.ask_final("图书馆计划里文化惠民这块具体要干啥"))
    for item in ("打造“红色书架”服务品牌", "开展党员志愿服务", "推动业务难题攻坚"):
        assert item in text


@pytest.mark.slow
def test_a_range_and_a_list_named_by_an_item(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    text = cited_text(tuned_lib, tuned_lib.ask_final("林业局讲话第二到第四点各讲了什么"))
    assert "第二，坚持大抓基层" in text and "第四，坚持严的基调" in text
    assert "第一，坚持把政治建设" not in text
    text = cited_text(tuned_lib, tuned_lib.ask_final("林业讲话里选优配强带头人那几条要求是啥"))
    assert "一要推进国有林场" in text and "三要加强护林员" in text


@pytest.mark.slow
def test_whose_quoted_practice_is_its_sentence_not_the_outline(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    ans = tuned_lib.ask_final("数据局要点里“数聚先锋”品牌是哪个部门的")
    text = cited_text(tuned_lib, ans)
    assert "“数聚先锋”党建品牌初步形成" in text
    assert "坚持政治引领" not in text  # not the plan's outline


@pytest.mark.slow
def test_every_units_plans_of_a_year_though_kind_words_fit_one_title(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    # 机关党建工作要点 is the data bureau's title word for word; 各单位 asks for every unit
    text = cited_text(tuned_lib, tuned_lib.ask_final("2025年各单位机关党建工作要点的任务"))
    assert "坚持政治引领" in text  # the data bureau's 要点
    assert "第二部分" in text and "强化政治建设" in text  # the co-operative's 要点


@pytest.mark.slow
def test_a_chapter_the_rule_lacks_is_refused(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    ans = tuned_lib.ask_final("积分细则第七章讲了什么")
    assert not ans.found
    assert "第七章" in ans.answer and re.search("共[5五]章", ans.answer), ans.answer


def _recall(lib, path: Path):  # type: ignore[no-untyped-def]
    questions = load_questions(path)
    docs = {d.doc_id: d for d in lib.documents}
    results = [score_answer(q, lib.ask_final(q.question), docs) for q in questions]
    return aggregate(results, {q.id: q for q in questions})


@pytest.mark.slow
def test_tuned_list_recall(tuned_lib) -> None:  # type: ignore[no-untyped-def]
    m = _recall(tuned_lib, DATA / "outlines-tuned.jsonl")
    assert m.evidence_recall is not None and m.evidence_recall >= 0.95  # 0.98 measured
    assert m.negatives_refused == 1.0


@pytest.mark.slow
def test_heldout_list_recall_floor(heldout_lib) -> None:  # type: ignore[no-untyped-def]
    # Held out: a floor below the measured figure, never tuned on.
    m = _recall(heldout_lib, DATA / "outlines-heldout.jsonl")
    assert m.evidence_recall is not None and m.evidence_recall >= 0.9  # 0.98 measured
