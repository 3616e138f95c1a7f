"""Refusing only on evidence, by the kinds official documents invite (issue 12).

Each unanswerable question of ``tests/data/neg`` stands beside an answerable one of the
same shape (tests/data/neg/make.py): a figure, date or name not stated (another unit,
year or item near); an organisation absent while a similar one is present (二中 for 一中,
县 for 市, another street or bureau of the place); a year's document of a kind the
organisation lacks; a post that only attended or did not speak; a part or article beyond
the last; a topic no document treats. The tuned pairs (东陵县 documents) are pinned one
by one; the held-out pairs (嘉禾市 documents, never tuned on) only by a threshold.

The pure parts (``rag.positions``, ``rag.institutions``, ``rag.value_match``'s
modifiers, ``rag.withheld``, ``rag.speaker``'s attendees, ``rag.numbers``' money words)
are tested first on hand-written inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.cite import verify_citation
from rag.config import Settings
from rag.eval import Question, load_questions, score_answer
from rag.institutions import institutions, level_conflict
from rag.numbers import Ask, asked_value, holds_value
from rag.positions import absent_position, literal_count
from rag.question import understand
from rag.service import Library
from rag.speaker import asked_post, post_attends_only
from rag.types import DocMeta
from rag.value_match import counted_thing, holds_asked
from rag.withheld import identity_noun, names_given

NEG = Path(__file__).resolve().parent / "data" / "neg"

# --- pure parts -----------------------------------------------------------------------


def test_articles_and_chapters_are_counted_from_the_text() -> None:
    text = "办法\n　　第一条　总则。\n　　第二条　适用。\n　　第三条　依照第九条执行。\n"
    assert literal_count(text, "条") == 3  # 第九条 in a sentence numbers no article
    assert absent_position("第五条怎么规定的", text, ()) is not None
    assert absent_position("第二条怎么规定的", text, ()) is None
    # a document with no chapters says nothing about its 第五章
    assert absent_position("第五章讲了啥", text, ()) is None


def test_institutions_by_number_full_and_short() -> None:
    found = institutions("东陵县第一中学总支部委员会")
    assert [(i.kind, i.number) for i in found] == [("中学", 1)]
    assert [(i.kind, i.number) for i in institutions("东陵二中的要点", ["东陵"])] == [("中学", 2)]
    assert [(i.kind, i.number) for i in institutions("三院今年发展几名党员")] == [("医院", 3)]
    assert [(i.kind, i.number) for i in institutions("市一院")] == [("医院", 1)]
    # numerals inside other words name no institution
    assert institutions("其中一中心组") == []
    assert institutions("二十届三中全会精神") == []
    assert institutions("统一小时数") == []


def test_a_level_word_tells_organs_apart() -> None:
    assert level_conflict("东陵市自然资源局", "中共东陵县自然资源局党组", "东陵") == "东陵市"
    assert level_conflict("东陵县自然资源局", "中共东陵县自然资源局党组", "东陵") is None
    assert level_conflict("自然资源局", "中共东陵县自然资源局党组", "东陵") is None


def test_a_count_of_a_group_needs_that_group() -> None:
    q = "一中今年计划发展多少名学生党员"
    ask = asked_value(q)
    assert ask is not None
    assert not holds_asked(ask, q, "年内计划发展教师党员2名，确定入党积极分子5名")
    assert holds_asked(ask, q, "年内计划发展学生党员12名")
    q2 = "9名新党员里少数民族几名"
    assert counted_thing(q2) == "少数民族"
    assert not holds_asked(asked_value(q2) or ask, q2, "新发展党员9名，其中45岁以下6名")
    q3 = "集团现有党员多少名"  # a stock: a flow (吸收新党员7名) is no answer
    assert not holds_asked(asked_value(q3) or ask, q3, "年内计划吸收新党员7名")
    assert holds_asked(asked_value(q3) or ask, q3, "集团现有党员326名")


def test_words_of_spending_ask_money_and_qi_counts_cases() -> None:
    assert asked_value("去年党建活动花了多少") == Ask("money", "元")
    assert asked_value("示范项目的奖励多少钱") == Ask("money", "元")
    assert asked_value("查处了多少起违法用地案件") == Ask("count", "起")
    assert counted_thing("查处了多少起违法用地案件") == "违法用地案件"


def test_members_withheld_or_not_of_the_noun() -> None:
    assert identity_noun("督导组都有谁") == "督导组"
    assert not names_given("督导组", "督导组组成人员另行通知。各督导组组长按分工负责。")
    # the 、 list of another cell of the row names units, not the 8 groups
    assert not names_given("红旗党小组", "4\t评选“红旗党小组”8个\t机关党委、工会\t11月底前")
    assert names_given("红旗党小组", "评选红旗党小组8个：机关一组、二组")
    assert names_given("教师", "评选张三、李四等8名优秀教师")


def test_an_attendee_is_not_a_speaker() -> None:
    text = "县委常委、县纪委书记XXX出席活动，局党组书记、局长XXX作动员讲话，40余名党员参加活动。"
    assert post_attends_only("纪委书记", text)
    assert not post_attends_only("局长", text)
    assert not post_attends_only("镇党委书记", "镇党委书记出席会议并讲话")
    assert asked_post("市委书记在全市国资国企党建工作会议上讲了哪几点") == "市委书记"
    assert asked_post("县纪委书记在主题党日活动上讲了啥") == "纪委书记"


# --- behaviours on the documents of tests/data/neg ---------------------------------------


def _open(tmp: pytest.TempPathFactory, folder: str, embedder: Any) -> Library:
    return Library.open(
        Settings(corpus_dir=NEG / folder, index_dir=tmp.mktemp(f"neg-{folder}")),
        sync=True,
        embedder=embedder,
    )


@pytest.fixture(scope="module")
def tuned_lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return _open(tmp_path_factory, "tuned", bundled_embedder)


@pytest.fixture(scope="module")
def heldout_lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return _open(tmp_path_factory, "heldout", bundled_embedder)


TUNED = load_questions(NEG / "tuned.jsonl")


def _check(lib: Library, q: Question) -> tuple[bool, float | None]:
    """(refused, evidence recall) of ``q``'s answer; every citation verbatim, a refusal
    saying 未在文档中找到 and showing the nearest passages."""
    ans = lib.ask_final(q.question)
    docs = {d.doc_id: d for d in lib.documents}
    for c in ans.citations:
        assert verify_citation(c, docs), (q.question, c)
    if not ans.found:
        refusal = next(b.text for b in ans.blocks if b.kind == "refusal")
        assert refusal.startswith("未在文档中找到"), refusal
        assert ans.citations, f"{q.question}: a refusal shows the nearest passages"
    result = score_answer(q, ans, docs)
    return bool(result.refused), result.recall


@pytest.mark.parametrize("q", TUNED, ids=[q.id for q in TUNED])
def test_tuned_pairs(tuned_lib: Library, q: Question) -> None:
    refused, recall = _check(tuned_lib, q)
    if q.answerable:
        assert not refused, f"{q.id} {q.question}: refused"
        if q.id not in _EVIDENCE_OPEN:
            assert recall == 1.0, f"{q.id} {q.question}: evidence {recall}"
    elif q.id not in _TUNED_OPEN:
        assert refused, f"{q.id} {q.question}: answered"


# Known gaps, kept visible: an unanswerable tuned question still answered (劳动 of 劳动教育
# is an act said as a noun, a third of the topic: too close to a paraphrase to refuse on),
# and an answerable one answered with another fitting sentence (the 2025 plan's 耕地保护
# line, not the 2024 action the evidence names).
_TUNED_OPEN = frozenset({"nt-037"})
_EVIDENCE_OPEN = frozenset({"nt-036"})


def test_refusals_name_the_question_content(tuned_lib: Library) -> None:
    for question, named in (
        ("一中2025年党建要点第六部分是什么内容", "第六部分"),
        ("东陵县第二中学2025年党建工作要点有哪些重点任务", "东陵县第二中学"),
        ("东陵市自然资源局党员积分由谁汇总", "东陵市自然资源局"),
        ("自然资源局党员积分管理办法第十二条怎么规定的", "共10条"),
        ("县纪委书记在市场监管局主题党日活动上讲了啥", "纪委书记"),
        ("自然资源局在驻村帮扶方面做了哪些工作", "驻村"),
    ):
        ans = tuned_lib.ask_final(question)
        assert not ans.found, question
        refusal = next(b.text for b in ans.blocks if b.kind == "refusal")
        assert named in refusal, refusal


HELDOUT = load_questions(NEG / "heldout.jsonl")


def test_heldout_pairs_threshold(heldout_lib: Library) -> None:
    """Held out (never tuned on): negatives refused ≥ 0.85, at most one answerable
    question refused (measured 0.92 and 0 at the end of this work; 0.50 and 3 before it)."""
    negatives = refused_neg = false_refusals = 0
    for q in HELDOUT:
        refused, _ = _check(heldout_lib, q)
        if q.answerable:
            false_refusals += refused
        else:
            negatives += 1
            refused_neg += refused
    assert refused_neg / negatives >= 0.85, f"{refused_neg}/{negatives} negatives refused"
    assert false_refusals <= 1, f"{false_refusals} answerable questions refused"


# --- values said as people say them (KINDS K10: answered, not refused) -------------------


def test_units_as_said_are_the_written_units() -> None:
    ask = asked_value("今年发电目标多少万度")
    assert ask is not None and ask.kind == "count" and ask.scale == 10_000
    line = "全年光伏发电量力争达到350万千瓦时，新建充电桩120个。"
    assert holds_asked(ask, "今年发电目标多少万度", line)
    assert asked_value("营业收入目标几个亿") == Ask("money", "元", 100_000_000.0)
    assert asked_value("利润目标多少万块") == Ask("money", "元", 10_000.0)
    rank = asked_value("信贷增速全省排第几")
    assert rank is not None and rank.kind == "rank"
    assert holds_value(rank, "绿色信贷余额增速位列全省第一")
    assert holds_value(rank, "评比名列前茅的支部给予表扬")


_ENERGY = """青梧市能源集团2026年党建工作要点

一、坚持党建引领主业发展
（一）全年光伏发电量力争达到350万千瓦时，新建充电桩120个。
（二）全年完成营业收入12.5亿元，利润总额8000万元。
二、加强基层组织建设
（一）绿色信贷余额增速位列全省第一，服务企业300家。
（二）党员先锋岗评比名列前茅的支部给予表扬。
"""


def test_values_in_said_units_are_answered(
    tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any
) -> None:
    lib = open_library(tmp_path_factory, "units", bundled_embedder, {"energy.txt": _ENERGY})
    for question, held in (
        ("今年发电目标多少万度", "350万千瓦时"),
        ("能源集团营业收入目标几个亿", "12.5亿元"),
        ("利润目标多少万块", "8000万元"),
        ("绿色信贷增速全省排第几", "位列全省第一"),
    ):
        ans = lib.ask_final(question)
        assert ans.found, question
        assert held in cited_text(lib, ans), question
    # … and a figure of another thing is still no answer
    assert not lib.ask_final("今年新建多少座风电站").found


# --- organisations (KINDS K12, and 一中/二中, 县/市) ---------------------------------------


def _metas(*departments: str) -> list[DocMeta]:
    return [
        DocMeta(doc_id=f"d{i}", title=f"{d}2026年党建工作要点", department=d, kind="工作要点")
        for i, d in enumerate(departments)
    ]


def test_sibling_and_numbered_organisations_are_unknown() -> None:
    metas = _metas("中共东湖港口集团有限公司委员会", "南屏县第一小学党支部", "中共南屏县教育局党组")
    texts = {m.doc_id: m.title + "。开展主题党日活动。" for m in metas}
    for question, unknown in (
        ("东湖航运集团今年党建会议部署了什么", "东湖航运集团"),
        ("南屏县三小的主题党日哪天", "南屏县三小"),
        ("南屏县第二小学2026年党建工作要点有哪些任务", "南屏县第二小学"),
        ("南屏市教育局的要点有哪些任务", "南屏市教育局"),
        # the departments themselves, by their numbered short form too
        ("东湖港口集团今年党建会议部署了什么", None),
        ("南屏县一小的主题党日哪天", None),
        ("南屏一小2026年要点有哪些任务", None),
        ("县教育局的要点有哪些任务", None),
    ):
        got = understand(question, metas, texts)
        assert got.unknown_department == unknown, (question, got.unknown_department)
    q = understand("南屏县一小的主题党日哪天", metas, texts)
    assert q.departments == ("南屏县第一小学党支部",)


def test_the_organ_and_its_party_organs_share_a_scope() -> None:
    metas = _metas("嘉禾市交通运输局", "嘉禾市交通运输局机关党委", "嘉禾市公安局")
    texts = {m.doc_id: m.title for m in metas}
    q = understand("交通运输局2024年发展了几名党员", metas, texts)
    assert set(q.departments) == {"嘉禾市交通运输局", "嘉禾市交通运输局机关党委"}


def test_a_day_of_the_week_is_a_date() -> None:
    ask = Ask("date")
    assert holds_value(ask, "每月第一个星期五为固定主题党日")
    assert holds_value(ask, "每周三下午集中学习")
    assert not holds_value(ask, "每周一次")
