"""A figure the question states is a claim (…定的起评分70分出自哪份文件): when the passages
the answer quotes for the organisation it names state another figure of the same thing
(起评分为80分), or another organisation's text states the figure, the answer says so first —
the named organisation's own figure, cited, and where the stated one is, cited — rather
than quoting the named organisation's sentence as if it confirmed the premise.

Pure reading of the answer's citations and the documents (``rag.value_match`` finds the
figures); the planner's answer is kept whole, the note and the other passage added."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.answer_blocks import header_block, unit_of
from rag.cite import CitationBook
from rag.framing import is_yes_no
from rag.question import Query, department_mentions
from rag.render import markdown
from rag.text import sentence_spans
from rag.types import Answer, AnswerBlock, Citation, Document
from rag.value_match import (
    Figure,
    figure_clauses,
    guess_clauses,
    guessed_figures,
    stated_figures,
)

__all__ = ["premise_checked"]

_KINDS = ("attribution", "fact")  # answers that quote passages as the question's source
_SCAN_MAX = 400_000  # characters of the library searched for a stated figure, at most
_GUESS_SHOWN = 2  # clauses quoted that correct a guessed figure, at most


def premise_checked(documents: Mapping[str, Document], q: Query, ans: Answer) -> Answer:
    """``ans`` with a first note correcting each figure ``q`` states that the quoted
    passages of the organisation it names (of any, when it names none) contradict or that
    only another document states; ``ans`` itself when every stated figure is confirmed."""
    if not ans.found or not ans.citations:
        return ans
    yes_no = is_yes_no(q.question)
    # (a yes/no guess answered by the places its words stand is checked as well)
    if ans.kind not in _KINDS and not (yes_no and ans.kind == "term"):
        return ans
    figures = stated_figures(q.rest or q.question)
    guesses = guessed_figures(q.rest or q.question) if yes_no else ()
    stated = {f.text for f in figures}
    figures += tuple(g for g in guesses if g.text not in stated)
    if not figures:
        return ans
    cited = [c for c in ans.citations if c.doc in documents]
    named = _named_departments(documents, q)
    own = [c for c in cited if documents[c.doc].meta.department in named] or cited
    book = CitationBook(documents)
    for c in ans.citations:  # the same numbers, in the same order
        book.cite(c.doc, c.start, c.end)
    notes: list[AnswerBlock] = []
    added: list[AnswerBlock] = []
    for fig in figures:
        if any(same for c in own for *_, same in figure_clauses(fig, c.text)):
            continue  # (the quoted passage states it)
        whose = _department_of(documents, own)
        other = _other_figure(fig, own) if fig.text in stated else None
        where = _stated_in(documents, fig, q, {c.doc for c in own}, named)
        guess = next((g for g in guesses if g.text == fig.text), None)
        if other is None and guess is not None:
            note = _guess_note(guess, own, whose)
            # (the quoted passages' own figure of the thing guessed corrects it; a sentence
            # elsewhere with the guessed figure of something else is no source of it)
            if note is not None and (where is None or not _states(guess, where)):
                notes.append(note)
                continue
        if other is None and where is None:
            continue
        said = (
            f"问题中的“{fig.text}”与{whose}的原文不符：其原文为“{other[1]}”[{other[0]}]"
            if other is not None
            else f"{whose}的所引原文未写明“{fig.text}”"
        )
        if where is None:
            notes.append(AnswerBlock("note", f"{said}；文档库中未见“{fig.text}”的这一表述。"))
            continue
        doc, (a, b) = where
        # (the sentence quoted within its item or paragraph: 三是推行“X”管理。…70分…)
        a, b = unit_of(doc, a, b)
        n = book.cite(doc.doc_id, a, b)
        notes.append(
            AnswerBlock(
                "note", f"{said}；“{fig.text}”见于{doc.meta.department}《{doc.meta.title}》[{n}]。"
            )
        )
        if n > len(ans.citations):  # (a passage the answer does not quote yet)
            added += [
                header_block(doc, "："),
                AnswerBlock("quote", doc.text[a:b], (n,), 0, doc.doc_id),
            ]
    if not notes:
        return ans
    blocks = (*notes, *ans.blocks, *added)
    return replace(ans, answer=markdown(blocks), citations=book.citations, blocks=blocks)


def _guess_note(fig: Figure, own: Sequence[Citation], whose: str) -> AnswerBlock | None:
    """A yes/no question's guessed figure that no quoted passage states, corrected by the
    passages' own figures of what it stands among, in their own units (是不是投了80万元建X
    where the text says 投入60万元 and X8个): None when a passage states the guess or none
    states another figure of it."""
    real: list[tuple[int, str]] = []
    for c in own:
        holds, spans = guess_clauses(fig, c.text)
        if holds:
            return None
        real += [(c.n, c.text[a:b].strip()) for a, b in spans]
    if not real:
        return None
    said = "、".join(f"“{t}”[{n}]" for n, t in list(dict.fromkeys(real))[:_GUESS_SHOWN])
    return AnswerBlock("note", f"问题中的“{fig.text}”与{whose}的原文不符：其原文为{said}。")


def _states(fig: Figure, where: tuple[Document, tuple[int, int]]) -> bool:
    doc, (a, b) = where
    return guess_clauses(fig, doc.text[a:b])[0]


def _named_departments(documents: Mapping[str, Document], q: Query) -> set[str]:
    """The departments the question names: those it was read as naming, and every
    department whose name or short names hold the words it names one with (港务集团: its
    党委's news page and its 委员会's 通知 are two departments of one organisation)."""
    depts = sorted({d.meta.department for d in documents.values()})
    spans = [q.question[m.start : m.end] for m in department_mentions(q.question, depts)]
    out = set(q.departments)
    for d in documents.values():
        names = (d.meta.department, *d.meta.short_names)
        if any(s in n for s in spans if len(s) >= 2 for n in names):
            out.add(d.meta.department)
    return out


def _department_of(documents: Mapping[str, Document], cited: Sequence[Citation]) -> str:
    """The department(s) of the quoted passages, named in the note."""
    return "、".join(dict.fromkeys(documents[c.doc].meta.department for c in cited))


def _other_figure(fig: Figure, cited: Sequence[Citation]) -> tuple[int, str] | None:
    """The first clause of the quoted passages giving another figure of what ``fig``
    measures (起评分为80分 for 70分): its citation number and text."""
    for c in cited:
        for a, b, same in figure_clauses(fig, c.text):
            if not same:
                return c.n, c.text[a:b].strip()
    return None


def _stated_in(
    documents: Mapping[str, Document], fig: Figure, q: Query, skip: set[str], named: set[str]
) -> tuple[Document, tuple[int, int]] | None:
    """The sentence of another document (not ``skip``; of another department than the one
    named, when one is) stating ``fig`` of the same thing, that shares most of the
    question's characters: the best by shared two-character pieces."""
    pieces = {q.question[i : i + 2] for i in range(len(q.question) - 1)}
    best: tuple[int, Document, tuple[int, int]] | None = None
    budget = _SCAN_MAX
    for doc in sorted(documents.values(), key=lambda d: d.doc_id):
        if doc.doc_id in skip or doc.meta.department in named:
            continue
        budget -= len(doc.text)
        if budget < 0:
            break
        for a, b in sentence_spans(doc.text):
            s = doc.text[a:b]
            if not any(same for *_, same in figure_clauses(fig, s)):
                continue
            score = sum(1 for i in range(len(s) - 1) if s[i : i + 2] in pieces)
            if best is None or score > best[0]:
                best = (score, doc, (a, b))
    return (best[1], best[2]) if best else None
