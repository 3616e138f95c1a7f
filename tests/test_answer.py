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
    assert len({(c.doc, c.start) for c in a.citations}) == len(
        {(h.doc_id, h.context_start) for h in hits}
    )
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
