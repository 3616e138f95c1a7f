"""Structure parser: Chinese official-document numbering becomes a section tree.

Recognised numbering families (``STYLES``), from the outermost:

- ``attachment``    附件1 / 附件2 (a line, the attachment's title on the next line); without
                    them, the items of a notice's 附件说明 (``附件：1.… 2.…``)
- ``part``          第一部分 …             (line start)
- ``chapter``       第一章 …               (line start)
- ``section``       第一节 …               (line start)
- ``article``       第一条 / 第12条 …       (line start; a rule's articles, numbered through the
                    whole document across its chapters; the heading is the first clause, up
                    to ： or 。; its （一）（二） items may run on in the article's paragraph)
- ``cn``            一、 二、 …            (line start)
- ``paren_cn``      （一） (二) …          (line start)
- ``arabic``        1. 2、 3． …          (line start, not a decimal number)
- ``paren_arabic``  （1） (2) …            (line start)
- ``circled``       ① ② …                 (line start or after a sentence or colon)
- ``row``           one row of a table (cells split by ``|`` or a tab, a header row above;
                    or a Word table's ``列名：值；列名：值`` lines), the heading is the task
                    cell (工作任务/任务/事项/内容), see ``row_fields``
- ``ordinal``       第一， 第二、 …        (line start or after a sentence)
- ``sequence``      首先， 其次， 再次， 最后，(line start or after a sentence)
- ``plain``         unnumbered subheadings (a short line without final punctuation between
                    prose paragraphs, as news articles have), only in a text with no numbering;
                    also headings marked by layout alone — Markdown ``#``/``##`` (a Word
                    heading style), a line wholly in bold — above the numbered items of their
                    bodies, and bold-lead items (``**…。** 正文``), see ``_layout_headings``
- ``inline``        一是 二是 / 一要 二要  (line start or after a sentence, summaries and speeches);
                    inside one paragraph they are children of that paragraph's item
- ``counted``       第一个是 第二个方面是 (after a sentence: a speech naming the parts of
                    what it just said, 分工有三层。第一个是党委，…)

A marker is accepted only where it continues a sequence (``三、`` needs a ``二、``
before it at the same level) or starts one (number 1); inline sequences need at
least two items. This keeps ``1.98亿吨`` or a lone ``一是`` out of the outline.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from rag.closing import signature_starts
from rag.script import to_simplified
from rag.text import paragraph_spans, strip_span
from rag.types import Section

__all__ = [
    "STYLES",
    "chinese_numeral",
    "imprint_start",
    "parse_outline",
    "row_fields",
    "section_at",
    "section_path",
    "trim_markup",
]

STYLES = (
    "attachment",
    "part",
    "chapter",
    "section",
    "article",
    "cn",
    "paren_cn",
    "arabic",
    "paren_arabic",
    "circled",
    "row",
    "ordinal",
    "sequence",
    "inline",
    "counted",
    "plain",
)
_RANK = {style: i for i, style in enumerate(STYLES)}
_INLINE_STYLES = {"ordinal", "inline", "circled", "sequence", "counted"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "[一二三四五六七八九十]{1,3}"
# Characters that can follow a numeral as a run-in enumerator's verb (一抓, 一要): any Chinese
# character but those that make a numeral a quantity or a word (一个, 一些, 一定, 三年).
_NOT_VERB = "一二三四五六七八九十个些直定切起样般致旦方面边时次年月日号名位人户天周季期同并共起生心意道律线级流等批项条点种类份件家所门场届轮套成倍半十百千万亿"
_VERB = rf"(?![{_NOT_VERB}])[\u4e00-\u9fa5]"
# 是 and 要 are the usual verbs; any other verb needs the next item within this many chars.
_RUN_REACH = 600
# A line start, past Markdown's heading hashes, quote mark and emphasis (``## 一、``,
# ``**（一）…。**``): a Markdown file numbers its headings as a plain text does.
_LEAD = r"(?:^|(?<=\n))[ \t\u3000]*(?:#{1,6}[ \t]*)?(?:>[ \t]*)?(?:\*\*|__)?"

_LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(_LEAD + rf"(?P<num>第{_CN}部分)(?P<sep>[ \t\u3000、：:，,]*)")),
    ("chapter", re.compile(_LEAD + rf"(?P<num>第{_CN}章)(?P<sep>[ \t\u3000、：:，,]*)")),
    ("section", re.compile(_LEAD + rf"(?P<num>第{_CN}节)(?P<sep>[ \t\u3000、：:，,]*)")),
    (
        "article",
        re.compile(_LEAD + rf"(?P<num>第(?:{_CN}|\d{{1,3}})条)(?=[ \t\u3000])[ \t\u3000]*"),
    ),
    # 一、2023年… is a heading; 一.5 is not (a digit right after a full stop).
    ("cn", re.compile(_LEAD + rf"(?P<num>{_CN})(?P<sep>、|[．.](?!\d))")),
    ("paren_cn", re.compile(_LEAD + rf"(?P<num>[（(]\s*{_CN}\s*[）)])[、，,]?")),
    # 1. 1、 1． and the half bracket 1）/1) (not 1）0).
    ("arabic", re.compile(_LEAD + r"(?P<num>\d{1,2})(?P<sep>[.．、）)](?!\d)|\s(?=\S))")),
    ("paren_arabic", re.compile(_LEAD + r"(?P<num>[（(]\s*\d{1,2}\s*[）)])[、，,]?")),
)
_AFTER = (
    r"(?:^|(?<=\n)|(?<=[。！？；：:;!?])|(?<=[。！？；：]\s)|(?<=[”’」])"
    # after a bold run-in heading (``**（一）以政治建设为统领。** 一要…``)
    r"|(?<=[。！？；：]\*\*)|(?<=[。！？；：]\*\*\s)|(?<=\n\*\*))[ \t\u3000]*"
)
# Run-in enumerators of one sentence may follow a comma (一是落实…，二是开展…，三是…).
_AFTER_CLAUSE = _AFTER.replace("(?<=[”’」])", "(?<=[”’」，,])")
_INLINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ordinal", re.compile(_AFTER + rf"(?P<num>(?:第|其){_CN}[，,、：:])")),
    # a speech's enumeration of one sentence's subject: 第一个是…；第二个方面是…
    ("counted", re.compile(_AFTER + rf"(?P<num>第{_CN}个(?:方面)?是)")),
    ("circled", re.compile(_AFTER + rf"(?P<num>[{_CIRCLED}])")),
    ("sequence", re.compile(_AFTER + r"(?P<num>(?:首先|其次|再次|最后)[，,：:])")),
    # 一是/一要, and the genre's other run-in enumerators: a numeral and one verb that every
    # item of the run repeats (一抓…二抓…, 一靠…二靠…); see ``_inline_runs``.
    ("inline", re.compile(_AFTER_CLAUSE + rf"(?P<num>{_CN}(?P<verb>{_VERB}))")),
    # an article's items run on in its paragraph (第三条 …原则：（一）…；（二）…), see
    # ``_article_items``
    ("paren_cn", re.compile(r"(?<=[：:；;。])[ \t\u3000]*" + rf"(?P<num>[（(]{_CN}[）)])")),
)
_ARTICLE_LINE = re.compile(
    r"(?:^|(?<=\n))[ \t\u3000]*(?:#{1,6}[ \t]*)?(?:\*\*)?第(?:[一二三四五六七八九十百]{1,4}|\d{1,3})条"
)

_HEAD_STOP = "。！？；!?;"
# Markdown emphasis left around a heading (``**（一）严格学习纪律**``).
_EMPHASIS = "*_"
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
    if raw and raw[0] in _CIRCLED:
        return _CIRCLED.index(raw[0]) + 1
    for word, value in _SEQUENCE.items():
        if raw.startswith(word):
            return value
    core = re.sub(r"个方面|个|[（()）、，,：:.．\s\u3000第其是要部分章节条]", "", raw)
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
    # The verb of a run-in enumerator (一抓 → 抓): items of one run share it.
    family: str = ""


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
    # (a bold number, ``**1.** 落实…``: the emphasis closes after the marker)
    while a < b and (text[a] in _EMPHASIS or text[a].isspace()):
        a += 1
    while b > a and text[b - 1] in _EMPHASIS:
        b -= 1
    a, b = strip_span(text, a, b)
    whole_line = not text[stop:line_end].strip(" \t\u3000" + _HEAD_STOP + _EMPHASIS)
    if b - a > _MAX_HEADING:
        comma = text.find("，", a + 4, b)
        if comma != -1:
            b = comma
    return a, b, whole_line


def _markers(text: str) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    blocked: set[int] = set()
    for mk in _attachment_markers(text, blocked) + _row_markers(text):
        found[mk.start] = mk
    for style, pattern in _LINE_PATTERNS + _INLINE_PATTERNS:
        for m in pattern.finditer(text):
            start = m.start("num")
            if start in found:
                continue
            verb = m.groupdict().get("verb") or ""
            value = _number_value(m.group("num")[: len(m.group("num")) - len(verb)])
            if value is None or (value == 0 and style != "sequence"):
                continue
            if start in blocked:
                continue
            number = text[start : m.end()].rstrip(" \t\u3000")
            line_end = _line_end(text, start)
            h_start, h_end, whole_line = _heading_span(text, m.end(), line_end)
            if h_end <= h_start:
                continue
            line_start = not text[text.rfind("\n", 0, start) + 1 : start].strip(" \t\u3000#>*_")
            if style == "paren_cn" and not line_start and not _article_items(text, start):
                continue
            if text.startswith(("**", "__"), start - 2):
                # A bold run-in lead opened before the number (``**三要坚持问题导向**，…``):
                # the heading is the bold words, not the prose after the closing mark.
                close = min(
                    (
                        i
                        for i in (text.find(mark, h_start, h_end) for mark in ("**", "__"))
                        if i > 0
                    ),
                    default=-1,
                )
                if close > h_start:
                    h_end = close
                    while h_end > h_start and text[h_end - 1] in _HEAD_TRIM + _HEAD_STOP:
                        h_end -= 1
            if style == "article":
                colon = re.search("[：:]", text[h_start:h_end])
                if colon and colon.start() >= 2:
                    h_end = h_start + colon.start()
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
                family=verb,
            )
    _drop_lone_verbs(found)
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


def _article_items(text: str, pos: int) -> bool:
    """Whether ``pos`` stands in a paragraph that is a rule's article (第N条 …), where
    （一）（二） items run on after its lead clause instead of starting lines."""
    return bool(_ARTICLE_LINE.match(text, text.rfind("\n", 0, pos) + 1))


def _drop_lone_verbs(found: dict[int, _Marker]) -> None:
    """A run-in enumerator with a verb other than 是/要 (一抓, 一靠) is one only as part of
    a run: the item before (value − 1) or after (value + 1) with the same verb stands
    within ``_RUN_REACH`` characters. 一体推进, 三农 at a sentence start are words."""
    by_verb: dict[str, list[_Marker]] = {}
    for mk in found.values():
        if mk.style == "inline" and mk.family not in ("是", "要"):
            by_verb.setdefault(mk.family, []).append(mk)
    for run in by_verb.values():
        for mk in run:
            if not any(
                (o.value == mk.value + 1 and 0 < o.start - mk.start <= _RUN_REACH)
                or (o.value == mk.value - 1 and 0 < mk.start - o.start <= _RUN_REACH)
                for o in run
            ):
                del found[mk.start]


_ATTACH_HEAD = re.compile(
    r"(?:^|(?<=\n))[ \t\u3000]*(?:#{1,6}[ \t]*)?(?P<num>附件[ \t\u3000]*(?P<n>\d{1,2})?)"
    r"[ \t\u3000]*[：:]?[ \t\u3000]*(?=\n|$)"
)
_ATTACH_LIST = re.compile(
    r"(?:^|(?<=\n))[ \t\u3000]*(?P<num>附件?[ \t\u3000]*[：:])[ \t\u3000]*(?=\S)"
)
_LIST_ITEM = re.compile(r"(?P<num>\d{1,2}[.．、])[ \t\u3000]*(?=\S)")
_PART_LINE = re.compile(r"\n[ \t\u3000]*(?:#{1,6}[ \t]*)?[一二三四五六七八九十]{1,3}、")


def _next_line(text: str, pos: int) -> tuple[int, int]:
    """The next non-blank line after ``pos`` (trimmed span; empty if none)."""
    while pos < len(text):
        end = _line_end(text, pos)
        a, b = strip_span(text, pos, end)
        if b > a:
            return a, b
        pos = end + 1
    return len(text), len(text)


def _simple_marker(style: str, value: int, number: str, start: int, h: tuple[int, int]) -> _Marker:
    return _Marker(
        style=style,
        value=value,
        number=number,
        start=start,
        heading_start=h[0],
        heading_end=h[1],
        line_start=True,
        whole_line=True,
        paragraph_end=h[1],
    )


# The family of the items of a 附件说明 (附件：1.… 2.…) when the attachments are not in the
# text: they name what goes with the document, no part of what it says.
_LISTED = "附件说明"
_PART_STYLES = frozenset({"part", "chapter", "section", "article", "cn"})


def _unlisted(text: str, markers: list[_Marker]) -> tuple[list[_Marker], int]:
    """``markers`` without the 附件说明's items when the document has parts of its own
    before them (一、… 二、…, 第一章, a numbered list 1. 2. …): the parts are its outline, the list names its
    attachments (a notice of a few lines, with no parts, keeps them as its outline, and an
    attachment whose body the text goes on with is one of its parts); and
    where the parts end: the 附件说明's line (the text's end if it keeps them)."""
    end = strip_span(text, 0, len(text))[1]
    listed = [mk.start for mk in markers if mk.family == _LISTED]
    if (
        not listed
        or not _body_items_before(markers, listed[0])
        # (an attachment whose body follows, 附件：…分工表 over its table, is a part)
        or any(mk.start > listed[0] and mk.family != _LISTED for mk in markers)
    ):
        return markers, end
    line = text.rfind("\n", 0, listed[0]) + 1
    return [mk for mk in markers if mk.family != _LISTED], strip_span(text, 0, line)[1]


def _body_items_before(markers: list[_Marker], at: int) -> bool:
    """The text has items of its own before ``at``: parts (一、 第一章), or a numbered list
    at line starts (1. 2. …, （1）（2）…) of the body."""
    before = [mk for mk in markers if mk.start < at and mk.family != _LISTED]
    if any(mk.style in _PART_STYLES for mk in before):
        return True
    firsts = {mk.style for mk in before if mk.line_start and mk.value == 1}
    return any(
        mk.line_start and mk.value == 2 and mk.style in firsts and mk.style != "attachment"
        for mk in before
    )


def _attachment_markers(text: str, blocked: set[int]) -> list[_Marker]:
    """附件1 / 附件2 (or a lone 附件) headings, title on the next line; else the
    附件说明 list's items.
    The list's own numbers never become items of the section they stand in."""
    heads = []
    bare = [m for m in _ATTACH_HEAD.finditer(text) if not m.group("n")]
    for m in _ATTACH_HEAD.finditer(text):
        h = _next_line(text, m.end())
        if not (h[1] > h[0] and h[1] - h[0] <= _MAX_HEADING * 2):
            continue
        if m.group("n"):
            value = int(m.group("n"))
        elif (
            len(bare) == 1
            and not _LIST_ITEM.match(text, h[0])
            and not _PART_LINE.search(text, h[1])
        ):
            # GB/T 9704: a single attachment is headed by a bare 附件 line, its
            # title on the next line (a 附件： line followed by 1. 2. is a list).
            # An attachment with parts of its own (一、…) is the enclosed document
            # a 印发 notice carries: its parts are the outline.
            value = 1
        else:
            continue
        heads.append(_simple_marker("attachment", value, m.group("num"), m.start("num"), h))
    has_body = bool(heads) or any(not m.group("n") for m in _ATTACH_HEAD.finditer(text))
    items: list[_Marker] = []
    for m in _ATTACH_LIST.finditer(text):
        pos = m.end()
        first = _LIST_ITEM.match(text, pos)
        if not first:
            if not has_body:
                items.append(
                    _simple_marker(
                        "attachment",
                        1,
                        m.group("num"),
                        m.start("num"),
                        strip_span(text, pos, _line_end(text, pos)),
                    )
                )
                items[-1].family = _LISTED
            continue
        item: re.Match[str] | None = first
        while item is not None:
            blocked.add(item.start("num"))
            end = _line_end(text, item.end())
            if not has_body:
                items.append(
                    _simple_marker(
                        "attachment",
                        int(re.sub(r"\D", "", item.group("num"))),
                        item.group("num"),
                        item.start("num"),
                        strip_span(text, item.end(), end),
                    )
                )
                items[-1].family = _LISTED
            nxt = end + 1
            while nxt < len(text) and text[nxt] in " \t\u3000":
                nxt += 1
            item = _LIST_ITEM.match(text, nxt) if nxt < len(text) else None
    return heads or items


_CELL_SPLIT = re.compile(r"[ \t\u3000]*[|｜\t][ \t\u3000]*")
_TASK_COLUMN = re.compile(r"任务|事项|内容|措施|项目|名称|工作|专题|主题|议题")
_NUMBER_COLUMN = re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cell spans of the line ``text[a:b]`` (``|``, ``｜`` or tab separated); [] if not a row."""
    line = text[a:b]
    if not re.search(r"[|｜\t]", line):
        return []
    spans = []
    pos = 0
    for m in _CELL_SPLIT.finditer(line):
        spans.append(strip_span(text, a + pos, a + m.start()))
        pos = m.end()
    spans.append(strip_span(text, a + pos, b))
    # Markdown's outer pipes leave empty first/last cells.
    if line.lstrip().startswith(("|", "｜")) and spans and spans[0][0] == spans[0][1]:
        spans = spans[1:]
    if line.rstrip().endswith(("|", "｜")) and spans and spans[-1][0] == spans[-1][1]:
        spans = spans[:-1]
    return spans if len(spans) >= 2 else []


_Row = tuple[int, int, list[tuple[int, int]], list[str]]  # line span, cell spans, column names

# A web page's navigation bar copied with the article (首页 | 新闻中心 | 通知公告, 设为首页 |
# 加入收藏, 网站地图 | 联系我们): its links are split by ``|`` like cells, but it is page
# chrome, never a table's header or row. A line is one when a cell is one of the links every
# site bar has (the home page, the site map, contact, bookmark, mobile, language, login).
_NAV_CELL = re.compile(
    r"(?:网站|返回|设为)?首页|主页|网站地图|网站导航|联系我们|关于我们|加入收藏|收藏本站|"
    r"手机版|移动版|无障碍|English|繁體|登录|注册|隐私声明|免责声明|使用帮助"
)


def _nav_bar(text: str, cells: list[tuple[int, int]]) -> bool:
    return len(cells) >= 2 and any(_NAV_CELL.fullmatch(text[a:b]) for a, b in cells)


def _tables(text: str) -> list[tuple[list[str], list[_Row], bool]]:
    """(column names, rows, keyed) of every table, in document order: ``|``/tab tables and
    the ``列名：值；列名：值`` rows a Word table is read as (keyed, ``_keyed_tables``)."""
    cells = [(names, rows, False) for names, rows in _cell_tables(text)]
    keyed = [(names, rows, True) for names, rows in _keyed_tables(text)]
    return sorted(cells + keyed, key=lambda t: t[1][0][0])


def _cell_tables(text: str) -> list[tuple[list[str], list[_Row]]]:
    """Tables of ``|``/tab cells: runs of lines with cells (blank lines between rows
    allowed), the first line the header."""
    out = []
    run: list[tuple[int, int, list[tuple[int, int]]]] = []

    def close() -> None:
        if len(run) >= 2:
            names = [text[x:y] for x, y in run[0][2]]
            rows = [
                (a, b, cells, [names[i] if i < len(names) else "" for i in range(len(cells))])
                for a, b, cells in run[1:]
            ]
            out.append((names, rows))

    pos = 0
    for line in text.split("\n"):
        a, b = strip_span(text, pos, min(pos + len(line), len(text)))
        cells = _cells(text, a, b) if b > a else []
        if cells and re.fullmatch(r"[\s|｜:：\-—]+", text[a:b]):
            pos += len(line) + 1
            continue  # a Markdown separator row
        if cells and not _nav_bar(text, cells):
            run.append((a, b, cells))
        elif b > a:  # a blank line between rows is allowed (Markdown puts one after each)
            close()
            run = []
        pos += len(line) + 1
    close()
    return out


# One field of a keyed row: a column name (a short label, as a header cell is: no sentence
# punctuation) and a full-width colon, at the line start or after a full-width semicolon.
_FIELD = re.compile(r"(?:^|(?<=；))[ \t\u3000]*(?P<name>[^：；。！？，,;!?:\s|｜]{1,16})：")


def _fields(text: str, a: int, b: int, names: set[str] | None) -> list[tuple[str, int, int]]:
    """(name, value start, value end) of the keyed row ``text[a:b]``; a field starts only at
    a name in ``names`` (any label when None). [] if the line does not start with a field."""
    line = text[a:b]
    heads = [m for m in _FIELD.finditer(line) if names is None or m.group("name") in names]
    if not heads or heads[0].start() != 0:
        return []
    out = []
    for i, m in enumerate(heads):
        stop = heads[i + 1].start() if i + 1 < len(heads) else len(line)
        if stop < len(line) and line[stop - 1] == "；":
            stop -= 1
        x, y = strip_span(text, a + m.end(), a + stop)
        out.append((m.group("name"), x, y))
    return out


def _column_order(rows: list[list[str]]) -> list[str] | None:
    """One column order every row's names follow (the header's), None if there is none."""
    order: list[str] = []
    for names in rows:
        at = 0
        for n in names:
            if n in order:
                at = order.index(n) + 1
            else:
                order.insert(at, n)
                at += 1
    rank = {n: i for i, n in enumerate(order)}
    for names in rows:
        if any(rank[x] >= rank[y] for x, y in pairwise(names)):
            return None
    return order


def _keyed_tables(text: str) -> list[tuple[list[str], list[_Row]]]:
    """Tables written ``列名：值；列名：值`` one row a line (a Word table under its header
    row, ``rag.load_docx.table_rows``). A run of such lines is a table when at least two
    names are shared by two rows, two rows or more (and most rows) have two fields or
    more, and the names of every row follow one order (the header's); if they do not, fields are split only at the shared names (a
    value may hold ``；…：``). A paragraph of prose with ``：`` and ``；`` has no such
    neighbours and stays prose."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append(strip_span(text, pos, min(pos + len(line), len(text))))
        pos += len(line) + 1
    out: list[tuple[list[str], list[_Row]]] = []
    run: list[tuple[int, int]] = []

    def close() -> None:
        if len(run) == 1 and out:
            # One row after a line across the table (一、思想建设) continues the table
            # above when its names are that table's columns.
            names = out[-1][0]
            a, b = run[0]
            f = _fields(text, a, b, set(names))
            if len(f) >= 2 and _column_order([names, [n for n, _, _ in f]]) == names:
                out.append((names, [(a, b, [(x, y) for _, x, y in f], [n for n, _, _ in f])]))
            return
        if len(run) < 2:
            return
        seen: dict[str, int] = {}
        for a, b in run:
            for n in {f[0] for f in _fields(text, a, b, None)}:
                seen[n] = seen.get(n, 0) + 1
        shared = {n for n, k in seen.items() if k >= 2}
        if len(shared) < 2:
            return
        # Every name is a column (备注 may be filled in one row only) unless the names
        # then follow no one order: a name inside a value (…；注：…) is then left out.
        for columns in (set(seen), shared):
            parsed = [(a, b, _fields(text, a, b, columns)) for a, b in run]
            rows = [(a, b, f) for a, b, f in parsed if f]
            order = _column_order([[n for n, _, _ in f] for _, _, f in rows])
            if order is not None:
                break
        multi = sum(len(f) >= 2 for _, _, f in rows)
        if order is None or multi < max(2, (len(rows) + 1) // 2):
            return  # a table's rows have two cells or more (most of them)
        out.append(
            (order, [(a, b, [(x, y) for _, x, y in f], [n for n, _, _ in f]) for a, b, f in rows])
        )

    for a, b in lines:
        if b <= a:
            continue  # blank lines between rows
        if _fields(text, a, b, None):
            run.append((a, b))
        else:
            close()
            run = []
    close()
    return out


def _row_markers(text: str) -> list[_Marker]:
    out = []
    for names, rows, keyed in _tables(text):
        task = next((n for n in names if _TASK_COLUMN.search(n)), None)
        number_name = names[0] if names and _NUMBER_COLUMN.match(names[0]) else None
        value = 0
        for a, b, cells, labels in rows:
            col = labels.index(task) if task is not None and task in labels else None
            if col is None:
                col = next(
                    (
                        i
                        for i, c in enumerate(cells)
                        if (number_name is None or labels[i] != number_name) and c[1] > c[0]
                    ),
                    None,
                )
            if col is None or cells[col][1] <= cells[col][0]:
                continue
            value += 1
            # The marker is what precedes the task cell (``1 |``), empty when the task is
            # the row's first cell; in a keyed row, the 序号 cell's value (``1``), so that a
            # row reads the same from a Word table as from its text.
            number = text[a : cells[col][0]].rstrip(" \t\u3000")
            if keyed:
                at = labels.index(number_name) if number_name in labels else col
                number = text[cells[at][0] : cells[at][1]] if at < col else ""
            mk = _simple_marker("row", value, number, a, cells[col])
            mk.paragraph_end = b
            out.append(mk)
    return out


def row_fields(text: str, section: Section) -> tuple[tuple[str, str], ...]:
    """A ``row`` section's cells as (column name, value) pairs, from the table's header row
    or the row's own ``列名：`` (``(("工作任务", "开展党支部书记全员轮训"), ("责任单位",
    "市直机关工委组织部"), …)``); empty cells are left out. () for other sections."""
    if section.style != "row":
        return ()
    return _row_fields_at(text).get(section.start, ())


@functools.lru_cache(maxsize=64)
def _row_fields_at(text: str) -> dict[int, tuple[tuple[str, str], ...]]:
    """Every table row of ``text`` by its start: its (column name, value) pairs, the first
    table's row where two share a start (worked out once per document text, not per row)."""
    out: dict[int, tuple[tuple[str, str], ...]] = {}
    for _names, rows, _keyed in _tables(text):
        for a, _b, cells, labels in rows:
            if a not in out:
                out[a] = tuple((labels[i], text[x:y]) for i, (x, y) in enumerate(cells) if y > x)
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
            if stack[i].marker.style == mk.style and stack[i].marker.family == mk.family:
                if stack[i].marker.value + 1 == mk.value:
                    sibling_at = i
                break
        if mk.style == "sequence" and mk.value == 0:  # 最后: the end of an open 首先/其次 run
            if sibling_at is None:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i].marker.style == mk.style:
                        sibling_at = i
                        break
            if sibling_at is None:
                continue
            mk.value = stack[sibling_at].marker.value + 1
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
                and nodes[j].marker.family == node.marker.family
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
    return mk.style == "row" or (
        mk.style in _INLINE_STYLES and not (mk.line_start and mk.whole_line)
    )


_MARKUP = re.compile(r"[#*>_]+")


def trim_markup(text: str, start: int, end: int) -> int:
    """``end`` moved back past whitespace and the Markdown markup of the next heading's
    line (``### `` before ``1.``, ``**`` before ``（二）``): it belongs to that heading."""
    _, end = strip_span(text, start, end)
    while end > start:
        line_start = max(start, text.rfind("\n", start, end) + 1)
        if not _MARKUP.fullmatch(text[line_start:end].strip(" \t\u3000")):
            break
        _, end = strip_span(text, start, line_start)
    return end


def _freeze(text: str, nodes: list[_Node], level: int, parent_end: int) -> tuple[Section, ...]:
    out = []
    for i, node in enumerate(nodes):
        mk = node.marker
        next_start = nodes[i + 1].marker.start if i + 1 < len(nodes) else parent_end
        end = min(next_start, mk.paragraph_end) if _is_inline(mk) else next_start
        if end == next_start and text.startswith(("**", "__"), end - 2):
            end -= 2  # (the bold mark opening the next item, ``**二要**``, is that item's)
        if node.children:
            end = max(end, min(parent_end, next_start))
        end = max(trim_markup(text, mk.start, end), mk.heading_end)
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


_PROSE_END = tuple("。！？!?；;”…")
# Photo captions (图片 1, 图为培训现场, 活动现场, XXX 摄) are not subheadings.
_CAPTION = re.compile(
    r"^(?:图片?\s*\d+|图\s*[：:]|组图|资料图|图为)|现场(?:图|照片)?$|(?:摄|供图|摄影)$"
)
_PLAIN_PROSE = 20  # characters of a prose line around an unnumbered subheading
_NOT_PLAIN = re.compile(r"[：:。！？；!?;]|^[（(【\[]|[)）】\]]$|(?:来源|编辑|审核|作者|链接)")


_BRACKETED = re.compile(r"【[^】【\n]{2,20}】")
# A subheading of a lead phrase, a colon and a slogan (小切口：从群众身边事做起), as news
# pages write them: the colon is no sentence's. Not a field of the page (来源：) nor a
# speaker's words (居民说：).
_COLON_HEAD = re.compile(r"(?P<lead>[^\s：:，,。！？；;]{2,8})[：:](?P<rest>[^：:]{2,24})")


def _plain_line(line: str) -> bool:
    """``line`` may be an unnumbered subheading: no sentence punctuation (a lead's colon
    allowed), no caption, no page field."""
    m = _COLON_HEAD.fullmatch(line)
    if m and not _NOT_LEAD.search(m.group("lead")):
        line = m.group("lead") + m.group("rest")
    return not _NOT_PLAIN.search(line) and not _CAPTION.search(line)


def _plain_headings(text: str) -> tuple[Section, ...]:
    """Unnumbered subheadings: short lines without punctuation, each followed by prose, after
    the first prose paragraph (so the title and page head are not taken)."""
    lines = paragraph_spans(text)
    # (a news page's paragraphs may be one short sentence each)
    prose = [
        i
        for i, (a, b) in enumerate(lines)
        if text[a:b].endswith(_PROSE_END) and b - a >= _PLAIN_PROSE
    ]
    if len(prose) < 2:
        return ()
    heads = []
    for i in range(prose[0] + 1, prose[-1]):
        a, b = lines[i]
        if _BRACKETED.fullmatch(text, a, b):
            a, b = a + 1, b - 1  # 【阵地有人守】: a subtitle in lenticular brackets
        line = text[a:b]
        if 4 <= b - a <= 40 and _plain_line(line) and (i + 1) in prose and (i - 1) in prose:
            heads.append((a, b))
    if len(heads) < 2:
        return ()
    last_end = lines[prose[-1]][1]
    out = []
    for k, (a, b) in enumerate(heads):
        # (up to the next subtitle's line, its bracket left out)
        end = text.rfind("\n", 0, heads[k + 1][0]) + 1 if k + 1 < len(heads) else last_end
        _, end = strip_span(text, a, end)
        out.append(Section("", text[a:b], "plain", 1, a, b, end))
    return tuple(out)


# A run-in subtitle: a short lead and a colon opening a paragraph of prose (议题有人收：每个
# 小区…。), the news page's other way of writing its 小标题. Not a field of the page (来源：,
# 编辑：) nor a speaker (居民说：): the rest of the paragraph is prose of some length.
_RUN_IN_HEAD = re.compile(r"(?P<head>[^\s：:，,。！？；;、（）()【】|｜]{3,14})[：:](?=\S)")
_NOT_LEAD = re.compile(
    r"(?:说|表示|指出|介绍|认为|强调|问|答|道|时间|日期|来源|作者|编辑|记者|位置|电话|地址|联系人)$"
)
_LEAD_PROSE = 20  # characters of prose after the lead
_LEAD_RUN = 3  # run-in subtitles of one page: three at least


def _lead_headings(text: str) -> tuple[Section, ...]:
    """Run-in subtitles of a text with no numbering: three paragraphs or more, each opened by
    a short lead and a colon and going on in prose, the leads distinct and of like length
    (a parallel run: 议题有人收 / 议事有人管 / 落实有人盯)."""
    heads: list[tuple[int, int, int]] = []  # lead span, paragraph end
    pos = 0
    for raw in text.split("\n"):
        a, b = strip_span(text, pos, pos + len(raw))
        pos += len(raw) + 1
        m = _RUN_IN_HEAD.match(text, a, b)
        if (
            m is None
            or _NOT_LEAD.search(m.group("head"))
            or b - m.end() < _LEAD_PROSE
            or not text[a:b].endswith(_PROSE_END)
        ):
            continue
        heads.append((m.start("head"), m.end("head"), b))
    leads = [text[a:b] for a, b, _ in heads]
    if (
        len(heads) < _LEAD_RUN
        or len(set(leads)) < len(leads)
        or max(map(len, leads)) - min(map(len, leads)) > 2
    ):
        return ()
    prose_ends = [
        b
        for a, b in (strip_span(text, m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
        if text[a:b].endswith(_PROSE_END) and b - a >= _PLAIN_PROSE
    ]
    last_end = max((e for e in prose_ends if e >= heads[-1][2]), default=heads[-1][2])
    out = []
    for k, (a, b, _) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else last_end
        _, end = strip_span(text, a, end)
        out.append(Section("", text[a:b], "plain", 1, a, b, end))
    return tuple(out)


def _in_script_of(text: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Sections parsed on the folded text, with marker and heading as ``text`` spells them
    (folding keeps every offset)."""
    return tuple(
        replace(
            s,
            # a keyed row's number is its 序号 cell, not the text at its start
            number=text[s.start : s.start + len(s.number)]
            if text.startswith(s.number, s.start) or s.style != "row"
            else s.number,
            heading=text[s.heading_end - len(s.heading) : s.heading_end],
            children=_in_script_of(text, s.children),
        )
        for s in sections
    )


def parse_outline(text: str) -> tuple[Section, ...]:
    """The section tree of a document (top-level sections, each with its children).

    Markers are read in Simplified script (``rag.script.to_simplified``: 最後 is 最后), the
    sections keep the document's own characters."""
    folded = to_simplified(text)
    if folded != text:
        return _in_script_of(text, _closed(folded, _parse(folded)))
    return _closed(text, _parse(text))


def _closed(text: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """``sections`` each ended before a 落款 (``rag.closing``) it would run over with no
    section of its own after it: the signature block is no text of the last item."""
    for at in signature_starts(text):
        sections = _end_before(text, sections, at)
    return sections


def _end_before(text: str, sections: tuple[Section, ...], at: int) -> tuple[Section, ...]:
    out = []
    for s in sections:
        if s.heading_end <= at < s.end and all(c.start < at for c in s.walk()):
            end = max(trim_markup(text, s.start, at), s.heading_end)
            s = replace(s, end=end, children=_end_before(text, s.children, at))
        out.append(s)
    return tuple(out)


def _parse(text: str) -> tuple[Section, ...]:
    text = text[: imprint_start(text)]  # (the 版记 is no part of any section)
    markers, doc_end = _unlisted(text, _markers(text))
    heads = _layout_headings(text)
    if heads:
        return _closing_paragraph(text, _skeleton(text, heads, markers, 1, doc_end))
    roots = _prune(_build(markers))
    if not roots:
        return _markdown_headings(text) or _plain_headings(text) or _lead_headings(text)
    if all(r.marker.style in _INLINE_STYLES for r in roots):
        # A news page's 小标题 over paragraphs with run-in items (一是…二是… in one of them):
        # the subtitles are the outline, the items theirs.
        plain = _plain_headings(text)
        if plain:
            heads = [(_BOLD_DEPTH, s.start, s.heading_end) for s in plain]
            return _skeleton(text, heads, markers, 1, doc_end)
        leads = _lead_headings(text)
        if leads:  # (run-in subtitles, 议题有人收：一是…，二是…)
            return tuple(
                replace(
                    s,
                    children=_freeze(
                        text,
                        _prune(_build([m for m in markers if s.heading_end <= m.start < s.end])),
                        2,
                        s.end,
                    ),
                )
                for s in leads
            )
    return _closing_paragraph(text, _with_lead_items(text, _freeze(text, roots, 1, doc_end)))


# --- the 版记 -------------------------------------------------------------------------------
# GB/T 9704 closes a document with its 版记 (imprint), after the 附件 if any: 抄送机关, 印发
# 机关 and 印发日期, between rules, maybe a 共印N份. It is about the document, never content
# of its last section.
_IMPRINT_LINE = re.compile(
    r"^(?:抄送|抄报|分送|报送|发送)[：:]|日[ \t\u3000]*印发[ \t\u3000]*$|^[（(]?共印[ \t\u3000]*\d+[ \t\u3000]*份"
)
_RULE_LINE = re.compile(r"[─—━\-_=－＿]{4,}")
_IMPRINT_REACH = 3_000  # characters at the end of a text read for its 版记
_WRAPPED = 2  # lines a 抄送 list may wrap onto


def imprint_start(text: str) -> int:
    """Where the 版记 at the end of ``text`` begins (its first rule, 抄送 or 印发 line), or
    ``len(text)``: only rules, blank lines, 抄送/印发/共印 lines and the lines a 抄送 list
    wraps onto stand after it."""
    base = max(0, len(text) - _IMPRINT_REACH)
    lines: list[tuple[int, str]] = []
    pos = base
    for line in text[base:].split("\n"):
        lines.append((pos, line.strip(" \t\u3000")))
        pos += len(line) + 1
    start, wrapped = len(text), 0
    for at, line in reversed(lines):
        if not line or _RULE_LINE.fullmatch(line):
            continue
        if _IMPRINT_LINE.search(line):
            start, wrapped = at, 0
        elif start < len(text) and wrapped < _WRAPPED and len(line) <= 60 and "。" not in line[:-1]:
            wrapped += 1
        else:
            break
    if start == len(text):
        return start
    # (the rules and blank lines just above it go with it)
    for at, line in reversed([x for x in lines if x[0] < start]):
        if line and not _RULE_LINE.fullmatch(line):
            break
        start = at
    return start


# --- an unheaded closing paragraph ------------------------------------------------------
# A summary (or a speech) often closes, after its last numbered part, with a paragraph of
# no heading on the time ahead (下一步，… 2026年，局党组将重点抓好三项工作：一是…二是…). Its
# run-in items are no items of the last part (四、存在的不足 has its own 一是…): the
# paragraph is a section of its own, at the level of the parts, headed by its lead clause.
_AHEAD_LEAD = re.compile(
    r"(?:下一步|下一阶段|下阶段|接下来|今后一个时期|今后|明年|来年|在?新的一年(?:里|中)?|展望(?:未来|新的一年)?|"
    r"(?:19|20)\d\d\s*年)"
)
# The lead clause says what will be done (将, 计划, 拟, 打算, 要, 继续, 着力).
_INTENT = re.compile(r"将|计划|拟|打算|要|继续|着力|重点抓好|努力")
# A part whose heading names the time ahead (四、2026年工作打算, 存在的问题和下一步打算) holds
# that paragraph as its own body.
_AHEAD_HEADING = re.compile(r"打算|计划|安排|思路|展望|下一步|明年|今后|努力方向|工作重点|目标")


def _chain(sections: tuple[Section, ...]) -> list[Section]:
    """The last section at each level, outermost first (where a closing paragraph falls)."""
    out: list[Section] = []
    while sections:
        out.append(sections[-1])
        sections = sections[-1].children
    return out


def _closing_start(text: str, last: Section) -> int | None:
    """Where the unheaded closing paragraph in the last part ``last`` starts, or None: a
    paragraph after the part's first body paragraph, led by a word of the time ahead with
    an intent in its lead clause, holding a run-in list of the part's subtree that starts
    there (an item numbered 1 in that paragraph)."""
    if _AHEAD_HEADING.search(last.heading) or last.style in _INLINE_STYLES:
        return None
    pos = _line_end(text, last.heading_end)
    if not text[last.heading_end : pos].strip(" \t\u3000" + _HEAD_STOP + _HEAD_TRIM):
        # (the part's first paragraph is its own, however it begins)
        pos = _next_line(text, pos + 1)[1]
    items = [s for s in last.walk() if s is not last]
    while pos < last.end:
        a, b = _next_line(text, pos + 1)
        if b <= a or a >= last.end:
            return None
        m = _AHEAD_LEAD.match(text, a)
        clause = re.match(r"[^。：:；;]*", text[a:b])
        # (its list may stand on the lines after it: 下一步，重点做好以下工作：\n1.…\n2.…)
        reach = _next_line(text, b + 1)[1] if text[a:b].endswith(("：", ":")) else b
        if (
            m is not None
            and clause is not None
            and _INTENT.search(clause.group())
            and any(a <= s.start < reach and _number_value(s.number) == 1 for s in items)
        ):
            return a
        pos = b
    return None


def _cut(
    sections: tuple[Section, ...], at: int, end: int
) -> tuple[tuple[Section, ...], list[Section]]:
    """``sections`` without those starting at ``at`` or later (returned apart, outermost
    ones), every span ended by ``end``."""
    keep: list[Section] = []
    moved: list[Section] = []
    for s in sections:
        if s.start >= at:
            moved.append(s)
            continue
        kids, inner = _cut(s.children, at, end)
        moved.extend(inner)
        keep.append(replace(s, end=max(min(s.end, end), s.heading_end), children=kids))
    return tuple(keep), moved


def _closing_paragraph(text: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    if not sections:
        return sections
    last = sections[-1]
    at = _closing_start(text, last)
    if at is None:
        return sections
    before = trim_markup(text, last.start, at)
    kept, moved = _cut(sections[-1:], at, before)
    items = moved
    first = min(s.start for s in moved)
    a, b = strip_span(text, at, first)
    while b > a and (text[b - 1] in _HEAD_TRIM or text[b - 1] in _HEAD_STOP):
        b -= 1
    b = min(b, a + _MAX_HEADING)
    if b <= a or len(items) < 2:
        return sections
    closing = Section(
        "",
        text[a:b],
        "plain",
        last.level,
        at,
        b,
        last.end,
        tuple(_relevel(s, last.level + 1) for s in moved),
    )
    return (*sections[:-1], *kept, closing)


def _relevel(sec: Section, level: int) -> Section:
    return replace(sec, level=level, children=tuple(_relevel(c, level + 1) for c in sec.children))


# --- headings marked by layout, not by number ------------------------------------------
# A document may mark its headings by layout alone: Markdown ``#``/``##`` lines (a Word
# heading style is read as one, see rag.load_docx), or a paragraph wholly in bold
# (``**加强组织建设**``, a Word paragraph of bold runs). When no heading of that layout is
# numbered, they are the outline's upper levels, by depth (``#`` above ``##`` above a bold
# line), and the numbered items in each one's body (（一）, 1., ①, 一是, table rows) are
# its children. Items with a bold lead and no number (``**深化…。** 正文``, ``- **推行…**：…``)
# are the items of a section that has none numbered.
_BOLD_LINE = re.compile(
    r"^[ \t\u3000]*(?:\*\*|__)(?P<head>[^*_\n]{2,40}?)(?:\*\*|__)[ \t\u3000]*$", re.M
)
_LEAD_ITEM = re.compile(
    r"^[ \t\u3000]*(?:[-+•][ \t]+|\*[ \t]+)?(?:\*\*|__)(?P<head>[^*_\n]{2,60}?)(?:\*\*|__)"
    r"[ \t\u3000]*(?=[^\s*_])",
    re.M,
)
_BOLD_DEPTH = 7  # below every Markdown heading depth
_DATE_LINE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}")
_BODY = re.compile(
    r"[。；;！？]|(?:^|\n)[ \t\u3000]*(?:[（(][一二三四五六七八九十]|\d{1,2}[.．、]|[①-⑳])"
)
_TOP_NUMBERED = re.compile(
    rf"(?:^|\n)[ \t\u3000]*(?:#{{1,6}}[ \t]*)?(?:\*\*)?(?:{_CN}、|第{_CN}(?:部分|章))"
)
_HEAD_END_STOP = "。！？；：:;!?，,"
# A speech's byline in bold (``**镇党委书记　XXX**``): a post and a name, no heading.
_BYLINE = re.compile(
    r"(?:书记|部长|局长|主任|厅长|处长|科长|院长|校长|主席|组长|[省市县区镇乡]长|行长|馆长|站长|"
    r"所长|队长|社长|总经理|董事长|政委|委员|常委)"
    r"(?:[ \t\u3000]+[\u4e00-\u9fa5·]{2,4}|[\u4e00-\u9fa5]{2,3}同志|[ \t\u3000]*X{2,3})$"
)


def _numbered(head: str) -> bool:
    """Whether a heading's text starts with a numbering marker (一、 （二） 3. ① 第一，)."""
    head = head.strip(" \t\u3000" + _EMPHASIS)
    return any(p.match(head) for _, p in _LINE_PATTERNS + _INLINE_PATTERNS) or bool(
        re.match(rf"第{_CN}部分|[{_CIRCLED}]", head)
    )


def _layout_headings(text: str) -> list[tuple[int, int, int]]:
    """``(depth, heading start, heading end)`` of the unnumbered layout headings, two at
    least, the title (a lone first heading, or the first line in bold) left out; none
    when a heading of the same layout is numbered (the numbers are then the outline)."""
    atx = [m for m in _ATX.finditer(text) if m.group("head").strip(_EMPHASIS + "# \t\r\u3000")]
    if atx and not text[: atx[0].start()].strip():
        top = len(atx[0].group("hashes"))
        if sum(1 for m in atx if len(m.group("hashes")) <= top) == 1:
            atx = atx[1:]  # the document's title
    heads: list[tuple[int, int, int]] = []
    # A document numbering its own parts (一、 第一部分 第一章) has them as its outline.
    top_numbered = _TOP_NUMBERED.search(text)
    if not top_numbered and not any(_numbered(m.group("head")) for m in atx):
        for m in atx:
            a, b = m.start("head"), m.end("head")
            while b > a and (text[b - 1] in _EMPHASIS + "#" or text[b - 1].isspace()):
                b -= 1
            while a < b and (text[a] in _EMPHASIS or text[a].isspace()):
                a += 1
            heads.append((len(m.group("hashes")), a, b))
    first = strip_span(text, 0, len(text))[0]
    bold = [
        m
        for m in _BOLD_LINE.finditer(text)
        if m.start() > first
        and m.group("head").strip()[-1] not in _HEAD_END_STOP
        and not _DATE_LINE.search(m.group("head"))
        and not _BYLINE.search(m.group("head"))
    ]
    # A bold line heads prose (a sentence or a numbered item before the next one), not a
    # signature or a date.
    ends = [m.start() for m in bold[1:]] + ([len(text)] if bold else [])
    bold = [m for m, e in zip(bold, ends, strict=True) if _BODY.search(text, m.end(), e)]
    if bold and not top_numbered and not any(_numbered(m.group("head")) for m in bold):
        heads.extend((_BOLD_DEPTH, *strip_span(text, m.start("head"), m.end("head"))) for m in bold)
    heads.sort(key=lambda h: h[1])
    return heads if len(heads) >= 2 else []


def _skeleton(
    text: str,
    heads: list[tuple[int, int, int]],
    markers: list[_Marker],
    level: int,
    end: int,
) -> tuple[Section, ...]:
    """A tree of layout headings by depth; a heading with none below it gets the
    numbered items of its body (or its bold-lead items) as children."""
    out: list[Section] = []
    i = 0
    while i < len(heads):
        depth, a, b = heads[i]
        j = i + 1
        while j < len(heads) and heads[j][0] > depth:
            j += 1
        line_end = _line_end(text, b)
        nxt = text.rfind("\n", 0, heads[j][1]) + 1 if j < len(heads) else end
        sec_end = max(trim_markup(text, a, nxt), b)
        if j > i + 1:
            children = _skeleton(text, heads[i + 1 : j], markers, level + 1, sec_end)
        else:
            body = [mk for mk in markers if line_end <= mk.start < sec_end]
            roots = _prune(_build(body))
            children = (
                _with_lead_items(text, _freeze(text, roots, level + 1, sec_end))
                if roots
                else _lead_items(text, line_end, sec_end, level + 1)
            )
        out.append(Section("", text[a:b], "plain", level, a, b, sec_end, children))
        i = j
    return tuple(out)


def _lead_items(text: str, start: int, end: int, level: int) -> tuple[Section, ...]:
    """Unnumbered items with a bold lead between ``start`` and ``end``, two at least."""
    found = list(_LEAD_ITEM.finditer(text, start, end))
    if len(found) < 2:
        return ()
    out = []
    for k, m in enumerate(found):
        a, b = strip_span(text, m.start("head"), m.end("head"))
        while b > a and text[b - 1] in _HEAD_END_STOP:
            b -= 1
        nxt = found[k + 1].start() if k + 1 < len(found) else end
        out.append(Section("", text[a:b], "plain", level, a, b, max(trim_markup(text, a, nxt), b)))
    return tuple(out)


def _with_lead_items(text: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Numbered sections, a line-start one without children given its bold-lead items."""
    out = []
    for s in sections:
        if s.children:
            s = replace(s, children=_with_lead_items(text, s.children))
        elif s.style not in _INLINE_STYLES and s.style != "row":
            items = _lead_items(text, _line_end(text, s.heading_end), s.end, s.level + 1)
            if items:
                s = replace(s, children=items)
        out.append(s)
    return tuple(out)


_ATX = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+(?P<head>\S[^\n]*?)[ \t#]*$", re.M)


def _markdown_headings(text: str) -> tuple[Section, ...]:
    """Unnumbered Markdown headings (``## 加强政治建设``) in a text with no numbering: a tree
    by the number of hashes. The title (a lone top heading before any text) is left out;
    two headings at least."""
    found = [m for m in _ATX.finditer(text) if m.group("head").strip(_EMPHASIS + "# \t\r\u3000")]
    if found and not text[: found[0].start()].strip():
        top = len(found[0].group("hashes"))
        if sum(1 for m in found if len(m.group("hashes")) <= top) == 1:
            found = found[1:]  # the document's title
    if len(found) < 2:
        return ()
    doc_end = strip_span(text, 0, len(text))[1]

    def build(items: list[re.Match[str]], level: int, end: int) -> tuple[Section, ...]:
        out: list[Section] = []
        i = 0
        while i < len(items):
            m = items[i]
            depth = len(m.group("hashes"))
            j = i + 1
            while j < len(items) and len(items[j].group("hashes")) > depth:
                j += 1
            a, b = m.start("head"), m.end("head")
            while b > a and (text[b - 1] in _EMPHASIS + "#" or text[b - 1].isspace()):
                b -= 1
            while a < b and (text[a] in _EMPHASIS or text[a].isspace()):
                a += 1
            sec_end = max(trim_markup(text, a, items[j].start() if j < len(items) else end), b)
            out.append(
                Section(
                    "",
                    text[a:b],
                    "plain",
                    level,
                    a,
                    b,
                    sec_end,
                    build(items[i + 1 : j], level + 1, sec_end),
                )
            )
            i = j
        return tuple(out)

    return build(found, 1, doc_end)


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
