"""People a question names by post and personal name (pure).

Party-building documents name people with their post: a speech's speaker line (X局党组书记、
局长　孙某某), a news report's 副局长李某某出席并讲话. A question asks by the same two parts,
in either order (副局长赵某某讲了什么, 赵某某副局长, 赵某某同志). A person whose name no text of
the library holds said nothing in it, whatever the post matches (the speech of the 局长 is no
speech of a 副局长 of another name): ``unknown_person`` finds that name.
"""

from __future__ import annotations

import re

from rag.text import normalize
from rag.tokenize import pos_tags
from rag.typo import one_off

__all__ = ["is_surname", "named_persons", "unknown_person"]

# The common surnames (the first character of a personal name; not 党, the first of 党委).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
# Posts a person is named with (副职 too).
_POST = (
    r"副?(?:书记|局长|主任|部长|县长|区长|市长|镇长|乡长|主席|院长|校长|处长|科长|站长|馆长|所长|"
    r"董事长|总经理|经理|行长|社长|队长|组长|秘书长|厅长|司长|检察长|庭长|主委)"
)
# Characters that end a personal name (a verb of saying, a preposition, a post's first).
_AFTER_NAME = "在讲说提强的同作主要指表对关就和与及等是了，。？?！!、：:副正局书部县区市镇乡院校处科站馆所董总经行社队组秘厅司检庭"
_GIVEN = rf"[\u4e00-\u9fff](?<![{_AFTER_NAME}])"
_NAME = rf"[{_SURNAMES}](?:{_GIVEN}){{1,2}}?"
_BOUNDARY = rf"(?=[{_AFTER_NAME}]|同志|\s|$)"
_POST_THEN_NAME = re.compile(rf"{_POST}(?P<n>{_NAME}){_BOUNDARY}")
_NAME_THEN_POST = re.compile(rf"(?P<n>{_NAME})(?:同志|{_POST})")
# A name alone before its speech (赵某某的讲话, 听了赵某某的发言): only where a name starts —
# the question's start or after a word of asking — and not a name ending on an organ word
# (金融办的讲话, 团委的发言: organs).
_NAME_THEN_SPEECH = re.compile(
    rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[听看把对将在和与跟了]))(?P<n>{_NAME})"
    r"(?<![办委团会室厅网])的?(?:讲话|发言|致辞)"
)


def is_surname(ch: str) -> bool:
    """``ch`` is one of the common surnames (the first character of a personal name)."""
    return len(ch) == 1 and ch in _SURNAMES


def _reads_as_name(name: str) -> bool:
    """Three characters the dictionary cuts as a personal name first (孙某某, 赵/某某), not
    as a word (高质量, 于/会上)."""
    tags = pos_tags(name)
    return len(name) == 3 and bool(tags) and tags[0][1].startswith("nr")


def named_persons(question: str) -> list[str]:
    """The personal names ``question`` gives with a post (副局长赵某某, 赵某某局长, 赵某某同志)
    or before its speech (赵某某的讲话)."""
    out: list[str] = []
    for pattern in (_POST_THEN_NAME, _NAME_THEN_POST, _NAME_THEN_SPEECH):
        for m in pattern.finditer(question):
            name = m.group("n")
            if pattern is _NAME_THEN_SPEECH and not _reads_as_name(name):
                continue  # (周年讲话, 高质量发言: words, no names)
            # (the longest reading: 赵明远 before 赵明, when the third character is no boundary)
            after = question[m.end("n") : m.end("n") + 1]
            if len(name) == 2 and after and after not in _AFTER_NAME and pattern is _POST_THEN_NAME:
                name += after
            out.append(name)
    return list(dict.fromkeys(out))


def unknown_person(question: str, corpus_text: str) -> str | None:
    """A personal name the question gives with a post that no text holds (``corpus_text``
    is normalised), nor one character off for a name of three (孙海锋 for 孙海峰: a slip),
    else None."""
    for name in named_persons(question):
        n = normalize(name)
        if n in corpus_text:
            continue
        if len(n) >= 3 and one_off(n, corpus_text, min_anchor=2):
            continue
        return name
    return None
