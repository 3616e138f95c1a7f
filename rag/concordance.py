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

__all__ = [
    "PAGE_ROWS",
    "Concordance",
    "context_span",
    "count_by_document",
    "find_term",
    "term_hit",
    "term_hits",
]

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
    """Normalised texts of a corpus, built once, searched many times.

    Two hooks let another backend keep the texts elsewhere (``rag.store_milvus``):
    ``_holding`` names the documents that may hold a term, ``_normalized`` gives one
    document's normalised text."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._docs = tuple(documents)
        self._norm = {d.doc_id: Normalized(d.text) for d in self._docs}

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

    def find(self, term: str, doc_ids: Iterable[str] | None = None) -> tuple[TermHit, ...]:
        """Every occurrence (use ``page`` or ``iter_hits`` where the term may be frequent)."""
        return tuple(self.iter_hits(term, doc_ids))


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
