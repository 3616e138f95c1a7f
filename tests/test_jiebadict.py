"""The on-demand prefix dictionary (rag/jiebadict.py) cuts exactly like jieba's in-memory
one: same tokens on the seed documents and on random mixes, before and after the switch to
the whole table in memory; a damaged file falls back to the real dictionary."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest

import rag.jiebadict as jd
import rag.tokenize as tok
from rag.ingest import load_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def full() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    for term in tok.user_terms():
        tk.add_word(term)
    return tk


def _lazy(full: jieba.Tokenizer, path: Path) -> jieba.Tokenizer:
    jd.build_table(path, full.FREQ, full.total)
    table = jd.FreqTable(path)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = table, table.total, True
    return tk


def _samples() -> list[str]:
    texts = [d.text[:3000] for d in load_corpus(CORPUS).documents]
    rng = random.Random(15)
    pool = "".join(texts) + "ABCxyz0123 ，。！？（一）①党建+三会一课"
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(200)]
    return texts


@pytest.mark.parametrize("threshold", [10**9, 500])
def test_lazy_table_cuts_like_jieba(
    full: jieba.Tokenizer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    monkeypatch.setattr(jd, "LOOKUPS_BEFORE_LOADING", threshold)
    lazy = _lazy(full, tmp_path / "t.sqlite")
    for text in _samples():
        assert list(lazy.cut(text, HMM=True)) == list(full.cut(text, HMM=True)), text[:30]
    assert lazy.FREQ.loaded == (threshold == 500)


def test_words_added_later_are_seen(full: jieba.Tokenizer, tmp_path: Path) -> None:
    lazy = _lazy(full, tmp_path / "t.sqlite")
    assert "量子纠缠党建" not in lazy.FREQ
    lazy.add_word("量子纠缠党建")
    assert "量子纠缠党建" in lazy.cut("推进量子纠缠党建工作")


def test_tokenizer_falls_back_when_the_table_is_damaged(
    full: jieba.Tokenizer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database")
    monkeypatch.setattr(tok, "_tokenizer", None)
    monkeypatch.setattr(jd, "table_path", lambda key: bad)
    text = "认真落实三会一课制度"
    got = tok.tokenize(text)
    assert "三会一课" in got
    assert got == [t for t in full.cut(text, HMM=True) if tok._keep(t)]
    assert isinstance(tok._tokenizer.FREQ, dict)  # the real dictionary was loaded


def test_tokenize_swaps_in_the_whole_table_once_read(
    full: jieba.Tokenizer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long build reads the table whole; ``tokenize`` then cuts with the plain dict (no
    per-lookup view) and the tokens stay those of jieba's own dictionary."""
    monkeypatch.setattr(jd, "LOOKUPS_BEFORE_LOADING", 500)
    monkeypatch.setattr(tok, "_tokenizer", _lazy(full, tmp_path / "t.sqlite"))
    texts = _samples()
    got = [tok.tokenize(t) for t in texts]
    assert isinstance(tok._tokenizer.FREQ, dict)
    want = [[w for w in (x.strip() for x in full.cut(tok.normalise(t), HMM=True)) if tok._keep(w)]
            for t in texts]  # fmt: skip
    assert got == want
    assert [tok.tokenize(t) for t in texts] == want  # after the swap too
