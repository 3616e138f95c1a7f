"""``rag docs``: a real ``python -m rag`` process over real files in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
EXIT_SKIPPED = 3


def rag_docs(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "rag", "docs", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def outline_shape(nodes: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    out = []
    for n in nodes:
        out.append((n["level"], n["number"], n["heading"]))
        out.extend(outline_shape(n["children"]))
    return out


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    corpus = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, corpus)
    proc = rag_docs("--json", "--corpus", str(corpus))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def test_json_lists_every_document_with_metadata(seed_json: dict[str, Any]) -> None:
    assert set(seed_json) >= {"documents", "skipped"}
    assert seed_json["skipped"] == []
    docs = {d["doc"]: d for d in seed_json["documents"]}
    assert len(docs) == 5
    keys = {
        "doc",
        "title",
        "department",
        "date",
        "kind",
        "year",
        "source_file",
        "chars",
        "sha256",
        "department_basis",
        "overridden",
        "outline",
    }
    for d in docs.values():
        assert keys <= set(d)
        assert len(d["sha256"]) == 64 and d["chars"] > 1000 and d["year"] == 2022
    news = docs["广州市生态环境局-固堡垒强基层抓党建促业务"]
    assert (news["department"], news["date"], news["kind"]) == (
        "广州市生态环境局",
        "2022-05-12",
        "新闻报道",
    )
    assert news["department_basis"][0] == "来源:市生态环境局"
    assert news["source_file"] == "004_786abc122e51ef04.txt"
    plan = docs["市生态环境局-2022年机关党建工作要点"]
    assert plan["department"] == "市生态环境局" and "department" in plan["overridden"]
    assert plan["date"] is None


def test_json_outline_tree(seed_json: dict[str, Any]) -> None:
    docs = {d["doc"]: d for d in seed_json["documents"]}
    plan = docs["市生态环境局-2022年机关党建工作要点"]["outline"]
    assert [n["number"] for n in plan] == ["一、", "二、", "三、", "四、", "五、"]
    assert set(plan[0]) == {"number", "heading", "level", "start", "end", "children"}
    tasks = [t for part in plan for t in part["children"]]
    assert len(tasks) == 16 and tasks[2]["heading"] == "知行合一抓学习"
    assert all(t["level"] == 2 and t["children"] == [] for t in tasks)
    for part in plan:
        for t in part["children"]:
            assert part["start"] < t["start"] < t["end"] <= part["end"]
    yanjiu = docs["市委政研室-2022年机关党的建设工作要点"]["outline"]
    assert sum(len(p["children"]) for p in yanjiu) == 19
    speech = outline_shape(docs["市生态环境局-2022年党建工作会议局领导讲话"]["outline"])
    assert [n for lvl, n, _ in speech if lvl == 1] == [
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "第一，",
        "第二，",
        "第三，",
        "第四，",
        "第五，",
    ]
    # Offsets point into the text the documents have: a heading stands at its start.
    text = (CORPUS / "市生态环境局-2022年机关党建工作要点.txt").read_text(encoding="utf-8")
    assert text[plan[1]["start"] :].startswith("二、强化思想建设，坚持铸魂育人")


def test_skipped_files_go_to_stderr_and_set_exit_status(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "市委政研室-2022年机关党的建设工作要点.txt", tmp_path)
    (tmp_path / "空文件.txt").write_bytes(b"")
    (tmp_path / "损坏.docx").write_bytes(b"PK\x03\x04 this is not a real docx")
    proc = rag_docs("--json", "--corpus", str(tmp_path))
    assert proc.returncode == EXIT_SKIPPED, proc.stderr
    data = json.loads(proc.stdout)
    assert [d["doc"] for d in data["documents"]] == ["市委政研室-2022年机关党的建设工作要点"]
    skipped = {s["file"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {"空文件.txt", "损坏.docx"}
    lines = proc.stderr.splitlines()
    assert f"跳过 空文件.txt：{skipped['空文件.txt']}" in lines
    assert f"跳过 损坏.docx：{skipped['损坏.docx']}" in lines


def test_readable_listing(tmp_path: Path) -> None:
    for name in ("广州市生态环境局-固堡垒强基层抓党建促业务.txt", "metadata.json"):
        shutil.copy(CORPUS / name, tmp_path)
    (tmp_path / "notes.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    proc = rag_docs("--corpus", str(tmp_path))
    assert proc.returncode == EXIT_SKIPPED
    assert "跳过 notes.xls：" in proc.stderr
    lines = proc.stdout.splitlines()
    title = lines[0]
    assert "固堡垒强基层 抓党建促业务" in title
    assert "广州市生态环境局" in title and "2022-05-12" in title and "新闻报道" in title
    # The outline is indented by level: parts, then their (一)(二)(三) items deeper.
    part = next(ln for ln in lines if ln.strip().startswith("一、坚定政治立场"))
    item = next(ln for ln in lines if ln.strip().startswith("(一)坚决筑牢政治忠诚"))
    indent = len(part) - len(part.lstrip())
    assert indent > 0 and len(item) - len(item.lstrip()) > indent
    assert sum(1 for ln in lines if ln.strip().startswith(("(一)", "(二)", "(三)"))) == 18


def test_broken_metadata_file_is_a_warning(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "市生态环境局-2022年党建工作总结.txt", tmp_path)
    (tmp_path / "metadata.json").write_text("{not json", encoding="utf-8")
    proc = rag_docs("--json", "--corpus", str(tmp_path))
    assert proc.returncode == 0
    assert "metadata.json" in proc.stderr
    (doc,) = json.loads(proc.stdout)["documents"]
    assert doc["department"] == "市生态环境局"


def test_missing_corpus_folder_is_an_error(tmp_path: Path) -> None:
    proc = rag_docs("--json", "--corpus", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("错误：") and "不存在" in proc.stderr
    assert proc.stdout == ""
