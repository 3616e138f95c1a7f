"""One organ's name is never rewritten into another's (KINDS22 K1a, K1c).

- a 厅 asked is no 局 (青石市水务厅 is not 青石市水务局) and a level word asked is no other
  level (省水利局 is not 青石市水利局, 市人社局 not 某县人社局): refused by the asked name,
  the other unit at most named as a unit of the library / 可能相关 under its own name;
- a real unit asked of a topic only another unit's documents discuss is refused.
Controls that must still be answered: the unit by its level-and-organ short form, its
党组 / 机关党委, a province's 局 typed for its 厅 (tests/test_department_level_suffix.py).

Tuned part: a 青石市水利局 notice and a 青石市档案局 要点 (written for this test). Held-out
part: a 澜江县交通运输局 plan and a 澜江县民政局 summary, written before running the code.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered_showing, open_library, refused_naming

from rag.institutions import bare_level_conflict
from rag.service import Library


def test_a_bare_level_word_of_another_level_conflicts() -> None:
    assert bare_level_conflict("省水利局怎么要求", 1, 4, "青石市水利局") == "省水利局"
    assert bare_level_conflict("市水利局怎么要求", 1, 4, "青石市水利局") is None
    assert bare_level_conflict("全省水利局怎么要求", 2, 5, "青石市水利局") is None
    assert bare_level_conflict("市卫健委", 1, 4, "临川市南湖区卫生健康委员会") == "市卫健委"
    assert bare_level_conflict("社区卫生院", 2, 5, "某县卫生院") is None


TUNED = {
    "water.txt": """青石市水利局文件

关于深化“河长制+党建”工作的通知

局属各单位：
　　一、每个河段设立党员先锋岗，河段长由党员干部担任。
　　二、每月开展一次巡河主题党日活动，全年巡河不少于12次。

青石市水利局
2024年3月6日
""",
    "archive.txt": """青石市档案局2024年党建工作要点

一、加强政治建设，落实“第一议题”制度，每月开展集中学习。
二、推进“档案+党建”品牌建设，年底前完成红色档案数字化3000卷。

青石市档案局
2024年1月15日
""",
}

HELD = {
    "jtj.txt": """澜江县交通运输局2025年安全生产党建工作计划

　　一、开展“党员安全责任区”创建，每个站所划分党员责任区。
　　二、组织农村公路养护党员突击队，全年完成养护里程120公里。

澜江县交通运输局
2025年1月8日
""",
    "mzj.txt": """澜江县民政局机关党委2024年工作总结

　　一年来，局机关党委开展“情暖夕阳”志愿服务，走访慰问困难老人300余人次。

澜江县民政局机关党委
2024年12月30日
""",
}


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "rewrite-tuned", bundled_embedder, TUNED)


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "rewrite-held", bundled_embedder, HELD)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("青石市水利厅对巡河主题党日有什么要求？", "青石市水利厅"),
        ("省水利局对巡河主题党日有什么要求？", "省水利局"),
        ("青石市档案局对河长制党建提了什么要求？", "青石市档案局"),
    ],
)
def test_tuned_another_organ_is_refused(tuned: Library, question: str, name: str) -> None:
    refused_naming(tuned, question, name)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("市水利局每月开展几次巡河主题党日？", "每月开展一次巡河主题党日"),
        ("市水利局党组全年巡河不少于几次？", "不少于12次"),
    ],
)
def test_tuned_the_unit_is_answered(tuned: Library, question: str, evidence: str) -> None:
    answered_showing(tuned, question, evidence)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("澜江县交通运输厅的党员安全责任区怎么划分？", "澜江县交通运输厅"),
        ("市交通运输局组织的农村公路养护突击队完成了多少公里？", "市交通运输局"),
        ("县民政局对农村公路养护提了什么要求？", "县民政局"),
    ],
)
def test_held_out_another_organ_is_refused(held: Library, question: str, name: str) -> None:
    refused_naming(held, question, name)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("县交通运输局组织了什么党员突击队？", "农村公路养护党员突击队"),
        ("县交通运输局党组的党员安全责任区怎么划分？", "党员责任区"),
        ("县民政局机关党委走访慰问困难老人多少人次？", "300余人次"),
        ("县民政局开展了什么志愿服务？", "情暖夕阳"),
    ],
)
def test_held_out_controls_are_answered(held: Library, question: str, evidence: str) -> None:
    answered_showing(held, question, evidence)
