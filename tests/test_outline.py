"""The structure parser on the real seed documents and on arbitrary text.

The seeds are read from ``corpus/`` and cleaned exactly as ingestion cleans them
(``clean_text``), so these tests need neither the loaders nor an index.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import CORPUS, SEEDS

from rag.clean import clean_text
from rag.outline import (
    STYLES,
    chinese_numeral,
    parse_outline,
    row_fields,
    section_at,
    section_path,
)
from rag.types import Section

CN = "一二三四五六七八九"


def seed_text(key: str) -> str:
    raw = (CORPUS / f"{SEEDS[key]}.txt").read_text(encoding="utf-8")
    return clean_text(raw).text


def seed_outline(key: str) -> tuple[str, tuple[Section, ...]]:
    text = seed_text(key)
    return text, parse_outline(text)


def labels(sections: tuple[Section, ...]) -> list[str]:
    return [s.label for s in sections]


def all_sections(outline: tuple[Section, ...]) -> list[Section]:
    out: list[Section] = []
    for top in outline:
        out.extend(top.walk())
    return out


def check_well_formed(text: str, outline: tuple[Section, ...]) -> None:
    """Offsets and nesting: the heading stands at its offsets, children lie inside
    their parent after its heading, siblings are in order and do not overlap."""

    def visit(secs: tuple[Section, ...], level: int, lo: int, hi: int) -> None:
        prev_end = lo
        for sec in secs:
            assert sec.style in STYLES
            assert sec.level == level
            # Only unnumbered subheadings and table rows may have no marker.
            assert (sec.number or sec.style in ("plain", "row")) and sec.heading, sec
            assert prev_end <= sec.start < sec.heading_end <= sec.end <= hi, sec
            assert text[sec.heading_end - len(sec.heading) : sec.heading_end] == sec.heading
            squeeze = re.compile(r"\s")
            before = text[sec.start : sec.heading_end - len(sec.heading)]
            if sec.style == "row" and before.endswith("："):
                # A ``列名：值；…`` row: the number is its 序号 cell, before the task cell.
                assert sec.number in before, sec
            else:
                # The marker is at start, the heading ends at heading_end, and between
                # them there is only the marker's separator / white space.
                assert text.startswith(sec.number, sec.start), sec
                assert squeeze.sub("", text[sec.start : sec.heading_end]) == squeeze.sub(
                    "", sec.number + sec.heading
                ), sec
            assert sec.heading == sec.heading.strip()
            assert text[sec.end - 1 : sec.end].strip(), "a section ends on text, not space"
            visit(sec.children, level + 1, sec.heading_end, sec.end)
            prev_end = sec.end

    visit(outline, 1, 0, len(text))


# --- 000: 市生态环境局 2022年机关党建工作要点 ---------------------------------------------

PARTS_000 = [
    "一、强化政治建设，坚持政治统领",
    "二、强化思想建设，坚持铸魂育人",
    "三、强化基层基础，坚持强基固本",
    "四、强化作风建设，坚持正风肃纪",
    "五、强化机关活力，加强群团工作",
]
TASKS_000 = [
    "1.旗帜鲜明讲政治",
    "2.严肃党内政治生活",
    "3.知行合一抓学习",
    "4.建好“书香机关”",
    "5.常抓不懈筑防线",
    "6.落实党建责任",
    "7.深化党建融合",
    "8.加强分类指导",
    "9.建强基层组织",
    "10.加强教育培训",
    "11.常态开展警示教育",
    "12.驰而不息纠正四风",
    "13.建设过硬机关纪委",
    "14.开展喜迎二十大系列活动",
    "15.做好群团工作",
    "16.强化自身建设，建设过硬队伍切实提高履职能力",
]


def test_000_has_five_parts_and_sixteen_numbered_tasks() -> None:
    _, outline = seed_outline("000")
    assert labels(outline) == PARTS_000
    assert [s.style for s in outline] == ["cn"] * 5
    tasks = [t for part in outline for t in part.children]
    assert labels(tuple(tasks)) == TASKS_000
    assert [t.number for t in tasks] == [f"{i}." for i in range(1, 17)]
    assert all(t.level == 2 and t.style == "arabic" and not t.children for t in tasks)
    # The numbering runs on across the parts: 一、1. 2. 二、3. 4. 5. …
    assert [len(p.children) for p in outline] == [2, 3, 5, 3, 3]


# --- 003: 2022年市委政研室机关党的建设工作要点 -----------------------------------------

PARTS_003 = [
    "一、突出政治建设，持续推进理论武装走深走实",
    "二、营造浓厚氛围，喜迎党的二十大胜利召开",
    "三、坚持围绕中心，全力服务市委重大决策部署",
    "四、夯实基层基础，努力锻造坚强有力战斗堡垒",
    "五、持续正风肃纪，切实筑牢反腐倡廉思想防线",
    "六、落实主体责任，构建大抓机关党建的新格局",
]
TASKS_003 = [
    "1.带头做“两个确立”的坚决拥护者和“两个维护”的坚定践行者",
    "2.深学笃用XXX新时代中国特色社会主义思想",
    "3.深化“三表率一模范”机关创建",
    "4.建立党史学习教育常态长效机制",
    "5.组织好“喜迎二十大、奋进新征程”主题活动",
    "6.严格落实意识形态工作责任制",
    "7.加强思想政治工作",
    "8.着力推进机关党建品牌建设",
    "9.主动担当文明创建“主力军”",
    "10.聚力“中心化”画好“同心圆”",
    "11.全面推进机关党建标准化建设",
    "12.严肃规范党内政治生活",
    "13.着力加强党员队伍建设",
    "14.严格纪律规矩刚性约束",
    "15.深入开展清廉政研建设",
    "16.着力构建作风建设长效机制",
    "17.落实机关党建工作责任制",
    "18.建设高素质党务干部队伍",
    "19.加强机关支部建设",
]


def test_003_has_six_parts_and_nineteen_numbered_tasks() -> None:
    _, outline = seed_outline("003")
    assert labels(outline) == PARTS_003
    tasks = [t for part in outline for t in part.children]
    assert labels(tuple(tasks)) == TASKS_003
    assert [t.number for t in tasks] == [f"{i}." for i in range(1, 20)]
    assert all(t.level == 2 and t.style == "arabic" and not t.children for t in tasks)
    assert [len(p.children) for p in outline] == [4, 3, 3, 3, 3, 3]


# --- 004: 广州市生态环境局 新闻稿 (half-width punctuation) --------------------------------


def test_004_has_six_parts_each_with_paren_items() -> None:
    _, outline = seed_outline("004")
    assert [s.number for s in outline] == [f"{c}、" for c in CN[:6]]
    assert outline[0].heading == "坚定政治立场,始终坚持旗帜鲜明讲政治"
    assert outline[5].heading == "突出关键重点,推动生态环境工作高质量发展"
    for part in outline:
        assert [c.number for c in part.children] == ["(一)", "(二)", "(三)"]
        assert all(c.style == "paren_cn" and c.level == 2 for c in part.children)
    assert outline[2].children[0].heading == "以高质量党建引领高质量发展"
    assert outline[5].children[2].heading == "耕好机关党建“责任田”"


def test_004_figures_are_not_headings() -> None:
    """``1.98亿吨``, ``45.5亿元``, ``PM2.5`` stand in the text but are not numbered items."""
    text, outline = seed_outline("004")
    assert "1.98亿吨" in text
    assert all(s.style in ("cn", "paren_cn") for s in all_sections(outline))


# --- 001: 市生态环境局 2022年党建工作总结 (一是…三是 inside each part) ----------------------


def test_001_has_four_parts_each_with_inline_items() -> None:
    _, outline = seed_outline("001")
    assert labels(outline) == [
        "一、强化引领力，突出学以致用，抓好政治和思想教育",
        "二、强化组织力，突出精细管理，抓好组织和制度建设",
        "三、强化战斗力，突出严格标准，抓好廉政纪律和作风建设",
        "四、强化影响力，突出整体优势，抓好机关党建品牌创建",
    ]
    for part in outline:
        assert [c.number for c in part.children] == ["一是", "二是", "三是"]
        assert all(c.style == "inline" and c.level == 2 for c in part.children)
    assert labels(outline[0].children) == [
        "一是开展政治理论教育",
        "二是开展思想教育",
        "三是开展专题教育",
    ]
    assert labels(outline[3].children)[1] == "二是深化党建+文明创建"


# --- 002: 局领导讲话 (一是…五是 review, 第一…第五 opinions with their measures) ------------


def test_002_review_of_2021_is_five_inline_items() -> None:
    _, outline = seed_outline("002")
    review = [s for s in outline if s.style == "inline"]
    assert labels(tuple(review)) == [
        "一是主体责任有效落实",
        "二是党史学习教育扎实推进",
        "三是基层基础全面夯实",
        "四是正风肃纪又严又实",
        "五是党风廉政建设深入推进",
    ]
    assert all(s.level == 1 and not s.children for s in review)


def test_002_five_opinions_each_with_measures() -> None:
    _, outline = seed_outline("002")
    opinions = [s for s in outline if s.style == "ordinal"]
    assert [s.number for s in opinions] == ["第一，", "第二，", "第三，", "第四，", "第五，"]
    assert [s.heading.split("，")[0] for s in opinions] == [
        "聚力解决党建工作责任制落实不到位的问题",
        "聚力解决党支部组织功能弱化问题",
        "聚力解决党建与业务工作“两张皮”问题",
        "聚力解决不敢担当作为的问题",
        "聚力解决落实“两个责任”力度层层递减的问题",
    ]
    # The opinions follow the review: document order is 一是…五是, then 第一…第五.
    assert [s.style for s in outline] == ["inline"] * 5 + ["ordinal"] * 5
    measures = [[c.number for c in op.children] for op in opinions]
    assert measures[0] == ["一是", "二是", "三是"]
    assert measures[1] == ["一是", "二是", "三是", "四是", "五是"]
    assert measures[2] == ["一是", "二是", "三是"]
    assert measures[3] == ["一要", "二要", "三要", "四要", "五要"]
    assert all(c.level == 2 for op in opinions for c in op.children)
    assert labels(opinions[0].children)[0] == (
        "一是要站在讲政治、讲大局的高度认识落实党建工作责任的重大意义"
    )
    assert labels(opinions[3].children)[3] == "四要集中整治“雁过拔毛式”腐败问题"


def test_002_fifth_opinion_lists_problems_before_measures() -> None:
    _, outline = seed_outline("002")
    fifth = next(s for s in outline if s.number == "第五，")
    assert labels(fifth.children) == [
        "一是不想管",
        "二是不愿管",
        "三是不会管",
        "四是不敢管",
        "一是要严格落实主体责任",
        "二是要强化监督执纪工作",
        "三是要扎紧制度笼子",
        "四是抓好廉政警示教育",
    ]


# --- every seed: offsets, levels, nesting ---------------------------------------------


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_outline_offsets_are_consistent(key: str) -> None:
    text, outline = seed_outline(key)
    assert outline
    check_well_formed(text, outline)
    for sec in all_sections(outline):
        # The heading is the text right after the marker, on the marker's line.
        assert "\n" not in text[sec.start : sec.heading_end]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_outline_is_the_same_on_raw_and_cleaned_text(key: str) -> None:
    """Cleaning only removes boilerplate: numbers, headings and levels do not change."""
    raw = (CORPUS / f"{SEEDS[key]}.txt").read_text(encoding="utf-8")

    def shape(outline: tuple[Section, ...]) -> list[tuple[str, str, int]]:
        return [(s.number, s.heading, s.level) for s in all_sections(outline)]

    assert shape(parse_outline(raw)) == shape(parse_outline(clean_text(raw).text))


def test_section_path_of_a_task() -> None:
    text, outline = seed_outline("000")
    pos = text.index("建立xx学习教育常态化")
    path = section_path(outline, pos)
    assert [s.label for s in path] == ["二、强化思想建设，坚持铸魂育人", "3.知行合一抓学习"]
    assert section_at(outline, pos) == path[-1]
    # Before the first part (the preamble) there is no section.
    assert section_path(outline, 0) == ()
    assert section_at(outline, 0) is None


def test_section_path_of_a_span_stops_where_the_span_leaves_a_section() -> None:
    text, outline = seed_outline("000")
    a = text.index("知行合一抓学习")
    b = text.index("建好“书香机关”") + 3
    assert [s.label for s in section_path(outline, a, b)] == ["二、强化思想建设，坚持铸魂育人"]


# --- small hand-written texts ---------------------------------------------------------


def test_sequence_rules() -> None:
    text = (
        "前言。\n"
        "三、没有一和二的三不是标题\n"
        "一、第一部分\n"
        "1.第一项。累计成交1.98亿吨。\n"
        "2.第二项。\n"
        "二、第二部分\n"
        "3.第三项。\n"
        "（1）甲。\n"
        "（2）乙。\n"
        "一是孤零零的一项不是列表。\n"
    )
    outline = parse_outline(text)
    check_well_formed(text, outline)
    assert labels(outline) == ["一、第一部分", "二、第二部分"]
    assert labels(outline[0].children) == ["1.第一项", "2.第二项"]
    assert labels(outline[1].children) == ["3.第三项"]
    assert labels(outline[1].children[0].children) == ["（1）甲", "（2）乙"]
    assert all(s.style != "inline" for s in all_sections(outline))


def test_inline_items_after_sentences_and_ordinals() -> None:
    text = (
        "同志们：\n第一，抓学习。一是读原著。二是写心得。\n第二，抓落实。一要定责任，二要抓考核。\n"
    )
    outline = parse_outline(text)
    check_well_formed(text, outline)
    assert [s.number for s in outline] == ["第一，", "第二，"]
    assert labels(outline[0].children) == ["一是读原著", "二是写心得"]
    # Run-in items of one sentence follow a comma (一要定责任，二要抓考核): a run of two.
    assert labels(outline[1].children) == ["一要定责任", "二要抓考核"]


def test_paren_cn_items_rank_above_arabic_items() -> None:
    text = "一、总体要求\n（一）学习\n1.读原著。\n2.写心得。\n（二）落实\n1.定责任。\n"
    outline = parse_outline(text)
    check_well_formed(text, outline)
    assert labels(outline[0].children) == ["（一）学习", "（二）落实"]
    assert labels(outline[0].children[0].children) == ["1.读原著", "2.写心得"]
    assert labels(outline[0].children[1].children) == ["1.定责任"]


def test_a_heading_stops_where_the_next_item_begins() -> None:
    text = "工作安排：一是抓学习：二是抓落实；三是“抓考核”四是抓队伍。\n第一，甲”第二，乙。"
    outline = parse_outline(text)
    check_well_formed(text, outline)
    assert labels(outline)[:4] == ["一是抓学习", "二是抓落实", "三是“抓考核”", "四是抓队伍"]
    assert [s.number for s in outline[4:]] == ["第一，", "第二，"]


def test_chinese_numeral() -> None:
    assert chinese_numeral("一") == 1
    assert chinese_numeral("十") == 10
    assert chinese_numeral("十六") == 16
    assert chinese_numeral("二十") == 20
    assert chinese_numeral("九十九") == 99
    assert chinese_numeral("") is None
    assert chinese_numeral("十十") is None
    assert chinese_numeral("一二") is None
    assert chinese_numeral("甲") is None


# --- properties -----------------------------------------------------------------------

_HAN = "党建工作要点强化政治思想组织作风纪律学习教育机关支部责任落实推进开展加强"
_PUNCT = "，、：“”《》（）,:()"
_SPACE = " \t\u3000"


def _marker(kind: int, n: int) -> str:
    cn = "十" if n == 10 else CN[n - 1] if n < 10 else "十" + CN[n - 11]
    return [
        f"{cn}、",
        f"（{cn}）",
        f"({cn})",
        f"{n}.",
        f"{n}、",
        f"{n}．",
        f"（{n}）",
        f"第{cn}，",
        f"{cn}是",
        f"{cn}要",
        f"{n} ",
        f"# {cn}、",
    ][kind]


words = st.text(alphabet=_HAN + _PUNCT + _SPACE + "0123456789.XX", min_size=0, max_size=40)
sentence = st.builds(lambda w, end: w + end, words, st.sampled_from(["。", "！", "？", "；", ""]))
marker = st.builds(_marker, st.integers(0, 11), st.integers(1, 12))


@st.composite
def numbered_run(draw: st.DrawFn) -> str:
    """A run of consecutive items of one family (一是…二是…, 1. 2. 3., …), the items
    separated by line breaks, sentence stops, colons or closing quotes."""
    kind = draw(st.integers(0, 11))
    first = draw(st.sampled_from([1, 1, 1, 2, 3]))
    parts = []
    for n in range(first, first + draw(st.integers(1, 5))):
        parts.append(_marker(kind, n) + draw(sentence))
        parts.append(draw(st.sampled_from(["\n", "", "：", "；", "。", "”", "，", "\n\n"])))
    return "".join(parts)


line = st.one_of(
    numbered_run(),
    st.builds(lambda m, s: m + "".join(s), marker, st.lists(sentence, max_size=4)),
    st.builds(lambda s: "".join(s), st.lists(sentence, max_size=6)),
    st.builds(
        lambda s, m, t: s + m + t, sentence, marker, sentence
    ),  # an inline marker after a sentence
    st.text(max_size=30),  # anything at all
)
noise_text = st.builds(
    lambda lines, seps: "".join(ln + seps[i % len(seps)] for i, ln in enumerate(lines)),
    st.lists(line, max_size=25),
    st.lists(st.sampled_from(["\n", "\n\n", " \n", "\r\n", "\n\u3000\u3000"]), min_size=1),
)


@st.composite
def structured_text(draw: st.DrawFn) -> str:
    """An official document: parts 一、二、…, inside them （一） or 1. items (numbering may
    run on across parts), inside those 一是… runs, with noise lines in between."""
    out = [draw(sentence) + "\n"]
    task = 1
    for part in range(1, draw(st.integers(1, 5)) + 1):
        out.append(_marker(0, part) + draw(words) + draw(st.sampled_from(["\n", "。", " \n"])))
        item_kind = draw(st.sampled_from([1, 2, 3, 4, 6, 8]))
        restart = draw(st.booleans())
        for _ in range(draw(st.integers(0, 4))):
            n = 1 if restart and _ == 0 else task
            task = n + 1
            out.append(_marker(item_kind, n) + draw(sentence))
            if draw(st.booleans()):
                out.append(draw(numbered_run()))
            out.append(draw(st.sampled_from(["\n", "\n\n", "。\n"])))
            if draw(st.integers(0, 5)) == 0:
                out.append(draw(line) + "\n")
    return "".join(out)


document_text = st.one_of(structured_text(), noise_text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_text)
def test_parse_outline_is_well_nested_for_generated_documents(text: str) -> None:
    check_well_formed(text, parse_outline(text))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_outline_never_crashes_on_arbitrary_text(text: str) -> None:
    check_well_formed(text, parse_outline(text))


# --- a Word table read as 列名：值；… rows (rag.load_docx.table_rows) -----------------------


def _docx_table_text(rows: list[list[str]], merges: tuple[tuple[int, int, int, int], ...]) -> str:
    """The loader's text of a real Word table (python-docx), cells merged as given."""
    import io

    import docx

    from rag.load_common import Limits
    from rag.load_docx import docx_text

    document = docx.Document()
    document.add_paragraph("一、重点举措")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            if cell:
                table.cell(r, c).text = cell
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.add_paragraph("二、保障措施")
    buf = io.BytesIO()
    document.save(buf)
    return docx_text(buf.getvalue(), Limits()).text


def test_keyed_rows_of_a_word_table_with_merged_cells() -> None:
    """Other column names than 任务/责任单位; 牵头部门 merged down over two rows, 备注 filled
    in one row only, a value holding ；; every row one item, its fields exact."""
    text = _docx_table_text(
        [
            ["编号", "重点举措", "牵头部门", "配合部门", "备注"],
            ["1", "推进清廉机关建设；开展廉政谈话", "纪检组", "办公室", ""],
            ["2", "落实意识形态责任制", "宣传处", "", "每季度一次"],
            ["3", "规范党费收缴", "", "财务处", ""],
        ],
        ((2, 2, 3, 2),),  # 宣传处 merged down over rows 2 and 3
    )
    assert "牵头部门：宣传处" in text.split("\n")[-2]  # the merged cell, read for each row
    (two, three) = parse_outline(text)
    assert [s.heading for s in (two, three)] == ["重点举措", "保障措施"]
    rows = two.children
    assert [(r.style, r.number, r.heading) for r in rows] == [
        ("row", "1", "推进清廉机关建设；开展廉政谈话"),
        ("row", "2", "落实意识形态责任制"),
        ("row", "3", "规范党费收缴"),
    ]
    check_well_formed(text, parse_outline(text))
    for r in rows:
        line = text[r.start : r.end]
        assert "\n" not in line and line.startswith("编号：") and r.end <= three.start
    assert row_fields(text, rows[1]) == (
        ("编号", "2"),
        ("重点举措", "落实意识形态责任制"),
        ("牵头部门", "宣传处"),
        ("备注", "每季度一次"),
    )
    assert dict(row_fields(text, rows[2])) == {
        "编号": "3",
        "重点举措": "规范党费收缴",
        "牵头部门": "宣传处",
        "配合部门": "财务处",
    }
    for r in rows:  # every value stands at its offsets in the row
        for name, value in row_fields(text, r):
            assert f"{name}：{value}" in text[r.start : r.end]


def test_keyed_rows_a_spanning_cell_and_no_header() -> None:
    """A cell spanning two columns keeps the row on the header's grid; a table whose first
    row is no header is read as tab-separated cells, which are rows as well."""
    text = _docx_table_text(
        [
            ["事项", "责任人", "时间"],
            ["召开专题组织生活会", "各支部书记", "6月"],
            ["开展主题党日", "全年", ""],
        ],
        ((2, 1, 2, 2),),  # 全年 spans 责任人 and 时间
    )
    rows = parse_outline(text)[0].children
    assert [r.heading for r in rows] == ["召开专题组织生活会", "开展主题党日"]
    assert dict(row_fields(text, rows[1])) == {"事项": "开展主题党日", "责任人": "全年"}
    plain = _docx_table_text(
        [["加强理论武装，坚持读原著学原文", "宣传处"], ["抓好支部建设，落实“三会一课”", "组织处"]],
        (),
    )
    assert "\t" in plain
    # no header row: the first row heads the columns, the second is the one row
    assert [r.heading for r in parse_outline(plain)[0].children] == ["抓好支部建设，落实“三会一课”"]


def test_prose_with_colons_and_semicolons_is_not_a_table() -> None:
    text = (
        "一、工作要求\n"
        "会议时间：3月5日上午；会议地点：机关三楼会议室。\n"
        "参会人员：各支部书记；联系人：王某，电话：1234567。\n"
        "一是抓学习：坚持每周集中学习；二是抓落实：对照清单逐项推进。\n"
        "目标：建强支部；路径：抓实“三会一课”；\n"
        "二、时间安排\n"
        "时间：全年。\n"
        "时间：每季度。\n"
    )
    outline = parse_outline(text)
    assert [s.heading for s in outline] == ["工作要求", "时间安排"]
    assert all(s.style != "row" for top in outline for s in top.walk())


def test_keyed_rows_under_a_category_row_across_the_table() -> None:
    """A row of one cell across the table (一、组织建设) is a heading line of its own; the
    rows after it, even a single one, are still rows of the table."""
    text = _docx_table_text(
        [
            ["序号", "工作任务", "责任单位"],
            ["一、思想建设", "", ""],
            ["1", "理论学习", "宣传处"],
            ["2", "专题研讨", "组织处"],
            ["二、组织建设", "", ""],
            ["3", "支部换届", "组织处"],
        ],
        ((1, 0, 1, 2), (4, 0, 4, 2)),
    )
    assert "\n二、组织建设\n" in text
    rows = [s for top in parse_outline(text) for s in top.walk() if s.style == "row"]
    assert [(r.number, r.heading) for r in rows] == [
        ("1", "理论学习"),
        ("2", "专题研讨"),
        ("3", "支部换届"),
    ]
    assert dict(row_fields(text, rows[2]))["责任单位"] == "组织处"


LONE_ATTACHMENT = (
    "关于开展清风支部评选的通知\n\n各基层党组织：\n\n"
    "一、评选范围\n全体在职党支部。\n\n"
    "二、工作要求\n（一）加强领导。各支部要高度重视。\n（二）按时报送。材料于5月底前报送。\n\n"
    "附件：清风支部评选任务分工表\n\n中共某某区直属机关工作委员会\n2025年4月2日\n\n"
    "附件\n\n清风支部评选任务分工表\n\n"
    "序号\t任务\t责任单位\t完成时限\n"
    "1\t制定评选细则\t组织科\t4月底\n"
    "2\t组织支部自评\t各党支部\t5月底\n"
)


def test_a_lone_attachment_line_heads_its_table_not_the_last_section() -> None:
    """GB/T 9704: one attachment is headed by a bare 附件 line with its title on the
    next line; the table's rows belong to it, not to the body's last heading."""
    top = parse_outline(LONE_ATTACHMENT)
    assert [s.number for s in top] == ["一、", "二、", "附件"]
    attachment = top[-1]
    assert attachment.style == "attachment"
    assert attachment.heading == "清风支部评选任务分工表"
    assert [c.heading for c in attachment.children] == ["制定评选细则", "组织支部自评"]
    assert all(not c.children for c in top[1].children)


def test_an_attachment_line_followed_by_a_numbered_list_is_not_a_heading() -> None:
    text = LONE_ATTACHMENT.split("附件：")[0] + "附件：\n1.评选细则\n2.报送表\n"
    assert [s.number for s in parse_outline(text)] == ["一、", "二、"]
