"""Values in Chinese text and the kind of value a question asks for (rag.numbers, pure)."""

from __future__ import annotations

import pytest

from rag.numbers import Ask, asked_value, find_quantities, holds_value, parse_chinese_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十二", 12),
        ("十", 10),
        ("二十", 20),
        ("一百三十六", 136),
        ("一百零五", 105),
        ("两千五百", 2500),
        ("三万", 30000),
        ("一万二千", 12000),
        ("二〇二三", 2023),
        ("三亿", 300_000_000),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


def test_not_a_chinese_numeral() -> None:
    assert parse_chinese_number("十二个") is None
    assert parse_chinese_number("") is None


def _found(text: str) -> list[tuple[str, float, str]]:
    return [(text[q.start : q.end], q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("辖区28个小区已成立小区党支部19个", [("28个", 28, "个"), ("19个", 19, "个")]),
        ("共成立十二个小区党支部", [("十二个", 12, "个")]),
        ("全部3个村完成换届", [("3个", 3, "个")]),
        ("开展宣讲60余场", [("60余场", 60, "场")]),
        ("培训学生骨干260多人", [("260多人", 260, "人")]),
        ("每年培训支部书记两轮", [("两轮", 2, "轮")]),
        ("力争建成2—3个标准化支部", [("2—3个", 3, "个")]),
        ("建成两三个标准化党支部", [("两三个", 3, "个")]),
        ("实现营业收入同比增长8.6%", [("8.6%", 8.6, "%")]),
        ("百分之八十五的党员参加", [("百分之八十五", 85, "%")]),
        ("带动村集体经济增收86万元", [("86万元", 860_000, "元")]),
        ("全年到账科研经费6.8亿元", [("6.8亿元", 680_000_000, "元")]),
        ("全年籌集幫扶資金45萬元", [("45萬元", 450_000, "元")]),  # Traditional script
    ],
)
def test_quantities_in_every_form(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _found(text) == expected


def test_words_years_dates_and_document_numbers_are_not_quantities() -> None:
    for text in (
        "一是抓班子，一级抓一级，落实三会一课和第一议题制度",
        "千方百计，万众一心，物业和业委会一起商量",
        "2023年4月17日召开推进会",
        "青中医党发〔2023〕2号",
        "打造一支过硬队伍，一张蓝图绘到底",
    ):
        assert find_quantities(text) == [], text


def test_approximations_are_marked() -> None:
    (q,) = find_quantities("选派近20名干部")
    assert q.value == 20 and q.approx
    (q,) = find_quantities("开展宣讲60余场")
    assert q.approx


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("青禾社区多少个小区成立了议事会", Ask("count", "个")),
        ("发展了几名学生党员", Ask("count", "名")),
        ("选派多少村干部参加学历教育", Ask("count")),  # 村 begins a noun here, not a unit
        ("增长了多少", Ask("count")),
        ("门诊人次目标是多少万", Ask("count", scale=10_000)),
        ("税费收入完成了多少亿元", Ask("money", "元", 100_000_000)),
        ("明年打算投入多少资金", Ask("money", "元")),
        ("每部补贴多少钱", Ask("money", "元")),
        ("党员联系户覆盖率要达到多少", Ask("share")),
        ("在绩效考评里占多少权重", Ask("share")),
        ("那篇稿子是哪天发布的", Ask("date")),
        ("推进会是那天开的", Ask("date")),  # 那 typed for 哪
        ("哪一年提出的", Ask("date", year=True)),
        ("党建考核排第几名", Ask("rank")),
    ],
)
def test_what_a_question_asks_for(question: str, ask: Ask) -> None:
    assert asked_value(question) == ask


@pytest.mark.parametrize(
    "question",
    ["2022年重点任务有哪些", "要点分成几个部分", "讲了哪五个方面的意见", "一共多少项任务",
     "提了哪几点要求", "“头雁”出现了几次", "有几个文件提到", "评选分几个阶段",
     "整改分为几个步骤"],
)  # fmt: skip
def test_list_and_occurrence_counts_ask_no_value(question: str) -> None:
    assert asked_value(question) is None


def test_units_are_compared_by_kind_and_scale() -> None:
    yi = Ask("money", "元", 100_000_000)
    assert holds_value(yi, "全年到账科研经费6.8亿元")
    assert holds_value(yi, "实现降本增效不少于5000万元")  # 0.5 亿: converted
    assert not holds_value(yi, "村集体经济收入全部超过10万元")  # 0.001 亿: not an answer
    assert not holds_value(yi, "发展学生党员132名")
    wan = Ask("count", scale=10_000)
    assert holds_value(wan, "接待群众1.2万人次") and not holds_value(wan, "接待群众120人次")
    people = Ask("count", "名")
    assert holds_value(people, "发展学生党员一百三十二名")
    assert holds_value(people, "培训学生骨干260人")
    assert not holds_value(people, "新建党群服务中心42个")
    things = Ask("count", "个")
    assert holds_value(things, "組建12個志願服務隊")
    assert not holds_value(things, "覆盖率达到100%")
    assert holds_value(Ask("count"), "实现营业收入同比增长8.6%")
    assert holds_value(Ask("share"), "权重不低于15%")
    assert not holds_value(Ask("share"), "选派15名村干部")
    assert holds_value(Ask("date"), "3月底前报送整改方案")
    assert holds_value(Ask("date"), "二〇二三年十二月二十五日")
    assert not holds_value(Ask("date"), "每月组织一次专题党课")
    assert holds_value(Ask("date", year=True), "2021年提出")
    assert holds_value(Ask("rank"), "考核位列全市第3名")
    assert not holds_value(Ask("rank"), "考核结果纳入绩效")


def test_a_name_asked_after_a_post() -> None:
    assert asked_value("中医院党委书记叫什么名字") == Ask("name")
    assert asked_value("区委书记是谁") == Ask("name")
    assert asked_value("这话是谁说的") is None  # who said it: a department, not a value
    assert asked_value("那篇稿子哪天发的，责编是谁") == Ask("date")
    name = Ask("name")
    for text in (
        "区委书记　许明远",
        "鎮黨委書記林海濤表示",
        "张三同志在会上讲话",
        "会上李明同志强调",
    ):
        assert holds_value(name, text), text
    # a name the published text withholds (XXX, ×××, 某某, 张某) gives no name to answer with
    for text in (
        "镇党委书记出席会议并讲话",
        "各乡镇党委书记要把抓基层党建作为最大的政绩",
        "鎮黨委書記XXX表示",
        "县委书记　周某某",
        "局长×××同志出席",
        "主任 王某 主持会议",
        "某某同志指出",
    ):
        assert not holds_value(name, text), text


def test_which_ones_is_a_list_not_a_count() -> None:
    assert asked_value("哪几个小区建了小区党支部") is None
    assert asked_value("几个小区建了小区党支部") == Ask("count", "个")


def test_the_ones_meant_is_a_list_not_a_count() -> None:
    # 那几个/这几项 point at things already named and ask what they are.
    assert asked_value("市国资委党委 那几个行动都有啥") is None
    assert asked_value("这几项保障措施分别是什么") is None
    # A demonstrative count before a real one leaves the real one's unit.
    assert asked_value("这几个村一共有多少名党员") == Ask("count", "名")


def test_a_share_asked_around_the_thing_it_is_of() -> None:
    # 占…多少比重 / 占…多少: a share, unless a count's measure word follows (多少人).
    assert asked_value("党建考核占单位年度考评多少比重") == Ask("share", "")
    assert asked_value("女性党员占多少") == Ask("share", "")
    assert asked_value("占全区的多少人") == Ask("count", "人")
