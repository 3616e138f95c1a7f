"""Exact-term concordance: every occurrence of a term in the corpus, with context.

Matching is done on normalised text (NFKC, lower case, whitespace and quotation
marks removed, see ``rag.text.Normalized``) so that ``两张皮`` finds “两张皮”,
``党员先锋岗`` finds the one inside ``共产党员先锋岗`` and half-width text finds
full-width text. There is no top-k cut: ``find`` returns all occurrences.

Bounded work for one search: ``counts`` counts occurrences per document without building
any context; ``page`` builds the context of one page of hits only (``offset``, ``limit``);
``iter_hits`` yields hits one by one (for a streamed export), so no caller has to hold
every occurrence of a frequent term (党 in a long document) in memory.

**Near occurrences** (``near_page``) are where the documents write a term with small
variations: all of its dictionary words within a short window of one sentence, in any
order (``抓党建述职评议`` in ``抓基层党建述职评议``, ``软弱涣散党组织整顿`` in
``整顿软弱涣散基层党组织``). They are counted exactly and paged like exact ones, and are
never the sentences that hold the term itself.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from rag.lru import LRU
from rag.outline import section_path
from rag.text import Normalized, normalize, sentence_spans, strip_span
from rag.types import Document, TermHit, TermPage

__all__ = [
    "PAGE_ROWS",
    "Concordance",
    "context_span",
    "count_by_document",
    "find_term",
    "gapped_pattern",
    "near_window",
    "nearest_cover",
    "term_hit",
    "term_hits",
    "term_words",
]

_CONTEXT_MAX = 90  # characters of context on each side, at most
# Characters of context on each side, at least, within the term's line: a term at the edge
# of its sentence (a run-in heading 2.推行“某某”。 whose content follows, a clause after a
# figure ending the sentence before) is shown with the words around it, as in a KWIC line.
_CONTEXT_MIN = 12
_UNION_CAP = 5000  # occurrences of one variant in one document read for a union
# Occurrences shown at once (the page's table, ``rag search`` by default).
PAGE_ROWS = 100


_RUN_MAX = 240  # characters after a term its sentence may run on to its full stop, at most
_FULL_STOP = re.compile(r"[。！？!?\n]")


def _full_stop(text: str, start: int, limit: int) -> int | None:
    """Where the sentence holding ``start`` ends (after its 。！？ or at its line's end),
    when that is before ``limit``; None otherwise."""
    m = _FULL_STOP.search(text, start, limit)
    if m is None:
        return limit if limit == len(text) else None
    return m.end() if m.group() != "\n" else m.start()


def context_span(text: str, start: int, end: int, max_side: int = _CONTEXT_MAX) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)``, cut to ``max_side`` characters on each side."""
    lo = max(0, start - max_side)
    hi = min(len(text), end + max_side)
    a, b = start, end
    for s, e in sentence_spans(text, lo, hi):
        if s <= start < e or s < end <= e:
            a, b = min(a, s), max(b, e)
    # The term's sentence runs on to its full stop: the clauses after a 一是 item that
    # ends in ；, the figures after a clause (查处案件17起，挽回损失…万元) — within reach.
    stop = _full_stop(text, end, min(len(text), end + _RUN_MAX))
    if stop is not None:
        hi = max(hi, stop)
        b = max(b, stop)
    # A short side takes words from the neighbouring sentence of the same line.
    min_side = min(_CONTEXT_MIN, max_side)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    a = min(a, max(line_start, start - min_side))
    b = max(b, min(line_end, end + min_side))
    # A clipped sentence keeps at least some words before and after the term.
    return strip_span(text, max(lo, a), min(hi, b))


HELD_CACHE = 16384  # needles whose ``Concordance.holds`` answer is kept


class Concordance:
    """Normalised texts of a corpus, built once, searched many times.

    Two hooks let another backend keep the texts elsewhere (``rag.store_milvus``):
    ``_holding`` names the documents that may hold a term, ``_normalized`` gives one
    document's normalised text."""

    # ``holds`` memoised per needle (None: not kept — a backend whose lookups may fail
    # transiently, ``rag.store_milvus``, asks every time)
    _held: LRU[str, bool] | None = None

    def __init__(self, documents: Iterable[Document]) -> None:
        self._docs = tuple(documents)
        self._norm = {d.doc_id: Normalized(d.text) for d in self._docs}
        # ``holds`` per needle: the documents never change, and the answer path asks about
        # the same n-grams of a question again and again (bounded: HELD_CACHE needles)
        self._held = LRU(HELD_CACHE)

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    def _normalized(self, doc: Document) -> Normalized:
        return self._norm[doc.doc_id]

    def _holding(self, needle: str, wanted: set[str] | None) -> Iterator[Document]:
        """The documents (in corpus order) that may hold ``needle``."""
        for doc in self._docs:
            if wanted is None or doc.doc_id in wanted:
                yield doc

    def holds(self, term: str) -> bool:
        """Whether any document holds ``term`` (``count(term) > 0``, stopping at the first)."""
        needle = normalize(term)
        if not needle:
            return False

        def scan() -> bool:
            return any(needle in self._normalized(doc).text for doc in self._holding(needle, None))

        return scan() if self._held is None else self._held.get_or_compute(needle, scan)

    def count(self, term: str, doc_ids: Iterable[str] | None = None) -> int:
        return sum(self.counts(term, doc_ids).values())

    def counts(self, term: str, doc_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Occurrences per document (documents without any left out), in corpus order;
        no context is built, so this is cheap even for a very frequent term."""
        needle = normalize(term)
        if not needle:
            return {}
        wanted = set(doc_ids) if doc_ids is not None else None
        out: dict[str, int] = {}
        for doc in self._holding(needle, wanted):
            n = self._normalized(doc).text.count(needle)
            if n:
                out[doc.doc_id] = n
        return out

    def iter_hits(
        self, term: str, doc_ids: Iterable[str] | None = None, offset: int = 0
    ) -> Iterator[TermHit]:
        """The occurrences one by one, in corpus order, from the ``offset``-th (0-based);
        skipped occurrences cost no context, whole documents before ``offset`` are skipped
        by their count."""
        needle = normalize(term)
        if not needle:
            return
        wanted = set(doc_ids) if doc_ids is not None else None
        skip = max(0, int(offset))
        for doc in self._holding(needle, wanted):
            norm = self._normalized(doc)
            if skip:
                n = norm.text.count(needle)
                if n <= skip:
                    skip -= n
                    continue
            positions = norm.find_all(needle)
            if skip:
                positions = itertools.islice(positions, skip, None)
                skip = 0
            for pos in positions:
                yield term_hit(doc, *norm.source_span(pos, pos + len(needle)))

    def page(
        self,
        term: str,
        doc_ids: Iterable[str] | None = None,
        *,
        offset: int = 0,
        limit: int = PAGE_ROWS,
    ) -> TermPage:
        """The total, the counts per document and the hits ``offset .. offset+limit``."""
        wanted = tuple(doc_ids) if doc_ids is not None else None
        per_doc = self.counts(term, wanted)
        offset = max(0, int(offset))
        hits = tuple(itertools.islice(self.iter_hits(term, wanted, offset), max(0, int(limit))))
        return TermPage(
            term=term,
            total=sum(per_doc.values()),
            per_doc=tuple(per_doc.items()),
            offset=offset,
            hits=hits,
        )

    def page_any(
        self, terms: Sequence[str], doc_ids: Iterable[str] | None = None, *, limit: int = PAGE_ROWS
    ) -> TermPage:
        """The occurrences of any of ``terms`` (variants of one term: 第一议题 or
        第一议题制度), one hit where occurrences overlap (the longer span), in corpus order;
        at most ``_UNION_CAP`` occurrences of each term in a document are read."""
        terms = [t for t in dict.fromkeys(terms) if normalize(t)]
        if len(terms) <= 1:
            return self.page(terms[0] if terms else "", doc_ids, limit=limit)
        wanted = set(doc_ids) if doc_ids is not None else None
        found: dict[str, tuple[Document, list[tuple[int, int]]]] = {}
        for term in terms:
            needle = normalize(term)
            for doc in self._holding(needle, wanted):
                norm = self._normalized(doc)
                spans = [
                    norm.source_span(p, p + len(needle))
                    for p in itertools.islice(norm.find_all(needle), _UNION_CAP)
                ]
                if spans:
                    found.setdefault(doc.doc_id, (doc, []))[1].extend(spans)
        order = {d.doc_id: i for i, d in enumerate(self.documents)}
        per_doc: list[tuple[str, int]] = []
        hits: list[TermHit] = []
        for doc_id in sorted(found, key=lambda d: order.get(d, len(order))):
            doc, spans = found[doc_id]
            merged: list[tuple[int, int]] = []
            for a, b in sorted(spans):
                if merged and a < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
                else:
                    merged.append((a, b))
            per_doc.append((doc_id, len(merged)))
            for a, b in merged:
                if len(hits) < max(0, int(limit)):
                    hits.append(term_hit(doc, a, b))
        return TermPage(
            term="”或“".join(terms),
            total=sum(n for _, n in per_doc),
            per_doc=tuple(per_doc),
            offset=0,
            hits=tuple(hits),
        )

    def find(self, term: str, doc_ids: Iterable[str] | None = None) -> tuple[TermHit, ...]:
        """Every occurrence (use ``page`` or ``iter_hits`` where the term may be frequent)."""
        return tuple(self.iter_hits(term, doc_ids))

    def iter_near(
        self, term: str, doc_ids: Iterable[str] | None = None, *, exclude: str = ""
    ) -> Iterator[TermHit]:
        """Near occurrences of ``term`` one by one, in corpus order: one per sentence that
        holds all of the term's words within ``near_window(term)`` characters and holds
        neither the term nor ``exclude`` (a term shown as exact occurrences)."""
        for doc, start, end in self._near_spans(term, doc_ids, exclude):
            yield term_hit(doc, start, end)

    def _near_spans(
        self, term: str, doc_ids: Iterable[str] | None, exclude: str
    ) -> Iterator[tuple[Document, int, int]]:
        needle = normalize(term)
        words = term_words(term)
        if sum(1 for w in words if len(w) >= 2) < 2:
            # 党的建设: one word of substance; near ones would be noise (党支部建设) — but a
            # compound of a one-character word (村合作社) has its modified forms (村级合作社)
            yield from self._gapped_spans(term, doc_ids, exclude)
            return
        window = near_window(term)
        skip = [x for x in (needle, normalize(exclude)) if x]
        wanted = set(doc_ids) if doc_ids is not None else None
        rarest = max(words, key=len)
        for doc in self._holding(rarest, wanted):
            norm = self._normalized(doc)
            full = norm.text
            if not all(w in full for w in words):
                continue
            shown: list[tuple[int, int]] | None = None
            last_end = -1
            for pos in norm.find_all(rarest):
                lo, hi = max(0, pos - window), min(len(full), pos + len(rarest) + window)
                cover = nearest_cover(full[lo:hi], words, must=pos - lo)
                if cover is None or cover[1] - cover[0] > window:
                    continue
                cs, ce = lo + cover[0], lo + cover[1]
                if cs < last_end:
                    continue  # one near occurrence per stretch of text
                a, b = norm.source_span(cs, ce)
                if _BOUNDARY.search(doc.text, a, b) or _holds_any(full, cs, ce, skip):
                    continue
                shown = _shown_spans(doc, norm, skip) if shown is None else shown
                if any(s < b and a < e for s, e in shown):
                    continue  # in the sentence an exact occurrence is shown with
                last_end = ce
                yield doc, a, b

    def _gapped_spans(
        self, term: str, doc_ids: Iterable[str] | None, exclude: str
    ) -> Iterator[tuple[Document, int, int]]:
        """Where the documents write ``term`` with a modifier put inside it (村级合作社 for
        村合作社, 廉政提醒谈话 for 廉政谈话): ``gapped_pattern``'s matches inside one clause,
        never an exact occurrence of the term or ``exclude``; at most ``_UNION_CAP`` read
        per document."""
        pattern = gapped_pattern(term)
        if pattern is None:
            return
        skip = [x for x in (normalize(term), normalize(exclude)) if x]
        wanted = set(doc_ids) if doc_ids is not None else None
        head = term_words(term)[0]
        for doc in self._holding(head, wanted):
            norm = self._normalized(doc)
            full = norm.text
            shown: list[tuple[int, int]] | None = None
            for m in itertools.islice(pattern.finditer(full), _UNION_CAP):
                a, b = norm.source_span(m.start(), m.end())
                if _BOUNDARY.search(doc.text, a, b) or _holds_any(full, m.start(), m.end(), skip):
                    continue
                shown = _shown_spans(doc, norm, skip) if shown is None else shown
                if any(s < b and a < e for s, e in shown):
                    continue
                yield doc, a, b

    def near_page(
        self,
        term: str,
        doc_ids: Iterable[str] | None = None,
        *,
        exclude: str = "",
        limit: int = PAGE_ROWS,
    ) -> TermPage:
        """The near occurrences of ``term``: total and counts per document (all of them, no
        context built), the first ``limit`` hits with their context."""
        per_doc: dict[str, int] = {}
        hits: list[TermHit] = []
        for doc, start, end in self._near_spans(term, doc_ids, exclude):
            per_doc[doc.doc_id] = per_doc.get(doc.doc_id, 0) + 1
            if len(hits) < max(0, int(limit)):
                hits.append(term_hit(doc, start, end))
        return TermPage(
            term=term,
            total=sum(per_doc.values()),
            per_doc=tuple(per_doc.items()),
            offset=0,
            hits=tuple(hits),
        )


def term_words(term: str) -> tuple[str, ...]:
    """The dictionary words of ``term`` (normalised; punctuation and function words such as
    的/和 out; each once)."""
    from rag.tokenize import STOPWORDS, get_tokenizer

    norm = normalize(term)
    words = [
        w
        for w in get_tokenizer().cut(norm, HMM=False)
        if re.search(r"[\w\u4e00-\u9fff]", w) and w not in STOPWORDS
    ]
    return tuple(dict.fromkeys(words))


# A modifier put inside a compound: one or two Chinese characters (级, 提醒, 日常), at one
# place only, between two of the compound's dictionary words; the compound four characters
# or more (a two- or three-character word gapped — 党的建 for 党建 — is another phrase).
_GAP_MAX = 2
_GAPPED_MIN = 4


def gapped_pattern(term: str) -> re.Pattern[str] | None:
    """The normalised forms of ``term`` with a modifier inserted between two of its words
    (村合作社 → 村级合作社, 廉政谈话 → 廉政提醒谈话), or None for a term of one word or under
    ``_GAPPED_MIN`` characters, or whose words do not spell it whole."""
    needle = normalize(term)
    words = term_words(term)
    if len(needle) < _GAPPED_MIN or len(words) < 2 or "".join(words) != needle:
        return None
    cuts = list(itertools.accumulate(len(w) for w in words[:-1]))
    gap = f"[\u4e00-\u9fff]{{1,{_GAP_MAX}}}"
    return re.compile("|".join(re.escape(needle[:k]) + gap + re.escape(needle[k:]) for k in cuts))


def near_window(term: str) -> int:
    """How far apart (characters, first word's start to last word's end) a term's words may
    stand and still be the term: its length and half again, at least four more."""
    n = len(normalize(term))
    return n + max(4, n // 2)


def nearest_cover(
    text: str, words: Sequence[str], must: int | None = None
) -> tuple[int, int] | None:
    """The shortest ``[start, end)`` of ``text`` holding every one of ``words`` (any order,
    not overlapping one another), or None; with ``must``, only covers holding that
    position."""
    events: list[tuple[int, int, int]] = []  # (start, end, word index)
    for k, w in enumerate(words):
        pos = text.find(w)
        while pos != -1:
            events.append((pos, pos + len(w), k))
            pos = text.find(w, pos + 1)
    events.sort()
    best: tuple[int, int] | None = None
    need = len(words)
    for i, (start, _end, _k) in enumerate(events):
        last: dict[int, tuple[int, int]] = {}
        for s, e, k in events[i:]:
            if k in last or any(s < le and ls < e for ls, le in last.values()):
                continue
            last[k] = (s, e)
            if len(last) == need:
                end = max(le for _, le in last.values())
                held = must is None or start <= must < end
                if held and (best is None or end - start < best[1] - best[0]):
                    best = (start, end)
                break
    return best


# What ends a sentence or a line: a near occurrence never spans one.
_BOUNDARY = re.compile(r"[。！？；!?;\n]")


def _shown_spans(doc: Document, norm: Normalized, needles: Sequence[str]) -> list[tuple[int, int]]:
    """The sentences (source spans) the exact occurrences of ``needles`` in ``doc`` stand
    in: a near occurrence inside one is the same sentence listed twice. (The sentence, not
    the shown context: a short sentence's context runs on into the next, whose own near
    occurrences are occurrences of their own.)"""
    out: list[tuple[int, int]] = []
    for x in needles:
        for p in itertools.islice(norm.find_all(x), _UNION_CAP):
            a, b = norm.source_span(p, p + len(x))
            lo, hi = context_span(doc.text, a, b)
            out.extend((s, e) for s, e in sentence_spans(doc.text, lo, hi) if s <= a and b <= e)
    return out


def _holds_any(full: str, start: int, end: int, needles: Sequence[str]) -> bool:
    """One of ``needles`` overlaps normalised ``[start, end)`` (with its own length around)."""
    for x in needles:
        lo, hi = max(0, start - len(x)), min(len(full), end + len(x))
        if x in full[lo:hi]:
            return True
    return False


def term_hit(doc: Document, start: int, end: int) -> TermHit:
    """The occurrence ``[start, end)`` of ``doc``, with its section path and context."""
    a, b = context_span(doc.text, start, end)
    path = section_path(doc.outline, start, end)
    return TermHit(
        doc_id=doc.doc_id,
        title=doc.meta.title,
        department=doc.meta.department,
        date=doc.meta.date,
        section=" > ".join(s.label for s in path),
        start=start,
        end=end,
        context=doc.text[a:b],
        context_start=a,
        context_end=b,
    )


def term_hits(doc: Document, norm: Normalized, needle: str) -> list[TermHit]:
    """Every occurrence of the normalised ``needle`` in ``doc`` (``norm`` = its normalised
    text); shared by every concordance backend."""
    return [term_hit(doc, *norm.source_span(p, p + len(needle))) for p in norm.find_all(needle)]


def find_term(documents: Sequence[Document], term: str) -> tuple[TermHit, ...]:
    """Every occurrence of ``term`` in ``documents`` (convenience over ``Concordance``)."""
    return Concordance(documents).find(term)


def count_by_document(hits: Iterable[TermHit]) -> Counter[str]:
    return Counter(h.doc_id for h in hits)
