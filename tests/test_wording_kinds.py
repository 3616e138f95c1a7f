"""Wordings a blind test found answered wrongly or refused, on documents written for this
test (a 海关's 要点 with a quoted action in a heading, a 监狱's summary looking ahead, a
notice whose title holds the action's words):

- English words typed among the Chinese (具体items, target) that no text holds are filler,
  never the content a refusal names;
- a list question on a phrase a heading holds whole (“固本强基”行动) gets that section's
  items, though another document's title holds the phrase's words one by one;
- a year asked of a summary's content (对2025年…怎么打算) is answered from its look ahead,
  while a year naming the summary itself (2025年的党建工作总结) is still refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "customs.txt": """中共白鹭海关机关委员会
关于印发《白鹭海关2024年机关党建工作要点》的通知

各党支部：
　　现将《白鹭海关2024年机关党建工作要点》印发给你们，请认真贯彻落实。

中共白鹭海关机关委员会
2024年2月26日

白鹭海关2024年机关党建工作要点

一、加强基层组织建设
（一）深化“固本强基”行动
1.开展党支部星级评定，年底前五星级党支部占比不低于30%。
2.选优配强支部班子，年内轮训支部书记1次。
3.推进“一支部一特色”创建，每个党支部培育1个特色品牌。
（二）严格党员教育管理
1.落实党员积分制管理。
2.开展党员先锋岗评选。
二、加强作风建设
（一）整治形式主义官僚主义。
（二）开展调查研究，全年形成调研报告8篇。
""",
    "notice.txt": """中共白鹭市直属机关工作委员会
白直工〔2024〕7号
关于开展机关党支部“强基固本、提质增效”专项行动的通知

各市直机关党组织：
　　为推动机关党支部建设提质增效，现就开展专项行动通知如下。
一、工作目标
　　到2024年底，机关党支部全部达到标准化规范化要求。
二、工作要求
　　各单位要加强组织领导，确保专项行动取得实效。

中共白鹭市直属机关工作委员会
2024年3月8日

附件
专项行动任务清单
1.开展支部书记述职评议。
2.开展支部工作质量评估。
3.开展示范党支部创建。
""",
    "news.txt": """白鹭港务有限公司
首页 | 新闻中心 | 党建园地
您现在的位置：首页 > 党建园地

白鹭港务召开2025年党建工作会议

发布时间：2025-02-10　　来源：党群工作部

　　2月9日，白鹭港务有限公司召开2025年党建工作会议。会议指出，2024年，公司党委坚持党建引领，全年完成货物吞吐量1.2亿吨，同比增长4%；实现营业收入18.6亿元，超额完成年度目标。
　　会议部署了2025年重点任务。
""",
    "speech.txt": """在全镇2024年度基层党组织书记抓党建述职评议会上的讲话

白鹭镇党委书记　王某某

（2025年1月10日）

同志们：
　　今天召开述职评议会，我讲三点意见。
　　第一，充分肯定成绩。一年来，全镇新建党群服务中心3个。
　　第二，正视存在的问题，增强抓好基层党建的紧迫感。一是责任落实有温差，个别书记抓党建说起来重要、忙起来不要。二是组织生活不够规范，存在以会代学的现象。三是党建与治理融合不深，“联而不动”的问题依然存在。
　　第三，突出重点抓落实。一要抓班子，二要抓队伍。
　　谢谢大家！
""",
    "prison.txt": """白鹭监狱2024年党建工作总结

　　2024年，监狱党委以党建引领监管安全，全年开展主题党日活动48次。

一、政治建设走深走实
　　一是落实“第一议题”制度，全年学习42次。
二、存在的问题和2025年工作打算
　　（一）存在的问题。支部活动形式单一。
　　（二）2025年工作打算。2025年，监狱党委将完成全部党支部标准化建设，新建党员活动室3个。

中共白鹭监狱委员会
2024年12月20日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "wording", bundled_embedder, DOCS)


_text = cited_text


@pytest.mark.parametrize(
    "question",
    ["固本强基 具体items有哪些", "固本强基行动具体有哪些任务", "海关固本强基那块list一下"],
)
def test_a_list_on_a_heading_phrase_gets_that_sections_items(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found and a.kind == "tasks", a.answer
    text = _text(lib, a)
    for item in ("星级评定", "选优配强支部班子", "一支部一特色"):
        assert item in text, a.answer
    assert "党员积分制" not in text  # the next section is not part of it
    assert "items" not in a.answer and "list" not in a.answer


def test_an_english_filler_word_is_not_named_as_missing(lib: Library) -> None:
    a = lib.ask("白鹭海关调研报告 target 多少篇")
    assert a.found, a.answer
    assert "8篇" in _text(lib, a)


def test_a_year_of_a_summarys_content_is_answered_from_its_look_ahead(lib: Library) -> None:
    a = lib.ask("白鹭监狱的党建总结里对2025年是怎么打算的")
    assert a.found, a.answer
    assert "新建党员活动室3个" in _text(lib, a)


def test_a_year_naming_the_summary_itself_is_still_refused(lib: Library) -> None:
    a = lib.ask("白鹭监狱2025年的党建工作总结讲了啥")
    assert not a.found, a.answer
    assert "2025年" in a.answer


def test_two_values_asked_together_are_answered_from_the_two_sentences(lib: Library) -> None:
    # (the page is dated 2025; its paragraph says the figures are 2024's)
    a = lib.ask("白鹭港务2024年货物吞吐量和营业收入分别是多少")
    assert a.found, a.answer
    text = _text(lib, a)
    assert "1.2亿吨" in text and "18.6亿元" in text


def test_a_documents_number_is_read_from_its_head(lib: Library) -> None:
    a = lib.ask("市直机关工委那个专项行动通知的文号是多少")
    assert a.found, a.answer
    assert "白直工〔2024〕7号" in _text(lib, a)


@pytest.mark.parametrize("question", ["白鹭海关调研报告数量", "白鹭海关调研报告的篇数总量"])
def test_a_noun_naming_the_value_is_not_missing_content(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert "8篇" in _text(lib, a)


def test_a_list_question_on_a_speechs_part_gets_the_parts_list(lib: Library) -> None:
    # The part's heading holds the question's words (问题, 基层党建); its last item holds
    # them too, but the question asks for the list.
    a = lib.ask("白鹭镇基层党建存在啥问题，书记讲话里点了哪些")
    assert a.found and a.kind == "tasks", a.answer
    text = _text(lib, a)
    for item in ("责任落实有温差", "组织生活不够规范", "党建与治理融合不深"):
        assert item in text, a.answer
