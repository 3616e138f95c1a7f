"""``POST /api/ask`` (rag/api.py) on the running app (``python app.py``, tests/apprun.py):
the same answers as ``rag ask --json`` and as the page's ``/ask``, the page's checks and
bounds, the login, and many requests at once. ``parse_ask_body`` is also tested directly."""

from __future__ import annotations

import base64
import http.client
import json
import shutil
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag, serve_app

from rag.api import MAX_BODY_BYTES, MAX_HISTORY, BadRequest, parse_ask_body
from rag.config import Settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
MAX_CHARS = Settings().max_question_chars
# Our own questions, one of each kind the answerer knows (not from an evaluation set).
QUESTIONS = [
    "市委政研室的机关党建工作要点有哪些任务？",
    "“三会一课”在哪些文件里提到？",
    "市生态环境局2022年获得了哪些荣誉？",
    "主题党日活动是哪个单位提出来的？",
    "政研室和生态环境局的党建工作要点有什么不同？",
    "市委宣传部的网络安全预算是多少？",
]


def post(
    url: str,
    body: bytes | dict[str, Any] | list[Any],
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """(status, JSON reply, reply headers) of POST /api/ask."""
    parts = urllib.parse.urlsplit(url)
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
    try:
        conn.request("POST", "/api/ask", raw, {"Content-Type": content_type, **(headers or {})})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, json.loads(data), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def without_timing(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != "elapsed_ms"}


def copy_library(dest: Path, seed_index_dir: Path) -> tuple[Path, Path]:
    shutil.copytree(CORPUS, dest / "corpus")
    shutil.copytree(seed_index_dir, dest / "index")
    return dest / "corpus", dest / "index"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Iterator[str]:
    work = tmp_path_factory.mktemp("api")
    corpus, index = copy_library(work, seed_index_dir)
    with serve_app(work, corpus, index) as (url, _):
        yield url


# --- the pure part -----------------------------------------------------------------------


def test_parse_ask_body_reads_question_history_and_filters() -> None:
    body = {"question": "  问题？ ", "history": ["上一问", " "], "department": "市委政研室"}
    q, history, values = parse_ask_body(json.dumps(body).encode(), MAX_CHARS)
    assert (q, history) == ("问题？", ["上一问"])
    assert values == {"department": "市委政研室", "doc": None, "year": None, "kind": None}
    assert parse_ask_body(b'{"question": "x", "year": 2022}', MAX_CHARS)[2]["year"] == 2022


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"not json", "JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b'["a list"]', "JSON 对象"),
        (b"{}", "question"),
        (b'{"question": 5}', "question"),
        (b'{"question": "   "}', "请输入问题"),
        (json.dumps({"question": "长" * (MAX_CHARS + 1)}).encode(), "问题太长"),
        (b'{"question": "x", "history": "a"}', "history"),
        (json.dumps({"question": "x", "history": ["a"] * (MAX_HISTORY + 1)}).encode(), "最多"),
        (json.dumps({"question": "x", "history": ["长" * (MAX_CHARS + 1)]}).encode(), "每条"),
        (b'{"question": "x", "year": true}', "year"),
        (b'{"question": "x", "department": ["a"]}', "department"),
        (b'{"question": "x", "limit": 5}', "未知字段"),
    ],
)
def test_parse_ask_body_refuses_with_a_reason(raw: bytes, needle: str) -> None:
    with pytest.raises(BadRequest) as err:
        parse_ask_body(raw, MAX_CHARS)
    assert err.value.status == 400
    assert needle in err.value.message


# --- through the running app -------------------------------------------------------------


@pytest.mark.slow
def test_answers_equal_rag_ask_json(api: str, tmp_path: Path, seed_index_dir: Path) -> None:
    """Every field of ``rag ask --json`` (its own copy of the library), timing aside."""
    corpus, index = copy_library(tmp_path, seed_index_dir)
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    env = {"RAG_CORPUS": str(corpus), "RAG_INDEX": str(index)}
    cli = run_rag("ask", "--batch", str(batch), "--json", extra_env=env)
    assert cli.returncode == 0, cli.stderr
    expected = [json.loads(line) for line in cli.stdout.splitlines() if line.strip()]
    assert len(expected) == len(QUESTIONS)
    for question, want in zip(QUESTIONS, expected, strict=True):
        status, got, headers = post(api, {"question": question})
        assert status == 200, got
        assert headers["content-type"].startswith("application/json")
        assert without_timing(got) == without_timing(want), question
        assert got["citations"] or not got["found"]


@pytest.mark.slow
def test_same_answer_as_the_page_including_a_follow_up(api: str) -> None:
    """The page's ``/ask`` (a conversation in one session) and POST with ``history``."""
    from gradio_client import Client

    client = Client(api, verbose=False)
    first, follow = "市生态环境局2022年机关党建工作要点有哪些重点任务？", "那政研室呢？"
    page = [client.predict(q, "", "", "", "", api_name="/ask")[3] for q in (first, follow)]
    status, a1, _ = post(api, {"question": first})
    assert status == 200
    status, a2, _ = post(api, {"question": follow, "history": [first]})
    assert status == 200
    for got, turn in zip((a1, a2), page, strict=True):
        assert got["answer"] == turn["answer"]
        assert [c["text"] for c in got["citations"]] == [c["text"] for c in turn["citations"]]
    assert {c["department"] for c in a2["citations"]} == {"市委政研室"}


@pytest.mark.slow
def test_a_follow_up_pointing_into_the_previous_answer(api: str) -> None:
    """``history`` carries the previous answer's document: 第二部分 is that document's part;
    the same words with no history get a message, not another document's part."""
    first = "市委政研室2022年机关党建工作要点有哪些重点任务？"
    status, got, _ = post(api, {"question": "第二部分具体说说", "history": [first]})
    assert status == 200 and got["found"] and got["citations"]
    assert {c["department"] for c in got["citations"]} == {"市委政研室"}
    assert got["citations"][0]["text"].startswith("二、")
    status, alone, _ = post(api, {"question": "第二部分具体说说"})
    assert status == 200 and not alone["found"] and alone["citations"] == []
    assert "上一个问题" in alone["answer"]


@pytest.mark.slow
def test_filters_are_applied_and_checked(api: str) -> None:
    question = "党建工作有哪些重点任务？"
    status, got, _ = post(api, {"question": question, "department": "市委政研室"})
    assert status == 200 and got["citations"]
    assert {c["department"] for c in got["citations"]} == {"市委政研室"}
    for body, needle in [
        ({"department": "市委不存在办"}, "市委不存在办"),
        ({"doc": "没有这份文档"}, "没有这份文档"),
        ({"year": "明年"}, "不是数字"),
        ({"year": 1999}, "1999"),
        ({"kind": "小说"}, "小说"),
    ]:
        status, got, _ = post(api, {"question": question, **body})
        assert status == 400, body
        assert needle in got["error"], got


@pytest.mark.slow
def test_bad_requests_get_a_reason_and_the_server_keeps_answering(api: str) -> None:
    assert post(api, {"question": ""})[0:2] == (400, {"error": "请输入问题。"})
    status, got, _ = post(api, b"question=x", content_type="application/x-www-form-urlencoded")
    assert status == 415 and "application/json" in got["error"]
    status, got, _ = post(api, b'{"question": "' + b"a" * MAX_BODY_BYTES + b'"}')
    assert status == 413 and "KB" in got["error"]
    status, got, _ = post(api, b"{broken")
    assert status == 400 and "JSON" in got["error"]
    assert post(api, {"question": QUESTIONS[0]})[0] == 200


@pytest.mark.slow
def test_many_requests_at_once_get_the_single_user_answers(api: str) -> None:
    alone = {q: without_timing(post(api, {"question": q})[1]) for q in QUESTIONS}
    asks = QUESTIONS * 8
    with ThreadPoolExecutor(24) as pool:
        replies = list(pool.map(lambda q: post(api, {"question": q}), asks))
    assert [r[0] for r in replies] == [200] * len(asks)
    assert [without_timing(r[1]) for r in replies] == [alone[q] for q in asks]


@pytest.mark.slow
def test_login_is_required_when_the_app_has_one(tmp_path: Path, seed_index_dir: Path) -> None:
    corpus, index = copy_library(tmp_path, seed_index_dir)
    with serve_app(tmp_path, corpus, index, {"RAG_AUTH": "office:s3cret"}) as (url, _):

        def basic(user: str, password: str) -> dict[str, str]:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            return {"Authorization": f"Basic {token}"}

        body = {"question": QUESTIONS[0]}
        status, got, headers = post(url, body)
        assert status == 401 and "登录" in got["error"]
        assert headers["www-authenticate"].startswith("Basic")
        assert post(url, body, headers=basic("office", "wrong"))[0] == 401
        assert post(url, body, headers=basic("other", "s3cret"))[0] == 401
        assert post(url, body, headers={"Authorization": "Basic %%%"})[0] == 401
        status, got, _ = post(url, body, headers=basic("office", "s3cret"))
        assert status == 200 and got["citations"]


@pytest.mark.slow
def test_gradio_ask_api_sends_only_the_finished_answer(api: str) -> None:
    """Without an LLM nothing is written gradually: Gradio's ``/ask`` sends one state (the
    answer), not a "正在查找……" state first (each state sent costs Gradio's per-event work)."""
    from gradio_client import Client

    job = Client(api, verbose=False).submit(QUESTIONS[0], "", "", "", "", api_name="/ask")
    final = job.result()
    outputs = job.outputs()
    assert len(outputs) == 1, [o[3] for o in outputs]
    assert isinstance(final[3], dict) and final[3]["citations"]
    assert "正在查找" not in json.dumps(final[0], ensure_ascii=False)
