"""A topic the documents do not hold is refused, though the question's other words (the
unit, 党建, 工作, the year) match a whole outline or a nearby section; a topic they hold
under a synonym, in a heading-free paragraph, or a broad question with no topic word, is
answered. Over three invented documents (``tests/data/own/absent_topic``: a 水务局 要点,
a 交通运输局 summary, a 图书馆 支部 report in paragraphs without headings), through the
real library.

The held-out cases were written before the code and not tuned on. On their first run all
passed but one, refused with a respelling note before the 未在文档中找到 line; the helper
now looks for that line anywhere in the answer (a test-side fix, no code change). The
节水宣传 look-alike was added to the tuned set while coding (a false refusal found on it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import answered_with, open_library, refused

from rag.service import Library
from rag.topic_position import is_act, topic_side, without_kind_tail, without_localizer

DOCS = Path(__file__).resolve().parent / "data" / "own" / "absent_topic"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "absent-topic", bundled_embedder, folders=[DOCS])


# --- pure parts (tuned) -----------------------------------------------------------------


def test_the_topic_side_stands_before_the_interrogative() -> None:
    q = "档案馆对职工因私出境有什么审批规定"
    assert topic_side(q, ["审批", "规定", "职工", "因私", "出境"]) == ["职工", "因私", "出境"]
    assert topic_side("档案馆保密工作", ["保密", "档案馆"]) == ["档案馆", "保密"]


def test_acts_and_verbs_that_are_never_a_topic() -> None:
    assert is_act("部署", "档案馆的保密工作是如何部署的")
    assert is_act("发挥", "团员在抗旱中发挥什么作用")
    assert is_act("分为", "那份要点分为几个部分")
    assert is_act("准备", "明年准备怎么搞")
    assert is_act("所列", "第二部分所列的任务")
    assert not is_act("保密", "档案馆的保密工作是如何部署的")
    assert not is_act("直播", "党课直播怎么搞")


def test_kind_tails_and_localizers_are_cut() -> None:
    kind = {"工作", "情况"}.__contains__
    assert without_kind_tail("保密工作", kind) == "保密"
    assert without_kind_tail("整改情况", kind) == "整改"
    assert without_kind_tail("保密", kind) == "保密"
    assert without_localizer("社区里") == "社区" and without_localizer("会上") == "会"
    assert without_localizer("保密") == "保密"


# --- tuned -----------------------------------------------------------------------------

TUNED_NEGATIVES = [
    "水务局2025年在统战工作方面怎么安排的",
    "水务局党课直播怎么搞",
    "交通运输局信访维稳工作怎么部署的",
    "交通局去年保密工作做了什么",
    "图书馆党支部在乡村振兴方面做了啥",
    "水务局要点里关于机关食堂管理有什么规定",
    "交通运输局2024年党建总结中退役军人服务工作情况",
    "图书馆党支部的数字化转型怎么推进的",
    "水务局对党员酒驾醉驾有什么处理规定",
    "交通运输局总结里提到的民族团结进步创建有哪些成效",
]

TUNED_ANSWERABLE = [
    ("水务局网上党课怎么安排的", "每季度组织党员集中收看1次网上党课"),
    ("交通运输局行业稳定工作做了哪些", "妥善化解出租汽车行业矛盾纠纷12起"),
    ("水务局2025年党建重点任务有哪些", "夯实基层组织"),
    ("图书馆党支部志愿服务做了啥", "“书香先锋”志愿服务队"),
    ("水务局廉洁方面有什么要求", "开展廉政风险排查"),
    ("交通局去年窗口服务怎么做的", "推行“好差评”制度"),
    ("水务局防汛中党员发挥什么作用", "组建防汛抗旱党员突击队"),
    ("图书馆党支部古籍修复是怎么传承的", "传授古籍修复和文献整理技艺"),
    ("交通运输局2024年党建总结讲了什么", "存在的不足"),
    ("水务局舆情怎么应对", "加强网络舆情监测"),
    # a distinctive first term held (节水), the facet asked in the asker's words
    ("水务局节水宣传有什么活动", "“节水护水”志愿活动"),
]


@pytest.mark.parametrize("question", TUNED_NEGATIVES)
def test_tuned_absent_topic_is_refused(lib: Library, question: str) -> None:
    refused(lib, question)


@pytest.mark.parametrize(("question", "evidence"), TUNED_ANSWERABLE)
def test_tuned_present_topic_is_answered(lib: Library, question: str, evidence: str) -> None:
    answered_with(lib, question, evidence)


# --- held-out (written before the code; not tuned on) ------------------------------------

HELDOUT_NEGATIVES = [
    "水务局对干部因私出国有什么规定",
    "交通运输局2024年在网格化管理上怎么做的",
    "图书馆党支部直播荐书活动怎么开展的",
    "水务局信访工作是如何部署的",
    "交通运输局总结中关于对口支援的情况",
    "图书馆党支部的党费收缴情况怎么样",
    "水务局要点里提到的巡察整改有哪些",
    "交通运输局去年的扫黑除恶工作有什么成效",
]

HELDOUT_ANSWERABLE = [
    ("水务局对河湖长制有什么安排", "每名局领导联系1条重点河道"),
    ("交通局支部书记培训情况", "组织支部书记轮训2期"),
    ("图书馆党支部青年党员和老党员怎么结对的", "“一对一”结对"),
    ("水务局在供水保障上怎么发挥党员作用", "设立党员先锋岗6个"),
    ("交通运输局2024年存在哪些不足", "年轻党员占比偏低"),
    ("水务局工会有什么活动", "举办职工运动会"),
    ("图书馆支部主题党日去了哪里", "澄溪革命纪念馆"),
    ("交通运输局下一步工作打算是什么", "新建驿站4个"),
]


@pytest.mark.parametrize("question", HELDOUT_NEGATIVES)
def test_heldout_absent_topic_is_refused(lib: Library, question: str) -> None:
    refused(lib, question)


@pytest.mark.parametrize(("question", "evidence"), HELDOUT_ANSWERABLE)
def test_heldout_present_topic_is_answered(lib: Library, question: str, evidence: str) -> None:
    answered_with(lib, question, evidence)
