"""Answers on documents of other organisations (tests/data/gen/corpus), asked in wordings
of neither question file there: the behaviours issue 12's second round adds, by category.

- a question naming a document and nothing beyond its scope gets the whole outline;
- words the corpus lacks (colloquial verbs, 大标题) do not cause a refusal;
- 明年 counts from the document's year (a 2022 summary's 展望2023年 part);
- a year/kind the named documents do not have is refused;
- a document's 成文日期 answers when it was issued.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "gen" / "corpus"

QUESTIONS = {
    "whole": "青岚县中医院那份要点 全部任务给我列一遍",
    "titles": "中医院的要点有几个大标题",
    "colloquial": "白溪镇推进会上布置了哪几样活儿",
    "next_year": "锦城职业技术学院来年准备怎么干",
    "wrong_year": "锦城职业技术学院2020年党建工作总结",
    "wrong_kind": "青岚县中医院2021年工作总结里的成效",
    "issued": "中医院要点的成文日期是哪天",
    "speech": "区委书记述职评议会讲话的几点要求",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    qfile = tmp_path_factory.mktemp("q") / "q.txt"
    qfile.write_text("\n".join(QUESTIONS.values()) + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("gen-index")
    proc = run_rag(
        "ask", "--batch", str(qfile), "--json", "--corpus", str(CORPUS), "--index", str(index)
    )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line]
    return dict(zip(QUESTIONS, lines, strict=True))


def _texts(obj: dict[str, Any], kind: str) -> list[str]:
    return [b["text"] for b in obj["blocks"] if b["kind"] == kind]


def _top_parts(obj: dict[str, Any]) -> list[str]:
    return [b["text"] for b in obj["blocks"] if b["kind"] == "item" and b["level"] == 0]


HOSPITAL_PARTS = ("强化政治引领", "建强支部堡垒", "促进党业融合", "严明纪律规矩")


def test_scope_only_questions_get_the_whole_outline(answers: dict[str, dict[str, Any]]) -> None:
    for name in ("whole", "titles"):
        obj = answers[name]
        assert obj["found"] and obj["kind"] == "tasks", (name, obj["answer"])
        parts = _top_parts(obj)
        for part in HOSPITAL_PARTS:
            assert any(part in p for p in parts), (name, part, parts)


def test_words_the_corpus_lacks_do_not_refuse(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["colloquial"]
    assert obj["found"], obj["answer"]
    for task in ("抓班子强队伍", "抓阵地强服务", "抓产业强集体", "抓治理强网格"):
        assert task in obj["answer"]


def test_next_year_counts_from_the_documents_year(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["next_year"]
    assert obj["found"], obj["answer"]
    assert "产教融合党建共建" in obj["answer"]  # an item of 四、展望2023年工作
    assert "发展学生党员132名" not in obj["answer"]  # not the 2022 work summarised


def test_a_year_or_kind_no_named_document_has_is_refused(
    answers: dict[str, dict[str, Any]],
) -> None:
    for name in ("wrong_year", "wrong_kind"):
        obj = answers[name]
        assert not obj["found"], (name, obj["answer"])
        assert any(t.startswith("未在文档中找到") for t in _texts(obj, "refusal"))


def test_issue_date_from_the_signature_line(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["issued"]
    assert obj["found"] and "二〇二三年二月十日" in obj["answer"], obj["answer"]


def test_speech_named_by_its_speaker_and_meeting(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["speech"]
    assert obj["found"] and obj["kind"] == "tasks", obj["answer"]
    for point in ("提高政治站位", "聚焦突出问题", "强化考核运用"):
        assert point in obj["answer"]
