"""A figure asked with the asker's time words is answered, never refused — on documents
written for this test (a 气象局's 述职报告 of a year, dated in January of the next one; a
供销社's 总结; a 图书馆's 要点 whose 2025 plans a question of 明年 asks):

- 现在/目前/当前 (现在有多少党员) is the asker's "now", no word a sentence stating the
  figure holds;
- 去年 counted from a report dated in January names the year its title names (2024年度…
  dated 2025-01): the report's 全年 figures are that year's, the year is no word to find.

- a count stated on the roll (在册党员143名) is a total, as 现有 is.

The tuned part was run while writing the fixes; the held-out part was first run on the
finished fix (one case failed there and was moved to the tuned part once fixed). A negative keeps the refusal where the figure is really absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "qxj.txt": """2024年度党组书记抓基层党建工作述职报告

云川市气象局党组书记　韩某某

一、履职情况
第一，抓班子带队伍。全局共有党员87名，全年发展党员4名，其中业务骨干3名。
第二，抓阵地建设。建成党员活动室2个，开展主题党日活动24次。
二、2025年工作打算
第一，全年发展党员不少于5名。

中共云川市气象局党组
2025年1月8日
""",
    "gxs.txt": """云川市供销合作社2023年党建工作总结

一、基本情况
目前，全社设党支部6个，在册党员143名。2023年新发展党员7名。
二、主要工作
全年举办“供销大讲堂”9期，培训基层社负责人210人次。

中共云川市供销合作社党组
2023年12月20日
""",
    "tsg.txt": """云川市图书馆党支部2025年党建工作要点

一、基本情况
2024年，支部现有党员19名，发展党员1名。
二、重点任务
1.开展“书香党课”12场。
2.建立志愿服务队2支。

中共云川市图书馆支部委员会
2025年2月10日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "facttime", bundled_embedder, DOCS)


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("气象局现在有多少党员", ["全局共有党员87名"]),
        ("气象局现在有多少党员？去年发展了几个", ["全局共有党员87名", "全年发展党员4名"]),
        # (first in the held-out part, where it failed: a count 在册党员143名 is a total as
        # 现有 is; moved here once fixed)
        ("供销社目前在册党员多少名", ["在册党员143名"]),
    ],
)
def test_tuned_time_words_of_the_asker(lib: Library, question: str, must: list[str]) -> None:
    answered(lib, question, must)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("气象局去年新发展党员几名", ["全年发展党员4名"]),
        ("气象局当前党员总数是多少", ["全局共有党员87名"]),
        ("图书馆党支部眼下有党员多少人", ["现有党员19名"]),
    ],
)
def test_held_out_time_words_of_the_asker(lib: Library, question: str, must: list[str]) -> None:
    answered(lib, question, must)


def test_an_absent_figure_is_still_refused(lib: Library) -> None:
    a = lib.ask("供销社现在有多少名入党积极分子")
    assert not a.found, a.answer
