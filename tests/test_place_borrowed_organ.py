"""A unit named by its place and another organ of that place (X县林业局 beside the library's
X县农业农村局, where 林 stands in the place 檀林) is another unit: the organ's short name
may not borrow a character of the place written just before it (rag.question
``_borrows_place``). Tuned on the 檀林县 library; the 高林区 library (工信局 vs 林业局, an
old name 安监局 as control) was written before the first run and not tuned on."""

from __future__ import annotations

import pytest
from doclib import answered_with, open_library, refused_naming

from rag.service import Library

TUNED = {
    "檀林县农业农村局-春耕党建.txt": (
        "檀林县农业农村局：党员服务队走进春耕一线\n"
        "来源：县农业农村局　发布时间：2025-04-02\n"
        "　　春耕以来，檀林县农业农村局机关党委组建党员技术服务队4支，"
        "分片联系全县9个乡镇，开展育秧现场指导26场。\n"
    ),
    "白水市统计局-2025年党建要点.txt": (
        "中共白水市统计局党组2025年党建工作要点\n"
        "一、加强政治建设\n"
        "（一）落实“第一议题”制度。局党组会议把学习贯彻习近平总书记重要讲话精神作为第一议题。\n"
        "二、建强基层组织\n"
        "（一）推进支部标准化建设。年内创建标准化党支部3个。\n"
    ),
}
HELDOUT = {
    "高林区工业和信息化局-2025年党建工作计划.txt": (
        "中共高林区工业和信息化局党组2025年党建工作计划\n"
        "一、强化理论武装\n"
        "（一）开展专题学习。局党组理论学习中心组全年集中学习10次。\n"
        "二、服务企业发展\n"
        "（一）开展“党建进企业”活动。组织党员干部走访规上工业企业120家。\n"
    ),
    "安远县应急管理局-2025年党建工作总结.txt": (
        "中共安远县应急管理局党组2025年党建工作总结\n"
        "一、理论学习\n"
        "　　全年开展安全生产专题学习8次，组织党员参加应急演练5场。\n"
    ),
}


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "borrow-tuned", bundled_embedder, TUNED)


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "borrow-heldout", bundled_embedder, HELDOUT)


@pytest.mark.parametrize(
    "q", ["檀林县林业局在春耕期间有什么做法", "檀林县林业局党支部春耕期间开展了哪些党建活动"]
)
def test_tuned_other_organ_of_the_place_is_refused(tuned: Library, q: str) -> None:
    refused_naming(tuned, q, "檀林县林业局")


def test_tuned_own_names_still_answer(tuned: Library) -> None:
    answered_with(tuned, "檀林县农业局春耕期间组建了几支服务队", "党员技术服务队4支")


# The named unit's only text is a short news page with no outline, its topic (春耕) in
# its headline: its own passage answers, not the other unit's outline, and the words of
# asking (期间、做法、组织了什么活动) are no content a refusal names.
@pytest.mark.parametrize(
    "q",
    [
        "檀林县农业农村局在春耕期间有什么做法",
        "檀林县农业农村局春耕有什么做法",
        "檀林县农业农村局春耕期间组织了什么活动",
    ],
)
def test_tuned_named_unit_news_page_practices(tuned: Library, q: str) -> None:
    answered_with(tuned, q, "党员技术服务队4支")
    a = tuned.ask(q)
    assert "白水市统计局" not in a.answer, a.answer
    assert a.answer.startswith("**檀林县农业农村局"), a.answer


def test_tuned_named_unit_lacking_the_topic_is_refused(tuned: Library) -> None:
    refused_naming(tuned, "檀林县农业农村局防汛期间有什么做法", "防汛")


# Held-out (written before the first run, not tuned on): a 街道 news item beside a 局 plan.
NEWS_HELDOUT = {
    "青石街道-党员志愿者清理河道.txt": (
        "青石街道：党员志愿者助力河道清理\n"
        "来源：青石街道办事处　发布时间：2025-05-16\n"
        "　　汛期来临前，青石街道党工委发动辖区党员志愿者120余人，"
        "分3个小组清理沿河垃圾8吨，排查隐患点位15处。\n"
    ),
    "红枫市民政局-2025年党建工作计划.txt": (
        "中共红枫市民政局党组2025年党建工作计划\n"
        "一、筑牢思想根基\n"
        "（一）深化理论学习。局党组理论学习中心组每月集中学习1次。\n"
        "二、夯实组织基础\n"
        "（一）开展支部结对共建活动。全年组织共建活动6次。\n"
    ),
}


@pytest.fixture(scope="module")
def news_heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "borrow-news-heldout", bundled_embedder, NEWS_HELDOUT)


@pytest.mark.parametrize(
    "q",
    [
        "青石街道河道清理有哪些做法",
        "青石街道在汛期来临前组织了什么活动",
        "青石街道党工委河道清理期间开展了哪些工作",
    ],
)
def test_heldout_named_unit_news_page(news_heldout: Library, q: str) -> None:
    answered_with(news_heldout, q, "党员志愿者120余人")
    a = news_heldout.ask(q)
    assert "红枫市民政局" not in a.answer, a.answer


def test_heldout_other_unit_outline_still_answers(news_heldout: Library) -> None:
    answered_with(news_heldout, "红枫市民政局2025年党建工作计划有哪些任务", "深化理论学习")


# Open (failed on the first run, and so on main before this change): 垃圾分类 is absent,
# but the passage's fuzzy cover of 垃圾、分类、期间 (沿河垃圾, 分3个小组, 汛期) reaches 1.0,
# and a missing word does not refuse a question asking no value at that cover.
@pytest.mark.xfail(strict=True, reason="absent topic covered by parts of its characters: open")
def test_heldout_named_unit_lacking_the_topic_is_refused(news_heldout: Library) -> None:
    refused_naming(news_heldout, "青石街道垃圾分类期间有什么做法", "垃圾分类")


def test_heldout_other_organ_of_the_place_is_refused(heldout: Library) -> None:
    refused_naming(heldout, "高林区林业局2025年党建工作计划有哪些任务", "高林区林业局")


@pytest.mark.parametrize(
    ("q", "want"),
    [
        ("高林区工信局走访了多少家企业", "120家"),
        ("高林区工业和信息化局党建进企业活动怎么安排的", "120家"),
        ("安远县应急局全年开展了几次安全生产专题学习", "专题学习8次"),
    ],
)
def test_heldout_own_names_still_answer(heldout: Library, q: str, want: str) -> None:
    answered_with(heldout, q, want)
