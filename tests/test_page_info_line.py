"""A news page's information line (来源、作者、发布时间、浏览量 under the headline, labels
of any site's wording: 信息来源/稿件来源/供稿, 发布日期/发稿时间, 点击数/阅读次数/访问次数,
on one line split by full-width spaces or bars, or one label a line): a question asking one
of its fields is answered from that line, the line cited; a counter asked by another word
(阅读量 where the page says 浏览次数) is the same field; a document with no counter refuses
the counter, naming it, and answers with no other number. The 来源 (or 供稿) names the
page's department when nothing else issues it.

Invented pages (tests/data/own/pageinfo): ``tuned`` were looked at while the rules were
written; ``heldout`` (other labels, separators, date forms and wordings) were written with
their questions before the rules were first run on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import answered_with, cited_text, open_library, refused_naming

from rag.answer_blocks import asked_fields
from rag.clean import clean_text
from rag.question import read_cues
from rag.service import Library

DATA = Path(__file__).parent / "data" / "own" / "pageinfo"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "pageinfo-tuned", bundled_embedder, folders=[DATA / "tuned"]
    )


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "pageinfo-held", bundled_embedder, folders=[DATA / "heldout"]
    )


# --- reading (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["那篇报道点击数是多少", "阅读量多少", "这篇新闻的访问次数", "浏览次数有多少"],
)
def test_a_counter_asked_by_any_word_is_one_field(question: str) -> None:
    assert read_cues(question).docinfo > 0
    assert asked_fields(question) == ("浏览量",)


def test_a_counter_on_the_info_line_stays_in_the_text() -> None:
    """The counter beside 来源 or 发布时间 (or one label a line under them) is part of the
    page's information, kept to be cited; a counter alone after the body is boilerplate."""
    raw = (
        "标题\n来源：某区委组织部　发布时间：2023-06-12　浏览次数：77\n正文一句话写在这里。\n"
        "供稿：某镇党委\n发稿时间：2024/3/8\n阅读次数：12\n"
        "　　正文又一段，写了好些内容，句子足够长，读作正文。\n浏览次数：9\n"
    )
    cleaned = clean_text(raw)
    assert "浏览次数：77" in cleaned.text and "阅读次数：12" in cleaned.text
    assert "浏览次数：9" not in cleaned.text
    assert [r.text for r in cleaned.removed] == ["浏览次数：9"]


# --- tuned ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("红色星期六那篇报道浏览量多少", "浏览量：1568"),
        ("东湖区那篇报道是哪天发布的", "发布时间：2023-06-12"),
        ("红色星期六志愿服务的报道来源是哪里", "来源：东湖区委组织部"),
        ("红色星期六那篇报道作者是谁", "作者：王某"),
        ("南岭县供销社主题党日那篇新闻点击数是多少", "点击数：302"),
        ("南岭县供销社主题党日的报道阅读量多少", "点击数：302"),
        ("南岭县供销社主题党日的新闻哪天发布的", "发布日期：2023年9月5日"),
        ("北川镇党建工作推进会的报道发稿时间", "发稿时间：2024/3/8"),
        ("北川镇推进会那篇报道信息来源是哪", "信息来源：北川镇党委办公室"),
        ("北川镇推进会那篇的阅读量是多少", "阅读次数：876"),
    ],
)
def test_tuned_fields_are_answered_from_the_info_line(
    tuned: Library, question: str, evidence: str
) -> None:
    answered_with(tuned, question, evidence)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "word"),
    [("西江市税务局要点的浏览量是多少", "浏览量"), ("西江市税务局要点的点击数", "点击数")],
)
def test_tuned_a_document_without_a_counter_refuses_it(
    tuned: Library, question: str, word: str
) -> None:
    refused_naming(tuned, question, word)


@pytest.mark.slow
def test_tuned_the_source_names_the_department(tuned: Library) -> None:
    depts = {d.doc_id: d.meta.department for d in tuned.documents}
    assert depts["t1_district_page"] == "东湖区委组织部"


# --- held out ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("安全护航主题党日那篇报道访问量是多少", "访问次数：2301"),
        ("安全护航主题党日的稿子是哪天发的", "发布时间：2024年11月3日"),
        ("安全护航那篇新闻是哪个单位供的稿", "河口区应急管理局"),
        ("安全护航那篇报道的撰稿人是谁", "撰稿：李某"),
        ("青石镇后备力量培训班的报道有多少人浏览过", "浏览次数：95"),
        ("青石镇培训班那篇报道点击量多少", "浏览次数：95"),
        ("青石镇培训班的报道发布日期", "发布日期：2025/4/21"),
        ("青石镇培训班那篇稿子来源是哪里", "供稿：青石镇党委"),
    ],
)
def test_heldout_fields_are_answered_from_the_info_line(
    held: Library, question: str, evidence: str
) -> None:
    answered_with(held, question, evidence)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("白沙县统计局党建工作总结的阅读量是多少", "阅读量"),
        ("白沙县统计局那份总结点击数有多少", "点击数"),
    ],
)
def test_heldout_a_document_without_a_counter_refuses_it(
    held: Library, question: str, word: str
) -> None:
    refused_naming(held, question, word)


@pytest.mark.slow
def test_heldout_the_source_names_the_department(held: Library) -> None:
    depts = {d.doc_id: d.meta.department for d in held.documents}
    assert depts["h2_town_page"] == "青石镇党委"
    assert depts["h1_emergency_page"].startswith("河口区应急管理局")


@pytest.mark.slow
def test_heldout_a_counter_answer_cites_no_body_number(held: Library) -> None:
    ans = held.ask("安全护航主题党日那篇报道访问量是多少")
    assert "2301" in cited_text(held, ans)
    assert "17处" not in ans.answer
