"""Whether a position a question names exists in a document (pure functions).

Users point at a part of a document by its number (``第六部分``, ``第十二条``, ``第五章``,
``第四点意见``). A document has as many parts as it numbers: a 办法 or 细则 numbers its
articles and chapters in its text (``第一条　…``, ``第二章　组织设置``), a 要点 or a speech
its parts by its outline (一、…五、; 第一，…第四，). A position beyond the last one the
document numbers is not in it: the question is refused on that evidence rather than
answered with the whole outline or a near passage.

Two checks, on two kinds of evidence, for two places of the answerer:

- ``absent_position`` (refusal rules, for the documents a question names) reads the
  numbers the document's text gives its units at line starts, or counts its outline's
  parts and items; it is cautious: it speaks only when the document numbers the unit
  asked (its text writes ``第一条`` for a question on 第十二条) or its outline has at least
  two parts, and only of an explicit number (最后一部分, 前两部分 always exist);
- ``missing_position`` (outline choice, for the document a position points into) reads
  the divisions the outline numbers by name (章, 节, 条, 部分; ``rag.outline_match``),
  for every reference of the question, spans too (第六到第八条), and says what the
  document has instead (该文档共五章：第一章 总则、…).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.outline import chinese_numeral
from rag.outline_match import OrdinalRef, named_style, ordinal_references, section_value, top_parts
from rag.types import Section

__all__ = ["Absent", "absent_position", "judges", "literal_count", "missing_position"]

# Units a document's text numbers itself (第一条, 第二章, 第三节, 第一部分).
_LITERAL_UNITS = ("条", "章", "节", "部分")
_ORDINAL_AT = re.compile(
    r"第\s*(?P<num>[一二两三四五六七八九十百\d]{1,4})\s*(?:个|大)?(?P<unit>部分|大部分|章|节|条|篇|方面|块|大块|板块|点|项|大项)"
)


@dataclass(frozen=True)
class Absent:
    """A position the question names that the document does not have: what was asked
    (第六部分) and how many the document numbers (5, in its unit)."""

    asked: str
    count: int
    unit: str


def _cn_value(raw: str) -> int | None:
    """``12``, ``十二``, ``两``, ``一百零三`` to an int (the project's ``chinese_numeral`` for
    up to 九十九, hundreds on top of it); None if not a numeral."""
    raw = raw.strip().replace("两", "二")
    if raw.isdigit():
        return int(raw)
    if "百" in raw:
        head, _, tail = raw.partition("百")
        hundreds = chinese_numeral(head) if head else 1
        rest = chinese_numeral(tail.lstrip("零〇")) if tail.lstrip("零〇") else 0
        return None if hundreds is None or rest is None else hundreds * 100 + rest
    return chinese_numeral(raw)


def _line_ordinals(text: str, unit: str) -> set[int]:
    """The numbers the text gives ``unit`` at the start of a line (an article's or a
    chapter's own number, not a cross-reference in a sentence: 依照第三条)."""
    out: set[int] = set()
    pat = re.compile(
        rf"^[\s\u3000]*第\s*([一二两三四五六七八九十百\d]{{1,4}})\s*{unit}", re.MULTILINE
    )
    for m in pat.finditer(text):
        v = _cn_value(m.group(1))
        if v:
            out.add(v)
    return out


def literal_count(text: str, unit: str) -> int:
    """How many of ``unit`` (条, 章, 节, 部分) the text numbers at line starts, counted
    as 1..N without a gap (0 when it numbers none from 第一)."""
    found = _line_ordinals(text, unit)
    n = 0
    while n + 1 in found:
        n += 1
    return n


def _outline_count(outline: Sequence[Section], part: bool) -> int:
    """How many parts (``part``: 第N部分, a speech's 第N点) or items the outline numbers: an
    item may be counted straight through the parts (1.…16.) or within one part (（四）),
    so the largest of those counts."""
    parts = top_parts(outline)
    if part:
        return len(parts)
    kids = [c for p in parts for c in p.children]
    return max([len(parts), len(kids) if _through(kids) else 0, *(len(p.children) for p in parts)])


def _through(kids: Sequence[Section]) -> bool:
    numbers = [re.sub(r"\D", "", c.number) for c in kids]
    return bool(numbers) and numbers == [str(i) for i in range(1, len(kids) + 1)]


def judges(question: str, text: str, outline: Sequence[Section]) -> bool:
    """The document numbers the unit of some explicit position the question names (its
    text numbers 条/章/节/部分 from 第一, or its outline has two parts or more), so
    ``absent_position`` can say whether it has it."""
    for m in _ORDINAL_AT.finditer(re.sub(r"\s+", "", question)):
        unit = m.group("unit").replace("大部分", "部分")
        if unit in _LITERAL_UNITS and literal_count(text, unit):
            return True
        if unit not in ("章", "节") and len(top_parts(outline)) >= 2:
            return True
    return False


def absent_position(question: str, text: str, outline: Sequence[Section]) -> Absent | None:
    """The first explicit position ``question`` names that the document (``text``, its
    ``outline``) does not have, or None (it has them all, or the document gives no count
    to judge by)."""
    refs = ordinal_references(question)
    if not refs:
        return None
    for m in _ORDINAL_AT.finditer(re.sub(r"\s+", "", question)):
        value = _cn_value(m.group("num"))
        if not value:
            continue
        unit = m.group("unit").replace("大部分", "部分")
        literal = unit if unit in _LITERAL_UNITS else None
        if literal is not None:
            count = literal_count(text, literal)
            if count >= 2 or (count and value > 1):
                if value not in _line_ordinals(text, literal):
                    return Absent(m.group(), count, literal)
                continue
        if unit in ("章", "节"):
            continue  # a document without chapters says nothing of its 第五章
        part = unit in ("部分", "篇", "方面", "块", "大块", "板块", "大项", "点")
        count = _outline_count(outline, part)
        if count >= 2 and value > count:
            return Absent(m.group(), count, "点" if unit == "点" else "部分" if part else "项")
    return None


def missing_position(outline: Sequence[Section], refs: Sequence[OrdinalRef]) -> str | None:
    """``第七章（该文档共五章：第一章 总则、…）`` when a reference names a unit the document
    numbers by name (章, 节, 条, 部分) with a number it lacks; else None."""
    for ref in refs:
        style = named_style(outline, ref)
        if style is None:
            continue
        pool = [s for top in outline for s in top.walk() if s.style == style]
        have = {section_value(s) for s in pool}
        lacking = [p for p in ref.positions if p > 0 and p not in have]
        if not lacking:
            continue
        asked = "、".join(f"第{_numeral(p)}{ref.unit}" for p in lacking)
        shown = "、".join(f"{s.number}{s.heading}" for s in pool[:12])
        more = "等" if len(pool) > 12 else ""
        return f"{asked}（该文档共{_numeral(len(pool))}{ref.unit}：{shown}{more}）"
    return None


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
