"""How a question is framed, beyond what it is about (pure functions).

A yes/no or either-or question carries **guesses**: 是不是要求每年40次？还是50次？ guesses
two figures, 这是自治区纪委书记说的吧？ guesses a speaker, 是不是第一名 a rank. A guess is
what the asker wants checked, not content the answer must hold: the answer is the passage
with the real figure or speaker, never a refusal because the guessed one is absent. So the
words of a guess (and the framing words 是不是, 还是 themselves) are set apart from the
content words that choose and check the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.metadata import speaker_line
from rag.text import strip_span

__all__ = [
    "guess_options",
    "guessed_org",
    "guessed_orgs",
    "guessed_words",
    "is_yes_no",
    "said_by_guess",
    "speaker_name",
    "speaker_span",
]

# The framing of a yes/no or either-or question.
_YES_NO = re.compile(
    r"是不是|是否|是吗|对吗|对不对|对吧|没错吧|有没有|还是|[吧吗么嘛][？?！!。.\s]*$|[吧吗][？?]"
)
_FRAME_WORDS = re.compile(r"^(?:是不是|是否|还是|对吗|对不对|对吧|有没有|是不|不是)$")
# A figure or a rank guessed: 40次, 十二个, 第一名, 前三位, 50%.
_GUESS_VALUE = re.compile(
    r"(?:第|前)?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*"
    r"(?:名|位|次|个|项|人次|人|场|期|条|件|家|万元|元|%|％|倍|批|轮|天|小时|篇|本)"
)
# Who said it, guessed: 是市委书记讲的吧, 讲话的是区委书记吧, 是不是张书记说的.
_SAID_BY = (
    re.compile(r"是(?:不是)?([\u4e00-\u9fff]{2,12}?)(?:讲|说|提|作|做|发|写)(?:出)?的"),
    re.compile(
        r"(?:讲话|发言|致辞|讲|说)的?(?:人|领导)?(?:是不是|是)([\u4e00-\u9fff]{2,12}?)(?:[吧吗么嘛？?]|$)"
    ),
)


# The organ word an organisation's name ends on (a guess of it is no speaker).
_ORGAN_END = re.compile(
    r"(?:局|委|办|院|馆|所|站|部|厅|中心|公司|集团|大学|学校|街道|联社|银行|党组|支部)$"
)
# An organisation guessed: 是民政局吗, 是不是县农业农村局搞的, 是商务局的品牌吧, 还是县档案馆.
_GUESS_ORG = re.compile(
    r"(?:是不是|是否|还是|或者|是)(?P<org>(?:(?!还是|或者|的)[\u4e00-\u9fff]){1,14}"
    r"(?:局|委|办|院|馆|所|站|部|厅|中心|公司|集团|大学|学校|街道|联社|银行|党委|党组|党工委|支部))"
    r"(?=(?:[\u4e00-\u9fff]{0,4}的)?[\u4e00-\u9fff]{0,4}?(?:[吗吧么嘛呢][？?！!。.\s]*$|[？?]|$|还是|或者))"
)


_ORG_NAME = (
    r"(?:(?!还是|或者|的|是不是|是否|有没有)[\u4e00-\u9fff]){1,14}?"
    r"(?:局|委|办|院|馆|所|站|部|厅|中心|公司|集团|大学|学校|街道|联社|银行|党委|党组|党工委|支部)"
)
# What an organisation is guessed to have done, right after it (是不是统计局提出了X,
# 是否档案局的材料里有X): a verb of saying, asking, doing, or 的.
_GUESSED_ACT = (
    r"(?=提出|提到|提了|提过|提的|要求|部署|安排|开展|制定|印发|发布|落实|推行|推进|实施|出台|"
    r"组织(?!部)|讲|说|写|有|在|搞|做|定|抓|建立|建设|明确|强调|的)"
)
# An organisation a yes/no question is about as its subject: 是不是统计局提出了X (the frame
# before it), 统计局是不是提出了X (after it, the name opening the question or a clause).
_GUESS_SUBJECT = (
    re.compile(
        rf"(?:是不是|是否|(?:^|(?<=[，,。？?！!：:；;\s]))是)(?P<org>{_ORG_NAME}){_GUESSED_ACT}"
    ),
    re.compile(
        rf"(?:^|(?<=[，,。？?！!：:；;\s”」]))(?:请问|那么?|想问一?下)?(?P<org>{_ORG_NAME})"
        r"(?=是不是|是否|有没有)"
    ),
)


def guessed_orgs(
    question: str, known: Callable[[str], bool] | None = None
) -> list[tuple[int, int]]:
    """Where a yes/no or either-or question guesses the organisation (民政局 of 是民政局吗;
    both of 是财政局定的还是商务局定的; 统计局 of 是不是统计局提出了X, 统计局是不是提了X).
    With ``known`` (does the library hold this organisation?), an organisation that is the
    subject of the question (是不是宣传部提出了X) is a guess only when the library holds it:
    a name it lacks stays an unknown department, refused on that evidence."""
    if not is_yes_no(question):
        return []
    who = said_by_guess(question)
    spans = [
        m.span("org")
        for m in _GUESS_ORG.finditer(question)
        # (a speaker guessed — 是纪委书记讲的吧 — is ``said_by_guess``'s)
        if not (who and m.group("org") in who and not _ORGAN_END.search(who))
    ]
    for pattern in _GUESS_SUBJECT:
        for m in pattern.finditer(question):
            a, b = m.span("org")
            org = m.group("org")
            if known is not None and not known(org):
                continue
            # (是不是X大学提出了Y支部: the guess read to the question's end runs over the
            # act; the organisation doing it is the subject before the act's verb)
            spans = [(x, y) for x, y in spans if not (x == a and y > b and _names_one(org))]
            if _names_one(org) and not any(x < b and a < y for x, y in spans):
                spans.append((a, b))
    return sorted(spans)


_ORG_TAIL = re.compile(
    r"(?:党工委|党委|党组|支部|中心|公司|集团|大学|学校|街道|联社|银行|[局委办院馆所站部厅])$"
)


def _names_one(org: str) -> bool:
    """``org`` names one organisation (统计局, 市委组织部), not a kind of them (党支部,
    各支部, 基层党委)."""
    if re.match(r"[各每本该我全这那某其]|所有|基层|机关", org):
        return False
    rest = _ORG_TAIL.sub("", org)
    return len(rest) >= 2 and not re.fullmatch(r"[党总分]+", rest)


def guessed_org(question: str) -> tuple[int, int] | None:
    """The last organisation a yes/no question guesses (民政局 of 是民政局吗), else None."""
    spans = guessed_orgs(question)
    return spans[-1] if spans else None


def is_yes_no(question: str) -> bool:
    """The question asks to confirm or choose (是不是…, …吧？, A还是B)."""
    return bool(_YES_NO.search(question.strip()))


# Speakers offered to choose from (是张书记、李局长谁讲的, 王院长和韩书记哪位说的, 是A还是B讲的):
# two or more posts or names apart by 、 或 和 还是 或者, then who of them said it.
_OPTION_SEP = r"(?:、|还是|或者|或|和|与)"
_CHOICE_BY = re.compile(
    rf"是?(?P<who>[\u4e00-\u9fff]{{2,12}}?(?:{_OPTION_SEP}[\u4e00-\u9fff]{{2,12}}?)+)"
    r"(?:两位|二位|几位|两人|之中|当中|中|里)?(?:的)?(?:谁|哪位|哪一位|哪个|哪个人)?"
    r"(?:讲|说|提|作|做|发|写)(?:出)?的"
)
# An option is a person: it ends on a post or 同志 (韩书记, 县卫健局局长, 王某某同志).
_PERSON_END = re.compile(
    r"(?:书记|部长|局长|主任|厅长|处长|科长|院长|校长|主席|组长|省长|市长|县长|区长|镇长|乡长|"
    r"行长|馆长|站长|所长|队长|社长|会长|理事长|经理|董事长|政委|领导|同志)$"
)


def guess_options(guess: str) -> list[str]:
    """The speakers a guess offers (韩书记、王院长 → 韩书记, 王院长; one guess alone)."""
    return [x for x in re.split(_OPTION_SEP, guess) if len(x) >= 2] or [guess]


def said_by_guess(question: str) -> str | None:
    """The speaker a yes/no question guesses (市委书记 of 是市委书记讲的吧), or the speakers
    a question offers to choose from (韩书记、王院长 of 是韩书记、王院长谁讲的), else None."""
    choice = _CHOICE_BY.search(question)
    if choice and all(_PERSON_END.search(x) for x in guess_options(choice.group("who"))):
        return choice.group("who")
    if not is_yes_no(question):
        return None
    for pattern in _SAID_BY:
        m = pattern.search(question)
        if m and not _ORGAN_END.search(m.group(1)):
            return m.group(1)
    return None


def guessed_words(question: str, words: Sequence[str]) -> set[str]:
    """Of ``words`` (the question's content words), those that are a guess of a yes/no or
    either-or question — inside a guessed figure, rank or speaker — or its framing words."""
    who = said_by_guess(question)
    if not is_yes_no(question):
        # (speakers offered to choose from, in a question asking who: 是A、B谁讲的)
        return {w for w in words if w in who} if who else set()
    spans = [m.group() for m in _GUESS_VALUE.finditer(question)]
    if who:
        spans.append(who)
    out = {w for w in words if _FRAME_WORDS.match(w)}
    for w in words:
        if any(w in s or (len(s) >= 2 and s in w) for s in spans):
            out.add(w)
    return out


# A line or sentence naming who speaks: a post and a name (市委组织部副部长　王某某,
# 区委副书记李某某出席会议并讲话).
# (with the posts of a sector's head: 行长, 馆长, 站长, 所长, 关长, 总经理, 董事长, 政委 …)
_POST = (
    r"(?:副)?(?:书记|部长|局长|主任|厅长|处长|科长|院长|校长|主席|组长|省长|市长|县长|区长|镇长|"
    r"乡长|行长|馆长|站长|所长|队长|关长|社长|台长|会长|理事长|总经理|董事长|政委|领导)"
)
_NAME = r"(?:[\u4e00-\u9fff]某某?|X{2,3}|[\u4e00-\u9fff]{2,3})"
# (the line may be set in Markdown bold, ``**区委副书记　李某某**``, the post and the name
# apart or together: the marks are layout)
_SPEAKER_LINE = re.compile(
    rf"^[ \t\u3000]*(?:\*\*|__)?(?P<line>[^\n，。*_]{{0,20}}{_POST}"
    rf"(?:\*\*|__)?[\s\u3000]*(?:\*\*|__)?{_NAME})"
    rf"[ \t\u3000]*(?:\*\*|__)?[ \t\u3000]*$",
    re.M,
)
_SPEAKER_SENTENCE = re.compile(
    rf"[^\n，。]{{0,20}}{_POST}[\s\u3000]*{_NAME}[^\n。]{{0,20}}(?:讲话|致辞|发言|作报告|指出|强调)"
)
# A speech's byline by the speaker's name alone (陈某某同志), as the head reads it
# (``rag.metadata.speaker_line``).
_NAME_BYLINE = re.compile(rf"{_NAME}[ \t\u3000]*同志")
# Who a speech's opening names is not its speaker: the one who spoke before (刚才，…同志
# 代表…作了报告), who chairs (…主持会议), who reported on behalf of an organ.
_OTHER_SPEAKER = re.compile(r"刚才|方才|代表|主持|作了|传达|宣读")


_LINE_NAME = re.compile(r"(?<=[\s\u3000])([\u4e00-\u9fff]{2,4})(?:\*\*|__)?$")


def speaker_name(text: str, head: int = 600) -> str | None:
    """The personal name closing a speech's speaker line (局党组书记　某某某 → 某某某),
    else None."""
    m = _SPEAKER_LINE.search(text[:head])
    if not m:
        return None
    name = _LINE_NAME.search(m.group("line").strip(" \t*_"))
    return name.group(1) if name else None


def speaker_span(text: str, head: int = 600) -> tuple[int, int] | None:
    """Where the first ``head`` characters of a text say who speaks (a speech's speaker line
    under its title, a news report's 某某出席并讲话), else None."""
    part = text[:head]
    m = _SPEAKER_LINE.search(part)
    if m:
        return strip_span(part, *m.span("line"))
    byline = speaker_line(part)
    if byline and _NAME_BYLINE.match(byline) and (at := part.find(byline)) >= 0:
        return strip_span(part, at, at + len(byline))  # (a byline by name alone: 陈某某同志)
    for m in _SPEAKER_SENTENCE.finditer(part):
        lead = part[max(0, m.start() - 12) : m.start()]
        if _OTHER_SPEAKER.search(m.group()) or re.search(r"刚才|方才", lead):
            continue
        return strip_span(part, *m.span())
    return None
