"""Names of organisations and document metadata, sixth round (issue 12; KINDS6 Y1, Y2,
Y8a, Y8b): documents of invented organisations written for these tests
(``tests/data/own/names6/tuned``; the ``names6/heldout`` part, other organisations and
layouts, is measured by ``rag eval`` only).

- Y1: an organ's official short form (规范简称) the text uses is a self-name: the last word
  contracted (委员会 → 委, 办公室 → 办), 和-words dropped in order, the place replaced by its
  level (石埠市住房和城乡建设委员会 → 市住房城乡建设委).
- Y2: a speech whose organisation stands only in its subtitle (——在X…会议上的讲话), the
  speaker's post relative to it (支行党委书记、行长), is that organisation's.
- Y8a: an organ's name over a title that names its organ itself is the 版头, not the title's
  first line (a 文号 between or not).
- Y8b: a news page whose 来源 is its subject's office is the organ's, by the fullest name
  the body writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.ingest import build_document
from rag.metadata import UNKNOWN_DEPARTMENT, infer_meta
from rag.service import Library
from rag.short_names import header_names, self_names

TUNED = Path(__file__).resolve().parent / "data" / "own" / "names6" / "tuned"


def _meta(name: str) -> Any:
    path = TUNED / name
    return build_document(path.stem, path.read_text(encoding="utf-8")).meta


# --- Y1: official short forms --------------------------------------------------------


@pytest.mark.parametrize(
    ("department", "text", "name"),
    [
        (
            "中共石埠市住房和城乡建设委员会机关委员会",
            "2025年市住房城乡建设委机关党建工作的总体要求是：……。市住房城乡建设委全年发文……",
            "市住房城乡建设委",
        ),
        # the place kept in front is the same organ's form
        (
            "石埠市城市管理委员会",
            "近日，石埠市城市管理委党组召开会议。石埠市城市管理委……",
            "石埠市城市管理委",
        ),
        # 办公室 → 办, 人民 of 人民政府 dropped, its head 政府 kept
        ("枫岭县人民政府办公室", "县政府办党组……县政府办机关……", "县政府办"),
        # the innermost level of a district organ
        (
            "中共石埠市东湖区卫生健康委员会党组",
            "区卫生健康委各科室……区卫生健康委……",
            "区卫生健康委",
        ),
    ],
)
def test_an_official_short_form_the_text_uses_is_a_self_name(
    department: str, text: str, name: str
) -> None:
    names = self_names(department, text)
    assert name in names
    # (shown in the header, or already inside the full name: 石埠市城市管理委员会)
    assert name in department + "".join(header_names(department, names))


@pytest.mark.parametrize(
    ("department", "text"),
    [
        # a place's own committee: 县委 is the level's own name, never derived here
        ("中共枫岭县委员会", "县委决定……县委组织部负责统筹……县委要求……"),
        # the full word written out is no short form; another organ's 委 is none either
        ("石埠市住房和城乡建设委员会", "石埠市住房和城乡建设委员会……市委要求……市纪委监委……"),
        # words of the organ out of order, or its last word's head dropped
        ("石埠市发展和改革委员会", "市改革发展委……市发展委……"),
        # no level or place in front: a bare organ word is no name of this organ
        ("石埠市发展和改革委员会", "发展改革委系统……发展改革委……"),
    ],
)
def test_no_official_short_form_is_invented(department: str, text: str) -> None:
    assert not [n for n in self_names(department, text) if n.endswith("委")]


def test_the_official_short_form_is_bracketed_first() -> None:
    # the full name's own forms written more often: the official form still shown first
    department = "中共石埠市住房和城乡建设委员会机关委员会"
    text = (
        "石埠市住房和城乡建设委员会机关党委要……。" * 3
        + "机关党委……" * 2
        + "市住房城乡建设委机关党建……"
    )
    shown = header_names(department, self_names(department, text))
    # (shown with its place, as a level-led self-name is: 石埠市住房城乡建设委)
    assert shown[0].endswith("市住房城乡建设委")


def test_the_tuned_commission_is_shown_by_its_official_short_form() -> None:
    meta = _meta("t01_housing_points.txt")
    assert meta.department == "中共石埠市住房和城乡建设委员会机关委员会"
    assert meta.short_names[0] == "市住房城乡建设委"


# --- Y2: a speech's organisation in its subtitle ---------------------------------------


def test_a_speech_is_its_subtitles_organisation() -> None:
    meta = _meta("t03_bank_speech.txt")
    # the speaker is named the secretary of the 支行's 党委: that 党委 (the subtitle's form
    # inside it, as users type it)
    assert meta.department == "澄江农商银行西岸支行党委"
    assert "澄江农商银行西岸支行" in meta.department_basis[0]
    assert meta.title == "凝心聚力抓党建　守正创新促发展"


def test_a_relative_post_that_is_no_secretary_keeps_the_organisation() -> None:
    text = (
        "守正创新谋发展\n——在青梧农商银行南门支行2025年工作会议上的讲话\n支行行长　XXX\n"
        "（2025年1月6日）\n\n同志们：\n今年支行要新增存款5亿元。\n"
    )
    assert infer_meta("x", text).department == "青梧农商银行南门支行"
    # the subtitle written without its dash, the speaker its secretary
    text = text.replace("——在", "在").replace("支行行长", "支行党委书记、行长")
    assert infer_meta("x", text).department == "青梧农商银行南门支行党委"


def test_a_full_post_beats_the_meetings_organisation() -> None:
    meta = _meta("t04_audit_speech.txt")
    assert meta.department == "枫岭县审计局"
    for subtitle in (
        "——在全市审计工作会议上的讲话",
        "——在石埠市医疗保障局2025年党建工作会议上的讲话",
    ):
        text = (
            f"以案为鉴守底线\n{subtitle}\n石埠市审计局局长　XXX\n（2025年4月2日）\n\n"
            "同志们：\n今天的会议以案说纪。\n"
        )
        assert infer_meta("x", text).department == "石埠市审计局"


def test_a_meeting_of_a_place_names_no_organisation() -> None:
    text = (
        "抓党建促发展\n——在全县2025年党建工作会议上的讲话\n局长　XXX\n（2025年2月1日）\n\n"
        "同志们：\n今年要抓好三件事。\n"
    )
    assert infer_meta("x", text).department == UNKNOWN_DEPARTMENT


# --- Y8a / Y8b: the 版头 without 文件; a news page's department --------------------------


def test_an_organ_line_over_a_titled_plan_is_its_banner() -> None:
    meta = _meta("t05_insurance_plan.txt")
    assert meta.title == "石埠市医疗保障局2025年党建工作计划"
    assert meta.department == "中共石埠市医疗保障局党组"
    md = (
        "# 中共枫岭县第二中学委员会\n\n## 枫岭县第二中学2025年党建工作计划\n\n"
        "为加强学校党建工作，制定本计划。\n\n### 一、加强政治建设\n\n开展专题学习。\n"
    )
    meta = build_document("md", md).meta
    assert meta.title == "枫岭县第二中学2025年党建工作计划"
    assert meta.department == "中共枫岭县第二中学委员会"


def test_a_title_under_its_organ_still_joins() -> None:
    # 中共X委员会 / 关于…的通知: one title (the organ is the title's own first words)
    meta = _meta("t01_housing_points.txt")
    assert meta.title.startswith("中共石埠市住房和城乡建设委员会机关委员会关于印发")


def test_a_news_page_published_by_its_subjects_office() -> None:
    meta = _meta("t06_audit_news.txt")
    assert meta.department == "澄江市东湖区审计局党组"
    assert "东湖区审计局" in meta.short_names


# --- through the library ------------------------------------------------------------


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "names6", bundled_embedder, folders=[TUNED])


def _header(lib: Library, question: str) -> str:
    answer = lib.ask(question)
    cited_text(lib, answer)
    return " ".join(b.text for b in answer.blocks if b.kind == "header")


def test_the_header_names_the_official_short_form(lib: Library) -> None:
    # asked by a colloquial name: the header still brackets the text's own official form
    assert "市住房城乡建设委" in _header(lib, "石埠市住建委机关今年要评出几个五星支部")


def test_the_header_names_the_subtitles_organisation(lib: Library) -> None:
    header = _header(lib, "西岸支行那篇讲话里，走访小微企业的目标是多少户")
    assert "澄江农商银行西岸支行" in header
    assert UNKNOWN_DEPARTMENT not in header
