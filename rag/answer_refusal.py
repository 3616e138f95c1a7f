"""When the answerer refuses: the refusal answer itself, the question's content the library
lacks (``missing_words``, ``absent_topic``, ``absent_action``), asked values a passage must
hold, and mismatches of speaker post, year, kind or position."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rag import synonyms
from rag.answer_blocks import cite_span, doc_when, finish_answer, shown_department
from rag.answer_evidence import (
    REQUEST_WORDS,
    AnswerContext,
    Evidence,
    corpus_holds,
    hits_in,
    normalized,
    noun_head,
    scoped_docs,
    word_held,
    word_in,
)
from rag.cite import CitationBook
from rag.framing import guessed_words
from rag.hedge import read_hedge
from rag.metadata import speaker_line
from rag.numbers import Ask, holds_value
from rag.outline_match import is_generic, top_parts
from rag.positions import Absent, absent_position, judges
from rag.question import (
    Query,
    department_mentions,
    is_list_word,
    organ_core,
    read_cues,
    written_out,
)
from rag.review_year import doc_reviewed_year, review_fits
from rag.speaker import (
    about_meeting,
    asked_post,
    meeting_of,
    post_attends_only,
    post_in_speaker,
    post_speaks_in,
)
from rag.text import normalize, without_markup
from rag.topic_position import is_act, topic_side, without_kind_tail, without_localizer
from rag.topic_traces import traceless, traceless_part
from rag.types import Answer, AnswerBlock, Document
from rag.typo import one_off, sounds_alike
from rag.value_match import holds_asked, year_fits
from rag.year_plans import title_year

# --- refusal ------------------------------------------------------------------------------


def refusal(
    ctx: AnswerContext, q: Query, reason: str, doc_ids: Sequence[str] | None = None
) -> Answer:
    """未在文档中找到…, with the nearest passages as 可能相关."""
    book = CitationBook(ctx.documents)
    blocks = [AnswerBlock("refusal", f"未在文档中找到{reason}。")]
    near = hits_in(ctx, q.question, list(doc_ids) if doc_ids else None, 3)
    if near:
        blocks.append(AnswerBlock("note", "可能相关："))
        for doc_id, a, b, _ in near:
            doc = ctx.documents[doc_id]
            a, b = cite_span(doc, a, b, 160)
            n = book.cite(doc_id, a, b)
            # (shown as the document reads, its Markdown headings plain; cited verbatim)
            shown = without_markup(doc.text[a:b])
            text = f"{shown_department(doc)}（《{doc.meta.title}》，{doc_when(doc)}）：{shown}"
            blocks.append(AnswerBlock("item", text, (n,), 0, doc_id, doc.meta.department))
    return finish_answer(q, q.kind or "fact", False, blocks, book)


_NOUNISH = ("n", "vn", "an", "nz", "nt", "ns", "nr", "eng", "j", "l", "i")


@functools.lru_cache(maxsize=4096)
def _is_nounish(word: str) -> bool:
    from rag.tokenize import pos_tags

    # (罚没款, 慰问金, 管理费: a sum named by its head noun, whatever jieba tags the word)
    if len(word) >= 3 and word[-1] in _SUM_HEADS:
        return True
    return any(flag.startswith(_NOUNISH) for _, flag in pos_tags(word))


_SUM_HEADS = frozenset("款费金税")


# Parts of speech that never stand inside a term: prepositions (关于, 对于), conjunctions,
# particles, pronouns, interjections, modal particles.
_FUNCTION_POS = ("p", "c", "u", "r", "e", "y")


@functools.lru_cache(maxsize=4096)
def is_function_word(word: str) -> bool:
    from rag.tokenize import pos_tags

    return all(flag.startswith(_FUNCTION_POS) for _, flag in pos_tags(word))


@functools.lru_cache(maxsize=4096)
def _is_adverb(word: str) -> bool:
    """An adverb (一直, 已经: tagged ``d``): how the work goes, never its topic."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    return bool(tags) and all(flag.startswith("d") for _, flag in tags)


@functools.lru_cache(maxsize=4096)
def _is_circumstance(word: str) -> bool:
    """A word of time (今后, 近期: tagged ``t``) or of number and measure (亿元: ``m``,
    ``q``): when or how much the question asks, not what."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    return bool(tags) and all(flag.startswith(("t", "m", "q")) for _, flag in tags)


def missing_words(ctx: AnswerContext, words: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Content nouns of the question that none of ``texts`` holds (not even in part)."""
    return [
        w
        for w in words
        if not INTERROGATIVE.search(w)
        and not _VALUE_NOUN.fullmatch(w)
        and _is_nounish(w)
        and corpus_holds(texts, w) < 0.5
        and not any(_contracted(w, t) for t in texts)
    ]


def _contracted(word: str, text: str) -> bool:
    """A two-character word the text writes out in full (营收 for 营业收入): its
    characters in order, at most two characters apart."""
    if len(word) != 2:
        return False
    return (
        re.search(re.escape(word[0]) + r"[\u4e00-\u9fff]{1,2}" + re.escape(word[1]), text)
        is not None
    )


# Nouns that name the value asked (发展党员数量, 占绩效多少比重): what the answer's number is,
# not content a text must hold.
_VALUE_NOUN = re.compile(
    r"数量|数目|人数|次数|个数|比重|比例|占比|金额|数额|总数|总量|多少钱|目标|指标|目标值"
)
# Interrogatives (a closed class of the grammar): what a question asks with, never its content.
INTERROGATIVE = re.compile(r"哪|几|啥|什么|时候|怎|多少|吗|呢|谁")
# How much of a measure (比例多大, 多长时间): an interrogative too.
_HOW_MUCH = re.compile(r"多[大高长久]")


def _names_content(word: str) -> bool:
    """``word`` can stand in a refusal as what the library lacks: two characters at least,
    no interrogative (几家, 哪个), not a function word alone (都是, 的话)."""
    return len(word) >= 2 and not INTERROGATIVE.search(word) and not is_function_word(word)


def content_label(q: Query, words: Sequence[str], missing: Sequence[str]) -> str:
    """What the refusal names: the missing content nouns, else the question's content."""
    shown = (
        [w for w in missing if _names_content(w)]
        or [w for w in words if _is_nounish(w) and _names_content(w)]
        or [w for w in words if _names_content(w)]
    )
    scope = "、".join(q.departments)
    years = "、".join(f"{y}年" for y in q.years)
    head = "".join(x for x in (scope, years) if x)
    body = "、".join(shown[:5])
    if body:
        return f"{head}与“{body}”有关的内容"
    return f"{head}的相关内容" if head else "相关内容"


# --- values (rag.numbers: what a question asks for, whether a passage holds it) -------

# A value question is refused when content words the library lacks make up this share of
# its content (a typo in one word of several is not enough).
LOST_MAX = 1 / 3
_VALUE_WHAT = {
    "name": "姓名",
    "date": "日期",
    "rank": "排名",
    "money": "金额",
    "share": "比例",
    "count": "数字",
}


def absent_topic(ctx: AnswerContext, q: Query, ev: Evidence) -> str | None:
    """What to refuse when the question's topic is in no text: its nouns the documents in
    scope lack (``_absent_nouns``), or its topic-side terms of any tag no document holds
    (``_absent_terms``)."""
    return _absent_nouns(ctx, q, ev) or _absent_terms(ctx, q, ev)


def _is_kind(word: str) -> bool:
    """A word naming a kind of content or of request (工作, 情况, 安排, 要求), no topic."""
    return is_generic(word) or is_list_word(word) or _asks_with(word)


def topic_terms(q: Query, ev: Evidence) -> list[str]:
    """The content terms of the question's topic side (``rag.topic_position``): the words
    before its interrogative, less its act, its kind and request words, interrogatives,
    value nouns and a guessed speaker; a compound's kind tail (统战 of 统战工作) and a
    place word's localizer (村 of 村里) cut off."""
    asked = normalized(q.question)
    cut = [without_localizer(without_kind_tail(w, _is_kind)) for w in ev.words]
    words = [
        w
        for w in dict.fromkeys(cut)
        if len(w) >= 2
        and not _is_kind(w)
        and not is_function_word(w)
        and not _is_circumstance(w)
        and not _is_adverb(w)
        and not INTERROGATIVE.search(w)
        and not _HOW_MUCH.search(w)
        and not REQUEST_WORDS.fullmatch(w)
        and not _VALUE_NOUN.fullmatch(w)
    ]
    guessed = guessed_words(q.question, words)
    return [w for w in topic_side(asked, words) if w not in guessed and not is_act(w, asked)]


def _absent_terms(ctx: AnswerContext, q: Query, ev: Evidence) -> str | None:
    """What to refuse when the question's topic side (``rag.topic_position``: the words
    before its interrogative, its act and kind words aside, a compound's kind tail cut —
    统战 of 统战工作) is half made of terms no document holds at all, nor a synonym of
    them in scope: 信访 and 维稳 of a 信访维稳工作怎么部署 where no text says either, 直播
    where the texts have only 网上党课. Whatever their tag: a verb on the topic side
    (巡察, 扫黑) names the work asked, not the asker's verb for the text's. When the
    question names a unit (or a post's speech), absence counts in that unit's texts, and
    its distinctive first term absent refuses however little of the topic it is
    (``_distinctive_lost``: 危化品 of 危化品安全 where the unit has only 消防安全)."""
    if q.quoted or q.cues.compare or q.cues.docinfo:
        return None
    asked = normalized(q.question)
    topic = topic_terms(q, ev)
    if not topic:
        return None
    # (in Simplified characters: a Traditional page holds 參加 for the question's 参加)
    corpus = ctx.simplified_corpus
    # (a unit a question asks to find — 是哪个单位, 出自哪份文件 — or guesses — 港务集团是
    # 70分吧 — is a claim to check, not the scope its topic is looked for in)
    claims = (
        q.cues.who
        or _ASKS_SOURCE.search(asked)
        or _GUESS_TAIL.search(q.question)
        or read_hedge(q.question) is not None
    )
    own = [] if claims else _unit_docs(ctx, q)
    texts = [ctx.simplified[d.doc_id] for d in own or scoped_docs(ev, q)]
    ids = {d.doc_id for d in own}
    others = [t for i, t in ctx.simplified.items() if i not in ids]
    mention = _organ_mention(asked, q.departments)
    absent = [
        w
        for w in topic
        # (absent from the named unit's texts counts: another unit's 信访 answers nothing
        # of this unit's, whose outline would come back — unless that text speaks of the
        # asked organ by the question's name for it: 县教育局 in the 工委's 要点)
        if (
            word_in(w, corpus) == 0.0
            if not own
            else not any(w in t and mention in t for t in others if mention)
        )
        # (in the named unit's texts, a term under half of whose character pairs they hold
        # is absent: one shared pair of a long compound — 攻坚 of 某某攻坚战 — is no topic)
        and corpus_holds(texts, w) < (_UNIT_HELD if own else _SOME)
        and not _split_across(w, asked, texts)
        and not _synonym_paraphrase(w, texts, corpus)
        and not any(_contracted(w, t) for t in texts)
        # (a slip of a term the named unit's texts hold: 家次 of another unit's report is
        # no slip of this one's 家事)
        and not _sound_slip_of(w, "\n".join(texts) if own else corpus)
    ]
    held = [w for w in topic if w not in absent and corpus_holds(texts, w) >= _HELD]
    # (an object the texts hold may stand on the ask's side: 接纳新党员多少名 counts 新党员)
    objects = [*held, *(w for w in ev.words if w not in topic and corpus_holds(texts, w) >= _HELD)]
    heads = [normalized(s.heading) for d in scoped_docs(ev, q) for s in d.sections()]
    absent = [
        w
        for w in absent
        if not _act_on_held(w, asked, held, objects)
        and not _abbreviated(w, topic, asked, texts)
        and not _heading_paraphrase(w, held, heads)
    ]
    share = lost_share(topic, absent)
    lost = _distinctive_lost(topic, absent, q)
    if not absent or (share < _ABSENT_MAX and not lost):
        return None
    every = list(ctx.simplified.values())
    if not lost and share < _ANCHOR_MAX and _anchored(topic[0], absent, texts, every):
        return None
    if (
        q.cues.who
        and share <= _ABSENT_MAX
        and _together(corpus, [w for w in topic if w not in absent])
    ):
        return None  # (who did it, one word of two the asker's own: see ``_absent_nouns``)
    return content_label(q, topic, absent)


# A question asking where something stands (出自哪份文件, 哪个单位提的, 是谁).
_ASKS_SOURCE = re.compile(r"出自|出处|哪份|哪个文件|哪篇|哪个单位|哪家|哪个部门|谁")
# A guess put as a tag question (…是70分吧？, 对吗, 是不是…).
_GUESS_TAIL = re.compile(r"(?:吧|吗|对吗|对吧|没错吧)[？?。！!]*\s*$|是不是")


def _unit_docs(ctx: AnswerContext, q: Query) -> list[Document]:
    """The documents of the unit the question names: its departments' documents, or, with
    no department named, the speeches whose speaker line names the post it asks the words
    of (院长讲话里…: the speech of 院长). None named, none."""
    if q.departments:
        return [d for d in ctx.documents.values() if d.meta.department in q.departments]
    post = asked_post(q.question)
    if post is None:
        return []
    return [
        d
        for d in ctx.documents.values()
        if (line := _speaker(d.text)) is not None and post_in_speaker(post, line)
    ]


# An organ's name as a question writes it: a word or two and an organ's ending (教育局,
# 应急局, 县法院).
_ORGAN = re.compile(
    r"[\u4e00-\u9fff]{1,2}(?:局|委|院|厅|办|部|处|室|站|所|中心|公司|银行|学校|学院|医院)"
)


def _organ_mention(question: str, departments: Sequence[str] = ()) -> str | None:
    """The organ ``question`` names first (教育局 of 柳河县教育局要…), with the organs it
    runs on into (县委 + 宣传部: 县委宣传部, not the bare 县委 every text of the county
    holds) and the rest of the named department's name it opens (县委 + 档案馆, 市委 +
    政策研究室: a name the organ endings do not spell out), or None."""
    m = _ORGAN.search(question)
    if m is None:
        return None
    end = m.end()
    while (more := _ORGAN.match(question, end)) is not None:
        end = more.end()
    for named in department_mentions(question, departments):
        if named.start < end and m.start() < named.end:
            end = max(end, named.end)
    return question[m.start() : end]


def _distinctive_lost(topic: Sequence[str], absent: Sequence[str], q: Query) -> bool:
    """The question's distinctive topic term — its first, the modifier of the compound the
    rest of the topic heads (危化品 of 危化品安全, 信访 of 信访工作廉政风险), the asked post
    (院长 of 院长讲话) aside — is absent, with topic terms after it: the texts hold the
    generic head (安全, 廉政, 队伍) of another topic, not the one asked."""
    post = asked_post(q.question)
    rest = [w for w in topic if post is None or (w not in post and post not in w)]
    return len(rest) >= 2 and rest[0] in absent and _whole_word(rest[0])


# Tags no word of a topic holds: a localizer (里 of 要点里管, a tokenizer's glue) or a
# function word.
_GLUE_POS = ("f", *_FUNCTION_POS)


def _whole_word(word: str) -> bool:
    """``word`` has no localizer or function word in it (里管 of 要点里管 is a piece the
    tokenizer glued, no term of the asker's)."""
    from rag.tokenize import pos_tags

    return not any(f.startswith(_GLUE_POS) for _, f in pos_tags(word))


# Prepositions that open a phrase (由X承担, 被X评为, 把X作为, 从X入手, 向X报告).
_PREPOSITION = re.compile(r"[由被把从向]")


def _sound_slip_of(word: str, corpus: str) -> bool:
    """``word`` is a corpus form typed one character off with a character read alike (青蓝
    for a text's 青岚, 税物 for 税务): the asker's slip of a held term, not an absent topic."""
    return any(sounds_alike(c, word) for c in one_off(word, corpus))


# A topic term a text in scope holds this well (itself, or a synonym: ``corpus_holds``).
_HELD = 0.8
# Absent: held by no text in scope at all, or in a named unit's texts under half (a share
# set by hand, not fitted: the half of a term's character pairs).
_SOME = 1e-9
_UNIT_HELD = 0.5


# What may stand between a verb and its object: an aspect particle, a count asked (吸纳了
# 多少名新团员, 盘活几处闲置房).
_OBJECT_GAP = r"^[了过着]?(?:(?:多少|几)[名个位人批处项家]?)?"


def _act_on_held(word: str, asked: str, held: Sequence[str], objects: Sequence[str]) -> bool:
    """``word``, a verb alone (整治, 选举), follows in the question a topic term the texts
    hold (风气整治, 换届选举), or precedes one of the question's words they hold
    (``objects``: 吸纳新团员, 盘活了闲置房 — its object): the act on that topic in the
    asker's words, not a topic."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    if not tags or not all(f == "v" for _, f in tags):
        return False
    at = asked.find(word)
    if any(at > 0 and asked[:at].endswith(h) for h in held):
        return True
    # (or a verb before its object, an aspect particle between: 接纳新党员, 吸收了骨干 —
    # the asker's verb for the text's act on what it holds; the object decides, not the verb)
    # (a noun, not a verbal noun the verb modifies: 破产 of 破产审判 is a topic)
    after = re.sub(_OBJECT_GAP, "", asked[at + len(word) :]) if at >= 0 else ""
    return any(after.startswith(h) and noun_head(h) for h in objects)


def _heading_paraphrase(word: str, held: Sequence[str], heads: Sequence[str]) -> bool:
    """A heading in scope holds one of the question's held topic terms (or a synonym) and a
    character of ``word`` (风气整治 ~ 强化作风建设，持续纠治…): the section the asker
    paraphrases, not an absent topic."""
    return any(
        any(ch in h for ch in word) and any(word_held(t, h) >= _HELD for t in held) for h in heads
    )


def _abbreviated(word: str, topic: Sequence[str], asked: str, texts: Sequence[str]) -> bool:
    """``word`` and a topic term next to it in the question are the texts' abbreviation of
    the two, a character of each in order (教师道德 → 师德): the topic written short."""
    at = asked.find(word)
    for other in topic:
        if other == word:
            continue
        o = asked.find(other)
        if o + len(other) == at:
            first, second = other, word
        elif at + len(word) == o:
            first, second = word, other
        else:
            continue
        if any(x + y in t for x in first for y in second for t in texts):
            return True
    return False


# Up to this share of absent topic terms, a distinctive first term the texts in scope hold
# anchors the topic (``_anchored``).
_ANCHOR_MAX = 2 / 3


def _anchored(
    first: str, absent: Sequence[str], texts: Sequence[str], every: Sequence[str]
) -> bool:
    """The question's first topic term — the modifier of a compound (节水 of 节水宣传,
    换届 of 换届选举) — is held by a text in scope and distinctive (in at most half the
    library's documents, unlike 党员 or 干部): the absent rest asks a facet of work the
    texts cover, in the asker's words."""
    if first in absent or not any(first in t for t in texts):
        return False
    return 2 * sum(first in t for t in every) <= len(every)


def _absent_nouns(ctx: AnswerContext, q: Query, ev: Evidence) -> str | None:
    """What to refuse when topic nouns the documents in scope lack entirely (no text of
    them holds the word or half of it: 劳动 of 劳动教育, 驻村 of 驻村帮扶, 互联网) make up
    ``LOST_MAX`` of the question's topic — the passages left would answer another topic.
    Words that ask for a list or point at structure (方面, 任务, 第三部分) are no topic."""
    absent = [x for x in q.quoted if _trace_free(normalized(x), ctx.corpus_text)]
    if absent:
        # A quoted phrase is the question's topic: none of its character pairs in any text
        # (“夜间值守” where no text says 夜间 or 值守) — nothing answers it.
        return content_label(q, absent, absent)
    if q.quoted or q.cues.compare or q.cues.docinfo:
        return None  # (a comparison's or a document fact's words describe the documents)
    asked = normalized(q.question)
    words = [
        w
        for w in ev.words
        if not is_generic(w)
        and not is_list_word(w)
        and not _asks_with(w)
        and not is_act(w, asked)  # (the request's verbs and pieces: 列明, 承担, 帮我)
        # (a piece the tokenizer glued across a preposition — 中由局 of 要点中由局党组 —
        # is no word of the asker's topic)
        and not _PREPOSITION.search(w)
    ]
    if not words:
        return None
    scoped = scoped_docs(ev, q)
    texts = [ctx.texts[d.doc_id] for d in scoped]
    heads = "".join(normalized(s.heading) for d in scoped for s in d.sections())
    missing = [
        w
        for w in missing_words(ctx, words, texts)
        if corpus_holds(texts, w) == 0.0
        # absent from every document, not only from those in scope (教育 that another
        # organisation's text holds may be this one's 思想政治建设)
        and word_in(w, ctx.corpus_text) == 0.0
        and not _split_across(w, asked, texts)
        # no heading in scope shares a character with it (倡廉 ~ 清廉医院建设: a
        # paraphrase the headings may answer)
        and not any(ch in heads for ch in w)
        and not _near_synonym(w, texts, ctx.corpus_text)
    ]
    missing = [w for w in missing if _is_thing(w)]
    # A noun of a thing of which no text holds a trace (no pair of its characters
    # anywhere), or a compound noun whose part naming the work (车辆 of 车辆管理) stands
    # nowhere, though a heading shares a character with it: no document covers it.
    # (Words of other tags — 分成, 成交 — may be the asker's paraphrase of the text's.)
    corpus = ctx.corpus_text
    guessed = guessed_words(q.question, words)  # (a guessed speaker is no topic: 是市委书记讲的吧)
    missing += [
        w
        for w in words
        if w not in missing
        and w not in guessed
        and len(w) >= 3
        and _is_thing(w)
        and (traceless(w, corpus) or traceless_part(w, corpus) is not None)
        and corpus_holds(texts, w) < 0.5
        and not _near_synonym(w, texts, corpus)
    ]
    # (a word the question follows with an aspect particle is its act, whatever its tag
    # alone: 布置了哪几样活儿 — the texts may say 部署 or 安排)
    missing = [w for w in missing if not re.search(re.escape(w) + "[了过着]", asked)]
    if not missing or lost_share(words, missing) < _ABSENT_MAX:
        return None
    if q.cues.who and lost_share(words, missing) <= _ABSENT_MAX:
        # Who did it, asked in the asker's own words for one of two (小孩 for the text's
        # 青少年): not refused when the question's other words stand together in one
        # sentence of the library — the act is there, the colloquial word is no topic.
        present = [w for w in words if w not in missing]
        if _together(ctx.corpus_text, present):
            return None
    return content_label(q, words, missing)


def _trace_free(phrase: str, corpus: str) -> bool:
    """A phrase of Chinese (two characters at least) no pair of whose neighbouring
    characters any text holds."""
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", phrase)
    return len(cjk) >= 2 and not any(cjk[i : i + 2] in corpus for i in range(len(cjk) - 1))


def _together(text: str, words: Sequence[str]) -> bool:
    """Some sentence of ``text`` holds every one of ``words`` (at least one word)."""
    if not words:
        return False
    return any(all(w in s for w in words) for s in re.split(r"[。！？!?\n]", text))


# An absent topic refuses when its nouns are half the question's topic words (a paraphrase
# often has one word of three the texts lack: 组织架构 for 组织体系).
_ABSENT_MAX = 1 / 2


@functools.lru_cache(maxsize=4096)
def _is_thing(word: str) -> bool:
    """A noun naming a thing (驻村, 互联网, 货车), not an act said as a noun (调整, 劳动:
    ``vn``), whose absence may be a paraphrase's verb."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    return bool(tags) and all(f.startswith("n") and f != "vn" for _, f in tags)


# 谁主持的, 由谁宣读, 是谁审定的: the act whose doer the question asks.
_WHO_DID = re.compile(r"(?:由|是)?谁(?:来|去|在|又)?([\u4e00-\u9fff]{2,4})")
# Acts of saying, writing or taking charge: the doer may be named without the verb (a
# speaker line, a 责任单位 column).
_SAID_OR_LED = re.compile(r"^(?:讲|说|提|写|发|搞|弄|干|做|负责|牵头|组织|承担|分管|签|定|出)")


# A unit asked for what it leads (宣传科负责啥, 团委牵头哪些任务): the words before the
# verb, back to a word that ends the document's naming (方案里, 表中, 的).
_LEADS = re.compile(r"(?:具体)?(?:牵头|负责|承担|主抓)")
_UNIT_END = re.compile(r"(?:办公室|部|科|处|室|中心|组|站|所|队|委|办|工会)$")
_NAMING_END = "里中的，,、是由让 □"
_ASK_IN = re.compile(r"哪|什么|啥|谁|几")


def _asked_unit(question: str) -> str | None:
    """The unit ``question`` asks the duties of (宣传科 of 计划里宣传科负责啥), or None."""
    for m in _LEADS.finditer(question):
        a = m.start()
        while a > 0 and m.start() - a < 8 and question[a - 1] not in _NAMING_END:
            a -= 1
        unit = question[a : m.start()]
        if len(unit) >= 2 and _UNIT_END.search(unit) and not _ASK_IN.search(unit):
            return unit
    return None


def absent_unit(ctx: AnswerContext, q: Query, ev: Evidence) -> str | None:
    """What to refuse when the question asks what a unit leads or is responsible for and no
    document in scope names that unit: its duties are in none of them (a plan naming
    党建工作部 and 安全监察部 says nothing of 办公室)."""
    # (read on the question less its departments: 数据局办公室 asks the 办公室 of 数据局)
    unit = _asked_unit(normalize(q.rest))
    if unit is None:
        return None
    if any(unit in normalized(d) or normalized(d).endswith(unit) for d in q.departments):
        return None  # the department itself (税务局负责…)
    scoped = scoped_docs(ev, q)
    tails = [unit[i:] for i in range(len(unit) - 2)] or [unit]
    if any(t in ctx.texts[d.doc_id] for d in scoped for t in tails):
        return None  # (a text naming 工委组织部 names the 市直机关工委组织部 asked)
    if any(written_out(unit, ctx.texts[d.doc_id]) for d in scoped):
        return None  # a short form (纪检组 of 驻局纪检监察组)
    return f"“{unit}”负责或承担的工作（所查文档未提到该单位）"


def absent_action(ctx: AnswerContext, q: Query, ev: Evidence) -> str | None:
    """What to refuse when the question asks who did an act (谁主持的) that no text in
    scope — the texts holding its quoted phrase, else the documents in scope — reports."""
    from rag.tokenize import pos_tags

    m = _WHO_DID.search(normalize(q.question))
    if m is None:
        return None
    words = pos_tags(m.group(1))
    if not words:
        return None
    act, flag = words[0]
    if len(act) < 2 or not flag.startswith("v") or _SAID_OR_LED.match(act):
        return None
    scoped = scoped_docs(ev, q)
    docs = [
        d for d in scoped if all(normalized(p) in ctx.texts[d.doc_id] for p in q.quoted)
    ] or scoped
    if any(act in ctx.texts[d.doc_id] for d in docs):
        return None
    about = "、".join(f"“{x}”" for x in q.quoted)
    return f"{'关于' + about if about else ''}由谁“{act}”的记载"


@functools.lru_cache(maxsize=4096)
def _asks_with(word: str) -> bool:
    """A word of the request, not of the topic: it carries a cue (区别, 原文, 责编, 每项,
    结构 — ``rag.question.read_cues``) or is no content of a text (位置, 时间)."""
    cues = read_cues(word)
    return any(
        getattr(cues, f) for f in ("list", "overview", "term", "who", "value", "compare", "docinfo")
    ) or bool(
        re.search(
            r"每|位置|时间|地方|情况|问题|事情|东西|内容|材料|文件|文档|单位|部门|数据|数字|"
            r"稿|文章|报道|篇|条数|项数|差异|异同|口径|原话|原句|出处|麻烦|帮忙|请问|劳驾|谢谢|"
            r"一下|给我|帮我|名字|姓名|名称|名单|称呼|叫法",
            word,
        )
    )


# A character this common in the library (推动, 活动: 动) says nothing of a word's sense.
_COMMON_CHAR = 1 / 1000


# For a term absent from every text (``_absent_terms``), only a character as common as the
# library's commonest (党, 的, 动: half a percent and more) says nothing of its sense.
_SHARED_CHAR = 1 / 200


def _near_synonym(word: str, texts: Sequence[str], corpus: str) -> bool:
    """``word`` shares a character that is not common in the library with a genre synonym
    (``rag.synonyms``) of which some member stands in ``texts`` (防腐 ~ 腐败 ~ 清廉): a
    paraphrase, not an absent topic (劳动 shares only the common 动 with 带动)."""
    rare = {ch for ch in word if corpus.count(ch) < _COMMON_CHAR * max(len(corpus), 1)}
    for group in synonyms.GROUPS:
        if any(rare & set(m) for m in group) and any(m in t for m in group for t in texts):
            return True
    return False


def _synonym_paraphrase(word: str, texts: Sequence[str], corpus: str) -> bool:
    """``word`` shares half its characters or more, none among the library's commonest
    (``_SHARED_CHAR``), with a member of a genre synonym group (``rag.synonyms``) some
    member of which ``texts`` hold: 防腐 (腐 of 反腐) or 倡廉 (廉 of 清廉) where a text says
    清廉 is a paraphrase; 互联网, sharing only 互 with 互促, or 军人, only 人 with 人才, is not."""
    floor = _SHARED_CHAR * max(len(corpus), 1)
    rare = {ch for ch in word if corpus.count(ch) < floor}
    for group in synonyms.GROUPS:
        if not any(m in t for m in group for t in texts):
            continue
        if any(2 * len(rare & set(m)) >= len(word) for m in group):
            return True
    return False


def _split_across(word: str, question: str, texts: Sequence[str]) -> bool:
    """``word`` is a tokenizer's cut across two words of the question (风有 of 师德师风有啥):
    a character next to it in the question forms with its edge a pair the texts hold."""
    at = question.find(word)
    if at < 0:
        return False
    pairs = [
        question[at - 1 : at + 1] if at else "",
        question[at + len(word) - 1 : at + len(word) + 1],
    ]
    return any(len(p) == 2 and any(p in t for t in texts) for p in pairs)


def lost_share(words: Sequence[str], missing: Sequence[str]) -> float:
    total = sum(len(w) for w in words)
    return sum(len(w) for w in missing) / total if total else 0.0


def holds_asked_value(doc: Document, start: int, end: int, ask: Ask, q: Query) -> bool:
    """The passage holds the asked value, of the asked thing, for the asked year
    (``rag.value_match``)."""
    text = doc.text[start:end]
    return (
        holds_value(ask, text)
        and holds_asked(ask, q.question, text)
        and all(
            year_fits(y, doc.text, start, end, doc.meta.title, doc.meta.year)
            # (过去一年 of a speech given early in the next year: the asked year's figure)
            or review_fits(y, doc, start, end)
            for y in q.years
        )
    )


def value_label(label: str, ask: Ask) -> str:
    """The refusal of a value question names the value: …有关的数字/金额/日期."""
    what = _VALUE_WHAT.get(ask.kind, "内容")
    return label[: -len("内容")] + what if label.endswith("有关的内容") else label


# Kind words that name what a document is (a year's 总结 is not the next year's 要点).
KIND_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"总结|成绩|成效|取得|汇报|回顾"), "工作总结"),
    (re.compile(r"要点"), "工作要点"),
    (re.compile(r"计划"), "工作计划"),
)
# Kinds users name one for another: a year's plan is its 要点 or its 计划 (a document of
# the family asked counts as the kind asked).
KIND_FAMILY = {"工作要点": ("工作要点", "工作计划"), "工作计划": ("工作计划", "工作要点")}


@functools.lru_cache(maxsize=512)
def _speaker(text: str) -> str | None:
    return speaker_line(text)


_SPOKEN = re.compile(r"讲话|发言|致辞")
# A speech asked for as a document (在…会议上的讲话, 讲话里, 讲话稿), not a verb of saying.
_SPEECH_ASKED = re.compile(
    r"的(?:讲话|发言|致辞)|(?:讲话|发言|致辞)(?:稿|里|中|上|讲了|提了|说了|都|有)"
)


def _no_speech_of_unit(
    q: Query, post: str | None, docs: Sequence[Document], every: Sequence[Document] = ()
) -> tuple[str, list[str]] | None:
    """A speech of a named unit (税务局党委书记在…会议上的讲话, 税务局的讲话里…) when none
    of that unit's documents is a speech or reports the post (any one, when none is
    asked) speaking: the refusal naming what the unit has."""
    if not q.departments or q.cues.compare or not _SPEECH_ASKED.search(q.question):
        return None  # (a comparison's sides are each one kind: 讲话稿和那篇新闻对比)
    own = [d for d in docs if d.meta.department in q.departments]
    if not own or any(d.meta.kind == "讲话" or _speaker(d.text) for d in own):
        return None
    cores = {organ_core(d) for d in q.departments}
    if any(
        (d.meta.kind == "讲话" or _speaker(d.text))
        and any(c in normalize(d.meta.title + d.text[:300]) for c in cores)
        for d in every
    ):
        return None  # a speech whose head names the unit, its department unread
    if post is not None and any(post_speaks_in(post, d.text) for d in own):
        return None
    if post is None and any(_SPOKEN.search(d.text) for d in own):
        return None  # (a report of someone's speech may be the one asked)
    held = "、".join(f"《{d.meta.title}》" for d in own[:3])
    what = f"“{post}”的讲话" if post else "该单位的讲话"
    return f"{what}（该单位在文档库中只有{held}，无讲话）", [d.doc_id for d in own]


def speech_of_other_post(
    q: Query, docs: Sequence[Document], every: Sequence[Document] = ()
) -> tuple[str, list[str]] | None:
    """A question asking a post's words (纪委书记在…会上讲了什么) when every speech in scope
    has a speaker line naming another post and no other document reports that post
    speaking (``rag.speaker``): what the refusal names, and the speeches to show."""
    post = asked_post(q.question)
    if post is None:
        return _no_speech_of_unit(q, None, docs, every)
    meeting = meeting_of(q.question)
    on = [d for d in docs if meeting is None or about_meeting(meeting, d.meta.title + d.text[:300])]
    speeches = [(d, _speaker(d.text)) for d in on if d.meta.kind == "讲话" or _speaker(d.text)]
    unit = _no_speech_of_unit(q, post, docs, every)
    if unit is not None:
        return unit
    if not speeches:
        # A report naming the post only among those who attended (县纪委书记XXX出席活动):
        # what it said is not in it.
        seen = [d for d in on if post_attends_only(post, d.text)]
        if not seen or any(post_speaks_in(post, d.text) and d not in seen for d in on):
            return None
        held = "、".join(f"《{d.meta.title}》" for d in seen[:3])
        return f"“{post}”的讲话内容（{held}只记其出席）", [d.doc_id for d in seen]
    if any(line is None or post_in_speaker(post, line) for _, line in speeches):
        return None
    if any(post_speaks_in(post, d.text) for d in on if not _speaker(d.text)):
        return None
    held = "；".join(f"《{d.meta.title}》为{line}的讲话" for d, line in speeches[:3])
    return f"“{post}”的讲话（文档库中：{held}）", [d.doc_id for d, _ in speeches]


# A year naming the document asked for (2023年的党建工作总结, 2022年度要点), not its content.
_YEAR_OF_DOC = re.compile(
    r"\d{4}年度?的?(?:机关)?(?:党建|党的建设)?(?:工作)?(?:总结|要点|计划|方案|讲话|报告|通知)"
)


def year_kind_mismatch(q: Query, named: Sequence[Document]) -> str | None:
    """What to refuse when the question's year (and kind) match none of the documents it
    names: 某单位2022年的成绩 when the library holds only its 2023 要点."""
    if not q.years or not named:
        return None
    kinds = {k for p, k in KIND_NOUNS if p.search(q.rest)}
    # (年计划 before a verb is an intention — 2025年计划发展党员 — not a 工作计划)
    doc_asked = _YEAR_OF_DOC.search(normalize(q.question))
    by_document = doc_asked is not None and not re.fullmatch(
        r"\d{4}年度?的?计划", doc_asked.group()
    )
    for d in named:
        # (过去一年 of a speech given early in the next year: the asked year's content)
        reviews = doc_reviewed_year(d) in q.years
        if kinds:
            # (a 通知 issuing a 要点 is of the 要点's kind: its title names the kind)
            family = {f for k in kinds for f in KIND_FAMILY.get(k, (k,))}
            of_kind = d.meta.kind in family or any(k[-2:] in d.meta.title for k in family)
            # (a summary of 2023 signed in January 2024 is 2023's: its title's year)
            if of_kind and (d.meta.year in q.years or title_year(d) in q.years):
                return None
            # A year asked of the content, not of the document (总结…对2023年定了什么目标:
            # a 2022 summary's look ahead), that its text names.
            if of_kind and not by_document and all(f"{y}年" in d.text for y in q.years):
                return None
            # Another kind's text on that year answers a question on the year's content
            # (2023年的成绩 from a 2024 要点's review), not one asking for the year's
            # document of the kind (某年的党建总结 of an organisation with only a 要点).
            if (
                not of_kind
                and not by_document
                and (reviews or any(f"{y}年" in d.text for y in q.years))
            ):
                return None
        elif reviews or d.meta.year in q.years or any(f"{y}年" in d.text for y in q.years):
            return None
    years = "、".join(f"{y}年" for y in q.years)
    what = "、".join(sorted(kinds)) or "文档或内容"
    return f"{named[0].meta.department}{years}的{what}"


_POSITION_UNIT = {"条": "条", "章": "章", "节": "节", "部分": "个部分", "项": "项", "点": "点"}


def position_beyond(q: Query, docs: Sequence[Document]) -> tuple[str, list[str]] | None:
    """What to refuse when the question names a position (第六部分, 第十二条) that none of
    the documents it names has (``rag.positions``): the position and each document's count."""
    # (a document that numbers no such unit — a summary asked for 第五章 — says nothing,
    # unless its text writes the position out)
    asked = [
        m.group()
        for m in re.finditer(r"第[一二两三四五六七八九十百\d]{1,4}(?:章|节|条)", q.question)
    ]
    if any(a in d.text for d in docs for a in asked if not judges(q.question, d.text, d.outline)):
        return None
    docs = [d for d in docs if judges(q.question, d.text, d.outline)]
    if not docs:
        return None
    absent = [(d, absent_position(q.question, d.text, d.outline)) for d in docs]
    if any(a is None for _, a in absent):
        return None
    held = "；".join(
        f"《{d.meta.title}》共{a.count}{_POSITION_UNIT.get(a.unit, a.unit)}{_parts_shown(d, a)}"
        for d, a in absent[:3]
        if a is not None
    )
    first = absent[0][1]
    assert first is not None
    return f"所问的“{first.asked}”（{held}）", [d.doc_id for d, _ in absent]


def _parts_shown(doc: Document, absent: Absent) -> str:
    """：一、…、二、… — the parts a document counted by its outline has (what it has in
    place of the position asked), or nothing for a count of its articles or items."""
    parts = top_parts(doc.outline)
    if absent.unit not in ("部分", "点") or len(parts) != absent.count:
        return ""
    shown = "、".join(p.label[:20] for p in parts[:10])
    return f"：{shown}" + ("等" if len(parts) > 10 else "")
