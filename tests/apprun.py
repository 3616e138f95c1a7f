"""Start the real app (``python app.py``) for tests: a free port, the environment, waiting
until it serves, and stopping it. Shared by the gradio_client, browser and security tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(corpus: Path, index: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment of a test app: ours, less any RAG_HOST/RAG_AUTH (or Gradio's
    GRADIO_SERVER_NAME/PORT, which the app honours too) of the caller (the app must bind
    127.0.0.1 and need no login unless a test says so)."""
    caller = ("RAG_HOST", "RAG_AUTH", "GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT")
    env = {k: v for k, v in os.environ.items() if k not in caller}
    return env | {
        "RAG_CORPUS": str(corpus),
        "RAG_INDEX": str(index),
        "RAG_PORT": str(port),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        **extra,
    }


def served(url: str) -> bool:
    """The page answers (200, or 401 when a login is required)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return bool(resp.status == 200)
    except urllib.error.HTTPError as exc:
        return exc.code == 401
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_served(
    url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = STARTUP_TIMEOUT_S
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        if served(url):
            return
        time.sleep(0.5)
    pytest.fail(f"app.py did not serve {url} in {timeout} s:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def serve_app(
    workdir: Path, corpus: Path, index: Path, env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """``python app.py`` over ``corpus``/``index`` on a free port: yields (url, port)."""
    port = free_port()
    full_env = app_env(corpus, index, port, GRADIO_TEMP_DIR=str(workdir / "gradio-tmp"))
    full_env |= dict(env or {})
    log = workdir / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py")], cwd=REPO, env=full_env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_served(url, proc, log)
        yield url, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_rag(
    *args: str, timeout: float = 600, extra_env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m rag ARGS`` as a user runs it (a real process, offline; ``extra_env`` on
    top of this process' environment)."""
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"} | dict(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
