"""Question understanding (pure): what kind of answer, which documents, which term or topic.

Departments, years and kinds of document named in a question are resolved
against the corpus's own metadata: ``生态环境局`` → 市生态环境局, ``政研室`` →
市委政研室, ``广州`` → 广州市生态环境局, ``讲话``/``报道``/``要点``/``总结`` → kind,
``自治区那个局`` → the documents whose text names 自治区. A department or year
that the corpus does not have is reported, so the answer can say so instead of
answering from something else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.metadata import department_aliases
from rag.text import normalize
from rag.tokenize import tokenize
from rag.types import DocMeta

__all__ = ["Query", "Scope", "resolve_followup", "understand"]

KINDS = ("tasks", "term", "attribution", "fact", "compare")

_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']")
_TERM_CUES = re.compile(
    r"(?:哪些|哪里|哪儿|在哪|什么地方|哪个地方|哪几处).{0,10}?(?:提到|提及|讲到|说到|出现|涉及|写到)"
    r"|^(?:查找|搜索|检索|查一下|搜一下|找一下)|出现在|相关(?:的)?表述|全部表述|所有表述|原文表述|都找出来|找出来|所有提到|全部提到|的说法|出现了几次|出现几次"
)
_ATTRIBUTION_CUES = re.compile(
    r"哪个单位|哪个部门|哪家单位|哪家|哪个局|谁说|谁讲|是谁提|谁提出|出自|哪份|哪篇|哪个文件|哪个材料|哪一份|什么单位|哪个领导|是谁说"
)
_COMPARE_CUES = re.compile(
    r"有什么不同|有何不同|有啥不一样|有什么不一样|不一样|区别|对比|比较|异同|各自|分别|相比"
)
_FACT_CUES = re.compile(
    r"多少|几名|几个(?!方面|部分)|几次|几项(?!任务)|哪天|哪一天|什么时候|何时|日期|时间|责编|编辑是|排第几|第几名|"
    r"指哪|指什么|是什么意思|是哪些|叫什么|名字|数量|比例|金额|成交"
)
_TASK_CUES = re.compile(
    r"有哪些|哪几|列出|列一下|列举|几个方面|几大块|几部分|几项|措施|任务|安排|打算|计划|部署|做了哪些|做了什么|干了什么|"
    r"分了|要点|怎么做|如何|怎么抓|重点|举措|做法|工作|做哪些|意见|哪些|要求|提出|怎么说|怎么讲|"
    r"哪[一二三四五六七八九十几]+(?:个|项|条|点)?(?:方面|部分|点|条|项)"
)
_WHOLE_CUES = re.compile(
    r"一共|全部|完整|所有|都有哪些|分了哪|哪几大块|几大块|几部分|几个部分|哪几个部分|整体|结构|框架|提纲|目录"
)
_STRUCTURE_CUES = re.compile(r"结构|几部分|几个部分|多少项|几项|框架|提纲|目录")
_DOC_INFO_CUES = re.compile(
    r"哪天发布|发布时间|发布日期|什么时候发布|何时发布|责编|责任编辑|编辑是谁|来源是|发布的|浏览次数|阅读量|点击量"
)
_FOLLOWUP = re.compile(r"^(?:那|那么|那个|还有)?(.{1,16}?)(?:呢|的呢|怎么样|如何)[？?。!！]*$")

_KIND_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"要点"), "工作要点"),
    (re.compile(r"总结"), "工作总结"),
    (re.compile(r"讲话|会上|会议上|述职评议会|发言|致辞"), "讲话"),
    (re.compile(r"报道|稿子|新闻|那篇|文章|通讯"), "新闻报道"),
    (re.compile(r"计划|实施方案"), "工作计划"),
    (re.compile(r"通知|通报"), "通知"),
    (re.compile(r"经验材料|经验做法|工作案例"), "经验材料"),
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_ORG_MENTION = re.compile(
    r"((?:[\u4e00-\u9fa5]{2,3}市)?(?:市委|市|省委|省|区委|区|县委|县|自治区)[\u4e00-\u9fa5]{1,4}?"
    r"(?:局|厅|部|委员会|办公室|研究室|室|办|院|委))(?=的|在|对|今年|去年|明年|\d|机关|党建|有|是|和|与|、|，|,|？|\?|\s|关于|工作|$)"
)
_COMPARE_SPLIT = re.compile(r"和|与|跟|同|及|以及|、|，|,|对比|相比|比较")

# Words that carry no topic: question words, fillers, generic nouns of this domain.
QUESTION_WORDS = [
    "评价",
    "看待",
    "评估",
    "怎么样",
    "哪些方面",
    "机关党建",
    "党建工作",
    "党的建设",
    "工作要点",
    "党建要点",
    "重点工作",
    "主要任务",
    "重点任务",
    "提了",
    "提到了",
    "提过",
    "讲了",
    "说了",
    "写了",
    "有何",
    "有什么",
    "哪方面",
    "稿子",
    "那篇",
    "文章",
    "帮我",
    "请问",
    "请",
    "一下",
    "查一下",
    "找一下",
    "搜一下",
    "看看",
    "告诉",
    "我",
    "我们",
    "你",
    "帮忙",
    "麻烦",
    "完整",
    "列一下",
    "列出",
    "列举",
    "全部",
    "所有",
    "一共",
    "都",
    "哪些",
    "哪个",
    "哪几",
    "哪份",
    "哪篇",
    "哪家",
    "哪里",
    "哪儿",
    "在哪",
    "什么",
    "怎么",
    "如何",
    "多少",
    "几个",
    "几名",
    "几次",
    "几项",
    "是否",
    "有没有",
    "是不是",
    "吗",
    "呢",
    "啊",
    "吧",
    "的",
    "了",
    "是",
    "在",
    "有",
    "和",
    "与",
    "及",
    "对",
    "把",
    "里",
    "中",
    "上",
    "方面",
    "具体",
    "做了",
    "做",
    "搞",
    "有啥",
    "啥",
    "打算",
    "情况",
    "相关",
    "地方",
    "表述",
    "说法",
    "提到",
    "提及",
    "讲到",
    "出现",
    "材料",
    "文件",
    "文档",
    "单位",
    "部门",
    "这话",
    "这句话",
    "这",
    "那",
    "那份",
    "那篇",
    "今年",
    "去年",
    "明年",
    "年度",
    "工作",
    "党建",
    "机关",
    "重点",
    "任务",
    "措施",
    "安排",
    "要点",
    "总结",
    "讲话",
    "报道",
    "稿子",
    "提出",
    "提出来",
    "说",
    "讲",
    "谁",
    "分了",
    "几大块",
    "大块",
    "部分",
    "内容",
    "要求",
    "里面",
    "当中",
    "之中",
    "期间",
    "列",
    "分",
    "事",
    "份",
    "条",
    "几条",
    "找",
    "出来",
    "查",
    "我查",
    "来",
    "段落",
    "指",
    "度",
    "各分",
    "几",
    "项",
    "这句",
    "话",
    "要",
    "具体措施",
    "哪天",
    "各管",
    "不",
    "一样",
    "局",
    "次",
    "多",
]


@dataclass(frozen=True)
class Scope:
    """One group of documents a question is about (a compare question has several)."""

    label: str
    doc_ids: tuple[str, ...]
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    question: str
    kind: str
    doc_ids: tuple[str, ...]
    departments: tuple[str, ...] = ()
    year: int | None = None
    doc_kind: str | None = None
    term: str | None = None
    quoted: tuple[str, ...] = ()
    topic: str = ""
    whole_document: bool = False
    structure: bool = False
    doc_info: bool = False
    wants_speaker: bool = False
    groups: tuple[Scope, ...] = ()
    unknown_department: str | None = None
    unknown_year: int | None = None
    notes: tuple[str, ...] = field(default=())


def _department_aliases(metas: Sequence[DocMeta]) -> list[tuple[str, str]]:
    """(alias, department) pairs, longest alias first."""
    pairs: set[tuple[str, str]] = set()
    depts = {m.department for m in metas if m.department}
    for dept in depts:
        pairs.add((dept, dept))
        core = (
            re.sub(r"^(?:[\u4e00-\u9fa5]{2,3}市)", "", dept) if not dept.startswith("市") else dept
        )
        for alias in {core, re.sub(r"^(?:市委|市|省委|省|区委|区|县委|县)", "", core)}:
            if len(alias) >= 2:
                pairs.add((alias, dept))
        place = re.match(r"^([\u4e00-\u9fa5]{2,3})市", dept)
        if place and not dept.startswith("市"):
            pairs.add((place.group(1), dept))
        # The names a party organ goes by (中共XX大学委员会 → XX大学党委, XX大学).
        pairs.update((alias, dept) for alias in department_aliases(dept))
    return sorted(pairs, key=lambda p: (-len(p[0]), p[1]))


def _find_departments(text: str, metas: Sequence[DocMeta]) -> tuple[list[str], str]:
    """Departments named in ``text`` (an alias naming several → the least qualified one),
    and the text with those mentions blanked out."""
    found: list[str] = []
    rest = text
    aliases = _department_aliases(metas)
    for alias, _ in aliases:
        if alias not in rest:
            continue
        matches = sorted({d for a, d in aliases if a == alias}, key=len)
        # 广州 is a place: it picks 广州市… even when 生态环境局 is also named.
        if matches[0] not in found:
            found.append(matches[0])
        rest = rest.replace(alias, "□" * len(alias))
    return found, rest


def _unknown_department(rest: str) -> str | None:
    for m in _ORG_MENTION.finditer(rest):
        name = m.group(1)
        if "□" in name or re.search(r"工作|决策|部署|党建|重大|全面|各级", name):
            continue
        return name
    return None


def _doc_kind(text: str) -> str | None:
    for pattern, kind in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return None


def _place_docs(text: str, metas: Sequence[DocMeta], texts: dict[str, str]) -> tuple[str, ...]:
    """Documents singled out by a place the question names and only they mention (自治区)."""
    for place in ("自治区", "省", "州", "县"):
        if place in text:
            hits = tuple(m.doc_id for m in metas if place in texts.get(m.doc_id, ""))
            if 0 < len(hits) < len(metas):
                return hits
    return ()


def _select(
    text: str,
    metas: Sequence[DocMeta],
    texts: dict[str, str],
    *,
    default_kind: str | None = None,
) -> tuple[tuple[str, ...], list[str], str | None, str]:
    """(doc ids, departments, doc kind, text with department mentions blanked)."""
    depts, rest = _find_departments(text, metas)
    chosen = [m for m in metas if not depts or m.department in depts]
    kind = _doc_kind(rest) or default_kind
    if kind:
        # A notice that issues a 要点 is found as a 要点 too (enclosed_kind).
        narrowed = [m for m in chosen if kind in (m.kind, m.enclosed_kind)]
        if narrowed:
            chosen = narrowed
    if not depts:
        placed = _place_docs(rest, chosen, texts)
        if placed:
            chosen = [m for m in chosen if m.doc_id in placed]
    return tuple(m.doc_id for m in chosen), depts, kind, rest


def _classify(q: str) -> str:
    if _COMPARE_CUES.search(q):
        return "compare"
    if _TERM_CUES.search(q):
        return "term"
    if _ATTRIBUTION_CUES.search(q):
        return "attribution"
    if _DOC_INFO_CUES.search(q) or _FACT_CUES.search(q):
        return "fact"
    if _TASK_CUES.search(q):
        return "tasks"
    return "fact"


_STOP = frozenset(QUESTION_WORDS)


def _strip_words(text: str) -> str:
    """Topic words of a question: its tokens less question words, fillers and blanks."""
    words = [
        w
        for w in tokenize(text.replace("□", " "))
        if w not in _STOP and not re.fullmatch(r"[\d.]+", w)
    ]
    return " ".join(words)


def _term_phrase(question: str) -> str:
    """The phrase a term question asks about: a quoted term, else the text before the cue."""
    quoted = _QUOTED.findall(question)
    if quoted:
        return max(quoted, key=len)
    m = _TERM_CUES.search(question)
    head = question[: m.start()] if m else question
    if m and not head.strip(" 　，,。？?的"):
        # 哪些文件提到了学习强国 / 查找 党员先锋岗: the term follows the cue.
        head = re.sub(r"^[了过的：:\s]+", "", question[m.end() :])
    head = re.sub(r"^(?:帮我|请|麻烦)?(?:查一下|找一下|搜一下|看看|查查|找找)?", "", head)
    head = re.sub(
        r"(?:在材料里|在文件里|在文档里|在哪些材料里|在哪些文件里|都有哪些文件|都有哪些材料|都有|都|有)$",
        "",
        head,
    )
    head = re.sub(
        r"(?:的说法|的表述|这个词|这个说法|这个提法|制度|相关)$",
        lambda x: "" if x.group() != "制度" else "制度",
        head,
    )
    return head.strip(" 　，,。？?的")


def understand(question: str, metas: Sequence[DocMeta], texts: dict[str, str]) -> Query:
    """Read a question against the corpus's metadata (``texts``: doc id → text)."""
    q = question.strip()
    kind = _classify(q)
    years = [int(y) for y in _YEAR.findall(q)]
    year = years[0] if years else None
    doc_ids, depts, doc_kind, rest = _select(q, metas, texts)
    unknown = None if depts else _unknown_department(rest)
    unknown_year = None
    if year is not None:
        by_year = tuple(d for d in doc_ids if next(m for m in metas if m.doc_id == d).year == year)
        if by_year:
            doc_ids = by_year
        else:
            mentioned = tuple(d for d in doc_ids if f"{year}年" in texts.get(d, ""))
            if mentioned:
                doc_ids = mentioned
            else:
                unknown_year = year
    quoted = tuple(_QUOTED.findall(q))
    topic = _strip_words(_YEAR.sub(" ", rest))
    groups: tuple[Scope, ...] = ()
    if kind == "compare":
        groups = _compare_groups(q, metas, texts, doc_kind)
        if len(groups) < 2:
            kind = "tasks" if _TASK_CUES.search(q) else "fact"
        else:
            for g in groups:
                for d in g.departments:
                    topic = topic.replace(d, " ")
            topic = _strip_words(
                re.sub(r"自治区|那个局|那个|各自|分别|区别|不一样|不同|对比|比较|说法", " ", topic)
            )
    term = _term_phrase(q) if kind == "term" else None
    return Query(
        question=q,
        kind=kind,
        doc_ids=doc_ids,
        departments=tuple(depts),
        year=year,
        doc_kind=doc_kind,
        term=term,
        quoted=quoted,
        topic=topic,
        whole_document=bool(_WHOLE_CUES.search(q)) and kind in ("tasks", "compare"),
        structure=bool(_STRUCTURE_CUES.search(q)),
        doc_info=bool(_DOC_INFO_CUES.search(q)),
        wants_speaker=bool(re.search(r"谁说|谁讲|是谁|哪位|哪个领导", q)),
        groups=groups,
        unknown_department=unknown,
        unknown_year=unknown_year,
    )


def _compare_groups(
    q: str, metas: Sequence[DocMeta], texts: dict[str, str], doc_kind: str | None
) -> tuple[Scope, ...]:
    """Split a comparison into the document groups it names (one per department/document)."""
    groups: list[Scope] = []
    seen: set[tuple[str, ...]] = set()
    for part in _COMPARE_SPLIT.split(q):
        part = part.strip()
        if len(part) < 2:
            continue
        depts, rest = _find_departments(part, metas)
        kind = _doc_kind(rest)
        placed = () if depts else _place_docs(rest, metas, texts)
        if not depts and not kind and not placed:
            continue
        doc_ids, depts2, _, _ = _select(part, metas, texts, default_kind=kind or doc_kind)
        key = tuple(sorted(doc_ids))
        if not doc_ids or key in seen or len(doc_ids) == len(metas):
            continue
        seen.add(key)
        label = (
            "、".join(depts2)
            if depts2
            else "、".join(sorted({m.department for m in metas if m.doc_id in doc_ids}))
        )
        groups.append(Scope(label=label, doc_ids=doc_ids, departments=tuple(depts2)))
    return tuple(groups)


def resolve_followup(question: str, history: Sequence[str], metas: Sequence[DocMeta]) -> str:
    """``那政研室呢？`` after ``生态环境局有哪些重点任务`` → the earlier question about 政研室."""
    q = question.strip()
    if not history:
        return q
    m = _FOLLOWUP.match(q)
    if not m or len(q) > 20:
        return q
    new_depts, _ = _find_departments(m.group(1), metas)
    year = _YEAR.search(m.group(1))
    prev = history[-1]
    if new_depts:
        old_depts, _ = _find_departments(prev, metas)
        out = prev
        replaced = False
        for alias, _dept in _department_aliases(metas):
            if alias in out and any(_dept == d for d in old_depts):
                out = out.replace(alias, new_depts[0])
                replaced = True
                break
        return out if replaced else f"{new_depts[0]}{prev}"
    if year:
        return _YEAR.sub(year.group(0), prev) if _YEAR.search(prev) else f"{year.group(0)}{prev}"
    return q


_POS: Any = None
_NOUNISH = ("n", "vn", "an", "nz", "nt", "ns", "nr", "eng", "j", "l", "i")


def salient_words(topic: str) -> list[str]:
    """The nouns (and noun-like words) of a topic: the words whose absence from the
    documents means the question asks about something they do not contain. Verbs and
    particles (提了, 搞) are left out of that test."""
    global _POS
    if _POS is None:
        import jieba.posseg

        from rag.tokenize import _get_tokenizer

        _POS = jieba.posseg.POSTokenizer(_get_tokenizer())
    out = []
    for word in content_words(topic):
        flags = {p.flag for p in _POS.lcut(word)}
        if any(f.startswith(_NOUNISH) for f in flags) or word in _user_terms():
            out.append(word)
    return out


@functools.lru_cache(maxsize=1)
def _user_terms() -> frozenset[str]:
    from rag.tokenize import user_terms

    return frozenset(user_terms())


def content_words(topic: str) -> list[str]:
    """Topic words worth matching (normalised, 2+ characters)."""
    words = [normalize(w) for w in re.split(r"\s+", topic) if w]
    return [w for w in words if len(w) >= 2]
