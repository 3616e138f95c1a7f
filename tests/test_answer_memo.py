"""The answer path's memoised pure functions give what they give uncached (invented texts):
jieba cuts (``rag.tokenize.cut_words``), ``Concordance.holds``, per-build word
specificity and respelling (``rag.answer_evidence.AnswerContext``)."""

from __future__ import annotations

import math

from conftest import make_document

from rag.answer_evidence import AnswerContext, word_in, word_specificity
from rag.concordance import Concordance
from rag.tokenize import cut_words, get_tokenizer

DOCS = (
    make_document(
        "a", "县气象局机关支部开展防汛值守演练。\n值守人员按时交接班。", department="县气象局"
    ),
    make_document("b", "区档案馆推进档案数字化，完成馆藏目录整理。", department="区档案馆"),
)


def test_cut_words_equals_a_fresh_cut() -> None:
    tk = get_tokenizer()
    for text in ("区档案馆推进档案数字化", "防汛值守演练按时交接", "馆藏目录"):
        for hmm in (True, False):
            assert cut_words(text, hmm) == tuple(tk.cut(text, HMM=hmm))
            assert cut_words(text, hmm) == tuple(tk.cut(text, HMM=hmm))  # from the cache


def test_holds_asked_twice_answers_the_same() -> None:
    conc = Concordance(DOCS)
    for term in ("防汛值守", "馆藏目录", "档案数字化", "防汛数字化", "", "交接班"):
        first = conc.holds(term)
        assert conc.holds(term) == first
        assert first == (bool(term) and any(term in d.text for d in DOCS))


def _plain_specificity(ctx: AnswerContext, w: str) -> float:
    paras = ctx.paragraphs
    n = len(paras) or 1
    df = sum(1 for p in paras if w in p)
    if df == 0:
        part = sum(1 for p in paras if word_in(w, p) >= 0.5)
        return 0.5 * math.log((n + 1) / (part + 0.5)) if part else 0.0
    return math.log((n + 1) / (df + 0.5))


def test_word_specificity_memoised_per_build() -> None:
    ctx = AnswerContext({d.doc_id: d for d in DOCS}, Concordance(DOCS), None)
    words = ["值守", "档案", "目录整理", "无此词语"]
    want = {w: _plain_specificity(ctx, w) for w in words}
    assert word_specificity(ctx, words) == want
    assert word_specificity(ctx, list(reversed(words))) == want  # from the cache


def test_respell_memoised_per_build() -> None:
    ctx = AnswerContext({d.doc_id: d for d in DOCS}, Concordance(DOCS), None)
    question = "区档案馆的档案数子化做了什么"
    first = ctx.respell(question)
    assert ctx.respell(question) == first
    fresh = AnswerContext({d.doc_id: d for d in DOCS}, Concordance(DOCS), None)
    assert fresh.respell(question) == first
