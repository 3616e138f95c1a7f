"""Answers that do not depend on how the question is worded (issue 12, kinds V2–V4 of
KINDS4), on documents written for this test (a county 林业局's summary and speech, and a
town's news page):

- "how many / which places say X" with the classifier 处 (哪几处谈过, 有几处说了, 多少处提了,
  哪几个地方讲过) is a concordance: every occurrence, never one outline list, never a
  refusal for a missing number;
- the numeral 一 between 哪 and the classifier (哪一家单位, 哪一份材料, 哪一级党组织) still asks
  who; a who ask on a rule the user quotes in their own words gets the sentence and its unit;
- the close of a summary (末尾, 收尾处) asked about the time ahead (下一步, 明年) is answered from
  the summary's closing paragraph — no refusal on the position word, no other document's list
  — with the run-in list its lead sentence opens (…三件事：一是…，二是…).
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.numbers import asked_value
from rag.question import read_cues
from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "summary.txt": """柳塘县林业局2025年党建工作总结

2025年，柳塘县林业局党组坚持以党建引领生态保护，现将全年党建工作总结如下。

一、坚持学习教育，思想根基更加牢固
全年开展“第一议题”学习16次，举办“林间党课”9场。
二、建强支部堡垒，组织力持续提升
规范党支部设置，创建过硬支部3个。全面推行林长制，落实护林责任区划86个。
三、存在的不足
一是党建与护林业务结合不够紧，二是部分支部活动较为单一。

下一步，柳塘县林业局将在2026年着力做好三件事：一是打造“林间党课”品牌，二是推进过硬支部全覆盖，三是健全党建护林长效机制。

中共柳塘县林业局党组
2025年12月22日
""",
    "speech.txt": """在柳塘县林业局2025年党建工作会议上的讲话
局党组书记、局长　方明远
（2025年2月20日）

同志们：
　　下面，我讲三点意见。

第一，深化林长制，守护绿水青山
一是要压实林长责任。落实林长制巡林制度，每名林长每月巡林不少于2次。
二是要发挥党员作用。
第二，夯实支部基础，建强战斗堡垒
一是要规范组织生活。
二是要抓好党员教育。
第三，严明纪律规矩，提高党建工作的质量
一是要严守政治纪律。
二是要改进工作作风。
三是要强化监督执纪。

同志们，让我们团结一心，推动全局党建工作再上新台阶！
""",
    "news.txt": """石桥镇：“党员护林岗”守好一方青山
来源：柳塘县融媒体中心　　发布时间：2025年5月8日　　责任编辑：王敏

今年以来，中共柳塘县石桥镇委员会在全镇推行林长制，设立“党员护林岗”21个。石桥镇党委规定，村党组织会议必须每月研究一次护林防火工作，党员护林员必须每周巡山。
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "wording2-reading", bundled_embedder, DOCS)


@pytest.mark.parametrize(
    "question",
    ["哪几处谈过林长制", "林长制 有几处说了", "多少处提了林长制", "林长制这个做法，哪几个地方讲过"],
)
def test_places_counted_with_chu_ask_for_every_occurrence(question: str) -> None:
    assert read_cues(question).term, question


def test_a_count_of_places_is_no_value_ask() -> None:
    assert asked_value("林长制 有几处说了") is None
    assert asked_value("多少处提了林长制") is None
    assert asked_value("设立了多少个护林岗") is not None


@pytest.mark.parametrize(
    "question",
    [
        "护林防火每月研究一次，是哪一家单位的规定",
        "这条规定是哪一份文件里的",
        "村党组织会议每月研究护林防火，是哪一级党组织定的",
        "是哪一个部门提出的",
    ],
)
def test_yi_between_na_and_the_classifier_still_asks_who(question: str) -> None:
    assert read_cues(question).who, question


@pytest.mark.parametrize("question", ["哪几处谈过林长制", "林长制 有几处说了"])
def test_places_question_gets_every_document(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert a.kind == "term", a.answer
    text = cited_text(lib, a)
    assert len({c.doc for c in a.citations}) == 3, text
    assert "林长制" in text


def test_who_set_a_rule_asked_with_yi_names_the_unit(lib: Library) -> None:
    a = lib.ask("村党组织会议每月研究护林防火，是哪一级党组织定的")
    assert a.found, a.answer
    assert a.kind == "attribution", a.answer
    assert "必须每月研究一次护林防火工作" in cited_text(lib, a)
    assert "石桥镇" in a.answer


def test_a_quoted_paraphrase_of_a_rule_asked_who_gets_its_sentence(lib: Library) -> None:
    a = lib.ask("“村里开会要研究护林防火”是哪一家单位的要求")
    assert a.found, a.answer
    assert a.kind == "attribution", a.answer
    assert "必须每月研究一次护林防火工作" in cited_text(lib, a)


@pytest.mark.parametrize(
    "question",
    [
        "林业局总结末尾关于下一步党建工作的打算有哪些",
        "柳塘县林业局年度总结收尾处讲的明年思路是什么",
    ],
)
def test_the_close_of_a_summary_is_its_closing_paragraph(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "下一步，柳塘县林业局将在2026年" in text, text
    assert "一是打造“林间党课”品牌" in text, text  # the run-in list the lead sentence opens
    summary = next(d.doc_id for d in lib.documents if "总结" in d.meta.title)
    assert {c.doc for c in a.citations} == {summary}, text
