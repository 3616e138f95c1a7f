"""Comparisons: the sides a question compares (``compare_groups``), each side's passages,
outlines or occurrences, and the comparison answer (``compare_answer``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer_blocks import doc_info_blocks, finish_answer, header_block, outline_blocks, unit_of
from rag.answer_evidence import (
    FUNCTION_CHARS,
    KIND_HINTS,
    AnswerContext,
    Evidence,
    Node,
    Sentence,
    W,
    doc_name,
    doc_prior,
    gather_evidence,
    misspelt_department,
    node_candidates,
    normalized,
    phrase_candidates,
    rank_sentences,
    word_held,
    word_in,
)
from rag.answer_outline import HEAD_CLAUSE, heading_credit, heading_matches, narrowing_words
from rag.cite import CitationBook
from rag.compare_aspect import asked_measure, measured_sentences
from rag.deadline import asks_deadline
from rag.numbers import asked_value, find_quantities
from rag.outline_match import is_generic
from rag.question import Query, content_words, is_list_word
from rag.split_compare import split_sides
from rag.text import sentence_spans
from rag.types import Answer, AnswerBlock, Document, Section

# (哪两家, 哪两个部门: which two issued or hold it, asked of one thing — no two sides)
COMPARES = re.compile(
    r"区别|不同|不一样|对比|比较|异同|差异|差别|差在哪|相比|一样吗|(?<!哪)两份|(?<!哪)两家|二者|两者|"
    r"比一比|比比|比一下|对照"
)


_COMPARE_WORD = re.compile(
    r"不同|区别|差别|差异|异同|对比|比较|一样|相同|有何|比比|两者|二者|相比|比一比|比下|比一下"
)


def compare_answer(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    groups: Sequence[tuple[str, list[Document]]],
    ask: Callable[[AnswerContext, Query], Answer],
) -> Answer:
    """The comparison of ``groups``; ``ask`` answers one side asked as a list question
    (the planner, passed in so this module does not import it)."""
    book = CitationBook(ctx.documents)
    blocks: list[AnswerBlock] = []
    structure = bool(
        re.search(
            r"结构|几部分|几个部分|几大块|几项|几条|多少项|框架|篇章|条数|部分数量|哪份.{0,4}多",
            q.question,
        )
    )
    # Nothing compared but the documents themselves (X和Y的要点有什么不同): each side's
    # outline, not passages ranked on no topic.
    core = _core_term(ctx, q, groups)
    # (only the words of the named term every side holds: a title word that names a side —
    # 局领导讲话 — stays a name though some text of the other side holds it)
    shared = tuple(w for w in _shared_words(ctx, q, groups) if core and w in core)
    structure = structure or not [
        w
        for w in (*gather_evidence(ctx, q).words, *shared)
        if not _COMPARE_WORD.fullmatch(w) and not is_list_word(w)
    ]
    cues_list = bool(q.cues.list)
    asked = asked_value(q.question) is not None
    for label, docs in groups:
        blocks.append(AnswerBlock("header", label, label=label))
        if not docs:
            blocks.append(AnswerBlock("note", f"文档库中没有“{label}”的相关文档，这一方无从比较。"))
            continue
        sub = replace(
            q,
            doc_ids=tuple(d.doc_id for d in docs),
            departments=tuple({d.meta.department for d in docs}),
        )
        sev = gather_evidence(ctx, sub)
        if shared:
            sev = replace(sev, words=tuple(dict.fromkeys((*sev.words, *shared))))
        if _asks_issue_date(q):  # 分别是什么时候印发的: each side's date lines, cited
            top = sorted(docs, key=lambda d: -sev.priors[d.doc_id])[:1]
            info = doc_info_blocks(book, top)
            if len(info) > 1:
                blocks.extend(info)
                continue
        if structure:
            doc = next(
                (d for d in sorted(docs, key=lambda d: -sev.priors[d.doc_id]) if d.outline), None
            )
            if doc is not None:
                blocks.extend(
                    outline_blocks(book, Node(doc, None, 0.0, 0.0), replace(q, question="几部分"))
                )
                continue
        compared = _compared_phrases(ctx, q, shared)
        matched = _group_matches(ctx, q, sev, docs, shared)
        titled = _titled_by(docs, core, sev) if not matched else None
        if titled is not None:
            # (a side's document titled by the compared term — its 办法, its 通知 on it — is
            # all on the term: its outline, each item's gist, not the sentences naming it)
            blocks.extend(
                outline_blocks(book, Node(titled, None, 0.0, 0.0), replace(q, question="几部分"))
            )
            continue
        matched = _with_headed(matched, docs, core, sev)
        nodes = node_candidates(ctx, sub, sev.docs, sev.priors, sev.words, sev.spec)
        nodes = [n for n in nodes if n.section is not None]
        if not matched and nodes and nodes[0].head >= 0.45:
            matched = nodes[:1]
        if matched:
            for node in matched:
                blocks.extend(outline_blocks(book, node, q))
            # (the side's other sentences on what is compared, when it has few: a line
            # among its achievements besides the problems item whose heading holds the phrase)
            blocks.extend(_other_occurrences(ctx, book, docs, compared, matched))
            continue
        # (a measure asked — 时长, 频次, 比例 — that the side states in its own words for
        # the topic: the sentences stating it, not passages ranked on the question's words)
        measured = _measured_blocks(ctx, q, book, docs, sev)
        if measured:
            blocks.extend(measured)
            continue
        # (a list question: the side's list as a one-document question would get it —
        # a part by its heading, a list its lead sentence introduces, the part its kind
        # word names — before passages)
        if cues_list and not asked:
            side = _side_list(ctx, sub, book, ask)
            if side:
                blocks.extend(side)
                continue
        ranked = rank_sentences(ctx, sub, sev.docs, sev.priors, sev.words, sev.spec)
        occurring = _phrase_sentences(ctx, compared, [d.doc_id for d in docs])
        used: list[tuple[str, int, int]] = []
        for s in _side_passages(ctx, ranked, occurring, sev.words):
            doc = ctx.documents[s.doc_id]
            # (a passage on one item of a short enumeration stands for the enumeration)
            a, b = _run_of(doc, *unit_of(doc, s.start, s.end))
            if any(d == s.doc_id and a < e and st < b for d, st, e in used):
                continue
            used.append((s.doc_id, a, b))
            n = book.cite(s.doc_id, a, b)
            blocks.append(header_block(doc, "：", level=0))
            blocks.append(AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id))
        if not used:
            blocks.append(AnswerBlock("note", "未在该单位的文档中找到相关内容。"))
    return finish_answer(q, "compare", True, blocks, book)


def _measured_blocks(
    ctx: AnswerContext, q: Query, book: CitationBook, docs: Sequence[Document], ev: Evidence
) -> list[AnswerBlock]:
    """The units (``_unit_of``) of a side's best document stating the measure the
    comparison asks on its topic (``rag.compare_aspect``), quoted; [] when it asks none
    or the document states none."""
    measure = asked_measure(q.question)
    if measure is None:
        return []
    words = [w for w in content_words(q.topic) if not is_list_word(w)]
    for doc in sorted(docs, key=lambda d: -ev.priors[d.doc_id]):
        spans = measured_sentences(doc.text, words, measure)
        if not spans:
            continue
        out: list[AnswerBlock] = []
        used: list[tuple[int, int]] = []
        for s, e in spans:
            a, b = unit_of(doc, s, e)
            if any(a < y and x < b for x, y in used):
                continue
            used.append((a, b))
            out += [
                header_block(doc, "：", level=0),
                AnswerBlock("quote", doc.text[a:b], (book.cite(doc.doc_id, a, b),), 0, doc.doc_id),
            ]
        return out
    return []


def _asks_issue_date(q: Query) -> bool:
    """A comparison asking when each side's document was issued (not a deadline in it)."""
    return bool(
        q.cues.docinfo
        and re.search(r"什么时候|哪天|几号|日期|时间", q.question)
        and re.search(r"印发|发布|发文|成文|签发|出台|下发|发的", q.question)
        and not asks_deadline(q.question)
    )


TWO_SIDES = re.compile(r"(?<!哪)(?:两家|两份|两个(?:单位|部门|文件|材料|局))|二者|两者")
# Each side asked its own (A和B各定了多少, 两份材料比一比): a comparison when the
# question names two sides; 各 of a plural noun (各项, 各级, 各单位) asks nothing of sides.
EACH_SIDE = re.compile(
    r"比比|比一比|对照|各(?![项级类种个位部支党村社学科单地方族自界条年期份篇处文环所材])"
)
_COMPARE_PASSAGES = 3  # passages quoted per side when no heading matches, at least
_SIDE_PASSAGES = 5  # … and at most, when more are needed to cover what is compared
_SIDE_OCCURRENCES = 4  # occurrences of the compared phrase in a side all quoted, at most


def _shared_words(
    ctx: AnswerContext, q: Query, groups: Sequence[tuple[str, list[Document]]]
) -> tuple[str, ...]:
    """Words of a comparison that a title holds (so they were read as naming a document)
    but that the texts of every side hold: what is compared, not which side (a notice
    titled by the scheme it sets, compared with a summary reporting the same scheme)."""
    sides = [docs for _, docs in groups if docs]
    if len(sides) < 2:
        return ()
    ev = gather_evidence(ctx, q)
    return tuple(
        w
        for w in ev.every
        if w not in ev.words
        and len(w) >= 2
        and not is_list_word(w)
        and not _COMPARE_WORD.fullmatch(w)
        and not any(p.search(w) for p, _ in KIND_HINTS)
        and all(any(w in ctx.texts[d.doc_id] for d in docs) for docs in sides)
    )


_CORE_MIN = 3  # characters of the term every side holds, at least
_QUOTED = re.compile(r"[“「『‘]([\u4e00-\u9fff]{2,12})[”」』’]")
_ORGAN_WORD = re.compile(r"党委|党组|党工委|党总支|党支部|支部|委员会|机关|班子")
_HEADED_MAX = 3  # items of a side headed by that term quoted, at most


def _core_term(ctx: AnswerContext, q: Query, groups: Sequence[tuple[str, list[Document]]]) -> str:
    """The named term both sides are compared on: the longest phrase the question holds
    that a side's text puts in quotation marks (“先锋积分”), or the question quotes, or the
    term dictionary has, and that a text of every side holds — no organ's name and not one
    of several things the question lists (党组、机关党委、党支部); or ""."""
    sides = [docs for _, docs in groups if docs]
    if len(sides) < 2:
        return ""
    plain = normalized(q.rest or q.question)
    named = {m.group(1) for docs in sides for d in docs for m in _QUOTED.finditer(d.text)}
    named |= {normalized(x) for x in (*q.quoted, *ctx.terms)}
    depts = [normalized(d.meta.department) for d in ctx.documents.values()]
    for piece in sorted(named, key=lambda p: (-len(p), p)):
        if (
            len(piece) < _CORE_MIN
            or piece not in plain
            or is_generic(piece)
            or any(piece in d for d in depts)
            or _ORGAN_WORD.search(piece)
            or re.search(rf"、{re.escape(piece)}|{re.escape(piece)}、", q.question)
        ):
            continue  # (an organ, or one of several things the question lists)
        if all(any(piece in ctx.texts[d.doc_id] for d in docs) for docs in sides):
            return piece
    return ""


def _with_headed(
    found: list[Node], docs: Sequence[Document], core: str, ev: Evidence
) -> list[Node]:
    """A side's matched items and, when none of them states a figure, the items of its best
    document whose heading holds the ``core`` term and whose text states figures (三是推行
    “X”管理 with its scores): an item headed by the term, with its figures, beats a sentence
    that only mentions it (明年修订X办法); in the document's order. ``found`` alone when no
    such heading, or more than ``_HEADED_MAX`` headings, hold the term."""
    if not core or any(n.section is not None and _states_figures(n.doc, n.section) for n in found):
        return found
    for doc in sorted(docs, key=lambda d: -ev.priors[d.doc_id]):
        headed: list[Section] = []
        for top in doc.outline:
            for sec in top.walk():
                # (a part headed by the term is quoted whole, its items within it)
                inside = any(h.start <= sec.start and sec.end <= h.end for h in headed)
                if core in normalized(sec.heading) and not inside:
                    headed.append(sec)
        if not headed:
            continue
        if len(headed) > _HEADED_MAX:
            return found
        taken = [(n.doc.doc_id, n.section.start, n.section.end) for n in found if n.section]
        extra = [
            Node(doc, sec, 1.0, 1.0)
            for sec in headed
            if _states_figures(doc, sec)
            and not any(d == doc.doc_id and a < sec.end and sec.start < b for d, a, b in taken)
        ]
        return sorted(
            [*found, *extra],
            key=lambda n: (n.doc.doc_id, n.section.start if n.section else -1),
        )
    return found


def _states_figures(doc: Document, sec: Section) -> bool:
    """The section's text states a figure (a count, a score, a share)."""
    return bool(find_quantities(doc.text[sec.start : sec.end])) or bool(
        re.search(r"\d+\s*分", doc.text[sec.start : sec.end])
    )


def _titled_by(docs: Sequence[Document], core: str, ev: Evidence) -> Document | None:
    """The best document of a side whose title holds the ``core`` term and that has an
    outline, or None."""
    if not core:
        return None
    return next(
        (
            d
            for d in sorted(docs, key=lambda d: -ev.priors[d.doc_id])
            if d.outline and core in normalized(d.meta.title)
        ),
        None,
    )


def _unnamed(names: str, shared: Sequence[str]) -> str:
    """``names`` (titles, a document's name) without the ``shared`` words compared."""
    for w in shared:
        names = names.replace(w, "□")
    return names


def _compared_phrases(ctx: AnswerContext, q: Query, shared: Sequence[str] = ()) -> list[str]:
    """Phrases of a comparison the corpus holds verbatim that name what is compared, not a
    side (no title or department holds them: 示范岗, not 某某公司; a title holding only
    ``shared`` words names no side)."""
    names = [
        *(_unnamed(t, shared) for t in ctx.titles),
        *{normalized(d.meta.department) for d in ctx.documents.values()},
    ]
    return [
        p
        for p in phrase_candidates(ctx, q)
        if len(normalized(p)) >= 3
        and not is_generic(p)
        and not any(normalized(p).strip(FUNCTION_CHARS) in n for n in names)
    ]


def _phrase_sentences(
    ctx: AnswerContext, phrases: Sequence[str], doc_ids: Sequence[str]
) -> list[Sentence]:
    """The sentences of ``doc_ids`` holding the first compared phrase, when they hold it at
    most ``_SIDE_OCCURRENCES`` times (a phrase in every sentence compares nothing)."""
    for p in phrases[:1]:
        hits = ctx.concordance.find(p, doc_ids)
        if len(hits) > _SIDE_OCCURRENCES:
            return []
        out: list[Sentence] = []
        for h in hits:
            text = ctx.documents[h.doc_id].text
            for a, b in sentence_spans(text, max(0, h.start - 300), min(len(text), h.end + 300)):
                if a <= h.start < b:
                    out.append(Sentence(h.doc_id, a, b, 0.0, 0.0))
        return out
    return []


def _side_passages(
    ctx: AnswerContext,
    ranked: Sequence[Sentence],
    occurring: Sequence[Sentence],
    words: Sequence[str],
) -> list[Sentence]:
    """One side's passages, one per unit quoted (``unit_of``): the best ones (up to
    ``_COMPARE_PASSAGES`` within 0.6 of the best score); the ones holding the compared
    phrase (``occurring``); then ones that add a content word no chosen one holds yet,
    until every word some passage of the side holds is covered (at most
    ``_SIDE_PASSAGES``)."""
    if not ranked:
        return []
    top = ranked[0].score
    chosen: dict[tuple[str, int, int], Sentence] = {}

    def unit(s: Sentence) -> tuple[str, int, int]:
        return (s.doc_id, *unit_of(ctx.documents[s.doc_id], s.start, s.end))

    def text(u: tuple[str, int, int]) -> str:
        return normalized(ctx.documents[u[0]].text[u[1] : u[2]])

    for s in ranked:
        if len(chosen) >= _COMPARE_PASSAGES or s.score < 0.6 * top:
            break
        chosen.setdefault(unit(s), s)
    for s in occurring:
        chosen.setdefault(unit(s), s)
    held = {
        w for s in ranked if s.cover >= W.passage_min for w in words if word_in(w, text(unit(s)))
    }
    got = {w for u in chosen for w in words if word_in(w, text(u))}
    for s in ranked:
        if len(chosen) >= _SIDE_PASSAGES or held <= got:
            break
        u = unit(s)
        new = {w for w in held - got if word_in(w, text(u))}
        if u not in chosen and new and s.score >= 0.4 * top:
            chosen[u] = s
            got |= new
    return list(chosen.values())


_RUN_STYLES = ("counted", "inline", "ordinal", "circled", "sequence")
_RUN_CITE_MAX = 1200  # characters of a run of run-in items quoted as one passage, at most


def _run_of(doc: Document, start: int, end: int) -> tuple[int, int]:
    """``[start, end)``, or when it is one item of a run of run-in items (第一个是…；第二个
    是…, 一是…二是…) the whole run: a passage on one item of an enumeration stands for the
    enumeration (each of its parts is what a comparison compares)."""
    for top in doc.outline:
        for sec in top.walk():
            run = [c for c in sec.children if c.style in _RUN_STYLES]
            hit = next((c for c in run if c.start == start and c.end == end), None)
            if hit is None:
                continue
            peers = [c for c in run if c.style == hit.style]
            if len(peers) >= 2 and peers[-1].end - peers[0].start <= _RUN_CITE_MAX:
                return peers[0].start, peers[-1].end
            return start, end
    return start, end


def _other_occurrences(
    ctx: AnswerContext,
    book: CitationBook,
    docs: Sequence[Document],
    phrases: Sequence[str],
    nodes: Sequence[Node],
) -> list[AnswerBlock]:
    """The units (leaf section or paragraph) of a side's documents holding the compared
    phrase outside the sections ``nodes`` quote, when the side holds it at most
    ``_SIDE_OCCURRENCES`` times."""
    if not phrases:
        return []
    taken = [
        (n.doc.doc_id, n.section.start, n.section.end) if n.section else (n.doc.doc_id, 0, 1 << 30)
        for n in nodes
    ]
    hits = ctx.concordance.find(phrases[0], [d.doc_id for d in docs])
    if len(hits) > _SIDE_OCCURRENCES:
        return []
    out: list[AnswerBlock] = []
    for h in hits:
        if any(d == h.doc_id and a <= h.start < b for d, a, b in taken):
            continue
        doc = ctx.documents[h.doc_id]
        a, b = unit_of(doc, h.start, h.end)
        taken.append((h.doc_id, a, b))
        n = book.cite(h.doc_id, a, b)
        out += [
            header_block(doc, "：", level=0),
            AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id),
        ]
    return out


def _side_list(
    ctx: AnswerContext,
    q: Query,
    book: CitationBook,
    ask: Callable[[AnswerContext, Query], Answer],
) -> list[AnswerBlock]:
    """One side of a comparison asked as a list question (A和B今年的任务并排看): the blocks a
    one-document list question on that side's documents gets (``ask``: the planner's
    ``_answer_query`` for a side, with the comparison taken out), their citations renumbered into ``book``; [] when that question
    is answered with anything but a list."""
    one = replace(q, cues=replace(q.cues, compare=0.0), unknown_department=None)
    ans = ask(ctx, one)
    if not ans.found or ans.kind != "tasks" or not ans.blocks:
        return []
    numbers = {c.n: book.cite(c.doc, c.start, c.end) for c in ans.citations}
    return [replace(b, citations=tuple(numbers[n] for n in b.citations)) for b in ans.blocks]


def _group_matches(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    docs: Sequence[Document],
    shared: Sequence[str] = (),
) -> list[Node]:
    """One side of a comparison: the sections of its best document whose headings hold
    what the question compares (喜迎二十大 → each side's part on it). Words that name any
    document (its title, department) say which side, not what is compared."""
    ranked = sorted((d for d in docs if d.outline), key=lambda d: -ev.priors[d.doc_id])
    if not ranked:
        return []
    top = ranked[0]
    names = _unnamed(" ".join([doc_name(top, short=True), *ctx.titles]), shared)
    narrow = narrowing_words(ctx, q, names)
    quoted = [x for x in q.quoted if normalized(x) not in names]
    phrases = [
        p
        for p in phrase_candidates(ctx, q)
        if p not in q.quoted and normalized(p).strip(FUNCTION_CHARS) not in names
    ]
    verbatim = [p for p in phrases if not is_generic(p)]
    if not narrow and not quoted and not verbatim:
        return []
    credit = heading_credit(ranked, [*narrow, *quoted, *verbatim])
    found = heading_matches(ranked, narrow, quoted, verbatim, ev.spec, lift=False, credit=credit)
    # A side's match is one or two parts; more, of one word each, is no match.
    if not found or len(found) > 2:
        return []
    if len(found) == 1:
        found += _kin_siblings(found[0], [*narrow, *quoted, *verbatim])
    return found


_MAX_KIN = 2  # sibling items added to a side's one matched item


def _kin_siblings(node: Node, words: Sequence[str]) -> list[Node]:
    """Items beside a side's one matched item whose themes (head clauses) hold a compared
    word too (一是要明确责任主体 → also 二是要狠抓责任落实: the concept is spread over
    sibling items), at most ``_MAX_KIN``; none when most siblings do (no one concept)."""
    sec = node.section
    if sec is None:
        return []
    parent = next(
        (s for top in node.doc.outline for s in top.walk() if any(c is sec for c in s.children)),
        None,
    )
    if parent is None:
        return []
    others = [c for c in parent.children if c is not sec]
    kin = [
        c
        for c in others
        if (m := HEAD_CLAUSE.match(c.heading))
        and any(word_held(w, normalized(m.group()), words) >= 1.0 for w in words)
    ]
    if not kin or len(kin) > _MAX_KIN or len(kin) * 2 > len(others) + 1:
        return []
    return [Node(node.doc, c, node.score, node.head) for c in kin]


_SPLIT = re.compile(r"和|与|跟|同|及|以及|、|，|,|vs|VS|对比|相比|比较")
# (a sentence break parts sides asked in sentences of their own: ``rag.split_compare``)
_SENTENCE_SPLIT = re.compile(r"和|与|跟|同|及|以及|、|，|,|[？?。；;]|vs|VS|对比|相比|比较")


def _parts(ctx: AnswerContext, q: Query) -> list[str]:
    """The parts of a comparison that may each name a side: split at 和, 、, commas …, and
    at sentence breaks too when each sentence asks of its own side (``split_sides``)."""
    from rag.question import department_mentions

    depts = sorted({d.meta.department for d in ctx.documents.values()})
    spans = [(m.start, m.end, m.department) for m in department_mentions(q.question, depts)]
    split = _SENTENCE_SPLIT if split_sides(q.question, spans) else _SPLIT
    return split.split(q.question)


def compared_departments(ctx: AnswerContext, q: Query) -> tuple[list[str], list[str]]:
    """The departments a comparison names, part by part (a misspelt one read as the
    department meant), and the organisations it names that no document is of (宣传部
    beside 生态局): each is a side of the comparison."""
    from rag.question import department_mentions, unknown_department_in

    depts = sorted({d.meta.department for d in ctx.documents.values()})
    named: list[str] = []  # in the order the question names them
    unknown: list[str] = []
    for part in _parts(ctx, q):
        mentions = department_mentions(part, depts)
        if mentions:
            named += [m.department for m in mentions if m.department not in named]
            continue
        typo = _misspelt_in(ctx, part)
        if typo is not None:
            if typo not in named:
                named.append(typo)
            continue
        name = unknown_department_in(part, [], ctx.corpus_text, depts)
        if name is not None:
            typo = misspelt_department(ctx, name)
            if typo is None:
                unknown.append(name)
            elif typo not in named:
                named.append(typo)
    named += [d for d in q.departments if d not in named]
    return named, unknown


_ORGAN_END = re.compile(r"[局部委办室厅院处署]")


def _misspelt_in(ctx: AnswerContext, part: str) -> str | None:
    """The department a name in ``part`` (3–6 characters up to an organ character, no text
    of the corpus holding it) is one character off (水力局 for 水利局), else None."""
    for m in _ORGAN_END.finditer(part):
        for size in range(3, 7):
            a = m.end() - size
            if a < 0:
                break
            name = part[a : m.end()]
            if normalized(name) in ctx.corpus_text:
                continue
            typo = misspelt_department(ctx, name)
            if typo is not None:
                return typo
    return None


def compare_groups(ctx: AnswerContext, q: Query, ev: Evidence) -> list[tuple[str, list[Document]]]:
    """The document groups a comparison names: one per department it names; else one per
    part of the question that singles out documents (a kind of document, a place only some
    texts name); else, for 两份/两家, the two best documents of different departments."""
    from rag.question import department_mentions

    depts = [d.meta.department for d in ev.docs]
    if not q.departments and TWO_SIDES.search(q.question):
        two: list[Document] = []
        for d in sorted(ev.docs, key=lambda d: -ev.priors[d.doc_id]):
            if all(p.meta.department != d.meta.department for p in two):
                two.append(d)
            if len(two) == 2:
                return [(p.meta.department, [p]) for p in two]
    named_depts, unknown = compared_departments(ctx, q)
    by_part = _sides_by_part(ctx, q, ev)
    if by_part and not unknown:
        return by_part
    if len(named_depts) + len(unknown) >= 2 and named_depts:
        # One side per department the question names (生态局 政研室 … 结构对比), also one
        # without documents: that side says so rather than vanishing.
        by_dept = []
        for dept in named_depts:
            docs = [doc for doc in ev.docs if doc.meta.department == dept]
            top = max((ev.priors[doc.doc_id] for doc in docs), default=0.0)
            # Of that department, the documents the question's words single out (讲话, 要点).
            by_dept.append((dept, [d for d in docs if ev.priors[d.doc_id] >= top - W.broad_tie]))
        return by_dept + [(name, []) for name in unknown]
    groups: list[tuple[str, list[Document]]] = []
    seen: set[tuple[str, ...]] = set()
    for part in _parts(ctx, q):
        part = part.strip()
        if len(part) < 2:
            continue
        named = [m.department for m in department_mentions(part, depts)]
        sub = replace(q, rest=part, departments=tuple(named), years=q.years)
        words = content_words(" ".join(w for w in q.topic.split() if w in normalized(part)))
        scores = {d.doc_id: doc_prior(ctx, sub, d, words, ev.spec) for d in ev.docs}
        if not named:
            kind = any(p.search(part) for p, _ in KIND_HINTS)
            rare = [
                w
                for w in words
                if sum(1 for t in ctx.texts.values() if w in t) < len(ctx.texts) / 2
            ]
            if not kind and not rare:
                continue
        top = max(scores.values())
        docs = [d for d in ev.docs if scores[d.doc_id] >= top - 0.05]
        if not named and len(docs) == len(ev.docs):
            continue
        key = tuple(sorted(d.doc_id for d in docs))
        if key in seen:
            continue
        seen.add(key)
        label = "、".join(named) if named else "、".join(sorted({d.meta.department for d in docs}))
        groups.append((label, docs))
    groups = _paired(groups)
    if len(groups) < 2 and re.search(r"两份|两家|两个|二者|两者", q.question):
        ranked = sorted(ev.docs, key=lambda d: -ev.priors[d.doc_id])
        picked: list[Document] = []
        for d in ranked:
            if all(p.meta.department != d.meta.department for p in picked):
                picked.append(d)
            if len(picked) == 2:
                break
        groups = [(d.meta.department, [d]) for d in picked]
    return groups


def _sides_by_part(ctx: AnswerContext, q: Query, ev: Evidence) -> list[tuple[str, list[Document]]]:
    """One side per part of the question that names an organisation (粮储局方案 ↔ 车务段
    总结): the documents of every department the part's words name (X局 and 中共X局党组,
    X段党委 and 中共X段委员会 are one organisation), narrowed to the kind of document the
    part names (方案, 总结, 讲话, 报道) where it has one; [] unless two parts or more name
    organisations and their sides differ."""
    from rag.question import abbreviates, department_mentions, organ_core

    depts = sorted({d.meta.department for d in ev.docs})
    sides: list[tuple[str, list[Document]]] = []
    by_mention = 0
    for part in _parts(ctx, q):
        mentions = department_mentions(part, depts)
        if not mentions:
            side = _side_by_kind(ev, part)
            if side and all(set(side) != set(o) for _, o in sides):
                sides.append(("、".join(sorted({d.meta.department for d in side})), side))
            continue
        by_mention += 1
        named = {m.department for m in mentions}
        cores = {organ_core(n) for n in named}
        spans = [part[m.start : m.end] for m in mentions]
        docs = [
            d
            for d in ev.docs
            if d.meta.department in named
            or organ_core(d.meta.department) in cores
            or any(abbreviates(span, d.meta.department) for span in spans)
        ]
        hints = [p for p, _ in KIND_HINTS if p.search(part)]
        kinds = {k for p, ks in KIND_HINTS if p.search(part) for k in ks}
        fit = [
            d for d in docs if d.meta.kind in kinds or any(p.search(d.meta.title) for p in hints)
        ]
        if kinds and not fit:
            # A document of that kind whose head names the organisation (a speech whose
            # speaker line is 该单位党组书记…, its department left unread) is its.
            fit = [
                d
                for d in ev.docs
                if d.meta.kind in kinds and any(c in ctx.heads[d.doc_id] for c in cores)
            ]
        docs = fit or docs
        if docs and all(set(docs) != set(o) for _, o in sides):
            sides.append(("、".join(sorted({d.meta.department for d in docs})), docs))
    if (
        len(sides) < 2
        or not by_mention
        or any(set(a) & set(b) for i, (_, a) in enumerate(sides) for _, b in sides[i + 1 :])
    ):
        return []
    return sides


# A kind of document named by its noun (局里讲话, 乡镇报道, 这份总结), and the level or organ
# words before it that say whose (局, 县, 区, 街道 …).
_KIND_NOUN = re.compile(r"讲话|发言|报道|新闻|稿子|通讯|总结|要点|方案|计划|通知")
_WHOSE = re.compile(r"局|委|部|办|院|校|县|区|市|镇|乡|街道|公司|集团|中心")


def _side_by_kind(ev: Evidence, part: str) -> list[Document]:
    """The one or two documents of the kind a part of a comparison names by its noun alone
    (局里讲话: the speech; 乡镇报道: the news page of the 乡镇's), narrowed by the level or
    organ words before the noun; [] when the part names no kind or more documents fit."""
    m = _KIND_NOUN.search(part)
    if m is None:
        return []
    kinds = {k for p, ks in KIND_HINTS if p.search(m.group()) for k in ks}
    docs = [d for d in ev.docs if d.meta.kind in kinds]
    whose = _WHOSE.findall(part[: m.start()])
    if whose and len(docs) > 1:
        docs = [d for d in docs if all(w in d.meta.department for w in whose)] or docs
    return docs if 1 <= len(docs) <= 2 else []


def _paired(groups: list[tuple[str, list[Document]]]) -> list[tuple[str, list[Document]]]:
    """Sides named by kind alone (讲话和报道) narrowed to the departments the other sides
    are of, where that leaves each side a document: the speech and the news page of one
    organisation, not every speech of the corpus."""
    if len(groups) < 2:
        return groups
    out: list[tuple[str, list[Document]]] = []
    for i, (_, docs) in enumerate(groups):
        others = {d.meta.department for j, (_, o) in enumerate(groups) if j != i for d in o}
        kept = [d for d in docs if d.meta.department in others]
        if not kept:
            return groups
        out.append(("、".join(sorted({d.meta.department for d in kept})), kept))
    if len({label for label, _ in out}) < len(out):  # one organisation's two documents
        out = [
            (f"{label}《{docs[0].meta.title}》" if len(docs) == 1 else label, docs)
            for label, docs in out
        ]
    return out
