"""A question whose topic is a compound only partly present in the named unit's documents
is refused: its distinctive term (the modifier of 危化品安全, the rarer of 信访 and 廉政)
stands in no text of that unit, though the compound's head (安全) or a generic topic word
(廉政, 队伍) does — else the unit's whole outline would come back. A term the unit's
texts hold, in another form or in a synonym, is answered. Over three invented documents
(``tests/data/own/partial_topic``: a 区应急管理局 校园消防安全 方案, a 县法院 院长's
廉政 speech, a 区交通运输局 report that alone says 危化品 and 信访), through the real
library.

The held-out cases were written before the code. On their first run with the new rule
all passed but one: 家事审判 — 家事 was read as a breadth word (各家) and, once it was
not, as a sound slip of another unit's 家次; both were fixed in the code (so that case
is no longer fully held out). The tuned negative 法警队伍管理 was swapped for 减刑假释:
法警 beside the speech's 干警队伍 reads as the asker's cut (警队), and 干警 covers 法警."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import answered_with, open_library, refused

from rag.question import is_list_word
from rag.service import Library

DOCS = Path(__file__).resolve().parent / "data" / "own" / "partial_topic"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "partial-topic", bundled_embedder, folders=[DOCS])


# --- tuned -----------------------------------------------------------------------------


def test_jia_is_breadth_only_as_each_house() -> None:
    assert is_list_word("各家") and is_list_word("每家")
    assert not is_list_word("家风") and not is_list_word("家事")


TUNED_NEGATIVES = [
    "区应急局对危化品安全有哪些党建举措",
    "院长讲话对信访工作廉政风险怎么要求",
    "区应急局对燃气安全有哪些党建举措",
    "临河县法院院长讲话对破产审判廉政风险怎么要求",
    "区交通运输局对网约车安全怎么部署的",
    "院长讲话对减刑假释廉政风险有什么要求",
    "区应急局对矿山安全有哪些党建举措",
    "区交通运输局对治超工作廉政建设怎么做的",
]

TUNED_ANSWERABLE = [
    ("区应急局对消防安全有哪些党建举措", "组建党员先锋队"),
    ("院长讲话对审判工作廉政风险怎么要求", "廉政风险防控清单"),
    ("区交通运输局对危化品运输安全怎么部署", "党员安全检查队"),
    ("区交通运输局信访工作怎么做的", "接访下访"),
    ("院长讲话对执行工作廉政风险怎么要求", "执行案款一律进入专户"),
    ("区应急局对校园安全有哪些党建举措", "隐患排查"),
    ("院长讲话对干警队伍建设有什么要求", "从严治院"),
    ("区交通运输局对危险化学品运输安全怎么抓的", "党员安全检查队"),
]


@pytest.mark.parametrize("question", TUNED_NEGATIVES)
def test_tuned_partial_topic_is_refused(lib: Library, question: str) -> None:
    refused(lib, question)


@pytest.mark.parametrize(("question", "evidence"), TUNED_ANSWERABLE)
def test_tuned_held_topic_is_answered(lib: Library, question: str, evidence: str) -> None:
    answered_with(lib, question, evidence)


# --- held-out (written before the code) ------------------------------------------------

HELDOUT_NEGATIVES = [
    "区应急局对烟花爆竹安全有哪些党建举措",
    "院长讲话对信访接待廉政风险有什么要求",
    "区应急局对危化品监管党建工作有什么安排",
    "区交通运输局对校车安全怎么部署",
    "临河县法院院长讲话对家事审判廉政风险怎么要求",
]

HELDOUT_ANSWERABLE = [
    ("区应急局对校园消防安全有哪些党建举措", "组建党员先锋队"),
    ("院长讲话对执行环节廉政风险怎么要求", "执行案款一律进入专户"),
    ("区交通运输局对危化品运输有什么安排", "党员安全检查队"),
    ("区交通运输局信访维稳工作怎么做", "接访下访"),
    ("院长讲话对审判执行廉政风险怎么要求", "廉政风险防控清单"),
]


@pytest.mark.parametrize("question", HELDOUT_NEGATIVES)
def test_heldout_partial_topic_is_refused(lib: Library, question: str) -> None:
    refused(lib, question)


@pytest.mark.parametrize(("question", "evidence"), HELDOUT_ANSWERABLE)
def test_heldout_held_topic_is_answered(lib: Library, question: str, evidence: str) -> None:
    answered_with(lib, question, evidence)
