"""List questions over the document layouts KINDS5 found failing (X5, X4b, X6, the Markdown
``**`` residue and a summary's unheaded closing paragraph), through the real library over
documents of invented organisations (tests/data/own/structure5):

- a copied web page: its site menu is no outline; unnumbered 小标题 on lines of their own,
  or run-in (议题有人收：…), are its parts;
- a summary's closing paragraph on the time ahead (2026年，…将…：一是…) answers 明年怎么干 /
  下一步打算 / 最后一部分, and the last numbered part's items are its own;
- a stage list asked with each stage's time or lead unit (分几步走，各在什么时候) is the list;
- the part on one theme in each document (各单位材料里讲作风纪律的那部分) is one section per
  document, at whatever level, documents without one named;
- quotes of bold run-in items carry no Markdown bold mark left open.

Cases are data (``tuned.jsonl``, developed against; ``heldout.jsonl``, written at the same
time over other organisations' documents and looked at only at the end): each names the
spans the cited answer must hold and those it must not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data" / "own" / "structure5"


def _cases(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "s5tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "s5heldout", bundled_embedder, folders=[DATA / "heldout"])


def _check(lib: Library, case: dict[str, Any]) -> None:
    a = lib.ask(case["question"])
    if case.get("known"):
        # (a failure of another kind, noted in the case: only this package's part checked)
        text = "".join(b.text for b in a.blocks)
        assert not any(span in text for span in case["not"]), text
        return
    assert a.found, a.answer
    text = cited_text(lib, a)
    for span in case["must"]:
        assert span in text, (span, text)
    for span in case["not"]:
        assert span not in text, (span, text)
    # (no block quotes a bold run-in item with its mark left open)
    assert all(b.text.count("**") % 2 == 0 for b in a.blocks), text


@pytest.mark.parametrize("case", _cases("tuned.jsonl"), ids=lambda c: c["question"])
def test_tuned(tuned: Library, case: dict[str, Any]) -> None:
    _check(tuned, case)


@pytest.mark.parametrize("case", _cases("heldout.jsonl"), ids=lambda c: c["question"])
def test_heldout(heldout: Library, case: dict[str, Any]) -> None:
    _check(heldout, case)


def test_the_theme_part_of_each_document_names_those_without_one(tuned: Library) -> None:
    a = tuned.ask("各单位材料里讲作风纪律的那部分，标题各是什么")
    docs = {d.doc_id: d for d in tuned.documents}
    cited = {docs[c.doc].meta.department for c in a.citations}
    assert len(cited) == 3, cited  # the plan, the summary, the speech: one section each
    note = next(b.text for b in a.blocks if b.kind == "note")
    assert "未见专门部分" in note and "水润民心" in note  # a news page has no such part


def test_a_stage_ask_without_a_detail_clause_is_left_to_the_list_paths(tuned: Library) -> None:
    # (no time or unit asked of each stage: not the stage-list mode, still the list)
    a = tuned.ask("清廉医院建设的实施步骤有哪些")
    text = cited_text(tuned, a)
    assert "动员部署阶段" in text and "总结验收阶段" in text
