"""Unanswerable questions that look answerable, refused on the evidence, beside their
answerable lookalikes — on documents written for this test (tests/data/own/beyond_unstated):

- **an ordinal past the end**: a part of a four-part 要点 (第五部分), an attachment of a
  notice carrying two (附件3, 第三个附件), an item under a named heading with two or three
  (夯实支部基础的第三项, 活动内容（四）) are refused naming the position and what the
  document has (its parts, its attachments, the heading's items); the last one that
  exists, in any writing (第4部分, 附件二, （三）), is answered;
- **a figure the text does not give**: a headcount where the sentence counts another group
  (参训人员85人 for 读书交流参加人数, 举办一次 for 分享会参加人数), an amount only another
  document states of another thing (读书月活动投入经费 answered by a 生态环境局 要点's 党建经费),
  a count of a noun whose head the clause lacks (专题党课 answered by 专题研讨6次) are refused;
  the same questions where the text states it are answered;
- **a count the text does not state**: 几次主题党日 where the text lists activities but counts
  none is refused; 分成几个部分, 发展党员几名 are answered.

``tuned`` was developed against. ``HELD_OUT`` (other documents, other wordings) was written
before its first run: 24 of 25 held; the miss (读书交流参加人数, answered with 参训人员85人)
was then fixed and is listed under ``TUNED_AFTER``, so it no longer counts as held out.
``HELD_OUT2`` (a 卫健委's 实施方案 whose attachments are only listed, and a news report) was
written after that fix and run once: 13 of 15 held; the two misses (徒步了多少公里 and
机关有多少名党员, both answered with 60余名党员参加) were fixed after and moved to
``TUNED_AFTER2``; 附件3是什么 was answered on that run but with the list's first line
(1.任务分工表), not the third: the line naming it is quoted now, and that case is tuned too.
``HELD_OUT3`` (a court's 机关党委 summary and its rules on conduct) was written after those
fixes and run once: 17 of 18 held; the miss (党支部是哪年成立的, answered with the 机关党委's
founding year) was fixed after and moved to ``TUNED_AFTER3``.
``HELD_OUT4`` (a 团委's notice with a document number and an item ordinal in its text, and a
机关党委's summary listing forms of study it never counts) was written after that and run
once: 16 of 18 held, both misses false refusals of answerable lookalikes: 活动安排第四项是什么
was read as asking a rank (安排第 read as 排第), fixed and moved to ``TUNED_AFTER4``; and
港航管理局…发展党员几名 is scoped to the 局's 团委 alone (the 机关党委 of the same 局 left
out: department resolution, not this change), a strict xfail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import answered, open_library, refused, refused_naming

from rag.service import Library

pytestmark = pytest.mark.slow

_DATA = Path(__file__).parent / "data" / "own" / "beyond_unstated"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "bu-tuned", bundled_embedder, folders=[_DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout2(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "bu-heldout2", bundled_embedder, folders=[_DATA / "heldout2"]
    )


@pytest.fixture(scope="module")
def heldout3(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "bu-heldout3", bundled_embedder, folders=[_DATA / "heldout3"]
    )


@pytest.fixture(scope="module")
def heldout4(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "bu-heldout4", bundled_embedder, folders=[_DATA / "heldout4"]
    )


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "bu-heldout", bundled_embedder, folders=[_DATA / "heldout"]
    )


# (question, what the refusal names)
TUNED_BEYOND = [
    ("自然资源局党建工作要点第五部分讲了什么", "第五部分"),
    ("读书月活动通知附件3的内容", "附件3"),
    ("自然资源局要点夯实支部基础的第三项措施是什么", "第三项"),
    ("读书月通知活动内容（四）是什么", "（四）"),
    ("党员文明公约第六条是什么", "第六条"),
    # (other writings of the position)
    ("自然资源局要点五、讲了什么", "五、"),
    ("自然资源局要点第5部分", "第5部分"),
    ("自然资源局要点的第五个方面", "第五个方面"),
    ("读书月通知附件三", "附件三"),
    ("读书月通知第三个附件", "第三个附件"),
    ("党员文明公约第6条", "第6条"),
    ("自然资源局要点强化政治引领第四条", "第四条"),
]
# (question, a span the answer shows)
TUNED_ORDINAL_ANSWERS = [
    ("自然资源局党建工作要点第四部分讲了什么", "整治形式主义"),
    ("自然资源局要点第4部分是什么", "加强廉洁教育"),
    ("读书月活动通知附件2的内容是什么", "之江新语"),
    ("读书月通知的附件1是什么", "启动仪式"),
    ("自然资源局要点强化政治引领的第三项措施是什么", "意识形态"),
    ("自然资源局要点夯实支部基础的（二）是什么", "党费收缴"),
    ("读书月通知活动内容（三）是什么", "征文"),
    ("党员文明公约第五条是什么", "廉洁修身齐家"),
    ("自然资源局要点四、讲了什么", "整治形式主义"),
    ("读书月通知附件二", "红星照耀中国"),
    ("自然资源局要点强化政治引领第3条", "意识形态"),
]
TUNED_UNSTATED = [
    "自然资源局PM2.5浓度要降到多少",
    "测绘院党支部成立于哪一年",
    "自然资源局投入资金多少万元",
    "读书分享会参加人数多少",
    "读书月活动投入经费多少",
    "测绘院党支部全年开展了几次主题党日",
    "自然资源局全年开展专题党课多少次",
    "测绘院支部全年召开几次组织生活会",
    "第三次国土调查投入多少资金",
    "测绘院支部有几名预备党员",
    "测绘开放日活动持续几天",
    "读书月活动有多少人参加",
    "自然资源局优良天数比例要达到多少",
]
TUNED_STATED = [
    ("生态环境局PM2.5浓度要降到多少", "28微克"),
    ("生态环境局投入党建经费多少万元", "45万元"),
    ("测绘开放日参加活动党员多少人", "120余人"),
    ("测绘院党支部全年发展党员几名", "发展党员2名"),
    ("自然资源局要点分成几个部分", "强化政治引领"),
    ("测绘院党支部有多少名党员", "党员36名"),
    ("自然资源局全年开展专题研讨多少次", "专题研讨6次"),
    ("测绘院党支部有多少个党小组", "3个党小组"),
    ("测绘院党支部专题组织生活会是哪天开的", "2024年6月28日"),
    ("生态环境局优良天数比例要达到多少", "90%"),
]

HELD_OUT_BEYOND = [
    ("周立新的讲话第四点讲了什么", "第四点"),
    ("演讲比赛通知第三个附件是什么", "第三个附件"),
    ("税务局要点深化清廉税务建设的第四项是啥", "第四项"),
    ("税务局要点建强基层组织（四）", "（四）"),
    ("税务局要点第四部分是什么", "第四部分"),
]
HELD_OUT_ORDINAL_ANSWERS = [
    ("周立新的讲话第三点讲了什么", "压实主体责任"),
    ("周立新讲话第二点", "突出监督重点"),
    ("演讲比赛通知附件二是什么", "评分标准"),
    ("演讲比赛的评分标准是什么", "语言表达30分"),
    ("税务局要点深化清廉税务建设的第三项是啥", "廉政教育馆"),
    ("税务局要点建强基层组织（三）", "党员先锋岗"),
    ("税务局要点第三部分是什么", "标准化规范化"),
]
HELD_OUT_UNSTATED = [
    "第一党支部志愿服务时长多少小时",
    "第一党支部税法宣传覆盖了多少纳税人",
    "演讲比赛奖金多少元",
    "第一党支部什么时候成立的",
    "第一党支部开展了几次廉政谈话",
    "税务局党组书记开展廉政谈话多少次",
    "演讲比赛参赛人数是多少",
]
HELD_OUT_STATED = [
    ("第一党支部发放宣传资料多少份", "1200余份"),
    ("第一党支部参训人员有多少人", "参训人员85人"),
    ("税务局全年共发展党员几名", "发展党员3名"),
    ("税务局党建工作要点分为几个方面", "筑牢政治忠诚"),
    ("第一党支部有几个党小组", "2个党小组"),
]
# Held out at first, missed on the first run, fixed after: tuned now.
TUNED_AFTER = ["第一党支部读书交流参加人数"]


@pytest.mark.parametrize(("question", "name"), TUNED_BEYOND)
def test_tuned_position_past_the_end_refused(tuned: Library, question: str, name: str) -> None:
    refused_naming(tuned, question, name)


def test_refusal_shows_what_the_document_has(tuned: Library) -> None:
    """The refusal says what is there instead: the parts, the attachments, the items."""
    for question, shown in [
        ("自然资源局党建工作要点第五部分讲了什么", "共4个部分：一、强化政治引领"),
        ("读书月活动通知附件3的内容", "共2个附件：附件1 读书月活动安排表、附件2 推荐书目"),
        ("自然资源局要点夯实支部基础的第三项措施是什么", "下共2项：（一）规范组织生活"),
    ]:
        a = tuned.ask(question)
        assert not a.found and shown in a.answer, a.answer
        assert "可能相关" in a.answer, a.answer


@pytest.mark.parametrize(("question", "span"), TUNED_ORDINAL_ANSWERS)
def test_tuned_position_that_exists_answered(tuned: Library, question: str, span: str) -> None:
    answered(tuned, question, [span])


@pytest.mark.parametrize("question", TUNED_UNSTATED)
def test_tuned_unstated_figure_refused(tuned: Library, question: str) -> None:
    refused(tuned, question)


@pytest.mark.parametrize(("question", "span"), TUNED_STATED)
def test_tuned_stated_figure_answered(tuned: Library, question: str, span: str) -> None:
    answered(tuned, question, [span])


@pytest.mark.parametrize("question", TUNED_AFTER)
def test_tuned_after_headcount_of_another_group_refused(heldout: Library, question: str) -> None:
    refused(heldout, question)


@pytest.mark.parametrize(("question", "name"), HELD_OUT_BEYOND)
def test_heldout_position_past_the_end_refused(heldout: Library, question: str, name: str) -> None:
    refused_naming(heldout, question, name)


@pytest.mark.parametrize(("question", "span"), HELD_OUT_ORDINAL_ANSWERS)
def test_heldout_position_that_exists_answered(heldout: Library, question: str, span: str) -> None:
    answered(heldout, question, [span])


@pytest.mark.parametrize("question", HELD_OUT_UNSTATED)
def test_heldout_unstated_figure_refused(heldout: Library, question: str) -> None:
    refused(heldout, question)


@pytest.mark.parametrize(("question", "span"), HELD_OUT_STATED)
def test_heldout_stated_figure_answered(heldout: Library, question: str, span: str) -> None:
    answered(heldout, question, [span])


HELD_OUT2_REFUSED = [
    ("清风杏林实施方案主要任务的第五项是什么", "第五项"),
    ("清风杏林实施方案的第四部分讲什么", "第四部分"),
    ("清风杏林方案的附件4是什么", "附件4"),
    ("重走长征路主题党日活动花了多少钱", ""),
    ("清风杏林方案要建多少个廉洁文化阵地", ""),
    ("各医院一年组织几次医德医风监督", ""),
    ("县卫健委党委书记叫什么名字", ""),
]
HELD_OUT2_ANSWERED = [
    ("清风杏林实施方案主要任务的第4项是什么", "行风监督员"),
    ("清风杏林实施方案第三部分讲什么", "第一责任人"),
    ("重走长征路主题党日活动有多少党员参加", "60余名党员"),
    ("清风杏林方案评选清风医者几名", "10名"),
    ("清风杏林实施方案分为几个部分", "主要任务"),
]
# Held out at first, missed on the first run, fixed after: tuned now.
TUNED_AFTER2 = ["重走长征路活动徒步了多少公里", "卫健委机关有多少名党员"]
TUNED_AFTER2_ANSWERED = [("清风杏林方案的附件3是什么", "“清风医者”推荐表")]


@pytest.mark.parametrize(("question", "name"), HELD_OUT2_REFUSED)
def test_heldout2_refused(heldout2: Library, question: str, name: str) -> None:
    refused_naming(heldout2, question, name)


@pytest.mark.parametrize(("question", "span"), HELD_OUT2_ANSWERED)
def test_heldout2_answered(heldout2: Library, question: str, span: str) -> None:
    answered(heldout2, question, [span])


@pytest.mark.parametrize("question", TUNED_AFTER2)
def test_tuned_after_attendance_and_length_refused(heldout2: Library, question: str) -> None:
    """A count of those who took part is no count of members, nor of kilometres."""
    refused(heldout2, question)


@pytest.mark.parametrize(("question", "span"), TUNED_AFTER2_ANSWERED)
def test_tuned_after_listed_attachment_answered(
    heldout2: Library, question: str, span: str
) -> None:
    """An attachment only listed (附件：1.… 2.… 3.…) is answered with its own line."""
    answered(heldout2, question, [span])


HELD_OUT3_REFUSED = [
    ("石湾法院行为管理规定行为规范第六条是什么", "第六条"),
    ("行为管理规定的第四部分", "第四部分"),
    ("行为管理规定监督管理（三）是什么", "（三）"),
    ("石湾法院机关党委总结第五部分讲什么", "第五部分"),
    ("石湾法院机关党委全年开展了几次主题党日", ""),
    ("石湾法院青年干警业务比武有多少人参加", ""),
    ("石湾法院开展了几次红色审判史参观学习", ""),
    ("石湾法院法官讲法进社区宣讲了多少场", ""),
    ("石湾法院行为管理规定有几个附件", ""),
]
HELD_OUT3_ANSWERED = [
    ("石湾法院行为管理规定行为规范第五条是什么", "泄露审判秘密"),
    ("行为管理规定三、监督管理讲了什么", "不定期开展抽查"),
    ("行为管理规定监督管理（二）是什么", "纪检组"),
    ("石湾法院机关党委2024年开展专题学习多少次", "18次"),
    ("石湾法院机关党委是哪一年成立的", "2016年成立"),
    ("石湾法院现有党员多少名", "党员98名"),
    ("石湾法院评出办案能手几名", "5名"),
    ("石湾法院机关党委总结第4部分讲什么", "下一步工作"),
]
# Held out at first, missed on the first run, fixed after: tuned now.
TUNED_AFTER3 = ["石湾法院党支部是哪年成立的"]


@pytest.mark.parametrize(("question", "name"), HELD_OUT3_REFUSED)
def test_heldout3_refused(heldout3: Library, question: str, name: str) -> None:
    refused_naming(heldout3, question, name)


@pytest.mark.parametrize(("question", "span"), HELD_OUT3_ANSWERED)
def test_heldout3_answered(heldout3: Library, question: str, span: str) -> None:
    answered(heldout3, question, [span])


@pytest.mark.parametrize("question", TUNED_AFTER3)
def test_tuned_after_founding_of_another_body_refused(heldout3: Library, question: str) -> None:
    """The founding year of the 机关党委 is no founding year of a 党支部."""
    refused(heldout3, question)


HELD_OUT4_REFUSED = [
    "青春护航志愿服务月投入资金多少万元",
    "青春护航志愿服务月参加人数多少",
    "青春护航活动走访慰问了多少户船员家庭",
    "港航管理局机关党委全年开展了几次主题党日",
    "港航管理局2023年开展了多少次现场教学",
    "港航管理局机关有多少名党员",
    "港航管理局整改问题投入了多少资金",
    "港航管理局读书班办了几期",
    "青春护航活动安排第五项是什么",
    "青春护航通知附件2是什么",
]
HELD_OUT4_ANSWERED = [
    ("青春护航志愿服务月活动安排有几项", "清洁母亲河"),
    ("青春护航活动总结什么时候报送", "9月30日前"),
    ("港航大讲堂办了几期", "8期"),
    ("港航管理局机关有几个党支部", "7个党支部"),
    ("港航管理局梳理问题清单多少条", "21条"),
    ("港航管理局机关党委总结分成几个部分", "作风建设持续加强"),
]
# Held out at first, missed on the first run, fixed after: tuned now.
TUNED_AFTER4 = [("青春护航活动安排第四项是什么", "清洁母亲河")]


@pytest.mark.parametrize("question", HELD_OUT4_REFUSED)
def test_heldout4_refused(heldout4: Library, question: str) -> None:
    refused(heldout4, question)


@pytest.mark.parametrize(("question", "span"), HELD_OUT4_ANSWERED)
def test_heldout4_answered(heldout4: Library, question: str, span: str) -> None:
    answered(heldout4, question, [span])


@pytest.mark.parametrize(("question", "span"), TUNED_AFTER4)
def test_tuned_after_arranged_item_is_no_rank(heldout4: Library, question: str, span: str) -> None:
    """安排第四项 asks an item (安排 + 第四项), not a rank (排第)."""
    answered(heldout4, question, [span])


@pytest.mark.xfail(strict=True, reason="港航管理局 is read as the 局's 团委 only, not its 机关党委")
def test_heldout4_unit_of_two_committees_answered(heldout4: Library) -> None:
    answered(heldout4, "港航管理局全年共发展党员几名", ["发展党员4名"])
