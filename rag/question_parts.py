"""Two questions asked in one (pure): a fact and a list, or two facts, joined by the words
that order or add a request (先……再……, ……，再说下……, ……；另外……, ……，还有……).

``split_parts`` finds where the question joins two requests; ``parts_asked`` keeps the
split only when each part asks on its own: one a fact (a value, a date, who) and the other
a list, or both a fact (at a bare clause break, both a count or amount) — never two lists (an order over two lists is one list question)
and never a part that only points at the other (具体是哪些, 是第几部分). The service answers
each part by its own route, the second read as a follow-up of the first (it inherits the
first's department, year and cited documents), and ``combined`` puts the answers together
as one ``Answer``: each part's blocks under a note naming it, the citations renumbered
into one list. A part that is refused stays refused inside the combined answer.

The joining words are a closed class of the grammar (ordering adverbs and additive
conjunctions), never a list of questions. 再 joins only as a request verb's adverb (再说下,
再把…列出来) or after 然后; inside content (再创佳绩, 还有哪些不足 without a clause break
before it) it joins nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.numbers import asked_value
from rag.question import Query, content_words, is_list_word
from rag.render import markdown
from rag.tokenize import pos_tags
from rag.types import Answer, AnswerBlock, Citation
from rag.value_match import generic_counted

__all__ = [
    "combined",
    "conjoined",
    "lent_topic",
    "part_kind",
    "parts_asked",
    "spaced",
    "split_parts",
    "topic_of_own",
]

# The request's opening 先 with its verb (先说, 先讲一下, 先告诉我, 先把…): dropped from the
# first part, 把 kept (先进, 先锋 are no opening: a verb must follow).
_FIRST = re.compile(
    r"^(?:请|麻烦|帮我|你)?先(?:说说|讲讲|说一?下|讲一?下|告诉我|问一?下|查一?下|看一?下|说|讲|(?=把))"
)
# A verb of request after the joining word (说下, 讲讲, 介绍一下): dropped from the part.
_ASKING_VERB = r"(?:说说|讲讲|谈谈|说一?下|讲一?下|谈一?下|问一?下|查一?下|看一?下|介绍一?下|告诉我|说|讲|列|把|给我)"
_BREAK = r"[，,；;。？?！!]\s*"
# A joining word after a clause break (，再说下 / ；另外 / ？然后); 再 alone needs the verb.
_JOINED = re.compile(
    rf"{_BREAK}(?:(?:然后|接着|之后|另外|此外|还有|同时|顺便|再就是)(?:再)?(?:{_ASKING_VERB})?"
    rf"|再(?={_ASKING_VERB}))"
)
# 先A再B without a break: 再 (or 然后) with a verb of request.
_THEN = re.compile(rf"(?:然后再?|再)(?={_ASKING_VERB})")
# A bare clause break between two asks (…招了几个，…培了几个; …几名？…几期).
_BARE = re.compile(_BREAK)
# A space or an enumeration comma between two asks written without punctuation (这篇稿子
# 哪天登的 一共来了多少人): tried only when no clause break stands, and kept only for a
# document-metadata ask beside a value ask (``parts_asked``).
_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])(?:[ \t\u3000]+|、)(?=[\u4e00-\u9fff])")
# A conjunction between two asks (…通知的日期及培训人数, …有几名党员和几个党小组):
# tried only when no clause break stands, and kept only when the words on each side ask on
# their own (``_ASKS``: a question word of a value, a date or a person) and, in
# ``parts_asked``, neither is a list.
_AND = re.compile(r"以及|及|和|并且|并")
_ASKS = re.compile(
    r"多少|(?<![哪那这])几|哪天|哪一天|哪年|何时|什么时候|啥时候|日期|时间|谁|哪个|哪家|哪位|"
    r"数量|人数|次数|金额|比例|文号"
)
_LEAD_VERB = re.compile(rf"^(?:再)?{_ASKING_VERB}(?![\u4e00-\u9fff]{{0,2}}来)")
# A part that asks where the other's answer stands or for its members (是第几部分, 具体是哪些).
_POINTING = re.compile(r"第几|哪(?:一|个)?(?:部分|条|项|段|章|节)|具体|分别|各自|其中|都是谁")


def _clean(part: str, first: bool) -> str:
    part = part.strip(" \t\u3000，,；;。")
    if first:
        part = _FIRST.sub("", part)
    else:
        verb = _LEAD_VERB.match(part)
        # (把…列出来 keeps its 把: the verb is at the end)
        if verb and verb.group() not in ("把", "列", "再把"):
            part = part[verb.end() :]
    return part.strip(" \t\u3000，,")


def split_parts(question: str) -> tuple[tuple[str, str], bool] | None:
    """The two requests of ``question`` and whether a joining word (not a bare clause
    break) joins them; None when it has no place to split. The first joining place
    counts; a bare break is tried only when no joining word stands."""
    q = question.strip()
    at: tuple[int, int] | None = None
    m = _JOINED.search(q)
    if m:
        at = (m.start(), m.end())
    elif _FIRST.match(q):
        then = _THEN.search(q, 2)
        if then:
            at = (then.start(), then.end())
    joined = at is not None
    if at is None:
        breaks = [b for b in _BARE.finditer(q) if b.end() < len(q)]
        if not breaks:
            breaks = [
                c
                for c in _AND.finditer(q)
                if _ASKS.search(q[: c.start()]) and _ASKS.search(q[c.end() :])
            ]
        if not breaks:
            breaks = list(_SPACE.finditer(q))
        if len(breaks) != 1:
            return None
        at = (breaks[0].start(), breaks[0].end())
    first, second = _clean(q[: at[0]], True), _clean(q[at[1] :], False)
    if len(first) < 4 or len(second) < 4:
        return None
    return (first, second), joined


def part_kind(q: Query) -> str | None:
    """``value`` (a count, an amount, a share), ``docinfo`` (the document's own date,
    source, author), ``fact`` (a date, a name, a rank, who), ``list`` or None (a comparison, a part that points at the other, a fact with no
    content of its own)."""
    if q.cues.compare or _POINTING.search(q.question):
        return None
    if q.cues.docinfo:
        return "docinfo"  # (a fact about the document itself: its date, source, author)
    ask = asked_value(q.question)
    if ask is None and _counts_things(q.question):
        return "value"
    if ask is not None or q.cues.who:
        # (a fact needs a thing of its own to be about: 一共多少 counts the other's list)
        if not any(not is_list_word(w) for w in content_words(q.topic)):
            return None
        return "value" if ask is not None and ask.kind in _VALUES else "fact"
    # (a list may name nothing but its list words: 主要工作有哪些 of the scope's document)
    return "list" if q.cues.list else None


_VALUES = frozenset({"count", "money", "share"})

# A count by a measure word of the things a part is about (督查了几家单位, 受理了多少件申请,
# 走访了几家企业): a value asked of one part even where, asked alone, the count reads as a
# list's (几个单位 may ask which units say something); never a count of documents or of a
# document's parts, nor of a noun that only asks for a list (几件事, 多少项任务).
_COUNTED = re.compile(
    r"(?:多少|(?<![哪那这])几)(?:个|件|家|名|人|次|所|起|位|户|批|期)(?P<noun>[\u4e00-\u9fff]{0,6})"
)
_NOT_COUNTED = re.compile(
    r"^(?:文件|材料|文档|方面|部分|板块|层次|阶段|环节|步骤|[大小子分]?标题|小节|大块|块|处|"
    r"事|任务|措施|举措|要求|意见|重点|做法|原则|事项|目标|工作|内容|点)"
)


def _counts_things(part: str) -> bool:
    """``part`` counts things by a measure word (a generic noun — 单位, 家, 人 — included)
    and names a topic of its own besides the counted noun."""
    m = _COUNTED.search(part)
    # (接待来访多少件: the count closing the part counts the noun before it)
    if m is None or (m.group("noun") and _NOT_COUNTED.match(m.group("noun"))):
        return False
    rest = part[: m.start()] + part[m.end() :]
    return any(not is_list_word(w) for w in content_words(rest))


def _unbroken(question: str, joined: bool) -> bool:
    q = question.strip()
    return not joined and not any(b.end() < len(q) for b in _BARE.finditer(q))


def conjoined(question: str, joined: bool) -> bool:
    """Whether ``split_parts`` split ``question`` at a conjunction (及, 和) between two asks."""
    q = question.strip()
    return _unbroken(q, joined) and any(
        _ASKS.search(q[: c.start()]) and _ASKS.search(q[c.end() :]) for c in _AND.finditer(q)
    )


def topic_of_own(q: Query) -> bool:
    """The part names a thing besides generic counted nouns (几家单位) and asking words:
    a noun (涉及几家单位 names only a verb and the bodies counted); any part that counts
    no generic noun names its own."""
    generic = generic_counted(q.question)
    return not generic or any(
        w not in generic and not is_list_word(w) and any(f.startswith("n") for _, f in pos_tags(w))
        for w in content_words(q.topic)
    )


def lent_topic(first: Query, second: str) -> str:
    """``second`` (a part naming no topic of its own) with the first part's topic words
    before it (…查出多少隐患，涉及几家企业 → 隐患 … 涉及几家企业)."""
    words = [w for w in content_words(first.topic) if not is_list_word(w)]
    return "".join(words) + second


def spaced(question: str, joined: bool) -> bool:
    """Whether ``split_parts`` split ``question`` at a space or 、 (no clause break)."""
    return _unbroken(question, joined) and not conjoined(question, joined)


def parts_asked(
    kinds: Sequence[str | None], joined: bool, at_space: bool = False, conj: bool = False
) -> bool:
    """Whether parts of these kinds are two questions: joined by a joining word, a fact
    or value and a list, or two facts or values; at a bare clause break, two values only
    (谁发的，什么时候 / 是不是X？在哪份材料里 ask one thing's several sides together)."""
    if None in kinds or len(kinds) != 2 or kinds.count("docinfo") == 2:
        return False  # (哪天发的 … 谁写的: one document's sides, one question)
    if conj:  # (…的日期及…数量: two asks, each with its question word, neither a list)
        return "list" not in kinds
    if at_space:  # (a space splits only the document's own facts from a value in it)
        return set(kinds) == {"docinfo", "value"}
    if not joined:
        # (…哪天发的 …服务了多少人: the document's own facts and a value in it)
        return kinds[0] == kinds[1] == "value" or set(kinds) == {"docinfo", "value"}
    return kinds.count("list") <= 1


_NUMERALS = "一二三四五六七八九"


def combined(question: str, answers: Sequence[tuple[str, Answer]]) -> Answer:
    """One answer of the parts' answers, in the parts' order: a note naming each part, its
    blocks, the citations renumbered into one list (a passage cited by both keeps one
    number). Found when any part is; its kind is the first found part's."""
    citations: list[Citation] = []
    where: dict[tuple[str, int, int], int] = {}
    blocks: list[AnswerBlock] = []
    for i, (part, ans) in enumerate(answers):
        renum: dict[int, int] = {}
        for c in ans.citations:
            key = (c.doc, c.start, c.end)
            if key not in where:
                where[key] = len(citations) + 1
                citations.append(replace(c, n=where[key]))
            renum[c.n] = where[key]
        blocks.append(AnswerBlock("note", f"（{_NUMERALS[i]}）{part}"))
        blocks.extend(
            replace(b, citations=tuple(renum.get(n, n) for n in b.citations)) for b in ans.blocks
        )
    found = [a for _, a in answers if a.found]
    kind = found[0].kind if found else answers[0][1].kind
    return Answer(
        question.strip(),
        kind,
        bool(found),
        markdown(blocks),
        tuple(citations),
        blocks=tuple(blocks),
    )
