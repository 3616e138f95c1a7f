"""Retrieval: the contract every retriever keeps, filters before ranking, FAISS against
brute force, BM25 on dictionary terms, fusion on hand-written rankings, the LangChain
retriever, ``rag retrieve``, and evidence recall on the development questions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import MINI_MAX_CHARS, chunks_of, mini_documents
from langchain_core.documents import Document as LCDocument

from rag.cli import main
from rag.embed import BundledEmbedder
from rag.errors import IndexMismatchError
from rag.retrieve import (
    ChunkTable,
    DenseRetriever,
    Filters,
    HybridRetriever,
    LangChainRetriever,
    open_retrievers,
    rrf_fuse,
    score_fuse,
)
from rag.tokenize import STOPWORDS, normalise, tokenize, user_terms
from rag.types import Chunk, Hit

MODES = ("dense", "bm25", "hybrid")
# The same contract on every store: FAISS + bm25s in this process, and Milvus (Lite).
STORE_INDEXES = {"faiss": "mini_index", "milvus": "mini_milvus_index"}


@pytest.fixture(scope="module", params=sorted(STORE_INDEXES))
def retrievers(request: pytest.FixtureRequest, bundled_embedder: BundledEmbedder) -> dict[str, Any]:
    index = request.getfixturevalue(STORE_INDEXES[request.param])
    return open_retrievers(index, bundled_embedder)


def _chunk(cid: str, doc: str = "d", dept: str = "甲局", year: int | None = 2022) -> Chunk:
    return Chunk(cid, doc, f"正文{cid}", 0, 4, (), "标题", dept, "工作要点", None, year)


def _ranking(ids: list[str], name: str = "x") -> list[Hit]:
    return [
        Hit(chunk=_chunk(c), score=float(10 - i), rank=i + 1, retriever=name)
        for i, c in enumerate(ids)
    ]


# --- the contract, for every retriever ----------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("k", [1, 3, 10, 100])
def test_contract(mode: str, k: int, retrievers: dict[str, Any], mini_index: Any) -> None:
    hits = retrievers[mode].retrieve("三会一课制度落实情况", k)
    assert 0 < len(hits) <= k
    if mode == "dense":
        assert len(hits) == min(k, len(mini_index.chunks))
    assert all(isinstance(h, Hit) and isinstance(h.chunk, Chunk) for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(s, float) and np.isfinite(s) for s in scores)
    assert {h.retriever for h in hits} == {mode}
    assert len({h.chunk.chunk_id for h in hits}) == len(hits)
    known = {c.chunk_id: c for c in mini_index.chunks}
    assert all(known[h.chunk.chunk_id] == h.chunk for h in hits)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "filters",
    [
        Filters(department="市委政研室"),
        Filters(doc_id="eco-2021-summary"),
        Filters(year=2021),
        Filters(kind="工作要点", department="市生态环境局"),
    ],
)
def test_filters_are_honoured(
    mode: str, filters: Filters, retrievers: dict[str, Any], mini_index: Any
) -> None:
    hits = retrievers[mode].retrieve("落实三会一课和主题党日制度", 50, filters)
    assert hits
    assert all(filters.matches(h.chunk) for h in hits)
    allowed = [c for c in mini_index.chunks if filters.matches(c)]
    if mode == "dense":  # k results come from the filtered set, not from a cut of the whole
        assert {h.chunk.chunk_id for h in hits} == {c.chunk_id for c in allowed}


@pytest.mark.parametrize("mode", MODES)
def test_filter_applies_before_ranking(mode: str, retrievers: dict[str, Any]) -> None:
    query = "碳排放配额累计成交量和成交金额"
    unfiltered = retrievers[mode].retrieve(query, 2)
    assert all(h.chunk.department != "市委政研室" for h in unfiltered)
    filtered = retrievers[mode].retrieve(query, 2, Filters(department="市委政研室"))
    if mode == "bm25":  # BM25 returns only passages sharing a term with the query
        assert all(h.chunk.department == "市委政研室" for h in filtered)
    else:
        assert len(filtered) == 2
        assert {h.chunk.department for h in filtered} == {"市委政研室"}


@pytest.mark.parametrize("mode", MODES)
def test_empty_filter_result_and_degenerate_queries(mode: str, retrievers: dict[str, Any]) -> None:
    r = retrievers[mode]
    assert r.retrieve("三会一课", 10, Filters(department="市委宣传部")) == []
    assert r.retrieve("三会一课", 10, Filters(year=1999)) == []
    assert r.retrieve("三会一课", 0) == []
    assert r.retrieve("   ", 5) == []
    punctuation_only = r.retrieve("，。！？", 5)
    if mode == "bm25":  # no token survives, so no passage shares one
        assert punctuation_only == []
    else:  # dense similarity is defined for any text
        assert len(punctuation_only) == 5


# --- dense: FAISS equals brute force -------------------------------------------------


@pytest.mark.parametrize(
    "filters", [None, Filters(department="市生态环境局"), Filters(doc_id="yanjiu-2022-plan")]
)
def test_dense_equals_brute_force_numpy(
    filters: Filters | None, mini_index: Any, bundled_embedder: BundledEmbedder
) -> None:
    dense = DenseRetriever(mini_index, bundled_embedder)
    query = "如何落实意识形态工作责任制"
    hits = dense.retrieve(query, 5, filters)
    q = bundled_embedder.embed_query_np(query)
    x = mini_index.vectors.reconstruct_n(0, mini_index.vectors.ntotal)
    sims = x @ q
    rows = [i for i, c in enumerate(mini_index.chunks) if filters is None or filters.matches(c)]
    best = sorted(rows, key=lambda i: -sims[i])[:5]
    assert [h.chunk.chunk_id for h in hits] == [mini_index.chunks[i].chunk_id for i in best]
    np.testing.assert_allclose([h.score for h in hits], sims[best], atol=1e-5)


def test_dense_over_hnsw_with_filters(tmp_path: Path, bundled_embedder: BundledEmbedder) -> None:
    from rag.store import build_index, load_index

    docs = mini_documents()
    build_index(
        docs, chunks_of(docs, MINI_MAX_CHARS), bundled_embedder, tmp_path / "i", approx_threshold=1
    )
    data = load_index(tmp_path / "i", bundled_embedder.id)
    assert data.index_type == "hnsw-ip"
    dense = DenseRetriever(data, bundled_embedder)
    hits = dense.retrieve("第一议题制度", 3, Filters(department="市委政研室"))
    allowed = [c for c in data.chunks if c.department == "市委政研室"]
    assert len(hits) == min(3, len(allowed))
    assert all(h.chunk.department == "市委政研室" for h in hits)
    assert "第一议题" in hits[0].chunk.text


# --- BM25 and the tokenizer ----------------------------------------------------------


def test_bm25_finds_every_passage_with_a_term(retrievers: dict[str, Any], mini_index: Any) -> None:
    hits = retrievers["bm25"].retrieve("三会一课", 50)
    with_term = {c.chunk_id for c in mini_index.chunks if "三会一课" in c.text}
    assert len(with_term) >= 3
    assert {h.chunk.chunk_id for h in hits} == with_term


def test_user_dictionary_terms_are_not_split() -> None:
    terms = user_terms()
    assert len(terms) >= 150
    for term in ("三会一课", "两个维护", "四个意识", "第一议题", "一岗双责", "党建+", "两张皮"):
        assert term in terms
    for term in terms:
        if term not in STOPWORDS:
            assert tokenize(term) == [term], term
    toks = tokenize("认真落实“三会一课”制度，坚决做到“两个维护”，推进“党建＋”工作。")
    assert {"三会一课", "两个维护", "党建+"} <= set(toks)


def test_tokenize_normalises_and_drops_punctuation_and_stopwords() -> None:
    assert tokenize("ＡＢＣ党建，２０２２年！") == tokenize("abc党建,2022年!")
    toks = tokenize("哪些材料里提到了“书香机关”？")
    assert "书香机关" in toks
    assert not set(toks) & {"哪些", "了", "里", "？", "“", "”"}
    assert tokenize("") == [] and tokenize(" \n\t ") == [] and tokenize("，。、！") == []
    assert normalise("Ｔｅｓｔ＋") == "test+"


# --- fusion: pure, on hand-written rankings ------------------------------------------


def test_rrf_fuse_scores_and_order() -> None:
    a = _ranking(["x", "y", "z"], "dense")
    b = _ranking(["y", "w"], "bm25")
    fused = rrf_fuse([a, b], k=60, limit=10)
    expected = {
        "y": 1 / 62 + 1 / 61,
        "x": 1 / 61,
        "w": 1 / 62,
        "z": 1 / 63,
    }
    assert [h.chunk.chunk_id for h in fused] == ["y", "x", "w", "z"]
    for h in fused:
        assert h.score == pytest.approx(expected[h.chunk.chunk_id])
    assert [h.rank for h in fused] == [1, 2, 3, 4]
    assert {h.retriever for h in fused} == {"hybrid"}


def test_rrf_fuse_weights_limit_and_ties() -> None:
    a = _ranking(["x", "y"])
    b = _ranking(["y", "x"])
    # Equal lists mirrored: a tie, broken by best single rank then chunk id.
    tie = rrf_fuse([a, b], limit=2)
    assert tie[0].score == pytest.approx(tie[1].score)
    assert [h.chunk.chunk_id for h in tie] == ["x", "y"]
    weighted = rrf_fuse([a, b], k=10, weights=[1.0, 2.0], limit=2)
    assert [h.chunk.chunk_id for h in weighted] == ["y", "x"]
    assert weighted[0].score == pytest.approx(1 / 12 + 2 / 11)
    assert len(rrf_fuse([a, b], limit=1)) == 1
    assert rrf_fuse([], limit=5) == [] and rrf_fuse([[], []], limit=5) == []
    with pytest.raises(ValueError):
        rrf_fuse([a, b], weights=[1.0], limit=2)


def test_score_fuse_normalises_each_list() -> None:
    a = [Hit(_chunk("x"), 0.9, 1, "dense"), Hit(_chunk("y"), 0.5, 2, "dense")]
    b = [Hit(_chunk("y"), 30.0, 1, "bm25"), Hit(_chunk("z"), 10.0, 2, "bm25")]
    fused = score_fuse([a, b], limit=3)
    got = {h.chunk.chunk_id: h.score for h in fused}
    assert got == pytest.approx({"x": 1.0, "y": 0.0 + 1.0, "z": 0.0})
    assert [h.chunk.chunk_id for h in fused][:2] == ["x", "y"]  # tie -> best rank, then id
    weighted = score_fuse([a, b], weights=[1.0, 2.0], limit=3)
    assert weighted[0].chunk.chunk_id == "y" and weighted[0].score == pytest.approx(2.0)


def test_hybrid_returns_what_the_parts_found(retrievers: dict[str, Any]) -> None:
    hybrid: HybridRetriever = retrievers["hybrid"]
    q = "党建与业务“两张皮”"
    parts = {h.chunk.chunk_id for m in ("dense", "bm25") for h in retrievers[m].retrieve(q, 50)}
    hits = hybrid.retrieve(q, 5)
    assert {h.chunk.chunk_id for h in hits} <= parts
    assert "两张皮" in hits[0].chunk.text


# --- filters, table, mismatch, LangChain ---------------------------------------------


def test_filters_match_exactly() -> None:
    c = _chunk("a", doc="doc1", dept="市生态环境局", year=2022)
    assert Filters().matches(c) and Filters().empty
    assert Filters(department="市生态环境局", year=2022, kind="工作要点", doc_id="doc1").matches(c)
    assert not Filters(department="生态环境局").matches(c)  # no substring matching here
    assert not Filters(year=2021).matches(c)
    table = ChunkTable([c, _chunk("b", dept="乙", year=None)])
    assert table.allowed(None) is None and table.allowed(Filters()) is None
    assert table.allowed(Filters(department="乙")).tolist() == [1]
    assert table.allowed(Filters(year=2022)).tolist() == [0]


@pytest.mark.parametrize("store", sorted(STORE_INDEXES))
def test_open_retrievers_refuses_another_embedder(
    store: str, request: pytest.FixtureRequest
) -> None:
    class Other(BundledEmbedder):
        @property
        def id(self) -> str:
            return "sentence-transformers:other"

    index = request.getfixturevalue(STORE_INDEXES[store])
    with pytest.raises(IndexMismatchError, match="rag index --rebuild"):
        open_retrievers(index, Other())


def test_langchain_retriever(retrievers: dict[str, Any]) -> None:
    lc = LangChainRetriever(retriever=retrievers["hybrid"], k=3, filters=Filters(year=2022))
    docs = lc.invoke("第一议题制度")
    assert 0 < len(docs) <= 3
    assert all(isinstance(d, LCDocument) for d in docs)
    meta = docs[0].metadata
    for key in ("chunk_id", "doc", "department", "section", "start", "end", "title", "score"):
        assert key in meta
    assert all(d.metadata["year"] == 2022 for d in docs)
    assert docs[0].page_content and docs[0].id == meta["chunk_id"]


# --- rag retrieve ------------------------------------------------------------------


def test_rag_retrieve_json(mini_index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["retrieve", "--index", str(mini_index_dir), "--corpus", str(mini_index_dir)]
    assert main([*base, "三会一课", "-k", "2", "--json", "--mode", "bm25"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "三会一课" and out["k"] == 2
    assert len(out["hits"]) == 2
    keys = {"rank", "score", "chunk_id", "doc", "title", "department", "date", "section"}
    assert keys | {"start", "end", "text"} == set(out["hits"][0])
    assert [h["rank"] for h in out["hits"]] == [1, 2]
    assert all("三会一课" in h["text"] for h in out["hits"])

    assert main([*base, "三会一课", "--department", "市委政研室", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {h["department"] for h in hits} == {"市委政研室"}

    assert main([*base, "三会一课", "--year", "2021", "-k", "3"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("1. [") and "市生态环境局" in text


def test_rag_retrieve_without_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["retrieve", "三会一课", "--index", str(tmp_path / "none")])
    assert code == 2
    assert "rag index" in capsys.readouterr().err


# --- quality on the development questions --------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def evidence_recall(
    questions: list[dict[str, Any]], retriever: Any, k: int, kinds: tuple[str, ...]
) -> dict[str, float]:
    """Mean share of each question's evidence spans found in its top-k passages, per kind."""
    per: dict[str, list[float]] = {}
    for q in questions:
        if q["kind"] not in kinds or not q["evidence"]:
            continue
        blob = _norm("".join(h.chunk.text for h in retriever.retrieve(q["question"], k)))
        found = sum(_norm(e) in blob for e in q["evidence"])
        per.setdefault(q["kind"], []).append(found / len(q["evidence"]))
    out = {kind: sum(v) / len(v) for kind, v in per.items()}
    out["all"] = sum(x for v in per.values() for x in v) / sum(len(v) for v in per.values())
    return out


# Measured with the structure-aware chunker (320 characters) and the bundled model:
# hybrid all 0.931 (term 1.000, fact 0.950, attribution 0.857), BM25 0.931, dense 0.716.
# The remaining misses are spans no passage can hold (a 责编 line removed as page
# boilerplate) or that prove the department rather than answer the question.
RECALL_FLOOR = {"all": 0.90, "term": 0.95, "fact": 0.90, "attribution": 0.80}


@pytest.mark.slow
@pytest.mark.parametrize("store", ["faiss", "milvus"])
def test_evidence_recall_at_10_on_dev_questions(
    store: str,
    request: pytest.FixtureRequest,
    seed_index: Any,
    bundled_embedder: BundledEmbedder,
    dev_questions: list[dict[str, Any]],
    seed_doc_ids: dict[str, str],
) -> None:
    known = {d.doc_id for d in seed_index.documents}
    for q in dev_questions:  # the dev set names seeds; they map onto our document ids
        assert {seed_doc_ids[name] for name in q["docs"]} <= known
    index = seed_index
    if store == "milvus":
        from rag.store_milvus import MilvusStore

        milvus = MilvusStore(str(request.getfixturevalue("seed_milvus_dir") / "milvus.db"))
        request.addfinalizer(milvus.close)
        index = milvus.load(bundled_embedder.id)
    retrievers = open_retrievers(index, bundled_embedder)
    kinds = ("term", "fact", "attribution")
    got = evidence_recall(dev_questions, retrievers["hybrid"], 10, kinds)
    dense = evidence_recall(dev_questions, retrievers["dense"], 10, kinds)
    bm25 = evidence_recall(dev_questions, retrievers["bm25"], 10, kinds)
    print(f"evidence recall@10 hybrid {got}\n  dense {dense}\n  bm25 {bm25}")
    for key, floor in RECALL_FLOOR.items():
        assert got[key] >= floor, (key, got[key])
    assert got["all"] >= max(dense["all"], 0.61)  # never below dense alone or the tutorial
