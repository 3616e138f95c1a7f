"""Corpus management: store uploads safely, edit ``metadata.json``, delete documents, status.

Every write into the corpus folder is atomic (a hidden ``.part`` file next to the
target, fsynced, then ``os.replace``) and happens under a per-folder lock, so a reader
never sees half a file and two uploads never take the same name. An upload is validated
(type, size, readable, has text after cleaning) *before* anything is written: a bad
upload leaves the corpus exactly as it was. A delete or a metadata edit is all or
nothing with the index update that follows it (``then``): if that fails, the file and
the ``metadata.json`` entry are put back; a ``metadata.json`` that cannot be read
refuses the operation before anything changes.

A document is the file it was read from: delete and edit take the corpus file name the
index recorded (``DocMeta.file``), never a file found by its stem.

File names come from the uploaded name but are never trusted: path parts and ``..`` are
dropped, only Chinese, letters, digits, ``-``, ``_`` and ``.`` are kept, hidden names are
made visible, long names are cut, and a name whose document id (the stem) is taken gets
a ``-2``, ``-3`` … suffix. The result always lies directly inside the corpus folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from rag.chunk import check_markers
from rag.errors import ConfigError, LoadError, RagError
from rag.ingest import build_document, corpus_files, document_files, document_ids, load_corpus
from rag.loaders import SUPPORTED_SUFFIXES, load_file
from rag.metadata import METADATA_FILE
from rag.metafile import EDITABLE_FIELDS, read_entries, validate_metadata
from rag.store import document_content_hash, fsync_dir
from rag.types import Document

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_NAME_BYTES",
    "LibraryStatus",
    "StoredFile",
    "corpus_lock",
    "delete_file",
    "discard_upload",
    "file_for_doc",
    "library_status",
    "remove_metadata",
    "safe_name",
    "set_metadata",
    "store_upload",
    "unique_name",
    "validate_metadata",
    "validate_upload",
    "write_atomic",
]

# Bytes of a stored file name (UTF-8), leaving room for a "-NNN" collision suffix;
# common file systems allow 255.
MAX_NAME_BYTES = 180
_LOCK_NAME = ".manage.lock"
_DISALLOWED = re.compile(r"[^\w\u4e00-\u9fff.\-]")


# --- names ---------------------------------------------------------------------------


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut at a character boundary to at most ``limit`` UTF-8 bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def safe_name(filename: str) -> str:
    """A plain, visible file name derived from an uploaded one (``LoadError`` for a type
    that cannot be imported). ``../../etc/passwd.txt`` → ``passwd.txt``,
    ``党建 工作要点.txt`` → ``党建_工作要点.txt``, ``.hidden.txt`` → ``hidden.txt``."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").split("/")[-1]
    name = name.strip()
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:].lower()) if dot >= 0 else (name, "")
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（没有扩展名）"
        raise LoadError(f"不支持的文件类型 {shown}；可上传 {'、'.join(SUPPORTED_SUFFIXES)}")
    stem = re.sub(r"\s+", "_", stem)
    stem = _DISALLOWED.sub("_", stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"_{2,}", "_", stem)
    stem = stem.strip("._-")
    stem = _cut_bytes(stem, MAX_NAME_BYTES - len(suffix)).rstrip("._-")
    return f"{stem or '文档'}{suffix}"


def unique_name(name: str, corpus_dir: Path) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext`` … so that no file in ``corpus_dir`` has
    the same stem and no stem is the other's full name (case ignored): the new file's id is
    its stem and no other document's id changes (see ``rag.ingest.document_ids``)."""
    present = [p for p in Path(corpus_dir).iterdir() if not p.name.startswith(".")]
    stems = {p.stem.casefold() for p in present}
    names = {p.name.casefold() for p in present}
    stem, suffix = os.path.splitext(name)
    candidate, n = stem, 1
    while (
        candidate.casefold() in stems
        or candidate.casefold() in names
        or (candidate + suffix).casefold() in stems
    ):
        n += 1
        candidate = f"{stem}-{n}"
    return candidate + suffix


def _plain_name(name: str, corpus_dir: Path) -> Path:
    """``corpus_dir / name`` for a name that is a plain visible file name, else ``ConfigError``."""
    if (
        not name
        or name != Path(name).name
        or "\\" in name
        or name in (".", "..")
        or name.startswith(".")
        or name == METADATA_FILE
    ):
        raise ConfigError(f"文件名 {name!r} 不是文档库中的文档文件")
    path = Path(corpus_dir) / name
    if path.resolve().parent != Path(corpus_dir).resolve():
        raise ConfigError(f"文件名 {name!r} 指向文档库之外")
    return path


def file_for_doc(corpus_dir: Path, doc_id: str) -> Path:
    """The corpus file document ``doc_id`` is read from (ids as ``rag.ingest.document_ids``
    gives them: only supported files have one, so a skipped namesake never matches)."""
    path = document_files(Path(corpus_dir)).get(doc_id)
    if path is None:
        raise ConfigError(f"文档库中没有文档“{doc_id}”（可能已被删除），请刷新列表。")
    return path


# --- atomic writes -------------------------------------------------------------------


@contextlib.contextmanager
def corpus_lock(corpus_dir: Path) -> Iterator[None]:
    """One writer at a time per corpus folder (a hidden lock file the corpus loader ignores)."""
    with (Path(corpus_dir) / _LOCK_NAME).open("a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _temp_beside(path: Path) -> Path:
    return path.parent / f".{secrets.token_hex(6)}.part"


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file beside ``path``, written in the block, that then replaces ``path`` whole
    (synced first; readers see the old file or the new one, never a part). A block that
    fails leaves ``path`` as it was and no part file behind."""
    tmp = _temp_beside(path)
    try:
        with tmp.open("xb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    with _replacing(Path(path)) as f:
        f.write(data)


def _copy_atomic(src: Path, dest: Path) -> None:
    with src.open("rb") as fin, _replacing(dest) as fout:
        shutil.copyfileobj(fin, fout)


# --- uploads -------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    """An upload stored in the corpus: its final name and the document as validated."""

    name: str
    path: Path
    document: Document

    @property
    def doc_id(self) -> str:
        return self.path.stem


def validate_upload(src: Path, name: str, max_bytes: int) -> Document:
    """The document ``src`` would become as ``name`` (a safe name), or ``LoadError``.

    Reads a temporary copy (named ``name``, so the reader is chosen by the safe suffix)
    with the size limit, cleans it and checks that text remains."""
    src = Path(src)
    try:
        size = src.stat().st_size
    except OSError as exc:
        raise LoadError("上传的文件已不存在，请重新上传") from exc
    if size > max_bytes:
        raise LoadError(
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes / 1024 / 1024:.0f} MB）"
        )
    with tempfile.TemporaryDirectory(prefix="rag-upload-") as tmp_dir:
        copy = Path(tmp_dir) / name
        shutil.copyfile(src, copy)
        loaded = load_file(copy, max_bytes=max_bytes)
    check_markers(loaded.text)  # text made of headings: refused before parsing
    stem = Path(name).stem
    doc = build_document(
        stem,
        loaded.text,
        source_file=name,
        encoding=loaded.encoding,
        file=name,
        pages=loaded.pages,
        furniture=loaded.furniture,
    )
    if not doc.text.strip():
        raise LoadError("清理后没有正文（文件里只有页眉、页脚等）")
    return doc


def store_upload(
    corpus_dir: Path,
    src: Path,
    original_name: str,
    max_bytes: int,
    check: Callable[[Document], None] | None = None,
) -> StoredFile:
    """Validate an uploaded file and store it in the corpus under a safe, unused name;
    ``check`` (e.g. the chunk count) sees the document before it is stored.

    ``LoadError`` (type, size, unreadable, no text, refused by ``check``) leaves the corpus
    untouched."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"文档目录 {corpus_dir} 不存在")
    name = safe_name(original_name)
    document = validate_upload(Path(src), name, max_bytes)
    if check is not None:
        check(document)
    with corpus_lock(corpus_dir):
        final = unique_name(name, corpus_dir)
        dest = _plain_name(final, corpus_dir)
        _copy_atomic(Path(src), dest)
    return StoredFile(final, dest, document)


def _no_follow_up() -> object:
    return None


def delete_file(corpus_dir: Path, name: str, *, then: Callable[[], object] = _no_follow_up) -> None:
    """Remove the document file ``name`` from the corpus and its ``metadata.json`` entry,
    then run ``then`` (the index update). All or nothing: a ``metadata.json`` that cannot
    be read refuses the delete before anything changes, and when writing it or ``then``
    fails, the file and the entry are put back before the error is raised."""
    corpus_dir = Path(corpus_dir)
    path = _plain_name(name, corpus_dir)
    with corpus_lock(corpus_dir):
        if not path.is_file():
            raise ConfigError(f"文档库中没有文件“{name}”（可能已被删除），请刷新列表。")
        entries = read_entries(corpus_dir)  # unreadable: refused, nothing changed yet
        backup = _temp_beside(path)
        os.replace(path, backup)  # aside, hidden from the loader, until done
        change = _Change(corpus_dir, name, backup=backup)
        try:
            if name in entries:
                change.record_entry(entries.pop(name))
                change.write(entries)
        except BaseException:
            change.undo_locked()
            raise
    change.run(then)


def discard_upload(corpus_dir: Path, name: str) -> None:
    """Remove a file just stored by ``store_upload`` (its import failed); ``metadata.json``
    is not touched, so the corpus is as it was before the upload."""
    path = _plain_name(name, Path(corpus_dir))
    with corpus_lock(Path(corpus_dir)), contextlib.suppress(FileNotFoundError):
        path.unlink()
        fsync_dir(Path(corpus_dir))


# --- metadata.json -------------------------------------------------------------------


def _entries_bytes(entries: Mapping[str, Any]) -> bytes:
    return (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_ABSENT = object()


@dataclass
class _Change:
    """One change to the corpus (a file moved aside, one ``metadata.json`` entry
    replaced) that can be undone until it is committed."""

    corpus_dir: Path
    name: str
    backup: Path | None = None
    entry_before: Any = _ABSENT
    meta_before: bytes | None = None
    meta_written: bytes | None = None
    _done: bool = field(default=False, repr=False)

    @property
    def _meta(self) -> Path:
        return self.corpus_dir / METADATA_FILE

    def record_entry(self, entry: Any) -> None:
        self.entry_before = entry

    def write(self, entries: Mapping[str, Any]) -> None:
        """Write ``metadata.json`` (atomically), remembering what it held."""
        self.meta_before = self._meta.read_bytes() if self._meta.exists() else None
        data = _entries_bytes(entries)
        write_atomic(self._meta, data)
        self.meta_written = data

    def run(self, then: Callable[[], object]) -> None:
        """Run the follow-up; undo the change if it fails, else make it final."""
        try:
            then()
        except BaseException:
            with corpus_lock(self.corpus_dir):
                self.undo_locked()
            raise
        if self.backup is not None:
            with contextlib.suppress(OSError):
                self.backup.unlink()
        self._done = True

    def undo_locked(self) -> None:
        """Put the file and the entry back (the caller holds the corpus lock)."""
        if self._done:
            return
        self._done = True
        if self.backup is not None:
            target = self.corpus_dir / self.name
            if target.exists():  # the name was taken meanwhile: keep both, visibly
                target = self.corpus_dir / unique_name(self.name, self.corpus_dir)
            os.replace(self.backup, target)
            fsync_dir(self.corpus_dir)
        if self.meta_written is None:
            return
        current = self._meta.read_bytes() if self._meta.exists() else None
        if current == self.meta_written:  # nobody wrote since: the exact old bytes
            if self.meta_before is None:
                self._meta.unlink()
            else:
                write_atomic(self._meta, self.meta_before)
            return
        entries = read_entries(self.corpus_dir)  # changed meanwhile: only our entry
        if self.entry_before is _ABSENT:
            entries.pop(self.name, None)
        else:
            entries[self.name] = self.entry_before
        write_atomic(self._meta, _entries_bytes(entries))


def set_metadata(
    corpus_dir: Path,
    name: str,
    fields: Mapping[str, object],
    *,
    then: Callable[[], object] = _no_follow_up,
) -> dict[str, Any]:
    """Set editable fields of the corpus file ``name`` in ``metadata.json`` (atomically),
    then run ``then`` (the index update); when ``then`` fails the entry is put back.
    Other keys of its entry are kept. Returns the new entry. Fields are checked by the
    rules ``metadata.json`` is read with (``rag.metafile.check_fields``).

    Changing the department drops the entry's ``department_basis`` and ``note``, which
    were evidence for the old one."""
    corpus_dir = Path(corpus_dir)
    path = _plain_name(name, corpus_dir)
    clean = validate_metadata(fields)
    with corpus_lock(corpus_dir):
        if not path.is_file():
            raise ConfigError(f"文档库中没有文件“{name}”（可能已被删除），请刷新列表。")
        entries = read_entries(corpus_dir)
        old = entries.get(name, _ABSENT)
        entry = dict(old) if isinstance(old, dict) else {}
        if "department" in clean and clean["department"] != entry.get("department"):
            entry.pop("department_basis", None)
            entry.pop("note", None)
        entry.update(clean)
        entries[name] = entry
        change = _Change(corpus_dir, name)
        change.record_entry(old)
        change.write(entries)
    change.run(then)
    return entry


def remove_metadata(corpus_dir: Path, name: str) -> None:
    """Drop the ``metadata.json`` entry of ``name`` (metadata is inferred from the text again)."""
    with corpus_lock(Path(corpus_dir)):
        entries = read_entries(Path(corpus_dir))
        if name in entries:
            del entries[name]
            write_atomic(Path(corpus_dir) / METADATA_FILE, _entries_bytes(entries))


# --- status --------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryStatus:
    """What the settings page shows: backends, index size and freshness, skipped files."""

    embedder: str
    answerer: str
    documents: int
    chunks: int
    index_type: str
    built: str | None
    # Files whose document changed since the build (text or metadata.json entry), files
    # not (or no longer) indexed.
    changed_since: tuple[str, ...]
    not_indexed: tuple[str, ...]
    missing: tuple[str, ...]
    newest_change: str | None
    skipped: tuple[tuple[str, str], ...]
    # What was wrong in metadata.json (those values were left out), if anything.
    metadata_error: str | None = None

    @property
    def fresh(self) -> bool:
        return not (self.changed_since or self.not_indexed or self.missing)


def _parse_time(stamp: object) -> float | None:
    if not isinstance(stamp, str):
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(stamp, fmt).timestamp()
    return None


def _fmt_time(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


_changed_cache: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _changed_documents(
    corpus_dir: Path, indexed: Mapping[str, Any], mtimes: tuple[tuple[str, float], ...]
) -> tuple[str, ...]:
    """Files whose document, as it would be indexed now, differs from what the build holds.

    Only called when some file is newer than the build: a file saved or copied unchanged
    is not a change. Cached per (folder, build, file times), so a page refresh is cheap."""
    hashes = tuple(
        sorted(
            (k, str(v.get("content_hash"))) for k, v in indexed.items() if isinstance(v, Mapping)
        )
    )
    key = (str(corpus_dir), hashes, mtimes)
    if key in _changed_cache:
        return _changed_cache[key]
    try:
        corpus = load_corpus(corpus_dir)
    except RagError:
        return ()
    names = {doc_id: p.name for doc_id, p in document_files(corpus_dir).items()}
    changed = tuple(
        sorted(
            names.get(d.doc_id, d.doc_id)
            for d in corpus.documents
            if isinstance(indexed.get(d.doc_id), Mapping)
            and indexed[d.doc_id].get("content_hash") != document_content_hash(d)
        )
    )
    _changed_cache.clear()
    _changed_cache[key] = changed
    return changed


def library_status(
    corpus_dir: Path,
    manifest: Mapping[str, Any],
    *,
    embedder: str,
    answerer: str,
    skipped: Sequence[tuple[str, str]] = (),
    metadata_error: str | None = None,
) -> LibraryStatus:
    """Status of an index (its manifest) against the corpus folder as it is now."""
    built_ts = _parse_time(manifest.get("created"))
    indexed = manifest.get("documents")
    indexed_ids = set(indexed) if isinstance(indexed, dict) else set()
    skipped_names = {name for name, _ in skipped}
    files = corpus_files(Path(corpus_dir)) if Path(corpus_dir).is_dir() else []
    watched = [*files]
    meta_path = Path(corpus_dir) / METADATA_FILE
    if meta_path.is_file():
        watched.append(meta_path)
    mtimes = {p.name: p.stat().st_mtime for p in watched}
    newer = any(built_ts is None or ts > built_ts + 1 for ts in mtimes.values())
    changed = (
        _changed_documents(Path(corpus_dir), indexed, tuple(sorted(mtimes.items())))
        if newer and isinstance(indexed, dict)
        else ()
    )
    ids = document_ids([p.name for p in files])
    not_indexed = tuple(
        p.name
        for p in files
        if p.name in ids and ids[p.name] not in indexed_ids and p.name not in skipped_names
    )
    present = set(ids.values())
    missing = tuple(sorted(d for d in indexed_ids if d not in present))
    return LibraryStatus(
        embedder=embedder,
        answerer=answerer,
        documents=int(manifest.get("document_count", len(indexed_ids))),
        chunks=int(manifest.get("chunk_count", 0)),
        index_type=str(manifest.get("index_type", "")),
        built=_fmt_time(built_ts) if built_ts is not None else None,
        changed_since=changed,
        not_indexed=not_indexed,
        missing=missing,
        newest_change=_fmt_time(max(mtimes.values())) if mtimes else None,
        skipped=tuple(skipped),
        metadata_error=metadata_error,
    )
