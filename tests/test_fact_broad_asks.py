"""Fact and broad questions of four kinds, on documents written for this test:

- two asks in one (…有几名党员？…办理了多少件…; …讲话的日期及…案件数量): each answered
  from its own evidence in one answer, a part with none refused alone; a document's date
  is the date it bears (the line under the title, the 落款);
- a count by a generic noun (几个单位, 多少家单位, 几个地方) the text names otherwise (9个基层
  党委): the topic words choose the sentence, the measure word the number; refused when no
  number of a compatible measure word stands there;
- a list over several units (几家单位分别是怎么部署的？按单位列一下): every matching
  document's outline by unit, never a count or a rank (单位列 holds no 位列);
- a 发文字号 as the scope (X〔2025〕3号是哪个单位发的 / 讲了什么): that document's issuer with
  the number's line cited, or its outline; a number no document bears is refused.

The tuned part (tests/data/own/fact_broad/tuned) was run while writing the fix; the
held-out part (…/heldout, other units and wordings) was written before its first run, and
the fixes its failures called for were then made — so it is tuned now too; the second
held-out part (…/heldout2, a town's documents) was written after those fixes and before
its own first run, and not adjusted after.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import answered, cited_text, open_library, refused

from rag.numbers import asked_value
from rag.question_parts import split_parts
from rag.service import Library
from rag.types import Answer

DATA = Path(__file__).parent / "data" / "own" / "fact_broad"
# (the title as read: the 版头 line above 关于… is part of it — fixed in the test after the
# held-out part's first run, where the expectation left the 版头 out)
NOTICE = "中共泊川区司法局党组关于开展“法润泊川”党员志愿服务活动的通知"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "fb-tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "fb-heldout", bundled_embedder, folders=[DATA / "heldout"]
    )


@pytest.fixture(scope="module")
def heldout2(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "fb-heldout2", bundled_embedder, folders=[DATA / "heldout2"]
    )


def _refusals(a: Answer) -> list[str]:
    return [b.text for b in a.blocks if b.kind == "refusal"]


def _titles(a: Answer) -> set[str]:
    return {c.title for c in a.citations}


# --- pure part ----------------------------------------------------------------------------


def test_split_at_a_conjunction_between_two_asks() -> None:
    assert split_parts("某局讲话的日期及2024年查处案件数量") == (
        ("某局讲话的日期", "2024年查处案件数量"),
        False,
    )
    # (和 between two nouns of one ask joins nothing)
    assert split_parts("党支部和党小组的活动安排") is None


def test_unit_list_is_no_rank() -> None:
    ask = asked_value("几家单位分别是怎么部署的？按单位列一下大项")
    assert ask is None or ask.kind not in ("rank", "count")


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("机关党支部现有几名党员？2024年办理了多少件审批业务", ["党员27名", "审批业务4386件"]),
        (
            "桐岭县交通运输局工作会议讲话的日期及2024年查处案件数量",
            ["2025年1月16日", "交通违法案件312起"],
        ),
        ("学院巡察巡了几个单位，发现多少问题", ["9个基层党委", "发现问题126个"]),
        ("学院巡察发现问题多少个，涉及几家单位", ["9个基层党委", "发现问题126个"]),
        ("学院巡察巡了多少家单位", ["9个基层党委"]),
        ("桐岭县交通运输局工作会议讲话的日期", ["2025年1月16日"]),
    ],
)
def test_tuned_fact_asks(tuned: Library, question: str, must: list[str]) -> None:
    a = answered(tuned, question, must)
    assert not _refusals(a), a.answer


@pytest.mark.slow
def test_tuned_count_with_no_compatible_measure_is_refused(tuned: Library) -> None:
    refused(tuned, "学院引进了多少家单位")  # (引进博士21人: persons, no bodies)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "今年（2025年）的党建重点任务，几家单位分别是怎么部署的？按单位列一下大项",
        "2025年几家单位的党建重点任务是怎么部署的",
    ],
)
def test_tuned_units_list_gives_each_outline(tuned: Library, question: str) -> None:
    a = answered(
        tuned, question, ["强化政治建设", "推进公立医院党建", "建强教师党员队伍", "深化作风建设"]
    )
    assert "排名" not in a.answer and "未在文档中找到" not in a.answer
    assert "抓好重点项目建设" not in a.answer  # (the work meeting's tasks never name 党建)


@pytest.mark.slow
def test_tuned_two_units_differing_is_still_a_comparison(tuned: Library) -> None:
    assert tuned.ask("2025年两家单位的党建要点有哪些不同").kind == "compare"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["桐财党〔2025〕3号 发文单位", "桐财党〔2025〕3号是哪个单位发的"]
)
def test_tuned_number_asks_issuer(tuned: Library, question: str) -> None:
    a = answered(tuned, question, ["桐财党〔2025〕3号", "中共桐岭县财政局党组"])
    assert _titles(a) == {"关于开展“清廉财政”主题教育活动的通知"}, a.answer
    assert "强化政治建设" not in a.answer  # (no outline, of this or another document)


@pytest.mark.slow
def test_tuned_number_asks_content(tuned: Library) -> None:
    a = answered(tuned, "桐财党〔2025〕3号讲了什么", ["开展廉政专题党课", "工作要求"])
    assert _titles(a) == {"关于开展“清廉财政”主题教育活动的通知"}, a.answer


@pytest.mark.slow
def test_tuned_number_no_document_bears_is_refused(tuned: Library) -> None:
    refused(tuned, "桐财党〔2025〕9号是哪个单位发的")


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("市场监管局机关党委有多少名党员以及受理投诉举报多少件", ["在册党员58名", "2931件"]),
        ("人社局工作会议讲话是哪天讲的？新增就业岗位多少个", ["2025年2月8日", "8600个"]),
        ("人社局讲话的日期和全年培训了多少人", ["2025年2月8日", "5400人"]),
        ("市场监管局作风督查查了几个地方，发现多少问题", ["4家局属事业单位", "发现问题21个"]),
        ("市场监管局督查了多少家单位", ["4家局属事业单位"]),
    ],
)
def test_heldout_fact_asks(heldout: Library, question: str, must: list[str]) -> None:
    a = answered(heldout, question, must)
    assert not _refusals(a), a.answer


@pytest.mark.slow
def test_heldout_one_part_refused_alone(heldout: Library) -> None:
    a = heldout.ask("市场监管局机关党委有多少名党员？全年罚没款多少万元")
    assert a.found, a.answer
    assert "在册党员58名" in cited_text(heldout, a)
    assert len(_refusals(a)) == 1 and _refusals(a)[0].startswith("未在文档中找到"), a.answer


@pytest.mark.slow
def test_heldout_count_with_no_compatible_measure_is_refused(heldout: Library) -> None:
    refused(heldout, "人社局调解了多少家单位")  # (调解…案件318件: cases, no bodies)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "2025年几家单位的党建工作要点分别怎么安排的？逐个单位列一下",
        pytest.param(
            "今年两家局的党建重点任务分别有哪些，按单位列出来",
            # (failed on the first run and still does: 今年 with no unit named is read by
            # today's date, not by the plans' year, and 两家局 then compares two sides)
            marks=pytest.mark.xfail(reason="今年 over units named by count only: open"),
        ),
    ],
)
def test_heldout_units_list_gives_each_outline(heldout: Library, question: str) -> None:
    a = answered(
        heldout, question, ["筑牢思想根基", "建强战斗堡垒", "强化政治引领", "锻造过硬队伍"]
    )
    assert "排名" not in a.answer and "未在文档中找到" not in a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["泊司党〔2025〕12号是谁发的", "泊司党〔2025〕12号的发文机关是哪个"]
)
def test_heldout_number_asks_issuer(heldout: Library, question: str) -> None:
    a = answered(heldout, question, ["泊司党〔2025〕12号", "中共泊川区司法局党组"])
    assert _titles(a) == {NOTICE}, a.answer
    assert "筑牢思想根基" not in a.answer


@pytest.mark.slow
def test_heldout_number_asks_content(heldout: Library) -> None:
    a = answered(heldout, "泊司党〔2025〕12号的主要内容是什么", ["进社区开展法律咨询"])
    assert _titles(a) == {NOTICE}, a.answer


@pytest.mark.slow
def test_heldout_number_no_document_bears_is_refused(heldout: Library) -> None:
    refused(heldout, "泊司党〔2025〕13号是哪个单位发的")


# --- second held-out part -----------------------------------------------------------------


def _only_notice(a: Answer) -> bool:
    titles = _titles(a)
    return len(titles) == 1 and "冬训工作的通知" in next(iter(titles))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        pytest.param(
            "雾岭镇有几个村党组织和多少名党员",
            ["村党组织12个", "党员1046名"],
            # (failed on the first run, as each part does asked alone on main: 雾岭镇 is
            # read as the department of the speech only, not also of 中共雾岭镇委员会)
            marks=pytest.mark.xfail(reason="a town and its party committee as one organ: open"),
        ),
        # (failed on the first run — 镇里 was read as content; fixed: rag.question's asking
        # words — so this case is tuned now)
        ("镇里走访了多少家企业？解决了多少问题", ["走访企业37家", "解决问题64个"]),
        (
            "经济工作会议讲话是什么时候讲的以及招商签约项目多少个",
            ["2025年2月20日", "签约项目18个"],
        ),
        ("集体经济审计审了几个地方，发现多少线索", ["7个村", "问题线索15条"]),
        ("集体经济专项审计了多少家单位", ["7个村"]),
        ("雾镇党发〔2025〕5号是哪天印发的", ["2025年1月6日"]),
    ],
)
def test_heldout2_fact_asks(heldout2: Library, question: str, must: list[str]) -> None:
    a = answered(heldout2, question, must)
    assert not _refusals(a), a.answer


@pytest.mark.slow
def test_heldout2_count_with_no_compatible_measure_is_refused(heldout2: Library) -> None:
    refused(heldout2, "镇里走访了多少名群众")  # (走访企业37家: bodies, no persons)


@pytest.mark.slow
def test_heldout2_one_part_refused_alone(heldout2: Library) -> None:
    a = heldout2.ask("镇党委有多少名党员？全年发放慰问金多少元")
    assert a.found, a.answer
    assert "党员1046名" in cited_text(heldout2, a)
    assert len(_refusals(a)) == 1, a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "2025年两个单位的党建工作分别有什么安排？按单位列一下",
        "2025年各家单位分别部署了哪些党建任务，按单位逐一列出",
    ],
)
def test_heldout2_units_list_gives_each_outline(heldout2: Library, question: str) -> None:
    a = answered(heldout2, question, ["夯实基层基础", "深化党建引领乡村振兴", "加强思想政治建设"])
    assert "排名" not in a.answer and "未在文档中找到" not in a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["雾镇党发〔2025〕5号是哪家单位印发的", "雾镇党发〔2025〕5号 落款单位"]
)
def test_heldout2_number_asks_issuer(heldout2: Library, question: str) -> None:
    a = answered(heldout2, question, ["雾镇党发〔2025〕5号", "中共雾岭镇委员会"])
    assert _only_notice(a), a.answer
    assert "夯实基层基础" not in a.answer


@pytest.mark.slow
def test_heldout2_number_asks_content(heldout2: Library) -> None:
    a = answered(heldout2, "雾镇党发〔2025〕5号主要讲了啥", ["冬训内容", "开展农业实用技术培训"])
    assert _only_notice(a), a.answer


@pytest.mark.slow
def test_heldout2_number_no_document_bears_is_refused(heldout2: Library) -> None:
    refused(heldout2, "雾镇党发〔2025〕6号是谁发的")
