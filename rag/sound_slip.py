"""The phrase of a term request typed with a character of the same sound (pure functions).

An input method offers every character of a syllable: a term asked for where it stands is
often typed with one character of the same reading (pinyin without tones, z/zh, c/ch, s/sh
and -n/-ng merged: ``rag.typo``'s reading) — a coined two-character name (晨帆 typed 晨凡),
or a phrase whose slip makes a word of its own, even a document kind (回村报到 typed
回村报道, read as "news reports"). ``rag.typo`` leaves those: a two-character phrase is
too short to read unquoted, and a slip making a word breaks no word.

Here the phrase is the one a bare term request asks about (``rag.bare_keyword``: what is
left of a question asking where something stands once its asking words are out), so the
question itself says it is a term. A phrase the corpus never holds is read as its one
same-sound form the corpus does hold, one character off and no function character
changed:

- the whole phrase, two characters or more — of two, only a form the documents quote or
  the term dictionary holds (a coined name: “晨帆”); of three, such a form or one the
  corpus holds twice or more;
- else its longest window of whole words, four characters or more (在职党员回村报道 →
  回村报道 when the run holds more words around it).

One form, or one far more frequent than any other (three times), is the reading; several
alike are no reading. The answer says what was read (按“回村报到”查找（问题中写作“回村报道”）).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rag.bare_keyword import term_strings
from rag.institutions import another_organ
from rag.text import in_order
from rag.typo import Fix, dictionary_spans, differ_once, one_off, sounds_alike

__all__ = ["sound_fixes"]

_WINDOW_MIN = 4  # characters of a window of a longer phrase read for a slip
_SHORT = 3  # a phrase this long or shorter needs a quoted or dictionary form (of 3: or 2 hits)
_DOMINANT = 3  # how many times more frequent the one form must be than any other
_RUN_MAX = 16  # characters of the longest phrase read (a longer run is a sentence, no term)


def _forms(typed: str, text: str) -> dict[str, int]:
    """The same-sound one-character-off forms of ``typed`` the corpus holds, with counts."""
    anchor = 1 if len(typed) < _WINDOW_MIN else 2
    return {
        c: k
        for c, k in one_off(typed, text, min_anchor=anchor).items()
        if differ_once(c, typed) and sounds_alike(c, typed) and not another_organ(typed, c)
    }


def _one(forms: dict[str, int]) -> str | None:
    if not forms:
        return None
    ranked = sorted(forms.values(), reverse=True)
    if len(ranked) == 1 or ranked[0] >= _DOMINANT * ranked[1]:
        return max(forms, key=lambda c: forms[c])
    return None


def _windows(run: str) -> list[str]:
    """The run itself, then its windows of whole words (the project's tokenizer), four
    characters or more, longest first."""
    cut = dictionary_spans(run)
    starts, ends = {a for a, _ in cut}, {b for _, b in cut}
    out = [run]
    for size in range(len(run) - 1, _WINDOW_MIN - 1, -1):
        out += [
            run[a : a + size]
            for a in range(len(run) - size + 1)
            if a in starts and a + size in ends
        ]
    return out


def _sound_fix(run: str, text: str, known: Collection[str], quoted: Collection[str]) -> Fix | None:
    for typed in _windows(run):
        if typed in text:
            continue
        forms = _forms(typed, text)
        if len(typed) <= _SHORT:
            forms = {
                c: k
                for c, k in forms.items()
                if c in quoted or c in known or (len(typed) == _SHORT and k >= 2)
            }
        meant = _one(forms)
        if meant is not None:
            return Fix(typed, meant)
        if len(forms) > 1:
            return None  # several forms alike: no reading of this phrase
    return None


def sound_fixes(
    question: str,
    text: str,
    known: Collection[str] = (),
    quoted: Collection[str] = (),
    names: Sequence[str] = (),
) -> tuple[str, tuple[Fix, ...]]:
    """``question`` with the phrases of its term request that the corpus (``text``,
    normalised) never holds read in their one same-sound spelling the corpus holds, and
    what was changed. ``known``: the term dictionary; ``quoted``: the phrases the documents
    quote; ``names``: titles and departments (a short form of one is a name, no slip)."""
    fixes: list[Fix] = []
    out = question
    for a, b in term_strings(question):
        run = question[a:b]
        if len(run) > _RUN_MAX or run in text or not all("\u4e00" <= ch <= "\u9fff" for ch in run):
            continue
        if any(in_order(run, n) for n in names):
            continue
        fix = _sound_fix(run, text, known, quoted)
        if fix is not None:
            fixes.append(fix)
            out = out.replace(run, run.replace(fix.typed, fix.meant, 1), 1)
    return out, tuple(fixes)
