"""A plan's target is no result: a question asking what was actually done (实际开展了几次,
最终完成了多少, 达到了多少) over a plan (工作要点, 工作计划, 方案) whose sentences state
only what is to be done (全年开展X不少于N场) is refused — the actual figure is in no
document — with the target shown beside the refusal as related.

- ``asks_actual``: the question asks for the outcome, not the plan;
- ``is_target``: a passage of a plan stating what is to be done, not a look back at what
  was done (2023年，共开展…; 已完成…).

Pure functions over the question and a document."""

from __future__ import annotations

import re

from rag.outline import section_path
from rag.review_year import says_review
from rag.text import normalize
from rag.types import Document

__all__ = ["asks_actual", "is_target"]

# Words asking for the outcome (a closed class): 实际/最终 before the ask, or a verb of
# achieving in its perfective form (完成了, 达到了).
_ACTUAL = re.compile(
    r"实际(?:上)?|实打实|真正|最终|最后[一]?共|到底(?:完成|开展|办)|"
    r"(?:完成|达到|实现|办成|做到|落实)了|"
    r"(?:结果|成果|成效)(?:如何|怎么样|是多少)"
)
# A plan asked of as a plan (计划开展几场, 目标是多少): the target is the answer.
_ASKS_PLAN = re.compile(r"计划|目标|打算|要求|任务|预计|安排|拟|应当|应该|要(?:开展|完成|达到)")
_PLAN_KINDS = frozenset({"工作要点", "工作计划"})
# What a plan's sentence says was done already (a closed class): 已, 累计, 共完成.
_DONE = re.compile(r"已(?:经)?|累计|共(?:完成|开展|举办|发展|召开)|实现了|完成了|达到了")
# Heading words of a plan's look back (一、2023年工作回顾, 基本情况).
_BACK_HEAD = re.compile(r"回顾|过去|去年|上年|一年来|基本情况|完成情况|开展情况|工作情况")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def asks_actual(question: str) -> bool:
    """``question`` asks what was done in fact (实际办了几期), not what is planned."""
    q = normalize(question)
    return bool(_ACTUAL.search(q)) and not _ASKS_PLAN.search(q)


def _is_plan(doc: Document) -> bool:
    m = doc.meta
    return m.kind in _PLAN_KINDS or m.enclosed_kind in _PLAN_KINDS


def is_target(doc: Document, start: int, end: int) -> bool:
    """``doc.text[start:end]`` is a plan's statement of what is to be done: ``doc`` is a
    plan, and the passage neither looks back (its sentence, paragraph or heading names an
    earlier year than the plan's, or a review word) nor says a thing is done already."""
    if not _is_plan(doc):
        return False
    text = doc.text
    para = text.rfind("\n", 0, start) + 1
    said = normalize(text[para:end])
    heads = "".join(sec.heading for sec in section_path(doc.outline, start, end))
    if _DONE.search(said) or says_review(said) or _BACK_HEAD.search(normalize(heads)):
        return False
    plan_year = doc.meta.year
    years = {int(y) for y in _YEAR.findall(said + normalize(heads))}
    return not (plan_year is not None and any(y < plan_year for y in years))
