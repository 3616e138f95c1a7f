"""The part-of-speech cut over the on-demand tag table (rag/jiebapos.py) is jieba.posseg's:
the same (word, flag) pairs as the real ``jieba.posseg.POSTokenizer`` on the corpora's
tokens, whole passages, the eval questions, dictionary words and random mixes (HMM on and
off); the saved table holds exactly jieba.posseg's tags; a stale, damaged or truncated file
is rebuilt atomically; and a command tags words without importing jieba.posseg."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import jieba.posseg
import pytest

import rag.jiebapos as jp
import rag.tokenize as tok
from rag.ingest import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "corpus", ROOT / "tests" / "data" / "variety" / "corpus"]
QUESTIONS = [
    ROOT / "tests" / "data" / "dev.jsonl",
    ROOT / "tests" / "data" / "variety" / "questions.jsonl",
]


@pytest.fixture(scope="module")
def tk() -> Any:
    return tok.get_tokenizer()  # the project's tokenizer: user terms, on-demand FREQ


@pytest.fixture(scope="module")
def real(tk: Any) -> Any:
    return jieba.posseg.POSTokenizer(tk)  # parses the dictionary's tags itself


@pytest.fixture(scope="module")
def table_file(tk: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    key = jp.tags_key(tk)
    path = tmp_path_factory.mktemp("tags") / "tags.sqlite"
    jp.build_tag_table(path, jp.read_tags(tk), key)
    return path, key


def _texts() -> list[str]:
    texts = [d.text for c in CORPORA for d in load_corpus(c).documents]
    for f in QUESTIONS:
        texts += [
            json.loads(line)["question"] for line in f.read_text("utf-8").splitlines() if line
        ]
    return texts


def _pairs(pos: Any, text: str, hmm: bool) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in pos.lcut(text, HMM=hmm)]


def test_table_holds_jieba_posseg_tags(real: Any, table_file: tuple[Path, str]) -> None:
    path, key = table_file
    with sqlite3.connect(path) as con:
        saved = dict(con.execute("SELECT w, t FROM tag"))
    assert len(saved) > 300_000
    assert saved == real.word_tag_tab
    table = jp.TagTable(path, key)
    rng = random.Random(15)
    for word in rng.sample(sorted(real.word_tag_tab), 2000):
        assert table.get(word) == real.word_tag_tab[word]
    assert table.get("量子纠缠党建", "x") == "x"


@pytest.mark.parametrize("hmm", [True, False])
def test_cut_agrees_with_jieba_posseg(
    tk: Any, real: Any, table_file: tuple[Path, str], hmm: bool
) -> None:
    cutter = jp.PosCutter(tk, jp.TagTable(*table_file))
    texts = _texts()
    # Every distinct token of the corpora and questions, alone (what answer.py tags).
    words = sorted({w for t in texts for w in tk.cut(tok.normalise(t), HMM=False)})
    assert len(words) > 2000
    for word in words:
        assert cutter.lcut(word, HMM=hmm) == _pairs(real, word, hmm), word
    # Whole passages and questions, and random mixes of their characters with Latin
    # letters, digits, decimals, symbols jieba treats apart and line breaks.
    rng = random.Random(15)
    pool = "".join(texts[:3])[:4000] + "ABCxyz0123.5%+#&_ \t\r\n，。（一）①党建+三会一课龘齉"
    mixes = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(800)]
    dictionary = rng.sample(sorted(real.word_tag_tab), 3000)
    for text in [*(t[:3000] for t in texts), *mixes, *dictionary]:
        assert cutter.lcut(text, HMM=hmm) == _pairs(real, text, hmm), text[:40]


def test_hmm_runs_are_cut(tk: Any, real: Any, table_file: tuple[Path, str]) -> None:
    """Runs of characters the dictionary lacks go through jieba's HMM (not tag ``x``)."""
    cutter = jp.PosCutter(tk, jp.TagTable(*table_file))
    text = "龘齉靐"  # rare characters: no dictionary word
    assert not tk.FREQ.get(text)
    assert cutter.lcut(text) == _pairs(real, text, True)


def test_user_tags_are_seen(table_file: tuple[Path, str]) -> None:
    import jieba

    def own() -> Any:
        t = jieba.Tokenizer()
        t.initialize()
        t.add_word("量子纠缠党建", tag="nz")
        return t

    real = jieba.posseg.POSTokenizer(own())
    cutter = jp.PosCutter(own(), jp.TagTable(*table_file))
    text = "推进量子纠缠党建"
    assert cutter.lcut(text) == [("推进", "v"), ("量子纠缠党建", "nz")] == _pairs(real, text, True)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "stale", "empty", "missing"])
def test_bad_table_is_rebuilt(
    tk: Any,
    real: Any,
    table_file: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    good, key = table_file
    path = tmp_path / "tags.sqlite"
    data = good.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a database" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "stale":  # a table of another jieba or dictionary under this name
        jp.build_tag_table(path, {"党建": "zz"}, key + "-old")
    elif damage == "empty":
        path.write_bytes(b"")
    monkeypatch.setattr(jp, "table_path", lambda k: path)
    with pytest.raises(sqlite3.Error):
        jp.TagTable(path, key)
    tags = jp.load_tags(tk)
    assert tags == real.word_tag_tab  # this process: the real table
    table = jp.TagTable(path, key)  # the next: the rebuilt file
    assert table.get("党建") == real.word_tag_tab["党建"]
    assert _leftovers(tmp_path) == []


def test_damage_met_after_opening_falls_back(
    tk: Any,
    real: Any,
    table_file: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good, key = table_file
    path = tmp_path / "tags.sqlite"
    path.write_bytes(good.read_bytes())
    table = jp.TagTable(path, key)
    with open(path, "r+b") as f:  # every page but the first (schema, meta root) overwritten
        f.seek(4096)
        f.write(os.urandom(path.stat().st_size - 4096))
    monkeypatch.setattr(jp, "table_path", lambda k: path)
    cutter = jp.PosCutter(tk, table)
    assert cutter.lcut("加强党的建设") == _pairs(real, "加强党的建设", True)
    assert jp.TagTable(path, key).get("建设") == real.word_tag_tab["建设"]  # saved anew


def test_failed_write_keeps_the_old_file(table_file: tuple[Path, str], tmp_path: Path) -> None:
    good, key = table_file
    path = tmp_path / "tags.sqlite"
    path.write_bytes(good.read_bytes())

    class Boom(dict[str, str]):
        def items(self) -> Any:
            yield ("党建", "n")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        jp.build_tag_table(path, Boom(), key)
    assert path.read_bytes() == good.read_bytes()
    assert _leftovers(tmp_path) == []


def test_a_command_tags_without_jieba_posseg(tk: Any, real: Any) -> None:
    """In a fresh process (the table saved by now): tags from the file, HMM from jieba's
    files, and jieba.posseg never imported."""
    jp.load_tags(tk)  # the shared table exists (built here on a first run)
    words = ["市生态环境局", "荣誉", "关于", "龘齉靐", "营收", "abc123", "党建+"]
    code = (
        "import json, sys; import rag.tokenize as t; "
        f"out = [t.pos_tags(w) for w in {words!r}]; "
        "print(json.dumps([out, 'jieba.posseg' in sys.modules]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    got, imported = json.loads(proc.stdout)
    assert not imported
    assert got == [[list(p) for p in _pairs(real, w, True)] for w in words]
