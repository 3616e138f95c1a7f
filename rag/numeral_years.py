"""A year a question writes in Chinese numerals read as the numeric year (a pure function).

Official documents date themselves in Chinese numerals (the 成文日期 ``二〇二三年十二月二十六日``)
and an asker may write a year so (二〇二四年度, 二零二三年); everywhere else the planner reads
years as digits (``2023年``). A question's year written digit by digit in Chinese numerals —
four of them, the first two 一九 or 二〇/二零, then 年 — is written as digits: the same
number of characters, so every offset into the question stays valid. A quoted phrase is
left as typed (a phrase asked for where it stands is looked up as written), and so is a
run of numerals that is no year (二〇二三 without 年, 三四五年 of "three to five years").
"""

from __future__ import annotations

import re

__all__ = ["arabic_years"]

_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_NUMERAL = "〇○零一二三四五六七八九"
_CN_YEAR = re.compile(
    rf"(?<![{_NUMERAL}十百千万两\d])((?:一九|二[〇○零])[{_NUMERAL}]{{2}})(?=\s*年)"
)
_QUOTED = re.compile(r"[“「『《\"][^”」』》\"]{1,40}[”」』》\"]")


def arabic_years(question: str) -> str:
    """``question`` with each year it writes in Chinese numerals in digits (二〇二三年度 →
    2023年度), quoted phrases as typed."""
    quoted = [m.span() for m in _QUOTED.finditer(question)]

    def digits(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in quoted):
            return m.group()
        return "".join(_DIGIT[ch] for ch in m.group(1))

    return _CN_YEAR.sub(digits, question)
