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
"""

from __future__ import annotations

import functools
import math
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rag import synonyms
from rag.cite import CitationBook
from rag.concordance import PAGE_ROWS, Concordance
from rag.deadline import asks_deadline, sets_deadline
from rag.framing import guessed_words, said_by_guess, speaker_span
from rag.metadata import speaker_line
from rag.numbers import Ask, asked_value, holds_value, parse_chinese_number
from rag.outline import row_fields, section_path
from rag.outline_match import (
    heading_overlap,
    is_generic,
    missing_position,
    ordinal_references,
    phrase_in_heading,
    resolve_ordinals,
    rows_by_value,
    rows_of_unit,
)
from rag.positions import absent_position, judges
from rag.question import (
    Query,
    compares_by_each_only,
    content_words,
    is_list_word,
    organ_core,
    read_cues,
    same_organ,
)
from rag.register import equivalents
from rag.render import markdown
from rag.retrieve import Retriever
from rag.script import to_simplified
from rag.speaker import (
    about_meeting,
    asked_post,
    meeting_of,
    post_attends_only,
    post_in_speaker,
    post_speaks_in,
)
from rag.table_rows import asked_months, rows_in_months
from rag.text import clause_around, normalize, paragraph_spans, sentence_spans, strip_span
from rag.types import Answer, AnswerBlock, Document, Section, TermHit, TermPage
from rag.typo import Fix, correct_question, one_off
from rag.value_match import holds_asked, year_fits
from rag.withheld import identity_noun, names_given
from rag.year_plans import plans_of_year, title_year

__all__ = ["AnswerContext", "Weights", "answer_query", "coverage", "refusal"]


@functools.lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return normalize(text)


# --- weights (hand-set on the tuning split of the dev sets; see ``rag eval``) -------------


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence counts. Fitted on the tuning split only."""

    dept_match: float = 1.0
    dept_other: float = -1.2
    year_match: float = 0.3
    year_text: float = 0.15
    year_miss: float = -0.3
    kind_match: float = 0.5
    title_cov: float = 0.8
    text_cov: float = 0.4
    head_cov: float = 1.0
    body_cov: float = 0.45
    list_children: float = 0.25
    overview_root: float = 0.5
    kids_cov: float = 0.8
    count_match: float = 0.5
    # A document an LLM's reading of the question points at (``Query.hint_docs``): a
    # tie-breaker, below ``tie``, so it decides only between documents the evidence scores
    # alike (set by that rule, not fitted).
    hint_doc: float = 0.05
    # A shape is chosen when its score clears these floors.
    node_floor: float = 0.55
    head_alone: float = 0.6
    node_margin: float = 0.25
    head_enough: float = 0.35
    head_holds: float = 0.15
    lead_in: int = 300
    lead_bonus: float = 0.6
    passage_floor: float = 0.42
    passage_min: float = 0.25
    term_share: float = 0.6
    tie: float = 0.08
    broad_tie: float = 0.35


W = Weights()

_UNIT_MAX = 600  # characters: a leaf section up to this size is cited whole
_ITEM_CITE_MAX = 320
# Occurrences listed in a 查找表述 answer (the count is always complete).
TERM_ANSWER_ROWS = PAGE_ROWS
_MAX_DOCS_BROAD = 6
_SPAN_SCAN = 1500  # characters of a candidate section whose sentences are also passages

# Words that say which kind of document a question means (soft: a score, never a filter).
_KIND_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"要点|任务|安排|部署|计划|打算"), ("工作要点", "工作计划", "通知")),
    (re.compile(r"总结|成效|成绩|做了|取得|干了"), ("工作总结",)),
    (
        re.compile(r"讲话|会上|会议|发言|致辞|领导.{0,3}讲|讲了|书记|部长|主任|局长|提出|意见"),
        ("讲话",),
    ),
    (re.compile(r"报道|新闻|稿子|稿|文章|那篇|通讯|网站"), ("新闻报道", "新闻稿")),
    (re.compile(r"通知|印发|发文"), ("通知",)),
)


@dataclass(frozen=True)
class AnswerContext:
    documents: Mapping[str, Document]
    concordance: Concordance
    retriever: Retriever | None
    terms: tuple[str, ...] = ()
    weights: Weights = field(default=W)
    # A cheap lexical retriever (BM25) for gathering candidate passages; the hybrid
    # ``retriever`` is used when it is absent.
    lexical: Retriever | None = None

    @functools.cached_property
    def paragraphs(self) -> tuple[str, ...]:
        """Normalised paragraphs of the whole library (for word specificity)."""
        out: list[str] = []
        for d in self.documents.values():
            out.extend(_norm(d.text[a:b]) for a, b in paragraph_spans(d.text))
        return tuple(out)

    @functools.cached_property
    def hit_cache(self) -> dict[tuple[str, int, bool], list[Any]]:
        return {}

    @functools.cached_property
    def titles(self) -> tuple[str, ...]:
        """Normalised titles and departments: words that name documents, not terms."""
        return tuple(_norm(f"{d.meta.title} {d.meta.department}") for d in self.documents.values())

    @functools.cached_property
    def heads(self) -> dict[str, str]:
        """Per document, what names it: title, department, kind and the short lines of
        its head (a speech's speaker line 县委书记　XXX, its date line)."""
        return {k: _doc_name(d, short=True) for k, d in self.documents.items()}

    @functools.cached_property
    def texts(self) -> dict[str, str]:
        return {k: _norm(d.text) for k, d in self.documents.items()}

    @functools.cached_property
    def _span_norms(self) -> dict[tuple[Any, ...], str]:
        return {}

    def span_norm(self, doc: Document, start: int, end: int) -> str:
        """``doc.text[start:end]`` normalised, kept for the build (a section's body is
        matched against every question)."""
        key = (doc.doc_id, start, end)
        norms = self._span_norms
        text = norms.get(key)
        if text is None:
            text = norms[key] = _norm(doc.text[start:end])
        return text

    def kids_norm(self, doc: Document, kids: Sequence[Section]) -> str:
        """The headings of ``kids`` (a section's children, a run of top-level items) joined
        and normalised, kept for the build like ``span_norm``."""
        key = (doc.doc_id, tuple((c.start, c.end) for c in kids))
        norms = self._span_norms
        text = norms.get(key)
        if text is None:
            text = norms[key] = _norm("".join(c.heading for c in kids))
        return text

    @functools.cached_property
    def corpus_text(self) -> str:
        """Every normalised text, one after another (a line break between documents)."""
        return "\n".join(self.texts.values())

    @functools.cached_property
    def term_set(self) -> frozenset[str]:
        return frozenset(self.terms)

    def respell(self, question: str) -> tuple[str, tuple[Fix, ...]]:
        """``question`` with its phrases in the corpus' spelling (``rag.typo``)."""
        return correct_question(
            to_simplified(question), self.corpus_text, self.term_set, self.titles
        )


def with_fix_notes(answer: Answer, fixes: Sequence[Fix]) -> Answer:
    """``answer`` with a first note saying how the question's phrases were read
    (按“主题党日”查找（问题中写作“主题党曰”）)."""
    if not fixes:
        return answer
    said = "；".join(f"按“{f.meant}”查找（问题中写作“{f.typed}”）" for f in fixes)
    blocks = (AnswerBlock("note", said), *answer.blocks)
    return replace(answer, answer=markdown(blocks), blocks=blocks)


# --- coverage -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _bigrams(s: str) -> frozenset[str]:
    # the same question words are looked for in every candidate section: split them once
    return frozenset({s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s})


def _word_in(word: str, text: str) -> float:
    """1 if the word (or an official equivalent of it, ``rag.register``) is in the
    (normalised) text, else the share of its bigrams that are."""
    if word in text:
        return 1.0
    same = equivalents(word)
    if same and any(e in text for e in same):
        return 1.0
    grams = _bigrams(word)
    return sum(1 for g in grams if g in text) / len(grams)


class _Coverage:
    """``coverage`` of fixed ``words`` and ``weights`` over many texts (the weights are
    worked out once, not for every candidate section)."""

    __slots__ = ("parts", "total")

    def __init__(self, words: Sequence[str], weights: Mapping[str, float] | None = None) -> None:
        w8 = {w: len(w) * (weights.get(w, 1.0) if weights else 1.0) for w in words}
        self.total = sum(w8.values())
        # per word: its weight, official equivalents and bigrams (``_word_in`` inlined)
        self.parts = [(w, w8[w], equivalents(w), _bigrams(w)) for w in words]

    def __call__(self, text: str) -> float:
        if not self.parts or not self.total:
            return 0.0
        held = text.__contains__
        shares = [
            weight
            * (
                1.0
                if w in text or (same and any(map(held, same)))
                else len(list(filter(held, grams))) / len(grams)
            )
            for w, weight, same, grams in self.parts
        ]
        return sum(shares) / self.total


def coverage(words: Sequence[str], text: str, weights: Mapping[str, float] | None = None) -> float:
    """Weighted share of ``words`` found in normalised ``text`` (0..1); a word weighs its
    length times ``weights[word]`` (1 when not given)."""
    return _Coverage(words, weights)(text)


def _specificity(ctx: AnswerContext, words: Sequence[str]) -> dict[str, float]:
    """How specific each word is in this library: rare in its paragraphs weighs more,
    a word every paragraph has almost nothing; a word the library lacks weighs 0 (it can
    match nothing, so it neither helps nor hurts a candidate)."""
    paras = ctx.paragraphs
    n = len(paras) or 1
    out: dict[str, float] = {}
    for w in words:
        df = sum(1 for p in paras if w in p)
        if df == 0:
            part = sum(1 for p in paras if _word_in(w, p) >= 0.5)
            out[w] = 0.5 * math.log((n + 1) / (part + 0.5)) if part else 0.0
        else:
            out[w] = math.log((n + 1) / (df + 0.5))
    return out


# --- evidence per document ----------------------------------------------------------------


def _kind_bonus(q: Query, doc: Document) -> float:
    text = q.rest
    kinds = {k for p, ks in _KIND_HINTS if p.search(text) for k in ks}
    if not kinds:
        return 0.0
    title = doc.meta.title
    hit = doc.meta.kind in kinds or any(k[:2] in title for k in kinds)
    return W.kind_match if hit else 0.0


def _prior(
    ctx: AnswerContext, q: Query, doc: Document, words: Sequence[str], spec: Mapping[str, float]
) -> float:
    """Scope evidence of one document: department, year, kind, title and text coverage."""
    m = doc.meta
    score = 0.0
    if q.departments:
        score += W.dept_match if m.department in q.departments else W.dept_other
    if q.years:
        text = doc.text
        if m.year in q.years:
            score += W.year_match
        elif any(f"{y}年" in text for y in q.years):
            score += W.year_text
        else:
            score += W.year_miss
    score += _kind_bonus(q, doc)
    if doc.doc_id in q.hint_docs:
        score += W.hint_doc
    if words:
        # Words that name documents (those some title holds) are matched against the title.
        naming = [w for w in words if any(w in t for t in ctx.titles)]
        if naming:
            score += W.title_cov * coverage(naming, _norm(m.title), spec)
        score += W.text_cov * coverage(words, ctx.texts[doc.doc_id], spec)
    return score


# --- candidates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    """A document (``section is None``: its whole outline) or one of its sections."""

    doc: Document
    section: Section | None
    score: float
    head: float
    # A run of same-style top-level items (a speech's 一是…五是 then 第一…第五): set when
    # the node is that run rather than the whole outline.
    run: tuple[Section, ...] = ()
    # A best passage introduces this list (为此，我讲五个方面的意见。).
    led: bool = False

    @property
    def items(self) -> tuple[Section, ...]:
        if self.run:
            return self.run
        return self.doc.outline if self.section is None else self.section.children


def _small_number(raw: str) -> int | None:
    """``3`` / ``三`` / ``十一`` → the number (a count or a position in a question)."""
    if raw.isdigit():
        return int(raw)
    value = parse_chinese_number(raw)
    return int(value) if value is not None else None


def _expected_count(question: str) -> int | None:
    """``五个方面`` / ``3项`` → the number of items the question expects, if it says."""
    m = re.search(
        r"([一二两三四五六七八九十\d]{1,2})(?:个|项|条|大|点)?(?:方面|部分|块|项|条|点)", question
    )
    if not m:
        return None
    raw = m.group(1)
    return _small_number(raw) if raw.isdigit() or len(raw) == 1 else None


def _part_number(question: str) -> int | None:
    """``第三部分`` → 3: the question names a part of the document by its position."""
    m = re.search(r"第([一二三四五六七八九十\d]{1,2})(?:部分|大块|块)", question)
    if not m:
        return None
    return _small_number(m.group(1))


def _root_runs(doc: Document) -> list[tuple[Section, ...]]:
    """Top-level sections grouped into runs of one numbering style."""
    runs: list[list[Section]] = []
    for sec in doc.outline:
        if runs and runs[-1][-1].style == sec.style:
            runs[-1].append(sec)
        else:
            runs.append([sec])
    return [tuple(r) for r in runs]


def _node_candidates(
    ctx: AnswerContext,
    q: Query,
    docs: Sequence[Document],
    priors: Mapping[str, float],
    words: Sequence[str],
    spec: Mapping[str, float],
) -> list[_Node]:
    out: list[_Node] = []
    cues = q.cues
    expected = _expected_count(q.question)
    cover = _Coverage(words, spec)
    for doc in docs:
        prior = priors[doc.doc_id]
        if doc.outline:
            title = cover(_norm(doc.meta.title))
            root = prior + W.head_cov * 0.3 * title
            root += W.body_cov * cover(ctx.texts[doc.doc_id])
            root += W.list_children * cues.list + W.overview_root * cues.overview
            runs = _root_runs(doc)
            if len(runs) > 1:
                for run in runs:
                    kids = cover(ctx.kids_norm(doc, run))
                    body = cover(ctx.span_norm(doc, run[0].start, run[-1].end))
                    score = prior + W.head_cov * W.kids_cov * kids + W.body_cov * body
                    score += W.list_children * cues.list
                    if expected is not None and expected == len(run):
                        score += W.count_match
                    out.append(_Node(doc, None, score, W.kids_cov * kids, run))
            else:
                out.append(_Node(doc, None, root, title))
        ordinal = _part_number(q.question)
        for sec in doc.sections():
            head = cover(_norm(sec.heading))
            if sec.children:
                kids = cover(ctx.kids_norm(doc, sec.children))
                head = max(head, W.kids_cov * kids)
            body = cover(ctx.span_norm(doc, sec.start, sec.end))
            if ordinal is not None and sec.level == 1 and doc.outline.index(sec) + 1 == ordinal:
                head = max(head, 0.7)
            score = prior + W.head_cov * head + W.body_cov * body
            if sec.children:
                score += W.list_children * cues.list
                if expected is not None:
                    score += W.count_match if expected == len(sec.children) else 0.0
            out.append(_Node(doc, sec, score, head))
    return sorted(out, key=lambda n: -n.score)


def _phrase_candidates(ctx: AnswerContext, q: Query) -> list[str]:
    """Phrases of the question the corpus holds verbatim: quoted ones, dictionary terms,
    then long n-grams of the question (scope mentions excluded), longest first."""
    out: list[str] = []
    for x in q.quoted:
        if ctx.concordance.count(x) and x not in out and len(_norm(x)) >= 2:
            out.append(x)
    # Request words (相关表述, 全部, 出处) are never part of a phrase.
    rest = _REQUEST_WORDS.sub("□", _norm(q.rest))
    for term in sorted(ctx.terms, key=len, reverse=True):
        fresh = len(term) >= 2 and term in rest and not any(term in p for p in out)
        if fresh and ctx.concordance.count(term):
            out.append(term)
    for piece in re.split(r"[□\W\d]+", rest):
        gram = _longest_gram(ctx, piece, out)
        if gram:
            out.append(gram)
    sole = _sole_content(q)
    if not out and sole and q.cues.term and ctx.concordance.count(sole):
        out.append(sole)  # 党 相关表述 全部: a one- or two-character term, asked alone
    return out


def _sole_content(q: Query) -> str:
    """What the question holds besides request words, scope and punctuation."""
    return "".join(re.split(r"[□\W\d]+", _REQUEST_WORDS.sub("□", _norm(q.rest))))


def _bare(text: str) -> str:
    """``text`` without function characters (第一议题的 → 第一议题)."""
    return re.sub(f"[{_FUNCTION_CHARS}]", "", text)


def _longest_gram(ctx: AnswerContext, piece: str, taken: Sequence[str]) -> str | None:
    """The longest n-gram (3–16 characters) of ``piece`` the corpus holds and no title
    holds, cut back to the question's word boundaries inside it when it ends in the middle
    of a word (软弱涣散党 of 软弱涣散党组织 → 软弱涣散: every occurrence of it)."""
    from rag.tokenize import _get_tokenizer

    n = len(piece)
    for size in range(min(n, 16), 2, -1):
        for i in range(0, n - size + 1):
            gram = piece[i : i + size]
            if any(gram in p for p in taken):
                continue
            if ctx.concordance.count(gram) and not any(gram in t for t in ctx.titles):
                bounds = {0}
                pos = 0
                for tok in _get_tokenizer().cut(piece, HMM=False):
                    pos += len(tok)
                    bounds.add(pos)
                if i in bounds and i + size in bounds:
                    return gram
                inner = [
                    (b - a, a, b)
                    for a in bounds
                    for b in bounds
                    if i <= a < b <= i + size and b - a >= 2
                ]
                if inner:
                    _, a, b = max(inner)
                    return piece[a:b]
                return gram
    return None


# --- rendering helpers --------------------------------------------------------------------


def _when(doc: Document) -> str:
    m = doc.meta
    return m.date or (f"{m.year}年" if m.year else "日期未注明")


def _header(doc: Document, suffix: str = "", level: int = 0) -> AnswerBlock:
    m = doc.meta
    return AnswerBlock(
        "header",
        f"{m.department}（《{m.title}》，{_when(doc)}）{suffix}",
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


def _items(
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
                out.extend(_items(book, doc, sec.children, level + 1))
            else:
                inner = "；".join(c.label for c in sec.children)
                text = f"{sec.label}（{len(sec.children)} 项：{inner}）"
                out.append(AnswerBlock("item", text, (n,), level, doc.doc_id, sec.number))
        else:
            a, b = _cite_span(doc, sec.start, sec.end)
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
        return [AnswerBlock("note", f"（单位依据：原文“{phrases[0]}”）", doc=doc.doc_id, level=1)]
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


def _finish(
    q: Query, kind: str, found: bool, blocks: list[AnswerBlock], book: CitationBook
) -> Answer:
    return Answer(q.question, kind, found, markdown(blocks), book.citations, blocks=tuple(blocks))


# --- retrieval ----------------------------------------------------------------------------


def _hits_in(
    ctx: AnswerContext,
    query: str,
    doc_ids: Sequence[str] | None,
    k: int,
    *,
    lexical: bool = False,
) -> list[tuple[str, int, int, float]]:
    """(doc, start, end, rank prior) of retrieved chunks, within ``doc_ids`` when given;
    with ``lexical`` from the BM25 retriever when the context has one."""
    if ctx.retriever is None:
        return []
    allowed = set(doc_ids) if doc_ids is not None else None
    hits = _retrieve(ctx, query, max(k * 4, 40), lexical=lexical)
    out: list[tuple[str, int, int, float]] = []
    for h in hits:
        if allowed is None or h.chunk.doc_id in allowed:
            out.append((h.chunk.doc_id, h.chunk.start, h.chunk.end, 1.0 / (len(out) + 2)))
            if len(out) >= k:
                break
    return out


def _retrieve(ctx: AnswerContext, query: str, k: int, *, lexical: bool = False) -> list[Any]:
    """Hits for ``query``, remembered for the last few questions (a refusal and the
    passage ranking of one question ask the same)."""
    retriever = ctx.lexical if lexical and ctx.lexical is not None else ctx.retriever
    assert retriever is not None
    cache = ctx.hit_cache
    key = (query, k, retriever is ctx.lexical)
    got = cache.get(key)
    if got is None:
        got = retriever.retrieve(query, k=k)
        if len(cache) > 32:
            cache.clear()
        cache[key] = got
    return got


@dataclass(frozen=True)
class _Sentence:
    doc_id: str
    start: int
    end: int
    score: float
    cover: float


def _rank_sentences(
    ctx: AnswerContext,
    q: Query,
    docs: Sequence[Document],
    priors: Mapping[str, float],
    words: Sequence[str],
    spec: Mapping[str, float],
    phrases: Sequence[str] = (),
    k: int = 10,
    spans: Sequence[tuple[str, int, int]] = (),
    lexical: bool = False,
) -> list[_Sentence]:
    """Sentences of the retrieved chunks, of the occurrences of ``phrases`` and of the
    ``spans`` (the best outline sections), scored by how much of the question they cover."""
    allowed = [d.doc_id for d in docs]
    seen: set[tuple[str, int]] = set()
    out: list[_Sentence] = []

    def add(doc_id: str, s: int, e: int, bonus: float) -> None:
        if (doc_id, s) in seen:
            return
        seen.add((doc_id, s))
        doc = ctx.documents[doc_id]
        # A sentence is read with the headings it stands under (二是党史学习教育扎实推进).
        heads = "".join(sec.heading for sec in section_path(doc.outline, s, e))
        norm = _norm(doc.text[s:e])
        cover = coverage(words, norm + _norm(heads), spec)
        if phrases:
            cover = max(cover, max(_word_in(_norm(p), norm) for p in phrases) * 0.9)
        score = cover + 0.15 * max(-1.0, min(1.5, priors.get(doc_id, 0.0))) + bonus
        out.append(_Sentence(doc_id, s, e, score, cover))

    for doc_id, a, b, prior in _hits_in(ctx, q.question, allowed, k, lexical=lexical):
        doc = ctx.documents[doc_id]
        for s, e in sentence_spans(doc.text, a, b):
            add(doc_id, s, e, 0.2 * prior)
    for doc_id, a, b in spans:
        doc = ctx.documents[doc_id]
        for s, e in sentence_spans(doc.text, a, min(b, a + _SPAN_SCAN)):
            add(doc_id, s, e, 0.0)
    for phrase in phrases[:3]:
        for hit in ctx.concordance.find(phrase, allowed)[:40]:
            doc = ctx.documents[hit.doc_id]
            for s, e in sentence_spans(
                doc.text, max(0, hit.start - 300), min(len(doc.text), hit.end + 300)
            ):
                if s <= hit.start < e:
                    add(hit.doc_id, s, e, 0.05)
    return sorted(out, key=lambda x: -x.score)


# --- refusal ------------------------------------------------------------------------------


def refusal(
    ctx: AnswerContext, q: Query, reason: str, doc_ids: Sequence[str] | None = None
) -> Answer:
    """未在文档中找到…, with the nearest passages as 可能相关."""
    book = CitationBook(ctx.documents)
    blocks = [AnswerBlock("refusal", f"未在文档中找到{reason}。")]
    near = _hits_in(ctx, q.question, list(doc_ids) if doc_ids else None, 3)
    if near:
        blocks.append(AnswerBlock("note", "可能相关："))
        for doc_id, a, b, _ in near:
            doc = ctx.documents[doc_id]
            a, b = _cite_span(doc, a, b, 160)
            n = book.cite(doc_id, a, b)
            text = f"{doc.meta.department}（《{doc.meta.title}》，{_when(doc)}）：{doc.text[a:b]}"
            blocks.append(AnswerBlock("item", text, (n,), 0, doc_id, doc.meta.department))
    return _finish(q, q.kind or "fact", False, blocks, book)


_NOUNISH = ("n", "vn", "an", "nz", "nt", "ns", "nr", "eng", "j", "l", "i")


@functools.lru_cache(maxsize=4096)
def _is_nounish(word: str) -> bool:
    from rag.tokenize import pos_tags

    return any(flag.startswith(_NOUNISH) for _, flag in pos_tags(word))


# Parts of speech that never stand inside a term: prepositions (关于, 对于), conjunctions,
# particles, pronouns, interjections, modal particles.
_FUNCTION_POS = ("p", "c", "u", "r", "e", "y")


@functools.lru_cache(maxsize=4096)
def _is_function_word(word: str) -> bool:
    from rag.tokenize import pos_tags

    return all(flag.startswith(_FUNCTION_POS) for _, flag in pos_tags(word))


def _missing(ctx: AnswerContext, words: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Content nouns of the question that none of ``texts`` holds (not even in part)."""
    return [
        w
        for w in words
        if not _INTERROGATIVE.search(w)
        and not _VALUE_NOUN.fullmatch(w)
        and _is_nounish(w)
        and _corpus_holds(texts, w) < 0.5
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
_INTERROGATIVE = re.compile(r"哪|几|啥|什么|时候|怎|多少|吗|呢|谁")


def _content_label(q: Query, words: Sequence[str], missing: Sequence[str]) -> str:
    """What the refusal names: the missing content nouns, else the question's content."""
    shown = (
        list(missing)
        or [w for w in words if _is_nounish(w) and not _INTERROGATIVE.search(w)]
        or list(words)
    )
    scope = "、".join(q.departments)
    years = "、".join(f"{y}年" for y in q.years)
    head = "".join(x for x in (scope, years) if x)
    body = "、".join(shown[:5])
    return f"{head}与“{body}”有关的内容" if body else f"{head}的相关内容"


# --- values (rag.numbers: what a question asks for, whether a passage holds it) -------

_CN_DIGIT = "〇零一二三四五六七八九十"


# A value question is refused when content words the library lacks make up this share of
# its content (a typo in one word of several is not enough).
_LOST_MAX = 1 / 3
_VALUE_WHAT = {
    "name": "姓名",
    "date": "日期",
    "rank": "排名",
    "money": "金额",
    "share": "比例",
    "count": "数字",
}


def _absent_topic(ctx: AnswerContext, q: Query, ev: _Evidence) -> str | None:
    """What to refuse when topic nouns the documents in scope lack entirely (no text of
    them holds the word or half of it: 劳动 of 劳动教育, 驻村 of 驻村帮扶, 互联网) make up
    ``_LOST_MAX`` of the question's topic — the passages left would answer another topic.
    Words that ask for a list or point at structure (方面, 任务, 第三部分) are no topic."""
    if q.quoted or q.cues.compare or q.cues.docinfo:
        return None  # (a comparison's or a document fact's words describe the documents)
    words = [w for w in ev.words if not is_generic(w) and not is_list_word(w) and not _asks_with(w)]
    if not words:
        return None
    scoped = _scoped(ev, q)
    texts = [ctx.texts[d.doc_id] for d in scoped]
    asked = _norm(q.question)
    heads = "".join(_norm(s.heading) for d in scoped for s in d.sections())
    missing = [
        w
        for w in _missing(ctx, words, texts)
        if _corpus_holds(texts, w) == 0.0
        # absent from every document, not only from those in scope (教育 that another
        # organisation's text holds may be this one's 思想政治建设)
        and _word_in(w, ctx.corpus_text) == 0.0
        and not _split_across(w, asked, texts)
        # no heading in scope shares a character with it (倡廉 ~ 清廉医院建设: a
        # paraphrase the headings may answer)
        and not any(ch in heads for ch in w)
        and not _near_synonym(w, texts, ctx.corpus_text)
    ]
    # (a word the question follows with an aspect particle is its act, whatever its tag
    # alone: 布置了哪几样活儿 — the texts may say 部署 or 安排)
    missing = [
        w for w in missing if _is_thing(w) and not re.search(re.escape(w) + "[了过着]", asked)
    ]
    if not missing or _lost_share(words, missing) < _ABSENT_MAX:
        return None
    return _content_label(q, words, missing)


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


def _absent_action(ctx: AnswerContext, q: Query, ev: _Evidence) -> str | None:
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
    scoped = _scoped(ev, q)
    docs = [d for d in scoped if all(_norm(p) in ctx.texts[d.doc_id] for p in q.quoted)] or scoped
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


def _near_synonym(word: str, texts: Sequence[str], corpus: str) -> bool:
    """``word`` shares a character that is not common in the library with a genre synonym
    (``rag.synonyms``) of which some member stands in ``texts`` (防腐 ~ 腐败 ~ 清廉): a
    paraphrase, not an absent topic (劳动 shares only the common 动 with 带动)."""
    rare = {ch for ch in word if corpus.count(ch) < _COMMON_CHAR * max(len(corpus), 1)}
    for group in synonyms.GROUPS:
        if any(rare & set(m) for m in group) and any(m in t for m in group for t in texts):
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


def _lost_share(words: Sequence[str], missing: Sequence[str]) -> float:
    total = sum(len(w) for w in words)
    return sum(len(w) for w in missing) / total if total else 0.0


def _holds_asked_value(doc: Document, start: int, end: int, ask: Ask, q: Query) -> bool:
    """The passage holds the asked value, of the asked thing, for the asked year
    (``rag.value_match``)."""
    text = doc.text[start:end]
    return (
        holds_value(ask, text)
        and holds_asked(ask, q.question, text)
        and all(year_fits(y, doc.text, start, end, doc.meta.title, doc.meta.year) for y in q.years)
    )


def _value_label(label: str, ask: Ask) -> str:
    """The refusal of a value question names the value: …有关的数字/金额/日期."""
    what = _VALUE_WHAT.get(ask.kind, "内容")
    return label[: -len("内容")] + what if label.endswith("有关的内容") else label


# --- shapes -------------------------------------------------------------------------------


def _outline_blocks(book: CitationBook, node: _Node, q: Query) -> list[AnswerBlock]:
    doc = node.doc
    sec = node.section
    items = node.items
    if sec is None and node.run:
        head = _header(doc, f"列了 {len(items)} 项：")
        return [head, *_items(book, doc, items)]
    if sec is None:
        parts = len(doc.outline)
        inner = sum(len(s.children) for s in doc.outline)
        count = f"共 {parts} 个部分" + (f"、{inner} 项" if inner else "") + "："
        flat = bool(
            re.search(
                r"几大块|哪几块|几部分|几个部分|各部分|一级标题|框架|结构|提纲|篇章", q.question
            )
        )
        return [_header(doc, count), *_items(book, doc, items, nested=not flat)]
    if items:
        n = book.cite(doc.doc_id, sec.start, sec.heading_end)
        head = _header(doc, f"“{sec.label}”下列了 {len(items)} 项：")
        return [
            head,
            AnswerBlock("item", sec.label, (n,), 0, doc.doc_id, sec.number),
            *_items(book, doc, items, 1),
        ]
    a, b = _cite_span(doc, sec.start, sec.end, _UNIT_MAX)
    m = book.cite(doc.doc_id, a, b)
    return [_header(doc, "："), AnswerBlock("quote", doc.text[a:b], (m,), 0, doc.doc_id)]


def _merged_contexts(doc: Document, hits: Sequence[TermHit]) -> list[tuple[int, int, TermHit]]:
    """The hits' contexts, those that touch or overlap (a heading and the sentence under it,
    separated by white space only) merged into one span, in order."""
    out: list[tuple[int, int, TermHit]] = []
    for h in sorted(hits, key=lambda x: x.context_start):
        a, b = h.context_start, h.context_end
        if out and a <= out[-1][1] + 4 and not doc.text[out[-1][1] : a].strip():
            pa, pb, ph = out[-1]
            if max(b, pb) - pa <= _UNIT_MAX:
                out[-1] = (pa, max(b, pb), ph)
                continue
        out.append((a, b, h))
    return out


def _term_blocks(
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
                    f"《{doc.meta.title}》，{_when(doc)}：{counts.get(doc_id, len(doc_hits))} 次",
                    level=1,
                    doc=doc_id,
                )
            )
            used: set[tuple[int, int]] = set()
            spans = (
                [(*_unit_of(doc, h.start, h.end), h) for h in doc_hits]
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
                sp = _SPEAKER.search(doc.text[max(0, h.start - 120) : h.end]) if units else None
                if sp:
                    blocks.append(
                        AnswerBlock(
                            "note", f"原文中说这句话的是：{sp.group(0)}", level=2, doc=doc_id
                        )
                    )
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


def _passage_blocks(
    book: CitationBook, ctx: AnswerContext, q: Query, chosen: Sequence[_Sentence], who: bool
) -> list[AnswerBlock]:
    by_doc: OrderedDict[str, list[_Sentence]] = OrderedDict()
    for s in chosen:
        by_doc.setdefault(s.doc_id, []).append(s)
    blocks: list[AnswerBlock] = []
    if who and len(by_doc) > 1:
        blocks.append(AnswerBlock("note", "出自以下文档："))
    for doc_id, sents in by_doc.items():
        doc = ctx.documents[doc_id]
        blocks.append(_header(doc, "："))
        for s in sorted(sents, key=lambda x: x.start):
            a, b = _unit_of(doc, s.start, s.end)
            n = book.cite(doc_id, a, b)
            blocks.append(AnswerBlock("quote", doc.text[s.start : s.end], (n,), 0, doc_id))
            if who:
                sec = book.citations[n - 1].section
                if sec:
                    blocks.append(AnswerBlock("note", f"（位置：{sec}）", level=1, doc=doc_id))
                sp = _SPEAKER.search(doc.text[max(0, s.start - 120) : s.end])
                if sp:
                    blocks.append(
                        AnswerBlock(
                            "note", f"原文中说这句话的是：{sp.group(0)}", level=1, doc=doc_id
                        )
                    )
        if who:
            blocks.extend(_department_basis(book, doc))
    return blocks


_SPEAKER = re.compile(
    r"([^，。；：！？\n]{0,24}?(?:总书记|书记|主任|局长|部长|同志|组长|主席|领导))[^，。；！？\n]{0,24}?(?:指出|强调|告诫|说|讲|要求|提出)"
)


# A line that is only a date: the 成文日期 under a notice's signature (GB/T 9704-2012 7.3.5).
_DATE_LINE = re.compile(
    rf"[\d{_CN_DIGIT}]{{4}}年[\d{_CN_DIGIT}]{{1,2}}月[\d{_CN_DIGIT}]{{1,3}}日|\(?（?\d{{4}}年\d{{1,2}}月\d{{1,2}}日）?\)?"
)


# A 发文字号 (GB/T 9704: 机关代字〔年份〕序号号) on a line of its own or beside the signer.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔［\[(（]\d{4}[〕］\])）]\s*\d{1,4}\s*号")


# A 题注 under the title giving the date it was adopted or spoken: （2025年1月22日…通过）.
_DATED_NOTE = re.compile(r"[（(][^（）()]{0,20}\d{4}年\d{1,2}月\d{1,2}日[^（）()]{0,20}[）)]")


def _doc_info_blocks(book: CitationBook, docs: Sequence[Document]) -> list[AnswerBlock]:
    blocks: list[AnswerBlock] = []
    for doc in docs[:2]:
        m = doc.meta
        blocks.append(_header(doc, f"，类型：{m.kind}"))
        for i, (a, b) in enumerate(paragraph_spans(doc.text)[:30]):
            line = doc.text[a:b]
            head = i < 6 and (
                bool(re.search(r"发布时间|来源|日期|作者|编辑", line))
                or line == m.title
                or bool(_DATED_NOTE.fullmatch(line.strip()))
            )
            if head or _DATE_LINE.fullmatch(line.strip()) or _DOC_NUMBER.search(line):
                n = book.cite(doc.doc_id, a, b)
                blocks.append(AnswerBlock("quote", line, (n,), 0, doc.doc_id))
        for info in m.page_info:
            blocks.append(
                AnswerBlock("note", f"页面信息（已从正文中清除，原样）：{info}", doc=doc.doc_id)
            )
    return blocks


# --- the planner --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Evidence:
    docs: tuple[Document, ...]
    priors: dict[str, float]
    words: tuple[str, ...]
    spec: dict[str, float]
    # Every content word, those some title holds too, without interrogatives: what a
    # passage answering a value question (几个社区成立了议事会) must cover.
    every: tuple[str, ...] = ()


_ASK_WORD = re.compile(
    r"多少|几[\u4e00-\u9fff]?|哪[\u4e00-\u9fff]{0,2}|什么|啥|谁|怎么?[\u4e00-\u9fff]?|吗|呢|叫|名字|姓名|是谁"
)


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _evidence(ctx: AnswerContext, q: Query) -> _Evidence:
    docs = tuple(ctx.documents[d] for d in q.doc_ids if d in ctx.documents)
    # An English word typed among the Chinese (具体items, target 多少) that no text holds
    # is the asker's filler, not content to find.
    words = tuple(
        w
        for w in dict.fromkeys(content_words(q.topic))
        if not (_LATIN_WORD.fullmatch(w) and _norm(w) not in ctx.corpus_text)
    )
    # A year no document is dated is content to find in the text (展望2023年), not scope.
    dated = {d.meta.year for d in docs}
    words += tuple(f"{y}年" for y in q.years if y not in dated)
    spec = _specificity(ctx, words)
    priors = {d.doc_id: _prior(ctx, q, d, words, spec) for d in docs}
    relative: tuple[str, ...] = ()
    if q.relative_year and not q.years and docs:
        # 明年/去年 count from the year of the document the question is about.
        top = max(docs, key=lambda d: priors[d.doc_id])
        if top.meta.year and f"{top.meta.year + q.relative_year}年" in top.text:
            relative = (f"{top.meta.year + q.relative_year}年",)
            words += relative
            spec = _specificity(ctx, words)
            priors = {d.doc_id: _prior(ctx, q, d, words, spec) for d in docs}
    # Words that name documents (some title holds them: 要点, 讲话, 总结) chose the documents
    # above; within a document they say nothing about which part answers.
    # (The year 明年 means is content: the part on that year, whatever titles hold it.)
    topical = tuple(w for w in words if w in relative or not any(w in t for t in ctx.titles))
    every = tuple(w for w in words if not _ASK_WORD.fullmatch(w))
    return _Evidence(docs, priors, topical or words, spec, every or words)


# Kind words that name what a document is (a year's 总结 is not the next year's 要点).
_KIND_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"总结|成绩|成效|取得"), "工作总结"),
    (re.compile(r"要点"), "工作要点"),
    (re.compile(r"计划"), "工作计划"),
)


def _named_docs(ctx: AnswerContext, q: Query, ev: _Evidence) -> list[Document]:
    """Documents the question names by department, or else by words of their title or
    department (岚县 中医院 → 青岚县中医院's 要点; 述职评议会 → the speech at it), best first."""
    if q.departments:
        return [d for d in _scoped(ev, q) if d.meta.department in q.departments]
    words = [w for w in content_words(q.topic) if not is_list_word(w)]
    holders = _head_holders(ctx, words)
    out: list[tuple[float, Document]] = []
    for d in ev.docs:
        name = _norm(f"{d.meta.title} {d.meta.department}")
        # A naming word is one few titles hold (党建, 工作 in every title name nothing).
        hits = [w for w in words if w in name and sum(1 for t in ctx.titles if w in t) <= 2]
        hits += _head_naming(ctx, d, [w for w in words if w not in hits], holders)
        if hits and sum(len(w) for w in hits) >= 3:
            out.append((sum(len(w) for w in hits), d))
    if not out:
        return []
    top = max(s for s, _ in out)
    return sorted((d for s, d in out if s == top), key=lambda d: -ev.priors[d.doc_id])


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


def _named_by_one_word(ctx: AnswerContext, q: Query, ev: _Evidence) -> list[Document]:
    """The document whose title or department alone holds a word of the question (港务 of
    港务集团's plan: two characters no other title has), for terse keyword questions."""
    found: list[Document] = []
    for w in content_words(q.topic):
        if len(w) < 2 or is_generic(w):
            continue
        holders = [d for d in ev.docs if w in _norm(f"{d.meta.title} {d.meta.department}")]
        if len(holders) == 1 and holders[0] not in found:
            found.append(holders[0])
    return found if len(found) == 1 else []


_LEVEL_CHARS = frozenset("省市县区镇乡")


def _misspelt_department(ctx: AnswerContext, name: str) -> str | None:
    """The one department whose name (or a document's title) holds ``name`` with one
    character wrong — not its first or its organ suffix (税物局 for 税务局) — else None.
    A name two characters off (宣传部 against 组织部) is another organisation."""
    n = _norm(name)
    if len(n) < 3:
        return None
    if re.search(r"[一二三四五六七八九十\d]", n):
        return None  # a number tells institutions apart (第二中学 is not 第一中学)
    found: set[str] = set()
    for doc in ctx.documents.values():
        for text in (_norm(doc.meta.department), _norm(doc.meta.title)):
            near = one_off(n, text, keep_ends=True)
            # (a level word tells organs apart: 嘉禾县交通运输局 is not 嘉禾市交通运输局)
            if any(
                not any(
                    a != b and (a in _LEVEL_CHARS or b in _LEVEL_CHARS)
                    for a, b in zip(n, t, strict=False)
                )
                for t in near
            ):
                found.add(doc.meta.department)
    if len({organ_core(f) for f in found}) == 1:
        return min(found, key=len)  # one organ (X局 and X局机关党委): the organ itself
    return next(iter(found)) if len(found) == 1 else None


def _without_guesses(q: Query, ev: _Evidence) -> _Evidence:
    """The evidence words less what a yes/no or either-or question guesses (a figure, a
    rank, a speaker: ``rag.framing``): the answer shows the real one, and a guess the texts
    lack is no missing content."""
    guessed = guessed_words(q.question, (*ev.words, *ev.every))
    if not guessed:
        return ev
    words = tuple(w for w in ev.words if w not in guessed) or ev.words
    every = tuple(w for w in ev.every if w not in guessed) or ev.every
    return replace(ev, words=words, every=every)


_COMPARES = re.compile(r"区别|不同|不一样|对比|比较|异同|差异|相比|一样吗|两份|两家|二者|两者")


def _speaker_blocks(book: CitationBook, docs: Sequence[Document]) -> list[AnswerBlock]:
    """The line of the (one) document that names who speaks in it, cited, with the
    department it is read as; [] when there is not exactly one document or no such line."""
    if len(docs) != 1:
        return []
    doc = docs[0]
    span = speaker_span(doc.text)
    if span is None:
        return []
    n = book.cite(doc.doc_id, *span)
    return [
        _header(doc, "，讲话人："),
        AnswerBlock("quote", doc.text[span[0] : span[1]], (n,), 0, doc.doc_id),
        *_department_basis(book, doc),
    ]


@functools.lru_cache(maxsize=512)
def _speaker(text: str) -> str | None:
    return speaker_line(text)


def _speech_of_other_post(q: Query, docs: Sequence[Document]) -> tuple[str, list[str]] | None:
    """A question asking a post's words (纪委书记在…会上讲了什么) when every speech in scope
    has a speaker line naming another post and no other document reports that post
    speaking (``rag.speaker``): what the refusal names, and the speeches to show."""
    post = asked_post(q.question)
    if post is None:
        return None
    meeting = meeting_of(q.question)
    on = [d for d in docs if meeting is None or about_meeting(meeting, d.meta.title + d.text[:300])]
    speeches = [(d, _speaker(d.text)) for d in on if d.meta.kind == "讲话" or _speaker(d.text)]
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


def _year_kind_mismatch(q: Query, named: Sequence[Document]) -> str | None:
    """What to refuse when the question's year (and kind) match none of the documents it
    names: 某单位2022年的成绩 when the library holds only its 2023 要点."""
    if not q.years or not named:
        return None
    kinds = {k for p, k in _KIND_NOUNS if p.search(q.rest)}
    # (年计划 before a verb is an intention — 2025年计划发展党员 — not a 工作计划)
    doc_asked = _YEAR_OF_DOC.search(normalize(q.question))
    by_document = doc_asked is not None and not re.fullmatch(
        r"\d{4}年度?的?计划", doc_asked.group()
    )
    for d in named:
        if kinds:
            # (a 通知 issuing a 要点 is of the 要点's kind: its title names the kind)
            of_kind = d.meta.kind in kinds or any(k[-2:] in d.meta.title for k in kinds)
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
            if not of_kind and not by_document and any(f"{y}年" in d.text for y in q.years):
                return None
        elif d.meta.year in q.years or any(f"{y}年" in d.text for y in q.years):
            return None
    years = "、".join(f"{y}年" for y in q.years)
    what = "、".join(sorted(kinds)) or "文档或内容"
    return f"{named[0].meta.department}{years}的{what}"


_POSITION_UNIT = {"条": "条", "章": "章", "节": "节", "部分": "个部分", "项": "项", "点": "点"}


def _position_beyond(q: Query, docs: Sequence[Document]) -> tuple[str, list[str]] | None:
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
        f"《{d.meta.title}》共{a.count}{_POSITION_UNIT.get(a.unit, a.unit)}"
        for d, a in absent[:3]
        if a is not None
    )
    first = absent[0][1]
    assert first is not None
    return f"所问的“{first.asked}”（{held}）", [d.doc_id for d, _ in absent]


def _whole_outline(
    ctx: AnswerContext,
    q: Query,
    ev: _Evidence,
    named: Sequence[Document],
    nodes: Sequence[_Node],
) -> list[_Node]:
    """The whole-outline nodes of the named document(s) when every content word of the
    question is generic: a list word, a word of the document's title or department, or a
    word the corpus lacks (大标题, 啥活儿). Empty when any word is about a topic."""
    if any(re.fullmatch(r"\d{4}年", w) for w in ev.words):
        return []  # a year as content (明年 in a summary: its 展望 part)
    top = named[0]
    # The document's head (title, speaker, date lines before its first section) names it too.
    first = top.outline[0].start if top.outline else 0
    name = _norm(
        f"{top.meta.title} {top.meta.department} {top.meta.kind} {top.text[: min(first, 300)]}"
    )
    short = ctx.heads[top.doc_id]
    for w in content_words(q.topic):
        if is_generic(w) or w in name or _pieced_from(w, short) or _NO_PART_WORD.fullmatch(w):
            continue
        if max(_word_in(w, t) for t in ctx.texts.values()) < 0.5:
            continue  # a word the corpus lacks says nothing about which part
        return []
    prior = ev.priors[top.doc_id]
    keep = {d.doc_id for d in named if ev.priors[d.doc_id] >= prior - W.tie}
    out: list[_Node] = []
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


def _doc_name(doc: Document, *, short: bool = False) -> str:
    """What names a document rather than a part of it: its title, department and kind,
    and its head (title, speaker and date lines before the first section)."""
    m = doc.meta
    first = doc.outline[0].start if doc.outline else 0
    head = doc.text[: min(first, 300)]
    if short:
        # Short lines only: a preamble paragraph says what the document is about.
        head = " ".join(ln for ln in head.splitlines() if len(ln.strip()) <= 40)
    return _norm(f"{m.title} {m.department} {m.kind} {head}")


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


def _narrowing_words(
    ctx: AnswerContext, q: Query, name: str, years: Sequence[str] = (), title: str = ""
) -> list[str]:
    """Content words of the question beyond naming the document: not a list or structure
    word (任务, 一条条, 第三部分), not in the document's name, and held by the corpus (a
    word no text has says nothing about which part is meant)."""
    out = []
    for w in content_words(q.topic):
        if is_generic(w) or w in name or _pieced_from(w, title) or _NO_PART_WORD.fullmatch(w):
            continue
        if _corpus_holds(ctx.texts.values(), w) < 0.5:
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


def _corpus_holds(texts: Iterable[str], word: str) -> float:
    """How well the best of ``texts`` holds the word; its genre synonyms are looked for
    only when no text holds the word itself."""
    pool = list(texts)
    best = max((_word_in(word, t) for t in pool), default=0.0)
    if best >= 0.5 or not synonyms.related(word):
        return best
    return max((_held(word, t) for t in pool), default=0.0)


def _held(word: str, text: str, others: Sequence[str] = ()) -> float:
    """How well a text holds a word, a genre synonym of it counting too (rag.synonyms)
    unless one of the question's ``others`` words holds that synonym."""
    return synonyms.match(word, text, _word_in, others)


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
    head = _norm(sec.heading)
    phrases = [(p, 1.5 * len(p)) for p in quoted] + [(p, float(len(p))) for p in verbatim]
    units = [
        (w, len(w) * min(1.5, max(0.2, spec.get(w, 1.0) / 2)))
        for w in words
        if not any(w in _norm(p) for p, _ in phrases)
    ]
    total = sum(x for _, x in phrases) + sum(x for _, x in units)
    if not total:
        return 0.0
    c = credit or {}

    def part(m: float) -> float:  # with credit given, a part of a phrase is no match
        return m if credit is None or m >= 0.8 else 0.0

    got = sum(x * c.get(p, 1.0) * part(phrase_in_heading(p, sec.heading)) for p, x in phrases)
    others = [*words, *quoted, *verbatim]
    got += sum(x * c.get(w, 1.0) * part(_held(w, head, others)) for w, x in units)
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


def _heading_credit(docs: Sequence[Document], units: Sequence[str]) -> dict[str, float]:
    """Per unit, 1/√(number of the documents' parts whose headings hold it): a word the
    headings of many parts have (党支部 in a speech on branches) tells one part from
    another less; a part and its items count once."""
    out: dict[str, float] = {}
    for u in units:
        n = sum(
            1
            for d in docs
            for top in d.outline
            if any(_word_in(_norm(u), _norm(s.heading)) >= 0.8 for s in top.walk())
        )
        out[u] = 1.0 / math.sqrt(max(1, n))
    return out


# Characters that join words (的党建 is 党建 for naming): a closed class of the grammar.
_FUNCTION_CHARS = "的了和与及在对把将为"
# "How is X done" asks for the measures a part lists (怎么融合, 如何推进, 咋弄).
_HOW = re.compile(r"怎么|怎样|如何|咋")
_DIRECTED_HEAD = 0.5  # a heading holding at least this share of the question's content


def _directed_outline(
    ctx: AnswerContext,
    q: Query,
    ev: _Evidence,
    named: Sequence[Document],
    nodes: Sequence[_Node],
    phrases: Sequence[str],
) -> list[_Node]:
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
            return [_Node(top, s, 1.0, 1.0) for s in secs]
    if not _named_docs(ctx, q, ev) and not _named_by_one_word(ctx, q, ev):
        return []  # (the document was only the best guess, for a position)
    name = _doc_name(top)
    years = [w for w in ev.words if re.fullmatch(r"\d{4}年", w)]
    narrow = _narrowing_words(ctx, q, name, years, _doc_name(top, short=True))
    quoted = [x for x in q.quoted if _norm(x) not in name]
    verbatim = [
        p
        for p in phrases
        if p not in q.quoted and _norm(p).strip(_FUNCTION_CHARS) not in name and not is_generic(p)
    ]
    prior = ev.priors[top.doc_id]
    keep = [d for d in named if d.outline and ev.priors[d.doc_id] >= prior - W.tie]
    counted = _counted_list(q, keep)
    if not narrow and not quoted:
        # A phrase of the question that is a heading of the document's (保障措施 → 第三部分
        # 保障措施), though its words stand in the document's head too, points at that part.
        title = _doc_name(top, short=True)
        headed = [
            p
            for p in verbatim
            if len(_norm(p)) >= 3
            and not _in_order(_norm(p), title)
            and any(phrase_in_heading(p, s.heading) == 1.0 for s in top.sections())
        ]
        if headed and not q.cues.term:
            return _heading_matches(keep[:1], [], [], headed, ev.spec)
        if q.cues.term and verbatim:
            return []  # a phrase of the question sought in the text
        return counted or _whole_outline(ctx, q, ev, named, nodes)
    # A list or "how" question, or keywords alone (税务局 要点 成效: no cue at all).
    c = q.cues
    bare = not any((c.list, c.overview, c.term, c.who, c.value, c.compare, c.docinfo))
    listy = c.list or c.overview or bool(_HOW.search(q.question))
    if not (listy or bare):
        return []
    found = _heading_matches(keep, narrow, quoted, verbatim, ev.spec) or counted
    found = _lift_named_item(found, q.question)
    if not found and not quoted:
        found = _subtree_matches(keep[:1], narrow, ev.spec, want_list=bool(c.list))
        listy = listy or bool(found and _POINTS_AT_PART.search(q.question))
    if not listy:
        # Keywords alone ask for a list when they name a part that has one; a single item
        # they match is left to the passages (网络安全教育培训 多久: a fact in its text).
        found = [n for n in found if n.items]
    return found


def _heading_matches(
    docs: Sequence[Document],
    narrow: Sequence[str],
    quoted: Sequence[str],
    verbatim: Sequence[str],
    spec: Mapping[str, float],
    *,
    lift: bool = True,
    credit: Mapping[str, float] | None = None,
) -> list[_Node]:
    """The sections of ``docs`` whose headings hold the question's content best (at least
    ``_DIRECTED_HEAD``), the outermost of nested ones, alike siblings lifted to their list
    (with ``lift``)."""
    scored: list[tuple[float, Document, Section]] = []
    for doc in docs:
        for sec in doc.sections():
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
    return [_Node(d, s, best, best) for d, s in (_lift_siblings(ties) if lift else ties)]


# A question pointing at a part of a document (那部分, 这块, 那一点, 方面) asks for it whole.
_POINTS_AT_PART = re.compile(r"[这那哪]一?(?:部分|块|点|条|方面)|部分|板块")
_SUBTREE_ALL = 0.99  # the share of the question's content a part's whole text must hold


def _subtree_matches(
    docs: Sequence[Document],
    narrow: Sequence[str],
    spec: Mapping[str, float],
    *,
    want_list: bool = False,
) -> list[_Node]:
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
            text = _norm(f"{sec.heading} {doc.text[sec.start : _body_end(doc, sec)]}")
            got = sum(x for w, x in units if _held(w, text, narrow) >= 0.8)
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
        lists = [s for s in inner if s.children and any(w in _norm(s.heading) for w in narrow)]
        inner = lists or inner
    # The smallest section holding it all, if it is a list of its own or a part's item.
    best = min(inner, key=lambda s: s.end - s.start) if inner else part
    return [_Node(doc, best, _SUBTREE_ALL, _SUBTREE_ALL)]


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
    if len(_norm(text[sec.start : line_end])) > len(_norm(sec.number + sec.heading)) + 2:
        return line_end
    nxt = line_end + 1
    while nxt < sec.end and text[nxt] in "\n \u3000\t":
        nxt += 1
    stop = text.find("\n", nxt)
    return sec.end if stop < 0 or stop > sec.end else stop


def _inside(a: Section, b: Section) -> bool:
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)


_PHRASE_HEADINGS_MAX = 3  # more headings holding a phrase: it names no one section


def _phrase_headings(
    ctx: AnswerContext, ev: _Evidence, q: Query, phrase: str
) -> list[tuple[Document, Section]]:
    """The sections in scope with items whose heading holds ``phrase`` whole (at least four
    characters, punctuation aside), outermost first; [] when none or more than a few do,
    or when a title holds the phrase (机关党建 names documents, not a part of one)."""
    p = _norm(phrase)
    if len(_bare(p)) < 4 or is_generic(phrase) or any(p in t for t in ctx.titles):
        return []
    found = [
        (d, s)
        for d in _scoped(ev, q)
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


def _whose_phrase(q: Query, phrases: Sequence[str], directed: Sequence[_Node]) -> bool:
    """A question asking whose a quoted practice is (“银杏课堂”是哪个部门的), the phrase in
    the text verbatim, and no heading of the list chosen holding it: the list is not the
    answer (its items at best mention the phrase in passing)."""
    if not q.cues.who or not q.quoted:
        return False
    held = [x for x in q.quoted if x in phrases]
    if not held:
        return False
    heads = [
        s.heading
        for n in directed
        for s in (n.section.walk() if n.section is not None else n.doc.sections())
    ]
    return not any(_norm(x) in _norm(h) for x in held for h in heads)


# A plural pointer at a list (那几条, 这几点, 那些要求): the list, though one item is named.
# (A count of the items — 分几个阶段, 有几条 — asks for that list too.)
_PLURAL_POINTER = re.compile(r"[那这哪]几(?:条|点|项|个|方面)|[那这]些|几个|几条|几点|几项")


def _lift_named_item(found: list[_Node], question: str) -> list[_Node]:
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
    return [_Node(node.doc, parent, node.score, node.head)]


def _parent_of(outline: Sequence[Section], sec: Section) -> Section | None:
    for top in outline:
        for s in top.walk():
            if sec in s.children:
                return s
    return None


def _counted_list(q: Query, docs: Sequence[Document]) -> list[_Node]:
    """The one list of the count the question states (五个方面的意见 → the run or
    section with five items) in the top document, or []."""
    expected = _expected_count(q.question)
    if expected is None or not docs:
        return []
    doc = docs[0]
    runs = _root_runs(doc)
    # The document's own parts first, then its sections' lists.
    tops = [_Node(doc, None, 1.0, 1.0, run) for run in runs if len(run) == expected]
    if len(runs) == 1 and len(doc.outline) == expected:
        tops = [_Node(doc, None, 1.0, 1.0)]
    if len(tops) == 1:
        return tops
    inner = [_Node(doc, s, 1.0, 1.0) for s in doc.sections() if len(s.children) == expected]
    if len(inner) == 1 and not tops:
        return inner
    # Several lists of that length: the one the text announces with the count the question
    # gives (为此，我讲五个方面的意见。 before 第一…第五).
    said = _count_phrase(q.question)
    announced = [
        n
        for n in [*tops, *inner]
        if said and said in _norm(doc.text[max(0, n.items[0].start - W.lead_in) : n.items[0].start])
    ]
    return announced if len(announced) == 1 else []


def _count_phrase(question: str) -> str:
    m = re.search(
        r"[一二两三四五六七八九十\d]{1,2}(?:个|项|条|大|点)?(?:方面|部分|块|项|条|点)", question
    )
    return _norm(m.group(0)) if m else ""


_RESPONSIBLE = re.compile(r"负责|牵头|承担|分工|责任单位|主抓")


_UNIT_AT_LENGTH = 5  # characters of a unit's name (工委组织部) that name it without 负责


def _unit_rows(
    ctx: AnswerContext, q: Query, ev: _Evidence, least: int = 3
) -> list[tuple[Document, list[Section]]]:
    """Per document (every one the question may mean: a unit's name can read as another
    department's), the task-table rows whose responsible-unit cell names a unit of the
    question."""
    out: list[tuple[Document, list[Section]]] = []
    for doc in ev.docs:
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        secs = rows_of_unit(rows, q.question, least) if rows else []
        if secs:
            out.append((doc, secs))
    return out


def _table_rows(
    ctx: AnswerContext, q: Query, ev: _Evidence
) -> list[tuple[Document, list[Section]]]:
    """Per document in scope (the best and those about as likely), the rows of a schedule
    table the question picks: the months it names (7到12月, 下半年, 三季度) over a table
    dated by its first column, else the value it names of a column it names (领学人是…)."""
    months = asked_months(q.question)
    out: list[tuple[Document, list[Section]]] = []
    best = 0.0
    scoped = _scoped(ev, q)  # (a department named may be a shorter name of the table's)
    others = sorted((d for d in ev.docs if d not in scoped), key=lambda d: -ev.priors[d.doc_id])
    for doc in scoped + others:
        if out and ev.priors[doc.doc_id] < _TABLE_PRIOR_SHARE * best:
            break
        rows = [(sec, row_fields(doc.text, sec)) for sec in doc.sections() if sec.style == "row"]
        if not rows:
            continue
        secs = rows_in_months(rows, months) if months else []
        secs = secs or rows_by_value(rows, q.question)
        if secs:
            best = best or ev.priors[doc.doc_id]
            out.append((doc, secs))
    return out


_TABLE_PRIOR_SHARE = 0.8  # documents about as likely as the best one with rows picked


def _scoped(ev: _Evidence, q: Query) -> list[Document]:
    """Documents in the question's scope: its departments (when named), else all, best first."""
    docs = [d for d in ev.docs if not q.departments or d.meta.department in q.departments]
    return sorted(docs or list(ev.docs), key=lambda d: -ev.priors[d.doc_id])


# What joins variants of a term the question asks for together (X或者Y都算, X和Y).
_JOINERS = re.compile(r"或者|或是|还是|以及|还有|或|和|与|及|跟|同|都算|都行|都要|也算")


def _term_variants(q: Query, phrases: Sequence[str]) -> list[str]:
    """Phrases the question asks for together: two or more quoted ones (“书记项目”还是
    “支部书记项目”), or phrases that with joining words are all of its content (X和Y).
    Each is searched; their occurrences are one list."""
    quoted = [p for p in phrases if p in q.quoted]
    if len(quoted) >= 2:
        return quoted
    # Unquoted, a phrase inside another is the same term (清廉机关 in 清廉机关建设).
    phrases = [p for p in phrases if not any(p != o and _norm(p) in _norm(o) for o in phrases)]
    if len(phrases) < 2:
        return []
    # What stands between them is joining words or 、 (a sentence, 忽略X，输出Y, is no list
    # of variants); request words and a closing mark aside.
    rest = _REQUEST_WORDS.sub("", _norm(q.rest))
    for p in sorted(phrases, key=len, reverse=True):
        rest = rest.replace(_norm(p), "")
    rest = re.sub(r"[\s、？?！!。.]+|都|也|一下|帮我|给我|请", "", _JOINERS.sub("", rest))
    return list(phrases) if not rest else []


def _answer_terms(
    ctx: AnswerContext,
    q: Query,
    ev: _Evidence,
    phrase: str,
    book: CitationBook,
    variants: Sequence[str] = (),
) -> Answer | None:
    scope = [d.doc_id for d in _scoped(ev, q)] if q.departments else [d.doc_id for d in ev.docs]
    if len(variants) >= 2:
        # Every variant searched; one list of their occurrences, grouped per document.
        page = ctx.concordance.page_any(variants, scope, limit=TERM_ANSWER_ROWS)
        if not page.total:
            return None
        return _finish(q, "term", True, _term_blocks(book, ctx, page, units=False), book)
    term = phrase
    for t in ctx.terms:  # the more frequent known term inside the phrase (第一议题制度 → 第一议题)
        inner = len(t) >= 3 and t in phrase and t != phrase
        if inner and ctx.concordance.count(t, scope) > ctx.concordance.count(term, scope):
            term = t
    # One page of occurrences: a term in every sentence (党) must not make a huge answer.
    page = ctx.concordance.page(term, scope, limit=TERM_ANSWER_ROWS)
    # Where the documents write the term as asked with small variations (words inserted or
    # reordered): near occurrences, after the exact ones, counted and paged the same way.
    asked = _asked_term(q, phrase)
    near = ctx.concordance.near_page(
        asked, scope, exclude=term, limit=max(0, TERM_ANSWER_ROWS - len(page.hits))
    )
    if not page.total and not near.total:
        return None
    units = (
        bool(q.cues.who)
        and len(set(dict(page.per_doc)) | set(dict(near.per_doc))) <= 3
        and page.total + near.total <= 6
    )
    blocks = _term_blocks(book, ctx, page, units=units) if page.total else []
    if near.total:
        docs = len(near.per_doc)
        lead = (
            f"另有 {near.total} 处相近表述（“{asked}”的词语都在、中间有字或顺序不同，{docs} 份文档）："
            if page.total
            else f"文档中没有“{asked}”的原样表述；相近表述 {near.total} 处（{docs} 份文档）："
        )
        blocks += _term_blocks(book, ctx, near, units=units, lead=lead)
    return _finish(q, "attribution" if units else "term", True, blocks, book)


def _requested_terms(
    ctx: AnswerContext,
    q: Query,
    ev: _Evidence,
    phrases: Sequence[str],
    share: Any,
    book: CitationBook,
) -> Answer | None:
    """A term request (``cues.term``) on a phrase of the question the corpus holds verbatim
    — quoted, a dictionary term, four characters or more, or all the question asks about —
    answered with every occurrence; a quoted phrase that no text holds, asked for alone, is
    refused naming it. None when the request is on no such phrase, or points at a position
    inside a document (第二部分提到的…: the directed outline's)."""
    if ordinal_references(q.question):
        return None
    # (an English word no text holds is the asker's filler: all 驻村书记 pls)
    sole = "".join(
        w for w in re.split(r"([A-Za-z]+)", _sole_content(q)) if w not in _filler(ctx, w)
    )
    if not phrases:
        # (a quoted phrase is the wording meant, never a slip)
        unquoted = sole
        for x in q.quoted:
            unquoted = unquoted.replace(_norm(x), "□")
        slip = _term_slip(ctx, unquoted)
        if slip is not None:
            ans = _answer_terms(ctx, q, ev, slip.meant, book)
            return None if ans is None else with_fix_notes(ans, [slip])
        absent = [x for x in q.quoted if len(_norm(x)) >= 2 and not ctx.concordance.count(x)]
        for x in absent:
            sole = sole.replace(_norm(x), "")
        if absent and len(_bare(re.sub(r"[都也那句要还请给我帮]", "", sole))) <= 1:
            near = ctx.concordance.near_page(absent[0], None, limit=1)
            if not near.total:
                return refusal(ctx, q, f"“{absent[0]}”的相关表述", [d.doc_id for d in ev.docs])
        return None
    phrase = phrases[0]
    if _inside_quote(ctx, q, phrase):
        return None
    alone = _bare(sole) == _bare(_norm(phrase))
    strong = (
        alone
        or phrase in q.quoted
        or phrase in ctx.terms
        or len(_norm(phrase)) >= 4
        or share(phrase) >= W.term_share
    )
    if not strong or share(phrase) < W.term_share / 2:
        return None
    return _answer_terms(ctx, q, ev, phrase, book, _term_variants(q, phrases))


def _inside_quote(ctx: AnswerContext, q: Query, phrase: str) -> bool:
    """Whether ``phrase`` is only a part of a phrase the question quotes that no text holds
    whole (党支部 of “2—3个标准化党支部”): the quote is the wording meant, so the passage
    saying it is asked, not every occurrence of a word inside it."""
    p = _norm(phrase)
    if any(p == _norm(x) for x in q.quoted):
        return False
    return any(p in _norm(x) and not ctx.concordance.count(x) for x in q.quoted)


def _filler(ctx: AnswerContext, word: str) -> str:
    """``word`` when it is a Latin word no text holds (pls, passage), else ""."""
    return word if _LATIN_WORD.fullmatch(word) and _norm(word) not in ctx.corpus_text else ""


_SLIP_MIN = 4  # characters of a phrase read one character off in a term request


def _term_slip(ctx: AnswerContext, sole: str) -> Fix | None:
    """The phrase of a term request typed one character off (第一连系人 for 第一联系人: the
    slip made a word, 连系, so ``rag.typo`` keeps it): the longest window of the request's
    content, four characters or more, that no text holds and whose one-character-off form
    some text holds as the only (or a far more frequent) spelling; None otherwise."""
    for piece in re.split(r"[^\u4e00-\u9fff]+", sole):
        piece = piece[:16]
        for size in range(len(piece), _SLIP_MIN - 1, -1):
            for i in range(len(piece) - size + 1):
                typed = piece[i : i + size]
                if typed in ctx.corpus_text:
                    continue
                found = {
                    c: k
                    for c, k in one_off(typed, ctx.corpus_text, min_anchor=2).items()
                    if not any(c[j] != typed[j] and c[j] in _FUNCTION_CHARS for j in range(size))
                }
                if not found:
                    continue
                ranked = sorted(found.values(), reverse=True)
                if len(ranked) == 1 or ranked[0] >= 3 * ranked[1]:
                    return Fix(typed, max(found, key=lambda c: found[c]))
                return None
    return None


# Words that ask for occurrences or for all of them (相关表述, 全部, 出处): never part of a term.
_REQUEST_WORDS = re.compile(
    r"相关表述|相关内容|相关说法|相关段落|相关|表述|说法|出处|出自|原文|原话|原句|全文检索|全文|全部|"
    r"所有|完整|一共|都有哪些|列出来?|都给我|给我|都在哪|"
    r"有哪些|哪些|在哪里?|哪儿|提到|提及|讲到|说到|写到|出现|涉及|检索|查找|搜索|找出来|列出来|"
    r"材料|文件|地方|段落|内容|"
    # How each one words it (各单位咋说的, 都是怎么提的): the occurrences, per document.
    r"(?:各单位|各部门|各家|每家|大家)?都?是?(?:怎么|咋|如何)(?:说|讲|提|写|表述)的?"
)


def _asked_term(q: Query, phrase: str) -> str:
    """The term as the question writes it around ``phrase``: the run of its words next to
    the phrase up to a request word, a function word or punctuation (软弱涣散党组织整顿 when
    the corpus holds only 软弱涣散), at most 16 characters."""
    from rag.tokenize import STOPWORDS, _get_tokenizer

    p = _norm(phrase)
    rest = _REQUEST_WORDS.sub("□", _norm(q.rest))
    for piece in re.split(r"[□\W\d]+", rest):
        at = piece.find(p)
        if at < 0:
            continue
        toks: list[tuple[int, int]] = []
        pos = 0
        for tok in _get_tokenizer().cut(piece, HMM=False):
            toks.append((pos, pos + len(tok)))
            pos += len(tok)
        inside = [k for k, (a, b) in enumerate(toks) if a < at + len(p) and at < b]
        lo, hi = inside[0], inside[-1]
        opens = [
            tok not in STOPWORDS
            and not _INTERROGATIVE.search(tok)
            and not is_list_word(tok)
            and not _is_function_word(tok)
            for tok in (piece[a:b] for a, b in toks)
        ]
        while lo > 0 and opens[lo - 1] and toks[hi][1] - toks[lo - 1][0] <= 16:
            lo -= 1
        while hi + 1 < len(toks) and opens[hi + 1] and toks[hi + 1][1] - toks[lo][0] <= 16:
            hi += 1
        run = piece[toks[lo][0] : toks[hi][1]]
        return run if len(run) > len(p) else phrase
    return phrase


_LEADS = re.compile(
    r"(?:[一二两三四五六七八九十\d]+|几)(?:个|点|条|项)?(?:方面|意见|要求|措施|任务|工作|点)|以下|如下|下面"
)


def _lead_in(nodes: Sequence[_Node], ranked: Sequence[_Sentence], text_of: Any) -> list[_Node]:
    """Nodes whose list a best passage introduces — a sentence ending just before the first
    item that announces it (讲五个方面的意见。从以下四个方面：) — gain ``W.lead_bonus``."""
    top = ranked[0].cover
    leads = [
        s
        for s in ranked[:3]
        if s.cover >= max(W.passage_floor, top - 0.05) and _LEADS.search(text_of(s))
    ]
    if not leads:
        return list(nodes)
    out: list[_Node] = []
    for n in nodes:
        items = n.items
        led = bool(items) and any(
            s.doc_id == n.doc.doc_id
            and items[0].start - W.lead_in <= s.end <= items[0].start
            and (n.section is None or s.start >= n.section.heading_end)
            for s in leads
        )
        out.append(replace(n, score=n.score + W.lead_bonus, led=True) if led else n)
    return sorted(out, key=lambda n: -n.score)


def _siblings_lift(nodes: Sequence[_Node]) -> list[_Node]:
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


def _only_scope_words(ctx: AnswerContext, words: Sequence[str]) -> bool:
    """Every content word only asks for a list (任务, 工作安排) or is one no text holds
    (汇总, 盘点: it says nothing about which part)."""
    return all(
        is_list_word(w) or max((_word_in(w, t) for t in ctx.texts.values()), default=0.0) < 0.5
        for w in words
    )


_MAX_DOCS_YEAR = 12  # documents a broad question over one year answers at most
# A question over every unit of the library (各单位, 各部门, 所有单位, 每家).
_EVERY_UNIT = re.compile(
    r"各(?:个)?(?:单位|部门|家)|所有(?:单位|部门)|每(?:个|一)?(?:单位|部门|家)"
)


def _year_plan_nodes(q: Query, ev: _Evidence) -> list[_Node]:
    """For a question over one year naming no department (各部门某年的重点任务): every
    document's plan for it (rag.year_plans) — a plan's whole outline, another document's
    forward-looking part — when at least two documents have one; else []."""
    if len(q.years) != 1 or q.departments:
        return []
    picks = plans_of_year(ev.docs, q.years[0])[:_MAX_DOCS_YEAR]
    if len(picks) < 2:
        return []
    return [_Node(d, part, 1.0, 1.0) for d, part in picks]


def _pick_nodes(nodes: Sequence[_Node], q: Query) -> list[_Node]:
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


_COMPARE_WORD = re.compile(
    r"不同|区别|差别|差异|异同|对比|比较|一样|相同|有何|比比|两者|二者|相比|比一比|比下|比一下"
)


def _answer_compare(
    ctx: AnswerContext, q: Query, ev: _Evidence, groups: Sequence[tuple[str, list[Document]]]
) -> Answer:
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
    structure = structure or not [
        w for w in _evidence(ctx, q).words if not _COMPARE_WORD.fullmatch(w) and not is_list_word(w)
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
        sev = _evidence(ctx, sub)
        if _asks_issue_date(q):  # 分别是什么时候印发的: each side's date lines, cited
            top = sorted(docs, key=lambda d: -sev.priors[d.doc_id])[:1]
            info = _doc_info_blocks(book, top)
            if len(info) > 1:
                blocks.extend(info)
                continue
        if structure:
            doc = next(
                (d for d in sorted(docs, key=lambda d: -sev.priors[d.doc_id]) if d.outline), None
            )
            if doc is not None:
                blocks.extend(
                    _outline_blocks(book, _Node(doc, None, 0.0, 0.0), replace(q, question="几部分"))
                )
                continue
        compared = _compared_phrases(ctx, q)
        matched = _group_matches(ctx, q, sev, docs)
        nodes = _node_candidates(ctx, sub, sev.docs, sev.priors, sev.words, sev.spec)
        nodes = [n for n in nodes if n.section is not None]
        if not matched and nodes and nodes[0].head >= 0.45:
            matched = nodes[:1]
        if matched:
            for node in matched:
                blocks.extend(_outline_blocks(book, node, q))
            # (the side's other sentences on what is compared, when it has few: a line
            # among its achievements besides the problems item whose heading holds the phrase)
            blocks.extend(_other_occurrences(ctx, book, docs, compared, matched))
            continue
        # (a list question: the side's list as a one-document question would get it —
        # a part by its heading, a list its lead sentence introduces, the part its kind
        # word names — before passages)
        if cues_list and not asked:
            side = _side_list(ctx, sub, book)
            if side:
                blocks.extend(side)
                continue
        ranked = _rank_sentences(ctx, sub, sev.docs, sev.priors, sev.words, sev.spec)
        occurring = _phrase_sentences(ctx, compared, [d.doc_id for d in docs])
        used: list[tuple[str, int, int]] = []
        for s in _side_passages(ctx, ranked, occurring, sev.words):
            doc = ctx.documents[s.doc_id]
            # (a passage on one item of a short enumeration stands for the enumeration)
            a, b = _run_of(doc, *_unit_of(doc, s.start, s.end))
            if any(d == s.doc_id and a < e and st < b for d, st, e in used):
                continue
            used.append((s.doc_id, a, b))
            n = book.cite(s.doc_id, a, b)
            blocks.append(_header(doc, "：", level=0))
            blocks.append(AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id))
        if not used:
            blocks.append(AnswerBlock("note", "未在该单位的文档中找到相关内容。"))
    return _finish(q, "compare", True, blocks, book)


def _asks_issue_date(q: Query) -> bool:
    """A comparison asking when each side's document was issued (not a deadline in it)."""
    return bool(
        q.cues.docinfo
        and re.search(r"什么时候|哪天|几号|日期|时间", q.question)
        and re.search(r"印发|发布|发文|成文|签发|出台|下发|发的", q.question)
        and not asks_deadline(q.question)
    )


_TWO_SIDES = re.compile(r"两家|两份|两个(?:单位|部门|文件|材料|局)|二者|两者")
# Each side asked its own (A和B各定了多少, 两份材料比一比): a comparison when the
# question names two sides; 各 of a plural noun (各项, 各级, 各单位) asks nothing of sides.
_EACH_SIDE = re.compile(
    r"比比|比一比|对照|各(?![项级类种个位部支党村社学科单地方族自界条年期份篇处文环所材])"
)
_COMPARE_PASSAGES = 3  # passages quoted per side when no heading matches, at least
_SIDE_PASSAGES = 5  # … and at most, when more are needed to cover what is compared
_SIDE_OCCURRENCES = 4  # occurrences of the compared phrase in a side all quoted, at most


def _compared_phrases(ctx: AnswerContext, q: Query) -> list[str]:
    """Phrases of a comparison the corpus holds verbatim that name what is compared, not a
    side (no title or department holds them: 示范岗, not 某某公司)."""
    names = [*ctx.titles, *{_norm(d.meta.department) for d in ctx.documents.values()}]
    return [
        p
        for p in _phrase_candidates(ctx, q)
        if len(_norm(p)) >= 3
        and not is_generic(p)
        and not any(_norm(p).strip(_FUNCTION_CHARS) in n for n in names)
    ]


def _phrase_sentences(
    ctx: AnswerContext, phrases: Sequence[str], doc_ids: Sequence[str]
) -> list[_Sentence]:
    """The sentences of ``doc_ids`` holding the first compared phrase, when they hold it at
    most ``_SIDE_OCCURRENCES`` times (a phrase in every sentence compares nothing)."""
    for p in phrases[:1]:
        hits = ctx.concordance.find(p, doc_ids)
        if len(hits) > _SIDE_OCCURRENCES:
            return []
        out: list[_Sentence] = []
        for h in hits:
            text = ctx.documents[h.doc_id].text
            for a, b in sentence_spans(text, max(0, h.start - 300), min(len(text), h.end + 300)):
                if a <= h.start < b:
                    out.append(_Sentence(h.doc_id, a, b, 0.0, 0.0))
        return out
    return []


def _side_passages(
    ctx: AnswerContext,
    ranked: Sequence[_Sentence],
    occurring: Sequence[_Sentence],
    words: Sequence[str],
) -> list[_Sentence]:
    """One side's passages, one per unit quoted (``_unit_of``): the best ones (up to
    ``_COMPARE_PASSAGES`` within 0.6 of the best score); the ones holding the compared
    phrase (``occurring``); then ones that add a content word no chosen one holds yet,
    until every word some passage of the side holds is covered (at most
    ``_SIDE_PASSAGES``)."""
    if not ranked:
        return []
    top = ranked[0].score
    chosen: dict[tuple[str, int, int], _Sentence] = {}

    def unit(s: _Sentence) -> tuple[str, int, int]:
        return (s.doc_id, *_unit_of(ctx.documents[s.doc_id], s.start, s.end))

    def text(u: tuple[str, int, int]) -> str:
        return _norm(ctx.documents[u[0]].text[u[1] : u[2]])

    for s in ranked:
        if len(chosen) >= _COMPARE_PASSAGES or s.score < 0.6 * top:
            break
        chosen.setdefault(unit(s), s)
    for s in occurring:
        chosen.setdefault(unit(s), s)
    held = {
        w for s in ranked if s.cover >= W.passage_min for w in words if _word_in(w, text(unit(s)))
    }
    got = {w for u in chosen for w in words if _word_in(w, text(u))}
    for s in ranked:
        if len(chosen) >= _SIDE_PASSAGES or held <= got:
            break
        u = unit(s)
        new = {w for w in held - got if _word_in(w, text(u))}
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
    nodes: Sequence[_Node],
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
        a, b = _unit_of(doc, h.start, h.end)
        taken.append((h.doc_id, a, b))
        n = book.cite(h.doc_id, a, b)
        out += [
            _header(doc, "：", level=0),
            AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id),
        ]
    return out


def _side_list(ctx: AnswerContext, q: Query, book: CitationBook) -> list[AnswerBlock]:
    """One side of a comparison asked as a list question (A和B今年的任务并排看): the blocks a
    one-document list question on that side's documents gets (``_answer_query`` with the
    comparison taken out), their citations renumbered into ``book``; [] when that question
    is answered with anything but a list."""
    one = replace(q, cues=replace(q.cues, compare=0.0), unknown_department=None)
    ans = _answer_query(ctx, one, side=True)
    if not ans.found or ans.kind != "tasks" or not ans.blocks:
        return []
    numbers = {c.n: book.cite(c.doc, c.start, c.end) for c in ans.citations}
    return [replace(b, citations=tuple(numbers[n] for n in b.citations)) for b in ans.blocks]


def _group_matches(
    ctx: AnswerContext, q: Query, ev: _Evidence, docs: Sequence[Document]
) -> list[_Node]:
    """One side of a comparison: the sections of its best document whose headings hold
    what the question compares (喜迎二十大 → each side's part on it). Words that name any
    document (its title, department) say which side, not what is compared."""
    ranked = sorted((d for d in docs if d.outline), key=lambda d: -ev.priors[d.doc_id])
    if not ranked:
        return []
    top = ranked[0]
    names = " ".join([_doc_name(top, short=True), *ctx.titles])
    narrow = _narrowing_words(ctx, q, names)
    quoted = [x for x in q.quoted if _norm(x) not in names]
    phrases = [
        p
        for p in _phrase_candidates(ctx, q)
        if p not in q.quoted and _norm(p).strip(_FUNCTION_CHARS) not in names
    ]
    verbatim = [p for p in phrases if not is_generic(p)]
    if not narrow and not quoted and not verbatim:
        return []
    credit = _heading_credit(ranked, [*narrow, *quoted, *verbatim])
    found = _heading_matches(ranked, narrow, quoted, verbatim, ev.spec, lift=False, credit=credit)
    # A side's match is one or two parts; more, of one word each, is no match.
    return found if found and len(found) <= 2 else []


_SPLIT = re.compile(r"和|与|跟|同|及|以及|、|，|,|vs|VS|对比|相比|比较")


def _compared_departments(ctx: AnswerContext, q: Query) -> tuple[list[str], list[str]]:
    """The departments a comparison names, part by part (a misspelt one read as the
    department meant), and the organisations it names that no document is of (宣传部
    beside 生态局): each is a side of the comparison."""
    from rag.question import _unknown_department, department_mentions

    depts = sorted({d.meta.department for d in ctx.documents.values()})
    named: list[str] = []  # in the order the question names them
    unknown: list[str] = []
    for part in _SPLIT.split(q.question):
        mentions = department_mentions(part, depts)
        if mentions:
            named += [m.department for m in mentions if m.department not in named]
            continue
        typo = _misspelt_in(ctx, part)
        if typo is not None:
            if typo not in named:
                named.append(typo)
            continue
        name = _unknown_department(part, [], ctx.corpus_text, depts)
        if name is not None:
            typo = _misspelt_department(ctx, name)
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
            if _norm(name) in ctx.corpus_text:
                continue
            typo = _misspelt_department(ctx, name)
            if typo is not None:
                return typo
    return None


def _compare_groups(
    ctx: AnswerContext, q: Query, ev: _Evidence
) -> list[tuple[str, list[Document]]]:
    """The document groups a comparison names: one per department it names; else one per
    part of the question that singles out documents (a kind of document, a place only some
    texts name); else, for 两份/两家, the two best documents of different departments."""
    from rag.question import department_mentions

    depts = [d.meta.department for d in ev.docs]
    if not q.departments and _TWO_SIDES.search(q.question):
        two: list[Document] = []
        for d in sorted(ev.docs, key=lambda d: -ev.priors[d.doc_id]):
            if all(p.meta.department != d.meta.department for p in two):
                two.append(d)
            if len(two) == 2:
                return [(p.meta.department, [p]) for p in two]
    named_depts, unknown = _compared_departments(ctx, q)
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
    for part in _SPLIT.split(q.question):
        part = part.strip()
        if len(part) < 2:
            continue
        named = [m.department for m in department_mentions(part, depts)]
        sub = replace(q, rest=part, departments=tuple(named), years=q.years)
        words = content_words(" ".join(w for w in q.topic.split() if w in _norm(part)))
        scores = {d.doc_id: _prior(ctx, sub, d, words, ev.spec) for d in ev.docs}
        if not named:
            kind = any(p.search(part) for p, _ in _KIND_HINTS)
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


def _in_named(ranked: list[_Sentence], named: Sequence[Document]) -> list[_Sentence]:
    """The passages of the documents the question names by their title or head (县委书记
    讲话里…), when one of them covers the question well enough; else all of them."""
    if not named or len(named) > 2:
        return ranked
    ids = {d.doc_id for d in named}
    inside = [s for s in ranked if s.doc_id in ids]
    ok = bool(inside) and inside[0].cover >= W.passage_floor
    return inside + [s for s in ranked if s.doc_id not in ids] if ok else ranked


_DEADLINE_POOL = 30  # ranked sentences searched for the one that sets a deadline


def _joint_values(
    ctx: AnswerContext,
    q: Query,
    ev: _Evidence,
    ask: Ask,
    ranked: Sequence[_Sentence],
    alone: Sequence[_Sentence],
) -> list[_Sentence]:
    """Values asked together (供水量和营业收入分别是多少) that two sentences of one document
    hold between them: each holds a value of the asked kind, the two together cover the
    question as a passage must and more of it than the best sentence ``alone`` (the best
    such pair); [] when none do."""
    if not _SEVERAL.search(q.question):
        return []
    held = [
        s
        for s in ranked[:8]
        if s.cover > 0 and _holds_asked_value(ctx.documents[s.doc_id], s.start, s.end, ask, q)
    ]
    # (the year is year_fits's to check: here the things whose values are asked)
    things = [w for w in ev.words if not re.fullmatch(r"\d{4}年", w)]
    best: tuple[float, _Sentence, _Sentence] | None = None
    for i, a in enumerate(held):
        for b in held[i + 1 :]:
            if b.doc_id != a.doc_id:
                continue
            text = ctx.documents[a.doc_id].text
            joint = coverage(things, _norm(text[a.start : a.end] + text[b.start : b.end]))
            if joint >= W.passage_floor and (best is None or joint > best[0]):
                best = (joint, a, b)
    if best is None:
        return []
    if alone:
        a = alone[0]
        text = ctx.documents[a.doc_id].text
        if coverage(things, _norm(text[a.start : a.end])) >= best[0]:
            return []
    return sorted(best[1:], key=lambda s: s.start)


# Values asked together: X和Y分别, X、Y各是多少.
_SEVERAL = re.compile(r"分别|各是|各为|各有|各多少|以及|[和及与、].{1,8}(?:多少|几)")


def _deadlines_first(
    ctx: AnswerContext, q: Query, ask: Ask, ranked: Sequence[_Sentence]
) -> list[_Sentence]:
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


def _choose_passages(ranked: Sequence[_Sentence]) -> list[_Sentence]:
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
    a question asking who said it or at which meeting also gets the speech's speaker line."""
    ans = _answer_query(ctx, q)
    return _withheld_names(ctx, q, ans) or _with_speaker(ctx, q, ans)


def _withheld_names(ctx: AnswerContext, q: Query, ans: Answer) -> Answer | None:
    """A refusal when ``q`` asks the members of a set (8名教师都是谁, 成员都有谁) and no
    cited passage names them (``rag.withheld``): the count is not the list."""
    noun = identity_noun(q.question)
    if not noun or not ans.found or not ans.citations:
        return None
    if any(names_given(noun, c.text) for c in ans.citations):
        return None
    scope = list(dict.fromkeys(c.doc for c in ans.citations))
    return refusal(ctx, q, f"“{noun}”的具体名单或名称（原文只给出数量或未列出）", scope)


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
    speeches = [(d, span) for d in docs if (span := speaker_span(d.text)) is not None]
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
        blocks += [blk for blk in _speaker_blocks(book, [doc]) if blk not in blocks]
        added = True
    if not added:
        return answer
    return replace(answer, answer=markdown(blocks), citations=book.citations, blocks=tuple(blocks))


def _answer_query(ctx: AnswerContext, q: Query, *, side: bool = False) -> Answer:
    """``side``: ``q`` is one side of a comparison, answered as a one-document question."""
    all_depts = sorted({d.meta.department for d in ctx.documents.values()})
    if q.unknown_department and not q.departments:
        typo = _misspelt_department(ctx, q.unknown_department)
        if typo is not None:  # 税物局 for 税务局: the department meant, not a refusal
            q = replace(q, departments=same_organ((typo,), all_depts), unknown_department=None)
    if q.unknown_department and not q.departments and q.cues.compare:
        # A comparison of a department with an organisation no document is of: both sides.
        sides, unknown = _compared_departments(ctx, q)
        if sides and len(sides) + len(unknown) >= 2:
            q = replace(q, departments=tuple(sides))
    if q.unknown_department and not q.departments:
        return refusal(
            ctx,
            q,
            f"“{q.unknown_department}”的文档（文档库中的单位：{'、'.join(all_depts)}）",
        )
    ev = _evidence(ctx, q)
    if not ev.docs:
        return refusal(ctx, q, "符合条件的文档")
    ev = _without_guesses(q, ev)
    book = CitationBook(ctx.documents)
    cues = q.cues
    phrases = _phrase_candidates(ctx, q)
    total = sum(ev.spec.get(w, 0.0) * len(w) for w in ev.words) or 1.0

    def share(phrase: str) -> float:
        p = _norm(phrase)
        return sum(ev.spec.get(w, 0.0) * len(w) for w in ev.words if w in p or p in w) / total

    if q.unknown_year is not None and not (phrases and cues.term):
        return refusal(ctx, q, f"{q.unknown_year}年的相关文档或内容")
    named = _named_docs(ctx, q, ev)
    missed = _year_kind_mismatch(q, named)
    if missed is not None:
        return refusal(ctx, q, missed, [d.doc_id for d in named])
    # (A yes/no question guessing the speaker — 是纪委书记讲的吧 — is answered with the
    # speaker line below, not refused.)
    other = None if said_by_guess(q.question) else _speech_of_other_post(q, _scoped(ev, q))
    if other is not None:
        return refusal(ctx, q, other[0], other[1])
    in_scope = [d for d in ev.docs if q.departments and d.meta.department in q.departments]
    pointed = list(dict.fromkeys([*named, *_named_by_one_word(ctx, q, ev), *in_scope]))
    beyond = _position_beyond(q, pointed)
    if beyond is not None:
        return refusal(ctx, q, beyond[0], beyond[1])
    absent = _absent_topic(ctx, q, ev) or _absent_action(ctx, q, ev)
    if absent is not None:
        return refusal(ctx, q, absent, [d.doc_id for d in _scoped(ev, q)])

    # 1. comparisons: one block per department or document named (also for a question
    # asking two documents alike: 两家单位的要点里…各准备干点啥).
    if not side and (
        cues.compare or _TWO_SIDES.search(q.question) or _EACH_SIDE.search(q.question)
    ):
        groups = _compare_groups(ctx, q, ev)
        # (one organ's departments — X局 and X局机关党委, both in scope when X局 is named —
        # are no two sides unless the question compares: 分别 of one organ asks each item)
        one_organ = len({organ_core(g) for g, _ in groups}) == 1
        if len(groups) >= 2 and not (one_organ and not _COMPARES.search(q.question)):
            return _answer_compare(ctx, q, ev, groups)
        if cues.compare and compares_by_each_only(q.question):
            # one side only: 分别/各自 asks for each item of a list
            cues = replace(cues, compare=0.0)
            q = replace(q, cues=cues)

    # 1c. a request for every passage or the original wording (原文, 原句, 出处, 都在哪,
    # all) of a phrase the corpus holds verbatim: its occurrences, before any list path,
    # whatever list words (列出来, 所有, 内容) the request also has.
    if cues.term and asked_value(q.question) is None:
        early = _requested_terms(ctx, q, ev, phrases, share, book)
        if early is not None:
            return early

    # 1a. rows of a schedule table the question picks by month or by a column's value.
    if asked_value(q.question) is None:
        picked = _table_rows(ctx, q, ev)
        if picked:
            blocks = []
            for doc, secs in picked:
                columns = "、".join(n for n, _ in row_fields(doc.text, secs[0]) if n)
                head = f"表中符合所问条件的 {len(secs)} 行" + (
                    f"（列：{columns}）" if columns else ""
                )
                blocks.append(_header(doc, head + "："))
                blocks.extend(_items(book, doc, secs))
            return _finish(q, "tasks", True, blocks, book)

    # 1a. task-table rows whose 责任单位 names a unit the question names (X负责哪几项).
    # (A list question naming a unit at length — 工委组织部 任务 — asks the same.)
    responsible = bool(_RESPONSIBLE.search(q.question))
    if asked_value(q.question) is None and (responsible or (cues.list and not cues.who)):
        rows = _unit_rows(ctx, q, ev, 3 if responsible else _UNIT_AT_LENGTH)
        if rows:
            blocks = []
            for doc, secs in rows:
                blocks.append(_header(doc, f"任务表中责任单位含所问单位的 {len(secs)} 项："))
                blocks.extend(_items(book, doc, secs))
            return _finish(q, "tasks", True, blocks, book)

    # 1b. who spoke, asked with a guess (是市委书记讲的吧): the line naming the speaker.
    if said_by_guess(q.question):
        speaker = _speaker_blocks(book, named or _named_by_one_word(ctx, q, ev))
        if speaker:
            return _finish(q, "attribution", True, speaker, book)

    # 2. facts about a document itself (publication date, editor).
    # (A deadline — 印发后几号前交 — is a sentence of the text, not the document's date.)
    if (
        cues.docinfo
        and re.search(r"发布|责编|编辑|几号发|哪天发|印发|成文|签发|发文|文号|字号", q.question)
        and not asks_deadline(q.question)
    ):
        top = _scoped(ev, q)[:1]
        if top and ev.priors[top[0].doc_id] > 0.5:
            blocks = _doc_info_blocks(book, top)
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
                return _finish(q, "fact", True, blocks, book)

    pattern = asked_value(q.question)
    if pattern is not None:
        ev = replace(ev, words=ev.every)
    outline: list[AnswerBlock]
    nodes = _node_candidates(ctx, q, ev.docs, ev.priors, ev.words, ev.spec)

    # 3a. a question naming a document and nothing beyond its scope (its department, year,
    # kind, list words, words the corpus lacks): that document's whole outline.
    # (A quoted phrase that is part of the document's title names it: “红色管家”那篇报道.)
    # (Positions — 第三部分, 最后一部分 — and headings the question paraphrases point
    # inside the named document: ``_directed_outline``.)
    loose = named or _named_by_one_word(ctx, q, ev)
    refs = ordinal_references(q.question)
    # Every unit's plan for a year (各单位2025年的要点): each document's, though the kind
    # words fit one title best.
    if (
        pattern is None
        and cues.list
        and _EVERY_UNIT.search(q.question)
        and _only_scope_words(ctx, ev.words)
    ):
        yearly = _year_plan_nodes(q, ev)
        if yearly:
            outline = []
            for n in yearly:
                outline.extend(_outline_blocks(book, n, q))
            return _finish(q, "tasks", True, outline, book)
    if pattern is None and not cues.compare and (loose or refs):
        # A position (第二点) points into the document the question's words fit best.
        pointed = loose or _scoped(ev, q)[:1]
        # 第七章 of a rule of five chapters: what it has, not another part.
        gap = missing_position(pointed[0].outline, refs) if pointed and refs else None
        if gap is not None:
            return refusal(ctx, q, gap, [pointed[0].doc_id])
        directed = _directed_outline(ctx, q, ev, pointed, nodes, phrases)
        if directed and _whose_phrase(q, phrases, directed):
            directed = []  # whose is “X”: the sentences holding X (step 3), not a list
        if directed:
            outline = []
            for n in directed:
                outline.extend(_outline_blocks(book, n, q))
            return _finish(q, "tasks", True, outline, book)

    # 3. occurrences of a phrase the corpus holds verbatim.
    phrase = phrases[0] if phrases else None
    if phrase is not None and pattern is None and not _inside_quote(ctx, q, phrase):
        in_heading = any(
            n.section is not None and _norm(phrase) in _norm(n.section.heading) for n in nodes[:5]
        )
        variants = _term_variants(q, phrases)
        # The question is the term and nothing else (书香机关？, 两个确立): its occurrences,
        # even where a heading holds it (the heading is one of them).
        alone = bool(variants) or _bare(_sole_content(q)) == _bare(_norm(phrase))
        strong = (
            alone
            or phrase in q.quoted
            or share(phrase) >= W.term_share
            or (bool(cues.term) and _sole_content(q) == _norm(phrase))
            or (bool(cues.term) and (phrase in ctx.terms or len(phrase) >= 4))
        )
        wants = strong and (alone or cues.term or cues.who or not cues.list)
        # A phrase a matching heading holds asks for that section (its whole subtree).
        if wants and (alone or not (in_heading and not cues.term and not cues.who)):
            ans = _answer_terms(ctx, q, ev, phrase, book, variants)
            if ans is not None:
                return ans

        # 3b. a list question on a phrase that few headings hold whole (固本强基行动 有哪些
        # 任务 ↔ （一）深化“固本强基”行动): those sections with their subtrees, though the
        # phrase's words stand in another document's title.
        if cues.list and not cues.term and not cues.who:
            headed = _phrase_headings(ctx, ev, q, phrase)
            if headed:
                outline = []
                for doc, sec in headed:
                    outline.extend(_outline_blocks(book, _Node(doc, sec, 1.0, 1.0), q))
                return _finish(q, "tasks", True, outline, book)

    # 4. passages (from the documents in scope when a department is named and they answer);
    # a phrase counts as evidence of its own when it is quoted or most of the question.
    specific = [p for p in phrases if p in q.quoted or share(p) >= 0.5]
    spans = [
        (n.doc.doc_id, n.section.start, n.section.end)
        for n in nodes[:3]
        if n.section is not None and not n.section.children
    ]
    spans += [(n.doc.doc_id, n.section.start, n.section.end) for n in nodes[:3] if n.section]
    # Candidates for choosing the shape come from BM25 (no query embedding); the hybrid
    # retriever's passages are added once the passages are the answer.
    ranked = _rank_sentences(
        ctx, q, ev.docs, ev.priors, ev.words, ev.spec, specific, spans=spans, lexical=True
    )
    if q.departments:
        inside = [s for s in ranked if ctx.documents[s.doc_id].meta.department in q.departments]
        if inside and inside[0].cover >= W.passage_floor:
            ranked = inside
    ranked = _in_named(ranked, named)
    passage = ranked[0].cover if ranked else 0.0

    # 5. outline: a section's whole subtree, or the whole outline of the document(s), when
    # its headings hold the question's content at least as well as the best passage.
    if nodes:
        nodes = _siblings_lift(nodes)
    if nodes and ranked:
        nodes = _lead_in(nodes, ranked, lambda x: ctx.documents[x.doc_id].text[x.start : x.end])
    # A list question over one year and no topic (各部门某年的重点任务): every document's
    # plan for that year, whatever its heading words.
    if pattern is None and cues.list and _only_scope_words(ctx, ev.words):
        yearly = _year_plan_nodes(q, ev)
        if yearly:
            outline = []
            for n in yearly:
                outline.extend(_outline_blocks(book, n, q))
            return _finish(q, "tasks", True, outline, book)
    # A list question with no topic beyond the list words (2022年重点任务有哪些): the whole
    # outline of every document in scope that matches as well as the best.
    if nodes and pattern is None and cues.list and not any(not is_list_word(w) for w in ev.words):
        roots = [n for n in nodes if n.section is None and not n.run and n.items]
        if roots:
            outline = []
            for n in _pick_nodes(roots, q):
                outline.extend(_outline_blocks(book, n, q))
            return _finish(q, "tasks", True, outline, book)
    if nodes and pattern is None:
        best = nodes[0]
        listy = cues.list or cues.overview or best.head >= W.head_alone
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
            outline = []
            for n in _pick_nodes(nodes, q):
                outline.extend(_outline_blocks(book, n, q))
            return _finish(q, "tasks", True, outline, book)

    if ctx.lexical is not None:
        dense = _rank_sentences(
            ctx, q, ev.docs, ev.priors, ev.words, ev.spec, specific, spans=spans
        )
        if q.departments:
            inside = [s for s in dense if ctx.documents[s.doc_id].meta.department in q.departments]
            if inside and inside[0].cover >= W.passage_floor:
                dense = inside
        ranked = _in_named(dense, named)
    texts = [ctx.texts[d.doc_id] for d in _scoped(ev, q)]
    missing = _missing(ctx, ev.words, texts)
    label = _content_label(q, ev.words, missing)
    scope_ids = [d.doc_id for d in _scoped(ev, q)]
    weak = not ranked or ranked[0].cover < W.passage_floor
    if weak or (missing and ranked[0].cover < W.passage_floor + 0.25):
        lead = nodes[0] if nodes else None
        scoped = bool(q.departments) or (lead is not None and lead.head >= 0.5)
        if (
            lead is not None
            and lead.items
            and pattern is None
            and (cues.list or lead.head >= 0.5)
            and (not missing or scoped)
        ):
            return _finish(q, "tasks", True, _outline_blocks(book, lead, q), book)
        if missing or not ranked or ranked[0].cover < W.passage_min:  # nothing covers it
            return refusal(ctx, q, label, scope_ids)
    chosen = _choose_passages(ranked)
    if pattern is not None and _lost_share(ev.words, missing) >= _LOST_MAX:
        # The value of something the library never mentions (门诊量 in a library without
        # it) is in none of its passages, however well the rest of the question matches.
        return refusal(ctx, replace(q, kind="fact"), _value_label(label, pattern), scope_ids)
    if pattern is not None:
        with_value = [
            s
            for s in ranked[:8]
            if _holds_asked_value(ctx.documents[s.doc_id], s.start, s.end, pattern, q)
            and s.cover >= W.passage_floor
            # (a value of another organisation than the one named is no answer)
            and (not q.departments or ctx.documents[s.doc_id].meta.department in q.departments)
        ]
        with_value = _deadlines_first(ctx, q, pattern, ranked) or with_value
        joint = _joint_values(ctx, q, ev, pattern, ranked, with_value[:1])
        if not (with_value or joint):
            return refusal(ctx, replace(q, kind="fact"), _value_label(label, pattern), scope_ids)
        chosen = joint or [
            with_value[0],
            *[s for s in with_value[1:3] if s.score >= 0.8 * with_value[0].score],
        ]
    blocks = _passage_blocks(book, ctx, q, chosen, bool(cues.who))
    kind = "attribution" if cues.who else "fact"
    return _finish(q, kind, True, blocks, book)
