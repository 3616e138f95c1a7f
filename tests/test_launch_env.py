"""Where the app listens: ``RAG_HOST``/``RAG_PORT``, else Gradio's own
``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT``, else 127.0.0.1:7860; a busy port names the
variable that chose it. The real ``python app.py`` over a one-document corpus."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from apprun import REPO, app_env, free_port, wait_until_served

from rag.config import Settings
from rag.errors import ConfigError
from rag.ui import launch_options

PLAN = "市委办公室2023年机关党建工作要点\n一、抓学习\n1.落实“第一议题”制度。\n"


def gradio_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "要点.txt").write_text(PLAN, encoding="utf-8")
    env = app_env(corpus, tmp_path / "index", 0, GRADIO_TEMP_DIR=str(tmp_path / "gradio-tmp"))
    for name in ("RAG_PORT", "GRADIO_SERVER_PORT", "GRADIO_SERVER_NAME"):
        env.pop(name, None)
    return env | extra


@pytest.mark.slow
def test_gradio_server_port_and_name_are_honoured(tmp_path: Path) -> None:
    port = free_port()
    env = gradio_env(tmp_path, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1")
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py")], cwd=REPO, env=env, stdout=out, stderr=out
        )
    try:
        wait_until_served(f"http://127.0.0.1:{port}/", proc, log, timeout=150)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert f"http://127.0.0.1:{port}" in log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_busy_port_names_the_variable_in_effect(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = gradio_env(tmp_path, GRADIO_SERVER_PORT=str(port))
        done = subprocess.run(
            [sys.executable, str(REPO / "app.py")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert done.returncode == 3, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert f"127.0.0.1:{port}" in last and "GRADIO_SERVER_PORT" in last, last
    assert "RAG_PORT" not in last and "Traceback" not in done.stderr


def test_rag_variables_win_over_gradio_ones() -> None:
    both = {
        "RAG_HOST": "0.0.0.0",
        "RAG_PORT": "8081",
        "GRADIO_SERVER_NAME": "127.0.0.2",
        "GRADIO_SERVER_PORT": "8082",
    }
    opts = launch_options(Settings(), both)
    assert (opts["server_name"], opts["server_port"]) == ("0.0.0.0", 8081)
    opts = launch_options(
        Settings(), {"GRADIO_SERVER_NAME": "127.0.0.2", "GRADIO_SERVER_PORT": "8082"}
    )
    assert (opts["server_name"], opts["server_port"]) == ("127.0.0.2", 8082)
    opts = launch_options(Settings(), {})
    assert (opts["server_name"], opts["server_port"]) == ("127.0.0.1", 7860)
    with pytest.raises(ConfigError, match="GRADIO_SERVER_PORT"):
        launch_options(Settings(), {"GRADIO_SERVER_PORT": "http"})
    with pytest.raises(ConfigError, match="RAG_PORT"):
        launch_options(Settings(), {"RAG_PORT": "0", "GRADIO_SERVER_PORT": "8082"})
