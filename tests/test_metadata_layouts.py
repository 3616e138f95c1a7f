"""Department, date and kind read from layouts other organisations use: a speech's title
and speaker line (spaced, unspaced, dated, above the title, in Markdown emphasis), a
Markdown plan's ``# title`` and ``> date`` lines, a party organ running into the title, a
news page whose 来源 is an office of the publisher, and the shorter names of an organ."""

from __future__ import annotations

import pytest

from rag.metadata import UNKNOWN_DEPARTMENT, department_aliases, infer_meta
from rag.question import understand

SPEECH = "在全乡2025年度党建工作推进会上的讲话"
BODY = (
    "\n\n同志们：\n\n今天召开推进会，我讲三点意见。\n\n一、统一思想\n\n"
    "过去一年，全乡各村党组织扎实工作。\n"
)


@pytest.mark.parametrize(
    "head",
    [
        f"{SPEECH}\n\n白沙乡党委书记　王立新",
        f"# {SPEECH}\n\n**白沙乡党委书记 王立新**",
        f"{SPEECH}\n\n白沙乡党委书记 王立新（2025年3月2日）",
        f"{SPEECH}\n\n白沙乡党委书记王立新",
        f"白沙乡党委书记 王立新\n{SPEECH}",
    ],
)
def test_speech_department_from_speaker_line(head: str) -> None:
    m = infer_meta("s", head + BODY)
    assert m.title == SPEECH
    assert m.kind == "讲话"
    assert m.department.startswith("白沙乡")
    assert any("白沙乡党委书记" in b for b in m.department_basis)


def test_speaker_line_date_is_the_speech_date() -> None:
    m = infer_meta("s", f"{SPEECH}\n\n白沙乡党委书记 王立新（2025年3月2日）{BODY}")
    assert m.date == "2025-03-02"


def test_speech_without_speaker_reads_the_meeting_organ_from_the_title() -> None:
    text = "在远帆航运集团有限公司2025年党建工作会议上的讲话\n\n同志们：\n\n今天开会。"
    assert infer_meta("s", text).department == "远帆航运集团有限公司"
    # a scope (全市) is no organ: still unknown
    text = "在全市2025年党建工作会议上的讲话\n\n同志们：\n\n今天开会。"
    assert infer_meta("s", text).department == UNKNOWN_DEPARTMENT


@pytest.mark.parametrize(
    "title",
    [
        "# 西湖大学物理学院党委理论学习中心组2025年学习计划",
        "**西湖大学物理学院党委2025年理论学习中心组学习计划**",
    ],
)
def test_markdown_plan_title_names_its_organ(title: str) -> None:
    text = f"{title}\n\n为加强理论学习，制定本计划。\n\n## 一、学习重点\n\n内容。\n"
    m = infer_meta("p", text)
    assert m.department == "西湖大学物理学院党委"
    assert m.kind == "工作计划"
    assert not m.title.startswith(("#", "*"))


def test_title_running_on_without_a_kind_word_is_not_an_organ() -> None:
    text = "组织部门党委理论学习心得\n\n今年以来我认真学习。\n"
    assert infer_meta("p", text).department == UNKNOWN_DEPARTMENT


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("> 2025年2月24日印发", "2025-02-24"),
        ("（2025年1月20日院党委会审议通过）", "2025-01-20"),
        ("2025年3月1日发布", "2025-03-01"),
    ],
)
def test_date_line_under_a_title(line: str, date: str) -> None:
    text = f"# 中共清河县人民医院委员会2025年党建工作计划\n\n{line}\n\n现制定计划如下。\n\n一、强化政治建设\n\n内容。\n"
    m = infer_meta("p", text)
    assert m.date == date
    assert m.year == int(date[:4])


def test_issue_line_of_the_closing_record_is_not_the_date() -> None:
    text = (
        "中共清河县委组织部关于做好2024年党员发展工作的通知\n\n各党委：\n\n现将有关事项通知如下。\n\n"
        "中共清河县委组织部\n2024年3月6日\n\n清河县委组织部办公室　　2024年3月8日印发\n"
    )
    assert infer_meta("n", text).date == "2024-03-06"


NEWS = """青禾电力有限公司
首页 | 公司新闻 | 党建工作 | 信息公开
当前位置：首页 > 党建工作 > 正文

公司党委召开2025年党风廉政建设工作会议

发布时间：2025-03-04 09:10　　来源：{source}

　　3月3日，青禾电力有限公司党委召开2025年党风廉政建设工作会议，部署全年工作。

　　会议要求，一是压实责任，二是强化监督，三是严明纪律。
"""


@pytest.mark.parametrize("source", ["党群工作部", "办公室", "党委宣传部"])
def test_news_source_office_is_a_sub_unit_of_the_publisher(source: str) -> None:
    m = infer_meta("n", NEWS.format(source=source))
    assert m.department == "青禾电力有限公司党委"
    assert m.source == source
    assert m.kind == "新闻报道"


def test_news_publisher_from_the_host_footer_when_no_header() -> None:
    text = NEWS.format(source="办公室").split("\n", 1)[1]
    text = text.replace("3月3日，青禾电力有限公司党委召开", "3月3日，公司党委召开")
    m = infer_meta("n", text, removed=())
    assert m.department == "办公室"  # no publisher, no lead subject: the 来源 as before
    from rag.types import Removed

    footer = (Removed(0, 0, "主办：青禾电力有限公司　版权所有", "版权"),)
    assert (
        infer_meta("n", text + "\n主办：青禾电力有限公司\n", footer).department
        == "青禾电力有限公司"
    )


def test_news_source_that_is_an_organ_still_decides() -> None:
    text = NEWS.format(source="汉川区委组织部").replace("青禾电力有限公司\n", "汉川先锋网\n", 1)
    text = text.replace("青禾电力有限公司党委召开", "汉川区委组织部召开")
    assert infer_meta("n", text).department == "汉川区委组织部"


@pytest.mark.parametrize(
    ("dept", "alias"),
    [
        ("中共清河县人民医院委员会", "清河县人民医院党委"),
        ("中共清河县人民医院委员会", "清河县医院党委"),
        ("中共清河县人民医院委员会", "清河医院"),
        ("中共清河县中医医院委员会", "清河县中医院党委"),
        ("中共清河县第一人民医院委员会", "清河县第一医院"),
        ("国家税务总局清河县税务局", "清河县税务局"),
        ("中共清河县财政局党组", "清河县财政局党组"),
    ],
)
def test_department_aliases(dept: str, alias: str) -> None:
    assert alias in department_aliases(dept)


def test_hospital_aliases_never_drop_the_order() -> None:
    assert "清河县医院" not in department_aliases("中共清河县第一人民医院委员会")


def _metas() -> tuple[list, dict[str, str]]:
    docs = {
        "a": "中共清河县人民医院委员会2025年党建工作计划\n\n一、强化政治建设\n\n落实制度。\n",
        "b": "中共清河县委组织部关于做好党员发展工作的通知\n\n各党委：\n\n现通知如下。\n",
    }
    metas = [infer_meta(k, v) for k, v in docs.items()]
    return metas, docs


@pytest.mark.parametrize(
    "question",
    ["清河县人民医院党委今年计划有哪些任务", "清河医院党委的党建计划", "县医院党委党建计划"],
)
def test_question_naming_a_shorter_form_finds_the_hospital(question: str) -> None:
    metas, texts = _metas()
    q = understand(question, metas, texts)
    assert q.departments == ("中共清河县人民医院委员会",)
    assert q.unknown_department is None


@pytest.mark.parametrize(
    "question", ["清河县第二人民医院党委今年计划有哪些任务", "清河县妇幼保健院党委的计划"]
)
def test_other_hospital_is_still_unknown(question: str) -> None:
    metas, texts = _metas()
    q = understand(question, metas, texts)
    assert q.departments == ()
    assert q.unknown_department


@pytest.mark.parametrize(
    ("source", "department"),
    [
        ("青禾电力有限公司党群工作部", "青禾电力有限公司"),
        ("青禾电力有限公司党委办公室", "青禾电力有限公司党委"),
    ],
)
def test_news_source_office_of_a_named_company(source: str, department: str) -> None:
    text = NEWS.format(source=source).split("\n", 1)[1]  # no site header
    text = text.replace("3月3日，青禾电力有限公司党委召开", "3月3日，公司党委召开")
    m = infer_meta("n", text)
    assert m.department == department
    assert m.source == source


def test_news_source_of_a_level_committee_department_is_an_organ() -> None:
    # 区委组织部 is an organ of its own, not an office of the 区委
    text = NEWS.format(source="汉川区委组织部").split("\n", 1)[1]
    text = text.replace("3月3日，青禾电力有限公司党委召开", "3月3日，区委组织部召开")
    assert infer_meta("n", text).department == "汉川区委组织部"


@pytest.mark.parametrize(
    ("speaker", "department"),
    [
        ("白沙乡党委书记　王立新", "白沙乡党委"),
        ("西湖大学物理学院党委副书记　王立新", "西湖大学物理学院党委"),
        ("清河县财政局党组书记、局长　王立新", "清河县财政局"),
        ("县委常委、组织部部长　王立新", "县委组织部"),
    ],
)
def test_speaker_speaks_for_the_organ_of_the_post(speaker: str, department: str) -> None:
    assert infer_meta("s", f"{SPEECH}\n\n{speaker}{BODY}").department == department
