"""Corpus management: store uploads safely, edit ``metadata.json``, delete documents, status.

Every write into the corpus folder is atomic (a hidden ``.part`` file next to the
target, fsynced, then ``os.replace``) and happens under a per-folder lock, so a reader
never sees half a file and two uploads never take the same name. An upload is validated
(type, size, readable, has text after cleaning) *before* anything is written: a bad
upload leaves the corpus exactly as it was.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.chunk import check_markers
from rag.errors import ConfigError, LoadError, RagError
from rag.ingest import build_document, corpus_files, load_corpus
from rag.loaders import SUPPORTED_SUFFIXES, load_file
from rag.metadata import METADATA_FILE, read_metadata_file
from rag.store import document_content_hash
from rag.types import DOC_KINDS, Document

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_NAME_BYTES",
    "LibraryStatus",
    "StoredFile",
    "corpus_lock",
    "delete_file",
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
EDITABLE_FIELDS = ("title", "department", "kind", "date", "year")
_FIELD_MAX_CHARS = 100
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
    the same stem (the stem is the document id; case is ignored)."""
    taken = {p.stem.casefold() for p in Path(corpus_dir).iterdir() if not p.name.startswith(".")}
    stem, suffix = os.path.splitext(name)
    candidate, n = stem, 1
    while candidate.casefold() in taken:
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
    """The corpus file whose stem is ``doc_id``."""
    for path in corpus_files(Path(corpus_dir)):
        if path.stem == doc_id:
            return path
    raise ConfigError(f"文档库中没有文档“{doc_id}”（可能已被删除），请刷新列表。")


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


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_beside(path: Path) -> Path:
    return path.parent / f".{secrets.token_hex(6)}.part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    tmp = _temp_beside(path)
    try:
        with tmp.open("xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _copy_atomic(src: Path, dest: Path) -> None:
    tmp = _temp_beside(dest)
    try:
        with src.open("rb") as fin, tmp.open("xb") as fout:
            shutil.copyfileobj(fin, fout)
            fout.flush()
            os.fsync(fout.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(dest.parent)


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
    doc = build_document(stem, loaded.text, source_file=name, encoding=loaded.encoding)
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


def delete_file(corpus_dir: Path, name: str) -> None:
    """Remove the document file ``name`` from the corpus and its ``metadata.json`` entry."""
    corpus_dir = Path(corpus_dir)
    path = _plain_name(name, corpus_dir)
    with corpus_lock(corpus_dir):
        if not path.is_file():
            raise ConfigError(f"文档库中没有文件“{name}”（可能已被删除），请刷新列表。")
        path.unlink()
        _fsync_dir(corpus_dir)
        _remove_entry(corpus_dir, name)


# --- metadata.json -------------------------------------------------------------------


def _text_field(label: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{label}不能为空")
    text = " ".join(value.split())
    if len(text) > _FIELD_MAX_CHARS:
        raise ConfigError(f"{label}太长（{len(text)} 字），请控制在 {_FIELD_MAX_CHARS} 字以内")
    return text


def _year_field(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ConfigError("年份应为 4 位数字，如 2022")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ConfigError(f"年份应为 4 位数字，如 2022（现在是 {value!r}）")
    return value


def _date_field(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ConfigError(f"日期应写成 YYYY-MM-DD，如 2022-03-15（现在是 {value!r}）")
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"日期 {text} 不存在，请检查月和日") from exc
    return text


def validate_metadata(fields: Mapping[str, object]) -> dict[str, Any]:
    """Cleaned values of the editable fields given (title, department, kind, date, year),
    or ``ConfigError`` naming what is wrong. A date sets the year when none is given."""
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ConfigError(f"不能修改的字段：{'、'.join(unknown)}")
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = _text_field("标题", fields["title"])
    if "department" in fields:
        out["department"] = _text_field("单位", fields["department"])
    if "kind" in fields:
        if fields["kind"] not in DOC_KINDS:
            raise ConfigError(f"文档类型应为 {'/'.join(DOC_KINDS)} 之一")
        out["kind"] = fields["kind"]
    if "date" in fields:
        out["date"] = _date_field(fields["date"])
    if "year" in fields:
        out["year"] = _year_field(fields["year"])
    if out.get("date"):
        date_year = int(out["date"][:4])
        if out.get("year") is None:
            out["year"] = date_year
        elif out["year"] != date_year:
            raise ConfigError(f"日期 {out['date']} 与年份 {out['year']} 不一致")
    return out


def _write_entries(corpus_dir: Path, entries: Mapping[str, Any]) -> None:
    text = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    write_atomic(Path(corpus_dir) / METADATA_FILE, text.encode("utf-8"))


def _remove_entry(corpus_dir: Path, name: str) -> None:
    entries = read_metadata_file(corpus_dir)
    if name in entries:
        del entries[name]
        _write_entries(corpus_dir, entries)


def set_metadata(corpus_dir: Path, name: str, fields: Mapping[str, object]) -> dict[str, Any]:
    """Set editable fields of the corpus file ``name`` in ``metadata.json`` (atomically);
    other keys of its entry are kept. Returns the new entry.

    Changing the department drops the entry's ``department_basis`` and ``note``, which
    were evidence for the old one."""
    corpus_dir = Path(corpus_dir)
    path = _plain_name(name, corpus_dir)
    clean = validate_metadata(fields)
    with corpus_lock(corpus_dir):
        if not path.is_file():
            raise ConfigError(f"文档库中没有文件“{name}”（可能已被删除），请刷新列表。")
        entries = read_metadata_file(corpus_dir)
        entry = dict(entries.get(name) or {})
        if "department" in clean and clean["department"] != entry.get("department"):
            entry.pop("department_basis", None)
            entry.pop("note", None)
        entry.update(clean)
        entries[name] = entry
        _write_entries(corpus_dir, entries)
    return entry


def remove_metadata(corpus_dir: Path, name: str) -> None:
    """Drop the ``metadata.json`` entry of ``name`` (metadata is inferred from the text again)."""
    with corpus_lock(Path(corpus_dir)):
        _remove_entry(Path(corpus_dir), name)


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
    names = {p.stem: p.name for p in corpus_files(corpus_dir)}
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
    not_indexed = tuple(
        p.name
        for p in files
        if p.stem not in indexed_ids
        and p.name not in skipped_names
        and p.suffix.lower() in SUPPORTED_SUFFIXES
    )
    stems = {p.stem for p in files}
    missing = tuple(sorted(d for d in indexed_ids if d not in stems))
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
    )
