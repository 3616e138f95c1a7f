"""Whether a passage holds the value a question asks for *of the thing it asks about*.

``rag.numbers.holds_value`` says a sentence holds a value of the asked kind (a count in the
asked unit, an amount, a share, a date). That is not yet an answer: in
``选派8名青年干部挂职；各支部委员列席会议`` the 8名 counts 青年干部, not the 支部委员 a
question counts. Two checks on the evidence, both general:

- **the counted thing stands in the value's clause.** A count asked of a noun
  (多少名支部委员, 几个社区, 几次主题党日活动) is held only by a fitting quantity whose
  clause (between ，；。：！？) shares a two-character piece of that noun (年青干部 → 干部 in
  ``选派12名年轻干部``); a question whose count names no noun after it (宣讲搞了多少场) keeps
  the sentence-level check;
- **a total is a stated total.** A count asked as a total (一共/共有/总数/总共/合计) is held
  only by a quantity its clause states as one (共有, 总数, 合计, 累计, 现有, 全院…有,
  全局开展…): ``发展学生党员132名`` counts the year's new members, not all of them;
- **entrants are not the group.** A count of a group's members (党员多少名, 党员 总数) is
  not held by a count of those who entered it that year (发展党员4名, 转正预备党员5名), nor
  a count of entrants (发展了多少名党员) by the group's stock (在册党员88名);
- **a year asked is the passage's year.** A value question naming 2022年 is not answered
  by a passage of a 2023 document that says nothing of 2022 (its sentence, the heading
  above it and the document's title and date are read, in that order: the first that
  names a year decides).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rag.numbers import Ask, Quantity, find_quantities, fits, full_units
from rag.script import to_simplified
from rag.tokenize import pos_tags

__all__ = [
    "GENERIC_COUNTED",
    "Figure",
    "asked_counts",
    "asks_total",
    "counted_thing",
    "figure_clauses",
    "generic_counted",
    "guess_clauses",
    "guessed_figures",
    "holds_asked",
    "stated_figures",
    "year_fits",
]

# The asked count and the measure word after it (多少名, 几个, 多少万元).
_ASK = re.compile(
    r"(?:多少|(?<![哪第])几)\s*(?:万|亿)?\s*"
    r"(?:人次|户次|个|名|人|位|次|家|场|件|所|轮|期|批|户|座|台|套|处|部|支|项|条|元|块钱|起|千瓦时|标准箱|公里|吨)?"
)
_CLAUSE_STOP = "，,；;。！？!?\n：:"
# Sentence-final particles (几个啊, 多少呢) that jieba may leave untagged (``zg``): no noun.
_PARTICLES = frozenset("啊呀吧呢嘛啦哦呗哈么")
# Parts of speech that continue a noun phrase (nouns, names, 区别词, adjectives, 动名词).
# (``x``: a word of the project's term dictionary, which carries no tag; ``zg``: a
# one-character morpheme jieba leaves untagged, 村.)
_NOUN_POS = (
    "n",
    "vn",
    "an",
    "a",
    "b",
    "j",
    "l",
    "nz",
    "eng",
    "ns",
    "nt",
    "nr",
    "f",
    "s",
    "x",
    "zg",
)
_HEADING = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分章节条])"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# A year a value is compared with (较2021年, 比上年, 2021年以来) is not the value's year.
_COMPARED = re.compile(r"[较比与同和]")


@functools.lru_cache(maxsize=1024)
def counted_thing(question: str) -> str:
    """The noun the question's count counts (多少名支部委员列席 → 支部委员), or ""."""
    # (a space ends a keyword-style phrase — 示范岗 多少个 税务局 — as a comma does; a
    # space inside the ask, 多少 个, does not)
    q = full_units(to_simplified(question)).strip()
    q = re.sub(r"(?<=[多少几万亿])\s+|\s+(?=[万亿个名人位次家])", "", q)
    q = re.sub(r"\s+", "，", q)
    m = next((m for m in _ASK.finditer(q) if m.group()), None)
    if m is None:
        return _thing_before_value_word(q)
    out = ""
    words = pos_tags(q[m.end() : m.end() + 16])
    for i, (word, flag) in enumerate(words):
        if (
            not (flag.startswith(_NOUN_POS) or _modifying_verb(words, i))
            or not re.fullmatch(r"[\u4e00-\u9fff]+", word)
            or word in _PARTICLES
        ):
            break
        out += word
    if _ORGAN_END.search(out):
        out = ""  # (多少个，审计局: the organisation asked of, never the thing counted)
    if out in GENERIC_COUNTED:
        return ""  # (督查了几家单位: the measure word decides the number, the topic the sentence)
    noun = _noun_before(q[max(0, m.start() - 14) : m.start()].rstrip(_CLAUSE_STOP))
    return out or ("" if noun in GENERIC_COUNTED else noun)


# Nouns that only say what is counted in general (几家单位, 多少个地方, 几个人): the text names
# the things themselves (6个村党组织, 3个乡镇, 12名干部), so the noun is never looked for
# in the sentence — the question's topic words choose the sentence, the measure word the
# number (``rag.numbers.fits``).
GENERIC_COUNTED = frozenset({"单位", "地方", "家", "个", "项", "次", "人", "人员", "处", "户"})
_COUNTED_GENERIC = re.compile(
    r"(?:多少|(?<![哪那这])几)(?:个|家|所|名|位|处|户)?(?P<noun>单位|地方|人员|人)"
)


def generic_counted(question: str) -> frozenset[str]:
    """The generic nouns ``question`` counts (多少家单位 → 单位, 几个地方 → 地方): no content
    a sentence must hold."""
    return frozenset(m.group("noun") for m in _COUNTED_GENERIC.finditer(question))


_ASKING_WORDS = frozenset({"多少", "几个", "哪些", "什么", "怎么", "一共", "总共", "全年", "今年"})


@functools.lru_cache(maxsize=1024)
def _topic_words(question: str) -> tuple[str, ...]:
    """The nouns and verbs of two characters or more ``question`` asks about, less the
    generic counted nouns and the words of asking."""
    generic = generic_counted(question)
    return tuple(
        w
        for w, f in pos_tags(to_simplified(question))
        if len(w) >= 2
        and f[:1] in ("n", "v")
        and w not in generic
        and w not in _ASKING_WORDS
        and re.fullmatch(r"[\u4e00-\u9fff]+", w)
    )


def _topic_held(question: str, clause: str) -> bool:
    """A count of a generic noun (调解了多少家单位) is answered by a figure whose clause holds
    the act or thing the question names (调解…318件 holds 调解; 新增就业岗位8600个 does not):
    the topic chooses the clause, the measure word the figure."""
    words = _topic_words(question)
    return not words or any(w in clause or (len(w) > 2 and w[:2] in clause) for w in words)


def _modifying_verb(words: list[tuple[str, str]], i: int) -> bool:
    """The word right after the asked count is a verb tagged as one that modifies the noun
    after it (几个示范党支部, 多少名挂职干部): part of the counted thing, not the act."""
    return (
        i == 0
        and words[0][1] == "v"
        and len(words[0][0]) == 2
        and len(words) > 1
        and words[1][1] in _PLAIN_NOUN
    )


# A count asked by a value word, no 多少/几 (党员人数, 机关党员 总数, 党费收缴 完成数).
_COUNT_WORD = re.compile(r"(?:总人数|人数|总数|完成数|个数|数目|数量|数)(?=[？?。！!，]*$)")
_KEYWORD_MAX = 8  # characters of a keyword set apart before the value word


def _thing_before_value_word(q: str) -> str:
    """The noun a count asked by a value word counts: the noun before it, or in a keyword
    string (words set apart by spaces, read as commas) the keyword before it whole."""
    m = _COUNT_WORD.search(q)
    if m is None:
        return ""
    before = q[: m.start()]
    noun = _noun_before(before[-14:].rstrip(_CLAUSE_STOP))
    if noun or not before.endswith("，"):
        return noun
    chunk = before.rstrip("，").rsplit("，", 1)[-1]
    return (
        chunk
        if 2 <= len(chunk) <= _KEYWORD_MAX and re.fullmatch(r"[\u4e00-\u9fff]+", chunk)
        else ""
    )


# The end of an organisation's name (审计局, 市委宣传部办, 街道党工委): no counted noun.
_ORGAN_END = re.compile(r"(?:局|厅|委|办|署|街道|集团|公司|党组|中心)$")


# The last word of an organisation's name read before the counted noun (集团, 医院, 学院,
# 大学, 公司, 局): whose the counted thing is, not part of it.
_UNIT_WORD = re.compile(r"(?:局|厅|委|办|署|街道|集团|公司|党组|中心|[医学法]院|大学|学校)$")


# Words between a noun and the count asked of it (党员有多少名, 现有党员多少, 少数民族几名).
_BEFORE_COUNT = frozenset(
    [
        "有",
        "是",
        "共",
        "共有",
        "一共",
        "一共有",
        "总共",
        "现有",
        "目前",
        "现在",
        "达",
        "达到",
        "为",
        "约",
        "大约",
        "的",
        "了",
        "里",
        "中",
        "都",
        "又",
        "还",
        "分别",
        "各",
    ]
)


def _noun_before(segment: str) -> str:
    """The noun phrase a count follows (新党员里少数民族几名 → 少数民族), or ""."""
    words = pos_tags(segment)
    while words and (words[-1][0] in _BEFORE_COUNT or _VALUE_WORD.fullmatch(words[-1][0])):
        words = words[:-1]
    out = ""
    # (plain nouns only, two words at most: not the act before the count, 培训了几名,
    # nor the organisation further back, 生态环境局, 交通集团 of 交通集团党员有多少名)
    for word, flag in list(reversed(words))[:2]:
        if (
            flag not in _PLAIN_NOUN
            or not re.fullmatch(r"[\u4e00-\u9fff]+", word)
            or word in _BEFORE_COUNT
            or (out and _UNIT_WORD.search(word))
        ):
            break
        out = word + out
    return out if len(out) >= 2 else ""


# Nouns naming the value itself (发电目标多少: the 目标 is the number asked, not a thing counted).
_VALUE_WORD = re.compile(r"目标|指标|目标值|数量|数目|总数|总量|人数|次数|个数|规模|数字|数据")
_PLAIN_NOUN = frozenset({"n", "nz", "j", "l", "nr", "x"})


def _modifiers_held(noun: str, clause: str) -> bool:
    """What ``noun`` puts before the part of it the clause holds (学生 of 学生党员 when the
    clause holds 党员) stands in the clause too, or with one character wrong (年青 for
    年轻): 学生党员 is not counted by 发展教师党员2名, whose 党员 are another group. A
    one-character modifier (新党员) is not read."""
    if noun in clause:
        return True
    tail = next((noun[i:] for i in range(1, len(noun) - 1) if noun[i:] in clause), "")
    head = noun[: len(noun) - len(tail)] if tail else ""
    if len(head) < 2 or head in clause:
        return True
    return any(
        sum(a != b for a, b in zip(head, clause[i : i + len(head)], strict=True)) == 1
        for i in range(len(clause) - len(head) + 1)
    )


# Words closing a counted noun that name no kind of thing (主题党日活动: 活动 says nothing
# the 主题党日 does not; 警示教育会议 is counted by 警示教育4次), read past to find its head.
_EMPTY_TAIL = re.compile(r"活动|工作|情况|事项|会议|大会|次数|人数|数量")


def _head_held(noun: str, clause: str) -> bool:
    """The clause holds a character pair of the word ``noun`` ends on (党课 of 专题党课):
    what is counted is its head, and a clause counting 专题研讨 shares only the modifier
    专题. A one-word noun (学生党员) is left to ``_modifiers_held``; an empty tail word
    (活动 of 主题党日活动) is read past."""
    words = [w for w, _ in pos_tags(noun)]
    while len(words) > 1 and _EMPTY_TAIL.fullmatch(words[-1]):
        words.pop()
    if len(words) < 2 or len(words[-1]) < 2:
        return True
    head = words[-1]
    return any(head[i : i + 2] in clause for i in range(len(head) - 1))


def _clause(text: str, start: int, end: int) -> str:
    a = max((text.rfind(ch, 0, start) for ch in _CLAUSE_STOP), default=-1) + 1
    bs = [i for i in (text.find(ch, end) for ch in _CLAUSE_STOP) if i >= 0]
    return text[a : min(bs) if bs else len(text)]


# A count asked as a total, and a clause stating one before its number.
_ASKS_TOTAL = re.compile(
    r"一共|总共|共有|总数|总计|合计|共计|总人数|全部加起来|现有|目前有|现在有|在册|存量"
)
# (在册党员143名: the roll's count is the stock, as 现有 is; 下设6个支部, 下辖党组织13个: an
# organisation's structure is said whole)
_STATES_TOTAL = re.compile(
    r"共|总|合计|累计|现有|拥有|在册|全|下设|下辖|所辖|辖有|有[\u4e00-\u9fff]{0,4}$"
)


# 一共 before what was done (一共开展了多少场): the count of the act, which the sentence
# reporting it gives whole, not a stock summed from parts.
_ACT_TOTAL = re.compile(r"(?:一共|总共)(?!有|是)[\u4e00-\u9fff]{1,4}了")


def asks_total(question: str) -> bool:
    """The question asks a count as a total (一共有多少名党员, 党员总数)."""
    return bool(_ASKS_TOTAL.search(_ACT_TOTAL.sub("", to_simplified(question))))


def _states_total(clause_before: str) -> bool:
    return bool(_STATES_TOTAL.search(clause_before))


# One thing for each member of a group (每名党员…一个, 每个支部…一名): no count of either; a
# period's one (每半年一次) is a frequency, read by ``rag.cadence``.
_EACH_ONE = re.compile(r"每[名个位人户家所支][\u4e00-\u9fff]{1,8}$")


def _sentence_before(text: str, start: int) -> str:
    """The sentence before ``start``: a stock stated once governs the counts it lists
    (现有党支部14个，党员312名)."""
    a = max((text.rfind(ch, 0, start) for ch in "。；;！？!?\n"), default=-1) + 1
    return text[a:start]


def _clause_before(text: str, start: int) -> str:
    a = max((text.rfind(ch, 0, start) for ch in _CLAUSE_STOP), default=-1) + 1
    return text[a:start]


def _shares_piece(noun: str, clause: str) -> bool:
    if len(noun) == 1:
        return noun in clause
    # (an entrant word is no piece of the thing counted: 发展党员 shares nothing with
    # 确定发展对象6名, whose number counts 对象)
    pieces = [noun[i : i + 2] for i in range(len(noun) - 1)]
    return any(p in clause for p in pieces if not (len(noun) > 2 and _ENTRANTS.fullmatch(p)))


# Words that make a count one of people entering a group, not of the group (发展党员4名,
# 转正预备党员5名, 新增会员, 吸收新党员): the year's entrants, never its members all told.
_ENTRANTS = re.compile(r"发展(?!对象)|吸收|接收|新增|转正|转入|新入")
_ASKS_ENTRANTS = re.compile(r"发展|吸收|接收|新增|转正|转入|入党|新[\u4e00-\u9fff]{0,2}员")
# A count closed by the act of taking part (60余名党员参加, 200人参加活动): those present at
# one event, not the group's members; a question asking who took part reads it. (选派15名
# 村干部参加学历教育 counts those sent: the act goes on to what they were sent to.)
_ATTENDED = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:参加|参会|参与|出席|到场|参训|参赛|列席)了?"
    r"(?:本次|此次|这次)?(?:活动|会议|仪式|大会)?(?=[，,；;。！？!?\n：:]|$)"
)
_ASKS_ATTENDANCE = re.compile(r"参加|参会|参与|出席|到场|参训|参赛|列席|到会|来了|去了")
_ENTRANT_GAP = 4  # characters between an entrant word and the number or the noun it counts


def _counts_entrants(clause: str, at: int, noun: str) -> bool:
    """The number at ``at`` of ``clause`` counts entrants: an entrant word stands shortly
    before it or before the counted noun's piece (发展党员4名, 发展了5名党员)."""
    marks = [at]
    piece = next((noun[i : i + 2] for i in range(len(noun) - 1) if noun[i : i + 2] in clause), "")
    if piece:
        marks.append(clause.find(piece))
    return any(
        m.end() <= mark and mark - m.end() <= _ENTRANT_GAP
        for m in _ENTRANTS.finditer(clause)
        for mark in marks
        if mark >= 0
    )


# A bare count after its verb closing a sentence (…书记“双带头人”培育工程，年内培育8名。): a
# short clause of scope words (年内, 全年, 年底前) and the verb, the number, its measure word
# and nothing after.
_BARE_COUNT_BEFORE = 8  # characters of the clause before the number, verb included
_VERB = 2  # characters of the verb read before the number


def _counted_earlier(noun: str, question: str, plain: str, x: Quantity) -> bool:
    """The count ``x`` closes its clause right after its verb (年内培育8名) — a verb the
    question asks with (要培育成几名…) — and the counted ``noun`` stands earlier in its
    sentence: the clause's count counts it (开展临床科室党支部书记“双带头人”培育工程，年
    内培育8名). The sentence must hold the noun's head, its last two characters (书记 of
    临床科室党支部书记; 小组 of 示范党小组 is not 支部 of 示范党支部)."""
    before = _clause_before(plain, x.start)
    after = _clause(plain, x.start, x.end)[len(before) + x.end - x.start :]
    verb = before[-_VERB:]
    if (
        len(before) > _BARE_COUNT_BEFORE
        or re.search(r"[\u4e00-\u9fff]", after)
        or len(verb) < _VERB
        or not re.fullmatch(r"[\u4e00-\u9fff]+", verb)
        or verb not in to_simplified(question)
        or len(noun) < _VERB
    ):
        return False
    sentence = _sentence_before(plain, x.start)
    return (
        noun[-_VERB:] in sentence
        and _shares_piece(noun, sentence)
        and _modifiers_held(noun, sentence)
    )


def holds_asked(ask: Ask, question: str, text: str) -> bool:
    """``text`` (a passage) holds a count of what ``question`` counts, in one clause; for
    other values, and counts that name no noun, a fitting value anywhere in it."""
    if ask.kind == "date":
        return _founding_of(question, text)
    if ask.kind != "count":
        return True
    if not counted_thing(question) and not asks_total(question) and not generic_counted(question):
        return not _HEADCOUNT.search(question) or bool(_headcounts(ask, question, text))
    return bool(asked_counts(ask, question, text))


# A founding asked by its date (支部是哪年成立的, 成立于何时), and the words of asking before it.
_FOUNDED = re.compile(r"成立|组建|创建|创立|建立|设立")
_WHEN_ASKED = re.compile(r"(?:是|于|在|的)?(?:哪一年|哪年|何年|何时|什么时候|啥时候|哪天|几几年)?$")


def _founding_of(question: str, text: str) -> bool:
    """For a question asking when something was founded (党支部是哪年成立的), the passage
    founds that thing: a clause holding the founding verb and a character pair of the
    founded noun's head (支部 of 党支部). 机关党委自2016年成立以来 founds the 机关党委, no
    支部. Any other date question, or one naming no founded noun, is not judged here."""
    q = to_simplified(question)
    m = _FOUNDED.search(q)
    if m is None:
        return True
    before = _WHEN_ASKED.sub("", q[: m.start()].rstrip())
    noun = _noun_before(before[-14:].rstrip(_CLAUSE_STOP))
    words = [w for w, _ in pos_tags(noun)] if noun else []
    head = words[-1] if words else ""
    if len(head) < 2:
        return True
    plain = to_simplified(text)
    pairs = [head[i : i + 2] for i in range(len(head) - 1)]
    return any(
        any(p in _clause(plain, f.start(), f.end()) for p in pairs)
        for f in _FOUNDED.finditer(plain)
    )


# A number of people asked with no noun counted (参加人数, 读书会的人数是多少).
_HEADCOUNT = re.compile(r"人数")
# The words of asking a headcount, no word of who is counted.
_HEADCOUNT_ASK = re.compile(r"人数|多少|是|有|几|[？?。！!，,\s]")


def _headcounts(ask: Ask, question: str, text: str) -> list[Quantity]:
    """The person counts of ``text`` whose clause says who is counted by a word of the
    question (参加 of 参加人数 in 参加活动党员120余人): a headcount of another group in the
    sentence (参训人员85人 for 读书交流参加人数) is not the one asked."""
    said = _HEADCOUNT_ASK.sub("，", to_simplified(question))
    pairs = {said[i : i + 2] for i in range(len(said) - 1)}
    pairs = {p for p in pairs if re.fullmatch(r"[\u4e00-\u9fff]{2}", p)}
    plain = to_simplified(text)
    return [
        x
        for x in find_quantities(plain)
        if fits(ask, x) and any(p in _clause(plain, x.start, x.end) for p in pairs)
    ]


def asked_counts(ask: Ask, question: str, text: str) -> list[Quantity]:
    """The quantities of ``text`` (a passage) that answer the count ``ask`` of what
    ``question`` counts: fitting the asked unit, in a clause naming the counted noun, stated
    as a total when a total is asked ([] for a value other than a count)."""
    if ask.kind != "count":
        return []
    plain = to_simplified(text)
    noun = counted_thing(question)
    total = asks_total(question)
    entrants = bool(_ASKS_ENTRANTS.search(to_simplified(question)))
    attendance = bool(_ASKS_ATTENDANCE.search(to_simplified(question)))
    out = []
    for x in find_quantities(plain):
        clause = _clause(plain, x.start, x.end)
        lo = x.start - len(_clause_before(plain, x.start))
        if not fits(ask, x):
            continue
        if noun and not (
            _shares_piece(noun, clause)
            and _modifiers_held(noun, clause)
            and _head_held(noun, clause)
        ):
            if not _counted_earlier(noun, question, plain, x):
                continue
            # (the sentence up to the count's clause end is where the noun is counted)
            end = lo + len(clause)
            lo = x.start - len(_sentence_before(plain, x.start))
            clause = plain[lo:end]
        if not noun and generic_counted(question) and not _topic_held(question, clause):
            continue
        if total and not _states_total(_sentence_before(plain, x.start)):
            continue
        if x.value == 1 and _EACH_ONE.search(_clause_before(plain, x.start)):
            continue  # (每名党员认领一个责任区: one for each, no count of them)
        if noun and not entrants and _counts_entrants(clause, x.start - lo, noun):
            continue  # (党员多少名 is not answered by 发展党员4名: the year's entrants)
        if noun and entrants and not _ASKS_ENTRANTS.search(clause):
            continue  # (发展了多少名党员 is not answered by 现有党员312名: all members)
        if noun and not attendance and _ATTENDED.match(plain, x.end):
            continue  # (党员多少名 is not answered by 60余名党员参加: who took part)
        out.append(x)
    return out


def _years_in(where: str) -> set[int]:
    plain = to_simplified(where)
    return {
        int(m.group(1))
        for m in _YEAR.finditer(plain)
        if not _COMPARED.search(plain[max(0, m.start() - 2) : m.start()])
        and not plain.startswith(("以来", "同期"), m.end())
    }


def _heading_years(doc_text: str, start: int) -> set[int]:
    """The years of the nearest heading above ``start`` (一、 （一） 第一部分) that names one."""
    pos = doc_text.rfind("\n", 0, start)  # the passage's own line is the passage
    for _ in range(200):  # a bounded walk back over lines
        if pos < 0:
            return set()
        a = doc_text.rfind("\n", 0, pos)
        line = doc_text[a + 1 : pos]
        if _HEADING.match(line):
            years = _years_in(line)
            if years:
                return years
        pos = a
    return set()


def year_fits(
    year: int, doc_text: str, start: int, end: int, title: str, doc_year: int | None
) -> bool:
    """The passage ``doc_text[start:end]`` is about ``year``: the first of its sentence,
    its paragraph before it, the heading above it, the document's title and its date that
    names a year names it
    (a passage nothing dates is not ruled out)."""
    para = doc_text.rfind("\n", 0, start) + 1
    for years in (
        _years_in(doc_text[start:end]),
        # the paragraph's earlier sentences (会议指出，2024年，集团…。全年完成…)
        _years_in(doc_text[para:start]),
        _heading_years(doc_text, start),
        _years_in(title),
    ):
        if years:
            return year in years
    return doc_year is None or doc_year == year


# --- figures a question states --------------------------------------------------------------

# Measure characters after a bare number that the quantity reader leaves out (分 of a score:
# 70分, a Chinese numeral before 分 being mostly 十分 "very").
_BARE_TAIL = "分"


@dataclass(frozen=True)
class Figure:
    """A figure stated in a question (起评分70分): its value, its measure word (``unit``;
    分 of a score), its text, and the characters before it that say what it measures."""

    value: float
    unit: str
    text: str
    before: str
    after: str = ""  # (a yes/no guess's: what follows it in its clause, ``guessed_figures``)


def _figures(text: str) -> list[tuple[int, int, float, str]]:
    """Every figure of ``text`` with a measure word: (start, end, value, unit)."""
    plain = full_units(to_simplified(text))
    out = []
    for x in find_quantities(plain):
        unit, end = x.unit, x.end
        if not unit:
            if not plain[x.start].isdigit() or not plain.startswith(_BARE_TAIL, end):
                continue
            unit, end = _BARE_TAIL, end + len(_BARE_TAIL)
        if unit in ("年", "月", "天", "周", "小时", "分钟"):
            continue  # (a span of time is a date's or a period's, not a stated value)
        out.append((x.start, end, x.value, unit))
    return out


# Characters that make no piece of what a figure measures (的起, 分是).
_FUNCTION = frozenset("的是了和与及为在有把将对吧吗呢啊也都就")
_BEFORE_MAX = 12  # characters before a figure read for what it measures
_PARTS_AFTER = re.compile(
    r"方面|部分|板块|阶段|层次|环节|步骤|大块|要点|重点|任务|措施|举措|意见|要求"
)


def stated_figures(question: str) -> tuple[Figure, ...]:
    """The figures ``question`` states as facts (…定的起评分70分出自哪份文件 → 70分), with
    the characters before each in its sentence (what it measures: 起评分 of 起评分70分, of
    起评分，X是70分); none that it asks for. (A question whose organisation names are masked
    — ``Query.rest`` — keeps them out of what is measured.)"""
    plain = full_units(to_simplified(question).replace(" ", ""))
    out = []
    for a, b, value, unit in _figures(plain):
        if unit in ("项", "条") or _PARTS_AFTER.match(plain, b):
            continue  # (五个方面, 三项任务: how a document is divided, asked by its parts)
        lead = re.split(r"[。？！?!；;]", plain[max(0, a - _BEFORE_MAX) : a])[-1]
        before = re.sub(r"[^\u4e00-\u9fff]", "", lead)
        if _pieces(before):  # (a figure that says nothing of what it measures states nothing)
            out.append(Figure(value, unit, plain[a:b], before))
    return tuple(out)


def _pieces(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not _FUNCTION & set(text[i : i + 2])}


def _measures_same(fig: Figure, clause: str) -> bool:
    """``clause`` speaks of what ``fig`` measures: it shares a two-character piece of the
    characters before the figure in the question (起评分70分 ↔ 起评分为80分); a figure with
    nothing before it measures whatever its unit does."""
    pieces = _pieces(fig.before)
    return not pieces or any(p in clause for p in pieces)


def figure_clauses(fig: Figure, text: str) -> list[tuple[int, int, bool]]:
    """The clauses of ``text`` that state a figure of what ``fig`` measures, in its unit:
    (start, end, same value) each — 起评分为80分 for 70分 is (…, False) — those sharing
    most of what it measures first."""
    plain = to_simplified(text)
    out = []
    for a, b, value, unit in _figures(plain):
        if unit != fig.unit:
            continue
        clause = _clause(plain, a, b)
        if not _measures_same(fig, clause):
            continue
        c = max((plain.rfind(ch, 0, a) for ch in _CLAUSE_STOP), default=-1) + 1
        shared = sum(1 for p in _pieces(fig.before) if p in clause)
        out.append((shared, c, c + len(clause), abs(value - fig.value) < 1e-9))
    # (the clauses sharing most of what the figure measures first)
    return [(a, b, same) for _, a, b, same in sorted(out, key=lambda x: (-x[0], x[1]))]


# --- figures a yes/no question guesses --------------------------------------------------------

# The framing of a yes/no guess and the asking around it (是不是, 是否, 有没有, 吗, 多少): no
# piece of what a guessed figure measures.
_GUESS_FRAME = re.compile(r"是不是|是否|有没有|对不对|是不|不是|对吗|哪|什么|多少|[吗吧呢么嘛啊呀]")


def _context_chars(text: str) -> str:
    """``text`` with the guess's framing, function characters and masks (□) taken out,
    each run of what is left kept apart by a space (a two-character piece spans no gap)."""
    plain = _GUESS_FRAME.sub(" ", text)
    return re.sub(
        r"[^\u4e00-\u9fff]+", " ", "".join(" " if ch in _FUNCTION else ch for ch in plain)
    )


def guessed_figures(question: str) -> tuple[Figure, ...]:
    """The figures a yes/no question guesses (是不是投了80万元建X → 80万元), each with what
    stands around it in its clause: ``before`` and ``after`` (the framing words, function
    characters and masked names taken out, runs kept apart by spaces). A figure with nothing
    around it guesses nothing."""
    plain = full_units(to_simplified(question).replace(" ", ""))
    out = []
    for a, b, value, unit in _figures(plain):
        if unit in ("项", "条") or _PARTS_AFTER.match(plain, b):
            continue  # (五个方面, 三项任务: how a document is divided)
        clause = _clause(plain, a, b)
        c = plain.find(clause, max(0, a - len(clause)))
        before = _context_chars(plain[max(c, a - _BEFORE_MAX) : a]).strip()
        after = _context_chars(plain[b : c + len(clause)][:_BEFORE_MAX]).strip()
        if before or after:
            out.append(Figure(value, unit, plain[a:b], before, after))
    return tuple(out)


def _shared(fig: Figure, text: str) -> int:
    """How many two-character pieces of what ``fig`` stands among ``text`` holds."""
    around = f"{fig.before} {fig.after}".split()
    pieces = {w[i : i + 2] for w in around for i in range(len(w) - 1)}
    return sum(1 for p in pieces if p in text)


def guess_clauses(fig: Figure, text: str) -> tuple[bool, list[tuple[int, int]]]:
    """Whether ``text`` (a quoted passage) states the guessed ``fig`` of what it stands
    among, and the clauses of ``text`` stating another figure of that, best first: in another
    unit (党建阵地8个 for 80万元) when the clause shares a piece of two characters of it; in
    its unit (60万元 for 80万元) when the clause or its sentence shares one (投入35万元，
    建成X3个 for 50万元建X)."""
    plain = to_simplified(text)
    found: list[tuple[int, int, int, int]] = []
    for s, e in _sentences(plain):
        sentence = plain[s:e]
        told = _shared(fig, sentence) > 0
        for a, b, value, unit in _figures(sentence):
            clause = _clause(sentence, a, b)
            pieces = _shared(fig, clause)
            same_unit = unit == fig.unit
            if not (pieces or (same_unit and told)):
                continue
            if same_unit and abs(value - fig.value) < 1e-9:
                return True, []
            c = s + max((sentence.rfind(ch, 0, a) for ch in _CLAUSE_STOP), default=-1) + 1
            found.append((-pieces, 0 if same_unit else 1, c, c + len(clause)))
    # (of the clauses in other units, those sharing most: 党员活动室 shares less of 发展党员
    # than 发展党员4名 does)
    most = min((x[0] for x in found if x[1]), default=0)
    found = sorted(x for x in found if not x[1] or x[0] == most)
    return False, list(dict.fromkeys((a, b) for *_, a, b in found))


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^。！？!?；;\n]+", text)]
