"""A department named the way staff say it (issue 12, K1): an industry short form (信用社,
农商行, 烟草局, 供销社, 建行), a numbered short form (市二院, 县三小, 一中), the name
without its place (司法局, 卫生院, 机关党委) — each only when one organisation of the
library has it. A form two organisations share names both (never one by a guess), and a
form inside a longer name (X市第二人民医院) or a word (一小时) names none. Invented names."""

from __future__ import annotations

import re

import pytest

from rag.institutions import SHORT_FORM, numbered_short
from rag.question import department_mentions, resolve_followup, understand
from rag.short_names import organisation_key, short_form_spans, short_forms
from rag.types import DocMeta

LIBRARY = (
    "金溪农村信用合作联社党委",
    "金溪县司法局",
    "中共金溪县烟草专卖局党组",
    "金溪县第二人民医院党委",
    "中共金溪县第一中学委员会",
    "金溪农村商业银行股份有限公司党委",
    "金溪县第三小学党支部",
    "桐山镇第三小学党支部",
    "中共金溪县供销合作社联合社党组",
    "中国建设银行股份有限公司金溪支行党委",
    "中共金溪县财政局机关委员会",
    "中共桐山镇卫生院支部委员会",
)


def _named(question: str, library: tuple[str, ...] = LIBRARY) -> set[str]:
    return {m.department for m in department_mentions(question, library)}


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("信用社的党员积分怎么算", "金溪农村信用合作联社党委"),
        ("农信社今年党建要点", "金溪农村信用合作联社党委"),
        ("金溪农商行去年党建总结", "金溪农村商业银行股份有限公司党委"),
        ("农商行党委开了几次会", "金溪农村商业银行股份有限公司党委"),
        ("烟草局今年安排有几大块", "中共金溪县烟草专卖局党组"),
        ("供销社党组多久谈心一次", "中共金溪县供销合作社联合社党组"),
        ("建行金溪支行要点", "中国建设银行股份有限公司金溪支行党委"),
        ("建行普惠贷款新增多少", "中国建设银行股份有限公司金溪支行党委"),
        ("县二院的服务队多久下乡", "金溪县第二人民医院党委"),
        ("二院党委共建内容", "金溪县第二人民医院党委"),
        ("一中评了几名师德标兵", "中共金溪县第一中学委员会"),
        ("县三小主题党日安排在哪天", "金溪县第三小学党支部"),
        ("桐山三小的制度", "桐山镇第三小学党支部"),
        ("司法局讲话讲了哪几点", "金溪县司法局"),
        ("卫生院主题党日几号开", "中共桐山镇卫生院支部委员会"),
        ("机关党委要求几号前报方案", "中共金溪县财政局机关委员会"),
        ("财政局机关党委的创建内容", "中共金溪县财政局机关委员会"),
        # glued to a preposition (跟/和/与): read off the raw question, not its tokens
        ("司法局跟信用社的述职各咋搞", "金溪农村信用合作联社党委"),
    ],
)
def test_a_short_form_names_the_one_organisation_that_has_it(
    question: str, department: str
) -> None:
    assert department in _named(question)


def test_a_form_two_organisations_share_names_both_never_one() -> None:
    assert _named("三小的主题党日多久搞一次") == {"金溪县第三小学党支部", "桐山镇第三小学党支部"}
    # the level or the place tells them apart
    assert _named("县三小的主题党日") == {"金溪县第三小学党支部"}
    assert _named("桐山镇三小的主题党日") == {"桐山镇第三小学党支部"}
    # one organisation with two departments (the hospital and its 党委) is not ambiguous
    two = ("金溪县第二人民医院", "金溪县第二人民医院党委")
    assert _named("二院今年做了什么", two) == set(two)
    assert organisation_key(two[0]) == organisation_key(two[1])


def test_a_bare_organ_word_two_departments_end_with_names_neither_alone() -> None:
    library = ("金溪县司法局", "桐山县司法局")
    assert short_forms(library)["司法局"] == frozenset(library)
    # 生态环境局 is held by both X市生态环境局 and 市生态环境局
    table = short_forms(("市生态环境局", "金溪市生态环境局"))
    assert table["生态环境局"] == frozenset({"市生态环境局", "金溪市生态环境局"})


@pytest.mark.parametrize(
    "question",
    [
        "金溪县第四人民医院党委今年的计划",  # 人民医院党委 ends a longer name
        "每周学习一小时",  # 一小 inside 一小时
        "统一中心工作部署",  # 一中 inside a word
        "第三小学期的课表",  # 三小 after 第
    ],
)
def test_a_form_inside_a_longer_name_or_word_names_none(question: str) -> None:
    library = ("金溪县人民医院党委", "金溪县第一小学党支部", "金溪县第一中学党支部")
    assert short_form_spans(question, library) == []
    if "金溪" not in question:
        assert _named(question, library) == set()


def test_the_short_form_is_scope_not_content() -> None:
    metas = [
        DocMeta(doc_id=f"d{i}", title=f"{d}文件", department=d, kind="通知", date=None, year=2025)
        for i, d in enumerate(LIBRARY)
    ]
    q = understand("跟信用社比，烟草局的政治建设怎么安排", metas, {m.doc_id: "" for m in metas})
    assert set(q.departments) == {"金溪农村信用合作联社党委", "中共金溪县烟草专卖局党组"}
    assert "信用社" not in q.topic and "烟草" not in q.topic
    assert q.unknown_department is None


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("组织部今年培训了几期", "金溪县委组织部"),
        ("党校的主体班安排", "中共金溪县委党校"),
        ("县妇联的家风活动", "金溪县妇女联合会"),
        ("发改委机关党建要点", "金溪县发展和改革委员会"),
        ("检察院党组讲话", "金溪县人民检察院党组"),
    ],
)
def test_more_kinds_of_organisation(question: str, department: str) -> None:
    library = (
        "金溪县委组织部",
        "中共金溪县委党校",
        "金溪县妇女联合会",
        "金溪县发展和改革委员会",
        "金溪县人民检察院党组",
    )
    assert department in _named(question, library)


@pytest.mark.parametrize(
    "question",
    [
        "东湖司法局今年的要点",  # another place's 司法局 (a proper name before it)
        "南山区司法局的计划",  # a place of the national list before it
        "市委组织部的要点",  # a 市委's 组织部, not the library's 县委组织部
    ],
)
def test_an_organ_of_another_place_is_not_the_librarys(question: str) -> None:
    assert short_form_spans(question, ("金溪县司法局", "金溪县委组织部")) == []


def test_a_shared_form_asks_each_organisation() -> None:
    """三小 of two schools: the question is answered for each, side by side (a comparison's
    shape), not from whichever school ranks first."""
    names = ("金溪县第三小学党支部", "桐山镇第三小学党支部", "金溪县司法局")
    metas = [
        DocMeta(doc_id=f"d{i}", title=f"{d}文件", department=d, kind="通知", date=None, year=2025)
        for i, d in enumerate(names)
    ]
    texts = {m.doc_id: "" for m in metas}
    q = understand("三小的主题党日多久搞一次", metas, texts)
    assert set(q.departments) == set(names[:2]) and q.cues.compare == 1.0
    q = understand("县三小的主题党日多久搞一次", metas, texts)
    assert q.departments == (names[0],) and q.cues.compare == 0.0


def test_a_follow_up_by_a_shared_form_keeps_it() -> None:
    names = ("金溪县第三小学党支部", "桐山镇第三小学党支部", "金溪县司法局")
    metas = [
        DocMeta(doc_id=f"d{i}", title=f"{d}文件", department=d, kind="通知", date=None, year=2025)
        for i, d in enumerate(names)
    ]
    prev = ["司法局今年主题党日多久搞一次"]
    assert resolve_followup("那三小呢？", prev, metas) == "三小今年主题党日多久搞一次"
    assert (
        resolve_followup("那县三小呢？", prev, metas)
        == "金溪县第三小学党支部今年主题党日多久搞一次"
    )


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("税务局机关党委的要点", "中共国家税务总局金溪市税务局机关委员会"),
        ("交通运输厅机关党委的通知", "中共江原省交通运输厅机关委员会"),
        ("县实小的积分办法", "金溪县实验小学党支部"),
    ],
)
def test_other_names_of_the_organ_shortened_too(question: str, department: str) -> None:
    library = (
        "中共国家税务总局金溪市税务局机关委员会",
        "中共江原省交通运输厅机关委员会",
        "金溪县实验小学党支部",
    )
    assert department in _named(question, library)


def test_generic_words_alone_are_no_form() -> None:
    table = short_forms(("中共金溪县人民医院委员会", "金溪能源集团有限公司党委"))
    assert "人民医院党委" in table
    assert not {"医院党委", "集团公司", "医院", "集团党委"} & set(table)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("江浦市第二人民医院", "江浦市二院"),
        ("第一中学", "一中"),
        ("江浦县第十一中学党支部", "江浦县十一中党支部"),
        ("江浦县第一高级中学", "江浦县一高"),
        ("江浦县第二幼儿园", "江浦县二幼"),
        ("江浦市人民医院", None),  # unnumbered
        ("江浦市第2中学", None),  # numbered in digits: left as written
    ],
)
def test_numbered_short_forms_come_from_institutions(name: str, short: str | None) -> None:
    """The numbered short form one module writes (rag.institutions) is the one a question's
    department is read by (rag.short_names)."""
    assert numbered_short(name) == short
    if short is not None:
        assert re.search(SHORT_FORM, short)
        dept = f"中共{name}委员会" if not name.endswith("党支部") else name
        assert dept in short_forms((dept,)).get(
            short.removeprefix("江浦县").removeprefix("江浦市"), ()
        )
