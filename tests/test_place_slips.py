"""A unit named with its place typed one character off by a character read alike (澄西市
for 澄溪市) is read as the library's unit, the answer says so; a bare place (a 县/市/区
name with no organ word after it) asking about the place broadly is not scoped to the one
unit whose name happens to start with it when several units share that place — on
documents written for this test (the ``absent_topic`` folder's 澄溪市 units, and a 青禾县
with a hospital, an education bureau and an agriculture bureau, a 雁丘区 with one unit).

The held-out cases were written before the fix and first run on the finished fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import answered, open_library

from rag.service import Library

pytestmark = pytest.mark.slow

FOLDER = Path(__file__).parent / "data" / "own" / "absent_topic"

DOCS = {
    "qh_hospital.txt": """中共青禾县人民医院委员会
青禾县人民医院党委2025年党建工作计划

一、强化政治引领
1.落实“第一议题”制度，全年集中学习不少于14次。
2.开展“白衣先锋”志愿服务，全年义诊20场。

中共青禾县人民医院委员会
2025年2月8日
""",
    "qh_edu.txt": """中共青禾县教育局党组
青禾县教育局2025年党建工作要点

一、夯实基层组织
1.开展“红烛先锋”党员示范岗创建，年内评选示范岗15个。
2.组织校长、书记轮训2期。

中共青禾县教育局党组
2025年3月1日
""",
    "qh_agri.txt": """青禾县农业农村局2024年党建工作总结

一、主要成效
全年选派驻村第一书记9名，开展“田间党课”32次。

中共青禾县农业农村局党组
2024年12月20日
""",
    "yq_justice.txt": """中共雁丘区司法局党组
雁丘区司法局2025年党建工作要点

一、主要任务
1.开展“法润雁丘”普法宣讲48场。
2.建成标准化党支部4个。

中共雁丘区司法局党组
2025年1月18日
""",
}

NOTE = "按“澄溪市水务局”查找（问题中写作“澄西市水务局”）"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "placeslips", bundled_embedder, DOCS, folders=[FOLDER])


def _depts(lib: Library, question: str) -> set[str]:
    return {c.department for c in lib.ask(question).citations}


# --- tuned part ---------------------------------------------------------------------------


def test_tuned_place_homophone_read_as_the_unit(lib: Library) -> None:
    a = answered(lib, "澄西市水务局今年建成几个示范党支部", ["示范党支部3个"])
    assert NOTE in a.answer, a.answer


def test_tuned_bare_county_is_not_one_unit(lib: Library) -> None:
    depts = _depts(lib, "青禾县有几个局的材料")
    assert len(depts) >= 2, depts


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must", "note"),
    [
        ("青和县教育局红烛先锋示范岗评选多少个", "示范岗15个", "按“青禾县教育局”查找"),
        ("晴禾县农业农村局选派了几名第一书记", "第一书记9名", "按“青禾县农业农村局”查找"),
        ("澄西市交通运输局建成几个红色驿站", "“红色驿站”8个", "按“澄溪市交通运输局”查找"),
        ("雁秋区司法局普法宣讲开展了多少场", "宣讲48场", "按“雁丘区司法局”查找"),
        ("澄溪市水物局今年建成几个示范党支部", "示范党支部3个", "按“澄溪市水务局”查找"),
    ],
)
def test_held_out_slips_read_as_the_unit(lib: Library, question: str, must: str, note: str) -> None:
    a = answered(lib, question, [must])
    assert note in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    ["青禾县各单位党建工作有哪些亮点", "澄溪市有哪些单位报送了党建材料"],
)
def test_held_out_bare_place_spans_its_units(lib: Library, question: str) -> None:
    depts = _depts(lib, question)
    assert len(depts) >= 2, depts


def test_held_out_place_of_one_unit_scopes_to_it(lib: Library) -> None:
    a = answered(lib, "雁丘区普法宣讲开展了多少场", ["宣讲48场"])
    assert "未在文档中找到" not in a.answer


# --- controls -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("澄溪市水务局今年建成几个示范党支部", "示范党支部3个"),
        ("青禾县人民医院全年义诊多少场", "义诊20场"),
    ],
)
def test_exact_names_need_no_note(lib: Library, question: str, must: str) -> None:
    a = answered(lib, question, [must])
    assert "按“" not in a.answer.split("\n")[0], a.answer


@pytest.mark.parametrize(
    "question",
    [
        "澄溪市委宣传部今年建成几个示范党支部",
        "澄西市统计局今年建成几个示范党支部",
        "青禾县财政局选派了几名第一书记",
        "澄湖市水务局今年建成几个示范党支部",  # a place one character off, not read alike
    ],
)
def test_unknown_units_are_still_refused(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert not a.found, a.answer


def test_refusal_names_the_whole_unknown_unit(lib: Library) -> None:
    a = lib.ask("澄西市统计局今年建成几个示范党支部")
    assert not a.found, a.answer
    assert "“澄西市统计局”" in a.answer, a.answer
