"""Numbered institutions and level words in organisation names (pure functions).

Schools and hospitals of one place are told apart by their number (第一中学 / 第二中学,
第三人民医院), and staff call them by it (一中, 二中, 三院, 市一院); organs of one place name
by its level (东陵县自然资源局 is not 东陵市自然资源局). Two readings, both by the
conventions of organisation names, none by a list of names:

- ``institutions`` finds the numbered institutions a text names, full (``第二中学``,
  ``第三人民医院``) or short (``一中``, ``三院``, after a place, a level word or the start),
  as a (kind, number) pair: 中学/高中 → 中学, 人民医院/医院/院 → 医院, 小学/小 → 小学. An
  unnumbered one (X市人民医院) has number 0, which no numbered one matches;
- ``numbered_short`` writes a name's numbered institution short, as staff say it
  (X市第二人民医院 → X市二院), and ``SHORT_FORM`` matches such a form: ``rag.short_names``
  reads an organisation's short names with them;
- ``level_conflict`` says whether a question names a department's place with another
  level word than the department's name has (东陵市 for 东陵县);
- ``another_organ`` says whether two spellings of a name differ in an organ's word or a
  level word: a 厅 is a province's department, a 局 a city's or county's, a 委 a
  commission, a 部 a party committee's (or the state's) department — 财政局 is no slip of
  财政厅, 市委 none of 县委, whatever a respelling path would read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.outline import chinese_numeral

__all__ = [
    "SHORT_FORM",
    "Institution",
    "another_organ",
    "institutions",
    "level_conflict",
    "numbered_short",
    "organ_level",
    "placed_courts",
]

_N = "一二三四五六七八九十"
# A numbered institution's kind as its full name writes it → the kind it is, and the one
# character its short form keeps (第二人民医院 → 二院, 第三小学 → 三小, 第一高级中学 → 一高).
_NUMBERED_KINDS: dict[str, tuple[str, str]] = {
    "高级中学": ("中学", "高"),
    "中学": ("中学", "中"),
    "小学": ("小学", "小"),
    "人民医院": ("医院", "院"),
    "医院": ("医院", "院"),
    "幼儿园": ("幼儿园", "幼"),
}
_SHORT_CHARS = "".join(dict.fromkeys(c for _, c in _NUMBERED_KINDS.values()))
_KIND = {
    **{full: kind for full, (kind, _) in _NUMBERED_KINDS.items()},
    **{c: kind for kind, c in _NUMBERED_KINDS.values()},
}
_FULL = re.compile(rf"第(?P<n>[{_N}]{{1,2}}|\d{{1,2}})(?P<kind>{'|'.join(_NUMBERED_KINDS)})")
# A short form: a numeral and one character of the kind, not the start of another word
# (一中心, 二中队, 三院校, 一小时, 一小组).
_SHORT = re.compile(
    rf"(?<![第{_N}\d])(?P<n>[{_N}])(?P<kind>[{_SHORT_CHARS}])(?![学心国央层间队文级部长时组区段块卫士全])"
)
# A numbered short form as a pattern of its own (二院, 三小, 十一中).
SHORT_FORM = rf"[{_N}]{{1,2}}[{_SHORT_CHARS}]"
_UNNUMBERED = re.compile(r"(?<![第一二三四五六七八九十\d])(?P<kind>人民医院)")
_LEVEL = "省市县区"


@dataclass(frozen=True)
class Institution:
    kind: str
    number: int
    start: int
    end: int


def _value(raw: str) -> int:
    if raw.isdigit():
        return int(raw)
    return chinese_numeral(raw) or 0  # (the patterns admit only numerals)


def institutions(text: str, places: Iterable[str] = ()) -> list[Institution]:
    """The numbered institutions ``text`` names. A short form (一中) counts only at the
    start of the text, after a non-Chinese character, a level word (县一中) or one of
    ``places`` (东陵一中), so that 其中一中 or 统一中 are no school."""
    out: list[Institution] = []
    for m in _FULL.finditer(text):
        out.append(Institution(_KIND[m.group("kind")], _value(m.group("n")), m.start(), m.end()))
    place_list = [p for p in places if p]
    for m in _SHORT.finditer(text):
        if any(i.start <= m.start() < i.end for i in out):
            continue
        before = text[: m.start()]
        if not (
            not before
            or not re.match(r"[\u4e00-\u9fff]", before[-1])
            or before[-1] in _LEVEL
            or any(before.endswith(p) for p in place_list)
        ):
            continue
        out.append(Institution(_KIND[m.group("kind")], _value(m.group("n")), m.start(), m.end()))
    for m in _UNNUMBERED.finditer(text):
        if not any(i.start <= m.start() < i.end for i in out):
            out.append(Institution("医院", 0, m.start(), m.end()))
    return sorted(out, key=lambda i: i.start)


def numbered_short(name: str) -> str | None:
    """``name`` with its first numbered institution written short (X市第二人民医院 →
    X市二院, 第一中学 → 一中), or None when it has none numbered in Chinese numerals (a
    number in digits, 第2中学, is left as written)."""
    for m in _FULL.finditer(name):
        if not m.group("n").isdigit():
            short = _NUMBERED_KINDS[m.group("kind")][1]
            return name[: m.start()] + m.group("n") + short + name[m.end() :]
    return None


def level_conflict(window: str, name: str, place: str) -> str | None:
    """The place-and-level ``window`` (question text around a department's mention) gives
    ``place`` that ``name`` (the department's) gives with another level word: the
    question's form (东陵市), else None. A name holding both forms has no conflict."""
    if not place:
        return None
    asked = re.search(rf"{re.escape(place)}([{_LEVEL}])", window)
    own = re.search(rf"{re.escape(place)}([{_LEVEL}])", name)
    if asked is None or own is None or asked.group(1) == own.group(1):
        return None
    if asked.group() in name:
        return None
    return asked.group()


# The words an organ's name ends on, each naming an organ of its own level or kind (a
# province's 厅, a city's or county's 局, a commission's 委, a department's 部, an office's
# 办, a 署), and the level words of a place.
_ORGAN_WORDS = frozenset("厅局委部办署")
_LEVEL_WORDS = frozenset("省市县区镇乡")


def another_organ(typed: str, meant: str) -> bool:
    """``meant`` (as long as ``typed``) differs from it at some place where both write an
    organ's word (厅 for 局, 委 for 局, 部 for 厅) or both a level word (省 for 市, 县 for
    区): reading the one as the other names another organ, it mends no slip."""
    return any(
        a != b and ({a, b} <= _ORGAN_WORDS or {a, b} <= _LEVEL_WORDS)
        for a, b in zip(typed, meant, strict=False)
    )


# Characters making a level word part of another word (社区, 园区, 城市, 超市).
_NOT_A_LEVEL = {"区": "社小园景城辖街片山地郊矿厂营治", "市": "城超都门"}


def _own_level(name: str) -> str | None:
    """The level word of the organ ``name`` is (the last level word after a place:
    X市Y区卫健委 → 区; 中共X市直属机关工作委员会 → 市), else None."""
    # (市场, 市政 of 市场监督管理局, 市政园林局 begin the organ's line of work: no level)
    found = re.findall(rf"(?<=[\u4e00-\u9fff])([{_LEVEL}])(?!场|政)", name.removeprefix("中共"))
    return found[-1] if found else None


def bare_level_conflict(question: str, start: int, end: int, name: str) -> str | None:
    """A level word alone right before (or opening) a department's mention at
    ``start:end`` that is not the department's own level (市人社局 read as 某县人社局):
    the question's form (市人社局), else None. 全市/本县 are no level; a name that spells
    the asked form (某市某区 holds 市…) has no conflict."""
    at = start if question[start : start + 1] in _LEVEL else start - 1
    if at < 0 or question[at] not in _LEVEL or question[at + 1 : at + 2] in ("场", "政"):
        return None  # (市场监管局: 市场 is a line of work, no level)
    before = question[at - 1] if at > 0 else ""
    if before and before in _NOT_A_LEVEL.get(question[at], "") + "全本该各我":
        return None
    own = _own_level(name)
    form = question[at:end]
    if own is None or own == question[at] or form in name:
        return None
    return form


def organ_level(name: str) -> str | None:
    """The level word of the organ ``name`` is (X市Y区卫健委 → 区), else None."""
    return _own_level(name)


# A court or procuratorate named by its level (区法院, 县人民法院, 省高级人民法院, 区检察院):
# the judicial organs of the Organic Laws stand one to a place and level.
_PLACED_COURT = re.compile(rf"(?P<l>[{_LEVEL}])(?:高级|中级)?(?:人民)?(?P<k>法院|检察院)")


def placed_courts(question: str) -> list[tuple[int, int, str]]:
    """(start of the level word, end, level) of the courts and procuratorates the question
    names by a level word (北湖区法院 → the span of 区法院). 全市/本区/城区 are no level,
    unless the characters before make a division's name (相城区)."""
    from rag.places import is_place

    out: list[tuple[int, int, str]] = []
    for m in _PLACED_COURT.finditer(question):
        a = m.start()
        before = question[a - 1] if a else ""
        # (老城区 is no level, 相城区 a division of that name)
        named = any(k >= 0 and is_place(question[k : a + 1]) for k in (a - 2, a - 3))
        if before and before in _NOT_A_LEVEL.get(m.group("l"), "") + "全本该各我" and not named:
            continue
        out.append((m.start(), m.end(), m.group("l")))
    return out
