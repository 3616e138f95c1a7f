"""The labels of a news page's information line: what a government site prints under an
article's headline (来源：…　作者：…　发布时间：…　浏览次数：…), in any site's wording —
信息来源, 稿件来源, 供稿; 发布日期, 发稿时间; 点击数, 阅读次数, 访问量 — split by spaces,
full-width spaces or bars, or one label a line.

``COUNTER`` and ``SOURCE`` are regular-expression sources of the labels alone (no colon),
``ASKED`` of the words a question asks the counter by; ``info_line`` tells a line of that
block (cleaning keeps a counter standing in it: ``rag.clean``); ``asked_counter`` reads a
question asking the page's counter, by whichever word (阅读量 for a page's 浏览次数 is the
same field), ``counter_label`` the word the page prints; ``names_fields_only`` tells a
question (a follow-up) that names fields of a document's information and nothing else.
"""

from __future__ import annotations

import re

__all__ = [
    "ASKED",
    "COUNTER",
    "SOURCE",
    "asked_counter",
    "counter_label",
    "has_counter",
    "info_line",
    "names_fields_only",
]

# A page's counter: how often it was viewed (浏览量, 点击数, 阅读次数, 访问量, 点击率).
COUNTER = r"(?:浏览|阅读|点击|访问)\s*(?:次数|人次|量|数)|点击率"
# Who supplied the article (来源, 信息来源, 稿件来源, 供稿单位, 稿源).
SOURCE = r"(?:信息|文章|稿件|新闻)?来\s*源|供\s*稿(?:单位)?|稿\s*源"
_DATE = r"(?:发布|发表|更新|发稿|发文)?(?:时间|日期)"
_AUTHOR = r"作\s*者|记\s*者|通\s*讯\s*员|撰\s*稿人?|执\s*笔"
# A label of the block other than the counter, at the line's start or after a separator.
_OTHER_LABEL = re.compile(rf"(?:^|(?<=[\s\u3000|｜/]))(?:{SOURCE}|{_DATE}|{_AUTHOR})\s*[:：]")
_INFO_LINE_MAX = 120  # characters of an information line, at most (a body sentence is longer)

# A question asking the counter: the word it asks with (阅读量, 点击数), or its verb
# (多少人浏览过; 那篇报道有多少人看过 — seeing said of the page itself, not of a film the
# article is about).
_ASKED_WORD = re.compile(r"(?:浏览|阅读|点击|访问)(?:次数|人次|量|数|率)")
_ASKED_VERB = re.compile(
    r"浏览|点击|(?:报道|新闻|稿子|稿件|文章|网页|页面|这篇|那篇|该篇)[^，,。？?]{0,12}"
    r"多少(?:人次?|次)(?:看过|看了|读过|阅读)"
)
# ``asked_counter``'s words as a regular-expression source, for the cues of a question.
ASKED = rf"{_ASKED_WORD.pattern}|{_ASKED_VERB.pattern}"


def info_line(line: str) -> bool:
    """``line`` is one of the information block's lines: short, no sentence, and holding a
    label other than the counter (来源, 作者, 发布时间 …)."""
    s = line.strip(" \t\u3000")
    return (
        0 < len(s) <= _INFO_LINE_MAX
        and not s.endswith(("。", "！", "？"))
        and _OTHER_LABEL.search(s) is not None
    )


def asked_counter(question: str) -> str | None:
    """The word ``question`` asks the page's counter by (阅读量, 点击数; 浏览量 when it asks
    with a verb: 多少人浏览过), or None."""
    m = _ASKED_WORD.search(question)
    if m is not None:
        return m.group(0)
    return "浏览量" if _ASKED_VERB.search(question) else None


# The counter printed with its figure (浏览次数：862).
_PRINTED = re.compile(rf"({COUNTER})\s*[:：]\s*\d")


def has_counter(lines: tuple[str, ...] | list[str]) -> bool:
    """One of ``lines`` (a page's information as cleaning removed it) gives its counter."""
    return any(_PRINTED.search(x) for x in lines)


def counter_label(text: str) -> str | None:
    """The counter's label as ``text`` prints it (点击数 of ``点击数：302``), or None."""
    m = _PRINTED.search(text)
    return re.sub(r"\s+", "", m.group(1)) if m else None


# The words a question names a field of a document's information by (作者, 来源, 浏览量,
# 发布时间, 责编 …): no topic of its own.
_FIELD_WORD = re.compile(
    rf"(?:{COUNTER}|{SOURCE}|{_DATE}|{_AUTHOR}|{_ASKED_WORD.pattern}|"
    r"发布|发稿|稿子|责编|责任编辑|编辑|审核人?|校对|签发人?|文号|字号|联系人|抄送|主送)"
)


def names_fields_only(question: str, words: list[str]) -> bool:
    """Each of ``words`` (the question's content words, however the tokenizer cut them:
    点击 of 点击量) stands inside a field's name the question says (作者, 来源, 阅读量)."""
    named = [m.group(0) for m in _FIELD_WORD.finditer(question)]
    return bool(words) and all(any(w in n for n in named) for w in words)
