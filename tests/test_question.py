"""Reading a question (pure): departments by abbreviation rules, unknown organisations and
years, cues that only shift scores, follow-ups that carry the previous scope.

Department names here are invented as well as the seeds' own, so the rules, not a list of
aliases, are what is pinned."""

from __future__ import annotations

from typing import Any

import pytest

from rag.question import department_mentions, read_cues, resolve_followup, understand
from rag.types import DocMeta

SEEDS = ("市生态环境局", "广州市生态环境局", "市委政研室")
INVENTED = (
    "青州市交通运输局",
    "青州市委政策研究室",
    "桐川市直属机关工作委员会",
    "中共国家税务总局临江市税务局机关委员会",
    "澄海港务集团",
)


def _named(question: str, departments: tuple[str, ...]) -> list[str]:
    return [m.department for m in department_mentions(question, departments)]


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("市委政策研究室22年机关党的建设工作要点分成几个部分？", "市委政研室"),
        ("生态局22年机关党建要点 重点任务", "市生态环境局"),
        ("生态环境局那份要点里的任务", "市生态环境局"),  # the less qualified name, not 广州…
        ("广州 生态环境局 党建根基", "广州市生态环境局"),
        ("那篇广州的新闻里写了哪些措施", "广州市生态环境局"),
        ("政研室今年的要点", "市委政研室"),
    ],
)
def test_seed_departments_by_abbreviation(question: str, department: str) -> None:
    assert _named(question, SEEDS) == [department]


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("交通局今年的党建要点", "青州市交通运输局"),
        ("青州市委政研室的工作要点", "青州市委政策研究室"),
        ("桐川市直机关工委的通知", "桐川市直属机关工作委员会"),
        ("临江市税务局机关党委的要点", "中共国家税务总局临江市税务局机关委员会"),
        ("港务集团的党建计划", "澄海港务集团"),
    ],
)
def test_invented_departments_by_the_same_rules(question: str, department: str) -> None:
    assert _named(question, INVENTED) == [department]


def test_generic_words_name_no_department() -> None:
    for question in ("机关党建工作要点有哪些任务", "党支部怎么开展主题党日", "局领导讲话"):
        assert _named(question, SEEDS + INVENTED) == []


@pytest.fixture(scope="module")
def corpus(seed_corpus: Any) -> tuple[list[DocMeta], dict[str, str]]:
    docs = seed_corpus.documents
    return [d.meta for d in docs], {d.doc_id: d.text for d in docs}


def test_unknown_department_is_reported_not_replaced(
    corpus: tuple[list[DocMeta], dict[str, str]],
) -> None:
    metas, texts = corpus
    assert (
        understand("宣传部今年的机关党建要点有哪些重点工作？", metas, texts).unknown_department
        == "宣传部"
    )
    q = understand("市委统战部2022年机关党建工作要点的任务", metas, texts)
    assert q.unknown_department == "市委统战部" and q.departments == ()
    # Organisation words the corpus itself uses are not unknown departments.
    assert understand("党支部和机关党委各管什么", metas, texts).unknown_department is None
    assert understand("市委政研室2022年有哪些重点任务", metas, texts).unknown_department is None


def test_an_organ_named_with_its_level_is_unknown_unless_abbreviated_or_named() -> None:
    """县卫生健康委 is no department of a library holding a 人民医院 (the characters do not
    abbreviate it) and no text names it; 政研室 abbreviates 政策研究室; an organ a text
    names is left to the evidence; 自治区那个局 names no organ."""
    metas = [
        DocMeta(doc_id="a", title="要点", department="青州市人民医院", kind="工作要点"),
        DocMeta(doc_id="b", title="要点", department="青州市委政策研究室", kind="工作要点"),
    ]
    texts = {"a": "青州市人民医院2023年党建工作要点。区委组织部要把结果纳入考核。", "b": "要点。"}
    assert understand("县卫生健康委的党建要点有哪些任务", metas, texts).unknown_department == (
        "县卫生健康委"
    )
    assert understand("市卫健委今年的党建要点", metas, texts).unknown_department == "市卫健委"
    for known in (
        "市委政研室的党建要点",
        "区委组织部的考核办法",
        "自治区那个局的领导讲话",
        "小区加装电梯每部补贴多少钱",  # 区 of 小区 is no level, 每部 no organ
        "青州市人民医院党委部署了哪些工作",  # 部署 is a verb, not 部
        "县直机关先锋支部评选分几个阶段",  # a kind of branch within an organ, not an organ
    ):
        assert understand(known, metas, texts).unknown_department is None, known
    # A place shared with a department does not make another organ of that place it.
    q = understand("青州市委宣传部的要点", metas, texts)
    assert q.unknown_department == "青州市委宣传部" and q.departments == ()
    assert understand("青州市委政研室的要点", metas, texts).departments == ("青州市委政策研究室",)


def test_years_in_every_spelling(corpus: tuple[list[DocMeta], dict[str, str]]) -> None:
    metas, texts = corpus
    assert understand("生态局22年机关党建要点", metas, texts).years == (2022,)
    assert understand("政研室 2022 机关党建要点 提纲", metas, texts).years == (2022,)
    assert understand("20年度党建考核，生态局是第几名？", metas, texts).unknown_year == 2020
    # A year a text mentions (展望2023年) is known, though no document is dated then.
    q = understand("市生态环境局对2023年的党建工作有啥打算？", metas, texts)
    assert q.years == (2023,) and q.unknown_year is None


def test_scope_words_leave_the_topic(corpus: tuple[list[DocMeta], dict[str, str]]) -> None:
    metas, texts = corpus
    q = understand("政研室在正风肃纪、反腐倡廉方面今年安排了哪些任务？", metas, texts)
    assert "政研室" not in q.topic and "反腐倡廉" in q.topic.split()
    assert q.doc_ids == tuple(m.doc_id for m in metas)  # scope is soft: nothing removed


def test_cues_are_signals_not_routes() -> None:
    assert read_cues("三会一课 出处").term == 1.0
    assert read_cues("“五合”工作模式是哪个单位提出来的？").who == 1.0
    assert read_cues("生态局明年的党建工作经费批了多少钱？").value == 1.0
    c = read_cues("生态环境局那份党建要点一共安排了多少项工作？")
    assert c.list == 1.0 and c.overview == 1.0 and c.value == 0.0
    assert read_cues("两家单位的要点有啥区别").compare == 1.0


def test_followup_carries_the_previous_scope(corpus: tuple[list[DocMeta], dict[str, str]]) -> None:
    metas, _ = corpus
    prev = "生态环境局2022年机关党建工作要点里一共有哪些重点任务？"
    assert (
        resolve_followup("那政研室呢？", [prev], metas)
        == "市委政研室2022年机关党建工作要点里一共有哪些重点任务？"
    )
    assert resolve_followup("2023年呢", [prev], metas) == prev.replace("2022年", "2023年")
    assert resolve_followup("那政研室呢？", [], metas) == "那政研室呢？"
    assert resolve_followup("三会一课有哪些表述", [prev], metas) == "三会一课有哪些表述"
