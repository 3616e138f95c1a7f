"""No evaluation question in the code: rag/ holds no 10-character window of any question of
the sets in tests/data (the same check as the project's before-stop hook)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _norm(s: str) -> str:
    return re.sub(r"[\s，。？?！!、：:；;“”\"'（）()]+", "", unicodedata.normalize("NFKC", s))


def _windows() -> set[str]:
    grams: set[str] = set()
    for path in (REPO / "tests" / "data").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = _norm(json.loads(line).get("question", ""))
                grams.update(q[i : i + 10] for i in range(0, max(len(q) - 9, 0), 5))
    return grams


def test_the_sets_are_there() -> None:
    names = {p.name for p in (REPO / "tests" / "data").rglob("*.jsonl")}
    assert {"dev.jsonl", "dev-paraphrases.jsonl", "questions.jsonl"} <= names
    assert len(_windows()) > 500


def test_rag_holds_no_question_text() -> None:
    grams = _windows()
    hits = []
    for path in sorted((REPO / "rag").rglob("*.py")):
        code = _norm(path.read_text(encoding="utf-8"))
        hits += [f"{path.relative_to(REPO)}: {g}" for g in grams if g in code]
    assert not hits, "rag/ holds question text:\n" + "\n".join(hits[:10])
