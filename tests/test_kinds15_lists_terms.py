"""A list question is answered with the part it names, and a term question with the core
phrase the documents attest — on documents written for this test (a 水务集团's speech with
a byline, a 方志馆's plan whose 存在问题 list shares words with a part's heading, a
医保局's web page whose lead defines a slogan inline beside a site's top bar, a 审计局's
speech with an inline 一是…四是 run, a 税务局's news with figures after the hit, and three
units writing 双向挂职 / 导师帮带 in their own words).

Kinds (KINDS15): K2 — a byline, a problems sentence or a site bar is not the list asked;
K4 — a list question is no phrase search on a compound every document holds, and a term
hit's context reaches the end of its sentence / inline run; K5 — a term wrapped in the
asker's words is searched as the core phrase the corpus holds, counted in full.

The tuned part was run while writing the fix; the held-out part was written with it,
before any code was changed, and first run on the finished fix (all passed; the K2c and
K4b held-out questions already passed before the fix). Controls hold behaviour that must
not change; two were added during the fix (某某是什么职务 keeps the byline; 参与 is no
joining word). The top-bar greeting cases were added with that rule: one held-out greeting
(…门户网站 | 繁体) failed on the first run — the greeting stopped at 门户 — and was fixed.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library
from rag.text import normalize

SPEECH = """在青禾水务集团2025年度党建工作会议上的讲话

集团党委书记、董事长　林慕川
（2025年2月18日）

同志们：
今天召开集团年度党建工作会议，主要任务是总结去年工作，部署今年任务。下面，我讲四点意见。

一、坚持政治引领，把牢企业发展方向
各级党组织要落实“第一议题”制度，全年开展中心组学习不少于12次，推动党的理论在一线落地。

二、夯实基层基础，建强供水一线战斗堡垒
要推进标准化党支部建设，年内实现泵站、水厂党支部达标率100%，选优配强支部书记。

三、深化党建与生产经营融合
要围绕管网改造、漏损治理设立党员责任区，组建党员突击队8支，以党建成效检验经营成效。

四、驰而不息正风肃纪，营造清朗政治生态
要紧盯工程招投标、物资采购等关键环节，开展廉洁风险排查，全年开展警示教育4次。

同志们，让我们以更加昂扬的姿态推动集团高质量发展！
"""

PLAN = """松阳市方志馆2025年党建工作计划

一、2024年工作中存在的问题
一是理论学习深度不够，学用结合不紧。二是党建与方志业务结合不够紧密，存在“两张皮”现象。三是青年党员教育管理方式比较单一，吸引力不强。

二、2025年重点任务
第一，强化政治理论武装。坚持每月集中学习1次，开展读书分享会4场。
第二，加强支部标准化建设。规范“三会一课”，全年召开组织生活会2次。
第三，推动党建与方志业务深度融合。一要把党建融入志书编纂，组建党员编纂先锋岗3个；二要把党建融入史料征集，开展“红色记忆”口述史采集50人次；三要把党建融入地情宣传，举办方志进社区活动6场；四要建立党建业务双考核机制，年终一并述职评议。
第四，加强青年党员教育管理。一要实施“青志导航”计划，为青年党员配备业务导师；二要开展岗位练兵，组织青年编纂技能比武2次；三要搭建成长平台，推荐青年党员参与重点课题。

中共松阳市方志馆支部委员会
2025年1月15日
"""

PAGE = """<html><head><title>南州市医保局深入开展“三进三帮”活动</title></head><body>
<div class="topbar">您好，欢迎访问南州市医疗保障局网站！ <a href="/wza">无障碍</a> | <a href="/old">长者模式</a> | <a href="/login">登录</a> | <a href="/reg">注册</a></div>
<div class="nav"><a href="/">首页</a> <a href="/xw">新闻中心</a> <a href="/zw">政务公开</a> <a href="/bs">办事服务</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xw">新闻中心</a> &gt; 工作动态</div>
<h1>南州市医保局深入开展“三进三帮”活动</h1>
<div class="info">发布时间：2025-04-10　来源：南州市医疗保障局　浏览次数：312</div>
<div class="content">
<p>今年以来，南州市医保局党组在全局开展“三进三帮”活动，即进社区、进企业、进医院，帮群众解难题、帮企业降成本、帮基层强服务，推动党建与医保服务深度融合。</p>
<p>活动中，局机关5个党支部与12个社区结对，党员干部上门讲解医保政策86场，帮助企业办理医保业务1300余件。</p>
<p>同时，局党组推出“四个一”便民服务，即一次告知、一窗受理、一网通办、一次办结，群众满意率达到98.6%。</p>
</div>
<div class="foot"><a href="/map">网站地图</a> | <a href="/lx">联系我们</a></div>
</body></html>
"""

AUDIT = """在青溪市审计局2025年审计整改工作推进会上的讲话

局党组书记、局长　宋怀远

同志们：
去年以来，全局认真落实审计整改责任，整改问题金额3.6亿元。但也要看到，整改责任落实打折扣的问题依然存在，主要体现在四个方面：一是被审计单位主体责任压得不实，有的“重审计轻整改”；二是主管部门监督责任跟进不够，督促检查流于形式；三是审计机关跟踪检查不到位，对整改结果核查不细；四是整改结果运用不充分，问责追责力度偏弱。对此，各审计组要逐条对照，拿出管用措施。
下一步，要健全整改责任清单，压实整改责任，把整改责任落实情况纳入年度考核，对整改责任不落实的单位约谈主要负责人。
同时要看到，审计质量管控仍然薄弱，主要表现在：一是现场审计复核不严；二是审计底稿记录不规范；三是质量责任追究不到位。
"""

TAX = """青溪市税务局开展发票违法专项整治

本报讯　为维护税收秩序，青溪市税务局党委把打击发票违法作为党建引领业务的重要抓手。局党委书记、局长韩启明表示，虚开发票严重扰乱经济秩序，必须坚持露头就打、一查到底，决不让违法者有利可图。今年以来，该局联合公安部门开展专项行动，查处虚开发票案件17起，挽回税款损失2360万元，移送公安机关涉案人员9名。
在欠税清缴上，该局坚持“清欠与服务并重”，对欠税企业逐户建档、分类施策，全年清缴欠税4800万元，帮助86户困难企业申请分期缴纳。
"""

ORGA = """青溪市委组织部2025年干部工作要点

一、加强干部实践锻炼
推动机关干部和基层干部双向挂职，年内安排40名干部参加。建立年轻干部导师帮带制度，每名年轻干部确定1名导师。
二、强化干部监督
落实整改责任，对巡察反馈问题建立整改台账。
"""

ORGB = """青溪市农业农村局2025年党建工作要点

一、锻造过硬干部队伍
选派机关干部到乡镇双向挂职，全年不少于10人。实行新进人员“导师帮带”，由支部书记带教。
二、抓好巡察整改
压实整改责任，按期销号。
"""

ORGC = """青溪市民政局2025年机关党建工作要点

一、建强干部队伍
开展机关与社区双向挂职锻炼，每批3个月。落实导师帮带机制，促进青年干部成长。
二、抓好问题整改
明确整改责任，逐项对账销号。
"""

DOCS = {
    "speech.txt": SPEECH,
    "plan.txt": PLAN,
    "page.html": PAGE,
    "audit.txt": AUDIT,
    "tax.txt": TAX,
    "orga.txt": ORGA,
    "orgb.txt": ORGB,
    "orgc.txt": ORGC,
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "kinds15", bundled_embedder, DOCS)


def _shown(lib: Library, question: str) -> tuple[str, Any]:
    a = lib.ask(question)
    assert a.found, a.answer
    cited = [c.text for c in a.citations]
    return normalize(a.answer + cited_text(lib, a) + "".join(cited)), a


def _check(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    shown, a = _shown(lib, question)
    for span in must:
        assert normalize(span) in shown, (question, span, a.answer)
    for span in never:
        assert normalize(span) not in shown, (question, span, a.answer)


SPEECH_PARTS = ["坚持政治引领", "夯实基层基础", "深化党建与生产经营融合", "驰而不息正风肃纪"]
FUSION_ITEMS = ["把党建融入志书编纂", "把党建融入史料征集", "把党建融入地情宣传", "双考核机制"]
YOUTH_ITEMS = ["青志导航", "岗位练兵", "搭建成长平台"]
AUDIT_ITEMS = ["主体责任压得不实", "监督责任跟进不够", "跟踪检查不到位", "整改结果运用不充分"]
QUALITY_ITEMS = ["现场审计复核不严", "审计底稿记录不规范", "质量责任追究不到位"]

# --- tuned part ---------------------------------------------------------------------------

TUNED = [
    # K2a: speaker and organisation both named → the speech's parts, not its byline
    ("林慕川在青禾水务集团年度党建会上讲了几点，分别是什么", SPEECH_PARTS, []),
    # K2b: a part named by its theme words → the part's 一要… items, not the problem line
    ("方志馆党建和业务结合的重点任务有哪些", FUSION_ITEMS, ["结合不够紧密"]),
    # K2c: an inline definition 即A、B、C in a news lead, not the site's top bar
    ("三进三帮是哪三进哪三帮", ["即进社区、进企业、进医院"], ["无障碍", "长者模式"]),
    # K4a: a list question holding a compound every document writes (整改责任)
    ("讲话里说整改责任落实打折扣体现在哪几个方面", AUDIT_ITEMS, []),
    # K4b: what a unit said and did about a topic → the figures after the hit
    ("税务局对虚开发票是怎么说、怎么查的", ["查处虚开发票案件17起", "2360万元"], []),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "never"), TUNED)
def test_tuned_list_answers_cover_the_part_asked(
    lib: Library, question: str, must: list[str], never: list[str]
) -> None:
    _check(lib, question, must, never)


@pytest.mark.slow
def test_tuned_term_in_the_askers_words_is_the_core_phrase(lib: Library) -> None:
    # K5: 机关干部和基层干部双向挂职 → 双向挂职, in all three units' wordings
    shown, a = _shown(lib, "机关干部和基层干部双向挂职 都哪些单位讲过")
    for span in ["机关干部和基层干部双向挂职", "机关干部到乡镇双向挂职", "机关与社区双向挂职"]:
        assert normalize(span) in shown, (span, a.answer)
    assert "共出现 3 次" in a.answer, a.answer


# --- held-out part ------------------------------------------------------------------------

HELD_OUT = [
    ("青禾水务集团董事长林慕川在党建工作会上提了哪几方面要求", SPEECH_PARTS, []),
    ("方志馆青年党员教育管理方面有哪些具体任务", YOUTH_ITEMS, ["方式比较单一"]),
    ("四个一便民服务具体是哪四个一", ["一次告知、一窗受理、一网通办、一次办结"], ["无障碍"]),
    ("审计局讲话中审计质量管控薄弱主要表现在哪些方面", QUALITY_ITEMS, []),
    ("税务局在欠税清缴上是怎么讲的、做了什么", ["4800万元", "86户"], []),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "never"), HELD_OUT)
def test_held_out_list_answers_cover_the_part_asked(
    lib: Library, question: str, must: list[str], never: list[str]
) -> None:
    _check(lib, question, must, never)


@pytest.mark.slow
def test_held_out_term_in_the_askers_words_is_the_core_phrase(lib: Library) -> None:
    shown, a = _shown(lib, "年轻干部导师帮带制度，全部出处")
    for span in ["年轻干部导师帮带制度", "“导师帮带”", "导师帮带机制"]:
        assert normalize(span) in shown, (span, a.answer)
    assert "共出现 3 次" in a.answer, a.answer


# --- controls: must not change ------------------------------------------------------------

CONTROLS = [
    ("林慕川的讲话讲了几点", SPEECH_PARTS, []),
    ("方志馆2024年工作中存在哪些问题", ["理论学习深度不够", "结合不够紧密", "方式比较单一"], []),
    ("方志馆推动党建与方志业务深度融合这部分有哪些任务", FUSION_ITEMS, []),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "never"), CONTROLS)
def test_controls_keep_their_answers(
    lib: Library, question: str, must: list[str], never: list[str]
) -> None:
    _check(lib, question, must, never)


@pytest.mark.slow
def test_control_the_person_asked_gets_the_byline(lib: Library) -> None:
    # (added after a first run: the speaker's name is scope only for a list question)
    shown, a = _shown(lib, "林慕川是什么职务")
    assert normalize("集团党委书记、董事长") in shown, a.answer


@pytest.mark.slow
def test_control_a_word_with_a_joining_character_is_no_joined_modifier(lib: Library) -> None:
    from rag.answer_terms import _attested_core

    # 参与 holds 与: no split before its last words
    assert _attested_core(_context(lib), "党员参与整改责任", _ids(lib)) is None
    assert _attested_core(_context(lib), "机关干部和基层干部双向挂职", _ids(lib)) == "双向挂职"


def _ids(lib: Library) -> list[str]:
    return [d.doc_id for d in lib.documents]


def _context(lib: Library) -> Any:
    from rag.answer_evidence import AnswerContext
    from rag.concordance import Concordance

    docs = {d.doc_id: d for d in lib.documents}
    return AnswerContext(docs, Concordance(lib.documents), None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "count"), [("双向挂职 在哪些文件出现", 3), ("“整改责任”都在哪些文件提到", None)]
)
def test_control_term_searches_keep_their_phrase(
    lib: Library, question: str, count: int | None
) -> None:
    from rag.concordance import Concordance

    a = lib.ask(question)
    assert a.kind in {"term", "attribution"}, a.answer
    term = "双向挂职" if count else "整改责任"
    n = Concordance(lib.documents).count(term)
    assert count is None or n == count
    assert f"共出现 {n} 次" in a.answer, a.answer


# --- a site's top bar is navigation (added with the fix: the tuned page above; the
# held-out lines below are other greetings, written before the rule was run on them) ----


def test_top_bar_greeting_is_no_text_of_the_page() -> None:
    from rag.loaders import html_to_text

    text = html_to_text(PAGE)
    assert "无障碍" not in text and "欢迎访问" not in text
    assert "即进社区、进企业、进医院" in text


@pytest.mark.parametrize(
    ("line", "links", "nav"),
    [
        ("欢迎来到江屿市民政局门户网站 | 繁体 | English", ("繁体", "English"), True),
        ("你好！欢迎访问北湖区政务网 登录 注册", ("登录", "注册"), True),
        ("欢迎访问云川市档案馆网站", (), True),
        # an article's sentence that welcomes is content
        ("欢迎访问我局网站了解更多政策，群众可拨打热线咨询。", (), False),
        ("您好，欢迎来到党员之家活动室。", (), False),
    ],
)
def test_held_out_greetings(line: str, links: tuple[str, ...], nav: bool) -> None:
    from rag.html_nav import PageLine, navigation_lines

    assert (0 in navigation_lines([PageLine(line, links)])) is nav
