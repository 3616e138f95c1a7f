"""Comparisons and "which department said what" on documents of other organisations
(tests/data/own/compare/tuned, written for these tests; compare/heldout is kept apart and
only reported by ``rag eval``):

- a value asked of each side (各定了多少) with one side named by its level and organ alone
  (市医院: the place dropped) gets one side per department, each quoting its own figure;
- a speech compared with a news page (讲话和那篇新闻比比看) quotes both documents;
- who proposed a 工程 at which meeting: the passage, the speech's title and its speaker
  line, cited;
- which unit set a rule: the sentence that sets it, not a task-table row on the topic;
- when each side's document was issued: each side's own date line;
- 市医院 names no hospital when two cities' hospitals share that form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library, side_texts

from rag.question import department_mentions
from rag.service import Library
from rag.types import Answer

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "data" / "own" / "compare" / "tuned"
HOSPITAL = "中共江城市人民医院委员会"
STREET = "白沙街道党工委"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "compare", bundled_embedder, folders=[CORPUS])


def _checked(lib: Library, answer: Answer) -> None:
    assert answer.found, answer.answer
    cited_text(lib, answer)


def test_a_value_per_side_with_an_abbreviated_department(lib: Library) -> None:
    a = lib.ask("2025年新创建四强党支部的目标，市医院和白沙街道各定了多少")
    _checked(lib, a)
    sides = side_texts(a)
    assert set(sides) == {HOSPITAL, STREET}, a.answer
    assert "8个" in sides[HOSPITAL] and "不少于6个" not in sides[HOSPITAL]
    assert "不少于6个" in sides[STREET] and "8个" not in sides[STREET]


def test_a_speech_and_a_news_page_are_each_a_side(lib: Library) -> None:
    a = lib.ask("局党组、机关党委、党支部各算什么主体？讲话和那篇新闻比比看")
    _checked(lib, a)
    assert a.kind == "compare"
    cited = {c.doc for c in a.citations}
    assert {"c04_water_news", "c05_water_speech"} <= cited, a.answer
    sides = list(side_texts(a).values())
    assert len(sides) == 2, a.answer  # the speech and the news page of one bureau, not every speech
    speech = [t for t in sides if "机关党委是机关党建工作的组织主体" in t]
    news = [t for t in sides if "机关党委履行具体抓党建的专责" in t]
    assert len(speech) == 1 and len(news) == 1 and speech != news, a.answer
    assert "白沙街道" not in a.answer


@pytest.mark.parametrize(
    ("question", "said", "speaker"),
    [
        ("红色物业工程是在啥场合谁提出来的", "提出实施“红色物业”工程", "白沙街道党工委书记"),
        ("“清水先锋”工程这句话是哪个领导说的在啥会上", "提出实施“清水先锋”工程", "局长　陈明"),
    ],
)
def test_who_proposed_it_where_gets_speaker_line_and_title(
    lib: Library, question: str, said: str, speaker: str
) -> None:
    a = lib.ask(question)
    _checked(lib, a)
    cited = "".join(c.text for c in a.citations)
    assert said in cited and speaker in cited, a.answer
    assert any(c.title.startswith("在") and "会议上的讲话" in c.title for c in a.citations)


def test_the_unit_setting_a_rule_is_the_sentence_not_a_table_row(lib: Library) -> None:
    a = lib.ask("哪个单位要求每个学校党组织至少培育1个特色品牌")
    _checked(lib, a)
    assert any("每个学校党组织至少培育1个特色品牌" in c.text for c in a.citations), a.answer
    assert "中共江城市教育局委员会" in a.answer


def test_each_sides_issue_date_is_its_own_date_line(lib: Library) -> None:
    a = lib.ask("市教育局和市医院的文件分别是什么时候印发的")
    _checked(lib, a)
    sides = side_texts(a)
    assert set(sides) == {"中共江城市教育局委员会", HOSPITAL}, a.answer
    assert "2025年3月10日" in sides["中共江城市教育局委员会"]
    assert "2025年2月18日" in sides[HOSPITAL]


def test_a_level_and_organ_name_shared_by_two_names_neither() -> None:
    depts = ["中共江城市人民医院委员会", "中共河口市人民医院委员会", STREET]
    found = [m.department for m in department_mentions("市医院和白沙街道比比", depts)]
    assert found == [STREET]
    found = [m.department for m in department_mentions("市医院和白沙街道比比", depts[::2])]
    assert sorted(found) == sorted([depts[0], STREET])
