"""Pure helpers for Chinese text: normalisation with an offset map, sentences, paragraphs.

Everything here counts characters, never bytes or tokens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from rag.script import to_simplified

__all__ = [
    "QUOTES",
    "SENTENCE_END",
    "Normalized",
    "balance_emphasis",
    "clause_around",
    "normalize",
    "normalize_key",
    "paragraph_spans",
    "sentence_spans",
    "strip_span",
    "without_markup",
]

SENTENCE_END = "。！？；!?;"
# Closing marks that belong to the sentence before them.
_CLOSERS = "”’」』）)》】\"'"
QUOTES = "“”‘’「」『』\"'《》〈〉"
_EMPHASIS = ("**", "__")
_WS = re.compile(r"\s")


class Normalized:
    """``text`` normalised (Traditional folded to Simplified, NFKC, no whitespace, optionally
    no quotes), with ``offsets[i]`` the index in the source string of ``text[i]``
    (``offsets[len(text)]`` = source length). Folding is character for character
    (``rag.script.to_simplified``), so offsets point into the source's own script."""

    __slots__ = ("offsets", "text")

    def __init__(self, source: str, *, drop_quotes: bool = True) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        for i, ch in enumerate(to_simplified(source)):
            if ch.isspace():
                continue
            norm = unicodedata.normalize("NFKC", ch)
            for out in norm:
                if out.isspace() or (drop_quotes and out in QUOTES):
                    continue
                chars.append(out.lower())
                offsets.append(i)
        offsets.append(len(source))
        self.text = "".join(chars)
        self.offsets = offsets

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` covering normalised ``[start, end)``."""
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[
            start
        ]

    def find_all(self, needle: str) -> Iterator[int]:
        """Non-overlapping occurrences of an already-normalised needle (like ``str.count``)."""
        if not needle:
            return
        pos = self.text.find(needle)
        while pos != -1:
            yield pos
            pos = self.text.find(needle, pos + len(needle))


def in_order(short: str, long: str) -> bool:
    """Every character of ``short`` stands in ``long``, in the same order (发展改革委 in
    发展和改革委员会): how a contraction keeps its full name's characters."""
    it = iter(long)
    return all(ch in it for ch in short)


def normalize(text: str, *, drop_quotes: bool = True) -> str:
    """Simplified, NFKC, lower case, whitespace and quotes removed: the form terms are matched in."""
    if len(text) <= _SHORT:
        return _normalize_short(text, drop_quotes)
    return Normalized(text, drop_quotes=drop_quotes).text


_SHORT = 64  # characters: a term, a heading, a phrase of a question (memoised; texts are not)


@functools.lru_cache(maxsize=16384)
def _normalize_short(text: str, drop_quotes: bool) -> str:
    return Normalized(text, drop_quotes=drop_quotes).text


def normalize_key(text: str) -> str:
    """NFKC with whitespace removed (quotes kept): the evaluation's matching form."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as spans: a sentence ends after 。！？； (and any
    closing quotes) or at a line break. Whitespace-only spans are dropped; spans are trimmed."""
    return list(_sentence_spans(text, start, len(text) if end is None else end))


@functools.lru_cache(maxsize=4096)
def _sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    # (the same passages of a document are split again for question after question)
    spans: list[tuple[int, int]] = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in SENTENCE_END or ch == "\n":
            j = i + 1
            while j < end and (text[j] in _CLOSERS or text.startswith(_EMPHASIS, j)):
                # (Markdown bold closing after the stop, ``**（一）强化引领。** 落实…``,
                # belongs to the sentence it closes)
                j += 1 if text[j] in _CLOSERS else 2
            spans.append((s, j))
            s = j
            i = j
            continue
        i += 1
    if s < end:
        spans.append((s, end))
    out = []
    for a, b in spans:
        a, b = _balanced(text, *strip_span(text, a, b))
        if b > a:
            out.append((a, b))
    return tuple(out)


def _balanced(text: str, a: int, b: int) -> tuple[int, int]:
    """A sentence without a Markdown bold mark at its edge: one left open (a span cut
    inside ``**…。**``: its closing ``**`` alone, or an opening one whose close is past the
    end), or the pair around a sentence wholly in bold."""
    for mark in _EMPHASIS:
        n = text.count(mark, a, b)
        if n == 2 and text.startswith(mark, a) and text.endswith(mark, a, b) and b - a > 4:
            # (a sentence wholly in bold: its text, as a sentence cut inside it reads)
            a, b = strip_span(text, a + 2, b - 2)
            continue
        if n % 2 == 0:
            continue
        if text.startswith(mark, a):
            a = strip_span(text, a + 2, b)[0]
        elif text.endswith(mark, a, b):
            b = strip_span(text, a, b - 2)[1]
    return a, b


def balance_emphasis(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the Markdown bold mark it leaves open: a section starts
    after the ``**`` of its bold lead (``**（四）从严…。** 正文``), so its span holds the
    closing mark alone; with the opening one it reads as the text is written."""
    for mark in _EMPHASIS:
        if text.count(mark, start, end) % 2 == 0:
            continue
        if text.startswith(mark, start - 2):
            start -= 2
        elif text.startswith(mark, end):
            end += 2
    return start, end


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as trimmed spans."""
    out = []
    pos = 0
    for line in text.split("\n"):
        a, b = strip_span(text, pos, pos + len(line))
        if b > a:
            out.append((a, b))
        pos += len(line) + 1
    return out


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clause_around(
    text: str, start: int, end: int, *, stops: str = "，,。！？；;：:\n"
) -> tuple[int, int]:
    """The clause containing ``text[start:end]``, bounded by punctuation in ``stops``."""
    a = start
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    b = end
    while b < len(text) and text[b] not in stops:
        b += 1
    return strip_span(text, a, b)


# The Markdown the loaders and .md documents mark layout with: a heading's ``#`` run, a
# quotation's ``>``, bold ``**`` (``__`` stays: a form's blank to fill in, 姓名____).
_MD_LINE_MARK = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)")
_MD_BOLD = re.compile(r"\*\*")
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+")


def without_markup(text: str) -> str:
    """A passage as its document reads to a person: without the Markdown of its headings
    (``## 二、…`` → ``二、…``, ``**（二）…**`` → ``（二）…``) and the blank lines between
    blocks. For showing only — a citation quotes the document's own characters."""
    plain = _MD_BOLD.sub("", _MD_LINE_MARK.sub("", text))
    return _BLANK_LINES.sub("\n", plain).strip()
