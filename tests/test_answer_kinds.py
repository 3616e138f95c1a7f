"""Term, fact, attribution and unanswerable questions on documents written for this test
(a 县人民医院党委's 要点, a 社区 news page, a 县委书记's speech): the behaviours, by kind.

- a term the texts write with words inserted or reordered: exact occurrences first, then
  near ones, marked, counted, cited verbatim; request words are no part of the term;
- counts written as Chinese numerals, with 余/多, as 全部N个 answer a count question;
- a question in 亿元 is not answered by a 万元 figure of another scale;
- an organ no department abbreviates and no text names, a value of something the texts
  never mention, a value the best passages lack: refused, naming the content, with the
  nearest passages as 可能相关;
- an attribution names the department and the document of every sentence with the phrase;
- a speech belongs to its speaker line's organ.
"""

from __future__ import annotations

from typing import Any

import pytest

from rag.cite import verify_citation
from rag.config import Settings
from rag.service import Library

pytestmark = pytest.mark.slow

DOCS = {
    "hospital.txt": """中共松川县人民医院委员会
关于印发《松川县人民医院2024年党建工作要点》的通知

各党支部：
　　现将《松川县人民医院2024年党建工作要点》印发给你们，请认真贯彻落实。

中共松川县人民医院委员会
2024年2月26日

松川县人民医院2024年党建工作要点

一、加强政治建设
（一）落实党委领导下的院长负责制，完善党委会议事规则。
（二）开展“杏林先锋”党员志愿服务，全年服务群众不少于三千人次。
二、加强组织建设
（一）推进支部标准化建设，年底前建成标准化党支部十二个。
（二）开展支部书记抓党建述职评议，述职评议结果纳入年度考核。
三、加强作风建设
（一）开展医德医风专项整治，全年组织廉洁谈话80余人次。
""",
    "community.txt": """首页 > 新闻动态

青禾社区：“邻里议事会”破解治理难题

发布时间：2024-05-20　来源：青禾社区党委

　　今年以来，青禾社区党委在辖区全部9个小区建立“邻里议事会”，累计解决停车、加装电梯等问题一百二十余件。
　　社区党委坚持“有事好商量”，组织党员骨干参与小区事务协商，议事会每月召开一次。社区争取党建工作经费15万元，用于议事场地改造。
　　社区党委书记介绍，下一步将把邻里议事会经验推广到周边社区，让党建引领基层治理落地见效。
""",
    "speech.txt": """在全县2024年基层党建工作推进会上的讲话

县委书记　周某某

（2024年3月8日）

同志们：
　　过去一年，各乡镇党委抓党建述职评议扎实开展，全县基层党建工作有新进展。下面，我讲两点意见。

　　第一，要压实责任。各乡镇党委书记要把基层党建述职评议作为检验工作成效的重要抓手，坚持有事好商量。
　　第二，要抓好整改。对评议中发现的问题，要在4月底前完成整改，完成整改的乡镇名单报县委组织部。卫生系统要深化医德医风问题专项整治。
""",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    corpus = tmp_path_factory.mktemp("kinds-corpus")
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("kinds-index")
    return Library.open(
        Settings(corpus_dir=corpus, index_dir=index), sync=True, embedder=bundled_embedder
    )


def _verbatim(lib: Library, answer: Any) -> None:
    docs = {d.doc_id: d for d in lib.documents}
    assert answer.citations
    for c in answer.citations:
        assert verify_citation(c, docs)


def test_a_speech_belongs_to_its_speaker_line(lib: Library) -> None:
    assert lib.document("speech").meta.department == "县委"


def test_near_occurrences_follow_the_exact_ones(lib: Library) -> None:
    a = lib.ask("医德医风专项整治 相关表述 全部")
    assert a.found and a.kind == "term"
    notes = [b.text for b in a.blocks if b.kind == "note"]
    assert notes[0].startswith("“医德医风专项整治”在 1 份文档中共出现 1 次")
    assert any(n.startswith("另有 1 处相近表述") for n in notes)
    quoted = "".join(b.text for b in a.blocks if b.kind == "term")
    assert "开展医德医风专项整治" in quoted
    assert "深化医德医风问题专项整治" in quoted  # 问题 inserted: a near one
    assert "全部" not in "".join(notes)  # a request word, never the term
    _verbatim(lib, a)
    # A more frequent dictionary term inside the phrase lists all its occurrences.
    b = lib.ask("抓党建述职评议 出处")
    assert b.found and "述职评议" in b.answer and "基层党建述职评议" in b.answer


def test_a_term_with_words_reordered_is_found_near(lib: Library) -> None:
    a = lib.ask("党支部标准化建设在哪些材料里提到")
    assert a.found
    text = "".join(b.text for b in a.blocks)
    assert "推进支部标准化建设" in text or "标准化党支部" in text
    _verbatim(lib, a)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("医院年底前要建成多少个标准化党支部", "建成标准化党支部十二个"),
        ("青禾社区几个小区建了邻里议事会", "全部9个小区建立"),
        ("邻里议事会解决了多少件问题", "一百二十余件"),
        ("医院全年廉洁谈话搞了几人次", "80余人次"),
        ("整改要在几月底前完成", "4月底前完成整改"),
    ],
)
def test_counts_in_every_form_answer(lib: Library, question: str, evidence: str) -> None:
    a = lib.ask(question)
    assert a.found, a.answer
    assert any(evidence in c.text for c in a.citations), a.answer
    _verbatim(lib, a)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("松川县人民医院2024年医疗收入目标是多少亿元", "医疗"),  # 亿 asked; no such figure
        ("青禾社区加装电梯每部补贴多少钱", "补贴"),
        ("医院今年门急诊量目标是多少万人次", "门急诊"),
    ],
)
def test_values_the_texts_lack_are_refused(lib: Library, question: str, named: str) -> None:
    a = lib.ask(question)
    assert not a.found, a.answer
    refusal = next(b.text for b in a.blocks if b.kind == "refusal")
    assert named in refusal and "多少" not in refusal
    assert any(b.text == "可能相关：" for b in a.blocks)
    _verbatim(lib, a)


def test_a_name_is_answered_where_the_text_gives_one(lib: Library) -> None:
    # the text withholds the name (周某某): refused as not given, the passage shown beside
    a = lib.ask("推进会上讲话的县委书记叫什么名字")
    assert not a.found and "周某某" in a.answer, a.answer
    b = lib.ask("松川县人民医院党委书记叫什么名字")
    assert not b.found and "名字" not in next(x.text for x in b.blocks if x.kind == "refusal")


def test_units_are_compared_by_scale(lib: Library) -> None:
    """15万元 answers a question in 万元 (or in 元), not one in 亿元 (0.0015 亿)."""
    for question in ("青禾社区争取了多少万元党建工作经费", "青禾社区党建工作经费有多少钱"):
        a = lib.ask(question)
        assert a.found and any("经费15万元" in c.text for c in a.citations), a.answer
    a = lib.ask("青禾社区党建工作经费是多少亿元")
    assert not a.found and "金额" in a.answer, a.answer


def test_an_organ_the_library_lacks_is_refused_by_name(lib: Library) -> None:
    a = lib.ask("县卫生健康局的党建工作要点有哪些任务")
    assert not a.found
    assert "县卫生健康局" in a.answer and "文档库中的单位" in a.answer
    # The organ a text names is left to the evidence (县委组织部 is named in the speech).
    b = lib.ask("完成整改的乡镇名单报给哪个部门")
    assert b.found and "县委组织部" in b.answer


def test_attribution_names_department_and_document_of_every_sentence(lib: Library) -> None:
    a = lib.ask("“有事好商量”是哪个单位说的，在哪份材料里")
    assert a.found
    headers = "".join(b.text for b in a.blocks if b.kind == "header")
    assert "青禾社区党委" in headers and "县委" in headers
    assert "邻里议事会" in headers and "推进会上的讲话" in headers
    quoted = "".join(b.text for b in a.blocks if b.kind in ("term", "quote"))
    assert "坚持“有事好商量”" in quoted and "坚持有事好商量" in quoted
    _verbatim(lib, a)


def test_a_contracted_word_is_not_missing_from_a_text_that_writes_it_out() -> None:
    """营收 is how staff write 营业收入: a value question using it is not refused as if
    the library lacked it; characters far apart or absent are still missing."""
    from rag.answer_refusal import _contracted

    assert _contracted("营收", "全年实现营业收入12.5亿元")
    assert _contracted("纪检", "加强纪律检查工作")
    assert not _contracted("营收", "全年实现营业额12.5亿元")
    assert not _contracted("案子", "受理各类案件300件")
    assert not _contracted("营收", "营造良好氛围，接收意见")  # 营 and 收 too far apart
