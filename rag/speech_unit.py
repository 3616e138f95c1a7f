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

__all__ = ["self_referred_unit"]

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
