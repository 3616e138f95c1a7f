"""Finding every passage on a term, and comparisons, asked the ways a blind test found
failing — on documents written for this test (a 林业局's 要点, a 交通局's 总结, a speech):

- a term typed one character off or with digits for numerals is read in the corpus'
  spelling, a note says so, and every occurrence is listed;
- a term asked alone, in a long unpunctuated request, or as two quoted variants lists
  every occurrence (variants: one deduplicated list, grouped per document);
- a comparison keeps a side per named department — a misspelt one read as meant, one no
  document is of said so for that side;
- a yes/no or either-or question with a wrong guess is answered with the real figure, rank
  or speaker, never refused for the guess.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.concordance import Concordance
from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "forest.txt": """中共云岭市林业局机关委员会
关于印发《云岭市林业局2024年机关党建工作要点》的通知

各党支部：
　　现将《云岭市林业局2024年机关党建工作要点》印发给你们，请认真贯彻落实。

中共云岭市林业局机关委员会
2024年2月20日

云岭市林业局2024年机关党建工作要点

一、强化政治建设
（一）落实“第一议题”制度。局党组会议把学习总书记重要讲话作为“第一议题”。
（二）开展“两个维护”教育。组织“两个维护”专题研讨，把“两个维护”融入护林防火工作。
二、规范组织生活
（一）严格“三会一课”。各支部每月召开支委会，“三会一课”纳入考评。
（二）办好主题党日。每月第二个周四为主题党日，全年开展主题党日活动不少于12次。
（三）过好政治生日。党员入党当月由支部书记为其过政治生日。
三、建设书香机关
（一）推进书香机关建设。设立“林间书屋”，书香机关建设纳入文明创建。
""",
    "traffic.txt": """云岭市交通运输局2023年党建工作总结

　　2023年，市交通运输局党组以党建引领交通运输高质量发展。在全市机关党建考核中，市交通运输局位列第3名。

一、理论学习持续深化
　　一是落实第一议题制度。全年以“第一议题”形式学习36次。
二、组织建设更加规范
　　一是严格“三会一课”。全年开展主题党日活动40次，“三会一课”执行率100%。
三、存在的不足
　　主题党日形式不够丰富。

中共云岭市交通运输局党组
2024年1月12日
""",
    "speech.txt": """在全市机关党建工作会议上的讲话

市直机关工委副书记　陈某某

（2024年3月6日）

同志们：
　　下面，我讲两点意见。
　　第一，要抓实政治建设。严格执行“第一议题”制度，做到“两个维护”。
　　第二，要抓实支部建设。坚持“三会一课”，把主题党日办出特色。
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "terms", bundled_embedder, DOCS)


_checked = cited_text


def _occurrences(lib: Library, term: str) -> int:
    return Concordance(lib.documents).count(term)


@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("主题党曰", "主题党日"),
        ("政冶生日 出处", "政治生日"),
        ("书香机光相关表述", "书香机关"),
        ("第1议题", "第一议题"),
        ("3会1课", "三会一课"),
        ("2个维护都在哪里提到", "两个维护"),
    ],
)
def test_a_misspelt_or_digit_term_lists_every_occurrence_and_says_how_it_was_read(
    lib: Library, question: str, meant: str
) -> None:
    a = lib.ask(question)
    # (出处 with a few occurrences also names who wrote each: an attribution.)
    assert a.found and a.kind in ("term", "attribution"), a.answer
    notes = [b.text for b in a.blocks if b.kind == "note"]
    assert notes[0].startswith(f"按“{meant}”查找"), notes
    total = _occurrences(lib, meant)
    assert f"共出现 {total} 次" in notes[1]
    assert sum(1 for c in a.citations if meant in c.text) >= min(total, 1)
    assert a.question == question  # the answer keeps the question as asked
    _checked(lib, a)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("书香机关？", "书香机关"),  # one word; a heading holds it too
        ("两个维护", "两个维护"),
        ("帮我找一下材料里面所有讲到三会一课的地方我要写个东西用", "三会一课"),
        ("第一议题相关的都有哪些", "第一议题"),
        # how each one words it: the occurrences, per document
        ("主题党日 各单位咋说的", "主题党日"),
        ("两个维护大家都是怎么提的", "两个维护"),
    ],
)
def test_a_term_asked_alone_or_at_length_lists_every_occurrence(
    lib: Library, question: str, term: str
) -> None:
    a = lib.ask(question)
    assert a.found and a.kind == "term", a.answer
    total = _occurrences(lib, term)
    assert any(f"“{term}”在" in b.text and f"共出现 {total} 次" in b.text for b in a.blocks)
    docs_with = {d.doc_id for d in lib.documents if term in d.text}
    assert {b.doc for b in a.blocks if b.kind == "term"} == docs_with
    _checked(lib, a)


def test_two_quoted_variants_are_one_deduplicated_list(lib: Library) -> None:
    a = lib.ask("“第一议题”或者“第一议题制度”都算")
    assert a.found and a.kind == "term"
    head = a.blocks[0].text
    assert "第一议题" in head and "第一议题制度" in head
    # 第一议题制度 holds 第一议题: each place once, the longer span.
    assert f"共出现 {_occurrences(lib, '第一议题')} 次" in head
    b = lib.ask("“三会一课”和“主题党日”都列出来")
    union = _occurrences(lib, "三会一课") + _occurrences(lib, "主题党日")
    assert b.found and f"共出现 {union} 次" in b.blocks[0].text
    _checked(lib, b)


def test_union_page_merges_overlapping_variants() -> None:
    from rag.types import DocMeta, Document

    text = "落实第一议题制度。坚持第一议题。第一议题制度化。"
    doc = Document(DocMeta("d", "t", "部门", "其他"), text, (), "")
    page = Concordance([doc]).page_any(["第一议题", "第一议题制度"])
    assert page.total == 3
    assert [text[h.start : h.end] for h in page.hits] == [
        "第一议题制度",
        "第一议题",
        "第一议题制度",
    ]


def test_a_comparison_keeps_both_sides_also_a_misspelt_one(lib: Library) -> None:
    a = lib.ask("林业局和交通运输局在主题党日上有什么不同")
    assert a.found and a.kind == "compare"
    sides = [b.text for b in a.blocks if b.kind == "header" and b.level == 0 and b.label]
    assert any("林业局" in s for s in sides) and any("交通运输局" in s for s in sides)
    b = lib.ask("交通运输局跟林叶局在三会一课上有什么区别")  # 林叶局: one character off
    text = _checked(lib, b)
    assert b.kind == "compare" and "林业局" in text and "交通运输局" in text
    assert any("三会一课" in c.text for c in b.citations if c.doc == "forest")


def test_a_side_without_documents_says_so(lib: Library) -> None:
    a = lib.ask("林业局和宣传部的三会一课有何不同")
    assert a.found and a.kind == "compare"
    text = _checked(lib, a)
    assert "宣传部" in text and "无从比较" in text
    assert any(c.doc == "forest" for c in a.citations)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("林业局是不是要求全年主题党日活动不少于10次？还是15次？", "不少于12次"),
        ("交通运输局在全市机关党建考核中是不是第一名？", "位列第3名"),
        ("交通运输局党建考核全市排第几", "位列第3名"),
    ],
)
def test_a_wrong_guess_is_answered_with_the_real_value(
    lib: Library, question: str, evidence: str
) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert any(evidence in c.text for c in a.citations), a.answer
    _checked(lib, a)


def test_a_guessed_speaker_is_answered_with_the_speaker_line(lib: Library) -> None:
    a = lib.ask("全市机关党建工作会议上的讲话是市委书记讲的吧？")
    assert a.found and a.kind == "attribution", a.answer
    assert any("市直机关工委副书记" in c.text for c in a.citations)
    _checked(lib, a)
