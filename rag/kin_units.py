"""Units of one family told apart by their names (pure): a parent, a sibling, a structural
word of a text.

By the conventions of organisation names a unit below an organ is named by the organ's
name, the part that tells it apart and its party organ (X局 + 机关第二 + 党支部, X大学 +
化工学院 + 党委). A unit's short names are forms of its OWN name; a name that leaves out the
part that tells it apart and keeps a party organ (X局机关党委, X大学党委) is the parent's
organ, another unit. ``names_parent`` says so.

A question's words that refer to a text's own structure (第二部分, 第三条, 第一章, 第四项)
are no unit's name: ``in_structural_word`` says whether a span ends inside one (第二部 of
第二部分 is no short name of a 第二党支部).

The page's portal (来源：X市人民政府网) published the page; it did nothing the page tells:
``without_publisher`` takes those fields out of a text read for what it says of units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.text import in_order

__all__ = [
    "asked_place",
    "in_structural_word",
    "is_structural",
    "kin_units",
    "names_parent",
    "other_place",
    "publishers",
    "sibling_branch",
    "titled_parent",
    "without_publisher",
]

_CJK = "\u4e00-\u9fff"
_NUM = "一二三四五六七八九十百零〇两\\d"

# A party organ a unit's name may end with (full or short), longest first.
_PARTY_TAIL = re.compile(
    r"(?:直属机关工作委员会|机关工作委员会|机关委员会|工作委员会|总支部委员会|支部委员会|委员会|"
    r"直属机关工委|机关工委|机关党委|党工委|党委|党组|党总支|总支|党支部|支部|工委|党小组)$"
)
# The organ word a parent's name ends on (X局, X大学, X集团): the leading part of a unit's
# name before the part that tells the unit apart.
_PARENT_END = re.compile(r"局|厅|委(?!员会)|大学|学校|集团|公司|医院|院|街道|中心|署")
# Words of the middle part that tell no unit apart: the organ's own 机关, 直属, and a
# company's legal form (X集团 | 有限公司 is the group itself: X集团党委 is its own organ;
# X集团 | 港口有限公司 still a subsidiary).
_NOT_DISTINCT = re.compile(r"机关|直属|股份有限公司|有限责任公司|有限公司")

# A reference to a part of a text: 第二部分, 第三条, 第一章, 第四项, 第五节, 第二款 …
_STRUCTURAL = re.compile(rf"第[{_NUM}]{{1,4}}(?:部分|条|章|项|节|款|篇|段|点|目|编|页)")


def _split(name: str) -> tuple[str, str]:
    """(the unit's name without 中共 and its party organ, the party organ)."""
    core = name.removeprefix("中共")
    m = _PARTY_TAIL.search(core)
    if m and m.start() >= 2:
        return core[: m.start()], m.group()
    return core, ""


def _parents(unit: str) -> list[tuple[str, str]]:
    """(parent, distinguishing part) for each leading part of ``unit`` that ends on an
    organ word and is followed by words that tell a unit apart (X局 | 机关第二 → 第二,
    X大学 | 化工学院 → 化工学院); none for X局机关 (the organ's own 机关)."""
    out: list[tuple[str, str]] = []
    for m in _PARENT_END.finditer(unit):
        if m.end() < 3 or m.end() >= len(unit):
            continue
        rest = _NOT_DISTINCT.sub("", unit[m.end() :])
        if rest:
            out.append((unit[: m.end()], rest))
    return out


def names_parent(span: str, department: str) -> bool:
    """``span`` (a question's words) names a party organ of ``department``'s parent, not
    the department: it ends on a party organ, and its characters are those of a parent's
    name (with 机关 and a party organ after it) in order, none of the part that tells the
    department apart (X局机关党委 or X局党委 of 中共X局机关第二支部委员会; X大学党委 of X大学
    化工学院党委). ``span`` naming the department's own organ (X局第二党支部, 化工学院党委)
    is no parent's."""
    body, tail = _split(span)
    if not tail:
        return False
    unit, _ = _split(department)
    for parent, distinct in _parents(unit):
        if any(ch in body for ch in distinct if ch not in parent) or in_order(body, distinct):
            continue  # (the unit's own part said: 税务局 of 国家税务总局 | 宁川市税务局)
        if in_order(body, parent + "机关"):
            return True
    return False


def is_structural(name: str) -> bool:
    """``name`` opens as a reference to a part of a text (第二部, 第三条, 第一章): no name."""
    return bool(_STRUCTURAL_START.match(name))


# The opening of a structural reference, possibly cut (第二部 of 第二部分).
_STRUCTURAL_START = re.compile(rf"第[{_NUM}]{{1,4}}(?:部|条|章|项|节|款|篇|段|点|目|编|页)")


def in_structural_word(text: str, start: int, end: int) -> bool:
    """The span ``text[start:end]`` ends inside a reference to a part of a text
    (第二部 of 第二部分, 第三 of 第三条) or begins inside one: it is no name."""
    for m in _STRUCTURAL.finditer(text):
        if m.start() < end < m.end() or m.start() < start < m.end():
            return True
        if start <= m.start() and m.end() <= end and end - start == m.end() - m.start():
            return True
    return False


# The field of a web page's info line that names the site it was published on.
_PUBLISHER = re.compile(
    rf"(?:来源|信息来源|稿件来源|来源网站)[：:][ \t\u3000]*(?P<site>[{_CJK}]*(?:网站|网))(?![{_CJK}])"
)


def without_publisher(text: str) -> str:
    """``text`` without the fields that name the site a page was published on (来源：X市人民
    政府网): the publisher is named there, not as one who did what the page tells."""
    return _PUBLISHER.sub("", text)


def publishers(text: str) -> list[str]:
    """The sites ``text`` says it was published on (来源：X市人民政府网 → X市人民政府网)."""
    return [m.group("site") for m in _PUBLISHER.finditer(text) if m.group("site")]


def _common(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def kin_units(name: str, departments: Sequence[str], published: Sequence[str] = ()) -> list[str]:
    """The departments of the family of ``name`` (a unit the library has no document of):
    those it shares a run of four characters with (its parent's or sibling's name: X局机关
    第一党支部 beside X局机关第二党支部, X大学党委 beside X大学Y学院党委), the numbered
    branches when it is one (第一党支部 beside X局第二党支部), and ``published``
    (the departments of the pages a site ``name`` published)."""
    core = _split(name)[0]
    near = [d for d in departments if _common(core, _split(d)[0]) >= 4]
    if _BRANCH.search(name):  # (a numbered branch: the numbered branches are its siblings)
        near += [d for d in departments if _BRANCH.search(d)]
    return list(dict.fromkeys([*published, *near]))


# A numbered branch of an organ (第二党支部, 第三支部, 第一党小组): its number tells it apart.
_BRANCH = re.compile(rf"第(?P<n>[{_NUM}]{{1,3}})(?:党支部|支部|党小组|党总支|总支)")


def sibling_branch(question: str, departments: Sequence[str], said: str) -> str | None:
    """A numbered branch the question names (第一党支部) whose number no department's name
    has and no text (``said``) names — where a department is a numbered branch (机关第二
    党支部), or where none is and the texts name a branch but none of that number: the
    branch's words, else None."""
    numbers = {m.group("n") for d in departments for m in _BRANCH.finditer(d)}
    for m in _BRANCH.finditer(question):
        if m.group("n") in numbers or m.group() in said:
            continue
        if numbers or (
            "党支部" in said and not any(f"第{m.group('n')}{w}" in said for w in ("党支部", "支部"))
        ):
            # (no department numbered: the branch asked of is a sibling when the texts speak
            # of a branch, none of its number — 第二党支部 of a page about a unit's only 党支部;
            # a text naming no branch at all leaves it the unit's own, as yet unnamed)
            return m.group()
    return None


# A place with its level at the head of a unit's name (X市, X区, X县, X省): the tiers of
# the administration a local organ's name is built of (X市 + Y区 + 市场监督管理局). 市场 and
# 市政 begin a line of work (市场监督管理局, 市政园林局), no level.
_PLACE_PIECE = re.compile(rf"(?P<place>[{_CJK}]{{2,4}}?)(?P<level>省|市|县|区|州|旗)(?!场|政)")
_LEVELS = "省市县区州旗"


def _place_pieces(core: str) -> tuple[list[tuple[str, str]], str]:
    """The places with their levels a unit's name opens with, outermost first, and the
    organ after them (X市Y区市场监督管理局 → [(X, 市), (Y, 区)], 市场监督管理局)."""
    pieces: list[tuple[str, str]] = []
    at = 0
    while m := _PLACE_PIECE.match(core, at):
        if len(core) - m.end() < 2:
            break
        pieces.append((m.group("place"), m.group("level")))
        at = m.end()
    return pieces, core[at:]


def asked_place(question: str, level_at: int) -> tuple[int, str]:
    """Where the place the question gives before the level word at ``level_at`` starts,
    and the place: the part of jieba's word holding the level word before it (南湖区 →
    南湖), or the word right before it (南湖 | 区), with the nouns before a part of one
    character (沂 | 澜市); (``level_at``, "") when there is none."""
    from rag.tokenize import pos_tags

    words: list[tuple[str, str, int]] = []
    pos = 0
    for word, flag in pos_tags(question):
        if pos >= level_at:
            break
        words.append((word, flag, pos))
        pos += len(word)
    at = level_at
    for word, flag, start in reversed(words):
        if start + len(word) > level_at:  # (the word holding the level word)
            at = start
            continue
        if level_at - at >= 2 or not flag.startswith(("ns", "n", "j", "x")):
            break
        at = start
    place = question[at:level_at]
    if len(place) < 2 or len(place) > 4 or re.search(rf"[^{_CJK}]|[的和与在是里对把向给从]", place):
        return level_at, ""
    return at, place


def other_place(question: str, start: int, end: int, department: str) -> tuple[int, int] | None:
    """The words at a department's mention (``start:end``) that name the same organ of
    another place — its parent's (X市市场监管局 for X市Y区市场监督管理局: the city's bureau,
    the district's left out), a sibling's (Z区市场监管局 beside Y区's) or a child's (Y区卫健委
    beside X市卫健委) — as a span of
    the question, else None. The organ is read where its name starts right after a level
    word (X市 | 市场…); the place before that level word, when the question gives one, must
    be the department's innermost place (Y区: its own, at any length of the rest)."""
    core = _split(department)[0].removeprefix("国家税务总局")
    pieces, organ = _place_pieces(core)
    if not pieces or len(organ) < 2:
        return None
    for p in range(max(0, start - 1), end - 1):
        if question[p] not in _LEVELS or question[p + 1] != organ[0]:
            continue
        if not in_order(question[p + 1 : min(end, p + 3)], organ):
            continue
        # (the department's own places first: jieba may cut one apart, 沂 | 澜市)
        own = [pl for pl, _ in pieces if question[:p].endswith(pl)]
        a, place = (p - len(own[0]), own[0]) if own else asked_place(question, p)
        level = question[p]
        inner_place, inner_level = pieces[-1]
        if not place or (place, level) == (inner_place, inner_level):
            return None
        if inner_place.endswith(place) or place.endswith(inner_place):
            return None  # (the place said short or long: 北湖区 of 东州北湖区)
        if any(place == o and level == lv for o, lv in pieces[:-1]):
            return a, end  # (the parent's: the inner place left out)
        if place not in core:
            return a, end  # (a sibling's or a child's: a place the name does not hold)
        return None
    return None


# A title opening on the unit above the issuer, joined by a word of belonging (X局所属Y中心
# 党支部…总结, X集团下属Y公司…): the parent is named, it issued nothing.
_TITLED_PARENT = re.compile(
    rf"(?:中共)?(?P<parent>[{_CJK}]{{2,20}}?(?:局|厅|委(?!员会)|大学|学校|集团|公司|医院|署))"
    r"(?:所属|下属|直属(?!机关)|属下)"
)


def titled_parent(title: str) -> str | None:
    """The parent unit a title opens on before a word of belonging (澄水县林业局 of 澄水县
    林业局所属县林场党支部2023年工作总结), else None: the issuer is the unit after it."""
    m = _TITLED_PARENT.match(title)
    return m.group("parent") if m else None
