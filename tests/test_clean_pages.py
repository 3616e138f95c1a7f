"""Web-page chrome the cleaner takes out of a copied article (KINDS5): an editor line with
several fields on one line (（责任编辑：何川　审核：吴桐）, 编辑：A | 校对：B) is page
information like a lone 责编 line — recorded, so that the document's ``page_info`` keeps it
— while a line of prose that starts with such a word stays body text."""

from __future__ import annotations

import pytest

from rag.clean import clean_text
from rag.ingest import build_document


@pytest.mark.parametrize(
    "line",
    [
        "（责任编辑：何川　审核：吴桐）",
        "责任编辑：何川　　校对：吴桐",
        "编辑：方圆 | 校对：李四 | 终审：王五",
        "【责编：刘嘉浩】",
    ],
)
def test_an_editor_line_of_several_fields_is_page_information(line: str) -> None:
    raw = f"标题\n\n　　正文第一段，讲了一件事。\n\n{line}\n"
    cleaned = clean_text(raw)
    assert line not in cleaned.text
    assert [r.text for r in cleaned.removed] == [line]
    assert [r.reason for r in cleaned.removed] == ["责编"]
    doc = build_document("d", raw)
    assert line in doc.meta.page_info


@pytest.mark.parametrize(
    "line",
    ["审核：本单位已审核通过相关材料。", "编辑：负责稿件的采写、编辑和校对，确保内容准确"],
)
def test_a_line_of_prose_starting_with_such_a_word_stays(line: str) -> None:
    cleaned = clean_text(f"标题\n{line}\n")
    assert line in cleaned.text and not cleaned.removed
