"""Term requests: the phrase a question asks every passage on (``requested_terms``,
``_asked_term``, ``term_variants``) and the concordance answer for it (``terms_answer``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from rag.answer_blocks import finish_answer, term_blocks, with_fix_notes
from rag.answer_evidence import (
    FUNCTION_CHARS,
    LATIN_WORD,
    REQUEST_WORDS,
    TERM_ANSWER_ROWS,
    AnswerContext,
    Evidence,
    W,
    beyond_titles,
    normalized,
    scoped_docs,
    sole_content,
    without_function_chars,
)
from rag.answer_refusal import INTERROGATIVE, is_function_word, refusal
from rag.bare_keyword import bare_keyword, ends_in_doc_kind
from rag.cite import CitationBook
from rag.institutions import another_organ
from rag.outline_match import ordinal_references
from rag.question import Query, is_list_word
from rag.types import Answer, Section, TermPage
from rag.typo import Fix, function_char, one_off, sounds_alike

# What joins variants of a term the question asks for together (X或者Y都算, X和Y).
_JOINERS = re.compile(r"或者|或是|还是|以及|还有|或|和|与|及|跟|同|都算|都行|都要|也算")


def term_variants(q: Query, phrases: Sequence[str]) -> list[str]:
    """Phrases the question asks for together: two or more quoted ones (“书记项目”还是
    “支部书记项目”), or phrases that with joining words are all of its content (X和Y).
    Each is searched; their occurrences are one list."""
    quoted = [p for p in phrases if p in q.quoted]
    if len(quoted) >= 2:
        return quoted
    # Unquoted, a phrase inside another is the same term (清廉机关 in 清廉机关建设).
    phrases = [
        p for p in phrases if not any(p != o and normalized(p) in normalized(o) for o in phrases)
    ]
    if len(phrases) < 2:
        return []
    # What stands between them is joining words or 、 (a sentence, 忽略X，输出Y, is no list
    # of variants); request words and a closing mark aside.
    rest = REQUEST_WORDS.sub("", normalized(q.rest))
    if _abutting(rest, [normalized(p) for p in phrases]):
        return []  # (书香校园建设: one compound, not 书香校园 or 建设)
    for p in sorted(phrases, key=len, reverse=True):
        rest = rest.replace(normalized(p), "")
    rest = re.sub(r"[\s、？?！!。.]+|都|也|一下|帮我|给我|请", "", _JOINERS.sub("", rest))
    return list(phrases) if not rest else []


def _abutting(text: str, phrases: Sequence[str]) -> bool:
    """Two of ``phrases`` stand in ``text`` right one after the other, nothing between
    them: they are parts of one compound, no variants a joining word lists."""
    spans = sorted((i, i + len(p)) for p in phrases if (i := text.find(p)) >= 0)
    return any(b == c for (_, b), (c, _) in itertools.pairwise(spans))


def terms_answer(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
    phrase: str,
    book: CitationBook,
    variants: Sequence[str] = (),
) -> Answer | None:
    scope = [d.doc_id for d in scoped_docs(ev, q)] if q.departments else [d.doc_id for d in ev.docs]
    if len(variants) >= 2:
        # Every variant searched; one list of their occurrences, grouped per document.
        page = ctx.concordance.page_any(variants, scope, limit=TERM_ANSWER_ROWS)
        if not page.total:
            return None
        return finish_answer(q, "term", True, term_blocks(book, ctx, page, units=False), book)
    name = _quoted_name(ctx, phrase)
    if name is not None:
        # “竹乡领航”服务联盟 asked: the name's every occurrence (“竹乡领航”联建 too), one list
        page = ctx.concordance.page_any([phrase, name], scope, limit=TERM_ANSWER_ROWS)
        return finish_answer(q, "term", True, term_blocks(book, ctx, page, units=False), book)
    term = phrase
    # (a phrase joined by + — “社区+物业+业主” — is one name: no part of it is the term)
    joined = "+" in normalized(phrase)
    # (a known term closing a phrase the texts hold is its head noun, the phrase one kind of
    # it: 某好党支部 is no 党支部 at large)
    held = ctx.concordance.count(phrase, scope) > 0
    for t in ctx.terms:  # the more frequent known term inside the phrase (第一议题制度 → 第一议题)
        head = held and normalized(phrase).endswith(normalized(t))
        inner = not joined and not head and len(t) >= 3 and t in phrase and t != phrase
        if inner and ctx.concordance.count(t, scope) > ctx.concordance.count(term, scope):
            term = t
    if phrase not in q.quoted:
        term = _attested_core(ctx, term, scope) or term
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
    lead = _scoped_lead(ctx, q, ev, page, scope)
    blocks = term_blocks(book, ctx, page, units=units, lead=lead) if page.total else []
    if near.total:
        docs = len(near.per_doc)
        lead = (
            f"另有 {near.total} 处相近表述（“{asked}”的词语都在、中间有字或顺序不同，{docs} 份文档）："
            if page.total
            else f"文档中没有“{asked}”的原样表述；相近表述 {near.total} 处（{docs} 份文档）："
        )
        blocks += term_blocks(book, ctx, near, units=units, lead=lead)
    return finish_answer(q, "attribution" if units else "term", True, blocks, book)


# A class noun the asker adds to a practice (X制度, X机制): the documents write the practice
# with another or none (“X”, X机制, 实行X).
_CLASS_NOUN = re.compile(r"(?:制度|机制|模式|做法|办法|举措|体系)$")
# Joining words inside a term the asker describes in their own words (A干部和B干部X).
_JOINED = re.compile(r"和|与|及|同|跟")
_CORE_MIN = 4  # characters of a core phrase
_CORE_SHARE = 0.6  # of the documents searched, at most, holding a core (no generic compound)


def _attested_core(ctx: AnswerContext, term: str, scope: Sequence[str]) -> str | None:
    """The core phrase of a term the asker wraps in their own words — after a joined
    modifier (机关干部和基层干部双向挂职 → 双向挂职) or before a class noun (某某帮带制度 →
    某某帮带) — that more documents hold than the term as typed: the documents word the
    modifier differently (选派干部到乡镇双向挂职, 实行“某某帮带”). Of the term's trailing
    word runs (four characters or more) the one the most documents hold, the longer on a
    tie; None when the term has neither shape, or no run is held more widely, or the run
    stands in most documents (a generic compound: 工作机制)."""
    from rag.tokenize import get_tokenizer

    p = normalized(term)
    if not re.fullmatch(r"[\u4e00-\u9fff]+", p) or len(p) > 16:
        return None
    stripped = _CLASS_NOUN.sub("", p)
    # (a joining word standing as a word of its own: not the 与 of 参与, the 同 of 协同)
    words = list(get_tokenizer().cut(stripped, HMM=False))
    joins = [k for k, w in enumerate(words) if _JOINED.fullmatch(w) and 0 < k < len(words) - 1]
    if not joins and stripped == p:
        return None
    base = "".join(words[joins[-1] + 1 :]) if joins else stripped
    toks = list(get_tokenizer().cut(base, HMM=False))
    cuts = [sum(len(t) for t in toks[:k]) for k in range(len(toks))]
    runs = [base[c:] for c in cuts if len(base) - c >= _CORE_MIN]
    if stripped != p and len(stripped) >= _CORE_MIN:
        runs.append(stripped)
    have = len(ctx.concordance.counts(p, scope))
    most = max(2, int(_CORE_SHARE * len(scope)))
    best: tuple[int, int, str] | None = None
    for run in dict.fromkeys(runs):
        n = len(ctx.concordance.counts(run, scope))
        if have < n <= most and (best is None or (n, len(run)) > best[:2]):
            best = (n, len(run), run)
    return best[2] if best is not None else None


# Quotation marks a document writes a name in (“清源领航”, 「…」, ‘…’).
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("‘", "’"), ("『", "』"), ('"', '"'))
_CLASS_NOUN_MIN = 2  # characters of a class noun typed after a name (联盟, 服务联盟, 工程)


def _quoted_name(ctx: AnswerContext, phrase: str) -> str | None:
    """The name a term request types with its class noun (竹乡领航服务联盟, 清风工程项目)
    when some document writes the name alone in quotation marks (“竹乡领航”) and holds it
    more often than the phrase: the name is the term, the class noun a qualifier the texts
    write or leave out (“竹乡领航”服务联盟, “竹乡领航”联建). The longest such leading part,
    two characters or more, with a class noun of two or more after it, that the texts
    quote at least half the times they hold it beyond the phrase; None otherwise."""
    p = normalized(phrase)
    if len(p) > 16 or not re.fullmatch(r"[\u4e00-\u9fff]+", p):
        return None
    texts = [d.text for d in ctx.documents.values()]
    whole = ctx.concordance.count(p)
    for k in range(len(p) - _CLASS_NOUN_MIN, 1, -1):
        name = p[:k]
        quoted = sum(t.count(f"{o}{name}{c}") for o, c in _QUOTE_PAIRS for t in texts)
        # (only a name the texts mostly quote: 清档 of 清档责任, quoted once as “清档” and
        # unquoted in every other sentence, is a word, not the coined name of a practice)
        alone = ctx.concordance.count(name) - whole
        if quoted and alone > 0 and 2 * quoted >= alone:
            return name
    return None


def _scoped_lead(
    ctx: AnswerContext, q: Query, ev: Evidence, page: TermPage, scope: Sequence[str]
) -> str | None:
    """The first note of occurrences searched in the departments the question names, when
    more of the library's documents hold the term: how many of theirs, how many in all (a
    count of one department's documents is not read as the library's)."""
    if not q.departments or not page.total or len(scope) >= len(ev.docs):
        return None
    everywhere = ctx.concordance.counts(page.term, [d.doc_id for d in ev.docs])
    if len(everywhere) <= len(page.per_doc):
        return None
    depts = "、".join(q.departments[:3]) + ("等" if len(q.departments) > 3 else "")
    return (
        f"“{page.term}”在{depts}的 {len(page.per_doc)} 份文档中共出现 {page.total} 次"
        f"（全部文档中共 {len(everywhere)} 份文档提到）："
    )


def requested_terms(
    ctx: AnswerContext,
    q: Query,
    ev: Evidence,
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
    sole = "".join(w for w in re.split(r"([A-Za-z]+)", sole_content(q)) if w not in _filler(ctx, w))
    if not phrases:
        # (a quoted phrase is the wording meant, never a slip)
        unquoted = sole
        for x in q.quoted:
            unquoted = unquoted.replace(normalized(x), "□")
        slip = _term_slip(ctx, unquoted)
        if slip is not None:
            ans = terms_answer(ctx, q, ev, slip.meant, book)
            return None if ans is None else with_fix_notes(ans, [slip])
        absent = [x for x in q.quoted if len(normalized(x)) >= 2 and not ctx.concordance.count(x)]
        for x in absent:
            sole = sole.replace(normalized(x), "")
        if absent and len(without_function_chars(re.sub(r"[都也那句要还请给我帮]", "", sole))) <= 1:
            near = ctx.concordance.near_page(absent[0], None, limit=1)
            if not near.total:
                return refusal(ctx, q, f"“{absent[0]}”的相关表述", [d.doc_id for d in ev.docs])
        return _absent_keyword(ctx, q, ev)
    phrase = phrases[0]
    if inside_quote(ctx, q, phrase):
        return None
    keyword = bare_keyword(q.rest)
    alone = without_function_chars(sole) == without_function_chars(normalized(phrase)) or (
        keyword is not None and normalized(keyword) == normalized(phrase)
    )
    strong = (
        alone
        or phrase in q.quoted
        or phrase in ctx.terms
        or len(normalized(phrase)) >= 4
        or share(phrase) >= W.term_share
    )
    # (a phrase that is all the question asks needs no share of its evidence words: a
    # title holding it takes it out of them)
    if not strong or (share(phrase) < W.term_share / 2 and not alone):
        return None
    return terms_answer(ctx, q, ev, phrase, book, term_variants(q, phrases))


_TERSE_MIN = 2  # occurrences (titles aside) of a phrase asked alone for a term answer


def terse_term(ctx: AnswerContext, q: Query, phrases: Sequence[str]) -> bool:
    """Whether the question is, once its asking words are out (相关内容, 都有哪些, 汇总,
    原文), one phrase the documents hold verbatim in two places or more — two besides
    their titles, or one and another document's title; inside longer words too (某某队 in
    青年某某队): a terse term question, answered with every occurrence whatever list words
    it has. Not a list word (重点任务都有哪些 asks a list), not a phrase a short heading
    holds when the question asks a list (X 都有哪些 with a section headed X: that
    section's items), not a comparison or a value."""
    if not phrases or q.cues.compare or q.cues.value:
        return False
    phrase = phrases[0]
    sole = without_function_chars(sole_content(q))
    if len(sole) < 2 or without_function_chars(normalized(phrase)) != sole:
        return False
    body = beyond_titles(ctx, phrase)
    if is_list_word(phrase) or not body:
        return False
    if body < _TERSE_MIN and len(ctx.concordance.counts(phrase)) < _TERSE_MIN:
        return False  # (one place, or one document's title and its own text)
    # (X 都有哪些 with a section headed X asks that section's items)
    return not ((q.cues.list or q.cues.overview) and _in_a_heading(ctx, phrase))


_HEADING_REST = 8  # characters of a heading besides the phrase, at most (加强X建设)


def _in_a_heading(ctx: AnswerContext, phrase: str) -> bool:
    """Some document's section is headed by ``phrase``: a short heading holding it (三、加强X
    建设), not the run-in sentence of an item that mentions it (（三）在…组建X，…)."""
    p = normalized(phrase)

    def headed(heading: str) -> bool:
        h = normalized(heading)
        return p in h and len(h) - len(p) <= _HEADING_REST and not re.search(r"[，,；;。]", h)

    def walk(secs: Sequence[Section]) -> bool:
        return any(headed(s.heading) or walk(s.children) for s in secs)

    return any(walk(d.outline) for d in ctx.documents.values())


def _absent_keyword(ctx: AnswerContext, q: Query, ev: Evidence) -> Answer | None:
    """The refusal of a bare keyword string (红帆驿站 出现在哪) whose phrase no text holds,
    as typed, with a same-sound character (the question is read so before: ``rag.sound_slip``)
    or as near occurrences: a passage sharing a word of it is no occurrence of it."""
    keyword = bare_keyword(q.rest)
    if keyword is None or ctx.concordance.count(keyword):
        return None
    if ctx.concordance.near_page(keyword, None, limit=1).total:
        return None
    return refusal(ctx, q, f"“{keyword}”的相关表述", [d.doc_id for d in ev.docs])


def inside_quote(ctx: AnswerContext, q: Query, phrase: str) -> bool:
    """Whether ``phrase`` is only a part of a phrase the question quotes that no text holds
    whole (党支部 of “2—3个标准化党支部”): the quote is the wording meant, so the passage
    saying it is asked, not every occurrence of a word inside it."""
    p = normalized(phrase)
    if any(p == normalized(x) for x in q.quoted):
        return False
    return any(p in normalized(x) and not ctx.concordance.count(x) for x in q.quoted)


def _filler(ctx: AnswerContext, word: str) -> str:
    """``word`` when it is a Latin word no text holds (pls, passage), else ""."""
    return word if LATIN_WORD.fullmatch(word) and normalized(word) not in ctx.corpus_text else ""


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
                    # (nor the question's own function character: 那 of 那篇 is no slip)
                    if not any(
                        c[j] != typed[j] and (c[j] in FUNCTION_CHARS or function_char(typed[j]))
                        for j in range(size)
                    )
                    and not another_organ(typed, c)
                }
                if not found:
                    continue
                ranked = sorted(found.values(), reverse=True)
                if len(ranked) == 1 or ranked[0] >= 3 * ranked[1]:
                    return Fix(typed, max(found, key=lambda c: found[c]))
                return None
    return None


def _asked_term(q: Query, phrase: str) -> str:
    """The term as the question writes it around ``phrase``: the run of its words next to
    the phrase up to a request word, a function word or punctuation (软弱涣散党组织整顿 when
    the corpus holds only 软弱涣散), at most 16 characters."""
    from rag.tokenize import STOPWORDS, get_tokenizer

    p = normalized(phrase)
    rest = REQUEST_WORDS.sub("□", normalized(q.rest))
    for piece in re.split(r"[□\W\d]+", rest):
        at = piece.find(p)
        if at < 0:
            continue
        toks: list[tuple[int, int]] = []
        pos = 0
        for tok in get_tokenizer().cut(piece, HMM=False):
            toks.append((pos, pos + len(tok)))
            pos += len(tok)
        inside = [k for k, (a, b) in enumerate(toks) if a < at + len(p) and at < b]
        lo, hi = inside[0], inside[-1]
        opens = [
            tok not in STOPWORDS
            and not INTERROGATIVE.search(tok)
            and not is_list_word(tok)
            and not is_function_word(tok)
            for tok in (piece[a:b] for a, b in toks)
        ]
        while lo > 0 and opens[lo - 1] and toks[hi][1] - toks[lo - 1][0] <= 16:
            lo -= 1
        while hi + 1 < len(toks) and opens[hi + 1] and toks[hi + 1][1] - toks[lo][0] <= 16:
            hi += 1
        run = piece[toks[lo][0] : toks[hi][1]]
        return run if len(run) > len(p) else phrase
    return phrase


# Verbs of mentioning a phrase the term cues do not read (述及, 论及: 述及“X”的是哪份材料).
_MENTIONS = re.compile(r"述及|论及|谈及|言及|载有|写有|见于")
# A class noun a quoted name is typed with (“X”制度, “X”行动): the name's kind, no content.
_CLASS_MAX = 3


def _searched_quote(q: Query) -> str | None:
    """The one phrase the question quotes when it is the phrase a term search is on: the
    question searches (``cues.term`` or a verb of mentioning) and holds nothing else of
    substance but one class noun (“X”制度出自哪份文件, 述及“X”的是哪份材料), or it asks
    whose the phrase is (“X”是哪个单位提出的)."""
    from rag.tokenize import STOPWORDS, tokenize

    quoted = [x for x in dict.fromkeys(q.quoted) if len(normalized(x)) >= 3]
    if len(quoted) != 1 or len(q.quoted) != 1:
        return None
    if q.cues.compare or not (q.cues.term or q.cues.who or _MENTIONS.search(q.question)):
        return None
    if q.cues.who:
        # (“X”工作法是哪个单位提出来的: whose X is, asked of X — no text naming X, no owner;
        # a quoted clause — “村里开会要研究X” — is the asker's paraphrase, left to the evidence)
        return quoted[0] if _coinage(quoted[0]) else None
    left = sole_content(q).replace(normalized(quoted[0]), "□")
    words = [
        w
        for w in tokenize(left.replace("□", " "))
        if len(w) >= 2 and w not in STOPWORDS and not INTERROGATIVE.search(w)
    ]
    if len(words) > 1 or any(len(w) > _CLASS_MAX for w in words):
        return None
    return quoted[0]


_COINAGE_MAX = 8  # characters of a coined name (三联三带, 清廉家风讲堂), a clause beyond
# Characters of a clause, not of a name: particles, modals, the copula and 把/将.
_CLAUSE_CHARS = re.compile(r"[的了把将要应须是]")


def _coinage(phrase: str) -> bool:
    """``phrase`` reads as a coined name, not a clause (村里开会要研究…): short, none of a
    clause's particles or modals."""
    p = normalized(phrase)
    return len(p) <= _COINAGE_MAX and not _CLAUSE_CHARS.search(p)


def absent_quoted_term(
    ctx: AnswerContext, q: Query, ev: Evidence, book: CitationBook
) -> Answer | None:
    """A term search on a quoted phrase no text holds as typed (``_searched_quote``): its
    near occurrences (its words close together in one sentence, ``rag.concordance``) when
    the documents have some; None when a one-character-off form (a slip: read elsewhere) or
    the phrase less a class noun after it is there; else a refusal naming it — a passage
    sharing a word or a character of it is no occurrence of it (可能相关 at most)."""
    term = _searched_quote(q)
    if term is None or ctx.concordance.count(term):
        return None
    norm = normalized(term)
    if any(sounds_alike(c, norm) for c in one_off(norm, ctx.corpus_text, min_anchor=2)):
        return None  # (a same-sound slip: read as meant before, or left to the evidence)
    stem = re.sub(r"(?:制度|机制|工作法|工作|活动|行动|工程|项目|模式|品牌|体系|计划)$", "", norm)
    if stem != norm and len(stem) >= 2 and _named_term(ctx, stem):
        return None  # (“三会一课制度” where the texts write “三会一课”: the name is there)
    if ctx.concordance.near_page(term, None, limit=1).total:
        return terms_answer(ctx, q, ev, term, book)
    if _spread_in_a_sentence(norm, ctx.corpus_text):
        return None  # (its characters in order in one clause, a few inserted: left to the evidence)
    return refusal(ctx, q, f"“{term}”的相关表述", [d.doc_id for d in ev.docs])


# What an asker wraps a term in (X制度, X建设, X落实情况): a class noun or a word of doing,
# no part of the name — the texts write the name with another or none.
_WRAPPING = re.compile(
    r"(?:制度|机制|工作法|工作|活动|行动|工程|项目|模式|品牌|体系|计划|建设|创建|做法|举措|"
    r"经验|情况|要求|内容|落实|推进|开展|实施|有关|相关)+$"
)
# Characters a name has none of: particles, prepositions, demonstratives, measure words.
_NO_NAME = re.compile(r"[的了和与及在对把将为这那个些里么吗呢啊吧]|说法|提法|表述|词语|字眼")
_QUOTE_MARKS = re.compile(r"[“”「」『』‘’\"']")
_HEAD_MIN = 2  # characters of the leading part a text holds
_NOUN_POS = ("n", "vn", "an", "j", "l", "i", "eng")


def absent_compound(ctx: AnswerContext, q: Query, ev: Evidence) -> Answer | None:
    """A term request (a bare keyword string, the keyword quoted or not: “X”出处, X在哪些地方
    提到) on a compound no text holds though its leading part some do — 党建+X beside
    党建+业务, 清廉X建设 beside 清廉机关, 红色X beside 红色物业: refused naming the whole term
    (the occurrences of its leading part are another term's), the nearest passages as
    可能相关. The compound is one when a plus joins it, the question quotes it, or what
    follows the leading part is a noun of its own — not the asker's wrapping (X制度,
    X落实情况), nor a phrase the texts hold (four characters or more: the asker's modifier
    before a term). None as well when the term is typed one character off a form read
    alike (a slip, read elsewhere), stands in some sentence with small variations (its
    near occurrences answer) or its characters stand in order in one clause."""
    if q.cues.compare or q.cues.overview:
        return None  # (X要点分几个部分 asks for a document's outline, no term)
    term = bare_keyword(_QUOTE_MARKS.sub("", q.rest))
    if term is None:
        return None
    norm = normalized(term)
    if ends_in_doc_kind(norm):
        return None  # (X局党建计划 for a title X局党的建设工作计划: a document, named loosely)
    if len(norm) < _HEAD_MIN + 1 or _NO_NAME.search(norm) or ctx.concordance.count(norm):
        return None  # (青年读书会的提法在文件里: a clause of the asker's, no name)
    words = _words(norm)
    cuts = [sum(len(w) for w in words[:k]) for k in range(1, len(words))]
    head = next(
        (c for c in reversed(cuts) if c >= _HEAD_MIN and ctx.concordance.holds(norm[:c])), 0
    )
    if not head:
        return None
    tail = _WRAPPING.sub("", norm[head:]).lstrip("+")
    if not tail:
        return None  # (清廉机关建设 where the texts write 清廉机关: the name is there)
    quoted = any(normalized(x) == norm for x in q.quoted)
    if not (quoted or "+" in norm or _nounish(tail)):
        return None  # (三会一课落实 is the asker's wording of 三会一课)
    if any(len(norm) - c >= _CORE_MIN and ctx.concordance.holds(norm[c:]) for c in cuts):
        return None  # (机关干部双向挂职: the asker's modifier before a term the texts hold)
    if any(sounds_alike(c, norm) for c in one_off(norm, ctx.corpus_text, min_anchor=2)):
        return None
    if ctx.concordance.near_page(norm, None, limit=1).total:
        return None
    if _spread_in_a_sentence(norm, ctx.corpus_text):
        return None
    return refusal(ctx, q, f"“{term}”的相关表述", [d.doc_id for d in ev.docs])


def _words(text: str) -> list[str]:
    from rag.tokenize import get_tokenizer

    return list(get_tokenizer().cut(text, HMM=False))


def _nounish(text: str) -> bool:
    """Some word of ``text`` is a noun (驿站, 医院, 责任田), not only words of doing."""
    from rag.tokenize import pos_tags

    return any(flag.startswith(_NOUN_POS) for _, flag in pos_tags(text))


def _spread_in_a_sentence(norm: str, text: str) -> bool:
    """Every character of ``norm`` stands in ``text`` in order inside one clause, at most
    four characters between two of them and the whole at most twice as long (“1个五星级党支部”
    of 1个达到五星级标准的党支部): the phrase said with words inserted, not absent."""
    if len(norm) < 3:
        return False
    gap = r"[^。；！？\n]{0,4}?"
    pattern = gap.join(re.escape(ch) for ch in norm)
    return any(len(m.group()) <= 2 * len(norm) for m in re.finditer(pattern, text))


def _named_term(ctx: AnswerContext, name: str) -> bool:
    """``name`` is a name the documents use: a term of the dictionary they hold, or a
    phrase some document writes in quotation marks."""
    if name in ctx.terms and ctx.concordance.count(name):
        return True
    return any(f"{o}{name}{c}" in d.text for o, c in _QUOTE_PAIRS for d in ctx.documents.values())
