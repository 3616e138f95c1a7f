"""The year a document's look back is of: a speech given early in a year reviews the year
before (过去一年，全局新增X — said in February of one year, the figures are of the year
before it); a summary or report titled with a year (某年度述职报告, dated the January
after) reviews that year. A question asking a figure of that year by its number (某年新增
了多少) is answered by the review's sentences, though they never write the year.

- ``reviewed_year``: the year a document's review words (过去一年, 一年来, 去年) mean;
- ``in_review``: a passage of the review — its sentence, the paragraph before it or the
  heading above it holds a review word (a heading such as 过去一年工作回顾 makes its
  全年 the reviewed year's too).

Pure functions over a document's fields."""

from __future__ import annotations

import re

from rag.outline import section_path
from rag.text import normalize, paragraph_spans
from rag.types import Document

__all__ = [
    "doc_reviewed_year",
    "in_review",
    "review_fits",
    "review_spans",
    "reviewed_year",
    "says_review",
]

# Words of a look back at the past year (a closed class of the genre).
_REVIEW = re.compile(r"过去(?:的)?一年|一年来|去年|上一年|上年度|上年")
# Heading words of a review part (工作回顾, 主要成绩, 工作开展情况).
_REVIEW_HEAD = re.compile(r"回顾|过去(?:的)?一年|一年来|去年|上年|成绩|成效|开展情况|完成情况")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|年度)")
_LOOKS_BACK = frozenset({"工作总结"})
_EARLY_MONTHS = 6  # a document dated by June looks back at the year before
_LATE_MONTH = 10  # one dated from October looks back at its own year (一年来)


def says_review(text: str) -> bool:
    """``text`` holds a word of looking back at the past year (过去一年, 一年来, 去年)."""
    return bool(_REVIEW.search(normalize(text)))


def reviewed_year(kind: str, title: str, date: str | None, text: str) -> int | None:
    """The year ``text``'s review words are of, or None (no review word, or no date and
    no year in a summary's title to count from)."""
    if not _REVIEW.search(text):
        return None
    if kind in _LOOKS_BACK:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    if not date or not re.match(r"\d{4}-\d\d", date):
        return None
    year, month = int(date[:4]), int(date[5:7])
    if month <= _EARLY_MONTHS:
        return year - 1
    if month >= _LATE_MONTH:
        return year
    return None


def in_review(text: str, start: int, end: int, heading: str) -> bool:
    """The passage ``text[start:end]`` under ``heading`` (the headings above it, joined)
    is part of a look back: the passage or its paragraph before it holds a review word,
    or the heading is a review heading."""
    para = text.rfind("\n", 0, start) + 1
    if _REVIEW.search(normalize(text[para:end])):
        return True
    return bool(_REVIEW_HEAD.search(normalize(heading)))


def doc_reviewed_year(doc: Document) -> int | None:
    """``reviewed_year`` of a document."""
    m = doc.meta
    return reviewed_year(m.kind, m.title, m.date, doc.text)


def review_fits(year: int, doc: Document, start: int, end: int) -> bool:
    """The passage ``doc.text[start:end]`` is of ``year`` as part of the document's look
    back at that year."""
    if doc_reviewed_year(doc) != year:
        return False
    heads = "".join(sec.heading for sec in section_path(doc.outline, start, end))
    return in_review(doc.text, start, end, heads)


def review_spans(doc: Document) -> list[tuple[int, int]]:
    """The paragraphs of ``doc`` that look back (hold a review word or stand under a
    review heading): where a figure of the reviewed year is, whatever its words."""
    out = []
    for a, b in paragraph_spans(doc.text):
        heads = "".join(sec.heading for sec in section_path(doc.outline, a, b))
        if in_review(doc.text, a, b, heads):
            out.append((a, b))
    return out
