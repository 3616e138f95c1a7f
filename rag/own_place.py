"""The place a text names as its own, for a unit written by its level alone (县委, 区委办公室,
镇党委): a speech of a 县委书记 whose body says ``2024年，X县各级党组织…`` and ``全县…`` is
X县委's; a 区委办公室 notice that says ``推动Y区基层党组织建设`` is Y区委办公室's.

A mention of ``X县`` counts as the text's own place when it is not inside a passing
reference (``rag.references``), not named as another unit (X县人民政府, X县委组织部来我县),
not led by words of a visit or a comparison (赴X县, 学习借鉴X县), not a partner joined to
the clause (与X县结对) unless its units stand as a set (与X县各级党组织), and the text
shows it as its own: its units as a set (X县各级, X县各乡镇), its work (X县…工作, Y区基层党组织建设), or the
text speaking of the whole place (全县, 我县) as well. Exactly one such place of the level
is needed; none or several leave the name bare. (Word lists written from the conventions of
official documents, on invented sentences; no eval text.)
"""

from __future__ import annotations

import re

from rag.places import is_place
from rag.references import without_references

__all__ = ["own_place"]

_CJK = "\u4e00-\u9fff"
_CLAUSE = re.compile(r"[^，,。；;！？!?\n：:、（）()“”]+")
# Words the level character ends without naming a place (社区, 城乡, 乡镇 …).
_NOT_PLACE_BEFORE = {
    "区": "社园辖景片城校小发范能护验新地山库灾老牧矿林街营试市郊",
    "县": "郡州",
    "市": "城都超股上门夜集菜县",
    "镇": "城乡村重古名集小市",
    "乡": "城家故县镇下老同返回异",
}
# …and the characters after it that make a word of it (市级, 县域, 区直, 市场).
_NOT_PLACE_AFTER = "级域直属场内外情"
# Words a place name may follow inside a clause (为建设X县, 推动X县…).
_LEAD = re.compile(
    r"(?:为|在|把|将|对|是|让|使|向|从|到|于|与|同|和|跟|及|年|月|日|来|以来|当前|目前|如今|推动|推进|建设|打造|服务|助力|奋力|实现|"
    r"促进|加快|谱写|书写|争当|创建|建成|美丽|幸福|平安|法治|和谐|全体|我们)$"
)
# After the place: another unit of it (X县人民政府, X县委组织部), not the place itself.
_AS_UNIT = re.compile(
    r"^(?:委|政府|人民|人大|政协|纪委|监委|法院|检察|公安|[^，。]{0,6}?(?:局|办公室|组织部|宣传部|"
    r"统战部|中心|公司|集团|院|学校|中学|小学|银行|支行|分行|派出所|司法所|财政所|供电所|卫生所|"
    r"服务站|工作站|合作社|协会|商会))"
)
# Before the place, inside its clause: a visit, a comparison, a partner (赴X县考察).
_PASSING = re.compile(
    r"(?:赴|前往|到访|来自|学习|借鉴|考察|参观|对口|帮扶|援助|结对|兄弟|邻|向|比|较|超过|不如|像)"
)
# Right before the place: a partner joined to the clause (与X县结对) — the place's own only
# when its units stand as a set after it (甲县各级党组织与乙县各级党组织 names both).
_JOINED = re.compile(r"(?:与|同|和|跟|及|以及)$")
# After the place: the text's own units as a set, or its work.
_OWN_AFTER = re.compile(r"^(?:各|全体|广大|上下|干部群众|党员干部)")


# Words never inside a place's name (党在林区, 是青禾县).
_FUNCTION_WORD = "[为在把将对是让使向从到于的了和与及或并]"
_OWN_WORK = re.compile(r"工作|建设|发展|党建|基层|改革|治理")


def _names(clause: str, level: str) -> list[tuple[str, int]]:
    """Place names of ``level`` in ``clause`` (``X县``) with where each starts."""
    out: list[tuple[str, int]] = []
    banned = _NOT_PLACE_BEFORE.get(level, "")
    for m in re.finditer(level, clause):
        i = m.start()
        if clause[i + 1 : i + 2] and clause[i + 1] in _NOT_PLACE_AFTER:
            continue
        if (
            i < 2
            or clause[i - 1] in banned + "全本我各该每此两"
            or not re.match(rf"[{_CJK}]", clause[i - 1])
        ):
            continue
        pick = None
        for k in (3, 2):
            if i >= k and is_place(clause[i - k : i + 1]):
                pick = k
                break
        listed = pick is not None
        if pick is None:
            for k in (2, 3):
                if i < k:
                    break
                before = clause[: i - k]
                if before == "" or _LEAD.search(before):
                    pick = k
                    break
        if pick is None or (not listed and _led_by_function_word(clause, i - pick, i)):
            continue
        name = clause[i - pick : i + 1]
        if re.match(r"[全本我各该每此]|[省市县区镇乡]", name) or (
            not listed and re.search(_FUNCTION_WORD, name)
        ):
            continue
        out.append((name, i - pick))
    return out


# Parts of speech no place name starts with (举办区管干部, 三个区分开, 今年区委…): verbs,
# numerals, time words, measure words, prepositions, adverbs, pronouns, conjunctions,
# particles, locatives.
_NOT_NAME_TAG = re.compile(r"^[vmtqpdrcuf]")


def _led_by_function_word(clause: str, start: int, level_at: int) -> bool:
    """The word jieba cuts at ``start`` is of a part of speech no place name begins with,
    and ends before the level character (an unlisted name read from a clause's first
    characters: 举办区 of 举办区管干部专题读书班)."""
    from rag.tokenize import pos_tags

    pos = 0
    for word, tag in pos_tags(clause):
        if pos == start:
            # (a one-character cut says little of an unknown name: 临 | 水区 of 临水区)
            whole_word = len(word) >= 2 and pos + len(word) <= level_at
            return whole_word and bool(_NOT_NAME_TAG.match(tag))
        pos += len(word)
        if pos > start:
            return False
    return False


def own_place(text: str, level: str) -> tuple[str, str] | None:
    """The one place of ``level`` (县, 区, 市, 镇, 乡) ``text`` names as its own, and the
    clause that shows it; or None (no such place, or several)."""
    body = without_references(text)
    whole = re.search(rf"[全我本]{level}(?![{_CJK}]?委)", body) is not None
    owns: dict[str, str] = {}
    for cm in _CLAUSE.finditer(body):
        clause = cm.group()
        for name, start in _names(clause, level):
            rest = clause[start + len(name) :]
            unit = _AS_UNIT.match(rest) and not _OWN_AFTER.match(rest)
            if unit or _PASSING.search(clause[:start]):
                continue
            if _JOINED.search(clause[:start]):
                if _OWN_AFTER.match(rest):
                    owns.setdefault(name, clause.strip())
                continue
            if whole or _OWN_AFTER.match(rest) or _OWN_WORK.search(rest):
                owns.setdefault(name, clause.strip())
    if len(owns) != 1:
        return None
    name, phrase = next(iter(owns.items()))
    return (name, phrase) if phrase in text else None
