"""Quoted list labels, one inline run among several, and near occurrences beside exact ones
(KINDS17 K7 and two kinds found beside it), over the invented documents of
``tests/data/own/kinds17k3``: a 司法局 要点 and speech (tuned), a 镇 plan and speech
(held-out, written with their questions before the code and not looked at while coding).

- a quoted label (“五个一”) whose items follow it (bullets, 1. 2., after 即/：) is a list:
  asked what it holds, the answer is its items, not the one line naming it;
- a speech with several 一是…二是 runs, asked about one by the words of its lead-in
  (…主要体现在：一是…), answers that run alone;
- a near occurrence in the sentence an exact occurrence is shown in is no second one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import cited_text, open_library

from rag.concordance import Concordance
from rag.ingest import load_corpus
from rag.service import Library

DATA = Path(__file__).resolve().parent / "data" / "own" / "kinds17k3"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "kinds17k3", bundled_embedder, folders=[DATA / "tuned", DATA / "heldout"]
    )


def _check(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    ans = lib.ask(question)
    assert ans.found, ans.answer
    text = cited_text(lib, ans)
    for m in must:
        assert m in text, (m, ans.answer)
    for n in never:
        assert n not in ans.answer, (n, ans.answer)


TUNED = [
    (
        "“五个一”具体指什么",
        ["一个坚强有力的支部班子", "一套规范完善的制度体系", "一批群众认可的服务品牌"],
        [],
    ),
    (
        "“五个一”标准包括哪些",
        ["一支素质过硬的党员队伍", "一个功能齐全的活动阵地", "一批群众认可的服务品牌"],
        [],
    ),
    (
        "整改责任落实打折扣主要体现在哪几个方面",
        ["甩手掌柜", "整改台账更新不及时", "纸面整改"],
        ["学用脱节", "形式单一", "长效机制"],
    ),
    (
        "讲话中说学习教育不够深入，主要体现在哪些方面？",
        ["学用脱节", "形式单一"],
        ["甩手掌柜", "纸面整改", "长效机制"],
    ),
    ("“窗口服务满意度”在哪些文件里提到", ["开展“窗口服务满意度”评议"], ["相近表述"]),
    # K6: who set a brand cites the heading of the part that sets it out as well
    (
        "“红盾护航”是哪个单位提出的",
        ["以“红盾护航”党建品牌为抓手", "（二）擦亮“红盾护航”党建品牌", "市场监督管理局"],
        [],
    ),
    # (written as held-out; it failed on main and here at first — the whole outline, named
    # by one word, was taken for a whose-question — and was fixed looking at it: tuned now)
    (
        "“渔火先锋”是谁提的",
        ["以“渔火先锋”品牌建设为牵引", "打响“渔火先锋”服务品牌", "渔港社区"],
        [],
    ),
]

HELD_OUT = [
    ("“四进”活动具体包括哪些", ["进村组", "进企业", "进学校", "进家庭"], []),
    ("“书香育人”是谁提的", ["以“书香育人”党建品牌为依托", "做实“书香育人”品牌", "中心小学"], []),
    ("“两个清单”指什么", ["村级小微权力清单", "村干部负面行为清单"], []),
    (
        "村级阵地作用发挥不充分主要表现在哪几个方面",
        ["大门紧锁", "功能闲置", "办不成事"],
        ["60岁以上", "致富带头人", "头雁"],
    ),
    ("“支部标准化建设”在哪些材料中出现", ["推进支部标准化建设"], ["相近表述"]),
]

CONTROLS = [
    # a quoted name no list follows: its line, as before
    ("“第一议题”制度在哪里提到", ["坚持“第一议题”制度"], ["一个坚强有力"]),
    # a label asked whose numbered items are a part of their own
    ("“三个到位”包括哪些", ["思想认识到位", "工作措施到位", "督促检查到位"], []),
    # a run with no lead-in of its own words asked by its part
    ("下一步要重点抓好哪些工作", ["压实整改责任", "建立长效机制"], []),
]


@pytest.mark.parametrize(("question", "must", "never"), TUNED)
def test_tuned(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    _check(lib, question, must, never)


@pytest.mark.parametrize(("question", "must", "never"), HELD_OUT)
def test_held_out(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    _check(lib, question, must, never)


@pytest.mark.parametrize(("question", "must", "never"), CONTROLS)
def test_controls(lib: Library, question: str, must: list[str], never: list[str]) -> None:
    _check(lib, question, must, never)


def test_near_occurrence_in_its_own_sentence_stays(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "某镇工作计划\n开展“便民服务站点”建设。\n年内新增便民服务的站点10个。\n",
        encoding="utf-8",
    )
    conc = Concordance(load_corpus(tmp_path).documents)
    near = conc.near_page("便民服务站点", exclude="便民服务站点")
    assert near.total == 1
    assert "新增便民服务的站点" in near.hits[0].context
