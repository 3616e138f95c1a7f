"""List questions answered completely whatever the wording (issue 12), by kind, on
documents of other organisations (tests/data/own/tuned, tests/data/gen/corpus), in
wordings of neither question file there:

- a question naming a document and asking for its tasks, with term-like request words
  (都列出来), gets the whole outline;
- positions (第二部分, 第（三）条, 最后一部分) give that node with its subtree;
- a quoted shortened heading gives its section;
- task-table rows by the unit in their 责任单位 column;
- a question over two documents (两家) answers each with its own matching part.

Also the list recall of tests/data/own/lists-tuned.jsonl (the held-out file beside it is
reported by ``rag eval``, not pinned).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag
from doclib import answer_of

from rag.eval import aggregate, load_questions, score_answer
from rag.ingest import load_corpus

REPO = Path(__file__).resolve().parent.parent
OWN = REPO / "tests" / "data" / "own" / "tuned"
GEN = REPO / "tests" / "data" / "gen" / "corpus"
LISTS = REPO / "tests" / "data" / "own" / "lists-tuned.jsonl"

QUESTIONS = {
    "whole": (OWN, "把石桥镇基层党建计划里的任务都给我列出来，别漏了"),
    "part": (OWN, "南岭职院那份述职报告第二部分写了啥"),
    "item": (OWN, "石桥镇计划第二部分第（三）条"),
    "last": (OWN, "交通运输厅那个通知最后一部分说的什么"),
    "quoted": (OWN, "医院要点里“双带头人”那条怎么落实"),
    "rows": (OWN, "人事教育处牵头负责哪些任务"),
    "two": (GEN, "两家单位对“双带头人”各有什么安排"),
    # keywords alone: a word only one title has names the document; no cue word at all
    "terse": (OWN, "南岭 报告 不足问题"),
    "terse_rows": (OWN, "人事教育处 任务"),
    # a phrase that is a heading (保障措施) asks for that part, not the whole plan
    "heading_phrase": (OWN, "石桥镇党建计划的保障措施"),
    # a department name with one character wrong is that department; another is refused
    "typo": (OWN, "第一人名医院 要点 任务"),
    "other_org": (OWN, "市委统战部的党建要点任务"),
    # a speech named by its speaker's post and its meeting (in pieces: 党建述职 of
    # 基层党建工作述职评议会), with a reporting verb: its whole outline
    "speaker": (OWN, "县委书记在党建述职评议会讲话中谈了哪些意见"),
    "speaker_verb": (OWN, "县委书记在述职评议会上着重指出了什么"),
    # ... the whole it speaks for (全区) and a verb of saying (强调) name no part of it
    "speaker_scope": (GEN, "区委书记在全区述职评议会上讲了哪几点"),
    "speaker_said": (GEN, "书记在述职评议会上的讲话强调了哪些方面"),
    # a heading in other words: 清廉 for 廉政 (a genre synonym)
    "synonym": (OWN, "人社局清廉建设这块做了什么"),
    # no heading holds it, the part's own text does (表率): that part
    "subtree": (OWN, "县委书记讲话里关于党员当表率的那部分"),
    # a year over every document: each one's plan, whatever its heading words
    "year": (OWN, "2024年各单位的工作重点有哪些"),
    # a deadline: the sentence that sets it, not the issue date (印发) nor another
    # document's sentence (the speech is named by its speaker)
    "deadline": (OWN, "医院要点印发后各支部工作计划几号前交"),
    "deadline_speech": (GEN, "区委书记讲话里整改方案什么时候之前报"),
}

pytestmark = pytest.mark.slow


def _batch(corpus: Path, index: Path, questions: list[str]) -> list[dict[str, Any]]:
    qfile = index.parent / f"{index.name}.txt"
    qfile.write_text("\n".join(questions) + "\n", encoding="utf-8")
    proc = run_rag(
        "ask", "--batch", str(qfile), "--json", "--corpus", str(corpus), "--index", str(index)
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    lists = [q.question for q in load_questions(LISTS)]
    for corpus in (OWN, GEN):
        names = [k for k, (c, _) in QUESTIONS.items() if c == corpus]
        extra = lists if corpus == OWN else []
        index = tmp_path_factory.mktemp(corpus.name) / "index"
        lines = _batch(corpus, index, [QUESTIONS[k][1] for k in names] + extra)
        out.update(zip(names, lines, strict=False))
        if extra:
            out["_lists"] = {"lines": lines[len(names) :]}
    return out


def _items(obj: dict[str, Any]) -> list[str]:
    return [b["text"] for b in obj["blocks"] if b["kind"] == "item"]


def _has_all(obj: dict[str, Any], *parts: str) -> None:
    assert obj["found"], obj["answer"]
    for p in parts:
        assert p in obj["answer"], (p, obj["answer"])


def test_whole_outline_despite_term_words(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["whole"]
    assert obj["kind"] == "tasks"
    _has_all(obj, "抓实理论学习", "建强村级班子", "发展壮大村级集体经济", "保障措施")


def test_a_part_by_its_position(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["part"]
    _has_all(obj, "存在的问题", "党建与业务融合还不够紧密", "学生党员教育管理还需加强")
    assert "下一步工作打算" not in obj["answer"]


def test_an_item_of_a_part_by_its_marker(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["item"]
    _has_all(obj, "发展壮大村级集体经济", "盘活闲置资源", "规范集体资产管理")
    assert "建强村级班子" not in obj["answer"]


def test_the_last_part_is_the_last_numbered_part(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["last"]
    _has_all(obj, "工作要求")
    assert "创建内容" not in obj["answer"]


def test_a_quoted_shortened_heading(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["quoted"]
    _has_all(obj, "落实“双带头人”培育工程", "选优配强临床医技科室党支部书记")
    assert "严格党员教育管理" not in obj["answer"]


def test_table_rows_by_responsible_unit(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["rows"]
    assert obj["kind"] == "tasks"
    items = _items(obj)
    assert len(items) == 1 and "开展党支部书记轮训" in items[0], items


def test_two_documents_each_answer_their_part(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["two"]
    _has_all(
        obj,
        "青岚县中医院",
        "锦城职业技术学院",
        "实施“双带头人”工程",
        "双带头人”教师党支部书记培育工程",
    )


def test_keywords_alone(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["terse"]
    _has_all(obj, "存在的问题", "部分教工党支部组织生活形式较为单一")
    assert "下一步工作打算" not in obj["answer"]
    items = _items(answers["terse_rows"])
    assert len(items) == 1 and "开展党支部书记轮训" in items[0], items


def test_a_heading_named_by_its_words(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["heading_phrase"]
    _has_all(obj, "保障措施", "压实责任", "强化督查")
    assert "抓实理论学习" not in obj["answer"]


def test_a_misspelt_department_is_not_refused(answers: dict[str, dict[str, Any]]) -> None:
    _has_all(answers["typo"], "松川市第一人民医院", "加强政治建设", "强化作风建设")
    other = answers["other_org"]
    assert not other["found"] and "统战部" in other["answer"], other["answer"]


SPEECH_PARTS = ("第一，要把责任扛在肩上", "第二，要把基层组织建强", "第三，要把党员作用发挥出来")


def test_a_speech_named_by_speaker_and_meeting_gives_its_outline(
    answers: dict[str, dict[str, Any]],
) -> None:
    for key in ("speaker", "speaker_verb"):
        obj = answers[key]
        assert obj["kind"] == "tasks", (key, obj["answer"])
        _has_all(obj, *SPEECH_PARTS)
        assert "刚才，8位乡镇党委书记" not in obj["answer"]  # the opening is no part
    for key in ("speaker_scope", "speaker_said"):
        obj = answers[key]
        assert obj["kind"] == "tasks", (key, obj["answer"])
        _has_all(obj, "第一，要提高政治站位", "第二，要聚焦突出问题", "第三，要强化考核运用")
        assert "白溪镇" not in obj["answer"]


def test_a_heading_in_synonyms_gives_that_section(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["synonym"]
    _has_all(obj, "推进党风廉政建设")
    assert "强化理论武装" not in obj["answer"]


def test_a_part_whose_own_text_holds_the_question(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["subtree"]
    _has_all(obj, "第三，要把党员作用发挥出来")
    assert "要把基层组织建强" not in obj["answer"]


def test_a_year_over_every_document_gives_each_ones_plan(
    answers: dict[str, dict[str, Any]],
) -> None:
    obj = answers["year"]
    assert obj["kind"] == "tasks"
    _has_all(
        obj,
        "松川市第一人民医院",
        "加强政治建设，落实党委领导下的院长负责制",
        "中共石桥镇委员会",
        "抓实理论学习",
        "準確把握2024年機關黨建重點任務",  # a speech's part on the year's tasks
        "下一步打算",  # a summary of the year before: its forward part
        "加强干部人才队伍建设",
    )
    assert "枫林社区" not in obj["answer"]  # a news page plans nothing
    assert "主要工作" not in obj["answer"]  # nor is a summary's review a plan
    docs = {c["doc"] for c in obj["citations"]}
    assert len(docs) >= 4, docs


def test_a_deadline_question_quotes_the_limit(answers: dict[str, dict[str, Any]]) -> None:
    obj = answers["deadline"]
    _has_all(obj, "各支部于2月20日前报送年度工作计划")
    assert "二〇二四年一月二十六日" not in obj["answer"]
    obj = answers["deadline_speech"]
    _has_all(obj, "3月底前报送整改方案")
    assert "白溪镇" not in obj["answer"]


def test_own_list_questions_recall(answers: dict[str, dict[str, Any]]) -> None:
    questions = load_questions(LISTS)
    documents = {d.doc_id: d for d in load_corpus(OWN).documents}
    lines = answers["_lists"]["lines"]
    results = [
        score_answer(q, answer_of(o), documents) for q, o in zip(questions, lines, strict=True)
    ]
    m = aggregate(results, {q.id: q for q in questions})
    assert m.evidence_recall is not None and m.evidence_recall >= 0.95  # 0.98 measured
    assert m.answerable_refused == 0
    assert m.department_named is not None and m.department_named >= 0.95  # 0.98 measured
