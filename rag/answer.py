"""The default answerer: extractive, structure-aware, cited, no LLM.

- list questions get the matching part of the matching document's outline,
  complete and in the source's own numbering, every item cited;
- term questions get every occurrence, grouped by department and document;
- attribution questions get ``部门（文件标题，日期）：原文`` for each source, with
  the passage that shows which department it is;
- comparisons get one block per department or document;
- facts get the sentence(s) that state them, quoted;
- when the documents do not support an answer it says so (未在文档中找到…) and
  lists the nearest passages as 可能相关.

Every ``[n]`` marker refers to a ``Citation`` whose text is verbatim in its
document (checked by ``CitationBook``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.cite import CitationBook
from rag.concordance import PAGE_ROWS, Concordance
from rag.question import Query, Scope, content_words, salient_words
from rag.retrieve import Retriever
from rag.text import clause_around, normalize, paragraph_spans, sentence_spans, strip_span
from rag.types import Answer, Document, Section, TermHit, TermPage

__all__ = ["AnswerContext", "answer_query", "coverage", "refusal"]


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalize(text)


_KIND_ORDER = {"工作要点": 0, "工作总结": 1, "讲话": 2, "新闻报道": 3, "其他": 4}
_CN_COUNT = {
    "两": 2,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_SPEAKER = re.compile(
    r"([^，。；：！？\n]{0,24}?(?:总书记|书记|主任|局长|部长|同志|组长|主席|领导))[^，。；！？\n]{0,24}?(?:指出|强调|告诫|说|讲|要求|提出)"
)
_UNIT_MAX = 600  # characters: a leaf section up to this size is cited whole
_ITEM_CITE_MAX = 320
# Occurrences listed in a 查找表述 answer (the count is always complete).
TERM_ANSWER_ROWS = PAGE_ROWS


@dataclass(frozen=True)
class AnswerContext:
    documents: Mapping[str, Document]
    concordance: Concordance
    retriever: Retriever | None
    terms: tuple[str, ...] = ()


# --- scoring ----------------------------------------------------------------------------


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def _word_in(word: str, text: str) -> float:
    """1 if the word is in the (normalised) text, else the share of its bigrams that are."""
    if word in text:
        return 1.0
    grams = _bigrams(word)
    return sum(1 for g in grams if g in text) / len(grams)


def coverage(words: Sequence[str], text: str, weights: Mapping[str, float] | None = None) -> float:
    """Weighted share of ``words`` found in normalised ``text`` (0..1); a word weighs its
    length times ``weights[word]`` (1 when not given)."""
    if not words:
        return 0.0
    w8 = {w: len(w) * (weights.get(w, 1.0) if weights else 1.0) for w in words}
    total = sum(w8.values())
    return sum(w8[w] * _word_in(w, text) for w in words) / total if total else 0.0


def _idf(ctx: AnswerContext, words: Sequence[str]) -> dict[str, float]:
    """How specific each word is in this library: words that every document uses (党员)
    weigh less than words few documents use (配额), absent words most."""
    library = [_norm(d.text) for d in ctx.documents.values()]
    n = len(library)
    return {w: math.log(1 + n / (1 + sum(_word_in(w, t) >= 0.5 for t in library))) for w in words}


def _doc_label(doc: Document) -> str:
    m = doc.meta
    when = m.date or (f"{m.year}年" if m.year else "日期未注明")
    return f"**{m.department}**（《{m.title}》，{when}）"


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


def _cite_span(doc: Document, start: int, end: int, limit: int = _ITEM_CITE_MAX) -> tuple[int, int]:
    """``[start, end)`` cut at a sentence end so it is at most ``limit`` characters."""
    start, end = strip_span(doc.text, start, end)
    if end - start <= limit:
        return start, end
    best = start + limit
    for _a, b in sentence_spans(doc.text, start, end):
        if b - start <= limit:
            best = b
        else:
            break
    return start, best


def _expected_count(question: str) -> int | None:
    m = re.search(
        r"([一二两三四五六七八九十\d]{1,2})(?:个|项|条|大|点)?(?:方面|部分|块|项|条|点|个)",
        question,
    )
    if not m:
        return None
    raw = m.group(1)
    if raw.isdigit():
        return int(raw)
    return _CN_COUNT.get(raw) if len(raw) == 1 else None


# --- outline candidates -----------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    doc: Document
    parent: Section | None
    items: tuple[Section, ...]
    score: float


def _root_runs(doc: Document) -> list[tuple[Section, ...]]:
    runs: list[list[Section]] = []
    for sec in doc.outline:
        if runs and runs[-1][-1].style == sec.style:
            runs[-1].append(sec)
        else:
            runs.append([sec])
    return [tuple(r) for r in runs if len(r) > 1]


def _list_score(
    words: Sequence[str],
    doc: Document,
    parent: Section | None,
    items: Sequence[Section],
    expected: int | None,
) -> float:
    heads = _norm("".join(i.heading for i in items))
    body = _norm(doc.text[items[0].start : items[-1].end])
    score = 0.8 * coverage(words, heads) + 0.3 * coverage(words, body)
    if parent is not None:
        score += 1.2 * coverage(words, _norm(parent.heading))
    if expected is not None:
        score += 0.6 if expected == len(items) else -0.2
    return score


def _candidates(q: Query, docs: Sequence[Document], words: Sequence[str]) -> list[_Candidate]:
    expected = _expected_count(q.question)
    out: list[_Candidate] = []
    for doc in docs:
        for run in _root_runs(doc):
            out.append(_Candidate(doc, None, run, _list_score(words, doc, None, run, expected)))
        for sec in doc.sections():
            if sec.children:
                out.append(
                    _Candidate(
                        doc, sec, sec.children, _list_score(words, doc, sec, sec.children, expected)
                    )
                )
            elif sec.end - sec.start <= _UNIT_MAX:
                head = coverage(words, _norm(sec.heading))
                body = coverage(words, _norm(doc.text[sec.start : sec.end]))
                out.append(_Candidate(doc, sec, (), 1.4 * head + 0.5 * body))
    return sorted(out, key=lambda c: -c.score)


# --- rendering --------------------------------------------------------------------------


def _render_items(
    book: CitationBook,
    doc: Document,
    items: Sequence[Section],
    depth: int = 0,
    *,
    nested: bool = True,
) -> list[str]:
    """One bullet per item, each cited; sub-items nested (or, without ``nested``, named inline)."""
    lines: list[str] = []
    pad = "  " * depth
    for sec in items:
        if sec.children and not nested:
            n = book.marker(doc.doc_id, sec.start, sec.heading_end)
            inner = "；".join(c.label for c in sec.children)
            lines.append(f"{pad}- **{sec.label}** {n}（{len(sec.children)} 项：{inner}）")
        elif sec.children:
            n = book.marker(doc.doc_id, sec.start, sec.heading_end)
            lines.append(f"{pad}- **{sec.label}** {n}")
            lines.extend(_render_items(book, doc, sec.children, depth + 1))
        else:
            a, b = _cite_span(doc, sec.start, sec.end)
            n = book.marker(doc.doc_id, a, b)
            gist = _first_sentence(doc, sec.heading_end, sec.end)
            gist = gist.lstrip("。；;，,：: ")
            lines.append(f"{pad}- {sec.label}" + (f"：{gist}" if gist else "") + f" {n}")
    return lines


def _count_items(secs: Sequence[Section]) -> tuple[int, int]:
    parts = len(secs)
    items = sum(len(s.children) for s in secs)
    return parts, items


_PARTS_ONLY = re.compile(r"几大块|哪几块|几部分|几个部分|哪几个部分|结构|框架|几大方面")


def _render_outline(book: CitationBook, doc: Document, parts_only: bool = False) -> list[str]:
    """The whole outline; with ``parts_only`` the parts are cited and their items named inline."""
    parts, items = _count_items(doc.outline)
    head = f"{_doc_label(doc)}共 {parts} 个部分" + (f"、{items} 项" if items else "") + "："
    if not parts_only or not items:
        return [head, *_render_items(book, doc, doc.outline)]
    return [head, *_render_items(book, doc, doc.outline, nested=False)]


def _render_candidate(book: CitationBook, cand: _Candidate) -> list[str]:
    doc = cand.doc
    if cand.items:
        where = f"“{cand.parent.label}”" if cand.parent else "正文"
        head = f"{_doc_label(doc)}在{where}中列了 {len(cand.items)} 项："
        return [head, *_render_items(book, doc, cand.items, nested=False)]
    assert cand.parent is not None
    sec = cand.parent
    a, b = _cite_span(doc, sec.start, sec.end, _UNIT_MAX)
    n = book.marker(doc.doc_id, a, b)
    return [f"{_doc_label(doc)}：", f"> {doc.text[a:b]} {n}"]


def _department_basis(book: CitationBook, doc: Document) -> str:
    """Where the text shows which department it is, cited."""
    m = doc.meta
    named = m.department in doc.text
    phrases = [p for p in m.department_basis if p in doc.text]
    if not phrases:
        return ""
    if named:
        phrases = phrases[:1]
    if named:
        return f"（单位依据：原文“{phrases[0]}”）"
    marks = []
    for p in phrases:
        pos = doc.text.find(p)
        a, b = clause_around(doc.text, pos, pos + len(p))
        marks.append(f"“{p}”{book.marker(doc.doc_id, a, b)}")
    return f"（原文未写明单位，据以下表述判断为{m.department}：" + "；".join(marks) + "）"


# --- retrieval helpers --------------------------------------------------------------------


def _hits_in(
    ctx: AnswerContext, query: str, doc_ids: Sequence[str], k: int
) -> list[tuple[str, int, int, float]]:
    """(doc, start, end, rank score) of retrieved chunks within ``doc_ids``."""
    if ctx.retriever is None:
        return []
    allowed = set(doc_ids)
    hits = ctx.retriever.retrieve(query, k=max(k * 6, 60))
    out: list[tuple[str, int, int, float]] = []
    for h in hits:
        if h.chunk.doc_id in allowed:
            out.append((h.chunk.doc_id, h.chunk.start, h.chunk.end, 1.0 / (len(out) + 2)))
            if len(out) >= k:
                break
    return out


@dataclass(frozen=True)
class _Sentence:
    doc_id: str
    start: int
    end: int
    score: float


def _rank_sentences(
    ctx: AnswerContext, q: Query, doc_ids: Sequence[str], words: Sequence[str], k: int = 8
) -> list[_Sentence]:
    quoted = [_norm(x) for x in q.quoted if len(_norm(x)) >= 2]
    weights = _idf(ctx, words)
    seen: set[tuple[str, int]] = set()
    out: list[_Sentence] = []
    for doc_id, a, b, prior in _hits_in(ctx, q.question, doc_ids, k):
        doc = ctx.documents[doc_id]
        for s, e in sentence_spans(doc.text, a, b):
            if (doc_id, s) in seen:
                continue
            seen.add((doc_id, s))
            norm = _norm(doc.text[s:e])
            score = coverage(words, norm, weights) + 0.25 * prior
            if quoted:
                score += max(_word_in(x, norm) for x in quoted)
            out.append(_Sentence(doc_id, s, e, score))
    # Quoted phrases found verbatim anywhere count even if retrieval missed them.
    for phrase in q.quoted:
        for hit in ctx.concordance.find(phrase, doc_ids):
            doc = ctx.documents[hit.doc_id]
            for s, e in sentence_spans(
                doc.text, max(0, hit.start - 300), min(len(doc.text), hit.end + 300)
            ):
                if s <= hit.start < e and (hit.doc_id, s) not in seen:
                    seen.add((hit.doc_id, s))
                    out.append(
                        _Sentence(
                            hit.doc_id, s, e, coverage(words, _norm(doc.text[s:e]), weights) + 1.0
                        )
                    )
    return sorted(out, key=lambda x: -x.score)


def _missing_nouns(
    ctx: AnswerContext, words: Sequence[str], docs: Sequence[Document]
) -> tuple[list[str], float]:
    """The question's topic nouns that no candidate document contains, and their share.

    Nouns that nearly every document of the library uses (党员, 党建) say nothing about
    whether the documents answer this question, so they are left out of the share."""
    nouns = salient_words(" ".join(words))
    library = [_norm(d.text) for d in ctx.documents.values()]
    if len(library) >= 3:
        nouns = [
            w for w in nouns if sum(_word_in(w, t) >= 0.5 for t in library) < 0.8 * len(library)
        ]
    if not nouns:
        return [], 0.0
    texts = [_norm(d.text) for d in docs]
    missing = [w for w in nouns if max((_word_in(w, t) for t in texts), default=0.0) < 0.5]
    return missing, len(missing) / len(nouns)


def _unit_of(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The leaf section (if small enough) or paragraph that holds ``[start, end)``."""
    best: Section | None = None
    for sec in doc.sections():
        if sec.start <= start and end <= sec.end and not sec.children:
            best = sec
    if best is not None and best.end - best.start <= _UNIT_MAX:
        return best.start, best.end
    for a, b in paragraph_spans(doc.text):
        if a <= start and end <= b:
            if b - a <= _UNIT_MAX:
                return a, b
            return (
                _cite_span(doc, start, b, _ITEM_CITE_MAX)
                if start - a > _UNIT_MAX // 2
                else _cite_span(doc, a, b, _UNIT_MAX)
            )
    return start, end


# --- answers by kind --------------------------------------------------------------------


def refusal(
    ctx: AnswerContext, q: Query, reason: str, doc_ids: Sequence[str] | None = None
) -> Answer:
    """未在文档中找到…, with the nearest passages as 可能相关."""
    book = CitationBook(ctx.documents)
    lines = [f"未在文档中找到{reason}。"]
    near = _hits_in(ctx, q.question, list(doc_ids) if doc_ids else list(ctx.documents), 3)
    if near:
        lines.append("")
        lines.append("可能相关：")
        for doc_id, a, b, _ in near:
            doc = ctx.documents[doc_id]
            a, b = _cite_span(doc, a, b, 160)
            lines.append(f"- {_doc_label(doc)}：{doc.text[a:b]} {book.marker(doc_id, a, b)}")
    return Answer(q.question, q.kind, False, "\n".join(lines), book.citations)


def _docs(ctx: AnswerContext, doc_ids: Sequence[str]) -> list[Document]:
    return [ctx.documents[d] for d in doc_ids if d in ctx.documents]


def _pick_document(q: Query, docs: Sequence[Document]) -> Document:
    wants_plan = bool(re.search(r"任务|要点|安排|部署", q.question))
    ranked = sorted(
        docs,
        key=lambda d: (
            not d.outline,
            _KIND_ORDER.get(d.meta.kind, 9) if wants_plan else 0,
            -len(d.sections()),
        ),
    )
    return ranked[0]


def _topic_words(q: Query, docs: Sequence[Document]) -> list[str]:
    words = content_words(q.topic)
    if q.year is not None and all(d.meta.year != q.year for d in docs):
        words.append(f"{q.year}年")
    return words


def _answer_tasks(ctx: AnswerContext, q: Query) -> Answer:
    docs = _docs(ctx, q.doc_ids)
    book = CitationBook(ctx.documents)
    words = _topic_words(q, docs)
    if q.whole_document or not words:
        with_outline = [d for d in docs if d.outline]
        if with_outline and (q.whole_document or not words):
            doc = _pick_document(q, with_outline)
            lines = _render_outline(book, doc, bool(_PARTS_ONLY.search(q.question)))
            return Answer(q.question, q.kind, True, "\n".join(lines), book.citations)
    cands = _candidates(q, docs, words)
    if cands and cands[0].score >= 0.9:
        lines = _render_candidate(book, cands[0])
        return Answer(q.question, q.kind, True, "\n".join(lines), book.citations)
    return _answer_passages(ctx, q, docs, words, book)


def _answer_passages(
    ctx: AnswerContext, q: Query, docs: Sequence[Document], words: Sequence[str], book: CitationBook
) -> Answer:
    """Quote the best sentences (facts, and list questions no outline part answers)."""
    missing, share = _missing_nouns(ctx, words, docs)
    if share > 0.5:
        return refusal(ctx, q, f"与“{'、'.join(missing)}”有关的内容", [d.doc_id for d in docs])
    ranked = _rank_sentences(ctx, q, [d.doc_id for d in docs], words)
    # A list question about a document we found is answered with its best passages even
    # when they match loosely; a fact that matches this loosely is not stated there.
    floor = 0.0 if q.kind == "tasks" else 0.45
    if not ranked or (words and ranked[0].score < floor):
        return refusal(ctx, q, "能回答这个问题的内容", [d.doc_id for d in docs])
    best = ranked[0]
    chosen = [best]
    for s in ranked[1:]:
        if len(chosen) >= 3 or s.score < 0.75 * best.score:
            break
        if s.doc_id != best.doc_id and s.score < 0.95 * best.score:
            continue
        chosen.append(s)
    by_doc: OrderedDict[str, list[_Sentence]] = OrderedDict()
    for s in chosen:
        by_doc.setdefault(s.doc_id, []).append(s)
    lines: list[str] = []
    for doc_id, sents in by_doc.items():
        doc = ctx.documents[doc_id]
        lines.append(f"{_doc_label(doc)}：")
        for s in sorted(sents, key=lambda x: x.start):
            a, b = _unit_of(doc, s.start, s.end)
            n = book.marker(doc_id, a, b)
            lines.append(f"> {doc.text[s.start : s.end]} {n}")
        if q.kind == "attribution":
            basis = _department_basis(book, doc)
            if basis:
                lines.append(basis)
    return Answer(q.question, q.kind, True, "\n".join(lines), book.citations)


def _doc_info(ctx: AnswerContext, q: Query, docs: Sequence[Document]) -> Answer:
    book = CitationBook(ctx.documents)
    lines: list[str] = []
    for doc in docs[:3]:
        m = doc.meta
        lines.append(f"{_doc_label(doc)}，类型：{m.kind}")
        first = paragraph_spans(doc.text)[:4]
        for a, b in first:
            line = doc.text[a:b]
            if re.search(r"发布时间|来源|日期", line) or line == m.title:
                lines.append(f"> {line} {book.marker(doc.doc_id, a, b)}")
        for info in m.page_info:
            lines.append(f"页面信息（已从正文中清除，原样）：{info}")
    return Answer(q.question, q.kind, True, "\n".join(lines), book.citations)


def _answer_fact(ctx: AnswerContext, q: Query) -> Answer:
    docs = _docs(ctx, q.doc_ids)
    if q.doc_info and len(docs) <= 2:
        return _doc_info(ctx, q, docs)
    return _answer_passages(ctx, q, docs, _topic_words(q, docs), CitationBook(ctx.documents))


def _answer_attribution(ctx: AnswerContext, q: Query) -> Answer:
    docs = _docs(ctx, q.doc_ids)
    words = _topic_words(q, docs)
    book = CitationBook(ctx.documents)
    if _missing_nouns(ctx, words, docs)[1] > 0.5:
        return refusal(ctx, q, "这段表述", q.doc_ids)
    ranked = _rank_sentences(ctx, q, [d.doc_id for d in docs], words)
    if not ranked or ranked[0].score < 0.45:
        return refusal(ctx, q, "这段表述", q.doc_ids)
    best = ranked[0].score
    picked: OrderedDict[str, _Sentence] = OrderedDict()
    for s in ranked:
        if s.score < 0.8 * best or len(picked) >= 3:
            break
        picked.setdefault(s.doc_id, s)
    lines: list[str] = []
    for doc_id, s in picked.items():
        doc = ctx.documents[doc_id]
        a, b = _unit_of(doc, s.start, s.end)
        n = book.cite(doc_id, a, b)
        sentence = doc.text[s.start : s.end]
        section = book.citations[n - 1].section
        lines.append(f"{_doc_label(doc)}：")
        lines.append(f"> {sentence} [{n}]")
        if section:
            lines.append(f"（位置：{section}）")
        if q.wants_speaker:
            sp = _SPEAKER.search(sentence) or _SPEAKER.search(
                doc.text[max(0, s.start - 120) : s.start]
            )
            if sp:
                lines.append(f"原文中说这句话的是：{sp.group(0)}")
        basis = _department_basis(book, doc)
        if basis:
            lines.append(basis)
    head = "出自以下文档：" if len(picked) > 1 else ""
    return Answer(
        q.question, q.kind, True, "\n".join(([head] if head else []) + lines), book.citations
    )


def _best_term(ctx: AnswerContext, phrase: str, doc_ids: Sequence[str]) -> str:
    """The phrase itself, or the more frequent known term inside it (第一议题制度 → 第一议题)."""
    best, best_count = phrase, ctx.concordance.count(phrase, doc_ids)
    for term in ctx.terms:
        if len(term) >= 3 and term in phrase and term != phrase:
            c = ctx.concordance.count(term, doc_ids)
            if c > best_count or (c == best_count and c > 0 and len(term) > len(best)):
                best, best_count = term, c
    return best


def _render_term_hits(book: CitationBook, ctx: AnswerContext, page: TermPage) -> list[str]:
    """The occurrences of one page, grouped by department and document; the counts in the
    headings are the full ones, and a last line says how many are not listed."""
    counts = dict(page.per_doc)
    by_dept: OrderedDict[str, OrderedDict[str, list[TermHit]]] = OrderedDict()
    for h in page.hits:
        by_dept.setdefault(h.department, OrderedDict()).setdefault(h.doc_id, []).append(h)
    lines = [f"“{page.term}”在 {len(counts)} 份文档中共出现 {page.total} 次："]
    for dept, docs in by_dept.items():
        lines.append(f"**{dept}**")
        for doc_id, doc_hits in docs.items():
            doc = ctx.documents[doc_id]
            when = doc.meta.date or (f"{doc.meta.year}年" if doc.meta.year else "")
            lines.append(
                f"- 《{doc.meta.title}》{('，' + when) if when else ''}：{counts[doc_id]} 次"
            )
            for h in doc_hits:
                n = book.marker(doc_id, h.context_start, h.context_end)
                where = f"（{h.section}）" if h.section else ""
                lines.append(f"  - {where}{h.context} {n}")
    if page.not_shown:
        lines.append(
            f"（以上列出前 {len(page.hits)} 处，另有 {page.not_shown} 处未列出；"
            "完整清单请在“查找表述”中查看或导出。）"
        )
    return lines


def _answer_term(ctx: AnswerContext, q: Query) -> Answer:
    phrase = (q.term or "").strip()
    if not phrase:
        return refusal(ctx, q, "要查找的表述（请给出一个词，如 三会一课）")
    term = _best_term(ctx, phrase, q.doc_ids)
    # One page of occurrences: a term in every sentence (党) must not make a huge answer.
    page = ctx.concordance.page(term, q.doc_ids, limit=TERM_ANSWER_ROWS)
    if not page.total:
        return refusal(ctx, q, f"“{phrase}”", q.doc_ids)
    book = CitationBook(ctx.documents)
    return Answer(
        q.question,
        q.kind,
        True,
        "\n".join(_render_term_hits(book, ctx, page)),
        book.citations,
    )


def _compare_block(ctx: AnswerContext, q: Query, group: Scope, book: CitationBook) -> list[str]:
    docs = _docs(ctx, group.doc_ids)
    lines = [f"### {group.label}"]
    if q.structure:
        with_outline = [d for d in docs if d.outline]
        for doc in [_pick_document(q, with_outline)] if with_outline else []:
            lines.extend(_render_outline(book, doc, True))
        if len(lines) > 1:
            return lines
    words = _topic_words(q, docs)
    cands = _candidates(q, docs, words)
    if cands and cands[0].score >= 0.9:
        return lines + _render_candidate(book, cands[0])
    ranked = _rank_sentences(ctx, q, [d.doc_id for d in docs], words)
    if not ranked:
        return [*lines, "未在该单位的文档中找到相关内容。"]
    used: list[tuple[str, int, int]] = []
    for s in ranked:
        if len(used) >= 2 or s.score < 0.6 * ranked[0].score:
            break
        doc = ctx.documents[s.doc_id]
        a, b = _unit_of(doc, s.start, s.end)
        if any(d == s.doc_id and a < e and st < b for d, st, e in used):
            continue
        used.append((s.doc_id, a, b))
        n = book.marker(s.doc_id, a, b)
        lines.append(f"{_doc_label(doc)}：")
        lines.append(f"> {doc.text[a:b]} {n}")
    return lines


def _answer_compare(ctx: AnswerContext, q: Query) -> Answer:
    book = CitationBook(ctx.documents)
    lines: list[str] = []
    for group in q.groups:
        lines.extend(_compare_block(ctx, q, group, book))
        lines.append("")
    return Answer(q.question, q.kind, True, "\n".join(lines).strip(), book.citations)


def answer_query(ctx: AnswerContext, q: Query) -> Answer:
    """The extractive answer to an understood question."""
    if q.unknown_department:
        return refusal(
            ctx,
            q,
            f"“{q.unknown_department}”的文档（文档库中的单位：{'、'.join(sorted({d.meta.department for d in ctx.documents.values()}))}）",
        )
    if q.unknown_year is not None and q.kind != "term":
        return refusal(ctx, q, f"{q.unknown_year}年的相关文档或内容")
    if not q.doc_ids:
        return refusal(ctx, q, "符合条件的文档")
    if q.kind == "term":
        return _answer_term(ctx, q)
    if q.kind == "compare":
        return _answer_compare(ctx, q)
    if q.kind == "attribution":
        return _answer_attribution(ctx, q)
    if q.kind == "tasks":
        return _answer_tasks(ctx, q)
    return _answer_fact(ctx, q)
