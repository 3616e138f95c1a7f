"""Documents of other organisations: title, department, date, kind and outline read from the
text by the conventions of official documents, in any format and either script.

Sets (see ``tests/doc_truth.py``): the variety set with its ``TRUTH.md``; our own documents,
``tests/data/own/tuned`` (developed against) and ``tests/data/own/heldout`` (never tuned on:
written with their truth before the parser ran on them; their test only measures).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from apprun import REPO, run_rag
from doc_truth import (
    HELDOUT,
    LAYOUTS_HELDOUT,
    LAYOUTS_TUNED,
    ORGS_HELDOUT,
    ORGS_TUNED,
    OWN,
    TUNED,
    VARIETY,
    Truth,
    field_results,
    outline_of,
    score,
    squeeze,
    variety_truth,
)
from variants import gb_encoding, write_html, write_md, write_txt

from rag.clean import clean_text
from rag.ingest import load_corpus
from rag.metadata import infer_meta, parse_date
from rag.outline import parse_outline, row_fields
from rag.places import find_cities, is_place, level_of
from rag.script import to_simplified
from rag.types import DOC_KINDS

# --- the variety set, through the command line ------------------------------------------


def _cli_docs(corpus: Path) -> dict[str, dict[str, object]]:
    proc = run_rag("docs", "--json", "--corpus", str(corpus))
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["skipped"] == [] and obj["metadata_error"] is None
    return {d["doc"]: d for d in obj["documents"]}


def _labels(nodes: list[dict[str, object]]) -> list[str]:
    return [squeeze(f"{n['number']}{n['heading']}") for n in nodes]


def test_rag_docs_gives_the_variety_truth() -> None:
    truth = variety_truth()
    assert len(truth) == 6
    docs = _cli_docs(VARIETY / "corpus")
    for name, t in truth.items():
        d = docs[name]
        assert (d["title"], d["department"], d["date"], d["kind"], d["year"]) == (
            t.title,
            t.department,
            t.date,
            t.kind,
            t.year,
        ), name
        # Every department has the verbatim phrases that show it.
        assert d["department_basis"], name
        text = (VARIETY / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
        assert all(b in text for b in d["department_basis"])
        outline = d["outline"]
        assert isinstance(outline, list)
        assert _labels(outline) == [squeeze(lab) for lab, _ in t.outline], name
        for node, (label, kids) in zip(outline, t.outline, strict=True):
            if kids is not None:
                assert _labels(node["children"]) == [squeeze(k) for k in kids], label


def test_variety_details_the_truth_states() -> None:
    docs = {d.doc_id: d for d in load_corpus(VARIETY / "corpus").documents}
    # var_01: 4 levels in the 要点: 27 numbered items and the （1） level under 一（一）2.
    tax = docs["var_01"]
    # The notice and the document it issues.
    assert (tax.meta.kind, tax.meta.enclosed_title, tax.meta.enclosed_kind) == (
        "通知",
        "2023年机关党建工作要点",
        "工作要点",
    )
    assert sum(len(b.children) for a in tax.outline for b in a.children) == 27
    one_one_two = tax.outline[0].children[0].children[1]
    assert [c.number for c in one_one_two.children] == ["（1）", "（2）", "（3）"]
    # var_02: part 六 has no numbered items, only inline 一是… runs in its paragraphs.
    six = docs["var_02"].outline[5]
    assert six.children and {c.style for c in six.children} == {"inline"}
    assert [c.number for c in six.children] == [
        "一是",
        "二是",
        "三是",
        "一是",
        "二是",
        "三是",
        "四是",
    ]
    # var_04: ①–⑤ under 第二部分 四、, inline or at a line start.
    four = docs["var_04"].outline[1].children[3]
    assert [c.number for c in four.children] == ["①", "②", "③", "④", "⑤"]
    # var_05: the site is the publisher, not the department.
    news = docs["var_05"].meta
    assert news.source == "" and "城南区人民政府" not in news.department
    # var_06: 附件1 is a table read as one item per row, with its columns.
    annex = docs["var_06"].outline[4]
    assert annex.style == "attachment" and len(annex.children) == 11
    first = annex.children[0]
    fields = dict(row_fields(docs["var_06"].text, first))
    assert fields["工作任务"] == first.heading == "开展党支部书记全员轮训"
    assert set(fields) >= {"序号", "工作任务", "具体内容", "责任单位", "完成时限"}
    assert docs["var_06"].outline[5].children == ()  # the blank reply form has no rows


# --- our own documents -------------------------------------------------------------------


@pytest.fixture(scope="module")
def tuned_docs() -> dict[str, object]:
    return {d.doc_id: d for d in load_corpus(OWN / "tuned").documents}


@pytest.mark.parametrize("name", sorted(TUNED))
def test_own_tuned_documents(name: str, tuned_docs: dict[str, object]) -> None:
    results = field_results(tuned_docs[name], TUNED[name])
    assert all(results.values()), {k: v for k, v in results.items() if not v}


def test_own_tuned_details(tuned_docs: dict[str, object]) -> None:
    plan = tuned_docs["t02_town_plan"]
    items = plan.outline[1].children  # type: ignore[attr-defined]
    assert [c.style for c in items[0].children] == ["paren_arabic"] * 3
    assert [c.number for c in items[1].children] == ["首先，", "其次，", "最后，"]
    assert [c.number for c in items[2].children] == ["一要", "二要", "三要"]
    # Inline items keep exact offsets inside their paragraph.
    text = plan.text  # type: ignore[attr-defined]
    for c in items[1].children + items[2].children:
        assert text[c.start : c.heading_end].endswith(c.heading)
        assert "\n" not in text[c.start : c.end]
    news = tuned_docs["t03_community_news"].meta  # type: ignore[attr-defined]
    assert news.source == "江北区融媒体中心"  # the publisher, kept apart from the subject
    speech = tuned_docs["t07_traditional_speech"]
    assert speech.meta.kind == "讲话"  # type: ignore[attr-defined]
    table = tuned_docs["t05_province_notice_table"].outline[3]  # type: ignore[attr-defined]
    assert dict(row_fields(tuned_docs["t05_province_notice_table"].text, table.children[1])) == {  # type: ignore[attr-defined]
        "序号": "2",
        "任务": "开展党支部书记轮训",
        "责任单位": "厅机关党委、人事教育处",
        "完成时限": "2024年6月",
    }


def test_own_heldout_documents_measured_not_tuned() -> None:
    """Held out: never tuned on. The floor (80 % of fields) was set before the first run."""
    right, total, misses = score(OWN / "heldout", HELDOUT)
    print(f"held-out: {right}/{total} fields right; misses: {misses}")
    assert total == 6 * len(HELDOUT)
    assert right / total >= 0.8, misses


# --- every variant of every document reads the same ------------------------------------


def _write_docx_with_styles(text: str, path: Path, truth: Truth) -> Path:
    """python-docx: the title line(s) in the Title style, top-level outline lines Heading 1,
    second-level lines Heading 2, ``a | b`` lines a real Word table, the rest Normal."""
    top = {squeeze(lab) for lab, _ in truth.outline}
    second = {squeeze(k) for _, kids in truth.outline for k in (kids or ())}
    title_lines = set()
    for line in text.split("\n")[:8]:
        if line.strip() and squeeze(line) in squeeze(truth.title):
            title_lines.add(line)
    document = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        # A real Word table: the loader reads it as 列名：值；… lines under its header row,
        # which the outline reads as one row item each, as it reads the ``a | b`` lines.
        if " | " in line:
            rows = []
            while i < len(lines) and " | " in lines[i]:
                rows.append(lines[i].split(" | "))
                i += 1
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell.strip()
            continue
        i += 1
        key = squeeze(line)
        if line in title_lines:
            style = "Title"
        elif key and any(key.startswith(t) or t.startswith(key) for t in top):
            style = "Heading 1"
        elif key and any(key.startswith(t) for t in second):
            style = "Heading 2"
        else:
            style = None
        document.add_paragraph(line, style=style)
    document.save(str(path))
    return path


def _variant_sets() -> list[tuple[str, Path, Truth]]:
    out = [(n, VARIETY / "corpus" / f"{n}.txt", t) for n, t in variety_truth().items()]
    out += [(n, OWN / "tuned" / f"{n}.txt", t) for n, t in TUNED.items()]
    return out


@pytest.mark.parametrize("fmt", ["gbk", "docx", "md", "html"])
def test_every_variant_reads_like_the_text(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / fmt
    folder.mkdir()
    originals = {}
    for name, path, truth in _variant_sets():
        text = path.read_text(encoding="utf-8")
        originals[name] = truth
        if fmt == "gbk":
            enc = gb_encoding(text)
            write_txt(text, folder / f"{name}.txt", encoding=enc)
        elif fmt == "docx":
            _write_docx_with_styles(text, folder / f"{name}.docx", truth)
        elif fmt == "html":
            write_html(text, folder / f"{name}.html")
        else:
            write_md(text, folder / f"{name}.md")
    corpus = load_corpus(folder)
    assert corpus.skipped == ()
    docs = {d.doc_id: d for d in corpus.documents}
    if fmt == "gbk":
        assert {d.encoding for d in docs.values()} <= {"gbk", "gb18030"}
    for name, truth in originals.items():
        results = field_results(docs[name], truth)
        assert all(results.values()), (fmt, name, {k for k, v in results.items() if not v})


# --- Traditional / Simplified ------------------------------------------------------------


def test_to_simplified_is_char_for_char() -> None:
    trad = "中國共產黨機關黨建工作要點：關於印發《學習貫徹》的通知，最後一公里。"
    simp = to_simplified(trad)
    assert simp == "中国共产党机关党建工作要点：关于印发《学习贯彻》的通知，最后一公里。"
    assert len(simp) == len(trad)
    # Simplified text folds to itself; so does everything else.
    for path in sorted((VARIETY / "corpus").glob("*.txt")) + sorted(
        (REPO / "corpus").glob("*.txt")
    ):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == text
    assert to_simplified("abc 123") == "abc 123"


@pytest.mark.slow
def test_rag_search_folds_scripts_with_offsets_into_the_original(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    trad = (OWN / "tuned" / "t07_traditional_speech.txt").read_text(encoding="utf-8")
    shutil.copy(OWN / "tuned" / "t07_traditional_speech.txt", corpus)
    shutil.copy(OWN / "tuned" / "t02_town_plan.txt", corpus)
    simp = (OWN / "tuned" / "t02_town_plan.txt").read_text(encoding="utf-8")
    index = tmp_path / "index"

    def search(term: str) -> list[dict[str, object]]:
        proc = run_rag("search", term, "--json", "--corpus", str(corpus), "--index", str(index))
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)["hits"]

    # A Simplified term finds the Traditional text, at offsets into that text as written.
    hits = [h for h in search("党建工作") if h["doc"] == "t07_traditional_speech"]
    assert hits
    docs = {d.doc_id: d for d in load_corpus(corpus).documents}
    t07 = docs["t07_traditional_speech"].text
    assert t07 == trad.strip("\n") or trad.startswith(t07[:20])
    for h in hits:
        assert t07[h["start"] : h["end"]] == "黨建工作"
        assert "黨建工作" in h["context"]
    # And a Traditional term finds the Simplified text.
    back = [h for h in search("黨支部") if h["doc"] == "t02_town_plan"]
    assert back
    t02 = docs["t02_town_plan"].text
    assert all(t02[h["start"] : h["end"]] == "党支部" for h in back)
    assert len(back) == simp.count("党支部")


def test_traditional_document_metadata_in_its_own_script() -> None:
    text = (OWN / "tuned" / "t07_traditional_speech.txt").read_text(encoding="utf-8")
    meta = infer_meta("t07", text)
    assert meta.title == "在2024年全市機關黨建工作會議上的講話"
    assert all(b in text for b in meta.department_basis)
    outline = parse_outline(text)
    for sec in (s for top in outline for s in top.walk()):
        assert text[sec.heading_end - len(sec.heading) : sec.heading_end] == sec.heading
        assert text.startswith(sec.number, sec.start)


# --- conventions, one at a time ----------------------------------------------------------


def test_dates_in_every_form() -> None:
    assert parse_date("二〇二三年三月十五日") == "2023-03-15"
    assert parse_date("二○二二年十二月二十八日") == "2022-12-28"
    assert parse_date("2023年3月5日") == "2023-03-05"
    assert parse_date("发布时间：2023-03-30 10:20") == "2023-03-30"
    assert parse_date("2023年13月1日") is None


def test_the_issue_date_of_the_imprint_is_not_the_documents_date() -> None:
    text = (
        "中共某某县委员会办公室关于做好节日期间有关工作的通知\n\n各乡镇党委：\n　　请做好有关工作。\n\n"
        "中共某某县委员会办公室\n2024年9月20日\n\n抄送：县委各部门。\n"
        "中共某某县委员会办公室　　　　2024年9月22日印发\n"
    )
    meta = infer_meta("n", text)
    assert (meta.date, meta.kind, meta.department) == (
        "2024-09-20",
        "通知",
        "中共某某县委员会办公室",
    )


def test_no_department_out_of_a_fragment() -> None:
    """区党委 is not read out of 某某社区党委; 市组织部 not out of 全市组织部长会议."""
    text = "近日，召开全市组织部长会议。会议表扬了某某社区党委等先进集体。活动现场气氛热烈。"
    meta = infer_meta("x", text)
    assert meta.department == "未注明单位"
    assert meta.department_note
    # Where the community's party committee is the subject, it is named whole.
    meta = infer_meta("y", "会后，某某社区党委组织党员开展志愿服务。活动现场气氛热烈。")
    assert meta.department == "某某社区党委"


def test_county_department_is_named_where_the_text_names_the_county() -> None:
    text = (
        "在全县宣传思想工作会议上的讲话\n\n县委常委、宣传部部长　XXX\n\n（2024年2月1日）\n\n"
        "同志们：\n　　今天召开全县宣传思想工作会议。去年，《中共梅溪县委宣传部工作要点》印发实施，"
        "梅溪县各级宣传部门认真落实全省、全市宣传部长会议精神。\n谢谢大家！\n"
    )
    meta = infer_meta("s", text)
    assert meta.department == "梅溪县委宣传部" and meta.kind == "讲话"
    assert meta.date == "2024-02-01"


def test_city_from_the_page_checked_against_the_national_list() -> None:
    page = "市生态环境局开展主题党日活动\n发布时间：2022-05-12 来源：市生态环境局\n正文。\n中共广州市直属机关工作委员会版权所有\n"
    cleaned = clean_text(page)
    meta = infer_meta("n", cleaned.text, cleaned.removed)
    assert meta.department == "广州市生态环境局"
    assert find_cities("全市、我市和宁波市、广州市") == ["宁波市", "广州市"]
    assert is_place("越秀区") and level_of("广州市") == "市" and not is_place("全市")


def test_breadcrumbs_sites_and_captions_are_never_titles() -> None:
    page = (
        "某某县人民政府门户网站\n首页 | 新闻 | 政务公开\n当前位置：首页 > 乡镇动态\n"
        "图片 2\n石门镇召开党建工作推进会\n发布时间：2024-03-01 来源：石门镇\n正文。\n"
    )
    meta = infer_meta("p", page)
    assert meta.title == "石门镇召开党建工作推进会"
    assert meta.kind == "新闻报道" and meta.date == "2024-03-01"


def test_kinds_cover_the_conventions() -> None:
    assert set(DOC_KINDS) >= {
        "通知",
        "工作要点",
        "工作计划",
        "工作总结",
        "讲话",
        "新闻报道",
        "经验材料",
        "制度规章",
        "其他",
    }
    for title, kind in [
        ("关于开展主题党日活动的通知", "通知"),
        ("2024年党建工作实施方案", "工作计划"),
        ("2023年度党支部书记述职报告", "工作总结"),
        ("在七一表彰大会上的发言", "讲话"),
        ("某某党支部“三联三促”工作案例", "经验材料"),
        ("党员发展工作实施细则", "制度规章"),
        ("关于严格党的组织生活的若干规定", "制度规章"),
        ("党支部“三会一课”制度", "制度规章"),
        ("党员教师行为守则", "制度规章"),
        ("关于印发《党员积分管理办法》的通知", "通知"),
    ]:
        assert infer_meta("k", f"{title}\n\n正文。\n").kind == kind, title


def test_outline_numbering_families() -> None:
    text = (
        "第一章 总则\n第一节 目的\n一、加强学习\n（一）读原著\n1.每周一次\n（1）集中学\n①领读\n②讨论\n"
        "（2）自学\n第二节 要求\n第二章 附则\n"
    )
    outline = parse_outline(text)
    assert [s.label for s in outline] == ["第一章总则", "第二章附则"]
    sec = outline[0].children
    assert [s.label for s in sec] == ["第一节目的", "第二节要求"]
    deep = sec[0].children[0].children[0].children[0].children[0]
    assert deep.label == "（1）集中学" and [c.number for c in deep.children] == ["①", "②"]
    assert [s.style for s in outline] == ["chapter", "chapter"]


def test_attachment_list_without_the_attachments() -> None:
    text = "关于X的通知\n各单位：\n　　现印发。\n　　附件：1.任务清单\n　　　　　2.回执\n\n某某局\n2024年1月1日\n"
    outline = parse_outline(text)
    assert [(s.style, s.label) for s in outline] == [
        ("attachment", "1.任务清单"),
        ("attachment", "2.回执"),
    ]


def test_markdown_and_tab_tables_are_rows() -> None:
    md = "一、任务\n| 序号 | 工作任务 | 责任单位 |\n|---|---|---|\n| 1 | 建强支部 | 组织科 |\n| 2 | 培训党员 | 宣传科 |\n"
    rows = parse_outline(md)[0].children
    assert [r.heading for r in rows] == ["建强支部", "培训党员"]
    assert dict(row_fields(md, rows[1]))["责任单位"] == "宣传科"
    tab = "任务\t责任单位\t完成时限\n开展轮训\t组织部\t6月底\n"
    (row,) = parse_outline(tab)
    assert row.number == "" and row.heading == "开展轮训"
    assert dict(row_fields(tab, row)) == {
        "任务": "开展轮训",
        "责任单位": "组织部",
        "完成时限": "6月底",
    }
    assert outline_of(load_corpus(OWN / "tuned").documents[0]) is not None


def test_a_speech_of_an_unnamed_organisation_names_none() -> None:
    """在…上的讲话 is no organ (在 is a preposition); 集团党委 alone names no company.
    (Found by the held-out h02 on its first run; this case is written apart from it.)"""
    text = (
        "在公司2024年党风廉政建设工作会议上的讲话\n\n公司党委书记、总经理　XXX\n\n（2024年2月2日）\n\n"
        "同志们：\n　　过去一年，公司党委认真履行主体责任。\n谢谢大家！\n"
    )
    meta = infer_meta("s", text)
    assert meta.department == "未注明单位" and meta.kind == "讲话" and meta.date == "2024-02-02"


def test_question_matching_folds_scripts() -> None:
    """The question passes through one folding point (service._understand_folded): a
    Simplified question finds the Traditional document's department, named as it is written."""
    from rag.ingest import build_document
    from rag.question import understand
    from rag.service import _understand_folded

    trad = build_document(
        "trad",
        "中共東嶺師範學院委員會2024年黨建工作要點\n\n一、加強政治建設\n二、夯實基層基礎\n\n"
        "中共東嶺師範學院委員會\n2024年3月1日\n",
    )
    simp = build_document("t02", (OWN / "tuned" / "t02_town_plan.txt").read_text(encoding="utf-8"))
    assert trad.meta.department == "中共東嶺師範學院委員會"
    question = "中共东岭师范学院委员会的工作要点有哪些？"
    query = _understand_folded(question, [trad, simp])
    assert query.departments == ("中共東嶺師範學院委員會",)
    assert query.question == question
    # A Traditional question names the same department.
    query = _understand_folded("中共東嶺師範學院委員會的工作要點有哪些？", [trad, simp])
    assert query.departments == ("中共東嶺師範學院委員會",)
    # Without folding the Simplified question would not name it.
    assert understand(question, [trad.meta, simp.meta], {}).departments == ()


def test_department_aliases_follow_party_organ_naming() -> None:
    from rag.metadata import department_aliases

    assert department_aliases("中共北辰大学委员会") == (
        "北辰大学委员会",
        "北辰大学党委",
        "北辰大学",
    )
    tax = department_aliases("中共国家税务总局松川市税务局机关委员会")
    assert {"松川市税务局", "松川市税务局机关党委", "国家税务总局松川市税务局"} <= set(tax)
    assert "云溪街道" in department_aliases("云溪街道党工委")
    assert "华远港务集团" in department_aliases("中共华远港务集团有限公司委员会")
    assert department_aliases("市委政研室") == ()


def test_layouts_of_other_organisations() -> None:
    """Speaker lines, Markdown plans, a company page with an office 来源, a hospital plan
    (issue 12): every field of the tuned documents; the held-out ones are measured."""
    right, total, misses = score(OWN / "layouts" / "tuned", LAYOUTS_TUNED)
    assert right == total, misses
    right, total, misses = score(OWN / "layouts" / "heldout", LAYOUTS_HELDOUT)
    print(f"layouts held-out: {right}/{total} fields right; misses: {misses}")
    assert right / total >= 0.8, misses


def test_documents_of_organisations_named_by_short_forms() -> None:
    """Rules with a two-line title (制度规章), a 版头 notice with a Chinese-numeral 落款, a
    page whose publisher is not the department, a ``YYYY-MM-DD HH:MM 来源：`` line, a
    ``> 单位　日期印发`` line, a Word summary (issue 12, K2): title, department, date, kind
    and year of every tuned document; the held-out ones are measured (outlines not checked)."""
    right, total, misses = score(OWN / "orgs" / "tuned", ORGS_TUNED, outline=False)
    assert right == total, misses
    right, total, misses = score(OWN / "orgs" / "heldout", ORGS_HELDOUT, outline=False)
    print(f"orgs held-out: {right}/{total} fields right (32/40 before); misses: {misses}")
    assert right / total >= 0.9, misses
