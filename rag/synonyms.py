"""Near-synonyms of the party-building genre: words a question uses for what a heading
says in other words (党员带头 for 发挥先锋模范作用, 抓廉洁 for 党风廉政建设, 下一步打算 for
2024年工作思路). A small closed lexicon of the genre's common vocabulary, fitted on
tests/data/own/lists-tuned.jsonl and reported on lists-heldout.jsonl; no phrase of any one
document. A question word that holds a member of a group is related to the group's other
members; a match through a synonym counts ``SYNONYM_CREDIT`` of a literal one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rag.clipped_verbs import spoken_form

SYNONYM_CREDIT = 0.8

GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split())
    for g in (
        # setting an example
        "带头 先锋 模范 表率 示范 带动 领头",
        # integrity, discipline, anti-corruption
        "廉洁 廉政 清廉 反腐 腐败 正风肃纪 肃纪",
        # conduct and work style
        "作风 风气 不正之风 四风",
        # the party's grass-roots organisations (党组织建设 for 建强战斗堡垒 … 规范支部设置)
        "党组织 支部 党小组 堡垒 基层组织",
        # the cadre force
        "队伍 干部 人才 骨干",
        # training people
        "培养 培育 培训 轮训 锻炼",
        # plans for what comes next
        "打算 思路 计划 安排 下一步 展望 谋划",
        # shortcomings
        "不足 问题 短板 差距 薄弱 毛病 缺点",
        # results
        "成效 成绩 成果 亮点",
        # goals
        "目标 目的",
        # theory study
        "学习 理论 武装",
        # rules and procedure
        "规矩 制度 机制 规范",
        # decisions
        "决策 议事",
        # duty
        "责任 职责 主体责任",
        # supervision and checks
        "督查 督导 检查 考核 考评",
        # organisation set-up
        "架构 设置 体系",
        # integration of party work with the business
        "结合 融合 互促",
        # income
        "增收 收入 集体经济",
    )
)


# A name of a summary's part that is also a word of quantity: 不足 before a number is
# "less than" (收入不足5万元), not a shortcoming. A text's such occurrences hold no part name
# unless the question asks about an amount itself (不足5万元的村: a word of ``others`` holds
# a figure or a unit of one).
_QUANTITY_SENSE = re.compile(
    r"不足(?=[\d〇零一二三四五六七八九十百千万两半]|[成倍]|[个名项人户元家次])"
)
_AMOUNT = re.compile(r"[\d〇零一二三四五六七八九十百千万两半%]|[元户人名个家项次倍成]$")


def _other_sense(word: str, text: str, others: Sequence[str]) -> str:
    """``text`` with the quantity-sense occurrences of a part name blanked (□), when the
    word is that name and no word of the question is an amount; else ``text``."""
    if "不足" not in word or any(_AMOUNT.search(o) for o in others if o != word):
        return text
    return _QUANTITY_SENSE.sub("□□", text)


# The conventional parts of a summary or report (a closed class each): a heading that is
# little more than one of these names (二、存在的问题, 三、问题和差距, 四、下一步工作打算) is
# the part a question naming any member asks for — a full match, so the part, not an item
# under it using the word literally (一是…存在短板…), answers 短板有哪些.
PART_NAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split())
    for g in (
        "不足 问题 短板 差距 薄弱 毛病 缺点",
        "成效 成绩 成果 亮点",
        "打算 思路 下一步 展望 谋划",
    )
)
_PART_HEADING_MAX = 14  # characters of a heading that names a part (its marker aside)
_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|"
    r"\d+[、.．])"
)


def names_part(word: str, heading: str) -> bool:
    """``heading`` is the name of a conventional part (``PART_NAMES``) of which ``word``
    holds a member: short, and holding a member of the same class."""
    rest = _MARKER.sub("", heading.strip())
    if not rest or len(rest) > _PART_HEADING_MAX:
        return False
    # (the name closes the heading or a pair of names: 问题和差距, 存在的不足和下一步打算 —
    # not 坚持问题导向)
    rest = re.sub(r"[：:。，,\s]+$", "", rest)
    return any(
        any(m in word for m in g)
        and any(re.search(re.escape(m) + r"(?:$|[和与及、])", rest) for m in g)
        for g in PART_NAMES
    )


@lru_cache(maxsize=4096)
def related(word: str) -> tuple[str, ...]:
    """The other members of every group ``word`` holds a member of (带头 → 先锋, 模范 …;
    抓廉洁 → 廉政, 清廉 …); () for a word of no group."""
    out: list[str] = []
    for g in GROUPS:
        if any(m in word for m in g):
            out.extend(m for m in sorted(g) if m not in word and m not in out)
    return tuple(out)


def match(
    word: str,
    text: str,
    word_in: Callable[[str, str], float],
    others: Sequence[str] = (),
) -> float:
    """How well ``text`` holds ``word``: ``word_in`` of the word itself, or
    ``SYNONYM_CREDIT`` for a synonym the text holds whole, whichever is more. A synonym
    inside one of the question's ``others`` words is that word's match, not this one's
    (队伍 beside 村干部 is not matched by 干部)."""
    text = _other_sense(word, text, others)
    own = word_in(word, text)
    if own >= 1.0:
        return own
    if names_part(word, text):
        return 1.0
    if any(f in text for f in spoken_form(word)):
        return 1.0  # 评上 is the document's 获评 (``rag.clipped_verbs``)
    syns = [s for s in related(word) if not any(s in o for o in others if o != word)]
    syn = SYNONYM_CREDIT if any(s in text for s in syns) else 0.0
    return max(own, syn)
