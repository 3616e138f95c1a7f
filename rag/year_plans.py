"""What each document of a library plans for a year, whatever its heading words: the
answer to a broad "各部门某年的重点任务" (issue 12) covers every document of that year.

- a plan (工作要点, 工作计划, or a notice issuing one) titled with the year: its whole
  outline;
- any other document of the year (a speech, a notice): the part whose heading looks
  ahead (重点任务, 主要任务, 工作安排, 重点工作, 下一步打算, 2024年工作思路 …), if any;
- a summary or report of the year before: its forward-looking part (下一步打算, 2024年
  工作思路), which is that year's plan;
- news pages and experience reports plan nothing.

Pure functions over documents; the planner turns the picks into outline blocks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.outline_match import top_parts
from rag.text import normalize
from rag.types import Document, Section

PLAN_KINDS = frozenset({"工作要点", "工作计划"})
LOOKS_BACK_KINDS = frozenset({"工作总结"})
# (a rule — 细则, 办法, 制度 — governs for as long as it stands: no year's plan)
PLANS_NOTHING = frozenset({"新闻报道", "经验材料", "制度规章"})

# Heading words of a part that says what is to be done (a closed class of the genre).
_AHEAD = re.compile(
    r"下一步|打算|思路|展望|谋划|安排|部署|重点任务|主要任务|重点工作|工作要点|任务"
)
# Heading words of a part that looks back (取得新成效, 工作开展情况): not a plan.
_BACK = re.compile(r"取得|成效|成绩|情况|回顾|亮点|不足|问题|做法|经验")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|年度)")


def title_year(doc: Document) -> int | None:
    """The year the title names (2023年度述职报告 → 2023), else the document's date year."""
    for title in (doc.meta.enclosed_title, doc.meta.title):
        m = _YEAR.search(title or "")
        if m:
            return int(m.group(1))
    return doc.meta.year


def _is_plan(doc: Document) -> bool:
    return doc.meta.kind in PLAN_KINDS or doc.meta.enclosed_kind in PLAN_KINDS


def forward_part(doc: Document, year: int) -> Section | None:
    """The top-level part of ``doc`` that says what is to be done (in ``year`` when its
    heading names a year), or None."""
    for sec in top_parts(doc.outline):
        head = normalize(sec.heading)
        named = {int(y) for y in _YEAR.findall(head)}
        if named and year not in named:
            continue
        # (存在的不足和下一步打算 looks ahead too; 2023年工作取得新成效 only back)
        if _AHEAD.search(head) or (year in named and not _BACK.search(head)):
            return sec
    return None


def plan_for(doc: Document, year: int) -> tuple[bool, Section | None]:
    """``(True, None)``: the whole outline is ``doc``'s plan for ``year``; ``(True, part)``:
    that part is; ``(False, None)``: the document plans nothing for it."""
    if not doc.outline or doc.meta.kind in PLANS_NOTHING:
        return False, None
    made = title_year(doc)
    if doc.meta.kind in LOOKS_BACK_KINDS:
        part = forward_part(doc, year) if made == year - 1 else None
        return part is not None, part
    if made != year:
        return False, None
    if _is_plan(doc):
        return True, None
    part = forward_part(doc, year)
    return part is not None, part


def plans_of_year(docs: Sequence[Document], year: int) -> list[tuple[Document, Section | None]]:
    """Every document's plan for ``year`` (see ``plan_for``), grouped by department."""
    out = []
    for doc in docs:
        ok, part = plan_for(doc, year)
        if ok:
            out.append((doc, part))
    order = {d.meta.department: i for i, (d, _) in reversed(list(enumerate(out)))}
    return sorted(out, key=lambda x: order[x[0].meta.department])
