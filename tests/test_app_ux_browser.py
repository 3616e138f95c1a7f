"""The app as office staff use it, in Debian's chromium (Playwright) at desk width
(1440×900) and phone width (390×844): messages next to the control, nothing on the page lost,
Enter sends, a new answer shown from its first line, Chinese only, two departments with
their own headers, Word export, copy with citations, the documents tab, term search with
CSV/Excel, the status page in words, phone layout, examples from the library.

One app serves every check; each width runs two grouped tests. Screenshots go to
``tests/artifacts/ux-*-{width}.png``; the desk chat screenshot becomes the README's
``docs/screenshot.png`` when ``UPDATE_SCREENSHOT=1``."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_app_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, SCREENSHOT, TIMEOUT_MS
from test_app_client import XSS_NAME, XSS_TEXT, start_app

from rag.ingest import build_document, load_corpus

REPO = Path(__file__).resolve().parent.parent
WIDTHS = {"desk": (1440, 900), "phone": (390, 844)}
LIST_Q = "市生态环境局2022年工作要点有哪些重点任务？"
TWO_DEPTS_Q = "关于“三会一课”，市委政研室和市生态环境局分别是怎么说的？"
# Latin words a user may see: names of formats and keys, and the model's name.
ALLOWED_LATIN = {"Enter", "Shift", "Word", "CSV", "Excel", "xlsx", "docx", "multilingual", "small"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Iterator[str]:
    yield from start_app(tmp_path_factory.mktemp("ux-app"), seed_index_dir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(params=sorted(WIDTHS))
def page(request: Any, browser: Any, app_url: str) -> Iterator[Any]:
    width, height = WIDTHS[request.param]
    with tempfile.TemporaryDirectory():
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        pg = context.new_page()
        pg.width_name = request.param
        pg.dialogs = []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(app_url)
        pg.locator("#question textarea").wait_for()
        yield pg
        context.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"ux-{name}-{page.width_name}.png"
    page.screenshot(path=str(path))
    return path


def open_tab(page: Any, name: str) -> None:
    """Select a tab; on a phone some tabs sit in the tab bar's overflow menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.locator('.tabs button[aria-label="更多"]').first.click()  # Gradio's "More tabs"
    menu = page.locator('.tabs button:not([role]):not([tabindex="-1"])')
    menu.filter(has_text=re.compile(f"^{re.escape(name)}$")).first.click()


def no_error_badges(page: Any) -> None:
    """No output turned into an error badge, no toast, no alert."""
    assert page.locator(".toast-body, .toast-wrap .error").count() == 0
    badges = page.locator('[data-testid="status-tracker"]').filter(
        has_text=re.compile("错误|Error")
    )
    assert badges.count() == 0
    assert page.dialogs == []


def latin_words_seen(page: Any) -> set[str]:
    """Latin words in what the page's own controls say (buttons, labels, placeholders,
    titles, tabs, toasts) — not in document text."""
    words = page.evaluate(
        """() => {
        const out = [];
        const seen = e => e.offsetParent !== null || e.getClientRects().length > 0;
        document.querySelectorAll('button, label, [role=tab], .toast-title, th, summary').forEach(e => {
          if (!seen(e) || e.closest('#chat .message-content, #sources, #fulltext, #outline, #occurrences')) return;
          out.push(e.innerText || '');
          out.push(e.getAttribute('title') || '');
          if (e.tagName === 'BUTTON') out.push(e.getAttribute('aria-label') || '');
        });
        document.querySelectorAll('[placeholder]').forEach(e => { if (seen(e)) out.push(e.placeholder); });
        return out.join(' ');
    }"""
    )
    return {w for w in re.findall(r"[A-Za-z]{3,}", words)} - ALLOWED_LATIN


def ask(page: Any, question: str, turn: int) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")  # Enter sends
    page.locator(f'#chat a[href="#cite-{turn}-1"]').first.wait_for()
    page.wait_for_timeout(300)


def in_view_of(page: Any, selector: str, container: str) -> bool:
    return bool(
        page.evaluate(
            """([s, c]) => { const all = document.querySelectorAll(s), e = all[all.length - 1];
            const b = document.querySelector(c);
            const r = e.getBoundingClientRect(), q = b.getBoundingClientRect();
            return r.top >= q.top - 2 && r.top < q.bottom && r.top < window.innerHeight; }""",
            [selector, container],
        )
    )


def test_chat_page(page: Any, tmp_path: Path) -> None:
    import docx
    from playwright.sync_api import expect

    phone = page.width_name == "phone"
    corpus = load_corpus(REPO / "corpus")
    extra = build_document(Path(XSS_NAME).stem, XSS_TEXT, source_file=XSS_NAME)
    departments = {d.meta.department for d in (*corpus.documents, extra)}

    # Examples: the three uses, from the library's own departments and phrases.
    expect(page.locator("#examples-box")).to_contain_text("重点任务")  # filled on load
    examples = page.locator("#examples-box").inner_text().replace("\n", "")
    assert "那政研室呢" not in examples
    assert "重点任务" in examples and "全部列出" in examples and "哪个单位" in examples
    assert any(d in examples for d in departments)

    # Placeholder says how to send; on a phone the question box is on the first screen,
    # above the conversation.
    box = page.locator("#question textarea")
    assert "Enter 发送" in box.get_attribute("placeholder")
    assert "Shift+Enter 换行" in box.get_attribute("placeholder")
    q_box, chat_box = page.locator("#question").bounding_box(), page.locator("#chat").bounding_box()
    if phone:
        assert q_box["y"] + q_box["height"] <= 844 and q_box["y"] < chat_box["y"]

    # A long answer is shown from its first line (the department header), not its end.
    ask(page, LIST_Q, 0)
    assert in_view_of(page, "#chat .user-row", "#chat")
    header = page.locator("#chat .bot-row").last.locator("strong").first
    expect(header).to_have_text("市生态环境局")
    assert header.evaluate(
        """e => { const r = e.getBoundingClientRect(), q = document.getElementById('chat')
        .getBoundingClientRect(); return r.top >= q.top && r.bottom <= q.bottom; }"""
    )
    shot(page, "long-answer")

    # Shift+Enter makes a new line and sends nothing.
    rows = page.locator("#chat .user-row").count()
    box.fill("第一行")
    box.press("Shift+Enter")
    box.type("第二行")
    page.wait_for_timeout(500)
    assert box.input_value() == "第一行\n第二行" and page.locator("#chat .user-row").count() == rows

    # Two departments: each header outside the other's quote block. The new question is
    # brought to the top of the conversation, its answer's first line under it.
    ask(page, TWO_DEPTS_Q, 1)
    page.wait_for_timeout(800)
    gap = page.evaluate(
        """() => { const rows = document.querySelectorAll('#chat .user-row');
        return rows[rows.length - 1].getBoundingClientRect().top
               - document.getElementById('chat').getBoundingClientRect().top; }"""
    )
    assert 0 <= gap < 80, gap
    last = page.locator("#chat .bot-row").last
    assert last.locator("blockquote strong").count() == 0
    assert last.locator("blockquote h3").count() == 0
    names = [s.strip() for s in last.locator("strong").all_inner_texts()]
    assert "市委政研室" in names and "市生态环境局" in names
    screenshot = shot(page, "two-departments")
    if not phone and os.environ.get("UPDATE_SCREENSHOT") == "1":  # the README's picture
        shutil.copyfile(screenshot, SCREENSHOT)

    # An empty question: a message under the box, the conversation kept, no error badges.
    box.fill("")
    page.locator("#ask").click()
    expect(page.locator("#ask-msg")).to_contain_text("请输入问题")
    assert page.locator("#chat .user-row").count() == 2
    no_error_badges(page)
    shot(page, "empty-question")
    assert latin_words_seen(page) == set()

    # Sources: at desk width in the column beside; on a phone folded under their answer.
    if phone:
        expect(page.locator("#sources-col")).to_be_hidden()
        folded = last.locator("details.m-sources")
        expect(folded).to_be_visible()
        last.locator('a[href="#cite-1-2"]').first.click()
        expect(page.locator("#mcite-1-2")).to_be_in_viewport()
    else:
        expect(last.locator("details.m-sources")).to_be_hidden()
        last.locator('a[href="#cite-1-2"]').first.click()
        expect(page.locator("#cite-1-2")).to_be_in_viewport()
    shot(page, "sources")

    # Copy with citations: plain text, citations with their words at the end.
    page.locator("#copy-answer").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.search(r"\n来源：\n\[1\] (市委政研室|市生态环境局)《", copied), copied
    assert "原文：“" in copied and "**" not in copied
    page.locator("#copy-all").click()
    both = page.evaluate("navigator.clipboard.readText()")
    assert f"问：{LIST_Q}" in both and f"问：{TWO_DEPTS_Q}" in both

    # Word: the whole conversation, downloaded and opened.
    page.locator("#export-scope").get_by_text("整个对话").click()
    page.locator("#export-docx").click()
    link = page.locator("#docx-file a").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "export.docx"
    info.value.save_as(str(path))
    document = docx.Document(str(path))
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert heads == [f"问：{LIST_Q}", f"问：{TWO_DEPTS_Q}"]
    shot(page, "export")

    # 在原文中查看 from the answer's own sources (phone) or the column (desk).
    scope = page.locator("#mcite-1-2") if phone else page.locator("#cite-1-2")
    scope.locator("button.open-cite").click()
    mark = page.locator("#fulltext mark#cite-mark")
    expect(mark).to_be_visible()
    no_error_badges(page)


def test_documents_search_library_and_status(page: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    corpus = {d.doc_id: d for d in load_corpus(REPO / "corpus").documents}

    # Documents: the first document at once, dates or years, headings as headings.
    open_tab(page, "文档")
    expect(page.locator("#fulltext .fulltext")).not_to_be_empty()
    first = page.locator("#fulltext .hd").first
    assert int(first.evaluate("e => parseInt(getComputedStyle(e).fontWeight)")) >= 700
    table = page.locator("#docs-table")
    expect(table).to_contain_text(next(iter(corpus.values())).meta.title)
    shown = table.inner_text()
    for doc in corpus.values():
        assert (doc.meta.date or f"{doc.meta.year}年") in shown
    assert "日期不详" not in shown
    # Following a heading marks it in the text.
    link = page.locator("#outline a").nth(1)
    target = link.get_attribute("href")[1:]
    link.click()
    followed = page.locator(f"#fulltext [id='{target}']")
    expect(followed).to_have_class(re.compile("followed"))
    expect(followed).to_be_in_viewport()
    assert followed.evaluate("e => getComputedStyle(e).boxShadow") != "none"
    # A clicked cell has no spreadsheet edit frame.
    cell = table.locator("[role=gridcell]").filter(visible=True).nth(2)
    cell.click()
    page.wait_for_timeout(300)
    frame = cell.evaluate(
        """e => { const s = getComputedStyle(e), a = document.activeElement;
        return [s.boxShadow, s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0,
                a.tagName !== 'INPUT' && a.tagName !== 'TEXTAREA']; }"""
    )
    assert frame == ["none", True, True]
    shot(page, "documents")

    # Term search: small empty state, an error next to the box, readable columns.
    open_tab(page, "查找表述")
    expect(page.locator("#term-summary")).to_contain_text("查找它在全部文档中的每一处出现")
    expect(page.locator("#term-exports")).to_be_hidden()
    assert page.locator("#term-counts").is_hidden()
    shot(page, "search-empty")
    page.locator("#search-btn").click()
    expect(page.locator("#term-msg")).to_contain_text("请输入要查找的表述")
    no_error_badges(page)
    page.locator("#term input, #term textarea").first.fill("三会一课")
    page.locator("#search-btn").click()
    expect(page.locator("#occurrences mark").first).to_have_text("三会一课")
    expect(page.locator("#term-msg")).to_be_empty()
    # Department names and 原文 buttons each on one line (not one character a line).
    lines = page.locator("#occurrences td.dept, #occurrences button.open-cite").evaluate_all(
        """es => es.map(e => { const r = document.createRange(); r.selectNodeContents(e);
        const h = r.getBoundingClientRect().height;
        return h / (parseFloat(getComputedStyle(e).lineHeight) || 1.5 * parseFloat(getComputedStyle(e).fontSize)); })"""
    )
    assert lines and max(lines) < 1.6, lines
    page.locator("#xlsx-btn").click()
    link = page.locator("#export-file a").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    xlsx = tmp_path / "t.xlsx"
    info.value.save_as(str(xlsx))
    rows = list(load_workbook(xlsx)["全部出处"].iter_rows(values_only=True))
    assert len(rows) - 1 == page.locator("#occurrences mark").count()
    page.locator("#export-btn").click()
    expect(page.locator("#export-file")).to_contain_text(".csv")
    shot(page, "search")

    # Deleting without the confirmation: a message beside the button, nothing lost.
    open_tab(page, "文档库管理")
    page.locator("#delete-btn").click()
    expect(page.locator("#meta-msg")).to_contain_text("确认删除")
    no_error_badges(page)
    shot(page, "delete-unconfirmed")
    open_tab(page, "文档")
    for doc in corpus.values():
        expect(table).to_contain_text(doc.meta.title)

    # Status in words, the identifiers folded below.
    open_tab(page, "设置/状态")
    status = page.locator("#status")
    expect(status).to_contain_text("随包自带 multilingual-e5-small")
    expect(status).to_contain_text("精确检索")
    assert "bundled:" not in status.inner_text() and "flat-ip" not in status.inner_text()
    status.locator("summary").click()
    expect(status).to_contain_text("flat-ip")
    shot(page, "status")
    assert latin_words_seen(page) <= {"bundled", "nanoe", "flat"}
