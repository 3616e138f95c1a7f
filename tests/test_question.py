"""Question understanding against the seed corpus's metadata (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.question import resolve_followup, understand

EPB_PLAN = "市生态环境局-2022年机关党建工作要点"
EPB_SUMMARY = "市生态环境局-2022年党建工作总结"
EPB_SPEECH = "市生态环境局-2022年党建工作会议局领导讲话"
PRO_PLAN = "市委政研室-2022年机关党的建设工作要点"
GZ_NEWS = "广州市生态环境局-固堡垒强基层抓党建促业务"


@pytest.fixture(scope="module")
def corpus(seed_corpus: Any) -> tuple[list[Any], dict[str, str]]:
    docs = seed_corpus.documents
    return [d.meta for d in docs], {d.doc_id: d.text for d in docs}


@pytest.mark.parametrize(
    ("question", "kind", "doc_ids"),
    [
        ("生态环境局2022年机关党建工作要点里一共有哪些重点任务？", "tasks", {EPB_PLAN}),
        ("政研室今年的要点分了哪几大块", "tasks", {PRO_PLAN}),
        ("广州市生态环境局 夯实党建根基 具体措施", "tasks", {GZ_NEWS}),
        ("局领导在述职评议会上的讲话提了哪些要求", "tasks", {EPB_SPEECH}),
        ("市生态环境局的工作总结里作风建设做了什么", "tasks", {EPB_SUMMARY}),
        ("三会一课 相关表述 全部", "term", None),
        ("哪些文件提到了学习强国", "term", None),
        ("“五合”工作模式是哪个单位提出来的？", "attribution", None),
        ("广州碳市场配额累计成交了多少？", "fact", {GZ_NEWS}),
    ],
)
def test_kind_and_documents(
    corpus: tuple[list[Any], dict[str, str]], question: str, kind: str, doc_ids: set[str] | None
) -> None:
    metas, texts = corpus
    q = understand(question, metas, texts)
    assert q.kind == kind
    if doc_ids is not None:
        assert set(q.doc_ids) == doc_ids


def test_whole_document_and_structure(corpus: tuple[list[Any], dict[str, str]]) -> None:
    metas, texts = corpus
    assert understand(
        "生态环境局2022年机关党建工作要点里一共有哪些重点任务？", metas, texts
    ).whole_document
    q = understand("生态环境局和市委政研室的2022年党建要点，结构上有什么区别？", metas, texts)
    assert q.kind == "compare" and q.structure
    assert [set(g.doc_ids) for g in q.groups] == [{EPB_PLAN}, {PRO_PLAN}]


def test_compare_groups_resolve_region_and_kind(corpus: tuple[list[Any], dict[str, str]]) -> None:
    metas, texts = corpus
    q = understand("自治区那个局的讲话和广州市生态环境局的报道说法有啥不一样？", metas, texts)
    assert [set(g.doc_ids) for g in q.groups] == [{EPB_SPEECH}, {GZ_NEWS}]


def test_terms_are_extracted(corpus: tuple[list[Any], dict[str, str]]) -> None:
    metas, texts = corpus
    assert understand("帮我查一下哪里讲到了党建和业务“两张皮”", metas, texts).term == "两张皮"
    assert understand("书香机关在哪些材料里提到过？", metas, texts).term == "书香机关"
    assert understand("哪些文件提到了学习强国", metas, texts).term == "学习强国"


def test_unknown_department_and_year_are_reported(corpus: tuple[list[Any], dict[str, str]]) -> None:
    metas, texts = corpus
    assert (
        understand(
            "市委宣传部2022年机关党建工作要点有哪些重点任务？", metas, texts
        ).unknown_department
        == "市委宣传部"
    )
    assert understand("市生态环境局2020年度党建考核排第几名？", metas, texts).unknown_year == 2020
    known = understand("市委政研室2022年有哪些重点任务", metas, texts)
    assert known.unknown_department is None and known.unknown_year is None
    # A year that only the text mentions (展望2023年) narrows to that document instead.
    assert understand("市生态环境局对2023年的党建工作有啥打算？", metas, texts).doc_ids == (
        EPB_SUMMARY,
    )


def test_followup_swaps_the_department(corpus: tuple[list[Any], dict[str, str]]) -> None:
    metas, _ = corpus
    prev = "生态环境局2022年机关党建工作要点里一共有哪些重点任务？"
    assert (
        resolve_followup("那政研室呢？", [prev], metas)
        == "市委政研室2022年机关党建工作要点里一共有哪些重点任务？"
    )
    assert resolve_followup("那政研室呢？", [], metas) == "那政研室呢？"
    assert resolve_followup("三会一课有哪些表述", [prev], metas) == "三会一课有哪些表述"
