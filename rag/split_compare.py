"""A comparison asked as two questions, one per side (pure): …A那个局的讲话里怎么说的？
B那篇报道又是怎么写的呢？ — each sentence names its side (an organisation, or a kind of
document) and the later one asks the same again (又…, …呢), so the two are one
comparison of the sides, each read in its own sentence.

``split_sides`` says whether a question is such a comparison, from the spans of the
organisations it names; the sides themselves are read part by part by
``rag.answer_compare`` (a sentence break parts a comparison as 和 does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["split_sides"]

_SENTENCE_END = re.compile(r"[？?。！!；;]+")
# A kind of document named by its noun (讲话, 报道, 总结 …): a closed class of the genre.
_KIND_NOUN = re.compile(
    r"讲话|发言|报道|新闻|稿子|通讯|简报|总结|要点|方案|计划|通知|汇报|材料|述职|意见"
)
# A sentence asking the same of another side: 又/也 before the ask, or a closing 呢.
_AGAIN = re.compile(r"(?:又|也)(?:是)?(?:怎么|如何|咋|是怎样)|呢$")
# A sentence asking how a side words it (怎么说的, 如何表述, 咋写的, 有什么要求).
_ASKS_HOW = re.compile(
    r"(?:怎么|如何|咋|怎样)(?:样)?(?:说|讲|写|提|表述|规定|要求|安排|部署)|"
    r"(?:有|提了|提出)(?:什么|哪些)(?:要求|说法|提法)|呢$"
)


def _sentences(question: str) -> list[tuple[int, int]]:
    """The spans of ``question``'s sentences (split at their closing marks), non-empty."""
    out: list[tuple[int, int]] = []
    at = 0
    for m in _SENTENCE_END.finditer(question):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if at < len(question.strip()):
        out.append((at, len(question.rstrip())))
    return [(a, b) for a, b in out if question[a:b].strip(" ，,")]


def split_sides(question: str, mentions: Sequence[tuple[int, int, str]]) -> bool:
    """Whether ``question`` compares sides asked in sentences of their own: two sentences
    or more each name one side (one organisation of ``mentions`` — (start, end,
    department) — or none but a kind of document), the sides differ, one at least names
    an organisation, each asks how its side words it, and a later one asks it again."""
    sides: list[frozenset[str]] = []
    again = False
    for a, b in _sentences(question):
        text = question[a:b].strip(" ，,")
        named = frozenset(d for s, e, d in mentions if a <= s and e <= b)
        if len(named) > 1:
            return False  # (a sentence naming two sides is a comparison of its own)
        if not named and not _KIND_NOUN.search(text):
            continue  # (the topic's sentence: 支部书记职责这块)
        if not _ASKS_HOW.search(text):
            return False
        if sides:
            again = again or bool(_AGAIN.search(text))
        sides.append(named)
    return (
        len(sides) >= 2
        and again
        and any(sides)
        and len({s for s in sides if s}) == len([s for s in sides if s])
    )
