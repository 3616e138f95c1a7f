"""Pure citation checks (rag.citecheck) on real slices of the seed corpus."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rag.citecheck import (
    MISQUOTE_FLAG,
    check_answer,
    cited_numbers,
    find_quotes,
    normalize_markers,
    quote_in,
    renumber,
    sentence_spans,
    sources_list,
)
from rag.types import Citation

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SUMMARY = CORPUS / "市生态环境局-2022年党建工作总结.txt"
ZHENGYAN = CORPUS / "市委政研室-2022年机关党的建设工作要点.txt"


def slice_citation(n: int, path: Path, begin: str, end: str, title: str, dept: str) -> Citation:
    """``document.text[start:end]`` from the start of ``begin`` to the end of ``end``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(begin)
    stop = text.index(end, start) + len(end)
    return Citation(n, path.stem, title, dept, None, "一、", text[start:stop], start, stop)


C1 = slice_citation(
    1,
    SUMMARY,
    "一是开展政治理论教育",
    "强化网络化菜单式选学教育。",
    "市生态环境局2022年党建工作总结",
    "市生态环境局",
)
C2 = slice_citation(
    2,
    ZHENGYAN,
    "1.带头做“两个确立”",
    "的坚定践行者。",
    "市委政研室2022年机关党的建设工作要点",
    "市委政研室",
)
CITS = (C1, C2)


def test_slices_are_verbatim() -> None:
    for c in CITS:
        text = (CORPUS / f"{c.doc}.txt").read_text(encoding="utf-8")
        assert text[c.start : c.end] == c.text


# --- markers --------------------------------------------------------------------------


def test_marker_variants_are_normalised() -> None:
    assert normalize_markers("甲[1, 2]乙[1、3]丙【4】丁[^5]戊[6，7]") == (
        "甲[1][2]乙[1][3]丙[4]丁[5]戊[6][7]"
    )
    assert (
        normalize_markers("穗环〔2022〕12号，[2022]年，【重要】")
        == "穗环〔2022〕12号，[2022]年，【重要】"
    )


def test_unknown_references_are_removed_and_reported() -> None:
    report = check_answer("甲[1][3]。乙[1,4]。丙[0][2]。丁[3]。", CITS)
    assert report.text == "甲[1]。乙[1]。丙[2]。丁。"
    assert report.unknown_refs == (3, 4, 0)
    assert not report.misquotes
    assert "[3][4][0]" in report.describe()
    assert not report.ok


def test_clean_answer_passes_unchanged() -> None:
    text = "市生态环境局要求“把学习宣传贯彻习近平新时代中国特色社会主义思想作为首要政治任务”[1]。"
    report = check_answer(text, CITS)
    assert report.text == text
    assert report.ok
    assert report.describe() == ""


# --- quotes ---------------------------------------------------------------------------


def test_quotes_match_across_width_whitespace_and_quote_style() -> None:
    # The source reads `“固定学习日”和 “党员集中活动日”活动远程电视和网络教育，并通过`.
    assert quote_in("每月“固定学习日”和“党员集中活动日”活动", C1.text)
    assert quote_in("每月‘固定学习日’和‘党员集中活动日’活动", C1.text)
    assert quote_in("远程电视和网络教育,并通过", C1.text)  # half-width comma
    assert quote_in("做到“两个维护”。", C1.text)  # edge punctuation ignored
    assert not quote_in("做到“三个维护”", C1.text)


def test_ellipsis_joins_fragments_in_order() -> None:
    assert quote_in("开展政治理论教育……作为首要政治任务", C1.text)
    assert quote_in("开展政治理论教育...作为首要政治任务", C1.text)
    assert not quote_in("作为首要政治任务……开展政治理论教育", C1.text)


def test_nested_quotes_are_one_quote() -> None:
    text = "该局“运用好“学习强国”等学习平台”[1]，并且“开展思想教育”[1]。"
    quotes = find_quotes(text)
    assert [q.content for q in quotes] == ["运用好“学习强国”等学习平台", "开展思想教育"]
    assert text[quotes[0].start : quotes[0].end] == "“运用好“学习强国”等学习平台”"
    assert check_answer(text, CITS).ok


def test_quote_checked_against_the_source_its_sentence_cites() -> None:
    text = "市委政研室提出“开展政治理论教育”[2]。市生态环境局“开展政治理论教育”[1]。"
    report = check_answer(text, CITS)
    assert len(report.misquotes) == 1
    miss = report.misquotes[0]
    assert (miss.quote, miss.cited, miss.found_in) == ("开展政治理论教育", (2,), (1,))
    assert report.text == (
        f"市委政研室提出“开展政治理论教育”{MISQUOTE_FLAG}[2]。市生态环境局“开展政治理论教育”[1]。"
    )


def test_quote_in_a_sentence_without_markers_may_come_from_any_source() -> None:
    text = "两份文件都强调“两个维护”。其中政研室写道“带头做“两个确立”的坚决拥护者”[2]。"
    assert check_answer(text, CITS).misquotes == ()
    bad = check_answer("文件写道“全面取消考核”。见[1]。", CITS)
    assert bad.misquotes[0].cited == () and bad.misquotes[0].found_in == ()
    assert f"“全面取消考核”{MISQUOTE_FLAG}" in bad.text


def test_markers_after_the_full_stop_belong_to_that_sentence() -> None:
    text = "政研室要求“带头做“两个确立”的坚决拥护者”。[2]生态环境局要求“开展思想教育”。[1]"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "政研室要求“带头做“两个确立”的坚决拥护者”。[2]",
        "生态环境局要求“开展思想教育”。[1]",
    ]
    assert check_answer(text, CITS).ok


def test_full_stop_inside_a_quote_does_not_end_the_sentence() -> None:
    text = "原文：“一是开展政治理论教育。把学习宣传贯彻”[1]。"
    assert len(sentence_spans(text)) == 1
    assert check_answer(text, CITS).ok


def test_title_and_department_count_as_quotable() -> None:
    text = "见“市生态环境局2022年党建工作总结”和“市委政研室”[1][2]。"
    assert check_answer(text, CITS).ok


def test_ascii_and_corner_quotes_are_checked_and_unclosed_ones_ignored() -> None:
    report = check_answer('他说"开展思想教育"[1]，又说「开展法治教育」[1]，还有“未闭合[1]。', CITS)
    assert [m.quote for m in report.misquotes] == ["开展法治教育"]
    assert f"「开展法治教育」{MISQUOTE_FLAG}" in report.text


def test_flags_are_not_doubled_when_checked_again() -> None:
    once = check_answer("“全面取消考核”[1]。", CITS)
    twice = check_answer(once.text, CITS)
    assert twice.text == once.text
    assert len(twice.misquotes) == 1


# --- sources and renumbering ----------------------------------------------------------


def test_answer_citing_nothing_gets_sources_appended() -> None:
    report = check_answer("两个单位都重视理论学习。", CITS)
    assert report.appended_sources
    assert report.text == "两个单位都重视理论学习。\n\n" + sources_list(CITS)
    assert "[1] 市生态环境局《市生态环境局2022年党建工作总结》 一、" in report.text
    assert cited_numbers(report.text) == (1, 2)
    assert check_answer("两个单位都重视理论学习。", CITS, append_sources=False).ok
    assert check_answer("没有来源。", ()).ok


def test_renumber_keeps_cited_sources_in_order_of_first_mention() -> None:
    c3 = Citation(3, "d", "t", "部门", "2022-01-01", "", "x", 0, 1)
    text, cits = renumber("乙[3]。甲[1]。乙又[3]。", (C1, C2, c3))
    assert text == "乙[1]。甲[2]。乙又[1]。"
    assert [(c.n, c.doc) for c in cits] == [(1, "d"), (2, C1.doc)]
    assert cits[1].text == C1.text and cits[1].start == C1.start


_pieces = st.one_of(
    st.sampled_from(["党建", "工作。", "“开展思想教育”", "“全面取消考核”", "\n", "，"]),
    st.integers(min_value=0, max_value=6).map(lambda n: f"[{n}]"),
)


@given(st.lists(_pieces, max_size=25))
def test_markers_and_citations_always_agree(pieces: list[str]) -> None:
    report = check_answer("".join(pieces), CITS)
    text, cits = renumber(report.text, CITS)
    assert [c.n for c in cits] == list(range(1, len(cits) + 1))
    assert set(cited_numbers(text)) == {c.n for c in cits}
    assert {c.text for c in cits} <= {c.text for c in CITS}
    assert cits  # an answer always cites something (sources appended otherwise)
    assert check_answer(report.text, CITS).text == report.text  # checking is idempotent
    unknown = {n for p in pieces if p.startswith("[") for n in [int(p[1:-1])] if n not in (1, 2)}
    assert set(report.unknown_refs) == unknown
