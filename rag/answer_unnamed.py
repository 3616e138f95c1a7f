"""An answer never names 未注明单位 as if it were a department: a document whose unit the
text does not write is called 原文未写明单位 with its title, and the label is left out of a
list of units (A、未注明单位、B → A、B)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from rag.metadata import UNKNOWN_DEPARTMENT
from rag.render import markdown
from rag.types import Answer, AnswerBlock, Document

__all__ = ["UNWRITTEN", "without_unknown_label"]

UNWRITTEN = "原文未写明单位"
_LISTED = re.compile(rf"、{UNKNOWN_DEPARTMENT}(?=[、，。；）\s]|$)|{UNKNOWN_DEPARTMENT}、")


def _text(text: str, title: str) -> str:
    text = _LISTED.sub("", text)
    if UNKNOWN_DEPARTMENT not in text:
        return text
    said = f"{UNWRITTEN}（《{title}》）" if title and f"《{title}》" not in text else UNWRITTEN
    return text.replace(UNKNOWN_DEPARTMENT, said, 1).replace(UNKNOWN_DEPARTMENT, UNWRITTEN)


def without_unknown_label(answer: Answer, documents: Mapping[str, Document]) -> Answer:
    """``answer`` with every 未注明单位 in its blocks reworded (see the module docstring)."""
    if not any(UNKNOWN_DEPARTMENT in b.text + b.label for b in answer.blocks):
        if UNKNOWN_DEPARTMENT in answer.answer:
            return replace(answer, answer=_text(answer.answer, ""))
        return answer
    blocks: list[AnswerBlock] = []
    for b in answer.blocks:
        if UNKNOWN_DEPARTMENT not in b.text + b.label:
            blocks.append(b)
            continue
        doc = documents.get(b.doc or "")
        title = doc.meta.title if doc else ""
        blocks.append(
            replace(
                b,
                text=_text(b.text, title),
                label=b.label.replace(UNKNOWN_DEPARTMENT, UNWRITTEN),
                department=b.department.replace(UNKNOWN_DEPARTMENT, UNWRITTEN),
            )
        )
    return replace(answer, answer=markdown(blocks), blocks=tuple(blocks))
