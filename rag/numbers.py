"""Values in Chinese text, and whether a passage holds the kind of value a question asks
for (pure functions).

A **quantity** is a number with what follows it: Arabic (``12个``, ``8.6%``, ``1,200人``) or
Chinese numerals (``十二个``, ``一百三十六名``, ``两轮``, ``百分之八十``), with the 万/亿 units
(``86万元`` is 860000 元, ``2.6亿吨``), an approximation word before or after (``余``,
``多``, ``近``, ``逾``, ``约``, ``超过``, ``以上``) and a range (``2—3个``, ``两到三个``,
``两三个``). Years (``2023年``) and numbers inside words (``一是``, ``第一``, ``一级抓一级``,
``三会一课``) are not quantities: a Chinese numeral counts only before a measure word.
Text in Traditional script is read through ``rag.script.to_simplified`` (same length, so
spans stay valid).

A question **asks** for a person's name (书记是谁), a date, a rank, an amount of money, a
share (率, 比例) or a count (多少个, 几名 …); ``holds_value`` says whether a passage holds a value of that kind. Units
are compared by scale: a question in 亿元 is answered by a 亿 figure or by a 万 figure of at
least 0.1 亿 (``5000万元``), never by ``10万元``; a question in 万 likewise needs a figure of
at least 0.1 万. A count asked with a person word (名, 人, 位) is answered by a person
count (几个人 is one: 几名) or by 人次 (户 by 户次: attendances, ``rag.count_units``),
one asked with an event's word (次, 场, 期, 轮) by a count in
any of them, one asked with 个 by any counted thing, one asked with no measure word by any
quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.bare_keyword import asks_amount
from rag.script import to_simplified

__all__ = [
    "Ask",
    "Quantity",
    "asked_value",
    "find_quantities",
    "fits",
    "full_units",
    "holds_value",
    "parse_chinese_number",
]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"


def parse_chinese_number(s: str) -> float | None:
    """``十二`` → 12, ``一百三十六`` → 136, ``两千五百`` → 2500, ``三万`` → 30000,
    ``一二三`` (digit by digit) → 123; None if ``s`` is not a Chinese numeral."""
    if not s or any(ch not in _CN_NUM for ch in s):
        return None
    if not any(ch in _CN_SMALL_UNITS or ch in _CN_BIG_UNITS for ch in s):
        return float(int("".join(str(_CN_DIGITS[ch]) for ch in s)))
    total = section = 0
    digit: int | None = None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[ch] != 0:
                return None  # 三四十: an estimate, not one number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _CN_BIG_UNITS[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


# Measure words a count ends on (a closed class), longest first where one holds another.
_PERSON = "名人位"
_MEASURE = (
    "人次|户次|标准箱|个|名|人|位|次|项|条|家|处|场|件|所|座|支|轮|期|批|部|台|辆|套|间|"
    "篇|本|期|份|门|村|户|元|吨|米|公里|亩|平方米|岁|天|周|月|年|小时|分钟|倍|种|类|例|张|届|起"
)
# A lone 一 before these is mostly a word (一起, 一批, 一支队伍, 一张蓝图), not a count.
_WEAK_AFTER_ONE = frozenset("支部台辆套间篇本份门村户张种类周天年月起")
_APPROX_BEFORE = r"(?:近|逾|约|超过|超|达|达到|不少于|不低于|不超过|至少|共|累计|全部)?"
_APPROX_AFTER = r"(?:余|多)?"
_AR = r"\d+(?:[.,，]\d+)*"
_NUM = rf"(?:{_AR}|[{_CN_NUM}]+)"
_RANGE = rf"{_NUM}(?:\s*(?:[—–\-~～至到])\s*{_NUM})?"
_QUANTITY = re.compile(
    rf"(?P<pre>{_APPROX_BEFORE})(?P<pct>百分之(?P<pnum>{_NUM}))"
    rf"|(?P<pre2>{_APPROX_BEFORE})(?P<num>{_RANGE})\s*(?P<approx>{_APPROX_AFTER})\s*"
    rf"(?P<big>万|亿)?\s*(?P<unit>%|％|‰|成|{_MEASURE})?"
)
_YEAR_AFTER = re.compile(r"\s*(?:年度?|届)")
_DOC_NUMBER = re.compile(r"\s*号")
# A heading's number (1.修订…, 2、开展…) at a line's start: a position, not a quantity.
_MARKER_AFTER = re.compile(r"[.．、]")


@dataclass(frozen=True)
class Quantity:
    """A number in a text: its span, value (万/亿 applied; a range's upper end), the
    measure word after it (``%`` for shares; ``""`` for a bare Arabic number)."""

    start: int
    end: int
    value: float
    unit: str
    approx: bool = False


def _value_of(raw: str) -> float | None:
    raw = raw.replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    return parse_chinese_number(raw)


def _range_top(raw: str) -> float | None:
    parts = re.split(r"\s*[—–\-~～至到]\s*", raw)
    if len(parts) == 1 and len(raw) == 2 and all(ch in _CN_DIGITS for ch in raw):
        parts = [raw[0], raw[1]]  # 两三个
        if _CN_DIGITS[raw[1]] != _CN_DIGITS[raw[0]] + 1:
            parts = [raw]
    values = [_value_of(p) for p in parts]
    return max(v for v in values if v is not None) if all(v is not None for v in values) else None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``, in order (years, dates' parts and numerals inside words
    left out)."""
    plain = to_simplified(text)
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(plain):
        if m.group("pct"):
            v = _value_of(m.group("pnum"))
            if v is not None:
                out.append(Quantity(m.start("pct"), m.end(), v, "%", bool(m.group("pre"))))
            continue
        raw = m.group("num")
        if not raw:
            continue
        unit = m.group("unit") or ""
        big = m.group("big") or ""
        arabic = raw[0].isdigit()
        if not arabic and not (unit or big):
            continue  # 一是, 统一: a Chinese numeral counts only before a measure word
        if not arabic and raw in ("万", "亿", "千", "百"):
            continue  # 千方百计, 万众一心
        if raw == "一" and not big and unit in _WEAK_AFTER_ONE:
            continue
        before = plain[max(0, m.start("num") - 1) : m.start("num")]
        if before == "第" or (before in "一二三四五六七八九十" and before and not arabic):
            continue  # 第一, 一级抓一级 …
        if arabic and unit in ("年", "月", "") and _is_date_part(plain, m.start("num"), m.end()):
            continue
        if (
            arabic
            and re.fullmatch(r"(?:19|20)\d\d", raw)
            and (_YEAR_AFTER.match(plain, m.end("num")) or not unit)
        ):
            continue  # a year (2023年, 〔2023〕)
        if arabic and not unit and _DOC_NUMBER.match(plain, m.end("num")):
            continue  # the number of a document (〔2023〕2号)
        if (
            arabic
            and not unit
            and _MARKER_AFTER.match(plain, m.end("num"))
            and (m.start("num") == 0 or plain[m.start("num") - 1] in " \t\u3000\n")
        ):
            continue  # 1.与全县…: a heading's number
        top = _range_top(raw)
        if top is None:
            continue
        if big:
            top *= 10_000 if big == "万" else 100_000_000
        if unit in ("％",):
            unit = "%"
        approx = bool(m.group("pre2") or m.group("approx"))
        out.append(Quantity(m.start("num"), m.end(), top, unit, approx))
    return out


_DATE_AROUND = re.compile(
    r"(?:19|20)\d\d\s*[-年./]\s*\d{1,2}(?:\s*[-月./]\s*\d{1,2}\s*日?)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}:\d\d"
)


def _is_date_part(text: str, start: int, end: int) -> bool:
    for m in _DATE_AROUND.finditer(text, max(0, start - 12), min(len(text), end + 12)):
        if m.start() <= start < m.end():
            return True
    return False


# --- what a question asks for ---------------------------------------------------------

_CN_D = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"(?:19|20)\d\d\s*[-年./]\s*\d{{1,2}}|\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日|底|初|中旬|上旬|下旬)?|"
    rf"\d{{1,2}}日|[{_CN_D}]{{4}}年[{_CN_D}]{{1,2}}月|[{_CN_D}]{{1,3}}月[{_CN_D}]{{1,3}}日|"
    # a deadline said by the period (每月底前, 年底前, 年内, 每季度末)
    r"(?:每|本|当)?(?:月|季度?|半年|年)(?:底|末|初)前?|年内|月内|季度内|"
    # a day of the week (每月第一个星期五, 每周三)
    r"(?:每[周月])?(?:第[一二三四1-4]个)?(?:星期|周|礼拜)[一二三四五六日天1-7](?![次遍回轮期个])"
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d\s*年|[〇零一二三四五六七八九]{4}年")
# (a rank in words too: 名列前茅, 领先, 居首, 排在前列)
_RANK = re.compile(
    rf"第\s*{_NUM}\s*(?:名|位)|排名|名次|前\s*{_NUM}\s*(?:名|位)|(?<![单岗部职])位列|位居|名列|居首|首位|领先|前列|榜首|夺冠"
)


@dataclass(frozen=True)
class Ask:
    """The kind of value a question asks for: ``date`` (``year``: a year is enough),
    ``rank``, ``money``, ``share``, ``count``; ``unit`` is the measure word it names and
    ``scale`` the 万/亿 it asks in (1 when it names none)."""

    kind: str
    unit: str = ""
    scale: float = 1.0
    year: bool = False


# A count of the run-in markers of an inline list (几个“要”, 几个‘是’, 有几个坚持): the word
# that follows 一/二/三 in a section's items (一要…二要…, 一是…二是…), quoted or left
# bare at the end of a clause; it asks for the items so marked, not for a value.
MARKER_COUNT = re.compile(
    r"(?:几|多少)(?:个|条|处)?(?:[‘“\"'「『][^’”\"'」』]{1,6}[’”\"'」』]|"
    r"(?:是要|是|要|坚持|着力|聚力|抓好|强化|做到)(?=$|[，,。？?！!、]|都|分别|各|呢|啊))"
)

# A count of documents, places or occurrences asks for a list, not a value.
# So does a count of a document's parts, stages or items (几个方面, 分几个阶段, 多少项任务, 几点要求,
# 几个要求).
_NOT_VALUE = re.compile(
    r"出现.{0,3}几次|(?:出现|提到|提及|讲到|写到|说到|涉及).{0,3}(?:几|多少)处|"
    r"(?:几|多少)处(?=[提说讲谈写出涉都是呢吗地？?，,。！!]|$)|几[个份](?:文件|材料|单位|地方|部门|文档)|多少(?:份|个)(?:文件|材料|文档)|"
    r"(?:多少|几)个?(?:大|小)?的?(?:方面|部分|[大小子分]?标题|小节|板块|层次|块|阶段|环节|步骤)|"
    r"(?:多少|几)(?:项|条|点|件事|件(?![？?。！!]*$))|几个(?:大|小)的?(?:点|项|条)(?!位)|"
    # 提了几个要求, 有几个措施: a list noun counted asks for the list
    r"几个(?:要求|措施|任务|举措|意见|重点|原则|做法|事项|目标任务)|"
    r"哪几(?:个|项|条|点)?|"  # 哪几个小区: which ones, a list
    # 几个部门分别怎么安排的: each body's content asked (分别, 各自, 怎么, 哪些), a list of them
    r"(?:多少|几)[个家所]?(?:单位|部门|机关|学校|医院|企业)"
    r"(?=[^，,。？?]{0,12}(?:分别|各自|怎么|如何|怎样|哪些|列))|"
    # 那几个工程都有啥: the ones meant, asked for what they are
    r"[那这]几(?:个|项|条|点|件|大)?[\u4e00-\u9fff]{0,8}?(?:都|分别)?(?:有啥|有哪些|是啥|是什么|是哪些|包括|指什么)"
)
# (是那天/那天开: the common slip of 那 for 哪.)
_ASK_DATE = re.compile(
    r"哪天|哪一天|几号|何时|什么时候|什么时间|啥时候|日期|几月|哪个月|是那天|那天(?:开|发|召开|印发|举行)"
)
_ASK_YEAR = re.compile(r"哪年|哪一年|哪个年")
# (位列 after 单/岗/部: 按部门列出来 lists by unit, no rank; 排第 after 安/编: 安排第四项 is
# an item arranged, no rank)
_ASK_RANK = re.compile(r"第几|名次|(?<![安编])排第|(?<![单岗部职])位列|排名|排在")
# Measure words read from a question: those that rarely begin a noun there (多少村干部,
# 多少年轻干部 name no unit); any other count is asked with no unit.
_ASK_MEASURE = (
    "人次|户次|个|名|人|位|次|家|场|件|所|轮|期|批|户|吨|标准箱|座|台|套|起(?![来草步])|"
    "处(?![室长理])|部(?![门分署长])|支(?!部)|"
    # (lengths, areas, durations and copies: 多少公里 is not answered by 60余名)
    "公里|千米|平方米|亩|小时|天|份|篇"
)
_ASK_UNIT = re.compile(
    rf"(?:多少|(?<![哪那这])几)\s*(?P<big>万|亿)?\s*(?P<unit>%|元|块钱|钱|{_ASK_MEASURE})?"
)
# An amount is asked with a word of quantity (多少, 几, 多大), not by naming 经费 (经费怎么保障).
_HOW_MUCH = re.compile(r"多少|几|多大|多高|数额|金额|是多")
_ASK_MONEY = re.compile(
    r"多少钱|金额|资金|经费|预算|收入|营收|营业额|利润|产值|税收|投入|补贴|奖励|(?:万|亿)?元"
)
# Words naming an amount of money a question asks with 多少/几 (经费多少, 花了多少).
_MONEY_WORD = re.compile(
    r"多少钱|金额|资金|经费|预算|补贴|补助|奖金|奖励|费用|开支|支出|花了|花费|花多少|投资|拨付|拨款"
)
_ASK_SHARE = re.compile(
    r"比例|占比|比重|百分之几|百分比|率.{0,4}多少|权重|占.{0,8}多少(?![名人个位次家场件所轮期批户项条万元])|多少成"
)
_ASK_COUNT = re.compile(
    r"多少(?!项|条)|几名|(?<![哪那这])几个(?!方面|部分|[大小子分]?标题|小节|板块|层次|阶段|环节|步骤)|几次|几位|几家|几场|几轮|几期|几批|几所|"
    r"数量|人数|次数|成交|总数|完成数|个数|数目|"
    # a keyword string closing on a noun's count (党员数, 机关党员 总数)
    r"(?<=[\u4e00-\u9fff])数(?=[？?。！!\s]*$)"
)


# A count named as a number of people (人数, 总人数, 参会人数), with no measure word asked.
_HEADCOUNT = re.compile(r"人数(?!比例|占比|比重)")


# A person's name: asked after a post (书记叫什么名字, 局长是谁); held where a post stands
# before a name (区委书记　许明远, 党委书记XXX) or a name before 同志.
_POSTS = (
    r"书记|局长|部长|主任|院长|校长|经理|董事长|主席|组长|负责人|联络员|责编|编辑|作者|记者|主持人"
)
_ASK_NAME = re.compile(rf"(?:{_POSTS})(?:是谁|叫什么|叫啥|姓什么|的姓名|姓名|的名字|名字)")
# A name withheld in the published text (XXX, ×××, 某某, 张某) is no name: asked for, it is
# refused as not given, never answered with the placeholder. (``_HAN``: a Han character but 某.)
_HAN = "[\u4e00-\u67cf\u67d1-\u9fff]"
_NAME = re.compile(
    rf"(?:{_POSTS})[\s\u3000:：]*{_HAN}{{2,3}}(?=[\s\u3000，,。；）)]|$|同志|表示|介绍|说|指出|强调|出席|主持)"
    rf"|(?<!某){_HAN}{{2,3}}同志"
)


# Units as people say them, and the written forms (几个亿 → 几亿元, 多少万块 → 多少万元,
# 多少万度 → 多少万千瓦时): applied to the question before its unit is read.
_SAID_UNITS = (
    (re.compile(r"个亿"), "亿"),
    (re.compile(r"(?<=[万亿])块钱?|(?<=[万亿])块(?=钱)"), "元"),
    (re.compile(r"(?<=[多少几万亿])块钱"), "元"),
    (re.compile(r"(?<=万)度(?![电])"), "千瓦时"),
    (re.compile(r"(?<=[多少几万亿\d])标箱"), "标准箱"),
    # people counted as heads (几个人, 多少个人, 几号人): the person count 几名 — not 个人
    # of 个人荣誉, 人员, 人才 (多少个人才 counts talents)
    (re.compile(r"(?<=[几少])(?:个|号)人(?![员才民次])"), "名"),
)


def full_units(q: str) -> str:
    """``q`` with units as people say them in their written form (几个亿 → 几亿)."""
    for rx, written in _SAID_UNITS:
        q = rx.sub(written, q)
    return q


def asked_value(question: str) -> Ask | None:
    """The kind of value ``question`` asks for, or None when it asks for none."""
    q = _NOT_VALUE.sub("", full_units(to_simplified(question).replace(" ", "")))
    q = MARKER_COUNT.sub("", q)
    if _ASK_DATE.search(q):
        return Ask("date")
    if _ASK_YEAR.search(q):
        return Ask("date", year=True)
    if _ASK_NAME.search(q):
        return Ask("name")
    if _ASK_RANK.search(q):
        return Ask("rank")
    m = next((m for m in _ASK_UNIT.finditer(q) if m.group("big") or m.group("unit")), None)
    big = m.group("big") if m else None
    unit = (m.group("unit") or "") if m else ""
    scale = {"万": 10_000.0, "亿": 100_000_000.0}.get(big or "", 1.0)
    if unit in ("元", "钱", "块钱") or (not unit and big and _ASK_MONEY.search(q)):
        return Ask("money", "元", scale)
    if unit == "%" or _ASK_SHARE.search(q):
        return Ask("share")
    if not unit and _MONEY_WORD.search(q) and _HOW_MUCH.search(q):
        return Ask("money", "元", scale)
    if m and (unit or big):
        return Ask("count", unit, scale)
    if _ASK_COUNT.search(q):
        # (参加人数多少: a count of people, which 举办一次 or 3个支部 does not give)
        return Ask("count", "人") if _HEADCOUNT.search(q) else Ask("count")
    if asks_amount(q):  # X 补助标准, X 经费: the amount, as 多少钱 asks it
        return Ask("money", "元", scale)
    return None


def holds_value(ask: Ask, text: str) -> bool:
    """``text`` holds a value of the kind ``ask`` asks for (see the module's notes on units)."""
    plain = to_simplified(text)
    if ask.kind == "name":
        return bool(_NAME.search(plain))
    if ask.kind == "date":
        return bool(_DATE.search(plain) or (ask.year and _YEAR_ONLY.search(plain)))
    if ask.kind == "rank":
        return bool(_RANK.search(plain))
    if ask.kind == "share" and "倍" in plain:
        return True
    return any(fits(ask, x) for x in find_quantities(plain))


# Units that count events or spans of time, not things: no answer to 几个.
_NOT_THINGS = frozenset(
    {
        "%",
        "‰",
        "成",
        "元",
        "年",
        "月",
        "天",
        "周",
        "小时",
        "分钟",
        "次",
        "人次",
        "场",
        "轮",
        "遍",
        "倍",
    }
)


# Measure words that count held events, one for another (宣讲搞了几次 ↔ 宣讲28场, 讲堂办了几场
# ↔ 4期, 巡察几次 ↔ 2轮): the closed class of event classifiers.
_EVENTS = frozenset({"次", "场", "期", "轮"})


def fits(ask: Ask, x: Quantity) -> bool:
    """Quantity ``x`` is a value of the kind ``ask`` asks for (share, money or count)."""
    if ask.kind == "share":
        return x.unit in ("%", "‰", "成")
    if ask.kind == "money":
        return x.unit == "元" and x.value >= 0.1 * ask.scale
    if ask.kind != "count":
        return False
    if ask.scale > 1:
        return x.value >= 0.1 * ask.scale and x.unit != "%"
    if not ask.unit:
        return True
    if ask.unit in _PERSON:
        return bool(x.unit) and (x.unit in _PERSON or x.unit == "人次")
    if ask.unit == "户":  # (households visited are counted by 户次 too)
        return x.unit in ("户", "户次")
    if ask.unit == "个":
        return bool(x.unit) and x.unit not in _NOT_THINGS
    if ask.unit in _EVENTS:
        return x.unit in _EVENTS
    if ask.unit in _BODIES:  # (几家单位 ↔ 6个村党组织: bodies are counted by 个 too)
        return x.unit in _BODIES or x.unit == "个"
    return x.unit == ask.unit


# Measure words of organisations and institutions (家 of 企业, 所 of 学校).
_BODIES = frozenset({"家", "所"})
