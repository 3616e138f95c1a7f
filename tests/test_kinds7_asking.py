"""Words of asking never decide a refusal (KINDS7 Z1–Z4, Z6), over the invented documents
of ``tests/data/own/kinds7z/tuned`` (a 粮食和物资储备局 要点 with numbered formulas, a 法院
summary, a 图书馆 news page), through the real library. Its held-out part
(``kinds7z/heldout``: a 水利局 要点 and a 交通运输局 speech, other wordings) is measured by
``rag eval --questions tests/data/own/kinds7z/heldout.jsonl --corpus
tests/data/own/kinds7z/heldout``, never here.

- a numbered formula asked "which are they" (四个到位具体指的是哪些方面) asks the enumeration
  before it, no withheld list; a counted set of people the text only counts still refuses;
- hedges and "each one" adverbs (分别, 各指, 是不是, 指的) are words of the asking;
- the asker's purpose clause (我们单位想学习一下X的经验，…) is no topic;
- "X相关内容 / X有关情况" is a concordance of X;
- 怎么办 is no organisation, 谁发的 no pointer back;
- a count's noun ends at a space and is never the organisation typed after it (Z5).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import cited_text, open_library

from rag.followup import points_back
from rag.numbers import asked_value
from rag.question import _org_tokens, _purpose_spans, asking_word, read_cues
from rag.service import Library
from rag.value_match import counted_thing, holds_asked
from rag.withheld import identity_noun, names_given

TUNED = Path(__file__).resolve().parent / "data" / "own" / "kinds7z" / "tuned"

# --- pure parts ---------------------------------------------------------------------


def test_a_numbered_formula_is_no_counted_set() -> None:
    # words of asking between the noun and the ask are no part of the noun
    assert identity_noun("两个维护具体指的是哪几个") == "维护"
    assert identity_noun("3个示范点具体指的是哪几个") == "示范点"
    # the ask names parts of a text (方面, 部分): no members
    assert identity_noun("四个到位具体指的是哪些方面") == ""
    assert identity_noun("三个机制分别是哪些方面") == ""
    # controls: sets of people or bodies
    assert identity_noun("这8名教师都是谁") == "教师"
    assert identity_noun("4个示范点是哪几个") == "示范点"
    # the set named before its count, and an asking word is never the noun
    assert identity_noun("廉洁从业标兵8名都是谁") == "廉洁从业标兵"
    assert identity_noun("党支部5个分别是哪几个") == "党支部"
    assert identity_noun("重点任务3项是哪些") == ""  # items of a text, no members


def test_an_enumeration_before_a_quoted_formula() -> None:
    assert names_given("到位", "坚持学习、宣传、落实、督查“四个到位”。")
    assert names_given("责任", "严格落实主体责任、监督责任「两个责任」")
    assert not names_given("教师", "评选优秀教师8名。")
    assert not names_given("督导组", "成立党建督导组3个，成员名单另发。")


def test_hedges_are_words_of_the_asking() -> None:
    for w in ("分别", "各指", "是不是", "指的", "是否", "究竟"):
        assert asking_word(w), w
    for w in ("分别召开", "指导", "是非"):
        assert not asking_word(w), w


def test_the_askers_purpose_is_no_topic() -> None:
    def blanked(q: str) -> str:
        chars = list(q)
        for a, b in _purpose_spans(q):
            chars[a:b] = "□" * (b - a)
        return "".join(chars)

    assert blanked("我们单位想学习一下图书馆书记讲堂的经验，麻烦看看") == (
        "□□□□□□□□□图书馆书记讲堂□□□，麻烦看看"
    )
    # the ask itself is never blanked: the last clause carries it
    assert blanked("我想了解书记讲堂的经验") == "我想了解书记讲堂的经验"
    assert blanked("书记讲堂有哪些经验，我们想学习") == "书记讲堂有哪些经验，我们想学习"


def test_related_content_of_a_phrase_is_a_concordance() -> None:
    assert read_cues("支部书记抓党建述职评议相关内容").term
    assert read_cues("年轻干部蹲苗培养有关情况？").term
    assert not read_cues("审计局要点的主要内容").term


def test_asking_words_are_no_organisation_and_no_pointer() -> None:
    assert _org_tokens("这事具体怎么办") == []
    assert not points_back("“三联”是哪三联，谁发的文")
    assert points_back("这个谁发的")


def test_the_counted_noun_of_a_keyword_question() -> None:
    # the organisation typed last is no counted thing
    assert counted_thing("结对帮扶村 多少个 粮储局") != "粮储局"
    q = "结对帮扶村 多少个 粮储局"
    ask = asked_value(q)
    assert ask is not None
    assert holds_asked(ask, q, "局机关党支部与12个村结对帮扶。")
    # controls: the noun after the count, a space inside the ask
    assert counted_thing("多少个村 结对") == "村"
    assert counted_thing("多少 名党员") == "党员"
    assert counted_thing("审计局有多少个支部") == "支部"


# --- through the library --------------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "kinds7z", bundled_embedder, folders=[TUNED])


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # Z1: the enumeration right before the quoted formula
        ("四个到位具体指的是哪些方面", ["坚持学习、宣传、落实、督查“四个到位”"]),
        # Z2: a hedge in a list question
        ("粮储局要点里强基固本是不是有三条", ["规范支部设置", "建设党员活动阵地"]),
        # Z4: every place of the phrase, not the one document sharing a title word
        (
            "支部书记抓党建述职评议相关内容",
            ["开展支部书记抓党建述职评议", "年底开展支部书记抓党建述职评议"],
        ),
        # Z3: the purpose clause is no topic: the news page's parts
        (
            "我们单位想学习一下图书馆书记讲堂的经验，麻烦看看那篇报道讲了哪几方面",
            ["讲堂每月举办一期", "讲堂开展情况作为重要内容"],
        ),
        # Z6a: 怎么办 is no unknown organisation
        ("“书记讲堂”是哪家单位办的，具体怎么办", ["青禾县图书馆党支部开办“书记讲堂”"]),
        # Z5: the organisation typed after the count
        ("结对帮扶村 多少个 粮储局", ["局机关党支部与12个村结对帮扶"]),
    ],
)
def test_answered(lib: Library, question: str, evidence: list[str]) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for e in evidence:
        assert e in text, e


@pytest.mark.parametrize(
    "question",
    [
        "这8名廉洁从业标兵都是谁",  # counted, never named
        "廉洁从业标兵8名都是谁",
        "党建督导组成员都有谁",  # 成员名单另发
    ],
)
def test_still_refused(lib: Library, question: str) -> None:
    assert not lib.ask(question).found


def test_a_pointer_with_no_history_is_still_an_orphan(lib: Library) -> None:
    ans = lib.ask("这个谁发的")
    assert not ans.found
    assert "上一个问题" in ans.answer
