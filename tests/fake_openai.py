"""A small OpenAI-compatible server for tests (stdlib only), speaking the real wire format.

    with FakeOpenAI(["回答[1]", "error:500"]) as server:
        ChatOpenAI(base_url=server.base_url, model="fake", api_key="x").invoke("hi")

Endpoints: ``POST /v1/chat/completions`` (``stream: false`` → one JSON object;
``stream: true`` → server-sent events ``data: {chat.completion.chunk}`` … ``data: [DONE]``
over chunked transfer encoding, as OpenAI sends them), ``GET /v1/models`` and
``POST /v1/embeddings`` (deterministic hash-based unit vectors of ``embed_dim``
dimensions; ``input`` a string or a list; ``encoding_format`` float or base64).

Chat replies are scripted, one per request, taken from a queue. A reply is the
content to send, or a behaviour:

- ``"error:500"`` — HTTP 500 with an OpenAI error body (any status code);
- ``"slow:5"`` — wait 5 s before answering (``"slow:5:text"`` then sends ``text``);
- ``"garbage"`` — HTTP 200 whose body (or SSE data) is not JSON;
- ``"drop-midstream"`` — send part of a reply and cut the connection
  (``"drop-midstream:text"`` cuts ``text`` halfway).

With an empty queue the server answers ``default_reply`` or, if none, HTTP 500
saying no reply was scripted. Every request is recorded in ``requests``.

**Structured requests** — a request with ``tools`` (function calling) or a
``response_format`` of type ``json_schema`` / ``json_object`` — take their replies from a
queue of their own (:meth:`FakeOpenAI.script_structured`), then from ``reader`` (a function
of the request body returning a reply), then ``default_reply``, so scripted answer texts
are never spent on them. A structured reply that is a JSON object is sent as OpenAI does:
for ``tools`` as one ``tool_calls`` entry naming the requested function with the JSON
text as its ``arguments`` (``finish_reason`` ``"stop"`` when ``tool_choice`` forced the
function, ``"tool_calls"`` otherwise), for ``response_format`` as the message content.
Any other text is sent as plain content (a model that ignored the tools). Besides the
behaviours above, structured replies know ``"args:TEXT"`` (``TEXT`` as the arguments,
JSON or not) and ``"refusal:TEXT"`` (``content: null`` and ``refusal: TEXT``, as OpenAI's
structured outputs refuse).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["FakeOpenAI", "Recorded", "fake_embedding", "structured_kind"]


@dataclass(frozen=True)
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


def fake_embedding(text: str, dim: int) -> list[float]:
    """A deterministic unit vector for ``text`` (same text → same vector)."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)
    vec = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def structured_kind(body: Any) -> str | None:
    """``"tools"``, ``"json_schema"`` or ``"json_object"`` for a request asking for
    structured output, ``None`` for a plain chat request."""
    if not isinstance(body, dict):
        return None
    if body.get("tools"):
        return "tools"
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") in ("json_schema", "json_object"):
        return str(fmt["type"])
    return None


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


@dataclass
class _State:
    replies: deque[str]
    default_reply: str | None
    embed_dim: int
    chunk_chars: int
    model: str
    structured: deque[str] = field(default_factory=deque)
    reader: Callable[[dict[str, Any]], str] | None = None
    requests: list[Recorded] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def next_reply(self) -> str | None:
        with self.lock:
            return self.replies.popleft() if self.replies else self.default_reply

    def next_structured(self, body: dict[str, Any]) -> str | None:
        with self.lock:
            if self.structured:
                return self.structured.popleft()
            reader = self.reader
        return reader(body) if reader is not None else self.default_reply


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # --- plumbing ---------------------------------------------------------------------

    def _record(self, body: Any) -> None:
        st = self.server.state
        with st.lock:
            st.requests.append(
                Recorded(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            return raw.decode("utf-8", "replace")

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))

    def _error(self, status: int, message: str) -> None:
        self._json(
            status,
            {"error": {"message": message, "type": "server_error", "param": None, "code": None}},
        )

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n")
        self.wfile.flush()

    def _event(self, obj: Any) -> None:
        payload = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
        self._chunk(f"data: {payload}\n\n".encode())

    # --- routes -----------------------------------------------------------------------

    def do_GET(self) -> None:
        self._record(None)
        if self.path.rstrip("/") == "/v1/models":
            model = {
                "id": self.server.state.model,
                "object": "model",
                "created": 0,
                "owned_by": "fake",
            }
            self._json(200, {"object": "list", "data": [model]})
        else:
            self._error(404, f"unknown path {self.path}")

    def do_POST(self) -> None:
        body = self._read_json()
        self._record(body)
        path = self.path.rstrip("/")
        if not isinstance(body, dict):
            self._error(400, "request body is not a JSON object")
        elif path == "/v1/chat/completions":
            self._chat(body)
        elif path == "/v1/embeddings":
            self._embeddings(body)
        else:
            self._error(404, f"unknown path {self.path}")

    def _embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input")
        items = [inputs] if isinstance(inputs, str) else list(inputs or [])
        dim = int(body.get("dimensions") or self.server.state.embed_dim)
        data = []
        for i, item in enumerate(items):
            text = item if isinstance(item, str) else json.dumps(item)
            vec = fake_embedding(text, dim)
            emb: Any = vec
            if body.get("encoding_format") == "base64":
                emb = base64.b64encode(struct.pack(f"<{dim}f", *vec)).decode("ascii")
            data.append({"object": "embedding", "index": i, "embedding": emb})
        tokens = sum(len(str(x)) for x in items)
        self._json(
            200,
            {
                "object": "list",
                "data": data,
                "model": body.get("model", self.server.state.model),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )

    def _chat(self, body: dict[str, Any]) -> None:
        st = self.server.state
        structured = structured_kind(body)
        reply = st.next_structured(body) if structured else st.next_reply()
        if reply is None:
            self._error(500, "fake server: no scripted reply left")
            return
        try:
            self._reply(reply, body)
        except OSError:  # the client gave up (timeout) and closed the connection
            return
        with st.lock:
            st.served.append(reply)

    def _reply(self, reply: str, body: dict[str, Any]) -> None:
        st = self.server.state
        stream = bool(body.get("stream"))
        model = str(body.get("model") or st.model)
        kind, _, arg = reply.partition(":")
        if kind == "error" and arg.isdigit():
            self._error(int(arg), f"scripted error {arg}")
            return
        if kind == "slow":
            delay, _, text = arg.partition(":")
            if st.stopping.wait(float(delay)):
                raise ConnectionAbortedError("server stopping")
            reply, kind = (text or "慢速回答。"), ""
        if reply == "garbage":
            if stream:
                self._stream_start()
                self._event("{not json at all")
                self._event("[DONE]")
                self._chunk(b"")
            else:
                self._send(200, b"<html>502 Bad Gateway</html>{{{")
            return
        if kind == "drop-midstream":
            self._drop(arg or "这是一段将在中途被切断的回答。", stream)
            return
        structured = structured_kind(body)
        if structured and not stream:
            self._json(200, self._structured_completion(reply, model, body, structured))
            return
        if stream:
            usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream_reply(reply, model, usage)
        else:
            self._json(200, self._completion(reply, model, body))

    # --- replies ----------------------------------------------------------------------

    @staticmethod
    def _completion(text: str, model: str, body: dict[str, Any]) -> dict[str, Any]:
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages") or [])
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_chars,
                "completion_tokens": len(text),
                "total_tokens": prompt_chars + len(text),
            },
        }

    def _structured_completion(
        self, reply: str, model: str, body: dict[str, Any], structured: str
    ) -> dict[str, Any]:
        out = self._completion(reply, model, body)
        message = out["choices"][0]["message"]
        kind, _, arg = reply.partition(":")
        if kind == "refusal":
            message.update(content=None, refusal=arg or "I can't help with that.")
            return out
        arguments = arg if kind == "args" else reply
        if structured != "tools":
            message["content"] = arguments
            return out
        if kind != "args" and not _json_object(reply):
            return out  # the model ignored the tools and wrote text
        choice = body.get("tool_choice")
        forced = isinstance(choice, dict) and choice.get("type") == "function"
        name = (
            choice["function"]["name"]
            if forced
            else body["tools"][0].get("function", {}).get("name", "tool")
        )
        message.update(
            content=None,
            tool_calls=[
                {
                    "id": "call_fake",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        )
        out["choices"][0]["finish_reason"] = "stop" if forced else "tool_calls"
        return out

    @staticmethod
    def _delta(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    def _stream_start(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _stream_reply(self, text: str, model: str, usage: bool) -> None:
        self._stream_start()
        self._event(self._delta(model, {"role": "assistant", "content": ""}, None))
        for piece in _pieces(text, self.server.state.chunk_chars):
            self._event(self._delta(model, {"content": piece}, None))
        self._event(self._delta(model, {}, "stop"))
        if usage:
            last = self._delta(model, {}, None)
            last["choices"] = []
            last["usage"] = {
                "prompt_tokens": 1,
                "completion_tokens": len(text),
                "total_tokens": 1 + len(text),
            }
            self._event(last)
        self._event("[DONE]")
        self._chunk(b"")

    def _drop(self, text: str, stream: bool) -> None:
        half = text[: max(1, len(text) // 2)]
        if stream:
            self._stream_start()
            self._event(self._delta("fake", {"role": "assistant", "content": ""}, None))
            for piece in _pieces(half, self.server.state.chunk_chars):
                self._event(self._delta("fake", {"content": piece}, None))
        else:
            body = json.dumps(self._completion(text, "fake", {}), ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    state: _State


class FakeOpenAI:
    """The server; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        replies: Iterable[str] = (),
        *,
        default_reply: str | None = None,
        embed_dim: int = 16,
        chunk_chars: int = 4,
        model: str = "fake-model",
        reader: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        self._state = _State(
            deque(replies), default_reply, embed_dim, chunk_chars, model, reader=reader
        )
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> list[Recorded]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def served(self) -> list[str]:
        """Scripted replies written out in full (a reply the client gave up on is missing)."""
        with self._state.lock:
            return list(self._state.served)

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.rstrip("/") == "/v1/chat/completions"]

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def structured_requests(self) -> list[Recorded]:
        """Chat requests that asked for structured output (tools or response_format)."""
        return [r for r in self.chat_requests if structured_kind(r.body)]

    @property
    def answer_requests(self) -> list[Recorded]:
        """Chat requests that did not ask for structured output."""
        return [r for r in self.chat_requests if not structured_kind(r.body)]

    def script(self, *replies: str) -> None:
        """Append replies to the queue."""
        with self._state.lock:
            self._state.replies.extend(replies)

    def script_structured(self, *replies: str) -> None:
        """Append replies to the queue of structured requests."""
        with self._state.lock:
            self._state.structured.extend(replies)

    def start(self) -> FakeOpenAI:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.state = self._state
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
