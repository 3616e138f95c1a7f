"""Answer quality on every visible question set, through the CLI contract (`rag ask --batch --json`).

Sets: the dev questions, their paraphrases (other wordings of the same questions), our own
paraphrases (tuning file; ``own-heldout.jsonl`` is kept apart and not pinned here), and
the variety set over its own corpus (other organisations' documents). The floors pin what
the evidence planner reaches; ``test_issue_targets`` holds the targets issue 12 sets and
is expected to fail where they are not met yet (strict: it flags the day they are).
`rag eval` prints the same figures beside the naive baselines, per split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag
from doclib import answer_of

from rag.eval import Metrics, Question, aggregate, load_questions, score_answer
from rag.ingest import load_corpus

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SETS: dict[str, tuple[Path, Path]] = {
    "dev": (DATA / "dev.jsonl", REPO / "corpus"),
    "dev-paraphrases": (DATA / "dev-paraphrases.jsonl", REPO / "corpus"),
    "own-paraphrases": (DATA / "own-paraphrases.jsonl", REPO / "corpus"),
    "variety": (DATA / "variety" / "questions.jsonl", DATA / "variety" / "corpus"),
    # Four documents of other organisations written for issue 12's second round; the
    # tuning file only (gen/heldout.jsonl is kept apart and not pinned here).
    "gen-tuned": (DATA / "gen" / "tuned.jsonl", DATA / "gen" / "corpus"),
    # Term, fact, attribution and unanswerable questions over the same documents (issue 12,
    # third round; tests/data/kinds/make.py). Its heldout.jsonl (over tests/data/own/heldout)
    # is kept apart and not pinned here.
    "kinds-tuned": (DATA / "kinds" / "tuned.jsonl", DATA / "gen" / "corpus"),
}

CONTRACT_KEYS = {"question", "kind", "found", "answer", "citations", "elapsed_ms", "blocks"}
CITATION_KEYS = {"n", "doc", "title", "department", "date", "section", "text", "start", "end"}

# What the planner reaches on each set (measured with `rag eval`, a little below).
FLOORS: dict[str, dict[str, float]] = {
    "dev": {"evidence_recall": 0.95, "complete": 0.90, "department_named": 0.95},
    "dev-paraphrases": {"evidence_recall": 0.95, "complete": 0.90, "department_named": 0.95},
    "own-paraphrases": {"evidence_recall": 0.85, "complete": 0.80, "department_named": 0.95},
    # The department figure here also depends on metadata inference (issue 11).
    "variety": {"evidence_recall": 0.95, "complete": 0.90, "department_named": 0.95},
    "gen-tuned": {"evidence_recall": 0.95, "complete": 0.90, "department_named": 0.95},
    "kinds-tuned": {"evidence_recall": 0.95, "complete": 0.90, "department_named": 0.95},
}
FALSE_REFUSALS_MAX = {
    "dev": 0,
    "dev-paraphrases": 0,
    "own-paraphrases": 0,
    "variety": 0,
    "gen-tuned": 0,
    "kinds-tuned": 0,
}
NEGATIVES_MIN = {
    "dev": 0.9,
    "dev-paraphrases": 0.9,
    "own-paraphrases": 0.9,
    "variety": 0.9,
    "gen-tuned": 0.9,
    "kinds-tuned": 0.9,
}

# Issue 12's targets, on each visible set.
TARGETS = {
    "evidence_recall": 0.95,
    "list_recall": 0.95,
    "complete": 0.90,
    "department_named": 0.95,
    "negatives_refused": 0.9,
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def set_indexes(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The FAISS index folder each set is answered from (built by its first `rag ask`)."""
    return {
        name: seed_index_dir if corpus == REPO / "corpus" else tmp_path_factory.mktemp(name)
        for name, (_, corpus) in SETS.items()
    }


def _question_file(folder: Path, questions: list[Question]) -> Path:
    qfile = folder / "questions.txt"
    qfile.write_text("\n".join(q.question for q in questions) + "\n", encoding="utf-8")
    return qfile


@pytest.fixture(scope="module")
def answers(
    set_indexes: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[list[Question], list[dict[str, Any]]]]:
    out: dict[str, tuple[list[Question], list[dict[str, Any]]]] = {}
    for name, (qpath, corpus) in SETS.items():
        questions = load_questions(qpath)
        qfile = _question_file(tmp_path_factory.mktemp("batch"), questions)
        proc = run_rag(
            "ask", "--batch", str(qfile), "--json", "--corpus", str(corpus),
            "--index", str(set_indexes[name]),
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        out[name] = questions, [json.loads(line) for line in proc.stdout.splitlines() if line]
    return out


def _metrics(name: str, questions: list[Question], lines: list[dict[str, Any]]) -> Metrics:
    documents = {d.doc_id: d for d in load_corpus(SETS[name][1]).documents}
    results = [
        score_answer(q, answer_of(obj), documents) for q, obj in zip(questions, lines, strict=True)
    ]
    return aggregate(results, {q.id: q for q in questions})


def _list_recall(name: str, questions: list[Question], lines: list[dict[str, Any]]) -> float:
    tasks = [(q, o) for q, o in zip(questions, lines, strict=True) if q.kind == "tasks"]
    m = _metrics(name, [q for q, _ in tasks], [o for _, o in tasks])
    assert m.evidence_recall is not None
    return m.evidence_recall


def test_batch_follows_the_contract(
    answers: dict[str, tuple[list[Question], list[dict[str, Any]]]],
) -> None:
    for questions, lines in answers.values():
        assert len(lines) == len(questions)
        for q, obj in zip(questions, lines, strict=True):
            assert set(obj) == CONTRACT_KEYS
            assert obj["question"] == q.question  # one line per question, in order
            assert isinstance(obj["found"], bool) and isinstance(obj["elapsed_ms"], float)
            for i, c in enumerate(obj["citations"], start=1):
                assert set(c) == CITATION_KEYS
                assert c["n"] == i
                assert f"[{i}]" in obj["answer"]
            cited = {n for b in obj["blocks"] for n in b["citations"]}
            assert cited <= {c["n"] for c in obj["citations"]}


@pytest.mark.parametrize("name", list(SETS))
def test_quality_floors(
    answers: dict[str, tuple[list[Question], list[dict[str, Any]]]], name: str
) -> None:
    questions, lines = answers[name]
    m = _metrics(name, questions, lines)
    for metric, floor in FLOORS[name].items():
        value = getattr(m, metric)
        assert value is not None and value >= floor, f"{name}: {metric} = {value:.3f} < {floor}"
    answerable = sum(q.answerable for q in questions)
    refused = round((m.answerable_refused or 0.0) * answerable)
    assert refused <= FALSE_REFUSALS_MAX[name], f"{name}: {refused} answerable questions refused"
    if m.negatives_refused is not None:
        assert m.negatives_refused >= NEGATIVES_MIN[name]
    assert m.invalid_citations == 0 and m.citation_validity == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "dev",
        "dev-paraphrases",
        "variety",
    ],
)
def test_issue_targets(
    answers: dict[str, tuple[list[Question], list[dict[str, Any]]]], name: str
) -> None:
    questions, lines = answers[name]
    m = _metrics(name, questions, lines)
    got = {
        "evidence_recall": m.evidence_recall,
        "list_recall": _list_recall(name, questions, lines),
        "complete": m.complete,
        "department_named": m.department_named,
        "negatives_refused": m.negatives_refused,
    }
    missed = {k: v for k, v in got.items() if v is not None and v < TARGETS[k]}
    assert not missed, f"{name}: below target {missed}"
    assert m.answerable_refused == 0


def test_every_citation_is_verbatim(
    answers: dict[str, tuple[list[Question], list[dict[str, Any]]]],
) -> None:
    for name, (_, lines) in answers.items():
        documents = {d.doc_id: d for d in load_corpus(SETS[name][1]).documents}
        for obj in lines:
            for c in obj["citations"]:
                assert documents[c["doc"]].text[c["start"] : c["end"]] == c["text"]


# --- the same answers on every store --------------------------------------------------


def _batch_on(index_dir: Path, store: str, qfile: Path, corpus: Path) -> list[dict[str, Any]]:
    proc = run_rag(
        "ask", "--batch", str(qfile), "--json", "--corpus", str(corpus),
        "--index", str(index_dir), "--store", store,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _milvus_copy(faiss_dir: Path, corpus: Path, folder: Path) -> Path:
    """``corpus`` in Milvus Lite at ``<folder>/milvus.db``, built as ``rag index`` builds,
    handed the vectors of the FAISS build (no second embedding pass)."""
    from conftest import CHUNKING, ReusingEmbedder, chunks_of, vectors_of

    from rag.config import Settings
    from rag.embed import BundledEmbedder
    from rag.store import load_index
    from rag.store_milvus import MilvusStore

    docs = load_corpus(corpus).documents
    store = MilvusStore(str(folder / "milvus.db"))
    known = vectors_of(load_index(faiss_dir, BundledEmbedder().id))
    store.build(
        docs,
        chunks_of(docs, Settings().chunk_max_chars),
        ReusingEmbedder(known),
        chunking=CHUNKING,
    )
    store.close()  # Milvus Lite: one process per file, and `rag ask` runs as another
    return folder


def test_answers_are_identical_on_both_stores(
    answers: dict[str, tuple[list[Question], list[dict[str, Any]]]],
    set_indexes: dict[str, Path],
    seed_milvus_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """FAISS files and Milvus (Lite) give the same answers on every set, so the floors
    above hold for both; differences would be listed here question by question."""
    differ = []
    for name, (_, corpus) in SETS.items():
        questions, faiss = answers[name]
        folder = tmp_path_factory.mktemp(f"{name}-milvus")
        if corpus == REPO / "corpus":
            milvus_dir = seed_milvus_dir
        else:
            milvus_dir = _milvus_copy(set_indexes[name], corpus, folder)
        milvus = _batch_on(milvus_dir, "milvus", _question_file(folder, questions), corpus)
        assert len(faiss) == len(milvus) == len(questions)
        differ += [(name, a["question"]) for a, b in zip(faiss, milvus, strict=True)
                   if {**a, "elapsed_ms": 0} != {**b, "elapsed_ms": 0}]  # fmt: skip
    assert differ == []
