"""Reading a question (pure): its scope, its content and the cues it carries — no routing.

What a question is *about* is read against the corpus's own metadata and text:

- **departments** named in full or abbreviated (``市委政策研究室`` ↔ 市委政研室,
  ``生态局`` ↔ 市生态环境局, ``广州`` ↔ 广州市生态环境局) by an abbreviation rule on
  characters — the shorter name is a subsequence of the longer, ends on the organ part
  of it and keeps characters that set the department apart — never by an alias list;
- an organisation the question names that matches no department and stands nowhere in
  the corpus (``宣传部`` in a corpus without one) is reported as unknown;
- **years** (``2022年``, ``22年``, ``2022``, ``20年度``, ``二〇二二年``); a year no document is dated and no
  text mentions is reported as unknown;
- **quoted phrases** and **content words** (jieba tokens less function words and the
  scope mentions).

Cue words (哪些, 出处, 多少, 区别 …) are read into ``Cues``: soft signals the planner in
``rag.answer`` adds to the evidence of each answer shape. None of them chooses a shape,
removes a document or refuses by itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rag.bare_keyword import amount_noun, ask_frame_spans, whose_act_masked
from rag.clipped_verbs import spaced_verbs
from rag.doc_number import asks_issuer, numbered_docs
from rag.group_orgs import group_org_spans, of_library
from rag.kin_units import (
    asked_place,
    in_structural_word,
    names_parent,
    other_place,
    publishers,
    sibling_branch,
    titled_parent,
    without_publisher,
)
from rag.numbers import MARKER_COUNT
from rag.numeral_years import arabic_years
from rag.page_fields import ASKED as COUNTER_ASKED
from rag.place_slip import bare_place, place_head, place_slip, reads_as_place, shared_place
from rag.recipients import ADDRESS_LINE, recipient_only
from rag.references import without_references
from rag.review_year import reviewed_year
from rag.scope_words import table_units, unscoped
from rag.short_names import (
    extends_a_name,
    industry_short,
    is_code_name,
    organisation_key,
    short_form_spans,
)
from rag.split_compare import split_sides
from rag.text import in_order, normalize
from rag.tokenize import STOPWORDS, pos_tags, tokenize
from rag.types import DocMeta
from rag.typo import one_off

__all__ = [
    "KINDS",
    "Cues",
    "Query",
    "content_words",
    "department_mentions",
    "is_list_word",
    "organ_core",
    "read_cues",
    "resolve_followup",
    "same_organ",
    "understand",
    "without_name",
]

# Answer shapes (``Answer.kind``): the planner chooses one on the evidence.
KINDS = ("tasks", "term", "attribution", "fact", "compare")

_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']")
_YEAR = re.compile(r"(?<!\d)((?:19|20)?\d\d)\s*(?:年|(?=\s|$))")
_YEAR4 = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Years said relative to the document's own year (a 2022 summary's 明年 is 2023), never to
# today's date: the offset each word means.
_RELATIVE_YEAR = re.compile(r"明年|来年|下一?年度?|今年|本年度?|当年|去年|上一?年度?|前年")
_RELATIVE_OFFSET = {
    "明": 1,
    "来": 1,
    "下": 1,
    "今": 0,
    "本": 0,
    "当": 0,
    "去": -1,
    "上": -1,
    "前": -2,
}

# Characters of organisation names that say what kind of organ it is, not which one.
_ORG_GENERIC = frozenset("中共国家总市省县区委局部室办厅院会员工作机关党直属公司集团有限股份")
# The organ part an organisation name ends on.
# (a 馆 — 文化馆, 档案馆, 科技馆 — is an institution a document may be of too)
_ORG_SUFFIX = re.compile(
    r"(?:部|局|厅|委|办|室|院|处|署|馆|集团|公司|大学|学院|学校|街道|中心|工委|党委)$"
)
_PLACE = re.compile(r"^(?:中共)?(?:国家税务总局)?([\u4e00-\u9fff]{2,3}?)(?:市|县|区|镇|街道|省)")


# --- cues ----------------------------------------------------------------------------

_WHICH_ORGAN = r"哪一?(?:个|家|所|座|位|级|类|支|条|间)?(?:单位|部门|机关|党组织|党委|党组|学校|大学|学院|医院|街道|社区|乡镇|公司|集团)"

# Where in a document, at its close (末尾, 结尾部分, 收尾处, 文末, 最后一段, 结束语): a position,
# never a content word.
_CLOSING = re.compile(r"(?:末尾|结尾|收尾|文末|结束语|最后一段|最后那段)(?:部分|处|那里|的地方)?")

_AHEAD = re.compile(r"下一?步|明年|来年|下一?年度?|展望|今后")

# The modifier of a document's kind name (领导讲话, 讲话稿, 年终总结, 年度总结, 实施方案): with
# its kind word it names the kind, never a topic (领导 of a leadership system in the text).
_KIND_MODIFIER = re.compile(
    r"(?:领导|书记|负责人)(?=的?(?:讲话|发言|致辞))|(?<=讲话|发言|致辞)稿|"
    r"(?:年终|年度|全年|半年|上半年|下半年|年底)(?=的?(?:工作)?(?:总结|小结|述职|报告|计划|要点))|"
    r"(?:实施|行动|工作)(?=方案)"
)


def relative_year_word(question: str) -> str | None:
    """The word saying a year relative to the document's (去年, 上年度, 明年), or None."""
    m = _RELATIVE_YEAR.search(question)
    return m.group() if m else None


def asks_closing_plans(question: str) -> bool:
    """The question asks what a document's close says of the time ahead (总结末尾的下一步
    打算, 收尾处讲的明年思路): by convention an unheaded closing paragraph after the last
    numbered part, which no heading names."""
    return bool(_CLOSING.search(question) and _AHEAD.search(question))


_WHO_ORGAN = re.compile(
    _WHICH_ORGAN + r"|(?:提出|牵头|主办|承办|发文|所属|归属|组建|发起)(?:单位|部门|机构)"
)

# A date asked of the document by the verb of making or delivering it, by its kind (a closed
# class): a plan is 制定/定/出台, a notice 发/下发/印发/签发, a report 报/上报/报送/呈报, a speech
# 讲/作 and its meeting 开/召开/举行, done (的; 了 only after a verb of issuing: 什么时候开了 may
# be any meeting). A deadline (哪天前报送) has no 的 after the verb: it is no document date.
_WHEN = r"(?:哪天|哪一天|哪日|何时|什么时候|啥时候|几月几[号日]|几号|什么日子)"
_DOC_VERB = (
    r"(?:(?:制定|定|出台|下发|发布|印发|发出|发|签发|成文)(?:出来)?(?:的|了)|"
    r"(?:上报|报送|呈报|报|讲|作|召开|开|举行|写|形成)(?:上去|出来)?的)"
)
# The same asked the other way round (谁讲的，哪天; 印发的是哪天), and the 落款 (the 署名 and
# 成文日期 closing a document, GB/T 9704-2012 7.3.5) asked for its date.
_DOC_DATE_ASK = (
    rf"{_WHEN}{_DOC_VERB}|{_DOC_VERB}[，,、]?(?:是|在)?{_WHEN}|"
    rf"落款(?:的)?(?:日期|时间|是{_WHEN}|{_WHEN})|"
    # a document named by its kind, then its date (讲稿的日期, 这份通知的印发时间): the date
    # it bears — not a plan's 时间安排 or 时间节点, which are its content
    r"(?:讲话|讲稿|通知|要点|总结|方案|报告|意见|文件|稿子|新闻稿)的?(?:印发|发布|成文|落款)?"
    r"(?:日期|时间)(?!安排|节点|表|要求|进度|跨度|范围|段|点|线)"
)
# Who issued a document (是谁发的, 哪两个部门联合印发的, 哪家单位下发的): the 发文 verb closing
# on 的 after who or which unit — the document's issuers, read from its 版头 and 落款. (谁发的文
# after a statement — X，这是谁发的文 — asks which document says X: the who-said answer.)
_ISSUED_BY = (
    r"(?:谁|哪[一两二三几]?(?:个|家|些)?(?:单位|部门|机关|机构|家))(?:联合|共同|一起)?"
    r"(?:印|下|签|制)?发布?的(?!文)"
)
ISSUED_BY = re.compile(_ISSUED_BY)
_CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    # a list of items: key tasks, measures, parts
    "list": re.compile(
        r"哪些|哪几|列出|列一下|列举|列示|逐条|一条条|梳理|汇总|归纳|条列|分条|按?(?:先后)?顺序|次序|依次|逐一|挨个|几个?(?:大|小)?的?(?:方面|部分|板块|块|层次|[大小子分]?标题|小节)|几个(?:大|小)的?(?:点|项|条)(?!位)|几项|几条|几点|"
        r"多少项|几个(?:要求|措施|任务|举措|意见|重点|环节|原则|做法|步骤|阶段|事项)|任务|措施|举措|做法|安排|部署|打算|计划|要求|意见|标题|清单|条目|包括|方面|内容|做了|干了|怎么做|"
        r"怎么抓|如何|怎么搞|怎样|展望|方向|重点|主要|具体|各项|工作|罗列|活儿|几件|事儿|"
        r"干什么|名堂|搞了|咋办|怎么弄|是怎么|大标题|几大块"
    ),
    # the whole document's outline
    "overview": re.compile(
        r"一共|全部|完整|所有|都有哪些|一条条|一条别漏|整体|结构|框架|提纲|目录|几大块|几部分|几个部分|各部分|"
        r"一级标题|讲了什么|讲了啥|讲的什么|写了什么|写了啥|主要内容|大意|概述|总体|篇章"
    ),
    # every occurrence of a phrase (在哪份材料 asks who said it: "who")
    "term": re.compile(
        # how the documents say it (都是怎么提的, 如何表述), and spoken verbs of fetching
        # (翻出来, 扒出来, 拎出来)
        r"(?:都|各)[^，。？?]{0,6}(?:怎么|如何)(?:说|写|提|讲|表述)|(?:怎么|如何)(?:说|提|讲|表述)的|"
        r"(?:翻|扒|捞|拎|调|摘)出来|"
        # (体现在哪几个方面, 表现在哪些方面, 集中在哪几点: the items of a list, not places)
        # (a page's 来源 asked where it is from — 来源是哪里, 稿源在哪 — is a field of the page)
        r"(?<!源)(?<!源是)(?<!源在)(?:哪里|哪儿)|(?<![存源])在哪(?![份个篇家次]|几?个?方面|些方面|几点|几条)|哪些(?:材料|文件|地方|段落|单位的材料)|哪几份|"
        # which units have said it (哪些单位讲过, 都有哪些部门提到)
        r"哪些(?:单位|部门)(?:都|也)?(?:讲|提|说|写|谈)(?:过|到)|什么地方|出现|提到|提及|讲到|说到|涉及|写到|"
        r"出处|检索|全文|原文|表述|说法|上下文|定位|找出来|贴出来|都列出来|找找|查找|搜索|所在段落|"
        r"(?:材料|文件|文档)里?(?:关于|有关|涉及).{2,20}的内容|"
        # the original wording asked for (原话, 原句, 出自), every place of it (全部位置,
        # 都在哪), a full-text search, or in English (all, every)
        # how many / which places say it (哪几处, 几处, 多少处, 哪一处, 哪几个地方)
        r"(?:哪|几|多少)[一几]?处(?=[提说讲谈写出涉都是呢吗地？?，,。！!]|$)|(?:哪|多少)几?个地方|"
        r"原话|原句|原封|出自|全部位置|所有位置|都在哪|全文检索|(?:相关|有关)的?(?:所有|全部)内容|"
        r"(?:所有|全部)(?:相关|有关)的?内容|(?<![a-z])(?:all|every)(?![a-z])|"
        # every passage on a phrase named between the two (所有 X 相关内容, 全部 X 的有关段落)
        r"(?:所有|全部)[^，。？?\s]{0,3}\s*[^，。？?\s]{2,12}\s*的?(?:相关|有关)的?(?:内容|段落|表述|论述)|"
        # how the documents word it (都咋写的, 怎么表述的, 如何提的, 提法)
        r"(?:咋|怎么|如何|怎样)(?:写|表述|描述|措辞|提(?![高升出交前醒供拔振]))|提法|写法|措辞|"
        # a phrase's related passages, the question ending there (X相关内容, X有关情况)
        r"[^，。？?\s]{4,16}?的?(?:相关|有关)的?(?:内容|情况|表述|论述|段落)(?=[吧呢啊？?。！!]*$)"
    ),
    # who / which department / which document said it
    "who": re.compile(
        r"哪个单位|哪家|哪个部门|哪个局|哪位|谁|出自|哪份|哪篇|哪个文件|哪个材料|什么场合|哪次会|发文单位|"
        r"哪里提出|哪个学校|哪个街道|什么单位|获奖单位|出处|讲话人|"
        # 哪 + a classifier + an organ noun (哪所学校, 哪座医院, 哪级机关, 哪类单位)
        rf"{_WHICH_ORGAN}|"
        # a role noun (提出单位, 牵头部门, 所属单位), and 单位/部门 + 是 closing the question
        r"(?<![各每])(?:提出|牵头|主办|承办|发文|所属|归属|组建|发起)(?:单位|部门|机构)|"
        r"(?:单位|部门|机构)(?:是|为)[？?]?$"
    ),
    # a value: number, date, name, count, rank
    "value": re.compile(
        r"多少(?!项|条|个方面|个部分)|几名|(?<!哪)几个(?!方面|部分|板块|层次|文件|材料|[大小子分]?标题|小节|"
        r"要求|措施|任务|举措|意见|重点|环节|原则|做法|步骤|阶段|事项|目标任务)|几次|几号|几月|哪天|哪一天|哪年|哪一年|何时|"
        r"什么时候|日期|时间|第几|名次|几位|金额|数量|比例|权重|人数|次数|成交|预算|经费|资金|钱"
    ),
    # how two departments or documents differ
    "compare": re.compile(
        r"区别|不同|不一样|对比|比较|异同|各自|分别|相比|vs|一样吗|差异|差别|差在哪|哪份.{0,6}多|"
        # colloquial: 比一比, 比下, A跟B比, which side is higher or more
        r"比(?:一比|比|下|一下)|(?:跟|和|与|同)(?!去年|上年|往年|同期|以往|过去).{1,16}?"
        r"(?:相比|比起来|比(?![例重率值分]))|(?:哪个|哪家|哪边|谁)更?(?:高|多|少|低|大|快|强)|"
        r"高还是低|多还是少|(?:摆|放)在?一(?:起|块)|并排|对照"
    ),
    # facts about the document itself (publication date, editor, source)
    "docinfo": re.compile(
        r"发布|责编|责任编辑|编辑|浏览|来源|几号发|哪天发|印发|成文|签发|文号|字号|"
        # (a news page's counter and source in other sites' words: 点击数, 阅读量, 供稿)
        rf"{COUNTER_ASKED}|发稿|供稿|供的稿|发的稿|稿源|"
        # the 附注, 版记 and a web page's closing lines asked by their labels (联系人, 抄送,
        # 审核, 校对, 作者; 党校对…, 学校对… is a school and a preposition, no 校对)
        r"联系人|联系电话|联系方式|抄送|抄报|主送|发给(?:谁|哪些|哪几)|(?<![党学院])校对|作者|撰稿|谁写的|审核人|谁审核|"
        r"审核(?:的|是|者)|(?:和|及|、)审核|审核(?:和|及|、)|"
        rf"{_DOC_DATE_ASK}|{_ISSUED_BY}"
    ),
}
# When the document itself was made (哪天定的, 啥时候出台的, 哪天报的, 什么时候讲的): the
# question words, never the topic (jieba cuts 哪天定的 into 哪 天定 的, 哪天报的 into 哪 天报 的).
ASKS_DOC_DATE = re.compile(_DOC_DATE_ASK)


_EACH = re.compile(r"分别|各自")


def compares_by_each_only(question: str) -> bool:
    """The comparison cue comes only from 分别/各自, which over one document's list ask
    for each of its items (三个阶段分别做什么), not for two sides."""
    return bool(_EACH.search(question)) and not _CUE_PATTERNS["compare"].search(
        _EACH.sub("", question)
    )


# A set of documents named by number or breadth and kind (各份计划, 每篇讲话, 哪几份要点,
# 这几份党建工作计划, 所有总结): 分别/各自 over it asks each document's part, every one of
# them — no two sides to set against each other, no phrase to find (哪几份 asks which
# documents hold a phrase only when no 各自 follows).
_KIND_NOUNS = r"(?:计划|要点|总结|方案|报告|讲话|通知|意见|文件|材料|文档)"
_DOC_SET = re.compile(
    r"(?:各(?![自项级])|每|哪几|这几|那几|有几|所有|全部|这些|那些)(?:份|篇|个)?"
    rf"[^，,。？?；;]{{0,10}}?{_KIND_NOUNS}"
)
_WHICH_DOCS = re.compile(r"哪几份|哪些(?:材料|文件)")


def asks_each_document(question: str) -> bool:
    """分别/各自 (and no other comparison word) over a set of documents the question names
    by number or breadth and kind, not by two departments (2025年的各份计划，重点任务各自是
    什么; 有哪几份计划，分别安排了什么): each document's answer, not a comparison."""
    q = re.sub(r"\s+", "", question)
    return (
        compares_by_each_only(q)
        and bool(_DOC_SET.search(_EACH.sub("□", q)))
        and not re.search(r"[和与跟及同、]", _DOC_SET.sub("", q))
    )


@dataclass(frozen=True)
class Cues:
    """Soft signals of the wording, each 0 or 1; the planner weighs them with evidence."""

    list: float = 0.0
    overview: float = 0.0
    term: float = 0.0
    who: float = 0.0
    value: float = 0.0
    compare: float = 0.0
    docinfo: float = 0.0


# (家 only as 各家, 每家, 大家: 家风, 家事 are topics)
_BREADTH = re.compile(r"各?(?:单位|部门)|[各每大]家|各个|各份|都")


# Nouns and verbs a question is asked with, never its topic (a closed class of the
# asking): generic nouns of what is asked (情况, 层面, 数据, 口径), words of comparing (对比,
# 比一比, 区别), of requesting (麻烦, 请问, 说说, 具体) and of compiling or sending the answer
# (汇总, 条列, 发我) with its source (原文, 出处). ``asking_word`` — they weigh
# nothing in finding the passage while the question has other content.
_ASKING_WORD = re.compile(
    r"(?:情况|状况|层面|方面|数据|口径|内容|东西|事情|事儿|"
    r"不同|区别|差别|差异|异同|对比|比较|一样|相同|有何|比比|两者|二者|相比|比一比|比下|"
    r"麻烦|请问|帮忙|劳驾|谢谢|给我|帮我|看看|说说|讲讲|介绍|具体|详细|大概|简单|"
    # verbs of compiling, listing and sending what is found (汇总, 梳理, 条列, 分条整理,
    # 发我), and the source asked along with it (原文, 出处, 依据 — every answer cites its
    # passages): what to do with the answer, never what it is about
    r"汇总|汇集|汇编|梳理|整理|归纳|归总|罗列|列举|列出|列出来|条列|分条|逐条|列表|摘录|摘编|"
    r"发我|发给我|发过来|发来|传我|转我|附上|注明|标明|标注|"
    # fetching every place of it (全找出来, 都翻出来: jieba cuts 全找 出来)
    r"(?:全部|全都|全|都)?[找翻扒拎]出来|(?:全部|全都|全|都)[找翻扒拎查]|"
    r"原文|原文表述|原话|原句|出处|依据|原文依据|原文出处|"
    # hedges and "each one" adverbs (分别, 各指, 是不是, 究竟): how to answer, never what
    r"分别|各自|各指|指的|是不是|是否|有没有|难道|究竟|到底|"
    # "now" of the asker (现在有多少党员): the document's own figure is the answer, the word
    # is in none of its sentences that state it
    r"现在|目前|当前|眼下|如今|现如今|现阶段|"
    # the asker's own organisation pointed at by its level (镇里, 局里, 院里, 单位里): the
    # scope the texts speak from, a word none of them writes
    r"(?:镇|乡|县|区|局|院|校|所|站|单位|公司|厂)里|"
    # the document itself, named as such (哪份材料, 这话, 那个提法, 稿子里): what the text
    # is called, never what it says — a sentence need not hold 材料 to answer
    r"(?:[哪这那该此]?[份篇个句段种]?)(?:材料|文件|文档|文稿|稿子|稿件|讲稿|这话|话|说法|提法|讲法))"
    r"(?:一下|下)?"
)


def asking_word(word: str) -> bool:
    """A word of the asking (情况, 层面, 数据, 对比一下, 请问), no topic of a text."""
    return bool(_ASKING_WORD.fullmatch(word))


def is_list_word(word: str) -> bool:
    """A word that only says "a list, please" (任务, 措施, 一共, 大标题, 各单位 …), no topic:
    what is left once its list and interrogative parts are taken out is one character at most."""
    rest = word
    for p in (_CUE_PATTERNS["list"], _CUE_PATTERNS["overview"], _BREADTH, _GENERIC_Q):
        rest = p.sub("", rest)
    return len(rest) <= 1


# Interrogatives and verbs of asking (a closed class): what a question asks with, not about.
# 下 only as the "a bit" of a verb of asking (看下, 说下) or of pointing (以下, 底下): after
# another character it is a place (线下, 乡下), a content word's half.
_GENERIC_Q = re.compile(
    r"哪|几|啥|什么|怎么?|咋|多少|吗|呢|谁|一下|都|些|(?<=[看说讲查列找问谈聊写搜翻比答底以如当])下|"
    r"(?<![\u4e00-\u9fff])下(?![\u4e00-\u9fff])|下面|下边|了|的|帮我|看看"
)


def guess_kind(cues: Cues) -> str:
    """The shape the wording alone suggests — a first guess, kept on ``Query.kind`` until
    the planner replaces it with the shape the evidence chose."""
    for name, kind in (
        ("compare", "compare"),
        ("term", "term"),
        ("who", "attribution"),
        ("value", "fact"),
        ("list", "tasks"),
    ):
        if getattr(cues, name):
            return kind
    return "fact"


# Spoken forms and input-method slips of question words (a closed class), and yes/no
# frames, read as the plain ask — for the cues only, never for the content words.
_CUE_FORMS = (
    (re.compile(r"啥"), "什么"),
    (re.compile(r"咋"), "怎么"),
    # a homophone classifier after 哪 (哪分 for 哪份, 哪偏 for 哪篇, 哪加 for 哪家)
    (re.compile(r"哪分(?![局公行支部院所])"), "哪份"),
    (re.compile(r"哪[偏片]"), "哪篇"),
    (re.compile(r"哪加"), "哪家"),
    (re.compile(r"哪为"), "哪位"),
    (re.compile(r"哪各"), "哪个"),
    # the numeral 一 written between 哪 and the classifier (哪一家单位, 哪一份文件, 哪一级党组织)
    (re.compile(r"哪一(?=[个家份篇位级类所座支条间])"), "哪"),
    # a yes/no frame put inside a request (文件里是否有一些关于X的内容)
    (
        re.compile(r"(?:是不是|是否|有没有|有无)(?:还有|有)?(?:不少|很多|好几[份处个条篇]|一些)?"),
        "",
    ),
)


# 那 for 哪 before a classifier and an organ or document noun (是那个单位的), read so only
# in a question that has no other question word
_THAT_WHICH = re.compile(
    r"那(?=(?:个|份|篇|家|位|所|座|条)(?:单位|部门|机关|学校|医院|街道|社区|公司|集团|材料|文件|讲话|会|"
    r"领导|同志))"
)
_ASKING = re.compile(r"哪|什么|谁|几|多少|吗|怎|如何|是否|是不是|有没有")


def _plain_ask(q: str) -> str:
    for pattern, plain in _CUE_FORMS:
        q = pattern.sub(plain, q)
    if not _ASKING.search(_THAT_WHICH.sub("", q)):
        q = _THAT_WHICH.sub("哪", q)
    return q


# Miss none (一处不落, 不要遗漏, 别漏): every occurrence, unless the wording asks for a list
# (任务一条不漏 is a list, all of its items).
_EXHAUSTIVE = re.compile(
    r"一[处个条句]?(?:都|也)?不(?:落|漏|少|能少|要漏)|(?:不要|不能|别|不|勿)遗?漏|无遗漏|全都要|统统"
)


# A conventional part of a summary or report asked by its name or a synonym (存在的问题,
# 不足, 短板, 差距, 薄弱环节, 毛病; 成绩, 成效, 亮点; 打算, 思路 — ``rag.synonyms``' classes)
# with a question word (有什么不足, 短板是啥, 存在哪些差距): the part's items, a list. A word
# of the class before a number or a measure word is another sense (收入不足5万元 is "less
# than"), and so is one inside a longer word (问题导向).
_PART_NAME = re.compile(
    r"(?:存在的?问题|问题|不足|短板|差距|薄弱环节|薄弱点|毛病|缺点|成绩|成效|亮点|打算|思路)"
    r"(?![\d〇零一二三四五六七八九十百千万两]|[个名项人户元家次%导清])"
)
_ASKS_WHAT = re.compile(r"什么|啥|哪些|哪几|有哪|是哪|在哪")


def read_cues(question: str) -> Cues:
    # (spaces go, but one between two Latin words stays: all X, not allx)
    q = re.sub(r"(?<![A-Za-z]) | (?![A-Za-z])", "", question).lower()
    # (a list word inside a quoted name — “护苗计划”, “清风行动” — asks for no list)
    unquoted = _QUOTED.sub("□", q)
    cues = {}
    for name, p in _CUE_PATTERNS.items():
        text = unquoted if name == "list" else q
        cues[name] = 1.0 if p.search(text) or p.search(_plain_ask(text)) else 0.0
    if _PART_NAME.search(q) and _ASKS_WHAT.search(q) and not (cues["value"] or cues["who"]):
        cues["list"] = 1.0
    if _EXHAUSTIVE.search(q) and not (cues["list"] or cues["overview"] or cues["value"]):
        cues["term"] = 1.0
    if asks_each_document(q):
        # each document's part: no comparison, and 哪几份 no term search
        cues["compare"] = 0.0
        bare = _WHICH_DOCS.sub("", q)
        term = _CUE_PATTERNS["term"]
        cues["term"] = 1.0 if term.search(bare) or term.search(_plain_ask(bare)) else 0.0
        cues["list"] = 1.0
    if (
        cues["compare"]
        and compares_by_each_only(q)
        and _CUE_PATTERNS["term"].search(_EACH.sub("□", q))
        and not re.search(r"[和与跟及同、]", q)
    ):
        # 在几个文件里出现过，分别咋写的: 分别 over the places a phrase stands asks each
        # place's wording — a term search, no two sides named to set against each other
        cues["compare"] = 0.0
    if MARKER_COUNT.search(q):  # 几个“要”: the items an inline list marks, not a value
        bare = MARKER_COUNT.sub("", q)
        term = _CUE_PATTERNS["term"]
        cues["list"] = 1.0
        cues["value"] = 1.0 if _CUE_PATTERNS["value"].search(bare) else 0.0
        cues["term"] = 1.0 if term.search(bare) or term.search(_plain_ask(bare)) else 0.0
    return Cues(**cues)


# --- departments -----------------------------------------------------------------------


def _distinct(name: str) -> int:
    return sum(1 for ch in set(name) if ch not in _ORG_GENERIC)


@functools.lru_cache(maxsize=256)
def _name_forms(dept: str) -> tuple[str, ...]:
    """The department's name and its leading parts that end on an organ word
    (中共某某税务局机关委员会 → also 中共某某税务局); a 联合发文's department (its issuers
    joined by 、, ``rag.metadata``) has each issuer's forms too."""
    forms = [dept]
    for name in dict.fromkeys((dept, *dept.split("、"))):
        if name != dept and len(name) >= 3:
            forms.append(name)
        for m in re.finditer(r"局|部|厅|室|委|院|集团|大学|街道", name):
            if 3 <= m.end() < len(name):
                forms.append(name[: m.end()])
    return tuple(dict.fromkeys(forms))


def abbreviates(span: str, dept: str) -> bool:
    """``span`` and ``dept`` name the same organisation: the shorter is a subsequence of
    the longer (the department's name or a leading part of it ending on an organ word),
    ends on (or near) the longer's organ suffix, and keeps characters that are not
    generic organ words. A span that names the party organ of the department's parent
    (X局机关党委 of X局机关第二党支部, ``rag.kin_units``) is another unit's name. A 联合发文's
    department (its issuers joined by 、) is named by a name of any of its issuers."""
    issuers = [p for p in dept.split("、") if len(p) >= 3]
    if len(issuers) >= 2:
        return any(abbreviates(span, p) for p in issuers)
    if names_parent(span, dept):
        return False
    return any(_abbreviates1(span, form) for form in _name_forms(dept)) or any(
        len(span) <= len(alias)
        and (span[0] == alias[0] or (span[0] in "省市县区" and span[0] in alias))
        and _abbreviates1(span, alias)
        for alias in _aliases(dept)
    )


@functools.lru_cache(maxsize=256)
def _aliases(dept: str) -> tuple[str, ...]:
    """Other names of the organ by the conventions of organ names (中共X委员会 → X党委,
    X市人民医院 → X医院, ``rag.metadata.department_aliases``): a question may abbreviate
    any of them from its place on (市医院党委, X医院党委), never add to one (X市第二人民医院
    is not X市人民医院)."""
    from rag.metadata import department_aliases

    return department_aliases(dept)


def _shortens(span: str, dept: str) -> bool:
    """``span`` could be ``dept`` shortened, generic words only or not (市直机关工委 of
    中共X市直属机关工作委员会): its characters in order, ending on the organ word."""
    return (
        len(span) >= 3
        and in_order(span, dept)
        and span[-1] in dept[-3:]
        and not names_parent(span, dept)
    )


def _abbreviates1(span: str, dept: str) -> bool:
    short, long = (span, dept) if len(span) <= len(dept) else (dept, span)
    if long is span and (span[0] != dept[0] or span[-1] != dept[-1]):
        return False
    if len(short) < 3 or not in_order(short, long):
        return False
    if short[-1] not in long[-3:]:
        return False
    if short[0] != long[0] and short[0] not in long[: max(4, len(long) - len(short) + 1)]:
        return False
    need = 2 if len(short) < 5 else 1
    return _distinct(short) >= need


@functools.lru_cache(maxsize=256)
def _name_ends(dept: str) -> frozenset[str]:
    """The characters a span must end on to abbreviate ``dept`` (``abbreviates``): each
    test of ``_abbreviates1`` needs the span's last character among the last three of the
    form it is matched against (a longer span ends on the form's last character)."""
    return frozenset(ch for form in (*_name_forms(dept), *_aliases(dept)) for ch in form[-3:])


@dataclass(frozen=True)
class Mention:
    """A department the question names: which one, where, how much of its name it gives."""

    department: str
    start: int
    end: int
    share: float


def _share(span: str, dept: str) -> float:
    """How much of ``dept``'s name ``span`` gives (of the issuer it names, for a 联合发文's
    department: 北坪县教育局 names the 教育局 of 共青团北坪县委员会、北坪县教育局 in full)."""
    issuers = [p for p in dept.split("、") if len(p) >= 3]
    named = [p for p in issuers if abbreviates(span, p)] if len(issuers) >= 2 else []
    return max(min(len(span), len(n)) / max(len(span), len(n)) for n in named or [dept])


def _place(dept: str) -> str | None:
    m = _PLACE.match(dept)
    return m.group(1) if m and len(m.group(1)) >= 2 else None


def department_mentions(question: str, departments: Iterable[str]) -> list[Mention]:
    """Departments named in ``question``, longest mention first, overlapping ones resolved
    to the department whose name the mention covers best."""
    named = frozenset(d for d in departments if d and len(d) >= 2)
    return list(_department_mentions(question, named))


@functools.lru_cache(maxsize=2048)
def _department_mentions(question: str, named: frozenset[str]) -> tuple[Mention, ...]:
    # (one answer's checks look for the departments in the same question and sentences
    # again and again: worked out once per text and set of names)
    depts = sorted(named)
    q = question
    found: list[Mention] = []
    for dept in depts:
        best: Mention | None = None
        ends = _name_ends(dept)
        for i in range(len(q)):
            for j in range(i + 3, min(len(q), i + len(dept) + 6) + 1):
                if q[j - 1] not in ends:
                    continue  # no name ends there (``_name_ends``)
                span = q[i:j]
                # (第二部 of 第二部分 is a part of a text, no 第二党支部's name)
                if abbreviates(span, dept) and not in_structural_word(q, i, j):
                    share = _share(span, dept)
                    if best is None or (share, j - i) > (best.share, best.end - best.start):
                        best = Mention(dept, i, j, share)
        place = _place(dept)
        if place and place in _unique_places(depts):
            pos = q.find(place)
            if pos >= 0 and (best is None or best.end - best.start < len(place)):
                best = Mention(dept, pos, pos + len(place), 0.5)
            elif pos >= 0 and best is not None and not (pos < best.end and best.start < pos + 2):
                if (best.share < 0.5 and _foreign_gap(q[pos + len(place) : best.start], dept)) or (
                    best.start >= pos + len(place)
                    and _borrows_place(q[best.start : best.end], dept, place)
                ):
                    # 东湖区政务服务中心 is not 东湖区机关事务管理中心 for its 务中心: the
                    # place alone, the organ after it read by ``_other_organ``.
                    best = Mention(dept, pos, pos + len(place), 0.5)
                else:
                    best = Mention(
                        dept, min(pos, best.start), max(best.end, pos + 2), best.share + 0.5
                    )
        if best is not None:
            found.append(best)
    found += _level_mentions(q, tuple(depts), found)
    found += _short_mentions(q, depts, found)
    # (each over the party organ after the organisation it names: 市工商联机关党委 is the
    # 工商联's, not a 机关党委 elsewhere whose name shares 联)
    tailed = [(_with_organ_tail(q, m), m.end) for m in found]
    # One mention names one department: the best covered (生态环境局 → 市生态环境局, not 广州…),
    # the department whose own name has the organ said before one it was read over.
    tailed.sort(
        key=lambda x: (
            -(x[0].end - x[0].start),
            x[0].end != x[1],
            -x[0].share,
            len(x[0].department),
        )
    )
    found = [m for m, _ in tailed]
    kept: list[Mention] = []
    for m in found:
        rival = next((k for k in kept if m.start < k.end and k.start < m.end), None)
        if rival is None:
            kept.append(m)
        elif (m.start, m.end) == (rival.start, rival.end) and abs(m.share - rival.share) < 1e-9:
            kept.append(m)  # the same words name two departments equally well: both
    return tuple(kept)


# The party organ an organisation's name is followed by (市工商联党组, 区科协党支部, 市妇联机关
# 党委), longest first: a closed class of organ words.
_ORGAN_TAILS = (
    "直属机关工委",
    "机关工委",
    "机关党委",
    "机关党总支",
    "机关党支部",
    "党工委",
    "党总支",
    "党支部",
    "党委",
    "党组",
    "总支",
    "支部",
)


def _with_organ_tail(q: str, m: Mention) -> Mention:
    """``m`` over the party organ that follows the organisation it names in ``q`` (市工商联
    + 党组, or 市工商联党 + 委 when the name's own organ was matched in part): the organ of the
    department named is no content of the question (``_GOES_ON``: unless it is)."""
    for tail in _ORGAN_TAILS:
        for back in range(min(len(tail) - 1, m.end - m.start - 2), -1, -1):
            at = m.end - back
            end = at + len(tail)
            if end > m.end and names_parent(q[m.start : end], m.department):
                return m  # (the parent's organ: X局机关党委 of a 支部, ``_parent_organ``)
            if end > m.end and q.startswith(tail, at) and _GOES_ON.match(q, end):
                # (the organ is what is asked of: the mention stops before it, 党 and all)
                return replace(m, end=at) if back and at - m.start >= 2 else m
            if end > m.end and q.startswith(tail, at):
                # (a place said alone — 新城区 of 新城区科协 — followed by an organ is the
                # place's own organ: 新城区党工委 is no 科协's)
                level = _LEVEL_END.search(q[m.start : at])
                if level and not organisation_key(m.department).endswith(level.group()):
                    return m
                return replace(m, end=end)
    return m


_LEVEL_END = re.compile(r"(?:[省市县区镇乡]|街道)$")
# After an organ word, what makes it no organ of the department: 党组织 (the party's
# organisations), a count of them (X党支部有几个: the branches asked about).
_GOES_ON = re.compile(r"织|(?:有|共有|一共有?|总共有?|现有)?(?:几|多少)")


def self_name_mentions(
    question: str, metas: Sequence[DocMeta], found: Sequence[Mention] = ()
) -> list[Mention]:
    """Mentions by a short name the documents call their own department by
    (``DocMeta.short_names``: 集团党委, 学院党委, 区卫健委) that no mention in ``found``
    covers: the name a document uses is the name its readers ask with. A name that the
    documents of two organisations use (学院党委 of two colleges) names neither."""
    owners: dict[str, set[str]] = {}
    for m in metas:
        for n in m.short_names:
            if (len(n) >= 3 or is_code_name(n)) and n in question:
                owners.setdefault(n, set()).add(m.department)
        if m.subject_unit:
            # (the unit a news page is about, by its name or a shortening of it:
            # 幸福里社区党支部 of X街道幸福里社区党支部)
            for sm in department_mentions(question, [m.subject_unit]):
                owners.setdefault(question[sm.start : sm.end], set()).add(m.department)
    out: list[Mention] = []
    for name in sorted(owners, key=len, reverse=True):
        depts = owners[name]
        if len({organisation_key(d) for d in depts}) > 1:
            continue
        for k in re.finditer(re.escape(name), question):
            a, b = k.span()
            if (
                any(m.start < b and a < m.end for m in (*found, *out))
                or extends_a_name(question, a)
                or (a and question[a - 1].isascii() and question[a - 1].isalpha())
            ):
                continue  # (inside a longer name, or a code letter inside a Latin word)
            out += [Mention(d, a, b, len(name) / len(d)) for d in sorted(depts)]
    return out


def departments_named(name: str, metas: Sequence[DocMeta]) -> tuple[str, ...]:
    """The departments a filter's department ``name`` stands for: the department of that
    name, or the one a short name (its documents' own, or one by the conventions of organ
    names: 市税务局, 区卫健委) names when the whole of ``name`` is that mention; with the
    other departments of the same organ (a bureau's speech filed under its 党组, its news
    under the bureau). Nothing when ``name`` names none."""
    names = sorted({m.department for m in metas})
    if name in names:
        return same_organ((name,), names)
    mentions = department_mentions(name, names)
    mentions += self_name_mentions(name, metas, mentions)
    whole = tuple(
        dict.fromkeys(m.department for m in mentions if m.start == 0 and m.end == len(name))
    )
    if not whole:  # (X局党委 where the library files the organ as X局)
        whole = tuple(n for n in names if organ_core(n) == organ_core(name))
    return same_organ(whole, names) if whole else ()


def _shared_mention(mentions: Sequence[Mention]) -> bool:
    """Some words of the question name departments of more than one organisation."""
    by_span: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        by_span.setdefault((m.start, m.end), set()).add(organisation_key(m.department))
    return any(len(keys) > 1 for keys in by_span.values())


def _borrows_place(span: str, dept: str, place: str) -> bool:
    """``span``, written after the department's place, holds a character the department's
    name has only inside that place: no short name of its organ (青山县山林局 after 青山县
    is not 青山县农业农村局 by the 山 of 青山), another organ of the same place."""
    rest = dept[dept.find(place) + len(place) :]
    return any(ch in place and ch not in rest for ch in span)


def _foreign_gap(gap: str, dept: str) -> bool:
    """Words between a department's place and a small fragment of its name, inside one
    organisation's name (no word that ends a name: 网站上, 的), that the name does not hold
    (more than one character: one is a typo, rag.typo)."""
    return not _NAME_STOP.search(gap) and sum(ch not in dept for ch in gap) > 1


@functools.lru_cache(maxsize=64)
def _level_forms(depts: tuple[str, ...]) -> dict[str, str]:
    """Names with the place dropped and its level kept (X市人民医院 → 市医院, 市人民医院;
    Y县人民医院 → 县医院), each of the only department it can be: how staff name their own
    town's organ. A form two departments share (市医院 of two cities) names neither."""
    owners: dict[str, set[str]] = {}
    for dept in depts:
        for name in (dept, *_aliases(dept)):
            m = _PLACE.match(name)
            if m is None or len(m.group(1)) < 2:
                continue
            form = name[m.end(1) :]
            if len(form) >= 3 and form[0] in "省市县区" and not form.startswith("市委"):
                owners.setdefault(form, set()).add(dept)
    return {f: next(iter(d)) for f, d in owners.items() if len(d) == 1}


def _level_mentions(q: str, depts: tuple[str, ...], found: Sequence[Mention]) -> list[Mention]:
    """Mentions by a level-and-organ name (市医院) of a department no other mention covers."""
    out: list[Mention] = []
    for form, dept in sorted(_level_forms(depts).items(), key=lambda x: -len(x[0])):
        pos = q.find(form)
        if pos < 0 or any(m.department == dept for m in (*found, *out)):
            continue
        end = pos + len(form)
        if any(m.start < end and pos < m.end for m in (*found, *out)):
            continue
        out.append(Mention(dept, pos, end, len(form) / len(dept)))
    return out


def _short_mentions(q: str, depts: Sequence[str], found: Sequence[Mention]) -> list[Mention]:
    """Mentions by a short name staff say (信用社, 市二院, 烟草局, 司法局: ``rag.short_names``)
    no longer mention covers. A form two organisations share (三小 of two places) names
    both departments, never one of them by a guess."""
    out: list[Mention] = []
    for a, b, owners in short_form_spans(q, depts):
        if any(m.start <= a and b <= m.end and m.end - m.start > b - a for m in found):
            continue
        # (one share for every owner: the same words name them equally well)
        share = min(1.0, (b - a) / max(len(d) for d in owners))
        out += [
            Mention(dept, a, b, share)
            for dept in sorted(owners)
            if not any(m.department == dept and m.start < b and a < m.end for m in found)
        ]
    return out


@functools.lru_cache(maxsize=64)
def _unique_places_cached(depts: tuple[str, ...]) -> frozenset[str]:
    places = [_place(d) for d in depts]
    return frozenset(p for p in places if p and places.count(p) == 1)


def _unique_places(depts: Sequence[str]) -> frozenset[str]:
    return _unique_places_cached(tuple(depts))


def _org_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of organisation-like words (jieba tokens ending in an organ suffix, with a
    preceding 市委/省/县… joined)."""
    from rag.tokenize import cut_words

    out: list[tuple[int, int]] = []
    pos = 0
    toks: list[tuple[str, int]] = []
    for tok in cut_words(text, True):
        toks.append((tok, pos))
        pos += len(tok)
    for k, (tok, start) in enumerate(toks):
        if (
            len(tok) >= 3
            and _ORG_SUFFIX.search(tok)
            and _distinct(tok) >= 2
            and not _INTERROGATIVE.search(tok)  # (怎么办, 谁家办: an ask, no organ)
        ):
            s = start
            if k and re.fullmatch(r"市委|市|省委|省|县委|县|区委|区|中共", toks[k - 1][0]):
                s = toks[k - 1][1]
            out.append((s, start + len(tok)))
    return out


# Verbs of the asker's a tokenizer leaves before an organ word (请/问/局领导).
_ASKER_VERB = re.compile(r"请|问|想问|查|查查|咨询")


def _split_organs(text: str) -> list[tuple[int, int]]:
    """Spans of organ names the tokenizer cuts off their organ word (环保/厅, 住/建/厅,
    生态环境/委, 住/建委): a 厅, 局 or 委 ending a word of one or two characters right
    after words that are no function or asking words, three characters or more in all."""
    from rag.tokenize import cut_words

    toks: list[tuple[str, int]] = []
    pos = 0
    for tok in cut_words(text, False):
        toks.append((tok, pos))
        pos += len(tok)
    out: list[tuple[int, int]] = []
    for k, (tok, start) in enumerate(toks):
        if k == 0 or tok[-1] not in "厅局委" or len(tok) > 2:
            continue
        if len(tok) == 2 and (len(toks[k - 1][0]) > 1 or tok[0] in "党纪团工省市县区镇乡村居"):
            continue  # (住/建委 cut so; 机关/党委, 青岚/县委 are organs of their own)
        s = start
        for word, at in reversed(toks[max(0, k - 3) : k]):
            if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or _NOT_ORG.search(word):
                break
            if _INTERROGATIVE.search(word) or start - at > 6:
                break
            if asking_word(word) or _ASKER_VERB.fullmatch(word):
                break  # (请问/局领导: the asker's words, no organ's name)
            s = at
        if start - s + len(tok) >= 3:
            out.append((s, start + len(tok)))
    return out


# An organ named with its level (县卫生健康委, 市委宣传部, 区医保局): a place word, a few
# characters, an organ suffix; words of asking never stand inside one. A 支部 is a branch
# within an organ (县直机关四强支部 is a kind of branch), not an organ a document comes from;
# 干部 (镇村干部) is people, not an organ.
_LEVEL_ORG = re.compile(
    r"[省市县区镇乡][\u4e00-\u9fff]{2,7}?(?:委员会|工委|委|局|(?<![支干])部|厅|办公室|办|(?<!部)署|中心)"
    # …not the first character of a word (部署, 部分, 局面, 办理, 委托, 部长)
    r"(?![署分队件属面理托派长])"
)
_INTERROGATIVE = re.compile(r"怎么|怎样|什么|啥|哪|谁|多少")
_NOT_ORG = re.compile(
    r"哪|那|这|个|某|些|每|各|全|什么|啥|的|了|和|与|在|是|有|要|对|把|里|[今去明前]年"
)
# Words ending in a level character that are no level (社区, 小区, 城镇, 全市).
_NOT_LEVEL = re.compile(
    r"(?:社|小|园|景|城|辖|街|片|山|自治|地|市|县|郊|矿|厂|营)区$|(?:城|集|乡)镇$|(?:城|超|都|门|全|本)市$|全县$|全省$"
)


def _level_orgs(question: str) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in _LEVEL_ORG.finditer(question)
        if not _NOT_ORG.search(m.group())
        and not _NOT_LEVEL.search(question[max(0, m.start() - 2) : m.start() + 1])
    ]


def _misnamed(
    question: str, mentions: Sequence[Mention], corpus_text: str, departments: Sequence[str]
) -> str | None:
    """An organ the question names past a department's mention (青岚县委宣传部 read as the
    place of 青岚县委组织部) that is no form of that department and that no text names."""
    for a, b in _level_orgs(question):
        m = next((m for m in mentions if m.start < b and a <= m.end), None)
        if m is None or b <= m.end:
            continue
        name = question[min(a, m.start) : b]
        if any(abbreviates(name, d) for d in departments):
            continue
        if normalize(name) in corpus_text or normalize(question[a:b]) in corpus_text:
            continue
        if _facility_named(question[max(a, m.end) : b].lstrip("省市县区镇乡"), corpus_text):
            continue  # (石埠镇调解中心: a centre of the town's work its text names)
        return name
    return None


# What may follow a department's mention without naming another organ: its own party
# organs and internal units (党委, 党组, 机关党委, 纪委, 支部, 办公室, 处, 科室 …).
_INNER_UNIT = re.compile(
    r"(?:党委|党组|党工委|党总支|党支部|支部|机关党委|机关|纪委|纪工委|纪检组|工会|团委|妇委会|"
    r"办公室|处|科|室|股|组)$"
)
# The organ word a name ends on (人民医院, 中心学校, 财政局, 机械工程学院, 卫健委).
_ORGAN_END = re.compile(
    # (not the verbs 部署, 举办, 承办, 主办; not 干部)
    r"(?:委员会|委|局|(?<![支干])部|厅|办公室|(?<![举承主协创])办|(?<!部)署|中心|医院|卫生院|院|学校|学院|大学|"
    # (a bank's tiers: 总行, 分行, 支行 — X银行总行 is not the library's X银行Y分行)
    r"公司|集团|所|站|馆|处|科|室|总行|分行|支行)$"
)
_BANK_TIERS = frozenset(("总行", "分行", "支行"))
_LEVELS = frozenset("省市县区镇乡")
# Where the words after a mention stop naming an organisation.
_NAME_STOP = re.compile(
    r"[\d０-９]|年|的|在|是|有|哪|什么|啥|几|多少|要|今|去|明|和|与|及|跟|同|党建|工作|讲话|"
    r"总结|要点|计划|通知|方案|会议|会上|上|里|关于|负责|[，。？?！!、\s“”\"《》]"
)
# Tags of words inside an organisation's name (nouns, names, term-dictionary words ``x``).
_NAME_POS = ("n", "j", "x", "zg", "b", "l")
# A question asking for an organisation's own document (X的要点, X去年的总结).
# (Read right after the organ's name: its party organ, a year, 党建工作, then the kind.)
_ASKS_DOCUMENT = re.compile(
    r"(?:党组|党委|机关党委|党总支|党支部|机关)?的?(?:(?:19|20)?\d\d年度?|今年|去年|明年|本年度?)?的?"
    r"(?:机关)?(?:党建|党的建设)?(?:工作)?(?:要点|计划|总结|讲话|通知|方案|报告)"
)


def _organ_after(question: str, end: int) -> tuple[int, int] | None:
    """The organ word right after a mention ending at ``end`` (青岚□县人民医院 → 县人民医院):
    the nouns there, cut at a word ending on an organ word, unless that is the
    organisation's own party organ or internal unit (党委, 机关党委, 支部, 办公室)."""
    stop = _NAME_STOP.search(question, end)
    seg = question[end : stop.start() if stop else len(question)][:12]
    ends: list[int] = []
    k = 0
    for word, flag in pos_tags(seg):
        if not flag.startswith(_NAME_POS) and word not in _BANK_TIERS:
            break  # (jieba tags 支行 a verb)
        k += len(word)
        ends.append(k)
    for k in reversed(ends):
        piece = seg[:k]
        if _ORGAN_END.search(piece) and not _INNER_UNIT.search(piece):
            return (end, end + k)  # 卫生院党支部 → 卫生院; 机关党委 alone → inside
    return None


def written_out(name: str, text: str) -> bool:
    """``text`` names ``name`` at more length (广州碳交易所 for 广州碳排放权交易所): its
    characters in order within one clause, the whole at most twice as long."""
    gap = r"[^，。；、\n]{0,4}?"
    pattern = re.escape(name[0]) + "".join(gap + re.escape(ch) for ch in name[1:])
    return any(len(m.group()) <= 2 * len(name) for m in re.finditer(pattern, text))


def _named_alone(name: str, text: str) -> bool:
    """``text`` names ``name`` (县教育局) as a name of its own, not as the end of another
    (乡镇卫生院 does not name 镇卫生院)."""
    return re.search(rf"(?<![\u4e00-\u9fff]){re.escape(name)}", text) is not None


# What a name ends on when it names a place of an organisation's work (a hall, a post, a
# station, a centre, a room) rather than an organ: 为民服务厅, 红旗驿站, 调解中心, 书记工作室.
# (The quotes a brand stands in — “为民服务厅” — are gone from the normalised text.)
_FACILITY = re.compile(r"(?:厅|堂|驿站|站|中心|室|岗|之家|家园|阵地|基地|广场|书屋|课堂)$")


def _facility_named(name: str, corpus_text: str) -> bool:
    """``name`` ends on a facility word with two characters at least before it (服务厅,
    为民服务厅; not 中心 alone) and a text names it."""
    m = _FACILITY.search(name)
    return bool(m and m.start() >= 2 and normalize(name) in corpus_text)


# Words making an organ word a kind of organ (公立医院, 基层医院, 所属学校, 直属单位): a
# closed class that names no one organisation.
_KIND_OF_ORGAN = re.compile(
    r"^(?:(?:公立|民营|非公|基层|所属|直属|下属|下辖|所辖|属地|辖区|[省市县区局委]属|系统内?|全系统|各)的?)+"
)
# The organ words a kind of organ ends on, alone (基层医院, 所属分局, 直属单位): a common noun,
# no proper part that would name one organisation.
_BARE_ORGAN = re.compile(
    r"(?:医院|医疗机构|卫生院|学校|中小学|学院|单位|分局|机构|中心|科室|部门|企业|公司|支行|网点|"
    r"站所|所|站|队)$"
)


def _kind_named(name: str, corpus_text: str) -> bool:
    """``name`` is a kind of organ (``_KIND_OF_ORGAN``, two characters at least after it)
    that a text names, or one of the common nouns of organs alone (基层医院, 市属医院: of
    which no text need speak for the words to name no organisation)."""
    m = _KIND_OF_ORGAN.match(name)
    if not m or len(name) - m.end() < 1:
        return False
    if _BARE_ORGAN.fullmatch(name, m.end()):
        return True
    return len(name) - m.end() >= 2 and normalize(name) in corpus_text


def _other_organ(
    question: str, mentions: Sequence[Mention], corpus_text: str, departments: Sequence[str]
) -> str | None:
    """An organ named after a department's mention that is not that department: the
    mention gave only a place or a parent (青岚县 of 青岚县中医院, 北辰大学 of its 信息工程学院)
    and the organ after it (县人民医院, 机械工程学院) is no form of any department. One the
    corpus never names, or whose own document the question asks for, is unknown."""
    for m in mentions:
        span = _organ_after(question, m.end)
        if span is None:
            continue
        name = question[m.start : span[1]]
        if any(abbreviates(name, normalize(d)) for d in departments):
            continue
        # 柳河县教育局 where a 柳河县 text names 县教育局: the organ with its level word.
        a = span[0] - 1 if question[span[0] - 1 : span[0]] in _LEVELS else span[0]
        local = question[a : span[1]] if question[a : a + 1] in _LEVELS else ""
        own = question[span[0] : span[1]]
        in_text = (
            normalize(name) in corpus_text
            or written_out(normalize(name), corpus_text)
            or bool(local and _named_alone(normalize(local), corpus_text))
            # (云岗街道为民服务厅 where the text names its “为民服务厅”: a hall, a post, a
            # centre of the organisation — a place of its work, no organisation of its own)
            or _facility_named(own, corpus_text)
            # (卫健局公立医院 where its text speaks of 公立医院: a kind of the organisation's
            # charges, its topic, no organisation of its own)
            or _kind_named(own, corpus_text)
            # (文旅局图书馆 where the 文旅局's text speaks of its 市图书馆: the mention names
            # the whole organ, and the unit after it is one its text names — its topic)
            or (
                _names_whole_organ(question[m.start : m.end], m.department)
                and (len(own) >= 3 or _BARE_ORGAN.fullmatch(own) is not None)
                and normalize(own) in corpus_text
            )
        )
        if in_text and not _ASKS_DOCUMENT.match(question, span[1]):
            continue
        return name
    return None


def _names_whole_organ(mention: str, department: str) -> bool:
    """``mention`` ends where the organ ``department`` is of ends (文旅局 of 中共X市文化
    广电旅游局党组), not on a place or a parent's name inside it (X县 of X县中医院, X大学
    of X大学化工学院党委)."""
    core = organ_core(normalize(department)).removeprefix("中共")
    return bool(mention) and len(core) >= 3 and normalize(mention)[-1:] == core[-1]


# A party organ or organ part a department's name may end on (its documents are the
# organ's: 东陵县自然资源局党组 and 东陵县自然资源局机关党委 are both 东陵县自然资源局's).
_PARTY_ORGAN_END = re.compile(
    r"(?:直属机关工作委员会|机关工作委员会|机关委员会|总支部委员会|支部委员会|机关党委|党工委|党委|党组|"
    r"党总支|党支部|办事处|工作委员会)$"
)


def organ_core(department: str) -> str:
    """The organ a department's name is of, without 中共 and its party organ (中共X局党组 →
    X局; X局机关党委 → X局; X街道办事处 → X街道; 中共X公司委员会 → X公司). A 中共X县委员会
    stays (a place's 委员会 is its party committee, the 县委)."""
    core = department.removeprefix("中共")
    # (中共X医院委员会, 中共X大学委员会: the party committee of the organ X)
    core = re.sub(r"(?<=[局院校学司团心道行])委员会$", "", core)
    stripped = _PARTY_ORGAN_END.sub("", core)
    if stripped == core and core != department:
        # (中共X段委员会: the party committee of X段. A 委员会 without 中共 is the organ's
        # own name — X市卫生健康委员会, X市发展和改革委员会 — the same organ as its 党组.)
        stripped = re.sub(r"委员会$", "", core)
    # (…局机关党支部, …局机关支部委员会: the 机关 left is the organ's own)
    stripped = re.sub(r"机关$", "", stripped)
    # (a place alone is no organ: 柳河县直属机关工作委员会 is not the 柳河县委's)
    if len(stripped) < 3 or stripped[-1] in "省市县区镇乡":
        return core
    return stripped


def same_organ(depts: tuple[str, ...], names: Sequence[str]) -> tuple[str, ...]:
    """``depts`` and the other departments of the same organ (its 党组 and 机关党委, a
    联合发文 it issued with another: issuers joined by 、)."""
    if not depts:
        return depts
    # (X市工商业联合会 and X市工商联: one organ, its documents spelling it both ways)
    cores = {industry_short(organ_core(d)) for d in depts}
    more = [
        n
        for n in dict.fromkeys(names)
        if n not in depts
        and any(industry_short(organ_core(p)) in cores for p in dict.fromkeys((n, *n.split("、"))))
    ]
    return (*depts, *more)


# The end of an organ's name inside a mention (…自然资源局党 → …自然资源局).
_ORGAN_TAIL = re.compile(
    r".*(?:委员会|工委|委|局|部|厅|办|室|院|署|中心|学校|中学|小学|街道|集团|公司)"
)


def _numbered_and_levels(
    question: str, mentions: list[Mention], corpus_text: str, departments: Sequence[str]
) -> tuple[list[Mention], str | None]:
    """Mentions and an unknown organisation read by the conventions of numbered
    institutions and level words (``rag.institutions``): 一中 / 三院 name the department
    numbered so (a mention); 二中 where only 第一中学 has documents, 第一人民医院 where only
    第三人民医院 has, 东陵市自然资源局 where only 东陵县自然资源局 has, name another
    organisation (unknown, unless a text names it and its own document is not asked)."""
    from rag.institutions import bare_level_conflict, institutions, level_conflict

    places = sorted({p for d in departments if (p := _place(d))}, key=len, reverse=True)
    owned: dict[str, set[tuple[str, int]]] = {}
    for d in departments:
        owned[d] = {(i.kind, i.number) for n in (d, *_aliases(d)) for i in institutions(n, places)}
    kept = list(mentions)
    for inst in institutions(question, places):
        if inst.number == 0:
            continue  # 人民医院 with no number may be the one numbered hospital (its short form)
        a = inst.start
        lead = re.search(
            rf"(?:{'|'.join(map(re.escape, places)) or '^$'})?[省市县区]?$", question[:a]
        )
        if lead:
            a = lead.start()
        owners = [d for d in departments if (inst.kind, inst.number) in owned[d]]
        overlapping = [m for m in kept if m.start < inst.end and a < m.end]
        if owners:
            if not any(m.department in owners for m in overlapping) and len(owners) == 1:
                kept = [m for m in kept if m not in overlapping]
                kept.append(Mention(owners[0], a, inst.end, 0.5))
            continue
        label = question[a : inst.end]
        if normalize(label) in corpus_text and not _ASKS_DOCUMENT.match(question, inst.end):
            continue
        if not any(k == inst.kind for d in departments for k, _ in owned[d]) and (
            normalize(question[inst.start : inst.end]) in corpus_text
        ):
            continue
        return [m for m in kept if m not in overlapping], label
    for m in kept:
        place = _place(m.department) or next((p for p in places if p in m.department), "")
        window = question[max(0, m.start - len(place) - 2) : m.end]
        form = level_conflict(window, m.department, place)
        if form is not None:
            start = question.find(form, max(0, m.start - len(place) - 2))
        elif (bare := bare_level_conflict(question, m.start, m.end, m.department)) is not None:
            # (市人社局 read as 某县人社局: another level's organ, no form of the county's)
            start = m.end - len(bare)
        else:
            continue
        tail = _ORGAN_TAIL.match(question, m.start, m.end)
        label = question[start : tail.end() if tail else m.end]
        if normalize(label) in corpus_text:
            continue
        at, said = asked_place(question, start)  # (named with its place: 北湖区人民法院)
        if said and at + len(said) == start and normalize(said) not in normalize(m.department):
            label = question[at:start] + label
        return [k for k in kept if k is not m], label
    return kept, None


# A place with its level (云岗县, 东湖区) right before a mention: the words of its tokens.
_PLACE_TAGS = ("n", "ns", "nr", "nz", "zg", "j", "x")
_LEVEL_END = re.compile(r"[省市县区镇乡]$")
_NOT_PLACE = re.compile(r"^(?:全|本|该|我|各|每|两|外|某|此|近|这|那)")
# A numbered branch or sub-office of an organisation (第二党支部, 第三分局).
_NUMBERED_PART = re.compile(
    r"的?((?:机关)?第[一二三四五六七八九十\d]{1,3}(?:党支部|支部|党小组|党总支|分局|分公司|分院|分所|分馆|科室|科))"
)


def _foreign_of_mention(question: str, m: Mention, corpus_text: str) -> str | None:
    """What names another organisation than ``m``'s department around its mention: a place
    before it that neither its department nor any text names (云岗县财政局 beside a 青川市
    财政局 only), a word the mention starts inside whose head the department lacks (科技馆
    党支部 read as 图书馆党支部 for 馆党支部), or a numbered part after it no text names
    (图书馆第三党支部): that organisation's words, else None."""
    dept = normalize(m.department)
    # (澄西市水务局 read as 澄溪市水务局's 市水务局: the place typed with a character read
    # alike — the whole name typed, for the answer to read as the department's and say so)
    for s in range(max(0, m.start - 4), m.start):
        if place_slip(normalize(question[s : m.end]), dept):
            return question[s : m.end]
    # (X市市场监管局 read as X市Y区市场监督管理局, Z区市场监管局 read as Y区's: the organ
    # of another place, its parent's or a sibling's, ``rag.kin_units``)
    kin = other_place(question, m.start, m.end, normalize(m.department))
    if kin is not None:
        label = question[kin[0] : kin[1]]
        if normalize(label) not in corpus_text or _ASKS_DOCUMENT.match(question, kin[1]):
            return label
    pos = 0
    toks: list[tuple[str, str, int]] = []
    for word, flag in pos_tags(question):
        toks.append((word, flag, pos))
        pos += len(word)
    mention = normalize(question[m.start : m.end])
    place = _place(m.department)
    if not (place and place in mention):
        before = [t for t in toks if t[2] + len(t[0]) <= m.start]
        name = ""
        for word, flag, start in reversed(before[-2:]):
            if start + len(word) + len(name) != m.start:
                break
            if not flag.startswith(_PLACE_TAGS) or _NOT_ORG.search(word):
                break
            name = word + name
            if _LEVEL_END.search(name) and len(name) >= 3:
                break
        name = name.removeprefix("中共")
        if (
            len(name) >= 3
            and _LEVEL_END.search(name)
            and not _NOT_PLACE.search(name)
            and normalize(name[:-1]) not in corpus_text
            and name[:-1] not in dept
        ):
            return name + question[m.start : m.end]
    for word, flag, start in toks:
        if start < m.start < start + len(word) <= m.end + 2:
            head = normalize(question[start : m.start])
            # (a place cut off its first character — 北岭县 read as 东岭县's 岭县 — is another)
            seg = normalize(question[m.start : start + len(word)]).rstrip("省市县区镇乡")
            place_word = (flag.startswith("ns") and bool(_LEVEL_END.search(word))) or (
                bool(place and seg) and str(place).endswith(seg)
            )
            # (和县医院: the 和 of 县卫健局和县医院 joins two names, no place of its own)
            if (
                (len(head) >= 2 or place_word)
                and not any(ch in dept for ch in head)
                and not _NOT_ORG.search(head)
            ):
                whole = normalize(question[start : m.end])
                if whole not in corpus_text and not written_out(whole, corpus_text):
                    return question[start : m.end if place_word else start + len(word)]
    part = _NUMBERED_PART.search(question, m.end)
    if part and part.start() == m.end and normalize(part.group(1)) not in corpus_text:
        branch = re.search(r"(?:党支部|支部|党小组|党总支)$", part.group(1))
        # (an organ's numbered branches go unnamed in its plans — 县直机关第一党支部 under
        # a 工委 — but a branch has none, and a text numbering others names its own)
        own = re.search(r"(?:党支部|支部|支部委员会)$", dept)
        numbered = re.search(r"第[一二三四五六七八九十\d]{1,3}(?:党支部|支部)", corpus_text)
        if not branch or own or numbered:
            return question[m.start : m.end] + part.group(1)
    return None


# A numbered institution (第三博物馆, 第三中学, 第一分局): its number tells it apart.
_NUMBERED_ORG = re.compile(
    r"第[一二三四五六七八九十\d]{1,3}(?:人民)?(?:图书馆|文化馆|博物馆|"
    # (not a part of a text: 第三部分所列, 第二章所, 第五条规定)
    r"(?:(?![部分章节条项点批次个期届轮])[\u4e00-\u9fff]){0,4}?(?:中学|小学|学校|"
    r"医院|卫生院|分局|分公司|分院|分行|支行|派出所|中心|馆|院|所|站))"
)


def _numbered_org(question: str, corpus_text: str, departments: Sequence[str]) -> str | None:
    """A numbered institution the question names that neither a text nor a department's
    name holds (第三博物馆 where only 县博物馆 has documents), else None."""
    for m in _NUMBERED_ORG.finditer(question):
        name = normalize(m.group())
        if name in corpus_text or any(name in normalize(d) for d in departments):
            continue
        if one_off(name, corpus_text, keep_ends=True, min_anchor=2):
            continue  # one character off one the library holds (第一人名医院): a typo
        return m.group()
    return None


def guessed_units(question: str, departments: Sequence[str]) -> list[tuple[int, int]]:
    """Where a yes/no question guesses an organisation (是民政局吗, 是不是县农业农村局搞的,
    是商务局的品牌吧, 是不是统计局提出了X — the last only when the library holds it): the
    guess is checked by the answer, not a scope or an unknown name."""
    from rag.framing import guessed_orgs

    names = tuple(dict.fromkeys(departments))
    return guessed_orgs(question, lambda org: bool(department_mentions(org, names)))


def unknown_department_in(
    question: str,
    mentions: Sequence[Mention],
    corpus_text: str,
    departments: Sequence[str] = (),
) -> str | None:
    """An organisation named in the question that is none of the corpus's departments, no
    shortened form of one (by the abbreviation rule: 政研室 is 政策研究室, 卫生健康委 is not
    人民医院) and that no text of the corpus names (one a text names is left to the evidence,
    unless the question asks for that organ's own document: 县财政局今年的要点)."""
    for a, b in _level_orgs(question):
        if any(m.start < b and a < m.end for m in mentions):
            continue
        name = question[a:b]
        core = name[1:]  # without its level word (县卫生健康委 → 卫生健康委)
        holders = [
            d
            for d in departments
            if any(
                normalize(name) in normalize(d)
                or abbreviates(x, normalize(d))
                or _shortens(normalize(name), normalize(d))
                for x in (name, core)
            )
        ]
        at, place = asked_place(question, a)
        if (
            holders
            and place
            and all(_place(d) for d in holders)
            and not any(normalize(place) in normalize(d) for d in holders)
        ):
            # (海淀区司法局 beside a 海曙区司法局: the organ of a place no holder has; a
            # holder named with no place of its own may be of any)
            full = question[at:b]
            if normalize(full) in corpus_text and not _ASKS_DOCUMENT.match(question, b):
                continue  # a text names it: left to the evidence
            return full
        if holders:
            continue  # a department's name or a part of it (市直机关工委: generic words only)
        named = normalize(name) in corpus_text or normalize(core) in corpus_text
        if named and not _ASKS_DOCUMENT.match(question, b):
            continue  # a text names it: left to the evidence, unless its own document is asked
        return question[_place_start(question, a, departments) : b]
    for a, b in [*_org_tokens(question), *_split_organs(question)]:
        if any(m.start < b and a < m.end for m in mentions):
            continue
        name = question[a:b]
        if normalize(name) in corpus_text or normalize(name[-3:]) in corpus_text:
            continue
        if any(_shortens(normalize(name), normalize(d)) for d in departments):
            continue  # a shortened form of a department (市直机关工委), if of no one only
        return name
    for a, b, place_end in _placed_organs(question):
        if any(m.start < b and a < m.end for m in mentions):
            continue
        name, place = normalize(question[a:b]), normalize(question[a:place_end])
        if any(place in normalize(d) or abbreviates(name, normalize(d)) for d in departments):
            continue
        named = name in corpus_text or _named_alone(place, corpus_text)
        if named and not _ASKS_DOCUMENT.match(question, b) and not _twin_place(place, departments):
            continue  # a text names it: left to the evidence
        return question[a:b]
    court = _other_court(question, mentions, corpus_text, departments)
    if court is not None:
        return court
    return _sibling_organ(question, mentions, corpus_text, departments)


def _other_court(
    question: str, mentions: Sequence[Mention], corpus_text: str, departments: Sequence[str]
) -> str | None:
    """A court or procuratorate the question names by a level word (北湖区法院, 县检察院)
    that no department is — none of that level of that kind, none it abbreviates — and no
    text names: another judicial organ (a 基层法院 beside the library's 中院)."""
    from rag.institutions import organ_level, placed_courts

    for a, b, level in placed_courts(question):
        if any(m.start < b and a < m.end for m in mentions):
            continue
        kind = question[b - 3 : b] if question.endswith("检察院", 0, b) else "法院"
        start = _place_start(question, a, departments)
        name = normalize(question[start:b])
        _, place = asked_place(question, a)  # (相城区法院 beside a 姑苏区人民法院: another)
        if any(
            kind in d
            and (
                (organ_level(d) == level and (not place or normalize(place) in normalize(d)))
                or abbreviates(name, normalize(d))
            )
            for d in departments
        ):
            continue
        if name in corpus_text and not _ASKS_DOCUMENT.match(question, b):
            continue  # a text names it: left to the evidence
        return question[start:b]
    return None


def _place_start(question: str, a: int, departments: Sequence[str]) -> int:
    """Where the organ the question names from its level word at ``a`` (市统计局) starts
    with its place: the place before it when that is a department's place, as written or
    with a character read alike (澄西市统计局 in a library of 澄溪市 units), else the place
    the question writes as one word with the level (北湖区 of 北湖区人民法院), else ``a``."""
    heads = {h for d in departments if (h := place_head(organ_core(d)))}
    for k in (4, 3, 2):
        typed = normalize(question[max(0, a - k) : a + 1])
        if a - k >= 0 and any(reads_as_place(typed, h) for h in heads):
            return a - k
    at, place = asked_place(question, a)
    return at if place and at + len(place) == a and at < a else a


# The party organ of a place of the lowest levels (X街道党工委, X镇党委, X开发区党工委).
_PLACED_ORGAN = re.compile(
    r"(?P<l>街道|镇|乡|开发区|高新区|经开区|园区)(?:党工委|工委|党委|党总支|党支部|办事处|人民政府)"
)


def _placed_organs(question: str) -> list[tuple[int, int, int]]:
    """(start, end, end of the place and level) of the party organs the question names by
    a place and a level below the county (云港街道党工委, 青河镇党委): the place is the word
    right before the level (云港 of 云港/街道), or the part of a word before it (云港街道)."""
    found = list(_PLACED_ORGAN.finditer(question))
    if not found:
        return []
    toks: list[tuple[str, str, int]] = []
    pos = 0
    for word, flag in pos_tags(question):
        toks.append((word, flag, pos))
        pos += len(word)
    out: list[tuple[int, int, int]] = []
    for m in found:
        p = m.start()
        level_end = m.end("l")
        start = None
        for word, flag, s0 in toks:
            if s0 < p < s0 + len(word) and p - s0 >= 2:
                start = s0  # (云港街道 one word)
            elif s0 + len(word) == p and 2 <= len(word) <= 4 and flag.startswith(_PLACE_TAGS):
                start = s0
        if start is not None and not _NOT_ORG.search(question[start:p]):
            out.append((start, m.end(), level_end))
    return out


def _twin_place(place: str, departments: Sequence[str]) -> bool:
    """``place`` (云港街道) is one character off the place of a department (中共云岗街道工作
    委员会): a neighbour of like name, which one text naming it does not make the
    department's."""
    for d in departments:
        for k in range(len(d) - len(place) + 1):
            seg = d[k : k + len(place)]
            if seg[-1] == place[-1] and sum(x != y for x, y in zip(seg, place, strict=True)) == 1:
                return True
    return False


# Organ words that end the name of one organisation of a kind (东湖港口集团, 红星街道):
# a name with another proper part before the same word is another organisation.
_KIND_WORD = re.compile(r"(?:集团|公司|医院|卫生院|中学|小学|学校|学院|大学|街道|社区|银行|联社)$")
_PROPER_POS = ("ns", "nz", "nt", "nr", "n", "vn", "j", "an")


def _sibling_organ(
    question: str, mentions: Sequence[Mention], corpus_text: str, departments: Sequence[str]
) -> str | None:
    """An organisation named by a proper part and an organ word a department's name also
    ends on (东湖航运集团 beside 东湖港口集团, 白云街道 beside 红星街道), that is no form of a
    department and that no text names: unknown."""
    pos = 0
    words: list[tuple[str, str, int]] = []
    for word, flag in pos_tags(question):
        words.append((word, flag, pos))
        pos += len(word)
    kinds = {
        m.group()
        for d in departments
        for n in (d, *_aliases(d))
        if (m := _KIND_WORD.search(n.removesuffix("办事处")))
    }
    for k, (word, _, start) in enumerate(words):
        suffix = _KIND_WORD.search(word)
        if suffix is None or suffix.group() not in kinds:
            continue
        a = start
        j = k - 1
        while j >= 0 and k - j <= 3:
            w, flag, s0 = words[j]
            if not flag.startswith(_PROPER_POS) or _NOT_ORG.search(w) or _NAME_STOP.search(w):
                break
            a = s0
            j -= 1
        name = question[a : start + len(word)]
        if len(name) - len(suffix.group()) < 2:
            continue
        if any(m.start < start + len(word) and a < m.end for m in mentions):
            continue
        n = normalize(name)
        if n in corpus_text or written_out(n, corpus_text):
            continue
        if any(abbreviates(name, normalize(d)) or _shortens(n, normalize(d)) for d in departments):
            continue
        return name
    return None


# --- years -----------------------------------------------------------------------------


def _years(question: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of the years the question names."""
    out: list[tuple[int, int, int]] = []
    for m in _YEAR.finditer(question):
        raw = m.group(1)
        year = int(raw) if len(raw) == 4 else 2000 + int(raw)
        if 1990 <= year <= 2099:
            out.append((year, m.start(), m.end()))
    for m in _YEAR4.finditer(question):
        if not any(s <= m.start() < e for _, s, e in out):
            out.append((int(m.group(1)), m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


# --- the reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A question read against the corpus: scope (soft), content, cues.

    ``doc_ids`` are the documents a filter allows (all when no filter); ``departments``
    and ``years`` are what the question names; ``topic`` the content words (space
    separated) with the scope mentions taken out; ``kind`` is filled in by the planner
    with the shape the answer took (until then: the wording's guess)."""

    question: str
    kind: str
    doc_ids: tuple[str, ...]
    departments: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    quoted: tuple[str, ...] = ()
    topic: str = ""
    cues: Cues = field(default_factory=Cues)
    unknown_department: str | None = None
    unknown_year: int | None = None
    term: str | None = None
    # The question with department and year mentions blanked (□), for phrase finding.
    rest: str = ""
    # A year said relative to the document's year (明年 +1, 今年 0, 去年 -1), or None.
    relative_year: int | None = None
    # Documents an outside reading of the question (``rag.llm_read``) points at: a soft
    # prior the planner weighs with the evidence, never a filter.
    hint_docs: tuple[str, ...] = ()
    # How the question follows the previous turn (``rag.followup``: same, year, kind,
    # others, more, new, orphan; "" when read alone) and the documents the previous answer
    # cited that it points into: a soft prior, never a filter.
    followup: str = ""
    scope_docs: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = "□"
    return "".join(chars)


def without_name(q: Query, name: str) -> Query:
    """``q`` with ``name`` (a misspelt organisation read as a department) out of its topic:
    the department it names is the scope, not content to find."""
    if not name or name not in q.rest:
        return q
    rest = q.rest.replace(name, "□" * len(name))
    return replace(q, rest=rest, topic=topic_of(rest))


def content_words(topic: str) -> list[str]:
    """Topic words worth matching (normalised, 2+ characters)."""
    words = [normalize(w) for w in re.split(r"\s+", topic) if w]
    return [w for w in words if len(w) >= 2]


# A measure word a count's noun is cut together with (多少册图书 → 册图书, 几件档案 → 件档案).
_MEASURE_HEAD = re.compile(r"^[册本件幅篇部台辆棵株盏座间张份批卷首]")
_COUNT_ASK = re.compile(r"(?:多少|几|[\d一二两三四五六七八九十百千]+)$")


# A measure word with what picks or counts by it (各家, 每家, 几个, 这位, 两家, 家家): how the
# asker counts or ranges over things, never a thing a text must name. (A numeral before 个
# stays: 两个确立, 四个意识 are terms.)
_COUNTING = re.compile(
    r"[各每几哪这那某]+[个家位名项次种条件所批类]|[一二两三四五六七八九十几多\d]+家|([个家])\1"
)

# Adverbs of asking that jieba keeps as words (还有哪些毛病, 还有啥): no topic.
_ASKING_ADVERBS = frozenset({"还有", "另外", "此外"})

# The asker's context before the ask (我们处想借鉴下X的做法，…; 领导让我整理材料，…):
# who asks and why, no topic. Its frame is blanked; what it names (X, a department, a
# quote) stays. Only a clause followed by another — the last clause carries the ask.
_PURPOSE_HEAD = re.compile(
    r"(?:(?:领导|上级|单位|处里|科里|局里)(?:让|叫|要求)我们?|"
    r"(?:我|我们|咱们|咱|本人)[\u4e00-\u9fff]{0,3}?(?:想|要|准备|打算|需要|正在|得))"
    r"(?:学习|借鉴|参考|了解|写|整理|准备|起草|交流|汇报)?(?:一下|下)?(?:个|份|篇)?"
)
_PURPOSE_TAIL = re.compile(r"的?(?:学习|交流)?(?:经验|做法|汇报|材料|发言|报告|讲稿|稿子)$")


def _purpose_spans(q: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    clauses = list(re.finditer(r"[^，,。；;！!？?]+", q))
    for m in clauses[:-1]:
        head = _PURPOSE_HEAD.match(m.group())
        if head is None:
            continue
        out.append((m.start(), m.start() + head.end()))
        tail = _PURPOSE_TAIL.search(m.group())
        if tail and tail.start() >= head.end():
            out.append((m.start() + tail.start(), m.end()))
    return out


def topic_of(rest: str) -> str:
    words: list[str] = []
    before = ""
    # (the asker's who and verb of doing — 是谁牵头搞的, 是哪个部门组织的 — are no topic)
    rest = whose_act_masked(rest)
    # (a clipped verb glued to the noun before it is cut off it: 冬训班办了 → 冬训班 办了)
    for w in tokenize(spaced_verbs(rest.replace("□", " "))):
        if len(w) >= 2 and _MEASURE_HEAD.match(w) and _COUNT_ASK.search(before):
            w = w[1:]  # the noun counted, not its measure word
        before = w
        if (
            w not in STOPWORDS
            and w not in _ASKING_ADVERBS
            and not re.fullmatch(r"[\d.]+", w)
            and not _COUNTING.fullmatch(w)
        ):
            words.append(w)
    return " ".join(words)


def _place_mentions(
    question: str, mentions: Sequence[Mention], departments: Sequence[str]
) -> list[Mention]:
    """``mentions`` with a place named alone (某县有几个局的材料: no organ word after it)
    read as every unit of the library at that place when several are — not the one whose
    name it begins, nor none (a place all those units share names none of them)."""
    organs = {d: organ_core(d).removeprefix("中共") for d in dict.fromkeys(departments)}
    orgs = _level_orgs(question) + _org_tokens(question)

    def alone(a: int, b: int) -> bool:
        span = normalize(question[a:b]).removeprefix("中共")
        return (
            bare_place(span)
            and shared_place(span, organs.values())
            and not any(s < b + 1 and a < e and e > b for s, e in orgs)
        )

    def of_place(m: Mention, span: str) -> list[Mention]:
        return [replace(m, department=d) for d, o in organs.items() if o.startswith(span)]

    out: list[Mention] = []
    for m in mentions:
        if alone(m.start, m.end):
            out += of_place(m, normalize(question[m.start : m.end]).removeprefix("中共"))
        else:
            out.append(m)
    heads = {h for o in organs.values() if (h := place_head(o))}
    for head in sorted(heads, key=len, reverse=True):
        for hit in re.finditer(re.escape(head), question):
            a, b = hit.span()
            if alone(a, b) and not any(m.start < b and a < m.end for m in out):
                out += of_place(Mention("", a, b, 0.0), head)
    return out


def understand(question: str, metas: Sequence[DocMeta], texts: dict[str, str]) -> Query:
    """Read ``question`` against the corpus (``texts``: doc id → text)."""
    # (a year in Chinese numerals — 二〇二三年 — is that year: ``rag.numeral_years``)
    q = arabic_years(question.strip())
    guess = guessed_units(q, [m.department for m in metas])
    # (the organisation a yes/no question guesses is read by the answer: no scope of it)
    qo = _blank(q, guess)
    # (a 发文字号 names its document: the scope, no department to find nor content)
    numbered = numbered_docs(q, texts)
    if numbered is not None:
        qo = _blank(qo, [(numbered.start, numbered.end)])
    mentions = department_mentions(qo, [m.department for m in metas])
    mentions += self_name_mentions(qo, metas, mentions)
    items = tuple(sorted(texts.items()))
    # (a place word of a model's name — 某地经验 — or a task table's bare organ word —
    # 局团委 — names no organisation to scope to: ``rag.scope_words``)
    dropped = unscoped(
        qo,
        [(m.start, m.end, m.department) for m in mentions],
        texts,
        {m.doc_id: m.department for m in metas},
        table_units(items),
    )
    mentions = [m for i, m in enumerate(mentions) if i not in dropped]
    mentions = _place_mentions(qo, mentions, [m.department for m in metas])
    corpus_text = _corpus_text(items)
    # (an organisation only a 抄送/主送 line names is no subject of any text: what the
    # documents say of organisations is read without those lines, unless they are asked)
    said = corpus_text if _ASKS_ADDRESSEES.search(q) else _said_text(items)
    names = [m.department for m in metas]
    misnamed = _misnamed(qo, mentions, said, names) or _other_organ(qo, mentions, said, names)
    if misnamed:
        mentions = []
    else:
        mentions, misnamed = _numbered_and_levels(qo, mentions, said, names)
    if not misnamed:
        misnamed = next(
            (f for m in mentions if (f := _foreign_of_mention(qo, m, corpus_text))), None
        ) or _numbered_org(qo, corpus_text, names)
        if misnamed:
            mentions = []
    if not misnamed:
        misnamed = (
            _parent_organ(qo, mentions, said)
            or _titled_parent_organ(qo, metas, mentions, said)
            or _publisher_named(qo, items, said, mentions)
            or sibling_branch(qo, names, said)
        )
        if misnamed:
            mentions = []
    if not misnamed and not _ASKS_ADDRESSEES.search(q):
        # (某市委组织部 read as 某市某区委组织部, where only a 抄送 line names 某市委组织部:
        # another organisation, which the library holds nothing by)
        said_all = _said_text(items)
        misnamed = next(
            (
                qo[m.start : m.end]
                for m in mentions
                if recipient_only(qo[m.start : m.end], m.department, corpus_text, said_all)
            ),
            None,
        )
        if misnamed:
            mentions = []
    depts = same_organ(tuple(dict.fromkeys(m.department for m in mentions)), names)
    unknown = misnamed or (None if depts else unknown_department_in(qo, mentions, said, names))
    if not unknown and not depts:
        # (区妇联, 团市委, 农商行: organisations named by no organ word of a department)
        unknown = _unknown_group_org(qo, mentions, said, metas)
    # (the year in a 发文字号's brackets is the number's, no year asked)
    years = _years(_blank(q, [(numbered.start, numbered.end)]) if numbered else q)
    unknown_year = None
    reviewed = (
        {reviewed_year(m.kind, m.title, m.date, texts.get(m.doc_id, "")) for m in metas}
        if years
        else set()
    )
    for year, _, _ in years:
        # (a speech given early in the next year reviews that year: 过去一年, 一年来)
        dated = any(m.year == year for m in metas) or year in reviewed
        if not dated and f"{year}年" not in corpus_text:
            unknown_year = year
            break
    spans = [(m.start, m.end) for m in mentions] + [(s, e) for _, s, e in years]
    spans += guess
    if numbered is not None:
        spans.append((numbered.start, numbered.end))
    rel = _RELATIVE_YEAR.search(q)
    if rel:
        spans.append((rel.start(), rel.end()))
    # (the organ noun of a who-ask — 哪所学校, 哪座医院 — asks, it is no content; read on
    # the question itself too, as the plain ask may differ in length: 哪一级 → 哪级)
    plain = _plain_ask(q)
    spans += [m.span() for m in _WHO_ORGAN.finditer(q)]
    if len(plain) == len(q):
        spans += [m.span() for m in _WHO_ORGAN.finditer(plain)]
    spans += [m.span() for m in ASKS_DOC_DATE.finditer(q)]
    # (a closing position — 末尾, 结尾, 收尾处, 文末 — says where in the document, not what)
    spans += [m.span() for m in _CLOSING.finditer(q)]
    spans += [m.span() for m in _KIND_MODIFIER.finditer(q)]
    # (a word of belonging joining a parent to the unit asked of — X局下属Y站, X局党委所属Y站 —
    # is no content, the parent's organ before it with it)
    spans += [
        b.span()
        for b in _BELONGING.finditer(q)
        if any(m.end <= b.start() and b.end() <= m2.start for m in mentions for m2 in mentions)
        or any(b.end() == m.start for m in mentions)
    ]
    spans += _purpose_spans(q)
    # (X 在哪些文件 咋规定的: which documents and how they require it ask, no topic)
    spans += ask_frame_spans(q)
    amount = amount_noun(q)  # (X 补助标准: 标准 asks the amount, as 多少 does)
    if amount is not None:
        spans.append(amount)
    rest = _blank(q, spans)
    cues = read_cues(q)
    if guess:
        # 是X搞的吗 asks whose it is: an attribution, whatever its words of asking
        cues = replace(cues, who=max(cues.who, 1.0))
    if split_sides(q, [(m.start, m.end, m.department) for m in mentions]):
        # (…A那个局的讲话里怎么说？B那篇报道又怎么说呢: one comparison, a side a sentence)
        cues = replace(cues, compare=1.0)
    if _shared_mention(mentions):
        # One name two organisations share (三小 of two places): each one's answer beside
        # the other's, labelled by organisation — never one of them by a guess.
        cues = replace(cues, compare=1.0)
    doc_ids = tuple(m.doc_id for m in metas)
    if numbered is not None and numbered.doc_ids and asks_issuer(q) and not cues.compare:
        # (X〔2024〕7号 发文机关, …是谁的: who of a document named by its number is
        # its issuer — the 版头, the 文号 line and the 落款 — not who said some passage)
        cues = replace(cues, docinfo=1.0)
    if numbered is not None and numbered.doc_ids:
        doc_ids = tuple(d for d in doc_ids if d in numbered.doc_ids) or doc_ids
        if not depts:
            depts = tuple(dict.fromkeys(m.department for m in metas if m.doc_id in doc_ids))
    elif numbered is not None and not depts and not unknown:
        unknown = numbered.number  # (a number no document bears: refused, never another's)
    return Query(
        question=q,
        kind=guess_kind(cues),
        doc_ids=doc_ids,
        departments=depts,
        years=tuple(dict.fromkeys(y for y, _, _ in years)),
        quoted=tuple(x for x in _QUOTED.findall(q) if x.strip()),
        topic=topic_of(rest),
        cues=cues,
        unknown_department=unknown,
        unknown_year=unknown_year,
        rest=rest,
        relative_year=_RELATIVE_OFFSET[rel.group()[0]] if rel else None,
        hint_docs=_guessed_docs(q, guess, metas),
    )


def _unknown_group_org(
    question: str, mentions: Sequence[Mention], said: str, metas: Sequence[DocMeta]
) -> str | None:
    """A people's organisation or bank the question names (``rag.group_orgs``) that is no
    department of the library and that no text names — or that a text names when the
    question asks for its own document (区妇联的要点: a news page naming it is none)."""
    names = [
        x
        for m in metas
        for x in (m.department, *m.short_names, m.title, m.enclosed_title, m.source, m.subject_unit)
        if x
    ]
    for a, b in group_org_spans(question):
        if any(m.start < b and a < m.end for m in mentions):
            continue
        name = question[a:b]
        if of_library(name, names, said):
            continue
        if normalize(name) in said and not _ASKS_DOCUMENT.match(question, b):
            continue  # a text names it: left to the evidence
        return name
    return None


def _guessed_docs(
    question: str, guess: Sequence[tuple[int, int]], metas: Sequence[DocMeta]
) -> tuple[str, ...]:
    """The documents of the organisations a yes/no question guesses (是不是统计局提出了X):
    a tie-breaker between passages the evidence scores alike, so the guessed unit's own
    passage is the one cited when it has one — never a scope."""
    if not guess:
        return ()
    names = list(dict.fromkeys(m.department for m in metas))
    named = {m.department for a, b in guess for m in department_mentions(question[a:b], names)}
    return tuple(m.doc_id for m in metas if m.department in same_organ(tuple(named), names))


@functools.lru_cache(maxsize=4)
def _corpus_text(items: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(normalize(t) for _, t in items)


# The lines of a document that address it: who it is sent to, nothing said of them.
_ADDRESS_LINE = ADDRESS_LINE
_ASKS_ADDRESSEES = re.compile(r"抄送|抄报|主送|分送|报送|发送|发给|印发给|送达|下发给|发到")


@functools.lru_cache(maxsize=4)
def _said_text(items: tuple[tuple[str, str], ...]) -> str:
    """The corpus text (``_corpus_text``) without its address lines (``_ADDRESS_LINE``)
    and the fields naming the site a page was published on (``rag.kin_units``), nor
    its passing references to other organs (``rag.references``): an organ named only
    there issued nothing of the library."""
    return "\n".join(
        normalize(without_references(without_publisher(_ADDRESS_LINE.sub("", t)))) for _, t in items
    )


@functools.lru_cache(maxsize=4)
def _publishers(items: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(p) for _, t in items for p in publishers(t)))


def _parent_organ(question: str, mentions: Sequence[Mention], said: str) -> str | None:
    """The party organ of a mentioned department's parent that the question names (X局
    + 机关党委 where the library holds a 支部 of X局, X大学 + 党委 where it holds a 学院党委)
    and that no text names: another unit, the words naming it."""
    for m in mentions:
        for tail in ("机关党委", "机关工委", "党委", "党组", "党总支", "工委"):
            # (the mention may hold the organ's first characters: X局机关党 + 委)
            for at in range(max(m.start + 2, m.end - len(tail) + 1), m.end + 1):
                label = question[m.start : at + len(tail)]
                if question.startswith(tail, at) and names_parent(label, m.department):
                    return None if normalize(label) in said else label
    return None


# The party organs of a parent unit a question may name (X局机关党委, X局党组), longest first.
_PARENT_ORGANS = ("机关党委", "机关工委", "党总支", "党委", "党组", "工委")
# After a parent's organ, words making it the context of a unit below it (X局党委下属Y站).
_BELONGING = re.compile(r"(?:机关党委|党委|党组|工委)?的?(?:所属|下属|直属(?!机关)|属下)")
_BELOW = re.compile(r"(?:的)?(?:所属|下属|直属|属下|系统)")


def _titled_parent_organ(
    question: str, metas: Sequence[DocMeta], mentions: Sequence[Mention], said: str
) -> str | None:
    """The party organ of a parent unit that only a title names (X局 of X局所属Y站党支部
    …总结, ``rag.kin_units.titled_parent``), named by the question (X局机关党委, Y局党组)
    with no unit beside it and no text naming it: another unit, the words naming it."""
    parents = {p for m in metas if (p := titled_parent(normalize(m.title)))}
    for at in range(len(question)):
        tail = next((t for t in _PARENT_ORGANS if question.startswith(t, at)), None)
        if tail is None:
            continue
        end = at + len(tail)
        for parent in sorted(parents):
            start = next(
                (
                    s
                    for s in range(max(0, at - len(parent)), at - 2)
                    if question[s:at] == parent or abbreviates(question[s:at], parent)
                ),
                None,
            )
            if start is None or _BELOW.match(question, end):
                continue
            label = question[start:end]
            if normalize(label) in said or normalize(parent + tail) in said:
                continue
            if any(m.end <= start or m.start >= end for m in mentions):
                continue  # (a unit named beside it: the parent is the context)
            return label
    return None


def _publisher_named(
    question: str, items: tuple[tuple[str, str], ...], said: str, mentions: Sequence[Mention]
) -> str | None:
    """A site that published a page (来源：X市人民政府网), or the organ it is of (X市人民政府),
    that the question names and that no text names otherwise: no unit of the library —
    unless the question asks what it published (X网上发布的, X网刊发的)."""
    q = normalize(question)
    for site in _publishers(items):
        for name in dict.fromkeys((site, re.sub(r"(?:门户网站|网站|网)$", "", site))):
            at = q.find(name)
            if len(name) < 4 or at < 0 or name in said:
                continue
            if _PUBLISHED_ON.match(q, at + len(name)):
                continue
            if any(not (at <= m.start and m.end <= at + len(name)) for m in mentions):
                continue  # (a unit named beside it: the page asked of by its unit)
            return name
    return None


# After a site's name, words asking what it published (X网上, X网发布的, X网站刊登的).
_PUBLISHED_ON = re.compile(
    r"(?:网站|网)?(?:上|中|里)?(?:发布|刊发|刊登|登载|转载|发表|报道|的新闻|的文章)|(?:网站|网)?上"
)


# --- follow-ups ------------------------------------------------------------------------

_FOLLOWUP = re.compile(
    r"^(?:那|那么|那个|还有|再看看|换成)?(.{1,16}?)(?:呢|的呢|怎么样|如何|的)?[？?。!！]*$"
)


def resolve_followup(question: str, history: Sequence[str], metas: Sequence[DocMeta]) -> str:
    """A short follow-up carries the previous question's scope and topic: ``那政研室呢？``
    after a question about 生态环境局's tasks asks the same about 市委政研室; ``2023年呢``
    swaps the year; a follow-up that names neither is returned as it is."""
    q = question.strip()
    if not history or len(q) > 20:
        return q
    m = _FOLLOWUP.match(q)
    if not m:
        return q
    depts = [d.department for d in metas]
    head = m.group(1)
    new = department_mentions(head, depts)
    years = _years(head)
    prev = history[-1]
    if new and not re.search(r"[\u4e00-\u9fff]", _blank(head, [(x.start, x.end) for x in new])):
        old = department_mentions(prev, depts)
        # (a name two organisations share stays as the user said it: no guess of one)
        name = head[new[0].start : new[0].end] if _shared_mention(new) else new[0].department
        if old:
            o = old[0]
            return prev[: o.start] + name + prev[o.end :]
        return f"{name}{prev}"
    if years and len(years) == 1 and len(head) <= 8:
        y = years[0][0]
        old_years = _years(prev)
        if old_years:
            _, s, e = old_years[0]
            return prev[:s] + f"{y}年" + prev[e:]
        return f"{y}年{prev}"
    return q
