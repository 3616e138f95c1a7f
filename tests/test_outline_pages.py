"""Outlines of the layouts KINDS5 found failing (X5 and a review's leftover), parsed from
documents written for this test (tests/data/own/structure5/tuned):

- a copied web page: the site's navigation bars (设为首页 | 加入收藏, 首页 | 新闻中心 | …,
  网站地图 | 联系我们) are page chrome, never a table whose row is the outline; the page's
  unnumbered 小标题 are;
- a summary's unheaded closing paragraph on the time ahead (2026年，…将…：一是…二是…), after
  the last numbered part, is a section of its own: its run-in items are not the last part's.
"""

from __future__ import annotations

from pathlib import Path

from rag.outline import parse_outline

TUNED = Path(__file__).resolve().parent / "data" / "own" / "structure5" / "tuned"
DATA_HELDOUT = TUNED.parent / "heldout"


def _read(name: str) -> str:
    return (TUNED / name).read_text(encoding="utf-8")


def test_a_site_menu_is_no_table_and_the_subtitles_are_the_outline() -> None:
    outline = parse_outline(_read("t1_town_page.txt"))
    assert [s.heading for s in outline] == ["阵地有人守", "服务有人做", "难事有人帮", "成效有人评"]
    assert all(s.style == "plain" for s in outline)


def test_a_table_under_a_menu_is_still_a_table() -> None:
    text = (
        "首页 | 新闻中心 | 通知公告\n\n某某单位任务分工\n\n"
        "序号 | 工作任务 | 责任单位\n1 | 开展理论学习 | 办公室\n2 | 建强支部 | 组织科\n"
    )
    rows = [s for s in parse_outline(text) if s.style == "row"]
    assert [s.heading for s in rows] == ["开展理论学习", "建强支部"]


def test_the_closing_paragraph_is_its_own_section() -> None:
    text = _read("t3_market_summary.txt")
    outline = parse_outline(text)
    last_part, closing = outline[-2], outline[-1]
    assert last_part.heading == "存在的不足"
    assert [c.number for c in last_part.children] == ["一是", "二是", "三是"]
    assert "主动性有待增强" in text[last_part.children[-1].start : last_part.end]
    assert "2026年" not in text[last_part.start : last_part.end]
    assert closing.number == "" and closing.heading.startswith("2026年，局党组将")
    assert closing.level == last_part.level
    assert [c.heading[:4] for c in closing.children] == ["深化理论", "实施“红", "加强廉政"]


def test_a_closing_paragraph_after_unnumbered_prose_of_the_last_part() -> None:
    text = (
        "一、抓学习\n全年集中学习12次。\n二、存在的问题\n"
        "对照目标，还存在一些差距，融合的办法还不多。\n"
        "下一步，支部将着力做好以下工作：一是打造服务品牌，二是推行帮办代办，三是开展技能比武。\n"
    )
    outline = parse_outline(text)
    assert [s.heading for s in outline[:2]] == ["抓学习", "存在的问题"]
    assert outline[1].children == ()
    assert outline[-1].heading == "下一步，支部将着力做好以下工作"
    assert len(outline[-1].children) == 3


def test_a_part_on_the_time_ahead_keeps_its_paragraph() -> None:
    # (四、2026年工作打算 holds the paragraph as its own body: no section beside it)
    text = (
        "一、主要工作\n全年集中学习12次。\n二、2026年工作打算\n总体思路是稳中求进。\n"
        "2026年，我们将重点抓好：一是深化学习，二是建强支部。\n"
    )
    outline = parse_outline(text)
    assert outline[-1].heading == "2026年工作打算"
    assert len(outline[-1].children) == 2


def test_a_later_paragraph_of_the_last_part_that_is_no_plan_stays_in_it() -> None:
    text = (
        "一、抓学习\n全年集中学习12次。\n二、抓队伍\n全年发展党员3名。\n"
        "2025年，支部开展了三项活动：一是读书会，二是微党课，三是志愿服务。\n"
    )
    outline = parse_outline(text)
    assert len(outline) == 2 and len(outline[-1].children) == 3


_NEWS = (
    "某某镇党委开展主题活动\n\n"
    "　　今年以来，某某镇党委以“红色网格”为抓手，推动党建引领基层治理取得明显成效，群众满意度持续提升。\n\n"
    "{h1}\n\n"
    "　　全镇划分网格86个，一是每个网格配备1名党员网格员，二是建立网格党小组52个，实现网格党组织全覆盖。\n\n"
    "{h2}\n\n"
    "　　党员网格员每周走访网格住户不少于一次，累计为群众办实事1200余件，收集意见建议300余条。\n\n"
    "{h3}\n\n"
    "　　今年以来，全镇信访量同比下降32%，群众满意度测评达到97.6%，较去年提高5个百分点。\n"
)


def test_subtitles_over_run_in_items_are_the_outline_with_their_items() -> None:
    text = _NEWS.format(h1="网格建起来", h2="服务沉下去", h3="群众笑起来")
    outline = parse_outline(text)
    assert [s.heading for s in outline] == ["网格建起来", "服务沉下去", "群众笑起来"]
    assert [c.number for c in outline[0].children] == ["一是", "二是"]


def test_subtitles_in_lenticular_brackets() -> None:
    text = _NEWS.format(h1="【网格建起来】", h2="【服务沉下去】", h3="【群众笑起来】")
    outline = parse_outline(text)
    assert [s.heading for s in outline] == ["网格建起来", "服务沉下去", "群众笑起来"]
    assert "【" not in text[outline[0].start : outline[0].end]


def test_run_in_subtitles_need_a_parallel_run_and_prose() -> None:
    body = "　　{}：支部在4个水厂设立党员活动室，配齐学习资料和宣传栏，每月组织一次主题党日。\n"
    leads = ["建强阵地", "锤炼队伍", "优化服务"]
    text = "标题\n\n" + "".join(body.format(x) for x in leads)
    assert [s.heading for s in parse_outline(text)] == leads
    # two leads are no run; a speaker (居民说：) and a page field (来源：) are no subtitle
    assert parse_outline("标题\n\n" + "".join(body.format(x) for x in leads[:2])) == ()
    others = ["城东社区居民说", "文章来源", "建强阵地"]
    assert parse_outline("标题\n\n" + "".join(body.format(x) for x in others)) == ()


def test_a_closing_lead_with_its_list_on_the_lines_after() -> None:
    text = (
        "一、抓学习\n全年集中学习12次。\n二、存在的问题\n还存在一些差距。\n1.融合不够\n2.创新不多\n"
        "在新的一年里，我们将重点做好以下工作：\n1.打造服务品牌\n2.推行帮办代办\n3.开展技能比武\n"
    )
    outline = parse_outline(text)
    assert [c.heading for c in outline[1].children] == ["融合不够", "创新不多"]
    assert outline[2].heading == "在新的一年里，我们将重点做好以下工作"
    assert [c.heading for c in outline[2].children] == [
        "打造服务品牌",
        "推行帮办代办",
        "开展技能比武",
    ]


def test_a_bold_number_leaves_no_markup_in_the_heading() -> None:
    text = (
        "# 某公司党委要点\n\n## 一、加强政治建设\n\n"
        "**1.** 落实“第一议题”制度，全年集中学习不少于12次。\n\n"
        "**2.** 开展政治轮训，覆盖全体党员。\n\n## 二、夯实基层组织\n\n"
        "**1.** 推进党支部标准化建设。\n\n**2.** 设立党员责任区20个。\n"
    )
    outline = parse_outline(text)
    heads = [c.heading for s in outline for c in s.children]
    assert heads[0].startswith("落实“第一议题”制度") and heads[2] == "推进党支部标准化建设"
    assert not any("*" in h for h in heads), heads


def test_run_in_subtitles_over_run_in_items() -> None:
    body = "　　{}：支部在4个水厂设立党员活动室，一是配齐学习资料和宣传栏，二是每月组织一次主题党日。\n"
    text = "标题\n\n" + "".join(body.format(x) for x in ["建强阵地", "锤炼队伍", "优化服务"])
    outline = parse_outline(text)
    assert [s.heading for s in outline] == ["建强阵地", "锤炼队伍", "优化服务"]
    assert [c.number for c in outline[1].children] == ["一是", "二是"]
    assert all(outline[1].start <= c.start < outline[1].end for c in outline[1].children)


def test_a_closing_paragraph_after_markdown_headings() -> None:
    text = (
        "# 某局2025年工作总结\n\n## 加强学习\n\n全年集中学习12次，举办读书班2期。\n\n"
        "## 存在不足\n\n一是融合不够；二是创新不多。\n\n下一步，我们将重点做好：一是打造品牌；二是推行帮办。\n"
    )
    outline = parse_outline(text)
    assert [c.heading for c in outline[1].children] == ["融合不够", "创新不多"]
    assert outline[-1].heading == "下一步，我们将重点做好"


def test_one_short_line_between_paragraphs_is_no_heading_run() -> None:
    # (a quote standing alone — 好书大家读 — on a page with no subtitles)
    page = DATA_HELDOUT / "h2_library_page.txt"
    assert parse_outline(page.read_text(encoding="utf-8")) == ()
