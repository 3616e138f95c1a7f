"""Chinese tokenizer for BM25: jieba (precise mode) with the party-building term dictionary.

``tokenize(text)`` normalises (NFKC: full-width → half-width; lower case), cuts with a
private ``jieba.Tokenizer`` that knows the terms in ``rag/data/userdict.txt`` (三会一课,
两个维护, 党建+ …, so they are never split), and drops whitespace, punctuation and a
small list of stopwords. The tokenizer is created once, lazily, under a lock.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import sqlite3
import threading
import unicodedata
from importlib import resources
from typing import Any

from rag.script import script_id, to_simplified

__all__ = [
    "STOPWORDS",
    "cut_words",
    "normalise",
    "pos_tags",
    "tokenize",
    "tokenizer_id",
    "user_terms",
]

_USERDICT = "userdict.txt"

# Function words and question words that carry no topic; domain words are never here.
_STOPWORD_TEXT = """
    的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 而且 在 于 对 对于 把 被 将 从 向 由 为 以
    之 其 这 那 这个 那个 这些 那些 这是 哪 哪些 哪个 哪里 哪儿 哪份 什么 啥 怎么 怎样 如何 吗 呢 吧 啊
    呀 么 嘛 是 有 都 也 就 还 又 即 等 等等 个 些 里 中 上 下 请 帮 帮我 我 你 他 她 它 我们 你们
    一下 一共 一个 给 让 说 讲 提到 提 到 所 该 其中 以及 各 每 之一
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_lock = threading.Lock()
_tokenizer: Any = None
_pos_lock = threading.Lock()
_pos_cutter: Any = None


def _userdict_text() -> str:
    return resources.files("rag").joinpath("data", _USERDICT).read_text(encoding="utf-8")


def user_terms() -> tuple[str, ...]:
    """The terms of the shipped user dictionary, normalised, in file order."""
    out = []
    for line in _userdict_text().splitlines():
        word = line.strip().split(" ")[0] if line.strip() else ""
        if word and not word.startswith("#"):
            out.append(normalise(word))
    return tuple(out)


def normalise(text: str) -> str:
    """Traditional folded to Simplified (``rag.script``), NFKC (full-width letters, digits
    and ＋ become half-width) and lower case."""
    return unicodedata.normalize("NFKC", to_simplified(text)).lower()


def get_tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            from rag.jiebadict import FreqTable, build_table, table_path

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            path = table_path(_table_key(jieba))
            try:
                # The prefix dictionary (user terms included) from its file, on demand:
                # a command cutting one question does not load 600 000 keys (rag/jiebadict.py).
                table = FreqTable(path)
                tk.FREQ, tk.total, tk.initialized = table, table.total, True
            except sqlite3.Error:
                tk.initialize()
                for term in user_terms():
                    tk.add_word(term)
                with contextlib.suppress(OSError, sqlite3.Error):
                    build_table(path, tk.FREQ, tk.total)
            _tokenizer = tk
    return _tokenizer


def pos_tags(text: str) -> list[tuple[str, str]]:
    """jieba.posseg's (word, part-of-speech) pairs of ``text``, cut by this module's
    tokenizer (user terms included), the tags read on demand (rag/jiebapos.py)."""
    global _pos_cutter
    if _pos_cutter is None:
        tk = get_tokenizer()
        with _pos_lock:
            if _pos_cutter is None:
                from rag.jiebapos import PosCutter, load_tags

                _pos_cutter = PosCutter(tk, load_tags(tk))
    return list(_pos_tags(text))


@functools.lru_cache(maxsize=4096)
def _pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    # (the same question and its pieces are tagged by several checks of one answer; the
    # tokenizer is fixed once built, so the tags of a text never change)
    return tuple(_pos_cutter.lcut(text))


def _table_key(jieba: Any) -> str:
    """Names the saved prefix dictionary: jieba's version and dictionary file, our terms."""
    dict_file = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    try:
        st = os.stat(dict_file)
        stamp = f"{st.st_size}-{int(st.st_mtime)}"
    except OSError:
        stamp = "none"
    return f"{jieba.__version__}-{stamp}-{tokenizer_id().split('@')[-1]}"


def _keep(token: str) -> bool:
    if not token or token in STOPWORDS:
        return False
    # Drop tokens made only of whitespace, punctuation or symbols (keep ``党建+``).
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


@functools.lru_cache(maxsize=16384)
def cut_words(text: str, hmm: bool) -> tuple[str, ...]:
    """The project tokenizer's words of ``text`` (``HMM=hmm``), memoised: the dictionary is
    fixed once the tokenizer is made, so a cut is a pure function of its text, and the
    answer path cuts the same short strings (question runs, names) many times per
    question."""
    return tuple(get_tokenizer().cut(text, HMM=hmm))


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``: normalised jieba words, without punctuation and stopwords."""
    norm = normalise(text)
    if not norm.strip():
        return []
    tk = get_tokenizer()
    out = [tok for tok in (t.strip() for t in tk.cut(norm, HMM=True)) if _keep(tok)]
    freq = tk.FREQ
    if not isinstance(freq, dict):  # the on-demand table: once read whole, use the dict
        full = freq.as_dict()
        if full is not None:
            tk.FREQ = full  # same keys and counts; measured 1.4x faster cutting
    return out


def tokenizer_id() -> str:
    """Changes whenever tokens could change (dictionary, stopwords): stored with the BM25 index."""
    digest = hashlib.sha256(_userdict_text().encode("utf-8"))
    digest.update(" ".join(sorted(STOPWORDS)).encode("utf-8"))
    digest.update(script_id().encode("utf-8"))
    return f"jieba-precise@{digest.hexdigest()[:12]}"
