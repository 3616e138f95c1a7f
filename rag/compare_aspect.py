"""The measure a comparison asks of each side (pure): 时长, 频次, 比例, 人数 — and, in a
side's text, the sentences that state that measure on the asked topic, whatever words the
side uses for the topic (志愿服务时长 ↔ 每人每年参加公益服务不少于20小时; 廉政谈话频次 ↔
提醒谈话每季度1次).

A side that words the topic its own way holds none of the question's words, so passages
ranked by the words miss its target; the sentence stating the asked measure and sharing a
word piece (a two-character stretch, or a near-synonym) of the topic is that side's answer.
The measures are a closed class of the genre (hours, frequencies, shares, head counts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.synonyms import related
from rag.text import normalize, sentence_spans

__all__ = ["asked_measure", "measured_sentences"]

_PERIOD = r"每(?:年|半年|季度|季|月|周|星期|两月|学期)"
# (measure noun in the question, the quantity a sentence states for it)
_MEASURES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"时长|多少(?:个)?(?:小时|学时)|几个小时|时数"),
        re.compile(r"\d+(?:\.\d+)?\s*(?:个)?(?:小时|学时|课时)"),
    ),
    (
        re.compile(r"频次|频率|频度|多久一次|几次|多少次|次数"),
        re.compile(rf"{_PERIOD}[^，。；]{{0,12}}?(?:\d+|[一二两三四五六]|至少)\s*(?:次|场|期|回)"),
    ),
    (
        re.compile(r"比例|占比|比率|覆盖率|达标率|百分之"),
        re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[一二三四五六七八九十百]+"),
    ),
    (
        re.compile(r"人数|多少人|几个人|多少名"),
        re.compile(r"\d+\s*(?:人|名)(?!次)"),
    ),
)
# Words of a question that ask, not what is asked about.
_ASKING = re.compile(r"要求|规定|安排|部署|情况|方面|内容|标准|表述|说法|各是|什么|多少|有何|不同")
_MAX_SENTENCES = 2


def asked_measure(question: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The measure ``question`` asks (its noun's pattern and the quantity's), or None."""
    q = normalize(question)
    return next((m for m in _MEASURES if m[0].search(q)), None)


def _pieces(words: Sequence[str], noun: re.Pattern[str]) -> set[str]:
    """The two-character stretches of the topic words (the measure's noun and words of
    asking left out) and the near-synonyms of the words."""
    out: set[str] = set()
    for w in words:
        w = noun.sub("", _ASKING.sub("", normalize(w)))
        out |= {w[i : i + 2] for i in range(len(w) - 1)}
        out |= {r for r in related(w) if len(r) >= 2}
    return {p for p in out if re.fullmatch(r"[\u4e00-\u9fff]{2,}", p)}


def measured_sentences(
    text: str, words: Sequence[str], measure: tuple[re.Pattern[str], re.Pattern[str]]
) -> list[tuple[int, int]]:
    """The spans of ``text``'s sentences that state the asked ``measure`` and share the
    most pieces of the topic ``words`` (one at least), in text order, at most
    ``_MAX_SENTENCES``; [] when none does."""
    noun, quantity = measure
    pieces = _pieces(words, noun)
    if not pieces:
        return []
    scored: list[tuple[int, int, int]] = []
    for a, b in sentence_spans(text, 0, len(text)):
        s = normalize(text[a:b])
        if not quantity.search(s):
            continue
        shared = sum(1 for p in pieces if p in s)
        if shared:
            scored.append((shared, a, b))
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    return sorted((a, b) for s, a, b in scored if s == best)[:_MAX_SENTENCES]
