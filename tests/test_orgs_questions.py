"""Questions naming a department by a short form (issue 12, K1), over documents of
organisations written for it (``tests/data/own/orgs``, ``make_questions.py``): the tuned
file is pinned, the held-out file (other organisations, other layouts, never tuned on) is
measured with a floor. Through the CLI contract (``rag ask --batch --json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag
from doclib import answer_of

from rag.eval import Metrics, aggregate, load_questions, score_answer
from rag.ingest import load_corpus

OWN = Path(__file__).resolve().parent / "data" / "own"
SETS = {
    "tuned": (OWN / "orgs-tuned.jsonl", OWN / "orgs" / "tuned"),
    "heldout": (OWN / "orgs-heldout.jsonl", OWN / "orgs" / "heldout"),
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Metrics, dict[str, Any]]]:
    out: dict[str, tuple[Metrics, dict[str, Any]]] = {}
    for name, (qpath, corpus) in SETS.items():
        questions = load_questions(qpath)
        folder = tmp_path_factory.mktemp(f"orgs-{name}")
        qfile = folder / "questions.txt"
        qfile.write_text("\n".join(q.question for q in questions) + "\n", encoding="utf-8")
        proc = run_rag(
            "ask", "--batch", str(qfile), "--json", "--corpus", str(corpus),
            "--index", str(folder / "index"),
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line]
        docs = {d.doc_id: d for d in load_corpus(corpus).documents}
        results = [
            score_answer(q, answer_of(o), docs) for q, o in zip(questions, lines, strict=True)
        ]
        by_q = {q.question: o for q, o in zip(questions, lines, strict=True)}
        out[name] = (aggregate(results, {q.id: q for q in questions}), by_q)
    return out


def test_tuned_short_forms(runs: dict[str, tuple[Metrics, dict[str, Any]]]) -> None:
    m, _ = runs["tuned"]
    # 0.98 / 0.95 / 1.00 measured; before the short forms 0.76 / 0.76 / 0.65 (17 items). The
    # one refusal is a time given in words (每月第一周的星期五下午) for 什么时候.
    assert m.evidence_recall is not None and m.evidence_recall >= 0.95
    assert m.department_named == 1.0
    answerable = sum(1 for q in load_questions(SETS["tuned"][0]) if q.answerable)
    assert m.answerable_refused is not None
    assert round(m.answerable_refused * answerable) <= 1


def test_an_ambiguous_short_form_answers_from_both(
    runs: dict[str, tuple[Metrics, dict[str, Any]]],
) -> None:
    _, by_q = runs["tuned"]
    obj = by_q["三小的主题党日多久搞一次"]
    cited = {c["department"] for c in obj["citations"]}
    assert cited == {"晴川市第三小学党支部", "青梧县第三小学党支部"}, obj["answer"]
    # the level word tells them apart: one school only
    obj = by_q["县三小主题党日一般安排在什么时候"]
    assert {c["department"] for c in obj["citations"]} == {"青梧县第三小学党支部"}


def test_rule_document_is_named_by_its_organ(
    runs: dict[str, tuple[Metrics, dict[str, Any]]],
) -> None:
    _, by_q = runs["tuned"]
    obj = by_q["信用社的党员积分怎么扣分"]
    assert obj["found"]
    assert {c["department"] for c in obj["citations"]} == {"青梧农村信用合作联社党委"}
    assert "受到客户有效投诉的，每次扣3分" in obj["answer"]


def test_heldout_short_forms_measured(runs: dict[str, tuple[Metrics, dict[str, Any]]]) -> None:
    """Held out: never tuned on. Floors set below the first measurement (0.83 evidence
    recall, 0.93 department named, no refusal)."""
    m, _ = runs["heldout"]
    print(f"orgs held-out: {m}")
    assert m.evidence_recall is not None and m.evidence_recall >= 0.75
    assert m.department_named is not None and m.department_named >= 0.85
    assert m.answerable_refused == 0
