"""Typed values that flow between the parts of the pipeline.

This module imports nothing from the rest of the package so that every part
(ingestion, chunking, embedding, retrieval, answering, UI) can depend on it.
All offsets are character offsets into ``Document.text`` (the cleaned text
that users see); lengths of Chinese text are counted in characters.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = [
    "BLOCK_KINDS",
    "Answer",
    "AnswerBlock",
    "Chunk",
    "Citation",
    "DocMeta",
    "Document",
    "Hit",
    "Removed",
    "Section",
    "Skipped",
    "TermHit",
    "TermPage",
]

# Kinds of document users distinguish (工作计划 includes 实施方案, 工作总结 述职报告, 讲话
# 发言, 新闻报道 新闻稿/通讯, 经验材料 工作案例; 通知 includes 通报).
DOC_KINDS = (
    "工作要点",
    "工作计划",
    "工作总结",
    "讲话",
    "新闻报道",
    "通知",
    "经验材料",
    "制度规章",
    "其他",
)


@dataclass(frozen=True)
class Section:
    """One numbered heading of a document and the text it governs.

    ``number`` is the marker as written (``一、`` ``（三）`` ``12.`` ``二是`` ``第一，``;
    empty for an unnumbered subheading, style ``plain``, and for a table row whose task
    is its first cell, style ``row``; a ``列名：值；…`` row's is its 序号 cell's value),
    ``heading`` the heading text without the marker (``旗帜鲜明讲政治``), ``style``
    the numbering family (see ``rag.outline.STYLES``), ``level`` the depth in the
    tree (1 = top). ``start``/``end`` span the whole section including its
    children; ``heading_end`` is where the marker + heading end.
    """

    number: str
    heading: str
    style: str
    level: int
    start: int
    heading_end: int
    end: int
    children: tuple[Section, ...] = ()

    @property
    def label(self) -> str:
        """Marker and heading as they stand in the text, e.g. ``3.知行合一抓学习``."""
        return f"{self.number}{self.heading}"

    def walk(self) -> tuple[Section, ...]:
        """This section and all its descendants in document order."""
        out: list[Section] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)


@dataclass(frozen=True)
class Removed:
    """A span that cleaning took out of the raw text (boilerplate), kept for provenance."""

    raw_start: int
    raw_end: int
    text: str
    reason: str


@dataclass(frozen=True)
class DocMeta:
    """What users filter and cite by. ``date`` is ISO ``YYYY-MM-DD`` or ``None``."""

    doc_id: str
    title: str
    department: str
    kind: str
    date: str | None = None
    year: int | None = None
    source_file: str = ""
    # Verbatim phrases of the text that show which department this is
    # (``来源:市生态环境局``, ``今年以来，市生态环境局认真落实``), so that an
    # attribution can be cited rather than asserted.
    department_basis: tuple[str, ...] = ()
    # Page details that cleaning removed from the body but users may ask about
    # (``(责编:刘嘉浩)``), verbatim.
    page_info: tuple[str, ...] = ()
    # Which fields came from the metadata file rather than from the text.
    overridden: tuple[str, ...] = ()
    # The corpus file this document was read from: its identity (delete, edit and the
    # metadata.json key act on exactly this file). Empty for documents built in memory.
    file: str = ""
    # Who published the text when that is not the department (a news page's 来源 publicity
    # office, a website), verbatim.
    source: str = ""
    # Why the department is 未注明单位 (or how it was read), for people.
    department_note: str = ""
    # A notice that issues a document (关于印发《2023年机关党建工作要点》的通知): the enclosed
    # document's title and kind (工作要点), so that it is found as that kind too.
    enclosed_title: str = ""
    enclosed_kind: str = ""
    # The short names the text itself calls its department by, most used first (中共X能源
    # 集团有限公司委员会 → X集团党委; X市Y区卫生健康委员会 → 区卫健委: ``rag.short_names.self_names``).
    short_names: tuple[str, ...] = ()
    # The department's formal name as the text writes it when that is fuller (中共X县委宣传部
    # for X县委宣传部: ``rag.formal_names.formal_name``), shown first in answers.
    formal_name: str = ""
    # The unit a news page is about when that is not its department (a 社区党支部 whose
    # story the 街道党工委 published): found by its name too.
    subject_unit: str = ""


@dataclass(frozen=True)
class Document:
    meta: DocMeta
    text: str
    outline: tuple[Section, ...]
    sha256: str
    # ``raw_offsets[i]`` is the offset in the loaded (uncleaned) text of ``text[i]``.
    raw_offsets: tuple[int, ...] = field(default=(), repr=False)
    removed: tuple[Removed, ...] = ()
    encoding: str = "utf-8"
    # Paginated files (PDF, OFD): ``pages[i]`` is the offset in ``text`` where page
    # ``i + 1`` begins; empty for formats without pages.
    pages: tuple[int, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that ``text[offset]`` stands on, or None without pages."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))

    def sections(self) -> tuple[Section, ...]:
        """Every section of the outline in document order."""
        out: list[Section] = []
        for top in self.outline:
            out.extend(top.walk())
        return tuple(out)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: ``text == document.text[start:end]``."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section_path: tuple[str, ...]
    title: str
    department: str
    kind: str
    date: str | None
    year: int | None

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see: the passage with its place in the document."""
        head = f"{self.department}《{self.title}》"
        if self.section_path:
            head += " " + self.section
        return f"{head}\n{self.text}"


@dataclass(frozen=True)
class Hit:
    """One retrieval result; every retriever returns these, best first."""

    chunk: Chunk
    score: float
    rank: int
    retriever: str


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a term (exact-term concordance)."""

    doc_id: str
    title: str
    department: str
    date: str | None
    section: str
    start: int
    end: int
    context: str
    context_start: int
    context_end: int


@dataclass(frozen=True)
class TermPage:
    """One page of a term search: the total count, the count per document (corpus order),
    and the hits ``offset .. offset + len(hits)``."""

    term: str
    total: int
    per_doc: tuple[tuple[str, int], ...]
    offset: int
    hits: tuple[TermHit, ...]

    @property
    def not_shown(self) -> int:
        """Occurrences outside this page."""
        return self.total - len(self.hits)


@dataclass(frozen=True)
class Citation:
    """A cited passage; ``text == document.text[start:end]`` is checked before it is returned."""

    n: int
    doc: str
    title: str
    department: str
    date: str | None
    section: str
    text: str
    start: int
    end: int
    # The page of a paginated file (PDF, OFD) the passage starts on; None otherwise.
    page: int | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "n": self.n,
            "doc": self.doc,
            "title": self.title,
            "department": self.department,
            "date": self.date,
            "section": self.section,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.page is not None:
            out["page"] = self.page
        return out


# What an answer is made of (``AnswerBlock.kind``), in the order they usually come:
# ``header``  a document (or group) the following blocks come from: department, title, date;
# ``item``    one outline item (``level`` = nesting depth under the header, 0 = top);
# ``quote``   a verbatim passage of a document;
# ``term``    one occurrence of a looked-up term, with its context;
# ``refusal`` the documents do not answer (未在文档中找到…);
# ``note``    a sentence about the answer (a count, where the department was read from,
#             可能相关 before the nearest passages, a fallback reason);
# ``text``    prose written about the sources (an LLM's answer), with its ``[n]`` markers inline.
BLOCK_KINDS = ("header", "item", "quote", "term", "refusal", "note", "text")


@dataclass(frozen=True)
class AnswerBlock:
    """One typed piece of an answer. ``text`` is plain text (no Markdown); ``citations``
    are the ``Citation.n`` numbers that support it; ``doc`` the document it belongs to."""

    kind: str
    text: str
    citations: tuple[int, ...] = ()
    level: int = 0
    doc: str | None = None
    # For ``header``: the department, shown emphasised; for ``item``: the outline marker.
    label: str = ""
    # For ``header``: the department's full name (``label`` too) and the short names shown
    # beside it in ``text`` (what the document calls it, what the question called it).
    department: str = ""
    names: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "text": self.text,
            "citations": list(self.citations),
            "level": self.level,
            "doc": self.doc,
            "label": self.label,
        }
        if self.department:
            out["department"] = self.department
            out["names"] = list(self.names)
        return out


@dataclass(frozen=True)
class Answer:
    """An answer as data. ``answer`` is its Markdown rendering (``rag.render``), kept for the
    chat and for callers that want one string; ``blocks`` is what every rendering is made from."""

    question: str
    kind: str
    found: bool
    answer: str
    citations: tuple[Citation, ...]
    elapsed_ms: float = 0.0
    # Set when an LLM was asked but the extractive answer was used instead.
    note: str | None = None
    blocks: tuple[AnswerBlock, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "kind": self.kind,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "elapsed_ms": self.elapsed_ms,
            "blocks": [b.to_json() for b in self.blocks],
        }


@dataclass(frozen=True)
class Skipped:
    """A file that could not be ingested, with a reason a person can act on."""

    path: str
    reason: str
