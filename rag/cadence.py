"""How often (pure): the period a question counts by and the period a passage states.

A rule or plan states a cadence with its count (每半年召开一次, 每季度听取一次, 全年不少于
12次). A question asking the count per another period (每季度开几次) is not answered by a
passage stating another period only: its count is of that period, not of the one asked.
"""

from __future__ import annotations

import re

__all__ = ["asked_period", "cadence_conflict", "contradicted", "stated_cadences", "stated_periods"]

# Period words, longest first (每半年 before 每年), with the period they name.
_PERIODS: tuple[tuple[str, str], ...] = (
    (r"每两年|每二年", "两年"),
    (r"每半年|半年一次|每个半年", "半年"),
    (r"每(?:个)?季度?|季度(?:一次|召开|开展|听取)|一个季度", "季度"),
    (r"每(?:个)?月|按月|月度|一个月", "月"),
    (r"每(?:个)?(?:周|星期)|一周", "周"),
    (r"每(?:天|日)", "天"),
    (r"每(?:一)?年|全年|年度|一年", "年"),
    (r"每学期", "学期"),
)
# The question's own period: only one written with 每 (每季度开几次), or 一个X (一个月几次).
_ASKED = re.compile(
    r"每(?:两|二|半|个|一)?(?:年|季度|季|月|周|星期|天|日|学期)|一个(?:季度|月|星期)"
)


def _period(word: str) -> str | None:
    for pattern, name in _PERIODS:
        if re.fullmatch(pattern, word):
            return name
    return None


def asked_period(question: str) -> str | None:
    """The period ``question`` counts by (季度 of 每季度开几次), or None."""
    m = _ASKED.search(question.replace(" ", ""))
    return _period(m.group()) if m else None


def stated_periods(text: str) -> set[str]:
    """The periods ``text`` states a cadence or a count by."""
    out: set[str] = set()
    rest = text
    for pattern, name in _PERIODS:
        if re.search(pattern, rest):
            out.add(name)
            rest = re.sub(pattern, "□", rest)
    return out


def cadence_conflict(question: str, passage: str) -> bool:
    """``question`` counts per a period ``passage`` does not state, while it states
    another (每季度几次 against 每半年召开一次)."""
    asked = asked_period(question)
    if asked is None:
        return False
    stated = stated_periods(passage)
    return bool(stated) and asked not in stated


# A cadence a passage states in so many words (每季度开展一次, 按月, 月度一次): a period with 每,
# 按 or 一次 — not a span of time (全年不少于12次, 年度考核), which holds every cadence.
_CADENCE = re.compile(
    r"每(?:两|二|半|个|一)?(?:年|季度|季|月|周|星期|天|日|学期)|"
    r"按(?:年|季度?|月|周)|(?:季度|月度|半年|一年|一月|一周)一次"
)


def stated_cadences(text: str) -> set[str]:
    """The periods ``text`` states a cadence by (每季度开展一次 → {季度})."""
    out: set[str] = set()
    for m in _CADENCE.finditer(text):
        word = m.group()
        word = re.sub(r"一次$", "", word)
        word = {
            "按月": "每月",
            "按周": "每周",
            "按年": "每年",
            "按季": "每季度",
            "按季度": "每季度",
            "月度": "每月",
            "季度": "每季度",
            "半年": "每半年",
            "一年": "每年",
            "一月": "每月",
            "一周": "每周",
        }.get(word, word)
        period = _period(word)
        if period is not None:
            out.add(period)
    return out


def contradicted(question: str, passages: list[str]) -> set[str]:
    """The cadences ``passages`` state when ``question`` states one none of them states
    (每月怎么安排 against 每季度开展一次): the text's periods, else an empty set."""
    asked = asked_period(question)
    if asked is None:
        return set()
    stated: set[str] = set()
    for p in passages:
        stated |= stated_cadences(p)
    return set() if asked in stated else stated
