"""The refusal of an outcome asked of a plan (实际办了几期 over a 要点 that says 全年开展
不少于8期): the actual figure is in no document; the plan's target, cited, is shown as
related (``rag.plan_actual`` tells the two apart)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer_blocks import cite_span, doc_when, finish_answer, shown_department
from rag.answer_evidence import AnswerContext, Sentence
from rag.cite import CitationBook
from rag.plan_actual import asks_actual, is_target
from rag.question import Query, content_words
from rag.types import Answer, AnswerBlock

__all__ = ["target_only"]

# Words of the asking left among the content words (多少, 几场): not named as content.
_ASKS = re.compile(r".*(?:多少|几)[\u4e00-\u9fff]?")


def target_only(ctx: AnswerContext, q: Query, chosen: Sequence[Sentence]) -> Answer | None:
    """A refusal when ``q`` asks what was done in fact and every ``chosen`` passage is a
    plan's target; None otherwise (the passages answer)."""
    if not chosen or not asks_actual(q.question):
        return None
    docs = ctx.documents
    if not all(is_target(docs[s.doc_id], s.start, s.end) for s in chosen):
        return None
    book = CitationBook(docs)
    depts = "、".join(dict.fromkeys(docs[s.doc_id].meta.department for s in chosen))
    years = "".join(f"{y}年" for y in q.years)
    words = "".join(
        w for w in content_words(q.topic) if not asks_actual(w) and not _ASKS.fullmatch(w)
    )
    what = f"“{words}”" if words else ""
    blocks = [
        AnswerBlock(
            "refusal",
            f"未在文档中找到{depts}{years}{what}的实际完成数（文档只给出计划目标）。",
        ),
        AnswerBlock("note", "可能相关（计划目标，不是实际完成数）："),
    ]
    for s in chosen:
        doc = docs[s.doc_id]
        a, b = cite_span(doc, s.start, s.end, 160)
        n = book.cite(doc.doc_id, a, b)
        text = f"{shown_department(doc)}（《{doc.meta.title}》，{doc_when(doc)}）：{doc.text[a:b]}"
        blocks.append(AnswerBlock("item", text, (n,), 0, doc.doc_id, doc.meta.department))
    return finish_answer(q, "fact", False, blocks, book)
