"""Parts named by their theme, and comparison sides spread over sibling items (issue 12,
kinds V1 and V5 of KINDS4, W8 of KINDS3), on documents written for this test (a district
档案馆's plan and its director's speech, a community's news page):

- a list question pointing at a part (这块, 那个板块) by a paraphrase of its theme gets the
  part whose items are about it, not the item of another part whose body mentions the
  words in passing; a notice's addressee line (各党支部：) does not hide a word of the part;
- a list question whose words stand verbatim in a goal line still gets the section of
  measures (W8; it passed before, kept as a guard for the part matching above);
- a comparison side whose concept is spread over two sibling items (一是 the levels, 二是 the
  chain between them) quotes both.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library, side_texts

from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "plan.txt": """中共南溪区档案馆党支部
关于印发《南溪区档案馆2025年党建工作要点》的通知

馆内各党小组：
　　现将《南溪区档案馆2025年党建工作要点》印发给你们，请认真落实。

中共南溪区档案馆党支部
2025年3月2日

南溪区档案馆2025年党建工作要点

一、工作目标
①党建引领档案数字化转型取得明显成效；
②党小组活动规范化水平全面提高。
二、加强思想武装，坚定理想信念
（一）落实“第一议题”制度，全年学习不少于12次。
（二）开展“兰台讲堂”，全年授课6期。
三、固本培元，激发战斗堡垒活力
（一）优化党小组设置，按业务科室设立党小组4个。
（二）规范组织生活，每月召开党小组会。
（三）严格党员教育管理，党员年度学习不少于40学时。
四、以党建引领为牵引，推动档案数字化转型提速
（一）组建“数字兰台”党员攻坚队2支。
（二）推进馆藏档案数字化扫描，全年完成30万页。
（三）建立数字化项目党员责任制。
五、严明纪律规矩，涵养清风正气
（一）开展廉洁文化进科室活动，督促各基层党组织每季度开展一次廉政提醒。
（二）持续整治形式主义，压减会议10%。
""",
    "speech.txt": """在南溪区档案馆2025年党建工作会议上的讲话
馆长　林雪
（2025年2月25日）

同志们：
　　下面，我讲两点意见。

第一，压实各级责任，形成上下贯通的工作格局
一是要明确各级职责。
第一个是馆领导班子，负主体责任，每季度研究党建工作。
第二个是支部委员会，负直接责任，抓好日常推进。
第三个是党小组，负具体责任，落实到每名党员。
二是要强化责任传导。坚持一级带一级、层层抓落实，压紧压实责任链条。
第二，推进党建与业务融合
一是要以党建促数字化转型。
二是要以党建促服务提质。
""",
    "news.txt": """北塘社区：“三级网格”让党建落到楼栋
来源：南溪区融媒体中心　　发布时间：2025年7月3日　　责任编辑：赵静

今年以来，中共南溪区北塘社区委员会建立“社区党委—小区党支部—楼栋党小组”三级网格体系，社区党委每月召开一次联席会，小区党支部每周收集一次居民诉求。
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "wording2-parts", bundled_embedder, DOCS)


ORGANISATION = ["优化党小组设置", "规范组织生活", "严格党员教育管理"]


@pytest.mark.parametrize(
    "question",
    [
        "南溪区档案馆要点里党组织建设这块，列一下条目",
        "档案馆要点中关于党小组建设的那个板块都有哪几项",
    ],
)
def test_a_part_named_by_its_theme_is_that_part(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    text = cited_text(lib, a)
    for item in ORGANISATION:
        assert item in text, text
    assert "廉洁文化进科室" not in text, text


def test_words_of_a_goal_line_ask_for_the_section_of_measures(lib: Library) -> None:
    a = lib.ask("党建引领档案数字化转型 举措")
    assert a.found, a.answer
    text = cited_text(lib, a)
    for item in ["组建“数字兰台”党员攻坚队", "推进馆藏档案数字化扫描", "建立数字化项目党员责任制"]:
        assert item in text, text


def test_a_comparison_side_spread_over_sibling_items_quotes_both(lib: Library) -> None:
    a = lib.ask(
        "馆领导班子、支部委员会和党小组各负什么责任，馆长讲话和北塘社区新闻稿的写法有何不同"
    )
    assert a.found, a.answer
    cited_text(lib, a)
    speech = next(t for label, t in side_texts(a).items() if "北塘" not in label)
    assert "明确各级职责" in speech, speech
    assert "一级带一级、层层抓落实" in speech, speech
