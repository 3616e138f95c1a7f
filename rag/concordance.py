"""Exact-term concordance: every occurrence of a term in the corpus, with context.

Matching is done on normalised text (NFKC, lower case, whitespace and quotation
marks removed, see ``rag.text.Normalized``) so that ``两张皮`` finds “两张皮”,
``党员先锋岗`` finds the one inside ``共产党员先锋岗`` and half-width text finds
full-width text. There is no top-k cut: ``find`` returns all occurrences.

Bounded work for one search: ``counts`` counts occurrences per document without building
any context; ``page`` builds the context of one page of hits only (``offset``, ``limit``);
``iter_hits`` yields hits one by one (for a streamed export), so no caller has to hold
every occurrence of a frequent term (党 in a long document) in memory.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from rag.outline import section_path
from rag.text import Normalized, normalize, sentence_spans, strip_span
from rag.types import Document, TermHit, TermPage

__all__ = ["PAGE_ROWS", "Concordance", "context_span", "count_by_document", "find_term"]

_CONTEXT_MAX = 90  # characters of context on each side, at most
# Occurrences shown at once (the page's table, ``rag search`` by default).
PAGE_ROWS = 100


def context_span(text: str, start: int, end: int, max_side: int = _CONTEXT_MAX) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)``, cut to ``max_side`` characters on each side."""
    lo = max(0, start - max_side)
    hi = min(len(text), end + max_side)
    a, b = start, end
    for s, e in sentence_spans(text, lo, hi):
        if s <= start < e or s < end <= e:
            a, b = min(a, s), max(b, e)
    # A clipped sentence keeps at least some words before and after the term.
    return strip_span(text, max(lo, a), min(hi, b))


class Concordance:
    """Normalised texts of a corpus, built once, searched many times."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._docs = tuple(documents)
        self._norm = {d.doc_id: Normalized(d.text) for d in self._docs}

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    def count(self, term: str, doc_ids: Iterable[str] | None = None) -> int:
        needle = normalize(term)
        if not needle:
            return 0
        wanted = set(doc_ids) if doc_ids is not None else None
        return sum(
            n.text.count(needle) for d, n in self._norm.items() if wanted is None or d in wanted
        )

    def counts(self, term: str, doc_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Occurrences per document (documents without any left out), in corpus order;
        no context is built, so this is cheap even for a very frequent term."""
        needle = normalize(term)
        if not needle:
            return {}
        wanted = set(doc_ids) if doc_ids is not None else None
        out: dict[str, int] = {}
        for doc in self._docs:
            if wanted is not None and doc.doc_id not in wanted:
                continue
            n = self._norm[doc.doc_id].text.count(needle)
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
        for doc in self._docs:
            if wanted is not None and doc.doc_id not in wanted:
                continue
            norm = self._norm[doc.doc_id]
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
                yield self._hit(doc, norm.source_span(pos, pos + len(needle)))

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

    def _hit(self, doc: Document, span: tuple[int, int]) -> TermHit:
        start, end = span
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

    def find(self, term: str, doc_ids: Iterable[str] | None = None) -> tuple[TermHit, ...]:
        """Every occurrence (use ``page`` or ``iter_hits`` where the term may be frequent)."""
        return tuple(self.iter_hits(term, doc_ids))


def find_term(documents: Sequence[Document], term: str) -> tuple[TermHit, ...]:
    """Every occurrence of ``term`` in ``documents`` (convenience over ``Concordance``)."""
    return Concordance(documents).find(term)


def count_by_document(hits: Iterable[TermHit]) -> Counter[str]:
    return Counter(h.doc_id for h in hits)
