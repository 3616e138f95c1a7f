"""Questions over tables and schedules (issue 12): a range of months of a study plan's
月度安排 (下半年, 7到12月, 三季度), rows picked by a named column's value (领学人是…,
地点在…), over a tab-separated table, a Markdown table and a Word table (the docx loader),
and a news article's 小标题. Documents and wordings are written for this test, apart from
the tables-tuned set the code was tuned on."""

from __future__ import annotations

from typing import Any

import docx
import pytest
from doclib import cited_text, open_library

from rag.service import Library
from rag.table_rows import asked_months, row_month

PLAN = """中共岚山县水利局党组
2025年理论学习中心组学习安排

一、总体要求
坚持每月学习一次，由领学人作主旨发言。
二、月度安排
月份\t学习专题\t形式\t领学人
1月\t学习党的二十届三中全会精神\t集中学习\t党组书记
2月\t水旱灾害防御\t专题研讨\t副局长
3月\t河湖长制工作\t集中学习\t总工程师
4月\t学习纪律处分条例\t警示教育\t纪检组长
5月\t节水型社会建设\t集中学习\t党组书记
6月\t水利工程质量安全\t专题研讨\t总工程师
7月\t建党104周年专题党课\t专题党课\t党组书记
8月\t水资源刚性约束\t集中学习\t副局长
9月\t数字孪生水利\t专题辅导\t总工程师
10月\t农村供水保障\t实地调研\t副局长
11月\t学习宣传贯彻党的创新理论\t集中学习\t党组书记
12月\t全年学习交流\t专题研讨\t党组书记

中共岚山县水利局党组
2025年1月10日
"""

NEWS = """岚山县水利局机关党委推动党建与业务深度融合
来源：岚山县水利局　2025年3月12日

今年以来，岚山县水利局机关党委坚持以党建促业务，各项工作取得新进展。

党员先锋守堤坝
汛期，局机关成立党员突击队6支，巡查堤防120公里，筑牢防汛安全防线。

支部联建进乡村
各党支部与12个村党组织结对共建，帮助解决农村饮水难题。

作风转变暖民心
机关开展“进百村、解千难”活动，收集并办结群众诉求86件。

下一步，局机关党委将继续推动党建与业务同频共振。
"""


def _docx(path: Any) -> None:
    d = docx.Document()
    d.add_paragraph("岚山县教育局机关党支部2025年主题党日活动安排")
    d.add_paragraph("为丰富组织生活，支部制定主题党日活动安排如下。")
    rows = [
        ("时间", "内容", "地点", "责任人"),
        ("3月5日", "学雷锋志愿服务", "城南社区", "周文斌"),
        ("4月4日", "清明祭扫烈士墓", "烈士陵园", "陈丽华"),
        ("5月10日", "读书分享会", "党员活动室", "周文斌"),
        ("7月1日", "重温入党誓词", "党员活动室", "陈丽华"),
        ("9月10日", "教师节走访慰问", "各学校", "赵明"),
    ]
    table = d.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    d.add_paragraph("中共岚山县教育局机关支部委员会")
    d.add_paragraph("2025年2月20日")
    d.save(str(path))


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory,
        "tables",
        bundled_embedder,
        {"plan.txt": PLAN, "news.txt": NEWS},
        fill=lambda corpus: _docx(corpus / "activities.docx"),
    )


_text = cited_text


TOPICS = {
    1: "学习党的二十届三中全会精神",
    2: "水旱灾害防御",
    3: "河湖长制工作",
    4: "学习纪律处分条例",
    5: "节水型社会建设",
    6: "水利工程质量安全",
    7: "建党104周年专题党课",
    8: "水资源刚性约束",
    9: "数字孪生水利",
    10: "农村供水保障",
    11: "学习宣传贯彻党的创新理论",
    12: "全年学习交流",
}


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("水利局中心组下半年每个月学什么", range(7, 13)),
        ("水利局党组中心组7至12月学习啥专题", range(7, 13)),
        ("水利局中心组第二季度的学习专题", range(4, 7)),
        ("水利局学习安排 8-10月 领学人", range(8, 11)),
    ],
)
@pytest.mark.slow
def test_a_range_of_months_gets_those_rows_only(lib: Library, question: str, months: range) -> None:
    a = lib.ask(question)
    assert a.found and a.kind == "tasks", a.answer
    text = _text(lib, a)
    for m, topic in TOPICS.items():
        assert (topic in text) == (m in months), (m, a.answer)
    assert "领学人" in text  # the table's columns come with the rows


@pytest.mark.slow
def test_rows_by_a_named_columns_value(lib: Library) -> None:
    a = lib.ask("水利局中心组由总工程师领学的是哪几个专题")
    text = _text(lib, a)
    for m, topic in TOPICS.items():
        assert (topic in text) == (m in (3, 6, 9)), (m, a.answer)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("教育局支部主题党日地点在党员活动室的有哪些", ("读书分享会", "重温入党誓词")),
        ("教育局主题党日活动责任人是周文斌的", ("学雷锋志愿服务", "读书分享会")),
        ("教育局支部上半年的主题党日活动", ("学雷锋志愿服务", "清明祭扫烈士墓", "读书分享会")),
    ],
)
def test_word_table_rows_by_value_or_months(
    lib: Library, question: str, wanted: tuple[str, ...]
) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    text = _text(lib, a)
    every = ("学雷锋志愿服务", "清明祭扫烈士墓", "读书分享会", "重温入党誓词", "教师节走访慰问")
    for item in every:
        assert (item in text) == (item in wanted), (item, a.answer)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["水利局那篇新闻几个小标题分别是什么", "水利局机关党委那篇报道的小标题"]
)
def test_a_news_articles_subheadings(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found and a.kind == "tasks", a.answer
    text = _text(lib, a)
    for head in ("党员先锋守堤坝", "支部联建进乡村", "作风转变暖民心"):
        assert head in text, a.answer


def test_months_a_question_names() -> None:
    assert asked_months("下半年每月学啥") == frozenset(range(7, 13))
    assert asked_months("上半年") == frozenset(range(1, 7))
    assert asked_months("7到12月") == frozenset(range(7, 13))
    assert asked_months("七月至九月的安排") == frozenset({7, 8, 9})
    assert asked_months("一季度") == frozenset({1, 2, 3})
    assert asked_months("5月谁领学") == frozenset({5})
    # a day or a time limit is not a month filter
    assert asked_months("4月20日前报送") is None
    assert asked_months("6月底前完成") is None
    assert asked_months("重点任务有哪些") is None


def test_a_rows_month_is_read_from_its_first_cell() -> None:
    assert row_month((("序号", "1"), ("时间", "2025年7月"), ("内容", "x"))) == 7
    assert row_month((("时间", "6月20日"), ("内容", "x"))) == 6
    assert row_month((("序号", "1"), ("任务", "修订制度"), ("完成时限", "4月底"))) is None


def test_a_value_is_named_whole_in_a_named_column() -> None:
    from rag.outline_match import rows_by_value
    from rag.types import Section

    def row(n: int) -> Section:
        return Section(str(n), "x", "row", 1, n * 10, n * 10 + 1, n * 10 + 9)

    rows = [
        (row(1), (("月份", "1月"), ("领学人", "党组书记"))),
        (row(2), (("月份", "2月"), ("领学人", "机关党委书记"))),
        (row(3), (("月份", "3月"), ("领学人", "纪检组长、党组书记"))),
    ]
    picked = rows_by_value(rows, "领学人是党组书记的有哪几次")
    assert [s.number for s in picked] == ["1", "3"]
    assert [s.number for s in rows_by_value(rows, "谁领学？机关党委书记")] == ["2"]
    assert rows_by_value(rows, "党组书记讲了什么") == []  # no column named
