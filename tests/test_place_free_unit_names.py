"""Names a document calls its own unit by with the place left out, and the structure of a
Markdown section numbered inside:

- K1: a county court's speech that says 县法院 (level + 人民法院 contracted to 法院), a
  procuratorate's 县检察院, and a bank whose 总结 calls itself by a code letter (Y行党委)
  are named by those forms: a question saying only that form is of that unit.
- K2: a news page headlined by the unit's party branch without its place (市档案馆党支部：…,
  区图书馆第二党支部举办…) whose 来源 gives the unit's full name is the unit's: the
  department is the 来源's name, not the branch's place-free form.
- K3: an unnumbered Markdown heading (## 保障措施) over items numbered 一、二、三、 is a
  section with those items as its children, not an empty heading beside them.

Invented documents. ``TUNED`` cases were looked at while writing the rules; ``HELD_OUT``
ones were written with them, before the code, and first run after it.
"""

from __future__ import annotations

import pytest

from rag.metadata import infer_meta
from rag.outline import parse_outline
from rag.question import departments_named, self_name_mentions
from rag.short_names import self_names
from rag.types import Section

# --- K1: self-names without the place ------------------------------------------------------

_COURT = (
    "在全院党风廉政建设工作会议上的讲话\n{unit}党组书记、院长 周立新\n\n同志们：\n"
    "今年以来，{short}党组坚持全面从严治党。{short}纪检组要对案款发放开展专项检查。\n"
    "{short}将选派青年干警到基层锻炼。\n"
)
_BANK = (
    "中共中国{brand}银行{branch}委员会\n2025年党建工作总结\n\n"
    "今年以来，{code}党委坚持以党建引领业务发展。{code}党委全年举办专题党课6期。\n"
    "{code}新发展党员3名。\n\n中共中国{brand}银行{branch}委员会\n2025年12月20日\n"
)
_OTHER = (
    "国家税务总局云屏市税务局2025年党建工作要点\n\n一、加强理论武装\n各党支部每季度开展党课，"
    "纪检组开展纪律建设专项检查。\n\n国家税务总局云屏市税务局\n2025年2月10日\n"
)

K1_TUNED = [
    # (text, the department, the short form, a question by that form)
    (
        _COURT.format(unit="松原县人民法院", short="县法院"),
        "松原县人民法院",
        "县法院",
        "县法院纪检组对案款提了什么要求",
    ),
    (
        _BANK.format(brand="丰泰", branch="岚山支行", code="Y行"),
        "中共中国丰泰银行岚山支行委员会",
        "Y行",
        "Y行今年办了几期党课",
    ),
]
K1_HELD_OUT = [
    (
        _COURT.format(unit="青石岭县人民检察院", short="县检察院").replace("院长", "检察长"),
        "青石岭县人民检察院",
        "县检察院",
        "县检察院讲话对办案安全提了什么要求",
    ),
    (
        _BANK.format(brand="云海", branch="东江分行", code="H分行"),
        "中共中国云海银行东江分行委员会",
        "H分行",
        "H分行新发展了几名党员",
    ),
    (
        _BANK.format(brand="北辰", branch="南湖支行", code="NB行"),
        "中共中国北辰银行南湖支行委员会",
        "NB行党委",
        "NB行党委举办了几期党课",
    ),
]


@pytest.mark.parametrize(("text", "department", "short", "question"), K1_TUNED + K1_HELD_OUT)
def test_place_free_self_name_names_the_unit(
    text: str, department: str, short: str, question: str
) -> None:
    meta = infer_meta("doc.txt", text)
    assert meta.department == department
    assert short in meta.short_names
    metas = [meta, infer_meta("tax.txt", _OTHER)]
    assert departments_named(short, metas) == (department,)
    assert {m.department for m in self_name_mentions(question, metas)} == {department}


def test_code_letter_is_no_name_of_a_non_bank() -> None:
    """A code letter + 行 in a text that is no bank's (a 人行 reference inside a tax
    bureau's notice) is no self-name."""
    text = "云屏市税务局\n关于配合A行开展走访的通知\n请各科室配合A行工作。\n"
    assert not any(n.startswith("A行") for n in self_names("云屏市税务局", text))


def test_code_letter_inside_a_latin_word_is_no_name() -> None:
    text = "中共中国丰泰银行岚山支行委员会\n推广ETC行业应用，ETC行业客户增长。\n"
    names = self_names("中共中国丰泰银行岚山支行委员会", text)
    assert not any("C行" in n for n in names)


# --- K2: news page headlined by the unit's party branch ------------------------------------

K2_TUNED = [
    (
        "市档案馆党支部：红色档案进社区\n发布时间：2025-04-02 来源：云屏市档案馆\n"
        "近日，市档案馆党支部组织党员走进社区，展出红色档案40余件。\n",
        "云屏市档案馆",
    ),
    (
        "区图书馆第二党支部举办“党史读书会”\n来源：临溪区图书馆　发布日期：2024-06-11\n"
        "6月10日，区图书馆第二党支部举办党史读书会，30名党员参加。\n",
        "临溪区图书馆",
    ),
]
K2_HELD_OUT = [
    (
        "市气象台党支部：气象服务进田头\n2023-07-02 09:10 来源：云屏市气象台\n"
        "7月以来，市气象台党支部组织25名党员下乡服务。\n",
        "云屏市气象台",
    ),
    (
        "县博物馆党总支开展主题党日活动\n来源：平湖县博物馆\n"
        "近日，县博物馆党总支组织党员参观革命旧址。\n",
        "平湖县博物馆",
    ),
]


@pytest.mark.parametrize(("text", "department"), K2_TUNED + K2_HELD_OUT)
def test_branch_headline_names_the_source_unit(text: str, department: str) -> None:
    meta = infer_meta("page.html", text)
    assert meta.department == department
    assert any(b.startswith("来源") and department in b for b in meta.department_basis)


def test_other_units_branch_keeps_its_own_name() -> None:
    """A branch of another unit than the 来源 (档案馆 vs 来源 水利局) is not the 来源's."""
    text = "市档案馆党支部：红色档案进社区\n来源：云屏市水利局\n近日，市档案馆党支部组织党员……\n"
    assert infer_meta("page.html", text).department != "云屏市水利局"


# --- K3: unnumbered Markdown heading over 一、 items --------------------------------------


def _tree(secs: tuple[Section, ...]) -> list[tuple[str, list[str]]]:
    return [(s.heading, [c.number + c.heading for c in s.children]) for s in secs]


K3_TUNED = [
    (
        "# 关于开展主题活动的实施方案\n\n## 工作目标\n\n通过活动，提升党员素质。\n\n## 保障措施\n\n"
        "一、压实责任。各支部书记是第一责任人。\n\n二、加强宣传。利用公众号宣传。\n\n"
        "三、严格督导。镇党委定期检查。\n",
        [
            ("工作目标", []),
            ("保障措施", ["一、压实责任", "二、加强宣传", "三、严格督导"]),
        ],
    ),
]
K3_HELD_OUT = [
    (
        "# 某所2025年党建工作计划\n\n为做好今年工作，制定本计划。\n\n## 重点任务\n\n"
        "一、抓好理论学习。每月一次集中学习。\n\n二、夯实支部建设。推进标准化。\n\n"
        "## 工作要求\n\n一、提高认识。各支部要高度重视。\n\n二、加强协作。各部门密切配合。\n",
        [
            ("重点任务", ["一、抓好理论学习", "二、夯实支部建设"]),
            ("工作要求", ["一、提高认识", "二、加强协作"]),
        ],
    ),
    (
        "# 某站学习方案\n\n### 进度安排\n\n一、3月底前完成动员部署。\n\n二、6月底前完成集中学习。\n\n"
        "### 联系方式\n\n联系人：王某。\n",
        [
            ("进度安排", ["一、3月底前完成动员部署", "二、6月底前完成集中学习"]),
            ("联系方式", []),
        ],
    ),
]


@pytest.mark.parametrize(("text", "tree"), K3_TUNED + K3_HELD_OUT)
def test_unnumbered_md_heading_encloses_its_items(
    text: str, tree: list[tuple[str, list[str]]]
) -> None:
    assert _tree(parse_outline(text)) == tree


def test_numbered_parts_before_md_headings_stay_the_outline() -> None:
    """一、二、 parts before any Markdown heading (a closing ``## 附件说明``): the numbers
    are the outline, as before."""
    text = (
        "一、总体要求\n\n坚持党建引领。\n\n二、主要任务\n\n抓好学习。\n\n## 附件说明\n\n附件略。\n"
    )
    assert [s.number + s.heading for s in parse_outline(text)][:2] == [
        "一、总体要求",
        "二、主要任务",
    ]
