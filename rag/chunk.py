"""PROVISIONAL stub (being replaced): split documents into chunks."""

from __future__ import annotations

from rag.types import Chunk, Document

__all__ = ["chunk_document"]


def chunk_document(doc: Document, max_chars: int = 320) -> tuple[Chunk, ...]:
    out = []
    start = 0
    text = doc.text
    while start < len(text):
        end = min(len(text), start + max_chars)
        m = doc.meta
        out.append(Chunk(f"{doc.doc_id}#{len(out)}", doc.doc_id, text[start:end], start, end, (), m.title, m.department, m.kind, m.date, m.year))
        start = end
    return tuple(out)
