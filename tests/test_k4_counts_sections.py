"""A count asked of a verb whose number stands after it, far from the counted noun, and a
colloquial question about one section of a plan, over invented plans (``tests/data/own/
k4count``: a 市场监管局 plan, tuned; a 水利局 要点, held-out, written with its questions
before the code and not looked at while coding) and the 卫健局 plan of ``kinds16h``.

- a clause ``…<noun>…，…V<number>名/个`` (培育8名, 选树3个, 创建4个) counts the clause's
  noun: a question asking how many of that noun are to be V-ed is answered by the number;
  a question naming a noun the clause does not hold is still refused;
- a question whose topic words are most of one section's heading (公立医院党建咋安排的)
  gets that section, not the whole outline, however colloquially it asks; a question
  naming only the document still gets the whole outline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import cited_text, open_library

from rag.service import Library
from rag.types import Answer

OWN = Path(__file__).resolve().parent / "data" / "own"
DATA = OWN / "k4count"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory,
        "k4count",
        bundled_embedder,
        folders=[DATA / "tuned", DATA / "heldout", OWN / "kinds16h" / "heldout"],
    )


def _answered(lib: Library, question: str, spans: list[str], absent: list[str]) -> Answer:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for s in spans:
        assert s in text, (s, ans.answer)
    for s in absent:
        assert s not in text, (s, ans.answer)
    return ans


# --- tuned -------------------------------------------------------------------------------

TUNED_COUNTS = [
    ("南漪县卫健局今年有几名临床科室党支部书记要培育成双带头人", ["年内培育8名"]),
    ("松溪市市场监管局今年要选树几个示范党支部", ["全年选树3个"]),
    ("松溪市市场监管局年内要轮训多少名基层所党支部书记", ["年内轮训25名"]),
    ("松溪市市场监管局年底前评选多少名红盾标兵", ["评选10名"]),
]


@pytest.mark.parametrize(("question", "spans"), TUNED_COUNTS)
def test_tuned_count_after_the_verb(lib: Library, question: str, spans: list[str]) -> None:
    _answered(lib, question, spans, [])


TUNED_SECTIONS = [
    ("公立医院党建咋安排的", ["院长负责制", "年内培育8名"], ["南漪健康讲坛", "专项整治"]),
    # (the unit named: its document's outline must not win over the section)
    (
        "南漪县卫健局今年公立医院党建咋安排的",
        ["院长负责制", "年内培育8名"],
        ["南漪健康讲坛", "专项整治"],
    ),
    (
        "南漪县卫健局2025年党建工作计划中公立医院党建咋安排的",
        ["院长负责制", "年内培育8名"],
        ["南漪健康讲坛", "专项整治"],
    ),
    # (a kind of the bureau's charges after its name — 公立医院 — is its topic, no unit)
    (
        "南漪县卫生健康局公立医院党建工作怎么安排",
        ["院长负责制", "年内培育8名"],
        ["南漪健康讲坛", "专项整治"],
    ),
    (
        "松溪市市场监管局的基层所党支部标准化建设怎么弄",
        ["全年选树3个", "年内轮训25名"],
        ["第一议题", "红盾标兵"],
    ),
    (
        "基层所党支部标准化建设咋弄",
        ["全年选树3个", "年内轮训25名"],
        ["第一议题", "红盾标兵"],
    ),
]


@pytest.mark.parametrize(("question", "spans", "absent"), TUNED_SECTIONS)
def test_tuned_one_section(
    lib: Library, question: str, spans: list[str], absent: list[str]
) -> None:
    _answered(lib, question, spans, absent)


TUNED_WHOLE = [
    (
        "松溪市市场监管局2025年机关党建工作计划有哪些内容",
        ["加强思想政治建设", "深化基层所党支部标准化建设", "发挥党员先锋模范作用"],
    ),
    ("南漪县卫健局2025年党建工作计划咋安排的", ["加强党员教育管理", "加强清廉医院建设"]),
]


@pytest.mark.parametrize(("question", "spans"), TUNED_WHOLE)
def test_tuned_broad_gets_the_whole_outline(lib: Library, question: str, spans: list[str]) -> None:
    _answered(lib, question, spans, [])


TUNED_REFUSED = [
    "松溪市市场监管局今年要选树几个示范党小组",
    "松溪市市场监管局年内要轮训多少名网格员",
    "南漪县卫健局今年要培育几名乡村医生",
    # (a named hospital after the bureau is an organisation the library lacks)
    "南漪县卫生健康局人民医院党建工作怎么安排",
]


@pytest.mark.parametrize("question", TUNED_REFUSED)
def test_tuned_wrong_noun_refused(lib: Library, question: str) -> None:
    ans = lib.ask(question)
    assert not ans.found, ans.answer


# --- held-out (written before the code) ------------------------------------------------

HELDOUT_COUNTS = [
    ("青禾县水利局今年要创建几个临时党支部", ["年内创建4个"]),
    ("青禾县水利局全年要培养多少名入党积极分子", ["全年培养7名"]),
]


@pytest.mark.parametrize(("question", "spans"), HELDOUT_COUNTS)
def test_heldout_count_after_the_verb(lib: Library, question: str, spans: list[str]) -> None:
    _answered(lib, question, spans, [])


HELDOUT_SECTIONS = [
    (
        "青禾县水利局今年水利工程建设一线党建咋安排的",
        ["临时党支部", "全年培养7名"],
        ["水利讲堂", "廉政谈话"],
    ),
    # (the heading's theme is in the preamble too: 为推动审判执行工作与党建工作深度融合)
    (
        "岚山区人民法院今年审判执行工作与党建融合咋弄的",
        ["建立党小组", "年内评选6个"],
        ["法官讲党课", "专项整顿"],
    ),
    (
        "青禾县水利局2025年党建工作要点里廉政风险防控怎么弄",
        ["专项整治", "廉政谈话提醒"],
        ["水利讲堂", "临时党支部"],
    ),
    ("水利工程建设一线党建怎么安排的", ["临时党支部", "全年培养7名"], ["水利讲堂", "廉政谈话"]),
    ("廉政风险防控咋弄的", ["专项整治", "廉政谈话提醒"], ["水利讲堂", "临时党支部"]),
]


@pytest.mark.parametrize(("question", "spans", "absent"), HELDOUT_SECTIONS)
def test_heldout_one_section(
    lib: Library, question: str, spans: list[str], absent: list[str]
) -> None:
    _answered(lib, question, spans, absent)


def test_heldout_broad_gets_the_whole_outline(lib: Library) -> None:
    _answered(
        lib,
        "青禾县水利局2025年党建工作要点讲了些什么",
        ["抓实理论武装", "推进水利工程建设一线党建", "强化廉政风险防控"],
        [],
    )


def test_heldout_broad_plan_with_a_preamble_gets_the_whole_outline(lib: Library) -> None:
    _answered(
        lib,
        "岚山区人民法院2025年党建工作实施方案咋安排的",
        ["强化政治引领", "推动审判执行工作与党建融合", "加强法院队伍作风建设"],
        [],
    )


HELDOUT_REFUSED = [
    "岚山区人民法院今年要评选几个党员示范岗",
    "青禾县水利局今年要创建几个党员示范岗",
    "青禾县水利局全年要培养多少名预备党员",
]


@pytest.mark.parametrize("question", HELDOUT_REFUSED)
def test_heldout_wrong_noun_refused(lib: Library, question: str) -> None:
    ans = lib.ask(question)
    assert not ans.found, ans.answer
