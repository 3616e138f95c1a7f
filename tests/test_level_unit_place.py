"""A unit written by its level alone (县委, 区委办公室, 镇党委) takes the one place of that
level its text names as its own (invented documents; no eval text)."""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library

from rag.metadata import department_aliases, infer_meta
from rag.own_place import own_place
from rag.service import Library


def dept(text: str) -> str:
    return infer_meta("s", text).department


def speech(title: str, speaker: str, body: str) -> str:
    return f"{title}\n\n{speaker}\n（2025年2月12日）\n\n同志们：\n{body}\n"


# ---------------------------------------------------------------- tuned (developed against)

TUNED_COUNTY = speech(
    "在全县2025年党建工作会议上的讲话",
    "县委书记　XXX",
    "2024年，青禾县各级党组织坚持以党的政治建设为统领，全县党建工作取得新成效。\n"
    "一、抓好支部建设。各乡镇要推进支部标准化规范化建设，每个支部每季度至少开展一次主题党日。\n"
    "二、压实主体责任。全县各级党组织书记要切实履行第一责任人职责。\n"
    "三、锻造过硬队伍。要加强年轻干部培养，选派优秀干部到村任职。",
)
TUNED_NOTICE = (
    "关于开展2025年主题党日活动的通知\n\n"
    "各镇（街道）党（工）委，区直各单位党组（党委）：\n"
    "为推动云岭区基层党组织建设提质增效，经区委同意，现就开展主题党日活动有关事项通知如下。\n"
    "一、活动时间。2025年3月至12月，每月第一个周五。\n"
    "二、活动内容。学习党的创新理论，开展志愿服务。\n\n"
    "区委办公室\n2025年2月20日\n"
)
TUNED_TOWN = speech(
    "在全镇党建工作会议上的讲话",
    "镇党委书记　XXX",
    "过去一年，石桥镇各村党组织扎实工作，全镇党员干部担当作为。\n今年要抓好村级组织换届后的培训。",
)
TUNED_NO_PLACE = speech(
    "在全县党建工作会议上的讲话",
    "县委书记　XXX",
    "过去一年，全县各级党组织坚持党建引领，基层基础不断夯实。\n今年全县要抓好三件事。",
)


def test_tuned_county_speech_takes_its_county() -> None:
    assert dept(TUNED_COUNTY) == "青禾县委"


def test_tuned_district_office_notice_takes_its_district() -> None:
    assert dept(TUNED_NOTICE) == "云岭区委办公室"


def test_tuned_town_secretary_speaks_for_the_town_committee() -> None:
    assert dept(TUNED_TOWN) == "石桥镇党委"


def test_tuned_no_place_stays_bare() -> None:
    assert dept(TUNED_NO_PLACE) == "县委"


def test_tuned_basis_and_note_show_the_place() -> None:
    meta = infer_meta("s", TUNED_COUNTY)
    assert any("青禾县各级党组织" in b for b in meta.department_basis)


def test_short_county_committee_name_has_its_full_form() -> None:
    assert "中共青禾县委员会" in department_aliases("青禾县委")


# ---------------------------------------------------------------- held-out (written before run)

HELD_DISTRICT_DEPUTY = speech(
    "在全区基层党建工作推进会上的讲话",
    "区委副书记　XXX",
    "一年来，临川区各级党组织聚焦主责主业，全区基层党建呈现新气象。\n"
    "我们要学习借鉴滨江区的好经验，把支部建在产业链上。\n下一步，全区要抓好党员队伍建设。",
)
HELD_ORG_DEPT = speech(
    "在全县组织工作会议上的讲话",
    "县委常委、组织部部长　XXX",
    "今年柏溪县基层党建工作要突出抓好软弱涣散党组织整顿。\n全县组织系统要以钉钉子精神抓落实。",
)
HELD_TWO_COUNTIES = speech(
    "在片区党建联席会议上的讲话",
    "县委书记　XXX",
    "甲川县各级党组织与乙川县各级党组织共建共享，两地党建工作各有特色。",
)
HELD_OTHER_UNIT = speech(
    "在全县党建工作会议上的讲话",
    "县委书记　XXX",
    "过去一年，全县党建工作稳中有进。柳岸县人民医院的同志也来交流了做法。\n全县要再接再厉。",
)
HELD_VISIT = speech(
    "在全县党建工作会议上的讲话",
    "县委书记　XXX",
    "去年我们带队赴石门县考察学习党建引领乡村振兴的做法。\n今年全县要把学到的经验用起来。",
)
HELD_PLAN = (
    "2025年机关党建工作要点\n\n"
    "2025年，区委办公室机关党建工作的总体要求是：推动梧桐区机关党建高质量发展，"
    "为全区中心工作提供坚强保障。\n一、加强政治建设。\n二、加强支部建设。\n\n"
    "区委办公室\n2025年1月8日\n"
)


def test_held_district_deputy_passing_comparison_left_out() -> None:
    assert dept(HELD_DISTRICT_DEPUTY) == "临川区委"


def test_held_organisation_department() -> None:
    assert dept(HELD_ORG_DEPT) == "柏溪县委组织部"


def test_held_two_counties_stay_bare() -> None:
    assert dept(HELD_TWO_COUNTIES) == "县委"


def test_held_other_unit_is_not_its_place() -> None:
    assert dept(HELD_OTHER_UNIT) == "县委"


def test_held_visited_county_is_not_its_place() -> None:
    assert dept(HELD_VISIT) == "县委"


def test_held_office_plan_takes_its_district() -> None:
    assert dept(HELD_PLAN) == "梧桐区委办公室"


def test_held_own_place_words_not_places() -> None:
    # 社区, 城乡, 市级 are words, not places.
    text = "推进城乡社区治理，参加市级机关活动，全区社区党组织要落实。"
    assert own_place(text, "区") is None
    assert own_place(text, "市") is None


# ---------------------------------------------------------------- questions end to end

DISTRACTOR = speech(
    "在全县宣传思想工作会议上的讲话",
    "县委常委、宣传部部长　XXX",
    "过去一年，全县宣传思想工作守正创新，网络舆论引导能力持续提升。\n今年要抓好理论宣讲。",
)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory,
        "level-place",
        bundled_embedder,
        docs={
            "在全县2025年党建工作会议上的讲话.txt": TUNED_COUNTY,
            "关于开展2025年主题党日活动的通知.txt": TUNED_NOTICE,
            "在全县宣传思想工作会议上的讲话.txt": DISTRACTOR,
            "在全区基层党建工作推进会上的讲话.txt": HELD_DISTRICT_DEPUTY,
        },
    )


def test_tuned_question_on_county_secretary_finds_speech(lib: Library) -> None:
    a = answered(lib, "青禾县委书记在党建会上讲了什么", ["支部"])
    assert "青禾县委" in a.answer


def test_tuned_question_on_county_committee_demand(lib: Library) -> None:
    a = answered(lib, "青禾县委对支部建设有什么要求", ["支部标准化规范化建设"])
    assert "青禾县委" in a.answer


def test_held_question_on_district_committee_names_it(lib: Library) -> None:
    a = lib.ask("临川区委副书记在推进会上强调了哪些工作")
    assert a.found and "临川区委" in a.answer
    assert all("推进会" in c.title for c in a.citations)


@pytest.mark.xfail(
    strict=True,
    reason="held-out, failed on first run: a 副书记 speech asked what it stressed is answered "
    "by its speaker line alone (main does the same with the bare 区委 speech)",
)
def test_held_question_on_district_committee_gives_its_words(lib: Library) -> None:
    answered(lib, "临川区委副书记在推进会上强调了哪些工作", ["党员队伍建设"])


def test_held_question_on_district_office_notice(lib: Library) -> None:
    a = answered(lib, "云岭区委办公室关于主题党日活动是怎么安排的", ["每月第一个周五"])
    assert "云岭区委办公室" in a.answer


# ---------------------------------------------------------------- second held-out (written
# after the first held-out's fixes, before this part was run; not tuned on)

HELD2_CITY = speech(
    "在全市党建工作会议上的讲话",
    "市委书记　XXX",
    "近年来，雁栖市各级党组织坚持大抓基层，全市党建工作质量稳步提升。\n今年要抓好机关党建。",
)
HELD2_OUR_COUNTY = speech(
    "在县委理论学习中心组集体学习会上的讲话",
    "县委副书记、县长　XXX",
    "这些年，松台县干部群众苦干实干，我县发展态势持续向好。\n要把学习成果转化为推动发展的实际成效。",
)
HELD2_TOWN_OTHER_UNIT = speech(
    "在全镇党风廉政建设会议上的讲话",
    "镇党委书记　XXX",
    "全镇党员干部要守纪律讲规矩。石溪镇卫生院要落实好医德医风建设。\n全镇上下要形成合力。",
)
HELD2_REFERENCE = (
    "关于做好2025年党员发展工作的通知\n\n各乡镇党委，县直各单位党组（党委）：\n"
    "按照丰源县党建工作会议精神，现就做好党员发展工作通知如下。\n"
    "一、全县各级党组织要坚持标准、保证质量。\n二、严格程序。\n\n县委办公室\n2025年3月2日\n"
)
HELD2_DISTRICT_ORG = speech(
    "在全区组织工作会议上的讲话",
    "区委常委、组织部部长　XXX",
    "去年，临水区各级党组织对标福源市的部署，全区组织工作取得新进展。\n今年要抓好干部队伍建设。",
)


def test_held2_city_secretary() -> None:
    assert dept(HELD2_CITY) == "雁栖市委"


def test_held2_our_county_with_its_people() -> None:
    assert dept(HELD2_OUR_COUNTY) == "松台县委"


def test_held2_town_named_only_in_another_unit_stays_bare() -> None:
    assert dept(HELD2_TOWN_OTHER_UNIT) == "镇党委"


def test_held2_place_only_in_a_reference_stays_bare() -> None:
    assert dept(HELD2_REFERENCE) == "县委办公室"


def test_held2_district_department_with_a_city_named() -> None:
    assert dept(HELD2_DISTRICT_ORG) == "临水区委组织部"


# An unlisted place is not read from a clause's first word when that word is a verb,
# numeral or time word (举办区管干部…, 三个区分开…, 今年区委组织部…): written after a
# held-out set showed the speech's one real place lost among such readings.
@pytest.mark.parametrize(
    ("text", "level", "want"),
    [
        (
            "过去一年，梅岭区各级党组织围绕中心。举办区管干部读书班3期。"
            "要把三个区分开来。今年区委组织部要轮训全区支部书记。",
            "区",
            "梅岭区",
        ),
        (
            "2025年，石桥县各级党组织担当作为。组织县管干部培训2期，今年县委将召开全会，"
            "全县上下齐心协力。",
            "县",
            "石桥县",
        ),
    ],
)
def test_clause_first_words_are_no_places(text: str, level: str, want: str) -> None:
    found = own_place(text, level)
    assert found is not None and found[0] == want, found
