"""The one façade both edges (CLI and UI) call: a library = corpus + index.

``Library.open`` loads the index (building or updating it from the corpus when
asked), and then ``ask``, ``search``, ``retrieve``, ``documents`` and the
library-management calls work on it. A feature added here appears in both
the ``rag`` command and the app.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.answer import AnswerContext, answer_query, respelt_department, with_fix_notes
from rag.chunk import check_chunk_count, chunk_document
from rag.concordance import PAGE_ROWS, Concordance
from rag.config import Settings
from rag.embed import Embedder, get_embedder
from rag.errors import (
    ConfigError,
    IndexMissingError,
    IndexWriteError,
    LoadError,
    QuestionError,
    RagError,
)
from rag.followup import MAX_CHAIN, Scope, apply_scope, followup_of, orphan_answer, scope_after
from rag.heap import settle
from rag.lru import LRU
from rag.numeral_years import arabic_years
from rag.question import Query, departments_named, resolve_followup, same_organ, understand
from rag.question_parts import (
    combined,
    conjoined,
    lent_topic,
    part_kind,
    parts_asked,
    spaced,
    split_parts,
    topic_of_own,
)
from rag.retrieve import Filters, Retriever, open_retrievers
from rag.script import to_simplified
from rag.source_request import asked_span
from rag.store import (
    BuildReport,
    IndexData,
    Store,
    open_store,
)
from rag.syncstamp import Stamp, digest, read_stamp, write_stamp
from rag.text import normalize
from rag.tokenize import user_terms
from rag.types import Answer, Chunk, DocMeta, Document, Hit, Skipped, TermHit, TermPage
from rag.typo import Fix

if TYPE_CHECKING:  # the readers and corpus management load only when a command needs them
    from rag import manage
    from rag.ingest import Corpus

log = logging.getLogger(__name__)

__all__ = ["MAX_TERM_CHARS", "Library", "check_question", "check_term", "sync_index"]

# A term (concordance search) is a phrase, not a paragraph.
MAX_TERM_CHARS = 50
# The scopes that conversations' turns left, kept per build (at least; more when the answer
# cache is larger): a small frozen record each, so a few hundred kilobytes at most.
TURN_SCOPES = 1024

ProgressFn = Callable[[int, int], None]


def check_question(question: str, max_chars: int) -> str:
    """The question stripped, or ``QuestionError`` with a message for the person asking."""
    q = (question or "").strip()
    if not q:
        raise QuestionError("请输入问题。")
    if len(q) > max_chars:
        raise QuestionError(
            f"问题太长（{len(q)} 字），请控制在 {max_chars} 字以内，或只保留要问的部分。"
        )
    if not re.search(r"[\w\u4e00-\u9fff]", q):
        raise QuestionError("问题里没有可检索的文字，请用文字描述要找的内容。")
    if re.search("[\ud800-\udfff]", q):
        # Lone surrogates (bytes that were not UTF-8) cannot be encoded for the model or the
        # JSON output; they come from a wrongly encoded paste or terminal.
        raise QuestionError("问题里有无法识别的字符（编码不对），请重新输入或粘贴问题。")
    return q


def check_term(term: str) -> str:
    """A search term stripped, or ``QuestionError`` when it is empty, too long or has no
    searchable characters (the page and ``rag search`` refuse the same terms)."""
    t = (term or "").strip()
    if not t:
        raise QuestionError("请输入要查找的表述，例如：三会一课")
    if len(t) > MAX_TERM_CHARS:
        raise QuestionError(f"表述太长（{len(t)} 字），请控制在 {MAX_TERM_CHARS} 字以内")
    if not normalize(t):
        raise QuestionError("表述里没有可查找的文字")
    return t


def _within_chunk_cap(corpus: Corpus, settings: Settings) -> tuple[Corpus, list[Chunk]]:
    """The corpus without documents over ``MAX_CHUNKS_PER_DOCUMENT`` (moved to ``skipped``
    with the reason) and the chunks of the rest."""
    keep: list[Document] = []
    chunks: list[Chunk] = []
    skipped = list(corpus.skipped)
    for doc in corpus.documents:
        mine = chunk_document(doc, settings.chunk_max_chars)
        try:
            check_chunk_count(len(mine))
        except LoadError as exc:
            from rag.ingest import document_files

            path = document_files(settings.corpus_dir).get(doc.doc_id)
            skipped.append(Skipped(path.name if path else doc.doc_id, str(exc)))
            continue
        keep.append(doc)
        chunks.extend(mine)
    if len(keep) == len(corpus.documents):
        return corpus, chunks
    return replace(corpus, documents=tuple(keep), skipped=tuple(skipped)), chunks


def sync_index(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: ProgressFn | None = None,
    rebuild: bool = False,
    workers: int = 1,
    store: Store | None = None,
) -> tuple[Corpus, BuildReport]:
    """Build or update the index from the corpus folder (only changed documents are embedded),
    in the store ``settings.store`` names; ``workers`` processes embed when > 1."""
    from rag.ingest import load_corpus

    corpus = load_corpus(settings.corpus_dir, max_bytes=settings.max_upload_bytes)
    corpus, chunks = _within_chunk_cap(corpus, settings)
    report = (store or open_store(settings)).build(
        corpus.documents,
        chunks,
        embedder,
        progress=progress,
        rebuild=rebuild,
        chunking={"max_chars": settings.chunk_max_chars, "chunker": "outline-v1"},
        workers=workers,
        embedder_factory=functools.partial(get_embedder, settings),
    )
    return corpus, report


def _sync_digest(settings: Settings, embedder: Embedder) -> str | None:
    """The digest ``rag.syncstamp`` compares, for the file store (``None``: always update)."""
    if settings.store != "faiss" or not settings.index_dir.is_dir():
        return None
    return digest(settings.corpus_dir, repr(settings), embedder.id)


@dataclass(frozen=True)
class _Folded:
    """The documents' names and texts folded to Simplified once per build (questions are
    matched against them; folding the whole corpus for every question cost O(corpus))."""

    metas: tuple[DocMeta, ...]
    texts: dict[str, str]
    names: dict[str, str]  # folded department name -> the documents' own spelling


def _fold_documents(docs: Sequence[Document]) -> _Folded:
    names: dict[str, str] = {}
    metas = []
    for d in docs:
        dept = to_simplified(d.meta.department)
        names.setdefault(dept, d.meta.department)
        metas.append(replace(d.meta, title=to_simplified(d.meta.title), department=dept))
    texts = {d.doc_id: to_simplified(d.text) for d in docs}
    return _Folded(tuple(metas), texts, names)


# (question, the scope the conversation before it leaves, filters): what a reading and an
# answer of one build depend on.
_AskKey = tuple[str, "Scope | None", "Filters | None"]


@dataclass(frozen=True)
class _State:
    index: IndexData
    retrievers: dict[str, Retriever]
    context: AnswerContext
    folded: _Folded
    # Per build, so an update (a new state) starts them empty: the same question asked
    # again (a second user, a refresh) gets the same Answer without being worked out again.
    queries: LRU[_AskKey, Query]
    answers: LRU[_AskKey, Answer]
    # What each turn of a conversation leaves for the next (``rag.followup.Scope``), kept
    # when the turn is answered: a conversation's next question starts from it instead of
    # working the earlier turns out again. Not an answer cache, so kept with it off too.
    scopes: LRU[_AskKey, Scope]


class Library:
    """A corpus and its index, ready to answer. Thread-safe for concurrent ``ask`` calls;
    ``reload`` swaps the whole state at once so answers in flight keep a consistent view."""

    # How often (seconds) a library on a shared engine (Milvus) checks whether another
    # instance has switched the build, and reloads when it has.
    REFRESH_S = 2.0

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        index: IndexData,
        *,
        store: Store | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store or open_store(settings)
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._state = self._make_state(index)
        self.skipped: tuple[tuple[str, str], ...] = ()
        self.sync_error: str | None = None  # why the last update at open failed, if it did
        # What was wrong in metadata.json at the last update (those values were left out).
        self.metadata_error: str | None = None
        self._llm: Any = None
        self._reader: Any = None  # rag.llm_read.LLMReader, built on first use
        self._headings: tuple[_State, frozenset[str]] | None = None
        self._serving = False

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        sync: bool = False,
        progress: ProgressFn | None = None,
        embedder: Embedder | None = None,
        sync_failure_ok: bool = False,
    ) -> Library:
        """Load the index; with ``sync`` first bring it up to date with the corpus
        (built on first use). Without ``sync`` a missing index is built too."""
        embedder = embedder or get_embedder(settings)
        skipped: tuple[tuple[str, str], ...] = ()
        sync_error: str | None = None
        store = open_store(settings)
        metadata_error: str | None = None
        stamp = _sync_digest(settings, embedder) if sync else None
        saved = read_stamp(settings.index_dir) if stamp is not None else None
        if saved is not None and saved.digest == stamp and saved.build_id == store.current_id():
            # nothing the update reads has changed since it last ran: skip it (its warnings
            # are repeated)
            skipped, metadata_error = saved.skipped, saved.metadata_error
        elif sync:
            try:
                corpus, _ = sync_index(settings, embedder, progress=progress, store=store)
                skipped = tuple((s.path, s.reason) for s in corpus.skipped)
                metadata_error = corpus.metadata_error
                current = store.current_id()
                if stamp is not None and current is not None:
                    write_stamp(settings.index_dir, Stamp(stamp, current, skipped, metadata_error))
            except IndexWriteError as exc:
                # Disk full or read-only: the previous build is untouched and still answers.
                if not sync_failure_ok:
                    raise
                sync_error = str(exc)
        try:
            index = store.load(embedder.id)
        except IndexMissingError:
            corpus, _ = sync_index(settings, embedder, progress=progress, store=store)
            skipped = tuple((s.path, s.reason) for s in corpus.skipped)
            metadata_error = corpus.metadata_error
            index = store.load(embedder.id)
        lib = cls(settings, embedder, index, store=store)
        lib.skipped = skipped
        lib.sync_error = sync_error
        lib.metadata_error = metadata_error
        return lib

    def _make_state(self, index: IndexData) -> _State:
        retrievers = open_retrievers(index, self.embedder)
        docs = {d.doc_id: d for d in index.documents}
        concordance = (
            index.engine.concordance(index)
            if index.engine is not None
            else Concordance(index.documents)
        )
        ctx = AnswerContext(
            documents=docs,
            concordance=concordance,
            retriever=retrievers["hybrid"],
            terms=user_terms(),
            lexical=retrievers.get("bm25"),
        )
        size = self.settings.answer_cache
        return _State(
            index,
            retrievers,
            ctx,
            _fold_documents(index.documents),
            LRU(size),
            LRU(size),
            LRU(max(size, TURN_SCOPES)),
        )

    def serve(self) -> None:
        """Prepare to answer many users at once (a server calls this once it has built
        everything it keeps): what is alive now, and each build swapped in later, is kept
        out of the garbage collector's full passes (``rag.heap``)."""
        self._serving = True
        settle()

    def reload(self) -> None:
        """Load the current build from disk (after an update) and swap it in."""
        state = self._make_state(self.store.load(self.embedder.id))
        with self._lock:
            self._state = state
            self._checked = time.monotonic()
        if self._serving:
            settle(full=False)  # the new build frozen too (the old one is freed as it goes)

    def refresh(self, *, force: bool = False) -> bool:
        """On a shared engine (Milvus), reload when another instance switched the build
        (checked at most every ``REFRESH_S`` seconds). True when a new build was loaded."""
        if self.settings.store == "faiss" and not force:
            return False  # the index folder has one writer: this process
        now = time.monotonic()
        if not force and now - self._checked < self.REFRESH_S:
            return False
        self._checked = now
        current = self.store.current_id()
        if current is None or current == self._state.index.build_id:
            return False
        self.reload()
        return True

    def update(
        self, *, progress: ProgressFn | None = None, rebuild: bool = False
    ) -> tuple[Corpus, BuildReport]:
        """Re-read the corpus, update the index incrementally, swap the new state in."""
        corpus, report = sync_index(
            self.settings, self.embedder, progress=progress, rebuild=rebuild, store=self.store
        )
        self.skipped = tuple((s.path, s.reason) for s in corpus.skipped)
        self.metadata_error = corpus.metadata_error
        self.reload()
        return corpus, report

    # -- reading ---------------------------------------------------------------------

    @property
    def index(self) -> IndexData:
        return self._state.index

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._state.index.documents

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.doc_id == doc_id:
                return d
        raise KeyError(doc_id)

    def departments(self) -> list[str]:
        return sorted({d.meta.department for d in self.documents})

    def _filtered_ids(
        self, filters: Filters | None, docs: Sequence[Document] | None = None
    ) -> list[str] | None:
        if filters is None or filters.empty:
            return None
        pool = self.documents if docs is None else docs
        depts: tuple[str, ...] = ()
        if filters.department is not None:
            # (a short name or the organ's other department: 市税务局 for the bureau's news
            # page and for its speech filed under the 党委)
            depts = departments_named(filters.department, [d.meta for d in pool]) or (
                filters.department,
            )
        return [
            d.doc_id
            for d in pool
            if (filters.department is None or d.meta.department in depts)
            and (filters.doc_id is None or d.doc_id == filters.doc_id)
            and (filters.year is None or d.meta.year == filters.year)
            and (filters.kind is None or d.meta.kind == filters.kind)
        ]

    def search(self, term: str, filters: Filters | None = None) -> tuple[TermHit, ...]:
        """Every occurrence of ``term`` (no top-k cut; see ``search_page`` for a bounded call)."""
        self.refresh()
        return self._state.context.concordance.find(term, self._filtered_ids(filters))

    def search_page(
        self,
        term: str,
        filters: Filters | None = None,
        *,
        offset: int = 0,
        limit: int = PAGE_ROWS,
    ) -> TermPage:
        """The count of ``term`` (in total and per document) and one page of its occurrences:
        the work is bounded by ``limit``, however frequent the term is."""
        self.refresh()
        return self._state.context.concordance.page(
            term, self._filtered_ids(filters), offset=offset, limit=limit
        )

    def iter_search(self, term: str, filters: Filters | None = None) -> Iterator[TermHit]:
        """The occurrences one at a time (for a streamed export)."""
        self.refresh()
        return self._state.context.concordance.iter_hits(term, self._filtered_ids(filters))

    def retrieve(
        self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        self.refresh()
        return self._state.retrievers[mode].retrieve(query, k, filters)

    def understand(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> Query:
        """The question read by the planner (in the corpus' spelling, as ``ask`` reads it),
        with the LLM's checked reading merged in when ``Settings.llm_read`` is on."""
        state = self._state
        query, _ = self._read(state, question, self._scope_of(state, history, filters), filters)
        if not self.settings.llm_read:
            return query
        return self._read_with_llm(state, query) or query

    def _read(
        self, state: _State, question: str, scope: Scope | None, filters: Filters | None
    ) -> tuple[Query, tuple[Fix, ...]]:
        """The planner's reading of ``question`` after the turn that left ``scope``, and the
        respellings it was read with: a phrase typed one character off or with digits
        (主题党曰, 第1议题) is read in the corpus' spelling, for a fresh question and for an
        earlier one a follow-up takes its scope from alike."""
        check_question(question, self.settings.max_question_chars)  # bounds the work
        question = asked_question(question)
        respelt, fixes = state.context.respell(question)
        return self._understand(state, respelt if fixes else question, scope, filters), fixes

    def _understand(
        self, state: _State, question: str, scope: Scope | None, filters: Filters | None
    ) -> Query:
        """The planner's own reading (cached per build), with what it takes from the turn
        before it (``scope``, ``rag.followup``)."""
        key: _AskKey = (question, scope, filters)
        cached = state.queries.get(key)
        if cached is not None:
            return cached
        q = check_question(question, self.settings.max_question_chars)
        docs = state.index.documents
        metas = [d.meta for d in docs]
        # (the previous question as its answer read it: respelt, a swap resolved)
        before = (scope.asked or scope.question,) if scope is not None else ()
        resolved = resolve_followup(q, before, metas)
        query = _understand_folded(resolved, docs, state.folded)
        names = [d.meta.department for d in docs]
        if resolved != q:  # a department or year swapped into the previous question
            query = replace(query, followup="swap")
        else:
            how, text = followup_of(q, query, scope)
            if text != q:
                query = _understand_folded(text, docs, state.folded)
            query = apply_scope(query, how, scope, names)
        allowed = self._filtered_ids(filters, docs)
        if allowed is not None:
            keep = tuple(d for d in query.doc_ids if d in allowed) or tuple(allowed)
            query = replace(
                query,
                doc_ids=keep,
                unknown_department=None
                if filters and filters.department
                else query.unknown_department,
            )
        if query.followup == "orphan" and len(query.doc_ids) <= 1:
            query = replace(query, followup="new")  # one document: nothing to guess
        state.queries.put(key, query)
        return query

    def _scope_of(
        self, state: _State, history: Sequence[str], filters: Filters | None
    ) -> Scope | None:
        """What the conversation ``history`` leaves for the next question: each of its last
        ``MAX_CHAIN`` questions read after the one before it (the bound on the work one
        follow-up can cause), the last one's reading and cited documents kept."""
        scope: Scope | None = None
        for question in tuple(history)[-MAX_CHAIN:]:
            scope = self._scope_after(state, question, scope, filters)
        return scope

    def _scope_after(
        self, state: _State, question: str, before: Scope | None, filters: Filters | None
    ) -> Scope | None:
        """The scope ``question``, asked after the turn that left ``before``, leaves: its
        reading (respelt as ``ask`` read it) and the documents its answer cited (the answer
        ``ask`` cached for it, else worked out once)."""
        key: _AskKey = (question.strip(), before, filters)
        cached = state.scopes.get(key)
        if cached is not None:
            return cached
        try:
            prev, _ = self._read(state, question, before, filters)
        except QuestionError:
            return None  # an earlier question that cannot be read leaves no scope
        if prev.followup == "orphan":
            return None
        # (a department typed one character off is the one its answer read: 统汁局 → 统计局)
        prev, _ = respelt_department(state.context, prev)
        answer = state.answers.get(key) or answer_query(state.context, prev)
        return self._leave_scope(state, key, prev, answer)

    def _leave_scope(self, state: _State, key: _AskKey, reading: Query, answer: Answer) -> Scope:
        """The scope the turn ``key`` (question, scope before it, filters), read as
        ``reading`` (its department respelt) and answered with ``answer``, leaves; kept for
        the conversation's next question."""
        scope = scope_after(reading, [c.doc for c in answer.citations], key[1])
        state.scopes.put(key, scope)
        return scope

    def _read_with_llm(self, state: _State, query: Query) -> Query | None:
        """``query`` with the LLM's checked reading merged in (``rag.llm_read``), or
        ``None`` when the model gives none."""
        from rag.llm_read import LLMReader, merge_reading

        with self._lock:
            if self._reader is None:
                self._reader = LLMReader(self.settings)  # one HTTP client per library
            reader = self._reader
        metas = [d.meta for d in state.index.documents]
        reading = reader.read(query.question, metas, state.context.texts)
        if reading is None:
            return None
        return merge_reading(query, reading, metas, self._headings_of(state))

    def _headings_of(self, state: _State) -> frozenset[str]:
        """The outline headings of ``state``'s documents, normalised (built once per build)."""
        cached = self._headings
        if cached is None or cached[0] is not state:
            headings = frozenset(
                normalize(s.heading) for d in state.index.documents for s in d.sections()
            )
            cached = self._headings = (state, headings)
        return cached[1]

    def ask(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> Answer:
        """The extractive answer (the default, offline answerer), timed."""
        return self.ask_read(question, history, filters)[0]

    def ask_read(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> tuple[Answer, Query | None]:
        """``ask``'s answer and the reading it was worked out from (what ``understand``
        gives), or ``None`` for the reading when the answer came from the cache: the page
        highlights the reading's words without reading the question a second time."""
        started = time.perf_counter()
        self.refresh()
        state = self._state
        check_question(question, self.settings.max_question_chars)  # bounds the work
        # An answer depends on the question and on what it inherits from the conversation
        # (the scope its last questions leave, bounded in size), not on the whole history.
        scope = self._scope_of(state, history, filters)
        key: _AskKey = (question.strip(), scope, filters)
        answer = state.answers.get(key)
        query: Query | None = None
        if answer is None:
            # Two questions in one (先说X是哪天，再列出Y): each answered, put together.
            answer = self._parts_answer(state, asked_question(question), scope, filters)
            if answer is not None:
                answer = replace(answer, question=question.strip())
                state.answers.put(key, answer)
                with contextlib.suppress(QuestionError):
                    whole, _ = self._read(state, question, scope, filters)
                    if whole.followup != "orphan":
                        reading, _ = respelt_department(state.context, whole)
                        self._leave_scope(state, key, reading, answer)
        if answer is None:
            # A phrase typed one character off or with digits is read in the corpus'
            # spelling, and the answer says so.
            plain, fixes = self._read(state, question, scope, filters)
            read = self._read_with_llm(state, plain) if self.settings.llm_read else plain
            query = read or plain
            answer = (
                orphan_answer(question)
                if plain.followup == "orphan"
                else answer_query(state.context, query)
            )
            if query is not plain and not answer.found:
                # An LLM's reading never causes a refusal by itself: the planner's own answer.
                own = answer_query(state.context, plain)
                if own.found:
                    log.info("the LLM's reading led to a refusal; the planner's answer is used")
                    answer = own
            if query.question != question.strip():
                answer = replace(answer, question=question.strip())
            answer = with_fix_notes(answer, fixes)
            if read is not None:  # an answer without the reading it should have is not kept
                state.answers.put(key, answer)
                if plain.followup != "orphan":
                    # what this turn leaves, as ``_scope_after`` reads it from this answer
                    reading, _ = respelt_department(state.context, plain)
                    self._leave_scope(state, key, reading, answer)
        return replace(answer, elapsed_ms=(time.perf_counter() - started) * 1000), query

    def _parts_answer(
        self, state: _State, question: str, scope: Scope | None, filters: Filters | None
    ) -> Answer | None:
        """A question joining two requests (``rag.question_parts``) answered part by part,
        the second read as a follow-up of the first (its department, year and cited
        documents are the second's scope, unless it names its own); None for any other."""
        split = split_parts(question)
        if split is None:
            return None
        (first, second), joined = split
        try:
            q1, fixes1 = self._read(state, first, scope, filters)
            # (the second read as a question of its own — its own topic and cues, not the
            # first's merged in as a follow-up's would be)
            q2, fixes2 = self._read(state, second, scope, filters)
        except QuestionError:
            return None
        if not topic_of_own(q2):
            # (…查出多少隐患，涉及几家企业: a count of bodies alone is of the first's topic)
            try:
                q2, fixes2 = self._read(state, lent_topic(q1, second), scope, filters)
            except QuestionError:
                return None
        kinds = (part_kind(q1), part_kind(q2))
        if not parts_asked(kinds, joined, spaced(question, joined), conjoined(question, joined)):
            return None
        if kinds[0] == "docinfo" and not joined:
            # (这篇稿子哪天登的 …: the document meant is the one the whole question is about;
            # the whole question, read as it was, answers its metadata)
            try:
                q1, fixes1 = self._read(state, question, scope, filters)
            except QuestionError:
                return None
        if q1.followup == "orphan":
            q1 = replace(q1, followup="new")  # (那次表彰大会: the part names what it points at)
        a1 = with_fix_notes(answer_query(state.context, q1), fixes1)
        after = scope_after(q1, [c.doc for c in a1.citations], scope)
        if not (q2.departments or q2.unknown_department or q2.years):
            # the first part's scope, as a soft prior (its documents weigh, none is a filter)
            names = [d.meta.department for d in state.index.documents]
            q2 = replace(
                q2,
                followup="same",
                departments=same_organ(after.departments, names),
                years=after.years,
                scope_docs=after.docs,
            )
        a2 = with_fix_notes(answer_query(state.context, q2), fixes2)
        return combined(question, [(first, a1), (second, a2)])

    def ask_stream(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Text deltas then the final Answer; with an LLM configured it streams the model's
        answer on top of the extractive one, else yields the extractive answer at once."""
        base = self.ask(question, history, filters)
        if self.settings.answerer != "llm":
            yield base
            return
        if self._llm is None:
            from rag.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings)  # one HTTP client per library; thread-safe
        yield from self._llm.stream(base)

    def ask_final(
        self, question: str, history: Sequence[str] = (), filters: Filters | None = None
    ) -> Answer:
        """The answer of the configured answerer (extractive, or LLM with extractive fallback)."""
        final: Answer | None = None
        for item in self.ask_stream(question, history, filters):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    # -- library management (files and metadata.json via rag.manage) -----------------

    def add_document(
        self, upload: Path, name: str | None = None, *, progress: ProgressFn | None = None
    ) -> Document:
        """Validate ``upload``, store it in the corpus under a safe name derived from
        ``name`` (default: its own name) and update the index. ``LoadError`` for a bad
        file; on any failure the stored file is removed again, so the corpus is unchanged."""
        from rag import manage

        def chunk_cap(doc: Document) -> None:
            check_chunk_count(len(chunk_document(doc, self.settings.chunk_max_chars)))

        stored = manage.store_upload(
            self.settings.corpus_dir,
            Path(upload),
            name or Path(upload).name,
            self.settings.max_upload_bytes,
            check=chunk_cap,
        )
        try:
            self.update(progress=progress)
            return self.document_for_file(stored.name)
        except KeyError:
            reason = dict(self.skipped).get(stored.name, "文档库没有收录这个文件")
            self._discard(stored.name)
            raise LoadError(f"{stored.name}：{reason}") from None
        except BaseException:
            self._discard(stored.name)
            raise

    def _discard(self, name: str) -> None:
        """Remove a just-stored file after a failed add and bring the index back in line."""
        from rag import manage

        with contextlib.suppress(RagError, OSError):
            manage.discard_upload(self.settings.corpus_dir, name)
            self.update()

    def _resync(self) -> None:
        """After a delete or edit was undone: if the failed update had already switched
        the build on disk, build again from the restored corpus (else nothing to do)."""
        try:
            on_disk = self.store.current_id()
        except (OSError, RagError):  # the index cannot be read: no build was switched either
            return
        if on_disk != self.index.build_id:
            with contextlib.suppress(RagError, OSError):
                self.update()

    def document_for_file(self, name: str) -> Document:
        """The indexed document read from the corpus file ``name`` (``KeyError`` if none)."""
        for d in self.documents:
            if d.meta.file == name:
                return d
        raise KeyError(name)

    def file_of(self, doc_id: str) -> str:
        """The corpus file the indexed document ``doc_id`` was read from (``ConfigError``
        when the document or its file is gone): what delete and edit act on."""
        from rag import manage

        doc = self.index.document(doc_id)
        if doc is None:
            raise ConfigError(f"文档库中没有文档“{doc_id}”（可能已被删除），请刷新列表。")
        # Builds before the file was recorded: the id as the folder gives it now.
        name = doc.meta.file or manage.file_for_doc(self.settings.corpus_dir, doc_id).name
        if not (self.settings.corpus_dir / name).is_file():
            raise ConfigError(f"文档库中没有文件“{name}”（可能已被删除），请刷新列表。")
        return name

    def remove_document(self, doc_id: str, *, progress: ProgressFn | None = None) -> None:
        """Delete the document's file and metadata entry from the corpus and update the
        index — all of it, or (when any step fails) none of it."""
        from rag import manage

        name = self.file_of(doc_id)
        try:
            manage.delete_file(
                self.settings.corpus_dir, name, then=lambda: self.update(progress=progress)
            )
        except BaseException:
            self._resync()
            raise

    def update_metadata(
        self,
        doc_id: str,
        fields: Mapping[str, object],
        *,
        progress: ProgressFn | None = None,
    ) -> Document:
        """Write edited metadata (title, department, kind, date, year) to ``metadata.json``
        atomically and update the index — both, or (when either fails) neither. Returns
        the document as now indexed."""
        from rag import manage

        name = self.file_of(doc_id)
        try:
            manage.set_metadata(
                self.settings.corpus_dir,
                name,
                fields,
                then=lambda: self.update(progress=progress),
            )
        except BaseException:
            self._resync()
            raise
        return self.document_for_file(name)

    def status(self) -> manage.LibraryStatus:
        """Active embedder and answerer, index size and freshness, skipped files."""
        from rag import manage

        s = self.settings
        if s.answerer == "llm":
            answerer = f"大模型 {s.llm_model}（{s.llm_base_url}），失败时退回抽取式回答"
        else:
            answerer = "抽取式（直接摘录原文，不调用大模型）"
        return manage.library_status(
            s.corpus_dir,
            self.index.manifest,
            embedder=self.embedder.id,
            answerer=answerer,
            skipped=self.skipped,
            metadata_error=self.metadata_error,
        )


def asked_question(question: str) -> str:
    """``question`` as the planner reads it: a year written in Chinese numerals in digits
    (``rag.numeral_years``) and a request for the source of the answer taken off
    (``rag.source_request``: every answer cites its passages), matched on the question
    folded to Simplified (length-preserving)."""
    q = arabic_years(question.strip())
    a, b = asked_span(to_simplified(q))
    return q[a:b].strip()


def open_library(corpus_dir: Path, index_dir: Path, settings: Settings) -> Library:
    """Convenience for scripts: a library over ``corpus_dir``/``index_dir``, synced."""
    return Library.open(settings.with_paths(corpus_dir, index_dir), sync=True)


def _understand_folded(
    question: str, docs: Sequence[Document], folded: _Folded | None = None
) -> Query:
    """Question matching in one script: the question, the texts and the names it is matched
    against are folded to Simplified (``rag.script.to_simplified``, length-preserving, so
    offsets into the texts stay valid); department names in the result are mapped back to
    the documents' own spelling, which filters and citations compare with. ``folded`` is
    ``docs`` already folded (``_fold_documents``, once per build)."""
    if folded is None:
        folded = _fold_documents(docs)
    folded_name = folded.names
    query = understand(to_simplified(question), list(folded.metas), folded.texts)
    if any(k != v for k, v in folded_name.items()):
        query = replace(query, departments=tuple(folded_name.get(n, n) for n in query.departments))
    if query.question == to_simplified(question):
        query = replace(query, question=question)
    return query
