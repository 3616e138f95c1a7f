"""The unit a speech is given for when its byline names the speaker alone (XXX同志) and the
body names the unit only by self-references (我院/全院/院党组, 我局/全局).

The organ type comes from the self-reference: 院 → 人民检察院 or 人民法院 (by which of the
words 检察 / 审判·法院 the speech uses more), 局 → the field of the meeting the title names
(在全市统计工作会议上 → 统计局). The place comes from a place name of the meeting's level
the text gives (the closing's 建设平安Y县, a name such as 北河县). A name is returned only
when both pieces are in the text; otherwise None.
"""

from __future__ import annotations

import re
from collections import Counter

from rag.places import is_place
from rag.references import without_references

__all__ = ["self_referred_unit", "stationed_unit"]

_CJK = "\u4e00-\u9fff"
_YUAN = re.compile(r"我院|全院|院党组|本院|院机关|院领导班子")
_JU = re.compile(r"我局|全局|局党组|本局|局机关|局领导班子")
# 在全区XX工作会议上 / 全市XX系统…会议: the meeting's level and field.
_MEETING = re.compile(
    rf"全(?P<lv>[省市区县])(?P<field>[{_CJK}]{{2,4}}?)(?:系统)?(?:工作|党建|全面从严治党|党风廉政)"
)
# A place with the level (1–3 characters and 区/县/市) after words a closing puts before it.
_PLACE_AFTER = "平安|法治|美丽|幸福|和谐|建设|奋力|打造|护航|服务"


def _organ(text: str, meeting_field: str | None) -> str | None:
    yuan, ju = len(_YUAN.findall(text)), len(_JU.findall(text))
    if yuan >= 2 and yuan > ju:
        jc = text.count("检察")
        sp = text.count("审判") + text.count("法院")
        if jc > sp:
            return "人民检察院"
        if sp > jc:
            return "人民法院"
        return None
    if ju >= 2 and ju > yuan and meeting_field:
        return meeting_field + "局"
    return None


def _place(text: str, level: str) -> str | None:
    found: Counter[str] = Counter()
    for m in re.finditer(
        rf"(?:{_PLACE_AFTER})(?P<p>[{_CJK}]{{1,3}}?{level})(?![{_CJK}]{{0,1}}委)", text
    ):
        name = m.group("p")
        if name[0] not in "全本我各该" and len(name) >= 2:
            found[name] += 1
    for m in re.finditer(rf"[{_CJK}]{{1,3}}{level}", text):
        for k in range(len(m.group(0)) - 1, -1, -1):
            cand = m.group(0)[k:]
            if len(cand) >= 2 and is_place(cand):
                found[cand] += 2
                break
    return found.most_common(1)[0][0] if found else None


def self_referred_unit(text: str, title: str) -> str | None:
    """``X区人民检察院`` / ``X市税务局`` for a speech whose unit is given only as 我院/我局 and
    the meeting's level and field, with the place named in the text; else None."""
    m = _MEETING.search(title) or _MEETING.search(text[:400])
    field = m.group("field") if m else None
    if field and field.endswith(("工作", "系统")):
        field = None
    organ = _organ(text, field)
    if organ is None or m is None:
        return None
    place = _place(text, m.group("lv"))
    return place + organ if place else None


# The discipline inspection group the higher 纪委监委 stations in a unit (派驻纪检监察组):
# 驻<unit>纪检监察组, 派驻<unit>纪检组. Its head sits on the unit's 党组 (局党组成员、驻X局
# 纪检监察组组长), so a speech of that 局党组 names its own unit there.
_STATIONED = re.compile(rf"(?:派驻|驻)(?P<u>[{_CJK}]{{2,20}}?)(?:纪检监察组|纪检组|纪检监察室)")
# The unit kind a speaker line's post opens on (局党组书记、局长; 委党组书记、主任; 中心党委
# 书记): the speaker's own unit, by its kind word alone.
_POST_KIND = re.compile(r"^(?P<k>中心|公司|集团|[局院委厅办署])(?:党组|党委|党工委|党总支)")
# A speech's words for its own unit by the kind word alone (我局, 全局, 局党组 …).
_OWN_KIND = {
    "局": _JU,
    "院": _YUAN,
    "委": re.compile(r"我委|全委|委党组|本委|委机关"),
    "厅": re.compile(r"我厅|全厅|厅党组|本厅|厅机关"),
}


# The endings of a unit's full name its kind word stands for (委 of X委员会).
_KIND_ENDS = {"委": ("委员会", "委"), "办": ("办公室", "办"), "院": ("院",)}


def _own_kind(text: str, speaker: str) -> str | None:
    m = _POST_KIND.match(speaker.strip())
    if m:
        return m.group("k")
    held = [k for k, pat in _OWN_KIND.items() if len(pat.findall(text)) >= 2]
    return held[0] if len(held) == 1 else None


def stationed_unit(text: str, speaker: str) -> tuple[str, str] | None:
    """The unit a speech whose speaker line and title name no unit is given for, from the
    discipline inspection group stationed in it (驻<unit>纪检监察组): the speech speaks of
    its own unit by a kind word (``speaker``'s post, 局党组书记; or 我局/局党组 in the body),
    and exactly one such group the text names is stationed in a unit of that kind. Passing
    references to another organ's meeting or document (``rag.references``) are left out.
    The unit's name and the words it is read from, or None."""
    kind = _own_kind(text, speaker)
    if kind is None:
        return None
    found: dict[str, str] = {}
    for m in _STATIONED.finditer(without_references(text)):
        unit = m.group("u")
        ends = _KIND_ENDS.get(kind, (kind,))
        if any(unit.endswith(e) and len(unit) > len(e) + 1 for e in ends):
            found.setdefault(unit, m.group(0))
    if len(found) != 1:
        return None
    unit, said = next(iter(found.items()))
    return (unit, said) if said in text else None
