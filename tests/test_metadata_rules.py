"""Metadata of layouts other organisations use (issue 12, K2 and the metadata items): rule
documents (细则, 办法, 规定, 制度, 守则, 实施意见) with a two-line title and an approval line,
a body clause led by a verb that ends on an organ word, a news date line with a time and no
label, a Markdown ``> 单位　日期印发`` line, a 来源 organisation whose party organ the page
names; and an index built before a change of inference gets the new metadata at the next
update. Every document here is invented."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rag.config import Settings
from rag.metadata import UNKNOWN_DEPARTMENT, infer_meta
from rag.service import Library
from rag.store import document_content_hash, document_from_json, document_to_json

RULE_BODY = (
    "\n\n（2024年5月6日支部委员会审议通过）\n\n第一章　总　则\n\n"
    "第一条　为规范党员教育管理，结合实际，制定本办法。\n\n"
    "第二条　推动党建工作与教学业务深度融合的学校，应当建立党员积分台账。\n\n"
    "第三条　积分每季度公示一次。\n"
)


@pytest.mark.parametrize(
    ("head", "department"),
    [
        ("金溪县实验中学党支部\n党员积分管理办法", "金溪县实验中学党支部"),
        (
            "中共金溪县实验中学支部委员会\n关于党员积分管理的实施意见",
            "中共金溪县实验中学支部委员会",
        ),
        ("金溪县实验中学党支部党员积分管理办法", "金溪县实验中学党支部"),
        ("# 金溪县实验中学党支部\n# 党员积分管理办法", "金溪县实验中学党支部"),
        ("中共金溪县自来水公司委员会\n党员联系服务群众制度", "中共金溪县自来水公司委员会"),
        ("金溪县中心卫生院党总支\n党员志愿服务守则", "金溪县中心卫生院党总支"),
        ("金溪县实验中学党支部\n党员积分管理实施细则（试行）", "金溪县实验中学党支部"),
    ],
)
def test_rule_with_a_two_line_title(head: str, department: str) -> None:
    m = infer_meta("r", head + RULE_BODY)
    assert m.department == department
    assert m.kind == "制度规章"
    assert m.date == "2024-05-06"
    assert m.title == head.replace("# ", "").replace("\n", "")
    assert any(department in b for b in m.department_basis)


@pytest.mark.parametrize(
    ("title", "department"),
    [
        ("金溪县司法局党员积分管理办法", "金溪县司法局"),
        ("金溪县第一小学党员教师行为守则", "金溪县第一小学"),
        ("金溪县第二人民医院医德医风考评实施细则", "金溪县第二人民医院"),
        # no place before the institution word: no organ read (never a guess)
        ("机关党支部工作规则", UNKNOWN_DEPARTMENT),
        ("全县党员积分管理办法", UNKNOWN_DEPARTMENT),
    ],
)
def test_rule_with_a_one_line_title(title: str, department: str) -> None:
    m = infer_meta("r", title + RULE_BODY)
    assert (m.department, m.kind) == (department, "制度规章")


def test_a_clause_led_by_a_verb_is_no_department() -> None:
    # no organ in the title: the body's 推动…学校 is a predicate, not the issuer
    m = infer_meta("r", "党员积分管理办法" + RULE_BODY)
    assert m.department == UNKNOWN_DEPARTMENT
    text = "党员联系群众制度\n\n今年以来，推动学校党建工作提质增效，制定本制度。\n"
    assert infer_meta("r", text).department == UNKNOWN_DEPARTMENT
    # an organ that is the subject of the opening is still read
    text = "党建工作情况\n\n今年以来，金溪县自来水公司党委认真落实党建责任。\n"
    assert infer_meta("r", text).department == "金溪县自来水公司党委"


NEWS = (
    "金溪新闻网\n首页 | 要闻 | 基层 | 党建\n当前位置：首页 > 党建 > 正文\n\n"
    "县二中举办党员示范课展示活动\n\n{line}\n\n"
    "　　6月3日，金溪县第二中学党支部举办党员示范课展示活动，12名党员教师登台授课。\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "2025-06-04 09:15　来源：金溪县第二中学　作者：林悦",
        "2025-06-04 09:15:40 来源：金溪县第二中学",
        "2025/06/04 09:15",
        "2025年06月04日 09:15　来源：金溪新闻网",
    ],
)
def test_news_date_line_with_a_time_and_no_label(line: str) -> None:
    m = infer_meta("n", NEWS.format(line=line))
    assert m.date == "2025-06-04"
    assert m.year == 2025
    assert m.kind == "新闻报道"
    assert m.title == "县二中举办党员示范课展示活动"


def test_a_time_in_a_body_sentence_is_not_the_date() -> None:
    text = (
        "县二中举办党员示范课展示活动\n\n"
        "　　活动定于2025-06-10 14:30在学校报告厅举行，请各支部组织党员参加。\n"
    )
    assert infer_meta("n", text).date is None


def test_the_source_organisation_is_refined_to_the_party_organ_the_page_names() -> None:
    m = infer_meta("n", NEWS.format(line="2025-06-04 09:15　来源：金溪县第二中学"))
    assert m.department == "金溪县第二中学党支部"
    assert m.source == ""
    # no party organ named: the 来源 as it is
    text = NEWS.format(line="2025-06-04 09:15　来源：金溪县第二中学").replace("党支部", "")
    assert infer_meta("n", text).department == "金溪县第二中学"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("> 金溪县实验中学党支部　2025年2月20日印发", "2025-02-20"),
        ("> 中共金溪县自来水公司委员会 2025年3月1日印发", "2025-03-01"),
        ("> 金溪县中心卫生院党总支　二〇二五年一月八日印发", "2025-01-08"),
    ],
)
def test_blockquote_line_with_an_organ_and_a_date(line: str, date: str) -> None:
    text = (
        f"# 金溪县实验中学党支部2025年党建工作计划\n\n{line}\n\n"
        "为加强支部建设，制定本计划。\n\n## 一、加强理论学习\n\n每月学习一次。\n"
    )
    m = infer_meta("p", text)
    assert m.date == date
    assert m.title == "金溪县实验中学党支部2025年党建工作计划"
    assert m.department == "金溪县实验中学党支部"


def test_a_request_with_a_date_under_the_title_is_not_the_date() -> None:
    text = (
        "# 金溪县实验中学党支部2025年党建工作计划\n\n> 请各党小组于2025年3月1日前报送\n\n"
        "为加强支部建设，制定本计划。\n"
    )
    assert infer_meta("p", text).date is None


# --- an index built by an older inference --------------------------------------------

RULE = "金溪县中心卫生院党总支\n党员志愿服务守则" + RULE_BODY


def test_an_index_from_an_older_inference_gets_the_new_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "守则.txt").write_text(RULE, encoding="utf-8")
    settings = replace(Settings(), corpus_dir=corpus, index_dir=tmp_path / "index")
    Library.open(settings, sync=True)  # the first build
    lib = Library.open(settings, sync=True)  # an update: writes the sync stamp
    assert lib.documents[0].meta.kind == "制度规章"

    # What an older program wrote: its metadata in documents.jsonl and its hash in the
    # manifest (consistent with each other), and a sync stamp of another program.
    build = next((tmp_path / "index" / "builds").iterdir())
    docs_file = build / "documents.jsonl"
    old = document_from_json(json.loads(docs_file.read_text(encoding="utf-8").splitlines()[0]))
    old = replace(old, meta=replace(old.meta, department=UNKNOWN_DEPARTMENT, kind="其他"))
    docs_file.write_text(json.dumps(document_to_json(old), ensure_ascii=False) + "\n", "utf-8")
    manifest_file = build / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["documents"][old.doc_id]["content_hash"] = document_content_hash(old)
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    stamp_file = tmp_path / "index" / "sync-stamp.json"
    stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    stamp["digest"] = "0" * 64  # (the program's files are part of the digest)
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    stale = Library.open(settings)  # no update: the old metadata, as stored
    assert stale.documents[0].meta.kind == "其他"

    fresh = Library.open(settings, sync=True)
    meta = fresh.documents[0].meta
    assert (meta.department, meta.kind) == ("金溪县中心卫生院党总支", "制度规章")


def test_a_rule_is_no_plan_of_its_year(tmp_path: Path) -> None:
    from rag.ingest import load_corpus
    from rag.year_plans import plan_for

    (tmp_path / "r.txt").write_text(
        "金溪县实验中学党支部\n2024年党员积分管理办法\n\n（2024年5月6日支部委员会审议通过）\n\n"
        "第一章　重点任务\n\n第一条　每季度公示积分。\n\n第二章　附则\n\n第二条　自印发之日起施行。\n",
        encoding="utf-8",
    )
    (doc,) = load_corpus(tmp_path).documents
    assert doc.meta.kind == "制度规章"
    assert plan_for(doc, 2024) == (False, None)
