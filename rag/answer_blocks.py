"""Answer blocks: rendering helpers (headers, item lists, cited spans, department basis) and
the blocks of each answer shape (outline, term occurrences, passages, document info,
speakers), with their citations in a ``CitationBook``."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rag.answer_evidence import (
    ITEM_CITE_MAX,
    KIND_HINTS,
    UNIT_MAX,
    AnswerContext,
    Evidence,
    Node,
    Sentence,
    kind_bonus,
    scoped_docs,
)
from rag.answer_runs import led_run
from rag.cite import CitationBook
from rag.framing import speaker_span
from rag.metadata import signature_span
from rag.outline import row_fields
from rag.page_fields import ASKED, COUNTER, SOURCE
from rag.question import Query, department_mentions, organ_core
from rag.render import markdown
from rag.short_names import header_names
from rag.text import balance_emphasis, clause_around, paragraph_spans, sentence_spans, strip_span
from rag.types import Answer, AnswerBlock, Document, Section, TermHit, TermPage
from rag.typo import Fix


def with_fix_notes(answer: Answer, fixes: Sequence[Fix]) -> Answer:
    """``answer`` with a first note saying how the question's phrases were read
    (按“主题党日”查找（问题中写作“主题党曰”）)."""
    if not fixes:
        return answer
    said = "；".join(f"按“{f.meant}”查找（问题中写作“{f.typed}”）" for f in fixes)
    blocks = (AnswerBlock("note", said), *answer.blocks)
    return replace(answer, answer=markdown(blocks), blocks=blocks)


def with_department_names(
    answer: Answer, documents: Mapping[str, Document], question: str
) -> Answer:
    """``answer`` with each department header naming the department also by its short
    names: those its documents call it by (``DocMeta.short_names``) and the one the question
    used, beside the full name (**中共X能源集团有限公司委员会（X集团党委）**) — users look
    for the name they know."""
    by_dept: dict[str, list[str]] = {}
    for d in documents.values():
        by_dept.setdefault(d.meta.department, []).extend(d.meta.short_names)
    if not any(b.kind == "header" and b.label in by_dept for b in answer.blocks):
        return answer
    said = _names_said(question, by_dept)
    blocks: list[AnswerBlock] = []
    changed = False
    for b in answer.blocks:
        dept = b.label
        if b.kind != "header" or dept not in by_dept or b.names:
            blocks.append(b)
            continue
        own = sorted(dict.fromkeys(by_dept[dept]), key=lambda n: by_dept[dept].index(n))
        names = header_names(dept, own, said.get(organ_core(dept), ()))
        doc = documents.get(b.doc or "")
        formal = doc.meta.formal_name if doc and doc.meta.department == dept else ""
        opening = f"{formal}（{dept}" if formal else dept
        names = tuple(n for n in names if n not in formal)
        if names and b.text.startswith(opening):
            if formal:  # the short names join the department's inside the parentheses
                text = f"{opening}、{'、'.join(names)}{b.text[len(opening) :]}"
            else:
                text = f"{dept}（{'、'.join(names)}）{b.text[len(dept) :]}"
            blocks.append(replace(b, text=text, department=dept, names=names))
            changed = True
        else:
            blocks.append(replace(b, department=dept))
        unit = doc.meta.subject_unit if doc else ""
        if unit and department_mentions(question, [unit]):
            # The page is about a unit the question names, published by its department.
            blocks.append(AnswerBlock("note", f"报道对象：{unit}（{dept}发布）", doc=b.doc))
            changed = True
    if not changed:
        return replace(answer, blocks=tuple(blocks))
    return replace(answer, answer=markdown(blocks), blocks=tuple(blocks))


_PARTY_AFTER = re.compile(r"机关党委|党工委|党委|党组|党总支|党支部")
# A name the question writes on past a mention, to an organ word of its own (a mention of
# 岭南市水利局 cut at 岭南水 out of 岭南水力局): the question's name is no form of it.
_RUNS_ON = re.compile(r"[\u4e00-\u9fff]{1,2}(?:局|厅|委|办|院|部|室|处|所|站|馆)")
# A branch (党支部, 党总支) is below every issuing committee: a question's X党支部 names the
# department X only when the department is itself a branch.
_BRANCH = re.compile(r"(?:党总支|党支部|支部)$")
_BRANCH_NAME = re.compile(r"支部|总支")


def _names_said(question: str, by_dept: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Per organ (``organ_core``), the words of the question that name it."""
    out: dict[str, list[str]] = {}
    for m in department_mentions(question, list(by_dept)):
        # (with the party organ the question puts after it: 市水利局党组 of X市水利局)
        tail = _PARTY_AFTER.match(question, m.end)
        if not tail and _RUNS_ON.match(question, m.end):
            continue  # (岭南水|力局: the question's own name runs on, respelt or another)
        span = question[m.start : tail.end() if tail else m.end]
        if _BRANCH.search(span) and not _BRANCH_NAME.search(m.department):
            # (市直机关党支部 of a 市直机关工委: a branch under the organ, the topic its
            # notice is about, no name of the organ that issued it)
            continue
        if not tail and span.endswith("党") and len(span) > 3:
            span = span[:-1]  # (鹭港集团党群工作部: the 党 of 党群, no party organ)
        out.setdefault(organ_core(m.department), []).append(span)
    for dept, names in by_dept.items():
        for n in names:
            if n in question:
                out.setdefault(organ_core(dept), []).append(n)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


# --- rendering helpers --------------------------------------------------------------------


def doc_when(doc: Document) -> str:
    m = doc.meta
    return m.date or (f"{m.year}年" if m.year else "日期未注明")


def shown_department(doc: Document) -> str:
    """The department as a header names it: its formal name first when the text writes a
    fuller one (中共X县委宣传部（X县委宣传部）, ``DocMeta.formal_name``), the department's
    own name kept after it (what questions and filters use)."""
    m = doc.meta
    return f"{m.formal_name}（{m.department}）" if m.formal_name else m.department


def header_block(doc: Document, suffix: str = "", level: int = 0) -> AnswerBlock:
    m = doc.meta
    return AnswerBlock(
        "header",
        f"{shown_department(doc)}（《{m.title}》，{doc_when(doc)}）{suffix}",
        level=level,
        doc=doc.doc_id,
        label=m.department,
    )


def _first_sentence(doc: Document, start: int, end: int, limit: int = 60) -> str:
    spans = [
        sp
        for sp in sentence_spans(doc.text, start, end)
        if re.search(r"[\w\u4e00-\u9fff]", doc.text[sp[0] : sp[1]])
    ]
    if not spans:
        return ""
    a, b = spans[0]
    s = doc.text[a:b]
    return s if len(s) <= limit else s[: limit - 1] + "…"


def cite_span(doc: Document, start: int, end: int, limit: int = ITEM_CITE_MAX) -> tuple[int, int]:
    """``[start, end)`` cut at a sentence end so it is at most ``limit`` characters (with
    the Markdown bold mark it would leave open)."""
    start, end = balance_emphasis(doc.text, *strip_span(doc.text, start, end))
    if end - start <= limit:
        return start, end
    best = start + limit
    for _a, b in sentence_spans(doc.text, start, end):
        if b - start <= limit:
            best = b
        else:
            break
    return start, best


def item_blocks(
    book: CitationBook,
    doc: Document,
    items: Sequence[Section],
    level: int = 0,
    *,
    nested: bool = True,
) -> list[AnswerBlock]:
    """One block per item (whole subtree), each cited; without ``nested`` an item's
    children are named inline."""
    out: list[AnswerBlock] = []
    for sec in items:
        if sec.children:
            n = book.cite(doc.doc_id, sec.start, sec.heading_end)
            if nested:
                out.append(AnswerBlock("item", sec.label, (n,), level, doc.doc_id, sec.number))
                out.extend(item_blocks(book, doc, sec.children, level + 1))
            else:
                inner = "；".join(c.label for c in sec.children)
                text = f"{sec.label}（{len(sec.children)} 项：{inner}）"
                out.append(AnswerBlock("item", text, (n,), level, doc.doc_id, sec.number))
        else:
            a, b = cite_span(doc, sec.start, sec.end)
            n = book.cite(doc.doc_id, a, b)
            gist = _first_sentence(doc, sec.heading_end, sec.end).lstrip("。；;，,：: *_")
            cells = _row_cells(doc, sec)
            text = _row_label(sec) + (f"（{cells}）" if cells else f"：{gist}" if gist else "")
            out.append(AnswerBlock("item", text, (n,), level, doc.doc_id, sec.number))
    return out


def _row_label(sec: Section) -> str:
    """A section's marker and heading; a Markdown table row's cells before its task cell
    without the table's bars (``6月20日 重温入党誓词``, not ``| 6月20日 |重温入党誓词``)."""
    if sec.style != "row" or not re.search(r"[|｜]", sec.number):
        return sec.label
    cells = [c.strip() for c in re.split(r"[|｜]", sec.number) if c.strip()]
    return " ".join([*cells, sec.heading])


def _row_cells(doc: Document, sec: Section) -> str:
    """A task-table row's other cells as 列名：值 (责任单位：…；完成时限：…), or ""."""
    if sec.style != "row":
        return ""
    cells = [(n, v.strip()) for n, v in row_fields(doc.text, sec)]
    number = sec.number.strip(" |\t")
    return "；".join(f"{n}：{v}" for n, v in cells if n and v and v not in (sec.heading, number))


def _department_basis(book: CitationBook, doc: Document) -> list[AnswerBlock]:
    """Where the text shows which department it is, cited."""
    m = doc.meta
    phrases = [p for p in m.department_basis if p in doc.text]
    if not phrases:
        return []
    if m.department in doc.text:
        # (the line the unit is read from — 署名, 版头, 来源, speaker line — cited, so that
        # the attribution can be checked like any passage)
        pos = doc.text.find(phrases[0])
        n = book.cite(doc.doc_id, pos, pos + len(phrases[0]))
        return [
            AnswerBlock("note", f"（单位依据：原文“{phrases[0]}”）", (n,), doc=doc.doc_id, level=1)
        ]
    marks: list[str] = []
    cites: list[int] = []
    for p in phrases:
        pos = doc.text.find(p)
        a, b = clause_around(doc.text, pos, pos + len(p))
        n = book.cite(doc.doc_id, a, b)
        marks.append(f"“{p}”[{n}]")
        cites.append(n)
    text = f"（原文未写明单位，据以下表述判断为{m.department}：" + "；".join(marks) + "）"
    return [AnswerBlock("note", text, doc=doc.doc_id, level=1)]


def unit_of(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The leaf section (if small enough) or paragraph that holds ``[start, end)``."""
    best: Section | None = None
    for sec in doc.sections():
        if sec.start <= start and end <= sec.end and not sec.children:
            best = sec
    if best is not None and best.end - best.start <= UNIT_MAX:
        return best.start, best.end
    for a, b in paragraph_spans(doc.text):
        if a <= start and end <= b:
            if b - a <= UNIT_MAX:
                return a, b
            return (
                cite_span(doc, start, b, ITEM_CITE_MAX)
                if start - a > UNIT_MAX // 2
                else cite_span(doc, a, b, UNIT_MAX)
            )
    return start, end


def _unit_around(doc: Document, hit: TermHit) -> tuple[int, int]:
    """``unit_of`` the hit, widened to the hit's own context: an inline item (三是…) that
    starts at the term still shows the words before it, as the concordance line does."""
    a, b = unit_of(doc, hit.start, hit.end)
    return min(a, hit.context_start), max(b, hit.context_end)


def finish_answer(
    q: Query, kind: str, found: bool, blocks: list[AnswerBlock], book: CitationBook
) -> Answer:
    return Answer(q.question, kind, found, markdown(blocks), book.citations, blocks=tuple(blocks))


_CN_DIGIT = "〇零一二三四五六七八九十"


# --- shapes -------------------------------------------------------------------------------


def outline_blocks(book: CitationBook, node: Node, q: Query) -> list[AnswerBlock]:
    doc = node.doc
    sec = node.section
    items = node.items
    if sec is None and node.run:
        head = header_block(doc, f"列了 {len(items)} 项：")
        return [head, *item_blocks(book, doc, items)]
    if sec is None:
        parts = len(doc.outline)
        inner = sum(len(s.children) for s in doc.outline)
        count = f"共 {parts} 个部分" + (f"、{inner} 项" if inner else "") + "："
        flat = bool(
            re.search(
                r"几大块|哪几块|几部分|几个部分|各部分|一级标题|框架|结构|提纲|篇章", q.question
            )
        )
        return [header_block(doc, count), *item_blocks(book, doc, items, nested=not flat)]
    if items:
        n = book.cite(doc.doc_id, sec.start, sec.heading_end)
        head = header_block(doc, f"“{sec.label}”下列了 {len(items)} 项：")
        return [
            head,
            AnswerBlock("item", sec.label, (n,), 0, doc.doc_id, sec.number),
            *item_blocks(book, doc, items, 1),
        ]
    a, b = cite_span(doc, sec.start, sec.end, UNIT_MAX)
    m = book.cite(doc.doc_id, a, b)
    return [header_block(doc, "："), AnswerBlock("quote", doc.text[a:b], (m,), 0, doc.doc_id)]


def outline_answer(book: CitationBook, nodes: Iterable[Node], q: Query) -> Answer:
    """A list answer: the outline blocks of each of ``nodes``, in order."""
    blocks: list[AnswerBlock] = []
    for n in nodes:
        # (one run of several in its part, when the question names it by its lead-in)
        blocks.extend(outline_blocks(book, led_run(n, q.question), q))
    return finish_answer(q, "tasks", True, blocks, book)


def _merged_contexts(doc: Document, hits: Sequence[TermHit]) -> list[tuple[int, int, TermHit]]:
    """The hits' contexts, those that touch or overlap (a heading and the sentence under it,
    separated by white space only) merged into one span, in order."""
    out: list[tuple[int, int, TermHit]] = []
    for h in sorted(hits, key=lambda x: x.context_start):
        a, b = h.context_start, h.context_end
        if out and a <= out[-1][1] + 4 and not doc.text[out[-1][1] : a].strip():
            pa, pb, ph = out[-1]
            if max(b, pb) - pa <= UNIT_MAX:
                out[-1] = (pa, max(b, pb), ph)
                continue
        out.append((a, b, h))
    return out


def term_blocks(
    book: CitationBook,
    ctx: AnswerContext,
    page: TermPage,
    *,
    units: bool,
    lead: str | None = None,
) -> list[AnswerBlock]:
    """One page of occurrences grouped by department and document; the counts are the full
    ones, and a last note says how many occurrences are not listed. ``lead`` replaces the
    first note (near occurrences say what they are)."""
    counts = dict(page.per_doc)
    by_dept: OrderedDict[str, OrderedDict[str, list[TermHit]]] = OrderedDict()
    for h in page.hits:
        by_dept.setdefault(h.department, OrderedDict()).setdefault(h.doc_id, []).append(h)
    blocks = [
        AnswerBlock(
            "note", lead or f"“{page.term}”在 {len(counts)} 份文档中共出现 {page.total} 次："
        )
    ]
    for dept, docs in by_dept.items():
        blocks.append(AnswerBlock("header", dept, label=dept))
        for doc_id, doc_hits in docs.items():
            doc = ctx.documents[doc_id]
            blocks.append(
                AnswerBlock(
                    "header",
                    f"《{doc.meta.title}》，{doc_when(doc)}：{counts.get(doc_id, len(doc_hits))} 次",
                    level=1,
                    doc=doc_id,
                )
            )
            used: set[tuple[int, int]] = set()
            spans = (
                [(*_unit_around(doc, h), h) for h in doc_hits]
                if units
                else _merged_contexts(doc, doc_hits)
            )
            for a, b, h in spans:
                if (a, b) in used:
                    continue
                used.add((a, b))
                n = book.cite(doc_id, a, b)
                where = f"（{h.section}）" if h.section else ""
                text = doc.text[a:b]
                blocks.append(AnswerBlock("term", f"{where}{text}", (n,), 1, doc_id))
                if units:
                    blocks.extend(_speaker_note(doc, doc_id, h.start, h.end, 2))
            if units:
                blocks.extend(_department_basis(book, doc))
    if page.not_shown:
        blocks.append(
            AnswerBlock(
                "note",
                f"以上列出前 {len(page.hits)} 处，另有 {page.not_shown} 处未列出；"
                "完整清单请在“查找表述”中查看或导出。",
            )
        )
    return blocks


def _speaker_note(
    doc: Document, doc_id: str, start: int, end: int, level: int
) -> list[AnswerBlock]:
    """A note naming who says the passage ``start:end`` (``_said_by``), or nothing."""
    said = _said_by(doc, start, end)
    if not said:
        return []
    return [AnswerBlock("note", f"原文中说这句话的是：{said}", level=level, doc=doc_id)]


def passage_blocks(
    book: CitationBook, ctx: AnswerContext, q: Query, chosen: Sequence[Sentence], who: bool
) -> list[AnswerBlock]:
    by_doc: OrderedDict[str, list[Sentence]] = OrderedDict()
    for s in chosen:
        by_doc.setdefault(s.doc_id, []).append(s)
    blocks: list[AnswerBlock] = []
    if who and len(by_doc) > 1:
        blocks.append(AnswerBlock("note", "出自以下文档："))
    for doc_id, sents in by_doc.items():
        doc = ctx.documents[doc_id]
        blocks.append(header_block(doc, "："))
        for s in sorted(sents, key=lambda x: x.start):
            end = _run_in_end(doc.text, s.start, s.end)
            a, b = unit_of(doc, s.start, end)
            # (the quotation stands whole in the passage it cites: a long paragraph's unit,
            # cut at a sentence end, may stop inside the run-in list)
            n = book.cite(doc_id, min(a, s.start), max(b, end))
            blocks.append(AnswerBlock("quote", doc.text[s.start : end], (n,), 0, doc_id))
            if who:
                sec = book.citations[n - 1].section
                if sec:
                    blocks.append(AnswerBlock("note", f"（位置：{sec}）", level=1, doc=doc_id))
                blocks.extend(_speaker_note(doc, doc_id, s.start, s.end, 1))
        if who:
            blocks.extend(_department_basis(book, doc))
    return blocks


_RUN_IN_MAX = 300  # characters of a run-in list quoted after its lead sentence


def _run_in_end(text: str, start: int, end: int) -> int:
    """Where a passage ends: a sentence that ends on a colon (重点抓好三项工作：) leads into a
    run-in list on the same line (一是…，二是…), which is quoted with it; else ``end``."""
    if not text[start:end].rstrip().endswith(("：", ":")):
        return end
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    rest = text[end:stop].rstrip()
    if not rest.strip() or len(rest) > _RUN_IN_MAX:
        return end
    return end + len(rest)


_SPEAKER = re.compile(
    r"([^，。；：！？\n]{0,24}?(?:总书记|书记|主任|局长|部长|同志|组长|主席|领导))[^，。；！？\n]{0,24}?(?:指出|强调|告诫|说|讲|要求|提出)"
)


# Kinds of document that report or hold what people said (a speech, a news report, an
# experience piece quoting a leader): a plan, a notice or a rule has no speaker.
_SPOKEN_KINDS = frozenset({"讲话", "新闻报道", "经验材料", "工作总结", "其他"})


def _said_by(doc: Document, start: int, end: int) -> str | None:
    """Who the text says said the sentence at ``[start, end)`` (县委书记XX强调…): a post
    followed by a verb of saying in that sentence itself, before the passage (never a
    neighbouring item's), and only in a document that reports speech."""
    if doc.meta.kind not in _SPOKEN_KINDS:
        return None
    lead = doc.text[max(0, start - 120) : start]
    cut = max(lead.rfind(ch) for ch in "。！？；\n")
    sp = _SPEAKER.search(lead[cut + 1 :] + doc.text[start:end])
    return sp.group(0) if sp else None


# A line that is only a date: the 成文日期 under a notice's signature (GB/T 9704-2012 7.3.5).
_DATE_LINE = re.compile(
    rf"[\d{_CN_DIGIT}]{{4}}年[\d{_CN_DIGIT}]{{1,2}}月[\d{_CN_DIGIT}]{{1,3}}日|\(?（?\d{{4}}年\d{{1,2}}月\d{{1,2}}日）?\)?"
)


# A 发文字号 (GB/T 9704: 机关代字〔年份〕序号号) on a line of its own or beside the signer.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔［\[(（]\d{4}[〕］\])）]\s*\d{1,4}\s*号")


# A 题注 under the title giving the date it was adopted or spoken: （2025年1月22日…通过）.
_DATED_NOTE = re.compile(r"[（(][^（）()]{0,20}\d{4}年\d{1,2}月\d{1,2}日[^（）()]{0,20}[）)]")


# The fields of a document's information a question may ask by name, and the label the text
# gives each (GB/T 9704-2012: 发文字号 is read by ``_DOC_NUMBER``; 主送机关, 附件说明, the 附注
# with 联系人及电话 after the 成文日期 or closing the body, the 版记's 抄送机关 and 印发机关和印发
# 日期; a web page's 来源, 作者, 发布时间 under the title and 责任编辑, 审核, 校对 after the
# article, often two on one line). A labelled line is short and its label stands at the
# line's start or after a bracket or a space (（联系人：…；联系电话：…）, 责任编辑：…　审核：…).
_LABEL_BEFORE = r"(?:^|(?<=[\s\u3000（(【\[；;，,|｜]))"
_FIELDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (
        name,
        re.compile(asked),
        re.compile(label if label.startswith("[") else _LABEL_BEFORE + label),
    )
    for name, asked, label in (
        (
            "联系人",
            r"联系人|联系电话|联系方式|电话|联系谁|找谁联系",
            r"(?:联\s*系\s*人(?:及(?:联系)?电话)?|联系电话|联系方式|咨询电话|电\s*话)\s*[:：]",
        ),
        ("编辑", r"责编|编辑|小编", r"(?:责任编辑|编辑|责编)\s*[:：]"),
        ("审核", r"审核|审稿|终审", r"(?:审核|审稿|终审|编审)\s*[:：]"),
        ("校对", r"(?<![党学院])校对", r"校\s*对\s*[:：]"),
        ("作者", r"作者|谁写|撰稿|记者|通讯员|执笔", r"(?:作者|记者|通讯员|撰稿人?|执笔)\s*[:：]"),
        (
            "来源",
            r"来源|哪个网站|哪家媒体|供稿|供的稿|发的稿|稿源",
            rf"(?:(?:{SOURCE})\s*[:：]|[（(][^（）()\n]{{2,40}}供稿\s*[)）])",
        ),
        (
            "发布时间",
            r"发布|发表|发稿|几号发|哪天发|什么时候发|啥时候发",
            r"(?:发布|发表|更新|发稿)?(?:时间|日期)\s*[:：]",
        ),
        # (the page's counter, asked by any of its words: 阅读量 of a page's 浏览次数)
        ("浏览量", ASKED, rf"(?:{COUNTER})\s*[:：]\s*\d"),
        ("抄送", r"抄送|抄报|抄给", r"抄\s*[送报]\s*[:：]"),
        (
            "印发",
            r"印发",
            rf"[\d{_CN_DIGIT}]{{4}}\s*年[\d{_CN_DIGIT}\s]{{1,3}}月[\d{_CN_DIGIT}\s]{{1,4}}日\s*印\s*发[\s\u3000]*$",
        ),
        ("附件", r"附件", r"附\s*件\s*\d*\s*[:：]"),
        ("签发人", r"签发人|谁签发", r"签\s*发\s*人\s*[:：]"),
        # (the 主送机关: read by ``_addressee_span``)
        ("主送", r"主送|发给谁|发给哪些|下发给|发到哪|发往", r"(?!)"),
    )
)
_FIELD_LINE_MAX = 120  # characters of a labelled line, at most (a body sentence is no field)
_ADDRESSEE = re.compile(r"[^。！？!?\n]{2,60}[:：]")


def asked_fields(question: str) -> tuple[str, ...]:
    """The document-information fields ``question`` names (联系人, 抄送, 责任编辑 …), in the
    order of ``_FIELDS``."""
    return tuple(name for name, asked, _ in _FIELDS if asked.search(question))


def field_spans(doc: Document, fields: Sequence[str]) -> list[tuple[int, int]]:
    """The lines of ``doc`` that give the asked ``fields``, wherever they stand (a 抄送
    running over two lines, its second line indented, cited whole)."""
    if not fields:
        return []
    text = doc.text
    paras = paragraph_spans(text)
    out: list[tuple[int, int]] = []
    labels = [label for name, _, label in _FIELDS if name in fields]
    for i, (a, b) in enumerate(paras):
        line = text[a:b]
        if b - a > _FIELD_LINE_MAX or not any(lb.search(line) for lb in labels):
            continue
        if re.match(r"抄\s*[送报]", line):
            # (a list of recipients goes on until its full stop)
            j = i
            while not text[paras[j][0] : paras[j][1]].rstrip().endswith("。") and j + 1 < len(
                paras
            ):
                nxt = text[paras[j + 1][0] : paras[j + 1][1]]
                if any(lb.search(nxt) for _, _, lb in _FIELDS) or len(nxt) > _FIELD_LINE_MAX:
                    break
                j += 1
            b = paras[j][1]
        out.append((a, b))
    if "主送" in fields:
        addressee = _addressee_span(doc, paras)
        if addressee is not None:
            out.append(addressee)
    return out


def _addressee_span(doc: Document, paras: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The 主送机关 line: the first short line after the title that ends on a colon (各基层
    党组织：), before the body."""
    for a, b in paras[1:12]:
        line = doc.text[a:b]
        if _ADDRESSEE.fullmatch(line) and not _DOC_NUMBER.search(line):
            return a, b
        if len(line) > 60:
            return None
    return None


def info_documents(ev: Evidence, q: Query) -> list[Document]:
    """The document a question on document information is about: the best of its scope
    when that one is pointed at (its prior above 0.5) and of the kind the question names
    (通知, 报道), if it names one; else the best document of that kind of an organisation the
    question names by one of its names (X集团: its 党委's news page and its 委员会's 通知 are
    two departments of one organisation); [] when neither is."""
    scoped = scoped_docs(ev, q)
    top = [d for d in scoped[:1] if ev.priors[d.doc_id] > 0.5]
    kinds = any(p.search(q.rest) for p, _ in KIND_HINTS)
    if not kinds or (top and kind_bonus(q, top[0]) > 0):
        return top
    # (the words the question names an organisation with — 港务集团 — held by a department's
    # name or one of its short names)
    spans = [
        q.question[m.start : m.end]
        for m in department_mentions(q.question, sorted({d.meta.department for d in ev.docs}))
    ]
    named = [
        d
        for d in ev.docs
        if kind_bonus(q, d) > 0
        and any(
            s in n for s in spans if len(s) >= 2 for n in (d.meta.department, *d.meta.short_names)
        )
    ]
    return sorted(named, key=lambda d: -ev.priors[d.doc_id])[:1] or top


def doc_info_blocks(
    book: CitationBook, docs: Sequence[Document], fields: Sequence[str] = ()
) -> list[AnswerBlock]:
    """Each document's header and its information lines, cited: the title and the lines
    under it that date and source it, the 文号, the 署名 with its date, and the lines of
    the asked ``fields`` wherever they stand."""
    blocks: list[AnswerBlock] = []
    for doc in docs[:2]:
        m = doc.meta
        blocks.append(header_block(doc, f"，类型：{m.kind}"))
        spans: list[tuple[int, int]] = []
        # The 成文日期 is cited with the 署名 above it: who issued the document, and when.
        signed = signature_span(doc.text)
        for i, (a, b) in enumerate(paragraph_spans(doc.text)[:30]):
            if signed and a < signed[1] and signed[0] < b:
                # (the paragraphs the 署名 and its date stand in, cited once, together)
                if a <= signed[0]:
                    spans.append((min(a, signed[0]), max(b, signed[1])))
                continue
            line = doc.text[a:b]
            head = i < 6 and (
                bool(re.search(r"发布时间|来源|日期|作者|编辑", line))
                or line == m.title
                or bool(_DATED_NOTE.fullmatch(line.strip()))
            )
            if head or _DATE_LINE.fullmatch(line.strip()) or _DOC_NUMBER.search(line):
                spans.append((a, b))
        if signed and not any(x < signed[1] and signed[0] < y for x, y in spans):
            spans.append(signed)  # (a long report's 落款, after its first paragraphs)
        spans.extend(_issuer_lines(doc, spans))
        for a, b in sorted(field_spans(doc, fields)):
            if not any(x <= a and b <= y for x, y in spans):
                spans = [(x, y) for x, y in spans if not (a <= x and y <= b)] + [(a, b)]
        for a, b in sorted(spans):
            n = book.cite(doc.doc_id, a, b)
            blocks.append(AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id))
        for info in m.page_info:
            blocks.append(
                AnswerBlock("note", f"页面信息（已从正文中清除，原样）：{info}", doc=doc.doc_id)
            )
    return blocks


def _issuer_lines(doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The line naming each issuer of a 联合发文 (its department, issuers joined by 、) that
    ``spans`` do not quote yet: the last line holding the issuer's name, its 落款 (a joint
    落款 side by side or stacked is no 署名 of one unit, so ``signature_span`` may miss it)."""
    issuers = doc.meta.department.split("、")
    if len(issuers) < 2:
        return []
    lines = paragraph_spans(doc.text)
    added: list[tuple[int, int]] = []
    for issuer in issuers:
        if any(issuer in doc.text[a:b] for a, b in (*spans, *added)):
            continue
        held = [(a, b) for a, b in lines if issuer in doc.text[a:b]]
        if held and not any(x < held[-1][1] and held[-1][0] < y for x, y in (*spans, *added)):
            added.append(held[-1])
    return added


def speaker_blocks(book: CitationBook, docs: Sequence[Document]) -> list[AnswerBlock]:
    """The line of the (one) document that names who speaks in it, cited, with the
    department it is read as; [] when there is not exactly one document or no such line."""
    if len(docs) != 1 or docs[0].meta.kind != "讲话":
        return []  # (a news report or a plan has no speaker line of its own)
    doc = docs[0]
    span = speaker_span(doc.text)
    if span is None:
        return []
    n = book.cite(doc.doc_id, *span)
    return [
        header_block(doc, "，讲话人："),
        AnswerBlock("quote", doc.text[span[0] : span[1]], (n,), 0, doc.doc_id),
        *_department_basis(book, doc),
    ]
