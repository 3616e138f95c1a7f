"""Bare keyword strings and term requests (``rag.bare_keyword``, ``rag.sound_slip``) — on
documents written for this test (an 农业农村局's 要点, its 总结, two news pages, a 通知).

- a term asked where it stands typed with a character of the same sound: a coined
  two-character name the documents quote (“青禾” typed 青荷), a phrase whose slip makes a
  word of its own, even a document kind (回村报到 typed 回村报道): read in the corpus'
  spelling, the answer says so, every occurrence listed;
- a term no text holds, exactly, by its sound or nearly: refused, the nearest passages
  under 可能相关;
- a final noun of an amount (补助标准, 经费, 金额) asks a value the evidence must state;
- 条目 asks a list; X 在哪些文件 咋规定的 asks X's occurrences, 规定/要求 no topic of
  their own.

The tuned part was looked at while writing the fix; the held-out part was written before
it was first run and not adjusted after.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.bare_keyword import ask_frame_spans, bare_keyword, kind_word_in_term, term_strings
from rag.numbers import asked_value
from rag.service import Library
from rag.sound_slip import sound_fixes
from rag.typo import Fix

DOCS = {
    "a_yaodian.txt": """中共云岭市农业农村局机关委员会
2025年机关党建工作要点

2025年，局机关党建工作以高质量党建引领农业农村现代化，现提出如下要点。

一、坚持理论武装，筑牢思想根基
1.落实“第一议题”制度。局党组会议第一议题学习习近平总书记重要讲话精神，全年不少于20次。
2.开展“青禾”学堂。组织35岁以下青年干部每月开展一次“青禾”学堂交流，全年不少于10期。
3.办好农家书屋。推动全市农家书屋图书更新，每个书屋新增图书不少于200册。

二、聚焦强村富民，建强基层堡垒
1.深化村党组织结对共建。局属各党支部与12个行政村党组织结对，每季度开展一次联建活动。
2.推行党员先锋指数管理。对机关党员履职情况按月记分，年底评定先锋指数等次。
3.组织在职党员回村报到。机关党员每半年到结对村报到一次，认领服务岗位。
4.保障村级党群服务中心运转。运转经费补助标准为每村每年2万元。

三、严明纪律规矩，涵养清朗作风
1.开展廉政提醒谈话。节假日前对重点岗位人员开展提醒谈话。
2.整治形式主义。精简会议文件，会议数量比上年减少10%。
四、深化书香机关建设，营造浓厚学习氛围
1.建好机关读书角。每个党支部设立读书角，配备党史图书。
2.开展读书分享会。每季度举办一次读书分享会。

中共云岭市农业农村局机关委员会
2025年2月10日
""",
    "b_zongjie.txt": """云岭市农业农村局2024年党建工作总结

一年来，局党组坚持抓党建促业务，党建各项工作取得新成效。现总结如下。

一、理论学习持续深化
全年开展局党组理论学习中心组学习14次。“青禾”学堂全年开展12期，青年干部参与率达95%。书香机关建设扎实推进，建成读书角9个。

二、基层组织不断夯实
围绕强村富民目标，全局9个党支部全部完成标准化规范化建设。党员先锋指数管理在3个支部试点，评出先锋党员27名。在职党员回村报到186人次，认领服务岗位64个。

三、存在的问题
一是理论学习与业务结合不够紧密；二是个别支部组织生活形式单一。

四、下一步打算
深化“青禾”品牌建设，推动党员先锋指数管理全覆盖。

云岭市农业农村局党组
2024年12月28日
""",
    "c_news1.txt": """云岭市农业农村局门户网站
当前位置：首页 > 工作动态

局机关青年干部赴石门村开展志愿服务

发布时间：2025-03-15　来源：局机关党委

3月14日，局机关团支部组织20名青年干部赴石门村开展志愿服务活动，帮助村民整理农家书屋图书，讲解农业技术。活动中，青年干部与村“两委”干部座谈交流。

（责任编辑：李某）
""",
    "d_news2.txt": """云岭市农业农村局门户网站
当前位置：首页 > 工作动态

局党组书记到联系村调研基层党建工作

发布时间：2025-04-02　来源：办公室

4月1日，局党组书记一行到联系点东坪村调研基层党建工作，实地察看村级活动阵地和社区健身器材配备情况，听取村党支部工作汇报。调研中指出，要紧扣强村富民，要持续推进村党组织结对共建。

（责任编辑：王某）
""",
    "e_tongzhi.txt": """中共云岭市农业农村局机关委员会
关于开展2025年度党员教育培训的通知

各党支部：
为加强党员队伍建设，经研究，决定开展2025年度党员教育培训。现将有关事项通知如下。

一、培训对象
局机关全体党员。

二、培训内容
学习党章党规党纪，学习农业农村政策。

三、工作要求
各党支部要高度重视，按时组织党员参训，不得无故缺席。培训结束后，各支部于6月30日前报送培训总结。

中共云岭市农业农村局机关委员会
2025年3月1日
""",
}


# --- pure functions -----------------------------------------------------------------------

TEXT = "开展“晨帆”读书会。推行回村报到制度，在职党员回村报到。开展晨帆行动。\n另有朝阳讲堂。"


@pytest.mark.parametrize(
    ("question", "keyword"),
    [
        ("晨帆 出现在哪", "晨帆"),
        ("晨帆 都在啥地方提到", "晨帆"),
        ("回村报到 出处", "回村报到"),
        ("回村报到的出处", "回村报到"),
        ("第一议题在哪几处提到", "第一议题"),
        ("在职党员回村报到出现在哪", "在职党员回村报到"),
        ("哪些文件提到了第一议题", "第一议题"),
        ("支部联学 在哪些文件 咋规定的", "支部联学"),
        ("□□□□□ 晨帆 出现在哪", "晨帆"),
        # two phrases, or no where asked: no bare keyword string
        ("税务局 晨帆 出现在哪", None),
        ("晨帆读书会开展了几次", None),
        ("局机关 农家书屋 补助标准", None),
    ],
)
def test_bare_keyword(question: str, keyword: str | None) -> None:
    assert bare_keyword(question) == keyword


def test_term_strings_only_where_a_place_is_asked() -> None:
    q = "税务局 晨帆 出现在哪"
    assert [q[a:b] for a, b in term_strings(q)] == ["税务局", "晨帆"]
    assert term_strings("晨帆读书会怎么开展") == []


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("支部联学 在哪些文件 咋规定的", ["在哪些文件", "咋规定的"]),
        ("支部联学在哪些材料里有什么要求", ["在哪些材料里", "有什么要求"]),
        ("支部联学 哪些文件有规定", ["哪些文件", "有规定"]),
        # (有 before which-documents belongs to the ask: no 支部联学有 to read)
        ("支部联学有哪些文件 咋规定的", ["有哪些文件", "咋规定的"]),
        # the notice's requirements, with no which-documents: a topic of its own
        ("培训通知有什么要求", []),
        ("支部联学在哪些文件出现", []),
    ],
)
def test_ask_frame_spans(question: str, frame: list[str]) -> None:
    assert [question[a:b] for a, b in ask_frame_spans(question)] == frame


@pytest.mark.parametrize(
    ("question", "fixes"),
    [
        # a quoted two-character name typed with a character of its sound
        ("晨凡 出现在哪", [Fix("晨凡", "晨帆")]),
        # a slip making a word of its own (报道), four characters: no quote needed
        ("回村报道 出处", [Fix("回村报道", "回村报到")]),
        ("在职党员回村报道出现在哪", [Fix("在职党员回村报道", "在职党员回村报到")]),
        # as the corpus writes it, or no where asked, or another sound: unchanged
        ("晨帆 出现在哪", []),
        ("晨凡读书会开了几次", []),
        ("晨船 出现在哪", []),
        # an unquoted two-character word is too short to read by its sound
        ("朝杨 出现在哪", []),
    ],
)
def test_sound_fixes(question: str, fixes: list[Fix]) -> None:
    quoted = {"晨帆"}
    out, got = sound_fixes(question, TEXT, (), quoted)
    assert list(got) == fixes
    for f in fixes:
        assert f.meant in out and f.typed not in out


def test_two_forms_alike_are_no_reading() -> None:
    text = "推行回村报到制度。推行回村报导制度。"
    assert sound_fixes("回村报道 出处", text)[1] == ()


def test_a_changed_function_character_is_no_slip() -> None:
    # (和 typed for 禾 is a function character: the question may mean it)
    assert sound_fixes("晨和 出现在哪", "开展“晨禾”读书会。", (), {"晨禾"})[1] == ()


def test_a_kind_word_ending_a_held_phrase_is_the_phrase_s() -> None:
    held = "组织在职党员回村报到。局机关青年干部志愿服务。"
    assert kind_word_in_term("回村报到 在哪些文件", held) is False  # (no kind word)
    assert kind_word_in_term("志愿服务报道 在哪些文件", held) is False  # (not held)
    assert kind_word_in_term("志愿服务报道 在哪些文件", held + "志愿服务报道") is True
    assert kind_word_in_term("报道 在哪些文件", held + "报道") is False  # (the kind alone)


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("局机关 农家书屋 补助标准", True),
        ("社区健身器材 补助标准？", True),
        ("农家书屋 经费", True),
        ("书屋建设 预算", True),
        ("考核标准", False),
        ("评选标准是什么", False),
    ],
)
def test_a_final_amount_noun_asks_an_amount(question: str, money: bool) -> None:
    ask = asked_value(question)
    assert (ask is not None and ask.kind == "money") == money


# --- answers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "barekw", bundled_embedder, DOCS)


def _found(lib: Library, question: str) -> tuple[Any, str]:
    a = lib.ask(question)
    assert a.found, a.answer
    return a, cited_text(lib, a)


TERM_CASES = [
    # (question, note of the reading or "", term, documents citing it, held_out)
    ("青荷 都在啥地方提到", "按“青禾”查找（问题中写作“青荷”）", "青禾", 2, False),
    ("回村报道 出处", "按“回村报到”查找（问题中写作“回村报道”）", "回村报到", 2, False),
    ("在职党员回村报道出现在哪", "问题中写作“在职党员回村报道”", "回村报到", 2, False),
    ("读书角 在哪些文件 怎么写的", "", "读书角", 2, False),
    ("回村报道 在哪些文件", "按“回村报到”查找", "回村报到", 2, False),
    ("读书角都有哪些文件 规定是什么", "", "读书角", 2, False),
    ("青河 在哪儿提到过", "按“青禾”查找（问题中写作“青河”）", "青禾", 2, True),
    ("在职党员回村报道 在哪些文件 咋规定的", "问题中写作", "回村报到", 2, True),
    ("提醒谈话 在哪些材料里 有什么要求", "", "提醒谈话", 1, True),
    ("结对共建 哪些文件有规定 咋规定的", "", "结对共建", 2, True),
    ("读书角 出处", "", "读书角", 2, True),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "note", "term", "docs", "held_out"),
    TERM_CASES,
    ids=[c[0] for c in TERM_CASES],
)
def test_term_requests(
    lib: Library, question: str, note: str, term: str, docs: int, held_out: bool
) -> None:
    a, text = _found(lib, question)
    assert a.kind in ("term", "attribution"), a.answer
    if note:
        assert note in a.answer
    else:
        assert "查找（问题中写作" not in a.answer
    assert "工作要求" not in text  # (the notice's heading is no answer to 咋规定的)
    held = {c.doc for c in a.citations if term in c.text}
    assert len(held) == docs, a.answer
    # every occurrence listed
    occurrences = sum(t.count(term) for t in DOCS.values())
    assert f"共出现 {occurrences} 次" in a.answer or f"{occurrences} 次" in a.answer


REFUSED = [
    ("先锋岗 出现在哪", "“先锋岗”", False),
    ("局机关 农家书屋 补助标准", "", False),
    ("红帆驿站 都在什么地方提到", "红帆", True),
    ("农家书屋 补助金额", "", True),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "named", "held_out"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused(lib: Library, question: str, named: str, held_out: bool) -> None:
    a = lib.ask(question)
    assert not a.found, a.answer
    assert a.answer.startswith("未在文档中找到"), a.answer
    assert named in a.answer


AMOUNTS = [
    ("党群服务中心 运转经费 补助标准", "2万元", True),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "value", "held_out"), AMOUNTS, ids=[c[0] for c in AMOUNTS])
def test_amount_stated_is_answered(lib: Library, question: str, value: str, held_out: bool) -> None:
    _, text = _found(lib, question)
    assert value in text


LISTS = [
    ("要点里强村富民 条目", "二、聚焦强村富民", ["回村报到", "结对共建"], False),
    ("培训通知有什么要求", "", ["不得无故缺席"], False),
    ("要点里清朗作风那几条 清单", "三、严明纪律规矩", ["提醒谈话", "整治形式主义"], True),
    ("书香机关 条目", "四、深化书香机关建设", ["读书角", "读书分享会"], True),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "heading", "items", "held_out"), LISTS, ids=[c[0] for c in LISTS]
)
def test_list_nouns(
    lib: Library, question: str, heading: str, items: list[str], held_out: bool
) -> None:
    a, text = _found(lib, question)
    assert a.kind == "tasks", a.answer
    assert heading in text
    for item in items:
        assert item in text
