"""A quoted term stated both in a document's body and in its attached task table (a row
``序号|任务|牵头单位|完成时限``): an answer citing one of the two also cites the other — the
body sentence states the measure, the row its responsible unit and deadline (K7 of a
blind run: "which unit does X, and by when?" answered from the row alone).

Pure: spans over one document's text."""

from __future__ import annotations

from collections.abc import Sequence

from rag.text import sentence_spans

__all__ = ["is_row", "twin_spans"]


def is_row(sentence: str) -> bool:
    """A table row as the loaders write one: cells joined by ``|``."""
    return sentence.count("|") >= 2


def twin_spans(
    text: str, chosen: Sequence[tuple[int, int]], terms: Sequence[str]
) -> list[tuple[int, int]]:
    """For each chosen span of ``text`` holding a term of ``terms``: the first sentence of
    the other kind (a body sentence for a row, a row for a body sentence) that holds the
    same term and is not chosen already — in text order, each at most once."""
    spans = sentence_spans(text)
    taken = set(chosen)
    out: list[tuple[int, int]] = []
    for a, b in chosen:
        piece = text[a:b]
        row = is_row(piece)
        for term in terms:
            if not term or term not in piece:
                continue
            for s in spans:
                other = text[s[0] : s[1]]
                if s in taken or is_row(other) == row or term not in other:
                    continue
                if any(x <= s[0] < y or s[0] <= x < s[1] for x, y in (*chosen, *out)):
                    continue
                out.append(s)
                taken.add(s)
                break
    return sorted(out)
