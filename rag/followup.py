"""Follow-up questions (pure): what a question asked in a conversation takes from the turn
before it.

The turn before leaves a ``Scope``: the departments and years its question was read as, the
documents its answer cited, its topic and cues, and the last complete question of the
conversation. A new question is read by ``followup_of`` as one of

- ``same``: it points into the previous answer (第三部分展开说, 其中X那块呢, 它哪天印的,
  那X方面呢) — the previous departments, years and cited documents are its soft scope
  (``Query.scope_docs`` is a prior, never a filter), and the previous topic and cues when
  it has none of its own;
- a **swap** of one part of the scope, the rest kept: another year said relative to the
  previous one (前年的呢), another kind of document (要点里是怎么写的), the other departments
  (其他部门呢), or more of the same (还有没有) — the previous question reworded;
- ``new``: a question that names its own scope or asks without pointing back;
- ``orphan``: a question that points back when there is nothing to point to (no history,
  several documents): answered with a message, not a guess (``orphan_answer``).

Which words point back is a closed class of the grammar (pronouns, demonstratives, 其中,
还有, 呢), never a list of questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rag.outline_match import ordinal_references
from rag.page_fields import names_fields_only
from rag.question import (
    Cues,
    Query,
    asking_word,
    content_words,
    is_list_word,
    same_organ,
    topic_of,
)
from rag.types import Answer, AnswerBlock

__all__ = [
    "MAX_CHAIN",
    "Scope",
    "apply_scope",
    "followup_of",
    "orphan_answer",
    "scope_after",
]

# Earlier questions a follow-up's scope is worked out from (each is read, and answered
# when its answer is not cached): the bound on the work one follow-up can cause.
MAX_CHAIN = 4

# Words that point at the previous answer or its document (它, 这个文件, 上面说的, 其中).
# Bare 上面 is the higher-ups in office speech (上面要求哪天交), not the text above.
_DEIXIS = re.compile(
    r"它们?|这个|那个|这份|那份|这篇|那篇|这次|该(?:文件|文|份|篇|通知|要点|总结|讲话|材料|单位)|"
    r"本文|此文|上面(?=说|讲|提|写|列|那|这)|上述|上文|刚才|刚刚|前面|其中|这块|那块|这部分|那部分|"
    r"这一?[条项点段句]|那一?[条项点段句]|这儿|哪天印"
    # (谁发的, 谁讲的 ask who issued or said it — an attribution, no pointer back; a
    # pointer comes with its own 这个/那份: 这个谁发的)
)
# Asking for more of a part of the previous answer (展开讲讲, 具体说说, 下面有哪些).
_DRILL = re.compile(r"具体|展开|详细|细说|细讲|说说|讲讲|说一下|讲一下|下面|下边|底下|里头")
# A position inside a document (第二部分, 第（三）项, 最后一条).
_POSITION = re.compile(
    r"第[（(]?[一二三四五六七八九十\d]+[)）]?(?:部分|项|条|点|段|个|方面|块|章|节)?|最后一|头一|前[两三四]"
)
# The previous question's other departments (别的单位, 其他部门, 另一个局).
_OTHERS = re.compile(
    r"(?:别的|其他|其它|另外的?|另一个|另一|其余|剩下的?)(?:单位|部门|局|家|地方|委|办|机关)"
)
# More of the same (还有没有, 其他的呢).
_MORE = re.compile(r"^(?:那)?(?:还有|其他|其它|别的|另外|再)")
_MORE_WORD = re.compile(r"还有|其他|其它|别的|另外|其余|剩下")
# A conversational turn: opened by 那/那么, closed by 呢 (那X方面呢).
_TURN = re.compile(
    r"^(?:那么?|那个|换成|换个|再看看|还有)|(?:呢|的呢|怎么样|咋样|如何)[？?。!！\s]*$"
)
# A year said relative to the previous question's year.
_RELATIVE = re.compile(r"(去|前|明|后|来)年|上一?年度?|下一?年度?|前一年|后一年")
_OFFSET = {"去": -1, "前": -2, "明": 1, "后": 2, "来": 1, "上": -1, "下": 1}


def _offset(said: str) -> int:
    """Years from the previous question's year to the one ``said`` (前年 -2, 前一年 -1)."""
    if said in ("前一年", "后一年"):
        return -1 if said[0] == "前" else 1
    return _OFFSET[said[0]]


# Kinds of document a question may swap to (要点里是怎么写的).
_KIND = re.compile(r"要点|计划|总结|讲话|通知|报道|新闻稿|新闻|方案|意见")
# What a question asks with (closed class): no content of its own.
_ASKING = re.compile(
    r"[哪几啥谁吗呢吧呀么的了是有没在里中上说讲写发怎样么]|什么|怎么|如何|多少|一下|这样|那样|提到|方面|情况|要求|内容|"
    r"有关|相关|说法|提法|表述|"
    # the document itself (它是哪个单位印发的, 哪天发布的)
    r"印发|下发|发布|签发|发文|成文|出台|落款|署名|文号|"
    # units of a document's parts (第二部分, 那一条, 一条, 最后)
    r"部分|条|项|点|段|块|章|节|[一二两三四五六七八九十\d]+(?=部分|条|项|点|段|块|章|节)|最后"
)


@dataclass(frozen=True)
class Scope:
    """What the previous turn resolved to: its reading's scope and its answer's documents."""

    question: str  # the last complete question of the conversation (reworded swaps in)
    departments: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    docs: tuple[str, ...] = ()  # documents the previous answer cited, first first
    topic: str = ""
    cues: Cues = field(default_factory=Cues)
    # the previous question as its answer read it (respelt, a swap resolved), which a
    # department or year said alone is swapped into ("": ``question``)
    asked: str = ""


def scope_after(prev: Query, cited: Sequence[str], before: Scope | None) -> Scope:
    """The scope a turn leaves: its reading ``prev`` (already carrying what it took from
    ``before``) and the documents its answer cited."""
    question = prev.question
    if prev.followup == "same" and before is not None:
        question = before.question  # a pointing question rewords nothing: the last complete one
    return Scope(
        question=question,
        departments=prev.departments,
        years=prev.years,
        docs=tuple(dict.fromkeys(cited))[:3],
        topic=prev.topic,
        cues=prev.cues,
        asked=prev.question,
    )


# A word made of nothing but pointing, position, kind and asking pieces (那块, 第二, 要点,
# 的要求, 有没有): the pieces are matched against the whole word, so a content word that
# merely contains one of their characters (中央, 上级, 发展, 点评, 环节) is never cut.
_FILLER = re.compile(
    "(?:"
    + "|".join(
        p.pattern
        for p in (_DEIXIS, _DRILL, _POSITION, _OTHERS, _MORE_WORD, _RELATIVE, _KIND, _ASKING)
    )
    + ")+"
)


def _is_filler(word: str) -> bool:
    return _FILLER.fullmatch(word) is not None


# A short follow-up's frame around its topic X (那X的情况呢, 那X方面呢, 那X怎么样, X呢): an
# opening demonstrative, then X, then a generic noun of asking and the closing particle.
# X is what the frame leaves, read alone: a tokenizer cuts the whole question at the
# frame's edges as it likes (the demonstrative glued to X's first character, X's last one
# to the 的 after it), so the question's own tokens are no guide to X.
_FRAME = re.compile(
    r"^(?:那么|那)?(?P<x>[\u4e00-\u9fff]{2,10}?)(?:的|这|那)?"
    r"(?:情况|状况|方面|层面|那块|这块|那边|这边|部分)?的?"
    r"(?:呢|怎么样|咋样|如何|怎么说)[？?。!！\s]*$"
)


def framed_topic(question: str) -> str | None:
    """The topic of a follow-up said in the frame ``_FRAME`` — X read alone, its content
    words space separated — or None: not in the frame, or X is pointing or asking alone
    (那块呢, 第二部分呢)."""
    m = _FRAME.match(question.strip())
    if m is None:
        return None
    x = m.group("x")
    topic = " ".join(w for w in topic_of(x).split() if not asking_word(w))
    words = [w for w in content_words(topic) if not _is_filler(w) and not is_list_word(w)]
    if words:
        return topic
    # (X cut into single characters: taken whole when no piece of it is pointing or asking)
    if not content_words(topic) and not _is_filler(x) and not is_list_word(x):
        return x
    return None


def _own_words(q: Query) -> list[str]:
    """The question's content words (whole tokens of its topic, or of the topic its frame
    leaves: ``framed_topic``) that are neither pointing, list nor asking words."""
    framed = framed_topic(q.question)
    if framed is not None:
        return [w for w in content_words(framed) if not _is_filler(w) and not is_list_word(w)]
    return [w for w in content_words(q.topic) if not _is_filler(w) and not is_list_word(w)]


def _names_scope(q: Query) -> bool:
    return bool(q.departments or q.unknown_department or q.years or q.quoted)


def points_back(question: str) -> bool:
    """The question points at something said before (a pronoun, a position, 其中, 还有)."""
    q = question.strip()
    return bool(
        _DEIXIS.search(q)
        or ordinal_references(q)
        or _MORE.search(q)
        or _OTHERS.search(q)
        or (_DRILL.search(q) and len(q) <= 12)
    )


_FIELD_ASK_MAX = 12  # characters of a follow-up asking a document's field alone


def followup_of(question: str, q: Query, scope: Scope | None) -> tuple[str, str]:
    """(how ``question`` follows the previous turn, the question to read instead or
    ``question``): see the module's docstring for the kinds."""
    text = question.strip()
    own = _own_words(q)
    if scope is None:
        lone = not _names_scope(q) and not own and len(q.doc_ids) > 1
        return ("orphan" if lone and points_back(text) else "new"), text
    if q.departments or q.unknown_department or q.quoted:
        return "new", text
    rel = _RELATIVE.search(text)
    if rel and not q.years and scope.years:
        year = scope.years[0] + _offset(rel.group())
        # A question of its own with a relative year: the year said, the rest as asked (the
        # pieces the reading cut the year word into — 一年 of 前一年 — are no words of its own).
        if any(w not in rel.group() for w in own):
            return "same", text[: rel.start()] + f"{year}年" + text[rel.end() :]
        return "year", _with_year(scope.question, scope.years[0], year)
    if q.years:
        return "new", text
    kind = _KIND.search(text)
    # (这篇讲话, 该文件: the document pointed at, no other kind)
    if kind and not own and len(text) <= 16 and not _DEIXIS.search(text):
        old = _KIND.search(scope.question)
        if old is None or old.group() != kind.group():
            swapped = (
                scope.question[: old.start()] + kind.group() + scope.question[old.end() :]
                if old
                else f"{kind.group()}里{scope.question}"
            )
            return "kind", swapped
    if _OTHERS.search(text) and not own:
        return "others", scope.question
    if _MORE.search(text) and not own and len(text) <= 10:
        return "more", scope.question
    deixis = bool(_DEIXIS.search(text))
    if len(text) <= _FIELD_ASK_MAX and names_fields_only(text, own):
        # (作者是谁, 来源是哪里, 阅读量多少: a field of the document the last answer cited)
        return "same", text
    if own and not deixis and (q.cues.term or q.cues.who or q.cues.compare):
        # where a phrase stands, who said it, how two compare: asked of the whole library
        return "new", text
    # (a position a document has — 第二部分, not 第一议题 — or a drill into the last answer
    # with one topic word at most: 组织建设具体说说)
    pointing = (
        deixis or bool(ordinal_references(text)) or bool(_DRILL.search(text) and len(own) <= 1)
    )
    if pointing or (_TURN.search(text) and len(own) <= 2) or (not own and len(text) <= 10):
        return "same", text
    return "new", text


def _with_year(question: str, old: int, new: int) -> str:
    for form in (f"{old}年", f"{old % 100:02d}年", str(old)):
        if form in question:
            return question.replace(form, f"{new}年", 1)
    rel = _RELATIVE.search(question)
    if rel:
        return question[: rel.start()] + f"{new}年" + question[rel.end() :]
    return f"{new}年{question}"


def apply_scope(q: Query, how: str, scope: Scope | None, names: Sequence[str]) -> Query:
    """``q`` read as the follow-up ``how`` says, with what it takes from ``scope``: soft
    scope only (departments and years weigh in the priors, ``scope_docs`` is a prior)."""
    if scope is None or how in ("new", "orphan"):
        return replace(q, followup=how)
    if how == "others":
        keep = set(same_organ(scope.departments, names))
        others = tuple(n for n in dict.fromkeys(names) if n not in keep)
        return replace(q, followup=how, departments=others or q.departments)
    if how in ("year", "kind", "more"):
        depts = q.departments or same_organ(scope.departments, names)
        return replace(q, followup=how, departments=depts)
    # "same": the previous departments, years and documents; its topic and cues when the
    # question brings none of its own.
    own = _own_words(q)
    framed = framed_topic(q.question) if own else None
    topic = (framed or q.topic) if own else " ".join(x for x in (q.topic, scope.topic) if x)
    cues = q.cues if any(vars(q.cues).values()) else scope.cues
    return replace(
        q,
        followup=how,
        departments=q.departments or same_organ(scope.departments, names),
        years=q.years or scope.years,
        scope_docs=scope.docs,
        topic=topic,
        cues=cues,
    )


def orphan_answer(question: str) -> Answer:
    """A question that points back with nothing before it: what to add, no guess."""
    from rag.render import markdown

    blocks = (
        AnswerBlock(
            "refusal",
            "这个问题是接着上一个问题问的（“它”“这个文件”“第几部分”“还有”指的是上一个回答），"
            "但当前对话里没有上一个问题。",
        ),
        AnswerBlock("note", "请把单位、文件或要问的内容说完整后再问。"),
    )
    return Answer(question.strip(), "fact", False, markdown(list(blocks)), (), blocks=blocks)
