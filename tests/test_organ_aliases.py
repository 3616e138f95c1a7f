"""A department called by a name its documents never use — a former name of its organ
(工商局 for 市场监督管理局, 国土局 for 自然资源局) or a place's one-character abbreviation
(甬 for 宁波) — is read as the library's department, the answer says so; an organ no
document is of is still refused (``rag.organ_aliases``). On documents written for this test.

The tuned part was run while writing the fix; the held-out part was written before it was
first run and not adjusted after.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, cited_text, open_library, side_texts
from shared_docs import LINJIANG_LAND_SUMMARY_2024

from rag.organ_aliases import read_aliases
from rag.service import Library
from rag.text import normalize

DOCS = {
    "nbjy.txt": """中共宁波市教育局委员会
宁波市教育局2025年师德师风建设工作要点

一、健全师德师风长效机制
1.修订师德考核办法，将师德表现作为教师评优评先首要条件。
2.建立师德档案，实行“一人一档”动态管理。

二、开展师德主题教育
3.组织“四有好老师”宣讲团进校园巡讲40场。
4.评选“甬城最美教师”20名。

中共宁波市教育局委员会
2025年2月10日
""",
    "hzjy.txt": """中共杭州市教育局委员会
杭州市教育局2025年师德师风建设工作要点

一、完善师德监督体系
1.设立师德监督举报电话，畅通家长反映渠道。
2.开展违规有偿补课专项整治行动。

二、强化榜样引领
3.选树“西湖名师”典型30名。

中共杭州市教育局委员会
2025年2月20日
""",
    "ljsj.txt": """中共临江市市场监督管理局机关委员会
临江市市场监督管理局2025年机关党建工作要点

一、加强政治建设
1.严格落实“第一议题”制度，全年专题学习不少于12次。
2.开展“守护舌尖安全”党员先锋岗创建活动。

二、夯实基层基础
3.推进党支部标准化规范化建设，年内创建示范党支部3个。
4.开展“红盾先锋”党建品牌培育行动。

中共临江市市场监督管理局机关委员会
2025年1月20日
""",
    "qhsj.txt": """青河县市场监督管理局2025年党建工作要点

一、强化理论学习
1.每月开展一次“红盾讲堂”。
二、加强作风建设
2.开展“优化营商环境”承诺践诺活动。

中共青河县市场监督管理局党组
2025年2月1日
""",
    "ljzr.txt": LINJIANG_LAND_SUMMARY_2024,
}

DEPTS = ("中共临江市市场监督管理局机关委员会", "中共宁波市教育局委员会", "中共杭州市教育局委员会")


# --- the reading alone (pure) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "depts", "read", "held_out"),
    [
        ("工商局本年度要点 给个清单", DEPTS, "市场监督管理局本年度要点 给个清单", False),
        ("甬教育局 师德 措施", DEPTS, "宁波市教育局 师德 措施", False),
        ("审计委员会的要点", DEPTS, "审计委员会的要点", False),
        ("宣传部今年的要点", DEPTS, "宣传部今年的要点", False),
        ("市文化和旅游局的要点", ("某市文化和旅游局",), "市文化和旅游局的要点", False),
        ("卫计委的支部建设", ("中共青河市卫生健康委员会党组",), "卫生健康委员会的支部建设", True),
        ("环保局有哪些任务", DEPTS, "环保局有哪些任务", True),
        ("文广新局的品牌", ("青河市文化广电旅游局",), "文化广电旅游局的品牌", True),
        ("地税局的党建", ("国家税务总局青河市税务局",), "税务局的党建", True),
        (
            "穗环保局的要点",
            ("市生态环境局", "广州市生态环境局"),
            "广州市生态环境局的要点",
            True,
        ),
        ("杭教育局的榜样", DEPTS, "杭州市教育局的榜样", True),
        (
            "市编办的要点",
            ("中共临江市机构编制委员会办公室",),
            "市机构编制委员会办公室的要点",
            False,
        ),
        ("畜牧局的要点", ("临江市农业农村局",), "农业农村局的要点", False),
        (
            "市工商局的要点",
            ("中共临江市市场监督管理局机关委员会", "中共青河县市场监督管理局党组"),
            "市市场监督管理局的要点",
            False,
        ),
        (
            "工商局的要点",
            ("中共临江市市场监督管理局机关委员会", "中共青河县市场监督管理局党组"),
            "临江市市场监督管理局和青河县市场监督管理局的要点",
            False,
        ),
    ],
)
def test_read_aliases(question: str, depts: tuple[str, ...], read: str, held_out: bool) -> None:
    assert read_aliases(question, depts)[0] == read


# --- on a library ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "organaliases", bundled_embedder, DOCS)


def _answered(lib: Library, question: str, must: str, note: str, never: str = "") -> None:
    a = answered(lib, question, [must])
    assert note in a.answer.split("\n")[0], a.answer
    if never:
        assert never not in a.answer, a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "note", "never", "held_out"),
    [
        ("工商局本年度党建要点任务 给个清单", "红盾先锋", "市场监督管理局", "", False),
        ("甬教育局 师德师风 措施", "一人一档", "宁波市教育局", "西湖名师", False),
        ("请问甬教育局评选了多少名最美教师", "20名", "宁波市教育局", "", False),
        ("国土局去年党建总结成效", "14次", "自然资源局", "", False),
        ("质监局今年党建要点第一议题学习几次", "不少于12次", "市场监督管理局", "", True),
        ("国土资源局召开了几次中心组学习", "14次", "自然资源局", "", True),
        ("甬教育局师德档案怎么管理", "一人一档", "宁波市教育局", "西湖名师", True),
        ("杭教育局选树了多少名西湖名师", "30名", "杭州市教育局", "", True),
    ],
)
def test_alias_read_as_the_department(
    lib: Library, question: str, must: str, note: str, never: str, held_out: bool
) -> None:
    _answered(lib, question, must, note, never)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "present", "absent", "held_out"),
    [
        ("工商局今年党建要点有哪些", ("守护舌尖安全", "红盾讲堂"), (), False),
        ("市工商局今年要点", ("守护舌尖安全",), ("红盾讲堂",), False),
        ("食药监局的党建工作要点有哪些", ("守护舌尖安全", "红盾讲堂"), (), True),
        ("县工商局的党建要点有哪些", ("红盾讲堂",), ("守护舌尖安全",), True),
    ],
)
def test_alias_of_two_organisations_answers_each(
    lib: Library,
    question: str,
    present: tuple[str, ...],
    absent: tuple[str, ...],
    held_out: bool,
) -> None:
    """No place said: each organisation of that line of work, named; a level said: its own."""
    a = lib.ask(question)
    assert a.found, a.answer
    said = normalize(cited_text(lib, a))
    assert all(p in said for p in present), a.answer
    assert not any(p in said for p in absent), a.answer
    assert "问题中写作" in a.answer.split("\n")[0], a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "held_out"),
    [
        ("工商局和自然资源局的党建工作对比一下", False),
        ("国土局和工商局党建工作有什么不同", True),
    ],
)
def test_alias_is_a_side_of_a_comparison(lib: Library, question: str, held_out: bool) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    sides = side_texts(a)
    assert any("市场监督管理局" in s for s in sides), a.answer
    assert any("自然资源局" in s for s in sides), a.answer
    assert "无从比较" not in a.answer, a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "held_out"),
    [
        ("宣传部今年的党建要点有哪些", False),
        ("环保局有哪些党建任务", False),
        ("沪教育局 师德师风 措施", False),
        ("安监局今年党建要点有哪些", True),
        ("组织部今年的党建要点都有哪些", True),
    ],
)
def test_an_organ_no_document_is_of_is_still_refused(
    lib: Library, question: str, held_out: bool
) -> None:
    a = lib.ask(question)
    assert not a.found, a.answer
