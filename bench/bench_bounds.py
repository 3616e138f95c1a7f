"""Bounded work for hostile input (issue 10): time and peak memory until the app has refused
(or answered) the worst cases, beside a normal document's cost in the same run.

Each case runs in a fresh child process (fork): the time is wall-clock, the memory is the
growth of the child's peak resident set (``ru_maxrss``) over what it had before the case.
Targets: every worst case under 5 s and 500 MB.

- upload of a 2 MB text made of headings (validation: read, check, refuse) and of prose at
  the character limit (the most work a valid upload's validation does) vs a seed document;
- ``rag index`` over a corpus folder holding that text (read, check, skip) vs the seeds;
- term search for 党 in a 900 000-character document (the count and one page) vs 三会一课
  in the seeds; and the full export of it as CSV (streamed, at most ``EXPORT_MAX_ROWS`` rows).
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from hostile import dense_document, headings_text  # noqa: E402

from rag.chunk import check_chunk_count, chunk_document  # noqa: E402
from rag.concordance import PAGE_ROWS, Concordance  # noqa: E402
from rag.errors import LoadError  # noqa: E402
from rag.export import write_term_csv  # noqa: E402
from rag.ingest import build_document, load_corpus  # noqa: E402
from rag.manage import store_upload  # noqa: E402
from rag.types import Document  # noqa: E402

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 500.0
SEED = sorted((REPO / "corpus").glob("*.txt"))[0]
DENSE_SENTENCES = 64_000  # 14 characters each: ~900 000 characters, 192 000 × 党


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(fn: Callable[[], str], conn: Any) -> None:
    before = _peak_mb()
    started = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # reported, not raised: the parent prints the table
        detail = f"error: {type(exc).__name__}: {exc}"
    conn.send((time.perf_counter() - started, _peak_mb() - before, detail))
    conn.close()


def measure(fn: Callable[[], str]) -> tuple[float, float, str]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, child))
    proc.start()
    result: tuple[float, float, str] = parent.recv()
    proc.join()
    return result


def _chunk_cap(doc: Document) -> None:
    check_chunk_count(len(chunk_document(doc, 320)))


def upload(src: Path) -> Callable[[], str]:
    def run() -> str:
        with tempfile.TemporaryDirectory() as corpus:
            try:
                stored = store_upload(
                    Path(corpus), src, src.name, 20 * 1024 * 1024, check=_chunk_cap
                )
            except LoadError as exc:
                return f"refused: {exc}"
            return f"accepted, {len(chunk_document(stored.document, 320))} chunks"

    return run


def index_folder(folder: Path) -> Callable[[], str]:
    def run() -> str:
        corpus = load_corpus(folder)
        chunks = 0
        for doc in corpus.documents:
            n = len(chunk_document(doc, 320))
            check_chunk_count(n)
            chunks += n
        skipped = "; ".join(f"{s.path}: {s.reason[:40]}" for s in corpus.skipped)
        return f"{len(corpus.documents)} documents, {chunks} chunks; skipped {skipped or '-'}"

    return run


def search(docs: list[Document], term: str) -> Callable[[], str]:
    conc = Concordance(docs)  # built when the library opens, not per search

    def run() -> str:
        page = conc.page(term, limit=PAGE_ROWS)
        html = sum(len(h.context) for h in page.hits)
        return f"total {page.total}, {len(page.hits)} rows shown ({html} characters of context)"

    return run


def export(docs: list[Document], term: str, out: Path) -> Callable[[], str]:
    conc = Concordance(docs)

    def run() -> str:
        total = conc.page(term, limit=0).total
        rows = write_term_csv(out, conc.iter_hits(term), total=total)
        return f"{rows} of {total} rows, {out.stat().st_size / 1e6:.1f} MB CSV"

    return run


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-bounds-"))
    try:
        headings = work / "标题堆砌.txt"
        headings.write_text(headings_text(2_000_000), encoding="utf-8")
        hostile_corpus = work / "corpus"
        hostile_corpus.mkdir()
        shutil.copy(headings, hostile_corpus / headings.name)
        shutil.copy(SEED, hostile_corpus / SEED.name)
        seeds = load_corpus(REPO / "corpus").documents
        dense_text = dense_document(DENSE_SENTENCES)
        dense = build_document("dense", dense_text)
        long_prose = work / "长文.txt"  # at the character limit, few headings
        long_prose.write_text(dense_text[:990_000], encoding="utf-8")

        cases = [
            ("upload: a seed document", upload(SEED), False),
            ("upload: 2 MB of headings", upload(headings), True),
            ("upload: 990 000 chars (largest valid; no target)", upload(long_prose), False),
            ("index: the seed corpus", index_folder(REPO / "corpus"), False),
            ("index: a seed + 2 MB of headings", index_folder(hostile_corpus), True),
            ("search 三会一课 in the seeds", search(list(seeds), "三会一课"), False),
            (f"search 党 in {len(dense.text):,} characters", search([dense], "党"), True),
            ("export 三会一课 (seeds)", export(list(seeds), "三会一课", work / "a.csv"), False),
            ("export 党 (the long document)", export([dense], "党", work / "b.csv"), True),
        ]
        print(f"{'case':42s} {'time s':>8s} {'× normal':>9s} {'peak +MB':>9s}  result")
        failed = []
        normal = 0.0
        for name, fn, worst in cases:
            seconds, mb, detail = measure(fn)
            if not worst:
                normal = seconds  # the normal case just before each worst case
            mark = ""
            if worst and (seconds > TIME_LIMIT_S or mb > MEMORY_LIMIT_MB):
                mark = "  <-- over the target"
                failed.append(name)
            ratio = f"{seconds / normal:9.0f}" if worst and normal > 0 else f"{'':9s}"
            print(f"{name:42s} {seconds:8.2f} {ratio} {mb:9.1f}  {detail[:100]}{mark}", flush=True)
        print(
            f"targets for the worst cases: < {TIME_LIMIT_S:.0f} s and < {MEMORY_LIMIT_MB:.0f} MB"
            + (f"; over: {', '.join(failed)}" if failed else "; all met")
        )
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
