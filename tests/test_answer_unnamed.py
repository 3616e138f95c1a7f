"""An answer never names 未注明单位 as a department (invented documents)."""

from __future__ import annotations

from conftest import make_document

from rag.answer_unnamed import UNWRITTEN, without_unknown_label
from rag.metadata import UNKNOWN_DEPARTMENT
from rag.render import markdown
from rag.types import Answer, AnswerBlock

DOCS = {
    "s": make_document(
        "s", "同志们：我们要强化担当。", department=UNKNOWN_DEPARTMENT, title="在全区会议上的讲话"
    ),
    "p": make_document("p", "一、学习。", department="北河县档案馆党支部"),
}


def _answer(*blocks: AnswerBlock) -> Answer:
    return Answer("q", "tasks", True, markdown(blocks), (), blocks=blocks)


def test_tuned_header_names_title_not_label() -> None:
    ans = without_unknown_label(
        _answer(AnswerBlock("header", UNKNOWN_DEPARTMENT, doc="s", label=UNKNOWN_DEPARTMENT)),
        DOCS,
    )
    assert UNKNOWN_DEPARTMENT not in ans.answer
    assert UNWRITTEN in ans.answer and "《在全区会议上的讲话》" in ans.answer


def test_held_out_refusal_list_drops_label() -> None:
    note = f"文档库中有以下单位的文档：北河县档案馆党支部、{UNKNOWN_DEPARTMENT}。"
    ans = without_unknown_label(_answer(AnswerBlock("refusal", note)), DOCS)
    assert ans.blocks[0].text == "文档库中有以下单位的文档：北河县档案馆党支部。"


def test_control_named_department_unchanged() -> None:
    before = _answer(
        AnswerBlock("header", "北河县档案馆党支部", doc="p", label="北河县档案馆党支部")
    )
    assert without_unknown_label(before, DOCS) is before
