"""Each listed occurrence of a term shows the words around it, also where the term stands
at the edge of its sentence — on documents written for this test (a 水利局's 要点 with
run-in headings 2.推行“X”。 whose content follows, a 税务局's 总结 with inline items
一是…；二是… and a clause right after a figure ending the sentence before).

The shape: a KWIC line holds at least a few characters on each side of the term inside the
term's line, taken from the neighbouring sentence when the term's own sentence ends there.
The tuned part was looked at while choosing the width; the held-out part (other terms,
other ways of asking, a second occurrence in one line) was first run on the finished fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.concordance import Concordance, context_span
from rag.service import Library
from rag.text import normalize

DOCS = {
    "slj.txt": """中共云川市水利局机关委员会
2025年机关党建工作要点

一、加强理论武装
（一）抓好集中学习
1.推行“午间微党课”。各党支部利用每周三午休时间开展微党课，全年不少于30次。
2.开展“河长讲堂”。局领导每季度到联系河段授课1次。
二、建强基层组织
（一）规范组织生活
1.落实“支部联学”机制。与3个乡镇水管站开展联学共建，每半年交流1次。

中共云川市水利局机关委员会
2025年1月20日
""",
    "swj.txt": """国家税务总局云川市税务局2024年党建工作总结

一、理论学习走深走实
全年召开党委会研究党建工作18次；一是坚持“清泉税课”制度，局党委全年开展专题学习22次；二是用好“税e学”平台，党员人均学时56学时。
二、作风建设持续加强
全局建成廉洁文化角9个；三是推行“阳光办税”承诺，窗口服务好评率99.2%。建立“税务红管家”队伍5支。“阳光办税”在全系统推广。

国家税务总局云川市税务局党委
2024年12月30日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "termctx", bundled_embedder, DOCS)


def _shown(lib: Library, question: str) -> str:
    a = lib.ask(question)
    assert a.found, a.answer
    cited = [c.text for c in a.citations]
    return normalize(cited_text(lib, a) + "".join(cited))


def test_context_takes_words_from_the_neighbouring_sentence_of_the_line() -> None:
    text = "一是抓学习。二是推行“某某”。各支部每周开展。\n下一行另起"
    start = text.index("某某")
    a, b = context_span(text, start, start + 2)
    assert text[a:b].startswith("一是抓学习") or a <= text.index("。二是") - 3
    assert "各支部每周" in text[a:b]
    assert "下一行" not in text[a:b]  # never across a line break


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        # a run-in heading 1.推行“X”。: the content after it is shown with it
        ("午间微党课", ["1.推行“午间微党课”。各党支部利用每周三"]),
        # an inline item starting at the term's clause: the end of the clause before it
        ("“清泉税课”都在哪里提到", ["建工作18次；一是坚持“清泉税课”制度"]),
    ],
)
def test_tuned_occurrences_show_the_words_around_the_term(
    lib: Library, question: str, must: list[str]
) -> None:
    shown = _shown(lib, question)
    for span in must:
        assert normalize(span) in shown, (span, shown)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("请把“河长讲堂”的原文都找出来", ["2.开展“河长讲堂”。局领导每季度到联系"]),
        ("支部联学 出处", ["1.落实“支部联学”机制。与3个乡镇水管站"]),
        (
            "阳光办税 相关表述 汇总",
            ["文化角9个；三是推行“阳光办税”承诺", "管家”队伍5支。“阳光办税”在全系统推广"],
        ),
    ],
)
def test_held_out_occurrences_show_the_words_around_the_term(
    lib: Library, question: str, must: list[str]
) -> None:
    shown = _shown(lib, question)
    for span in must:
        assert normalize(span) in shown, (span, shown)
    term = question.split("“")[1].split("”")[0] if "“" in question else question.split()[0]
    assert Concordance(lib.documents).count(term) >= len(must)


# --- 分别 over the places a phrase stands: a term search, not a comparison -----------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "term", "held_out"),
    [
        ("午间微党课 在几个文件里出现过，分别咋写的", "午间微党课", False),
        ("“阳光办税”在哪些地方提到过，各自是怎么写的", "阳光办税", True),
        ("清泉税课都出现在哪里 分别怎么表述", "清泉税课", True),
    ],
)
def test_each_place_of_a_phrase_is_a_term_search(
    lib: Library, question: str, term: str, held_out: bool
) -> None:
    from rag.question import read_cues

    cues = read_cues(question)
    assert cues.term and not cues.compare, held_out
    a = lib.ask(question)
    assert a.kind == "term", (held_out, a.answer)
    n = Concordance(lib.documents).count(term)
    assert f"共出现 {n} 次" in a.answer, a.answer


def test_two_named_sides_with_each_stay_a_comparison() -> None:
    from rag.question import read_cues

    assert read_cues("水利局和税务局分别是怎么提党建品牌的").compare
