"""Two kinds of wording, on a document written for this test (a 水文站's 要点 and its
director's speech):

- how a list is asked for (按顺序, 依次, 挨个, 逐一 报一下) is no topic: the whole list
  is answered, never refused as "no passage on 顺序";
- a quoted phrase that no text holds word for word (the speech adds words inside it) is
  the wording meant: the passage saying it is cited with its department, not every
  occurrence of a dictionary word inside the quote.
"""

from __future__ import annotations

from typing import Any

import pytest
from doclib import cited_text, open_library

from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "plan.txt": """中共青禾市水文站支部委员会2025年党建工作要点

一、抓好政治建设
1.落实第一议题制度。支部委员会会议把学习贯彻党的创新理论作为第一议题。
2.开展专题读书班。每季度组织一次专题读书班，全年不少于4次。
二、抓好组织建设
3.规范三会一课。严格落实“三会一课”制度，党小组会每月召开一次。
4.发展党员。全年发展党员2名，培养入党积极分子4名。
5.建设党员先锋岗。每个党支部在测报一线设立党员先锋岗。
三、抓好作风建设
6.整治形式主义。精简会议文件，会议数量比上年减少一成。
7.开展廉政教育。每半年开展一次警示教育，观看警示教育片。

中共青禾市水文站支部委员会
2025年1月15日
""",
    "speech.txt": """在青禾市水文站2025年党建工作会议上的讲话
站长 XXX
（2025年1月20日）

同志们：
今天召开会议，部署全站2025年党建工作。下面，我讲两点意见。
第一，要把支部建强。今年全站要建成1个达到五星级标准的党支部和2个四星级党支部，
让每个党小组都有自己的活动阵地。
第二，要把作风转实。各科室要带头精简会议，少开会、开短会，把时间留给一线测报。
谢谢大家！
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "manner", bundled_embedder, DOCS)


@pytest.mark.parametrize(
    "question",
    [
        "水文站2025年党建要点的7项任务按顺序报一下",
        "水文站要点里的任务依次列一下",
        "把水文站党建要点挨个说一遍",
    ],
)
def test_how_a_list_is_asked_for_is_no_topic(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found and a.kind == "tasks", a.answer
    text = cited_text(lib, a)
    for item in ("落实第一议题制度", "发展党员", "开展廉政教育"):
        assert item in text, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "“1个五星级党支部”这个目标出自哪个单位哪份讲话",
        "“建成1个五星级党支部”是谁提的",
    ],
)
def test_a_quoted_phrase_held_only_in_parts_cites_its_passage(lib: Library, question: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    text = cited_text(lib, a)
    assert "达到五星级标准的党支部" in text, a.answer
    assert "水文站" in a.answer
    # the passage, not a concordance of 党支部 (the plan's 党支部 line is not asked)
    assert "共出现" not in a.answer and "先锋岗" not in text, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "文件里所有 党小组 相关内容",
        "全部 精简会议 的有关段落",
    ],
)
def test_all_passages_on_a_phrase_named_between_the_words(lib: Library, question: str) -> None:
    # 所有 … 相关内容 with the phrase between asks for every passage on it, in every
    # document, not for the outline of one
    a = lib.ask(question)
    assert a.found and a.kind == "term", a.answer
    assert len({c.doc for c in a.citations}) == 2, a.answer
