"""The per-build answer cache (``Library.ask``, ``RAG_ANSWER_CACHE``) and ``rag.lru.LRU``: a
repeated question gets the very answer worked out the first time, a new build (an update)
starts empty, history and filters are part of the key, and size 0 keeps nothing."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from rag.config import load_settings
from rag.errors import ConfigError
from rag.lru import LRU
from rag.retrieve import Filters
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent
# Our own questions (not from an evaluation set).
QUESTIONS = ["市委政研室的机关党建工作要点有哪些任务？", "“三会一课”在哪些文件里提到？"]
NEW_DOC = (
    "市委组织部-2022年机关党建工作要点.txt",
    "市委组织部2022年机关党建工作要点\n一、加强政治建设\n1.认真落实“三会一课”制度，每月开展主题党日。\n",
)


def without_timing(answer: Any) -> dict[str, Any]:
    return {k: v for k, v in answer.to_json().items() if k != "elapsed_ms"}


def open_library(tmp: Path, seed_index_dir: Path, embedder: Any, **env: str) -> Library:
    shutil.copytree(REPO / "corpus", tmp / "corpus")
    shutil.copytree(seed_index_dir, tmp / "index")
    settings = load_settings(env).with_paths(tmp / "corpus", tmp / "index")
    return Library.open(settings, embedder=embedder)


def test_lru_keeps_the_most_recent_and_size_zero_keeps_nothing() -> None:
    lru: LRU[str, int] = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
    calls: list[int] = []
    off: LRU[str, int] = LRU(0)
    for _ in range(3):
        off.get_or_compute("k", lambda: calls.append(1) or 7)  # type: ignore[func-returns-value]
    assert len(calls) == 3 and len(off) == 0


def test_lru_under_threads_stays_within_its_size() -> None:
    lru: LRU[int, int] = LRU(50)

    def work(base: int) -> None:
        for i in range(500):
            lru.get_or_compute((base * 7 + i) % 120, lambda i=i: i)  # type: ignore[misc]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(lru) <= 50


def test_answer_cache_setting() -> None:
    assert load_settings({}).answer_cache == 256
    assert load_settings({"RAG_ANSWER_CACHE": "0"}).answer_cache == 0
    for bad in ("-1", "many", "1.5"):
        with pytest.raises(ConfigError, match="RAG_ANSWER_CACHE"):
            load_settings({"RAG_ANSWER_CACHE": bad})


@pytest.mark.slow
def test_repeated_questions_get_the_same_answer_until_the_index_changes(
    tmp_path: Path, seed_index_dir: Path, bundled_embedder: Any
) -> None:
    cached = open_library(tmp_path / "a", seed_index_dir, bundled_embedder)
    fresh = open_library(tmp_path / "b", seed_index_dir, bundled_embedder, RAG_ANSWER_CACHE="0")
    for q in QUESTIONS:
        first = cached.ask(q)
        again = cached.ask(q)
        assert without_timing(again) == without_timing(first) == without_timing(fresh.ask(q))
    assert cached._state.answers.hits == len(QUESTIONS)
    assert len(fresh._state.answers) == 0
    # History and filters are part of what an answer depends on.
    dept = Filters(department="市委政研室")
    narrowed = cached.ask(QUESTIONS[1], filters=dept)
    assert {c.department for c in narrowed.citations} == {"市委政研室"}
    assert without_timing(narrowed) == without_timing(fresh.ask(QUESTIONS[1], filters=dept))
    assert without_timing(narrowed) != without_timing(cached.ask(QUESTIONS[1]))
    follow = cached.ask("那生态环境局呢？", [QUESTIONS[0]])
    assert without_timing(follow) == without_timing(fresh.ask("那生态环境局呢？", [QUESTIONS[0]]))
    # A new document: the new build answers from it (nothing stale from the old build).
    before = cached.ask(QUESTIONS[1])
    (cached.settings.corpus_dir / NEW_DOC[0]).write_text(NEW_DOC[1], encoding="utf-8")
    cached.update()
    after = cached.ask(QUESTIONS[1])
    assert "市委组织部" in {c.department for c in after.citations}
    assert "市委组织部" not in {c.department for c in before.citations}


def test_ask_read_gives_the_reading_the_answer_used(
    tmp_path: Path, seed_index_dir: Path, bundled_embedder: Any
) -> None:
    fresh = open_library(tmp_path / "a", seed_index_dir, bundled_embedder, RAG_ANSWER_CACHE="0")
    cached = open_library(tmp_path / "b", seed_index_dir, bundled_embedder)
    for q in QUESTIONS:
        answer, reading = fresh.ask_read(q)
        assert reading is not None and reading == fresh.understand(q)
        assert without_timing(answer) == without_timing(fresh.ask(q))
        first, read = cached.ask_read(q)
        again, none = cached.ask_read(q)  # from the answer cache: no reading was done
        assert read == reading and none is None
        assert without_timing(first) == without_timing(again) == without_timing(answer)


def test_the_page_reads_a_question_once_with_the_caches_off(
    tmp_path: Path, seed_index_dir: Path, bundled_embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag import service, ui

    lib = open_library(tmp_path, seed_index_dir, bundled_embedder, RAG_ANSWER_CACHE="0")
    readings: list[str] = []
    real = service._understand_folded

    def counted(q: Any, *args: Any) -> Any:
        readings.append(str(q))
        return real(q, *args)

    monkeypatch.setattr(service, "_understand_folded", counted)
    *_, conversation = ui.ask_turns(lib, QUESTIONS[0], [])
    assert len(readings) == 1
    turn = conversation[-1]
    assert turn["citations"] and turn["words"]
    # the words marked are those of the question's reading
    assert turn["words"] == ui._highlight_words(lib, QUESTIONS[0], [], None)
    assert len(readings) == 2
