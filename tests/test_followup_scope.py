"""What a follow-up inherits from the turn before it (rag/service.py, issue 12), over
invented documents of two bureaus (tests/data/own/followup_respell):

- the earlier question is read as its own answer read it — in the corpus' spelling
  (主题党曰 → 主题党日, 第1议题 → 第一议题) — so the scope, and a question a department or
  year is swapped into, carry the respelt phrase, not the typed slip;
- the answer cache is keyed on the question and the scope it inherits (bounded in size),
  not on the whole conversation: a long chat does not grow the key, and a change in the
  history that leaves the scope as it was still finds the answer.

The pairs the respelling fix was worked out on are apart from those written beside them
and only measured (HELDOUT_PAIRS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.followup import MAX_CHAIN, Scope
from rag.service import Library

FOLDER = Path(__file__).resolve().parent / "data" / "own" / "followup_respell"
ARCHIVES = "东林市档案局-2024年党建工作要点", "东林市档案局-2023年党建工作要点"
STATS = "东林市统计局-2024年党建工作要点"

# (earlier question with a slip, follow-up, the slip as typed, the corpus' spelling)
PAIRS = [
    ("“主题党曰”在哪些文件里提到", "2023年的呢", "主题党曰", "主题党日"),
    ("第1议题在哪些要点里出现", "统计局的呢", "第1议题", "第一议题"),
    ("东林市档案局2024年要点里主题党曰怎么安排", "具体说说", "主题党曰", "主题党日"),
]
HELDOUT_PAIRS = [
    ("哪些材料提到了政冶生日", "那档案局的呢", "政冶", "政治生日"),
    ("档案局2024年的政冶生日有什么安排", "前一年呢", "政冶", "政治生日"),
    ("第1议题在哪些要点里出现", "2023年呢", "第1议题", "第一议题"),
    ("档案局今年主题党曰怎么开展", "那统计局呢", "主题党曰", "主题党日"),
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "followup-scope", bundled_embedder, folders=[FOLDER])


def respelt_scope(lib: Library, pairs: list[tuple[str, str, str, str]]) -> list[str]:
    """The follow-ups of ``pairs`` whose reading still carries the earlier slip."""
    wrong = []
    for first, follow, typed, meant in pairs:
        lib.ask(first)
        q = lib.understand(follow, [first])
        read = q.question + " " + q.topic
        if typed in read or meant not in read:
            wrong.append(follow)
    return wrong


def test_a_followup_inherits_the_earlier_question_as_respelt(lib: Library) -> None:
    assert respelt_scope(lib, PAIRS) == []


def test_heldout_followups_inherit_the_respelt_question(lib: Library) -> None:
    """Written beside PAIRS, only measured: 4 of 4 on the fix (before it 0 of 4)."""
    assert respelt_scope(lib, HELDOUT_PAIRS) == []


def test_a_term_asked_with_a_slip_stays_a_term_in_its_followups(lib: Library) -> None:
    first = lib.ask(PAIRS[0][0])
    assert first.kind == "term" and len({c.doc for c in first.citations}) == 3
    # another year: the same phrase's occurrences (the year weighs, it is no filter), not
    # one document's outline read from the typed slip
    year = lib.ask(PAIRS[0][1], [PAIRS[0][0]])
    assert year.kind == "term", year.answer
    assert set(ARCHIVES) <= {c.doc for c in year.citations}
    assert "主题党日" in cited_text(lib, year)
    other = lib.ask(PAIRS[1][1], [PAIRS[1][0]])
    assert other.kind == "term" and {c.doc for c in other.citations} == {STATS}
    assert "严格落实第一议题制度" in cited_text(lib, other)


# --- the answer cache's key ------------------------------------------------------------

ASKED = "东林市档案局2024年要点里主题党日怎么安排"


def test_the_cache_key_holds_the_scope_not_the_history(lib: Library) -> None:
    state = lib._state
    filler = [f"东林市统计局2024年要点第{i}项是什么" for i in range(40)]
    short = lib.ask("去年的呢", [ASKED])
    hits = state.answers.hits
    # after a long chat ending in the same question: the same scope, the same answer
    long = lib.ask("去年的呢", [*filler, ASKED])
    assert state.answers.hits == hits + 1
    assert long.answer == short.answer and long.citations == short.citations
    # no key holds a conversation: a question, the scope it inherits, the filters
    for question, scope, _ in state.answers._items:
        assert isinstance(question, str) and (scope is None or isinstance(scope, Scope))
    size = max(len(repr(k)) for k in state.answers._items)
    chat = [*filler, ASKED, *(f"那第{i}部分呢" for i in range(MAX_CHAIN * 3))]
    lib.ask("去年的呢", chat)
    assert max(len(repr(k)) for k in state.answers._items) <= 2 * size


def test_a_history_change_that_leaves_the_scope_keeps_the_answer(lib: Library) -> None:
    state = lib._state
    before = lib.ask("去年的呢", ["统计局的要点有哪些", ASKED])
    hits = state.answers.hits
    # (a complete question takes nothing from the turn before it: the same scope)
    again = lib.ask("去年的呢", ["东林市统计局第一议题怎么落实", ASKED])
    assert state.answers.hits == hits + 1 and again.answer == before.answer
    assert set(c.doc for c in again.citations) == {ARCHIVES[1]}


def test_a_followup_after_another_scope_is_not_served_from_the_cache(lib: Library) -> None:
    archives = lib.ask("那统计局呢", [ASKED])
    stats_first = "东林市统计局2024年要点里主题党日怎么安排"
    back = lib.ask("那档案局呢", [stats_first])
    assert {c.doc for c in archives.citations} == {STATS}
    assert {c.doc for c in back.citations} == {ARCHIVES[0]}


# (earlier question with a department typed one character off, follow-up, the department)
ORGAN_SLIPS = [("统汁局今年的要点有哪些任务", "那第一议题呢", "中共东林市统计局党组")]
HELDOUT_ORGAN_SLIPS = [("统记局的要点有哪些任务", "第三部分具体说说", "中共东林市统计局党组")]


def misread_organs(lib: Library, cases: list[tuple[str, str, str]]) -> list[str]:
    wrong = []
    for first, follow, dept in cases:
        assert lib.ask(first).found
        if lib.understand(follow, [first]).departments != (dept,):
            wrong.append(follow)
    return wrong


def test_a_followup_inherits_the_department_its_slip_was_read_as(lib: Library) -> None:
    assert misread_organs(lib, ORGAN_SLIPS) == []


def test_heldout_followups_inherit_the_department_read(lib: Library) -> None:
    """Written beside ORGAN_SLIPS, only measured: 1 of 1 (before the fix 0 of 1; slips
    the earlier answer itself does not read as a department — 档桉局 — are no case)."""
    assert misread_organs(lib, HELDOUT_ORGAN_SLIPS) == []
