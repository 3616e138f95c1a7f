"""jieba.posseg's part-of-speech cut over a tag table read on demand.

Importing ``jieba.posseg`` parses the tags of all 349 000 words of jieba's dictionary
(≈ 0.4 s idle, more on a busy machine) before a single word is tagged; a question needs the
tags of a few dozen words. ``PosCutter`` runs the algorithm of
``jieba.posseg.POSTokenizer.cut`` (ported step for step: the dictionary route, the HMM for
runs of characters the dictionary lacks, the same regular expressions) over ``TagTable``,
the same word → tag table in an SQLite file beside the prefix dictionary's
(rag/jiebadict.py). The table is built once by jieba.posseg's own parser and written
atomically; its file is named and stamped with jieba's version and the SHA-256 of the
dictionary file, so a table of another dictionary, or a damaged or truncated file, is
rebuilt. The HMM model (jieba's own files) is read only when a run of unknown characters
needs it. tests/test_jiebapos.py checks the cut against jieba.posseg itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from rag.jiebadict import table_path, write_atomically

__all__ = ["PosCutter", "TagTable", "build_tag_table", "load_tags", "tags_key"]

# jieba.posseg's patterns (its module top), the same expressions.
_RE_HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
_RE_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_RE_HAN_INTERNAL = re.compile(r"([\u4e00-\u9fd5a-zA-Z0-9+#&\._]+)")
_RE_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile(r"[\.0-9]+")
_RE_ENG1 = re.compile("^[a-zA-Z0-9]$")

_SCHEMA = "CREATE TABLE tag (w TEXT PRIMARY KEY, t TEXT NOT NULL) WITHOUT ROWID"

Pair = tuple[str, str]  # (word, part-of-speech flag), as jieba.posseg's ``pair``


def tags_key(tokenizer: Any) -> str:
    """Names the tag table of ``tokenizer``'s dictionary: jieba's version and the SHA-256
    of the dictionary file (≈ 5 MB, hashed in a few milliseconds)."""
    import jieba

    with tokenizer.get_dict_file() as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    return f"tags-{jieba.__version__}-{digest[:16]}"


def read_tags(tokenizer: Any) -> dict[str, str]:
    """The word → tag table exactly as jieba.posseg reads it (its own parser)."""
    import jieba.posseg

    pos = object.__new__(jieba.posseg.POSTokenizer)
    pos.load_word_tag(tokenizer.get_dict_file())
    return dict(pos.word_tag_tab)


def build_tag_table(path: Path, tags: dict[str, str], key: str) -> None:
    """Write ``tags`` stamped with ``key`` to ``path`` atomically (temp file, then rename)."""

    def fill(con: sqlite3.Connection) -> None:
        con.execute(_SCHEMA)
        con.execute("CREATE TABLE meta (key TEXT NOT NULL, n INTEGER NOT NULL)")
        con.execute("INSERT INTO meta VALUES (?, ?)", (key, len(tags)))
        con.executemany("INSERT INTO tag VALUES (?, ?)", tags.items())

    write_atomically(path, fill)


class TagTable:
    """``get`` of a ``dict`` word → tag, looked up in the file (answers memoised).

    Opening checks the stamp and that the file holds all its pages; a lookup that still
    meets damage raises ``sqlite3.Error`` (``PosCutter`` then reads the real table)."""

    def __init__(self, path: Path, key: str) -> None:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = con.execute("SELECT key FROM meta").fetchone()
            if row is None or row[0] != key:
                raise sqlite3.DatabaseError(f"{path}: tag table of another dictionary")
            (pages,) = con.execute("PRAGMA page_count").fetchone()
            (page,) = con.execute("PRAGMA page_size").fetchone()
            if os.path.getsize(path) < pages * page:
                raise sqlite3.DatabaseError(f"{path}: truncated")
        except (sqlite3.Error, OSError) as exc:
            con.close()
            raise sqlite3.DatabaseError(str(exc)) from exc
        self._con = con
        self._memo: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def get(self, word: str, default: Any = None) -> Any:
        try:
            value = self._memo[word]
        except KeyError:
            with self._lock:
                row = self._con.execute("SELECT t FROM tag WHERE w = ?", (word,)).fetchone()
            value = None if row is None else str(row[0])
            self._memo[word] = value
        return default if value is None else value


def load_tags(tokenizer: Any) -> TagTable | dict[str, str]:
    """The tag table of ``tokenizer``'s dictionary: from its file when that is present and
    sound, else read by jieba.posseg and saved for the next process."""
    key = tags_key(tokenizer)
    with contextlib.suppress(sqlite3.Error):
        return TagTable(table_path(key), key)
    return _read_and_save(tokenizer, key)


def _read_and_save(tokenizer: Any, key: str) -> dict[str, str]:
    tags = read_tags(tokenizer)
    with contextlib.suppress(OSError, sqlite3.Error):  # unwritable: this process only
        build_tag_table(table_path(key), tags, key)
    return tags


class _Hmm(NamedTuple):
    viterbi: Any
    char_state: Any
    start: Any
    trans: Any
    emit: Any


@functools.lru_cache(maxsize=1)
def _hmm() -> _Hmm:
    """jieba.posseg's HMM: its module's when already imported, else its files read alone
    (without the package's ``__init__``, which parses the whole tag dictionary)."""
    done = sys.modules.get("jieba.posseg")
    if done is not None and hasattr(done, "emit_P"):  # imported (not half-way)
        p: Any = done
        return _Hmm(p.viterbi, p.char_state_tab_P, p.start_P, p.trans_P, p.emit_P)
    import jieba

    folder = Path(jieba.__file__).parent / "posseg"

    def part(name: str) -> Any:
        spec = importlib.util.spec_from_file_location(
            f"rag._jieba_posseg_{name}", folder / f"{name}.py"
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"jieba.posseg.{name} not found in {folder}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return _Hmm(
        part("viterbi").viterbi,
        part("char_state_tab").P,
        part("prob_start").P,
        part("prob_trans").P,
        part("prob_emit").P,
    )


class PosCutter:
    """``jieba.posseg.POSTokenizer(tokenizer).lcut`` with the tags from ``tags``."""

    def __init__(self, tokenizer: Any, tags: TagTable | dict[str, str]) -> None:
        self.tokenizer = tokenizer
        self._tags = tags
        self._user: dict[str, str] = {}
        self._lock = threading.Lock()

    def _tag(self, word: str) -> str:
        if word in self._user:
            return self._user[word]
        try:
            return str(self._tags.get(word, "x"))
        except sqlite3.Error:
            # Damaged past the checks at opening: the real table, saved anew.
            with self._lock:
                if isinstance(self._tags, TagTable):
                    self._tags = _read_and_save(self.tokenizer, tags_key(self.tokenizer))
            return str(self._tags.get(word, "x"))

    def lcut(self, sentence: str, HMM: bool = True) -> list[Pair]:
        # POSTokenizer.makesure_userdict_loaded: tags given to the tokenizer's add_word.
        user = getattr(self.tokenizer, "user_word_tag_tab", None)
        if user:
            self._user.update(user)
            user.clear()
        out: list[Pair] = []
        cut_block = self._cut_dag if HMM else self._cut_dag_no_hmm
        for blk in _RE_HAN_INTERNAL.split(sentence):
            if _RE_HAN_INTERNAL.match(blk):
                out.extend(cut_block(blk))
                continue
            for x in _RE_SKIP_INTERNAL.split(blk):
                if _RE_SKIP_INTERNAL.match(x):
                    out.append((x, "x"))
                    continue
                for xx in x:
                    if _RE_NUM.match(xx):
                        out.append((xx, "m"))
                    elif _RE_ENG.match(x):  # sic: jieba tests the whole piece here
                        out.append((xx, "eng"))
                    else:
                        out.append((xx, "x"))
        return out

    def _route(self, sentence: str) -> dict[int, tuple[float, int]]:
        dag = self.tokenizer.get_DAG(sentence)
        route: dict[int, tuple[float, int]] = {}
        self.tokenizer.calc(sentence, dag, route)
        return route

    def _cut_dag(self, sentence: str) -> Iterator[Pair]:
        route = self._route(sentence)
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    yield from self._flush(buf)
                    buf = ""
                yield (word, self._tag(word))
            x = y
        if buf:
            yield from self._flush(buf)

    def _flush(self, buf: str) -> Iterator[Pair]:
        """A run of single characters on the dictionary route."""
        if len(buf) == 1:
            yield (buf, self._tag(buf))
        elif not self.tokenizer.FREQ.get(buf):
            yield from self._cut_detail(buf)
        else:
            for ch in buf:
                yield (ch, self._tag(ch))

    def _cut_dag_no_hmm(self, sentence: str) -> Iterator[Pair]:
        route = self._route(sentence)
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if _RE_ENG1.match(word):
                buf += word
            else:
                if buf:
                    yield (buf, "eng")
                    buf = ""
                yield (word, self._tag(word))
            x = y
        if buf:
            yield (buf, "eng")

    def _cut_detail(self, sentence: str) -> Iterator[Pair]:
        for blk in _RE_HAN_DETAIL.split(sentence):
            if _RE_HAN_DETAIL.match(blk):
                yield from self._cut_hmm(blk)
                continue
            for x in _RE_SKIP_DETAIL.split(blk):
                if not x:
                    continue
                if _RE_NUM.match(x):
                    yield (x, "m")
                elif _RE_ENG.match(x):
                    yield (x, "eng")
                else:
                    yield (x, "x")

    def _cut_hmm(self, sentence: str) -> Iterator[Pair]:
        hmm = _hmm()
        _, states = hmm.viterbi(sentence, hmm.char_state, hmm.start, hmm.trans, hmm.emit)
        begin = nexti = 0
        for i, ch in enumerate(sentence):
            pos = states[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield (sentence[begin : i + 1], states[i][1])
                nexti = i + 1
            elif pos == "S":
                yield (ch, states[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield (sentence[nexti:], states[nexti][1])
