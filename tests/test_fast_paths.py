"""The indexed and precomputed paths of the answerer (issue 15: per-answer CPU) give what
the plain scans they replace give, on words and names written for this test."""

from __future__ import annotations

import itertools
import random

from rag.answer_evidence import _Coverage, coverage, word_in
from rag.question import _name_ends, abbreviates, department_mentions
from rag.register import equivalents
from rag.text import Normalized, normalize
from rag.typo import _one_char_off

TERMS = frozenset(
    {"三会一课", "主题党日", "第一议题", "两个维护", "四个意识", "三会一刻", "主题团日",
     "书香机关", "政治生日", "廉政党课", "支部书记", "党员大会"}
)  # fmt: skip


def _plain_one_off(known: frozenset[str], typed: str) -> list[str]:
    """The scan the index replaces: every term of the same length one character away."""
    return [
        c
        for c in known
        if len(c) == len(typed) and sum(x != y for x, y in zip(c, typed, strict=True)) == 1
    ]


def test_terms_one_character_off_are_those_a_scan_finds_in_the_same_order() -> None:
    rng = random.Random(7)
    chars = "".join(sorted(set("".join(TERMS)))) + "甲乙"
    typed = [t[:i] + ch + t[i + 1 :] for t in TERMS for i in range(len(t)) for ch in "日课甲"]
    typed += ["".join(rng.choice(chars) for _ in range(4)) for _ in range(200)]
    typed += [*TERMS, "三会一课制度", "主题"]
    for t in typed:
        assert list(_one_char_off(TERMS, t)) == _plain_one_off(TERMS, t), t
        # a list (not a frozen set) of terms takes the plain path
        assert sorted(_one_char_off(list(TERMS), t)) == sorted(_plain_one_off(TERMS, t))


def _reference_coverage(words: list[str], text: str, weights: dict[str, float] | None) -> float:
    if not words:
        return 0.0
    w8 = {w: len(w) * (weights.get(w, 1.0) if weights else 1.0) for w in words}
    total = sum(w8.values())
    if not total:
        return 0.0

    def reference_word_in(w: str) -> float:
        if w in text or any(e in text for e in equivalents(w)):
            return 1.0
        grams = {w[i : i + 2] for i in range(len(w) - 1)} if len(w) > 1 else {w}
        return sum(1 for g in grams if g in text) / len(grams)

    return sum(w8[w] * reference_word_in(w) for w in words) / total


def test_coverage_with_its_weights_worked_out_once_equals_the_formula() -> None:
    texts = ["落实三会一课制度，专项资金用于阵地建设", "群众满意度达到百分之九十", "", "党"]
    word_sets = [
        [], ["三会一课"], ["三会一课", "钱", "老百姓", "满意"], ["三会", "三会", "制度建设"],
        ["党"], ["比例", "阵地"],
    ]  # fmt: skip
    weight_sets: list[dict[str, float] | None] = [None, {"三会一课": 2.0, "钱": 0.0}, {"党": 0.0}]
    for words, text, weights in itertools.product(word_sets, texts, weight_sets):
        cover = _Coverage(words, weights)
        assert cover(text) == _reference_coverage(words, text, weights)
        assert coverage(words, text, weights) == cover(text)
    assert word_in("钱", "专项资金") == 1.0  # an official equivalent counts whole


def test_a_department_is_abbreviated_only_by_spans_ending_on_its_name_ends() -> None:
    depts = ["市生态环境局", "中共临江市委政策研究室", "临江市人民医院", "南岭职业技术学院",
             "市委组织部", "东湖区机关事务管理中心"]  # fmt: skip
    question = "临江市医院党委和生态环境局以及市委政研室、南岭职院、东湖区机关事务中心的要点"
    for dept in depts:
        ends = _name_ends(dept)
        for i, j in itertools.combinations(range(len(question) + 1), 2):
            span = question[i:j]
            if len(span) >= 3 and abbreviates(span, dept):
                assert span[-1] in ends, (span, dept)
    found = {m.department for m in department_mentions(question, depts)}
    assert {"市生态环境局", "临江市人民医院", "南岭职业技术学院"} <= found


def test_short_and_long_texts_normalise_alike() -> None:
    for text in ["  主題黨日 ", "“三会一课”", "ＡＢＣ１２３", "党" * 64, "黨" * 65 + " “x”"]:
        for drop in (True, False):
            assert normalize(text, drop_quotes=drop) == Normalized(text, drop_quotes=drop).text
