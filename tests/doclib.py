"""A small library of documents written for a test, opened with the bundled embedder, and
the check every answer from it gets (each citation verbatim in its document)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from rag.cite import verify_citation
from rag.config import Settings
from rag.service import Library
from rag.text import normalize
from rag.types import Answer, AnswerBlock, Citation


def open_library(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    embedder: Any,
    docs: Mapping[str, str] | None = None,
    fill: Callable[[Path], None] | None = None,
    folders: Sequence[Path] = (),
) -> Library:
    """A library over ``docs`` (file name → UTF-8 text), the files of ``folders`` and
    whatever ``fill`` writes into the corpus folder, indexed in a fresh folder."""
    corpus = tmp_path_factory.mktemp(f"{name}-corpus")
    for folder in folders:
        for f in folder.iterdir():
            shutil.copy(f, corpus / f.name)
    for file, text in (docs or {}).items():
        (corpus / file).write_text(text, encoding="utf-8")
    if fill is not None:
        fill(corpus)
    index = tmp_path_factory.mktemp(f"{name}-index")
    return Library.open(Settings(corpus_dir=corpus, index_dir=index), sync=True, embedder=embedder)


def llm_library(
    lib: Library, base_url: str, timeout: float, answerer: str = "llm", **more: Any
) -> Library:
    """``lib`` (its corpus, index and embedder) with the model at ``base_url`` — a local
    fake, ``fake-model``, no key — and ``more`` settings on top."""
    settings = Settings(
        corpus_dir=lib.settings.corpus_dir,
        index_dir=lib.settings.index_dir,
        answerer=answerer,
        llm_base_url=base_url,
        llm_model="fake-model",
        llm_api_key_env="RAG_TEST_LLM_KEY_UNSET",
        llm_timeout_s=timeout,
        **more,
    )
    return Library(settings, lib.embedder, lib.index)


def cited_text(lib: Library, answer: Answer) -> str:
    """The answer's text, after checking it cites and every citation is verbatim."""
    docs = {d.doc_id: d for d in lib.documents}
    assert answer.citations, answer.answer
    for c in answer.citations:
        assert verify_citation(c, docs)
    return "".join(b.text for b in answer.blocks)


def answered(lib: Library, question: str, spans: Iterable[str]) -> Answer:
    """The library's answer to ``question``, after checking it is found, its citations are
    verbatim and its text holds each of ``spans`` (both normalised)."""
    a = lib.ask(question)
    assert a.found, a.answer
    shown = normalize(cited_text(lib, a))
    for span in spans:
        assert normalize(span) in shown, (span, a.answer)
    return a


def side_texts(answer: Answer) -> dict[str, str]:
    """The text of each side of a comparison, by its header's label."""
    sides: dict[str, str] = {}
    label = ""
    for b in answer.blocks:
        # (a side's header is its label alone, with the short names beside it if any:
        # 中共X医院委员会（市医院）)
        names = f"（{'、'.join(b.names)}）" if b.names else ""
        if b.kind == "header" and b.label and b.level == 0 and b.text == b.label + names:
            label = b.label
            sides[label] = ""
        elif label:
            sides[label] += b.text
    return sides


def answer_of(obj: Mapping[str, Any]) -> Answer:
    """An ``Answer`` back from ``rag ask --json`` output."""
    return Answer(
        question=obj["question"],
        kind=obj["kind"],
        found=obj["found"],
        answer=obj["answer"],
        citations=tuple(Citation(**c) for c in obj["citations"]),
        elapsed_ms=obj["elapsed_ms"],
        blocks=tuple(AnswerBlock(**b) for b in obj["blocks"]),
    )


def refused(lib: Library, question: str) -> None:
    """``question`` is refused with the 未在文档中找到 line."""
    ans = lib.ask(question)
    assert not ans.found, ans.answer
    assert "未在文档中找到" in ans.answer, ans.answer


def refused_naming(lib: Library, question: str, name: str) -> None:
    """``question`` is refused by a 未在文档中找到 line that names ``name``."""
    a = lib.ask(question)
    assert not a.found, a.answer
    refusal = next(b.text for b in a.blocks if b.kind == "refusal")
    assert refusal.startswith("未在文档中找到") and name in refusal, refusal


def answered_showing(lib: Library, question: str, evidence: str) -> None:
    """``question`` is answered, and the rendered answer shows ``evidence``."""
    a = lib.ask(question)
    assert a.found, a.answer
    assert evidence in a.answer, a.answer


def answered_with(lib: Library, question: str, evidence: str) -> None:
    """``question`` is answered, and its cited text (every citation verbatim) holds
    ``evidence``."""
    ans = lib.ask(question)
    assert ans.found, ans.answer
    assert evidence in cited_text(lib, ans), ans.answer
