"""Exact-term concordance: every occurrence of a term in the corpus, with context.

Matching is done on normalised text (NFKC, lower case, whitespace and quotation
marks removed, see ``rag.text.Normalized``) so that ``两张皮`` finds “两张皮”,
``党员先锋岗`` finds the one inside ``共产党员先锋岗`` and half-width text finds
full-width text. There is no top-k cut: all occurrences are returned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rag.outline import section_path
from rag.text import Normalized, normalize, sentence_spans, strip_span
from rag.types import Document, TermHit

__all__ = ["Concordance", "context_span", "count_by_document", "find_term", "term_hits"]

_CONTEXT_MAX = 90  # characters of context on each side, at most


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

    def find(self, term: str, doc_ids: Iterable[str] | None = None) -> tuple[TermHit, ...]:
        needle = normalize(term)
        if not needle:
            return ()
        wanted = set(doc_ids) if doc_ids is not None else None
        hits: list[TermHit] = []
        for doc in self._docs:
            if wanted is not None and doc.doc_id not in wanted:
                continue
            hits.extend(term_hits(doc, self._norm[doc.doc_id], needle))
        return tuple(hits)


def term_hits(doc: Document, norm: Normalized, needle: str) -> list[TermHit]:
    """Every occurrence of the normalised ``needle`` in ``doc`` (``norm`` = its normalised
    text), with section path and context; shared by every concordance backend."""
    hits: list[TermHit] = []
    for pos in norm.find_all(needle):
        start, end = norm.source_span(pos, pos + len(needle))
        a, b = context_span(doc.text, start, end)
        path = section_path(doc.outline, start, end)
        hits.append(
            TermHit(
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
        )
    return hits


def find_term(documents: Sequence[Document], term: str) -> tuple[TermHit, ...]:
    """Every occurrence of ``term`` in ``documents`` (convenience over ``Concordance``)."""
    return Concordance(documents).find(term)


def count_by_document(hits: Iterable[TermHit]) -> Counter[str]:
    return Counter(h.doc_id for h in hits)
