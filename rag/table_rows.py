"""Rows of a schedule table a question asks for: the months it names (7到12月, 下半年,
三季度, 5月) over a table whose first column is a month or date (月份/时间/日期: 学习计划's
月度安排, 活动方案's 时间), and rows whose cell in a column the question names holds the
value it names (领学人是X, 地点在Y). Pure functions over (section, cells)
rows as ``rag.outline.row_fields`` gives them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.outline import chinese_numeral
from rag.types import Section

__all__ = ["asked_months", "row_month", "rows_in_months"]

Row = tuple[Section, Sequence[tuple[str, str]]]

_M = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
# 7到12月, 7-12月, 7月至12月, 七至十二月, 从5月到8月
_RANGE = re.compile(rf"{_M}\s*月?(?:份)?\s*(?:到|至|－|-|—|~|～|–)\s*{_M}\s*月")
# one month (5月谁领学), not a day or a time limit (5月20日, 4月底前, 3月中旬)
_ONE = re.compile(rf"(?<![\d年月日号至到~～-]){_M}\s*月(?:份)?(?![\d底初中末上下旬日号前])")
_HALF = {"上半年": (1, 6), "下半年": (7, 12)}
_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_SEASON_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4}
# A cell that dates a row: (2025年)7月, 7月5日, 七月, 2025.7, 2025-07.
_CELL_MONTH = re.compile(rf"^\s*(?:\d{{4}}\s*[年./-]\s*)?{_M}\s*(?:月|$|[./-]\d)")
_NUMBER_CELL = re.compile(r"^\s*\d{1,3}\s*$")


def _month(raw: str) -> int | None:
    raw = raw.lstrip("0") or raw
    value = int(raw) if raw.isdigit() else chinese_numeral(raw)
    return value if value is not None and 1 <= value <= 12 else None


def _bounds(a: str, b: str) -> tuple[int, int] | None:
    x, y = _month(a), _month(b)
    return (x, y) if x is not None and y is not None and x <= y else None


def asked_months(question: str) -> frozenset[int] | None:
    """The months a question names as a row filter (7到12月 → 7…12, 下半年 → 7…12,
    第三季度 → 7…9, 5月 → 5), None when it names none."""
    months: set[int] = set()
    rest = question
    for m in _RANGE.finditer(question):
        span = _bounds(m.group(1), m.group(2))
        if span is not None:
            months.update(range(span[0], span[1] + 1))
            rest = rest.replace(m.group(0), "，")
    for word, (a, b) in _HALF.items():
        if word in rest:
            months.update(range(a, b + 1))
    for m in _QUARTER.finditer(rest):
        n = _SEASON_WORDS.get(m.group(1)) or int(m.group(1))
        months.update(range(3 * n - 2, 3 * n + 1))
    for m in _ONE.finditer(rest):
        one = _month(m.group(1))
        if one is not None:
            months.add(one)
    return frozenset(months) if months else None


def row_month(cells: Sequence[tuple[str, str]]) -> int | None:
    """The month a row's first cell (past a 序号 cell) dates it to, None if it is no date."""
    for _name, value in cells:
        if _NUMBER_CELL.match(value):
            continue  # 序号
        m = _CELL_MONTH.match(value)
        return _month(m.group(1)) if m else None
    return None


def rows_in_months(rows: Sequence[Row], months: frozenset[int]) -> list[Section]:
    """The rows dated to one of ``months``, in table order, when most rows of the table are
    dated (a schedule); [] when the table is not one."""
    dated = [(sec, row_month(cells)) for sec, cells in rows]
    if sum(m is not None for _, m in dated) * 2 < len(dated) or len(dated) < 2:
        return []
    return [sec for sec, m in dated if m is not None and m in months]
