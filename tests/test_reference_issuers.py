"""An organ a text names only in a passing reference is no issuer (KINDS22 K1b).

按照X……会议精神, 根据X……要求, X印发的《……》: the document follows or cites X, and nothing
in it is X's own. A question asking X's content as if X had issued it is refused by X's
name, the citing unit's passages at most 可能相关 under their own department. Answerable
controls: the citing unit itself, by its short name and as its 党组 / 机关党委.

Tuned part: a 青石市水务局 notice (written for this test). Held-out part: a 云溪县人力资源
和社会保障局 要点 and a 云溪县卫生健康局 总结, written before the code was run on them.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered_showing, open_library, refused_naming

from rag.references import without_references
from rag.service import Library

# --- pure part ------------------------------------------------------------------------


def test_a_followed_meeting_or_cited_document_is_cut() -> None:
    t = "按照某省厅全省工作会议精神，现通知如下。"
    assert "某省厅" not in without_references(t)
    assert "现通知如下" in without_references(t)
    t = "结合区委宣传部印发的《关于加强阵地建设的意见》，制定本方案。"
    assert "区委宣传部" not in without_references(t)
    assert "制定本方案" in without_references(t)


def test_an_organ_doing_the_work_is_kept() -> None:
    t = "县财政局、县教育局等单位党组织要开展“党建+”项目。"
    assert without_references(t) == t


# --- tuned ------------------------------------------------------------------------------

TUNED = {
    "water.txt": """青石市水务局文件

青水党〔2024〕5号

关于深化“河长制+党建”工作的通知

局属各单位：
　　按照省水利厅全省水利安全生产工作会议精神，结合市委组织部印发的《关于推进党建引领基层治理的意见》，现就深化“河长制+党建”工作通知如下。
　　一、每个河段设立党员先锋岗，河段长由党员干部担任。
　　二、每月开展一次巡河主题党日活动，全年巡河不少于12次。
　　三、年底前建成“红色河道”示范段5个。

青石市水务局
2024年3月6日

抄送：青石市直机关工委，省水利厅。
""",
    "archive.txt": """青石市档案局2024年党建工作要点

一、加强政治建设，落实“第一议题”制度，每月开展集中学习。
二、推进“档案+党建”品牌建设，年底前完成红色档案数字化3000卷。

青石市档案局
2024年1月15日
""",
}

# --- held-out -------------------------------------------------------------------------

HELD = {
    "rsj.txt": """云溪县人力资源和社会保障局2025年机关党建工作要点

　　根据县委组织部关于加强机关基层党组织建设的部署要求，结合实际，制定本要点。
　　一、开展“就业帮扶先锋队”活动，全年组织党员进社区开展招聘服务20场。
　　二、推进“社保+党建”窗口建设，建成党员示范窗口6个。
　　三、落实市人社局下发的《人社系统行风建设实施方案》，开展行风明察暗访4次。

云溪县人力资源和社会保障局
2025年2月10日
""",
    "wjj.txt": """云溪县卫生健康局机关党委2024年工作总结

　　一年来，局机关党委组织党员医生下乡义诊36次，服务群众5000余人次。

云溪县卫生健康局机关党委
2024年12月25日
""",
}


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "ref-tuned", bundled_embedder, TUNED)


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "ref-held", bundled_embedder, HELD)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("省水利厅的安全生产会议部署了哪些任务？", "省水利厅"),
        ("市委组织部印发的推进党建引领基层治理的意见有什么要求？", "市委组织部"),
    ],
)
def test_tuned_a_referenced_organ_is_refused(tuned: Library, question: str, name: str) -> None:
    refused_naming(tuned, question, name)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("市水务局每月开展几次巡河主题党日？", "每月开展一次巡河主题党日"),
        ("市水务局党组要建成几个红色河道示范段？", "示范段5个"),
        ("青石市水物局要建成几个红色河道示范段？", "示范段5个"),
    ],
)
def test_tuned_the_citing_unit_is_answered(tuned: Library, question: str, evidence: str) -> None:
    answered_showing(tuned, question, evidence)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("县委组织部对机关基层党组织建设部署了哪些工作？", "县委组织部"),
        ("市人社局下发的行风建设实施方案有什么要求？", "市人社局"),
    ],
)
def test_held_out_a_referenced_organ_is_refused(held: Library, question: str, name: str) -> None:
    refused_naming(held, question, name)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("县人社局今年要建成几个党员示范窗口？", "党员示范窗口6个"),
        ("县人社局开展行风明察暗访几次？", "明察暗访4次"),
        ("县卫健局组织党员医生下乡义诊多少次？", "义诊36次"),
        ("县卫生健康局机关党委服务群众多少人次？", "5000余人次"),
    ],
)
def test_held_out_controls_are_answered(held: Library, question: str, evidence: str) -> None:
    answered_showing(held, question, evidence)
