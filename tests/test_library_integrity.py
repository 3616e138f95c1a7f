"""A document is the file it was read from, and every library operation is all-or-nothing.

Through the running app (``python app.py`` driven with ``gradio_client``) over a corpus
where one stem names several files — an indexed ``通知.txt`` beside files that are never
indexed (``通知.doc``, ``通知.bak``, ``通知`` without suffix, a broken ``通知.pdf``) and two
supported files ``报告.txt`` + ``报告.docx`` — and a ``metadata.json`` with wrong field
types. The corpus sits in a git checkout with the project's ``.gitignore``: using the
library must leave nothing untracked but the documents. Also ``rag docs``/``rag index``
over hand-written ``metadata.json`` files with every kind of wrong value.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apprun import REPO, run_rag, serve_app

pytestmark = pytest.mark.slow

NOTICE = "市委办公室关于开展读书月活动的通知\n一、活动安排\n1.开展“青松读书会”活动，每周一次。\n"
REPORT_TXT = "市档案馆2023年工作报告\n一、抓学习\n1.组织“红梅宣讲团”进社区宣讲。\n"
REPORT_DOCX = "市档案馆2023年工作报告（附件）\n一、抓阵地\n1.建设“翠竹学习社”阅读空间。\n"
PLAN = "市委组织部2023年机关党建工作要点\n一、加强政治建设\n1.认真落实“三会一课”制度。\n"
# Never indexed: a damaged old Word file, a backup, no suffix, a PDF that cannot be read.
NEVER_INDEXED = {
    "通知.doc": b"\xd0\xcf\x11\xe0 old word file",
    "通知.bak": "旧版通知：开展“青松读书会”活动。\n".encode(),
    "通知": "没有扩展名的通知：开展“青松读书会”活动。\n".encode(),
    "通知.pdf": b"%PDF-1.4 not really a pdf",
}
METADATA = {
    # A null where a list is expected stopped the app (TypeError) before; the good
    # field of the same entry still applies.
    "报告.txt": {"title": "档案馆年度报告", "department_basis": None},
    "组织部-要点.txt": {"year": True, "department": "市委组织部"},
}


def write_docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.save(str(path))


def make_corpus(corpus: Path) -> None:
    corpus.mkdir(parents=True)
    (corpus / "通知.txt").write_text(NOTICE, encoding="utf-8")
    for name, data in NEVER_INDEXED.items():
        (corpus / name).write_bytes(data)
    (corpus / "报告.txt").write_text(REPORT_TXT, encoding="utf-8")
    write_docx(corpus / "报告.docx", REPORT_DOCX)
    (corpus / "组织部-要点.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "metadata.json").write_text(
        json.dumps(METADATA, ensure_ascii=False), encoding="utf-8"
    )


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git checkout with the project's .gitignore and the corpus committed."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    make_corpus(root / "corpus")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    return root


@pytest.fixture(scope="module")
def app(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    work = tmp_path_factory.mktemp("app")
    with serve_app(work, checkout / "corpus", work / "index") as (url, _):
        yield {"url": url, "log": work / "app.log", "index": work / "index"}


@pytest.fixture
def client(app: dict[str, Any]) -> Any:
    """A new page: it loads the current document list (as the browser does on load)."""
    from gradio_client import Client

    c = Client(app["url"], verbose=False)
    c.predict(api_name="/refresh")
    return c


def doc_rows(client: Any) -> dict[str, list[Any]]:
    """Document id -> its row in the app's document table."""
    table = client.predict(api_name="/refresh")[5]
    return {r[0]: r for r in table["data"]}


def doc_with(client: Any, term: str) -> str:
    """The id of the one document the app finds ``term`` in."""
    counts = client.predict(term, "", api_name="/search")[1]["data"]
    ids = {r[2] for r in counts if r[2]}
    assert len(ids) == 1, counts
    return ids.pop()


def found(client: Any, term: str) -> bool:
    return "没有找到" not in client.predict(term, "", api_name="/search")[0]


def corpus_bytes(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(corpus.iterdir()) if not p.name.startswith(".")}


def test_app_starts_with_wrong_metadata_types_and_reports_them(
    app: dict[str, Any], client: Any
) -> None:
    log = app["log"].read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "报告.txt" in log and "department_basis" in log
    assert "组织部-要点.txt" in log and "year" in log
    rows = doc_rows(client)
    titles = {r[1] for r in rows.values()}
    assert "档案馆年度报告" in titles  # the entry's good field applies
    depts = {r[2] for r in rows.values()}
    assert "市委组织部" in depts


def test_two_supported_files_with_one_stem_are_two_documents(client: Any) -> None:
    txt, docx_id = doc_with(client, "红梅宣讲团"), doc_with(client, "翠竹学习社")
    assert txt != docx_id
    rows = doc_rows(client)
    assert {txt, docx_id} <= set(rows)
    assert len(rows) == 4  # 通知.txt, 报告.txt, 报告.docx, 组织部-要点.txt
    status = client.predict(api_name="/status")
    assert "索引与文档库一致" in status, status


def test_metadata_edit_and_delete_act_on_the_indexed_file(client: Any, checkout: Path) -> None:
    corpus = checkout / "corpus"
    notice = doc_with(client, "青松读书会")
    out = client.predict(
        notice, "读书月通知", "市委办公室", "其他", "2023-04-01", "", api_name="/save_metadata"
    )
    assert "已保存" in out[0]
    entries = json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))
    assert entries["通知.txt"]["title"] == "读书月通知"
    assert not set(entries) & set(NEVER_INDEXED)
    assert doc_rows(client)[notice][1] == "读书月通知"

    before = corpus_bytes(corpus)
    out = client.predict(notice, True, api_name="/delete_document")
    assert "已删除" in out[0]
    after = corpus_bytes(corpus)
    assert "通知.txt" not in after
    for name, data in NEVER_INDEXED.items():
        assert after[name] == data  # the skipped namesakes are untouched
    assert set(before) - set(after) == {"通知.txt"}
    assert "通知.txt" not in json.loads(after["metadata.json"])
    assert not found(client, "青松读书会")

    docx_id = doc_with(client, "翠竹学习社")
    client.predict(docx_id, True, api_name="/delete_document")
    assert not (corpus / "报告.docx").exists() and (corpus / "报告.txt").is_file()
    assert found(client, "红梅宣讲团") and not found(client, "翠竹学习社")

    # Using the library leaves nothing untracked in a git checkout but the documents.
    untracked = git(checkout, "status", "--porcelain", "--untracked-files=all")
    assert ".manage.lock" not in untracked and ".part" not in untracked, untracked


def test_delete_with_a_broken_metadata_file_changes_nothing(client: Any, checkout: Path) -> None:
    from gradio_client.exceptions import AppError

    corpus = checkout / "corpus"
    meta = corpus / "metadata.json"
    good = meta.read_bytes()
    report = doc_with(client, "红梅宣讲团")
    meta.write_text('{"报告.txt": {"title": "x"', encoding="utf-8")  # cut off
    try:
        before = corpus_bytes(corpus)
        with pytest.raises(AppError, match=r"metadata\.json"):
            client.predict(report, True, api_name="/delete_document")
        assert corpus_bytes(corpus) == before
        assert found(client, "红梅宣讲团") and report in doc_rows(client)
        with pytest.raises(AppError, match=r"metadata\.json"):
            client.predict(
                report, "新标题", "市档案馆", "其他", "", "2023", api_name="/save_metadata"
            )
        assert corpus_bytes(corpus) == before
    finally:
        meta.write_bytes(good)


def test_an_index_that_cannot_be_written_undoes_delete_and_edit(
    client: Any, checkout: Path, app: dict[str, Any]
) -> None:
    from gradio_client.exceptions import AppError

    corpus = checkout / "corpus"
    builds = Path(app["index"]) / "builds"
    report = doc_with(client, "红梅宣讲团")
    before = corpus_bytes(corpus)
    aside = builds.with_name("builds-aside")
    builds.rename(aside)
    builds.write_text("a file where the builds folder was", encoding="utf-8")
    try:
        with pytest.raises(AppError, match="无法写入索引"):
            client.predict(report, True, api_name="/delete_document")
        assert corpus_bytes(corpus) == before  # the file and its metadata are back
        with pytest.raises(AppError, match="无法写入索引"):
            client.predict(
                report, "改不成的标题", "市档案馆", "其他", "", "2023", api_name="/save_metadata"
            )
        assert corpus_bytes(corpus) == before
    finally:
        builds.unlink()
        aside.rename(builds)
    assert found(client, "红梅宣讲团")
    assert doc_rows(client)[report][1] == "档案馆年度报告"
    status = client.predict(api_name="/status")
    assert "索引与文档库一致" in status, status


def test_metadata_form_and_file_share_one_set_of_rules(client: Any, checkout: Path) -> None:
    """The form refuses what the file reader reports, with the same reason."""
    from gradio_client.exceptions import AppError

    report = doc_with(client, "红梅宣讲团")
    with pytest.raises(AppError) as form:
        client.predict(
            report, "标题", "市档案馆", "其他", "2022-99-99", "", api_name="/save_metadata"
        )
    corpus = checkout.parent / "rules-corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "metadata.json").write_text('{"a.txt": {"date": "2022-99-99"}}', encoding="utf-8")
    proc = run_rag("docs", "--json", "--corpus", str(corpus))
    assert proc.returncode == 0, proc.stderr
    problem = json.loads(proc.stdout)["metadata_error"]
    reason = str(form.value).strip()
    assert reason and reason in problem, (reason, problem)


# --- the CLI over hand-written metadata files -------------------------------------------


BAD_ENTRIES: dict[str, tuple[dict[str, Any], str]] = {
    "a.txt": ({"department_basis": None, "title": "甲标题"}, "department_basis"),
    "b.txt": ({"title": 12, "department": "乙单位"}, "title"),
    "c.txt": ({"year": True, "department": "丙单位"}, "year"),
    "d.txt": ({"date": "2022-99-99", "department": "丁单位"}, "date"),
    "e.txt": ({"date": "2022-03-01", "year": 2021, "department": "戊单位"}, "year"),
    "f.txt": ({"kind": "通告", "department": "己单位"}, "kind"),
    "g.txt": ({"department": ["市委"], "title": "庚标题"}, "department"),
    "h.txt": ({"source_file": 7, "department": "辛单位"}, "source_file"),
    "i.txt": ({"department_basis": ["依据", 3], "department": "壬单位"}, "department_basis"),
}


def test_rag_docs_and_index_report_each_wrong_field_and_go_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    meta: dict[str, Any] = {}
    for name, (entry, _) in BAD_ENTRIES.items():
        (corpus / name).write_text(PLAN.replace("市委组织部", name[0]), encoding="utf-8")
        meta[name] = entry
    meta["j.txt"] = None  # an entry that is not an object
    (corpus / "j.txt").write_text(PLAN, encoding="utf-8")
    meta["k.txt"] = {"department": "癸单位", "year": 2023}  # a good entry among bad ones
    (corpus / "k.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    proc = run_rag("docs", "--json", "--corpus", str(corpus))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)
    problem = data["metadata_error"]
    for name, (_, field) in BAD_ENTRIES.items():
        assert f"{name} 的 {field}" in problem, (name, field, problem)
    assert "j.txt" in problem and "k.txt" not in problem
    docs = {d["doc"]: d for d in data["documents"]}
    assert len(docs) == 11
    # The other fields of a wrong entry still apply; a good entry applies fully.
    for name, (entry, field) in BAD_ENTRIES.items():
        doc = docs[Path(name).stem]
        for key, value in entry.items():
            if key != field and key in ("title", "department"):
                assert doc[key] == value, (name, key, doc)
    assert (docs["k"]["department"], docs["k"]["year"]) == ("癸单位", 2023)
    assert docs["e"]["date"] is None and docs["e"]["year"] != 2021
    assert docs["c"]["year"] != 1  # True is not a year

    proc = run_rag("index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "新增 11 份" in proc.stdout


def test_rag_docs_lists_same_stem_files_as_two_documents(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    proc = run_rag("docs", "--json", "--corpus", str(tmp_path / "corpus"))
    data = json.loads(proc.stdout)
    by_file = {d["file"]: d["doc"] for d in data["documents"]}
    assert set(by_file) == {"通知.txt", "报告.txt", "报告.docx", "组织部-要点.txt"}
    assert len(set(by_file.values())) == 4
    assert by_file["组织部-要点.txt"] == "组织部-要点"  # an unambiguous id is the stem
    skipped = {s["file"] for s in data["skipped"]}
    assert skipped == {"通知.doc", "通知.bak", "通知", "通知.pdf"}
