"""Titles the head spreads over lines (GB/T 9704 7.3.1) in two layouts the earlier
rules did not join: a speech's 在… / …会议上的讲话, and a joint report's issuers stacked
one a line without 文件 above 关于…的报告. Read as the first line alone, the speech's
unit was lost (原文未写明单位) and a question naming it was refused; the report's title was
its first issuer. The tuned cases were written first; the held-out ones after the fix,
with other units, meetings and kinds, and were not changed to pass."""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.metadata import infer_meta
from rag.service import Library

SPEECH_BODY = (
    "\n\n同志们：\n\n今天召开这次会议，我讲三点意见。\n\n"
    "一、提高政治站位，扛牢监督责任\n\n派驻监督要聚焦主责主业。\n\n"
    "二、突出监督重点，紧盯关键环节\n\n要紧盯工程项目和资金分配。\n\n"
    "三、加强自身建设，锤炼过硬队伍\n\n全组干部要带头遵规守纪。\n"
)
REPORT_BODY = (
    "\n\n2023年，全镇上下团结奋进，各项工作取得新成效。\n\n"
    "一、2023年主要工作\n\n（一）党建引领更加有力\n\n全年召开理论学习中心组学习会12次。\n\n"
    "（二）产业发展稳中有进\n\n新建高标准农田2000亩。\n\n"
    "二、2024年工作打算\n\n（一）持续深化党建引领\n\n（二）推动产业提质增效\n"
)

TUNED_SPEECH = (
    "在驻市水利局纪检监察组\n2024年全面从严治党工作会议上的讲话\n\n"
    "中共临溪市纪委监委驻市水利局纪检监察组组长　XXX\n（2024年3月5日）" + SPEECH_BODY
)
TUNED_REPORT = (
    "中共柳湾镇委员会\n柳湾镇人民政府\n关于2023年工作总结和2024年工作打算的报告\n\n"
    "柳委〔2023〕41号" + REPORT_BODY + "\n中共柳湾镇委员会　　柳湾镇人民政府\n2023年12月20日\n"
)
HELD_SPEECH = (
    "在全区教育系统\n2025年党风廉政建设工作会议上的讲话\n\n"
    "中共青岚区纪委监委驻区教育局纪检监察组组长　XXX\n（2025年2月18日）" + SPEECH_BODY
)
HELD_REPORT = (
    "中共石门乡委员会\n石门乡人民政府\n关于2023年度乡村振兴工作情况的报告\n\n"
    + REPORT_BODY
    + "\n中共石门乡委员会　　石门乡人民政府\n2023年12月28日\n"
)


@pytest.mark.parametrize(
    ("text", "title", "unit"),
    [
        (
            TUNED_SPEECH,
            "在驻市水利局纪检监察组2024年全面从严治党工作会议上的讲话",
            "驻市水利局纪检监察组",
        ),
        (
            TUNED_REPORT,
            "中共柳湾镇委员会柳湾镇人民政府关于2023年工作总结和2024年工作打算的报告",
            "柳湾镇",
        ),
        (HELD_SPEECH, "在全区教育系统2025年党风廉政建设工作会议上的讲话", "驻区教育局纪检监察组"),
        (HELD_REPORT, "中共石门乡委员会石门乡人民政府关于2023年度乡村振兴工作情况的报告", "石门乡"),
    ],
)
def test_title_over_lines_is_whole(text: str, title: str, unit: str) -> None:
    m = infer_meta("d", text)
    assert m.title == title
    assert unit in m.department, m.department


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory,
        "split-title",
        bundled_embedder,
        {"a.txt": TUNED_SPEECH, "b.txt": TUNED_REPORT, "c.txt": HELD_SPEECH},
    )


@pytest.mark.parametrize(
    ("question", "spans"),
    [
        ("驻水利局纪检组组长讲了哪几点意见", ["一、提高政治站位", "三、加强自身建设"]),
        ("驻区教育局纪检监察组讲话 主要讲了什么", ["二、突出监督重点", "三、加强自身建设"]),
        ("柳湾镇2023年主要做了哪些工作", ["（一）党建引领更加有力", "（二）产业发展稳中有进"]),
    ],
)
def test_unit_of_a_split_title_answers(lib: Library, question: str, spans: list[str]) -> None:
    answered(lib, question, spans)
