"""PROVISIONAL stub (being replaced): load a corpus folder into Documents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rag.types import DocMeta, Document, Skipped

__all__ = ["Corpus", "load_corpus"]


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


def load_corpus(corpus_dir: Path) -> Corpus:
    docs = []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meta = DocMeta(doc_id=path.stem, title=path.stem, department=path.stem.split("-")[0], kind="其他", year=2022)
        docs.append(Document(meta=meta, text=text, outline=(), sha256=hashlib.sha256(text.encode()).hexdigest()))
    return Corpus(tuple(docs), ())
