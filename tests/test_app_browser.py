"""End to end in a real browser: Debian's chromium driven by Playwright against
``python app.py``. Ask a question, see the answer with citations, open a citation (the
passage in the sources panel, then in place in the full text); upload a document and
find it by term search; document text cannot run script. Screenshots go to
``tests/artifacts/``; the chat screenshot becomes ``docs/screenshot.png`` (the README's)
when that is missing or ``UPDATE_SCREENSHOT=1`` is set, so test runs leave the tree clean."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The app launcher and the tricky document are shared with the gradio_client tests.
from test_app_client import XSS_QUESTION, start_app

from rag.ingest import load_corpus

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
SCREENSHOT = REPO / "docs" / "screenshot.png"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000
QUESTION = "生态环境局2022年机关党建工作要点里一共有哪些重点任务？"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (make setup-dev: apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Iterator[str]:
    yield from start_app(tmp_path_factory.mktemp("browser-app"), seed_index_dir)


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile,
        sync_playwright() as p,
    ):
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="zh-CN",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        yield context
        context.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of alert()/confirm() dialogs the page opened (none expected)."""
    return []


@pytest.fixture
def page(browser_context: Any, app_url: str, dialogs: list[str]) -> Iterator[Any]:
    page = browser_context.new_page()

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(app_url)
    page.locator("#question textarea").wait_for()
    yield page
    page.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def ask(page: Any, question: str, turn: int = 0) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.locator(f'#chat a[href="#cite-{turn}-1"]').first.wait_for()


def test_ask_see_citation_and_open_it(page: Any, dialogs: list[str]) -> None:
    from playwright.sync_api import expect

    texts = {d.doc_id: d.text for d in load_corpus(REPO / "corpus").documents}
    ask(page, QUESTION)
    answer = page.locator("#chat").inner_text()
    assert "知行合一抓学习" in answer and "[5]" in answer

    # [5] in the answer scrolls the sources panel to citation 5, which shows the passage.
    pages, url = len(page.context.pages), page.url
    page.locator('#chat a[href="#cite-0-5"]').first.click()
    cite = page.locator("#cite-0-5")
    expect(cite).to_be_in_viewport()
    assert "市生态环境局" in cite.locator(".cite-head").inner_text()
    assert "知行合一抓学习" in cite.locator(".cite-path").inner_text()
    passage = cite.locator(".cite-text").inner_text().strip()
    assert passage and passage in texts["市生态环境局-2022年机关党建工作要点"]
    assert (len(page.context.pages), page.url) == (pages, url)  # no navigation, no new tab
    wrap = page.locator("#chat .bubble-wrap")
    if wrap.count():
        wrap.first.evaluate("e => { e.scrollTop = 0; }")  # the question on top, for the README
    screenshot = shot(page, "chat.png")
    if os.environ.get("UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, SCREENSHOT)

    # "在原文中查看" opens the document tab with exactly that passage marked in the full text.
    cite.locator("button.open-cite").click()
    mark = page.locator("#fulltext mark#cite-mark")
    expect(mark).to_be_visible()
    assert mark.inner_text().strip() == passage
    expect(page.get_by_role("tab", name="文档", exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    shot(page, "document.png")

    # "复制回答（含出处）" puts the plain answer with its sources on the clipboard.
    page.get_by_role("tab", name="问答").click()
    page.get_by_role("button", name="复制回答（含出处）").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("市生态环境局（《") and "\n来源：\n[1] 市生态环境局《" in copied
    assert "#cite-" not in copied and "**" not in copied
    assert dialogs == []


def test_upload_then_find_by_term(page: Any, dialogs: list[str], tmp_path: Path) -> None:
    from playwright.sync_api import expect

    term = "琴岛清风廉洁文化"
    upload = tmp_path / "清风 讲话.txt"
    upload.write_text(
        f"同志们：\n今天我们召开会议，部署推进“{term}”建设。\n一、提高认识\n要把{term}融入日常。\n谢谢大家！",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="文档库管理").click()
    page.locator("#upload input[type=file]").set_input_files(str(upload))
    expect(page.locator("#upload")).to_contain_text("清风")
    page.locator("#upload-btn").click()
    expect(page.locator("#lib-msg")).to_contain_text("已导入", timeout=120_000)
    expect(page.locator("#lib-msg")).to_contain_text("讲话")
    shot(page, "upload.png")

    page.get_by_role("tab", name="查找表述").click()
    page.locator("#term input, #term textarea").first.fill(term)
    page.locator("#search-btn").click()
    marks = page.locator("#occurrences mark")
    expect(marks.first).to_have_text(term)
    assert marks.count() == 2
    expect(page.locator("#term-summary")).to_contain_text("共出现 2 次")
    shot(page, "search.png")
    assert dialogs == []


def test_document_text_cannot_run_script(page: Any, dialogs: list[str]) -> None:
    ask(page, XSS_QUESTION)
    page.wait_for_timeout(500)
    chat = page.locator("#chat")
    assert "<script>alert(1)</script>" in chat.inner_text()
    assert "[x](javascript:alert(1))" in chat.inner_text()
    for area in ("#chat", "#sources"):
        assert page.locator(f"{area} script").count() == 0
        assert page.locator(f"{area} img").count() == 0
        assert page.locator(f'{area} a[href^="javascript"]').count() == 0
    assert "<script>alert(1)</script>" in page.locator("#sources").inner_text()
    shot(page, "injection.png")
    assert dialogs == []
