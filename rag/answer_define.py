"""The planner's step for a question asking what a named thing is, whose it is, or a
unit's brand (``rag.defining``): the defining sentences, quoted with their unit."""

from __future__ import annotations

from rag.answer_blocks import finish_answer, passage_blocks
from rag.answer_evidence import AnswerContext, Evidence, Sentence, scoped_docs
from rag.cite import CitationBook
from rag.defining import asked_brand, asked_thing, brand_sentences, defining_sentences
from rag.named_headings import heading_mentions
from rag.question import Query
from rag.types import Answer

__all__ = ["defined_answer"]

_MAX_DOCS = 3  # documents whose defining sentences are quoted


def _tails(thing: str) -> list[str]:
    """``thing`` and its tails of two characters at least, longest first (港务集团的X → X)."""
    return [thing[i:] for i in range(len(thing) - 1)]


def defined_answer(ctx: AnswerContext, q: Query, ev: Evidence, book: CitationBook) -> Answer | None:
    """The defining sentences of the thing ``q`` asks about (in the documents in scope,
    best first), or of the brand of the unit it names; None when there are none."""
    docs = scoped_docs(ev, q)
    thing = asked_thing(q.question)
    chosen: list[Sentence] = []
    if thing:
        for tail in _tails(thing):
            found = [(d, s, e) for d in docs for s, e in defining_sentences(d, tail)[:1]]
            if found:
                chosen = [Sentence(d.doc_id, s, e, 1.0, 1.0) for d, s, e in found[:_MAX_DOCS]]
                break
    if not chosen and asked_brand(q.question) and q.departments:
        chosen = [Sentence(d.doc_id, s, e, 1.0, 1.0) for d, s, e in brand_sentences(docs)]
        chosen = chosen[:_MAX_DOCS]
    if not chosen:
        return None
    who = bool(q.cues.who)
    if who:
        # (whose is “X”: the heading of the part that sets X out names it too)
        chosen = [*chosen, *heading_mentions(ctx.documents, q.quoted, chosen)]
    blocks = passage_blocks(book, ctx, q, chosen, who)
    return finish_answer(q, "attribution" if who else "fact", True, blocks, book)
