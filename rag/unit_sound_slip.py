"""A unit's short name typed with one character of the same sound (pure function).

An input method offers every character of a syllable: a question names a unit by a short
form of its name (its level word left out, 东川区卫健局 for 东川区卫生健康局) and one
character of the organ's own name typed by its sound (东川区水利局 asked as 东川水力局). Such a
name is a slip of the department when one character, read alike (``rag.typo``'s
reading) and neither the first, the last (the kind word: 局, 厅, 委 kept) nor a level word
(省市县区镇乡: another level is another organ), turns it into a short form of the
department's name (``rag.question.abbreviates``). ``sound_slipped`` gives that respelt
form; the caller asks it of every department and keeps a single one.
"""

from __future__ import annotations

import re

from rag.question import abbreviates
from rag.typo import sounds_alike

__all__ = ["sound_slipped"]

# Characters never respelt: a level (another level is another organ) and the kind words a
# unit's name ends on.
_FIXED = frozenset("省市县区镇乡村厅局委办院部室处")


def sound_slipped(typed: str, department: str) -> str | None:
    """``typed`` (a unit's name as the question writes it, normalised) with one character
    read alike respelt so that it names ``department``, or None (no such character, or
    ``typed`` names it already). A party organ after the name (X水力局党组) is kept as
    typed and the name before it read."""
    party = _PARTY_TAIL.search(typed)
    if party and party.start() >= 4:
        core = _respelt(typed[: party.start()], department)
        return core + party.group() if core else None
    return _respelt(typed, department)


# A party organ a question may name a unit's documents by (X局党组, X局机关党委).
_PARTY_TAIL = re.compile(r"(?:机关党委|党组|党委|党总支|党支部)$")


def _respelt(typed: str, department: str) -> str | None:
    if len(typed) < 4 or abbreviates(typed, department):
        return None
    chars = set(department)
    for i in range(1, len(typed) - 1):
        ch = typed[i]
        if ch in _FIXED or ch in chars:
            continue
        for c in sorted(chars - _FIXED):
            if not ("\u4e00" <= c <= "\u9fff") or not sounds_alike(c, ch):
                continue
            form = typed[:i] + c + typed[i + 1 :]
            if abbreviates(form, department):
                return form
    return None
