"""Whether a count of persons is answered by a count of attendances (a pure function).

Official texts count training and outreach by 人次 — one person at three sessions is three
人次 — and name the persons themselves by 人, 名 or 位. ``rag.numbers.fits`` lets a 人次
figure answer a question in persons (培训了多少人 ↔ 培训党员320人次: the only figure there
often is), so the answer says which it quotes: when every figure of the quoted passage that
answers a count asked in persons is in 人次, a note names the unit the document uses and
says it is not a head count. Households visited (走访多少户 ↔ 走访120户次) likewise. A
question asked in 人次 (户次) takes that figure with no note.
"""

from __future__ import annotations

from rag.numbers import Ask
from rag.value_match import asked_counts

__all__ = ["attendance_note"]

# The unit of attendances of what a count asks in (persons by 人次, households by 户次).
_ATTENDANCE_OF = {"名": "人次", "人": "人次", "位": "人次", "户": "户次"}
_SAID = {"人次": "人数", "户次": "户数"}


def attendance_note(ask: Ask, question: str, text: str) -> str | None:
    """The note for a passage ``text`` quoted for ``question``'s count of persons whose
    every answering figure is in 人次 (None when one is a head count, or persons are not
    asked)."""
    unit = _ATTENDANCE_OF.get(ask.unit) if ask.kind == "count" and ask.scale == 1 else None
    if unit is None:
        return None
    counts = asked_counts(ask, question, text)
    if not counts or any(x.unit != unit for x in counts):
        return None
    shown = "、".join(dict.fromkeys(text[x.start : x.end].strip() for x in counts))
    heads = _SAID[unit]
    return (
        f"注意：原文的数字是按“{unit}”计的（{shown}），即累计的{unit}，"
        f"重复参加或走访的计多次，不等于{heads}；所引原文未另给{heads}。"
    )
