"""How a question is read, whatever its wording (issue 12, wording kinds W1–W7, W9 of
KINDS3), on documents written for this test (a county 交通运输局's 要点 and a news page
of it, a 中共X医院委员会's summary):

- who is asked with 哪 + a classifier + an organ noun (哪座医院), a role noun (提出单位) or a
  dangling 所属单位是, or with a homophone of the question word (哪分, 那个单位的);
- a set phrase typed one character off is searched in the corpus' spelling, also when the
  slip makes a word (一线一侧) or the phrase has two characters (“领燕”);
- a year's plan called 计划 when the library holds its 要点 is answered, not refused;
- 报道 … 哪天 asks the page's date, not a deadline (报 of 报道 is no verb of sending);
- a yes/no frame inside "材料里关于X的内容" and spoken verbs (怎么提的, 拎出来) still ask
  for every occurrence;
- 中共X医院委员会 is X医院's party committee: a question naming X医院 covers its documents.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.deadline import asks_deadline
from rag.question import organ_core, read_cues
from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "points.txt": """中共青禾县交通运输局党组
关于印发《青禾县交通运输局2026年党建工作要点》的通知

局机关各党支部：
　　现将《青禾县交通运输局2026年党建工作要点》印发给你们，请认真抓好落实。

中共青禾县交通运输局党组
2026年2月9日

青禾县交通运输局2026年党建工作要点

一、加强政治建设
（一）落实“第一议题”制度，全年集中学习不少于18次。
（二）开办“路畅讲坛”，全年宣讲10场。
二、建强基层组织
（一）推行“一线一策”，每个公路养护站党支部制定1份提升方案。
（二）实施“领雁”工程，培养支部书记后备人选15名。
（三）每季度开展1次主题党日。
三、加强作风建设
（一）开展“清风交通”廉洁文化建设。
（二）精简会议文件15%以上。
""",
    "news.txt": """青禾县人民政府门户网站
首页 | 新闻中心 | 部门动态

青禾县交通运输局开展“领雁”导师结对活动

发布时间：2026-03-12　　来源：县交通运输局

　　3月11日，青禾县交通运输局举行“领雁”导师结对仪式，12名优秀支部书记与后备人选结成对子。
　　局党组书记表示，要把“一线一策”落到每个养护站。
""",
    "hospital.txt": """中共白石县人民医院委员会2025年党建工作总结

　　2025年，院党委坚持以党建引领医院高质量发展，现将全年工作总结如下。

一、强化理论武装
（一）院党委全年开展第一议题学习22次。
二、建强支部堡垒
（一）打造“杏林先锋”党员服务队，下乡义诊56场。
（二）规范“三会一课”，各党支部每月开展主题党日。

中共白石县人民医院委员会
2025年12月30日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "wording-reading", bundled_embedder, DOCS)


@pytest.mark.parametrize(
    "question",
    [
        "“路畅讲坛”是哪座机关开办的",
        "“路畅讲坛” 提出单位",
        "“杏林先锋”服务队的所属单位是",
        "“清风交通”是哪分文件提的",
        "“杏林先锋”是那个单位的？",
    ],
)
def test_who_is_read_from_any_question_word(question: str) -> None:
    assert read_cues(question).who, question


def test_a_list_word_inside_a_quoted_name_asks_no_list() -> None:
    assert not read_cues("“领雁计划” 提出单位").list
    assert read_cues("“领雁计划”有哪些举措").list


def test_a_closing_that_with_another_question_word_stays_that() -> None:
    assert not read_cues("那个单位的做法是什么").who


@pytest.mark.parametrize(
    "question",
    [
        "第一议题各份材料里都是怎么提的",
        "把第一议题的写法都拎出来",
        "材料里是不是有关于第一议题的内容",
    ],
)
def test_spoken_and_yes_no_requests_for_every_occurrence_are_term_asks(question: str) -> None:
    assert read_cues(question).term, question


def test_a_report_asked_when_is_no_deadline() -> None:
    assert not asks_deadline("交通运输局那篇报道哪天发的")
    assert not asks_deadline("那份简报什么时候印发的")
    assert asks_deadline("回执哪天前报送")
    assert asks_deadline("材料啥时候交")


def test_a_hospitals_party_committee_is_of_the_hospital() -> None:
    assert organ_core("中共白石县人民医院委员会") == "白石县人民医院"
    assert organ_core("中共白石县委员会") == "白石县委员会"  # a county's committee stays


def test_a_hospital_named_covers_its_party_committees_summary(lib: Library) -> None:
    a = lib.ask("白石县人民医院义诊搞了多少场")
    assert a.found, a.answer
    assert "56场" in cited_text(lib, a)


def test_who_asked_with_an_organ_noun_is_answered_not_refused(lib: Library) -> None:
    a = lib.ask("“杏林先锋”服务队是哪座医院打造的，义诊多少场")
    assert a.found, a.answer
    assert "56场" in cited_text(lib, a)
    assert "白石县人民医院" in a.answer


def test_a_word_forming_slip_in_a_set_phrase_is_searched_as_written(lib: Library) -> None:
    a = lib.ask("“一线一侧”在哪几处出现")
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "推行“一线一策”" in text and "落到每个养护站" in text
    assert "一线一策" in a.answer and "一线一侧" in a.answer  # the note says what was read


def test_a_two_character_quoted_slip_is_searched_as_written(lib: Library) -> None:
    a = lib.ask("“领燕”都在哪些材料里提到")
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "实施“领雁”工程" in text and "导师结对仪式" in text


def test_a_years_plan_called_by_its_sibling_kind_is_answered(lib: Library) -> None:
    a = lib.ask("青禾县交通运输局2026年党建计划，基层组织这块安排了啥")
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "推行“一线一策”" in text and "实施“领雁”工程" in text


def test_a_year_no_document_is_of_is_still_refused(lib: Library) -> None:
    a = lib.ask("青禾县交通运输局2025年党建工作计划有哪些任务")
    assert not a.found, a.answer


def test_a_reports_day_is_the_pages_date(lib: Library) -> None:
    a = lib.ask("交通运输局那篇报道哪天发的，来源是哪")
    assert a.found, a.answer
    assert "2026-03-12" in cited_text(lib, a)


def test_a_yes_no_framed_request_gets_every_occurrence(lib: Library) -> None:
    a = lib.ask("材料里有没有不少关于主题党日的内容？都有哪些")
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "每季度开展1次主题党日" in text and "每月开展主题党日" in text


def test_a_count_of_an_act_asked_with_yigong_is_the_sentences_count(lib: Library) -> None:
    # (一共 before the act — 一共义诊了 — asks the act's count, not a stock summed up)
    a = lib.ask("“杏林先锋”服务队是哪座医院的，一共义诊了多少场")
    assert a.found, a.answer
    assert "56场" in cited_text(lib, a)
