"""Answer quality on the development questions, through the CLI contract (`rag ask --batch --json`).

The floors are the ones the answer-chain issue sets; `rag eval --questions tests/data/dev.jsonl`
prints the same figures beside the naive baselines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag

from rag.eval import Question, aggregate, load_questions, score_answer
from rag.ingest import load_corpus
from rag.types import Answer, Citation

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tests" / "data" / "dev.jsonl"

CONTRACT_KEYS = {"question", "kind", "found", "answer", "citations", "elapsed_ms"}
CITATION_KEYS = {"n", "doc", "title", "department", "date", "section", "text", "start", "end"}

pytestmark = pytest.mark.slow


def _answer_of(obj: dict[str, Any]) -> Answer:
    return Answer(
        question=obj["question"],
        kind=obj["kind"],
        found=obj["found"],
        answer=obj["answer"],
        citations=tuple(Citation(**c) for c in obj["citations"]),
        elapsed_ms=obj["elapsed_ms"],
    )


_BATCHES: dict[tuple[str, str], list[dict[str, Any]]] = {}


def _batch(index_dir: Path, store: str, qfile: Path) -> list[dict[str, Any]]:
    """`rag ask --batch --json` over the dev questions on one store (run once per store)."""
    key = (str(index_dir), store)
    if key not in _BATCHES:
        proc = run_rag(
            "ask",
            "--batch",
            str(qfile),
            "--json",
            "--corpus",
            str(REPO / "corpus"),
            "--index",
            str(index_dir),
            "--store",
            store,
        )
        assert proc.returncode == 0, proc.stderr
        _BATCHES[key] = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return _BATCHES[key]


@pytest.fixture(scope="module")
def question_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    qfile = tmp_path_factory.mktemp("batch") / "questions.txt"
    qfile.write_text("\n".join(q.question for q in load_questions(DEV)) + "\n", encoding="utf-8")
    return qfile


# The same answers are owed on every store: FAISS files (index/) and Milvus (Lite, a file).
STORE_DIRS = {"faiss": "seed_index_dir", "milvus": "seed_milvus_dir"}


@pytest.fixture(scope="module", params=sorted(STORE_DIRS))
def batch_answers(
    request: pytest.FixtureRequest, question_file: Path
) -> tuple[list[Question], list[dict[str, Any]]]:
    index_dir = request.getfixturevalue(STORE_DIRS[request.param])
    return load_questions(DEV), _batch(index_dir, request.param, question_file)


def test_answers_are_identical_on_both_stores(
    request: pytest.FixtureRequest, question_file: Path
) -> None:
    faiss, milvus = (
        _batch(request.getfixturevalue(STORE_DIRS[s]), s, question_file)
        for s in ("faiss", "milvus")
    )
    assert len(faiss) == len(milvus) == len(load_questions(DEV))
    for a, b in zip(faiss, milvus, strict=True):
        assert {**a, "elapsed_ms": 0} == {**b, "elapsed_ms": 0}, a["question"]


def test_batch_follows_the_contract(
    batch_answers: tuple[list[Question], list[dict[str, Any]]],
) -> None:
    questions, lines = batch_answers
    assert len(lines) == len(questions)
    for q, obj in zip(questions, lines, strict=True):
        assert set(obj) == CONTRACT_KEYS
        assert obj["question"] == q.question  # one line per question, in order
        assert isinstance(obj["found"], bool) and isinstance(obj["elapsed_ms"], float)
        for i, c in enumerate(obj["citations"], start=1):
            assert set(c) == CITATION_KEYS
            assert c["n"] == i
            assert f"[{i}]" in obj["answer"]


def test_quality_floors(batch_answers: tuple[list[Question], list[dict[str, Any]]]) -> None:
    questions, lines = batch_answers
    documents = {d.doc_id: d for d in load_corpus(REPO / "corpus").documents}
    results = [
        score_answer(q, _answer_of(obj), documents) for q, obj in zip(questions, lines, strict=True)
    ]
    m = aggregate(results, {q.id: q for q in questions})
    assert m.evidence_recall is not None and m.evidence_recall >= 0.95
    assert m.complete is not None and m.complete >= 0.85
    assert m.department_named is not None and m.department_named >= 0.95
    assert m.negatives_refused is not None and m.negatives_refused >= 0.9
    assert m.answerable_refused == 0
    assert m.invalid_citations == 0 and m.citation_validity == 1.0
    assert m.passage_precision is not None and m.passage_precision >= 0.5


def test_every_citation_is_verbatim(
    batch_answers: tuple[list[Question], list[dict[str, Any]]],
) -> None:
    _, lines = batch_answers
    documents = {d.doc_id: d for d in load_corpus(REPO / "corpus").documents}
    for obj in lines:
        for c in obj["citations"]:
            assert documents[c["doc"]].text[c["start"] : c["end"]] == c["text"]
