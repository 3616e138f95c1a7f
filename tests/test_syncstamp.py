"""A command skips the index update when nothing it reads has changed (``rag.syncstamp``),
and updates in full after any edit, new or removed file, metadata or setting change."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from rag import service
from rag.config import Settings
from rag.service import Library
from rag.syncstamp import STAMP_FILE, digest, read_stamp

REPO = Path(__file__).resolve().parent.parent

# written for this test
NOTICE = (
    "县林业局机关党委关于开展“党员先锋岗”创建活动的通知\n"
    "一、创建目标\n1.每个支部至少设立一个党员先锋岗。\n"
    "二、工作要求\n2.各支部于六月底前报送创建方案。\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = sorted(p for p in (REPO / "corpus").iterdir() if p.suffix == ".txt")[0]
    shutil.copy(seed, corpus / seed.name)
    (corpus / "县林业局-党员先锋岗通知.txt").write_text(NOTICE, encoding="utf-8")
    return replace(Settings(), corpus_dir=corpus, index_dir=tmp_path / "index")


class Syncs:
    """Counts the full updates ``Library.open`` runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = service.sync_index

        def counting(*args: object, **kwargs: object) -> object:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(service, "sync_index", counting)


def _open(settings: Settings) -> Library:
    return Library.open(settings, sync=True, sync_failure_ok=True)


def test_unchanged_corpus_skips_the_update_and_changes_are_seen(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    syncs = Syncs(monkeypatch)
    _open(settings)  # first build (no index yet)
    lib = _open(settings)  # an update: writes the stamp
    assert (settings.index_dir / STAMP_FILE).is_file()
    before = syncs.count
    lib = _open(settings)
    assert syncs.count == before  # nothing changed: skipped
    assert lib.search_page("党员先锋岗", None).total >= 1

    # an edit that keeps the size: the modification time differs
    path = settings.corpus_dir / "县林业局-党员先锋岗通知.txt"
    path.write_text(NOTICE.replace("六月底", "七月底"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    lib = _open(settings)
    assert syncs.count == before + 1
    assert lib.search_page("七月底", None).total == 1
    assert lib.search_page("六月底", None).total == 0

    # a new file, then a removed one
    (settings.corpus_dir / "县林业局-补充通知.txt").write_text(
        NOTICE.replace("党员先锋岗", "青年文明号"), encoding="utf-8"
    )
    lib = _open(settings)
    assert syncs.count == before + 2 and lib.search_page("青年文明号", None).total >= 1
    (settings.corpus_dir / "县林业局-补充通知.txt").unlink()
    lib = _open(settings)
    assert syncs.count == before + 3 and lib.search_page("青年文明号", None).total == 0
    _open(settings)
    assert syncs.count == before + 3


def test_metadata_edit_and_setting_change_run_the_update(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    syncs = Syncs(monkeypatch)
    _open(settings)
    _open(settings)
    before = syncs.count
    (settings.corpus_dir / "metadata.json").write_text(
        json.dumps({"县林业局-党员先锋岗通知.txt": {"department": "县林业局机关党委"}}),
        encoding="utf-8",
    )
    _open(settings)
    assert syncs.count == before + 1
    _open(replace(settings, chunk_max_chars=settings.chunk_max_chars + 40))
    assert syncs.count == before + 2


def test_skipped_files_are_still_reported_when_the_update_is_skipped(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    (settings.corpus_dir / "坏文件.docx").write_bytes(b"not a zip file at all")
    syncs = Syncs(monkeypatch)
    _open(settings)
    first = _open(settings)
    before = syncs.count
    again = _open(settings)
    assert syncs.count == before
    assert first.skipped and again.skipped == first.skipped


def test_damaged_stamp_means_a_full_update(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    syncs = Syncs(monkeypatch)
    _open(settings)
    _open(settings)
    (settings.index_dir / STAMP_FILE).write_text("{not json", encoding="utf-8")
    assert read_stamp(settings.index_dir) is None
    before = syncs.count
    _open(settings)
    assert syncs.count == before + 1
    assert read_stamp(settings.index_dir) is not None


def test_digest_depends_on_settings_and_embedder(settings: Settings) -> None:
    a = digest(settings.corpus_dir, repr(settings), "e1")
    assert a == digest(settings.corpus_dir, repr(settings), "e1")
    assert a != digest(settings.corpus_dir, repr(settings), "e2")
    assert a != digest(settings.corpus_dir, repr(replace(settings, chunk_max_chars=99)), "e1")
    (settings.corpus_dir / ".manage.lock").write_text("", encoding="utf-8")
    assert a == digest(settings.corpus_dir, repr(settings), "e1")  # lock files do not count
