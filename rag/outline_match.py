"""Matching a question to a document's outline (pure functions).

Official documents number their parts (GB/T 9704-2012 and common practice: 一、 （一） 1.
第一部分 第一，), and users point at them by position — ``第三部分``, ``第二项``, ``第（二）条``,
``最后一部分``, ``前两部分`` — or by paraphrasing a heading (``强化组织力那部分`` for
``二、强化组织力，突出精细管理，…``). This module reads those references and scores
headings against a question's content; ``rag.answer`` decides what to answer with them.

- ``ordinal_references`` reads the positions a question names, outermost first;
- ``resolve_ordinals`` maps them onto an outline (a part and its subtree, an item of a
  part, or an item by its own number when the document numbers items straight through;
  a 章/节/条 by its number, as a rule numbers its articles through the whole document);
- ``named_style`` and ``section_value`` read a document's divisions numbered by name
  (第三章, 第十二条) for ``resolve_ordinals`` and ``rag.positions``;
- ``is_generic`` says whether a word only asks for a list or points at structure
  (任务, 一条条, 第三, 部分, 五个方面) rather than naming a topic;
- ``phrase_in_heading`` scores a quoted or verbatim phrase against a heading, a
  shortened form (its characters in order) counting nearly as much as the whole;
- ``heading_overlap`` is the share of a heading's character bigrams the question holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.outline import chinese_numeral
from rag.question import is_list_word
from rag.text import normalize
from rag.types import Section

__all__ = [
    "OrdinalRef",
    "closing_after",
    "heading_overlap",
    "is_generic",
    "named_style",
    "ordinal_references",
    "phrase_in_heading",
    "resolve_ordinals",
    "section_value",
]

_NUM = "一二两三四五六七八九十"

# Units that name a top-level part, and units that name an item (of a part, or of the
# document when it has no parts).
_PART_UNITS = r"部分|大部分|大块|块|板块|方面|大项|篇|章|节"
_ITEM_UNITS = r"项|条|点|小项|个?(?:任务|要求|措施|举措)|个(?:问题|事项|工作)"

_ORDINAL = re.compile(
    rf"第\s*(?:(?P<paren>[（(]\s*[{_NUM}\d]{{1,3}}\s*[）)])|(?P<num>[{_NUM}\d]{{1,3}}))\s*"
    rf"(?:个|大)?(?P<unit>{_PART_UNITS}|{_ITEM_UNITS})?"
)
_LAST = re.compile(
    rf"(?:最后|末尾|倒数第一)(?:一|1)?(?:个|大)?(?P<unit>{_PART_UNITS}|{_ITEM_UNITS})"
)
# 第二到第四点, 第一至第三部分, 二到四条, 第2-4条: positions A..B (a unit, or 第 on both ends).
_SPAN = re.compile(
    rf"(?P<first>第)?\s*(?P<a>[{_NUM}\d]{{1,3}})\s*(?:个|大)?(?P<u1>{_PART_UNITS}|{_ITEM_UNITS})?"
    rf"\s*(?:到|至|~|～|-|－|—)\s*(?P<second>第)?\s*(?P<b>[{_NUM}\d]{{1,3}})\s*(?:个|大)?"
    rf"(?P<unit>{_PART_UNITS}|{_ITEM_UNITS})?"
)
# Units a document names its divisions by (第三章, 第十二条), counted by their numbers.
_NAMED_UNITS = {"章": "chapter", "节": "section", "条": "article", "部分": "part"}
_RANGE = re.compile(
    rf"(?P<side>前|后)\s*(?P<num>[{_NUM}\d]{{1,2}})\s*(?:个|大)?(?P<unit>{_PART_UNITS}|{_ITEM_UNITS})"
)

# Words that point at the structure of a document, not at a topic.
_STRUCTURE_UNIT = r"(?:部分|板块|大块|块|方面|层次|章节|篇|章|段|项|条|点|大项|小项|标题)"
_STRUCTURE = re.compile(
    rf"^(?:(?:第|前|后|最后|末)[{_NUM}\d几]*(?:个|大)?{_STRUCTURE_UNIT}?"
    rf"|[{_NUM}\d几]*(?:个|大)?{_STRUCTURE_UNIT})(?:里|中|下|内)?$"
)


@dataclass(frozen=True)
class OrdinalRef:
    """Positions a question names: 1-based, negative counting from the end (-1: the
    last); ``part`` for a top-level part, else an item; ``marker`` the numbering as the
    question writes it (``（二）`` from ``第（二）条``), matched against the document's own."""

    positions: tuple[int, ...]
    part: bool
    marker: str = ""
    start: int = 0
    end: int = 0
    unit: str = ""


def _value(raw: str) -> int | None:
    """``3``, ``三``, ``两``, ``十二`` to an int (the project's ``chinese_numeral``); None if
    not a numeral."""
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    return chinese_numeral(raw.replace("两", "二"))


def _is_part(unit: str | None) -> bool:
    return bool(unit) and re.fullmatch(_PART_UNITS, unit or "") is not None


def ordinal_references(question: str) -> list[OrdinalRef]:
    """Positions the question names (``第三部分`` → part 3; ``第三部分第二项`` → part 3,
    then item 2; ``第（二）条`` → the item numbered （二）; ``最后一部分`` → the last part;
    ``前两部分`` → parts 1 and 2), in the order the question gives them. A 第N with no
    unit (第一议题, 第二，) is no reference."""
    q = normalize_question(question)
    refs: list[OrdinalRef] = []
    for m in _ORDINAL.finditer(q):
        unit = m.group("unit")
        paren = m.group("paren")
        if paren:
            inner = re.sub(r"[（()）\s]", "", paren)
            value = _value(inner)
            if value is None:
                continue
            refs.append(OrdinalRef((value,), _is_part(unit), f"（{inner}）", m.start(), m.end()))
            continue
        if not unit:
            continue
        value = _value(m.group("num"))
        if value is None or value == 0:
            continue
        refs.append(OrdinalRef((value,), _is_part(unit), "", m.start(), m.end(), unit))
    for m in _SPAN.finditer(q):
        unit = m.group("unit") or m.group("u1") or ""
        if not unit and not (m.group("first") and m.group("second")):
            continue
        a, b = _value(m.group("a")), _value(m.group("b"))
        if not a or not b or not a < b <= a + 20:
            continue
        span = tuple(range(a, b + 1))
        refs.append(OrdinalRef(span, _is_part(unit), "", m.start(), m.end(), unit))
    for m in _LAST.finditer(q):
        refs.append(OrdinalRef((-1,), _is_part(m.group("unit")), "", m.start(), m.end()))
    for m in _RANGE.finditer(q):
        n = _value(m.group("num"))
        if not n or n > 20:
            continue
        span = tuple(range(1, n + 1)) if m.group("side") == "前" else tuple(range(-n, 0))
        refs.append(OrdinalRef(span, _is_part(m.group("unit")), "", m.start(), m.end()))
    # One reference per stretch of the question (最后一部分 is not also 后一部分).
    kept: list[OrdinalRef] = []
    for r in sorted(refs, key=lambda r: (r.start, -r.end)):
        if not any(k.start < r.end and r.start < k.end for k in kept):
            kept.append(r)
    return kept


def normalize_question(question: str) -> str:
    return re.sub(r"\s+", "", question)


def _pick(items: Sequence[Section], positions: Sequence[int]) -> list[Section]:
    out: list[Section] = []
    for p in positions:
        i = p - 1 if p > 0 else len(items) + p
        if 0 <= i < len(items) and items[i] not in out:
            out.append(items[i])
    return out


def _parts(outline: Sequence[Section]) -> list[Section]:
    """The document's top-level parts: a lone wrapper (an attachment holding the 要点)
    is looked through; an outline of several numbering runs (a speech's 一是… review
    then 第一…第五) gives its longest run, the later one on a tie."""
    items = list(outline)
    while len(items) == 1 and items[0].children:
        items = list(items[0].children)
    runs: list[list[Section]] = []
    for sec in items:
        if runs and runs[-1][-1].style == sec.style:
            runs[-1].append(sec)
        else:
            runs.append([sec])
    if len(runs) <= 1:
        return items
    return max(reversed(runs), key=len)


def closing_after(outline: Sequence[Section], parts: Sequence[Section]) -> Section | None:
    """The unheaded closing paragraph after the last part (2026年，…将…：一是…, a section of
    no number, ``rag.outline``), when the outline ends with one."""
    if len(outline) < 2 or not parts or outline[-2] is not parts[-1]:
        return None
    last = outline[-1]
    return last if last.style == "plain" and not last.number and last.children else None


def top_parts(outline: Sequence[Section]) -> list[Section]:
    """The document's top-level parts (a lone wrapper looked through; of several
    numbering runs, the longest)."""
    return _parts(outline)


# NFKC reads ① as 1: a circled enumerator is kept apart from the item numbered 1.
_CIRCLED_KEY = {ord(c): f"○{i}" for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", 1)}


def _marker_key(number: str) -> str:
    return re.sub(r"[、，,：:.．\s]", "", normalize(number.translate(_CIRCLED_KEY)))


def resolve_ordinals(outline: Sequence[Section], refs: Sequence[OrdinalRef]) -> list[Section]:
    """The sections ``refs`` point at (each with its subtree); [] when they point at
    nothing this outline has."""
    if not outline or not refs:
        return []
    parts = _parts(outline)
    scope: list[Section] | None = None  # the sections an item reference counts within
    chosen: list[Section] = []
    for ref in refs:
        named = _by_number(scope or list(outline), ref)
        if named is not None:
            if not named:
                return []
            chosen = scope = named
            continue
        if ref.marker:
            pool = [s for sec in (scope or list(outline)) for s in sec.walk()]
            key = _marker_key(ref.marker)
            hits = [s for s in pool if _marker_key(s.number) == key]
            if not hits:
                return []
            chosen = hits
            scope = hits
            continue
        if ref.part and scope is None:
            chosen = _pick(parts, ref.positions)
            closing = closing_after(outline, parts)
            if closing is not None and chosen and chosen[-1] is parts[-1] and -1 in ref.positions:
                chosen = [*chosen, closing]  # 最后一部分: the last part and the close after it
            if not chosen:
                return []
            scope = chosen
            continue
        if scope is not None:
            kids = [c for sec in scope for c in sec.children]
            picked = _pick(kids, ref.positions) if len(scope) == 1 else []
            if not picked:
                return chosen
            chosen = picked
            scope = picked
            continue
        # An item with no part given: a document that numbers its items straight through
        # (1.…16. across its parts) is counted by those numbers; else by its parts.
        chosen = _numbered_through(outline, ref.positions) or _pick(parts, ref.positions)
        if not chosen:
            return []
        scope = chosen
    return chosen


def named_style(outline: Sequence[Section], ref: OrdinalRef) -> str | None:
    """The numbering style a 第N章/节/条/部分 reference names, when the outline has it."""
    style = _NAMED_UNITS.get(ref.unit)
    if style is None or ref.marker:
        return None
    if not any(s.style == style for top in outline for s in top.walk()):
        return None
    return style


def _by_number(scope: Sequence[Section], ref: OrdinalRef) -> list[Section] | None:
    """The sections numbered as ``ref`` says (第十二条 → the article numbered 十二, wherever
    it stands), or None when the outline does not number that unit by name."""
    style = named_style(scope, ref)
    if style is None:
        return None
    pool = [s for top in scope for s in top.walk() if s.style == style]
    by_value = {section_value(s): s for s in pool}
    return [by_value[p] for p in ref.positions if p in by_value]


def section_value(sec: Section) -> int | None:
    core = re.sub(r"[第章节条部分\s\u3000、，,：:]", "", sec.number)
    return _value(core)


def _numbered_through(outline: Sequence[Section], positions: Sequence[int]) -> list[Section]:
    tops = _parts(outline)
    kids = [c for sec in tops for c in sec.children]
    if len(tops) < 2 or len(kids) < 3:
        return []
    values = [_value(re.sub(r"\D", "", c.number) or "x") for c in kids]
    if values != list(range(1, len(kids) + 1)):
        return []  # numbering restarts in each part: the positions are not these numbers
    return _pick(kids, positions)


# Prepositions that introduce a topic (关于…的部署) — a closed class of the grammar.
_PREPOSITIONS = frozenset({"关于", "有关", "对于", "针对", "围绕", "就是", "其中", "里面", "当中"})


def is_generic(word: str) -> bool:
    """A word that only asks for a list (任务, 一条条, 列出来), points at the document's
    structure (第三, 部分, 五个方面, 一部分) or introduces a topic (关于), naming none."""
    w = normalize(word)
    return w in _PREPOSITIONS or is_list_word(w) or bool(_STRUCTURE.match(w))


@functools.lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    # pure; the same headings are compared with every question of a build
    return re.sub(r"[\W_]+", "", normalize(text))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def phrase_in_heading(phrase: str, heading: str) -> float:
    """1.0 when the heading holds the phrase (punctuation aside); 0.8 when it holds a
    shortened form's characters in order with most of its bigrams (双带头人工程 in
    实施“双带头人”工程, 强化组织 in 强化组织力); else the share of its bigrams the heading has."""
    p, h = _plain(phrase), _plain(heading)
    if len(p) < 2 or not h:
        return 0.0
    if p in h:
        return 1.0
    grams = _bigrams(p)
    share = sum(1 for g in grams if g in h) / len(grams)
    if len(p) >= 4 and share >= 0.5 and _subsequence(p, h):
        return 0.8
    return share


def heading_overlap(question: str, heading: str) -> float:
    """The share of the heading's character bigrams (its words, not its marker or
    punctuation) that the question holds: 党建根基怎么打牢 holds 3 of 夯实党建根基's 5."""
    h, q = _plain(heading), _plain(question)
    grams = _bigrams(h)
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in q) / len(grams)


# Columns of a task table that say who carries a task out (责任单位, 牵头单位, 配合部门 …).
_RESPONSIBLE_COLUMN = re.compile(r"责任|牵头|负责|承办|主办|配合|落实|实施主体|单位|部门")
# (a parenthesised second name, 机关党委（人事科）, is a name of its own)
_UNIT_SPLIT = re.compile(r"[，,、；;/／（）()]|以及|和|及")


def unit_named(cell: str, question: str, least: int = 3) -> bool:
    """Whether the question names one of the units a 责任单位 cell lists: the unit in
    full, or an ending of it of ``least``+ characters (组织部 of 市直机关工委组织部) that the
    question does not qualify by words of another unit: the characters the question puts
    before the ending must be, half of them at least, the unit's own (就业工作办公室 names
    no 后勤工作办公室, though both end on 工作办公室)."""
    q = _plain(question)
    for unit in _UNIT_SPLIT.split(cell):
        u = _plain(unit)
        if len(u) < least:
            continue
        if u in q:
            return True
        i = next((i for i in range(len(u) - least + 1) if u[i:] in q), None)
        if i is not None and _own_qualifier(u[:i], q[: q.find(u[i:])]):
            return True
    return False


# Where the words before a unit's name stop being its qualifier (方案里, 由, 的).
_QUALIFIER_CUT = re.compile(r"[里的在由让请是把对和与及、]")


def _own_qualifier(head: str, before: str) -> bool:
    """Whether the question's characters ``before`` a unit's ending (back to a word that
    joins it to the sentence) are, half at least of the last ones, the ``head`` the unit
    itself has there: none, or the unit's own (机关党 of 市直机关工委组织部)."""
    qualifier = _QUALIFIER_CUT.split(before)[-1]
    tail = qualifier[-min(len(qualifier), len(head), 4) :] if qualifier and head else ""
    if not tail:
        return True
    return 2 * sum(1 for ch in tail if ch in head) >= len(tail)


def _rows_matching(
    rows: Sequence[tuple[Section, Sequence[tuple[str, str]]]],
    cell_named: Callable[[str, str], bool],
) -> list[Section]:
    """The rows (each with its cells as (column, value)) one of whose cells ``cell_named``."""
    return [sec for sec, cells in rows if any(cell_named(n, v) for n, v in cells)]


def responsible_units(rows: Sequence[tuple[Section, Sequence[tuple[str, str]]]]) -> list[str]:
    """Every unit the responsible-unit column of a task table names, in table order."""
    units: list[str] = []
    for _, cells in rows:
        for name, value in cells:
            if _RESPONSIBLE_COLUMN.search(name):
                units += [u.strip() for u in _UNIT_SPLIT.split(value) if u.strip()]
    return list(dict.fromkeys(units))


def rows_of_unit(
    rows: Sequence[tuple[Section, Sequence[tuple[str, str]]]], question: str, least: int = 3
) -> list[Section]:
    """The task-table rows (each with its cells as (column, value)) whose responsible-unit
    cell names a unit the question names (an ending of ``least`` characters at least):
    ``X负责的是哪几项任务``."""
    return _rows_matching(
        rows,
        lambda name, value: (
            bool(_RESPONSIBLE_COLUMN.search(name)) and unit_named(value, question, least)
        ),
    )


# What a column's name may end with that a question leaves out (领学人 → 谁领学).
_COLUMN_SUFFIX = re.compile(r"(?:人|者|单位|部门|名称)$")


def column_named(name: str, question: str) -> bool:
    """Whether the question names a table column: its name (领学人, 地点) or its stem of
    two characters or more (领学 of 领学人)."""
    n = _plain(name)
    stem = _COLUMN_SUFFIX.sub("", n)
    q = _plain(question)
    return len(n) >= 2 and (n in q or (len(stem) >= 2 and stem in q))


def value_named(cell: str, question: str, least: int = 2) -> bool:
    """Whether the question holds one of a cell's values whole (a post, a room;
    each of the names a 、 list holds), of ``least`` characters or more."""
    q = _plain(question)
    return any(len(u) >= least and u in q for u in map(_plain, _UNIT_SPLIT.split(cell)))


def rows_by_value(
    rows: Sequence[tuple[Section, Sequence[tuple[str, str]]]], question: str
) -> list[Section]:
    """The table rows whose cell in a column the question names holds a value the question
    names: ``领学人为X的专题``, ``地点在X``, ``责任人是X的``."""
    return _rows_matching(
        rows, lambda name, value: column_named(name, question) and value_named(value, question)
    )
