"""A topic word the library holds no trace of: none of its character pairs stands in any
text (信访 where no document says 信访 or 访…), or, for a compound of four characters or
more, one of its two-character parts stands nowhere (车辆 of 车辆管理, where 管理 alone is
everywhere) — the part that says which work is asked, which no document covers.

Pure functions over strings (the corpus text normalised)."""

from __future__ import annotations

__all__ = ["traceless", "traceless_part"]


def _pairs(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def traceless(word: str, corpus: str) -> bool:
    """No character pair of ``word`` (two characters at least) is in ``corpus``."""
    pairs = _pairs(word)
    return bool(pairs) and not any(p in corpus for p in pairs)


def traceless_part(word: str, corpus: str) -> str | None:
    """The first two-character part (at an even offset) of a compound ``word`` of four
    characters or more, which ``corpus`` does not hold whole, that ``corpus`` does not
    hold; else None."""
    if len(word) < 4 or word in corpus:
        return None
    for i in range(0, len(word) - 1, 2):
        part = word[i : i + 2]
        if len(part) == 2 and part not in corpus:
            return part
    return None
