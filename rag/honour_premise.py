"""An honour or event a question takes for granted (某单位获评市级巾帼文明岗，靠哪些做法;
被评为先进基层党组织后…) is a premise to check, not a topic to match: the answer is given
only when the named organisation's documents (every document, when it names none) record
it; otherwise it is refused as not found, with what those documents do record as related —
never another organisation's passage on awards in general.

``presupposed_honour`` reads the premise from the question; ``records_honour`` checks a
text. Pure functions over strings; the planner refuses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.text import normalize

__all__ = ["Honour", "presupposed_honour", "records_honour"]


@dataclass(frozen=True)
class Honour:
    """The verb of honouring (荣获, 被评为) and what was won (市级巾帼文明岗)."""

    verb: str
    what: str


# Verbs of being honoured (a closed class of the genre), then what was won up to the end
# of the clause or the ask that follows it (…，主要靠…; …后，有哪些…; …的经验).
_HONOUR = re.compile(
    r"(?P<v>荣获|获评|被评为|被授予|荣膺|被命名为|被表彰为|被确定为|入选|获批|创成)"
    r"(?P<h>[^，,。？?；;！!、]{2,24}?)"
    r"(?:称号|荣誉称号|荣誉|殊荣|表彰)?"
    r"(?=[，,。？?；;！!]|$|后|以来|之后|的(?:经验|做法|原因|秘诀|举措)|靠|主要|凭|是怎么|是如何|"
    r"有哪些|有什么|采取)"
)
# A question asking who was honoured (获评X的是哪个单位): no premise about an organisation.
_ASKS_WHO = re.compile(r"哪个|哪家|哪些单位|哪位|谁|哪一|是否|有没有|是不是|吗")
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》]")


def presupposed_honour(question: str) -> Honour | None:
    """The honour ``question`` takes for granted, or None (none, or the question asks who
    won it or whether)."""
    q = normalize(question)
    m = _HONOUR.search(q)
    if m is None or _ASKS_WHO.search(q):
        return None
    what = _QUOTES.sub("", m.group("h")).strip()
    if len(what) < 2 or re.search(r"哪|什么|啥|怎|多少|几", what):
        return None  # (荣获了哪些奖项: what was won is asked, nothing taken for granted)
    if re.fullmatch(r"[\d.]+[\u4e00-\u9fff]?", what):
        return None  # (获得3个: a count, not an honour)
    return Honour(m.group("v"), what)


def records_honour(honour: Honour, texts: Iterable[str]) -> bool:
    """Some text (normalised) records what was won, as the question words it (quotes
    aside)."""
    what = normalize(honour.what)
    return any(what in _QUOTES.sub("", t) for t in texts)
