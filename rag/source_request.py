"""A request for the source put on a question, taken off it (a pure function).

Every answer quotes its passages and cites them, so a request for the source of what is
asked — 请注明出处, 并提供原文依据, 请附原文, 请提供 X 的原文表述 — asks for nothing the answer
lacks. Read as part of the question, its words would choose a phrase search (原文, 出处 are
words of finding a phrase) or become topic words no text holds. So when the question asks
something else as well (a list, a value, who, a comparison: a question word or a cue of
its own), the request is taken off and the question answered as it would be without it.

A request is a clause of its own — after a comma or a full stop, or after 并 — made of a
verb of giving or marking (提供, 给出, 附上, 注明, 标明, 列明 …) and a noun naming the source
(原文, 原话, 出处, 依据, 来源, 原文表述 …); or the whole question wrapped in one (请提供 X
的原文表述), X a question of its own. A question whose only ask is the source (X 的出处,
“X”的原文表述, 强基工程 出处) keeps it: that is a phrase search.
"""

from __future__ import annotations

import re

from rag.question import read_cues

__all__ = ["asked_span", "without_source_request"]

# Nouns naming the source of a statement (a closed class), longest first.
_SOURCE = (
    r"(?:原文(?:表述|内容|出处|依据|段落|位置|链接)?|原始表述|原话|原句|出处|来源|"
    r"(?:文件|政策|文字)?依据|页码|引文)"
)
# Verbs of giving, attaching or marking it (a closed class).
_GIVE = (
    r"(?:提供|给出|给|附上|附带|附|带上|带|注明|标明|标注|写明|列明|指明|说明|贴出|贴上|贴|"
    r"引用|摘录|列出|补充|要有)"
)
_POLITE = r"(?:并且?|请|烦请|麻烦|还请|同时|另外|另|最好|顺便|也|再)"
_EACH = r"(?:逐一|逐项|逐条|一并|分别|都|一一|相应地?)"
_OF = r"(?:相应|对应|相关|具体|所在|文件|文档|材料|的)"
_TAIL = re.compile(
    rf"(?:(?<=[，,。.；;！!？?\s])|并|(?<=[\u4e00-\u9fff])(?={_POLITE}))"
    rf"{_POLITE}*(?:您|你)?{_EACH}?{_GIVE}(?:一下|下|上|出)?{_OF}{{0,3}}"
    rf"{_SOURCE}(?:(?:和|及|与|、|或|以及){_OF}{{0,2}}{_SOURCE})*"
    r"[，,。.！!？?\s]*(?:谢谢(?:您|你)?[。.！!]*)?$"
)
# 请提供 X 的原文表述: the whole question wrapped in a request for its wording.
_WRAPPED = re.compile(
    rf"^{_POLITE}*(?:您|你)?(?:提供|给出|列出|摘录|贴出|找出)(?:一下|下)?"
    r"(?P<inner>.+?)的(?:原文表述|原文内容|原文|原话|原始表述)[。.！!？?\s]*$"
)
_QUESTION_WORD = re.compile(r"哪|什么|啥|谁|几|多少|吗|怎|如何|是否|有没有")


def _asks(text: str) -> bool:
    """``text`` asks something of its own: a question word, or a cue other than the
    phrase search the source words make."""
    cues = read_cues(text)
    return bool(_QUESTION_WORD.search(text)) or any(
        (cues.list, cues.overview, cues.who, cues.value, cues.compare, cues.docinfo)
    )


def asked_span(question: str) -> tuple[int, int]:
    """The span of ``question`` left once the request for its source is off, when it asks
    something else too; else the whole question."""
    whole = (0, len(question))
    m = _WRAPPED.match(question)
    if m and _asks(m.group("inner")):
        return m.span("inner")
    m = _TAIL.search(question)
    if m is None or m.start() == 0:
        return whole
    rest = question[: m.start()].rstrip("，,；;、 \u3000")
    return (0, len(rest)) if len(rest) >= 4 and _asks(rest) else whole


def without_source_request(question: str) -> str:
    """``question`` without the request for its source, when it asks something else too;
    else as it is (stripped)."""
    q = question.strip()
    a, b = asked_span(q)
    return q[a:b].strip()
