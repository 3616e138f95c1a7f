"""A document named loosely by its year and kind (2022年机关党建要点 for a title 2022年…机关党
的建设工作要点) is a document, not an absent compound term: its outline is answered. The
compound-term refusal (rag.answer_terms.absent_compound) had refused these on the seed
corpus once the year stood between the unit and the term; the invented libraries of
test_absent_compounds did not show it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doclib import answered

from rag.config import Settings
from rag.service import Library

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lib(seed_index_dir: Path, bundled_embedder: Any) -> Library:
    return Library.open(
        Settings(corpus_dir=REPO / "corpus", index_dir=seed_index_dir), embedder=bundled_embedder
    )


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("市委政研室2022年机关党建要点有哪几个部分", "六、落实主体责任，构建大抓机关党建的新格局"),
        ("生态环境局2022年机关党建要点有哪些部分", "强化基层基础，坚持强基固本"),
        ("政研室2022年机关党建要点分成几块", "喜迎党的二十大胜利召开"),
    ],
)
def test_document_named_by_year_and_kind_is_answered(
    lib: Library, question: str, heading: str
) -> None:
    a = answered(lib, question, [heading])
    assert not any(b.kind == "refusal" for b in a.blocks), a.answer


def test_absent_compound_term_still_refused(lib: Library) -> None:
    a = lib.ask("“机关党建+旅游”在哪些地方提到")
    assert not a.found and "未在文档中找到" in a.answer, a.answer
