"""A court named the way it is commonly abbreviated (KINDS21 K2): 中院 for a 中级人民法院,
高院 for a 高级人民法院 — the standard contractions of the court names of the Organic Law of
the People's Courts (高级/中级人民法院), as 法院 is of 人民法院. The form names the library's
court of that level when it has exactly one; it never names another organ (a 市监局 question
is not a 税务局's) nor a court of another level (省高院 is not a 中院).

Invented names. ``TUNED`` were looked at while adding the two rows; ``HELD_OUT`` were written
afterwards and first run with the rows in place."""

from __future__ import annotations

import pytest

from rag.question import department_mentions

TUNED_LIBRARY = (
    "云岭市中级人民法院党组",
    "国家税务总局云岭市税务局党委",
    "云岭市人民检察院党组",
)


def _named(question: str, library: tuple[str, ...]) -> set[str]:
    return {m.department for m in department_mentions(question, library)}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("中院党组讲话要求", {"云岭市中级人民法院党组"}),
        ("市中院今年要点", {"云岭市中级人民法院党组"}),
        ("云岭中院的要点", {"云岭市中级人民法院党组"}),
        ("中院和检察院的要点比较", {"云岭市中级人民法院党组", "云岭市人民检察院党组"}),
        # controls: another organ, another level
        ("市监局党组要点", set()),
        ("省高院今年要点", set()),
    ],
)
def test_tuned(question: str, expected: set[str]) -> None:
    assert _named(question, TUNED_LIBRARY) == expected


HELD_OUT_LIBRARY = (
    "中共青州市中级人民法院党组",
    "东海省高级人民法院",
    "青州市市场监督管理局",
    "临江县人民法院",
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("青州中院去年党建总结做了啥", {"中共青州市中级人民法院党组"}),
        ("中院党组今年的计划有几项", {"中共青州市中级人民法院党组"}),
        ("省高院的通知要求什么", {"东海省高级人民法院"}),
        ("高院和市监局的要点", {"东海省高级人民法院", "青州市市场监督管理局"}),
        # controls: no such organ in the library
        ("市税务局今年要点", set()),
        ("区中院的讲话", set()),  # a level the library's 中院 does not have
    ],
)
def test_held_out(question: str, expected: set[str]) -> None:
    assert _named(question, HELD_OUT_LIBRARY) == expected


def test_two_intermediate_courts_share_the_form_and_the_place_tells_them_apart() -> None:
    library = ("临江市中级人民法院", "望海市中级人民法院")
    assert _named("中院的要点", library) == set(library)
    assert _named("望海中院的要点", library) == {"望海市中级人民法院"}
