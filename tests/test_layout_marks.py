"""Conventions of layout and of the document's edges, read from documents written for this
test:

- a web page's paragraph wholly in bold (``<p><strong>…</strong></p>``) is a subheading, as
  a Word file's bold paragraph is; a news page's short line ``XX：……`` between prose
  paragraphs is one too;
- a speech's byline under the title (post and name, possibly in Markdown bold) is its
  speaker, never a person its opening names as having reported or chaired (刚才，…同志代表…
  作了报告);
- a report signed by a person (述职人：XXX) over its date has that pair as its 落款,
  cited when its date is asked however far down it stands;
- a department's self-name that begins with the level word of its own name (市政…, 市场…
  after X市) gets its place once;
- the 附件说明's items (附件：1.… 2.…) are no parts of a document that has parts;
- a bold run-in enumerator (``**二要…**``) heads its item with plain words, its span
  leaves the next item's bold mark to that item.

The tuned part was run while writing the fixes; the held-out part was written with them
and first run on the finished fixes.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.framing import speaker_span
from rag.ingest import build_document
from rag.loaders import html_to_text, load_bytes
from rag.metadata import signature_span
from rag.outline import parse_outline
from rag.service import Library
from rag.short_names import placed_name
from rag.types import Section


def _labels(sections: tuple[Section, ...]) -> list[str]:
    return [s.label for s in sections]


def _html_outline(html: str) -> list[str]:
    loaded = load_bytes(html.encode("utf-8"), ".html")
    return _labels(build_document("page", loaded.text).outline)


# --- HTML bold paragraphs ------------------------------------------------------------------

NEWS_TUNED = """<html><head><meta charset="utf-8"><title>青石街道：小食堂撬动基层治理大文章</title></head>
<body><h1>青石街道：小食堂撬动基层治理大文章</h1>
<p>发布时间：2024-05-12　来源：青石街道</p>
<p>今年以来，青石街道党工委坚持党建引领，聚焦辖区老年人用餐难题，打造“邻里食堂”服务品牌。</p>
<p><strong>小切口：从居民“饭碗”入手</strong></p>
<p>街道党工委组织社区党员开展入户走访，摸清辖区独居老人用餐需求，确定在三个社区建设食堂。</p>
<p><strong>大合力：多方共建共享</strong></p>
<p>街道联合辖区共建单位、爱心企业和社会组织共同出资出力，确保食堂可持续运转。</p>
<p><strong>暖服务：党员志愿者常态参与</strong></p>
<p>组建党员志愿服务队，每天轮流到食堂帮厨、送餐上门，累计服务老人两万余人次。</p>
<p>下一步，青石街道将继续完善邻里食堂运营机制，推动服务向更多社区延伸。</p>
</body></html>"""

# held out: <b> instead of <strong>, bold spread over two runs, one bold word inside a
# sentence (no heading), a bold sentence (no heading)
NEWS_HELD_OUT = """<html><head><meta charset="gb2312"></head><body>
<div class="title">柳湾社区：“红色议事厅”议出幸福感</div>
<div class="info">来源：柳湾社区　时间：2023年9月20日</div>
<p>近年来，柳湾社区党委探索建立“红色议事厅”，把居民关心的大事小情摆到桌面上来商量。</p>
<p><b>议题</b><b>征集：</b><b>群众点单</b></p>
<p>社区通过线上问卷、楼栋长走访等方式广泛征集议题，今年以来共收集居民意见建议一百余条。</p>
<p><b>协商议事：多方参与</b></p>
<p>每月召开一次议事会，邀请<b>居民代表</b>、物业公司、共建单位共同协商，形成解决方案。</p>
<p><b>这一做法得到了居民的普遍好评。</b></p>
<p><b>结果公开：接受监督</b></p>
<p>议事结果在小区公告栏和居民群同步公开，办理进度全程接受居民监督，确保件件有回音。</p>
</body></html>"""


def test_html_bold_paragraphs_are_marked_as_headings() -> None:
    text = html_to_text(NEWS_TUNED)
    assert "**小切口：从居民“饭碗”入手**" in text.split("\n")
    assert "**大合力：多方共建共享**" in text.split("\n")


@pytest.mark.parametrize(
    ("html", "expected", "held_out"),
    [
        (
            NEWS_TUNED,
            ["小切口：从居民“饭碗”入手", "大合力：多方共建共享", "暖服务：党员志愿者常态参与"],
            False,
        ),
        (NEWS_HELD_OUT, ["议题征集：群众点单", "协商议事：多方参与", "结果公开：接受监督"], True),
    ],
)
def test_a_news_page_with_bold_subheads_has_them_as_outline(
    html: str, expected: list[str], held_out: bool
) -> None:
    assert _html_outline(html) == expected


def test_bold_inside_a_sentence_or_a_bold_sentence_is_no_heading() -> None:
    text = html_to_text(NEWS_HELD_OUT.encode("utf-8").decode("utf-8"))
    assert "邀请居民代表、物业公司" in text
    assert "这一做法得到了居民的普遍好评。" in text.split("\n")


# --- plain ``XX：……`` subheadings of a news text -------------------------------------------

PLAIN_TUNED = """城关镇：红色驿站暖人心

2024年6月3日　来源：城关镇

今年以来，城关镇党委立足服务群众，在辖区主要街道建成六个红色驿站，为户外劳动者提供歇脚服务。
小阵地：让群众歇得下来
每个驿站配备饮水机、微波炉、急救箱等设施，全天开放，确保户外劳动者渴了能喝水、累了能歇脚。
大服务：让群众办得成事
驿站安排党员干部轮流值守，现场受理群众诉求，能办的马上办，不能办的及时转交相关部门跟踪落实。
镇党委负责同志表示，下一步将继续扩大驿站覆盖面，推动服务提质增效。
"""

PLAIN_HELD_OUT = """南坪村：党建引领产业兴

发布时间：2023-11-02

2023年以来，南坪村党支部把发展特色产业作为强村富民的关键一招，带领群众走出了一条致富路。

强班子：选好领路人

村党支部通过换届选出一批懂经营、善管理的年轻干部，班子平均年龄下降六岁，干事劲头更足了。

兴产业：种好“致富果”

村里成立猕猴桃种植合作社，党员带头流转土地三百亩，今年预计实现产值四百万元，带动农户增收。

村民说：日子越过越有奔头

“以前在外打工，现在家门口就能挣钱。”村民老李高兴地说，他家今年光务工收入就有三万多元。
"""


@pytest.mark.parametrize(
    ("text", "expected", "held_out"),
    [
        (PLAIN_TUNED, ["小阵地：让群众歇得下来", "大服务：让群众办得成事"], False),
        # (村民说： opens a quotation, no subheading)
        (PLAIN_HELD_OUT, ["强班子：选好领路人", "兴产业：种好“致富果”"], True),
    ],
)
def test_short_lead_and_colon_lines_between_prose_are_subheadings(
    text: str, expected: list[str], held_out: bool
) -> None:
    assert _labels(parse_outline(text)) == expected


def test_a_page_field_with_a_colon_is_no_subheading() -> None:
    text = (
        "某局开展主题党日活动\n"
        "近日，某局机关党委组织全体党员赴教育基地开展主题党日活动，重温入党誓词。\n"
        "联系人：王某某\n"
        "活动中，党员们认真聆听讲解，深刻感悟初心使命，纷纷表示要立足岗位作贡献。\n"
        "编辑：李某\n"
        "大家表示，将把学习成果转化为推动工作的强大动力，以实际行动践行初心使命。\n"
    )
    assert parse_outline(text) == ()


# --- the speaker of a speech -----------------------------------------------------------------

SPEECH_TUNED = """# 在全县机关党建工作推进会上的讲话

**县委常委、县直机关工委书记　林向东**

**（2024年3月8日）**

同志们：

刚才，周海涛同志代表县直机关工委作了工作报告，我完全同意。下面，我再讲三点意见。

## 一、提高政治站位

机关党建是党的建设的重要组成部分。**一要**强化理论武装，深入学习；**二要坚持问题导向**，查找短板弱项；**三要**落实责任。

## 二、强化作风建设

各单位要持之以恒纠治“四风”，切实为基层减负。
"""

SPEECH_HELD_OUT = """在全市国资系统党建工作会议上的讲话

**市国资委党委副书记__　__赵明川**

同志们：

刚才，市国资委机关党委书记孙立群同志代表机关党委作报告，讲得很好。会议由市国资委副主任钱某某主持。

一、认清形势
当前，国企党建工作面临新的形势和任务。
二、明确任务
要抓实基层党组织建设。
"""

SPEECH_NO_LINE = """在全区组织工作会议上的讲话

同志们：

刚才，区委副书记王建国同志代表区委作报告，讲得很好，我完全赞同。

一、提高认识
"""


@pytest.mark.parametrize(
    ("text", "speaker", "held_out"),
    [
        (SPEECH_TUNED, "县委常委、县直机关工委书记　林向东", False),
        (SPEECH_HELD_OUT, "市国资委党委副书记", True),
    ],
)
def test_the_byline_under_the_title_is_the_speaker(text: str, speaker: str, held_out: bool) -> None:
    span = speaker_span(text)
    assert span is not None
    line = text[span[0] : span[1]]
    assert line.startswith(speaker) and "*" not in line[:2] and not line.endswith("*")


def test_one_who_reported_before_is_not_the_speaker() -> None:
    assert speaker_span(SPEECH_NO_LINE) is None
    news = "会议召开\n\n5月3日，县委书记王大明出席会议并讲话。\n"
    span = speaker_span(news)
    assert span is not None and news[span[0] : span[1]] == "县委书记王大明出席会议并讲话"


# --- a report signed by a person ----------------------------------------------------------------


def _report(signer: str, date: str, paragraphs: int) -> str:
    body = "".join(f"{i + 1}.完善第{i + 1}项工作制度。\n\n" for i in range(paragraphs))
    return (
        "2024年度抓基层党建工作述职报告\n\n"
        "区审计局党组书记、局长　陈立新\n\n"
        "现将本人2024年度履行抓基层党建工作第一责任人职责情况报告如下。\n\n"
        "一、履职情况\n\n一是强化政治引领。二是夯实基层基础。\n\n"
        f"二、下一步打算\n\n{body}"
        f"{signer}\n{date}\n"
    )


@pytest.mark.parametrize(
    ("signer", "date", "held_out"),
    [
        ("述职人：陈立新", "二〇二五年一月十日", False),
        ("报告人：陈立新", "2025年1月12日", True),
        ("区审计局党组书记、局长　陈立新", "二〇二五年一月十五日", True),
    ],
)
def test_a_person_signing_over_the_date_is_the_signature(
    signer: str, date: str, held_out: bool
) -> None:
    text = _report(signer, date, 3)
    span = signature_span(text)
    assert span is not None and text[span[0] : span[1]] == f"{signer}\n{date}"


def test_a_date_line_alone_or_an_issue_line_is_no_person_signature() -> None:
    assert signature_span("一、工作\n做了工作。\n2025年1月10日\n") is None
    assert signature_span("一、工作\n述职人：陈立新\n（2025年1月10日）\n") is None


# --- a department's place before a name that begins with 市 --------------------------------------


@pytest.mark.parametrize(
    ("department", "name", "expected", "held_out"),
    [
        (
            "中共东岭市市政工程管理处机关委员会",
            "市政工程管理处机关党委",
            "东岭市市政工程管理处机关党委",
            False,
        ),
        ("中共枫岭县云岗街道工作委员会", "街道党工委", "云岗街道党工委", False),
        (
            "中共青川市市场监督管理局机关委员会",
            "市场监管局机关党委",
            "青川市市场监管局机关党委",
            True,
        ),
        ("中共白河市市容环境卫生管理处委员会", "市容环卫处党委", "白河市市容环卫处党委", True),
    ],
)
def test_the_place_is_put_before_a_name_once(
    department: str, name: str, expected: str, held_out: bool
) -> None:
    assert placed_name(department, name) == expected


# --- the 附件说明 of a document with parts -----------------------------------------------------

NOTICE_TUNED = """中共某某区委组织部关于开展党员教育培训的通知

各基层党组织：

为提升党员教育质量，现就有关事项通知如下。

一、培训对象

全区各级党组织党员。

二、培训内容

学习党的创新理论，开展党性教育。

三、工作要求

各单位要高度重视，认真组织实施。

附件：1.培训安排表
　　　2.参训人员名单

中共某某区委组织部
2024年3月1日
"""

NOTICE_HELD_OUT = """关于做好2025年度党费收缴工作的通知

各党支部：

第一部分　收缴标准

按照党章规定的比例按月交纳党费。

第二部分　工作要求

各支部要按时足额收缴，及时上报。

附件：1.党费收缴标准表
2.党费收缴情况统计表
3.联系人名单

某某局机关党委
2025年1月6日
"""


@pytest.mark.parametrize(
    ("text", "expected", "held_out"),
    [
        (NOTICE_TUNED, ["一、培训对象", "二、培训内容", "三、工作要求"], False),
        (NOTICE_HELD_OUT, ["第一部分收缴标准", "第二部分工作要求"], True),
    ],
)
def test_attachment_list_items_are_no_parts(text: str, expected: list[str], held_out: bool) -> None:
    outline = parse_outline(text)
    assert [s.label.replace("\u3000", "") for s in outline] == expected
    assert "附件" not in text[outline[-1].start : outline[-1].end]


def test_a_notice_without_parts_keeps_its_attachment_list() -> None:
    text = "关于X的通知\n各单位：\n　　现印发。\n　　附件：1.任务清单\n　　　　　2.回执\n\n某某局\n2024年1月1日\n"
    assert _labels(parse_outline(text)) == ["1.任务清单", "2.回执"]


# --- bold run-in enumerators --------------------------------------------------------------------


def test_bold_run_in_items_have_plain_headings_and_their_own_marks() -> None:
    outline = parse_outline(SPEECH_TUNED)
    items = outline[0].children
    assert _labels(items) == ["一要强化理论武装，深入学习", "二要坚持问题导向", "三要落实责任"]
    for s in items[:-1]:
        assert not SPEECH_TUNED[s.start : s.end].endswith("*")


def test_held_out_bold_run_in_items() -> None:
    text = (
        "一、抓好学习\n\n"
        "今年重点做好三件事。**第一，**健全学习制度；**第二，**创新学习方式；"
        "**一是抓好集中学习**，每月一次；**二是抓好个人自学**，每周一次。\n"
    )
    items = [s.label for s in parse_outline(text)[0].walk()]
    assert not any("*" in label for label in items)
    assert "二是抓好个人自学" in items


# --- asked in a library ----------------------------------------------------------------------------

LIB_DOCS = {
    "speech.md": SPEECH_TUNED,
    "report.txt": _report("述职人：陈立新", "二〇二五年一月十日", 34),
    "plan.txt": """中共青石区民政局机关委员会2024年党建工作计划

一、加强组织建设
1.开展支部书记培训。
二、加强作风建设
1.开展作风纪律专项整治。

中共青石区民政局机关委员会
2024年1月9日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    def fill(corpus: Any) -> None:
        (corpus / "news.html").write_text(NEWS_TUNED, encoding="utf-8")
        (corpus / "yst.html").write_bytes(NEWS_HELD_OUT.encode("gbk"))

    return open_library(tmp_path_factory, "layoutmarks", bundled_embedder, LIB_DOCS, fill=fill)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "wanted", "held_out"),
    [
        ("青石街道邻里食堂有哪些做法", ["小切口", "大合力", "暖服务"], False),
        ("柳湾社区红色议事厅是怎么做的", ["议题征集", "协商议事", "结果公开"], True),
    ],
)
def test_a_news_page_is_answered_by_its_bold_subheads(
    lib: Library, question: str, wanted: list[str], held_out: bool
) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert all(w in text for w in wanted), a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "held_out"),
    [
        ("全县机关党建工作推进会上的讲话，讲话人是谁", False),
        ("县直机关党建推进会是哪位领导讲的话", True),
    ],
)
def test_the_speaker_asked_is_the_byline(lib: Library, question: str, held_out: bool) -> None:
    a = lib.ask(question)
    text = cited_text(lib, a)
    assert "林向东" in text, a.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "held_out"),
    [("区审计局那份述职报告落款是哪天", False), ("陈立新的述职报告落款日期是什么时候", True)],
)
def test_the_date_line_of_a_long_report_is_cited(
    lib: Library, question: str, held_out: bool
) -> None:
    a = lib.ask(question)
    text = cited_text(lib, a)
    assert "二〇二五年一月十日" in text, a.answer
    assert "2025-01-10" in a.answer, a.answer


# --- a bold byline is no subheading; bold by inline style --------------------------------------


@pytest.mark.parametrize(
    ("byline", "held_out"),
    [("**镇党委书记　韩立**", False), ("**区委常委、宣传部部长　欧阳明远**", True)],
)
def test_a_bold_byline_is_no_layout_heading(byline: str, held_out: bool) -> None:
    text = (
        f"在全镇党建工作会议上的讲话\n\n{byline}\n\n**（2024年2月1日）**\n\n同志们：\n\n"
        "今天召开会议，主要任务是总结去年工作，部署今年任务。\n\n**坚定信心，保持定力**\n\n"
        "过去一年，全镇党建工作取得了新成效。\n\n**突出重点，精准发力**\n\n今年要重点抓好三项工作。\n"
    )
    assert _labels(parse_outline(text)) == ["坚定信心，保持定力", "突出重点，精准发力"]


@pytest.mark.parametrize(
    ("html", "lines", "held_out"),
    [
        (
            '<p>正文一句话。</p><p style="font-weight:bold">强基础：建强支部</p>'
            "<p>又一句<span style='font-weight:bold'>加粗</span>话。</p>",
            ["正文一句话。", "**强基础：建强支部**", "又一句加粗话。"],
            False,
        ),
        (
            '<div><span style="FONT-WEIGHT: 700">聚合力：共建共享</span></div>'
            "<p><strong>（一）加强学习</strong></p><p><b>加粗</b>不全</p>",
            ["**聚合力：共建共享**", "（一）加强学习", "加粗不全"],
            True,
        ),
    ],
)
def test_bold_by_style_marks_a_heading_numbered_ones_stay_plain(
    html: str, lines: list[str], held_out: bool
) -> None:
    assert html_to_text(html).split("\n") == lines
