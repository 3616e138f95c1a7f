"""A bare keyword string read (pure functions): a phrase typed alone, then the words asking
where it stands (X 出现在哪, X 都在什么地方提到, X 出处, X 在哪些文件 咋规定的).

The asking words are a closed class: where (在哪, 什么地方, 哪些文件, 哪几处), the verbs of
occurring (出现, 提到, 写到, 涉及), the source (出处, 出自, 原文), and — once a where is
asked — how the documents require or word it (咋规定的, 有什么要求, 要求是啥, 怎么写的):
with "which documents" before it, 要求/规定 asks what each place says, no topic of its own
(a 工作要求 heading of an unrelated notice is no answer). ``term_strings`` gives what is
left: the phrases the question asks about; ``bare_keyword`` the one phrase of a question
that is that phrase and asking words only; ``ask_frame_spans`` the asking words that are no
topic; ``kind_word_in_term`` whether a document kind ending the phrase (X报道, X通知) is the
phrase's own word rather than a request for the library's documents of that kind.
"""

from __future__ import annotations

import re

__all__ = [
    "amount_noun",
    "ask_frame_spans",
    "asks_amount",
    "bare_keyword",
    "ends_in_doc_kind",
    "kind_word_in_term",
    "term_strings",
    "whose_act_masked",
]

# Where a phrase stands, and which documents hold it.
_WHERE = (
    r"(?:都|也)?(?:在|于|有)?(?:哪些|哪几|哪个|哪一|哪|什么|啥)(?:份|篇|个)?"
    r"(?:文件|材料|文档|地方|位置|段落|部分)(?:里面|里|中|上|当中)?|"
    r"(?:都|也)?(?:在|于)?(?:哪里|哪儿|哪)(?![个份些几家位天年月])|"
    r"(?:都|也)?(?:在|于)?(?:有|共|一共)?(?:哪|几|多少)[一几]?处"
)
# What happens to it there: occurring, being mentioned, its source.
_OCCUR = r"出现过?|提到过?|提及|讲到|说到|写到|谈到|涉及|出处|出自|原文|原话|原句"
# How the documents word or require it, asked once a where is asked (咋规定的, 有啥要求).
_HOW = (
    r"(?:是|都是)?(?:咋|怎么|如何|怎样)(?:规定|要求|写|说|讲|提|表述|描述|安排)(?:的|了)?|"
    r"(?:有|提了|提出了?|作了|做了)?(?:什么|啥|哪些)?(?:具体)?(?:要求|规定)"
    r"(?:是|有)?(?:什么|啥|哪些)?(?:的|了)?"
)
_FRAME = re.compile(rf"{_WHERE}|{_OCCUR}")
_ASKING = re.compile(
    rf"{_WHERE}|{_OCCUR}|{_HOW}|请问|请|帮我|给我|查查|找找|查一下|找一下|一下|看看|麻烦"
)
# Particles a phrase does not end or begin with once the asking words are out (X的出处,
# X有哪些文件: 的, 有 belong to the ask).
_TRAILING = "的了呢吗啊呀吧都也有在"
_LEADING = "都也请了"
# A document kind that may end a phrase (进村报到 typed 进村报道; 防汛通知).
_KIND_END = re.compile(r"(?:报道|新闻|通知|通报|讲话|总结|要点|计划|方案)$")


# A run of a phrase: words, and words joined by a plus (党建+业务, 党建＋服务: one name).
_RUN = r"[\u4e00-\u9fffA-Za-z0-9]+(?:[+＋][\u4e00-\u9fffA-Za-z0-9]+)*"
_CJK_TERM = r"[\u4e00-\u9fff]{2,16}|[\u4e00-\u9fff]+(?:[+＋][\u4e00-\u9fff]+)+"


def term_strings(question: str) -> list[tuple[int, int]]:
    """The spans of ``question`` left once its asking words are taken out (each a run of
    two characters or more, particles at its ends out), in a question that asks where
    something stands (a where or a verb of occurring); [] for any other question."""
    if not _FRAME.search(question):
        return []
    masked = _ASKING.sub(lambda m: " " * len(m.group()), question)
    out: list[tuple[int, int]] = []
    for m in re.finditer(_RUN, masked):
        a, b = m.span()
        while b > a and masked[b - 1] in _TRAILING:
            b -= 1
        while a < b and masked[a] in _LEADING:
            a += 1
        if b - a >= 2:
            out.append((a, b))
    return out


def bare_keyword(text: str) -> str | None:
    """The phrase of a bare keyword string: ``text`` (a question, or its rest with the
    scope blanked as □) is one phrase of two to sixteen characters (words a plus joins —
    党建+业务 — are one) and asking words only, with a where or a verb of occurring among
    them; None otherwise."""
    spans = term_strings(text.replace("□", " "))
    if len(spans) != 1:
        return None
    a, b = spans[0]
    word = text[a:b]
    if len(word) > 16 or not re.fullmatch(_CJK_TERM, word):
        return None
    return word


def ask_frame_spans(question: str) -> list[tuple[int, int]]:
    """The spans of the asking words that are no topic in a question asking which
    documents hold a phrase and how they word or require it (X 在哪些文件 咋规定的, X在哪些材料里
    有什么要求): the which-documents words and the how-required words; [] unless both
    are there (培训通知有什么要求 asks the notice's requirements)."""
    where = [
        m.span() for m in re.finditer(_WHERE, question) if re.search(r"文件|材料|文档", m.group())
    ]
    if not where:
        return []
    how = [m.span() for m in re.finditer(_HOW, question) if m.start() >= where[0][1]]
    if not how:
        return []
    # (有 between the two belongs to the ask: 哪些文件有规定)
    out = [*where, *how]
    return [(a, b) for a, b in out if b > a]


def ends_in_doc_kind(word: str) -> bool:
    """``word`` ends in a document kind after two characters or more of its own (X党建要点,
    Y工作计划): a way of naming a document, not a compound term."""
    m = _KIND_END.search(word)
    return m is not None and m.start() >= 2


def kind_word_in_term(question: str, held: str) -> bool:
    """Whether the phrase of a bare keyword string ends in a document kind after words of
    its own (进村报到 typed so, X通知 出现在哪) and the corpus text ``held`` holds the
    phrase: the kind word is the phrase's, no request for documents of that kind."""
    word = bare_keyword(question)
    if word is None:
        return False
    m = _KIND_END.search(word)
    return m is not None and m.start() >= 2 and word in held


# Whose act a question asks (是哪个部门组织的, 是谁搞的, 由哪家单位牵头的, 谁牵头搞的X): the
# asker's who and a verb of doing, closing on 的/了 or on the question's end — never
# content: a passage holding 部门 and 组织 is no evidence of whose the thing named is. (A
# unit the question names is blanked as □ in a query's rest: 是□□□□组织的.)
_DOING = r"(?:组织|搞|办|举办|主办|承办|开展|发起|牵头|推出|提出|倡导|策划|实施|推行|弄|干|做)"
_WHO = r"(?:是|由)?(?:谁|哪一?(?:个|家|些|级|位)?(?:单位|部门|机关|机构|科室|处室|家))"
_ACT = rf"(?:来|去|在)?{_DOING}{{1,2}}(?:起来|出来|来)?"
_CLOSE = r"(?:的|了|过)?(?:呀|啊|呢|吗)?(?=[^\u4e00-\u9fff□]|$)"
# (a blanked unit only when the frame closes the question: 是□□□□组织的, not the 组织的 of
# □□□组织的培训, the unit's own act before its object)
_WHOSE_ACT = re.compile(rf"{_WHO}{_ACT}(?:的|了|过|{_CLOSE})|(?:是|由)?□+{_ACT}{_CLOSE}")


def whose_act_masked(text: str, mark: str = " ") -> str:
    """``text`` with each whose-act frame (see ``_WHOSE_ACT``) replaced by ``mark``."""
    return _WHOSE_ACT.sub(mark, text)


# A question ending on the noun of an amount (X 补助标准, X 奖补金额, X 经费, X 预算) asks the
# amount as 多少钱 does: a value the evidence must state. 标准 asks an amount only after a
# word of money (考核标准 asks criteria); 标准, 金额, 数额, 额度 there are words of the asking,
# no topic (a passage stating another thing's 补助标准 holds no amount of this one).
_MONEY = r"(?:补助|补贴|奖补|奖励|奖金|资助|津贴|经费|资金|费用|收费|报销)"
_AMOUNT_END = re.compile(
    rf"(?<={_MONEY})的?(?P<noun>标准|金额|数额|额度)$|(?P<bare>金额|数额)$|(?:预算|经费)$"
)
_CLOSING = "？?。.！!吧呢啊呀 \t\u3000"


def asks_amount(question: str) -> bool:
    """Whether ``question`` ends on the noun of an amount (see ``_AMOUNT_END``)."""
    return bool(_AMOUNT_END.search(question.rstrip(_CLOSING)))


def amount_noun(question: str) -> tuple[int, int] | None:
    """The span of the asking noun ending ``question`` (补助标准's 标准, a bare 金额), or None."""
    m = _AMOUNT_END.search(question.rstrip(_CLOSING))
    if m is None:
        return None
    group = "noun" if m.group("noun") else "bare" if m.group("bare") else None
    return None if group is None else m.span(group)
