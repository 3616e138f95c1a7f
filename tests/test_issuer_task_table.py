"""A task-table question naming the document's own issuer (…党组的任务分解表有哪些任务,
牵头单位是谁) asks for the whole table, every row with every column — never for the rows
whose 责任单位 cell holds part of the issuer's name (局党组, 机关党委、工会); a unit other
than the issuer (待遇保障股负责哪些任务) still picks its rows (``rag.issuer_rows``); on
documents written for this test.

The tuned part was run while writing the fix; the held-out part was written before its
first run and not adjusted after.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.issuer_rows import without_issuer
from rag.service import Library

DOCS = {
    "yb.txt": """青川区医疗保障局党组2024年党建工作重点任务清单

为推动全面从严治党向纵深发展，结合工作实际，制定本清单。

一、总体要求
坚持以党建引领医保事业高质量发展。

二、工作措施
（一）加强组织领导。党组履行主体责任。
（二）强化督促检查。定期通报任务进展。

附：重点任务分解表

序号|任务|牵头单位|完成时限
1|落实第一议题制度|局党组|全年
2|开展医保政策宣讲进社区|待遇保障股|6月底前
3|推进清廉医保建设|机关纪委|11月底前
4|组织党员志愿服务|机关党委、工会|每季度

中共青川区医疗保障局党组
2024年2月20日
""",
    "zz.txt": """中共青川区实验中学总支部委员会2024年党建重点任务清单

序号|重点任务|责任单位|完成时限
1|开展“红烛先锋”评选|党总支、工会|9月
2|组织青年教师读书会|教务处|每学期
3|推进校园廉洁文化建设|党政办公室|12月底前

中共青川区实验中学总支部委员会
2024年2月26日
""",
}

ALL_YB = ["落实第一议题制度", "开展医保政策宣讲进社区", "推进清廉医保建设", "组织党员志愿服务"]
ALL_ZZ = ["开展“红烛先锋”评选", "组织青年教师读书会", "推进校园廉洁文化建设"]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "issuertable", bundled_embedder, DOCS)


def test_issuer_blanked() -> None:
    asked = without_issuer("区医保局党组的任务表 牵头单位是谁", "中共青川区医疗保障局党组")
    assert "党组" not in asked and "牵头单位" in asked
    # (an internal unit the issuer's name qualifies is the unit asked: kept)
    inner = "医保局党组办公室负责哪些任务"
    assert without_issuer(inner, "中共青川区医疗保障局党组") == inner
    # ... whatever verb of carrying tasks follows it (归X办公室管的, X办公室抓的)
    for inner in ("哪几项归医保局党组办公室管", "医保局党组办公室抓的有哪些"):
        assert without_issuer(inner, "中共青川区医疗保障局党组") == inner


CASES = [
    (False, "区医保局党组的任务分解表里都有啥任务 牵头单位是谁", ALL_YB),
    (False, "青川区医疗保障局党组重点任务清单列了哪些任务，谁负责", ALL_YB),
    (False, "待遇保障股负责哪些任务", ["开展医保政策宣讲进社区"]),
    # (first in the held-out part, where it failed: 啥时候完成 read as a date value once no
    # row was filtered; moved here once fixed)
    (False, "实验中学党总支重点任务清单列了哪些任务，谁负责，啥时候完成", ALL_ZZ),
    # held-out
    (True, "医保局党组的重点任务表有哪些任务，各由哪个单位牵头", ALL_YB),
    (True, "实验中学教务处负责哪些任务", ["组织青年教师读书会"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("held_out", "question", "must"), CASES)
def test_issuer_task_table(lib: Library, held_out: bool, question: str, must: list[str]) -> None:
    a = answered(lib, question, must)
    assert "责任单位含所问单位" not in a.answer or len(must) == 1, a.answer


@pytest.mark.slow
def test_table_after_fu_is_the_appendix(lib: Library) -> None:
    """(tuned) A table after a 附：X line is under that appendix, not under the section
    before it (（二）强化督促检查)."""
    a = lib.ask("待遇保障股负责哪些任务")
    sections = [c.section for c in a.citations]
    assert any(s.startswith("附：重点任务分解表 > 2|") for s in sections), sections
    assert not any("强化督促检查" in s for s in sections), sections
