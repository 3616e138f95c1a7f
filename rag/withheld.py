"""Whether a question asks *which ones* or *who* of a set, and whether a passage names them.

Official documents often give a set by its count alone (评选优秀教师8名, 新成立党支部3个,
与6家单位结对共建) or withhold it (成员名单（略）, 名单附后). A question asking
the members of such a set (这8名教师都是谁, 3个党支部是哪几个, 中心组成员都有谁) is not
answered by the count sentence: only a passage that names them (an enumeration 甲、乙,
a list after a colon, a name standing before the noun) answers it. Two pure checks:

- ``identity_noun``: the noun whose members the question asks (a counted set followed by
  是谁/有谁/是哪几…, the members or list of a body, 的是哪个X), or "". Questions asking who
  *said* or *issued* something (是谁讲的, 发文单位是谁) are attribution, not members.
- ``names_given``: some clause of the text holding that noun names its members.
"""

from __future__ import annotations

import re

from rag.script import to_simplified

__all__ = ["identity_noun", "names_given"]

_NUM = r"(?:\d+|[一二两三四五六七八九十百]+)"
_UNIT = r"[名个家所位人项支座处户]"
# The end of a who/which ask: nothing but a particle, a measure word's noun (哪几个村的)
# or the end of the clause follows (是谁讲的 asks a speaker, not members).
_ASK_END = r"(?:的)?(?:呀|啊|呢|吗)?(?=[，,？?。！!；;\s]|$)"
_WHICH = (
    r"(?:是谁|有谁|都有谁|都是谁|是哪些人|有哪些人|是哪几[位个家所名支座处户项]?[\u4e00-\u9fff]{0,2}|"
    r"是哪些[\u4e00-\u9fff]{0,2}|"
    # (their names asked: 都叫什么, 叫什么名字, 的姓名是什么, 名字分别是啥)
    r"(?:都|各)?叫(?:什么|啥)(?:名字)?|的?(?:姓名|名字|名单)(?:都|分别)?(?:是什么|是啥|是|有哪些)?)"
)
# 5名先进个人都是谁 / 4个示范点是哪几个 / 6家单位是哪几家
# (words of asking between the noun and the ask — 具体指的, 都分别, 又是 — are no part of
# the noun: 两个维护具体指的是哪几个 asks of 维护)
_COUNTED = re.compile(
    rf"{_NUM}\s*{_UNIT}(?!都|又|分别|具体|各|主要|指)([\u4e00-\u9fff]{{2,12}}?)[”」』]?(?:都|又|分别|具体|各|主要)*(?:指的?|说的)?"
    rf"({_WHICH}){_ASK_END}"
)
# 示范点4个是哪几个 / 先进个人5名都是谁: the set named before its count
_COUNTED_AFTER = re.compile(
    rf"([\u4e00-\u9fff]{{2,12}}?)的?{_NUM}\s*[名个家所位人支座处户](?:都|又|分别|具体|各)*(?:指的?)?"
    rf"({_WHICH}){_ASK_END}"
)
# 受处分的3人姓名是什么 / 评上X的10个人的名字: the set named before its count, its names asked
_NAMES_OF_COUNTED = re.compile(
    rf"([\u4e00-\u9fff]{{2,12}}?)的?{_NUM}\s*{_UNIT}人?的?(?:姓名|名字|名单)"
)
# 中心组成员都有谁 / 领导小组名单
_MEMBERS = re.compile(
    r"(成员|组成人员|人员名单|名单)(?:都|分别|具体)?(?:有谁|是谁|都是谁|有哪些人|是哪些人|有哪些|是哪些|包括哪些人?)"
)
# 获评…的是哪个支部 (a body, not a document, a department or a time)
_WHICH_ONE = re.compile(r"的是哪(?:个|家|所|位|支)([\u4e00-\u9fff]{2,8}?)" + _ASK_END)
_NOT_MEMBERS = re.compile(
    r"(?:部门|单位|文件|材料|文档|会议|讲话|领导|时候|方面|部分|年|月|天)$|"
    # (的是哪个单位的支部: which organisation's body, asked by its organisation)
    r"^(?:单位|部门|机关|学校|学院|院系|系|街道|乡镇|镇|社区|村|企业|公司)的"
)
# A counted set that is no set of members (3个方面是哪些: the parts of a text).
_NOT_COUNTED = re.compile(r"(?:文件|材料|文档|会议|讲话|领导|时候|方面|部分|年|月|天)$")
# 督导组都有谁 / 考核小组的成员是哪些人: the members of a body named by its group word.
_BODY = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:小组|组|专班|委员会|班子|队))的?(?:成员|组成人员|人员)?"
    r"(?:都|分别|具体)?(?:有谁|是谁|都是谁|有哪些人|是哪些人|由哪些人组成)"
)
_WITHHELD = re.compile(r"略|附后|另发|见附件|另行通知|另行公布|另文|另行确定")
# Clauses of a text; a table's cells (tab, |) are clauses of their own (a row's 责任单位
# cell names units, not the members of the set in the task cell).
_CLAUSE = re.compile(r"[^，,；;。！？!?\n\t|]+")
# Words before a noun that pick no member (其他支部, 各督导组, 全体党员, 每名教师).
_DETERMINER = re.compile(
    r"(?:其他|其余|各个|各|全体|每名|每个|每位|每|有关|相关|所有|全部|本|该|这些|上述|个别|少数|多数|一些|有的|部分)$"
)
# (a numbered formula is often quoted or bracketed after its items: 学习、督查“四个到位”)
_QUOTE = r"[“”\"'‘’「」『』《》〈〉【】]*"
# An enumeration of the noun: after it (为/是/包括/：甲、乙) or just before it (甲、乙等3个支部).
_ENUM_AFTER = re.compile(
    rf"{_QUOTE}\s*(?:{_NUM}\s*{_UNIT})?\s*(?:分别)?(?:为|是|包括|有|：|:)"
    r"\s*[\u4e00-\u9fffA-Za-z0-9（）()]{1,20}、"
)
_ENUM_BEFORE = re.compile(
    rf"、[\u4e00-\u9fffA-Za-z0-9（）()]{{1,20}}(?:等)?{_QUOTE}(?:{_NUM}\s*{_UNIT})?"
    rf"[\u4e00-\u9fff]{{0,4}}$"
)


def identity_noun(question: str) -> str:
    """The noun whose members ``question`` asks (8名教师都是谁 → 教师), or ""."""
    q = to_simplified(question).replace(" ", "")
    m = _COUNTED.search(q)
    # (是哪些方面, 是哪几部分: the parts of a text the ask names, never members)
    if m and not _NOT_COUNTED.search(m.group(1)) and not _NOT_COUNTED.search(m.group(2)):
        return m.group(1)  # (3个单位是哪几个: the units, named or only counted)
    m = _NAMES_OF_COUNTED.search(q)
    if m and not _NOT_COUNTED.search(m.group(1)):
        return m.group(1)
    m = _COUNTED_AFTER.search(q)
    if m and not _NOT_COUNTED.search(m.group(1)) and not _NOT_COUNTED.search(m.group(2)):
        return m.group(1)
    m = _WHICH_ONE.search(q)
    if m and not _NOT_MEMBERS.search(m.group(1)):
        return m.group(1)
    m = _MEMBERS.search(q)
    if m:
        return m.group(1)
    m = _BODY.search(q)
    return m.group(1) if m and not _NOT_MEMBERS.search(m.group(1)) else ""


def _piece(noun: str, text: str) -> str:
    """The longest tail of ``noun`` (two characters at least) that ``text`` holds."""
    for i in range(len(noun) - 1):
        if noun[i:] in text:
            return noun[i:]
    return ""


def names_given(noun: str, text: str) -> bool:
    """Some clause of ``text`` holding ``noun`` names its members: an enumeration (、), a
    list after a colon, or a name before the noun that is no count (机关第二支部获评)."""
    plain = to_simplified(text)
    piece = _piece(noun, plain)
    if not piece:
        return False
    for m in _CLAUSE.finditer(plain):
        clause = m.group()
        at = clause.find(piece)
        if at < 0:
            continue
        if _WITHHELD.search(clause):
            continue
        after = clause[at + len(piece) :]
        before = clause[:at]
        if _ENUM_AFTER.match(after) or _ENUM_BEFORE.search(before):
            return True
        if re.match(r"\s*[：:]\s*\S", after):
            return True
        if _DETERMINER.search(before):
            continue  # 各督导组组长, 其他支部: no member named
        counted_before = re.search(rf"{_NUM}\s*{_UNIT}[\u4e00-\u9fff]{{0,4}}$", before)
        counted_after = re.match(rf"\s*{_NUM}\s*{_UNIT}", after)
        if counted_before or counted_after:
            continue
        if noun in clause and re.search(r"[\u4e00-\u9fff]$", before) is None:
            continue  # the bare noun, nothing naming it (成员名单, 支部获评)
        return True
    return False
