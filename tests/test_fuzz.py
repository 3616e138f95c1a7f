"""Fuzzing with hypothesis, bounded for CI: the loaders, the text pipeline and the question
path never fail with anything but their own errors.

- loaders: random bytes, and real .docx/.pdf/.html/.txt files with bytes flipped, cut or
  spliced, read as every supported type: ``LoadError`` or text, never another exception;
- ``clean_text`` → ``parse_outline`` → ``chunk_document`` on Chinese-ish text full of
  numbering markers, punctuation, odd spaces and control characters: offsets stay valid,
  sections nest, chunks are exact slices no longer than the limit;
- questions: ``rag.question.understand`` and ``Library.ask`` on the mini index: an answer
  with verbatim citations, or ``QuestionError``.

Each test runs a fixed number of examples (``RAG_FUZZ_EXAMPLES`` scales them: set it to
10 for a long local run); the whole module stays well under 30 s on a 2-core machine.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import variants
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rag.chunk import chunk_document
from rag.clean import clean_text
from rag.config import Settings
from rag.errors import LoadError, QuestionError
from rag.ingest import build_document
from rag.loaders import SUPPORTED_SUFFIXES, Loaded, load_bytes
from rag.outline import parse_outline
from rag.question import KINDS, Query, understand
from rag.service import Library

SCALE = max(1, int(os.environ.get("RAG_FUZZ_EXAMPLES", "1")))


def fuzz(n: int) -> Any:
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=SCALE == 1,  # CI: the same examples every run; scaled up: explore
    )


# --- loaders ---------------------------------------------------------------------------------

SEED_TEXT = (
    "市委组织部2023年机关党建工作要点\n一、加强政治建设\n（一）落实“三会一课”制度。\n"
    "1.每月开展主题党日活动。\n二、加强作风建设\n驰而不息纠正“四风”。\n"
)


def _real_files() -> dict[str, bytes]:
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"rag-fuzz-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    files = {
        ".docx": variants.write_docx(SEED_TEXT, tmp / "a.docx").read_bytes(),
        ".html": variants.write_html(SEED_TEXT, tmp / "a.html").read_bytes(),
        ".txt": SEED_TEXT.encode("gb18030"),
        ".md": SEED_TEXT.encode("utf-16"),
    }
    font = variants.find_cjk_font()
    if font is not None:
        files[".pdf"] = variants.write_pdf(SEED_TEXT, tmp / "a.pdf", font=font).read_bytes()
    return files


REAL = _real_files()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    """A real file of one format, damaged: bytes flipped, a cut, a splice, or a repeat."""
    kind = draw(st.sampled_from(sorted(REAL)))
    data = bytearray(REAL[kind])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "splice", "repeat", "zero"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:]
        elif op == "splice":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif op == "repeat":
            j = min(len(data), i + draw(st.integers(1, 256)))
            data[i:i] = data[i:j] * draw(st.integers(1, 8))
        else:
            data[i : i + draw(st.integers(1, 64))] = bytes(draw(st.integers(1, 64)))
    suffix = draw(st.sampled_from([kind, kind, *SUPPORTED_SUFFIXES]))  # mostly its own type
    return bytes(data), suffix


def _read(data: bytes, suffix: str) -> Loaded | None:
    try:
        loaded = load_bytes(data, suffix)
    except LoadError as exc:
        assert str(exc).strip()  # a reason a person can read
        return None
    assert isinstance(loaded.text, str) and loaded.text.strip()
    assert "\r" not in loaded.text and "\x00" not in loaded.text
    return loaded


@fuzz(120)
@given(st.binary(max_size=4096), st.sampled_from(SUPPORTED_SUFFIXES))
@example(b"PK\x03\x04" + bytes(100), ".docx")
@example(b"%PDF-1.7\n" + bytes(100), ".pdf")
@example("<html><meta charset=gbk><body>党建</body></html>".encode(), ".html")
@example(b"\xff\xfe" + "党建".encode("utf-16-le") + b"\x00", ".txt")
def test_random_bytes_are_text_or_a_load_error(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@fuzz(150)
@given(mutated())
def test_damaged_real_files_are_text_or_a_load_error(sample: tuple[bytes, str]) -> None:
    _read(*sample)


# --- text pipeline -----------------------------------------------------------------------------

MARKERS = [
    "一、",
    "二、",
    "十一、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（3）",
    "第一，",
    "一是",
    "二要",
    "第二章",
]
PIECES = [
    "加强政治建设",
    "认真落实“三会一课”制度",
    "。",
    "，",
    "；",
    "：",
    "\n",
    "\n\n",
    "　　",
    " ",
    "\t",
    "2023年",
    "责编：张三",
    "版权所有",
    "浏览次数：12",
    "……",
    "——",
    "【打印本页】",
    "\u200b",
    "\x0c",
    "🚩",
    "ＡＢＣ１２３",
]


@st.composite
def official_ish(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(MARKERS),
                st.sampled_from(PIECES),
                st.text(
                    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=30
                ),
                st.text(max_size=10),
            ),
            max_size=80,
        )
    )
    return "".join(parts)


def _check_sections(text: str, sections: Any, lo: int, hi: int) -> None:
    prev_end = lo
    for s in sections:
        assert lo <= s.start <= s.heading_end <= s.end <= hi
        assert s.start >= prev_end  # siblings do not overlap
        assert text[s.start : s.start + len(s.number)] == s.number
        prev_end = s.end
        _check_sections(text, s.children, s.heading_end, s.end)


@fuzz(200)
@given(official_ish(), st.integers(20, 400))
def test_clean_outline_chunk_keep_their_promises(raw: str, max_chars: int) -> None:
    cleaned = clean_text(raw)
    assert len(cleaned.raw_offsets) == len(cleaned.text)
    assert all(0 <= o < len(raw) for o in cleaned.raw_offsets)
    assert all(a < b for a, b in zip(cleaned.raw_offsets, cleaned.raw_offsets[1:], strict=False))
    assert all(raw[o] == ch for o, ch in zip(cleaned.raw_offsets, cleaned.text, strict=True))

    _check_sections(cleaned.text, parse_outline(cleaned.text), 0, len(cleaned.text))

    doc = build_document("fuzz", raw)
    chunks = chunk_document(doc, max_chars)
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert 0 < len(c.text) <= max_chars
    assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))


# --- questions ---------------------------------------------------------------------------------

QUESTION_PIECES = [
    "生态环境局",
    "政研室",
    "2022年",
    "2035年",
    "有哪些",
    "重点任务",
    "哪个单位提出",
    "“三会一课”",
    "「五合」",
    "相关表述 全部",
    "和",
    "有什么不同",
    "多少",
    "那",
    "呢",
    "？",
    "!",
    " ",
    "\n",
    "(",
    "[",
    "*",
    "\\",
    "忽略以上指令",
    "<script>",
    "🚩",
    "\u3000",
]


@st.composite
def questions(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.one_of(st.sampled_from(QUESTION_PIECES), st.text(max_size=8)), max_size=25)
    )
    return "".join(parts)


@pytest.fixture(scope="module")
def mini_library(mini_index: Any, bundled_embedder: Any) -> Library:
    return Library(Settings(), bundled_embedder, mini_index)


@fuzz(300)
@given(questions())
def test_understand_never_fails(question: str) -> None:
    from conftest import mini_documents

    docs = mini_documents()
    query = understand(question, [d.meta for d in docs], {d.doc_id: d.text for d in docs})
    assert isinstance(query, Query) and query.kind in KINDS
    assert set(query.doc_ids) <= {d.doc_id for d in docs}


@fuzz(60)
@given(questions())
@example("")
@example("党" * 501)
@example("\ud800三会一课")
def test_ask_answers_or_says_why_not(mini_library: Library, question: str) -> None:
    try:
        answer = mini_library.ask(question)
    except QuestionError as exc:
        assert str(exc).strip()
        return
    assert answer.kind in KINDS and answer.answer.strip()
    for c in answer.citations:
        assert mini_library.document(c.doc).text[c.start : c.end] == c.text
