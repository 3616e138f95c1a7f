"""Remove web boilerplate without touching the body, keeping an offset map.

Boilerplate is what a web page wraps around an article: copyright and ICP /
公网安备 lines, view counters (浏览次数), editor lines (责编), a page-date header
(``2022年6月28日 星期二 农历…``) that is not the publication date, print/share
links. Each removal is recorded (``Removed``) so that page details stay
available to answer questions about the page, and ``raw_offsets`` maps every
character of the cleaned text back to the loaded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.types import Removed

__all__ = ["Cleaned", "clean_text"]

_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("版权", re.compile(r"版权所有|copyright|all rights reserved|©", re.I)),
    ("备案号", re.compile(r"ICP\s*备|公网安备|ICP证", re.I)),
    (
        "责编",
        re.compile(
            r"^\s*[（(【\[]?\s*(?:责编|责任编辑|编辑|审核|校对)\s*[:：]\s*\S{1,20}\s*[）)】\]]?\s*$"
        ),
    ),
    (
        "页面日期",
        re.compile(
            r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天](?:\s*农历.*)?\s*$"
        ),
    ),
    (
        "页面链接",
        re.compile(
            r"^\s*(?:【?\s*(?:打印本页|关闭窗口|返回顶部|分享到|字体[:：]?\s*大\s*中\s*小|收藏本页)\s*】?\s*)+$"
        ),
    ),
)
_SPAN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A counter stands at the end of its line or before a space (not 访问量：12万人次).
    (
        "浏览次数",
        re.compile(r"[ \t\u3000]*(?:浏览次数|阅读次数|点击数|访问量)\s*[:：]\s*\d+(?=\s|$)"),
    ),
)
# The copyright and ICP rules search anywhere in a line; a line ending like a sentence
# (督促网站完成ICP备案。) is body text, never a page footer.
_FOOTER_ONLY = {"版权", "备案号"}
_SENTENCE_END = tuple("。！？；!?;")


@dataclass(frozen=True)
class Cleaned:
    text: str
    raw_offsets: tuple[int, ...]
    removed: tuple[Removed, ...]


def _spans_to_remove(raw: str) -> list[Removed]:
    spans: list[Removed] = []
    pos = 0
    for line in raw.split("\n"):
        end = pos + len(line)
        prose = line.rstrip().endswith(_SENTENCE_END)
        for reason, rule in _LINE_RULES:
            if line.strip() and rule.search(line) and not (prose and reason in _FOOTER_ONLY):
                # Take the line and its line break.
                spans.append(Removed(pos, min(end + 1, len(raw)), line.strip(), reason))
                break
        else:
            for reason, rule in _SPAN_RULES:
                for m in rule.finditer(line):
                    spans.append(Removed(pos + m.start(), pos + m.end(), m.group().strip(), reason))
        pos = end + 1
    return spans


def clean_text(raw: str) -> Cleaned:
    """Cleaned text, the map of its characters to ``raw``, and what was removed."""
    removed = _spans_to_remove(raw)
    keep: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for r in removed:
        keep.append(raw[cursor : r.raw_start])
        offsets.extend(range(cursor, r.raw_start))
        cursor = r.raw_end
    keep.append(raw[cursor:])
    offsets.extend(range(cursor, len(raw)))
    text = "".join(keep)
    # Leading blank lines left by a removed header carry no content; trim them.
    lead = len(text) - len(text.lstrip("\n \t\u3000"))
    return Cleaned(text[lead:], tuple(offsets[lead:]), tuple(removed))
