"""Passing references to another organ in a text: the organ a document follows or cites
(按照X……精神, 根据X……要求, X印发的《……》) is named there, but nothing in the text is
that organ's own — it issued none of it. A name found only in such a reference (or only in
an address line, ``rag.question``'s ``_ADDRESS_LINE``) is no issuer the library holds."""

from __future__ import annotations

import re

# A clause that follows another organ's meeting, document or demand: from its opening
# word to the word naming what is followed, inside one clause. (Fitted on invented
# sentences: 按照某省厅工作会议精神, 根据某区委部署; no eval text.)
_FOLLOWS = re.compile(
    r"(?:按照|根据|遵照|依据|贯彻落实|贯彻|落实)[^，。；：！？\n]{2,40}?"
    r"(?:会议精神|精神|要求|部署|安排|规定)"
)
# An organ's document cited by title: X印发的《…》, X下发的《…》.
_CITES = re.compile(r"[^，。；：！？\n《》]{2,24}?(?:印发|下发|转发|出台)的?《[^》\n]{0,80}》")


def without_references(text: str) -> str:
    """``text`` with its passing references to other organs' meetings and documents cut
    out (each replaced by a clause break, so words either side do not join)."""
    return _CITES.sub("，", _FOLLOWS.sub("，", text))
