"""Web-page chrome the cleaner takes out of a copied article (KINDS5): a site's navigation
bar below the article (网站地图 | 联系我们) is page chrome, recorded; the bar above it stays
(the page head is read past it), and a table row of short cells is no such bar. (An
editor line of several fields stays in the text: its fields are quoted from there,
rag.answer_blocks.)"""

from __future__ import annotations

from rag.clean import clean_text


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


def test_an_editor_line_of_several_fields_stays_in_the_text() -> None:
    # (its fields are quoted and cited from the text; a lone 责编 line goes to page_info)
    raw = "标题\n\n　　正文第一段，讲了一件事，篇幅足够长。\n\n（责任编辑：何川　审核：吴桐）\n（责编：刘嘉浩）\n"
    cleaned = clean_text(raw)
    assert "（责任编辑：何川　审核：吴桐）" in cleaned.text
    assert [r.text for r in cleaned.removed] == ["（责编：刘嘉浩）"]
