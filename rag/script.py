"""Traditional → Simplified folding, character for character (offsets stay valid).

``to_simplified(text)`` maps every Traditional (or variant) character to its Simplified
form with OpenCC's character table (the ``t2s`` configuration applied to one character
at a time), so ``len(to_simplified(t)) == len(t)`` and offset ``i`` of the folded text is
offset ``i`` of the original. Phrase conversions (乾淨 → 干净 as a word, 計算機 → 电脑)
are not used here: some change the length, and matching needs only the characters.

Folding is applied where text is *matched*: term search and concordance, BM25 tokens,
the text the embedder sees, and the question. Passages, citations, titles and offsets
keep the document's own script. Simplified text folds to itself.
"""

from __future__ import annotations

import threading

__all__ = ["script_id", "to_simplified"]

# BMP CJK: Extension A, the unified block, and the compatibility ideographs.
_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00))

_lock = threading.Lock()
_table: dict[int, str] | None = None


def _build_table() -> dict[int, str]:
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(i) for lo, hi in _RANGES for i in range(lo, hi)]
    # One character per line: no phrase can match across two of them.
    out = converter.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - a converter that merged lines
        raise RuntimeError("OpenCC t2s changed the number of lines of the character table")
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


def _get_table() -> dict[int, str]:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _build_table()
    return _table


def to_simplified(text: str) -> str:
    """``text`` with Traditional characters folded to Simplified, same length."""
    if text.isascii():
        return text
    return text.translate(_get_table())


def script_id() -> str:
    """Changes when folding could change (stored with indexes whose tokens depend on it)."""
    import opencc

    return f"opencc-t2s-char@{getattr(opencc, '__version__', '?')}"
