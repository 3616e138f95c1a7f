"""Security: nothing stored is ever unpickled or evaluated; uploads stay inside the corpus
folder and within their size and type limits; document text (and file names, titles) is
escaped wherever the app renders it; an optional login is enforced; the app binds to
localhost by default.

The app checks run ``python app.py`` for real (over a small corpus with hostile file names
and text, with a 200 KB upload limit and no ``RAG_HOST``) and talk to it over HTTP with
``gradio_client``, raw HTTP requests and, when Debian's chromium is there, a real browser.
"""

from __future__ import annotations

import ast
import contextlib
import os
import pickle
import re
import shutil
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pytest
from apprun import serve_app

from rag.cli import main as rag_main
from rag.config import Settings
from rag.errors import IndexCorruptError
from rag.service import Library
from rag.store import load_index
from rag.ui import launch_options

REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 240
UPLOAD_LIMIT = 200_000

# --- no pickle, no eval ----------------------------------------------------------------------

DANGEROUS_MODULES = {"pickle", "cPickle", "_pickle", "dill", "shelve", "marshal", "joblib"}
DANGEROUS_CALLS = {"eval", "exec", "compile", "__import__"}


def python_sources() -> list[Path]:
    return [*sorted((REPO / "rag").rglob("*.py")), REPO / "app.py"]


def findings(path: Path) -> list[str]:
    """Unsafe deserialisation or evaluation in one file (by its syntax tree, not by grep)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                if name and name.split(".")[0] in DANGEROUS_MODULES:
                    out.append(f"{where} imports {name}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in DANGEROUS_CALLS:
                out.append(f"{where} calls {func.id}()")
            if isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else ""
                if owner in DANGEROUS_MODULES:
                    out.append(f"{where} calls {owner}.{func.attr}()")
                if owner == "yaml" and func.attr in ("load", "load_all", "unsafe_load"):
                    loader = next((k for k in node.keywords if k.arg == "Loader"), None)
                    if loader is None or "Safe" not in ast.unparse(loader.value):
                        out.append(f"{where} calls yaml.{func.attr}() without SafeLoader")
                if owner == "torch" and func.attr == "load":
                    out.append(f"{where} calls torch.load()")
                if owner == "os" and func.attr in ("system", "popen"):
                    out.append(f"{where} calls os.{func.attr}()")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value is False
                ):
                    out.append(f"{where} passes allow_pickle={ast.unparse(kw.value)}")
                if kw.arg == "shell" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value is False
                ):
                    out.append(f"{where} passes shell={ast.unparse(kw.value)}")
    return out


def test_the_checker_catches_what_it_looks_for(tmp_path: Path) -> None:
    bad = REPO / "rag" / "_p7_selfcheck_tmp.py"
    code = (
        "import pickle\nimport yaml\nimport numpy as np\n"
        "x = eval('1')\nyaml.load(s)\nnp.load(p, allow_pickle=True)\npickle.loads(b)\n"
        "yaml.load(s, Loader=yaml.SafeLoader)\nmodel.eval()\nrun_eval(q)\n"
    )
    bad.write_text(code, encoding="utf-8")
    try:
        found = findings(bad)
    finally:
        bad.unlink()
    assert len(found) == 5, found  # SafeLoader, model.eval() and run_eval() are fine


def test_no_pickle_or_eval_of_stored_data_in_the_code() -> None:
    problems = [f for path in python_sources() for f in findings(path)]
    assert problems == []
    text = "\n".join(p.read_text(encoding="utf-8") for p in python_sources())
    assert "allow_pickle=True" not in text
    # Every load of stored arrays says allow_pickle=False (bm25s defaults to True).
    loads = [
        node
        for path in python_sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("BM25.load")
    ]
    assert loads
    for call in loads:
        assert any(
            k.arg == "allow_pickle" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in call.keywords
        ), ast.unparse(call)


class Payload:
    """Unpickling this creates ``marker``: proof that someone unpickled it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _current(index: Path) -> Path:
    return index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def clean_index(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Path:
    root = tmp_path_factory.mktemp("pickle-index")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "市委宣传部-2023年工作总结.txt").write_text(
        "市委宣传部2023年工作总结\n组织“理论进社区”宣讲活动128场。\n全年举办读书班6期。\n",
        encoding="utf-8",
    )
    assert (
        rag_main(["index", "--corpus", str(corpus), "--index", str(root / "index"), "--quiet"]) == 0
    )
    return root


PLANTS = [
    "bm25-npy",
    "bm25-vocab",
    "vectors",
    "chunks",
    "documents",
    "manifest",
    "tokens",
    "extra-pkl",
]


@pytest.mark.parametrize("plant", PLANTS)
def test_an_index_folder_with_a_pickle_payload_is_never_unpickled(
    plant: str, clean_index: Path, tmp_path: Path, bundled_embedder: Any
) -> None:
    shutil.copytree(clean_index, tmp_path / "lib")
    corpus, index = tmp_path / "lib" / "corpus", tmp_path / "lib" / "index"
    marker = tmp_path / "PWNED"
    blob = pickle.dumps(Payload(marker))
    pickle.loads(blob)  # the payload works ...
    assert marker.exists()
    marker.unlink()  # ... and from here on must never run again

    build = _current(index)
    if plant == "bm25-npy":
        np.save(build / "bm25" / "data.csc.index.npy", np.array([Payload(marker)], dtype=object),
                allow_pickle=True)  # fmt: skip
    elif plant == "bm25-vocab":
        (build / "bm25" / "vocab.index.json").write_bytes(blob)
    elif plant == "extra-pkl":
        (build / "index.pkl").write_bytes(blob)
    else:
        name = {"vectors": "vectors.faiss", "chunks": "chunks.jsonl", "tokens": "tokens.jsonl",
                "documents": "documents.jsonl", "manifest": "manifest.json"}[plant]  # fmt: skip
        (build / name).write_bytes(blob)

    if plant in ("extra-pkl", "tokens"):  # files the loader never reads
        load_index(index, bundled_embedder.id)
    else:
        with pytest.raises(IndexCorruptError):
            load_index(index, bundled_embedder.id)
    with contextlib.suppress(IndexCorruptError):
        Library.open(Settings(corpus_dir=corpus, index_dir=index), embedder=bundled_embedder)
    # Updating or rebuilding reads the previous build too.
    assert rag_main(["index", "--corpus", str(corpus), "--index", str(index), "--quiet"]) == 0
    assert (
        rag_main(["index", "--corpus", str(corpus), "--index", str(index), "--rebuild", "--quiet"])
        == 0
    )
    load_index(index, bundled_embedder.id)
    assert not marker.exists()


# --- uploads stay inside the corpus (library level) -----------------------------------------

HOSTILE_NAMES = [
    "../../逃逸 测试.txt",
    "../../../../../../etc/cron.d/市委 通知.txt",
    "/etc/passwd.txt",
    "..\\..\\Windows\\system32\\说明.txt",
    "a/../../b/../../工作要点.md",
    ".bashrc.txt",
    "..",
    "....txt",
    "\x00空字节.txt",
    "市委 组织部 2023年 工作要点.txt",
    "长" * 300 + ".txt",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=lambda n: repr(n)[:30])
def test_an_upload_name_cannot_escape_the_corpus(
    name: str, clean_index: Path, tmp_path: Path, bundled_embedder: Any
) -> None:
    from rag.errors import LoadError

    shutil.copytree(clean_index, tmp_path / "lib")
    corpus, index = tmp_path / "lib" / "corpus", tmp_path / "lib" / "index"
    src = tmp_path / "incoming" / "upload.bin"
    src.parent.mkdir()
    src.write_text(
        "市委组织部2023年工作要点\n一、加强政治建设\n认真落实“三会一课”制度。\n", encoding="utf-8"
    )
    before_tree = {p for p in tmp_path.rglob("*")}
    lib = Library.open(Settings(corpus_dir=corpus, index_dir=index), embedder=bundled_embedder)
    try:
        doc = lib.add_document(src, name)
    except LoadError as exc:  # no usable suffix: refused with a reason, nothing written
        assert "不支持的文件类型" in str(exc)
        assert {p for p in tmp_path.rglob("*")} == before_tree
        return
    stored = corpus / doc.meta.source_file
    assert stored.is_file() and stored.resolve().parent == corpus.resolve()
    assert "/" not in stored.name and "\\" not in stored.name and ".." not in stored.stem
    assert not stored.name.startswith(".") and len(stored.name.encode()) <= 255
    new = {p for p in tmp_path.rglob("*")} - before_tree
    outside = [p for p in new if corpus not in p.parents and index not in p.parents]
    assert outside == []
    assert doc.doc_id in {d.doc_id for d in lib.documents}


# --- the running app ------------------------------------------------------------------------

HOSTILE_FILE = "<img src=x onerror=alert(1)>.txt"
BINARY_FILE = "<svg onload=alert(3)>.txt"
HOSTILE_TEXT = (
    "<script>alert(4)</script>市委网信办2023年网络安全工作要点\n"
    "一、防范<b onmouseover=alert(5)>网页</b>攻击\n"
    "1.警惕<img src=y onerror=alert(6)>恶意代码和[链接](javascript:alert(7))，"
    "以及![图](http://attacker.invalid/x.png)这样的外链图片。\n"
)
TAGS = re.compile(r"<(?:script|img|svg|iframe|b |object|embed)\b", re.I)


@contextlib.contextmanager
def running_app(workdir: Path, env_extra: dict[str, str]) -> Iterator[tuple[str, int, Path]]:
    """``python app.py`` over a small hostile corpus in ``workdir``: (url, port, corpus)."""
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "市委宣传部-2023年工作总结.txt").write_text(
        "市委宣传部2023年工作总结\n组织“理论进社区”宣讲活动128场。\n", encoding="utf-8"
    )
    (corpus / HOSTILE_FILE).write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / BINARY_FILE).write_bytes(bytes(range(256)) * 8)
    env = {"RAG_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT), **env_extra}
    with serve_app(workdir, corpus, workdir / "index", env) as (url, port):
        yield url, port, corpus


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    with running_app(tmp_path_factory.mktemp("secure-app"), {}) as served:
        yield served


@pytest.fixture
def client(app: tuple[str, int, Path]) -> Any:
    from gradio_client import Client

    return Client(app[0], verbose=False)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp{,6})."""
    out: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                addr, hexport = fields[1].split(":")
                if int(hexport, 16) == port and fields[3] == "0A":  # LISTEN
                    out.add(addr)
    return out


def test_launch_options_bind_localhost_unless_told() -> None:
    opts = launch_options(Settings(), {})
    assert opts["server_name"] == "127.0.0.1" and opts["auth"] is None
    assert opts["share"] is False
    assert opts["max_file_size"] == Settings().max_upload_bytes
    opts = launch_options(Settings(), {"RAG_HOST": "0.0.0.0", "RAG_AUTH": "office:s3cret"})
    assert opts["server_name"] == "0.0.0.0" and opts["auth"] == [("office", "s3cret")]


@pytest.mark.slow
def test_the_app_listens_on_localhost_only(app: tuple[str, int, Path]) -> None:
    _, port, _ = app
    addresses = listening_addresses(port)
    assert addresses == {"0100007F"}, addresses  # 127.0.0.1, not 0.0.0.0 or ::
    # Not reachable on the machine's other addresses.
    try:
        other = socket.gethostbyname(socket.gethostname())
    except OSError:
        other = ""
    if other and not other.startswith("127."):
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((other, port)) != 0


@pytest.mark.slow
def test_files_on_the_server_are_not_served(app: tuple[str, int, Path]) -> None:
    url, _, corpus = app
    for path in (
        "/etc/hostname",
        "/etc/passwd",
        str(corpus / "市委宣传部-2023年工作总结.txt"),
        "../../../../etc/passwd",
    ):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{url}gradio_api/file={quote(path)}", timeout=10)
        assert info.value.code in (403, 404), path


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----p7boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


def raw_upload(url: str, name: str, data: bytes) -> tuple[int, Any]:
    import json

    body, boundary = _multipart(name, data)
    req = urllib.request.Request(
        f"{url}gradio_api/upload",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def visible_files(folder: Path) -> set[str]:
    return {name for name in os.listdir(folder) if not name.startswith(".")}


def file_data(path: str) -> dict[str, Any]:
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


@pytest.mark.slow
def test_an_upload_named_with_dot_dot_lands_inside_the_corpus(
    app: tuple[str, int, Path], client: Any
) -> None:
    url, _, corpus = app
    text = "市委组织部2023年工作要点\n一、加强政治建设\n认真落实“三会一课”制度，开展主题党日。\n"
    before = visible_files(corpus)
    status, paths = raw_upload(url, "../../../../逃逸 测试.txt", text.encode())
    assert status == 200, paths
    (server_path,) = paths
    assert ".." not in Path(server_path).parts
    message = client.predict(file_data(server_path), api_name="/upload")[0]
    assert "已导入" in message and "<script" not in message
    added = visible_files(corpus) - before
    assert len(added) == 1
    (name,) = added
    assert (corpus / name).read_text(encoding="utf-8") == text
    assert "逃逸" in name and " " not in name and "/" not in name
    assert not list(corpus.parent.glob("逃逸*")) and not Path("/逃逸 测试.txt").exists()


@pytest.mark.slow
def test_uploads_over_the_size_limit_or_of_other_types_are_refused(
    app: tuple[str, int, Path], client: Any
) -> None:
    from gradio_client.exceptions import AppError

    url, _, corpus = app
    before = visible_files(corpus)
    status, body = raw_upload(url, "大文件.txt", "党建".encode() * (UPLOAD_LIMIT // 3))
    assert status == 413, body
    status, paths = raw_upload(url, "程序.exe", b"MZ" + bytes(200))
    if status == 200:  # stored by the web server; the app must still refuse it
        with pytest.raises(AppError):
            client.predict(file_data(paths[0]), api_name="/upload")
    status, paths = raw_upload(url, "改名的图片.txt", b"\x89PNG\r\n\x1a\n" + bytes(500))
    assert status == 200
    with pytest.raises(AppError, match="不是文本文件"):
        client.predict(file_data(paths[0]), api_name="/upload")
    assert visible_files(corpus) == before


@pytest.mark.slow
def test_an_api_call_cannot_import_a_file_that_was_not_uploaded(
    app: tuple[str, int, Path], client: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url, _, corpus = app
    secret = tmp_path_factory.mktemp("server-side") / "机密 通知.txt"
    secret.write_text("内部资料\n一、不得外传\n这是服务器上的机密文件。\n", encoding="utf-8")
    before = visible_files(corpus)
    # A raw API call naming a server path. (gradio_client would upload the file first:
    # that is a legitimate upload of a file the caller already has.) Gradio refuses it in
    # pre-processing, and the handler accepts only paths inside Gradio's upload folder.
    events = raw_call(url, "upload", [file_data(str(secret))])
    assert "event: error" in events
    assert visible_files(corpus) == before
    # A file that did go through the upload route is still accepted.
    status, paths = raw_upload(url, "真的上传.txt", "一、正常上传\n上传的正文。\n".encode())
    assert status == 200
    events = raw_call(url, "upload", [file_data(paths[0])])
    assert "event: complete" in events, events
    assert "真的上传.txt" in visible_files(corpus)


def raw_call(url: str, api_name: str, data: list[Any]) -> str:
    """POST /gradio_api/call/<api_name>, then read its event stream to the end."""
    import json

    req = urllib.request.Request(
        f"{url}gradio_api/call/{api_name}",
        data=json.dumps({"data": data}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        event_id = json.loads(resp.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{api_name}/{event_id}", timeout=120) as resp:
        return resp.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_hostile_names_and_text_are_escaped_in_every_view(
    app: tuple[str, int, Path], client: Any
) -> None:
    doc_id = Path(HOSTILE_FILE).stem
    out = client.predict(api_name="/refresh")
    status = out[8]
    assert "&lt;svg onload=alert(3)&gt;.txt" in status and not TAGS.search(status)
    table = out[5]["data"]
    assert any(row[0] == doc_id for row in table)  # the table holds plain strings

    _, _, _, meta, outline, text = client.predict(doc_id, None, None, api_name="/show_document")
    for html_out in (meta, outline, text):
        assert not TAGS.search(html_out), html_out[:300]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in text
    assert "&lt;img src=y onerror=alert(6)&gt;" in text

    summary, _, occurrences, _ = client.predict("恶意代码", "", api_name="/search")
    assert not TAGS.search(summary) and not TAGS.search(occurrences)
    assert "&lt;img src=y onerror=alert(6)&gt;" in occurrences

    chat, sources, _, last, _ = client.predict(
        "警惕什么恶意代码？", "", doc_id, "", "", api_name="/ask"
    )
    assert last and last["citations"], last
    assert not TAGS.search(sources)
    shown = "".join(str(m["content"]) for m in chat)
    assert not TAGS.search(shown)
    assert not re.search(r"(?<!\\)\]\((?:javascript:|http://attacker)", shown)
    # An image link stays text (Markdown-escaped in the answer, entities in its folded sources).
    assert "!\\[图\\]" in shown or "!&#91;图&#93;" in shown or "图" not in shown


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium")
def test_hostile_names_run_no_script_in_a_browser(app: tuple[str, int, Path]) -> None:
    from playwright.sync_api import sync_playwright

    url = app[0]
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url)
            page.get_by_role("tab", name="文档", exact=True).click()
            cell = page.get_by_text(Path(HOSTILE_FILE).stem, exact=True)
            cell.locator("visible=true").first.click()
            page.wait_for_selector("#fulltext .fulltext")
            page.get_by_role("tab", name="设置/状态").click()
            page.wait_for_selector("table.skipped")
            page.wait_for_timeout(1000)
            injected = page.evaluate(
                "() => document.querySelectorAll('img[onerror], svg[onload], b[onmouseover]')"
                ".length"
            )
            # Gradio embeds its config (with the titles) in an inline script as JSON whose
            # '<' is written \\u003c, so no tag can close the script or open another.
            inline = page.evaluate(
                "() => Array.from(document.scripts).map(s => (s.textContent.match("
                "/.{0,80}<(script|img|svg)\\b.{0,80}/i) || [''])[0]).filter(Boolean)"
            )
        finally:
            browser.close()
    assert dialogs == []
    assert injected == 0 and inline == [], inline


# --- login -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_login_is_enforced_on_every_route_when_configured(tmp_path: Path) -> None:
    import json

    from gradio_client import Client

    with running_app(tmp_path, {"RAG_AUTH": "office:s3cret"}) as (url, port, _):
        assert listening_addresses(port) == {"0100007F"}
        for method, path, body in (
            ("GET", "gradio_api/info", None),
            ("GET", "config", None),
            ("POST", "gradio_api/call/search", json.dumps({"data": ["三会一课", ""]}).encode()),
            ("POST", "gradio_api/call/upload", json.dumps({"data": [None]}).encode()),
            ("GET", "gradio_api/file=/etc/hostname", None),
        ):
            req = urllib.request.Request(
                url + path, data=body, method=method, headers={"Content-Type": "application/json"}
            )
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    content = resp.read().decode("utf-8", "replace")
                    # An unauthenticated config is only the login page's, with no components.
                    assert path == "config", (path, resp.status)
                    assert "三会一课" not in content and '"components"' not in content
            except urllib.error.HTTPError as exc:
                assert exc.code in (401, 403), (path, exc.code)
        status, _ = raw_upload(url, "x.txt", "党建".encode())
        assert status in (401, 403)
        with pytest.raises(Exception):  # noqa: B017 - refused, whatever the client raises
            Client(url, auth=("office", "wrong"), verbose=False)
        ok = Client(url, auth=("office", "s3cret"), verbose=False)
        assert "理论进社区" in str(ok.predict("理论进社区", "", api_name="/search")[0])
