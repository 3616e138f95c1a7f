"""The scorer of the follow-up conversations in ``tests/data/own/followups`` (invented
documents of two departments: a 要点 and a 总结 of one, a 要点 and a 讲话 of the other).

Each record is one conversation: ``history`` (the earlier questions, as ``/api/ask`` takes
them), ``question`` (the turn scored), ``docs`` and ``evidence`` the answer to that turn must
cite and hold, ``expect``: ``answer``, or ``clarify`` for a follow-up asked with no history
(no answer found, a message saying what is missing). ``tuning.jsonl`` is what the follow-up
rules were tuned on; ``heldout.jsonl`` was written beside it and only measured.

    python -m tests.followups [--part tuning|heldout] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.cite import verify_citation
from rag.service import Library
from rag.text import normalize

DATA = Path(__file__).resolve().parent / "data" / "own" / "followups"
CORPUS = DATA / "corpus"


def conversations(part: str) -> list[dict[str, Any]]:
    lines = (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass(frozen=True)
class Scored:
    id: str
    ok: bool
    docs_hit: bool
    evidence: float
    cited: tuple[str, ...]
    found: bool


def score_one(lib: Library, rec: dict[str, Any]) -> Scored:
    answer = lib.ask(rec["question"], history=rec["history"])
    docs = {d.doc_id: d for d in lib.documents}
    assert all(verify_citation(c, docs) for c in answer.citations), answer.answer
    cited = tuple(dict.fromkeys(c.doc for c in answer.citations))
    if rec["expect"] == "clarify":
        ok = not answer.found and not answer.citations and bool(answer.answer.strip())
        return Scored(rec["id"], ok, ok, 1.0 if ok else 0.0, cited, answer.found)
    text = normalize("".join(b.text for b in answer.blocks) or answer.answer)
    held = [e for e in rec["evidence"] if normalize(e) in text]
    evidence = len(held) / len(rec["evidence"])
    # The cited documents are those expected; the first cited (what the answer leads with)
    # is one of them.
    want = {Path(d).stem for d in rec["docs"]}  # (a document's id is its file name's stem)
    hit = bool(cited) and want <= set(cited) and cited[0] in want
    ok = answer.found and hit and evidence == 1.0
    return Scored(rec["id"], ok, hit, evidence, cited, answer.found)


def score(lib: Library, records: Iterable[dict[str, Any]]) -> list[Scored]:
    return [score_one(lib, r) for r in records]


def summary(rows: Sequence[Scored]) -> dict[str, float]:
    n = len(rows) or 1
    return {
        "conversations": len(rows),
        "passed": sum(r.ok for r in rows) / n,
        "docs_hit": sum(r.docs_hit for r in rows) / n,
        "evidence": sum(r.evidence for r in rows) / n,
    }


def open_corpus(index_dir: Path) -> Library:
    from rag.config import Settings

    return Library.open(Settings(corpus_dir=CORPUS, index_dir=index_dir), sync=True)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", action="append", choices=("tuning", "heldout"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--index", type=Path, help="index folder (default: a fresh temporary one)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        lib = open_corpus(args.index or Path(tmp))
        for part in args.part or ["tuning", "heldout"]:
            rows = score(lib, conversations(part))
            print(part, json.dumps(summary(rows), ensure_ascii=False))
            if args.verbose:
                for r in rows:
                    mark = "ok " if r.ok else "BAD"
                    print(f"  {mark} {r.id} docs={','.join(r.cited)} ev={r.evidence:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
