"""Everyday verbs a question clips (pure): the one-character verb of speech (收, 招, 培, 建,
办) or its spoken two-character form (评上, 选上, 建起), and the formal verbs official
documents write for the same act (吸收/接收, 招募/招录, 培训/培养, 获评/评为, 建成/建立,
举办/开办).

How the table was chosen: it is the closed class of monosyllabic action verbs of the
genre's work reports whose formal form is the same character joined to a second one (a
verb-verb or adverb-verb compound: 吸收, 招募, 培训, 建成, 举办, 开展), plus the spoken
result forms (V上, V起) of those verbs; each key lists the compounds work reports write
for counting what was done (people taken in, trained, cited; things set up or held).
No word of any one document — only the verbs and their standard compounds.

A question asking a count with the object first and the verb clipped
(<积极分子>收了几个, <骨干>培了几个) names no formal verb, so a sentence is matched by its
content words alone; ``verb_forms`` gives the formal verbs the clipped ones stand for, which
the sentence stating the number has (招录青年骨干 vs 培训党务骨干: the one with 培训).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.tokenize import get_tokenizer, pos_tags

__all__ = ["FORMAL", "spaced_verbs", "spoken_form", "verb_forms"]

FORMAL: dict[str, tuple[str, ...]] = {
    # taking people in
    "收": ("吸收", "接收", "招收"),
    "招": ("招募", "招录", "招收", "招聘"),
    # training
    "培": ("培训", "培养", "培育"),
    "训": ("培训", "轮训", "集训"),
    # citing, electing
    "评": ("评选", "评为", "获评", "评定"),
    "评上": ("获评", "评为", "评选", "荣获"),
    "选上": ("当选", "选为", "入选", "评为"),
    # setting up
    "建": ("建成", "建立", "组建", "新建", "创建"),
    "建起": ("建成", "建立", "组建"),
    "设": ("设立", "设置", "成立"),
    # holding an event
    "办": ("举办", "开办", "承办"),
    "开": ("召开", "开展", "举办"),
    "搞": ("开展", "举办", "组织"),
    "讲": ("宣讲", "讲授", "讲解"),
    # sending, signing, visiting
    "派": ("选派", "派驻", "下派"),
    "签": ("签订", "签署"),
    "访": ("走访", "回访", "访谈"),
}


@lru_cache(maxsize=1024)
def verb_forms(question: str) -> tuple[str, ...]:
    """The formal verbs the question's clipped verbs stand for (骨干培了几个 → 培训, 培养,
    培育), in the table's order; () when it clips none. A key counts only where it stands
    as a verb of its own (jieba's tag ``v``), never inside a word (收入, 建设, 开展)."""
    out: list[str] = []
    for word, flag in pos_tags(question):
        if flag.startswith("v") and word in FORMAL:
            out.extend(f for f in FORMAL[word] if f not in out)
    return tuple(out)


def spoken_form(word: str) -> tuple[str, ...]:
    """The formal verbs a spoken two-character verb (评上, 选上, 建起) stands for; ()
    for any other word."""
    return FORMAL.get(word, ()) if len(word) >= 2 else ()


# A one-character key in a verb's place: before 了/过, a count's 几/多少, or 上 (评上了).
_AT_VERB = re.compile(
    "(?<=[\u4e00-\u9fff])(?P<v>["
    + "".join(k for k in FORMAL if len(k) == 1)
    + "])(?=了|过|几|多少|上[了几])"
)


def spaced_verbs(text: str) -> str:
    """``text`` with a space before each clipped verb glued to the noun before it
    (冬训班办了几次 → 冬训班 办了几次, which the tokenizer would cut 冬训 班办), unless the
    two characters are a word of the dictionary (召开了, 吸收了, 宣讲了)."""
    freq = get_tokenizer().FREQ

    def cut(m: re.Match[str]) -> str:
        prev = text[m.start() - 1]
        return m.group() if freq.get(prev + m.group(), 0) > 0 else " " + m.group()

    return _AT_VERB.sub(cut, text)
