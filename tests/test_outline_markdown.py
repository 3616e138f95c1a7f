"""Markdown structure and run-in enumerators become outline nodes exactly as their plain-text
equivalents do: ``## 一、``, bold run-in headings ``**（一）…。**``, ``### 1.``, ① items,
Markdown tables (rows), and 一要/一抓/一是/第一 runs inside a paragraph or as paragraphs."""

from __future__ import annotations

from rag.chunk import chunk_document
from rag.ingest import build_document
from rag.outline import parse_outline, row_fields
from rag.types import Section


def _flat(secs: tuple[Section, ...], depth: int = 0) -> list[tuple[int, str, str]]:
    out = []
    for s in secs:
        out.append((depth, s.number.strip("#* "), s.heading))
        out.extend(_flat(s.children, depth + 1))
    return out


PLAIN = """一、学习重点

（一）深入学习党的创新理论。把学习作为首要任务。

（二）严格学习纪律

二、学习方式

1. 集体研讨

主要形式有：
①蹲点调研
②走访座谈
"""

MARKDOWN = """## 一、学习重点

**（一）深入学习党的创新理论。** 把学习作为首要任务。

**（二）严格学习纪律**

## 二、学习方式

### 1. 集体研讨

主要形式有：
① 蹲点调研
② 走访座谈
"""


def test_markdown_headings_read_as_plain_text() -> None:
    plain = [(d, n, h) for d, n, h in _flat(parse_outline(PLAIN))]
    md = [(d, n.replace(" ", ""), h) for d, n, h in _flat(parse_outline(MARKDOWN))]
    plain = [(d, n.replace(" ", ""), h) for d, n, h in plain]
    assert md == plain
    assert (1, "（一）", "深入学习党的创新理论") in md
    assert (1, "（二）", "严格学习纪律") in md  # no ** left on the heading
    assert (2, "①", "蹲点调研") in md


def test_bold_heading_keeps_its_first_run_in_item() -> None:
    text = (
        "## 一、重点工作\n\n**（一）以政治建设为统领。** 一要坚持第一议题制度。二要落实请示报告制度。\n\n"
        "**（二）以基层党建为根基。**\n\n一是建强支部。\n\n二是配强书记。\n"
    )
    flat = _flat(parse_outline(text))
    assert (2, "一要", "坚持第一议题制度") in flat
    assert (2, "二要", "落实请示报告制度") in flat
    assert (2, "一是", "建强支部") in flat and (2, "二是", "配强书记") in flat


def test_run_in_enumerators_with_other_verbs() -> None:
    text = (
        "一、主要做法\n\n行党委着重抓了三个方面：一抓组织共建，签订共建协议；二抓党员示范，设立示范岗；"
        "三抓服务下沉，上门办理业务。\n"
    )
    kids = parse_outline(text)[0].children
    assert [(k.number, k.heading) for k in kids] == [
        ("一抓", "组织共建，签订共建协议"),
        ("二抓", "党员示范，设立示范岗"),
        ("三抓", "服务下沉，上门办理业务"),
    ]


def test_comma_separated_run_in_items() -> None:
    text = "（一）推进支部建设。一是落实双带头人工程，二是开展书记述职评议，三是评选五星支部。\n"
    kids = parse_outline(text)[0].children
    assert [k.heading for k in kids] == ["落实双带头人工程", "开展书记述职评议", "评选五星支部"]


def test_lone_numeral_words_are_not_items() -> None:
    # 一体推进 / 一定 / 三农 at sentence starts: no run of one verb, no items.
    text = (
        "一、正风肃纪\n\n一体推进不敢腐、不能腐、不想腐。一定要严字当头。三农工作要抓实。"
        "二要加强监督。\n"
    )
    assert parse_outline(text)[0].children == ()


def test_news_paragraphs_of_one_is_each_an_item() -> None:
    text = (
        "公司党委召开会议，部署全年重点任务。会议要求：\n\n　　一是强化政治引领，落实第一议题制度。\n\n"
        "　　二是夯实基层基础，推进支部标准化建设。\n\n　　三是深化融合发展，开展党员先锋岗创建。\n"
    )
    assert [s.number for s in parse_outline(text)] == ["一是", "二是", "三是"]


TABLE = """## 一、学习安排

| 月份 | 学习专题 | 领学人 |
| --- | --- | --- |
| 3月 | 关于教育的重要论述 | 党委书记 |
| 5月 | 全会精神 | 院长 |
"""


def test_markdown_table_rows_are_sections_under_their_part() -> None:
    outline = parse_outline(TABLE)
    rows = outline[0].children
    assert [r.style for r in rows] == ["row", "row"]
    assert [r.heading for r in rows] == ["关于教育的重要论述", "全会精神"]  # the 专题 column
    assert row_fields(TABLE, rows[1]) == (
        ("月份", "5月"),
        ("学习专题", "全会精神"),
        ("领学人", "院长"),
    )


def test_markdown_table_rows_are_chunks_of_their_own() -> None:
    doc = build_document("t", "# 某学院党委学习计划\n\n" + TABLE)
    chunks = chunk_document(doc)
    row_chunks = [c for c in chunks if "全会精神" in c.text]
    assert len(row_chunks) == 1
    assert "关于教育的重要论述" not in row_chunks[0].text
    assert row_chunks[0].section_path[0].startswith("一、")


def test_markdown_markup_of_the_next_heading_ends_no_passage() -> None:
    doc = build_document("m", "# 某学院党委学习计划\n\n" + MARKDOWN)

    def last_line(s: str) -> str:
        return s.rstrip().rsplit("\n", 1)[-1].strip()

    for c in chunk_document(doc):
        assert last_line(c.text).strip("#*"), c.text  # no line of bare markup at the end
    for s in doc.sections():
        assert last_line(doc.text[s.start : s.end]).strip("#*")


def test_unnumbered_markdown_headings_are_the_outline() -> None:
    text = (
        "# 某局2025年党建工作要点\n\n为做好今年工作，制定本要点。\n\n## 加强政治建设\n\n坚持第一议题制度。\n\n"
        "### **抓好理论学习**\n\n内容。\n\n## 夯实基层基础 ##\n\n推进支部标准化建设。\n"
    )
    outline = parse_outline(text)
    assert [s.heading for s in outline] == ["加强政治建设", "夯实基层基础"]  # not the title
    assert [c.heading for c in outline[0].children] == ["抓好理论学习"]
    doc = build_document("m", text)
    chunks = chunk_document(doc)
    # the heading line kept, its bold marks gone (layout, not text: rag.unbold)
    assert any(c.text.startswith("### 抓好理论学习") for c in chunks)
    assert not any("**" in c.text for c in chunks)


def test_half_bracket_numbers_and_qi_ordinals() -> None:
    text = "一、工作要求\n1）落实学习制度。\n2）开展主题党日。\n二、保障措施\n其一，压实责任；其二，强化考核。\n"
    outline = parse_outline(text)
    assert [c.number for c in outline[0].children] == ["1）", "2）"]
    assert [c.heading for c in outline[1].children] == ["压实责任", "强化考核"]
