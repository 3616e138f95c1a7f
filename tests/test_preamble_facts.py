"""Facts of a document's preamble — the unnumbered lead paragraph before its first heading —
are found as any section's are (its heading is the document's title), and a question asking
what a named thing is, whose it is, or a unit's brand is answered by the sentence defining
it (以“X”党建品牌为牵引), not by the body's sentences that only mention it; on documents
written for this test (a 中心医院's 实施方案 whose preamble counts its members while the
body counts a share of them; an 教育局's 要点 whose lead names its brand).

The tuned part was run while writing the fix (``rag.preamble``, ``rag.defining``); the
held-out part (its own documents) was written before it was first run and not adjusted
after. A negative keeps the refusal where the figure is absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.defining import asked_brand, asked_thing
from rag.preamble import preamble_span
from rag.service import Library
from rag.text import normalize

HOSPITAL = """江岸市中心医院2024年党建工作实施方案

为深入贯彻落实新时代党的建设总要求，推动医院党建工作高质量发展，结合我院实际，制定本方案。目前，全院有党员416名，占职工总数的23.5%，设党总支3个、党支部21个。

一、工作目标
到2024年底，党支部标准化建设达标率100%。

二、主要任务
（一）建强基层组织
1.推进“党建+业务”双融合，把支部建在科室上。
（二）加强党员队伍建设
1.实施“双培养”计划，党员中高级职称人员占比达到38%。
2.每年发展党员不少于15名，重点在临床一线发展。

中共江岸市中心医院委员会
2024年3月1日
"""
EDUCATION = """江岸市教育局机关党委2024年党建工作要点

2024年，局机关党委以“育心铸魂”党建品牌为牵引，聚焦立德树人根本任务，全面提升机关党建质量。

一、加强政治建设
1.开展“育心铸魂”主题党日活动，每季度1次。

二、加强组织建设
1.推进“育心铸魂”示范支部创建，年内创建3个。

中共江岸市教育局机关委员会
2024年1月20日
"""
# held-out documents: written with the held-out questions, before the first run
WATER = """江岸市水务集团党委2024年党建工作计划

2024年，集团党委以“清源先锋”党建品牌为统领，推动党建与供水保障深度融合。截至目前，集团党委下设党支部9个，共有党员268名，占职工总数的19%。

一、工作思路
坚持党建引领，服务民生供水。

二、重点工作
（一）加强队伍建设
1.党员中技术骨干占比提高到52%。
2.开展“清源先锋”岗评选，全年评选示范岗15个。
（二）加强作风建设
1.深入开展作风纪律教育。

中共江岸市水务集团委员会
2024年2月2日
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    docs = {"yy.txt": HOSPITAL, "jy.txt": EDUCATION, "sw.txt": WATER}
    return open_library(tmp_path_factory, "preamble", bundled_embedder, docs)


def _answered(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    a = answered(lib, question, must)
    quoted = normalize("".join(b.text for b in a.blocks if b.kind == "quote"))
    for span in never:
        assert normalize(span) not in quoted, (span, a.answer)


@pytest.mark.slow
def test_the_preamble_is_the_lead_paragraph(lib: Library) -> None:
    doc = next(d for d in lib.documents if d.meta.title.startswith("江岸市中心医院"))
    span = preamble_span(doc)
    assert span is not None
    a, b = span
    assert doc.text[a:b].startswith("为深入贯彻落实")
    assert doc.text[a:b].endswith("党支部21个。")


def test_what_is_asked_is_read() -> None:
    assert asked_thing("育心铸魂是什么") == "育心铸魂"
    assert asked_thing("“育心铸魂”是哪个单位的党建品牌") == "育心铸魂"
    assert asked_thing("什么是育心铸魂") == "育心铸魂"
    assert asked_brand("教育局的党建品牌叫什么")
    assert asked_thing("教育局有多少党员") is None


PREAMBLE = "全院有党员416名"
BRAND = "以“育心铸魂”党建品牌为牵引"


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "never"),
    [
        ("医院有多少名党员", [PREAMBLE], []),
        ("医院有多少党员，占比多少", [PREAMBLE], []),
        ("中心医院有几个党支部 多少党员", ["党支部21个"], ["占比达到38%"]),
        ("育心铸魂是什么", [BRAND], ["示范支部创建"]),
        ("教育局的党建品牌叫什么", [BRAND], []),
        ("“育心铸魂”是哪个单位的党建品牌", [BRAND], []),
    ],
)
def test_tuned_preamble_facts(
    lib: Library, question: str, must: list[str], never: list[str]
) -> None:
    _answered(lib, question, must, never)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "never"),
    [
        ("水务集团党委下面有几个党支部", ["党支部9个"], []),
        ("水务集团党员占职工的比例是多少", ["占职工总数的19%"], ["占比提高到52%"]),
        ("集团现在一共有多少党员", ["共有党员268名"], []),
        ("清源先锋是什么", ["以“清源先锋”党建品牌为统领"], ["岗评选"]),
        ("“清源先锋”是哪家的品牌", ["以“清源先锋”党建品牌为统领"], []),
        ("水务集团的党建品牌是什么", ["以“清源先锋”党建品牌为统领"], []),
    ],
)
def test_held_out_preamble_facts(
    lib: Library, question: str, must: list[str], never: list[str]
) -> None:
    _answered(lib, question, must, never)


@pytest.mark.slow
def test_an_absent_figure_is_still_refused(lib: Library) -> None:
    a = lib.ask("中心医院有多少名入党积极分子")
    assert not a.found, a.answer
