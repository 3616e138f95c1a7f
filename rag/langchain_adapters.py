"""Our parts as LangChain objects, at the edge: importing this module loads LangChain.

- every ``rag.embed.Embedder`` is registered as a LangChain ``Embeddings`` (it implements
  ``embed_documents``/``embed_query`` and their async forms);
- ``LangChainRetriever`` wraps any of our retrievers as a ``BaseRetriever``.

The rest of the project never imports LangChain's core (its tracers and LangSmith cost
~0.5 s at start), so the CLI and the app start without it. ``rag.retrieve.LangChainRetriever``
still works: it imports this module on first use.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from rag.embed import Embedder
from rag.retrieve import Filters
from rag.types import Hit

__all__ = ["LangChainRetriever"]

Embeddings.register(Embedder)  # type: ignore[type-abstract]


class LangChainRetriever(BaseRetriever):
    """Any of our retrievers as a LangChain ``BaseRetriever`` (returns LangChain Documents).

    ``k`` and ``filters`` are set on the retriever and can be given per call, as LangChain's
    standard retriever tests expect: ``retriever.invoke(query, k=1)`` returns one document."""

    retriever: Any
    k: int = 10
    filters: Filters | None = None

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> list[LCDocument]:
        n = self.k if k is None else int(k)
        if n <= 0:
            raise ValueError(f"k must be positive (got {k!r})")
        hits: list[Hit] = self.retriever.retrieve(
            query, n, self.filters if filters is None else filters
        )
        return [
            LCDocument(
                page_content=h.chunk.text,
                metadata={
                    "chunk_id": h.chunk.chunk_id,
                    "doc": h.chunk.doc_id,
                    "title": h.chunk.title,
                    "department": h.chunk.department,
                    "date": h.chunk.date,
                    "year": h.chunk.year,
                    "kind": h.chunk.kind,
                    "section": h.chunk.section,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "score": h.score,
                    "rank": h.rank,
                    "retriever": h.retriever,
                },
                id=h.chunk.chunk_id,
            )
            for h in hits
        ]
