"""Each unit's items on one theme, whatever shape the item has in its document.

各单位在X方面都有哪些举措 / 几家单位X分别怎么抓的 asks every document of the library (no
organisation named) for what it says on the theme. Documents word it in their own shapes: a
plan as a numbered heading (（二）强化X), a summary as a run-in item (三是狠抓X，…), a speech as
a bold 一要 item (**二要**守牢X底线。…), a report as a circled item (③开展X排查，…). Each
document's best unit is the section of any style whose head clause holds the theme — or,
for an item without children, whose own text does (a run-in item's theme often stands in its
body) — by the whole theme, by its words or by two-character pieces of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rag.text import sentence_spans
from rag.types import Document, Section

__all__ = [
    "ThemeUnit",
    "asks_each_unit",
    "core_held",
    "theme_core",
    "theme_sentences",
    "theme_unit",
    "theme_words",
]

# Every organisation asked (各单位, 几家单位, 各部门, 每家, 大家): a closed class of words.
_EACH_UNIT = re.compile(
    r"各(?:个)?(?:单位|部门|家)|每(?:个|一)?(?:单位|部门|家)|所有(?:单位|部门)|"
    r"(?:几|这几|[两二三四五六七八九十])(?:家|个单位|个部门)|大家|各自|"
    # every document of the library (各份材料, 这几份文件, 所有文件): each one's unit
    r"(?:各|每|几|这几|这些|那几|[两二三四五六七八九十])"
    r"(?:[份篇](?:材料|文件|文档|稿子)?|个(?:材料|文件|文档))|"
    r"(?:各|所有|全部)的?(?:材料|文件|文档)"
)
# What such a question asks of each: its measures, how it does it.
_ASKS_MEASURES = re.compile(
    r"举措|措施|做法|办法|怎么|咋|如何|怎样|哪些|啥|什么|抓的|干的|做的|搞的|安排|部署"
)
# Words of the asking, no theme: the measures, the manner, the organisations, each.
_FILLER = re.compile(
    r"(?:单位|部门|方面|举措|措施|做法|办法|怎么|咋|如何|怎样|抓|做|干|搞|开展|采取|分别|各自|"
    r"都|哪些|什么|啥|情况|具体|有|在|上|的|各|几家|大家|每家|所有|安排|部署|材料|文件|文档|"
    r"[各每几两]?[份篇]|"
    r"[这那哪]一?(?:块|方面|部分)|板块)+"
)
_COMPARES = re.compile(r"区别|不同|不一样|对比|比较|异同|差异|差别|相比|一样吗|对照")
# How each words it (都咋写的, 怎么提的): the occurrences of a phrase, not measures.
_WORDING = re.compile(r"(?:怎么|咋|如何|怎样)(?:写|说|讲|提|表述|描述)|提法|表述|原文|出处")
_HEAD_CLAUSE = re.compile(r"[^，,：:；;。]*")
_OWN_TEXT = 160  # characters of an item's own text read for the theme
_IN_TEXT = 0.9  # a word in an item's own text, not in its head clause


@dataclass(frozen=True)
class ThemeUnit:
    """A document's best section on the theme and how well it holds it (0..1)."""

    section: Section
    score: float
    # The head clause holds the theme (（二）加强X建设), not only the item's own text (a
    # speech's 二、突出工作重点。…要推动X…: the sentences holding it answer, not the item).
    headed: bool = True


def asks_each_unit(question: str) -> bool:
    """``question`` asks every organisation what it does on a theme (not how they differ)."""
    return bool(
        _EACH_UNIT.search(question)
        and _ASKS_MEASURES.search(question)
        and not _COMPARES.search(question)
        and not _WORDING.search(question)
    )


def theme_words(words: Sequence[str]) -> list[str]:
    """The question's content words less the words of its asking."""
    return [w for w in words if not _FILLER.fullmatch(w)]


def _holds(word: str, text: str) -> float:
    """1 for the word whole, 0.8 for a two-character piece of a longer word, else 0."""
    if word in text:
        return 1.0
    if len(word) >= 4 and any(word[i : i + 2] in text for i in range(0, len(word) - 1, 2)):
        return 0.8
    return 0.0


def theme_unit(
    doc: Document,
    words: Sequence[str],
    norm: Callable[[str], str],
    floor: float,
) -> ThemeUnit | None:
    """The section of ``doc`` (any style but a table row) whose head clause — or, for an
    item without children, its own text — holds the theme ``words`` best, at least
    ``floor``; the higher-level one on a tie."""
    if not words:
        return None
    total = sum(len(w) for w in words)
    best: tuple[float, int, Section] | None = None
    for sec in doc.sections():
        if sec.style == "row":
            continue
        clause = _HEAD_CLAUSE.match(sec.heading)
        head = norm(clause.group() if clause else sec.heading)
        own = (
            "" if sec.children else norm(doc.text[sec.start : min(sec.end, sec.start + _OWN_TEXT)])
        )
        score = sum(max(_holds(w, head), _IN_TEXT * _holds(w, own)) * len(w) for w in words) / total
        key = (score, -sec.level)
        if score >= floor and (best is None or key > best[:2]):
            best = (score, -sec.level, sec)
    if best is None:
        return None
    clause = _HEAD_CLAUSE.match(best[2].heading)
    head = norm(clause.group() if clause else best[2].heading)
    headed = sum(_holds(w, head) * len(w) for w in words) / total >= floor
    return ThemeUnit(best[2], best[0], headed)


# The genre's frame of a theme (X队伍建设, X体系建设, X工作): what is built, not which X.
_FRAME = re.compile(r"(?:(?:队伍|班子|体系|机制|阵地|制度)?建设|队伍|工作)$")
_CORE_MIN = 3  # characters of a core that tells a theme apart (作风 of 作风建设 is none)


def theme_core(question: str, words: Sequence[str]) -> str | None:
    """The thing a theme is about, its frame taken off (党务干部 of 党务干部队伍建设, 支部
    书记 of 支部书记队伍建设), when the theme words stand together in ``question`` and
    the core is long enough to tell the theme apart; None otherwise."""
    joined = "".join(words)
    if not joined or joined not in question:
        return None
    core = _FRAME.sub("", joined)
    return core if core != joined and len(core) >= _CORE_MIN else None


def core_held(core: str, text: str) -> bool:
    """``text`` holds the core whole, or its head noun — a compound's last two characters
    (书记 of 支部书记: 建强基层党组织书记队伍) — and not only its modifier (支部 of 支部书记
    in 支部建设更加规范 is another theme)."""
    return core in text or core[-2:] in text


_SENTENCES_MAX = 4  # sentences quoted of one document on the theme, at most


def theme_sentences(
    doc: Document,
    words: Sequence[str],
    norm: Callable[[str], str],
    floor: float,
    weights: Mapping[str, float],
    within: tuple[int, int] | None = None,
) -> list[tuple[int, int]]:
    """The sentences of ``doc`` (of ``within`` when given) that hold the theme ``words``,
    each word weighed by its length and ``weights`` (its specificity in the library: 党务
    of 党务干部队伍建设 tells the theme, 建设 hardly), at least ``floor``; in text order,
    at most ``_SENTENCES_MAX``, the best kept."""
    weight = {w: len(w) * weights.get(w, 1.0) for w in words}
    total = sum(weight.values())
    if total <= 0:
        return []
    a, b = within or (0, len(doc.text))
    scored: list[tuple[float, tuple[int, int]]] = []
    for sp in sentence_spans(doc.text, a, b):
        text = norm(doc.text[sp[0] : sp[1]])
        score = sum(_holds(w, text) * weight[w] for w in words) / total
        if score >= floor:
            scored.append((score, sp))
    best = sorted(scored, key=lambda x: -x[0])[:_SENTENCES_MAX]
    return sorted(sp for _, sp in best)
