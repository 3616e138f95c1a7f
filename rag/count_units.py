"""Whether a count of persons is answered by a count of attendances (a pure function).

Official texts count training and outreach by 人次 — one person at three sessions is three
人次 — and name the persons themselves by 人, 名 or 位. ``rag.numbers.fits`` lets a 人次
figure answer a question in persons (培训了多少人 ↔ 培训党员320人次: the only figure there
often is), so the answer says which it quotes: when every figure of the quoted passage that
answers a count asked in persons is in 人次, a note names the unit the document uses and
says it is not a head count. A question asked in 人次 takes 人次 with no note.
"""

from __future__ import annotations

from rag.numbers import Ask
from rag.value_match import asked_counts

__all__ = ["attendance_note"]

_PERSONS = frozenset("名人位")
_ATTENDANCES = "人次"


def attendance_note(ask: Ask, question: str, text: str) -> str | None:
    """The note for a passage ``text`` quoted for ``question``'s count of persons whose
    every answering figure is in 人次 (None when one is a head count, or persons are not
    asked)."""
    if ask.kind != "count" or ask.unit not in _PERSONS or ask.scale > 1:
        return None
    counts = asked_counts(ask, question, text)
    if not counts or any(x.unit != _ATTENDANCES for x in counts):
        return None
    shown = "、".join(dict.fromkeys(text[x.start : x.end].strip() for x in counts))
    return (
        f"注意：原文的数字是按“人次”计的（{shown}），即参加的人次累计，"
        "同一人参加多次计多次，不等于人数；所引原文未另给人数。"
    )
