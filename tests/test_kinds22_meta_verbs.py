"""K5 of KINDS22: words of the question that are no content — meta nouns naming the
document itself (材料, 文件, 稿子, 哪份, 这话, 说法, 提法) and the asker's own verb before an
object the texts hold (吸收/接纳新党员 for 发展党员) — neither refuse nor lower the passage
that answers. Over invented documents (``tests/data/own/kinds22f3``): the tuned part was
run while coding; the held-out part (other units, other wording) was written before its
first run. Two held-out items failed on that run (fixed since: see HELDOUT_OPEN)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import answered_with, open_library, refused

from rag.question import asking_word
from rag.service import Library

DATA = Path(__file__).resolve().parent / "data" / "own" / "kinds22f3"


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "k22-tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "k22-heldout", bundled_embedder, folders=[DATA / "heldout"]
    )


def test_meta_nouns_are_asking_words() -> None:
    for w in ("材料", "份文件", "哪份材料", "稿子", "这话", "说法", "提法", "文件"):
        assert asking_word(w), w
    for w in ("经验材料", "档案", "文化"):
        assert not asking_word(w), w


TUNED = [
    ("哪份文件提到了杏林先锋指数？", "杏林先锋指数"),
    ("“三联三帮”是哪份材料里写的？", "三联三帮"),
    ("“用身边事教育身边人”这话是哪份稿子里说的？", "用身边事教育身边人"),
    ("学院2025年接纳新党员多少名？", "发展党员21名"),
    ("学院2025年吸收了多少新党员？", "发展党员21名"),
    ("学院总结里说开展了几次警示教育？", "开展警示教育4次"),
]
TUNED_NEG = ["学院今年接纳了多少新团员？", "学院材料里讲的乡村振兴有哪些做法？"]


@pytest.mark.parametrize(("q", "want"), TUNED)
def test_tuned_answered(tuned: Library, q: str, want: str) -> None:
    answered_with(tuned, q, want)


@pytest.mark.parametrize("q", TUNED_NEG)
def test_tuned_refused(tuned: Library, q: str) -> None:
    refused(tuned, q)


HELDOUT = [
    ("“金穗驿站”是哪篇稿子里提到的？", "金穗驿站"),
    ("这个“金穗驿站”的说法出自哪份材料？", "金穗驿站"),
    ("农商银行总结里廉洁从业教育搞了几场？", "廉洁从业教育6场"),
    ("“清渠先锋”行动由哪个单位负责，什么时候完成？", "8月底前"),
]
HELDOUT_NEG = [
    "农商银行2024年接纳了多少名新团员？",
    "农商银行在乡村振兴直播带货方面搞了几场？",
    "水利局的河长制巡河搞了几回？",
]
# Failed on the first held-out run (the year asked, 2024年, is the summary's title year,
# not its date, and was weighed as content the sentence lacks); a year a title names is
# scope now (rag.answer_evidence.gather_evidence).
HELDOUT_OPEN = ["农商银行2024年新吸收了几名党员？", "农商银行2024年接收新党员多少名？"]


@pytest.mark.parametrize(("q", "want"), HELDOUT)
def test_heldout_answered(heldout: Library, q: str, want: str) -> None:
    answered_with(heldout, q, want)


@pytest.mark.parametrize("q", HELDOUT_NEG)
def test_heldout_refused(heldout: Library, q: str) -> None:
    refused(heldout, q)


@pytest.mark.parametrize("q", HELDOUT_OPEN)
def test_heldout_open(heldout: Library, q: str) -> None:
    answered_with(heldout, q, "发展党员9名")


# --- K7: a quoted term in the body and in the task table: both cited ------------------
# (tuned on the 卫健局 plan; held-out on the 水利局 要点, written before the fix)


def _cited(lib: Library, q: str) -> list[str]:
    ans = lib.ask(q)
    assert ans.found, ans.answer
    return [c.text for c in ans.citations]


def test_tuned_body_and_row_cited(tuned: Library) -> None:
    cited = _cited(tuned, "“杏林先锋指数”考核是哪个单位推的，几月底完成？")
    assert any("|局机关党委|6月底前" in c for c in cited)
    assert any("按季度量化评分" in c for c in cited)


def test_heldout_body_and_row_cited(heldout: Library) -> None:
    cited = _cited(heldout, "“清渠先锋”行动由哪个单位负责，什么时候完成？")
    assert any("|灌区管理所党支部|8月底前" in c for c in cited)
    assert any("包干巡查灌区渠系" in c for c in cited)


def test_heldout_no_row_no_twin(heldout: Library) -> None:
    # (a term only in the body: nothing from the table added)
    cited = _cited(heldout, "“金穗驿站”是哪个单位建的？")
    assert not any("|" in c for c in cited)


# --- K8: the kind named as where to look comes first among the unit's documents -------
# (tuned on kinds22f3/k8tuned: a summary and a speech of one college both on 警示教育,
# the speech's 会议/书记 hints tying the prior; held-out on the bank's summary and speech)


@pytest.fixture(scope="module")
def k8(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "k22-k8", bundled_embedder, folders=[DATA / "k8tuned"])


def _first_doc(lib: Library, q: str) -> str:
    ans = lib.ask(q)
    assert ans.found, ans.answer
    return ans.citations[0].doc


def test_tuned_named_kind_first(k8: Library) -> None:
    assert _first_doc(k8, "学院的年度总结里，警示教育会议开了几次？") == "t1_college_summary"
    assert _first_doc(k8, "学院讲话里警示教育要开展几次？") == "t2_college_speech"


def test_heldout_named_kind_first(heldout: Library) -> None:
    assert (
        _first_doc(heldout, "农商银行的总结中，廉洁从业教育会议组织了几场？") == "h1_bank_summary"
    )
    assert _first_doc(heldout, "农商银行讲话中对金穗驿站提了什么要求？") == "h2_bank_speech"
