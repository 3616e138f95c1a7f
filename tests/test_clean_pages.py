"""Web-page chrome the cleaner takes out of a copied article (KINDS5): an editor line with
several fields on one line (（责任编辑：何川　审核：吴桐）, 编辑：A | 校对：B) is page
information like a lone 责编 line — recorded, so that the document's ``page_info`` keeps it
— while a line of prose that starts with such a word stays body text."""

from __future__ import annotations

import pytest

from rag.clean import clean_text
from rag.ingest import build_document


@pytest.mark.parametrize(
    "line",
    [
        "（责任编辑：何川　审核：吴桐）",
        "责任编辑：何川　　校对：吴桐",
        "编辑：方圆 | 校对：李四 | 终审：王五",
        "【责编：刘嘉浩】",
    ],
)
def test_an_editor_line_of_several_fields_is_page_information(line: str) -> None:
    raw = f"标题\n\n　　正文第一段，讲了一件事。\n\n{line}\n"
    cleaned = clean_text(raw)
    assert line not in cleaned.text
    assert [r.text for r in cleaned.removed] == [line]
    assert [r.reason for r in cleaned.removed] == ["责编"]
    doc = build_document("d", raw)
    assert line in doc.meta.page_info


@pytest.mark.parametrize(
    "line",
    ["审核：本单位已审核通过相关材料。", "编辑：负责稿件的采写、编辑和校对，确保内容准确"],
)
def test_a_line_of_prose_starting_with_such_a_word_stays(line: str) -> None:
    cleaned = clean_text(f"标题\n{line}\n")
    assert line in cleaned.text and not cleaned.removed


def test_the_site_bar_below_the_article_is_taken_out_the_one_above_stays() -> None:
    raw = (
        "某县人民政府网\n首页 | 新闻中心 | 通知公告\n\n某单位开展活动\n\n"
        "　　某单位党支部组织党员开展志愿服务活动，为群众办实事20件，反响良好。\n\n"
        "网站地图 | 联系我们 | 隐私声明\n主办：某县人民政府\n"
    )
    cleaned = clean_text(raw)
    assert "首页 | 新闻中心 | 通知公告" in cleaned.text  # (the page head is read past it)
    assert "网站地图" not in cleaned.text
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("网站地图 | 联系我们 | 隐私声明", "导航")
    ]
    # a table row of short cells is no site bar
    table = "正文很长的一段话，讲述了本单位的工作情况和成效。\n任务 | 单位\n学习 | 办公室\n"
    assert clean_text(table).removed == ()
