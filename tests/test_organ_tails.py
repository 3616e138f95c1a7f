"""An organisation's short form followed by a party organ (市工商联党组, 区科协党支部, 市妇联机关
党委) names that organisation's department (rag/question.py ``_with_organ_tail``), and the
people's organisations (工商联, 妇联, 科协 …) are organisations whose names a document
may carry alone (rag/metadata.py ``_ORG_SUFFIXES``); one written out in one document and
short in another (中共X市工商业联合会党组, X市工商联) is one organisation
(rag/short_names.py ``industry_short``).

Before, 市工商联机关党委 was read as the 妇联's 机关党委 (its name shares 联 and 机关党委),
the organ after a short form stayed in the topic, and a document headed 云溪市新城区科协 had
no department. Invented documents (tests/data/own/organ_tails, file names saying nothing
of their unit); the tuned cases (held_out False) are what the fix was worked out on, the
held-out ones were written before it was run and are only measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.question import department_mentions
from rag.service import Library

FOLDER = Path(__file__).resolve().parent / "data" / "own" / "organ_tails"
FIC = "中共云溪市工商业联合会党组"
FIC_SHORT = "云溪市工商联"
SCI = "云溪市新城区科协"
WOMEN = "云溪市妇联机关党委"
AUDIT = "中共云溪市审计局党组"
DEPTS = [FIC, SCI, WOMEN, AUDIT]

# (question, the department named, the words naming it, held out)
MENTIONS = [
    ("市工商联机关党委今年办几期培训班", FIC, "市工商联机关党委", False),
    ("市工商联党委今年办几期培训班", FIC, "市工商联党委", False),
    ("区科协党组多久集中学习一次", SCI, "区科协党组", False),
    ("区科协党总支的计划有哪些", SCI, "区科协党总支", True),
    ("市妇联党组开展了多少场宣讲", WOMEN, "市妇联党组", True),
    ("工商联党支部推动商会党组织覆盖率达到多少", FIC, "工商联党支部", True),
    ("新城区科协机关党委组建了几支服务队", SCI, "新城区科协机关党委", True),
]


@pytest.mark.parametrize(("question", "dept", "said", "held_out"), MENTIONS)
def test_a_short_form_and_its_organ_name_the_department(
    question: str, dept: str, said: str, held_out: bool
) -> None:
    found = department_mentions(question, DEPTS)
    assert [(m.department, question[m.start : m.end]) for m in found] == [(dept, said)]


def test_an_organ_counted_is_no_part_of_the_name() -> None:
    question = "市妇联党支部有几个"
    (m,) = department_mentions(question, DEPTS)
    assert question[m.start : m.end] == "市妇联"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "organ-tails", bundled_embedder, folders=[FOLDER])


def test_a_document_headed_by_a_short_form_is_that_organisations(lib: Library) -> None:
    depts = {d.doc_id: d.meta.department for d in lib.documents}
    assert depts["sci-plan"] == SCI
    assert depts["fic-news"] == FIC_SHORT
    assert depts["fic-points"] == FIC


# (question, the document the answer cites, a phrase it holds, held out)
ASKED = [
    ("市工商联党组今年办几期培训班", "fic-points", "专题培训班2期", False),
    ("市工商联机关党委今年办几期培训班", "fic-points", "专题培训班2期", False),
    ("区科协党组多久集中学习一次", "sci-plan", "每季度开展一次集中学习", False),
    ("市工商联机关党委3月开展了什么主题党日活动", "fic-news", "重温入党誓词", False),
    ("新城区科协机关党委组建了几支志愿服务队", "sci-plan", "志愿服务队3支", True),
    ("市妇联党组开展了多少场宣讲活动", "women-summary", "宣讲活动15场", True),
    ("云溪市工商联党支部推动商会党组织覆盖率达到多少", "fic-points", "90%", True),
    ("工商联党委3月1日去了哪里开展主题党日", "fic-news", "革命纪念馆", True),
]


@pytest.mark.parametrize(("question", "doc", "evidence", "held_out"), ASKED)
def test_a_question_by_short_form_and_organ_is_answered_from_its_documents(
    lib: Library, question: str, doc: str, evidence: str, held_out: bool
) -> None:
    answer = lib.ask(question)
    assert answer.found, answer.answer
    assert evidence in cited_text(lib, answer), answer.answer
    assert answer.citations[0].doc == doc, answer.answer


def test_both_spellings_of_one_organisation_are_its_documents(lib: Library) -> None:
    answer = lib.ask("市工商联有哪些文件")
    assert "fic-points" in answer.answer or FIC in answer.answer, answer.answer
    assert FIC_SHORT in answer.answer, answer.answer
