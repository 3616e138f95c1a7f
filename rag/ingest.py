"""Load a corpus folder into Documents: read, clean, infer metadata, parse the outline.

A file that cannot be read is reported (``Skipped``, with its name and reason)
and the rest of the corpus is still ingested.

Identity: a document is the file it was read from (``DocMeta.file``). Its id is the file
name without extension (``通知.txt`` → ``通知``), as it has always been, unless that
would be ambiguous: when two supported files share a stem (``通知.txt`` + ``通知.docx``)
or a stem is another supported file's full name, those files' ids are their full names
(``通知.txt``, ``通知.docx``). The rule looks at names only — never at whether a file
could be read — so the same folder always gives the same ids, and files that are never
indexed (``通知.doc``, ``通知.bak``, ``通知``) play no part in it.

Size policy: a file over ``MAX_FILE_BYTES`` (the upload limit) is refused from its size
alone, before it is read; a text over ``MAX_DOCUMENT_CHARS`` characters is refused right
after decoding, before cleaning, outline parsing and chunking (whose cost, and the
embedding that follows, grow with the text).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rag.chunk import check_markers
from rag.clean import clean_text
from rag.errors import ConfigError, LoadError
from rag.loaders import SUPPORTED_SUFFIXES, load_file
from rag.metadata import METADATA_FILE, apply_overrides, infer_meta
from rag.metafile import load_entries
from rag.outline import parse_outline
from rag.types import Document, Removed, Skipped
from rag.unbold import unbold, unbold_sections

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "MAX_FILE_BYTES",
    "Corpus",
    "build_document",
    "corpus_files",
    "document_files",
    "document_ids",
    "load_corpus",
]

# The same limit as uploads (Settings.max_upload_bytes): a 50 MB text is never read whole.
MAX_FILE_BYTES = 20 * 1024 * 1024
# About 3 000 chunks, minutes of embedding on a small CPU; the seed documents have < 10 000.
MAX_DOCUMENT_CHARS = 1_000_000


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    # Problems with metadata.json (the documents still load, with inferred metadata).
    metadata_error: str | None = None


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Document files of a corpus folder, sorted, hidden and temporary files excluded."""
    return sorted(
        p
        for p in Path(corpus_dir).iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and p.name != METADATA_FILE
        and not p.name.endswith((".tmp", ".part"))
    )


def document_ids(names: Sequence[str]) -> dict[str, str]:
    """Document id of each supported file name in ``names`` (one folder's files): the stem,
    or the full name when another supported file has the same stem or that full name."""
    supported = [n for n in names if Path(n).suffix.lower() in SUPPORTED_SUFFIXES]
    stems = Counter(Path(n).stem for n in supported)
    full = set(supported)
    return {
        n: n if stems[Path(n).stem] > 1 or Path(n).stem in full else Path(n).stem for n in supported
    }


def document_files(corpus_dir: Path) -> dict[str, Path]:
    """Document id -> the corpus file it is read from, for every supported file."""
    paths = {p.name: p for p in corpus_files(Path(corpus_dir))}
    return {doc_id: paths[name] for name, doc_id in document_ids(list(paths)).items()}


def build_document(
    doc_id: str,
    raw: str,
    *,
    source_file: str = "",
    overrides: dict[str, object] | None = None,
    encoding: str = "utf-8",
    file: str = "",
    pages: Sequence[int] = (),
    furniture: Sequence[tuple[int, str, str]] = (),
) -> Document:
    """A Document from loaded text: clean, infer metadata, apply overrides, parse the outline.
    ``file`` is the corpus file it was read from (its identity).

    ``pages`` (offsets in ``raw`` where each page begins) are mapped onto the cleaned
    text; ``furniture`` (page headers/footers a reader took out) is recorded in
    ``removed`` at the place it was taken from."""
    cleaned = clean_text(raw)
    # The outline is read with the bold marks (layout of headings), the text kept without.
    outline = parse_outline(cleaned.text)
    plain = unbold(cleaned.text)
    text = plain.text
    offsets = tuple(cleaned.raw_offsets[i] for i in plain.kept)
    removed = tuple(
        sorted(
            cleaned.removed
            + tuple(Removed(at, at, what, reason) for at, what, reason in furniture),
            key=lambda r: r.raw_start,
        )
    )
    meta = infer_meta(doc_id, text, removed, source_file=source_file)
    if overrides:
        meta = apply_overrides(meta, overrides, text)
    if file:
        meta = replace(meta, file=file)
    return Document(
        meta=meta,
        text=text,
        outline=unbold_sections(outline, plain),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw_offsets=offsets,
        removed=removed,
        encoding=encoding,
        pages=tuple(bisect_left(offsets, p) for p in pages),
    )


def load_corpus(
    corpus_dir: Path,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Corpus:
    """Every document of ``corpus_dir``; files that cannot be ingested are in ``skipped``."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"文档目录 {corpus_dir} 不存在")
    problems: list[str] = []
    try:
        checked = load_entries(corpus_dir)
        entries = checked.entries
        problems.extend(checked.problems)
    except ConfigError as exc:
        entries = {}
        problems.append(str(exc))
    docs: list[Document] = []
    skipped: list[Skipped] = []
    files = corpus_files(corpus_dir)
    ids = document_ids([p.name for p in files])
    for path in files:
        if path.name not in ids:
            skipped.append(Skipped(path.name, f"不支持的文件类型 {path.suffix or '（无扩展名）'}"))
            continue
        doc_id = ids[path.name]
        try:
            loaded = load_file(path, max_bytes=max_bytes)
        except LoadError as exc:
            skipped.append(Skipped(path.name, str(exc)))
            continue
        if len(loaded.text) > max_chars:
            skipped.append(
                Skipped(
                    path.name,
                    f"正文过长（{len(loaded.text)} 字，上限 {max_chars} 字），请拆分成几个文件再导入",
                )
            )
            continue
        try:
            check_markers(loaded.text)  # text made of headings: refused before parsing
        except LoadError as exc:
            skipped.append(Skipped(path.name, str(exc)))
            continue
        entry = entries.get(path.name) or {}
        try:
            doc = build_document(
                doc_id,
                loaded.text,
                source_file=str(entry.get("source_file", path.name)),
                overrides=entry,
                encoding=loaded.encoding,
                file=path.name,
                pages=loaded.pages,
                furniture=loaded.furniture,
            )
        except ConfigError as exc:
            # A wrong metadata entry is reported; the document keeps its inferred metadata.
            problems.append(str(exc))
            doc = build_document(
                doc_id,
                loaded.text,
                source_file=path.name,
                encoding=loaded.encoding,
                file=path.name,
                pages=loaded.pages,
                furniture=loaded.furniture,
            )
        if not doc.text.strip():
            skipped.append(Skipped(path.name, "清理后没有正文"))
            continue
        docs.append(doc)
    return Corpus(tuple(docs), tuple(skipped), "；".join(problems) or None)
