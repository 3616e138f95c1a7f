"""The Milvus store, on Milvus Lite started by the tests (a local ``.db`` folder in a temp
directory, and its gRPC server on 127.0.0.1 for the network path): the same hits as the
FAISS store, filters before ranking, exact concordance counts, alias-switched atomic
builds, incremental updates, several instances on one Milvus, ``rag index --workers``,
and the store settings."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from apprun import free_port, run_rag
from conftest import (
    MINI_MAX_CHARS,
    REPO,
    ReusingEmbedder,
    chunks_of,
    make_document,
    mini_documents,
    vectors_of,
)
from counting_embedder import CountingEmbedder
from fake_openai import FakeOpenAI

from rag import store_milvus
from rag.concordance import Concordance
from rag.config import Settings, load_settings
from rag.embed import BundledEmbedder
from rag.errors import ConfigError, IndexMismatchError, IndexMissingError
from rag.retrieve import Filters, open_retrievers
from rag.service import Library
from rag.store import FaissStore, load_index, open_store
from rag.store_milvus import (
    MilvusStore,
    filter_expr,
    route_multiples,
    sparse_query,
    token_id,
)

QUERIES = (
    "三会一课制度落实情况",
    "碳排放配额成交",
    "党建与业务“两张皮”",
    "如何落实意识形态工作责任制",
    # Traditional script: both stores fold it before embedding and before BM25.
    "如何落實意識形態工作責任制",
)
FILTERS = (
    None,
    Filters(department="市委政研室"),
    Filters(year=2021),
    Filters(kind="工作要点", department="市生态环境局"),
    Filters(doc_id="eco-2021-summary"),
)


# --- pure parts ----------------------------------------------------------------------


def test_filter_expressions_escape_values() -> None:
    assert filter_expr(None) == "" and filter_expr(Filters()) == ""
    expr = filter_expr(Filters(department='甲"局\\', year=2022, kind="讲话", doc_id="a'b"))
    assert expr == (
        'department == "甲\\"局\\\\" and doc_id == "a\'b" and kind == "讲话" and year == 2022'
    )


def test_route_multiples_keep_the_weight_ratio() -> None:
    assert route_multiples([1.0, 1.5]) == [2, 3]
    assert route_multiples([1.0, 1.0]) == [1, 1]
    assert route_multiples([0.5, 2.0]) == [1, 4]
    with pytest.raises(ValueError):
        route_multiples([1.0, 0.0])


def test_sparse_query_counts_repeated_tokens_and_uses_stable_ids() -> None:
    q = sparse_query(["党建", "书香机关", "党建"], {})
    assert q == {token_id("党建"): 2.0, token_id("书香机关"): 1.0}
    assert token_id("党建") == token_id("党建") and 0 <= token_id("党建") < 2**32 - 1
    assert sparse_query(["党建"], {"党建": 7}) == {7: 1.0}


# --- the same hits as the FAISS store ------------------------------------------------


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_milvus_hits_equal_faiss_hits(
    mode: str, mini_index: Any, mini_milvus_index: Any, bundled_embedder: BundledEmbedder
) -> None:
    faiss = open_retrievers(mini_index, bundled_embedder)[mode]
    milvus = open_retrievers(mini_milvus_index, bundled_embedder)[mode]
    compared = 0
    for query in QUERIES:
        for filters in FILTERS:
            a = faiss.retrieve(query, 8, filters)
            b = milvus.retrieve(query, 8, filters)
            assert [h.chunk for h in a] == [h.chunk for h in b], (query, filters)
            np.testing.assert_allclose([h.score for h in a], [h.score for h in b], rtol=1e-4)
            compared += len(a)
    assert compared > 20


def test_both_milvus_fusions_give_the_faiss_ranking(
    mini_index: Any, mini_milvus_index: Any, bundled_embedder: BundledEmbedder
) -> None:
    """hybrid_search with repeated routes, and two searches fused here, rank alike."""
    from rag.store_milvus import MilvusHybridRetriever

    faiss = open_retrievers(mini_index, bundled_embedder)["hybrid"]
    engine = mini_milvus_index.engine
    for fusion in ("milvus", "client"):
        milvus = MilvusHybridRetriever(engine, bundled_embedder, fusion=fusion)
        for query in QUERIES:
            a, b = faiss.retrieve(query, 10), milvus.retrieve(query, 10)
            assert [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in b], (fusion, query)
            np.testing.assert_allclose([h.score for h in a], [h.score for h in b], rtol=1e-5)
    with pytest.raises(ValueError):
        MilvusHybridRetriever(engine, bundled_embedder, fusion="weighted")


# --- concordance ---------------------------------------------------------------------


def _terms(docs: Any) -> list[str]:
    """Terms of every length cut from the texts, plus ones no text holds."""
    out = {"党员", "三会一课", "“两张皮”", "ＡＢＣ", "不存在的表述", "%", "50%", "_", "党 建"}
    for d in docs:
        t = d.text
        for i in range(0, len(t) - 12, max(1, len(t) // 12)):
            out.update({t[i : i + 2], t[i : i + 5], t[i : i + 12]})
    return sorted(out)


def test_concordance_counts_and_hits_equal_a_plain_scan(
    seed_corpus: Any, seed_milvus_dir: Path, bundled_embedder: BundledEmbedder
) -> None:
    store = MilvusStore(str(seed_milvus_dir / "milvus.db"))
    try:
        index = store.load(bundled_embedder.id)
        milvus = index.engine.concordance(index)
        plain = Concordance(seed_corpus.documents)
        some = [seed_corpus.documents[0].doc_id, seed_corpus.documents[3].doc_id]
        for term in _terms(seed_corpus.documents):
            assert milvus.count(term) == plain.count(term), term
            assert milvus.find(term) == plain.find(term), term
            assert milvus.count(term, some) == plain.count(term, some), term
        assert milvus.count("党员", []) == 0 and milvus.find("", None) == ()
        # Only documents holding the term are normalised in this process.
        fresh = index.engine.concordance(index)
        assert fresh.find("书香机关") == plain.find("书香机关")
        assert 0 < len(fresh._norms) < len(seed_corpus.documents)
    finally:
        store.close()


def test_concordance_across_tile_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_embedder: BundledEmbedder
) -> None:
    """Small tiles, so that terms straddle tile edges, are longer than the overlap, or
    overlap themselves (哈哈哈 in 哈哈哈哈哈)."""
    monkeypatch.setattr(store_milvus, "TILE_CHARS", 7)
    monkeypatch.setattr(store_milvus, "TILE_OVERLAP", 3)
    docs = (
        make_document(
            "t1", "一、加强党建工作。党建引领发展，党建促业务。哈哈哈哈哈", department="甲局"
        ),
        make_document("t2", "二、“党建＋”工作法：50%的支部达标_率。党建+党建", department="乙局"),
    )
    store = MilvusStore(str(tmp_path / "milvus.db"))
    try:
        store.build(docs, chunks_of(docs, 40), bundled_embedder)
        index = store.load(bundled_embedder.id)
        milvus, plain = index.engine.concordance(index), Concordance(docs)
        for term in (
            "党建",
            "党建工作。党建引领",
            "哈哈",
            "哈哈哈",
            "50%",
            "_率",
            "党建+",
            "%的",
            "。",
        ):
            assert milvus.count(term) == plain.count(term), term
            assert milvus.find(term) == plain.find(term), term
    finally:
        store.close()


# --- builds: atomic, incremental -----------------------------------------------------


def test_builds_switch_an_alias_and_update_incrementally(
    tmp_path: Path, small_docs: tuple[Any, ...]
) -> None:
    emb = CountingEmbedder()
    store = MilvusStore(str(tmp_path / "milvus.db"), collection="lib")
    try:
        with pytest.raises(IndexMissingError, match="rag index"):
            store.load(emb.id)
        first = store.build(small_docs, chunks_of(small_docs, 20), emb)
        assert first.embedded_chunks == len(chunks_of(small_docs, 20)) == len(emb.embedded)
        assert store.current_id() == first.build_id
        old = store.load(emb.id)

        emb.embedded.clear()
        changed = dataclasses.replace(
            small_docs[1], text="深化拓展“书香机关”创建活动。新建职工书屋。"
        )
        docs2 = (small_docs[0], changed, small_docs[2])
        report = store.build(docs2, chunks_of(docs2, 20), emb)
        assert report.changed == ("b",) and report.unchanged == ("a", "c")
        new_b = {c.embed_text for c in chunks_of(docs2, 20) if c.doc_id == "b"}
        old_b = {c.embed_text for c in chunks_of(small_docs, 20) if c.doc_id == "b"}
        assert set(emb.embedded) == new_b - old_b  # only the new passage is embedded
        assert store.current_id() == report.build_id != first.build_id

        new = store.load(emb.id)
        hits = open_retrievers(new, emb)["bm25"].retrieve("职工书屋", 5)
        assert hits and hits[0].chunk.doc_id == "b"
        # The previous build stays loadable and answers as before.
        assert open_retrievers(old, emb)["bm25"].retrieve("职工书屋", 5) == []
        assert open_retrievers(old, emb)["bm25"].retrieve("阅览室", 5)

        # Nothing changed: no new collections, the alias stays.
        again = store.build(docs2, chunks_of(docs2, 20), emb)
        assert not again.written and store.current_id() == report.build_id
        # A third build drops the first one, keeping the previous.
        third = store.build(small_docs, chunks_of(small_docs, 20), emb, rebuild=True)
        names = set(store.client.list_collections())
        assert store._base(first.build_id) not in names
        assert {store._base(report.build_id), store._base(third.build_id)} <= names
    finally:
        store.close()


def test_a_failed_build_leaves_the_alias_and_the_previous_build(
    tmp_path: Path, small_docs: tuple[Any, ...]
) -> None:
    emb = CountingEmbedder()
    store = MilvusStore(str(tmp_path / "milvus.db"))
    try:
        first = store.build(small_docs, chunks_of(small_docs, 20), emb)
        before = set(store.client.list_collections())
        more = (
            *small_docs,
            *(make_document(f"x{i}", f"第{i}项：加强党员教育。") for i in range(4)),
        )

        def crash(done: int, total: int) -> None:
            if done > 0:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            store.build(more, chunks_of(more, 20), emb, progress=crash)
        assert store.current_id() == first.build_id
        assert set(store.client.list_collections()) == before
        assert {d.doc_id for d in store.load(emb.id).documents} == {"a", "b", "c"}

        class Broken(CountingEmbedder):  # vectors of the wrong length: refused before the switch
            @property
            def dim(self) -> int:
                return 12

        with pytest.raises(Exception, match=r"形状|dim|维"):
            store.build(more, chunks_of(more, 20), Broken())
        assert store.current_id() == first.build_id
    finally:
        store.close()


def test_load_refuses_another_embedder(mini_milvus_uri: str) -> None:
    with pytest.raises(IndexMismatchError, match="rag index --rebuild"):
        MilvusStore(mini_milvus_uri).load("sentence-transformers:other")


# --- settings, registry, CLI ---------------------------------------------------------


def test_store_settings(tmp_path: Path) -> None:
    s = load_settings({})
    assert s.store == "faiss" and s.milvus_uri == str(Path("index") / "milvus.db")
    assert s.milvus_collection == "dangjian" and s.milvus_token == ""
    assert isinstance(open_store(s), FaissStore)
    m = load_settings(
        {
            "RAG_STORE": "milvus",
            "RAG_MILVUS_URI": "http://10.0.0.5:19530",
            "RAG_MILVUS_TOKEN": "root:Milvus",
            "RAG_MILVUS_COLLECTION": "city_2024",
        }
    )
    store = open_store(m)
    assert isinstance(store, MilvusStore)
    assert (store.uri, store.token, store.alias) == (
        "http://10.0.0.5:19530",
        "root:Milvus",
        "city_2024",
    )
    assert load_settings({"RAG_INDEX": str(tmp_path)}).milvus_uri == str(tmp_path / "milvus.db")
    assert Settings().with_store("milvus", "x.db").milvus_uri == "x.db"
    for bad in ({"RAG_STORE": "chroma"}, {"RAG_MILVUS_COLLECTION": "1-bad name"}):
        with pytest.raises(ConfigError):
            load_settings(bad)


def _corpus(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_rag_index_moves_an_index_to_milvus(tmp_path: Path) -> None:
    from seeds import SMALL_DOCS

    corpus = _corpus(tmp_path / "corpus", SMALL_DOCS)
    index = tmp_path / "index"
    base = ["--corpus", str(corpus), "--index", str(index)]
    assert run_rag("index", *base, "--quiet").returncode == 0
    moved = run_rag("index", *base, "--rebuild", "--store", "milvus", "--json", "--quiet")
    assert moved.returncode == 0, moved.stderr
    report = json.loads(moved.stdout)
    assert report["store"] == "milvus" and report["chunk_count"] > 0
    assert (index / "milvus.db").is_dir() and (index / "CURRENT").is_file()
    answers = [
        json.loads(run_rag("ask", *base, *extra, "三会一课", "--json").stdout)
        for extra in ((), ("--store", "milvus"))
    ]
    assert answers[0] | {"elapsed_ms": 0} == answers[1] | {"elapsed_ms": 0}
    search = run_rag("search", *base, "--store", "milvus", "党建", "--json")
    assert json.loads(search.stdout)["total"] >= 1


# --- the network path: Milvus Lite's gRPC server on 127.0.0.1 ------------------------


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``milvus-lite server`` in its own process; yields ``http://127.0.0.1:PORT``."""
    data = tmp_path_factory.mktemp("milvus-server")
    port = free_port()
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data / "data"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    uri = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                from pymilvus import MilvusClient

                MilvusClient(uri=uri, timeout=2).list_collections()
                break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((data / "server.log").read_text()) from None
                time.sleep(0.3)
        yield uri
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_over_the_network_the_same_hits(
    milvus_server: str, mini_index: Any, bundled_embedder: BundledEmbedder
) -> None:
    store = MilvusStore(milvus_server, collection="mini_net")
    docs = mini_documents()
    store.build(docs, chunks_of(docs, MINI_MAX_CHARS), ReusingEmbedder(vectors_of(mini_index)))
    net = open_retrievers(store.load(bundled_embedder.id), bundled_embedder)
    local = open_retrievers(mini_index, bundled_embedder)
    for query in QUERIES:
        for filters in FILTERS[:3]:
            got = [h.chunk.chunk_id for h in net["hybrid"].retrieve(query, 6, filters)]
            assert got == [h.chunk.chunk_id for h in local["hybrid"].retrieve(query, 6, filters)]


def _chunks_known(seed_index: Any) -> dict[str, Any]:
    return vectors_of(seed_index)


@pytest.mark.slow
def test_instances_on_one_milvus_and_one_corpus_serve_the_same_answers(
    milvus_server: str, tmp_path: Path, seed_index: Any
) -> None:
    """Two app instances (libraries with their own connections) and a third process
    (``rag ask``) on one Milvus server and one corpus folder; an update by one is picked
    up by the others."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    env = {
        "RAG_STORE": "milvus",
        "RAG_MILVUS_URI": milvus_server,
        "RAG_MILVUS_COLLECTION": "shared",
    }
    settings = load_settings(env | {"RAG_CORPUS": str(corpus), "RAG_INDEX": str(tmp_path / "i")})
    emb = ReusingEmbedder(_chunks_known(seed_index))
    a = Library.open(settings, sync=True, embedder=emb)
    b = Library.open(settings, sync=True, embedder=emb)  # nothing changed: same build
    assert a.index.build_id == b.index.build_id
    questions = ("哪些材料里提到了“书香机关”？", "市生态环境局2022年的党建工作要点有哪些？")
    for q in questions:
        assert a.ask(q).to_json() | {"elapsed_ms": 0} == b.ask(q).to_json() | {"elapsed_ms": 0}
    proc = run_rag(
        "ask", questions[0], "--json", "--corpus", str(corpus), "--store", "milvus",
        "--milvus-uri", milvus_server, extra_env={"RAG_MILVUS_COLLECTION": "shared"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) | {"elapsed_ms": 0} == a.ask(questions[0]).to_json() | {
        "elapsed_ms": 0
    }

    upload = tmp_path / "市委宣传部-2024年工作总结.txt"
    upload.write_text(
        "市委宣传部2024年工作总结\n今年以来，市委宣传部建成“红色书房”12个，开展读书分享会30场。\n",
        encoding="utf-8",
    )
    a.add_document(upload)
    assert b.index.build_id != a.index.build_id  # b has not looked yet
    b.refresh(force=True)
    assert b.index.build_id == a.index.build_id
    assert [h.doc_id for h in b.search("红色书房")] == [h.doc_id for h in a.search("红色书房")]
    assert len(b.search("红色书房")) == 1
    q = "哪个部门建成了红色书房？"
    assert a.ask(q).to_json() | {"elapsed_ms": 0} == b.ask(q).to_json() | {"elapsed_ms": 0}
    for lib in (a, b):
        lib.store.close()


# --- embedding in several processes --------------------------------------------------


@pytest.mark.slow
def test_rag_index_workers_with_an_openai_endpoint(tmp_path: Path) -> None:
    """``rag index --workers 3`` against an OpenAI-compatible endpoint builds the same
    vectors as one process, in several requests from several processes."""
    from seeds import SMALL_DOCS

    corpus = _corpus(tmp_path / "corpus", SMALL_DOCS | {
        f"市委办-{i}.txt": f"市委办第{i}份通知\n一、落实第{i}项任务。\n二、加强第{i}项检查。\n"
        for i in range(60)
    })  # fmt: skip
    with FakeOpenAI(embed_dim=24) as server:
        env = {"RAG_EMBEDDER": "openai", "RAG_EMBED_MODEL": "fake-embed",
               "RAG_EMBED_BASE_URL": server.base_url}  # fmt: skip
        vectors = []
        for workers, name in ((1, "one"), (3, "three")):
            proc = run_rag(
                "index", "--corpus", str(corpus), "--index", str(tmp_path / name),
                "--workers", str(workers), "--quiet", "--json", extra_env=env,
            )  # fmt: skip
            assert proc.returncode == 0, proc.stderr
            assert json.loads(proc.stdout)["embedded_chunks"] > 20
            data = load_index(tmp_path / name, "openai:fake-embed")
            vectors.append((data.chunks, data.vectors.reconstruct_n(0, data.vectors.ntotal)))
        embed_calls = [r for r in server.requests if r.path.rstrip("/") == "/v1/embeddings"]
        assert len(embed_calls) >= 2 * 3
    assert vectors[0][0] == vectors[1][0]
    np.testing.assert_allclose(vectors[0][1], vectors[1][1], atol=1e-6)


def test_workers_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    from rag.cli import main

    with pytest.raises(SystemExit):
        main(["index", "--workers", "0"])
    assert "--workers" in capsys.readouterr().err
