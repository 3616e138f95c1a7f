"""A news page titled by its subject's short form (``区人社局：…``, ``市卫健委：…``) whose
来源 line gives the registered name (滨江区人力资源和社会保障局) is that organisation's: the
department is the 来源's full name, the headline's form one of its short names — not a hybrid
of the headline's form and the body's party organ (区人社局党组).

Invented pages. ``TUNED`` were looked at while writing ``_contraction_of``; ``HELD_OUT`` were
written with them and first run after the rule was written."""

from __future__ import annotations

import pytest

from rag.metadata import infer_meta

TUNED = [
    (
        "区人社局：“就业驿站”打通服务最后一米\n发布时间：2024-05-08 来源：滨江区人力资源和社会保障局\n"
        "近日，区人社局党组在全区推出“就业驿站”。局党组书记表示……\n",
        "滨江区人力资源和社会保障局",
        "区人社局",
    ),
    (
        "市气象局：党员服务队进田头\n2023-07-02 09:10 来源：云屏市气象局\n"
        "7月以来，市气象局机关党委组织党员服务队深入田间地头……\n",
        "云屏市气象局",
        "市气象局",
    ),
    (
        "市卫健委：党建引领公立医院高质量发展\n来源：青川市卫生健康委员会  编辑：王某\n"
        "近日，市卫健委召开党建工作推进会……\n",
        "青川市卫生健康委员会",
        "市卫健委",
    ),
]

HELD_OUT = [
    (
        "县医保局：党员先锋岗守护群众“看病钱”\n来源：平湖县医疗保障局　发布时间：2024-09-18\n"
        "近日，县医保局党支部开展“我为群众办实事”活动……\n",
        "平湖县医疗保障局",
        "县医保局",
    ),
    (
        "区教体局：“红烛先锋”进校园\n发布日期：2023-11-02　来源：河西区教育和体育局\n"
        "11月1日，区教体局机关党委组织党员教师……\n",
        "河西区教育和体育局",
        None,  # (two words contracted, 教育和体育局 → 教体局: not read as a self-name yet)
    ),
    (
        "市发改委：党建引领项目建设提速\n来源：东平市发展和改革委员会\n"
        "今年以来，市发改委机关党委坚持……\n",
        "东平市发展和改革委员会",
        "市发改委",
    ),
]


@pytest.mark.parametrize(("text", "department", "short"), TUNED + HELD_OUT)
def test_headline_short_form_names_the_source_organisation(
    text: str, department: str, short: str | None
) -> None:
    meta = infer_meta("page.html", text)
    assert meta.department == department
    if short is not None:
        assert short in meta.short_names  # the headline's form stays a short name
    # the basis quotes the 来源 line the name is read from
    assert any(b.startswith("来源") and department in b for b in meta.department_basis)


def test_source_office_stays_the_organ_office_rule() -> None:
    """来源：X局办公室 under an X局：… headline: the office publishes for its organ (the
    existing rule), not the office itself as a contraction."""
    text = "云屏市气象局：党员服务队进田头\n来源：云屏市气象局办公室\n近日，云屏市气象局党组……\n"
    assert infer_meta("page.html", text).department.startswith("云屏市气象局")
    assert "办公室" not in infer_meta("page.html", text).department


def test_unrelated_source_is_not_a_contraction() -> None:
    """A 来源 whose name does not contain the headline's characters in order (another
    bureau) is not read as the headline unit's full name."""
    text = "市气象局：党员服务队进田头\n来源：云屏市水利局\n近日，市气象局党组……\n"
    assert infer_meta("page.html", text).department != "云屏市水利局"
