"""The part headings that name what a who-question quotes.

Asked who set “某某”, the answer quotes the sentence that introduces it (以“某某”品牌为抓手);
the part that sets it out (（二）擦亮“某某”品牌) names it too and is evidence of the same
unit, so its heading is quoted beside that sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.answer_evidence import Sentence
from rag.text import normalize
from rag.types import Document

__all__ = ["heading_mentions"]

_PER_DOC = 2  # headings added per document, at most


def heading_mentions(
    documents: Mapping[str, Document], quoted: Sequence[str], chosen: Sequence[Sentence]
) -> list[Sentence]:
    """Headings of the chosen passages' documents that hold one of ``quoted`` and no chosen
    passage already covers, in document order, as passages ranked with the first."""
    if not chosen or not quoted:
        return []
    needles = [normalize(p) for p in quoted if normalize(p)]
    out: list[Sentence] = []
    for doc_id in dict.fromkeys(s.doc_id for s in chosen):
        doc = documents[doc_id]
        spans = [(s.start, s.end) for s in chosen if s.doc_id == doc_id]
        found = 0
        for top in doc.outline:
            for sec in top.walk():
                if found >= _PER_DOC:
                    break
                head = normalize(doc.text[sec.start : sec.heading_end])
                if not any(n in head for n in needles):
                    continue
                if any(a < sec.heading_end and sec.start < b for a, b in spans):
                    continue
                out.append(
                    Sentence(doc_id, sec.start, sec.heading_end, chosen[0].score, chosen[0].cover)
                )
                found += 1
    return out
