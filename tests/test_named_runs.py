"""A list the question names by its items' shared word (那“三个怕”是哪三个, 五不是什么) is
answered with that run of inline items, all of them — never refused as a list the text only
counts — on documents written for this test (a 交通运输局 speech with 一是怕… items in one
paragraph and a 一要 run; a 粮食局 summary with 一是不… items after a colon and a semicolon
between them).

The tuned part was run while writing the fix (``rag.answer_runs``); the held-out part (its
own documents too) was written before it was first run and not adjusted after.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.answer_runs import NamedRun, named_run
from rag.service import Library

SPEECH = """在江岸市交通运输局2024年党建工作会议上的讲话

局党组书记　马某某
（2024年3月5日）

同志们：

今天召开会议，主要是总结去年党建工作，部署今年任务。下面，我讲三点意见。

一、充分肯定成绩
过去一年，全局党建工作取得新进展。

二、清醒认识问题
当前，一些干部作风方面还存在不少问题，主要表现是：一是怕担责。遇到矛盾绕着走，不愿拍板。二是怕吃苦。下基层少，蹲点调研不深入。三是怕出错。习惯于按部就班，不敢创新。四是怕得罪人。对不良现象睁一只眼闭一只眼。这些问题必须下大力气解决。

三、扎实做好今年工作
**一要**抓好理论学习。深入开展主题教育，推动学习往深里走。
**二要**守牢安全底线。把党建工作和安全生产紧密结合起来，坚决遏制重特大事故发生。
**三要**锻造过硬队伍。加强干部教育培训。
"""

# held-out documents: written with the held-out questions, before the first run
GRAIN = """江岸市粮食和物资储备局2023年机关党建工作总结

2023年，局机关党委坚持围绕中心、服务大局，推动机关党建提质增效。

一、主要成效
全年开展主题党日活动12次，组织党员志愿服务30余次。

二、存在问题
对照模范机关标准，还存在一些差距，集中体现为：一是不深入，调查研究浮在面上；二是不主动，服务基层等靠要；三是不规范，支部台账记录不全。

三、下步打算
一抓学习教育，二抓支部建设，三抓作风转变。
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "namedruns", bundled_embedder, {"jt.txt": SPEECH, "ls.txt": GRAIN}
    )


def _all_items(lib: Library, question: str, items: list[str]) -> None:
    answered(lib, question, items)


FOUR = ["怕担责", "怕吃苦", "怕出错", "怕得罪人"]
THREE_NOT = ["不深入", "不主动", "不规范"]


def test_the_name_of_a_run_is_read() -> None:
    assert named_run("讲话里干部作风“四个怕”是哪四个怕") == NamedRun(4, "怕")
    assert named_run("那三不都是啥") == NamedRun(3, "不")
    assert named_run("讲了几个方面") is None
    assert named_run("三个方面分别是什么") is None
    assert named_run("会上发言的3个单位是哪几个") is None  # members, counted


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("讲话里干部作风“四个怕”是哪四个怕", FOUR),
        ("讲话里干部作风的“四怕”是哪四怕", FOUR),
        ("讲话中说的四怕都是什么", FOUR),
        ("讲话里说的四个怕是哪些", FOUR),
        ("讲话里的三要是什么", ["抓好理论学习", "守牢安全底线", "锻造过硬队伍"]),
    ],
)
def test_tuned_run_named_by_its_shared_word(lib: Library, question: str, items: list[str]) -> None:
    _all_items(lib, question, items)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("粮食局总结里的“三个不”指的是哪三个不", THREE_NOT),
        ("粮储局机关存在的三不问题具体是什么", THREE_NOT),
        ("交通运输局马书记说的四个怕分别是啥", FOUR),
        ("粮食局下步打算的三抓是什么", ["抓学习教育", "抓支部建设", "抓作风转变"]),
    ],
)
def test_held_out_run_named_by_its_shared_word(
    lib: Library, question: str, items: list[str]
) -> None:
    _all_items(lib, question, items)
