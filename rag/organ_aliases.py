"""A department named the way people say it, not the way its documents write it (pure).

Two closed classes of the administration give names no document of the library uses:

- **former names of organs.** The 2018 reform of party and state organs (and the
  mergers before it) renamed lines of work: 环保局 became 生态环境局; 工商、质监、食药监
  became 市场监督管理局; 国土、规划 became 自然资源（和规划）局; 卫计委 became 卫生健康委;
  文化、广电、旅游 became 文化和旅游局; 农业局、农委 became 农业农村局; 安监局 became
  应急管理局; 国税、地税 became 税务局; 法制办 went into 司法局 … People keep the old name.
- **one-character abbreviations of places.** Provinces and some cities are called by one
  character (沪 for 上海, 粤 for 广东, 甬 for 宁波, 穗 for 广州): 甬教育局 is 宁波市教育局.

``read_aliases`` rewrites such a name into the name of a department the library holds
(the organ words as that department writes them, the place as it writes it), and says
what it rewrote (``rag.typo.Fix``, shown to the user as a note). A name the library does
hold as written is left alone, and so is one that names no department of the library:
宣传部 where no document is a 宣传部's stays what it is, to be refused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.places import is_place
from rag.question import department_mentions
from rag.text import normalize
from rag.tokenize import pos_tags
from rag.typo import Fix

__all__ = ["read_aliases"]


@dataclass(frozen=True)
class _Rename:
    """Former or everyday names (with their organ word) of one line of work, and the
    organ name a department of today writes for it."""

    old: re.Pattern[str]
    new: re.Pattern[str]


def _rename(old: str, new: str) -> _Rename:
    return _Rename(re.compile(old), re.compile(new))


# (the old names with their organ word: 环保 alone is a topic — 环保督察 — not an organ;
# 国资委, 编办 are today's everyday names the abbreviation rule cannot read)
_RENAMES: tuple[_Rename, ...] = (
    _rename(r"(?:环保|环境保护)(?:分局|局|厅|部)", r"生态环境(?:分局|局|厅|部)"),
    _rename(
        r"(?:工商行政管理|工商|质量技术监督|质监|技术监督|食品药品监督管理|食品药品监管|"
        r"食药监管|食药监|市监)(?:分局|局)",
        r"市场监督管理(?:分局|局)|市场监管(?:分局|局)",
    ),
    _rename(
        r"(?:国土资源和规划|规划和国土资源|国土资源|国土|城乡规划|规划)(?:分局|局|厅|部)",
        r"自然资源(?:和规划)?(?:分局|局|厅|部)",
    ),
    _rename(
        r"(?:卫生和计划生育|卫生计生|卫计|人口和计划生育|人口计生|计划生育|计生|卫生)"
        r"(?:委员会|委|局|厅)",
        r"卫生健康(?:委员会|委|局|厅)|卫健(?:委|局)",
    ),
    _rename(
        r"(?:文化广电新闻出版|文化广播电视|文化广电|文广新|文广|文化体育|文体|文化|广电|"
        r"旅游发展|旅游)(?:委员会|委|局|厅)",
        r"文化[\u4e00-\u9fff]{0,6}?旅游(?:委员会|局|厅|部)|文旅(?:局|厅)",
    ),
    _rename(
        r"(?:农业委员会|农委|(?:农业|农牧|农林|农机|畜牧兽医|畜牧)(?:委员会|局|厅))",
        r"农业农村(?:委员会|委|局|厅|部)",
    ),
    _rename(r"(?:安全生产监督管理|安全生产监管|安监)(?:分局|局|厅)", r"应急管理(?:分局|局|厅|部)"),
    _rename(r"(?:国家税务|地方税务|国税|地税)(?:分局|局)", r"税务(?:分局|局)"),
    _rename(r"(?:人事|劳动和社会保障|劳动保障|劳动)(?:局|厅)", r"人力资源和社会保障(?:局|厅|部)"),
    _rename(r"(?:法制办公室|法制办)", r"司法(?:局|厅|部)"),
    _rename(r"(?:科学技术委员会|科委)", r"科学技术(?:局|厅|委员会)|科技(?:局|厅)"),
    _rename(r"(?:经济和信息化|经信)(?:委员会|委|局)", r"工业和信息化(?:局|厅|委员会)|工信局"),
    _rename(r"(?:教育委员会|教委)", r"教育(?:局|厅|委员会)"),
    # (everyday short names the abbreviation rule cannot read: too few telling characters)
    _rename(r"国资委", r"国有资产监督管理委员会"),
    _rename(r"(?:编办|编制办)", r"机构编制委员会办公室"),
    _rename(
        r"(?:城乡建设委员会|建设委员会|建委|建设局)",
        r"住房和城乡建设(?:局|厅|委员会)|住建(?:局|委)",
    ),
)

# One-character abbreviations of provinces and of cities people call so, with the full
# name of each place they stand for (two places for one character: the library decides).
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "京": ("北京市",),
    "沪": ("上海市",),
    "津": ("天津市",),
    "渝": ("重庆市",),
    "冀": ("河北省",),
    "晋": ("山西省",),
    "蒙": ("内蒙古自治区",),
    "辽": ("辽宁省",),
    "吉": ("吉林省", "吉林市"),
    "黑": ("黑龙江省",),
    "苏": ("江苏省", "苏州市"),
    "浙": ("浙江省",),
    "皖": ("安徽省",),
    "闽": ("福建省",),
    "赣": ("江西省",),
    "鲁": ("山东省",),
    "豫": ("河南省",),
    "鄂": ("湖北省",),
    "湘": ("湖南省",),
    "粤": ("广东省",),
    "桂": ("广西壮族自治区", "桂林市"),
    "琼": ("海南省",),
    "川": ("四川省",),
    "蜀": ("四川省",),
    "贵": ("贵州省",),
    "黔": ("贵州省",),
    "云": ("云南省",),
    "滇": ("云南省",),
    "藏": ("西藏自治区",),
    "陕": ("陕西省",),
    "秦": ("陕西省",),
    "甘": ("甘肃省",),
    "陇": ("甘肃省",),
    "青": ("青海省",),
    "宁": ("宁夏回族自治区", "南京市"),
    "新": ("新疆维吾尔自治区",),
    "穗": ("广州市",),
    "深": ("深圳市",),
    "蓉": ("成都市",),
    "甬": ("宁波市",),
    "杭": ("杭州市",),
    "厦": ("厦门市",),
    "汉": ("武汉市",),
    "榕": ("福州市",),
    "邕": ("南宁市",),
    "筑": ("贵阳市",),
    "锡": ("无锡市",),
    "莞": ("东莞市",),
}
# Abbreviations that are no everyday word of their own (甬, 沪, 粤 — unlike 新, 深, 云):
# one of them before an organ names a place even where the library holds none of it.
_RARE = frozenset("沪渝冀皖闽赣鲁豫鄂湘粤琼蜀黔滇陕陇穗蓉甬榕邕莞")
_LEVEL_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")
_LEVELS = frozenset("省市县区镇乡")
# The organ word a department's name ends on right after a place (教育局, 市委, 发改委).
_ORGAN_END = re.compile(r"(?:委员会|工委|委|局|厅|部|办|院|署|中心)$")


def _tier(organ: str) -> str:
    """The level an organ's word names: a province's 厅, the state's 部, else a city's or
    county's organ (局, 委, 委员会, 办 — a reform renamed one as another at one level:
    农委 became 农业农村局)."""
    return organ[-1] if organ[-1] in "厅部" else "局"


def _short(place: str) -> str:
    return _LEVEL_SUFFIX.sub("", place)


def _tokens(question: str) -> list[tuple[str, str, int]]:
    """jieba's words of ``question`` with their tags and where each starts."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    for word, flag in pos_tags(question):
        out.append((word, flag, pos))
        pos += len(word)
    return out


def _placed(tokens: Sequence[tuple[str, str, int]], start: int) -> bool:
    """A place or a level word stands right before ``start`` (临江工商局, 市工商局)."""
    before = [t for t in tokens if t[2] + len(t[0]) == start]
    if not before:  # (inside a word: 市工商局)
        inside = [t for t in tokens if t[2] < start < t[2] + len(t[0])]
        return bool(inside) and inside[0][0][start - inside[0][2] - 1] in _LEVELS
    word, flag, _ = before[0]
    return word[-1] in _LEVELS or word in _ABBREVIATIONS or flag.startswith("ns") or is_place(word)


def _full_names(departments: Sequence[str], form: str) -> list[str]:
    """The names, up to ``form``, of the organisations whose department names hold it
    (中共临江市市场监督管理局机关委员会 → 临江市市场监督管理局), one per organisation."""
    out: list[str] = []
    for d in departments:
        n = normalize(d).removeprefix("中共")
        i = n.find(form)
        if i >= 0 and n[: i + len(form)] not in out:
            out.append(n[: i + len(form)])
    return out


@functools.lru_cache(maxsize=64)
def _organ_forms(departments: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The organ names matching ``pattern`` the library's departments write, most
    departments first (then shortest)."""
    count: dict[str, int] = {}
    for d in departments:
        for m in pattern.finditer(normalize(d)):
            count[m.group()] = count.get(m.group(), 0) + 1
    return tuple(sorted(count, key=lambda f: (-count[f], len(f))))


def _renamed(question: str, departments: tuple[str, ...]) -> tuple[str, list[Fix]]:
    fixes: list[Fix] = []
    if not any(rn.old.search(question) for rn in _RENAMES):
        return question, fixes
    out = question
    tokens = _tokens(question)
    starts = {t[2] for t in tokens}
    names = [normalize(d) for d in departments]
    for rn in _RENAMES:
        forms = _organ_forms(departments, rn.new)
        if not forms:
            continue  # no department of that line of work: the old name names none
        current = {m.span() for m in rn.new.finditer(question)}
        for m in rn.old.finditer(question):
            typed = m.group()
            inside = m.start() not in starts and question[m.start() - 1 : m.start()] not in _LEVELS
            if inside or any(a < m.end() and m.start() < b for a, b in current):
                continue  # inside a word (审计委员会), or inside today's name (文化和旅游局)
            if any(normalize(typed) in n for n in names) or any(
                k.start == 0 and k.end == len(typed)
                for k in department_mentions(typed, departments)
            ):
                continue  # a department of the library is called so
            # (a province's 厅, the state's 部 and a city's or county's 局 or 委 are organs of
            # their own levels: 环保厅 is no 生态环境局, whatever the reform renamed)
            tier = [f for f in forms if _tier(f) == _tier(typed)]
            if not tier:
                continue
            same_end = [f for f in tier if f[-1] == typed[-1]]
            meant = (same_end or tier)[0]
            whole = _full_names(departments, meant)
            # (no place said: each organisation of that line of work, by its name — unless
            # one is the library's own, named by its level alone: 市生态环境局)
            own = any(len(w) == len(meant) + 1 and w[0] in _LEVELS for w in whole)
            if len(whole) > 1 and not own and not _placed(tokens, m.start()):
                meant = "和".join(whole)
            out = out.replace(typed, meant, 1)
            fixes.append(Fix(typed, meant))
    return out, fixes


def _place_in(department: str, place: str) -> str | None:
    """How ``department`` writes ``place`` (宁波市, or 宁波 without its level), or None."""
    short = _short(place)
    m = re.search(
        re.escape(short) + r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)?", department
    )
    return m.group() if m else None


def _abbreviated(question: str, departments: tuple[str, ...]) -> tuple[str, list[Fix]]:
    if not any(ch in _ABBREVIATIONS for ch in question):
        return question, []
    tokens = _tokens(question)
    for k, (word, _, start) in enumerate(tokens[:-1]):
        places = _ABBREVIATIONS.get(word)
        if not places:
            continue
        after = question[start + 1 :]
        held: dict[str, str] = {}  # how the library writes each place it holds
        for place in places:
            for d in departments:
                written = _place_in(d, place)
                if written is None:
                    continue
                window = written + after[: len(d) + 4]
                if any(
                    m.department == d and m.start == 0 and m.end > len(written)
                    for m in department_mentions(window, departments)
                ):
                    held.setdefault(place, written)
        if len(held) == 1:
            written = next(iter(held.values()))
        elif not held and len(places) == 1 and word in _RARE:
            nxt = tokens[k + 1][0]
            if not _ORGAN_END.search(nxt) and not department_mentions(after[:12], departments):
                continue
            written = places[0]
        else:
            continue  # two places of the library, or a word that may be no place
        organ = department_mentions(after[:16], departments)
        span = after[: organ[0].end] if organ and organ[0].start == 0 else tokens[k + 1][0]
        typed = word + span
        meant = written + span
        return question.replace(typed, meant, 1), [Fix(typed, meant)]
    return question, []


def read_aliases(question: str, departments: Sequence[str]) -> tuple[str, tuple[Fix, ...]]:
    """``question`` with an organ's former or everyday name and a place's one-character
    abbreviation written as the library's department writes them, and the rewrites."""
    depts = tuple(sorted({d for d in departments if d}))
    if not depts:
        return question, ()
    out, fixes = _renamed(question, depts)
    out, more = _abbreviated(out, depts)
    for late in more:
        # (穗环保局: one rewrite said, from what was typed to what was read)
        early = next((f for f in fixes if f.meant in late.typed), None)
        if early is not None:
            fixes.remove(early)
            late = Fix(late.typed.replace(early.meant, early.typed, 1), late.meant)
        fixes.append(late)
    return out, tuple(fixes)
