"""Document-information fields asked together, false premises in an attribution, and a
comparison side headed by the compared term — on documents of invented organisations
written for these tests (tests/data/own/fields, built by tests/data/own/make_fields.py):

- several fields in one question (文号 + 联系人, 抄送 + 印发日期, 作者 + 审核): each field's
  line is quoted and cited wherever it stands — the 附注 after the 署名, the 版记 at the
  end, a web page's closing 责任编辑/审核 line; a question asking only the date gets no
  联系人 line; a question on "the notice" of an organisation two of whose departments have
  documents is answered from its 通知, not its news page;
- a figure the question states of one organisation that its text contradicts (…定的起评分
  70分 where its notice says 80分, a street's summary 70分) is corrected in a first note,
  both passages cited; a figure the quoted text states gets no note;
- a comparison side whose item is headed by the compared term (三是推行“X”管理 with the
  scores) is quoted, not only the sentence mentioning it in passing (修订“X”管理办法); a
  side whose document is titled by the term gives its outline with each item's gist.

Only the tuned part (fields/tuned) is pinned case by case; the held-out part
(fields/heldout: other organisations, layouts and wordings) is held to a floor as a whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library, side_texts

from rag.answer_blocks import asked_fields
from rag.eval import aggregate, load_questions, score_answer
from rag.service import Library
from rag.value_match import figure_clauses, stated_figures

DATA = Path(__file__).parent / "data" / "own"
PORT = "中共青川港务集团有限公司委员会"
STREET = "中共青川市柳塘街道工作委员会"
BUREAU = "中共青川市交通运输局委员会"


# --- reading (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("这个通知的文号和联系人", ("联系人",)),
        ("抄送了哪些单位，哪天印发的", ("抄送", "印发")),
        ("那篇报道的发布时间和责编", ("编辑", "发布时间")),
        ("作者和校对分别是谁", ("校对", "作者")),
        ("通知是发给哪些单位的", ("主送",)),
        ("今年的重点任务有哪些", ()),
    ],
)
def test_asked_fields(question: str, fields: tuple[str, ...]) -> None:
    assert asked_fields(question) == fields


def test_stated_figures_and_their_clauses() -> None:
    (fig,) = stated_figures("甲单位定的积分起评分70分出自哪份文件")
    assert (fig.value, fig.unit, fig.text) == (70.0, "分", "70分")
    text = "积分实行百分制，起评分为80分，得分90分以上的评为先进。"
    # (90分 measures another thing: its clause shares no piece of 起评分)
    assert [(text[a:b], same) for a, b, same in figure_clauses(fig, text)] == [
        ("起评分为80分", False)
    ]
    assert [same for *_, same in figure_clauses(fig, "满分100分，起评分70分")] == [True]
    # years, dates, document numbers and questions of value state nothing
    assert stated_figures("2025年3月印发的〔2025〕7号文件里起评分多少") == ()
    assert stated_figures("这件事十分重要吗") == ()
    # (a count of parts, and a figure with nothing before it that it measures, neither)
    assert stated_figures("要点的五个方面分别是什么") == ()
    assert stated_figures("三项任务出自哪份文件") == ()
    assert stated_figures("8个是哪里定的") == ()


# --- the tuned library -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "fields", bundled_embedder, folders=[DATA / "fields" / "tuned"]
    )


pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        (
            "青川港务集团那个通知的文号和联系人是什么",
            ["青港党发〔2025〕7号", "联系人：党群工作部　林晓"],
        ),
        (
            "港务集团先锋积分的通知抄送给了哪些单位，哪天印发的",
            ["抄送：青川市国资委党委，集团纪委。", "2025年3月13日印发"],
        ),
        ("码头党课这篇新闻的作者是谁，谁审核的", ["作者：郑潇", "审核：高远"]),
        ("那个先锋积分通知是发给谁的", ["集团各基层党组织："]),
    ],
)
def test_each_asked_field_line_is_cited(lib: Library, question: str, lines: list[str]) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    cited_text(lib, a)
    cited = "".join(c.text for c in a.citations)
    for line in lines:
        assert line in cited, a.answer


def test_a_date_question_gets_no_contact_line(lib: Library) -> None:
    a = lib.ask("港务集团的通知是哪天印发的")
    cited_text(lib, a)
    cited = "".join(c.text for c in a.citations)
    assert "2025年3月12日" in cited and "2025年3月13日印发" in cited, a.answer
    assert "联系人" not in cited and "抄送" not in cited, a.answer
    assert {c.doc for c in a.citations} == {"f01_port_notice"}, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "青川港务集团定的先锋积分起评分70分出自哪份文件",
        "先锋积分的起评分，港务集团是70分吧？",
        "起评分70分是港务集团定的吗",
    ],
)
def test_a_stated_figure_of_another_organisation_is_corrected(lib: Library, question: str) -> None:
    a = lib.ask(question)
    cited_text(lib, a)
    first = a.blocks[0]
    assert first.kind == "note" and "70分" in first.text and "80分" in first.text, a.answer
    assert PORT in first.text and STREET in first.text, a.answer
    assert any(c.doc == "f01_port_notice" and "起评分为80分" in c.text for c in a.citations)
    assert any(c.doc == "f02_street_summary" and "起评分70分" in c.text for c in a.citations)


def test_a_stated_figure_no_text_states_is_said_so(lib: Library) -> None:
    a = lib.ask("港务集团党委规定积分低于70分要谈心谈话，出自哪里")
    cited_text(lib, a)
    first = a.blocks[0]
    assert first.kind == "note" and "低于80分" in first.text and "未见" in first.text, a.answer
    assert {c.doc for c in a.citations} == {"f01_port_notice"}, a.answer


def test_a_stated_figure_the_text_confirms_gets_no_note(lib: Library) -> None:
    a = lib.ask("柳塘街道党工委先锋积分起评分70分是在哪份材料里定的")
    text = cited_text(lib, a)
    assert "不符" not in text and "未写明" not in text, a.answer
    assert any("起评分70分" in c.text for c in a.citations), a.answer


def test_a_side_headed_by_the_term_quotes_that_item(lib: Library) -> None:
    a = lib.ask("柳塘街道和青川港务集团的先锋积分管理办法有什么不同")
    cited_text(lib, a)
    sides = side_texts(a)
    street = next(t for label, t in sides.items() if label.startswith(STREET))
    port = next(t for label, t in sides.items() if PORT in label)
    # (the item with the scores, not only the closing plan to revise the 办法)
    assert "满分100分，起评分70分，85分以上评为星级党员" in street, a.answer
    # (the notice titled by the term: its items' gists, with its scores)
    assert "起评分为80分，每季度评定一次" in port, a.answer


def test_two_sides_each_headed_by_the_term(lib: Library) -> None:
    a = lib.ask("先锋积分 交通运输局跟柳塘街道比一比")
    cited_text(lib, a)
    sides = side_texts(a)
    bureau = next(t for label, t in sides.items() if label.startswith(BUREAU))
    street = next(t for label, t in sides.items() if label.startswith(STREET))
    assert "基础分60分，每半年评定一次" in bureau and "起评分70分" not in bureau, a.answer
    assert "满分100分，起评分70分" in street and "基础分60分" not in street, a.answer


# --- the held-out part, as a whole -------------------------------------------------------------


def test_held_out_part_floor(
    tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any
) -> None:
    """Measured 0.90 evidence recall and 0.90 complete on fields/heldout (written with the
    tuned part, looked at only at the end; before this work 0.43 / 0.30). The one item
    lost is a premise naming 溪口镇党委, read as the news page's department 溪口镇 alone (not
    this module's: the organisation's two departments). The floors leave room for an item."""
    held = open_library(
        tmp_path_factory, "fields-heldout", bundled_embedder, folders=[DATA / "fields" / "heldout"]
    )
    questions = load_questions(DATA / "fields-heldout.jsonl")
    docs = {d.doc_id: d for d in held.documents}
    results = [score_answer(q, held.ask(q.question), docs) for q in questions]
    m = aggregate(results, {q.id: q for q in questions})
    assert m.evidence_recall is not None and m.evidence_recall >= 0.85, m
    assert m.complete is not None and m.complete >= 0.8, m
    assert m.invalid_citations == 0, m
