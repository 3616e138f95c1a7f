"""Issue 10 through the ``rag`` command and ``python app.py`` as a user starts them: bounded
term search (a count, one page, ``--limit``/``--offset``), a document made of headings
skipped by ``rag index`` with its reason, LLM settings refused at start, a runaway model
reply refused; and the pure parts behind them (formula-safe CSV cells, inert links in
Markdown, the concordance page)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from apprun import REPO, run_rag
from hostile import DENSE_COUNT, dense_document, headings_text

from rag.concordance import PAGE_ROWS, Concordance, find_term
from rag.export import csv_cell, prune_exports
from rag.ingest import build_document
from rag.ui import answer_markdown

SMALL = "市委组织部-2023年机关党建工作要点.txt"
SMALL_TEXT = (
    "市委组织部2023年机关党建工作要点\n一、加强政治建设\n"
    "1.认真落实“三会一课”制度，每月开展主题党日活动。\n"
)


@pytest.fixture(scope="module")
def dense_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dense")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / SMALL).write_text(SMALL_TEXT, encoding="utf-8")
    (corpus / "丙丁综合处-2036年党建工作安排.txt").write_text(dense_document(600), encoding="utf-8")
    return root


def search(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_rag(
        "search", *args, "--corpus", str(root / "corpus"), "--index", str(root / "index")
    )


# --- 10. rag search: the total, one page, and how many are not shown ---------------------


@pytest.mark.slow
def test_rag_search_gives_the_total_and_one_page(dense_corpus: Path) -> None:
    docs = [
        build_document(p.stem, p.read_text(encoding="utf-8"), source_file=p.name)
        for p in sorted((dense_corpus / "corpus").glob("*.txt"))
    ]
    every = find_term(docs, "党")
    total = len(every)
    assert total > DENSE_COUNT * 600
    out = search(dense_corpus, "党", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["term"] == "党" and data["total"] == total
    assert len(data["hits"]) == PAGE_ROWS and data["not_shown"] == total - PAGE_ROWS
    assert {"doc", "department", "section", "start", "end", "context"} <= set(data["hits"][0])

    out = search(dense_corpus, "党", "--json", "--limit", "5", "--offset", str(total - 3))
    tail = json.loads(out.stdout)
    assert tail["total"] == total and len(tail["hits"]) == 3 and tail["offset"] == total - 3
    # The same occurrences as the full concordance's last three, in the same order.
    expected = every[-3:]
    assert [(h["doc"], h["start"]) for h in tail["hits"]] == [(h.doc_id, h.start) for h in expected]

    text = search(dense_corpus, "党", "--limit", "2")
    assert text.returncode == 0 and f"共 {total} 处" in text.stdout
    assert f"另有 {total - 2} 处未显示" in text.stdout and "--offset 2" in text.stdout
    assert text.stdout.count("\n[") == 2
    bad = search(dense_corpus, "党", "--limit", "-1")
    assert bad.returncode == 2 and "不能是负数" in bad.stderr


def test_concordance_page_counts_without_building_every_hit() -> None:
    doc = build_document("d", dense_document(400))
    conc = Concordance([doc])
    page = conc.page("党", offset=10, limit=7)
    every = find_term([doc], "党")
    assert page.total == len(every) == DENSE_COUNT * 400 + 1
    assert page.hits == every[10:17] and page.not_shown == page.total - 7
    assert page.per_doc == (("d", page.total),)
    assert list(conc.iter_hits("党", offset=page.total - 2)) == list(every[-2:])
    assert conc.page("党", limit=0).hits == () and conc.page("火星", limit=5).total == 0


# --- 9. a document made of headings ---------------------------------------------------


@pytest.mark.slow
def test_rag_index_skips_a_document_made_of_headings(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SMALL).write_text(SMALL_TEXT, encoding="utf-8")
    (corpus / "标题堆砌.txt").write_text(headings_text(2_000_000), encoding="utf-8")
    out = run_rag(
        "index", "--json", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "idx"),
        timeout=300,
    )  # fmt: skip
    assert out.returncode == 3, out.stderr
    report = json.loads(out.stdout)
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert "编号标题过多" in skipped["标题堆砌.txt"], skipped
    assert "上限" in skipped["标题堆砌.txt"]
    docs = run_rag("docs", "--json", "--corpus", str(corpus), "--index", str(tmp_path / "idx"))
    assert "市委组织部" in docs.stdout


def test_real_documents_are_far_below_the_chunk_cap() -> None:
    from rag.chunk import MAX_CHUNKS_PER_DOCUMENT, MAX_MARKERS_PER_DOCUMENT, chunk_document
    from rag.ingest import load_corpus
    from rag.outline import count_markers

    seeds = load_corpus(REPO / "corpus").documents
    assert seeds
    for doc in seeds:
        assert len(chunk_document(doc, 320)) * 20 < MAX_CHUNKS_PER_DOCUMENT, doc.doc_id
        assert count_markers(doc.text) * 20 < MAX_MARKERS_PER_DOCUMENT, doc.doc_id
    # A long real-sized document (every seed, six times over: ~120 000 characters).
    text = "\n".join(d.text for d in seeds) * 6
    long_doc = build_document("long", text)
    assert len(long_doc.text) > 100_000
    assert len(chunk_document(long_doc, 320)) * 3 < MAX_CHUNKS_PER_DOCUMENT


# --- 11. LLM settings and runaway replies -------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "0", "NaN"])
def test_bad_llm_timeout_is_refused_by_the_cli(value: str, tmp_path: Path) -> None:
    env = os.environ | {
        "RAG_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "RAG_LLM_MODEL": "m",
        "RAG_LLM_TIMEOUT": value,
        "HF_HUB_OFFLINE": "1",
    }
    out = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "三会一课", "--corpus", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "RAG_LLM_TIMEOUT" in out.stderr and "Traceback" not in out.stderr
    assert "有限" in out.stderr or "大于 0" in out.stderr


@pytest.mark.slow
def test_bad_llm_timeout_stops_the_app_with_a_message(tmp_path: Path) -> None:
    env = os.environ | {"RAG_LLM_BASE_URL": "http://127.0.0.1:9/v1", "RAG_LLM_MODEL": "m"}
    for value in ("nan", "inf"):
        out = subprocess.run(
            [sys.executable, str(REPO / "app.py")],
            capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
            env=env | {"RAG_LLM_TIMEOUT": value, "RAG_CORPUS": str(tmp_path)},
        )  # fmt: skip
        assert out.returncode == 2, out.stderr
        assert "无法启动" in out.stderr and "RAG_LLM_TIMEOUT" in out.stderr


@pytest.mark.slow
def test_a_runaway_model_reply_is_refused_and_the_extract_used(tmp_path: Path) -> None:
    from fake_openai import FakeOpenAI

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SMALL).write_text(SMALL_TEXT, encoding="utf-8")
    reply = "市委组织部要求落实三会一课[1]。" * 625_000  # 10 million characters
    assert len(reply) >= 10_000_000
    with FakeOpenAI(default_reply=reply, chunk_chars=100_000) as llm:
        env = os.environ | {
            "RAG_ANSWERER": "llm",
            "RAG_LLM_BASE_URL": llm.base_url,
            "RAG_LLM_MODEL": "fake-model",
            "HF_HUB_OFFLINE": "1",
        }
        out = subprocess.run(
            [sys.executable, "-m", "rag", "ask", "市委组织部对三会一课有什么要求？", "--json",
             "--corpus", str(corpus), "--index", str(tmp_path / "index")],
            capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=False,
        )  # fmt: skip
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert llm.chat_requests
    assert answer["answer"].startswith("（大模型服务暂不可用：回答过长"), answer["answer"][:200]
    assert len(answer["answer"]) < 5_000
    assert "三会一课" in answer["answer"] and answer["citations"]


# --- 6 and 5, the pure parts -------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\t @x", "\u3000=1", " -2"],
)
def test_formula_cells_get_a_quote(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["三会一课", "2022年", "a=b", "一、=", "", "（-）"])
def test_other_cells_are_unchanged(cell: str) -> None:
    assert csv_cell(cell) == cell
    assert csv_cell(3) == 3 and csv_cell(None) is None


def test_prune_keeps_the_newest_few(tmp_path: Path) -> None:
    for i in range(6):
        p = tmp_path / f"{i}.csv"
        p.write_text("x")
        os.utime(p, (1000 + i, 1000 + i))
    gone = prune_exports(tmp_path, keep=2, max_age_s=10_000, now=2000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["4.csv", "5.csv"] and len(gone) == 4
    prune_exports(tmp_path, keep=5, max_age_s=500, now=2000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    ["见 http://a.example/x", "见 HTTPS://a.example", "见 www.example.com", "邮箱 a.b@example.org"],
)
def test_bare_links_in_answers_are_escaped(text: str) -> None:
    md = answer_markdown(text + " [1]", 0, {1})
    assert "[[1]](#cite-0-1)" in md
    body = md.split("[[1]]")[0]
    assert "://" not in body.replace("\\://", "") and "www." not in body.lower()
    assert "@" not in body.replace("\\@", "")


@pytest.mark.slow
def test_a_term_question_in_the_chat_lists_one_page(dense_corpus: Path) -> None:
    out = run_rag(
        "ask", "“党员”在哪些文件里出现", "--json",
        "--corpus", str(dense_corpus / "corpus"), "--index", str(dense_corpus / "index"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    docs = [
        build_document(p.stem, p.read_text(encoding="utf-8"), source_file=p.name)
        for p in sorted((dense_corpus / "corpus").glob("*.txt"))
    ]
    total = len(find_term(docs, "党员"))
    assert total > PAGE_ROWS
    assert answer["kind"] == "term" and answer["found"], answer["answer"][:200]
    assert f"共出现 {total} 次" in answer["answer"]
    # One page of occurrences, and what is left out.
    terms = [b for b in answer["blocks"] if b["kind"] == "term"]
    assert 0 < len(terms) <= PAGE_ROWS
    assert f"另有 {total - PAGE_ROWS} 处未列出" in answer["answer"]
    assert len(answer["answer"]) < 40_000


def test_tables_the_app_shows_are_formula_safe_when_copied() -> None:
    from rag.types import TermPage
    from rag.ui import document_rows, term_counts

    doc = build_document("=cmd", "@某单位2023年工作要点\n一、加强学习。\n")
    doc = replace(doc, meta=replace(doc.meta, department="+1"))
    row = document_rows([doc])[0]
    assert row[0] == "'=cmd" and row[2] == "'+1" and not str(row[1]).startswith("@")
    page = TermPage("学习", 1, (("=cmd", 1),), 0, ())
    assert term_counts(page, {"=cmd": doc})[0][:3] == ["'+1", row[1], "'=cmd"]
