"""A question's phrase read in the corpus' own spelling (pure functions).

Two kinds of difference between how a question writes a phrase and how the documents do:

- **one character wrong** (an input-method slip: 主题党曰 for 主题党日, 政冶生日 for
  政治生日). ``one_off`` finds the strings of a text that differ from a typed one in exactly
  one character; department names (税物局 for 税务局, ``rag.answer``) and terms share it.
  A term is corrected only where the typed form never occurs in the corpus, the corrected
  form is a known term or occurs at least ``_MIN_COUNT`` times, and it is the only such form;
  A character naming an organ or a level (厅 for 局, 省 for 市) is never read as another
  such: that is another organ (``rag.institutions.another_organ``), no slip;
- **numerals written as digits** (第1议题, 3会1课, 2个维护 for 第一议题, 三会一课, 两个维护):
  a lone digit inside Chinese words is read as the Chinese numeral the corpus writes, where
  the typed form never occurs and the numeral form does.

``correct_question`` applies both and says what it changed, so the answer can say
“按“主题党日”查找”. A year, a date, a figure with a unit of its own (40次 stays as typed
unless the corpus writes the phrase around it) is never rewritten: only a phrase of at
least three characters the corpus holds replaces one it lacks.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from rag.institutions import another_organ
from rag.text import in_order

__all__ = ["Fix", "correct_question", "function_char", "numeral_forms", "one_off"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN = re.compile(r"[\u4e00-\u9fff0-9０-９]+")
_MIN_COUNT = 1  # occurrences that make a corpus n-gram a word of the corpus' vocabulary
_MAX_GRAM = 8  # characters of the longest phrase read for a slip
_MIN_GRAM = 4  # shortest typed phrase corrected to a frequent n-gram (3 for a known term)
_SCAN_CAP = 4000  # occurrences of an anchor looked at, at most (bounded work per question)
# Characters whose slip is a different word, not a typo (的/地, 是/事 …): never corrected.
_FUNCTION = frozenset(
    "几多少哪啥谁的地得了着过和与及或并而在于对把被将从向由为以之其这那哪是有都也就还又即等个些里中上下请帮我你他她它们吗呢吧啊呀么嘛给让说所该各每跟比"
)
_CN = "〇一二三四五六七八九"
_OPEN = frozenset("“「『‘\"'")
_CLOSE = frozenset("”」』’\"'")
_FIXES_PER_RUN = 3


@dataclass(frozen=True)
class Fix:
    """``typed`` in the question was read as ``meant`` (the corpus' spelling)."""

    typed: str
    meant: str


def one_off(
    typed: str,
    text: str,
    *,
    keep_ends: bool = False,
    min_anchor: int = 1,
    positions: Iterable[int] | None = None,
) -> Counter[str]:
    """The substrings of ``text`` as long as ``typed`` that differ from it in exactly one
    (Chinese) character, with their counts. ``keep_ends``: the first and last characters
    must match (a department's place and organ suffix); ``min_anchor``: the longer matching
    side of the differing character has at least this many characters (a one-character
    anchor in a long text matches everywhere); ``positions``: only these may differ. At
    most ``_SCAN_CAP`` occurrences of an anchor are looked at."""
    n = len(typed)
    out: Counter[str] = Counter()
    if n < 2:
        return out
    allowed = range(1, n - 1) if keep_ends else range(n)
    for i in allowed if positions is None else [p for p in positions if p in allowed]:
        left, right = typed[:i], typed[i + 1 :]
        on_left = len(left) >= len(right)
        anchor, other = (left, right) if on_left else (right, left)
        if len(anchor) < min_anchor or (other and other not in text):
            continue
        pos = text.find(anchor)
        seen = 0
        while pos != -1 and seen < _SCAN_CAP:
            seen += 1
            start = pos if on_left else pos - i - 1
            if start >= 0 and start + n <= len(text):
                cand = text[start : start + n]
                ch = cand[i]
                if (
                    ch != typed[i]
                    and _CJK.match(ch)
                    and cand[:i] == left
                    and cand[i + 1 :] == right
                ):
                    out[cand] += 1
            pos = text.find(anchor, pos + 1)
    return out


def numeral_forms(run: str) -> list[str]:
    """``run`` with each lone digit inside Chinese words written as a Chinese numeral (2 as
    二 and as 两), every combination; [] when it has none. A digit next to another digit, a
    dot or a year/date/percent mark is a figure and stays."""
    slots: list[tuple[int, list[str]]] = []
    for m in re.finditer(r"[0-9]", run):
        i = m.start()
        before = run[i - 1] if i else ""
        after = run[i + 1] if i + 1 < len(run) else ""
        if before.isdigit() or after.isdigit() or after in "年月日号%.．点":
            continue
        if not (_CJK.match(before or " ") or _CJK.match(after or " ")):
            continue
        d = int(m.group())
        slots.append((i, ["二", "两"] if d == 2 else ["十" if d == 10 else _CN[d]]))
    if not slots or len(slots) > 4:
        return []
    forms = [run]
    for i, choices in slots:
        forms = [f[:i] + c + f[i + 1 :] for f in forms for c in choices]
    return forms


def _windows(run: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every window of ``run`` from ``hi`` down to ``lo`` characters."""
    n = len(run)
    return [(i, i + size) for size in range(min(n, hi), lo - 1, -1) for i in range(n - size + 1)]


def _digit_fix(run: str, held: Callable[[str], bool]) -> Fix | None:
    """The longest window (3+ characters, 2+ of them not numerals) of a numeral form of
    ``run`` the corpus holds while the typed window is nowhere in it."""
    for form in numeral_forms(run):
        for a, b in _windows(form, 3, 16):
            typed, meant = run[a:b], form[a:b]
            if typed == meant or sum(1 for ch in meant if ch not in _CN + "十两") < 2:
                continue
            if held(meant) and not held(typed):
                return Fix(typed, meant)
    return None


def dictionary_spans(run: str) -> list[tuple[int, int]]:
    """The spans of ``run``'s dictionary words (the project's tokenizer, no HMM)."""
    from rag.tokenize import cut_words

    out: list[tuple[int, int]] = []
    pos = 0
    for tok in cut_words(run, False):
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out


def _mends(meant: str, i: int) -> bool:
    """The corrected character ``meant[i]`` joins a word of ``meant`` (书香机关: 机关), as the
    slip had broken it; a character standing alone there (实 of 实三会一课) mends nothing."""
    return any(b - a >= 2 and a <= i < b for a, b in dictionary_spans(meant))


def function_char(ch: str) -> bool:
    """``ch`` is a function character (那 of 那篇, 的, 是): a slip of it is another word."""
    return ch in _FUNCTION


def differ_once(a: str, b: str, *, in_name: bool = False) -> bool:
    """``a`` and ``b`` differ in exactly one character, not a function character — unless
    ``in_name``: inside a name the question quotes whole (“三结和”) a character such as 和
    is no conjunction, only a syllable of the name, and may be the one typed wrong (the
    other side's character still no function character)."""
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return False
    if in_name:
        return diff[0][0] not in _FUNCTION
    return not (set(diff[0]) & _FUNCTION)


@functools.lru_cache(maxsize=8)
def _masked(known: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each term of ``known`` under every form of it with one character masked (三会一□,
    三会□课 …), in the set's own order: the terms one character off a typed phrase are
    those under its own masked forms."""
    out: dict[str, list[str]] = {}
    for c in known:
        for i in range(len(c)):
            out.setdefault(f"{c[:i]}\0{c[i + 1 :]}", []).append(c)
    return {k: tuple(v) for k, v in out.items()}


def _one_char_off(known: Collection[str], typed: str) -> Iterable[str]:
    """The terms of ``known`` as long as ``typed`` that differ from it in exactly one
    character, in ``known``'s order (a frozen set of terms, the same for every question of
    a build, is indexed once: ``_masked``)."""
    n = len(typed)
    if not isinstance(known, frozenset):
        return [c for c in known if len(c) == n and _differ_at_one(c, typed)]
    index = _masked(known)
    found: set[str] = set()
    for i in range(n):
        found.update(index.get(f"{typed[:i]}\0{typed[i + 1 :]}", ()))
    found.discard(typed)
    if len(found) < 2:
        return found
    order = _order(known)
    return sorted(found, key=order.__getitem__)


@functools.lru_cache(maxsize=8)
def _order(known: frozenset[str]) -> dict[str, int]:
    return {c: k for k, c in enumerate(known)}


def _differ_at_one(a: str, b: str) -> bool:
    return sum(1 for x, y in zip(a, b, strict=True) if x != y) == 1


def _slip_fix(run: str, text: str, known: Collection[str], names: Sequence[str] = ()) -> Fix | None:
    """The longest window of ``run`` the corpus lacks whose one-character-off form is the
    corpus' only frequent (or known) spelling of it. The window is whole words of the
    question, and the wrong character stands alone there next to another lone character: a
    slip breaks a word into single characters (主题党曰 → 主题/党/曰), while a real word in
    its place (重点 for 要点) or next to it (讲 组织建设) is another word, not a slip."""
    spans = dictionary_spans(run)
    starts = {a for a, _ in spans}
    ends = {b for _, b in spans}
    single = {a for a, b in spans if b - a == 1}
    for a, b in _windows(run, 3, _MAX_GRAM):
        typed = run[a:b]
        if a not in starts or b not in ends or not all(_CJK.match(ch) for ch in typed):
            continue
        # A window may not begin inside a run of lone characters: the run's start is a name
        # the corpus lacks (白溪镇: 溪镇… read alone would make 乡镇 of a place name).
        cut_name = a in single and a - 1 in single and run[a - 1] not in _FUNCTION
        if typed in text or any(in_order(typed, n) for n in names):
            continue  # as the corpus writes it, or a short form of a title or department
        broken = [
            i
            for i in range(len(typed))
            if a + i in single
            and not (i == 0 and cut_name)
            and typed[i] not in _FUNCTION
            and any(
                0 <= i + d < len(typed) and a + i + d in single and typed[i + d] not in _FUNCTION
                for d in (-1, 1)
            )
        ]
        good: dict[str, int] = {}
        for c, k in one_off(typed, text, min_anchor=2, positions=broken).items():
            i = next(j for j, (x, y) in enumerate(zip(c, typed, strict=True)) if x != y)
            if c[i] in _FUNCTION or another_organ(typed, c):
                continue  # (生态环境厅 is no slip of 生态环境局: another organ)
            if c in known or (k >= _MIN_COUNT and len(c) >= _MIN_GRAM and _mends(c, i)):
                good[c] = k
        # A known term of four or more characters is evidence enough wherever the slip
        # is (三会一刻: the slip made a word, 一刻, of the term's end).
        for c in _one_char_off(known, typed) if len(typed) >= 4 else ():
            if c[-1] != typed[-1] and not sounds_alike(c[-1], typed[-1]):
                continue  # (another head noun, not a slip: 党员先锋队 is no 党员先锋岗)
            if c not in good and differ_once(c, typed) and not another_organ(typed, c):
                k = text.count(c)
                if k:
                    good[c] = k
        if len(good) == 1:
            return Fix(typed, next(iter(good)))
        if len(good) > 1:
            ranked = sorted(good.values(), reverse=True)
            if ranked[0] >= 3 * ranked[1]:  # one spelling far more frequent than any other
                return Fix(typed, max(good, key=lambda c: good[c]))
    return None


# Sounds an input method's fuzzy pinyin merges (z/zh, c/ch, s/sh; -n/-ng).
_FUZZY = ((re.compile(r"^([zcs])h"), r"\1"), (re.compile(r"ng$"), "n"))


@functools.lru_cache(maxsize=4096)
def _sounds(ch: str) -> frozenset[str]:
    """The readings of ``ch`` without tone, fuzzy sounds merged."""
    from pypinyin import Style, pinyin

    out = set()
    for syllable in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
        for pattern, plain in _FUZZY:
            syllable = pattern.sub(plain, syllable)
        out.add(syllable)
    return frozenset(out)


def sounds_alike(a: str, b: str) -> bool:
    """``a`` and ``b`` (as long as each other) differ only in characters read alike."""
    return all(x == y or _sounds(x) & _sounds(y) for x, y in zip(a, b, strict=True))


@functools.lru_cache(maxsize=4096)
def _usual_sound(ch: str) -> str:
    """The usual reading of ``ch`` (its first, without tone, fuzzy sounds merged)."""
    from pypinyin import Style, pinyin

    syllable = pinyin(ch, style=Style.NORMAL)[0][0]
    for pattern, plain in _FUZZY:
        syllable = pattern.sub(plain, syllable)
    return syllable


def _read_alike_usually(forms: Collection[str], typed: str) -> set[str]:
    """Of ``forms`` (each read alike with ``typed``), those read alike in the characters'
    usual readings: a slip is typed by the sound one says, not a rare reading (和 he for 合
    he, not for 化, whose rare reading huō only 和's rare huo shares)."""
    return {
        f
        for f in forms
        if all(x == y or _usual_sound(x) == _usual_sound(y) for x, y in zip(f, typed, strict=True))
    }


def _set_phrase_fix(run: str, text: str, quoted: Collection[str], whole: bool) -> Fix | None:
    """A set phrase typed one character off (一岗一侧 for 一岗一策, “双联络” for “双联系”), the
    slip at any place, even one that makes a word: a window of ``run`` (four characters,
    whole words of the question; the whole run, from two characters, when the question
    quotes it: ``whole``) that the corpus lacks, whose one-character-off form is the only
    one the documents put in quote marks (``quoted``) and that is read alike (an input
    method's slip: 侧 for 策; “清风书屋” is no slip of “清风书院”). The differing characters are
    no function characters, but for a run the question quotes whole the typed one may be
    (“三结和” for “三结合”: ``differ_once``). (A shorter window unquoted is too often a word
    of its own: 安全体系 is no slip of “安全网”.)"""
    if not quoted:
        return None
    if whole:
        spans = [(0, len(run))]
    else:
        cut = dictionary_spans(run)
        starts, ends = {a for a, _ in cut}, {b for _, b in cut}
        spans = [(a, b) for a, b in _windows(run, 4, 4) if a in starts and b in ends]
    for a, b in spans:
        typed = run[a:b]
        if len(typed) < 2 or typed in text or not all(_CJK.match(ch) for ch in typed):
            continue
        forms = {
            c
            for c in one_off(typed, text, min_anchor=1 if len(typed) < 4 else 2)
            if c in quoted
            and differ_once(c, typed, in_name=whole)
            and sounds_alike(c, typed)
            and not another_organ(typed, c)
        }
        if len(forms) > 1:
            forms = _read_alike_usually(forms, typed)
        if len(forms) == 1:
            return Fix(typed, forms.pop())
    return None


def _function_for_own(typed: str, meant: str) -> bool:
    """Where ``typed`` and ``meant`` differ, ``typed`` has a function character and
    ``meant`` none."""
    return any(
        x != y and x in _FUNCTION and y not in _FUNCTION for x, y in zip(typed, meant, strict=True)
    )


def _name_slip(run: str, text: str, names: Sequence[str]) -> Fix | None:
    """A window of ``run`` (four characters or more) no text holds that is the name of a
    department or title typed with a function character read alike for one of its own
    (应急管里局 for 应急管理局: 里 for 理) — a slip the other finders leave, a function
    character being a word of its own elsewhere. Not at the name's ends, no organ's or
    level word changed, the only such form."""
    if not names:
        return None
    held = "\n".join(names)
    for a, b in _windows(run, 4, _MAX_GRAM):
        typed = run[a:b]
        if typed in text or not any(ch in _FUNCTION for ch in typed[1:-1]):
            continue
        forms = {
            c
            for c in one_off(typed, held, keep_ends=True, min_anchor=2)
            if _function_for_own(typed, c)
            and sounds_alike(c, typed)
            and not another_organ(typed, c)
        }
        if len(forms) == 1:
            return Fix(typed, forms.pop())
    return None


def correct_question(
    question: str,
    text: str,
    known: Collection[str] = (),
    names: Sequence[str] = (),
    quoted: Collection[str] = (),
) -> tuple[str, tuple[Fix, ...]]:
    """``question`` with its phrases in the corpus' spelling, and what was changed.
    ``text`` is the corpus' normalised text (Simplified, documents joined by a line break);
    ``known`` its dictionary terms, ``names`` its titles and departments (a short form of
    one is a name, not a slip: 南岭职院). The question's characters are compared as they are
    (a Traditional question is folded by the caller first)."""
    fixes: list[Fix] = []
    out = question
    for m in _RUN.finditer(question):
        run = m.group()
        # (a run the question quotes whole: “雁阵” typed “燕阵”)
        whole = (
            question[m.start() - 1 : m.start()] in _OPEN
            and question[m.end() : m.end() + 1] in _CLOSE
        )
        if len(run) < 3 and not (whole and len(run) == 2 and m.start() > 0):
            continue
        current = run
        for finder in (
            lambda r: _digit_fix(r, lambda s: s in text),
            lambda r: _slip_fix(r, text, known, names),
            lambda r: _name_slip(r, text, names),
            lambda r: _set_phrase_fix(r, text, quoted, False),
            lambda r, whole=whole: _set_phrase_fix(r, text, quoted, whole),
        ):
            for _ in range(_FIXES_PER_RUN):
                fix = finder(current)
                if fix is None:
                    break
                current = current.replace(fix.typed, fix.meant, 1)
                fixes.append(fix)
        if current != run:
            out = out.replace(run, current, 1)
    return out, tuple(fixes)
