"""The sentence that says what a named thing is (a brand, a 工作法, a 行动), wherever it stands.

A question asking what X is (X是什么, 什么是X, X指的是什么) or which unit's brand X is, or
asking a unit's brand without naming it (X局的党建品牌叫什么), is answered by the sentence
that defines X — X followed by 是/为/即 or by 品牌/工作法 (以“X”党建品牌为牵引, 打造“X”服务品牌,
“X”即…) — often the preamble's, not the body's sentences that only mention X (开展“X”岗创建).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.script import to_simplified
from rag.text import sentence_spans
from rag.types import Document

__all__ = ["asked_brand", "asked_thing", "brand_sentences", "defining_sentences"]

_OPEN = "“「『\"‘'"
_CLOSE = "”」』\"’'"
# What X is: X是什么 / X是啥 / X指(的是)什么 / 什么是X / X是什么意思 / X是个啥 / X具体指什么.
_WHAT_AFTER = re.compile(
    rf"^[{_OPEN}]?(?P<x>[^{_OPEN}{_CLOSE}，,。？?！!\s]{{2,12}}?)[{_CLOSE}]?"
    r"(?:具体)?(?:是|指|指的是|说的是)(?:个|一个)?(?:什么|啥)(?:意思|内容|东西)?[呢吗啊]?[？?]?$"
)
_WHAT_BEFORE = re.compile(
    rf"^(?:什么|啥)(?:叫|是)[{_OPEN}]?(?P<x>[^{_OPEN}{_CLOSE}，,。？?！!\s]{{2,12}})[{_CLOSE}]?[呢吗啊]?[？?]?$"
)
# Whose brand X is: “X”是哪个单位的(党建)?品牌 / X品牌是哪家的.
_WHOSE = re.compile(
    rf"[{_OPEN}](?P<x>[^{_OPEN}{_CLOSE}]{{2,12}})[{_CLOSE}](?:这个|这一)?(?:党建|服务|工作)?"
    r"(?:品牌|工作法)?(?:是|属于)?(?:哪个|哪家|哪一?个?)(?:单位|部门|家)?的?"
    r"|^(?P<y>[\u4e00-\u9fff]{2,8}?)(?:党建|服务)?品牌(?:是|属于)(?:哪个|哪家|谁)"
)
# A unit's brand asked without naming it: 党建品牌是什么 / 品牌叫什么 / 打造了什么品牌.
_BRAND_ASKED = re.compile(
    r"品牌(?:是|叫|名字|名称)(?:什么|啥)|(?:什么|啥|哪个)(?:党建|服务)?品牌|品牌(?:叫啥|是啥)"
)
# After X, what defines it (是, 为, 即, 品牌, 工作法); before it, 以/打造/创建/树立/擦亮.
_DEFINES_AFTER = re.compile(
    rf"^[{_CLOSE}]?(?:党建|服务|工作)?(?:品牌|工作法|模式)|^[{_CLOSE}][，,]?(?:是|即|就是)|^[，,]?即"
)
_DEFINES_BEFORE = re.compile(rf"(?:以|打造|创建|树立|擦亮|叫响|形成|培育)[了出]?[{_OPEN}]$")
_BRAND = re.compile(rf"[{_OPEN}][^{_OPEN}{_CLOSE}]{{2,12}}[{_CLOSE}](?:党建|服务)?品牌")


def _plain(question: str) -> str:
    return to_simplified(question).replace(" ", "").replace("\u3000", "")


def asked_thing(question: str) -> str | None:
    """The thing ``question`` asks the definition or owner of (X是什么, “X”是哪家单位的品牌),
    or None."""
    q = _plain(question)
    for pat in (_WHAT_AFTER, _WHAT_BEFORE):
        m = pat.search(q)
        if m:
            return m.group("x")
    m = _WHOSE.search(q)
    if m:
        return m.group("x") or m.group("y")
    return None


def asked_brand(question: str) -> bool:
    """``question`` asks a unit's brand without naming it (党建品牌叫什么)."""
    return bool(_BRAND_ASKED.search(_plain(question)))


def defining_sentences(doc: Document, thing: str) -> list[tuple[int, int]]:
    """Sentences of ``doc`` defining ``thing`` (see the module's notes), in order."""
    text = doc.text
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        at = sentence.find(thing)
        while at >= 0:
            after = sentence[at + len(thing) :]
            before = sentence[max(0, at - 4) : at]
            if _DEFINES_AFTER.match(after) or _DEFINES_BEFORE.search(before):
                out.append((s, e))
                break
            at = sentence.find(thing, at + 1)
    return out


def brand_sentences(docs: Iterable[Document]) -> list[tuple[Document, int, int]]:
    """The first sentence of each document naming its brand (“X”党建品牌)."""
    out: list[tuple[Document, int, int]] = []
    for doc in docs:
        for s, e in sentence_spans(doc.text):
            if _BRAND.search(doc.text[s:e]):
                out.append((doc, s, e))
                break
    return out
