"""``POST /api/ask``: the answer as plain JSON, on the same server as the page.

Gradio's own path (queue, server-sent events, the page's components drawn for every answer)
costs far more CPU per answer than answering does; programs that only want the answer call
this instead. It gives the fields of ``rag ask --json`` (the same answer: the library's
configured answerer) and has the page's bounds and checks:

- body: a JSON object of at most ``MAX_BODY_BYTES``: ``question`` (required), optional
  ``history`` (earlier questions of the conversation, for follow-ups; at most
  ``MAX_HISTORY``), and the page's filters ``department``, ``doc``, ``year``, ``kind``;
- the question is checked as on the page (empty, too long, no text); each filter must name
  something in the library;
- at most ``Settings.ask_concurrency`` answers are worked on at once, at most
  ``MAX_WAITING`` more wait; past that the reply is 503;
- with ``RAG_AUTH`` set, the caller logs in with HTTP Basic (a ``RAG_AUTH`` account) or
  the page's login cookie.

Replies: 200 with the answer; 400 (the question or a filter; ``error`` says why, in
Chinese), 401, 413, 415, 503, 500 — always a JSON object.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from collections.abc import Sequence
from typing import Any

import anyio
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import JSONResponse

from rag.errors import QuestionError, RagError
from rag.retrieve import Filters
from rag.service import Library, check_question

__all__ = ["MAX_BODY_BYTES", "MAX_HISTORY", "MAX_WAITING", "api_routes", "parse_ask_body"]

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_HISTORY = 20
MAX_WAITING = 64
FIELDS = ("question", "history", "department", "doc", "year", "kind")


class BadRequest(Exception):
    """A request this endpoint refuses: the HTTP status and the message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_ask_body(raw: bytes, max_question_chars: int) -> tuple[str, list[str], dict[str, Any]]:
    """(question, history, filter values) from a request body, or ``BadRequest``. Pure: the
    filter values are checked against the library by the caller."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(400, f"请求体不是 UTF-8 编码的 JSON：{exc}") from exc
    if not isinstance(body, dict):
        raise BadRequest(400, '请求体应是 JSON 对象，例如 {"question": "……"}')
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise BadRequest(400, f"未知字段：{'、'.join(unknown)}；可用字段：{'、'.join(FIELDS)}")
    question = body.get("question")
    if not isinstance(question, str):
        raise BadRequest(400, "缺少 question（问题文字）")
    try:
        question = check_question(question, max_question_chars)
    except QuestionError as exc:
        raise BadRequest(400, str(exc)) from exc
    history = body.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise BadRequest(400, "history 应是之前问题的列表（字符串）")
    if len(history) > MAX_HISTORY:
        raise BadRequest(400, f"history 最多 {MAX_HISTORY} 条（现在 {len(history)} 条）")
    if any(len(h) > max_question_chars for h in history):
        raise BadRequest(400, f"history 里的问题每条最多 {max_question_chars} 字")
    values: dict[str, Any] = {}
    for name in ("department", "doc", "year", "kind"):
        value = body.get(name)
        if isinstance(value, bool) or (value is not None and not isinstance(value, str | int)):
            raise BadRequest(400, f"{name} 应是文字（或 year 为数字）")
        values[name] = value
    return question, [h.strip() for h in history if h.strip()], values


def _logged_in(request: Request, accounts: Sequence[tuple[str, str]] | None) -> bool:
    """No login configured, a right ``Authorization: Basic`` account, or the page's login
    cookie (Gradio's, for a browser that logged in)."""
    if not accounts:
        return True
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "basic" and token:
        try:
            user, sep, password = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        ok = False
        for u, p in accounts:  # every account compared, in constant time
            ok |= bool(sep) & hmac.compare_digest(u, user) & hmac.compare_digest(p, password)
        return ok
    app = request.app
    cookie_id, tokens = getattr(app, "cookie_id", None), getattr(app, "tokens", None)
    if cookie_id and isinstance(tokens, dict):
        for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
            value = request.cookies.get(name)
            if value and tokens.get(value) is not None:
                return True
    return False


def _error(status: int, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="rag"'} if status == 401 else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def api_routes(lib: Library, accounts: Sequence[tuple[str, str]] | None) -> list[APIRoute]:
    """The routes to put on the app's FastAPI server (``launch(app_kwargs={"routes": …})``)."""
    from rag.ui import check_filters, filters_from

    limiter = anyio.CapacityLimiter(max(1, lib.settings.ask_concurrency))
    waiting = 0

    def answer(question: str, history: list[str], values: dict[str, Any]) -> dict[str, Any]:
        year = values["year"]
        filters: Filters | None = check_filters(
            lib,
            filters_from(
                values["department"], values["doc"], None if year is None else str(year),
                values["kind"],
            ),
        )  # fmt: skip
        return lib.ask_final(question, history, filters).to_json()

    async def ask(request: Request) -> JSONResponse:
        nonlocal waiting
        if not _logged_in(request, accounts):
            return _error(401, "需要登录：请用 RAG_AUTH 中的账号（HTTP Basic）")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return _error(415, "请用 Content-Type: application/json 发送 JSON")
        size = 0
        chunks: list[bytes] = []
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return _error(413, f"请求体太大（上限 {MAX_BODY_BYTES // 1024} KB）")
            chunks.append(chunk)
        try:
            question, history, values = parse_ask_body(
                b"".join(chunks), lib.settings.max_question_chars
            )
        except BadRequest as exc:
            return _error(exc.status, exc.message)
        if waiting >= MAX_WAITING + limiter.total_tokens:
            return _error(503, "服务繁忙，请稍后再试")
        waiting += 1
        try:
            obj = await anyio.to_thread.run_sync(answer, question, history, values, limiter=limiter)
        except RagError as exc:  # QuestionError for the filters, or the answerer's own
            return _error(400 if isinstance(exc, QuestionError) else 500, str(exc))
        except Exception:
            log.exception("answering %r failed", question)
            return _error(500, "内部错误，未能回答；详情见服务日志。")
        finally:
            waiting -= 1
        return JSONResponse(obj)

    return [APIRoute("/api/ask", ask, methods=["POST"], include_in_schema=False)]
