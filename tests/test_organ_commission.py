"""A government commission (X市卫生健康委员会) and its 党组 are one organ: a department
filter or a question naming the commission takes its 党组's documents too, and the other
way round (``rag.question.organ_core``), while 中共X段委员会 stays X段's party committee.

Through the real library over two documents written for this test."""

from __future__ import annotations

from typing import Any

import pytest
from doclib import open_library

from rag.question import organ_core
from rag.retrieve import Filters
from rag.service import Library

COMMISSION = "临江市卫生健康委员会"
PARTY_GROUP = f"中共{COMMISSION}党组"

NOTICE = f"""关于开展2024年“党员先锋岗”创评活动的通知

各科室、各直属单位：
　　为深化模范机关建设，经研究，决定在全委开展“党员先锋岗”创评活动。现将有关事项通知如下。
　　一、创评对象
　　委机关各科室和直属单位在职党员。
　　二、工作要求
　　各单位要于2024年5月31日前报送推荐名单，委机关党委将组织评审。

{COMMISSION}
2024年4月8日
"""

POINTS = f"""{PARTY_GROUP}
关于印发《2024年全面从严治党工作要点》的通知

各科室、各直属单位：
　　现将《2024年全面从严治党工作要点》印发给你们，请认真抓好落实。

2024年全面从严治党工作要点

　　一、压实管党治党政治责任
　　（一）党组每季度专题研究一次全面从严治党工作。
　　二、加强廉洁文化建设
　　（二）开展廉洁文化进科室活动，组织观看警示教育片不少于两次。

{PARTY_GROUP}
2024年2月20日
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    docs = {"n1_notice.txt": NOTICE, "n2_points.txt": POINTS}
    return open_library(tmp_path_factory, "commission", bundled_embedder, docs)


def test_the_documents_are_filed_under_the_commission_and_its_party_group(lib: Library) -> None:
    assert {d.doc_id: d.meta.department for d in lib.documents} == {
        "n1_notice": COMMISSION,
        "n2_points": PARTY_GROUP,
    }


def test_a_filter_on_either_name_takes_both_documents(lib: Library) -> None:
    for name in (COMMISSION, PARTY_GROUP, "市卫健委"):
        got = {h.doc_id for h in lib.search("工作", Filters(department=name))}
        assert got == {"n1_notice", "n2_points"}, name


def test_a_question_naming_the_commission_reads_its_party_group_too(lib: Library) -> None:
    assert set(lib.understand(f"{COMMISSION}今年有哪些工作要点").departments) == {
        COMMISSION,
        PARTY_GROUP,
    }


def test_a_party_committee_named_by_its_unit_stays_that_units() -> None:
    assert organ_core(COMMISSION) == organ_core(PARTY_GROUP) == COMMISSION
    assert organ_core("中共江岸机务段委员会") == organ_core("江岸机务段党委")
    assert organ_core("中共江岸县委员会") == "江岸县委员会"
