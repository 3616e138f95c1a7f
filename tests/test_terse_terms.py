"""Answer shapes of terse term questions and of whose-act questions on a rare phrase
(``rag.answer_terms.terse_term``, ``rag.answer_evidence.WHOSE_ACT``), on documents written
for this test (tests/data/own/termshape).

1. A question that is, once its asking words are out (相关内容, 全找出来, 都有哪些, 汇总,
   原文, 出处), one phrase the documents hold verbatim in several places — inside longer
   words too (X队 in 党员X队, 青年X队), a title holding it as well — gets every occurrence,
   per document, with the unit of each: not the outline of the document whose title holds
   it, not one passage.
2. "X是哪个部门组织的" / "X是谁搞的" with X a phrase of one document: that document, its
   unit named and its sentence cited — the asking words (部门, 组织, 谁, 搞) are no content,
   so another unit's passage holding 部门组织的 is no evidence.

The tuned corpus and questions were run while writing the change; the held-out corpus (another
city, other units, other phrases) and its questions were written before their first run
and not adjusted after.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library
from rag.text import normalize

DATA = Path(__file__).parent / "data" / "own" / "termshape"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "termshape-t", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(
        tmp_path_factory, "termshape-h", bundled_embedder, folders=[DATA / "heldout"]
    )


def _every_place(lib: Library, question: str, places: list[tuple[str, str]]) -> None:
    """A term answer citing each (unit, sentence part) place, the sentence's citation under
    that unit's document."""
    a = lib.ask(question)
    assert a.found, a.answer
    assert a.kind in {"term", "attribution"}, a.answer
    cited_text(lib, a)
    for unit, span in places:
        hits = [c for c in a.citations if normalize(span) in normalize(c.text)]
        assert hits, (span, a.answer)
        assert any(unit in c.department for c in hits), (unit, span, a.answer)
        assert unit in a.answer, (unit, a.answer)


def _whose(lib: Library, question: str, unit: str, span: str, others: list[str]) -> None:
    """Answered with the document holding the phrase: its unit, its sentence cited, no
    other unit."""
    a = lib.ask(question)
    assert a.found, a.answer
    assert unit in a.answer, a.answer
    assert any(normalize(span) in normalize(c.text) for c in a.citations), a.answer
    assert all(unit in c.department for c in a.citations), a.answer
    cited_text(lib, a)
    for o in others:
        assert o not in a.answer, (o, a.answer)


ASSAULT = [
    ("水利局", "组建党员突击队"),
    ("供销合作社", "成立青年突击队"),
    ("农业农村局", "组建巾帼突击队"),
]
GOOD = [("供销合作社", "创建“四好”党支部"), ("农业农村局", "新增1个四好党支部")]

TUNED_TERMS = [
    ("突击队 相关内容 全找出来", ASSAULT),
    ("突击队 汇总", ASSAULT),
    ("四好党支部", GOOD),
    ("四好党支部 出处", GOOD),
    ("党员突击队 都有哪些", [ASSAULT[0]]),
    # (the words opening the request: 把, 关于)
    ("把突击队的相关内容全找出来", ASSAULT),
    ("关于突击队的内容都找出来", ASSAULT),
]
TUNED_WHOSE = [
    ("法治体检进企业是哪个部门组织的", "司法局", "开展“法治体检进企业”活动"),
    ("法治体检进企业是谁搞的", "司法局", "开展“法治体检进企业”活动"),
    ("巡回审判进村居是哪个部门组织的", "人民法院", "开展“巡回审判进村居”主题党日"),
    # (the frame before the phrase: 牵头 no text holds was refused as an absent topic)
    ("谁牵头搞的法治体检进企业", "司法局", "开展“法治体检进企业”活动"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "places"), TUNED_TERMS)
def test_tuned_terse_term_every_place(
    tuned: Library, question: str, places: list[tuple[str, str]]
) -> None:
    _every_place(tuned, question, places)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "unit", "span"), TUNED_WHOSE)
def test_tuned_whose_rare_phrase(tuned: Library, question: str, unit: str, span: str) -> None:
    _whose(tuned, question, unit, span, ["民政局", "市场监督管理局"])


TUNED_SCOPED = [
    ("水利局 突击队 相关内容", ASSAULT[0], ["供销合作社", "农业农村局"]),
    ("农业农村局的突击队 相关内容 全找出来", ASSAULT[2], ["水利局", "供销合作社"]),
]


def _scoped(lib: Library, question: str, place: tuple[str, str], others: list[str]) -> None:
    """A term request scoped to one unit: its occurrences only, as a term answer."""
    _every_place(lib, question, [place])
    a = lib.ask(question)
    assert not any(o in c.department for c in a.citations for o in others), a.answer


@pytest.mark.slow
@pytest.mark.parametrize(("question", "place", "others"), TUNED_SCOPED)
def test_tuned_scoped_term(
    tuned: Library, question: str, place: tuple[str, str], others: list[str]
) -> None:
    _scoped(tuned, question, place, others)


@pytest.mark.slow
def test_tuned_plan_list_still_an_outline(tuned: Library) -> None:
    # (a list question naming a document keeps its outline)
    a = tuned.ask("汀州县水利局2025年党建工作要点有哪些重点任务")
    assert a.found and a.kind == "tasks", a.answer
    assert "组建党员突击队" in a.answer and "警示教育" in a.answer, a.answer


SERVICE = [
    ("税务局", "组建党员志愿服务队"),
    ("卫生健康委", "组建红色服务队"),
    ("民政局", "依托银发服务队"),
]
SHOW = [("税务局", "开展“三亮三比”活动"), ("卫生健康委", "推广“三亮三比”做法")]

HELDOUT_TERMS = [
    ("服务队 相关内容 都找出来", SERVICE),
    ("服务队 出处", SERVICE),
    ("服务队都有哪些", SERVICE),
    ("三亮三比", SHOW),
    ("三亮三比 汇总一下", SHOW),
    # (a second held-out batch, written after the frame before the phrase was added)
    ("服务队 原文都列出来", SERVICE),
    ("银发服务队 出处", SERVICE[2:]),
    # (a fourth held-out batch, written before its first run)
    ("把服务队的相关内容全部找出来", SERVICE),
    ("关于三亮三比的原文都列出来", SHOW),
    ("请将服务队相关内容汇总", SERVICE),
]
HELDOUT_WHOSE = [
    ("巾帼宣讲进网格是哪个单位组织的", "妇女联合会", "开展“巾帼宣讲进网格”活动"),
    ("“巾帼宣讲进网格”是谁搞的", "妇女联合会", "开展“巾帼宣讲进网格”活动"),
    ("巾帼宣讲进网格是哪个部门搞的", "妇女联合会", "开展“巾帼宣讲进网格”活动"),
    ("红领巾讲解员培训是哪个部门组织的", "教育局", "组织开展“红领巾讲解员”培训"),
    # (second held-out batch)
    ("谁组织的巾帼宣讲进网格", "妇女联合会", "开展“巾帼宣讲进网格”活动"),
    ("谁牵头开展的红领巾讲解员培训", "教育局", "组织开展“红领巾讲解员”培训"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "places"), HELDOUT_TERMS)
def test_heldout_terse_term_every_place(
    heldout: Library, question: str, places: list[tuple[str, str]]
) -> None:
    _every_place(heldout, question, places)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "unit", "span"), HELDOUT_WHOSE)
def test_heldout_whose_rare_phrase(heldout: Library, question: str, unit: str, span: str) -> None:
    _whose(heldout, question, unit, span, ["民政局", "卫生健康委"])


HELDOUT_SCOPED = [  # (a third held-out batch, written before its first run)
    ("民政局的服务队 出处", SERVICE[2], ["税务局", "卫生健康委"]),
    ("税务局 三亮三比 相关内容", SHOW[0], ["卫生健康委"]),
    ("卫生健康委 服务队 全找出来", SERVICE[1], ["税务局", "民政局"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "place", "others"), HELDOUT_SCOPED)
def test_heldout_scoped_term(
    heldout: Library, question: str, place: tuple[str, str], others: list[str]
) -> None:
    _scoped(heldout, question, place, others)


@pytest.mark.slow
def test_heldout_plan_list_still_an_outline(heldout: Library) -> None:
    a = heldout.ask("榕溪市卫生健康委2025年党建工作要点有哪些重点任务")
    assert a.found and a.kind == "tasks", a.answer
    assert "组建红色服务队" in a.answer and "廉政警示教育" in a.answer, a.answer


# A phrase beginning with a word one sentence quotes (“清档”) and every other sentence
# writes unquoted: the phrase's own occurrences, not the word's everywhere (a quoted coinage
# typed with its class noun — “某某”服务联盟 — is widened to the name; this word is none).
QUOTED_WORD = {
    "a.txt": """汀州县档案局2025年党建工作计划

　　一、深化党建品牌
　　推行“清档”工作法，以党建带档案业务。
　　二、压实工作责任
　　压实清档责任，各科室清档责任落实到人。每月开展清档检查，清档台账动态更新，清档进度按月通报。

中共汀州县档案局党组
2025年1月8日
""",
    "b.txt": """汀州县文化和旅游局2025年党建工作计划

　　一、加强档案管理
　　落实清档责任，年底前完成机关清档，清档结果报局党组。

中共汀州县文化和旅游局党组
2025年1月15日
""",
}


@pytest.fixture(scope="module")
def quoted_word(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "termshape-q", bundled_embedder, QUOTED_WORD)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["清档责任 汇总", "清档责任 相关内容 全找出来"])
def test_word_quoted_once_is_no_name(quoted_word: Library, question: str) -> None:
    a = quoted_word.ask(question)
    assert a.found and a.kind == "term", a.answer
    cited_text(quoted_word, a)
    assert "“清档责任”在 2 份文档中共出现 3 次" in a.answer, a.answer
    assert not any("清档检查" in c.text or "清档台账" in c.text for c in a.citations), a.answer
