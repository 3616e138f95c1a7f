"""Structure parser: Chinese official-document numbering becomes a section tree.

Recognised numbering families (``STYLES``), from the outermost:

- ``cn``            一、 二、 …            (line start)
- ``paren_cn``      （一） (二) …          (line start)
- ``arabic``        1. 2、 3． …          (line start, not a decimal number)
- ``paren_arabic``  （1） (2) …            (line start)
- ``ordinal``       第一， 第二、 …        (line start or after a sentence)
- ``inline``        一是 二是 / 一要 二要  (line start or after a sentence, summaries and speeches)

A marker is accepted only where it continues a sequence (``三、`` needs a ``二、``
before it at the same level) or starts one (number 1); inline sequences need at
least two items. This keeps ``1.98亿吨`` or a lone ``一是`` out of the outline.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rag.text import strip_span
from rag.types import Section

__all__ = ["STYLES", "chinese_numeral", "parse_outline", "section_at", "section_path"]

STYLES = ("cn", "paren_cn", "arabic", "paren_arabic", "ordinal", "inline")
_RANK = {style: i for i, style in enumerate(STYLES)}
_INLINE_STYLES = {"ordinal", "inline"}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "[一二三四五六七八九十]{1,3}"
_LEAD = r"(?:^|(?<=\n))[ \t\u3000]*(?:#{1,6}[ \t]*)?"

_LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(_LEAD + rf"(?P<num>{_CN})(?P<sep>[、．.])(?!\d)")),
    ("paren_cn", re.compile(_LEAD + rf"(?P<num>[（(]\s*{_CN}\s*[）)])[、，,]?")),
    ("arabic", re.compile(_LEAD + r"(?P<num>\d{1,2})(?P<sep>[.．、](?!\d)|\s(?=\S))")),
    ("paren_arabic", re.compile(_LEAD + r"(?P<num>[（(]\s*\d{1,2}\s*[）)])[、，,]?")),
)
_AFTER = r"(?:^|(?<=\n)|(?<=[。！？；：:;!?])|(?<=[。！？；：]\s)|(?<=[”’」]))[ \t\u3000]*"
_INLINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ordinal", re.compile(_AFTER + rf"(?P<num>第{_CN}[，,、：:])")),
    ("inline", re.compile(_AFTER + rf"(?P<num>{_CN}(?:是|要))")),
)

_HEAD_STOP = "。！？；!?;"
# Punctuation left at the end of a heading cut short by the next marker.
_HEAD_TRIM = "：:，,、"
_MAX_HEADING = 50


def chinese_numeral(s: str) -> int | None:
    """``一``..``九十九`` to an int; None if not a numeral."""
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if "十" in ones:
        return None
    t = 1 if tens == "" else _CN_DIGITS.get(tens)
    o = 0 if ones == "" else _CN_DIGITS.get(ones)
    if t is None or o is None or len(tens) > 1 or len(ones) > 1:
        return None
    return t * 10 + o


def _number_value(raw: str) -> int | None:
    core = re.sub(r"[（()）、，,：:.．\s第是要]", "", raw)
    if core.isdigit():
        return int(core)
    return chinese_numeral(core)


@dataclass
class _Marker:
    style: str
    value: int
    number: str
    start: int
    heading_start: int
    heading_end: int
    line_start: bool
    whole_line: bool
    paragraph_end: int


@dataclass
class _Node:
    marker: _Marker
    children: list[_Node] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return _RANK[self.marker.style]


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl


def _heading_span(text: str, start: int, line_end: int) -> tuple[int, int, bool]:
    """The heading after a marker: up to the first sentence stop or the line end."""
    stop = line_end
    for i in range(start, line_end):
        if text[i] in _HEAD_STOP:
            stop = i
            break
    a, b = strip_span(text, start, stop)
    whole_line = not text[stop:line_end].strip(" \t\u3000" + _HEAD_STOP)
    if b - a > _MAX_HEADING:
        comma = text.find("，", a + 4, b)
        if comma != -1:
            b = comma
    return a, b, whole_line


def _markers(text: str) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    for style, pattern in _LINE_PATTERNS + _INLINE_PATTERNS:
        for m in pattern.finditer(text):
            start = m.start("num")
            if start in found:
                continue
            value = _number_value(m.group("num"))
            if value is None or value == 0:
                continue
            number = text[start : m.end()].rstrip(" \t\u3000")
            line_end = _line_end(text, start)
            h_start, h_end, whole_line = _heading_span(text, m.end(), line_end)
            if h_end <= h_start:
                continue
            line_start = not text[text.rfind("\n", 0, start) + 1 : start].strip(" \t\u3000#")
            found[start] = _Marker(
                style=style,
                value=value,
                number=number,
                start=start,
                heading_start=h_start,
                heading_end=h_end,
                line_start=line_start,
                whole_line=whole_line,
                paragraph_end=strip_span(text, start, line_end)[1],
            )
    # A heading ends where the next marker begins (一是抓学习：二是抓落实；…), so that
    # it never runs into the next item; a marker left without a heading is not one.
    out: list[_Marker] = []
    starts = sorted(found)
    for i, start in enumerate(starts):
        mk = found[start]
        if i + 1 < len(starts) and starts[i + 1] < mk.heading_end:
            end = starts[i + 1]
            while end > mk.heading_start and (
                text[end - 1].isspace() or text[end - 1] in _HEAD_TRIM
            ):
                end -= 1
            if end <= mk.heading_start:
                continue
            mk.heading_end = end
        out.append(mk)
    return out


def _build(markers: list[_Marker]) -> list[_Node]:
    roots: list[_Node] = []
    stack: list[_Node] = []
    # Line-start numbering may run on across parts (要点: 一、1. 2. 二、3. 4. …).
    last_value: dict[str, int] = {}
    for mk in markers:
        rank = _RANK[mk.style]
        # Continue a sequence: the nearest open node of the same style numbered value-1.
        sibling_at = None
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].marker.style == mk.style:
                if stack[i].marker.value + 1 == mk.value:
                    sibling_at = i
                break
        if sibling_at is not None:
            del stack[sibling_at:]
        elif mk.value == 1 or (
            mk.style not in _INLINE_STYLES and last_value.get(mk.style) == mk.value - 1
        ):
            while stack and stack[-1].rank >= rank:
                stack.pop()
        else:
            continue  # out of sequence: not a heading
        last_value[mk.style] = mk.value
        node = _Node(mk)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _prune(nodes: list[_Node]) -> list[_Node]:
    """Drop inline runs of a single item (a lone 一是 is prose, not a list)."""
    out: list[_Node] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if node.marker.style in _INLINE_STYLES:
            j = i + 1
            while (
                j < len(nodes)
                and nodes[j].marker.style == node.marker.style
                and nodes[j].marker.value == nodes[j - 1].marker.value + 1
            ):
                j += 1
            if j - i == 1:
                out.extend(_prune(node.children))
                i += 1
                continue
            for k in range(i, j):
                nodes[k].children = _prune(nodes[k].children)
                out.append(nodes[k])
            i = j
            continue
        node.children = _prune(node.children)
        out.append(node)
        i += 1
    return out


def _is_inline(mk: _Marker) -> bool:
    return mk.style in _INLINE_STYLES and not (mk.line_start and mk.whole_line)


def _freeze(text: str, nodes: list[_Node], level: int, parent_end: int) -> tuple[Section, ...]:
    out = []
    for i, node in enumerate(nodes):
        mk = node.marker
        next_start = nodes[i + 1].marker.start if i + 1 < len(nodes) else parent_end
        end = min(next_start, mk.paragraph_end) if _is_inline(mk) else next_start
        if node.children:
            end = max(end, min(parent_end, next_start))
        _, end = strip_span(text, mk.start, end)
        children = _freeze(text, node.children, level + 1, end)
        out.append(
            Section(
                number=mk.number,
                heading=text[mk.heading_start : mk.heading_end],
                style=mk.style,
                level=level,
                start=mk.start,
                heading_end=mk.heading_end,
                end=end,
                children=children,
            )
        )
    return tuple(out)


def parse_outline(text: str) -> tuple[Section, ...]:
    """The section tree of a document (top-level sections, each with its children)."""
    roots = _prune(_build(_markers(text)))
    return _freeze(text, roots, 1, strip_span(text, 0, len(text))[1])


def section_path(
    outline: tuple[Section, ...], start: int, end: int | None = None
) -> tuple[Section, ...]:
    """The chain of sections (outermost first) that contain ``[start, end)``.

    Siblings are in document order and do not overlap, so each level is a binary search:
    O(depth · log n), which keeps chunking linear-ish for documents with many headings."""
    end = start + 1 if end is None else max(end, start + 1)
    path: list[Section] = []
    level = outline
    while level:
        i = bisect.bisect_right(level, start, key=lambda sec: sec.start) - 1
        if i < 0:
            break
        sec = level[i]
        if not (sec.start <= start and end <= sec.end):
            break
        path.append(sec)
        level = sec.children
    return tuple(path)


def section_at(outline: tuple[Section, ...], pos: int) -> Section | None:
    """The deepest section containing ``pos``."""
    path = section_path(outline, pos)
    return path[-1] if path else None


def count_markers(text: str) -> int:
    """How many heading markers ``text`` has (each could start a section): a cheap upper
    bound on the outline's size, counted before the outline is parsed."""
    patterns = (*_LINE_PATTERNS, *_INLINE_PATTERNS)
    return sum(sum(1 for _ in rx.finditer(text)) for _, rx in patterns)
