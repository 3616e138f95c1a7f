"""The Milvus store: the same index on an engine that runs from one file to a cluster.

``pymilvus.MilvusClient`` talks to Milvus Lite (a local ``*.db`` folder, in-process), to
Milvus Standalone and to a cluster (``http://host:19530``) with the same code.

One build = three collections named ``<collection>_b<build id>`` (+ ``_docs``, ``_norm``):

- chunks: one row per chunk — its JSON, the filter fields (``doc_id``, ``department``,
  ``kind``, ``year``), the dense vector and a sparse vector holding the chunk's BM25 term
  weights (bm25s' own precomputed weights over our jieba tokens, so a sparse inner product
  is exactly today's BM25 score); term ids are stable hashes of the tokens;
- docs: documents and the manifest as JSON (split in parts below the VARCHAR limit);
- norm: each document's normalised text (``rag.text.normalize``) in overlapping tiles,
  searched with ``like`` for exact-term concordance.

A build is written into new collections; only when complete does the alias
``<collection>`` move to it (``alter_alias``), so readers never see a half-built index and
the previous build stays loadable (it is kept; older ones are dropped). Vectors of chunks
whose ``embed_text`` is unchanged are read back from the build in use instead of being
embedded again. Readers (other app instances) poll the alias and reload when it moves.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from math import lcm
from pathlib import Path
from typing import Any

import numpy as np

from rag.concordance import Concordance
from rag.embed import Embedder
from rag.errors import IndexMismatchError, IndexMissingError, IndexWriteError, RagError
from rag.script import to_simplified
from rag.store import (
    APPROX_THRESHOLD,
    FORMAT_VERSION,
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_M,
    REBUILD_HINT,
    BuildReport,
    IndexData,
    ProgressFn,
    build_bm25,
    chunk_from_json,
    chunk_to_json,
    document_content_hash,
    document_from_json,
    document_to_json,
    embed_missing,
    manifest_documents,
    text_hash,
    vector_key,
)
from rag.text import Normalized, normalize
from rag.tokenize import tokenize, tokenizer_id
from rag.types import Chunk, Document, Hit

__all__ = [
    "MilvusConcordance",
    "MilvusEngine",
    "MilvusStore",
    "filter_expr",
    "route_multiples",
    "sparse_query",
    "token_id",
]

# gRPC (imported with pymilvus) logs keepalive chatter with Milvus Lite's server on stderr;
# it reads this once, at import. Errors still raise.
os.environ.setdefault("GRPC_VERBOSITY", "NONE")

SCHEMA = "dangjian-milvus-v1"
ID_BYTES = 2048  # ids are opaque strings; this bounds their UTF-8 length
PART_CHARS = 16_000  # JSON characters per VARCHAR part (<= 64 000 bytes in UTF-8)
TILE_CHARS = 4_000  # normalised characters a concordance tile owns
TILE_OVERLAP = 256  # ... plus this many of the next tile, so short terms never straddle
MAX_LIMIT = 16_384  # Milvus' top-k and query window limit
INSERT_ROWS = 500
CHUNK_CACHE = 20_000  # parsed chunks an app process keeps (of the ones it has returned)
_SPARSE_SPACE = 2**32 - 1  # sparse dimension ids are 0 .. 2**32 - 2


def _is_remote(uri: str) -> bool:
    return bool(re.match(r"^(https?|tcp|unix|grpc)://", uri))


def _lit(value: str) -> str:
    """A Milvus string literal for ``value`` (escapes per the Milvus expression grammar)."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def filter_expr(filters: Any) -> str:
    """A Milvus boolean expression for ``rag.retrieve.Filters`` ('' = no filter)."""
    if filters is None or filters.empty:
        return ""
    parts = []
    if filters.department is not None:
        parts.append(f"department == {_lit(filters.department)}")
    if filters.doc_id is not None:
        parts.append(f"doc_id == {_lit(filters.doc_id)}")
    if filters.kind is not None:
        parts.append(f"kind == {_lit(filters.kind)}")
    if filters.year is not None:
        parts.append(f"year == {int(filters.year)}")
    return " and ".join(parts)


def token_id(token: str, salt: int = 0) -> int:
    """Stable sparse dimension of a BM25 token (the same in every build and process)."""
    data = token.encode("utf-8") + (b"\x00%d" % salt if salt else b"")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") % _SPARSE_SPACE


def _assign_ids(vocab: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Dimension of each token; tokens whose hash collides get a salted one (returned apart)."""
    ids: dict[str, int] = {}
    taken: set[int] = set()
    moved: dict[str, int] = {}
    for tok in sorted(vocab):
        salt, tid = 0, token_id(tok)
        while tid in taken:
            salt += 1
            tid = token_id(tok, salt)
        ids[tok] = tid
        taken.add(tid)
        if salt:
            moved[tok] = tid
    return ids, moved


def sparse_query(tokens: Sequence[str], moved: Mapping[str, int]) -> dict[int, float]:
    """The query side of BM25 as a sparse vector: each distinct token, weighted by its count
    (bm25s sums a repeated token's column once per occurrence)."""
    return {moved.get(t) or token_id(t): float(n) for t, n in Counter(tokens).items()}


def route_multiples(weights: Sequence[float]) -> list[int]:
    """Whole numbers of repeated RRF routes whose ratios are ``weights`` (1.0, 1.5 -> 2, 3):
    Milvus' RRFRanker is unweighted, and a route given m times adds m/(k + rank)."""
    fracs = [Fraction(w).limit_denominator(8) for w in weights]
    if any(f <= 0 for f in fracs):
        raise ValueError(f"RRF weights must be positive: {weights}")
    den = lcm(*(f.denominator for f in fracs))
    return [int(f * den) for f in fracs]


def _parts(text: str) -> list[str]:
    return [text[i : i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]


def _tiles(norm: str) -> list[tuple[int, str]]:
    """``(own_length, text)`` tiles: each owns TILE_CHARS and carries TILE_OVERLAP more."""
    out = []
    for start in range(0, max(len(norm), 1), TILE_CHARS):
        own = min(TILE_CHARS, len(norm) - start)
        out.append((own, norm[start : start + own + TILE_OVERLAP]))
    return out


def _has_border(needle: str) -> bool:
    """True when a proper prefix equals a suffix (occurrences could overlap)."""
    return any(needle[:i] == needle[-i:] for i in range(1, len(needle)))


def _like_piece(needle: str) -> str:
    """The longest piece of ``needle`` free of LIKE's special characters (% _ \\)."""
    pieces = re.split(r"[%_\\]", needle)
    return max(pieces, key=len) if pieces else ""


class StoreUnavailable(RagError):
    """The Milvus server cannot be reached or refused a request."""


def _milvus_error(uri: str, exc: Exception) -> RagError:
    why = getattr(exc, "message", None) or str(exc)
    return StoreUnavailable(
        f"无法使用 Milvus（{uri}）：{why[:200]}；请检查 RAG_MILVUS_URI 和服务状态"
    )


def _client(uri: str, token: str) -> Any:
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise StoreUnavailable("缺少 pymilvus；请运行 pip install pymilvus milvus-lite") from exc
    if not _is_remote(uri):
        if not uri.endswith(".db"):
            raise StoreUnavailable(
                f"RAG_MILVUS_URI={uri!r} 既不是 http://主机:端口，也不是以 .db 结尾的本地文件"
            )
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
        # The in-process Lite server logs each RPC it lacks (AllocTimestamp, asked for by
        # query iterators, which then fall back to a client-side timestamp).
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
    # pymilvus warns on every query iterator that Milvus Lite has no server timestamp.
    logging.getLogger("pymilvus").setLevel(logging.ERROR)
    try:
        # pymilvus pings every 10 s even when idle; a gRPC server (Milvus Lite's) answers
        # that with GOAWAY "too many pings" and the next call fails: ping only during calls.
        return MilvusClient(
            uri=uri,
            token=token or "",
            grpc_options={
                "grpc.keepalive_time_ms": 60_000,
                "grpc.keepalive_permit_without_calls": 0,
            },
        )
    except Exception as exc:
        if not _is_remote(uri):
            raise StoreUnavailable(
                f"无法打开 Milvus Lite 文件 {uri}：{str(exc)[:160]}。Milvus Lite 一个文件只允许"
                "一个进程使用；几个进程（应用和 rag index）共用索引时，请启动 Milvus 服务"
                "（milvus-lite server 或 Milvus Standalone/集群）并把 RAG_MILVUS_URI 设为 http://主机:端口"
            ) from exc
        raise _milvus_error(uri, exc) from exc


# --- reading ---------------------------------------------------------------------------


def _iterate(
    client: Any, name: str, expr: str, fields: list[str], batch: int = 1000
) -> Iterator[dict[str, Any]]:
    it = client.query_iterator(name, batch_size=batch, filter=expr, output_fields=fields)
    try:
        while True:
            rows = it.next()
            if not rows:
                return
            yield from rows
    finally:
        it.close()


def _read_blobs(client: Any, name: str, what: str) -> dict[str, tuple[int, str]]:
    """``name -> (order, joined data)`` of every blob of one kind in a docs collection."""
    parts: dict[str, dict[int, str]] = {}
    order: dict[str, int] = {}
    for row in _iterate(client, name, f"what == {_lit(what)}", ["name", "part", "data", "pos"]):
        parts.setdefault(row["name"], {})[int(row["part"])] = row["data"]
        order[row["name"]] = int(row["pos"])
    return {n: (order[n], "".join(p[i] for i in sorted(p))) for n, p in parts.items()}


class MilvusEngine:
    """A loaded Milvus build: search, filters and concordance run in Milvus."""

    def __init__(self, client: Any, base: str, manifest: Mapping[str, Any]) -> None:
        self.client = client
        self.chunks_name = base
        self.norm_name = base + "_norm"
        self.moved: dict[str, int] = dict(manifest.get("sparse_moved", {}))
        self.metric_params: dict[str, Any] = {"metric_type": "IP"}
        if manifest.get("index_type") == "hnsw-ip":
            self.metric_params["params"] = {"ef": HNSW_EF_SEARCH}
        self._cache: OrderedDict[str, Chunk] = OrderedDict()
        self._lock = threading.Lock()

    def _chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        """Chunks by id: from this process' cache, the others in one ``get``."""
        out: dict[str, Chunk] = {}
        missing: list[str] = []
        with self._lock:
            for cid in dict.fromkeys(ids):
                got = self._cache.get(cid)
                if got is None:
                    missing.append(cid)
                else:
                    self._cache.move_to_end(cid)
                    out[cid] = got
        if missing:
            try:
                rows = self.client.get(self.chunks_name, ids=missing, output_fields=["chunk"])
            except Exception as exc:
                raise _milvus_error(self.chunks_name, exc) from exc
            fetched = {str(r["id"]): chunk_from_json(json.loads(r["chunk"])) for r in rows}
            with self._lock:
                for cid, chunk in fetched.items():
                    self._cache[cid] = chunk
                while len(self._cache) > CHUNK_CACHE:
                    self._cache.popitem(last=False)
            out |= fetched
        return out

    def _ranked(self, data: Any, field: str, k: int, expr: str) -> list[tuple[str, float]]:
        """``(chunk id, score)`` of the best ``k``, best first; equal scores in corpus order
        (as the FAISS store ranks them), looked for beyond the cut so ties there fall alike."""
        try:
            res = self.client.search(
                self.chunks_name,
                data=[data],
                anns_field=field,
                limit=min(2 * k, MAX_LIMIT),
                filter=expr,
                output_fields=["seq"],
                search_params=self.metric_params if field == "dense" else {"metric_type": "IP"},
            )
        except Exception as exc:
            raise _milvus_error(self.chunks_name, exc) from exc
        rows = [
            (str(r["id"]), float(r["distance"]), int(r["entity"]["seq"]))
            for r in res[0]
            if field == "dense" or float(r["distance"]) > 0
        ]
        if field == "dense":
            rows.sort(key=lambda r: (-r[1], r[2]))
        else:  # Milvus sums BM25 weights in another order than bm25s: equal to 6 digits
            rows.sort(key=lambda r: (-float(f"{r[1]:.6g}"), r[2]))
        return [(cid, score) for cid, score, _ in rows[:k]]

    def _hits(
        self, rankings: Sequence[Sequence[tuple[str, float]]], names: Sequence[str]
    ) -> list[list[Hit]]:
        chunks = self._chunks(cid for ranking in rankings for cid, _ in ranking)
        return [
            [
                Hit(chunk=chunks[cid], score=score, rank=i + 1, retriever=name)
                for i, (cid, score) in enumerate(ranking)
                if cid in chunks  # (a row removed meanwhile: never, builds are immutable)
            ]
            for ranking, name in zip(rankings, names, strict=True)
        ]

    def _dense_ranked(self, qvec: np.ndarray, k: int, expr: str) -> list[tuple[str, float]]:
        return self._ranked([float(x) for x in qvec], "dense", k, expr)

    def _sparse_ranked(self, tokens: Sequence[str], k: int, expr: str) -> list[tuple[str, float]]:
        if not tokens:
            return []
        return self._ranked(sparse_query(tokens, self.moved), "sparse", k, expr)

    def dense(self, qvec: np.ndarray, k: int, expr: str) -> list[Hit]:
        return self._hits([self._dense_ranked(qvec, k, expr)], ["dense"])[0]

    def sparse(self, tokens: Sequence[str], k: int, expr: str) -> list[Hit]:
        return self._hits([self._sparse_ranked(tokens, k, expr)], ["bm25"])[0]

    def hybrid(
        self,
        qvec: np.ndarray,
        tokens: Sequence[str],
        *,
        k: int,
        depth: int,
        expr: str,
        rrf_k: int,
        weights: Sequence[float],
        fusion: str = "client",
    ) -> list[Hit]:
        """Dense and BM25 routes fused by weighted RRF. ``fusion="milvus"``: in Milvus, by
        ``hybrid_search`` + ``RRFRanker``, the weights becoming repeated routes (see
        ``route_multiples``); ``"client"``: two searches in Milvus, fused here by
        ``rag.retrieve.rrf_fuse`` (fewer routes for the engine to run)."""
        from pymilvus import AnnSearchRequest, RRFRanker

        dense_vec = [float(x) for x in qvec]
        if fusion == "client":
            from rag.retrieve import rrf_fuse

            ranked = [
                self._dense_ranked(qvec, depth, expr),
                self._sparse_ranked(tokens, depth, expr),
            ]
            rankings = self._hits(ranked, ["dense", "bm25"])
            return rrf_fuse(rankings, k=rrf_k, weights=weights, limit=k)
        if not tokens:  # no BM25 route: the dense ranking scored as RRF would score it
            hits = self.dense(qvec, min(depth, k), expr)
            return [Hit(h.chunk, weights[0] / (rrf_k + h.rank), h.rank, "hybrid") for h in hits]
        m_dense, m_sparse = route_multiples(weights)
        limit = min(depth, MAX_LIMIT)
        dense_req = AnnSearchRequest(
            data=[dense_vec], anns_field="dense", param=self.metric_params, limit=limit, expr=expr
        )
        sparse_req = AnnSearchRequest(
            data=[sparse_query(tokens, self.moved)],
            anns_field="sparse",
            param={"metric_type": "IP"},
            limit=limit,
            expr=expr,
        )
        try:
            res = self.client.hybrid_search(
                self.chunks_name,
                [dense_req] * m_dense + [sparse_req] * m_sparse,
                RRFRanker(rrf_k),
                limit=min(k, MAX_LIMIT),
            )
        except Exception as exc:
            raise _milvus_error(self.chunks_name, exc) from exc
        scale = weights[0] / m_dense  # back to sum_i w_i / (k + rank_i), as rrf_fuse scores
        rows = [(str(r["id"]), abs(float(r["distance"])) * scale) for r in res[0]]
        rows.sort(key=lambda r: -r[1])  # stable: Milvus' order among equal scores
        return self._hits([rows], ["hybrid"])[0]

    def retrievers(self, index: IndexData, embedder: Embedder) -> dict[str, Any]:
        dense = MilvusDenseRetriever(self, embedder)
        bm25 = MilvusBM25Retriever(self)
        return {"dense": dense, "bm25": bm25, "hybrid": MilvusHybridRetriever(self, embedder)}

    def concordance(self, index: IndexData) -> MilvusConcordance:
        return MilvusConcordance(self, index.documents)


class MilvusDenseRetriever:
    name = "dense"

    def __init__(self, engine: MilvusEngine, embedder: Embedder) -> None:
        self._engine = engine
        self._embedder = embedder

    def search_vector(self, qvec: np.ndarray, k: int, filters: Any = None) -> list[Hit]:
        if k <= 0:
            return []
        return self._engine.dense(qvec, k, filter_expr(filters))

    def retrieve(self, query: str, k: int = 10, filters: Any = None) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        return self.search_vector(self._embedder.embed_query_np(to_simplified(query)), k, filters)


class MilvusBM25Retriever:
    name = "bm25"

    def __init__(self, engine: MilvusEngine) -> None:
        self._engine = engine

    def retrieve(self, query: str, k: int = 10, filters: Any = None) -> list[Hit]:
        if k <= 0:
            return []
        return self._engine.sparse(tokenize(query), k, filter_expr(filters))


class MilvusHybridRetriever:
    """Same defaults as ``rag.retrieve.HybridRetriever`` (RRF k=10, BM25 weighted 1.5,
    depth 50 per route). ``fusion="client"`` (default): one dense and one BM25 search in
    Milvus, fused here by ``rag.retrieve.rrf_fuse``; ``"milvus"``: ``hybrid_search`` with
    ``RRFRanker``, the 1.5 weight as 2 + 3 repeated routes. Both rank alike (tests); the
    two searches were 1.7-4x faster than hybrid_search's five in every bench_stores run."""

    name = "hybrid"

    def __init__(
        self,
        engine: MilvusEngine,
        embedder: Embedder,
        *,
        rrf_k: int = 10,
        weights: Sequence[float] = (1.0, 1.5),
        depth: int = 50,
        fusion: str = "client",
    ) -> None:
        if fusion not in ("milvus", "client"):
            raise ValueError(f"unknown fusion {fusion!r}")
        self._engine = engine
        self._embedder = embedder
        self.rrf_k = rrf_k
        self.weights = tuple(weights)
        self.depth = depth
        self.fusion = fusion

    def retrieve(self, query: str, k: int = 10, filters: Any = None) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        return self._engine.hybrid(
            self._embedder.embed_query_np(to_simplified(query)),
            tokenize(query),
            k=k,
            depth=max(k, self.depth),
            expr=filter_expr(filters),
            rrf_k=self.rrf_k,
            weights=self.weights,
            fusion=self.fusion,
        )


class MilvusConcordance(Concordance):
    """Exact-term concordance over the normalised tiles in Milvus: the same counts and
    hits as ``rag.concordance.Concordance``, but only documents holding the term are
    normalised in this process (a few, cached), not the whole corpus."""

    def __init__(self, engine: MilvusEngine, documents: Iterable[Document]) -> None:
        # No call to Concordance.__init__: it would normalise every document here.
        self._engine = engine
        self._docs = tuple(documents)
        self._by_id = {d.doc_id: d for d in self._docs}
        self._norms: OrderedDict[str, Normalized] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    def _normalized(self, doc: Document) -> Normalized:
        with self._lock:
            got = self._norms.get(doc.doc_id)
            if got is not None:
                self._norms.move_to_end(doc.doc_id)
                return got
        got = Normalized(doc.text)
        with self._lock:
            self._norms[doc.doc_id] = got
            while len(self._norms) > 64:
                self._norms.popitem(last=False)
        return got

    def _tiles(self, needle: str, wanted: set[str] | None) -> list[dict[str, Any]]:
        piece = _like_piece(needle)[:TILE_OVERLAP]
        conds = []
        if piece:
            conds.append(f"norm like {_lit('%' + piece + '%')}")
        if wanted is not None:
            conds.append(f"doc_id in [{', '.join(_lit(d) for d in sorted(wanted))}]")
        try:
            return list(
                _iterate(
                    self._engine.client,
                    self._engine.norm_name,
                    " and ".join(conds),
                    ["doc_id", "own", "norm"],
                )
            )
        except Exception as exc:
            raise _milvus_error(self._engine.norm_name, exc) from exc

    def count(self, term: str, doc_ids: Iterable[str] | None = None) -> int:
        needle = normalize(term)
        if not needle:
            return 0
        wanted = set(doc_ids) if doc_ids is not None else None
        if wanted is not None and not wanted:
            return 0
        rows = self._tiles(needle, wanted)
        if len(needle) <= TILE_OVERLAP and not _has_border(needle):
            # Occurrences cannot overlap, and each starts in exactly one tile's own part.
            total = 0
            for r in rows:
                text, own = r["norm"], int(r["own"])
                pos = text.find(needle)
                while pos != -1 and pos < own:
                    total += 1
                    pos = text.find(needle, pos + 1)
            return total
        docs = {r["doc_id"] for r in rows}
        return sum(
            self._normalized(self._by_id[d]).text.count(needle) for d in docs if d in self._by_id
        )

    def _holding(self, needle: str, wanted: set[str] | None) -> Iterator[Document]:
        if wanted is not None and not wanted:
            return
        holding = {r["doc_id"] for r in self._tiles(needle, wanted)}
        for doc in self._docs:  # corpus order, as the in-memory concordance
            if doc.doc_id in holding:
                yield doc


# --- the store -------------------------------------------------------------------------


class MilvusStore:
    """Builds and loads the index in Milvus (Lite file, Standalone or cluster)."""

    name = "milvus"

    def __init__(self, uri: str, *, token: str = "", collection: str = "dangjian") -> None:
        self.uri = uri
        self.token = token
        self.alias = collection
        self._client_obj: Any = None
        self._loaded: set[str] = set()

    @property
    def client(self) -> Any:
        if self._client_obj is None:
            self._client_obj = _client(self.uri, self.token)
        return self._client_obj

    def close(self) -> None:
        """Close the connection; for a Milvus Lite file also stop this process' engine for
        it, so another process can open the file (Lite allows one process per file)."""
        if self._client_obj is not None:
            with contextlib.suppress(Exception):
                self._client_obj.close()
            self._client_obj = None
        if not _is_remote(self.uri):
            with contextlib.suppress(ImportError):
                from milvus_lite.server_manager import server_manager_instance

                server_manager_instance.release_server(self.uri)
        self._loaded.clear()

    # -- names ---------------------------------------------------------------------------

    def _base(self, build_id: str) -> str:
        return f"{self.alias}_b{build_id.replace('-', '_')}"

    def _current_base(self) -> str | None:
        try:
            if self.alias not in self.client.list_aliases().get("aliases", []):
                return None
            name = self.client.describe_alias(self.alias).get("collection_name")
        except RagError:
            raise
        except Exception as exc:
            raise _milvus_error(self.uri, exc) from exc
        return str(name) if name else None

    def current_id(self) -> str | None:
        base = self._current_base()
        if base is None:
            return None
        prefix = f"{self.alias}_b"
        if not base.startswith(prefix):
            return None
        raw = base[len(prefix) :]
        return raw[:15] + "-" + raw[16:] if len(raw) > 16 else raw

    def _ensure_loaded(self, base: str) -> None:
        """Load a build's collections into the engine's memory (a restarted Milvus or Lite
        process starts with them released); idempotent."""
        if base in self._loaded:
            return
        for suffix in ("", "_docs", "_norm"):
            state = self.client.get_load_state(base + suffix).get("state")
            if "Loaded" not in str(state):
                self.client.load_collection(base + suffix)
        self._loaded.add(base)

    def _manifest(self, base: str) -> dict[str, Any]:
        self._ensure_loaded(base)
        blobs = _read_blobs(self.client, base + "_docs", "manifest")
        if "manifest" not in blobs:
            raise IndexMissingError(f"Milvus 集合 {base} 缺少索引清单；{REBUILD_HINT}")
        manifest: dict[str, Any] = json.loads(blobs["manifest"][1])
        return manifest

    def status(self) -> dict[str, Any] | None:
        try:
            base = self._current_base()
            return self._manifest(base) if base else None
        except RagError:
            return None

    # -- load ----------------------------------------------------------------------------

    def load(self, embedder_id: str) -> IndexData:
        base = self._current_base()
        if base is None:
            raise IndexMissingError(
                f"Milvus（{self.uri}）里还没有索引 {self.alias}，请先运行 rag index --store milvus"
            )
        try:
            manifest = self._manifest(base)
            if manifest.get("format_version") != FORMAT_VERSION or manifest.get("schema") != SCHEMA:
                raise IndexMismatchError(
                    f"Milvus 索引格式是 {manifest.get('schema')}，当前程序需要 {SCHEMA}；{REBUILD_HINT}"
                )
            if manifest.get("embedder_id") != embedder_id:
                raise IndexMismatchError(
                    f"索引是用嵌入模型 {manifest.get('embedder_id')} 建立的，当前设置的是 "
                    f"{embedder_id}；{REBUILD_HINT}"
                )
            blobs = _read_blobs(self.client, base + "_docs", "doc")
        except RagError:
            raise
        except Exception as exc:
            raise _milvus_error(self.uri, exc) from exc
        ordered = sorted(blobs.values(), key=lambda t: t[0])
        documents = tuple(document_from_json(json.loads(data)) for _, data in ordered)
        path = Path(self.uri) if not _is_remote(self.uri) else Path(self.alias)
        return IndexData(
            path=path,
            manifest=manifest,
            documents=documents,
            chunks=(),
            vectors=None,
            bm25=None,
            engine=MilvusEngine(self.client, base, manifest),
        )

    # -- build ---------------------------------------------------------------------------

    def _previous(
        self, base: str | None, embedder: Embedder, rebuild: bool
    ) -> tuple[dict[str, Any] | None, dict[str, np.ndarray], dict[str, list[str]], str]:
        if base is None:
            return None, {}, {}, ""
        try:
            manifest = self._manifest(base)
        except Exception:
            return None, {}, {}, "旧索引无法读取，已全部重新向量化"
        if rebuild:
            return manifest, {}, {}, "按要求全部重新向量化"
        if manifest.get("schema") != SCHEMA or manifest.get("embedder_id") != embedder.id:
            return manifest, {}, {}, "旧索引的格式或嵌入模型不同，已全部重新向量化"
        vectors: dict[str, np.ndarray] = {}
        tokens: dict[str, list[str]] = {}
        same_tok = manifest.get("tokenizer") == tokenizer_id()
        fields = ["h", "dense"] + (["tokens"] if same_tok else [])
        for row in _iterate(self.client, base, "", fields):
            vectors[row["h"]] = np.asarray(row["dense"], dtype=np.float32)
            if same_tok:
                tokens[row["h"]] = json.loads(row["tokens"])
        return manifest, vectors, tokens, ""

    def _create(self, base: str, dim: int, approx: bool) -> None:
        from pymilvus import DataType, MilvusClient

        c = self.client
        s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=ID_BYTES)
        s.add_field("seq", DataType.INT64)
        s.add_field("doc_id", DataType.VARCHAR, max_length=ID_BYTES)
        s.add_field("department", DataType.VARCHAR, max_length=ID_BYTES)
        s.add_field("kind", DataType.VARCHAR, max_length=256)
        s.add_field("year", DataType.INT64)
        s.add_field("h", DataType.VARCHAR, max_length=64)
        s.add_field("chunk", DataType.VARCHAR, max_length=65_535)
        s.add_field("tokens", DataType.VARCHAR, max_length=65_535)
        s.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        ip = c.prepare_index_params()
        if approx:
            ip.add_index(
                field_name="dense",
                index_type="HNSW",
                metric_type="IP",
                params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
            )
        else:
            ip.add_index(field_name="dense", index_type="FLAT", metric_type="IP")
        ip.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        c.create_collection(base, schema=s, index_params=ip, consistency_level="Strong")

        for suffix, extra in (("_docs", "blob"), ("_norm", "norm")):
            s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            s.add_field("key", DataType.VARCHAR, is_primary=True, max_length=ID_BYTES + 40)
            if extra == "blob":
                s.add_field("what", DataType.VARCHAR, max_length=16)
                s.add_field("name", DataType.VARCHAR, max_length=ID_BYTES)
                s.add_field("pos", DataType.INT64)
                s.add_field("part", DataType.INT64)
                s.add_field("data", DataType.VARCHAR, max_length=65_535)
            else:
                s.add_field("doc_id", DataType.VARCHAR, max_length=ID_BYTES)
                s.add_field("own", DataType.INT64)
                s.add_field("norm", DataType.VARCHAR, max_length=65_535)
            # Milvus needs a vector field in every collection; these two numbers are unused.
            s.add_field("v", DataType.FLOAT_VECTOR, dim=2)
            ip = c.prepare_index_params()
            ip.add_index(field_name="v", index_type="FLAT", metric_type="L2")
            c.create_collection(
                base + suffix, schema=s, index_params=ip, consistency_level="Strong"
            )

    def _insert(self, name: str, rows: Iterable[dict[str, Any]]) -> None:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= INSERT_ROWS:
                self.client.insert(name, batch)
                batch = []
        if batch:
            self.client.insert(name, batch)

    def _drop(self, base: str) -> None:
        for suffix in ("", "_docs", "_norm"):
            with contextlib.suppress(Exception):
                self.client.drop_collection(base + suffix)

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
        approx_threshold: int = APPROX_THRESHOLD,
    ) -> BuildReport:
        from rag.store import check_inputs

        started = time.perf_counter()
        check_inputs(documents, chunks)
        old_base = self._current_base()
        previous, reuse, old_tokens, note = self._previous(old_base, embedder, rebuild)
        old_docs: dict[str, str] = {}
        if previous is not None:
            with contextlib.suppress(AttributeError, KeyError, TypeError):
                old_docs = {
                    str(k): str(v["content_hash"]) for k, v in previous["documents"].items()
                }
        new_docs = {d.doc_id: document_content_hash(d) for d in documents}
        added = tuple(sorted(d for d in new_docs if d not in old_docs))
        removed = tuple(sorted(d for d in old_docs if d not in new_docs))
        changed = tuple(sorted(d for d in new_docs if d in old_docs and old_docs[d] != new_docs[d]))
        unchanged = tuple(sorted(d for d in new_docs if old_docs.get(d) == new_docs[d]))
        texts = [c.embed_text for c in chunks]
        hashes = [vector_key(t) for t in texts]  # as the FAISS store keys reuse
        chunk_json = [json.dumps(chunk_to_json(c), ensure_ascii=False) for c in chunks]
        chunks_hash = text_hash("".join(h + j for h, j in zip(hashes, chunk_json, strict=True)))
        approx = len(chunks) > approx_threshold
        index_type = "hnsw-ip" if approx else "flat-ip"
        if (
            previous is not None
            and reuse
            and not (added or removed or changed)
            and previous.get("chunks_hash") == chunks_hash
            and previous.get("index_type") == index_type
            and previous.get("tokenizer") == tokenizer_id()
            and dict(chunking or {}) == previous.get("chunking", {})
        ):
            return BuildReport(
                added, changed, removed, unchanged,
                embedded_chunks=0,
                reused_chunks=len(chunks),
                seconds=time.perf_counter() - started,
                build_id=str(previous.get("build_id", "")),
                chunk_count=len(chunks),
                index_type=index_type,
                written=False,
                note="没有变化，沿用现有索引",
            )  # fmt: skip

        missing = [t for t, h in zip(texts, hashes, strict=True) if h not in reuse]
        fresh = embed_missing(
            missing, embedder, progress, workers=workers, embedder_factory=embedder_factory
        )
        reused = sum(1 for h in hashes if h in reuse)
        token_lists = [old_tokens.get(h) or tokenize(t) for t, h in zip(texts, hashes, strict=True)]
        bm25 = build_bm25(token_lists)
        rows_sparse: list[dict[int, float]] = [{} for _ in chunks]
        moved: dict[str, int] = {}
        if bm25 is not None:
            sc = bm25.scores
            indptr = np.asarray(sc["indptr"])
            n_cols = len(indptr) - 1
            # bm25s' vocabulary may hold an entry with no column (its empty-text token).
            vocab = {t: int(c) for t, c in bm25.vocab_dict.items() if int(c) < n_cols}
            ids, moved = _assign_ids(vocab)
            dim_of = np.zeros(n_cols, dtype=np.int64)
            for tok, col in vocab.items():
                dim_of[col] = ids[tok]
            # bm25s keeps weights by term (CSC); Milvus wants them by chunk.
            cols = np.repeat(np.arange(n_cols), np.diff(indptr))
            rows = np.asarray(sc["indices"])
            weights = np.asarray(sc["data"])
            order = np.argsort(rows, kind="stable")
            bounds = np.searchsorted(rows[order], np.arange(len(chunks) + 1))
            for i in range(len(chunks)):
                sel = order[bounds[i] : bounds[i + 1]]
                rows_sparse[i] = {
                    int(dim_of[j]): float(w)
                    for j, w in zip(cols[sel], weights[sel], strict=True)
                    if w > 0
                }
        del bm25

        build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)
        base = self._base(build_id)
        per_doc = Counter(c.doc_id for c in chunks)
        manifest: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "schema": SCHEMA,
            "build_id": build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embedder_id": embedder.id,
            "dim": embedder.dim,
            "index_type": index_type,
            "store": "milvus",
            "collection": base,
            "chunk_count": len(chunks),
            "document_count": len(documents),
            "chunks_hash": chunks_hash,
            "tokenizer": tokenizer_id(),
            "bm25": "bm25s-sparse",
            "sparse_moved": moved,
            "chunking": dict(chunking or {}),
            "documents": manifest_documents(documents, new_docs, per_doc),
        }

        def chunk_rows() -> Iterator[dict[str, Any]]:
            for i, c in enumerate(chunks):
                h = hashes[i]
                vec = reuse[h] if h in reuse else fresh[texts[i]]
                yield {
                    "id": c.chunk_id,
                    "seq": i,
                    "doc_id": c.doc_id,
                    "department": c.department,
                    "kind": c.kind,
                    "year": c.year if c.year is not None else -1,
                    "h": h,
                    "chunk": chunk_json[i],
                    "tokens": json.dumps(token_lists[i], ensure_ascii=False),
                    "dense": [float(x) for x in vec],
                    "sparse": rows_sparse[i],
                }

        def blob_rows() -> Iterator[dict[str, Any]]:
            items = [("manifest", "manifest", -1, json.dumps(manifest, ensure_ascii=False))]
            items += [
                ("doc", d.doc_id, i, json.dumps(document_to_json(d), ensure_ascii=False))
                for i, d in enumerate(documents)
            ]
            for what, name, pos, data in items:
                for p, part in enumerate(_parts(data)):
                    yield {
                        "key": f"{what}:{p}:{name}",
                        "what": what,
                        "name": name,
                        "pos": pos,
                        "part": p,
                        "data": part,
                        "v": [0.0, 0.0],
                    }

        def norm_rows() -> Iterator[dict[str, Any]]:
            for d in documents:
                for t, (own, text) in enumerate(_tiles(normalize(d.text))):
                    yield {
                        "key": f"{t}:{d.doc_id}",
                        "doc_id": d.doc_id,
                        "own": own,
                        "norm": text,
                        "v": [0.0, 0.0],
                    }

        try:
            self._create(base, embedder.dim, approx)
            self._insert(base, chunk_rows())
            self._insert(base + "_docs", blob_rows())
            self._insert(base + "_norm", norm_rows())
            for suffix in ("", "_docs", "_norm"):
                self.client.flush(base + suffix)
                self.client.load_collection(base + suffix)
            # The switch: readers see the new build from here on, never a part of it.
            if old_base is None and self.alias not in self.client.list_aliases().get("aliases", []):
                self.client.create_alias(base, self.alias)
            else:
                self.client.alter_alias(base, self.alias)
        except Exception as exc:
            self._drop(base)
            if isinstance(exc, RagError):
                raise
            raise IndexWriteError(
                f"无法写入 Milvus 索引（{self.uri}）：{str(exc)[:200]}；原来的索引没有改动，仍可使用"
            ) from exc
        self._drop_old(keep={base, old_base})
        return BuildReport(
            added, changed, removed, unchanged,
            embedded_chunks=len(chunks) - reused,
            reused_chunks=reused,
            seconds=time.perf_counter() - started,
            build_id=build_id,
            chunk_count=len(chunks),
            index_type=index_type,
            note=note,
        )  # fmt: skip

    def _drop_old(self, keep: set[str | None]) -> None:
        """Drop this alias' builds other than the new and the previous one (and leftovers
        of interrupted builds)."""
        prefix = f"{self.alias}_b"
        with contextlib.suppress(Exception):
            for name in self.client.list_collections():
                stem = re.sub(r"_(docs|norm)$", "", name)
                if name.startswith(prefix) and stem not in keep:
                    self.client.drop_collection(name)
