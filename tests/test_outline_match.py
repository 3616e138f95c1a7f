"""Pure functions that point a question into a document's outline (rag/outline_match.py),
on hand-written outlines in the numbering official documents use (GB/T 9704-2012)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import make_document

from rag.deadline import asks_deadline, sets_deadline
from rag.outline import parse_outline, row_fields
from rag.outline_match import (
    heading_overlap,
    is_generic,
    ordinal_references,
    phrase_in_heading,
    resolve_ordinals,
    rows_of_unit,
    unit_named,
)
from rag.synonyms import SYNONYM_CREDIT, match, related
from rag.types import Document
from rag.year_plans import plan_for, plans_of_year

POINTS = """某单位2025年工作要点

一、强化理论武装
1.抓好中心组学习
2.开展专题培训
二、建强组织体系
3.规范支部设置
4.落实组织生活
5.发展党员
三、深化作风建设
6.整治形式主义
"""

NOTICE = """关于开展活动的通知

一、目标任务
（一）建好阵地
（二）带好队伍
二、方法步骤
（一）动员部署
（二）组织实施
（三）总结提升
三、保障措施
"""


def _labels(secs: list) -> list[str]:
    return [s.label for s in secs]


@pytest.mark.parametrize(
    ("question", "positions", "part"),
    [
        ("要点第三部分讲了啥", (3,), True),
        ("第二大块", (2,), True),
        ("最后一部分", (-1,), True),
        ("前两部分的标题", (1, 2), True),
        ("后两项", (-2, -1), False),
        ("第5条", (5,), False),
        ("第十二项任务", (12,), False),
    ],
)
def test_ordinal_references(question: str, positions: tuple[int, ...], part: bool) -> None:
    refs = ordinal_references(question)
    assert [(r.positions, r.part) for r in refs] == [(positions, part)]


def test_a_numeral_without_a_unit_is_no_reference() -> None:
    assert ordinal_references("落实第一议题制度") == []
    assert ordinal_references("第一，要提高站位") == []


def test_parenthesised_marker_is_kept() -> None:
    (ref,) = ordinal_references("第（二）条具体怎么干")
    assert ref.marker == "（二）" and ref.positions == (2,)


def test_parts_and_their_items() -> None:
    outline = parse_outline(NOTICE)
    assert _labels(resolve_ordinals(outline, ordinal_references("第二部分"))) == ["二、方法步骤"]
    got = resolve_ordinals(outline, ordinal_references("第二部分的第三项"))
    assert _labels(got) == ["（三）总结提升"]
    got = resolve_ordinals(outline, ordinal_references("最后一部分"))
    assert _labels(got) == ["三、保障措施"]
    got = resolve_ordinals(outline, ordinal_references("前两部分"))
    assert _labels(got) == ["一、目标任务", "二、方法步骤"]
    # A marker that several parts have: every one of them (the answer stays complete).
    got = resolve_ordinals(outline, ordinal_references("第（二）条"))
    assert _labels(got) == ["（二）带好队伍", "（二）组织实施"]
    assert resolve_ordinals(outline, ordinal_references("第七部分")) == []


def test_items_numbered_straight_through_count_by_their_numbers() -> None:
    outline = parse_outline(POINTS)
    assert _labels(resolve_ordinals(outline, ordinal_references("第四项"))) == ["4.落实组织生活"]
    # Parts are still parts.
    got = resolve_ordinals(outline, ordinal_references("第三部分"))
    assert _labels(got) == ["三、深化作风建设"]


def test_generic_words() -> None:
    for w in ("任务", "一条条", "第三", "部分", "五个方面", "一部分", "大块", "关于"):
        assert is_generic(w), w
    for w in ("二十大", "组织力", "党建", "融合", "十九大"):
        assert not is_generic(w), w


def test_phrase_in_heading() -> None:
    assert phrase_in_heading("强化组织力", "强化组织力，突出精细管理") == 1.0
    assert phrase_in_heading("双带头人工程", "实施“双带头人”工程") == 1.0  # punctuation aside
    assert phrase_in_heading("强基提质行动", "深化“强基提质”专项行动") == 0.8  # shortened
    assert phrase_in_heading("警示教育", "规范组织生活") == 0.0


def test_heading_overlap() -> None:
    assert heading_overlap("党建根基怎么打牢", "夯实党建根基") == pytest.approx(3 / 5)
    assert heading_overlap("党建根基", "") == 0.0


TABLE = """附件

任务清单

序号 | 工作任务 | 责任单位 | 完成时限
1 | 开展书记轮训 | 机关工委组织部，各单位机关党委 | 6月底前
2 | 培育党建品牌 | 机关工委宣传部 | 11月底前
3 | 开展总结评估 | 机关工委组织部 | 12月底前
"""


def test_rows_of_a_unit() -> None:
    outline = parse_outline(TABLE)
    rows = [(s, row_fields(TABLE, s)) for top in outline for s in top.walk() if s.style == "row"]
    assert len(rows) == 3
    got = rows_of_unit(rows, "机关工委组织部负责哪几项任务")
    assert [s.heading for s in got] == ["开展书记轮训", "开展总结评估"]
    got = rows_of_unit(rows, "宣传部牵头什么")  # the unit's ending
    assert [s.heading for s in got] == ["培育党建品牌"]
    assert rows_of_unit(rows, "办公室负责什么") == []


def test_unit_named() -> None:
    assert unit_named("厅机关党委、人事教育处", "人事教育处负责哪项")
    assert not unit_named("厅机关党委、人事教育处", "财务处负责哪项")


# --- a year's plans across documents, deadlines, genre synonyms (issue 12, list side) ---


def _doc(doc_id: str, text: str, kind: str, title: str, year: int = 2025) -> Document:
    d = make_document(doc_id, text, kind=kind, title=title, year=year)
    return replace(d, outline=parse_outline(text))


PLAN = _doc("plan", POINTS, "工作要点", "某单位2025年工作要点")
SUMMARY_BEFORE = _doc(
    "summary",
    "某局2024年工作总结\n\n一、主要工作\n（一）抓学习\n（二）抓队伍\n"
    "二、存在的不足\n一是融合不够；二是形式单一。\n三、2025年工作思路\n（一）深化创建\n（二）加强培训\n",
    "工作总结",
    "某局2024年工作总结",
)
SPEECH = _doc(
    "speech",
    "在2025年工作会议上的讲话\n\n一、2024年工作取得新成效\n一是学习深入；二是队伍过硬。\n"
    "二、扎实做好2025年重点工作\n（一）抓好学习\n（二）建强支部\n三、切实加强组织领导\n",
    "讲话",
    "在2025年工作会议上的讲话",
)
NEWS = _doc(
    "news", "某社区开展活动\n\n一、活动开展\n二、群众反响\n", "新闻报道", "某社区2025年开展活动"
)
OLD_PLAN = _doc("old", POINTS, "工作要点", "某单位2024年工作要点", year=2024)


def test_a_plan_of_the_year_is_its_whole_outline() -> None:
    assert plan_for(PLAN, 2025) == (True, None)
    assert plan_for(OLD_PLAN, 2025) == (False, None)


def test_a_summary_of_the_year_before_gives_its_forward_part() -> None:
    ok, part = plan_for(SUMMARY_BEFORE, 2025)
    assert ok and part is not None and part.heading.endswith("2025年工作思路")
    assert plan_for(SUMMARY_BEFORE, 2024) == (False, None)  # a summary is no plan of its year


def test_a_speech_gives_the_part_on_the_years_tasks_not_the_review() -> None:
    ok, part = plan_for(SPEECH, 2025)
    assert ok and part is not None and "重点工作" in part.heading


def test_news_plans_nothing_and_every_plan_of_the_year_is_found() -> None:
    assert plan_for(NEWS, 2025) == (False, None)
    found = plans_of_year([PLAN, NEWS, SUMMARY_BEFORE, OLD_PLAN, SPEECH], 2025)
    assert [d.doc_id for d, _ in found] == ["plan", "summary", "speech"]


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("回执什么时候交", True),
        ("方案最晚哪天报送", True),
        ("材料报送的截止时间", True),
        ("整改清单几号之前交到哪里", True),
        ("这份通知什么时候印发的", False),
        ("今年召开了几次会议", False),
    ],
)
def test_asks_deadline(question: str, asks: bool) -> None:
    assert asks_deadline(question) is asks


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        ("请各单位于4月20日前报送市直机关工委组织部。", True),
        ("各村党支部每月底前将积分情况报乡党委组织办。", True),
        ("对照点评意见制定整改方案，于2月底前报送县委组织部。", True),
        ("收到通知后10个工作日内提交书面报告。", True),
        ("中共某某委员会办公室　　2023年4月11日印发", False),
        ("2023年，全局召开党组会议24次。", False),
    ],
)
def test_sets_deadline(text: str, sets: bool) -> None:
    assert sets_deadline(text) is sets


def test_genre_synonyms_match_a_heading_in_other_words() -> None:
    def word_in(w: str, t: str) -> float:
        return 1.0 if w in t else 0.0

    assert "先锋" in related("带头") and "廉政" in related("抓廉洁")
    assert related("标准化") == ()
    assert match("带头", "发挥先锋作用", word_in) == SYNONYM_CREDIT
    assert match("带头", "发挥带头作用", word_in) == 1.0
    assert match("带头", "建强支部堡垒", word_in) == 0.0
    # a synonym another word of the question holds is that word's match (村干部 → 干部)
    assert match("队伍", "健全村干部考评制度", word_in, ["村干部", "队伍"]) == 0.0


def test_a_part_on_shortcomings_and_next_steps_looks_ahead() -> None:
    text = "某校2024年党建工作总结\n\n一、主要工作\n二、存在的不足和下一步打算\n一是深化创建；二是加强培训。\n"
    doc = _doc("s", text, "工作总结", "某校2024年党建工作总结")
    ok, part = plan_for(doc, 2025)
    assert ok and part is not None and part.heading.endswith("下一步打算")
