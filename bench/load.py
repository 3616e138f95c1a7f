"""Load: N concurrent users asking through the running app, with an index update midway.

    python bench/load.py                      # starts app.py on a copy of corpus/ (and index/)
    python bench/load.py --url http://127.0.0.1:7860/ --corpus /path/to/its/corpus
    python bench/load.py --library            # the same load on the Library, in-process

1. Every question is asked once alone, each in a new conversation (the single-user answers
   and latency: the baseline measured in this run).
2. ``--users`` threads (default 20), each its own ``gradio_client`` session, ask the
   questions round-robin for ``--seconds`` (default 60), at most ``--max-requests`` in all;
   each user starts a new conversation every ``--turns`` questions (default 5; the page
   redraws the whole conversation with each answer, so a conversation that only grows
   makes every answer dearer: ``--turns 0`` measures that).
3. A third of the way in, a new document is written into the corpus folder and the app's
   update path (``/rescan``) runs while the users keep asking.
4. Every question is asked alone again. Each answer given under load must equal the
   single-user answer from before or from after the update (citations included).

Prints requests, errors, throughput and p50/p95/max latency beside the single-user
figures, and the CPU per request of the app and of this load generator (both on the same
cores); exits 1 on any error or mismatch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NEW_DOC_NAME = "市机关事务局-2024年节能降耗工作要点.txt"
NEW_DOC_TEXT = (
    "市机关事务局2024年节能降耗工作要点\n"
    "一、推进节约型机关建设\n"
    "1.开展公共机构节能宣传周活动，推广节能灯具和节水器具。\n"
    "2.加强公务用车管理，推进新能源公务用车更新。\n"
    "二、强化能耗监测\n"
    "3.建设机关能耗监测平台，按月通报用电用水情况。\n"
)
FALLBACK_QUESTIONS = [
    "生态环境局2022年机关党建工作要点里一共有哪些重点任务？",
    "三会一课 相关表述 全部",
    "“五合”工作模式是哪个单位提出来的？",
    "市生态环境局2022年获得了哪些荣誉？",
    "政研室和生态环境局的党建工作要点有什么不同？",
]

AskFn = Callable[[str], str]  # question -> answer key (JSON of what the user sees)


# --- figures ----------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


@dataclass
class Record:
    question: str
    started: float
    seconds: float
    key: str | None = None
    error: str | None = None


@dataclass
class Run:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    update_started: float | None = None
    update_finished: float | None = None
    update_error: str | None = None
    server_cpu_s: float | None = None  # CPU the app used during the load (None: unknown)
    client_cpu_s: float = 0.0  # CPU this load generator used during the load

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


def load_question_texts(path: Path | None) -> list[str]:
    if path is None:
        path = REPO / "tests" / "data" / "dev.jsonl"
    if not path.is_file():
        return list(FALLBACK_QUESTIONS)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(str(json.loads(line)["question"]))
    return out


# --- the app ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def process_cpu_s(pid: int | None) -> float | None:
    """CPU seconds (user + system, all threads) used so far by process ``pid`` (Linux)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process (the load generator: every user thread, the client)."""
    t = os.times()
    return t.user + t.system


@contextlib.contextmanager
def started_app(
    corpus: Path, index: Path | None, code: Path = REPO
) -> Iterator[tuple[str, Path, int]]:
    """``python app.py`` on a free port over copies of ``corpus`` (and ``index``, so that no
    embedding is needed when it is up to date); yields (url, the copy's corpus folder, the
    server's pid). ``code``: the checkout whose app.py runs (another revision, for a
    baseline)."""
    work = Path(tempfile.mkdtemp(prefix="rag-load-"))
    shutil.copytree(corpus, work / "corpus")
    if index is not None and index.is_dir():
        shutil.copytree(index, work / "index", ignore=shutil.ignore_patterns(".lock"))
    port = free_port()
    env = os.environ | {
        "RAG_CORPUS": str(work / "corpus"),
        "RAG_INDEX": str(work / "index"),
        "RAG_HOST": "127.0.0.1",
        "RAG_PORT": str(port),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    env.pop("RAG_AUTH", None)
    log = work / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(code / "app.py")], cwd=code, env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 600
        while not served(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"app.py did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.5)
        yield url, work / "corpus", proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def app_key(last: Any) -> str:
    """What a user sees of an answer: text, kind, found and the citations (without the
    ``year`` the page adds to each, so both paths' answers compare)."""
    if not isinstance(last, dict):
        raise RuntimeError(f"no final answer: {last!r:.200}")
    keep = {k: last.get(k) for k in ("answer", "kind", "found", "citations")}
    keep["citations"] = [
        {k: v for k, v in c.items() if k != "year"} for c in keep["citations"] or []
    ]
    return json.dumps(keep, ensure_ascii=False, sort_keys=True)


def json_asker(url: str) -> AskFn:
    """One user of ``POST /api/ask`` (rag/api.py): one kept-alive HTTP connection."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Content-Type": "application/json"}

    def ask(question: str) -> str:
        body = json.dumps({"question": question}, ensure_ascii=False).encode("utf-8")
        try:
            conn.request("POST", "/api/ask", body, headers)
            resp = conn.getresponse()
        except (http.client.HTTPException, OSError):
            conn.close()  # a dropped keep-alive connection: reconnect once
            conn.request("POST", "/api/ask", body, headers)
            resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}: {data[:200]!r}")
        return app_key(json.loads(data))

    return ask


CLIENT_POLL_S = 0.002
CLIENTS = {
    "gradio": "gradio_client, messages polled every 2 ms",
    "light": "Gradio's queue protocol spoken directly: join + SSE, one kept-alive connection",
}


def quick_client_polling() -> None:
    """gradio_client waits for each server message by sleeping 50 ms in a loop; that is the
    harness's latency (it would be a browser's push), not the app's. Poll every 2 ms."""
    import gradio_client.utils as gcu

    class _Time:
        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        @staticmethod
        def sleep(seconds: float) -> None:
            time.sleep(min(seconds, CLIENT_POLL_S))

    gcu.time = _Time()  # type: ignore[assignment]


def app_asker(url: str, turns: int = 1) -> AskFn:
    """One user (a gradio_client session, like one open page). The page keeps the
    conversation and redraws all of it with each answer, so every ``turns`` questions the
    user starts a new conversation (0: one conversation that grows for the whole run)."""
    from gradio_client import Client

    # Plain http on 127.0.0.1: no TLS, so no certificate store loaded for every request
    # (httpx builds a verifying SSL context per client: ~20 ms CPU on the shared cores).
    client = Client(url, verbose=False, ssl_verify=not url.startswith("http://"))
    asked = 0

    def ask(question: str) -> str:
        nonlocal asked
        if turns and asked and asked % turns == 0:
            client.reset_session()
        asked += 1
        _, _, _, last, _ = client.predict(question, "", "", "", "", api_name="/ask")
        return app_key(last)

    return ask


class QueueProtocol:
    """Gradio's queue protocol as the page's own JavaScript client speaks it (the installed
    Gradio's ``sse_v3``): ``POST {api_prefix}/queue/join`` with the event's inputs and the
    session's hash, then ``GET {api_prefix}/queue/data?session_hash=…``, a server-sent
    event stream of that session's messages, which the server closes (``close_stream``)
    once the session has no event pending. Read from the app's ``/config`` once: the
    endpoint's ``fn_index``, its inputs (a ``gr.State`` input is sent as ``null``: the
    server keeps the session's state) and its outputs (a state output is not sent to the
    page, as gradio_client leaves it out too)."""

    def __init__(self, url: str, api_name: str) -> None:
        with urllib.request.urlopen(urllib.parse.urljoin(url, "config"), timeout=30) as resp:
            config = json.loads(resp.read())
        if config.get("protocol") != "sse_v3":
            raise SystemExit(f"--client light speaks sse_v3, the app says {config.get('protocol')}")
        kinds = {c["id"]: c.get("type") for c in config["components"]}
        dep = next(d for d in config["dependencies"] if d.get("api_name") == api_name)
        self.fn_index = int(dep["id"])
        self.state_inputs = [kinds.get(i) == "state" for i in dep["inputs"]]
        self.shown_outputs = [i for i, o in enumerate(dep["outputs"]) if kinds.get(o) != "state"]
        prefix = "/" + str(config.get("api_prefix", "")).strip("/")
        self.join_path = prefix.rstrip("/") + "/queue/join"
        self.data_path = prefix.rstrip("/") + "/queue/data"

    def inputs(self, *values: Any) -> list[Any]:
        given = iter(values)
        return [None if state else next(given) for state in self.state_inputs]


def light_asker(url: str, turns: int = 1, protocol: QueueProtocol | None = None) -> AskFn:
    """One user of ``/ask`` through Gradio's queue, speaking the page's protocol
    (``QueueProtocol``) itself over one kept-alive HTTP connection, reading the event
    stream as it comes (no polling threads, no new connection per request; a browser's
    ``fetch``/``EventSource`` on HTTP/1.1 keeps its connections alive too). The same path
    through the app as gradio_client and the page: the join route, Gradio's queue, the
    event's processing, the SSE route. Starts a new conversation (a new session hash,
    like ``Client.reset_session``) every ``turns`` questions."""
    import http.client
    import uuid

    proto = protocol or QueueProtocol(url, "ask")
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port
    conn = http.client.HTTPConnection(host, port, timeout=60)
    session = uuid.uuid4().hex[:11]
    asked = 0

    def request(method: str, path: str, body: bytes | None = None) -> http.client.HTTPResponse:
        nonlocal conn
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if method == "GET":
            headers["Accept"] = "text/event-stream"
        for attempt in (0, 1):
            try:
                conn.request(method, path, body, headers)
                return conn.getresponse()
            except (http.client.HTTPException, OSError):
                conn.close()  # a dropped keep-alive connection: reconnect once
                conn = http.client.HTTPConnection(host, port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def ask(question: str) -> str:
        nonlocal asked, session
        if turns and asked and asked % turns == 0:
            session = uuid.uuid4().hex[:11]
        asked += 1
        payload = {
            "data": proto.inputs(question, "", "", "", ""),
            "event_data": None,
            "fn_index": proto.fn_index,
            "trigger_id": None,
            "session_hash": session,
        }
        resp = request("POST", proto.join_path, json.dumps(payload).encode("utf-8"))
        joined = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"join: HTTP {resp.status}: {joined[:200]!r}")
        event_id = json.loads(joined)["event_id"]
        resp = request("GET", f"{proto.data_path}?session_hash={session}")
        if resp.status != 200:
            raise RuntimeError(f"queue/data: HTTP {resp.status}: {resp.read()[:200]!r}")
        done: dict[str, Any] | None = None
        while True:
            line = resp.readline()
            if not line:
                break  # the stream ended
            if not line.startswith(b"data:"):
                continue
            msg = json.loads(line[5:])
            if msg.get("msg") == "process_completed" and msg.get("event_id") == event_id:
                done = msg
            elif msg.get("msg") in ("close_stream", "unexpected_error"):
                if msg.get("msg") == "unexpected_error":
                    raise RuntimeError(f"queue/data: {msg.get('message')!r:.200}")
                resp.read()  # the end of the chunked body: the connection is reused
                break
        if done is None:
            raise RuntimeError("the stream ended before the answer")
        if not done.get("success"):
            raise RuntimeError(f"app error: {done.get('output')!r:.200}")
        data = done["output"]["data"]
        shown = [data[i] for i in proto.shown_outputs]
        return app_key(shown[3])

    return ask


def app_updater(url: str) -> Callable[[], None]:
    from gradio_client import Client

    client = Client(url, verbose=False, ssl_verify=not url.startswith("http://"))
    return lambda: client.predict(api_name="/rescan")


# --- the library (in-process variant) -----------------------------------------------------------


def library_parts(
    corpus: Path, index: Path | None
) -> tuple[Callable[[], AskFn], Callable[[], None], Path]:
    from rag.config import load_settings
    from rag.service import Library

    work = Path(tempfile.mkdtemp(prefix="rag-load-lib-"))
    shutil.copytree(corpus, work / "corpus")
    if index is not None and index.is_dir():
        shutil.copytree(index, work / "index", ignore=shutil.ignore_patterns(".lock"))
    settings = load_settings().with_paths(work / "corpus", work / "index")
    lib = Library.open(settings, sync=True)

    def make() -> AskFn:
        def ask(question: str) -> str:
            obj = lib.ask(question).to_json()
            keep = {k: obj[k] for k in ("answer", "kind", "found", "citations")}
            return json.dumps(keep, ensure_ascii=False, sort_keys=True)

        return ask

    def update() -> None:
        lib.update()

    return make, update, work / "corpus"


# --- the load ------------------------------------------------------------------------------------


def ask_alone(ask: AskFn, questions: list[str]) -> tuple[dict[str, str], list[float]]:
    keys: dict[str, str] = {}
    seconds: list[float] = []
    for q in questions:
        t = time.perf_counter()
        keys[q] = ask(q)
        seconds.append(time.perf_counter() - t)
    return keys, seconds


def run_load(
    askers: list[AskFn],
    questions: list[str],
    seconds: float,
    max_requests: int,
    update: Callable[[], None] | None,
    server_pid: int | None = None,
) -> Run:
    run = Run()
    server0, client0 = process_cpu_s(server_pid), own_cpu_s()
    start = time.perf_counter()
    stop_at = start + seconds
    counter = iter(range(max_requests))
    counter_lock = threading.Lock()

    def next_slot() -> int | None:
        with counter_lock:
            return next(counter, None)

    def user(k: int, ask: AskFn) -> None:
        i = k
        while time.perf_counter() < stop_at and next_slot() is not None:
            q = questions[i % len(questions)]
            i += 1
            t = time.perf_counter()
            try:
                key = ask(q)
                run.add(Record(q, t - start, time.perf_counter() - t, key=key))
            except Exception as exc:  # every failure is a finding, reported below
                run.add(Record(q, t - start, time.perf_counter() - t, error=repr(exc)[:300]))

    def updater() -> None:
        assert update is not None
        time.sleep(seconds / 3)
        run.update_started = time.perf_counter() - start
        try:
            update()
        except Exception as exc:
            run.update_error = repr(exc)[:300]
        run.update_finished = time.perf_counter() - start

    threads = [
        threading.Thread(target=user, args=(k, a), daemon=True) for k, a in enumerate(askers)
    ]
    if update is not None:
        threads.append(threading.Thread(target=updater, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server1 = process_cpu_s(server_pid)
    run.client_cpu_s = own_cpu_s() - client0
    if server0 is not None and server1 is not None:
        run.server_cpu_s = server1 - server0
    return run


def write_records(run: Run, path: Path) -> None:
    lines = [
        json.dumps(
            {"started": r.started, "seconds": r.seconds, "question": r.question, "error": r.error},
            ensure_ascii=False,
        )
        for r in sorted(run.records, key=lambda r: r.started)
    ]
    if run.update_started is not None:
        lines.append(
            json.dumps(
                {"update_started": run.update_started, "update_finished": run.update_finished}
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def report(
    run: Run,
    before: dict[str, str],
    after: dict[str, str],
    alone_seconds: list[float],
    wall: float,
    users: int,
    summary: Path | None = None,
    conversations: str = "",
    client: str = "",
) -> int:
    ok = [r for r in run.records if r.error is None]
    errors = [r for r in run.records if r.error is not None]
    mismatched = [r for r in ok if r.key not in (before[r.question], after[r.question])]
    latencies = [r.seconds * 1000 for r in ok]
    alone = [s * 1000 for s in alone_seconds]
    changed = sum(1 for q in before if before[q] != after[q])
    print(f"users {users}, {len(run.records)} requests in {wall:.1f} s{conversations}")
    print(f"{'':<22}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    print(
        f"{'single user (baseline)':<22}{statistics.median(alone):>10.0f}"
        f"{pct(alone, 0.95):>10.0f}{max(alone):>10.0f}"
    )
    if latencies:
        print(
            f"{f'{users} users':<22}{statistics.median(latencies):>10.0f}"
            f"{pct(latencies, 0.95):>10.0f}{max(latencies):>10.0f}"
        )
    print(
        f"throughput {len(ok) / wall:.2f} answers/s (single user: {len(alone) / sum(alone_seconds):.2f}/s)"
    )
    if run.update_started is not None:
        during = [
            r for r in ok
            if run.update_finished is not None
            and r.started < run.update_finished
            and r.started + r.seconds > run.update_started
        ]  # fmt: skip
        print(
            f"index update from {run.update_started:.1f} s to {run.update_finished or 0:.1f} s; "
            f"{len(during)} answers were in flight during it; "
            f"{changed} of {len(before)} questions answer differently after it"
        )
        if run.update_error:
            print(f"UPDATE FAILED: {run.update_error}")
    n = max(1, len(run.records))
    server_ms = run.server_cpu_s * 1000 / n if run.server_cpu_s is not None else None
    client_ms = run.client_cpu_s * 1000 / n
    print(
        "CPU per request: app "
        + (f"{server_ms:.1f} ms" if server_ms is not None else "unknown (give --server-pid)")
        + f", load generator {client_ms:.1f} ms (on the same {os.cpu_count()} CPUs;"
        " a browser's work would be on its own machine)"
    )
    print(f"errors {len(errors)}, answers different from the single-user ones {len(mismatched)}")
    for r in errors[:5]:
        print(f"  error on {r.question!r}: {r.error}")
    for r in mismatched[:5]:
        print(f"  mismatch on {r.question!r}")
    bad = errors or mismatched or run.update_error
    print("RESULT:", "FAIL" if bad else "OK")
    if summary is not None:
        summary.write_text(
            json.dumps(
                {
                    "users": users,
                    "client": client,
                    "requests": len(run.records),
                    "answers_per_s": len(ok) / wall,
                    "p50_ms": statistics.median(latencies) if latencies else None,
                    "p95_ms": pct(latencies, 0.95) if latencies else None,
                    "single_p50_ms": statistics.median(alone),
                    "errors": len(errors),
                    "mismatches": len(mismatched),
                    "update_error": run.update_error,
                    "server_cpu_ms_per_request": server_ms,
                    "client_cpu_ms_per_request": client_ms,
                }
            ),
            encoding="utf-8",
        )
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running app (default: start app.py on a copy)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--index", type=Path, default=REPO / "index",
                        help="copied next to the corpus copy so startup needs no embedding")  # fmt: skip
    parser.add_argument("--questions", type=Path, default=None, help="JSONL with 'question'")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--no-update", action="store_true", help="no index update midway")
    parser.add_argument("--library", action="store_true", help="in-process Library, no app")
    parser.add_argument("--summary", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--records", type=Path, help="write every request under load here (JSONL: started "
        "s, seconds, question, error) to see where the slow ones fall"
    )  # fmt: skip
    parser.add_argument(
        "--path",
        choices=("gradio", "json"),
        default="gradio",
        help="ask through Gradio's /ask (gradio_client, as the page does) or POST /api/ask",
    )
    parser.add_argument(
        "--turns",
        type=int,
        default=5,
        help="questions per conversation before a user starts a new one (0: never)",
    )
    parser.add_argument(
        "--app-dir", type=Path, default=REPO, help="the checkout whose app.py to start"
    )
    parser.add_argument(
        "--client",
        choices=tuple(CLIENTS),
        default="gradio",
        help="with --path gradio, each user under load: " + "; ".join(
            f"{k}: {v}" for k, v in CLIENTS.items()
        ),
    )  # fmt: skip
    parser.add_argument("--server-pid", type=int, help="with --url: the app's pid (its CPU)")
    parser.add_argument(
        "--client-polling",
        choices=("quick", "stock"),
        default="quick",
        help="gradio_client's 50 ms message polling (stock) or 2 ms (quick, default)",
    )
    args = parser.parse_args(argv)
    if args.client_polling == "quick":
        quick_client_polling()
    questions = load_question_texts(args.questions)

    server_pid: int | None = None
    with contextlib.ExitStack() as stack:
        if args.library:
            make, update, corpus = library_parts(args.corpus, args.index)
            make_fresh = make
            print(f"library over a copy of {args.corpus}")
        else:
            if args.url:
                url, corpus, server_pid = args.url, args.corpus, args.server_pid
            else:
                url, corpus, server_pid = stack.enter_context(
                    started_app(args.corpus, args.index, args.app_dir)
                )
            print(f"app at {url}")
            if args.path == "json":
                make = make_fresh = lambda: json_asker(url)
            elif args.client == "light":
                proto = QueueProtocol(url, "ask")
                make = lambda: light_asker(url, args.turns, proto)  # noqa: E731
                # The single-user answers (the reference) come from gradio_client.
                make_fresh = lambda: app_asker(url, 1)  # noqa: E731
            else:
                make = lambda: app_asker(url, args.turns)  # noqa: E731
                make_fresh = lambda: app_asker(url, 1)  # noqa: E731
            print(
                "asking through "
                + (
                    "POST /api/ask"
                    if args.path == "json"
                    else f"Gradio /ask ({CLIENTS[args.client]}; single-user answers by "
                    "gradio_client)"
                )
            )
            update = app_updater(url)
        askers = [make() for _ in range(args.users)]
        # The single-user answers: each question in a new conversation (no history).
        make_alone = make_fresh()
        make_alone(questions[0])  # warm up
        before, alone_seconds = ask_alone(make_alone, questions)

        do_update: Callable[[], None] | None = None
        if not args.no_update:

            def do_update() -> None:
                (corpus / NEW_DOC_NAME).write_text(NEW_DOC_TEXT, encoding="utf-8")
                update()

        t0 = time.perf_counter()
        run = run_load(askers, questions, args.seconds, args.max_requests, do_update, server_pid)
        wall = time.perf_counter() - t0
        after, _ = ask_alone(make_alone, questions)
        if args.records is not None:
            write_records(run, args.records)
        talk = (
            " (POST /api/ask: no conversation kept)"
            if args.path == "json" and not args.library
            else f" (each user starts a new conversation every {args.turns} questions)"
            if args.turns
            else " (each user in one conversation that grows for the whole run)"
        )
        client = "json" if args.path == "json" else args.client
        return report(
            run, before, after, alone_seconds, wall, args.users, args.summary, talk, client
        )


if __name__ == "__main__":
    raise SystemExit(main())
