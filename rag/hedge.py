"""A question wrapped in a guess to be confirmed (pure functions).

The asker often puts the real question inside a guess: 我记得只有A单位提过X，别的有没有;
“某句话”是副书记讲的吧; 印象中有份文件讲要办Y，莫非是年终那篇总结; 对明年是不是只讲了方向、
没给数字. The guess is a claim to check, never the scope: the answer is the plain question's
(every occurrence across the library; the quoted passage and who said it; the passage and
what names its document; the passage itself), and a note then confirms or corrects the guess
(``rag.answer_hedge``). This module only reads the frame: the plain question and the guess.

A guess of the unit without 只有 or a "who else" tail (是不是统计局提出了X) is
``rag.framing``'s and stays there: the unit's own passage is cited first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.framing import guessed_orgs, said_by_guess

__all__ = ["Hedge", "read_hedge"]

# The kinds of guess: the units that alone said it, the speaker, the document, and "only
# principles, no figures".
KINDS = ("only", "speaker", "document", "figures", "frame")


@dataclass(frozen=True)
class Hedge:
    """A hedged question read: the question it wraps (``plain``), what kind of guess it
    carries and the guess as typed (a unit, a post, a document's description; "" for a
    frame with no guess of its own)."""

    plain: str
    kind: str
    guess: str = ""


# Memory hedges opening a question (我记得, 印象中, 好像) and the frame closing it (来着, …吧,
# 是吧, 对吧): how sure the asker is, never what is asked.
_OPENING = re.compile(
    r"^(?:我|本人)?(?:依稀|隐约|好像|大概)?(?:记得|印象中|印象里|没记错的话|要是没记错)[，,、\s]*"
    r"|^(?:好像|似乎|貌似)(?=是|有)"
)
_CLOSING = re.compile(r"(?:来着|是吧|对吧|对不对|没错吧|是不是)?[吧吗么嘛呢]?[？?！!。.\s]*$")
_STUCK = re.compile(r"来着(?=[，,。？?！!]|$)")
# Asking for the others besides the guessed one (还有别的吗, 别的单位有没有, 其他部门呢).
_OTHERS = re.compile(
    r"[，,。？?\s]*(?:还有(?:别的|其他|其它|谁|哪些|哪个)(?:单位|部门|材料|文件|地方)?(?:吗|么|没有|呢)?|"
    r"(?:别的|其他|其它)(?:单位|部门|材料|文件|地方)?(?:有没有|还有吗|也有吗|呢|有吗|提(?:到|过|了)?没有?)"
    r"[^，,。？?]{0,6}?)[？?。！!\s]*$"
)
# The last word of an organisation's or a place's name (a closed class).
_ORGAN = (
    r"(?:局|委|办|室|院|馆|所|站|部|厅|中心|公司|集团|街道|党组|党委|支部|工委|团|市|县|区|镇|乡|村|"
    r"社区|学校|大学|医院)"
)
_QUOTED = re.compile(r"[“\"「『][^”\"」』]{2,30}[”\"」』]")
# A unit guessed as the one who did it (是X提出来的, 是不是X搞的), its name ending on an organ word.
_GUESSED_UNIT = re.compile(
    rf"(?:是不是|是否|是)(?:只有)?(?P<org>(?!只有)[\u4e00-\u9fff]{{1,14}}?(?:{_ORGAN}|室))"
    r"(?=[\u4e00-\u9fff]{0,3}?(?:提|讲|说|搞|做|写|定|推|开展|部署|要求|发|的))"
)
_WORDING = re.compile(
    r"[？?，,。\s]*(?:那|那么)?(?:具体|原话|原文|原句|到底|究竟)?[^？?。，,]{0,4}?"
    r"(?:怎么|咋|如何|怎样)(?:说|写|讲|提|表述)的?[？?。！!\s]*"
)
_FRAME_END = re.compile(r"(?:好像|似乎|貌似)?(?:是不是|是否|是)?(?:只有|就只有)?$")
_UNIT_PART = r"(?:的)?(?:材料|文件|文档|稿子|讲话|要点|计划|总结|方案|通知|报告)?(?:里|中|上)?"
_SAID = (
    r"(?:提到|提出|提及|提过|讲到|说到|写到|写了|写过|讲过|说过|涉及|部署|要求|出现|搞|有|提|讲|写)"
)
# 只有X(的材料)提到了Y: the unit guessed to be the only one.
_ONLY = re.compile(
    rf"(?:是不是|是否|难道|是)?只有(?P<org>(?![\d一二两三四五六七八九十几个])[^，,。？?只]{{1,18}}?{_ORGAN}){_UNIT_PART}"
    rf"(?P<said>{_SAID})(?:了|过)?(?P<what>[^，,。？?]*?)(?=吗|吧|么|嘛|来着|[，,。？?]|$)"
)
# 是X讲的 — the speaker guessed, in a question about a quoted sentence.
_QUOTE = re.compile(r"[“\"「『][^”\"」』]{2,60}[”\"」』]|这(?:句|段|话|番话|个说法|个提法)")
_SPEAKER_FRAME = re.compile(r"(?:是不是|是否|应该是|可能是|大概是|好像是|莫非是|难道是|是)$")
# The document guessed, a clause of its own closing the question (…，莫非是年中推进会那篇讲稿;
# …，是组织工作会议上的讲话吧).
_DOC_NOUN = r"(?:讲话|讲稿|发言|致辞|文件|材料|计划|要点|总结|方案|通知|报告|稿子|文章|新闻|报道)"
# (the meeting a speech was given at stands for it: 那次会议上讲的)
_DOC_GUESS = re.compile(
    r"(?:[，,；;？?]|(?<=[”」』]))\s*(?:那|那么)?"
    r"(?:(?:莫非|难道|该不会)(?:是|就是)?|是不是|是否|应该是|可能是|大概是|好像是|估计是|是)"
    rf"(?P<doc>[^，,。？?]{{2,30}}?(?:(?:那|这)(?:篇|份|个|次)[^，,。？?]{{0,6}}?|上的|里的|的)?"
    rf"(?:{_DOC_NOUN}|会议|会))"
    r"(?:里|中|上)?(?:讲|说|提|写|发|印发|下发)?(?:的)?(?:吧|吗|么|嘛|来着|呢)?[？?。！!\s]*$"
)
# A unit opening a claim that its text holds something (X要点里好像讲过Y, X的材料提到了Y).
_UNIT_SAID = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{2,14}}?(?:{_ORGAN}|室))(?:的)?"
    rf"(?:{_DOC_NOUN})?(?:里|中|上)?(?:好像|似乎|也|都|就|确实)?"
    rf"(?P<said>{_SAID})(?:了|过)?(?P<what>[^，,。？?]+)$"
)
# A question word: a clause holding one asks (是在哪个材料里), it guesses nothing.
_ASKS = re.compile(r"哪|什么|啥|谁|几|多少|怎么|如何")
# 有个文件讲… (a document the asker cannot name): asked as 哪个文件.
_SOME_DOC = re.compile(rf"有(?=(?:个|份|篇|一个|一份|一篇)(?:{_DOC_NOUN}|单位|部门))")
# Only principles, no figures (是不是只提了原则、没给数字; 是不是没有数字，只讲了方向).
_VAGUE = r"(?:原则|方向|方向性|总体|笼统|大方向|思路|口号|要求)"
_FIGURES = r"(?:具体)?(?:的)?(?:数字|数据|指标|目标值|量化指标|数|具体目标|硬指标)"
_NO_FIGURES = re.compile(
    rf"(?:是不是|是否|是)?只(?:是)?(?:提|讲|说|写|给|有)了?(?:些|一些|个)?{_VAGUE}[^，,、？?]{{0,6}}?"
    rf"[、，,]?\s*(?:而)?(?:没|没有|未|不)(?:给|提|讲|写|定|有|说)?(?:出)?(?:什么)?{_FIGURES}"
    rf"|(?:是不是|是否|是)?(?:没|没有|未)(?:给|提|讲|写|定|有|说)?(?:出)?(?:什么)?{_FIGURES}[^，,？?]{{0,4}}?"
    rf"[、，,]?\s*只(?:是)?(?:提|讲|说|写|给|有)了?(?:些|一些|个)?{_VAGUE}(?:性)?(?:的)?(?:表述|要求|说法)?"
)

# Any other claim to confirm put before the request for the wording (是不是没有硬性要求，只是
# 鼓励？具体怎么说的): the claim goes, the request stays.
_CLAIM = re.compile(
    r"(?:是不是|是否|难道)(?:没有|没|只|不是|就是)[^？?。]{1,24}?[？?。，,]\s*"
    r"(?P<ask>(?:那|那么)?(?:具体|原话|原文|原句|到底|究竟)?[^？?。，,]{0,6}?"
    r"(?:怎么|咋|如何|怎样)(?:说|写|讲|提|表述)[^？?。]{0,4}[？?。]?)$"
)

_ONLY_IN = re.compile(
    r"只(?:有|在|是)?(?P<org>[\u4e00-\u9fff]{1,14}?"
    r"(?:局|委|办|院|馆|所|站|部|厅|中心|公司|集团|街道|党组|党委|支部))"
)


def _clean(text: str) -> str:
    """``text`` without the memory hedge opening it and the yes/no frame closing it."""
    text = _OPENING.sub("", text.strip())
    text = _STUCK.sub("", text)
    return _CLOSING.sub("", text).strip("，,、 ")


def read_hedge(question: str) -> Hedge | None:
    """The question a hedged one wraps and its guess (``Hedge``), or None when the
    question carries no hedge frame this module reads."""
    q = question.strip()
    m = _ONLY.search(q)
    # (what is said: after the verb, or before the frame — “某计划”是不是只有X提了)
    what = (m.group("what") or _clean(q[: m.start()])) if m else ""
    if m and what:
        verb = "提到" if m.group("said") == "出现" else m.group("said")  # (出现 in X's: X提到)
        said = verb + ("" if verb[-1] in "过了" else "了")
        return Hedge(f"哪些材料{said}{what}", "only", m.group("org"))
    others = _OTHERS.search(q)
    if others:
        body = _clean(q[: others.start()])
        # (the guess read as the yes/no question it is: 我记得是X提出了Y ↔ 是X提出了Y吗)
        spans = guessed_orgs(body + "吗") or [m.span("org") for m in _GUESSED_UNIT.finditer(body)]
        opening = _UNIT_SAID.match(body)
        if not spans and opening:  # (X要点里好像讲过Y，还有别的吗)
            said = opening.group("said") + ("" if opening.group("said")[-1] in "过了" else "了")
            return Hedge(f"哪些材料{said}{opening.group('what')}", "only", opening.group("org"))
        if spans:
            a, b = spans[-1]
            org = body[a:b]
            head = _FRAME_END.sub("", body[:a])
            quoted = _QUOTED.search(body)
            if quoted:  # every place the quoted name (and its noun after it) stands
                named = head[quoted.start() :] if quoted.start() < len(head) else quoted.group()
                return Hedge(f"哪些材料提到了{named}", "only", org)
            rest = body[b:]
            if not head:
                return Hedge(f"哪些材料{rest}", "only", org)
            return Hedge(f"{head}是哪些单位{rest}", "only", org)
    m = _NO_FIGURES.search(q)
    if m:
        # (the wording asked after the claim — 原话咋讲的 — is the passage quoted anyway)
        tail = "" if _WORDING.fullmatch(q, m.end()) else _clean(q[m.end() :])
        return Hedge(_clean(q[: m.start()]) + "提了什么" + tail, "figures")
    m = _CLAIM.search(q)
    if m and _body(q[: m.start()]):
        plain = _clean(q[: m.start()]) + m.group("ask")
        # (只在X搞过, 只有X提: the only unit guessed, checked on every occurrence)
        only = _ONLY_IN.search(q, m.start(), m.start("ask"))
        return Hedge(plain, "only", only.group("org")) if only else Hedge(plain, "frame")
    if _QUOTE.search(q):
        # (我记得是X说的来着: the yes/no it is, 来着 for 吧)
        who = said_by_guess(q) or (
            said_by_guess(_STUCK.sub("", q).rstrip("？?。") + "吧") if _STUCK.search(q) else None
        )
        if who and _ASKS.search(who):
            who = None
        at = q.rfind(who) if who else -1
        if who and at > 0:
            head = _SPEAKER_FRAME.sub("", q[:at]).rstrip("，, ")
            return Hedge(_clean(head) + "是谁讲的", "speaker", who)
    m = _DOC_GUESS.search(q)
    if m and _body(q[: m.start()]) and not _ASKS.search(m.group("doc")):
        body = _clean(q[: m.start()])
        asked = _SOME_DOC.sub("哪", body, count=1)
        plain = asked if asked != body else f"{body}，出自哪份文件"
        return Hedge(plain, "document", m.group("doc"))
    if _OPENING.search(q) or _STUCK.search(q):
        plain = _STUCK.sub("", _OPENING.sub("", q))
        if plain and plain != q:
            return Hedge(plain, "frame")
    return None


def _body(text: str) -> bool:
    """``text`` says something of its own (a clause of four characters or more)."""
    return len(re.sub(r"[^\u4e00-\u9fff\w]", "", _OPENING.sub("", text))) >= 4
