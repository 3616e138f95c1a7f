"""Positions a question names past the end of what a document numbers (pure functions).

``rag.positions`` judges a document's parts (第五部分 of a four-part 要点) and its
articles (第六条). Two more conventions of official documents number things a question
can point past:

- **attachments.** A notice lists what it carries (附件：1．… 2．…) and heads each one
  (附件1, 附件2). ``attachment_beyond`` reads ``附件3``, ``附件三``, ``第三个附件`` and says
  what the document has when the number is past its last attachment;
- **the items under a heading.** ``（一）…（二）…`` under ``二、规范组织生活`` are that
  heading's items. A question naming the heading by its words (规范组织生活的第三项,
  组织生活（四）是什么) asks an item of it: ``item_beyond`` says the heading has fewer when
  the heading named is one section, all its items numbered, and the asked number is past
  them. A question naming no heading (第三项是什么) is not judged here: which list it
  counts in is unknown.

Each returns the text a refusal names (the position asked, and the document's own
numbering as 可能相关 context), or None when the document has it or gives no count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.outline import chinese_numeral
from rag.outline_match import heading_overlap, ordinal_references, top_parts
from rag.types import Document, Section

__all__ = [
    "asked_attachment",
    "asked_item",
    "attachment_beyond",
    "attachment_count",
    "attachment_section",
    "item_beyond",
    "listed_attachment",
    "named_item",
    "part_marker_beyond",
]

_NUM = "一二两三四五六七八九十"

# 附件3, 附件 三, 第三个附件, 第3份附件.
_ASK_ATTACHMENT = re.compile(
    rf"附件\s*(?P<a>\d{{1,2}}|[{_NUM}]{{1,3}})(?![\d{_NUM}]*[个份项条])"
    rf"|第\s*(?P<b>\d{{1,2}}|[{_NUM}]{{1,3}})\s*[个份项]?附件"
)
# An attachment's own head at a line start (附件1, 附件 2：), and the 附件说明 list
# (附件：1．… / 2．…, each item at a line start after the first).
_ATTACH_HEAD = re.compile(r"^[ \t\u3000]*附件\s*(\d{1,2})(?=[\s:：．.、]|$)", re.MULTILINE)
_ATTACH_LIST = re.compile(r"^[ \t\u3000]*附件[:：]\s*", re.MULTILINE)
_LIST_ITEM = re.compile(r"[ \t\u3000]*(\d{1,2})\s*[．.、]")

# A bare item marker (（四）, (4)) in the question: an item, not a part.
_PAREN_MARK = re.compile(rf"[（(]\s*(?P<n>\d{{1,2}}|[{_NUM}]{{1,3}})\s*[）)]")
# A heading named this well (its character pairs the question holds) is the one asked.
_NAMED_SHARE = 0.75
# A share this far below the best names no rival heading.
_RIVAL_GAP = 0.25


@dataclass(frozen=True)
class _Asked:
    value: int
    said: str


def _value(raw: str) -> int | None:
    raw = raw.strip().replace("两", "二")
    if raw.isdigit():
        return int(raw)
    return chinese_numeral(raw)


def asked_attachment(question: str) -> tuple[int, str] | None:
    """The attachment ``question`` names by number (附件3 → 3) and how it says it."""
    m = _ASK_ATTACHMENT.search(re.sub(r"\s+", "", question))
    if m is None:
        return None
    value = _value(m.group("a") or m.group("b") or "")
    return (value, m.group()) if value else None


def attachment_count(text: str) -> int:
    """How many attachments the document numbers: its heads (附件1 …) or the items of
    its 附件说明 list, the larger; 0 when it numbers none."""
    heads = {int(m.group(1)) for m in _ATTACH_HEAD.finditer(text)}
    listed = 0
    for m in _ATTACH_LIST.finditer(text):
        pos, n = m.end(), 0
        while (item := _LIST_ITEM.match(text, pos)) is not None and int(item.group(1)) == n + 1:
            n += 1
            end = text.find("\n", item.end())
            if end < 0:
                break
            pos = end + 1
        listed = max(listed, n)
    through = 0
    while through + 1 in heads:
        through += 1
    return max(through, listed)


def attachment_beyond(question: str, doc: Document) -> str | None:
    """``所问的“附件3”（《…》共2个附件：附件1 …、附件2 …）`` when the question names an
    attachment past the last one ``doc`` numbers; None otherwise."""
    asked = asked_attachment(question)
    if asked is None:
        return None
    count = attachment_count(doc.text)
    if not count or asked[0] <= count:
        return None
    heads = [s for top in doc.outline for s in top.walk() if s.style == "attachment"]
    shown = "、".join(f"{s.number} {s.heading}".strip() for s in heads[:count])
    return f"所问的“{asked[1]}”（《{doc.meta.title}》共{count}个附件" + (
        f"：{shown}）" if shown else "）"
    )


def asked_item(question: str) -> _Asked | None:
    """The item position ``question`` names with no part before it: 第三项, 第3条 措施,
    （四）; None when it names none, or a part too (第二部分第三项: ``rag.positions``)."""
    refs = ordinal_references(question)
    if any(r.part for r in refs):
        return None
    items = [r for r in refs if not r.part and len(r.positions) == 1 and r.positions[0] > 0]
    if items:
        r = items[0]
        return _Asked(r.positions[0], r.marker or question[r.start : r.end])
    plain = re.sub(r"\s+", "", question)
    m = _PAREN_MARK.search(plain)
    if m is None:
        return None
    value = _value(m.group("n"))
    return _Asked(value, m.group()) if value else None


def _named_heading(question: str, docs: Sequence[Document]) -> tuple[Document, Section] | None:
    """The one section of ``docs`` with items whose heading the question names (most of
    its character pairs), clearly better than any other; None when none or two."""
    scored: list[tuple[float, Document, Section]] = []
    for doc in docs:
        for top in doc.outline:
            for sec in top.walk():
                if not sec.children or not sec.heading:
                    continue
                scored.append((heading_overlap(question, sec.heading), doc, sec))
    scored.sort(key=lambda t: -t[0])
    if not scored or scored[0][0] < _NAMED_SHARE:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - _RIVAL_GAP:
        return None
    return scored[0][1], scored[0][2]


def item_beyond(question: str, docs: Sequence[Document]) -> tuple[str, str] | None:
    """``所问的“第三项”（“二、…”下共2项：（一）…、（二）…）`` and its document's id when the
    question names a heading of ``docs`` and an item past its last; None otherwise."""
    asked = asked_item(question)
    if asked is None:
        return None
    named = _named_heading(question, docs)
    if named is None:
        return None
    doc, sec = named
    kids = sec.children
    if any(not k.number for k in kids) or asked.value <= len(kids):
        return None
    shown = "、".join(k.label[:24] for k in kids[:8])
    return (
        f"所问的“{asked.said}”（《{doc.meta.title}》“{sec.label}”下共{len(kids)}项：{shown}）",
        doc.doc_id,
    )


def attachment_section(question: str, doc: Document) -> Section | None:
    """The attachment of ``doc`` the question names by number (附件2, 第二个附件) when the
    document heads it in its text (附件2 over its title): its section."""
    asked = asked_attachment(question)
    if asked is None:
        return None
    for top in doc.outline:
        for sec in top.walk():
            if sec.style == "attachment" and re.sub(r"\D", "", sec.number) == str(asked[0]):
                return sec
    return None


def named_item(question: str, docs: Sequence[Document]) -> tuple[Document, Section] | None:
    """The item a question names by its position under a heading it names (强化政治引领的
    第三项 → （三）加强意识形态工作), when ``item_beyond``'s heading has it: the heading's
    own list, not the document's third part."""
    asked = asked_item(question)
    named = _named_heading(question, docs) if asked is not None else None
    if asked is None or named is None:
        return None
    doc, sec = named
    kids = sec.children
    if any(not k.number for k in kids) or asked.value > len(kids):
        return None
    return doc, kids[asked.value - 1]


def listed_attachment(question: str, doc: Document) -> tuple[int, int] | None:
    """The span of the 附件说明 line naming the attachment the question asks by number
    (附件3 → ``3.“…”推荐表``) when the document only lists its attachments; None when it
    heads them in its text (``attachment_section``) or lists fewer."""
    asked = asked_attachment(question)
    if asked is None or attachment_section(question, doc) is not None:
        return None
    text = doc.text
    for m in _ATTACH_LIST.finditer(text):
        pos, n = m.end(), 0
        while (item := _LIST_ITEM.match(text, pos)) is not None and int(item.group(1)) == n + 1:
            n += 1
            end = text.find("\n", item.end())
            end = len(text) if end < 0 else end
            if n == asked[0]:
                start = item.start(1)
                return start, end
            pos = end + 1
    return None


# A part asked by the document's own marker (五、讲了什么), not inside a run of them (一、二、).
_PART_MARK = re.compile(rf"(?<![{_NUM}、])(?P<n>[{_NUM}]{{1,3}})、(?![{_NUM}]{{1,3}}、)")


def part_marker_beyond(question: str, doc: Document) -> str | None:
    """``所问的“五、”（《…》共4个部分：一、…）`` when the question names a part by the
    marker the document numbers its parts with (一、 … 四、) past its last; None otherwise."""
    m = _PART_MARK.search(re.sub(r"\s+", "", question))
    value = _value(m.group("n")) if m else None
    parts = top_parts(doc.outline)
    if m is None or not value or len(parts) < 2 or any(p.style != "cn" for p in parts):
        return None
    if value <= len(parts):
        return None
    shown = "、".join(p.label[:20] for p in parts[:10])
    return f"所问的“{m.group()}”（《{doc.meta.title}》共{len(parts)}个部分：{shown}）"
