"""A stamp of what the last index update saw, so a command can skip an update that would
change nothing.

Bringing the index up to date means reading every corpus file, cleaning it, inferring its
metadata and chunking it, then comparing with the index (≈ 0.3-0.6 s for the seeds, and
growing with the library). A CLI command does that before every answer. The stamp is a
digest of what that work depends on: each corpus file's name, size and modification time
(nanoseconds), the program's own files (name, size, mtime) and the settings; written after
an update (``index/sync-stamp.json``, atomically) with the build it produced and the
warnings it gave. When the digest and the build in use are unchanged, the update is
skipped and its warnings are repeated. Any edit, new or removed file, setting or program
change makes the digest differ and the full update runs as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Stamp", "digest", "read_stamp", "write_stamp"]

STAMP_FILE = "sync-stamp.json"
_PROGRAM = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stamp:
    digest: str
    build_id: str
    skipped: tuple[tuple[str, str], ...] = ()
    metadata_error: str | None = None


def _tree(root: Path, h: Any) -> None:
    entries: list[tuple[str, int, int]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in files:
            if name.startswith("."):  # lock files, editor droppings: not documents
                continue
            path = Path(folder) / name
            try:
                st = path.stat()
            except OSError:
                continue
            entries.append((str(path.relative_to(root)), st.st_size, st.st_mtime_ns))
    for entry in sorted(entries):
        h.update(repr(entry).encode("utf-8", "surrogateescape"))


def digest(corpus_dir: Path, settings_repr: str, embedder_id: str) -> str:
    """Digest of the corpus files' stats, the program's files and the settings."""
    h = hashlib.sha256()
    h.update(settings_repr.encode("utf-8", "surrogateescape"))
    h.update(embedder_id.encode("utf-8"))
    h.update(b"\0corpus\0")
    _tree(Path(corpus_dir), h)
    h.update(b"\0program\0")
    _tree(_PROGRAM, h)
    return h.hexdigest()


def read_stamp(index_dir: Path) -> Stamp | None:
    """The stamp beside the index, or ``None`` (missing or unreadable: update in full)."""
    try:
        raw = json.loads((Path(index_dir) / STAMP_FILE).read_text(encoding="utf-8"))
        return Stamp(
            digest=str(raw["digest"]),
            build_id=str(raw["build_id"]),
            skipped=tuple((str(a), str(b)) for a, b in raw.get("skipped", [])),
            metadata_error=(
                str(raw["metadata_error"]) if raw.get("metadata_error") is not None else None
            ),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(index_dir: Path, stamp: Stamp) -> None:
    """Write the stamp atomically; a failure only means the next command updates in full."""
    body = json.dumps(
        {
            "digest": stamp.digest,
            "build_id": stamp.build_id,
            "skipped": [list(s) for s in stamp.skipped],
            "metadata_error": stamp.metadata_error,
        },
        ensure_ascii=False,
    )
    index_dir = Path(index_dir)
    try:
        fd, tmp = tempfile.mkstemp(prefix=STAMP_FILE, suffix=".tmp", dir=index_dir)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(tmp, index_dir / STAMP_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clear_stamp(index_dir: Path) -> None:
    with contextlib.suppress(OSError):
        (Path(index_dir) / STAMP_FILE).unlink()
