"""A question's phrase read in the corpus' spelling (``rag.typo``) and the guesses of a
yes/no question (``rag.framing``): pure functions, on texts written for this test."""

from __future__ import annotations

import pytest

from rag.framing import guessed_words, is_yes_no, said_by_guess, speaker_span
from rag.typo import Fix, correct_question, numeral_forms, one_off

# A small library's normalised text: terms that recur, and words a question may hold
# next to them.
TEXT = "\n".join(
    [
        "每月第一个周三为主题党日，主题党日活动与河长巡河相结合。",
        "严格落实“三会一课”制度，三会一课记录每季度检查一次。",
        "把学习总书记重要讲话作为第一议题，落实第一议题制度。",
        "深化两个维护教育，做到两个维护。党员入党纪念日当月过政治生日。",
        "推进书香机关建设，书香机关读书角每周开放。机关党建工作要点印发。",
        "做好四个意识教育。",
    ]
)
KNOWN = frozenset({"三会一课", "主题党日", "第一议题", "两个维护"})


def test_one_off_finds_the_strings_one_character_away() -> None:
    assert one_off("主题党曰", TEXT) == {"主题党日": 2}
    assert one_off("书香机光", TEXT, min_anchor=2) == {"书香机关": 2}
    assert not one_off("主题党日", TEXT)  # the same string is not one character away
    # keep_ends: the first and last characters must stay (a department's place and organ).
    assert one_off("水力局", "临江市水利局", keep_ends=True) == {"水利局": 1}
    assert not one_off("水利部", "临江市水利局", keep_ends=True)


def test_numeral_forms_read_lone_digits_as_chinese_numerals() -> None:
    assert numeral_forms("第1议题") == ["第一议题"]
    assert numeral_forms("3会1课") == ["三会一课"]
    assert set(numeral_forms("2个维护")) == {"二个维护", "两个维护"}
    # Figures and dates stay: several digits, a year, a percent, a decimal.
    assert numeral_forms("2024年") == []
    assert numeral_forms("完成40次") == []
    assert numeral_forms("占5%") == []


@pytest.mark.parametrize(
    ("question", "typed", "meant"),
    [
        ("主题党曰", "主题党曰", "主题党日"),
        ("政冶生日有哪些", "政冶生日", "政治生日"),
        ("书香机光？", "书香机光", "书香机关"),
        ("第1议题", "第1议题", "第一议题"),
        ("3会1课 出处", "3会1课", "三会一课"),
        ("2个维护相关表述", "2个维护", "两个维护"),
        ("4个意识", "4个意识", "四个意识"),
    ],
)
def test_a_phrase_one_character_off_or_with_digits_is_read_as_the_corpus_writes_it(
    question: str, typed: str, meant: str
) -> None:
    fixed, fixes = correct_question(question, TEXT, KNOWN)
    assert Fix(typed, meant) in fixes
    assert meant in fixed and typed not in fixed


@pytest.mark.parametrize(
    "question",
    [
        "机关党建要点有哪些重点任务",  # 要点 is a word: never rewritten to 工作
        "讲组织建设那部分",  # 讲 stands beside a word the text has: no slip
        "2024年主题党日安排",  # a year and a term the text holds
        "每年开展40次主题党日吗",  # a figure with its unit
        "主题党日",  # the text holds it as typed
        "宣传部的要点",  # no frequent n-gram one character off
    ],
)
def test_words_spelt_as_typed_are_left_alone(question: str) -> None:
    fixed, fixes = correct_question(question, TEXT, KNOWN)
    assert fixes == () and fixed == question


def test_a_place_name_the_corpus_lacks_is_not_a_slip() -> None:
    text = "与全县乡镇卫生院党支部结对共建。乡镇卫生院党支部每季度开展活动。"
    assert correct_question("白溪镇卫生院党支部搞了哪些工作", text, ())[1] == ()
    # The same slip at the end of a term is one (主题党曰 before a verb).
    assert correct_question("审计局主题党曰搞了几次", TEXT, KNOWN)[1] == (
        Fix("主题党曰", "主题党日"),
    )


def test_two_equally_frequent_spellings_correct_nothing() -> None:
    text = "开展党纪学习。开展党史学习。"
    assert correct_question("开展党课学习", text + text, ())[1] == ()


def test_yes_no_questions_set_their_guesses_apart() -> None:
    q = "是不是要求每年40次？还是50次？"
    assert is_yes_no(q)
    words = ["要求", "每年", "40次", "50次", "是不是", "还是"]
    assert guessed_words(q, words) == {"40次", "50次", "是不是", "还是"}
    assert guessed_words("统计局在考核中是不是第一名", ["统计局", "考核", "第一名"]) == {"第一名"}
    # Not a yes/no question: nothing is a guess.
    assert not is_yes_no("每年开展多少次主题党日")
    assert guessed_words("每年开展多少次主题党日", ["每年", "主题党日"]) == set()


def test_a_guessed_speaker_is_read_and_the_real_one_found() -> None:
    assert said_by_guess("这是自治区纪委书记说的吧？") == "自治区纪委书记"
    assert said_by_guess("会上讲话的是区委书记吧？") == "区委书记"
    assert said_by_guess("会上是谁讲话") is None
    speech = "在全县工作会议上的讲话\n\n县委副书记　赵某某\n\n（2024年3月1日）\n同志们："
    a, b = speaker_span(speech) or (0, 0)
    assert speech[a:b] == "县委副书记　赵某某"
    news = "县召开会议\n\n发布时间：2024-02-01\n\n会上，县长钱某出席会议并讲话。"
    a, b = speaker_span(news) or (0, 0)
    assert "县长钱某出席会议并讲话" in news[a:b]
    assert speaker_span("一、加强政治建设\n（一）落实制度。") is None


# A quoted two-character name whose slip is read alike with two quoted names, one of them
# only in a rare reading of a character: the usual reading decides. (tuned: 和/合/化, the
# failing kind; held out: 杭/航/行 and 重/众/冲, written after the rule.)
@pytest.mark.parametrize(
    ("text", "question", "meant"),
    [
        ("推行“双合”机制。实施“双化”工程。", "“双和”机制是什么", "双合"),
        ("开展“两行”活动，推进“两航”行动。", "“两杭”活动有哪些", "两航"),
        ("建立“双众”机制，开展“双冲”行动。", "“双重”机制怎么建", "双众"),
    ],
)
def test_a_quoted_slip_read_alike_with_two_names_takes_the_usual_reading(
    text: str, question: str, meant: str
) -> None:
    quoted = {m for m in ("双合", "双化", "两行", "两航", "双众", "双冲") if m in text}
    fixed, fixes = correct_question(question, text, (), (), quoted)
    assert [f.meant for f in fixes] == [meant], fixed


def test_a_quoted_slip_read_alike_in_usual_readings_with_two_names_is_left() -> None:
    # 合 and 荷 are both he, as 河 is: no reading tells which was meant, nothing is changed
    text = "推行“四合”机制。开展“四荷”活动。"
    assert correct_question("“四河”机制是什么", text, (), (), {"四合", "四荷"}) == (
        "“四河”机制是什么",
        (),
    )
