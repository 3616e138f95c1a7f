"""A count asked topic first with the verb clipped (<积极分子>收了几个, <骨干>培了几个人,
<讲堂>办了几场) is answered from the sentence stating it in the formal verb and its own
measure word (吸收入党积极分子17名, 举办“园区讲堂”4期) — on documents written for this test:

- 几个人 / 多少个人 / 几号人 counts people (几名), not a thing named 人;
- the event classifiers 次/场/期/轮 answer one another (宣讲搞了几次 ↔ 宣讲28场);
- a clipped verb stands for its formal forms (``rag.clipped_verbs``): of two sentences
  counting 骨干, 骨干培了几个 is the one with 培训, 骨干招了几个 the one with 招录; a spoken
  verb (评上) is matched by the document's (获评).

The tuned part was run while writing the fixes; the held-out part was written before its
first run and not adjusted after (one case failed there and was moved to the tuned part
once fixed). A negative keeps the refusal where no such count exists.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import answered, open_library
from shared_docs import qinghe_health_summary

from rag.clipped_verbs import verb_forms
from rag.numbers import Ask, Quantity, asked_value, fits
from rag.service import Library
from rag.text import normalize

DOCS = {
    "xh.txt": """星河科技园区党委2025年上半年党建工作总结

今年以来，园区党委坚持党建引领园区高质量发展，现将上半年工作总结如下。

一、强化政治引领
园区党委组织开展集中学习6次，举办“园区讲堂”4期，覆盖企业职工1500余人次。

二、夯实组织基础
新建非公企业党组织9个，园区党组织覆盖率达到92%。吸收入党积极分子17名，接收转入党员26名。

三、凝聚服务力量
招募“星河红”志愿者210名，开展志愿服务活动35场。招录青年业务骨干23名。举办党务骨干培训班3期，培训党务骨干128名。

四、推进党建融合
建成党群服务站点5个，获评省级“五星”党群服务中心1个。

中共星河科技园区委员会
2025年7月10日
""",
    "ws.txt": qinghe_health_summary("（四）服务群众。组织义诊活动18次，服务群众4300余人次。\n"),
    # (held-out: written with the held-out questions, before they were first run)
    "jd.txt": """云溪街道党工委2024年党建工作总结

一、组织建设
全年选派第一书记4名驻村，新建“红色驿站”7个，开展巡察2轮。

二、队伍建设
培养村级后备干部32名，招收社区网格员40名。组织党员冬训班5期。

三、服务群众
开展政策宣讲46场，走访困难党员群众150户。

中共云溪街道工作委员会
2024年12月25日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "clipped", bundled_embedder, DOCS)


def _answered(lib: Library, question: str, must: str, not_: str = "") -> None:
    a = answered(lib, question, [must])
    if not_:
        quoted = normalize("".join(b.text for b in a.blocks if b.kind == "quote"))
        assert normalize(not_) not in quoted, (not_, a.answer)


# --- pure parts ---------------------------------------------------------------------------


def test_heads_counted_are_people() -> None:
    assert asked_value("积极分子收了几个人") == Ask("count", "名")
    assert asked_value("志愿者招了多少个人") == Ask("count", "名")
    assert asked_value("多少个人才") == Ask("count", "个")  # 人才 is the thing counted


def test_event_classifiers_answer_one_another() -> None:
    for asked in "次场期轮":
        for stated in "次场期轮":
            assert fits(Ask("count", asked), Quantity(0, 2, 3, stated))
    assert not fits(Ask("count", "场"), Quantity(0, 2, 3, "名"))


def test_verb_forms_only_for_verbs() -> None:
    assert "培训" in verb_forms("骨干培了几个")
    assert "吸收" in verb_forms("积极分子收了几个")
    assert verb_forms("集体经济收入多少") == ()
    assert verb_forms("党组织建设有哪些任务") == ()


# --- tuned part ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "not_"),
    [
        ("园区党委积极分子收了几个人", "吸收入党积极分子17名", ""),
        ("园区党委园区讲堂办了几场", "举办“园区讲堂”4期", ""),
        ("卫生健康局义诊搞了几场", "组织义诊活动18次", ""),
        ("卫生健康局警示教育开了几次", "开展警示教育3场", ""),
        ("卫生健康局党员发展了几个人", "发展党员6名", ""),
        ("园区党委骨干培了几个", "培训党务骨干128名", "招录青年业务骨干23名"),
        ("园区党委五星党群服务中心评上了几个", "获评省级“五星”党群服务中心1个", ""),
        # (first in the held-out part, where it failed: the tokenizer glued the clipped verb
        # to the noun, 冬训班办 → 班办; ``spaced_verbs`` cuts it off. Moved here once fixed.)
        ("云溪街道党员冬训班办了几次", "组织党员冬训班5期", ""),
    ],
)
def test_tuned_clipped_count_questions(lib: Library, question: str, must: str, not_: str) -> None:
    _answered(lib, question, must, not_)


# --- held-out part ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "not_"),
    [
        ("云溪街道第一书记派了几个人", "选派第一书记4名", ""),
        ("云溪街道巡察搞了几次", "开展巡察2轮", ""),
        ("云溪街道网格员招了几个人", "招收社区网格员40名", ""),
        ("云溪街道后备干部培了多少个人", "培养村级后备干部32名", ""),
        ("园区党委骨干招了几个", "招录青年业务骨干23名", "培训党务骨干128名"),
    ],
)
def test_held_out_clipped_count_questions(
    lib: Library, question: str, must: str, not_: str
) -> None:
    _answered(lib, question, must, not_)


@pytest.mark.slow
def test_an_absent_count_is_still_refused(lib: Library) -> None:
    a = lib.ask("卫生健康局志愿者招了几个人")
    assert not a.found, a.answer
