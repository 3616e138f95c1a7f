"""Every user command of the README works with only the runtime packages (what ``make setup``
and ``make run`` install from requirements.lock): the ``rag`` commands of the 命令行 section,
run as written (over a copy of the corpus), and ``python app.py``. Packages installed for the
tests only (torch, sentence-transformers, pytest, …) are made unimportable in those
processes by tests/runtime_only/sitecustomize.py, as they are in a runtime install."""

from __future__ import annotations

import importlib.metadata as md
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from apprun import REPO, serve_app

pytestmark = pytest.mark.slow

ALWAYS_INSTALLED = {"pip", "setuptools", "wheel", "dangjian-rag"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions() -> set[str]:
    names = set(ALWAYS_INSTALLED)
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.add(re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0])
    return {_norm(n) for n in names}


def dev_only_modules() -> list[str]:
    """Top-level modules that only distributions outside requirements.lock provide."""
    runtime = runtime_distributions()
    return sorted(
        module
        for module, dists in md.packages_distributions().items()
        if not any(_norm(d) in runtime for d in dists)
    )


def runtime_env() -> dict[str, str]:
    blocked = dev_only_modules()
    assert "torch" in blocked and "pytest" in blocked  # the simulation really blocks
    return os.environ | {
        "PYTHONPATH": str(REPO / "tests" / "runtime_only"),
        "RAG_TEST_BLOCKED_MODULES": ",".join(blocked),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def readme_commands() -> list[str]:
    """The ``rag …`` lines of the README's 命令行 code block, comments dropped."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 命令行", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line for line in lines if line.startswith("rag ")]


def test_the_block_is_real() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import rank_bm25"],
        env=os.environ | {"PYTHONPATH": str(REPO / "tests" / "runtime_only"),
                          "RAG_TEST_BLOCKED_MODULES": "rank_bm25"},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "No module named 'rank_bm25'" in done.stderr


def test_every_readme_command_works_with_the_runtime_packages(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 6 and any(c.startswith("rag eval") for c in commands)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(REPO / "corpus", corpus)
    (tmp_path / "questions.txt").write_text(
        "市委政研室今年机关党建工作要点分了哪几大块？\n三会一课是怎样要求的？\n", encoding="utf-8"
    )
    shutil.copytree(REPO / "tests" / "data", tmp_path / "tests" / "data")
    env = runtime_env()
    for command in commands:
        argv = shlex.split(command.replace("[", "").replace("]", ""))
        argv += ["--corpus", str(corpus), "--index", str(index)]
        done = subprocess.run(
            [sys.executable, "-m", "rag", *argv[1:]],
            cwd=tmp_path,
            env=env | {"PYTHONPATH": env["PYTHONPATH"] + os.pathsep + str(REPO)},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, (command, done.stderr[-2000:])
        assert done.stdout.strip(), command


def test_the_app_starts_with_the_runtime_packages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"  # small: what counts is what the app imports
    corpus.mkdir()
    (corpus / "要点.txt").write_text(
        "市委办公室2023年机关党建工作要点\n一、抓学习\n1.落实“第一议题”制度。\n", encoding="utf-8"
    )
    env = runtime_env()
    with serve_app(tmp_path, corpus, tmp_path / "index", {k: env[k] for k in (
        "PYTHONPATH", "RAG_TEST_BLOCKED_MODULES")}) as (url, _):  # fmt: skip
        assert url
    assert "Traceback" not in (tmp_path / "app.log").read_text(encoding="utf-8")
