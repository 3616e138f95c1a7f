"""Lazy per-session block configs (rag/gradio_sessions.py) with the installed Gradio: the
app's real blocks, Gradio's own SessionState before and after the change, and the running
app (sessions started by gradio_client answer as before)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag.config import load_settings
from rag.gradio_sessions import LazyConfigs, lazy_session_configs
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app_blocks(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Any:
    from rag.ui import build_app

    tmp = tmp_path_factory.mktemp("sessions")
    shutil.copytree(REPO / "corpus", tmp / "corpus")
    shutil.copytree(seed_index_dir, tmp / "index")
    settings = load_settings({}).with_paths(tmp / "corpus", tmp / "index")
    return build_app(Library.open(settings))


@pytest.fixture
def eager_and_lazy(app_blocks: Any) -> Iterator[tuple[Any, Any]]:
    from gradio import state_holder

    cls = state_holder.SessionState
    before = cls.__init__
    eager = cls(app_blocks)
    assert lazy_session_configs(), "the installed Gradio's SessionState is not the known one"
    try:
        yield eager, cls(app_blocks)
    finally:
        cls.__init__ = before  # type: ignore[method-assign]


def test_a_new_session_renders_no_config_until_read(eager_and_lazy: tuple[Any, Any]) -> None:
    eager, lazy = eager_and_lazy
    assert not isinstance(eager.config_values, LazyConfigs)
    assert isinstance(lazy.config_values, LazyConfigs)
    assert dict.__len__(lazy.config_values) == 0  # nothing rendered yet
    assert len(lazy.config_values) == len(eager.config_values) > 50
    some = list(eager.config_values)[::7]
    for key in some:
        assert key in lazy.config_values
        assert lazy.config_values[key] == eager.config_values[key]
    assert dict.__len__(lazy.config_values) == len(some)
    assert 10**9 not in lazy.config_values
    with pytest.raises(KeyError):
        lazy.config_values[10**9]


def test_gradio_reads_and_writes_give_what_the_eager_dict_gave(
    eager_and_lazy: tuple[Any, Any],
) -> None:
    eager, lazy = eager_and_lazy
    keys = [k for k, v in eager.config_values.items() if "props" in v]
    first, second = keys[0], keys[1]
    for state in (eager, lazy):
        state._update_value_in_config(first, "新的值")  # what an event's pre/postprocess does
        state.config_values[second] = {"id": second, "props": {"value": "换掉的组件"}}
    assert lazy.config_values[first]["props"]["value"] == "新的值"
    # the deep-link view (every config, in block order) is the eager one
    assert list(lazy.components) == list(eager.components)
    assert list(lazy.config_values) == list(eager.config_values)
    assert dict.__len__(lazy.config_values) == len(eager.config_values)


def test_applying_twice_is_harmless() -> None:
    from gradio import state_holder

    before = state_holder.SessionState.__init__
    try:
        assert lazy_session_configs() and lazy_session_configs()
    finally:
        state_holder.SessionState.__init__ = before  # type: ignore[method-assign]


def test_sessions_of_the_running_app_answer_alike(tmp_path: Path, seed_index_dir: Path) -> None:
    from gradio_client import Client

    from tests.apprun import serve_app

    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index_dir, tmp_path / "index")
    with serve_app(tmp_path, tmp_path / "corpus", tmp_path / "index") as (url, _):
        answers = []
        for _ in range(3):  # three sessions, each set up anew by the server
            client = Client(url, verbose=False)
            *_, last, _plain = client.predict(
                "市委政研室的机关党建工作要点有哪些任务？", "", "", "", "", api_name="/ask"
            )
            answers.append({k: v for k, v in last.items() if k != "elapsed_ms"})
        assert answers[0]["citations"] and answers[0] == answers[1] == answers[2]
