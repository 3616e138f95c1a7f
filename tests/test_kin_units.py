"""A sibling or parent of a unit is another unit (KINDS17 K4, K5): documents of invented
organisations (``tests/data/own/kin_units``), through the real library (bundled embedder,
FAISS, BM25).

- K4: a unit's names are forms of its own name. A question naming a sibling (第一 vs 第二
  党支部), the parent (a bureau's 机关党委 of its 支部, a university's 党委 of its 学院党委)
  or the portal that published a page (来源：X市人民政府网) is refused, naming the unit the
  library does hold; the unit itself, by its full or short name, is still answered.
- K5: a structural word of the question (第二部分) is no unit's short name.

The ``tuned`` documents and cases were looked at while coding; the ``heldout`` ones (other
organisations, other wording) were written first and not looked at. Added to the tuned part
during the fix: the portal named beside the page's unit or as where it was published, a bare
numbered sibling (第一党支部), 第二支部 as a control. One held-out case failed once on an
intermediate version (a portal refused only when no unit was mentioned: the place of the
portal's own name counted as one) and passed after the general fix (a mention inside the
portal's name is no unit beside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.kin_units import in_structural_word, names_parent, publishers, without_publisher
from rag.service import Library
from rag.short_names import short_forms

DATA = Path(__file__).resolve().parent / "data" / "own" / "kin_units"

BRANCH = "中共青屿市自然资源局机关第二支部委员会"
COLLEGE = "中共云杉大学材料学院委员会"


# --- pure parts ---------------------------------------------------------------------


def test_no_short_form_is_a_structural_word() -> None:
    forms = short_forms((BRANCH, "中共南岭县统计局机关第三支部委员会"))
    for form in forms:
        assert not form.startswith("第"), form
        assert form not in ("第二部", "第三部")


def test_no_parent_among_a_units_names() -> None:
    from rag.metadata import department_aliases

    for dept, parent in (
        (BRANCH, "青屿市自然资源局机关党委"),
        (COLLEGE, "云杉大学党委"),
    ):
        names = set(department_aliases(dept)) | set(short_forms((dept,)))
        assert parent not in names
        assert "机关党委" not in names


@pytest.mark.parametrize(
    ("span", "department", "parent"),
    [
        ("青屿市自然资源局机关党委", BRANCH, True),
        ("自然资源局党委", BRANCH, True),
        ("云杉大学党委", COLLEGE, True),
        # the unit's own names (controls)
        ("自然资源局第二党支部", BRANCH, False),
        ("第二党支部", BRANCH, False),
        ("材料学院党委", COLLEGE, False),
        ("云杉大学材料学院党委", COLLEGE, False),
        ("青屿市自然资源局", BRANCH, False),  # no party organ said: left to the mention
        # an organ inside a longer name is the unit's own (X总局 | Y市税务局 + 机关党委)
        ("税务局机关党委", "中共国家税务总局江屿市税务局机关委员会", False),
        ("江屿市税务局机关党委", "中共国家税务总局江屿市税务局机关委员会", False),
        ("审计局机关党委", "中共东溪县审计局机关委员会", False),
    ],
)
def test_names_parent(span: str, department: str, parent: bool) -> None:
    assert names_parent(span, department) is parent


def test_structural_words() -> None:
    q = "气象局讲话第二部分讲了什么"
    start = q.index("第二部")
    assert in_structural_word(q, start, start + 3)
    assert not in_structural_word(q, 0, 3)  # 气象局
    q2 = "第二党支部第三条规定了什么"
    assert not in_structural_word(q2, 0, 5)
    assert in_structural_word(q2, 5, 7)


def test_real_short_forms_still_made() -> None:
    forms = short_forms(("青屿市人力资源和社会保障局", "东江市第二人民医院", BRANCH))
    for form in ("人社局", "市人社局", "二院", "市二院", "自然资源局机关第二党支部"):
        assert form in forms
    assert not any(f.endswith("第二") for f in forms)


def test_publisher_fields() -> None:
    page = "某某开展活动\n来源：江屿市人民政府网　　发布时间：2024-01-02\n（某某局供稿）"
    assert publishers(page) == ["江屿市人民政府网"]
    assert "江屿市人民政府网" not in without_publisher(page)
    assert publishers("来源：江屿市港务局") == []  # a unit, no site: left as it is


# --- through the library --------------------------------------------------------------


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "kin-tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "kin-heldout", bundled_embedder, folders=[DATA / "heldout"]
    )


TUNED_ANSWERED = [
    ("青屿市自然资源局机关第二党支部现有党员多少名", "支部现有党员14名"),
    ("第二党支部现有党员多少名", "支部现有党员14名"),
    ("第二支部开了几次支委会", "支委会12次"),
    ("自然资源局第二党支部今年开了几次党员大会", "召开支部党员大会4次"),
    ("云杉大学材料学院党委全年发展了多少党员", "全年发展党员27名"),
    ("材料学院党委书记述职报告里存在哪些问题", "党建与学科建设融合不够深"),
    ("青屿市港口管理局排查整改了多少处隐患", "整改隐患9处"),
    ("港口管理局开展了什么主题党日活动", "党旗映港湾"),
    # the portal named as where a page was published, or beside the page's unit
    ("港口管理局在青屿市人民政府网上的新闻里整改了多少处隐患", "整改隐患9处"),
    ("青屿市人民政府网上发布的党建新闻讲了什么活动", "党旗映港湾"),
    ("气象局讲话第二部分部署了哪几项重点任务", "压实管党治党政治责任"),
    ("周明远讲话的第二部分讲了什么", "深化作风建设"),
]

TUNED_REFUSED = [
    ("青屿市自然资源局机关第一党支部现有党员多少名", "第二"),
    ("自然资源局第三党支部发展了几名党员", "第二"),
    ("第一党支部现有党员多少名", "第二"),  # (added after coding: a bare sibling branch)
    ("青屿市自然资源局机关党委现有党员多少名", "第二"),
    ("云杉大学党委今年发展了多少党员", "材料学院"),
    ("云杉大学党委对述职报告的评议意见是什么", "材料学院"),
    ("青屿市人民政府网开展了哪些党建活动", "港口管理局"),
]

HELDOUT_ANSWERED = [
    ("南岭县统计局机关第一党支部全年发展党员几名", "全年发展党员2名"),
    ("统计局第一党支部走访了多少统计调查户", "走访统计调查户120户"),
    ("临江师范大学文学院党委发展了多少名党员", "全年发展党员19名"),
    ("东川区水务局签订了多少份廉洁承诺书", "廉洁承诺书46份"),
    ("卫生健康局讲话第二部分有哪些重点工作", "强化医疗废物管理"),
]

HELDOUT_REFUSED = [
    ("南岭县统计局机关第二党支部全年发展党员几名", "第一"),
    ("南岭县统计局机关党委现有党员多少名", "第一"),
    ("临江师范大学党委今年发展了多少名党员", "文学院"),
    ("东川区人民政府网开展了哪些党建工作", "水务局"),
]


def _answered(lib: Library, question: str, evidence: str) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    assert evidence in cited_text(lib, ans), ans.answer


def _refused(lib: Library, question: str, near: str) -> None:
    ans = lib.ask(question)
    assert not ans.found, ans.answer
    # (the refusal names the unit of the family the library does hold, before its list)
    said = ans.answer.split("（文档库中的单位")[0]
    assert "文档库中有" in said and near in said.split("文档库中有")[1], ans.answer


@pytest.mark.parametrize(("question", "evidence"), TUNED_ANSWERED)
def test_tuned_answered(tuned: Library, question: str, evidence: str) -> None:
    _answered(tuned, question, evidence)


@pytest.mark.parametrize(("question", "near"), TUNED_REFUSED)
def test_tuned_refused(tuned: Library, question: str, near: str) -> None:
    _refused(tuned, question, near)


@pytest.mark.parametrize(("question", "evidence"), HELDOUT_ANSWERED)
def test_heldout_answered(heldout: Library, question: str, evidence: str) -> None:
    _answered(heldout, question, evidence)


@pytest.mark.parametrize(("question", "near"), HELDOUT_REFUSED)
def test_heldout_refused(heldout: Library, question: str, near: str) -> None:
    _refused(heldout, question, near)
