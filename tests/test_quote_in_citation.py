"""A passage quoted with the run-in list its sentence opens (…三方面工作：一是…，二是…)
stands whole in the passage it cites, also in a paragraph too long to be cited whole
(``rag.answer_blocks.passage_blocks``: the cited unit of such a paragraph is cut at a
sentence end, and the list must not run past it).

On a document of the real library, written for this test."""

from __future__ import annotations

from typing import Any

import pytest
from doclib import open_library

from rag.answer_blocks import passage_blocks
from rag.answer_evidence import Sentence
from rag.cite import CitationBook
from rag.question import Query
from rag.service import Library

LEAD = (
    "3月12日，青石县水务局召开2024年党风廉政建设工作会议，局领导班子成员、各科室负责人和"
    "下属单位主要负责人参加会议。会议全面回顾了2023年全局党风廉政建设工作取得的成效，深入分析"
    "了当前面临的形势任务，对2024年的工作作出具体安排部署。会议指出，过去一年，局党组认真履行"
    "全面从严治党主体责任，扎实开展主题教育，持续深化作风建设，推动全局党风政风持续向好，为水利"
    "事业高质量发展提供了坚强保障。会议强调，全局上下要深刻认识全面从严治党的长期性、复杂性、"
    "艰巨性，以更高标准、更严要求推动党风廉政建设向纵深发展，切实做到守土有责、守土尽责。"
    "会议还通报了近期查处的典型案例，要求各单位举一反三、引以为戒，坚决防止类似问题发生。"
)
OPENS = "会议要求，全局各级党组织和全体党员干部要紧紧围绕水利中心工作，重点抓好三项工作："
LIST = (
    "一是从严落实廉政责任，层层签订责任书，把压力传导到每一个岗位、每一名党员，做到责任清单化、"
    "清单具体化、具体可考核，对履责不力的严肃追责问责，年底开展责任落实情况专项检查，二是深化水利工程项目廉洁风险防控，聚焦"
    "招标投标、资金拨付、质量验收等关键环节，建立风险台账并逐项制定防控措施，定期开展监督检查，"
    "发现问题立行立改，切实把廉洁要求贯穿项目建设全过程，三是加强廉洁文化建设，常态化开展警示教育，组织党员干部参观廉政教育基地，"
    "观看警示教育片，以案为鉴、以案促改，筑牢拒腐防变的思想防线，营造风清气正的良好政治生态，推动形成崇廉拒腐的浓厚氛围，让清廉成为水务干部的鲜明底色。"
)
NEWS = (
    "青石县水务局召开2024年党风廉政建设工作会议\n\n来源：青石县水务局\n\n"
    f"　　{LEAD}{OPENS}{LIST}\n\n　　会议还对其他工作进行了部署。\n"
)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "runin", bundled_embedder, {"w1_news.txt": NEWS})


def test_the_paragraph_is_too_long_to_be_cited_whole() -> None:
    assert len(LEAD) > 300 and len(LEAD + OPENS + LIST) > 600  # (what the test is about)
    assert len(OPENS) + len(LIST) > 320 and len(LIST) <= 300


def test_every_quoted_passage_stands_in_its_citation(lib: Library) -> None:
    docs = {d.doc_id: d for d in lib.documents}
    doc = docs["w1_news"]
    start = doc.text.index(OPENS)
    sentence = Sentence("w1_news", start, start + len(OPENS), 1.0, 1.0)
    book = CitationBook(docs)
    q = Query(question="会议要求抓好哪三项工作", kind="fact", doc_ids=("w1_news",))
    blocks = passage_blocks(book, lib._state.context, q, [sentence], False)
    quotes = [b for b in blocks if b.kind == "quote"]
    assert quotes
    for b in quotes:
        for n in b.citations:
            assert b.text.strip() in book.citations[n - 1].text, (b.text, n)
    assert any(OPENS + LIST in b.text for b in quotes)  # the list is quoted whole
