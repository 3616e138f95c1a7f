"""A quoted list label asked what it holds (“六个一”具体指什么, “两个到位”包括哪些).

Documents name a list by a label and set its items out on the lines after it: 对照“某某”
标准：, then ``- `` bullets or 1. 2. lines (a Markdown file's items are no numbered
headings). The label's line alone answers nothing; the answer is its items.
"""

from __future__ import annotations

import re

from rag.answer_evidence import Evidence, Node, scoped_docs
from rag.question import Query
from rag.types import Document, Section

__all__ = ["asks_contents", "label_nodes"]

# What asks what a label holds (具体指什么, 包括哪些, 是哪几个, 分别是).
_CONTENTS = re.compile(
    r"(?:具体)?(?:指的?是?什么|指哪|是指|是什么|是哪|包括|包含|有哪|分别|都是|都有|内容)"
)
# What asks something else of it (who set it, where it stands).
_ELSE = re.compile(r"单位|部门|谁|哪里|哪份|哪篇|文件|材料|出处|提到|出现|提出|几次|多少")
# The rest of the label's line: a few words, then a colon (…”标准开展创建：, ”，即：).
_LEADS = re.compile(r"^[”」’\"']?[^。；;\n]{0,24}[：:]\s*$")
_ITEM = re.compile(r"^[ \t]*(?:[-*•·][ \t]+|\d{1,2}[.、．][ \t]*|[（(]\d{1,2}[)）][ \t]*|[①-⑳])")
_MIN_ITEMS = 2


def asks_contents(q: Query) -> bool:
    """The question quotes a label and asks what it holds, nothing else."""
    if not q.quoted or _ELSE.search(q.question):
        return False
    tail = q.question.split(q.quoted[0], 1)[-1]
    return bool(_CONTENTS.search(tail))


def _items(doc: Document, pos: int) -> Section | None:
    """The label line at ``pos`` and the item lines after it, as one section, or None."""
    text = doc.text
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    if not _LEADS.match(text[pos:line_end]):
        return None
    kids: list[Section] = []
    at = line_end
    while at < len(text):
        nxt = text.find("\n", at + 1)
        nxt = len(text) if nxt == -1 else nxt
        line = text[at + 1 : nxt] if text[at] == "\n" else text[at:nxt]
        start = at + 1 if text[at] == "\n" else at
        if not line.strip():
            if kids or start == line_end + 1:
                at = nxt
                continue
            break
        m = _ITEM.match(line)
        if m is None:
            break
        body = line[m.end() :].rstrip()
        kids.append(
            Section(
                m.group().strip().strip("-*•·"),
                body,
                "bullet",
                2,
                start + m.end(),
                start + m.end() + len(body),
                start + m.end() + len(body),
            )
        )
        at = nxt
    if len(kids) < _MIN_ITEMS:
        return None
    head = text[line_start:line_end].strip()
    hs = line_start + text[line_start:line_end].find(head)
    return Section("", head, "plain", 1, hs, hs + len(head), kids[-1].end, tuple(kids))


def label_nodes(q: Query, ev: Evidence) -> list[Node]:
    """The quoted label's list in the best-fitting document in scope that sets its items
    out after it; [] when the question asks no label's contents or none does."""
    if not asks_contents(q):
        return []
    label = q.quoted[0]
    for doc in scoped_docs(ev, q):
        pos = doc.text.find(label)
        while pos != -1:
            sec = _items(doc, pos + len(label))
            if sec is not None:
                return [Node(doc, sec, 1.0, 1.0)]
            pos = doc.text.find(label, pos + 1)
    return []
