"""Refusing only on evidence, and never refusing what the texts answer (issue 12).

Four kinds, on documents written for this test (a 县直属机关工作委员会's 要点 that mentions
县财政局, a speech by a 县委副书记 that mentions the 县纪委书记, a news page of an 开放日):

- a value question whose evidence lacks the value asked (no count of the unit, the count
  of another thing in the clause, a year the document is not about) is refused, with the
  nearest passages as 可能相关; one whose clause holds it is answered;
- an organ behind a known place (柳河县财政局 when only 柳河县直属机关工作委员会 has
  documents) is refused by name; a branch inside a known organ is not;
- a speech asked of a post that did not give it is refused, naming the speech there is;
- colloquial words (案子, 钱, 到年底, 多大比例) are not missing words that refuse.

The pure parts (rag.value_match, rag.speaker, rag.register, rag.numbers' units) are
tested on hand-written inputs first.
"""

from __future__ import annotations

from typing import Any

import pytest

from rag.cite import verify_citation
from rag.config import Settings
from rag.numbers import Ask, asked_value, find_quantities, fits, holds_value
from rag.question import understand
from rag.register import present
from rag.service import Library
from rag.speaker import about_meeting, asked_post, meeting_of, post_in_speaker, post_speaks_in
from rag.types import DocMeta
from rag.value_match import counted_thing, holds_asked, year_fits

# --- pure parts ---------------------------------------------------------------------


def test_a_person_count_needs_a_person_unit() -> None:
    ask = Ask("count", "名")
    assert not holds_value(ask, "与全县8个乡镇卫生院党支部结对共建，每季度下沉义诊一次。")
    assert holds_value(ask, "培训学生骨干260人")
    assert not fits(ask, find_quantities("共12项")[0])


def test_a_heading_number_is_no_quantity() -> None:
    assert [x.value for x in find_quantities("　　1.与全县8个乡镇卫生院结对")] == [8.0]
    assert [x.unit for x in find_quantities("增长8.6%")] == ["%"]


def test_things_are_not_counted_by_events() -> None:
    assert not holds_value(Ask("count", "个"), "每季度至少到社区调研一次")
    assert holds_value(Ask("count", "个"), "新建“暖蜂驿站”15个")


def test_places_and_works_are_units_and_occurrences_are_lists() -> None:
    assert asked_value("去年完成了几处老旧小区改造") == Ask("count", "处")
    assert asked_value("拍了几部微党课") == Ask("count", "部")
    assert asked_value("材料里有几处提到头雁") is None
    assert asked_value("头雁一词出现了几处") is None


def test_naming_an_amount_word_is_not_asking_an_amount() -> None:
    assert asked_value("支部工作经费怎么保障") is None
    assert asked_value("支部工作经费每年多少") == Ask("money", "元")


def test_a_deadline_said_by_its_period_is_a_date() -> None:
    ask = asked_value("积分情况什么时候报")
    assert ask is not None and ask.kind == "date"
    assert holds_value(ask, "每月底前将积分情况报乡党委")
    assert holds_value(ask, "年内完成整改")


def test_the_counted_thing_is_the_noun_after_the_count() -> None:
    assert counted_thing("白溪镇有多少名村党组织书记参加了推进会") == "村党组织书记"
    assert counted_thing("讲话里提到几个社区存在问题") == "社区"
    assert counted_thing("宣讲搞了多少场") == ""
    # A sentence-final particle after the count is no noun (so any 个 count of the
    # sentence answers it).
    assert counted_thing("城东街道楼栋党小组建了几个啊") == ""
    assert counted_thing("有几个党小组呢") == "党小组"


def test_the_count_must_be_of_the_thing_asked_in_its_clause() -> None:
    q = "有多少名村党组织书记参加了推进会"
    ask = asked_value(q)
    assert ask is not None
    text = "年内选派15名村干部参加学历教育；各村党组织书记参加会议"
    assert holds_value(ask, text)  # a person count is there …
    assert not holds_asked(ask, q, text)  # … of 村干部, not of 村党组织书记
    assert holds_asked(ask, q, "全镇23名村党组织书记参加会议")
    # a typo in the noun still shares a piece with the text's word
    q2 = "派了几名年青干部到社区挂职"
    assert holds_asked(asked_value(q2) or ask, q2, "选派12名年轻干部到社区挂职锻炼")


def test_a_year_asked_is_the_passage_year() -> None:
    text = "某中心2023年党建工作要点\n一、加强组织建设\n（一）创建示范岗12个。\n四、展望2024年\n（一）新建站点3个。"
    title = "某中心2023年党建工作要点"
    s = text.index("创建示范岗")
    assert year_fits(2023, text, s, s + 10, title, 2023)
    assert not year_fits(2022, text, s, s + 10, title, 2023)
    t = text.index("新建站点")
    assert year_fits(2024, text, t, t + 8, title, 2023)  # the heading above dates it
    # a year a value is compared with is not the value's year
    u = "发展党员25名，比2021年增加5名"
    assert year_fits(2022, u, 0, len(u), "某局2022年党建工作总结", 2022)


def test_the_post_a_question_asks_a_speech_of() -> None:
    assert asked_post("集团纪委书记在党建工作会议上的讲话讲了哪几点") == "纪委书记"
    assert asked_post("总经理在会上提了什么要求") == "总经理"
    assert asked_post("讲话中对纪委书记提了什么要求") is None  # spoken to, not speaking
    assert asked_post("这话是谁在什么会上讲的") is None
    assert post_in_speaker("书记", "区委书记　许明远")
    assert not post_in_speaker("纪委书记", "集团党委书记、董事长　XXX")
    assert not post_in_speaker("书记", "县委副书记　王某某")
    assert post_in_speaker("组织部部长", "县委常委、组织部部长　XXX")
    assert post_speaks_in("镇党委书记", "镇党委书记出席会议并讲话")
    assert not post_speaks_in("纪委书记", "对纪委书记进行约谈")


def test_the_occasion_a_question_names() -> None:
    m = meeting_of("县纪委书记在2024年党风廉政建设工作会议上的讲话讲了什么")
    assert m == "党风廉政建设工作会议"
    assert about_meeting(m, "在全县2024年党风廉政建设工作会议上的讲话")
    assert not about_meeting(m, "柳河县开展“廉洁家风”开放日活动")


def test_an_organ_is_read_past_a_known_place_or_parent() -> None:
    metas = [
        DocMeta(
            doc_id="a", title="要点", department="中共柳河县直属机关工作委员会", kind="工作要点"
        )
    ]
    texts = {
        "a": "柳河县直属机关工作委员会要点。县财政局、县教育局等单位党组织要开展项目。乡镇卫生院结对。"
    }
    for question, unknown in (
        ("柳河县财政局2024年党建工作要点有哪些重点任务", "柳河县财政局"),
        # a text names it, but the question asks for its own document
        ("县财政局党组2024年党建工作要点有哪些重点任务", "县财政局"),
        ("柳河县人民医院今年的党建有哪些安排", "柳河县人民医院"),
        ("柳河县卫生院今年的党建有哪些安排", "柳河县卫生院"),  # 乡镇卫生院 names no 县卫生院
        # named in a text, asked about what the text says of it
        ("县财政局要开展什么项目", None),
        ("柳河县教育局要开展什么项目", None),
        # the organisation's own organs and branches
        ("柳河县直属机关工委机关党委有哪些任务", None),
        ("柳河县直机关第一党支部有哪些任务", None),
        ("柳河县直属机关工委部署了哪些工作", None),  # 部署 is a verb
    ):
        assert understand(question, metas, texts).unknown_department == unknown, question


def test_a_department_named_in_generic_words_is_not_unknown() -> None:
    """市直機關工委 (generic words only, in Traditional script) is no other organ, even
    when its own speech is asked."""
    metas = [
        DocMeta(doc_id="s", title="在全市大会上的讲话", department="市直機關工委", kind="讲话")
    ]
    texts = {"s": "市直機關工委　XXX\n同志们：下面，我讲三点意见。"}
    assert understand("市直机关工委讲话第三部分", metas, texts).unknown_department is None


def test_colloquial_words_are_present_in_their_official_form() -> None:
    assert present("案子", "查处违纪违法案件")
    assert present("钱", "给予5万元奖励")
    assert present("比例", "先进党支部占比不低于40%")
    assert present("年底", "年内完成")
    assert not present("门诊量", "查处违纪违法案件")


# --- behaviours -----------------------------------------------------------------------

DOCS = {
    "points.txt": """中共柳河县直属机关工作委员会
2024年机关党建工作要点

一、加强政治建设
（一）落实“第一议题”制度，县直各单位党组（党委）每月开展集中学习。
（二）开展“模范机关”创建，年底前创建示范单位10家。
二、加强基层组织建设
（一）推进县直机关党支部标准化建设，县直机关第一党支部等5个支部作为示范点。
（二）县财政局、县教育局等单位党组织要结合业务开展“党建+”项目。
三、加强作风建设
（一）开展“作风建设年”活动，违纪违法案件线索全部按期办结。
（二）保障党支部工作经费，按每名党员每年200元标准列入预算。
（三）年底前党员干部廉政谈话覆盖率达到100%。

中共柳河县直属机关工作委员会
2024年2月20日
""",
    "speech.txt": """在全县2024年党风廉政建设工作会议上的讲话

县委副书记　王某某

（2024年2月5日）

同志们：
　　刚才，县纪委书记对今年的党风廉政建设工作作了具体部署，我完全同意。下面，我讲三点意见。
　　第一，要压实管党治党责任。各单位党组（党委）书记要履行第一责任人职责。
　　第二，要持续纠治“四风”。今年要开展作风专项检查4次。
　　第三，要一体推进不敢腐、不能腐、不想腐。
""",
    "news.txt": """首页 > 工作动态

柳河县开展“廉洁家风”开放日活动

发布时间：2024-05-10　来源：柳河县纪委监委

　　5月9日，柳河县纪委监委举办“廉洁家风”开放日活动，县直单位30名党员干部参加活动，并组织家属参观廉政教育基地。县纪委书记李某某出席活动并讲话，强调要筑牢家庭防线。
　　活动现场展出家风家训作品120件。
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    corpus = tmp_path_factory.mktemp("refusal-corpus")
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("refusal-index")
    return Library.open(
        Settings(corpus_dir=corpus, index_dir=index), sync=True, embedder=bundled_embedder
    )


def _refusal(answer: Any) -> str:
    return next(b.text for b in answer.blocks if b.kind == "refusal")


def _verbatim(lib: Library, answer: Any) -> None:
    docs = {d.doc_id: d for d in lib.documents}
    for c in answer.citations:
        assert verify_citation(c, docs)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "柳河县纪委监委开放日办了几次",  # the topic is there, no count of it
        "开放日有多少名家属参观了廉政教育基地",  # 30名 counts 党员干部, not 家属
        "县直机关2023年创建了几家示范单位",  # the 要点 is 2024's
    ],
)
def test_a_value_the_evidence_lacks_is_refused(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert not a.found, a.answer
    assert _refusal(a).startswith("未在文档中找到")
    assert any(b.kind == "note" and b.text == "可能相关：" for b in a.blocks)
    _verbatim(lib, a)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("县直机关年底前要创建几家示范单位", "创建示范单位10家"),
        ("开放日展出了多少件家风家训作品", "展出家风家训作品120件"),
        ("开放日有多少名党员干部参加", "30名党员干部参加活动"),
        ("作风专项检查今年要开展几次", "开展作风专项检查4次"),
        ("每名党员的支部工作经费每年多少钱", "每年200元"),
        ("县直机关到年底廉政谈话要覆盖多大比例", "覆盖率达到100%"),
    ],
)
def test_a_value_in_its_clause_is_answered(lib: Library, question: str, evidence: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert any(evidence in c.text for c in a.citations), a.answer
    _verbatim(lib, a)


@pytest.mark.slow
def test_an_unknown_organ_behind_a_known_place_is_refused_by_name(lib: Library) -> None:
    for question, organ in (
        ("柳河县财政局党组2024年党建工作要点有哪些重点任务", "柳河县财政局"),
        ("柳河县卫健委今年的党建要点有哪些任务", "柳河县卫健委"),
    ):
        a = lib.ask(question)
        assert not a.found, a.answer
        assert organ in _refusal(a) and "文档库中的单位" in _refusal(a)


@pytest.mark.slow
def test_a_branch_inside_a_known_organ_is_answered(lib: Library) -> None:
    a = lib.ask("县直机关第一党支部在标准化建设里承担什么")
    assert a.found, a.answer
    assert any("县直机关第一党支部等5个支部作为示范点" in c.text for c in a.citations)
    # An organ a text of the place names, asked about what the text says of it.
    b = lib.ask("柳河县教育局要结合业务开展什么项目")
    assert b.found, b.answer
    assert any("开展“党建+”项目" in c.text for c in b.citations)


@pytest.mark.slow
def test_a_speech_of_a_post_that_gave_none_is_refused(lib: Library) -> None:
    a = lib.ask("县纪委书记在2024年党风廉政建设工作会议上的讲话讲了哪几点")
    assert not a.found, a.answer
    text = _refusal(a)
    assert "纪委书记" in text and "县委副书记" in text  # which speech the library holds
    assert any(b.kind == "note" and b.text == "可能相关：" for b in a.blocks)
    b = lib.ask("县委书记在党风廉政建设工作会议上讲了什么")  # 书记 is not 副书记
    assert not b.found, b.answer
    c = lib.ask("县纪委书记在党风廉政建设工作会议上作了什么部署")  # named in it, not its speaker
    assert not c.found, c.answer


@pytest.mark.slow
def test_the_post_that_spoke_is_answered(lib: Library) -> None:
    a = lib.ask("县委副书记在党风廉政建设工作会议上讲了哪几点意见")
    assert a.found, a.answer
    text = "".join(c.text for c in a.citations)
    assert "压实管党治党责任" in text and "持续纠治" in text
    # Words a report gives of the post at another occasion are answered from the report.
    b = lib.ask("县纪委书记在开放日活动上强调了什么")
    assert b.found, b.answer
    assert any("筑牢家庭防线" in c.text for c in b.citations)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("县直机关对违纪违法的案子有什么要求", "违纪违法案件线索全部按期办结"),
        ("党员的支部经费花多少钱", "每年200元"),
    ],
)
def test_colloquial_words_do_not_refuse(lib: Library, question: str, evidence: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert any(evidence in c.text for c in a.citations), a.answer


# --- which ones / who of a counted set; a total never stated (issue 12, h12neg2) -----------


def test_a_who_or_which_question_names_the_set_it_asks() -> None:
    from rag.withheld import identity_noun

    assert identity_noun("评出的10所示范校是哪几所") == "示范校"
    assert identity_noun("选派的12名年轻干部都有谁") == "年轻干部"
    assert identity_noun("中心组成员都有谁，多少人") == "成员"
    assert identity_noun("入选的是哪个党支部") == "党支部"
    # who said or issued something is attribution; a list of aspects is an outline
    assert identity_noun("要建三个标准化支部的说法是谁讲的") == ""
    assert identity_noun("这份要点的发文单位是谁") == ""
    assert identity_noun("重点抓哪几个方面") == ""


def test_a_count_or_a_withheld_list_names_no_member() -> None:
    from rag.withheld import names_given

    assert not names_given("示范校", "全县评出示范校10所。")
    assert not names_given("示范校", "评出10所示范校，名单附后。")
    assert not names_given("成员", "中心组成员名单（略）。")
    assert not names_given("党支部", "1个党支部入选样板支部。")
    assert names_given("示范校", "城东小学、实验中学等10所学校被评为示范校。")
    assert names_given("成员", "中心组成员：张某某，李某某。")
    assert names_given("党支部", "机关第一党支部入选样板支部。")


def test_a_total_is_held_only_by_a_stated_total() -> None:
    def held(question: str, text: str) -> bool:
        ask = asked_value(question)
        assert ask is not None
        return holds_asked(ask, question, text)

    assert not held("医院一共有多少名党员", "发展党员12名，培养入党积极分子30名。")
    assert not held("全镇共有多少个村", "推动12个村党组织与企业结对共建。")
    assert held("医院一共有多少名党员", "全院现有党员245名。")
    assert held("医院党员总数是多少名", "医院共有党员245名。")
    assert held("全局一共开了多少次专题研讨", "全局开展专题研讨40余次。")
    # a count not asked as a total keeps the clause check only
    assert held("医院发展了多少名党员", "发展党员12名，培养入党积极分子30名。")


SET_DOCS = {
    "hospital.txt": """中共柳河县中心医院委员会2024年党建工作总结

一、加强理论武装
　　党委理论学习中心组全年集中学习12次。中心组成员名单（略）。
二、夯实基层组织
　　全院现有46个党支部，发展党员12名。
　　评出党建示范科室5个。
　　内科、外科、儿科3个科室党支部被评为“四强”党支部。
""",
}


@pytest.fixture(scope="module")
def set_lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    corpus = tmp_path_factory.mktemp("sets-corpus")
    for name, text in SET_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("sets-index")
    return Library.open(
        Settings(corpus_dir=corpus, index_dir=index), sync=True, embedder=bundled_embedder
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "中心医院一共有多少名党员",  # 46个党支部 and 发展党员12名 are parts, not the total
        "中心医院中心组成员都有谁",  # 名单（略）
        "评出的5个党建示范科室是哪几个",  # the count only
    ],
)
def test_what_the_text_withholds_is_refused(set_lib: Library, question: str) -> None:
    a = set_lib.ask(question)
    assert not a.found, a.answer
    assert _refusal(a).startswith("未在文档中找到")
    assert any(b.kind == "note" and b.text == "可能相关：" for b in a.blocks)
    _verbatim(set_lib, a)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("中心医院一共有多少个党支部", "全院现有46个党支部"),
        ("被评为四强党支部的3个科室党支部是哪几个", "内科、外科、儿科3个科室党支部"),
        ("中心医院发展了多少名党员", "发展党员12名"),
    ],
)
def test_a_stated_total_or_named_set_is_answered(
    set_lib: Library, question: str, evidence: str
) -> None:
    a = set_lib.ask(question)
    assert a.found, a.answer
    assert any(evidence in c.text for c in a.citations), a.answer
    _verbatim(set_lib, a)


@pytest.mark.slow
def test_an_organ_sharing_the_place_and_organ_word_is_refused_by_name(set_lib: Library) -> None:
    for question, organ in (
        ("柳河县人民医院2024年党建工作总结有哪些内容", "柳河县人民医院"),
        ("柳河县中心卫生院2024年党建工作总结有哪些内容", "柳河县中心卫生院"),
    ):
        a = set_lib.ask(question)
        assert not a.found, a.answer
        assert organ in _refusal(a) and "文档库中的单位" in _refusal(a)
    # the department itself, and its name with one character mistyped, are answered
    for question in ("柳河县中心医院2024年党建工作总结有哪些内容", "柳河县中心医完2024年党建总结"):
        b = set_lib.ask(question)
        assert b.found, b.answer


def test_a_place_and_a_far_fragment_are_no_mention() -> None:
    from rag.question import department_mentions

    dept = "中共青禾区机关事务管理中心支部委员会"
    (m,) = department_mentions("青禾区政务服务中心2023年总结", [dept])
    assert m.start == 0 and m.end <= 3  # the place only: 政务服务中心 is another organ
    (k,) = department_mentions("青禾区机关事务中心2023年总结", [dept])
    assert k.end >= 9
