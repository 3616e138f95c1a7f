"""Which outline to answer with: sections whose headings match the question
(``directed_outline``, ``heading_matches``, ``_subtree_matches``), whole outlines,
counted lists, table rows, and picking among candidate nodes."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rag.answer_evidence import (
    FUNCTION_CHARS,
    AnswerContext,
    Evidence,
    Node,
    Sentence,
    W,
    corpus_holds,
    doc_name,
    expected_count,
    normalized,
    root_runs,
    scoped_docs,
    without_function_chars,
    word_held,
    word_in,
)
from rag.answer_runs import lead_sentence
from rag.framing import guessed_org
from rag.issuer_rows import without_issuer
from rag.outline import row_fields, section_path
from rag.outline_match import (
    closing_after,
    heading_overlap,
    is_generic,
    ordinal_references,
    phrase_in_heading,
    resolve_ordinals,
    responsible_units,
    rows_by_value,
    rows_of_unit,
    top_parts,
)
from rag.question import Query, content_words, is_list_word
from rag.review_year import says_review
from rag.synonyms import names_part
from rag.table_rows import asked_months, rows_in_months
from rag.text import sentence_spans
from rag.theme_items import (
    asks_each_unit,
    core_held,
    theme_core,
    theme_sentences,
    theme_unit,
    theme_words,
)
from rag.types import Document, Section
from rag.year_plans import plans_of_year

_MAX_DOCS_BROAD = 6


def named_docs(ctx: AnswerContext, q: Query, ev: Evidence) -> list[Document]:
    """Documents the question names by department, or else by words of their title or
    department (岚县 中医院 → 青岚县中医院's 要点; 述职评议会 → the speech at it), best first."""
    if q.departments:
        return [d for d in scoped_docs(ev, q) if d.meta.department in q.departments]
    inside = {d.doc_id for d in ev.docs}
    branded = [d for d in _branded(ctx, q) if d.doc_id in inside]
    if branded:
        return sorted(branded, key=lambda d: -ev.priors[d.doc_id])
    words = [w for w in content_words(q.topic) if not is_list_word(w)]
    holders = _head_holders(ctx, words)
    out: list[tuple[float, Document]] = []
    for d in ev.docs:
        name = normalized(f"{d.meta.title} {d.meta.department}")
        # A naming word is one few titles hold (党建, 工作 in every title name nothing).
        hits = [w for w in words if w in name and sum(1 for t in ctx.titles if w in t) <= 2]
        hits += _head_naming(ctx, d, [w for w in words if w not in hits], holders)
        if hits and sum(len(w) for w in hits) >= 3:
            out.append((sum(len(w) for w in hits), d))
    if not out:
        return []
    top = max(s for s, _ in out)
    return sorted((d for s, d in out if s == top), key=lambda d: -ev.priors[d.doc_id])


def _branded(ctx: AnswerContext, q: Query) -> list[Document]:
    """The document(s) a question names by a brand of theirs (清流先锋那篇报道讲了几方面,
    蓝帆领航品牌有哪几招): the longest brand the question holds, when one or two documents
    hold it; [] otherwise. The brand names the document, not one of its parts (its words
    stand in the document's head, so they narrow to no heading)."""
    if q.cues.term or q.cues.who or q.cues.compare:
        return []
    asked = normalized(q.question)
    by_brand: dict[str, list[Document]] = {}
    for doc in ctx.documents.values():
        for b in ctx.brands[doc.doc_id]:
            if b in asked:
                by_brand.setdefault(b, []).append(doc)
    if not by_brand:
        return []
    docs = by_brand[max(by_brand, key=len)]
    return docs if len(docs) <= 2 else []


def _names_head(word: str, head: str) -> bool:
    return word in head or _pieced_from(word, head)


def _head_holders(ctx: AnswerContext, words: Sequence[str]) -> dict[str, int]:
    """Per naming word, how many documents' heads hold it (at most 3 counted)."""
    out: dict[str, int] = {}
    for w in words:
        if len(w) < 2 or is_generic(w):
            continue
        n = 0
        for h in ctx.heads.values():
            n += _names_head(w, h)
            if n > 2:
                break
        out[w] = n
    return out


def _head_naming(
    ctx: AnswerContext, doc: Document, words: Sequence[str], holders: Mapping[str, int]
) -> list[str]:
    """Words that name ``doc`` by its head rather than its title: the speaker's post
    (县委书记, 局长 of 局党组书记、局长) and the meeting in pieces (党建述职 of
    基层党建工作述职评议会) — each held by at most two documents' heads."""
    head = ctx.heads[doc.doc_id]
    return [w for w in words if 0 < holders.get(w, 0) <= 2 and _names_head(w, head)]


def named_by_one_word(ctx: AnswerContext, q: Query, ev: Evidence) -> list[Document]:
    """The document whose title or department alone holds a word of the question (港务 of
    港务集团's plan: two characters no other title has), for terse keyword questions."""
    found: list[Document] = []
    for w in content_words(q.topic):
        if len(w) < 2 or is_generic(w):
            continue
        holders = [d for d in ev.docs if w in normalized(f"{d.meta.title} {d.meta.department}")]
        if len(holders) == 1 and holders[0] not in found:
            found.append(holders[0])
    return found if len(found) == 1 else []


def _whole_outline(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    named: Sequence[Document],
    nodes: Sequence[Node],
) -> list[Node]:
    """The whole-outline nodes of the named document(s) when every content word of the
    question is generic: a list word, a word of the document's title or department, or a
    word the corpus lacks (大标题, 啥活儿). Empty when any word is about a topic."""
    if any(re.fullmatch(r"\d{4}年", w) for w in ev.words):
        return []  # a year as content (明年 in a summary: its 展望 part)
    top = named[0]
    # The document's head (title, speaker, date lines before its first section) names it too.
    first = top.outline[0].start if top.outline else 0
    name = normalized(
        f"{top.meta.title} {top.meta.department} {top.meta.kind} {top.text[: min(first, 300)]}"
    )
    short = ctx.heads[top.doc_id]
    for w in content_words(q.topic):
        if is_generic(w) or w in name or _pieced_from(w, short) or _NO_PART_WORD.fullmatch(w):
            continue
        if max(word_in(w, t) for t in ctx.texts.values()) < 0.5:
            continue  # a word the corpus lacks says nothing about which part
        return []
    prior = ev.priors[top.doc_id]
    keep = {d.doc_id for d in named if ev.priors[d.doc_id] >= prior - W.tie}
    out: list[Node] = []
    seen: set[str] = set()
    for n in nodes:
        if n.doc.doc_id in keep and n.section is None and n.items and n.doc.doc_id not in seen:
            if n.run:
                continue
            seen.add(n.doc.doc_id)
            out.append(n)
    if not out:  # documents whose outline is several runs: every run, in order
        for n in nodes:
            if n.doc.doc_id == top.doc_id and n.section is None and n.run:
                out.append(n)
        out.sort(key=lambda n: n.items[0].start if n.items else 0)
    return out


def _in_order(word: str, name: str) -> bool:
    """The word's characters stand in this order within one word-run of the name (a
    shortened form: 党建要点 in 党的建设…要点)."""
    for run in re.split(r"\s+", name):
        it = iter(run)
        if all(ch in it for ch in word):
            return True
    return False


# Words that say whom or how a document speaks, not which part a question asks about
# (closed classes of the genre): the units it is addressed to (各乡镇, 县直各单位), the
# whole it speaks for (全区, 全系统), a verb of saying (强调, 指出, 谈到).
_NO_PART_WORD = re.compile(
    r"[\u4e00-\u9fff]{0,2}各(?:级|乡镇|乡|镇|街道|村|社区|支部|党支部|党组织|单位|部门|处室|科室|股室|院系|学院)"
    r"|全(?:省|市|区|县|镇|乡|街道|局|院|校|厅|委|系统|行业|集团|公司)"
    r"|(?:着重|重点|特别|反复)?(?:强调|指出|提出|谈到|讲到|提到|谈了|讲了|说了|阐述|表示)了?"
)


# The share of a heading's bigrams a question holds for a word of the document's preamble
# the heading holds to name that part (推进X医院党建 ↔ X医院党建咋安排).
_COVERS_HEADING = 0.5  # (more than half: most of the heading)
# A question on what a past year achieved (a closed class of the genre's words).
_ASKS_REVIEW = re.compile(r"回顾|成绩|成效|成果|亮点|进展|取得|做了哪些|干了哪些")
_LEAD_HELD = 4  # characters of the question's words a run's lead-in holds, at least (two words)


def narrowing_words(
    ctx: AnswerContext,
    q: Query,
    name: str,
    years: Sequence[str] = (),
    title: str = "",
    headings: Sequence[str] = (),
) -> list[str]:
    """Content words of the question beyond naming the document: not a list or structure
    word (任务, 一条条, 第三部分), not in the document's name, and held by the corpus (a
    word no text has says nothing about which part is meant). A word of the document's
    preamble (its head's long lines: 为推动X和Y同频共振，制定本计划) still names a part when
    its ``title`` (title, department, short head lines) lacks it and one of its
    ``headings`` holds it whose words the question mostly holds (``_COVERS_HEADING``): a
    preamble sums up the parts that follow it."""
    covered = [normalized(h) for h in headings if heading_overlap(q.question, h) > _COVERS_HEADING]
    out = []
    for w in content_words(q.topic):
        if is_generic(w) or _pieced_from(w, title) or _NO_PART_WORD.fullmatch(w):
            continue
        if w in name and not (w not in title and any(w in h for h in covered)):
            continue
        if corpus_holds(ctx.texts.values(), w) < 0.5:
            continue
        out.append(w)
    # A year the question means as content (明年 of a summary: its 展望2023年 part).
    out += [w for w in years if w not in name and w not in out]
    return out


# What a question calls a document besides its kind (讲话稿, 总结材料, 通知原文).
_DOC_NOUN = re.compile(r"(?:稿子?|文稿|原文|全文|文件|材料)$")


def _pieced_from(word: str, name: str) -> bool:
    """The word is pieces of two characters or more that the name each holds (党建述职 of
    基层党建工作述职评议会, 述职评议会上 of …述职评议会上的讲话), or a word of the name
    with a noun for a document (讲话稿): it names the document."""
    bare = _DOC_NOUN.sub("", word)
    if bare != word and len(bare) >= 2 and (bare in name or _pieced_from(bare, name)):
        return True
    n = len(word)
    ok = [True] + [False] * n  # ok[i]: word[:i] is pieced from the name
    for i in range(2, n + 1):
        ok[i] = any(ok[j] and word[j:i] in name for j in range(0, i - 1))
    return n >= 4 and ok[n]


def _heading_score(
    sec: Section,
    words: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
    credit: Mapping[str, float] | None = None,
) -> float:
    """How well a heading holds what the question asks about, 0..1: the weighted share of
    the question's units it holds — a quoted phrase (a shortened form counts nearly as
    much), a phrase of the question the corpus holds verbatim, content words by their
    specificity (a word inside one of those phrases counts with the phrase) — or the
    share of the heading's own bigrams the question's content has, if more."""
    head = normalized(sec.heading)
    phrases = [(p, 1.5 * len(p)) for p in quoted] + [(p, float(len(p))) for p in verbatim]
    units = [
        (w, len(w) * min(1.5, max(0.2, spec.get(w, 1.0) / 2)))
        for w in words
        if not any(w in normalized(p) for p, _ in phrases)
    ]
    total = sum(x for _, x in phrases) + sum(x for _, x in units)
    if not total:
        return 0.0
    c = credit or {}

    def part(m: float) -> float:  # with credit given, a part of a phrase is no match
        return m if credit is None or m >= 0.8 else 0.0

    got = sum(x * c.get(p, 1.0) * part(phrase_in_heading(p, sec.heading)) for p, x in phrases)
    others = [*words, *quoted, *verbatim]
    got += sum(x * c.get(w, 1.0) * part(word_held(w, head, others)) for w, x in units)
    if credit is not None:
        return got / total  # (the bigram overlap knows nothing of the credit)
    content = "".join([*quoted, *verbatim, *words])
    return max(got / total, 0.9 * heading_overlap(content, sec.heading))


def _section_score(
    sec: Section,
    words: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
    credit: Mapping[str, float] | None = None,
) -> float:
    """A section's heading score, or (a little less) that of its heading read with its
    items' headings: 基层组织和基础工作 asks for 强化基层基础 with its 建强基层组织."""
    own = _heading_score(sec, words, quoted, verbatim, spec, credit)
    if not sec.children:
        return own
    heads = "，".join([sec.heading, *(c.heading for c in sec.children)])
    joined = replace(sec, heading=heads, children=())
    return max(own, 0.9 * _heading_score(joined, words, quoted, verbatim, spec, credit))


def heading_credit(docs: Sequence[Document], units: Sequence[str]) -> dict[str, float]:
    """Per unit, 1/√(number of the documents' parts whose headings hold it): a word the
    headings of many parts have (党支部 in a speech on branches) tells one part from
    another less; a part and its items count once."""
    out: dict[str, float] = {}
    for u in units:
        n = sum(
            1
            for d in docs
            for top in d.outline
            if any(word_in(normalized(u), normalized(s.heading)) >= 0.8 for s in top.walk())
        )
        out[u] = 1.0 / math.sqrt(max(1, n))
    return out


# "How is X done" asks for the measures a part lists (怎么融合, 如何推进, 咋弄).
_HOW = re.compile(r"怎么|怎样|如何|咋")
_DIRECTED_HEAD = 0.5
# The time ahead, asked of a document (下一步打算, 明年怎么干, 今后的思路, 新的一年).
_AHEAD_ASK = re.compile(
    r"下一?步|明年|来年|下一?年度?|今后|展望|新的一年|打算|接下来"
)  # a heading holding at least this share of the question's content


def directed_outline(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    named: Sequence[Document],
    nodes: Sequence[Node],
    phrases: Sequence[str],
) -> list[Node]:
    """The part(s) of the named document a list question points at, or [] to leave the
    question to the other candidates:

    - a position (第三部分, 第（二）条, 最后一部分, 前两部分) → that part with its subtree;
    - nothing beyond naming the document (its department, year, kind, list words) → the
      whole outline (``_whole_outline``), or the list of the count it states (五个方面);
    - content words or a quoted phrase a heading holds → that section; several sibling
      headings matching alike (聚力解决… in 第一…第五) → their whole list.
    """
    top = named[0]
    if not top.outline:
        return []
    refs = ordinal_references(q.question)
    if refs:
        secs = resolve_ordinals(top.outline, refs)
        if secs:
            return [Node(top, s, 1.0, 1.0) for s in secs]
    if not named_docs(ctx, q, ev) and not named_by_one_word(ctx, q, ev):
        return []  # (the document was only the best guess, for a position)
    closing = closing_after(top.outline, top_parts(top.outline))
    if closing is not None and _AHEAD_ASK.search(q.question) and not q.cues.term:
        # 下一步打算 / 今后 / 明年 of a summary closing with an unheaded paragraph on the time
        # ahead (rag.outline): that paragraph, whatever words lead it (明年，… / 2026年，…)
        return [Node(top, closing, 1.0, 1.0)]
    name = doc_name(top)
    years = [w for w in ev.words if re.fullmatch(r"\d{4}年", w)]
    narrow = narrowing_words(
        ctx, q, name, years, doc_name(top, short=True), [s.heading for s in top.sections()]
    )
    quoted = [x for x in q.quoted if normalized(x) not in name]
    verbatim = [
        p
        for p in phrases
        if p not in q.quoted
        and normalized(p).strip(FUNCTION_CHARS) not in name
        and not is_generic(p)
    ]
    prior = ev.priors[top.doc_id]
    keep = [d for d in named if d.outline and ev.priors[d.doc_id] >= prior - W.tie]
    led = [] if quoted else lead_named_run(top, q, doc_name(top, short=True))
    if led:
        return led
    counted = _counted_list(q, keep)
    if not narrow and not quoted:
        # A phrase of the question that is a heading of the document's (保障措施 → 第三部分
        # 保障措施), though its words stand in the document's head too, points at that part.
        title = doc_name(top, short=True)
        headed = [
            p
            for p in verbatim
            if len(normalized(p)) >= 3
            and not _in_order(normalized(p), title)
            and any(phrase_in_heading(p, s.heading) == 1.0 for s in top.sections())
        ]
        if headed and not q.cues.term:
            return heading_matches(keep[:1], [], [], headed, ev.spec)
        if q.cues.term and verbatim:
            return []  # a phrase of the question sought in the text
        return counted or _whole_outline(ctx, q, ev, named, nodes)
    # A list or "how" question, or keywords alone (税务局 要点 成效: no cue at all).
    c = q.cues
    bare = not any((c.list, c.overview, c.term, c.who, c.value, c.compare, c.docinfo))
    listy = c.list or c.overview or bool(_HOW.search(q.question))
    if not (listy or bare):
        return []
    # (a sentence of the 存在问题 part sharing the question's theme words — 结合不够紧密 —
    # is no list of the tasks asked: the part that sets them out is, unless the question
    # asks about problems)
    skip = () if _ASKS_PROBLEMS.search(q.question) else _problem_items(keep)
    if skip:
        # (a phrase of the question only the problems hold — 业务结合 of 业务结合不够紧 —
        # is the problem's wording, not the tasks')
        verbatim = [p for p in verbatim if _held_outside_problems(normalized(p), keep)]
    found = heading_matches(keep, narrow, quoted, verbatim, ev.spec, skip=skip)
    if c.list and _POINTS_AT_PART.search(q.question):
        # 党组织建设这块, 那个板块: a part with items, named by its theme — unless an item
        # matched alone names it in its own theme (清廉建设这块 ↔ （三）推进党风廉政建设：…;
        # items of several parts alike say no part)
        parts = _part_matches(keep, narrow, quoted, verbatim, ev.spec)
        one = found[0].section if len(found) == 1 else None
        themed = _theme_score(one, narrow, quoted, verbatim, ev.spec) if one else 0.0
        if parts and themed < parts[0].score:
            found = parts
    found = found or counted
    found = _lift_named_item(found, q.question)
    if not found and not quoted:
        found = _subtree_matches(keep[:1], narrow, ev.spec, want_list=bool(c.list))
        listy = listy or bool(found and _POINTS_AT_PART.search(q.question))
    if not listy:
        # Keywords alone ask for a list when they name a part that has one; a single item
        # they match is left to the passages (网络安全教育培训 多久: a fact in its text).
        found = [n for n in found if n.items]
    return found


def lead_named_run(doc: Document, q: Query, title: str) -> list[Node]:
    """Of a document whose outline is several runs (a speech's 一是…五是 looking back on
    the year, then its 第一…第五), the run whose lead-in sentence holds the question's
    words beyond those naming the document (``title``: 取得, 成绩 of 过去一年…取得了较好
    成绩。 before 一是): that run alone, whatever count the question half-remembers.
    [] when no run's lead-in holds more than the others', or a heading holds a word of
    the question the lead-in lacks (that heading's part is meant)."""
    runs = root_runs(doc)
    if len(runs) < 2:
        return []
    leads: list[str] = []
    floor = 0
    for run in runs:
        leads.append(normalized(lead_sentence(doc, run[0].start, floor)))
        floor = run[-1].heading_end
    # (a short lead-in line stands in the document's head: it names no document)
    for lead in leads:
        title = title.replace(lead, " ") if lead else title
    words = [
        w
        for w in content_words(q.topic)
        if len(w) >= 2
        and not is_generic(w)
        and not _NO_PART_WORD.fullmatch(w)
        and w not in title
        and not _pieced_from(w, title)
    ]
    held = [sum(len(w) for w in words if w in lead) for lead in leads]
    best = max(held)
    chosen = held.index(best) if best >= _LEAD_HELD and held.count(best) == 1 else None
    if chosen is None and _ASKS_REVIEW.search(q.question):
        # (what was achieved, asked in other words than the lead-in's — 成绩 of 一年来…呈现
        # 出良好态势: the one run a look back at the year leads)
        looks = [i for i, lead in enumerate(leads) if says_review(lead)]
        chosen = looks[0] if len(looks) == 1 else None
    if chosen is None:
        return []
    lead = leads[chosen]
    headings = [normalized(s.heading) for s in doc.sections()]
    if any(w not in lead and any(w in h for h in headings) for w in words):
        return []
    return [Node(doc, None, 1.0, 1.0, runs[chosen])]


def heading_matches(
    docs: Sequence[Document],
    narrow: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
    *,
    lift: bool = True,
    credit: Mapping[str, float] | None = None,
    skip: Sequence[Section] = (),
) -> list[Node]:
    """The sections of ``docs`` whose headings hold the question's content best (at least
    ``_DIRECTED_HEAD``), the outermost of nested ones, alike siblings lifted to their list
    (with ``lift``); none of ``skip``."""
    scored: list[tuple[float, Document, Section]] = []
    for doc in docs:
        for sec in doc.sections():
            if any(sec is x for x in skip):
                continue
            scored.append((_section_score(sec, narrow, quoted, verbatim, spec, credit), doc, sec))
    if not scored:
        return []
    best = max(h for h, _, _ in scored)
    if best < _DIRECTED_HEAD:
        return []
    ties = [(d, s) for h, d, s in scored if h >= best - 0.05]
    # The outermost of nested matches (a part and its own item): its subtree holds both.
    ties = [
        (d, s)
        for d, s in ties
        if not any(o is not s and od is d and _inside(s, o) for od, o in ties)
    ]
    return [Node(d, s, best, best) for d, s in (_lift_siblings(ties) if lift else ties)]


# A question about a document's problems (存在哪些问题, 短板, 不足): its problem part's items.
_ASKS_PROBLEMS = re.compile(r"问题|不足|短板|差距|薄弱|毛病|缺点|困难|教训")


def _problem_items(docs: Sequence[Document]) -> list[Section]:
    """A part named as the problems (二、存在的问题, 三、问题和不足) and the sections in it."""
    return [
        sec
        for doc in docs
        for sec in doc.sections()
        if any(names_part("问题", p.heading) for p in section_path(doc.outline, sec.start, sec.end))
    ]


def _held_outside_problems(phrase: str, docs: Sequence[Document]) -> bool:
    """Some text of ``docs`` outside their problem parts holds ``phrase``."""
    for doc in docs:
        text = doc.text
        for sec in _problem_items([doc]):
            text = text[: sec.start] + "\n" * (sec.end - sec.start) + text[sec.end :]
        if phrase in normalized(text):
            return True
    return False


# An item's theme: its line up to the first comma or colon (（一）开展“清廉X”建设，督促各…
# → 开展“清廉X”建设); what the rest of the line says is its body.
HEAD_CLAUSE = re.compile(r"[^，,：:；;。]*")


_PART_THEMES = 2  # its heading and items' themes holding a word of the question: a part about it


def _theme_score(
    sec: Section,
    narrow: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
) -> float:
    """How well a leaf's theme (its head clause) holds the question's content; 0 for a
    section with items (its theme is what ``_part_matches`` reads)."""
    if sec.children:
        return 0.0
    m = HEAD_CLAUSE.match(sec.heading)
    head = replace(sec, heading=m.group() if m else sec.heading)
    return _heading_score(head, narrow, quoted, verbatim, spec)


def _part_matches(
    docs: Sequence[Document],
    narrow: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
) -> list[Node]:
    """The sections with items whose heading, read with the themes of its items (their
    head clauses, not their bodies), holds the question's content best (at least
    ``_DIRECTED_HEAD``), the outermost of nested ones: a question pointing at a part by a
    paraphrase of its theme (党组织建设这块 ↔ 夯实基层根基 … 规范支部设置) means a part,
    not the item whose body mentions the words in passing. Parts matching alike are told
    apart by how many of their items' themes hold a word of the question (a genre synonym
    counting); [] when no part has ``_PART_THEMES`` such items."""
    # (a phrase of the question is read as a word here, so that its synonyms count)
    words = [*narrow, *(p for p in verbatim if p not in narrow)]
    scored: list[tuple[float, int, Document, Section]] = []
    for doc in docs:
        for sec in doc.sections():
            if not sec.children:
                continue
            themes = [m.group() for c in sec.children if (m := HEAD_CLAUSE.match(c.heading))]
            joined = replace(sec, heading="，".join([sec.heading, *themes]), children=())
            own = _heading_score(sec, words, quoted, [], spec)
            read = 0.9 * _heading_score(joined, words, quoted, [], spec)
            hits = sum(
                1
                for t in [sec.heading, *themes]
                if any(word_held(w, normalized(t), words) >= 0.8 for w in words)
            )
            scored.append((max(own, read), hits, doc, sec))
    if not scored:
        return []
    best = max(h for h, _, _, _ in scored)
    if best < _DIRECTED_HEAD:
        return []
    close = [(n, d, s) for h, n, d, s in scored if h >= best - 0.05]
    most = max(n for n, _, _ in close)
    if most < _PART_THEMES:
        return []  # no part whose items are about it
    ties = [(d, s) for n, d, s in close if n == most]
    ties = [
        (d, s)
        for d, s in ties
        if not any(o is not s and od is d and _inside(s, o) for od, o in ties)
    ]
    return [Node(d, s, best, best) for d, s in ties]


# A question pointing at a part of a document (那部分, 这块, 那一点, 方面) asks for it whole.
_POINTS_AT_PART = re.compile(r"[这那哪]一?(?:部分|块|点|条|方面)|部分|板块")
_SUBTREE_ALL = 0.99  # the share of the question's content a part's whole text must hold


def _subtree_matches(
    docs: Sequence[Document],
    narrow: Sequence[str],
    spec: Mapping[str, float],
    *,
    want_list: bool = False,
) -> list[Node]:
    """When no heading holds the question's content: the one part of the document whose
    heading and whole text together hold all of it, a genre synonym counting
    (党员带头 → 第三，要把党员作用发挥出来 … 作表率), the innermost section that does within
    that part; [] when none, or when parts in different places do alike."""
    if not narrow:
        return []
    units = [(w, len(w) * min(1.5, max(0.2, spec.get(w, 1.0) / 2))) for w in narrow]
    total = sum(x for _, x in units)
    scored: list[tuple[Document, Section]] = []
    for doc in docs:
        for sec in doc.sections():
            text = normalized(f"{sec.heading} {doc.text[sec.start : _body_end(doc, sec)]}")
            got = sum(x for w, x in units if word_held(w, text, narrow) >= 0.8)
            if got >= _SUBTREE_ALL * total:
                scored.append((doc, sec))
    outer = [(d, s) for d, s in scored if not any(od is d and _inside(s, o) for od, o in scored)]
    if len(outer) != 1:
        return []
    doc, part = outer[0]
    inner = [s for d, s in scored if d is doc and _inside(s, part)]
    if want_list:
        # A list question (问题有哪些) asks for a list whose heading holds some of its words
        # (第二，清醒认识问题…): an item holding the words too (五是…问题依然存在) is one
        # of its answers, not the answer. (A list whose heading holds none of them —
        # 一、加强政治建设 over the one item on 办事指南 — is not what is asked.)
        lists = [s for s in inner if s.children and any(w in normalized(s.heading) for w in narrow)]
        inner = lists or inner
    # The smallest section holding it all, if it is a list of its own or a part's item.
    best = min(inner, key=lambda s: s.end - s.start) if inner else part
    return [Node(doc, best, _SUBTREE_ALL, _SUBTREE_ALL)]


def _body_end(doc: Document, sec: Section) -> int:
    """Where a section's own text ends: its last item's, or for a leaf the end of its
    heading's line (第一，要把…。 body on one line) or of the paragraph under a heading
    standing alone — not a closing paragraph the span runs on into (展望…, 同志们…)."""
    if sec.children:
        return _body_end(doc, sec.children[-1])
    text = doc.text
    line_end = text.find("\n", sec.start)
    if line_end < 0 or line_end >= sec.end:
        return sec.end
    if len(normalized(text[sec.start : line_end])) > len(normalized(sec.number + sec.heading)) + 2:
        return line_end
    nxt = line_end + 1
    while nxt < sec.end and text[nxt] in "\n \u3000\t":
        nxt += 1
    stop = text.find("\n", nxt)
    return sec.end if stop < 0 or stop > sec.end else stop


def _inside(a: Section, b: Section) -> bool:
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)


_PHRASE_HEADINGS_MAX = 3  # more headings holding a phrase: it names no one section


def phrase_headings(
    ctx: AnswerContext, ev: Evidence, q: Query, phrase: str
) -> list[tuple[Document, Section]]:
    """The sections in scope with items whose heading holds ``phrase`` whole (at least four
    characters, punctuation aside), outermost first; [] when none or more than a few do,
    or when a title holds the phrase (机关党建 names documents, not a part of one)."""
    p = normalized(phrase)
    if len(without_function_chars(p)) < 4 or is_generic(phrase) or any(p in t for t in ctx.titles):
        return []
    found = [
        (d, s)
        for d in scoped_docs(ev, q)
        for s in d.sections()
        if s.children and phrase_in_heading(phrase, s.heading) == 1.0
    ]
    found = [(d, s) for d, s in found if not any(od is d and _inside(s, o) for od, o in found)]
    return found if len(found) <= _PHRASE_HEADINGS_MAX else []


def _lift_siblings(chosen: Sequence[tuple[Document, Section]]) -> list[tuple[Document, Section]]:
    """Sibling sections matching alike — at least two and half of their list — stand for
    the list: their parent section (the document's top level stays as the siblings)."""
    out: list[tuple[Document, Section]] = []
    done: set[int] = set()
    for i, (doc, sec) in enumerate(chosen):
        if i in done:
            continue
        parent = _parent_of(doc.outline, sec)
        peers = [
            j for j, (d, s) in enumerate(chosen) if d is doc and _parent_of(d.outline, s) is parent
        ]
        family = parent.children if parent is not None else doc.outline
        if parent is not None and len(peers) >= 2 and 2 * len(peers) >= len(family):
            out.append((doc, parent))
            done.update(peers)
        else:
            out.append((doc, sec))
            done.add(i)
    return out


def whose_phrase(q: Query, phrases: Sequence[str], directed: Sequence[Node]) -> bool:
    """A question asking whose a quoted practice is (“银杏课堂”是哪个部门的), the phrase in
    the text verbatim, and no heading of the list chosen holding it: the list is not the
    answer (its items at best mention the phrase in passing)."""
    if not q.cues.who or not q.quoted:
        return False
    held = [x for x in q.quoted if x in phrases]
    if not held:
        return False
    if guessed_org(q.question) is not None:
        return True  # “X”是不是某局的: the sentences naming X and its unit, not a list
    # (a whole outline is no answer to whose X is, though one of its headings holds X)
    heads = [s.heading for n in directed if n.section is not None for s in n.section.walk()]
    return not any(normalized(x) in normalized(h) for x in held for h in heads)


# A plural pointer at a list (那几条, 这几点, 那些要求): the list, though one item is named.
# (A count of the items — 分几个阶段, 有几条 — asks for that list too.)
_PLURAL_POINTER = re.compile(r"[那这哪]几(?:条|点|项|个|方面)|[那这]些|几个|几条|几点|几项")


def _lift_named_item(found: list[Node], question: str) -> list[Node]:
    """A list named by one of its items (讲团结开头的那几点 → 第一，讲团结… of a 第一…第四
    run): one leaf item matched and a plural pointer asked → its whole list with the
    parent (the document's own parts stay as they are)."""
    if len(found) != 1 or found[0].section is None or not _PLURAL_POINTER.search(question):
        return found
    node = found[0]
    sec = node.section
    assert sec is not None
    if sec.children or sec.style == "row":
        return found
    parent = _parent_of(node.doc.outline, sec)
    if parent is None or len(parent.children) < 2:
        return found
    return [Node(node.doc, parent, node.score, node.head)]


def _parent_of(outline: Sequence[Section], sec: Section) -> Section | None:
    for top in outline:
        for s in top.walk():
            if sec in s.children:
                return s
    return None


def _counted_list(q: Query, docs: Sequence[Document]) -> list[Node]:
    """The one list of the count the question states (五个方面的意见 → the run or
    section with five items) in the top document, or []."""
    expected = expected_count(q.question)
    if expected is None or not docs:
        return []
    doc = docs[0]
    runs = root_runs(doc)
    # The document's own parts first, then its sections' lists.
    tops = [Node(doc, None, 1.0, 1.0, run) for run in runs if len(run) == expected]
    if len(runs) == 1 and len(doc.outline) == expected:
        tops = [Node(doc, None, 1.0, 1.0)]
    if len(tops) == 1:
        return tops
    inner = [Node(doc, s, 1.0, 1.0) for s in doc.sections() if len(s.children) == expected]
    if len(inner) == 1 and not tops:
        return inner
    # Several lists of that length: the one the text announces with the count the question
    # gives (为此，我讲五个方面的意见。 before 第一…第五).
    said = _count_phrase(q.question)
    announced = [
        n
        for n in [*tops, *inner]
        if said
        and said in normalized(doc.text[max(0, n.items[0].start - W.lead_in) : n.items[0].start])
    ]
    return announced if len(announced) == 1 else []


def _count_phrase(question: str) -> str:
    m = re.search(
        r"[一二两三四五六七八九十\d]{1,2}(?:个|项|条|大|点)?(?:方面|部分|块|项|条|点)", question
    )
    return normalized(m.group(0)) if m else ""


def unit_rows(
    ctx: AnswerContext, q: Query, ev: Evidence, least: int = 3, *, scoped: bool = False
) -> list[tuple[Document, list[Section]]]:
    """Per document (every one the question may mean: a unit's name can read as another
    department's), the task-table rows whose responsible-unit cell names a unit of the
    question; else, for a unit asked by a short form (纪检组 of 驻局纪检监察组: its
    characters in order, the same last one), the rows of the unit it shortens.
    ``scoped``: the department the question names is its scope (a list asked of it, no
    verb of carrying tasks), so the words naming it name no unit of another document's
    table (X局机关党委的要点 is not the rows of another table's 局机关党委)."""
    out: list[tuple[Document, list[Section]]] = []
    for doc in ev.docs:
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        outside = scoped and q.departments and doc.meta.department not in q.departments
        asked = without_issuer(q.rest if outside else q.question, doc.meta.department)
        secs = rows_of_unit(rows, asked, least) if rows else []
        if secs:
            out.append((doc, secs))
    if out:
        return out
    unit = _asked_unit(q.question)
    if unit is None:
        return []
    short = normalized(unit)
    for doc in scoped_docs(ev, q)[:3]:
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        secs = [
            sec
            for sec, cells in rows
            if any(
                short[-1] == normalized(u)[-1:] and _in_order(short, normalized(u))
                for u in responsible_units([(sec, cells)])
            )
        ]
        if secs:
            out.append((doc, secs))
    return out


def issuer_table(
    ctx: AnswerContext, q: Query, ev: Evidence
) -> list[tuple[Document, list[Section]]]:
    """Per document in scope whose own issuer the question names (its 任务清单, 谁负责):
    every row of its task table with a responsible-unit column; none when the question
    names no issuer of a document with such a table."""
    out: list[tuple[Document, list[Section]]] = []
    for doc in scoped_docs(ev, q)[:3]:
        if without_issuer(q.question, doc.meta.department) == q.question:
            continue
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        if rows and responsible_units(rows):
            out.append((doc, [sec for sec, _ in rows]))
    return out


# A unit named as the one that leads or carries tasks (财务科负责, 信用监管科承担): the
# run of characters before the verb, after the last word that joins it to the document
# named before it (…方案里, …分工表中, …的), ending on a word of an internal unit.
_UNIT_VERB = re.compile(r"负责|牵头|承担|主抓|分管|承办")
_UNIT_CUT = re.compile(r".*(?:[里的在由让请是把对，,、\s]|中(?![心队学])|上(?![级]))")
_UNIT_END = re.compile(r"(?:办公室|中心|科|处|室|股|部|组|队|站|所|委|办|会|团|队)$")


def _asked_unit(question: str) -> str | None:
    """The internal unit (科室, 处室, 中心) a question asks the tasks of, or None."""
    m = _UNIT_VERB.search(question)
    if m is None:
        return None
    run = re.findall(r"[\u4e00-\u9fff，,、\s]+$", question[: m.start()])
    unit = _UNIT_CUT.sub("", run[0]) if run else ""
    if not 2 <= len(unit) <= 10 or not _UNIT_END.search(unit):
        return None
    return unit


def unit_outside_table(ctx: AnswerContext, q: Query, ev: Evidence) -> tuple[str, list[str]] | None:
    """For a question asking what an internal unit leads (财务科负责哪些任务) over documents
    in scope whose task table has a responsible-unit column: when no row and no text of
    those documents names the unit, the refusal's reason (naming the units the table
    holds) and the documents; else None. A unit that is a department of the library asks
    for that department's tasks, not a row."""
    from rag.question import department_mentions

    unit = _asked_unit(q.question)
    if unit is None:
        return None
    depts = sorted({d.meta.department for d in ctx.documents.values()})
    if department_mentions(unit, depts):
        return None
    tables: list[tuple[Document, list[str]]] = []
    for doc in scoped_docs(ev, q)[:3]:
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        units = responsible_units(rows) if rows else []
        if units:
            tables.append((doc, units))
    if not tables:
        return None
    plain = normalized(unit)
    if any(plain in normalized(doc.text) for doc, _ in tables):
        return None
    # (a short form of a unit the table names — 纪检组 of 驻局纪检监察组 — is that unit)
    if any(_in_order(plain, normalized(u)) for _, units in tables for u in units):
        return None
    doc, units = tables[0]
    reason = f"“{unit}”负责的任务（《{doc.meta.title}》任务分工表中的责任单位：{'、'.join(units)}）"
    return reason, [d.doc_id for d, _ in tables]


def picked_table_rows(
    ctx: AnswerContext, q: Query, ev: Evidence
) -> list[tuple[Document, list[Section]]]:
    """Per document in scope (the best and those about as likely), the rows of a schedule
    table the question picks: the months it names (7到12月, 下半年, 三季度) over a table
    dated by its first column, else the value it names of a column it names (领学人是…)."""
    months = asked_months(q.question)
    out: list[tuple[Document, list[Section]]] = []
    best = 0.0
    scoped = scoped_docs(ev, q)  # (a department named may be a shorter name of the table's)
    others = sorted((d for d in ev.docs if d not in scoped), key=lambda d: -ev.priors[d.doc_id])
    for doc in scoped + others:
        if out and ev.priors[doc.doc_id] < _TABLE_PRIOR_SHARE * best:
            break
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        if not rows:
            continue
        secs = rows_in_months(rows, months) if months else []
        secs = secs or rows_by_value(rows, without_issuer(q.question, doc.meta.department))
        if secs:
            best = best or ev.priors[doc.doc_id]
            out.append((doc, secs))
    return out


_TABLE_PRIOR_SHARE = 0.8  # documents about as likely as the best one with rows picked


_LEADS = re.compile(
    r"(?:[一二两三四五六七八九十\d]+|几)(?:个|点|条|项)?(?:方面|意见|要求|措施|任务|工作|点)|以下|如下|下面"
)


def lead_in(
    nodes: Sequence[Node], ranked: Sequence[Sentence], text_of: Any, listed: bool = False
) -> list[Node]:
    """Nodes whose list a best passage introduces — a sentence ending just before the first
    item that announces it (讲五个方面的意见。从以下四个方面：) — gain ``W.lead_bonus``.
    For a list question (``listed``), a run of the document's top level (a speech's 一是…
    looking back, before its 第一…) is led by a best passage ending just before it, though
    it announces no count (过去一年…党建工作取得了较好成绩。)."""
    top = ranked[0].cover
    best = [s for s in ranked[:3] if s.cover >= max(W.passage_floor, top - 0.05)]
    leads = [s for s in best if _LEADS.search(text_of(s))]
    if not leads and not listed:
        return list(nodes)
    out: list[Node] = []
    for n in nodes:
        items = n.items
        led = bool(items) and any(
            s.doc_id == n.doc.doc_id
            and items[0].start - W.lead_in <= s.end <= items[0].start
            and (n.section is None or s.start >= n.section.heading_end)
            for s in (best if listed and n.run else leads)
        )
        out.append(replace(n, score=n.score + W.lead_bonus, led=True) if led else n)
    return sorted(out, key=lambda n: -n.score)


def siblings_lift(nodes: Sequence[Node]) -> list[Node]:
    """When the best section matches only what its siblings share (聚力解决… under every
    第一…第五), the question asks for the siblings: their parent (or run) goes first."""
    best = nodes[0]
    if best.section is None or best.head <= 0:
        return list(nodes)
    parent = next(
        (
            n
            for n in nodes
            if n.doc.doc_id == best.doc.doc_id
            and n is not best
            and any(item == best.section for item in n.items)
        ),
        None,
    )
    if parent is None:
        return list(nodes)
    peers = [
        n
        for n in nodes
        if n.section is not None
        and n.section in parent.items
        and n is not best
        and n.head >= best.head - 0.05
    ]
    if len(peers) < 2:
        return list(nodes)
    lifted = replace(parent, score=best.score, head=max(parent.head, best.head))
    return [lifted, *[n for n in nodes if n is not parent]]


_MAX_DOCS_YEAR = 12  # documents a broad question over one year answers at most
# A question over every unit of the library (各单位, 各部门, 所有单位, 每家).
EVERY_UNIT = re.compile(r"各(?:个)?(?:单位|部门|家)|所有(?:单位|部门)|每(?:个|一)?(?:单位|部门|家)")


def year_plan_nodes(q: Query, ev: Evidence) -> list[Node]:
    """For a question over one year naming no department (各部门某年的重点任务): every
    document's plan for it (rag.year_plans) — a plan's whole outline, another document's
    forward-looking part — when at least two documents have one; else []."""
    if len(q.years) != 1 or q.departments:
        return []
    picks = plans_of_year(ev.docs, q.years[0])[:_MAX_DOCS_YEAR]
    if len(picks) < 2:
        return []
    return [Node(d, part, 1.0, 1.0) for d, part in picks]


# Several units asked, each its own (几家单位分别…, 按部门列出来, 逐个单位, 两家局各自):
# besides ``EVERY_UNIT``, a count of units or a distributive 按/逐/分 + 单位 — a list of what
# each has, never a count of them nor a rank.
_SEVERAL_UNITS = re.compile(
    EVERY_UNIT.pattern
    + r"|(?:几|多|[两二三四五六七八九十])(?:家|个)(?:单位|部门|局|委|办)?"
    + r"|[按逐分](?:个|家)?(?:单位|部门)|逐(?:个|家)"
)
_EACH_OWN = re.compile(
    r"分别|各自|[按逐分](?:个|家)?(?:单位|部门)|逐(?:个|家)|列|怎么|如何|怎样|哪些"
)
# (两家单位的任务有哪些不同: how they differ, a comparison)
_DIFFER = re.compile(r"区别|不同|不一样|对比|比较|异同|差异|差别|相比|一样吗|对照")
_UNIT_NOUNS = frozenset({"单位", "部门", "家", "局", "大项", "大块"})


def units_plan_nodes(ctx: AnswerContext, q: Query, ev: Evidence) -> list[Node]:
    """For a list over several units and one year naming no unit (2025年几家单位的党建任务
    分别怎么安排的，按部门列出来): every document's plan for that year (``year_plan_nodes``)
    that holds the question's topic words (党建: not a work meeting's tasks that never
    name it), when two units or more have one; else []."""
    if q.departments or len(q.years) != 1 or not q.cues.list or q.cues.term:
        return []
    if not (_SEVERAL_UNITS.search(q.question) and _EACH_OWN.search(q.question)):
        return []
    if _DIFFER.search(q.question):
        return []
    nodes = year_plan_nodes(q, ev)
    texts = {n.doc.doc_id: normalized(ctx.texts[n.doc.doc_id]) for n in nodes}
    # (the topic: the words some plan of the year holds, less list words and unit nouns)
    topic = [
        normalized(w)
        for w in ev.every
        if not is_generic(w)
        and w not in _UNIT_NOUNS
        and f"{q.years[0]}年" != w
        and any(normalized(w) in t for t in texts.values())
    ]
    held = [n for n in nodes if all(w in texts[n.doc.doc_id] for w in topic)]
    if len({n.doc.meta.department for n in held}) < 2:
        return []
    return sorted(held, key=lambda n: (n.doc.meta.department, n.doc.meta.date or ""))


def pick_nodes(nodes: Sequence[Node], q: Query) -> list[Node]:
    """The best node and, for a broad question (no department named), the other documents'
    whole outlines that match as well."""
    best = nodes[0]
    chosen = [best]
    if best.section is None and not q.departments:
        for n in nodes[1:]:
            if (
                n.section is None
                and n.doc.doc_id not in {c.doc.doc_id for c in chosen}
                and n.score >= best.score - W.broad_tie
                and len(chosen) < _MAX_DOCS_BROAD
            ):
                chosen.append(n)
    elif best.section is not None:
        # Sibling sections of the same document that match as well (组织建设和制度建设).
        for n in nodes[1:4]:
            if (
                n.doc.doc_id == best.doc.doc_id
                and n.section is not None
                and n.head >= 0.5
                and n.score >= best.score - W.tie
                and not any(_overlaps(n.section, c.section) for c in chosen)
            ):
                chosen.append(n)
    return chosen


def _overlaps(a: Section, b: Section | None) -> bool:
    return b is not None and a.start < b.end and b.start < a.end


# --- a stage list asked with each stage's time or lead unit (X4b) ----------------------
# 分几步走，各在什么时候 / 分三段推进，每段由谁负责: the list of stages is the answer when its
# items carry the detail asked (the month in the stage's heading, 由X牵头 in its text); the
# detail clause is no topic of its own, and no single stage's sentence answers it.
_STAGE_ASK = re.compile(
    r"(?:几|哪几|多少)个?(?:步|阶段|步骤|环节|时段|批)|几步走|分步|各(?:个)?(?:阶段|步)|每一?(?:步|个?阶段)"
)
_WHEN_ASK = re.compile(r"什么时候|啥时候|何时|时间|几月|哪个月|时限|节点|起止|进度")
_WHO_ASK = re.compile(r"谁|哪个部门|哪个单位|哪家|牵头|负责|主抓")
_DATED = re.compile(
    r"\d{1,2}\s*月|\d{4}\s*年|[上下]半年|第?[一二三四1-4]季度|年[初中底末]|月[初中底]|[（(][^）)]*\d[^）)]*[）)]"
)
_LED_BY = re.compile(r"牵头|负责|由[\u4e00-\u9fff]{2,12}(?:组织|实施|推进|落实|开展)|责任单位|主责")
_STAGE_HEAD = re.compile(r"步骤|阶段|安排|进度|推进|实施|时间")


def stage_list(q: Query, docs: Sequence[Document]) -> list[Node]:
    """The stage list of the first of ``docs`` that has one carrying the detail the
    question asks of each stage (its time, its lead unit), [] when the question asks no
    such thing or no list carries it."""
    if not _STAGE_ASK.search(q.question):
        return []
    when = bool(_WHEN_ASK.search(q.question))
    who = bool(_WHO_ASK.search(q.question))
    if not (when or who):
        return []
    for doc in docs:
        best: tuple[int, int, Section] | None = None
        for sec in doc.sections():
            kids = sec.children
            if len(kids) < 2 or any(k.style == "row" for k in kids):
                continue
            # (the time in the stage's heading, or opening its text: （一）动员阶段。3月底前，…)
            dated = sum(
                bool(
                    _DATED.search(k.heading) or _DATED.search(doc.text[k.heading_end : k.end][:40])
                )
                for k in kids
            )
            led = sum(bool(_LED_BY.search(doc.text[k.start : k.end])) for k in kids)
            if when and dated < max(2, (len(kids) + 1) // 2):
                continue
            if who and led < max(2, (len(kids) + 1) // 2):
                continue
            key = (int(bool(_STAGE_HEAD.search(sec.heading))), dated + led)
            if best is None or key > best[:2]:
                best = (*key, sec)
        if best is not None:
            return [Node(doc, best[2], 1.0, 1.0)]
    return []


# --- the part on one theme in each document (X6) ---------------------------------------
# 每家的要点里写宣传思想的那块 / 三个局的材料中关于基层组织的部分各是哪块: a cross-section,
# the one section of every document in scope (a part, a sub-part, a speech's 第N， head)
# whose heading treats the theme, each document wording it its own way. Theme words are
# matched whole, by a two-character piece (纪律 of 作风纪律), or by a kin word of one of the
# genre's standing themes (the 全面从严治党 block: 廉洁, 纪律, 作风, 正风肃纪 …), never by the
# single characters they share.
# (each document: 各单位材料, 几家单位文件, 每份材料 — not 各单位 alone, which a plan's part
# may address: 要点里对各单位的要求那部分)
_ACROSS = re.compile(
    r"(?:各|每一?|所有|不同|几)(?:个|家|份)?(?:单位|部门)?的?(?:材料|文件|文档|稿子)|"
    r"(?:几|[两二三四五六七八九十])(?:家|份)|各家|每家|每份|各份"
)
# Themes of the genre whose headings are worded in many ways (a closed list of its standing
# blocks, not of any document): words of one line name one theme.
_THEME_KIN: tuple[tuple[str, ...], ...] = tuple(
    tuple(line.split())
    for line in (
        "从严治党 从严 廉洁 廉政 清廉 反腐 腐败 纪律 执纪 肃纪 正风 守纪 纪法 作风 四风 八项规定 自律 警示",
        "理论 学习 武装 思想 第一议题 读书",
        "组织建设 基层组织 支部 堡垒 党员队伍 发展党员",
        "融合 业务 中心工作 主业",
        "意识形态 宣传 舆论 阵地",
    )
)
# Words of the asking in such a question: the documents, the part, the heading, each.
_CROSS_FILLER = re.compile(
    r"(?:单位|部门|材料|文件|文档|各|各是|分别|各自|标题|题目|小标题|部分|那块|哪块|哪一块|板块|一块|"
    r"内容|写的|讲的|都|是什么|什么|哪|关于|有关|涉及|几家|几份|每份|所有|不同)+"
)
_CROSS_COMPARES = re.compile(r"区别|不同|不一样|对比|比较|异同|差异|差别|相比|一样吗|比一比|对照")
_CROSS_FLOOR = 0.7  # a heading holding the theme by a kin word at least


def _theme_kin(word: str) -> set[str]:
    return {k for line in _THEME_KIN if any(m in word for m in line) for k in line}


def _theme_hold(word: str, heading: str) -> float:
    """How a heading holds one theme word: whole (1), by a two-character piece of it (0.8),
    by a kin word of its theme (0.7); else 0."""
    if word in heading or word_held(word, heading) >= 0.8:
        return 1.0
    if len(word) >= 4 and any(word[i : i + 2] in heading for i in range(0, len(word) - 1, 2)):
        return 0.8
    if any(k in heading for k in _theme_kin(word)):
        return 0.7
    return 0.0


def cross_document_parts(
    ctx: AnswerContext, q: Query, ev: Evidence
) -> tuple[list[Node], list[Document]] | None:
    """The section on the question's theme in each document in scope, and the documents
    with none; None when the question is no such cross-section (no part pointed at, no
    "each document" word, one document named, no theme word)."""
    if not (_POINTS_AT_PART.search(q.question) and _ACROSS.search(q.question)):
        return None
    if _CROSS_COMPARES.search(q.question):
        return None  # how the parts differ: a comparison (rag.answer_compare)
    words = [
        w
        for w in content_words(q.topic)
        if not is_generic(w) and not _CROSS_FILLER.fullmatch(w) and not _NO_PART_WORD.fullmatch(w)
    ]
    if not words:
        return None
    docs = [d for d in scoped_docs(ev, q) if d.outline][:_MAX_DOCS_BROAD]
    if len(docs) < 2:
        return None
    found: list[Node] = []
    lacking: list[Document] = []
    for doc in docs:
        best: tuple[float, int, Section] | None = None
        for sec in doc.sections():
            if sec.style == "row":
                continue
            # (an item's theme is its head clause: 二是紧盯节假日…，开展作风督查 is no part on 作风)
            clause = HEAD_CLAUSE.match(sec.heading)
            head = normalized(clause.group() if clause else sec.heading)
            score = sum(_theme_hold(normalized(w), head) for w in words) / len(words)
            key = (score, -sec.level)
            if score >= _CROSS_FLOOR and (best is None or key > best[:2]):
                best = (score, -sec.level, sec)
        if best is None:
            lacking.append(doc)
        else:
            found.append(Node(doc, best[2], best[0], best[0]))
    if not found:
        return None
    return found, lacking


# --- each unit's items on one theme, of any shape (各单位在X方面都有哪些举措) -----------------
_ITEM_FLOOR = 0.5  # half the theme held (安全 of 安全生产 in ③开展安全隐患排查) at least


@dataclass(frozen=True)
class ThemeHold:
    """One document's answer to a theme asked of every document: its unit (a section whose
    head holds the theme, with its subtree), or else the sentences holding it."""

    doc: Document
    node: Node | None
    spans: tuple[tuple[int, int], ...] = ()


_SENTENCE_FLOOR = 0.6  # of the theme's weight a sentence holds, at least
_SENTENCES_CORE_MAX = 4  # sentences holding a theme's core quoted of one document, at most


def cross_document_items(
    ctx: AnswerContext, q: Query, ev: Evidence, named: Sequence[Document]
) -> tuple[list[ThemeHold], list[Document]] | None:
    """Every document's best unit on the question's theme — a heading, a run-in 一是 or
    一要 item, a circled item (``rag.theme_items``) — or, where no heading holds it, the
    sentences that do (严格X选拔配备… in a summary's item, 要推动X培训全覆盖 in a speech's
    part); and the documents with none. None when the question names an organisation or
    a document, asks no organisation or document each, or has no theme word, or fewer
    than two documents hold the theme."""
    if q.departments or named or q.cues.term or not asks_each_unit(q.question):
        return None
    raw = [w for w in theme_words(ev.words) if not is_generic(w) and not _NO_PART_WORD.fullmatch(w)]
    words = [normalized(w) for w in raw]
    if not words:
        return None
    weights = {normalized(w): ev.spec.get(w, 1.0) for w in raw}
    floor = _ITEM_FLOOR if len(words) > 1 else _CROSS_FLOOR
    # (a theme in the genre's frame — X队伍建设 — is about its core X: a heading on the
    # frame and another X, 支部建设 for 支部书记队伍建设, is no part on it; a sentence
    # holding the core whole is)
    core = theme_core(normalized(q.question), words)
    found: list[ThemeHold] = []
    lacking: list[Document] = []
    for doc in scoped_docs(ev, q):
        unit = theme_unit(doc, words, normalized, floor) if doc.outline else None
        clause = HEAD_CLAUSE.match(unit.section.heading) if unit is not None else None
        head = normalized(clause.group()) if clause else ""
        if unit is not None and unit.headed and (core is None or core_held(core, head)):
            found.append(ThemeHold(doc, Node(doc, unit.section, unit.score, unit.score)))
            continue
        if core is not None:
            held = [
                sp
                for sp in sentence_spans(doc.text)
                if core in normalized(doc.text[sp[0] : sp[1]])
                # (the title names the document; its body says what it does)
                and doc.text[sp[0] : sp[1]].strip() != doc.meta.title
            ][:_SENTENCES_CORE_MAX]
            if held:
                found.append(ThemeHold(doc, None, tuple(held)))
            else:
                lacking.append(doc)
            continue
        within = (unit.section.start, unit.section.end) if unit is not None else None
        spans = theme_sentences(doc, words, normalized, _SENTENCE_FLOOR, weights, within)
        if spans:
            found.append(ThemeHold(doc, None, tuple(spans)))
        elif unit is not None:
            found.append(ThemeHold(doc, Node(doc, unit.section, unit.score, unit.score)))
        else:
            lacking.append(doc)
    if len(found) < 2:
        return None
    return found, lacking
