"""Remove web boilerplate without touching the body, keeping an offset map.

Boilerplate is what a web page wraps around an article: copyright and ICP /
公网安备 lines, view counters (浏览次数) standing apart from the page's information line (one
beside 来源 or 发布时间, or a line of that block, is the page's information and stays, to be
cited when asked: ``rag.page_fields``), editor lines (责编), a page-date header
(``2022年6月28日 星期二 农历…``) that is not the publication date, print/share
links, an accessibility bar (无障碍　长者模式　繁體), a site's navigation bar below the article
(网站地图 | 联系我们), and a related-links block (相关链接：
and the headline lines under it, which name other organisations' news). Each removal is recorded (``Removed``) so that page details stay
available to answer questions about the page, and ``raw_offsets`` maps every
character of the cleaned text back to the loaded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.page_fields import COUNTER, info_line
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
            r"^\s*(?:[【\[]?\s*(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭此页|关闭|"
            r"返回顶部|回到顶部|返回首页|返回列表|返回上页|返回|分享到|分享至|字体[:：]?\s*大\s*中\s*小|"
            r"收藏本页|收藏|扫一扫在手机(?:上)?打开(?:当前页|本页)?|纠错)\s*[】\]]?[\s|｜/·]*)+$"
        ),
    ),
    # A page's links to the articles before and after it (上一篇：…, 下一条：没有了).
    (
        "页面链接",
        re.compile(
            r"^(?=.{0,80}$)\s*[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上一则|下一则|"
            r"上一页|下一页|前一篇|后一篇)\s*[】\]]?\s*[:：]?(?!.*[。！？]$)"
        ),
    ),
    # A page number line a printed page leaves in its text (第 2 页 共 5 页, — 3 —, 2/5).
    (
        "页码",
        re.compile(
            r"^\s*(?:第\s*\d{1,4}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,4}\s*页)?"
            r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|[-—－–]{1,2}\s*\d{1,4}\s*[-—－–]{1,2})\s*$"
        ),
    ),
    # A share bar: 分享到：微信 微博 QQ空间 (its links' names after the colon).
    (
        "页面链接",
        re.compile(
            r"^(?=.{0,40}$)\s*[【\[]?(?:分享到|分享至|分享)\s*[】\]]?\s*[:：](?!.*[。！？]$)"
        ),
    ),
    # Tool links of any wording: a line of two or more short bracketed links
    # (【打印】【分享】, 【大字版】【无障碍】).
    ("页面链接", re.compile(r"^\s*(?:【[^】\n]{1,8}】[\s|｜]*){2,}$")),
    # An accessibility / language bar: two or more of its switches on one short line.
    (
        "页面工具",
        re.compile(
            r"^(?=.{0,40}$)(?:.*?(?:无障碍|长者模式|关怀模式|适老化|大字版|繁體|繁体版|简体版|English|读屏)){2,}.*$"
        ),
    ),
)
# A related-links block: its heading (相关链接：, 相关阅读) and the bullet lines under it
# (· 市X馆举办…), or the heading line with its links after the colon.
_RELATED_HEAD = re.compile(
    r"^\s*(?:相关链接|相关阅读|相关新闻|相关文章|相关报道|推荐阅读|延伸阅读|热点阅读)\s*[:：]?\s*(?P<rest>.*)$"
)
_HEADLINE = 60  # characters of a related article's headline, at most
_BULLET = re.compile(r"^\s*[·•●◆▪▸►\-*]\s*\S")
_SPAN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A counter stands at the end of its line or before a space (not 访问量：12万人次).
    (
        "浏览次数",
        re.compile(rf"[ \t\u3000|｜]*(?:{COUNTER})\s*[:：]\s*\d+(?=\s|$)"),
    ),
)
# A site's navigation bar below the article (网站地图 | 联系我们 | 隐私声明): links split by
# ``|``, one of them a link every site has. (The bar above the article stays: the page head
# is read past it, rag.metadata.)
_NAV_LINK = re.compile(
    r"(?:网站|返回|设为)?首页|主页|网站地图|网站导航|联系我们|关于我们|联系方式|加入收藏|收藏本站|"
    r"手机版|移动版|无障碍|English|繁體|登录|注册|隐私声明|免责声明|使用帮助|网站声明|版权声明"
)


def _nav_bar(line: str) -> bool:
    links = [x.strip(" \t\u3000") for x in re.split(r"[|｜]", line)]
    return (
        len(links) >= 2
        and all(0 < len(x) <= 10 for x in links)
        and any(_NAV_LINK.fullmatch(x) for x in links)
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


def _related_block(lines: list[str], k: int) -> int:
    """How many lines from ``lines[k]`` a related-links block takes (0: none there)."""
    m = _RELATED_HEAD.match(lines[k])
    if m is None or m.group("rest").rstrip().endswith(_SENTENCE_END):
        return 0
    n = 1
    j = k + 1
    while j < len(lines) and (_BULLET.match(lines[j]) or not lines[j].strip()):
        j += 1
        if _BULLET.match(lines[j - 1]):
            n = j - k
    if n == 1 and not m.group("rest").strip():
        # A heading over headlines (a page's reader dropped their bullets): the rest of the
        # page is short lines, none a sentence; else a heading with nothing under it is no block.
        rest = [x.strip() for x in lines[k + 1 :] if x.strip()]
        if all(len(x) <= _HEADLINE and not x.endswith(_SENTENCE_END) for x in rest):
            return len(lines) - k
        return 0
    return n


def _in_info_block(lines: list[str], k: int, rest: str) -> bool:
    """A counter on line ``k`` (the line without it: ``rest``) belongs to the page's
    information block: its line holds another of the block's labels (来源, 发布时间), or it
    stands alone with such a line next to it (one label a line)."""
    if rest.strip(" \t\u3000|｜"):
        return info_line(rest)
    above = next((x for x in reversed(lines[:k]) if x.strip()), "")
    below = next((x for x in lines[k + 1 :] if x.strip()), "")
    return info_line(above) or info_line(below)


def _spans_to_remove(raw: str) -> list[Removed]:
    spans: list[Removed] = []
    pos = 0
    lines = raw.split("\n")
    skip = 0
    body = False  # a paragraph of prose has been seen
    for k, line in enumerate(lines):
        end = pos + len(line)
        if body and _nav_bar(line):
            spans.append(Removed(pos, min(end + 1, len(raw)), line.strip(), "导航"))
            pos = end + 1
            continue
        body = body or (len(line.strip()) >= 20 and line.rstrip().endswith(_SENTENCE_END))
        if skip:
            skip -= 1
            if line.strip():
                spans.append(Removed(pos, min(end + 1, len(raw)), line.strip(), "相关链接"))
            pos = end + 1
            continue
        block = _related_block(lines, k)
        if block:
            spans.append(Removed(pos, min(end + 1, len(raw)), line.strip(), "相关链接"))
            skip = block - 1
            pos = end + 1
            continue
        prose = line.rstrip().endswith(_SENTENCE_END)
        for reason, rule in _LINE_RULES:
            if line.strip() and rule.search(line) and not (prose and reason in _FOOTER_ONLY):
                # Take the line and its line break.
                spans.append(Removed(pos, min(end + 1, len(raw)), line.strip(), reason))
                break
        else:
            for reason, rule in _SPAN_RULES:
                for m in rule.finditer(line):
                    if _in_info_block(lines, k, line[: m.start()] + line[m.end() :]):
                        continue  # (the page's own information, cited when it is asked)
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
