"""Exact-term concordance: all occurrences, no top-k cut, counts equal to a plain count."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from apprun import run_rag
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.concordance import Concordance, context_span
from rag.text import QUOTES, Normalized

REPO = Path(__file__).resolve().parent.parent


def plain_norm(s: str) -> str:
    """An independent normalisation: NFKC per character, lower case, no whitespace, no quotes."""
    out = []
    for ch in s:
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace() and c not in QUOTES:
                out.append(c.lower())
    return "".join(out)


@pytest.fixture(scope="module")
def concordance(seed_corpus: Any) -> Concordance:
    return Concordance(seed_corpus.documents)


def dev_terms(dev_questions: list[dict[str, Any]]) -> list[str]:
    return sorted({q["term"] for q in dev_questions if q.get("term")})


def test_counts_equal_a_plain_count_for_every_dev_term(
    concordance: Concordance, seed_corpus: Any, dev_questions: list[dict[str, Any]]
) -> None:
    terms = [*dev_terms(dev_questions), "两个维护", "四个意识", "党员先锋岗", "党建+", "一岗双责"]
    for term in terms:
        expected = sum(plain_norm(d.text).count(plain_norm(term)) for d in seed_corpus.documents)
        hits = concordance.find(term)
        assert len(hits) == expected == concordance.count(term), term
        assert expected > 0, term


def test_a_term_inside_a_longer_word_is_found(concordance: Concordance) -> None:
    hits = concordance.find("党员先锋岗")
    contexts = [h.context for h in hits]
    assert any("共产党员先锋岗" in c for c in contexts)
    assert len({h.doc_id for h in hits}) == 3


def test_hits_point_at_the_term_with_context_and_section(
    concordance: Concordance, seed_corpus: Any
) -> None:
    docs = {d.doc_id: d for d in seed_corpus.documents}
    for term in ("三会一课", "两张皮", "头雁"):
        for h in concordance.find(term):
            text = docs[h.doc_id].text
            assert plain_norm(text[h.start : h.end]) == plain_norm(term)
            assert h.context == text[h.context_start : h.context_end]
            assert h.context_start <= h.start < h.end <= h.context_end
            assert h.department == docs[h.doc_id].meta.department
    # 头雁 is under 四、… > (二)抓实“头雁”工程 in the news article.
    assert any(h.section.endswith("(二)抓实“头雁”工程") for h in concordance.find("头雁"))


def test_width_quotes_and_spaces_do_not_matter(concordance: Concordance) -> None:
    assert len(concordance.find("“两张皮”")) == len(concordance.find("两张皮")) > 0
    assert len(concordance.find("党建＋")) == len(concordance.find("党建+")) > 0
    assert len(concordance.find("三会 一课")) == len(concordance.find("三会一课"))


def test_document_filter_and_empty_terms(concordance: Concordance) -> None:
    all_hits = concordance.find("三会一课")
    one = all_hits[0].doc_id
    assert all(h.doc_id == one for h in concordance.find("三会一课", [one]))
    assert concordance.find("") == () and concordance.find("“ ”") == ()
    assert concordance.find("不存在的表述XYZ") == ()


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("党建三会一课“”，。 　ＡAa+＋\n")), max_size=80),
    st.text(alphabet=st.sampled_from(list("党建三会一课Aa+")), min_size=1, max_size=4),
)
def test_count_matches_plain_count_on_any_text(text: str, term: str) -> None:
    from rag.types import DocMeta, Document

    doc = Document(DocMeta("d", "t", "部门", "其他"), text, (), "")
    hits = Concordance([doc]).find(term)
    assert len(hits) == plain_norm(text).count(plain_norm(term))
    norm = Normalized(text)
    for h in hits:
        assert plain_norm(text[h.start : h.end]) == plain_norm(term)
        assert norm.text  # non-empty when something was found


def test_context_is_bounded() -> None:
    text = "甲" * 500 + "三会一课" + "乙" * 500
    a, b = context_span(text, 500, 504)
    assert a <= 500 and b >= 504 and b - a <= 4 + 2 * 90


@pytest.mark.slow
def test_rag_search_json_contract(seed_index_dir: Path) -> None:
    proc = run_rag(
        "search",
        "三会一课",
        "--json",
        "--corpus",
        str(REPO / "corpus"),
        "--index",
        str(seed_index_dir),
    )
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["term"] == "三会一课" and obj["total"] == len(obj["hits"]) == 6
    for h in obj["hits"]:
        assert {"doc", "department", "section", "start", "end", "context"} <= set(h)
        assert "三会一课" in h["context"]


# --- near occurrences ------------------------------------------------------------------


def _corpus_of(tmp_path: Path, texts: dict[str, str]) -> Concordance:
    from rag.ingest import load_corpus

    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Concordance(load_corpus(tmp_path).documents)


def test_near_occurrences_have_every_word_in_a_short_window(tmp_path: Path) -> None:
    conc = _corpus_of(
        tmp_path,
        {
            "a.txt": "关于开展工作的通知\n一、要求\n完善社区党组织书记抓基层党建述职评议考核办法。"
            "年底开展党支部书记抓党建述职评议。\n",
            "b.txt": "工作总结\n整顿转化软弱涣散村党组织21个。持续推动软弱涣散基层党组织整顿。\n"
            "党组织要加强建设，对软弱的环节进行整顿，涣散问题要解决。\n",
        },
    )
    exact = conc.page("抓党建述职评议")
    near = conc.near_page("抓党建述职评议")
    assert exact.total == 1 and near.total == 1
    (hit,) = near.hits
    assert "抓基层党建述职评议" in hit.context
    # Words reordered; the words far apart across a sentence are not the term.
    reordered = conc.near_page("软弱涣散党组织整顿")
    assert reordered.total == 2 and dict(reordered.per_doc) == {"b": 2}
    assert all("软弱涣散" in h.context for h in reordered.hits)
    # Each near hit cites text really in its document.
    docs = {d.doc_id: d for d in conc.documents}
    for h in reordered.hits:
        assert docs[h.doc_id].text[h.context_start : h.context_end] == h.context
    # A sentence holding the term (or the excluded term shown as exact) is no near one.
    assert conc.near_page("软弱涣散党组织整顿", exclude="软弱涣散").total == 0
    # A one-word term has no near occurrences; the count is exact and the page bounded.
    assert conc.near_page("党组织").total == 0
    assert len(conc.near_page("软弱涣散党组织整顿", limit=1).hits) == 1


def test_near_occurrences_stay_in_one_sentence_or_line(tmp_path: Path) -> None:
    conc = _corpus_of(tmp_path, {"c.txt": "标题\n1.第一议题\n制度建设要加强。\n"})
    assert conc.near_page("第一议题制度").total == 0
