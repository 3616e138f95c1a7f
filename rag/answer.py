"""The default answerer: evidence-driven, extractive, cited, no LLM.

For every question every answer shape is a candidate, scored on the evidence:

- **outline sections** (any level, or a whole document's outline) whose heading and body
  match the question's content, with their whole subtree, in the source's own numbering;
- **occurrences** of a phrase of the question the corpus holds verbatim (quoted, a
  dictionary term, or a long n-gram), all of them, grouped by department and document;
- **passages** (sentences of the best hybrid-retrieved chunks) that cover the question.

Scope (department, document, year, kind of document) shifts each candidate's score and is
never a filter: a document outside it wins only on much stronger evidence. Cue words of
the question (``rag.question.Cues``) shift scores too. A refusal (未在文档中找到…) comes
only from evidence: an unknown department or year, no candidate that covers the
question's content, or a question asking for a value (number, date, count) whose best
passages hold none; it names the question's content and lists the nearest passages.

The answer is data (``Answer.blocks``), rendered to Markdown by ``rag.render``. Every
citation is verbatim in its document (checked by ``CitationBook``).

This module is the planner (``answer_query``): it reads the question's evidence and picks
the shape. Its parts live beside it, each imported only downwards: ``rag.answer_evidence``
(context, weights, coverage, candidates, retrieval) ← ``rag.answer_blocks`` (rendering
blocks) ← ``rag.answer_refusal`` (refusal rules, asked values) ← ``rag.answer_outline``
(outline choice, lists, table rows) ← ``rag.answer_terms`` (term requests) ←
``rag.answer_compare`` (comparisons) ← this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.answer_actual import target_only
from rag.answer_blocks import (
    asked_fields,
    doc_info_blocks,
    field_spans,
    finish_answer,
    header_block,
    info_documents,
    item_blocks,
    outline_answer,
    outline_blocks,
    passage_blocks,
    speaker_blocks,
    with_department_names,
    with_fix_notes,
)
from rag.answer_compare import (
    COMPARES,
    EACH_SIDE,
    TWO_SIDES,
    compare_answer,
    compare_groups,
    compared_departments,
)
from rag.answer_define import defined_answer
from rag.answer_evidence import (
    AnswerContext,
    Evidence,
    Node,
    Sentence,
    W,
    Weights,
    coverage,
    department_spelling,
    gather_evidence,
    misspelt_department,
    node_candidates,
    normalized,
    phrase_candidates,
    rank_sentences,
    scoped_docs,
    sole_content,
    without_function_chars,
    without_guesses,
    word_in,
    word_specificity,
)
from rag.answer_hedge import guess_checked
from rag.answer_outline import (
    EVERY_UNIT,
    ThemeHold,
    cross_document_items,
    cross_document_parts,
    directed_outline,
    issuer_table,
    lead_in,
    named_by_one_word,
    named_docs,
    phrase_headings,
    pick_nodes,
    picked_table_rows,
    siblings_lift,
    stage_list,
    unit_outside_table,
    unit_rows,
    units_plan_nodes,
    whose_phrase,
    year_plan_nodes,
)
from rag.answer_refusal import (
    LOST_MAX,
    absent_action,
    absent_topic,
    absent_unit,
    content_label,
    holds_asked_value,
    lost_share,
    missing_words,
    position_beyond,
    refusal,
    speech_of_other_post,
    topic_terms,
    value_label,
    year_kind_mismatch,
)
from rag.answer_runs import named_run, run_nodes
from rag.answer_terms import (
    absent_compound,
    absent_quoted_term,
    inside_quote,
    requested_terms,
    term_variants,
    terms_answer,
    terse_term,
)
from rag.answer_unnamed import without_unknown_label
from rag.cadence import asked_period, cadence_conflict, contradicted, stated_cadences
from rag.cite import CitationBook
from rag.clipped_verbs import verb_forms
from rag.count_units import attendance_note
from rag.deadline import asks_deadline, sets_deadline
from rag.doc_number import asks_issuer, numbered_docs
from rag.framing import said_by_guess, speaker_span
from rag.hedge import Hedge, read_hedge
from rag.honour_premise import presupposed_honour, records_honour
from rag.inventory import answer_inventory
from rag.issued import without_issuing
from rag.kin_units import kin_units, publishers
from rag.label_lists import label_nodes
from rag.numbers import Ask, asked_value, holds_value
from rag.ordinal_beyond import (
    attachment_beyond,
    attachment_count,
    attachment_section,
    item_beyond,
    listed_attachment,
    named_item,
    part_marker_beyond,
)
from rag.outline import row_fields, section_path
from rag.outline_match import ordinal_references
from rag.page_fields import asked_counter, counter_label, has_counter
from rag.persons import unknown_person
from rag.positions import missing_position
from rag.premise import premise_checked
from rag.question import (
    ASKS_DOC_DATE,
    ISSUED_BY,
    Query,
    asking_word,
    asks_closing_plans,
    compares_by_each_only,
    content_words,
    department_mentions,
    guessed_units,
    is_list_word,
    organ_core,
    same_organ,
    understand,
    without_name,
)
from rag.recipients import addressed_in, recipient_note
from rag.relative_years import relative_year_missed
from rag.render import markdown
from rag.review_year import doc_reviewed_year, review_spans
from rag.script import to_simplified
from rag.table_twin import twin_spans
from rag.text import sentence_spans
from rag.types import Answer, AnswerBlock, Document
from rag.typo import Fix
from rag.value_match import counted_thing
from rag.withheld import identity_noun, names_given

__all__ = [
    "AnswerContext",
    "Weights",
    "answer_query",
    "coverage",
    "refusal",
    "respelt_department",
    "with_fix_notes",
]

# --- the planner --------------------------------------------------------------------------

_RESPONSIBLE = re.compile(r"负责|牵头|承担|分工|责任单位|主抓")


_UNIT_AT_LENGTH = 5  # characters of a unit's name (工委组织部) that name it without 负责


def _only_scope_words(ctx: AnswerContext, words: Sequence[str]) -> bool:
    """Every content word only asks for a list (任务, 工作安排) or is a word of collecting
    no text holds (汇总, 盘点: it says nothing about which part). A topic no text holds
    (车辆管理) is no scope word: the question asks for what the library lacks."""
    return all(
        is_list_word(w)
        or (
            _COLLECTING.fullmatch(w) is not None
            and max((word_in(w, t) for t in ctx.texts.values()), default=0.0) < 0.5
        )
        for w in words
    )


# Words asking to collect or lay out what is found (a closed class of the asking).
_COLLECTING = re.compile(
    r"(?:汇总|盘点|梳理|整理|归纳|罗列|列举|一览|清单|列表|概览|总览|大全|合集|摘要|概要|"
    r"提纲|目录|要览|全貌|总体|整体|大致|大体|主要|一下|下|统一|集中|展示|呈现|说明)+"
)


# A document kind named by its own noun (总结, 要点, 讲话): what the title or kind says.
_KIND_NOUNS = (("总结", ("总结",)), ("要点", ("要点",)), ("讲话", ("讲话", "发言")))


def _of_named_kind(q: Query, docs: Sequence[Document]) -> tuple[Document, ...]:
    """``docs`` of the one kind the question names by its noun; () when it names none or
    several, or no document in scope is of it."""
    named = [forms for noun, forms in _KIND_NOUNS if noun in q.rest]
    if len(named) != 1:
        return ()
    return tuple(d for d in docs if any(f in d.meta.title or f in d.meta.kind for f in named[0]))


def _in_named(ranked: list[Sentence], named: Sequence[Document]) -> list[Sentence]:
    """The passages of the documents the question names by their title or head (县委书记
    讲话里…), when one of them covers the question well enough; else all of them."""
    if not named or len(named) > 2:
        return ranked
    ids = {d.doc_id for d in named}
    inside = [s for s in ranked if s.doc_id in ids]
    ok = bool(inside) and inside[0].cover >= W.passage_floor
    return inside + [s for s in ranked if s.doc_id not in ids] if ok else ranked


def _of_named(doc: Document, q: Query) -> bool:
    """``doc`` is of a unit the question names, or the question names none."""
    return not q.departments or doc.meta.department in q.departments


# Words of the asking about a unit's work, no topic of a text: the time it is asked of
# (期间, 以来) and an event asked for by its verb (组织了什么活动, 开展了哪些工作).
_ASKED_TIME = re.compile(r"期间|以来|时期|时候|阶段|过程中?")
_ASKED_EVENT = re.compile(
    r"(组织|开展|举办|举行|搞)了?(?:些)?(?:什么|哪些|哪几项|啥|几项|几次)(?:样的)?(活动|工作|事情?)"
)


def _own_content(ctx: AnswerContext, q: Query, ev: Evidence) -> list[Document]:
    """The named unit's documents in scope, when between them (titles included: a news
    page's headline says its topic) they hold every content word of the question beyond
    the words of asking (做法, 期间, 组织了什么活动); [] when the question names no unit, or
    its words are asking words only, or the unit's texts lack one of them."""
    if not q.departments:
        return []
    own = [d for d in ev.docs if _of_named(d, q)]
    event = _ASKED_EVENT.search(q.question)
    asked = {normalized(g) for g in event.groups()} if event else set()
    words = [
        w
        for w in content_words(q.topic)
        if not (
            asking_word(w)
            or is_list_word(w)
            or _ASKED_TIME.fullmatch(w)
            or w in asked
            or re.search(r"多少|几|哪|什么|啥|怎", w)
        )
    ]
    if not own or not words:
        return []
    held = "".join(normalized(d.meta.title) + ctx.texts[d.doc_id] for d in own)
    return own if all(w in held for w in words) else []


_DEADLINE_POOL = 30  # ranked sentences searched for the one that sets a deadline


def _joint_values(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    ask: Ask,
    ranked: Sequence[Sentence],
    alone: Sequence[Sentence],
) -> list[Sentence]:
    """Values asked together (供水量和营业收入分别是多少) that two sentences of one document
    hold between them: each holds a value of the asked kind, the two together cover the
    question as a passage must and more of it than the best sentence ``alone`` (the best
    such pair); [] when none do."""
    if not _SEVERAL.search(q.question):
        return []
    held = [
        s
        for s in ranked[:8]
        if s.cover > 0 and holds_asked_value(ctx.documents[s.doc_id], s.start, s.end, ask, q)
    ]
    # (the year is year_fits's to check: here the things whose values are asked)
    things = [w for w in ev.words if not re.fullmatch(r"\d{4}年", w)]
    best: tuple[float, Sentence, Sentence] | None = None
    for i, a in enumerate(held):
        for b in held[i + 1 :]:
            if b.doc_id != a.doc_id:
                continue
            text = ctx.documents[a.doc_id].text
            joint = coverage(things, normalized(text[a.start : a.end] + text[b.start : b.end]))
            if joint >= W.passage_floor and (best is None or joint > best[0]):
                best = (joint, a, b)
    if best is None:
        return []
    if alone:
        a = alone[0]
        text = ctx.documents[a.doc_id].text
        if coverage(things, normalized(text[a.start : a.end])) >= best[0]:
            return []
    return sorted(best[1:], key=lambda s: s.start)


# Values asked together: X和Y分别, X、Y各是多少.
_SEVERAL = re.compile(r"分别|各是|各为|各有|各多少|以及|[和及与、].{1,8}(?:多少|几)")


def _deadlines_first(
    ctx: AnswerContext, q: Query, ask: Ask, ranked: Sequence[Sentence]
) -> list[Sentence]:
    """For a question asking when something is due (何时前交、交到哪): the ranked
    sentences that set a time limit (…于4月20日前报送…), best first — not the line that
    dates the document (…印发); [] for any other question or when none does."""
    if ask.kind != "date" or not asks_deadline(q.question):
        return []
    return [
        s
        for s in ranked[:_DEADLINE_POOL]
        # (the question's own words of asking — 什么时候, 之前 — and its naming words hold
        # down a deadline sentence's cover: the lower floor)
        if s.cover >= W.passage_min and sets_deadline(ctx.documents[s.doc_id].text[s.start : s.end])
    ]


def _counted_verbatim(
    ctx: AnswerContext, q: Query, ask: Ask, ranked: Sequence[Sentence]
) -> list[Sentence]:
    """Passages under the cover floor that count the asked thing by its very name (三是发展
    党员3名 for 发展了多少名党员, short beside the question's other words): a count of it,
    of the named department, is the answer however little else of the question it holds."""
    noun = counted_thing(q.question) if ask.kind == "count" else ""
    if len(noun) < 2:
        return []
    return [
        s
        for s in ranked
        if s.cover >= W.passage_min
        and noun in ctx.documents[s.doc_id].text[s.start : s.end]
        and holds_asked_value(ctx.documents[s.doc_id], s.start, s.end, ask, q)
        and _of_named(ctx.documents[s.doc_id], q)
    ]


def _topic_held_first(
    ctx: AnswerContext, q: Query, ev: Evidence, ranked: list[Sentence]
) -> list[Sentence]:
    """``ranked``, or, when the best passage lacks one of two or more topic terms of the
    question (``topic_terms``: 防汛 of 防汛中党员发挥什么作用) and passages near the top hold
    them all, those passages: the act and kind words (发挥, 作用) matched elsewhere are no
    answer to the topic."""
    terms = topic_terms(q, ev)
    if len(terms) < 2 or not ranked:
        return ranked

    def holds(s: Sentence) -> bool:
        # (with the headings it stands under: an item of 一、防范网页攻击 holds 网页攻击 — a
        # heading alone is no better answer than its item)
        doc = ctx.documents[s.doc_id]
        heads = "".join(sec.heading for sec in section_path(doc.outline, s.start, s.end))
        text = ctx.span_norm(doc, s.start, s.end) + normalized(heads)
        return all(t in text for t in terms)

    if holds(ranked[0]):
        return ranked
    held = [s for s in ranked[:_TOPIC_REACH] if s.cover >= W.passage_min and holds(s)]
    return held or ranked


# How far down the ranked passages one holding every topic term is looked for.
_TOPIC_REACH = 8


# Words naming an occasion or a document, no topic (警示教育会议: a 总结 saying 警示教育4次
# answers it, though only a speech's title says 会议).
_OCCASION_WORD = re.compile(
    r"(?:会议|大会|活动|工作|总结|要点|讲话|通知|方案|计划|报告|材料|文件|年度|全年)+"
)


def _off_topic_docs(ctx: AnswerContext, q: Query, ev: Evidence) -> set[str]:
    """The documents lacking a topic term of a value question (``topic_terms``: 读书月 of
    读书月活动投入经费多少) that another document in scope holds: that other document is
    what the question is about, and a figure of theirs (全年投入党建工作经费45万元) is one of
    another thing. A term no document holds decides nothing (a paraphrase)."""
    terms = [t for t in topic_terms(q, ev) if not _OCCASION_WORD.fullmatch(t)]
    docs = scoped_docs(ev, q)
    # (a document holds what its text, title, unit or kind says: 总结 of 某局的总结里)
    whole = {
        d.doc_id: normalized(f"{d.meta.title} {d.meta.department} {d.meta.kind}")
        + ctx.texts[d.doc_id]
        for d in docs
    }
    held = [t for t in terms if any(t in w for w in whole.values())]
    return {i for i, w in whole.items() if any(t not in w for t in held)}


def _choose_passages(ranked: Sequence[Sentence]) -> list[Sentence]:
    best = ranked[0]
    chosen = [best]
    for s in ranked[1:]:
        if len(chosen) >= 3 or s.score < 0.8 * best.score:
            break
        if s.doc_id != best.doc_id and s.score < 0.95 * best.score:
            continue
        chosen.append(s)
    return chosen


def answer_query(ctx: AnswerContext, q: Query) -> Answer:
    """The extractive answer: gather every shape's candidates, choose on the evidence;
    a question asking which ones or who of a set the cited text only counts is refused;
    a question asking who said it or at which meeting also gets the speech's speaker line;
    a figure the question states that the quoted text contradicts is corrected first.
    A question wrapped in a guess (``rag.hedge``) or naming its document by the act of
    issuing it (``rag.issued``) is answered as the plain question it wraps, the guess
    then confirmed or corrected (``rag.answer_hedge``)."""
    plain = _plain_reading(ctx, q)
    if plain is None:
        return _answer_read(ctx, q)
    hedge, read = plain
    ans = _answer_read(ctx, read)
    if hedge is not None:
        ans = guess_checked(ctx.documents, hedge, ans)
    return replace(ans, question=q.question)


def _plain_reading(ctx: AnswerContext, q: Query) -> tuple[Hedge | None, Query] | None:
    """The plain question a hedged or issuing-named one wraps, read against the library
    (with the original's filter and follow-up scope), and the hedge read; None when the
    question is plain already."""
    text = without_issuing(q.question)
    hedge = read_hedge(text)
    if hedge is not None:
        text = hedge.plain
    if text == q.question or not text.strip():
        return None
    docs = list(ctx.documents.values())
    read = understand(text, [d.meta for d in docs], {d.doc_id: d.text for d in docs})
    read = replace(
        read,
        doc_ids=q.doc_ids,
        followup=q.followup,
        scope_docs=q.scope_docs,
        hint_docs=read.hint_docs or q.hint_docs,
    )
    return hedge, read


def _answer_read(ctx: AnswerContext, q: Query) -> Answer:
    ans = _relative_year_checked(ctx, q, _answer_guessed(ctx, q))
    ans = (
        _withheld_names(ctx, q, ans)
        or _cadence_contradicted(ctx, q, ans)
        or _with_guess_note(ctx, q, _with_speaker(ctx, q, ans))
    )
    ans = premise_checked(ctx.documents, q, ans)
    return without_unknown_label(
        with_department_names(ans, ctx.documents, q.question), ctx.documents
    )


def _relative_year_checked(ctx: AnswerContext, q: Query, ans: Answer) -> Answer:
    """``ans``, or a refusal when ``q`` names an organisation and a relative year (去年,
    上年度, 明年) that none of its documents is of or names (``rag.relative_years``),
    however the question ends (罗列下): another year's plan is no answer. The planner's
    own refusals (of a topic no text holds) stand as they are."""
    if not ans.found or not q.departments:
        return ans
    own = [
        d
        for i in q.doc_ids
        if (d := ctx.documents.get(i)) is not None and d.meta.department in q.departments
    ]
    missed = relative_year_missed(q, own)
    return ans if missed is None else refusal(ctx, q, missed[0], missed[1])


def _units_named(ctx: AnswerContext, guesses: Sequence[str]) -> tuple[set[str], bool]:
    """The library's departments the guessed names name (the organ's other departments
    too), told apart among all of them (南湖市统计局 is not 南湖市档案局), and whether any
    guess names one."""
    names = tuple(dict.fromkeys(d.meta.department for d in ctx.documents.values()))
    named = {m.department for g in guesses for m in department_mentions(g, names)}
    return set(same_organ(tuple(named), names)), bool(named)


def _answer_guessed(ctx: AnswerContext, q: Query) -> Answer:
    """The answer on the whole library; for a yes/no question guessing the unit
    (是不是统计局提出了X, 统计局有没有X) whose answer cites other units' documents, the
    answer asked of the guessed unit instead when its cited text holds the question's
    content as well (统计局有没有2024年的工作要点: its own 要点, not another's beside it)
    — so the guess is checked on the evidence both ways, never taken as the scope."""
    wide = _answer_query(ctx, q)
    spans = guessed_units(q.question, [d.meta.department for d in ctx.documents.values()])
    if not spans or q.departments or wide.kind == "compare":
        return wide
    units, _ = _units_named(ctx, [q.question[a:b] for a, b in spans])
    if not units or (wide.citations and all(c.department in units for c in wide.citations)):
        return wide
    own = _answer_query(ctx, replace(q, departments=tuple(sorted(units))))
    if not own.found or not own.citations or own.kind == "compare":
        return wide
    if any(c.department not in units for c in own.citations):
        return wide
    words = content_words(q.topic)
    spec = word_specificity(ctx, words)

    def held(a: Answer) -> float:
        return coverage(words, normalized("".join(c.text for c in a.citations)), spec)

    return own if not wide.found or held(own) >= held(wide) else wide


def _with_guess_note(ctx: AnswerContext, q: Query, ans: Answer) -> Answer:
    """A yes/no question guessing the organisation (是民政局吗, 是不是统计局提出了X): a first
    note saying whether the guess is right and whose the cited text is — the organisations
    are told apart among all of the library's (南湖市统计局 is not 南湖市档案局), and where
    the guessed one is among several, how many documents are its and how many in all."""
    spans = guessed_units(q.question, [d.meta.department for d in ctx.documents.values()])
    if not spans or not ans.found or not ans.citations or ans.kind == "compare":
        return ans
    guesses = list(dict.fromkeys(q.question[a:b] for a, b in spans))
    guessed, named = _units_named(ctx, guesses)
    cited = list(dict.fromkeys(c.department for c in ans.citations))
    docs = list(dict.fromkeys(c.doc for c in ans.citations))
    right = [d for d in cited if d in guessed]
    others = [d for d in cited if d not in guessed]

    def listed(depts: Sequence[str]) -> str:
        return "、".join(depts[:3]) + ("等" if len(depts) > 3 else "")

    if right:
        said = f"是{listed(right)}"
        if others:
            theirs = [c.doc for c in ans.citations if c.department in guessed]
            said += (
                f"：{listed(right)}有 {len(set(theirs))} 份文档提到，全部文档中共 {len(docs)} 份"
                f"（另见{listed(others)}）"
            )
    else:
        absent = "" if named else f"（文档库中没有{'、'.join(guesses)}的文档）"
        said = f"不是{'、'.join(guesses)}{absent}，原文出自{listed(cited)}"
    blocks = (AnswerBlock("note", said), *ans.blocks)
    return replace(ans, answer=markdown(blocks), blocks=blocks)


def _withheld_names(ctx: AnswerContext, q: Query, ans: Answer) -> Answer | None:
    """A refusal when ``q`` asks the members of a set (8名教师都是谁, 成员都有谁) and no
    cited passage names them (``rag.withheld``): the count is not the list."""
    noun = identity_noun(q.question)
    if not noun or not ans.found or not ans.citations:
        return None
    run = named_run(q.question)
    items = [b for b in ans.blocks if b.kind == "item"]
    if run and len(items) == run.count and all(run.word in b.text[:6] for b in items):
        return None  # the run of items the question names by their shared word
    if any(names_given(noun, c.text) for c in ans.citations):
        return None
    scope = list(dict.fromkeys(c.doc for c in ans.citations))
    return refusal(ctx, q, f"“{noun}”的具体名单或名称（原文只给出数量或未列出）", scope)


def _cadence_contradicted(ctx: AnswerContext, q: Query, ans: Answer) -> Answer | None:
    """A refusal when ``q`` states a cadence (每月怎么安排) that no cited passage states
    while they state another (每季度开展一次), and no sentence of the cited documents
    states the asked one on the question's topic: the text contradicts the question."""
    if not ans.found or not ans.citations or ans.kind == "compare":
        return None
    stated = contradicted(q.question, [c.text for c in ans.citations])
    if not stated:
        return None
    asked = asked_period(q.question)
    words = [
        w for w in content_words(q.topic) if not stated_cadences(w) and asked_period(w) is None
    ]
    total = sum(len(w) for w in words)
    scope = list(dict.fromkeys(c.doc for c in ans.citations))
    for doc_id in scope:
        text = ctx.documents[doc_id].text
        for a, b in sentence_spans(text):
            sentence = text[a:b]
            if (
                asked in stated_cadences(sentence)
                and total
                and (sum(len(w) for w in words if w in sentence) >= total / 2)
            ):
                return None  # the text states the asked cadence too: not contradicted
    said = "、".join(f"每{p}" for p in sorted(stated))
    return refusal(ctx, q, f"“每{asked}”的安排（原文为“{said}”）", scope)


# Who said it, at which meeting (谁提出的, 哪个领导说的, 在啥会上): a speech's speaker line and
# title (its occasion: 在…会议上的讲话) answer that beside the passage.
_ASKS_SPEAKER = re.compile(
    r"谁|哪位|哪个领导|哪位领导|什么场合|啥场合|哪次会|什么会|啥会|哪个会|讲话人|在.{0,4}会上"
)


def _with_speaker(ctx: AnswerContext, q: Query, answer: Answer) -> Answer:
    """``answer`` with the speaker line of the speech (one or two) its passages are from,
    when the question asks who spoke or where, and no block quotes that line yet."""
    if not answer.found or answer.kind == "compare" or not _ASKS_SPEAKER.search(q.question):
        return answer
    cited = list(dict.fromkeys(c.doc for c in answer.citations))
    docs = [ctx.documents[d] for d in cited if d in ctx.documents]
    speeches = [
        (d, span)
        for d in docs
        if d.meta.kind == "讲话" and (span := speaker_span(d.text)) is not None
    ]
    if not speeches or len(speeches) > 2:
        return answer
    book = CitationBook(ctx.documents)
    for c in answer.citations:  # the same numbers, in the same order
        book.cite(c.doc, c.start, c.end)
    blocks = list(answer.blocks)
    added = False
    for doc, (a, b) in speeches:
        line = doc.text[a:b].strip()
        if any(line in blk.text for blk in blocks if blk.doc == doc.doc_id and blk.citations):
            continue
        blocks += [blk for blk in speaker_blocks(book, [doc]) if blk not in blocks]
        added = True
    if not added:
        return answer
    return replace(answer, answer=markdown(blocks), citations=book.citations, blocks=tuple(blocks))


def _speakers_said(ctx: AnswerContext) -> str:
    """The people the library's speeches are by (their speaker lines), for a refusal."""
    lines = [
        d.text[span[0] : span[1]].strip()
        for d in ctx.documents.values()
        if d.meta.kind == "讲话" and (span := speaker_span(d.text)) is not None
    ]
    lines = [re.sub(r"\s+", " ", ln) for ln in dict.fromkeys(lines)][:4]
    return f"文档中的讲话人：{'；'.join(lines)}" if lines else "文档中没有此人的讲话或表述"


def respelt_department(ctx: AnswerContext, q: Query) -> tuple[Query, Fix | None]:
    """``q`` with a department name typed one character off (税物局 for 税务局) read as the
    department meant — its scope, no content word to find — and the respelling the answer
    says it made (None: nothing respelt, or the name kept as typed)."""
    if not q.unknown_department or q.departments:
        return q, None
    typo = misspelt_department(ctx, q.unknown_department)
    if typo is None:
        return q, None
    all_depts = sorted({d.meta.department for d in ctx.documents.values()})
    typed = q.unknown_department
    meant = department_spelling(typed, typo)
    if meant:
        # (岭南水力局和X集团党委…: the question read again as spelt right names the other
        # units it compares with too — the first reading dropped them with the unknown name)
        docs = list(ctx.documents.values())
        read = understand(
            q.question.replace(typed, meant),
            [d.meta for d in docs],
            {d.doc_id: d.text for d in docs},
        )
        if (
            read.unknown_department is None
            and typo in read.departments
            and {organ_core(d) for d in read.departments} != {organ_core(typo)}
        ):
            kept = replace(
                read,
                doc_ids=q.doc_ids,
                followup=q.followup,
                scope_docs=q.scope_docs,
                hint_docs=read.hint_docs or q.hint_docs,
            )
            return kept, Fix(typed, meant)
    q = without_name(q, typed)
    q = replace(q, departments=same_organ((typo,), all_depts), unknown_department=None)
    if not meant:
        return q, None
    return replace(q, question=q.question.replace(typed, meant)), Fix(typed, meant)


def _honour_unrecorded(ctx: AnswerContext, q: Query) -> Answer | None:
    """A refusal when ``q`` takes an honour for granted (X荣获市级巾帼文明岗，靠哪些做法) that
    no document of the organisation it names (of any, when it names none) records; the
    related passages are that organisation's own (``rag.honour_premise``)."""
    honour = presupposed_honour(q.question)
    if honour is None:
        return None
    docs = [d for d in ctx.documents.values() if d.doc_id in q.doc_ids and _of_named(d, q)]
    if not docs or records_honour(honour, (ctx.texts[d.doc_id] for d in docs)):
        return None
    whose = "、".join(dict.fromkeys(d.meta.department for d in docs)) if q.departments else ""
    said = f"{whose}“{honour.verb}{honour.what}”的记载"
    note = f"（{whose or '文档库'}的文档未提到这一荣誉）"
    return refusal(ctx, q, said + note, [d.doc_id for d in docs])


def _page_field_lacking(
    ctx: AnswerContext, q: Query, top: Sequence[Document], fields: Sequence[str]
) -> Answer | None:
    """The refusal of a news page's field the page does not print: its counter (浏览量,
    点击数) asked of the document the question points at — pointing at none, of every
    document in the library — named by the question's word; its 来源 asked by that word of a
    page with no 来源 or 供稿 line. None when the field is there, or the question's counter
    word stands in the text (全年访问量：12万人次 is a sentence of the body, asked as a value)."""
    word = asked_counter(q.question) if "浏览量" in fields else None
    if word is not None:
        docs = list(top[:1]) or list(ctx.documents.values())
        if any(
            field_spans(d, ("浏览量",))
            or has_counter(d.meta.page_info)
            or word in ctx.texts[d.doc_id]
            for d in docs
        ):
            return None
        what = f"《{docs[0].meta.title}》的{word}" if top else word
        return refusal(ctx, q, f"{what}（页面未写明{word}）", [d.doc_id for d in docs[:1]])
    if (
        "来源" in fields
        and top
        and top[0].meta.kind == "新闻报道"
        and _SOURCE_WORD.search(q.question)
        and not field_spans(top[0], ("来源",))
    ):
        doc = top[0]
        return refusal(ctx, q, f"《{doc.meta.title}》的来源（页面未写明来源）", [doc.doc_id])
    return None


def _counter_read_as(q: Query, blocks: list[AnswerBlock]) -> list[AnswerBlock]:
    """``blocks`` with a first note when the page prints its counter under another word
    than the question asks it by (按页面上的“点击数”回答（问题中写作“阅读量”）)."""
    word = asked_counter(q.question)
    printed = next(
        (label for b in blocks if b.citations and (label := counter_label(b.text))), None
    )
    if word is None or printed is None or printed == word:
        return blocks
    return [AnswerBlock("note", f"按页面上的“{printed}”回答（问题中写作“{word}”）"), *blocks]


# A question asking a page's 来源 by that word (来源是哪里, 稿源).
_SOURCE_WORD = re.compile(r"来源|稿源")


def _named_by_head(
    ctx: AnswerContext, q: Query, ev: Evidence, top: list[Document]
) -> list[Document]:
    """The document a question on a document's own facts names by the words of its head
    (a speech by its speaker's name, by its subtitle's meeting), though another's title
    has the kind word: the one document whose head alone holds all the question's words,
    else of the pointed-at documents (prior above 0.5) the one whose head holds most of
    them, when ``top``'s holds fewer; ``top`` otherwise."""
    held = [(sum(w in ctx.heads[d.doc_id] for w in ev.words), d) for d in scoped_docs(ev, q)]
    only = [d for n, d in held if ev.words and n == len(ev.words)]
    if len(only) == 1:
        return only
    most = max((n for n, d in held if ev.priors[d.doc_id] > 0.5), default=0)
    if top and next((n for n, d in held if d is top[0]), 0) >= most:
        return top
    if most:
        return [next(d for n, d in held if n == most and ev.priors[d.doc_id] > 0.5)]
    return top


def _kin_said(ctx: AnswerContext, name: str) -> str:
    """；文档库中有 <a unit of ``name``'s family>的《title》 (``rag.kin_units``: a sibling, the
    child of a parent named, the page a site named published), or nothing."""
    docs = sorted(ctx.documents.values(), key=lambda d: d.doc_id)
    published = [d.meta.department for d in docs if any(name in p for p in publishers(d.text))]
    kin = kin_units(name, sorted({d.meta.department for d in docs}), published)
    shown = []
    for dept in kin[:2]:
        doc = next(d for d in docs if d.meta.department == dept)
        shown.append(f"{dept}的《{doc.meta.title}》")
    return f"；文档库中有{'、'.join(shown)}" if shown else ""


def _with_table_twins(ctx: AnswerContext, q: Query, chosen: list[Sentence]) -> list[Sentence]:
    """``chosen`` with, for a quoted term both a body sentence and a task-table row of the
    same document state, the one of the two not chosen (``rag.table_twin``)."""
    terms = [normalized(t) for t in q.quoted]
    out = list(chosen)
    for doc_id in dict.fromkeys(s.doc_id for s in chosen):
        mine = [(s.start, s.end) for s in chosen if s.doc_id == doc_id]
        score = min(s.score for s in chosen if s.doc_id == doc_id)
        cover = min(s.cover for s in chosen if s.doc_id == doc_id)
        for a, b in twin_spans(ctx.documents[doc_id].text, mine, terms):
            out.append(Sentence(doc_id, a, b, score, cover))
    return out


def _listed_beyond(q: Query, docs: Sequence[Document]) -> tuple[str, list[str]] | None:
    """An attachment (附件3) or an item under a heading the question names (组织生活的第三项)
    past the last one the document numbers (``rag.ordinal_beyond``): what the refusal
    names and the document to show."""
    # (judged on the documents that number attachments: one of them having it answers)
    judged = [d for d in docs[:3] if attachment_count(d.text)]
    said = [attachment_beyond(q.question, d) for d in judged]
    if said and all(s is not None for s in said):
        return str(said[0]), [judged[0].doc_id]
    # (a part by its marker, 五、: every document pointed at lacks it)
    marked = [part_marker_beyond(q.question, d) for d in docs[:3]]
    if marked and all(m is not None for m in marked):
        return str(marked[0]), [docs[0].doc_id]
    item = item_beyond(q.question, docs[:3])
    return (item[0], [item[1]]) if item is not None else None


def _position_answer(
    ctx: AnswerContext, q: Query, book: CitationBook, docs: Sequence[Document]
) -> Answer | None:
    """A position that exists, asked by its number (``rag.ordinal_beyond``): an attachment
    the document heads (附件2的内容: its section) or only lists (附件：1.… 3.…: its line),
    or an item under a heading the question names (强化政治引领的第三项: that item, not the
    third part). None for a value asked of it (附件1哪天前报送: a passage's, below)."""
    if not docs or asked_value(q.question) is not None:
        return None
    doc = docs[0]
    sec = attachment_section(q.question, doc)
    if sec is not None:
        return outline_answer(book, [Node(doc, sec, 1.0, 1.0)], q)
    span = listed_attachment(q.question, doc)
    if span is not None:
        line = Sentence(doc.doc_id, span[0], span[1], 1.0, 1.0)
        return finish_answer(q, "fact", True, passage_blocks(book, ctx, q, [line], False), book)
    item = named_item(q.question, docs[:3])
    return None if item is None else outline_answer(book, [Node(item[0], item[1], 1.0, 1.0)], q)


def _answer_query(ctx: AnswerContext, q: Query, *, side: bool = False) -> Answer:
    """``side``: ``q`` is one side of a comparison, answered as a one-document question."""
    all_depts = sorted({d.meta.department for d in ctx.documents.values()})
    # 税物局 for 税务局: the department meant, not a refusal (the answer says so)
    q, fix = respelt_department(ctx, q)
    if fix is not None:
        return with_fix_notes(_answer_query(ctx, q, side=side), [fix])
    if q.unknown_department and not q.departments and q.cues.compare:
        # A comparison of a department with an organisation no document is of: both sides.
        sides, unknown = compared_departments(ctx, q)
        if sides and len(sides) + len(unknown) >= 2:
            q = replace(q, departments=tuple(sides))
    if q.unknown_department and not q.departments:
        # (a name only address lines hold: the refusal says where it stands)
        lines = addressed_in(
            q.unknown_department, [(d.meta.title, d.text) for d in ctx.documents.values()]
        )
        return refusal(
            ctx,
            q,
            f"“{q.unknown_department}”的文档{_kin_said(ctx, q.unknown_department)}"
            f"（文档库中的单位：{'、'.join(all_depts)}）" + recipient_note(lines),
        )
    # 0. a question about the library itself (库里都有哪些单位的材料): its documents.
    inventory = None if side else answer_inventory(ctx, q)
    if inventory is not None:
        return inventory
    unproven = None if side else _honour_unrecorded(ctx, q)
    if unproven is not None:
        return unproven
    person = unknown_person(to_simplified(q.question), ctx.spelt_text)
    if person:
        # 副局长赵某某讲了什么 where no text names 赵某某: the speech of the 局长 is not his
        return refusal(ctx, q, f"“{person}”的讲话或表述（{_speakers_said(ctx)}）")
    ev = gather_evidence(ctx, q)
    if not ev.docs:
        return refusal(ctx, q, "符合条件的文档")
    ev = without_guesses(q, ev)
    book = CitationBook(ctx.documents)
    cues = q.cues
    phrases = phrase_candidates(ctx, q)
    total = sum(ev.spec.get(w, 0.0) * len(w) for w in ev.words) or 1.0

    def share(phrase: str) -> float:
        p = normalized(phrase)
        return sum(ev.spec.get(w, 0.0) * len(w) for w in ev.words if w in p or p in w) / total

    if q.unknown_year is not None and not (phrases and cues.term):
        return refusal(ctx, q, f"{q.unknown_year}年的相关文档或内容")
    named = named_docs(ctx, q, ev)
    missed = year_kind_mismatch(q, named)
    if missed is not None:
        return refusal(ctx, q, missed, [d.doc_id for d in named])
    # (A yes/no question guessing the speaker — 是纪委书记讲的吧 — is answered with the
    # speaker line below, not refused.)
    other = (
        None if said_by_guess(q.question) else speech_of_other_post(q, scoped_docs(ev, q), ev.docs)
    )
    if other is not None:
        return refusal(ctx, q, other[0], other[1])
    in_scope = [d for d in ev.docs if q.departments and d.meta.department in q.departments]
    pointed = list(dict.fromkeys([*named, *named_by_one_word(ctx, q, ev), *in_scope]))
    # (the documents of the kind the question names — 要点 of a unit with a 公约 too — are
    # the ones whose parts it counts)
    counted = _of_named_kind(q, pointed) or pointed
    beyond = position_beyond(q, counted) or _listed_beyond(q, counted or scoped_docs(ev, q)[:3])
    if beyond is not None:
        return refusal(ctx, q, beyond[0], beyond[1])
    at = None if cues.compare else _position_answer(ctx, q, book, counted or scoped_docs(ev, q)[:3])
    if at is not None:
        return at
    # A term search on a quoted phrase no text holds (“X”在哪些文件里提到过): its near
    # occurrences or a refusal naming it, never a passage sharing a word of it.
    # (a compound the texts lack whose leading part they hold — 党建+X beside 党建+业务: the
    # leading part's occurrences are another term's)
    compound = None if side else absent_compound(ctx, q, ev)
    if compound is not None:
        return compound
    unquoted = None if side else absent_quoted_term(ctx, q, ev, book)
    if unquoted is not None:
        return unquoted
    # A stage list of a named document asked with each stage's time or lead unit (分几步走，
    # 各阶段时间节点): the detail clause's words (阶段, 节点, 谁) are no topic to refuse on,
    # no comparison (各阶段) and no unit to look up; the list whose items carry it.
    stages = [] if cues.compare else stage_list(q, pointed[:1])
    if stages:
        return outline_answer(book, stages, q)
    # A quoted label whose items its document sets out after it (“六个一”具体指什么): them.
    labelled = [] if cues.compare else label_nodes(q, ev)
    if labelled:
        return outline_answer(book, labelled, q)
    # A list named by its items' shared word (那“三个怕”是哪三个): that run of items, though
    # no passage holds the name.
    shared = [] if cues.compare else run_nodes(q, ev)
    if shared:
        return outline_answer(book, shared, q)
    absent = absent_topic(ctx, q, ev) or absent_action(ctx, q, ev) or absent_unit(ctx, q, ev)
    if absent is not None:
        return refusal(ctx, q, absent, [d.doc_id for d in scoped_docs(ev, q)])
    # What a named thing is, or whose (X是什么, “X”是哪家单位的品牌), or a unit's brand: the
    # sentence defining it, wherever it stands (often the preamble's).
    defined = None if side or cues.compare or cues.list else defined_answer(ctx, q, ev, book)
    if defined is not None:
        return defined

    # 0. the part on one theme in each document (每家的要点里写宣传思想的那块): one block
    # per document, those with no such part named in a note.
    cross = None if side else cross_document_parts(ctx, q, ev)
    if cross is not None:
        found, lacking = cross
        across = outline_answer(book, found, q)
        if lacking:
            names = "、".join(f"《{d.meta.title}》" for d in lacking)
            note = AnswerBlock("note", f"{names}未见专门部分。")
            shown = [*across.blocks, note]
            across = replace(across, blocks=tuple(shown), answer=markdown(shown))
        return across
    # 0b. each unit's items on a theme (各单位在X方面都有哪些举措), whatever their shape: one
    # block per document holding it.
    spread = None if side else cross_document_items(ctx, q, ev, named)
    if spread is not None:
        return _theme_answer(book, spread[0], q)

    # 0c. several units' plans for a year, each its own (几个部门分别怎么安排的，按部门列出
    # 来): every unit's plan holding the topic, grouped by unit — no comparison of sides
    # the question never names, no count of the units.
    several = [] if side or asked_value(q.question) is not None else units_plan_nodes(ctx, q, ev)
    if several:
        return outline_answer(book, several, q)

    # 1. comparisons: one block per department or document named (also for a question
    # asking two documents alike: 两家单位的要点里…各准备干点啥).
    if not side and (cues.compare or TWO_SIDES.search(q.question) or EACH_SIDE.search(q.question)):
        groups = compare_groups(ctx, q, ev)
        # (one organ's departments — X局 and X局机关党委, both in scope when X局 is named —
        # are no two sides unless the question compares: 分别 of one organ asks each item)
        one_organ = len({organ_core(g) for g, _ in groups}) == 1
        if len(groups) >= 2 and not (one_organ and not COMPARES.search(q.question)):
            return compare_answer(ctx, q, ev, groups, _answer_side)
        if cues.compare and compares_by_each_only(q.question):
            # one side only: 分别/各自 asks for each item of a list
            cues = replace(cues, compare=0.0)
            q = replace(q, cues=cues)

    # 1c. a request for every passage or the original wording (原文, 原句, 出处, 都在哪,
    # all) of a phrase the corpus holds verbatim: its occurrences, before any list path,
    # whatever list words (列出来, 所有, 内容) the request also has.
    if (cues.term or terse_term(ctx, q, phrases)) and asked_value(q.question) is None:
        early = requested_terms(ctx, q, ev, phrases, share, book)
        if early is not None:
            return early

    # 1a. rows of a schedule table the question picks by month or by a column's value.
    if asked_value(q.question) is None:
        picked = picked_table_rows(ctx, q, ev)
        if picked:
            blocks = []
            for doc, secs in picked:
                columns = "、".join(n for n, _ in row_fields(doc.text, secs[0]) if n)
                head = f"表中符合所问条件的 {len(secs)} 行" + (
                    f"（列：{columns}）" if columns else ""
                )
                blocks.append(header_block(doc, head + "："))
                blocks.extend(item_blocks(book, doc, secs))
            return finish_answer(q, "tasks", True, blocks, book)

    # 1a. task-table rows whose 责任单位 names a unit the question names (X负责哪几项).
    # (A list question naming a unit at length — 工委组织部 任务 — asks the same.)
    # (By when — 啥时候完成, 截止时间 — is the rows' 时限 column, whatever its form: 全年,
    # 3月起, 每季度; a unit no row and no text of the table's document names is refused.)
    responsible = bool(_RESPONSIBLE.search(q.question))
    when = asked_value(q.question)
    if (when is None or (responsible and when.kind == "date")) and (
        responsible or (cues.list and not cues.who)
    ):
        rows = (
            unit_rows(ctx, q, ev)
            if responsible
            else unit_rows(ctx, q, ev, _UNIT_AT_LENGTH, scoped=True)
        )
        if rows:
            blocks = []
            for doc, secs in rows:
                blocks.append(header_block(doc, f"任务表中责任单位含所问单位的 {len(secs)} 项："))
                blocks.extend(item_blocks(book, doc, secs))
            return finish_answer(q, "tasks", True, blocks, book)
        # (the document's own issuer named: its whole table, every column — 谁负责 and
        # 啥时候完成 are the columns asked)
        issuers = issuer_table(ctx, q, ev) if responsible else []
        if issuers:
            blocks = []
            for doc, secs in issuers:
                columns = "、".join(n for n, _ in row_fields(doc.text, secs[0]) if n)
                blocks.append(header_block(doc, f"任务表共 {len(secs)} 项（列：{columns}）："))
                blocks.extend(item_blocks(book, doc, secs))
            return finish_answer(q, "tasks", True, blocks, book)
        if responsible:
            outside = unit_outside_table(ctx, q, ev)
            if outside is not None:
                return refusal(ctx, replace(q, kind="tasks"), outside[0], outside[1])

    # 1b. who spoke, asked with a guess (是市委书记讲的吧): the line naming the speaker.
    if said_by_guess(q.question):
        speaker = speaker_blocks(book, named or named_by_one_word(ctx, q, ev))
        if speaker:
            return finish_answer(q, "attribution", True, speaker, book)

    # 2. facts about a document itself (publication date, editor).
    # (A deadline — 印发后几号前交 — is a sentence of the text, not the document's date.)
    # (Fields asked by their labels — 联系人, 抄送, 审核 — only where the document has them.)
    fields = asked_fields(q.question) if cues.docinfo else ()
    dated = bool(
        re.search(r"发布|责编|编辑|几号发|哪天发|印发|成文|签发|发文|文号|字号", q.question)
        or ASKS_DOC_DATE.search(q.question)
        or ISSUED_BY.search(q.question)
        # (X〔2024〕7号是谁印发的: the issuer of the document its number names)
        or (asks_issuer(q.question) and numbered_docs(q.question, ctx.texts) is not None)
    )
    if cues.docinfo and (dated or fields) and not asks_deadline(q.question):
        top = _named_by_head(ctx, q, ev, info_documents(ev, q))
        uncounted = _page_field_lacking(ctx, q, top, fields)
        if uncounted is not None:
            return uncounted
        if top and (dated or field_spans(top[0], fields)):
            blocks = doc_info_blocks(book, top, fields)
            blocks = _counter_read_as(q, blocks) if "浏览量" in fields else blocks
            when = asked_value(q.question)
            if (
                when is not None
                and when.kind == "date"
                and top[0].meta.date is None
                and not any(blk.citations and holds_value(when, blk.text) for blk in blocks)
            ):
                # The date asked of a document that states none (a summary with no 落款).
                return refusal(
                    ctx, q, f"《{top[0].meta.title}》的日期（该文档未写明日期）", [top[0].doc_id]
                )
            if len(blocks) > 1:
                return finish_answer(q, "fact", True, blocks, book)

    pattern = asked_value(q.question)
    if pattern is not None:
        ev = replace(ev, words=ev.every)
    nodes = node_candidates(ctx, q, ev.docs, ev.priors, ev.words, ev.spec)

    # 3s. a stage list asked with each stage's time or lead unit (分几步走，各在什么时候):
    # the list whose items carry it, whatever value the detail clause asks.
    if not cues.compare:
        stages = stage_list(q, (named or named_by_one_word(ctx, q, ev) or scoped_docs(ev, q))[:1])
        if stages:
            return outline_answer(book, stages, q)

    # 3a. a question naming a document and nothing beyond its scope (its department, year,
    # kind, list words, words the corpus lacks): that document's whole outline.
    # (A quoted phrase that is part of the document's title names it: “红色管家”那篇报道.)
    # (Positions — 第三部分, 最后一部分 — and headings the question paraphrases point
    # inside the named document: ``directed_outline``.)
    loose = named or named_by_one_word(ctx, q, ev)
    if loose and cues.term and phrases and not q.departments and not _of_named_kind(q, ev.docs):
        # (a concordance — X相关内容 — naming no unit or kind of document, whose phrase other
        # documents hold too: every place of it, not the one document its words happen to
        # share a title word with)
        longest = max(phrases, key=len)
        held = {d.doc_id for d in ev.docs if longest in ctx.texts[d.doc_id]}
        if held - {d.doc_id for d in loose}:
            loose = []
    refs = ordinal_references(q.question)
    # Every unit's plan for a year (各单位2025年的要点): each document's, though the kind
    # words fit one title best.
    if (
        pattern is None
        and cues.list
        and EVERY_UNIT.search(q.question)
        and _only_scope_words(ctx, ev.words)
    ):
        yearly = year_plan_nodes(q, ev)
        if yearly:
            return outline_answer(book, yearly, q)
    if pattern is None and not cues.compare and (loose or refs):
        # A position (第二点) points into the document the question's words fit best.
        pointed = loose or scoped_docs(ev, q)[:1]
        # 第七章 of a rule of five chapters: what it has, not another part.
        gap = missing_position(pointed[0].outline, refs) if pointed and refs else None
        if gap is not None:
            return refusal(ctx, q, gap, [pointed[0].doc_id])
        directed = directed_outline(ctx, q, ev, pointed, nodes, phrases)
        if directed and whose_phrase(q, phrases, directed):
            directed = []  # whose is “X”: the sentences holding X (step 3), not a list
        if directed and asks_closing_plans(q.question):
            directed = []  # the unheaded closing paragraph: its sentences (step 4)
        if directed:
            return outline_answer(book, directed, q)

    # 3. occurrences of a phrase the corpus holds verbatim.
    phrase = phrases[0] if phrases else None
    if phrase is not None and pattern is None and not inside_quote(ctx, q, phrase):
        in_heading = any(
            n.section is not None and normalized(phrase) in normalized(n.section.heading)
            for n in nodes[:5]
        )
        variants = term_variants(q, phrases)
        # The question is the term and nothing else (书香机关？, 两个确立): its occurrences,
        # even where a heading holds it (the heading is one of them).
        alone = bool(variants) or without_function_chars(sole_content(q)) == without_function_chars(
            normalized(phrase)
        )
        strong = (
            alone
            or phrase in q.quoted
            or share(phrase) >= W.term_share
            or (bool(cues.term) and sole_content(q) == normalized(phrase))
            or (bool(cues.term) and (phrase in ctx.terms or len(phrase) >= 4))
        )
        wants = strong and (alone or cues.term or cues.who or not cues.list)
        # A phrase a matching heading holds asks for that section (its whole subtree).
        if wants and (alone or not (in_heading and not cues.term and not cues.who)):
            ans = terms_answer(ctx, q, ev, phrase, book, variants)
            if ans is not None:
                return ans

        # 3b. a list question on a phrase that few headings hold whole (固本强基行动 有哪些
        # 任务 ↔ （一）深化“固本强基”行动): those sections with their subtrees, though the
        # phrase's words stand in another document's title.
        # (Only in the documents of the kind the question names — 总结, 要点, 讲话 — when
        # the scope holds one: a speech's heading answers no question about the summary.)
        if cues.list and not cues.term and not cues.who:
            kinded = _of_named_kind(q, ev.docs)
            headed = phrase_headings(ctx, replace(ev, docs=kinded) if kinded else ev, q, phrase)
            if headed:
                return outline_answer(book, [Node(doc, sec, 1.0, 1.0) for doc, sec in headed], q)

    # 4. passages (from the documents in scope when a department is named and they answer);
    # a phrase counts as evidence of its own when it is quoted or most of the question.
    specific = [p for p in phrases if p in q.quoted or share(p) >= 0.5]
    spans = [
        (n.doc.doc_id, n.section.start, n.section.end)
        for n in nodes[:3]
        if n.section is not None and not n.section.children
    ]
    spans += [(n.doc.doc_id, n.section.start, n.section.end) for n in nodes[:3] if n.section]
    # (a year asked of a speech given early in the next one: its look back's paragraphs)
    spans += [
        (d.doc_id, a, b)
        for d in scoped_docs(ev, q)[:3]
        if q.years and doc_reviewed_year(d) in q.years
        for a, b in review_spans(d)
    ]
    # Candidates for choosing the shape come from BM25 (no query embedding); the hybrid
    # retriever's passages are added once the passages are the answer.
    ranked = rank_sentences(
        ctx, q, ev.docs, ev.priors, ev.words, ev.spec, specific, spans=spans, lexical=True
    )
    if q.departments:
        inside = [s for s in ranked if _of_named(ctx.documents[s.doc_id], q)]
        if inside and inside[0].cover >= W.passage_floor:
            ranked = inside
    ranked = _in_named(ranked, named)
    passage = ranked[0].cover if ranked else 0.0

    # 5. outline: a section's whole subtree, or the whole outline of the document(s), when
    # its headings hold the question's content at least as well as the best passage.
    # (Of the named unit's documents only, when it has any: another unit's outline is no
    # answer about it.)
    own = _own_content(ctx, q, ev)
    if own:
        nodes = [n for n in nodes if _of_named(n.doc, q)]
    if nodes:
        nodes = siblings_lift(nodes)
    if nodes and ranked:
        nodes = lead_in(
            nodes,
            ranked,
            lambda x: ctx.documents[x.doc_id].text[x.start : x.end],
            listed=bool(cues.list),
        )
    # A list question over one year and no topic (各部门某年的重点任务): every document's
    # plan for that year, whatever its heading words.
    if pattern is None and cues.list and _only_scope_words(ctx, ev.words):
        yearly = year_plan_nodes(q, ev)
        if yearly:
            return outline_answer(book, yearly, q)
    # A list question with no topic beyond the list words (2022年重点任务有哪些): the whole
    # outline of every document in scope that matches as well as the best.
    if nodes and pattern is None and cues.list and not any(not is_list_word(w) for w in ev.words):
        roots = [n for n in nodes if n.section is None and not n.run and n.items]
        if roots:
            return outline_answer(book, pick_nodes(roots, q), q)
    if nodes and pattern is None:
        best = nodes[0]
        # (Who set a rule the user quotes in their own words — “支部会要…”是哪家单位的要求 —
        # asks for the sentence and its unit, not for a list the rule's words fit.)
        quoted_rule = bool(cues.who and q.quoted) and not cues.overview
        listy = (cues.list or cues.overview or best.head >= W.head_alone) and not quoted_rule
        whole = best.section is None and not best.run
        span = (best.items[0].start, best.items[-1].end) if best.items else (0, 0)
        # The best passages lie inside the node, or lead into its list (讲五个方面的意见：).
        holds = any(
            s.doc_id == best.doc.doc_id
            and span[0] - W.lead_in <= s.start < span[1]
            and s.cover >= passage - 0.05
            for s in ranked[:3]
        )
        beats = (
            (whole and (cues.overview or best.head + W.node_margin >= passage))
            or (not whole and best.head >= W.head_enough)
            or (holds and not whole and best.head >= W.head_holds)
            or best.led
        )
        if best.items and listy and best.score >= W.node_floor and beats:
            return outline_answer(book, pick_nodes(nodes, q), q)

    if ctx.lexical is not None:
        dense = rank_sentences(ctx, q, ev.docs, ev.priors, ev.words, ev.spec, specific, spans=spans)
        if q.departments:
            inside = [s for s in dense if _of_named(ctx.documents[s.doc_id], q)]
            if inside and inside[0].cover >= W.passage_floor:
                dense = inside
        ranked = _in_named(dense, named)
    texts = [ctx.texts[d.doc_id] for d in scoped_docs(ev, q)]
    missing = missing_words(ctx, ev.words, texts)
    label = content_label(q, ev.words, missing)
    scope_ids = [d.doc_id for d in scoped_docs(ev, q)]
    weak = not ranked or ranked[0].cover < W.passage_floor
    # The named unit's own texts hold the question's content though its words match
    # little (a news page whose headline holds the topic, asked 有什么做法): their best
    # passages, not another unit's.
    # (what their texts lack is words of asking: ``_own_content``)
    held = {d.doc_id for d in own}
    if held and any(s.doc_id in held for s in ranked) and (weak or ranked[0].doc_id not in held):
        ranked = [s for s in ranked if s.doc_id in held]
        weak, missing = False, []
    if weak or (missing and ranked[0].cover < W.passage_floor + 0.25):
        # (the named unit's own outline: another unit's is no answer about it)
        lead = next((n for n in nodes if _of_named(n.doc, q)), None)
        scoped = bool(q.departments) or (lead is not None and lead.head >= 0.5)
        if (
            lead is not None
            and lead.items
            and pattern is None
            and (cues.list or lead.head >= 0.5)
            and (not missing or scoped)
        ):
            return outline_answer(book, [lead], q)
        if missing or not ranked or ranked[0].cover < W.passage_min:  # nothing covers it
            return refusal(ctx, q, label, scope_ids)
    if pattern is None and not cues.compare:
        ranked = _topic_held_first(ctx, q, ev, ranked)
    chosen = _choose_passages(ranked)
    if pattern is not None and lost_share(ev.words, missing) >= LOST_MAX:
        # The value of something the library never mentions (门诊量 in a library without
        # it) is in none of its passages, however well the rest of the question matches.
        return refusal(ctx, replace(q, kind="fact"), value_label(label, pattern), scope_ids)
    if pattern is not None:
        off_topic = _off_topic_docs(ctx, q, ev)
        with_value = [
            s
            for s in ranked[:8]
            if holds_asked_value(ctx.documents[s.doc_id], s.start, s.end, pattern, q)
            and s.cover >= W.passage_floor
            # (a value of another organisation than the one named is no answer)
            and _of_named(ctx.documents[s.doc_id], q)
            and s.doc_id not in off_topic
        ]
        with_value = (
            _deadlines_first(ctx, q, pattern, ranked)
            or with_value
            or _counted_verbatim(ctx, q, pattern, ranked[:8])
        )
        # (骨干培了几个: the sentences with the formal verb 培训, not one with 招录, when any has it)
        forms = verb_forms(q.question)
        verbed = [
            s
            for s in with_value
            if any(f in ctx.documents[s.doc_id].text[s.start : s.end] for f in forms)
        ]
        with_value = verbed or with_value
        if pattern.kind == "count":
            # 每季度几次 is not answered by 每半年一次: a count of another period
            with_value = [
                s
                for s in with_value
                if not cadence_conflict(q.question, ctx.documents[s.doc_id].text[s.start : s.end])
            ]
        joint = _joint_values(ctx, q, ev, pattern, ranked, with_value[:1])
        if not (with_value or joint):
            period = asked_period(q.question) if pattern.kind == "count" else None
            if period is not None:
                label = f"{label}（按“每{period}”计的次数）"
            return refusal(ctx, replace(q, kind="fact"), value_label(label, pattern), scope_ids)
        chosen = joint or [
            with_value[0],
            *[s for s in with_value[1:3] if s.score >= 0.8 * with_value[0].score],
        ]
        # (实际办了几期 over a plan's 不少于8期: the target is no outcome)
        planned = target_only(ctx, replace(q, kind="fact"), chosen)
        if planned is not None:
            return planned
    if cues.who and q.quoted:
        chosen = _with_table_twins(ctx, q, chosen)
    blocks = passage_blocks(book, ctx, q, chosen, bool(cues.who))
    if pattern is not None:
        # (培训了多少人 quoted from 培训党员320人次: the unit the document counts in said)
        first = chosen[0]
        said = attendance_note(
            pattern, q.question, ctx.documents[first.doc_id].text[first.start : first.end]
        )
        if said is not None:
            blocks.insert(0, AnswerBlock("note", said))
    kind = "attribution" if cues.who else "fact"
    return finish_answer(q, kind, True, blocks, book)


def _theme_answer(book: CitationBook, holds: Sequence[ThemeHold], q: Query) -> Answer:
    """Each document's answer on the theme asked of all: its section's outline blocks, or
    its sentences holding the theme under the document's header."""
    blocks: list[AnswerBlock] = []
    for h in holds:
        if h.node is not None:
            blocks.extend(outline_blocks(book, h.node, q))
            continue
        blocks.append(header_block(h.doc, "："))
        for a, b in h.spans:
            n = book.cite(h.doc.doc_id, a, b)
            blocks.append(AnswerBlock("quote", h.doc.text[a:b], (n,), 0, h.doc.doc_id))
    return finish_answer(q, "tasks", True, blocks, book)


def _answer_side(ctx: AnswerContext, q: Query) -> Answer:
    """One side of a comparison asked as its own question (``compare_answer``)."""
    return _answer_query(ctx, q, side=True)
