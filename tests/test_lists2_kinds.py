"""List, table, term and comparison questions of the kinds a blind held-out set found
failing (KINDS2 K4, K9, K13, K16, K17), through the real library over documents of
organisations of their own (tests/data/own/lists2/tuned: a grain bureau's Markdown plan with
a task table, a railway depot's news page and summary, the bureau's speech):

- a count of a quoted run-in marker (几个‘要’, 几个“是”) asks for the items so marked;
- a term asked "how do the documents word it, miss none" (咋写的 一处不落) is a term search;
- a comparison worded with 差别 and 表述, one side named by a kind word (讲话), and two
  sides each named by organisation + kind (X方案跟Y总结比);
- task-table rows by responsible unit with a "by when" ask, a unit of a parenthesised
  cell (机关党委（人事科）), and a unit in no row refused, naming the table's units;
- a list question over a whole document named by the brand of its subtitle, in a library
  where the brand's words stand in other documents' heads and in one of its headings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import cited_text, open_library, side_texts

from rag.question import organ_core, read_cues
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent
TUNED = REPO / "tests" / "data" / "own" / "lists2" / "tuned"
VARIETY = REPO / "tests" / "data" / "variety" / "corpus"

# A news piece named by its subtitle's brand; one heading holds half of it (清流行动), another
# the other half (先锋力量); the library's railway news has 先锋 in its head too.
BRAND_NEWS = """守护一江碧水
——柘溪县环保志愿总队党支部以“清流先锋”品牌凝聚党员力量

今年以来，柘溪县环保志愿总队党支部围绕守护母亲河，打造“清流先锋”党建品牌，组织党员志愿者常态化开展巡河护河，全县河道水质优良率稳步提升。

一、巡河护河常态化，清流行动见实效
党支部把全县38条河道划分为46个责任段，党员志愿者每周巡河不少于1次，全年清理河道垃圾120余吨。清流行动开展以来，群众举报的河道问题同比下降35%。

二、宣传教育进万家，生态理念入人心
志愿总队组建党员宣讲小分队，走进社区、学校开展生态环保宣讲86场，发放宣传资料1.5万份。

三、队伍建设专业化，先锋力量更壮大
党支部吸纳水利、环保专业人才加入志愿队伍，开展水质检测培训12期，新发展志愿者320名，其中党员89名。

四、机制创新强保障，长效治理有抓手
建立“河长+志愿者”协作机制，与县水利局、生态环境分局共享巡河信息，做到问题发现、交办、整改闭环管理。

柘溪县环保志愿总队党支部
2025年9月5日
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "lists2", bundled_embedder, folders=[TUNED])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    docs = {"x_brand_news.txt": BRAND_NEWS}
    return open_library(
        tmp_path_factory, "lists2big", bundled_embedder, docs, folders=[TUNED, VARIETY]
    )


# --- K13: 几个“要” ------------------------------------------------------------------------


def test_a_quoted_marker_count_is_a_list_cue_not_a_value() -> None:
    for q in ("讲话第二点有几个‘要’", "第三部分几个“是”，都是啥", "第一点讲了几个是"):
        cues = read_cues(q)
        assert cues.list and not cues.value, q
    assert read_cues("支部里有几个是党员").value  # a count of people stays a value


def test_items_marked_by_a_quoted_marker(lib: Library) -> None:
    ans = lib.ask("何振东讲话第二点有几个‘要’")
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for item in (
        "一要抓好支部标准化建设",
        "二要擦亮星级责任区",
        "三要落实",
        "四要抓好发展党员工作",
    ):
        assert item in text, item
    assert "一要严格执行中央八项规定精神" not in text  # the third point's items


def test_items_of_a_summary_part_by_its_marker(lib: Library) -> None:
    ans = lib.ask("车务段总结里存在的不足有几个“是”，都是啥")
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for item in ("能力还不强", "载体还不够丰富", "青年职工思想引导工作有待加强"):
        assert item in text, item


# --- K4: 咋写的 一处不落 -------------------------------------------------------------------


def test_how_the_documents_word_a_term_miss_none(lib: Library) -> None:
    ans = lib.ask("星级责任区 各单位材料里都咋写的 一处不落")
    assert ans.kind == "term", ans.answer
    assert {c.doc for c in ans.citations} == {d.doc_id for d in lib.documents}
    text = cited_text(lib, ans)
    for span in ("建成星级责任区10个", "设立党员星级责任区32个", "推行星级责任区动态考评"):
        assert span in text, span


def test_miss_none_on_a_task_list_stays_a_list() -> None:
    cues = read_cues("把粮储局的重点任务列出来，一条不漏")
    assert cues.list and not cues.term


# --- K9: 差别 + 表述; sides by organisation and kind ------------------------------------------


def test_a_difference_in_wording_is_a_comparison(lib: Library) -> None:
    ans = lib.ask("星级责任区，局里讲话和车务段报道表述上有啥差别")
    assert ans.kind == "compare", ans.answer
    docs = {c.doc for c in ans.citations}
    assert {"t3_grain_speech", "t2_rail_news"} <= docs, docs
    cited_text(lib, ans)


def test_each_side_is_the_organisation_and_the_kind_it_names(lib: Library) -> None:
    ans = lib.ask("粮储局方案跟车务段总结比，星级责任区数量各自是多少")
    assert ans.kind == "compare", ans.answer
    sides = side_texts(ans)
    assert len(sides) == 2, list(sides)
    plan, summary = sides.values()
    assert "星级责任区10个" in plan
    assert "全段累计达到32个" in summary
    assert {c.doc for c in ans.citations} == {"t1_grain_plan", "t4_rail_summary"}


# A speech whose speaker line names its unit with a post the metadata does not read
# (…党组书记、理事会主任), beside a news page of the same unit and another organisation's
# plan: the unit's name resolves to the news page's department, which has no speech.
COOP_SPEECH = """在全区供销系统党风廉政建设工作会议上的讲话
澄潭区供销合作社联合社党组书记、理事会主任　邵某
（2025年3月20日）

同志们：

下面，我讲两点意见。

一、突出重点领域
一是要盯住惠农资金。对惠农补贴资金实行全过程跟踪。二是要盯住作风问题。整治红色代办员服务中的“冷硬横推”。

二、强化责任落实
一是要落实主体责任。二是要加强警示教育。
"""
COOP_NEWS = """小网点连起致富路
——澄潭区供销合作社联合社以“合心助农”品牌推动为农服务

澄潭区供销合作社联合社党组打造“合心助农”党建品牌，把党组织的政治优势转化为服务乡村振兴的发展优势。

一、“红色网点”织密服务网
依托全区村级综合服务社，设立党员示范网点18个。

二、“红色代办员”跑出加速度
从基层社党员中选聘红色代办员40名，为群众代办农资预订、保险理赔等事项。

澄潭区供销合作社联合社党组
2025年6月18日
"""
MARKET_POINTS = """中共澄潭区市场监督管理局党组
2025年机关党建工作要点

一、建强战斗堡垒
1.在基层市场监管所推行红色代办员制度，为个体工商户代办登记、年报等事项。
2.规范党费收缴使用管理。

二、持续正风肃纪
1.开展执法领域不正之风专项治理。

中共澄潭区市场监督管理局党组
2025年2月26日
"""


def test_a_side_by_kind_is_the_document_whose_head_names_the_unit(
    tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object
) -> None:
    docs = {
        "s_coop_speech.txt": COOP_SPEECH,
        "s_coop_news.txt": COOP_NEWS,
        "s_market_points.txt": MARKET_POINTS,
    }
    two = open_library(tmp_path_factory, "lists2side", bundled_embedder, docs)
    ans = two.ask("红色代办员，供销社讲话跟市场监管局要点的提法有何不同")
    assert ans.kind == "compare", ans.answer
    assert {c.doc for c in ans.citations} == {"s_coop_speech", "s_market_points"}
    text = cited_text(two, ans)
    assert "整治红色代办员服务中" in text and "推行红色代办员制度" in text


# --- K16: task-table rows by responsible unit -------------------------------------------------


def test_rows_of_a_unit_with_a_by_when_ask(lib: Library) -> None:
    ans = lib.ask("粮储局方案任务分工里仓储管理科牵头哪几件，几月前完成")
    assert ans.found and ans.kind == "tasks", ans.answer
    text = cited_text(lib, ans)
    for cell in ("设立星级责任区", "3月起", "库存交叉检查", "6月、11月"):
        assert cell in text, cell
    assert "购销领域专项整治" not in text


def test_rows_of_the_first_name_of_a_parenthesised_cell(lib: Library) -> None:
    ans = lib.ask("机关党委牵头哪几项任务")
    assert ans.found and ans.kind == "tasks", ans.answer
    text = cited_text(lib, ans)
    for task in ("理论学习中心组专题研讨", "直属库党支部标准化建设", "廉洁文化进库区"):
        assert task in text, task
    assert "设立星级责任区" not in text


def test_a_unit_in_no_row_is_refused_naming_the_tables_units(lib: Library) -> None:
    ans = lib.ask("粮储局实施方案里财务科负责哪些任务")
    assert not ans.found, ans.answer
    assert "财务科" in ans.answer and "仓储管理科" in ans.answer
    assert "| 6 |" not in ans.answer.split("可能相关")[0]


def test_a_unit_by_a_short_form_gets_its_rows_not_the_table(lib: Library) -> None:
    ans = lib.ask("纪检组负责哪些任务")
    assert ans.found and ans.kind == "tasks", ans.answer
    text = cited_text(lib, ans)
    assert "购销领域专项整治" in text and "10月底前" in text
    assert "健全“第一议题”制度" not in text


def test_a_centre_in_no_row_is_refused(lib: Library) -> None:
    # (中心 ends the unit: 中 is no joining word there)
    ans = lib.ask("粮储局方案里信息中心承担什么任务")
    assert not ans.found, ans.answer
    assert "“信息中心”" in ans.answer


def test_a_department_of_the_library_is_no_table_unit(lib: Library) -> None:
    ans = lib.ask("车务段负责哪些工作")
    assert ans.found, ans.answer


# --- K17: a whole document named by its brand ----------------------------------------------


def test_a_document_named_by_its_subtitles_brand(big: Library) -> None:
    for q in ("清流先锋那篇报道讲了几方面做法", "清流先锋品牌有哪些做法"):
        ans = big.ask(q)
        assert ans.found and ans.kind == "tasks", (q, ans.answer)
        text = cited_text(big, ans)
        for part in ("巡河护河常态化", "宣传教育进万家", "队伍建设专业化", "机制创新强保障"):
            assert part in text, (q, part)


def test_a_brand_with_a_topic_still_points_at_its_part(big: Library) -> None:
    ans = big.ask("铁轨先锋志愿服务队做了哪些事")
    assert ans.found, ans.answer
    text = cited_text(big, ans)
    assert "志愿服务队" in text
    assert "开设“先锋讲堂”" not in text


def test_a_party_committee_of_a_unit_is_that_units() -> None:
    assert organ_core("中共岚峰车务段委员会") == organ_core("岚峰车务段党委")
    assert organ_core("中共青岚县委员会") == "青岚县委员会"  # a place's: the 县委
