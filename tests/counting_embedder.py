"""An embedder that records what it embeds: the store tests (FAISS and Milvus) check with
it that an incremental build embeds only the passages that changed."""

from __future__ import annotations

import numpy as np

from rag.embed import BundledEmbedder


class CountingEmbedder(BundledEmbedder):
    """The real bundled model, recording every passage it is asked to embed."""

    batch_size = 2

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not is_query:
            self.embedded.extend(texts)
        return super()._embed(texts, is_query)
