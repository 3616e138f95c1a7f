"""The index folder: round trip, refusals, corruption, incremental updates, interrupted
builds, flat vs HNSW, and ``rag index`` — all with the real model, FAISS and bm25s."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pytest
from conftest import MINI_MAX_CHARS, chunks_of, make_document, mini_documents
from counting_embedder import CountingEmbedder

from rag.cli import main
from rag.embed import BundledEmbedder
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from rag.store import (
    FORMAT_VERSION,
    build_bm25,
    build_index,
    document_from_json,
    document_to_json,
    index_status,
    load_index,
    new_vector_index,
)
from rag.tokenize import tokenize
from rag.types import Chunk


def _current(index_dir: Path) -> str:
    return (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def _copy_index(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _build_dir(index_dir: Path) -> Path:
    return index_dir / "builds" / _current(index_dir)


# --- round trip and serialisation ----------------------------------------------------


def test_round_trip(mini_index_dir: Path, bundled_embedder: BundledEmbedder) -> None:
    docs = mini_documents()
    chunks = chunks_of(docs, MINI_MAX_CHARS)
    data = load_index(mini_index_dir, bundled_embedder.id)
    assert data.documents == docs
    assert data.chunks == chunks
    assert data.vectors.ntotal == len(chunks) and data.vectors.d == 384
    assert data.bm25.scores["num_docs"] == len(chunks)
    m = data.manifest
    assert m["format_version"] == FORMAT_VERSION
    assert m["embedder_id"] == bundled_embedder.id
    assert m["dim"] == 384 and m["index_type"] == "flat-ip"
    assert m["chunk_count"] == len(chunks)
    assert set(m["documents"]) == {d.doc_id for d in docs}
    assert all(len(v["content_hash"]) == 64 for v in m["documents"].values())
    assert data.document("eco-2021-summary") == docs[1]
    # Vector rows follow chunks.jsonl: row i is the passage vector of chunk i.
    rows = data.vectors.reconstruct_n(0, 2)
    np.testing.assert_allclose(
        rows, bundled_embedder.embed_passages([c.embed_text for c in chunks[:2]]), atol=1e-5
    )


def test_index_folder_layout_has_no_pickle(mini_index_dir: Path) -> None:
    build = _build_dir(mini_index_dir)
    names = {p.name for p in build.iterdir()}
    assert {"manifest.json", "vectors.faiss", "chunks.jsonl", "documents.jsonl", "bm25"} <= names
    lines = (build / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == json.loads((build / "manifest.json").read_text())["chunk_count"]
    for path in build.rglob("*"):
        if path.suffix == ".npy":
            np.load(path, allow_pickle=False)  # raises if an array needed pickle
        assert path.suffix not in (".pkl", ".pickle")
    assert [p.name for p in (mini_index_dir / "builds").iterdir()] == [_current(mini_index_dir)]


def test_documents_serialise_completely(seed_corpus: Any) -> None:
    for doc in seed_corpus.documents:
        back = document_from_json(json.loads(json.dumps(document_to_json(doc))))
        assert back == dataclasses.replace(doc, raw_offsets=())
        assert back.sections() == doc.sections()
    assert any(doc.outline for doc in seed_corpus.documents)
    assert any(doc.removed for doc in seed_corpus.documents)


# --- refusals and corruption ---------------------------------------------------------


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="rag index"):
        load_index(tmp_path / "index", "bundled:x")


def test_refuses_an_index_built_with_another_embedder(
    mini_index_dir: Path, bundled_embedder: BundledEmbedder
) -> None:
    with pytest.raises(IndexMismatchError, match="rag index --rebuild") as info:
        load_index(mini_index_dir, "sentence-transformers:BAAI/bge-small-zh-v1.5")
    assert bundled_embedder.id in str(info.value)


def test_refuses_another_format_version(mini_index_dir: Path, tmp_path: Path) -> None:
    index = _copy_index(mini_index_dir, tmp_path / "index")
    path = _build_dir(index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION + 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="rag index --rebuild"):
        load_index(index, manifest["embedder_id"])


@pytest.mark.parametrize(
    "damage",
    ["truncate-chunks", "garbage-vectors", "broken-manifest", "missing-documents", "bad-current"],
)
def test_corrupt_files_are_detected(
    damage: str, mini_index_dir: Path, tmp_path: Path, bundled_embedder: BundledEmbedder
) -> None:
    index = _copy_index(mini_index_dir, tmp_path / "index")
    build = _build_dir(index)
    if damage == "truncate-chunks":
        lines = (build / "chunks.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        (build / "chunks.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
    elif damage == "garbage-vectors":
        raw = (build / "vectors.faiss").read_bytes()
        (build / "vectors.faiss").write_bytes(raw[: len(raw) // 2])
    elif damage == "broken-manifest":
        (build / "manifest.json").write_text('{"format_version": 1, "embedder', encoding="utf-8")
    elif damage == "missing-documents":
        (build / "documents.jsonl").unlink()
    elif damage == "bad-current":
        (index / "CURRENT").write_text("20990101T000000-deadbeef\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="rag index --rebuild"):
        load_index(index, bundled_embedder.id)


def test_a_corrupt_index_is_rebuilt_on_request(mini_index_dir: Path, tmp_path: Path) -> None:
    index = _copy_index(mini_index_dir, tmp_path / "index")
    (_build_dir(index) / "vectors.faiss").write_bytes(b"not a faiss index")
    docs = mini_documents()
    emb = CountingEmbedder()
    report = build_index(docs, chunks_of(docs, MINI_MAX_CHARS), emb, index)
    assert report.reused_chunks == 0 and report.embedded_chunks == report.chunk_count
    assert load_index(index, emb.id).vectors.ntotal == report.chunk_count


# --- incremental updates -------------------------------------------------------------


def _chunks(docs: Any) -> tuple[Chunk, ...]:
    return chunks_of(docs, 20)


def test_incremental_update_embeds_only_the_changed_document(
    tmp_path: Path, small_docs: tuple[Any, ...]
) -> None:
    emb = CountingEmbedder()
    index = tmp_path / "index"
    first = build_index(small_docs, _chunks(small_docs), emb, index)
    assert first.added == ("a", "b", "c") and first.embedded_chunks == len(_chunks(small_docs))
    assert len(emb.embedded) == first.embedded_chunks

    emb.embedded.clear()
    changed = dataclasses.replace(
        small_docs[1], text="深化拓展“书香机关”创建活动。新建职工书屋一处。"
    )
    docs2 = (small_docs[0], changed, small_docs[2])
    chunks2 = _chunks(docs2)
    report = build_index(docs2, chunks2, emb, index)
    assert report.changed == ("b",)
    assert report.unchanged == ("a", "c")
    assert report.added == () and report.removed == ()
    new_b_texts = {c.embed_text for c in chunks2 if c.doc_id == "b"}
    old_b_texts = {c.embed_text for c in _chunks(small_docs) if c.doc_id == "b"}
    assert set(emb.embedded) == new_b_texts - old_b_texts  # only the new passage of b
    assert report.embedded_chunks == len(emb.embedded)
    assert report.reused_chunks == len(chunks2) - report.embedded_chunks

    data = load_index(index, emb.id)
    assert data.chunks == chunks2
    fresh = emb.embed_passages([c.embed_text for c in chunks2])
    np.testing.assert_allclose(data.vectors.reconstruct_n(0, len(chunks2)), fresh, atol=1e-5)
    # BM25 built from reused tokens scores like one built from scratch.
    scratch = build_bm25([tokenize(c.embed_text) for c in chunks2])
    for query in ("书香机关", "职工书屋", "三会一课"):
        ids = tokenize(query)
        np.testing.assert_allclose(data.bm25.get_scores(ids), scratch.get_scores(ids), atol=1e-6)


def test_removed_document_disappears_and_added_one_is_embedded(
    tmp_path: Path, small_docs: tuple[Any, ...]
) -> None:
    emb = CountingEmbedder()
    index = tmp_path / "index"
    build_index(small_docs, _chunks(small_docs), emb, index)
    emb.embedded.clear()
    d = make_document("d", "严格落实中央八项规定精神。", department="丁局")
    docs2 = (small_docs[0], small_docs[2], d)
    report = build_index(docs2, _chunks(docs2), emb, index)
    assert report.removed == ("b",) and report.added == ("d",)
    assert set(emb.embedded) == {c.embed_text for c in _chunks((d,))}
    data = load_index(index, emb.id)
    assert {c.doc_id for c in data.chunks} == {"a", "c", "d"}
    assert data.document("b") is None
    assert "b" not in data.manifest["documents"]


def test_nothing_changed_keeps_the_build(tmp_path: Path, small_docs: tuple[Any, ...]) -> None:
    emb = CountingEmbedder()
    index = tmp_path / "index"
    build_index(small_docs, _chunks(small_docs), emb, index)
    before = _current(index)
    emb.embedded.clear()
    report = build_index(small_docs, _chunks(small_docs), emb, index)
    assert not report.written and report.embedded_chunks == 0
    assert report.unchanged == ("a", "b", "c")
    assert _current(index) == before and emb.embedded == []
    rebuilt = build_index(small_docs, _chunks(small_docs), emb, index, rebuild=True)
    assert rebuilt.written and rebuilt.embedded_chunks == rebuilt.chunk_count
    assert _current(index) != before
    assert [p.name for p in (index / "builds").iterdir()] == [_current(index)]


def test_metadata_change_counts_as_a_change(tmp_path: Path, small_docs: tuple[Any, ...]) -> None:
    emb = CountingEmbedder()
    index = tmp_path / "index"
    build_index(small_docs, _chunks(small_docs), emb, index)
    moved = dataclasses.replace(
        small_docs[0], meta=dataclasses.replace(small_docs[0].meta, department="甲局机关党委")
    )
    docs2 = (moved, *small_docs[1:])
    report = build_index(docs2, _chunks(docs2), emb, index)
    assert report.changed == ("a",)
    data = load_index(index, emb.id)
    assert {c.department for c in data.chunks if c.doc_id == "a"} == {"甲局机关党委"}


@pytest.mark.slow
def test_interrupted_build_leaves_the_previous_index(
    tmp_path: Path, small_docs: tuple[Any, ...]
) -> None:
    emb = CountingEmbedder()
    index = tmp_path / "index"
    build_index(small_docs, _chunks(small_docs), emb, index)
    before = _current(index)
    before_chunks = load_index(index, emb.id).chunks

    more = (
        *small_docs,
        *(make_document(f"x{i}", f"第{i}项：加强党员教育管理。") for i in range(4)),
    )
    calls: list[tuple[int, int]] = []

    def crash(done: int, total: int) -> None:
        calls.append((done, total))
        if done > 0:
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-embedding

    with pytest.raises(KeyboardInterrupt):
        build_index(more, _chunks(more), emb, index, progress=crash)
    assert calls[-1][0] < calls[-1][1]  # it really stopped half-way
    assert _current(index) == before
    assert load_index(index, emb.id).chunks == before_chunks
    assert [p.name for p in (index / "builds").iterdir()] == [before]

    # A build that died while writing leaves a temporary folder; the next build removes it.
    (index / "builds" / ".tmp-20990101T000000-dead").mkdir()
    report = build_index(more, _chunks(more), emb, index)
    assert report.added == ("x0", "x1", "x2", "x3")
    assert [p.name for p in (index / "builds").iterdir()] == [_current(index)]


def test_progress_reports_every_batch(tmp_path: Path, small_docs: tuple[Any, ...]) -> None:
    emb = CountingEmbedder()
    seen: list[tuple[int, int]] = []
    report = build_index(
        small_docs,
        _chunks(small_docs),
        emb,
        tmp_path / "i",
        progress=lambda d, t: seen.append((d, t)),
    )
    total = report.embedded_chunks
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_index_status(tmp_path: Path, mini_index_dir: Path) -> None:
    assert index_status(tmp_path) is None
    status = index_status(mini_index_dir)
    assert status is not None and status["chunk_count"] > 0


# --- FAISS: flat is exact, HNSW close to it -----------------------------------------


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(64, dim))
    x = centres[rng.integers(0, 64, n)] + 0.6 * rng.normal(size=(n, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def test_flat_index_equals_brute_force_numpy() -> None:
    x = _clustered(3000, 384, 1)
    q = _clustered(20, 384, 2)
    index = new_vector_index(x, approx=False)
    scores, rows = index.search(q, 10)
    brute = np.argsort(-(q @ x.T), axis=1, kind="stable")[:, :10]
    np.testing.assert_array_equal(rows, brute)
    np.testing.assert_allclose(scores, np.take_along_axis(q @ x.T, brute, axis=1), atol=1e-5)


@pytest.mark.slow
def test_hnsw_recall_at_10_against_flat() -> None:
    x = _clustered(20_000, 384, 3)
    q = _clustered(200, 384, 4)
    _, exact = new_vector_index(x, approx=False).search(q, 10)
    hnsw = new_vector_index(x, approx=True)
    assert isinstance(hnsw, faiss.IndexHNSWFlat)
    _, approx = hnsw.search(q, 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
    print(f"HNSW recall@10 vs flat: {recall:.4f}")
    assert recall >= 0.95


def test_large_index_switches_to_hnsw(
    tmp_path: Path, small_docs: tuple[Any, ...], bundled_embedder: BundledEmbedder
) -> None:
    chunks = _chunks(small_docs)
    report = build_index(small_docs, chunks, bundled_embedder, tmp_path / "i", approx_threshold=2)
    assert report.index_type == "hnsw-ip"
    data = load_index(tmp_path / "i", bundled_embedder.id)
    assert isinstance(data.vectors, faiss.IndexHNSWFlat)
    assert data.manifest["index_type"] == "hnsw-ip" and data.vectors.ntotal == len(chunks)


# --- rag index -----------------------------------------------------------------------


def _write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "市生态环境局-2022年党建工作要点.txt").write_text(
        "市生态环境局2022年党建工作要点\n一、强化政治建设\n认真落实“三会一课”制度，开展主题党日活动。\n"
        "二、建好书香机关\n深化拓展“书香机关”创建活动。\n",
        encoding="utf-8",
    )
    (folder / "市委政研室-2022年机关党建工作要点.txt").write_text(
        "2022年市委政研室机关党的建设工作要点\n一、突出政治建设\n全覆盖落实第一议题制度。\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.slow
def test_rag_index_builds_then_updates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    args = ["index", "--corpus", str(corpus), "--index", str(index), "--quiet", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first["added"]) == 2 and first["embedded_chunks"] == first["chunk_count"] > 0
    assert first["skipped"] == []

    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["embedded_chunks"] == 0 and len(second["unchanged"]) == 2

    (corpus / "空文件.txt").write_bytes(b"")
    (corpus / "市委政研室-2022年机关党建工作要点.txt").unlink()
    assert main(["index", "--corpus", str(corpus), "--index", str(index), "--quiet"]) == 3
    out, err = capsys.readouterr()
    assert "空文件.txt" in err
    assert "删除 1 份" in out and "市委政研室-2022年机关党建工作要点" in out


def test_rag_index_missing_corpus_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")])
    assert code == 2
    assert "nope" in capsys.readouterr().err


def test_an_empty_corpus_gives_an_empty_index(
    tmp_path: Path, bundled_embedder: BundledEmbedder
) -> None:
    from rag.retrieve import open_retrievers

    report = build_index([], [], bundled_embedder, tmp_path / "i")
    assert report.chunk_count == 0 and report.written
    data = load_index(tmp_path / "i", bundled_embedder.id)
    assert data.chunks == () and data.bm25 is None
    for retriever in open_retrievers(data, bundled_embedder).values():
        assert retriever.retrieve("三会一课", 5) == []
