"""Words that name a document scope the question; the rest choose the part (and a topic
asked of every document is answered from each one that holds it).

1. A speech reviewing the past year in a run of paragraphs (一是…取得新成效) before its
   main parts (第一…第五): a question naming the meeting and the year (words of the title)
   and asking what was achieved is answered with the review run its lead sentence
   (…取得了较好成绩。) announces, not the whole outline — whatever count the user
   half-remembers.
2. A topic asked of every document (各份材料, 几份文件) is answered from each document
   holding it: the section when a heading holds it, else the sentences that do.

Tuned on tests/data/own/scope_topic/tuned; the held-out part (other documents, other
wordings) was written before the first run of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import answered, cited_text, open_library

from rag.service import Library
from rag.text import normalize
from rag.theme_items import asks_each_unit, theme_core

DATA = Path(__file__).resolve().parent / "data" / "own" / "scope_topic"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "scope-tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "scope-heldout", bundled_embedder, folders=[DATA / "heldout"]
    )


def _shown(lib: Library, question: str, want: list[str], never: list[str]) -> None:
    a = answered(lib, question, want)
    shown = normalize(cited_text(lib, a))
    for span in never:
        assert normalize(span) not in shown, (span, a.answer)


# --- 1. the review run, not the whole outline -------------------------------------------

REVIEW = ["一是政治建设取得新成效", "五是党风廉政建设取得新成效"]
MAIN = ["第一，提高政治站位", "第五，一体推进不敢腐不能腐不想腐"]


@pytest.mark.parametrize(
    "q",
    [
        "2023年党建工作取得了哪些成绩",
        "那个局长在述职评议会上回顾2023年党建，说取得了哪些成绩？我记得是6个方面",
        "述职评议会讲话里2023年党建工作取得了哪些成绩？",
    ],
)
def test_tuned_review_run(tuned: Library, q: str) -> None:
    _shown(tuned, q, REVIEW, MAIN)


@pytest.fixture(scope="module")
def meetings(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    # (two more speeches at a 述职评议会: the meeting's name names no one document)
    folders = [DATA / "tuned", DATA / "tuned_meetings"]
    return open_library(tmp_path_factory, "scope-meetings", bundled_embedder, folders=folders)


@pytest.mark.parametrize(
    "q", ["2023年述职评议会讲话回顾了哪些成绩", "述职评议会上说2023年党建取得了哪些成绩"]
)
def test_tuned_review_run_unnamed(meetings: Library, q: str) -> None:
    _shown(meetings, q, REVIEW, MAIN)


def test_tuned_heading_still_chosen(tuned: Library) -> None:
    # (a word a heading holds beyond the lead-in's: that item, not the run)
    _shown(
        tuned,
        "述职评议会上作风建设取得了什么成效",
        ["为林农解决实际问题37件"],
        ["政治建设取得新成效"],
    )


# --- 2. a topic across documents ----------------------------------------------------------

CADRES = [
    "加强党务干部队伍建设",
    "建设高素质党务干部队伍",
    "严格党务干部选拔配备",
    "推动党务干部培训全覆盖",
    "健全党务干部与业务干部双向交流机制",
]


@pytest.mark.parametrize(
    "q",
    [
        "各份材料在党务干部队伍建设上都有什么安排或做法？",
        "几份文件在党务干部队伍建设上分别有什么安排？",
    ],
)
def test_tuned_topic_in_every_document(tuned: Library, q: str) -> None:
    # (the sentences, not the whole part around them: 三会一课 is another topic)
    _shown(tuned, q, CADRES, ["严格落实“三会一课”制度"])


def test_tuned_one_document_named(tuned: Library) -> None:
    _shown(
        tuned,
        "林业局2024年要点在党务干部队伍建设上有什么安排？",
        ["配齐专职党务干部"],
        ["建设高素质党务干部队伍", "推动党务干部培训全覆盖"],
    )


# --- held-out: a court's speech, a topic across a county's documents ----------------------

COURT_REVIEW = ["一是理论武装更加扎实", "四是廉政防线更加牢固"]
COURT_MAIN = ["第一，旗帜鲜明讲政治", "第四，坚定不移反腐败"]


@pytest.mark.parametrize(
    "q",
    [
        "院长在年度党建总结会上回顾2024年度工作，说全院党建呈现了哪些良好态势？好像是三个方面",
        "2024年度党建工作呈现出哪些良好态势",
        "全面从严治党工作部署会上的讲话，回顾2024年度党建有哪些成绩？",
    ],
)
def test_heldout_review_run(heldout: Library, q: str) -> None:
    _shown(heldout, q, COURT_REVIEW, COURT_MAIN)


SECRETARIES = ["建强基层党组织书记队伍", "坚持把支部书记选好配强", "组织支部书记到先进单位跟班学习"]


@pytest.mark.parametrize(
    "q",
    [
        "各份材料在支部书记队伍建设上都有哪些做法？",
        "这几份文件关于支部书记队伍建设分别是怎么安排的？",
    ],
)
def test_heldout_topic_in_every_document(heldout: Library, q: str) -> None:
    _shown(heldout, q, SECRETARIES, ["党费收缴使用管理规定"])


def test_heldout_one_document_named(heldout: Library) -> None:
    _shown(
        heldout,
        "卫生健康局要点里支部书记队伍怎么建？",
        ["领航工程"],
        ["坚持把支部书记选好配强", "跟班学习"],
    )


@pytest.mark.parametrize(
    ("q", "want"),
    [
        ("税务局2024年召开党委会研究党建工作几次？", "14次"),
        ("法院2024年度开展廉政家访多少户？", "47户"),
    ],
)
def test_heldout_title_year_is_scope(heldout: Library, q: str, want: str) -> None:
    answered(heldout, q, [want])


def test_each_document_words() -> None:
    for q in (
        "各份材料在X上都有什么安排",
        "这几份文件关于X分别是怎么安排的",
        "几个文件在X上有什么做法",
    ):
        assert asks_each_unit(q), q
    # (a count of the list asked, 六个全覆盖, is no set of documents)
    assert not asks_each_unit("六个全覆盖都包括啥")
    assert theme_core("各份材料在党务干部队伍建设上", ["党务", "干部队伍", "建设"]) == "党务干部"
    assert theme_core("各单位在作风建设方面", ["作风", "建设"]) is None


# --- held-out 2 (written after the first held-out run, before its own first run) ---------


@pytest.fixture(scope="module")
def heldout2(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "scope-heldout2", bundled_embedder, folders=[DATA / "heldout2"]
    )


PORT_REVIEW = ["一是党建引领作用有效发挥", "三是人才队伍不断壮大"]
PORT_MAIN = ["第一，坚持政治引领", "第三，坚持正风肃纪"]


@pytest.mark.parametrize(
    "q",
    [
        "董事长在述职评议暨警示教育大会上讲2025年取得了哪些成效？记得有四条",
        "港务集团2025年党建述职评议大会上回顾的成绩有哪些",
    ],
)
def test_heldout2_review_run(heldout2: Library, q: str) -> None:
    _shown(heldout2, q, PORT_REVIEW, PORT_MAIN)


def test_heldout2_main_parts_still_answer(heldout2: Library) -> None:
    # (asking the requirements: the 第一…第三 run, not the review)
    _shown(heldout2, "述职评议暨警示教育大会上董事长讲了哪三点要求？", PORT_MAIN, PORT_REVIEW)


YOUNG = ["加强青年干部队伍建设", "建立青年干部成长档案", "完善青年干部导师帮带制度"]


@pytest.mark.parametrize(
    "q",
    [
        "各份材料在青年干部队伍建设方面都有哪些做法？",
        "这几份文件对青年干部队伍建设分别有什么安排？",
    ],
)
def test_heldout2_topic_in_every_document(heldout2: Library, q: str) -> None:
    _shown(heldout2, q, YOUNG, ["党员积分管理制度", "开展廉洁文化进课堂活动"])
