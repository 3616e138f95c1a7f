"""The extractive answerer on the seed corpus: complete lists, every occurrence, honest refusals.

Questions here are written afresh (not the dev set) so that the behaviour, not the items,
is what is pinned.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rag.cite import verify_citation
from rag.config import Settings
from rag.errors import QuestionError
from rag.render import markdown
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lib(seed_index_dir: Path, bundled_embedder: Any) -> Library:
    settings = Settings(corpus_dir=REPO / "corpus", index_dir=seed_index_dir)
    return Library.open(settings, embedder=bundled_embedder)


def _check_citations(lib: Library, answer: Any) -> None:
    docs = {d.doc_id: d for d in lib.documents}
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    for c in answer.citations:
        assert verify_citation(c, docs)
    # The answer is data: its Markdown is the rendering of its blocks, whose citations exist.
    assert answer.blocks and answer.answer == markdown(answer.blocks)
    assert {n for b in answer.blocks for n in b.citations} <= {c.n for c in answer.citations}


def test_whole_outline_is_complete_and_cited(lib: Library) -> None:
    a = lib.ask("市委政研室2022年的党建工作要点，重点任务全部列出来")
    assert a.found and a.kind == "tasks"
    doc = lib.document("市委政研室-2022年机关党的建设工作要点")
    for sec in doc.sections():
        assert sec.label in a.answer  # every part and every one of the 19 tasks
    assert "6 个部分、19 项" in a.answer
    _check_citations(lib, a)


def test_topic_list_is_the_matching_part(lib: Library) -> None:
    a = lib.ask("广州市生态环境局在理论武装方面采取了哪些措施？")
    assert a.found
    for label in (
        "(一)用党的创新理论“导航”",
        "(二)以理论学习成果“驱动”",
        "(三)在生态工作一线“锤炼”",
    ):
        assert label in a.answer
    assert "广州市生态环境局" in a.answer
    _check_citations(lib, a)


def test_term_lists_every_occurrence_grouped(lib: Library) -> None:
    a = lib.ask("“两个确立”在哪些文件里出现过")
    hits = lib.search("两个确立")
    assert a.kind == "term" and a.found
    assert f"共出现 {len(hits)} 次" in a.answer
    # Every occurrence's context is cited (contexts that touch, a heading and the sentence
    # under it, are one citation).
    for h in hits:
        assert any(
            c.doc == h.doc_id and c.start <= h.context_start and h.context_end <= c.end
            for c in a.citations
        ), h.context
    assert len(a.citations) <= len({(h.doc_id, h.context_start) for h in hits})
    for dept in {h.department for h in hits}:
        assert f"**{dept}**" in a.answer
    _check_citations(lib, a)


def test_attribution_names_department_and_document(lib: Library) -> None:
    a = lib.ask("“清廉政研”建设是哪个单位提出的？")
    assert a.found and "市委政研室" in a.answer
    assert "《2022年市委政研室机关党的建设工作要点》" in a.answer
    _check_citations(lib, a)


def test_fact_quotes_the_sentence(lib: Library) -> None:
    a = lib.ask("市生态环境局设立了多少个党员先锋岗？")
    assert a.found and "设立10个党员先锋岗" in a.answer
    _check_citations(lib, a)


@pytest.mark.parametrize(
    "question",
    [
        "市委组织部2022年机关党建工作要点有哪些任务？",
        "政研室今年的党建经费是多少？",
        "市生态环境局2019年的党建工作总结有哪些内容？",
    ],
)
def test_refuses_what_the_documents_do_not_say(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert not a.found
    assert a.answer.startswith("未在文档中找到")
    assert "可能相关" in a.answer  # the nearest passages, clearly labelled
    _check_citations(lib, a)


def test_followup_reuses_the_previous_question(lib: Library) -> None:
    first = lib.ask("生态环境局2022年机关党建工作要点有哪些重点任务？")
    follow = lib.ask("那政研室呢？", history=["生态环境局2022年机关党建工作要点有哪些重点任务？"])
    assert "16 项" in first.answer
    assert "19 项" in follow.answer and "市委政研室" in follow.answer


@pytest.mark.parametrize("question", ["", "   ", "？？！！。。", "问" * 100_000])
def test_bad_questions_get_a_message(lib: Library, question: str) -> None:
    with pytest.raises(QuestionError):
        lib.ask(question)


def test_broad_question_covers_every_matching_document(lib: Library) -> None:
    a = lib.ask("2022年各单位的重点任务有哪些？")
    heads = [b for b in a.blocks if b.kind == "header"]
    assert {b.label for b in heads} == {"市生态环境局", "市委政研室"}
    assert "16 项" in a.answer and "19 项" in a.answer  # each with its own whole outline
    _check_citations(lib, a)


def test_that_article_gets_its_outline_as_overview(lib: Library) -> None:
    a = lib.ask("广州那篇稿子主要讲了什么")
    doc = lib.document("广州市生态环境局-固堡垒强基层抓党建促业务")
    assert a.found and "广州市生态环境局" in a.answer
    for sec in doc.outline:
        assert sec.label in a.answer
    _check_citations(lib, a)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("宣传部今年的机关党建要点有哪些重点工作？", "宣传部"),
        ("市委统战部2022年党建总结写了哪些内容", "市委统战部"),
    ],
)
def test_unknown_department_is_refused_by_name(lib: Library, question: str, named: str) -> None:
    a = lib.ask(question)
    assert not a.found and a.blocks[0].kind == "refusal"
    assert f"“{named}”" in a.answer and "市委政研室" not in a.blocks[0].text.split("：")[0]
    _check_citations(lib, a)


def test_a_value_the_passages_do_not_hold_is_refused_with_nearest_passages(lib: Library) -> None:
    a = lib.ask("政研室明年打算投入多少资金搞党建")
    assert not a.found
    assert a.answer.startswith("未在文档中找到") and "可能相关" in a.answer
    assert "资金" in a.blocks[0].text and "多少" not in a.blocks[0].text  # content, not filler
    _check_citations(lib, a)


def test_wording_does_not_decide_the_shape(lib: Library) -> None:
    # The same list asked tersely, colloquially and formally: the same part, complete.
    doc = lib.document("市委政研室-2022年机关党的建设工作要点")
    part = next(s for s in doc.outline if "正风肃纪" in s.heading)
    for question in (
        "政研室 正风肃纪 任务",
        "政研室关于正风肃纪那块都安排了点啥",
        "请列示市委政策研究室关于持续正风肃纪方面的工作任务",
    ):
        a = lib.ask(question)
        assert a.found and "市委政研室" in a.answer, question
        for child in part.children:
            assert child.label in a.answer, (question, child.label)
