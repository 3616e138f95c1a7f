"""Scope and compare sides read from what the question names (KINDS15 K3/K6, KINDS16 K4/K5),
on documents written for this test (tests/data/own/scope15):

- a place word inside a model's name (“松阳经验”) or a unit word that is a task table's
  牵头单位 value (局团委, 局机关党委) does not scope the question to the organisation
  whose name holds it; a question that names the organisation is still scoped;
- each side of a comparison gets its passage on the asked sub-topic even when it words it
  differently (公益服务 … 小时 for 志愿服务时长; 提醒谈话 for 廉政谈话), and a long formal
  comparison keeps each side's most specific passage, though a third document's title
  holds the question's words (one case, a side whose own headline holds them, is a known
  failure: xfail, strict);
- a comparison split into two questions, each naming its side by an informal reference
  and a document kind, reads each part's side.

The tuned part was run while coding; the held-out part was written before the first run
and not adjusted after.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library
from rag.text import normalize

DATA = Path(__file__).parent / "data" / "own" / "scope15"

SFJ = "松阳经验"
EDU_TW = ["组织青年教师廉洁从教宣誓", "举办青年教师清廉主题演讲比赛"]
EDU_JG = ["开展党员干部廉政教育月活动", "编印清廉学校建设案例汇编"]
LIB_HOURS = "党员志愿服务时长每人每年不少于40小时"
CUL_HOURS = "每人每年参加公益服务不少于20小时"
JY_DUTY = "支部书记要当好“领头雁”"
BH_DUTY = "要求支部书记每月至少开展1次谈心谈话"
JY_CHAIN = "一级抓一级、层层抓落实"
BH_CHAIN = "三级联动"
PORT_TALK = "廉政谈话每半年1次"
MSA_TALK = "提醒谈话每季度1次"
LZ_CHAIN = "一级抓一级、层层传导压力"
DA_CHAIN = "一级抓一级，推动各级书记把抓党建责任落到实处"
FL_EDU = "全年开展党员集中轮训4期"
MD_EDU = "每月组织党员集中学习1次"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "scope15", bundled_embedder, folders=[DATA])


# (held_out, question, spans that must be cited, spans that must not)
CASES = [
    # a model named after a place is no scope to the place's organisation
    (False, "哪家单位推广松阳经验调解", [SFJ], []),
    (False, "松阳经验是谁在推广", [SFJ], ["田间党课"]),
    # a task table's 牵头单位 value is no scope to an organisation named with it
    (False, "分工表里局机关党委牵头哪几项", EDU_JG, ["五星"]),
    (False, "分工表里局团委牵头哪几项", EDU_TW, ["青年大学习"]),
    (False, "机关党委牵头哪几项任务", EDU_JG, ["红色驿站", "五星"]),
    # a side wording the asked sub-topic its own way
    (
        False,
        "临川市图书馆和临川区文化馆在志愿服务时长上的要求各是什么",
        [LIB_HOURS, CUL_HOURS],
        ["送戏下乡", "非遗工作室"],
    ),
    # a split compare, each side named informally with a document kind
    (
        False,
        "支部书记职责这块，江屿那个局的讲话里怎么说的？北湖区那篇报道又是怎么说的呢？",
        [JY_DUTY, BH_DUTY],
        [],
    ),
    (
        False,
        "支部书记要干些什么，江屿那个局的讲话里怎么说的？北湖区那篇报道又是怎么说的呢？",
        [JY_DUTY, BH_DUTY],
        [],
    ),
    (
        False,
        "支部书记职责这块，那个局的讲话里怎么说的？北湖区那篇报道又是怎么说的呢？",
        [JY_DUTY, BH_DUTY],
        [],
    ),
    # a long formal comparison keeps each side's most specific passage
    (
        False,
        "请比较江屿市水务局讲话与北湖区卫健委报道中关于三级书记抓党建责任的表述差异，并提供原文依据",
        [JY_CHAIN, BH_CHAIN],
        [],
    ),
    # (a side's passage on the asked point, though a third unit's headline holds the
    # question's words: only the side's own titles name its documents)
    (
        False,
        "请比较鹭洲市粮食和物资储备局讲话与鹭洲市档案局报道中关于各级书记抓党建责任的表述差异，"
        "并提供原文依据",
        [LZ_CHAIN, DA_CHAIN],
        [],
    ),
    # (known failure, KINDS16 K5 not fixed here: a news page whose headline holds the
    # question's words loses them as "words naming the document", so its passage on the
    # point gives way to another sentence; a cross-side "shared point" pick was tried and
    # dropped — on the seed corpus it picked the genre's boilerplate)
    pytest.param(
        False,
        "请比较粮储局党组书记讲话与档案局那篇新闻在三级书记责任分工上的表述有何异同，并逐项注明出处",
        [LZ_CHAIN, DA_CHAIN],
        [],
        marks=pytest.mark.xfail(strict=True, reason="KINDS16 K5: shared point crowded out"),
    ),
    # controls: a question that names the organisation is scoped to it
    (False, "松阳县农业农村局今年党建工作要点有哪些", ["实施“田间党课”计划"], [SFJ]),
    (False, "科协机关党委今年工作计划有哪些", ["五星"], EDU_JG),
    (False, "交通运输局机关党委今年要点有哪些", ["红色驿站"], EDU_JG),
    # held-out
    (True, "“松阳经验”是哪个单位在学习推广", [SFJ], []),
    (True, "清廉学校实施方案里，局团委牵头的任务有哪些", EDU_TW, []),
    (True, "临川港务局和临川海事局的廉政谈话频次有何不同", [PORT_TALK, MSA_TALK], []),
    (
        True,
        "党员教育这块，枫林镇那份总结里是怎么讲的？那个学院的计划又是怎么写的呢？",
        [FL_EDU, MD_EDU],
        [],
    ),
    (
        True,
        "请对照分析江屿市水务局讲话与北湖区卫健委报道在支部书记履职要求上的表述异同，并逐项注明出处",
        [JY_DUTY, BH_DUTY],
        [],
    ),
    (True, "团市委今年的工作要点有哪些", ["青年大学习"], EDU_TW),
]


@pytest.mark.slow
@pytest.mark.parametrize(("held_out", "question", "must", "must_not"), CASES)
def test_scope_words(
    lib: Library, held_out: bool, question: str, must: list[str], must_not: list[str]
) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    shown = normalize(cited_text(lib, a))
    for span in must:
        assert normalize(span) in shown, (span, a.answer)
    for span in must_not:
        assert normalize(span) not in shown, (span, a.answer)


# --- the pure readings ----------------------------------------------------------------------

TEXTS = {
    "a": "学习推广“青溪经验”，建成调解室8个。",
    "b": "青溪县水利局推行河长巡河制度。",
    "c": "序号|任务|牵头单位\n1|开展廉政教育|局机关党委、局团委\n2|编印案例|办公室",
}
DEPTS = {"a": "云岭市信访局", "b": "青溪县水利局", "c": "云岭市卫健委"}


@pytest.mark.parametrize(
    ("held_out", "question", "word", "dept", "model"),
    [
        (False, "哪家单位推广青溪经验", "青溪", "青溪县水利局", True),
        (False, "青溪县水利局今年要点", "青溪", "青溪县水利局", False),
        # (the place's own documents alone hold the model: its own experience, kept)
        (False, "青溪河长巡河怎么搞", "青溪", "青溪县水利局", False),
        (True, "“青溪经验”出自哪份材料", "青溪", "青溪县水利局", True),
        (True, "青溪县水利局的做法有哪些", "青溪县水利局", "青溪县水利局", False),
    ],
)
def test_model_word(held_out: bool, question: str, word: str, dept: str, model: bool) -> None:
    from rag.scope_words import model_word

    a = question.index(word)
    assert model_word(question, a, a + len(word), dept, TEXTS, DEPTS) is model


@pytest.mark.parametrize(
    ("held_out", "span", "generic"),
    [
        (False, "局机关党委", True),
        (False, "机关党委", True),
        (False, "科协机关党委", False),
        (True, "团委", True),
        (True, "交通运输局机关党委", False),
        (True, "党组", False),  # (no table of the corpus names it)
    ],
)
def test_table_unit_word(held_out: bool, span: str, generic: bool) -> None:
    from rag.scope_words import table_unit_word, table_units

    assert table_unit_word(span, table_units(tuple(sorted(TEXTS.items())))) is generic


@pytest.mark.parametrize(
    ("held_out", "question", "names", "split"),
    [
        (
            False,
            "职责这块，江屿那个局的讲话怎么说的？北湖那篇报道又是怎么说的呢？",
            ["江屿", "北湖"],
            True,
        ),
        (False, "职责这块，那个局的讲话怎么说的？北湖那篇报道又怎么说呢？", ["北湖"], True),
        # (one unit's two questions, or two units in one sentence: no split comparison)
        (False, "江屿那个局的讲话怎么说的？讲话是哪天发的？", ["江屿"], False),
        (False, "江屿和北湖的讲话怎么说的？", ["江屿", "北湖"], False),
        (True, "党员教育上，江屿那份总结是怎么写的？北湖的计划呢？", ["江屿", "北湖"], True),
        (True, "北湖那篇报道怎么写的？北湖的讲话又怎么说呢？", ["北湖", "北湖"], False),
    ],
)
def test_split_sides(held_out: bool, question: str, names: list[str], split: bool) -> None:
    from rag.split_compare import split_sides

    spans, at = [], 0
    for n in names:
        a = question.index(n, at)
        spans.append((a, a + len(n), n + "局"))
        at = a + len(n)
    assert split_sides(question, spans) is split


@pytest.mark.parametrize(
    ("held_out", "question", "text", "want"),
    [
        (
            False,
            "志愿服务时长要求",
            "开展文艺辅导。每人每年参加公益服务不少于20小时。开展评选3次。",
            "每人每年参加公益服务不少于20小时。",
        ),
        (False, "廉政谈话频次", "研究廉政建设4次。提醒谈话每季度1次。", "提醒谈话每季度1次。"),
        (True, "党员培训覆盖率", "党员轮训覆盖率达到95%。召开会议6次。", "党员轮训覆盖率达到95%。"),
        (True, "志愿服务时长要求", "组织党员学习。开展廉政教育。", ""),
    ],
)
def test_measured_sentences(held_out: bool, question: str, text: str, want: str) -> None:
    from rag.compare_aspect import asked_measure, measured_sentences

    measure = asked_measure(question)
    assert measure is not None
    words = [w for w in ("志愿服务", "廉政谈话", "党员培训") if w in question]
    got = "".join(text[a:b] for a, b in measured_sentences(text, words, measure))
    assert got.strip() == want
