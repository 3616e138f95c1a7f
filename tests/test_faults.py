"""Faults: a process killed mid-way, damaged index files, a full disk, an LLM endpoint that
is down, slow or talks nonsense, and an index update while users are asking.

Everything runs for real: ``rag index`` and uploads in subprocesses killed with SIGKILL, a
tiny tmpfs (when the tests may mount one) or a file-size limit for the full disk, the local
OpenAI-compatible server (tests/fake_openai.py) for the LLM, threads for the concurrent
update. Corpora are a few short documents, so each index builds in seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from doclib import llm_library
from fake_openai import FakeOpenAI
from seeds import SMALL_DOCS

from rag.cli import main as rag_main
from rag.config import Settings
from rag.errors import IndexCorruptError, IndexWriteError
from rag.ingest import corpus_files, load_corpus
from rag.service import Library
from rag.store import REBUILD_HINT, load_index
from rag.types import Answer

REPO = Path(__file__).resolve().parent.parent
ENV = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

SMALL = dict(SMALL_DOCS)
QUESTIONS = (
    "理论进社区宣讲活动开展了多少场？",
    "组织部2023年机关党建工作要点有哪些任务？",
    "三会一课 相关表述 全部",
    "读书班举办了几期？",
)
TOPICS = ("档案数字化", "机关食堂节约", "公务用车管理", "保密教育", "安全生产检查", "志愿服务")


def write_corpus(corpus: Path, docs: dict[str, str] = SMALL) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def many_items(n: int, seed: int = 0) -> str:
    """A work plan of ``n`` distinct numbered items (``n`` distinct chunks to embed)."""
    rng = random.Random(seed)
    lines = ["市机关事务局2023年工作要点", "一、重点工作"]
    for i in range(1, n + 1):
        topic = rng.choice(TOPICS)
        lines.append(f"{i}.围绕{topic}开展第{i}项专项工作，完成{rng.randint(2, 99)}个节点任务。")
    return "\n".join(lines) + "\n"


def answer_key(answer: Answer) -> str:
    obj = answer.to_json()
    obj.pop("elapsed_ms")
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def cli(*args: str) -> int:
    return rag_main(list(args))


def index_args(corpus: Path, index: Path) -> list[str]:
    return ["--corpus", str(corpus), "--index", str(index)]


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def builds(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "builds").iterdir())


@pytest.fixture
def small_library(tmp_path: Path, bundled_embedder: Any) -> Library:
    corpus = write_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    return Library.open(settings, sync=True, embedder=bundled_embedder)


# --- SIGKILL during rag index ---------------------------------------------------------------


class StderrWatcher:
    """Collects a subprocess's stderr in a thread; ``wait_for(pred)`` polls it."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.text = ""
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        while chunk := self.proc.stderr.read1(4096):  # type: ignore[attr-defined]
            with self._lock:
                self.text += chunk.decode("utf-8", "replace")

    def progress(self) -> tuple[int, int] | None:
        with self._lock:
            found = re.findall(r"(\d+)/(\d+) \[", self.text)
        return (int(found[-1][0]), int(found[-1][1])) if found else None

    def wait_for(self, pred: Callable[[tuple[int, int]], bool], timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = self.progress()
            if p is not None and pred(p):
                return
            if self.proc.poll() is not None:
                pytest.fail(
                    f"rag index ended ({self.proc.returncode}) before the kill:\n{self.text}"
                )
            time.sleep(0.01)
        pytest.fail(f"no progress to kill at:\n{self.text}")


@pytest.mark.slow
@pytest.mark.parametrize("when", ["mid-embedding", "after-embedding"])
def test_sigkill_during_rag_index_keeps_the_previous_index(
    tmp_path: Path, bundled_embedder: Any, when: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    assert cli("index", *index_args(corpus, index), "--quiet") == 0
    before = load_index(index, bundled_embedder.id)
    lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, before)
    answers = {q: answer_key(lib.ask(q)) for q in QUESTIONS}

    (corpus / "市机关事务局-2023年工作要点.txt").write_text(many_items(360), encoding="utf-8")
    corpus_before = file_hashes(corpus)
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag", "index", *index_args(corpus, index)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=REPO,
    )
    watcher = StderrWatcher(proc)
    try:
        if when == "mid-embedding":
            watcher.wait_for(lambda p: 0 < p[0] < p[1] - 16)
        else:
            watcher.wait_for(lambda p: p[0] == p[1] > 0)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    # The index folder still holds a loadable, self-consistent build.
    after = load_index(index, bundled_embedder.id)
    if after.build_id == before.build_id:
        lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, after)
        assert {q: answer_key(lib.ask(q)) for q in QUESTIONS} == answers
    else:  # the kill came after the switch: the new build is complete
        assert when == "after-embedding"
        assert len(after.documents) == len(before.documents) + 1
    assert after.vectors.ntotal == len(after.chunks) == after.manifest["chunk_count"]
    if when == "mid-embedding":
        assert after.build_id == before.build_id
        assert builds(index) == [before.build_id]  # nothing was written yet
    assert file_hashes(corpus) == corpus_before  # rag index never writes to the corpus

    # Running it again finishes the job and clears whatever the killed run left behind.
    assert cli("index", *index_args(corpus, index), "--quiet") == 0
    final = load_index(index, bundled_embedder.id)
    assert len(final.documents) == len(SMALL) + 1
    assert builds(index) == [final.build_id]
    assert not list(index.glob("CURRENT.tmp-*"))


# --- SIGKILL during an upload ----------------------------------------------------------------

UPLOAD_SCRIPT = """
import sys
from pathlib import Path
from rag.config import Settings
from rag.service import Library
lib = Library.open(Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2])))
lib.embedder.embed_queries(["预热"])
print("READY", flush=True)
lib.add_document(Path(sys.argv[3]), sys.argv[4])
print("DONE", flush=True)
"""
UPLOAD_NAME = "市委办公室-2023年督查工作要点.txt"


@pytest.mark.slow
def test_sigkill_during_an_upload_leaves_no_half_written_file(
    tmp_path: Path, bundled_embedder: Any
) -> None:
    """An upload is killed at increasing delays (while it is validated, copied, indexed):
    every time, each visible corpus file is complete, the index loads, and reopening the
    library brings the index in line with the corpus."""
    pristine = tmp_path / "pristine"
    write_corpus(pristine / "corpus")
    assert cli("index", *index_args(pristine / "corpus", pristine / "index"), "--quiet") == 0
    src = tmp_path / "upload" / UPLOAD_NAME
    src.parent.mkdir()
    # 300 000 characters: validation, copy and indexing each take a noticeable moment.
    body = "围绕督查工作开展专项检查，推动市委重大决策部署落地见效。" * 10_000
    src.write_text("市委办公室2023年督查工作要点\n一、督查检查\n" + body, encoding="utf-8")
    originals = file_hashes(pristine / "corpus")
    src_hash = hashlib.sha256(src.read_bytes()).hexdigest()

    seen: list[str] = []
    for i, delay in enumerate((0.0, 0.15, 0.4, 0.8, 1.5, 3.0)):
        run = tmp_path / f"run{i}"
        shutil.copytree(pristine, run)
        corpus, index = run / "corpus", run / "index"
        proc = subprocess.Popen(
            [sys.executable, "-c", UPLOAD_SCRIPT, str(corpus), str(index), str(src), UPLOAD_NAME],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=ENV,
            cwd=REPO,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"READY"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait(timeout=60)

        visible = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_files(corpus)}
        assert {n: h for n, h in visible.items() if n in originals} == originals
        assert set(visible) <= set(originals) | {UPLOAD_NAME}
        if UPLOAD_NAME in visible:
            assert visible[UPLOAD_NAME] == src_hash  # complete, never half written
        leftovers = [p.name for p in corpus.iterdir() if p.name.endswith(".part")]
        assert all(n.startswith(".") for n in leftovers)  # hidden: never loaded
        assert not load_corpus(corpus).skipped

        data = load_index(index, bundled_embedder.id)
        indexed = {d.doc_id for d in data.documents}
        assert indexed <= {Path(n).stem for n in visible}
        assert data.vectors.ntotal == len(data.chunks)
        state = (
            "done" if b"DONE" in rest
            else "indexed" if Path(UPLOAD_NAME).stem in indexed
            else "stored" if UPLOAD_NAME in visible
            else "not stored"
        )  # fmt: skip
        seen.append(f"{delay}s: {state}, {len(leftovers)} .part left")

        lib = Library.open(
            Settings(corpus_dir=corpus, index_dir=index), sync=True, embedder=bundled_embedder
        )
        assert {d.doc_id for d in lib.documents} == {Path(n).stem for n in visible}
    print("kills during upload:", "; ".join(seen))
    assert any("not stored" in s for s in seen) and any("stored" in s.split(":")[1] for s in seen)


# --- damaged index files ----------------------------------------------------------------------


def _current(index: Path) -> Path:
    return index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _edit_lines(path: Path, edit: Callable[[list[str]], list[str]]) -> None:
    path.write_text("".join(edit(path.read_text(encoding="utf-8").splitlines(True))), "utf-8")


CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "vectors-truncated": (lambda ix: _truncate(_current(ix) / "vectors.faiss"), "vectors.faiss"),
    "vectors-random": (
        lambda ix: (_current(ix) / "vectors.faiss").write_bytes(random.randbytes(4000)),
        "vectors.faiss",
    ),
    "vectors-deleted": (lambda ix: (_current(ix) / "vectors.faiss").unlink(), "vectors.faiss"),
    "chunks-garbled": (
        lambda ix: _edit_lines(_current(ix) / "chunks.jsonl", lambda ls: ["{garbage\n", *ls[1:]]),
        "chunks.jsonl",
    ),
    "chunks-truncated": (lambda ix: _truncate(_current(ix) / "chunks.jsonl"), "chunks.jsonl"),
    "chunks-line-missing": (
        lambda ix: _edit_lines(_current(ix) / "chunks.jsonl", lambda ls: ls[1:]),
        "段落",
    ),
    "chunks-not-objects": (
        lambda ix: _edit_lines(_current(ix) / "chunks.jsonl", lambda ls: ["[1, 2]\n"] * len(ls)),
        "索引文件内容不完整",
    ),
    "chunks-binary": (
        lambda ix: (_current(ix) / "chunks.jsonl").write_bytes(b"\xff\xfe\x00\x81" * 64),
        "chunks.jsonl",
    ),
    "documents-wrong-types": (
        lambda ix: _edit_lines(
            _current(ix) / "documents.jsonl", lambda ls: ['{"meta": 5, "text": 3}\n'] * len(ls)
        ),
        "索引文件内容不完整",
    ),
    "documents-deleted": (
        lambda ix: (_current(ix) / "documents.jsonl").unlink(),
        "documents.jsonl",
    ),
    "manifest-deleted": (lambda ix: (_current(ix) / "manifest.json").unlink(), "manifest.json"),
    "manifest-garbled": (
        lambda ix: (_current(ix) / "manifest.json").write_text("{nope", "utf-8"),
        "manifest.json",
    ),
    "bm25-truncated": (
        lambda ix: [_truncate(p) for p in (_current(ix) / "bm25").glob("*.npy")],
        "bm25",
    ),
    "current-dangling": (lambda ix: (ix / "CURRENT").write_text("gone\n", "utf-8"), "CURRENT"),
    "current-binary": (lambda ix: (ix / "CURRENT").write_bytes(b"\xff\xfe\x80\x00"), "CURRENT"),
    "current-outside": (
        lambda ix: (ix / "CURRENT").write_text("../../../../../../etc\n", "utf-8"),
        "CURRENT",
    ),
}


@pytest.fixture(scope="module")
def good_index(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Path:
    root = tmp_path_factory.mktemp("good-index")
    corpus = write_corpus(root / "corpus")
    assert cli("index", *index_args(corpus, root / "index"), "--quiet") == 0
    return root


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_index_is_detected_and_rag_index_rebuild_repairs_it(
    damage: str,
    good_index: Path,
    tmp_path: Path,
    bundled_embedder: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(good_index, tmp_path, dirs_exist_ok=True)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    good = load_index(index, bundled_embedder.id)
    lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, good)
    answers = {q: answer_key(lib.ask(q)) for q in QUESTIONS}

    corrupt, where = CORRUPTIONS[damage]
    corrupt(index)
    with pytest.raises(IndexCorruptError) as info:
        load_index(index, bundled_embedder.id)
    message = str(info.value)
    assert where in message and REBUILD_HINT in message
    with pytest.raises(IndexCorruptError):
        Library.open(Settings(corpus_dir=corpus, index_dir=index), embedder=bundled_embedder)

    capsys.readouterr()
    assert cli("index", *index_args(corpus, index), "--rebuild", "--quiet") == 0
    repaired = load_index(index, bundled_embedder.id)
    assert {d.doc_id for d in repaired.documents} == {d.doc_id for d in good.documents}
    assert [c.text for c in repaired.chunks] == [c.text for c in good.chunks]
    lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, repaired)
    assert {q: answer_key(lib.ask(q)) for q in QUESTIONS} == answers
    assert builds(index) == [repaired.build_id]


def test_rag_ask_on_a_damaged_index_says_what_to_do(
    good_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(good_index, tmp_path, dirs_exist_ok=True)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    assert cli("ask", QUESTIONS[0], *index_args(corpus, index), "--json") == 0  # syncs
    # BM25 is not checked when the corpus is unchanged: the damage is found on loading.
    _truncate(_current(index) / "bm25" / "data.csc.index.npy")
    capsys.readouterr()
    assert cli("ask", QUESTIONS[0], *index_args(corpus, index), "--json") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and REBUILD_HINT in err and "Traceback" not in err


def test_rag_ask_after_rag_index_keeps_the_build(
    good_index: Path, tmp_path: Path, bundled_embedder: Any
) -> None:
    """rag index and rag ask (which syncs) record the same settings: no needless rewrite."""
    shutil.copytree(good_index, tmp_path, dirs_exist_ok=True)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    built = load_index(index, bundled_embedder.id).build_id
    assert cli("ask", QUESTIONS[0], *index_args(corpus, index), "--json") == 0
    assert load_index(index, bundled_embedder.id).build_id == built


# --- a full disk ------------------------------------------------------------------------------


@contextlib.contextmanager
def tiny_tmpfs(path: Path, size: str) -> Iterator[None]:
    path.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {exc}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


def _limit_file_size() -> None:  # runs in the child before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.slow
@pytest.mark.parametrize("how", ["tmpfs", "file-size-limit"])
def test_a_full_disk_fails_cleanly_and_keeps_the_old_index(
    tmp_path: Path, bundled_embedder: Any, how: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    with tiny_tmpfs(index, "256k") if how == "tmpfs" else contextlib.nullcontext():
        assert cli("index", *index_args(corpus, index), "--quiet") == 0
        before = load_index(index, bundled_embedder.id)
        lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, before)
        answers = {q: answer_key(lib.ask(q)) for q in QUESTIONS}
        # 400 chunks of one repeated passage: cheap to embed, ~700 KB to write.
        big = (
            "市机关事务局2023年工作要点\n"
            + "推进节约型机关建设，加强公务用车管理和机关食堂节约工作。\n" * 1600
        )
        (corpus / "市机关事务局-2023年工作要点.txt").write_text(big, encoding="utf-8")

        proc = subprocess.run(
            [sys.executable, "-m", "rag", "index", *index_args(corpus, index), "--quiet"],
            capture_output=True,
            text=True,
            env=ENV,
            cwd=REPO,
            timeout=300,
            preexec_fn=_limit_file_size if how == "file-size-limit" else None,
        )
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("错误：无法写入索引")
        assert "原来的索引" in proc.stderr

        after = load_index(index, bundled_embedder.id)
        assert after.build_id == before.build_id
        assert builds(index) == [before.build_id]  # the half-written build was removed
        assert not list(index.glob("CURRENT.tmp-*"))
        lib = Library(Settings(corpus_dir=corpus, index_dir=index), bundled_embedder, after)
        assert {q: answer_key(lib.ask(q)) for q in QUESTIONS} == answers


def test_a_file_where_the_index_folder_should_be(
    tmp_path: Path, bundled_embedder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Writing fails with a message naming the place; the file is left as it was."""
    corpus = write_corpus(tmp_path / "corpus")
    blocker = tmp_path / "index"
    blocker.write_text("not a folder", encoding="utf-8")
    capsys.readouterr()
    assert cli("index", *index_args(corpus, blocker), "--quiet") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：无法写入索引 {blocker}") and "Traceback" not in err
    with pytest.raises(IndexWriteError):
        Library.open(
            Settings(corpus_dir=corpus, index_dir=blocker), sync=True, embedder=bundled_embedder
        )
    with pytest.raises(IndexCorruptError, match="无法读取索引"):
        load_index(blocker, bundled_embedder.id)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_rag_ask_still_answers_when_the_index_cannot_be_updated(
    tmp_path: Path, bundled_embedder: Any
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    assert cli("index", *index_args(corpus, index), "--quiet") == 0
    big = "市机关事务局2023年工作要点\n" + "推进节约型机关建设，加强公务用车管理。\n" * 1600
    (corpus / "市机关事务局-2023年工作要点.txt").write_text(big, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "rag", "ask", QUESTIONS[0], *index_args(corpus, index), "--json"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
        timeout=300,
        preexec_fn=_limit_file_size,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["found"] is True


# --- the LLM endpoint down, slow or talking nonsense -----------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "fault", ["down", "slow", "garbage", "error:500", "error:401", "drop-midstream", "empty"]
)
def test_llm_faults_fall_back_to_the_extractive_answer(small_library: Library, fault: str) -> None:
    question = "理论进社区宣讲活动开展了多少场？"
    base = small_library.ask(question)
    assert base.found and base.citations
    with FakeOpenAI() as server:
        url = f"http://127.0.0.1:{closed_port()}/v1" if fault == "down" else server.base_url
        reply = {"slow": "slow:5:宣讲活动128场[1]。", "empty": ""}.get(fault, fault)
        server.script(reply)
        lib = llm_library(small_library, url, timeout=1.0)
        final = lib.ask_final(question)
        if fault == "slow":
            # The client gave up after its 1 s timeout: the 5 s reply was never delivered.
            assert server.chat_requests and server.served == []
        if fault == "down":
            assert server.chat_requests == []
    assert final.answer.endswith(base.answer)
    assert final.answer.startswith("（大模型")
    assert final.citations == base.citations and final.found
    assert final.note and "原文摘录答案" in final.note
    expected = {
        "down": "无法连接",
        "slow": "超时",
        "error:500": "HTTP 500",
        "error:401": "密钥无效",
        "empty": "为空",
    }
    if fault in expected:
        assert expected[fault] in final.note, final.note


def test_llm_answers_still_come_after_a_failure(small_library: Library) -> None:
    """A failed call does not poison the answerer: the next question gets the model's answer."""
    with FakeOpenAI(["error:503", "理论进社区宣讲活动共开展“128场”[1]。"]) as server:
        lib = llm_library(small_library, server.base_url, timeout=2.0)
        first = lib.ask_final("理论进社区宣讲活动开展了多少场？")
        second = lib.ask_final("理论进社区宣讲活动开展了多少场？")
    assert first.note and "HTTP 503" in first.note
    assert second.note is None and second.answer.startswith("理论进社区宣讲活动共开展")


# --- an index update while users are asking ----------------------------------------------------


def test_answers_in_flight_survive_an_index_update(
    small_library: Library, bundled_embedder: Any
) -> None:
    """Six threads ask in a loop while a seventh updates the index with a new document:
    no error, and every answer is the single-user answer from before or after the update."""
    lib = small_library
    before = {q: answer_key(lib.ask(q)) for q in QUESTIONS}
    new_doc = lib.settings.corpus_dir / "市机关事务局-2023年工作要点.txt"
    new_doc.write_text(many_items(24, seed=3), encoding="utf-8")

    updated = threading.Event()
    errors: list[BaseException] = []
    results: list[tuple[str, str]] = []
    lock = threading.Lock()

    def user(k: int) -> None:
        rounds_after = 0
        i = k
        while rounds_after < 3:
            q = QUESTIONS[i % len(QUESTIONS)]
            i += 1
            try:
                key = answer_key(lib.ask(q))
            except BaseException as exc:
                errors.append(exc)
                return
            with lock:
                results.append((q, key))
            if updated.is_set():
                rounds_after += 1

    def updater() -> None:
        try:
            time.sleep(0.2)
            _, report = lib.update()
            assert report.added == ("市机关事务局-2023年工作要点",)
        except BaseException as exc:
            errors.append(exc)
        finally:
            updated.set()

    with ThreadPoolExecutor(max_workers=7) as pool:
        futures = [pool.submit(user, k) for k in range(6)] + [pool.submit(updater)]
        for f in futures:
            f.result(timeout=300)
    assert errors == []
    after = {q: answer_key(lib.ask(q)) for q in QUESTIONS}
    assert "市机关事务局-2023年工作要点" in {d.doc_id for d in lib.documents}
    assert len(results) >= 6 * 3
    for q, key in results:
        assert key in (before[q], after[q]), q
    # Freshly reopened from disk, the library gives the same answers as the updated one.
    reopened = Library.open(lib.settings, embedder=bundled_embedder)
    assert {q: answer_key(reopened.ask(q)) for q in QUESTIONS} == after
