"""A unit's place typed one character off, and a bare place asked about (pure functions).

An input method offers every character of a syllable, so a place name is often typed with
one character read alike (白沙县 typed 白杉县, 临泉市 typed 林泉市): the unit named is the
library's own, at its own place, whenever the rest of its name — the level and the organ —
is the department's word for word. ``place_slip`` finds the department's spelling of such
a name. A typed place that is a real division of the national list is another place, no
slip (a library of 朝阳区 units asked of 潮阳区 speaks of somewhere else).

A place alone (白沙县, with no organ word after it) names the area, not the one unit whose
name begins with it: ``bare_place`` tells such a span, ``shared_place`` whether several
organs of the library stand at that place (then the question asks across them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.places import is_place
from rag.typo import differ_once, sounds_alike

__all__ = ["bare_place", "place_head", "place_slip", "reads_as_place", "shared_place"]

# The place part of a name: two to four characters and a level word (the first such).
_PLACE_HEAD = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,4}?)(?:自治县|自治州|[省市县区旗])")
_BARE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,4}?(?:自治县|自治州|[省市县区旗])$")


def bare_place(span: str) -> bool:
    """``span`` is a place and its level only (白沙县, 临泉市), no organ after it."""
    return bool(_BARE.match(span))


def place_head(name: str) -> str | None:
    """The place and level ``name`` begins with (after 中共), else None."""
    head = _PLACE_HEAD.match(name)
    return head.group().removeprefix("中共") if head else None


def reads_as_place(typed: str, head: str) -> bool:
    """``typed`` (a place and its level) is ``head`` or ``head`` with one character of the
    place read alike and wrong (澄西市 of 澄溪市)."""
    if typed == head:
        return True
    return (
        len(typed) == len(head)
        and typed[-1] == head[-1]
        and differ_once(head, typed, in_name=True)
        and sounds_alike(head, typed)
        and not is_place(typed)
    )


def shared_place(place: str, organs: Iterable[str]) -> bool:
    """Two organs or more of ``organs`` (department names reduced to their organ) have their
    name begin with ``place`` (after 中共)."""
    return len({o for o in organs if o.removeprefix("中共").startswith(place)}) >= 2


def place_slip(typed: str, department: str) -> str | None:
    """The part of ``department``'s name that ``typed`` (a place, its level and an organ)
    spells with one character of the place read alike and wrong; None when the names
    differ elsewhere, by more, by a character not read alike, or the typed place is a
    real division of its own."""
    head = _PLACE_HEAD.match(typed)
    if head is None:
        return None
    place_end = head.end(1)
    n = len(typed)
    for start in range(len(department) - n + 1):
        cand = department[start : start + n]
        diff = [i for i, (a, b) in enumerate(zip(cand, typed, strict=True)) if a != b]
        if len(diff) != 1 or diff[0] >= place_end:
            continue
        # (inside a place name 和 is a syllable, no conjunction: ``in_name``)
        if differ_once(cand, typed, in_name=True) and sounds_alike(cand, typed):
            # (a real division typed is another place, however alike it reads)
            return None if is_place(typed[head.start(1) : head.end()]) else cand
    return None
