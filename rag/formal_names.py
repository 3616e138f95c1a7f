"""The formal name a document's own text gives its department's party organ.

By the convention of party-organ names, an organ's formal name carries the party's name in
front (中共X县委宣传部, 中国共产党X市委员会) and a party committee's full word (中共X局机关委员会
for X局机关党委); a document often uses the short form and writes the formal one only once —
in its 版头, its 落款, or inside the title of a paper it cites (《中共X县委宣传部关于……的通报》).
``formal_name`` finds that form in the text, for the same organ only: the same place and
organ (the short form with the party's name in front, or one of the formal name's own short
forms by ``rag.metadata.department_aliases``), never a longer organ that merely begins
with it (中共X县委宣传部机关委员会 is another organ)."""

from __future__ import annotations

import functools
import re

__all__ = ["formal_name"]

_CJK = "\u4e00-\u9fff"
_PARTY = re.compile(r"中国共产党|中共")
# What may follow an organ's name where the name ends (a verb, a particle, 关于 of a title):
# a name followed by other characters is the start of a longer name.
_AFTER = re.compile(
    rf"(?:[^{_CJK}]|$|关于|印发|转发|召开|会同|联合|发布|制定|下发|的|和|与|及|、|文件|通知|决定|"
    r"通报|意见|办法|方案|党员|于|在|对|将|按|向|为|是|要|已|印|第|代表)"
)
_MAX_NAME = 40
_PARTY_TAIL = re.compile(r"(?:党委|党工委|工委|党总支|党支部|党组|委员会)$")


def _party_form(name: str) -> str:
    return "中共" + name.removeprefix("中国共产党").removeprefix("中共")


def _same_organ(candidate: str, department: str) -> bool:
    """``candidate`` (a 中共… name of the text) is the formal name of ``department``."""
    from rag.metadata import department_aliases

    formal = _party_form(candidate)
    core = formal.removeprefix("中共")
    dept = department.removeprefix("中国共产党").removeprefix("中共")
    if core == dept or (core.endswith("委员会") and core[:-3] + "委" == dept):
        return True  # (中国共产党X市委员会 is the X市委)
    if dept in department_aliases(formal):
        # a party committee's short form (X局机关党委 of 中共X局机关委员会), not the bare
        # organ the committee is of (X局 has its own name)
        return not core.endswith("委员会") or _PARTY_TAIL.search(dept) is not None
    # A department read without its place (县委组织部 from a speaker's post): the text's
    # formal name of that level's organ with its place in front (中共X县委组织部).
    return (
        dept[:1] in "省市县区"
        and core.endswith(dept)
        and 2 <= len(core) - len(dept) <= 6
        and re.fullmatch(rf"[{_CJK}]+", core[: -len(dept)]) is not None
        and not re.search(r"[委部局办厅]", core[: -len(dept)])
    )


@functools.lru_cache(maxsize=256)
def formal_name(department: str, text: str) -> str:
    """The fullest formal name of ``department`` that ``text`` writes out (中共X县委宣传部 for
    X县委宣传部), as the text spells it; ``""`` when the text has none longer than the
    department's own name, or names more than one place for a placeless department."""
    found: dict[str, int] = {}
    for m in _PARTY.finditer(text):
        best = ""
        for end in range(m.end() + 2, min(len(text), m.start() + _MAX_NAME) + 1):
            cand = text[m.start() : end]
            if not re.fullmatch(rf"[{_CJK}（）]+", cand):
                break
            if _AFTER.match(text, end) and _same_organ(cand, department):
                best = cand
        if best:
            found[best] = found.get(best, 0) + 1
    names = [n for n in found if len(n) > len(department) and n != department]
    # (two places for one placeless organ: neither is known to be its own)
    cores = {_party_form(n).removeprefix("中共") for n in names}
    if len(cores) > 1 and not any(c == department.removeprefix("中共") for c in cores):
        tails = {c for c in cores if not c.endswith(department)}
        if len(cores - tails) > 1:
            return ""
    if not names:
        return ""
    return max(names, key=lambda n: (len(n), found[n]))
