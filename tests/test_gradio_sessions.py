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
    before, update = cls.__init__, cls._update_value_in_config
    eager = cls(app_blocks)
    assert lazy_session_configs(), "the installed Gradio's SessionState is not the known one"
    assert cls._update_value_in_config is not update, "Gradio's value update is not the known one"
    try:
        yield eager, cls(app_blocks)
    finally:
        cls.__init__ = before  # type: ignore[method-assign]
        cls._update_value_in_config = update  # type: ignore[method-assign]


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


def test_a_value_set_before_its_config_is_rendered_is_in_it_when_read(
    eager_and_lazy: tuple[Any, Any],
) -> None:
    eager, lazy = eager_and_lazy
    keys = [k for k, v in eager.config_values.items() if "props" in v]
    first, second, third = keys[2], keys[3], keys[4]
    for state in (eager, lazy):
        state._update_value_in_config(first, "第一次")
        state._update_value_in_config(first, "第二次")  # the later value wins
        state._update_value_in_config(second, ["一", "二"])
        state.config_values[second] = {"id": second, "props": {"value": "整个换掉"}}
    # nothing was rendered to set those values
    assert not any(dict.__contains__(lazy.config_values, k) for k in (first, third))
    assert lazy.config_values[first] == eager.config_values[first]
    assert lazy.config_values[first]["props"]["value"] == "第二次"
    assert lazy.config_values[second] == {"id": second, "props": {"value": "整个换掉"}}
    lazy._update_value_in_config(third, "渲染之后")  # once rendered, set in place
    assert lazy.config_values[third]["props"]["value"] == "渲染之后"
    lazy._update_value_in_config(third, "再一次")
    assert dict.__getitem__(lazy.config_values, third)["props"]["value"] == "再一次"
    assert list(lazy.config_values) == list(eager.config_values)  # the deep-link view


def test_applying_twice_is_harmless() -> None:
    from gradio import state_holder

    cls = state_holder.SessionState
    before, update = cls.__init__, cls._update_value_in_config
    try:
        assert lazy_session_configs() and lazy_session_configs()
    finally:
        cls.__init__ = before  # type: ignore[method-assign]
        cls._update_value_in_config = update  # type: ignore[method-assign]


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


def _elapsed_out(value: Any) -> Any:
    """``value`` as sent (JSON: models dumped) without the answer's timing
    (``elapsed_ms``), the one field that differs between two askings of one question."""
    from pydantic_core import to_jsonable_python

    value = to_jsonable_python(value)
    if isinstance(value, dict):
        return {k: _elapsed_out(v) for k, v in value.items() if k != "elapsed_ms"}
    if isinstance(value, list):
        return [_elapsed_out(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("question", "department", "kind"),
    [
        ("市委政研室的机关党建工作要点有哪些任务？", "", ""),
        ("三会一课 相关表述 全部", "市委政研室", "工作要点"),
        ("2035年远景目标里关于火星探测的安排是什么？", "", ""),
    ],
)
def test_ask_processed_inline_gives_what_gradio_processing_gives(
    app_blocks: Any, question: str, department: str, kind: str
) -> None:
    """The ``/ask`` endpoint does its components' pre/postprocessing in its own thread call
    (``rag.ui._processed_inline``, registered with ``preprocess=False, postprocess=False``);
    the same handler with Gradio doing each component's processing sends the same values,
    through Gradio's own ``process_api``, and leaves the same session state behind."""
    import asyncio
    import copy

    from gradio.state_holder import SessionState

    dep = next(f for f in app_blocks.fns.values() if f.api_name == "ask")
    assert dep.preprocess is False and dep.postprocess is False
    stock = copy.copy(dep)
    stock.fn, stock.preprocess, stock.postprocess = dep.fn.__wrapped__, True, True
    sent, states = [], []
    for fn in (dep, stock):
        state = SessionState(app_blocks)
        inputs = [question, None, department, "", "", kind]  # the State input is the session's
        out = asyncio.run(app_blocks.process_api(fn, inputs, state=state))
        sent.append(_elapsed_out(out["data"]))
        states.append(_elapsed_out(state[dep.outputs[3]._id]))  # the conversation kept
    assert sent[0] == sent[1]
    assert states[0] == states[1] and states[0][-1]["question"] == question
    chat = sent[0][0]
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert isinstance(chat[1]["content"], list | str)  # the Chatbot's wire form, not our dicts


def test_ask_processed_inline_checks_the_kind_as_the_dropdown_does(app_blocks: Any) -> None:
    import asyncio

    from gradio.exceptions import Error
    from gradio.state_holder import SessionState

    dep = next(f for f in app_blocks.fns.values() if f.api_name == "ask")
    inputs = ["市委政研室的机关党建工作要点有哪些任务？", None, "", "", "", "不是一种文档"]
    with pytest.raises(Error, match="not in the list of choices"):
        asyncio.run(app_blocks.process_api(dep, inputs, state=SessionState(app_blocks)))


def test_the_pages_ask_processed_inline_sends_each_state_as_gradio_processing_does(
    app_blocks: Any,
) -> None:
    """The page's ask (the 提问 button and Enter; a generator: first the pending
    "正在查找……" state, then the answer) with its processing inline sends what the same
    handler sends with Gradio processing each component, state by state."""
    import asyncio
    import copy

    from gradio.state_holder import SessionState

    pages = [f for f in app_blocks.fns.values() if getattr(f.fn, "__name__", "") == "on_ask_page"]
    assert len(pages) == 2 and all(not f.preprocess and not f.postprocess for f in pages)
    stock = copy.copy(pages[0])
    stock.fn, stock.preprocess, stock.postprocess = pages[0].fn.__wrapped__, True, True

    async def states(fn: Any) -> list[Any]:
        state, out, iterator, sent = SessionState(app_blocks), None, None, []
        inputs = ["那政研室呢？", None, "", "", "", ""]
        while out is None or out["is_generating"]:
            out = await app_blocks.process_api(fn, inputs, state=state, iterator=iterator)
            iterator = out["iterator"]
            sent.append(_elapsed_out(out["data"]))
        return sent

    inline, gradio_way = asyncio.run(states(pages[0])), asyncio.run(states(stock))
    assert inline == gradio_way
    assert len(inline) >= 2 and "正在查找" in str(inline[0][0])


def test_inline_handlers_carry_no_hints_for_gradio_to_evaluate_per_call(app_blocks: Any) -> None:
    """Gradio looks up a handler's special parameters on every call (``special_args``,
    through ``typing.get_type_hints``); the inline-processed handlers carry no hints, so
    none are evaluated, and Gradio finds what it finds on the handler they wrap: no special
    parameter, the inputs passed as they are. Their signature is the wrapped one."""
    import inspect

    from gradio import utils
    from gradio.helpers import special_args

    inline = [f for f in app_blocks.fns.values() if f.preprocess is False]
    assert {f.api_name for f in inline} >= {"ask"} and len(inline) >= 3  # /ask, the page's two
    inputs = ["三会一课 相关表述 全部", None, "", "", "", ""]
    for dep in inline:
        assert utils.get_type_hints(dep.fn) == {}
        assert utils.get_type_hints(dep.fn.__wrapped__)  # the handler's own are still there
        assert inspect.signature(dep.fn) == inspect.signature(dep.fn.__wrapped__)
        got, want = (
            special_args(dep.fn, list(inputs)),
            special_args(dep.fn.__wrapped__, list(inputs)),
        )
        assert got == want and got == (inputs, None, None, [])
