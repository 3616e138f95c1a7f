"""A web page's navigation, told from its article by the links its lines are made of (pure).

A page wraps its article in a site's menu (首页 新闻中心 政务公开 …, one short link a line
or several on one), a breadcrumb (当前位置：首页 > 新闻中心 > 工作动态) and a footer bar
(网站地图 | 联系我们). None of it is content of the document; left in, its words end up in
answers and outlines. ``html_to_text`` (``rag.loaders``) gives each line with the texts of
the links on it, and drops the lines ``navigation_lines`` names:

- a **breadcrumb**: a line opened by 当前位置：/您的位置：, or two links or more joined by
  ``>`` ``›`` ``»`` ``→`` with nothing else on it;
- a **menu line**: three short links or more and nothing else but separators;
- a **menu block**: three lines or more in a row, each only one or two short links;
- a **top bar**: the site's greeting (您好，欢迎访问某某网站！) alone or with its links
  (无障碍 | 登录 | 注册).

A link to an attachment (附件1…, …申报表.docx) is content, never navigation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PageLine", "navigation_lines"]


@dataclass(frozen=True)
class PageLine:
    """One line of a page's text and the texts of the links on it."""

    text: str
    links: tuple[str, ...] = ()


_SHORT_LINK = 12  # characters of a menu link, at most
_MENU_LINKS = 3  # links on one line that make it a menu
_MENU_RUN = 3  # lines of links in a row that make a menu
_CRUMB_HEAD = re.compile(
    r"^[ \t\u3000]*(?:当前位置|您的位置|你的位置|您当前的位置|您现在的位置|你现在的位置|所在位置|当前页面)"
    r"[ \t\u3000]*[:：]"
)
_CRUMB_SEP = re.compile(r"[>＞»›→]")
_SEPARATORS = re.compile(r"[\s|｜·•/／>＞»›→\-－—:：*]*")  # (* : a bold link, **首页**)
_ATTACHMENT = re.compile(r"附件|\.(?:docx?|wps|pdf|ofd|xlsx?|et|zip|rar)$", re.I)


def _rest(line: PageLine) -> str:
    """The line's text less its links' texts."""
    rest = line.text
    for link in line.links:
        rest = rest.replace(link, "", 1)
    return rest


def _only_links(line: PageLine) -> bool:
    links = [x for x in line.links if x.strip()]
    return (
        bool(links)
        and all(len(x.strip()) <= _SHORT_LINK and not _ATTACHMENT.search(x.strip()) for x in links)
        and _SEPARATORS.fullmatch(_rest(line)) is not None
    )


def _crumb(line: PageLine) -> bool:
    if _CRUMB_HEAD.match(line.text):
        return True
    links = [x for x in line.links if x.strip()]
    return len(links) >= 2 and bool(_CRUMB_SEP.search(line.text)) and _only_links(line)


# A site's greeting (您好，欢迎访问某某网站！, 欢迎来到某某门户网): the page's top bar.
_GREETING = re.compile(
    r"^[\s\u3000]*(?:您好|你好)?[，,！!\s]*欢迎(?:访问|来到|光临|进入)[^。\n]{0,30}"
    r"(?:网站|网|门户|平台|主页)[！!。.]?"
)
_GREETING_MAX = 40  # characters of a greeting line, links aside


def _top_bar(line: PageLine) -> bool:
    rest = _rest(line)
    m = _GREETING.match(rest)
    return (
        m is not None
        and len(rest.strip()) <= _GREETING_MAX
        and _SEPARATORS.fullmatch(rest[m.end() :]) is not None
    )


def navigation_lines(lines: Sequence[PageLine]) -> set[int]:
    """The indexes of ``lines`` that are the page's navigation (see the module's docstring)."""
    out = {k for k, line in enumerate(lines) if _crumb(line) or _top_bar(line)}
    out |= {
        k
        for k, line in enumerate(lines)
        if _only_links(line) and len([x for x in line.links if x.strip()]) >= _MENU_LINKS
    }
    run: list[int] = []
    for k, line in enumerate([*lines, PageLine("")]):
        if k < len(lines) and _only_links(line) and len(line.links) <= 2:
            run.append(k)
            continue
        if len(run) >= _MENU_RUN:
            out |= set(run)
        run = []
    return out
