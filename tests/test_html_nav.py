"""A web page's menu and breadcrumb are no text of its document (rag/html_nav.py, read by
rag/loaders.py ``html_to_text``): lines made only of short links — three or more on a line,
or a run of three lines or more of one or two — and breadcrumbs (当前位置：…, 首页 > X > Y)
are dropped; the article, its links inside sentences and its attachment links stay.

Before, a page's 首页 / 新闻中心 / 党建工作 menu and its 当前位置 line stood above the
article in the document's text. Invented pages; TUNED is what the rule was worked out on,
HELD_OUT (other layouts) was written before it was run and is only measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.html_nav import PageLine, navigation_lines
from rag.loaders import html_to_text
from rag.service import Library

FOLDER = Path(__file__).resolve().parent / "data" / "own" / "html_nav"
TUNED_PAGE = (FOLDER / "audit-meeting.html").read_text(encoding="utf-8")
ARTICLE = "全年开展主题党日活动不少于12次"

HELD_OUT_PAGES = [
    # a menu of links on one line, a 您的位置 breadcrumb with ›, attachments linked
    (
        "<html><body><div class='nav2'><a href='/'>首页</a> <a href='/a'>机构概况</a> "
        "<a href='/b'>新闻动态</a> <a href='/c'>党建园地</a> <a href='/d'>信息公开</a></div>"
        "<div>您的位置：<a href='/'>首页</a> › <a href='/c'>党建园地</a></div>"
        "<h2>市气象局开展廉政教育</h2><p>4月8日，市气象局组织全体党员观看警示教育片，"
        "详见<a href='/n'>通知</a>。</p><p>附件：</p><p><a href='x.docx'>附件1：学习记录表.docx</a></p>"
        "<p><a href='y.docx'>附件2：心得体会模板.docx</a></p></body></html>",
        ["首页", "机构概况", "您的位置"],
        ["观看警示教育片", "详见通知。", "附件1：学习记录表.docx", "附件2：心得体会模板.docx"],
    ),
    # a breadcrumb of links joined by >>, a menu in table cells, a footer bar
    (
        "<html><body><table><tr><td><a href='/'>首页</a></td><td><a href='/x'>工作动态</a></td>"
        "<td><a href='/y'>通知公告</a></td><td><a href='/z'>党风廉政</a></td></tr></table>"
        "<div><a href='/'>首页</a> &gt;&gt; <a href='/x'>工作动态</a> &gt;&gt; "
        "<a href='/x/1'>正文</a></div><h1>区科协召开支部党员大会</h1>"
        "<p>5月6日，区科协召开支部党员大会，选举产生新一届支部委员会。</p>"
        "<table><tr><td>姓名</td><td>职务</td></tr><tr><td>王某某</td><td>支部书记</td></tr></table>"
        "<p><a href='/m'>网站地图</a>｜<a href='/c'>联系我们</a>｜<a href='/s'>隐私声明</a></p>"
        "</body></html>",
        ["首页", "通知公告", "正文", "网站地图"],
        ["选举产生新一届支部委员会", "王某某\t支部书记", "姓名\t职务"],
    ),
]


def test_the_tuned_pages_menu_and_breadcrumb_are_dropped() -> None:
    text = html_to_text(TUNED_PAGE)
    for nav in ("首页", "新闻中心", "政务公开", "互动交流", "当前位置", "工作动态"):
        assert nav not in text, (nav, text)
    assert ARTICLE in text and "云溪市审计局召开2025年党建工作会议" in text


@pytest.mark.parametrize(("page", "gone", "kept"), HELD_OUT_PAGES)
def test_held_out_pages(page: str, gone: list[str], kept: list[str]) -> None:
    text = html_to_text(page)
    lines = text.split("\n")
    for nav in gone:
        assert not any(nav in line for line in lines), (nav, text)
    for line in kept:
        assert line in text, (line, text)


def test_lines_with_text_beside_their_links_stay() -> None:
    lines = [
        PageLine("详见通知和方案。", ("通知", "方案")),
        PageLine("上级部署", ("上级部署",)),
        PageLine("党建工作", ("党建工作",)),
        PageLine("2月17日，局党组召开会议。"),
    ]
    assert navigation_lines(lines) == set()


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "html-nav", bundled_embedder, folders=[FOLDER])


def test_the_pages_document_is_its_article(lib: Library) -> None:
    (doc,) = lib.documents
    assert doc.text.lstrip().startswith("云溪市审计局"), doc.text[:80]
    assert "新闻中心" not in doc.text and "当前位置" not in doc.text
    answer = lib.ask("审计局党建工作会议有哪些要求")
    text = cited_text(lib, answer)
    assert "新闻中心" not in answer.answer and "首页" not in text, answer.answer
