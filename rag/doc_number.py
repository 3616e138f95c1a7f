"""A document named by its 发文字号 (a pure function).

GB/T 9704-2012 (7.2.4) numbers an official document 机关代字〔年份〕序号号 on a line of its
own under the 版头 (X组发〔2024〕7号). A question that names such a number (X〔2024〕7号是
谁印发的, X〔2024〕7号有哪些内容) names the one document that bears it: the number is the
question's scope, never its content — the 代字 is no short name of a department to look
for, the digits no value. ``numbered_docs`` finds the documents whose head (the lines
before the body) bears the number the question names; a number quoted in another
document's body (根据X〔2024〕2号文件精神) does not make that document the one named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["NumberedScope", "asks_issuer", "numbered_docs"]

_OPEN = "〔［\\[(（【"
_CLOSE = "〕］\\])）】"
# 代字 (Han characters), the year in brackets, the sequence number and 号.
_NUMBER = re.compile(
    rf"(?P<org>[\u4e00-\u9fff]{{0,12}})\s*[{_OPEN}]\s*(?P<year>(?:19|20)\d\d)\s*[{_CLOSE}]"
    r"\s*第?\s*(?P<seq>\d{1,4})\s*号"
)
# Who issued it (谁发的, 哪个单位的, 发文机关, 落款单位): asked of a numbered document, its issuer.
_ISSUER = re.compile(
    r"谁|哪(?:一|个|家)?(?:单位|部门|机关|机构|家)|"
    r"(?:发文|印发|下发|签发|制发|落款|署名)(?:的)?(?:单位|机关|部门|机构)|落款|署名"
)
_HEAD_LINES = 12  # the 版头, 份号, 密级, 文号 and title stand in a document's first lines


@dataclass(frozen=True)
class NumberedScope:
    """The number as the question writes it, where it stands, and the documents bearing it."""

    number: str
    start: int
    end: int
    doc_ids: tuple[str, ...]


def _head_numbers(text: str) -> list[tuple[str, str, str]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_HEAD_LINES]
    return [
        (m.group("org"), m.group("year"), m.group("seq"))
        for line in lines
        for m in _NUMBER.finditer(line)
    ]


def _same(asked_org: str, org: str) -> bool:
    """The 代字 the question writes ends with the document's (请问X财党 → X财党), or the
    question writes none (〔2024〕7号 alone)."""
    if not asked_org:
        return True
    return bool(org) and (asked_org.endswith(org) or org.endswith(asked_org))


def numbered_docs(question: str, texts: Mapping[str, str]) -> NumberedScope | None:
    """The 发文字号 ``question`` names and the documents (doc id → text) whose head bears it;
    None when the question names no number. ``doc_ids`` is empty when no document bears it."""
    m = _NUMBER.search(question)
    if m is None:
        return None
    org, year, seq = m.group("org"), m.group("year"), m.group("seq")
    held = tuple(
        doc_id
        for doc_id, text in texts.items()
        if any(
            y == year and int(s) == int(seq) and _same(org, o) for o, y, s in _head_numbers(text)
        )
    )
    # (the run of Han characters read as the 代字 may begin with words of asking — 请问,
    # 关于 — written against it: they go with the number, no content is lost)
    start = m.start("org")
    return NumberedScope(question[start : m.end()], start, m.end(), held)


def asks_issuer(question: str) -> bool:
    """``question`` asks who issued or signed a document (谁发的, 发文机关, 哪个部门的)."""
    return bool(_ISSUER.search(question))
