"""The evidence the answerer scores on: its context (``AnswerContext``, ``Weights``), word
coverage, document priors from the question's scope, outline and phrase candidates,
retrieved sentences, and a question's evidence (``Evidence``)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rag import synonyms
from rag.bare_keyword import bare_keyword, whose_act_masked
from rag.concordance import PAGE_ROWS, Concordance
from rag.framing import guessed_words, speaker_name, speaker_span
from rag.lru import LRU
from rag.numbers import parse_chinese_number
from rag.organ_aliases import read_aliases
from rag.outline import section_path
from rag.place_slip import place_slip
from rag.places import is_place
from rag.preamble import preamble_span
from rag.question import Query, asking_word, content_words, is_list_word, organ_core, read_cues
from rag.register import equivalents
from rag.retrieve import Retriever
from rag.review_year import doc_reviewed_year
from rag.script import to_simplified
from rag.sound_slip import sound_fixes
from rag.text import normalize, paragraph_spans, sentence_spans
from rag.types import Document, Section
from rag.typo import Fix, correct_question, one_off
from rag.unit_sound_slip import sound_slipped
from rag.value_match import generic_counted


@functools.lru_cache(maxsize=16384)
def normalized(text: str) -> str:
    """``rag.text.normalize``, memoised: the same headings and titles are read again and again."""
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
    # the document's kind named as the place asked in (总结里, 讲话中说): over the softer
    # hints (会议, 书记, 成效) another kind's document may share
    kind_named: float = 0.5
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
    # A document the previous answer of the conversation cited, which a follow-up points
    # into (``Query.scope_docs``): as much as naming its department.
    scope_doc: float = 1.0
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

UNIT_MAX = 600  # characters: a leaf section up to this size is cited whole
ITEM_CITE_MAX = 320
# Occurrences listed in a 查找表述 answer (the count is always complete).
TERM_ANSWER_ROWS = PAGE_ROWS
_SPAN_SCAN = 1500  # characters of a candidate section whose sentences are also passages
_PREAMBLES = 5  # documents (best priors first) whose preamble sentences are also passages
SPECIFICITY_CACHE = 16384  # words whose ``word_specificity`` is kept per build
RESPELL_CACHE = 1024  # questions per build whose respelling is kept (``AnswerContext.respell``)

# Words that say which kind of document a question means (soft: a score, never a filter).
KIND_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"要点|任务|安排|部署|计划|打算|方案"), ("工作要点", "工作计划", "通知")),
    (re.compile(r"总结|成效|成绩|做了|取得|干了|汇报|回顾|述职"), ("工作总结",)),
    (
        re.compile(
            r"讲话|会上|会议|发言|致辞|领导.{0,3}讲|讲了|书记|部长|主任|局长|提出|意见|讲稿"
        ),
        ("讲话",),
    ),
    # (稿 of 讲稿, 发言稿, 致辞稿, 讲话稿 is a speech's)
    (re.compile(r"报道|新闻|稿子|(?<![讲言辞话])稿|文章|那篇|通讯|网站"), ("新闻报道", "新闻稿")),
    (re.compile(r"通知|印发|发文"), ("通知",)),
)


_QUOTED_PHRASE = re.compile(r"[“「『]([\u4e00-\u9fff]{2,12})[”」』]")


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
            out.extend(normalized(d.text[a:b]) for a, b in paragraph_spans(d.text))
        return tuple(out)

    @functools.cached_property
    def hit_cache(self) -> dict[tuple[str, int, bool], list[Any]]:
        return {}

    @functools.cached_property
    def titles(self) -> tuple[str, ...]:
        """Normalised titles and departments: words that name documents, not terms."""
        return tuple(
            normalized(f"{d.meta.title} {d.meta.department}") for d in self.documents.values()
        )

    @functools.cached_property
    def heads(self) -> dict[str, str]:
        """Per document, what names it: title, department, kind and the short lines of
        its head (a speech's speaker line 县委书记　XXX, its date line)."""
        return {k: doc_name(d, short=True) for k, d in self.documents.items()}

    @functools.cached_property
    def speakers(self) -> tuple[tuple[str, str], ...]:
        """The speaker lines of the library's documents (县委书记　XXX) with the personal
        name closing each: a name a question gives names the speech, like its title."""
        out: dict[tuple[str, str], None] = {}
        for d in self.documents.values():
            name = speaker_name(d.text)
            span = speaker_span(d.text)
            if name is not None and span is not None:
                out[(normalized(name), normalized(d.text[span[0] : span[1]]))] = None
        return tuple(out)

    @functools.cached_property
    def brands(self) -> dict[str, tuple[str, ...]]:
        """Per document, the brands it names itself by (``brands_of``)."""
        return {k: tuple(brands_of(d)) for k, d in self.documents.items()}

    @functools.cached_property
    def texts(self) -> dict[str, str]:
        return {k: normalized(d.text) for k, d in self.documents.items()}

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
            text = norms[key] = normalized(doc.text[start:end])
        return text

    def kids_norm(self, doc: Document, kids: Sequence[Section]) -> str:
        """The headings of ``kids`` (a section's children, a run of top-level items) joined
        and normalised, kept for the build like ``span_norm``."""
        key = (doc.doc_id, tuple((c.start, c.end) for c in kids))
        norms = self._span_norms
        text = norms.get(key)
        if text is None:
            text = norms[key] = normalized("".join(c.heading for c in kids))
        return text

    @functools.cached_property
    def corpus_text(self) -> str:
        """Every normalised text, one after another (a line break between documents)."""
        return "\n".join(self.texts.values())

    @functools.cached_property
    def simplified(self) -> dict[str, str]:
        """Per document, its normalised text in Simplified characters (a question typed in
        Simplified matched against a Traditional page)."""
        return {k: to_simplified(t) for k, t in self.texts.items()}

    @functools.cached_property
    def simplified_corpus(self) -> str:
        """``corpus_text`` in Simplified characters."""
        return to_simplified(self.corpus_text)

    @functools.cached_property
    def spelt_text(self) -> str:
        """``corpus_text`` and what cleaning took out of the texts (related links, page
        lines), normalised: a name the library spells so anywhere is no slip (云港街道 of a
        link beside 云岗街道), whatever the body holds."""
        removed = (
            normalize(to_simplified(r.text)) for d in self.documents.values() for r in d.removed
        )
        return "\n".join((self.corpus_text, *removed))

    @functools.cached_property
    def term_set(self) -> frozenset[str]:
        return frozenset(self.terms)

    @functools.cached_property
    def quoted_phrases(self) -> frozenset[str]:
        """The phrases the documents put in quote marks (“一岗一策”, “领雁”), normalised."""
        return frozenset(
            normalize(m.group(1))
            for d in self.documents.values()
            for m in _QUOTED_PHRASE.finditer(d.text)
        )

    @functools.cached_property
    def departments(self) -> tuple[str, ...]:
        return tuple(sorted({d.meta.department for d in self.documents.values()}))

    @functools.cached_property
    def specificities(self) -> LRU[str, float]:
        """``word_specificity`` per word for this build (each a scan over all paragraphs)."""
        return LRU(SPECIFICITY_CACHE)

    @functools.cached_property
    def respellings(self) -> LRU[str, tuple[str, tuple[Fix, ...]]]:
        """``respell``'s results for this build (a pure function of the question and the
        library: a question read again — its parts, a later turn, another user — is not
        compared with the whole corpus again)."""
        return LRU(RESPELL_CACHE)

    def respell(self, question: str) -> tuple[str, tuple[Fix, ...]]:
        """``_respell``, memoised per build (``respellings``)."""
        return self.respellings.get_or_compute(question, lambda: self._respell(question))

    def _respell(self, question: str) -> tuple[str, tuple[Fix, ...]]:
        """``question`` with an organ's former name or a place's one-character abbreviation
        written as the library's department writes it (``rag.organ_aliases``), its phrases
        in the corpus' spelling (``rag.typo``), the phrase of a term request also where
        typed with a character of the same sound (``rag.sound_slip``)."""
        named, renamed = read_aliases(to_simplified(question), self.departments)
        respelt, fixes = correct_question(
            named,
            self.spelt_text,
            self.term_set,
            self.titles,
            self.quoted_phrases,
        )
        fixes = (*renamed, *fixes)
        if not read_cues(respelt).term:
            return respelt, fixes
        heard, more = sound_fixes(
            respelt, self.spelt_text, self.term_set, self.quoted_phrases, self.titles
        )
        return heard, fixes + more


# --- coverage -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _bigrams(s: str) -> frozenset[str]:
    # the same question words are looked for in every candidate section: split them once
    return frozenset({s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s})


def word_in(word: str, text: str) -> float:
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
        # per word: its weight, official equivalents and bigrams (``word_in`` inlined)
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


def word_specificity(ctx: AnswerContext, words: Sequence[str]) -> dict[str, float]:
    """How specific each word is in this library: rare in its paragraphs weighs more,
    a word every paragraph has almost nothing; a word the library lacks weighs 0 (it can
    match nothing, so it neither helps nor hurts a candidate)."""
    memo = ctx.specificities
    out: dict[str, float] = {}
    for w in words:
        got = memo.get(w)
        if got is None:
            got = _specificity(ctx, w)
            memo.put(w, got)
        out[w] = got
    return out


def _specificity(ctx: AnswerContext, w: str) -> float:
    """``word_specificity`` of one word (a scan over every paragraph; memoised per build in
    ``AnswerContext.specificities``)."""
    paras = ctx.paragraphs
    n = len(paras) or 1
    df = sum(1 for p in paras if w in p)
    if df == 0:
        part = sum(1 for p in paras if word_in(w, p) >= 0.5)
        return 0.5 * math.log((n + 1) / (part + 0.5)) if part else 0.0
    return math.log((n + 1) / (df + 0.5))


# --- evidence per document ----------------------------------------------------------------


# A document-kind noun the question names as where to look (总结里, 讲话中, 要点上说, 方案
# 的): the noun and the kinds it names. A closed class of the genre's document kinds.
_NAMED_KIND = re.compile(
    r"(总结|要点|计划|方案|讲话|讲稿|发言|述职|通知|报道)(?:报告|材料|稿)?"
    r"(?=里|中|上|内|说|提|写|讲|的|[，,？?。]|$)"
)
_NAMED_KINDS = {
    "总结": ("工作总结",),
    "述职": ("工作总结",),
    "要点": ("工作要点",),
    "计划": ("工作计划",),
    "方案": ("工作计划", "工作要点"),
    "讲话": ("讲话",),
    "讲稿": ("讲话",),
    "发言": ("讲话",),
    "通知": ("通知",),
    "报道": ("新闻报道",),
}


def kind_bonus(q: Query, doc: Document) -> float:
    """Evidence of the kind asked: ``W.kind_match`` for a kind the wording hints at
    (``KIND_HINTS``), and ``W.kind_named`` more for the kind the question names as where
    to look (总结里…: ``named_kind``) — a boost among the unit's documents, never a filter."""
    text = q.rest
    kinds = {k for p, ks in KIND_HINTS if p.search(text) for k in ks}
    if not kinds:
        return 0.0
    title = doc.meta.title
    hit = doc.meta.kind in kinds or any(k[:2] in title for k in kinds)
    return (W.kind_match if hit else 0.0) + W.kind_named * named_kind(q, doc)


# How much a sentence of the named kind's document gains (``rank_sentences``): a tie-break
# among one unit's documents, less than a word's coverage (fitted on kinds22f3's 总结/讲话).
_NAMED_SHARE = 0.1


def named_kind(q: Query, doc: Document) -> bool:
    """The question names ``doc``'s kind as where to look (总结里, 讲话中说: ``_NAMED_KIND``)."""
    named = [m.group(1) for m in _NAMED_KIND.finditer(q.rest)]
    return any(doc.meta.kind in _NAMED_KINDS[n] or n in doc.meta.title for n in named)


def doc_prior(
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
        elif any(f"{y}年" in text for y in q.years) or doc_reviewed_year(doc) in q.years:
            # (a speech of early next year looking back at the asked one: its 过去一年)
            score += W.year_text
        else:
            score += W.year_miss
    score += kind_bonus(q, doc)
    if doc.doc_id in q.hint_docs:
        score += W.hint_doc
    if doc.doc_id in q.scope_docs:
        score += W.scope_doc
    if words:
        # Words that name documents (those some title holds) are matched against the title.
        naming = [w for w in words if any(w in t for t in ctx.titles)]
        if naming:
            score += W.title_cov * coverage(naming, normalized(m.title), spec)
        score += W.text_cov * coverage(words, ctx.texts[doc.doc_id], spec)
    return score


# --- candidates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
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


def expected_count(question: str) -> int | None:
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


def root_runs(doc: Document) -> list[tuple[Section, ...]]:
    """Top-level sections grouped into runs of one numbering style."""
    runs: list[list[Section]] = []
    for sec in doc.outline:
        if runs and runs[-1][-1].style == sec.style:
            runs[-1].append(sec)
        else:
            runs.append([sec])
    return [tuple(r) for r in runs]


def node_candidates(
    ctx: AnswerContext,
    q: Query,
    docs: Sequence[Document],
    priors: Mapping[str, float],
    words: Sequence[str],
    spec: Mapping[str, float],
) -> list[Node]:
    out: list[Node] = []
    cues = q.cues
    expected = expected_count(q.question)
    cover = _Coverage(words, spec)
    for doc in docs:
        prior = priors[doc.doc_id]
        if doc.outline:
            title = cover(normalized(doc.meta.title))
            root = prior + W.head_cov * 0.3 * title
            root += W.body_cov * cover(ctx.texts[doc.doc_id])
            root += W.list_children * cues.list + W.overview_root * cues.overview
            runs = root_runs(doc)
            if len(runs) > 1:
                for run in runs:
                    kids = cover(ctx.kids_norm(doc, run))
                    body = cover(ctx.span_norm(doc, run[0].start, run[-1].end))
                    score = prior + W.head_cov * W.kids_cov * kids + W.body_cov * body
                    score += W.list_children * cues.list
                    if expected is not None and expected == len(run):
                        score += W.count_match
                    out.append(Node(doc, None, score, W.kids_cov * kids, run))
            else:
                out.append(Node(doc, None, root, title))
        ordinal = _part_number(q.question)
        for sec in doc.sections():
            head = cover(normalized(sec.heading))
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
            out.append(Node(doc, sec, score, head))
    return sorted(out, key=lambda n: -n.score)


def phrase_candidates(ctx: AnswerContext, q: Query) -> list[str]:
    """Phrases of the question the corpus holds verbatim: quoted ones, dictionary terms,
    then long n-grams of the question (scope mentions excluded), longest first."""
    out: list[str] = []
    for x in q.quoted:
        if ctx.concordance.count(x) and x not in out and len(normalized(x)) >= 2:
            out.append(x)
    # (words a plus joins are one name — 党建＋业务 —, never its part 党建+ alone)
    joined = bare_keyword(q.rest) if q.cues.term and not out else None
    if joined and "+" in normalized(joined) and ctx.concordance.count(joined):
        out.append(joined)
    # Request words (相关表述, 全部, 出处) are never part of a phrase.
    rest = asking_masked(normalized(q.rest))
    for term in sorted(ctx.terms, key=len, reverse=True):
        fresh = len(term) >= 2 and term in rest and not any(term in p for p in out)
        if fresh and ctx.concordance.count(term):
            out.append(term)
    for piece in re.split(r"[□\W\d]+", rest):
        gram = _longest_gram(ctx, piece, out)
        if gram:
            out.append(gram)
    sole = sole_content(q)
    if not out and sole and q.cues.term and ctx.concordance.count(sole):
        out.append(sole)  # 党 相关表述 全部: a one- or two-character term, asked alone
    sole = sole.strip("的")  # (的X of □□□□□的X: a unit's X)
    if len(sole) >= 3 and sole not in out and beyond_titles(ctx, sole):
        # (the question is one phrase the bodies hold, a title too: 某某突击队 相关内容, with
        # a title 关于开展某某突击队创建活动的方案 — the phrase, not the title's document)
        out.append(sole)
    if sole in out and not is_list_word(sole) and not any(sole.startswith(p) for p in out[:1]):
        # The question is this one phrase: it, not a dictionary word inside it (党支部 of
        # 某好党支部 typed alone), is the phrase asked. (A word it begins with keeps its
        # place: 某某议题 of 某某议题制度, the class noun the asker's.)
        out.remove(sole)
        out.insert(len([x for x in out if x in q.quoted]), sole)
    keyword = bare_keyword(q.rest) if not out and q.cues.term else None
    if keyword and ctx.concordance.count(keyword):
        out.append(keyword)  # 晨帆 都在什么地方提到: a two-character name, asked alone
    return out


def sole_content(q: Query) -> str:
    """What the question holds besides request words, a closing whose-act frame, scope and
    punctuation."""
    return "".join(re.split(r"[□\W\d]+", asking_masked(normalized(q.rest))))


def beyond_titles(ctx: AnswerContext, phrase: str) -> int:
    """Occurrences of ``phrase`` the documents hold besides those in their titles."""
    norm = normalized(phrase)
    in_titles = sum(normalized(d.meta.title).count(norm) for d in ctx.documents.values())
    return max(0, ctx.concordance.count(phrase) - in_titles)


def without_function_chars(text: str) -> str:
    """``text`` without function characters (第一议题的 → 第一议题)."""
    return re.sub(f"[{FUNCTION_CHARS}]", "", text)


def _longest_gram(ctx: AnswerContext, piece: str, taken: Sequence[str]) -> str | None:
    """The longest n-gram (3–16 characters) of ``piece`` the corpus holds and no title
    holds, cut back to the question's word boundaries inside it when it ends in the middle
    of a word (软弱涣散党 of 软弱涣散党组织 → 软弱涣散: every occurrence of it)."""
    from rag.tokenize import get_tokenizer

    n = len(piece)
    for size in range(min(n, 16), 2, -1):
        for i in range(0, n - size + 1):
            gram = piece[i : i + size]
            if any(gram in p for p in taken):
                continue
            if ctx.concordance.holds(gram) and not any(gram in t for t in ctx.titles):
                bounds = {0}
                pos = 0
                for tok in get_tokenizer().cut(piece, HMM=False):
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


# --- retrieval ----------------------------------------------------------------------------


def hits_in(
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
class Sentence:
    doc_id: str
    start: int
    end: int
    score: float
    cover: float


def rank_sentences(
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
) -> list[Sentence]:
    """Sentences of the retrieved chunks, of the occurrences of ``phrases`` and of the
    ``spans`` (the best outline sections), scored by how much of the question they cover."""
    allowed = [d.doc_id for d in docs]
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []

    def add(doc_id: str, s: int, e: int, bonus: float) -> None:
        if (doc_id, s) in seen:
            return
        seen.add((doc_id, s))
        doc = ctx.documents[doc_id]
        # A sentence is read with the headings it stands under (二是党史学习教育扎实推进).
        path = section_path(doc.outline, s, e)
        heads = "".join(sec.heading for sec in path)
        if not path and (lead := preamble_span(doc)) and lead[0] <= s < lead[1]:
            # the preamble is the document's section 0: its heading is the title
            heads = doc.meta.title
        norm = normalized(doc.text[s:e])
        cover = coverage(words, norm + normalized(heads), spec)
        if phrases:
            cover = max(cover, max(word_in(normalized(p), norm) for p in phrases) * 0.9)
        score = cover + 0.15 * max(-1.0, min(1.5, priors.get(doc_id, 0.0))) + bonus
        # (the kind named as where to look — 总结里 — counts past the prior's cap, which
        # both a unit's 总结 and its 讲话 reach on department and hints alone)
        score += _NAMED_SHARE * named_kind(q, doc)
        out.append(Sentence(doc_id, s, e, score, cover))

    for doc_id, a, b, prior in hits_in(ctx, q.question, allowed, k, lexical=lexical):
        doc = ctx.documents[doc_id]
        for s, e in sentence_spans(doc.text, a, b):
            add(doc_id, s, e, 0.2 * prior)
    for doc_id, a, b in spans:
        doc = ctx.documents[doc_id]
        for s, e in sentence_spans(doc.text, a, min(b, a + _SPAN_SCAN)):
            add(doc_id, s, e, 0.0)
    # The preambles of the best-fitting documents are candidates as any section is (their
    # headline facts stand under no heading that a question's words would find).
    for doc_id in sorted(allowed, key=lambda d: -priors.get(d, 0.0))[:_PREAMBLES]:
        doc = ctx.documents[doc_id]
        lead = preamble_span(doc)
        if lead is not None:
            for s, e in sentence_spans(doc.text, lead[0], min(lead[1], lead[0] + _SPAN_SCAN)):
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


# --- a question's evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
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


LATIN_WORD = re.compile(r"[A-Za-z]+")


# What may stand between a verb and its object: an aspect particle, a count asked (吸纳了
# 多少名新团员, 盘活几处闲置房).
_OBJECT_GAP = r"^[了过着]?(?:(?:多少|几)[名个位人批处项家]?)?"


def _asker_verb(word: str, asked: str, words: Sequence[str], corpus: str) -> bool:
    """``word`` is a verb alone that no text holds, followed in ``asked`` (an aspect
    particle between) by another of the question's ``words`` the library holds whole."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    if not tags or not all(f == "v" for _, f in tags) or word_in(word, corpus) >= 0.5:
        return False
    at = asked.find(word)
    if at < 0:
        return False
    after = re.sub(_OBJECT_GAP, "", asked[at + len(word) :])
    return any(
        w != word and after.startswith(w) and word_in(w, corpus) == 1.0 and noun_head(w)
        for w in words
    )


def noun_head(word: str) -> bool:
    """``word`` ends in a noun (新党员, 骨干): an object a verb before it acts on — not a
    verbal noun (审判, 监督) the word before it modifies as a compound's head (破产审判)."""
    from rag.tokenize import pos_tags

    tags = pos_tags(word)
    return bool(tags) and tags[-1][1].startswith("n") and tags[-1][1] != "nv"


_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)年")


def gather_evidence(ctx: AnswerContext, q: Query) -> Evidence:
    docs = tuple(ctx.documents[d] for d in q.doc_ids if d in ctx.documents)
    # A list asked of a speaker named by the personal name of a speech's speaker line
    # (某某在年度会上讲了几点): the documents holding that name, the line's words (the post,
    # the name) naming the speech like its title — the byline is no list of what the speech
    # says. (Asked of the person — 某某是什么职务 — the line is the answer: content.)
    listy = bool(q.cues.list or q.cues.overview)
    said = [n for n, _ in ctx.speakers if listy and len(n) >= 2 and n in normalized(q.rest)]
    lines = [line for n, line in ctx.speakers if n in said]
    if said:
        held = tuple(d for d in docs if any(n in ctx.texts[d.doc_id] for n in said))
        docs = held or docs
    # An English word typed among the Chinese (具体items, target 多少) that no text holds
    # is the asker's filler, not content to find.
    words = tuple(
        w
        for w in dict.fromkeys(content_words(q.topic))
        if not (LATIN_WORD.fullmatch(w) and normalized(w) not in ctx.corpus_text)
    )
    # Words of the asking (情况, 层面, 数据, 对比一下) are no content while others remain: a
    # sentence holding 情况 (现将有关情况报告如下) answers nothing of the question.
    words = tuple(w for w in words if not asking_word(w)) or words
    # (督查了几家单位: the text names the bodies themselves — 6个村党组织 — the noun is none
    # of the content a sentence must hold)
    counted = generic_counted(q.question)
    words = tuple(w for w in words if w not in counted) or words
    # The asker's own verb for the text's act on an object the library holds (吸纳了新团员,
    # 盘活闲置房 where the texts say 发展, 利用): no text holds the verb, the object decides.
    words = (
        tuple(
            w for w in words if not _asker_verb(w, normalized(q.question), words, ctx.corpus_text)
        )
        or words
    )
    # A year no document is dated is content to find in the text (展望2023年), not scope.
    # (a speech given early in the next year reviews that year: 过去一年 is its figures)
    # (a year a title names — 2024年党建工作总结 dated January 2025 — is the document's
    # year too: it names the document, scope rather than content)
    dated = {d.meta.year for d in docs} | {doc_reviewed_year(d) for d in docs}
    dated |= {int(y) for d in docs for y in _TITLE_YEAR.findall(d.meta.title)}
    words += tuple(f"{y}年" for y in q.years if y not in dated)
    spec = word_specificity(ctx, words)
    priors = {d.doc_id: doc_prior(ctx, q, d, words, spec) for d in docs}
    relative: tuple[str, ...] = ()
    if q.relative_year and not q.years and docs:
        # 明年/去年 count from the year of the document the question is about.
        top = max(docs, key=lambda d: priors[d.doc_id])
        meant = f"{top.meta.year + q.relative_year}年" if top.meta.year else ""
        # (a document whose title names that year — 2024年度述职报告 dated January 2025 —
        # is of that year as a whole: its 全年 figures answer, the year is no content)
        if meant and meant in top.text and meant not in top.meta.title:
            relative = (meant,)
            words += relative
            spec = word_specificity(ctx, words)
            priors = {d.doc_id: doc_prior(ctx, q, d, words, spec) for d in docs}
    # Words that name documents (some title holds them: 要点, 讲话, 总结) chose the documents
    # above; within a document they say nothing about which part answers.
    # (The year 明年 means is content: the part on that year, whatever titles hold it.)
    # (Only the titles of the documents asked name them: of one side of a comparison, a
    # word another document's title holds — 三级书记抓党建 in a third unit's headline — is
    # what the side's passages are about.)
    titles = (
        ctx.titles
        if len(docs) == len(ctx.documents)
        else tuple(normalized(f"{d.meta.title} {d.meta.department}") for d in docs)
    )
    topical = tuple(
        w
        for w in words
        if w in relative
        or not (any(w in t for t in titles) or any(normalized(w) in x for x in lines))
    )
    every = tuple(w for w in words if not _ASK_WORD.fullmatch(w))
    return Evidence(docs, priors, topical or words, spec, every or words)


_LEVEL_CHARS = frozenset("省市县区镇乡")


def _real_organ(name: str) -> bool:
    """``name`` ends on an organ's own word of the dictionary (统计局, 水务局, 博物馆): a
    name one character off a department's is then another organ, never a typo of it
    (财证局, 水力局 are no words)."""
    from rag.tokenize import get_tokenizer

    # (the three-character organ word only: a longer dictionary entry may be a typo of
    # its own — 人名医院 — where the organ word is the department's)
    freq = get_tokenizer().FREQ
    return len(name) >= 3 and freq.get(name[-3:], 0) >= 2


def misspelt_department(ctx: AnswerContext, name: str) -> str | None:
    """The one department whose name (or a document's title) holds ``name`` with one
    character wrong — not its first or its organ suffix (税物局 for 税务局) — else None.
    A name two characters off (宣传部 against 组织部) is another organisation."""
    n = normalized(name)
    if len(n) < 3:
        return None
    if re.search(r"[一二三四五六七八九十\d]", n):
        return None  # a number tells institutions apart (第二中学 is not 第一中学)
    level = _other_level_form(n)
    if level is not None:
        held = {
            d.meta.department
            for d in ctx.documents.values()
            if level in normalized(d.meta.department) or level in normalized(d.meta.title)
        }
        if len({organ_core(f) for f in held}) == 1 and not _named_verbatim(ctx, n):
            return min(held, key=len)
    # (澄西市水务局 for 澄溪市水务局: the place typed with a character read alike, the
    # level and organ the department's own — before the organ-word test, which the organ
    # itself passes)
    slipped = {
        d.meta.department
        for d in ctx.documents.values()
        if place_slip(n, normalized(d.meta.department))
    }
    if len({organ_core(f) for f in slipped}) == 1 and not _named_verbatim(ctx, n):
        return min(slipped, key=len)
    if _real_organ(n):
        return None  # 统计局 one character off 审计局 is another organ, not a typo
    if _named_verbatim(ctx, n):
        return None  # 云港街道 beside 云岗街道, where a text (a related link) names 云港街道
    head = _PLACE_HEAD.match(n)
    if head and is_place(head.group()) and _other_division(head.group(), ctx):
        return None  # 海淀区 one character off 海曙区: a real division of its own, no typo
    found: set[str] = set()
    # (云港街道党工委 of a 中共云岗街道工作委员会: the place and level typed one off, its
    # party organ in the short form the full name does not spell)
    typed = [n]
    if head and _PARTY_ORGAN.fullmatch(n[head.end() :]) and len(head.group()) >= 3:
        typed.append(head.group())
    for doc in ctx.documents.values():
        names = (normalized(doc.meta.department), normalized(doc.meta.title))
        for text, t in ((x, t) for x in names for t in typed):
            near = one_off(t, text, keep_ends=True)
            # (a level word tells organs apart: 嘉禾县交通运输局 is not 嘉禾市交通运输局;
            # so does a direction word: 河东区 and 河西区 are neighbours, no typo of
            # each other)
            if any(
                not any(
                    a != b
                    and (a in _LEVEL_CHARS or b in _LEVEL_CHARS or (a in _SIDES and b in _SIDES))
                    for a, b in zip(t, c, strict=False)
                )
                for c in near
            ):
                found.add(doc.meta.department)
    if not found:
        # (岭南水力局 for 岭南市水利局: a short form with one character typed by its sound)
        found = {
            d.meta.department
            for d in ctx.documents.values()
            if sound_slipped(n, normalized(d.meta.department))
        }
    if len({organ_core(f) for f in found}) == 1:
        return min(found, key=len)  # one organ (X局 and X局机关党委): the organ itself
    return next(iter(found)) if len(found) == 1 else None


# Direction words place names of neighbours are told apart by (东湖区 / 西湖区).
_SIDES = frozenset("东西南北中上下左右前后内外")
# A place with its level at the start of a name (云港街道, 东城区, 石埠镇), and a party
# organ's short form after it.
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:街道|[省市县区镇乡])")
_PARTY_ORGAN = re.compile(r"党工委|工委|党委|党组|党总支|党支部")


# A province's department of a line of work is its 厅, a city's or county's its 局
# (自然资源厅 / 自然资源局, 教育厅 / 教育局): users type a province's 厅 as 局. Never the
# other way: a 厅 asked names a province's organ, and a city's or county's 局 is another
# organ — rewriting it would serve that organ's text as the 厅's.


def _other_level_form(name: str) -> str | None:
    """``name`` (normalised) with its 局 written 厅, when a province (省) and a line of work
    of two characters at least stand before it (省财政局 → 省财政厅); else None. A 厅 is
    never read as a 局 (市水务厅 is no 市水务局)."""
    m = re.fullmatch(r"(.*省)([\u4e00-\u9fff]{2,8})局", name)
    if m is None:
        return None
    return m.group(1) + m.group(2) + "厅"


def _other_division(place: str, ctx: AnswerContext) -> bool:
    """``place`` (a division with its level) is none a department's name holds."""
    return not any(place in normalized(d.meta.department) for d in ctx.documents.values())


def _named_verbatim(ctx: AnswerContext, name: str) -> bool:
    """Some text of the library — its body, or what cleaning took out of it (a related
    link, a 抄送 line) — spells ``name``, or the place-and-level it opens with, as typed
    while no department's name holds that: a name one character off a department's is then
    another organisation the library knows of (云港街道 beside 云岗街道), never a typo."""
    head = _PLACE_HEAD.match(name)
    forms = [name] + ([head.group()] if head and len(head.group()) >= 3 else [])
    depts = [normalized(d.meta.department) for d in ctx.documents.values()]
    forms = [f for f in forms if not any(f in d for d in depts)]
    if not forms:
        return False
    for doc in ctx.documents.values():
        texts = (doc.text, doc.meta.title, *(r.text for r in doc.removed))
        if any(f in normalized(t) for t in texts for f in forms):
            return True
    return False


def department_spelling(name: str, department: str) -> str | None:
    """How ``department``'s name spells ``name`` typed one character off (财政局 for 财证局)."""
    n = normalized(name)
    level = _other_level_form(n)
    if level is not None and level in normalized(department):
        return level
    slipped = place_slip(n, normalized(department))
    if slipped:
        return slipped
    near = one_off(n, normalized(department), keep_ends=True)
    if near:
        return near.most_common(1)[0][0]
    head = _PLACE_HEAD.match(n)  # (云港街道党工委 → 云岗街道党工委)
    if head and _PARTY_ORGAN.fullmatch(n[head.end() :]):
        near = one_off(head.group(), normalized(department), keep_ends=True)
        if near:
            return near.most_common(1)[0][0] + n[head.end() :]
    return sound_slipped(n, normalized(department))


def without_guesses(q: Query, ev: Evidence) -> Evidence:
    """The evidence words less what a yes/no or either-or question guesses (a figure, a
    rank, a speaker: ``rag.framing``): the answer shows the real one, and a guess the texts
    lack is no missing content."""
    guessed = guessed_words(q.question, (*ev.words, *ev.every))
    if not guessed:
        return ev
    words = tuple(w for w in ev.words if w not in guessed) or ev.words
    every = tuple(w for w in ev.every if w not in guessed) or ev.every
    return replace(ev, words=words, every=every)


# A brand a document is named by: a phrase quoted in its title or subtitle line (——…以“X”
# 品牌…), or quoted as a brand in its lead (“X”党建品牌, “X”工作法).
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,12})[”」』\"]")
_AS_BRAND = re.compile(r"^(?:党建|服务|工作)?(?:品牌|工作法|模式|工程|行动)")
_BRAND_HEAD = 400  # characters of a document's start searched for its title lines and lead


def brands_of(doc: Document) -> list[str]:
    """The brands ``doc`` names itself by (see ``_QUOTED``), normalised."""
    first = doc.outline[0].start if doc.outline else len(doc.text)
    head = doc.text[: min(first, _BRAND_HEAD)]
    out: list[str] = [normalized(m.group(1)) for m in _QUOTED.finditer(doc.meta.title)]
    for line in head.splitlines():
        line = line.strip()
        titled = line.startswith(("——", "--", "—")) or normalized(line) == normalized(
            doc.meta.title
        )
        for m in _QUOTED.finditer(line):
            if titled or _AS_BRAND.match(line[m.end() :]):
                out.append(normalized(m.group(1)))
    return list(dict.fromkeys(b for b in out if len(b) >= 3))


def doc_name(doc: Document, *, short: bool = False) -> str:
    """What names a document rather than a part of it: its title, department and kind,
    and its head (title, speaker and date lines before the first section)."""
    m = doc.meta
    first = doc.outline[0].start if doc.outline else 0
    head = doc.text[: min(first, 300)]
    # (the addressee line of a notice — 局机关各党支部：, 同志们： — names who it is sent
    # to, not the document)
    head = re.sub(r"(?m)^[^\n：:]{1,40}[：:][ \t\u3000]*$", "", head)
    if short:
        # Short lines only: a preamble paragraph says what the document is about.
        head = " ".join(ln for ln in head.splitlines() if len(ln.strip()) <= 40)
    return normalized(f"{m.title} {m.department} {m.kind} {head}")


def corpus_holds(texts: Iterable[str], word: str) -> float:
    """How well the best of ``texts`` holds the word; its genre synonyms are looked for
    only when no text holds the word itself."""
    pool = list(texts)
    best = max((word_in(word, t) for t in pool), default=0.0)
    if best >= 0.5 or not synonyms.related(word):
        return best
    return max((word_held(word, t) for t in pool), default=0.0)


def word_held(word: str, text: str, others: Sequence[str] = ()) -> float:
    """How well a text holds a word, a genre synonym of it counting too (rag.synonyms)
    unless one of the question's ``others`` words holds that synonym."""
    return synonyms.match(word, text, word_in, others)


# Characters that join words (的党建 is 党建 for naming): a closed class of the grammar.
FUNCTION_CHARS = "的了和与及在对把将为"


def scoped_docs(ev: Evidence, q: Query) -> list[Document]:
    """Documents in the question's scope: its departments (when named), else all, best first."""
    docs = [d for d in ev.docs if not q.departments or d.meta.department in q.departments]
    return sorted(docs or list(ev.docs), key=lambda d: -ev.priors[d.doc_id])


# Words that ask for occurrences or for all of them (相关表述, 全部, 出处): never part of a term.
REQUEST_WORDS = re.compile(
    r"相关表述|相关内容|相关说法|相关段落|相关|表述|说法|出处|出自|原文|原话|原句|全文检索|全文|全部|"
    r"所有|完整|一共|都有哪些|列出来?|都给我|给我|都在哪|"
    r"有哪些|哪些|在哪里?|哪儿|提到|提及|讲到|说到|写到|出现|涉及|检索|查找|搜索|"
    # fetching every place and compiling it (全找出来, 都翻出来, 汇总一下, 罗列) — a verb of
    # compiling only at an end of the request, never inside a phrase (某某汇总表)
    r"全?都?(?:找|翻|扒|拎|调|摘|列)出来|"
    r"(?<![\u4e00-\u9fff])(?:汇总|汇集|罗列|梳理)(?:一下)?|"
    r"(?:汇总|汇集|罗列|梳理)(?:一下)?(?![\u4e00-\u9fff])|"
    r"材料|文件|地方|段落|内容|"
    # how many / which places say it, with a bare perfective or experiential verb
    # (哪几处谈过, 有几处说了, 多少处提了), and the demonstrative the ask points with
    # (这个做法, 这个提法)
    r"(?:有|共|一共)?(?:哪|几|多少)[一几]?处(?![理置罚分长室级])|(?:谈|讲|说|提|写)(?:过|了)|"
    r"这(?:个|一|种|项)?(?:问题|做法|提法|说法|事)|"
    # How each one words it (各单位咋说的, 都是怎么提的): the occurrences, per document.
    r"(?:各单位|各部门|各家|每家|大家)?都?是?(?:怎么|咋|如何|怎样)(?:说|讲|提|写|表述|描述)的?|"
    r"提法|写法|措辞|"
    # miss none (一处不落, 不要遗漏, 别漏)
    r"一[处个条句]?(?:都|也)?不(?:落|漏|少|能少|要漏)|(?:不要|不能|别|不|勿)遗?漏|无遗漏|全都要"
)


# What opens a request before its phrase (把X的相关内容全找出来, 关于X的内容, 请将X…): at the
# start of the question or of a clause only (严把X关 keeps its 把).
_LEADING_ASK = re.compile(
    r"(?:^|(?<=[□\s，,。；;：:]))(?:请|麻烦|帮忙|帮我|给我|请你)?(?:把|将|关于|有关|对于)"
)


def asking_masked(rest: str) -> str:
    """``rest`` (normalised) with its request words and its whose-act frame as □."""
    return whose_act_masked(REQUEST_WORDS.sub("□", _LEADING_ASK.sub("□", rest)), "□")
