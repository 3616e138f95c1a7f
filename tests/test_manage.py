"""Corpus management: safe names, atomic writes, bad uploads change nothing, metadata edits,
delete, status; and the same through ``Library`` with a real index (slow)."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.config import Settings
from rag.errors import ConfigError, LoadError
from rag.ingest import load_corpus
from rag.loaders import SUPPORTED_SUFFIXES
from rag.manage import (
    MAX_NAME_BYTES,
    delete_file,
    file_for_doc,
    library_status,
    safe_name,
    set_metadata,
    store_upload,
    unique_name,
    validate_metadata,
    write_atomic,
)
from rag.metadata import METADATA_FILE

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus"
MB = 1024 * 1024

PLAN = (
    "市委办公室2023年机关党建工作要点\n"
    "一、加强政治建设\n1.认真落实“第一议题”制度，开展“红烛先锋”主题党日。\n"
    "二、加强作风建设\n2.持续纠治“四风”，推行“马上就办”工作法。\n"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden ones too, except the lock file) and its bytes."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != ".manage.lock"
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seed corpus (with metadata.json)."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEED, dest)
    return dest


def upload_file(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("a/b.txt", "b.txt"),
        ("C:\\Users\\me\\报告.txt", "报告.txt"),
        ("党建 工作  要点 2022.txt", "党建_工作_要点_2022.txt"),
        (".hidden.txt", "hidden.txt"),
        ("...txt.md", "txt.md"),
        ("..\\..\\x.md", "x.md"),
        ("报告.DOCX", "报告.docx"),
        ("<script>alert(1)</script>.html", "script.html"),
        ("<b onclick=x>标题.html", "b_onclick_x_标题.html"),
        ("~$临时.docx", "临时.docx"),
        ("a..b.pdf", "a.b.pdf"),
        (".txt", "文档.txt"),
        ("   .md", "文档.md"),
        ("第一季度（修订稿）.txt", "第一季度_修订稿.txt"),
    ],
)
def test_safe_name(uploaded: str, expected: str) -> None:
    assert safe_name(uploaded) == expected


@pytest.mark.parametrize("uploaded", ["virus.exe", "noext", "表格.xlsx", "a.txt.exe", "", "旧.rtf"])
def test_safe_name_refuses_unsupported_types(uploaded: str) -> None:
    with pytest.raises(LoadError, match="不支持的文件类型"):
        safe_name(uploaded)


def test_very_long_names_are_cut_at_a_character_boundary() -> None:
    name = safe_name("党" * 300 + ".txt")
    assert name.endswith(".txt")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert set(Path(name).stem) == {"党"}
    name = safe_name("a" * 1000 + ".pdf")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES and name.endswith(".pdf")


@given(
    st.text(min_size=0, max_size=120),
    st.sampled_from(SUPPORTED_SUFFIXES),
)
def test_safe_names_are_plain_visible_and_short(stem: str, suffix: str) -> None:
    name = safe_name(stem + suffix)
    assert name.endswith(suffix)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert ".." not in name
    assert not name.startswith((".", "-", "_", "~"))
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert Path(name).name == name and len(Path(name).stem) > 0


def test_unique_name_avoids_taken_document_ids(tmp_path: Path) -> None:
    (tmp_path / "要点.md").write_text("x", encoding="utf-8")
    (tmp_path / "要点-2.txt").write_text("x", encoding="utf-8")
    (tmp_path / "Report.txt").write_text("x", encoding="utf-8")
    assert unique_name("要点.txt", tmp_path) == "要点-3.txt"
    assert unique_name("report.pdf", tmp_path) == "report-2.pdf"
    assert unique_name("新文档.txt", tmp_path) == "新文档.txt"


# --- atomic writes -------------------------------------------------------------------


def test_write_atomic_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "metadata.json"
    write_atomic(target, b"old")
    write_atomic(target, "新内容".encode())
    assert target.read_text(encoding="utf-8") == "新内容"
    assert [p.name for p in tmp_path.iterdir()] == ["metadata.json"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "metadata.json"
    write_atomic(target, b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["metadata.json"]


# --- uploads -------------------------------------------------------------------------


def test_store_upload_keeps_the_bytes_and_infers_metadata(corpus: Path, tmp_path: Path) -> None:
    src = upload_file(tmp_path / "up", "新 要点.txt", PLAN)
    before = set(snapshot(corpus))
    stored = store_upload(corpus, src, "../新 要点.txt", 5 * MB)
    assert stored.name == "新_要点.txt" and stored.path == corpus / "新_要点.txt"
    assert stored.path.read_bytes() == src.read_bytes()
    assert set(snapshot(corpus)) == before | {"新_要点.txt"}
    assert stored.document.meta.title == "市委办公室2023年机关党建工作要点"
    assert stored.document.meta.kind == "工作要点"
    assert stored.document.meta.year == 2023
    assert not (tmp_path / "新_要点.txt").exists()  # nothing written beside the corpus


def test_same_name_twice_gets_a_suffix(corpus: Path, tmp_path: Path) -> None:
    src = upload_file(tmp_path / "up", "plan.txt", PLAN)
    first = store_upload(corpus, src, "plan.txt", MB)
    second = store_upload(corpus, src, "plan.txt", MB)
    assert (first.name, second.name) == ("plan.txt", "plan-2.txt")


def test_concurrent_uploads_of_one_name_never_overwrite(corpus: Path, tmp_path: Path) -> None:
    sources = [
        upload_file(tmp_path / f"up{i}", "同名.txt", f"第{i}份文档\n内容{i}。") for i in range(6)
    ]
    names: list[str] = []
    errors: list[BaseException] = []

    def run(src: Path) -> None:
        try:
            names.append(store_upload(corpus, src, "同名.txt", MB).name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(names)) == 6
    texts = {(corpus / n).read_text(encoding="utf-8") for n in names}
    assert texts == {s.read_text(encoding="utf-8") for s in sources}


BAD_UPLOADS = [
    ("virus.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("空.txt", b"", "空"),
    ("空白.txt", b"   \n\t\n", "空"),
    ("二进制.txt", bytes(range(256)) * 40, "二进制"),
    ("假的.docx", "这不是 Word 文件".encode(), "损坏"),
    ("假的.pdf", b"%PDF-1.4 garbage", "损坏"),
    ("太大.txt", ("党建" * 400_000).encode(), "过大"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS)
def test_bad_uploads_leave_the_corpus_unchanged(
    corpus: Path, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    src = upload_file(tmp_path / "up", "upload.bin", data)
    before = snapshot(corpus)
    with pytest.raises(LoadError, match=message) as info:
        store_upload(corpus, src, name, 2 * MB)
    assert str(info.value)  # a message a person can read
    assert snapshot(corpus) == before


def test_upload_of_a_vanished_file(corpus: Path, tmp_path: Path) -> None:
    before = snapshot(corpus)
    with pytest.raises(LoadError, match="不存在"):
        store_upload(corpus, tmp_path / "gone.txt", "gone.txt", MB)
    assert snapshot(corpus) == before


# --- metadata ------------------------------------------------------------------------


def test_metadata_edit_round_trip(corpus: Path) -> None:
    name = "市生态环境局-2022年机关党建工作要点.txt"
    old = json.loads((corpus / METADATA_FILE).read_text(encoding="utf-8"))
    entry = set_metadata(
        corpus,
        name,
        {"title": " 新 标题 ", "department": "市委组织部", "kind": "其他", "date": "2022-03-15"},
    )
    assert entry["title"] == "新 标题" and entry["year"] == 2022
    assert "department_basis" not in entry and "note" not in entry  # evidence for the old one
    saved = json.loads((corpus / METADATA_FILE).read_text(encoding="utf-8"))
    assert saved[name] == entry
    assert entry["source_file"] == old[name]["source_file"]  # other keys kept
    others = {k: v for k, v in old.items() if k != name}
    assert {k: v for k, v in saved.items() if k != name} == others
    docs = {d.doc_id: d for d in load_corpus(corpus).documents}
    meta = docs[Path(name).stem].meta
    assert (meta.title, meta.department, meta.kind, meta.date, meta.year) == (
        "新 标题",
        "市委组织部",
        "其他",
        "2022-03-15",
        2022,
    )
    assert not [p for p in corpus.iterdir() if p.name.endswith(".part")]


def test_metadata_for_a_new_file_and_clearing_the_date(corpus: Path, tmp_path: Path) -> None:
    stored = store_upload(corpus, upload_file(tmp_path / "up", "p.txt", PLAN), "p.txt", MB)
    set_metadata(corpus, stored.name, {"department": "市委办公室", "date": "2023-01-05"})
    entry = set_metadata(corpus, stored.name, {"date": "", "year": "2024"})
    assert entry == {"department": "市委办公室", "date": None, "year": 2024}
    meta = {d.doc_id: d for d in load_corpus(corpus).documents}[stored.doc_id].meta
    assert (meta.department, meta.date, meta.year) == ("市委办公室", None, 2024)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "公告"}, "类型"),
        ({"date": "2022-13-01"}, "不存在"),
        ({"date": "2022/03/01"}, "YYYY-MM-DD"),
        ({"date": "2022-03-01", "year": 2021}, "不一致"),
        ({"year": "二〇二二"}, "年份"),
        ({"year": 1800}, "年份"),
        ({"title": "   "}, "标题不能为空"),
        ({"department": "单" * 101}, "太长"),
        ({"source_file": "x.txt"}, "不能修改"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_written(
    corpus: Path, fields: dict[str, object], message: str
) -> None:
    before = snapshot(corpus)
    with pytest.raises(ConfigError, match=message):
        set_metadata(corpus, "市委政研室-2022年机关党的建设工作要点.txt", fields)
    assert snapshot(corpus) == before


def test_validate_metadata_cleans_values() -> None:
    assert validate_metadata({"year": "2022", "date": None, "kind": "讲话"}) == {
        "year": 2022,
        "date": None,
        "kind": "讲话",
    }
    assert validate_metadata({"date": " 2021-07-01 "}) == {"date": "2021-07-01", "year": 2021}


@pytest.mark.parametrize(
    "name", ["../corpus/x.txt", "metadata.json", ".manage.lock", "", "..", "a/b.txt", "没有.txt"]
)
def test_metadata_and_delete_refuse_names_outside_the_documents(corpus: Path, name: str) -> None:
    before = snapshot(corpus)
    with pytest.raises(ConfigError):
        set_metadata(corpus, name, {"title": "x"})
    with pytest.raises(ConfigError):
        delete_file(corpus, name)
    assert snapshot(corpus) == before


# --- delete --------------------------------------------------------------------------


def test_delete_removes_the_file_and_its_metadata_entry(corpus: Path) -> None:
    name = "市生态环境局-2022年党建工作总结.txt"
    before = json.loads((corpus / METADATA_FILE).read_text(encoding="utf-8"))
    delete_file(corpus, name)
    assert not (corpus / name).exists()
    after = json.loads((corpus / METADATA_FILE).read_text(encoding="utf-8"))
    assert after == {k: v for k, v in before.items() if k != name}
    assert Path(name).stem not in {d.doc_id for d in load_corpus(corpus).documents}
    with pytest.raises(ConfigError, match="已被删除"):
        delete_file(corpus, name)


def test_file_for_doc(corpus: Path) -> None:
    assert file_for_doc(corpus, "市委政研室-2022年机关党的建设工作要点").name == (
        "市委政研室-2022年机关党的建设工作要点.txt"
    )
    with pytest.raises(ConfigError, match="没有文档"):
        file_for_doc(corpus, "不存在")


# --- status --------------------------------------------------------------------------


def test_status_reports_changes_after_the_build(corpus: Path) -> None:
    from rag.store import document_content_hash

    docs = load_corpus(corpus).documents
    old = time.time() - 3600
    for p in corpus.iterdir():
        os.utime(p, (old, old))
    manifest = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "document_count": len(docs),
        "chunk_count": 115,
        "index_type": "flat-ip",
        "documents": {d.doc_id: {"content_hash": document_content_hash(d)} for d in docs},
    }
    fresh = library_status(corpus, manifest, embedder="e", answerer="a")
    assert fresh.fresh and fresh.documents == len(docs) and fresh.chunks == 115

    # Saved again unchanged (newer, same content): still fresh.
    later = time.time() + 60
    for p in corpus.iterdir():
        os.utime(p, (later, later))
    assert library_status(corpus, manifest, embedder="e", answerer="a").fresh

    name = "市委政研室-2022年机关党的建设工作要点.txt"
    set_metadata(corpus, name, {"department": "市委政策研究室"})
    (corpus / "新.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "市生态环境局-2022年党建工作总结.txt").unlink()
    stale = library_status(corpus, manifest, embedder="e", answerer="a", skipped=[("坏.pdf", "x")])
    assert not stale.fresh
    assert stale.changed_since == (name,)
    assert stale.not_indexed == ("新.txt",)
    assert stale.missing == ("市生态环境局-2022年党建工作总结",)
    assert stale.skipped == (("坏.pdf", "x"),)


# --- through the Library, with a real index --------------------------------------------

SMALL = {
    "市委办公室-2023年工作要点.txt": PLAN,
    "市档案馆-2022年工作总结.txt": (
        "市档案馆2022年党建工作总结\n今年以来，市档案馆认真落实“三会一课”制度。\n"
        "一、抓学习\n开展“档案润初心”读书活动。\n"
    ),
}


@pytest.fixture
def small_library(tmp_path: Path, bundled_embedder: object) -> object:
    from rag.service import Library

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for name, text in SMALL.items():
        (corpus_dir / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index", max_upload_bytes=MB)
    return Library.open(settings, sync=True, embedder=bundled_embedder)  # type: ignore[arg-type]


@pytest.mark.slow
def test_library_add_edit_delete(small_library: object, tmp_path: Path) -> None:
    from rag.service import Library

    lib = small_library
    assert isinstance(lib, Library)
    assert lib.search("琴岛清风") == ()
    src = upload_file(
        tmp_path / "up",
        "../清风 讲话.txt",
        "同志们：\n今天我们召开会议，推进“琴岛清风”廉洁文化建设。\n谢谢大家！",
    )
    doc = lib.add_document(src, "../清风 讲话.txt")
    assert doc.doc_id == "清风_讲话" and doc.meta.kind == "讲话"
    assert (lib.settings.corpus_dir / "清风_讲话.txt").is_file()
    hits = lib.search("琴岛清风")
    assert [h.doc_id for h in hits] == ["清风_讲话"]
    assert lib.status().fresh and lib.status().documents == 3

    doc = lib.update_metadata("清风_讲话", {"department": "市纪委监委", "date": "2023-02-01"})
    assert (doc.meta.department, doc.meta.year) == ("市纪委监委", 2023)
    assert lib.search("琴岛清风")[0].department == "市纪委监委"
    assert "市纪委监委" in lib.departments()

    lib.remove_document("清风_讲话")
    assert lib.search("琴岛清风") == ()
    assert not (lib.settings.corpus_dir / "清风_讲话.txt").exists()
    assert "清风_讲话.txt" not in json.loads(
        (lib.settings.corpus_dir / METADATA_FILE).read_text(encoding="utf-8")
    )


@pytest.mark.slow
def test_library_bad_upload_changes_nothing(small_library: object, tmp_path: Path) -> None:
    from rag.service import Library

    lib = small_library
    assert isinstance(lib, Library)
    corpus_before = snapshot(lib.settings.corpus_dir)
    build_before = lib.index.build_id
    for name, data, _ in BAD_UPLOADS:
        src = upload_file(tmp_path / "bad", "upload.bin", data)
        with pytest.raises(LoadError):
            lib.add_document(src, name)
    assert snapshot(lib.settings.corpus_dir) == corpus_before
    assert lib.index.build_id == build_before
    assert len(lib.documents) == 2
