"""Requests for every passage on a term and two-document comparisons, worded as blind sets
word them — on documents written for these tests (tests/data/own/seek, built by
tests/data/own/make_seek.py):

- a request for the original text (原文, 原句, 出处, 都在哪, 全文检索, all …) of a phrase the
  corpus holds lists every occurrence per document, before any list path, whatever list
  words it also has; a term beginning with 第一 is no ordinal; a term ending in a stop-word
  character (…在科室上) is found whole; a phrase typed one character off is read in the
  corpus' spelling; a quoted phrase no text holds is refused naming it;
- a list question that is no term search stays a list;
- a comparison worded with a colloquial 比 (A跟B…比一比, A与B相比, 比下) keeps both sides;
  each side quotes every sentence holding the compared phrase (not a fixed number of
  passages), and a speech's 第一个是…第三个是… enumeration whole;
- two documents' task lists asked side by side: each side's list as a one-document list
  question gets it (a plan's part, a news report's 一是…四是, two summaries' 下一步打算).

Only the tuned part (seek/tuned) is pinned case by case; the held-out parts (seek/heldout,
seek/heldout2: other organisations, terms and wordings) are held to a floor as a whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library, side_texts

from rag.eval import aggregate, load_questions, score_answer
from rag.outline import parse_outline
from rag.question import read_cues
from rag.service import Library

DATA = Path(__file__).parent / "data" / "own"
TUNED = DATA / "seek" / "tuned"

HEALTH = "中共临溪县卫生健康局党组"
WATER = "临溪县自来水公司党支部"  # the 来源 company's party organ the text names
TOWN = "中共临溪县青石镇委员会"
AUDIT = "中共临溪县审计局机关支部委员会"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "seek", bundled_embedder, folders=[TUNED])


# --- reading the wording (pure) ------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "X的原话都找出来",
        "X的原句列一下",
        "X出自哪些材料",
        "X都在哪",
        "全文检索 X",
        "all X pls",
        "Every X",
    ],
)
def test_requests_for_the_original_text_are_term_cues(question: str) -> None:
    assert read_cues(question).term


@pytest.mark.parametrize(
    "question",
    [
        "A跟B的做法比一比",
        "A和B比下",
        "A与B相比有什么",
        "A跟B比，谁的多",
        "A和B哪个高",
        "A和B的任务摆一起",
    ],
)
def test_colloquial_comparisons_are_compare_cues(question: str) -> None:
    assert read_cues(question).compare


@pytest.mark.parametrize(
    "question", ["党员人数跟去年比多了多少", "党员比例是多少", "重点任务有哪些"]
)
def test_no_comparison_without_two_sides_words(question: str) -> None:
    assert not read_cues(question).compare


def test_a_speech_enumeration_of_first_second_third_is_a_list() -> None:
    text = (
        "一、压实责任\n　　责任分三层。第一个是党委，是领导主体；第二个是支部，是实施主体；"
        "第三个方面是小组，是末梢。\n二、抓好落实\n　　要抓好落实。\n"
    )
    first = parse_outline(text)[0]
    assert [c.number for c in first.children] == ["第一个是", "第二个是", "第三个方面是"]
    assert first.children[0].heading.startswith("党委")
    assert all(c.style == "counted" for c in first.children)


# --- term requests (tuned part) --------------------------------------------------------------

FIRST_SECRETARY = [
    "向乡村振兴重点村选派第一书记3名",
    "驻村第一书记实现重点村全覆盖",
    "第一书记每年在村工作不少于200天",
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["把所有提到第一书记的原文都列出来", "all 第一书记 的原文 pls", "第一书计都在哪"]
)
def test_every_occurrence_of_a_first_term_in_each_document(lib: Library, question: str) -> None:
    a = lib.ask(question)
    text = cited_text(lib, a)
    assert a.kind == "term", a.answer
    for span in FIRST_SECRETARY:
        assert span in text, (span, a.answer)
    assert {c.doc for c in a.citations} == {
        "s01_health_points",
        "s03_town_summary",
        "s04_org_speech",
    }


@pytest.mark.slow
def test_a_qualifier_clause_keeps_every_occurrence(lib: Library) -> None:
    a = lib.ask("“党员先锋岗”的原句都列出来，作用不明显的那句也要")
    text = cited_text(lib, a)
    assert a.kind == "term"
    for span in ("设立党员先锋岗8个", "在镇便民服务中心设立“党员先锋岗”", "作用发挥不够明显"):
        assert span in text, (span, a.answer)


@pytest.mark.slow
def test_a_term_ending_in_a_stop_word_character_is_found_whole(lib: Library) -> None:
    a = lib.ask("材料里讲到支部建在科室上的地方都是咋说的")
    text = cited_text(lib, a)
    assert a.kind == "term"
    assert "全面推行支部建在科室上" in text


@pytest.mark.slow
def test_a_quoted_phrase_no_text_holds_is_refused_naming_it(lib: Library) -> None:
    a = lib.ask("“红旗驿站”的原文都列出来")
    assert not a.found
    assert "红旗驿站" in a.answer


@pytest.mark.slow
def test_a_list_question_is_no_term_search(lib: Library) -> None:
    a = lib.ask("卫健局2025年重点任务有哪些")
    text = cited_text(lib, a)
    assert a.kind == "tasks"
    assert "（四）选派驻村第一书记" in text and "（一）强化理论武装" in text


# --- comparisons (tuned part) -----------------------------------------------------------------


@pytest.mark.slow
def test_a_colloquial_comparison_keeps_both_sides(lib: Library) -> None:
    a = lib.ask("青石镇跟自来水公司的志愿服务记时办法比一比")
    cited_text(lib, a)
    sides = side_texts(a)
    assert a.kind == "compare" and set(sides) == {TOWN, WATER}, a.answer
    assert "月登记、季通报" in sides[TOWN]
    assert "每月一登记、每季一亮榜" in sides[WATER]


@pytest.mark.slow
def test_each_side_quotes_every_sentence_on_the_compared_phrase(lib: Library) -> None:
    a = lib.ask("自来水公司与青石镇相比，党员先锋岗咋设的")
    cited_text(lib, a)
    sides = side_texts(a)
    assert set(sides) == {TOWN, WATER}, a.answer
    assert "在镇便民服务中心设立“党员先锋岗”" in sides[TOWN], a.answer
    assert "设立党员先锋岗8个" in sides[WATER]


@pytest.mark.slow
def test_a_speech_enumeration_is_quoted_whole_on_its_side(lib: Library) -> None:
    a = lib.ask("乡镇党委、村党支部、党小组各担什么责？讲话和那篇报道比下")
    text = cited_text(lib, a)
    assert a.kind == "compare"
    for span in ("第一个是乡镇党委", "第二个是村党支部", "第三个是党小组"):
        assert span in text, (span, a.answer)
    assert "乡镇党委每季度专题研究一次基层党建工作" in text
    assert {"s04_org_speech", "s05_org_news"} <= {c.doc for c in a.citations}


@pytest.mark.slow
def test_two_task_lists_side_by_side(lib: Library) -> None:
    a = lib.ask("卫健局和自来水公司今年的党建任务摆一起看看")
    cited_text(lib, a)
    sides = side_texts(a)
    assert set(sides) == {HEALTH, WATER}, a.answer
    for item in ("强化理论武装", "推进支部建在科室上", "建设“红医驿站”", "选派驻村第一书记"):
        assert item in sides[HEALTH], (item, a.answer)
    for item in ("一是开展", "二是推行", "三是落实", "四是组织党员志愿服务"):
        assert item in sides[WATER], (item, a.answer)


@pytest.mark.slow
def test_two_summaries_next_year_plans_side_by_side(lib: Library) -> None:
    a = lib.ask("青石镇和审计局明年打算各有几条")
    cited_text(lib, a)
    sides = side_texts(a)
    assert set(sides) == {TOWN, AUDIT}, a.answer
    assert "推进“红医驿站”向偏远村延伸" in sides[TOWN] and "深化党员志愿服务积分管理" in sides[TOWN]
    assert "深化模范机关创建" in sides[AUDIT] and "推行党员审计项目承诺制" in sides[AUDIT]


# --- the held-out parts, as a whole -----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("part", ["heldout", "heldout2"])
def test_held_out_parts_floor(
    tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any, part: str
) -> None:
    """Measured 1.00 evidence recall and 1.00 complete on both parts, every negative refused
    (before this work: 0.88 / 0.73 and 0.96 / 0.93, no negative refused); the floors leave
    room for an item."""
    held = open_library(
        tmp_path_factory, f"seek-{part}", bundled_embedder, folders=[DATA / "seek" / part]
    )
    questions = load_questions(DATA / f"seek-{part}.jsonl")
    docs = {d.doc_id: d for d in held.documents}
    results = [score_answer(q, held.ask(q.question), docs) for q in questions]
    m = aggregate(results, {q.id: q for q in questions})
    assert m.evidence_recall is not None and m.evidence_recall >= 0.9, m
    assert m.complete is not None and m.complete >= 0.85, m
    assert m.negatives_refused == 1.0, m
    assert m.answerable_refused is not None and m.answerable_refused <= 0.1, m
    assert m.invalid_citations == 0, m


@pytest.mark.slow
def test_a_name_followed_by_bi_is_no_slip(lib: Library) -> None:
    """青石镇比 (…跟青石镇比) is the name and 比, not a slip for 青石镇委."""
    a = lib.ask("卫健局跟青石镇比，第一书记谁多")
    cited_text(lib, a)
    assert "问题中写作" not in a.answer, a.answer
    sides = side_texts(a)
    assert set(sides) == {HEALTH, TOWN}, a.answer
    assert "第一书记3名" in sides[HEALTH] and "驻村第一书记实现重点村全覆盖" in sides[TOWN]
