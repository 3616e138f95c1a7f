"""A department header's aliases name its issuer, never the subject of its title
(KINDS22 K9): a 市直机关工委 notice on 市直机关党支部 work, asked by the branch words, shows no
alias 市直机关党支部. A department that is itself a branch keeps its branch name.

Tuned part: a 青石 工委 notice (written for this test). Held-out part: a 澜江区直机关工委
notice on 区直机关团支部 work, a 县党总支 case and a branch department, written before running.
"""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.service import Library

DOCS = {
    "gw.txt": """中共青石市直属机关工作委员会

关于开展市直机关党支部“星级评定”工作的通知

市直各单位机关党委：
　　为提升市直机关党支部建设质量，市直机关工委决定开展党支部“星级评定”工作。
　　一、评定分为五个星级，每年评定一次。

中共青石市直属机关工作委员会
2024年4月2日
""",
    "lj.txt": """中共澜江区直属机关工作委员会

关于加强区直机关团支部规范化建设的通知

区直各单位：
　　区直机关工委决定在区直机关团支部中开展“青春建功”活动，每季度组织一次青年理论学习。
　　区直机关党总支要做好指导。

中共澜江区直属机关工作委员会
2025年3月1日
""",
    "zb.txt": """中共澜江区图书馆支部委员会2024年工作总结

　　馆党支部全年开展“书香党日”活动10次。

中共澜江区图书馆支部委员会
2024年12月20日
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    corpus = tmp_path_factory.mktemp("alias-corpus")
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Library.open(
        Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("alias-index")),
        sync=True,
        embedder=bundled_embedder,
    )


def _names(lib: Library, question: str) -> tuple[str, ...]:
    a = lib.ask(question)
    assert a.found, a.answer
    heads = [b for b in a.blocks if b.kind == "header"]
    assert heads, a.answer
    return tuple(n for b in heads for n in b.names)


@pytest.mark.slow
def test_tuned_the_title_subject_is_no_alias(lib: Library) -> None:
    names = _names(lib, "青石市直机关党支部星级评定怎么评？")
    assert not any("党支部" in n for n in names), names


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["澜江区直机关团支部每季度组织几次青年理论学习？", "区直机关党总支要做好什么？"]
)
def test_held_out_the_title_subject_is_no_alias(lib: Library, question: str) -> None:
    names = _names(lib, question)
    assert not any(w in n for n in names for w in ("团支部", "党总支")), names


@pytest.mark.slow
def test_held_out_a_branch_department_keeps_its_branch_name(lib: Library) -> None:
    names = _names(lib, "区图书馆党支部书香党日开展了几次？")
    assert any("党支部" in n for n in names), names
