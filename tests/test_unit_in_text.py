"""A unit named in the text, typed by its sound, or asked by a company's group name
(invented documents; no eval text).

Three kinds of question that were refused as naming no unit of the library:

1. a speech whose title and speaker line name no unit (在…会议上的讲话, 局党组书记、局长
   XXX) while the body names the discipline inspection group stationed in the unit
   (驻<unit>纪检监察组): that unit, with the clause cited as the basis;
2. a unit's short form (its level word left out) with one character typed by its sound
   (X水力局 for X市水利局): the unit, with the usual 按“…”查找 note; another level or
   another kind word is no slip;
3. a 集团有限公司委员会's documents asked by the group's name and its party organ
   (X集团党委, the form the answer's header shows): its documents.

TUNED_* documents and questions were developed against; HELD_* were written before the
rules were run and not tuned on.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library, refused

from rag.metadata import UNKNOWN_DEPARTMENT, infer_meta
from rag.service import Library

TUNED_SPEECH = (
    "在2025年机关党建工作会议上的讲话\n\n局党组书记、局长　XXX\n（2025年2月18日）\n\n同志们：\n\n"
    "这次会议的主要任务是，总结2024年机关党建工作，部署2025年重点任务。刚才，局党组成员、"
    "驻江城市交通运输局纪检监察组组长XXX通报了去年全系统违纪违法典型案例，大家要认真对照反思。"
    "下面，我讲三点意见。\n\n一、坚持政治引领，筑牢思想根基\n\n"
    "要把习近平总书记关于交通运输工作的重要论述作为局党组会议的首要学习内容，完善第一议题制度，"
    "推动理论学习走深走实。\n\n二、坚持问题导向，深化警示教育\n\n"
    "要用好身边典型案例，分层分类开展警示教育，每季度召开一次警示教育会，推动以案促改、以案促治。\n\n"
    "三、坚持严管厚爱，锻造过硬队伍\n\n要加强年轻干部教育管理监督，健全谈心谈话制度，"
    "营造干事创业的良好氛围。\n\n同志们，让我们以更加饱满的精神状态，奋力开创机关党建工作新局面！\n"
)
TUNED_WATER = (
    "岭南市水利局2025年党建工作要点\n\n2025年，局党组坚持以习近平新时代中国特色社会主义思想为指导，"
    "全面提升机关党建质量。\n\n一、强化政治建设\n\n（一）深入学习贯彻党的二十大精神。"
    "落实第一议题制度，开展专题读书班。\n\n（二）严明政治纪律和政治规矩。\n\n二、夯实基层基础\n\n"
    "（一）推进支部标准化规范化建设。\n\n（二）落实“三会一课”制度。\n\n三、加强作风建设\n\n"
    "（一）持续纠治“四风”。\n\n（二）开展水利工程廉洁风险排查。\n\n岭南市水利局\n2025年1月20日\n"
)
TUNED_GROUP = (
    "中共青港物流集团有限公司委员会2023年党建工作计划\n\n2023年，集团党委将坚持以党的政治建设为统领，"
    "推动党建与生产经营深度融合。\n\n一、加强思想政治建设\n\n"
    "1.落实集团党委理论学习中心组学习制度，全年集中学习不少于12次。\n\n2.开展青年员工思想政治教育。\n\n"
    "二、加强基层组织建设\n\n1.推进基层党支部标准化建设，年内完成3个党支部换届。\n\n"
    "2.实施“党员先锋岗”创建行动，评选先锋岗20个。\n\n3.加强发展党员工作，优先在一线员工中发展党员。\n\n"
    "三、加强党风廉政建设\n\n1.开展警示教育月活动。\n\n2.落实集团党委主体责任清单。\n\n"
    "中共青港物流集团有限公司委员会\n2023年2月10日\n"
)
TUNED_CENTRE = (
    "江城市数据服务中心2024年党建工作总结\n\n2024年，中心党支部在上级党组织的坚强领导下，"
    "扎实推进各项工作。\n\n一、抓实理论学习\n\n全年开展集中学习24次。\n\n二、抓好警示教育\n\n"
    "组织党员观看警示教育片3次，开展廉政谈话15人次。\n\n三、下一步打算\n\n持续推进党建与业务融合。\n\n"
    "江城市数据服务中心党支部\n2024年12月25日\n"
)

# Held-out: written before the rules were run.
HELD_COMMISSION_SPEECH = (
    "在2024年度全面从严治党工作会议上的讲话\n\n委党组书记、主任　×××\n（2024年1月26日）\n\n"
    "同志们：\n\n今天召开会议，回顾去年工作，安排今年任务。派驻东坪县发展和改革委员会纪检监察组"
    "要聚焦主责主业，强化日常监督。委党组要扛起主体责任。\n\n一、压紧压实管党治党责任\n\n"
    "委党组每半年专题研究一次全面从严治党工作，班子成员落实“一岗双责”。\n\n"
    "二、持之以恒正风肃纪\n\n紧盯项目审批等重点环节，开展廉政风险点排查，严防“靠审批吃审批”。\n"
)
HELD_MARKET_SPEECH = (
    "在2024年党风廉政建设推进会上的讲话\n\nXXX同志\n（2024年4月2日）\n\n同志们：\n\n"
    "一季度以来，我局党风廉政建设总体平稳。局党组高度重视驻北塘区市场监督管理局纪检组反馈的问题，"
    "逐条整改。\n\n下一步，全局上下要做到三个坚持：一是坚持严字当头；二是坚持标本兼治；"
    "三是坚持久久为功。\n"
)
HELD_PASSING_SPEECH = (
    "在机关作风建设大会上的讲话\n\n局党组书记、局长　XXX\n（2024年5月9日）\n\n同志们：\n\n"
    "按照驻西岭市财政局纪检监察组关于开展作风专项整治的要求，局党组研究制定了整治方案。"
    "全局要对照查摆，立行立改。\n\n一、查找作风突出问题\n\n二、建立长效机制\n"
)
HELD_TWO_GROUPS_SPEECH = (
    "在机关纪律教育学习月动员会上的讲话\n\n局党组书记、局长　XXX\n\n同志们：\n\n"
    "驻南湾市统计局纪检监察组和驻南湾市审计局纪检监察组联合开展了交叉检查，局党组要认真整改。\n"
)
HELD_FOREST = (
    "东坪县林业局2024年机关党建工作要点\n\n一、提升政治能力\n\n（一）深化理论武装。\n\n"
    "二、建强支部堡垒\n\n（一）开展“林区党旗红”主题实践。\n\n（二）规范组织生活。\n\n"
    "三、锤炼过硬作风\n\n（一）整治护林防火工作中的形式主义。\n\n东坪县林业局\n2024年1月15日\n"
)
HELD_GROUP = (
    "中共远帆航运集团股份有限公司委员会2024年党建工作要点\n\n2024年，集团党委以高质量党建引领高质量发展。\n\n"
    "一、强化理论武装\n\n（一）办好青年理论学习小组。\n\n二、推进党风廉政建设\n\n"
    "（一）开展船舶物资采购领域专项监督。\n\n（二）组织廉洁文化进船队活动。\n\n"
    "三、加强人才队伍建设\n\n（一）实施“领航”人才培养计划。\n\n"
    "中共远帆航运集团股份有限公司委员会\n2024年1月30日\n"
)


def dept(text: str) -> Any:
    return infer_meta("s", text)


# --- 1. the unit of a speech from the inspection group stationed in it -------------------


def test_tuned_stationed_group_names_speech_unit() -> None:
    m = dept(TUNED_SPEECH)
    assert m.department == "江城市交通运输局"
    assert any("驻江城市交通运输局纪检监察组" in b for b in m.department_basis)
    assert "驻江城市交通运输局纪检监察组" in m.department_note


def test_held_out_commission_by_paizhu_group() -> None:
    assert dept(HELD_COMMISSION_SPEECH).department == "东坪县发展和改革委员会"


def test_held_out_kind_from_body_self_references() -> None:
    assert dept(HELD_MARKET_SPEECH).department == "北塘区市场监督管理局"


def test_held_out_passing_reference_names_no_unit() -> None:
    assert dept(HELD_PASSING_SPEECH).department == UNKNOWN_DEPARTMENT


def test_held_out_two_stationed_groups_name_none() -> None:
    assert dept(HELD_TWO_GROUPS_SPEECH).department == UNKNOWN_DEPARTMENT


# --- questions on a library of them ------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory,
        "unit-in-text",
        bundled_embedder,
        {
            "jt.txt": TUNED_SPEECH,
            "sl.txt": TUNED_WATER,
            "qg.txt": TUNED_GROUP,
            "zx.txt": TUNED_CENTRE,
            "fg.txt": HELD_COMMISSION_SPEECH,
            "lf.txt": HELD_FOREST,
            "yf.txt": HELD_GROUP,
        },
    )


def test_tuned_speech_asked_by_its_unit(lib: Library) -> None:
    a = answered(lib, "交通运输局局长在会上讲了哪几点意见", ["坚持问题导向，深化警示教育"])
    assert "江城市交通运输局" in a.answer and "原文未写明单位" not in a.answer
    # (the basis of the attribution is cited)
    assert "驻江城市交通运输局纪检监察组" in a.answer


def test_tuned_speech_compared_by_short_name(lib: Library) -> None:
    a = answered(
        lib, "交通局讲话和数据服务中心总结在警示教育上各怎么讲的", ["每季度召开一次警示教育会"]
    )
    assert "观看警示教育片" in a.answer


def test_tuned_term_lists_speech_under_its_unit(lib: Library) -> None:
    a = answered(lib, "第一议题在哪些文件中出现", [])
    assert "**江城市交通运输局**" in a.answer and "原文未写明单位" not in a.answer


def test_held_out_commission_speech_asked(lib: Library) -> None:
    answered(lib, "东坪县发改委主任的讲话对正风肃纪提了什么要求", ["靠审批吃审批"])


# --- 2. a unit typed by its sound ----------------------------------------------------------


def test_tuned_sound_slip_of_short_form(lib: Library) -> None:
    a = answered(lib, "岭南水力局党组的要点分成几部分", ["夯实基层基础"])
    assert "按“岭南水利局”查找（问题中写作“岭南水力局”）" in a.answer
    assert "（岭南水）" not in a.answer


def test_held_out_sound_slip_other_unit(lib: Library) -> None:
    # (the respelt question is read as the name spelt right: the same answer after the note)
    slip = lib.ask("东坪林叶局2024年要点里支部建设有哪些安排")
    right = lib.ask("东坪林业局2024年要点里支部建设有哪些安排")
    assert slip.blocks[0].text == "按“东坪林业局”查找（问题中写作“东坪林叶局”）"
    assert slip.blocks[1:] == right.blocks and slip.found == right.found


@pytest.mark.xfail(
    strict=True,
    reason="first run of the held-out part: 支部建设 is refused as a topic the unit's text "
    "lacks (it says 建强支部堡垒), spelt right or not — the topic rule, not the unit",
)
def test_held_out_sound_slip_other_unit_answered(lib: Library) -> None:
    answered(lib, "东坪林叶局2024年要点里支部建设有哪些安排", ["林区党旗红"])


def test_held_out_other_kind_word_is_no_slip(lib: Library) -> None:
    refused(lib, "东坪林叶厅2024年要点里支部建设有哪些安排")


def test_held_out_other_level_is_no_slip(lib: Library) -> None:
    refused(lib, "东坪市林叶局2024年要点里支部建设有哪些安排")


# --- 3. a group company's party committee by the group's name -----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "请列明青港物流集团党委2023年在基层组织建设方面的具体任务",
        "列一下青港物流集团党委基层组织建设方面的任务",
        "请列出青港物流集团有限公司党委2023年在基层组织建设方面的具体任务",
    ],
)
def test_tuned_group_party_committee(lib: Library, question: str) -> None:
    answered(lib, question, ["年内完成3个党支部换届"])


@pytest.mark.parametrize(
    "question",
    [
        "请列出远帆航运集团党委2024年在党风廉政建设方面的工作",
        "远帆航运集团股份有限公司党委党风廉政建设有哪些安排",
        "列一下远帆航运集团党委今年廉政方面的任务",
    ],
)
def test_held_out_group_party_committee(lib: Library, question: str) -> None:
    answered(lib, question, ["船舶物资采购领域专项监督"])


def test_held_out_subsidiary_is_another_unit(lib: Library) -> None:
    refused(lib, "远帆航运集团港口有限公司党委党风廉政建设有哪些安排")


# --- a respelt unit compared with another unit --------------------------------------------


def test_tuned_respelt_unit_compared(lib: Library) -> None:
    a = answered(
        lib,
        "岭南水力局和青港物流集团党委在基层组织建设上各怎么安排的",
        ["推进支部标准化规范化建设", "年内完成3个党支部换届"],
    )
    assert "问题中写作“岭南水力局”" in a.answer


def test_held_out_respelt_unit_compared(lib: Library) -> None:
    a = answered(
        lib,
        "对比东坪林叶局和远帆航运集团党委的要点在理论武装上的安排",
        ["深化理论武装", "办好青年理论学习小组"],
    )
    assert "问题中写作“东坪林叶局”" in a.answer


# --- the pure rules under the group-name scope ----------------------------------------------


def test_group_aliases_carry_the_party_organ() -> None:
    from rag.metadata import department_aliases

    names = department_aliases("中共青港物流集团有限公司委员会")
    assert "青港物流集团党委" in names and "青港物流集团" in names
    # (one legal form stripped: no 股份 left over from 股份有限公司)
    assert "远帆航运集团股份" not in department_aliases("中共远帆航运集团股份有限公司委员会")


def test_legal_form_tells_no_unit_apart() -> None:
    from rag.kin_units import names_parent

    assert not names_parent("青港物流集团党委", "中共青港物流集团有限公司委员会")
    assert names_parent("青港物流集团党委", "中共青港物流集团港口有限公司委员会")


def test_sound_slipped_keeps_levels_and_kind_words() -> None:
    from rag.unit_sound_slip import sound_slipped

    assert sound_slipped("岭南水力局", "岭南市水利局") == "岭南水利局"
    assert sound_slipped("岭南水力局党组", "岭南市水利局") == "岭南水利局党组"
    assert sound_slipped("岭南水利局", "岭南市水利局") is None  # (spelt right already)
    assert sound_slipped("岭南县水力局", "岭南市水利局") is None
    assert sound_slipped("岭南水力厅", "岭南市水利局") is None
    assert sound_slipped("岭南水务局", "岭南市水利局") is None  # (务 is not read as 利)
