"""Issue 10 through the running app (``python app.py`` with ``RAG_AUTH`` set): nothing about
the library reaches a client before login; document text shows links and e-mail addresses
as text in the chat; exports cannot smuggle spreadsheet formulas; a term search does
bounded work, however frequent the term; an upload made of headings is refused.

The corpus has names and years found nowhere else (甲乙档案处, 2037), so any trace of the
library in an anonymous response is unambiguous."""

from __future__ import annotations

import csv
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apprun import serve_app
from hostile import DENSE_COUNT, FORMULA_LINES, LINKS, dense_document, headings_text

from rag.concordance import PAGE_ROWS, find_term
from rag.export import EXPORT_KEEP_FILES
from rag.ingest import build_document

AUTH = ("office", "s3cret")
CHROMIUM = Path("/usr/bin/chromium")

LEAK_FILE = "甲乙档案处-2037年机关党建工作要点.txt"
LEAK_TEXT = (
    "甲乙档案处2037年机关党建工作要点\n"
    "一、加强政治建设\n"
    f"1.落实联络员制度，办事指南见 {LINKS[0]} 和 {LINKS[1]}，意见请发 {LINKS[2]}。\n"
    "二、公示制度\n" + "\n".join(FORMULA_LINES) + "\n"
)
DENSE_FILE = "丙丁综合处-2036年党建工作安排.txt"
DENSE_SENTENCES = 300
METADATA = {
    LEAK_FILE: {
        "title": "甲乙档案处2037年机关党建工作要点",
        "department": "甲乙档案处",
        "kind": "工作要点",
        "year": 2037,
    },
    DENSE_FILE: {
        "title": "丙丁综合处2036年党建工作安排",
        "department": "丙丁综合处",
        "kind": "工作要点",
        "year": 2036,
    },
}
# Everything about the library that must not be served before login.
SECRETS = (
    "甲乙档案处",
    "丙丁综合处",
    "机关党建工作要点",
    "党建工作安排",
    Path(LEAK_FILE).stem,
    Path(DENSE_FILE).stem,
    "2037年",
    "2036年",
    '"2037"',
    '"2036"',
    "'2037'",
    "'2036'",
    "example.org",
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    work = tmp_path_factory.mktemp("hardening-app")
    corpus = work / "corpus"
    corpus.mkdir()
    (corpus / LEAK_FILE).write_text(LEAK_TEXT, encoding="utf-8")
    (corpus / DENSE_FILE).write_text(dense_document(DENSE_SENTENCES), encoding="utf-8")
    (corpus / "metadata.json").write_text(
        json.dumps(METADATA, ensure_ascii=False), encoding="utf-8"
    )
    tmp = work / "tmp"
    tmp.mkdir()
    env = {"RAG_AUTH": ":".join(AUTH), "TMPDIR": str(tmp)}
    with serve_app(work, corpus, work / "index", env) as (url, _):
        yield {"url": url, "corpus": corpus, "tmp": tmp, "gradio_tmp": work / "gradio-tmp"}


@pytest.fixture(scope="module")
def client(app: dict[str, Any]) -> Any:
    from gradio_client import Client

    return Client(app["url"], auth=AUTH, verbose=False)


def anonymous(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, str]:
    """Status and body of a request without login; a stream (an event source) is read for
    a few seconds only."""
    req = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        resp = urllib.request.urlopen(req, timeout=5)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    parts: list[bytes] = []
    deadline = time.monotonic() + 5
    with resp:
        try:
            while time.monotonic() < deadline:
                data = resp.read1(65536)
                if not data:
                    break
                parts.append(data)
        except TimeoutError:
            pass
    return resp.status, b"".join(parts).decode("utf-8", "replace")


def app_routes() -> list[tuple[str, str]]:
    """(method, path) of every route a Gradio app has (the same for every Blocks), path
    parameters filled with a placeholder."""
    import gradio as gr
    from gradio.routes import App

    with gr.Blocks() as blocks:
        gr.Textbox()
    out: list[tuple[str, str]] = []

    def walk(routes: Any, prefix: str) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:  # the router of /gradio_api/... (FastAPI includes it lazily)
                walk(included.routes, prefix)
                continue
            path = prefix + getattr(route, "path", "")
            if getattr(route, "routes", None):  # a mounted app
                walk(route.routes, path)
                continue
            for method in sorted(getattr(route, "methods", None) or {"GET"}):
                if method in ("GET", "POST"):
                    out.append((method, re.sub(r"\{[^}]+\}", "x", path) or "/"))

    walk(App.create_app(blocks).routes, "")
    return sorted(set(out))


def leaked(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


# --- 4. nothing about the library before login ----------------------------------------


@pytest.mark.slow
def test_nothing_about_the_library_reaches_an_anonymous_client(
    app: dict[str, Any], client: Any
) -> None:
    base = app["url"].rstrip("/")
    routes = app_routes()
    assert ("GET", "/") in routes and ("GET", "/config") in routes and len(routes) > 30
    checked = 0
    named = [("POST", f"/gradio_api/{kind}/refresh") for kind in ("call", "run", "api")]
    extra = [("GET", "/?page="), ("GET", "/gradio_api/info"), *named]
    for method, path in [*routes, *extra]:
        body = b"{}" if method == "POST" else None
        status, text = anonymous(base + path, method, body)
        assert not leaked(text), (method, path, status, leaked(text))
        checked += 1
    status, page = anonymous(base + "/")
    assert status == 200 and "gradio_api_info" in page  # the login page was really checked
    assert checked == len(routes) + len(extra)
    # After login the same library is all there: choices, documents, search.
    out = client.predict(api_name="/refresh")
    shown = json.dumps(out, ensure_ascii=False)
    assert "甲乙档案处" in shown and "丙丁综合处" in shown and "2037" in shown
    assert Path(LEAK_FILE).stem in shown
    # The dropdowns accept typed values, so the handlers check them.
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="没有单位"):
        client.predict("公示", "不存在的单位", api_name="/search")


# --- 5. links in document text stay text in the chat ------------------------------------


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_chat_shows_document_links_and_addresses_as_text(app: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(app["url"])
            page.locator("input[type=password]").wait_for()
            page.locator('input[data-testid="textbox"]').fill(AUTH[0])
            page.locator("input[type=password]").fill(AUTH[1])
            page.get_by_role("button", name="Login").click()
            page.locator("#question textarea").fill("甲乙档案处的办事指南网址和意见邮箱是什么？")
            page.locator("#ask").click()
            page.locator('#chat a[href="#cite-0-1"]').first.wait_for()
            bubble = page.locator("#chat .message-content").last
            text = bubble.inner_text()
            hrefs = [a.get_attribute("href") for a in page.locator("#chat a").all()]
            # The citation link the app made still scrolls to its source.
            page.locator('#chat a[href="#cite-0-1"]').first.click()
            page.locator("#cite-0-1").wait_for(state="visible")
        finally:
            browser.close()
    for link in LINKS:
        assert link in text, text  # shown, as written, without backslashes
    assert hrefs and all(h and h.startswith("#cite-") for h in hrefs), hrefs


# --- 6. exports are safe to open in a spreadsheet ---------------------------------------


@pytest.mark.slow
def test_export_neutralises_spreadsheet_formulas(client: Any) -> None:
    client.predict("公示", "", api_name="/search")
    path = client.predict("公示", "", api_name="/export_search")
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    contexts = [r[-1] for r in rows[1:]]
    assert len(contexts) == len(FORMULA_LINES) + 1  # the heading 二、公示制度 too
    for line in FORMULA_LINES:
        assert "'" + line in contexts, (line, contexts)
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" \t\u3000").startswith(("=", "+", "-", "@", "\t", "\r")), row


# --- 10. term search: a count and a page, the full list as a file on request --------------


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@pytest.mark.slow
def test_term_search_shows_the_count_and_one_page(app: dict[str, Any], client: Any) -> None:
    texts = {LEAK_FILE: LEAK_TEXT, DENSE_FILE: dense_document(DENSE_SENTENCES)}
    total = len(find_term([build_document(Path(n).stem, t) for n, t in texts.items()], "党"))
    assert total > DENSE_COUNT * DENSE_SENTENCES
    before = files_under(app["tmp"]) | files_under(app["gradio_tmp"])
    for _ in range(3):
        summary, counts, table, csv_path = client.predict("党", "", api_name="/search")
    assert f"<b>{total}</b> 次" in summary
    assert f"另有 {total - PAGE_ROWS} 处未列出" in summary
    assert sum(int(r[3]) for r in counts["data"]) == total
    assert table.count("<mark>党</mark>") == PAGE_ROWS
    assert len(table) < 200_000 and csv_path is None
    # Searching writes no file anywhere.
    assert files_under(app["tmp"]) | files_under(app["gradio_tmp"]) == before

    path = client.predict("党", "", api_name="/export_search")
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == total + 1 and all("党" in r[-1] for r in rows[1:])
    assert [int(r[0]) for r in rows[1:]] == list(range(1, total + 1))

    # Exports do not pile up: the app keeps only the newest few.
    for _ in range(EXPORT_KEEP_FILES + 3):
        client.predict("党员", "", api_name="/export_search")
    exports = [p for p in files_under(app["tmp"]) if p.suffix == ".csv"]
    assert 1 <= len(exports) <= EXPORT_KEEP_FILES, exports


# --- 9. an upload made of headings is refused before indexing ----------------------------


@pytest.mark.slow
def test_an_upload_made_of_headings_is_refused(
    app: dict[str, Any], client: Any, tmp_path: Path
) -> None:
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    src = tmp_path / "标题堆砌.txt"
    src.write_text(headings_text(2_000_000), encoding="utf-8")
    assert os.path.getsize(src) >= 2_000_000
    names = sorted(p.name for p in app["corpus"].iterdir())
    job = client.submit(handle_file(str(src)), api_name="/upload")
    with pytest.raises(AppError, match=r"编号标题过多|片段过多"):
        job.result(timeout=120)
    assert sorted(p.name for p in app["corpus"].iterdir()) == names
    docs = client.predict(api_name="/refresh")
    assert "标题堆砌" not in json.dumps(docs, ensure_ascii=False)
