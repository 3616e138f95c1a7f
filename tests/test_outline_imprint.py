"""The 版记 at the end of a notice (GB/T 9704: 抄送机关, 印发机关 and 印发日期 between rules,
after the 附件) is no content of its last section (rag/outline.py ``imprint_start``).

Before, the last attachment's last item ran to the end of the text, so an outline answer
gave 3.党支部推荐意见：抄送：… as the item's gist. Invented documents; TUNED are what the
fix was worked out on, HELD_OUT were written before it was run and are only measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.outline import imprint_start, parse_outline
from rag.service import Library
from rag.types import Section

FOLDER = Path(__file__).resolve().parent / "data" / "own" / "imprint"
RULE = "─" * 24

TUNED = [
    (FOLDER / "forest-notice.txt").read_text(encoding="utf-8"),
    "关于印发《2025年党建工作要点》的通知\n\n各党支部：\n现将要点印发给你们。\n\n附件\n\n"
    "2025年党建工作要点\n\n一、加强政治建设\n（一）深化理论武装。每月集中学习。\n"
    "二、加强基层组织建设\n（一）发展党员。全年发展党员3名。\n\n"
    f"{RULE}\n抄送：市委组织部，市直机关工委，\n      市纪委监委派驻第五纪检监察组。\n{RULE}\n"
    "中共云溪市林业局党组办公室　　　　2025年2月20日印发\n",
]
HELD_OUT = [
    "关于开展清廉机关建设的通知\n\n各科室：\n现将方案印发给你们。\n\n附件：清廉机关建设方案\n\n"
    "云溪市气象局\n2025年4月2日\n\n附件\n\n清廉机关建设方案\n\n一、目标任务\n"
    "（一）健全制度。修订内控制度5项。\n（二）强化监督。开展专项检查2次。\n"
    "（三）营造氛围。举办廉政讲座1场。\n\n————————————————\n抄报：市纪委监委。\n"
    "————————————————\n云溪市气象局办公室　　　　2025年4月2日印发\n（共印30份）\n",
    "关于召开党员大会的通知\n\n各支部：\n定于5月召开党员大会。\n\n附件：1.议程\n2.名单\n\n"
    "附件1\n会议议程\n1.听取工作报告\n2.审议表决\n\n附件2\n参会名单\n1.机关一支部\n2.机关二支部\n\n"
    "抄送：区委组织部，区直机关工委，区委宣传部，\n区纪委监委，区档案馆。\n"
    "云溪市新城区科协办公室　　　　二〇二五年五月六日印发\n",
]


def labels(sections: tuple[Section, ...]) -> list[str]:
    return [s.label for s in sections] + [x for s in sections for x in labels(s.children)]


@pytest.mark.parametrize(
    ("text", "held_out"), [(t, False) for t in TUNED] + [(t, True) for t in HELD_OUT]
)
def test_the_imprint_is_in_no_section(text: str, held_out: bool) -> None:
    cut = imprint_start(text)
    tail = text[cut:]
    assert "印发" in tail and ("抄送" in tail or "抄报" in tail), tail
    outline = parse_outline(text)
    assert all(not any(w in x for w in ("抄送", "抄报", "印发")) for x in labels(outline))

    def ends(sections: tuple[Section, ...]) -> list[int]:
        return [s.end for s in sections] + [e for s in sections for e in ends(s.children)]

    assert max(ends(outline)) <= cut


@pytest.mark.parametrize(
    "text",
    [
        "一、学习安排\n（一）每月学习一次。\n（二）抄送材料由办公室统一归档。\n",
        "二、工作要求\n请各支部于4月底前报送。\n联系人：王某某，电话：12345678。\n",
    ],
)
def test_a_text_without_an_imprint_keeps_its_end(text: str) -> None:
    assert imprint_start(text) == len(text)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "imprint", bundled_embedder, folders=[FOLDER])


def test_the_last_attachments_items_are_answered_without_the_imprint(lib: Library) -> None:
    answer = lib.ask("林业局先锋岗通知的申报表包括哪些内容")
    text = cited_text(lib, answer)
    assert "党支部推荐意见" in text and "抄送" not in text, answer.answer


def test_the_imprint_still_answers_its_own_questions(lib: Library) -> None:
    answer = lib.ask("这个通知抄送了哪些单位")
    assert "市直机关工委" in cited_text(lib, answer), answer.answer
