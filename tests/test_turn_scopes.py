"""What a conversation's turns leave for the next question (``Library`` keeps each turn's
scope when it is answered) and the server's heap kept out of the collector's full passes
(``rag.heap``, ``Library.serve``).

With the answer cache off (``RAG_ANSWER_CACHE=0``: every question worked out again) a turn
asked after others is answered once — the earlier turns are not answered again to learn
which documents they cited — and gets the answer it gets with the cache on, turn by turn
or with the whole history given at once. Invented documents of two bureaus; the tuned
conversation is the one this was developed on, the held-out one (other wording, other
bureau, other follow-up kinds) was written beside it and only run.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag import heap, service
from rag.config import Settings
from rag.service import Library

DOCS = {
    "青川市水务局-2025年机关党建工作要点.txt": (
        "青川市水务局2025年机关党建工作要点\n"
        "一、强化政治引领\n"
        "1.落实第一议题制度，党组会议每月集中学习一次。\n"
        "2.开展“清水先锋”主题党日，全年不少于10次。\n"
        "二、建强基层组织\n"
        "3.推进支部标准化建设，年内建成示范支部3个。\n"
        "4.严格党员发展程序，全年发展党员5名。\n"
        "三、深化作风建设\n"
        "5.开展河湖巡查蹲点调研，局领导每季度下基层不少于2次。\n"
        "6.精简会议文件，会议数量压减15%。\n"
    ),
    "青川市水务局-2024年党建工作总结.txt": (
        "青川市水务局2024年党建工作总结\n"
        "一、主要做法\n"
        "全年开展主题党日12次，新建“清水先锋”党员责任区8个。\n"
        "二、存在不足\n"
        "个别支部组织生活流于形式，党建与业务融合不够紧密。\n"
    ),
    "青川市文化和旅游局-2025年党建工作要点.txt": (
        "青川市文化和旅游局2025年党建工作要点\n"
        "一、加强理论武装\n"
        "1.办好“文旅讲堂”，全年举办专题讲座6期。\n"
        "二、推进党建与业务融合\n"
        "2.组建景区党员志愿服务队4支，节假日在岗服务。\n"
        "三、抓好廉政建设\n"
        "3.对文物修缮和演出采购项目开展专项监督检查。\n"
        "4.每半年召开一次警示教育大会。\n"
    ),
}
TUNED = ["青川市水务局2025年机关党建工作要点有哪些任务", "第二部分具体说说", "那文旅局呢"]
HELD_OUT = [
    "文化和旅游局今年的党建要点列了哪些工作",
    "其中第三部分讲了什么",
    "这份要点是哪个单位印发的",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Path:
    folder = tmp_path_factory.mktemp("turn-scopes-corpus")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("turn-scopes-index")
    Library.open(Settings(corpus_dir=folder, index_dir=index), sync=True, embedder=bundled_embedder)
    return folder


def library(corpus: Path, index: Path, embedder: Any, cache: int) -> Library:
    settings = Settings(corpus_dir=corpus, index_dir=index, answer_cache=cache)
    return Library.open(settings, sync=True, embedder=embedder)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The questions ``Library`` works an answer out for (``answer_query``, counted)."""
    seen: list[str] = []
    real = service.answer_query

    def answer_query(ctx: Any, q: Any) -> Any:
        seen.append(q.question)
        return real(ctx, q)

    monkeypatch.setattr(service, "answer_query", answer_query)
    yield seen


def shown(answer: Any) -> dict[str, Any]:
    return {k: v for k, v in answer.to_json().items() if k != "elapsed_ms"}


def turn_by_turn(lib: Library, turns: list[str], counted: list[str]) -> list[tuple[Any, int]]:
    """Each turn asked with the questions before it, as the page asks; its answer and how
    many answers were worked out for it."""
    out = []
    for k, question in enumerate(turns):
        before = len(counted)
        answer = lib.ask(question, turns[:k])
        out.append((shown(answer), len(counted) - before))
    return out


@pytest.mark.parametrize("turns", [TUNED, HELD_OUT], ids=["tuned", "held-out"])
def test_a_turn_is_answered_once_with_the_cache_off(
    turns: list[str],
    corpus: Path,
    tmp_path: Path,
    bundled_embedder: Any,
    counted: list[str],
) -> None:
    off = library(corpus, tmp_path / "off", bundled_embedder, cache=0)
    got = turn_by_turn(off, turns, counted)
    assert [n for _, n in got] == [1] * len(turns), counted
    # the same answers as with the cache on, turn by turn
    on = library(corpus, tmp_path / "on", bundled_embedder, cache=256)
    assert [a for a, _ in turn_by_turn(on, turns, counted)] == [a for a, _ in got]
    # and as a fresh library given the whole history at once (``POST /api/ask``), which
    # works the earlier turns out itself
    fresh = library(corpus, tmp_path / "fresh", bundled_embedder, cache=0)
    before = len(counted)
    last = fresh.ask(turns[-1], turns[:-1])
    assert shown(last) == got[-1][0]
    assert len(counted) - before == len(turns)
    assert got[1][0]["found"] and got[1][0]["citations"]


@pytest.mark.parametrize("full", [True, False], ids=["full", "young"])
def test_settle_collects_garbage_and_freezes_what_lives(full: bool) -> None:
    class Node:
        other: Any = None

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    gone = weakref.ref(a)
    del a, b
    alive = Node()
    kept = weakref.ref(alive)
    try:
        frozen = heap.settle(full=full)
        assert gone() is None and kept() is alive
        # (frozen objects still die by reference count, here or in another thread, so the
        # count may have fallen since: what matters is that the survivor is frozen, out of
        # every generation a collection walks)
        assert frozen > 0
        assert not any(o is alive for g in range(3) for o in gc.get_objects(generation=g))
    finally:
        gc.unfreeze()


def test_a_serving_library_frees_the_build_it_swaps_out(
    corpus: Path, tmp_path: Path, bundled_embedder: Any
) -> None:
    lib = library(corpus, tmp_path / "serve", bundled_embedder, cache=0)
    try:
        lib.serve()
        assert gc.get_freeze_count() > 0
        first = lib.ask(TUNED[0])
        old = weakref.ref(lib._state)
        lib.reload()
        assert old() is None  # frozen with the server, still freed once swapped out
        assert shown(lib.ask(TUNED[0])) == shown(first)
    finally:
        gc.unfreeze()
