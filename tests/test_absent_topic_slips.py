"""The absent-topic refusal (``answer_refusal._absent_terms``) counts only the question's
topic: a topic word typed with a character read alike (突击对 for the text's 突击队), a piece
holding the asker (帮我列一下 → 我列) and a verb of bearing a task (由…承担的) are not
absent topics, and the question is answered. Found on an analysed held-out set of
rewordings after the absent-topic check landed (three false refusals); these are invented
questions over the invented ``tests/data/own/absent_topic`` documents. ``HELD_OUT`` were
written with ``TUNED`` and first run after the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import open_library

from rag.service import Library
from rag.topic_position import is_act

DOCS = Path(__file__).resolve().parent / "data" / "own" / "absent_topic"

TUNED = [
    "水务局要点里防汛抗旱党员突击对是怎么安排的",
    "麻烦帮我列一下水务局党建要点都分哪几个方面，谢谢",
    "请列明水务局要点中由局党组承担的各项任务",
]
HELD_OUT = [
    "澄溪市水务局今年党建要点里夯实基层组职有哪些安排",
    "领导让我把水务局党建要点给他发一份，你帮我看看都有哪几部分",
    "水务局要点里推进党建与业务融合这部分由谁负责的任务有哪些",
]
# controls: a topic no document holds is still refused
REFUSED = [
    "澄溪市水务局对党员酒驾有什么处理规定",
    "水务局信访维稳工作怎么部署的",
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "absent-slips", bundled_embedder, folders=[DOCS])


@pytest.mark.parametrize("question", TUNED + HELD_OUT)
def test_slips_and_request_words_are_no_absent_topic(lib: Library, question: str) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    assert "未在文档中找到" not in ans.answer.splitlines()[0], ans.answer


@pytest.mark.parametrize("question", REFUSED)
def test_absent_topics_are_still_refused(lib: Library, question: str) -> None:
    ans = lib.ask(question)
    assert not ans.found, ans.answer


def test_asker_pieces_and_task_verbs_are_never_topics() -> None:
    assert is_act("我列", "麻烦帮我列一下")
    assert is_act("承担", "由局党组承担的任务")
    assert not is_act("防汛", "防汛有哪些安排")


def test_hearsay_words_are_no_topic() -> None:
    """好像/听说/印象中 open a question with the asker's doubt (好像有个单位规定…): not an
    absent topic (found on an analysed held-out rewording after the absent-term rule)."""
    assert is_act("好像", "好像有个单位规定每季度开一次")
    assert is_act("听说", "听说有个单位搞了读书会")
    assert not is_act("读书会", "听说有个单位搞了读书会")


@pytest.mark.parametrize(
    "question",
    [
        "好像有个单位要组建防汛抗旱党员突击队，是哪个单位？",
        "听说有单位每季度组织党员集中收看网上党课，出自哪份文件",
    ],
)
def test_a_hedged_opening_is_answered(lib: Library, question: str) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
