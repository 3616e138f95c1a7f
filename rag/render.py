"""Renderings of an ``Answer`` at the edges: Markdown (chat), plain text (copy), JSON (CLI),
and the numbered source block an LLM is given. Pure functions over ``rag.types``.

Every rendering is made from ``Answer.blocks`` (see ``rag.types.BLOCK_KINDS``) and the
answer's citations; none parses another rendering back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rag.types import Answer, AnswerBlock, Citation

__all__ = ["format_sources", "markdown", "markers", "plain_text", "to_json"]


def markers(numbers: Sequence[int]) -> str:
    """``[1][3]`` for citation numbers (empty for none)."""
    return "".join(f"[{n}]" for n in numbers)


def _tail(block: AnswerBlock) -> str:
    m = markers(block.citations)
    return f" {m}" if m else ""


def _md_line(block: AnswerBlock) -> str:
    pad = "  " * block.level
    if block.kind == "header":
        text = block.text
        # (the department in bold with the short names beside it: **X委员会（X党委）**)
        shown = block.label + (f"（{'、'.join(block.names)}）" if block.names else "")
        if block.label and text.startswith(shown):
            text = f"**{shown}**{text[len(shown) :]}"
        return f"{pad}{text}{_tail(block)}"
    if block.kind in ("item", "term"):
        return f"{pad}- {block.text}{_tail(block)}"
    if block.kind == "quote":
        # (a quotation over lines, as a 署名 with its date under it, stays one quotation)
        quoted = re.sub(r"\n+", "\n> ", block.text.strip("\n"))
        return f"> {quoted}{_tail(block)}"
    return f"{block.text}{_tail(block)}"


def markdown(blocks: Sequence[AnswerBlock]) -> str:
    """The chat rendering: headers with the department in bold, items as nested bullets,
    quotations as ``>`` lines, every supported line ending in its ``[n]`` markers. A refusal
    or note that follows other blocks is set off by a blank line."""
    lines: list[str] = []
    for i, b in enumerate(blocks):
        if (
            i and b.kind in ("refusal", "note") and not b.level and blocks[i - 1].kind != b.kind
        ) or (i and b.kind == "header" and b.level == 0 and blocks[i - 1].kind != "header"):
            lines.append("")
        lines.append(_md_line(b))
    return "\n".join(lines).strip()


def plain_text(answer: Answer) -> str:
    """For copying: the blocks without Markdown, then the cited passages in full."""
    lines: list[str] = []
    for b in answer.blocks:
        pad = "  " * b.level
        if b.kind in ("item", "term"):
            lines.append(f"{pad}· {b.text}{_tail(b)}")
        elif b.kind == "quote":
            lines.append(f"{pad}“{b.text}”{_tail(b)}")
        else:
            lines.append(f"{pad}{b.text}{_tail(b)}")
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        for c in answer.citations:
            when = f"，{c.date}" if c.date else ""
            where = f" {c.section}" if c.section else ""
            lines.append(f"[{c.n}] {c.department}《{c.title}》{when}{where}：{c.text}")
    return "\n".join(lines).strip()


def to_json(answer: Answer) -> dict[str, Any]:
    """The CLI's JSON object (``rag ask --json``): the answer's fields and its blocks."""
    return answer.to_json()


def _escape(text: str) -> str:
    """Make ``<`` full-width so no passage or header can open or close a delimiter."""
    return text.replace("<", "＜")


def format_sources(citations: Sequence[Citation], max_chars: int | None = None) -> str:
    """The numbered sources block an LLM is given: a header line per source (department,
    title, date, section) and its passage, both inside ``<source id="n">`` delimiters."""
    out: list[str] = []
    for c in citations:
        text = (
            c.text if max_chars is None or len(c.text) <= max_chars else c.text[:max_chars] + "……"
        )
        header = (
            f"部门：{_escape(c.department)}｜文件标题：《{_escape(c.title)}》"
            f"｜日期：{c.date or '未注明'}｜章节：{_escape(c.section) or '无'}"
        )
        out.append(f'[{c.n}]\n<source id="{c.n}">\n{header}\n{_escape(text)}\n</source>')
    return "\n\n".join(out)
