"""Markdown bold marks taken out of a text, with the map back to it (pure).

A Markdown file, and the Word and HTML readers (``rag.load_docx``, ``rag.loaders``), mark
bold text as ``**…**``: a heading's layout, which the outline parser reads
(``rag.outline``). A reader sees bold type, never asterisks, so after the outline is
parsed the marks go: a quote of the document reads ``（一）深入学习。组织专题学习`` and
its offsets are offsets of that text. ``kept[i]`` is the index in the marked text of
``text[i]``; ``position`` maps an offset of the marked text (a section's start or end).

Only marks that pair up within a line go (``**加强学习。**正文``); a lone ``**`` on a
line is text (a footnote sign, a masked digit), and ``__`` is a form's blank to fill in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from rag.types import Section

__all__ = ["Unbolded", "unbold", "unbold_sections"]

_MARK = re.compile(r"\*\*")


@dataclass(frozen=True)
class Unbolded:
    text: str
    kept: tuple[int, ...]

    def position(self, pos: int) -> int:
        """The offset in ``text`` of offset ``pos`` of the marked text (a removed mark
        maps to the character after it)."""
        return bisect.bisect_left(self.kept, pos)


def _paired_marks(text: str) -> list[int]:
    """Starts of the ``**`` that pair up within their line."""
    out: list[int] = []
    pos = 0
    for line in text.split("\n"):
        marks = [pos + m.start() for m in _MARK.finditer(line)]
        out.extend(marks[: len(marks) // 2 * 2])
        pos += len(line) + 1
    return out


def unbold(text: str) -> Unbolded:
    """``text`` without its paired ``**`` marks, and where each kept character was."""
    marks = _paired_marks(text)
    if not marks:
        return Unbolded(text, tuple(range(len(text))))
    parts: list[str] = []
    kept: list[int] = []
    cursor = 0
    for at in marks:
        parts.append(text[cursor:at])
        kept.extend(range(cursor, at))
        cursor = at + 2
    parts.append(text[cursor:])
    kept.extend(range(cursor, len(text)))
    return Unbolded("".join(parts), tuple(kept))


def unbold_sections(sections: tuple[Section, ...], plain: Unbolded) -> tuple[Section, ...]:
    """``sections`` of the marked text with their offsets in ``plain.text``."""
    return tuple(
        replace(
            s,
            start=plain.position(s.start),
            heading_end=plain.position(s.heading_end),
            end=plain.position(s.end),
            children=unbold_sections(s.children, plain),
        )
        for s in sections
    )
