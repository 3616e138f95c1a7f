"""bench/load.py's light client (``--client light``) against the running app: it speaks
Gradio's queue protocol itself (join, then the session's event stream), so what it gets must
be what gradio_client gets for the same questions in the same conversation; it keeps the
conversation (the session) for ``turns`` questions and starts a new one after; the app's
refusal of a bad question is an error, not an answer."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apprun import serve_app

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import load  # noqa: E402  (bench/load.py)

# A first question, a follow-up that only makes sense after it, one more on another topic.
CONVERSATION = ("市生态环境局2022年获得了哪些荣誉？", "那政研室呢？", "三会一课 相关表述 全部")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, seed_index_dir: Path) -> Iterator[str]:
    work = tmp_path_factory.mktemp("load-client")
    shutil.copytree(REPO / "corpus", work / "corpus")
    shutil.copytree(seed_index_dir, work / "index")
    with serve_app(work, work / "corpus", work / "index") as (url, _):
        yield url


def answer(key: str) -> dict[str, Any]:
    return dict(json.loads(key))


@pytest.mark.slow
def test_light_client_gets_what_gradio_client_gets_in_the_same_conversation(
    app_url: str,
) -> None:
    load.quick_client_polling()
    light = load.light_asker(app_url, turns=len(CONVERSATION))
    reference = load.app_asker(app_url, turns=len(CONVERSATION))
    got = [light(q) for q in CONVERSATION]
    assert got == [reference(q) for q in CONVERSATION]
    assert all(answer(k)["answer"] and answer(k)["citations"] for k in got)
    # The follow-up was read with the first question as history: asked in a new
    # conversation it is answered otherwise.
    fresh = load.light_asker(app_url, turns=1)
    assert fresh(CONVERSATION[1]) != got[1]


@pytest.mark.slow
def test_light_client_starts_a_new_conversation_every_turns_questions(app_url: str) -> None:
    one_turn = load.light_asker(app_url, turns=1)
    first, follow_up = (one_turn(q) for q in CONVERSATION[:2])
    # Each question its own conversation: the follow-up as if asked alone.
    assert follow_up == load.light_asker(app_url, turns=1)(CONVERSATION[1])
    assert first != follow_up


@pytest.mark.slow
def test_light_client_reports_the_apps_refusal_as_an_error(app_url: str) -> None:
    ask = load.light_asker(app_url)
    with pytest.raises(RuntimeError, match="请输入问题"):
        ask("   ")
    assert answer(ask(CONVERSATION[0]))["citations"]  # the connection is still usable
