"""A speech by XXX同志 whose unit is given only as 我院/我局 (invented speeches)."""

from __future__ import annotations

from rag.metadata import UNKNOWN_DEPARTMENT, infer_meta

# Tuned on these two.
TUNED_JC = (
    "在全区检察工作会议上的讲话\n\nXXX同志\n（2025年1月10日）\n\n同志们：\n"
    "过去一年，我院坚持以党建引领检察业务，全院干警凝心聚力。院党组认真落实主体责任，"
    "检察监督质效持续提升。\n今年，全院要做好三项工作：一是强化政治建设；二是深化检察为民；"
    "三是锻造过硬队伍。\n让我们为建设平安青河区作出新贡献！\n"
)
TUNED_TAX = (
    "在全市税务工作会议上的讲话\n\nXXX同志\n（2025年2月3日）\n\n同志们：\n"
    "一年来，我局坚持党建引领，全局上下团结奋进，局党组带头抓落实，税费服务不断优化。\n"
    "新的一年，全局要抓好征管改革和队伍建设。\n为建设美丽南岭市贡献税务力量！\n"
)
# Held-out: written before the rule was run.
HELD_COURT = (
    "在全县法院党建工作推进会上的讲话\n\nXXX同志\n（2024年12月20日）\n\n同志们：\n"
    "本院今年审判执行工作稳中有进，全院党员干警担当作为。院党组始终把党的政治建设摆在首位，"
    "审判质效不断提高。\n下一步，我院要坚持公正司法，全力护航东坪县高质量发展。\n"
)
HELD_POLICE_NO_PLACE = (
    "在全区公安工作会议上的讲话\n\nXXX同志\n（2025年1月8日）\n\n同志们：\n"
    "过去一年，我局坚持党建统领，全局民警辅警忠诚履职，局党组狠抓队伍建设。\n"
    "今年全局要守牢安全底线。\n"
)
CONTROL_WRITTEN = (
    "在全区检察工作会议上的讲话\n\n西岭区人民检察院党组书记、检察长　XXX\n（2025年1月10日）\n\n"
    "同志们：\n我院坚持党建引领，全院干警凝心聚力，院党组认真落实主体责任。\n"
    "让我们为建设平安青河区作出新贡献！\n"
)


def dept(text: str) -> str:
    return infer_meta("s", text).department


def test_tuned_procuratorate_from_meeting_and_closing() -> None:
    assert dept(TUNED_JC) == "青河区人民检察院"


def test_tuned_bureau_from_meeting_field() -> None:
    assert dept(TUNED_TAX) == "南岭市税务局"


def test_held_out_court() -> None:
    assert dept(HELD_COURT) == "东坪县人民法院"


def test_held_out_no_place_stays_unnamed() -> None:
    assert dept(HELD_POLICE_NO_PLACE) == UNKNOWN_DEPARTMENT


def test_control_written_unit_kept() -> None:
    assert dept(CONTROL_WRITTEN) == "西岭区人民检察院"
