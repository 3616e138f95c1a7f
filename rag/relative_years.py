"""A year said relative (去年, 前年, 上年度, 明年) checked against the documents it can mean.

A relative year counts from the time of the document the question is about (a 2022
summary's 明年 is 2023) — or from today's date. When no document of the organisation is
of the year so meant, and of the kind asked (成效 of a 总结, a 计划's tasks), and no text
names that year, the question asks for something the library does not hold: a plan for
the year after is no account of the year before, however the question ends (罗列下,
都有哪些 ask a list; they do not make one of another year's targets).

The time of a document is the year it is dated and the year its title names; a document
that looks back (a 总结, a 述职报告), or one of the kind the question names (去年的要点), is
read in the year after it, too (a 2024 summary signed in December is "last year's" to
whoever reads it; a plan is no account of its year, whenever read). Pure function.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import replace

from rag.answer_refusal import KIND_FAMILY, KIND_NOUNS, year_kind_mismatch
from rag.question import Query, relative_year_word
from rag.types import Document
from rag.year_plans import LOOKS_BACK_KINDS, plan_for, title_year

__all__ = ["relative_year_missed"]

# Kinds of documents read the year after the one they account for.
_LOOKS_BACK = re.compile(r"总结|述职|报告|汇报|回顾")


def _asked_kinds(q: Query) -> frozenset[str]:
    """The kinds of document the question names (总结 by 成效, 要点, 计划), with the kinds
    users name one for another."""
    kinds = {k for p, k in KIND_NOUNS if p.search(q.rest)}
    return frozenset(f for k in kinds for f in KIND_FAMILY.get(k, (k,)))


def _anchors(doc: Document, today: int, asked: frozenset[str]) -> set[int]:
    """The years a relative year may count from for ``doc``."""
    years = {y for y in (doc.meta.year, title_year(doc)) if y}
    looks_back = doc.meta.kind in LOOKS_BACK_KINDS or _LOOKS_BACK.search(doc.meta.title)
    # (a document of the kind asked is read the year after, too: 去年的要点 is its 要点)
    if looks_back or doc.meta.kind in asked:
        years |= {y + 1 for y in years}
    return years | {today}


def _said(q: Query, word: str, year: int) -> Query:
    """``q`` as asked with the year written out (去年的总结 → 2025年的总结)."""
    return replace(q, years=(year,), question=q.question.replace(word, f"{year}年", 1))


def relative_year_missed(
    q: Query, named: Sequence[Document], today: int | None = None
) -> tuple[str, list[str]] | None:
    """What a refusal names when ``q``'s relative year (去年, 上年度, 明年) means a year
    none of the ``named`` documents (the organisation's) is of, or names — counted from
    each of them and from ``today`` — and the documents to show; None when one is."""
    word = relative_year_word(q.question)
    if not q.relative_year or q.years or not named or word is None or q.cues.compare:
        return None
    if q.relative_year > 0 and _LOOKS_BACK.search(q.question):
        return None  # (总结里明年怎么干: a summary's outlook, never a summary of next year)
    now = today if today is not None else datetime.date.today().year
    asked = _asked_kinds(q)
    meant = sorted({a + q.relative_year for d in named for a in _anchors(d, now, asked)})
    for year in meant:
        if year_kind_mismatch(_said(q, word, year), named) is None:
            return None
        if q.relative_year > 0 and any(plan_for(d, year)[0] for d in named):
            return None  # (a summary's 下一步打算 is its next year's plan)
    own = sorted({title_year(d) or 0 for d in named})
    # (the year counted from the organisation's own documents, as the question reads them)
    year = max(own) + q.relative_year if own and own[-1] else meant[-1]
    missed = year_kind_mismatch(_said(q, word, year), named)
    held = "、".join(f"《{d.meta.title}》" for d in named[:3])
    what = f"{missed}（问题中的“{word}”按{year}年理解；该单位在文档库中只有{held}）"
    return what, [d.doc_id for d in named]
