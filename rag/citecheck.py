"""Checks on a generated answer against its numbered sources (pure functions).

An LLM answer cites sources with ``[n]`` markers and quotes them in “…” (also
``"…"`` and 「…」). :func:`check_answer` makes the answer honest:

- every ``[n]`` must name an existing citation; unknown ones are removed and
  reported (``[1,2]``, ``[1、2]`` and ``【1】`` are first rewritten as ``[1][2]``);
- every quoted phrase must stand verbatim in one of the sources its sentence
  cites (or, when the sentence cites nothing, in any source); comparison ignores
  whitespace and is NFKC-insensitive, so half- and full-width punctuation match,
  and all quote characters count as one; an ellipsis inside a quote (``……``)
  joins fragments that must appear in that order in one source. A misquote is
  flagged visibly after its closing quote with :data:`MISQUOTE_FLAG`;
- an answer that cites nothing at all gets the list of sources appended.

:func:`renumber` then keeps only the cited sources, numbered 1..N in order of
first mention, with the markers in the text rewritten to agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.types import Citation

__all__ = [
    "MISQUOTE_FLAG",
    "CheckReport",
    "Misquote",
    "Quote",
    "check_answer",
    "cited_numbers",
    "find_quotes",
    "normalize_markers",
    "quote_in",
    "renumber",
    "sentence_spans",
    "sources_list",
]

MISQUOTE_FLAG = "（⚠引文未在所引来源中找到）"

# ``[3]`` ``[1, 2]`` ``[1、2]`` ``【3】`` ``[^3]`` — a marker as models write it.
_ANY_MARKER = re.compile(r"[\[【]\^?\s*(\d{1,3}(?:\s*[,，、;；]\s*\d{1,3})*)\s*[\]】]")
# The canonical marker after normalisation.
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SENTENCE_END = "。！？!?"
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』"}
_QUOTE_CHARS = "“”‘’「」『』\"'＂＇"
_ELLIPSIS = re.compile(r"…+|\.{3,}|。{3,}")
_EDGE_PUNCT = "，。；：、！？,.;:!?…" + _QUOTE_CHARS
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    """A quoted phrase: ``text[start:end]`` is the whole quote including its marks."""

    content: str
    start: int
    end: int


@dataclass(frozen=True)
class Misquote:
    """A quote not found verbatim in the sources it was checked against.

    ``cited`` are the citation numbers of its sentence (empty: it was checked
    against every source); ``found_in`` the sources that do contain it, if any.
    """

    quote: str
    cited: tuple[int, ...]
    found_in: tuple[int, ...]


@dataclass(frozen=True)
class CheckReport:
    """The checked answer text and what was fixed in it."""

    text: str
    unknown_refs: tuple[int, ...]
    misquotes: tuple[Misquote, ...]
    appended_sources: bool = False

    @property
    def ok(self) -> bool:
        """True when the answer needed no fix."""
        return not (self.unknown_refs or self.misquotes or self.appended_sources)

    def describe(self) -> str:
        """What was fixed, in a sentence for the user ("" when nothing)."""
        parts: list[str] = []
        if self.unknown_refs:
            refs = "".join(f"[{n}]" for n in self.unknown_refs)
            parts.append(f"已删除不存在的来源编号{refs}")
        if self.misquotes:
            parts.append(f"{len(self.misquotes)}处引文未在所引来源中找到，已标注")
        if self.appended_sources:
            parts.append("回答未标注来源，已附来源列表")
        return "；".join(parts)


# --- markers --------------------------------------------------------------------------


def normalize_markers(text: str) -> str:
    """Rewrite ``[1, 2]``, ``[1、2]``, ``【1】``, ``[^1]`` as ``[1][2]`` / ``[1]``."""

    def one(m: re.Match[str]) -> str:
        return "".join(f"[{n}]" for n in re.findall(r"\d+", m.group(1)))

    return _ANY_MARKER.sub(one, text)


def cited_numbers(text: str) -> tuple[int, ...]:
    """Numbers of the ``[n]`` markers in ``text``, in order of first mention."""
    seen: dict[int, None] = {}
    for m in _MARKER.finditer(text):
        seen.setdefault(int(m.group(1)), None)
    return tuple(seen)


def _drop_unknown(text: str, known: set[int]) -> tuple[str, tuple[int, ...]]:
    unknown: dict[int, None] = {}

    def one(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n in known:
            return m.group(0)
        unknown.setdefault(n, None)
        return ""

    return _MARKER.sub(one, text), tuple(unknown)


# --- sentences and quotes -------------------------------------------------------------


def _scan(text: str) -> tuple[list[tuple[int, int]], list[Quote]]:
    """Sentence spans and top-level quotes of ``text`` in one pass.

    Sentences end at ``。！？!?`` outside quotes (any ``[n]`` markers right after
    the end mark belong to the sentence) and at every line break. Quotes do not
    span lines; an unclosed quote is not a quote.
    """
    sentences: list[tuple[int, int]] = []
    quotes: list[Quote] = []
    start = 0
    i = 0
    n = len(text)
    opener = ""
    closer = ""
    depth = 0
    q_start = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            if i > start:
                sentences.append((start, i))
            start = i + 1
            depth = 0
            opener = closer = ""
            i += 1
            continue
        if depth:
            if opener != closer and ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    quotes.append(Quote(text[q_start + 1 : i], q_start, i + 1))
                    opener = closer = ""
            i += 1
            continue
        if ch in _QUOTE_PAIRS or ch == '"':
            opener, closer = ch, _QUOTE_PAIRS.get(ch, '"')
            depth = 1
            q_start = i
            i += 1
            continue
        if ch in _SENTENCE_END:
            j = i + 1
            while j < n and text[j] in _SENTENCE_END + "”」』）)":
                j += 1
            while True:
                m = _MARKER.match(text, j)
                if not m:
                    break
                j = m.end()
            sentences.append((start, j))
            start = j
            i = j
            continue
        i += 1
    if start < n:
        sentences.append((start, n))
    return [s for s in sentences if text[s[0] : s[1]].strip()], quotes


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence (see :func:`_scan` for the rules)."""
    return tuple(_scan(text)[0])


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Top-level quoted phrases in “…”, 「…」, 『…』 or ``"…"`` (nested quotes stay inside)."""
    return tuple(_scan(text)[1])


# --- verbatim matching ----------------------------------------------------------------


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = _WS.sub("", s)
    return s.translate({ord(c): '"' for c in _QUOTE_CHARS})


def _fragments(quote: str) -> list[str]:
    quote = _MARKER.sub("", quote)
    parts = [_norm(p).strip(_EDGE_PUNCT) for p in _ELLIPSIS.split(quote)]
    return [p for p in parts if p]


def quote_in(quote: str, passage: str) -> bool:
    """Whether ``quote`` stands verbatim in ``passage``.

    Whitespace is ignored, punctuation width does not matter (NFKC), all quote
    marks are equal, a ``[n]`` inside the quote and punctuation at its edges are
    ignored, and fragments joined by an ellipsis must appear in order.
    """
    frags = _fragments(quote)
    if not frags:
        return True
    hay = _norm(passage)
    pos = 0
    for frag in frags:
        at = hay.find(frag, pos)
        if at < 0:
            return False
        pos = at + len(frag)
    return True


def _haystacks(c: Citation) -> tuple[str, ...]:
    return (c.text, c.title, c.department, c.section)


def _found_in(quote: str, citations: Sequence[Citation]) -> tuple[int, ...]:
    return tuple(c.n for c in citations if any(quote_in(quote, h) for h in _haystacks(c)))


# --- the check ------------------------------------------------------------------------


def sources_list(citations: Sequence[Citation]) -> str:
    """A Markdown list of the sources: ``[n] 部门《标题》（日期） 章节``."""
    lines = ["来源："]
    for c in citations:
        line = f"[{c.n}] {c.department}《{c.title}》"
        if c.date:
            line += f"（{c.date}）"
        if c.section:
            line += f" {c.section}"
        lines.append(f"- {line}")
    return "\n".join(lines)


def check_answer(
    text: str, citations: Sequence[Citation], *, append_sources: bool = True
) -> CheckReport:
    """Check markers and quotes of ``text`` against ``citations`` and fix what fails.

    Unknown ``[n]`` are removed, misquotes get :data:`MISQUOTE_FLAG` after the
    closing quote, and when no marker is left the sources list is appended
    (unless ``append_sources`` is false).
    """
    by_n = {c.n: c for c in citations}
    text, unknown = _drop_unknown(normalize_markers(text), set(by_n))
    sentences, quotes = _scan(text)
    misquotes: list[Misquote] = []
    inserts: list[int] = []
    for q in quotes:
        sent = next((s for s in sentences if s[0] <= q.start < s[1]), (q.start, q.end))
        cited = cited_numbers(text[sent[0] : sent[1]])
        pool = [by_n[n] for n in cited] if cited else list(citations)
        if _found_in(q.content, pool):
            continue
        found = _found_in(q.content, citations) if cited else ()
        misquotes.append(Misquote(q.content, cited, found))
        if not text.startswith(MISQUOTE_FLAG, q.end):  # flagged once, also when re-checked
            inserts.append(q.end)
    for at in sorted(inserts, reverse=True):
        text = text[:at] + MISQUOTE_FLAG + text[at:]
    appended = False
    if append_sources and citations and not cited_numbers(text):
        text = text.rstrip() + "\n\n" + sources_list(citations)
        appended = True
    return CheckReport(text, unknown, tuple(misquotes), appended)


def renumber(text: str, citations: Sequence[Citation]) -> tuple[str, tuple[Citation, ...]]:
    """Keep the cited sources only, numbered 1..N by first mention, markers rewritten.

    Markers naming no citation are dropped (run :func:`check_answer` first to
    have them reported).
    """
    by_n = {c.n: c for c in citations}
    order = [n for n in cited_numbers(text) if n in by_n]
    new_of = {old: new for new, old in enumerate(order, start=1)}

    def one(m: re.Match[str]) -> str:
        new = new_of.get(int(m.group(1)))
        return f"[{new}]" if new is not None else ""

    out = _MARKER.sub(one, text)
    return out, tuple(replace(by_n[old], n=new_of[old]) for old in order)
