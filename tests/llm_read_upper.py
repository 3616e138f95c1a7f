"""What an LLM reader of the question can add at best: the evidence figures of one set
with the planner alone beside the planner with a *perfect* reader.

    python tests/llm_read_upper.py [--questions ../shared/eval/dev-paraphrases.jsonl]

Beside it, a *lying* reader (wrong kind, department, documents, year on every question,
each a value the library has) shows what the checks let through: how much a model that
reads badly can cost. The "perfect" reader is the local fake server (tests/fake_openai.py) answering each
structured request from the set's own labels — the kind of question, its department,
its documents (by their number in the catalogue the request carries), their years and
kinds, and the term — so the figures are an upper bound of what a real model's reading
offers, never a result of one. The reading goes through the same checks and merge as a
real model's (rag.llm_read); the answers stay extractive. Nothing is fitted to it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from fake_openai import FakeOpenAI  # noqa: E402

from rag.config import Settings  # noqa: E402
from rag.eval import OURS, aggregate, load_questions, run_eval  # noqa: E402
from rag.llm_read import catalogue  # noqa: E402
from rag.service import Library  # noqa: E402

_KIND = {
    "tasks": "tasks",
    "term": "term",
    "attribution": "attribution",
    "fact": "fact",
    "compare": "compare",
    "negative": "other",
}


def _source_ids(corpus: Path) -> dict[str, str]:
    path = corpus / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {
        spec["source_file"]: Path(name).stem
        for name, spec in meta.items()
        if isinstance(spec, dict) and spec.get("source_file")
    }


def _asked(body: dict[str, Any], by_text: dict[str, Any]) -> tuple[str, Any]:
    """A read request's user message, and the labelled question it carries (``None`` if
    it carries none of the set's)."""
    human = next(m["content"] for m in body["messages"] if m["role"] == "user")
    found = re.search(r"<question>(.*?)</question>", human, re.S)
    return human, by_text.get(found.group(1).replace("＜", "<")) if found else None


def perfect_reader(questions: list[Any], lib: Library, corpus: Path) -> Any:
    by_text = {q.question: q for q in questions}
    ids = _source_ids(corpus)
    metas = {d.doc_id: d.meta for d in lib.documents}
    by_title = {(m.title, m.department): m.doc_id for m in metas.values()}

    def reply(body: dict[str, Any]) -> str:
        human, q = _asked(body, by_text)
        if q is None:
            return "error:500"
        numbers = {}
        for m in re.finditer(r"^\[(\d+)\] (.*?)｜(.*?)｜", human, re.M):
            doc = by_title.get((m.group(2), m.group(3)))
            if doc:
                numbers[doc] = int(m.group(1))
        docs = [ids.get(s, Path(s).stem) for s in q.docs]
        gold = [metas[d] for d in docs if d in metas]
        depts = [d for d in re.split(r"[、,，]", q.department or "") if d]
        reading = {
            "kind": _KIND.get(q.kind, "other"),
            "departments": depts,
            "documents": [numbers[d] for d in docs if d in numbers],
            "years": sorted({m.year for m in gold if m.year}),
            "doc_kinds": sorted({m.kind for m in gold if m.kind}),
            "term": q.term,
            "topic": [],
        }
        return json.dumps(reading, ensure_ascii=False)

    return reply


def lying_reader(questions: list[Any], lib: Library, corpus: Path, seed: int = 12) -> Any:
    """A reader that lies on every question: a wrong kind, a department, documents and a
    year other than the labelled ones (each from the library, so only the checks against
    the question stop them), and a word of the question as the term."""
    rng = random.Random(seed)
    by_text = {q.question: q for q in questions}
    ids = _source_ids(corpus)
    metas = [d.meta for d in lib.documents]
    depts = sorted({m.department for m in metas})
    years = sorted({m.year for m in metas if m.year})

    def reply(body: dict[str, Any]) -> str:
        _, q = _asked(body, by_text)
        if q is None:
            return "error:500"
        gold = {ids.get(s, Path(s).stem) for s in q.docs}
        gold_depts = {m.department for m in metas if m.doc_id in gold}
        wrong_docs = [n for n, m in enumerate(catalogue(metas), 1) if m.doc_id not in gold]
        words = re.findall(r"[\u4e00-\u9fff]{2,4}", q.question)
        reading = {
            "kind": rng.choice([k for k in _KIND.values() if k != _KIND.get(q.kind)]),
            "departments": [d for d in depts if d not in gold_depts][:1],
            "documents": rng.sample(wrong_docs, min(2, len(wrong_docs))),
            "years": [rng.choice(years)] if years else [],
            "doc_kinds": [rng.choice(sorted({m.kind for m in metas}))],
            "term": rng.choice(words) if words else None,
            "topic": [],
        }
        return json.dumps(reading, ensure_ascii=False)

    return reply


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--questions", type=Path, default=REPO.parent / "shared/eval/dev-paraphrases.jsonl"
    )
    ap.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--index", type=Path, default=None)
    args = ap.parse_args()
    questions = load_questions(args.questions)
    index = args.index or Path(tempfile.mkdtemp(prefix="llm-read-upper-"))
    plain = Library.open(Settings(corpus_dir=args.corpus, index_dir=index), sync=True)
    rows: dict[str, Any] = {}
    by_id = {q.id: q for q in questions}
    report = run_eval(plain, questions, baselines=False)
    rows["planner alone"] = report
    asked = 0
    readers = {
        "+ perfect LLM reading": perfect_reader(questions, plain, args.corpus),
        "+ lying LLM reading": lying_reader(questions, plain, args.corpus),
    }
    for label, reader in readers.items():
        with FakeOpenAI(reader=reader) as server:
            settings = Settings(
                corpus_dir=args.corpus,
                index_dir=index,
                llm_read=True,
                llm_base_url=server.base_url,
                llm_model="scripted-reader",
                llm_api_key_env="RAG_TEST_LLM_KEY_UNSET",
            )
            read = Library(settings, plain.embedder, plain.index)
            rows[label] = run_eval(read, questions, baselines=False)
            asked = len(server.structured_requests)
    print(f"{args.questions.name}: {len(questions)} questions; {asked} structured requests")
    names = ("evidence_recall", "complete", "department_named", "negatives_refused")
    print(f"{'':24}" + "".join(f"{n:>20}" for n in (*names, "list recall", "false refusals")))
    for label, rep in rows.items():
        ours = [r for r in rep.results if r.system == OURS]
        m = aggregate(ours, by_id)
        lists = aggregate([r for r in ours if by_id[r.question_id].kind == "tasks"], by_id)
        refused = sum(bool(r.refused) for r in ours if by_id[r.question_id].answerable)
        vals = [getattr(m, n) for n in names] + [lists.evidence_recall]
        print(f"{label:24}" + "".join(f"{v:>20.3f}" for v in vals) + f"{refused:>20d}")
    base = {r.question_id: r for r in rows["planner alone"].results if r.system == OURS}
    for label in readers:
        print(f"changed by the {label.strip('+ ')}:")
        for r in rows[label].results:
            b = base.get(r.question_id)
            changed = (r.recall or 0) != (b.recall or 0) or r.refused != b.refused if b else False
            if r.system == OURS and changed and b is not None:
                q = by_id[r.question_id]
                print(f"  {q.id} [{q.kind}] {b.recall} -> {r.recall}  {q.question}")


if __name__ == "__main__":
    main()
