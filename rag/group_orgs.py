"""Organisations named by the words of the people's organisations (群团组织: 妇联, 残联,
总工会, 科协, 团市委 …) and of banks (农商行, 信用社): their names end on no organ word
of a government department (局, 委, 办), so a question naming one (区妇联今年的要点) that
no document is of must still be read as naming an organisation the library lacks — never
answered with another organisation's document.

``group_org_spans`` finds them in a question; ``of_library`` tells whether one is a
department of the library (by its name, its short names, its full name: 妇联 is 妇女联合会),
``known_group_org`` whether it is that or a name some text holds.

Pure functions over strings."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.text import normalize

__all__ = ["full_forms", "group_org_spans", "known_group_org", "of_library"]

# The organisation words (a closed class) and their full forms.
_FULL: dict[str, tuple[str, ...]] = {
    "总工会": ("总工会", "工会"),
    "工会": ("工会",),
    "妇联": ("妇联", "妇女联合会"),
    "残联": ("残联", "残疾人联合会"),
    "文联": ("文联", "文学艺术界联合会", "文学艺术联合会"),
    "侨联": ("侨联", "归国华侨联合会", "华侨联合会"),
    "社科联": ("社科联", "社会科学界联合会", "社会科学联合会"),
    "工商联": ("工商联", "工商业联合会"),
    "科协": ("科协", "科学技术协会"),
    "红十字会": ("红十字会",),
    "作协": ("作协", "作家协会"),
    "贸促会": ("贸促会", "国际贸易促进委员会"),
    "农商行": ("农商行", "农村商业银行", "农商银行"),
    "信用社": ("信用社", "信用合作社", "信用联社"),
    "团委": ("团委", "共青团", "团市委", "团县委", "团区委", "团省委"),
}
_WORDS = "|".join(sorted((w for w in _FULL if w != "团委"), key=len, reverse=True))
# A place (its last two characters) and a level before the word, or a level alone
# (市妇联, 临江区残联); 团市委, 团县委 and 共青团X委 are the youth league's. (Not inside
# another word: 职工会议, 合作协议, 学科协调.)
_GROUP = re.compile(
    rf"(?:[\u4e00-\u9fff]{{2}}[省市县区]|[省市县区])?(?<![职合])(?:{_WORDS})(?![议调同助合])"
    r"|团[省市县区]委|共青团[\u4e00-\u9fff]{0,6}?[省市县区]?委(?:员会)?"
)


def _word_of(name: str) -> str:
    if name.startswith("团") or name.startswith("共青团"):
        return "团委"
    return next(w for w in sorted(_FULL, key=len, reverse=True) if name.endswith(w))


def full_forms(name: str) -> tuple[str, ...]:
    """The ways a department's name may spell the organisation word of ``name``."""
    return _FULL[_word_of(name)]


def group_org_spans(question: str) -> list[tuple[int, int]]:
    """Spans of the people's organisations and banks ``question`` names."""
    return [m.span() for m in _GROUP.finditer(question)]


def known_group_org(name: str, names: Iterable[str], corpus_text: str) -> bool:
    """``name`` (区妇联) is one of the library's organisations (``of_library``) or the
    corpus text names it as typed."""
    return normalize(name) in corpus_text or of_library(name, names, corpus_text)


def of_library(name: str, names: Iterable[str], corpus_text: str) -> bool:
    """``name`` (区妇联) is one of the library's organisations: a department, short name
    or title spells its organisation word in some form, with its place when it names one
    the corpus knows (临江区妇联 is not 南山区妇联)."""
    n = normalize(name)
    forms = full_forms(n)
    place = re.sub(rf"(?:[省市县区])?(?:{_WORDS})$", "", n) if _word_of(n) != "团委" else ""
    if place not in corpus_text:
        place = ""  # (查一下区妇联: no place the library knows, the level alone)
    for x in names:
        x = normalize(x)
        if any(f in x for f in forms) and (not place or place in x):
            return True
    return False
