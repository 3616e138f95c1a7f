"""Which department said what, by the name users know it by (issue 12, the lead's i12m2
items and KINDS2 K1/K18): documents of new organisations written for these tests
(``tests/data/own/orgs2/tuned``; ``orgs2/heldout`` only measures, see TRUTH.md there),
through the real library (bundled embedder, FAISS, BM25).

- An answer's header names the department by its full name and by the short name its own
  document uses (中共X能源集团有限公司委员会 whose body says X集团党委), and by the alias the
  question used; in ``blocks`` too (``names``), not only in Markdown.
- Those short names are read in questions and in the department filter; a filter unites an
  organ's departments (a bureau's speech and its news page).
- Metadata: a title over three lines (a GBK notice with CRLF line ends) read whole, its kind
  通知 with the enclosed 要点's kind; a Markdown italic 署名+日期 line; a 中共X局党组书记's speech.
- The date of a document is cited with its 署名; no 讲话人 block on a page that is no speech.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from doc_truth import orgs2_fields, orgs2_truth
from doclib import cited_text, open_library

from rag.ingest import load_corpus
from rag.metadata import infer_meta
from rag.question import department_mentions
from rag.retrieve import Filters
from rag.service import Library
from rag.types import Answer

ORGS2 = Path(__file__).resolve().parent / "data" / "own" / "orgs2"
TUNED = ORGS2 / "tuned"

GROUP = "中共岳川能源集团有限公司委员会"
HEALTH = "临川市南湖区卫生健康委员会"
COLLEGE = "中共临川职业技术学院委员会"
TAX = "国家税务总局临川市税务局"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "orgs2", bundled_embedder, folders=[TUNED])


def _header(answer: Answer, dept: str) -> Any:
    heads = [b for b in answer.blocks if b.kind == "header" and b.label == dept]
    assert heads, answer.answer
    return heads[0]


# --- metadata -------------------------------------------------------------------------


def test_metadata_of_the_tuned_documents_is_true() -> None:
    docs = {d.doc_id: d for d in load_corpus(TUNED).documents}
    for name, truth in orgs2_truth("tuned").items():
        wrong = [f for f, ok in orgs2_fields(docs[name], truth).items() if not ok]
        assert not wrong, (name, wrong, docs[name].meta)


def test_a_title_over_three_lines_of_a_gbk_crlf_notice_is_read_whole() -> None:
    doc = next(d for d in load_corpus(TUNED).documents if d.doc_id.startswith("u02"))
    assert doc.meta.title == (
        "临川市南湖区卫生健康委员会关于印发《2024年全区卫生健康系统党建工作要点》的通知"
    )
    assert (doc.meta.kind, doc.meta.enclosed_kind) == ("通知", "工作要点")
    assert doc.meta.department == HEALTH  # not the 版头 line …文件


def test_a_markdown_italic_signature_line_dates_the_document_and_is_no_department() -> None:
    for office in ("学院党委办公室", "学院党委组织部"):
        text = (
            f"# {COLLEGE}2025年党员发展工作计划\n\n*{office}　2025年4月2日*\n\n"
            "为做好党员发展工作，制定本计划。\n\n## 一、工作目标\n\n全年发展学生党员40名。\n"
        )
        meta = infer_meta("plan", text)
        assert (meta.department, meta.date) == (COLLEGE, "2025-04-02"), meta
        assert "*" not in meta.department


def test_the_speech_of_a_bureau_party_group_secretary_is_the_bureau_s() -> None:
    text = (
        "在全市水务系统2025年党建工作会议上的讲话\n\n中共青梧市水务局党组书记、局长　李XX\n"
        "2025年3月1日\n\n同志们：\n\n今天召开会议，我讲两点意见。\n\n一、提高认识\n\n抓好学习。\n"
    )
    assert infer_meta("speech", text).department == "青梧市水务局"  # not 中共青梧市水务局


def test_a_sector_head_s_speaker_line_is_read() -> None:
    text = (
        "在全行2025年党建工作会议上的讲话\n\n青梧农商银行党委书记、行长　张XX\n2025年3月3日\n\n"
        "同志们：\n\n今天召开会议。我讲两点。\n\n一、提高认识\n\n要抓好学习。\n"
    )
    assert infer_meta("speech", text).department == "青梧农商银行"


# --- short names ----------------------------------------------------------------------


def test_self_names_are_found_in_the_text_and_derived_from_the_full_name() -> None:
    from rag.short_names import header_names, self_names

    text = (
        f"{GROUP}文件\n\n2024年，集团党委坚持……岳川集团党委年内完成验收。"
        "各单位每年向集团党委述职。各县区局党委书记要履职。\n\n{GROUP}\n2024年2月26日\n"
    )
    names = self_names(GROUP, text)
    assert names[0] == "集团党委" and "岳川集团党委" in names
    assert "局党委" not in names  # another organ's, and no name of the group's
    assert not any(n in GROUP for n in header_names(GROUP, names))
    assert header_names(GROUP, names) == ("岳川集团党委",)  # holds 集团党委 too
    # nothing invented: a short name the text does not use is no self-name
    assert self_names(GROUP, "本集团全年发展党员25名。") == ()


def test_compound_organ_names_are_contracted_by_rule() -> None:
    depts = ["中共青梧市工业和信息化局党组", "青梧市市场监督管理局", "青梧市统计局"]
    for q, dept in (("工信局今年党建要点几大块", depts[0]), ("市监局的要点", depts[1])):
        assert [m.department for m in department_mentions(q, depts)] == [dept], q


# --- answers --------------------------------------------------------------------------


def test_the_header_names_the_department_by_the_short_name_its_document_uses(
    lib: Library,
) -> None:
    a = lib.ask("集团党委今年要发展多少名党员")
    text = cited_text(lib, a)
    assert "25名" in text
    head = _header(a, GROUP)
    assert head.names == ("岳川集团党委",)
    assert f"**{GROUP}（岳川集团党委）**" in a.answer
    blocks = json.loads(json.dumps([b.to_json() for b in a.blocks], ensure_ascii=False))
    assert {"department": GROUP, "names": ["岳川集团党委"]}.items() <= blocks[0].items()


def test_the_header_carries_the_alias_the_question_used(lib: Library) -> None:
    a = lib.ask("南湖区卫健委这份通知哪天印发的")
    assert "南湖区卫健委" in _header(a, HEALTH).names
    # the date is cited with the 署名 above it, as one passage
    assert any(c.text.startswith(HEALTH) and "2024年3月5日" in c.text for c in a.citations)


def test_a_generic_self_name_in_a_question_names_its_department(lib: Library) -> None:
    q = lib.understand("学院党委今年党员培训经费安排了多少")
    assert q.departments == (COLLEGE,)
    a = lib.ask("学院党委的党员培训计划是哪天定的")
    assert a.found, a.answer
    assert any("2024年3月1日" in c.text for c in a.citations), a.answer


def test_the_department_filter_takes_a_short_name_and_unites_an_organ(lib: Library) -> None:
    ids = {d.doc_id for d in lib.documents if d.meta.department.startswith(TAX)}
    assert len(ids) == 2  # the speech and the news page
    for name in ("市税务局", TAX, f"{TAX}党委"):
        got = {h.doc_id for h in lib.search("党员", Filters(department=name))}
        assert got == ids, name
    got = {h.doc_id for h in lib.search("党员", Filters(department="区卫健委"))}
    assert got == {"u02_district_health_notice"}


def test_a_page_about_a_branch_published_by_its_street_is_found_by_either_name(
    lib: Library,
) -> None:
    a = lib.ask("幸福里社区党支部的红管家办结了多少件诉求")
    assert "办结91件" in cited_text(lib, a)
    assert "幸福里社区党支部" in a.answer
    b = lib.ask("青禾街道党工委把楼栋议事的做法推广到哪些地方")
    assert "12个社区推广" in cited_text(lib, b)


def test_no_speaker_block_on_a_news_page(lib: Library) -> None:
    a = lib.ask("市税务局便民春风志愿服务是谁组织的")
    assert a.found, a.answer
    assert "讲话人" not in a.answer


NEWS = """青梧区图书馆开展“书香进社区”活动

发布时间：2025-05-12 10:05　来源：青梧区图书馆

5月10日，青梧区图书馆党支部在东风社区开展“书香进社区”志愿服务活动，向居民赠送图书300册。

活动现场，区委常委、宣传部部长王XX出席并讲话，要求各级党组织把全民阅读作为为民办实事的重要内容。

图书馆党支部书记李XX介绍，今年将在全区建成社区阅读点12个。
"""


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "orgs2-news", bundled_embedder, {"news.txt": NEWS})


def test_who_said_it_is_read_from_the_sentence_itself_never_a_neighbour(news: Library) -> None:
    a = news.ask("社区阅读点是谁说要建的")
    assert "社区阅读点12个" in cited_text(news, a)
    assert "王XX" not in a.answer  # the leader of the sentence before said no such thing
    assert "讲话人" not in a.answer
    # the line the unit is read from is a cited passage, not an uncited note
    basis = [b for b in a.blocks if b.kind == "note" and "单位依据" in b.text]
    assert basis and all(b.citations for b in basis), a.answer
