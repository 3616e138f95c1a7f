"""A theme asked of every unit (各单位在X方面都有哪些举措, 几家单位X分别怎么抓的) is answered
from every document holding it, whatever the item's shape — a numbered heading, a run-in
三是 item of a summary, a bold 二要 item of a speech, a circled ③ item of a 述职报告 — one
block per organisation, its name in the header; on documents written for this test.

The tuned part was run while writing the fix (``rag.theme_items``,
``cross_document_items``); the held-out part (its own documents) was written before it
was first run; its questions and documents were not adjusted after (one question failed
there — 这块/大家 were read as theme words — and was moved to the tuned part once fixed;
and one check: two held-out documents state no unit of their own — no 落款 — so their
header reads 未注明单位 before the title; the check on the header was widened from the
department to the header's text, the title naming the unit. Reading the unit from such a
title is document reading, not this fix.)
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.service import Library
from rag.theme_items import asks_each_unit

PLAN = """江岸市港务集团党委2024年党建工作计划

2024年，集团党委坚持党建引领、改革发展两手抓。

一、重点任务
（一）加强政治建设
1.落实“第一议题”制度，全年集中学习不少于12次。
（二）强化安全生产
1.深化党员安全责任区建设，开展安全隐患排查整治。
2.组织应急演练4次。

二、保障措施
各支部要压实责任。

中共江岸市港务集团委员会
2024年2月18日
"""
SUMMARY = """江岸市水利局2023年党建工作总结

2023年，局机关党委紧扣中心工作，扎实推进机关党建各项工作。

一、主要工作
（一）抓理论武装。全年召开党组理论学习中心组学习会14次。
（二）抓融合发展。一是围绕防汛抗旱，组建党员突击队6支。二是围绕河湖治理，设立党员责任河段32个。三是狠抓安全生产，组织党员开展水利工程安全隐患排查，整改问题41处。

二、存在的不足
党建与业务融合还不够深入。

中共江岸市水利局机关委员会
2023年12月25日
"""
SPEECH = """在江岸市交通运输局2024年党建工作会议上的讲话

局党组书记　马某某

同志们：

一、充分肯定成绩
过去一年，全局党建工作取得新进展。

二、扎实做好今年工作
**一要**抓好理论学习。深入开展主题教育。
**二要**守牢安全底线。把党建工作和安全生产紧密结合起来，组织党员开展道路运输安全检查。
**三要**锻造过硬队伍。加强干部教育培训。
"""
REPORT = """江岸市燃气公司党支部书记2023年度抓基层党建工作述职报告

燃气公司党支部书记　周某某

一、履职情况
2023年，本人主要做了以下工作：①抓学习教育，组织集中学习20次；②抓支部建设，落实“三会一课”制度；③开展安全隐患排查，带领党员深入用户家中检查燃气设施，消除隐患230处；④抓作风建设，开展廉洁教育。

二、存在问题
党建工作创新不够。
"""

# held-out documents: written with the held-out questions, before the first run
HO_PLAN = """江岸市文化和旅游局2024年机关党建工作要点

一、加强思想建设
（一）深化理论学习。
二、推进融合发展
（一）加强意识形态工作。严格落实意识形态工作责任制，每半年专题研判1次。
（二）服务文旅发展。
"""
HO_SUMMARY = """江岸市图书馆2023年党建工作总结

一、工作开展情况
今年以来，馆党支部主要抓了三件事：一是抓学习，开展读书分享会8场；二是抓意识形态，加强阵地管理，对讲座、展览实行“一会一报”审核；三是抓服务，开展送书下乡12次。
二、存在的不足
品牌建设还不够。
"""
HO_SPEECH = """在江岸市博物馆党建工作推进会上的讲话

馆长　吴某某

同志们：

一、认清形势
当前，博物馆事业发展面临新的机遇。
二、明确任务
**一要**守好意识形态阵地。对陈列展览内容严格把关，讲解词一律审核后使用。
**二要**加强队伍建设。开展业务培训。
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    docs = {
        "gw.txt": PLAN,
        "sl.txt": SUMMARY,
        "jt.txt": SPEECH,
        "rq.txt": REPORT,
        "wl.txt": HO_PLAN,
        "tsg.txt": HO_SUMMARY,
        "bwg.txt": HO_SPEECH,
    }
    return open_library(tmp_path_factory, "themeitems", bundled_embedder, docs)


def _each_unit(lib: Library, question: str, wanted: dict[str, str]) -> None:
    """Every organisation's item is quoted, under a header naming it (its department, or
    the title of its document where the department is not stated)."""
    a = answered(lib, question, wanted.values())
    headers = [b.text for b in a.blocks if b.kind == "header"]
    for unit in wanted:
        assert any(unit in h for h in headers), (unit, headers)


SAFETY = {
    "港务集团": "强化安全生产",
    "水利局": "三是狠抓安全生产",
    "交通运输局": "守牢安全底线",
    "燃气公司": "③开展安全隐患排查",
}
IDEOLOGY = {
    "文化和旅游局": "加强意识形态工作",
    "图书馆": "二是抓意识形态",
    "博物馆": "守好意识形态阵地",
}


def test_the_ask_of_every_unit_is_read() -> None:
    assert asks_each_unit("各单位在安全生产方面都有哪些举措")
    assert asks_each_unit("几家单位在安全生产方面分别怎么抓的")
    assert not asks_each_unit("港务集团在安全生产方面有哪些举措")
    assert not asks_each_unit("几家单位在安全生产方面有什么不同")
    assert not asks_each_unit("安全生产 各单位材料里都咋写的")  # the wording: a term search


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "几家单位在安全生产方面分别怎么抓的",
        "各单位在安全生产方面都有哪些举措",
        # (first in the held-out part, where it failed: 这块 and 大家 are words of the
        # asking, no theme; moved here once fixed)
        "安全生产这块大家都是怎么做的",
    ],
)
def test_tuned_theme_items_of_every_shape(lib: Library, question: str) -> None:
    _each_unit(lib, question, SAFETY)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("各单位在意识形态方面都采取了哪些措施", IDEOLOGY),
        ("各家单位的意识形态工作是怎么抓的", IDEOLOGY),
    ],
)
def test_held_out_theme_items_of_every_shape(
    lib: Library, question: str, wanted: dict[str, str]
) -> None:
    _each_unit(lib, question, wanted)
