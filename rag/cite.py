"""Citations as data: numbered passages, each checked to be verbatim in its document."""

from __future__ import annotations

from collections.abc import Mapping

from rag.outline import section_path
from rag.text import strip_span
from rag.types import Citation, Document

__all__ = ["CitationBook", "verify_citation"]


def verify_citation(c: Citation, documents: Mapping[str, Document]) -> bool:
    """The passage stands verbatim in its document at its offsets."""
    doc = documents.get(c.doc)
    return (
        doc is not None
        and 0 <= c.start < c.end <= len(doc.text)
        and doc.text[c.start : c.end] == c.text
        and bool(c.text.strip())
    )


class CitationBook:
    """Hands out ``[n]`` numbers for passages; the same passage keeps its number."""

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self._docs = documents
        self._by_span: dict[tuple[str, int, int], int] = {}
        self._items: list[Citation] = []

    def cite(self, doc_id: str, start: int, end: int) -> int:
        """The number of passage ``[start, end)`` of ``doc_id`` (trimmed), adding it if new."""
        doc = self._docs[doc_id]
        start, end = strip_span(doc.text, max(0, start), min(len(doc.text), end))
        if end <= start:
            raise ValueError(f"empty citation span in {doc_id}")
        key = (doc_id, start, end)
        if key in self._by_span:
            return self._by_span[key]
        n = len(self._items) + 1
        # (a passage from a bold heading's line starts at its ``**``, the section after it)
        lead = start
        while lead < end - 1 and doc.text[lead] in "*_#> \t\u3000":
            lead += 1
        path = (
            section_path(doc.outline, start, end)
            or section_path(doc.outline, lead, end)
            or section_path(doc.outline, lead)
        )
        citation = Citation(
            n=n,
            doc=doc_id,
            title=doc.meta.title,
            department=doc.meta.department,
            date=doc.meta.date,
            section=" > ".join(s.label for s in path),
            text=doc.text[start:end],
            start=start,
            end=end,
            page=doc.page_at(start),
        )
        if not verify_citation(citation, self._docs):  # pragma: no cover - guarded by construction
            raise ValueError(f"citation {n} is not verbatim in {doc_id}")
        self._by_span[key] = n
        self._items.append(citation)
        return n

    def marker(self, doc_id: str, start: int, end: int) -> str:
        return f"[{self.cite(doc_id, start, end)}]"

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(self._items)

    def __len__(self) -> int:
        return len(self._items)
